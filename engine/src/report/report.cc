#include "parallax/report.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "parallax/result_json.h"
#include "report/page_assets.h"

namespace parallax {

namespace {

using nlohmann::json;

// The relations the overview counts, strongest first.
constexpr Relation kCounted[] = {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent,
                                 Relation::kRelated};

// Code points of `text` inside the union of `spans`.
size_t CodepointsIn(std::string_view text, std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.begin < y.begin; });
  size_t count = 0;
  uint32_t done = 0;
  for (const Span& s : spans) {
    for (uint32_t i = std::max(s.begin, done); i < s.end; ++i) {
      count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    }
    done = std::max(done, s.end);
  }
  return count;
}

// What every report has: the articles (by row), the related pairs found
// among them (rows into `articles`, strongest first) and the stories.
struct ReportModel {
  const char* kind;
  std::vector<const Article*> articles;
  const std::vector<ArticlePair>& pairs;
  const std::vector<Story>& stories;
  const ArticleStore* collection;  // stories name rows of it; null for a pair
  ReportOptions options;
};

json Overview(const ReportModel& m) {
  std::set<std::string> outlets;
  std::map<std::string, size_t> languages;
  const Article* first = nullptr;
  const Article* last = nullptr;
  for (const Article* a : m.articles) {
    if (!a->outlet.empty()) outlets.insert(a->outlet);
    ++languages[a->lang];
    // As a story's dates: first by the last day a date allows, last by its first day.
    const auto days = ParseDayRange(a->date);
    if (!days) continue;
    const auto by_last = [](const DayRange& d) { return std::pair(d.last, d.first); };
    const auto by_first = [](const DayRange& d) { return std::pair(d.first, d.last); };
    if (first == nullptr || by_last(*days) < by_last(*ParseDayRange(first->date))) first = a;
    if (last == nullptr || by_first(*days) > by_first(*ParseDayRange(last->date))) last = a;
  }
  json relations = json::object();
  for (Relation r : kCounted) relations[RelationName(r)] = 0;
  size_t unordered = 0;
  for (const ArticlePair& p : m.pairs) {
    if (p.comparison.relation == Relation::kUnrelated) continue;
    relations[RelationName(p.comparison.relation)] = relations[RelationName(p.comparison.relation)].get<size_t>() + 1;
    unordered += SharesPassages(p.comparison.relation) && p.comparison.source == Source::kUnknown;
  }
  return {{"articles", m.articles.size()},
          {"outlets", outlets.size()},
          {"languages", languages},
          {"first_date", first ? json(first->date) : json()},
          {"last_date", last ? json(last->date) : json()},
          {"relations", relations},
          {"stories", m.stories.size()},
          {"pairs", m.pairs.size()},
          {"pairs_shown", std::min(m.pairs.size(), m.options.max_pairs)},
          {"reuse_unordered", unordered}};
}

// How much each outlet took from each other one, over every reuse,
// translation and duplicate pair whose order is known.
json OutletReuse(const ReportModel& m) {
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> cells;  // (source, target) -> (pairs, chars)
  for (const ArticlePair& p : m.pairs) {
    const Comparison& c = p.comparison;
    if (!SharesPassages(c.relation) || c.source == Source::kUnknown) continue;
    const bool a_first = c.source == Source::kA;
    const Article& source = *m.articles[a_first ? p.a : p.b];
    const Article& target = *m.articles[a_first ? p.b : p.a];
    std::vector<Span> taken;
    for (const Passage& passage : c.passages) taken.push_back(a_first ? passage.b : passage.a);
    auto& cell = cells[{source.outlet, target.outlet}];
    ++cell.first;
    cell.second += CodepointsIn(target.text, std::move(taken));
  }
  json out = json::array();
  for (const auto& [outlets, counts] : cells) {
    out.push_back({{"source", outlets.first},
                   {"target", outlets.second},
                   {"pairs", counts.first},
                   {"characters", counts.second}});
  }
  return out;
}

// Appends JSON text to a report, one piece at a time: a report of 100,000
// articles is never one tree in memory. For a page every <, > and & is
// written as a JSON escape, so that nothing inside the island (a script
// element) can end it: "</script>" becomes "\u003c/script\u003e".
class JsonOut {
 public:
  JsonOut(std::string* out, bool for_html) : out_(out), for_html_(for_html) {}

  void Raw(std::string_view text) { out_->append(text); }
  void Value(const json& value) {
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!for_html_) return Raw(text);
    for (char ch : text) {
      switch (ch) {
        case '<': out_->append("\\u003c"); break;
        case '>': out_->append("\\u003e"); break;
        case '&': out_->append("\\u0026"); break;
        default: out_->push_back(ch);
      }
    }
  }
  // "name": before a member of the report object (the first one opens it).
  void Member(const char* name) {
    Raw(members_++ ? ",\"" : "{\"");
    Raw(name);
    Raw("\":");
  }
  // A JSON array of count items, each written by item(i).
  template <typename Item>
  void Array(size_t count, Item&& item) {
    Raw("[");
    for (size_t i = 0; i < count; ++i) {
      if (i) Raw(",");
      item(i);
    }
    Raw("]");
  }

 private:
  std::string* out_;
  bool for_html_;
  size_t members_ = 0;
};

// The articles the report names (in a story or a listed pair), each with its
// story's id ("" for none), by date, then id.
std::vector<std::pair<size_t, std::string>> NamedArticles(const ReportModel& m, size_t shown) {
  std::map<size_t, std::string> named;
  for (const Story& s : m.stories) {
    for (size_t row : s.articles) named[row] = s.id;
  }
  for (size_t i = 0; i < shown; ++i) {
    named.emplace(m.pairs[i].a, "");
    named.emplace(m.pairs[i].b, "");
  }
  std::vector<std::pair<size_t, std::string>> rows(named.begin(), named.end());
  auto day = [&](size_t row) {
    const auto d = ParseDayRange(m.articles[row]->date);
    return d ? d->first : INT32_MAX;
  };
  std::sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    const int dx = day(x.first), dy = day(y.first);
    if (dx != dy) return dx < dy;
    return m.articles[x.first]->id < m.articles[y.first]->id;
  });
  return rows;
}

// The report as report.schema.json describes it.
void WriteReportJson(const ReportModel& m, JsonOut* out) {
  const size_t shown = std::min(m.pairs.size(), m.options.max_pairs);
  const RelationThresholds& t = m.options.thresholds;
  out->Member("schema_version");
  out->Value(kReportSchemaVersion);
  out->Member("generator");
  out->Value("parallax " PARALLAX_VERSION);
  out->Member("kind");
  out->Value(m.kind);
  out->Member("overview");
  out->Value(Overview(m));
  out->Member("options");
  out->Value({{"window_days", m.options.stories.window_days},
              {"min_size", m.options.stories.min_size},
              {"link", Round4(StoryLink(m.options.stories, t))},
              {"max_pairs", m.options.max_pairs},
              {"same_event", Round4(t.same_event)},
              {"related", Round4(t.related)},
              {"reuse", Round4(t.reuse)},
              {"duplicate", Round4(t.duplicate_reuse)},
              {"translation", Round4(t.translation)}});
  const auto named = NamedArticles(m, shown);
  out->Member("articles");
  out->Array(named.size(), [&](size_t i) {
    json j = ArticleRef(*m.articles[named[i].first]);
    j["story"] = named[i].second.empty() ? json() : json(named[i].second);
    out->Value(j);
  });
  out->Member("stories");
  out->Array(m.stories.size(), [&](size_t i) { out->Value(StoryJson(*m.collection, m.pairs, m.stories[i])); });
  out->Member("outlet_reuse");
  out->Value(OutletReuse(m));
  out->Member("pairs");
  out->Array(shown, [&](size_t i) {
    const ArticlePair& p = m.pairs[i];
    out->Value(PairJson(*m.articles[p.a], *m.articles[p.b], p, /*passages=*/true));
  });
  // Both texts of each listed reuse, translation or duplicate pair (of a compared pair, always), once each.
  std::vector<size_t> shown_texts;
  for (size_t i = 0; i < shown; ++i) {
    if (SharesPassages(m.pairs[i].comparison.relation) || m.collection == nullptr) {
      shown_texts.push_back(m.pairs[i].a);
      shown_texts.push_back(m.pairs[i].b);
    }
  }
  std::sort(shown_texts.begin(), shown_texts.end(),
            [&](size_t x, size_t y) { return m.articles[x]->id < m.articles[y]->id; });
  shown_texts.erase(std::unique(shown_texts.begin(), shown_texts.end()), shown_texts.end());
  out->Member("texts");
  out->Raw("{");
  for (size_t i = 0; i < shown_texts.size(); ++i) {
    const Article& a = *m.articles[shown_texts[i]];
    if (i) out->Raw(",");
    out->Value(a.id);
    out->Raw(":");
    out->Value(a.text);
  }
  out->Raw("}}");
}

// The page: its template filled with its style, its script and the report
// as a JSON island that the script renders (so no article text is ever
// parsed as HTML). The report is written straight into the page, between
// the template's halves, without a second copy.
std::string Html(const ReportModel& m, const std::string& title) {
  static constexpr std::string_view kIsland = "\x01parallax-data\x01";
  kainjow::mustache::mustache page{std::string(page::kReportHtml)};
  kainjow::mustache::data values;
  values.set("title", title);
  values.set("style", std::string(page::kReportCss));
  values.set("script", std::string(page::kReportJs));
  values.set("data", std::string(kIsland));
  const std::string filled = page.render(values);
  const size_t at = filled.find(kIsland);
  std::string html = filled.substr(0, at);
  JsonOut out(&html, /*for_html=*/true);
  WriteReportJson(m, &out);
  html.append(filled, at + kIsland.size());
  return html;
}

// A Markdown table cell: one line, no column break.
std::string Cell(std::string s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\n' || ch == '\r' || ch == '\t') out += ' ';
    else if (ch == '|') out += "\\|";
    else out += ch;
  }
  return out;
}

// The summary: overview, largest stories, top reuse between outlets.
std::string Markdown(const ReportModel& m) {
  json r = {{"overview", Overview(m)}, {"stories", json::array()}, {"outlet_reuse", OutletReuse(m)}};
  for (size_t i = 0; i < m.stories.size() && i < 10; ++i) {
    r["stories"].push_back(StoryJson(*m.collection, m.pairs, m.stories[i]));
  }
  std::ostringstream md;
  const json& o = r["overview"];
  auto date = [](const json& d) { return d.is_null() ? std::string("undated") : d.get<std::string>(); };
  md << "# parallax report\n\n"
     << o["articles"].get<size_t>() << " articles from " << o["outlets"].get<size_t>() << " outlets, "
     << date(o["first_date"]) << " to " << date(o["last_date"]) << ". Languages:";
  for (const auto& [lang, n] : o["languages"].items()) md << " " << (lang.empty() ? "unknown" : lang) << " " << n.get<size_t>();
  md << ".\n\n| relation | pairs |\n|---|---|\n";
  for (Relation r : kCounted) {
    md << "| " << RelationName(r) << " | " << o["relations"][RelationName(r)].get<size_t>() << " |\n";
  }
  md << "\n## Largest stories\n\n";
  if (r["stories"].empty()) md << "No stories.\n";
  else md << "| story | articles | dates | outlets | label |\n|---|---|---|---|---|\n";
  for (size_t i = 0; i < r["stories"].size() && i < 10; ++i) {
    const json& s = r["stories"][i];
    std::string outlets;
    for (const json& x : s["outlets"]) outlets += (outlets.empty() ? "" : ", ") + x["outlet"].get<std::string>();
    std::string label;
    for (const json& w : s["label"]) label += (label.empty() ? "" : " ") + w.get<std::string>();
    md << "| " << Cell(s["title"].get<std::string>()) << " (`" << Cell(s["id"].get<std::string>()) << "`) | "
       << s["articles"].size() << " | " << date(s["first_date"]) << " – " << date(s["last_date"]) << " | "
       << Cell(outlets) << " | " << Cell(label) << " |\n";
  }
  std::vector<json> cells(r["outlet_reuse"].begin(), r["outlet_reuse"].end());
  std::stable_sort(cells.begin(), cells.end(), [](const json& x, const json& y) {
    return x["characters"].get<size_t>() > y["characters"].get<size_t>();
  });
  md << "\n## Top reuse between outlets\n\n";
  if (cells.empty()) md << "No reuse with a known publication order.\n";
  else md << "| took | from | pairs | characters |\n|---|---|---|---|\n";
  for (size_t i = 0; i < cells.size() && i < 10; ++i) {
    md << "| " << Cell(cells[i]["target"].get<std::string>()) << " | " << Cell(cells[i]["source"].get<std::string>())
       << " | " << cells[i]["pairs"].get<size_t>() << " | " << cells[i]["characters"].get<size_t>() << " |\n";
  }
  return md.str();
}

std::string Render(const ReportModel& m, ReportFormat format, const std::string& title) {
  switch (format) {
    case ReportFormat::kHtml: return Html(m, title);
    case ReportFormat::kMarkdown: return Markdown(m);
    case ReportFormat::kJson: break;
  }
  std::string text;
  JsonOut out(&text, /*for_html=*/false);
  WriteReportJson(m, &out);
  text.push_back('\n');
  return text;
}

}  // namespace

StatusOr<ReportFormat> ReportFormatOf(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".html" || ext == ".htm") return ReportFormat::kHtml;
  if (ext == ".json") return ReportFormat::kJson;
  if (ext == ".md") return ReportFormat::kMarkdown;
  return Status::InvalidArgument("cannot tell the report format of " + path.string() +
                                 ": name the file .html (a page), .json (data) or .md (a summary)");
}

std::string RenderCollectionReport(const ArticleStore& collection, const std::vector<ArticlePair>& pairs,
                                   const std::vector<Story>& stories, const ReportOptions& options,
                                   ReportFormat format) {
  ReportModel m{"collection", {}, pairs, stories, &collection, options};
  m.articles.reserve(collection.size());
  for (size_t i = 0; i < collection.size(); ++i) m.articles.push_back(&collection.article(i));
  return Render(m, format, "parallax report: " + collection.name());
}

std::string RenderPairReport(const Article& a, const Article& b, const Comparison& comparison, ReportFormat format) {
  const std::vector<ArticlePair> pairs = {{0, 1, comparison, std::nullopt, std::nullopt}};
  const std::vector<Story> no_stories;
  ReportModel m{"pair", {&a, &b}, pairs, no_stories, nullptr, ReportOptions{}};
  return Render(m, format, "parallax: " + a.id + " and " + b.id);
}

}  // namespace parallax
