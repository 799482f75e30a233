// Shared pieces of the parallax command line: one function per subcommand,
// error reporting, progress on a terminal, and JSON for results.
#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
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

// Parses `args` (the words after the subcommand); prints --help and returns
// false when help was asked for (then *exit_code = 0). Unknown options and
// bad values throw po::error, which main() turns into a usage error.
// `hidden` holds the positional arguments: parsed, not listed as --options.
bool ParseArgs(const std::string& command, const std::string& synopsis, const std::vector<std::string>& args,
               po::options_description& options, const po::options_description& hidden,
               const po::positional_options_description& positional, po::variables_map* vm);

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

// Reads a whole file as an article: a .txt in the scraped-news format, or any
// UTF-8 text; offsets are into the file's text as read.
StatusOr<Article> ReadArticleFile(const std::filesystem::path& path);

// x with 3 decimals, as text output prints scores.
std::string Fixed(double x);

// Writes `value` as one line of JSON to stdout.
void PrintJsonLine(const nlohmann::json& value);

}  // namespace parallax::cli
