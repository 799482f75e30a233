#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.h"
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
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
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
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& dir : {exe.parent_path(), exe.parent_path().parent_path()}) {
      for (const fs::path& candidate : {dir / "models" / "default.plx", dir / "share" / "parallax" / "default.plx"}) {
        if (fs::exists(candidate)) return candidate;
      }
    }
  }
  return fs::path(PARALLAX_SOURCE_MODELS) / "default.plx";
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

nlohmann::json ArticleRef(const Article& a) {
  nlohmann::json j = {{"id", a.id}};
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (!a.date.empty()) j["date"] = a.date;
  if (!a.lang.empty()) j["lang"] = a.lang;  // across languages, similarity counts what both can share
  return j;
}

double Round4(double x) { return std::round(x * 10000.0) / 10000.0; }

nlohmann::json Round4OrNull(std::optional<float> x) { return x ? nlohmann::json(Round4(*x)) : nlohmann::json(); }

nlohmann::json ComparisonJson(const Article& a, const Article& b, const Comparison& c, bool passages) {
  nlohmann::json j = {
      {"a", ArticleRef(a)},
      {"b", ArticleRef(b)},
      {"similarity", Round4(c.similarity)},
      {"reuse_a", Round4(c.reuse_a)},
      {"reuse_b", Round4(c.reuse_b)},
      {"relation", RelationName(c.relation)},
      {"source", c.source == Source::kA ? nlohmann::json(a.id)
                 : c.source == Source::kB ? nlohmann::json(b.id)
                                          : nlohmann::json(nullptr)},
  };
  if (passages) {
    const CodepointMap map_a(a.text), map_b(b.text);
    nlohmann::json list = nlohmann::json::array();
    for (const Passage& p : c.passages) {
      list.push_back({
          {"a_start", map_a.ToCodepoint(p.a.begin)},
          {"a_end", map_a.ToCodepoint(p.a.end)},
          {"b_start", map_b.ToCodepoint(p.b.begin)},
          {"b_end", map_b.ToCodepoint(p.b.end)},
          {"a_byte_start", p.a.begin},
          {"a_byte_end", p.a.end},
          {"b_byte_start", p.b.begin},
          {"b_byte_end", p.b.end},
          {"kind", PassageKindName(p.kind)},
          {"score", Round4(p.score)},
      });
    }
    j["passages"] = std::move(list);
  }
  return j;
}

void PrintJsonLine(const nlohmann::json& value) {
  std::cout << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace parallax::cli
