// The report model and its three renderings, over the synthetic corpus
// (tests/match/test_corpus.h). The page itself is tested in a real browser
// by test_report_page.py; these check what the engine writes.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "match/corpus_collection.h"
#include "match/test_corpus.h"
#include "parallax/report.h"
#include "parallax/result_json.h"

namespace parallax {
namespace {

using nlohmann::json;
using test_corpus::CorpusCollection;
using test_corpus::MakeDoc;

struct Found {
  std::vector<ArticlePair> pairs;
  std::vector<Story> stories;
};

const Found& FoundInCorpus() {
  static const Found* found = [] {
    auto pairs = FindPairs(CorpusCollection(), PairOptions{});
    EXPECT_TRUE(pairs.ok());
    auto* f = new Found{std::move(pairs).value(), {}};
    f->stories = FindStories(CorpusCollection(), f->pairs, RelationThresholds{});
    return f;
  }();
  return *found;
}

json CorpusReport(const ReportOptions& options = {}) {
  const Found& f = FoundInCorpus();
  return json::parse(RenderCollectionReport(CorpusCollection(), f.pairs, f.stories, options, ReportFormat::kJson));
}

bool Reused(const std::string& relation) {
  return relation == "duplicate" || relation == "translation" || relation == "reuse";
}

TEST(ReportJsonTest, PairsAndStoriesAreThoseEveryCommandPrints) {
  const Collection& c = CorpusCollection();
  const Found& f = FoundInCorpus();
  const json r = CorpusReport();
  EXPECT_EQ(r["schema_version"], kReportSchemaVersion);
  EXPECT_EQ(r["kind"], "collection");
  EXPECT_EQ(r["overview"]["articles"], c.size());
  EXPECT_EQ(r["overview"]["pairs"], f.pairs.size());
  EXPECT_EQ(r["overview"]["stories"], f.stories.size());
  ASSERT_EQ(r["pairs"].size(), f.pairs.size());
  for (size_t i = 0; i < f.pairs.size(); ++i) {
    EXPECT_EQ(r["pairs"][i], PairJson(c.article(f.pairs[i].a), c.article(f.pairs[i].b), f.pairs[i], true));
  }
  ASSERT_EQ(r["stories"].size(), f.stories.size());
  for (size_t i = 0; i < f.stories.size(); ++i) EXPECT_EQ(r["stories"][i], StoryJson(c, f.pairs, f.stories[i]));
  size_t counted = 0;
  for (const auto& [relation, n] : r["overview"]["relations"].items()) counted += n.get<size_t>();
  EXPECT_EQ(counted, f.pairs.size());
}

TEST(ReportJsonTest, TextsAreThoseOfReusePairsAndArticlesNameTheirStory) {
  const Collection& c = CorpusCollection();
  const json r = CorpusReport();
  std::set<std::string> reused;
  for (const json& p : r["pairs"]) {
    if (Reused(p["relation"])) reused.insert({p["a"]["id"].get<std::string>(), p["b"]["id"].get<std::string>()});
  }
  ASSERT_FALSE(reused.empty());
  std::set<std::string> texts;
  for (const auto& [id, text] : r["texts"].items()) {
    texts.insert(id);
    EXPECT_EQ(text, c.article(*c.Find(id)).text);
  }
  EXPECT_EQ(texts, reused);
  std::map<std::string, std::string> story_of;
  for (const json& s : r["stories"]) {
    for (const json& a : s["articles"]) story_of[a["id"]] = s["id"];
  }
  for (const json& a : r["articles"]) {
    const auto it = story_of.find(a["id"]);
    if (it == story_of.end()) EXPECT_TRUE(a["story"].is_null()) << a["id"];
    else EXPECT_EQ(a["story"], it->second);
  }
}

TEST(ReportJsonTest, MaxPairsKeepsTheStrongestAndCountsTheRest) {
  ReportOptions options;
  options.max_pairs = 3;
  const json r = CorpusReport(options);
  const json all = CorpusReport();
  ASSERT_GT(all["pairs"].size(), 3u);
  ASSERT_EQ(r["pairs"].size(), 3u);
  EXPECT_EQ(r["overview"]["pairs_shown"], 3);
  EXPECT_EQ(r["overview"]["pairs"], all["pairs"].size());
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r["pairs"][i], all["pairs"][i]);
  EXPECT_EQ(r["outlet_reuse"], all["outlet_reuse"]);  // counts every pair, shown or not
}

TEST(ReportJsonTest, OutletMatrixCountsWhatTheLaterOutletTook) {
  // reuse1 (hillcountry-weekly.com, 22 July) copied a paragraph of e3a
  // (valleytimes.com, 18 July) verbatim: an ASCII paragraph, so its code
  // points are its bytes.
  const json r = CorpusReport();
  bool found = false;
  for (const json& cell : r["outlet_reuse"]) {
    if (cell["source"] == "valleytimes.com" && cell["target"] == "hillcountry-weekly.com") {
      found = true;
      EXPECT_EQ(cell["pairs"], 1);
      EXPECT_EQ(cell["characters"], test_corpus::kCopiedParagraph.size());
    }
  }
  EXPECT_TRUE(found) << r["outlet_reuse"].dump();
}

// A translation shares passages as a reuse does: counted in the overview, in
// the outlet matrix (what the later outlet translated) and among the texts
// shown side by side; its passages are `translated`.
TEST(ReportJsonTest, TranslationsAreListedLikeReuse) {
  const Collection& c = CorpusCollection();
  const size_t fr = *c.Find("e1a"), en = *c.Find("e2a");  // 4 March 2024, 21 September 2023
  const Article& a = c.article(fr);
  const Article& b = c.article(en);
  Comparison t;
  t.relation = Relation::kTranslation;
  t.similarity = 0.3f;
  t.reuse_a = t.reuse_b = t.translated = 1.0f;
  t.source = Source::kB;
  Passage whole;
  whole.a = {0, static_cast<uint32_t>(a.text.size())};
  whole.b = {0, static_cast<uint32_t>(b.text.size())};
  whole.kind = PassageKind::kTranslated;
  whole.score = 0.6f;
  t.passages = {whole};
  const std::vector<ArticlePair> pairs = {{fr, en, t, std::nullopt}};
  const std::vector<Story> no_stories;
  const json r = json::parse(RenderCollectionReport(c, pairs, no_stories, ReportOptions{}, ReportFormat::kJson));
  const json& counts = r["overview"]["relations"];
  EXPECT_EQ(counts, (json{{"duplicate", 0}, {"translation", 1}, {"reuse", 0}, {"same-event", 0}, {"related", 0}}));
  EXPECT_EQ(r["options"]["translation"], 0.5);
  ASSERT_EQ(r["pairs"].size(), 1u);
  EXPECT_EQ(r["pairs"][0]["relation"], "translation");
  EXPECT_EQ(r["pairs"][0]["passages"][0]["kind"], "translated");
  size_t characters = 0;
  for (char ch : a.text) characters += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  EXPECT_EQ(r["outlet_reuse"], (json::array({{{"source", b.outlet}, {"target", a.outlet}, {"pairs", 1},
                                              {"characters", characters}}})));
  EXPECT_EQ(r["overview"]["reuse_unordered"], 0);
  EXPECT_EQ(r["texts"], (json{{a.id, a.text}, {b.id, b.text}}));

  const std::string md = RenderCollectionReport(c, pairs, no_stories, ReportOptions{}, ReportFormat::kMarkdown);
  EXPECT_NE(md.find("| duplicate | 0 |\n| translation | 1 |\n| reuse | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| " + a.outlet + " | " + b.outlet + " | 1 |"), std::string::npos) << md;
}

// Two articles that share a paragraph, one of them hostile.
std::pair<Article, Article> HostilePair() {
  const std::string shared =
      "The harbour authority said on Monday that the new ferry terminal would open in the spring after two years "
      "of works, with berths for four ships and a covered hall for foot passengers.";
  Article a = MakeDoc("calm", "harbour-news.com", "2024-05-01", "en", {"Ferry terminal to open in spring", shared});
  Article b = MakeDoc("hostile", "evil.example", "2024-05-02", "en",
                      {"<script>window.__pwned=1</script> and </textarea>", shared,
                       "\"><img src=x onerror=\"window.__pwned=2\"> & more </script><!--"});
  return {a, b};
}

std::string PairPage(const Article& a, const Article& b, ReportFormat format) {
  auto model = Model::Load(std::string(PARALLAX_SOURCE_DIR) + "/models/default.plx");
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  const Comparison c = Compare(Prepare(*model, a), Prepare(*model, b));
  EXPECT_FALSE(c.passages.empty());
  return RenderPairReport(a, b, c, format);
}

TEST(ReportHtmlTest, OneFileThatLoadsNothingAndRunsNoArticleText) {
  const auto [a, b] = HostilePair();
  const std::string html = PairPage(a, b, ReportFormat::kHtml);
  EXPECT_NE(html.find("http-equiv=\"Content-Security-Policy\""), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  // The hostile text is only ever inside the JSON island, escaped.
  EXPECT_EQ(html.find("<script>window.__pwned"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("</textarea>"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  // No load from anywhere: no src or href with a scheme or a host.
  const std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:|//))", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  // The island holds the texts exactly.
  const std::string open = "<script type=\"application/json\" id=\"parallax-data\">";
  const size_t begin = html.find(open);
  ASSERT_NE(begin, std::string::npos);
  const size_t end = html.find("</script>", begin);
  const json data = json::parse(html.substr(begin + open.size(), end - begin - open.size()));
  EXPECT_EQ(data["kind"], "pair");
  EXPECT_EQ(data["texts"]["hostile"], b.text);
  EXPECT_EQ(data["texts"]["calm"], a.text);
  EXPECT_FALSE(data["pairs"][0]["passages"].empty());
}

TEST(ReportMarkdownTest, SummaryWithStoriesAndTopReuse) {
  const auto [a, b] = HostilePair();
  const std::string pair_md = PairPage(a, b, ReportFormat::kMarkdown);
  EXPECT_NE(pair_md.find("# parallax report"), std::string::npos);
  const Found& f = FoundInCorpus();
  const std::string md =
      RenderCollectionReport(CorpusCollection(), f.pairs, f.stories, ReportOptions{}, ReportFormat::kMarkdown);
  for (const Story& s : f.stories) EXPECT_NE(md.find("(`" + s.id + "`)"), std::string::npos) << s.id;
  EXPECT_NE(md.find("| hillcountry-weekly.com | valleytimes.com | 1 |"), std::string::npos) << md;
}

TEST(ReportFormatTest, ByExtension) {
  EXPECT_EQ(*ReportFormatOf("out/r.html"), ReportFormat::kHtml);
  EXPECT_EQ(*ReportFormatOf("R.HTM"), ReportFormat::kHtml);
  EXPECT_EQ(*ReportFormatOf("r.json"), ReportFormat::kJson);
  EXPECT_EQ(*ReportFormatOf("r.md"), ReportFormat::kMarkdown);
  const auto unknown = ReportFormatOf("r.txt");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find(".html"), std::string::npos);
}

}  // namespace
}  // namespace parallax
