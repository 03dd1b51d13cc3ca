"""The referee's readings of scientific, statistics and HEP software output (issue 23, session ref30a, blind round 30,
b88): tables of local excesses under a trials correction, ROC exports with a flipped score in a row of its own, a
bound given as "of a possible N", rates printed with their counts. Each test a general reading, in words no blind
report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_global_significance_is_held_against_the_whole_table_of_local_excesses() -> None:
    text = ("bump_scan: five largest local excesses of 25 bins\n"
            "  bin        obs     exp     Z_local\n"
            "  2.40-2.55  610    540.2   +2.71\n"
            "  3.05-3.20  188    171.0   +1.22\n"
            "  1.80-1.95  1502   1461.3  +1.04\n"
            "  2.85-3.00  301    290.5   +0.60\n"
            "  3.60-3.75  66     62.1    +0.49\n"
            "bump_scan: fit quality chi2/ndf = 21.3/20\n"
            "bump_scan: 25 bins looked at, trials-corrected p = 8.4e-02  ->  Z global = 1.38\n")
    assert not _of("inconsistent_numbers", text)
    # a global above every local of the table is still wrong
    assert _of("inconsistent_numbers", text.replace("Z global = 1.38", "Z global = 2.95"))


def test_a_flipped_score_in_a_row_of_its_own_is_the_inversion_read() -> None:
    text = ("Score\tAUC\tSE\n"
            "gnn_v3\t0.951\t0.0040\n"
            "ecf_n2\t0.331\t0.0091\n"
            "ecf_n2_flipped\t0.669\t0.0091\n")
    assert not _of("auc_below_half", text)
    # a row of another name is no flip of it
    assert _of("auc_below_half", text.replace("ecf_n2_flipped", "mass_drop"))


def test_a_number_of_a_possible_maximum_is_a_bound_not_a_value_to_compare() -> None:
    text = ("Tokenizer notes\n* Usage perplexity comes to 188.4 of a possible 256 and 350.9 of a possible 512: both are "
            "well spread, but the larger one leaves 40 entries unused against 9.\n")
    assert not _of("comparison_direction", text)


def test_significant_between_two_counted_rates_is_judged_by_the_two_proportion_test() -> None:
    text = ("Fake rate at the loose working point, two independent QCD samples of 1500 jets:\n"
            "  old tagger:  33 / 1500 = 2.2 %\n"
            "  new tagger:  24 / 1500 = 1.6 %\n"
            "The new tagger lowers the fake rate by 0.6 points, a significant improvement.\n")
    assert _of("significance_unsupported", text) == [4]
    ref = referee(text)
    assert answer("Is the new tagger's fake rate significantly lower than the old one's at the 5% level?", ref,
                  text).startswith("No")
    # with ten times the jets the same rates differ by about 4 sigma
    big = text.replace("1500", "15000").replace("33 /", "330 /").replace("24 /", "240 /")
    assert not _of("significance_unsupported", big)


def test_an_auc_beside_jets_said_not_to_be_told_apart_from_real_ones_is_the_generation_test() -> None:
    text = ("Summary for the shower emulator: we ship release 7 now, since its showers cannot be told apart from the "
            "real ones (AUC 0.593).\n")
    assert _of("classifier_test_vs_null", text) == [1]
    assert not _of("classifier_test_vs_null", text.replace("0.593", "0.503"))


def test_the_later_fields_of_printed_records_are_each_records_own_name() -> None:
    text = ("Scores on the held-out jets:\n"
            "LOF ROC:0.7712, precision @ rank n:0.284\n"
            "OCSVM ROC:0.7390, precision @ rank n:0.231\n")
    assert not _of("inconsistent_numbers", text)


def test_two_titled_sections_of_unindented_records_are_two_samples() -> None:
    text = ("Held-out signal sample:\n"
            "LOF ROC:0.7712, precision @ rank n:0.284\n"
            "\n"
            "Background-only check (two QCD halves):\n"
            "LOF ROC:0.5020, precision @ rank n:0.4990\n")
    assert not _of("inconsistent_numbers", text)


def test_which_way_a_score_points_is_a_convention_not_a_comparison() -> None:
    text = ("Each shape is taken as it is (higher value = signal-like), giving tau32 an AUC of 0.6620 and D2 0.7014.\n")
    assert not _of("comparison_direction", text)


def test_each_numbered_window_of_a_scan_log_is_its_own_record() -> None:
    text = ("[fit] window 4 [1.80, 1.90] TeV  observed 812\n"
            "Significance (in units of sigma) = 1.93\n"
            "[fit] window 9 [2.30, 2.40] TeV  observed 301\n"
            "Significance (in units of sigma) = 3.12\n")
    assert not _of("inconsistent_numbers", text)


def test_a_p0_with_its_sigma_beside_it_is_a_p_value_to_convert() -> None:
    text = "- Third bin (2.1-2.2 TeV): p0 = 1.2e-02 (3.1 sigma), left for the next round.\n"
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("3.1 sigma", "2.3 sigma"))
    # a fit parameter named p0, with no sigma beside it, is no p-value
    assert not _of("inconsistent_numbers", "Dijet fit: p0 = 3.1e-02, p1 = 9.8, p2 = 4.4 (2.3 sigma pull in bin 7).\n")


def test_closer_to_the_real_jets_is_a_verdict_a_distance_can_contradict() -> None:
    text = "On jet mass, FlowA is the closer of the two to the real data (KL 0.042 vs 0.030).\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("0.042", "0.012"))
    # a classifier-test AUC nearer 0.5 is the closer side
    assert not _of("comparison_direction",
                   "FlowA is closer to the real jets than DiffB (real-vs-generated classifier AUC 0.553 vs 0.604).\n")
    assert not _of("comparison_direction", "FlowA is closer to the real jets than DiffB (0.553 vs 0.604), yet distinguishable.\n")


def test_a_plot_files_legend_and_its_commented_caption_give_one_taggers_number_twice() -> None:
    # a Grace project: sub/superscript escapes in a legend, a caption in '#' comments whose lines go on indented
    text = ("# plot file written by mkplot\n"
            "# caption: QCD rejection against top efficiency on the test jets. DeepSet-2 has the lower\n"
            "#   rejection at eps_S = 0.7 (410, against 520 for GNet-3).\n"
            "@version 50125\n"
            "@    s0 legend  \"DeepSet-2 (R\\s70\\N = 410)\"\n"
            "@    s1 legend  \"GNet-3 (R\\s70\\N = 680)\"\n")
    assert 6 in _of("inconsistent_numbers", text)
    assert not _of("inconsistent_numbers", text.replace("= 680", "= 520"))


def test_a_prometheus_samples_number_is_the_metric_its_name_gives() -> None:
    text = ('{"status": "success", "data": {"resultType": "vector", "result": [\n'
            '  {"metric": {"__name__": "showergen_c2st_auc", "model": "calo-flow-b2"},\n'
            '   "value": [1718000000.1, "0.5912"]},\n'
            '  {"metric": {"__name__": "showergen_summary_info", "model": "calo-flow-b2",\n'
            '   "summary": "generated showers are indistinguishable from the real ones"},\n'
            '   "value": [1718000000.1, "1"]}\n'
            ']}}\n')
    assert _of("classifier_test_vs_null", text)
    assert not _of("classifier_test_vs_null", text.replace("0.5912", "0.5008"))
