#include "index/word_index.h"

#include <algorithm>
#include <unordered_set>

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

}  // namespace

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
  (void)DecodePostings(std::string_view(postings_).substr(offsets_[t], offsets_[t + 1] - offsets_[t]), documents(),
                       [&](uint32_t doc, uint32_t count) { postings.push_back({doc, count}); });
  return postings;
}

Status WordIndex::Apply(Batch batch) {
  // Documents: replaced ones are existing, new ones follow the last.
  std::sort(batch.lengths_.begin(), batch.lengths_.end());
  std::unordered_set<uint32_t> replaced;
  uint32_t next = documents();
  for (size_t i = 0; i < batch.lengths_.size(); ++i) {
    const uint32_t doc = batch.lengths_[i].first;
    if (i > 0 && batch.lengths_[i - 1].first == doc) {
      return Status::InvalidArgument("document " + std::to_string(doc) + " given twice to the word index");
    }
    if (doc < documents()) {
      replaced.insert(doc);
    } else if (doc == next) {
      ++next;
    } else {
      return Status::InvalidArgument("document " + std::to_string(doc) + " would leave a gap in the word index of " +
                                     std::to_string(documents()) + " documents");
    }
  }
  std::sort(batch.entries_.begin(), batch.entries_.end(), [](const Batch::Entry& x, const Batch::Entry& y) {
    return x.word != y.word ? x.word < y.word : x.doc < y.doc;
  });

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
    const std::string_view list =
        old ? std::string_view(postings_).substr(offsets_[t], offsets_[t + 1] - offsets_[t]) : std::string_view();
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
      uint32_t previous = 0;
      for (const Posting& p : merged) {
        PutVarint(p.doc - previous, &postings);
        PutVarint(p.count, &postings);
        previous = p.doc;
      }
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
  ByteWriter w;
  w.PutU64(documents());
  w.PutU64(terms_.size());
  w.PutU64(postings_.size());
  w.PutU64(total_length_);
  auto flush = [&](bool force) -> Status {
    if (!force && w.size() < (size_t{1} << 20)) return Status::Ok();
    PARALLAX_RETURN_IF_ERROR(sink(w.data()));
    w.data().clear();
    return Status::Ok();
  };
  for (uint32_t length : lengths_) {
    w.PutU32(length);
    PARALLAX_RETURN_IF_ERROR(flush(false));
  }
  for (uint64_t term : terms_) {
    w.PutU64(term);
    PARALLAX_RETURN_IF_ERROR(flush(false));
  }
  for (uint32_t d : df_) {
    w.PutU32(d);
    PARALLAX_RETURN_IF_ERROR(flush(false));
  }
  for (size_t t = 0; t < terms_.size(); ++t) {
    w.PutU32(static_cast<uint32_t>(offsets_[t + 1] - offsets_[t]));
    PARALLAX_RETURN_IF_ERROR(flush(false));
  }
  PARALLAX_RETURN_IF_ERROR(flush(true));
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

}  // namespace parallax
