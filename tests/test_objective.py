"""The objective rules (studio/objective.py) and the Bloom verb data behind them."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.rules.objective import (
    CODES, LEVEL_NAMES, ObjectiveAnalysis, analyse_objective, bloom_level, bloom_verbs,
    lexicon, supported_languages,
)
from studio.resources import resource_path

MULTIPLE, VAGUE = "objective.multiple", "objective.vague-verb"
MISSING, UNKNOWN = "objective.missing", "objective.unknown-verb"


def codes(text, language="en"):
    return [f.code for f in analyse_objective(text, language).findings]


# --- one action, no finding: the false alarms we must not raise -------------------------
# (language, objective, main verb lemma, Bloom level)
ONE_ACTION = [
    # purpose infinitive: "to lift and carry" is how, not a second action
    ("en", "Apply the five-step procedure to lift and carry a box", "apply", 3),
    # nouns joined by "and"
    ("en", "Identify the hazards and risks of a loading dock", "identify", 1),
    ("en", "Identify hazards and controls", "identify", 1),
    ("en", "Identify hazards and control measures", "identify", 1),
    ("en", "Identify the hazards and the controls", "identify", 1),
    ("en", "Calculate the safe load for a given rack and shelf height", "calculate", 3),
    ("en", "Describe the lifting plan and checklist", "describe", 2),
    ("en", "Explain the design and test of a racking system", "explain", 2),
    ("en", "Identify the hazards and plan.", "identify", 1),
    # "between X and Y" owns its "and"
    ("en", "Choose between a trolley and a pallet jack for a given load", "choose", 5),
    # fixed expression: one analysis action
    ("en", "Compare and contrast two lifting techniques", "compare and contrast", 4),
    ("en", "Classify incidents as near misses or accidents", "classify", 2),
    # relative, "how", "why" clauses coordinate their own words
    ("en", "Write a one-page risk assessment that names hazards and controls", "write", 6),
    ("en", "Demonstrate how to lift and set down a 20 kg box", "demonstrate", 3),
    ("en", "Explain why workers should bend their knees and keep their back straight",
     "explain", 2),
    ("en", "Describe what happens when a load slips and falls", "describe", 2),
    # gerunds and participles after a comma or "and" are not a second imperative
    ("en", "Demonstrate a safe lift, keeping the back straight and the load close",
     "demonstrate", 3),
    ("en", "Identify risks, using the checklist and the floor plan", "identify", 1),
    # asides in parentheses
    ("en", "Identify hazards (and record them later) on a loading dock", "identify", 1),
    # leading filler and conditions
    ("en", "By the end of this module, you will be able to identify loading-dock hazards",
     "identify", 1),
    ("en", "Learners will be able to classify incidents", "classify", 2),
    ("en", "The learner can list the five steps of a safe lift", "list", 1),
    ("en", "Be able to calculate the safe working load", "calculate", 3),
    ("en", "To evaluate a lifting plan", "evaluate", 5),
    ("en", "Objective: select the right glove for a chemical", "select", 5),
    ("en", "Using a load chart, calculate the safe load", "calculate", 3),
    ("en", "Given a floor plan, locate the emergency exits", "locate", 1),
    ("en", "Know how to identify a damaged pallet", "identify", 1),
    ("en", "  - correctly IDENTIFY the five hazards!  ", "identify", 1),
    # inflections and British spelling
    ("en", "The learner identifies hazards on a loading dock", "identify", 1),
    ("en", "Identifying hazards on a loading dock", "identify", 1),
    ("en", "Analyse an incident report", "analyze", 4),
    ("en", "Summarise the lifting procedure", "summarize", 2),
    ("en", "Carry out a pre-use check of a forklift", "carry out", 3),
    ("en", "Plan the lift of a 20 kg box", "plan", 6),
    ("en", "Describe the roles and responsibilities of a first aider", "describe", 2),
    ("en", "Explain the purpose and use of a lockout tag", "explain", 2),
    ("en", "Demonstrate safe lifting, carrying and lowering techniques", "demonstrate", 3),
    ("en", "Identify when and how to report an incident", "identify", 1),
    ("en", "Use a pallet jack to move and stack pallets safely", "use", 3),
    ("fr", "Expliquer la différence entre un danger et un risque", "expliquer", 2),
    ("fr", "Hiérarchiser les dangers selon leur gravité et leur probabilité", "hiérarchiser", 5),
    ("fr", "Vous saurez repérer les dangers", "repérer", 1),
    ("fr", "Les participants seront capables de décrire la procédure", "décrire", 2),
    # French
    ("fr", "Appliquer la procédure en cinq étapes pour soulever et porter une charge",
     "appliquer", 3),
    ("fr", "Identifier les dangers et les risques d'un quai de chargement", "identifier", 1),
    ("fr", "Rédiger un plan d'action qui précise le jour et le lieu", "rédiger", 6),
    ("fr", "Choisir entre un transpalette et un chariot pour une charge donnée", "choisir", 5),
    ("fr", "Expliquer pourquoi il faut plier les genoux et garder le dos droit", "expliquer", 2),
    ("fr", "Décrire comment soulever et poser une charge", "décrire", 2),
    ("fr", "Comparer et contraster deux techniques de levage", "comparer et contraster", 4),
    ("fr", "Savoir identifier les dangers d'un quai", "identifier", 1),
    ("fr", "L'apprenant saura identifier les dangers", "identifier", 1),
    ("fr", "À la fin de ce module, l'apprenant sera capable de calculer la charge maximale",
     "calculer", 3),
    ("fr", "Être capable de s'assurer que la charge est stable et que le sol est dégagé",
     "s'assurer", 5),
    ("fr", "Se servir d'un transpalette pour déplacer et ranger une charge", "se servir de", 3),
    ("fr", "Enumerer les etapes d'un levage sans accents", "énumérer", 1),
    ("fr", "RECONNAITRE les pictogrammes de danger", "reconnaître", 1),
    ("fr", "Mettre en œuvre la procédure de consignation", "mettre en œuvre", 3),
    ("fr", "Mettre en oeuvre la procédure de consignation", "mettre en œuvre", 3),
    ("fr", "L'apprenant identifie les dangers d'un quai", "identifier", 1),
    ("fr", "Apprécier la gravité d'un incident", "apprécier", 5),
    ("fr", "Réaliser un diagnostic des postes de travail", "réaliser", 3),
    # an unlisted word is guessed a verb only where nouns cannot stand
    ("en", "Identify tools and parts each technician needs", "identify", 1),
    ("en", "Apply the lockout procedure; the supervisor signs it", "apply", 3),
    ("fr", "Identifier les issues de secours et le point de rassemblement", "identifier", 1),
    ("fr", "Choisir entre un extincteur à eau et un extincteur à CO2", "choisir", 5),
]


@pytest.mark.parametrize("language,text,verb,level", ONE_ACTION)
def test_one_action_raises_no_multiple_or_vague(language, text, verb, level):
    result = analyse_objective(text, language)
    assert MULTIPLE not in codes(text, language)
    assert VAGUE not in codes(text, language)
    assert result.verb == verb
    assert result.bloom_level == level
    if verb is not None:
        assert result.actions == (verb,)
        assert result.findings == ()


# --- two or more actions: must be caught --------------------------------------------------
# (language, objective, the actions, the joiner quoted in the message)
COMPOUND = [
    ("en", "Identify hazards and apply controls", ("identify", "apply"), "and"),
    ("en", "Describe the procedure and demonstrate it", ("describe", "demonstrate"), "and"),
    ("en", "List the five steps and explain each one", ("list", "explain"), "and"),
    ("en", "List the steps; demonstrate the lift", ("list", "demonstrate"), ";"),
    ("en", "Describe the procedure, then explain the risks", ("describe", "explain"), "then"),
    ("en", "Describe the procedure then explain the risks", ("describe", "explain"), "then"),
    ("en", "Identify hazards and then apply controls", ("identify", "apply"), "and then"),
    ("en", "Identify hazards as well as applying controls", ("identify", "apply"), "as well as"),
    ("en", "Identify/assess the risks of a dock", ("identify", "assess"), "/"),
    ("en", "Identify hazards and/or apply controls", ("identify", "apply"), "and"),
    ("en", "Identify hazards and record incidents", ("identify", "record"), "and"),
    ("en", "Identify hazards and plan the lift", ("identify", "plan"), "and"),
    ("en", "Identify, assess and control risks", ("identify", "assess", "control"), ","),
    ("en", "Identify hazards. Apply controls.", ("identify", "apply"), "."),
    ("en", "Apply the procedure to a box and record the weight", ("apply", "record"), "and"),
    ("en", "Explain why knees bend, and demonstrate a safe lift", ("explain", "demonstrate"),
     "and"),
    ("en", "Learners will identify hazards and correctly apply controls", ("identify", "apply"),
     "and"),
    ("en", "The learner identifies hazards and applies controls", ("identify", "apply"), "and"),
    ("en", "Compare two techniques and choose one", ("compare", "choose"), "and"),
    ("en", "Choose between a trolley and a jack and justify the choice", ("choose", "justify"),
     "and"),
    ("fr", "Identifier les dangers et appliquer les mesures de prévention",
     ("identifier", "appliquer"), "et"),
    ("fr", "Analyser un incident puis proposer des actions correctives",
     ("analyser", "proposer"), "puis"),
    ("fr", "Identifier et évaluer les risques", ("identifier", "évaluer"), "et"),
    ("fr", "Décrire la procédure ; la démontrer", ("décrire", "démontrer"), ";"),
    ("fr", "Identifier les dangers ainsi que proposer des mesures",
     ("identifier", "proposer"), "ainsi que"),
    ("fr", "Être capable d'identifier les dangers et d'appliquer les mesures",
     ("identifier", "appliquer"), "et"),
    ("fr", "Vérifier la charge et s'assurer que le chemin est libre",
     ("vérifier", "s'assurer"), "et"),
    ("fr", "Identifiez les dangers et appliquez les mesures", ("identifier", "appliquer"), "et"),
    ("fr", "Inspecter une échelle et signaler les défauts", ("inspecter", "signaler"), "et"),
    ("fr", "Remplir une fiche d'incident et la transmettre", ("remplir", "transmettre"), "et"),
    ("en", "Complete a near-miss form and submit it", ("complete", "submit"), "and"),
    ("en", "Plan and carry out a team lift", ("plan", "carry out"), "and"),
    # the second verb is in no list: known by its place and its object
    ("en", "Plan and run a toolbox talk", ("plan", "run"), "and"),
    ("en", "Inspect a pallet; tag it out of use", ("inspect", "tag"), ";"),
    ("fr", "Identifier un départ de feu et donner l'alerte", ("identifier", "donner"), "et"),
    ("fr", "Choisir l'extincteur adapté ; éteindre un feu naissant", ("choisir", "éteindre"), ";"),
]


@pytest.mark.parametrize("language,text,actions,joiner", COMPOUND)
def test_compound_objective_is_flagged(language, text, actions, joiner):
    result = analyse_objective(text, language)
    assert result.actions == actions
    multiple = [f for f in result.findings if f.code == MULTIPLE]
    assert len(multiple) == 1 and multiple[0].severity == "error"
    assert f"'{joiner}'" in multiple[0].message
    assert all(f"'{verb}'" in multiple[0].message for verb in actions)


def test_multiple_message_reads_well():
    (finding,) = analyse_objective("Identify hazards and apply controls").findings
    assert finding.message == ("two actions: 'identify' and 'apply' (joined by 'and'); "
                               "split into two modules")


# --- vague verbs ---------------------------------------------------------------------------
VAGUE_CASES = [
    ("en", "Understand the lifting procedure", "understand"),
    ("en", "Know the five steps", "know"),
    ("en", "Be aware of hazards", "be aware of"),
    ("en", "Learners will be aware of the hazards", "be aware of"),
    ("en", "Appreciate the importance of good posture", "appreciate the importance of"),
    ("en", "Be familiar with the forklift controls", "be familiar with"),
    ("en", "Get to know the warehouse layout", "get to know"),
    ("en", "Become acquainted with the emergency plan", "become acquainted with"),
    ("en", "Gain an understanding of manual handling law", "gain an understanding of"),
    ("en", "Develop an understanding of load limits", "develop an understanding of"),
    ("en", "Grasp the basics of racking", "grasp"),
    ("en", "Learn the safety rules", "learn"),
    ("en", "Internalize the lifting rules", "internalize"),
    ("en", "By the end of this module you will understand load charts", "understand"),
    ("en", "Understanding load charts", "understand"),
    ("en", "To know how the forklift works", "know"),
    ("fr", "Comprendre les risques", "comprendre"),
    ("fr", "Connaître les cinq étapes", "connaître"),
    ("fr", "Connaitre les cinq étapes", "connaître"),
    ("fr", "Savoir les consignes de sécurité", "savoir"),
    ("fr", "Être sensibilisé aux risques du quai", "être sensibilisé à"),
    ("fr", "Être sensibilisés aux risques du quai", "être sensibilisé à"),
    ("fr", "Prendre conscience des risques", "prendre conscience de"),
    ("fr", "Se familiariser avec le transpalette", "se familiariser avec"),
    ("fr", "Appréhender les enjeux de la sécurité", "appréhender"),
    ("fr", "Maîtriser la procédure de levage", "maîtriser"),
    ("fr", "Découvrir le quai de chargement", "découvrir"),
    ("fr", "L'apprenant comprendra les risques", "comprendre"),
    ("fr", "Apprendre les règles", "apprendre"),
]


@pytest.mark.parametrize("language,text,lemma", VAGUE_CASES)
def test_vague_verb_is_an_error(language, text, lemma):
    result = analyse_objective(text, language)
    assert result.verb == lemma
    assert result.bloom_level is None and result.level_name is None
    vague = [f for f in result.findings if f.code == VAGUE]
    assert len(vague) == 1 and vague[0].severity == "error"
    assert f"'{lemma}'" in vague[0].message
    assert MULTIPLE not in codes(text, language)


def test_vague_message_suggests_measurable_verbs():
    (finding,) = analyse_objective("Understand the lifting procedure").findings
    assert "'explain'" in finding.message


def test_vague_verb_hiding_a_measurable_one_says_so():
    (finding,) = analyse_objective("Learn to identify hazards").findings
    assert finding.code == VAGUE and "start with 'identify'" in finding.message
    (finding,) = analyse_objective("Apprendre à identifier les dangers", "fr").findings
    assert "start with 'identifier'" in finding.message


def test_vague_and_compound_report_both():
    result = analyse_objective("Comprendre et appliquer les consignes", "fr")
    assert [f.code for f in result.findings] == [VAGUE, MULTIPLE]
    assert "drop" not in result.findings[0].message


# --- missing and unknown -------------------------------------------------------------------
@pytest.mark.parametrize("text", [None, "", "   ", "\n\t"])
def test_missing_objective(text):
    result = analyse_objective(text)
    assert [(f.code, f.severity) for f in result.findings] == [(MISSING, "error")]
    assert result.verb is None and result.actions == ()


@pytest.mark.parametrize("language,text", [
    ("en", "The lifting procedure"),
    ("en", "List of hazards in a warehouse"),
    ("en", "Control measures for loading docks"),
    ("en", "Learners will"),
    ("en", "Safety first"),
    ("en", "The lift, keeping the back straight"),
    ("en", "..."),
    ("fr", "La procédure de levage"),
    ("fr", "Analyse des risques"),
])
def test_no_action_verb_is_a_warning(language, text):
    result = analyse_objective(text, language)
    assert [(f.code, f.severity) for f in result.findings] == [(UNKNOWN, "warning")]
    assert result.verb is None and result.actions == ()


def test_unknown_message_quotes_the_opening_and_suggests():
    (finding,) = analyse_objective("The lifting procedure").findings
    assert "'The lifting procedure'" in finding.message and "'identify'" in finding.message


def test_observable_non_bloom_action_is_a_warning_but_still_counts():
    result = analyse_objective("Lift a box safely")
    assert result.verb == "lift" and result.bloom_level is None
    assert [(f.code, f.severity) for f in result.findings] == [(UNKNOWN, "warning")]
    assert "'demonstrate'" in result.findings[0].message
    assert analyse_objective("Identify hazards and wear gloves").actions == ("identify", "wear")


# --- language, levels, data ------------------------------------------------------------------
@pytest.mark.parametrize("tag,expected", [
    ("en", "en"), ("en-GB", "en"), ("EN-us", "en"), ("fr", "fr"), ("fr-CA", "fr"),
    ("fr_BE", "fr"), ("de", "en"), ("", "en"), ("zz-Latn", "en"),
])
def test_language_tag_resolution(tag, expected):
    assert analyse_objective("Identify hazards", tag).language == expected


def test_unknown_language_uses_english_lists():
    result = analyse_objective("Identify hazards and apply controls", "de-DE")
    assert result.language == "en" and MULTIPLE in [f.code for f in result.findings]


@pytest.mark.parametrize("verb,language,level", [
    ("identify", "en", 1), ("identifies", "en", 1), ("identifying", "en", 1),
    ("Define", "en", 1), ("apply", "en", 3), ("applies", "en", 3), ("applied", "en", 3),
    ("analyse", "en", 4), ("analyzing", "en", 4), ("evaluate", "en", 5), ("design", "en", 6),
    ("planning", "en", 6), ("carry out", "en", 3), ("compare and contrast", "en", 4),
    ("wrote", "en", 6), ("understand", "en", None), ("lift", "en", None),
    ("hazard", "en", None), ("", "en", None), ("   ", "en", None),
    ("identifier", "fr", 1), ("identifie", "fr", 1), ("Énumérer", "fr", 1),
    ("enumerer", "fr", 1), ("reconnaitre", "fr", 1), ("s'assurer", "fr", 5),
    ("s’assurer", "fr", 5), ("se servir de", "fr", 3), ("décrit", "fr", 2),
    ("choisissent", "fr", 5), ("comprendre", "fr", None), ("créer", "fr-CA", 6),
    ("identify", "de", 1),
])
def test_bloom_level(verb, language, level):
    assert bloom_level(verb, language) == level


def test_level_name_is_english_for_every_language():
    assert analyse_objective("Évaluer un plan de levage", "fr").level_name == "evaluate"
    assert analyse_objective("Analyze an incident").level_name == "analyze"


def test_supported_languages():
    assert supported_languages() == ("en", "fr")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_verb_data_is_rich_and_unambiguous(language):
    levels = bloom_verbs(language)
    assert sorted(levels) == [1, 2, 3, 4, 5, 6]
    seen: dict[str, int] = {}
    for level, verbs in levels.items():
        assert 25 <= len(verbs) <= 40, (level, len(verbs))
        for verb in verbs:
            assert verb not in seen, f"{verb!r} at levels {seen[verb]} and {level}"
            seen[verb] = level
            assert bloom_level(verb, language) == level, verb
    vague = lexicon(language).vague
    assert not set(vague) & set(seen)
    for lemma, better in vague.items():
        assert bloom_level(lemma, language) is None, lemma
        assert better and all(bloom_level(v, language) for v in better), lemma


@pytest.mark.parametrize("language", ["en", "fr"])
def test_data_file_has_every_section(language):
    with open(resource_path("bloom", f"{language}.yaml"), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert data["language"] == language
    assert set(data["levels"]) == set(LEVEL_NAMES.values())
    for key in ("vague", "conjunctions", "fillers", "clause_openers", "determiners"):
        assert data[key], key


def test_analysis_keeps_the_text_as_given():
    text = "  Identify hazards  "
    assert analyse_objective(text).text == text


# --- properties ------------------------------------------------------------------------------
_WORDS = ["identify", "apply", "and", "then", "to", "that", "between", "the", "hazards",
          "controls", ",", ";", "(", ")", "understand", "be", "aware", "of", "et", "puis",
          "identifier", "pour", "qui", "savoir", "s'assurer", "l'apprenant", "list", "plan",
          "compare", "contrast", ":", "Learners", "will", "able", "é", "’", "-", "1.5"]


def _check_invariants(result: ObjectiveAnalysis) -> None:
    assert result.language in supported_languages()
    found = [f.code for f in result.findings]
    assert set(found) <= CODES
    for finding in result.findings:
        expected = "warning" if finding.code == UNKNOWN else "error"
        assert finding.severity == expected and finding.message
    assert (MULTIPLE in found) == (len(result.actions) > 1)
    assert result.bloom_level in (None, 1, 2, 3, 4, 5, 6)
    assert result.level_name == LEVEL_NAMES.get(result.bloom_level)
    if result.bloom_level is not None:
        assert result.verb == result.actions[0]
    if MISSING in found:
        assert found == [MISSING]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text()), st.sampled_from(["en", "fr", "en-GB", "fr-CA", "xx"]))
def test_never_raises_on_arbitrary_text(text, language):
    _check_invariants(analyse_objective(text, language))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.sampled_from(["en", "fr"]))
def test_invariants_on_objective_like_text(words, language):
    _check_invariants(analyse_objective(" ".join(words), language))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([text for lang, text, _, _ in ONE_ACTION if lang == "en"]))
def test_case_does_not_change_the_verdict(text):
    assert codes(text.upper()) == codes(text) == codes(text.lower())
