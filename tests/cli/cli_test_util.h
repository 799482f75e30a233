// Small helpers shared by the end-to-end CLI tests: files, folder snapshots,
// JSON lines and UTF-8 offsets.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace parallax::cli_test {

inline std::string SourceDir() { return PARALLAX_SOURCE_DIR; }

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
inline std::string CorpusDir() { return SourceDir() + "/data/corpus"; }

// The whole file, byte for byte ("" when it cannot be read).
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The file of `role` ("articles.plx") in a collection's current generation
// ("DB/articles.3.plx"; "DB/articles.plx" in one written before generations).
inline std::string CollectionFile(const std::string& db, const std::string& role) {
  const auto manifest = nlohmann::json::parse(ReadFile(db + "/manifest.json"), nullptr, false);
  const uint64_t generation = manifest.is_object() ? manifest.value("generation", uint64_t{0}) : 0;
  if (generation == 0) return db + "/" + role;
  return db + "/" + role.substr(0, role.rfind(".plx")) + "." + std::to_string(generation) + ".plx";
}

// Makes `db` a collection as parallax saved it before it kept the file of
// `role` ("words.plx"): that file gone and not in the manifest, which is of
// version 1 (no generations, no checksum).
inline void AsSavedBefore(const std::string& db, const std::string& role) {
  nlohmann::json manifest = nlohmann::json::parse(ReadFile(db + "/manifest.json"));
  for (const auto& [name, stamp] : manifest["files"].items()) {
    std::filesystem::rename(CollectionFile(db, name), db + "/" + name);
  }
  std::filesystem::remove(db + "/" + role);
  manifest["files"].erase(role);
  manifest["version"] = 1;
  manifest.erase("generation");
  manifest.erase("checksum");
  std::ofstream(db + "/manifest.json", std::ios::trunc) << manifest.dump(2) << "\n";
}

// Every regular file under `dir` (relative path -> content), a collection's
// lock files aside (LOCK names its last writer): two snapshots are equal when
// nothing was added, removed or rewritten.
inline std::map<std::string, std::string> Snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string relative = std::filesystem::relative(entry.path(), dir).string();
    if (relative == "LOCK" || relative == "READERS") continue;
    files[relative] = entry.is_regular_file() ? ReadFile(entry.path()) : std::string("<dir>");
  }
  return files;
}

inline std::vector<std::string> Names(const std::map<std::string, std::string>& snapshot) {
  std::vector<std::string> names;
  for (const auto& [name, content] : snapshot) names.push_back(name);
  return names;
}

// Inverts every bit of the byte at `offset` of `path`.
inline void FlipByte(const std::filesystem::path& path, size_t offset) {
  std::string data = ReadFile(path);
  ASSERT_LT(offset, data.size()) << path;
  data[offset] = static_cast<char>(~static_cast<unsigned char>(data[offset]));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

// Code points in text[0, byte): the code-point offset of a byte offset.
inline size_t CodepointsBefore(std::string_view text, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte && i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

// True when `byte` is a valid place to cut `text` (not inside a UTF-8 sequence).
inline bool OnCharBoundary(std::string_view text, size_t byte) {
  return byte == text.size() || (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80);
}

// One JSON value per non-empty line; a line that does not parse fails the
// calling test and is left out.
inline std::vector<nlohmann::json> ParseJsonLines(const std::string& out) {
  std::vector<nlohmann::json> values;
  std::istringstream lines(out);
  std::string line;
  size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    nlohmann::json value = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      ADD_FAILURE() << "line " << number << " is not JSON: " << line;
      continue;
    }
    values.push_back(std::move(value));
  }
  return values;
}

inline size_t CountLines(const std::string& out) {
  size_t n = 0;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) n += !line.empty();
  return n;
}

}  // namespace parallax::cli_test
