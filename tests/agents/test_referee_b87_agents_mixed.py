"""The referee's readings of mostly agent-written output (issue 23, session ref29d, blind round 29, b87): bot replies in
issue threads, workflow digests, terminal agent loops, REPL sessions, slide decks. Each test a general reading, in
words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_an_issue_number_after_a_hash_is_no_value_of_the_quantity_before_it() -> None:
    text = ("# Region classifier gives AUC ≠ 0.5 with no signal injected? #873\n"
            "\n"
            "I ran the background-only training: AUC 0.497 ± 0.004 over four folds, within 1σ of 0.5.\n")
    assert not _of("control_vs_null", text)


def test_a_control_six_errors_from_half_is_not_random_even_when_the_gap_is_a_hundredth() -> None:
    text = ("Background-only check (no signal injected): the region classifier gets AUC 0.489 ± 0.0015 over the folds,\n"
            "which is compatible with 0.5, so the regions look alike.\n")
    assert _of("control_vs_null", text)
    # within its error of 0.5 it is what a null gives
    assert not _of("control_vs_null", text.replace("0.489 ± 0.0015", "0.498 ± 0.0015"))


def test_a_sentence_after_a_control_that_injects_signal_is_not_the_control() -> None:
    text = ("- No-signal check (S/B = 0): AUC 0.497 ± 0.004, consistent with 0.5. Signal run (S/B = 0.8%): AUC climbs to "
            "0.603 ± 0.005 and the bump shows up at 3.2σ local.\n")
    assert not _of("control_vs_null", text)


def test_numbers_under_two_sibling_bold_titles_are_two_variants_not_one_stated_twice() -> None:
    text = ("Working points on the held-out jets:\n"
            "\n"
            "**Medium WP**\n"
            "- QCD mistag rate: 0.0150 ± 0.0025\n"
            "\n"
            "**Very-tight WP**\n"
            "- QCD mistag rate: 0.64% ± 0.11%\n")
    assert not _of("inconsistent_numbers", text)
    # under one title the two are one rate stated twice
    assert _of("inconsistent_numbers", text.replace("**Very-tight WP**", "**Medium WP**"))


def test_a_p_value_inside_an_inverse_normal_is_read_with_the_significance_it_equals() -> None:
    text = ("The second window has p_local = 4.0e-4.\n"
            "One-sided: Z = Φ⁻¹(1 − 4.0 × 10⁻⁴) ≈ 3.9σ.\n")
    assert _of("inconsistent_numbers", text) == [2]
    # 4.0e-4 one-sided is 3.35 sigma: said right, nothing to flag
    assert not _of("inconsistent_numbers", text.replace("3.9σ", "3.35σ"))


def test_letting_through_fewer_background_jets_is_the_lower_share_in_brackets() -> None:
    text = "- Candidate B lets through fewer QCD jets than candidate A at 40% signal efficiency (4.6% vs 3.9%).\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("(4.6% vs 3.9%)", "(3.9% vs 4.6%)"))


def test_unbiased_after_a_cut_beside_a_row_whose_mean_moves_beyond_its_errors() -> None:
    text = ("| Tagger | mean jet mass, all QCD | mean jet mass, QCD passing the cut |\n"
            "|---|---|---|\n"
            "| Plain | 48.0 ± 0.1 GeV | 71.2 ± 0.5 GeV |\n"
            "| Flat | 48.0 ± 0.1 GeV | 53.9 ± 0.3 GeV |\n"
            "\n"
            "- With Flat the QCD mass after the cut is unbiased.\n")
    assert _of("absolute_words", text) == [6]
    # a mean that stays within its errors is what 'unbiased' says
    assert not _of("absolute_words", text.replace("53.9 ± 0.3", "48.3 ± 0.3"))


def test_significant_at_a_sigma_level_asks_the_gain_of_the_table_row_at_that_percentage() -> None:
    text = ("Fine-tuning results on 3,000 signal + 3,000 background test jets.\n"
            "\n"
            "| Label share | From scratch AUC | Fine-tuned AUC |\n"
            "|---|---|---|\n"
            "| 2% | 0.9420 | 0.9445 |\n"
            "| 20% | 0.9610 | 0.9618 |\n")
    ref = referee(text, "notes.md")
    q = "On the 3,000 + 3,000 test jets, is the 2%-label AUC gain from fine-tuning significant at the 2-sigma level?"
    assert answer(q, ref, text).startswith("No")
