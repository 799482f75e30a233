#include "parallax/result_json.h"

#include <cmath>
#include <fstream>
#include <string>
#include <tuple>

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
  if (pair.translation_margin) j["translation_margin"] = Round4(*pair.translation_margin);
  return j;
}

StatusOr<Comparison> ComparisonFromJson(const nlohmann::json& j, const Article& a, const Article& b) {
  const auto bad = [](const std::string& why) { return Status::InvalidArgument("not a pair: " + why); };
  if (!j.is_object()) return bad("not a JSON object");
  Comparison c;
  for (auto [key, out] : {std::pair("similarity", &c.similarity), std::pair("reuse_a", &c.reuse_a),
                          std::pair("reuse_b", &c.reuse_b)}) {
    if (!j.contains(key) || !j[key].is_number()) return bad(std::string("no number '") + key + "'");
    *out = j[key].get<float>();
  }
  const std::string relation = j.value("relation", "");
  bool known = false;
  for (Relation r : {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent,
                     Relation::kRelated, Relation::kUnrelated}) {
    if (relation == RelationName(r)) c.relation = r, known = true;
  }
  if (!known) return bad("unknown relation '" + relation + "'");
  if (const auto source = j.find("source"); source != j.end() && source->is_string()) {
    c.source = *source == a.id ? Source::kA : *source == b.id ? Source::kB : Source::kUnknown;
  }
  const auto passages = j.find("passages");
  if (passages == j.end() || !passages->is_array()) return bad("no passages (write it with --passages)");
  for (const nlohmann::json& p : *passages) {
    Passage passage;
    for (auto [key, out, text] : {std::tuple("a_byte_start", &passage.a.begin, &a.text),
                                  std::tuple("a_byte_end", &passage.a.end, &a.text),
                                  std::tuple("b_byte_start", &passage.b.begin, &b.text),
                                  std::tuple("b_byte_end", &passage.b.end, &b.text)}) {
      if (!p.contains(key) || !p[key].is_number_unsigned() || p[key].get<uint64_t>() > text->size()) {
        return bad(std::string("passage offset '") + key + "' missing or outside its text");
      }
      *out = p[key].get<uint32_t>();
    }
    if (passage.a.begin > passage.a.end || passage.b.begin > passage.b.end) return bad("a passage ends before it starts");
    const std::string kind = p.value("kind", "");
    known = false;
    for (PassageKind k :
         {PassageKind::kVerbatim, PassageKind::kEdited, PassageKind::kParaphrase, PassageKind::kTranslated}) {
      if (kind == PassageKindName(k)) passage.kind = k, known = true;
    }
    if (!known) return bad("unknown passage kind '" + kind + "'");
    passage.score = p.value("score", 0.0f);
    c.passages.push_back(passage);
  }
  return c;
}

StatusOr<std::vector<ArticlePair>> ReadPairsJsonl(const ArticleStore& store, const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path.string() + ": run `python3 -m parallax_dask pairs` first");
  std::vector<ArticlePair> pairs;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    const std::string where = path.string() + ":" + std::to_string(number);
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    std::optional<size_t> rows[2];
    for (int side = 0; side < 2; ++side) {
      const char* key = side == 0 ? "a" : "b";
      if (j.is_object() && j.contains(key) && j[key].is_object() && j[key].contains("id") && j[key]["id"].is_string()) {
        rows[side] = store.Find(j[key]["id"].get<std::string>());
        if (!rows[side]) return Status::NotFound(where + ": no article '" + j[key]["id"].get<std::string>() + "'");
      }
    }
    if (!rows[0] || !rows[1]) return Status::InvalidArgument(where + ": not a pair (no a.id and b.id)");
    auto c = ComparisonFromJson(j, store.article(*rows[0]), store.article(*rows[1]));
    if (!c.ok()) return c.status().WithContext(where);
    ArticlePair pair{*rows[0], *rows[1], std::move(c).value(), std::nullopt, std::nullopt};
    if (const auto margin = j.find("translation_margin"); margin != j.end() && margin->is_number()) {
      pair.translation_margin = margin->get<float>();
    }
    if (const auto source = j.find("duplicate_of"); source != j.end() && source->is_string()) {
      const Article& a = store.article(*rows[0]);
      pair.duplicate_of = *source == a.id ? rows[0] : rows[1];
    }
    pairs.push_back(std::move(pair));
  }
  if (in.bad()) return Status::IOError("reading " + path.string() + " failed");
  return pairs;
}

nlohmann::json CompareJson(const Article& a, const Article& b, const Comparison& c) {
  nlohmann::json j = ComparisonJson(a, b, c, true);
  j["containment_a"] = Round4(c.containment_a);
  j["containment_b"] = Round4(c.containment_b);
  j["word_similarity"] = Round4OrNull(c.word_similarity);
  j["translated"] = Round4(c.translated);
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

nlohmann::json StoryJson(const ArticleStore& collection, const std::vector<ArticlePair>& pairs, const Story& story) {
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
