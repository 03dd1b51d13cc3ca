"""Readings that our own reports' wording needs (issue 23, session ref23m): a factor that names the number it multiplies,
a comparative used as a verb of a change to come, and the report's own verdict as the answer to a match question."""

from __future__ import annotations

from pathlib import Path

from agents.referee.referee import answer, referee
from agents.review import review_report
from tests.agents.test_review import cite, session


def _rules(text: str, name: str = "notes.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


SPECTRUM = ("The generated jet pT does not match the real one: mean 480 against 510 for the real jets, "
            "Wasserstein-1 distance 21, 5.4 times the 3.9 between two halves of the real jets.\n")


def test_a_factor_naming_the_number_it_multiplies_is_checked_as_that_ratio() -> None:
    # 21 / 3.9 = 5.4: no change between two other numbers of the sentence (nor is the '1' of 'Wasserstein-1' a distance)
    assert not [r for r in _rules(SPECTRUM) if r[0] == "inconsistent_numbers"]
    wrong = SPECTRUM.replace("5.4 times", "2.4 times")
    found = [f for f in referee(wrong, name="notes.md").findings if f.rule == "inconsistent_numbers"]
    assert [(f.line, "5.38 times 3.9" in f.message) for f in found] == [(1, True)], [f.message for f in found]
    assert not [r for r in _rules("The tau21 W1 is 0.018 GeV, 3x the 0.006 GeV floor between two halves.\n")
                if r[0] == "inconsistent_numbers"]


def test_a_match_question_is_answered_by_the_reports_own_verdict_when_its_numbers_agree() -> None:
    q = "does the generated pT match the real one?"
    said = answer(q, referee(SPECTRUM, name="notes.md"), SPECTRUM)
    assert said.startswith("No: the report says the generated pT does not match the real one (line 1)"), said
    agree = "The generated jet mass matches the real one: W1 0.9 GeV, 1.1 times the 0.8 GeV between two halves.\n"
    assert answer("Does the generated mass match the real jets?", referee(agree, name="n.md"), agree).startswith(
        "Yes: the report says the generated mass matches")
    # a question naming something the verdict is not about is not answered by it
    assert "the report says" not in answer("does the generated multiplicity match the real one?",
                                            referee(SPECTRUM, name="notes.md"), SPECTRUM)


GEN = {"pretrain": {"mass_mean_generated": 151.2, "mass_mean_real": 163.8, "mass_w1": 9.6, "mass_w1_floor": 2.0,
                    "mass_w1_over_floor": 4.8, "val_loss": [4.931, 4.912, 4.907]}}


def _gen(key: str, value: str) -> str:
    return cite(value, "../gen/analysis.json", f"/pretrain/{key}")


def test_our_report_with_a_floor_multiple_and_a_verb_of_a_change_to_come_passes_review(tmp_path: Path) -> None:
    text = (f"# Generation\n\nThe generated jet mass does not match the real one: mean {_gen('mass_mean_generated', '151.2')} "
            f"against {_gen('mass_mean_real', '163.8')} for the real jets, Wasserstein-1 distance {_gen('mass_w1', '9.6')}, "
            f"{_gen('mass_w1_over_floor', '4.8')} times the {_gen('mass_w1_floor', '2.0')} between two halves of the real jets. "
            f"The GPT's validation loss was still falling at its last epoch ({_gen('val_loss/1', '4.912')} -> "
            f"{_gen('val_loss/2', '4.907')}): a longer run could lower it further.\n")
    res = review_report(session(tmp_path, text, artifacts={"gen/analysis.json": GEN}),
                        question="Does the generated mass match the real one?")
    # (no uncertainties are cited here: that finding stands; none of the referee's line findings does)
    assert res.ok and not [f for f in res.findings if f.startswith("line ")], (res.failures, res.findings)
    assert res.answer is not None and res.answer.startswith(
        "No: the report says the generated mass does not match the real one (line 3)"), res.answer


def test_a_table_cell_holding_a_field_path_names_its_object_whole() -> None:
    # our report's appendix copied without its links: one row per recorded field, the path names the thing measured
    table = ("| step | field | value |\n|---|---|---|\n"
             "| step 2 | QCD.jet.mass.width | 0.0902 |\n| step 2 | QCD.jet.pt.width | 0.06705 |\n"
             "| step 4 | table[finetune, n_train=100].auc_mean | 0.9288 |\n"
             "| step 4 | table[finetune, n_train=1000].auc_mean | 0.952 |\n")
    assert not [r for r in _rules(table) if r[0] == "inconsistent_numbers"]
    # one path given two values is still one thing with two numbers
    twice = table + "| step 2 | QCD.jet.pt.width | 0.0902 |\n"
    assert ("inconsistent_numbers", 7) in _rules(twice) or ("inconsistent_numbers", 4) in _rules(twice), _rules(twice)
