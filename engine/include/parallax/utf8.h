// UTF-8 helpers shared by every stage: validation and the byte <-> code-point
// offset map that reports need (Python and JavaScript slice by code point).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parallax {

// Returns the byte offset of the first invalid UTF-8 sequence, or npos if
// `text` is valid (overlong forms, surrogates and values > U+10FFFF are invalid).
size_t FindInvalidUtf8(std::string_view text);

// Appends the UTF-8 encoding of `codepoint` (a valid scalar value) to `out`.
void AppendUtf8(uint32_t codepoint, std::string* out);

// Maps byte offsets of one text to code-point offsets. Build once per text,
// then each lookup is O(log n).
class CodepointMap {
 public:
  explicit CodepointMap(std::string_view text);
  // Code-point index of the character that starts at or contains byte `offset`
  // (offset == text.size() maps to the number of code points).
  uint32_t ToCodepoint(uint32_t byte_offset) const;

 private:
  std::vector<uint32_t> starts_;  // byte offset of every 64th code point
  std::string_view text_;
};

}  // namespace parallax
