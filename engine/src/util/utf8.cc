#include "parallax/utf8.h"

#include <algorithm>

namespace parallax {

size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {
constexpr uint32_t kStride = 64;
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

CodepointMap::CodepointMap(std::string_view text) : text_(text) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(text[i])) continue;
    if (count % kStride == 0) starts_.push_back(i);
    ++count;
  }
}

uint32_t CodepointMap::ToCodepoint(uint32_t byte_offset) const {
  byte_offset = std::min<uint32_t>(byte_offset, text_.size());
  // Last checkpoint at or before the offset, then count lead bytes up to it.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), byte_offset);
  if (it == starts_.begin()) return 0;
  --it;
  uint32_t cp = static_cast<uint32_t>(it - starts_.begin()) * kStride;
  for (uint32_t i = *it; i < byte_offset; ++i) {
    if (!IsContinuation(text_[i])) ++cp;
  }
  // A byte offset inside a character maps to that character.
  if (byte_offset < text_.size() && IsContinuation(text_[byte_offset])) --cp;
  return cp;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace parallax
