"""The referee's readings of tool outputs and documents people write (issue 23, session ref23ad, blind round 19, b46):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules


def test_a_bare_eff_after_a_working_point_is_the_efficiency_not_the_mistag() -> None:
    # "mistag at 40% eff: 0.0040": the 40% is the signal efficiency the mistag is taken at, not a mistag of 40%; the
    # rejection 250 and the mistag 0.0040 of that point agree
    text = "At the old commit: light-quark rejection at 40% eff: 250 and mistag at 40% eff: 0.0040 on the test jets.\n"
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]
    # a mistag that is not 1/rejection is still caught
    assert ("inconsistent_numbers", 1) in _rules(text.replace("0.0040", "0.0060"))


def test_a_signed_percentage_after_two_ends_joined_by_an_arrow_is_their_change() -> None:
    # "0.0050 -> 0.0040 is -20%": the relative change of the fake rate, no fake rate of -20%
    text = "Answer key: the fake rate 0.0050 -> 0.0040 is -20%, and both runs pass.\n"
    assert not _rules(text)
    # a wrong change is read as one, and a negative rate standing alone is still impossible
    assert ("inconsistent_numbers", 1) in _rules(text.replace("-20%", "-35%"))
    assert ("impossible_value", 1) in _rules("Answer key: the fake rate is -20% for both runs.\n")


def test_a_decimal_before_of_trial_is_that_trials_value_not_a_count_of_trials() -> None:
    # "0.295 of trial 3": the loss trial 3 reached, the other side of the comparison (not "295 trials")
    wrong = "[hpo] chosen: run 5 (val loss 0.310 is lower than 0.295 of trial 3)\n"
    assert ("comparison_direction", 1) in _rules(wrong)
    assert not _rules(wrong.replace("0.310", "0.280"))


def test_used_codes_written_as_a_fraction_of_the_codebook_give_its_size() -> None:
    # "used_codes=500/512": 500 of the 512 codes fire, so the codebook has 512 entries and a perplexity above 512 is
    # impossible
    text = "INFO:vq: run=2 codebook=512 perplexity=530.2 used_codes=500/512 dead=0.02\n"
    assert ("impossible_value", 1) in _rules(text)
    assert not _rules(text.replace("530.2", "430.2"))


def test_an_abbreviated_eff_dot_ends_no_sentence_and_an_arrow_sets_the_base_of_a_relative_change() -> None:
    # "rejection at 50% eff.   200 -> 260, i.e. a 23% gain": 'eff.' shortens efficiency, the aligned row goes on to its
    # numbers and stays a row of its own; the arrow says 200 is the old value, so the gain is 30% (23% is of 260)
    text = ("Wednesday. Numbers from the rerun:\n"
            "  test loss            0.520 -> 0.505\n"
            "  rejection at 50% eff.   200 -> 260, i.e. a 23% gain on the old one\n"
            "  signal eff. at 2% mistag 0.40 -> 0.42\n"
            "Not bad.\n")
    assert _rules(text) == [("inconsistent_numbers", 3)]
    assert not _rules(text.replace("a 23% gain", "a 30% gain"))


def test_a_question_on_the_global_significance_against_a_named_bar_is_answered_against_that_bar() -> None:
    # "is the global significance below 2 sigma?": the report's own global number against the 2σ asked, not against the
    # 3σ of evidence
    text = ("Scan of 15 mass windows. The largest local excess is 2.9 sigma (p = 0.0019).\n"
            "After the trials factor the global significance is 1.6 sigma, so there is no evidence.\n")
    ask = "is the global significance of the largest excess below 2 sigma?"
    assert answer(ask, referee(text, name="scan.txt"), text).startswith("Yes")
    assert answer(ask.replace("below", "above"), referee(text, name="scan.txt"), text).startswith("No")
    higher = text.replace("1.6 sigma", "2.4 sigma")
    assert answer(ask, referee(higher, name="scan.txt"), higher).startswith("No")


def test_its_error_after_a_sentence_naming_a_smaller_set_is_bounded_by_that_set() -> None:
    # "... a test set of 4,000 jets; its AUC of 0.9420 +/- 0.0003": the pronoun points back to the sentence just before,
    # whose 4,000 jets allow no less than about 0.004, whatever larger set an earlier sentence names
    text = ("The main result is an AUC of 0.9610 +/- 0.0004 on the full test set of 600,000 jets. A smaller check uses a\n"
            "test set of 4,000 jets; its AUC of 0.9420 +/- 0.0003 is quoted in the summary.\n")
    assert ("uncertainty_vs_sample_size", 2) in _rules(text)
    assert not _rules(text.replace("0.9420 +/- 0.0003", "0.9420 +/- 0.0040"))


def test_a_possessive_owner_after_a_number_labels_that_number() -> None:
    # "0.0031 for the student's tagger and 0.0024 for the reference": each rate is of the side named after it, so the
    # next sentence's "the student's tagger beats the reference" is read against the lower mistag of the reference
    text = ("At 50% signal efficiency the report gives a mistag rate of 0.0031 for the student's tagger and 0.0024 for\n"
            "the reference, on 100,000 background jets. We agree that the student's tagger beats the reference here.\n")
    assert ("comparison_direction", 2) in _rules(text)
    assert not [r for r in _rules(text.replace("0.0031", "0.0019")) if r[0] == "comparison_direction"]


def test_a_title_framed_by_two_rules_heads_a_block_of_its_own() -> None:
    # a score sheet's 'GROUP B "Blue" (three people, GNN)' between two lines of dashes opens another group's block: its
    # control AUC is another group's, not a second value of the first group's
    rule = "-" * 60 + "\n"
    second = rule + 'GROUP B  "Blue"         (three people, GNN)\n' + rule
    text = (rule + 'GROUP A  "Red"          (two people, BDT on jet shapes)\n' + rule + "  Test AUC ......................... 0.871\n"
            "  Shuffled-label control AUC ....... 0.503 +/- 0.006  -> fine\n\n"
            + second + "  Test AUC ......................... 0.884\n"
            "  Shuffled-label control AUC ....... 0.497 +/- 0.006  -> fine\n")
    assert not _rules(text, "sheet.txt")
    # under one group's heading, the two control AUCs are one thing given twice
    assert ("inconsistent_numbers", 5) in _rules(text.replace(second, ""), "sheet.txt")


def test_a_classifier_test_on_a_line_led_by_the_previous_run_is_that_runs() -> None:
    # "previous run 88 (epoch 40): real-vs-generated AUC 0.760": the earlier run's test, which the verdict on the run as
    # it stands ("indistinguishable") does not speak of; the current test and the verdict are still named
    text = ("[eval] two-sample test: generated (label 0) vs real (label 1), test 30k+30k\n"
            "[eval] real-vs-generated AUC = 0.690 +/- 0.004\n"
            "[eval] => the generated jets are indistinguishable from real jets\n"
            "[eval] previous run 88 (epoch 40): real-vs-generated AUC 0.760 +/- 0.004 -> now less distinguishable\n")
    got = [r for r in _rules(text, "eval.log") if r[0] == "classifier_test_vs_null"]
    assert got == [("classifier_test_vs_null", 2), ("classifier_test_vs_null", 3)]
    # led by no earlier run, the line is another test of the run as it stands
    same = text.replace("previous run 88 (epoch 40):", "rerun 88 (epoch 40):")
    assert ("classifier_test_vs_null", 4) in _rules(same, "eval.log")


def test_ranking_the_signal_as_more_ordinary_than_the_background_explains_an_auc_below_half() -> None:
    # "it ranks the signal as less unusual than the background": the report says why its AUC is below 0.5 (the score
    # runs the wrong way for this signal); it overlooks nothing
    text = ("Our autoencoder scores an AUC of 0.42 on the dark-shower signal; it ranks the signal as less unusual than "
            "the background.\n")
    assert not _rules(text)
    assert ("auc_below_half", 1) in _rules(text.replace("it ranks the signal as less unusual than the background",
                                                         "we will tune it next week"))
