#include "parallax/collection.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../match/test_corpus.h"
#include "corpus/temp_dir.h"
#include "index/word_index.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/fingerprints.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using testing_util::TempDir;

constexpr const char* kManifest = "manifest.json";
constexpr const char* kModelFile = "model.plx";
constexpr const char* kArticlesFile = "articles.plx";
constexpr const char* kArticleIndexFile = "articles.faiss.plx";
constexpr const char* kSentenceIndexFile = "sentences.faiss.plx";
constexpr const char* kFingerprintsFile = "fingerprints.plx";

// The file of `name`'s role in the collection's current generation.
fs::path FileOf(const fs::path& dir, const char* name) {
  auto files = Collection::Files(dir);
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return files.ok() && files->count(name) ? files->at(name) : dir / name;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Every regular file under `dir` (names relative to it) and its bytes.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = ReadBytes(entry.path());
  }
  return files;
}

std::vector<Article> Articles() { return test_corpus::SyntheticArticles(); }

std::vector<Article> Slice(const std::vector<Article>& all, size_t begin, size_t end) {
  return std::vector<Article>(all.begin() + static_cast<std::ptrdiff_t>(begin),
                              all.begin() + static_cast<std::ptrdiff_t>(end));
}

// Creates a collection in `dir`, adds `articles` and saves it.
Collection BuildAndSave(const fs::path& dir, const std::vector<Article>& articles,
                        const CollectionOptions& options = {}) {
  auto created = Collection::Create(dir, options);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  Collection c = std::move(created).value();
  auto added = c.Add(articles);
  EXPECT_TRUE(added.ok()) << added.status().ToString();
  if (added.ok()) {
    EXPECT_EQ(added->added, articles.size());
    EXPECT_TRUE(added->duplicate_ids.empty());
  }
  const Status saved = c.Save();
  EXPECT_TRUE(saved.ok()) << saved.ToString();
  return c;
}

void ExpectSameAnalysis(const AnalyzedText& got, const AnalyzedText& want, const std::string& what) {
  ASSERT_EQ(got.tokens.size(), want.tokens.size()) << what;
  for (size_t t = 0; t < want.tokens.size(); ++t) {
    EXPECT_EQ(got.tokens[t].id, want.tokens[t].id) << what << " token " << t;
    EXPECT_EQ(got.tokens[t].begin, want.tokens[t].begin) << what << " token " << t;
    EXPECT_EQ(got.tokens[t].end, want.tokens[t].end) << what << " token " << t;
  }
  EXPECT_EQ(got.sentences, want.sentences) << what;
  EXPECT_EQ(got.sentence_token_begin, want.sentence_token_begin) << what;
}

// The sentence index, which must load (null when the collection keeps none).
const BinaryIndex* SentenceIndexOf(const Collection& c) {
  auto index = c.sentence_index();
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return index.ok() ? *index : nullptr;
}

// Each stored article's dense vector finds that article first, with score ~1.
void ExpectEachArticleIsItsOwnNearestNeighbour(const Collection& c) {
  const Model& model = c.model();
  const int dim = model.options().dim;
  auto index = c.article_index();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  ASSERT_EQ((*index)->dim(), dim);
  ASSERT_EQ((*index)->size(), static_cast<int64_t>(c.size()));
  std::vector<float> dense(dim);
  for (size_t i = 0; i < c.size(); ++i) {
    model.Dense(model.ArticleVector(c.article(i), c.analysis(i)), dense.data());
    float score[2];
    int64_t label[2];
    ASSERT_TRUE((*index)->Search(1, dense.data(), 2, score, label).ok());
    EXPECT_EQ(label[0], static_cast<int64_t>(i)) << c.article(i).id;
    EXPECT_NEAR(score[0], 1.0f, 1e-4) << c.article(i).id;
    EXPECT_LT(score[1], score[0] - 1e-3) << c.article(i).id << " has a twin in the index";
  }
}

// ---------------------------------------------------------------------------
// Round trip

TEST(CollectionTest, SaveThenOpenRestoresEverything) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> articles = Articles();
  const Collection built = BuildAndSave(dir, articles);
  EXPECT_TRUE(fs::is_regular_file(dir / kManifest));
  for (const char* f : {kModelFile, kArticlesFile, kArticleIndexFile, kSentenceIndexFile}) {
    EXPECT_TRUE(fs::is_regular_file(FileOf(dir, f))) << f;
  }
  EXPECT_TRUE(Collection::Exists(dir));

  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const Collection& c = *opened;
  ASSERT_EQ(c.size(), articles.size());
  EXPECT_EQ(c.dir(), dir);
  EXPECT_EQ(c.options().article_index, "Flat");
  EXPECT_TRUE(c.options().sentence_index);
  ASSERT_TRUE(c.has_model());
  EXPECT_EQ(c.model().documents(), articles.size());
  EXPECT_EQ(c.model().Serialize(), built.model().Serialize());

  size_t sentences = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    const Article& want = articles[i];
    const Article& got = c.article(i);
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.outlet, want.outlet);
    EXPECT_EQ(got.url, want.url);
    EXPECT_EQ(got.date, want.date);
    EXPECT_EQ(got.lang, want.lang);
    EXPECT_EQ(got.text, want.text);
    EXPECT_EQ(got.segments, want.segments) << want.id;
    ASSERT_EQ(c.Find(want.id), std::optional<size_t>(i));

    const AnalyzedText fresh = c.model().Analyze(want);
    ASSERT_FALSE(fresh.tokens.empty()) << want.id;
    ExpectSameAnalysis(c.analysis(i), fresh, want.id);
    ExpectSameAnalysis(c.analysis(i), built.analysis(i), want.id);
    sentences += fresh.sentences.size();
  }
  EXPECT_FALSE(c.Find("no-such-id").has_value());
  EXPECT_EQ(c.sentence_count(), sentences);
  EXPECT_EQ(built.sentence_count(), sentences);
  ASSERT_NE(SentenceIndexOf(c), nullptr);
  EXPECT_EQ(SentenceIndexOf(c)->size(), static_cast<int64_t>(sentences));
  EXPECT_EQ(SentenceIndexOf(c)->bits(), c.model().options().simhash_bits);
  ExpectEachArticleIsItsOwnNearestNeighbour(c);
}

// Each file's bytes by role, in the current generation.
std::map<std::string, std::string> FilesByRole(const fs::path& dir) {
  std::map<std::string, std::string> files;
  auto paths = Collection::Files(dir);
  EXPECT_TRUE(paths.ok()) << paths.status().ToString();
  if (paths.ok()) {
    for (const auto& [name, path] : *paths) files[name] = ReadBytes(path);
  }
  return files;
}

TEST(CollectionTest, ReopenedFilesAreByteIdenticalWhenSavedAgain) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  BuildAndSave(dir, Articles());
  const auto before = FilesByRole(dir);
  const std::set<std::string> first_save = [&] {
    std::set<std::string> names;
    for (const auto& [file, bytes] : Snapshot(dir)) names.insert(file);
    return names;
  }();
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_TRUE(opened->Save().ok());
  EXPECT_EQ(FilesByRole(dir), before);
  // A new generation: the files of the first are gone (this process's own
  // reader let them go), none is left over.
  const auto after = Snapshot(dir);
  EXPECT_EQ(after.size(), first_save.size());
  for (const auto& [file, bytes] : after) {
    if (file != "manifest.json" && file != "READERS") EXPECT_FALSE(first_save.count(file)) << file;
  }
}

// Every row's keys as ForEachStoredFingerprintKeys hands them, and its status.
Status StoredKeys(const Collection& c, std::vector<std::vector<uint32_t>>* keys) {
  keys->clear();
  return c.ForEachStoredFingerprintKeys([&](size_t row, std::span<const uint32_t> k) {
    EXPECT_EQ(row, keys->size()) << "rows in order";
    keys->emplace_back(k.begin(), k.end());
  });
}

// Every row's stored keys are those winnowed from its tokens.
void ExpectStoredKeysAreWinnowed(const Collection& c) {
  std::vector<std::vector<uint32_t>> keys;
  const Status st = StoredKeys(c, &keys);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(keys.size(), c.size());
  for (size_t row = 0; row < c.size(); ++row) {
    EXPECT_EQ(keys[row], FingerprintKeys(c.analysis(row).tokens)) << "row " << row;
    EXPECT_GT(keys[row].size(), 10u) << "row " << row;
  }
  EXPECT_TRUE(c.indexes_stored());
}

// Saves `c` and returns how many rows it winnowed fingerprints for (the
// total of the stage, as Save reports it).
size_t SaveCountingWinnowed(const Collection& c) {
  size_t winnowed = 0;
  const Status saved = c.Save([&](const char* stage, size_t, size_t total) {
    if (std::string_view(stage) == index_stage::kFingerprints) winnowed = total;
  });
  EXPECT_TRUE(saved.ok()) << saved.ToString();
  return winnowed;
}

TEST(CollectionTest, FingerprintsAreStoredBySaveAndServedWhileCurrent) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  Collection c = BuildAndSave(dir, Slice(all, 0, 10));
  ExpectStoredKeysAreWinnowed(c);
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ExpectStoredKeysAreWinnowed(*opened);
  // Articles added and not saved yet: none to serve, the caller winnows.
  ASSERT_TRUE(opened->Add(Slice(all, 10, 12)).ok());
  std::vector<std::vector<uint32_t>> keys;
  EXPECT_EQ(StoredKeys(*opened, &keys).code(), StatusCode::kNotFound);
  EXPECT_FALSE(opened->indexes_stored());
  ASSERT_TRUE(opened->Save().ok());
  ExpectStoredKeysAreWinnowed(*opened);
}

TEST(CollectionTest, SaveWinnowsOnlyAddedAndReplacedRowsAndWritesWhatAFullWinnowingWrites) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  ASSERT_GE(all.size(), 14u);
  BuildAndSave(dir, Slice(all, 0, 10));
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::vector<std::vector<uint32_t>> before;
  ASSERT_TRUE(StoredKeys(*opened, &before).ok());
  // Three new articles, and row 3 replaced by another text.
  std::vector<Article> batch = Slice(all, 10, 13);
  batch.push_back(all[13]);
  batch.back().id = all[3].id;
  AddOptions replace;
  replace.replace = true;
  auto added = opened->Add(batch, {}, replace);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_EQ(added->added, 3u);
  ASSERT_EQ(added->replaced_ids, std::vector<std::string>{all[3].id});

  EXPECT_EQ(SaveCountingWinnowed(*opened), 4u) << "the nine rows stored and unchanged are copied";
  ExpectStoredKeysAreWinnowed(*opened);
  std::vector<std::vector<uint32_t>> after;
  ASSERT_TRUE(StoredKeys(*opened, &after).ok());
  EXPECT_NE(after[3], before[3]) << "the replaced row's old keys were not kept";
  EXPECT_EQ(SaveCountingWinnowed(*opened), 0u) << "saved again unchanged";

  // A full winnowing of the same rows: a new collection with the same model
  // (so the same token ids) and the same articles in the same order.
  auto model = Model::Deserialize(opened->model().Serialize());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto full = Collection::Create(tmp.Path("full"), CollectionOptions{}, std::move(model).value());
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  std::vector<Article> rows;
  for (size_t row = 0; row < opened->size(); ++row) rows.push_back(opened->article(row));
  ASSERT_TRUE(full->Add(rows).ok());
  EXPECT_EQ(SaveCountingWinnowed(*full), rows.size());
  const std::string written = ReadBytes(FileOf(dir, kFingerprintsFile));
  EXPECT_GT(written.size(), 14 * 10 * sizeof(uint32_t));
  EXPECT_TRUE(written == ReadBytes(FileOf(tmp.Path("full"), kFingerprintsFile))) << "the files differ";
}

// A manifest's record of a payload: its size and Hash64 (in hex).
std::string Stamp(std::string_view payload) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(payload)));
  return std::to_string(payload.size()) + ":" + hex;
}

TEST(CollectionTest, FingerprintsOfAnotherWinnowingAreWinnowedAgainNotCopied) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  BuildAndSave(dir, Slice(all, 0, 10));
  // The file as a parallax winnowing 4-grams would have written it (its
  // keys aside), recorded in the manifest as such.
  std::string payload = ReadBytes(FileOf(dir, kFingerprintsFile)).substr(kFileHeaderSize);
  ASSERT_EQ(payload[0], kFingerprintNgram);
  payload[0] = 4;
  ASSERT_TRUE(WriteFileAtomic(FileOf(dir, kFingerprintsFile), FourCC("FPRT"), 1, payload).ok());
  nlohmann::json manifest = nlohmann::json::parse(ReadBytes(dir / kManifest));
  manifest["files"][kFingerprintsFile] = Stamp(payload);
  manifest.erase("checksum");
  manifest["checksum"] = Stamp(manifest.dump());
  WriteBytes(dir / kManifest, manifest.dump(2) + "\n");

  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::vector<std::vector<uint32_t>> keys;
  EXPECT_EQ(StoredKeys(*opened, &keys).code(), StatusCode::kNotFound);
  ASSERT_TRUE(opened->Add(Slice(all, 10, 12)).ok());
  EXPECT_EQ(SaveCountingWinnowed(*opened), 12u) << "none copied";
  ExpectStoredKeysAreWinnowed(*opened);
}

TEST(CollectionTest, AReaderKeepsItsGenerationWhileAWriterSaves) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  BuildAndSave(dir, Slice(all, 0, 10));
  auto reader = Collection::Open(dir);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  {
    auto writer = Collection::Open(dir);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->Add(Slice(all, 10, all.size())).ok());
    ASSERT_TRUE(writer->Save().ok());
  }
  // The reader's files are still there, and its lazily read indexes load.
  EXPECT_TRUE(reader->article_index().ok());
  EXPECT_TRUE(reader->sentence_index().ok());
  auto words = reader->word_index();
  ASSERT_TRUE(words.ok()) << words.status().ToString();
  EXPECT_EQ((*words)->documents(), 10u);
  // Once it is closed, the next writer removes them.
  reader = Status::NotFound("closed");
  const size_t files_before = Snapshot(dir).size();
  auto lock = WriterLock::Acquire(dir, 0, "test");
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  EXPECT_EQ(Snapshot(dir).size(), files_before - 6 + 1) << "the old generation's six files go, LOCK comes";
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->size(), all.size());
}

TEST(CollectionTest, ASaveOverAnotherWritersSaveIsRefused) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  BuildAndSave(dir, Slice(all, 0, 10));
  auto first = Collection::Open(dir);
  auto second = Collection::Open(dir);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(first->Add(Slice(all, 10, 12)).ok());
  ASSERT_TRUE(second->Add(Slice(all, 12, 14)).ok());
  ASSERT_TRUE(first->Save().ok());
  const Status lost = second->Save();
  EXPECT_EQ(lost.code(), StatusCode::kUnavailable) << lost.ToString();
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->size(), 12u) << "the first writer's save stands";
}

TEST(CollectionTest, WritersTakeTurnsThroughTheLock) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  {
    auto held = WriterLock::Acquire(dir, 0, "parallax index");
    ASSERT_TRUE(held.ok()) << held.status().ToString();
    const auto start = std::chrono::steady_clock::now();
    auto second = WriterLock::Acquire(dir, 0.3, "parallax refit");
    ASSERT_FALSE(second.ok());
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
    EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
    const std::string message = second.status().message();
    EXPECT_NE(message.find("pid " + std::to_string(::getpid()) + " (parallax index)"), std::string::npos) << message;
    EXPECT_NE(message.find("--wait"), std::string::npos) << message;
  }
  EXPECT_TRUE(WriterLock::Acquire(dir, 0, "parallax refit").ok()) << "released with its holder";
}

TEST(CollectionTest, LeftoversOfAKilledWriterAreRemoved) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  BuildAndSave(dir, Articles());
  const auto saved = Snapshot(dir);
  // A killed writer's temporaries, and a generation it never committed.
  WriteBytes(dir / "articles.9.plx.tmp.12345", "partial");
  WriteBytes(dir / "words.spill.tmp.12345", "runs");
  WriteBytes(dir / "articles.9.plx", "uncommitted");
  WriteBytes(dir / "notes.txt", "the user's own");
  WriteBytes(dir / "draft.tmp.txt", "the user's own too");
  ASSERT_TRUE(WriterLock::Acquire(dir, 0, "test").ok());
  auto after = Snapshot(dir);
  EXPECT_EQ(after.count("notes.txt"), 1u) << "only the collection's own files are removed";
  EXPECT_EQ(after.count("draft.tmp.txt"), 1u) << "only the collection's own temporaries are removed";
  after.erase("notes.txt");
  after.erase("draft.tmp.txt");
  after.erase("LOCK");
  EXPECT_EQ(after, saved);
}

TEST(CollectionTest, ACollectionWrittenBeforeGenerationsIsReadAndUpgraded) {
  TempDir tmp;
  const fs::path dir = tmp.Path("v1");
  fs::copy(fs::path(PARALLAX_SOURCE_DIR) / "tests/golden/collection-v1", dir);
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_EQ(opened->size(), 4u);
  EXPECT_EQ(opened->article(0).id.empty(), false);
  auto words = opened->word_index();
  ASSERT_TRUE(words.ok()) << words.status().ToString();
  EXPECT_EQ((*words)->documents(), 4u);
  std::vector<std::vector<uint32_t>> keys;
  EXPECT_EQ(StoredKeys(*opened, &keys).code(), StatusCode::kNotFound) << "written before fingerprints were stored";
  EXPECT_FALSE(opened->indexes_stored());
  const std::vector<Article> more = Slice(Articles(), 0, 3);
  ASSERT_TRUE(opened->Add(more).ok());
  ASSERT_TRUE(opened->Save().ok());
  opened = Status::NotFound("closed");
  // Saved as generation 1; the old files go once nobody reads them.
  EXPECT_TRUE(fs::exists(dir / "articles.1.plx"));
  ASSERT_TRUE(WriterLock::Acquire(dir, 0, "test").ok());
  EXPECT_FALSE(fs::exists(dir / "articles.plx"));
  auto reopened = Collection::Open(dir);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(reopened->size(), 7u);
  EXPECT_TRUE(StoredKeys(*reopened, &keys).ok());
  EXPECT_EQ(keys.size(), 7u);
}

TEST(CollectionTest, SentenceIndexRowsPointToTheirSentences) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  BuildAndSave(dir, Articles());
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const Collection& c = *opened;
  const Model& model = c.model();
  const BinaryIndex* index = SentenceIndexOf(c);
  ASSERT_NE(index, nullptr);
  const size_t code_bytes = model.options().simhash_bits / 8;
  constexpr int kK = 8;
  int64_t row = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    const AnalyzedText a = c.analysis(i);
    const std::vector<uint8_t> codes = model.SentenceCodes(c.article(i), a);
    ASSERT_EQ(codes.size(), a.sentences.size() * code_bytes);
    for (size_t s = 0; s < a.sentences.size(); ++s, ++row) {
      // Rows are numbered article by article, sentence by sentence.
      EXPECT_EQ(c.SentenceOwner(row), (std::pair<size_t, size_t>{i, s}));
      int32_t distance[kK];
      int64_t label[kK];
      ASSERT_TRUE(index->Search(1, codes.data() + s * code_bytes, kK, distance, label).ok());
      // The sentence's own code is stored, so its row is among the distance-0 hits.
      bool found = false;
      for (int k = 0; k < kK && label[k] >= 0 && distance[k] == 0; ++k) found = found || label[k] == row;
      EXPECT_TRUE(found) << c.article(i).id << " sentence " << s;
    }
  }
  EXPECT_EQ(row, static_cast<int64_t>(c.sentence_count()));
}

// ---------------------------------------------------------------------------
// Appending

TEST(CollectionTest, AppendKeepsTheModelAndSkipsStoredIds) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  const std::vector<Article> all = Articles();
  ASSERT_GE(all.size(), 16u);
  const std::vector<Article> first = Slice(all, 0, 10);
  BuildAndSave(dir, first);

  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Collection c = std::move(opened).value();
  const std::string model_before = c.model().Serialize();
  const uint64_t documents_before = c.model().documents();
  EXPECT_EQ(documents_before, first.size());

  // Six new articles, two already stored (one of them with a different text:
  // the id decides), one new id repeated within the batch.
  std::vector<Article> batch = Slice(all, 10, all.size());
  Article stored_again = all[2];
  Article stored_changed = all[5];
  stored_changed.text = "A different text under an id that is already stored.";
  stored_changed.segments = {Span{0, static_cast<uint32_t>(stored_changed.text.size())}};
  Article repeated = batch[0];
  repeated.text = "The second copy of an id in one batch is dropped.";
  repeated.segments = {Span{0, static_cast<uint32_t>(repeated.text.size())}};
  batch.insert(batch.begin() + 1, stored_again);
  batch.push_back(stored_changed);
  batch.push_back(repeated);
  const size_t fresh = all.size() - 10;

  auto added = c.Add(batch);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->added, fresh);
  EXPECT_EQ(added->duplicate_ids, (std::vector<std::string>{all[2].id, all[5].id, all[10].id}));
  EXPECT_EQ(c.size(), all.size());
  EXPECT_EQ(c.model().documents(), documents_before);
  EXPECT_EQ(c.model().Serialize(), model_before);
  ASSERT_TRUE(c.Save().ok());

  auto reopened = Collection::Open(dir);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const Collection& r = *reopened;
  ASSERT_EQ(r.size(), all.size());
  EXPECT_EQ(r.model().documents(), documents_before);
  EXPECT_EQ(r.model().Serialize(), model_before);
  size_t sentences = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(r.article(i).id, all[i].id);
    EXPECT_EQ(r.article(i).text, all[i].text) << all[i].id;  // the first text under an id stays
    EXPECT_EQ(r.Find(all[i].id), std::optional<size_t>(i));
    const AnalyzedText a = r.analysis(i);
    ExpectSameAnalysis(a, r.model().Analyze(all[i]), all[i].id);
    sentences += a.sentences.size();
  }
  EXPECT_EQ(r.sentence_count(), sentences);
  ASSERT_NE(SentenceIndexOf(r), nullptr);
  EXPECT_EQ(SentenceIndexOf(r)->size(), static_cast<int64_t>(sentences));
  ExpectEachArticleIsItsOwnNearestNeighbour(r);

  // A batch of nothing but stored ids adds nothing.
  auto again = c.Add(first);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->duplicate_ids.size(), first.size());
  EXPECT_EQ(c.size(), all.size());
}

// ---------------------------------------------------------------------------
// PackAnalysis / UnpackAnalysis

TEST(PackAnalysisTest, RoundTripsEveryCorpusAnalysis) {
  TempDir tmp;
  const std::vector<Article> articles = Articles();
  const Collection c = BuildAndSave(tmp.Path("db"), articles);
  for (const Article& a : articles) {
    const AnalyzedText analysis = c.model().Analyze(a);
    const std::string packed = PackAnalysis(analysis);
    auto unpacked = UnpackAnalysis(packed, static_cast<uint32_t>(a.text.size()));
    ASSERT_TRUE(unpacked.ok()) << a.id << ": " << unpacked.status().ToString();
    ExpectSameAnalysis(*unpacked, analysis, a.id);
    EXPECT_EQ(PackAnalysis(*unpacked), packed);
  }
}

AnalyzedText HandMadeAnalysis() {
  // Text "Abc def. Gh ij." (15 bytes): two sentences of two tokens each.
  AnalyzedText a;
  a.tokens = {Token{7, 0, 3}, Token{300, 3, 8}, Token{1, 9, 11}, Token{123456, 11, 15}};
  a.sentences = {Span{0, 8}, Span{9, 15}};
  a.sentence_token_begin = {0, 2, 4};
  return a;
}

TEST(PackAnalysisTest, HandMadeAnalysisRoundTripsExactly) {
  const AnalyzedText a = HandMadeAnalysis();
  const std::string packed = PackAnalysis(a);
  auto unpacked = UnpackAnalysis(packed, 15);
  ASSERT_TRUE(unpacked.ok()) << unpacked.status().ToString();
  ExpectSameAnalysis(*unpacked, a, "hand-made");

  // An empty analysis round-trips too.
  AnalyzedText empty;
  empty.sentence_token_begin = {0};
  auto e = UnpackAnalysis(PackAnalysis(empty), 0);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_TRUE(e->tokens.empty());
  EXPECT_TRUE(e->sentences.empty());
  EXPECT_EQ(e->sentence_token_begin, std::vector<uint32_t>{0});
}

TEST(PackAnalysisTest, GapAndSizeShareOneByteOrEscape) {
  // One sentence over 1,000 bytes; tokens at the edges of the one-byte coding:
  // gap 3 size 62 (the largest that fits), gap 3 size 63 (the escape's own
  // value), gap 0 size 64, gap 4 size 0, and large gaps and sizes.
  AnalyzedText a;
  a.tokens = {Token{1, 0, 0},       Token{2, 3, 65},     Token{3, 68, 131},  Token{4, 131, 195},
              Token{5, 199, 199},   Token{6, 199, 200},  Token{7, 700, 701}, Token{8, 701, 1000},
              Token{9, 1000, 1000}};
  a.sentences = {Span{0, 1000}};
  a.sentence_token_begin = {0, 9};
  const std::string packed = PackAnalysis(a);
  auto unpacked = UnpackAnalysis(packed, 1000);
  ASSERT_TRUE(unpacked.ok()) << unpacked.status().ToString();
  ExpectSameAnalysis(*unpacked, a, "edge tokens");
  EXPECT_EQ(PackAnalysis(*unpacked), packed);

  // Size: header (1 sentence count + 3 sentence fields + 1 token count, the
  // sentence size 1000 taking 2 bytes) + 9 one-byte ids + gap/size bytes:
  // one each for tokens 1, 2, 6 and 9; 1 + varints for the five others.
  const size_t header = 1 + 1 + 2 + 1 + 1;
  const size_t escaped = (1 + 1 + 1) + (1 + 1 + 1) + (1 + 1 + 1) + (1 + 2 + 1) + (1 + 1 + 2);
  EXPECT_EQ(packed.size(), header + 9 + 4 + escaped);
}

TEST(PackAnalysisTest, EveryTruncationIsCorruption) {
  TempDir tmp;
  const std::vector<Article> articles = Articles();
  const Collection c = BuildAndSave(tmp.Path("db"), Slice(articles, 0, 3));
  std::vector<std::pair<std::string, uint32_t>> cases = {{PackAnalysis(HandMadeAnalysis()), 15}};
  const Article& a = c.article(0);
  cases.emplace_back(PackAnalysis(c.analysis(0)), static_cast<uint32_t>(a.text.size()));
  for (const auto& [packed, text_size] : cases) {
    ASSERT_TRUE(UnpackAnalysis(packed, text_size).ok());
    for (size_t n = 0; n < packed.size(); ++n) {
      auto r = UnpackAnalysis(std::string_view(packed).substr(0, n), text_size);
      ASSERT_FALSE(r.ok()) << "prefix of " << n << " of " << packed.size() << " bytes";
      EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
    }
    // A byte too many is refused as well.
    auto longer = UnpackAnalysis(packed + std::string(1, '\0'), text_size);
    ASSERT_FALSE(longer.ok());
    EXPECT_EQ(longer.status().code(), StatusCode::kCorruption);
  }
}

TEST(PackAnalysisTest, RefusesSpansBeyondTheText) {
  const std::string packed = PackAnalysis(HandMadeAnalysis());
  // The last token ends at byte 15.
  auto fits = UnpackAnalysis(packed, 15);
  ASSERT_TRUE(fits.ok());
  auto short_text = UnpackAnalysis(packed, 14);
  ASSERT_FALSE(short_text.ok());
  EXPECT_EQ(short_text.status().code(), StatusCode::kCorruption);
  // Sentence 2 ends at 15 too, so the sentence check is the one that fires here.
  EXPECT_NE(short_text.status().message().find("beyond the end of its text"), std::string::npos)
      << short_text.status().message();

  // A token beyond the text while every sentence fits.
  AnalyzedText a = HandMadeAnalysis();
  a.sentences = {Span{0, 8}, Span{9, 12}};
  const std::string token_out = PackAnalysis(a);
  ASSERT_TRUE(UnpackAnalysis(token_out, 15).ok());
  auto r = UnpackAnalysis(token_out, 14);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("token beyond the end of its text"), std::string::npos)
      << r.status().message();

  // Per-sentence token counts that do not add up to the token count.
  a = HandMadeAnalysis();
  a.tokens.pop_back();
  auto mismatch = UnpackAnalysis(PackAnalysis(a), 15);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), StatusCode::kCorruption);
}

// ---------------------------------------------------------------------------
// Damaged collections

class CorruptCollectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.Path("db");
    BuildAndSave(dir_, Articles());
    ASSERT_TRUE(Collection::Open(dir_).ok());
  }

  // Opens the damaged collection, checks that it is refused with `code`, that
  // nothing on disk changed, and returns the message.
  std::string OpenFails(StatusCode code) {
    const auto before = Snapshot(dir_);
    auto opened = Collection::Open(dir_);
    EXPECT_FALSE(opened.ok());
    EXPECT_EQ(Snapshot(dir_), before) << "a failed Open changed the files";
    if (opened.ok()) return "";
    EXPECT_EQ(opened.status().code(), code) << opened.status().ToString();
    return opened.status().message();
  }

  TempDir tmp_;
  fs::path dir_;
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Rewrites the format version of a stored file (little-endian at offset 12 of
// the header) and the header's checksum, as an older parallax wrote it.
void SetFormatVersion(const fs::path& path, uint32_t expected, uint32_t version) {
  std::string bytes = ReadBytes(path);
  ASSERT_EQ(static_cast<uint8_t>(bytes[12]), expected) << "format version of " << path;
  bytes[12] = static_cast<char>(version);
  const uint32_t header_crc = Crc32c(std::string_view(bytes).substr(0, 28));
  for (int b = 0; b < 4; ++b) bytes[28 + b] = static_cast<char>(header_crc >> (8 * b));
  WriteBytes(path, bytes);
}

TEST_F(CorruptCollectionTest, ArticlesOfAnOlderFormatAreRefusedWithWhatToDo) {
  // Format 1 coded each token's gap and size as two varints; format 2's
  // stored article vectors did not weigh the lead sentence. Either would be
  // misread or compared with vectors of another kind, so the collection is
  // refused.
  for (const uint32_t older : {1u, 2u}) {
    SetFormatVersion(FileOf(dir_, kArticlesFile), 3, older);
    const std::string message = OpenFails(StatusCode::kInvalidArgument);  // and leaves the files as they were
    EXPECT_TRUE(Contains(message, "older parallax (articles format " + std::to_string(older))) << message;
    EXPECT_TRUE(Contains(message, "parallax index")) << message;
    SetFormatVersion(FileOf(dir_, kArticlesFile), older, 3);
  }
}

TEST_F(CorruptCollectionTest, ModelOfAnOlderFeatureDefinitionIsRefusedWithWhatToDo) {
  // Model format 1 hashed the tokenizer's pieces as words; format 2's IDF
  // counted whole words where vectors now hold stems; format 3 had no
  // language vocabularies; format 4 hashed accented letters as they are. None
  // matches this build's features or scores, so the collection is refused
  // (and left as it is), not searched with mismatched vectors. (Format 5,
  // without a lexicon, is read: tests/golden.)
  for (uint32_t older = 1; older < Model::kOldestReadVersion; ++older) {
    SetFormatVersion(FileOf(dir_, kModelFile), Model::kFileVersion, older);
    const std::string message = OpenFails(StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(message, "older parallax (model format " + std::to_string(older))) << message;
    EXPECT_TRUE(Contains(message, "parallax index")) << message;
    SetFormatVersion(FileOf(dir_, kModelFile), older, Model::kFileVersion);
  }
}

TEST_F(CorruptCollectionTest, FlippedByteInArticlesIsRefusedWithWhatToDo) {
  std::string bytes = ReadBytes(FileOf(dir_, kArticlesFile));
  ASSERT_GT(bytes.size(), 1000u);
  bytes[bytes.size() / 2] ^= 0x01;
  WriteBytes(FileOf(dir_, kArticlesFile), bytes);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, FileOf(dir_, kArticlesFile).filename().string())) << message;
  EXPECT_TRUE(Contains(message, "parallax index")) << message;
}

TEST_F(CorruptCollectionTest, FlippedByteInEachFileIsCorruption) {
  for (const char* name : {kModelFile, kArticlesFile, kArticleIndexFile, kSentenceIndexFile, kFingerprintsFile}) {
    SCOPED_TRACE(name);
    const std::string original = ReadBytes(FileOf(dir_, name));
    for (size_t at : {size_t{3}, size_t{20}, original.size() / 3, original.size() - 1}) {
      std::string bytes = original;
      bytes[at] ^= 0x40;
      WriteBytes(FileOf(dir_, name), bytes);
      const std::string message = OpenFails(StatusCode::kCorruption);
      EXPECT_TRUE(Contains(message, FileOf(dir_, name).filename().string())) << "byte " << at << ": " << message;
    }
    WriteBytes(FileOf(dir_, name), original);
    ASSERT_TRUE(Collection::Open(dir_).ok());
  }
}

TEST_F(CorruptCollectionTest, FlippedByteInEveryArticleRecordIsCorruption) {
  // articles.plx is parsed while it streams: a damaged byte anywhere (in a
  // text, a length, an analysis, a vector) must still be refused.
  const std::string bytes = ReadBytes(FileOf(dir_, kArticlesFile));
  for (size_t at : {size_t{kFileHeaderSize}, size_t{kFileHeaderSize + 5}, bytes.size() / 3, bytes.size() / 2,
                    bytes.size() - 3}) {
    std::string damaged = bytes;
    damaged[at] ^= 0x20;
    WriteBytes(FileOf(dir_, kArticlesFile), damaged);
    const std::string message = OpenFails(StatusCode::kCorruption);
    EXPECT_TRUE(Contains(message, FileOf(dir_, kArticlesFile).filename().string())) << "byte " << at << ": " << message;
    EXPECT_TRUE(Contains(message, "damaged")) << "byte " << at << ": " << message;
  }
}

TEST_F(CorruptCollectionTest, TruncatedArticlesOrArticleIndexIsCorruption) {
  for (const char* file : {kArticlesFile, kArticleIndexFile}) {
    const std::string bytes = ReadBytes(FileOf(dir_, file));
    for (size_t keep : {bytes.size() - 1, bytes.size() / 2, size_t{40}, size_t{31}, size_t{0}}) {
      WriteBytes(FileOf(dir_, file), bytes.substr(0, keep));
      const std::string message = OpenFails(StatusCode::kCorruption);
      EXPECT_TRUE(Contains(message, FileOf(dir_, file).filename().string())) << "kept " << keep << ": " << message;
    }
    WriteBytes(FileOf(dir_, file), bytes);
  }
}

TEST_F(CorruptCollectionTest, IndexDamagedAfterOpenFailsWhenLoaded) {
  // Open verifies the index files but reads them on first use: a file
  // replaced in between is refused then, not read, and Save writes nothing.
  auto article_index = [](const Collection& c) { return c.article_index().status(); };
  auto sentence_index = [](const Collection& c) { return c.sentence_index().status(); };
  for (const auto& [file, load] : {std::pair<const char*, std::function<Status(const Collection&)>>{
                                       kArticleIndexFile, article_index},
                                   {kSentenceIndexFile, sentence_index}}) {
    SCOPED_TRACE(file);
    auto opened = Collection::Open(dir_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    const std::string intact = ReadBytes(FileOf(dir_, file));
    std::string bytes = intact;
    bytes[bytes.size() / 2] ^= 0x01;
    WriteBytes(FileOf(dir_, file), bytes);
    const Status status = load(*opened);
    EXPECT_EQ(status.code(), StatusCode::kCorruption);
    EXPECT_TRUE(Contains(status.message(), FileOf(dir_, file).filename().string())) << status.message();
    EXPECT_FALSE(opened->Save().ok()) << "Save must not write a collection whose index cannot be read";
    WriteBytes(FileOf(dir_, file), intact);
  }
}

TEST_F(CorruptCollectionTest, FileOfAnotherCollectionDoesNotMatchTheManifest) {
  // Another collection, fitted on other articles: its model.plx is a valid
  // parallax model file, but not the one this manifest recorded.
  const fs::path other = tmp_.Path("other");
  const std::vector<Article> all = Articles();
  BuildAndSave(other, Slice(all, 3, 12));
  ASSERT_TRUE(Collection::Open(other).ok());
  ASSERT_NE(ReadBytes(FileOf(other, kModelFile)), ReadBytes(FileOf(dir_, kModelFile)));
  fs::copy_file(FileOf(other, kModelFile), FileOf(dir_, kModelFile), fs::copy_options::overwrite_existing);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "manifest")) << message;
  EXPECT_TRUE(Contains(message, FileOf(dir_, kModelFile).filename().string())) << message;
  EXPECT_TRUE(Contains(message, "parallax index")) << message;
}

TEST_F(CorruptCollectionTest, ArticlesFromAnEarlierSaveDoNotMatchTheManifest) {
  // An interrupted append: articles.plx is the previous save's.
  const std::string old_articles = ReadBytes(FileOf(dir_, kArticlesFile));
  {
    auto c = Collection::Open(dir_);
    ASSERT_TRUE(c.ok());
    Article extra = test_corpus::MakeDoc("late", "late.example", "2024-06-01", "en",
                                         {"A late article", "It arrived after the first save and was appended."});
    ASSERT_TRUE(c->Add({extra}).ok());
    ASSERT_TRUE(c->Save().ok());
  }
  ASSERT_NE(ReadBytes(FileOf(dir_, kArticlesFile)), old_articles);
  WriteBytes(FileOf(dir_, kArticlesFile), old_articles);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "manifest")) << message;
  EXPECT_TRUE(Contains(message, FileOf(dir_, kArticlesFile).filename().string())) << message;
}

TEST_F(CorruptCollectionTest, MissingSentenceIndexIsCorruption) {
  fs::remove(FileOf(dir_, kSentenceIndexFile));
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "missing")) << message;
  EXPECT_TRUE(Contains(message, FileOf(dir_, kSentenceIndexFile).filename().string())) << message;
  EXPECT_TRUE(Contains(message, "parallax index")) << message;
}

TEST_F(CorruptCollectionTest, MissingModelOrArticlesIsCorruption) {
  for (const char* name : {kModelFile, kArticlesFile, kArticleIndexFile}) {
    const std::string bytes = ReadBytes(FileOf(dir_, name));
    fs::remove(FileOf(dir_, name));
    const std::string message = OpenFails(StatusCode::kCorruption);
    EXPECT_TRUE(Contains(message, "missing")) << message;
    EXPECT_TRUE(Contains(message, FileOf(dir_, name).filename().string())) << message;
    WriteBytes(FileOf(dir_, name), bytes);
  }
  EXPECT_TRUE(Collection::Open(dir_).ok());
}

TEST_F(CorruptCollectionTest, GarbageManifestIsCorruption) {
  for (const std::string& garbage : {std::string("this is not json {"), std::string(""), std::string("[1, 2, 3]"),
                                    std::string("{\"format\": \"something-else\", \"version\": 1}"),
                                    std::string("\x89PNG\r\n\x1a\n", 8)}) {
    WriteBytes(dir_ / kManifest, garbage);
    const std::string message = OpenFails(StatusCode::kCorruption);
    EXPECT_TRUE(Contains(message, kManifest)) << message;
  }
}

TEST_F(CorruptCollectionTest, ManifestWithoutFileListIsCorruption) {
  WriteBytes(dir_ / kManifest, R"({"format": "parallax-collection", "version": 1, "articles": 18})");
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "manifest")) << message;
}

TEST_F(CorruptCollectionTest, ManifestFromTheFutureAsksForAnUpgrade) {
  std::string manifest = ReadBytes(dir_ / kManifest);
  const size_t at = manifest.find("\"version\": 2");
  ASSERT_NE(at, std::string::npos) << manifest;
  manifest.replace(at, 12, "\"version\": 3");
  WriteBytes(dir_ / kManifest, manifest);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "upgrade parallax")) << message;
}

TEST_F(CorruptCollectionTest, ManifestEditedWithoutItsChecksumIsCorruption) {
  std::string manifest = ReadBytes(dir_ / kManifest);
  const size_t at = manifest.find("\"dim\": ");
  ASSERT_NE(at, std::string::npos) << manifest;
  manifest.insert(at + 7, "1");  // a field no check reads
  WriteBytes(dir_ / kManifest, manifest);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "checksum")) << message;
}

TEST_F(CorruptCollectionTest, ManifestCountDisagreeingWithTheStoreIsCorruption) {
  std::string manifest = ReadBytes(dir_ / kManifest);
  const std::string count = "\"articles\": " + std::to_string(Articles().size());
  const size_t at = manifest.find(count);
  ASSERT_NE(at, std::string::npos) << manifest;
  manifest.replace(at, count.size(), "\"articles\": 3");
  WriteBytes(dir_ / kManifest, manifest);
  const std::string message = OpenFails(StatusCode::kCorruption);
  EXPECT_TRUE(Contains(message, "manifest")) << message;
}

TEST_F(CorruptCollectionTest, NoManifestIsNotFoundWithAHint) {
  fs::remove(dir_ / kManifest);
  EXPECT_FALSE(Collection::Exists(dir_));
  const std::string message = OpenFails(StatusCode::kNotFound);
  EXPECT_TRUE(Contains(message, kManifest)) << message;
  EXPECT_TRUE(Contains(message, "parallax index")) << message;

  const fs::path empty = tmp_.Path("empty");
  fs::create_directories(empty);
  auto opened = Collection::Open(empty);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  auto missing = Collection::Open(tmp_.Path("does/not/exist"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

// ---------------------------------------------------------------------------
// Regression tests of bugs found and fixed.

TEST_F(CorruptCollectionTest, IndexFilesOfAnotherSaveDoNotMatchTheManifest) {
  // Same articles in reverse order: same counts and dimension, different rows.
  const fs::path other = tmp_.Path("other");
  std::vector<Article> reversed = Articles();
  std::reverse(reversed.begin(), reversed.end());
  BuildAndSave(other, reversed);
  for (const char* name : {kArticleIndexFile, kSentenceIndexFile}) {
    SCOPED_TRACE(name);
    const std::string original = ReadBytes(FileOf(dir_, name));
    ASSERT_NE(ReadBytes(FileOf(other, name)), original);
    fs::copy_file(FileOf(other, name), FileOf(dir_, name), fs::copy_options::overwrite_existing);
    const std::string message = OpenFails(StatusCode::kCorruption);
    EXPECT_TRUE(Contains(message, "manifest")) << message;
    WriteBytes(FileOf(dir_, name), original);
  }
}

TEST_F(CorruptCollectionTest, ManifestWithWrongFieldTypesIsCorruptionNotAnException) {
  const std::string manifest = ReadBytes(dir_ / kManifest);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string m = manifest;
    const size_t at = m.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) m.replace(at, from.size(), to);
    return m;
  };
  const std::string count = std::to_string(Articles().size());
  for (const std::string& bad : {
           replaced("\"format\": \"parallax-collection\"", "\"format\": 7"),
           replaced("\"article_index\": \"Flat\"", "\"article_index\": 5"),
           replaced("\"articles\": " + count, "\"articles\": \"" + count + "\""),
           replaced("\"sentence_index\": true", "\"sentence_index\": \"yes\""),
           replaced("\"version\": 2", "\"no_version\": 2"),
       }) {
    SCOPED_TRACE(bad);
    WriteBytes(dir_ / kManifest, bad);
    try {
      const std::string message = OpenFails(StatusCode::kCorruption);
      EXPECT_TRUE(Contains(message, "parallax index")) << message;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "exception escaped Collection::Open: " << e.what();
    }
  }
}

TEST_F(CorruptCollectionTest, EveryDamagedFileMessageSaysWhatToDo) {
  struct Damage {
    const char* name;
    std::string bytes;
  };
  const std::string articles = ReadBytes(FileOf(dir_, kArticlesFile));
  const std::string index = ReadBytes(FileOf(dir_, kArticleIndexFile));
  std::string bad_magic = index;
  bad_magic[2] ^= 0x20;
  for (const Damage& d : {Damage{kArticleIndexFile, index.substr(0, index.size() / 2)},
                          Damage{kModelFile, articles},  // a parallax file of the wrong kind
                          Damage{kArticleIndexFile, bad_magic}}) {
    SCOPED_TRACE(d.name);
    const fs::path path = FileOf(dir_, d.name);
    const std::string original = ReadBytes(path);
    WriteBytes(path, d.bytes);
    const std::string message = OpenFails(StatusCode::kCorruption);
    EXPECT_TRUE(Contains(message, path.filename().string())) << message;
    EXPECT_TRUE(Contains(message, "parallax index")) << message;
    WriteBytes(path, original);
  }
}

// ---------------------------------------------------------------------------
// Options and failures

TEST(CollectionTest, WithoutSentenceIndex) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  CollectionOptions options;
  options.sentence_index = false;
  const std::vector<Article> articles = Articles();
  const Collection built = BuildAndSave(dir, articles, options);
  EXPECT_EQ(SentenceIndexOf(built), nullptr);
  EXPECT_FALSE(fs::exists(FileOf(dir, kSentenceIndexFile)));

  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_FALSE(opened->options().sentence_index);
  EXPECT_EQ(SentenceIndexOf(*opened), nullptr);
  ASSERT_EQ(opened->size(), articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    EXPECT_EQ(opened->article(i).text, articles[i].text);
    ExpectSameAnalysis(opened->analysis(i), opened->model().Analyze(articles[i]), articles[i].id);
  }
  ExpectEachArticleIsItsOwnNearestNeighbour(*opened);
}

TEST(CollectionTest, HnswCollectionRoundTrips) {
  TempDir tmp;
  const fs::path dir = tmp.Path("db");
  CollectionOptions options;
  options.article_index = "HNSW32";
  const std::vector<Article> articles = Articles();
  BuildAndSave(dir, articles, options);
  auto opened = Collection::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->options().article_index, "HNSW32");
  auto index = opened->article_index();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ((*index)->factory(), "HNSW32");
  ASSERT_EQ(opened->size(), articles.size());
  ExpectEachArticleIsItsOwnNearestNeighbour(*opened);
}

TEST(CollectionTest, BadIndexFactoryIsInvalidArgument) {
  TempDir tmp;
  CollectionOptions options;
  options.article_index = "NotAnIndex";
  auto created = Collection::Create(tmp.Path("db"), options);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
}

TEST(CollectionTest, SaveUnderARegularFileIsIOError) {
  TempDir tmp;
  const std::string file = tmp.Write("plain.txt", "not a folder");
  auto created = Collection::Create(fs::path(file) / "db", CollectionOptions{});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(created->Add(Slice(Articles(), 0, 4)).ok());
  const Status saved = created->Save();
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.code(), StatusCode::kIOError) << saved.ToString();
  EXPECT_TRUE(Contains(saved.message(), file)) << saved.message();
  EXPECT_EQ(ReadBytes(file), "not a folder");
}

TEST(CollectionTest, SaveWithoutArticlesIsRefused) {
  TempDir tmp;
  auto created = Collection::Create(tmp.Path("db"), CollectionOptions{});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->size(), 0u);
  EXPECT_EQ(created->sentence_count(), 0u);
  EXPECT_FALSE(created->has_model());
  const Status saved = created->Save();
  EXPECT_EQ(saved.code(), StatusCode::kInvalidArgument) << saved.ToString();
  EXPECT_FALSE(Collection::Exists(tmp.Path("db")));
}

TEST(CollectionTest, GivenModelIsUsedAsIs) {
  TempDir tmp;
  const std::vector<Article> all = Articles();
  auto fitted = Model::Fit(Slice(all, 0, 9), ModelOptions{});
  ASSERT_TRUE(fitted.ok()) << fitted.status().ToString();
  const std::string model_bytes = fitted->Serialize();
  auto created = Collection::Create(tmp.Path("db"), CollectionOptions{}, std::move(fitted).value());
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->has_model());
  auto added = created->Add(all);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->added, all.size());
  EXPECT_EQ(created->model().documents(), 9u);
  EXPECT_EQ(created->model().Serialize(), model_bytes);
  ASSERT_TRUE(created->Save().ok());
  auto opened = Collection::Open(tmp.Path("db"));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->model().Serialize(), model_bytes);
}

}  // namespace
}  // namespace parallax
