#include <unistd.h>

#include <cmath>
#include <cstdlib>
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

nlohmann::json ArticleRef(const Article& a) {
  nlohmann::json j = {{"id", a.id}};
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (!a.date.empty()) j["date"] = a.date;
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
