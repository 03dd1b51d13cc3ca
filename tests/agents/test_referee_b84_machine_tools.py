"""The referee's readings of machine tools' own output (issue 23, session ref29a, blind round 29, b84): statistics
packages' grid tables, CI and cloud logs, test harnesses. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def _all(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_one_name_minus_another_equal_to_a_number_is_their_difference() -> None:
    text = ("run log\n"
            "energy distance, new model: W1PT = 0.41 +- 0.05, old model: W1PT = 0.47 +- 0.05\n"
            "W1PT new - old = -0.06 +- 0.07: smaller, not a significant change\n")
    assert not _of("impossible_value", text)
    # a Wasserstein distance itself written negative is still impossible
    assert _of("impossible_value", text.replace("old model: W1PT = 0.47", "old model: W1PT = -0.47")) == [2]
    # a status, a dash, then the quantity's own name: its value, not a difference
    assert _of("impossible_value", "W1PT CRITICAL - w1pt = -0.03 +- 0.01 on 5 batches\n") == [1]


STACKED = """\
                        Two-sample test
+---------------------+-----+------+----------+----------+
|                     |     |      |   Sig.   |   Mean   |
|                     |  t  |  df  |   (2-    |          |
|                     |     |      | tailed)  |Difference|
+---------------------+-----+------+----------+----------+
|auc  equal variances |0.982| 8.000|      .214|     .0011|
+---------------------+-----+------+----------+----------+
"""


def test_a_grid_header_written_over_several_lines_is_read_whole() -> None:
    # "Sig. (2-tailed)" printed over three lines is the test's p-value column, not an AUC of .214
    assert not _of("auc_below_half", STACKED)
    # an AUC column of the same table below 0.5 is still read as one
    column = STACKED.replace("   Mean   |", "          |").replace("Difference|", "   AUC    |").replace(".0011|", ".2110|")
    assert _of("auc_below_half", column) == [7]


ROC = """\
control run: network trained with permuted labels, 1500 + 1500 jets.

                Area Under the Curve (tagger)
+-----+----------+---------+
|     |          |Asymptotic|
| Area|Std. Error|   Sig.  |
+-----+----------+---------+
| .{a}|      .011|     .{s}|
+-----+----------+---------+

control: permuted labels, area consistent with 0.5
"""


def test_the_area_column_under_an_area_under_the_curve_title_is_the_auc_and_its_caption_names_the_control() -> None:
    q = "is the ROC area of the permuted-label control compatible with 0.5 within its quoted standard error?"
    text = ROC.format(a="507", s="540")
    assert not referee(text, "roc.txt").findings
    assert answer(q, referee(text, "roc.txt"), text).startswith("Yes")
    far = ROC.format(a="541", s="001")
    assert answer(q, referee(far, "roc.txt"), far).startswith("No")


def test_a_boxed_log_record_of_a_new_test_ends_the_control_record_above_it() -> None:
    text = ("┌ Info: null check (data vs data, split in two)\n"
            "│   W1PT = 0.21 ± 0.03\n"
            "└   W1M = 0.18 ± 0.02\n"
            "┌ Info: generated vs real classifier (DNN, 40000 + 40000 held-out jets)\n"
            "│   auc = 0.583\n"
            "└   summary = \"the generated jets cannot be told apart from real ones\"\n")
    found = _all(text)
    assert ("control_vs_null", 5) not in found
    assert ("classifier_test_vs_null", 6) in found


def test_a_printed_table_keyed_by_a_percentage_in_its_first_column_is_read_as_rows() -> None:
    text = ("# evaluated on 400 signal + 400 background jets\n"
            "share   labels    AUC_base           AUC_tuned          delta\n"
            "2%      2000      0.8712 +- 0.0005   0.8790 +- 0.0005   +0.0078 (11 sigma)\n")
    assert _of("uncertainty_vs_sample_size", text) == [3]
    # errors as large as the test set allows are fine
    assert not _of("uncertainty_vs_sample_size", text.replace("+- 0.0005", "+- 0.0120"))


def test_lossless_or_identical_outputs_beside_a_jet_by_jet_comparison_that_finds_them_apart() -> None:
    text = ("[check] converted model vs original, 10000 jets\n"
            "[check] max |p_new - p_old| = 4.2e-03\n"
            "[check] labels flipped at the 50% cut: 9 / 10000\n"
            "[check] result: conversion is lossless, outputs identical to the original\n")
    assert _of("absolute_words", text) == [4]
    # float rounding alone, and no decision changed, is what 'identical' may mean
    same = text.replace("4.2e-03", "3.0e-07").replace(": 9 / 10000", ": 0 / 10000")
    assert not _of("absolute_words", same)


def test_a_difference_between_named_means_is_checked_against_the_means() -> None:
    text = ("Unpaired comparison, seed-to-seed\n"
            "Mean of group X\t0.912\n"
            "Mean of group Y\t0.897\n"
            "Difference between means (Y - X) ± SEM\t-0.025 ± 0.004\n")
    assert _of("inconsistent_numbers", text) == [4]
    assert not _of("inconsistent_numbers", text.replace("-0.025 ±", "-0.015 ±"))


def test_a_local_p0_after_a_colon_is_a_p_value() -> None:
    text = ("[fit] best window 2.6-2.8 TeV\n"
            "[fit]   local:  p0 = 2.0e-3   Z_local = 4.1\n")
    assert _of("inconsistent_numbers", text) == [2]
    assert not _of("inconsistent_numbers", text.replace("Z_local = 4.1", "Z_local = 2.9"))


def test_agree_within_a_number_is_how_far_apart_two_values_are_not_an_auc() -> None:
    text = ("[eval] sample alpha : AUC = 0.7911\n"
            "[eval] sample beta  : AUC = 0.2874\n"
            "[eval] sample gamma : AUC = 0.7802\n"
            "[eval] weakest separation on beta (AUC 0.2874); alpha and gamma agree within 0.011\n")
    ref = referee(text, "eval.log")
    assert not [v for c in ref.claims for v in c.results("auc") if v.value < 0.1]
    q = "as stored, does the tagger rank signal above background on sample beta more often than random guessing would?"
    said = answer(q, ref, text)
    assert said.startswith("No") and "random guessing" in said
