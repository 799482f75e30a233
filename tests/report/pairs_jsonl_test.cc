// Pairs written as JSON lines and read back (a sharded corpus's pairs.jsonl,
// which `stories` and `report` read): the same pairs, or a clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "match/corpus_collection.h"
#include "parallax/result_json.h"
#include "parallax/shards.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_corpus::CorpusCollection;

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("parallax_pairs_jsonl_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(PairsJsonlTest, EveryPairReadsBackAsItWasWritten) {
  const Collection& c = CorpusCollection();
  auto pairs = FindPairs(c, PairOptions{});
  ASSERT_TRUE(pairs.ok());
  size_t with_passages = 0;
  const fs::path path = TempDir("roundtrip") / "pairs.jsonl";
  {
    std::ofstream out(path);
    for (const ArticlePair& p : *pairs) {
      out << ComparisonJson(c.article(p.a), c.article(p.b), p.comparison, true).dump() << "\n";
      with_passages += !p.comparison.passages.empty();
    }
  }
  ASSERT_GT(with_passages, 3u);
  auto read = ReadPairsJsonl(c, path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), pairs->size());
  for (size_t i = 0; i < pairs->size(); ++i) {
    const ArticlePair& x = (*pairs)[i];
    const ArticlePair& y = (*read)[i];
    EXPECT_EQ(y.a, x.a);
    EXPECT_EQ(y.b, x.b);
    EXPECT_EQ(y.comparison.relation, x.comparison.relation);
    EXPECT_EQ(y.comparison.source, x.comparison.source);
    EXPECT_NEAR(y.comparison.similarity, x.comparison.similarity, 5e-5);
    ASSERT_EQ(y.comparison.passages.size(), x.comparison.passages.size());
    for (size_t k = 0; k < x.comparison.passages.size(); ++k) {
      EXPECT_EQ(y.comparison.passages[k].a.begin, x.comparison.passages[k].a.begin);
      EXPECT_EQ(y.comparison.passages[k].b.end, x.comparison.passages[k].b.end);
      EXPECT_EQ(y.comparison.passages[k].kind, x.comparison.passages[k].kind);
    }
    // Written again, the same line.
    EXPECT_EQ(ComparisonJson(c.article(y.a), c.article(y.b), y.comparison, true),
              ComparisonJson(c.article(x.a), c.article(x.b), x.comparison, true));
  }
  fs::remove_all(path.parent_path());
}

// Every relation and passage kind is written by its name and read back.
TEST(PairsJsonlTest, EveryRelationAndPassageKindReadsBack) {
  const Collection& c = CorpusCollection();
  const Article& a = c.article(0);
  const Article& b = c.article(1);
  for (const Relation relation : {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse,
                                  Relation::kSameEvent, Relation::kRelated, Relation::kUnrelated}) {
    for (const PassageKind kind :
         {PassageKind::kVerbatim, PassageKind::kEdited, PassageKind::kParaphrase, PassageKind::kTranslated}) {
      Comparison written;
      written.relation = relation;
      Passage passage;
      passage.a = {0, 4};
      passage.b = {0, 4};
      passage.kind = kind;
      passage.score = 0.5f;
      written.passages = {passage};
      const json j = ComparisonJson(a, b, written, true);
      EXPECT_EQ(j["relation"], RelationName(relation));
      EXPECT_EQ(j["passages"][0]["kind"], PassageKindName(kind));
      auto read = ComparisonFromJson(j, a, b);
      ASSERT_TRUE(read.ok()) << j.dump() << ": " << read.status().ToString();
      EXPECT_EQ(read->relation, relation) << j.dump();
      ASSERT_EQ(read->passages.size(), 1u);
      EXPECT_EQ(read->passages[0].kind, kind) << j.dump();
    }
  }
}

TEST(PairsJsonlTest, BadLinesSayWhereAndWhat) {
  const Collection& c = CorpusCollection();
  const std::string a = c.article(0).id, b = c.article(1).id;
  const std::string pair = R"({"a":{"id":")" + a + R"("},"b":{"id":")" + b + R"("},"similarity":0.5,)" +
                           R"("reuse_a":0,"reuse_b":0,"relation":"same-event","source":null,"passages":[]})";
  struct Case {
    std::string line, expected;
  };
  const std::string far = R"("passages":[{"a_byte_start":0,"a_byte_end":99999999,"b_byte_start":0,"b_byte_end":1,)"
                          R"("kind":"verbatim","score":1}])";
  const Case cases[] = {
      {"not json", "not a pair"},
      {R"({"a":{"id":"nobody"},"b":{"id":")" + b + R"("}})", "no article 'nobody'"},
      {std::string(pair).replace(pair.find("same-event"), 10, "cousins"), "unknown relation 'cousins'"},
      {std::string(pair).replace(pair.find(R"("passages":[])"), 13, far), "outside its text"},
      {std::string(pair).replace(pair.find(R"(,"passages":[])"), 14, ""), "write it with --passages"},
  };
  const fs::path dir = TempDir("bad");
  for (const Case& k : cases) {
    std::ofstream(dir / "pairs.jsonl") << pair << "\n" << k.line << "\n";
    auto read = ReadPairsJsonl(c, dir / "pairs.jsonl");
    ASSERT_FALSE(read.ok()) << k.line;
    EXPECT_NE(read.status().message().find(k.expected), std::string::npos) << read.status().message();
    EXPECT_NE(read.status().message().find("pairs.jsonl:2"), std::string::npos) << read.status().message();
  }
  fs::remove_all(dir);
}

TEST(ShardedCollectionTest, MissingOrBrokenManifestsAreClearErrors) {
  const fs::path dir = TempDir("shards");
  auto missing = ShardedCollection::Open(dir);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("parallax_dask index"), std::string::npos);
  for (const std::string manifest :
       {std::string("{"), std::string(R"({"version":2,"shards":[]})"), std::string(R"({"version":1,"shards":[]})"),
        std::string(R"({"version":1,"shards":[{"path":"nowhere","offset":0}]})")}) {
    std::ofstream(dir / ShardedCollection::kManifest) << manifest;
    auto opened = ShardedCollection::Open(dir);
    ASSERT_FALSE(opened.ok()) << manifest;
    EXPECT_NE(opened.status().message().find(dir.string()), std::string::npos) << opened.status().message();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace parallax
