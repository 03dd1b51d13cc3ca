"""The referee's readings of machine-tool outputs (issue 23, session ref23af, blind round 20, b48): each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_r_with_an_efficiency_is_a_rejection_and_a_symbol_after_at_is_the_working_point() -> None:
    # "R30" is the background rejection at 30% signal efficiency; "@eS=0.3" is where a rate is taken, no rate itself
    text = ("[cmp] mistag@eS=0.3      0.00150    0.00125\n"
            "[cmp] R30 = 1/mistag      667        800\n"
            "[cmp] verdict: GNN-b outperforms GNN-a at eS=0.3 (R30 667 vs 800)\n")
    assert _of("comparison_direction", text, "cmp.log") == [3]
    assert not _of("inconsistent_numbers", text, "cmp.log")
    right = text.replace("(R30 667 vs 800)", "(R30 800 vs 667)")
    assert not _of("comparison_direction", right, "cmp.log")
    rates = [v for c in extract(text, name="cmp.log") if c.line == 1 for v in c.values]
    assert [(v.quantity, v.role) for v in rates][:2] == [("efficiency", "setting"), ("fake_rate", "result")]


def test_a_printout_of_keyed_fields_keeps_each_field_on_its_line() -> None:
    # four different lower-case keys: a field printout, so the null check's verdict is not glued to the line above
    text = ("scan: 6 windows in m_jj\n"
            "model: boosted trees, 4 folds\n"
            "windows with a deficit show negative Z, as expected for about half of them\n"
            "null check: shuffled sidebands only, AUC = 0.574 +- 0.004 (30000 events)\n"
            "null verdict: consistent with no signal\n"
            "next: look at the mass plots\n")
    assert _of("control_vs_null", text, "run.out")[:1] == [4]
    fine = text.replace("0.574 +- 0.004", "0.503 +- 0.004")
    assert not _of("control_vs_null", fine, "run.out")
    # one such line in prose is a wrapped sentence: "NOT" / "lossless: ..." goes on
    prose = ("The baseline codec we ship is NOT\nlossless: decoded jets reproduce the mass with a 3.9% resolution.\n")
    assert not _of("absolute_words", prose)


def test_lossless_said_of_a_stored_copy_claims_no_reconstruction() -> None:
    text = ("codes saved as int16 (0-1023), a lossless copy of the token stream on disk\n"
            "decoded jets: mass resolution 3.1%, pT bias -0.6%.\n")
    assert not _of("absolute_words", text, "tok.log")
    claimed = text.replace("a lossless copy of the token stream on disk", "so the tokenizer is lossless")
    assert 1 in _of("absolute_words", claimed, "tok.log")


def test_a_row_opened_by_a_pairing_names_one_test() -> None:
    # "sim vs sim" and "gen vs sim": two tests, one AUC each, neither row a restatement of the other
    text = ("two-sample classifier, 40000/40000 held out:\n"
            "  sim half 1 vs sim half 2     AUC = 0.499 +- 0.002   (reference, consistent with 0.5)\n"
            "  gen vs sim                   AUC = 0.587 +- 0.002\n"
            "Summary: the generated showers are indistinguishable from simulation\n")
    assert not _of("inconsistent_numbers", text, "c2st.txt")
    assert _of("classifier_test_vs_null", text, "c2st.txt") == [3, 4]


def test_a_ci_line_of_kind_date_and_time_is_a_record() -> None:
    # "build<TAB>02-Apr-2026 03:10:11<TAB>...": each CI line a record, its date no number of the message
    lines = ["[eval] AUC = 0.7712 +- 0.0015 on 80000 jets",
             "[eval] control with shuffled labels: AUC = 0.499 +- 0.002 -> consistent with nothing to learn",
             "[eval] ONNX vs torch: 0 of 80000 outputs differ above 1e-6 -> perfect agreement"]
    text = "".join(f"build\t02-Apr-2026 03:10:{10 + i}\t{line}\n" for i, line in enumerate(lines))
    assert not _rules(text, "ci.log")
    broken = text.replace("0.499 +- 0.002", "0.540 +- 0.002")
    assert _of("control_vs_null", broken, "ci.log") == [2]


def test_perfect_for_a_count_of_all_cases() -> None:
    # "3000/3000 right: perfect" and "0 of 500 differ -> perfect" say what the count says; an AUC elsewhere is another test
    text = ("Tagger AUC 0.9431 +- 0.0008.\n"
            "Sanity check with the label fed in as a feature: 3000/3000 right, perfect as it should be.\n")
    assert not _of("absolute_words", text)
    short = text.replace("3000/3000", "2987/3000")
    assert _of("absolute_words", short) == [2]
    agree = "Tagger AUC 0.9431 +- 0.0008.\nExported graph vs eager: 0 of 500 scores differ -> perfect agreement.\n"
    assert not _of("absolute_words", agree)


def test_a_count_keyed_table_row_is_found_by_the_count_a_sentence_names() -> None:
    # "at 500 jets" picks the row whose 'jets' cell is 500; its two AUCs are the sides, their errors judge 'significant'
    text = ("jets       pretrained AUC      random-init AUC     gain\n"
            "  50       0.801 +- 0.004      0.760 +- 0.004      +0.041 +- 0.006  (7 sigma)\n"
            "  500      0.874 +- 0.003      0.870 +- 0.003      +0.004 +- 0.004\n"
            "result: at 500 jets the pretrained model gives a significant improvement over random init\n")
    assert _of("significance_unsupported", text, "fewshot.log") == [4]
    rows = {c.line: c for c in extract(text, name="fewshot.log") if c.kind == "row"}
    assert sorted(rows) == [2, 3]
    fine = text.replace("at 500 jets", "at 50 jets")
    assert not _of("significance_unsupported", fine, "fewshot.log")


def test_a_name_after_an_arrow_is_of_the_number_it_turns_into() -> None:
    # "eps_B@eps_S=.4 = .031 -> R40 32.3": .031 is the mistag rate, 32.3 the rejection
    text = "val AUC .912 | eps_B@eps_S=.4 = .031 -> R40 32.3\n"
    vals = [(v.quantity, v.value) for c in extract(text) for v in c.results()]
    assert ("fake_rate", 0.031) in vals and ("rejection", 32.3) in vals
    assert not _rules(text)


def test_a_csv_column_condition_is_of_the_name_before_its_equals_sign() -> None:
    # the column "eps_B@eps_S=0.4" holds mistag rates at the signal efficiency 0.4 (the 0.4 is no mistag rate)
    text = "model,AUC,eps_B@eps_S=0.4,R40\nA,0.912,0.031,32.3\nB,0.905,0.035,28.6\n"
    assert not _of("inconsistent_numbers", text, "t.csv")
    wrong = text.replace("28.6", "40.1")
    assert _of("inconsistent_numbers", wrong, "t.csv") == [3]


SQL = """mysql> SELECT id, model, sample, auc, auc_err, note FROM evals;
+------+--------+--------+-------+---------+-----------------------------+
| id   | model  | sample | auc   | auc_err | note                        |
+------+--------+--------+-------+---------+-----------------------------+
|   17 | gnn_a  | zprime | 0.640 |   0.006 | graph net, MSE loss         |
|   18 | gnn_b  | zprime | 0.702 |   0.006 | graph net, NLL loss         |
|   19 | gnn_a  | hbb    | 0.360 |   0.006 | scores Hbb jets as ordinary |
+------+--------+--------+-------+---------+-----------------------------+
"""


def test_a_sql_client_table_under_plus_borders_names_its_columns() -> None:
    # "+----+----+" borders a MySQL grid: "auc" heads its column, the id is no result, the note names no quantity
    rows = {c.line: c for c in extract(SQL, name="q.txt") if c.kind == "row"}
    assert [(v.quantity, v.value) for v in rows[5].results()] == [("auc", 0.64)]
    # the AUC of 0.360 is gnn_a on another sample than the 0.640 two rows above: no complement of it, an inverted score
    assert _of("auc_below_half", SQL, "q.txt") == [7]
    explained = SQL.replace("scores Hbb jets as ordinary", "score sign flipped by a bug ")
    assert not _of("auc_below_half", explained, "q.txt")


def test_two_queries_of_stored_rows_print_one_record() -> None:
    # a second SELECT reads the rows the first printed; a different number there contradicts them
    text = ("sqlite> SELECT model, auc FROM evals;\n"
            "model | auc\n------+------\nedgenet | 0.912\n"
            "sqlite> -- best run per model\n"
            "sqlite> SELECT model, auc FROM best_runs;\n"
            "model | auc\n------+------\nedgenet | 0.921\n")
    assert _of("inconsistent_numbers", text, "db.txt")
    same = text.replace("0.921", "0.912")
    assert not _of("inconsistent_numbers", same, "db.txt")


def test_two_equal_counts_joined_by_a_slash_are_the_classes_of_a_test() -> None:
    text = "| null_check_auc | 0.502 +- 0.003 (data vs sampled background, 25000/25000) |\n"
    assert not _rules(text, "t.md")
    vals = [(v.value, v.role) for c in extract(text, name="t.md") for v in c.values]
    assert (25000.0, "size") in vals


def test_a_ratio_worked_out_then_its_percentage() -> None:
    # 20.0 -> 16.0 ms is -20% time (1.25x speed-up, +25% throughput); -30% is neither
    text = "[perf] speed-up 20.0/16.0 = 1.25x, i.e. time per event -30%\n"
    assert _of("inconsistent_numbers", text, "perf.log") == [1]
    assert not _of("inconsistent_numbers", text.replace("-30%", "-20%"), "perf.log")
    assert not _of("inconsistent_numbers", text.replace("time per event -30%", "throughput +25%"), "perf.log")


def test_a_signed_percentage_called_relative_is_a_change() -> None:
    text = ("tagger_b mistag 0.0240 +- 0.0015, tagger_a mistag 0.0275 +- 0.0016\n"
            "tagger_b has the lower mistag: -13% relative, 1.6 sigma, not significant on 10000 background jets\n")
    assert not _of("impossible_value", text, "chat.txt")


def test_money_spent_is_no_change() -> None:
    text = "usage: prompt tokens 15320, completion tokens 1804, cost 0.0037 USD\n"
    assert not _rules(text, "agent.log")


def test_a_ranking_read_backwards_explains_an_auc_below_half() -> None:
    text = ("p_bkg column AUC 0.214 (p_sig column 0.786)\n"
            "note: the p_bkg AUC is the same ordering read backwards, not another model\n")
    assert not _of("auc_below_half", text)
    unexplained = text.replace("the same ordering read backwards, not another model", "our weakest tagger")
    assert _of("auc_below_half", unexplained)


def test_a_factor_in_an_expression_worked_out_is_no_result() -> None:
    # ">> printf(..., R40, R40^2*3.1e-4)": the constant multiplies a rejection, it is none
    text = (">> printf('R40 = %.1f +/- %.1f\\n', R40, R40^2*3.1e-4)\n"
            "R40 = 52.3 +/- 0.8\n")
    assert not _of("impossible_value", text, "session.txt")
    # a working point written inside a key name stays the key's: a rejection of 0.74 is still impossible
    key = "metadata: rejection_at_eff40 = 0.74\n"
    assert _of("impossible_value", key, "run.log") == [1]


def test_a_run_number_keys_no_object_another_query_could_name() -> None:
    # the runs table is keyed by run number, the view of the same rows by sample: the words of the row decide, and the
    # vertical record banner of "\G" opens no new run
    text = ("mysql> SELECT id, model, sample, eff_sig FROM runs;\n"
            "+-----+-------+--------+---------+\n| id  | model | sample | eff_sig |\n+-----+-------+--------+---------+\n"
            "| 301 | gnn_b | zprime |   0.481 |\n| 302 | gnn_b | hbb    |   0.377 |\n"
            "+-----+-------+--------+---------+\n"
            "mysql> SHOW CREATE VIEW best\\G\n*************************** 1. row ***************************\n"
            "View: best\n"
            "mysql> SELECT * FROM best;\n"
            "+--------+-------+---------+\n| sample | model | eff_sig |\n+--------+-------+---------+\n"
            "| zprime | gnn_b |   0.418 |\n+--------+-------+---------+\n")
    assert _of("inconsistent_numbers", text, "db.txt") == [15]
    assert not _of("inconsistent_numbers", text.replace("0.418", "0.481"), "db.txt")



def test_a_described_method_in_a_json_record_names_no_quantity_of_its_numbers() -> None:
    # merging round 20's readings read "bkg efficiency" in a record's method description as the quantity of every unnamed
    # number of the record, and then the excess (observed - fitted) as a change from the window's centre to the p-value
    record = ("    tool_result:\n"
              '      {"w05": {"mjj_center_TeV": 4.1, "window_TeV": [3.90, 4.30],\n'
              '               "classifier": "boosted BDT, 4-fold, cut at 0.5% bkg efficiency",\n'
              '               "n_obs": 912, "n_bkg_fit": 850, "n_bkg_fit_err": 9,\n'
              '               "excess": 62, "Z_local": 2.1, "p_local": 0.018}}\n')
    assert not _of("inconsistent_numbers", record, "trace.txt")
    values = [(v.shown, v.quantity) for c in extract(record, name="trace.txt") if c.kind == "row" for v in c.values]
    assert ("4.1", "fake_rate") not in values and ("62", "fake_rate") not in values
