#include "parallax/collection.h"
#include "parallax/memory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index/word_index.h"
#include "parallax/bytes.h"
#include "parallax/file_format.h"
#include "parallax/fingerprints.h"
#include "parallax/input.h"
#include "parallax/parallel.h"
#include "store/indexing.h"

namespace parallax {

namespace {

namespace fs = std::filesystem;

constexpr uint32_t kArticlesKind = FourCC("ARTS");
constexpr uint32_t kArticleIndexKind = FourCC("VIDX");
constexpr uint32_t kSentenceIndexKind = FourCC("SIDX");
constexpr uint32_t kWordIndexKind = FourCC("WIDX");
constexpr uint32_t kFingerprintsKind = FourCC("FPRT");
constexpr uint32_t kFormatVersion = 1;
// articles.plx 2: tokens' gap and size share one byte (format 1 had a varint
// each), see PackAnalysis. 3: the stored article vectors weigh the features
// of the lead (title and first sentence) double (kLeadWeight).
constexpr uint32_t kArticlesVersion = 3;
// Manifest 2: files of a save are named by its generation, and the manifest
// carries its own checksum. 1: one name per file, replaced one by one.
constexpr int kManifestVersion = 2;
constexpr const char* kManifest = "manifest.json";
// flock()ed: by writers exclusively, for as long as they write (WriterLock);
// by readers shared, so that a writer removes an old generation's files
// only when nobody may still read them.
constexpr const char* kWriterLock = "LOCK";
constexpr const char* kReaderLock = "READERS";
constexpr const char* kModelFile = "model.plx";
constexpr const char* kArticlesFile = "articles.plx";
constexpr const char* kArticleIndexFile = "articles.faiss.plx";
constexpr const char* kSentenceIndexFile = "sentences.faiss.plx";
// Optional in the manifest: collections saved before keyword search have none.
constexpr const char* kWordIndexFile = "words.plx";
// Optional too: collections saved before parallax stored fingerprints have none.
constexpr const char* kFingerprintsFile = "fingerprints.plx";
constexpr size_t kMaxField = 1u << 20;       // id, title, url...
constexpr size_t kMaxText = 64u << 20;       // one article text
constexpr size_t kMaxPacked = 256u << 20;    // one packed analysis

// A collection an older parallax wrote, which this build cannot use: the
// user's files are left as they are, and can be indexed again.
Status OlderCollection(const fs::path& dir, const std::string& what) {
  return Status::InvalidArgument(dir.string() + ": this collection was " + what +
                                 ": index its articles again into a new collection (`parallax index INPUT... --db "
                                 "NEW`); this one is left as it is");
}

// Every damage of a collection gets the same advice: the inputs are the
// user's own files, so a new collection can always be built from them.
Status CorruptCollection(const fs::path& dir, const std::string& what) {
  return Status::Corruption(dir.string() + ": " + what +
                            " (the collection is damaged: move it aside and re-create it with "
                            "`parallax index INPUT... --db " + dir.string() + "`)");
}

// The name of a collection file in generation `generation`: "articles.3.plx"
// in the third save; "articles.plx" (generation 0) in a collection written
// before generations.
std::string FileName(std::string_view name, uint64_t generation) {
  if (generation == 0) return std::string(name);
  const size_t extension = name.rfind(".plx");
  return std::string(name.substr(0, extension)) + "." + std::to_string(generation) + ".plx";
}

// Whether `file` is a collection file of some generation.
bool IsCollectionFile(const std::string& file) {
  for (const char* name :
       {kModelFile, kArticlesFile, kArticleIndexFile, kSentenceIndexFile, kWordIndexFile, kFingerprintsFile}) {
    const std::string_view stem = std::string_view(name).substr(0, std::string_view(name).rfind(".plx"));
    if (file == name) return true;
    if (file.size() > stem.size() + 5 && file.compare(0, stem.size(), stem) == 0 && file[stem.size()] == '.' &&
        file.compare(file.size() - 4, 4, ".plx") == 0) {
      const std::string_view number(file.data() + stem.size() + 1, file.size() - stem.size() - 5);
      if (std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return true;
    }
  }
  return false;
}

// The manifest's record of a file: its size and a content hash (a CRC would
// not do: FAISS payloads end with their own CRC, so all CRC to one constant).
std::string FileStamp(uint64_t size, uint64_t hash) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::to_string(size) + ":" + hex;
}
std::string FileStamp(std::string_view payload) { return FileStamp(payload.size(), Hash64(payload)); }

Status NotTheManifestsFile(const fs::path& dir, const std::string& name) {
  return CorruptCollection(dir, name + " does not match the manifest (files of two different writes?)");
}

// Corruption of a file, in the collection's words; other errors as they are.
Status FileError(const fs::path& dir, const std::string& name, const Status& st) {
  if (st.code() == StatusCode::kNotFound) return CorruptCollection(dir, name + " is missing");
  if (st.code() != StatusCode::kCorruption) return st;
  // File-level messages already name the file.
  const bool named = st.message().find(name) != std::string::npos;
  return CorruptCollection(dir, named ? st.message() : name + ": " + st.message());
}

// Reads one file whole and checks that it is the one the manifest recorded.
StatusOr<StoredFile> ReadStampedFile(const fs::path& dir, const std::string& name, uint32_t kind, const std::string& stamp,
                                     uint32_t max_version = kFormatVersion) {
  auto file = ReadCheckedFile(dir / name, kind, max_version);
  if (!file.ok()) return FileError(dir, name, file.status());
  if (stamp != FileStamp(file->payload)) return NotTheManifestsFile(dir, name);
  return file;
}

// The same checks streaming, without keeping the payload.
Status VerifyStampedFile(const fs::path& dir, const std::string& name, uint32_t kind, const std::string& stamp) {
  auto file = FileReader::Open(dir / name, kind, kFormatVersion);
  if (!file.ok()) return FileError(dir, name, file.status());
  Hasher64 hash;
  std::string chunk;
  while (file->remaining() > 0) {
    chunk.resize(static_cast<size_t>(std::min<uint64_t>(file->remaining(), 1u << 20)));
    if (Status st = file->Read(chunk.data(), chunk.size()); !st.ok()) return FileError(dir, name, st);
    hash.Update(chunk);
  }
  if (Status st = file->Finish(); !st.ok()) return FileError(dir, name, st);
  if (stamp != FileStamp(file->payload_size(), hash.Finish())) return NotTheManifestsFile(dir, name);
  return Status::Ok();
}

// Reads an index file streaming, so that its bytes never exist whole in
// memory beside the index built from them. FAISS trusts its input, so the
// file is first verified whole (checksum and stamp), then parsed.
// `deserialize(source, payload_size)` parses it.
template <class Index, class Deserialize>
StatusOr<Index> ReadIndexFile(const fs::path& dir, const std::string& name, uint32_t kind, const std::string& stamp,
                              Deserialize&& deserialize) {
  PARALLAX_RETURN_IF_ERROR(VerifyStampedFile(dir, name, kind, stamp));
  auto file = FileReader::Open(dir / name, kind, kFormatVersion);
  if (!file.ok()) return FileError(dir, name, file.status());
  Hasher64 hash;  // the file may have changed since it was verified
  const ByteSource source = [&](void* out, size_t n) -> Status {
    PARALLAX_RETURN_IF_ERROR(file->Read(out, n));
    hash.Update(std::string_view(static_cast<const char*>(out), n));
    return Status::Ok();
  };
  auto index = deserialize(source, file->payload_size());
  if (!index.ok()) return FileError(dir, name, index.status());
  if (Status st = file->Finish(); !st.ok()) return FileError(dir, name, st);
  if (stamp != FileStamp(file->payload_size(), hash.Finish())) return NotTheManifestsFile(dir, name);
  return index;
}

// Reads an index file whose rows must number `rows`.
template <typename Index>
StatusOr<Index> LoadIndex(const fs::path& dir, const std::string& name, uint32_t kind, const std::string& stamp,
                          uint64_t rows, const char* what) {
  auto index = ReadIndexFile<Index>(dir, name, kind, stamp,
                                   [](const ByteSource& source, uint64_t size) { return Index::Deserialize(source, size); });
  if (!index.ok()) return index.status();
  if (index->size() != static_cast<int64_t>(rows)) {
    return CorruptCollection(dir, std::string("the ") + what + " and the article store hold different counts");
  }
  return index;
}

// An index of a collection: built by Create and Add, or read on first use
// after Open from `file`, whose manifest record is `stamp`.
template <typename Index>
struct LazyIndex {
  std::optional<Index> index;
  std::string file, stamp;
  std::mutex mutex;  // guards the loading

  StatusOr<const Index*> Get(const fs::path& dir, uint32_t kind, uint64_t rows, const char* what) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!index) {
      auto loaded = LoadIndex<Index>(dir, file, kind, stamp, rows, what);
      if (!loaded.ok()) return loaded.status();
      index.emplace(std::move(loaded).value());
    }
    return &*index;
  }
};

// The word index: the stored file (`stamp`; none for a new collection or
// one saved before parallax kept one) plus the rows added or replaced since
// (`pending`). Queries build it in memory on first use; Save streams it to
// disk without building it (WordIndexWriter), so indexing never holds it.
struct LazyWordIndex {
  std::optional<WordIndex> index;  // the file with `pending` applied
  std::string file, stamp;         // the file and its manifest record; empty when not on disk
  uint64_t stored_rows = 0;        // documents in the file
  std::vector<size_t> pending;     // rows not in the file as they are now
  std::mutex mutex;                // guards all of the above

  // The pending rows, each once, in increasing order: replaced rows first,
  // then new ones in order, as WordIndex batches take them.
  std::vector<size_t> PendingRows() const {
    std::vector<size_t> rows = pending;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
  }
};
StatusOr<WordIndex> ReadWordIndex(const fs::path& dir, const std::string& file, const std::string& stamp,
                                  uint64_t rows) {
  auto index = ReadIndexFile<WordIndex>(dir, file, kWordIndexKind, stamp, WordIndex::Deserialize);
  if (!index.ok()) return index.status();
  if (index->documents() != rows) {
    return CorruptCollection(dir, "the word index and the article store hold different counts");
  }
  return index;
}

// Hashes the words of articles[row] (analysis packed[row]) as document
// `row`, for each of `rows` (in the order WordIndex batches take them), and
// hands them to `consume` a block at a time: a block's words are held as
// (word, document, count) entries.
Status ForEachWordBatch(const Model& model, const std::vector<Article>& articles,
                        const std::vector<std::string>& packed, const std::vector<size_t>& rows,
                        const ProgressFn& progress, const std::function<Status(WordIndex::Batch)>& consume) {
  constexpr size_t kBlock = 2048;
  std::vector<std::vector<uint64_t>> words;
  for (size_t first = 0; first < rows.size(); first += kBlock) {
    if (progress) progress(index_stage::kWordIndex, first, rows.size());
    const auto count = static_cast<int64_t>(std::min(kBlock, rows.size() - first));
    words.assign(static_cast<size_t>(count), {});
    PARALLAX_RETURN_IF_ERROR(ParallelFor(count, Schedule::Dynamic(32), [&](int64_t j) {
      const size_t row = rows[first + j];
      auto analysis = UnpackAnalysis(packed[row], static_cast<uint32_t>(articles[row].text.size()));
      // Stored analyses were verified when packed or read: cannot fail.
      words[j] = model.ArticleWordHashes(articles[row], analysis.ok() ? *analysis : AnalyzedText{});
      std::sort(words[j].begin(), words[j].end());
    }));
    WordIndex::Batch batch;
    for (int64_t j = 0; j < count; ++j) {
      batch.Add(static_cast<uint32_t>(rows[first + j]), words[j]);
      words[j] = {};
    }
    PARALLAX_RETURN_IF_ERROR(consume(std::move(batch)));
  }
  if (progress) progress(index_stage::kWordIndex, rows.size(), rows.size());
  return Status::Ok();
}

constexpr const char* kWordSpillPrefix = "words.spill.tmp.";

// Streams a payload produced in pieces into a checked file (atomically);
// `*stamp` is its manifest record.
Status WriteStampedFile(const fs::path& path, uint32_t kind, uint32_t version,
                        const std::function<Status(const ByteSink&)>& produce, std::string* stamp) {
  auto file = FileWriter::Create(path, kind, version);
  if (!file.ok()) return file.status();
  Hasher64 hash;
  uint64_t size = 0;
  PARALLAX_RETURN_IF_ERROR(produce([&](std::string_view bytes) {
    hash.Update(bytes);
    size += bytes.size();
    return file->Append(bytes);
  }));
  *stamp = FileStamp(size, hash.Finish());
  return file->Commit();
}

// Moves the elements of `from` to the end of `to`; an empty `to` takes the
// whole buffer, so that the first batch (often the only one) is never held
// twice nor gets doubling slack.
template <class T>
void AppendAll(std::vector<T>* to, std::vector<T>* from) {
  if (to->empty()) {
    *to = std::move(*from);
  } else {
    to->reserve(to->size() + from->size());
    std::move(from->begin(), from->end(), std::back_inserter(*to));
  }
  *from = {};
}

// An open lock file of a collection, closed (and so unlocked) on
// destruction; fd -1 when none.
class LockFile {
 public:
  LockFile() = default;
  explicit LockFile(int fd) : fd_(fd) {}
  LockFile(LockFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  LockFile& operator=(LockFile&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~LockFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// Opens (creating) the lock file `name` of `dir`; fd -1 when it cannot
// (a read-only folder: nobody writes there then).
LockFile OpenLockFile(const fs::path& dir, const char* name) {
  return LockFile(::open((dir / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
}

// A token's gap-and-size byte announcing two varints.
constexpr uint8_t kEscape = 255;

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
    // Nearly every token follows the previous one within 3 bytes and is
    // shorter than 64: gap and size then share one byte, gap * 64 + size.
    // kEscape (gap 3, size 63) announces both as varints instead.
    const uint32_t gap = t.begin - position, size = t.end - t.begin;
    const uint32_t both = gap * 64 + size;
    if (gap < 4 && size < 64 && both != kEscape) {
      w.PutU8(static_cast<uint8_t>(both));
    } else {
      w.PutU8(kEscape);
      w.PutVarint32(gap);
      w.PutVarint32(size);
    }
    position = t.end;
  }
  // The writer's buffer grew by doubling; stored analyses are many and long-lived.
  std::string packed = w.Release();
  packed.shrink_to_fit();
  return packed;
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
    uint8_t both;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&t.id));
    PARALLAX_RETURN_IF_ERROR(r.GetU8(&both));
    if (both != kEscape) {
      gap = both / 64;
      size = both % 64;
    } else {
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&gap));
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&size));
    }
    position += gap;
    if (position + size > text_size) return Status::Corruption("token beyond the end of its text");
    t.begin = static_cast<uint32_t>(position);
    position += size;
    t.end = static_cast<uint32_t>(position);
  }
  if (!r.done()) return Status::Corruption("trailing bytes after an analysis");
  return a;
}

namespace {

// The token ids of a packed analysis (PackAnalysis), without the rest:
// what winnowing needs. Corruption as UnpackAnalysis, for the same damage.
Status UnpackTokenIds(std::string_view packed, std::vector<uint32_t>* ids) {
  ByteReader r(packed);
  uint32_t sentences, tokens, skipped;
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&sentences));
  for (uint64_t i = 0; i < 3 * uint64_t{sentences}; ++i) PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&skipped));
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&tokens));
  if (tokens > packed.size()) return Status::Corruption("more tokens than bytes");
  ids->resize(tokens);
  for (uint32_t& id : *ids) {
    uint8_t both;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&id));
    PARALLAX_RETURN_IF_ERROR(r.GetU8(&both));
    if (both == kEscape) {
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&skipped));
      PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&skipped));
    }
  }
  if (!r.done()) return Status::Corruption("trailing bytes after an analysis");
  return Status::Ok();
}

// Keys are stored as the host has them: little-endian, as the file format.
static_assert(std::endian::native == std::endian::little, "fingerprints.plx is little-endian");

// The fingerprint file a save wrote: its first `rows` rows, bar those
// `replaced` since, are the collection's rows as they are now.
struct StoredFingerprints {
  std::string file, stamp;  // empty: none (a new collection, or one saved before parallax stored them)
  uint64_t rows = 0;
  std::vector<size_t> replaced;  // by Add since the save (any order, maybe twice)

  bool Current(size_t size) const { return !stamp.empty() && rows == size && replaced.empty(); }
};

// Reads a fingerprint file (payload: u32 ngram, u32 window, u64 rows, then
// each row's FingerprintKeys as u32 count, u32 keys) a row at a time, so
// that its keys are never all in memory. Only Finish vouches for what was
// read (the file may have changed since Open verified it): on an error, the
// caller drops what it gathered.
class FingerprintReader {
 public:
  // NotFound when the file holds another winnowing than FingerprintKeys'
  // default; Corruption when it holds other than `rows` rows.
  static StatusOr<FingerprintReader> Open(const fs::path& dir, const std::string& name, uint64_t rows) {
    auto file = FileReader::Open(dir / name, kFingerprintsKind, kFormatVersion);
    if (!file.ok()) return FileError(dir, name, file.status());
    FingerprintReader reader(dir, name, std::move(file).value());
    uint32_t ngram = 0, window = 0;
    uint64_t stored_rows = 0;
    PARALLAX_RETURN_IF_ERROR(reader.Read(&ngram, sizeof ngram));
    PARALLAX_RETURN_IF_ERROR(reader.Read(&window, sizeof window));
    PARALLAX_RETURN_IF_ERROR(reader.Read(&stored_rows, sizeof stored_rows));
    if (ngram != kFingerprintNgram || window != kFingerprintWindow) {
      return Status::NotFound(name + " holds another winnowing");
    }
    if (stored_rows != rows) {
      return CorruptCollection(dir, "the fingerprints and the article store hold different counts");
    }
    return reader;
  }

  // The next row's keys.
  Status Next(std::vector<uint32_t>* keys) {
    uint32_t count = 0;
    PARALLAX_RETURN_IF_ERROR(Read(&count, sizeof count));
    if (count > file_.remaining() / sizeof(uint32_t)) {
      return CorruptCollection(dir_, name_ + ": a row's count runs past its end");
    }
    keys->resize(count);
    return Read(keys->data(), count * sizeof(uint32_t));
  }

  // After the last row: whether the file is whole and the manifest's.
  Status Finish(const std::string& stamp) {
    if (Status st = file_.Finish(); !st.ok()) return FileError(dir_, name_, st);
    if (stamp != FileStamp(file_.payload_size(), hash_.Finish())) return NotTheManifestsFile(dir_, name_);
    return Status::Ok();
  }

 private:
  FingerprintReader(fs::path dir, std::string name, FileReader file)
      : dir_(std::move(dir)), name_(std::move(name)), file_(std::move(file)) {}

  Status Read(void* out, size_t n) {
    if (Status st = file_.Read(out, n); !st.ok()) return FileError(dir_, name_, st);
    hash_.Update(std::string_view(static_cast<const char*>(out), n));
    return Status::Ok();
  }

  fs::path dir_;
  std::string name_;
  FileReader file_;
  Hasher64 hash_;
};

// Hands each row's stored keys to `visit`, in order (see FingerprintReader).
Status ReadFingerprintKeys(const fs::path& dir, const std::string& name, const std::string& stamp, uint64_t rows,
                           const std::function<void(size_t, std::span<const uint32_t>)>& visit) {
  auto reader = FingerprintReader::Open(dir, name, rows);
  if (!reader.ok()) return reader.status();
  std::vector<uint32_t> keys;
  for (size_t row = 0; row < rows; ++row) {
    PARALLAX_RETURN_IF_ERROR(reader->Next(&keys));
    visit(row, keys);
  }
  return reader->Finish(stamp);
}

// Writes the fingerprint file of the rows `packed` (their analyses). The
// rows the last save's file (`stored`) holds as they are now are copied from
// it, read as they are written, and only the others (added or replaced
// since) are winnowed: an incremental index does not winnow every article
// again, and the file is the same as if it had. Every row is winnowed when
// there is no such file, or it holds another winnowing. A block of rows at a
// time, so that only a block's keys are ever in memory; `progress` counts
// the rows winnowed.
Status WriteFingerprintKeys(const fs::path& dir, const StoredFingerprints& stored,
                            const std::vector<std::string>& packed, const ByteSink& sink, const ProgressFn& progress) {
  std::optional<FingerprintReader> previous;
  if (!stored.stamp.empty() && stored.rows <= packed.size()) {
    auto reader = FingerprintReader::Open(dir, stored.file, stored.rows);
    if (reader.ok()) {
      previous.emplace(std::move(reader).value());
    } else if (reader.status().code() != StatusCode::kNotFound) {
      return reader.status();
    }
  }
  const size_t copied_rows = previous ? stored.rows : 0;
  // The rows whose stored keys are missing or out of date.
  std::vector<bool> stale(packed.size(), true);
  std::fill_n(stale.begin(), copied_rows, false);
  for (size_t row : stored.replaced) stale[row] = true;
  const auto total = static_cast<size_t>(std::count(stale.begin(), stale.end(), true));

  ByteWriter header;
  header.PutU32(static_cast<uint32_t>(kFingerprintNgram));
  header.PutU32(static_cast<uint32_t>(kFingerprintWindow));
  header.PutU64(packed.size());
  PARALLAX_RETURN_IF_ERROR(sink(header.data()));
  constexpr size_t kBlock = 1024;
  std::vector<std::vector<uint32_t>> keys;
  std::vector<size_t> to_winnow;
  std::string bytes;
  size_t winnowed = 0;
  for (size_t first = 0; first < packed.size(); first += kBlock) {
    if (progress) progress(index_stage::kFingerprints, winnowed, total);
    const size_t count = std::min(kBlock, packed.size() - first);
    keys.assign(count, {});
    to_winnow.clear();
    for (size_t row = first; row < first + count; ++row) {
      // A replaced row's old keys are read too, to keep the file in step.
      if (row < copied_rows) PARALLAX_RETURN_IF_ERROR(previous->Next(&keys[row - first]));
      if (stale[row]) to_winnow.push_back(row);
    }
    PARALLAX_RETURN_IF_ERROR(
        ParallelFor(static_cast<int64_t>(to_winnow.size()), Schedule::Dynamic(64), [&](int64_t j) {
          const size_t row = to_winnow[static_cast<size_t>(j)];
          std::vector<uint32_t> ids;
          // Stored analyses were verified when packed or read: cannot fail.
          if (UnpackTokenIds(packed[row], &ids).ok()) keys[row - first] = FingerprintKeys(ids);
        }));
    winnowed += to_winnow.size();
    bytes.clear();
    for (const std::vector<uint32_t>& k : keys) {
      const auto n = static_cast<uint32_t>(k.size());
      bytes.append(reinterpret_cast<const char*>(&n), sizeof n);
      bytes.append(reinterpret_cast<const char*>(k.data()), k.size() * sizeof(uint32_t));
    }
    PARALLAX_RETURN_IF_ERROR(sink(bytes));
  }
  if (previous) PARALLAX_RETURN_IF_ERROR(previous->Finish(stored.stamp));
  if (progress) progress(index_stage::kFingerprints, total, total);
  return Status::Ok();
}

}  // namespace

struct Collection::Impl {
  fs::path dir;
  CollectionOptions options;
  std::optional<Model> model;
  std::vector<Article> articles;
  std::vector<std::string> packed;            // PackAnalysis of each article
  std::vector<CompactVector> vectors;         // ArticleVector of each article
  std::vector<uint32_t> sentence_offset;      // first sentence-index row of each article; size + 1
  std::unordered_map<std::string, size_t> by_id;
  mutable LazyIndex<VectorIndex> article_index;
  mutable LazyIndex<BinaryIndex> sentence_index;
  mutable LazyWordIndex word_index;
  StoredFingerprints fingerprints;
  // The save this collection was read from (0 and no manifest: none yet;
  // 0 with a manifest: one from before generations), and its manifest's
  // bytes, so that Save refuses to overwrite another writer's save.
  uint64_t generation = 0;
  std::optional<std::string> manifest;
  LockFile readers;  // shared, while the collection is open
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
StatusOr<const VectorIndex*> Collection::article_index() const {
  return impl_->article_index.Get(impl_->dir, kArticleIndexKind, impl_->articles.size(),
                                  "article index");
}
StatusOr<const BinaryIndex*> Collection::sentence_index() const {
  if (!impl_->options.sentence_index) return static_cast<const BinaryIndex*>(nullptr);
  return impl_->sentence_index.Get(impl_->dir, kSentenceIndexKind, impl_->sentence_offset.back(),
                                   "sentence index");
}
StatusOr<const WordIndex*> Collection::word_index() const {
  Impl& c = *impl_;
  std::lock_guard<std::mutex> lock(c.word_index.mutex);
  if (!c.word_index.index) {
    WordIndex built;
    if (!c.word_index.stamp.empty()) {
      auto read = ReadWordIndex(c.dir, c.word_index.file, c.word_index.stamp, c.word_index.stored_rows);
      if (!read.ok()) return read.status();
      built = std::move(read).value();
    }
    if (!c.word_index.pending.empty()) {
      PARALLAX_RETURN_IF_ERROR(ForEachWordBatch(*c.model, c.articles, c.packed, c.word_index.PendingRows(), {},
                                                [&](WordIndex::Batch batch) { return built.Apply(std::move(batch)); }));
    }
    c.word_index.index.emplace(std::move(built));
  }
  return &*c.word_index.index;
}
Status Collection::ForEachStoredFingerprintKeys(
    const std::function<void(size_t, std::span<const uint32_t>)>& visit) const {
  const Impl& c = *impl_;
  if (!c.fingerprints.Current(c.articles.size())) {
    return Status::NotFound("no fingerprints stored for the collection as it is");
  }
  return ReadFingerprintKeys(c.dir, c.fingerprints.file, c.fingerprints.stamp, c.articles.size(), visit);
}
bool Collection::indexes_stored() const {
  std::lock_guard<std::mutex> lock(impl_->word_index.mutex);
  return impl_->articles.empty() || (impl_->word_index.pending.empty() && !impl_->word_index.stamp.empty() &&
                                     impl_->fingerprints.Current(impl_->articles.size()));
}
const fs::path& Collection::dir() const { return impl_->dir; }
std::string Collection::name() const {
  const fs::path& dir = impl_->dir;
  return (dir.filename().empty() ? dir.parent_path() : dir).filename().string();  // "db/" is "db"
}
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
  impl->article_index.index.emplace(std::move(index).value());
  if (options.sentence_index) {
    const int bits = model ? model->options().simhash_bits : options.model.features.simhash_bits;
    auto sindex = BinaryIndex::Create(bits);
    if (!sindex.ok()) return sindex.status();
    impl->sentence_index.index.emplace(std::move(sindex).value());
  }
  impl->model = std::move(model);
  return Collection(std::move(impl));
}

namespace {

bool SameArticle(const Article& a, const Article& b) {
  return a.text == b.text && a.title == b.title && a.outlet == b.outlet && a.url == b.url && a.date == b.date &&
         a.lang == b.lang;
}

// Add's batch: the new articles first, then those replacing the stored rows
// `replaced` (with AddOptions::replace). Ids already stored with the same
// content, or repeated within the batch, are left out (and listed in `result`).
struct Batch {
  std::vector<Article> articles;
  std::vector<size_t> replaced;
};
Batch SplitBatch(std::vector<Article> articles, const std::unordered_map<std::string, size_t>& stored_rows,
                 const std::vector<Article>& stored, bool replace, AddResult* result) {
  Batch batch;
  batch.articles.reserve(articles.size());
  std::unordered_set<std::string> batch_ids;
  std::vector<Article> replacing;
  for (Article& a : articles) {
    auto row = stored_rows.find(a.id);
    if (!batch_ids.insert(a.id).second) {
      result->duplicate_ids.push_back(a.id);
    } else if (row == stored_rows.end()) {
      batch.articles.push_back(std::move(a));
    } else if (SameArticle(a, stored[row->second])) {
      result->duplicate_ids.push_back(a.id);
    } else if (replace) {
      batch.replaced.push_back(row->second);
      result->replaced_ids.push_back(a.id);
      replacing.push_back(std::move(a));
    } else {
      result->duplicate_ids.push_back(a.id);
      result->changed_ids.push_back(a.id);
    }
  }
  std::move(replacing.begin(), replacing.end(), std::back_inserter(batch.articles));
  return batch;  // the moved-from shells (250 bytes an article) go with `articles`
}

}  // namespace

StatusOr<AddResult> Collection::Add(std::vector<Article> articles, const ProgressFn& progress,
                                    const AddOptions& options) {
  Impl& c = *impl_;
  AddResult result;
  Batch batch = SplitBatch(std::move(articles), c.by_id, c.articles, options.replace, &result);
  std::vector<Article>& fresh = batch.articles;
  const std::vector<size_t>& replaced = batch.replaced;
  if (fresh.empty()) return result;
  const size_t fresh_count = fresh.size();
  // The indexes are loaded before they grow.
  if (auto index = article_index(); !index.ok()) return index.status();
  if (auto sentences = sentence_index(); !sentences.ok()) return sentences.status();

  // A new collection trains its tokenizer and fits its model on this batch.
  std::optional<Tokenizer> trained;
  std::optional<DocumentCounts> counts;
  if (!c.model) {
    if (progress) progress(index_stage::kTrainingTokenizer, 0, 1);
    auto tokenizer = Model::TrainTokenizer(fresh, c.options.model.tokenizer);
    if (!tokenizer.ok()) return tokenizer.status();
    trained.emplace(std::move(tokenizer).value());
    counts.emplace(*trained, c.options.model.features);
    ReleaseFreeMemory();  // the trainer's sample and tables
  }
  // Tokenized once, kept in the compact form (about 3 bytes a token): later
  // steps unpack one article at a time, so memory stays flat.
  auto packed = indexing::Tokenize(c.model ? c.model->tokenizer() : *trained, &fresh, counts ? &*counts : nullptr,
                                   progress);
  if (!packed.ok()) return packed.status();
  if (!c.model) {
    auto model = indexing::FitModel(std::move(*trained), std::move(*counts), c.options.model, fresh, *packed, progress);
    if (!model.ok()) return model.status();
    c.model.emplace(std::move(model).value());
  }
  ReleaseFreeMemory();  // tokenizing and counting scratch
  const Model& model = *c.model;
  const int dim = model.options().dim;
  if (dim != c.article_index.index->dim()) {
    return Status::InvalidArgument("the model's vectors have " + std::to_string(dim) +
                                   " dimensions but the collection's index has " +
                                   std::to_string(c.article_index.index->dim()));
  }
  auto embedded = indexing::Embed(model, fresh, *packed, c.options.sentence_index, progress);
  if (!embedded.ok()) return embedded.status();
  PARALLAX_RETURN_IF_ERROR(Store(std::move(fresh), std::move(packed).value(), std::move(embedded).value(), replaced,
                                 progress));
  result.added = fresh_count - replaced.size();
  ReleaseFreeMemory();
  return result;
}

Status Collection::Store(std::vector<Article> fresh, std::vector<std::string> packed, indexing::Embedded embedded,
                         const std::vector<size_t>& replaced, const ProgressFn& progress) {
  Impl& c = *impl_;
  const Model& model = *c.model;
  const int dim = model.options().dim;
  const int64_t n_new = static_cast<int64_t>(fresh.size() - replaced.size());
  std::vector<CompactVector>& vectors = embedded.vectors;
  if (progress) progress(index_stage::kIndexing, 0, 1);
  if (c.options.sentence_index) {
    if (replaced.empty()) {
      PARALLAX_RETURN_IF_ERROR(c.sentence_index.index->Add(std::move(embedded.codes)));
    } else {
      PARALLAX_RETURN_IF_ERROR(ReplaceSentenceCodes(replaced, embedded.first_sentence, embedded.codes, n_new));
    }
  }
  const size_t old_size = c.articles.size();
  for (size_t k = 0; k < replaced.size(); ++k) {
    const size_t i = static_cast<size_t>(n_new) + k, row = replaced[k];
    c.articles[row] = std::move(fresh[i]);
    c.packed[row] = std::move(packed[i]);
    c.vectors[row] = std::move(vectors[i]);
  }
  fresh.resize(n_new);
  packed.resize(n_new);
  vectors.resize(n_new);
  for (int64_t i = 0; i < n_new; ++i) c.by_id.emplace(fresh[i].id, old_size + i);
  AppendAll(&c.articles, &fresh);
  AppendAll(&c.packed, &packed);
  AppendAll(&c.vectors, &vectors);
  c.sentence_offset.resize(1);
  c.sentence_offset.reserve(c.articles.size() + 1);  // exact: no doubling slack
  for (size_t i = 0; i < c.articles.size(); ++i) {
    uint32_t sentences = 0;
    if (c.options.sentence_index) (void)ByteReader(c.packed[i]).GetVarint32(&sentences);  // verified: cannot fail
    c.sentence_offset.push_back(c.sentence_offset.back() + sentences);
  }
  // The index's dense vectors are the sketches of the stored vectors, made a
  // block at a time: the batch never exists whole as floats beside the index.
  // A replaced vector cannot be changed in place in every FAISS index: the
  // index is then made again from all the stored vectors.
  std::optional<VectorIndex> rebuilt;
  if (!replaced.empty()) {
    auto created = VectorIndex::Create(dim, c.article_index.index->factory());
    if (!created.ok()) return created.status();
    created->SetSearchBreadth(c.article_index.index->search_breadth());
    rebuilt.emplace(std::move(created).value());
  }
  VectorIndex& article_index = rebuilt ? *rebuilt : *c.article_index.index;
  const size_t first_row = rebuilt ? 0 : old_size;
  const VectorIndex::RowFill sketches = [&](int64_t first, int64_t count, float* out) {
    return ParallelFor(count, Schedule::Static(), [&](int64_t r) {
      model.Dense(Expand(c.vectors[first_row + first + r]), out + static_cast<size_t>(r) * dim);
    });
  };
  PARALLAX_RETURN_IF_ERROR(article_index.Add(static_cast<int64_t>(c.articles.size() - first_row), sketches));
  if (rebuilt) c.article_index.index = std::move(rebuilt);
  if (progress) progress(index_stage::kIndexing, 1, 1);

  // The word index is made when saved or first searched (see LazyWordIndex).
  std::lock_guard<std::mutex> lock(c.word_index.mutex);
  c.word_index.index.reset();
  for (size_t row = old_size; row < c.articles.size(); ++row) c.word_index.pending.push_back(row);
  c.word_index.pending.insert(c.word_index.pending.end(), replaced.begin(), replaced.end());
  // Save winnows these rows again, and copies the others' stored keys.
  c.fingerprints.replaced.insert(c.fingerprints.replaced.end(), replaced.begin(), replaced.end());
  return Status::Ok();
}

Status Collection::ReplaceSentenceCodes(const std::vector<size_t>& replaced, const std::vector<size_t>& first_sentence,
                                        const std::vector<uint8_t>& codes, int64_t n_new) {
  // The sentence index again, row by row: each stored article's codes, or
  // its replacement's, then the new articles'.
  Impl& c = *impl_;
  const BinaryIndex& old = *c.sentence_index.index;
  const size_t code_bytes = static_cast<size_t>(old.bits() / 8);
  std::unordered_map<size_t, size_t> replacement;  // row -> batch position
  for (size_t k = 0; k < replaced.size(); ++k) replacement[replaced[k]] = static_cast<size_t>(n_new) + k;
  std::vector<uint8_t> all;
  all.reserve((old.size() + first_sentence.back()) * code_bytes);
  for (size_t row = 0; row < c.articles.size(); ++row) {
    if (auto it = replacement.find(row); it != replacement.end()) {
      all.insert(all.end(), codes.begin() + first_sentence[it->second] * code_bytes,
                 codes.begin() + first_sentence[it->second + 1] * code_bytes);
    } else {
      const size_t at = all.size(), first = c.sentence_offset[row], count = c.sentence_offset[row + 1] - first;
      all.resize(at + count * code_bytes);
      PARALLAX_RETURN_IF_ERROR(old.Reconstruct(static_cast<int64_t>(first), static_cast<int64_t>(count), all.data() + at));
    }
  }
  all.insert(all.end(), codes.begin(), codes.begin() + first_sentence[n_new] * code_bytes);
  auto index = BinaryIndex::Create(old.bits());
  if (!index.ok()) return index.status();
  PARALLAX_RETURN_IF_ERROR(index->Add(std::move(all)));
  c.sentence_index.index = std::move(index).value();
  return Status::Ok();
}

namespace {

// articles.plx payload: u32 article count, then one record per article, each
// preceded by its u32 byte length, so that the file is written and read one
// record at a time instead of as one string.
void EncodeArticle(const Article& a, std::string_view packed, const CompactVector& vector, ByteWriter* w) {
  for (const std::string* f : {&a.id, &a.title, &a.outlet, &a.url, &a.date, &a.lang, &a.text}) w->PutString(*f);
  w->PutVarint32(static_cast<uint32_t>(a.segments.size()));
  for (const Span& s : a.segments) {
    w->PutVarint32(s.begin);
    w->PutVarint32(s.size());
  }
  w->PutString(packed);
  w->PutF32(vector.scale);
  w->PutVarint32(static_cast<uint32_t>(vector.entries.size()));
  w->PutBytes(vector.entries.data(), vector.entries.size() * sizeof(uint32_t));
}

Status DecodeArticle(std::string_view record, Article* a, std::string* packed, CompactVector* v) {
  ByteReader r(record);
  for (std::string* f : {&a->id, &a->title, &a->outlet, &a->url, &a->date, &a->lang}) {
    PARALLAX_RETURN_IF_ERROR(r.GetString(f, kMaxField));
  }
  PARALLAX_RETURN_IF_ERROR(r.GetString(&a->text, kMaxText));
  uint32_t segments;
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&segments));
  if (segments > a->text.size()) return Status::Corruption("more segments than bytes of text");
  a->segments.resize(segments);
  for (Span& s : a->segments) {
    uint32_t size;
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&s.begin));
    PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&size));
    if (uint64_t{s.begin} + size > a->text.size()) return Status::Corruption("segment beyond the end of its text");
    s.end = s.begin + size;
  }
  PARALLAX_RETURN_IF_ERROR(r.GetString(packed, kMaxPacked));
  auto check = UnpackAnalysis(*packed, static_cast<uint32_t>(a->text.size()));
  if (!check.ok()) return check.status().WithContext("article " + a->id);
  uint32_t entries;
  PARALLAX_RETURN_IF_ERROR(r.GetF32(&v->scale));
  PARALLAX_RETURN_IF_ERROR(r.GetVarint32(&entries));
  if (entries > r.remaining() / sizeof(uint32_t)) return Status::Corruption("article vector beyond the end of its record");
  v->entries.resize(entries);
  PARALLAX_RETURN_IF_ERROR(r.GetBytes(v->entries.data(), entries * sizeof(uint32_t)));
  for (size_t e = 1; e < entries; ++e) {
    if ((v->entries[e - 1] >> 8) >= (v->entries[e] >> 8)) return Status::Corruption("article vector keys out of order");
  }
  if (!r.done()) return Status::Corruption("trailing bytes in the record of article " + a->id);
  return Status::Ok();
}

// Produces the articles.plx payload in pieces of about 1 MB.
Status WriteArticles(const std::vector<Article>& articles, const std::vector<std::string>& packed,
                     const std::vector<CompactVector>& vectors, const ByteSink& sink) {
  ByteWriter w;
  w.PutU32(static_cast<uint32_t>(articles.size()));
  for (size_t i = 0; i < articles.size(); ++i) {
    const size_t start = w.size();
    w.PutU32(0);  // the record's length, filled in below
    EncodeArticle(articles[i], packed[i], vectors[i], &w);
    const uint32_t length = static_cast<uint32_t>(w.size() - start - 4);
    for (int b = 0; b < 4; ++b) w.data()[start + b] = static_cast<char>(length >> (8 * b));
    if (w.size() >= (size_t{1} << 20)) {
      PARALLAX_RETURN_IF_ERROR(sink(w.data()));
      w.data().clear();
    }
  }
  return sink(w.data());
}

// Reads articles.plx one record at a time. Whatever was parsed is only
// trusted once the whole payload has passed its checksum and the manifest's
// stamp (`expected_stamp`), which this checks at the end.
// A file of an older format is InvalidArgument (Open refuses the collection
// with OlderCollection); damage is Corruption.
Status ReadArticles(const fs::path& path, const std::string& expected_stamp, std::vector<Article>* articles,
                    std::vector<std::string>* packed, std::vector<CompactVector>* vectors, bool* stamp_differs) {
  auto file = FileReader::Open(path, kArticlesKind, kArticlesVersion);
  if (!file.ok()) return file.status();
  if (file->version() < kArticlesVersion) {
    return Status::InvalidArgument("made by an older parallax (articles format " + std::to_string(file->version()) +
                                   "; this build's is " + std::to_string(kArticlesVersion) +
                                   ", whose article vectors weigh the title and first sentence double)");
  }
  Hasher64 hash;
  auto read = [&](std::string* buffer, size_t n) -> Status {
    buffer->resize(n);
    PARALLAX_RETURN_IF_ERROR(file->Read(buffer->data(), n));
    hash.Update(*buffer);
    return Status::Ok();
  };
  auto read_u32 = [&](uint32_t* v) -> Status {
    std::string bytes;
    PARALLAX_RETURN_IF_ERROR(read(&bytes, 4));
    return ByteReader(bytes).GetU32(v);
  };
  uint32_t count;
  PARALLAX_RETURN_IF_ERROR(read_u32(&count));
  if (count > file->remaining() / 4) return Status::Corruption("article count larger than the file");
  articles->resize(count);
  packed->resize(count);
  vectors->resize(count);
  std::string record;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t length;
    PARALLAX_RETURN_IF_ERROR(read_u32(&length));
    if (length > file->remaining()) return Status::Corruption("article record beyond the end of the file");
    PARALLAX_RETURN_IF_ERROR(read(&record, length));
    Status st = DecodeArticle(record, &(*articles)[i], &(*packed)[i], &(*vectors)[i]);
    if (!st.ok()) {
      // A damaged byte usually shows up here, before the checksum is reached;
      // the checksum, when it fails too, is the clearer message.
      while (file->remaining() > 0) {
        if (!read(&record, static_cast<size_t>(std::min<uint64_t>(file->remaining(), 1u << 20))).ok()) return st;
      }
      if (Status crc = file->Finish(); !crc.ok() && crc.code() == StatusCode::kCorruption) return crc;
      return st;
    }
  }
  if (file->remaining() > 0) return Status::Corruption("trailing bytes after the last article");
  PARALLAX_RETURN_IF_ERROR(file->Finish());
  *stamp_differs = FileStamp(file->payload_size(), hash.Finish()) != expected_stamp;
  return Status::Ok();
}

}  // namespace

namespace {

// Streams the word index of the collection in `dir`: as built if it is in
// memory, else the stored file merged with the pending rows' words.
// REQUIRES: words.mutex is held.
Status WriteWordIndex(const fs::path& dir, const LazyWordIndex& words, const Model& model,
                      const std::vector<Article>& articles, const std::vector<std::string>& packed,
                      const ByteSink& sink, const ProgressFn& progress) {
  if (words.index) return words.index->Serialize(sink);
  std::optional<WordIndex> stored;
  if (!words.stamp.empty()) {
    auto read = ReadWordIndex(dir, words.file, words.stamp, words.stored_rows);
    if (!read.ok()) return read.status();
    stored.emplace(std::move(read).value());
  }
  auto writer =
      WordIndexWriter::Create(stored ? &*stored : nullptr, dir / (kWordSpillPrefix + std::to_string(::getpid())));
  if (!writer.ok()) return writer.status();
  PARALLAX_RETURN_IF_ERROR(ForEachWordBatch(model, articles, packed, words.PendingRows(), progress,
                                            [&](WordIndex::Batch batch) { return writer->Add(std::move(batch)); }));
  return writer->Finish(sink);
}

}  // namespace

namespace {

struct Manifest {
  uint64_t articles = 0;
  uint64_t generation = 0;
  std::string article_index;
  bool sentence_index = true;
  std::map<std::string, std::string> files;  // name (of generation 0) -> FileStamp
  std::string bytes;                          // the file as read
};

// A manifest's own checksum: Hash64 of its compact form without it.
std::string ManifestChecksum(nlohmann::json manifest) {
  manifest.erase("checksum");
  return FileStamp(manifest.dump());
}

// The manifest's bytes, or nullopt when there is none.
StatusOr<std::optional<std::string>> ReadManifestBytes(const fs::path& dir) {
  // Only a regular file of a few KB: a FIFO in its place blocked every command.
  auto text = ReadInputFile((dir / kManifest).string(), 16u << 20);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return std::optional<std::string>();
    return Status::IOError("cannot read " + text.status().message());
  }
  return std::optional<std::string>(std::move(text).value());
}

// Reads manifest.json; any missing or mistyped field, or a checksum that
// does not match, is a damaged manifest.
StatusOr<Manifest> ReadManifest(const fs::path& dir) {
  auto bytes = ReadManifestBytes(dir);
  if (!bytes.ok()) return bytes.status();
  if (!*bytes) return Status::NotFound((dir / kManifest).string() + ": no such file");
  const nlohmann::json j = nlohmann::json::parse(**bytes, nullptr, /*allow_exceptions=*/false);
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
    m.bytes = std::move(**bytes);
    if (version >= 2) {
      if (j.at("checksum").get<std::string>() != ManifestChecksum(j)) {
        return CorruptCollection(dir, std::string(kManifest) + " fails its checksum");
      }
      m.generation = j.at("generation").get<uint64_t>();
      if (m.generation == 0) return CorruptCollection(dir, std::string(kManifest) + ": generation 0");
    }
    m.articles = j.at("articles").get<uint64_t>();
    m.article_index = j.at("article_index").get<std::string>();
    m.sentence_index = j.at("sentence_index").get<bool>();
    m.files = j.at("files").get<std::map<std::string, std::string>>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    return CorruptCollection(dir, std::string(kManifest) + ": " + e.what());
  }
}

// Removes the files of `dir` no reader needs: temporaries and spill files of
// writers that were killed, files of a save that was never committed, and
// those of generations before the manifest's once no reader has the
// collection open. Nothing else: a folder whose manifest cannot be read keeps
// all but temporaries. REQUIRES: the writer lock is held (or free), and
// `readers` is not locked by this process.
void RemoveLeftovers(const fs::path& dir, int readers) {
  auto manifest = ReadManifest(dir);
  std::set<std::string> current;
  if (manifest.ok()) {
    for (const auto& [name, stamp] : manifest->files) current.insert(FileName(name, manifest->generation));
  }
  const bool unread = readers >= 0 && ::flock(readers, LOCK_EX | LOCK_NB) == 0;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    // A writer's temporaries: "<collection file>.tmp.<pid>" and the word
    // index's spill file; a user's own "x.tmp.y" stays.
    const size_t tmp = file.find(".tmp.");
    const bool temporary = tmp != std::string::npos &&
                           (IsCollectionFile(file.substr(0, tmp)) || file.substr(0, tmp) == kManifest ||
                            file.starts_with(kWordSpillPrefix));
    const bool stale = unread && manifest.ok() && IsCollectionFile(file) && !current.count(file);
    if (temporary || stale) {
      fs::remove(entry.path(), ec);
      CrashPoint();
    }
  }
  if (unread) ::flock(readers, LOCK_UN);
}

// Why a save failed, and that it changed nothing.
Status SaveFailed(const fs::path& dir, const Status& st) {
  return st.WithContext("could not save " + dir.string() + ", which is left as it was");
}

}  // namespace

Status Collection::Save(const ProgressFn& progress) const {
  Impl& c = *impl_;
  if (!c.model) return Status::InvalidArgument("nothing to save: the collection has no articles yet");
  std::error_code ec;
  fs::create_directories(c.dir, ec);
  if (ec) return Status::IOError("cannot create " + c.dir.string() + ": " + ec.message());
  // Another writer's save since this one read the collection would be lost.
  auto on_disk = ReadManifestBytes(c.dir);
  if (!on_disk.ok()) return on_disk.status();
  if (*on_disk != c.manifest) {
    return Status::Unavailable(c.dir.string() + " was saved by another writer since this collection was " +
                               (c.manifest ? "opened" : "created") + "; nothing was written (writers must hold its WriterLock)");
  }

  // The files of the new generation, under names no reader uses, then the
  // manifest naming them: its rename is the commit. Until then the previous
  // generation is the collection, whole.
  const uint64_t generation = c.generation + 1;
  std::vector<fs::path> written;
  auto abandon = [&](const Status& st) {
    for (const fs::path& path : written) fs::remove(path, ec);
    return SaveFailed(c.dir, st);
  };
  nlohmann::json files = nlohmann::json::object();
  // The articles and the indexes stream to disk, never built whole in memory
  // (the model, a few MB, is).
  auto write = [&](const char* name, uint32_t kind, const std::function<Status(const ByteSink&)>& produce,
                   uint32_t version = kFormatVersion) {
    std::string stamp;
    const fs::path path = c.dir / FileName(name, generation);
    written.push_back(path);
    PARALLAX_RETURN_IF_ERROR(WriteStampedFile(path, kind, version, produce, &stamp));
    files[name] = stamp;
    return Status::Ok();
  };
  Status st = write(
      kModelFile, Model::kFileKind, [&](const ByteSink& sink) { return sink(c.model->Serialize()); },
      Model::kFileVersion);
  if (st.ok()) {
    st = write(
        kArticlesFile, kArticlesKind,
        [&](const ByteSink& sink) { return WriteArticles(c.articles, c.packed, c.vectors, sink); },
        kArticlesVersion);
  }
  if (st.ok()) {
    auto article_index = this->article_index();
    st = article_index.ok() ? write(kArticleIndexFile, kArticleIndexKind,
                                    [&](const ByteSink& sink) { return (*article_index)->Serialize(sink); })
                            : article_index.status();
  }
  if (st.ok() && c.options.sentence_index) {
    auto sentences = sentence_index();
    st = sentences.ok() ? write(kSentenceIndexFile, kSentenceIndexKind,
                                [&](const ByteSink& sink) { return (*sentences)->Serialize(sink); })
                        : sentences.status();
  }
  std::lock_guard<std::mutex> words_lock(c.word_index.mutex);
  if (st.ok()) {
    st = write(kWordIndexFile, kWordIndexKind, [&](const ByteSink& sink) {
      return WriteWordIndex(c.dir, c.word_index, *c.model, c.articles, c.packed, sink, progress);
    });
  }
  if (st.ok()) {
    st = write(kFingerprintsFile, kFingerprintsKind, [&](const ByteSink& sink) {
      return WriteFingerprintKeys(c.dir, c.fingerprints, c.packed, sink, progress);
    });
  }
  if (!st.ok()) return abandon(st);
  nlohmann::json manifest = {
      {"format", "parallax-collection"},
      {"version", kManifestVersion},
      {"generation", generation},
      {"articles", c.articles.size()},
      {"sentences", c.sentence_offset.back()},
      {"article_index", c.options.article_index},
      {"sentence_index", c.options.sentence_index},
      {"dim", c.model->options().dim},
      {"files", files},
  };
  manifest["checksum"] = ManifestChecksum(manifest);
  const std::string manifest_bytes = manifest.dump(2) + "\n";
  CrashPoint();
  if (Status committed = WriteTextFileAtomic(c.dir / kManifest, manifest_bytes); !committed.ok()) {
    return abandon(committed);
  }
  CrashPoint();

  // Committed: this collection is now the new generation.
  c.generation = generation;
  c.manifest = manifest_bytes;
  c.article_index.file = FileName(kArticleIndexFile, generation);
  c.article_index.stamp = files[kArticleIndexFile];
  if (c.options.sentence_index) {
    c.sentence_index.file = FileName(kSentenceIndexFile, generation);
    c.sentence_index.stamp = files[kSentenceIndexFile];
  }
  c.word_index.file = FileName(kWordIndexFile, generation);
  c.word_index.stamp = files[kWordIndexFile];
  c.word_index.stored_rows = c.articles.size();
  c.word_index.pending.clear();
  c.fingerprints = {FileName(kFingerprintsFile, generation), files[kFingerprintsFile], c.articles.size(), {}};
  // The previous generation goes now if no reader has it open (else the
  // next writer removes it). This process's own shared lock is let go.
  if (c.readers.fd() < 0) c.readers = OpenLockFile(c.dir, kReaderLock);
  if (c.readers.fd() >= 0) ::flock(c.readers.fd(), LOCK_UN);
  RemoveLeftovers(c.dir, c.readers.fd());
  if (c.readers.fd() >= 0) ::flock(c.readers.fd(), LOCK_SH);
  return Status::Ok();
}

StatusOr<Collection> Collection::Open(const fs::path& dir) {
  if (!fs::exists(dir / kManifest)) {
    return Status::NotFound(dir.string() + " holds no parallax collection (no " + kManifest +
                            "); create one with `parallax index INPUT... --db " + dir.string() + "`");
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->readers = OpenLockFile(dir, kReaderLock);
  // Shared before the manifest is read: the files it names stay until the
  // collection is closed.
  if (impl->readers.fd() >= 0) ::flock(impl->readers.fd(), LOCK_SH);
  auto manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  const std::map<std::string, std::string>& files = manifest->files;
  impl->generation = manifest->generation;
  impl->manifest = manifest->bytes;
  impl->options.article_index = manifest->article_index;
  impl->options.sentence_index = manifest->sentence_index;

  auto stamp_of = [&](const char* name) {
    auto it = files.find(name);
    return it == files.end() ? std::string() : it->second;
  };
  auto file_of = [&](const char* name) { return FileName(name, manifest->generation); };
  auto model_file =
      ReadStampedFile(dir, file_of(kModelFile), Model::kFileKind, stamp_of(kModelFile), Model::kFileVersion);
  if (!model_file.ok()) return model_file.status();
  if (Status st = Model::CheckFileVersion(model_file->version); !st.ok()) return OlderCollection(dir, st.message());
  auto model = Model::Deserialize(model_file->payload, model_file->version);
  if (!model.ok()) return CorruptCollection(dir, file_of(kModelFile) + ": " + model.status().message());
  impl->model.emplace(std::move(model).value());

  {
    bool stamp_differs = false;
    const Status st = ReadArticles(dir / file_of(kArticlesFile), stamp_of(kArticlesFile), &impl->articles,
                                   &impl->packed, &impl->vectors, &stamp_differs);
    if (st.code() == StatusCode::kInvalidArgument) return OlderCollection(dir, st.message());
    if (!st.ok()) return FileError(dir, file_of(kArticlesFile), st);
    if (stamp_differs) return NotTheManifestsFile(dir, file_of(kArticlesFile));
  }
  // The index files are checked now, so that a damaged collection is refused
  // by every command, and read only when used.
  impl->article_index.file = file_of(kArticleIndexFile);
  impl->article_index.stamp = stamp_of(kArticleIndexFile);
  PARALLAX_RETURN_IF_ERROR(
      VerifyStampedFile(dir, impl->article_index.file, kArticleIndexKind, impl->article_index.stamp));

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
    impl->sentence_index.file = file_of(kSentenceIndexFile);
    impl->sentence_index.stamp = stamp_of(kSentenceIndexFile);
    PARALLAX_RETURN_IF_ERROR(
        VerifyStampedFile(dir, impl->sentence_index.file, kSentenceIndexKind, impl->sentence_index.stamp));
  }
  // A collection saved before parallax kept a word index lists none: it is
  // built on first use.
  if (files.count(kWordIndexFile)) {
    impl->word_index.file = file_of(kWordIndexFile);
    impl->word_index.stamp = stamp_of(kWordIndexFile);
    impl->word_index.stored_rows = impl->articles.size();
    PARALLAX_RETURN_IF_ERROR(VerifyStampedFile(dir, impl->word_index.file, kWordIndexKind, impl->word_index.stamp));
  } else {
    impl->word_index.pending.resize(impl->articles.size());
    for (size_t row = 0; row < impl->articles.size(); ++row) impl->word_index.pending[row] = row;
  }
  if (files.count(kFingerprintsFile)) {
    impl->fingerprints = {file_of(kFingerprintsFile), stamp_of(kFingerprintsFile), impl->articles.size(), {}};
    PARALLAX_RETURN_IF_ERROR(
        VerifyStampedFile(dir, impl->fingerprints.file, kFingerprintsKind, impl->fingerprints.stamp));
  }
  if (manifest->articles != impl->articles.size()) {
    return CorruptCollection(dir, "the manifest and the article store hold different counts");
  }
  return Collection(std::move(impl));
}

StatusOr<std::map<std::string, fs::path>> Collection::Files(const fs::path& dir) {
  auto manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  std::map<std::string, fs::path> files;
  for (const auto& [name, stamp] : manifest->files) files[name] = dir / FileName(name, manifest->generation);
  return files;
}

bool Collection::CanCreateIn(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file != kWriterLock && file != kReaderLock) return false;
  }
  return !ec;
}

// ------------------------------------------------------------- WriterLock

namespace {

// "pid 1234 (parallax index) since 2026-12-06 19:02:03 UTC": who holds a lock.
std::string HolderText(const std::string& holder) {
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  return "pid " + std::to_string(::getpid()) + " (" + holder + ") since " + when;
}

}  // namespace

StatusOr<WriterLock> WriterLock::Acquire(const fs::path& dir, double wait_seconds, const std::string& holder) {
  std::error_code ec;
  const bool new_folder = !fs::exists(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir.string() + ": " + ec.message());
  const fs::path path = dir / kWriterLock;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  LockFile lock;
  for (;;) {
    lock = OpenLockFile(dir, kWriterLock);
    if (lock.fd() < 0) {
      return Status::IOError("cannot open the lock of " + dir.string() + " (" + path.string() +
                             "): " + std::strerror(errno));
    }
    if (::flock(lock.fd(), LOCK_EX | LOCK_NB) == 0) {
      // The lock is this file only if a holder that gave up on a new folder
      // did not remove it meanwhile.
      struct stat held, named;
      if (::fstat(lock.fd(), &held) == 0 && ::stat(path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
          held.st_dev == named.st_dev) {
        break;
      }
      continue;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return Status::IOError("cannot lock " + path.string() + ": " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::ifstream in(path);
      std::string who;
      std::getline(in, who);
      return Status::Unavailable(dir.string() + " is being written by another parallax (" +
                                 (who.empty() ? "unknown process" : who) + "); wait for it to finish" +
                                 (wait_seconds > 0 ? " (waited " + std::to_string(int(wait_seconds)) + " s)" : "") +
                                 ", or pass --wait SECONDS");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string text = HolderText(holder) + "\n";
  if (::ftruncate(lock.fd(), 0) == 0) (void)!::pwrite(lock.fd(), text.data(), text.size(), 0);
  LockFile readers = OpenLockFile(dir, kReaderLock);
  RemoveLeftovers(dir, readers.fd());
  return WriterLock(lock.Release(), dir, new_folder);
}

WriterLock::WriterLock(WriterLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), dir_(std::move(other.dir_)), new_folder_(other.new_folder_) {}

WriterLock::~WriterLock() {
  if (fd_ < 0) return;
  // A writer that saved nothing in a folder without a collection leaves it
  // as it found it.
  if (!Collection::Exists(dir_)) {
    std::error_code ec;
    fs::remove(dir_ / kReaderLock, ec);
    fs::remove(dir_ / kWriterLock, ec);
    if (new_folder_) fs::remove(dir_, ec);  // only if empty
  }
  ::close(fd_);  // and so unlocks
}

StatusOr<Collection> Refit(const Collection& collection, std::shared_ptr<const Model> background,
                           const ProgressFn& progress) {
  CollectionOptions options = collection.options();
  if (collection.has_model()) options.model.features = collection.model().options();
  options.model.background = std::move(background);
  auto refitted = Collection::Create(collection.dir(), options);
  if (!refitted.ok()) return refitted.status();
  // It replaces the collection's current save.
  refitted->impl_->generation = collection.impl_->generation;
  refitted->impl_->manifest = collection.impl_->manifest;
  std::vector<Article> articles;
  articles.reserve(collection.size());
  for (size_t i = 0; i < collection.size(); ++i) articles.push_back(collection.article(i));
  if (articles.empty()) return refitted;
  auto added = refitted->Add(std::move(articles), progress);
  if (!added.ok()) return added.status();
  return refitted;
}

}  // namespace parallax
