"""Path coherence (studio/sequence.py): known modules, prerequisites, cycles, suggested order,
duplicate objectives and unused concepts, as `studio check` reports them."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.rules.check import check_course
from studio.source.reader import parse_course


OBJECTIVES = ["Identify the hazards of a loading dock", "Calculate the safe load of a pallet rack",
              "Select a ladder for a given task", "Demonstrate a safe two-person lift",
              "Inspect a forklift before a shift", "Classify incidents by severity",
              "Report a near miss to a supervisor"]


def course(*modules: str, path: str, entry: str = "") -> str:
    """Modules as ``id: introduces / requires`` specs, e.g. ``"b: cb / ca cd"``; one path."""
    lines = ["title: T", "modules:"]
    for number, spec in enumerate(modules):
        key, _, rest = spec.partition(":")
        introduces, _, requires = rest.partition("/")
        lines += [f"  - id: {key.strip()}", f"    title: {key.strip()}",
                  f"    objective: {OBJECTIVES[number]}",
                  f"    introduces: [{', '.join(introduces.split())}]",
                  f"    requires: [{', '.join(requires.split())}]"]
    lines += ["paths:", f"  - {{id: p, modules: [{path}], entry_concepts: [{entry}]}}"]
    return "\n".join(lines) + "\n"


def path_report(text: str):
    report = check_course(parse_course(text), {})
    data = report.to_dict()
    problems = [p for p in data["problems"] if p["code"].startswith("sequence.")
                and p["code"] != "sequence.unused-concept"]
    return data["paths"][0], problems


def seq_codes(problems) -> list[str]:
    return [p["code"] for p in problems]


# --- unknown modules ---------------------------------------------------------------------

def test_unknown_module_in_a_path():
    path, problems = path_report(course("a: ca", "b: cb / ca", path="a, ghost, b"))
    assert problems == [{"code": "sequence.unknown-module", "severity": "error", "module": "ghost", "path": "p",
                         "message": "path 'p' lists module 'ghost' (position 2), which is not in the course; "
                                    "fix the id or add the module to the course"}]
    assert path["order"] == ["a", "ghost", "b"]
    assert path_report(course("a: ca", "b: cb / ca", path="a, b"))[1] == []


def test_an_unknown_module_close_to_a_real_one_suggests_it():
    _, problems = path_report(course("lift-safely: ca", "b: cb / ca", path="lift-safley, b"))
    [unknown] = [p for p in problems if p["code"] == "sequence.unknown-module"]
    assert unknown["message"] == ("path 'p' lists module 'lift-safley' (position 1), which is not in the course; "
                                  "did you mean 'lift-safely'?")


# --- prerequisites -----------------------------------------------------------------------

def test_a_prerequisite_taught_by_a_module_outside_the_path_says_so():
    _, problems = path_report(course("a: ca", "b: cb / ca cx", "x: cx", path="a, b"))
    assert [p["message"] for p in problems] == [
        "requires 'cx', which no earlier module of path 'p' introduces ('x' does, but is not in the path) and is "
        "not an entry concept: add a module that teaches it before this one, or list it in the path's "
        "entry_concepts"]


def test_a_module_that_requires_what_it_teaches_is_told_so():
    _, problems = path_report(course("a: ca / ca", path="a"))
    assert [(p["module"], p["message"]) for p in problems] == [(
        "a", "requires 'ca', which it introduces itself: a module cannot need what it teaches; drop it from "
             "requires or teach it in an earlier module of path 'p'")]


def test_the_first_later_module_that_teaches_a_prerequisite_is_named():
    path, problems = path_report(course("a: ca / cb", "b: cb", "c: cb", path="a, b, c"))
    assert [p["message"] for p in problems] == [
        "requires 'cb', which 'b' introduces later in path 'p': place 'b' before 'a'"]


def test_prerequisite_introduced_later_names_the_concept_and_the_module():
    path, problems = path_report(course("a: ca / cb", "b: cb", path="a, b"))
    assert problems == [{"code": "sequence.missing-prerequisite", "severity": "error", "module": "a", "path": "p",
                         "message": "requires 'cb', which 'b' introduces later in path 'p': place 'b' before 'a'"}]
    assert path["suggested_order"] == ["b", "a"]


def test_prerequisite_nobody_introduces():
    path, problems = path_report(course("a: ca", "b: cb / ca nowhere", path="a, b"))
    assert problems == [{"code": "sequence.missing-prerequisite", "severity": "error", "module": "b", "path": "p",
                         "message": "requires 'nowhere', which no earlier module of path 'p' introduces and is "
                                    "not an entry concept: add a module that teaches it before this one, or list "
                                    "it in the path's entry_concepts"}]
    assert path["suggested_order"] is None      # moving modules would not help


def test_entry_concepts_satisfy_prerequisites():
    assert path_report(course("a: ca / basics", "b: cb / ca", path="a, b", entry="basics"))[1] == []
    assert seq_codes(path_report(course("a: ca / basics", "b: cb / ca", path="a, b"))[1]) == [
        "sequence.missing-prerequisite"]


def test_an_entry_concept_that_a_later_module_also_teaches_is_no_cycle():
    # learners bring 'x'; 'b' teaches it again for others, and needs what 'a' teaches
    path, problems = path_report(course("a: ca / x", "b: x / ca", path="a, b", entry="x"))
    assert problems == []
    assert path["suggested_order"] is None


def test_a_valid_order_has_no_suggested_order():
    path, problems = path_report(course("a: ca", "b: cb / ca", "c: cc / ca cb", path="a, b, c"))
    assert problems == [] and path["suggested_order"] is None


# --- cycles ------------------------------------------------------------------------------

def test_modules_that_require_each_other_are_a_cycle():
    path, problems = path_report(course("a: ca / cb", "b: cb / ca", path="a, b"))
    cycle = [p for p in problems if p["code"] == "sequence.cycle"]
    assert len(cycle) == 1 and cycle[0]["severity"] == "error" and cycle[0]["path"] == "p"
    assert "a → b → a" in cycle[0]["message"]
    assert path["suggested_order"] is None      # no valid order exists


def test_a_longer_cycle_is_named_in_path_order_and_blocks_a_suggestion():
    path, problems = path_report(course("a: ca / cc", "b: cb / ca", "c: cc / cb", "d: cd", path="a, b, c, d"))
    cycle = [p["message"] for p in problems if p["code"] == "sequence.cycle"]
    assert cycle == ["prerequisite cycle in path 'p': a → b → c → a ('b' requires 'ca' from 'a'; 'c' requires 'cb' "
                     "from 'b'; 'a' requires 'cc' from 'c'); no order can satisfy these modules: drop one of these "
                     "requirements, or teach the concept in a module that comes before them"]
    assert path["suggested_order"] is None


def test_a_cycle_is_named_in_the_direction_the_concepts_flow():
    # a needs b, b needs c, c needs a: in path order, but the arrows follow what each one teaches
    _, problems = path_report(course("a: ca / cb", "b: cb / cc", "c: cc / ca", path="a, b, c"))
    [cycle] = [p for p in problems if p["code"] == "sequence.cycle"]
    assert cycle["module"] == "a"
    assert cycle["message"].startswith("prerequisite cycle in path 'p': a → c → b → a ('c' requires 'ca' from 'a'; "
                                       "'b' requires 'cc' from 'c'; 'a' requires 'cb' from 'b')")


def test_a_tangle_that_is_no_simple_ring_is_walked_through_every_module():
    # b needs a and c; a and c each need b: every step of the walk is a real requirement
    _, problems = path_report(course("a: ca / cb", "b: cb / ca cc", "c: cc / cb", path="a, b, c"))
    [cycle] = [p["message"] for p in problems if p["code"] == "sequence.cycle"]
    assert cycle.startswith("prerequisite cycle in path 'p': a → b → c → b → a ('b' requires 'ca' from 'a'; "
                            "'c' requires 'cb' from 'b'; 'b' requires 'cc' from 'c'; 'a' requires 'cb' from 'b')")


def test_breaking_the_cycle_removes_it():
    path, problems = path_report(course("a: ca", "b: cb / ca", path="a, b"))
    assert "sequence.cycle" not in seq_codes(problems)


# --- the closest valid order -------------------------------------------------------------

def suggested(*modules: str, path: str) -> list[str] | None:
    return path_report(course(*modules, path=path))[0]["suggested_order"]


def test_suggestion_moves_the_one_module_that_is_too_late():
    # c needs e, e needs b, d needs c: only e moves (between b and c), a b c d keep their order
    assert suggested("a: ca", "b: cb", "c: cc / ce", "d: cd / cc", "e: ce / cb", path="a, b, c, d, e") == [
        "a", "b", "e", "c", "d"]


def test_suggestion_moves_one_module_rather_than_a_chain():
    # a needs d, b needs a: moving d to the front is one move; moving a and b after d would be two
    assert suggested("a: ca / cd", "b: cb / ca", "c: cc", "d: cd", path="a, b, c, d") == ["d", "a", "b", "c"]


def test_suggestion_moves_one_early_module_rather_than_its_prerequisites():
    # a needs b, c and d, which need nothing: moving a to the end is one move
    assert suggested("a: ca / cb cc cd", "b: cb", "c: cc", "d: cd", path="a, b, c, d") == ["b", "c", "d", "a"]


def test_suggestion_with_several_misplaced_modules():
    # a needs b (b → front); e needs f, g needs e, f needs c (f → between c and e): two moves
    assert suggested("a: ca / cb", "b: cb", "c: cc", "e: ce / cf", "g: cg / ce", "f: cf / cc",
                     path="a, b, c, e, g, f") == ["b", "a", "c", "f", "e", "g"]


def lcs(a, b) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


@st.composite
def misordered_paths(draw):
    """A path of up to 6 modules whose prerequisites are acyclic but not in the author's order."""
    n = draw(st.integers(2, 6))
    hidden = draw(st.permutations(range(n)))          # some valid order exists
    needs = {hidden[i]: [hidden[j] for j in range(i) if draw(st.booleans())] for i in range(n)}
    return n, needs


@settings(max_examples=40, deadline=None)
@given(misordered_paths())
def test_suggestion_is_valid_and_takes_the_fewest_moves(case):
    n, needs = case
    ids = [f"m{i}" for i in range(n)]
    specs = [f"m{i}: c{i} / {' '.join(f'c{j}' for j in needs[i])}" for i in range(n)]
    order = suggested(*specs, path=", ".join(ids))

    def valid(candidate) -> bool:
        at = {key: pos for pos, key in enumerate(candidate)}
        return all(at[f"m{j}"] < at[f"m{i}"] for i in range(n) for j in needs[i])

    if valid(ids):
        assert order is None
        return
    assert sorted(order) == ids and valid(order)
    best = max(lcs(ids, p) for p in itertools.permutations(ids) if valid(p))
    assert n - lcs(ids, order) == n - best         # moves = modules not kept in relative order


# --- duplicate objectives ----------------------------------------------------------------

def with_objectives(first: str, second: str, *, path: str = "a, b") -> str:
    return f"""\
title: T
modules:
  - {{id: a, title: A, objective: "{first}"}}
  - {{id: b, title: B, objective: "{second}"}}
paths:
  - {{id: p, modules: [{path}]}}
"""


def test_identical_objectives_in_a_path():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock",
                                              "Identify the hazards of a loading dock"))
    assert problems == [{"code": "sequence.duplicate-objective", "severity": "warning", "module": "b",
                         "path": "p", "message": "has the same objective as 'a' in path 'p' ('Identify the hazards "
                                                 "of a loading dock'): merge the two modules, or give each its own "
                                                 "measurable objective"}]


def test_an_objective_that_repeats_a_word_is_no_duplicate_of_itself():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock",
                                              "Classify a customer request; record it in the request register"))
    assert problems == []


def test_objectives_differing_only_in_case_and_punctuation_are_duplicates():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock.",
                                              "identify the HAZARDS of a loading-dock!"))
    assert seq_codes(problems) == ["sequence.duplicate-objective"]


def test_nearly_identical_objectives_are_duplicates():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock",
                                              "Identify the hazards on a loading dock"))
    assert seq_codes(problems) == ["sequence.duplicate-objective"]


def test_different_objectives_are_not_duplicates():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock",
                                              "Calculate the safe load of a pallet rack"))
    assert problems == []


def test_duplicates_are_only_looked_for_within_a_path():
    _, problems = path_report(with_objectives("Identify the hazards of a loading dock",
                                              "Identify the hazards of a loading dock", path="a"))
    assert problems == []


# --- unused concepts ---------------------------------------------------------------------

def unused(text: str) -> list[dict]:
    report = check_course(parse_course(text), {})
    return [p for p in report.to_dict()["problems"] if p["code"] == "sequence.unused-concept"]


def forklift_course(*, b_requires: str = "", quiz_prompt: str = "Is the dock clear?") -> str:
    return f"""\
title: T
modules:
  - id: a
    title: A
    objective: Identify the forklift checks
    introduces: [forklift-checks]
    blocks:
      - {{type: quiz, questions: [{{kind: true_false, prompt: "{quiz_prompt}", answer: true}}]}}
  - id: b
    title: B
    objective: Drive a forklift along the aisle
    requires: [{b_requires}]
paths:
  - {{id: p, modules: [a, b]}}
"""


def test_a_concept_never_required_nor_assessed_is_unused():
    assert unused(forklift_course()) == [{
        "code": "sequence.unused-concept", "severity": "warning", "module": "a", "path": "p",
        "message": "introduces 'forklift-checks', but no later module of path 'p' requires it and its quiz does "
                   "not ask about it: require it in a later module, assess it in a quiz, or stop introducing it"}]


def test_a_concept_required_later_is_used():
    assert unused(forklift_course(b_requires="forklift-checks")) == []


def test_a_concept_assessed_by_the_quiz_is_used():
    assert unused(forklift_course(quiz_prompt="Which forklift check comes first?")) == []


def test_a_concept_required_only_by_an_earlier_module_is_still_unused():
    text = forklift_course(b_requires="forklift-checks").replace("modules: [a, b]", "modules: [b, a]")
    assert [p["module"] for p in unused(text)] == ["a"]
