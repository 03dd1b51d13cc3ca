"""The referee's readings of documents people write (issue 23, session ref23y, blind round 18, b41): each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from tests.agents.referee_rules import found as _rules


def test_a_proportion_out_of_a_hundred_thousand_keeps_its_whole_total() -> None:
    text = ("The bump-hunt found its largest bump at 2.7 TeV, with a local significance of 4.0 standard deviations,\n"
            "a local p-value of roughly 3 in a hundred thousand.\n")
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]
    p = [v for c in extract(text) for v in c.values if v.quantity == "p_value"]
    assert p and abs(p[0].value - 3e-5) < 1e-9
    # "3 in a hundred" alone is still 3%
    short = "The mistag was about 3 in a hundred on the control jets.\n"
    assert [v.shown for c in extract(short) for v in c.values] == ["3%"]


def test_perfection_supposed_in_an_if_clause_calls_no_measured_number_perfect() -> None:
    text = ("To check the simulation we train a discriminator on generated against detector-level jets. If the generator\n"
            "were perfect, that discriminator would be reduced to guessing, and its AUC would be 0.5.\n")
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    # the word said of the measured number is still held against it
    said = "Our generator is perfect: the discriminator reaches an AUC of 0.71 on detector-level jets.\n"
    assert [r for r in _rules(said) if r[0] == "absolute_words"]


def test_an_auc_below_one_half_put_down_to_labels_entered_backwards_is_no_overlooked_inversion() -> None:
    text = ("A student team reported an AUC of 0.41 for their b-tagger, since they had typed the labels in backwards.\n"
            "Nobody minded.\n")
    assert not [r for r in _rules(text) if r[0] == "auc_below_half"]
    bare = "A student team reported an AUC of 0.41 for their b-tagger, and they were proud of it.\nWe moved on.\n"
    assert [r for r in _rules(bare) if r[0] == "auc_below_half"]


def test_a_count_of_jets_of_a_named_boson_is_a_sample_size_not_a_change() -> None:
    text = ("We requested the tagging efficiency (D2 < 1.3 and 70 < m < 100 GeV) in four pT bins, with their statistical\n"
            "errors, from at least 20,000 simulated Z jets per bin.\n")
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]
    sizes = [v for c in extract(text) for v in c.values if v.shown == "20,000"]
    assert sizes and sizes[0].role == "size"


def test_a_comparison_ending_in_as_well_still_finds_its_two_sides() -> None:
    text = ("At 40% signal efficiency the graph tagger has a light-jet mistag of 2.3%, while the cut-based tagger had 1.7%,\n"
            "so the graph tagger gives the smaller mistag as well.\n")
    assert [r for r in _rules(text) if r[0] == "comparison_direction"]
    right = text.replace("2.3%", "1.2%")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]


def test_a_bare_number_in_the_clause_about_the_other_side_is_of_the_quantity_named_before() -> None:
    text = ("On the shared test set our tagger scored an accuracy of 0.874, while the benchmark model from the organisers\n"
            "scored 0.871 on the same jets. Our tagger is thus significantly better than the benchmark model.\n"
            "Both figures come from one training each.\n")
    values = [v for c in extract(text) for v in c.values if v.shown == "0.871"]
    assert values and values[0].quantity == "accuracy"
    assert [r for r in _rules(text) if r[0] == "significance_unsupported"]
    # a number that is no side's score (what the clause names 'was') keeps no name
    other = "Our tagger scored an accuracy of 0.874, while the share of jets it could not label was 0.031 on the same set.\n"
    assert [v.quantity for c in extract(other) for v in c.values if v.shown == "0.031"] == [""]


def test_a_rebuilt_value_missing_its_input_is_a_loss_beside_lossless() -> None:
    text = ("Our autoencoder is lossless: every event is squeezed into a code and unpacked again.\n"
            "Over 80,000 validation jets the decoded jet mass differs from the input by 1.9% on average.\n")
    assert ("absolute_words", 1) in _rules(text)
    # a change between two runs, said with 'differs by', is no reconstruction's miss
    runs = "Our autoencoder is lossless.\nThe training time of the second run differs from the first by 1.9%.\n"
    assert not [r for r in _rules(runs) if r[0] == "absolute_words"]


def test_a_factor_said_as_a_verb_is_checked_against_its_two_ends() -> None:
    text = "The new selection moved the light-jet rejection from 40 to 55, doubling the rejection.\n"
    assert ("inconsistent_numbers", 1) in _rules(text)
    right = "The new selection moved the light-jet rejection from 40 to 82, doubling the rejection.\n"
    assert not [r for r in _rules(right) if r[0] == "inconsistent_numbers"]
    # a verb whose object is no quantity states no factor of the ends
    other = "The AUC went from 0.912 to 0.915 after doubling the training sample.\n"
    assert not [r for r in _rules(other) if r[0] == "inconsistent_numbers"]


def test_a_tagger_named_by_its_inputs_gives_no_count_of_constituents() -> None:
    text = "The rejection went from 75 with the constituent-level baseline to 96 with the graph network.\n"
    values = [(v.shown, v.quantity) for c in extract(text) for v in c.values]
    assert ("96", "rejection") in values


def test_a_quantity_named_before_the_second_number_with_its_unit_names_that_number_alone() -> None:
    text = "After the correction the peak lies at 91.0 GeV, a scale of 0.98, and the resolution is 7.5 GeV.\n"
    values = {v.shown: v.quantity for c in extract(text) for v in c.values}
    assert values["7.5 GeV"] == "resolution" and values["0.98"] != "resolution"


def test_an_unnamed_fraction_with_an_error_and_its_own_count_is_held_to_the_binomial_error() -> None:
    text = ("The contractor was to measure the b-tagging efficiency in three eta regions.\n"
            "The forward region is the best documented: 0.55 +/- 0.003 from 300 jets, which we accept.\n")
    assert ("uncertainty_vs_sample_size", 2) in _rules(text)
    honest = text.replace("0.003", "0.029")
    assert not [r for r in _rules(honest) if r[0] == "uncertainty_vs_sample_size"]
    # where the report names an AUC too, an unnamed number may be either, and is left alone
    mixed = text.replace("b-tagging efficiency", "b-tagging efficiency and the AUC")
    assert not [r for r in _rules(mixed) if r[0] == "uncertainty_vs_sample_size"]


def test_a_narrower_width_against_the_old_side_takes_the_widths_of_the_sentences_before() -> None:
    text = ("For the legacy unfolding, the dijet peak had a resolution of 11.2 GeV.\n"
            "We then switched to a learned unfolding. With that, the resolution was 12.6 GeV.\n"
            "So the learned unfolding yields a narrower peak than the legacy unfolding.\n")
    assert [r for r in _rules(text) if r[0] == "comparison_direction"]
    right = text.replace("12.6 GeV", "9.4 GeV")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]
