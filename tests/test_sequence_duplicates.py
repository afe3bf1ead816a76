"""Near-duplicate objectives: real paraphrases in English and French are caught; objectives
that merely share a topic are not (studio/rules/objective_match.py)."""
from __future__ import annotations

import pytest

from studio.rules.check import check_course
from studio.rules.objective_match import duplicate_pairs
from studio.source.reader import parse_course


def duplicates(first: str, second: str, language: str = "en") -> list[dict]:
    text = f"""\
title: T
language: {language}
modules:
  - {{id: a, title: A, objective: "{first}"}}
  - {{id: b, title: B, objective: "{second}"}}
paths:
  - {{id: p, modules: [a, b]}}
"""
    report = check_course(parse_course(text), {})
    return [p for p in report.to_dict()["problems"] if p["code"] == "sequence.duplicate-objective"]


@pytest.mark.parametrize("first, second", [
    ("Apply the five-step lifting procedure to a box", "Applying the 5-step lifting procedures to boxes"),
    ("Identify the hazards of a loading dock", "identify hazards on the loading-dock."),
    ("On the loading dock, identify the hazards", "Identify the hazards on the loading dock"),
    ("Be able to inspect a forklift before a shift", "Inspect a forklift before each shift"),
    ("Calculate the safe working load of a rack.", "calculate the SAFE working-load of racks"),
    ("Demonstrate the lockout procedure", "Demonstrate the lockout proceedure"),
    ("Summarize a customer call in the CRM", "SUMMARISE THE CUSTOMER CALL IN THE CRM"),   # spellings
])
def test_english_paraphrases_are_duplicates(first, second):
    found = duplicates(first, second)
    assert [(p["module"], p["path"]) for p in found] == [("b", "p")]
    assert "'a'" in found[0]["message"]


@pytest.mark.parametrize("first, second", [
    ("Appliquer la procédure de levage en cinq étapes", "Appliquez la procedure de levage en 5 etapes"),
    ("Identifier les dangers du quai de chargement", "identifier les dangers sur le quai de chargement"),
    ("Être capable de remplir un rapport d'incident", "Remplir le rapport d'incident"),
    ("Inspecter le chariot élévateur avant le poste", "Inspecter les chariots élévateurs avant le poste"),
    ("Décrire les étapes de la marche en avant", "Décrivez les étapes de la marche en avant"),   # irregular
    ("Prendre la température à cœur du poulet", "Prenez la temperature a coeur du poulet"),    # œ
])
def test_french_paraphrases_are_duplicates(first, second):
    assert [p["module"] for p in duplicates(first, second, "fr")] == ["b"]


@pytest.mark.parametrize("first, second, language", [
    ("Apply the lockout procedure on a busy shift", "Apply the lockout procedure at night", "en"),
    ("Identify the hazards of a forklift", "Operate a forklift safely", "en"),
    ("Calculate the load weight", "Calculate the load height", "en"),
    ("Identify the fire exits", "Inspect the fire exits", "en"),
    ("Identify the fire exits", "Identify the fire exits of the cold store", "en"),
    ("Inspecter le chariot élévateur", "Conduire le chariot élévateur", "fr"),
    ("Appliquer la procédure de levage", "Appliquer la procédure de consignation", "fr"),
    ("Choose the lifting aid for a load under 25 kg", "Choose the lifting aid for a load over 25 kg", "en"),
    ("Ranger les cartons sous l'étagère", "Ranger les cartons sur l'étagère", "fr"),
])
def test_objectives_that_share_a_topic_are_not_duplicates(first, second, language):
    assert duplicates(first, second, language) == []


def test_exact_and_near_duplicates_say_which():
    exact = duplicates("Identify the hazards of a loading dock", "Identify the hazards of a loading dock")
    near = duplicates("Demonstrate the lockout procedure", "Demonstrate the lockout proceedure")
    assert exact[0]["message"].startswith("has the same objective as 'a' in path 'p'")
    assert near[0]["message"].startswith("has nearly the same objective as 'a'")


def test_each_repeat_is_reported_once_against_the_first():
    pairs = duplicate_pairs(["Identify hazards", "Report a near miss", "identify the hazards",
                             "Identify hazards.", None, ""])
    assert pairs == [(0, 2, True), (0, 3, True)]


def test_a_word_written_twice_is_no_typo_of_itself():
    assert duplicate_pairs(["Classify a customer request; record the request"]) == []


def test_a_thousand_objectives_are_matched_without_comparing_every_pair():
    objectives = [f"Identify hazard number {i} of the loading dock" for i in range(1000)]
    objectives[999] = objectives[10].lower()
    assert duplicate_pairs(objectives) == [(10, 999, True)]
