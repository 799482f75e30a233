#include "parallax/parallel.h"

#include <new>
#include <stdexcept>
#include <string>

namespace parallax {

int MaxThreads() {
  const int cores = std::max(1, omp_get_num_procs());
  return std::min(kThreadCap, 4 * cores);
}

int ThreadCount(int requested) {
  const int wanted = requested > 0 ? requested : omp_get_max_threads();
  return std::clamp(wanted, 1, MaxThreads());
}

void SetThreadCount(int threads) { omp_set_num_threads(ThreadCount(threads)); }

Status StatusFromException(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("out of memory: the work needs more memory than the machine could give");
  } catch (const std::length_error& x) {
    return Status::ResourceExhausted(std::string("a size beyond what can be allocated: ") + x.what());
  } catch (const std::exception& x) {
    const std::string what = x.what();
    return Status::Internal(what.empty() ? "exception in a worker thread" : what);
  } catch (...) {
    return Status::Internal("unknown exception in a worker thread");
  }
}

namespace parallel_internal {

void Errors::Fail(Status status) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    if (first_.ok()) first_ = std::move(status);
  } catch (...) {
    // Copying the message failed (no memory left): the flag below still stops the team.
  }
  stopped_.store(true, std::memory_order_relaxed);
}

void Errors::Fail(std::exception_ptr e) noexcept {
  stopped_.store(true, std::memory_order_relaxed);  // the others stop now, whatever follows
  try {
    Fail(StatusFromException(e));
  } catch (...) {
    // No memory left even for the message: TakeStatus reports a short one.
  }
}

Status Errors::TakeStatus() {
  if (stopped() && first_.ok()) return Status::ResourceExhausted("out of memory");  // short: no allocation
  return std::move(first_);
}

}  // namespace parallel_internal
}  // namespace parallax
