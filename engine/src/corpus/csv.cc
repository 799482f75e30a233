// A small RFC 4180 reader (see CsvReader in corpus_internal.h).

#include <string>
#include <string_view>

#include "corpus/corpus_internal.h"

namespace parallax::corpus_internal {

bool CsvReader::AtLineEnd() {
  if (in_->AtEnd()) return true;
  const char c = in_->Peek();
  return c == '\n' || (c == '\r' && (!in_->Has(1) || in_->Peek(1) == '\n'));
}

// Consumes "\n", "\r\n" or a final "\r".
void CsvReader::SkipLineEnd() {
  if (!in_->AtEnd() && in_->Peek() == '\r') in_->Advance();
  if (!in_->AtEnd() && in_->Peek() == '\n') in_->Advance();
  ++line_;
}

// After a malformed field: resume at the next line.
void CsvReader::SkipRestOfLine() {
  while (!in_->AtEnd() && in_->Peek() != '\n') in_->Advance();
  SkipLineEnd();
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  while (!in_->AtEnd() && AtLineEnd()) SkipLineEnd();  // blank lines
  if (in_->AtEnd()) return false;
  record->line = line_;
  size_t kept = 0;  // bytes of the record's fields so far
  bool too_long = false;
  // Appends c to the field unless the record is over its limit.
  auto keep = [&](std::string* field, char c) {
    if (too_long) return;
    if (++kept > max_record_bytes_) {
      too_long = true;
      record->fields.clear();
      field->clear();
      field->shrink_to_fit();
      return;
    }
    *field += c;
  };
  auto finish = [&] {
    if (too_long) {
      record->fields.clear();
      record->error = "record of more than " + std::to_string(max_record_bytes_) + " bytes (max_record_bytes): not read";
    }
    return true;
  };
  while (true) {
    std::string field;
    if (!in_->AtEnd() && in_->Peek() == '"') {
      in_->Advance();
      bool closed = false;
      while (!in_->AtEnd()) {
        const char c = in_->Peek();
        in_->Advance();
        if (c == '"') {
          if (!in_->AtEnd() && in_->Peek() == '"') {  // "" is a quote
            keep(&field, '"');
            in_->Advance();
          } else {
            closed = true;
            break;
          }
        } else {
          if (c == '\n') ++line_;
          keep(&field, c);
        }
      }
      if (!closed) {
        record->error = "quoted field not closed before the end of the file";
        return finish();
      }
      if (!AtLineEnd() && in_->Peek() != ',') {
        record->error = "unexpected character after a closing quote";
        SkipRestOfLine();
        return finish();
      }
    } else {
      while (!AtLineEnd() && in_->Peek() != ',') {
        keep(&field, in_->Peek());
        in_->Advance();
      }
    }
    if (!too_long) record->fields.push_back(std::move(field));
    if (!in_->AtEnd() && in_->Peek() == ',') {
      in_->Advance();
      continue;
    }
    if (!in_->AtEnd()) SkipLineEnd();
    return finish();
  }
}

}  // namespace parallax::corpus_internal
