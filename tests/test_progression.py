"""Progression along a path (studio/rules/progression.py): Bloom drops on a concept, quizzes that
only test recall (English and French prompts), and the pacing of each path in the report."""
from __future__ import annotations

import json

import pytest

from studio import model as m
from studio.cli.report import render_report
from studio.rules.check import check_course
from studio.rules.progression import is_recall, path_pacing
from studio.source.reader import parse_course


def module(key: str, objective: str, introduces: str = "", requires: str = "", quiz: str = "") -> str:
    """A module in YAML; ``quiz`` is the list of its questions in flow style, if any."""
    blocks = f"\n    blocks:\n      - {{type: quiz, questions: [{quiz}]}}" if quiz else ""
    return (f"  - id: {key}\n    title: {key}\n    objective: \"{objective}\"\n"
            f"    introduces: [{introduces}]\n    requires: [{requires}]{blocks}\n")


TF = '{kind: true_false, prompt: "Is it?", answer: true}'


def course(*modules: str, order: str, language: str = "en", entry: str = "", release: str = "") -> str:
    return (f"title: T\nlanguage: {language}\nmodules:\n" + "".join(modules)
            + f"paths:\n  - {{id: p, modules: [{order}], entry_concepts: [{entry}]{release}}}\n")


def found(text: str, code: str) -> list[dict]:
    return [p for p in check_course(parse_course(text), {}).to_dict()["problems"] if p["code"] == code]


# --- sequence.bloom-drop -----------------------------------------------------------------

def test_a_concept_taught_at_create_level_before_it_is_taught_at_remember_level():
    text = course(module("design", "Design a racking layout for a small warehouse", "racking-layout", quiz=TF),
                  module("parts", "Identify the parts of a racking layout", "racking-layout, rack-parts", quiz=TF),
                  order="design, parts")
    assert found(text, "sequence.bloom-drop") == [{
        "code": "sequence.bloom-drop", "severity": "warning", "module": "design", "path": "p",
        "message": "works on 'racking-layout' at Bloom level 6 (create: 'design') before 'parts' works on it at "
                   "level 1 (remember: 'identify') in path 'p': learners meet the harder task first; "
                   "place 'parts' before 'design'"}]
    rising = text.replace("modules: [design, parts]", "modules: [parts, design]")
    assert found(rising, "sequence.bloom-drop") == []


def test_an_entry_concept_used_at_a_high_level_then_taught_from_scratch():
    text = course(module("risk", "Evaluate the fire risk of a storeroom", "storeroom-risk", "fire-triangle",
                         quiz=TF),
                  module("triangle", "Describe the fire triangle", "fire-triangle", quiz=TF),
                  order="risk, triangle", entry="fire-triangle")
    [drop] = found(text, "sequence.bloom-drop")
    assert drop["module"] == "risk" and drop["path"] == "p"
    assert "at Bloom level 5 (evaluate: 'evaluate') before 'triangle' works on it at level 2 (understand: " \
           "'describe')" in drop["message"]


def test_the_drop_names_every_concept_of_the_same_two_modules_once():
    text = course(module("design", "Design a racking layout for a small warehouse", "layout, aisles", quiz=TF),
                  module("basics", "Name the parts of a warehouse layout", "layout, aisles", quiz=TF),
                  order="design, basics")
    [drop] = found(text, "sequence.bloom-drop")
    assert drop["message"].startswith("works on 'layout' and 'aisles' at Bloom level 6 (create: 'design') "
                                      "before 'basics' works on them at level 1")


def test_going_back_to_basics_on_a_concept_the_module_uses_and_names():
    text = course(module("design-rca", "Design a root cause analysis for a recurring mis-pick",
                         "root-cause-analysis", quiz=TF),
                  module("five-whys", "List the five whys of a root cause analysis in order", "five-whys",
                         "root-cause-analysis", quiz=TF),
                  order="design-rca, five-whys")
    [drop] = found(text, "sequence.bloom-drop")
    assert drop["module"] == "design-rca" and drop["message"] == (
        "works on 'root-cause-analysis' at Bloom level 6 (create: 'design') before 'five-whys' works on it at "
        "level 1 (remember: 'list') in path 'p': learners meet the harder task first; teach 'root-cause-analysis' "
        "at a lower level before 'design-rca' (a module that introduces it), or give 'design-rca' a lower-level "
        "objective")


@pytest.mark.parametrize("objective", [
    "Identify the exits and the assembly point on the site plan",   # does not name the concept
    "Apply a root cause analysis to a late delivery",              # uses it at apply level
    "Evaluate a root cause analysis written by another team",     # evaluate: one level below create
])
def test_using_a_concept_is_not_going_back_to_basics(objective):
    text = course(module("design-rca", "Design a root cause analysis for a recurring mis-pick",
                         "root-cause-analysis", quiz=TF),
                  module("later", objective, "later-skill", "root-cause-analysis", quiz=TF),
                  order="design-rca, later")
    assert found(text, "sequence.bloom-drop") == []


def test_a_drop_the_order_cannot_simply_undo_asks_for_a_lower_first_step():
    # 'later' both needs 'layout' from 'design' and teaches it again: moving it first breaks the path
    text = course(module("design", "Design a racking layout for a small warehouse", "layout", quiz=TF),
                  module("later", "List the parts of a racking layout", "layout, parts", "layout", quiz=TF),
                  order="design, later")
    [drop] = found(text, "sequence.bloom-drop")
    assert drop["message"].endswith("teach 'layout' at a lower level before 'design' (a module that introduces "
                                    "it), or give 'design' a lower-level objective")


@pytest.mark.parametrize("modules, order", [
    # a later module that only requires the concept uses it for its own, newly taught skill
    ((module("plan", "Plan a lift route through the warehouse", "lift-route", quiz=TF),
      module("lift", "Demonstrate a safe lift along a planned route", "safe-lift", "lift-route", quiz=TF)),
     "plan, lift"),
    # a recap that teaches nothing new is retrieval practice
    ((module("apply", "Apply the five-step lifting procedure to a carton", "lifting-procedure", quiz=TF),
      module("recap", "List the five steps of a safe lift", "", "lifting-procedure", quiz=TF)),
     "apply, recap"),
    # one level is revision: apply, then understand
    ((module("apply", "Apply the lockout procedure to a conveyor", "lockout", quiz=TF),
      module("explain", "Explain the lockout procedure", "lockout", quiz=TF)),
     "apply, explain"),
    # a module with no Bloom verb has no level
    ((module("design", "Understand racking layouts", "layout", quiz=TF),
      module("parts", "Identify the parts of a racking layout", "layout", quiz=TF)),
     "design, parts"),
])
def test_what_is_no_drop(modules, order):
    assert found(course(*modules, order=order), "sequence.bloom-drop") == []


def test_a_concept_needed_before_it_is_taught_is_reported_once_as_a_missing_prerequisite():
    text = course(module("remedy", "Choose a remedy from the goodwill matrix", "remedy", "goodwill-matrix",
                         quiz=TF),
                  module("matrix", "Identify the rows of the goodwill matrix", "goodwill-matrix", quiz=TF),
                  order="remedy, matrix")
    codes = [p["code"] for p in check_course(parse_course(text), {}).to_dict()["problems"]
             if p["code"] in ("sequence.missing-prerequisite", "sequence.bloom-drop")]
    assert codes == ["sequence.missing-prerequisite"]


def test_french_objectives_have_levels_too():
    text = course(module("concevoir", "Concevoir un plan de rayonnage pour un petit entrepôt", "rayonnage",
                         quiz=TF),
                  module("nommer", "Identifier les éléments d'un rayonnage", "rayonnage, montants", quiz=TF),
                  order="concevoir, nommer", language="fr")
    [drop] = found(text, "sequence.bloom-drop")
    assert "at Bloom level 6 (create: 'concevoir') before 'nommer' works on it at level 1 (remember: " \
           "'identifier')" in drop["message"]


def test_drops_are_listed_under_their_path_in_the_report():
    text = course(module("design", "Design a racking layout for a small warehouse", "racking-layout", quiz=TF),
                  module("parts", "Identify the parts of a racking layout", "racking-layout", quiz=TF),
                  order="design, parts")
    parsed = parse_course(text)
    report = check_course(parsed, {})
    [path] = report.paths
    assert [p.code for p in path.problems].count("sequence.bloom-drop") == 1
    lines = render_report(parsed, report).splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("path p:"))
    under_path = lines[heading + 1:lines.index("", heading)]
    assert sum(line.startswith("  ! warning sequence.bloom-drop: design: works on 'racking-layout'")
               for line in under_path) == 1
    assert sum("bloom-drop" in line for line in lines) == 1         # listed once, under its path


# --- quiz.recall-only --------------------------------------------------------------------

APPLY_EN = "Apply the five-step lifting procedure to a carton of up to 15 kg"
RECALL_EN = ('{kind: true_false, prompt: "You should twist while lifting.", answer: false}, '
             '{kind: fill_blank, prompt: "Keep the load ____ to your body.", answers: [close]}, '
             '{kind: single, prompt: "What is the first step of a safe lift?", '
             'choices: [{text: Plan the lift, correct: true}, {text: Grip the load}]}')
SCENARIO_EN = ('{kind: single, prompt: "You must turn 90 degrees to put a carton on a bench. What do you do?", '
               'choices: [{text: Move your feet, correct: true}, {text: Twist at the waist}]}')


def test_an_application_objective_checked_only_by_recall_is_a_warning():
    assert found(course(module("lift", APPLY_EN, "lifting-procedure", quiz=RECALL_EN), order="lift"),
                 "quiz.recall-only") == [{
        "code": "quiz.recall-only", "severity": "warning", "module": "lift", "path": None,
        "message": "its objective asks learners to apply ('apply'), but every quiz question only tests recall "
                   "(1 true/false, 1 fill-in, 1 single choice): add a question that makes learners apply, "
                   "e.g. a short scenario with a decision to make"}]


def test_one_scenario_question_is_enough():
    text = course(module("lift", APPLY_EN, "lifting-procedure", quiz=f"{RECALL_EN}, {SCENARIO_EN}"), order="lift")
    assert found(text, "quiz.recall-only") == []


@pytest.mark.parametrize("objective, quiz", [
    ("Identify the five steps of a safe lift", RECALL_EN),                       # recall is what it asks
    ("Understand the five steps of a safe lift", RECALL_EN),                     # no level: vague verb
    (APPLY_EN, '{kind: ordering, prompt: "Put the steps in order.", items: [Plan, Grip, Lift]}'),
    (APPLY_EN, '{kind: matching, prompt: "Match each step to its purpose.", '
               'pairs: [[Plan, Avoid surprises], [Grip, Control the load]]}'),
    (APPLY_EN, '{kind: single, prompt: "Which step comes first?", '              # no recall opening
               'choices: [{text: Plan, correct: true}, {text: Lift}]}'),
])
def test_what_is_not_recall_only(objective, quiz):
    assert found(course(module("lift", objective, "lifting-procedure", quiz=quiz), order="lift"),
                 "quiz.recall-only") == []


def test_a_module_without_a_quiz_is_unassessed_not_recall_only():
    text = course(module("lift", APPLY_EN, "lifting-procedure"), order="lift")
    assert found(text, "quiz.recall-only") == []
    assert [p["message"] for p in found(text, "module.unassessed")] == [
        f"has no quiz, so nothing shows that learners reached its objective ('{APPLY_EN}'): add a quiz block"]


def test_a_french_application_objective_checked_only_by_recall():
    recall = ('{kind: single, prompt: "Qu’est-ce que la posture neutre ?", '
              'choices: [{text: Le dos droit, correct: true}, {text: Le dos rond}]}, '
              '{kind: true_false, prompt: "Il faut tourner le buste en soulevant.", answer: false}')
    text = course(module("lever", "Appliquer la procédure de levage en cinq étapes à un carton de 15 kg",
                         "levage", quiz=recall), order="lever", language="fr")
    [problem] = found(text, "quiz.recall-only")
    assert problem["message"].startswith("its objective asks learners to apply ('appliquer'), but every quiz "
                                         "question only tests recall (1 single choice, 1 true/false)")
    scenario = ('{kind: single, prompt: "Vous devez poser un carton sur un établi à 90°. Que faites-vous ?", '
                'choices: [{text: Je déplace mes pieds, correct: true}, {text: Je tourne le buste}]}')
    assert found(text.replace("answer: false}", f"answer: false}}, {scenario}"), "quiz.recall-only") == []


def question(kind: str, prompt: str) -> m.Question:
    return m.Question(kind=kind, prompt=prompt)


@pytest.mark.parametrize("kind, prompt, language, recall", [
    ("single", "What is the maximum load for a one-person lift?", "en", True),
    ("multiple", "Which posture is called a neutral spine?", "en", True),
    ("single", "Define a near miss.", "en", True),
    ("single", "What does TILE stand for?", "en", True),
    ("true_false", "Gloves are part of the PPE kit.", "en", True),
    ("fill_blank", "The TILE checklist stands for Task, Individual, Load and ____.", "en", True),
    ("single", "What is the safest way to lift a long pipe?", "en", False),         # a judgement
    ("single", "A colleague lifts a 30 kg box alone. What is wrong?", "en", False),  # a situation
    ("true_false", "If the load is wet, you may still lift it alone.", "en", False),
    ("true_false", "You are alone and the box weighs 30 kg: lift it slowly.", "en", False),
    ("single", "Why should you keep the load close?", "en", False),
    ("single", "Quel est le poids maximal pour un levage seul ?", "fr", True),
    ("single", "Comment s'appelle la posture qui garde les trois courbes du dos ?", "fr", True),
    ("multiple", "Citez les étapes du levage.", "fr", True),
    ("true_false", "Le casque fait partie des EPI.", "fr", True),
    ("single", "Quelle est la meilleure façon de porter un tuyau long ?", "fr", False),
    ("single", "Un collègue soulève seul un carton de 30 kg. Que faites-vous ?", "fr", False),
    ("true_false", "Si la charge est mouillée, vous pouvez la soulever seul.", "fr", False),
    ("single", "Pourquoi faut-il garder la charge près du corps ?", "fr", False),
    ("true_false", "Handschuhe gehören zur Schutzausrüstung.", "de", False),          # not judged
])
def test_what_counts_as_recall(kind, prompt, language, recall):
    assert is_recall(question(kind, prompt), language) is recall


# --- pacing ------------------------------------------------------------------------------

def test_pacing_without_and_with_a_release_schedule():
    seconds = {"a": 300.0, "b": 540.0, "c": 420.0}
    plain = m.Path(id="p", modules=("a", "ghost", "b", "c"))
    assert path_pacing(plain, seconds) == {"modules": 3, "mean_module_seconds": 420.0, "max_module_seconds": 540.0,
                                           "longest_module": "b"}
    released = m.Path(id="p", modules=("a", "b", "c"), release=m.Release(m.date(2027, 1, 4), 7))
    assert path_pacing(released, seconds) == {
        "modules": 3, "mean_module_seconds": 420.0, "max_module_seconds": 540.0, "longest_module": "b",
        "release_every_days": 7, "release_days": 21, "minutes_per_day": 1.0}
    assert path_pacing(m.Path(id="empty"), seconds) == {
        "modules": 0, "mean_module_seconds": None, "max_module_seconds": None, "longest_module": None}


def test_pacing_is_in_the_json_report_and_one_line_of_the_human_report():
    text = course(module("a", "Identify the exits", "exits", quiz=TF),
                  module("b", "Identify the assembly point", "assembly", quiz=TF),
                  order="a, b", release=", release: {start: 2027-01-04, every_days: 3}")
    parsed = parse_course(text)
    report = check_course(parsed, {})
    data = json.loads(json.dumps(report.to_dict()))
    [path] = data["paths"]
    assert list(path)[:4] == ["id", "order", "total_seconds", "suggested_order"]     # the contract, unchanged
    assert path["pacing"] == {"modules": 2, "mean_module_seconds": 15.0, "max_module_seconds": 15.0,
                              "longest_module": "a", "release_every_days": 3, "release_days": 6,
                              "minutes_per_day": 0.08}      # a true/false question each: 15 s
    lines = render_report(parsed, report).splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("path p:"))
    assert lines[heading + 1] == "  pacing: 2 module(s), mean 0:15, longest 0:15 (a); one every 3 day(s) over 6 " \
                                 "days, 0.1 min a day"
