#include "parallax/collection.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "parallax/bytes.h"
#include "parallax/file_format.h"

namespace parallax {

namespace {

namespace fs = std::filesystem;

constexpr uint32_t kArticlesKind = FourCC("ARTS");
constexpr uint32_t kArticleIndexKind = FourCC("VIDX");
constexpr uint32_t kSentenceIndexKind = FourCC("SIDX");
constexpr uint32_t kFormatVersion = 1;
constexpr int kManifestVersion = 1;
constexpr const char* kManifest = "manifest.json";
constexpr const char* kModelFile = "model.plx";
constexpr const char* kArticlesFile = "articles.plx";
constexpr const char* kArticleIndexFile = "articles.faiss.plx";
constexpr const char* kSentenceIndexFile = "sentences.faiss.plx";
constexpr size_t kMaxField = 1u << 20;       // id, title, url...
constexpr size_t kMaxText = 64u << 20;       // one article text
constexpr size_t kMaxPacked = 256u << 20;    // one packed analysis

// Every damage of a collection gets the same advice: the inputs are the
// user's own files, so a new collection can always be built from them.
Status CorruptCollection(const fs::path& dir, const std::string& what) {
  return Status::Corruption(dir.string() + ": " + what +
                            " (the collection is damaged: move it aside and re-create it with "
                            "`parallax index INPUT... --db " + dir.string() + "`)");
}

// The manifest's record of a file: its size and a content hash (a CRC would
// not do: FAISS payloads end with their own CRC, so all CRC to one constant).
std::string FileStamp(std::string_view payload) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(payload)));
  return std::to_string(payload.size()) + ":" + hex;
}

}  // namespace

std::string PackAnalysis(const AnalyzedText& a) {
  ByteWriter w;
  w.PutVarint32(static_cast<uint32_t>(a.sentences.size()));
  uint32_t position = 0;
  for (size_t s = 0; s < a.sentences.size(); ++s) {
    w.PutVarint32(a.sentences[s].begin - position);
    w.PutVarint32(a.sentences[s].size());
    position = a.sentences[s].begin;
    w.PutVarint32(a.sentence_token_begin[s + 1] - a.sentence_token_begin[s]);
  }
  position = 0;
  w.PutVarint32(static_cast<uint32_t>(a.tokens.size()));
  for (const Token& t : a.tokens) {
    w.PutVarint32(t.id);
    w.PutVarint32(t.begin - position);
    w.PutVarint32(t.end - t.begin);
    position = t.end;
  }
  return w.Release();
}

StatusOr<AnalyzedText> UnpackAnalysis(std::string_view packed, uint32_t text_size) {
  ByteReader r(packed);
  AnalyzedText a;
  uint32_t sentences, tokens;
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&sentences));
  if (sentences > text_size) return Status::Corruption("more sentences than bytes of text");
  a.sentences.resize(sentences);
  a.sentence_token_begin.resize(sentences + 1);
  uint64_t position = 0, token_total = 0;
  for (uint32_t s = 0; s < sentences; ++s) {
    uint32_t delta, size, count;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&delta));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&size));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&count));
    position += delta;
    if (position + size > text_size) return Status::Corruption("sentence beyond the end of its text");
    a.sentences[s] = Span{static_cast<uint32_t>(position), static_cast<uint32_t>(position + size)};
    a.sentence_token_begin[s] = static_cast<uint32_t>(token_total);
    token_total += count;
  }
  a.sentence_token_begin[sentences] = static_cast<uint32_t>(token_total);
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&tokens));
  if (tokens != token_total || tokens > text_size) return Status::Corruption("token count does not match");
  a.tokens.resize(tokens);
  position = 0;
  for (Token& t : a.tokens) {
    uint32_t gap, size;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&t.id));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&gap));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&size));
    position += gap;
    if (position + size > text_size) return Status::Corruption("token beyond the end of its text");
    t.begin = static_cast<uint32_t>(position);
    position += size;
    t.end = static_cast<uint32_t>(position);
  }
  if (!r.done()) return Status::Corruption("trailing bytes after an analysis");
  return a;
}

struct Collection::Impl {
  fs::path dir;
  CollectionOptions options;
  std::optional<Model> model;
  std::vector<Article> articles;
  std::vector<std::string> packed;            // PackAnalysis of each article
  std::vector<CompactVector> vectors;         // ArticleVector of each article
  std::vector<uint32_t> sentence_offset;      // first sentence-index row of each article; size + 1
  std::unordered_map<std::string, size_t> by_id;
  std::optional<VectorIndex> article_index;
  std::optional<BinaryIndex> sentence_index;
};

Collection::Collection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Collection::Collection(Collection&&) noexcept = default;
Collection& Collection::operator=(Collection&&) noexcept = default;
Collection::~Collection() = default;

size_t Collection::size() const { return impl_->articles.size(); }
size_t Collection::sentence_count() const { return impl_->sentence_offset.back(); }
const Article& Collection::article(size_t i) const { return impl_->articles[i]; }
const CompactVector& Collection::vector(size_t i) const { return impl_->vectors[i]; }
const Model& Collection::model() const { return *impl_->model; }
bool Collection::has_model() const { return impl_->model.has_value(); }
const VectorIndex& Collection::article_index() const { return *impl_->article_index; }
const BinaryIndex* Collection::sentence_index() const {
  return impl_->sentence_index ? &*impl_->sentence_index : nullptr;
}
const fs::path& Collection::dir() const { return impl_->dir; }
const CollectionOptions& Collection::options() const { return impl_->options; }

AnalyzedText Collection::analysis(size_t i) const {
  // Verified when the collection was opened, so this cannot fail.
  auto a = UnpackAnalysis(impl_->packed[i], static_cast<uint32_t>(impl_->articles[i].text.size()));
  return a.ok() ? std::move(a).value() : AnalyzedText{};
}

std::optional<size_t> Collection::Find(const std::string& id) const {
  auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return std::nullopt;
  return it->second;
}

std::pair<size_t, size_t> Collection::SentenceOwner(int64_t row) const {
  const auto& off = impl_->sentence_offset;
  const size_t article = std::upper_bound(off.begin(), off.end(), static_cast<uint32_t>(row)) - off.begin() - 1;
  return {article, static_cast<size_t>(row) - off[article]};
}

bool Collection::Exists(const fs::path& dir) { return fs::exists(dir / kManifest); }

StatusOr<Collection> Collection::Create(const fs::path& dir, const CollectionOptions& options,
                                        std::optional<Model> model) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->sentence_offset = {0};
  const int dim = model ? model->options().dim : options.model.features.dim;
  auto index = VectorIndex::Create(dim, options.article_index);
  if (!index.ok()) return index.status();
  impl->article_index.emplace(std::move(index).value());
  if (options.sentence_index) {
    const int bits = model ? model->options().simhash_bits : options.model.features.simhash_bits;
    auto sindex = BinaryIndex::Create(bits);
    if (!sindex.ok()) return sindex.status();
    impl->sentence_index.emplace(std::move(sindex).value());
  }
  impl->model = std::move(model);
  return Collection(std::move(impl));
}

StatusOr<AddResult> Collection::Add(std::vector<Article> articles, const ProgressFn& progress) {
  Impl& c = *impl_;
  AddResult result;
  // Drop ids already stored or repeated within this batch.
  std::vector<Article> fresh;
  std::unordered_map<std::string, size_t> batch_ids;
  for (Article& a : articles) {
    if (c.by_id.count(a.id) || batch_ids.count(a.id)) {
      result.duplicate_ids.push_back(a.id);
      continue;
    }
    batch_ids.emplace(a.id, fresh.size());
    fresh.push_back(std::move(a));
  }
  if (fresh.empty()) return result;

  std::optional<Tokenizer> trained;
  if (!c.model) {
    if (progress) progress("training tokenizer", 0, 1);
    auto tokenizer = Model::TrainTokenizer(fresh, c.options.model.tokenizer);
    if (!tokenizer.ok()) return tokenizer.status();
    trained.emplace(std::move(tokenizer).value());
  }
  const Tokenizer& tokenizer = c.model ? c.model->tokenizer() : *trained;

  // Tokenize once and keep only the compact form (about 3 bytes a token):
  // later passes unpack one article at a time, so memory stays flat. A new
  // model's document frequencies are counted on the way.
  const int64_t n = static_cast<int64_t>(fresh.size());
  std::optional<DocumentCounts> counts;
  if (!c.model) counts.emplace(tokenizer, c.options.model.features);
  std::vector<std::string> packed(n);
  std::atomic<size_t> done{0};
  auto report = [&](const char* stage) {
    const size_t d = ++done;
    if (progress && d % 256 == 0) {
#pragma omp critical(progress)
      progress(stage, d, n);
    }
  };
#pragma omp parallel for schedule(dynamic, 32)
  for (int64_t i = 0; i < n; ++i) {
    const AnalyzedText analysis = Analyze(tokenizer, fresh[i]);
    if (counts) counts->Add(fresh[i], analysis);
    packed[i] = PackAnalysis(analysis);
    report("tokenizing");
  }
  if (progress) progress("tokenizing", n, n);
  auto unpack = [&](size_t i) {
    auto a = UnpackAnalysis(packed[i], static_cast<uint32_t>(fresh[i].text.size()));
    return a.ok() ? std::move(a).value() : AnalyzedText{};  // packed just above: cannot fail
  };
  if (!c.model) {
    if (progress) progress("fitting weights", 0, 1);
    c.model.emplace(Model::FitWeights(std::move(*trained), std::move(*counts)));
  }
  const Model& model = *c.model;
  const int dim = model.options().dim;
  if (dim != c.article_index->dim()) {
    return Status::InvalidArgument("the model's vectors have " + std::to_string(dim) +
                                   " dimensions but the collection's index has " +
                                   std::to_string(c.article_index->dim()));
  }

  // Article vectors and sentence codes, in parallel.
  std::vector<CompactVector> vectors(n);
  std::vector<float> dense(static_cast<size_t>(n) * dim);
  std::vector<std::vector<uint8_t>> codes(c.sentence_index ? n : 0);
  const int code_bytes = model.options().simhash_bits / 8;
  done = 0;
#pragma omp parallel for schedule(dynamic, 32)
  for (int64_t i = 0; i < n; ++i) {
    const AnalyzedText a = unpack(i);
    // The index holds the sketch of the stored (quantised) vector: the same
    // one pairs and search use for queries.
    vectors[i] = Compact(model.ArticleVector(fresh[i], a));
    model.Dense(Expand(vectors[i]), &dense[static_cast<size_t>(i) * dim]);
    if (!codes.empty()) codes[i] = model.SentenceCodes(fresh[i], a);
    report("embedding");
  }
  if (progress) progress("embedding", n, n);

  if (progress) progress("indexing", 0, 1);
  PARALLAX_RETURN_IF_ERROR(c.article_index->Add(n, dense.data()));
  if (c.sentence_index) {
    std::vector<uint8_t> all;
    for (const auto& v : codes) all.insert(all.end(), v.begin(), v.end());
    PARALLAX_RETURN_IF_ERROR(c.sentence_index->Add(static_cast<int64_t>(all.size() / code_bytes), all.data()));
  }
  if (progress) progress("indexing", 1, 1);
  for (int64_t i = 0; i < n; ++i) {
    c.by_id.emplace(fresh[i].id, c.articles.size());
    const size_t sentences = codes.empty() ? 0 : codes[i].size() / code_bytes;
    c.sentence_offset.push_back(c.sentence_offset.back() + static_cast<uint32_t>(sentences));
    c.articles.push_back(std::move(fresh[i]));
    c.packed.push_back(std::move(packed[i]));
    c.vectors.push_back(std::move(vectors[i]));
  }
  result.added = static_cast<size_t>(n);
  return result;
}

namespace {

std::string SerializeArticles(const std::vector<Article>& articles, const std::vector<std::string>& packed,
                              const std::vector<CompactVector>& vectors) {
  ByteWriter w;
  w.PutVarint64(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    const Article& a = articles[i];
    for (const std::string* f : {&a.id, &a.title, &a.outlet, &a.url, &a.date, &a.lang, &a.text}) w.PutString(*f);
    w.PutVarint32(static_cast<uint32_t>(a.segments.size()));
    for (const Span& s : a.segments) {
      w.PutVarint32(s.begin);
      w.PutVarint32(s.size());
    }
    w.PutString(packed[i]);
    w.PutF32(vectors[i].scale);
    w.PutVarint32(static_cast<uint32_t>(vectors[i].entries.size()));
    w.PutBytes(vectors[i].entries.data(), vectors[i].entries.size() * sizeof(uint32_t));
  }
  return w.Release();
}

Status ParseArticles(std::string_view payload, std::vector<Article>* articles, std::vector<std::string>* packed,
                     std::vector<CompactVector>* vectors) {
  ByteReader r(payload);
  uint64_t count;
  PARALLAX_RETURN_IF_ERROR(r.GetVarint64(&count));
  if (count > payload.size()) return Status::Corruption("article count larger than the file");
  articles->resize(count);
  packed->resize(count);
  vectors->resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    Article& a = (*articles)[i];
    for (std::string* f : {&a.id, &a.title, &a.outlet, &a.url, &a.date, &a.lang}) {
      PARALLAX_RETURN_IF_ERROR(r.GetString(f, kMaxField));
    }
    PARALLAX_RETURN_IF_ERROR(r.GetString(&a.text, kMaxText));
    uint32_t segments;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&segments));
    if (segments > a.text.size()) return Status::Corruption("more segments than bytes of text");
    a.segments.resize(segments);
    for (Span& s : a.segments) {
      uint32_t size;
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&s.begin));
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&size));
      if (uint64_t{s.begin} + size > a.text.size()) return Status::Corruption("segment beyond the end of its text");
      s.end = s.begin + size;
    }
    PARALLAX_RETURN_IF_ERROR(r.GetString(&(*packed)[i], kMaxPacked));
    auto check = UnpackAnalysis((*packed)[i], static_cast<uint32_t>(a.text.size()));
    if (!check.ok()) return check.status().WithContext("article " + a.id);
    CompactVector& v = (*vectors)[i];
    uint32_t entries;
    PARALLAX_RETURN_IF_ERROR(r.GetF32(&v.scale));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&entries));
    if (entries > r.remaining() / sizeof(uint32_t)) return Status::Corruption("article vector beyond the end of the file");
    v.entries.resize(entries);
    PARALLAX_RETURN_IF_ERROR(r.GetBytes(v.entries.data(), entries * sizeof(uint32_t)));
    for (size_t e = 1; e < entries; ++e) {
      if ((v.entries[e - 1] >> 8) >= (v.entries[e] >> 8)) return Status::Corruption("article vector keys out of order");
    }
  }
  if (!r.done()) return Status::Corruption("trailing bytes after the last article");
  return Status::Ok();
}

}  // namespace

Status Collection::Save() const {
  const Impl& c = *impl_;
  if (!c.model) return Status::InvalidArgument("nothing to save: the collection has no articles yet");
  std::error_code ec;
  fs::create_directories(c.dir, ec);
  if (ec) return Status::IOError("cannot create " + c.dir.string() + ": " + ec.message());

  nlohmann::json files = nlohmann::json::object();
  auto write = [&](const char* name, uint32_t kind, const std::string& payload) -> Status {
    files[name] = FileStamp(payload);
    return WriteFileAtomic(c.dir / name, kind, kFormatVersion, payload);
  };
  PARALLAX_RETURN_IF_ERROR(write(kModelFile, Model::kFileKind, c.model->Serialize()));
  PARALLAX_RETURN_IF_ERROR(write(kArticlesFile, kArticlesKind, SerializeArticles(c.articles, c.packed, c.vectors)));
  PARALLAX_RETURN_IF_ERROR(write(kArticleIndexFile, kArticleIndexKind, c.article_index->Serialize()));
  if (c.sentence_index) {
    PARALLAX_RETURN_IF_ERROR(write(kSentenceIndexFile, kSentenceIndexKind, c.sentence_index->Serialize()));
  }
  nlohmann::json manifest = {
      {"format", "parallax-collection"},
      {"version", kManifestVersion},
      {"articles", c.articles.size()},
      {"sentences", c.sentence_offset.back()},
      {"article_index", c.options.article_index},
      {"sentence_index", c.options.sentence_index},
      {"dim", c.model->options().dim},
      {"files", files},
  };
  return WriteTextFileAtomic(c.dir / kManifest, manifest.dump(2) + "\n");
}

namespace {

struct Manifest {
  uint64_t articles = 0;
  std::string article_index;
  bool sentence_index = true;
  std::map<std::string, std::string> files;  // name -> FileStamp
};

// Reads manifest.json; any missing or mistyped field is a damaged manifest.
StatusOr<Manifest> ReadManifest(const fs::path& dir) {
  std::ifstream in(dir / kManifest, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::IOError("cannot read " + (dir / kManifest).string());
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("format") || j["format"] != "parallax-collection") {
    return CorruptCollection(dir, std::string(kManifest) + " is not a parallax manifest");
  }
  try {
    const int version = j.at("version").get<int>();
    if (version > kManifestVersion) {
      return Status::Corruption(dir.string() + ": written by a newer parallax (manifest version " +
                                std::to_string(version) + ", this build reads up to " +
                                std::to_string(kManifestVersion) + "); upgrade parallax");
    }
    Manifest m;
    m.articles = j.at("articles").get<uint64_t>();
    m.article_index = j.at("article_index").get<std::string>();
    m.sentence_index = j.at("sentence_index").get<bool>();
    m.files = j.at("files").get<std::map<std::string, std::string>>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    return CorruptCollection(dir, std::string(kManifest) + ": " + e.what());
  }
}

}  // namespace

StatusOr<Collection> Collection::Open(const fs::path& dir) {
  if (!fs::exists(dir / kManifest)) {
    return Status::NotFound(dir.string() + " holds no parallax collection (no " + kManifest +
                            "); create one with `parallax index INPUT... --db " + dir.string() + "`");
  }
  auto manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  const std::map<std::string, std::string>& files = manifest->files;

  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options.article_index = manifest->article_index;
  impl->options.sentence_index = manifest->sentence_index;

  // Reads one file and checks that it is the one the manifest recorded.
  auto read = [&](const char* name, uint32_t kind) -> StatusOr<StoredFile> {
    auto file = ReadCheckedFile(dir / name, kind, kFormatVersion);
    if (!file.ok()) {
      if (file.status().code() == StatusCode::kNotFound) return CorruptCollection(dir, std::string(name) + " is missing");
      if (file.status().code() == StatusCode::kCorruption) return CorruptCollection(dir, file.status().message());
      return file.status();
    }
    auto it = files.find(name);
    if (it == files.end() || it->second != FileStamp(file->payload)) {
      return CorruptCollection(dir, std::string(name) + " does not match the manifest (files of two different writes?)");
    }
    return file;
  };

  auto model_file = read(kModelFile, Model::kFileKind);
  if (!model_file.ok()) return model_file.status();
  auto model = Model::Deserialize(model_file->payload);
  if (!model.ok()) return CorruptCollection(dir, kModelFile + (": " + model.status().message()));
  impl->model.emplace(std::move(model).value());

  auto articles = read(kArticlesFile, kArticlesKind);
  if (!articles.ok()) return articles.status();
  if (Status st = ParseArticles(articles->payload, &impl->articles, &impl->packed, &impl->vectors); !st.ok()) {
    return CorruptCollection(dir, std::string(kArticlesFile) + ": " + st.message());
  }
  auto index_file = read(kArticleIndexFile, kArticleIndexKind);
  if (!index_file.ok()) return index_file.status();
  auto index = VectorIndex::Deserialize(index_file->payload);
  if (!index.ok()) return CorruptCollection(dir, kArticleIndexFile + (": " + index.status().message()));
  impl->article_index.emplace(std::move(index).value());
  if (impl->article_index->size() != static_cast<int64_t>(impl->articles.size())) {
    return CorruptCollection(dir, "the article index and the article store hold different counts");
  }

  impl->sentence_offset = {0};
  for (size_t i = 0; i < impl->articles.size(); ++i) {
    impl->by_id.emplace(impl->articles[i].id, i);
    uint32_t sentences = 0;
    if (impl->options.sentence_index) {
      ByteReader r(impl->packed[i]);
      if (!r.GetVarint32(&sentences).ok()) return CorruptCollection(dir, "bad analysis");
    }
    impl->sentence_offset.push_back(impl->sentence_offset.back() + sentences);
  }
  if (impl->options.sentence_index) {
    auto sfile = read(kSentenceIndexFile, kSentenceIndexKind);
    if (!sfile.ok()) return sfile.status();
    auto sindex = BinaryIndex::Deserialize(sfile->payload);
    if (!sindex.ok()) return CorruptCollection(dir, kSentenceIndexFile + (": " + sindex.status().message()));
    if (sindex->size() != static_cast<int64_t>(impl->sentence_offset.back())) {
      return CorruptCollection(dir, "the sentence index and the article store hold different counts");
    }
    impl->sentence_index.emplace(std::move(sindex).value());
  }
  if (manifest->articles != impl->articles.size()) {
    return CorruptCollection(dir, "the manifest and the article store hold different counts");
  }
  return Collection(std::move(impl));
}

}  // namespace parallax
