#include "parallax/bytes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "parallax/status.h"

namespace parallax {
namespace {

TEST(ByteWriterTest, WritesLittleEndian) {
  ByteWriter w;
  w.PutU16(0x0102);
  w.PutU32(0x03040506);
  w.PutU64(0x0708090a0b0c0d0eULL);
  const std::string expected("\x02\x01\x06\x05\x04\x03\x0e\x0d\x0c\x0b\x0a\x09\x08\x07", 14);
  EXPECT_EQ(w.data(), expected);
}

TEST(ByteWriterTest, VarintEncoding) {
  ByteWriter w;
  w.PutVarint32(0);
  w.PutVarint32(127);
  w.PutVarint32(128);
  w.PutVarint32(300);
  EXPECT_EQ(w.data(), std::string("\x00\x7f\x80\x01\xac\x02", 6));
  ByteWriter big;
  big.PutVarint64(UINT64_MAX);
  EXPECT_EQ(big.size(), 10u);
}

TEST(ByteWriterTest, ReleaseEmptiesTheWriter) {
  ByteWriter w;
  w.PutU32(7);
  const std::string out = w.Release();
  EXPECT_EQ(out.size(), 4u);
  EXPECT_EQ(w.size(), 0u);
  w.PutU8(1);
  EXPECT_EQ(w.data(), std::string("\x01"));
}

// Writes one of everything; the reader must get the same values back.
std::string EncodeSample() {
  ByteWriter w;
  w.PutU8(0xAB);
  w.PutU16(0xBEEF);
  w.PutU32(0xDEADBEEF);
  w.PutU64(0x0123456789ABCDEFULL);
  w.PutI64(-42);
  w.PutF32(-1.5f);
  w.PutVarint32(UINT32_MAX);
  w.PutVarint64(UINT64_MAX);
  w.PutVarint64(1234567);
  w.PutString("héllo");
  w.PutString("");
  w.PutBytes("xyz", 3);
  return w.Release();
}

Status DecodeSample(std::string_view data) {
  ByteReader r(data);
  uint8_t u8;
  uint16_t u16;
  uint32_t u32, v32;
  uint64_t u64, v64a, v64b;
  int64_t i64;
  float f;
  std::string s1, s2;
  char raw[3];
  PARALLAX_RETURN_IF_ERROR(r.GetU8(&u8));
  PARALLAX_RETURN_IF_ERROR(r.GetU16(&u16));
  PARALLAX_RETURN_IF_ERROR(r.GetU32(&u32));
  PARALLAX_RETURN_IF_ERROR(r.GetU64(&u64));
  PARALLAX_RETURN_IF_ERROR(r.GetI64(&i64));
  PARALLAX_RETURN_IF_ERROR(r.GetF32(&f));
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&v32));
  PARALLAX_RETURN_IF_ERROR(r.GetVarint64(&v64a));
  PARALLAX_RETURN_IF_ERROR(r.GetVarint64(&v64b));
  PARALLAX_RETURN_IF_ERROR(r.GetString(&s1, 100));
  PARALLAX_RETURN_IF_ERROR(r.GetString(&s2, 100));
  PARALLAX_RETURN_IF_ERROR(r.GetBytes(raw, 3));
  EXPECT_TRUE(r.done());
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(u8, 0xAB);
  EXPECT_EQ(u16, 0xBEEF);
  EXPECT_EQ(u32, 0xDEADBEEFu);
  EXPECT_EQ(u64, 0x0123456789ABCDEFULL);
  EXPECT_EQ(i64, -42);
  EXPECT_EQ(f, -1.5f);
  EXPECT_EQ(v32, UINT32_MAX);
  EXPECT_EQ(v64a, UINT64_MAX);
  EXPECT_EQ(v64b, 1234567u);
  EXPECT_EQ(s1, "héllo");
  EXPECT_EQ(s2, "");
  EXPECT_EQ(std::string(raw, 3), "xyz");
  return Status::Ok();
}

TEST(ByteReaderTest, RoundTrip) {
  const std::string data = EncodeSample();
  const Status st = DecodeSample(data);
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST(ByteReaderTest, FloatSpecialValuesRoundTrip) {
  ByteWriter w;
  w.PutF32(std::numeric_limits<float>::infinity());
  w.PutF32(std::numeric_limits<float>::denorm_min());
  w.PutF32(std::nanf(""));
  const std::string data = w.Release();
  ByteReader r(data);
  float a, b, c;
  ASSERT_TRUE(r.GetF32(&a).ok());
  ASSERT_TRUE(r.GetF32(&b).ok());
  ASSERT_TRUE(r.GetF32(&c).ok());
  EXPECT_EQ(a, std::numeric_limits<float>::infinity());
  EXPECT_EQ(b, std::numeric_limits<float>::denorm_min());
  EXPECT_TRUE(std::isnan(c));
}

TEST(ByteReaderTest, EveryTruncationFailsCleanly) {
  const std::string data = EncodeSample();
  for (size_t len = 0; len < data.size(); ++len) {
    // A copy of exactly `len` bytes, so that a read past the end is caught by
    // sanitizers rather than landing in the rest of the original buffer.
    const std::string prefix = data.substr(0, len);
    const Status st = DecodeSample(prefix);
    ASSERT_FALSE(st.ok()) << "length " << len;
    EXPECT_EQ(st.code(), StatusCode::kCorruption) << "length " << len;
    EXPECT_NE(st.message().find("truncated"), std::string::npos) << st.message();
  }
}

TEST(ByteReaderTest, ReadsPastEndReportTruncation) {
  ByteReader r(std::string_view("\x01\x02", 2));
  uint32_t v;
  const Status st = r.GetU32(&v);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("truncated"), std::string::npos);
  ByteReader empty(std::string_view{});
  EXPECT_TRUE(empty.done());
  EXPECT_EQ(empty.Skip(1).code(), StatusCode::kCorruption);
  uint8_t b;
  EXPECT_EQ(empty.GetU8(&b).code(), StatusCode::kCorruption);
}

TEST(ByteReaderTest, GetStringRefusesLengthAboveLimit) {
  ByteWriter w;
  w.PutString("abcdef");
  const std::string data = w.Release();
  std::string s;
  ByteReader strict(data);
  const Status st = strict.GetString(&s, 5);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  ByteReader exact(data);
  EXPECT_TRUE(exact.GetString(&s, 6).ok());
  EXPECT_EQ(s, "abcdef");
}

TEST(ByteReaderTest, HugeDeclaredStringLengthIsRejectedWithoutAllocating) {
  ByteWriter w;
  w.PutVarint64(UINT64_MAX);
  const std::string data = w.Release();
  ByteReader r(data);
  std::string s;
  EXPECT_EQ(r.GetString(&s, std::numeric_limits<size_t>::max()).code(), StatusCode::kCorruption);
}

TEST(ByteReaderTest, RejectsOverlongVarints) {
  std::string s;
  // 11 continuation bytes: longer than any 64-bit varint.
  const std::string too_long(11, '\x80');
  ByteReader r1(too_long);
  uint64_t v64;
  EXPECT_EQ(r1.GetVarint64(&v64).code(), StatusCode::kCorruption);
  // Ten bytes whose last carries more than the 64th bit.
  const std::string overflow64 = std::string(9, '\xff') + '\x02';
  ByteReader r2(overflow64);
  EXPECT_EQ(r2.GetVarint64(&v64).code(), StatusCode::kCorruption);
  // 2^32 does not fit a varint32.
  ByteWriter w;
  w.PutVarint64(uint64_t{1} << 32);
  const std::string big = w.Release();
  ByteReader r3(big);
  uint32_t v32;
  EXPECT_EQ(r3.GetVarint32(&v32).code(), StatusCode::kCorruption);
}

TEST(ByteReaderTest, GetViewIsZeroCopy) {
  const std::string data = "headerPAYLOAD";
  ByteReader r(data);
  std::string_view v;
  ASSERT_TRUE(r.Skip(6).ok());
  ASSERT_TRUE(r.GetView(7, &v).ok());
  EXPECT_EQ(v, "PAYLOAD");
  EXPECT_EQ(v.data(), data.data() + 6);
  EXPECT_EQ(r.GetView(1, &v).code(), StatusCode::kCorruption);
}

TEST(Crc32cTest, StandardCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
  // RFC 3720 (iSCSI) test vectors.
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
}

// A bit-at-a-time reference, to check the sliced tables on every alignment
// and tail length.
uint32_t ReferenceCrc32c(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int i = 0; i < 8; ++i) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

TEST(Crc32cTest, MatchesBitwiseReferenceAndExtends) {
  std::mt19937 rng(7);
  std::string data(1000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t start = 0; start < 9; ++start) {
    for (size_t len : {0, 1, 7, 8, 9, 15, 16, 17, 63, 500, 991}) {
      const std::string_view piece = std::string_view(data).substr(start, len);
      ASSERT_EQ(Crc32c(piece), ReferenceCrc32c(piece)) << start << " " << len;
    }
  }
  const std::string_view all(data);
  for (size_t split : {0, 1, 13, 500, 1000}) {
    EXPECT_EQ(Crc32c(all.substr(split), Crc32c(all.substr(0, split))), Crc32c(all)) << split;
  }
}

TEST(Crc32cTest, DetectsSingleBitFlip) {
  std::string data(4096, 'a');
  const uint32_t before = Crc32c(data);
  data[1234] ^= 0x10;
  EXPECT_NE(Crc32c(data), before);
}

}  // namespace
TEST(Hash64Test, PiecesHashAsTheWhole) {
  std::string data;
  for (int i = 0; i < 100; ++i) data.push_back(static_cast<char>(i * 37 + 11));
  const uint64_t whole = Hash64(data);
  for (size_t cut1 = 0; cut1 <= data.size(); ++cut1) {
    for (size_t cut2 : {cut1, cut1 + 1, cut1 + 7, cut1 + 9, data.size()}) {
      if (cut2 > data.size()) continue;
      Hasher64 h;
      h.Update(std::string_view(data).substr(0, cut1));
      h.Update(std::string_view(data).substr(cut1, cut2 - cut1));
      h.Update(std::string_view(data).substr(cut2));
      ASSERT_EQ(h.Finish(), whole) << "cuts " << cut1 << ", " << cut2;
    }
  }
}

TEST(Hash64Test, EmptyPiecesWithoutDataChangeNothing) {
  // Regression (UBSan under clang: memcpy from a null pointer): a stamped
  // file's sink gets (nullptr, 0) for each empty vector FAISS writes.
  Hasher64 h;
  h.Update("abc");
  h.Update(std::string_view());
  h.Update(std::string_view(nullptr, 0));
  h.Update("defghijk");
  h.Update(std::string_view());
  EXPECT_EQ(h.Finish(), Hash64("abcdefghijk"));
  Hasher64 empty;
  empty.Update(std::string_view());
  EXPECT_EQ(empty.Finish(), Hash64(""));
}

TEST(Hash64Test, TellsVersionsApart) {
  const std::string a(64, 'x');
  std::string b = a;
  b[40] = 'y';
  EXPECT_NE(Hash64(a), Hash64(b));
  EXPECT_NE(Hash64(a), Hash64(a + std::string(1, '\0'))) << "trailing zero bytes change the hash";
  EXPECT_NE(Hash64(""), Hash64(std::string(1, '\0')));
  EXPECT_EQ(Hash64(a), Hash64(std::string(64, 'x')));
}

}  // namespace parallax
