"""When two objectives say the same thing: normalised words compared as a whole, not letters.

An objective is reduced to its content words: case, accents and ligatures folded, stop words
dropped (English and French, with "be able to" / "être capable de"), number words written as
digits, each form of a verb of the Bloom lists written as that verb (irregular forms and
spellings the stemmer cannot join: "décrivez" is "décrire", "summarise" is "summarize"), then
every word stemmed by the Snowball stemmer of the course's language (so "applying",
"applies" and "apply", or "appliquer" and "appliquez", are one word). Words that change what
is asked stay: "over 25 kg" is not "under 25 kg", "sous" is not "sur". Two objectives are
the same when they reduce to the same words in any order, and nearly the same when one long
word differs by a single letter (a typo: "procedure" / "proceedure"). Objectives that share
a topic but differ in any real word — "… on a busy shift" / "… at night", "weight" /
"height" — are different objectives.

Matching is by blocking, not by comparing every pair: exact matches share a key, and a
typo pair shares the key of the words without the differing one, so a path of n modules
costs about n × (words per objective) look-ups.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from studio.rules.objective_lexicon import lexicon

TYPO_MIN_LENGTH = 7   # a one-letter difference counts as a typo only in words this long

STOP_WORDS = frozenset("""
a an the of to in on at for from with by and or as into onto about its their his her
your our this that these those which who whom it be able being is are will can
le la les l un une des de du d au aux a en et ou pour par avec sur dans son sa ses leur
leurs votre vos notre nos ce cet cette ces qui que qu y etre capable savoir se s each every chaque
""".split())
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8",
    "neuf": "9", "dix": "10", "onze": "11", "douze": "12",
}


def _fold(text: str) -> str:
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")      # NFKD keeps ligatures whole
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer("french" if language.lower().startswith("fr") else "english")


@functools.lru_cache(maxsize=65536)
def objective_words(objective: str, language: str = "en") -> tuple[str, ...]:
    """The objective's content words, stemmed and sorted (its identity for matching)."""
    words = [NUMBER_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", _fold(objective))]
    return tuple(sorted(_stem(w, language) for w in words if w not in STOP_WORDS))


@functools.lru_cache(maxsize=8)
def _verbs(language: str):
    return lexicon(language).verb_of


@functools.lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(_verbs(language)(word) or word)


def _one_typo(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one substituted, inserted or deleted letter in a long word."""
    if min(len(a), len(b)) < TYPO_MIN_LENGTH - 1 or max(len(a), len(b)) < TYPO_MIN_LENGTH:
        return False
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1 or a == b:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def duplicate_pairs(objectives: list[str | None], language: str = "en") -> list[tuple[int, int, bool]]:
    """``(earlier, later, exact)`` for each objective that repeats an earlier one, nearest
    first match only: each later objective is reported once, against the first it repeats."""
    exact: dict[tuple[str, ...], int] = {}
    without_one: dict[tuple[tuple[str, ...], int], list[int]] = {}
    words_of: list[tuple[str, ...]] = []
    found = []
    for index, objective in enumerate(objectives):
        words = objective_words(objective, language) if objective else ()
        words_of.append(words)
        if not words:
            continue
        if words in exact:
            found.append((exact[words], index, True))
            continue
        exact[words] = index
        match = None
        for cut in range(len(words)):
            rest = words[:cut] + words[cut + 1:]
            bucket = without_one.setdefault((rest, len(words)), [])
            if match is None:       # a word that occurs twice puts the objective in one bucket twice
                match = next((j for j in bucket if j != index and _differs_by_typo(words_of[j], words, rest)),
                             None)
            bucket.append(index)
        if match is not None:
            found.append((match, index, False))
    return found


def _differs_by_typo(first: tuple[str, ...], second: tuple[str, ...], common: tuple[str, ...]) -> bool:
    a = list(first)
    for word in common:
        a.remove(word)
    b = list(second)
    for word in common:
        b.remove(word)
    return len(a) == len(b) == 1 and _one_typo(a[0], b[0])
