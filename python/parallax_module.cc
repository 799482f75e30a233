// `import parallax`: the engine's batch API for Python (pybind11). Each call
// answers as the matching CLI command does on the same collection: results
// are the engine's JSON objects (result_json.h) turned into dicts and lists,
// so `Collection.pairs()` equals the lines of `parallax pairs --json`.
// Engine calls run with the GIL released; a Status that is not ok raises the
// parallax.Error subclass of its code, with the engine's message.
#include <dlfcn.h>
#include <unistd.h>

#include <pybind11/eval.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parallax/collection.h"
#include "parallax/corpus.h"
#include "parallax/dates.h"
#include "parallax/file_format.h"
#include "parallax/match.h"
#include "parallax/model.h"
#include "parallax/report.h"
#include "parallax/result_json.h"
#include "parallax/status.h"
#include "parallax/stories.h"
#include "parallax/thesaurus.h"
#include "parallax/utf8.h"
#include "parallax/vector_index.h"
#include "parallax/tokenizer.h"

namespace py = pybind11;
namespace fs = std::filesystem;
using nlohmann::json;

namespace parallax::python {
namespace {

// ---------------------------------------------------------------------------
// Errors: a Status travels as StatusError to the translator, which raises the
// Python class of its code (made in the module's init, see kErrorClasses).

struct StatusError {
  Status status;
};

[[noreturn]] void Raise(Status status) { throw StatusError{std::move(status)}; }
void Check(const Status& status) {
  if (!status.ok()) Raise(status);
}
template <typename T>
T Take(StatusOr<T> result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

const char* ClassName(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return "InvalidArgumentError";
    case StatusCode::kNotFound: return "NotFoundError";
    case StatusCode::kCorruption: return "CorruptionError";
    case StatusCode::kIOError: return "IOError";
    case StatusCode::kUnavailable: return "UnavailableError";
    default: return "InternalError";
  }
}

// The exception classes, in Python so that each can have two bases.
constexpr const char* kErrorClasses = R"(
class Error(Exception):
    """A parallax engine call failed. `code` names the engine's status
    ("corruption", "not_found", ...); str(error) is the engine's message."""
    code = "internal"

class InvalidArgumentError(Error, ValueError):
    """The caller passed something unusable (a bad option value, an unreadable record)."""
    code = "invalid_argument"

class NotFoundError(Error, LookupError):
    """A file, collection or article that should exist does not."""
    code = "not_found"

class CorruptionError(Error):
    """A stored file fails its magic, version, size or checksum check; the message says what to do."""
    code = "corruption"

class IOError(Error, OSError):
    """The operating system refused a read or write (a full disk, say)."""
    code = "io_error"

class UnavailableError(Error):
    """Another process holds what is needed (another writer has the collection)."""
    code = "unavailable"

class InternalError(Error):
    """A bug or a library failure the engine did not expect."""
    code = "internal"
)";

// The module (a reference held for the life of the process: never released at exit).
PyObject* g_module = nullptr;

void TranslateStatus(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const StatusError& e) {
    py::object cls = py::reinterpret_borrow<py::object>(g_module).attr(ClassName(e.status.code()));
    py::object error = cls(py::str(e.status.message()));
    PyErr_SetObject(cls.ptr(), error.ptr());
  }
}

// ---------------------------------------------------------------------------
// JSON -> Python.

py::str Utf8(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::object ToPython(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(j.get<bool>());
    case json::value_t::number_integer: return py::int_(j.get<int64_t>());
    case json::value_t::number_unsigned: return py::int_(j.get<uint64_t>());
    case json::value_t::number_float: return py::float_(j.get<double>());
    case json::value_t::string: return Utf8(j.get_ref<const std::string&>());
    case json::value_t::array: {
      py::list list;
      for (const json& v : j) list.append(ToPython(v));
      return list;
    }
    case json::value_t::object: {
      py::dict dict;
      for (auto it = j.begin(); it != j.end(); ++it) dict[Utf8(it.key())] = ToPython(it.value());
      return dict;
    }
    default: return py::none();  // binary, discarded: never made by the engine
  }
}

// ---------------------------------------------------------------------------
// Inputs.

std::string PathString(const py::handle& path) { return py::str(py::module_::import("os").attr("fspath")(path)); }

// What a dict record gives: the fields of a JSONL line (id and text required;
// None counts as absent, as in JSONL). Returns why it is unusable, or "".
std::string FieldsFromRecord(const py::handle& record, Article* article) {
  if (!py::isinstance<py::dict>(record)) return "not a dict";
  const py::dict d = py::reinterpret_borrow<py::dict>(record);
  if (!d.contains("id") || d["id"].is_none()) return "missing field 'id'";
  const py::object id = d["id"];
  if (py::isinstance<py::str>(id)) {
    article->id = id.cast<std::string>();
  } else if (py::isinstance<py::int_>(id) && !py::isinstance<py::bool_>(id)) {
    article->id = py::str(id).cast<std::string>();
  } else {
    return "field 'id' must be a string or an integer";
  }
  if (article->id.empty()) return "field 'id' is empty";
  if (!d.contains("text") || d["text"].is_none()) return "missing field 'text'";
  if (!py::isinstance<py::str>(d["text"])) return "field 'text' must be a string";
  article->text = d["text"].cast<std::string>();
  const std::pair<const char*, std::string Article::*> optional[] = {
      {"title", &Article::title}, {"outlet", &Article::outlet}, {"url", &Article::url},
      {"date", &Article::date},   {"lang", &Article::lang}};
  for (const auto& [name, member] : optional) {
    if (!d.contains(name) || d[name].is_none()) continue;
    if (!py::isinstance<py::str>(d[name])) return std::string("field '") + name + "' must be a string";
    article->*member = d[name].cast<std::string>();
  }
  return "";
}

py::dict ArticleDict(const Article& a) {
  py::dict d;
  d["id"] = Utf8(a.id);
  d["title"] = Utf8(a.title);
  d["outlet"] = Utf8(a.outlet);
  d["url"] = Utf8(a.url);
  d["date"] = Utf8(a.date);
  d["lang"] = Utf8(a.lang);
  d["text"] = Utf8(a.text);
  return d;
}

py::list NotesList(const std::vector<SkippedInput>& notes) {
  py::list list;
  for (const SkippedInput& s : notes) {
    py::dict d;
    d["where"] = Utf8(s.where);
    d["reason"] = Utf8(s.reason);
    list.append(std::move(d));
  }
  return list;
}

// A file as an article, as `parallax compare FILE` reads it: a .jsonl or
// .csv file of one article through the corpus reader, any other file whole.
StatusOr<Article> ReadArticleFile(const fs::path& path) {
  if (!IsRecordFile(path)) return ReadTxtArticleFile(path.string(), ReadOptions{});
  auto read = ReadInputs({path.string()}, ReadOptions{});
  if (!read.ok()) return read.status();
  if (read->articles.size() == 1) return std::move(read->articles.front());
  if (read->articles.empty()) {
    std::string why = path.string() + " holds no article that could be read";
    if (!read->skipped.empty()) why += " (" + read->skipped.front().where + ": " + read->skipped.front().reason + ")";
    return Status::InvalidArgument(why);
  }
  return Status::InvalidArgument(path.string() + " holds " + std::to_string(read->articles.size()) +
                                 " articles; give a file of one");
}

// An article given to compare or search: a str (a text in the .txt format:
// optional date/URL line, title line, body), a dict record, or a path
// (os.PathLike, read as `parallax compare FILE` reads it).
Article ArticleFrom(const py::handle& value, const std::string& id) {
  if (py::isinstance<py::str>(value)) {
    return Take(ParseTxtArticle(id, value.cast<std::string>(), ReadOptions{}));
  }
  if (py::isinstance<py::dict>(value)) {
    Article fields;
    if (std::string reason = FieldsFromRecord(value, &fields); !reason.empty()) {
      Raise(Status::InvalidArgument(id + ": " + reason));
    }
    auto made = MakeArticle(std::move(fields), ReadOptions{});
    if (!made.ok()) Raise(made.status().WithContext(id));
    return std::move(made).value();
  }
  if (py::hasattr(value, "__fspath__")) {
    const fs::path path = PathString(value);
    StatusOr<Article> read = Status::Internal("unread");
    {
      py::gil_scoped_release release;
      read = ReadArticleFile(path);
    }
    return Take(std::move(read));
  }
  throw py::type_error(id + ": give a str (text), a dict (record) or a path, not " +
                       std::string(py::str(py::type::of(value).attr("__name__"))));
}

// ---------------------------------------------------------------------------
// Defaults the CLI uses: the default model, the background it lends, the thesauri.

// The folder of this module's file.
fs::path ModuleDir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&ModuleDir), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  const fs::path file = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path(info.dli_fname).parent_path() : file.parent_path();
}

// $PARALLAX_MODEL, then the build tree's copy (build/python/../models/), then
// the installed one (found from the installed module's folder).
fs::path DefaultModelPath() {
  if (const char* env = std::getenv("PARALLAX_MODEL"); env && *env) return env;
  const fs::path dir = ModuleDir();
  const fs::path beside = dir.parent_path() / "models" / "default.plx";
  const fs::path installed = (dir / PARALLAX_PY_MODELDIR / "default.plx").lexically_normal();
  return !fs::exists(beside) && fs::exists(installed) ? installed : beside;
}

StatusOr<Model> LoadModel(const std::optional<fs::path>& path) {
  const fs::path p = path ? *path : DefaultModelPath();
  auto model = Model::Load(p);
  if (!model.ok() && !path) {
    return Status(model.status()).WithContext("the default model (give model=PATH; parallax train makes one)");
  }
  return model;
}

void Warn(const std::string& message) {
  py::gil_scoped_acquire gil;
  PyErr_WarnEx(PyExc_RuntimeWarning, message.c_str(), 1);
}

// The thesaurus files: None gives the installed defaults (those missing are
// skipped), "none" or [] gives none, else the files named (all must exist).
std::vector<std::string> ThesaurusPaths(const py::object& thesaurus) {
  std::vector<std::string> paths;
  if (thesaurus.is_none()) {
    const std::string list = PARALLAX_THESAURI;
    for (size_t at = 0; at <= list.size();) {
      size_t end = list.find(',', at);
      if (end == std::string::npos) end = list.size();
      const std::string path = list.substr(at, end - at);
      at = end + 1;
      if (!path.empty() && fs::exists(path)) paths.push_back(path);
    }
    return paths;
  }
  if (py::isinstance<py::str>(thesaurus) && thesaurus.cast<std::string>() == "none") return paths;
  std::vector<py::object> named;
  if (py::isinstance<py::str>(thesaurus) || py::hasattr(thesaurus, "__fspath__")) {
    named.push_back(thesaurus);
  } else {
    for (const py::handle& h : thesaurus) named.push_back(py::reinterpret_borrow<py::object>(h));
  }
  for (const py::object& o : named) {
    const std::string path = PathString(o);
    if (!fs::exists(path)) {
      Raise(Status::NotFound("thesaurus: cannot read " + path + " (give MyThes .dat files, or \"none\")"));
    }
    paths.push_back(path);
  }
  return paths;
}

std::optional<Thesaurus> LoadThesaurus(const std::vector<std::string>& paths) {
  if (paths.empty()) return std::nullopt;
  auto thesaurus = Thesaurus::Load(paths);
  if (!thesaurus.ok()) Raise(thesaurus.status().WithContext("thesaurus"));
  return std::move(thesaurus).value();
}

Relation RelationFrom(const std::string& name, const char* option) {
  for (Relation r :
       {Relation::kDuplicate, Relation::kTranslation, Relation::kReuse, Relation::kSameEvent, Relation::kRelated}) {
    if (name == RelationName(r)) return r;
  }
  Raise(Status::InvalidArgument(std::string(option) +
                                " must be duplicate, translation, reuse, same-event or related, not '" + name + "'"));
}

StoryOptions StoryOptionsFrom(double window, size_t min_size, std::optional<float> link) {
  StoryOptions options;
  if (!std::isfinite(window) || window < 0) Raise(Status::InvalidArgument("window must be a number of days, 0 or more"));
  if (min_size < 1) Raise(Status::InvalidArgument("min_size must be at least 1"));
  if (link && !(*link >= 0 && *link <= 1)) Raise(Status::InvalidArgument("link must be a similarity between 0 and 1"));
  options.window_days = window;
  options.min_size = min_size;
  options.link = link;
  return options;
}

// The word figures `compare` adds: containment and word similarity, with
// synonyms when both texts are short enough to be spelled.
void AddWordFigures(const Model& model, const Article& a, const AnalyzedText& analysis_a, const Article& b,
                    const AnalyzedText& analysis_b, const std::vector<std::string>& thesaurus_paths, WordSet* words_a,
                    WordSet* words_b) {
  *words_a = model.Words(a, analysis_a);
  *words_b = model.Words(b, analysis_b);
  const bool spelled = words_a->spelled() && words_b->spelled();
  const std::optional<Thesaurus> thesaurus = LoadThesaurus(spelled ? thesaurus_paths : std::vector<std::string>{});
  if (thesaurus) {
    *words_a = model.Words(a, analysis_a, &*thesaurus);
    *words_b = model.Words(b, analysis_b, &*thesaurus);
  }
}

// ---------------------------------------------------------------------------
// Score: pairs of texts, as `parallax score` scores the rows of its TSV.

struct ScoreRow {
  std::string id;
  Article a, b;
};

std::vector<ScoreRow> ScoreRows(const py::iterable& pairs, std::vector<SkippedInput>* empty_texts) {
  std::vector<ScoreRow> rows;
  size_t n = 0;
  for (const py::handle& item : pairs) {
    const std::string where = "pairs[" + std::to_string(n++) + "]";
    py::object id, text_a, text_b;
    if (py::isinstance<py::dict>(item)) {
      const py::dict d = py::reinterpret_borrow<py::dict>(item);
      for (const char* key : {"id", "text_a", "text_b"}) {
        if (!d.contains(key)) Raise(Status::InvalidArgument(where + ": missing key '" + key + "'"));
      }
      id = d["id"], text_a = d["text_a"], text_b = d["text_b"];
    } else {
      const py::tuple t = py::tuple(py::reinterpret_borrow<py::object>(item));
      if (t.size() != 3) Raise(Status::InvalidArgument(where + ": give (id, text_a, text_b) or a dict of them"));
      id = t[0], text_a = t[1], text_b = t[2];
    }
    ScoreRow row;
    row.id = py::str(id).cast<std::string>();
    for (auto [text, side, out] : {std::tuple{&text_a, "a", &row.a}, std::tuple{&text_b, "b", &row.b}}) {
      if (!py::isinstance<py::str>(*text)) Raise(Status::InvalidArgument(where + ": text_" + side + " must be a str"));
      Article fields;
      fields.id = row.id + "/" + side;
      fields.text = text->cast<std::string>();
      auto made = MakeArticle(std::move(fields), ReadOptions{});
      if (made.ok()) {
        *out = std::move(made).value();
      } else {
        // Scored 0, as `score` scores a text with no content.
        empty_texts->push_back({where + " text_" + side, made.status().message()});
        out->id = row.id;
      }
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) Raise(Status::InvalidArgument("no pairs to score"));
  return rows;
}

py::list Score(const py::iterable& pairs, std::optional<fs::path> model_path, const Collection* collection,
               const py::object& thesaurus_arg) {
  std::vector<SkippedInput> empty_texts;
  std::vector<ScoreRow> rows = ScoreRows(pairs, &empty_texts);
  for (const SkippedInput& e : empty_texts) Warn("scored 0 " + e.where + ": " + e.reason);
  const std::vector<std::string> thesaurus_paths = ThesaurusPaths(thesaurus_arg);
  std::vector<Comparison> results(rows.size());
  {
    py::gil_scoped_release release;
    std::optional<Model> model;
    if (collection == nullptr) {
      if (model_path) {
        model.emplace(Take(Model::Load(*model_path)));
      } else {
        // A model fitted on the distinct texts, borrowing the default model's frequencies.
        std::vector<Article> nonempty;
        std::unordered_set<std::string_view> seen;
        for (const ScoreRow& r : rows) {
          for (const Article* t : {&r.a, &r.b}) {
            if (!t->segments.empty() && seen.insert(t->text).second) nonempty.push_back(*t);
          }
        }
        if (nonempty.empty()) Raise(Status::InvalidArgument("every text of the pairs is empty"));
        ModelOptions fit;
        auto background = Model::Load(DefaultModelPath());
        if (background.ok()) {
          fit.background = std::make_shared<const Model>(std::move(background).value());
        } else {
          Warn("no background model (" + background.status().ToString() + "): words are weighed by the texts alone");
        }
        model.emplace(Take(Model::Fit(nonempty, fit)));
      }
    }
    const std::optional<Thesaurus> thesaurus = LoadThesaurus(thesaurus_paths);
    const Thesaurus* synonyms = thesaurus ? &*thesaurus : nullptr;
    const Model& scoring = collection ? collection->model() : *model;
    auto prepare = [&](const Article& text) {
      PreparedText p = Prepare(scoring, text, true, synonyms);
      if (collection) p.vector = Expand(Compact(p.vector));
      return p;
    };
#pragma omp parallel for schedule(dynamic, 32)
    for (int64_t i = 0; i < static_cast<int64_t>(rows.size()); ++i) {
      results[i] = Compare(prepare(rows[i].a), prepare(rows[i].b));
    }
  }
  py::list out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Comparison& c = results[i];
    out.append(ToPython(ScoreRowJson(rows[i].id, c)));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Collection.

// A collection and what guards it: engine calls that read share the mutex,
// index and save hold it alone (they may run while other Python threads,
// the GIL released, read).
class PyCollection {
 public:
  explicit PyCollection(Collection c) : c_(std::move(c)) {}

  static std::unique_ptr<PyCollection> Create(const fs::path& path, const std::string& index_type, bool sentence_index,
                                              int vocab_size, int dim, std::optional<fs::path> model_path,
                                              bool background) {
    py::gil_scoped_release release;
    if (Collection::Exists(path)) {
      Raise(Status::InvalidArgument(path.string() + " already holds a collection: open it (Collection.open)"));
    }
    if (!Collection::CanCreateIn(path)) {
      Raise(Status::InvalidArgument(path.string() +
                                    " exists and is not a parallax collection: choose an empty or new folder"));
    }
    if (vocab_size < 1) Raise(Status::InvalidArgument("vocab_size must be at least 1"));
    if (dim < 1) Raise(Status::InvalidArgument("dim must be at least 1"));
    CollectionOptions options;
    options.article_index = index_type;
    options.sentence_index = sentence_index;
    options.model.tokenizer.vocab_size = vocab_size;
    options.model.features.dim = dim;
    std::optional<Model> model;
    if (model_path) {
      model.emplace(Take(Model::Load(*model_path)));
    } else if (background) {
      // As `parallax index` does: a small corpus borrows the default model's word frequencies.
      auto loaded = Model::Load(DefaultModelPath());
      if (loaded.ok()) {
        options.model.background = std::make_shared<const Model>(std::move(loaded).value());
      } else {
        Warn("no background model (" + loaded.status().ToString() + "): words are weighed by the corpus alone");
      }
    }
    return std::make_unique<PyCollection>(Take(Collection::Create(path, options, std::move(model))));
  }

  static std::unique_ptr<PyCollection> Open(const fs::path& path) {
    py::gil_scoped_release release;
    return std::make_unique<PyCollection>(Take(Collection::Open(path)));
  }

  py::dict Index(const py::iterable& records, bool replace, bool strict) {
    std::vector<Article> fields;
    std::vector<std::string> where;
    std::vector<SkippedInput> skipped;
    size_t n = 0;
    for (const py::handle& record : records) {
      const std::string at = "records[" + std::to_string(n++) + "]";
      Article article;
      if (std::string reason = FieldsFromRecord(record, &article); !reason.empty()) {
        if (strict) Raise(Status::InvalidArgument(at + ": " + reason));
        skipped.push_back({at, std::move(reason)});
        continue;
      }
      fields.push_back(std::move(article));
      where.push_back(at);
    }
    ReadResult read;
    {
      py::gil_scoped_release release;
      // Cleaned as the corpus reader cleans a JSONL record.
      std::vector<StatusOr<Article>> made(fields.size(), Status::Internal("not made"));
#pragma omp parallel for schedule(dynamic, 16)
      for (int64_t i = 0; i < static_cast<int64_t>(fields.size()); ++i) {
        made[i] = MakeArticle(std::move(fields[i]), ReadOptions{});
      }
      for (size_t i = 0; i < made.size(); ++i) {
        if (!made[i].ok()) {
          if (strict) Raise(made[i].status().WithContext(where[i]));
          skipped.push_back({where[i], made[i].status().message()});
          continue;
        }
        if (const std::string& date = made[i]->date; !date.empty() && !ParseDate(date, DateForms::kIso)) {
          read.unread_dates.push_back({where[i], "date '" + date + "' not read: the article is kept, with no date to order it by"});
        }
        read.articles.push_back(std::move(made[i]).value());
      }
    }
    read.skipped = std::move(skipped);
    return Add(std::move(read), replace);
  }

  py::dict IndexFiles(const std::vector<std::string>& paths, bool replace, bool strict) {
    ReadResult read;
    {
      py::gil_scoped_release release;
      ReadOptions options;
      options.strict = strict;
      read = Take(ReadInputs(paths, options));
    }
    return Add(std::move(read), replace);
  }

  void Save(double wait) {
    if (!(wait >= 0 && wait <= 86400)) Raise(Status::InvalidArgument("wait takes seconds from 0 to 86400"));
    py::gil_scoped_release release;
    std::unique_lock lock(mu_);
    // One writer at a time, as `parallax index` does; Save itself refuses
    // (Unavailable) when another writer saved since this one opened.
    const std::string holder = "python parallax module (pid " + std::to_string(getpid()) + ")";
    WriterLock writer = Take(WriterLock::Acquire(c_.dir(), wait, holder));
    Check(c_.Save());
  }

  size_t size() {
    auto lock = ReadLock();
    return c_.size();
  }

  fs::path dir() { return c_.dir(); }

  int dim() {
    auto lock = ReadLock();
    if (!c_.has_model()) Raise(Status::InvalidArgument("the collection has no model yet: index articles first"));
    return c_.model().options().dim;
  }

  size_t Row(const py::object& key) {
    auto lock = ReadLock();
    if (py::isinstance<py::str>(key)) {
      const std::string id = key.cast<std::string>();
      auto row = c_.Find(id);
      if (!row) throw py::key_error("no article '" + id + "' in " + c_.dir().string());
      return *row;
    }
    int64_t i = key.cast<int64_t>();
    const int64_t n = static_cast<int64_t>(c_.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw py::index_error("article " + std::to_string(key.cast<int64_t>()) + " of " + std::to_string(n));
    return static_cast<size_t>(i);
  }

  py::dict ArticleAt(const py::object& key) {
    const size_t row = Row(key);
    auto lock = ReadLock();
    return ArticleDict(c_.article(row));
  }

  py::object Find(const std::string& id) {
    auto lock = ReadLock();
    auto row = c_.Find(id);
    return row ? py::object(py::int_(*row)) : py::object(py::none());
  }

  bool Contains(const std::string& id) {
    auto lock = ReadLock();
    return c_.Find(id).has_value();
  }

  py::array_t<float> Vector(const py::object& key) {
    const size_t row = Row(key);
    const int d = dim();
    py::array_t<float> out(d);
    float* data = out.mutable_data();
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      c_.model().Dense(Expand(c_.vector(row)), data);
    }
    return out;
  }

  py::array_t<float> Vectors() {
    auto size_lock = ReadLock();
    const size_t n = c_.size();
    const int d = n == 0 && !c_.has_model() ? 0 : c_.model().options().dim;
    size_lock.unlock();
    py::array_t<float> out({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(d)});
    float* data = out.mutable_data();
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      if (c_.size() != n) Raise(Status::Unavailable("the collection changed while its vectors were read"));
#pragma omp parallel for schedule(static)
      for (int64_t i = 0; i < static_cast<int64_t>(n); ++i) {
        c_.model().Dense(Expand(c_.vector(i)), data + static_cast<size_t>(i) * d);
      }
    }
    return out;
  }

  py::dict Search(const py::object& text, const py::object& file, int k, const std::string& mode,
                  std::optional<float> min_score) {
    if (text.is_none() == file.is_none()) Raise(Status::InvalidArgument("give exactly one of text and file"));
    SearchOptions options;
    if (k < 1) Raise(Status::InvalidArgument("k must be at least 1"));
    options.k = k;
    bool known = false;
    for (SearchMode m : {SearchMode::kAuto, SearchMode::kKeywords, SearchMode::kSimilar}) {
      if (mode == SearchModeName(m)) options.mode = m, known = true;
    }
    if (!known) Raise(Status::InvalidArgument("mode must be auto, keywords or similar, not '" + mode + "'"));
    if (min_score) options.min_similarity = options.min_bm25 = *min_score;
    Article query;
    if (!text.is_none()) {
      if (!py::isinstance<py::str>(text)) throw py::type_error("text must be a str");
      Article fields;
      fields.id = "query";
      fields.text = text.cast<std::string>();
      auto made = MakeArticle(std::move(fields), ReadOptions{});
      if (!made.ok()) Raise(made.status().WithContext("text"));
      query = std::move(made).value();
    } else {
      const fs::path path = PathString(file);
      py::gil_scoped_release release;
      query = Take(ReadArticleFile(path));
      if (options.mode == SearchMode::kAuto) options.mode = SearchMode::kSimilar;
    }
    json out;
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      const SearchResults found = Take(SearchCollection(c_, query, options));
      json results = json::array();
      for (const SearchResult& r : found.results) {
        const Article& a = c_.article(r.article);
        json j = ArticleRef(a);
        j["score"] = Round4(r.score);
        if (r.relation) j["relation"] = RelationName(*r.relation);
        const CodepointMap map(a.text);
        j["snippet"] = {{"text", a.text.substr(r.snippet.begin, r.snippet.size())},
                        {"start", map.ToCodepoint(r.snippet.begin)},
                        {"end", map.ToCodepoint(r.snippet.end)},
                        {"byte_start", r.snippet.begin},
                        {"byte_end", r.snippet.end}};
        results.push_back(std::move(j));
      }
      out = {{"results", std::move(results)}, {"mode", SearchModeName(found.mode)}};
    }
    return ToPython(out);
  }

  py::list Pairs(int neighbors, const std::string& outlet, const std::string& source_outlet,
                 const std::string& min_relation, double same_event, double related, double reuse, bool passages,
                 bool all_pairs) {
    PairOptions options;
    options.all_pairs = all_pairs;
    if (neighbors < 1) Raise(Status::InvalidArgument("neighbors must be at least 1"));
    options.neighbors = neighbors;
    options.outlet = outlet;
    options.source_outlet = source_outlet;
    options.weakest = RelationFrom(min_relation, "min_relation");
    options.compare.thresholds.same_event = static_cast<float>(same_event);
    options.compare.thresholds.related = static_cast<float>(related);
    options.compare.thresholds.reuse = static_cast<float>(reuse);
    json out = json::array();
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      const std::vector<ArticlePair> pairs = Take(FindPairs(c_, options));
      for (const ArticlePair& p : pairs) {
        out.push_back(PairJson(c_.article(p.a), c_.article(p.b), p, passages));
      }
    }
    return ToPython(out);
  }

  py::dict CompareIds(const std::string& id_a, const std::string& id_b, const py::object& thesaurus) {
    const std::vector<std::string> thesaurus_paths = ThesaurusPaths(thesaurus);
    json out;
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      const auto row_a = c_.Find(id_a), row_b = c_.Find(id_b);
      for (const auto& [id, row] : {std::pair(id_a, row_a), std::pair(id_b, row_b)}) {
        if (!row) Raise(Status::NotFound("no article '" + id + "' in " + c_.dir().string()));
      }
      if (*row_a == *row_b) Raise(Status::InvalidArgument("a and b are the same article"));
      const Article& a = c_.article(*row_a);
      const Article& b = c_.article(*row_b);
      const Model& model = c_.model();
      const AnalyzedText analysis_a = c_.analysis(*row_a), analysis_b = c_.analysis(*row_b);
      WordSet words_a, words_b;
      AddWordFigures(model, a, analysis_a, b, analysis_b, thesaurus_paths, &words_a, &words_b);
      // Scored as `pairs` scores it; the vocabulary and word figures added.
      Comparison c = Take(ComparePair(c_, *row_a, *row_b));
      c.containment_a = Containment(words_a.idf, words_b.idf);
      c.containment_b = Containment(words_b.idf, words_a.idf);
      c.word_similarity = WordSimilarity(words_a, words_b);
      out = CompareJson(a, b, c);
    }
    return ToPython(out);
  }

  py::list Score(const py::iterable& pairs, const py::object& thesaurus) {
    auto lock = ReadLock();
    if (c_.size() == 0) Raise(Status::InvalidArgument(c_.dir().string() + " holds no article, so no model: index some first"));
    return python::Score(pairs, std::nullopt, &c_, thesaurus);
  }

  py::list Stories(double window, size_t min_size, std::optional<float> link) {
    const StoryOptions story_options = StoryOptionsFrom(window, min_size, link);
    json out = json::array();
    {
      py::gil_scoped_release release;
      std::shared_lock lock(mu_);
      PairOptions pair_options;
      pair_options.weakest = Relation::kSameEvent;  // as `parallax stories`
      pair_options.max_days_apart = story_options.window_days;
      const std::vector<ArticlePair> pairs = Take(FindPairs(c_, pair_options));
      for (const Story& story : FindStories(c_, pairs, pair_options.compare.thresholds, story_options)) {
        out.push_back(StoryJson(c_, pairs, story));
      }
    }
    return ToPython(out);
  }

  py::dict Report(const fs::path& path, size_t max_pairs, double window, size_t min_size, std::optional<float> link) {
    ReportOptions options;
    options.max_pairs = max_pairs;
    options.stories = StoryOptionsFrom(window, min_size, link);
    size_t n_stories = 0, n_pairs = 0;
    {
      py::gil_scoped_release release;
      const ReportFormat format = Take(ReportFormatOf(path));
      std::shared_lock lock(mu_);
      PairOptions pair_options;
      options.thresholds = pair_options.compare.thresholds;
      const std::vector<ArticlePair> pairs = Take(FindPairs(c_, pair_options));
      const std::vector<Story> stories = FindStories(c_, pairs, pair_options.compare.thresholds, options.stories);
      const std::string report = RenderCollectionReport(c_, pairs, stories, options, format);
      const fs::path folder = path.has_parent_path() ? path.parent_path() : ".";
      if (!fs::is_directory(folder)) {
        Raise(Status::NotFound("cannot write " + path.string() + ": no folder " + folder.string() + " (create it first)"));
      }
      Check(WriteTextFileAtomic(path, report));
      n_stories = stories.size();
      n_pairs = pairs.size();
    }
    py::dict summary;
    summary["stories"] = n_stories;
    summary["pairs"] = n_pairs;
    summary["listed_pairs"] = std::min(n_pairs, max_pairs);
    return summary;
  }

 private:
  // The shared lock, taken with the GIL held: waits (if it must) with the GIL
  // released, so that no thread waits for the lock while holding the GIL.
  std::shared_lock<std::shared_mutex> ReadLock() {
    std::shared_lock lock(mu_, std::defer_lock);
    if (!lock.try_lock()) {
      py::gil_scoped_release release;
      lock.lock();
    }
    return lock;
  }

  py::dict Add(ReadResult read, bool replace) {
    AddResult added;
    {
      py::gil_scoped_release release;
      if (read.articles.empty()) {
        Raise(Status::InvalidArgument("no article could be read from the input (" + std::to_string(read.skipped.size()) +
                                      " skipped); nothing was changed"));
      }
      std::unique_lock lock(mu_);
      AddOptions options;
      options.replace = replace;
      added = Take(c_.Add(std::move(read.articles), {}, options));
    }
    py::dict d;
    d["added"] = added.added;
    d["replaced"] = added.replaced_ids;
    d["duplicates"] = added.duplicate_ids;
    d["changed"] = added.changed_ids;
    d["skipped"] = NotesList(read.skipped);
    d["undated"] = NotesList(read.unread_dates);
    return d;
  }

  Collection c_;
  std::shared_mutex mu_;
};

py::dict CompareTexts(const py::object& a_in, const py::object& b_in, std::optional<fs::path> model_path,
                      const py::object& thesaurus) {
  Article a = ArticleFrom(a_in, "a");
  Article b = ArticleFrom(b_in, "b");
  const std::vector<std::string> thesaurus_paths = ThesaurusPaths(thesaurus);
  json out;
  {
    py::gil_scoped_release release;
    const Model model = Take(LoadModel(model_path));
    const AnalyzedText analysis_a = model.Analyze(a), analysis_b = model.Analyze(b);
    WordSet words_a, words_b;
    AddWordFigures(model, a, analysis_a, b, analysis_b, thesaurus_paths, &words_a, &words_b);
    PreparedText pa = Prepare(model, a, analysis_a), pb = Prepare(model, b, analysis_b);
    pa.words = std::move(words_a);
    pb.words = std::move(words_b);
    out = CompareJson(a, b, Compare(pa, pb));
  }
  return ToPython(out);
}

// A float option's default as Python shows it (0.21, not 0.2099999934).
double Shown(float x) { return std::round(static_cast<double>(x) * 1e6) / 1e6; }

std::optional<fs::path> OptionalPath(const py::object& path) {
  if (path.is_none()) return std::nullopt;
  return fs::path(PathString(path));
}

// ---------------------------------------------------------------------------
// parallax.shards: the steps of `index` and `pairs` over the shards of one
// corpus, which parallax_dask runs as tasks on a cluster. Each takes plain
// values (records, bytes, folders, numpy arrays), so that Dask can move and
// retry it anywhere.

// The articles of `records` as Collection.index() would add them to a new
// collection: bad records and repeated ids left out.
std::vector<Article> ShardArticles(const py::iterable& records) {
  std::vector<Article> fields;
  for (const py::handle& record : records) {
    Article article;
    if (FieldsFromRecord(record, &article).empty()) fields.push_back(std::move(article));
  }
  py::gil_scoped_release release;
  std::vector<StatusOr<Article>> made(fields.size(), Status::Internal("not made"));
#pragma omp parallel for schedule(dynamic, 16)
  for (int64_t i = 0; i < static_cast<int64_t>(fields.size()); ++i) {
    made[i] = MakeArticle(std::move(fields[i]), ReadOptions{});
  }
  std::vector<Article> articles;
  std::unordered_set<std::string> ids;
  for (StatusOr<Article>& a : made) {
    if (a.ok() && ids.insert(a->id).second) articles.push_back(std::move(a).value());
  }
  return articles;
}

Tokenizer TokenizerFrom(const py::bytes& bytes) { return Take(Tokenizer::Deserialize(std::string(bytes))); }

PairOptions ShardPairOptions(int neighbors) {
  if (neighbors < 1) Raise(Status::InvalidArgument("neighbors must be at least 1"));
  PairOptions options;
  options.neighbors = neighbors;
  return options;
}

template <typename T>
py::array_t<T> Array(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

// What a shard gives the joins of `pairs`: its dense vectors, each row's
// language (an index into the model's languages, -1 for none), its
// fingerprint postings (key << 32 | offset + row) and, for each language
// L of the model, the rows of another known language sketched for L.
py::dict ShardFeatures(const fs::path& dir, int64_t offset, int neighbors) {
  const PairOptions options = ShardPairOptions(neighbors);
  std::optional<Collection> c;
  std::vector<float> dense;
  std::vector<int32_t> language;
  std::vector<uint64_t> postings;
  std::vector<std::vector<int64_t>> sketch_rows;
  std::vector<std::vector<float>> sketches;
  {
    py::gil_scoped_release release;
    c.emplace(Take(Collection::Open(dir)));
    const int64_t n = static_cast<int64_t>(c->size());
    if (offset < 0 || offset + n > (int64_t{1} << 32)) Raise(Status::InvalidArgument("row offset out of range"));
    const Model& model = c->model();
    const int dim = model.options().dim;
    const auto& languages = model.languages();
    dense.resize(static_cast<size_t>(n) * dim);
    language.assign(n, -1);
    std::vector<std::vector<uint32_t>> keys(n);
#pragma omp parallel for schedule(dynamic, 256)
    for (int64_t i = 0; i < n; ++i) {
      model.Dense(Expand(c->vector(i)), &dense[static_cast<size_t>(i) * dim]);
      if (const LanguageVocabulary* v = model.Vocabulary(c->article(i).lang)) {
        language[i] = static_cast<int32_t>(v - languages.data());
      }
      keys[i] = FingerprintKeys(*c, static_cast<size_t>(i), options);
    }
    for (int64_t i = 0; i < n; ++i) {
      for (uint32_t k : keys[i]) postings.push_back(uint64_t{k} << 32 | static_cast<uint64_t>(offset + i));
    }
    sketch_rows.resize(languages.size());
    sketches.resize(languages.size());
    for (size_t l = 0; l < languages.size(); ++l) {
      for (int64_t i = 0; i < n; ++i) {
        if (language[i] >= 0 && static_cast<size_t>(language[i]) != l) sketch_rows[l].push_back(i);
      }
      sketches[l].resize(sketch_rows[l].size() * dim);
#pragma omp parallel for schedule(dynamic, 256)
      for (int64_t j = 0; j < static_cast<int64_t>(sketch_rows[l].size()); ++j) {
        ShareableSketch(model, c->vector(sketch_rows[l][j]), languages[l], &sketches[l][j * dim]);
      }
    }
  }
  const int dim = c->model().options().dim;
  auto matrix = [&](const std::vector<float>& v) {
    py::array_t<float> out({static_cast<py::ssize_t>(v.size() / dim), static_cast<py::ssize_t>(dim)});
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
  };
  py::dict out;
  out["vectors"] = matrix(dense);
  out["language"] = Array(language);
  out["postings"] = Array(postings);
  py::list by_language;
  for (size_t l = 0; l < sketches.size(); ++l) by_language.append(py::make_tuple(Array(sketch_rows[l]), matrix(sketches[l])));
  out["sketches"] = by_language;
  out["floor"] = NeighbourFloor(options, dim);
  return out;
}

// Rows of two shards' candidate pairs scored as FindPairs scores them; the
// wanted ones (down to `min_relation`) as (row_a, row_b, strength,
// similarity, the dict `pairs --json` prints).
py::list ScoreShardPairs(const fs::path& dir_a, const py::array_t<int64_t>& rows_a, const fs::path& dir_b,
                         const py::array_t<int64_t>& rows_b, const py::array_t<bool>& shares_text,
                         const std::string& min_relation, int neighbors, bool passages) {
  PairOptions options = ShardPairOptions(neighbors);
  options.weakest = RelationFrom(min_relation, "min_relation");
  const py::ssize_t m = rows_a.size();
  if (rows_b.size() != m || shares_text.size() != m) Raise(Status::InvalidArgument("rows_a, rows_b and shares_text differ in length"));
  std::vector<CandidatePair> candidates(m);
  for (py::ssize_t i = 0; i < m; ++i) {
    candidates[i] = {static_cast<size_t>(rows_a.at(i)), static_cast<size_t>(rows_b.at(i)), shares_text.at(i)};
  }
  std::vector<Comparison> scored;
  std::optional<Collection> ca, other;
  const Collection* cb = nullptr;
  {
    py::gil_scoped_release release;
    ca.emplace(Take(Collection::Open(dir_a)));
    std::error_code same_error;
    if (fs::equivalent(dir_a, dir_b, same_error)) {
      cb = &*ca;
    } else {
      other.emplace(Take(Collection::Open(dir_b)));
      cb = &*other;
    }
    for (py::ssize_t i = 0; i < m; ++i) {
      if (candidates[i].a >= ca->size() || candidates[i].b >= cb->size()) {
        Raise(Status::InvalidArgument("row " + std::to_string(i) + " of the candidates is not in its shard"));
      }
    }
    scored = Take(ScoreCandidatesBetween(*ca, *cb, candidates, options));
  }
  py::list out;
  for (py::ssize_t i = 0; i < m; ++i) {
    const Comparison& c = scored[i];
    if (static_cast<int>(c.relation) > static_cast<int>(options.weakest)) continue;
    const size_t a = candidates[i].a, b = candidates[i].b;
    out.append(py::make_tuple(a, b, static_cast<int>(c.relation), c.similarity,
                              ToPython(ComparisonJson(ca->article(a), cb->article(b), c, passages))));
  }
  return out;
}

void DefineShardSteps(py::module_& parent) {
  using namespace pybind11::literals;
  py::module_ m = parent.def_submodule("shards", R"(The steps of `index` and `pairs` over the shards of one corpus (each an
ordinary collection, rows numbered across them), which parallax_dask runs as
Dask tasks. Each step computes its part exactly as the one-machine command
does, so the joined result is the same.)");
  m.def(
      "training_sentences",
      [](const py::iterable& records) {
        const std::vector<Article> articles = ShardArticles(records);
        py::list out;
        std::vector<std::string_view> sentences;
        for (const Article& a : articles) {
          sentences.clear();
          Model::TrainingSentences(a, &sentences);
          for (std::string_view s : sentences) out.append(Utf8(std::string(s)));
        }
        return out;
      },
      "records"_a, "The sentences a tokenizer trains on, of the articles `records` (dicts) give, in order.");
  m.def("training_stride", [](uint64_t total_bytes) { return Tokenizer::TrainingStride(total_bytes, {}); },
        "total_bytes"_a, "Of all the corpus's training sentences (total_bytes in UTF-8), every stride-th is sampled.");
  m.def("usable_for_training", [](const std::string& text) { return Tokenizer::UsableForTraining(text); }, "text"_a,
        "Whether a sampled sentence is kept (not empty, under 4 KB).");
  m.def(
      "train_tokenizer",
      [](const std::vector<std::string>& sample, int vocab_size) {
        std::string model;
        {
          py::gil_scoped_release release;
          TokenizerOptions options;
          options.vocab_size = vocab_size;
          const std::vector<std::string_view> views(sample.begin(), sample.end());
          model = Take(Tokenizer::TrainOnSample(views, options)).Serialize();
        }
        return py::bytes(model);
      },
      "sample"_a, py::kw_only(), "vocab_size"_a = TokenizerOptions().vocab_size,
      "A tokenizer (its bytes) trained on the sampled sentences.");
  m.def(
      "count_documents",
      [](const py::iterable& records, const py::bytes& tokenizer_bytes) {
        const std::vector<Article> articles = ShardArticles(records);
        const Tokenizer tokenizer = TokenizerFrom(tokenizer_bytes);
        std::string counted;
        {
          py::gil_scoped_release release;
          DocumentCounts counts(tokenizer, FeatureOptions{});
#pragma omp parallel for schedule(dynamic, 32)
          for (int64_t i = 0; i < static_cast<int64_t>(articles.size()); ++i) {
            counts.Add(articles[i], Analyze(tokenizer, articles[i]));
          }
          counted = counts.Serialize();
        }
        return py::bytes(counted);
      },
      "records"_a, "tokenizer"_a, "The document counts of the articles `records` give (bytes, for merge_counts).");
  m.def(
      "merge_counts",
      [](const py::bytes& tokenizer_bytes, const std::vector<py::bytes>& parts) {
        std::vector<std::string> held(parts.begin(), parts.end());
        const Tokenizer tokenizer = TokenizerFrom(tokenizer_bytes);
        std::string merged;
        {
          py::gil_scoped_release release;
          DocumentCounts counts(tokenizer, FeatureOptions{});
          for (const std::string& part : held) Check(counts.Merge(part));
          merged = counts.Serialize();
        }
        return py::bytes(merged);
      },
      "tokenizer"_a, "parts"_a, "The sum of several count_documents results.");
  m.def(
      "fit_model",
      [](const py::bytes& tokenizer_bytes, const py::bytes& counts_bytes, const py::object& path, bool background) {
        Tokenizer tokenizer = TokenizerFrom(tokenizer_bytes);
        const std::string counted = counts_bytes;
        const fs::path out = PathString(path);
        py::gil_scoped_release release;
        DocumentCounts counts(tokenizer, FeatureOptions{});
        Check(counts.Merge(counted));
        std::optional<Model> lent;
        if (background) {
          auto loaded = Model::Load(DefaultModelPath());
          if (loaded.ok()) lent.emplace(std::move(loaded).value());
        }
        const Model model = Model::FitWeights(std::move(tokenizer), std::move(counts), lent ? &*lent : nullptr);
        Check(model.Save(out));
        return model.documents();
      },
      "tokenizer"_a, "counts"_a, "path"_a, py::kw_only(), "background"_a = true,
      R"(Fits the model from the summed counts and writes it to `path` (what
Collection.create(model=path) reads); with background, borrowing the default
model's word frequencies as `parallax index` does. Returns the texts counted.)");
  m.def("features", &ShardFeatures, "path"_a, "offset"_a, py::kw_only(), "neighbors"_a = PairOptions().neighbors,
        R"(A shard's inputs to the joins: {"vectors", "language", "postings",
"sketches": [(rows, matrix) for each model language]}; rows are numbered
from `offset`, the shard's first row in the corpus.)");
  m.def(
      "exact_join",
      [](const py::array_t<float, py::array::c_style | py::array::forcecast>& x,
         const py::array_t<float, py::array::c_style | py::array::forcecast>& y, int k) {
        if (x.ndim() != 2 || y.ndim() != 2 || x.shape(1) != y.shape(1)) {
          Raise(Status::InvalidArgument("exact_join takes two matrices of the same width"));
        }
        const int64_t nx = x.shape(0), ny = y.shape(0);
        const int dim = static_cast<int>(x.shape(1));
        py::array_t<float> xs({nx, int64_t{k}}), ys({ny, int64_t{k}});
        py::array_t<int64_t> xl({nx, int64_t{k}}), yl({ny, int64_t{k}});
        {
          py::gil_scoped_release release;
          Check(ExactJoin(nx, x.data(), ny, y.data(), dim, k, xs.mutable_data(), xl.mutable_data(), ys.mutable_data(),
                          yl.mutable_data()));
        }
        return py::make_tuple(xs, xl, ys, yl);
      },
      "x"_a, "y"_a, "k"_a, "Each row's k best by inner product in the other set: (x_scores, x_labels, y_scores, y_labels).");
  m.def(
      "exact_self_join",
      [](const py::array_t<float, py::array::c_style | py::array::forcecast>& x, int k) {
        if (x.ndim() != 2) Raise(Status::InvalidArgument("exact_self_join takes a matrix"));
        const int64_t n = x.shape(0);
        py::array_t<float> s({n, int64_t{k}});
        py::array_t<int64_t> l({n, int64_t{k}});
        {
          py::gil_scoped_release release;
          Check(ExactSelfJoin(n, static_cast<int>(x.shape(1)), x.data(), k, s.mutable_data(), l.mutable_data()));
        }
        return py::make_tuple(s, l);
      },
      "x"_a, "k"_a, "Each row's k best by inner product among the rows (itself included): (scores, labels).");
  m.def(
      "fingerprint_pair_entries",
      [](const py::array_t<uint64_t, py::array::c_style | py::array::forcecast>& postings, int neighbors) {
        const std::vector<uint64_t> sorted(postings.data(), postings.data() + postings.size());
        if (!std::is_sorted(sorted.begin(), sorted.end())) Raise(Status::InvalidArgument("postings must be sorted"));
        std::vector<uint64_t> entries;
        {
          py::gil_scoped_release release;
          entries = FingerprintPairEntries(sorted, ShardPairOptions(neighbors));
        }
        return Array(entries);
      },
      "postings"_a, py::kw_only(), "neighbors"_a = PairOptions().neighbors,
      "Pairs of rows (lo << 32 | hi) under each fingerprint key of the sorted postings, once per key they share.");
  m.attr("min_shared_fingerprints") = PairOptions().min_shared_fingerprints;
  m.def("score", &ScoreShardPairs, "path_a"_a, "rows_a"_a, "path_b"_a, "rows_b"_a, "shares_text"_a, py::kw_only(),
        "min_relation"_a = "related", "neighbors"_a = PairOptions().neighbors, "passages"_a = false,
        R"(Candidate pairs (rows of shard a, rows of shard b, whether they share
text) scored as `parallax pairs` scores them; the wanted ones as (row_a, row_b,
strength, similarity, pair dict).)");
}

}  // namespace
}  // namespace parallax::python

PYBIND11_MODULE(parallax, m) {
  using namespace parallax;
  using namespace parallax::python;
  using namespace pybind11::literals;
  g_module = m.inc_ref().ptr();

  m.doc() = R"(parallax: finds news articles that cover the same event and passages one
outlet recycled from another (the engine of the `parallax` command).

    import parallax
    c = parallax.Collection.create("news.db")
    c.index_jsonl("articles.jsonl")   # or c.index([{"id": ..., "text": ...}, ...])
    c.save()
    for pair in c.pairs():            # the objects of `parallax pairs --json`
        print(pair["relation"], pair["similarity"], pair["a"]["id"], pair["b"]["id"])

Results are the dicts and lists the CLI prints with --json. A failed call
raises a parallax.Error subclass (NotFoundError, CorruptionError,
InvalidArgumentError, UnavailableError, IOError, InternalError) with the
engine's message. Engine calls release the GIL.)";
  m.attr("__version__") = PARALLAX_VERSION;
  py::exec(kErrorClasses, m.attr("__dict__"));
  py::register_exception_translator(&TranslateStatus);

  m.def("default_model_path", [] { return DefaultModelPath(); },
        "The model compare() and score() use when given none: $PARALLAX_MODEL, else the default model "
        "of the build tree or of the installation.");

  m.def("compare", &CompareTexts, "a"_a, "b"_a, py::kw_only(), "model"_a = py::none(), "thesaurus"_a = py::none(),
        R"(Similarity, relation and shared passages of two texts, as `parallax compare A B --json`.

a, b: each a str (an article in the .txt format: an optional " date URL" line,
a title line, body lines; its id is "a" or "b"), a dict record (id, text,
title, outlet, date, url, lang) or a path (os.PathLike: a text file, read as
the CLI reads FILE). model: a model file (default: default_model_path()).
thesaurus: None (the installed MyThes files), "none", or .dat paths.
Returns the dict `compare --json` prints.)");

  m.def(
      "score",
      [](const py::iterable& pairs, const py::object& model, const py::object& thesaurus) {
        return Score(pairs, OptionalPath(model), nullptr, thesaurus);
      },
      "pairs"_a, py::kw_only(), "model"_a = py::none(), "thesaurus"_a = py::none(),
      R"(Scores text pairs as `parallax score --pairs FILE.tsv --json` scores its rows.

pairs: an iterable of (id, text_a, text_b) tuples or dicts with those keys.
model: a model file; default: a model fitted on the distinct texts, their
word frequencies counted with the default model's. Returns a list of dicts
(id, similarity, reuse_a, reuse_b, relation, containment_a, containment_b,
word_similarity). Collection.score scores with a collection's model.)");

  py::class_<PyCollection>(m, "Collection", R"(A collection: a folder holding articles, their analyses, the model and the
indexes (what `parallax index --db DIR` makes). Create or open one with
Collection.create / Collection.open; index articles, then save().
Reads (search, pairs, ...) may run from several threads at once.)")
      .def_static(
          "create",
          [](const py::object& path, const std::string& index_type, bool sentence_index, int vocab_size, int dim,
             const py::object& model, bool background) {
            return PyCollection::Create(PathString(path), index_type, sentence_index, vocab_size, dim,
                                        OptionalPath(model), background);
          },
          "path"_a, py::kw_only(), "index_type"_a = CollectionOptions().article_index, "sentence_index"_a = true,
          "vocab_size"_a = TokenizerOptions().vocab_size, "dim"_a = FeatureOptions().dim, "model"_a = py::none(),
          "background"_a = true,
          R"(A new, empty collection for folder `path` (missing or empty); nothing is
written until save(). Options as `parallax index` takes them: index_type
(FAISS factory string, "Flat" = exact), sentence_index, vocab_size and dim
(when a model is fitted), model (a model file from `parallax train` instead of
fitting one on the first index() call), background (borrow the default model's
word frequencies while the corpus is small, as the CLI does).)")
      .def_static(
          "open", [](const py::object& path) { return PyCollection::Open(PathString(path)); }, "path"_a,
          R"(Opens the collection in folder `path`. NotFoundError if there is none,
CorruptionError (saying what to do) if a file is damaged.)")
      .def(
          "index", [](PyCollection& c, const py::iterable& records, bool replace,
                      bool strict) { return c.Index(records, replace, strict); },
          "records"_a, py::kw_only(), "replace"_a = false, "strict"_a = false,
          R"(Adds articles given as dicts with the keys of a JSONL record: id (str or
int) and text required; title, outlet, date, url, lang optional. Records
already stored (by id) are kept unless replace=True. A bad record is skipped
(listed in the result) or, with strict=True, raises InvalidArgumentError.
Returns {"added", "replaced", "duplicates", "changed", "skipped", "undated"}.
Call save() to write.)")
      .def(
          "index_jsonl",
          [](PyCollection& c, const py::object& path, bool replace, bool strict) {
            return c.IndexFiles({PathString(path)}, replace, strict);
          },
          "path"_a, py::kw_only(), "replace"_a = false, "strict"_a = false,
          R"(Adds the articles of a .jsonl file as `parallax index FILE` reads them (a
.csv or .txt file, or a folder of them, is read too). Returns what index() returns.)")
      .def("save", &PyCollection::Save, py::kw_only(), "wait"_a = 0.0,
           R"(Writes the collection as a new generation and commits it. Takes the
collection's writer lock as `parallax index` does, waiting up to `wait`
seconds for another writer; UnavailableError (naming it) when it is still
held, or when another writer saved since this collection was opened.)")
      .def_property_readonly("size", &PyCollection::size, "Number of articles.")
      .def("__len__", &PyCollection::size)
      .def("__contains__", &PyCollection::Contains, "id"_a)
      .def_property_readonly("path", &PyCollection::dir, "The collection's folder.")
      .def_property_readonly("dim", &PyCollection::dim, "Dimension of the dense article vectors (the model's).")
      .def("__repr__",
           [](PyCollection& c) {
             return "<parallax.Collection " + c.dir().string() + ": " + std::to_string(c.size()) + " articles>";
           })
      .def("article", &PyCollection::ArticleAt, "i"_a,
           R"(Article i (a row number, negative from the end, or an id) as a dict with
id, title, outlet, url, date, lang, text (empty strings for missing fields).)")
      .def("find", &PyCollection::Find, "id"_a, "The row of the article with this id, or None.")
      .def("vector", &PyCollection::Vector, "i"_a,
           "The dense vector of article i (row or id): numpy float32 of shape (dim,), the one the article index holds.")
      .def("vectors", &PyCollection::Vectors, "All dense article vectors: numpy float32 of shape (size, dim).")
      .def(
          "search",
          [](PyCollection& c, const py::object& text, const py::object& file, int k, const std::string& mode,
             std::optional<float> min_score) { return c.Search(text, file, k, mode, min_score); },
          "text"_a = py::none(), py::kw_only(), "file"_a = py::none(), "k"_a = SearchOptions().k, "mode"_a = "auto",
          "min_score"_a = py::none(),
          R"(As `parallax search --json`: the articles that hold the query's words
(mode "keywords", BM25; "quoted phrases" must appear as such) or that are most
similar to it as a whole (mode "similar"). "auto" picks keywords for a text of
at most 30 words or with a quoted phrase. file: an article file instead of
text (searched as similar; a .jsonl or .csv file of one article is read as
such). Returns {"results": [...], "mode": ...}; each result has the article's
id, title, outlet, url, date, lang, its score, in similar mode its relation
to the query (ranked as pairs ranks: relation first), and a snippet (text,
code-point start/end, byte_start/byte_end).)")
      .def("pairs", &PyCollection::Pairs, py::kw_only(), "neighbors"_a = PairOptions().neighbors, "outlet"_a = "",
           "source_outlet"_a = "", "min_relation"_a = "related",
           "same_event"_a = Shown(RelationThresholds().same_event),
           "related"_a = Shown(RelationThresholds().related), "reuse"_a = Shown(RelationThresholds().reuse), "passages"_a = false,
           "all_pairs"_a = false,
           R"(Related article pairs, strongest first: the objects `parallax pairs --json`
prints (with passages=True, those of --json --passages). Options as the CLI's:
neighbors, outlet, source_outlet, min_relation (the weakest listed, strongest
first: "duplicate", "translation", "reuse", "same-event", "related"),
thresholds same_event, related, reuse, all_pairs (a reprint group's every
pair, not only each copy's with the group's source).)")
      .def("compare", &PyCollection::CompareIds, "a"_a, "b"_a, py::kw_only(), "thesaurus"_a = py::none(),
           R"(Two stored articles by id, as `parallax compare --db DIR A B --json`:
similarity, relation and passages as pairs() reports them, plus vocabulary
containment, word similarity and the translated share. NotFoundError for an
unknown id.)")
      .def("score", &PyCollection::Score, "pairs"_a, py::kw_only(), "thesaurus"_a = py::none(),
           "As parallax.score, with this collection's model (`parallax score --db DIR`).")
      .def("stories", &PyCollection::Stories, py::kw_only(), "window"_a = StoryOptions().window_days,
           "min_size"_a = StoryOptions().min_size, "link"_a = py::none(),
           R"(The articles grouped into stories, largest first: the objects
`parallax stories --json` prints. window: days within which two articles may
link; min_size: fewest articles a story has; link: average similarity from
which groups merge (default: two thirds of the same-event threshold).)")
      .def(
          "report",
          [](PyCollection& c, const py::object& path, size_t max_pairs, double window, size_t min_size,
             std::optional<float> link) { return c.Report(PathString(path), max_pairs, window, min_size, link); },
          "path"_a, py::kw_only(), "max_pairs"_a = ReportOptions().max_pairs, "window"_a = StoryOptions().window_days,
          "min_size"_a = StoryOptions().min_size, "link"_a = py::none(),
          R"(Writes the similarity report, as `parallax report --out PATH`: .html, .json
or .md by the extension. Returns {"stories", "pairs", "listed_pairs"}.)");
  parallax::python::DefineShardSteps(m);
}
