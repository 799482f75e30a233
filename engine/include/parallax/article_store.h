// ArticleStore: what stories and reports read of a corpus, row by row. A
// Collection is one; the shards of a corpus indexed on a cluster, read
// together, are another (ShardedCollection, shards.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "parallax/article.h"
#include "parallax/model.h"

namespace parallax {

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;
  virtual size_t size() const = 0;
  virtual const Article& article(size_t row) const = 0;
  virtual AnalyzedText analysis(size_t row) const = 0;
  virtual const CompactVector& vector(size_t row) const = 0;
  // One model for every row (Compare and ArticleCosine tell languages apart
  // by the address of their vocabulary in it).
  virtual const Model& model() const = 0;
  virtual std::optional<size_t> Find(const std::string& id) const = 0;
  // What a report is titled by: the folder's name.
  virtual std::string name() const = 0;
};

}  // namespace parallax
