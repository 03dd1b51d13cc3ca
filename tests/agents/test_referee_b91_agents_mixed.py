"""The referee's readings of mostly agent-written output (issue 23, session ref30d, blind round 30, b91): eval-framework
panels, spec files, research-assistant answers, pull-request descriptions, a thesis corrections response. Each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_codebook_column_named_with_its_symbol_gives_the_size_a_perplexity_is_bounded_by() -> None:
    text = ("| run | codebook K | perplexity |\n"
            "|---|---:|---:|\n"
            "| small | 256 | 301.5 |\n"
            "| large | 2048 | 1410.2 |\n")
    assert _of("impossible_value", text) == [3]
    assert not _of("impossible_value", text.replace("301.5", "201.5"))


def test_many_times_the_uncertainty_is_a_significance_judged_by_the_test_sets_own_errors() -> None:
    text = ("Both taggers were scored on 400 signal + 400 background jets. The new one reaches AUC 0.8712 ± 0.0009 against\n"
            "0.8641 ± 0.0010 for the old, a gain of 0.0071, several times the statistical uncertainty.\n")
    assert _of("significance_unsupported", text)
    # on a test set that allows errors that small the gain is well measured
    big = text.replace("400 signal + 400 background", "400,000 signal + 400,000 background")
    assert not _of("significance_unsupported", big)


def test_a_significant_pair_is_judged_by_errors_no_smaller_than_its_test_set_allows() -> None:
    text = ("On 600 + 600 held-out jets the retrained model gets AUC 0.8420 ± 0.0008 against 0.8355 ± 0.0009 for the old, "
            "a significant gain.\n")
    assert _of("significance_unsupported", text)
    assert not _of("significance_unsupported", text.replace("600 + 600", "600,000 + 600,000"))


def test_an_injected_signal_fraction_column_marks_its_zero_row_as_the_control() -> None:
    text = ("| injected s/b in window | region AUC | local Z |\n"
            "|---|---|---|\n"
            "| 0 | 0.561 ± 0.006 | 0.2σ |\n"
            "| 1% | 0.702 ± 0.008 | 6.1σ |\n")
    assert _of("control_vs_null", text) == [3]
    assert not _of("control_vs_null", text.replace("0.561 ± 0.006", "0.503 ± 0.006"))


def test_two_percent_changes_each_with_its_own_bracketed_pair_are_each_checked() -> None:
    text = "The new tagger wins at both points: R50 is 12% higher (448 vs 400), and R30 is 50% higher (1500 vs 1200).\n"
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("50% higher", "25% higher"))


def test_a_reasoning_column_is_read_as_the_rows_prose() -> None:
    text = ("| Statement | Confidence | Reasoning |\n"
            "|---|---|---|\n"
            "| Model A beats B | High | In the main study A has AUC 0.9211 ± 0.0030 vs B 0.9190 ± 0.0030, so A is "
            "significantly better |\n")
    assert _of("significance_unsupported", text) == [3]


def test_a_run_on_a_share_of_the_training_set_is_another_run_than_the_full_one() -> None:
    text = ("- With all the training data the graph net reaches R50 = 212.\n"
            "- At 5% of the training set, the graph net's R50 (131) trails the transformer's (118).\n")
    assert not _of("inconsistent_numbers", text)


def test_an_efficiency_with_its_rejection_symbol_in_brackets_is_the_working_point() -> None:
    [c] = extract("Taggers are ranked by the rejection 1/ε_B at a fixed efficiency, ε_S = 0.3 (R30) or 0.5 (R50).\n")
    assert [(v.shown, v.quantity) for v in c.values] == [("0.3", "efficiency"), ("0.5", "efficiency")]
    assert not _of("impossible_value", "Taggers are ranked by the rejection 1/ε_B at ε_S = 0.3 (R30) or 0.5 (R50).\n")


def test_s_over_root_b_is_a_significance_not_the_efficiency_named_before_it() -> None:
    text = "At s/b = 1% the 0.2%-efficiency cut on the score raises S/√B from 1.3 to 2.9 on the sample with signal.\n"
    assert not found(text)
    # a rough s/sqrt(b) beside a p-value is no restatement of it; the p-value is still held to its own significance
    text = "In the window: 210 seen over 171.0 expected, local p = 1.0e-3, i.e. 3.1 sigma (a naive s/sqrt(b) gives 2.4).\n"
    assert not _of("inconsistent_numbers", text)
    assert _of("inconsistent_numbers", text.replace("3.1 sigma", "3.9 sigma")) == [1]


def test_a_quoted_comment_that_asks_a_question_claims_nothing() -> None:
    text = ('**2. (Reviewer B)** *"Section 3 calls the autoencoder\'s compression \'lossless\'. Is that so?"*\n'
            "\n"
            "Reply: no; its reconstruction has a 2.4% relative mass resolution, and the word is gone from the text.\n")
    assert not _of("absolute_words", text)
    # said in the report's own voice, the word is its claim
    own = text.replace('*"Section 3 calls', "Section 3 calls").replace('Is that so?"*', "We keep it.")
    assert _of("absolute_words", own)


def test_a_bar_asked_as_n_sigma_or_more_after_the_scan_correction_is_answered_by_the_global_number() -> None:
    text = ("The biggest bump has a local significance of 3.1σ. Over the 40 windows scanned, toys give a global p of 0.08,\n"
            "i.e. a global significance of 1.4σ.\n")
    ref = referee(text, "notes.txt")
    q = "After correcting for all 40 scanned windows, is the biggest bump still at 2 sigma or more?"
    assert answer(q, ref, text).startswith("No")
    assert answer(q.replace("2 sigma or more", "1 sigma or more"), ref, text).startswith("Yes")

