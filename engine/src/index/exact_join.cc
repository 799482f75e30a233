// Exact k-NN joins: one BLAS product per block pair, whose rows feed the
// lists of the first block's vectors and whose columns those of the second's.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "parallax/parallel.h"
#include "parallax/vector_index.h"

extern "C" int sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                      const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                      const float* beta, float* c, const int* ldc);

// OpenBLAS's thread count, where the BLAS is OpenBLAS (weak: other BLAS
// libraries link too, and these stay null).
extern "C" int openblas_get_num_threads() __attribute__((weak));
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace parallax {

namespace {

// Rows per block: a 2048 x 2048 product (16 MB of scores) is large enough for
// BLAS to run at full speed and small enough to stay mostly in cache.
constexpr int64_t kBlock = 2048;
// Columns checked together against their lists' floors.
constexpr int64_t kChunk = 64;

// One row's k best (score, label), unsorted, with the weakest tracked so that
// the common case, a score that does not make the list, is one comparison.
// Of equal scores the lower labels are kept, whatever order they come in, so
// any split of the vectors into blocks or shards keeps the same neighbours
// (copies of one article tie exactly).
class TopK {
 public:
  TopK(float* scores, int64_t* labels, int k) : scores_(scores), labels_(labels), k_(k) {
    std::fill(scores_, scores_ + k_, -std::numeric_limits<float>::infinity());
    std::fill(labels_, labels_ + k_, int64_t{-1});
  }
  float floor() const { return scores_[weakest_]; }
  void Push(float score, int64_t label) {
    if (!Better(score, label, scores_[weakest_], labels_[weakest_])) return;
    scores_[weakest_] = score;
    labels_[weakest_] = label;
    for (int j = 0; j < k_; ++j) {
      if (Better(scores_[weakest_], labels_[weakest_], scores_[j], labels_[j])) weakest_ = j;
    }
  }
  // Higher score, then lower label (an empty slot, -inf with label -1, is
  // worse than any vector).
  static bool Better(float score, int64_t label, float than_score, int64_t than_label) {
    if (score != than_score) return score > than_score;
    return than_label < 0 ? label >= 0 : (label >= 0 && label < than_label);
  }
  // Best first; the -1 labels (fewer than k vectors) last.
  void Sort() {
    std::vector<std::pair<float, int64_t>> all(k_);
    for (int j = 0; j < k_; ++j) all[j] = {scores_[j], labels_[j]};
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
      if ((x.second < 0) != (y.second < 0)) return y.second < 0;
      return x.first > y.first || (x.first == y.first && x.second < y.second);
    });
    for (int j = 0; j < k_; ++j) std::tie(scores_[j], labels_[j]) = all[j];
  }

 private:
  float* scores_;
  int64_t* labels_;
  int k_;
  int weakest_ = 0;
};

// How many of s[0..n) reach `floor` (a tie may still make the list, by its
// label): a branch-free loop the compiler vectorises, so a chunk where
// nothing makes the list costs little.
int CountReaching(const float* s, int64_t n, float floor) {
  int count = 0;
  for (int64_t j = 0; j < n; ++j) count += s[j] >= floor;
  return count;
}

// `block` (rows x cols, row-major) holds <row i0 + r, column j0 + c>: feeds
// row_lists[r] with labels j0 + c and, if col_lists is given, col_lists[c]
// with labels i0 + r.
void FeedBlock(const float* block, int64_t rows, int64_t cols, TopK* row_lists, int64_t j0, TopK* col_lists,
               int64_t i0) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = block + r * cols;
    TopK& list = row_lists[r];
    for (int64_t c0 = 0; c0 < cols; c0 += kChunk) {
      const int64_t c1 = std::min<int64_t>(cols, c0 + kChunk);
      if (CountReaching(row + c0, c1 - c0, list.floor()) == 0) continue;
      for (int64_t c = c0; c < c1; ++c) list.Push(row[c], j0 + c);
    }
  }
  if (col_lists == nullptr) return;
  float floors[kChunk];
  for (int64_t c0 = 0; c0 < cols; c0 += kChunk) {
    const int64_t width = std::min<int64_t>(cols - c0, kChunk);
    for (int64_t c = 0; c < width; ++c) floors[c] = col_lists[c0 + c].floor();
    for (int64_t r = 0; r < rows; ++r) {
      const float* s = block + r * cols + c0;
      int above = 0;
      for (int64_t c = 0; c < width; ++c) above += s[c] >= floors[c];
      if (above == 0) continue;
      for (int64_t c = 0; c < width; ++c) {
        if (s[c] >= floors[c]) {
          col_lists[c0 + c].Push(s[c], i0 + r);
          floors[c] = col_lists[c0 + c].floor();
        }
      }
    }
  }
}

// block[r * cols + c] = <a_r, b_c> for `rows` vectors at a and `cols` at b.
void Multiply(const float* a, int rows, const float* b, int cols, int dim, float* block) {
  const float one = 1, zero = 0;
  sgemm_("T", "N", &cols, &rows, &dim, &one, b, &dim, a, &dim, &zero, block, &cols);
}

Status CheckJoinArguments(int dim, int k) {
  if (k <= 0) return Status::InvalidArgument("k must be positive, got " + std::to_string(k));
  if (dim <= 0) return Status::InvalidArgument("vector dimension must be positive, got " + std::to_string(dim));
  return Status::Ok();
}

std::vector<TopK> MakeLists(int64_t n, int k, float* scores, int64_t* labels) {
  std::vector<TopK> lists;
  lists.reserve(n);
  for (int64_t i = 0; i < n; ++i) lists.emplace_back(scores + i * k, labels + i * k, k);
  return lists;
}

// Every thread multiplies its own block pairs with a one-thread BLAS:
// alternating multi-threaded BLAS calls with OpenMP loops left each side
// spinning while the other ran (a third of the time on two cores).
class SingleThreadBlas {
 public:
  SingleThreadBlas() : threads_(openblas_get_num_threads ? openblas_get_num_threads() : 0) {
    if (openblas_set_num_threads) openblas_set_num_threads(1);
  }
  ~SingleThreadBlas() {
    if (openblas_set_num_threads && threads_ > 0) openblas_set_num_threads(threads_);
  }
  SingleThreadBlas(const SingleThreadBlas&) = delete;
  SingleThreadBlas& operator=(const SingleThreadBlas&) = delete;

 private:
  int threads_;
};

}  // namespace

Status ExactSelfJoin(int64_t n, int dim, const float* x, int k, float* scores, int64_t* labels) {
  PARALLAX_RETURN_IF_ERROR(CheckJoinArguments(dim, k));
  if (n <= 0) return Status::Ok();
  if (x == nullptr || scores == nullptr || labels == nullptr) {
    return Status::InvalidArgument("the self-join needs vector, score and label buffers");
  }
  std::vector<TopK> lists = MakeLists(n, k, scores, labels);
  // Block pair (I, J >= I): its rows feed I's lists and, off the diagonal
  // (which is symmetric), its columns feed J's.
  auto join = [&](int64_t bi, int64_t bj, std::vector<float>* block) {
    const int64_t i0 = bi * kBlock, i1 = std::min(n, i0 + kBlock);
    const int64_t j0 = bj * kBlock, j1 = std::min(n, j0 + kBlock);
    Multiply(x + i0 * dim, static_cast<int>(i1 - i0), x + j0 * dim, static_cast<int>(j1 - j0), dim, block->data());
    FeedBlock(block->data(), i1 - i0, j1 - j0, &lists[i0], j0, bi == bj ? nullptr : &lists[j0], i0);
  };
  const SingleThreadBlas single_thread_blas;
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  return ParallelRegion([&](ParallelTeam& team) {
    std::vector<float> block;
    team.Run([&] { block.resize(static_cast<size_t>(std::min(n, kBlock)) * std::min(n, kBlock)); });
    // Block pairs (I, I + d), in phases whose pairs share no block, so that no
    // two threads ever feed the same lists: the diagonal, then for each
    // offset d the pairs with I / d even, then those with I / d odd.
    for (int64_t d = 0; d < blocks; ++d) {
      for (int64_t parity = 0; parity < (d == 0 ? 1 : 2); ++parity) {
        team.For(blocks - d, Schedule::Dynamic(1), [&](int64_t bi) {
          if (d == 0 || (bi / d) % 2 == parity) join(bi, bi + d, &block);
        });
      }
    }
    team.For(n, Schedule::Static(), [&](int64_t i) { lists[i].Sort(); });
  });
}

Status ExactJoin(int64_t nx, const float* x, int64_t ny, const float* y, int dim, int k, float* x_scores,
                 int64_t* x_labels, float* y_scores, int64_t* y_labels) {
  PARALLAX_RETURN_IF_ERROR(CheckJoinArguments(dim, k));
  if (nx < 0 || ny < 0) return Status::InvalidArgument("vector counts must not be negative");
  if ((nx > 0 && (x == nullptr || x_scores == nullptr || x_labels == nullptr)) ||
      (ny > 0 && (y == nullptr || y_scores == nullptr || y_labels == nullptr))) {
    return Status::InvalidArgument("the join needs vector, score and label buffers for both sides");
  }
  std::vector<TopK> x_lists = MakeLists(nx, k, x_scores, x_labels);
  std::vector<TopK> y_lists = MakeLists(ny, k, y_scores, y_labels);
  const int64_t x_blocks = (nx + kBlock - 1) / kBlock, y_blocks = (ny + kBlock - 1) / kBlock;
  if (x_blocks > 0 && y_blocks > 0) {
    // Phase d joins each block of the side with fewer blocks to block
    // (its index + d) mod (blocks of the other side): no two pairs of a
    // phase share a block, so no two threads feed the same lists.
    const bool x_fewer = x_blocks <= y_blocks;
    const int64_t fewer = std::min(x_blocks, y_blocks), more = std::max(x_blocks, y_blocks);
    const SingleThreadBlas single_thread_blas;
    PARALLAX_RETURN_IF_ERROR(ParallelRegion([&](ParallelTeam& team) {
      std::vector<float> block;
      team.Run([&] { block.resize(static_cast<size_t>(std::min(nx, kBlock)) * std::min(ny, kBlock)); });
      for (int64_t d = 0; d < more; ++d) {
        team.For(fewer, Schedule::Dynamic(1), [&](int64_t b) {
          const int64_t bi = x_fewer ? b : (b + d) % more, bj = x_fewer ? (b + d) % more : b;
          const int64_t i0 = bi * kBlock, i1 = std::min(nx, i0 + kBlock);
          const int64_t j0 = bj * kBlock, j1 = std::min(ny, j0 + kBlock);
          Multiply(x + i0 * dim, static_cast<int>(i1 - i0), y + j0 * dim, static_cast<int>(j1 - j0), dim,
                   block.data());
          FeedBlock(block.data(), i1 - i0, j1 - j0, &x_lists[i0], j0, &y_lists[j0], i0);
        });
      }
    }));
  }
  for (TopK& list : x_lists) list.Sort();
  for (TopK& list : y_lists) list.Sort();
  return Status::Ok();
}

}  // namespace parallax
