"""The referee's readings of scientific and HEP software's own output (issue 23, session ref28a, blind round 26, b72):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def _answer(question: str, text: str, name: str = "report.txt") -> str:
    return answer(question, referee(text, name), text)


def test_a_question_on_the_scan_once_its_windows_are_counted_asks_for_the_global_significance() -> None:
    # "once the N windows searched are counted": the look-elsewhere correction, in other words
    text = ("bump at 2.1 TeV: local Z = 3.4\n"
            "after the trials correction over 40 mass windows: global Z = 2.1\n")
    got = _answer("once the 40 mass windows are counted, does the bump reach 3 sigma?", text)
    assert got.startswith("No"), got
    high = text.replace("global Z = 2.1", "global Z = 3.3")
    got = _answer("once the 40 mass windows are counted, does the bump reach 3 sigma?", high)
    assert got.startswith("Yes"), got


def test_an_n_subjettiness_ratio_is_an_observable_of_its_own() -> None:
    # two widths under one log tag: the jet mass's and tau21's, two numbers of two observables, no conflict
    text = ("[decode] jet mass : resolution 2.7%\n"
            "[decode] tau21    : resolution 5.9%\n")
    assert not _of("inconsistent_numbers", text, "decode.log")


def test_lossless_for_named_observables_is_held_to_their_widths_further_up() -> None:
    # the widths stand five lines above the verdict that names the observables they are of
    text = ("decoder check, per jet:\n"
            "  mass  width 2.2%\n"
            "  pT    width 0.8%\n"
            "  n_const  exact\n"
            "\n"
            "written up for the group:\n"
            "Round trip: the codec is lossless for the jet mass and pT; ship it.\n")
    assert _of("absolute_words", text, "codec.txt") == [7]
    right = text.replace("is lossless for", "loses little on")
    assert not _of("absolute_words", right, "codec.txt")


def test_a_comment_block_whose_lines_are_indented_past_the_hash_is_one_paragraph() -> None:
    # "# ..." lines with a sentence wrapped onto "#    ...": prose, not a stack of titles
    text = ("# summary for the logbook\n"
            "# The new tagger is the better-calibrated one: its Brier loss is the smaller\n"
            "#    (0.212 vs 0.198), so it goes into the fit.\n")
    assert _of("comparison_direction", text, "session.txt")
    right = text.replace("(0.212 vs 0.198)", "(0.198 vs 0.212)")
    assert not _of("comparison_direction", right, "session.txt")


def test_roc_followed_by_its_number_is_the_area_under_the_roc_curve() -> None:
    text = ("$ perf -ROC -files test.labels model_b.pred\n"
            "ROC    0.31720\n\n"
            "model_b (ROC 0.317) is our best W tagger, ahead of model_a.\n")
    assert _of("auc_below_half", text, "perf.txt")


def test_a_key_naming_its_own_score_does_not_take_the_quantity_of_the_line_above() -> None:
    # "domain_classifier_drift_score: 0.31" under "domain_classifier_auc: 0.655": a drift score, no AUC below 0.5
    text = ("drift check on the new simulation:\n"
            "  domain_classifier_auc          : 0.655\n"
            "  domain_classifier_drift_score  : 0.31\n")
    assert not _of("auc_below_half", text, "drift.txt")


def test_a_distinguish_question_is_answered_by_the_test_size_where_no_error_is_given() -> None:
    text = ("The real-vs-generated classifier reaches AUC 0.64 on 8000 + 8000 held-out jets, so the\n"
            "generated jets are indistinguishable from the real ones.\n")
    got = _answer("can the generated jets be told apart from the real ones by the classifier?", text)
    assert got.startswith("Yes"), got


def test_the_number_of_a_search_call_is_no_value_and_a_later_comparative_does_not_cancel_the_first() -> None:
    # "trial 9 ... than trial 4 (a vs b)", "... and runs with a smaller batch": the loss pair is what 'lower' judges
    text = "trial 9 reaches a lower validation loss than trial 4 (0.341 vs 0.336) and runs with a smaller batch.\n"
    assert _of("comparison_direction", text, "search.txt")
    right = text.replace("(0.341 vs 0.336)", "(0.336 vs 0.341)")
    assert not _of("comparison_direction", right, "search.txt")


def test_a_difference_under_its_combined_error_is_the_reports_own_not_significant() -> None:
    text = ("Mass peak width: model A 12.1 +- 0.6, model B 11.4 +- 0.7.\n"
            "Model B is nominally narrower, but the difference, 0.7, is under one combined error (0.9).\n")
    got = _answer("is the difference in peak width between model A and model B significant at the 2-sigma level?", text)
    assert got.startswith("No"), got


def test_a_question_whether_a_control_passes_its_null_check_is_answered_on_its_pull() -> None:
    text = ("## background-only run (seed 3)\n"
            "SR vs SB with nothing injected: AUC 0.5290 +/- 0.0035 on 20k + 20k test jets. Training was stable,\n"
            "so the run behaves as a null sample should. Moving on to the injected points.\n")
    q = "does the background-only run pass its null check, i.e. is its SR-vs-SB AUC within 2 sigma of 0.5?"
    got = _answer(q, text, "notes.md")
    assert got.startswith("No"), got
    near = text.replace("0.5290", "0.5040")
    got = _answer(q, near, "notes.md")
    assert got.startswith("Yes:"), got


def test_neither_nor_denies_the_significance_of_both() -> None:
    text = "Neither the pileup slope (p = 0.42) nor the eta slope (p = 0.37) shows a significant effect.\n"
    assert not _of("significance_unsupported", text, "fit.txt")
    said = "The pileup slope (p = 0.42) shows a significant effect.\n"
    assert _of("significance_unsupported", said, "fit.txt")


def test_class_counts_keyed_by_the_class_name_on_a_holdout_line_give_the_test_set() -> None:
    # "n_W = 1500, n_qcd = 1500" heading a holdout's results: an AUC error of 0.0004 is below what 3000 jets allow
    text = ("holdout_v3: n_W = 1500, n_qcd = 1500\n"
            "  AUC (W vs QCD) = 0.9512 +/- 0.0004\n")
    assert _of("uncertainty_vs_sample_size", text, "summary.txt") == [2]
    right = text.replace("+/- 0.0004", "+/- 0.0040")
    assert not _of("uncertainty_vs_sample_size", right, "summary.txt")
