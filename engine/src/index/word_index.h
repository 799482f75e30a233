// WordIndex: the inverted index of a collection's words, for keyword search
// ranked by BM25. Internal to the engine (the store keeps one, match reads it).
//
// Documents are numbered 0, 1, 2... as the collection's rows; a document is
// the hashes of its words (Model::ArticleWordHashes, 64 bits: two distinct
// words of a collection share one with odds of about n^2 / 2^65). For each
// word the index keeps its postings, (document, count) in document order, as
// varint gaps; word positions are not kept: a phrase is checked in the few
// documents that hold all its words, from their stored analysis.
//
// Memory and file: 16 bytes a distinct word, 4 a document, and about 2 bytes
// a posting (one per distinct word of a document).
//
// Thread safety: const methods may run concurrently; Apply needs exclusive
// access.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "parallax/bytes.h"
#include "parallax/status.h"

namespace parallax {

class WordIndex {
 public:
  struct Posting {
    uint32_t doc = 0;
    uint32_t count = 0;  // occurrences of the word in the document
  };

  // Documents to add or replace, gathered (possibly from several threads,
  // one Add each at a time) before Apply merges them into the index.
  class Batch {
   public:
    // The words of document `doc` (with repeats, in any order).
    void Add(uint32_t doc, std::span<const uint64_t> words);
    size_t documents() const { return lengths_.size(); }

   private:
    friend class WordIndex;
    friend class WordIndexWriter;
    void Sort();  // documents, and entries by word then document
    struct Entry {
      uint64_t word;
      uint32_t doc, count;
    };
    std::vector<Entry> entries_;
    std::vector<std::pair<uint32_t, uint32_t>> lengths_;  // (doc, word count)
  };

  WordIndex() = default;
  // Merges `batch` in: each of its documents is either the next one
  // (documents() before the call, then the one after...) or an existing one,
  // whose postings are all replaced. InvalidArgument (nothing changed) when
  // a document would leave a gap, or one is given twice.
  Status Apply(Batch batch);

  uint32_t documents() const { return static_cast<uint32_t>(lengths_.size()); }
  int64_t size() const { return documents(); }  // as the other indexes: rows
  size_t words() const { return terms_.size(); }
  uint32_t length(uint32_t doc) const { return lengths_[doc]; }  // words in the document
  double average_length() const { return lengths_.empty() ? 0.0 : double(total_length_) / lengths_.size(); }
  // Documents that hold `word` (0 when none).
  uint32_t DocumentCount(uint64_t word) const;
  // The postings of `word`, in document order (empty when no document holds it).
  std::vector<Posting> Postings(uint64_t word) const;

  // Streams the index as a little-endian payload:
  //   u64 documents, u64 words, u64 posting bytes, u64 total length;
  //   u32 length of each document; u64 each word (increasing); u32 each
  //   word's document count; u32 each word's posting bytes; the postings
  //   (varint document gap, varint count) of each word in turn.
  Status Serialize(const ByteSink& sink) const;
  // Reads and verifies a serialized index (every posting is decoded and
  // checked: Corruption on any inconsistency). Only for bytes whose checksum
  // was verified; never trusts a count before checking it against `limit`,
  // the payload size.
  static StatusOr<WordIndex> Deserialize(const ByteSource& source, uint64_t limit);

 private:
  friend class WordIndexWriter;
  size_t Find(uint64_t word) const;  // terms_.size() when absent
  std::string_view PostingBytes(size_t t) const {
    return std::string_view(postings_).substr(offsets_[t], offsets_[t + 1] - offsets_[t]);
  }

  std::vector<uint64_t> terms_;     // sorted
  std::vector<uint32_t> df_;        // per term
  std::vector<uint64_t> offsets_;   // per term + 1, into postings_
  std::string postings_;
  std::vector<uint32_t> lengths_;   // per document
  uint64_t total_length_ = 0;
};

// Writes a word index that is never whole in memory: the serialized form of
// `base` with batches applied as WordIndex::Apply would (same bytes). Each
// batch is sorted and spilled to a temporary file as a run; Finish merges the
// runs and the base word by word into the sink. Memory: one batch, 8 bytes a
// document, 16 a distinct word, and a read buffer per run.
class WordIndexWriter {
 public:
  // `base` (may be null: empty) must outlive the writer; `spill` is a path
  // the writer creates, and removes when destroyed.
  static StatusOr<WordIndexWriter> Create(const WordIndex* base, std::filesystem::path spill);
  WordIndexWriter(WordIndexWriter&& other) noexcept;
  WordIndexWriter& operator=(WordIndexWriter&&) = delete;
  ~WordIndexWriter();

  // As WordIndex::Apply: each document is the next one or an existing one
  // (replaced); InvalidArgument, nothing changed, otherwise.
  Status Add(WordIndex::Batch batch);
  uint32_t documents() const { return static_cast<uint32_t>(lengths_.size()); }
  // Streams the index as WordIndex::Serialize. Once only.
  Status Finish(const ByteSink& sink);

 private:
  struct Run {
    uint64_t begin, end;  // byte range in the spill file
  };
  WordIndexWriter(const WordIndex* base, std::filesystem::path spill, int fd);
  Status Write(std::string_view bytes);
  Status Merge(std::vector<uint64_t>* terms, std::vector<uint32_t>* df, std::vector<uint32_t>* sizes);

  const WordIndex* base_;
  std::filesystem::path spill_;
  int fd_ = -1;
  uint64_t spilled_ = 0;  // bytes written to the spill file
  std::vector<Run> runs_;
  std::vector<uint32_t> lengths_;  // per document
  std::vector<int32_t> owner_;     // per document: the run holding its words, -1 the base
};

}  // namespace parallax
