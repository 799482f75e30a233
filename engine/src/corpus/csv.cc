// A small RFC 4180 reader (see CsvReader in corpus_internal.h).

#include <string>
#include <string_view>

#include "corpus/corpus_internal.h"

namespace parallax::corpus_internal {

bool CsvReader::AtLineEnd() const {
  return pos_ >= data_.size() || data_[pos_] == '\n' ||
         (data_[pos_] == '\r' && (pos_ + 1 == data_.size() || data_[pos_ + 1] == '\n'));
}

// Consumes "\n", "\r\n" or a final "\r".
void CsvReader::SkipLineEnd() {
  if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
  if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
  ++line_;
}

// After a malformed field: resume at the next line.
void CsvReader::SkipRestOfLine() {
  const size_t eol = data_.find('\n', pos_);
  pos_ = eol == std::string_view::npos ? data_.size() : eol;
  SkipLineEnd();
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  while (pos_ < data_.size() && AtLineEnd()) SkipLineEnd();  // blank lines
  if (pos_ >= data_.size()) return false;
  record->line = line_;
  while (true) {
    std::string field;
    if (pos_ < data_.size() && data_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < data_.size()) {
        const char c = data_[pos_++];
        if (c == '"') {
          if (pos_ < data_.size() && data_[pos_] == '"') {  // "" is a quote
            field += '"';
            ++pos_;
          } else {
            closed = true;
            break;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      }
      if (!closed) {
        record->error = "quoted field not closed before the end of the file";
        return true;
      }
      if (!AtLineEnd() && data_[pos_] != ',') {
        record->error = "unexpected character after a closing quote";
        SkipRestOfLine();
        return true;
      }
    } else {
      while (!AtLineEnd() && data_[pos_] != ',') field += data_[pos_++];
    }
    record->fields.push_back(std::move(field));
    if (pos_ < data_.size() && data_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < data_.size()) SkipLineEnd();
    return true;
  }
}

}  // namespace parallax::corpus_internal
