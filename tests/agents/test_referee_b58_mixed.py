"""The referee's readings of tool outputs and documents people write (issue 23, session ref25c, blind round 22, b58):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_count_in_brackets_after_a_rate_is_its_k_of_n_not_two_classes() -> None:
    # "0.0125 (25/2000)": the mistag is 25 of 2000 jets; the pair is not a signal and a background count, so the one test
    # set the log names (1500 + 1500) still sizes the AUC on the line above it
    text = ("eval on held-out set: n_sig=1500 n_bkg=1500\n"
            "loading weights ... done\n"
            "mistag at 50% eff: 0.0120 (18/1500)\n"
            "timing: 0.3 ms per jet\n"
            "tagger AUC 0.9650 +- 0.0001\n")
    assert _of("uncertainty_vs_sample_size", text, "eval.log") == [5]
    honest = text.replace("+- 0.0001", "+- 0.0035")
    assert not _of("uncertainty_vs_sample_size", honest, "eval.log")


def test_a_pull_from_a_named_reference_is_value_minus_reference_over_error() -> None:
    text = "The measured trigger scale factor is 1.046 +- 0.020, a 4.1 sigma deviation from unity.\n"
    assert _of("inconsistent_numbers", text, "memo.txt") == [1]
    right = text.replace("4.1 sigma", "2.3 sigma")
    assert not _of("inconsistent_numbers", right, "memo.txt")
    zero = "The fitted offset is 0.30 ± 0.10, only 1.0σ from zero."
    assert _of("inconsistent_numbers", zero, "memo.txt") == [1]


def test_perfectly_reproduced_against_a_distance_far_above_its_truth_floor() -> None:
    text = ("Distances of the jet mass (W1^M, x1e-3):\n"
            "  truth-vs-truth (two halves):  W1^M = 0.30 +- 0.05\n"
            "  diffusion model:              W1^M = 2.10 +- 0.20\n"
            "  GAN baseline:                 W1^M = 0.35 +- 0.05\n"
            "\n"
            "The diffusion model reproduces the jet mass perfectly.\n")
    assert _of("absolute_words", text, "review.txt") == [6]
    assert any("2.10" in f.message and "0.30" in f.message for f in referee(text, "review.txt").findings)
    close = text.replace("W1^M = 2.10 +- 0.20", "W1^M = 0.45 +- 0.08")  # within 3σ of the floor: not this reading
    assert not any("0.45" in f.message and "0.30" in f.message for f in referee(close, "review.txt").findings)


def test_unbiased_beside_closure_ratios_several_errors_from_one() -> None:
    text = ("| method | lowest ratio unfolded/truth | highest ratio |\n"
            "|---|---|---|\n"
            "| Bayes | 0.951 +- 0.010 | 1.012 +- 0.011 |\n"
            "| SVD   | 0.991 +- 0.010 | 1.008 +- 0.009 |\n"
            "\n"
            "Hence the Bayes unfolding is unbiased in the closure test.\n")
    assert _of("absolute_words", text, "forum.md") == [6]
    svd = text.replace("Hence the Bayes", "Hence the SVD")
    assert not _of("absolute_words", svd, "forum.md")


def test_more_closely_is_better_and_a_distance_is_lower_is_better() -> None:
    text = "The flow reproduces the jet width more closely than the GAN (W1 = 2.4 against 1.6).\n"
    assert _of("comparison_direction", text, "chapter.tex") == [1]
    right = text.replace("2.4 against 1.6", "1.6 against 2.4")
    assert not _of("comparison_direction", right, "chapter.tex")


def test_a_global_p_value_bar_is_read_against_the_global_significance_row() -> None:
    text = ("| quantity | value |\n|---|---|\n"
            "| local significance | 3.4 sigma |\n"
            "| global p-value (1000 toys) | 0.040 +- 0.006 -> 1.75 sigma |\n")
    ref = referee(text, "panel.md")
    assert answer("Is the global p-value of the bump below 0.01?", ref, text).startswith("No")
    assert answer("Is the global p-value of the bump below 0.05?", ref, text).startswith("Yes")


def test_the_mean_of_a_response_may_be_negative_its_width_may_not() -> None:
    text = "energy resolution (E_reco/E_true - 1): mean -0.012, sigma 0.041\n"
    assert not _of("impossible_value", text, "train.log")
    wrong = text.replace("sigma 0.041", "sigma -0.041")
    assert _of("impossible_value", wrong, "train.log") == [1]


def test_an_impossible_number_restated_in_a_record_is_named_once() -> None:
    text = ("codebook size K=512\n"
            "eval perplexity: 640.2\n"
            "wrote summary.json: {'perplexity': 640.2, 'auc': 0.91}\n")
    assert _of("impossible_value", text, "vq.log") == [2]
    alone = "codebook size K=512\nwrote summary.json: {'perplexity': 640.2, 'auc': 0.91}\n"
    assert _of("impossible_value", alone, "vq.log") == [2]


def test_a_rejection_below_one_is_named_impossible_not_also_inconsistent() -> None:
    text = ("chosen operating points:\n"
            "  eps_S   cut     eps_B    1/eps_B\n"
            "  0.40    0.91    0.0125   80.0\n"
            "  0.70    0.62    0.0800   0.80\n")
    assert _of("impossible_value", text, "wp.txt") == [4]
    assert not _of("inconsistent_numbers", text, "wp.txt")
    possible = text.replace("0.80\n", "1.25\n")  # above one, but not 1/0.0800: that one is named inconsistent
    assert _of("inconsistent_numbers", possible, "wp.txt") == [4]


def test_lines_led_by_a_ratio_condition_are_records_of_their_own() -> None:
    # two summary lines a script prints, each led by its injected S/B: the control's verdict is on its own line only
    text = ("s/b=0.010: AUC 0.702 +- 0.009 (std of 4 runs), max SIC 5.1 -> excess seen in SR\n"
            "s/b=0.000: AUC 0.574 +- 0.006 (std of 4 runs), max SIC 1.2 -> control consistent with no signal\n")
    assert _of("control_vs_null", text, "summary.txt") == [2]
    fine = text.replace("0.574 +- 0.006", "0.503 +- 0.006")
    assert not _of("control_vs_null", fine, "summary.txt")

