#include "parallax/bytes.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace parallax {

// ---------------------------------------------------------------- ByteWriter

void ByteWriter::PutU16(uint16_t v) {
  const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
  data_.append(b, 2);
}

void ByteWriter::PutU32(uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  data_.append(b, 4);
}

void ByteWriter::PutU64(uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  data_.append(b, 8);
}

void ByteWriter::PutF32(float v) { PutU32(std::bit_cast<uint32_t>(v)); }

void ByteWriter::PutVarint64(uint64_t v) {
  char b[10];
  int n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  data_.append(b, n);
}

void ByteWriter::PutString(std::string_view s) {
  PutVarint64(s.size());
  data_.append(s.data(), s.size());
}

std::string ByteWriter::Release() {
  std::string out = std::move(data_);
  data_.clear();  // a moved-from string is valid but unspecified
  return out;
}

// ---------------------------------------------------------------- ByteReader

Status ByteReader::Need(size_t n, const char* what) const {
  if (n <= remaining()) return Status::Ok();
  return Status::Corruption("truncated " + std::string(what) + " at offset " + std::to_string(pos_) +
                            ": need " + std::to_string(n) + " bytes, " + std::to_string(remaining()) +
                            " left");
}

namespace {

uint64_t LoadLe(const char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

}  // namespace

Status ByteReader::GetU8(uint8_t* v) {
  PARALLAX_RETURN_IF_ERROR(Need(1, "u8"));
  *v = static_cast<uint8_t>(data_[pos_++]);
  return Status::Ok();
}

Status ByteReader::GetU16(uint16_t* v) {
  PARALLAX_RETURN_IF_ERROR(Need(2, "u16"));
  *v = static_cast<uint16_t>(LoadLe(data_.data() + pos_, 2));
  pos_ += 2;
  return Status::Ok();
}

Status ByteReader::GetU32(uint32_t* v) {
  PARALLAX_RETURN_IF_ERROR(Need(4, "u32"));
  *v = static_cast<uint32_t>(LoadLe(data_.data() + pos_, 4));
  pos_ += 4;
  return Status::Ok();
}

Status ByteReader::GetU64(uint64_t* v) {
  PARALLAX_RETURN_IF_ERROR(Need(8, "u64"));
  *v = LoadLe(data_.data() + pos_, 8);
  pos_ += 8;
  return Status::Ok();
}

Status ByteReader::GetI64(int64_t* v) {
  uint64_t u;
  PARALLAX_RETURN_IF_ERROR(GetU64(&u));
  *v = static_cast<int64_t>(u);
  return Status::Ok();
}

Status ByteReader::GetF32(float* v) {
  uint32_t u;
  PARALLAX_RETURN_IF_ERROR(GetU32(&u));
  *v = std::bit_cast<float>(u);
  return Status::Ok();
}

Status ByteReader::GetVarint64(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (done()) {
      return Status::Corruption("truncated varint at offset " + std::to_string(pos_));
    }
    const uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && byte > 1) {
      return Status::Corruption("varint overflows 64 bits at offset " + std::to_string(pos_ - 1));
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return Status::Ok();
    }
  }
  return Status::Corruption("varint longer than 10 bytes at offset " + std::to_string(pos_));
}

Status ByteReader::GetVarint32(uint32_t* v) {
  const size_t start = pos_;
  uint64_t wide;
  PARALLAX_RETURN_IF_ERROR(GetVarint64(&wide));
  if (wide > UINT32_MAX || pos_ - start > 5) {
    return Status::Corruption("varint overflows 32 bits at offset " + std::to_string(start));
  }
  *v = static_cast<uint32_t>(wide);
  return Status::Ok();
}

Status ByteReader::GetString(std::string* s, size_t max_len) {
  const size_t start = pos_;
  uint64_t len;
  PARALLAX_RETURN_IF_ERROR(GetVarint64(&len));
  if (len > max_len) {
    return Status::Corruption("string length " + std::to_string(len) + " at offset " + std::to_string(start) +
                              " exceeds the limit of " + std::to_string(max_len));
  }
  PARALLAX_RETURN_IF_ERROR(Need(static_cast<size_t>(len), "string"));
  s->assign(data_.data() + pos_, static_cast<size_t>(len));
  pos_ += static_cast<size_t>(len);
  return Status::Ok();
}

Status ByteReader::GetBytes(void* p, size_t n) {
  PARALLAX_RETURN_IF_ERROR(Need(n, "bytes"));
  if (n > 0) std::memcpy(p, data_.data() + pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status ByteReader::GetView(size_t n, std::string_view* view) {
  PARALLAX_RETURN_IF_ERROR(Need(n, "bytes"));
  *view = data_.substr(pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status ByteReader::Skip(size_t n) {
  PARALLAX_RETURN_IF_ERROR(Need(n, "bytes"));
  pos_ += n;
  return Status::Ok();
}

// ---------------------------------------------------------------- CRC-32C

namespace {

constexpr uint32_t kCrc32cPoly = 0x82F63B78;  // Castagnoli, bit-reflected

// table[k][b]: CRC contribution of byte b followed by k zero bytes, so eight
// input bytes are folded with eight independent lookups (slicing-by-8).
using CrcTables = std::array<std::array<uint32_t, 256>, 8>;

constexpr CrcTables MakeCrcTables() {
  CrcTables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int i = 0; i < 8; ++i) c = (c & 1) ? (c >> 1) ^ kCrc32cPoly : c >> 1;
    t[0][b] = c;
  }
  for (int k = 1; k < 8; ++k) {
    for (uint32_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xFF];
  }
  return t;
}

constexpr CrcTables kCrcTables = MakeCrcTables();

}  // namespace

uint32_t Crc32c(std::string_view data, uint32_t seed) {
  const auto& t = kCrcTables;
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  uint32_t crc = ~seed;
  while (n >= 8) {
    // Assembled byte by byte so the result does not depend on host endianness;
    // compilers turn this into a single load on little-endian machines.
    const uint32_t lo = crc ^ (static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                               static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24);
    crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
          t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ t[0][(crc ^ *p++) & 0xFF];
  return ~crc;
}

}  // namespace parallax

namespace parallax {

namespace {

// Hash64's own mixer, frozen: manifests store Hash64 values.
uint64_t HashMix(uint64_t x) {
  x ^= x >> 32;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  x *= 0xD6E8FEB86659FD93ull;
  return x ^ (x >> 32);
}

constexpr uint64_t kHashMul = 0x9E3779B97F4A7C15ull;

}  // namespace

void Hasher64::Word(uint64_t word) {
  state_ = (state_ ^ HashMix(word)) * kHashMul;
  state_ ^= state_ >> 29;
}

void Hasher64::Update(std::string_view data) {
  // An empty view may have no data pointer (FAISS writes empty vectors as
  // (nullptr, 0)), and memcpy from a null pointer is undefined even for 0 bytes.
  if (data.empty()) return;
  size_t pending = size_ % 8;
  size_ += data.size();
  size_t i = 0;
  if (pending > 0) {  // complete the word left over from the last piece
    const size_t take = std::min(8 - pending, data.size());
    std::memcpy(tail_ + pending, data.data(), take);
    i = take;
    if (pending + take < 8) return;
    uint64_t word;
    std::memcpy(&word, tail_, 8);
    Word(word);
  }
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, data.data() + i, 8);
    Word(word);
  }
  std::memcpy(tail_, data.data() + i, data.size() - i);
}

uint64_t Hasher64::Finish() const {
  // The length goes in last, since a stream does not know it up front.
  const size_t pending = size_ % 8;
  uint64_t tail = 0;
  std::memcpy(&tail, tail_, pending);
  return HashMix(state_ ^ HashMix(tail ^ pending) ^ HashMix(size_ * kHashMul));
}

uint64_t Hash64(std::string_view data) {
  Hasher64 h;
  h.Update(data);
  return h.Finish();
}

}  // namespace parallax
