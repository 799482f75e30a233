// Returning freed memory to the system between the big phases of a job.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace parallax {

// Hands the heap's free pages back to the OS. A phase (tokenizer training,
// per-thread scratch, a k-NN join) can free hundreds of MB that glibc keeps
// mapped, scattered between long-lived allocations, and the next phase's
// peak would stack on top of them.
inline void ReleaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace parallax
