#include "parallax/shards.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace parallax {

namespace fs = std::filesystem;
using nlohmann::json;

bool ShardedCollection::Exists(const fs::path& dir) { return fs::exists(dir / kManifest); }

StatusOr<ShardedCollection> ShardedCollection::Open(const fs::path& dir) {
  const fs::path path = dir / kManifest;
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound("no sharded collection in " + dir.string() + " (no " + kManifest +
                            "): run `python3 -m parallax_dask index` first");
  }
  const json manifest = json::parse(in, nullptr, /*allow_exceptions=*/false);
  const auto bad = [&](const std::string& why) {
    return Status::Corruption(path.string() + ": " + why + "; index the corpus again with parallax_dask");
  };
  if (manifest.is_discarded() || !manifest.is_object()) return bad("not a JSON object");
  if (manifest.value("version", 0) != 1) return bad("not version 1");
  const auto shards = manifest.find("shards");
  if (shards == manifest.end() || !shards->is_array() || shards->empty()) return bad("no shards listed");
  ShardedCollection c;
  c.dir_ = dir;
  for (const json& shard : *shards) {
    if (!shard.is_object() || !shard.contains("path") || !shard["path"].is_string() || !shard.contains("offset") ||
        !shard["offset"].is_number_unsigned()) {
      return bad("a shard without a path and an offset");
    }
    auto opened = Collection::Open(dir / shard["path"].get<std::string>());
    if (!opened.ok()) return opened.status().WithContext("shard " + shard["path"].get<std::string>());
    if (shard["offset"].get<size_t>() != c.rows_.size()) return bad("shard offsets do not follow the shards' sizes");
    if (opened->size() == 0) continue;
    if (!c.shards_.empty() && opened->model().Serialize() != c.shards_.front().model().Serialize()) {
      return bad("shard " + shard["path"].get<std::string>() + " has another model than the first");
    }
    const auto s = static_cast<uint32_t>(c.shards_.size());
    for (size_t i = 0; i < opened->size(); ++i) {
      if (!c.by_id_.emplace(opened->article(i).id, c.rows_.size()).second) {
        return bad("article '" + opened->article(i).id + "' is in two shards");
      }
      c.rows_.emplace_back(s, static_cast<uint32_t>(i));
    }
    c.shards_.push_back(std::move(opened).value());
  }
  if (c.shards_.empty()) return bad("every shard is empty");
  return c;
}

const Article& ShardedCollection::article(size_t row) const {
  return shards_[rows_[row].first].article(rows_[row].second);
}
AnalyzedText ShardedCollection::analysis(size_t row) const {
  return shards_[rows_[row].first].analysis(rows_[row].second);
}
const CompactVector& ShardedCollection::vector(size_t row) const {
  return shards_[rows_[row].first].vector(rows_[row].second);
}
std::optional<size_t> ShardedCollection::Find(const std::string& id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? std::nullopt : std::optional<size_t>(it->second);
}
std::string ShardedCollection::name() const {
  return (dir_.filename().empty() ? dir_.parent_path() : dir_).filename().string();
}

}  // namespace parallax
