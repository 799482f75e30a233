"""Hand-written articles of parallax's translation data set (data/translations/).

Every outlet, person, place and event below is fictional and was written for the project; no sentence is taken
from a real article. make_translation_corpus.py turns this module into the data files and their ground truth, so
edit the texts here (never the generated files) and run it again.

How the texts are written down:
  source(...)        an English article: a list of paragraphs, each a list of sentences. Sentences are numbered
                     0, 1, 2... in reading order across the whole article (the comments give the numbers).
  translation(...)   a French or German translation of a source: a list of paragraphs, each a list of units
                     (text, [source sentence numbers]). One unit is one sentence of the translation:
                       ("...", [7])        translates source sentence 7
                       ("...", [3, 4])     merges source sentences 3 and 4 (consecutive, same paragraph)
                       ("...", [5]), ("...", [5])   two consecutive units: source sentence 5 split in two
                       ("...", [])         added by the translator (no source)
                     A source sentence that no unit names is cut; cuts are whole source paragraphs.
  other(...)         a French or German article that is NOT a translation: independent coverage of a source's
                     event (relation "same_event"), or an unrelated story (relation "unrelated"); each is paired
                     with a source in pairs.jsonl as a negative.

Typography is applied by the outlet's style when the texts are assembled (see make_translation_corpus.typeset):
French is written here with straight apostrophes and plain spaces inside « » and before : ; ? ! %; the style
turns them into the outlet's typography (curly apostrophes, no-break spaces). A "~" stands for a no-break space
(5~h~40, 70~km/h). English outlets keep their corpus style (Continental Wire and Harbourside Gazette straight
quotes, The Northern Ledger and The Evening Meridian curly quotes). German is written as printed („…“, 1.400).
"""

import sample_articles

_CORPUS = sample_articles.OUTLETS

# Outlet key -> name, language, typography style, URL pattern. The English outlets and Le Quotidien Continental
# are those of the sample corpus (data/corpus/), with the same typography.
OUTLETS = {
    "contwire": dict(name=_CORPUS["contwire"]["name"], lang="en", style=_CORPUS["contwire"]["style"],
                     url=_CORPUS["contwire"]["url"]),
    "ledger": dict(name=_CORPUS["ledger"]["name"], lang="en", style=_CORPUS["ledger"]["style"],
                   url=_CORPUS["ledger"]["url"]),
    "meridian": dict(name=_CORPUS["meridian"]["name"], lang="en", style=_CORPUS["meridian"]["style"],
                     url=_CORPUS["meridian"]["url"]),
    "harbourside": dict(name=_CORPUS["harbourside"]["name"], lang="en", style=_CORPUS["harbourside"]["style"],
                        url=_CORPUS["harbourside"]["url"]),
    "quotidien": dict(name=_CORPUS["quotidien"]["name"], lang="fr", style=_CORPUS["quotidien"]["style"],
                      url=_CORPUS["quotidien"]["url"]),
    "littoral": dict(name="La Voix du Littoral", lang="fr", style="fr_curly",
                     url="https://www.lavoixdulittoral.fr/monde/{y}/{m}/{d}/{slug}"),
    "valombre": dict(name="Le Journal de Valombre", lang="fr", style="fr_straight",
                     url="https://www.journaldevalombre.fr/{y}{m}{d}/{slug}"),
    "nordstern": dict(name="Nordstern Nachrichten", lang="de", style="de",
                      url="https://www.nordstern-nachrichten.de/{y}/{m}/{d}/{slug}.html"),
    "velmstadt": dict(name="Velmstädter Allgemeine", lang="de", style="de",
                      url="https://www.velmstaedter-allgemeine.de/welt/{slug}-{d}{m}{y}"),
}

EVENTS = {
    "tr1": "A Norvalian passenger ferry runs aground off the island of Skarvøy; 212 passengers and 31 crew evacuated",
    "tr2": "A painting stolen from Kestlebridge Museum and Art Gallery in 1994 is found in a farmhouse loft",
    "tr3": "Carmaker Halvard Automotive to build a 2.1 billion euro battery cell plant in Brennvik (Norvalia)",
    "tr4": "A young humpback whale stranded in the Wend estuary is refloated after a 30-hour rescue",
}

ARTICLES = []


def source(id, event, outlet, date, title, paragraphs):
    ARTICLES.append(dict(id=id, role="source", event=event, outlet=outlet, date=date, lang="en", title=title,
                         paragraphs=paragraphs, translation_of=None, about=None, relation=None, paired_with=None))


def translation(id, event, outlet, date, lang, title, translation_of, paragraphs):
    ARTICLES.append(dict(id=id, role="translation", event=event, outlet=outlet, date=date, lang=lang, title=title,
                         paragraphs=paragraphs, translation_of=translation_of, about=None, relation=None,
                         paired_with=translation_of))


def other(id, event, outlet, date, lang, title, paragraphs, relation, paired_with):
    """A non-translation: about = the source whose event it covers (None when unrelated)."""
    ARTICLES.append(dict(id=id, role="negative", event=event, outlet=outlet, date=date, lang=lang, title=title,
                         paragraphs=paragraphs, translation_of=None,
                         about=paired_with if relation == "same_event" else None, relation=relation,
                         paired_with=paired_with))


# ---------------------------------------------------------------------------------------------------------------
# tr1: ferry aground off Skarvøy
# ---------------------------------------------------------------------------------------------------------------

source("tr1-contwire-0408", "tr1", "contwire", "2024-04-08",
       "Norvalian ferry runs aground off Skarvøy, all 212 passengers evacuated", [
           [  # 0, 1
               "OSTBERG, April 8 (Continental Wire) - A Norvalian passenger ferry ran aground off the island of "
               "Skarvøy early on Monday, forcing the evacuation of all 212 passengers and 31 crew members in rough "
               "seas, the coastguard said.",
               "No one was seriously hurt.",
           ],
           [  # 2, 3
               "The Nordic Tern, operated by state-owned ferry company Fjordlinje, struck a rocky shoal about 800 "
               "metres from the harbour entrance at 5:40 a.m. local time, shortly after leaving Skarvøy for the "
               "mainland port of Halsvik.",
               "Water flooded two of its ballast tanks, and the ship came to rest listing about eight degrees to "
               "port.",
           ],
           [  # 4, 5
               "Passengers were taken off by lifeboat and by two coastguard cutters in an operation that lasted "
               "just under three hours.",
               "Eleven people were treated for mild hypothermia and a crew member for a hand injury.",
           ],
           [  # 6, 7
               "\"The crew did exactly what they were trained to do, and the passengers stayed remarkably calm,\" "
               "said Commander Sigrid Aalvik, who led the rescue.",
               "\"In those conditions, getting everyone off in under three hours is a very good result.\"",
           ],
           [  # 8, 9
               "Winds were gusting at up to 70 kilometres per hour when the ship grounded, and visibility was poor, "
               "according to the national weather service.",
               "It was not immediately clear why the vessel had strayed from the marked channel.",
           ],
           [  # 10, 11
               "The Norvalian Maritime Accident Board said it had sent three investigators to the island and would "
               "examine the ship's voyage data recorder.",
               "Police said the captain had passed a breath test.",
           ],
           [  # 12, 13
               "Fjordlinje chief executive Tor Melbye said the company would pay for hotel rooms for stranded "
               "passengers and would run a replacement service with a chartered vessel from Tuesday.",
               "The Nordic Tern, built in 2009, can carry up to 400 passengers and 120 cars.",
           ],
           [  # 14, 15
               "Environmental officials said a thin sheen of diesel had been spotted near the hull but that no major "
               "leak had been detected.",
               "A floating boom was placed around the ship as a precaution.",
           ],
           [  # 16, 17
               "Skarvøy, home to about 1,900 people, relies on the ferry for most of its supplies and for access to "
               "the hospital in Halsvik.",
               "Islanders have long complained about the age of the fleet serving the archipelago.",
           ],
           [  # 18
               "The grounding is the most serious accident involving a Norvalian passenger ferry since 2011, when a "
               "fire on board a vessel in the southern fjords injured four people.",
           ],
           [  # 19
               "Fjordlinje said salvage crews hoped to refloat the ship at high tide on Wednesday if the weather "
               "improved.",
           ],
       ])

# French: 0+1 merged, 2 split, paragraph 7 (14-15) cut, paragraphs 5 and 6 swapped, one sentence added.
translation("tr1-littoral-0409", "tr1", "littoral", "2024-04-09", "fr",
            "Norvalie : un ferry s'échoue au large de Skarvøy, ses 212 passagers évacués",
            "tr1-contwire-0408", [
                [
                    ("Un ferry norvalien s'est échoué lundi à l'aube au large de l'île de Skarvøy : ses 212 passagers "
                     "et ses 31 membres d'équipage ont dû être évacués par une mer agitée, sans que personne ne soit "
                     "grièvement blessé, ont indiqué les garde-côtes.", [0, 1]),
                ],
                [
                    ("Le Nordic Tern, exploité par la compagnie publique Fjordlinje, a heurté un haut-fond rocheux à "
                     "quelque 800 mètres de l'entrée du port, à 5~h~40, heure locale.", [2]),
                    ("Il venait de quitter Skarvøy pour rallier Halsvik, sur le continent.", [2]),
                    ("Deux de ses ballasts ont été envahis par l'eau et le navire s'est immobilisé avec une gîte "
                     "d'environ huit degrés sur bâbord.", [3]),
                ],
                [
                    ("Les passagers ont été évacués à bord des canots de sauvetage et de deux vedettes des "
                     "garde-côtes, une opération qui a duré un peu moins de trois heures.", [4]),
                    ("Onze personnes ont été soignées pour une légère hypothermie et un membre d'équipage pour une "
                     "blessure à la main.", [5]),
                ],
                [
                    ("« L'équipage a fait exactement ce pour quoi il a été formé, et les passagers sont restés "
                     "remarquablement calmes », a déclaré la commandante Sigrid Aalvik, qui a dirigé les secours.",
                     [6]),
                    ("« Dans ces conditions, évacuer tout le monde en moins de trois heures est un très bon "
                     "résultat. »", [7]),
                ],
                [
                    ("Les rafales atteignaient 70~km/h au moment de l'échouement et la visibilité était mauvaise, "
                     "selon le service météorologique national.", [8]),
                    ("On ignorait encore pourquoi le navire s'était écarté du chenal balisé.", [9]),
                ],
                [
                    ("Le directeur général de Fjordlinje, Tor Melbye, a annoncé que la compagnie prendrait en charge "
                     "l'hébergement à l'hôtel des passagers bloqués et assurerait dès mardi une liaison de "
                     "remplacement avec un navire affrété.", [12]),
                    ("Construit en 2009, le Nordic Tern peut transporter jusqu'à 400 passagers et 120 voitures.",
                     [13]),
                ],
                [
                    ("Le Bureau norvalien d'enquêtes sur les accidents maritimes a dépêché trois enquêteurs sur l'île "
                     "et examinera l'enregistreur des données de voyage du navire.", [10]),
                    ("Selon la police, le commandant a été soumis à un contrôle d'alcoolémie, qui s'est révélé "
                     "négatif.", [11]),
                ],
                [
                    ("Skarvøy, qui compte environ 1 900 habitants, dépend du ferry pour l'essentiel de son "
                     "ravitaillement et pour l'accès à l'hôpital de Halsvik.", [16]),
                    ("L'île n'est reliée au continent par aucun pont ni aucune ligne aérienne régulière.", []),
                    ("Ses habitants dénoncent depuis longtemps la vétusté de la flotte qui dessert l'archipel.", [17]),
                ],
                [
                    ("Il s'agit de l'accident le plus grave impliquant un ferry de passagers norvalien depuis 2011, "
                     "lorsqu'un incendie à bord d'un navire, dans les fjords du Sud, avait fait quatre blessés.", [18]),
                ],
                [
                    ("Les équipes de renflouage espèrent remettre le navire à flot mercredi à marée haute si la météo "
                     "s'améliore, a précisé Fjordlinje.", [19]),
                ],
            ])

# German: 0 split, 10+11 merged, paragraph 9 (18) cut, one sentence added.
translation("tr1-nordstern-0409", "tr1", "nordstern", "2024-04-09", "de",
            "Fähre vor norvalischer Insel Skarvøy auf Grund gelaufen – alle 212 Passagiere in Sicherheit",
            "tr1-contwire-0408", [
                [
                    ("Vor der norvalischen Insel Skarvøy ist am frühen Montagmorgen eine Passagierfähre auf Grund "
                     "gelaufen.", [0]),
                    ("Alle 212 Passagiere und 31 Besatzungsmitglieder mussten bei rauer See von Bord gebracht werden, "
                     "wie die Küstenwache mitteilte.", [0]),
                    ("Ernsthaft verletzt wurde niemand.", [1]),
                ],
                [
                    ("Die „Nordic Tern“ der staatlichen Reederei Fjordlinje lief um 5.40 Uhr Ortszeit etwa 800 Meter "
                     "vor der Hafeneinfahrt auf eine Felsuntiefe, kurz nachdem sie Skarvøy in Richtung des "
                     "Festlandhafens Halsvik verlassen hatte.", [2]),
                    ("Wasser drang in zwei Ballasttanks ein, das Schiff kam mit rund acht Grad Schlagseite nach "
                     "Backbord zum Liegen.", [3]),
                ],
                [
                    ("Die Passagiere wurden mit Rettungsbooten und zwei Schiffen der Küstenwache in Sicherheit "
                     "gebracht; der Einsatz dauerte knapp drei Stunden.", [4]),
                    ("Elf Menschen wurden wegen leichter Unterkühlung behandelt, ein Besatzungsmitglied wegen einer "
                     "Handverletzung.", [5]),
                ],
                [
                    ("„Die Besatzung hat genau das getan, wofür sie ausgebildet wurde, und die Passagiere sind "
                     "bemerkenswert ruhig geblieben“, sagte Kommandantin Sigrid Aalvik, die den Rettungseinsatz "
                     "leitete.", [6]),
                    ("„Unter diesen Bedingungen alle in weniger als drei Stunden von Bord zu holen, ist ein sehr gutes "
                     "Ergebnis.“", [7]),
                ],
                [
                    ("Nach Angaben des nationalen Wetterdienstes erreichten die Windböen zum Zeitpunkt des Unglücks "
                     "bis zu 70 Kilometer pro Stunde, die Sicht war schlecht.", [8]),
                    ("Warum das Schiff von der markierten Fahrrinne abkam, war zunächst unklar.", [9]),
                ],
                [
                    ("Die norvalische Seeunfalluntersuchungsbehörde entsandte drei Ermittler auf die Insel, um den "
                     "Fahrtdatenschreiber des Schiffes auszuwerten; ein Atemalkoholtest beim Kapitän verlief nach "
                     "Angaben der Polizei negativ.", [10, 11]),
                ],
                [
                    ("Fjordlinje-Chef Tor Melbye kündigte an, die Reederei werde die Hotelkosten der gestrandeten "
                     "Fahrgäste übernehmen und ab Dienstag einen Ersatzverkehr mit einem gecharterten Schiff "
                     "anbieten.", [12]),
                    ("Die 2009 gebaute „Nordic Tern“ kann bis zu 400 Passagiere und 120 Autos befördern.", [13]),
                ],
                [
                    ("Umweltbehörden entdeckten in der Nähe des Rumpfes einen dünnen Dieselfilm, ein größeres Leck "
                     "wurde jedoch nicht festgestellt.", [14]),
                    ("Vorsorglich wurde eine schwimmende Ölsperre um das Schiff gelegt.", [15]),
                ],
                [
                    ("Die rund 1.900 Einwohner von Skarvøy sind für den Großteil ihrer Versorgung und für den Weg ins "
                     "Krankenhaus von Halsvik auf die Fähre angewiesen.", [16]),
                    ("Seit Langem klagen die Inselbewohner über das Alter der Flotte, die den Archipel bedient.",
                     [17]),
                    ("Wie viele Inseln vor der norvalischen Küste ist Skarvøy im Winter oft tagelang vom Festland "
                     "abgeschnitten, wenn Stürme den Fährverkehr lahmlegen.", []),
                ],
                [
                    ("Die Bergungsmannschaften hoffen, das Schiff am Mittwoch bei Flut wieder flottzumachen, sofern "
                     "sich das Wetter bessert, teilte Fjordlinje mit.", [19]),
                ],
            ])

other("tr1-valombre-0409", "tr1", "valombre", "2024-04-09", "fr",
      "« Un choc, puis plus rien » : deux Valombrais racontent l'échouement du ferry norvalien", [
          [
              "Il était à peine 5~h~40, lundi, lorsque le Nordic Tern a touché le fond.",
              "« Il y a eu un choc énorme, puis un long grincement, et ensuite plus rien, juste le bruit du vent », "
              "raconte Élodie Ranvier, une enseignante de Valombre en vacances en Norvalie avec son compagnon.",
          ],
          [
              "Le couple faisait partie des 212 passagers du ferry de la compagnie Fjordlinje, parti quelques minutes "
              "plus tôt de l'île de Skarvøy pour rejoindre Halsvik.",
              "Le bateau, qui transportait aussi 31 membres d'équipage, s'est échoué sur des rochers à moins d'un "
              "kilomètre du port.",
          ],
          [
              "À bord, l'évacuation s'est faite dans l'ordre, selon les deux Valombrais.",
              "Les consignes ont été données en norvalien puis en anglais, et chacun a reçu un gilet avant de monter "
              "dans les canots.",
          ],
          [
              "« Les vagues étaient hautes, on était trempés, mais personne ne criait. Les marins nous tenaient la "
              "main pour descendre », se souvient Julien Ferrat, qui dit n'avoir « jamais eu aussi froid de sa vie ».",
          ],
          [
              "Près de trois heures ont été nécessaires pour ramener tout le monde à terre.",
              "Une dizaine de personnes ont été prises en charge pour un début d'hypothermie, mais aucune n'a été "
              "hospitalisée.",
          ],
          [
              "Logés depuis dans un hôtel de Halsvik aux frais de la compagnie, les deux Français espèrent reprendre "
              "leur voyage mercredi.",
              "Leur voiture, elle, est restée dans la cale du navire, toujours penché à quelques encablures de la "
              "côte.",
          ],
          [
              "Les causes de l'accident restent inconnues.",
              "Trois enquêteurs norvaliens sont arrivés sur place, et la météo, avec des rafales à 70~km/h, fait "
              "partie des pistes étudiées.",
          ],
          [
              "Le consulat de France à Ostberg a indiqué avoir été en contact avec cinq ressortissants français "
              "présents à bord, tous indemnes.",
          ],
          [
              "Pour Élodie Ranvier, ce voyage restera inoubliable, pour de mauvaises raisons.",
              "« On était venus voir les fjords. On les a vus, mais depuis un canot de sauvetage », sourit-elle.",
          ],
      ], relation="same_event", paired_with="tr1-contwire-0408")

# ---------------------------------------------------------------------------------------------------------------
# tr2: painting found in a loft
# ---------------------------------------------------------------------------------------------------------------

source("tr2-ledger-0410", "tr2", "ledger", "2024-04-10",
       "Painting stolen from Kestlebridge museum 30 years ago found in farmhouse loft", [
           [  # 0
               "A seventeenth-century painting stolen from Kestlebridge Museum and Art Gallery in 1994 has been found "
               "wrapped in a blanket in the loft of a house twenty miles away, police said on Wednesday.",
           ],
           [  # 1, 2
               "'Harbour Pilot at Dusk', an oil on panel by the Dutch painter Cornelis Haverkamp, was discovered last "
               "month by a couple renovating a former farmhouse in the village of Ashby Moor.",
               "They contacted the museum after finding its inventory label on the back of the frame.",
           ],
           [  # 3, 4
               "The picture, which measures barely 40 centimetres across, was taken in a night-time break-in on 14 "
               "November 1994 along with two silver candlesticks.",
               "The candlesticks have never been recovered.",
           ],
           [  # 5, 6
               "Experts from the museum and an independent conservator examined the panel over three days before "
               "confirming that it was the original.",
               "It is now valued at about £1.2m.",
           ],
           [  # 7, 8
               "'When I saw the label, my hands started shaking,' said Dr Miriam Foyle, the museum's director, who "
               "was a junior curator at the time of the theft.",
               "'Many of us had given up hope of ever seeing it again.'",
           ],
           [  # 9, 10
               "Detective Sergeant Alan Pryce said the house had belonged to a man who died in 2022 and had no known "
               "criminal record.",
               "Inquiries were continuing, but no arrests were expected, he added.",
           ],
           [  # 11, 12
               "The owners of the farmhouse have asked not to be named.",
               "The museum said it would offer them a reward, without saying how much.",
           ],
           [  # 13
               "The insurer that paid out £180,000 after the theft, Northgate Mutual, has agreed to give up its claim "
               "to the painting, clearing the way for its return to the collection.",
           ],
           [  # 14, 15
               "The panel has suffered from damp, and a small crack runs across the sky in the upper left corner.",
               "Conservators estimate that restoration will take at least four months.",
           ],
           [  # 16
               "The museum plans to put the painting back on display in October, in the room from which it was "
               "stolen, as part of an exhibition on the theft and its aftermath.",
           ],
           [  # 17, 18
               "The 1994 burglary led to a complete overhaul of security at the museum, which installed its first "
               "motion sensors the following year.",
               "It remains the only theft in the institution's 130-year history.",
           ],
       ])

# French: 1 split, 3+4 merged, paragraph 6 (11-12) cut, one sentence added.
translation("tr2-valombre-0411", "tr2", "valombre", "2024-04-11", "fr",
            "Volé il y a trente ans dans un musée anglais, un tableau retrouvé dans un grenier",
            "tr2-ledger-0410", [
                [
                    ("Un tableau du XVIIe siècle volé en 1994 au musée d'art de Kestlebridge, dans le nord de "
                     "l'Angleterre, a été retrouvé enveloppé dans une couverture dans le grenier d'une maison située à "
                     "une trentaine de kilomètres, a annoncé mercredi la police.", [0]),
                ],
                [
                    ("« Le Pilote du port au crépuscule », une huile sur bois du peintre néerlandais Cornelis "
                     "Haverkamp, a été découvert le mois dernier dans le village d'Ashby Moor.", [1]),
                    ("C'est un couple en train de rénover une ancienne ferme qui l'a trouvé.", [1]),
                    ("Ils ont alerté le musée après avoir trouvé son étiquette d'inventaire au dos du cadre.", [2]),
                ],
                [
                    ("Le tableau, qui mesure à peine 40 centimètres de large, avait été dérobé lors d'un cambriolage "
                     "nocturne le 14 novembre 1994, en même temps que deux chandeliers en argent qui n'ont jamais été "
                     "retrouvés.", [3, 4]),
                ],
                [
                    ("Des experts du musée et un restaurateur indépendant ont examiné le panneau pendant trois jours "
                     "avant de confirmer qu'il s'agissait bien de l'original.", [5]),
                    ("Sa valeur est aujourd'hui estimée à environ 1,2 million de livres, soit près de 1,4 million "
                     "d'euros.", [6]),
                ],
                [
                    ("« Quand j'ai vu l'étiquette, mes mains se sont mises à trembler », raconte Miriam Foyle, la "
                     "directrice du musée, qui était jeune conservatrice au moment du vol.", [7]),
                    ("« Beaucoup d'entre nous avaient perdu l'espoir de le revoir un jour. »", [8]),
                ],
                [
                    ("Selon l'inspecteur Alan Pryce, la maison appartenait à un homme mort en 2022 et inconnu des "
                     "services de police.", [9]),
                    ("L'enquête se poursuit, mais aucune interpellation n'est attendue, a-t-il ajouté.", [10]),
                ],
                [
                    ("L'assureur Northgate Mutual, qui avait versé 180 000 livres après le vol, a renoncé à ses droits "
                     "sur l'œuvre, ce qui ouvre la voie à son retour dans les collections.", [13]),
                ],
                [
                    ("Le panneau a souffert de l'humidité et une petite fissure traverse le ciel dans l'angle "
                     "supérieur gauche.", [14]),
                    ("Il faudra au moins quatre mois pour le restaurer, selon les spécialistes.", [15]),
                ],
                [
                    ("Le musée prévoit de l'exposer à nouveau en octobre, dans la salle même où il avait été volé, "
                     "dans le cadre d'une exposition consacrée au vol et à ses suites.", [16]),
                    ("À Kestlebridge, ville de 120 000 habitants, ce cambriolage avait été vécu comme un "
                     "traumatisme.", []),
                ],
                [
                    ("Le cambriolage de 1994 avait entraîné une refonte complète de la sécurité du musée, qui s'était "
                     "équipé de ses premiers détecteurs de mouvement l'année suivante.", [17]),
                    ("Il reste le seul vol de ses 130 ans d'histoire.", [18]),
                ],
            ])

# ---------------------------------------------------------------------------------------------------------------
# tr3: Halvard battery plant in Brennvik
# ---------------------------------------------------------------------------------------------------------------

source("tr3-meridian-0415", "tr3", "meridian", "2024-04-15",
       "Halvard to build €2.1bn battery plant in Norvalia, creating 1,400 jobs", [
           [  # 0
               "Halvard Automotive, Norvalia's largest carmaker, said on Monday it would build a battery cell "
               "factory near the port town of Brennvik, an investment of 2.1 billion euros that is expected to "
               "create 1,400 jobs by 2028.",
           ],
           [  # 1, 2
               "The plant will produce cells for up to 300,000 electric cars a year when it reaches full capacity.",
               "Construction is due to start in the autumn on the 90-hectare site of a paper mill that closed in "
               "2017.",
           ],
           [  # 3, 4
               "The Norvalian government will contribute 310 million euros in grants and tax credits, Industry "
               "Minister Lars Eidsvoll told reporters in Ostberg.",
               "The support still has to be approved by parliament, where the governing coalition has a majority of "
               "four seats.",
           ],
           [  # 5, 6
               "\"This is the biggest industrial investment in our country in a generation,\" Eidsvoll said.",
               "\"It tells the world that Norvalia intends to build the cars of the future, not just import them.\"",
           ],
           [  # 7, 8
               "Halvard, which sold 186,000 vehicles last year, has until now bought almost all of its batteries "
               "from suppliers in Asia.",
               "Chief executive Maren Solbakk said producing cells at home would cut costs by about 15 percent and "
               "shield the company from supply disruptions.",
           ],
           [  # 9, 10
               "The company chose Brennvik over two sites in Germany and one in Poland, citing cheap hydroelectric "
               "power and the town's deep-water harbour.",
               "Electricity will be supplied under a 20-year contract with the state-owned utility Nordkraft.",
           ],
           [  # 11, 12
               "Unions welcomed the announcement but said they wanted guarantees that most of the jobs would go to "
               "local workers.",
               "Unemployment in the Brennvik region stands at 7.8 percent, well above the national average of 4.9 "
               "percent.",
           ],
           [  # 13, 14
               "Environmental groups were more cautious.",
               "The Norvalian branch of Friends of the Fjords said the factory would need large amounts of water and "
               "called for an independent assessment of its impact on the Brenna river.",
           ],
           [  # 15
               "Shares in Halvard rose 6.3 percent in Ostberg, their biggest one-day gain since 2020.",
           ],
           [  # 16, 17
               "Analysts said the project carried risks at a time when demand for electric cars in Europe had "
               "slowed.",
               "\"Building the factory is the easy part; filling it with orders is the hard part,\" said Petra "
               "Lindqvist, an automotive analyst at Ostberg Securities.",
           ],
           [  # 18
               "Halvard said the first cells would leave the production line in 2027, with the plant reaching full "
               "output a year later.",
           ],
       ])

# French: 0 split, 13+14 merged, paragraph 6 (11-12) cut, one sentence added.
translation("tr3-quotidien-0416", "tr3", "quotidien", "2024-04-16", "fr",
            "Norvalie : Halvard va construire une usine de batteries de 2,1 milliards d'euros",
            "tr3-meridian-0415", [
                [
                    ("Le premier constructeur automobile norvalien, Halvard Automotive, a annoncé lundi la "
                     "construction d'une usine de cellules de batteries près de la ville portuaire de Brennvik.", [0]),
                    ("L'investissement, de 2,1 milliards d'euros, doit créer 1 400 emplois d'ici à 2028.", [0]),
                ],
                [
                    ("À pleine capacité, le site produira des cellules pour 300 000 voitures électriques par an.", [1]),
                    ("Les travaux doivent commencer à l'automne sur un terrain de 90 hectares qu'occupait une "
                     "papeterie fermée en 2017.", [2]),
                ],
                [
                    ("L'État norvalien apportera 310 millions d'euros sous forme de subventions et de crédits d'impôt, "
                     "a précisé à Ostberg le ministre de l'Industrie, Lars Eidsvoll.", [3]),
                    ("Ce soutien doit encore être approuvé par le Parlement, où la coalition au pouvoir dispose d'une "
                     "majorité de quatre sièges.", [4]),
                ],
                [
                    ("« C'est le plus grand investissement industriel dans notre pays depuis une génération », s'est "
                     "félicité M. Eidsvoll.", [5]),
                    ("« Cela montre au monde que la Norvalie entend construire les voitures de demain, et pas "
                     "seulement les importer. »", [6]),
                ],
                [
                    ("Halvard, qui a vendu 186 000 véhicules l'an dernier, achetait jusqu'ici la quasi-totalité de ses "
                     "batteries à des fournisseurs asiatiques.", [7]),
                    ("Selon sa directrice générale, Maren Solbakk, produire les cellules sur place réduira les coûts "
                     "d'environ 15 % et mettra l'entreprise à l'abri des ruptures d'approvisionnement.", [8]),
                ],
                [
                    ("Le constructeur a préféré Brennvik à deux sites allemands et à un site polonais, en raison d'une "
                     "énergie hydraulique bon marché et du port en eau profonde de la ville.", [9]),
                    ("L'électricité sera fournie par l'opérateur public Nordkraft dans le cadre d'un contrat de vingt "
                     "ans.", [10]),
                    ("La Norvalie tire plus de 90 % de son électricité de ses barrages.", []),
                ],
                [
                    ("Plus prudente, la branche norvalienne de l'association Amis des fjords souligne que l'usine "
                     "consommera de grandes quantités d'eau et réclame une étude indépendante de son impact sur la "
                     "rivière Brenna.", [13, 14]),
                ],
                [
                    ("L'action Halvard a gagné 6,3 % à la Bourse d'Ostberg, sa plus forte hausse en une séance depuis "
                     "2020.", [15]),
                ],
                [
                    ("Pour les analystes, le projet n'est pas sans risque alors que la demande de voitures électriques "
                     "ralentit en Europe.", [16]),
                    ("« Construire l'usine, c'est la partie facile ; la remplir de commandes, c'est la partie "
                     "difficile », résume Petra Lindqvist, analyste automobile chez Ostberg Securities.", [17]),
                ],
                [
                    ("Les premières cellules doivent sortir des chaînes en 2027 et l'usine atteindre sa pleine "
                     "production un an plus tard, selon Halvard.", [18]),
                ],
            ])

# German: 1+2 merged, 9 split, paragraph 7 (13-14) cut, one sentence added.
translation("tr3-velmstadt-0416", "tr3", "velmstadt", "2024-04-16", "de",
            "Halvard baut Batteriefabrik in Norvalien – 1.400 neue Arbeitsplätze",
            "tr3-meridian-0415", [
                [
                    ("Der größte norvalische Autohersteller, Halvard Automotive, will für 2,1 Milliarden Euro eine "
                     "Fabrik für Batteriezellen bei der Hafenstadt Brennvik bauen und damit bis 2028 1.400 "
                     "Arbeitsplätze schaffen, wie das Unternehmen am Montag mitteilte.", [0]),
                ],
                [
                    ("Das Werk soll bei voller Auslastung Zellen für bis zu 300.000 Elektroautos im Jahr liefern; "
                     "gebaut wird ab Herbst auf dem 90 Hektar großen Gelände einer 2017 stillgelegten Papierfabrik.",
                     [1, 2]),
                ],
                [
                    ("Der norvalische Staat steuert 310 Millionen Euro an Zuschüssen und Steuergutschriften bei, wie "
                     "Industrieminister Lars Eidsvoll vor Journalisten in Ostberg sagte.", [3]),
                    ("Das Parlament, in dem die Regierungskoalition über eine Mehrheit von vier Sitzen verfügt, muss "
                     "der Förderung noch zustimmen.", [4]),
                ],
                [
                    ("„Das ist die größte Industrieinvestition in unserem Land seit einer Generation“, sagte "
                     "Eidsvoll.", [5]),
                    ("„Es zeigt der Welt, dass Norvalien die Autos der Zukunft bauen und nicht nur importieren "
                     "will.“", [6]),
                ],
                [
                    ("Halvard, das im vergangenen Jahr 186.000 Fahrzeuge verkaufte, bezog seine Batterien bislang fast "
                     "ausschließlich von Zulieferern in Asien.", [7]),
                    ("Die eigene Zellproduktion werde die Kosten um etwa 15 Prozent senken und das Unternehmen vor "
                     "Lieferengpässen schützen, sagte Vorstandschefin Maren Solbakk.", [8]),
                ],
                [
                    ("Bei der Standortwahl setzte sich Brennvik gegen zwei Bewerber in Deutschland und einen in Polen "
                     "durch.", [9]),
                    ("Den Ausschlag gaben nach Angaben des Unternehmens günstiger Strom aus Wasserkraft und der "
                     "Tiefwasserhafen der Stadt.", [9]),
                    ("Zu den unterlegenen Bewerbern gehörte auch das Gewerbegebiet Velmstadt-Süd, das seit zwei Jahren "
                     "um die Ansiedlung einer Batteriefabrik wirbt.", []),
                    ("Den Strom liefert der staatliche Versorger Nordkraft im Rahmen eines Vertrags mit 20 Jahren "
                     "Laufzeit.", [10]),
                ],
                [
                    ("Die Gewerkschaften begrüßten die Ankündigung, verlangten aber Garantien, dass der Großteil der "
                     "Stellen an Arbeitskräfte aus der Region geht.", [11]),
                    ("Die Arbeitslosenquote in der Region Brennvik liegt bei 7,8 Prozent und damit deutlich über dem "
                     "Landesdurchschnitt von 4,9 Prozent.", [12]),
                ],
                [
                    ("Die Halvard-Aktie stieg an der Börse in Ostberg um 6,3 Prozent, so stark wie seit 2020 an keinem "
                     "Handelstag mehr.", [15]),
                ],
                [
                    ("Analysten verwiesen auf die Risiken des Projekts in einer Zeit, in der die Nachfrage nach "
                     "Elektroautos in Europa nachgelassen hat.", [16]),
                    ("„Die Fabrik zu bauen ist der einfache Teil, sie mit Aufträgen zu füllen der schwierige“, sagte "
                     "Petra Lindqvist, Autoanalystin bei Ostberg Securities.", [17]),
                ],
                [
                    ("Die ersten Zellen sollen 2027 vom Band laufen, ein Jahr später soll das Werk seine volle "
                     "Kapazität erreichen.", [18]),
                ],
            ])

other("tr3-nordstern-0416", "tr3", "nordstern", "2024-04-16", "de",
      "Batteriewerk: Deutschland geht bei Halvard leer aus", [
          [
              "Die Entscheidung ist gefallen, und sie fällt nicht zugunsten Deutschlands aus.",
              "Der norvalische Autobauer Halvard Automotive errichtet seine erste eigene Zellfabrik nicht "
              "hierzulande, sondern in der Hafenstadt Brennvik an der Küste seines Heimatlandes.",
          ],
          [
              "Zwei deutsche Standorte waren bis zuletzt im Rennen gewesen, dazu einer in Polen.",
              "Den Ausschlag gab nach Informationen aus Unternehmenskreisen der Strompreis: Norvalien erzeugt fast "
              "seinen gesamten Strom aus Wasserkraft, und der staatliche Versorger Nordkraft hat Halvard einen "
              "Liefervertrag über zwanzig Jahre zugesagt.",
          ],
          [
              "Für Brennvik ist die Investition von 2,1 Milliarden Euro ein Glücksfall.",
              "Auf dem Gelände einer früheren Papierfabrik sollen bis 2028 rund 1.400 Arbeitsplätze entstehen, in "
              "einer Region, in der knapp acht Prozent der Erwerbsfähigen ohne Arbeit sind.",
          ],
          [
              "Der norvalische Staat lässt sich die Ansiedlung einiges kosten.",
              "Industrieminister Lars Eidsvoll stellte Zuschüsse und Steuervorteile von zusammen 310 Millionen Euro "
              "in Aussicht, über die das Parlament noch abstimmen muss.",
          ],
          [
              "Halvard-Chefin Maren Solbakk begründete den Schritt mit der Abhängigkeit von asiatischen Zulieferern.",
              "Während der Lieferkrise vor drei Jahren hatte der Hersteller seine Bänder mehrfach anhalten müssen, "
              "weil Batterien fehlten.",
          ],
          [
              "In Velmstadt, das sich ebenfalls beworben hatte, ist die Enttäuschung groß.",
              "„Wir hatten ein erschlossenes Grundstück und einen eigenen Autobahnanschluss, aber gegen die "
              "Strompreise in Norvalien kommen wir nicht an“, sagte Wirtschaftsdezernentin Katrin Obermeier.",
          ],
          [
              "Branchenkenner sehen in der Entscheidung ein Warnsignal.",
              "Energieintensive Fabriken würden zunehmend dort gebaut, wo Strom billig und sauber sei, sagte Thomas "
              "Rehlinger vom Institut für Fahrzeugwirtschaft in Velmstadt.",
          ],
          [
              "An der Börse in Ostberg kam die Nachricht gut an: Die Halvard-Aktie schloss mit einem Plus von 6,3 "
              "Prozent.",
          ],
          [
              "Die Produktion soll 2027 anlaufen.",
              "Bei voller Auslastung sollen in Brennvik Zellen für 300.000 Fahrzeuge im Jahr entstehen – mehr, als "
              "Halvard derzeit selbst verkauft.",
          ],
      ], relation="same_event", paired_with="tr3-meridian-0415")

# ---------------------------------------------------------------------------------------------------------------
# tr4: humpback whale refloated in the Wend estuary
# ---------------------------------------------------------------------------------------------------------------

source("tr4-harbourside-0417", "tr4", "harbourside", "2024-04-17",
       "Young humpback whale freed from Wend estuary after 30-hour rescue", [
           [  # 0
               "A young humpback whale that had been stranded on a sandbank in the Wend estuary since Tuesday morning "
               "swam back out to sea on Wednesday afternoon after a rescue lasting more than 30 hours.",
           ],
           [  # 1, 2
               "The whale, a male about eight metres long, was spotted at low tide by a dog walker near Saltcote "
               "Point, some four miles upstream from the harbour mouth.",
               "Volunteers from the Coastal Mammal Rescue Trust arrived within the hour.",
           ],
           [  # 3, 4
               "For most of Tuesday, a team of up to 40 people kept the animal's skin wet with buckets and sheets "
               "while they waited for the tide to come back in.",
               "A vet monitored its breathing throughout the night.",
           ],
           [  # 5, 6
               "A first attempt to refloat the whale with inflatable pontoons failed shortly before midnight when it "
               "turned back towards the shallows.",
               "The second attempt, at high tide on Wednesday, succeeded.",
           ],
           [  # 7, 8
               "\"When he finally lifted his tail and headed for open water, everybody on the bank just burst into "
               "tears,\" said Jenny Holcroft, the trust's regional coordinator.",
               "\"We were all exhausted, but it was worth every minute.\"",
           ],
           [  # 9, 10
               "Two boats from Harbourside lifeboat station escorted the whale for about three miles until it "
               "reached deeper water beyond the breakwater.",
               "It was last seen heading north-east.",
           ],
           [  # 11, 12
               "Marine biologists said the animal had probably followed shoals of sprat into the estuary and become "
               "disoriented in the shallow, muddy water.",
               "Humpback sightings off this stretch of coast have risen sharply over the past decade.",
           ],
           [  # 13, 14
               "The harbour authority closed the estuary to all boat traffic during the operation, and the Saltcote "
               "footpath was shut to keep onlookers away.",
               "Both reopened on Wednesday evening.",
           ],
           [  # 15, 16
               "Dr Owen Maitland, a whale specialist at the University of Eastholme, said the animal appeared to be "
               "in reasonable health but would be weak after so long out of deep water.",
               "\"The next few days will tell us whether he has really made it,\" he said.",
           ],
           [  # 17
               "The trust has asked boat owners and fishermen to report any sighting of a young humpback with a pale "
               "scar on its dorsal fin.",
           ],
           [  # 18, 19
               "It is the third live stranding of a large whale on this coast since 2020.",
               "The two previous animals died before they could be refloated.",
           ],
       ])

# French: 3 split, 5+6 merged, paragraph 7 (13-14) cut, paragraphs 8 and 9 swapped, one sentence added.
translation("tr4-quotidien-0418", "tr4", "quotidien", "2024-04-18", "fr",
            "Angleterre : une jeune baleine à bosse sauvée après trente heures d'efforts",
            "tr4-harbourside-0417", [
                [
                    ("Une jeune baleine à bosse échouée depuis mardi matin sur un banc de sable de l'estuaire de la "
                     "Wend, dans le nord-est de l'Angleterre, a regagné la mer mercredi après-midi, au terme de plus "
                     "de trente heures de sauvetage.", [0]),
                ],
                [
                    ("Le cétacé, un mâle d'environ huit mètres, avait été repéré à marée basse par un promeneur et son "
                     "chien près de la pointe de Saltcote, à quelque six kilomètres en amont de l'entrée du port.",
                     [1]),
                    ("Les bénévoles du Coastal Mammal Rescue Trust, une association de secours aux mammifères marins, "
                     "sont arrivés dans l'heure.", [2]),
                ],
                [
                    ("Pendant presque toute la journée de mardi, une équipe comptant jusqu'à 40 personnes s'est "
                     "relayée auprès de l'animal.", [3]),
                    ("À l'aide de seaux et de draps, elle a maintenu sa peau humide en attendant le retour de la "
                     "marée.", [3]),
                    ("Un vétérinaire a surveillé sa respiration toute la nuit.", [4]),
                ],
                [
                    ("Une première tentative de renflouage à l'aide de pontons gonflables a échoué peu avant minuit, "
                     "la baleine ayant rebroussé chemin vers les hauts-fonds, mais la seconde, mercredi à marée haute, "
                     "a été la bonne.", [5, 6]),
                ],
                [
                    ("« Quand elle a enfin levé la queue et pris la direction du large, tout le monde sur la berge a "
                     "fondu en larmes », raconte Jenny Holcroft, coordinatrice régionale de l'association.", [7]),
                    ("« Nous étions tous épuisés, mais cela valait chaque minute. »", [8]),
                ],
                [
                    ("Deux canots de la station de sauvetage de Harbourside ont escorté la baleine sur près de cinq "
                     "kilomètres, jusqu'aux eaux plus profondes situées au-delà de la digue.", [9]),
                    ("Elle a été aperçue pour la dernière fois se dirigeant vers le nord-est.", [10]),
                ],
                [
                    ("Selon des biologistes marins, l'animal a probablement suivi des bancs de sprats jusque dans "
                     "l'estuaire avant de se désorienter dans ces eaux peu profondes et boueuses.", [11]),
                    ("Les observations de baleines à bosse ont fortement augmenté sur cette portion du littoral au "
                     "cours des dix dernières années.", [12]),
                    ("Cette espèce, qui peut dépasser quinze mètres à l'âge adulte, parcourt chaque année plusieurs "
                     "milliers de kilomètres entre ses zones d'alimentation et de reproduction.", []),
                ],
                [
                    ("L'association demande aux plaisanciers et aux pêcheurs de signaler toute observation d'une jeune "
                     "baleine à bosse portant une cicatrice claire sur la nageoire dorsale.", [17]),
                ],
                [
                    ("Pour Owen Maitland, spécialiste des baleines à l'université d'Eastholme, l'animal semble en "
                     "assez bonne santé mais sera affaibli après être resté si longtemps hors des eaux profondes.",
                     [15]),
                    ("« Les prochains jours nous diront si elle s'en est vraiment sortie », souligne-t-il.", [16]),
                ],
                [
                    ("Il s'agit du troisième échouage d'une grande baleine vivante sur cette côte depuis 2020.", [18]),
                    ("Les deux précédentes étaient mortes avant d'avoir pu être remises à l'eau.", [19]),
                ],
            ])

other("tr4-littoral-0418", "tr4", "littoral", "2024-04-18", "fr",
      "Sauvetage d'une baleine en Angleterre : tout un estuaire mobilisé", [
          [
              "Ils étaient parfois plus de quarante, les pieds dans la vase, à se relayer autour de l'animal.",
              "Pendant plus de trente heures, mardi et mercredi, des bénévoles anglais ont veillé sur une jeune "
              "baleine à bosse échouée dans l'estuaire de la Wend, près de la ville de Harbourside.",
          ],
          [
              "Le mâle, long d'environ huit mètres, s'était laissé piéger par la marée descendante sur un banc de "
              "sable, près de la pointe de Saltcote.",
              "C'est un promeneur qui a donné l'alerte mardi matin.",
          ],
          [
              "Les secouristes du Coastal Mammal Rescue Trust, habitués aux échouages, ont aussitôt appliqué un "
              "protocole bien rodé : arroser la peau, la protéger du soleil et du vent, surveiller la respiration.",
          ],
          [
              "« Une baleine hors de l'eau est écrasée par son propre poids. Chaque heure compte », explique Jenny "
              "Holcroft, qui coordonne l'association dans la région.",
          ],
          [
              "Il a fallu deux tentatives pour libérer l'animal.",
              "Mercredi, à marée haute, des pontons gonflables ont permis de le soulever suffisamment pour qu'il "
              "retrouve sa liberté de mouvement, sous les applaudissements des curieux massés sur la digue.",
          ],
          [
              "Escortée par deux canots de sauvetage, la baleine a rejoint le large en fin d'après-midi.",
          ],
          [
              "Ce sauvetage réussi ne doit pas faire oublier que les échouages se multiplient sur les côtes anglaises.",
              "Les scientifiques évoquent le réchauffement des eaux, qui déplace les proies, mais aussi le bruit des "
              "navires, qui perturbe l'orientation des cétacés.",
          ],
          [
              "Sur cette portion du littoral, les deux dernières baleines échouées vivantes n'avaient pas survécu.",
              "Celle de la Wend devra encore prouver qu'elle a repris des forces : les bénévoles demandent aux "
              "pêcheurs de signaler toute observation.",
          ],
      ], relation="same_event", paired_with="tr4-harbourside-0417")

# ---------------------------------------------------------------------------------------------------------------
# Unrelated: a local story in Valombre (paired with tr2-ledger-0410 as a negative)
# ---------------------------------------------------------------------------------------------------------------

other("misc-valombre-0411", None, "valombre", "2024-04-11", "fr",
      "Valombre : la piscine des Tilleuls rouvre après deux ans de travaux", [
          [
              "Les nageurs valombrais l'attendaient depuis l'été 2022.",
              "La piscine des Tilleuls rouvrira ses portes le samedi 20 avril, après près de deux ans de travaux et "
              "un chantier qui aura coûté 6,8 millions d'euros à la ville.",
          ],
          [
              "Le bassin de 25 mètres a été entièrement refait et un second bassin, destiné à l'apprentissage de la "
              "natation, a été creusé à l'emplacement de l'ancienne pataugeoire.",
              "Les vestiaires, qui dataient de 1974, ont été démolis et reconstruits.",
          ],
          [
              "« C'était devenu une passoire thermique. Nous chauffions littéralement le parking », reconnaît "
              "l'adjoint aux sports, Patrick Lemarié.",
              "Des panneaux solaires installés sur le toit doivent désormais couvrir près d'un tiers des besoins en "
              "eau chaude.",
          ],
          [
              "La fermeture avait contraint les écoles de la ville à emmener leurs élèves jusqu'à la piscine "
              "intercommunale de Saint-Aubrac, à vingt minutes de car.",
              "Plus de 1 200 enfants de CE1 et de CE2 y suivaient chaque année leur cycle de natation.",
          ],
          [
              "Les clubs aussi ont souffert.",
              "Les Dauphins de Valombre ont perdu près d'un tiers de leurs licenciés en deux saisons, faute de "
              "créneaux d'entraînement.",
          ],
          [
              "Les tarifs augmentent légèrement : l'entrée adulte passe de 3,80 à 4,20 euros, mais reste gratuite "
              "pour les moins de six ans.",
              "Un abonnement familial est créé.",
          ],
          [
              "Pour la réouverture, l'entrée sera libre tout le week-end, et une démonstration de natation "
              "synchronisée est prévue samedi à 15 heures.",
          ],
      ], relation="unrelated", paired_with="tr2-ledger-0410")
