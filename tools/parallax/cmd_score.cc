// score: similarity of each text pair of a TSV, for benchmarks and batch jobs.
#include <iomanip>
#include <iostream>
#include <unordered_set>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/input.h"
#include "parallax/match.h"
#include "parallax/parallel.h"

namespace parallax::cli {

namespace {

struct PairRow {
  std::string id;
  size_t a = 0, b = 0;  // indexes into the texts
};

// Undoes the TSV escapes of the evaluation files: \n \t \r \\ .
std::string Unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 1 < field.size()) {
      const char c = field[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '\\' ? '\\' : (out += '\\', c);
    } else {
      out += field[i];
    }
  }
  return out;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      fields.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

// Reads the pairs of a TSV. A text with no content (empty, or only
// boilerplate) keeps its row, scored 0, and is listed in *empty_texts.
// The file is read a line at a time, each line at most max_record_bytes (two
// texts of max_article_bytes, escaped); a longer one is not read and its row
// scores 0 (or, when its id is not within the part read, fails the command).
Status ReadPairs(const std::string& path, std::vector<Article>* texts, std::vector<PairRow>* rows,
                 std::vector<SkippedInput>* empty_texts) {
  const ReadOptions limits;
  auto file = InputFile::Open(path, limits.max_file_bytes, /*allow_stdin=*/false, "max_file_bytes");
  if (!file.ok()) return file.status();
  InputReader in(&*file);
  std::string line;
  const auto too_long = [&] {
    return path + ":" + std::to_string(in.line_number()) + ": line of more than " +
           std::to_string(limits.max_record_bytes) + " bytes (max_record_bytes)";
  };
  const InputReader::Line first = in.NextLine(limits.max_record_bytes, &line);
  PARALLAX_RETURN_IF_ERROR(in.status());
  if (first == InputReader::Line::kEnd) {
    return Status::InvalidArgument(path + " is empty: expected a header line with id, text_a, text_b");
  }
  if (first == InputReader::Line::kTooLong) return Status::InvalidArgument(too_long() + " for a header");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = SplitTabs(line);
  int id_col = -1, a_col = -1, b_col = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "id") id_col = static_cast<int>(i);
    if (header[i] == "text_a") a_col = static_cast<int>(i);
    if (header[i] == "text_b") b_col = static_cast<int>(i);
  }
  if (id_col < 0 || a_col < 0 || b_col < 0) {
    std::string missing;
    for (auto [name, col] : {std::pair{"id", id_col}, {"text_a", a_col}, {"text_b", b_col}}) {
      if (col < 0) missing += std::string(missing.empty() ? "" : ", ") + name;
    }
    return Status::InvalidArgument(path + ": the header has no " + missing +
                                   " column (tab-separated header with id, text_a, text_b expected), got: " + line);
  }
  const size_t needed = static_cast<size_t>(std::max({id_col, a_col, b_col})) + 1;
  while (true) {
    const InputReader::Line kind = in.NextLine(limits.max_record_bytes, &line);
    if (kind == InputReader::Line::kEnd) break;
    const std::string where = path + ":" + std::to_string(in.line_number());
    if (kind == InputReader::Line::kTooLong) {
      // Named by its id when the part read holds it whole.
      const auto fields = SplitTabs(line);
      if (fields.size() <= static_cast<size_t>(id_col) + 1) {
        return Status::InvalidArgument(too_long() + ": its id is not within its first " +
                                       std::to_string(limits.max_record_bytes) + " bytes");
      }
      PairRow row{std::string(fields[id_col]), texts->size(), texts->size() + 1};
      empty_texts->push_back({where, "line of more than " + std::to_string(limits.max_record_bytes) +
                                         " bytes (max_record_bytes): not read"});
      for (int side = 0; side < 2; ++side) {
        Article empty;
        empty.id = row.id;
        texts->push_back(std::move(empty));
      }
      rows->push_back(std::move(row));
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = SplitTabs(line);
    if (fields.size() < needed) {
      return Status::InvalidArgument(where + ": " + std::to_string(fields.size()) + " fields, expected at least " +
                                     std::to_string(needed));
    }
    PairRow row{std::string(fields[id_col]), texts->size(), texts->size() + 1};
    for (int col : {a_col, b_col}) {
      Article text;
      text.id = row.id + (col == a_col ? "/a" : "/b");
      text.text = Unescape(fields[col]);
      auto made = MakeArticle(std::move(text), ReadOptions{});
      if (!made.ok()) {
        if (made.status().message().find("UTF-8") != std::string::npos) return made.status().WithContext(where);
        // The row stays (similarity 0), so that the output has a line per input pair.
        empty_texts->push_back({where + (col == a_col ? " text_a" : " text_b"), made.status().message()});
        Article empty;
        empty.id = row.id;
        texts->push_back(std::move(empty));
      } else {
        texts->push_back(std::move(made).value());
      }
    }
    rows->push_back(std::move(row));
  }
  PARALLAX_RETURN_IF_ERROR(in.status());
  if (rows->empty()) return Status::InvalidArgument(path + " has a header but no pairs");
  return Status::Ok();
}

}  // namespace

int RunScore(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()
      ("pairs", po::value<std::string>()->required(), "TSV file with a header line holding id, text_a, text_b")
      ("model", po::value<std::string>(),
       "model file (default: fit a model on the file's distinct texts, their word frequencies counted with those "
       "of the default model's texts; no labels are read)")
      ("db", po::value<std::string>(),
       "score with this collection's model, vectors weighted as the collection stores them: the numbers `pairs` "
       "gives a pair of its articles given the same way")
      ("json", "print one JSON object per pair");
  AddThesaurusOption(&options);
  po::variables_map vm;
  if (!ParseArgs("score",
                 "--pairs FILE.tsv [--json] [--model FILE | --db DIR] [--thesaurus FILES]\n\n"
                 "Prints, per pair: id, similarity, reuse_a, reuse_b, relation, containment_a,\n"
                 "containment_b, word_similarity (empty, or null in JSON, for texts of more than\n" +
                     std::to_string(kMaxSpelledWords) +
                     " distinct words).\nA text with no content (empty, or only scraping debris) is scored 0\n"
                     "and named on stderr. See the README's Output section.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  std::vector<Article> texts;
  std::vector<PairRow> rows;
  std::vector<SkippedInput> empty_texts;
  if (Status st = ReadPairs(vm["pairs"].as<std::string>(), &texts, &rows, &empty_texts); !st.ok()) return Fail(st);
  PrintInputNotes("scored 0", empty_texts);

  if (vm.count("model") && vm.count("db")) throw po::error("give --model or --db, not both");
  std::optional<Model> model;
  std::optional<Collection> collection;
  if (vm.count("db")) {
    auto opened = Collection::Open(vm["db"].as<std::string>());
    if (!opened.ok()) return Fail(opened.status());
    if (opened->size() == 0) return Fail(vm["db"].as<std::string>() + " holds no article, so no model: index some first");
    collection.emplace(std::move(opened).value());
  } else if (vm.count("model")) {
    auto loaded = Model::Load(vm["model"].as<std::string>());
    if (!loaded.ok()) return Fail(loaded.status());
    model.emplace(std::move(loaded).value());
  } else {
    // A text given in several pairs is one document of the fitted texts, not one per pair.
    std::vector<Article> nonempty;
    std::unordered_set<std::string_view> seen;
    for (const Article& t : texts) {
      if (!t.segments.empty() && seen.insert(t.text).second) nonempty.push_back(t);
    }
    if (nonempty.empty()) return Fail("every text of the file is empty");
    ModelOptions fit_options;
    fit_options.background = BackgroundModel();
    NoteBackground(nonempty.size(), fit_options.background.get());
    auto fitted = Model::Fit(nonempty, fit_options);
    if (!fitted.ok()) return Fail(fitted.status());
    model.emplace(std::move(fitted).value());
  }
  const auto thesaurus_paths = ThesaurusPaths(vm);
  if (!thesaurus_paths.ok()) return Fail(thesaurus_paths.status());
  const auto thesaurus = LoadThesaurus(*thesaurus_paths);
  if (!thesaurus.ok()) return Fail(thesaurus.status());
  const Thesaurus* synonyms = thesaurus->has_value() ? &**thesaurus : nullptr;
  const Model& scoring = collection ? collection->model() : *model;
  // A collection scores from its stored vectors (8-bit weights): weighted
  // the same way, a text scores as `pairs` scores it.
  auto prepare = [&](const Article& text) {
    PreparedText p = Prepare(scoring, text, true, synonyms);
    if (collection) p.vector = Expand(Compact(p.vector));
    return p;
  };
  std::vector<Comparison> results(rows.size());
  const Status scored = ParallelFor(static_cast<int64_t>(rows.size()), Schedule::Dynamic(32), [&](int64_t i) {
    results[i] = Compare(prepare(texts[rows[i].a]), prepare(texts[rows[i].b]));
  });
  if (!scored.ok()) return Fail(scored);
  const bool json = vm.count("json") > 0;
  if (!json) std::cout << "id\tsimilarity\treuse_a\treuse_b\trelation\tcontainment_a\tcontainment_b\tword_similarity\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Comparison& c = results[i];
    if (json) {
      PrintJsonLine(ScoreRowJson(rows[i].id, c));
    } else {
      std::cout << rows[i].id << "\t" << std::fixed << std::setprecision(4) << c.similarity << "\t" << c.reuse_a << "\t"
                << c.reuse_b << "\t" << RelationName(c.relation) << "\t" << c.containment_a << "\t" << c.containment_b
                << "\t";
      if (c.word_similarity) std::cout << *c.word_similarity;  // empty: not computed (long texts)
      std::cout << "\n";
    }
  }
  return kExitOk;
}

}  // namespace parallax::cli
