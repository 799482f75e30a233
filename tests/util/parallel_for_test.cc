#include "parallax/parallel.h"

#include <gtest/gtest.h>

#include <omp.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <vector>

#include "parallax/status.h"
#include "sanitizer/build.h"

namespace parallax {
namespace {

using testing_util::kAddressSanitizer;

// Every index visited exactly once, for both schedules and several team sizes.
TEST(ParallelForTest, VisitsEveryIndexOnce) {
  for (const Schedule schedule : {Schedule::Static(), Schedule::Dynamic(1), Schedule::Dynamic(32)}) {
    for (const int threads : {0, 1, 3}) {
      const int64_t n = 10007;
      std::vector<std::atomic<int>> visits(n);
      const Status st = ParallelFor(n, schedule, [&](int64_t i) { ++visits[i]; }, threads);
      ASSERT_TRUE(st.ok()) << st.ToString();
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(visits[i].load(), 1) << "index " << i;
    }
  }
}

TEST(ParallelForTest, NothingToDo) {
  bool called = false;
  EXPECT_TRUE(ParallelFor(0, Schedule::Dynamic(8), [&](int64_t) { called = true; }).ok());
  EXPECT_TRUE(ParallelFor(-5, Schedule::Static(), [&](int64_t) { called = true; }).ok());
  EXPECT_FALSE(called);
}

// An exception in a worker is a Status, not std::terminate; the others stop.
TEST(ParallelForTest, ExceptionInAWorkerIsAStatus) {
  std::atomic<int64_t> ran{0};
  const int64_t n = 1'000'000;
  const Status st = ParallelFor(n, Schedule::Dynamic(1), [&](int64_t i) {
    ++ran;
    if (i == 10) throw std::runtime_error("row 10 is broken");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInternal);
  EXPECT_EQ(st.message(), "row 10 is broken");
  EXPECT_LT(ran.load(), n) << "the remaining iterations are skipped";
}

TEST(ParallelForTest, BadAllocIsOutOfMemory) {
  for (const Schedule schedule : {Schedule::Static(), Schedule::Dynamic(64)}) {
    const Status st = ParallelFor(1000, schedule, [&](int64_t i) {
      if (i % 7 == 3) throw std::bad_alloc();
    });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
    EXPECT_NE(st.ToString().find("out of memory"), std::string::npos) << st.ToString();
  }
  // A real one: far more than any machine has (AddressSanitizer's allocator
  // reports such a request instead of throwing).
  if (kAddressSanitizer) return;
  const Status st = ParallelFor(4, Schedule::Dynamic(1), [&](int64_t) {
    std::vector<char> huge;
    huge.reserve(size_t{1} << 62);
  });
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted) << st.ToString();
}

TEST(ParallelForTest, FailedStatusStopsTheLoop) {
  std::atomic<int64_t> ran{0};
  const Status st = ParallelFor(100000, Schedule::Dynamic(1), [&](int64_t i) -> Status {
    ++ran;
    if (i == 0) return Status::InvalidArgument("first row refused");
    return Status::Ok();
  }, 2);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "first row refused");
  EXPECT_LT(ran.load(), 100000);
}

TEST(ParallelForTest, ThreadCountIsClamped) {
  EXPECT_GE(MaxThreads(), 1);
  EXPECT_LE(MaxThreads(), kThreadCap);
  EXPECT_LE(MaxThreads(), 4 * omp_get_num_procs());
  EXPECT_EQ(ThreadCount(100000), MaxThreads());
  EXPECT_EQ(ThreadCount(1), 1);
  EXPECT_GE(ThreadCount(0), 1);
  EXPECT_GE(ThreadCount(-1), 1);
  // A team asked for 100,000 threads runs on the clamp (asking OpenMP itself
  // for that many overflows libgomp's stack).
  std::atomic<int> most{0};
  const Status st = ParallelFor(1000, Schedule::Dynamic(1), [&](int64_t) {
    int seen = omp_get_num_threads();
    int before = most.load();
    while (seen > before && !most.compare_exchange_weak(before, seen)) {
    }
  }, 100000);
  ASSERT_TRUE(st.ok());
  EXPECT_LE(most.load(), MaxThreads());

  const int saved = omp_get_max_threads();
  SetThreadCount(100000);
  EXPECT_EQ(omp_get_max_threads(), MaxThreads());
  SetThreadCount(1);
  EXPECT_EQ(omp_get_max_threads(), 1);
  omp_set_num_threads(saved);
}

// Per-thread state, two loops (the first without a barrier) and a merge:
// every index of both loops counted once; a failure in any part is the Status.
TEST(ParallelRegionTest, ThreadLocalStateLoopsAndMerge) {
  const int64_t n = 5000, m = 3000;
  std::vector<int64_t> totals(n + m, 0);
  const Status st = ParallelRegion([&](ParallelTeam& team) {
    std::vector<int64_t> local;
    team.Run([&] { local.assign(n + m, 0); });
    team.For(n, Schedule::Dynamic(1), [&](int64_t i) { ++local[i]; }, /*nowait=*/true);
    team.For(m, Schedule::Dynamic(64), [&](int64_t i) { ++local[n + i]; });
    team.Critical([&] {
      for (int64_t i = 0; i < n + m; ++i) totals[i] += local[i];
    });
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  for (int64_t i = 0; i < n + m; ++i) ASSERT_EQ(totals[i], 1) << i;
}

TEST(ParallelRegionTest, FailureInSetupSkipsTheLoopsWithoutDeadlock) {
  std::atomic<int64_t> ran{0}, merged{0};
  const Status st = ParallelRegion([&](ParallelTeam& team) {
    std::vector<char> local;
    team.Run([&] {
      if (omp_get_thread_num() == 0) throw std::bad_alloc();
      local.resize(8);
    });
    team.For(1000, Schedule::Dynamic(1), [&](int64_t) { ++ran; });
    team.For(1000, Schedule::Static(), [&](int64_t) { ++ran; });
    team.Critical([&] { ++merged; });
  }, 3);
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted) << st.ToString();
  EXPECT_LT(ran.load(), 2000) << "the loops stop once the failure is known";
  EXPECT_EQ(merged.load(), 0) << "after the loops' barrier, every thread knows of the failure";
}

TEST(ParallelRegionTest, ExceptionInCriticalIsAStatus) {
  const Status st = ParallelRegion([&](ParallelTeam& team) {
    team.Critical([&] { throw std::logic_error("merge failed"); });
  });
  EXPECT_EQ(st.code(), StatusCode::kInternal);
  EXPECT_EQ(st.message(), "merge failed");
}

}  // namespace
}  // namespace parallax
