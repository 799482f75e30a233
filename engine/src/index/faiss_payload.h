// The check of FAISS's serialized bytes that runs before FAISS uses them.
//
// FAISS (1.7) trusts what it reads: a size field read from damaged bytes is
// allocated as given (up to 2^40 elements), a product-quantizer field can
// divide by zero, an odd sparse list table is read past its end, and graph
// links or list ids out of range crash a later search. So every byte FAISS
// reads through an EnvelopeReader is first handed to a FaissPayloadCheck,
// which parses the same fields in the same order (FAISS writes them raw, as
// its C++ types) and refuses, before FAISS sees a field, anything that
// parallax does not write or that does not fit the bytes left:
//
//   - vector indexes: the FAISS types that VectorIndex::Create accepts, and
//     only those: Flat ("IxFI"), HNSW over a flat storage ("IHNf"), IVF-Flat
//     ("IwFl"), IVF-PQ ("IwPQ") and PQ ("IxPq"), all inner-product; an IVF's
//     quantizer and an HNSW's storage must be flat inner-product indexes;
//   - binary indexes: the flat binary index ("IBxF").
//
// Every count (vectors, dimension, list sizes, graph levels and links, PQ
// sizes) is checked against the header's ntotal and d and against the
// payload's length before FAISS allocates for it; link targets and list ids
// must be rows of the index. A refusal is Corruption naming the field.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parallax/status.h"

namespace parallax::index_internal {

enum class FaissKind { kVector, kBinary };

class FaissPayloadCheck {
 public:
  // `size`: the most bytes the FAISS data may take (what is left of the
  // payload); `what` starts every message ("serialized vector index").
  FaissPayloadCheck(FaissKind kind, uint64_t size, std::string_view what);
  ~FaissPayloadCheck();
  FaissPayloadCheck(const FaissPayloadCheck&) = delete;
  FaissPayloadCheck& operator=(const FaissPayloadCheck&) = delete;

  // Checks the next bytes FAISS reads, in any pieces. Corruption (the same
  // status on every later call) once they break a rule.
  Status Feed(std::string_view bytes);
  // Ok once exactly one whole index was fed.
  Status Finish() const;

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

// The check of a whole FAISS payload held in memory.
Status CheckFaissPayload(FaissKind kind, std::string_view bytes, std::string_view what);

}  // namespace parallax::index_internal
