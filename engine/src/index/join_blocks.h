// The pieces both k-NN joins are built of: BLAS products of blocks of
// vectors, and bounded lists of each vector's best matches fed from them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "parallax/status.h"

extern "C" int sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                      const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                      const float* beta, float* c, const int* ldc);

// OpenBLAS's thread count, where the BLAS is OpenBLAS (weak: other BLAS
// libraries link too, and these stay null).
extern "C" int openblas_get_num_threads() __attribute__((weak));
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace parallax::join {

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
inline int CountReaching(const float* s, int64_t n, float floor) {
  int count = 0;
  for (int64_t j = 0; j < n; ++j) count += s[j] >= floor;
  return count;
}

// Feeds one row of `width` scores to `list`, column c labelled label(c).
template <typename Label>
void FeedRow(const float* row, int64_t width, TopK* list, Label label) {
  for (int64_t c0 = 0; c0 < width; c0 += kChunk) {
    const int64_t c1 = std::min(width, c0 + kChunk);
    if (CountReaching(row + c0, c1 - c0, list->floor()) == 0) continue;
    for (int64_t c = c0; c < c1; ++c) list->Push(row[c], label(c));
  }
}

// `block` (rows x cols, row-major) holds <row i0 + r, column j0 + c>: feeds
// row_lists[r] with labels j0 + c and, if col_lists is given, col_lists[c]
// with labels i0 + r.
inline void FeedBlock(const float* block, int64_t rows, int64_t cols, TopK* row_lists, int64_t j0, TopK* col_lists,
                      int64_t i0) {
  for (int64_t r = 0; r < rows; ++r) {
    FeedRow(block + r * cols, cols, &row_lists[r], [j0](int64_t c) { return j0 + c; });
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
inline void Multiply(const float* a, int rows, const float* b, int cols, int dim, float* block) {
  const float one = 1, zero = 0;
  sgemm_("T", "N", &cols, &rows, &dim, &one, b, &dim, a, &dim, &zero, block, &cols);
}

inline Status CheckJoinArguments(int dim, int k) {
  if (k <= 0) return Status::InvalidArgument("k must be positive, got " + std::to_string(k));
  if (dim <= 0) return Status::InvalidArgument("vector dimension must be positive, got " + std::to_string(dim));
  return Status::Ok();
}

inline std::vector<TopK> MakeLists(int64_t n, int k, float* scores, int64_t* labels) {
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

}  // namespace parallax::join
