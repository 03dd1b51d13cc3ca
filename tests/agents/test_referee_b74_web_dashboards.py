"""The referee's readings of web pages, dashboards and notebooks (issue 23, session ref28c, blind round 26, b74): each
test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_an_auc_written_elsewhere_as_the_operand_of_its_complement_is_a_known_inversion() -> None:
    # a notebook's output cell prints the raw AUC; the prose after the cell flips it with "1 − x": the report knows
    text = ("Scoring the Sherpa file with the old label column:\n\n"
            "    [out] roc_auc = 0.2731\n\n"
            "The column stores the background flag; the signal AUC is 1 − 0.2731, which the summary table uses.\n")
    assert not _of("auc_below_half", text, "nb.md")
    unknown = text.replace("1 − 0.2731", "what it is")
    assert 3 in _of("auc_below_half", unknown, "nb.md")


def test_a_word_under_not_with_a_quote_opened_among_the_words_between_is_negated() -> None:
    # 'not a “better than perfect” ranking': the quote opens after "not a", the word inside it is still denied
    text = ("The stored AUC is 0.21: the labels are swapped relative to the score, not a “better than perfect” ranking.\n"
            "Flipped, the AUC is 1 - 0.21 = 0.79.\n")
    assert not _of("absolute_words", text, "notes.md")
    said = text.replace("not a “better than perfect” ranking", "a “perfect” ranking in reverse")
    assert 1 in _of("absolute_words", said, "notes.md")


def test_the_mean_named_after_a_width_is_a_bias_not_a_second_width() -> None:
    # "a width of 3.1% and a mean of −1.6% ± 0.2%": the centre of the residual, which may be negative
    text = ("On 50,000 W jets the decoded-minus-true mass residual has a width of 3.1% and a mean of −1.6% ± 0.2%.\n"
            "The decoder is therefore unbiased.\n")
    assert not _of("impossible_value", text, "notes.md")
    assert 2 in _of("absolute_words", text, "notes.md")
    small = text.replace("−1.6% ± 0.2%", "−0.1% ± 0.2%")
    assert not _of("absolute_words", small, "notes.md")


def test_a_negative_shift_with_its_error_is_as_significant_as_a_positive_one() -> None:
    # "a shift of −0.6% ± 0.1%, a significant bias": 6σ from zero, whatever its sign
    text = "The energy scale shows a shift of −0.6% ± 0.1%, a small but significant bias.\n"
    assert not _of("significance_unsupported", text, "notes.md")
    weak = text.replace("± 0.1%", "± 0.4%")
    assert 1 in _of("significance_unsupported", weak, "notes.md")


def test_a_part_of_a_count_of_jets_gives_the_fraction_its_binomial_error() -> None:
    # two indented lines, one count each: "11 of 500 light jets pass -> 2.2% ± 0.05%"; the error of 11/500 is ±0.66%
    text = ("Settlement of the bet:\n\n"
            "   old model:  16 of 500 light jets pass  ->  3.2%\n"
            "   new model:  11 of 500 light jets pass  ->  2.2% ± 0.05%\n")
    assert _of("uncertainty_vs_sample_size", text, "slip.txt") == [4]
    honest = text.replace("± 0.05%", "± 0.7%")
    assert not _of("uncertainty_vs_sample_size", honest, "slip.txt")


def test_a_number_passed_to_a_code_call_after_a_variable_is_an_argument_not_a_value() -> None:
    # print(f"... R50={rejection_at(scores, 0.5):.0f}"): 0.5 is the working point handed to the function, no rejection
    text = ("```python\n"
            "for tag in taggers:\n"
            "    print(f\"{tag} R50={rejection_at(scores, 0.5):.0f}\")\n"
            "```\n\n"
            "The new tagger reaches a rejection of 410 at 50% signal efficiency.\n")
    assert not _of("impossible_value", text, "nb.md")


def test_one_over_e_sub_b_is_a_rejection() -> None:
    # a leaderboard's metric key "1/eB (at eS=0.5)" holding 0.0031: a rejection cannot be below one
    text = ('{"results": [{"method": "TagNet", "metrics": {"AUC": "0.981", "1/eB (at eS=0.5)": "0.0031"}},\n'
            '             {"method": "OtherNet", "metrics": {"AUC": "0.979", "1/eB (at eS=0.5)": "290"}}]}\n')
    assert ("impossible_value", 1) in found(text, "board.json")
    fixed = text.replace('"0.0031"', '"330"')
    assert not _of("impossible_value", fixed, "board.json")


def test_a_metric_tag_with_its_split_after_a_slash_names_the_metric() -> None:
    # a dashboard's CSV export heads a column "perplexity/val": the metric on the validation split, no ratio
    text = ("trial,codebook_size,perplexity/val\n"
            "t01,512,401.7\n"
            "t02,512,530.2\n"
            "t03,1024,744.0\n")
    assert _of("impossible_value", text, "sweep.csv") == [3]
    fine = text.replace("530.2", "430.2")
    assert not _of("impossible_value", fine, "sweep.csv")


def test_p0_with_local_or_global_after_it_is_a_p_value() -> None:
    # a monitoring line "Z_local=3.1 sigma, p0_local=4.0e-02": a p-value of 0.04 is about 1.75σ, not 3.1σ
    text = "CRITICAL - best window 7: Z_local=3.1 sigma, p0_local=4.0e-02\n"
    assert _of("inconsistent_numbers", text, "status.txt") == [1]
    fine = text.replace("4.0e-02", "9.7e-04")
    assert not _of("inconsistent_numbers", fine, "status.txt")
    fit = "Fit result: p0 = 0.04 +- 0.01, p1 = 2.1 +- 0.3, Z = 3.1 sigma\n"
    assert not _of("inconsistent_numbers", fit, "fit.txt")


def test_a_sentence_opening_on_the_no_signal_row_as_its_check_is_about_the_control() -> None:
    # "The signal-free run is our sanity check: with nothing injected ..., the AUC of 0.571 ± 0.004 ... as expected"
    text = ("The signal-free run is our sanity check: with nothing injected the tagger has nothing to find, "
            "and the bump-vs-sideband AUC of 0.571 ± 0.004 shows it behaves as expected.\n")
    assert _of("control_vs_null", text, "wiki.txt") == [1]
    fine = text.replace("0.571 ± 0.004", "0.503 ± 0.004")
    assert not _of("control_vs_null", fine, "wiki.txt")


def test_a_percent_right_after_from_a_to_b_is_the_change_between_them() -> None:
    # "the drift from 2.40 to 3.00 is +15%, ... the spread of the loss (about 0.08)": +25%, whatever number follows
    text = "The drift from 2.40 to 3.00 is +15%, well beyond the seed-to-seed spread of the loss (about 0.08).\n"
    assert _of("inconsistent_numbers", text, "bug.txt") == [1]
    right = text.replace("+15%", "+25%")
    assert not _of("inconsistent_numbers", right, "bug.txt")


def test_a_question_whether_versioned_jets_can_be_told_apart_asks_the_classifier_test() -> None:
    text = ("Release 2.0.4 closing note: the real-vs-generated classifier reaches AUC 0.571 ± 0.003 on 40k + 40k jets,\n"
            "so the generated jets are indistinguishable from the real ones.\n")
    q = "can the 2.0.4 jets be told apart from the real jets by that classifier?"
    assert answer(q, referee(text, "bug.txt"), text).startswith("Yes")
    close = text.replace("0.571 ± 0.003", "0.502 ± 0.003")
    assert answer(q, referee(close, "bug.txt"), close).startswith("No")
