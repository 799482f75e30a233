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
