// Little-endian binary encoding for everything parallax stores, and CRC-32C.
// Readers never trust their input: every read is bounds-checked and reports
// Corruption instead of reading past the end, so a damaged file cannot crash
// the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "parallax/status.h"

namespace parallax {

// Appends little-endian values to a growing byte string.
class ByteWriter {
 public:
  ByteWriter() = default;
  // Appends to an existing buffer (e.g. one that already holds a header).
  explicit ByteWriter(std::string initial) : data_(std::move(initial)) {}

  void PutU8(uint8_t v) { data_.push_back(static_cast<char>(v)); }
  void PutU16(uint16_t v);
  void PutU32(uint32_t v);
  void PutU64(uint64_t v);
  void PutI64(int64_t v) { PutU64(static_cast<uint64_t>(v)); }  // two's complement
  void PutF32(float v);
  // LEB128: 7 bits per byte, low groups first, high bit set on all but the last.
  void PutVarint32(uint32_t v) { PutVarint64(v); }
  void PutVarint64(uint64_t v);
  // Varint byte length, then the bytes.
  void PutString(std::string_view s);
  void PutBytes(const void* p, size_t n) { data_.append(static_cast<const char*>(p), n); }

  size_t size() const { return data_.size(); }
  std::string& data() { return data_; }
  // Hands over the buffer and leaves the writer empty.
  std::string Release();

 private:
  std::string data_;
};

// Where a serializer sends its bytes, piece by piece, so that a large
// structure is never copied whole in memory (a FileWriter's Append, say).
// A failed call stops the serializer, which returns that status.
using ByteSink = std::function<Status(std::string_view bytes)>;
// Where a deserializer takes its bytes from: exactly `n` more into `out`,
// or Corruption ("truncated ...") when fewer are left.
using ByteSource = std::function<Status(void* out, size_t n)>;

// Reads what ByteWriter wrote. The viewed bytes must outlive the reader.
// On failure the read position is unspecified; stop decoding.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  Status GetU8(uint8_t* v);
  Status GetU16(uint16_t* v);
  Status GetU32(uint32_t* v);
  Status GetU64(uint64_t* v);
  Status GetI64(int64_t* v);
  Status GetF32(float* v);
  // Rejects encodings longer than the type allows or whose value overflows it.
  Status GetVarint32(uint32_t* v);
  Status GetVarint64(uint64_t* v);
  // Refuses a declared length above `max_len`, so a damaged length cannot
  // trigger a huge allocation.
  Status GetString(std::string* s, size_t max_len);
  Status GetBytes(void* p, size_t n);
  // Zero-copy: `*view` points into the reader's input.
  Status GetView(size_t n, std::string_view* view);
  Status Skip(size_t n);

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool done() const { return pos_ == data_.size(); }

 private:
  // Ok if `n` more bytes are present; otherwise "truncated <what> ...".
  Status Need(size_t n, const char* what) const;

  std::string_view data_;
  size_t pos_ = 0;
};

// A strong 64-bit mix (the splitmix64 finaliser): how ids and keys are hashed
// in memory and in models (feature keys, dense dimensions and signs,
// fingerprints). Hash64 keeps a mixer of its own: manifests store its values.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), slicing-by-8.
// `seed` is a previous result to extend: Crc32c(b, Crc32c(a)) == Crc32c(a + b).
// Crc32c("123456789") == 0xE3069283.
uint32_t Crc32c(std::string_view data, uint32_t seed = 0);

// A 64-bit content hash for telling two versions of a file apart (the
// manifest's record of each file). Unlike a CRC it has no residue property:
// data followed by its own CRC does not hash to a constant.
uint64_t Hash64(std::string_view data);

// Hash64 of data given in pieces: any split of the same bytes gives the same
// value as Hash64 of them all, so a file can be stamped while it streams.
class Hasher64 {
 public:
  void Update(std::string_view data);
  uint64_t Finish() const;

 private:
  void Word(uint64_t word);

  uint64_t state_ = 0x243F6A8885A308D3ull;
  uint64_t size_ = 0;
  char tail_[8] = {};  // bytes not yet making a whole word; size_ % 8 of them
};

}  // namespace parallax
