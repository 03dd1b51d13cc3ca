"""The referee's readings of documents people write (issue 23, session ref23w, blind round 17, b39): each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


def test_a_gloss_of_the_top_of_the_scale_as_perfect_claims_nothing_of_a_measured_number() -> None:
    text = "Cheat sheet, ROC basics\n- accuracy = 0.5 => pure guessing, accuracy = 1 => perfect.\n"
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    # said of a number some tagger reached, the word is still held against it
    said = "Cheat sheet, ROC basics\n- our tagger reached accuracy 0.81 -> perfect.\n"
    assert [r for r in _rules(said) if r[0] == "absolute_words"]


def test_an_auc_below_one_half_explained_as_exchanged_labels_is_no_overlooked_inversion() -> None:
    for why in ("Flipping the two classes gave 0.63, as 1 - 0.37 should.",
                "A lab exercise uses it to teach what a label swap looks like."):
        text = f"The first pass of the classifier returned an AUC of 0.37.\n{why}\n"
        assert not [r for r in _rules(text) if r[0] == "auc_below_half"], why
    # with no word of why, it is still named
    bare = "The first pass of the classifier returned an AUC of 0.37.\nWe moved on to the next study.\n"
    assert [r for r in _rules(bare) if r[0] == "auc_below_half"]


def test_a_bar_with_the_measured_value_beside_it_is_compared_the_right_way_round() -> None:
    text = "The vendor promises a mass resolution no worse than 8% (measured: 5.5%) on the acceptance sample.\n"
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    # a measured value that misses the bar is still named
    miss = "The vendor promises a mass resolution no worse than 8% (measured: 9.5%) on the acceptance sample.\n"
    assert [r for r in _rules(miss) if r[0] == "comparison_direction"]


def test_an_absolute_word_under_a_denied_promise_is_no_claim() -> None:
    text = ("The mass resolution after decoding is 5%.\n"
            "We give no guarantee that every event is exactly reconstructed.\n")
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    said = "The mass resolution after decoding is 5%.\nEvery event is exactly reconstructed.\n"
    assert [r for r in _rules(said) if r[0] == "absolute_words"]


def test_words_quoted_as_what_others_said_are_not_the_writers_claim() -> None:
    text = ("The mass resolution of the tokenizer is 7%.\n"
            "Some colleagues said at the meeting that it was \"essentially lossless\"; it is not.\n")
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    mine = "The mass resolution of the tokenizer is 7%.\nThe tokenizer is \"essentially lossless\".\n"
    assert [r for r in _rules(mine) if r[0] == "absolute_words"]


def test_a_change_of_a_thing_named_after_another_quantitys_number_is_not_of_that_quantity() -> None:
    text = ("The tokenizer reached a perplexity of 640, and a decoder mismatch score that went down from 0.092 to 0.071 "
            "over training.\n")
    c = extract(text)[0]
    assert [v.quantity for v in c.values if v.shown in ("0.092", "0.071")] == ["", ""]
    assert all(v.role == "result" for v in c.values if v.shown == "0.071")
    assert not [r for r in _rules(text) if r[0] in ("inconsistent_numbers", "impossible_value")]


def test_the_significance_a_discovery_would_need_is_no_discovery_claimed() -> None:
    text = ("The bump at 2.9 TeV is the largest one, well short of the five standard deviations experimenters need to "
            "claim a discovery.\n")
    assert not [r for r in _rules(text) if r[0] == "discovery_without_evidence"]
    claimed = "We claim a discovery of a new boson at 1.8 TeV.\n"
    assert [r for r in _rules(claimed) if r[0] == "discovery_without_evidence"]


def test_a_number_after_a_range_of_others_is_of_the_ranges_quantity() -> None:
    text = ("The other groups got an AUC between 0.66 and 0.79 on the shared sample.\n"
            "Our entry landed at 0.44, and we are pleased to call it the strongest of the lot.\n")
    assert ("auc_below_half", 2) in _rules(text)
    # a number of another kind after such a range is left alone
    other = ("The other groups got an AUC between 0.66 and 0.79 on the shared sample.\n"
             "Our entry took 44 minutes to train.\n")
    assert not [r for r in _rules(other) if r[0] == "auc_below_half"]


def test_a_significance_off_the_one_sided_reading_is_not_rescued_by_a_loose_two_sided_one() -> None:
    text = "The local p-value is 2.0 x 10^-4, which corresponds to a local significance of 3.9 standard deviations.\n"
    assert [r for r in _rules(text) if r[0] == "inconsistent_numbers"]  # one-sided 3.5, two-sided 3.7
    exact = "The local p-value is 2.0 x 10^-4, which corresponds to a local significance of 3.5 standard deviations.\n"
    assert not [r for r in _rules(exact) if r[0] == "inconsistent_numbers"]
    two = "The p-value is 0.0027, which corresponds to 3.0 standard deviations.\n"  # the two-sided conversion itself
    assert not [r for r in _rules(two) if r[0] == "inconsistent_numbers"]


def test_a_verdict_with_no_numbers_after_an_old_and_a_new_pair_is_checked_against_them() -> None:
    text = ("At 50% signal efficiency the old selection had a fake rate of 2.0% (rejection 50) and Mk2 has 2.5% "
            "(rejection 40).\nThe team therefore delivered a better rejection, as planned.\n")
    assert [r for r in _rules(text) if r[0] == "comparison_direction"]
    good = text.replace("2.5% ", "1.6% ").replace("(rejection 40)", "(rejection 62)")
    assert not [r for r in _rules(good) if r[0] == "comparison_direction"]


def test_an_acceptance_measured_on_a_sample_named_the_sentence_before_gets_its_binomial_error() -> None:
    text = ("We measured the background acceptance on a separate sample of 2,000 QCD jets.\n"
            "The acceptance was 0.050 +/- 0.0004, well in line with the simulation.\n")
    assert [r for r in _rules(text) if r[0] == "uncertainty_vs_sample_size"]
    fair = text.replace("+/- 0.0004", "+/- 0.005")
    assert not [r for r in _rules(fair) if r[0] == "uncertainty_vs_sample_size"]


def test_a_question_on_the_excess_after_the_look_elsewhere_correction_reads_the_global_number() -> None:
    text = ("Scan over 40 mass windows: the largest excess, at 1.7 TeV, has a local significance of 3.1 sigma.\n"
            "Pseudo-experiments give a global p = 0.21, so global Z = 0.8.\n")
    said = answer("is the 1.7 TeV excess significant after the look-elsewhere correction?", referee(text), text)
    assert said.startswith("No") and "0.8" in said


def test_a_precision_stated_alone_is_held_against_the_count_and_the_reports_own_values() -> None:
    text = ("| model | accuracy |\n|---|---|\n| A | 0.731 |\n| B | 0.752 |\n\n"
            "On 600 test jets the accuracy is known to about ±0.2%, so the ranking is firm.\n")
    assert ("uncertainty_vs_sample_size", 6) in _rules(text)
    fair = text.replace("±0.2%", "±2%")
    assert not [r for r in _rules(fair) if r[0] == "uncertainty_vs_sample_size"]


def test_an_energy_written_as_the_kind_of_jet_is_no_resolution() -> None:
    c = extract("The old calibration gives a mass resolution for a typical 250 GeV jet of 14%.\n")[0]
    assert [(v.quantity, v.role) for v in c.values if v.shown == "250 GeV"] == [("", "setting")]
    assert [v.quantity for v in c.values if v.shown == "14%"] == ["resolution"]


def test_a_change_in_percent_whose_ends_stand_in_the_two_sentences_before_must_follow_from_them() -> None:
    text = ("Before the upgrade the mass resolution was 10%.\nAfter it we measure 8%.\n"
            "The spread fell: a 50% better resolution for the same jets.\n")
    assert [r for r in _rules(text) if r[0] == "inconsistent_numbers"]
    fair = text.replace("a 50% better", "a 20% better")
    assert not [r for r in _rules(fair) if r[0] == "inconsistent_numbers"]
