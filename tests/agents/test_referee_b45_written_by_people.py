"""The referee's readings of documents people write (issue 23, session ref23ac, blind round 19, b45: letters, chats,
wiki pages, flashcards, diaries, transcripts): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules


def _rules_of(text: str, rule: str, name: str = "notes.txt") -> list[int]:
    return [line for r, line in _rules(text, name) if r == rule]


def test_an_answer_given_in_sigma_keeps_its_own_quantity() -> None:
    # a card asks what a p-value is in sigma; its answer "1.28 sigma" is a significance, not a p-value above 1
    text = "Q: A one-sided p = 0.10 is how many sigma?\t1.28 sigma. Two-sided it would be 1.64 sigma.\tstats\n"
    assert not _rules_of(text, "impossible_value")
    # an answer that gives a bare number for a p-value is still read as the p-value the question asks for
    assert _rules_of("Q: What p-value did the fit return?\t1.35, from the toy ensemble.\tstats\n", "impossible_value") == [1]


def test_a_count_shared_out_each_names_no_sample() -> None:
    # "(80k jets each)" and "(80k each)" give a size, not a name: a decoded-vs-original AUC and a same-sample control
    # AUC are two tests, not one number given twice
    text = ("We separate original jets from encoded-and-decoded ones (80k jets each) with AUC = 0.712 +/- 0.002.\n"
            "\n"
            "Two disjoint halves of the original sample (80k each) give AUC = 0.4991 +/- 0.0020.\n")
    assert not _rules_of(text, "inconsistent_numbers")
    # a word that does name the sample still makes the two one object's numbers, given twice
    named = text.replace("(80k jets each)", "(80k Herwig jets each)").replace("(80k each)", "(80k Herwig jets each)")
    assert _rules_of(named, "inconsistent_numbers")


def test_a_word_refused_is_not_claimed() -> None:
    # "declines to call the encoder lossless" denies the word; the resolution beside it contradicts nothing
    text = ("In this talk Ida explains why she declines to call her encoder lossless.\n"
            "After decoding the relative mass resolution is 4.1%, which is fine for tagging.\n")
    assert not _rules_of(text, "absolute_words")
    assert _rules_of(text.replace("declines to call her encoder lossless", "calls her encoder lossless"), "absolute_words")


def test_the_same_sample_on_both_sides_of_vs_is_a_control() -> None:
    # "Pythia vs Pythia": one sample against itself, a null test whose AUC must sit at 0.5
    text = ("The decoded-vs-original classifier reaches AUC = 0.688 +/- 0.002, so decoding is visible.\n"
            "\n"
            "   * Pythia vs Pythia (disjoint halves, 90k each): AUC = 0.5011 +/- 0.0015, at 0.5 as it should be.\n")
    roles = [v.role for c in extract(text, "markdown") for v in c.values if v.shown == "0.5011"]
    assert roles == ["control"]
    ref = referee(text, name="page.md")
    assert answer("is the Pythia-vs-Pythia control AUC consistent with 0.5?", ref, text).startswith("Yes")
    # two different samples are a test, not a control
    other = text.replace("Pythia vs Pythia", "Pythia vs Herwig")
    assert [v.role for c in extract(other, "markdown") for v in c.values if v.shown == "0.5011"] == ["result"]


def test_two_cards_posing_cases_are_two_exercises() -> None:
    # each card's premise ("... gives AUC 0.52. Meaning?") is a case posed, not the report's result: two cards with
    # two AUCs of the same test contradict nothing
    text = ("#separator:tab\n"
            "A jet-vs-jet two-sample test gives AUC 0.52. Meaning?\tClose to 0.5: the samples are hard to tell apart.\tcard\n"
            "A jet-vs-jet two-sample test gives AUC 0.81. Meaning?\tFar from 0.5: the samples differ.\tcard\n")
    assert not _rules_of(text, "inconsistent_numbers")
    stated = text.replace(". Meaning?", ".").replace("#separator:tab\n", "")
    assert _rules_of(stated, "inconsistent_numbers")


def test_a_below_half_auc_quoted_again_after_its_explanation() -> None:
    # the first sentence gives the AUC, the next says its labels were exchanged, the third names the same number again
    text = ("- One validation fold gave AUC = 0.44 at first. Its class labels were swapped in that fold, so\n"
            "  the score ranked background first. The number 0.44 was therefore never used.\n")
    assert not _rules_of(text, "auc_below_half")
    # with no explanation, the repeated number is still an inverted score
    bare = text.replace("Its class labels were swapped in that fold, so\n  the score ranked background first. ",
                        "It was a long day.\n  ")
    assert _rules_of(bare, "auc_below_half")


def test_a_new_particle_that_could_do_something_is_no_claim() -> None:
    # "only a new particle can produce such a difference" says what the method is sensitive to, at any significance
    text = ("The search uses no signal model: only a new particle can make the window separable from its sidebands.\n"
            "The largest local excess is 2.0 sigma, 0.9 sigma after the look-elsewhere effect.\n")
    assert not _rules_of(text, "discovery_without_evidence")
    assert _rules_of(text.replace("only a new particle can make", "we found a new particle that makes"),
                     "discovery_without_evidence")


def test_our_side_against_the_standard_one_of_the_sentence_before() -> None:
    # "our method" is named by another word than its number's label; the standard side is the other one
    text = ("The core width is 6.3 GeV with the graph network and 5.1 GeV with the standard trimmed mass.\n"
            "So our method gives the narrower peak of the two.\n")
    assert _rules_of(text, "comparison_direction") == [2]
    right = text.replace("6.3 GeV with the graph network and 5.1 GeV", "4.8 GeV with the graph network and 5.1 GeV")
    assert not _rules_of(right, "comparison_direction")


def test_a_change_against_an_unnamed_value_it_is_set_against() -> None:
    # "31.0, a reduction of 25% with respect to the earlier value of 35.2": the earlier value is the rejection's other end
    text = "After the fix the rejection at 40% efficiency is 31.0, a reduction of 25% with respect to the earlier value of 35.2.\n"
    assert _rules_of(text, "inconsistent_numbers") == [1]
    assert not _rules_of(text.replace("25%", "12%"), "inconsistent_numbers")


def test_significant_for_a_small_change_of_a_significance() -> None:
    # the change of the significance itself, with no uncertainty, is not a significant change
    text = ("Swapping the network for a gradient-boosted ensemble gave a significant improvement: the expected\n"
            "local significance for the benchmark rose from 2.2 to 2.5 sigma.\n")
    assert _rules_of(text, "significance_unsupported")
    assert not _rules_of(text.replace("from 2.2 to 2.5 sigma", "from 1.1 to 5.6 sigma"), "significance_unsupported")


def test_significant_is_said_of_the_last_change_before_it() -> None:
    # a loss pair and then an accuracy pair: 'significant' is said of the accuracy change, judged on 4,000 jets
    text = ("On the 4,000-jet validation split the loss is 0.5102 instead of 0.5150 and the accuracy went from 81.2%\n"
            "to 81.6% - a significant gain.\n")
    assert _rules_of(text, "significance_unsupported")
    big = text.replace("4,000-jet", "4,000,000-jet").replace("81.6%", "83.6%")
    assert not _rules_of(big, "significance_unsupported")


def test_a_relative_pt_error_after_decoding_is_a_resolution() -> None:
    # "lossless" beside a relative pT error of decoded constituents: an information loss
    text = ("The encoding is lossless: decoding returns the constituents with a mean relative pT error of 2.7%.\n")
    assert _rules_of(text, "absolute_words") == [1]
    assert not _rules_of(text.replace("is lossless", "is not lossless"), "absolute_words")


def test_perfect_yet_said_to_vary_across_bins() -> None:
    # a flatness called perfect while the same sentence gives it a spread of half its size
    text = "The mass decorrelation is perfect: the QCD efficiency varies only between 1.8% and 2.9% across the mass bins.\n"
    assert _rules_of(text, "absolute_words") == [1]
    assert not _rules_of(text.replace("1.8% and 2.9%", "2.40% and 2.45%"), "absolute_words")


def test_a_whole_sigma_said_to_be_approximate_is_a_rounding() -> None:
    # "at the ~2σ level" beside p = 0.010 (2.33σ one-sided): a whole number said to be approximate, rounded
    text = "So the gain is significant at the ~2σ level (p ≈ 0.010 one-sided).\n"
    assert not _rules_of(text, "inconsistent_numbers")
    assert _rules_of(text.replace("~2σ", "~4σ"), "inconsistent_numbers") == [1]


def test_the_one_over_a_rate_worked_out_is_no_rejection_of_one() -> None:
    # "1/0.050 ≈ 20": the 1 is the numerator of the inverse worked out, not a rejection of 1
    text = "Answer: mistag rate = (5.0 ± 0.3)%, i.e. a light-jet rejection of 1/0.050 ≈ 20.\n"
    assert not _rules_of(text, "inconsistent_numbers")
    assert _rules_of(text.replace("≈ 20", "≈ 40"), "inconsistent_numbers") == [1]


def test_an_adverb_between_the_pronoun_and_the_comparative() -> None:
    # "It is certainly not a better tagger than the 0.85 ...": the pronoun is the side, the number after 'than' the other;
    # the complement worked out in the next clause is no side
    text = ("The raw score gives AUC 0.30 on the test jets. It is certainly not a better tagger than the 0.85 of the BDT,\n"
            "and not a new one either: flipping it gives AUC = 1 − 0.30 = 0.70.\n")
    assert not _rules_of(text, "comparison_direction")
    # the pronoun's side is still the sentence before: 0.80 is better than 0.75, whatever the adverb
    wrong = "The new tagger gives AUC 0.80 on the test jets. It is certainly not a better tagger than the 0.75 of the BDT.\n"
    assert _rules_of(wrong, "comparison_direction") == [1]


def test_a_speed_factor_is_no_factor_of_the_auc() -> None:
    # "12 times faster than model A, and its AUC of 0.70": the factor is a speed, not the ratio of the AUCs beside it
    text = ("Model A gives AUC = 0.52 and model B gives AUC = 0.70.\n"
            "Model B is about 12 times faster than model A, and its AUC of 0.70 is the higher one.\n")
    assert not _rules_of(text, "inconsistent_numbers")
    assert _rules_of("Its rejection is 12 times higher than the old one: 40 vs 20.\n", "inconsistent_numbers") == [1]


def test_a_count_per_class_without_the_word_jets_is_the_test_set() -> None:
    # "(Hanley-McNeil, 250k per class)": the test set's size, so ± 0.001 on an AUC of 0.742 is what it allows
    text = "Baseline: AUC 0.742 +/- 0.001 (Hanley-McNeil, 250k per class).\n"
    assert not _rules_of(text, "uncertainty_vs_sample_size")
    assert _rules_of(text.replace("250k", "2.5k"), "uncertainty_vs_sample_size") == [1]
