// The envelope of every file parallax stores: a fixed 32-byte little-endian
// header that lets a reader reject a foreign, damaged, truncated or too-new
// file with a clear message before decoding any of it.
//
//   offset  size  field
//        0     8  magic "PARALLAX"
//        8     4  kind (a FourCC such as 'ARTS', 'MODL', 'VIDX')
//       12     4  format_version
//       16     8  payload_size
//       24     4  payload_crc32c
//       28     4  header_crc32c (CRC-32C of bytes 0..27)
//       32     -  payload
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "parallax/status.h"

namespace parallax {

inline constexpr size_t kFileHeaderSize = 32;
inline constexpr std::string_view kFileMagic = "PARALLAX";

// FourCC("ARTS"): the four characters packed so that they appear in that order
// in the little-endian file (first character in the low byte).
constexpr uint32_t FourCC(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
         static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24;
}

// "ARTS" for FourCC("ARTS"); "0x1234abcd" when a byte is not printable ASCII.
std::string FourCCToString(uint32_t kind);

// Test hooks for the crash and full-disk tests, read once from the
// environment; never set in normal use.
//   PARALLAX_TEST_CRASH_AT=N: the N-th CrashPoint() of the process kills it
//     (SIGKILL), as a power cut or `kill -9` would at that step.
//   PARALLAX_TEST_DISK_FULL_AFTER=N: writes fail with ENOSPC once N bytes
//     were written, as on a full disk.
void CrashPoint();
// 0, or ENOSPC when `bytes` more would go past PARALLAX_TEST_DISK_FULL_AFTER.
int InjectedWriteError(size_t bytes);

// Writes header + payload to "<path>.tmp.<pid>", fsyncs it, renames it over
// `path` and fsyncs the directory, so a crash leaves either the old file or
// the complete new one. IOError (naming the path and the OS error) on failure;
// the temporary file is removed. Writers of the same path within one process
// share the temporary name, so the caller must not run them concurrently.
Status WriteFileAtomic(const std::filesystem::path& path, uint32_t kind, uint32_t version,
                       std::string_view payload);

// The same atomic write for a plain file without header (a human-readable
// manifest, say).
Status WriteTextFileAtomic(const std::filesystem::path& path, std::string_view text);

// WriteFileAtomic for a payload produced in pieces, so that it never exists
// whole in memory: the pieces go to the temporary file as they come, and
// Commit() fills in the header (size and CRC-32C are known only then),
// fsyncs and renames. Destroying an uncommitted writer removes the temporary
// file, leaving any previous `path` untouched.
class FileWriter {
 public:
  // IOError if the temporary file cannot be created.
  static StatusOr<FileWriter> Create(const std::filesystem::path& path, uint32_t kind, uint32_t version);
  Status Append(std::string_view bytes);
  Status Commit();

  FileWriter(FileWriter&& other) noexcept;
  FileWriter& operator=(FileWriter&&) = delete;
  FileWriter(const FileWriter&) = delete;
  ~FileWriter();

 private:
  FileWriter(std::filesystem::path path, std::filesystem::path tmp, int fd, uint32_t kind, uint32_t version);
  Status Flush();
  Status Fail(const char* what, int err);

  std::filesystem::path path_, tmp_;
  int fd_ = -1;
  uint32_t kind_, version_;
  uint64_t size_ = 0;
  uint32_t crc_ = 0;
  std::string buffer_;  // pieces are gathered into large writes
};

// Reads a file written by WriteFileAtomic or FileWriter in pieces, so that the
// payload never has to exist whole in memory. Open() makes every check
// ReadCheckedFile makes before reading the payload (header, kind, version,
// size); the payload checksum can only be known once every byte went by, so
// the caller must call Finish() and distrust what it read until it is Ok.
class FileReader {
 public:
  static StatusOr<FileReader> Open(const std::filesystem::path& path, uint32_t expected_kind,
                                   uint32_t max_supported_version);
  uint32_t version() const { return version_; }
  uint64_t payload_size() const { return payload_size_; }
  uint64_t remaining() const { return payload_size_ - consumed_; }
  // Copies the next n payload bytes to `out`; Corruption ("truncated") if
  // fewer than n remain.
  Status Read(void* out, size_t n);
  // Corruption if payload bytes were left unread or the checksum differs.
  Status Finish();

  FileReader(FileReader&& other) noexcept;
  FileReader& operator=(FileReader&&) = delete;
  FileReader(const FileReader&) = delete;
  ~FileReader();

 private:
  FileReader(std::string name, int fd, uint32_t version, uint64_t payload_size, uint32_t crc);
  Status Fill();

  std::string name_;
  int fd_ = -1;
  uint32_t version_;
  uint64_t payload_size_;
  uint32_t expected_crc_;
  uint32_t crc_ = 0;
  uint64_t consumed_ = 0;         // payload bytes handed out
  std::vector<char> buffer_;      // read ahead, already in crc_
  size_t buffer_pos_ = 0, buffer_end_ = 0;
};

struct StoredFile {
  uint32_t version = 0;  // the format version the file was written with
  std::string payload;
};

// Reads and verifies a file written by WriteFileAtomic. NotFound if it does
// not exist; IOError if it cannot be read; Corruption (message names the path)
// if it is too short, not a parallax file, has a damaged header, is of another
// kind, was written by a newer format than `max_supported_version`, is
// truncated or has trailing bytes, or fails its payload checksum.
StatusOr<StoredFile> ReadCheckedFile(const std::filesystem::path& path, uint32_t expected_kind,
                                     uint32_t max_supported_version);

}  // namespace parallax
