#include "parallax/file_format.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <initializer_list>

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
  // Closes now and reports the error (close can report a deferred write error).
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Writes all of `data`, retrying partial writes and EINTR. Returns 0 or errno.
int WriteAll(int fd, std::string_view data) {
  constexpr size_t kMaxChunk = size_t{1} << 30;  // Linux caps one write near 2 GiB
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

std::string EncodeHeader(uint32_t kind, uint32_t version, std::string_view payload) {
  ByteWriter w;
  w.PutBytes(kFileMagic.data(), kFileMagic.size());
  w.PutU32(kind);
  w.PutU32(version);
  w.PutU64(payload.size());
  w.PutU32(Crc32c(payload));
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

// Writes the parts to "<path>.tmp.<pid>", fsyncs, renames over `path`, fsyncs
// the directory: a crash leaves the old file or the whole new one.
Status WritePartsAtomic(const std::filesystem::path& path, std::initializer_list<std::string_view> parts) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    return Status::IOError("cannot create " + tmp.string() + " (to write " + path.string() +
                           "): " + ErrnoText(errno));
  }
  auto fail = [&](const char* what, int err) {
    fd.Close();
    ::unlink(tmp.c_str());
    return Status::IOError(std::string(what) + " " + path.string() + ": " + ErrnoText(err));
  };
  for (std::string_view part : parts) {
    if (int err = WriteAll(fd.get(), part); err != 0) return fail("cannot write", err);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot sync", errno);
  if (fd.Close() != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IOError("cannot write " + path.string() + ": " + ErrnoText(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IOError("cannot rename " + tmp.string() + " to " + path.string() + ": " + ErrnoText(err));
  }
  SyncParentDirectory(path);
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, uint32_t kind, uint32_t version,
                       std::string_view payload) {
  const std::string header = EncodeHeader(kind, version, payload);
  return WritePartsAtomic(path, {header, payload});
}

Status WriteTextFileAtomic(const std::filesystem::path& path, std::string_view text) {
  return WritePartsAtomic(path, {text});
}

StatusOr<StoredFile> ReadCheckedFile(const std::filesystem::path& path, uint32_t expected_kind,
                                     uint32_t max_supported_version) {
  const std::string name = path.string();
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return Status::NotFound(name + ": no such file");
    return Status::IOError("cannot open " + name + ": " + ErrnoText(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Status::IOError("cannot stat " + name + ": " + ErrnoText(errno));
  if (S_ISDIR(st.st_mode)) return Status::IOError("cannot read " + name + ": it is a directory");

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
  // For regular files, check the size before allocating what the header claims.
  if (S_ISREG(st.st_mode)) {
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

  StoredFile out;
  out.version = version;
  try {
    out.payload.resize(payload_size);
  } catch (const std::exception&) {  // length_error / bad_alloc: no exception leaves the engine
    return Status::Corruption(name + ": payload size " + std::to_string(payload_size) + " is implausible");
  }
  const ssize_t body = ReadFull(fd.get(), out.payload.data(), out.payload.size());
  if (body < 0) return Status::IOError("cannot read " + name + ": " + ErrnoText(errno));
  if (static_cast<uint64_t>(body) < payload_size) {
    return Status::Corruption(name + ": truncated: the header promises " + std::to_string(payload_size) +
                              " payload bytes but only " + std::to_string(body) + " are present");
  }
  char extra;
  const ssize_t more = ReadFull(fd.get(), &extra, 1);
  if (more < 0) return Status::IOError("cannot read " + name + ": " + ErrnoText(errno));
  if (more > 0) return Status::Corruption(name + ": unexpected trailing bytes after the payload");

  if (Crc32c(out.payload) != payload_crc) {
    return Status::Corruption(name + ": checksum mismatch: " + std::string(kDamagedHint));
  }
  return out;
}

}  // namespace parallax
