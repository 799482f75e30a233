// Collection: a folder on disk holding articles, their analyses, the model
// and the FAISS indexes. Every file carries magic, version and checksum.
// Each Save writes a new generation of files under fresh names (fsynced),
// then commits it by renaming manifest.json (which records each file's
// checksum, and its own) into place: a crash at any instant leaves the old
// or the new collection, both whole. Files of the previous generation are
// removed once no reader has them open; what a killed writer left is removed
// by the next writer (readers never write: one holding the writer lock to
// clean up would turn a writer away).
//
// One writer at a time: a writer holds the collection's WriterLock from
// before Open (or Create) until after Save; readers take none.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parallax/article.h"
#include "parallax/article_store.h"
#include "parallax/model.h"
#include "parallax/status.h"
#include "parallax/vector_index.h"

namespace parallax {

namespace indexing {
struct Embedded;  // store/indexing.h
}  // namespace indexing

struct CollectionOptions {
  // FAISS factory string of the article index. Default: "Flat" (exact).
  std::string article_index = "Flat";
  // Keep a sentence index (SimHash codes, simhash_bits/8 bytes per sentence)
  // for finding a passage among all sentences. Default: true.
  bool sentence_index = true;
  // Used only when the collection is created without a given model.
  ModelOptions model;
};

// Progress of a long call: (stage name, done, total).
using ProgressFn = std::function<void(const char* stage, size_t done, size_t total)>;

// The stages Collection::Add (then Save: the word index) reports, in this
// order (what the benchmarks time).
namespace index_stage {
inline constexpr const char* kTrainingTokenizer = "training tokenizer";
inline constexpr const char* kTokenizing = "tokenizing";
inline constexpr const char* kFittingWeights = "fitting weights";
inline constexpr const char* kFittingLexicon = "fitting lexicon";  // with dictionaries
inline constexpr const char* kEmbedding = "embedding";
inline constexpr const char* kIndexing = "indexing";
inline constexpr const char* kWordIndex = "word index";
inline constexpr const char* kFingerprints = "fingerprints";
}  // namespace index_stage

struct AddOptions {
  // Replace a stored article when an input article of its id differs from it
  // (text or any field): its analysis, vector, sentence codes and words are
  // made again, in place (its row stays). The model is not refitted: the new
  // text is weighed with the IDF the collection was created with. Default:
  // false (the stored one is kept, and listed in `changed_ids`).
  bool replace = false;
};

struct AddResult {
  size_t added = 0;
  std::vector<std::string> replaced_ids;   // stored ones replaced (AddOptions::replace)
  std::vector<std::string> duplicate_ids;  // already stored (or repeated in the input): not added
  // Those of duplicate_ids stored with other content, left as stored
  // (without AddOptions::replace).
  std::vector<std::string> changed_ids;
};

class WordIndex;  // the inverted index of the collection's words (internal to the engine)

class Collection final : public ArticleStore {
 public:
  // A new, empty collection in memory; nothing is written until Save().
  // With `model`, that model is used; otherwise the first Add() fits one.
  static StatusOr<Collection> Create(const std::filesystem::path& dir, const CollectionOptions& options,
                                     std::optional<Model> model = std::nullopt);
  // Opens an existing collection. NotFound if `dir` holds none; Corruption
  // (with what to do) if any file is damaged, foreign or inconsistent.
  static StatusOr<Collection> Open(const std::filesystem::path& dir);
  static bool Exists(const std::filesystem::path& dir);
  // The files of the collection in `dir` now, by role ("articles.plx" ->
  // DIR/articles.3.plx), manifest.json aside: what a backup copies.
  static StatusOr<std::map<std::string, std::filesystem::path>> Files(const std::filesystem::path& dir);
  // Whether `dir` is missing or holds nothing but a collection's lock files,
  // so that a new collection may be made there.
  static bool CanCreateIn(const std::filesystem::path& dir);

  // Analyses, embeds and indexes the articles whose ids are not stored yet
  // (and with options.replace, those that replace a stored one).
  StatusOr<AddResult> Add(std::vector<Article> articles, const ProgressFn& progress = {},
                          const AddOptions& options = {});
  // Writes the collection as a new generation and commits it (see above).
  // On failure (a full disk, say) the collection on disk is left as it was,
  // and the message says so. Unavailable if another writer saved since this
  // collection was opened or created. `progress` reports the word index
  // and the fingerprints, made here for the articles added or replaced
  // since the last save (the others' are copied from its files; see
  // word_index(), ForEachStoredFingerprintKeys()).
  Status Save(const ProgressFn& progress = {}) const;

  size_t size() const override;
  size_t sentence_count() const;
  const Article& article(size_t i) const override;
  AnalyzedText analysis(size_t i) const override;  // decoded from the stored compact form
  const CompactVector& vector(size_t i) const override;  // the article's TF-IDF vector (model.ArticleVector)
  std::optional<size_t> Find(const std::string& id) const override;
  const Model& model() const override;  // REQUIRES: size() > 0 or a model was given
  std::string name() const override;  // the folder's name
  bool has_model() const;
  // The indexes are read on first use after Open (which has already checked
  // their files), so these can still fail if a file changed since. `pairs`
  // with the exact index reads neither. The sentence index is null when
  // disabled.
  StatusOr<const VectorIndex*> article_index() const;
  StatusOr<const BinaryIndex*> sentence_index() const;
  // The words of every article (keyword search): read from disk on first
  // use, with the articles added since the last Save indexed then. (A
  // collection saved before parallax kept one has none on disk: it is built
  // from the stored analyses, 23 s for 100,000 articles on two busy cores,
  // and written by the next Save.)
  StatusOr<const WordIndex*> word_index() const;
  // False when the word index or the fingerprints on disk lack articles
  // (see word_index(), ForEachStoredFingerprintKeys()): Save writes them.
  bool indexes_stored() const;
  // Hands each row's fingerprint keys (FingerprintKeys of its tokens, the
  // default winnowing), as Save stored them, to visit(row, keys), row by
  // row in order, reading the file as it goes. NotFound when none are
  // stored for the collection as it is (articles added since the last Save,
  // or saved before parallax stored them): winnow the tokens instead.
  Status ForEachStoredFingerprintKeys(const std::function<void(size_t, std::span<const uint32_t>)>& visit) const;
  // Article and sentence number of a row of the sentence index.
  std::pair<size_t, size_t> SentenceOwner(int64_t row) const;
  const std::filesystem::path& dir() const;
  const CollectionOptions& options() const;

  Collection(Collection&&) noexcept;
  Collection& operator=(Collection&&) noexcept;
  ~Collection();

 private:
  struct Impl;
  explicit Collection(std::unique_ptr<Impl> impl);
  // Add's step for replaced articles: the sentence index made again, with
  // `codes` (sentences first_sentence[i].. of batch article i) for the
  // replaced rows and the new articles (the batch's first n_new).
  Status ReplaceSentenceCodes(const std::vector<size_t>& replaced, const std::vector<size_t>& first_sentence,
                              const std::vector<uint8_t>& codes, int64_t n_new);
  // Add's last step: the batch (its new articles first, then those replacing
  // rows `replaced`) moved into the collection, its sentence codes and
  // vectors into the indexes, its rows noted for the word index.
  Status Store(std::vector<Article> batch, std::vector<std::string> packed, indexing::Embedded embedded,
               const std::vector<size_t>& replaced, const ProgressFn& progress);
  friend StatusOr<Collection> Refit(const Collection&, std::shared_ptr<const Model>, const ProgressFn&);
  std::unique_ptr<Impl> impl_;
};

// The lock a collection's writer holds (flock on DIR/LOCK), released on
// destruction or process exit, however it ends.
class WriterLock {
 public:
  // Takes the lock of `dir` (creating the folder), waiting up to
  // `wait_seconds` for the writer holding it, then removes what killed
  // writers left. `holder` names this writer to others ("parallax index").
  // Unavailable, naming the holder, when it is still held after the wait.
  static StatusOr<WriterLock> Acquire(const std::filesystem::path& dir, double wait_seconds,
                                      const std::string& holder);
  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&&) = delete;
  ~WriterLock();

 private:
  WriterLock(int fd, std::filesystem::path dir, bool new_folder)
      : fd_(fd), dir_(std::move(dir)), new_folder_(new_folder) {}
  int fd_ = -1;
  std::filesystem::path dir_;
  bool new_folder_ = false;  // made by Acquire: removed if left without a collection
};

// The same articles, in the same order, with a model fitted on all of them:
// what indexing them in one run gives, whatever order they were added in (a
// collection keeps the model of its first `index` run). Nothing is written
// until Save(). The feature options are kept; the tokenizer's size adapts to
// the articles as in a first run; `background` lends document frequencies as
// ModelOptions::background does.
StatusOr<Collection> Refit(const Collection& collection, std::shared_ptr<const Model> background = nullptr,
                           const ProgressFn& progress = {});

// Compact, lossless encoding of an analysis (about 2-3 bytes a token), stored
// so that pairs and compare never tokenize a stored article again.
std::string PackAnalysis(const AnalyzedText& analysis);
StatusOr<AnalyzedText> UnpackAnalysis(std::string_view packed, uint32_t text_size);

}  // namespace parallax
