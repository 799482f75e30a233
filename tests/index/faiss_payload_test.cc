// The check of FAISS payloads before FAISS reads them (faiss_payload.h):
// truncated payloads and inflated header fields become Corruption from the
// check itself, never a FAISS allocation or crash.
#include "index/faiss_payload.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "index/faiss_io.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/status.h"
#include "parallax/vector_index.h"

namespace parallax {
namespace {

using index_internal::CheckFaissPayload;
using index_internal::FaissKind;
using index_internal::FaissPayloadCheck;

std::vector<float> UnitVectors(int64_t n, int dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::vector<float> v(n * dim);
  for (int64_t i = 0; i < n; ++i) {
    double norm = 0;
    for (int j = 0; j < dim; ++j) {
      v[i * dim + j] = gauss(rng);
      norm += double{v[i * dim + j]} * v[i * dim + j];
    }
    for (int j = 0; j < dim; ++j) v[i * dim + j] = static_cast<float>(v[i * dim + j] / std::sqrt(norm));
  }
  return v;
}

// The envelope's head as VectorIndex::Serialize writes it (breadth 64).
std::string VectorHead(const std::string& factory) {
  ByteWriter head;
  head.PutU32(FourCC("PXVI"));
  head.PutU32(1);
  head.PutString(factory);
  head.PutVarint32(VectorIndex::kDefaultSearchBreadth);
  return head.Release();
}

// The FAISS bytes of a serialized vector index.
std::string FaissBody(const std::string& envelope, const std::string& factory) {
  const size_t head = VectorHead(factory).size();
  return envelope.substr(head, envelope.size() - head - index_internal::kEnvelopeTrailerSize);
}

// `body` in a valid envelope (head, trailer, checksum), so that it reaches the check and FAISS.
std::string Seal(std::string_view body, const std::string& head) {
  std::string out;
  index_internal::EnvelopeWriter writer([&out](std::string_view bytes) {
    out.append(bytes);
    return Status::Ok();
  });
  EXPECT_TRUE(writer.Put(head).ok());
  writer.StartBody();
  EXPECT_TRUE(writer.Put(body).ok());
  EXPECT_TRUE(writer.Finish().ok());
  return out;
}

std::string BinaryHead() {
  ByteWriter head;
  head.PutU32(FourCC("PXBI"));
  head.PutU32(1);
  return head.Release();
}

// A serialized index of `factory` holding `n` 16-d vectors.
std::string Serialized(const std::string& factory, int64_t n) {
  auto index = VectorIndex::Create(16, factory);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  const auto x = UnitVectors(n, 16, 7);
  EXPECT_TRUE(index->Add(n, x.data()).ok()) << factory;
  return index->Serialize();
}

template <class T>
void Poke(std::string* bytes, size_t at, T value) {
  ASSERT_LE(at + sizeof(T), bytes->size());
  std::memcpy(bytes->data() + at, &value, sizeof(T));
}
template <class T>
T Peek(const std::string& bytes, size_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof(T));
  return value;
}

// Offsets in a FAISS index header: fourcc, d, ntotal, two unused, is_trained, metric.
constexpr size_t kDimAt = 4, kCountAt = 8, kTrainedAt = 32, kMetricAt = 33, kHeaderEnd = 37;

// The refusal must come from the check, not from FAISS's own reader (whose
// errors read "cannot read vector index").
void ExpectCheckRefuses(const StatusOr<VectorIndex>& r, const std::string& context, const std::string& words = "") {
  ASSERT_FALSE(r.ok()) << context;
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << context;
  EXPECT_EQ(r.status().message().find("cannot read"), std::string::npos) << context << ": " << r.status().message();
  if (!words.empty()) {
    EXPECT_NE(r.status().message().find(words), std::string::npos) << context << ": " << r.status().message();
  }
}

const char* const kFactories[] = {"Flat", "HNSW8", "IVF4,Flat", "IVF4,PQ4", "PQ4"};

TEST(FaissPayloadTest, EveryKindParallaxWritesPassesEmptyAndFull) {
  for (const char* factory : kFactories) {
    for (int64_t n : {0, 300}) {
      if (n == 0 && std::string(factory).find("PQ") != std::string::npos) continue;  // trained on the first add
      const std::string bytes = n == 0 ? VectorIndex::Create(16, factory)->Serialize() : Serialized(factory, n);
      EXPECT_TRUE(CheckFaissPayload(FaissKind::kVector, FaissBody(bytes, factory), "test").ok())
          << factory << " " << n << ": " << CheckFaissPayload(FaissKind::kVector, FaissBody(bytes, factory), "test").ToString();
      auto back = VectorIndex::Deserialize(bytes);
      ASSERT_TRUE(back.ok()) << factory << " " << n << ": " << back.status().ToString();
      EXPECT_EQ(back->size(), n);
    }
  }
  auto binary = BinaryIndex::Create(64);
  ASSERT_TRUE(binary.ok());
  std::vector<uint8_t> codes(50 * 8);
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<uint8_t>(i * 37);
  ASSERT_TRUE(binary->Add(50, codes.data()).ok());
  auto back = BinaryIndex::Deserialize(binary->Serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->size(), 50);
}

TEST(FaissPayloadTest, FedInAnyPiecesItJudgesTheSame) {
  std::mt19937 rng(3);
  for (const char* factory : kFactories) {
    const std::string body = FaissBody(Serialized(factory, 300), factory);
    for (int round = 0; round < 3; ++round) {
      FaissPayloadCheck check(FaissKind::kVector, body.size(), "test");
      for (size_t at = 0; at < body.size();) {
        const size_t n = round == 0 ? 1 : std::min<size_t>(body.size() - at, rng() % 40);
        ASSERT_TRUE(check.Feed(std::string_view(body).substr(at, n)).ok()) << factory << " at " << at;
        at += n;
      }
      EXPECT_TRUE(check.Finish().ok()) << factory;
    }
    // Bytes after the index, or missing at its end.
    FaissPayloadCheck more(FaissKind::kVector, body.size() + 1, "test");
    EXPECT_EQ(more.Feed(body + "x").code(), StatusCode::kCorruption) << factory;
    FaissPayloadCheck less(FaissKind::kVector, body.size(), "test");
    ASSERT_TRUE(less.Feed(std::string_view(body).substr(0, body.size() - 1)).ok()) << factory;
    EXPECT_EQ(less.Finish().code(), StatusCode::kCorruption) << factory;
  }
}

TEST(FaissPayloadTest, TruncatedPayloadsAreRefusedBeforeFaissReadsThem) {
  for (const char* factory : kFactories) {
    const std::string body = FaissBody(Serialized(factory, 300), factory);
    const size_t step = std::max<size_t>(1, body.size() / 200);
    for (size_t len = 0; len < body.size(); len += step) {
      ExpectCheckRefuses(VectorIndex::Deserialize(Seal(body.substr(0, len), VectorHead(factory))),
                         std::string(factory) + " cut at " + std::to_string(len), "truncated");
    }
  }
  // The vectors of a flat index, cut: the size field promises more than is left.
  const std::string body = FaissBody(Serialized("Flat", 300), "Flat");
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(body.substr(0, body.size() / 2), VectorHead("Flat"))), "flat",
                     "run past the end");
}

TEST(FaissPayloadTest, InflatedHeaderFieldsAreRefused) {
  for (const char* factory : kFactories) {
    const std::string body = FaissBody(Serialized(factory, 300), factory);
    const int32_t d = Peek<int32_t>(body, kDimAt);
    const int64_t ntotal = Peek<int64_t>(body, kCountAt);
    ASSERT_EQ(d, 16);
    ASSERT_EQ(ntotal, 300);
    for (int64_t bad : {ntotal + 1, ntotal - 1, int64_t{1} << 33, int64_t{1} << 40, int64_t{-1}}) {
      std::string damaged = body;
      Poke(&damaged, kCountAt, bad);
      ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))),
                         std::string(factory) + " ntotal " + std::to_string(bad));
    }
    for (int32_t bad : {d + 1, d * 2, 1 << 20, 0, -1}) {
      std::string damaged = body;
      Poke(&damaged, kDimAt, bad);
      ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))),
                         std::string(factory) + " d " + std::to_string(bad));
    }
    std::string damaged = body;
    Poke<uint8_t>(&damaged, kTrainedAt, 7);  // a bool FAISS would load as is
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), std::string(factory) + " bool");
    damaged = body;
    Poke<int32_t>(&damaged, kMetricAt, 1);  // L2
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), std::string(factory) + " metric",
                       "inner-product");
  }
}

TEST(FaissPayloadTest, InflatedCodeSizesAreRefused) {
  // Flat: the float count right after the header.
  std::string body = FaissBody(Serialized("Flat", 300), "Flat");
  ASSERT_EQ(Peek<uint64_t>(body, kHeaderEnd), 300u * 16);
  for (uint64_t bad : {uint64_t{300 * 16 + 1}, uint64_t{1} << 39}) {
    std::string damaged = body;
    Poke(&damaged, kHeaderEnd, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead("Flat"))), "flat floats");
  }
  // Header and floats agree, both inflated: the payload is too short for them.
  std::string damaged = body;
  Poke<int64_t>(&damaged, kCountAt, 301);
  Poke<uint64_t>(&damaged, kHeaderEnd, 301 * 16);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead("Flat"))), "flat 301", "run past the end");

  // PQ: d, M, nbits, then the centroid count.
  body = FaissBody(Serialized("PQ4", 300), "PQ4");
  const size_t pq_at = kHeaderEnd;
  ASSERT_EQ(Peek<uint64_t>(body, pq_at), 16u);
  ASSERT_EQ(Peek<uint64_t>(body, pq_at + 8), 4u);
  ASSERT_EQ(Peek<uint64_t>(body, pq_at + 16), 8u);
  for (auto [offset, bad] : std::vector<std::pair<size_t, uint64_t>>{
           {8, 0}, {8, 3}, {8, 1u << 20}, {16, 0}, {16, 17}, {16, 40}, {16, 64}, {0, 32}, {24, 1u << 30}}) {
    std::string damaged_pq = body;
    Poke(&damaged_pq, pq_at + offset, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged_pq, VectorHead("PQ4"))),
                       "pq field " + std::to_string(offset) + " = " + std::to_string(bad));
  }
  // PQ codes: after the centroids (16 << 8 floats).
  const size_t codes_at = pq_at + 24 + 8 + 16 * 256 * 4;
  ASSERT_EQ(Peek<uint64_t>(body, codes_at), 300u * 4);
  for (uint64_t bad : {uint64_t{300 * 4 + 1}, uint64_t{1} << 38}) {
    std::string damaged_codes = body;
    Poke(&damaged_codes, codes_at, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged_codes, VectorHead("PQ4"))), "pq codes");
  }
}

TEST(FaissPayloadTest, IvfListsMustHoldEachRowOnce) {
  const std::string factory = "IVF4,Flat";
  const std::string body = FaissBody(Serialized(factory, 300), factory);
  // nlist and nprobe right after the header.
  ASSERT_EQ(Peek<uint64_t>(body, kHeaderEnd), 4u);
  for (uint64_t bad : {uint64_t{0}, uint64_t{5}, uint64_t{1} << 30, uint64_t{1} << 50}) {
    std::string damaged = body;
    Poke(&damaged, kHeaderEnd, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "nlist " + std::to_string(bad));
  }
  // The last 8 bytes are the last id of the last list.
  const int64_t last = Peek<int64_t>(body, body.size() - 8);
  ASSERT_GE(last, 0);
  ASSERT_LT(last, 300);
  for (int64_t bad : {int64_t{300}, int64_t{-1}, int64_t{1} << 40, last == 0 ? int64_t{1} : int64_t{0}}) {
    std::string damaged = body;
    Poke(&damaged, body.size() - 8, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "id " + std::to_string(bad),
                       "not each of its rows once");
  }
}

TEST(FaissPayloadTest, HnswLinksMustPointToVectorsOfTheirLevel) {
  const std::string factory = "HNSW8";
  const std::string body = FaissBody(Serialized(factory, 300), factory);
  // Walk the graph's arrays to its links: probas, cumulative counts, levels, offsets.
  size_t at = kHeaderEnd;
  const uint64_t probas = Peek<uint64_t>(body, at);
  at += 8 + probas * 8;
  const uint64_t cum = Peek<uint64_t>(body, at);
  ASSERT_EQ(cum, probas + 1);
  at += 8 + cum * 4;
  const uint64_t levels = Peek<uint64_t>(body, at);
  ASSERT_EQ(levels, 300u);
  const size_t levels_at = at + 8;
  at += 8 + levels * 4;
  const uint64_t offsets = Peek<uint64_t>(body, at);
  at += 8 + offsets * 8;
  const uint64_t links = Peek<uint64_t>(body, at);
  const size_t links_at = at + 8;
  ASSERT_GT(links, 0u);
  ASSERT_GE(Peek<int32_t>(body, links_at), 0);

  for (int32_t bad : {300, -2, 1 << 30}) {
    std::string damaged = body;
    Poke(&damaged, links_at, bad);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "link " + std::to_string(bad),
                       "points to no vector");
  }
  // A vector's level beyond the graph's, or one that no longer matches its offsets.
  std::string damaged = body;
  Poke<int32_t>(&damaged, levels_at, static_cast<int32_t>(probas) + 1);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "level");
  damaged = body;
  Poke<int32_t>(&damaged, levels_at, Peek<int32_t>(body, levels_at) == 1 ? 2 : 1);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "level vs offsets");
  // The link count, inflated.
  damaged = body;
  Poke<uint64_t>(&damaged, links_at - 8, uint64_t{1} << 38);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead(factory))), "links count");
}

TEST(FaissPayloadTest, UnknownTypesAreRefusedWithTheirName) {
  const std::string body = FaissBody(Serialized("Flat", 10), "Flat");
  for (const char* type : {"IxF2", "IwSQ", "IxMp", "IHNs", "\x01\x02\x03\x04"}) {
    std::string damaged = body;
    std::memcpy(damaged.data(), type, 4);
    ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead("Flat"))), type, "not one parallax writes");
  }
  // An HNSW whose storage is not flat, an IVF whose quantizer is not.
  const std::string hnsw = FaissBody(Serialized("HNSW8", 50), "HNSW8");
  const size_t storage_at = hnsw.rfind("IxFI");
  ASSERT_NE(storage_at, std::string::npos);
  std::string damaged = hnsw;
  std::memcpy(damaged.data() + storage_at, "IxF2", 4);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead("HNSW8"))), "storage", "HNSW storage");
  const std::string ivf = FaissBody(Serialized("IVF4,Flat", 50), "IVF4,Flat");
  const size_t quantizer_at = kHeaderEnd + 16;
  ASSERT_EQ(ivf.substr(quantizer_at, 4), "IxFI");
  damaged = ivf;
  std::memcpy(damaged.data() + quantizer_at, "IHNf", 4);
  ExpectCheckRefuses(VectorIndex::Deserialize(Seal(damaged, VectorHead("IVF4,Flat"))), "quantizer", "IVF quantizer");
}

TEST(FaissPayloadTest, BinaryIndexFieldsAreChecked) {
  auto index = BinaryIndex::Create(64);
  ASSERT_TRUE(index.ok());
  std::vector<uint8_t> codes(40 * 8, 0x5a);
  ASSERT_TRUE(index->Add(40, codes.data()).ok());
  const std::string whole = index->Serialize();
  const size_t head = BinaryHead().size();
  const std::string body = whole.substr(head, whole.size() - head - index_internal::kEnvelopeTrailerSize);
  ASSERT_TRUE(BinaryIndex::Deserialize(Seal(body, BinaryHead())).ok());
  // fourcc, d, code_size, ntotal, is_trained, metric, code byte count.
  auto refused = [&](const std::string& damaged, const std::string& context) {
    auto r = BinaryIndex::Deserialize(Seal(damaged, BinaryHead()));
    ASSERT_FALSE(r.ok()) << context;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << context;
    EXPECT_EQ(r.status().message().find("cannot read"), std::string::npos) << context << ": " << r.status().message();
  };
  for (int64_t bad : {int64_t{41}, int64_t{1} << 40, int64_t{-5}}) {
    std::string damaged = body;
    Poke(&damaged, 12, bad);
    refused(damaged, "ntotal " + std::to_string(bad));
  }
  for (int32_t bad : {65, 72, 0, -8}) {
    std::string damaged = body;
    Poke(&damaged, 4, bad);
    refused(damaged, "d " + std::to_string(bad));
  }
  std::string damaged = body;
  Poke<int32_t>(&damaged, 8, 1 << 30);
  refused(damaged, "code size");
  damaged = body;
  Poke<uint64_t>(&damaged, 4 + 4 + 4 + 8 + 1 + 4, uint64_t{1} << 40);
  refused(damaged, "code bytes");
  damaged = body;
  std::memcpy(damaged.data(), "IBwF", 4);
  refused(damaged, "type");
  for (size_t len = 0; len < body.size(); len += 7) refused(body.substr(0, len), "cut at " + std::to_string(len));
}

TEST(FaissPayloadTest, CreateRefusesKindsThatCannotBeCheckedOnReading) {
  for (const char* factory : {"IVF4,SQ8", "PCA8,Flat", "HNSW8,SQ8", "IDMap,Flat", "IVF4,Flat,RFlat"}) {
    auto r = VectorIndex::Create(16, factory);
    ASSERT_FALSE(r.ok()) << factory;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << factory;
    EXPECT_NE(r.status().message().find("cannot store"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("\"Flat\""), std::string::npos) << r.status().message();
  }
  auto many_lists = VectorIndex::Create(16, "IVF2000000,Flat");
  EXPECT_EQ(many_lists.status().code(), StatusCode::kInvalidArgument);
  for (const char* factory : kFactories) EXPECT_TRUE(VectorIndex::Create(16, factory).ok()) << factory;
}

}  // namespace
}  // namespace parallax
