// Helpers shared by the FAISS-backed indexes: the checksummed envelope that
// wraps FAISS's serialized bytes, written to a sink and read from a source as
// they stream (FAISS's IOWriter/IOReader), and readable FAISS error messages.
//
// Envelope layout: <head> <FAISS bytes> <u64 FAISS byte count> <u32 crc32c of
// everything before it>. The trailer lets FAISS write straight to the sink.
// The checksum matters: FAISS trusts its input, and a damaged graph link or
// list id could crash a search.
#pragma once

#include <faiss/impl/io.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "index/faiss_payload.h"
#include "parallax/bytes.h"
#include "parallax/status.h"

namespace parallax::index_internal {

// Writes an envelope: Put() the head, StartBody(), let FAISS write through
// this writer, then Finish() appends the trailer.
class EnvelopeWriter : public faiss::IOWriter {
 public:
  explicit EnvelopeWriter(const ByteSink& sink) : sink_(sink) { name = "parallax envelope"; }
  Status Put(std::string_view bytes);
  void StartBody() { body_start_ = size_; }
  // For FAISS: a failed sink makes it write nothing, so FAISS throws; status()
  // then says why.
  size_t operator()(const void* ptr, size_t size, size_t nitems) override;
  Status Finish();
  const Status& status() const { return status_; }

 private:
  ByteSink sink_;
  Status status_;
  uint64_t size_ = 0, body_start_ = 0;
  uint32_t crc_ = 0;
};

// Reads an envelope: Get*() the head, StartBody(), let FAISS read through this
// reader, then Finish() checks the trailer: FAISS read exactly the body, and
// the checksum holds. The checksum is known only at the end, so the bytes must
// already be trusted (a file checksum verified before, or the whole envelope
// checked with CheckEnvelope) before FAISS reads them; and since FAISS trusts
// its input, a FaissPayloadCheck given to SetCheck sees every byte FAISS reads
// before FAISS does, and refuses what parallax would not have written.
class EnvelopeReader : public faiss::IOReader {
 public:
  EnvelopeReader(const ByteSource& source, std::string_view what) : source_(source), what_(what) {
    name = "parallax envelope";
  }
  Status Get(void* out, size_t n);
  Status GetU32(uint32_t* v);
  Status GetVarint32(uint32_t* v);
  Status GetString(std::string* s, size_t max_len);
  void StartBody() { body_start_ = size_; }
  // The check that sees FAISS's reads (none: unchecked); it must outlive them.
  void SetCheck(FaissPayloadCheck* check) { check_ = check; }
  // For FAISS: whole items only, as fread; a failed source or check makes
  // FAISS throw, and status() says why.
  size_t operator()(void* ptr, size_t size, size_t nitems) override;
  Status Finish();
  const Status& status() const { return status_; }
  uint64_t size() const { return size_; }  // bytes read so far

 private:
  ByteSource source_;
  std::string what_;
  Status status_;
  FaissPayloadCheck* check_ = nullptr;
  uint64_t size_ = 0, body_start_ = 0;
  uint32_t crc_ = 0;
};

// The envelope's trailer: u64 FAISS byte count, u32 crc32c.
inline constexpr size_t kEnvelopeTrailerSize = 12;

// The check of the FAISS data of an envelope of `limit` bytes whose head took
// `head` of them; Corruption when there is no room for the trailer.
StatusOr<uint64_t> FaissBodyLimit(uint64_t limit, uint64_t head, std::string_view what);

// Checks the trailer's checksum of a whole envelope held in memory, so that
// FAISS never reads damaged bytes.
Status CheckEnvelope(std::string_view bytes, std::string_view what);

// A source over bytes in memory.
ByteSource ViewSource(std::string_view bytes, std::string_view what);

// An index's whole envelope in memory, through the streaming
// index.Serialize(sink). Every index Create can build is serializable, so a
// failure is out-of-memory at worst; it gives an empty string, which
// Deserialize rejects as Corruption.
template <class Index>
std::string SerializeWhole(const Index& index) {
  std::string out;
  const Status st = index.Serialize([&out](std::string_view bytes) {
    out.append(bytes);
    return Status::Ok();
  });
  return st.ok() ? out : std::string();
}

// An index from a whole envelope held in memory, through the streaming
// Index::Deserialize(source, limit, &bytes_read): the magic and the checksum
// are checked first (FAISS trusts its input), then the FAISS data between the
// head (`head_size` bytes as read by head_size(bytes), 0 when it does not
// read) and the trailer is checked whole, before FAISS starts (FAISS leaks
// what it built when a read fails part way, and the streaming check can only
// stop it part way), then that nothing trails it.
template <class Index, class HeadSize>
StatusOr<Index> DeserializeWhole(std::string_view bytes, uint32_t magic, std::string_view what, FaissKind kind,
                                 HeadSize&& head_size) {
  uint32_t found = 0;
  if (!ByteReader(bytes).GetU32(&found).ok() || found != magic) return Status::Corruption("not a " + std::string(what));
  PARALLAX_RETURN_IF_ERROR(CheckEnvelope(bytes, what));
  if (const size_t head = head_size(bytes); head > 0 && head + kEnvelopeTrailerSize <= bytes.size()) {
    PARALLAX_RETURN_IF_ERROR(
        CheckFaissPayload(kind, bytes.substr(head, bytes.size() - head - kEnvelopeTrailerSize), what));
  }
  uint64_t read = 0;
  auto index = Index::Deserialize(ViewSource(bytes, what), bytes.size(), &read);
  if (index.ok() && read != bytes.size()) return Status::Corruption("trailing bytes after a " + std::string(what));
  return index;
}

// FAISS messages read "Error in <signature> at <file>:<line>: <text>"; keeps
// <text>, which is what a user can act on.
std::string FaissMessage(const std::exception& e);

}  // namespace parallax::index_internal
