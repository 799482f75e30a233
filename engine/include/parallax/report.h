// Similarity reports: a self-contained HTML page a person reads and shares,
// JSON a program reads (report.schema.json, `schema_version`), and a short
// Markdown summary, all rendered from one report model.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "parallax/collection.h"
#include "parallax/match.h"
#include "parallax/status.h"
#include "parallax/stories.h"

namespace parallax {

// Raised whenever a field of the JSON report changes meaning or disappears.
constexpr int kReportSchemaVersion = 1;

enum class ReportFormat { kHtml, kJson, kMarkdown };
// From a file name's extension: .html (.htm), .json or .md; InvalidArgument otherwise.
StatusOr<ReportFormat> ReportFormatOf(const std::filesystem::path& path);

struct ReportOptions {
  // Pairs listed in full (the strongest), with their passages and, for reuse
  // and duplicates, both texts: what keeps a report of 100,000 articles a
  // page a browser opens. The overview and the outlet matrix count every
  // pair. Default: 2000.
  size_t max_pairs = 2000;
  // What the pairs and stories were found with, recorded in the report.
  RelationThresholds thresholds;
  StoryOptions stories;
};

// The report of a collection, from its pairs (FindPairs) and stories (FindStories).
std::string RenderCollectionReport(const ArticleStore& collection, const std::vector<ArticlePair>& pairs,
                                   const std::vector<Story>& stories, const ReportOptions& options,
                                   ReportFormat format);
// The report of one compared pair: its figures and both texts side by side.
std::string RenderPairReport(const Article& a, const Article& b, const Comparison& comparison, ReportFormat format);

}  // namespace parallax
