// Shared pieces of the parallax command line: one function per subcommand,
// error reporting, progress on a terminal, and JSON for results.
#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "parallax/collection.h"
#include "parallax/corpus.h"
#include "parallax/match.h"
#include "parallax/result_json.h"
#include "parallax/stories.h"
#include "parallax/status.h"
#include "parallax/thesaurus.h"

namespace parallax::cli {

namespace po = boost::program_options;

// Exit codes: the contract for scripts.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int RunIndex(const std::vector<std::string>& args);
int RunTrain(const std::vector<std::string>& args);
int RunRefit(const std::vector<std::string>& args);
int RunSearch(const std::vector<std::string>& args);
int RunPairs(const std::vector<std::string>& args);
int RunCompare(const std::vector<std::string>& args);
int RunScore(const std::vector<std::string>& args);
int RunStories(const std::vector<std::string>& args);
int RunReport(const std::vector<std::string>& args);
int RunLexicon(const std::vector<std::string>& args);

// Parses `args` (the words after the subcommand); prints --help and returns
// false when help was asked for (then *exit_code = 0). Unknown options and
// bad values throw po::error, which main() turns into a usage error.
// `hidden` holds the positional arguments: parsed, not listed as --options.
bool ParseArgs(const std::string& command, const std::string& synopsis, const std::vector<std::string>& args,
               po::options_description& options, const po::options_description& hidden,
               const po::positional_options_description& positional, po::variables_map* vm);

// A numeric option and its accepted range, declared once:
//   ("neighbors", Number(1, 1000, defaults.neighbors), "neighbours per article")
// --help shows "--neighbors N (1-1000, default 10)"; a value out of the range,
// NaN, infinite or not a number (for integers: not a whole number) is a usage
// error naming the option, the value and the range ("--neighbors must be a
// whole number from 1 to 1000, not '1e9'"). `max` = NoMax<T>() reads "or more".
// Read the value with vm["neighbors"].as<T>() as usual.
template <typename T>
po::typed_value<T>* Number(T min, T max);
template <typename T>
po::typed_value<T>* Number(T min, T max, T default_value);
template <typename T>
constexpr T NoMax() {
  return std::numeric_limits<T>::max();
}
// "1-1000", "0 or more": a range as the help and the messages write it.
template <typename T>
std::string RangeText(T min, T max);

// --index-type: the FAISS index kinds parallax supports, checked before FAISS
// builds anything (IVF999999999 would allocate its lists first): a usage
// error naming the value, what is wrong and the valid forms.
void CheckIndexType(const std::string& factory, int dim);
// Once the first batch is known: an IVF index needs a vector per list (PQ
// codes 256) to train, so fewer articles is a usage error saying what fits.
void CheckIndexTypeFits(const std::string& factory, int dim, size_t articles);

// Ranges of the model options index and train share.
constexpr int kMinVocabulary = TokenizerOptions::kMinVocabSize, kMaxVocabulary = TokenizerOptions::kMaxVocabSize;
constexpr int kMinDim = FeatureOptions::kMinDim, kMaxDim = FeatureOptions::kMaxDim;
constexpr int kMinHashBits = FeatureOptions::kMinHashBits, kMaxHashBits = FeatureOptions::kMaxHashBits;

// Ranges of the other numeric options.
constexpr int kMaxNeighbors = 1000;          // pairs --neighbors: k-NN lists of n x 1000 scores
constexpr int kMaxResults = 10000;           // search -k
constexpr double kMaxWindowDays = 36525;     // stories/report --window: a century
constexpr size_t kMaxStorySize = 1'000'000;  // stories/report --min-size
constexpr size_t kMaxReportPairs = 1'000'000;  // report --max-pairs

// "1 article", "2 articles".
std::string Count(size_t n, const std::string& noun);

// Prints "parallax: <status>" to stderr and returns the exit code for it.
int Fail(const Status& status);
int Fail(const std::string& message);

// "parallax: <what> <where>: <reason>" on stderr for each input (the first
// 20, then how many more): "skipped a.csv:7: ...", "scored 0 pairs.tsv:3 text_a: ...".
void PrintInputNotes(const std::string& what, const std::vector<SkippedInput>& inputs);

// Progress on stderr, only when stderr is a terminal.
ProgressFn TerminalProgress();
void EndProgress();

// Where `compare` and `search` find a model when none is given:
// $PARALLAX_MODEL, then models/default.plx beside the executable, then
// ../share/parallax/default.plx (installed).
std::filesystem::path DefaultModelPath();

// The model whose document frequencies a fitted model borrows
// (ModelOptions::background): the default model. Null, with a note on
// stderr, when it cannot be read.
std::shared_ptr<const Model> BackgroundModel();
// Says on stderr when the background weighs in: when the corpus has fewer
// texts than it.
void NoteBackground(uint64_t own_texts, const Model* background);

// --dictionaries, for the commands that fit a model: the FreeDict databases
// its lexicon is seeded from ("installed": InstalledDictionaries(); default: none).
void AddDictionariesOption(po::options_description* options);
StatusOr<std::vector<std::string>> DictionaryPaths(const po::variables_map& vm);

// --thesaurus, for the commands that report word similarity.
void AddThesaurusOption(po::options_description* options);
// The thesaurus files --thesaurus names: MyThes files (comma-separated),
// "none" (no file), or by default the installed English and French ones. A
// default file that is missing is skipped with a note on stderr (word
// similarity then matches spellings only); a named file that is missing is an
// error.
StatusOr<std::vector<std::string>> ThesaurusPaths(const po::variables_map& vm);
// Reads them (none when `paths` is empty).
StatusOr<std::optional<Thesaurus>> LoadThesaurus(const std::vector<std::string>& paths);

// --window, --min-size and --link, and the StoryOptions they give.
void AddStoryOptions(po::options_description* options);
StoryOptions StoryOptionsFrom(const po::variables_map& vm);

// Writes `text` to `path` atomically (nothing half-written is left behind).
Status WriteOutput(const std::filesystem::path& path, const std::string& text);

// The name commands give the standard input.
constexpr char kStdin[] = "-";
// An article given on the command line to `command`: "-" (the standard
// input) or a text file, read as a .txt article (ReadTxtArticleFile); a .jsonl or
// .csv file of one article through the corpus reader (a file of several
// is a usage error: `several` says what to do instead).
StatusOr<Article> ReadArticleInput(const std::string& name, const std::string& command, const std::string& several);

// x with 3 decimals, as text output prints scores.
std::string Fixed(double x);

// Writes `value` as one line of JSON to stdout.
void PrintJsonLine(const nlohmann::json& value);

}  // namespace parallax::cli
