#include "index/faiss_io.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

namespace parallax::index_internal {

namespace {
constexpr size_t kTrailerSize = kEnvelopeTrailerSize;
}  // namespace

Status EnvelopeWriter::Put(std::string_view bytes) {
  if (!status_.ok()) return status_;
  status_ = sink_(bytes);
  size_ += bytes.size();
  crc_ = Crc32c(bytes, crc_);
  return status_;
}

size_t EnvelopeWriter::operator()(const void* ptr, size_t size, size_t nitems) {
  return Put(std::string_view(static_cast<const char*>(ptr), size * nitems)).ok() ? nitems : 0;
}

Status EnvelopeWriter::Finish() {
  ByteWriter trailer;
  trailer.PutU64(size_ - body_start_);
  PARALLAX_RETURN_IF_ERROR(Put(trailer.data()));
  trailer.data().clear();
  trailer.PutU32(crc_);
  return Put(trailer.data());
}

Status EnvelopeReader::Get(void* out, size_t n) {
  if (!status_.ok()) return status_;
  status_ = source_(out, n);
  if (!status_.ok()) return status_;
  size_ += n;
  crc_ = Crc32c(std::string_view(static_cast<const char*>(out), n), crc_);
  return status_;
}

Status EnvelopeReader::GetU32(uint32_t* v) {
  char bytes[4];
  PARALLAX_RETURN_IF_ERROR(Get(bytes, sizeof bytes));
  return ByteReader(std::string_view(bytes, sizeof bytes)).GetU32(v);
}

Status EnvelopeReader::GetVarint32(uint32_t* v) {
  char bytes[5];
  for (size_t n = 0; n < sizeof bytes; ++n) {
    PARALLAX_RETURN_IF_ERROR(Get(&bytes[n], 1));
    if ((static_cast<uint8_t>(bytes[n]) & 0x80) == 0) return ByteReader(std::string_view(bytes, n + 1)).GetVarint32(v);
  }
  return Status::Corruption("varint too long in " + what_);
}

Status EnvelopeReader::GetString(std::string* s, size_t max_len) {
  uint32_t size = 0;
  PARALLAX_RETURN_IF_ERROR(GetVarint32(&size));
  if (size > max_len) return Status::Corruption("string of " + std::to_string(size) + " bytes in " + what_);
  s->resize(size);
  return Get(s->data(), size);
}

size_t EnvelopeReader::operator()(void* ptr, size_t size, size_t nitems) {
  if (size == 0 || nitems == 0) return 0;
  if (!status_.ok()) return 0;
  if (nitems > SIZE_MAX / size) {
    status_ = Status::Corruption("FAISS asks for an impossible size in " + what_);
    return 0;
  }
  if (!Get(ptr, size * nitems).ok()) return 0;
  if (check_ != nullptr) {
    status_ = check_->Feed(std::string_view(static_cast<const char*>(ptr), size * nitems));
    if (!status_.ok()) return 0;
  }
  return nitems;
}

StatusOr<uint64_t> FaissBodyLimit(uint64_t limit, uint64_t head, std::string_view what) {
  if (limit < head || limit - head < kTrailerSize) return Status::Corruption("truncated " + std::string(what));
  return limit - head - kTrailerSize;
}

Status EnvelopeReader::Finish() {
  const uint64_t body = size_ - body_start_;
  const uint32_t crc = crc_;
  char bytes[kTrailerSize];
  PARALLAX_RETURN_IF_ERROR(Get(bytes, sizeof bytes));
  ByteReader trailer(std::string_view(bytes, sizeof bytes));
  uint64_t body_size = 0;
  uint32_t stored_crc = 0;
  PARALLAX_RETURN_IF_ERROR(trailer.GetU64(&body_size));
  // The stored CRC covers everything before it, the body size included.
  const uint32_t crc_with_size = Crc32c(std::string_view(bytes, 8), crc);
  PARALLAX_RETURN_IF_ERROR(trailer.GetU32(&stored_crc));
  if (body_size != body) {
    return Status::Corruption(what_ + " has " + std::to_string(body_size) + " bytes of FAISS data, FAISS read " +
                              std::to_string(body));
  }
  if (stored_crc != crc_with_size) return Status::Corruption(what_ + ": checksum mismatch: it is truncated or damaged");
  return Status::Ok();
}

Status CheckEnvelope(std::string_view bytes, std::string_view what) {
  if (bytes.size() < kTrailerSize) return Status::Corruption("truncated " + std::string(what));
  uint32_t crc = 0;
  PARALLAX_RETURN_IF_ERROR(ByteReader(bytes.substr(bytes.size() - 4)).GetU32(&crc));
  if (Crc32c(bytes.substr(0, bytes.size() - 4)) != crc) {
    return Status::Corruption(std::string(what) + ": checksum mismatch: it is truncated or damaged");
  }
  return Status::Ok();
}

ByteSource ViewSource(std::string_view bytes, std::string_view what) {
  auto pos = std::make_shared<size_t>(0);
  return [bytes, pos, what = std::string(what)](void* out, size_t n) -> Status {
    if (n > bytes.size() - *pos) return Status::Corruption("truncated " + what);
    std::memcpy(out, bytes.data() + *pos, n);
    *pos += n;
    return Status::Ok();
  };
}

std::string FaissMessage(const std::exception& e) {
  std::string msg = e.what();
  if (msg.rfind("Error in ", 0) == 0) {
    // The signature may itself contain ": ", so anchor on " at <file>:<line>: ".
    const size_t at = msg.rfind(" at ");
    if (at != std::string::npos) {
      const size_t colon = msg.find(": ", at);
      if (colon != std::string::npos) msg = msg.substr(colon + 2);
    }
  }
  return msg;
}

}  // namespace parallax::index_internal
