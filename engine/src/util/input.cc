#include "parallax/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "parallax/utf8.h"

namespace parallax {

namespace {

constexpr size_t kChunk = 64 * 1024;

std::string LimitSuffix(const std::string& limit_name) {
  return limit_name.empty() ? "" : " (" + limit_name + ")";
}

// What a file that is not a regular file is, for the message.
const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

}  // namespace

StatusOr<InputFile> InputFile::Open(const std::string& path, uint64_t max_bytes, bool allow_stdin,
                                    std::string_view limit_name) {
  if (allow_stdin && path == kStdin) return InputFile(STDIN_FILENO, true, "standard input", 0, max_bytes, std::string(limit_name));
  if (path.empty()) return Status::NotFound("'': no such file");
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": cannot open: " + std::strerror(err));
  }
  InputFile file(fd, false, path, 0, max_bytes, std::string(limit_name));
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::IOError(path + ": cannot read: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + ": a directory, not a file");
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + ": " + KindOf(st.st_mode) + ", not a regular file");
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return Status::IOError(path + ": cannot read: " + std::strerror(errno));
  }
  file.size_ = static_cast<uint64_t>(st.st_size);
  if (file.size_ > max_bytes) {
    return Status::InvalidArgument(path + ": file is " + std::to_string(file.size_) + " bytes, over the limit of " +
                                   std::to_string(max_bytes) + " bytes" + LimitSuffix(file.limit_name_));
  }
  return file;
}

std::string InputFile::Reason(const Status& status, const std::string& name) {
  const std::string& message = status.message();
  const std::string prefix = name + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

Status InputFile::OverLimit() const {
  return Status::InvalidArgument(name_ + ": over the limit of " + std::to_string(max_bytes_) + " bytes" +
                                 LimitSuffix(limit_name_) + (is_stdin_ ? "" : " (it grew while being read)"));
}

StatusOr<size_t> InputFile::Read(char* out, size_t n) {
  if (read_ > max_bytes_) return OverLimit();
  // At most one byte past the limit: enough to know it was passed.
  const size_t want = static_cast<size_t>(std::min<uint64_t>(n, max_bytes_ - read_ + 1));
  if (want == 0) return size_t{0};
  ssize_t got;
  do {
    got = ::read(fd_, out, want);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return Status::IOError(name_ + ": cannot read: " + std::strerror(errno));
  read_ += static_cast<uint64_t>(got);
  if (read_ > max_bytes_) return OverLimit();
  return static_cast<size_t>(got);
}

Status InputFile::ReadAll(std::string* out) {
  if (!is_stdin_) out->reserve(out->size() + static_cast<size_t>(std::min(size_, max_bytes_)));
  char chunk[kChunk];
  while (true) {
    auto got = Read(chunk, sizeof chunk);
    if (!got.ok()) return got.status();
    if (*got == 0) return Status::Ok();
    out->append(chunk, *got);
  }
}

Status InputFile::Rewind() {
  if (is_stdin_ || ::lseek(fd_, 0, SEEK_SET) != 0) {
    return Status::IOError(name_ + ": cannot read it again" + (is_stdin_ ? "" : std::string(": ") + std::strerror(errno)));
  }
  read_ = 0;
  return Status::Ok();
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      is_stdin_(other.is_stdin_),
      name_(std::move(other.name_)),
      size_(other.size_),
      max_bytes_(other.max_bytes_),
      limit_name_(std::move(other.limit_name_)),
      read_(other.read_) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0 && !is_stdin_) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    is_stdin_ = other.is_stdin_;
    name_ = std::move(other.name_);
    size_ = other.size_;
    max_bytes_ = other.max_bytes_;
    limit_name_ = std::move(other.limit_name_);
    read_ = other.read_;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0 && !is_stdin_) ::close(fd_);
}

StatusOr<std::string> ReadInputFile(const std::string& path, uint64_t max_bytes, bool allow_stdin) {
  auto file = InputFile::Open(path, max_bytes, allow_stdin);
  if (!file.ok()) return file.status();
  std::string content;
  PARALLAX_RETURN_IF_ERROR(file->ReadAll(&content));
  return content;
}

// ---------------------------------------------------------------- InputReader

InputReader::InputReader(InputFile* file, size_t buffer_bytes) : file_(file) {
  storage_.resize(std::max<size_t>(buffer_bytes, 16));
  buffer_ = storage_.data();
}

InputReader::InputReader(std::string_view bytes) : buffer_(bytes.data()), end_(bytes.size()), eof_(true) {}

bool InputReader::Refill(size_t n) {
  if (file_ == nullptr || eof_) return false;
  if (n > storage_.size()) storage_.resize(n);
  // Keep the unread bytes, at the front.
  const size_t rest = end_ - pos_;
  std::memmove(storage_.data(), storage_.data() + pos_, rest);
  pos_ = 0;
  end_ = rest;
  while (end_ < n && !eof_) {
    auto got = file_->Read(storage_.data() + end_, storage_.size() - end_);
    if (!got.ok()) {
      status_ = got.status();
      eof_ = true;
    } else if (*got == 0) {
      eof_ = true;
    } else {
      end_ += *got;
    }
  }
  buffer_ = storage_.data();
  return end_ - pos_ >= n;
}

InputReader::Line InputReader::NextLine(size_t max_line_bytes, std::string* line) {
  line->clear();
  if (AtEnd()) return Line::kEnd;
  ++line_number_;
  bool too_long = false;
  while (pos_ < end_ || Ensure(1)) {
    const char* start = buffer_ + pos_;
    const size_t available = end_ - pos_;
    const void* newline = std::memchr(start, '\n', available);
    const size_t take = newline ? static_cast<size_t>(static_cast<const char*>(newline) - start) : available;
    if (!too_long) {
      const size_t room = max_line_bytes - line->size();
      if (take > room) {
        line->append(start, room);
        too_long = true;
      } else {
        line->append(start, take);
      }
    }
    pos_ += take;
    if (newline) {
      ++pos_;
      break;
    }
  }
  return too_long ? Line::kTooLong : Line::kLine;
}

// ---------------------------------------------------------------- Utf8Checker

namespace {

// Bytes of the sequence a lead byte starts; 1 for ASCII and invalid leads.
size_t SequenceLength(unsigned char c) {
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

bool Utf8Checker::Add(std::string_view piece) {
  if (bad_) return false;
  if (!pending_.empty()) {
    const size_t need = SequenceLength(static_cast<unsigned char>(pending_[0]));
    const size_t take = std::min(need - pending_.size(), piece.size());
    pending_.append(piece.substr(0, take));
    piece.remove_prefix(take);
    if (pending_.size() < need) return true;  // still cut: the next piece completes it
    if (FindInvalidUtf8(pending_) != std::string_view::npos) {
      bad_ = true;
      invalid_at_ = offset_;
      return false;
    }
    offset_ += pending_.size();
    pending_.clear();
  }
  // A sequence cut by the end of the piece waits for the next one.
  size_t cut = piece.size();
  for (size_t back = 1; back <= 3 && back <= piece.size(); ++back) {
    const auto c = static_cast<unsigned char>(piece[piece.size() - back]);
    if ((c & 0xC0) == 0x80) continue;
    if (SequenceLength(c) > back) cut = piece.size() - back;
    break;
  }
  if (const size_t bad = FindInvalidUtf8(piece.substr(0, cut)); bad != std::string_view::npos) {
    bad_ = true;
    invalid_at_ = offset_ + bad;
    return false;
  }
  offset_ += cut;
  pending_.assign(piece.substr(cut));
  return true;
}

bool Utf8Checker::Finish() {
  if (bad_) return false;
  if (!pending_.empty()) {
    bad_ = true;
    invalid_at_ = offset_;
  }
  return !bad_;
}

}  // namespace parallax
