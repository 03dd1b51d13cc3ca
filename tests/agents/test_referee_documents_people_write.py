"""The referee's readings of documents people write (issue 23, session ref23u, blind round 16): each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import read_numbers
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


def test_a_name_cut_at_the_look_ahead_edge_is_read_whole_with_its_own_equals_sign() -> None:
    row = "run 3      0.9712         0.9709         1/eps_B = 840          5,100 +- 60"
    named = [(v.quantity, v.shown) for v in read_numbers(row)]
    assert ("rejection", "840") in named
    assert ("rejection", "0.9709") not in named  # the name after it is 840's, written with its own '='
    text = ("Vendor  AUC (raw)   AUC (checked)   rejection at eps_S=0.5   jets/s\n" + row + "\n")
    assert not [r for r in _rules(text) if r[0] == "impossible_value"]
    # a rejection that is itself below one is still impossible
    bad = text.replace("1/eps_B = 840", "1/eps_B = 0.84")
    assert [r for r in _rules(bad) if r[0] == "impossible_value"]


def test_a_perfect_classifier_named_as_the_end_of_the_scale_claims_nothing_of_a_measured_one() -> None:
    text = ("Guessing at random gives an AUC of 0.5.\n"
            "A perfect tagger has AUC = 1, and ours sits at 0.93.\n")
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    # said of the measured tagger, the word is held against its number
    said = "Guessing at random gives an AUC of 0.5.\nOur tagger is perfect, with AUC 0.93.\n"
    assert ("absolute_words", 2) in _rules(said)


def test_observation_of_an_everyday_thing_is_no_discovery() -> None:
    text = "CLASSROOM OBSERVATION OF LAB WORK - FEEDBACK SHEET\nStudents fitted the mass peak; AUC 0.91 on 500 jets.\n"
    assert not [r for r in _rules(text) if r[0] == "discovery_without_evidence"]
    # of a signal, with nothing behind it, it still is one
    bump = "We report the observation of a new resonance at 2.1 TeV in the dijet spectrum.\n"
    assert [r for r in _rules(bump) if r[0] == "discovery_without_evidence"]


SPACED_PLAIN_TABLE = ("Results on the 600-jet check sample:\n"
                      "   Method            AUC     mistag rate    rejection 1/mistag\n"
                      "   simple mass cut   0.78    0.080          12.5\n"
                      "   boosted trees     0.88    0.010          100\n"
                      "   point cloud net   0.92    0.020          50\n"
                      "The point cloud net rejects background better than the boosted trees, because its AUC is higher.\n")


def test_a_table_of_bare_numbers_under_names_of_several_words_is_read_as_a_table() -> None:
    rows = [c for c in extract(SPACED_PLAIN_TABLE) if c.kind == "row"]
    assert len(rows) == 3
    assert {(v.quantity, v.shown) for v in rows[1].values} >= {("auc", "0.88"), ("rejection", "100")}


def test_the_quantity_a_reason_clause_names_is_not_the_one_compared() -> None:
    assert ("comparison_direction", 6) in _rules(SPACED_PLAIN_TABLE)
    right = SPACED_PLAIN_TABLE.replace("100\n", "40\n")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]


def test_a_surrogate_against_full_simulation_is_a_classifier_test_and_its_null_is_no_second_test() -> None:
    text = ("We checked the emulator on 80,000 showers. A network trained to separate emulated showers from fully\n"
            "simulated showers reached an AUC of 0.63 +- 0.003; an AUC of 0.5 would mean no difference at all.\n"
            "We therefore regard the emulated showers as indistinguishable from the full simulation.\n")
    found = _rules(text)
    assert ("classifier_test_vs_null", 3) in found
    # at the null within its error the same words hold
    near_null = text.replace("0.63 +- 0.003", "0.502 +- 0.003")
    assert not [r for r in _rules(near_null) if r[0] == "classifier_test_vs_null"]


def test_a_perfect_agreement_beside_its_own_large_deviation_is_contradicted() -> None:
    text = ("The fast model reproduces the reference pT spectrum perfectly: below 500 GeV the biggest\n"
            "difference is 0.8%, and above it the difference grows to 9%.\n")
    assert [r for r in _rules(text) if r[0] == "absolute_words"]
    small = text.replace("grows to 9%", "grows to 1.5%")
    assert not [r for r in _rules(small) if r[0] == "absolute_words"]
    denied = text.replace("reproduces the reference pT spectrum perfectly", "does not reproduce the reference pT spectrum perfectly")
    assert not [r for r in _rules(denied) if r[0] == "absolute_words"]


def test_an_error_written_with_its_own_count_is_a_measurement_error_not_a_seed_spread() -> None:
    text = ("- Tagger retrained with 4 seeds; AUC 0.912 +- 0.003 (spread over seeds).\n"
            "- Light-jet check: the fake rate is 5.0% +- 0.02% measured on 2,000 light jets.\n")
    assert [r for r in _rules(text) if r[0] == "uncertainty_vs_sample_size"]
    wide = text.replace("+- 0.02%", "+- 0.5%")
    assert not [r for r in _rules(wide) if r[0] == "uncertainty_vs_sample_size"]
    # said of seeds in its own sentence, the error is a spread over them
    seeded = text.replace("measured on 2,000 light jets", "over 4 seeds on 2,000 light jets")
    assert not [r for r in _rules(seeded) if r[0] == "uncertainty_vs_sample_size"]


def test_how_far_a_rebuilt_mass_misses_the_true_one_is_a_resolution() -> None:
    named = [(v.quantity, v.shown) for v in read_numbers("the decoded mass deviates from the original mass by about 6.2 GeV, "
                                                         "and 3% of the tracks are lost.")]
    assert ("resolution", "6.2 GeV") in named
    assert ("resolution", "3%") not in named  # a share of tracks after it is no energy width
    text = ("The code book turns each jet into 16 symbols. The encoding is lossless: nothing is lost.\n"
            "In the demo the decoded mass deviates from the original mass by about 6.2 GeV.\n")
    assert [r for r in _rules(text) if r[0] == "absolute_words"]


MSE_LEAD_IN = ("The student trains a flow and an autoencoder on 20,000 validation jets. Reconstruction MSE of the jet images:\n"
               "flow 0.052, autoencoder 0.047. The report shows the flow gives the better reconstruction of the two.\n")


def test_a_sentence_naming_a_quantity_and_ending_on_a_colon_goes_on_with_its_numbers() -> None:
    first = [c for c in extract(MSE_LEAD_IN) if "0.052" in c.text][0]
    assert {(v.quantity, v.shown) for v in first.values} >= {("loss", "0.052"), ("loss", "0.047")}
    assert ("comparison_direction", 2) in _rules(MSE_LEAD_IN)
    right = MSE_LEAD_IN.replace("flow 0.052", "flow 0.041")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]


def test_an_uncertainty_said_to_be_missing_gives_nothing_to_judge_significance_by() -> None:
    text = ("Each model was trained once (a single seed).\n"
            "Distance to the target sample: 0.21 for model X against 0.25 for model Y, with no uncertainty given.\n"
            "The author concludes that X is significantly closer to the target.\n")
    assert ("significance_unsupported", 3) in _rules(text)
    given = text.replace("with no uncertainty given", "each +- 0.01")
    assert ("significance_unsupported", 3) not in _rules(given)


def test_a_sentence_opened_by_as_a_control_is_about_the_control() -> None:
    text = ("With signal injected the classifier reaches AUC 0.79 +- 0.01. As a control, the identical training on\n"
            "QCD-only samples, with the signal left out, gives an AUC of 0.60 +- 0.01, which agrees with random guessing.\n")
    assert [r for r in _rules(text) if r[0] == "control_vs_null"]
    null = text.replace("0.60 +- 0.01", "0.505 +- 0.01")
    assert not [r for r in _rules(null) if r[0] == "control_vs_null"]


def test_a_difference_the_report_puts_within_its_error_answers_a_significance_question_no() -> None:
    text = ("Two taggers on 8,000 jets: A scored 0.871 and B 0.875, each give or take 0.005.\n"
            "The difference is smaller than the error on it, so we cannot say B is better.\n")
    said = answer("is B significantly better than A?", referee(text), text)
    assert said.startswith("No")


def test_a_field_after_its_own_key_takes_no_quantity_from_the_line_above() -> None:
    text = ("step 4   decode   done   3m10s   val loss=0.0210, perplexity=512.0, dead codes=12\n"
            "step 5   checks   done   0m40s   hit_frac=0.962, miss frac=0.038,\n")
    assert not [r for r in _rules(text) if r[0] == "impossible_value"]
    line2 = [c for c in extract(text) if c.line == 2][0]
    assert not [v for v in line2.values if v.quantity in ("loss", "perplexity")]


def test_one_tagger_at_two_working_points_is_two_measurements() -> None:
    table = ("| tagger | eps_sig | light mistag |\n|---|---|---|\n| NetA | 0.50 | 0.0021 |\n| NetB | 0.50 | 0.0030 |\n"
             "| NetA | 0.70 | 0.0064 |\n| NetB | 0.70 | 0.0089 |\n")
    assert not [r for r in _rules(table, "t.md") if r[0] == "inconsistent_numbers"]
    # the same tagger at the same working point, twice, with two numbers, is still a contradiction
    twice = table.replace("| NetA | 0.70 | 0.0064 |", "| NetA | 0.50 | 0.0041 |")
    assert [r for r in _rules(twice, "t.md") if r[0] == "inconsistent_numbers"]


def test_whole_ends_of_a_change_named_by_a_loss_are_the_setting_swept() -> None:
    text = "Going to the bigger codebook helps: the MSE improvement from 256 to 2048 is 11%.\n"
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    loss = "After the fix the MSE drops from 0.0183 to 0.0241.\n"
    assert [r for r in _rules(loss) if r[0] == "comparison_direction"]
