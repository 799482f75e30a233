// Helpers shared by the FAISS-backed indexes: in-memory FAISS IO without extra
// copies, readable FAISS error messages, and the checksummed envelope that
// wraps FAISS's serialized bytes.
#pragma once

#include <faiss/impl/io.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "parallax/bytes.h"
#include "parallax/status.h"

namespace parallax::index_internal {

// Appends what FAISS writes to a std::string.
struct StringIOWriter : faiss::IOWriter {
  explicit StringIOWriter(std::string* o) : out(o) { name = "memory"; }
  size_t operator()(const void* ptr, size_t size, size_t nitems) override;
  std::string* out;
};

// Lets FAISS read from a view. A short read makes FAISS throw.
struct ViewIOReader : faiss::IOReader {
  explicit ViewIOReader(std::string_view d) : data(d) { name = "memory"; }
  size_t operator()(void* ptr, size_t size, size_t nitems) override;
  std::string_view data;
  size_t pos = 0;
};

// FAISS messages read "Error in <signature> at <file>:<line>: <text>"; keeps
// <text>, which is what a user can act on.
std::string FaissMessage(const std::exception& e);

// Envelope layout: <head written by the caller> <FAISS bytes>
// <u64 FAISS byte count> <u32 crc32c of everything before it>. The trailer
// lets FAISS write straight into the output string. The checksum matters:
// FAISS trusts its input, and a damaged graph link or list id could crash a
// search.
void AppendEnvelopeTrailer(std::string* out, size_t body_start);

// Verifies the trailer of `bytes`. On success `*content` is head + FAISS
// bytes and `*body_size` the FAISS byte count, for the caller to check once
// it has parsed its head.
Status OpenEnvelope(std::string_view bytes, std::string_view what, std::string_view* content,
                    uint64_t* body_size);

// Splits the FAISS bytes off what remains in `r` (positioned after the head).
Status TakeBody(ByteReader* r, uint64_t body_size, std::string_view what, std::string_view* body);

}  // namespace parallax::index_internal
