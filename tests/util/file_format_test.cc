#include "parallax/file_format.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "parallax/bytes.h"
#include "parallax/status.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kArts = FourCC("ARTS");
constexpr uint32_t kModl = FourCC("MODL");

static_assert(FourCC("ARTS") == 0x53545241u, "first character in the low byte");

// A fresh directory per test, removed afterwards.
class FileFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("parallax_ff_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string ReadRaw(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void WriteRaw(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  fs::path dir_;
};

std::string SamplePayload() {
  std::string payload;
  for (int i = 0; i < 1000; ++i) payload.push_back(static_cast<char>(i * 7));
  return payload;
}

void ExpectCorruption(const StatusOr<StoredFile>& r, const std::string& needle, const fs::path& path) {
  ASSERT_FALSE(r.ok()) << "expected corruption mentioning '" << needle << "'";
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(path.string()), std::string::npos) << r.status().message();
}

TEST(FourCCTest, RendersKinds) {
  EXPECT_EQ(FourCCToString(FourCC("VIDX")), "VIDX");
  EXPECT_EQ(FourCCToString(0x01020304u), "0x01020304");
}

TEST_F(FileFormatTest, RoundTrip) {
  const fs::path path = dir_ / "articles.bin";
  const std::string payload = SamplePayload();
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 3, payload).ok());
  EXPECT_EQ(fs::file_size(path), kFileHeaderSize + payload.size());

  auto r = ReadCheckedFile(path, kArts, 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3u);
  EXPECT_EQ(r->payload, payload);

  // Older formats are readable by a newer build.
  auto newer_reader = ReadCheckedFile(path, kArts, 7);
  ASSERT_TRUE(newer_reader.ok());
  EXPECT_EQ(newer_reader->version, 3u);
}

TEST_F(FileFormatTest, HeaderLayout) {
  const fs::path path = dir_ / "h.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 2, "abc").ok());
  const std::string raw = ReadRaw(path);
  ASSERT_EQ(raw.size(), 35u);
  EXPECT_EQ(raw.substr(0, 8), "PARALLAX");
  EXPECT_EQ(raw.substr(8, 4), "ARTS");
  ByteReader r(std::string_view(raw).substr(12));
  uint32_t version, payload_crc, header_crc;
  uint64_t size;
  ASSERT_TRUE(r.GetU32(&version).ok());
  ASSERT_TRUE(r.GetU64(&size).ok());
  ASSERT_TRUE(r.GetU32(&payload_crc).ok());
  ASSERT_TRUE(r.GetU32(&header_crc).ok());
  EXPECT_EQ(version, 2u);
  EXPECT_EQ(size, 3u);
  EXPECT_EQ(payload_crc, Crc32c("abc"));
  EXPECT_EQ(header_crc, Crc32c(std::string_view(raw).substr(0, 28)));
  EXPECT_EQ(raw.substr(32), "abc");
}

TEST_F(FileFormatTest, EmptyPayloadRoundTrips) {
  const fs::path path = dir_ / "empty.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kModl, 1, "").ok());
  auto r = ReadCheckedFile(path, kModl, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->payload.empty());
}

TEST_F(FileFormatTest, OverwritesAndLeavesNoTempFile) {
  const fs::path path = dir_ / "a.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, "first version").ok());
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, "second").ok());
  auto r = ReadCheckedFile(path, kArts, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->payload, "second");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "a.bin");
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(FileFormatTest, TextFileIsWrittenVerbatimAndAtomically) {
  const fs::path path = dir_ / "manifest.json";
  ASSERT_TRUE(WriteTextFileAtomic(path, "{\"old\": true}\n").ok());
  ASSERT_TRUE(WriteTextFileAtomic(path, "{\"articles\": 3}\n").ok());
  EXPECT_EQ(ReadRaw(path), "{\"articles\": 3}\n");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "manifest.json");
  }
  EXPECT_EQ(entries, 1);
  // Without a header it is not a parallax file.
  EXPECT_EQ(ReadCheckedFile(path, kArts, 1).status().code(), StatusCode::kCorruption);
}

TEST_F(FileFormatTest, WriteIntoMissingDirectoryIsIOError) {
  const fs::path path = dir_ / "no_such_dir" / "a.bin";
  const Status st = WriteFileAtomic(path, kArts, 1, "x");
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_NE(st.message().find(path.string()), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("No such file"), std::string::npos) << st.message();
}

TEST_F(FileFormatTest, FailedRenameLeavesNoTempFile) {
  // A non-empty directory in the way makes the final rename fail.
  const fs::path path = dir_ / "blocked";
  fs::create_directories(path / "inside");
  const Status st = WriteFileAtomic(path, kArts, 1, "payload");
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_NE(st.message().find(path.string()), std::string::npos) << st.message();
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "blocked");
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(FileFormatTest, FlippedPayloadByteIsChecksumMismatch) {
  const fs::path path = dir_ / "a.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, SamplePayload()).ok());
  std::string raw = ReadRaw(path);
  raw[kFileHeaderSize + 500] ^= 0x01;
  WriteRaw(path, raw);
  auto r = ReadCheckedFile(path, kArts, 1);
  ExpectCorruption(r, "checksum mismatch", path);
  EXPECT_NE(r.status().message().find("damaged"), std::string::npos);
}

TEST_F(FileFormatTest, FlippedHeaderByteIsDetected) {
  const fs::path path = dir_ / "a.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, SamplePayload()).ok());
  std::string raw = ReadRaw(path);
  raw[17] ^= 0x40;  // inside payload_size
  WriteRaw(path, raw);
  ExpectCorruption(ReadCheckedFile(path, kArts, 1), "header checksum", path);
}

TEST_F(FileFormatTest, TruncationAtAnyLengthIsCorruption) {
  const fs::path path = dir_ / "a.bin";
  const std::string payload = "0123456789abcdefghij";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, payload).ok());
  const std::string raw = ReadRaw(path);
  const fs::path cut = dir_ / "cut.bin";
  for (size_t len = 0; len < raw.size(); ++len) {
    WriteRaw(cut, raw.substr(0, len));
    auto r = ReadCheckedFile(cut, kArts, 1);
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << len << ": " << r.status().ToString();
    if (len < kFileHeaderSize) {
      EXPECT_NE(r.status().message().find("too short"), std::string::npos) << r.status().message();
    } else {
      EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().message();
    }
  }
}

TEST_F(FileFormatTest, TrailingBytesAreCorruption) {
  const fs::path path = dir_ / "a.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, "payload").ok());
  WriteRaw(path, ReadRaw(path) + "junk");
  ExpectCorruption(ReadCheckedFile(path, kArts, 1), "trailing", path);
}

TEST_F(FileFormatTest, WrongKindNamesBothKinds) {
  const fs::path path = dir_ / "model.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kModl, 1, "weights").ok());
  ExpectCorruption(ReadCheckedFile(path, kArts, 1), "is a MODL file, expected ARTS", path);
}

TEST_F(FileFormatTest, NewerVersionAsksForUpgrade) {
  const fs::path path = dir_ / "a.bin";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 5, "future").ok());
  auto r = ReadCheckedFile(path, kArts, 4);
  ExpectCorruption(r, "written by a newer parallax (format 5, this build reads up to 4): upgrade parallax",
                   path);
}

TEST_F(FileFormatTest, ForeignFileIsNotAParallaxFile) {
  const fs::path path = dir_ / "notes.txt";
  WriteRaw(path, "This is just a text file, long enough to hold a header.\n");
  ExpectCorruption(ReadCheckedFile(path, kArts, 1), "not a parallax file", path);
}

TEST_F(FileFormatTest, MissingFileIsNotFound) {
  const fs::path path = dir_ / "missing.bin";
  auto r = ReadCheckedFile(path, kArts, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(path.string()), std::string::npos);
}

TEST_F(FileFormatTest, DirectoryIsIOError) {
  auto r = ReadCheckedFile(dir_, kArts, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
}

}  // namespace
TEST_F(FileFormatTest, StreamedFileReadsAsOneAndInPieces) {
  const fs::path path = dir_ / "a.plx";
  const std::string payload = SamplePayload();
  auto writer = FileWriter::Create(path, kArts, 2);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t at = 0; at < payload.size(); at += 97) {
    ASSERT_TRUE(writer->Append(std::string_view(payload).substr(at, 97)).ok());
  }
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(fs::file_size(path), kFileHeaderSize + payload.size());
  EXPECT_FALSE(fs::exists(path.string() + ".tmp." + std::to_string(::getpid())));

  auto whole = ReadCheckedFile(path, kArts, 2);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->payload, payload);
  EXPECT_EQ(whole->version, 2u);

  auto reader = FileReader::Open(path, kArts, 2);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->payload_size(), payload.size());
  std::string first(300, '\0'), rest(payload.size() - 300, '\0');
  ASSERT_TRUE(reader->Read(first.data(), first.size()).ok());
  ASSERT_TRUE(reader->Read(rest.data(), rest.size()).ok());
  EXPECT_EQ(first + rest, payload);
  EXPECT_TRUE(reader->Finish().ok());
}

TEST_F(FileFormatTest, StreamedFileIsByteIdenticalToAWholeWrite) {
  const std::string payload = SamplePayload();
  ASSERT_TRUE(WriteFileAtomic(dir_ / "whole.plx", kArts, 1, payload).ok());
  auto writer = FileWriter::Create(dir_ / "streamed.plx", kArts, 1);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Append(std::string_view(payload).substr(0, 10)).ok());
  ASSERT_TRUE(writer->Append(std::string_view(payload).substr(10)).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(ReadRaw(dir_ / "streamed.plx"), ReadRaw(dir_ / "whole.plx"));
}

TEST_F(FileFormatTest, UncommittedStreamLeavesThePreviousFile) {
  const fs::path path = dir_ / "a.plx";
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, "old").ok());
  {
    auto writer = FileWriter::Create(path, kArts, 1);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->Append("new, never committed").ok());
  }
  auto r = ReadCheckedFile(path, kArts, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->payload, "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "temporary file left";
}

TEST_F(FileFormatTest, StreamedReadDetectsADamagedMiddleByteAtFinish) {
  const fs::path path = dir_ / "a.plx";
  const std::string payload = SamplePayload();
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, payload).ok());
  std::string raw = ReadRaw(path);
  raw[kFileHeaderSize + payload.size() / 2] ^= 0x40;
  WriteRaw(path, raw);
  auto reader = FileReader::Open(path, kArts, 1);
  ASSERT_TRUE(reader.ok()) << "the header is intact";
  std::string got(payload.size(), '\0');
  ASSERT_TRUE(reader->Read(got.data(), got.size()).ok());
  const Status st = reader->Finish();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("checksum mismatch"), std::string::npos) << st.message();
}

TEST_F(FileFormatTest, StreamedReadRefusesTruncationAndUnreadBytes) {
  const fs::path path = dir_ / "a.plx";
  const std::string payload = SamplePayload();
  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, payload).ok());
  WriteRaw(path, ReadRaw(path).substr(0, kFileHeaderSize + payload.size() - 1));
  auto truncated = FileReader::Open(path, kArts, 1);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos) << truncated.status().message();

  ASSERT_TRUE(WriteFileAtomic(path, kArts, 1, payload).ok());
  auto reader = FileReader::Open(path, kArts, 1);
  ASSERT_TRUE(reader.ok());
  std::string most(payload.size() - 1, '\0');
  ASSERT_TRUE(reader->Read(most.data(), most.size()).ok());
  char two[2];
  EXPECT_EQ(reader->Read(two, 2).code(), StatusCode::kCorruption) << "reading past the payload";
  EXPECT_EQ(reader->Finish().code(), StatusCode::kCorruption) << "a payload byte was left unread";
}

}  // namespace parallax
