#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/file_format.h"
#include "parallax/match.h"
#include "parallax/utf8.h"

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
  for (size_t at = 0; at <= list.size();) {
    size_t end = list.find(',', at);
    if (end == std::string::npos) end = list.size();
    const std::string path = list.substr(at, end - at);
    at = end + 1;
    if (path.empty()) continue;
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

void AddStoryOptions(po::options_description* options) {
  const StoryOptions defaults;
  options->add_options()
      ("window", po::value<double>()->default_value(defaults.window_days),
       "days within which two articles may link into a story (undated articles link on text alone)")
      ("min-size", po::value<size_t>()->default_value(defaults.min_size), "fewest articles a story has")
      ("link", po::value<float>(),
       "average similarity of a story's article pairs from which groups merge (default: two thirds of the same-event threshold)");
}

StoryOptions StoryOptionsFrom(const po::variables_map& vm) {
  StoryOptions options;
  options.window_days = vm["window"].as<double>();
  options.min_size = vm["min-size"].as<size_t>();
  if (!std::isfinite(options.window_days) || options.window_days < 0) {
    throw po::error("--window must be a number of days, 0 or more");
  }
  if (options.min_size < 1) throw po::error("--min-size must be at least 1");
  if (vm.count("link")) {
    const float link = vm["link"].as<float>();
    if (!(link >= 0 && link <= 1)) throw po::error("--link must be a similarity between 0 and 1");
    options.link = link;
  }
  return options;
}

Status WriteOutput(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  if (!std::filesystem::is_directory(folder)) {
    return Status::NotFound("cannot write " + path.string() + ": no folder " + folder.string() + " (create it first)");
  }
  return WriteTextFileAtomic(path, text);
}

StatusOr<Article> ReadArticleFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto article = ParseTxtArticle(path.stem().string(), buffer.str(), ReadOptions{});
  if (!article.ok()) return article.status().WithContext(path.string());
  return article;
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
