#include "parallax/lexicon.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "embed/features.h"
#include "parallax/bytes.h"
#include "parallax/input.h"
#include "parallax/utf8.h"

namespace parallax {
namespace {

// The folded words of `text`, as features define words (IsWordBreak).
std::vector<std::string> FoldedWords(std::string_view text) {
  std::vector<uint32_t> cps;
  AppendCodepoints(text, &cps);
  std::vector<std::string> words(1);
  for (uint32_t c : cps) {
    if (IsWordBreak(c)) {
      if (!words.back().empty()) words.emplace_back();
      continue;
    }
    AppendUtf8(FoldLetter(c), &words.back());
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// dictd writes offsets and lengths in base 64, most significant digit first.
bool Base64Number(std::string_view digits, uint64_t* value) {
  static constexpr std::string_view kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  *value = 0;
  if (digits.empty() || digits.size() > 10) return false;
  for (char c : digits) {
    const size_t d = kDigits.find(c);
    if (d == std::string_view::npos) return false;
    *value = *value * 64 + d;
  }
  return true;
}

// The whole text of a .dict.dz (dictzip is gzip: zlib reads it as one
// stream) or of a plain .dict.
StatusOr<std::string> ReadDictionaryData(const std::filesystem::path& index) {
  std::filesystem::path data = index;
  data.replace_extension(".dict.dz");
  if (!std::filesystem::exists(data)) {
    data.replace_extension("");  // ".dict"
    return ReadInputFile(data.string(), Lexicon::kMaxFileBytes);
  }
  auto compressed = ReadInputFile(data.string(), Lexicon::kMaxFileBytes);
  if (!compressed.ok()) return compressed.status();
  std::string out;
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return Status::Internal("zlib: cannot start inflating");
  z.next_in = reinterpret_cast<Bytef*>(compressed->data());
  z.avail_in = static_cast<uInt>(compressed->size());
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > Lexicon::kMaxFileBytes) rc = Z_MEM_ERROR;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Corruption(data.string() + ": not a gzip or dictzip file, or truncated");
  return out;
}

// The single words a FreeDict sense line translates the headword into:
// notes in (), <> and [] are dropped, synonyms split at ',' and ';', and
// phrases of more than two words left out (they translate no single word).
void SenseWords(std::string_view line, std::vector<std::string>* out) {
  std::string plain;
  int depth = 0;
  for (char c : line) {
    if (c == '(' || c == '<' || c == '[') ++depth;
    else if ((c == ')' || c == '>' || c == ']') && depth > 0) --depth;
    else if (depth == 0) plain.push_back(c);
  }
  size_t at = 0;
  while (at <= plain.size()) {
    size_t end = plain.find_first_of(",;", at);
    if (end == std::string::npos) end = plain.size();
    std::vector<std::string> words = FoldedWords(std::string_view(plain).substr(at, end - at));
    // Sense numbers ("1.") and the letters an apostrophe leaves ("s'allumer"
    // -> "s", "allumer") translate nothing.
    std::erase_if(words, [](const std::string& w) {
      return w.size() < 2 || std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    });
    if (words.size() <= 2) out->insert(out->end(), words.begin(), words.end());
    at = end + 1;
  }
}

Status FileError(const std::string& path, const std::string& what) {
  return Status::Corruption(path + ": " + what +
                            " (expected a FreeDict dictd database: freedict-SRC-DST.index beside its .dict.dz)");
}

}  // namespace

std::string Lexicon::Fold(std::string_view word) {
  std::vector<uint32_t> cps;
  AppendCodepoints(word, &cps);
  std::string out;
  for (uint32_t c : cps) AppendUtf8(FoldLetter(c), &out);
  return out;
}

std::string Lexicon::Stem(std::string_view word) {
  std::vector<uint32_t> cps;
  AppendCodepoints(word, &cps);
  std::string out;
  for (size_t i = 0; i < std::min(cps.size(), kStemLength); ++i) AppendUtf8(FoldLetter(cps[i]), &out);
  return out;
}

std::string Lexicon::LanguageOf(std::string_view code) {
  static const std::map<std::string_view, std::string_view> kIso6391 = {
      {"afr", "af"}, {"ara", "ar"}, {"bre", "br"}, {"bul", "bg"}, {"cat", "ca"}, {"ces", "cs"}, {"cym", "cy"},
      {"dan", "da"}, {"deu", "de"}, {"ell", "el"}, {"eng", "en"}, {"fin", "fi"}, {"fra", "fr"}, {"gle", "ga"},
      {"hin", "hi"}, {"hrv", "hr"}, {"hun", "hu"}, {"isl", "is"}, {"ita", "it"}, {"jpn", "ja"}, {"lat", "la"},
      {"lit", "lt"}, {"nld", "nl"}, {"nor", "no"}, {"pol", "pl"}, {"por", "pt"}, {"ron", "ro"}, {"rus", "ru"},
      {"slk", "sk"}, {"slv", "sl"}, {"spa", "es"}, {"srp", "sr"}, {"swe", "sv"}, {"tur", "tr"}, {"ukr", "uk"},
  };
  const auto it = kIso6391.find(code);
  return std::string(it != kIso6391.end() ? it->second : code);
}

std::optional<std::pair<std::string, std::string>> Lexicon::LanguagesOf(const std::string& path) {
  const std::string name = std::filesystem::path(path).stem().string();  // freedict-fra-eng
  const size_t dash = name.rfind('-');
  if (name.rfind("freedict-", 0) != 0 || dash <= 9 || dash + 1 >= name.size()) return std::nullopt;
  return std::pair{LanguageOf(name.substr(9, dash - 9)), LanguageOf(name.substr(dash + 1))};
}

StatusOr<Lexicon> Lexicon::LoadFreeDict(const std::vector<std::string>& index_paths, const KnownWord& known) {
  // (from, to) -> (stem, word); every pair is added in both directions.
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::string, std::string>>> pairs;
  for (const std::string& path : index_paths) {
    const auto languages = LanguagesOf(path);
    if (!languages) return FileError(path, "the file name does not say its languages");
    const auto& [src, dst] = *languages;
    auto index = ReadInputFile(path, kMaxFileBytes);
    if (!index.ok()) return index.status().WithContext("cannot read dictionary");
    auto data = ReadDictionaryData(path);
    if (!data.ok()) return data.status().WithContext("cannot read dictionary");
    if (FindInvalidUtf8(*index) != std::string_view::npos || FindInvalidUtf8(*data) != std::string_view::npos) {
      return FileError(path, "invalid UTF-8");
    }
    auto& forward = pairs[{src, dst}];
    auto& backward = pairs[{dst, src}];
    std::vector<std::string> translations;
    size_t line_number = 0;
    for (size_t at = 0; at < index->size();) {
      size_t end = index->find('\n', at);
      if (end == std::string::npos) end = index->size();
      const std::string_view line(index->data() + at, end - at);
      at = end + 1;
      ++line_number;
      if (line.empty()) continue;
      const size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
      uint64_t offset = 0, length = 0;
      if (tab1 == std::string_view::npos || tab2 == std::string_view::npos ||
          !Base64Number(line.substr(tab1 + 1, tab2 - tab1 - 1), &offset) ||
          !Base64Number(line.substr(tab2 + 1), &length) || offset > data->size() || length > data->size() - offset) {
        return FileError(path, "line " + std::to_string(line_number) + " is not \"word TAB offset TAB length\"");
      }
      const std::string_view head = line.substr(0, tab1);
      if (head.substr(0, 2) == "00") continue;  // the database's own notes (00-database-info)
      const std::vector<std::string> head_words = FoldedWords(head);
      if (head_words.size() != 1 || head_words[0].size() < 2) continue;
      translations.clear();
      const std::string_view body(data->data() + offset, length);
      // The first line repeats the headword (and its pronunciation); each
      // other one is a sense, or a note (/…/, <…>, "…").
      for (size_t s = body.find('\n'); s != std::string_view::npos && s < body.size();) {
        size_t e = body.find('\n', s + 1);
        if (e == std::string_view::npos) e = body.size();
        std::string_view sense = body.substr(s + 1, e - s - 1);
        s = e;
        while (!sense.empty() && (sense.front() == ' ' || sense.front() == '\t')) sense.remove_prefix(1);
        if (sense.empty() || sense.front() == '/' || sense.front() == '<' || sense.front() == '"') continue;
        SenseWords(sense, &translations);
      }
      const std::string& head_word = head_words[0];
      if (known && !known(src, head_word)) continue;
      for (const std::string& word : translations) {
        if (word == head_word || (known && !known(dst, word))) continue;
        forward.emplace_back(Stem(head_word), word);
        backward.emplace_back(Stem(word), head_word);
      }
    }
  }
  Lexicon lexicon;
  for (auto& [languages, list] : pairs) {
    if (languages.first == languages.second || list.empty()) continue;
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    Direction d{languages.first, languages.second, {}};
    for (size_t i = 0; i < list.size();) {
      size_t j = i;
      while (j < list.size() && list[j].first == list[i].first) ++j;
      Entry entry{list[i].first, {}};
      for (size_t k = i; k < j; ++k) entry.translations.push_back({list[k].second, 1.0f / static_cast<float>(j - i)});
      d.entries.push_back(std::move(entry));
      i = j;
    }
    lexicon.directions_.push_back(std::move(d));
  }
  return lexicon;
}

std::vector<std::string> InstalledDictionaries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("freedict-", 0) == 0 && entry.path().extension() == ".index") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Lexicon::Direction* Lexicon::Find(std::string_view from, std::string_view to) const {
  for (const Direction& d : directions_) {
    if (d.from == from && d.to == to) return &d;
  }
  return nullptr;
}

const std::vector<Translation>* Lexicon::Find(std::string_view from, std::string_view to,
                                              std::string_view stem) const {
  const Direction* d = Find(from, to);
  if (d == nullptr) return nullptr;
  const auto it = std::lower_bound(d->entries.begin(), d->entries.end(), stem,
                                   [](const Entry& e, std::string_view s) { return e.stem < s; });
  return it != d->entries.end() && it->stem == stem ? &it->translations : nullptr;
}

void Lexicon::SetDirection(Direction direction) {
  std::sort(direction.entries.begin(), direction.entries.end(),
            [](const Entry& x, const Entry& y) { return x.stem < y.stem; });
  for (Entry& e : direction.entries) {
    std::stable_sort(e.translations.begin(), e.translations.end(),
                     [](const Translation& x, const Translation& y) { return x.probability > y.probability; });
  }
  const auto at = std::lower_bound(directions_.begin(), directions_.end(), direction, [](const auto& x, const auto& y) {
    return std::tie(x.from, x.to) < std::tie(y.from, y.to);
  });
  if (at != directions_.end() && at->from == direction.from && at->to == direction.to) {
    *at = std::move(direction);
  } else {
    directions_.insert(at, std::move(direction));
  }
}

size_t Lexicon::entries() const {
  size_t n = 0;
  for (const Direction& d : directions_) n += d.entries.size();
  return n;
}

std::string Lexicon::Serialize() const {
  ByteWriter w;
  w.PutVarint32(static_cast<uint32_t>(directions_.size()));
  for (const Direction& d : directions_) {
    w.PutString(d.from);
    w.PutString(d.to);
    w.PutVarint32(static_cast<uint32_t>(d.entries.size()));
    for (const Entry& e : d.entries) {
      w.PutString(e.stem);
      w.PutVarint32(static_cast<uint32_t>(e.translations.size()));
      for (const Translation& t : e.translations) {
        w.PutString(t.word);
        w.PutF32(t.probability);
      }
    }
  }
  return w.Release();
}

StatusOr<Lexicon> Lexicon::Deserialize(std::string_view bytes) {
  const auto bad = [](const std::string& what) { return Status::InvalidArgument("not a lexicon: " + what); };
  ByteReader r(bytes);
  Lexicon lexicon;
  uint32_t directions = 0;
  if (!r.GetVarint32(&directions).ok() || directions > r.remaining()) return bad("direction count");
  for (uint32_t k = 0; k < directions; ++k) {
    Direction d;
    uint32_t entries = 0;
    if (!r.GetString(&d.from, 64).ok() || !r.GetString(&d.to, 64).ok() || !r.GetVarint32(&entries).ok() ||
        entries > r.remaining()) {
      return bad("direction header");
    }
    d.entries.resize(entries);
    for (Entry& e : d.entries) {
      uint32_t n = 0;
      if (!r.GetString(&e.stem, 64).ok() || !r.GetVarint32(&n).ok() || n > r.remaining()) return bad("entry");
      e.translations.resize(n);
      for (Translation& t : e.translations) {
        if (!r.GetString(&t.word, 256).ok() || !r.GetF32(&t.probability).ok()) return bad("translation");
      }
      if (&e != &d.entries[0] && (&e)[-1].stem >= e.stem) return bad("stems not sorted");
    }
    if (!lexicon.directions_.empty() &&
        std::tie(lexicon.directions_.back().from, lexicon.directions_.back().to) >= std::tie(d.from, d.to)) {
      return bad("directions not sorted");
    }
    lexicon.directions_.push_back(std::move(d));
  }
  if (!r.done()) return bad("trailing bytes");
  return lexicon;
}

}  // namespace parallax
