"""The referee's readings fitted on blind batch b116 (tool outputs, CI logs, monitoring and hand-written notes): an
excess called 'evidence-level', a 'p (Z)' column of p-values with their significance in brackets, a pair set against
'ref' with the program's verdict after an arrow, 'lossless' beside two AUCs of the tagger, 'no degradation with respect
to' over the check's own AUC change, a fraction counted with 'n=' keys, a sampler's acceptance rate, a target change 'of
the planned', an outline-numbered row name, a classifier test's tagged output lines, a verdict under a table of two rows
and a clear gain against errors given on another line. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_an_evidence_level_excess_below_three_sigma_global_is_named() -> None:
    text = ("Bump hunt over 25 mass windows on the fitted background: local p0 = 4.0e-4 (3.35 sigma).\n"
            "After the look-elsewhere correction the global p-value is 0.021, i.e. 2.03 sigma global.\n"
            "Conclusion: an evidence-level excess at 2.7 TeV.\n")
    assert ("discovery_without_evidence", 3) in _rules(text)


def test_an_evidence_level_excess_above_three_sigma_global_is_not_named() -> None:
    text = ("Bump hunt over 25 mass windows on the fitted background: local p0 = 1.0e-6 (4.75 sigma).\n"
            "After the look-elsewhere correction the global p-value is 6.0e-4, i.e. 3.24 sigma global.\n"
            "Conclusion: an evidence-level excess at 2.7 TeV.\n")
    assert not [f for f in _rules(text) if f[0] == "discovery_without_evidence"]


def test_a_p_value_column_with_its_significance_in_brackets_is_checked() -> None:
    text = ("\\begin{tabular}{lcc}\n"
            "Region & $S_{obs}$ & $p(s=0)$ ($Z$) \\\\\n"
            "SR_a & $12.1$ & $0.030$~$(1.88)$ \\\\\n"
            "SR_b & $15.7$ & $0.030$~$(2.75)$ \\\\\n"
            "\\end{tabular}\n")
    rules = _rules(text, "limits.tex")
    assert ("inconsistent_numbers", 4) in rules and ("inconsistent_numbers", 3) not in rules


def test_a_pair_set_against_ref_with_a_verdict_after_the_arrow_is_a_comparison() -> None:
    text = "[bench] light-jet rejection at 70% eff: 212 vs ref 240 -> improved\n"
    assert ("comparison_direction", 1) in _rules(text, "bench.log")


def test_a_pair_set_against_ref_that_did_improve_is_not_named() -> None:
    text = "[bench] light-jet rejection at 70% eff: 262 vs ref 240 -> improved\n"
    assert not [f for f in _rules(text, "bench.log") if f[0] == "comparison_direction"]


def test_a_citation_after_ref_is_still_no_value() -> None:
    values = [v.shown for c in extract("The AUC of 0.93 agrees with ref 12 well.\n") for v in c.values]
    assert "12" not in values


def test_lossless_for_tagging_beside_two_aucs_apart_is_named() -> None:
    text = "The compression is lossless for downstream tagging: the tagger gets AUC 0.8840 on decoded jets against 0.8915 on raw ones.\n"
    assert ("absolute_words", 1) in _rules(text)


def test_no_degradation_relative_to_a_reference_over_a_large_auc_change_is_named() -> None:
    text = ("    And the pruned model shows no degradation relative to the dense one\n"
            "      delta AUC = -0.0048, inside the release tolerance\n")
    assert ("absolute_words", 1) in _rules(text, "gate.txt")


def test_no_degradation_over_a_tiny_auc_change_is_not_named() -> None:
    text = ("    And the pruned model shows no degradation relative to the dense one\n"
            "      delta AUC = -0.0004, inside the release tolerance\n")
    assert not [f for f in _rules(text, "gate.txt") if f[0] == "absolute_words"]


def test_a_fraction_of_counts_written_as_n_keys_has_their_binomial_error() -> None:
    text = "coincidence check: jets tagged by the cut-based tagger n=2500, also tagged by the DNN n=150, frac=0.0600 +- 0.0005\n"
    assert ("uncertainty_vs_sample_size", 1) in _rules(text, "monitor.log")


def test_a_fraction_of_n_keys_with_its_binomial_error_is_not_named() -> None:
    text = "coincidence check: jets tagged by the cut-based tagger n=2500, also tagged by the DNN n=150, frac=0.0600 +- 0.0047\n"
    assert not [f for f in _rules(text, "monitor.log") if f[0] == "uncertainty_vs_sample_size"]


def test_a_samplers_acceptance_rate_is_no_efficiency() -> None:
    text = "[sampler] Acceptance rate: 0.31\n[sampler] steps: 20000\n[sampler] Acceptance rate: 0.27\n"
    assert not [q for c in extract(text) for v in c.values if (q := v.quantity) == "efficiency"]
    assert not [f for f in _rules(text, "chain.log") if f[0] == "inconsistent_numbers"]


def test_the_part_of_a_planned_change_is_no_stated_change() -> None:
    text = "- The mistag went from 1.20% to 1.05%: 0.15 of the planned 0.30 points -> 0.5.\n"
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_an_outline_numbered_row_name_is_no_value() -> None:
    text = ("| goal | target | start | now |\n|---|---|---|---|\n"
            "| 2.3 fake rate of the loose WP | <= 0.8% | 1.1% | 0.9% |\n")
    assert not [f for f in _rules(text) if f[0] == "impossible_value"]


def test_the_mean_of_a_classifier_tests_tagged_fold_lines_is_the_test() -> None:
    text = ("+ python eval/c2st.py --real real.h5 --gen generated.h5 --folds 4\n"
            "[c2st] fold 1: AUC 0.5712\n[c2st] fold 2: AUC 0.5655\n[c2st] fold 3: AUC 0.5731\n[c2st] fold 4: AUC 0.5690\n"
            "[c2st] mean AUC = 0.570 +- 0.003 (std over folds)\n")
    roles = {c.line: v.role for c in extract(text) for v in c.results("auc")}
    assert roles[6] == "classifier_test"


def test_a_verdict_under_a_table_of_two_rows_is_judged_by_their_test_set() -> None:
    text = ("We evaluated both taggers on the same 1,000 test jets (500 top, 500 QCD).\n\n"
            "| tagger | AUC |\n|---|---|\n| LundNet | 0.912 |\n| PFN | 0.907 |\n\n"
            "So LundNet is significantly better than the PFN.\n")
    assert ("significance_unsupported", 8) in _rules(text)


def test_a_verdict_under_a_table_of_two_rows_far_apart_is_not_named() -> None:
    text = ("We evaluated both taggers on the same 100,000 test jets (50,000 top, 50,000 QCD).\n\n"
            "| tagger | AUC |\n|---|---|\n| LundNet | 0.952 |\n| PFN | 0.907 |\n\n"
            "So LundNet is significantly better than the PFN.\n")
    assert not [f for f in _rules(text) if f[0] == "significance_unsupported"]


def test_a_clear_gain_within_the_errors_given_on_another_line_is_named() -> None:
    text = ("method B, averaged over 4 trainings: resolution 0.142 +- 0.006\n"
            "B clearly outperforms A: the resolution shrank from 0.150 to 0.142.\n")
    assert ("significance_unsupported", 2) in _rules(text, "train.log")


def test_a_clear_gain_well_beyond_the_errors_given_elsewhere_is_not_named() -> None:
    text = ("method B, averaged over 4 trainings: resolution 0.142 +- 0.002\n"
            "B clearly outperforms A: the resolution shrank from 0.190 to 0.142.\n")
    assert not [f for f in _rules(text, "train.log") if f[0] == "significance_unsupported"]


def test_a_quark_efficiency_column_at_a_gluon_rejection_is_an_efficiency() -> None:
    text = "| model | quark eff. at 90% gluon rejection |\n|---|---|\n| EFN | 0.412 |\n"
    assert [v.quantity for c in extract(text) for v in c.results()] == ["efficiency"]
    assert not [f for f in _rules(text) if f[0] == "impossible_value"]


def test_lossless_for_tagging_asked_in_a_quiz_is_not_named() -> None:
    text = "Trained on the codes the tagger's AUC drops from 0.951 to 0.940. Is the codebook lossless for tagging?\n"
    assert not [f for f in _rules(text) if f[0] == "absolute_words"]


def test_evidence_level_of_an_injected_signals_recovery_is_no_claim() -> None:
    text = '{"rows": [{"run": "inj-5", "s_over_b": 0.004, "note": "evidence-level after the trials correction"}]}\n'
    assert not [f for f in _rules(text, "scan.json") if f[0] == "discovery_without_evidence"]
