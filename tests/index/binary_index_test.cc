#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parallax/status.h"
#include "parallax/vector_index.h"

namespace parallax {
namespace {

std::vector<uint8_t> RandomCodes(int64_t n, int bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> codes(n * bytes);
  for (auto& b : codes) b = static_cast<uint8_t>(rng());
  return codes;
}

int Hamming(const uint8_t* a, const uint8_t* b, int bytes) {
  int d = 0;
  for (int i = 0; i < bytes; ++i) d += std::popcount(static_cast<unsigned>(a[i] ^ b[i]));
  return d;
}

BinaryIndex MustCreate(int bits) {
  auto r = BinaryIndex::Create(bits);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

TEST(BinaryIndexTest, ReconstructCopiesEachRowInPlaceAndNothingAfter) {
  // Regression (found by ASan under `index --replace`): FAISS's reconstruct_n
  // steps by bits, not bytes, writing rows misplaced and past the buffer.
  constexpr int kBits = 64, kBytes = kBits / 8, kRows = 20;
  BinaryIndex index = MustCreate(kBits);
  const auto codes = RandomCodes(kRows, kBytes, 41);
  ASSERT_TRUE(index.Add(kRows, codes.data()).ok());
  for (int64_t first : {0, 3}) {
    for (int64_t count : {int64_t{1}, int64_t{2}, int64_t{7}, kRows - first}) {
      std::vector<uint8_t> out(count * kBytes + 64, 0xEE);  // a guard after the rows
      ASSERT_TRUE(index.Reconstruct(first, count, out.data()).ok());
      EXPECT_TRUE(std::equal(out.begin(), out.begin() + count * kBytes, codes.begin() + first * kBytes))
          << first << " " << count;
      EXPECT_TRUE(std::all_of(out.begin() + count * kBytes, out.end(), [](uint8_t b) { return b == 0xEE; }))
          << "written past the rows: " << first << " " << count;
    }
  }
  std::vector<uint8_t> out(kBytes);
  EXPECT_EQ(index.Reconstruct(kRows, 1, out.data()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.Reconstruct(-1, 1, out.data()).code(), StatusCode::kInvalidArgument);
}

TEST(BinaryIndexTest, RejectsBitsNotMultipleOfEight) {
  for (int bits : {0, -8, 7, 65}) {
    EXPECT_EQ(BinaryIndex::Create(bits).status().code(), StatusCode::kInvalidArgument) << bits;
  }
}

TEST(BinaryIndexTest, FindsExactCodeAndComputesExactDistances) {
  constexpr int kBits = 64, kBytes = kBits / 8, kN = 500, kK = 8;
  const auto codes = RandomCodes(kN, kBytes, 1);
  BinaryIndex index = MustCreate(kBits);
  EXPECT_EQ(index.bits(), kBits);
  ASSERT_TRUE(index.Add(kN, codes.data()).ok());
  EXPECT_EQ(index.size(), kN);

  // Queries: stored codes 10..19 with one bit flipped in the odd ones.
  std::vector<uint8_t> queries(codes.begin() + 10 * kBytes, codes.begin() + 20 * kBytes);
  for (int q = 1; q < 10; q += 2) queries[q * kBytes + 3] ^= 0x04;
  std::vector<int32_t> dist(10 * kK);
  std::vector<int64_t> labels(10 * kK);
  ASSERT_TRUE(index.Search(10, queries.data(), kK, dist.data(), labels.data()).ok());
  for (int q = 0; q < 10; ++q) {
    EXPECT_EQ(labels[q * kK], 10 + q) << q;
    EXPECT_EQ(dist[q * kK], q % 2 == 0 ? 0 : 1) << q;
    int previous = -1;
    for (int j = 0; j < kK; ++j) {
      const int64_t id = labels[q * kK + j];
      ASSERT_GE(id, 0);
      EXPECT_EQ(dist[q * kK + j], Hamming(&queries[q * kBytes], &codes[id * kBytes], kBytes));
      EXPECT_GE(dist[q * kK + j], previous);  // ascending
      previous = dist[q * kK + j];
    }
    // The k-th distance is the true k-th smallest.
    std::vector<int> all;
    for (int i = 0; i < kN; ++i) all.push_back(Hamming(&queries[q * kBytes], &codes[i * kBytes], kBytes));
    std::sort(all.begin(), all.end());
    EXPECT_EQ(dist[q * kK + kK - 1], all[kK - 1]);
  }
}

TEST(BinaryIndexTest, KLargerThanSizeGivesMinusOne) {
  BinaryIndex index = MustCreate(32);
  const auto codes = RandomCodes(2, 4, 2);
  ASSERT_TRUE(index.Add(2, codes.data()).ok());
  std::vector<int32_t> dist(5);
  std::vector<int64_t> labels(5);
  ASSERT_TRUE(index.Search(1, codes.data(), 5, dist.data(), labels.data()).ok());
  EXPECT_EQ(labels[0], 0);
  EXPECT_GE(labels[1], 0);
  for (int j = 2; j < 5; ++j) {
    EXPECT_EQ(labels[j], -1);
    EXPECT_EQ(dist[j], std::numeric_limits<int32_t>::max());
  }
  BinaryIndex empty = MustCreate(32);
  ASSERT_TRUE(empty.Search(1, codes.data(), 5, dist.data(), labels.data()).ok());
  EXPECT_EQ(labels[0], -1);
  EXPECT_EQ(empty.Search(1, codes.data(), 0, dist.data(), labels.data()).code(),
            StatusCode::kInvalidArgument);
}

TEST(BinaryIndexTest, SerializeRoundTrip) {
  constexpr int kBits = 128, kBytes = 16, kN = 300, kK = 5;
  const auto codes = RandomCodes(kN, kBytes, 3);
  const auto queries = RandomCodes(20, kBytes, 4);
  BinaryIndex index = MustCreate(kBits);
  ASSERT_TRUE(index.Add(kN, codes.data()).ok());
  const std::string bytes = index.Serialize();
  auto restored = BinaryIndex::Deserialize(bytes);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->bits(), kBits);
  EXPECT_EQ(restored->size(), kN);
  std::vector<int32_t> d1(20 * kK), d2(20 * kK);
  std::vector<int64_t> l1(20 * kK), l2(20 * kK);
  ASSERT_TRUE(index.Search(20, queries.data(), kK, d1.data(), l1.data()).ok());
  ASSERT_TRUE(restored->Search(20, queries.data(), kK, d2.data(), l2.data()).ok());
  EXPECT_EQ(d1, d2);
  EXPECT_EQ(l1, l2);
}

TEST(BinaryIndexTest, DeserializeGarbageIsCorruption) {
  std::mt19937 rng(5);
  for (int len : {0, 3, 12, 64, 1000}) {
    std::string junk(len, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    EXPECT_EQ(BinaryIndex::Deserialize(junk).status().code(), StatusCode::kCorruption) << len;
  }
  BinaryIndex index = MustCreate(64);
  const auto codes = RandomCodes(10, 8, 6);
  ASSERT_TRUE(index.Add(10, codes.data()).ok());
  const std::string bytes = index.Serialize();
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_EQ(BinaryIndex::Deserialize(std::string_view(bytes).substr(0, len)).status().code(),
              StatusCode::kCorruption)
        << len;
  }
  // A vector index is not a binary index, and the reverse.
  auto vec = VectorIndex::Create(8, "Flat");
  ASSERT_TRUE(vec.ok());
  EXPECT_EQ(BinaryIndex::Deserialize(vec->Serialize()).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(VectorIndex::Deserialize(bytes).status().code(), StatusCode::kCorruption);
}

}  // namespace
TEST(BinaryIndexTest, StreamedSerializationRoundTrips) {
  BinaryIndex index = MustCreate(64);
  const auto codes = RandomCodes(100, 8, 31);
  ASSERT_TRUE(index.Add(100, codes.data()).ok());
  const std::string whole = index.Serialize();
  std::string streamed;
  ASSERT_TRUE(index.Serialize([&](std::string_view bytes) {
                streamed.append(bytes);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(streamed, whole);
  size_t pos = 0;
  auto source = [&](void* out, size_t n) -> Status {
    if (n > whole.size() - pos) return Status::Corruption("truncated test bytes");
    std::copy_n(whole.data() + pos, n, static_cast<char*>(out));
    pos += n;
    return Status::Ok();
  };
  uint64_t read = 0;
  auto restored = BinaryIndex::Deserialize(source, whole.size(), &read);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(read, whole.size());
  EXPECT_EQ(restored->Serialize(), whole);
  // Damaged codes pass through FAISS and are caught by the trailer's checksum.
  std::string damaged = whole;
  damaged[whole.size() - 100] ^= 0x04;
  pos = 0;
  auto damaged_source = [&](void* out, size_t n) -> Status {
    if (n > damaged.size() - pos) return Status::Corruption("truncated test bytes");
    std::copy_n(damaged.data() + pos, n, static_cast<char*>(out));
    pos += n;
    return Status::Ok();
  };
  EXPECT_EQ(BinaryIndex::Deserialize(damaged_source, damaged.size()).status().code(), StatusCode::kCorruption);
}

TEST(BinaryIndexTest, AddingAVectorMatchesAddingACopy) {
  std::vector<uint8_t> codes(5 * 4);
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<uint8_t>(i * 29 + 3);
  BinaryIndex copied = MustCreate(32);
  ASSERT_TRUE(copied.Add(5, codes.data()).ok());
  BinaryIndex adopted = MustCreate(32);
  ASSERT_TRUE(adopted.Add(std::vector<uint8_t>(codes)).ok());
  ASSERT_TRUE(adopted.Add(std::vector<uint8_t>(codes.begin(), codes.begin() + 4)).ok()) << "appends once not empty";
  EXPECT_EQ(adopted.size(), 6);
  EXPECT_EQ(adopted.Serialize().size(), copied.Serialize().size() + 4);
  for (int64_t q = 0; q < 5; ++q) {
    int32_t distance[2];
    int64_t label[2];
    ASSERT_TRUE(adopted.Search(1, codes.data() + q * 4, 2, distance, label).ok());
    EXPECT_EQ(distance[0], 0);
    EXPECT_TRUE(label[0] == q || (q == 0 && label[0] == 5)) << "query " << q << " found " << label[0];
  }
  EXPECT_EQ(adopted.Add(std::vector<uint8_t>(3)).code(), StatusCode::kInvalidArgument) << "not whole codes";
}

}  // namespace parallax
