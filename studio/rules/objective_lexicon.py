"""Bloom verb data per language (``resources/bloom/<lang>.yaml``) as lookup tables.

The YAML files hold lemmas and word lists so that designers can read and extend them;
this module generates the inflected forms and answers "which verb starts here?" for the
objective analysis in :mod:`studio.rules.objective`. It is also the public way to read the verb
data (``lexicon("fr").levels``), e.g. for Bloom progression across a path.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, NamedTuple

import yaml

from studio.resources import resource_path, resources_dir

LEVEL_NAMES: Mapping[int, str] = {
    1: "remember", 2: "understand", 3: "apply", 4: "analyze", 5: "evaluate", 6: "create",
}
_LEVEL_OF_NAME = {name: level for level, name in LEVEL_NAMES.items()}
DEFAULT_LANGUAGE = "en"

# French elisions are split off and spelled out so "s'assurer" = "se assurer" and
# "d'action" = "de action": the word lists then need one spelling only.
_ELISIONS = {"l": "le", "d": "de", "s": "se", "qu": "que", "n": "ne", "j": "je", "m": "me",
             "t": "te", "c": "ce", "lorsqu": "lorsque", "puisqu": "puisque", "jusqu": "jusque"}
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\-][^\W\d_]+)*|[;:,./()\[\]&+!?]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u00b4": "'", "\u2011": "-", "\u2010": "-"})
# Trailing words of a phrase that do not need to be typed for it to match
# ("be aware" is as vague as "be aware of").
_TRAILING_PREPOSITIONS = {"of", "with", "to", "about", "into", "on", "de", "à", "a", "avec",
                          "sur", "que", "du", "des", "au", "aux"}


class Token(NamedTuple):
    text: str   # as typed
    low: str    # lower case, accents kept: function words ("où" is not "ou")
    key: str    # lower case, no accents: verbs ("reconnaitre" is "reconnaître")


@lru_cache(maxsize=16384)   # pure, and a catalogue's objectives share most of their words
def fold(text: str) -> str:
    """Lower case without accents or ligatures: the key verbs are matched on."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_text(text: str) -> str:
    """One spelling for apostrophes and hyphens, NFC, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(text.split())


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for raw in _TOKEN_RE.findall(normalise_text(text)):
        for part in _split_elision(raw):
            low = part.lower()
            tokens.append(Token(part, low, fold(low)))
    return tokens


def _split_elision(word: str) -> list[str]:
    head, sep, tail = word.partition("'")
    if sep and tail and head.lower() in _ELISIONS:
        return [_ELISIONS[head.lower()], *_split_elision(tail)]
    return [word]


def loose(key: str) -> str:
    """Ignore number and gender on the fixed words of a phrase (sensibilisé(e)s, examples)."""
    return key.rstrip("s").rstrip("e")


@dataclass(frozen=True)
class Entry:
    """One verb or verbal phrase of the data."""
    lemma: str                 # as written in the data: "carry out", "s'assurer"
    kind: str                  # "bloom" | "vague" | "other"
    level: int | None          # 1..6 for kind "bloom"
    pronominal: bool           # French "se …": matches only with the pronoun
    rest: tuple[str, ...]      # loose keys of the words after the verb


class Match(NamedTuple):
    entry: Entry
    forms: frozenset[str]      # grammatical forms the matched word can be: base, s, ing…
    start: int
    end: int                   # index after the last matched token


@dataclass(frozen=True)
class Lexicon:
    """The verb data of one language, ready for matching."""
    language: str
    levels: Mapping[int, tuple[str, ...]]          # level → lemmas, as in the data
    vague: Mapping[str, tuple[str, ...]]           # vague lemma → suggested verbs
    other_actions: tuple[str, ...]
    suggestions: Mapping[str, tuple[str, ...]]     # "unknown"/"other" → verbs to propose
    conjunctions: tuple[tuple[str, ...], ...]      # longest first
    gerund_conjunctions: frozenset[str]
    clause_openers: tuple[tuple[str, ...], ...]
    preposition_openers: frozenset[str]
    pair_openers: tuple[tuple[str, ...], ...]
    pair_conjunctions: frozenset[str]
    determiners: frozenset[str]
    clitics: frozenset[str]                        # French object pronouns before a verb
    adverbs: frozenset[str]
    adverb_suffixes: tuple[str, ...]
    modals: tuple[tuple[str, ...], ...]
    condition_openers: tuple[tuple[str, ...], ...]
    noun_verbs: frozenset[str]
    noun_markers: frozenset[str]
    noun_compounds: tuple[tuple[str, ...], ...]
    fillers: tuple[re.Pattern[str], ...]
    _index: Mapping[str, tuple[tuple[Entry, frozenset[str]], ...]] = field(repr=False)

    def match(self, tokens: list[Token], i: int) -> Match | None:
        """The longest verb or verbal phrase starting at token ``i``, if any."""
        if i >= len(tokens):
            return None
        pronominal = tokens[i].key == "se" and i + 1 < len(tokens)
        verb_at = i + 1 if pronominal else i
        best: Match | None = None
        for entry, forms in self._index.get(tokens[verb_at].key, ()):
            if entry.pronominal != pronominal:
                continue
            end = verb_at + 1 + len(entry.rest)
            words = [loose(t.key) for t in tokens[verb_at + 1:end]]
            if tuple(words) == entry.rest and (best is None or end > best.end):
                best = Match(entry, forms, i, end)
        if best is None and pronominal:
            # "se" not followed by a pronominal verb: not a verb here.
            return None
        return best

    def level_of(self, word: str) -> int | None:
        """The Bloom level of a verb given in any form ("identifies", "s'assurer")."""
        tokens = tokenize(word)
        found = self.match(tokens, 0)
        if found is None:
            return None
        # A phrase may be given whole: "se servir de", "give examples of".
        if any(t.low not in _TRAILING_PREPOSITIONS for t in tokens[found.end:]):
            return None
        return found.entry.level

    def phrase_at(self, phrases: tuple[tuple[str, ...], ...], tokens: list[Token],
                  i: int) -> int:
        """Length of the first phrase (tuples of lower-case words) at ``i``, else 0."""
        if i >= len(tokens):
            return 0
        cached = _PHRASES_BY_FIRST_WORD.get(id(phrases))
        if cached is None or cached[0] is not phrases:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for phrase in phrases:       # the list order is kept within each first word
                by_first.setdefault(phrase[0] if phrase else "", []).append(phrase)
            cached = _PHRASES_BY_FIRST_WORD[id(phrases)] = (phrases, by_first)
        for phrase in cached[1].get(tokens[i].low, ()):
            if tuple(t.low for t in tokens[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def verb_of(self, key: str) -> str | None:
        """The verb (base form or infinitive, folded) that the folded word ``key`` is a form of,
        for any verb of the data ("decrivez" → "decrire", "analyse" → "analyze"), else None."""
        found = self._index.get(key)
        return _verb_key(found[0][0].lemma) if found else None

    def is_adverb(self, token: Token) -> bool:
        if token.low in self.adverbs:
            return True
        if token.key in self._index or token.low in self.determiners:
            return False
        return any(token.low.endswith(s) and len(token.low) > len(s) + 2
                   for s in self.adverb_suffixes)


# phrases tuple id → (the tuple, its phrases by first word): phrase_at is called per token
_PHRASES_BY_FIRST_WORD: dict[int, tuple[tuple, dict]] = {}


# --- inflection -------------------------------------------------------------------------

def _english_forms(verb: str) -> dict[str, set[str]]:
    """Regular English forms of a verb: base, s, ing, ed (both spellings where doubling
    is uncertain, e.g. labeling/labelling: an extra key costs nothing)."""
    forms: dict[str, set[str]] = {verb: {"base"}}

    def add(form: str, kind: str) -> None:
        forms.setdefault(form, set()).add(kind)

    if re.search(r"[^aeiou]y$", verb):
        add(verb[:-1] + "ies", "s")
        add(verb[:-1] + "ied", "ed")
    elif re.search(r"(s|x|z|ch|sh|o)$", verb):
        add(verb + "es", "s")
    else:
        add(verb + "s", "s")
    if verb.endswith("ie"):
        add(verb[:-2] + "ying", "ing")
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        add(verb[:-1] + "ing", "ing")
    else:
        add(verb + "ing", "ing")
    if verb.endswith("e"):
        add(verb + "d", "ed")
    elif not re.search(r"[^aeiou]y$", verb):
        add(verb + "ed", "ed")
    if re.search(r"[^aeiou][aeiou][bcdfgklmnprstvz]$", verb):
        add(verb + verb[-1] + "ing", "ing")
        add(verb + verb[-1] + "ed", "ed")
    return forms


def _british_spelling(verb: str) -> str | None:
    if verb.endswith("ize"):
        return verb[:-3] + "ise"
    if verb.endswith("yze"):
        return verb[:-3] + "yse"
    return None


_FR_ER = {"fin": ("e", "es", "ent", "ez", "era", "eront", "erez", "erait"),
          "pp": ("e", "ee", "es", "ees")}
_FR_IR = {"fin": ("it", "is", "issent", "issez", "ira", "iront", "irez"),
          "pp": ("i", "ie", "is", "ies")}


def _french_forms(verb: str) -> dict[str, set[str]]:
    """Regular French forms: infinitive ("inf"), finite ("fin"), participle ("pp").
    Keys are folded, so "identifié" and "identifie" are one key (both forms)."""
    forms: dict[str, set[str]] = {verb: {"inf"}}
    for ending, table in (("er", _FR_ER), ("ir", _FR_IR)):
        if verb.endswith(ending):
            stem = verb[: -len(ending)]
            for kind, suffixes in table.items():
                for suffix in suffixes:
                    forms.setdefault(stem + suffix, set()).add(kind)
    return forms


def _forms(language: str, verb: str, irregular: Mapping[str, list[str]]) -> dict[str, set[str]]:
    key = fold(verb)
    extra = [fold(w) for w in irregular.get(verb, ())]
    if language == "fr":
        # Irregular French verbs: only the listed forms (regular rules would mislead).
        forms = {key: {"inf"}} if extra else _french_forms(key)
        for form in extra:
            # Listed forms are finite or participles; telling them apart only matters
            # for finite objectives, which are rare in French (infinitives are the norm).
            forms.setdefault(form, set()).add("fin")
        return forms
    forms = _english_forms(key)
    british = _british_spelling(key)
    if british:
        for form, kinds in _english_forms(british).items():
            forms.setdefault(form, set()).update(kinds)
    for form in extra:
        forms.setdefault(form, set()).add("ed")
    return forms


# --- loading ------------------------------------------------------------------------------

def _phrase_parts(text: str) -> tuple[bool, str, tuple[str, ...]]:
    """"s'assurer" → (pronominal, "assurer", ()); "be aware of" → (False, "be", ("awar",))."""
    words = [t.key for t in tokenize(text)]
    pronominal = len(words) > 1 and words[0] == "se"
    if pronominal:
        words = words[1:]
    rest = words[1:]
    while rest and rest[-1] in _TRAILING_PREPOSITIONS:
        rest = rest[:-1]
    return pronominal, words[0], tuple(loose(w) for w in rest)


def _build_index(language: str, data: dict) -> dict[str, tuple[tuple[Entry, frozenset[str]], ...]]:
    irregular = {verb: list(forms) for verb, forms in (data.get("forms") or {}).items()}
    entries: list[tuple[str, str, int | None]] = []
    for name, verbs in data["levels"].items():
        entries += [(verb, "bloom", _LEVEL_OF_NAME[name]) for verb in verbs]
    entries += [(verb, "vague", None) for verb in data.get("vague") or {}]
    entries += [(verb, "other", None) for verb in data.get("other_actions") or ()]
    index: dict[str, list[tuple[Entry, frozenset[str]]]] = {}
    for lemma, kind, level in entries:
        pronominal, verb, rest = _phrase_parts(lemma)
        entry = Entry(lemma, kind, level, pronominal, rest)
        raw_verb = _raw_verb(lemma)
        for form, kinds in _forms(language, raw_verb, irregular).items():
            index.setdefault(form, []).append((entry, frozenset(kinds)))
    # Exact base forms first so "found" (find) never hides a lemma spelled "found".
    return {form: tuple(sorted(found, key=lambda pair: "base" not in pair[1] and "inf" not in pair[1]))
            for form, found in index.items()}


@lru_cache(maxsize=None)
def _verb_key(lemma: str) -> str:
    return fold(_raw_verb(lemma))


def _raw_verb(lemma: str) -> str:
    """The inflected word of a lemma, accents kept (so `forms` keys match the data)."""
    words = normalise_text(lemma).split()
    first = words[0]
    if first.lower() in ("se", "s'") or (first.lower().startswith("s'") and len(first) > 2):
        return first[2:] if first.lower().startswith("s'") else words[1]
    return first


def _phrases(items) -> tuple[tuple[str, ...], ...]:
    phrases = {tuple(t.low for t in tokenize(str(item))) for item in items or ()}
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def _words(items) -> frozenset[str]:
    return frozenset(normalise_text(str(item)).lower() for item in items or ())


@lru_cache(maxsize=None)
def lexicon(language: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The verb data for a BCP 47 tag ("fr-CA" → fr); unknown languages get English."""
    lang = resolve_language(language)
    with open(resource_path("bloom", f"{lang}.yaml"), encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Lexicon(
        language=lang,
        levels={_LEVEL_OF_NAME[name]: tuple(verbs) for name, verbs in data["levels"].items()},
        vague={verb: tuple(s) for verb, s in (data.get("vague") or {}).items()},
        other_actions=tuple(data.get("other_actions") or ()),
        suggestions={k: tuple(v) for k, v in (data.get("suggestions") or {}).items()},
        conjunctions=_phrases(data.get("conjunctions")),
        gerund_conjunctions=_words(data.get("gerund_conjunctions")),
        clause_openers=_phrases(data.get("clause_openers")),
        preposition_openers=_words(data.get("preposition_openers")),
        pair_openers=_phrases(data.get("pair_openers")),
        pair_conjunctions=_words(data.get("pair_conjunctions")),
        determiners=_words(data.get("determiners")),
        clitics=_words(data.get("clitics")),
        adverbs=_words(data.get("adverbs")),
        adverb_suffixes=tuple(data.get("adverb_suffixes") or ()),
        modals=_phrases(data.get("modals")),
        condition_openers=_phrases(data.get("condition_openers")),
        noun_verbs=frozenset(fold(w) for w in data.get("noun_verbs") or ()),
        noun_markers=_words(data.get("noun_markers")),
        noun_compounds=_phrases(data.get("noun_compounds")),
        fillers=tuple(re.compile(p, re.IGNORECASE) for p in data.get("fillers") or ()),
        _index=_build_index(lang, data),
    )


@lru_cache(maxsize=None)
def supported_languages() -> tuple[str, ...]:
    """Languages with a verb file, e.g. ("en", "fr")."""
    folder = resources_dir() / "bloom"
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def resolve_language(language: str | None) -> str:
    """BCP 47 tag → the language whose lists are used ("en-GB" → "en", "de" → "en")."""
    primary = re.split(r"[-_]", (language or "").strip().lower(), maxsplit=1)[0]
    return primary if primary in supported_languages() else DEFAULT_LANGUAGE


def bloom_verbs(language: str = DEFAULT_LANGUAGE) -> Mapping[int, tuple[str, ...]]:
    """Level (1..6) → the lemmas of that level, for Bloom progression checks."""
    return lexicon(language).levels
