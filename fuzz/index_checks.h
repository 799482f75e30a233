// The FAISS-backed indexes' harnesses: an input is the payload of a
// .faiss.plx file (the envelope: head, FAISS data, trailer). The envelope's
// checksum would refuse almost every mutation before FAISS's data is looked
// at, so the harness seals the data again (trailer length and CRC-32C made
// to fit) when the head reads: the FAISS data itself is what gets fuzzed,
// as a damaged file whose checksums were forged would present it.
#pragma once

#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "index/faiss_io.h"
#include "parallax/bytes.h"

namespace parallax::fuzz {

// `input` with its trailer (the last 12 bytes, when present after the head)
// made to fit the FAISS data between head and trailer; as given when its head
// (read by `read_head`, which returns the head's size or 0) does not read.
template <class ReadHead>
std::string Reseal(std::string_view input, ReadHead&& read_head) {
  const size_t head = read_head(input);
  if (head == 0 || input.size() < head + index_internal::kEnvelopeTrailerSize) return std::string(input);
  const std::string_view body = input.substr(head, input.size() - head - index_internal::kEnvelopeTrailerSize);
  std::string out;
  index_internal::EnvelopeWriter writer([&out](std::string_view bytes) {
    out.append(bytes);
    return Status::Ok();
  });
  PARALLAX_FUZZ_CHECK(writer.Put(input.substr(0, head)).ok());
  writer.StartBody();
  PARALLAX_FUZZ_CHECK(writer.Put(body).ok());
  PARALLAX_FUZZ_CHECK(writer.Finish().ok());
  return out;
}

}  // namespace parallax::fuzz
