// Helpers shared by the libFuzzer harnesses (fuzz/*_fuzzer.cc).
//
// A harness calls the engine's reader of untrusted bytes with each input and
// traps (a crash libFuzzer records) when a result breaks what the reader
// promises; errors returned as a Status are the expected outcome of most
// inputs. Each process works in a private folder on tmpfs, removed at exit.
#pragma once

#include <omp.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace parallax::fuzz {

// A broken promise of the code under test: a crash for libFuzzer to record.
#define PARALLAX_FUZZ_CHECK(cond)                                                \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
      __builtin_trap();                                                          \
    }                                                                            \
  } while (0)

inline std::string_view Bytes(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// This process's folder (on /dev/shm when there is one: inputs are written
// to files thousands of times a second), removed when the process exits.
inline const std::filesystem::path& WorkDir() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    const char* base = std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/parallax-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(WorkDir(), ignored);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();
  }
}

// One thread: libFuzzer runs one input at a time, and OpenMP worker threads
// would only add noise (and leak-checker work) to each run.
inline void SingleThreaded() { omp_set_num_threads(1); }

}  // namespace parallax::fuzz
