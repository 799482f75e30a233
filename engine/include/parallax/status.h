// Status and StatusOr: how every engine call reports failure. The engine never
// exits or aborts on user input; the CLI maps codes to exit statuses.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace parallax {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something unusable (bad flag value, bad input text)
  kNotFound,         // a file or collection that should exist does not
  kCorruption,       // a stored file fails its magic, version, size or checksum check
  kIOError,          // the operating system refused a read or write
  kUnavailable,      // another process holds what is needed (a collection being written)
  kInternal,         // a bug or a library failure we did not expect
  kResourceExhausted,  // out of memory, or a size beyond what can be allocated
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "corruption: <message>" — for logs and the CLI.
  std::string ToString() const;
  // Prefixes the message with context ("reading foo.txt: ...").
  Status WithContext(const std::string& context) const {
    return ok() ? *this : Status(code_, context + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT
  StatusOr(T value) : v_(std::move(value)) {}                                           // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace parallax

// Returns early from the enclosing function when `expr` is not ok.
#define PARALLAX_RETURN_IF_ERROR(expr)          \
  do {                                          \
    ::parallax::Status _st = (expr);            \
    if (!_st.ok()) return _st;                  \
  } while (0)
