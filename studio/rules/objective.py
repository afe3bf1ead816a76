"""The objective rules: one module, one measurable objective, one action.

An objective must start with (after filler such as "Learners will be able to") one action
verb from Bloom's revised taxonomy. The analysis is a few explainable heuristics over the
word lists in ``resources/bloom/<lang>.yaml``, with no NLP dependency:

1. strip leading filler and a leading condition ("Given a load chart, ...");
2. the first verb (after adverbs, and after "savoir"/"know how to") is the main action;
3. the rest is scanned for conjunctions ("and", "puis", ";", ","). What follows one is a
   second action only when it is a verb in the same form as the main verb ("identify …
   and apply", not "identify … and controls"), is not a noun in context ("… and plan."),
   and the conjunction is not inside a clause that coordinates its own words: purpose
   "to lift and carry", relative "that names hazards and controls", "how/why/between …".
   A verb the lists do not know is still a second action when a word followed by its own
   object comes right after the main verb ("plan and run a talk"), after ";" ("…; record
   it"), or, in French, has the shape of an infinitive ("… et donner l'alerte").

False alarms cost trust, so every doubt resolves towards "one action".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from studio.rules.objective_lexicon import (
    LEVEL_NAMES, Entry, Lexicon, Match, Token, bloom_verbs, lexicon, normalise_text,
    supported_languages, tokenize,
)

__all__ = [
    "CODES", "LEVEL_NAMES", "ObjectiveAnalysis", "ObjectiveFinding", "analyse_objective",
    "bloom_level", "bloom_verbs", "lexicon", "supported_languages",
]

MISSING = "objective.missing"
MULTIPLE = "objective.multiple"
VAGUE = "objective.vague-verb"
UNKNOWN = "objective.unknown-verb"
CODES = frozenset({MISSING, MULTIPLE, VAGUE, UNKNOWN})

_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u2013\u2014>]+|\d+[.)])\s*")
_SENTENCE_ENDS = {";", ".", "!", "?"}
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
# Words allowed between a conjunction and the verb: "and/or apply", "and to apply",
# "et d'appliquer".
_BRIDGES = {"/", "or", "ou", "to", "de"}
_LINKS = {"to", "how", "à", "a", "de", "comment"}   # "learn (how) to identify"
_CONDITION_WINDOW = 15   # a leading condition longer than this is not one


@dataclass(frozen=True)
class ObjectiveFinding:
    code: str        # one of CODES
    severity: str    # "error" | "warning"
    message: str


@dataclass(frozen=True)
class ObjectiveAnalysis:
    text: str
    language: str                    # the language whose lists were used
    verb: str | None                 # the main action verb, lemma form
    bloom_level: int | None          # 1..6
    level_name: str | None           # English level name
    actions: tuple[str, ...]         # all action verbs found (lemmas)
    findings: tuple[ObjectiveFinding, ...]


def bloom_level(verb: str, language: str = "en") -> int | None:
    """Level 1..6 of a Bloom verb in any form ("identifies", "s'assurer"), else None."""
    if not isinstance(verb, str) or not verb.strip():
        return None
    return lexicon(language).level_of(verb)


def analyse_objective(text: str | None, language: str = "en") -> ObjectiveAnalysis:
    lex = lexicon(language)
    raw = "" if text is None else str(text)
    if not raw.strip():
        finding = ObjectiveFinding(MISSING, "error", "no objective: write one measurable "
                                   "objective that starts with an action verb")
        return ObjectiveAnalysis(raw, lex.language, None, None, None, (), (finding,))
    tokens = tokenize(_strip_filler(raw, lex))
    start = _main_verb_start(tokens, lex)
    main = lex.match(tokens, start) if start is not None else None
    if main is None or _is_noun_here(tokens, main, lex, as_main=True):
        return ObjectiveAnalysis(raw, lex.language, None, None, None, (),
                                 (_unknown_finding(tokens, lex),))
    extra = _further_actions(tokens, main, lex)
    findings = [*_verb_findings(tokens, main, lex), *_multiple_findings(main, extra)]
    level = main.entry.level
    return ObjectiveAnalysis(
        raw, lex.language, main.entry.lemma, level, LEVEL_NAMES.get(level) if level else None,
        tuple(m.entry.lemma for m in [main, *(m for m, _ in extra)]), tuple(findings))


# --- where the main verb is ---------------------------------------------------------------

def _strip_filler(text: str, lex: Lexicon) -> str:
    """Remove "Objective:", "By the end of this module, learners will be able to" …"""
    text = _BULLET.sub("", normalise_text(text), count=1)
    for _ in range(8):     # each pattern peels one layer; a few layers at most
        for pattern in lex.fillers:
            found = pattern.match(text)
            if found and found.end():
                text = text[found.end():].lstrip(" ,:")
                break
        else:
            break
    return text


def _main_verb_start(tokens: list[Token], lex: Lexicon) -> int | None:
    i = _skip_punctuation(tokens, 0)
    if lex.phrase_at(lex.condition_openers, tokens, i):
        # "Using a checklist, inspect …": "using" is a verb, but the action is "inspect".
        after = _after_leading_clause(tokens, i)
        found = _verb_position(tokens, after, lex) if after is not None else None
        if found is not None:
            return found
    found = _verb_position(tokens, i, lex)
    if found is not None:
        return found
    # "In a warehouse, identify …", "Safety: identify …": retry after the comma/colon,
    # but not for a gerund ("The procedure, keeping …" still has no action).
    after = _after_leading_clause(tokens, i)
    found = _verb_position(tokens, after, lex) if after is not None else None
    if found is not None and lex.match(tokens, found).forms == {"ing"}:
        return None
    return found


def _verb_position(tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    i = _skip_adverbs(tokens, i, lex)
    modal = lex.phrase_at(lex.modals, tokens, i)
    if modal:
        # "savoir identifier" / "know how to lift": the infinitive is the action; a
        # bare "savoir" stays (and is vague).
        after = _skip_adverbs(tokens, i + modal, lex)
        if lex.match(tokens, after) is not None:
            i = after
    return i if lex.match(tokens, i) is not None else None


def _after_leading_clause(tokens: list[Token], i: int) -> int | None:
    for j in range(i, min(len(tokens), i + _CONDITION_WINDOW)):
        if tokens[j].low in (",", ":"):
            return _skip_punctuation(tokens, j + 1)
    return None


def _skip_punctuation(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and not _is_word(tokens[i]):
        i += 1
    return i


def _skip_adverbs(tokens: list[Token], i: int, lex: Lexicon, limit: int = 2) -> int:
    for _ in range(limit):
        if i < len(tokens) and lex.is_adverb(tokens[i]) and lex.match(tokens, i) is None:
            i += 1
    return i


def _is_word(token: Token) -> bool:
    return token.low[:1].isalnum()


# --- further actions ----------------------------------------------------------------------

def _further_actions(tokens: list[Token], main: Match, lex: Lexicon) -> list[tuple[Match, str]]:
    """Each later action with the conjunction that joined it."""
    found: list[tuple[Match, str]] = []
    blocked = False        # inside a clause whose "and" joins its own words
    pair = False           # after "between"/"entre": the next "and" is the pair's
    depth = 0              # inside parentheses: an aside, never an action
    i = main.end
    while i < len(tokens):
        tok = tokens[i]
        if tok.low in ("(", "["):
            depth += 1
        elif tok.low in (")", "]"):
            depth = max(0, depth - 1)
        if depth or tok.low in (")", "]"):
            i += 1
            continue
        if tok.low == "," and lex.phrase_at(lex.conjunctions, tokens, i + 1):
            i += 1      # ", then" / ", and": the conjunction speaks for the comma
            continue
        width = lex.phrase_at(lex.conjunctions, tokens, i) or (tok.low in _SENTENCE_ENDS)
        if width or tok.low == ",":
            width = int(width) or 1
            joiner = " ".join(t.text for t in tokens[i:i + width])
            # ";" or ", and" coordinates main clauses again: the clause has ended.
            if tok.low in _SENTENCE_ENDS or (tok.low != "," and i and tokens[i - 1].low == ","):
                blocked = pair = False
            if pair and tok.low in lex.pair_conjunctions:
                pair = False
            elif not blocked:
                action = _action_after(tokens, i + width, main, joiner, lex, right_after=i == main.end)
                if action is not None:
                    found.append((action, joiner))
                    i = action.end
                    continue
            i += width
            continue
        opener = lex.phrase_at(lex.clause_openers, tokens, i)
        if tok.low == ":" or (opener and _opens_clause(tokens, i + opener, tok, lex)):
            blocked = True
        elif lex.phrase_at(lex.pair_openers, tokens, i):
            pair = True
        i += max(opener, 1)
    return found


def _opens_clause(tokens: list[Token], after: int, opener: Token, lex: Lexicon) -> bool:
    """"to"/"pour" open a purpose clause before a verb, not before a noun phrase
    ("apply it to a box and record …" keeps its second action)."""
    if opener.low not in lex.preposition_openers:
        return True
    if after >= len(tokens):
        return False
    nxt = tokens[after]
    if nxt.low in lex.determiners or nxt.low[:1].isdigit():
        return False
    plural_noun = re.search(r"[^siu]s$", nxt.low) and lex.match(tokens, after) is None
    return not plural_noun


def _action_after(tokens: list[Token], i: int, main: Match, joiner: str,
                  lex: Lexicon, *, right_after: bool = False) -> Match | None:
    """The action a conjunction introduces, if the words after it start one."""
    i = _skip_adverbs(tokens, i, lex)
    while i < len(tokens) and lex.match(tokens, i) is None and (
            tokens[i].low in _BRIDGES
            or (tokens[i].low in lex.clitics and lex.match(tokens, i + 1) is not None)):
        i += 1      # "and/or apply", "et d'appliquer", "puis la démontrer"
    i = _skip_adverbs(tokens, i, lex)
    action = lex.match(tokens, i)
    if action is None:
        return _unlisted_verb(tokens, i, main, joiner, lex, right_after)
    if _is_noun_here(tokens, action, lex, as_main=False):
        return None
    gerund_ok = "ing" in action.forms and joiner.lower() in lex.gerund_conjunctions
    # "identify hazards and controls": a plural noun is not the imperative "control".
    return action if (action.forms & main.forms) or gerund_ok else None


_FR_INFINITIVE = re.compile(r"[^\W\d_]{2,}(?:er|ir|re|oir)$")
_NOT_INFINITIVES = {"entre", "contre", "notre", "votre", "leur", "autre", "pour", "par", "sur", "hier"}


def _unlisted_verb(tokens: list[Token], i: int, main: Match, joiner: str, lex: Lexicon,
                   right_after: bool) -> Match | None:
    """A verb missing from the lists, known by where it stands: followed by its object (a
    determiner, a pronoun or a number), right after the main verb or a ";", or shaped like
    a French infinitive. Nouns there would need a determiner of their own before them."""
    if i + 1 >= len(tokens):
        return None
    word, after = tokens[i], tokens[i + 1]
    if (not word.low.isalpha() or word.low in lex.determiners or word.low in lex.clitics
            or word.low in _NOT_INFINITIVES or lex.is_adverb(word)):
        return None
    if not (after.low in lex.determiners or after.low in lex.clitics or after.low[:1].isdigit()):
        return None
    french_verb = lex.language == "fr" and _FR_INFINITIVE.fullmatch(word.low) is not None
    if not (right_after or joiner == ";" or french_verb):
        return None
    return Match(Entry(word.low, "other", None, False, ()), main.forms, i, i + 1)


def _is_noun_here(tokens: list[Token], found: Match, lex: Lexicon, *, as_main: bool) -> bool:
    """Words like "plan", "list", "control" are nouns as often as verbs."""
    if lex.phrase_at(lex.noun_compounds, tokens, found.start):
        return True       # "control measures", "test results"
    if tokens[found.start].key not in lex.noun_verbs:
        return False
    nxt = tokens[found.end] if found.end < len(tokens) else None
    if nxt is not None and nxt.low in lex.noun_markers:
        return True       # "list of hazards", "the design and test of a rack"
    if as_main:
        return False      # "Plan the lift": a bare first word is the verb
    # After "and", nothing that could be an object: "identify the hazards and plan."
    return (nxt is None or not _is_word(nxt)
            or bool(lex.phrase_at(lex.conjunctions, tokens, found.end)))


# --- findings -----------------------------------------------------------------------------

def _verb_findings(tokens: list[Token], main: Match, lex: Lexicon) -> list[ObjectiveFinding]:
    lemma = main.entry.lemma
    if main.entry.kind == "vague":
        better = _quoted(lex.vague.get(lemma, ()), "or")
        message = (f"'{lemma}' is not measurable: say what the learner will do to show it, "
                   f"e.g. {better}")
        hidden = _measurable_after(tokens, main, lex)
        if hidden:
            message += f"; or drop '{lemma}' and start with '{hidden}'"
        return [ObjectiveFinding(VAGUE, "error", message)]
    if main.entry.kind == "other":
        better = _quoted(lex.suggestions.get("other", ()), "or")
        return [ObjectiveFinding(UNKNOWN, "warning",
                                 f"'{lemma}' is an observable action but not a Bloom verb, "
                                 f"so its level cannot be tracked; consider {better}")]
    return []


def _measurable_after(tokens: list[Token], main: Match, lex: Lexicon) -> str | None:
    """"learn to identify", "apprendre à identifier": the Bloom verb behind a vague one
    (only after a linking word: "comprendre et appliquer" is two actions, not a hint)."""
    i = main.end
    while i < len(tokens) and tokens[i].low in _LINKS:
        i += 1
    found = lex.match(tokens, i) if i > main.end else None
    return found.entry.lemma if found is not None and found.entry.kind == "bloom" else None


def _unknown_finding(tokens: list[Token], lex: Lexicon) -> ObjectiveFinding:
    opening = " ".join(t.text for t in tokens[:4]) or "the objective"
    better = _quoted(lex.suggestions.get("unknown", ()), "or")
    return ObjectiveFinding(UNKNOWN, "warning",
                            f"'{opening}' does not start with a known action verb "
                            f"({lex.language} Bloom lists); start with a measurable verb "
                            f"such as {better}")


def _multiple_findings(main: Match, extra: list[tuple[Match, str]]) -> list[ObjectiveFinding]:
    if not extra:
        return []
    verbs = [main.entry.lemma, *(m.entry.lemma for m, _ in extra)]
    joiners = list(dict.fromkeys(j for _, j in extra))
    count = _NUMBER_WORDS.get(len(verbs), str(len(verbs)))
    return [ObjectiveFinding(
        MULTIPLE, "error",
        f"{count} actions: {_quoted(verbs, 'and')} (joined by {_quoted(joiners, 'and')}); "
        f"split into {count} modules")]


def _quoted(words, last: str) -> str:
    quoted = [f"'{w}'" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"
