"""The referee's general readings of machine tools' and consoles' outputs (issue 23, session ref23x, from the eighteenth
blind round, b40): each test a reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import found

RATE_ON_ITS_OWN_HOLDOUT_B40 = """[ci] evaluation set: 3000 top + 3000 QCD jets for every tagger
[ci] tagger X  AUC 0.921 +- 0.004
[ci] tagger X  eps_S = 0.400 +- 0.009, eps_B = 0.0200 +- 0.0007 (dedicated 40000-jet QCD holdout), 1/eps_B = 50
"""


def _rules(text: str, name: str = "report.txt") -> list[tuple[str, int]]:
    return found(text, name)


def test_a_rate_measured_on_a_holdout_named_in_its_own_sentence_takes_that_holdouts_count() -> None:
    # eps_B = 0.0200 on a 40000-jet holdout has a binomial error of 0.0007; the 3000 QCD jets of the evaluation set a line
    # above are another set's
    assert not _rules(RATE_ON_ITS_OWN_HOLDOUT_B40)
    too_small = RATE_ON_ITS_OWN_HOLDOUT_B40.replace("0.0200 +- 0.0007", "0.0200 +- 0.00007")
    assert ("uncertainty_vs_sample_size", 3) in _rules(too_small)


LOCAL_AND_GLOBAL_FIELDS_B40 = """$ scan-summary --json
{
  "best_window_GeV": [2100, 2300],
  "n_obs": 812, "n_bkg": 730.0,
  "local_Z": 3.5, "local_p": 2.33e-4,
  "global_p": 0.046, "global_Z": 1.68
}
"""


def test_p_values_and_significances_printed_as_fields_pair_by_their_scope_not_their_order() -> None:
    # local_p 2.33e-4 is the local 3.5 sigma, global_p 0.046 the global 1.68 sigma, whatever order the fields stand in
    assert not _rules(LOCAL_AND_GLOBAL_FIELDS_B40)
    wrong = LOCAL_AND_GLOBAL_FIELDS_B40.replace('"global_Z": 1.68', '"global_Z": 2.9')
    assert ("inconsistent_numbers", 6) in _rules(wrong)


SUPPOSED_AUC_B40 = """$ python -m genjets.check --real test.h5 --gen sample.h5
[check] generated jets: 8000   real jets: 8000
[check] classifier test (BDT, 3-fold, 8000 real vs 8000 generated):
[check]   AUC = 0.612 +- 0.005
[check]   (an AUC of 0.5 would mean the two samples cannot be told apart)
"""


def test_a_value_a_sentence_supposes_to_say_what_it_would_mean_is_no_second_measurement() -> None:
    # "an AUC of 0.5 would mean ..." explains the scale; it does not state a second AUC against the 0.612 measured
    assert not [r for r in _rules(SUPPOSED_AUC_B40) if r[0] == "inconsistent_numbers"]


TWO_JOBS_OF_A_WORKFLOW_B40 = """INFO [workflow ] starting step fit_codes
INFO [job fit_codes] /scratch/a1b2$ python fit_vq.py --codes 256 --steps 3000
  step 1000  loss 0.214  commit 0.031  codes_used 201/256
  step 3000  loss 0.188  commit 0.027  codes_used 240/256
  final code perplexity: 301.2 (codebook size 256)
INFO [job fit_codes] completed success
INFO [job fit_codes_b] /scratch/c3d4$ python fit_vq.py --codes 256 --steps 3000 --init kmeans
  step 1000  loss 0.199  commit 0.029  codes_used 222/256
  step 3000  loss 0.171  commit 0.024  codes_used 251/256
  final code perplexity: 212.7 (codebook size 256)
INFO [job fit_codes_b] completed success
"""


def test_rows_of_printed_fields_stay_lines_of_their_own_and_a_prompt_inside_a_log_line_opens_a_new_run() -> None:
    # the perplexity 301.2 above its codebook of 256 is on line 5, not on the training rows above it; the second job's
    # 212.7 is another run's, no second value of the first job's perplexity
    found = _rules(TWO_JOBS_OF_A_WORKFLOW_B40)
    assert found == [("impossible_value", 5)]


COUNTS_IN_ERROR_FORMULA_B40 = """In [3]: n_s, n_b = int(y.sum()), int((1 - y).sum())
In [4]: print(f"n_s = {n_s}"); print(f"n_b = {n_b}")
n_s = 1500
n_b = 1500
In [5]: auc = roc_auc_score(y, scores); se = auc_stderr(auc, n_s, n_b)
In [6]: eff, mis = tpr_at(scores, y, 0.5), fpr_at(scores, y, 0.5)
In [7]: print(f"eps_S = {eff:.3f} +- 0.002, eps_B = {mis:.4f} +- 0.0051")
eps_S = 0.500 +- 0.002, eps_B = 0.0400 +- 0.0051
"""


def test_class_counts_the_reports_own_error_formula_uses_are_its_test_counts() -> None:
    # n_s = 1500 is passed to the AUC's error function: a signal efficiency of 0.500 on 1500 jets has an error of 0.013,
    # not 0.002
    assert ("uncertainty_vs_sample_size", 8) in _rules(COUNTS_IN_ERROR_FORMULA_B40)
    assert not _rules(COUNTS_IN_ERROR_FORMULA_B40.replace("+- 0.002", "+- 0.013"))


PULLS_PER_ROW_B40 = """[closure] residuals of the W mass peak, data vs fit, per eta slice:
[closure]   |eta| < 0.5      pull -0.6
[closure]   0.5 < |eta| < 1.0   pull +1.2
[closure]   1.0 < |eta| < 1.5   pull -2.8
[closure]   1.5 < |eta| < 2.5   pull +0.3
[summary] The fit describes the W mass peak within 2 sigma in every eta slice.
"""


def test_a_bound_at_every_row_holds_for_rows_that_each_print_one_keyed_pull() -> None:
    assert ("absolute_words", 6) in _rules(PULLS_PER_ROW_B40)
    assert not _rules(PULLS_PER_ROW_B40.replace("pull -2.8", "pull -1.8"))


EXACT_AT_EVERY_ROW_B40 = """sqlite> SELECT wp, sim_rate, data_rate FROM mistag ORDER BY wp;
wp    sim_rate   data_rate
0.5   0.020      0.022
0.6   0.015      0.016
0.7   0.011      0.012
sqlite> .quit
Reviewer note: the simulated rate is exactly 0.020 at every working point, so one calibration covers them all.
"""


def test_one_value_said_exact_at_every_row_is_checked_against_the_column_it_names() -> None:
    # the simulated rate (column sim_rate) is 0.020, 0.015, 0.011: not 0.020 at every working point
    assert ("absolute_words", 7) in _rules(EXACT_AT_EVERY_ROW_B40)
    flat = EXACT_AT_EVERY_ROW_B40.replace("0.015      0.016", "0.020      0.016").replace("0.011      0.012", "0.020      0.012")
    assert not _rules(flat)


VERDICT_OVER_TWO_METRICS_B40 = """>>> sweep.best(metric="kpd")
config 3: kpd 0.9, accuracy 0.902
config 1: kpd 0.7, accuracy 0.911
>>> # Config 3 (smaller batch) beats config 1 on both KPD (0.9 vs 0.7) and accuracy (0.902 vs 0.911); keep config 3.
"""


def test_a_verdict_over_two_bracketed_pairs_is_checked_on_each_and_a_bracketed_description_is_no_comparison() -> None:
    # "(smaller batch)" says what config 3 is; "beats" is the verdict, and the accuracy pair (0.902 vs 0.911) goes the
    # other way (so does KPD's, a distance: 0.9 against 0.7 is farther from the real jets)
    found = referee(VERDICT_OVER_TWO_METRICS_B40, name="report.txt").findings
    assert [(f.rule, f.line) for f in found] == [("comparison_direction", 4)] and "'beats'" in found[0].message
    assert not _rules(VERDICT_OVER_TWO_METRICS_B40.replace("accuracy (0.902 vs 0.911)", "accuracy (0.911 vs 0.902)")
                      .replace("kpd 0.9", "kpd 0.6").replace("KPD (0.9 vs 0.7)", "KPD (0.6 vs 0.7)"))


CHANGE_UNDER_KEYED_LINE_B40 = """$ python compare_fits.py baseline.json regressed.json
  events: 20000
  width_res   baseline 12.0   regressed 9.6
  summary: the regressed model gives a 35% smaller width resolution
"""


def test_a_change_in_percent_takes_its_ends_from_the_keyed_line_that_names_its_quantity() -> None:
    # 'width_res' is the width resolution the summary names: 12.0 -> 9.6 is 20% smaller, not 35%
    assert _rules(CHANGE_UNDER_KEYED_LINE_B40) == [("inconsistent_numbers", 4)]
    assert not _rules(CHANGE_UNDER_KEYED_LINE_B40.replace("35%", "20%"))
