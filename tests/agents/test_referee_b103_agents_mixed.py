"""Readings fitted on blind batch b103 (AI tools' outputs: an LLM evaluation harness's results table, chat answers, a
judge's review; a retraction notice): each with a near variant where the finding must not (or must) appear."""

from agents.referee.claims import extract
from agents.referee.referee import _global_significance_below_evidence, answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _of(rule: str, text: str, name: str = "report.md") -> list[int]:
    return [line for r, line in _rules(text, name) if r == rule]


# an evaluation harness's table: a blank first cell is a ditto of the task above, and "n-shot" is a setting
HARNESS = """|    Tasks    |Version|Filter|n-shot| Metric |   |Value |   |Stderr|
|-------------|------:|------|-----:|--------|---|-----:|---|-----:|
|gluon_tok    |      1|none  |     0|acc     |↑  |0.7210|±  |0.0071|
|             |       |none  |     0|acc_norm|↑  |0.7188|±  |0.0071|
|toptag_tok   |      1|none  |     0|acc     |↑  |0.9032|±  |0.0047|
|             |       |none  |     0|acc_norm|↑  |0.9011|±  |0.0047|
"""


def test_blank_first_cell_is_the_task_above():
    assert not _of("inconsistent_numbers", HARNESS, "eval.txt")


def test_same_task_named_twice_with_two_values_still_found():
    text = HARNESS.replace("|             |       |none  |     0|acc_norm|↑  |0.9011|",
                           "|gluon_tok    |       |none  |     0|acc_norm|↑  |0.9011|")
    assert _of("inconsistent_numbers", text, "eval.txt")


# "acc and acc_norm differ by <= 0.0025": a gap between two numbers, not a control's score
CONTROL_NOTES = """Notes on the run (4000 test jets per task):
- shuffled-label control: acc 0.5061 +- 0.0079, within one standard error of 0.5, as expected.
- acc vs acc_norm differ by <= 0.0025 on the two physics tasks, inside one stderr; we quote acc.
"""


def test_differ_by_is_a_gap_not_a_control_score():
    assert not _of("control_vs_null", CONTROL_NOTES)


def test_control_score_far_from_half_still_found():
    text = CONTROL_NOTES.replace("acc 0.5061 +- 0.0079", "acc 0.5861 +- 0.0079")
    assert _of("control_vs_null", text)


# "differ by about 1.4 combined standard errors": a distance in errors, no change of the rejection
COMBINED = """The R50 values, 12.5 ± 0.6 vs 11.2 ± 0.5, differ by about 1.7 combined standard errors, so not significant.
"""


def test_distance_in_combined_errors_is_no_stated_change():
    assert not _of("inconsistent_numbers", COMBINED)


def test_stated_change_that_does_not_follow_still_found():
    assert _of("inconsistent_numbers", COMBINED.replace("1.7 combined standard errors", "2.9"))


# "The AUC differences among the three strongest models are at the level of 0.001": a gap's size, no model's AUC
GAPS = """| model   | AUC    |
|---------|--------|
| NetA    | 0.9851 |
| NetB    | 0.9866 |
| OursT   | 0.9870 |

All graph-based models reach AUCs between 0.9851 and 0.9870.
The AUC differences among the three strongest models are at the level of 0.001 and hard to interpret.
"""


def _roles_of(text: str, shown: str) -> list[str]:
    return [v.role for c in extract(text, name="table.txt") for v in c.values if v.shown == shown]


def test_size_of_the_gaps_is_no_model_score():
    assert not _of("comparison_direction", GAPS, "table.txt")
    assert _roles_of(GAPS, "0.001") == ["difference"]


def test_a_models_own_auc_at_that_level_is_no_gap():
    text = GAPS.replace("The AUC differences among the three strongest models are", "The AUC of the weakest model is")
    assert "difference" not in _roles_of(text, "0.001")


# a retraction notice: the control after the fix is the redone analysis's, and "ten standard errors above" owns the failure
RETRACTION = """The article reported a no-signal control; the control classifier reached AUC = 0.563 ± 0.006, which the
article called acceptable. It is not: an AUC of 0.563 lies about ten standard errors above the value of 0.5
expected when there is nothing to learn.

With the sideband selection corrected and all classifiers retrained, the same control gives
AUC = 0.501 ± 0.006, compatible with 0.5.
"""


def test_control_after_a_fix_is_no_second_reading():
    assert not _of("inconsistent_numbers", RETRACTION)


def test_control_reading_without_the_fix_still_conflicts():
    text = RETRACTION.replace("With the sideband selection corrected and all classifiers retrained, the same control gives",
                              "In the same notice, the same control gives")
    assert _of("inconsistent_numbers", text)


def test_failure_counted_in_errors_is_the_reports_own():
    assert not _of("control_vs_null", RETRACTION)


def test_control_called_acceptable_without_that_count_still_found():
    text = RETRACTION.replace("It is not: an AUC of 0.563 lies about ten standard errors above the value of 0.5\nexpected "
                              "when there is nothing to learn.", "We agree.")
    assert _of("control_vs_null", text)


# "not significant at the 2σ level": the level a significance is judged at, no second significance to compare with
LEVEL = """Once the column is fixed, the new tagger is still behind the baseline by 0.021.
The combined error of the difference is about 0.011, so the gap is about 1.9σ: suggestive that the baseline is better,
but not significant at the 2σ level.
"""


def test_sigma_level_is_a_bar():
    assert not _of("comparison_direction", LEVEL)


def test_second_significance_still_compared():
    assert _of("comparison_direction", LEVEL.replace("but not significant at the 2σ level.",
                                                     "while the tagger's own excess is 2.6σ, so it is better."))


# a sample whose two classes are labelled is a test set with signal, not a no-signal control
LABELLED = """I evaluated the new tagger on the gluon-splitting control sample:
2,500 H->bb jets (label 1) and 2,500 g->bb jets (label 0). The score gives an AUC of 0.305.
The old baseline gives 0.708 on the same jets.
"""


def test_control_region_sample_with_labelled_signal_is_no_null_control():
    assert not _of("control_vs_null", LABELLED)


def test_control_sample_without_labelled_classes_still_a_control():
    assert _of("control_vs_null", LABELLED.replace("2,500 H->bb jets (label 1) and 2,500 g->bb jets (label 0)",
                                                   "5,000 g->bb jets only, no Higgs"))


# "so that the 1 - AUC shortcut is exact": a formula that holds exactly, no result called perfect
SHORTCUT = """The right column gives AUC = 1 - 0.312 = 0.688.
1. Verify p_a + p_b = 1 per jet, so that the 1 - AUC shortcut is exact.
2. Re-run the scorer on 1 - p_b and confirm 0.688 directly.
"""


def _perfect_lines(text: str) -> list[int]:
    return [c.line for c in extract(text) if "perfect" in c.qualifiers]


def test_exact_formula_is_no_perfect_claim():
    assert not _of("absolute_words", SHORTCUT)
    assert not _perfect_lines(SHORTCUT)


def test_exact_result_still_a_perfect_claim():
    assert _perfect_lines(SHORTCUT.replace("the 1 - AUC shortcut is exact", "the flipped AUC is exact")) == [2]


# "with bootstrap errors of about 0.06 × 10⁻³ and 0.2 × 10⁻⁵ respectively": a list of errors, no change between them
POWERS = """Model B has W1^M = 1.10 × 10⁻³ and W1^EFP = 2.4 × 10⁻⁵, with bootstrap errors of about 0.07 × 10⁻³ and 0.3 × 10⁻⁵ respectively.
"""


def test_errors_in_powers_of_ten_are_no_change():
    assert not _of("inconsistent_numbers", POWERS)


def test_change_in_powers_of_ten_still_checked():
    assert _of("inconsistent_numbers", POWERS.replace("with bootstrap errors of about 0.07 × 10⁻³ and 0.3 × 10⁻⁵ respectively",
                                                      "a difference of 0.3 × 10⁻⁵"))


# a retraction's question on the corrected analysis: the original article's withdrawn 4σ is not the answer
NOTICE = """With the selection corrected the search was repeated in the same 20 windows. The largest deviation has a local
significance of 2.3σ. Using toys with the full 20-window scan, the global p-value is 0.14 (1.1σ).
The original article claimed "evidence for a resonance" with a local significance of 4.5σ and a global significance of 3.9σ.
These claims do not survive the correction and are withdrawn.
"""
Q_NOTICE = ("After the corrected analysis and the trials correction over the 20 windows, does any excess remain at the "
            "3-sigma (evidence) level?")


def test_corrected_analysis_leaves_out_the_withdrawn_claim():
    found = _global_significance_below_evidence(Q_NOTICE, referee(NOTICE, "notice.txt"))
    assert found is not None and found[0].line == 2 and round(found[1], 1) == 1.1


def test_without_asking_of_the_correction_the_withdrawn_number_counts():
    q = Q_NOTICE.replace("After the corrected analysis and the trials correction", "After the trials correction")
    assert _global_significance_below_evidence(q, referee(NOTICE, "notice.txt")) is None


# the test set the question names ("quick-eval"), when the report also states the jets it trained on
MEETING = """- Pre-trained backbone fine-tuned on 1% of the labels (12k jets) reaches AUC 0.9610 vs 0.9570 from scratch on the same 12k jets
- Evaluation on the quick-eval split: 1,000 top + 1,000 QCD jets, same split for all runs
- Fine-tuned: AUC 0.9610; from scratch: AUC 0.9570
"""
Q_MEETING = "On the quick-eval test set used, is the AUC gain from pre-training (0.9610 vs 0.9570) significant at the 2-sigma level?"


def test_named_test_set_gives_the_errors():
    assert answer(Q_MEETING, referee(MEETING), MEETING).startswith("No: the gain")


def test_unnamed_test_set_gives_no_such_answer():
    q = Q_MEETING.replace("On the quick-eval test set used, is", "Is")
    assert not answer(q, referee(MEETING), MEETING).startswith("No: the gain")
