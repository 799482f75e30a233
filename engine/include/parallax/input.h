// Reading the files a user names. What a path is and how large it is are
// checked before any byte is read (a FIFO is refused, never waited on; a
// device or a directory is refused; a file over the limit is refused by its
// size), and every read is bounded: it stops with an error as soon as it
// passes the limit, so the standard input fed from /dev/zero, or a file that
// grows while it is read, cannot exhaust memory. Lines are read the same
// way: an over-long line is skipped as it streams by, never held whole.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "parallax/status.h"

namespace parallax {

// An open input: a regular file, or the standard input.
class InputFile {
 public:
  // The name that stands for the standard input where a command allows it.
  static constexpr std::string_view kStdin = "-";

  // Opens `path` for reading, at most `max_bytes` of it. Every failure reads
  // "NAME: reason", NAME the path, so that callers can name the input their
  // own way (Reason() below). Refused before anything is read: a missing
  // file (NotFound "no such file"); a directory, a FIFO, a device or a socket
  // (InvalidArgument "a FIFO (named pipe), not a regular file"); a file of more
  // than `max_bytes` (InvalidArgument "file is N bytes, over the limit of M
  // bytes (LIMIT_NAME)", LIMIT_NAME when given); anything the OS refuses
  // (IOError). `path` == kStdin with `allow_stdin` opens the standard input,
  // whatever it is connected to, its reads bounded the same way.
  static StatusOr<InputFile> Open(const std::string& path, uint64_t max_bytes, bool allow_stdin = false,
                                  std::string_view limit_name = {});
  // The reason of a status Open or Read gave, without the leading "NAME: ".
  static std::string Reason(const Status& status, const std::string& name);

  // The path, or "standard input".
  const std::string& name() const { return name_; }
  bool is_stdin() const { return is_stdin_; }
  // The size of a regular file when it was opened (0 for the standard input).
  uint64_t size() const { return size_; }
  uint64_t max_bytes() const { return max_bytes_; }
  // Bytes handed out so far.
  uint64_t bytes_read() const { return read_; }

  // Reads up to n bytes into `out`; 0 at the end. InvalidArgument ("NAME: over
  // the limit of M bytes") as soon as more than max_bytes() have come (never
  // more than one byte past it), IOError when the OS fails the read.
  StatusOr<size_t> Read(char* out, size_t n);
  // Appends the rest of the input to `out`, with the same limit.
  Status ReadAll(std::string* out);
  // Back to the first byte (regular files only), to read the file again.
  Status Rewind();

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

 private:
  InputFile(int fd, bool is_stdin, std::string name, uint64_t size, uint64_t max_bytes, std::string limit_name)
      : fd_(fd), is_stdin_(is_stdin), name_(std::move(name)), size_(size), max_bytes_(max_bytes),
        limit_name_(std::move(limit_name)) {}
  Status OverLimit() const;

  int fd_ = -1;
  bool is_stdin_ = false;  // fd_ is the process's, not closed here
  std::string name_;
  uint64_t size_ = 0;
  uint64_t max_bytes_ = 0;
  std::string limit_name_;
  uint64_t read_ = 0;
};

// Reads the whole of `path` (or the standard input, as InputFile::Open
// allows) into a string, at most `max_bytes` of it.
StatusOr<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes, bool allow_stdin = false);

// A buffered reader over an InputFile (or bytes in memory) for parsers that
// go line by line or byte by byte. Memory: its buffer (64 KiB) and the
// current line, whatever the input holds.
class InputReader {
 public:
  explicit InputReader(InputFile* file, size_t buffer_bytes = 64 * 1024);
  explicit InputReader(std::string_view bytes);

  enum class Line {
    kLine,     // a line, without its '\n' (a '\r' before it stays)
    kTooLong,  // a line of more than max_line_bytes: `*line` holds its first
               // max_line_bytes bytes only, the rest was skipped unread
    kEnd,      // no more input
  };
  // The next line. A read error or the file's limit ends the input: Next
  // then returns kEnd and status() says why.
  Line NextLine(size_t max_line_bytes, std::string* line);
  // 1-based number of the line NextLine returned last.
  uint64_t line_number() const { return line_number_; }

  // Byte access: whether the input is over, whether a byte lies `ahead` bytes
  // on, that byte ('\0' past the end) and moving on.
  bool AtEnd() { return !Ensure(1); }
  bool Has(size_t ahead) { return Ensure(ahead + 1); }
  char Peek(size_t ahead = 0) { return Ensure(ahead + 1) ? buffer_[pos_ + ahead] : '\0'; }
  void Advance(size_t n = 1) { pos_ += std::min(n, end_ - pos_); }

  // Ok, or the read error / limit that ended the input early.
  const Status& status() const { return status_; }

 private:
  // True when at least n bytes are buffered after pos_ (reading more if needed).
  bool Ensure(size_t n) { return end_ - pos_ >= n || Refill(n); }
  bool Refill(size_t n);

  InputFile* file_ = nullptr;
  std::string storage_;  // the buffer, when reading a file
  const char* buffer_ = nullptr;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  Status status_;
};

// Checks UTF-8 over pieces of one text, as FindInvalidUtf8 checks it whole:
// a sequence cut between two pieces is judged once the next one comes.
class Utf8Checker {
 public:
  // Feeds the next piece; false once an invalid sequence was seen.
  bool Add(std::string_view piece);
  // After the last piece: false if the text ended inside a sequence.
  bool Finish();
  // Byte offset of the first invalid sequence (valid after a false).
  uint64_t invalid_at() const { return invalid_at_; }

 private:
  uint64_t offset_ = 0;      // bytes before pending_
  std::string pending_;      // an incomplete sequence at the end of the last piece
  bool bad_ = false;
  uint64_t invalid_at_ = 0;
};

}  // namespace parallax
