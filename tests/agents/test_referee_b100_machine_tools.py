"""The referee's readings of machine tools' output (session ref33a, blind round 33, b100): a runner log stamped line by
line, a working point glued to its metric by '@', a logged error field, an optimiser's cost, a wrapped '#' comment, a
superlative with its own bracketed pair, a Brier score, a seed column, a sigma bar in brackets. Each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import read_numbers
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


STAMPED = """2025/02/11 09:15:02 - runner - INFO - Dataset ZqqH5 (test): 3000 jets (1500 Z / 1500 QCD)
2025/02/11 09:40:12 - runner - INFO - Epoch(val) [5][40/40]    ztag/auc: 0.9512  ztag/mistag@eff0.5: 0.0250  ztag/rej@eff0.5: 40.0
2025/02/11 09:40:13 - runner - INFO - The best checkpoint with 0.9512 ztag/auc at 5 epoch is saved to best.pth.
2025/02/11 10:02:40 - runner - INFO - Epoch(test) [3/3]    ztag/auc: 0.9530  ztag/auc_err: {err}  ztag/mistag@eff0.5: 0.0200  ztag/rej@eff0.5: {rej}
"""


def test_a_working_point_glued_by_at_leaves_the_metric_its_name() -> None:
    # "mistag@eff0.5: 0.0250": a mistag rate at 50% signal efficiency, no rejection below 1
    found = _rules(STAMPED.format(err="0.0040", rej="50.0"), "run.log")
    assert not [f for f in found if f[0] == "impossible_value"]
    assert found == []


def test_rejection_against_the_mistag_of_its_own_test_record() -> None:
    # 1/0.0200 = 50, not 75: the test line contradicts itself (the val line, 1/0.025 = 40, agrees)
    assert ("inconsistent_numbers", 4) in _rules(STAMPED.format(err="0.0040", rej="75.0"), "run.log")
    assert ("inconsistent_numbers", 4) not in _rules(STAMPED.format(err="0.0040", rej="50.0"), "run.log")


def test_a_logged_error_field_is_checked_against_the_split_its_tag_names() -> None:
    # Hanley-McNeil for 1500 + 1500 jets at AUC 0.95 is about 0.004; 0.0003 is far too small
    assert ("uncertainty_vs_sample_size", 4) in _rules(STAMPED.format(err="0.0003", rej="50.0"), "run.log")
    assert ("uncertainty_vs_sample_size", 4) not in _rules(STAMPED.format(err="0.0040", rej="50.0"), "run.log")


def test_an_error_field_beside_its_value_is_its_uncertainty() -> None:
    c = [c for c in extract("eval/acc: 0.9021  eval/acc_err: 0.0021  eval/loss: 0.31") if c.values][0]
    acc = [v for v in c.values if v.quantity == "accuracy"]
    assert len(acc) == 1 and acc[0].uncertainty == 0.0021
    c = [c for c in extract("eval/acc: 0.9021  eval/loss_err: 0.0021") if c.values][0]
    assert [v.uncertainty for v in c.values if v.quantity == "accuracy"] == [None]


def test_an_optimisers_cost_is_a_result_not_a_change() -> None:
    assert [v.role for v in read_numbers("[trial 4] lr=0.003 depth=6  -> cost 0.2210")][-1] == "result"
    assert [v.role for v in read_numbers("the smaller model costs 0.2210 in AUC")][-1] == "difference"


DECISION = """tokenizer scan, codebook size K against mass resolution
K      resolution
256    0.1010
512    0.0850
1024   0.0930
# verdict (2025-01-20, A.B.): adopt K=1024 for the production tokenizer -- best jet
# resolution of all sizes tried ({a}% vs {b}% for K=512) and a richer codebook;
# the smaller sizes waste fewer codes.
"""


def test_a_superlative_with_its_own_pair_in_a_wrapped_comment() -> None:
    assert ("comparison_direction", 7) in _rules(DECISION.format(a="9.3", b="8.5"), "scan.log")  # the pair's line
    found = _rules(DECISION.format(a="8.3", b="8.5"), "scan.log")
    assert ("comparison_direction", 7) not in found
    assert not [f for f in found if f[0] == "inconsistent_numbers"]  # the K=512 of the bracket is the 8.5%'s


def test_a_superlatives_bracket_pair_with_the_other_side_named_by_its_setting() -> None:
    assert ("comparison_direction", 1) in _rules("Depth 8 gives the highest AUC of the sweep (0.871 vs 0.884 for depth 4).")
    assert _rules("Depth 8 gives the highest AUC of the sweep (0.891 vs 0.884 for depth 4).") == []


def test_a_brier_score_is_a_loss() -> None:
    assert ("comparison_direction", 1) in _rules("The BDT is the better calibrated model (Brier score 0.131 vs 0.117).")
    assert _rules("The BDT is the better calibrated model (Brier score 0.104 vs 0.117).") == []


SEEDS = """model\tseed\tclf_auc
flowgen\t0\t{a}
flowgen\t1\t0.571
flowgen\t2\t0.575
"""


def test_rows_of_one_model_that_differ_in_their_seed_are_two_runs() -> None:
    assert not [f for f in _rules(SEEDS.format(a="0.568"), "seeds.tsv") if f[0] == "inconsistent_numbers"]
    same_seed = SEEDS.format(a="0.568").replace("flowgen\t1\t0.571", "flowgen\t0\t0.591")  # one run printed twice
    assert [f for f in _rules(same_seed, "seeds.tsv") if f[0] == "inconsistent_numbers"]


def test_a_sigma_count_in_brackets_after_an_error_bar_is_its_coverage() -> None:
    vals = read_numbers("dAcc = +0.0021 ± 0.0030 (1σ, bootstrap): 0.7σ, not significant")
    assert [v.shown for v in vals if v.quantity == "significance"] == ["0.7σ"]
    vals = read_numbers("an excess of 1σ, then 0.7σ")
    assert [v.shown for v in vals if v.quantity == "significance"] == ["1σ", "0.7σ"]


def test_a_bracketed_global_bar_is_no_global_significance() -> None:
    text = ("Window 5: z_local = 2.90, and p_global = 0.04 after the trials factor for 12 windows.\n"
            "No discovery ({bar} sigma global required).\n")
    assert not [f for f in _rules(text.format(bar="5")) if f[0] == "inconsistent_numbers"]
    vals = read_numbers("No discovery (5 sigma global required).")
    assert [v.role for v in vals] == ["threshold"]


def test_a_discovery_in_a_table_note_is_read_once_and_judged() -> None:
    text = """| bin | note |
|-----|------|
| B3  | 310 observed vs 262.0 from the sideband fit, 2.9 sigma local: we have {verb} a new resonance near 4 TeV |
"""
    assert ("discovery_without_evidence", 3) in _rules(text.format(verb="discovered"))
    assert ("discovery_without_evidence", 3) not in _rules(text.format(verb="not yet seen"))


def test_a_test_count_keyed_after_its_split() -> None:
    text = """Metrics: {
  "test_num_jets": 40000,
  "test_accuracy": 0.8812,
  "test_accuracy_stderr": {err}
}
"""
    assert [f for f in _rules(text.replace("{err}", "0.0002"), "m.log") if f[0] == "uncertainty_vs_sample_size"]
    assert not [f for f in _rules(text.replace("{err}", "0.0017"), "m.log") if f[0] == "uncertainty_vs_sample_size"]
