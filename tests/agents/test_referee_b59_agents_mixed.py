"""The referee's readings of agent and pipeline output and of documents people write (issue 23, session ref25d, blind
round 22, b59): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_how_often_out_of_how_many_tries_is_two_counts_not_the_quantity() -> None:
    # "in 87 of 5,000 cases": how many tries did something out of how many, not a pair of significances compared
    text = "Background toys go above this local significance in 87 of 5,000 cases, so p_global = 0.017.\n"
    assert not _of("comparison_direction", text, "lee.md")
    assert not _of("comparison_direction", text.replace("cases", "pseudo-experiments"), "lee.md")
    said = "The observed local significance goes above the expected one: 2.1 sigma against 2.6 sigma.\n"
    assert _of("comparison_direction", said, "lee.md") == [1]


def test_a_quoted_word_the_reviewer_then_denies_is_not_claimed() -> None:
    # the referee quotes the paper's 'significantly', works out the errors and finds it not significant
    text = ('The conclusions say the method "significantly raises the rejection, from 120 to 131".\n'
            "On 20,000 background jets these are 120 +- 3.5 and 131 +- 4.0; the gain of 11 is 2.1 sigma... no, "
            "recomputed it is 1.9 sigma, so the gain is not significant.\n")
    assert not _of("significance_unsupported", text, "review.txt")
    own = text.replace('say the method "significantly raises', 'show the method significantly raises').replace(
        '131".', "131.").replace("so the gain is not significant", "and the rejection is higher")
    assert _of("significance_unsupported", own, "review.txt")


def test_a_word_named_to_be_taken_out_is_not_used() -> None:
    # 'strike "significantly"': the word is named for removal; the paragraph's own verdict (not significant) answers
    text = ("With 20,000 background jets the two rejections are 120 +- 3.5 and 131 +- 4.0.\n"
            "The gain of 11 is 1.9 sigma, so it is not significant at 2 sigma.\n"
            "Please add the error bars or strike \"significantly\" from the conclusions.\n")
    q = "is the rejection gain from 120 to 131 significant at the 2-sigma level?"
    assert answer(q, referee(text, name="review.txt"), text).startswith("No")
    kept = text.replace('strike "significantly" from', 'keep "significantly" in')  # the word kept is used
    assert not answer(q, referee(kept, name="review.txt"), kept).startswith("No")


def test_a_question_whether_the_excess_reaches_a_bar_after_the_trials_correction() -> None:
    text = ("The best window has a local significance of 3.4 sigma.\n"
            "Accounting for all 45 windows with toys gives p_global = 0.041, i.e. Z_global = 1.74.\n")
    q = "after the look-elsewhere correction, does the excess reach 2 sigma?"
    assert answer(q, referee(text, name="scan.txt"), text).startswith("No")
    assert answer(q.replace("2 sigma", "1.5 sigma"), referee(text, name="scan.txt"), text).startswith("Yes")
