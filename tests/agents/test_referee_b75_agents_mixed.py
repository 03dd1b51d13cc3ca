"""The referee's readings of agent consoles, eval grids, review bots and human memos (issue 23, session ref28d, blind
round 26, b75): each test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_box_table_whose_rows_are_closed_by_rules_reads_each_wrapped_cell_whole() -> None:
    # an eval grid: every row closed by a rule, each cell's text wrapped over several lines
    text = "\n".join([
        "┌──────────────────────┬───────────────────────────┐",
        "│ input                │ output                    │",
        "├──────────────────────┼───────────────────────────┤",
        "│ Scorer A: AUC 0.912. │ [OK] Keep A. Scorer B     │",
        "│ Scorer B: AUC 0.361  │ also does better than     │",
        "│ on 4,000 jets.       │ chance, at AUC 0.361.     │",
        "├──────────────────────┼───────────────────────────┤",
        "│ Scorer C: AUC 0.77.  │ [OK] C is usable.         │",
        "└──────────────────────┴───────────────────────────┘",
    ])
    assert _of("auc_below_half", text, "grid.txt") == [4]
    # a table with a rule under its header only keeps one row a line
    plain = "\n".join([
        "┌────────┬───────┐",
        "│ model  │ AUC   │",
        "├────────┼───────┤",
        "│ m1     │ 0.93  │",
        "│ m2     │ 0.91  │",
        "└────────┴───────┘",
        "m2 has the higher AUC.",
    ])
    assert _of("comparison_direction", plain, "grid.txt") == [7]


def test_a_count_with_its_error_bar_lends_no_significance_to_the_sigma_after_it() -> None:
    # "the background fit predicts 700.0 +- 9.0, a 2.9 sigma local excess": 700 is a count, not a significance
    text = ("We scanned 40 mass windows. In the best one we count 790 events where the background fit predicts 700.0 +- 9.0, "
            "a 2.9 sigma local excess (global significance 1.8 sigma after the trials correction).\n"
            "We have discovered a new particle.\n")
    assert _of("discovery_without_evidence", text) == [2]


def test_a_change_restated_as_relative_must_be_its_amount_over_an_end() -> None:
    wrong = ("With twice the data the accuracy goes up from 0.640 to 0.720, a gain of 0.080, i.e. roughly 30% relative.\n")
    assert _of("inconsistent_numbers", wrong) == [1]
    right = wrong.replace("30%", "12.5%")
    assert not _of("inconsistent_numbers", right)


def test_from_to_with_each_end_keyed_or_named_by_its_branch_reads_the_change_in_order() -> None:
    text = ("On the held-out set (8,000 signal + 8,000 QCD test jets) the patch gives a statistically significant "
            "improvement in AUC, from 0.9712 on trunk to 0.9716.\n"
            "It also moves the release gate from AUC >= 0.970 to AUC >= 0.971.\n")
    assert not _of("comparison_direction", text)
    assert _of("significance_unsupported", text) == [1]
    q = "With 8,000 + 8,000 test jets, is the AUC change bigger than twice its statistical uncertainty?"
    assert answer(q, referee(text, name="review.md"), text).startswith("No")


def test_two_sides_that_both_beat_a_third_are_not_set_against_each_other() -> None:
    text = ("Model P (R50 = 410 +- 30) and model Q (R50 = 455 +- 35) both improve on the cut-based baseline by a wide "
            "margin.\n")
    assert not _of("comparison_direction", text)
    assert _of("comparison_direction", "Model P (R50 = 410) beats model Q (R50 = 455).\n") == [1]


def test_a_count_of_labelled_jets_in_brackets_is_no_test_set() -> None:
    # AUCs measured on a 300,000-jet test set, trained with 0.5% of the labels (900 jets): the 900 size no error
    text = ("All numbers are on the 300,000-jet test set (150,000 signal + 150,000 background).\n"
            "With 0.5% of the labels (900 jets) the AUC goes from 0.9120 ± 0.0040 (scratch) to 0.9300 ± 0.0030 "
            "(fine-tuned), averaged over 5 seeds.\n")
    assert not _of("uncertainty_vs_sample_size", text)


def test_a_test_said_to_tell_its_jets_apart_is_not_the_one_called_indistinguishable() -> None:
    # one JSON string holds both sentences, so both stand on one line
    say = ("Our generator passes: a classifier trained on 30,000 real and 30,000 generated jets gets AUC 0.503 +- 0.004, "
           "so its jets are indistinguishable from the real ones. The same classifier clearly separates the older "
           "model's jets from real ones (AUC 0.547 +- 0.004).")
    text = json.dumps({"reply": say}, indent=1)
    assert not _of("classifier_test_vs_null", text, "reply.json")
    # a classifier "trained to separate" the samples is what it is for, not its verdict
    memo = ("A classifier trained to separate the two samples reaches AUC 0.590 +- 0.006.\n"
            "The generated jets are indistinguishable from real jets.\n")
    assert _of("classifier_test_vs_null", memo)
