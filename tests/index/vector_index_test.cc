#include "parallax/vector_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "index/faiss_io.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/status.h"

namespace parallax {
namespace {

// n random unit vectors (row-major), reproducible from `seed`.
std::vector<float> RandomUnitVectors(int64_t n, int dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::vector<float> v(n * dim);
  for (int64_t i = 0; i < n; ++i) {
    float* row = &v[i * dim];
    double norm = 0;
    for (int j = 0; j < dim; ++j) {
      row[j] = gauss(rng);
      norm += double{row[j]} * row[j];
    }
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (int j = 0; j < dim; ++j) row[j] *= inv;
  }
  return v;
}

float Dot(const float* a, const float* b, int dim) {
  double s = 0;
  for (int j = 0; j < dim; ++j) s += double{a[j]} * b[j];
  return static_cast<float>(s);
}

VectorIndex MustCreate(int dim, const std::string& factory) {
  auto r = VectorIndex::Create(dim, factory);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

struct Results {
  std::vector<float> scores;
  std::vector<int64_t> labels;
};

Results MustSearch(const VectorIndex& index, const std::vector<float>& queries, int k) {
  const int64_t n = static_cast<int64_t>(queries.size()) / index.dim();
  Results r{std::vector<float>(n * k), std::vector<int64_t>(n * k)};
  const Status st = index.Search(n, queries.data(), k, r.scores.data(), r.labels.data());
  EXPECT_TRUE(st.ok()) << st.ToString();
  return r;
}

TEST(VectorIndexTest, ExactSearchMatchesBruteForce) {
  constexpr int kDim = 16, kN = 100, kQueries = 10, kK = 5;
  const auto base = RandomUnitVectors(kN, kDim, 1);
  const auto queries = RandomUnitVectors(kQueries, kDim, 2);
  VectorIndex index = MustCreate(kDim, "Flat");
  EXPECT_EQ(index.dim(), kDim);
  EXPECT_EQ(index.factory(), "Flat");
  ASSERT_TRUE(index.Add(kN, base.data()).ok());
  EXPECT_EQ(index.size(), kN);

  const Results got = MustSearch(index, queries, kK);
  for (int q = 0; q < kQueries; ++q) {
    std::vector<std::pair<float, int64_t>> truth;
    for (int i = 0; i < kN; ++i) truth.emplace_back(Dot(&queries[q * kDim], &base[i * kDim], kDim), i);
    std::sort(truth.begin(), truth.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (int j = 0; j < kK; ++j) {
      EXPECT_EQ(got.labels[q * kK + j], truth[j].second) << "query " << q << " rank " << j;
      EXPECT_NEAR(got.scores[q * kK + j], truth[j].first, 1e-5) << "query " << q << " rank " << j;
    }
  }
}

// Unit vectors in clusters (a centre plus noise), as articles about the same
// events are: neighbours are then close and well separated from the rest.
std::vector<float> ClusteredUnitVectors(int64_t n, int dim, int clusters, uint32_t seed) {
  const auto centres = RandomUnitVectors(clusters, dim, seed);
  auto v = RandomUnitVectors(n, dim, seed + 1);
  for (int64_t i = 0; i < n; ++i) {
    float* row = &v[i * dim];
    const float* centre = &centres[(i * 7919 % clusters) * dim];
    double norm = 0;
    for (int j = 0; j < dim; ++j) {
      row[j] = centre[j] + 0.4f * row[j];
      norm += double{row[j]} * row[j];
    }
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (int j = 0; j < dim; ++j) row[j] *= inv;
  }
  return v;
}

TEST(ExactSelfJoinTest, GivesWhatAFlatIndexGivesForEveryRow) {
  // More rows than two blocks of the join (2048), the last one ragged, so
  // that diagonal, off-diagonal and partial blocks all feed the lists.
  constexpr int kDim = 24, kK = 7;
  constexpr int64_t kN = 4500;
  const auto x = ClusteredUnitVectors(kN, kDim, 300, 11);
  VectorIndex flat = MustCreate(kDim, "Flat");
  ASSERT_TRUE(flat.Add(kN, x.data()).ok());
  const Results want = MustSearch(flat, x, kK);
  std::vector<float> scores(kN * kK);
  std::vector<int64_t> labels(kN * kK);
  ASSERT_TRUE(ExactSelfJoin(kN, kDim, x.data(), kK, scores.data(), labels.data()).ok());
  int64_t same_label = 0;
  for (int64_t i = 0; i < kN; ++i) {
    EXPECT_EQ(labels[i * kK], i) << "row " << i << " should find itself first";
    for (int j = 0; j < kK; ++j) {
      // Same scores rank by rank (labels may swap only between equal scores).
      ASSERT_NEAR(scores[i * kK + j], want.scores[i * kK + j], 1e-5) << "row " << i << " rank " << j;
      ASSERT_NEAR(scores[i * kK + j], Dot(&x[i * kDim], &x[labels[i * kK + j] * kDim], kDim), 1e-5);
      same_label += labels[i * kK + j] == want.labels[i * kK + j];
    }
  }
  EXPECT_GE(same_label, kN * kK * 99 / 100);
}

TEST(ExactSelfJoinTest, FewerVectorsThanKLeavesMinusOneLast) {
  constexpr int kDim = 8, kK = 5;
  const auto x = RandomUnitVectors(3, kDim, 4);
  std::vector<float> scores(3 * kK);
  std::vector<int64_t> labels(3 * kK);
  ASSERT_TRUE(ExactSelfJoin(3, kDim, x.data(), kK, scores.data(), labels.data()).ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(labels[i * kK], i);
    EXPECT_NEAR(scores[i * kK], 1.0f, 1e-5);
    std::vector<int64_t> found(labels.begin() + i * kK, labels.begin() + i * kK + 3);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<int64_t>{0, 1, 2}));
    for (int j = 3; j < kK; ++j) {
      EXPECT_EQ(labels[i * kK + j], -1);
      EXPECT_EQ(scores[i * kK + j], -std::numeric_limits<float>::infinity());
    }
  }
}

TEST(ExactSelfJoinTest, RejectsBadArguments) {
  const auto x = RandomUnitVectors(4, 8, 5);
  std::vector<float> scores(8);
  std::vector<int64_t> labels(8);
  EXPECT_EQ(ExactSelfJoin(4, 8, x.data(), 0, scores.data(), labels.data()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ExactSelfJoin(4, 0, x.data(), 2, scores.data(), labels.data()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ExactSelfJoin(4, 8, nullptr, 2, scores.data(), labels.data()).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ExactSelfJoin(0, 8, x.data(), 2, scores.data(), labels.data()).ok());
}

TEST(ExactJoinTest, EachSideGetsWhatAFlatIndexOfTheOtherGives) {
  // Sides of 4,500 and 2,100 vectors: 3 blocks against 2, so the phases wrap
  // around the side with more blocks, and both sides end in a ragged block.
  constexpr int kDim = 24, kK = 6;
  constexpr int64_t kX = 4500, kY = 2100;
  const auto x = ClusteredUnitVectors(kX, kDim, 200, 21);
  const auto y = ClusteredUnitVectors(kY, kDim, 200, 22);
  VectorIndex x_index = MustCreate(kDim, "Flat"), y_index = MustCreate(kDim, "Flat");
  ASSERT_TRUE(x_index.Add(kX, x.data()).ok());
  ASSERT_TRUE(y_index.Add(kY, y.data()).ok());
  const Results x_want = MustSearch(y_index, x, kK), y_want = MustSearch(x_index, y, kK);
  std::vector<float> x_scores(kX * kK), y_scores(kY * kK);
  std::vector<int64_t> x_labels(kX * kK), y_labels(kY * kK);
  ASSERT_TRUE(ExactJoin(kX, x.data(), kY, y.data(), kDim, kK, x_scores.data(), x_labels.data(), y_scores.data(),
                        y_labels.data())
                  .ok());
  auto check = [&](int64_t n, const std::vector<float>& from, const std::vector<float>& to, const Results& want,
                   const std::vector<float>& scores, const std::vector<int64_t>& labels) {
    int64_t same_label = 0;
    for (int64_t i = 0; i < n; ++i) {
      for (int j = 0; j < kK; ++j) {
        ASSERT_NEAR(scores[i * kK + j], want.scores[i * kK + j], 1e-5) << "row " << i << " rank " << j;
        ASSERT_NEAR(scores[i * kK + j], Dot(&from[i * kDim], &to[labels[i * kK + j] * kDim], kDim), 1e-5);
        same_label += labels[i * kK + j] == want.labels[i * kK + j];
      }
    }
    EXPECT_GE(same_label, n * kK * 99 / 100);
  };
  check(kX, x, y, x_want, x_scores, x_labels);
  check(kY, y, x, y_want, y_scores, y_labels);
}

TEST(ExactJoinTest, ASideWithFewerThanKVectorsLeavesMinusOneLast) {
  constexpr int kDim = 8, kK = 4;
  const auto x = RandomUnitVectors(5, kDim, 6);
  const auto y = RandomUnitVectors(2, kDim, 7);
  std::vector<float> x_scores(5 * kK), y_scores(2 * kK);
  std::vector<int64_t> x_labels(5 * kK), y_labels(2 * kK);
  ASSERT_TRUE(
      ExactJoin(5, x.data(), 2, y.data(), kDim, kK, x_scores.data(), x_labels.data(), y_scores.data(), y_labels.data())
          .ok());
  for (int i = 0; i < 5; ++i) {
    std::vector<int64_t> found(x_labels.begin() + i * kK, x_labels.begin() + i * kK + 2);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<int64_t>{0, 1})) << "x row " << i;
    EXPECT_GE(x_scores[i * kK], x_scores[i * kK + 1]);
    EXPECT_EQ(x_labels[i * kK + 2], -1);
    EXPECT_EQ(x_labels[i * kK + 3], -1);
  }
  for (int i = 0; i < 2; ++i) {
    // Each y row has all 5 x rows to choose from: its 4 best, best first.
    for (int j = 0; j < kK; ++j) {
      ASSERT_GE(y_labels[i * kK + j], 0);
      EXPECT_NEAR(y_scores[i * kK + j], Dot(&y[i * kDim], &x[y_labels[i * kK + j] * kDim], kDim), 1e-5);
      if (j > 0) EXPECT_GE(y_scores[i * kK + j - 1], y_scores[i * kK + j]);
    }
  }
  EXPECT_TRUE(ExactJoin(0, nullptr, 2, y.data(), kDim, kK, nullptr, nullptr, y_scores.data(), y_labels.data()).ok());
  EXPECT_EQ(y_labels[0], -1) << "nothing to join: every list is empty";
  EXPECT_EQ(ExactJoin(5, x.data(), 2, y.data(), kDim, 0, x_scores.data(), x_labels.data(), y_scores.data(),
                      y_labels.data())
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExactJoin(5, x.data(), 2, nullptr, kDim, kK, x_scores.data(), x_labels.data(), y_scores.data(),
                      y_labels.data())
                .code(),
            StatusCode::kInvalidArgument);
}

// The share of the exact k nearest (rows x k) that `labels` found too.
double Recall(const std::vector<int64_t>& want, const std::vector<int64_t>& labels, int64_t rows, int k) {
  int64_t found = 0;
  for (int64_t i = 0; i < rows; ++i) {
    for (int j = 0; j < k; ++j) {
      found += std::count(labels.begin() + i * k, labels.begin() + (i + 1) * k, want[i * k + j]) > 0;
    }
  }
  return static_cast<double>(found) / static_cast<double>(rows * k);
}

TEST(PartitionedSearchTest, AsASelfJoinFindsItselfAndNearlyAllExactNeighbours) {
  // 300 clusters of vectors in 40 cells: a cluster's members mostly share a
  // cell, so a few probes find nearly all of their nearest.
  constexpr int kDim = 24, kK = 6;
  constexpr int64_t kN = 6000;
  const auto x = ClusteredUnitVectors(kN, kDim, 300, 31);
  std::vector<float> want_scores(kN * kK), scores(kN * kK);
  std::vector<int64_t> want(kN * kK), labels(kN * kK);
  ASSERT_TRUE(ExactSelfJoin(kN, kDim, x.data(), kK, want_scores.data(), want.data()).ok());
  const Partitioning partitioning{.cells = 40, .probes = 4};
  ASSERT_TRUE(
      PartitionedSearch(kN, x.data(), kN, x.data(), kDim, kK, partitioning, scores.data(), labels.data()).ok());
  for (int64_t i = 0; i < kN; ++i) {
    EXPECT_EQ(labels[i * kK], i) << "row " << i << " should find itself first";
    for (int j = 0; j < kK; ++j) {
      ASSERT_GE(labels[i * kK + j], 0);
      ASSERT_NEAR(scores[i * kK + j], Dot(&x[i * kDim], &x[labels[i * kK + j] * kDim], kDim), 1e-5);
      if (j > 0) ASSERT_GE(scores[i * kK + j - 1], scores[i * kK + j]);
      // Approximate only by missing some: never better than the exact rank.
      ASSERT_LE(scores[i * kK + j], want_scores[i * kK + j] + 1e-5);
    }
  }
  const double recall = Recall(want, labels, kN, kK);
  EXPECT_GE(recall, 0.95);
  EXPECT_LT(recall, 1.0) << "4 of 40 cells should miss a few neighbours on this data";
  // All cells probed: the exact answer.
  ASSERT_TRUE(PartitionedSearch(kN, x.data(), kN, x.data(), kDim, kK, Partitioning{.cells = 40, .probes = 40},
                                scores.data(), labels.data())
                  .ok());
  EXPECT_EQ(Recall(want, labels, kN, kK), 1.0);
}

TEST(PartitionedSearchTest, SearchesAnotherSetAndGivesTheSameAnswerTwice) {
  constexpr int kDim = 16, kK = 5;
  constexpr int64_t kBase = 5000, kQueries = 700;
  // Queries of the base's clusters, none of them in the base.
  const auto all = ClusteredUnitVectors(kBase + kQueries, kDim, 120, 41);
  const std::vector<float> base(all.begin(), all.begin() + kBase * kDim);
  const std::vector<float> queries(all.begin() + kBase * kDim, all.end());
  VectorIndex flat = MustCreate(kDim, "Flat");
  ASSERT_TRUE(flat.Add(kBase, base.data()).ok());
  const Results exact = MustSearch(flat, queries, kK);
  const Partitioning partitioning = DefaultPartitioning(kBase);
  EXPECT_EQ(partitioning.cells, 71);  // sqrt(5,000)
  EXPECT_EQ(partitioning.probes, Partitioning::kLeastProbes);
  std::vector<float> scores(kQueries * kK), again_scores(kQueries * kK);
  std::vector<int64_t> labels(kQueries * kK), again(kQueries * kK);
  ASSERT_TRUE(PartitionedSearch(kBase, base.data(), kQueries, queries.data(), kDim, kK, partitioning, scores.data(),
                                labels.data())
                  .ok());
  ASSERT_TRUE(PartitionedSearch(kBase, base.data(), kQueries, queries.data(), kDim, kK, partitioning,
                                again_scores.data(), again.data())
                  .ok());
  EXPECT_EQ(labels, again);
  EXPECT_EQ(scores, again_scores);
  EXPECT_GE(Recall(exact.labels, labels, kQueries, kK), 0.95);
}

TEST(PartitionedSearchTest, SmallOrEmptySetsAndBadArguments) {
  constexpr int kDim = 8, kK = 4;
  const auto x = RandomUnitVectors(3, kDim, 8);
  EXPECT_EQ(DefaultPartitioning(3).cells, 1) << "too few vectors to train cells";
  std::vector<float> scores(3 * kK);
  std::vector<int64_t> labels(3 * kK);
  ASSERT_TRUE(PartitionedSearch(3, x.data(), 3, x.data(), kDim, kK, DefaultPartitioning(3), scores.data(),
                                labels.data())
                  .ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(labels[i * kK], i);
    EXPECT_EQ(labels[i * kK + 3], -1) << "three vectors: the fourth slot stays empty";
  }
  ASSERT_TRUE(PartitionedSearch(0, nullptr, 3, x.data(), kDim, kK, Partitioning{}, scores.data(), labels.data()).ok());
  EXPECT_EQ(labels[0], -1) << "an empty base: every list is empty";
  EXPECT_EQ(PartitionedSearch(3, x.data(), 3, x.data(), kDim, kK, Partitioning{.cells = 0, .probes = 1},
                              scores.data(), labels.data())
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PartitionedSearch(3, x.data(), 3, x.data(), kDim, 0, Partitioning{}, scores.data(), labels.data()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PartitionedSearch(3, x.data(), 3, nullptr, kDim, kK, Partitioning{}, scores.data(), labels.data()).code(),
            StatusCode::kInvalidArgument);
}

TEST(VectorIndexTest, DefaultFactoryIsFlatAndSelfMatchScoresOne) {
  constexpr int kDim = 8;
  const auto base = RandomUnitVectors(20, kDim, 3);
  auto created = VectorIndex::Create(kDim);
  ASSERT_TRUE(created.ok());
  VectorIndex index = std::move(created).value();
  EXPECT_EQ(index.factory(), "Flat");
  ASSERT_TRUE(index.Add(20, base.data()).ok());
  const Results got = MustSearch(index, base, 1);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(got.labels[i], i);
    EXPECT_NEAR(got.scores[i], 1.0f, 1e-5);
  }
}

TEST(VectorIndexTest, IdsFollowAddOrderAcrossBatches) {
  constexpr int kDim = 8;
  const auto base = RandomUnitVectors(30, kDim, 4);
  VectorIndex index = MustCreate(kDim, "Flat");
  ASSERT_TRUE(index.Add(10, base.data()).ok());
  ASSERT_TRUE(index.Add(20, base.data() + 10 * kDim).ok());
  EXPECT_EQ(index.size(), 30);
  const std::vector<float> q(base.begin() + 25 * kDim, base.begin() + 26 * kDim);
  EXPECT_EQ(MustSearch(index, q, 1).labels[0], 25);
}

TEST(VectorIndexTest, KLargerThanSizeGivesMinusOne) {
  constexpr int kDim = 8, kK = 10;
  const auto base = RandomUnitVectors(3, kDim, 5);
  VectorIndex index = MustCreate(kDim, "Flat");
  ASSERT_TRUE(index.Add(3, base.data()).ok());
  const Results got = MustSearch(index, std::vector<float>(base.begin(), base.begin() + kDim), kK);
  std::vector<int64_t> found(got.labels.begin(), got.labels.begin() + 3);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<int64_t>{0, 1, 2}));
  for (int j = 3; j < kK; ++j) {
    EXPECT_EQ(got.labels[j], -1);
    EXPECT_EQ(got.scores[j], -std::numeric_limits<float>::infinity());
  }
}

TEST(VectorIndexTest, EmptyIndexSearchGivesMinusOne) {
  for (const char* factory : {"Flat", "HNSW32", "IVF4,Flat"}) {
    VectorIndex index = MustCreate(8, factory);
    const Results got = MustSearch(index, RandomUnitVectors(2, 8, 6), 3);
    for (int64_t label : got.labels) EXPECT_EQ(label, -1) << factory;
  }
}

TEST(VectorIndexTest, RejectsBadArguments) {
  VectorIndex index = MustCreate(4, "Flat");
  const std::vector<float> v = {0.5f, 0.5f, 0.5f, 0.5f};
  ASSERT_TRUE(index.Add(1, v.data()).ok());
  float score;
  int64_t label;
  EXPECT_EQ(index.Search(1, v.data(), 0, &score, &label).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.Add(-1, v.data()).code(), StatusCode::kInvalidArgument);
  const std::vector<float> bad = {0.5f, std::nanf(""), 0.5f, 0.5f};
  const Status st = index.Add(1, bad.data());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.size(), 1);
  EXPECT_EQ(VectorIndex::Create(0, "Flat").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(index.Add(0, nullptr).ok());
}

TEST(VectorIndexTest, InvalidFactoryIsInvalidArgumentWithExamples) {
  for (const std::string factory : {"NotAnIndex", "IVF,Flat,Flat", "", "LSH"}) {
    auto r = VectorIndex::Create(32, factory);
    ASSERT_FALSE(r.ok()) << factory;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << factory;
    EXPECT_NE(r.status().message().find("HNSW32"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("\"Flat\""), std::string::npos) << r.status().message();
  }
  // PQ32 needs a dimension divisible by 32: FAISS's reason must come through.
  auto r = VectorIndex::Create(48, "IVF16,PQ32");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().find("Error in"), std::string::npos) << r.status().message();
}

TEST(VectorIndexTest, IvfWithTooFewVectorsIsInvalidArgument) {
  constexpr int kDim = 16;
  VectorIndex index = MustCreate(kDim, "IVF64,Flat");
  const auto few = RandomUnitVectors(10, kDim, 7);
  const Status st = index.Add(10, few.data());
  ASSERT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("64"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("\"Flat\""), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("\"HNSW32\""), std::string::npos) << st.message();
  EXPECT_EQ(index.size(), 0);

  // A large enough first batch trains it; later batches need no minimum.
  const auto many = RandomUnitVectors(640, kDim, 8);
  ASSERT_TRUE(index.Add(640, many.data()).ok());
  ASSERT_TRUE(index.Add(10, few.data()).ok());
  EXPECT_EQ(index.size(), 650);
}

TEST(VectorIndexTest, PqNeedsTwoHundredFiftySixTrainingVectors) {
  constexpr int kDim = 32;
  VectorIndex index = MustCreate(kDim, "IVF4,PQ8");
  const auto base = RandomUnitVectors(200, kDim, 9);
  const Status st = index.Add(200, base.data());
  ASSERT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("256"), std::string::npos) << st.message();
}

TEST(VectorIndexTest, IvfFindsSelfMatches) {
  constexpr int kDim = 32, kN = 2000;
  const auto base = RandomUnitVectors(kN, kDim, 10);
  VectorIndex index = MustCreate(kDim, "IVF16,Flat");
  ASSERT_TRUE(index.Add(kN, base.data()).ok());
  const std::vector<float> queries(base.begin(), base.begin() + 100 * kDim);
  const Results got = MustSearch(index, queries, 1);
  int hits = 0;
  for (int i = 0; i < 100; ++i) hits += got.labels[i] == i;
  EXPECT_EQ(hits, 100);  // nprobe defaults to 64 >= 16 lists: exhaustive
}

TEST(VectorIndexTest, SerializeRoundTripGivesIdenticalResults) {
  constexpr int kDim = 32, kN = 1000, kK = 10;
  const auto base = RandomUnitVectors(kN, kDim, 11);
  const auto queries = RandomUnitVectors(20, kDim, 12);
  for (const char* factory : {"Flat", "HNSW32", "IVF16,Flat", "IVF8,PQ8"}) {
    VectorIndex index = MustCreate(kDim, factory);
    ASSERT_TRUE(index.Add(kN, base.data()).ok()) << factory;
    index.SetSearchBreadth(4);
    const std::string bytes = index.Serialize();
    ASSERT_FALSE(bytes.empty());
    auto restored = VectorIndex::Deserialize(bytes);
    ASSERT_TRUE(restored.ok()) << factory << ": " << restored.status().ToString();
    EXPECT_EQ(restored->factory(), factory);
    EXPECT_EQ(restored->dim(), kDim);
    EXPECT_EQ(restored->size(), kN);
    EXPECT_EQ(restored->search_breadth(), 4);
    const Results a = MustSearch(index, queries, kK);
    const Results b = MustSearch(*restored, queries, kK);
    EXPECT_EQ(a.labels, b.labels) << factory;
    EXPECT_EQ(a.scores, b.scores) << factory;
    EXPECT_EQ(restored->Serialize(), bytes) << factory;
  }
}

// A source over `bytes` handing them out in the pieces asked for.
ByteSource SourceOf(const std::string& bytes, size_t* pos) {
  return [&bytes, pos](void* out, size_t n) -> Status {
    if (n > bytes.size() - *pos) return Status::Corruption("truncated test bytes");
    std::copy_n(bytes.data() + *pos, n, static_cast<char*>(out));
    *pos += n;
    return Status::Ok();
  };
}

TEST(VectorIndexTest, StreamedSerializationIsTheSameBytesInPieces) {
  const auto base = RandomUnitVectors(300, 16, 21);
  const auto queries = RandomUnitVectors(5, 16, 22);
  for (const char* factory : {"Flat", "HNSW32", "IVF4,Flat"}) {
    VectorIndex index = MustCreate(16, factory);
    ASSERT_TRUE(index.Add(300, base.data()).ok()) << factory;
    const std::string whole = index.Serialize();
    std::string streamed;
    int pieces = 0;
    ASSERT_TRUE(index.Serialize([&](std::string_view bytes) {
                  streamed.append(bytes);
                  ++pieces;
                  return Status::Ok();
                }).ok());
    EXPECT_EQ(streamed, whole) << factory;
    EXPECT_GT(pieces, 3) << factory;

    size_t pos = 0;
    uint64_t read = 0;
    auto restored = VectorIndex::Deserialize(SourceOf(whole, &pos), whole.size(), &read);
    ASSERT_TRUE(restored.ok()) << factory << ": " << restored.status().ToString();
    EXPECT_EQ(read, whole.size());
    EXPECT_EQ(pos, whole.size());
    EXPECT_EQ(MustSearch(*restored, queries, 5).labels, MustSearch(index, queries, 5).labels) << factory;
  }
}

TEST(VectorIndexTest, StreamedSerializationStopsAtTheSinksError) {
  VectorIndex index = MustCreate(8, "Flat");
  const auto base = RandomUnitVectors(50, 8, 23);
  ASSERT_TRUE(index.Add(50, base.data()).ok());
  for (int fail_at : {0, 1, 2, 3}) {  // the head, FAISS's first pieces
    int calls = 0;
    const Status st = index.Serialize([&](std::string_view) {
      return calls++ == fail_at ? Status::IOError("disk full") : Status::Ok();
    });
    EXPECT_EQ(st.code(), StatusCode::kIOError) << fail_at;
    EXPECT_EQ(st.message(), "disk full") << fail_at;
    EXPECT_EQ(calls, fail_at + 1) << "nothing is written after the failure";
  }
}

TEST(VectorIndexTest, StreamedDeserializationRefusesShortDamagedAndForeignBytes) {
  VectorIndex index = MustCreate(8, "Flat");
  const auto base = RandomUnitVectors(50, 8, 24);
  ASSERT_TRUE(index.Add(50, base.data()).ok());
  const std::string bytes = index.Serialize();
  for (size_t len : {size_t{0}, size_t{3}, size_t{12}, bytes.size() / 2, bytes.size() - 12, bytes.size() - 1}) {
    const std::string cut = bytes.substr(0, len);
    size_t pos = 0;
    auto r = VectorIndex::Deserialize(SourceOf(cut, &pos), cut.size());
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << len;
  }
  // A flipped bit in the vectors: FAISS reads it, the trailer's checksum catches it.
  std::string damaged = bytes;
  damaged[bytes.size() - 40] ^= 0x10;
  size_t pos = 0;
  auto r = VectorIndex::Deserialize(SourceOf(damaged, &pos), damaged.size());
  ASSERT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status().message();
  // A wrong body size in the trailer.
  damaged = bytes;
  damaged[bytes.size() - 12] ^= 0x01;
  pos = 0;
  EXPECT_EQ(VectorIndex::Deserialize(SourceOf(damaged, &pos), damaged.size()).status().code(), StatusCode::kCorruption);
  // A binary index's bytes are not a vector index.
  auto binary = BinaryIndex::Create(32);
  ASSERT_TRUE(binary.ok());
  const std::string foreign = binary->Serialize();
  pos = 0;
  EXPECT_EQ(VectorIndex::Deserialize(SourceOf(foreign, &pos), foreign.size()).status().code(), StatusCode::kCorruption);
}

TEST(VectorIndexTest, AddingRowsOnDemandMatchesAddingAnArray) {
  constexpr int kDim = 4;
  constexpr int64_t kN = 10000;  // several blocks
  const auto base = RandomUnitVectors(kN, kDim, 25);
  const VectorIndex::RowFill fill = [&](int64_t first, int64_t count, float* out) {
    std::copy_n(base.data() + first * kDim, count * kDim, out);
    return Status::Ok();
  };
  // HNSW is left out: its parallel build is not byte-reproducible.
  for (const char* factory : {"Flat", "IVF4,Flat"}) {
    VectorIndex from_array = MustCreate(kDim, factory);
    ASSERT_TRUE(from_array.Add(kN, base.data()).ok()) << factory;
    VectorIndex on_demand = MustCreate(kDim, factory);
    ASSERT_TRUE(on_demand.Add(kN, fill).ok()) << factory;
    EXPECT_EQ(on_demand.size(), kN);
    EXPECT_TRUE(on_demand.Serialize() == from_array.Serialize()) << factory;
  }
}

TEST(VectorIndexTest, AddingRowsOnDemandIsAllOrNothing) {
  constexpr int kDim = 4;
  constexpr int64_t kN = 9000, kBad = 8500;  // in the third block
  auto base = RandomUnitVectors(kN, kDim, 26);
  base[kBad * kDim + 2] = std::numeric_limits<float>::quiet_NaN();
  VectorIndex index = MustCreate(kDim, "Flat");
  ASSERT_TRUE(index.Add(3, base.data()).ok());
  const std::string before = index.Serialize();
  const Status st = index.Add(kN, [&](int64_t first, int64_t count, float* out) {
    std::copy_n(base.data() + first * kDim, count * kDim, out);
    return Status::Ok();
  });
  ASSERT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("vector 8500 "), std::string::npos) << st.message();
  EXPECT_EQ(index.size(), 3);
  EXPECT_EQ(index.Serialize(), before);

  // A fill that fails (out of memory in its workers, say) ends the Add the same way.
  const Status failed = index.Add(kN, [&](int64_t first, int64_t count, float* out) {
    if (first > 0) return Status::ResourceExhausted("out of memory");
    std::copy_n(base.data() + first * kDim, count * kDim, out);
    return Status::Ok();
  });
  EXPECT_EQ(failed.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(index.size(), 3);
  EXPECT_EQ(index.Serialize(), before);
}

TEST(VectorIndexTest, HnswRecallAgainstFlat) {
  constexpr int kDim = 64, kN = 2000, kQueries = 200;
  const auto base = RandomUnitVectors(kN, kDim, 13);
  const auto queries = RandomUnitVectors(kQueries, kDim, 14);
  VectorIndex flat = MustCreate(kDim, "Flat");
  VectorIndex hnsw = MustCreate(kDim, "HNSW32");
  ASSERT_TRUE(flat.Add(kN, base.data()).ok());
  ASSERT_TRUE(hnsw.Add(kN, base.data()).ok());
  const Results exact = MustSearch(flat, queries, 1);
  const Results approx = MustSearch(hnsw, queries, 1);
  int hits = 0;
  for (int q = 0; q < kQueries; ++q) {
    if (approx.labels[q] == exact.labels[q]) {
      ++hits;
      EXPECT_NEAR(approx.scores[q], exact.scores[q], 1e-5);
    }
  }
  RecordProperty("hnsw_recall_at_1", hits);
  EXPECT_GE(hits, kQueries * 95 / 100) << hits << " of " << kQueries;
}

TEST(VectorIndexTest, MoveKeepsTheIndex) {
  constexpr int kDim = 8;
  const auto base = RandomUnitVectors(5, kDim, 15);
  VectorIndex a = MustCreate(kDim, "Flat");
  ASSERT_TRUE(a.Add(5, base.data()).ok());
  VectorIndex b = std::move(a);
  EXPECT_EQ(b.size(), 5);
  VectorIndex c = MustCreate(4, "Flat");
  c = std::move(b);
  EXPECT_EQ(c.size(), 5);
  EXPECT_EQ(c.dim(), kDim);
}

TEST(VectorIndexTest, DeserializeGarbageIsCorruption) {
  std::mt19937 rng(16);
  for (int len : {0, 1, 4, 7, 16, 100, 4096}) {
    std::string junk(len, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    auto r = VectorIndex::Deserialize(junk);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  }
}

TEST(VectorIndexTest, DeserializeDamagedBytesIsCorruption) {
  constexpr int kDim = 16;
  const auto base = RandomUnitVectors(50, kDim, 17);
  VectorIndex index = MustCreate(kDim, "HNSW32");
  ASSERT_TRUE(index.Add(50, base.data()).ok());
  const std::string bytes = index.Serialize();

  // Every truncation is caught.
  for (size_t len = 0; len < bytes.size(); len += 7) {
    auto r = VectorIndex::Deserialize(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << len;
  }
  // A flipped byte anywhere is caught, by the envelope or by the checksum.
  for (size_t pos = 0; pos < bytes.size(); pos += 13) {
    std::string damaged = bytes;
    damaged[pos] ^= 0x20;
    auto r = VectorIndex::Deserialize(damaged);
    ASSERT_FALSE(r.ok()) << pos;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << pos;
  }
  std::string damaged = bytes;
  damaged[bytes.size() / 2] ^= 0x01;
  auto r = VectorIndex::Deserialize(damaged);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status().message();
}

// Seals `faiss_bytes` in a valid envelope, so that they reach FAISS's reader.
std::string SealForFaiss(std::string_view faiss_bytes) {
  ByteWriter head;
  head.PutU32(FourCC("PXVI"));
  head.PutU32(1);
  head.PutString("Flat");
  head.PutVarint32(0);
  std::string out;
  index_internal::EnvelopeWriter writer([&out](std::string_view bytes) {
    out.append(bytes);
    return Status::Ok();
  });
  EXPECT_TRUE(writer.Put(head.data()).ok());
  writer.StartBody();
  EXPECT_TRUE(writer.Put(faiss_bytes).ok());
  EXPECT_TRUE(writer.Finish().ok());
  return out;
}

TEST(VectorIndexTest, FaissReadErrorsBecomeCorruption) {
  // The sealing helper matches what Serialize writes.
  VectorIndex flat = MustCreate(8, "Flat");
  const auto base = RandomUnitVectors(40, 8, 18);
  ASSERT_TRUE(flat.Add(40, base.data()).ok());
  const std::string bytes = flat.Serialize();
  ASSERT_TRUE(VectorIndex::Deserialize(bytes).ok());

  std::mt19937 rng(19);
  for (int len : {0, 3, 4, 64, 1000}) {
    std::string junk(len, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    auto r = VectorIndex::Deserialize(SealForFaiss(junk));
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << len;
  }
  // Truncated FAISS data with a valid envelope: FAISS's own reader must fail
  // cleanly, for every index type.
  for (const char* factory : {"Flat", "HNSW32", "IVF4,Flat", "IVF4,PQ4"}) {
    VectorIndex index = MustCreate(8, factory);
    const auto many = RandomUnitVectors(300, 8, 20);
    ASSERT_TRUE(index.Add(300, many.data()).ok()) << factory;
    const std::string full = index.Serialize();
    // Locate the FAISS bytes: after the head, before the 12-byte trailer.
    const size_t head = 4 + 4 + 1 + std::string(factory).size() + 1;
    const std::string_view faiss_bytes = std::string_view(full).substr(head, full.size() - head - 12);
    ASSERT_TRUE(VectorIndex::Deserialize(SealForFaiss(faiss_bytes)).ok()) << factory;
    const size_t step = std::max<size_t>(1, faiss_bytes.size() / 300);
    for (size_t len = 0; len < faiss_bytes.size(); len += step) {
      auto r = VectorIndex::Deserialize(SealForFaiss(faiss_bytes.substr(0, len)));
      ASSERT_FALSE(r.ok()) << factory << " " << len;
      EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << factory << " " << len;
    }
  }
}

}  // namespace
}  // namespace parallax
