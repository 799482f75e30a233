#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <type_traits>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/file_format.h"
#include "parallax/match.h"
#include "parallax/utf8.h"
#include "parallax/vector_index.h"

namespace parallax::cli {

bool ParseArgs(const std::string& command, const std::string& synopsis, const std::vector<std::string>& args,
               po::options_description& options, const po::options_description& hidden,
               const po::positional_options_description& positional, po::variables_map* vm) {
  options.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(options).add(hidden);
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), *vm);
  if (vm->count("help")) {
    std::cout << "usage: parallax " << command << " " << synopsis << "\n\n" << options << "\n";
    return false;
  }
  po::notify(*vm);
  return true;
}

namespace {

// The shortest text that reads back as `value` ("0.4" for 0.4f, "1000000").
template <typename T>
std::string NumberText(T value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

// The whole of `text` as a T: digits only for integers (no sign for unsigned
// types, no exponent), finite for floating point; false otherwise or when it
// does not fit in T.
template <typename T>
bool ParseNumber(const std::string& text, T* value) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;  // "+5" is 5
  if (begin == end) return false;
  const auto [ptr, ec] = std::from_chars(begin, end, *value);
  if (ec != std::errc() || ptr != end) return false;
  if constexpr (std::is_floating_point_v<T>) return std::isfinite(*value);
  return true;
}

// A typed option value that only takes numbers within [min, max] and says so
// in --help.
template <typename T>
class BoundedValue : public po::typed_value<T> {
 public:
  BoundedValue(T min, T max) : po::typed_value<T>(nullptr), min_(min), max_(max) {}

  void SetDefault(T value) {
    default_text_ = NumberText(value);
    this->default_value(value, default_text_);
  }

  // "N (1-1000, default 10)" beside the option in --help.
  std::string name() const override {
    return std::string(std::is_integral_v<T> ? "N" : "X") + " (" + RangeText(min_, max_) +
           (default_text_.empty() ? "" : ", default " + default_text_) + ")";
  }

  void xparse(boost::any& value_store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(value_store);  // --x 1 --x 2 is an error, as for other options
    const std::string token = tokens.empty() ? std::string() : tokens.front();
    T value{};
    if (tokens.size() != 1 || !ParseNumber(token, &value) || value < min_ || value > max_) {
      const std::string kind = std::is_integral_v<T> ? "a whole number" : "a number";
      const std::string range = max_ != NoMax<T>() ? kind + " from " + NumberText(min_) + " to " + NumberText(max_) + ","
                                                   : kind + ", " + NumberText(min_) + " or more,";
      po::error_with_option_name error("%canonical_option% must be " + range + " not '%value%'");
      error.set_substitute("value", token);
      throw error;
    }
    value_store = value;
  }

 private:
  T min_, max_;
  std::string default_text_;
};

}  // namespace

template <typename T>
std::string RangeText(T min, T max) {
  return max == NoMax<T>() ? NumberText(min) + " or more" : NumberText(min) + "-" + NumberText(max);
}

template <typename T>
po::typed_value<T>* Number(T min, T max) {
  return new BoundedValue<T>(min, max);
}

template <typename T>
po::typed_value<T>* Number(T min, T max, T default_value) {
  auto* value = new BoundedValue<T>(min, max);
  value->SetDefault(default_value);
  return value;
}

// The option types the commands use.
#define PARALLAX_NUMBER_OPTION(T)                                  \
  template std::string RangeText<T>(T, T);                         \
  template po::typed_value<T>* Number<T>(T, T);                    \
  template po::typed_value<T>* Number<T>(T, T, T);
PARALLAX_NUMBER_OPTION(int)
PARALLAX_NUMBER_OPTION(size_t)
PARALLAX_NUMBER_OPTION(float)
PARALLAX_NUMBER_OPTION(double)
#undef PARALLAX_NUMBER_OPTION

void CheckIndexType(const std::string& factory, int dim) {
  const auto kind = ParseIndexKind(factory, dim);
  // "index type \"X\": why; supported: ..." as "--index-type \"X\": ...".
  if (!kind.ok()) throw po::error("--index-type" + kind.status().message().substr(std::string("index type").size()));
}

void CheckIndexTypeFits(const std::string& factory, int dim, size_t articles) {
  CheckIndexType(factory, dim);
  const auto kind = ParseIndexKind(factory, dim);
  if (static_cast<int64_t>(articles) >= kind->min_first_batch) return;
  // About 4 lists per square root of the vectors is FAISS's usual advice.
  const size_t lists = std::clamp<size_t>(4 * static_cast<size_t>(std::sqrt(static_cast<double>(articles))), 1,
                                          std::max<size_t>(articles, 1));
  throw po::error("--index-type " + factory + " is trained on the articles of the first run and needs at least " +
                  std::to_string(kind->min_first_batch) + (kind->pq_codes > 0 ? " (256 for its PQ codes)" : " (one a list)") +
                  ", but " + Count(articles, "article") + (articles == 1 ? " was" : " were") +
                  " read: index more at once, or use " +
                  (kind->pq_codes > 0 ? "Flat or HNSW32" : "Flat, HNSW32 or IVF" + std::to_string(lists) + ",Flat") +
                  "; nothing was changed");
}

std::string Count(size_t n, const std::string& noun) {
  if (n == 1) return "1 " + noun;
  if (noun.ends_with("y")) return std::to_string(n) + " " + noun.substr(0, noun.size() - 1) + "ies";  // stories
  return std::to_string(n) + " " + noun + "s";
}

int Fail(const Status& status) { return Fail(status.ToString()); }

int Fail(const std::string& message) {
  EndProgress();
  std::cerr << "parallax: " << message << "\n";
  return kExitFailure;
}

void PrintInputNotes(const std::string& what, const std::vector<SkippedInput>& inputs) {
  const size_t shown = std::min<size_t>(inputs.size(), 20);
  for (size_t i = 0; i < shown; ++i) {
    std::cerr << "parallax: " << what << " " << inputs[i].where << ": " << inputs[i].reason << "\n";
  }
  if (inputs.size() > shown) std::cerr << "parallax: ... and " << inputs.size() - shown << " more " << what << "\n";
}

namespace {
bool progress_shown = false;
}  // namespace

ProgressFn TerminalProgress() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](const char* stage, size_t done, size_t total) {
    std::cerr << "\r\033[K" << stage << ": " << done << "/" << total << std::flush;
    progress_shown = true;
  };
}

void EndProgress() {
  if (progress_shown) std::cerr << "\r\033[K" << std::flush;
  progress_shown = false;
}

std::filesystem::path DefaultModelPath() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("PARALLAX_MODEL"); env && *env) return env;
  // Beside the binary (the build copies it to build/models/), or where
  // `cmake --install` puts it (bin/../share/parallax/).
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const fs::path beside = exe.parent_path() / "models" / "default.plx";
  const fs::path installed = exe.parent_path().parent_path() / "share" / "parallax" / "default.plx";
  return !ec && !fs::exists(beside) && fs::exists(installed) ? installed : beside;
}

std::shared_ptr<const Model> BackgroundModel() {
  const std::filesystem::path path = DefaultModelPath();
  auto model = Model::Load(path);
  if (!model.ok()) {
    std::cerr << "parallax: no background model (" << model.status().ToString()
              << "): words are weighed by the corpus alone\n";
    return nullptr;
  }
  return std::make_shared<const Model>(std::move(model).value());
}

void NoteBackground(uint64_t own_texts, const Model* background) {
  if (background == nullptr || own_texts >= background->documents()) return;
  std::cerr << "parallax: " << Count(own_texts, "text") << " are few to tell rare words from common ones: the "
            << "default model's word frequencies count as " << background->documents() - own_texts
            << " more texts (" << DefaultModelPath().string() << ")\n";
}

namespace {

// The non-empty items of a comma-separated list of files.
std::vector<std::string> CommaList(const std::string& list) {
  std::vector<std::string> items;
  for (size_t at = 0; at <= list.size();) {
    size_t end = list.find(',', at);
    if (end == std::string::npos) end = list.size();
    if (end > at) items.push_back(list.substr(at, end - at));
    at = end + 1;
  }
  return items;
}

}  // namespace

void AddThesaurusOption(po::options_description* options) {
  options->add_options()("thesaurus", po::value<std::string>()->value_name("FILES"),
                         "synonyms for word_similarity: MyThes .dat files, comma-separated, or \"none\" "
                         "(default: " PARALLAX_THESAURI ")");
}

StatusOr<std::vector<std::string>> ThesaurusPaths(const po::variables_map& vm) {
  const bool named = vm.count("thesaurus") > 0;
  const std::string list = named ? vm["thesaurus"].as<std::string>() : PARALLAX_THESAURI;
  std::vector<std::string> paths;
  if (list == "none") return paths;
  for (const std::string& path : CommaList(list)) {
    if (named && !std::filesystem::exists(path)) {
      return Status::NotFound("--thesaurus: cannot read thesaurus " + path + " (give MyThes .dat files, or \"none\")");
    }
    if (!std::filesystem::exists(path)) {
      std::cerr << "parallax: no thesaurus at " << path
                << ": word_similarity matches fewer synonyms (apt-get install mythes-en-us mythes-fr, or pass "
                   "--thesaurus none)\n";
      continue;
    }
    paths.push_back(path);
  }
  if (named && paths.empty()) return Status::InvalidArgument("--thesaurus needs a file (or \"none\")");
  return paths;
}

StatusOr<std::optional<Thesaurus>> LoadThesaurus(const std::vector<std::string>& paths) {
  if (paths.empty()) return std::optional<Thesaurus>();
  auto thesaurus = Thesaurus::Load(paths);
  if (!thesaurus.ok()) return thesaurus.status().WithContext("--thesaurus");
  return std::optional<Thesaurus>(std::move(thesaurus).value());
}

void AddDictionariesOption(po::options_description* options) {
  options->add_options()("dictionaries", po::value<std::string>()->value_name("FILES"),
                         "bilingual dictionaries the lexicon is seeded from, for translated passages across "
                         "languages (experimental): FreeDict .index files, comma-separated, \"installed\" (those "
                         "in /usr/share/dictd: apt-get install dict-freedict-fra-eng dict-freedict-eng-fra) or "
                         "\"none\" (default)");
}

StatusOr<std::vector<std::string>> DictionaryPaths(const po::variables_map& vm) {
  std::vector<std::string> paths;
  const std::string list = vm.count("dictionaries") ? vm["dictionaries"].as<std::string>() : "none";
  if (list == "none") return paths;
  if (list == "installed") return InstalledDictionaries();
  for (const std::string& path : CommaList(list)) {
    if (!std::filesystem::is_regular_file(path)) {
      return Status::NotFound("--dictionaries: cannot read " + path +
                              " (give FreeDict .index files, such as /usr/share/dictd/freedict-fra-eng.index, or "
                              "\"none\")");
    }
    paths.push_back(path);
  }
  if (paths.empty()) return Status::InvalidArgument("--dictionaries needs a file (or \"none\")");
  return paths;
}

void AddStoryOptions(po::options_description* options) {
  const StoryOptions defaults;
  options->add_options()
      ("window", Number(0.0, kMaxWindowDays, defaults.window_days),
       "days within which two articles may link into a story (undated articles link on text alone)")
      ("min-size", Number<size_t>(1, kMaxStorySize, defaults.min_size), "fewest articles a story has")
      ("link", Number(0.0f, 1.0f),
       "average similarity of a story's article pairs from which groups merge (default: two thirds of the same-event threshold)");
}

StoryOptions StoryOptionsFrom(const po::variables_map& vm) {
  StoryOptions options;
  options.window_days = vm["window"].as<double>();
  options.min_size = vm["min-size"].as<size_t>();
  if (vm.count("link")) options.link = vm["link"].as<float>();
  return options;
}

Status WriteOutput(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  if (!std::filesystem::is_directory(folder)) {
    return Status::NotFound("cannot write " + path.string() + ": no folder " + folder.string() + " (create it first)");
  }
  return WriteTextFileAtomic(path, text);
}

namespace {

// The one article of a .jsonl or .csv file, through the corpus reader. A
// file of several is a usage error, which `several` tells how to avoid.
StatusOr<Article> ReadOneArticle(const std::string& path, const std::string& command, const std::string& several) {
  auto read = ReadInputs({path}, ReadOptions{});
  if (!read.ok()) return read.status();
  PrintInputNotes("skipped", read->skipped);
  PrintInputNotes("undated", read->unread_dates);
  if (read->articles.empty()) return Status::InvalidArgument(path + " holds no article that could be read");
  if (read->articles.size() > 1) {
    throw po::error(path + " holds " + std::to_string(read->articles.size()) + " articles; " + command +
                    " takes one per file: " + several);
  }
  return std::move(read->articles.front());
}

}  // namespace

StatusOr<Article> ReadArticleInput(const std::string& name, const std::string& command, const std::string& several) {
  if (name != kStdin && IsRecordFile(name)) return ReadOneArticle(name, command, several);
  return ReadTxtArticleFile(name, ReadOptions{}, /*allow_stdin=*/true);
}

std::string Fixed(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(3) << x;
  return s.str();
}

void PrintJsonLine(const nlohmann::json& value) {
  std::cout << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace parallax::cli
