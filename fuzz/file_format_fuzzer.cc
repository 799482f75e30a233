// The stored-file envelope (util/file_format.cc): ReadCheckedFile and the
// streaming FileReader on a file of the input's bytes. The first input byte
// picks how much of the header the harness repairs, so that the checks past
// each checksum are reached too:
//   bits 0-1: 0 as given; 1 header CRC fixed; 2 header CRC, payload size and
//             payload CRC fixed (only kind and version left to the input)
//   bits 2-3: the highest format version the reader accepts (1..4)
//   bits 4-7: the piece size FileReader reads with (1, 2, 4 ... 32768 bytes)
#include <string>

#include "fuzz_util.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"

namespace {

using namespace parallax;

void PutU32At(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>(v >> (8 * i));
}

uint32_t U32At(const std::string& s, size_t at) {
  uint32_t v = 0;
  (void)ByteReader(std::string_view(s).substr(at, 4)).GetU32(&v);
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string file(fuzz::Bytes(data + 1, size - 1));
  const int repair = mode & 3;
  const uint32_t max_version = 1 + ((mode >> 2) & 3);
  const size_t piece = size_t{1} << (mode >> 4);
  if (repair == 2 && file.size() >= kFileHeaderSize) {
    const std::string_view payload = std::string_view(file).substr(kFileHeaderSize);
    ByteWriter w;
    w.PutU64(payload.size());
    file.replace(16, 8, w.data());
    PutU32At(&file, 24, Crc32c(payload));
  }
  if (repair >= 1 && file.size() >= kFileHeaderSize) PutU32At(&file, 28, Crc32c(std::string_view(file).substr(0, 28)));
  // The kind the reader expects: the file's own (when it has one), so that
  // the checks after the kind's are reached.
  const uint32_t kind = file.size() >= 12 ? U32At(file, 8) : FourCC("ARTS");

  const std::filesystem::path path = fuzz::WorkDir() / "file.plx";
  fuzz::WriteFile(path, file);
  auto whole = ReadCheckedFile(path, kind, max_version);
  if (whole.ok()) {
    PARALLAX_FUZZ_CHECK(whole->version <= max_version);
    PARALLAX_FUZZ_CHECK(file.size() == kFileHeaderSize + whole->payload.size());
    PARALLAX_FUZZ_CHECK(whole->payload == std::string_view(file).substr(kFileHeaderSize));
  }

  auto reader = FileReader::Open(path, kind, max_version);
  if (!reader.ok()) {
    PARALLAX_FUZZ_CHECK(!whole.ok());
    return 0;
  }
  std::string payload, chunk;
  Status st;
  while (st.ok() && reader->remaining() > 0) {
    chunk.resize(std::min<uint64_t>(piece, reader->remaining()));
    st = reader->Read(chunk.data(), chunk.size());
    if (st.ok()) payload += chunk;
  }
  if (st.ok()) st = reader->Finish();
  PARALLAX_FUZZ_CHECK(st.ok() == whole.ok());  // streaming and whole reads agree
  if (st.ok()) PARALLAX_FUZZ_CHECK(payload == whole->payload);
  return 0;
}
