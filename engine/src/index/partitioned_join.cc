// Approximate k-NN search in cells: the base vectors are clustered by
// k-means (FAISS), and each query is multiplied with the members of its
// nearest cells only, cell by cell.
#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "index/join_blocks.h"
#include "parallax/parallel.h"
#include "parallax/vector_index.h"

namespace parallax {

namespace {

using join::CountReaching;
using join::kBlock;
using join::kChunk;
using join::MakeLists;
using join::Multiply;
using join::SingleThreadBlas;
using join::TopK;

// k-means on a sample of this many vectors a cell, for this many rounds: the
// cells only steer the search, and a rougher partition costs recall that
// more probes buy back more cheaply than a longer training.
constexpr int kSamplePerCell = 64;
constexpr int kRounds = 10;
// FAISS's least sample a centroid (it warns below it).
constexpr int64_t kLeastPerCell = 39;
// Queries of one cell multiplied together with its members.
constexpr int64_t kQuerySlice = 1024;

// The base partitioned: cell c's members are rows[offsets[c] .. offsets[c+1])
// of the base, whose vectors are copied in that order to `vectors`.
struct Cells {
  std::vector<int64_t> offsets;
  std::vector<int64_t> rows;
  std::vector<float> vectors;
};

Cells Partition(int64_t nb, const float* base, int dim, int cells, const std::vector<int64_t>& cell_of) {
  Cells out;
  out.offsets.assign(static_cast<size_t>(cells) + 1, 0);
  for (int64_t i = 0; i < nb; ++i) ++out.offsets[cell_of[i] + 1];
  for (int c = 0; c < cells; ++c) out.offsets[c + 1] += out.offsets[c];
  out.rows.resize(nb);
  std::vector<int64_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (int64_t i = 0; i < nb; ++i) out.rows[next[cell_of[i]]++] = i;
  out.vectors.resize(static_cast<size_t>(nb) * dim);
  for (int64_t p = 0; p < nb; ++p) {
    std::copy_n(base + out.rows[p] * dim, dim, &out.vectors[static_cast<size_t>(p) * dim]);
  }
  return out;
}

// For each cell, the queries that probe it: queries[offsets[c] ..
// offsets[c + 1]), in query order.
struct Probes {
  std::vector<int64_t> offsets;
  std::vector<uint32_t> queries;
};

Probes InvertProbes(const std::vector<int64_t>& probe_cells, int64_t nq, int probes, int cells) {
  Probes out;
  out.offsets.assign(static_cast<size_t>(cells) + 1, 0);
  for (const int64_t cell : probe_cells) ++out.offsets[cell + 1];
  for (int c = 0; c < cells; ++c) out.offsets[c + 1] += out.offsets[c];
  out.queries.resize(probe_cells.size());
  std::vector<int64_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (int64_t q = 0; q < nq; ++q) {
    for (int p = 0; p < probes; ++p) out.queries[next[probe_cells[q * probes + p]]++] = static_cast<uint32_t>(q);
  }
  return out;
}

// One thread's share of a cell: `count` of the queries that probe it
// (from `first`), multiplied with its members and fed to their lists.
class CellSearch {
 public:
  CellSearch(const Cells& cells, const Probes& probes, const float* queries, int dim, std::vector<TopK>* lists)
      : cells_(cells), probes_(probes), queries_(queries), dim_(dim), lists_(lists) {}

  void Run(int64_t cell, int64_t first, int64_t count) {
    const int64_t member0 = cells_.offsets[cell], members = cells_.offsets[cell + 1] - member0;
    if (members == 0) return;
    const uint32_t* rows = &probes_.queries[probes_.offsets[cell] + first];
    gathered_.resize(static_cast<size_t>(count) * dim_);
    for (int64_t r = 0; r < count; ++r) {
      std::copy_n(queries_ + static_cast<int64_t>(rows[r]) * dim_, dim_, &gathered_[static_cast<size_t>(r) * dim_]);
    }
    for (int64_t m0 = 0; m0 < members; m0 += kBlock) {
      const int64_t width = std::min(kBlock, members - m0);
      scores_.resize(static_cast<size_t>(count) * width);
      Multiply(gathered_.data(), static_cast<int>(count), &cells_.vectors[static_cast<size_t>(member0 + m0) * dim_],
               static_cast<int>(width), dim_, scores_.data());
      const int64_t* labels = &cells_.rows[member0 + m0];
      for (int64_t r = 0; r < count; ++r) {
        const float* row = &scores_[static_cast<size_t>(r) * width];
        TopK& list = (*lists_)[rows[r]];
        for (int64_t c0 = 0; c0 < width; c0 += kChunk) {
          const int64_t c1 = std::min(width, c0 + kChunk);
          if (CountReaching(row + c0, c1 - c0, list.floor()) == 0) continue;
          for (int64_t c = c0; c < c1; ++c) list.Push(row[c], labels[c]);
        }
      }
    }
  }

 private:
  const Cells& cells_;
  const Probes& probes_;
  const float* queries_;
  int dim_;
  std::vector<TopK>* lists_;
  std::vector<float> gathered_;
  std::vector<float> scores_;
};

}  // namespace

Partitioning DefaultPartitioning(int64_t nb) {
  Partitioning p;
  const auto root = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(std::max<int64_t>(nb, 0)))));
  p.cells = static_cast<int>(std::clamp<int64_t>(std::min(root, nb / kLeastPerCell), 1, IndexKind::kMaxIvfLists));
  p.probes = std::min(p.cells, std::max(Partitioning::kLeastProbes, p.cells / 16));
  return p;
}

Status PartitionedSearch(int64_t nb, const float* base, int64_t nq, const float* queries, int dim, int k,
                         const Partitioning& partitioning, float* scores, int64_t* labels) {
  PARALLAX_RETURN_IF_ERROR(join::CheckJoinArguments(dim, k));
  if (nb < 0 || nq < 0) return Status::InvalidArgument("vector counts must not be negative");
  if (partitioning.cells < 1 || partitioning.probes < 1) {
    return Status::InvalidArgument("a partitioned search needs at least one cell and one probe, got " +
                                   std::to_string(partitioning.cells) + " and " +
                                   std::to_string(partitioning.probes));
  }
  if (nq == 0) return Status::Ok();
  if (nq > int64_t{UINT32_MAX}) return Status::InvalidArgument("a partitioned search takes at most 2^32 queries");
  if ((nb > 0 && base == nullptr) || queries == nullptr || scores == nullptr || labels == nullptr) {
    return Status::InvalidArgument("the search needs base, query, score and label buffers");
  }
  std::vector<TopK> lists = MakeLists(nq, k, scores, labels);
  if (nb == 0) return Status::Ok();
  const int cells = static_cast<int>(std::min<int64_t>(partitioning.cells, nb));
  const int probes = std::min(partitioning.probes, cells);
  // Each query's `probes` nearest cells, nearest first; the base's own cell
  // is its nearest (the same search when the base is the queries, so that a
  // vector always meets itself).
  std::vector<int64_t> probe_cells(static_cast<size_t>(nq) * probes, 0);
  std::vector<int64_t> base_cells(nb, 0);
  if (cells > 1) {
    try {
      faiss::ClusteringParameters parameters;
      parameters.niter = kRounds;
      parameters.spherical = true;
      parameters.max_points_per_centroid = kSamplePerCell;
      parameters.min_points_per_centroid = 1;
      parameters.seed = 1234;
      parameters.verbose = false;
      faiss::Clustering clustering(dim, cells, parameters);
      faiss::IndexFlatIP centroids(dim);
      clustering.train(nb, base, centroids);
      std::vector<float> distances(probe_cells.size());
      centroids.search(nq, queries, probes, distances.data(), probe_cells.data());
      if (base == queries && nb == nq) {
        for (int64_t i = 0; i < nb; ++i) base_cells[i] = probe_cells[i * probes];
      } else {
        distances.resize(nb);
        centroids.search(nb, base, 1, distances.data(), base_cells.data());
      }
    } catch (const std::exception& e) {
      return Status::Internal(std::string("partitioning the vectors failed: ") + e.what());
    }
  }
  const Cells partition = Partition(nb, base, dim, cells, base_cells);
  const Probes probing = InvertProbes(probe_cells, nq, probes, cells);
  probe_cells = {};
  // Cell after cell, each cell's queries shared among the threads in slices:
  // a query meets a cell once, so no two threads feed one list, and each
  // product is a wide BLAS block.
  const SingleThreadBlas single_thread_blas;
  return ParallelRegion([&](ParallelTeam& team) {
    CellSearch search(partition, probing, queries, dim, &lists);
    for (int64_t cell = 0; cell < cells; ++cell) {
      const int64_t count = probing.offsets[cell + 1] - probing.offsets[cell];
      team.For((count + kQuerySlice - 1) / kQuerySlice, Schedule::Dynamic(1), [&](int64_t slice) {
        search.Run(cell, slice * kQuerySlice, std::min(kQuerySlice, count - slice * kQuerySlice));
      });
    }
    team.For(nq, Schedule::Static(), [&](int64_t i) { lists[i].Sort(); });
  });
}

}  // namespace parallax
