"""The referee's readings of mostly agent-written output (issue 23, session ref28h, blind round 27, b79): chat exports,
agent event logs, fact-check articles. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_share_called_perfect_but_off_the_true_share_beyond_its_binomial_error() -> None:
    text = ("# Purity check\n\n"
            "The fraction estimate is perfect: over 50,000 test events the model gives 31.9% signal, against a true "
            "share of 30.0%.\n")
    assert _of("absolute_words", text) == [3]
    # 30.1% against 30.0% on 50,000 events is within the binomial error (0.2%): no finding
    assert not _of("absolute_words", text.replace("31.9%", "30.1%"))


def test_a_hundred_percent_claim_only_asked_about_quoted_or_rejected_is_not_the_reports_own() -> None:
    text = ("# Does the new b-tagger really get it right every time?\n\n"
            "Is it true that the b-tagger works with 100% efficiency?\n\n"
            "A forum post said: \"this tagger finds b jets with 100% efficiency every time.\"\n\n"
            "The notion that the tagger runs at 100% efficiency is wrong.\n\n"
            "In the note the b-jet efficiency is 71.2% at a light mistag of 1%.\n")
    assert not _of("absolute_words", text)
    # the same number stated as the report's own is still judged
    own = text.replace("The notion that the tagger runs at 100% efficiency is wrong.",
                       "The tagger runs at 100% efficiency.")
    assert _of("absolute_words", own) == [own[:own.index("The tagger runs")].count("\n") + 1]


def test_a_significant_gain_between_two_scores_joined_by_vs_after_a_setting_percentage() -> None:
    text = ("All scores are on one test set of 500 top and 500 QCD jets.\n\nResults:\n"
            "- 20% of the training data: 0.902 vs 0.889, a significant gain of 0.013 AUC from the new loss.\n")
    found = [f for f in referee(text, "r.md").findings if f.rule == "significance_unsupported"]
    assert [f.line for f in found] == [4] and "500 + 500" in found[0].message  # judged on the test set: 0.9σ
    # a gain of 0.053 on the same 500 + 500 jets is 3.6σ: no finding
    assert not _of("significance_unsupported", text.replace("0.902", "0.942").replace("0.013", "0.053"))


def test_a_from_to_range_of_the_setting_before_the_change_is_not_the_change() -> None:
    text = ("# Trend\n\n"
            "The advantage of the augmentation drops with more data: from 2% to 20% training data the AUC gap "
            "falls from 0.021 to 0.006.\n")
    comps = [c.comparison for c in referee(text, "r.md").claims if c.comparison is not None]
    assert [c.word for c in comps] == ["fall... from 0.021 to 0.006"]
    assert not _of("comparison_direction", text)


def test_a_question_whose_compared_numbers_come_from_around_it_asserts_no_direction() -> None:
    text = ("Test case 3\n"
            "  - context: LundNet R50 = 1200; ParticleNet R50 = 900\n"
            "  - input: At 50% signal efficiency, does ParticleNet reject light jets better than LundNet?\n"
            "  - output: No, LundNet has the higher rejection (1200 against 900).\n")
    assert not _of("comparison_direction", text, "eval.txt")
    # the same words as a statement are still judged
    said = text.replace("does ParticleNet reject light jets better than LundNet?", "ParticleNet rejects light jets better than LundNet.")
    assert _of("comparison_direction", said, "eval.txt") == [3]


def test_a_question_against_a_coin_flip_is_a_question_against_chance() -> None:
    text = ("# Score check\n\nOn 3,000 signal and 3,000 background test jets the stored output gives AUC 0.31; "
            "the column holds the background probability, so 1 - score gives 0.69.\n")
    q = "Using the output exactly as stored, does it rank signal above background more often than a coin flip would?"
    assert answer(q, referee(text, "r.md"), text).startswith("No")


def test_a_from_to_change_with_a_named_old_end_is_relative_to_that_end() -> None:
    # 1.40 -> 0.95 is 32% less (of the old end, named by 'from'), whatever bracketed name each end carries
    text = "## W1\n\nThe W1 distance on jet mass improved by about 32%: it drops from 1.40 (baseline) to 0.95 (tuned).\n"
    assert not _of("inconsistent_numbers", text)


def test_a_statement_with_a_doubting_question_mark_is_still_judged() -> None:
    text = ("Test case 3\n"
            "  - context: LundNet R50 = 1200; ParticleNet R50 = 900\n"
            "  - so ParticleNet still rejects light jets better than LundNet??\n")
    assert _of("comparison_direction", text, "eval.txt") == [3]
