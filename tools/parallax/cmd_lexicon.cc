// lexicon: what a collection's model knows of translation, the bilingual
// lexicon seeded from the FreeDict dictionaries and refined on the
// collection (parallax/lexicon.h): one word's translations, or a summary.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "parallax/lexicon.h"

namespace parallax::cli {

namespace {

constexpr size_t kMaxTop = 10000;

// The FreeDict dictionaries Debian ships that the lexicon is seeded from.
constexpr char kDictionaries[] =
    "dict-freedict-fra-eng dict-freedict-eng-fra dict-freedict-deu-eng dict-freedict-eng-deu dict-freedict-spa-eng "
    "dict-freedict-eng-spa";

// "de -> en, en -> fr, fr -> en": the directions a lexicon has.
std::string DirectionList(const Lexicon& lexicon) {
  std::string out;
  for (const Lexicon::Direction& d : lexicon.directions()) out += (out.empty() ? "" : ", ") + d.from + " -> " + d.to;
  return out;
}

// "en, fr": the languages of a model's fitted texts.
std::string LanguageList(const Model& model) {
  std::string out;
  for (const LanguageVocabulary& v : model.languages()) {
    if (!v.lang.empty()) out += (out.empty() ? "" : ", ") + v.lang;
  }
  return out.empty() ? "none named" : out;
}

// A stem's translations, most probable first (ties by word), at most `top`.
std::vector<Translation> Best(const std::vector<Translation>& translations, size_t top) {
  std::vector<Translation> sorted = translations;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Translation& x, const Translation& y) {
    return x.probability != y.probability ? x.probability > y.probability : x.word < y.word;
  });
  if (sorted.size() > top) sorted.resize(top);
  return sorted;
}

nlohmann::json TranslationsJson(const std::vector<Translation>& translations) {
  nlohmann::json out = nlohmann::json::array();
  for (const Translation& t : translations) out.push_back({{"word", t.word}, {"probability", Round4(t.probability)}});
  return out;
}

// "minister 0.620, ministry 0.310".
std::string TranslationsText(const std::vector<Translation>& translations) {
  std::string out;
  for (const Translation& t : translations) out += (out.empty() ? "" : ", ") + t.word + " " + Fixed(t.probability);
  return out;
}

// The stems with the most translations (the most ambiguous: where a
// dictionary's senses or stems that share their first letters meet), then by stem.
std::vector<const Lexicon::Entry*> MostTranslated(const Lexicon::Direction& direction, size_t top) {
  std::vector<const Lexicon::Entry*> entries;
  entries.reserve(direction.entries.size());
  for (const Lexicon::Entry& e : direction.entries) entries.push_back(&e);
  const size_t shown = std::min(top, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(shown), entries.end(),
                    [](const Lexicon::Entry* x, const Lexicon::Entry* y) {
                      if (x->translations.size() != y->translations.size()) {
                        return x->translations.size() > y->translations.size();
                      }
                      return x->stem < y->stem;
                    });
  entries.resize(shown);
  return entries;
}

size_t TranslationCount(const Lexicon::Direction& direction) {
  size_t n = 0;
  for (const Lexicon::Entry& e : direction.entries) n += e.translations.size();
  return n;
}

}  // namespace

int RunLexicon(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder")
      ("from", po::value<std::string>()->required(), "language translated from, as articles name it (fr)")
      ("to", po::value<std::string>()->required(), "language translated into (en)")
      ("word", po::value<std::string>(), "a word of --from: its stem and that stem's translations")
      ("top", Number<size_t>(1, kMaxTop, 20),
       "at most this many translations of --word, or stems in the summary")
      ("json", "print JSON");
  po::variables_map vm;
  if (!ParseArgs("lexicon",
                 "--db DIR --from LANG --to LANG [--word W] [--top N] [--json]\n\n"
                 "What the collection's model knows of translation: the bilingual lexicon it compares\n"
                 "texts of two languages through, seeded from the FreeDict dictionaries and refined on\n"
                 "the collection's own articles when it was indexed. Words are looked up by their stem\n"
                 "(their first letters, case and accents folded: \"Ministère\" and \"ministres\" share one).\n\n"
                 "With --word: the stem of W and its translations into --to, most probable first;\n"
                 "--json prints {\"from\", \"to\", \"stem\", \"translations\": [{\"word\", \"probability\"}]}.\n"
                 "Without: the lexicon's directions with their number of stems, and the --top stems of\n"
                 "--from with the most translations; --json prints {\"from\", \"to\", \"directions\": [{\"from\",\n"
                 "\"to\", \"stems\"}], \"stems\", \"translations\", \"most_translated\": [{\"stem\", \"translations\"}]}.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  const std::string db = vm["db"].as<std::string>();
  const std::string from = vm["from"].as<std::string>(), to = vm["to"].as<std::string>();
  if (from.empty() || to.empty()) throw po::error("--from and --to must name a language (fr, en, ...)");
  if (from == to) throw po::error("--from and --to are both '" + from + "': a lexicon translates between two languages");
  std::string stem;
  if (vm.count("word")) {
    stem = Lexicon::Stem(vm["word"].as<std::string>());
    if (stem.empty()) throw po::error("--word must be a word, not '" + vm["word"].as<std::string>() + "'");
  }
  const size_t top = vm["top"].as<size_t>();
  const bool json = vm.count("json") > 0;

  auto collection = Collection::Open(db);
  if (!collection.ok()) return Fail(collection.status());
  if (!collection->has_model()) return Fail(db + " holds no article, so no model: index some first (parallax index INPUT... --db " + db + ")");
  const Model& model = collection->model();
  const Lexicon& lexicon = model.lexicon();
  for (const std::string& lang : {from, to}) {
    if (model.Vocabulary(lang) == nullptr) {
      return Fail("the model of " + db + " was fitted on no text of language '" + lang + "' (its languages: " +
                  LanguageList(model) + "; --from and --to as the articles name their languages)");
    }
  }
  if (lexicon.empty()) {
    return Fail("the model of " + db +
                " has no lexicon, so it finds no translations: it was made without the FreeDict\n"
                "dictionaries (none installed then, --dictionaries none, or by a parallax that did not read them).\n"
                "Install them (apt-get install " + kDictionaries + ")\n"
                "and index the articles again into a new collection (parallax index INPUT... --db NEW_DIR)");
  }
  const Lexicon::Direction* direction = lexicon.Find(from, to);
  if (direction == nullptr) {
    return Fail("the lexicon of " + db + " does not translate " + from + " into " + to + "; it has " +
                DirectionList(lexicon) + " (a direction needs a FreeDict dictionary of the two languages)");
  }

  if (!stem.empty()) {
    const std::vector<Translation>* found = lexicon.Find(from, to, stem);
    const std::vector<Translation> best = found ? Best(*found, top) : std::vector<Translation>{};
    if (json) {
      PrintJsonLine({{"from", from}, {"to", to}, {"stem", stem}, {"translations", TranslationsJson(best)}});
    } else {
      std::cout << from << " -> " << to << ", stem \"" << stem << "\" (" << vm["word"].as<std::string>() << ")\n";
      for (const Translation& t : best) std::cout << "  " << Fixed(t.probability) << "  " << t.word << "\n";
    }
    if (found == nullptr) {
      std::cerr << "parallax: the lexicon has no " << from << " stem \"" << stem << "\": the model compares that word"
                << " across languages only as it is spelled (names, numbers, cognates)\n";
    } else if (found->size() > best.size()) {
      std::cerr << "parallax: " << best.size() << " of " << Count(found->size(), "translation") << " (--top)\n";
    }
    return kExitOk;
  }

  const std::vector<const Lexicon::Entry*> most = MostTranslated(*direction, top);
  const size_t translations = TranslationCount(*direction);
  if (json) {
    nlohmann::json directions = nlohmann::json::array();
    for (const Lexicon::Direction& d : lexicon.directions()) {
      directions.push_back({{"from", d.from}, {"to", d.to}, {"stems", d.entries.size()}});
    }
    nlohmann::json entries = nlohmann::json::array();
    for (const Lexicon::Entry* e : most) {
      entries.push_back({{"stem", e->stem}, {"translations", TranslationsJson(Best(e->translations, e->translations.size()))}});
    }
    PrintJsonLine({{"from", from},
                   {"to", to},
                   {"directions", directions},
                   {"stems", direction->entries.size()},
                   {"translations", translations},
                   {"most_translated", entries}});
    return kExitOk;
  }
  std::cout << "directions:\n";
  for (const Lexicon::Direction& d : lexicon.directions()) {
    std::cout << "  " << d.from << " -> " << d.to << "  " << Count(d.entries.size(), "stem") << "\n";
  }
  std::cout << "\n" << from << " -> " << to << ": " << Count(direction->entries.size(), "stem") << ", "
            << Count(translations, "translation");
  if (!direction->entries.empty()) {
    std::cout << " (" << Fixed(static_cast<double>(translations) / direction->entries.size()) << " a stem)";
  }
  std::cout << "\n";
  if (!most.empty()) {
    std::cout << "the " << Count(most.size(), "stem") << " with the most translations (most probable first):\n";
    for (const Lexicon::Entry* e : most) {
      std::cout << "  " << e->stem << "  " << TranslationsText(Best(e->translations, 5))
                << (e->translations.size() > 5 ? ", ... (" + std::to_string(e->translations.size()) + ")" : "")
                << "\n";
    }
  }
  std::cerr << "parallax: --word W shows the translations of one word\n";
  return kExitOk;
}

}  // namespace parallax::cli
