#include <iostream>
#include <optional>

#include "cli.h"
#include "parallax/corpus.h"
#include "parallax/parallel.h"

namespace parallax::cli {

namespace {

StatusOr<ReadResult> ReadCorpus(const std::vector<std::string>& inputs, bool strict) {
  ReadOptions read_options;
  read_options.strict = strict;
  const ProgressFn progress = TerminalProgress();
  auto corpus = ReadInputs(inputs, read_options, [&](size_t done, size_t total) {
    if (progress) progress("reading", done, total);
  });
  EndProgress();
  if (corpus.ok()) {
    PrintInputNotes("skipped", corpus->skipped);
    PrintInputNotes("undated", corpus->unread_dates);
  }
  return corpus;
}

// The part of `index` and `train` that reads a corpus: INPUT... plus
// --strict and --threads. Adds those to `options`, parses, and returns false
// when --help was shown.
bool ParseCorpusArgs(const std::string& command, const std::string& synopsis, const std::string& purpose,
                     const std::vector<std::string>& args, po::options_description& options, po::variables_map* vm) {
  options.add_options()
      ("strict", "stop at the first unreadable file or record instead of skipping it")
      ("threads", Number(0, MaxThreads(), 0),
       "worker threads (0: the OpenMP default, one per core; at most 4 per core)");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(), "input files or folders");
  po::positional_options_description positional;
  positional.add("input", -1);
  if (!ParseArgs(command, synopsis + "\n\nINPUT: .txt, .jsonl or .csv files, or folders of them", args, options,
                 hidden, positional, vm)) {
    return false;
  }
  if (!vm->count("input")) throw po::error("give at least one INPUT file or folder to " + purpose);
  if (const int threads = (*vm)["threads"].as<int>(); threads > 0) SetThreadCount(threads);
  return true;
}

// --wait, for the commands that write a collection: seconds, up to a day.
constexpr double kMaxWaitSeconds = 86400;
po::typed_value<double>* WaitOption() { return Number(0.0, kMaxWaitSeconds, 0.0); }
double WaitSeconds(const po::variables_map& vm) { return vm["wait"].as<double>(); }

}  // namespace

int RunIndex(const std::vector<std::string>& args) {
  const CollectionOptions defaults;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder (created if missing)")
      ("wait", WaitOption(), "seconds to wait while another parallax writes to the collection (default: fail at "
                             "once, naming it)")
      ("model", po::value<std::string>(), "use this model (from `parallax train`) instead of fitting one; new collections only")
      ("index-type", po::value<std::string>()->default_value(defaults.article_index),
       "the article index (FAISS): Flat (exact), HNSW<M> (M 4-128, e.g. HNSW32), IVF<lists>,Flat or "
       "IVF<lists>,PQ<m> (lists 1-65536 and at most the articles of the first run; m dividing --dim); also "
       "PQ<m>, and PQ<m>x<bits> for 1-16-bit codes; new collections only")
      ("no-sentence-index", "do not keep the sentence index (saves about 32 bytes per sentence)")
      ("replace", "replace each stored article whose id comes again with another text or fields (the model "
                  "is not refitted)")
      ("vocab-size", Number(kMinVocabulary, kMaxVocabulary, defaults.model.tokenizer.vocab_size),
       "tokenizer vocabulary size when fitting a model (lowered for small corpora)")
      ("dim", Number(kMinDim, kMaxDim, defaults.model.features.dim), "dimension of the dense article vectors");
  AddDictionariesOption(&options);
  po::variables_map vm;
  if (!ParseCorpusArgs("index", "INPUT... --db DIR [options]", "index", args, options, &vm)) return kExitOk;
  const std::filesystem::path db = vm["db"].as<std::string>();

  // Writers take turns; then open first: a damaged collection is refused
  // before any work, and untouched.
  if (!Collection::Exists(db) && !Collection::CanCreateIn(db)) {
    return Fail(db.string() + " exists and is not a parallax collection: choose an empty or new folder");
  }
  auto lock = WriterLock::Acquire(db, WaitSeconds(vm), "parallax index");
  if (!lock.ok()) return Fail(lock.status());
  std::optional<Collection> collection;
  if (Collection::Exists(db)) {
    if (vm.count("model")) return Fail("--model applies to new collections only; " + db.string() + " already has one");
    if (!vm["index-type"].defaulted()) return Fail("--index-type applies to new collections only");
    auto opened = Collection::Open(db);
    if (!opened.ok()) return Fail(opened.status());
    collection.emplace(std::move(opened).value());
  } else {
    CollectionOptions copt;
    copt.article_index = vm["index-type"].as<std::string>();
    copt.sentence_index = !vm.count("no-sentence-index");
    copt.model.tokenizer.vocab_size = vm["vocab-size"].as<int>();
    copt.model.features.dim = vm["dim"].as<int>();
    if (!vm.count("model")) copt.model.background = BackgroundModel();
    const auto dictionaries = DictionaryPaths(vm);
    if (!dictionaries.ok()) return Fail(dictionaries.status());
    copt.model.dictionaries = *dictionaries;
    std::optional<Model> model;
    if (vm.count("model")) {
      auto loaded = Model::Load(vm["model"].as<std::string>());
      if (!loaded.ok()) return Fail(loaded.status());
      model.emplace(std::move(loaded).value());
    }
    CheckIndexType(copt.article_index, model ? model->options().dim : copt.model.features.dim);
    auto created = Collection::Create(db, copt, std::move(model));
    if (!created.ok()) return Fail(created.status());
    collection.emplace(std::move(created).value());
  }

  auto corpus = ReadCorpus(vm["input"].as<std::vector<std::string>>(), vm.count("strict") > 0);
  if (!corpus.ok()) return Fail(corpus.status());
  const size_t read = corpus->articles.size();
  if (read == 0) {
    return Fail("no article could be read from the inputs (" + std::to_string(corpus->skipped.size()) +
                " skipped; only .txt, .jsonl and .csv files are read); nothing was changed");
  }
  // A new IVF index trains on this first batch: too few articles for its
  // lists is known now, before any of them is tokenized.
  if (collection->size() == 0) {
    CheckIndexTypeFits(collection->options().article_index,
                       collection->has_model() ? collection->model().options().dim
                                               : collection->options().model.features.dim,
                       read);
  }
  const bool fits_model = !collection->has_model();
  AddOptions aopt;
  aopt.replace = vm.count("replace") > 0;
  auto added = collection->Add(std::move(corpus->articles), TerminalProgress(), aopt);
  Status saved = added.status();
  // A collection from before the word index or the fingerprints gets them written now.
  if (added.ok() && (added->added > 0 || !added->replaced_ids.empty() || !collection->indexes_stored())) {
    saved = collection->Save(TerminalProgress());
  }
  EndProgress();
  if (!saved.ok()) return Fail(saved);
  if (fits_model) NoteBackground(collection->size(), collection->options().model.background.get());
  for (const std::string& id : added->replaced_ids) std::cerr << "parallax: replaced " << id << "\n";
  std::cerr << "parallax: indexed " << Count(added->added, "new article") << " into " << db.string() << " ("
            << (aopt.replace ? std::to_string(added->replaced_ids.size()) + " replaced, " : "")
            << added->duplicate_ids.size() << " already stored, "
            << Count(corpus->skipped.size(), "input") << " skipped); the collection holds "
            << Count(collection->size(), "article") << ", " << Count(collection->sentence_count(), "sentence") << "\n";
  // The model weighs words by the texts it was fitted on: a collection that
  // outgrew them is better served by a refit.
  if (collection->has_model() && collection->size() >= 2 * collection->model().documents()) {
    std::cerr << "parallax: the model was fitted on " << Count(collection->model().documents(), "text")
              << "; `parallax refit --db " << db.string() << "` fits it on all " << collection->size() << "\n";
  }
  if (!added->changed_ids.empty()) {
    std::cerr << "parallax: " << added->changed_ids.size() << " of the " << added->duplicate_ids.size()
              << " already stored differ from the stored version (first: " << added->changed_ids.front()
              << "); they were kept as stored: run again with --replace to replace them\n";
  }
  return kExitOk;
}

int RunRefit(const std::vector<std::string>& args) {
  po::options_description options("Options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "collection folder")
      ("wait", WaitOption(), "seconds to wait while another parallax writes to the collection (default: fail at "
                             "once, naming it)");
  po::variables_map vm;
  if (!ParseArgs("refit", "--db DIR\n\nFits the collection's model again on every stored article and re-embeds them all:\n"
                 "the collection is then what indexing its articles in one run gives, whatever order they came in.",
                 args, options, {}, {}, &vm)) {
    return kExitOk;
  }
  const std::string db = vm["db"].as<std::string>();
  auto lock = WriterLock::Acquire(db, WaitSeconds(vm), "parallax refit");
  if (!lock.ok()) return Fail(lock.status());
  const std::shared_ptr<const Model> background = BackgroundModel();
  uint64_t fitted_on = 0;
  std::optional<Collection> refitted;
  {
    auto collection = Collection::Open(db);
    if (!collection.ok()) return Fail(collection.status());
    if (collection->size() == 0) return Fail(db + " holds no article: nothing to refit");
    fitted_on = collection->model().documents();
    auto made = Refit(*collection, background, TerminalProgress());
    if (!made.ok()) return Fail(made.status());
    refitted.emplace(std::move(made).value());
  }  // closed: its files can go once the refitted collection is saved
  const Status saved = refitted->Save(TerminalProgress());
  EndProgress();
  if (!saved.ok()) return Fail(saved);
  NoteBackground(refitted->size(), background.get());
  std::cerr << "parallax: refitted the model of " << db << " on its " << Count(refitted->size(), "article")
            << " (it was fitted on " << Count(fitted_on, "text") << ")\n";
  return kExitOk;
}

int RunTrain(const std::vector<std::string>& args) {
  const ModelOptions defaults;
  po::options_description options("Options");
  options.add_options()
      ("out", po::value<std::string>()->required(), "model file to write")
      ("vocab-size", Number(kMinVocabulary, kMaxVocabulary, defaults.tokenizer.vocab_size),
       "tokenizer vocabulary size (lowered for small corpora)")
      ("dim", Number(kMinDim, kMaxDim, defaults.features.dim), "dimension of the dense vectors")
      ("hash-bits", Number(kMinHashBits, kMaxHashBits, defaults.features.hash_bits),
       "log2 of the hashed feature space");
  AddDictionariesOption(&options);
  po::variables_map vm;
  if (!ParseCorpusArgs("train", "INPUT... --out MODEL [options]", "train on", args, options, &vm)) return kExitOk;
  auto corpus = ReadCorpus(vm["input"].as<std::vector<std::string>>(), vm.count("strict") > 0);
  if (!corpus.ok()) return Fail(corpus.status());
  if (corpus->articles.empty()) return Fail("no article could be read from the inputs; nothing was written");
  ModelOptions mopt;
  mopt.tokenizer.vocab_size = vm["vocab-size"].as<int>();
  mopt.features.dim = vm["dim"].as<int>();
  mopt.features.hash_bits = vm["hash-bits"].as<int>();
  const auto dictionaries = DictionaryPaths(vm);
  if (!dictionaries.ok()) return Fail(dictionaries.status());
  mopt.dictionaries = *dictionaries;
  auto model = Model::Fit(corpus->articles, mopt);
  if (!model.ok()) return Fail(model.status());
  if (Status st = model->Save(vm["out"].as<std::string>()); !st.ok()) return Fail(st);
  std::cerr << "parallax: trained a model on " << Count(corpus->articles.size(), "article") << " (vocabulary "
            << model->tokenizer().vocab_size() << " pieces) into " << vm["out"].as<std::string>() << "\n";
  return kExitOk;
}

}  // namespace parallax::cli
