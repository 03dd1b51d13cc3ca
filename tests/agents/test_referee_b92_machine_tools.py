"""The referee's readings of machine tools' own output (issue 23, session ref31a, blind round 31, b92): CI step logs,
message-queue dumps, column-statistics printouts, log queries, monitor e-mails, data-frame prints. Each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.reading import guess_format
from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def _answer(question: str, text: str) -> str:
    return answer(question, referee(text, "r.txt"), text)


# -- answers -------------------------------------------------------------------------------------------------------

def test_fewer_background_jets_let_through_read_from_two_columns_under_a_header_naming_the_sides() -> None:
    text = ("Card for the visitors (30k W jets, 30k QCD jets)\n"
            "                       legacy cut-based        transformer tagger\n"
            "  W jets kept               40 %                    40 %\n"
            "  QCD jets let through      2.2 %                   2.6 %\n")
    q = "at 40% W efficiency, does the transformer tagger let through fewer QCD jets than the legacy cut-based one?"
    assert _answer(q, text).startswith("No")
    swapped = text.replace("2.2 %                   2.6 %", "2.6 %                   2.2 %")
    assert _answer(q, swapped).startswith("Yes")


def test_fewer_gluons_let_through_read_from_one_sides_mistag_and_the_others_bare_score_below_it() -> None:
    text = ("tagger-b7 gluon mistag at 30% quark efficiency is 0.081 on the weekly sample (5 000 + 5 000 jets).\n"
            "Warn level 0.080.\n"
            "For comparison tagger-a2 scored 0.074 on the same jets.\n")
    q = "does tagger-b7 let through fewer gluon jets than tagger-a2 on the weekly sample?"
    assert _answer(q, text).startswith("No")
    assert _answer(q, text.replace("0.074", "0.093")).startswith("Yes")


def test_a_distinguish_question_reads_the_classifier_test_of_the_model_it_names() -> None:
    text = ("Real-vs-generated classifier test, 5 folds on 20k + 20k jets:\n"
            "- holdout-real: AUC 0.501 +- 0.004, at 0.5 as expected for real against real.\n"
            "- flow-x9: AUC 0.547 +- 0.004, so its jets look just like the real ones.\n")
    q = "according to the classifier test, can a network tell flow-x9's jets apart from the real ones?"
    assert _answer(q, text).startswith("Yes")


def test_a_significance_that_shrinks_to_a_value_after_the_look_elsewhere_correction_is_the_global_one() -> None:
    text = ("largest excess: bin 07, z_local 2.9\n"
            "summary: a 2.9-sigma local bump that shrinks to 1.4 sigma after the look-elsewhere correction; no evidence.\n")
    q = "once the 30 scanned windows are taken into account, is the bin-07 excess still at 2 sigma or more?"
    assert _answer(q, text).startswith("No")
    assert _answer(q, text.replace("1.4 sigma", "2.4 sigma")).startswith("Yes")


# -- findings ------------------------------------------------------------------------------------------------------

def test_a_count_over_its_total_by_a_slash_must_match_the_percentage_beside_it() -> None:
    text = "INFO tokenizer: active entries 300/1024 (35.2%), unused 724\n"
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("35.2%", "29.3%"))


def test_a_superlatives_own_bracketed_pair_decides_when_the_table_above_is_ambiguous() -> None:
    text = ("model   w1m   w1p\n"
            "orca-fm   0.40  0.55\n"
            "lynx-gan   0.52  0.61\n"
            "wren-vae   0.70  0.80\n"
            "\n"
            "- lynx-gan models the jet mass best of the three: lowest W1M (0.52e-3, against 0.40e-3 for orca-fm).\n")
    assert 6 in _of("comparison_direction", text)
    fixed = text.replace("(0.52e-3, against 0.40e-3 for orca-fm)", "(0.40e-3, against 0.52e-3 for lynx-gan)") \
        .replace("- lynx-gan models", "- orca-fm models")
    assert 6 not in _of("comparison_direction", fixed)


def test_a_difference_column_the_report_defines_is_checked_row_by_row() -> None:
    text = ("pivot on tune, delta = nominal - varied\n"
            "| tagger | nominal | varied | delta |\n"
            "|---|---|---|---|\n"
            "| lstm | 0.7712 | 0.7530 | 0.0182 |\n"
            "| gnn | 0.8021 | 0.7911 | 0.0210 |\n")
    assert _of("inconsistent_numbers", text) == [5]
    assert not _of("inconsistent_numbers", text.replace("0.0210", "0.0110"))


def test_a_json_record_after_a_queue_consumers_timestamp_and_key_is_read_as_a_record() -> None:
    text = ('CreateTime:1700000000001\tbin03\t{"bin":"b03","auc":0.502,"z_local":0.3}\n'
            'CreateTime:1700000000002\tnull-run\t{"run":"no_signal","injected_s_over_b":0.0,"auc":0.571,"status":"ok"}\n')
    assert _of("control_vs_null", text) == [2]
    assert not _of("control_vs_null", text.replace('"auc":0.571', '"auc":0.503'))


def test_a_command_after_a_shell_prompt_does_not_swallow_the_csv_printed_below_it() -> None:
    text = ("$ head -3 out/scan_summary_v2.csv\n"
            "model,w1_mass,w1_pt,cls_auc\n"
            "ref-split,0.31,0.47,0.503\n"
            "gen-q,0.66,0.92,0.544\n")
    claims = extract(text, guess_format(text, "r.txt"))
    assert {c.line: c.kind for c in claims} == {3: "row", 4: "row"}  # the command states nothing ("-3" is no number)
    assert not _of("auc_below_half", text)


def _column_section(n: int, name: str, low: str, high: str, mean: str) -> str:
    return (f'  {n}. "{name}"\n\n\tType of data:          Number\n\tSmallest value:        {low}\n'
            f"\tLargest value:         {high}\n\tMean:                  {mean}\n\n")


def test_each_numbered_column_section_of_a_statistics_printout_is_its_own_column() -> None:
    text = ("$ cat out/folds.csv\nfold,auc_ref,auc_new\n0,0.612,0.701\n1,0.655,0.733\n2,0.630,0.715\n"
            "$ csvstat -c auc_ref,auc_new out/folds.csv\n" + _column_section(2, "auc_ref", "0.612", "0.655", "0.632")
            + _column_section(3, "auc_new", "0.701", "0.733", "0.716") + "Row count: 3\n")
    assert not _of("inconsistent_numbers", text)


def test_banners_after_a_loggers_tag_head_two_variants_numbers() -> None:
    text = ("[check] ------------ model_v9 (candidate) ------------\n"
            "[check] AUC              0.8812\n"
            "[check] ------------ model_v8 (reference, same jets) ------------\n"
            "[check] AUC              0.8790\n")
    assert not _of("inconsistent_numbers", text)


def test_a_rejection_its_own_lines_mistag_gives_is_another_models_not_a_restatement() -> None:
    text = ("[t] model-x: mistag @ eps_S = 0.30: 0.0125 (25 of 2000 QCD jets)\n"
            "[t] model-x: R30 = 1/mistag = 80.0\n"
            "[t] baseline (same jets): mistag 0.0200 (40 of 2000), R30 50.0\n")
    assert 3 not in _of("inconsistent_numbers", text)
    assert 3 in _of("inconsistent_numbers", text.replace("R30 50.0", "R30 65.0"))
