#include "parallax/file_format.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <utility>

#include "parallax/bytes.h"

namespace parallax {
namespace {

constexpr std::string_view kDamagedHint = "the file is damaged";

std::string ErrnoText(int err) { return std::strerror(err); }

// Closes the descriptor on scope exit so that every error path releases it.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Gives up ownership without closing.
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Writes all of `data`, retrying partial writes and EINTR. Returns 0 or errno.
int WriteAll(int fd, std::string_view data) {
  constexpr size_t kMaxChunk = size_t{1} << 30;  // Linux caps one write near 2 GiB
  if (int err = InjectedWriteError(data.size()); err != 0) return err;
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), std::min(data.size(), kMaxChunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Reads up to `n` bytes into `buf`, stopping early only at end of file.
// Returns the byte count, or -1 with errno set.
ssize_t ReadFull(int fd, char* buf, size_t n) {
  constexpr size_t kMaxChunk = size_t{1} << 30;
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, buf + got, std::min(n - got, kMaxChunk));
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(got);
}

std::string EncodeHeader(uint32_t kind, uint32_t version, uint64_t payload_size, uint32_t payload_crc) {
  ByteWriter w;
  w.PutBytes(kFileMagic.data(), kFileMagic.size());
  w.PutU32(kind);
  w.PutU32(version);
  w.PutU64(payload_size);
  w.PutU32(payload_crc);
  w.PutU32(Crc32c(w.data()));  // covers bytes 0..27
  return w.Release();
}

// The rename is durable only once the directory entry is on disk. Best effort:
// some file systems refuse fsync on directories, and the data itself is safe.
void SyncParentDirectory(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

namespace {
int64_t EnvCount(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::strtoll(value, nullptr, 10) : -1;
}
}  // namespace

void CrashPoint() {
  static const int64_t crash_at = EnvCount("PARALLAX_TEST_CRASH_AT");
  static std::atomic<int64_t> reached{0};
  if (crash_at > 0 && ++reached == crash_at) ::kill(::getpid(), SIGKILL);
}

int InjectedWriteError(size_t bytes) {
  static const int64_t budget = EnvCount("PARALLAX_TEST_DISK_FULL_AFTER");
  static std::atomic<int64_t> written{0};
  if (budget < 0) return 0;
  return (written += static_cast<int64_t>(bytes)) > budget ? ENOSPC : 0;
}

std::string FourCCToString(uint32_t kind) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    const char c = static_cast<char>((kind >> (8 * i)) & 0xFF);
    if (c < 0x20 || c > 0x7E) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%08x", kind);
      return hex;
    }
    s.push_back(c);
  }
  return s;
}

namespace {

std::filesystem::path TempPath(const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  return tmp;
}

// fsyncs and closes `fd` (a complete temporary file), renames it over `path`
// and fsyncs the directory. Removes the temporary file on failure.
Status SyncAndRename(int fd, const std::filesystem::path& tmp, const std::filesystem::path& path) {
  auto fail = [&](const char* what, int err) {
    ::unlink(tmp.c_str());
    return Status::IOError(std::string(what) + " " + path.string() + ": " + ErrnoText(err));
  };
  CrashPoint();
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return fail("cannot sync", err);
  }
  if (::close(fd) != 0) return fail("cannot write", errno);  // close can report a deferred write error
  CrashPoint();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IOError("cannot rename " + tmp.string() + " to " + path.string() + ": " + ErrnoText(err));
  }
  CrashPoint();
  SyncParentDirectory(path);
  return Status::Ok();
}

int CreateTemp(const std::filesystem::path& tmp) {
  return ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

Status CannotCreate(const std::filesystem::path& tmp, const std::filesystem::path& path) {
  return Status::IOError("cannot create " + tmp.string() + " (to write " + path.string() + "): " + ErrnoText(errno));
}

// Writes the parts to "<path>.tmp.<pid>", fsyncs, renames over `path`, fsyncs
// the directory: a crash leaves the old file or the whole new one.
Status WritePartsAtomic(const std::filesystem::path& path, std::initializer_list<std::string_view> parts) {
  const std::filesystem::path tmp = TempPath(path);
  const int fd = CreateTemp(tmp);
  if (fd < 0) return CannotCreate(tmp, path);
  for (std::string_view part : parts) {
    if (int err = WriteAll(fd, part); err != 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::IOError("cannot write " + path.string() + ": " + ErrnoText(err));
    }
  }
  return SyncAndRename(fd, tmp, path);
}

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, uint32_t kind, uint32_t version,
                       std::string_view payload) {
  const std::string header = EncodeHeader(kind, version, payload.size(), Crc32c(payload));
  return WritePartsAtomic(path, {header, payload});
}

Status WriteTextFileAtomic(const std::filesystem::path& path, std::string_view text) {
  return WritePartsAtomic(path, {text});
}

// ---------------------------------------------------------------- FileWriter

namespace {
constexpr size_t kStreamChunk = size_t{1} << 20;  // large enough for few syscalls, small beside the data
}  // namespace

FileWriter::FileWriter(std::filesystem::path path, std::filesystem::path tmp, int fd, uint32_t kind,
                       uint32_t version)
    : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd), kind_(kind), version_(version) {}

FileWriter::FileWriter(FileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      tmp_(std::move(other.tmp_)),
      fd_(std::exchange(other.fd_, -1)),
      kind_(other.kind_),
      version_(other.version_),
      size_(other.size_),
      crc_(other.crc_),
      buffer_(std::move(other.buffer_)) {}

FileWriter::~FileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

StatusOr<FileWriter> FileWriter::Create(const std::filesystem::path& path, uint32_t kind, uint32_t version) {
  std::filesystem::path tmp = TempPath(path);
  const int fd = CreateTemp(tmp);
  if (fd < 0) return CannotCreate(tmp, path);
  FileWriter w(path, std::move(tmp), fd, kind, version);
  // Room for the header, written by Commit once size and CRC are known.
  w.buffer_.assign(kFileHeaderSize, '\0');
  return w;
}

Status FileWriter::Fail(const char* what, int err) {
  ::close(fd_);
  fd_ = -1;
  ::unlink(tmp_.c_str());
  return Status::IOError(std::string(what) + " " + path_.string() + ": " + ErrnoText(err));
}

Status FileWriter::Flush() {
  if (int err = WriteAll(fd_, buffer_); err != 0) return Fail("cannot write", err);
  buffer_.clear();
  return Status::Ok();
}

Status FileWriter::Append(std::string_view bytes) {
  if (fd_ < 0) return Status::IOError("cannot write " + path_.string() + ": the writer has failed or is committed");
  size_ += bytes.size();
  crc_ = Crc32c(bytes, crc_);
  if (buffer_.size() + bytes.size() > kStreamChunk) {
    PARALLAX_RETURN_IF_ERROR(Flush());
    if (bytes.size() >= kStreamChunk) {  // large pieces go straight through
      if (int err = WriteAll(fd_, bytes); err != 0) return Fail("cannot write", err);
      return Status::Ok();
    }
  }
  buffer_.append(bytes);
  return Status::Ok();
}

Status FileWriter::Commit() {
  if (fd_ < 0) return Status::IOError("cannot write " + path_.string() + ": the writer has failed or is committed");
  PARALLAX_RETURN_IF_ERROR(Flush());
  buffer_.shrink_to_fit();
  const std::string header = EncodeHeader(kind_, version_, size_, crc_);
  for (size_t done = 0; done < header.size();) {
    const ssize_t n = ::pwrite(fd_, header.data() + done, header.size() - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("cannot write", errno);
    }
    done += static_cast<size_t>(n);
  }
  const int fd = std::exchange(fd_, -1);
  return SyncAndRename(fd, tmp_, path_);
}

// ---------------------------------------------------------------- FileReader

FileReader::FileReader(std::string name, int fd, uint32_t version, uint64_t payload_size, uint32_t crc)
    : name_(std::move(name)), fd_(fd), version_(version), payload_size_(payload_size), expected_crc_(crc) {}

FileReader::FileReader(FileReader&& other) noexcept
    : name_(std::move(other.name_)),
      fd_(std::exchange(other.fd_, -1)),
      version_(other.version_),
      payload_size_(other.payload_size_),
      expected_crc_(other.expected_crc_),
      crc_(other.crc_),
      consumed_(other.consumed_),
      buffer_(std::move(other.buffer_)),
      buffer_pos_(other.buffer_pos_),
      buffer_end_(other.buffer_end_) {}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

StatusOr<FileReader> FileReader::Open(const std::filesystem::path& path, uint32_t expected_kind,
                                      uint32_t max_supported_version) {
  const std::string name = path.string();
  // O_NONBLOCK until the file is known to be regular: a FIFO given as a
  // model would otherwise block the open until something writes to it.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return Status::NotFound(name + ": no such file");
    return Status::IOError("cannot open " + name + ": " + ErrnoText(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Status::IOError("cannot stat " + name + ": " + ErrnoText(errno));
  if (S_ISDIR(st.st_mode)) return Status::IOError("cannot read " + name + ": it is a directory");
  if (!S_ISREG(st.st_mode)) {
    return Status::IOError("cannot read " + name + ": it is " +
                           (S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)" : S_ISSOCK(st.st_mode) ? "a socket" : "a device") +
                           ", not a regular file");
  }
  if (const int flags = ::fcntl(fd.get(), F_GETFL); flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return Status::IOError("cannot read " + name + ": " + ErrnoText(errno));
  }

  char header[kFileHeaderSize];
  const ssize_t got = ReadFull(fd.get(), header, sizeof header);
  if (got < 0) return Status::IOError("cannot read " + name + ": " + ErrnoText(errno));
  if (static_cast<size_t>(got) < kFileHeaderSize) {
    return Status::Corruption(name + ": too short to be a parallax file (" + std::to_string(got) +
                              " bytes; the header alone is " + std::to_string(kFileHeaderSize) + ")");
  }
  const std::string_view header_view(header, sizeof header);
  if (header_view.substr(0, kFileMagic.size()) != kFileMagic) {
    return Status::Corruption(name + ": not a parallax file");
  }
  ByteReader r(header_view.substr(kFileMagic.size()));
  uint32_t kind = 0, version = 0, payload_crc = 0, header_crc = 0;
  uint64_t payload_size = 0;
  // Cannot fail: the 24 bytes after the magic are present.
  (void)r.GetU32(&kind);
  (void)r.GetU32(&version);
  (void)r.GetU64(&payload_size);
  (void)r.GetU32(&payload_crc);
  (void)r.GetU32(&header_crc);
  if (Crc32c(header_view.substr(0, 28)) != header_crc) {
    return Status::Corruption(name + ": header checksum mismatch: " + std::string(kDamagedHint));
  }
  if (kind != expected_kind) {
    return Status::Corruption(name + ": is a " + FourCCToString(kind) + " file, expected " +
                              FourCCToString(expected_kind));
  }
  if (version > max_supported_version) {
    return Status::Corruption(name + ": written by a newer parallax (format " + std::to_string(version) +
                              ", this build reads up to " + std::to_string(max_supported_version) +
                              "): upgrade parallax");
  }
  // Check the size before anyone allocates what the header claims.
  {
    const uint64_t present = static_cast<uint64_t>(st.st_size) - kFileHeaderSize;
    if (present < payload_size) {
      return Status::Corruption(name + ": truncated: the header promises " + std::to_string(payload_size) +
                                " payload bytes but only " + std::to_string(present) + " are present");
    }
    if (present > payload_size) {
      return Status::Corruption(name + ": " + std::to_string(present - payload_size) +
                                " unexpected trailing bytes after the " + std::to_string(payload_size) +
                                "-byte payload");
    }
  }
  FileReader reader(name, fd.get(), version, payload_size, payload_crc);
  (void)fd.Release();
  return reader;
}

Status FileReader::Fill() {
  const uint64_t left = payload_size_ - consumed_;
  const size_t want = static_cast<size_t>(std::min<uint64_t>(left, kStreamChunk));
  if (buffer_.size() < want) buffer_.resize(want);
  const ssize_t got = ReadFull(fd_, buffer_.data(), want);
  if (got < 0) return Status::IOError("cannot read " + name_ + ": " + ErrnoText(errno));
  if (static_cast<size_t>(got) < want) {
    return Status::Corruption(name_ + ": truncated: the header promises " + std::to_string(payload_size_) +
                              " payload bytes but only " + std::to_string(consumed_ + got) + " are present");
  }
  crc_ = Crc32c(std::string_view(buffer_.data(), want), crc_);
  buffer_pos_ = 0;
  buffer_end_ = want;
  return Status::Ok();
}

Status FileReader::Read(void* out, size_t n) {
  if (n > remaining()) {
    return Status::Corruption(name_ + ": truncated payload: need " + std::to_string(n) + " bytes at offset " +
                              std::to_string(consumed_) + ", " + std::to_string(remaining()) + " left");
  }
  char* dst = static_cast<char*>(out);
  while (n > 0) {
    if (buffer_pos_ == buffer_end_) PARALLAX_RETURN_IF_ERROR(Fill());
    const size_t take = std::min(n, buffer_end_ - buffer_pos_);
    std::memcpy(dst, buffer_.data() + buffer_pos_, take);
    buffer_pos_ += take;
    consumed_ += take;
    dst += take;
    n -= take;
  }
  return Status::Ok();
}

Status FileReader::Finish() {
  if (remaining() > 0) {
    return Status::Corruption(name_ + ": " + std::to_string(remaining()) + " payload bytes left unread");
  }
  char extra;
  const ssize_t more = ReadFull(fd_, &extra, 1);
  if (more < 0) return Status::IOError("cannot read " + name_ + ": " + ErrnoText(errno));
  if (more > 0) return Status::Corruption(name_ + ": unexpected trailing bytes after the payload");
  if (crc_ != expected_crc_) return Status::Corruption(name_ + ": checksum mismatch: " + std::string(kDamagedHint));
  return Status::Ok();
}

// ---------------------------------------------------------------- whole files

StatusOr<StoredFile> ReadCheckedFile(const std::filesystem::path& path, uint32_t expected_kind,
                                     uint32_t max_supported_version) {
  auto reader = FileReader::Open(path, expected_kind, max_supported_version);
  if (!reader.ok()) return reader.status();
  StoredFile out;
  out.version = reader->version();
  try {
    out.payload.resize(reader->payload_size());
  } catch (const std::exception&) {  // length_error / bad_alloc: no exception leaves the engine
    return Status::Corruption(path.string() + ": payload size " + std::to_string(reader->payload_size()) +
                              " is implausible");
  }
  PARALLAX_RETURN_IF_ERROR(reader->Read(out.payload.data(), out.payload.size()));
  PARALLAX_RETURN_IF_ERROR(reader->Finish());
  return out;
}

}  // namespace parallax
