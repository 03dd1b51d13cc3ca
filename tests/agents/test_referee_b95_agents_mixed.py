"""The referee's readings of mostly agent-written output (issue 23, session ref31d, blind round 31, b95): SDK and API
streams, saved prompts, eval-framework and gateway logs, an exam protocol, an examiner's report. Each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_score_said_to_sit_a_little_above_one_half_is_its_distance_from_chance() -> None:
    text = ("Null run (no injected signal): the region classifier's AUC is 0.004 above 0.5, with a seed spread of 0.005,\n"
            "so it behaves like chance.\n"
            "With 1% injected signal the AUC reaches 0.58 +- 0.005.\n")
    assert not _of("control_vs_null", text)
    assert not _of("comparison_direction", text)
    # a control whose AUC is stated as such, far from one half, is still read
    bad = text.replace("AUC is 0.004 above 0.5, with a seed spread of 0.005", "AUC is 0.561 +- 0.005")
    assert _of("control_vs_null", bad)


def test_a_control_named_by_a_shower_generator_is_no_sample_without_signal() -> None:
    text = ('{"results": [\n'
            '  {"model": "baseline", "auc": 0.9112, "auc_err": 0.004},\n'
            '  {"model": "sherpa_control", "auc": 0.1023, "auc_err": null, "score_flipped": true}\n'
            ']}\n')
    assert not _of("control_vs_null", text, "out.json")
    # a control named by what it leaves out is the no-signal one
    assert _of("control_vs_null", text.replace("sherpa_control", "background_only_control"), "out.json")


def test_the_number_of_an_exercise_sheet_is_no_value_of_the_score_beside_it() -> None:
    text = ("Examiner: and how do you know the method does not find something else?\n"
            "Candidate: You train with no signal at all. In exercise sheet 6 we got AUC 0.503 +- 0.006, so that is fine.\n")
    assert not _of("control_vs_null", text)


def test_a_verdict_reported_as_said_judges_the_pair_just_before() -> None:
    text = ("Candidate: Pre-trained, then tuned with 2% of the labels. On 600 signal + 600 background test jets the baseline\n"
            "had AUC 0.885 and the pre-trained one 0.889. I argued that this is a significant improvement from pre-training.\n")
    assert _of("significance_unsupported", text)
    # on a test set large enough for the gain, the same words are fine
    big = text.replace("600 signal + 600 background", "600,000 signal + 600,000 background")
    assert not _of("significance_unsupported", big)


def test_one_error_said_for_each_side_judges_the_gain_between_them() -> None:
    text = ("Two taggers on one validation set: tagger A has AUC 0.9120, tagger B 0.9165.\n"
            "The improvement is +0.0045. With statistical errors of about 0.004 for each AUC,\n"
            "the +0.0045 improvement is significant, so tagger B is the better one.\n")
    assert _of("significance_unsupported", text)
    # errors ten times smaller make the same gain several sigma
    assert not _of("significance_unsupported", text.replace("about 0.004 for each", "about 0.0004 for each"))


def test_a_summary_row_named_by_the_w1_symbol_restates_the_one_model_computed() -> None:
    text = ("[step] evaluate\n"
            "model: flowgen_b2  real: 40,000 test jets  generated: 40,000\n"
            "W1M   (x1e-3): 0.83 +- 0.06\n"
            "W1P   (x1e-3): 1.05 +- 0.08\n"
            "\n"
            "Summary of the run:\n"
            "\n"
            "| metric | value |\n"
            "|---|---|\n"
            "| W1M (x1e-3) | 0.63 +- 0.06 |\n"
            "| W1P (x1e-3) | 1.05 +- 0.08 |\n")
    assert _of("inconsistent_numbers", text, "notes.md") == [10]
    assert not _of("inconsistent_numbers", text.replace("| 0.63 +- 0.06 |", "| 0.83 +- 0.06 |"), "notes.md")


def test_a_correction_said_not_yet_evaluated_after_what_it_is_over_corrects_nothing() -> None:
    text = ("Bump hunt over 25 mass windows, with the background fit from the sidebands.\n"
            "Window 17 (3.1-3.2 TeV): 260 events observed against 190 +- 6 expected, a local significance of 5.1 sigma.\n"
            "The look-elsewhere effect across all 25 scanned windows has not been evaluated yet.\n"
            "Since 5.1 sigma passes the 5 sigma bar, this is the discovery of a new resonance.\n")
    assert _of("discovery_without_evidence", text) == [4]
    done = text.replace("has not been evaluated yet", "gives a global significance of 4.3 sigma")
    assert 4 in _of("discovery_without_evidence", done)  # still short of 5 sigma, now judged on its global value
    assert "trials factor" not in " ".join(f.message for f in referee(done, name="notes.txt").findings)


def test_a_percentage_named_as_the_working_point_is_not_the_share_of_the_count_after_it() -> None:
    text = "Background mistag at 70% signal efficiency: 96 of the 2,000 QCD jets pass the cut.\n"
    assert not _of("inconsistent_numbers", text)
    assert _of("inconsistent_numbers", "Background mistag, 70% of them: 96 of the 2,000 QCD jets pass the cut.\n")


def test_two_calls_of_one_tool_with_different_inputs_are_not_one_number_given_twice() -> None:
    text = ("[tool call]: binomial_error(efficiency = 0.412, n = 5000)\n"
            "[tool call]: binomial_error(efficiency = 0.455, n = 5000)\n"
            "[tool result]: 0.0070\n"
            "[tool result]: 0.0070\n")
    assert not _of("inconsistent_numbers", text)


def test_the_half_of_a_random_guess_is_the_bar_not_a_rival() -> None:
    text = ("Of the two taggers, tagger_k separates the classes best: its AUC of 0.24 is the furthest from the 0.5 of a\n"
            "random guess, ahead of tagger_m (0.73).\n")
    rules = {r for r, _ in found(text)}
    assert "auc_below_half" in rules
    assert not _of("comparison_direction", text)
