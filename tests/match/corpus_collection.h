// The synthetic corpus (test_corpus.h) added to an in-memory collection, built
// once per test binary and shared by the match tests. Nothing is written to
// disk: the collection is never saved.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "parallax/collection.h"
#include "test_corpus.h"

namespace parallax::test_corpus {

inline const Collection& CorpusCollection() {
  static const Collection* collection = [] {
    auto created = Collection::Create(std::filesystem::temp_directory_path() / "parallax_match_tests_unsaved",
                                      CollectionOptions{});
    if (!created.ok()) {
      ADD_FAILURE() << created.status().ToString();
      std::abort();
    }
    auto* c = new Collection(std::move(created).value());
    auto added = c->Add(SyntheticArticles());
    if (!added.ok() || added->added != SyntheticCorpus().size()) {
      ADD_FAILURE() << "adding the synthetic corpus failed: " << added.status().ToString();
      std::abort();
    }
    return c;
  }();
  return *collection;
}

// Collection row of `id`; fails the test (and returns 0) when it is not stored.
inline size_t Row(const std::string& id) {
  auto row = CorpusCollection().Find(id);
  EXPECT_TRUE(row.has_value()) << id;
  return row.value_or(0);
}

}  // namespace parallax::test_corpus
