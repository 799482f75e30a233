// `lexicon`: what a collection's model knows of translation, on a small
// French, English and German collection the test writes (each English and
// German article a translation of a French one), indexed with the FreeDict
// dictionaries Debian ships (--dictionaries installed; scripts/setup.sh
// installs them: French and German each with English, no French-German one).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "cli/run.h"
#include "corpus/temp_dir.h"

namespace parallax {
namespace {

using cli_test::Contains;
using cli_test::ParseJsonLines;
using cli_test::RunParallax;
using cli_test::RunResult;
using nlohmann::json;
using testing_util::TempDir;

struct Doc {
  const char* id;
  const char* lang;
  const char* date;
  const char* outlet;
  const char* title;
  const char* text;
};

// Four reports in French, their English translations and two in German.
const Doc kDocs[] = {
    {"fr-port", "fr", "2024-03-04", "lequotidien.fr", "Grève au port de Marseille",
     "Les dockers du port de Marseille sont en grève depuis lundi matin. Le syndicat demande une hausse des "
     "salaires et de meilleures conditions de travail. Le ministre des transports a promis de recevoir les "
     "représentants des travailleurs cette semaine. Des dizaines de navires attendent au large de la ville."},
    {"en-port", "en", "2024-03-05", "dailyledger.com", "Strike at the port of Marseille",
     "The dockers of the port of Marseille have been on strike since Monday morning. The union is asking for "
     "higher wages and better working conditions. The transport minister promised to meet the representatives "
     "of the workers this week. Dozens of ships are waiting off the coast of the city."},
    {"fr-crue", "fr", "2024-03-10", "radio-sud.fr", "La rivière sort de son lit",
     "La rivière a débordé dans la nuit après trois jours de pluie. Les pompiers ont évacué deux cents "
     "habitants du quartier de la gare. Le maire a ouvert le gymnase pour accueillir les familles. La police "
     "a fermé plusieurs routes autour de la ville."},
    {"en-crue", "en", "2024-03-11", "capitalnews.org", "The river bursts its banks",
     "The river overflowed during the night after three days of rain. Firefighters evacuated two hundred "
     "residents of the station district. The mayor opened the gymnasium to shelter the families. The police "
     "closed several roads around the town."},
    {"fr-ecole", "fr", "2024-04-02", "provence-matin.fr", "Une nouvelle école pour le village",
     "Le village inaugure une nouvelle école primaire à la rentrée. Le bâtiment accueillera cent vingt enfants "
     "dans six classes. Le conseil municipal a voté le budget de la cantine et de la bibliothèque. Les parents "
     "attendaient ce projet depuis dix ans."},
    {"en-ecole", "en", "2024-04-03", "marketwire.net", "A new school for the village",
     "The village opens a new primary school at the start of the year. The building will welcome one hundred "
     "and twenty children in six classes. The town council voted the budget for the canteen and the library. "
     "The parents had been waiting for this project for ten years."},
    {"fr-vin", "fr", "2024-05-20", "alpes-info.fr", "Les vendanges commencent tôt",
     "Les vignerons commencent les vendanges avec deux semaines d'avance cette année. La chaleur de l'été a "
     "mûri le raisin très vite. Les producteurs craignent une récolte plus petite mais de bonne qualité. Le "
     "prix du vin pourrait augmenter à l'automne."},
    {"en-vin", "en", "2024-05-21", "sportsdesk.com", "The grape harvest starts early",
     "The winegrowers are starting the grape harvest two weeks early this year. The heat of the summer ripened "
     "the grapes very quickly. The producers fear a smaller harvest but of good quality. The price of wine could "
     "rise in the autumn."},
    {"de-port", "de", "2024-03-05", "kurier.de", "Streik im Hafen von Marseille",
     "Die Hafenarbeiter von Marseille streiken seit Montagmorgen. Die Gewerkschaft fordert höhere Löhne und "
     "bessere Arbeitsbedingungen. Der Verkehrsminister hat versprochen, die Vertreter der Arbeiter diese Woche "
     "zu empfangen. Dutzende Schiffe warten vor der Küste der Stadt."},
    {"de-crue", "de", "2024-03-11", "tagesblatt.de", "Der Fluss tritt über die Ufer",
     "Der Fluss ist in der Nacht nach drei Tagen Regen über die Ufer getreten. Die Feuerwehr hat zweihundert "
     "Bewohner des Bahnhofsviertels evakuiert. Der Bürgermeister hat die Turnhalle für die Familien geöffnet. "
     "Die Polizei hat mehrere Straßen rund um die Stadt gesperrt."},
};

class LexiconTest : public ::testing::Test {
 protected:
  // In the first test (TempDir names its folder after the running test).
  void SetUp() override {
    if (dir_ != nullptr) return;
    dir_ = new TempDir;
    std::string lines;
    for (const Doc& d : kDocs) {
      lines += json{{"id", d.id},       {"lang", d.lang},   {"date", d.date},
                    {"outlet", d.outlet}, {"title", d.title}, {"text", d.text}}
                   .dump() +
               "\n";
    }
    const std::string input = dir_->Write("articles.jsonl", lines);
    db_ = dir_->Path("db");
    const RunResult index = RunParallax({"index", input, "--db", db_, "--dictionaries", "installed"});
    ASSERT_EQ(index.exit_code, 0) << index.Describe();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // `lexicon --db DB args... --json`, which must succeed with one JSON line.
  static json Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"lexicon", "--db", db_});
    args.push_back("--json");
    const RunResult run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 0) << run.Describe();
    const std::vector<json> lines = ParseJsonLines(run.out);
    EXPECT_EQ(lines.size(), 1u) << run.Describe();
    return lines.empty() ? json() : lines.front();
  }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* LexiconTest::dir_ = nullptr;
std::string LexiconTest::db_;

// The translations of a --word answer: each a word and a probability in
// (0, 1], most probable first.
void ExpectTranslations(const json& translations) {
  ASSERT_TRUE(translations.is_array()) << translations.dump();
  double previous = 1.0;
  for (const json& t : translations) {
    ASSERT_TRUE(t.is_object()) << t.dump();
    EXPECT_EQ(t.size(), 2u) << t.dump();
    ASSERT_TRUE(t["word"].is_string()) << t.dump();
    EXPECT_FALSE(t["word"].get<std::string>().empty());
    ASSERT_TRUE(t["probability"].is_number()) << t.dump();
    const double p = t["probability"].get<double>();
    EXPECT_GT(p, 0.0) << t.dump();
    EXPECT_LE(p, previous) << "most probable first: " << translations.dump();
    previous = p;
  }
}

TEST_F(LexiconTest, AWordsStemAndItsTranslations) {
  const json j = Json({"--from", "fr", "--to", "en", "--word", "ministre"});
  EXPECT_EQ(j.size(), 4u) << j.dump();
  EXPECT_EQ(j["from"], "fr");
  EXPECT_EQ(j["to"], "en");
  ASSERT_TRUE(j["stem"].is_string()) << j.dump();
  const std::string stem = j["stem"];
  EXPECT_FALSE(stem.empty());
  EXPECT_EQ(std::string("ministre").rfind(stem, 0), 0u) << "a stem is the word's first letters: " << stem;
  ExpectTranslations(j["translations"]);
  bool minister = false;
  for (const json& t : j["translations"]) minister |= t["word"].get<std::string>().rfind("minist", 0) == 0;
  EXPECT_TRUE(minister) << "FreeDict translates ministre as minister: " << j.dump();

  // Case and accents are folded, and words that begin alike share a stem.
  EXPECT_EQ(Json({"--from", "fr", "--to", "en", "--word", "MINISTÈRE"})["stem"], stem);
  EXPECT_EQ(Json({"--from", "fr", "--to", "en", "--word", "ministres"}), j);

  // --top keeps the most probable.
  const json top = Json({"--from", "fr", "--to", "en", "--word", "ministre", "--top", "1"});
  ASSERT_EQ(top["translations"].size(), 1u) << top.dump();
  EXPECT_EQ(top["translations"][0], j["translations"][0]);

  // The other direction.
  const json back = Json({"--from", "en", "--to", "fr", "--word", "minister"});
  ExpectTranslations(back["translations"]);
  EXPECT_FALSE(back["translations"].empty()) << back.dump();
}

TEST_F(LexiconTest, AWordTheLexiconLacksHasNoTranslations) {
  const RunResult run = RunParallax({"lexicon", "--db", db_, "--from", "fr", "--to", "en", "--word", "zzxqv", "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  const std::vector<json> lines = ParseJsonLines(run.out);
  ASSERT_EQ(lines.size(), 1u) << run.Describe();
  EXPECT_EQ(lines[0]["translations"], json::array());
  EXPECT_TRUE(Contains(run.err, "no fr stem")) << run.err;
}

TEST_F(LexiconTest, SummaryListsTheDirectionsAndTheMostTranslatedStems) {
  const json j = Json({"--from", "fr", "--to", "en", "--top", "5"});
  EXPECT_EQ(j["from"], "fr");
  EXPECT_EQ(j["to"], "en");
  std::set<std::string> directions;
  size_t fr_en = 0;
  for (const json& d : j["directions"]) {
    directions.insert(d["from"].get<std::string>() + " -> " + d["to"].get<std::string>());
    EXPECT_GT(d["stems"].get<size_t>(), 0u) << d.dump();
    if (d["from"] == "fr" && d["to"] == "en") fr_en = d["stems"];
  }
  EXPECT_TRUE(directions.count("fr -> en") && directions.count("en -> fr")) << j.dump();
  EXPECT_EQ(j["stems"], fr_en);
  EXPECT_GE(j["translations"].get<size_t>(), fr_en);
  ASSERT_EQ(j["most_translated"].size(), 5u) << j.dump();
  size_t previous = SIZE_MAX;
  for (const json& e : j["most_translated"]) {
    ASSERT_TRUE(e["stem"].is_string()) << e.dump();
    ExpectTranslations(e["translations"]);
    EXPECT_LE(e["translations"].size(), previous) << "most translations first";
    previous = e["translations"].size();
  }

  const RunResult text = RunParallax({"lexicon", "--db", db_, "--from", "fr", "--to", "en"});
  EXPECT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_TRUE(Contains(text.out, "fr -> en")) << text.out;
  EXPECT_TRUE(Contains(text.err, "--word")) << "a hint: " << text.err;
}

TEST_F(LexiconTest, ADirectionTheModelLacksListsThoseItHas) {
  // Two languages of the collection, but no dictionary between them.
  RunResult run = RunParallax({"lexicon", "--db", db_, "--from", "fr", "--to", "de", "--word", "ministre"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_TRUE(Contains(run.err, "does not translate fr into de")) << run.err;
  for (const char* direction : {"de -> en", "en -> de", "en -> fr", "fr -> en"}) {
    EXPECT_TRUE(Contains(run.err, direction)) << "names the directions it has: " << run.err;
  }
  // A language no article has.
  run = RunParallax({"lexicon", "--db", db_, "--from", "fr", "--to", "xx"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "no text of language 'xx'")) << run.err;
  EXPECT_TRUE(Contains(run.err, "de, en, fr")) << "names the model's languages: " << run.err;
}

// Dictionaries are opt-in: a collection indexed without --dictionaries has none.
TEST_F(LexiconTest, AModelWithoutALexiconSaysHowToGetOne) {
  const std::string db = dir_->Path("no-lexicon");
  const RunResult index = RunParallax({"index", dir_->Path("articles.jsonl"), "--db", db});
  ASSERT_EQ(index.exit_code, 0) << index.Describe();
  const RunResult run = RunParallax({"lexicon", "--db", db, "--from", "fr", "--to", "en", "--word", "ministre"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_TRUE(Contains(run.err, "has no lexicon")) << run.err;
  EXPECT_TRUE(Contains(run.err, "apt-get install dict-freedict-fra-eng dict-freedict-eng-fra")) << run.err;
  EXPECT_TRUE(Contains(run.err, "parallax index INPUT... --db NEW_DIR --dictionaries installed")) << run.err;
}

// A dictionary that cannot be read stops `index` before anything is
// created, naming the file; one that is no FreeDict database fails the run
// with its name, and the folder holds no collection.
TEST_F(LexiconTest, UnreadableDictionariesAreNamedAndNothingIsStored) {
  const std::string missing_db = dir_->Path("missing-dictionary");
  RunResult run = RunParallax({"index", dir_->Path("articles.jsonl"), "--db", missing_db, "--dictionaries",
                               dir_->Path("freedict-fra-eng.index")});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "--dictionaries: cannot read")) << run.err;
  EXPECT_TRUE(Contains(run.err, "freedict-fra-eng.index")) << run.err;
  EXPECT_FALSE(std::filesystem::exists(missing_db + "/manifest.json"));

  const std::string index = dir_->Write("freedict-fra-eng.index", "ministre\tA\n");  // no offset and length
  dir_->Write("freedict-fra-eng.dict", "ministre\nminister\n");
  const std::string bad_db = dir_->Path("bad-dictionary");
  run = RunParallax({"index", dir_->Path("articles.jsonl"), "--db", bad_db, "--dictionaries", index});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "freedict-fra-eng.index: line 1")) << run.err;
  EXPECT_FALSE(std::filesystem::exists(bad_db + "/manifest.json"));
}

TEST(LexiconUsageTest, HelpAndUsageErrors) {
  RunResult run = RunParallax({"lexicon", "--help"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.out.rfind("usage: parallax lexicon ", 0), 0u) << run.out;
  for (const char* option : {"--db", "--from", "--to", "--word", "--top N (1-10000, default 20)", "--json"}) {
    EXPECT_TRUE(Contains(run.out, option)) << option;
  }
  run = RunParallax({"--help"});
  EXPECT_TRUE(Contains(run.out, "\n  lexicon ")) << run.out;

  TempDir dir;
  const std::string db = dir.Path("db");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"lexicon", "--from", "fr", "--to", "en"}, "--db"},
      {{"lexicon", "--db", db, "--to", "en"}, "--from"},
      {{"lexicon", "--db", db, "--from", "fr"}, "--to"},
      {{"lexicon", "--db", db, "--from", "fr", "--to", "fr"}, "both 'fr'"},
      {{"lexicon", "--db", db, "--from", "fr", "--to", "en", "--top", "0"}, "--top"},
      {{"lexicon", "--db", db, "--from", "fr", "--to", "en", "--word", ""}, "--word"},
  };
  for (const auto& [args, message] : cases) {
    run = RunParallax(args);
    EXPECT_EQ(run.exit_code, 2) << run.Describe();
    EXPECT_TRUE(Contains(run.err, message)) << "expected '" << message << "' in " << run.Describe();
    EXPECT_TRUE(Contains(run.err, "parallax lexicon --help")) << run.err;
  }
  run = RunParallax({"lexicon", "--db", db, "--from", "fr", "--to", "en"});
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "no parallax collection")) << run.err;
}

}  // namespace
}  // namespace parallax
