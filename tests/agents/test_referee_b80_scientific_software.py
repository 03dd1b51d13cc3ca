"""The referee's readings of scientific and HEP software output (issue 23, session ref28i, blind round 28, b80): launcher
logs, printed tables, job records; and its answers to questions that name the numbers to judge (a gain against a multiple
of its error, an AUC against its quoted error around 0.5). Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def _ask(question: str, text: str) -> str:
    return answer(question, referee(text, "r.txt"), text)


def test_a_question_on_a_gain_against_twice_its_error_is_answered_from_the_test_set_it_names() -> None:
    text = ("Fine-tuning study, 5% labels.\n"
            "The pre-trained model reaches AUC 0.8830 and the one trained from scratch 0.8790.\n"
            "Both are evaluated on the same held-out jets.\n")
    q = "on its 800 signal + 800 background test jets, is the +0.0040 AUC gain larger than twice its statistical uncertainty?"
    assert _ask(q, text).startswith("No")  # Hanley-McNeil about 0.008 per AUC: the gain is 0.3 of the error on it
    # the same gain on 400k + 400k jets is far beyond twice its error
    assert _ask(q.replace("800 signal + 800", "400000 signal + 400000"), text).startswith("Yes")
    # the two AUCs named in the question, not the gain
    q2 = "on the 800 + 800 test jets, does the AUC gain (0.8790 to 0.8830) exceed two times its statistical error?"
    assert _ask(q2, text).startswith("No")


def test_a_question_on_an_auc_within_a_multiple_of_its_quoted_error_of_half_reads_that_auc() -> None:
    text = ("Null run: signal fraction set to zero, nothing injected.\n"
            "region classifier AUC 0.532 +- 0.007 (spread over 4 folds)\n"
            "Injected run (s/b = 1%): AUC 0.655 +- 0.008\n")
    q = "with no signal injected, is the region classifier's AUC within two of its quoted spreads of 0.5?"
    assert _ask(q, text).startswith("No")  # 0.032 is 4.6 of its spreads
    near = text.replace("0.532 +- 0.007", "0.509 +- 0.007")
    assert _ask(q, near).startswith("Yes")  # 1.3 spreads
    # "consistent with 0.5 within its quoted error": a bar of one error
    q1 = "in the null run, is the AUC consistent with 0.5 within its quoted error?"
    assert _ask(q1, near).startswith("No") and _ask(q1, text.replace("0.532", "0.504")).startswith("Yes")


def test_a_global_significance_question_whose_correction_is_named_long_before_the_word_significance() -> None:
    text = ("Local fit at m = 2.9 TeV: Z_local = 3.3\n"
            "Toys: 41 of 1000 background-only toys exceed it, p_global = 0.041 -> Z_global = 1.74\n")
    q = ("after the look-elsewhere correction estimated with the background-only pseudo-experiments, does the excess at "
         "2.9 TeV retain a significance of at least 3 sigma?")
    assert _ask(q, text).startswith("No")


def test_an_auc_below_half_asked_about_as_a_sign_of_better_separation() -> None:
    text = ("Tagger on sample A: AUC 0.874.\n"
            "Tagger on sample B: AUC 0.141, because the score column was stored with the classes swapped (inverted).\n")
    q = "is the AUC of 0.141 on sample B a sign that the tagger separates the classes better on B than on A?"
    assert _ask(q, text).startswith("No")  # 1 - 0.141 = 0.859, below 0.874


def test_a_bracketed_value_and_error_with_the_percent_sign_after_the_bracket() -> None:
    text = ("## Z tagging, 60% Z-efficiency working point\n"
            "- light-jet mistag: tag_new (1.64 +/- 0.03)%, tag_old (1.71 +/- 0.05)%.\n")
    assert not _of("impossible_value", text)  # 1.64%, not a rate of 1.64
    assert _of("impossible_value", text.replace("(1.64 +/- 0.03)%", "1.64 +/- 0.03"))  # a bare 1.64 is a rate above 1


def test_a_number_on_the_line_a_no_signal_control_line_opens_with_a_colon() -> None:
    text = ("no-signal control (s/b = 0), SR-vs-SB AUC averaged over 6 folds:\n"
            "   mean 0.562 +/- 0.004 -> consistent with no signal\n")
    assert _of("control_vs_null", text) == [2]
    assert not _of("control_vs_null", text.replace("0.562", "0.503"))


def test_a_generated_vs_real_verdict_that_the_network_cannot_separate_them() -> None:
    text = ("real-vs-generated classifier (20000 + 20000 test jets)\n"
            "  test AUC = 0.611 +/- 0.004\n"
            "verdict: the network cannot separate the generated jets from real jets\n")
    assert 3 in _of("classifier_test_vs_null", text)
    assert not _of("classifier_test_vs_null", text.replace("0.611", "0.502"))


def test_lossless_in_performance_beside_the_rejection_it_loses() -> None:
    text = "quantized model is 2x faster and lossless in tagging performance (R50 640 -> 455).\n"
    assert _of("absolute_words", text) == [1]
    assert not _of("absolute_words", text.replace("455", "638"))  # a change within a tenth


def test_an_aligned_table_whose_column_names_hold_an_inverse_and_bars() -> None:
    text = ("eval set: 50000 top + 50000 QCD jets\n"
            "backend   rate[jets/s]   AUC      1/eps_B @ eps_S=0.5   max|diff|\n"
            "ref       1200           0.9822   410                   0\n"
            "fast      5200           0.9790   300                   0.02\n")
    aucs = [(c.line, v.value) for c in referee(text, "r.txt").claims for v in c.results("auc")]
    assert (3, 0.9822) in aucs and (4, 0.9790) in aucs


def test_a_row_named_in_two_columns_and_an_arrow_verdict_on_the_gain_below_it() -> None:
    text = ("data: train 5000, val 10000, test 1500 top + 1500 QCD\n"
            "run        start           labels   AUC      eps_B^-1\n"
            "ft_run     pretrained_v2   2%       0.9310   52.0\n"
            "base_run   random init     2%       0.9270   47.5\n"
            "gain: +0.0040 AUC\n"
            "=> pre-training gives a significant improvement\n")
    assert _of("significance_unsupported", text) == [6]  # 0.0040 against about 0.006 on 1500 + 1500 jets
    assert not _of("impossible_value", text)  # eps_B^-1 is a rejection, not a rate above 1


def test_a_table_row_whose_share_of_codes_in_use_is_not_its_count_over_its_codebook() -> None:
    text = ("| run    | K    | perplexity | used codes   |\n"
            "|--------|------|------------|--------------|\n"
            "| cb_256 | 256  | 201.4      | 240 (93.8%)  |\n"
            "| cb_2k  | 2048 | 1391.0     | 1506 (81.9%) |\n")
    assert _of("inconsistent_numbers", text) == [4]  # 1506 / 2048 is 73.5%
    assert not _of("inconsistent_numbers", text.replace("81.9%", "73.5%"))


def test_a_verdict_against_the_default_whose_number_stands_in_brackets_on_the_line_above() -> None:
    text = ("[search] best config: trial 12, val_loss 0.2861 (default config 0.2790)\n"
            "[search] the searched config improves on the default; saving it\n")
    assert _of("comparison_direction", text) == [2]  # a loss is lower-better: 0.2861 is worse than 0.2790
    assert not _of("comparison_direction", text.replace("0.2861", "0.2702"))


def test_a_local_p0_field_beside_the_significance_it_should_give() -> None:
    text = "local p0   : 2.1e-2 (Z_local = 3.05)\n"
    assert _of("inconsistent_numbers", text) == [1]  # 2.1e-2 is 2.0 sigma one-sided
    assert not _of("inconsistent_numbers", text.replace("2.1e-2", "1.1e-3"))
