// A small synthetic news corpus for the store and match tests, written for
// them: four events of three articles each (two in French, two in English),
// four unrelated articles, one article that copies a paragraph of another
// verbatim, and an edited copy of that article (a few words replaced in one
// paragraph, which is also moved).
//
// Every article is built the same way: its lines (title, then body
// paragraphs) joined by "\n", and `segments` = one span per line, so every
// passage offset a test expects can be computed with text.find(paragraph).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parallax/article.h"

namespace parallax::test_corpus {

// Joins `lines` with "\n"; segments are the lines.
inline Article MakeDoc(const std::string& id, const std::string& outlet, const std::string& date,
                       const std::string& lang, const std::vector<std::string>& lines) {
  Article a;
  a.id = id;
  a.outlet = outlet;
  a.date = date;
  a.lang = lang;
  a.title = lines.empty() ? "" : lines.front();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) a.text += "\n";
    const uint32_t begin = static_cast<uint32_t>(a.text.size());
    a.text += lines[i];
    a.segments.push_back(Span{begin, static_cast<uint32_t>(a.text.size())});
  }
  return a;
}

// The expected passage of `part` copied into `text` (its first occurrence;
// {0, 0} when `text` does not contain it). A passage runs from the start of
// its first token to the end of its last one: for a copied paragraph, from
// its first byte (sentences are trimmed, so the first token starts there) to
// the end of its final punctuation, which is a token.
inline Span PassageSpan(const std::string& text, const std::string& part) {
  const size_t at = text.find(part);
  if (at == std::string::npos) return Span{};
  return Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + part.size())};
}

// Event labels; 0 = belongs to no event.
inline constexpr int kNoEvent = 0;

struct Doc {
  Article article;
  int event = kNoEvent;
};

// ---- The verbatim copy: the first paragraph of "e3a" appears, unchanged, in "reuse1" and "reuse2". ----
inline const std::string kCopiedParagraph =
    "About 1,500 residents were evacuated from the villages of Castelnou and Saint-Aubin and spent the night "
    "in a school gymnasium in Redmont. No injuries have been reported, but at least a dozen houses and several "
    "barns were destroyed.";

// ---- "reuse1" (a local weekly) and its edited copy "reuse2". ----
inline const std::string kReuseTitle = "Hill country weekly: council approves new budget";
inline const std::string kReuseP1 =
    "The county council approved a budget of 48 million pounds on Wednesday evening after a three-hour debate. "
    "The largest increases go to road maintenance and to the public library network, which will extend its "
    "opening hours.";
inline const std::string kReuseP2 =
    "Councillors also voted to freeze parking charges in the town centre for another year. Shop owners had "
    "warned: \"Higher fees would push shoppers towards the out-of-town retail parks and empty the high "
    "street.\"";
// kReuseP2 with two words replaced ("town" -> "city", "fees" -> "prices"),
// both well inside the paragraph.
//
// Around each moved or copied paragraph, the neighbouring paragraphs end (or
// start) with different tokens in the two texts: P1 ends with '.', P2 with a
// closing quote, e3a's title with a word; P2, P3 and P4 start with different
// words. So no passage grows across a paragraph boundary by matching a
// neighbouring token by chance; the test
// CompareTest.CopiedParagraphAfterTheSameWordStartsAtTheParagraph (skipped:
// engine bug) shows what happens when they end the same way.
inline const std::string kReuseP2Edited =
    "Councillors also voted to freeze parking charges in the city centre for another year. Shop owners had "
    "warned: \"Higher prices would push shoppers towards the out-of-town retail parks and empty the high "
    "street.\"";
inline const std::string kReuseP3 = kCopiedParagraph;
inline const std::string kReuseP4 =
    "In other news, the summer music festival in the market square will go ahead as planned next month. "
    "Organisers said tickets for the opening concert had sold out within two days.";

// reuse1: title, P1, P2, P3 (copied), P4.
inline Article ReuseOriginal() {
  return MakeDoc("reuse1", "hillcountry-weekly.com", "2022-07-22", "en",
                 {kReuseTitle, kReuseP1, kReuseP2, kReuseP3, kReuseP4});
}
// reuse2: title, P1, P3, P2 edited, P4 (P2 is edited and moved after P3).
inline Article ReuseEditedCopy() {
  return MakeDoc("reuse2", "valley-digest.com", "2022-07-25", "en",
                 {kReuseTitle, kReuseP1, kReuseP3, kReuseP2Edited, kReuseP4});
}

inline std::vector<Doc> SyntheticCorpus() {
  std::vector<Doc> docs;
  auto add = [&docs](int event, Article a) { docs.push_back(Doc{std::move(a), event}); };

  // Event 1 (French): the Marseille dockers' strike.
  add(1, MakeDoc("e1a", "lequotidien.fr", "2024-03-04", "fr",
                 {"Marseille : les dockers bloquent le port pour trois jours",
                  "Les dockers du Grand Port maritime de Marseille ont voté lundi matin une grève de trois jours pour "
                  "protester contre la réforme des retraites portuaires. Le mouvement a été approuvé à une large "
                  "majorité lors d'une assemblée générale tenue sur le quai de la Joliette.",
                  "Les ferries à destination de la Corse et de l'Algérie restent à quai depuis l'aube, et plusieurs "
                  "porte-conteneurs attendent au large du golfe de Fos. La direction du port estime que chaque "
                  "journée de blocage coûte plusieurs millions d'euros aux entreprises de la région.",
                  "Le syndicat CGT des dockers réclame l'ouverture immédiate de négociations avec le ministère des "
                  "Transports. Une nouvelle assemblée générale est prévue jeudi pour décider d'une éventuelle "
                  "reconduction du mouvement."}));
  add(1, MakeDoc("e1b", "radio-sud.fr", "2024-03-04", "fr",
                 {"Grève au port de Marseille : les ferries pour la Corse immobilisés",
                  "À Marseille, la grève des dockers paralyse le port depuis lundi. Réunis en assemblée générale à "
                  "la Joliette, les salariés ont décidé de cesser le travail pendant trois jours contre la réforme "
                  "de leurs retraites.",
                  "Aucun ferry n'a quitté le port pour la Corse ou pour Alger, et des centaines de passagers ont dû "
                  "reporter leur voyage. Au large de Fos, une dizaine de porte-conteneurs patientent en attendant "
                  "la reprise du travail.",
                  "La CGT demande au ministère des Transports d'ouvrir des négociations. Les dockers se retrouveront "
                  "jeudi pour voter la suite du mouvement."}));
  add(1, MakeDoc("e1c", "provence-matin.fr", "2024-03-05", "fr",
                 {"Port de Marseille : deuxième jour de grève des dockers",
                  "Le port de Marseille-Fos vit mardi sa deuxième journée de grève. Les dockers, mobilisés contre la "
                  "réforme des retraites portuaires, ont reconduit le blocage des terminaux de la Joliette et de "
                  "Fos.",
                  "Selon la direction du port, les pertes pour les entreprises de la région se chiffrent déjà en "
                  "millions d'euros. Les compagnies de ferries ont annulé toutes leurs traversées vers la Corse et "
                  "l'Algérie jusqu'à jeudi.",
                  "Les représentants de la CGT attendent toujours une réponse du ministère des Transports à leur "
                  "demande de négociations."}));

  // Event 2 (English): a central bank rate rise.
  add(2, MakeDoc("e2a", "dailyledger.com", "2023-09-21", "en",
                 {"Central bank raises key rate to a fifteen-year high",
                  "The central bank raised its benchmark interest rate by a quarter of a percentage point on "
                  "Thursday, lifting it to 4.5 percent, the highest level in fifteen years. Policymakers said "
                  "inflation remained too high despite a slowdown in consumer prices over the summer.",
                  "Governor Helen Marsh told reporters that the board was prepared to tighten policy further if "
                  "wage growth did not cool. Seven of the nine board members voted for the increase, while two "
                  "preferred to keep rates on hold.",
                  "Mortgage lenders are expected to pass the higher cost on to borrowers within weeks. Shares of "
                  "banks rose after the announcement, while the currency strengthened against the dollar."}));
  add(2, MakeDoc("e2b", "marketwire.net", "2023-09-21", "en",
                 {"Rates climb again as central bank fights inflation",
                  "Borrowing costs went up again on Thursday after the central bank lifted its key rate by 25 basis "
                  "points to 4.5 percent. It was the board's fifth consecutive increase and takes rates to their "
                  "highest point since 2008.",
                  "In a split decision, seven members of the board backed the move and two voted to pause. Governor "
                  "Helen Marsh warned that further increases could follow if inflation and wage growth stay "
                  "elevated.",
                  "Homeowners on variable mortgages will see their monthly payments rise. The currency gained "
                  "against the dollar and bank shares climbed after the decision."}));
  add(2, MakeDoc("e2c", "capitalnews.org", "2023-09-22", "en",
                 {"What the central bank's latest rate rise means for households",
                  "The quarter-point rise announced on Thursday brings the central bank's main rate to 4.5 percent. "
                  "Governor Helen Marsh said the board would not hesitate to act again if inflation proved "
                  "stubborn.",
                  "For households, the rise means higher mortgage repayments and slightly better returns on savings "
                  "accounts. Economists expect lenders to adjust their rates before the end of the month.",
                  "Two of the nine board members opposed the increase, arguing that the economy was already "
                  "slowing."}));

  // Event 3 (English): a wildfire near Redmont.
  // The copied paragraph leads e3a, right after the title (which ends with a word).
  add(3, MakeDoc("e3a", "valleytimes.com", "2022-07-18", "en",
                 {"Wildfire forces evacuation of hillside villages near Redmont",
                  kCopiedParagraph,
                  "The wildfire broke out on Sunday afternoon in the pine forests north of Redmont and has burned "
                  "more than 2,000 hectares, according to the regional fire service. Strong winds and temperatures "
                  "above 40 degrees pushed the flames towards several hillside villages overnight.",
                  "More than 600 firefighters, supported by four water-bombing aircraft, were battling the blaze on "
                  "Monday. The fire service warned that a change in wind direction could threaten the main road "
                  "between Redmont and the coast.",
                  "Investigators are examining whether a spark from agricultural machinery started the fire. The "
                  "prefect has banned all access to the forest until further notice."}));
  add(3, MakeDoc("e3b", "southernpost.com", "2022-07-18", "en",
                 {"Redmont wildfire: villages evacuated as flames spread",
                  "Firefighters were struggling on Monday to contain a wildfire north of Redmont that has already "
                  "destroyed over 2,000 hectares of pine forest. The blaze started on Sunday and was fanned by "
                  "strong winds and extreme heat.",
                  "Residents of Castelnou and Saint-Aubin, around 1,500 people, were moved to a gymnasium in "
                  "Redmont. Around twelve homes were lost but nobody was hurt.",
                  "Four water-bombing planes and more than 600 firefighters are deployed. Authorities closed the "
                  "forest to the public while investigators look into farm machinery as a possible cause."}));
  add(3, MakeDoc("e3c", "radio-coast.net", "2022-07-19", "en",
                 {"Redmont fire still burning after two days",
                  "The wildfire near Redmont was still not under control on Tuesday, two days after it started in "
                  "the pine forests north of the town. The burned area now exceeds 2,500 hectares.",
                  "Evacuated residents of Castelnou and Saint-Aubin have not been allowed to return home. The fire "
                  "service said the wind had eased slightly, giving the 600 firefighters and the water-bombing "
                  "aircraft a chance to protect the road to the coast."}));

  // Event 4 (French): a regional train derailed by a rockfall.
  add(4, MakeDoc("e4a", "alpes-info.fr", "2023-11-08", "fr",
                 {"Un train régional déraille dans la vallée de la Maurienne",
                  "Un train régional transportant une centaine de voyageurs a déraillé mercredi matin entre Modane "
                  "et Saint-Michel-de-Maurienne, à la suite d'un éboulement sur la voie. Deux voitures se sont "
                  "couchées sur le ballast.",
                  "Selon la préfecture de Savoie, huit passagers ont été légèrement blessés et transportés à "
                  "l'hôpital de Saint-Jean-de-Maurienne. Le conducteur a freiné en apercevant les rochers, ce qui a "
                  "évité un bilan plus lourd.",
                  "La circulation ferroviaire est interrompue dans la vallée et des cars de substitution ont été mis "
                  "en place. La SNCF prévoit plusieurs jours de travaux pour dégager la voie et sécuriser la paroi "
                  "rocheuse."}));
  add(4, MakeDoc("e4b", "le-dauphinois.fr", "2023-11-08", "fr",
                 {"Maurienne : déraillement d'un TER après un éboulement",
                  "Des rochers tombés sur la voie ont provoqué mercredi le déraillement d'un TER près de Modane, en "
                  "Savoie. Huit voyageurs ont été blessés légèrement, d'après la préfecture.",
                  "Le conducteur a eu le temps de freiner avant le choc, ce qui a limité les dégâts. Deux voitures "
                  "ont toutefois quitté les rails.",
                  "Le trafic est coupé entre Modane et Saint-Michel-de-Maurienne. Des cars remplacent les trains "
                  "pendant les travaux de déblaiement, qui devraient durer plusieurs jours."}));
  add(4, MakeDoc("e4c", "montagne-hebdo.fr", "2023-11-09", "fr",
                 {"Après le déraillement en Maurienne, la sécurité des parois rocheuses en question",
                  "Au lendemain du déraillement d'un train régional près de Modane, les élus de la vallée de la "
                  "Maurienne demandent à la SNCF un plan de surveillance des parois rocheuses. L'éboulement de "
                  "mercredi a fait huit blessés légers.",
                  "Les cars de substitution circulent entre Modane et Saint-Michel-de-Maurienne, et la voie ne "
                  "devrait pas rouvrir avant la fin de la semaine."}));

  // Unrelated articles.
  add(kNoEvent, MakeDoc("u1", "artsreview.com", "2023-04-02", "en",
                        {"Roman mosaics go on display at the city museum",
                         "A collection of Roman floor mosaics discovered during the construction of an underground "
                         "car park has gone on display at the city museum. The largest piece shows a hunting scene "
                         "with deer, dogs and riders.",
                         "Curators spent three years cleaning and restoring the fragments, some of which had been "
                         "broken into hundreds of pieces. The exhibition runs until the end of October and entry is "
                         "free for children."}));
  add(kNoEvent, MakeDoc("u2", "cuisine-et-terroir.fr", "2023-10-15", "fr",
                        {"La fête de la châtaigne attire les gourmands en Ardèche",
                         "Plus de vingt mille visiteurs se sont pressés ce week-end dans les ruelles de Privas pour la "
                         "fête de la châtaigne. Les producteurs proposaient des marrons grillés, de la crème de "
                         "marrons et des liqueurs artisanales.",
                         "Les organisateurs se félicitent d'une récolte abondante après deux années de sécheresse. Un "
                         "concours de desserts a récompensé une pâtissière du village voisin pour son gâteau moelleux "
                         "aux châtaignes."}));
  add(kNoEvent, MakeDoc("u3", "sportsdesk.com", "2023-08-30", "en",
                        {"United sign Brazilian striker on four-year deal",
                         "United have completed the signing of Brazilian striker Lucas Amaral on a four-year contract "
                         "for an undisclosed fee. The 24-year-old scored nineteen league goals last season.",
                         "Manager Tom Reilly said Amaral would add pace and creativity to the attack. The forward is "
                         "expected to make his debut against Rovers on Saturday."}));
  add(kNoEvent, MakeDoc("u4", "bordeaux-actu.fr", "2024-01-20", "fr",
                        {"Bordeaux inaugure une nouvelle ligne de tramway",
                         "La métropole de Bordeaux a inauguré samedi la ligne E du tramway, qui relie la gare "
                         "Saint-Jean au quartier des Bassins à flot en vingt minutes. Plusieurs milliers d'habitants "
                         "ont profité des trajets gratuits proposés pour l'occasion.",
                         "Le chantier, commencé il y a quatre ans, a coûté près de deux cents millions d'euros. Les "
                         "élus espèrent réduire la circulation automobile sur les quais."}));

  // The verbatim copy and its edited copy (no event: a weekly round-up).
  add(kNoEvent, ReuseOriginal());
  add(kNoEvent, ReuseEditedCopy());
  return docs;
}

inline std::vector<Article> SyntheticArticles() {
  std::vector<Article> out;
  for (Doc& d : SyntheticCorpus()) out.push_back(std::move(d.article));
  return out;
}

}  // namespace parallax::test_corpus
