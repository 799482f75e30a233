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

using join::FeedRow;
using join::kBlock;
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

// Entries grouped by key (a counting sort): key k's items are
// items[offsets[k] .. offsets[k + 1]), in entry order, entry e's item being
// e / stride (the row of a table of `stride` keys a row).
template <typename Item>
struct Buckets {
  std::vector<int64_t> offsets;
  std::vector<Item> items;
};

template <typename Item>
Buckets<Item> BucketByKey(const std::vector<int64_t>& keys, int key_count, int stride) {
  Buckets<Item> out;
  out.offsets.assign(static_cast<size_t>(key_count) + 1, 0);
  for (const int64_t key : keys) ++out.offsets[key + 1];
  for (int k = 0; k < key_count; ++k) out.offsets[k + 1] += out.offsets[k];
  out.items.resize(keys.size());
  std::vector<int64_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t e = 0; e < keys.size(); ++e) out.items[next[keys[e]]++] = static_cast<Item>(e / stride);
  return out;
}

// The base partitioned: its rows by cell, and their vectors copied in that
// order, so that a cell's members are one block.
struct Cells {
  Buckets<int64_t> members;
  std::vector<float> vectors;
};

Cells Partition(const float* base, int dim, int cells, const std::vector<int64_t>& cell_of) {
  Cells out{BucketByKey<int64_t>(cell_of, cells, 1), {}};
  out.vectors.resize(cell_of.size() * dim);
  for (size_t p = 0; p < cell_of.size(); ++p) {
    std::copy_n(base + out.members.items[p] * dim, dim, &out.vectors[p * dim]);
  }
  return out;
}

// One thread's share of a cell: `count` of the queries that probe it
// (from `first`), multiplied with its members and fed to their lists.
class CellSearch {
 public:
  CellSearch(const Cells& cells, const Buckets<uint32_t>& probes, const float* queries, int dim,
             std::vector<TopK>* lists)
      : cells_(cells), probes_(probes), queries_(queries), dim_(dim), lists_(lists) {}

  void Run(int64_t cell, int64_t first, int64_t count) {
    const int64_t member0 = cells_.members.offsets[cell], members = cells_.members.offsets[cell + 1] - member0;
    if (members == 0) return;
    const uint32_t* rows = &probes_.items[probes_.offsets[cell] + first];
    gathered_.resize(static_cast<size_t>(count) * dim_);
    for (int64_t r = 0; r < count; ++r) {
      std::copy_n(queries_ + static_cast<int64_t>(rows[r]) * dim_, dim_, &gathered_[static_cast<size_t>(r) * dim_]);
    }
    for (int64_t m0 = 0; m0 < members; m0 += kBlock) {
      const int64_t width = std::min(kBlock, members - m0);
      scores_.resize(static_cast<size_t>(count) * width);
      Multiply(gathered_.data(), static_cast<int>(count), &cells_.vectors[static_cast<size_t>(member0 + m0) * dim_],
               static_cast<int>(width), dim_, scores_.data());
      const int64_t* labels = &cells_.members.items[member0 + m0];
      for (int64_t r = 0; r < count; ++r) {
        FeedRow(&scores_[static_cast<size_t>(r) * width], width, &(*lists_)[rows[r]],
                [labels](int64_t c) { return labels[c]; });
      }
    }
  }

 private:
  const Cells& cells_;
  const Buckets<uint32_t>& probes_;
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
                                   std::to_string(partitioning.cells) + " and " + std::to_string(partitioning.probes));
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
  const Cells partition = Partition(base, dim, cells, base_cells);
  const Buckets<uint32_t> probing = BucketByKey<uint32_t>(probe_cells, cells, probes);  // each cell's queries
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
