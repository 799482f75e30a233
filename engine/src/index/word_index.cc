#include "index/word_index.h"
#include "parallax/file_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <unordered_set>
#include <utility>

namespace parallax {

namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Decodes a varint of at most 32 bits at *p (before end); false when it is
// cut short or too long.
bool GetVarint(const char** p, const char* end, uint32_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 28 && *p < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*(*p)++);
    result |= uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) {
      if (result > UINT32_MAX) return false;
      *v = static_cast<uint32_t>(result);
      return true;
    }
  }
  return false;
}

// Calls on_posting(doc, count) for each posting of one word's list; false
// (stopping) when the list is malformed: a gap that does not advance (but
// the first), a zero count, a document at or beyond `documents`.
template <typename OnPosting>
bool DecodePostings(std::string_view list, uint32_t documents, OnPosting&& on_posting) {
  const char* p = list.data();
  const char* end = p + list.size();
  uint64_t doc = 0;
  bool first = true;
  while (p < end) {
    uint32_t gap, count;
    if (!GetVarint(&p, end, &gap) || !GetVarint(&p, end, &count)) return false;
    if ((!first && gap == 0) || count == 0) return false;
    doc += gap;
    if (doc >= documents) return false;
    first = false;
    on_posting(static_cast<uint32_t>(doc), count);
  }
  return true;
}

void EncodePostings(std::span<const WordIndex::Posting> postings, std::string* out) {
  uint32_t previous = 0;
  for (const WordIndex::Posting& p : postings) {
    PutVarint(p.doc - previous, out);
    PutVarint(p.count, out);
    previous = p.doc;
  }
}

// Checks that the documents of a batch (sorted) are each an existing one of
// `documents`, or the next one after them; `*next` is then the count after
// the batch.
Status CheckDocuments(const std::vector<std::pair<uint32_t, uint32_t>>& sorted, uint32_t documents, uint32_t* next) {
  *next = documents;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const uint32_t doc = sorted[i].first;
    if (i > 0 && sorted[i - 1].first == doc) {
      return Status::InvalidArgument("document " + std::to_string(doc) + " given twice to the word index");
    }
    if (doc == *next) {
      ++*next;
    } else if (doc >= documents) {
      return Status::InvalidArgument("document " + std::to_string(doc) + " would leave a gap in the word index of " +
                                     std::to_string(documents) + " documents");
    }
  }
  return Status::Ok();
}

// Streams what precedes the postings in a serialized index.
Status WriteArrays(const ByteSink& sink, std::span<const uint32_t> lengths, uint64_t total_length,
                   std::span<const uint64_t> terms, std::span<const uint32_t> df, std::span<const uint32_t> sizes,
                   uint64_t posting_bytes) {
  ByteWriter w;
  auto flush = [&](bool force) -> Status {
    if (!force && w.size() < (size_t{1} << 20)) return Status::Ok();
    PARALLAX_RETURN_IF_ERROR(sink(w.data()));
    w.data().clear();
    return Status::Ok();
  };
  w.PutU64(lengths.size());
  w.PutU64(terms.size());
  w.PutU64(posting_bytes);
  w.PutU64(total_length);
  auto put_all = [&](auto values) -> Status {
    for (const auto v : values) {
      if constexpr (sizeof(v) == 8) {
        w.PutU64(v);
      } else {
        w.PutU32(v);
      }
      PARALLAX_RETURN_IF_ERROR(flush(false));
    }
    return Status::Ok();
  };
  PARALLAX_RETURN_IF_ERROR(put_all(lengths));
  PARALLAX_RETURN_IF_ERROR(put_all(terms));
  PARALLAX_RETURN_IF_ERROR(put_all(df));
  PARALLAX_RETURN_IF_ERROR(put_all(sizes));
  return flush(true);
}

}  // namespace

void WordIndex::Batch::Sort() {
  std::sort(lengths_.begin(), lengths_.end());
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& x, const Entry& y) { return x.word != y.word ? x.word < y.word : x.doc < y.doc; });
}

void WordIndex::Batch::Add(uint32_t doc, std::span<const uint64_t> words) {
  std::vector<uint64_t> sorted(words.begin(), words.end());
  if (!std::is_sorted(sorted.begin(), sorted.end())) std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    entries_.push_back({sorted[i], doc, static_cast<uint32_t>(j - i)});
    i = j;
  }
  lengths_.emplace_back(doc, static_cast<uint32_t>(words.size()));
}

size_t WordIndex::Find(uint64_t word) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), word);
  return it != terms_.end() && *it == word ? static_cast<size_t>(it - terms_.begin()) : terms_.size();
}

uint32_t WordIndex::DocumentCount(uint64_t word) const {
  const size_t t = Find(word);
  return t < terms_.size() ? df_[t] : 0;
}

std::vector<WordIndex::Posting> WordIndex::Postings(uint64_t word) const {
  std::vector<Posting> postings;
  const size_t t = Find(word);
  if (t == terms_.size()) return postings;
  postings.reserve(df_[t]);
  // Verified when built or read: cannot fail.
  (void)DecodePostings(PostingBytes(t), documents(),
                       [&](uint32_t doc, uint32_t count) { postings.push_back({doc, count}); });
  return postings;
}

Status WordIndex::Apply(Batch batch) {
  // Documents: replaced ones are existing, new ones follow the last.
  batch.Sort();
  uint32_t next;
  PARALLAX_RETURN_IF_ERROR(CheckDocuments(batch.lengths_, documents(), &next));
  std::unordered_set<uint32_t> replaced;
  for (const auto& [doc, length] : batch.lengths_) {
    if (doc < documents()) replaced.insert(doc);
  }

  lengths_.resize(next, 0);
  for (const auto& [doc, length] : batch.lengths_) {
    total_length_ -= lengths_[doc];
    lengths_[doc] = length;
    total_length_ += length;
  }

  // Merge the sorted word lists: a word only the index has keeps its bytes
  // (unless a replaced document may be in it); others are re-encoded.
  std::vector<uint64_t> terms;
  std::vector<uint32_t> df;
  std::vector<uint64_t> offsets{0};
  std::string postings;
  terms.reserve(terms_.size() + batch.entries_.size() / 8);
  postings.reserve(postings_.size() + batch.entries_.size() * 2);
  std::vector<Posting> merged;
  size_t t = 0, e = 0;
  const std::vector<Batch::Entry>& entries = batch.entries_;
  while (t < terms_.size() || e < entries.size()) {
    const uint64_t word = e == entries.size() || (t < terms_.size() && terms_[t] <= entries[e].word)
                              ? terms_[t]
                              : entries[e].word;
    const bool old = t < terms_.size() && terms_[t] == word;
    const std::string_view list = old ? PostingBytes(t) : std::string_view();
    size_t e_end = e;
    while (e_end < entries.size() && entries[e_end].word == word) ++e_end;
    if (e_end == e && replaced.empty()) {
      postings.append(list);  // untouched
      terms.push_back(word);
      df.push_back(df_[t]);
      offsets.push_back(postings.size());
      ++t;
      continue;
    }
    merged.clear();
    if (old) {
      (void)DecodePostings(list, documents(), [&](uint32_t doc, uint32_t count) {
        if (!replaced.count(doc)) merged.push_back({doc, count});
      });
    }
    const size_t kept = merged.size();
    for (size_t i = e; i < e_end; ++i) merged.push_back({entries[i].doc, entries[i].count});
    std::inplace_merge(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(kept), merged.end(),
                       [](const Posting& x, const Posting& y) { return x.doc < y.doc; });
    if (!merged.empty()) {
      EncodePostings(merged, &postings);
      terms.push_back(word);
      df.push_back(static_cast<uint32_t>(merged.size()));
      offsets.push_back(postings.size());
    }
    if (old) ++t;
    e = e_end;
  }
  terms.shrink_to_fit();
  df.shrink_to_fit();
  offsets.shrink_to_fit();
  postings.shrink_to_fit();
  terms_ = std::move(terms);
  df_ = std::move(df);
  offsets_ = std::move(offsets);
  postings_ = std::move(postings);
  return Status::Ok();
}

Status WordIndex::Serialize(const ByteSink& sink) const {
  std::vector<uint32_t> sizes(terms_.size());
  for (size_t t = 0; t < terms_.size(); ++t) sizes[t] = static_cast<uint32_t>(offsets_[t + 1] - offsets_[t]);
  PARALLAX_RETURN_IF_ERROR(WriteArrays(sink, lengths_, total_length_, terms_, df_, sizes, postings_.size()));
  for (size_t at = 0; at < postings_.size(); at += size_t{1} << 20) {
    PARALLAX_RETURN_IF_ERROR(sink(std::string_view(postings_).substr(at, size_t{1} << 20)));
  }
  return Status::Ok();
}

StatusOr<WordIndex> WordIndex::Deserialize(const ByteSource& source, uint64_t limit) {
  auto read_u64 = [&](uint64_t* v) -> Status {
    char bytes[8];
    PARALLAX_RETURN_IF_ERROR(source(bytes, 8));
    return ByteReader(std::string_view(bytes, 8)).GetU64(v);
  };
  uint64_t documents, terms, posting_bytes, total_length;
  PARALLAX_RETURN_IF_ERROR(read_u64(&documents));
  PARALLAX_RETURN_IF_ERROR(read_u64(&terms));
  PARALLAX_RETURN_IF_ERROR(read_u64(&posting_bytes));
  PARALLAX_RETURN_IF_ERROR(read_u64(&total_length));
  // Every count is checked against the payload's size before anything is
  // allocated for it.
  if (documents > limit / 4 || terms > limit / 16 || posting_bytes > limit ||
      32 + documents * 4 + terms * 16 + posting_bytes != limit || documents > UINT32_MAX) {
    return Status::Corruption("word index sizes do not match its payload");
  }
  WordIndex index;
  auto read_array = [&](auto* out, uint64_t n) -> Status {
    out->resize(static_cast<size_t>(n));
    return n == 0 ? Status::Ok() : source(out->data(), static_cast<size_t>(n) * sizeof((*out)[0]));
  };
  // The file is little-endian, as is every platform parallax builds on
  // (bytes.h's fixed-width reads assume it too).
  PARALLAX_RETURN_IF_ERROR(read_array(&index.lengths_, documents));
  PARALLAX_RETURN_IF_ERROR(read_array(&index.terms_, terms));
  PARALLAX_RETURN_IF_ERROR(read_array(&index.df_, terms));
  std::vector<uint32_t> sizes;
  PARALLAX_RETURN_IF_ERROR(read_array(&sizes, terms));
  index.postings_.resize(static_cast<size_t>(posting_bytes));
  if (posting_bytes > 0) PARALLAX_RETURN_IF_ERROR(source(index.postings_.data(), index.postings_.size()));

  index.offsets_.resize(static_cast<size_t>(terms) + 1);
  index.offsets_[0] = 0;
  for (size_t t = 0; t < terms; ++t) index.offsets_[t + 1] = index.offsets_[t] + sizes[t];
  if (index.offsets_.back() != posting_bytes) return Status::Corruption("word index posting sizes do not add up");
  uint64_t lengths = 0;
  for (uint32_t length : index.lengths_) lengths += length;
  if (lengths != total_length) return Status::Corruption("word index document lengths do not add up");
  index.total_length_ = total_length;
  // Every posting is decoded once: words in order, lists well-formed, counts
  // that add up to each document's length.
  std::vector<uint64_t> counted(static_cast<size_t>(documents), 0);
  for (size_t t = 0; t < terms; ++t) {
    if (t > 0 && index.terms_[t - 1] >= index.terms_[t]) return Status::Corruption("word index words out of order");
    uint32_t postings = 0;
    const bool ok = DecodePostings(
        std::string_view(index.postings_).substr(index.offsets_[t], sizes[t]), static_cast<uint32_t>(documents),
        [&](uint32_t doc, uint32_t count) {
          ++postings;
          counted[doc] += count;
        });
    if (!ok || postings == 0 || postings != index.df_[t]) return Status::Corruption("word index postings are damaged");
  }
  for (size_t d = 0; d < documents; ++d) {
    if (counted[d] != index.lengths_[d]) return Status::Corruption("word index counts do not match document lengths");
  }
  return index;
}

namespace {

Status SpillError(const std::filesystem::path& spill, const char* what, int err) {
  return Status::IOError(std::string("cannot ") + what + " the word index's temporary file " + spill.string() + ": " +
                         std::strerror(err));
}

// Reads the bytes [begin, end) of a file through a buffer, with pread: many
// readers share one descriptor.
class SpillReader {
 public:
  SpillReader(int fd, uint64_t begin, uint64_t end) : fd_(fd), at_(begin), end_(end) {}
  bool done() const { return used_ == buffer_.size() && at_ == end_; }
  // Ok and `n` bytes at `out` (valid until the next call), or an error.
  Status Take(size_t n, const char** out) {
    if (buffer_.size() - used_ < n) {
      buffer_.erase(0, used_);
      used_ = 0;
      size_t filled = buffer_.size();
      const uint64_t want = std::max<uint64_t>(n - filled, kBuffer);
      buffer_.resize(filled + static_cast<size_t>(std::min<uint64_t>(want, end_ - at_)));
      while (filled < buffer_.size()) {
        const ssize_t got = ::pread(fd_, buffer_.data() + filled, buffer_.size() - filled, static_cast<off_t>(at_));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return Status::IOError(std::string("cannot read the word index's temporary file: ") +
                                             (got < 0 ? std::strerror(errno) : "it ends early"));
        filled += static_cast<size_t>(got);
        at_ += static_cast<uint64_t>(got);
      }
      if (buffer_.size() < n) return Status::Corruption("the word index's temporary file ends early");
    }
    *out = buffer_.data() + used_;
    used_ += n;
    return Status::Ok();
  }

 private:
  static constexpr size_t kBuffer = size_t{1} << 16;
  int fd_;
  uint64_t at_, end_;
  std::string buffer_;
  size_t used_ = 0;
};

// One spilled run, a word at a time: u64 word, u32 postings, u32 bytes, the
// postings as in the index.
struct RunCursor {
  explicit RunCursor(SpillReader r) : reader(std::move(r)) {}
  SpillReader reader;
  uint64_t word = 0;
  uint32_t df = 0;
  std::string_view list;

  // Ok with `false` at the end of the run.
  StatusOr<bool> Next() {
    if (reader.done()) return false;
    const char* head;
    PARALLAX_RETURN_IF_ERROR(reader.Take(16, &head));
    uint32_t bytes;
    std::memcpy(&word, head, 8);
    std::memcpy(&df, head + 8, 4);
    std::memcpy(&bytes, head + 12, 4);
    const char* p;
    PARALLAX_RETURN_IF_ERROR(reader.Take(bytes, &p));
    list = std::string_view(p, bytes);
    return true;
  }
};

}  // namespace

StatusOr<WordIndexWriter> WordIndexWriter::Create(const WordIndex* base, std::filesystem::path spill) {
  const int fd = ::open(spill.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return SpillError(spill, "create", errno);
  return WordIndexWriter(base, std::move(spill), fd);
}

WordIndexWriter::WordIndexWriter(const WordIndex* base, std::filesystem::path spill, int fd)
    : base_(base), spill_(std::move(spill)), fd_(fd) {
  if (base_) {
    lengths_ = base_->lengths_;
    owner_.assign(lengths_.size(), -1);
  }
}

WordIndexWriter::WordIndexWriter(WordIndexWriter&& other) noexcept
    : base_(other.base_),
      spill_(std::move(other.spill_)),
      fd_(std::exchange(other.fd_, -1)),
      spilled_(other.spilled_),
      runs_(std::move(other.runs_)),
      lengths_(std::move(other.lengths_)),
      owner_(std::move(other.owner_)) {}

WordIndexWriter::~WordIndexWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(spill_.c_str());
}

Status WordIndexWriter::Write(std::string_view bytes) {
  if (int err = InjectedWriteError(bytes.size()); err != 0) return SpillError(spill_, "write", err);
  while (!bytes.empty()) {
    const ssize_t put = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(spilled_));
    if (put < 0 && errno == EINTR) continue;
    if (put < 0) return SpillError(spill_, "write", errno);
    spilled_ += static_cast<uint64_t>(put);
    bytes.remove_prefix(static_cast<size_t>(put));
  }
  return Status::Ok();
}

Status WordIndexWriter::Add(WordIndex::Batch batch) {
  batch.Sort();
  uint32_t next;
  PARALLAX_RETURN_IF_ERROR(CheckDocuments(batch.lengths_, documents(), &next));
  const auto run = static_cast<int32_t>(runs_.size());
  std::string bytes, list;
  const auto& entries = batch.entries_;
  for (size_t e = 0; e < entries.size();) {
    size_t end = e;
    list.clear();
    uint32_t previous = 0;
    for (; end < entries.size() && entries[end].word == entries[e].word; ++end) {
      PutVarint(entries[end].doc - previous, &list);
      PutVarint(entries[end].count, &list);
      previous = entries[end].doc;
    }
    const uint64_t word = entries[e].word;
    const auto df = static_cast<uint32_t>(end - e), size = static_cast<uint32_t>(list.size());
    bytes.append(reinterpret_cast<const char*>(&word), 8);
    bytes.append(reinterpret_cast<const char*>(&df), 4);
    bytes.append(reinterpret_cast<const char*>(&size), 4);
    bytes += list;
    e = end;
  }
  const uint64_t begin = spilled_;
  PARALLAX_RETURN_IF_ERROR(Write(bytes));
  runs_.push_back({begin, spilled_});
  lengths_.resize(next, 0);
  owner_.resize(next, run);
  for (const auto& [doc, length] : batch.lengths_) {
    lengths_[doc] = length;
    owner_[doc] = run;
  }
  return Status::Ok();
}

// Merges the base and the runs word by word, appending each word's postings
// (only those of the source that owns the document now) to the spill file.
Status WordIndexWriter::Merge(std::vector<uint64_t>* terms, std::vector<uint32_t>* df, std::vector<uint32_t>* sizes) {
  std::vector<RunCursor> runs;
  runs.reserve(runs_.size());
  for (const Run& r : runs_) runs.emplace_back(SpillReader(fd_, r.begin, r.end));
  // Sources: run i is i, the base is runs.size(); the heap holds (word, source).
  using Head = std::pair<uint64_t, size_t>;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heap;
  const size_t base_source = runs.size();
  size_t base_term = 0;
  const size_t base_terms = base_ ? base_->terms_.size() : 0;
  if (base_terms > 0) heap.push({base_->terms_[0], base_source});
  for (size_t i = 0; i < runs.size(); ++i) {
    auto more = runs[i].Next();
    if (!more.ok()) return more.status();
    if (*more) heap.push({runs[i].word, i});
  }
  const auto damaged = [&] { return Status::Corruption("the word index's temporary file " + spill_.string() + " is damaged"); };
  std::vector<WordIndex::Posting> merged;
  std::string out;
  while (!heap.empty()) {
    const uint64_t word = heap.top().first;
    merged.clear();
    bool sorted = true;
    while (!heap.empty() && heap.top().first == word) {
      const size_t source = heap.top().second;
      heap.pop();
      const bool from_base = source == base_source;
      const auto owner = from_base ? int32_t{-1} : static_cast<int32_t>(source);
      const std::string_view list = from_base ? base_->PostingBytes(base_term) : runs[source].list;
      const size_t before = merged.size();
      const bool ok = DecodePostings(list, documents(), [&](uint32_t doc, uint32_t count) {
        if (owner_[doc] == owner) merged.push_back({doc, count});
      });
      if (!ok) return damaged();
      if (before > 0 && before < merged.size() && merged[before - 1].doc > merged[before].doc) sorted = false;
      if (from_base) {
        if (++base_term < base_terms) heap.push({base_->terms_[base_term], base_source});
      } else {
        auto more = runs[source].Next();
        if (!more.ok()) return more.status();
        if (*more) heap.push({runs[source].word, source});
      }
    }
    if (merged.empty()) continue;  // every document holding it was replaced
    if (!sorted) {
      std::sort(merged.begin(), merged.end(),
                [](const WordIndex::Posting& x, const WordIndex::Posting& y) { return x.doc < y.doc; });
    }
    const size_t at = out.size();
    EncodePostings(merged, &out);
    terms->push_back(word);
    df->push_back(static_cast<uint32_t>(merged.size()));
    sizes->push_back(static_cast<uint32_t>(out.size() - at));
    if (out.size() >= (size_t{1} << 20)) {
      PARALLAX_RETURN_IF_ERROR(Write(out));
      out.clear();
    }
  }
  return Write(out);
}

Status WordIndexWriter::Finish(const ByteSink& sink) {
  std::vector<uint64_t> terms;
  std::vector<uint32_t> df, sizes;
  const uint64_t postings_begin = spilled_;
  PARALLAX_RETURN_IF_ERROR(Merge(&terms, &df, &sizes));
  uint64_t total_length = 0;
  for (uint32_t length : lengths_) total_length += length;

  PARALLAX_RETURN_IF_ERROR(WriteArrays(sink, lengths_, total_length, terms, df, sizes, spilled_ - postings_begin));
  SpillReader postings(fd_, postings_begin, spilled_);
  for (uint64_t at = postings_begin; at < spilled_;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(size_t{1} << 16, spilled_ - at));
    const char* bytes;
    PARALLAX_RETURN_IF_ERROR(postings.Take(n, &bytes));
    PARALLAX_RETURN_IF_ERROR(sink(std::string_view(bytes, n)));
    at += n;
  }
  return Status::Ok();
}

}  // namespace parallax
