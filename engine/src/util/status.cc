#include "parallax/status.h"

namespace parallax {

std::string Status::ToString() const {
  switch (code_) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument: " + message_;
    case StatusCode::kNotFound: return "not found: " + message_;
    case StatusCode::kCorruption: return "corruption: " + message_;
    case StatusCode::kIOError: return "I/O error: " + message_;
    case StatusCode::kUnavailable: return "unavailable: " + message_;
    case StatusCode::kInternal: return "internal error: " + message_;
    case StatusCode::kResourceExhausted: return message_;  // "out of memory: ..." says it
  }
  return message_;
}

}  // namespace parallax
