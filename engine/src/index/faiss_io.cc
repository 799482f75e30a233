#include "index/faiss_io.h"

#include <algorithm>
#include <cstring>

namespace parallax::index_internal {

namespace {
constexpr size_t kTrailerSize = 12;  // u64 length + u32 crc
}  // namespace

size_t StringIOWriter::operator()(const void* ptr, size_t size, size_t nitems) {
  out->append(static_cast<const char*>(ptr), size * nitems);
  return nitems;
}

size_t ViewIOReader::operator()(void* ptr, size_t size, size_t nitems) {
  if (size == 0 || nitems == 0) return 0;
  // Whole items only, as fread does; never read past the view.
  const size_t items = std::min(nitems, (data.size() - pos) / size);
  if (items > 0) std::memcpy(ptr, data.data() + pos, items * size);
  pos += items * size;
  return items;
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

void AppendEnvelopeTrailer(std::string* out, size_t body_start) {
  const uint64_t body_size = out->size() - body_start;
  ByteWriter w(std::move(*out));
  w.PutU64(body_size);
  w.PutU32(Crc32c(w.data()));
  *out = w.Release();
}

Status OpenEnvelope(std::string_view bytes, std::string_view what, std::string_view* content,
                    uint64_t* body_size) {
  if (bytes.size() < kTrailerSize) return Status::Corruption("truncated " + std::string(what));
  ByteReader trailer(bytes.substr(bytes.size() - kTrailerSize));
  uint32_t crc = 0;
  PARALLAX_RETURN_IF_ERROR(trailer.GetU64(body_size));
  PARALLAX_RETURN_IF_ERROR(trailer.GetU32(&crc));
  if (Crc32c(bytes.substr(0, bytes.size() - 4)) != crc) {
    return Status::Corruption(std::string(what) +
                              ": checksum mismatch: it is truncated or damaged");
  }
  *content = bytes.substr(0, bytes.size() - kTrailerSize);
  return Status::Ok();
}

Status TakeBody(ByteReader* r, uint64_t body_size, std::string_view what, std::string_view* body) {
  if (r->remaining() != body_size) {
    return Status::Corruption(std::string(what) + " has " + std::to_string(r->remaining()) +
                              " bytes of FAISS data, expected " + std::to_string(body_size));
  }
  return r->GetView(r->remaining(), body);
}

}  // namespace parallax::index_internal
