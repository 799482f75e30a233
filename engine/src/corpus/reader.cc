// ReadInputs: expands the input paths into files, checks each file (size,
// binary, UTF-8), parses it by extension, and collects articles and skips.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/corpus_internal.h"
#include "parallax/corpus.h"
#include "parallax/dates.h"
#include "parallax/input.h"
#include "parallax/parallel.h"
#include "parallax/utf8.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using corpus_internal::CsvReader;
using corpus_internal::CsvRecord;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// A NUL byte this early means a binary file (UTF-16, PDF, archive...), not text.
constexpr size_t kBinarySniffBytes = 8192;

enum class Format { kUnknown, kTxt, kJsonl, kCsv };

// JSONL keys and CSV columns (case-insensitive) besides the required id and text.
struct OptionalField {
  const char* name;
  std::string Article::*member;
};
constexpr OptionalField kOptionalFields[] = {{"title", &Article::title},
                                             {"outlet", &Article::outlet},
                                             {"url", &Article::url},
                                             {"date", &Article::date},
                                             {"lang", &Article::lang}};

Format FormatOf(const fs::path& path) {
  const std::string ext = corpus_internal::FoldCase(path.extension().string());
  if (ext == ".txt") return Format::kTxt;
  if (ext == ".jsonl") return Format::kJsonl;
  if (ext == ".csv") return Format::kCsv;
  return Format::kUnknown;
}

std::string Where(const std::string& path, size_t line) { return path + ":" + std::to_string(line); }

// Appends what `input` names: the file itself, or the .txt/.jsonl/.csv files
// under the directory (hidden entries skipped), sorted by path.
Status CollectFiles(const std::string& input, std::vector<fs::path>* files) {
  const fs::path root(input);
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (input.empty() || status.type() == fs::file_type::not_found) {
    return Status::NotFound("no such file or directory: '" + input + "'");
  }
  if (ec) return Status::IOError("cannot access '" + input + "': " + ec.message());
  if (!fs::is_directory(status)) {
    files->push_back(root);  // named directly: its extension is checked when read
    return Status::Ok();
  }
  std::vector<fs::path> found;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::error_code entry_ec;
    if (entry.path().filename().string().starts_with(".")) {
      if (entry.is_directory(entry_ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(entry_ec) && FormatOf(entry.path()) != Format::kUnknown) found.push_back(entry.path());
  }
  if (ec) return Status::IOError("cannot list the directory '" + input + "': " + ec.message());
  // path's operator< compares element by element, so "a/x.txt" sorts before "a-b.txt".
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
  return Status::Ok();
}

// Reads `file` through once, keeping nothing: why it is not text (a NUL
// byte early: binary; invalid UTF-8), or "" when it is. A JSONL or CSV file
// is then read record by record, and a file that fails here is skipped whole
// before any of its records counts, as when files were read whole.
std::string NotTextReason(InputFile* file) {
  std::string buffer(64 * 1024, '\0');
  Utf8Checker utf8;
  uint64_t seen = 0;
  while (true) {
    auto got = file->Read(buffer.data(), buffer.size());
    if (!got.ok()) return InputFile::Reason(got.status(), file->name());
    if (*got == 0) break;
    const std::string_view piece(buffer.data(), *got);
    if (seen < kBinarySniffBytes && piece.substr(0, kBinarySniffBytes - seen).find('\0') != std::string_view::npos) {
      return "binary file";
    }
    seen += *got;
    if (!utf8.Add(piece)) return corpus_internal::InvalidUtf8Reason(utf8.invalid_at());
  }
  if (!utf8.Finish()) return corpus_internal::InvalidUtf8Reason(utf8.invalid_at());
  return "";
}

// Fills `article` from one JSONL line; returns why the line is unusable, or "".
std::string ArticleFromJsonLine(std::string_view line, Article* article) {
  const json value = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return "invalid JSON";
  if (!value.is_object()) return "not a JSON object";
  const auto id = value.find("id");
  if (id == value.end()) return "missing field 'id'";
  if (id->is_string()) {
    article->id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    article->id = id->dump();
  } else {
    return "field 'id' must be a string or an integer";
  }
  if (article->id.empty()) return "field 'id' is empty";
  const auto text = value.find("text");
  if (text == value.end()) return "missing field 'text'";
  if (!text->is_string()) return "field 'text' must be a string";
  article->text = text->get<std::string>();
  // null is taken as absent: exports often write it for a missing title or date.
  for (const OptionalField& optional : kOptionalFields) {
    const auto field = value.find(optional.name);
    if (field == value.end() || field->is_null()) continue;
    if (!field->is_string()) return std::string("field '") + optional.name + "' must be a string";
    article->*optional.member = field->get<std::string>();
  }
  return "";
}

// Cleaning an article (MakeArticle: UTF-8, boilerplate, date, language) is
// most of the reading time, so the Reader queues articles and cleans a batch
// at a time on all threads; it then takes the outcomes in input order, so
// articles, skips, duplicate checks and a strict stop come out exactly as
// when reading one by one. A skip found while parsing first drains the queue.
class Reader {
 public:
  Reader(const ReadOptions& options, ReadResult* result) : options_(options), result_(result) {}

  void ReadFile(const fs::path& path);
  // Cleans and adds every queued article. Call before reading the result.
  void Flush();
  // Not ok once `strict` turned a skip into the error, or cleaning threw.
  const Status& status() const { return status_; }

 private:
  static constexpr size_t kBatch = 1024;
  // A queued article: a parsed record's fields, or a whole .txt file.
  struct Pending {
    bool txt_file = false;
    Article fields;       // for a .txt file: id (the file's stem) and text
    std::string where;
    std::string file;     // for the error if cleaning throws
  };

  bool failed() const { return !status_.ok(); }
  void Skip(const std::string& where, std::string reason);
  void RecordSkip(const std::string& where, std::string reason);
  void Queue(Pending pending);
  void Add(StatusOr<Article> article, const std::string& where);
  // Each returns false when it skipped the whole file.
  bool ReadJsonl(const std::string& path, InputReader* in);
  bool ReadCsv(const std::string& path, InputReader* in);

  const ReadOptions& options_;
  ReadResult* result_;
  Status status_;
  std::unordered_map<std::string, std::string> first_seen_;  // id -> where
  std::vector<Pending> queue_;
};

void Reader::Skip(const std::string& where, std::string reason) {
  Flush();  // the queued articles come first
  RecordSkip(where, std::move(reason));
}

void Reader::RecordSkip(const std::string& where, std::string reason) {
  if (options_.strict && status_.ok()) status_ = Status::InvalidArgument(where + ": " + reason);
  result_->skipped.push_back({where, std::move(reason)});
}

void Reader::Add(StatusOr<Article> article, const std::string& where) {
  if (!article.ok()) return RecordSkip(where, article.status().message());
  const auto [first, inserted] = first_seen_.try_emplace(article->id, where);
  if (!inserted) return RecordSkip(where, "duplicate id (first seen in " + first->second + ")");
  if (const std::string& date = article->date; !date.empty() && !ParseDate(date, DateForms::kIso)) {
    result_->unread_dates.push_back(
        {where, "date '" + date +
                    "' not read (write it as 2022-02-22, 2022-02-22T10:05+01:00 or Feb 22, 2022): the article is "
                    "kept, with no date to order it by"});
  }
  result_->articles.push_back(std::move(article).value());
}

void Reader::Queue(Pending pending) {
  if (failed()) return;
  queue_.push_back(std::move(pending));
  if (queue_.size() >= kBatch) Flush();
}

void Reader::Flush() {
  const int64_t n = static_cast<int64_t>(queue_.size());
  std::vector<std::optional<StatusOr<Article>>> made(n);
  const Status cleaned = ParallelFor(n, Schedule::Dynamic(8), [&](int64_t i) {
    Pending& p = queue_[i];
    made[i] = p.txt_file ? ParseTxtArticle(std::move(p.fields.id), std::move(p.fields.text), options_)
                         : MakeArticle(std::move(p.fields), options_);
  });
  if (!cleaned.ok()) {
    // An exception (out of memory, a library surprise) left an article
    // uncleaned: the read cannot go on. The first such article names its file.
    int64_t first = 0;
    while (first < n && made[first]) ++first;
    const std::string file = first < n ? queue_[first].file : std::string("the inputs");
    if (status_.ok()) status_ = cleaned.WithContext("reading '" + file + "'");
  }
  for (int64_t i = 0; i < n && !failed(); ++i) {
    const Pending& p = queue_[i];
    if (!p.txt_file) {
      Add(std::move(*made[i]), p.where);
    } else if (!made[i]->ok()) {
      RecordSkip(p.where, made[i]->status().message());  // the file as a whole: not counted as read
    } else {
      ++result_->files_read;
      Add(std::move(*made[i]), p.where);
    }
  }
  queue_.clear();
}

void Reader::ReadFile(const fs::path& path) {
  const std::string where = path.string();
  const Format format = FormatOf(path);
  if (format == Format::kUnknown) return Skip(where, "not a .txt, .jsonl or .csv file");
  // A .txt file is one article: over max_article_bytes, it is refused by its size.
  const bool article_limit = format == Format::kTxt && options_.max_article_bytes < options_.max_file_bytes;
  auto file = InputFile::Open(where, article_limit ? options_.max_article_bytes : options_.max_file_bytes,
                              /*allow_stdin=*/false, article_limit ? "max_article_bytes" : "max_file_bytes");
  if (!file.ok()) return Skip(where, InputFile::Reason(file.status(), where));
  if (file->size() == 0) return Skip(where, "empty file");
  if (format == Format::kTxt) {
    std::string content;
    if (Status read = file->ReadAll(&content); !read.ok()) return Skip(where, InputFile::Reason(read, where));
    if (std::string_view(content).substr(0, kBinarySniffBytes).find('\0') != std::string_view::npos) {
      return Skip(where, "binary file");
    }
    if (const size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
      return Skip(where, corpus_internal::InvalidUtf8Reason(bad));
    }
    Article fields;
    fields.id = path.stem().string();
    fields.text = std::move(content);
    Queue({.txt_file = true, .fields = std::move(fields), .where = where, .file = where});  // counted as read once parsed
    return;
  }
  // JSONL and CSV stream: the file is checked as text first, then read a
  // record at a time, so that neither it nor an over-long record is ever held whole.
  if (std::string reason = NotTextReason(&*file); !reason.empty()) return Skip(where, std::move(reason));
  if (Status again = file->Rewind(); !again.ok()) return Skip(where, InputFile::Reason(again, where));
  InputReader in(&*file);
  if (in.Has(2) && in.Peek(0) == kBom[0] && in.Peek(1) == kBom[1] && in.Peek(2) == kBom[2]) in.Advance(kBom.size());
  const bool read = format == Format::kJsonl ? ReadJsonl(where, &in) : ReadCsv(where, &in);
  if (!in.status().ok()) return Skip(where, InputFile::Reason(in.status(), where));
  if (read) ++result_->files_read;
}

bool Reader::ReadJsonl(const std::string& path, InputReader* in) {
  std::string line;
  while (!failed()) {
    const InputReader::Line kind = in->NextLine(options_.max_record_bytes, &line);
    if (kind == InputReader::Line::kEnd) break;
    const std::string where = Where(path, in->line_number());
    if (kind == InputReader::Line::kTooLong) {
      Skip(where, "line of more than " + std::to_string(options_.max_record_bytes) +
                      " bytes (max_record_bytes): not read");
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    Article article;
    if (std::string reason = ArticleFromJsonLine(line, &article); !reason.empty()) {
      Skip(where, std::move(reason));
      continue;
    }
    Queue({.fields = std::move(article), .where = where, .file = path});
  }
  return true;
}

bool Reader::ReadCsv(const std::string& path, InputReader* in) {
  CsvReader csv(in, options_.max_record_bytes);
  CsvRecord header;
  if (!csv.Next(&header)) {
    Skip(path, "no header row");
    return false;
  }
  if (!header.error.empty()) {
    Skip(Where(path, header.line), "header row: " + header.error);
    return false;
  }
  std::unordered_map<std::string, size_t> columns;  // folded name -> index; the first wins
  std::string listed;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view name = corpus_internal::TrimSpace(header.fields[i]);
    columns.try_emplace(corpus_internal::FoldCase(name), i);
    listed += (i ? ", " : "") + std::string(name);
  }
  const bool has_id = columns.contains("id");
  const bool has_text = columns.contains("text");
  if (!has_id || !has_text) {
    const std::string missing = !has_id && !has_text ? "no 'id' and 'text' columns"
                                : !has_id            ? "no 'id' column"
                                                     : "no 'text' column";
    Skip(path, missing + " (the header has: " + listed + ")");
    return false;
  }
  const size_t id_column = columns.find("id")->second;
  const size_t text_column = columns.find("text")->second;
  CsvRecord row;
  while (!failed() && csv.Next(&row)) {
    const std::string where = Where(path, row.line);
    if (!row.error.empty()) {
      Skip(where, row.error);
      continue;
    }
    if (row.fields.size() != header.fields.size()) {
      Skip(where,
           std::to_string(row.fields.size()) + " fields, the header has " + std::to_string(header.fields.size()));
      continue;
    }
    Article article;
    article.id = std::string(corpus_internal::TrimSpace(row.fields[id_column]));
    if (article.id.empty()) {
      Skip(where, "empty 'id'");
      continue;
    }
    article.text = std::move(row.fields[text_column]);
    for (const OptionalField& optional : kOptionalFields) {
      if (const auto it = columns.find(optional.name); it != columns.end()) {
        article.*optional.member = std::move(row.fields[it->second]);
      }
    }
    Queue({.fields = std::move(article), .where = where, .file = path});
  }
  return true;
}

}  // namespace

bool IsRecordFile(const fs::path& path) {
  const Format format = FormatOf(path);
  return format == Format::kJsonl || format == Format::kCsv;
}

StatusOr<Article> ReadTxtArticleFile(const std::string& path, const ReadOptions& options, bool allow_stdin) {
  auto file = InputFile::Open(path, options.max_article_bytes, allow_stdin, "max_article_bytes");
  if (!file.ok()) return file.status();
  std::string content;
  PARALLAX_RETURN_IF_ERROR(file->ReadAll(&content));
  const std::string id = file->is_stdin() ? "stdin" : fs::path(path).stem().string();
  auto article = ParseTxtArticle(id, std::move(content), options);
  if (!article.ok()) return article.status().WithContext(file->name());
  return article;
}

StatusOr<ReadResult> ReadInputs(const std::vector<std::string>& paths, const ReadOptions& options,
                                const std::function<void(size_t, size_t)>& progress) {
  // A missing input is fatal, so every path is checked before any file is read.
  std::vector<fs::path> files;
  for (const std::string& path : paths) PARALLAX_RETURN_IF_ERROR(CollectFiles(path, &files));
  ReadResult result;
  Reader reader(options, &result);
  for (size_t i = 0; i < files.size(); ++i) {
    try {
      reader.ReadFile(files[i]);
    } catch (...) {  // bad_alloc, or a library surprise: never let it escape
      return StatusFromException(std::current_exception()).WithContext("reading '" + files[i].string() + "'");
    }
    if (!reader.status().ok()) return reader.status();
    if (progress) progress(i + 1, files.size());
  }
  try {
    reader.Flush();
  } catch (...) {
    return StatusFromException(std::current_exception()).WithContext("reading");
  }
  if (!reader.status().ok()) return reader.status();
  return result;
}

}  // namespace parallax
