// parallax: finds news articles that cover the same event and passages one
// outlet recycled from another.
#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli.h"
#include "parallax/parallel.h"

namespace {

constexpr const char* kUsage = R"(usage: parallax COMMAND [OPTIONS]

Commands:
  index INPUT... --db DIR        create or extend a collection from .txt/.jsonl/.csv files or folders
  search --db DIR (--text T | --file F) [-k N]
                                 the stored articles most similar to a text
  pairs --db DIR                 related article pairs: duplicates, translations, reuse, same event
  stories --db DIR               the articles grouped into stories (one event across outlets and days)
  report --db DIR --out FILE     the similarity report: .html page, .json data or .md summary
  compare FILE_A FILE_B          similarity and shared passages of two articles
  score --pairs FILE.tsv         similarity of each text pair of a TSV (id, text_a, text_b)
  refit --db DIR                 fit a collection's model again on all its articles
  lexicon --db DIR --from L --to L [--word W]
                                 what the model knows of translation: a word's translations, or a summary
  train INPUT... --out MODEL     train a model (tokenizer + weights) on a corpus

Every command takes --help. Results go to stdout (--json for JSON), messages to stderr.
Exit status: 0 success, 1 failure, 2 usage error.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace parallax::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "parallax 0.1.0\n";
    return kExitOk;
  }
  // Every parallel loop, FAISS's too, within 4 threads a core (256 at most):
  // OMP_NUM_THREADS=100000 would overflow libgomp's stack when a team starts.
  parallax::SetThreadCount(0);
  try {
    if (command == "index") return RunIndex(args);
    if (command == "search") return RunSearch(args);
    if (command == "pairs") return RunPairs(args);
    if (command == "stories") return RunStories(args);
    if (command == "report") return RunReport(args);
    if (command == "compare") return RunCompare(args);
    if (command == "score") return RunScore(args);
    if (command == "train") return RunTrain(args);
    if (command == "refit") return RunRefit(args);
    if (command == "lexicon") return RunLexicon(args);
  } catch (const po::error& e) {
    std::cerr << "parallax " << command << ": " << e.what() << "\n(see `parallax " << command << " --help`)\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "parallax " << command << ": out of memory: the machine could not give the memory this needs\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    // Only a bug or an exhausted machine gets here.
    std::cerr << "parallax " << command << ": unexpected error: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "parallax: unknown command '" << command << "'\n\n" << kUsage;
  return kExitUsage;
}
