// Nearest-neighbour indexes over article vectors, backed by FAISS. FAISS stays
// behind this header (pImpl): only the index stage includes or links it, and
// no FAISS exception ever leaves the stage.
//
// Thread safety: const methods (Search, Serialize, accessors) may run
// concurrently; Add and SetSearchBreadth need exclusive access.
// A moved-from index may only be destroyed or assigned to.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/bytes.h"
#include "parallax/status.h"

namespace parallax {

// The index kinds parallax supports for articles, parsed from their FAISS
// description: "Flat" (exact); "HNSW<M>" (a graph of M links a vector,
// M from kMinHnswLinks to kMaxHnswLinks); "IVF<lists>,Flat",
// "IVF<lists>,PQ<m>" and "PQ<m>" (lists from 1 to kMaxIvfLists; m
// sub-quantizers, which must divide the dimension; "PQ<m>x<bits>" for codes
// of 1 to 16 bits, 8 by default).
struct IndexKind {
  static constexpr int kMinHnswLinks = 4;
  static constexpr int kMaxHnswLinks = 128;
  static constexpr int64_t kMaxIvfLists = 65536;
  int hnsw_links = 0;   // HNSW: M
  int64_t lists = 0;    // IVF: nlist
  int pq_codes = 0;     // PQ: m
  int pq_bits = 0;      // PQ: bits a code
  // The fewest vectors its first batch needs to train: a list's centroid
  // each, and 2^bits for PQ's codebooks; 1 for kinds that need no training.
  int64_t min_first_batch = 1;
};
// InvalidArgument naming what is wrong ("lists: 999999999 is over 65536") and
// the valid forms, for anything else.
StatusOr<IndexKind> ParseIndexKind(std::string_view factory, int dim);

// Inner-product index over L2-normalised float vectors (so scores are cosines).
// The caller normalises; the index does not check norms.
class VectorIndex {
 public:
  static constexpr const char* kDefaultFactory = "Flat";
  // Breadth applied at creation: FAISS's own defaults (nprobe 1, efSearch 16)
  // trade away too much recall for text matching.
  static constexpr int kDefaultSearchBreadth = 64;

  // `factory`: a FAISS index_factory description: "Flat" (exact, the default),
  // "HNSW32", "IVF1024,Flat", "IVF256,PQ32"... InvalidArgument (with the FAISS
  // message and a hint listing valid examples) if FAISS rejects it, if it does
  // not support inner product, if it is not a kind parallax can store and
  // check when reading it back (Flat, HNSW<M>, IVF<n>,Flat, IVF<n>,PQ<m>,
  // PQ<m>), or if dim <= 0; also, before FAISS allocates anything, if it asks
  // for more than IndexKind's limits of IVF lists or HNSW links.
  static StatusOr<VectorIndex> Create(int dim, const std::string& factory = kDefaultFactory);
  // Corruption on a damaged or foreign byte string, or any FAISS read error.
  static StatusOr<VectorIndex> Deserialize(std::string_view bytes);
  // The same, streamed from `source`, so that the bytes never exist whole in
  // memory; `limit`: the most bytes the serialized index may take (a file's
  // payload size), which every size read is checked against before anything
  // is allocated for it; `*bytes_read` (if given) is how many it took. The
  // checksum is only known at the end: give only bytes whose integrity is
  // already checked (a file checksum verified beforehand). FAISS trusts its
  // input, so its data is checked as it reads it: only the FAISS index types
  // Create makes, with sizes that agree with each other and with `limit`,
  // links and ids within the index (Corruption otherwise).
  static StatusOr<VectorIndex> Deserialize(const ByteSource& source, uint64_t limit, uint64_t* bytes_read = nullptr);
  // Factory string, search breadth and the FAISS index, checksummed.
  std::string Serialize() const;
  // The same bytes, streamed to `sink` (the FAISS data as FAISS writes it).
  Status Serialize(const ByteSink& sink) const;

  int dim() const;
  int64_t size() const;
  const std::string& factory() const;

  // Adds n row-major vectors (component j of vector i is x[i*dim + j]); ids
  // are assigned 0,1,2... in add order. An index that needs training (IVF, PQ)
  // is trained on the first batch added; too few vectors for it ->
  // InvalidArgument saying how many are needed and suggesting "Flat" or
  // "HNSW32" (nothing is added then). Non-finite components -> InvalidArgument.
  Status Add(int64_t n, const float* x);
  // Writes rows first..first+count-1 of a batch to `out`, row-major; a
  // failure it returns ends the Add (nothing is added then).
  using RowFill = std::function<Status(int64_t first, int64_t count, float* out)>;
  // Adds n vectors that `fill` writes on demand, as Add above. An index that
  // keeps its vectors in one array and needs no training (Flat) makes room
  // for all of them once and takes them in blocks, so that the batch never
  // exists whole as floats beside it; others take the whole batch at once.
  // On error nothing is added.
  Status Add(int64_t n, const RowFill& fill);

  // For query i, labels[i*k+j] is the j-th most similar id (-1 when fewer than
  // k) and scores[i*k+j] its inner product (-infinity where the label is -1).
  // k <= 0 -> InvalidArgument. Searching an empty index gives all -1.
  Status Search(int64_t n, const float* queries, int k, float* scores, int64_t* labels) const;

  // Settings for approximate indexes (nprobe for IVF, capped at the list
  // count; efSearch for HNSW); ignored by others and when breadth <= 0.
  // Kept across Serialize/Deserialize.
  void SetSearchBreadth(int breadth);
  int search_breadth() const;

  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;
  ~VectorIndex();

 private:
  struct Impl;
  explicit VectorIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The exact k nearest neighbours by inner product of each of n row-major
// vectors among the same n vectors (each finds itself too), as a "Flat"
// VectorIndex holding them would answer n queries: for row i, labels[i*k+j]
// is its j-th best match (-1 when n < k) and scores[i*k+j] the inner product
// (equal scores: the lower label first and kept). Each block of pairs is multiplied once and
// feeds the lists of both its rows and its columns: half the arithmetic of
// n searches. InvalidArgument for k <= 0 or dim <= 0.
Status ExactSelfJoin(int64_t n, int dim, const float* x, int k, float* scores, int64_t* labels);

// The exact k nearest neighbours by inner product between two sets: for each
// of the nx row-major vectors x, its k best among the ny vectors y
// (x_labels[i*k+j] indexes y), and for each of y its k best among x, from
// one product of the two sets (-1 labels last when a side has fewer than k).
// InvalidArgument for k <= 0, dim <= 0 or a missing buffer.
Status ExactJoin(int64_t nx, const float* x, int64_t ny, const float* y, int dim, int k, float* x_scores,
                 int64_t* x_labels, float* y_scores, int64_t* y_labels);

// How PartitionedSearch narrows a search: the base vectors fall into `cells`
// by spherical k-means, and each query meets the base vectors of its
// `probes` nearest cells only.
struct Partitioning {
  static constexpr int kLeastProbes = 16;
  int cells = 1;
  int probes = 1;
};
// For nb base vectors: sqrt(nb) cells (at most one per 39 vectors, as FAISS
// trains them), a 16th of them probed (at least kLeastProbes). Article
// vectors have many near-equal neighbours: on 100,000 synthetic articles, 19
// of 316 cells found 45% of each article's exact 10 nearest, yet FindPairs
// still found 97% of the pairs of one event (99% with exact joins).
Partitioning DefaultPartitioning(int64_t nb);

// The approximate k nearest neighbours by inner product of each of nq
// queries among nb base vectors, as ExactJoin gives one side's (labels index
// the base; -1 last when fewer are found; equal scores: the lower label),
// each query compared only with the base vectors of its nearest cells: about
// nq * nb * probes / cells products, cell by cell in BLAS blocks.
// With base == queries (a self-join) each vector finds itself. The k-means
// has a fixed seed: the same vectors give the same answer. InvalidArgument
// as ExactJoin, or for fewer than one cell or probe.
Status PartitionedSearch(int64_t nb, const float* base, int64_t nq, const float* queries, int dim, int k,
                         const Partitioning& partitioning, float* scores, int64_t* labels);

// Hamming-distance index over binary codes (SimHash), exact (FAISS
// IndexBinaryFlat). A code is bits/8 bytes.
class BinaryIndex {
 public:
  // InvalidArgument unless bits is a positive multiple of 8.
  static StatusOr<BinaryIndex> Create(int bits);
  // Corruption on a damaged or foreign byte string, or any FAISS read error.
  static StatusOr<BinaryIndex> Deserialize(std::string_view bytes);
  // Streamed, as VectorIndex's: only for bytes whose integrity is checked,
  // at most `limit` of them.
  static StatusOr<BinaryIndex> Deserialize(const ByteSource& source, uint64_t limit, uint64_t* bytes_read = nullptr);
  std::string Serialize() const;
  Status Serialize(const ByteSink& sink) const;

  int bits() const;
  int64_t size() const;

  // Adds n row-major codes, bits/8 bytes each; ids are 0,1,2... in add order.
  Status Add(int64_t n, const uint8_t* codes);
  // The same for codes in a vector the caller gives up: an empty index takes
  // the buffer itself, so a large batch never exists twice.
  Status Add(std::vector<uint8_t>&& codes);
  // Copies the codes of rows [first, first + count) to `out` (count * bits/8
  // bytes). InvalidArgument for rows beyond the index.
  Status Reconstruct(int64_t first, int64_t count, uint8_t* out) const;
  // For query i, labels[i*k+j] is the j-th nearest id (-1 when fewer than k)
  // and distances[i*k+j] its Hamming distance (INT32_MAX where the label is
  // -1). Ties are broken in no particular order.
  Status Search(int64_t n, const uint8_t* queries, int k, int32_t* distances, int64_t* labels) const;

  BinaryIndex(BinaryIndex&&) noexcept;
  BinaryIndex& operator=(BinaryIndex&&) noexcept;
  ~BinaryIndex();

 private:
  struct Impl;
  explicit BinaryIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parallax
