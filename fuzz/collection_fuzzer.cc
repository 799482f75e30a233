// The collection readers (store/collection.cc): the manifest JSON loader,
// the stamped files (ReadStampedFile, VerifyStampedFile, ReadIndexFile),
// articles.plx and the three index files, through Collection::Open and the
// indexes it reads on first use.
//
// At start the harness saves a small collection (data/corpus/txt with the
// default model). An input replaces one of its files:
//   byte 0, bits 0-2 (mod 5): 0 manifest.json, 1 articles.plx,
//     2 articles.faiss.plx, 3 sentences.faiss.plx, 4 words.plx;
//   byte 0, bit 7: the rest is the whole file, as given; otherwise the rest
//     is the payload of a .plx file: the harness writes it with a valid
//     header and puts its stamp in the manifest, so that the payload's
//     reader is reached (the manifest itself is always as given).
// The model file is left as saved (it is 1.4 MB; its reader is not one of
// these).
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_util.h"
#include "index/word_index.h"
#include "parallax/bytes.h"
#include "parallax/collection.h"
#include "parallax/corpus.h"
#include "parallax/file_format.h"
#include "parallax/model.h"

namespace {

namespace fs = std::filesystem;
using namespace parallax;

struct CollectionFile {
  const char* name;
  uint32_t kind;
  uint32_t version;
};
// The kind and format version of each file, as collection.cc writes them.
constexpr CollectionFile kFiles[] = {
    {"manifest.json", 0, 0},
    {"articles.plx", FourCC("ARTS"), 3},
    {"articles.faiss.plx", FourCC("VIDX"), 1},
    {"sentences.faiss.plx", FourCC("SIDX"), 1},
    {"words.plx", FourCC("WIDX"), 1},
};

struct Base {
  fs::path dir;
  std::map<std::string, std::string> files;  // as saved, whole
  nlohmann::json manifest;
};
Base* base = nullptr;

std::string ReadWhole(const fs::path& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  PARALLAX_FUZZ_CHECK(f != nullptr);
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  std::fclose(f);
  return out;
}

// The manifest's record of a file, as collection.cc's FileStamp writes it.
std::string Stamp(std::string_view payload) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Hash64(payload)));
  return std::to_string(payload.size()) + ":" + hex;
}

void MakeBase() {
  base = new Base;
  base->dir = fuzz::WorkDir() / "collection";
  auto model = Model::Load(PARALLAX_SOURCE_DIR "/models/default.plx");
  PARALLAX_FUZZ_CHECK(model.ok());
  auto read = ReadInputs({PARALLAX_SOURCE_DIR "/data/corpus/txt"}, ReadOptions{});
  PARALLAX_FUZZ_CHECK(read.ok() && !read->articles.empty());
  auto c = Collection::Create(base->dir, CollectionOptions{}, std::move(model).value());
  PARALLAX_FUZZ_CHECK(c.ok());
  PARALLAX_FUZZ_CHECK(c->Add(std::move(read->articles)).ok());
  PARALLAX_FUZZ_CHECK(c->Save().ok());
  // Laid out as a collection from before generations (manifest version 1:
  // one name a file, no manifest checksum), which parallax still reads: a
  // file can then be changed with its manifest record and reach its reader.
  auto saved = Collection::Files(base->dir);
  PARALLAX_FUZZ_CHECK(saved.ok());
  for (const auto& [name, path] : *saved) fs::rename(path, base->dir / name);
  nlohmann::json manifest = nlohmann::json::parse(ReadWhole(base->dir / "manifest.json"));
  manifest["version"] = 1;
  manifest.erase("generation");
  manifest.erase("checksum");
  fuzz::WriteFile(base->dir / "manifest.json", manifest.dump(2) + "\n");
  for (const CollectionFile& f : kFiles) base->files[f.name] = ReadWhole(base->dir / f.name);
  base->manifest = nlohmann::json::parse(base->files["manifest.json"]);
  PARALLAX_FUZZ_CHECK(Collection::Open(base->dir).ok());
}

// Everything a command may read of an opened collection.
void Use(const Collection& c) {
  for (size_t i = 0; i < std::min<size_t>(c.size(), 8); ++i) {
    const Article& a = c.article(i);
    PARALLAX_FUZZ_CHECK(c.Find(a.id).has_value());
    for (const Span& s : a.segments) PARALLAX_FUZZ_CHECK(s.begin <= s.end && s.end <= a.text.size());
    (void)c.analysis(i);
    (void)c.vector(i);
  }
  if (auto index = c.article_index(); index.ok() && (*index)->size() > 0) {
    const int dim = (*index)->dim();
    std::vector<float> query(dim, 0.0f);
    query[0] = 1.0f;
    float scores[3];
    int64_t labels[3];
    if ((*index)->Search(1, query.data(), 3, scores, labels).ok()) {
      for (const int64_t label : labels) PARALLAX_FUZZ_CHECK(label >= -1 && label < static_cast<int64_t>(c.size()));
    }
  }
  if (auto sentences = c.sentence_index(); sentences.ok() && *sentences != nullptr) {
    for (int64_t row = 0; row < std::min<int64_t>((*sentences)->size(), 4); ++row) {
      const auto [article, sentence] = c.SentenceOwner(row);
      PARALLAX_FUZZ_CHECK(article < c.size());
    }
  }
  if (auto words = c.word_index(); words.ok()) {
    PARALLAX_FUZZ_CHECK((*words)->documents() == c.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SingleThreaded();
  MakeBase();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const CollectionFile& file = kFiles[(data[0] & 7) % 5];
  const bool as_given = (data[0] & 0x80) != 0 || file.kind == 0;
  const std::string_view content = fuzz::Bytes(data + 1, size - 1);
  const fs::path path = base->dir / file.name;
  if (as_given) {
    fuzz::WriteFile(path, content);
  } else {
    PARALLAX_FUZZ_CHECK(WriteFileAtomic(path, file.kind, file.version, content).ok());
    nlohmann::json manifest = base->manifest;
    manifest["files"][file.name] = Stamp(content);
    fuzz::WriteFile(base->dir / "manifest.json", manifest.dump(2) + "\n");
  }

  auto opened = Collection::Open(base->dir);
  if (opened.ok()) {
    Use(*opened);
  } else {
    const StatusCode code = opened.status().code();
    PARALLAX_FUZZ_CHECK(code == StatusCode::kCorruption || code == StatusCode::kInvalidArgument);
  }

  fuzz::WriteFile(path, base->files[file.name]);
  fuzz::WriteFile(base->dir / "manifest.json", base->files["manifest.json"]);
  return 0;
}
