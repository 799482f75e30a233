// WordIndex: postings against a brute-force count, appending and replacing
// documents, and a serialized index that round-trips or is refused damaged.
// WordIndexWriter: the same bytes as the index built in memory.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "index/word_index.h"

namespace parallax {
namespace {

using Docs = std::vector<std::vector<uint64_t>>;

Docs RandomDocs(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> length(0, 60);
  std::uniform_int_distribution<uint64_t> word(1, 200);  // few words: long, shared lists
  Docs docs(n);
  for (auto& d : docs) {
    d.resize(length(rng));
    for (uint64_t& w : d) w = word(rng) * 0x9E3779B97F4A7C15ull;  // spread over 64 bits
  }
  return docs;
}

// What the index must hold: word -> (doc -> count).
std::map<uint64_t, std::map<uint32_t, uint32_t>> Expected(const Docs& docs) {
  std::map<uint64_t, std::map<uint32_t, uint32_t>> expected;
  for (uint32_t d = 0; d < docs.size(); ++d) {
    for (uint64_t w : docs[d]) ++expected[w][d];
  }
  return expected;
}

void ExpectHolds(const WordIndex& index, const Docs& docs) {
  ASSERT_EQ(index.documents(), docs.size());
  const auto expected = Expected(docs);
  EXPECT_EQ(index.words(), expected.size());
  uint64_t total = 0;
  for (uint32_t d = 0; d < docs.size(); ++d) {
    EXPECT_EQ(index.length(d), docs[d].size());
    total += docs[d].size();
  }
  EXPECT_DOUBLE_EQ(index.average_length(), docs.empty() ? 0.0 : double(total) / docs.size());
  for (const auto& [word, postings] : expected) {
    EXPECT_EQ(index.DocumentCount(word), postings.size());
    std::vector<WordIndex::Posting> want;
    for (const auto& [doc, count] : postings) want.push_back({doc, count});
    const std::vector<WordIndex::Posting> got = index.Postings(word);
    ASSERT_EQ(got.size(), want.size()) << word;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].doc, want[i].doc);
      EXPECT_EQ(got[i].count, want[i].count);
    }
  }
  EXPECT_EQ(index.DocumentCount(12345), 0u);
  EXPECT_TRUE(index.Postings(12345).empty());
}

Status AddDocs(WordIndex* index, const Docs& docs, uint32_t first, uint32_t end) {
  WordIndex::Batch batch;
  for (uint32_t d = first; d < end; ++d) batch.Add(d, docs[d]);
  return index->Apply(std::move(batch));
}

std::string Serialized(const WordIndex& index) {
  std::string bytes;
  EXPECT_TRUE(index.Serialize([&](std::string_view piece) {
    bytes.append(piece);
    return Status::Ok();
  }).ok());
  return bytes;
}

StatusOr<WordIndex> Read(const std::string& bytes) {
  size_t at = 0;
  const ByteSource source = [&](void* out, size_t n) -> Status {
    if (n > bytes.size() - at) return Status::Corruption("truncated");
    std::memcpy(out, bytes.data() + at, n);
    at += n;
    return Status::Ok();
  };
  return WordIndex::Deserialize(source, bytes.size());
}

TEST(WordIndexTest, AppendedInBatchesHoldsEveryPosting) {
  const Docs docs = RandomDocs(300, 1);
  WordIndex index;
  ASSERT_TRUE(AddDocs(&index, docs, 0, 100).ok());
  ASSERT_TRUE(AddDocs(&index, docs, 100, 101).ok());
  ASSERT_TRUE(AddDocs(&index, docs, 101, 300).ok());
  ExpectHolds(index, docs);
}

TEST(WordIndexTest, ReplacedDocumentsLoseTheirOldWords) {
  Docs docs = RandomDocs(200, 2);
  WordIndex index;
  ASSERT_TRUE(AddDocs(&index, docs, 0, 200).ok());
  const Docs other = RandomDocs(200, 3);
  WordIndex::Batch batch;
  for (uint32_t d : {0u, 57u, 199u}) {
    docs[d] = other[d];
    batch.Add(d, docs[d]);
  }
  docs.push_back({42, 42, 7});  // and a new one in the same batch
  batch.Add(200, docs.back());
  docs[57].clear();  // a document can become empty
  WordIndex::Batch empty;
  ASSERT_TRUE(index.Apply(std::move(batch)).ok());
  empty.Add(57, {});
  ASSERT_TRUE(index.Apply(std::move(empty)).ok());
  ExpectHolds(index, docs);
}

TEST(WordIndexTest, GapsAndRepeatsAreRefusedUnchanged) {
  const Docs docs = RandomDocs(10, 4);
  WordIndex index;
  ASSERT_TRUE(AddDocs(&index, docs, 0, 10).ok());
  WordIndex::Batch gap;
  gap.Add(11, docs[0]);
  EXPECT_EQ(index.Apply(std::move(gap)).code(), StatusCode::kInvalidArgument);
  WordIndex::Batch twice;
  twice.Add(3, docs[0]);
  twice.Add(3, docs[1]);
  EXPECT_EQ(index.Apply(std::move(twice)).code(), StatusCode::kInvalidArgument);
  ExpectHolds(index, docs);
}

TEST(WordIndexTest, SerializedIndexRoundTrips) {
  const Docs docs = RandomDocs(250, 5);
  WordIndex index;
  ASSERT_TRUE(AddDocs(&index, docs, 0, 250).ok());
  auto read = Read(Serialized(index));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectHolds(*read, docs);
  EXPECT_EQ(Serialized(*read), Serialized(index));
  auto empty = Read(Serialized(WordIndex()));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->documents(), 0u);
}

TEST(WordIndexTest, EveryTruncationAndDamagedPostingIsCorruption) {
  WordIndex index;
  ASSERT_TRUE(AddDocs(&index, RandomDocs(40, 6), 0, 40).ok());
  const std::string bytes = Serialized(index);
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto read = Read(bytes.substr(0, size));
    ASSERT_FALSE(read.ok()) << "truncated to " << size;
    EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
  }
  // Any byte changed: Corruption or an index that still checks out (a word
  // hash changed in place), never a crash or an out-of-range read (the
  // file's checksum catches the rest). Each byte of the header's counts is
  // refused.
  for (size_t at = 0; at < bytes.size(); ++at) {
    for (const uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ flip);
      auto read = Read(damaged);
      if (!read.ok()) EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
      if (at < 32) EXPECT_FALSE(read.ok()) << "header byte " << at;
    }
  }
}

// Writes base (may be null) + batches [ranges] through a WordIndexWriter.
std::string Written(const WordIndex* base, const std::vector<WordIndex::Batch>& batches,
                    const std::filesystem::path& spill) {
  std::string bytes;
  {
    auto writer = WordIndexWriter::Create(base, spill);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    if (!writer.ok()) return bytes;
    EXPECT_TRUE(std::filesystem::exists(spill));
    for (const WordIndex::Batch& batch : batches) EXPECT_TRUE(writer->Add(batch).ok());
    const Status finished = writer->Finish([&](std::string_view piece) {
      bytes.append(piece);
      return Status::Ok();
    });
    EXPECT_TRUE(finished.ok()) << finished.ToString();
  }
  EXPECT_FALSE(std::filesystem::exists(spill)) << "the spill file outlived the writer";
  return bytes;
}

std::filesystem::path SpillPath(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string("parallax_word_spill_") + name);
}

TEST(WordIndexWriterTest, WritesWhatApplyBuilds) {
  const Docs docs = RandomDocs(700, 7);
  std::vector<WordIndex::Batch> batches(3);
  WordIndex built;
  const uint32_t ends[] = {250, 251, 700};
  for (uint32_t b = 0, first = 0; b < 3; first = ends[b++]) {
    for (uint32_t d = first; d < ends[b]; ++d) batches[b].Add(d, docs[d]);
    ASSERT_TRUE(built.Apply(batches[b]).ok());
  }
  EXPECT_EQ(Written(nullptr, batches, SpillPath("apply")), Serialized(built));
  EXPECT_EQ(Written(nullptr, {}, SpillPath("empty")), Serialized(WordIndex()));
}

TEST(WordIndexWriterTest, MergesABaseWithReplacedAndNewDocuments) {
  Docs docs = RandomDocs(300, 8);
  WordIndex base;
  ASSERT_TRUE(AddDocs(&base, docs, 0, 300).ok());
  const Docs other = RandomDocs(320, 9);
  // Run 0 replaces base documents and adds two; run 1 replaces one of the
  // base's again, one of run 0's new ones, empties one, and adds more.
  std::vector<WordIndex::Batch> batches(2);
  for (uint32_t d : {3u, 150u, 299u}) batches[0].Add(d, other[d]);
  batches[0].Add(300, other[300]);
  batches[0].Add(301, other[301]);
  batches[1].Add(150, docs[0]);
  batches[1].Add(301, other[0]);
  batches[1].Add(7, {});
  for (uint32_t d = 302; d < 320; ++d) batches[1].Add(d, other[d]);

  WordIndex applied = base;
  for (const WordIndex::Batch& batch : batches) ASSERT_TRUE(applied.Apply(batch).ok());
  const std::string written = Written(&base, batches, SpillPath("merge"));
  EXPECT_EQ(written, Serialized(applied));
  auto read = Read(written);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  for (uint32_t d : {3u, 299u}) docs[d] = other[d];
  docs[150] = docs[0];
  docs.push_back(other[300]);
  docs.push_back(other[0]);
  docs[7].clear();
  for (uint32_t d = 302; d < 320; ++d) docs.push_back(other[d]);
  ExpectHolds(*read, docs);
}

TEST(WordIndexWriterTest, GapsAndRepeatsAreRefused) {
  const Docs docs = RandomDocs(10, 10);
  auto writer = WordIndexWriter::Create(nullptr, SpillPath("refused"));
  ASSERT_TRUE(writer.ok());
  WordIndex::Batch gap;
  gap.Add(1, docs[0]);
  EXPECT_EQ(writer->Add(gap).code(), StatusCode::kInvalidArgument);
  WordIndex::Batch twice;
  twice.Add(0, docs[0]);
  twice.Add(0, docs[1]);
  EXPECT_EQ(writer->Add(twice).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(writer->documents(), 0u);
}

TEST(WordIndexWriterTest, AnUnwritablePlaceIsAnError) {
  auto writer = WordIndexWriter::Create(nullptr, "/nonexistent-dir/spill");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIOError);
  EXPECT_NE(writer.status().message().find("/nonexistent-dir/spill"), std::string::npos);
}

}  // namespace
}  // namespace parallax
