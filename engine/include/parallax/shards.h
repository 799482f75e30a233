// The shards of one corpus, indexed on a cluster by parallax_dask (python/),
// read as one corpus. Folder DIR holds shards.json:
//   {"version": 1, "model": "model.plx", "articles": N,
//    "shards": [{"path": "shard-00000", "offset": 0, "articles": n0}, ...]}
// where each shard is an ordinary collection indexed with that one model and
// `offset` numbers its first article in the corpus (the shards in order hold
// the articles in input order), and, once `pairs` ran, pairs.jsonl: the pairs
// as `parallax pairs --json --passages` prints them, strongest first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "parallax/article_store.h"
#include "parallax/collection.h"
#include "parallax/status.h"

namespace parallax {

class ShardedCollection final : public ArticleStore {
 public:
  static constexpr const char* kManifest = "shards.json";
  static constexpr const char* kPairs = "pairs.jsonl";

  static bool Exists(const std::filesystem::path& dir);
  // Opens every shard (all their articles are then in memory). NotFound
  // without a manifest; Corruption for a manifest that does not match the
  // shards it names, or shards of different models.
  static StatusOr<ShardedCollection> Open(const std::filesystem::path& dir);

  size_t size() const override { return rows_.size(); }
  const Article& article(size_t row) const override;
  AnalyzedText analysis(size_t row) const override;
  const CompactVector& vector(size_t row) const override;
  const Model& model() const override { return shards_.front().model(); }
  std::optional<size_t> Find(const std::string& id) const override;
  std::string name() const override;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  ShardedCollection() = default;
  std::filesystem::path dir_;
  std::vector<Collection> shards_;
  std::vector<std::pair<uint32_t, uint32_t>> rows_;  // corpus row -> (shard, row in it)
  std::unordered_map<std::string, size_t> by_id_;
};

}  // namespace parallax
