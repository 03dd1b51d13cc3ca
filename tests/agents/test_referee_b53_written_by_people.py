"""The referee's readings of documents people write (issue 23, session ref24b, blind round 21, b53):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_working_point_between_a_name_and_its_colon_leaves_the_name_to_the_numbers() -> None:
    # "Fake rate at the eps_S = 0.7 working point: GNN 0.12%, BDT 0.15%": both are fake rates, so "higher" is checkable
    text = ("Fake rate at the eps_S = 0.7 working point: GNN 0.12%, BDT 0.15%.\n"
            "So the GNN lets through the higher fake rate at the 70% working point.\n")
    assert _of("comparison_direction", text) == [2]
    assert not _of("comparison_direction", text.replace("higher", "lower"))
    # a threshold written "rej@0.3 >= 75" is no working point: its name does not reach past the bar to the next number
    gate = "check rej@0.3 >= 75.0 ......... PASS (82.6)\ncheck latency_ms <= 1.0 ....... PASS (0.81)\n"
    assert not _of("impossible_value", gate, "ci.log")


def test_a_verdict_at_a_working_point_is_judged_by_the_seed_spreads_given_for_its_pair() -> None:
    # the pair at eps_S = 0.7 differs by 150, each side scattering by +-200 over seeds: 0.5 sigma, no 'significant'
    text = ("- Rejection 1/eps_B at eps_S = 0.4: GNN 2650, BDT 2400.\n"
            "- Rejection 1/eps_B at eps_S = 0.7: GNN 720, BDT 570.\n"
            "- Seed-to-seed spread (4 seeds) of the eps_S = 0.4 rejection: +-200 for GNN, +-190 for BDT.\n"
            "- The improvement in rejection at eps_S = 0.4 is significant.\n")
    assert _of("significance_unsupported", text) == [4]
    tight = text.replace("+-200 for GNN, +-190 for BDT", "+-20 for GNN, +-19 for BDT")
    assert not _of("significance_unsupported", tight)


def test_a_question_of_which_side_has_less_is_answered_from_the_two_numbers() -> None:
    # the notes wrongly say the GNN has more fake jets; asked whether it keeps fewer, its own numbers say yes
    text = ("Fake rate at the eps_S = 0.7 working point: GNN 0.12%, BDT 0.15%.\n"
            "So the GNN lets through the higher fake rate at the 70% working point.\n")
    q = "at the 70% signal-efficiency working point, does the GNN accept fewer background jets than the BDT?"
    assert answer(q, referee(text), text).startswith("Yes")
    swapped = text.replace("GNN 0.12%, BDT 0.15%", "GNN 0.18%, BDT 0.15%")
    assert answer(q, referee(swapped), swapped).startswith("No")


def test_a_bracket_of_how_after_a_quantity_keeps_the_observable_named_before_it() -> None:
    # "rapidity resolution (abs.)" and "azimuth resolution (abs.)" are two widths, the names before the bracket say of what
    text = ("  mass resolution (rel.)     4.1 %\n"
            "  eta resolution (abs.)      0.011\n"
            "  phi resolution (abs.)      0.013\n")
    assert not _rules(text)
    twice = text.replace("phi resolution (abs.)", "eta resolution (abs.)")
    assert _of("inconsistent_numbers", twice)


def test_a_lead_in_sentence_names_the_quantity_of_a_table_set_out_with_spaces() -> None:
    # "Efficiencies on the test set:" over a table with model columns: 0.655 +- 0.0005 on 8,000 jets is far too small
    text = ("The test set holds 8,000 jets, untouched by training.\n\n"
            "Signal efficiencies on the test set:\n\n"
            "  size   baseline   finetuned\n"
            "  2k     0.612      0.655 +- 0.0005\n"
            "  8k     0.640      0.671\n")
    assert _of("uncertainty_vs_sample_size", text) == [6]
    assert not _of("uncertainty_vs_sample_size", text.replace("+- 0.0005", "+- 0.0053"))


def test_less_than_the_writer_expected_compares_no_two_numbers() -> None:
    text = "From 2k to 8k labels the accuracy went 0.61 -> 0.64, a smaller gain than we had hoped for.\n"
    assert not _of("comparison_direction", text)
    # a comparison set against the other number still is one
    assert _of("comparison_direction", "With 8k labels the accuracy is lower than with 2k labels: 0.64 vs 0.61.\n") == [1]


def test_a_percentage_after_from_and_to_is_relative_to_where_it_starts() -> None:
    # 400 -> 520 is +30% of the start; +23% is the change relative to the end, which 'from ... to' rules out
    text = "After retraining, the light-jet rejection goes from 400 to 520 (+23%).\n"
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("+23%", "+30%"))
    # a sentence wholly in quotes is another's words, which the report goes on to weigh
    quoted = 'The magazine wrote that the cut lowered it\n"from 5% to 4%, a 25% reduction". In fact that is a 20% reduction.\n'
    assert not _of("inconsistent_numbers", quoted)


def test_lossless_beside_a_deviation_left_after_decoding() -> None:
    text = ("- Added an 8-bit quantised storage format, lossless for all constituent features;\n"
            "  saves 60% of disk. Largest relative deviation after decoding: 2e-3 on E.\n")
    assert _of("absolute_words", text) == [1]
    assert not _of("absolute_words", text.replace("lossless", "lossy"))


def test_a_null_verdict_after_a_run_without_injected_signal_makes_its_auc_a_control() -> None:
    # the run before injects no signal; "consistent with no signal" at 0.562 +- 0.005 (12 sigma) is a control far from 0.5
    text = ("We reran the weakly supervised training on the background-only simulation with no injected signal\n"
            "in the window. Averaged over 8 runs and evaluated on held-out data, the classifier reaches an\n"
            "AUC of 0.562 +- 0.005, consistent with no signal.\n")
    assert _of("control_vs_null", text) == [3]
    assert not _of("control_vs_null", text.replace("0.562 +- 0.005", "0.503 +- 0.005"))


def test_class_counts_of_a_test_set_stated_with_latex_grouping_set_the_auc_error() -> None:
    # the control's mean over runs on its own (unstated) set is not bounded by the 200 signal events of a later test set;
    # the reference's AUC on 200 signal and 50,000 background events is: Hanley-McNeil ~0.02, far above the quoted 0.003
    text = ("The procedure was repeated on background-only data. Over 10 runs the classifier gives\n"
            "AUC $0.511 \\pm 0.004$ (mean and its standard error).\n\n"
            "The supervised reference is evaluated on a test set of 200 signal and 50{,}000 background events in the\n"
            "signal region. It reaches AUC $= 0.903 \\pm 0.003$ there.\n")
    assert _of("uncertainty_vs_sample_size", text, "reply.tex") == [5]
    assert not _of("uncertainty_vs_sample_size", text.replace("0.903 \\pm 0.003", "0.903 \\pm 0.021"), "reply.tex")


def test_a_number_defined_as_chance_is_no_result_compared() -> None:
    text = "My classifier's AUC came out at 0.31. I've read that 0.5 is random guessing, so is it worse than random?\n"
    assert not _of("comparison_direction", text)
    assert _of("comparison_direction", "My classifier reaches AUC 0.61, which is worse than random.\n") == [1]


def test_a_question_about_the_flipped_score_is_answered_for_the_flipped_score() -> None:
    text = ("The tagger gives AUC 0.22 on 800 test jets (400 per class).\n"
            "The signal and background labels were swapped, so the score is inverted.\n")
    ref = referee(text)
    q = "once its output is inverted, does the tagger separate the classes better than random guessing?"
    assert answer(q, ref, text).startswith("Yes")
    assert answer("does the tagger separate the classes better than random guessing?", ref, text).startswith("No")


def test_an_exercise_premise_set_to_diagnose_is_not_a_result() -> None:
    text = "## Problem 2\nA classmate finds AUC = 0.41 for her quark/gluon tagger. Explain what could cause this.\n"
    assert not _of("auc_below_half", text, "sheet.md")
    assert _of("auc_below_half", "## Results\nOur quark/gluon tagger reaches AUC = 0.41 on the test set.\n", "notes.md") == [2]


def test_a_prediction_called_perfect_that_agrees_only_within_percent() -> None:
    text = ('"Our model of the QCD background is perfect," the team lead said. "Away from\n'
            'the excess it matches the data to within 6 percent."\n')
    assert _of("absolute_words", text) == [1]
    assert not _of("absolute_words", text.replace("6 percent", "0.5 percent"))


def test_a_background_prediction_in_words_is_a_background_estimate() -> None:
    # with the background named as predicted, the discovery is judged by its significance, not by a missing estimate
    text = ("The network's prediction of the smooth background was checked away from the peak.\n"
            "With a global significance of 2.1 sigma the group has discovered a new resonance.\n")
    msgs = [f.message for f in referee(text).findings if f.rule == "discovery_without_evidence"]
    assert msgs and "2.1σ" in msgs[0] and "no background estimate" not in msgs[0]


def test_a_number_with_a_unit_that_opens_a_wrapped_line_is_no_section_label() -> None:
    # "... 11.2 GeV for the network and\n10.1 GeV for ...": the second width is read, so the wrong 'better' is seen
    text = ("The W peak width is 11.2 GeV for the network and\n"
            "10.1 GeV for the trimmed mass, so the network gives the better resolution.\n")
    assert _of("comparison_direction", text)
    assert not _of("comparison_direction", text.replace("better resolution", "worse resolution"))
    # an energy after 'at' opening the next line is where one looks: the claim stays on the line of its word
    claim = ("With a global significance of 2.0 sigma we report the discovery of a resonance at\n"
             "2.8 TeV. More data will follow.\n")
    assert _of("discovery_without_evidence", claim) == [1]


def test_the_second_of_x_for_a_and_y_for_b_takes_the_first_quantity() -> None:
    # "7.9 GeV for the corrected trimmed mass": a width, though the side's name ends in 'mass'
    text = ("On the test sample, the width of the reconstructed Z peak (Gaussian core fit) is 9.1 GeV for the network and "
            "7.9 GeV for the corrected trimmed mass, so the network gives the better resolution of the two.\n")
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("9.1 GeV", "7.2 GeV"))
