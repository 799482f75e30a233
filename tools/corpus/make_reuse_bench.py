#!/usr/bin/python3
"""Reuse benchmark for the aligner (PAN-style measures): source/target document pairs with controlled edits and
exact ground truth, built from the project's own sample articles (tools/corpus/sample_articles.py).

    /usr/bin/python3 tools/corpus/make_reuse_bench.py --out DIR [--pairs-per-kind 40] [--seed 7]

Kinds (pairs-per-kind pairs each):
  none        a passage of the source copied verbatim into the target
  light       ~10% of the passage's words edited: synonyms (small FR/EN table), inserted adverbs, dropped
              words, digit reformatting (130000 -> 130 000, 1,150 -> 1150, 38.6% -> 38.6 per cent), quote
              and apostrophe changes
  heavy       ~30-40% of the words edited: the same operations plus dropped appositions, sentence splits and
              merges, and some sentences rewritten by the paraphrase templates (clauses moved)
  reordered   2-3 consecutive source paragraphs, copied verbatim, placed in the target in another order
  paraphrase  sentence-level rewrites by hand-written templates ("X said that Y" -> "According to X, Y",
              speech tags moved before the quote, fronted or moved complements, active -> passive, clauses
              split), then synonyms
  unrelated   no reuse: the target shares no text with the source (negative pairs; half of them cover the
              same event as the source, with no reuse between the two articles)

The source document is an article body; the target is the body of another article (filler, never from the
same reuse family as the source) with the reused passage(s) inserted at paragraph boundaries.

Output DIR/pairs.jsonl, one JSON object per line:
  {"id", "kind", "lang", "source_article", "filler_article", "source": text, "target": text,
   "cases": [{"source_start", "source_end", "target_start", "target_end"}]}
Offsets are code-point offsets, end exclusive: the original passage in the source, the whole (edited) passage
in the target. Deterministic for a given seed. The output is checked after writing (offsets slice the right
texts, verbatim cases are identical, light edits keep >= 80% of the source words in order).
"""

import argparse
import collections
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_sample_corpus as corpus  # noqa: E402
from make_sample_corpus import kept_in_order, words  # noqa: E402

KINDS = ["none", "light", "heavy", "reordered", "paraphrase", "unrelated"]
MIN_PARA_CHARS = 150   # paragraphs shorter than this (bylines, transitions) are never reused
LIGHT_RATE = 0.10
HEAVY_RATE = (0.30, 0.40)

# ----------------------------------------------------------------------------------------------------------------
# Word tables
# ----------------------------------------------------------------------------------------------------------------

# Groups of interchangeable words or phrases (same gender and number in French, same part of speech).
SYNONYM_GROUPS = {
    "fr": [
        ["a déclaré", "a affirmé", "a indiqué", "a expliqué", "a assuré", "a souligné", "a précisé"],
        ["a annoncé", "a fait savoir", "a indiqué"],
        ["selon", "d'après"],
        ["habitants", "résidents", "riverains"],
        ["maisons", "habitations"], ["maison", "habitation"],
        ["voiture", "automobile"],
        ["pompiers", "sapeurs-pompiers", "soldats du feu"],
        ["incendie", "feu", "sinistre"],
        ["rapidement", "vite"],
        ["également", "aussi"],
        ["toutefois", "cependant", "néanmoins", "pourtant"],
        ["retrouvé", "découvert"],
        ["entraînant", "provoquant"], ["contraignant", "obligeant"],
        ["aussitôt", "immédiatement"], ["désormais", "dorénavant"],
        ["notamment", "en particulier"],
        ["réclame", "exige", "demande"], ["réclament", "exigent", "demandent"],
        ["estime", "évalue"], ["estimé", "évalué"],
        ["hausse", "augmentation"], ["baisse", "diminution"], ["recul", "repli"],
        ["village", "bourg"],
        ["joueur", "footballeur"], ["attaquant", "avant-centre", "buteur"],
        ["dirigeants", "responsables"],
        ["entreprises", "sociétés"], ["entreprise", "société"],
        ["lors d'un", "pendant un", "au cours d'un"], ["lors d'une", "pendant une", "au cours d'une"],
        ["commerçants", "marchands"],
        ["navires", "bateaux"],
        ["dockers", "ouvriers portuaires"],
        ["gouvernement", "exécutif"],
        ["bilan", "décompte"],
        ["dégâts", "dommages"],
        ["inédite", "sans précédent"],
        ["violent", "puissant"],
        ["principalement", "surtout", "essentiellement"],
        ["gravement", "sérieusement", "lourdement"],
        ["réunis", "rassemblés"],
        ["immobilisés", "bloqués"],
        ["prévue", "programmée"], ["prévu", "programmé"],
        ["aura lieu", "se tiendra"],
        ["somme", "enveloppe"],
        ["victime", "personne décédée"],
        ["difficile", "compliqué"],
        ["ainsi que", "de même que"],
        ["rivière", "cours d'eau"],
        ["important", "considérable"], ["importante", "considérable"],
        ["plusieurs centaines", "des centaines"],
        ["une trentaine", "environ trente"],
        ["quelques", "plusieurs"],
        ["évacuation", "mise à l'abri"],
        ["commune", "municipalité"],
        ["mobilisés", "engagés", "déployés"],
        ["a reculé", "a baissé"],
        ["projet", "plan"],
        ["salué", "applaudi"],
        ["chantier", "projet"],
        ["directrice", "patronne"], ["président", "patron"],
        ["semaine", "huitaine"],
        ["redoute", "craint"], ["redoutent", "craignent"],
        ["saison", "exercice"],
        ["indispensable", "nécessaire", "essentiel"],
        ["considérables", "énormes"],
        ["récit", "histoire"],
        ["devant la", "face à la"], ["devant les", "face aux"],
        ["région", "zone"], ["partie", "portion"],
        ["déclaré", "affirmé"],
        ["conflit", "bras de fer"], ["mouvement", "conflit"],
        ["grévistes", "salariés en grève"], ["négociations", "discussions"],
        ["enquête", "investigation"], ["source proche du dossier", "source au fait du dossier"],
        ["bombardiers d'eau", "avions de lutte contre les incendies"], ["hélicoptères", "appareils"],
        ["sinistrés", "victimes"], ["foyers", "ménages"], ["communes", "municipalités"],
        ["crue", "montée des eaux"], ["précipitations", "pluies"],
        ["entraîneur", "technicien"], ["exceptionnel", "hors norme"], ["tenter", "essayer"],
        ["progressé", "avancé"], ["vitesse", "allure"], ["précaution", "prudence"],
        ["la circulation ferroviaire", "le trafic ferroviaire"], ["brûlage", "écobuage"],
        ["grands", "principaux"], ["déjà", "d'ores et déjà"], ["encore", "toujours"],
        ["environ", "à peu près"], ["commerces", "magasins"], ["rues", "artères"], ["privés", "dépourvus"],
        ["coupés", "fermés"], ["fermées", "closes"], ["attendue", "espérée"], ["raconte", "relate"],
        ["promis", "assuré"], ["montant", "prix"], ["transfert", "départ"], ["investissement", "financement"],
        ["défend", "soutient"], ["jugé", "considéré"], ["compétitif", "concurrentiel"],
        ["reconversions", "reclassements"], ["appel", "invitation"], ["décidé", "arrêté"],
        ["destinées", "réservées"], ["marchandises", "denrées"], ["périssables", "fragiles"],
        ["cessé", "arrêté"], ["protester", "manifester"], ["emplois", "postes"], ["menace", "met en danger"],
        ["engagé", "lié"], ["reprise", "relance"], ["retour", "rétablissement"],
        ["familles", "familles entières"], ["urgence", "toute urgence"]
    ],
    "en": [
        ["said", "stated"],
        ["larger", "bigger"], ["main", "key", "principal"],
        ["expected", "anticipated"], ["forecast", "predicted"],
        ["decision", "move"],
        ["economists", "analysts"],
        ["rose", "climbed"], ["fell", "dropped", "declined"], ["slowed", "eased"], ["shrank", "contracted"],
        ["began", "started"], ["begin", "start"], ["remains", "stays"], ["remain", "stay"],
        ["but", "yet"],
        ["homes", "houses"],
        ["car", "vehicle"],
        ["firefighters", "fire crews"], ["blaze", "fire"], ["wildfire", "forest fire"],
        ["vessels", "ships"],
        ["strike", "walkout", "stoppage"], ["dispute", "conflict"],
        ["candidate", "contender"], ["candidates", "contenders"],
        ["residents", "locals", "inhabitants"],
        ["quickly", "rapidly", "swiftly"], ["sharply", "steeply"], ["largely", "mostly"],
        ["nearly", "almost"], ["just", "only"],
        ["according to", "based on"],
        ["promised", "pledged", "vowed"], ["believe", "think"],
        ["big", "large"], ["major", "big"],
        ["jobs", "posts"],
        ["fans", "supporters"], ["striker", "forward"], ["manager", "coach"],
        ["study", "research"], ["researchers", "scientists"],
        ["around", "about", "roughly"],
        ["however", "though"],
        ["announced", "unveiled"],
        ["said in a statement", "said in a written statement"],
        ["shares", "stocks"],
        ["country", "nation"], ["country's", "nation's"],
        ["town", "borough"],
        ["concerns", "worries"],
        ["frustration", "anger"],
        ["almost", "nearly"],
        ["evacuated", "moved out"],
        ["destroyed", "wrecked"],
        ["officials", "authorities"],
        ["damage", "harm"],
        ["deployed", "sent in"],
        ["rare", "unusual"],
        ["large", "sizeable"],
        ["emergency services", "rescuers"],
        ["many", "numerous"],
        ["reported", "announced"],
        ["the previous", "the last"],
        ["statement", "press release"],
        ["recount", "second count"], ["the first count", "the initial count"],
        ["the election", "the vote", "the poll"], ["result", "outcome"],
        ["published", "released", "issued"], ["peak", "high"], ["figures", "data"], ["tight", "restrictive"],
        ["news conference", "news briefing", "press conference"], ["further", "additional"],
        ["full", "complete"], ["requested", "asked for"], ["shortly", "soon"], ["citing", "pointing to"],
        ["rejected", "discarded"], ["missing", "absent"], ["race", "contest"], ["workers", "staff"],
        ["reached", "struck"], ["deal", "agreement"], ["river", "waterway"], ["road", "route"],
        ["cars", "vehicles"], ["rain", "rainfall"], ["region", "area"], ["closed", "shut"],
        ["weakest", "lowest"], ["scheduled", "planned", "set"], ["growing", "mounting"], ["concern", "worry"],
        ["falling", "declining"], ["spokesperson", "representative"], ["buyers", "purchasers"],
        ["counted", "tallied"], ["reporters", "journalists"], ["confident", "sure"], ["ready", "prepared"],
        ["wrongdoing", "misconduct"], ["simply", "merely"], ["management", "bosses"],
        ["ministry", "department"], ["offshore", "out at sea"], ["waiting", "queuing"],
        ["nearby", "neighbouring"], ["retraining", "reskilling"], ["during", "throughout"],
        ["funded", "financed"], ["change", "shift"], ["taken", "made"], ["received", "obtained"],
["swept away", "carried away"], ["forced", "obliged"], ["highest", "greatest"],
        ["warned", "cautioned"], ["appointed", "named"], ["brokered", "negotiated"],
["install", "put in"], ["handles", "processes"], ["diverted", "rerouted"],
        ["despite", "in spite of"], ["vote", "ballot"], ["several", "various"],
    ],
}

ADVERB_INSERTS = {"fr": ["également", "aussi", "déjà"], "en": ["also", "already"]}
NO_INSERT_BEFORE = set("pas plus jamais rien guère not never been also already still even now just only".split())
NO_CONNECTOR_BEFORE = set("Mais Et Or Donc Enfin Puis Ensuite But And Yet So Also Meanwhile However Moreover Then "
                          "Still Even".split())
AUX = {"fr": r"a|ont|avait|avaient|est|sont|sera|seront|était|étaient",
       "en": r"has|have|had|was|were|is|are|will|would"}
CONNECTORS = {"fr": ["Par ailleurs, ", "En outre, ", "De plus, ", "Dans le même temps, ", "Enfin, "],
              "en": ["Meanwhile, ", "In addition, ", "At the same time, ", "Moreover, ", "Also, "]}
DROPPABLE = {"fr": ["également", "notamment", "toutefois", "déjà", "encore", "très", "aussi", "bien", "désormais",
                    "largement", "pur et simple", "longuement", "aussitôt", "seulement", "toujours"],
             "en": ["also", "just", "still", "already", "only", "very", "even", "largely", "sharply", "quickly",
                    "closely", "now", "swiftly", "noticeably"]}
NUMBER_WORDS = {"fr": {"deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7",
                       "huit": "8", "dix": "10", "douze": "12"},
                "en": {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                       "eight": "8", "nine": "9", "ten": "10", "twelve": "12"}}
# Sentence-initial words that may be lower-cased when a sentence is merged or a connector is put before it.
LOWERABLE = {
    "fr": set("Le La Les Un Une Des Du Ce Cet Cette Ces Il Elle Ils Elles Son Sa Ses Leur Leurs Plusieurs "
              "Environ Quelque Aucun Aucune Tous Toutes Dans Depuis Après Avant Pour Sur Au Aux Dès En Près À "
              "Quelques Deux Trois Mais Selon Pendant Lors On".split()),
    "en": set("The A An It Its He She They Their His Her This That These Those Some Most Many Several One Two "
              "Three Four Five Six Both Each Every Under On In At After Before Within Since During Of For "
              "Around About Nearly Local Officials Investigators Analysts Researchers Lenders Savings Supporters "
              "Dockers Operations Shipping Schools Television Meteorologists Climate Wildfires Firefighters Turnout "
              "Whoever Whatever Inside Outside Add-ons Visitor Foxes Reports Port Annual Gross Unemployment".split()),
}
# Sentence starts that refer back to the previous sentence: such sentences are not swapped.
ANAPHORIC = set("Il Elle Ils Elles Ce Cette Ces Cet Son Sa Ses Leur Leurs Mais Reste Là Lui Eux Celui Celle "
                "He She It They This These That Those But Its Their His Her Both Even Such There".split())


def _word_re(alternatives):
    """Matches any of the phrases as whole words (not glued to letters, hyphens or an elision apostrophe);
    the first letter may be upper-case."""
    parts = []
    for a in sorted(set(alternatives), key=lambda s: (-len(s), s)):
        first = a[0]
        head = "[%s%s]" % (re.escape(first.lower()), re.escape(first.upper())) if first.isalpha() else re.escape(first)
        parts.append(head + re.escape(a[1:]))
    return re.compile(r"(?<![\w'’-])(?:%s)(?![\w'’-])" % "|".join(parts))


# One-way replacements (the reverse would often be wrong: "pour" is not always "afin de").
ONE_WAY = {
    "fr": {"afin de": ["pour"], "mètres": ["m"], "kilomètres": ["km"], "pour cent": ["%"],
           "la banque centrale": ["l'institution", "l'institut d'émission"],
           "la préfecture": ["les services de l'État"], "les pompiers": ["les secours", "les soldats du feu"],
           "la rivière": ["le cours d'eau"], "le président": ["le patron"], "le club": ["la formation"],
           "les autorités": ["les pouvoirs publics"], "lundi": ["ce lundi"], "mardi": ["ce mardi"],
           "mercredi": ["ce mercredi"], "jeudi": ["ce jeudi"], "vendredi": ["ce vendredi"],
           "samedi": ["ce samedi"], "dimanche": ["ce dimanche"], "le maire": ["l'édile"],
           "hectares": ["ha"]},
    "en": {"the central bank": ["the bank", "the institution"], "eliminate": ["cut"], "reduction": ["cut"],
           "campaign": ["team"], "within minutes": ["inside minutes"], "the port": ["the harbour"],
           "in order to": ["to"], "per cent": ["%"], "metres": ["m"], "the club": ["the side"],
           "the council": ["the local authority"], "the study": ["the research"],
           "officials said": ["authorities said"], "a statement": ["a press release"],
           "the government": ["the administration"], "the company": ["the firm"], "the town": ["the borough"]},
}

SYNONYMS = {}
SYNONYM_RE = {}
for _lang, _groups in SYNONYM_GROUPS.items():
    table = collections.defaultdict(list)
    for g in _groups:
        for w in g:
            for alt in g:
                if alt != w and alt not in table[w]:
                    table[w].append(alt)
    for w, alts in ONE_WAY[_lang].items():
        table[w] += [a for a in alts if a != w and a not in table[w]]
    SYNONYMS[_lang] = dict(table)
    SYNONYM_RE[_lang] = _word_re(table)
DROP_RE = {lang: re.compile(r"(?<=\w) (?:%s)(?= \w)" % "|".join(re.escape(w) for w in ws))
           for lang, ws in DROPPABLE.items()}
NUMWORD_RE = {lang: _word_re(t) for lang, t in NUMBER_WORDS.items()}
FR_ELIDING = re.compile(r"(?:^|[\s(])(?:de|le|la|que|ne|se|je|me|te|ce|sa|ma|ta|jusque|lorsque|puisque) $",
                        re.IGNORECASE)
VOWEL_START = re.compile(r"^[aeiouyhàâäéèêëîïôöùûüœ]", re.IGNORECASE)

# ----------------------------------------------------------------------------------------------------------------
# Edit operations on a passage: (start, end, replacement, cost in words), all computed against the original
# passage and applied together, never overlapping.
# ----------------------------------------------------------------------------------------------------------------

Op = collections.namedtuple("Op", "start end repl cost tag")


def match_case(original, replacement):
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_PROPER = set()


def proper_nouns():
    """Capitalised words that the sample corpus uses inside sentences (names): never lower-cased."""
    if not _PROPER:
        for a in corpus.build()[0]:
            for p in a["paras"]:
                for m in re.finditer(r"(?<=[a-zà-ÿ,] )([A-ZÀ-Ý][\w-]*)", p["text"]):
                    _PROPER.add(m.group(1))
    return _PROPER


def lower_first(word, lang):
    """Lower-cases a sentence-initial word that moves inside a sentence, unless it looks like a name."""
    if word in LOWERABLE[lang]:
        return word[0].lower() + word[1:]
    base = re.split(r"['’]", word)[0]
    if base in proper_nouns() or word in proper_nouns() or word.isupper() or not word[:1].isupper() \
            or re.search(r"\d", word):
        return word
    return word[0].lower() + word[1:]


def fr_elision_clash(text, start, repl):
    return bool(VOWEL_START.match(repl)) and bool(FR_ELIDING.search(text[max(0, start - 12):start]))


def synonym_ops(text, lang, rng):
    ops = []
    for m in SYNONYM_RE[lang].finditer(text):
        w = m.group(0)
        alts = SYNONYMS[lang].get(w[0].lower() + w[1:])
        if not alts:
            continue
        rep = match_case(w, rng.choice(alts))
        if lang == "fr" and fr_elision_clash(text, m.start(), rep):
            continue
        ops.append(Op(m.start(), m.end(), rep, max(len(words(w)), len(words(rep))), "synonym"))
    return ops


def number_ops(text, lang, rng):
    ops = []
    seps = "[ \u00a0\u202f]"
    for m in re.finditer(r"(?<![\d,.])\d{1,3}(?:%s\d{3})+(?![\d,])" % seps, text):    # 9 000 -> 9000
        digits = re.sub(seps, "", m.group(0))
        rep = digits if lang == "fr" else "{:,}".format(int(digits))
        ops.append(Op(m.start(), m.end(), rep, len(words(m.group(0))), "number"))
    for m in re.finditer(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d])", text):             # 41,000 -> 41 000
        digits = m.group(0).replace(",", "")
        rep = rng.choice([digits, "{:,}".format(int(digits)).replace(",", " ")])
        ops.append(Op(m.start(), m.end(), rep, 1, "number"))
    for m in re.finditer(r"(?<![\d,.\u00a0\u202f ])\d{4,}(?![\d,.])", text):            # 130000 -> 130 000
        n = int(m.group(0))
        if 1900 <= n <= 2099 and len(m.group(0)) == 4:
            continue
        rep = "{:,}".format(n).replace(",", " " if lang == "fr" else rng.choice([",", " "]))
        ops.append(Op(m.start(), m.end(), rep, 1, "number"))
    if lang == "en":
        for m in re.finditer(r"(\d+(?:\.\d+)?)%", text):
            ops.append(Op(m.start(), m.end(), m.group(1) + rng.choice([" per cent", " percent"]), 1, "number"))
    else:
        for m in re.finditer(r"(\d+(?:,\d+)?)[ \u00a0]%", text):
            ops.append(Op(m.start(), m.end(), m.group(1) + rng.choice(["%", " pour cent"]), 1, "number"))
    for m in NUMWORD_RE[lang].finditer(text):                                           # five -> 5
        ops.append(Op(m.start(), m.end(), NUMBER_WORDS[lang][m.group(0).lower()], 1, "number"))
    digits_to_word = {v: k for k, v in NUMBER_WORDS[lang].items()}
    for m in re.finditer(r"(?<![\w.,\u00a0\u202f-])(\d{1,2})(?![\w.,%\u00a0\u202f-]| (?:%|h\b|\d))", text):
        if m.group(1) in digits_to_word:                                              # 5 -> five
            ops.append(Op(m.start(), m.end(), digits_to_word[m.group(1)], 1, "number"))
    return ops


def insert_ops(text, lang, rng):
    ops = []
    adverbs = set(ADVERB_INSERTS[lang]) | set(DROPPABLE[lang]) | NO_INSERT_BEFORE
    for m in re.finditer(r"(?<![\w'’-])(?:%s) ([a-zà-ÿ]{3,})" % AUX[lang], text):
        if m.group(1) not in adverbs:
            ops.append(Op(m.start(1) - 1, m.start(1) - 1, " " + rng.choice(ADVERB_INSERTS[lang]), 1, "insert"))
    for s in sentence_starts(text)[1:]:
        m = re.match(r"[A-ZÀ-Ý][\w'’-]*", text[s:])
        if m and m.group(0) not in NO_CONNECTOR_BEFORE:
            conn = rng.choice(CONNECTORS[lang])
            ops.append(Op(s, s + m.end(), conn + lower_first(m.group(0), lang), len(words(conn)), "connector"))
    return ops


def drop_ops(text, lang):
    ops = [Op(m.start(), m.end(), "", len(words(m.group(0))), "drop") for m in DROP_RE[lang].finditer(text)]
    ops += [Op(m.start(), m.end(), "", 1, "drop") for m in re.finditer(r" \([A-Z]{2,6}\)", text)]
    return ops


APPOSITION_START = {
    "fr": r"(?:le|la|les|l'|l’|un|une|dont|qui|notamment|principalement|selon|d'après|d’après|liés?|liées?) ",
    "en": r"(?:the|a|an|who|which|its|his|her|their|including|according to|most of|mostly|largely) ",
}


def apposition_ops(text, lang):
    """Drops an apposition or relative clause between commas (", secrétaire général du SOPM, ")."""
    ops = []
    for m in re.finditer(r", (%s[^,.;:«»\"“”‘()\n]{3,70}), " % APPOSITION_START[lang], text):
        n = len(words(m.group(1)))
        if 2 <= n <= 10:
            ops.append(Op(m.start(), m.end(), " ", n, "apposition"))
    return ops


def drop_sentence_ops(text):
    """An editor's cut: one inner sentence of a passage of 4+ sentences left out (never the first or last)."""
    ops, off, spans = [], 0, []
    for par in text.split("\n\n"):
        spans += [(off + a, off + b) for a, b in sentence_spans(par)]
        off += len(par) + 2
    if len(spans) >= 4:
        for (a, b), (c, _) in zip(spans[1:-2], spans[2:-1]):
            if text[b:c].strip() == "":
                ops.append(Op(a, c, "", len(words(text[a:b])), "drop-sentence"))
    return ops


def split_merge_ops(text, lang):
    ops = []
    conj = r", (?:et|mais) | ; " if lang == "fr" else r", (?:and|but) |; "
    for m in re.finditer(r"(%s)([a-zà-ÿ])" % conj, text):
        sep = m.group(1)
        keep = "Mais " if "mais" in sep else "But " if "but" in sep else ""
        head = m.group(2).upper() if not keep else m.group(2)
        ops.append(Op(m.start(), m.end(), ". " + keep + head, 2, "split"))
    for s in sentence_starts(text)[1:]:
        m = re.match(r"[A-ZÀ-Ý][\w'’-]*", text[s:])
        before = text[:s].rstrip()
        if not m or not before.endswith(".") or "\n" in text[len(before):s]:
            continue
        joiner = " ; " if lang == "fr" else "; "
        if lang == "fr" and len(before) % 2 and m.group(0) not in NO_CONNECTOR_BEFORE:
            joiner = ", et "
        ops.append(Op(len(before) - 1, s + m.end(), joiner + lower_first(m.group(0), lang), 2, "merge"))
    for m in re.finditer(r"\n\n", text):
        ops.append(Op(m.start(), m.end(), " ", 1, "merge-paragraphs"))
    return ops


def apply_ops(text, ops):
    for op in sorted(ops, key=lambda o: o.start, reverse=True):
        text = text[:op.start] + op.repl + text[op.end:]
    return text


def select_ops(candidates, budget, rng, taken=None, caps=None):
    """Greedily picks shuffled candidates that do not overlap (insertions at a position count as touching it)
    until their costs reach budget; caps limits the number of operations per tag."""
    taken = list(taken or [])
    chosen, total = [], 0
    cands = list(candidates)
    rng.shuffle(cands)
    used = collections.Counter(t.tag for t in taken)
    caps = caps or {}
    for op in cands:
        if total >= budget:
            break
        if any(op.start <= t.end and t.start <= op.end for t in taken):
            continue
        if op.tag in caps and used[op.tag] >= caps[op.tag]:
            continue
        used[op.tag] += 1
        taken.append(op)
        chosen.append(op)
        total += op.cost
    return chosen, total


def punctuation_pass(text, lang, rng):
    """Quote and apostrophe re-punctuation of the whole passage (changes no word)."""
    choice = rng.random()
    if lang == "fr":
        if "«" in text and choice < 0.5:
            text = re.sub(r"«[\u00a0\u202f ]?", "\"", text)
            text = re.sub(r"[\u00a0\u202f ]?»", "\"", text)
        elif "'" in text:
            text = text.replace("'", "’")
        else:
            text = text.replace("’", "'")
    else:
        if "\"" in text and choice < 0.5:
            text = re.sub(r"\"([^\"]*)\"", "“\\1”", text)
        elif "“" in text and choice < 0.5:
            text = text.replace("“", "\"").replace("”", "\"")
        elif "'" in text:
            text = text.replace("'", "’")
        else:
            text = text.replace("’", "'")
    return text


# ----------------------------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------------------------

def quote_depths(text):
    """Quote nesting depth after each character (guillemets, curly and straight quotes)."""
    depth, dq, depths = 0, False, []
    for i, c in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c in "«“":
            depth += 1
        elif c in "»”":
            depth = max(0, depth - 1)
        elif c == "\"":
            if dq:
                depth, dq = max(0, depth - 1), False
            else:
                depth, dq = depth + 1, True
        elif c in "‘'" and prev in " \n(" and nxt.isalnum():
            depth += 1
        elif c in "’'" and depth and prev in ".,!?" and not nxt.isalnum():
            depth -= 1
        depths.append(depth)
    return depths


SENT_END = re.compile(r"[.!?][\u00a0\u202f ]?[»\"”’']*(?=\s+[«\"“‘'A-ZÀ-ÖØ-Þ0-9])")


def sentence_spans(par):
    """(start, end) of the sentences of one paragraph; never splits inside a quotation."""
    depths = quote_depths(par)
    spans, start = [], 0
    for m in SENT_END.finditer(par):
        end = m.end()
        if depths[end - 1] == 0:
            spans.append((start, end))
            start = end
            while start < len(par) and par[start].isspace():
                start += 1
    if start < len(par):
        spans.append((start, len(par)))
    return spans


def sentence_starts(text):
    starts, off = [], 0
    for par in text.split("\n\n"):
        starts += [off + s for s, _ in sentence_spans(par)]
        off += len(par) + 2
    return starts


# ----------------------------------------------------------------------------------------------------------------
# Edits of a passage
# ----------------------------------------------------------------------------------------------------------------

def edit_rate(source, target):
    """Share of words edited: 1 - LCS / max(len) over word tokens (insertions count, unlike kept_in_order)."""
    a, b = words(source), words(target)
    return 1.0 - corpus.lcs_len(a, b) / max(len(a), len(b), 1)


def light_edit(text, lang, rng):
    n = len(words(text))
    for _ in range(20):
        cands = synonym_ops(text, lang, rng) + number_ops(text, lang, rng) + insert_ops(text, lang, rng) + \
            drop_ops(text, lang)
        chosen, _ = select_ops(cands, max(1, round(LIGHT_RATE * n)), rng,
                               caps={"connector": 1, "insert": max(1, n // 40)})
        out = apply_ops(text, chosen)
        if rng.random() < 0.7:
            out = punctuation_pass(out, lang, rng)
        if out != text and kept_in_order(text, out) >= 0.82:
            return out
    raise AssertionError("no light edit found for: " + text[:60])


def heavy_edit(text, lang, rng):
    """Some sentences rewritten by the paraphrase templates, then sentence splits/merges and word edits up to
    the target rate (best of several draws when the rule-based edits cannot reach it)."""
    n = len(words(text))
    best = None
    for _ in range(30):
        target = rng.uniform(*HEAVY_RATE)
        base = rewrite_sentences(text, lang, rng, prob=0.8, swap=True)
        done = edit_rate(text, base) * n
        structural = split_merge_ops(base, lang)
        chosen, total = select_ops(structural, rng.choice([2, 4, 6]), rng, caps={"merge-paragraphs": 1})
        rule = synonym_ops(base, lang, rng) + number_ops(base, lang, rng) + insert_ops(base, lang, rng) + \
            drop_ops(base, lang) + apposition_ops(base, lang) + drop_sentence_ops(base)
        more, total2 = select_ops(rule, target * n - done - total, rng, chosen,
                                  caps={"connector": 1 + n // 80, "insert": 1 + n // 30, "drop-sentence": 1})
        chosen += more
        out = apply_ops(base, chosen)
        if rng.random() < 0.5:
            out = punctuation_pass(out, lang, rng)
        rate = edit_rate(text, out)
        if HEAVY_RATE[0] - 0.02 <= rate <= HEAVY_RATE[1] + 0.05:
            return out
        if best is None or abs(rate - sum(HEAVY_RATE) / 2) < abs(best[0] - sum(HEAVY_RATE) / 2):
            best = (rate, out)
    return best[1]


# Paraphrase templates: each takes one sentence and returns its rewrite, or None when it does not apply.

DAYS = {"fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
        "en": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"}


def cap(s):
    return s[:1].upper() + s[1:]


def lower_head(s, lang):
    m = re.match(r"[\w'’-]+", s)
    return lower_first(m.group(0), lang) + s[m.end():] if m else s


def t_speech_tag_en(s, lang):
    # "Q," Aldane told reporters.  /  'Q,' said X, an analyst.  ->  X said: "Q."
    m = re.match(r"^([\"“‘'])(.+?)([,.!?])([\"”’'])\s+(.+?)\.$", s)
    if lang != "en" or not m or len(m.group(5).split()) > 16:
        return None
    oq, body, punct, cq, tag = m.groups()
    end = "." if punct == "," else punct
    said = re.match(r"^(said|added|says)\s+(.+)$", tag)
    if said:
        speaker = said.group(2)
        if speaker.startswith(("she", "he", "they")):
            return None
        comma = "," if "," in speaker else ""
        return "%s%s %s: %s%s%s%s" % (cap(speaker), comma, said.group(1), oq, body, end, cq)
    if re.search(r"\b(said|told|added|says)\b", tag):
        return "%s: %s%s%s%s" % (cap(tag), oq, body, end, cq)
    return None


def t_speech_tag_fr(s, lang):
    # « Q », a déclaré X, ... .  ->  X, ..., a déclaré : « Q. »
    m = re.match(r"^«[\u00a0\u202f ]?(.+?)[\u00a0\u202f ]?»,? (a |ont )?([a-zéèêàû]+) (.+?)\.$", s)
    if lang != "fr" or not m or m.group(3) in ("t", "-t-elle", "-t-il"):
        return None
    body, aux, verb, who = m.groups()
    if not re.match(r"^(le |la |l'|l’|les |un |une |[A-ZÉ])", who):
        return None
    body = body[:-1] if body.endswith(".") else body
    sep = ", " if "," in who else " "
    return "%s%s%s%s : « %s »." % (cap(who).rstrip(","), sep, aux or "", verb, body)


def t_according_to(s, lang):
    if lang == "en":
        m = re.match(r"^([^,\"“‘']{3,70}?) (?:said|says|believes?) (?:that )?([a-z].+)\.$", s)
        if m and 1 <= len(m.group(1).split()) <= 8:
            return "According to %s, %s." % (lower_head(m.group(1), lang), m.group(2))
        m = re.match(r"^(.+?),? according to ([^,]{3,60})\.$", s)
        if m:
            return "According to %s, %s." % (m.group(2), lower_head(m.group(1), lang))
    else:
        m = re.match(r"^([^,«»]{3,70}?) a (?:déclaré|indiqué|annoncé|affirmé|estimé|précisé|expliqué|assuré|"
                     r"fait savoir) qu(?:e |'|’)(.+)\.$", s)
        if m and len(m.group(1).split()) <= 10:
            rest = m.group(2)
            rest = re.sub(r"^(il|elle|ils|elles|on) ", lambda g: g.group(1) + " ", rest)
            return "Selon %s, %s." % (lower_head(m.group(1), lang), rest)
        m = re.match(r"^(.+?),? (selon|d'après|d’après) ([^,«»]{3,60})\.$", s)
        if m:
            return "%s %s, %s." % (cap(m.group(2)), m.group(3), lower_head(m.group(1), lang))
    return None


def t_front_complement(s, lang):
    preps = ("À|Au|Aux|Dans|Depuis|Après|Dès|Sur|Lors d'une?|Pour|Avec|Sous|Devant|Outre"
             if lang == "fr" else "On|In|After|Within|Since|During|Before|Outside|At|Under|For|By")
    m = re.match(r"^(%s) ([^,]{3,60}), (.+)\.$" % preps, s)
    if not m or not re.match(r"[A-ZÀ-Ý]", m.group(3)) and m.group(3)[:1].islower() is False:
        return None
    rest = m.group(3)
    return "%s %s %s." % (cap(rest), m.group(1)[0].lower() + m.group(1)[1:], m.group(2))


def t_front_day(s, lang):
    m = re.search(r" (on )?(%s)( (?:morning|afternoon|evening|night|matin|soir|midi|après-midi))?(?=[ ,.])"
                  % DAYS[lang], s)
    if not m or m.start() < 10 or s.startswith(("«", "\"", "“", "‘", "'")):
        return None
    phrase = m.group(0).strip()
    rest = s[:m.start()] + s[m.end():]
    return "%s, %s" % (cap(phrase), lower_head(rest, lang))


def t_passive(s, lang):
    if lang == "en":
        m = re.match(r"^(The [a-z][\w-]*(?: [a-z][\w-]*){0,3}|[A-Z][\w-]+(?: [A-Z][\w-]+){0,3}) (announced|"
                     r"confirmed|approved|ordered|rejected|appointed|recovered|requested|installed|deployed|"
                     r"evacuated|destroyed|launched|published|signed|lowered|cut|raised) ((?:the|a|an|its|his|her|"
                     r"their) [^,;:\"“]+)\.$", s)
        if m:
            subj, verb, obj = m.groups()
            plural = re.search(r"\b\w+s\b", obj.split()[1] if len(obj.split()) > 1 else "") is not None
            return "%s %s %s by %s." % (cap(obj), "were" if plural else "was", verb, lower_head(subj, lang))
    else:
        m = re.match(r"^(Le|La|Les) ([^,«»]{2,40}?) a (annoncé|confirmé|ordonné|approuvé|rejeté|évacué|retrouvé|"
                     r"adopté|validé|publié|lancé|salué|réduit|abaissé) (le|la|un|une|son|sa) ([^,;:«»]+)\.$", s)
        if m:
            det1, subj, verb, det2, obj = m.groups()
            pp = verb + ("e" if det2 in ("la", "une", "sa") else "")
            return "%s %s a été %s par %s %s." % (cap(det2), obj, pp, det1.lower(), subj)
    return None


def t_split_coordination(s, lang):
    conj = r", (et|mais) " if lang == "fr" else r", (and|but) "
    dets = ("le|la|les|l'|un|une|des|il|elle|ils|elles|son|sa|ses|leur|leurs|plusieurs|ce|cette|ces|on"
            if lang == "fr" else "the|a|an|it|he|she|they|its|their|his|her|both|several|some|most|this|many")
    m = re.search(conj + r"((?:%s)\b)" % dets, s)
    if not m:
        return None
    keep = m.group(1) in ("mais", "but")
    head = (cap(m.group(1)) + " " + m.group(2)) if keep else cap(m.group(2))
    return s[:m.start()] + ". " + head + s[m.end():]


def t_because(s, lang):
    # "X, as Y." -> "As Y, x."
    if lang == "en":
        m = re.match(r"^(.+?)(,? because|, as|, while) (.+)\.$", s)
    else:
        m = re.match(r"^(.+?)(,? parce que|, alors que|, tandis que| avant de| après avoir) (.+)\.$", s)
    if not m or len(m.group(1).split()) < 4 or len(m.group(3).split()) < 4 or s.startswith(("«", "\"", "“")) \
            or "," in m.group(1):
        return None
    conj = m.group(2).lstrip(", ").strip()
    return "%s %s, %s." % (cap(conj), m.group(3), lower_head(m.group(1), lang))


def t_reported_speech(s, lang):
    # "Y, X said in a statement." -> "X said in a statement that Y."
    if s.startswith(("«", "\"", "“", "‘", "'")):
        return None
    if lang == "en":
        m = re.match(r"^(.{20,}), ((?:the |a |an )?[^,\"“”]{2,60}?) (said|told [\w ]{2,30}?|added|announced|"
                     r"reported|warned)( in a statement| on \w+day)?\.$", s)
        if m and not m.group(2).startswith(("he", "she", "they", "it ")):
            body, who, verb, extra = m.group(1), m.group(2), m.group(3), m.group(4) or ""
            return "%s %s%s that %s." % (cap(who), verb, extra, lower_head(body, lang))
    else:
        m = re.match(r"^(.{20,}), (a (?:indiqué|précisé|déclaré|annoncé|affirmé|assuré|expliqué|estimé)) "
                     r"([^,«»]{3,80}?)( lors d'une? [^,]+| dans un communiqué| devant la presse)?\.$", s)
        if m:
            body, verb, who, extra = m.group(1), m.group(2), m.group(3), m.group(4) or ""
            if body.startswith("«"):
                return None
            que = "qu'" if VOWEL_START.match(body) else "que "
            return "%s %s%s %s%s." % (cap(who), verb, extra, que, lower_head(body, lang))
    return None


def fr_masculine_participle(w):
    w = w[:-1] if w.endswith("s") else w
    if w.endswith("e") and len(w) > 3 and w[-2] in "éiuts":
        w = w[:-1]
    return w


def t_active(s, lang):
    if lang == "fr":
        m = re.match(r"^([A-ZÀ-Ý][^,«»]{2,80}?) (a|ont) ((?:également |aussi |déjà )?)été ([a-zéèêûîô]+) (.+)\.$", s)
        if m and not m.group(5).startswith(("par ", "ou ", "et ")):
            subj, aux, adv, pp, rest = m.groups()
            return "On a %s%s %s %s." % (adv, fr_masculine_participle(pp), lower_head(subj, lang), rest)
    else:
        m = re.match(r"^([A-Z][^,\"“]{2,60}?) (?:was|were) ([a-z]+(?:ed|en)) by ([^,]{3,50}?)(,[^\"“]*)?\.$", s)
        if m:
            subj, pp, agent, rest = m.group(1), m.group(2), m.group(3), m.group(4) or ""
            return "%s %s %s%s." % (cap(agent), pp, lower_head(subj, lang), rest)
    return None


def t_move_lead_phrase(s, lang):
    # "Bottes aux pieds, le ministre a arpenté ..." -> "Le ministre a arpenté ..., bottes aux pieds."
    dets = ("le|la|les|l'|l’|un|une|des|il|elle|ils|elles|son|sa|ses|leur|leurs|plusieurs|on"
            if lang == "fr" else "the|a|an|it|he|she|they|its|their|his|her|both|several|some|most")
    m = re.match(r"^([A-ZÀ-Ý][^,«»\"“‘]{3,35}), ((?:%s)\b.+)\.$" % dets, s)
    if not m or len(m.group(1).split()) > 6 or m.group(1).split()[0] in LOWERABLE[lang]:
        return None
    return "%s, %s." % (cap(m.group(2)), lower_head(m.group(1), lang))


TEMPLATES = [t_move_lead_phrase, t_speech_tag_en, t_speech_tag_fr, t_according_to, t_passive, t_front_complement, t_because,
             t_split_coordination, t_front_day, t_reported_speech, t_active]


def rewrite_sentence(s, lang, rng):
    if re.match(r"^[A-ZÀ-Ý-]{3,}[ ,]", s):   # a wire dateline ("OSTBERG, March 20 (...) - ") stays put
        return s
    templates = list(TEMPLATES)
    rng.shuffle(templates)
    for t in templates:
        rewritten = t(s, lang)
        if rewritten and rewritten != s:
            return rewritten
    return s


def rewrite_sentences(text, lang, rng, prob, swap):
    """Each sentence rewritten by a template with probability prob; optionally two adjacent sentences of a
    paragraph swapped."""
    out_pars = []
    for par in text.split("\n\n"):
        sents = [par[a:b] for a, b in sentence_spans(par)]
        new = [rewrite_sentence(s, lang, rng) if rng.random() < prob else s for s in sents]
        # swap two adjacent sentences that do not refer back to the one before
        if swap and len(new) >= 3 and rng.random() < 0.5:
            i = rng.randrange(1, len(new) - 1)
            first_word = lambda x: re.match(r"[\w'’-]*", x).group(0)  # noqa: E731
            if first_word(new[i]) not in ANAPHORIC and first_word(new[i + 1]) not in ANAPHORIC:
                new[i], new[i + 1] = new[i + 1], new[i]
        out_pars.append(" ".join(new))
    return "\n\n".join(out_pars)


def paraphrase(text, lang, rng):
    out = rewrite_sentences(text, lang, rng, prob=0.9, swap=True)
    chosen, _ = select_ops(synonym_ops(out, lang, rng) + number_ops(out, lang, rng), 0.15 * len(words(out)), rng)
    out = apply_ops(out, chosen)
    return out


# ----------------------------------------------------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------------------------------------------------

def load_documents():
    """Article bodies (paragraph lists) of the sample corpus, with their reuse family (connected component of
    the corpus's reuse graph): two articles of different families share no text."""
    articles, reuse = corpus.build()
    parent = {a["id"]: a["id"] for a in articles}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for r in reuse:
        parent[find(r["source"])] = find(r["target"])
    docs = []
    for a in articles:
        docs.append(dict(id=a["id"], lang=a["lang"], event=a["event"], family=find(a["id"]),
                         paras=[p["text"] for p in a["paras"]]))
    return docs


def para_offsets(paras):
    offs, pos = [], 0
    for p in paras:
        offs.append((pos, pos + len(p)))
        pos += len(p) + 2
    return offs


def pick_passage(doc, rng, allow_sentences=True):
    """A passage of doc: 1-2 consecutive long paragraphs, or a run of 2-3 sentences inside one paragraph.
    Returns (start, end) in the doc text."""
    offs = para_offsets(doc["paras"])
    long_idx = [i for i, p in enumerate(doc["paras"]) if len(p) >= MIN_PARA_CHARS]
    i = rng.choice(long_idx)
    spans = sentence_spans(doc["paras"][i])
    if allow_sentences and len(spans) >= 3 and rng.random() < 0.3:
        k = rng.choice([2, 3]) if len(spans) > 3 else 2
        j = rng.randrange(0, len(spans) - k + 1)
        return offs[i][0] + spans[j][0], offs[i][0] + spans[j + k - 1][1]
    if i + 1 in long_idx and rng.random() < 0.5:
        return offs[i][0], offs[i + 1][1]
    return offs[i]


def pick_filler(docs, src, rng, same_event=None):
    """Another article of another reuse family, same language; same_event True/False restricts the event."""
    cands = [d for d in docs if d["family"] != src["family"] and d["lang"] == src["lang"]]
    if same_event is not None and src["event"] is not None:
        narrowed = [d for d in cands if (d["event"] == src["event"]) == same_event]
        cands = narrowed or cands
    return rng.choice(cands)


def assemble(filler_paras, inserts):
    """Target text from the filler paragraphs with inserted blocks: inserts = [(slot, text)], slot = number of
    filler paragraphs before the block (distinct slots, ascending). Returns text and the blocks' offsets."""
    parts, spans, pos = [], [], 0
    slots = dict(inserts)
    for k in range(len(filler_paras) + 1):
        if k in slots:
            parts.append(slots[k])
            spans.append((pos, pos + len(slots[k])))
            pos += len(slots[k]) + 2
        if k < len(filler_paras):
            parts.append(filler_paras[k])
            pos += len(filler_paras[k]) + 2
    return "\n\n".join(parts), spans


def make_pair(kind, index, docs, seed):
    rng = random.Random("%d/%s/%d" % (seed, kind, index))
    if kind == "reordered":
        srcs = [d for d in docs if any(all(len(d["paras"][j]) >= MIN_PARA_CHARS for j in range(i, i + 2))
                                       for i in range(len(d["paras"]) - 1))]
    else:
        srcs = docs
    src = rng.choice(srcs)
    source = "\n\n".join(src["paras"])
    filler = pick_filler(docs, src, rng, same_event=(index % 2 == 0) if kind == "unrelated" else None)
    fparas = filler["paras"]
    cases = []
    if kind == "unrelated":
        target = "\n\n".join(fparas)
    elif kind == "reordered":
        offs = para_offsets(src["paras"])
        runs = [i for i in range(len(src["paras"]) - 1)
                if all(len(src["paras"][j]) >= MIN_PARA_CHARS for j in range(i, i + 2))]
        i = rng.choice(runs)
        m = 3 if (i + 2 < len(src["paras"]) and len(src["paras"][i + 2]) >= MIN_PARA_CHARS
                  and rng.random() < 0.5) else 2
        order = list(range(i, i + m))
        while order == sorted(order):
            rng.shuffle(order)
        slots = sorted(rng.sample(range(len(fparas) + 1), m))
        target, spans = assemble(fparas, [(s, src["paras"][j]) for s, j in zip(slots, order)])
        for j, (ts, te) in zip(order, spans):
            cases.append(dict(source_start=offs[j][0], source_end=offs[j][1], target_start=ts, target_end=te))
    else:
        s, e = pick_passage(src, rng)
        for _ in range(10):  # heavy edits need material: prefer passages of 45+ words
            if kind != "heavy" or len(words(source[s:e])) >= 45:
                break
            s, e = pick_passage(src, rng)
        passage = source[s:e]
        if kind == "none":
            edited = passage
        elif kind == "light":
            edited = light_edit(passage, src["lang"], rng)
        elif kind == "heavy":
            edited = heavy_edit(passage, src["lang"], rng)
        elif kind == "paraphrase":
            edited = paraphrase(passage, src["lang"], rng)
        else:
            raise ValueError(kind)
        slot = rng.randrange(0, len(fparas) + 1)
        target, spans = assemble(fparas, [(slot, edited)])
        cases.append(dict(source_start=s, source_end=e, target_start=spans[0][0], target_end=spans[0][1]))
    return dict(id="%s-%03d" % (kind, index), kind=kind, lang=src["lang"], source_article=src["id"],
                filler_article=filler["id"], source=source, target=target, cases=cases)


def check_pair(p):
    src, tgt = p["source"], p["target"]
    assert (p["kind"] == "unrelated") == (not p["cases"]), p["id"]
    for c in p["cases"]:
        assert 0 <= c["source_start"] < c["source_end"] <= len(src), p["id"]
        assert 0 <= c["target_start"] < c["target_end"] <= len(tgt), p["id"]
        a = src[c["source_start"]:c["source_end"]]
        b = tgt[c["target_start"]:c["target_end"]]
        assert a.strip() == a and b.strip() == b, p["id"]
        assert c["target_start"] == 0 or tgt[c["target_start"] - 2:c["target_start"]] == "\n\n", p["id"]
        assert c["target_end"] == len(tgt) or tgt[c["target_end"]:c["target_end"] + 2] == "\n\n", p["id"]
        if p["kind"] in ("none", "reordered"):
            assert a == b, p["id"]
        else:
            assert a != b, p["id"]
        if p["kind"] == "light":
            assert kept_in_order(a, b) >= 0.8, p["id"]
    if p["kind"] == "reordered":
        order = [c["source_start"] for c in sorted(p["cases"], key=lambda c: c["target_start"])]
        assert order != sorted(order), p["id"]


def build_pairs(pairs_per_kind, seed):
    docs = load_documents()
    return [make_pair(kind, i, docs, seed) for kind in KINDS for i in range(pairs_per_kind)]


def write_pairs(out, pairs):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "pairs.jsonl")
    with open(path, "w", encoding="utf-8", newline="") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return path


def check_file(path):
    """Re-reads pairs.jsonl and checks every pair."""
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            check_pair(json.loads(line))
            n += 1
    return n


def summary(pairs):
    lines = []
    for kind in KINDS:
        ps = [p for p in pairs if p["kind"] == kind]
        rates = [edit_rate(p["source"][c["source_start"]:c["source_end"]], p["target"][c["target_start"]:c["target_end"]])
                 for p in ps for c in p["cases"]]
        langs = collections.Counter(p["lang"] for p in ps)
        lines.append("%-10s pairs=%d cases=%d fr=%d en=%d mean edit rate=%s" % (
            kind, len(ps), sum(len(p["cases"]) for p in ps), langs["fr"], langs["en"],
            "%.2f" % (sum(rates) / len(rates)) if rates else "-"))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (created); pairs.jsonl is written there")
    ap.add_argument("--pairs-per-kind", type=int, default=40, help="pairs per kind (default 40)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = ap.parse_args(argv)
    if args.pairs_per_kind < 1:
        ap.error("--pairs-per-kind must be at least 1")
    pairs = build_pairs(args.pairs_per_kind, args.seed)
    for p in pairs:
        check_pair(p)
    path = write_pairs(args.out, pairs)
    n = check_file(path)
    assert n == len(pairs)
    if not args.quiet:
        print("wrote %s (%d pairs, seed %d)" % (path, n, args.seed), file=sys.stderr)
        print(summary(pairs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
