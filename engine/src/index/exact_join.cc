// Exact k-NN joins: one BLAS product per block pair, whose rows feed the
// lists of the first block's vectors and whose columns those of the second's.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "index/join_blocks.h"
#include "parallax/parallel.h"
#include "parallax/vector_index.h"

namespace parallax {

using join::CheckJoinArguments;
using join::FeedBlock;
using join::kBlock;
using join::MakeLists;
using join::Multiply;
using join::SingleThreadBlas;
using join::TopK;

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
