#include "parallax/align.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace parallax {

const char* PassageKindName(PassageKind kind) {
  switch (kind) {
    case PassageKind::kVerbatim:
      return "verbatim";
    case PassageKind::kEdited:
      return "edited";
    case PassageKind::kParaphrase:
      return "paraphrase";
    case PassageKind::kTranslated:
      return "translated";
  }
  return "unknown";
}

namespace {

// Polynomial rolling hash over mixed ids; anchors are verified token by token,
// so a collision costs time, never correctness.
constexpr uint64_t kHashBase = 0x100000001b3ull;
constexpr int kMaxAnchorNgram = 64;
// Chaining looks at most this many earlier runs per run (bounds the worst case).
constexpr int kMaxPredecessorScan = 256;
// Chain score units: a covered token is worth kTokenScore; each token the
// diagonal shifts (an insertion or deletion) costs kShiftCost.
constexpr int64_t kTokenScore = 8;
constexpr int64_t kShiftCost = 4;

uint64_t MixId(uint32_t id) {
  uint64_t x = (static_cast<uint64_t>(id) + 1) * 0x9E3779B97F4A7C15ull;
  return x ^ (x >> 29);
}

// Consecutive anchors on one diagonal: A tokens [a0, a1) equal B tokens [b0, b1).
struct Run {
  int32_t a0, a1, b0, b1;
};

// A candidate passage in token coordinates, with the A tokens its runs cover.
struct Block {
  int32_t a0, a1, b0, b1;
  int32_t covered;
};

struct Chain {
  int32_t first;  // into Scratch::chain_runs
  int32_t count;
  int32_t covered;
  int32_t b0;
};

struct Slot {
  uint64_t hash;
  int32_t head;  // first B position with this hash, -1 when the slot is empty
  int32_t count;
};

// Per-thread buffers, so that a call allocates only when texts grow.
struct Scratch {
  std::vector<uint64_t> hash_a, hash_b;
  std::vector<Slot> table;
  int table_bits = 0;
  std::vector<int32_t> next_b;  // next B position with the same hash
  std::vector<int32_t> last_i_at_b, last_run_at_b;
  std::vector<Run> runs;
  std::vector<int64_t> score;
  std::vector<int32_t> pred;
  std::vector<int32_t> order;
  std::vector<uint8_t> used;
  std::vector<int32_t> chain_runs;
  std::vector<Chain> chains;
  std::vector<uint8_t> owned;
  std::vector<Run> pieces;
  std::vector<Block> blocks;
};

void NgramHashes(std::span<const Token> tokens, int n, std::vector<uint64_t>& out) {
  out.clear();
  if (static_cast<int>(tokens.size()) < n) return;
  out.reserve(tokens.size() - n + 1);
  uint64_t top = 1;  // kHashBase^(n-1): weight of the token leaving the window
  for (int k = 1; k < n; ++k) top *= kHashBase;
  uint64_t h = 0;
  for (int k = 0; k < n; ++k) h = h * kHashBase + MixId(tokens[k].id);
  out.push_back(h);
  for (size_t i = n; i < tokens.size(); ++i) {
    h = (h - MixId(tokens[i - n].id) * top) * kHashBase + MixId(tokens[i].id);
    out.push_back(h);
  }
}

// N-grams that straddle a paragraph start never anchor: a passage must not
// grow into the previous paragraph because both end with the same "." .
// Such n-grams get a sentinel hash, a different one in each text, so they
// never match (B's are all alike, so they also exceed max_anchor_occurrences).
void MaskParagraphCrossings(std::span<const uint32_t> paragraph_starts, int n, uint64_t sentinel,
                            std::vector<uint64_t>& hashes) {
  for (uint32_t start : paragraph_starts) {
    const int64_t first = std::max<int64_t>(0, static_cast<int64_t>(start) - n + 1);
    const int64_t last = std::min<int64_t>(static_cast<int64_t>(start) - 1, static_cast<int64_t>(hashes.size()) - 1);
    for (int64_t i = first; i <= last; ++i) hashes[i] = sentinel;
  }
}

inline size_t SlotIndex(uint64_t h, int shift) {
  return static_cast<size_t>(((h ^ (h >> 32)) * 0xD6E8FEB86659FD93ull) >> shift);
}

// Open-addressing map hash -> chain of B positions (ascending).
void IndexB(Scratch& s) {
  const int m = static_cast<int>(s.hash_b.size());
  int bits = 4;
  while ((1 << bits) < 2 * m) ++bits;
  s.table_bits = bits;
  const int shift = 64 - bits;
  const size_t mask = (size_t{1} << bits) - 1;
  s.table.assign(size_t{1} << bits, Slot{0, -1, 0});
  s.next_b.resize(m);
  for (int j = m - 1; j >= 0; --j) {  // backwards, so that chains ascend
    const uint64_t h = s.hash_b[j];
    size_t k = SlotIndex(h, shift);
    while (s.table[k].head >= 0 && s.table[k].hash != h) k = (k + 1) & mask;
    Slot& slot = s.table[k];
    s.next_b[j] = slot.head;
    slot.hash = h;
    slot.head = j;
    ++slot.count;
  }
}

// Anchors (i, j) whose n-grams match, grouped into maximal diagonal runs.
// Runs come out sorted by (a0, b0).
void FindRuns(std::span<const Token> ta, std::span<const Token> tb, int n,
              int max_occurrences, Scratch& s) {
  const int ma = static_cast<int>(s.hash_a.size());
  const int mb = static_cast<int>(s.hash_b.size());
  s.runs.clear();
  s.last_i_at_b.assign(mb, -2);
  s.last_run_at_b.resize(mb);
  const int shift = 64 - s.table_bits;
  const size_t mask = s.table.size() - 1;
  for (int i = 0; i < ma; ++i) {
    const uint64_t h = s.hash_a[i];
    size_t k = SlotIndex(h, shift);
    while (s.table[k].head >= 0 && s.table[k].hash != h) k = (k + 1) & mask;
    const Slot& slot = s.table[k];
    if (slot.head < 0 || slot.count > max_occurrences) continue;
    for (int j = slot.head; j >= 0; j = s.next_b[j]) {
      // Extending a verified anchor only needs its new last token checked.
      const bool extends = j > 0 && s.last_i_at_b[j - 1] == i - 1;
      if (extends) {
        if (ta[i + n - 1].id != tb[j + n - 1].id) continue;
      } else {
        int t = 0;
        while (t < n && ta[i + t].id == tb[j + t].id) ++t;
        if (t < n) continue;
      }
      int32_t r;
      if (extends) {
        r = s.last_run_at_b[j - 1];
        s.runs[r].a1 = i + n;
        s.runs[r].b1 = j + n;
      } else {
        r = static_cast<int32_t>(s.runs.size());
        s.runs.push_back(Run{i, i + n, j, j + n});
      }
      s.last_i_at_b[j] = i;
      s.last_run_at_b[j] = r;
    }
  }
}

// Best-scoring predecessor of every run (runs that follow each other in both
// texts within the gap limit), as in minimap2's chaining.
void ChainRuns(int max_gap, Scratch& s) {
  const int nr = static_cast<int>(s.runs.size());
  s.score.resize(nr);
  s.pred.resize(nr);
  int32_t max_len = 0;
  for (int r = 0; r < nr; ++r) {
    const Run& cur = s.runs[r];
    const int32_t len = cur.a1 - cur.a0;
    int64_t best = kTokenScore * len;
    int32_t best_pred = -1;
    const int stop = std::max(0, r - kMaxPredecessorScan);
    for (int p = r - 1; p >= stop; --p) {
      const Run& prev = s.runs[p];
      if (prev.a0 + max_len < cur.a0 - max_gap) break;  // no earlier run ends close enough
      if (prev.a0 >= cur.a0 || prev.b0 >= cur.b0 || prev.a1 >= cur.a1 || prev.b1 >= cur.b1) continue;
      const int32_t gap_a = cur.a0 - prev.a1;
      const int32_t gap_b = cur.b0 - prev.b1;
      if (gap_a > max_gap || gap_b > max_gap) continue;
      const int32_t new_a = cur.a1 - std::max(cur.a0, prev.a1);
      const int32_t new_b = cur.b1 - std::max(cur.b0, prev.b1);
      const int32_t shift = std::abs((cur.b0 - cur.a0) - (prev.b0 - prev.a0));
      const int64_t total = s.score[p] + kTokenScore * std::min(new_a, new_b) - kShiftCost * shift -
                            std::max(0, std::min(gap_a, gap_b));
      if (total > best) {  // strict: ties keep the nearest predecessor
        best = total;
        best_pred = p;
      }
    }
    s.score[r] = best;
    s.pred[r] = best_pred;
    max_len = std::max(max_len, len);
  }
}

// Chains from the best-scoring end backwards; a run belongs to one chain.
void ExtractChains(Scratch& s) {
  const int nr = static_cast<int>(s.runs.size());
  s.order.resize(nr);
  for (int r = 0; r < nr; ++r) s.order[r] = r;
  std::sort(s.order.begin(), s.order.end(), [&s](int32_t x, int32_t y) {
    return s.score[x] != s.score[y] ? s.score[x] > s.score[y] : x < y;
  });
  s.used.assign(nr, 0);
  s.chain_runs.clear();
  s.chains.clear();
  for (int32_t end : s.order) {
    if (s.used[end]) continue;
    const int32_t first = static_cast<int32_t>(s.chain_runs.size());
    for (int32_t r = end; r >= 0 && !s.used[r]; r = s.pred[r]) {
      s.used[r] = 1;
      s.chain_runs.push_back(r);
    }
    std::reverse(s.chain_runs.begin() + first, s.chain_runs.end());
    int32_t covered = 0;
    int32_t covered_to = 0;
    for (size_t k = first; k < s.chain_runs.size(); ++k) {
      const Run& run = s.runs[s.chain_runs[k]];
      covered += run.a1 - std::max(run.a0, covered_to);
      covered_to = run.a1;
    }
    const int32_t count = static_cast<int32_t>(s.chain_runs.size()) - first;
    s.chains.push_back(Chain{first, count, covered, s.runs[s.chain_runs[first]].b0});
  }
}

// Gives every A token to at most one chain, best chains first: a chain's runs
// are cut where A tokens are already taken, and it splits where taken tokens
// separate its pieces.
void ResolveOverlaps(int num_a_tokens, Scratch& s) {
  std::sort(s.chains.begin(), s.chains.end(), [&s](const Chain& x, const Chain& y) {
    if (x.covered != y.covered) return x.covered > y.covered;
    const int32_t xa = s.runs[s.chain_runs[x.first]].a0;
    const int32_t ya = s.runs[s.chain_runs[y.first]].a0;
    if (xa != ya) return xa < ya;
    return x.b0 < y.b0;
  });
  s.owned.assign(num_a_tokens, 0);
  s.blocks.clear();
  for (const Chain& chain : s.chains) {
    s.pieces.clear();
    for (int32_t k = chain.first; k < chain.first + chain.count; ++k) {
      const Run& run = s.runs[s.chain_runs[k]];
      int32_t t = run.a0;
      while (t < run.a1) {
        if (s.owned[t]) {
          ++t;
          continue;
        }
        const int32_t begin = t;
        while (t < run.a1 && !s.owned[t]) ++t;
        s.pieces.push_back(Run{begin, t, run.b0 + (begin - run.a0), run.b0 + (t - run.a0)});
      }
    }
    const size_t first_block = s.blocks.size();
    int32_t covered_to = 0;
    for (const Run& piece : s.pieces) {
      bool joins = false;
      if (s.blocks.size() > first_block) {
        const Block& last = s.blocks.back();
        joins = true;
        for (int32_t t = last.a1; t < piece.a0 && joins; ++t) joins = !s.owned[t];
      }
      if (!joins) {
        s.blocks.push_back(Block{piece.a0, piece.a1, piece.b0, piece.b1, piece.a1 - piece.a0});
        covered_to = piece.a1;
        continue;
      }
      Block& block = s.blocks.back();
      block.covered += std::max(0, piece.a1 - std::max(piece.a0, covered_to));
      covered_to = std::max(covered_to, piece.a1);
      block.a1 = std::max(block.a1, piece.a1);
      block.b0 = std::min(block.b0, piece.b0);
      block.b1 = std::max(block.b1, piece.b1);
    }
    for (size_t k = first_block; k < s.blocks.size(); ++k) {
      std::fill(s.owned.begin() + s.blocks[k].a0, s.owned.begin() + s.blocks[k].a1, 1);
    }
  }
}

}  // namespace

std::vector<Passage> AlignPassages(const TokenizedText& a, const TokenizedText& b,
                                   const AlignOptions& options) {
  std::vector<Passage> passages;
  const int n = std::clamp(options.anchor_ngram, 1, kMaxAnchorNgram);
  const int max_gap = std::max(0, options.max_gap_tokens);
  const int min_tokens = std::max(1, options.min_passage_tokens);
  const auto& ta = a.tokens;
  const auto& tb = b.tokens;
  if (static_cast<int>(ta.size()) < n || static_cast<int>(tb.size()) < n) return passages;

  thread_local Scratch s;
  NgramHashes(ta, n, s.hash_a);
  NgramHashes(tb, n, s.hash_b);
  MaskParagraphCrossings(a.paragraph_starts, n, 0xA5A5A5A5A5A5A5A5ull, s.hash_a);
  MaskParagraphCrossings(b.paragraph_starts, n, 0x5A5A5A5A5A5A5A5Aull, s.hash_b);
  IndexB(s);
  FindRuns(ta, tb, n, std::max(1, options.max_anchor_occurrences), s);
  if (s.runs.empty()) return passages;
  ChainRuns(max_gap, s);
  ExtractChains(s);
  ResolveOverlaps(static_cast<int>(ta.size()), s);

  // Merge neighbours left apart by chaining, if they follow in both texts.
  std::sort(s.blocks.begin(), s.blocks.end(),
            [](const Block& x, const Block& y) { return x.a0 < y.a0; });
  size_t kept = 0;
  for (size_t k = 0; k < s.blocks.size(); ++k) {
    const Block& next = s.blocks[k];
    if (kept > 0) {
      Block& cur = s.blocks[kept - 1];
      const int32_t gap_a = next.a0 - cur.a1;
      const int32_t gap_b = next.b0 - cur.b1;
      if (gap_a >= 0 && gap_a <= max_gap && gap_b >= 0 && gap_b <= max_gap) {
        cur.a1 = next.a1;
        cur.b1 = next.b1;
        cur.covered += next.covered;
        continue;
      }
    }
    s.blocks[kept++] = next;
  }
  s.blocks.resize(kept);

  for (const Block& block : s.blocks) {
    const int32_t len_a = block.a1 - block.a0;
    const int32_t len_b = block.b1 - block.b0;
    if (len_a < min_tokens || len_b < min_tokens) continue;
    bool same = len_a == len_b;
    for (int32_t t = 0; same && t < len_a; ++t) same = ta[block.a0 + t].id == tb[block.b0 + t].id;
    Passage& p = passages.emplace_back();
    p.a = Span{ta[block.a0].begin, ta[block.a1 - 1].end};
    p.b = Span{tb[block.b0].begin, tb[block.b1 - 1].end};
    p.kind = same ? PassageKind::kVerbatim : PassageKind::kEdited;
    p.score = same ? 1.0f : static_cast<float>(block.covered) / static_cast<float>(len_a);
  }
  return passages;
}

}  // namespace parallax
