// Parallel loops that report failure as a Status: an exception thrown by a
// worker (std::bad_alloc above all) is caught inside that worker, the
// remaining iterations are skipped, and the first failure comes back as a
// Status instead of reaching std::terminate. Built on OpenMP, with the same
// schedules as the `#pragma omp for` loops they replace.
//
//   PARALLAX_RETURN_IF_ERROR(ParallelFor(n, Schedule::Dynamic(32), [&](int64_t i) { out[i] = f(in[i]); }));
//
// A body returns void, or a Status whose failure stops the loop like an
// exception does. Thread counts are clamped to MaxThreads(): asking OpenMP
// for 100,000 threads overflows libgomp's stack before any of them starts.
#pragma once

#ifndef _OPENMP
#error "parallax/parallel.h needs OpenMP (link OpenMP::OpenMP_CXX)"
#endif

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <type_traits>
#include <utility>

#include "parallax/status.h"

namespace parallax {

// How a loop's iterations are handed to threads, as OpenMP's schedule clause.
struct Schedule {
  enum class Kind { kStatic, kDynamic };
  Kind kind = Kind::kStatic;
  int chunk = 1;  // kDynamic: iterations a thread takes at a time
  // Equal contiguous shares, one per thread: schedule(static).
  static constexpr Schedule Static() { return {Kind::kStatic, 1}; }
  // Chunks of `chunk` iterations to whichever thread is free: schedule(dynamic, chunk).
  static constexpr Schedule Dynamic(int chunk) { return {Kind::kDynamic, chunk < 1 ? 1 : chunk}; }
};

// The most threads parallel work runs on: 4 per core (omp_get_num_procs(),
// which honours the CPU affinity mask), and never more than 256.
int MaxThreads();
inline constexpr int kThreadCap = 256;
// The threads a loop that asks for `requested` gets: requested, or the OpenMP
// default (omp_get_max_threads(), OMP_NUM_THREADS) when it is 0 or less,
// clamped to [1, MaxThreads()].
int ThreadCount(int requested = 0);
// Sets the thread count of later parallel work, ours and the libraries'
// (FAISS, which reads omp_get_max_threads()): ThreadCount(threads), so that
// 0 keeps the OpenMP default within the clamp.
void SetThreadCount(int threads);

// The Status for an exception caught in a worker: std::bad_alloc becomes
// kResourceExhausted "out of memory"; anything else kInternal with its what().
Status StatusFromException(std::exception_ptr e);

namespace parallel_internal {

// The first failure of a team, and whether there was one (read on every
// iteration, so that the others stop soon).
class Errors {
 public:
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
  void Fail(Status status) noexcept;
  void Fail(std::exception_ptr e) noexcept;
  // The first failure; Ok when there was none.
  Status TakeStatus();

 private:
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  Status first_;
};

// Calls f(args...) unless the team stopped; a failure it returns or throws
// is recorded. Never throws.
template <typename F, typename... Args>
inline void Invoke(Errors* errors, F& f, Args&&... args) noexcept {
  if (errors->stopped()) return;
  try {
    if constexpr (std::is_convertible_v<std::invoke_result_t<F&, Args...>, Status>) {
      Status st = f(std::forward<Args>(args)...);
      if (!st.ok()) errors->Fail(std::move(st));
    } else {
      f(std::forward<Args>(args)...);
    }
  } catch (...) {
    errors->Fail(std::current_exception());
  }
}

}  // namespace parallel_internal

// One thread's handle on the team of a ParallelRegion: the worksharing loops
// and the locked sections that region code calls. Region code outside these
// calls must not throw (declare thread-local state there, fill it in Run):
// every thread of a team has to reach every loop, or the team deadlocks.
class ParallelTeam {
 public:
  // Shares iterations [0, n) among the team's threads (an orphaned
  // `#pragma omp for`): every thread of the team must call For with the same
  // n, schedule and nowait, in the same order. Waits for the whole team at
  // the end unless `nowait`. After a failure the remaining iterations are skipped.
  template <typename Body>
  void For(int64_t n, Schedule schedule, Body&& body, bool nowait = false) noexcept;
  // Runs f on this thread (setting up its own state, which may allocate).
  template <typename F>
  void Run(F&& f) noexcept {
    parallel_internal::Invoke(errors_, f);
  }
  // Runs f on one thread of the team at a time (merging thread-local results).
  template <typename F>
  void Critical(F&& f) noexcept {
    if (errors_->stopped()) return;
    try {
      std::lock_guard<std::mutex> lock(*mutex_);
      parallel_internal::Invoke(errors_, f);
    } catch (...) {  // the lock itself
      errors_->Fail(std::current_exception());
    }
  }
  // True once any thread of the team failed: what is left is skipped.
  bool stopped() const { return errors_->stopped(); }

  // Made by ParallelRegion, one per thread.
  ParallelTeam(parallel_internal::Errors* errors, std::mutex* mutex) : errors_(errors), mutex_(mutex) {}

 private:
  parallel_internal::Errors* errors_;
  std::mutex* mutex_;
};

template <typename Body>
void ParallelTeam::For(int64_t n, Schedule schedule, Body&& body, bool nowait) noexcept {
  parallel_internal::Errors* const errors = errors_;
  const int chunk = std::max(1, schedule.chunk);
  if (schedule.kind == Schedule::Kind::kDynamic) {
    if (nowait) {
#pragma omp for schedule(dynamic, chunk) nowait
      for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(errors, body, i);
    } else {
#pragma omp for schedule(dynamic, chunk)
      for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(errors, body, i);
    }
  } else {
    if (nowait) {
#pragma omp for schedule(static) nowait
      for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(errors, body, i);
    } else {
#pragma omp for schedule(static)
      for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(errors, body, i);
    }
  }
}

// Runs region(team) on each thread of one OpenMP parallel region of
// ThreadCount(threads) threads, for loops that keep per-thread state:
//
//   ParallelRegion([&](ParallelTeam& team) {
//     std::vector<uint64_t> local;                     // must not throw here
//     team.Run([&] { local.assign(size, 0); });
//     team.For(n, Schedule::Dynamic(256), [&](int64_t i) { ... local ... });
//     team.Critical([&] { Merge(local, &total); });
//   });
//
// Returns the first failure of any thread; the others skip what is left.
template <typename Region>
Status ParallelRegion(Region&& region, int threads = 0) {
  parallel_internal::Errors errors;
  std::mutex mutex;
  const int team_size = ThreadCount(threads);
#pragma omp parallel num_threads(team_size)
  {
    ParallelTeam team(&errors, &mutex);
    region(team);
  }
  return errors.TakeStatus();
}

// body(i) for every i in [0, n), as `#pragma omp parallel for
// schedule(...)` on ThreadCount(threads) threads; the first failure (an
// exception or a Status a body returns) stops the loop and is returned.
template <typename Body>
Status ParallelFor(int64_t n, Schedule schedule, Body&& body, int threads = 0) {
  if (n <= 0) return Status::Ok();
  parallel_internal::Errors errors;
  const int team_size = ThreadCount(threads);
  const int chunk = std::max(1, schedule.chunk);
  if (schedule.kind == Schedule::Kind::kDynamic) {
#pragma omp parallel for schedule(dynamic, chunk) num_threads(team_size)
    for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(&errors, body, i);
  } else {
#pragma omp parallel for schedule(static) num_threads(team_size)
    for (int64_t i = 0; i < n; ++i) parallel_internal::Invoke(&errors, body, i);
  }
  return errors.TakeStatus();
}

}  // namespace parallax
