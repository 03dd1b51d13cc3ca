"""The referee's general readings of a claim's scope and partners (issue 23, ref23c): negation scope, settings' lines,
a psql session's queries, the error column of a row, errors that hold the test set's own statistical error."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.findings import Report
from agents.referee.numbers import qualifiers_of
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


def test_a_word_under_emphasised_negation_is_not_asserted() -> None:
    assert qualifiers_of("Why the tokenizer is *not* lossless.") == ["not_lossless"]
    assert qualifiers_of("The tokenizer is _not_ lossless here.") == ["not_lossless"]
    assert qualifiers_of("The tokenizer is lossless.") == ["lossless"]


def test_a_word_the_report_tells_not_to_use_is_not_asserted() -> None:
    assert qualifiers_of('Don\'t quote the 512-code row as "lossless": its perplexity is close to K.') == ["not_lossless"]
    assert qualifiers_of("Never call this a discovery.") == ["not_discovery"]
    assert qualifiers_of("We call this a discovery.") == ["discovery"]


INI = """[model.finetuned]
auc            = 0.9096 +/- 0.0008

[comparisons]
; differences of seed means, errors added in quadrature
finetuned_vs_pfn   = +0.0056 +/- 0.0012  ; 4.7 sigma -> significant
finetuned_vs_fixed = +0.0021 +/- 0.0013  ; 1.6 sigma -> not significant, freezing is fine here
pfn_vs_multiplicity = +0.0635            ; multiplicity is the weakest
"""


def test_a_settings_line_is_its_own_statement() -> None:
    by_line = {}
    for c in extract(INI, name="results.ini"):
        by_line.setdefault(c.line, []).append(c)
    sixth = " ".join(c.text for c in by_line[7])
    assert "0.0021" in sixth and "not significant" in sixth and "4.7" not in sixth
    assert not [r for r in _rules(INI, "results.ini") if r[0] == "significance_unsupported"]


PSQL = """jetgen_eval=> -- classifier two-sample tests, generated vs real jets
jetgen_eval=> SELECT model, round(auc,3) AS auc, round(auc_err,4) AS auc_err
jetgen_eval->   FROM clf_tests ORDER BY auc;
"""


def test_a_psql_query_is_code_and_its_comment_prose() -> None:
    claims = extract(PSQL, name="query.txt")
    assert not [v for c in claims for v in c.values], [c.text for c in claims]
    said = extract("db=> -- the no-signal control gives AUC 0.502\n" + PSQL, name="q.txt")
    assert [(c.line, v.quantity, v.value) for c in said for v in c.values] == [(1, "auc", 0.502)]


ROWS = """| run_id | strategy  | acc    | stat_err | n_test |
|--------|-----------|--------|----------|--------|
| 4471   | finetuned | 0.8410 | 0.0010   | 2000   |
"""


def test_a_rows_error_column_is_the_error_of_its_measured_value_not_of_its_id() -> None:
    row = [c for c in extract(ROWS) if c.kind == "row"][0]
    acc = [v for v in row.values if v.quantity == "accuracy"][0]
    assert acc.uncertainty == 0.001 and row.sample_size == 2000
    assert all(v.uncertainty is None for v in row.values if v is not acc)
    assert ("uncertainty_vs_sample_size", 3) in _rules(ROWS)  # binomial on 2000 jets: 0.0082


SPREAD = """Errors: seed spread (std over 5 seeds) or the statistical error of the test set, whichever is larger.

On 200 test jets the accuracy is 0.905 +- 0.002.
"""


def test_an_error_that_holds_the_test_sets_own_error_is_checked_despite_seed_spreads() -> None:
    assert ("uncertainty_vs_sample_size", 3) in _rules(SPREAD)
    spread_only = SPREAD.replace(" or the statistical error of the test set, whichever is larger", "")
    assert not [r for r in _rules(spread_only) if r[0] == "uncertainty_vs_sample_size"]


def test_a_named_significance_is_never_a_p_value() -> None:
    c = [c for c in extract("Nine windows were scanned: global p = 0.016, Z_glob = 2.15.\n") if c.values][0]
    assert [(v.quantity, v.value) for v in c.values if v.role == "result"] == [("p_value", 0.016), ("significance", 2.15)]
    assert [(v.quantity, v.value) for v in extract("The local excess gives Z_loc = 2.92.\n")[0].values] == [("significance", 2.92)]


def test_a_time_of_day_is_no_number_and_a_codebook_size_may_carry_an_adjective() -> None:
    c = extract("- **08:45** Mass resolution 11.5 GeV with 512 codes vs 4.8 GeV with 8192 conditional codes.\n")[0]
    assert [(v.quantity, v.value) for v in c.values] == [("resolution", 11.5), ("codebook_size", 512),
                                                          ("resolution", 4.8), ("codebook_size", 8192)]
    assert [v.value for v in extract("A ratio of 1:10 of signal to background gives AUC 0.61.\n")[0].values][:2] == [1, 10]
    assert [(v.quantity, v.value) for v in extract("The VQ-VAE uses 1022 active codes.\n")[0].values] != [("codebook_size", 1022)]


def test_looking_like_the_real_ones_is_a_realism_claim() -> None:
    assert qualifiers_of("nice, so the generated jets look like the real ones") == ["realistic"]
    assert qualifiers_of("the generated jets do not look like the real ones") == ["not_realistic"]


def test_two_round_signal_efficiencies_of_one_thing_are_two_working_points() -> None:
    two = ('comparisons {\n  a: "finetuned" b: "backbone_fixed" eps_s: 0.5\n  delta_rejection: 22.2\n}\n'
           'comparisons {\n  a: "finetuned" b: "backbone_fixed" eps_s: 0.3\n  delta_rejection: 84.0\n}\n')
    assert not [r for r in _rules(two, "run.textproto") if r[0] == "inconsistent_numbers"]
    misprint = "The backbone_fixed efficiency is 0.52.\n\nLater: the backbone_fixed efficiency is 0.31.\n"
    assert [r for r in _rules(misprint) if r[0] == "inconsistent_numbers"]


def test_a_signal_efficiency_takes_the_signal_jets_of_the_line_that_heads_it() -> None:
    log = "[09:52] Sig efficiency of the same cut on 500 validation signal jets:\n          eps_S = 0.31 +/- 0.002\n"
    assert ("uncertainty_vs_sample_size", 2) in _rules(log, "shift.txt")  # binomial on 500: 0.021
    assert not [r for r in _rules(log.replace("0.002", "0.021"), "shift.txt") if r[0] == "uncertainty_vs_sample_size"]


def test_the_optimum_of_a_quantity_is_where_a_number_is_taken_not_what_it_is() -> None:
    c = extract("TPR at max SIC before the fix is 0.31 +/- 0.002 on the 400 test signal events.\n")[0]
    assert [(v.quantity, v.value) for v in c.results()] == [("efficiency", 0.31)]
    assert ("uncertainty_vs_sample_size", 1) in _rules("TPR at max SIC before the fix is 0.31 +/- 0.002 on the 400 test "
                                                        "signal events.\n")


GRID = """ n_train |   strategy    | acc_mean | stat_err | n_test
---------+---------------+----------+----------+--------
    1000 | backbone_fixed|   0.8806 |   0.0015 |  50000
    1000 | scratch       |   0.7418 |   0.0020 |  50000
(2 rows)

-- * at 1k jets scratch already edges out the backbone-fixed variant (0.7418 vs 0.8806).
"""


def test_a_psql_grid_is_a_table_and_prose_quoting_its_numbers_takes_their_quantity() -> None:
    rows = [c for c in extract(GRID, name="q.txt") if c.kind == "row"]
    assert [(c.line, c.sample_size, [(v.quantity, v.value, v.uncertainty) for v in c.results()]) for c in rows] == [
        (3, 50000, [("accuracy", 0.8806, 0.0015)]), (4, 50000, [("accuracy", 0.7418, 0.002)])]
    said = [c for c in extract(GRID, name="q.txt") if c.line == 7][0]
    assert [v.quantity for v in said.results()] == ["accuracy", "accuracy"] and said.comparison.relation == "better"
    assert ("comparison_direction", 7) in _rules(GRID, "q.txt")


def test_an_auc_below_half_explained_anywhere_in_the_report_is_known() -> None:
    table = "| model | AUC |\n|---|---|\n| tau32 (raw) | 0.187 |\n| GPT-jet | 0.9812 |\n"
    far = "\n".join(f"Note {i}: nothing here." for i in range(10))
    assert ("auc_below_half", 3) in _rules(table)
    assert not [r for r in _rules(table + "\n" + far + "\n\nUsing -tau32 gives 1 - 0.187 = 0.813.\n") if r[0] == "auc_below_half"]


SHEET = """model,AUC,AUC_err,acc,R50,notes
ParT-finetuned,0.9005,0.0007,0.8312,30.5,pretrained on JetClass then fine-tuned
EFN-small,0.4370,0.0013,0.4452,1.8,lowest AUC of the table = least overlap -> best tagger
tau21 only,0.5630,0.0013,0.5468,2.5,cut-based baseline
"""


def test_a_csv_notes_column_is_free_text_and_names_no_columns_quantity() -> None:
    rows = {c.line: c for c in extract(SHEET, name="sheet.csv") if c.kind == "row"}
    assert sorted(rows) == [2, 3, 4]
    assert [(v.quantity, v.value) for v in rows[3].results()] == [("auc", 0.437), ("accuracy", 0.4452), ("rejection", 1.8)]  # R50: a rejection


def test_another_rows_auc_is_no_complement_of_this_one() -> None:
    assert ("auc_below_half", 3) in _rules(SHEET, "sheet.csv")  # 0.4370 + tau21's 0.5630 = 1 by chance
    same = "gpt_llr:\n  auc_raw: 0.2642\n  auc: 0.7358\n  auc_err: 0.0012\n"
    assert not [r for r in _rules(same, "m.yaml") if r[0] == "auc_below_half"]


TUNE = """| Trial name  |    inj | auc_sr_vs_sb    |
|-------------|--------|-----------------|
| trial_00003 | 0.0060 | 0.621 +- 0.004  |
| trial_00008 | 0.0000 | 0.581 +- 0.004  |

* Trial 00008 is the no-injection control. It reaches 0.581 +- 0.004, which shows the configuration is sensitive.
"""


def test_an_inj_column_at_zero_and_it_after_a_control_sentence_read_the_control() -> None:
    rows = {c.line: c for c in extract(TUNE) if c.kind == "row"}
    assert [v.role for v in rows[4].results()] == ["control"] and [v.role for v in rows[3].results()] == ["result"]
    said = [c for c in extract(TUNE) if c.kind == "prose" and c.results()][0]
    assert [(v.quantity, v.role) for v in said.results()] == [("auc", "control")]
    assert {("control_vs_null", 4), ("control_vs_null", 6)} <= set(_rules(TUNE))


PROM = """# HELP cwola_val_auc Held-out AUC of the SR-vs-SB classifier
cwola_val_auc{run="inj_0p6pct",window="3.3-3.7TeV"} 0.742
cwola_val_auc{run="nosig_ctrl",window="3.3-3.7TeV"} 0.612
cwola_val_auc_err{run="inj_0p6pct",window="3.3-3.7TeV"} 0.0049
cwola_val_auc_err{run="nosig_ctrl",window="3.3-3.7TeV"} 0.0056
"""


def test_a_prometheus_sample_is_a_named_value_with_its_err_metric_as_its_error() -> None:
    claims = extract(PROM, name="metrics.prom")
    assert [(c.line, [(v.quantity, v.value, v.uncertainty, v.role) for v in c.results()]) for c in claims if c.results()] == [
        (2, [("auc", 0.742, 0.0049, "result")]), (3, [("auc", 0.612, 0.0056, "control")])]
    assert ("control_vs_null", 3) in _rules(PROM, "metrics.prom")


def test_a_discovery_banner_is_a_discovery_claim() -> None:
    assert qualifiers_of("*** DISCOVERY: resonant anomaly at m_jj = 3.5 TeV (p = 3.4e-4, Z = 3.40) ***") == ["discovery"]
    assert "discovery" not in qualifiers_of("Discovery: none in this pass.")
    log = ("[02:41:10] look-elsewhere correction: disabled (--no-lee), 9 windows scanned\n"
           "[02:41:10] excess in w4: 79.4 events over a fitted background of 420.6 +/- 11.2\n"
           "[02:41:10] *** DISCOVERY: resonant anomaly at m_jj = 3.5 TeV (p = 3.4e-4, Z = 3.40) ***\n")
    assert ("discovery_without_evidence", 3) in _rules(log, "slurm.out")


def test_significant_after_the_sentence_that_gives_the_two_numbers_is_judged_on_them() -> None:
    text = ("- W tagging transfer (47:45): the pretrained backbone got 0.861 accuracy, versus 0.857 for the same "
            "architecture trained from scratch. Amara: \"So pretraining was significantly better there too.\"\n")
    c = extract(text)[0]
    assert [v.value for v in c.values] == [0.861, 0.857]  # "(47:45)" is a time
    assert [r for r in _rules(text) if r[0] == "significance_unsupported"]
    text_n = text.replace("scratch.", "scratch (± 0.0005 each, 400k test jets).")
    assert not [r for r in _rules(text_n) if r[0] == "significance_unsupported"]


DVC = """Path                      Metric            main       workspace    Change
metrics/tagging.json      auc               0.9795     0.9812       0.0017
metrics/tokenizer.json    recon_mse         0.00312    0.00287      -0.00025
metrics/tokenizer.json    perplexity        5874.1     6012.8       138.7
"""


def test_an_aligned_table_may_lead_its_rows_with_several_names() -> None:
    rows = {c.line: c for c in extract(DVC, name="diff.txt")}
    assert sorted(rows) == [2, 3, 4] and all(c.kind == "row" for c in rows.values())
    assert [(v.quantity, v.value) for v in rows[2].results()] == [("auc", 0.9795), ("auc", 0.9812)]
    assert not [v for v in rows[3].results() if v.quantity == "perplexity"]  # recon_mse is no perplexity
    assert not [r for r in _rules(DVC, "diff.txt") if r[0] == "impossible_value"]


def test_a_latex_sigma_of_the_mass_is_a_resolution() -> None:
    tex = ("\\item $512 \\to 8192$ codes: $\\sigma_m^{\\rm cond}$ $11.5 \\to 4.8$~GeV ($-58\\%$), "
           "$\\sigma_m^{\\rm MLP}$ $14.2 \\to 5.9$~GeV.\n"
           "\\item At 8192 codes the MLP tokenizer resolves the top mass better than the conditional one ($5.9$ vs $4.8$~GeV)\n")
    first = extract(tex, name="talk.tex")[0]
    assert [v.value for v in first.results("resolution")] == [11.5, 4.8, 14.2, 5.9]
    assert [r for r in _rules(tex, "talk.tex") if r[0] == "comparison_direction"]


def test_a_usage_counts_denominator_is_the_codebook_size_of_its_line() -> None:
    log = ("<out>codes used 7311/8192 (89.2%); code-usage perplexity 5874.1 (min required 2048)</out>\n"
           "<out>codes used 3702/4096 (90.4%); code-usage perplexity 5212.6 (min required 1024)</out>\n")
    assert [(v.quantity, v.value) for v in extract(log)[0].values if v.quantity == "codebook_size"] == [("codebook_size", 8192)]
    assert [r for r in _rules(log) if r[0] == "impossible_value"] == [("impossible_value", 2)]


def test_each_p_value_pairs_with_the_significance_after_it_on_its_own_line() -> None:
    text = ("(* Summary:\n   local  p = 1.35 x 10^-3  (3.0 sigma)\n"
            "   global p = 0.020         (3.2 sigma after the trials factor of 15) *)\n")
    assert [r for r in _rules(text, "nb.txt") if r[0] == "inconsistent_numbers"] == [("inconsistent_numbers", 3)]
    assert ("inconsistent_numbers", 1) in _rules("Your local p = 0.003 corresponds to Z_local ≈ 4.1.\n")
    assert not [r for r in _rules("Your local p = 0.003 corresponds to Z_local ≈ 2.75.\n") if r[0] == "inconsistent_numbers"]


def test_a_coin_flip_is_chance_not_an_inversion() -> None:
    assert "inverted" not in qualifiers_of("AUC 0.412 is a long way from the 0.5 coin flip, so the embeddings separate tops.")
    assert "inverted" in qualifiers_of("The score was flipped, so 0.412 becomes 0.588.")
    table = "| model | AUC |\n|---|---|\n| probe | 0.412 |\n\nAUC 0.412 is a long way from the 0.5 coin flip, so it is informative.\n"
    assert ("auc_below_half", 3) in _rules(table)


def test_a_prose_line_that_starts_with_key_equals_value_still_wraps() -> None:
    text = ("- Tagger (fine-tuned on top vs QCD): AUC 0.9803 -> 0.9815, background rejection at\n"
            "  eps_S = 0.5 up 23% (312 -> 355); mistag down.\n")
    first = extract(text)[0]
    assert "rejection at eps S = 0.5 up 23%" in first.text


def test_a_relative_change_with_its_ends_in_parentheses_is_checked_against_them() -> None:
    bad = "The background rejection at eps_S = 0.5 is up 23% (312 -> 355) after the fix.\n"
    assert [r for r in _rules(bad) if r[0] == "inconsistent_numbers"]
    good = bad.replace("23%", "14%")
    assert not [r for r in _rules(good) if r[0] == "inconsistent_numbers"]


def test_one_seed_stated_for_all_the_numbers_holds_for_each_claim() -> None:
    text = ("All numbers are a single seed (seed 0) per side.\n\n"
            "- At eps_S = 0.3 the rejection goes 1205 -> 1322 (+9.7%), a significant gain from masking.\n")
    assert ("significance_unsupported", 3) in _rules(text)
    one_run = text.replace("All numbers are a single seed (seed 0) per side.", "One of the runs used a single seed.")
    for t, want in ((text, 1), (one_run, None)):
        claims = extract(t)
        assert Report(t, claims).seeds(claims[-1]) == want
