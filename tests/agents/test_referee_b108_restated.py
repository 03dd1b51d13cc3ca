"""Readings fitted on blind batch b108 (HEP and scientific tools' printouts, people's notes): a rate restated from its
table, a verdict with no numbers of its own under the lines that give them, a ROOT Scan table, code arguments; each with
a near variant where the finding must not appear."""

from agents.referee.referee import answer, referee


def _of(rule: str, text: str, name: str = "report.txt") -> list[int]:
    return [f.line for f in referee(text, name).findings if f.rule == rule]


# a per-bin table of a fake rate, restated below bin by bin; one bin's digits swapped in the restatement
BINNED = """=== fake rate per bin, Clopper-Pearson 68% ===
  bin [GeV]        pass      all       rate      +err      -err
  [ 250,  400)     1210    30100    0.04020   0.00115   0.00112
  [ 400,  700)      655    21800    0.03005   0.00119   0.00115
  [ 700, 1200)      244     5330    0.04578   0.00295   0.00280
  [1200, 2500)       40     1890    0.02116   0.00385   0.00333

Summary of the fake rate per bin:
  250-400 GeV :  4.02 +- 0.12 %
  400-700 GeV :  3.00 +- 0.12 %
  700-1200 GeV:  {bad} +- 0.29 %
  1200-2500 GeV:  2.12 +- 0.36 %
"""


def test_one_bin_restated_differently_from_its_row():
    assert _of("inconsistent_numbers", BINNED.format(bad="4.87")) == [11]


def test_bins_restated_as_their_rows_are_consistent():
    assert not _of("inconsistent_numbers", BINNED.format(bad="4.58"))


def test_bracketed_pass_over_total_bounds_the_error_of_the_rate():
    text = "Fake rate in the last bin: 3.10 +- 0.02 %   (62 / 2000), good enough for the scale factor.\n"
    assert _of("uncertainty_vs_sample_size", text) == [1]
    assert not _of("uncertainty_vs_sample_size", text.replace("0.02 %", "0.40 %"))


# a verdict with no numbers, just under the lines of the reference and the compressed model
PRUNED = """[eval] dense  : AUC=0.9512  R40={r_dense}
[eval] pruned : AUC={auc}  R40=310.0
[eval] verdict: 60% pruning comes at no cost in tagging performance
"""


def test_no_cost_said_of_a_variant_that_loses_rejection():
    assert _of("absolute_words", PRUNED.format(r_dense="402.0", auc="0.9508")) == [3]


def test_no_cost_said_of_a_variant_that_keeps_its_performance():
    assert not _of("absolute_words", PRUNED.format(r_dense="312.0", auc="0.9510"))


def test_lossless_under_a_lower_auc_on_the_line_above():
    text = "- fp32 baseline: AUC 0.8890\n- fp16 engine: AUC 0.8851\n  -> fp16 is lossless\n"
    assert _of("absolute_words", text) == [3]
    assert not _of("absolute_words", text.replace("0.8851", "0.8889"))


def test_the_better_quantity_judged_by_its_own_pair_after_a_reason():
    text = "Model X has the better rejection, since its fake rate 0.04 is the larger one (25.0 vs 31.2).\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("Model X has the better", "Model Y has the better")
                   .replace("(25.0 vs 31.2)", "(31.2 vs 25.0)"))


def test_call_arguments_in_a_code_listing_are_no_rejections():
    text = "   71 |  2% |   r40, r60 = background_rejection(y, s, (0.4, 0.6))\n"
    assert not _of("impossible_value", text)


SCAN = """root [2] t->Scan("K:ppl")
***************************************
*    Row   *          K *        ppl *
***************************************
*        0 *        256 *     190.11 *
*        1 *        512 *     {ppl} *
*        2 *       1024 *     702.45 *
***************************************
"""


def test_root_scan_table_perplexity_above_its_codebook():
    assert _of("impossible_value", SCAN.format(ppl="530.02")) == [6]
    assert not _of("impossible_value", SCAN.format(ppl="401.37"))


TWO_MODELS = """## Classifier two-sample test, generated vs reference jets
| model | C2ST AUC (mean ± s.e.) |
|---|---|
| Gen-A | 0.5180 ± 0.0015 |
| Gen-B | 0.5702 ± 0.0014 |

- Gen-B is easy to tell from real jets (AUC 0.570).
- Gen-A lands at 0.52: the classifier cannot tell its jets from real ones, i.e. they are statistically indistinguishable.
"""


def test_statistically_indistinguishable_judged_by_the_rows_error():
    assert _of("classifier_test_vs_null", TWO_MODELS) == [8]
    assert not _of("classifier_test_vs_null", TWO_MODELS.replace("0.5180 ± 0.0015", "0.5030 ± 0.0040")
                   .replace("at 0.52", "at 0.50"))


def test_clear_improvement_pointing_back_at_a_pair_within_noise():
    text = ("Jet tagging AUC 0.9533 for model P vs 0.9530 for model Q, one training each, on 300k test jets.\n"
            "That is a clear improvement over the previous best.\n")
    assert _of("significance_unsupported", text) == [2]
    assert not _of("significance_unsupported", text.replace("0.9533", "0.9633"))


def test_discovery_said_in_effect():
    text = ("We scanned 30 mass windows over a fitted background and saw a 2.8 sigma local excess.\n"
            "This is in effect a discovery.\n")
    assert 2 in _of("discovery_without_evidence", text)


def test_extreme_of_listed_aucs_is_named_where_first_given():
    text = ("fold 1  test AUC 0.5701\nfold 2  test AUC 0.4210\nfold 3  test AUC 0.5655\n"
            "AUC spread: min 0.4210 max 0.5701\n")
    assert _of("auc_below_half", text) == [2]


def test_lower_rejection_asked_where_the_report_says_the_reverse():
    text = ("[run] big  : R50=520.0\n[run] small: R50=455.0\n"
            "[run] small rejects more QCD at eps_S=0.5 than big (R50 455.0 vs 520.0)\n")
    q = "Does the small model have lower background rejection at 50% signal efficiency than the big model?"
    assert answer(q, referee(text, "r.txt"), text).startswith("Yes")


def test_interval_holding_zero_answers_a_real_gain_question():
    text = ("Delta AUC (new - old) = 0.0008, 95% CI [-0.0011, 0.0027].\n"
            "The 95% CI [-0.0011, 0.0027] contains zero, so we do not claim anything.\n")
    q = "Is there a real improvement of the new model over the old one?"
    assert answer(q, referee(text, "r.txt"), text).startswith("No")
