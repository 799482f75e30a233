#include <algorithm>

#include "parallax/match.h"

namespace parallax {

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kDuplicate: return "duplicate";
    case Relation::kReuse: return "reuse";
    case Relation::kSameEvent: return "same-event";
    case Relation::kRelated: return "related";
    case Relation::kUnrelated: return "unrelated";
  }
  return "unrelated";
}

Relation Classify(float similarity, float reuse_a, float reuse_b, const RelationThresholds& t) {
  if (reuse_a >= t.duplicate_reuse && reuse_b >= t.duplicate_reuse) return Relation::kDuplicate;
  if (std::max(reuse_a, reuse_b) >= t.reuse) return Relation::kReuse;
  if (similarity >= t.same_event) return Relation::kSameEvent;
  if (similarity >= t.related) return Relation::kRelated;
  return Relation::kUnrelated;
}

PreparedText Prepare(const Model& model, const Article& article) {
  return Prepare(model, article, model.Analyze(article));
}

PreparedText Prepare(const Model& model, const Article& article, AnalyzedText analysis) {
  PreparedText p;
  p.article = &article;
  p.analysis = std::move(analysis);
  p.vector = model.ArticleVector(article, p.analysis);
  return p;
}

namespace {

uint32_t CountCodepoints(std::string_view text, uint32_t begin, uint32_t end) {
  uint32_t n = 0;
  for (uint32_t i = begin; i < end; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

// Dates are ISO prefixes of different precision: compare on the common prefix.
Source EarlierOf(const std::string& a, const std::string& b) {
  const size_t n = std::min(a.size(), b.size());
  if (n < 4) return Source::kUnknown;
  const int c = a.compare(0, n, b, 0, n);
  return c < 0 ? Source::kA : c > 0 ? Source::kB : Source::kUnknown;
}

}  // namespace

float ContentShare(const Article& article, std::vector<Span> spans) {
  uint32_t content = 0;
  for (const Span& s : article.segments) content += CountCodepoints(article.text, s.begin, s.end);
  if (content == 0 || spans.empty()) return 0;
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.begin < y.begin; });
  // Union of spans, clipped to content segments, counted in code points.
  uint32_t covered = 0;
  size_t seg = 0;
  uint32_t reach = 0;  // bytes before this are counted already
  for (const Span& s : spans) {
    const uint32_t begin = std::max(s.begin, reach);
    if (begin >= s.end) continue;
    while (seg < article.segments.size() && article.segments[seg].end <= begin) ++seg;
    for (size_t k = seg; k < article.segments.size() && article.segments[k].begin < s.end; ++k) {
      const uint32_t lo = std::max(begin, article.segments[k].begin);
      const uint32_t hi = std::min(s.end, article.segments[k].end);
      if (lo < hi) covered += CountCodepoints(article.text, lo, hi);
    }
    reach = s.end;
  }
  return std::min(1.0f, static_cast<float>(covered) / static_cast<float>(content));
}

Comparison Compare(const PreparedText& a, const PreparedText& b, const CompareOptions& options) {
  Comparison c;
  c.similarity = std::clamp(Dot(a.vector, b.vector), 0.0f, 1.0f);
  const TokenizedText ta{a.article->text, a.analysis.tokens};
  const TokenizedText tb{b.article->text, b.analysis.tokens};
  c.passages = AlignPassages(ta, tb, options.align);
  std::vector<Span> spans_a, spans_b;
  for (const Passage& p : c.passages) {
    spans_a.push_back(p.a);
    spans_b.push_back(p.b);
  }
  c.reuse_a = ContentShare(*a.article, spans_a);
  c.reuse_b = ContentShare(*b.article, std::move(spans_b));
  c.relation = Classify(c.similarity, c.reuse_a, c.reuse_b, options.thresholds);
  c.source = EarlierOf(a.article->date, b.article->date);
  return c;
}

}  // namespace parallax
