"""The referee's readings of structured and semi-structured files (issue 23, session ref27g, blind round 25, b70):
spreadsheet exports, model cards, metric scrapes, database API answers, annotated YAML. Each test a general reading,
in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_spreadsheet_row_whose_notes_cell_runs_over_lines_is_one_row() -> None:
    # a tracker's CSV export: a byte-order mark, quoted cells with commas, and a notes cell that goes on over lines
    text = ('\ufeffRun,Tags,AUC,AUC err,Rej50,Notes\n'
            'gnn-a,"tuned, v2",0.9712,0.0004,380,"First pass.\n'
            'Trained for 40 epochs."\n'
            'gnn-b,"tuned, v3",0.9725,0.0004,402,"Second pass, same split.\n'
            'Its rejection is higher than gnn-a."\n')
    ref = referee(text, "tracker.csv")
    assert not ref.findings  # (read line by line: the AUC 0.9725 as a rejection below 1)
    assert any(c.kind == "row" and c.line == 4 and [(v.quantity, v.value, v.uncertainty) for v in c.results()] == [
        ("auc", 0.9725, 0.0004), ("rejection", 402, None)] for c in ref.claims)


def test_a_metric_named_with_its_definition_in_brackets_is_that_metric() -> None:
    # a model card's metric record: {"type": "<name> (<how it is taken>)", "value": "<number>"}
    card = {"model": {"summary": "A tokenizer with K=256 learned codes."},
            "metrics": [{"type": "codebook perplexity (exp of the usage entropy)", "value": "301", "split": "test"},
                        {"type": "dead codes", "value": "12", "split": "test"}]}
    text = json.dumps(card, indent=2)
    assert _of("impossible_value", text, "card.json") == [text[:text.index('"301"')].count("\n") + 1]
    assert not _of("impossible_value", text.replace('"301"', '"201"'), "card.json")


def test_a_larger_codebook_named_only_after_the_perplexity_is_another_configuration() -> None:
    text = ("Tokenizer: K = 256 codes.\n\nCode-usage perplexity: 301 on the test set.\n\n"
            "Outlook: a K = 1024 codebook would cost four times the embedding memory.\n")
    assert _of("impossible_value", text) == [3]
    assert not _of("impossible_value", text.replace("301", "231"))


def test_a_response_near_one_is_no_bias() -> None:
    # a mean response (reco / true) of 0.998 ± 0.002 lies within its error of one: 'unbiased' holds
    text = "The decoded jets have a mean pT response of 0.998 +- 0.002, so the momentum scale is unbiased.\n"
    assert not _of("absolute_words", text)
    assert _of("absolute_words", text.replace("0.998", "0.962"))


def test_an_observable_said_to_be_reconstructed_without_bias_is_checked_against_its_record() -> None:
    card = {"summary": "The regressor reconstructs jet energy without bias across the full pT range.",
            "owner": "jets group", "licence": "MIT", "framework": "torch",
            "metrics": [{"type": "jet energy response, mean E_reco/E_true", "value": "0.941"},
                        {"type": "jet energy resolution, half-IQR", "value": "0.083"}]}
    text = json.dumps(card, indent=2)
    assert _of("absolute_words", text, "card.json") == [2]
    assert not _of("absolute_words", text.replace('"0.941"', '"0.999"'), "card.json")


def test_an_improvement_in_both_quantities_is_checked_pair_by_pair() -> None:
    # the subject's numbers, then 'compared with' the other side's in the same order; the verdict says 'in both'
    text = ("Our diffusion model reaches W1^pT = 0.35 x 10^-3 and W1^M = 0.82 x 10^-3, compared with 0.41 x 10^-3 "
            "and 0.66 x 10^-3 for MP-GAN.\nThe diffusion model therefore beats MP-GAN in both distances.\n")
    assert _of("comparison_direction", text) == [2]
    assert not _of("comparison_direction", text.replace("0.82 x 10^-3", "0.61 x 10^-3"))


SCRAPE = """# HELP gen_vs_real_classifier_auc AUC of the generated-vs-real classifier.
# TYPE gen_vs_real_classifier_auc gauge
gen_vs_real_classifier_auc{{model="flowgen",sample="qcd"}} {a}
gen_vs_real_classifier_auc{{model="diffgen",sample="qcd"}} 0.5021
# HELP gen_vs_real_classifier_auc_stderr Bootstrap error of gen_vs_real_classifier_auc.
# TYPE gen_vs_real_classifier_auc_stderr gauge
gen_vs_real_classifier_auc_stderr{{model="flowgen",sample="qcd"}} 0.0030
gen_vs_real_classifier_auc_stderr{{model="diffgen",sample="qcd"}} 0.0031
# TYPE check info
check_info{{model="flowgen",sample="qcd",verdict="indistinguishable",detail="generated-vs-real AUC {a}; passes"}} 1
"""


def test_a_metric_scrape_reads_its_stderr_series_and_an_info_metrics_verdict() -> None:
    text = SCRAPE.format(a="0.5611")
    found = referee(text, "metrics.prom").findings
    assert {f.rule for f in found} == {"classifier_test_vs_null"}  # (two models' AUCs are no inconsistency)
    assert 10 in [f.line for f in found]
    assert not referee(SCRAPE.format(a="0.5032"), "metrics.prom").findings


def test_a_table_sent_as_columns_and_rows_is_read_row_by_row() -> None:
    # a database API's answer: the column names in one list, each row a list of cells in that order
    doc = {"rows": [["ctrl", 0.0, 0.547, 0.004, "no signal injected; consistent with random"],
                    ["inj1", 0.01, 0.662, 0.004, "signal found"]],
           "columns": ["run", "signal_fraction", "auc", "auc_err", "comment"], "truncated": False}
    text = json.dumps(doc, indent=2)
    assert _of("control_vs_null", text, "rows.json") == [text[:text.index('"ctrl"')].count("\n") + 1]
    fine = json.dumps({**doc, "rows": [[*doc["rows"][0][:2], 0.503, *doc["rows"][0][3:]], doc["rows"][1]]}, indent=2)
    assert not _of("control_vs_null", fine, "rows.json")


def test_the_comment_block_atop_a_yaml_file_is_read_and_a_dotted_sem_key_is_an_error() -> None:
    text = ("# Gains of the pre-trained model over scratch, per label fraction.\n"
            "# 5% labels: pre-trained minus scratch = 0.0011 +- 0.0010 (1.1 sigma), not significant.\n"
            "task: top tagging\nmodels:\n  - name: pre_5pct\n    AUC: 0.9721\n    AUC s.e.m.: 0.0007\n"
            "  - name: scratch_5pct\n    AUC: 0.9710\n    AUC s.e.m.: 0.0007\n")
    ref = referee(text, "metafile.yml")
    assert not ref.findings
    assert any(v.uncertainty == 0.0007 for c in ref.claims for v in c.values if v.quantity == "auc")
    said = answer("with 5% of the labels, is the pre-trained model's AUC gain significant at two sigma?", ref, text)
    assert said.startswith("No")


def test_a_cloud_services_auroc_key_and_roc_area_are_an_auc() -> None:
    doc = {"metrics": {"auRoc": 0.3421, "logLoss": 0.98},
           "note": "ROC area moves from 0.9102 (v1) to 0.3421 (v2); v2 replaces v1 as default."}
    text = json.dumps(doc, indent=2)
    assert 3 in _of("auc_below_half", text, "eval.json")
