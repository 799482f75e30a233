#include "parallax/result_json.h"

#include <cmath>

#include "parallax/utf8.h"

namespace parallax {

double Round4(double x) { return std::round(x * 10000.0) / 10000.0; }

nlohmann::json Round4OrNull(std::optional<float> x) { return x ? nlohmann::json(Round4(*x)) : nlohmann::json(); }

nlohmann::json ArticleRef(const Article& a) {
  nlohmann::json j = {{"id", a.id}};
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (!a.url.empty()) j["url"] = a.url;
  if (!a.date.empty()) j["date"] = a.date;
  if (!a.lang.empty()) j["lang"] = a.lang;  // across languages, similarity counts what both can share
  return j;
}

namespace {

nlohmann::json SourceId(const Article& a, const Article& b, Source source) {
  return source == Source::kA ? nlohmann::json(a.id) : source == Source::kB ? nlohmann::json(b.id) : nlohmann::json();
}

}  // namespace

nlohmann::json ComparisonJson(const Article& a, const Article& b, const Comparison& c, bool passages) {
  nlohmann::json j = {
      {"a", ArticleRef(a)},
      {"b", ArticleRef(b)},
      {"similarity", Round4(c.similarity)},
      {"reuse_a", Round4(c.reuse_a)},
      {"reuse_b", Round4(c.reuse_b)},
      {"relation", RelationName(c.relation)},
      {"source", SourceId(a, b, c.source)},
  };
  if (passages) {
    const CodepointMap map_a(a.text), map_b(b.text);
    nlohmann::json list = nlohmann::json::array();
    for (const Passage& p : c.passages) {
      list.push_back({
          {"a_start", map_a.ToCodepoint(p.a.begin)},
          {"a_end", map_a.ToCodepoint(p.a.end)},
          {"b_start", map_b.ToCodepoint(p.b.begin)},
          {"b_end", map_b.ToCodepoint(p.b.end)},
          {"a_byte_start", p.a.begin},
          {"a_byte_end", p.a.end},
          {"b_byte_start", p.b.begin},
          {"b_byte_end", p.b.end},
          {"kind", PassageKindName(p.kind)},
          {"score", Round4(p.score)},
      });
    }
    j["passages"] = std::move(list);
  }
  return j;
}

nlohmann::json PairJson(const Article& a, const Article& b, const ArticlePair& pair, bool passages) {
  nlohmann::json j = ComparisonJson(a, b, pair.comparison, passages);
  if (pair.duplicate_of) j["duplicate_of"] = *pair.duplicate_of == pair.a ? a.id : b.id;
  return j;
}

nlohmann::json CompareJson(const Article& a, const Article& b, const Comparison& c) {
  nlohmann::json j = ComparisonJson(a, b, c, true);
  j["containment_a"] = Round4(c.containment_a);
  j["containment_b"] = Round4(c.containment_b);
  j["word_similarity"] = Round4OrNull(c.word_similarity);
  return j;
}

nlohmann::json ScoreRowJson(const std::string& id, const Comparison& c) {
  return {{"id", id},
          {"similarity", Round4(c.similarity)},
          {"reuse_a", Round4(c.reuse_a)},
          {"reuse_b", Round4(c.reuse_b)},
          {"relation", RelationName(c.relation)},
          {"containment_a", Round4(c.containment_a)},
          {"containment_b", Round4(c.containment_b)},
          {"word_similarity", Round4OrNull(c.word_similarity)}};
}

nlohmann::json StoryJson(const Collection& collection, const std::vector<ArticlePair>& pairs, const Story& story) {
  const Article& first = collection.article(story.articles.front());
  nlohmann::json outlets = nlohmann::json::array();
  for (const OutletCount& o : story.outlets) outlets.push_back({{"outlet", o.outlet}, {"articles", o.articles}});
  nlohmann::json articles = nlohmann::json::array();
  for (size_t row : story.articles) {
    const Article& a = collection.article(row);
    nlohmann::json j = {{"id", a.id}};
    if (!a.outlet.empty()) j["outlet"] = a.outlet;
    if (!a.date.empty()) j["date"] = a.date;
    if (!a.title.empty()) j["title"] = a.title;
    articles.push_back(std::move(j));
  }
  nlohmann::json reuse = nlohmann::json::array();
  for (size_t p : story.reuse) {
    const Article& a = collection.article(pairs[p].a);
    const Article& b = collection.article(pairs[p].b);
    const Comparison& c = pairs[p].comparison;
    reuse.push_back({{"a", a.id},
                     {"b", b.id},
                     {"relation", RelationName(c.relation)},
                     {"source", SourceId(a, b, c.source)},
                     {"reuse_a", Round4(c.reuse_a)},
                     {"reuse_b", Round4(c.reuse_b)}});
  }
  auto date = [](const std::string& d) { return d.empty() ? nlohmann::json() : nlohmann::json(d); };
  return {{"id", story.id},
          {"label", story.label},
          {"title", first.title},
          {"first_date", date(story.first_date)},
          {"last_date", date(story.last_date)},
          {"outlets", std::move(outlets)},
          {"articles", std::move(articles)},
          {"reuse", std::move(reuse)}};
}

}  // namespace parallax
