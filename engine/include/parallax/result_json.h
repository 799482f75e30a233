// The JSON form of results, one home for every command and report: a pair
// printed by `pairs --json`, `compare --json` or inside a report is the same
// object (nlohmann::json, header-only, is part of this contract).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <vector>

#include "parallax/article.h"
#include "parallax/article_store.h"
#include "parallax/status.h"
#include "parallax/match.h"
#include "parallax/stories.h"

namespace parallax {

// x rounded to 4 decimals: the precision every printed score has.
double Round4(double x);
// The same, or null for a score that was not computed.
nlohmann::json Round4OrNull(std::optional<float> x);

// {"id", "title", "outlet", "url", "date", "lang"}: fields that are empty are left out.
nlohmann::json ArticleRef(const Article& article);

// Relation and numbers of a compared pair, and (with `passages`) the
// passages with code-point and byte offsets into both texts.
nlohmann::json ComparisonJson(const Article& a, const Article& b, const Comparison& c, bool passages);
// A pair FindPairs listed (articles `a` and `b` of rows pair.a and pair.b),
// as `pairs --json` prints it: ComparisonJson, and on the pair of a reprint
// and its group's source "duplicate_of": the source's id (a's or b's).
nlohmann::json PairJson(const Article& a, const Article& b, const ArticlePair& pair, bool passages);
// The comparison a ComparisonJson object with passages describes (figures
// as rounded there; word figures unset), for its articles a and b.
// InvalidArgument, saying what, for an object that is not one.
StatusOr<Comparison> ComparisonFromJson(const nlohmann::json& j, const Article& a, const Article& b);
// The pairs a file of such objects lists (pairs.jsonl of a sharded
// collection), their articles found in `store` by id, in the file's order;
// with "duplicate_of" (PairJson), ArticlePair::duplicate_of.
StatusOr<std::vector<ArticlePair>> ReadPairsJsonl(const ArticleStore& store, const std::filesystem::path& path);
// What `compare --json` prints: ComparisonJson with passages, the word
// figures (containment_a, containment_b, word_similarity: null when not
// computed) and "translated" (the share translation is classified on).
nlohmann::json CompareJson(const Article& a, const Article& b, const Comparison& c);
// A row of `score --json`: {"id", "similarity", "reuse_a", "reuse_b",
// "relation", "containment_a", "containment_b", "word_similarity"}.
nlohmann::json ScoreRowJson(const std::string& id, const Comparison& c);

// A story: {"id", "label", "title", "first_date", "last_date", "outlets",
// "articles": [{"id", "outlet", "date", "title"}], "reuse": [{"a", "b",
// "relation", "source", "reuse_a", "reuse_b"}]}; `pairs` are those the story
// was found from.
nlohmann::json StoryJson(const ArticleStore& collection, const std::vector<ArticlePair>& pairs, const Story& story);

}  // namespace parallax
