"""The referee's readings of the fifteenth blind round's machine-tool and pipeline outputs (issue 23, session ref23r):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee


def _found(text: str, name: str = "report.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


TARGET_THEN_BRACKETED_PAIR_NOTE = """Summary of the recalibration:
the new scale pulls the Z peak towards 91.2 and gives a narrower Z peak (width 2.41 vs 2.65 GeV) than the old one.
"""


def test_a_bracketed_pair_after_the_comparative_is_what_it_compares() -> None:
    # 'towards 91.2' is where the peak moves, another quantity than the widths in the bracket: 2.41 < 2.65 holds
    assert not _found(TARGET_THEN_BRACKETED_PAIR_NOTE)
    # the bracket's pair still decides: the other way round it is flagged
    flipped = TARGET_THEN_BRACKETED_PAIR_NOTE.replace("(width 2.41 vs 2.65 GeV)", "(width 2.65 vs 2.41 GeV)")
    assert ("comparison_direction", 2) in _found(flipped)


LISTED_AGAINST_A_FLOOR_NOTE = """Generator check, 50k jets per side.
W1 of the mass 0.41 +- 0.05 and W1 of the pT 1.7 +- 0.3 (both x1e-3): above the data-vs-data floor, as expected with this many jets.
"""


def test_two_listed_numbers_set_against_a_thing_named_without_a_number_are_not_a_pair() -> None:
    # each distance is above the floor; 0.41 is not said to be above 1.7
    assert not any(rule == "comparison_direction" for rule, _ in _found(LISTED_AGAINST_A_FLOOR_NOTE))
    # two numbers compared with each other ('the first above the second') are still a pair
    pair = "W1 of the mass 0.41 +- 0.05, W1 of the pT 1.7 +- 0.3: the first is above the second.\n"
    assert ("comparison_direction", 1) in _found(pair)


EARLIER_RELEASE_TEST_NOTE = """{
  "c2st": {
    "auc_gen_vs_real": 0.581, "auc_err": 0.005, "test_jets_each": 5000,
    "auc_earlier_release_v1": 0.617
  },
  "notes": [
    "C2ST AUC 0.581 +- 0.005, down from 0.617 for v1.",
    "Verdict: the generated jets are indistinguishable from real ones."
  ]
}
"""


def test_a_classifier_test_of_an_earlier_release_is_not_the_one_judged() -> None:
    found = _found(EARLIER_RELEASE_TEST_NOTE, "eval.json")
    assert ("classifier_test_vs_null", 8) in found  # the verdict, against the test as it stands
    # the v1 AUC (a field named as the earlier release's, and the number the change started from) is not flagged
    assert ("classifier_test_vs_null", 4) not in found and ("classifier_test_vs_null", 7) not in found


TWO_MODELS_KEYED_REJECTIONS_LOG = """$ python eval_both.py
gnn_v2 AUC 0.9712 R50=210 R30=505
bdt_v9 AUC 0.9423 R50=96 R30=231
"""


def test_a_key_written_with_its_equals_sign_names_its_own_number() -> None:
    # 'R30=505' is the rejection at 30%, not a second AUC of 'r30'; the two models' rejections are not one number twice
    assert not any(rule == "inconsistent_numbers" for rule, _ in _found(TWO_MODELS_KEYED_REJECTIONS_LOG, "eval.log"))


STAGE_BANNER_LOG = """[INFO|runner.py:88] 2026-01-02 10:00:01 >> ===== Running Prediction =====  split: nominal (30,000 jets)
{'pred_loss': 0.41, 'pred_acc': 0.8123}
[INFO|runner.py:88] 2026-01-02 10:01:07 >> ===== Running Prediction =====  split: shifted_jes (30,000 jets)
{'pred_loss': 0.55, 'pred_acc': 0.7702}
"""


def test_a_log_stage_banner_opens_records_of_their_own() -> None:
    # each banner opens a prediction on another split: 0.8123 and 0.7702 are two accuracies, not one given twice
    assert not any(rule == "inconsistent_numbers" for rule, _ in _found(STAGE_BANNER_LOG, "predict.log"))
    # without the banners the same key given twice still conflicts
    bare = "\n".join(line for line in STAGE_BANNER_LOG.splitlines() if "=====" not in line) + "\n"
    assert any(rule == "inconsistent_numbers" for rule, _ in _found(bare, "predict.log"))


TAG_AND_PROBE_NOTE = """Test sample: 150k signal / 150k background jets.
Tag-and-probe in the dilepton region: 1500 of 2500 probe jets pass the tagger:
eff_data = 0.600 +- 0.002 vs eff_mc = 0.590 +- 0.003, data/MC ratio 1.017.
"""


def test_an_efficiency_in_data_is_bounded_by_the_probe_set_heading_it() -> None:
    # 'eff_data' is an efficiency; its set is the 2500 probe jets of the line heading it (binomial 0.0098), not the
    # report's 150k signal test jets
    assert ("uncertainty_vs_sample_size", 3) in _found(TAG_AND_PROBE_NOTE)
    # the data and MC efficiencies are two objects, not one quantity given twice
    assert not any(rule == "inconsistent_numbers" for rule, _ in _found(TAG_AND_PROBE_NOTE))


ACCEPTANCE_UNDER_BANNER_LOG = """$ python recast_summary.py
== stop(900) -> t chi, 4000 MC events ==
SR_high: A x eps = 0.0610 +- 0.0006 (MC stat), S = 11.3 +- 0.1 events
"""


def test_an_acceptance_under_a_banner_counting_events_is_bounded_by_them() -> None:
    # A x eps is a fraction of the 4000 generated events the banner above counts: binomial 0.0038, not 0.0006
    assert ("uncertainty_vs_sample_size", 3) in _found(ACCEPTANCE_UNDER_BANNER_LOG, "recast.log")


LOSSLESS_WITH_RELATIVE_RESIDUALS_LOG = """[eval] round trip on 80,000 test jets
[eval] jet mass |dm|/m: mean 1.9%, 68% band [0.5%, 3.4%]
[summary] The codec is lossless: decoding the codes gives back the jets we feed the classifier
"""


def test_the_mean_absolute_relative_residual_is_a_width_beside_lossless() -> None:
    # '|dm|/m' (d for delta) is the mean absolute relative deviation of the mass: information lost
    assert ("absolute_words", 3) in _found(LOSSLESS_WITH_RELATIVE_RESIDUALS_LOG, "codec.log")


INVERTED_LABELS_LOG = """[eval] AUC = 0.271 +- 0.004 (20k + 20k)
[check] the label map is inverted: signal was class 0
[eval] after relabelling: AUC = 0.729 +- 0.004
"""


def test_an_auc_below_half_is_not_better_than_random_as_it_stands() -> None:
    rep = referee(INVERTED_LABELS_LOG, name="ad.log")
    said = answer("is the first score, at AUC 0.271, better than random as it is?", rep, INVERTED_LABELS_LOG)
    assert said.startswith("No"), said
    assert "0.271" in said and "line 1" in said


KEYED_PRINTOUT_LOG = """>>> print(summarise(fit_a, fit_b))
yield ratio: 1.02 +- 0.03 (compatible)
mean shift: 0.31 +- 0.40 GeV -> 0.8 sigma
width: sigma 7.95 +- 0.30 vs 8.40 +- 0.28 GeV
>>> # so calibration A gives a significantly narrower peak (sigma 7.95 vs 8.40 GeV)
"""


def test_lines_of_keyed_numbers_are_fields_of_their_own_not_one_wrapped_sentence() -> None:
    rep = referee(KEYED_PRINTOUT_LOG, name="fit.txt")
    found = [f for f in rep.findings if f.rule == "significance_unsupported"]
    assert [f.line for f in found] == [5]
    assert "line 4" in found[0].message, found[0].message  # the errors are on the width's own line, not the printout's first


def test_a_change_said_lower_is_reported_relative_to_the_larger_start() -> None:
    text = "After tuning, the validation loss is 40% lower than at the start (0.500 -> 0.380).\n"
    found = [f for f in referee(text, name="notes.txt").findings if f.rule == "inconsistent_numbers"]
    assert found, "40% does not follow from 0.500 -> 0.380"
    assert "24% relative" in found[0].message, found[0].message  # 0.12 of the 0.500 it started from, not of 0.380


def test_the_coverage_of_an_interval_is_not_a_measurement() -> None:
    from agents.referee.numbers import read_numbers

    shown = [v.shown for v in read_numbers("pT residual |dpT|/pT: mean 1.1%, 68% band [0.3%, 2.0%]")]
    assert "68%" not in shown and "1.1%" in shown  # the band's coverage is chosen, the mean is measured
    assert "68%" in [v.shown for v in read_numbers("signal efficiency 68% at the loose point")]


def test_a_response_said_narrower_is_compared_as_a_width() -> None:
    text = "In the lowest pT bin the new response is narrower than the old calibration's (0.150 vs 0.120).\n"
    found = [f for f in referee(text, name="notes.txt").findings if f.rule == "comparison_direction"]
    assert found and "resolution 0.150 vs 0.120" in found[0].message, found  # its width, not its centre (a bias)


TWO_TAGGERS_WORKING_POINTS_NOTE = """Comparison on 100k + 100k test jets:
| tagger     | AUC    | 1/eps_B @0.3 | @0.5 | @0.7 | latency |
|------------|--------|--------------|------|------|---------|
| graph net  | 0.9655 | 610          | 118  | 27   | 12.1 ms |
| dense net  | 0.9641 | 575          | 121  | 25   | 3.4 ms  |
Pick the graph tagger: AUC 0.9655 vs 0.9641, higher rejection at every working point, four times slower.
"""


def test_a_universal_rejection_claim_is_checked_in_every_working_point_column() -> None:
    rep = referee(TWO_TAGGERS_WORKING_POINTS_NOTE, name="note.md")
    found = [f for f in rep.findings if f.rule == "absolute_words"]
    # '@0.5' is the rejection at the next working point: 118 < 121 contradicts 'higher rejection at every working point';
    # the AUC and latency columns are two measures of each row, not the claim's two sides
    assert [f.line for f in found] == [6] and "@0.5" in found[0].message and "118" in found[0].message, found
    held = TWO_TAGGERS_WORKING_POINTS_NOTE.replace("| 118  |", "| 124  |")
    assert not [f for f in referee(held, name="note.md").findings if f.rule == "absolute_words"]
