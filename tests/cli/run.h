// Runs the built `parallax` binary for the end-to-end CLI tests: argv arrays
// (no shell), stdout and stderr captured separately, the exit code, and a
// watchdog so a hung command fails its test instead of the whole suite.
//
// Environment of the test binary:
//   PARALLAX_CLI_BINARY=PATH   test that binary instead of <build>/parallax
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace parallax::cli_test {

struct RunResult {
  // The exit status; 128 + N when killed by signal N; -1 when it could not be run.
  int exit_code = -1;
  bool timed_out = false;
  // With RunParallaxMeasured: the command's peak resident memory, as GNU
  // time reads it (a child spawned from this process would inherit its size).
  long peak_rss_kb = -1;
  std::string out;
  std::string err;

  // The command, its exit code and both outputs (shortened), for failure messages.
  std::string Describe() const {
    auto cut = [](const std::string& s) { return s.size() > 4000 ? s.substr(0, 4000) + "\n[...]" : s; };
    return "$ " + command + "\nexit " + std::to_string(exit_code) + (timed_out ? " (timed out)" : "") +
           "\n--- stdout ---\n" + cut(out) + "\n--- stderr ---\n" + cut(err) + "\n";
  }
  std::string command;
};

namespace internal {

// An anonymous temporary file (already unlinked), close-on-exec; -1 on failure.
inline int AnonymousTempFile() {
  std::string name = (std::filesystem::temp_directory_path() / "parallax_cli_XXXXXX").string();
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

inline std::string ReadAll(int fd) {
  std::string data;
  if (::lseek(fd, 0, SEEK_SET) != 0) return data;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  return data;
}

}  // namespace internal

// Path of the binary under test: $PARALLAX_CLI_BINARY when set (to test
// another build or an installed binary), else the PARALLAX_BINARY compile
// definition (<build>/parallax).
inline std::string ParallaxBinary() {
  if (const char* binary = std::getenv("PARALLAX_CLI_BINARY"); binary && *binary) return binary;
  return PARALLAX_BINARY;
}

// Runs `parallax args...` with stdin from `stdin_path` (default /dev/null)
// and waits for it (at most `timeout`, then it is killed and timed_out is set).
inline RunResult RunParallax(const std::vector<std::string>& args,
                             std::chrono::milliseconds timeout = std::chrono::seconds(120),
                             const std::string& stdin_path = "/dev/null",
                             const std::vector<std::string>& wrapper = {}) {
  RunResult result;
  const std::string parallax = ParallaxBinary();
  const std::string binary = wrapper.empty() ? parallax : wrapper[0];
  result.command = "parallax";
  for (const std::string& a : args) result.command += " '" + a + "'";

  std::vector<char*> argv;
  for (const std::string& w : wrapper) argv.push_back(const_cast<char*>(w.c_str()));
  if (!wrapper.empty()) argv.push_back(const_cast<char*>(parallax.c_str()));
  if (wrapper.empty()) argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  const int out_fd = internal::AnonymousTempFile();
  const int err_fd = internal::AnonymousTempFile();
  if (out_fd < 0 || err_fd < 0) {
    result.err = std::string("cannot create a temporary file: ") + std::strerror(errno);
    if (out_fd >= 0) ::close(out_fd);
    if (err_fd >= 0) ::close(err_fd);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  pid_t pid = 0;
  const int spawn_error = ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    result.err = "cannot run " + binary + ": " + std::strerror(spawn_error);
    ::close(out_fd);
    ::close(err_fd);
    return result;
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = internal::ReadAll(out_fd);
  result.err = internal::ReadAll(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  return result;
}

// RunParallax under GNU time (/usr/bin/time, Debian package `time`), which
// also gives the command's peak resident memory; peak_rss_kb stays -1 when
// it is not installed.
inline RunResult RunParallaxMeasured(const std::vector<std::string>& args) {
  if (::access("/usr/bin/time", X_OK) != 0) return RunParallax(args);
  char name[] = "/tmp/parallax_peak_XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd < 0) return RunParallax(args);
  ::close(fd);
  RunResult result = RunParallax(args, std::chrono::seconds(120), "/dev/null", {"/usr/bin/time", "-f", "%M", "-o", name});
  FILE* f = std::fopen(name, "r");
  if (f != nullptr) {
    if (std::fscanf(f, "%ld", &result.peak_rss_kb) != 1) result.peak_rss_kb = -1;
    std::fclose(f);
  }
  ::unlink(name);
  return result;
}

}  // namespace parallax::cli_test
