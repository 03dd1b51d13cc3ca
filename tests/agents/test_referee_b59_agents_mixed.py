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


def test_a_comparative_said_of_every_pair_after_it_holds_for_each() -> None:
    # "lower ... at all three working points: a vs b, c vs d and e vs f": one pair the other way contradicts it
    text = ("Model B has the lower mistag at all three working points: 0.011 vs 0.013, 0.027 vs 0.031 and "
            "0.064 vs 0.059.\n")
    assert _of("comparison_direction", text, "cmp.md") == [1]
    fixed = text.replace("0.064 vs 0.059", "0.059 vs 0.064")
    assert not _of("comparison_direction", fixed, "cmp.md")


def test_efficiencies_listed_after_at_are_working_points() -> None:
    # "1/eps_B at signal efficiency 0.4 and 0.6": both numbers are where the rejection is taken, not rejections
    text = "Please quote the background rejection 1/eps_B at signal efficiency 0.4 and 0.6 for each tagger.\n"
    assert not _of("impossible_value", text, "task.md")
    wrong = "Please quote the background rejection 1/eps_B of 0.4 for each tagger.\n"
    assert _of("impossible_value", wrong, "task.md") == [1]


def test_a_relative_reduction_named_after_it_is_of_the_old_value() -> None:
    # "a 33% relative reduction in QCD mistag" from 0.080 to 0.060: the change names its quantity after it, and a
    # reduction is taken of the old, larger value (25%), not of the new one (33%)
    text = ("At 60% top efficiency model A mistags 0.060 of QCD jets vs 0.080 for model B, a 33% relative reduction in "
            "QCD mistag, and the AUC goes 0.912 -> 0.925.\n")
    assert _of("inconsistent_numbers", text, "note.md") == [1]
    assert not _of("inconsistent_numbers", text.replace("a 33% relative", "a 25% relative"), "note.md")
    quoted = ('The press release said the tagger cut the mistag\n"from 0.080 to 0.060, a 33% reduction".\n'
              "The fall from 0.080 to 0.060 is a reduction of 25%.\n")  # another's words, quoted and then corrected
    assert not _of("inconsistent_numbers", quoted, "note.md")


def test_two_class_counts_summed_into_a_named_subset_are_its_test_set() -> None:
    # "the 3000 W + 3000 QCD subset": each class by its count, the set a rate below was measured on
    text = ("Evaluated on the 3000 W + 3000 QCD subset (Herwig).\n"
            "At 50% W efficiency model A mistags 0.052 +- 0.0005 of QCD jets.\n")
    assert _of("uncertainty_vs_sample_size", text, "note.md") == [2]
    assert not _of("uncertainty_vs_sample_size", text.replace("+- 0.0005", "+- 0.004"), "note.md")


def test_one_runs_value_is_not_the_mean_over_runs() -> None:
    # a line led by the run it is of gives that run's number; a record named a mean is another number of the same thing
    text = ("run 1 | baseline  val acc 0.812 | augmented  val acc 0.826\n"
            "run 2 | baseline  val acc 0.805 | augmented  val acc 0.801\n"
            'RESULT: {"acc_augmented_mean": 0.8135, "acc_baseline_mean": 0.8085}\n')
    assert not _of("inconsistent_numbers", text, "log.txt")
    assert _of("inconsistent_numbers", text.replace("_mean", ""), "log.txt") == [1]  # no mean: the same record, twice


def test_a_difference_whose_ends_stand_elsewhere_is_judged_by_their_spreads() -> None:
    # the verdict gives only the gain; the two means it is the difference of, with spreads over seeds, stand above
    text = ("[summary] augmented : mean acc 0.8140, std 0.0127 (3 seeds)\n"
            "[summary] baseline  : mean acc 0.8053, std 0.0065 (3 seeds)\n"
            "INFO - job finished after 1:02:11\n\n$ cat notes/meta.txt\nowner: analysis bot\nqueue: gpu-long\n\n"
            "Verdict: augmentation gives a significant accuracy gain (+0.0087 mean over 3 seeds).\n")
    assert _of("significance_unsupported", text, "log.txt") == [9]
    tight = text.replace("std 0.0127", "std 0.0017").replace("std 0.0065", "std 0.0015")
    assert not _of("significance_unsupported", tight, "log.txt")


def test_clearly_said_before_the_numbers_is_judged_by_the_sentence_that_gives_them() -> None:
    # "X clearly beats Y." with no numbers; the next sentence, pointing back ("Its ..."), gives the pair and errors
    text = ("The graph network clearly beats the CNN on the Herwig sample. Its AUC is higher, AUC = "
            "0.912 +- 0.006 against 0.905 +- 0.007 for the CNN.\n")
    assert _of("absolute_words", text, "summary.md") == [1]
    clear = text.replace("+- 0.006", "+- 0.001").replace("+- 0.007", "+- 0.001")
    assert not _of("absolute_words", clear, "summary.md")


def test_a_word_inside_an_open_whether_question_is_not_claimed() -> None:
    # "decide whether the jets are realistic": a task set, nothing said of the jets; a verdict that says it is judged
    text = ("Objective: decide whether the generated top jets are realistic.\n"
            "Classifier test (real vs generated): AUC = 0.641 +- 0.003\n")
    assert not _of("classifier_test_vs_null", text, "log.txt")
    said = text + "Verdict: the generated top jets are realistic.\n"
    assert _of("classifier_test_vs_null", said, "log.txt") == [2, 3]


def test_the_observable_named_after_a_width_is_what_it_is_of() -> None:
    # "3.4% in relative pT" and "the jet-mass residual width is 5.2%": widths of two observables, no contradiction
    text = ("Summary of the check:\n\n- **Reconstruction:** constituent residual widths are 3.4% in relative pT, 0.013 in\n"
            "  eta and 0.014 in phi; the jet-mass residual width is 5.2%.\n")
    assert not _of("inconsistent_numbers", text, "summary.txt")
    same = text.replace("in relative pT", "in relative mass")  # both of the mass: one of the two is wrong
    assert _of("inconsistent_numbers", same, "summary.txt") == [3, 4]
