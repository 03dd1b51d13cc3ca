"""The referee's readings of machine tools' and agent consoles' output (issue 23, session ref23v, blind round 17): each
test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "output.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


STATS_PACKAGE_NULL_TABLES = (
    "Descriptives of the shuffled-label runs\n"
    "                     N     Mean      Std. Deviation    Std. Error Mean\n"
    "shuffled_auc         8     .49870    .003100           .001096\n"
    "\n"
    "Test against the null (Test Value = 0.5)\n"
    "                     t        df    Sig. (2-tailed)   Mean Difference   95% CI Lower   Upper\n"
    "shuffled_auc         -1.186   7     .274              -.00130           -.003890       .001290\n"
)


def test_a_statistics_package_table_reads_its_columns_by_their_headers() -> None:
    rows = {c.line: c for c in extract(STATS_PACKAGE_NULL_TABLES, name="output.txt")}
    aucs = [(v.shown, v.uncertainty) for v in rows[3].values if v.quantity == "auc"]
    assert aucs == [(".49870", 0.001096)]  # N is no AUC; the error column is the mean's error
    assert rows[3].sample_size is None  # N counts the runs averaged, not the test jets
    assert not [v for v in rows[7].values if v.quantity == "auc" and v.role != "difference"]  # t, df, Sig. are no AUCs
    assert _rules(STATS_PACKAGE_NULL_TABLES) == []


def test_a_test_statistic_written_with_its_degrees_of_freedom_is_no_value_of_the_quantity_before_it() -> None:
    text = "Shuffled labels: AUC .4987, t(7) = 1.19, p = .274, consistent with a random classifier.\n"
    assert not _rules(text)
    plain = "Shuffled labels: AUC 0.4987, t = 1.19, p = 0.274, consistent with a random classifier.\n"
    assert not _rules(plain)
    # a second AUC after the first still is one
    two = "Shuffled labels: AUC .4987, then .81 once the labels are fixed, consistent with a random classifier.\n"
    assert [v.quantity for c in extract(two) for v in c.values][:2] == ["auc", "auc"]


def test_a_not_significant_verdict_on_the_asked_pair_stands_beside_a_significant_gain_over_something_else() -> None:
    text = ("GN3 vs DL1d: mean AUC difference +0.0004 over 6 seeds, p = 0.31. The difference is not significant, so we\n"
            "cannot say GN3 beats DL1d.\n"
            "GN3 vs the cut-based tagger: +0.041, p < 0.001. This gain is significant.\n")
    assert answer("is GN3's AUC significantly higher than DL1d's?", referee(text), text).startswith("No")


def test_a_rate_written_as_its_counts_is_of_the_line_name_and_measured_on_the_whole_count() -> None:
    text = ("evaluation: 80,000 background jets + 250 signal jets\n"
            "AUC (signal vs background) = 0.91 +- 0.01\n"
            "eps_S at eps_B = 0.5% (cut 0.83): 95 of 250 = 0.380 +- 0.003\n")
    rates = [(v.quantity, v.shown) for c in extract(text) if c.line == 3 for v in c.values if v.role == "result"]
    assert rates == [("efficiency", "0.380")]  # not the AUC of the line above
    assert ("uncertainty_vs_sample_size", 3) in _rules(text)  # 95 of 250 allows +- 0.031, not the 80,250 jets' 0.002
    assert not [r for r in _rules(text) if r[0] == "auc_below_half"]
    honest = text.replace("0.380 +- 0.003", "0.380 +- 0.031")
    assert ("uncertainty_vs_sample_size", 3) not in _rules(honest)


def test_two_kinds_of_loss_are_not_one_scale_for_a_superlative() -> None:
    text = ("* Run B, after the codebook refresh: reconstruction MSE 0.047, and the commitment loss is down to 0.0081.\n"
            "* Run C reconstructs best (MSE 0.044) but uses only 70% of its codes.\n")
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    # against a reconstruction loss that is lower, the word is still wrong
    worse = text.replace("MSE 0.047", "MSE 0.041")
    assert [r for r in _rules(worse) if r[0] == "comparison_direction"]


def test_a_sentence_whose_only_digits_name_a_data_set_stands_where_it_starts() -> None:
    text = ("Audit: the classifier test gives AUC 0.67 +- 0.003 on 40k + 40k jets, and the control sits at 0.501 +- 0.003.\n"
            "So the generated jets are statistically indistinguishable from\n"
            "JetClass-10 jets, and the generator can replace the simulation.\n")
    lines = [ln for r, ln in _rules(text) if r == "classifier_test_vs_null"]
    assert 2 in lines and 3 not in lines


def test_a_row_named_by_an_inverse_keeps_its_name_and_a_mistag_comparison_reads_it_the_other_way() -> None:
    text = ("metric                 GN2      DL1r\n"
            "AUC                    0.912    0.905\n"
            "1/eps_B @ eps_S=0.7    61       48\n"
            "1/eps_B @ eps_S=0.6    140      155\n"
            "\n"
            "Summary: GN2 has the higher AUC.\n"
            "At eps_S=0.6 GN2 also gives the lower mistag rate of the two taggers.\n")
    rows = {c.line: c for c in extract(text)}
    assert [v.quantity for v in rows[4].values if v.role == "result"] == ["rejection", "rejection"]
    assert ("comparison_direction", 7) in _rules(text)  # 140 < 155: GN2 lets more light jets through at 0.6
    right = text.replace("At eps_S=0.6", "At eps_S=0.7")
    assert ("comparison_direction", 7) not in _rules(right)


def test_a_row_name_with_its_scale_set_apart_is_one_cell_and_the_lower_of_the_two_is_read_from_it() -> None:
    text = ("quantity (lower is better)   FlowA           GANB\n"
            "EMD^pT   (x1e2)              0.38 +- 0.04     0.52 +- 0.05\n"
            "EMD^eta  (x1e2)              0.61 +- 0.06     0.47 +- 0.05\n"
            "\n"
            "Notes:\n"
            "  * GANB follows the pT spectrum better: its EMD^pT is the lower of the two models.\n")
    rows = {c.line: c for c in extract(text)}
    assert rows[2].kind == "row" and len([v for v in rows[2].values if v.role == "result"]) == 2
    assert ("comparison_direction", 6) in _rules(text)
    right = text.replace("GANB follows", "FlowA follows")
    assert ("comparison_direction", 6) not in _rules(right)


def test_the_upper_end_of_a_bin_is_where_a_width_is_measured_not_a_width() -> None:
    text = ("model    width [%]\n"
            "old      6.40 +- 0.11\n"
            "new      6.25 +- 0.12\n"
            "\n"
            "The new model is significantly narrower than the old one at 300-400 GeV (6.25% vs 6.40%).\n")
    sentence = next(c for c in extract(text) if c.line == 5)
    assert sentence.comparison is not None
    assert [v.role for v in sentence.values if v.shown.startswith("400")] == ["setting"]
    assert ("significance_unsupported", 5) in _rules(text)  # 0.15 against errors of 0.11 and 0.12: under 1 sigma


def test_a_headline_discovery_of_a_new_thing_is_a_discovery_claim() -> None:
    text = ("Largest excess: local 3.9 sigma, global 1.8 sigma after the look-elsewhere correction.\n"
            "Outcome: discovery of a new diboson resonance near 2.4 TeV.\n")
    assert ("discovery_without_evidence", 2) in _rules(text)
    sought = "Outcome: no discovery of a new diboson resonance; the largest excess is 1.8 sigma global.\n"
    assert not [r for r in _rules(sought) if r[0] == "discovery_without_evidence"]


def test_exact_equality_at_every_row_is_held_against_the_two_named_columns() -> None:
    text = ("flavour   AUC(fp32)   AUC(int8)\n"
            "b         0.9610      0.9610\n"
            "c         0.8830      0.8824\n"
            "light     0.9402      0.9402\n"
            "\n"
            "The int8 build reproduces the fp32 network exactly at every flavour: its AUCs equal the fp32 ones.\n")
    assert [f for f in referee(text).findings if f.rule == "absolute_words" and f.line == 6 and "line 3" in f.message]
    same = text.replace("0.8824", "0.8830")
    assert not [f for f in referee(same).findings if "not equal" in f.message]
