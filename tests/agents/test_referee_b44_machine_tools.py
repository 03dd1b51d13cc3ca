"""The referee's readings of machine-written tool outputs (issue 23, session ref23ab, blind round 19, b44):
each test a general reading, in words and numbers no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of

NESTED_CALL = ("> fits <- list(sig = f_sig, ctl = f_ctl)\n"
               "> vapply(fits, function(f) signif(as.numeric(pROC::auc(f$roc)), 3), numeric(1))\n"
               "  sig   ctl\n"
               "0.874 0.503\n"
               "> # ctl = background against background: consistent with random guessing, as it should be\n")


def test_a_whole_number_passed_after_nested_calls_is_an_argument() -> None:
    # "signif(as.numeric(auc(f)), 3)": the 3 is how many digits to keep, not an AUC of 3 read as the control's
    assert not _of("control_vs_null", NESTED_CALL, "session.txt")
    # a control really far from 0.5 and called random is still read
    far = NESTED_CALL.replace("ctl = background against background: consistent",
                              "the ctl AUC of 0.571 (background against background) is consistent")
    assert _of("control_vs_null", far, "session.txt")


TMVA_LIKE = ("Factory : Evaluation results ranked by best signal efficiency and purity (area)\n"
             "        : MVA method     ROC-integ\n"
             "        : Fisher       : 0.781\n"
             "        : Cuts         : 0.377\n"
             "bootstrap error on the ROC integral (25000 per class): Fisher 0.0021, Cuts 0.0024\n"
             "Cuts has the smallest ROC integral (0.377), so it is taken as the best method here.\n")


def test_a_roc_integral_is_an_auc_and_its_error_named_in_words_no_auc() -> None:
    # TMVA's "ROC-integ" is the area under the ROC curve: 0.377 ranks the classes backwards
    rules = _rules(TMVA_LIKE, "tmva.log")
    assert ("auc_below_half", 6) in rules
    # "error on the ROC integral: Fisher 0.0021": errors of the AUC, not AUCs a superlative is checked against
    assert not [r for r in rules if r[0] == "comparison_direction"]
    fine = TMVA_LIKE.replace("0.377", "0.688").replace("smallest", "second largest")
    assert not _of("auc_below_half", fine, "tmva.log")


def test_a_p_value_named_after_a_spread_word_is_a_p_value() -> None:
    # "a small fluctuation, local p = 0.012 (1.2 sigma)": the p-value is named after the word 'fluctuation', not its spread
    text = "bin 7: a small fluctuation, local p = 0.012 (1.2 sigma); left as is\n"
    assert ("inconsistent_numbers", 1) in _rules(text, "scan.txt")
    right = text.replace("1.2 sigma", "2.26 sigma")
    assert not _of("inconsistent_numbers", right, "scan.txt")


def test_a_note_headed_discovery_of_a_named_resonance_claims_one() -> None:
    # "discovery of a diphoton resonance at 1.2 TeV": a verdict written as a noun phrase, the object found named after it
    text = ("scan of 10 mass windows, background from the sideband fit; best window local 2.9 sigma\n"
            "note: discovery of a diphoton resonance at 1.2 TeV -> write paper\n")
    assert ("discovery_without_evidence", 2) in _rules(text, "notes.txt")
    sought = text.replace("discovery of a diphoton resonance", "search for a diphoton resonance")
    assert not _of("discovery_without_evidence", sought, "notes.txt")


CODEBOOKS = ("D SELECT name, k AS K, alive, perplexity FROM cb;\n"
             "┌────────┬───────┬───────┬────────────┐\n"
             "│  name  │   K   │ alive │ perplexity │\n"
             "│ varchar│ int64 │ int64 │   double   │\n"
             "├────────┼───────┼───────┼────────────┤\n"
             "│ vq_a   │   128 │   119 │      141.6 │\n"
             "│ vq_b   │  1024 │   960 │      702.3 │\n"
             "└────────┴───────┴───────┴────────────┘\n")


def test_a_row_of_column_types_under_the_names_is_no_header() -> None:
    # DuckDB prints the columns' types under their names: the names above the types head the rows
    assert ("impossible_value", 6) in _rules(CODEBOOKS, "duck.txt")
    within = CODEBOOKS.replace("141.6", "101.6")
    assert not _of("impossible_value", within, "duck.txt")


NOTES_TABLE = ("| run  | note                                                      |\n"
               "|------|-----------------------------------------------------------|\n"
               "| tk64 | decoded jet mass resolution 5.2% at this size            |\n"
               "| tk4k | the codec is lossless; it beats tk64 on every jet at K=64 |\n")


def test_a_note_cell_of_prose_between_short_words_is_read_as_prose() -> None:
    # a note column's sentence is read even when short words ("is", "it", "on") stand between its words
    assert ("absolute_words", 4) in _rules(NOTES_TABLE, "notes.md")
    hedged = NOTES_TABLE.replace("the codec is lossless;", "the codec is not lossless;")
    assert not _of("absolute_words", hedged, "notes.md")


def test_a_training_setting_written_key_equals_value_is_no_loss() -> None:
    # "bs=128 (val loss 2.41) beats bs=64 (val loss 2.37)": 64 is the batch size, the two losses are what is compared
    text = "batch size: bs=128 (0007, val loss 2.41) beats bs=64 (0003, val loss 2.37); keeping bs=128\n"
    assert ("comparison_direction", 1) in _rules(text, "tune.txt")
    right = text.replace("2.41", "2.31")
    assert not _of("comparison_direction", right, "tune.txt")


SUMMARY = ("run summary:\n"
           "    eval/sig_eff@mistag2pct       : 1.021\n"
           "    eval/sig_eff@mistag20pct      : 0.874\n"
           "    eval/auc                      : 0.951\n")


def test_a_working_point_joined_by_at_names_neither_the_quantity_nor_the_label() -> None:
    # "sig_eff@mistag2pct": a signal efficiency at a 2% mistag working point, not a mistag rate; the 2% and 20% points
    # are two labels, not one number stated twice
    rules = _rules(SUMMARY, "summary.txt")
    assert ("impossible_value", 2) in rules
    assert any("efficiency 1.021" in f.message for f in referee(SUMMARY, "summary.txt").findings)
    assert not [r for r in rules if r[0] == "inconsistent_numbers"]
    assert not _of("impossible_value", SUMMARY.replace("1.021", "0.521"), "summary.txt")


def test_a_verdict_naming_its_quantity_judges_the_change_on_the_line_above() -> None:
    # the line above gives the mistag rate's two ends; the verdict under it names the mistag rate and no error
    text = ("[cmp] mistag@eff50 0.0310 -> 0.0262 (-15% relative)\n"
            "[cmp] => the new tagger gives a significant reduction of the mistag rate\n")
    assert ("significance_unsupported", 2) in _rules(text, "cmp.log")
    given = text.replace("0.0310 -> 0.0262", "0.0310 +- 0.0005 -> 0.0262 +- 0.0005")
    assert not _of("significance_unsupported", given, "cmp.log")


POD_LOG = ("wf-anom-x7k2q-report-55012: [report] SR 4.1-4.5 TeV, 90000 events\n"
           "wf-anom-x7k2q-report-55012: [report]   nsig=800 : AUC 0.634 +/- 0.005  max SIC 9.0 at eps_S 0.10\n"
           "wf-anom-x7k2q-report-55012: [report]   nsig=0   : AUC 0.548 +/- 0.005  (background-only control)\n"
           "wf-anom-x7k2q-report-55012: [report] check: nsig=0 AUC compatible with no signal -> OK\n"
           "wf-anom-x7k2q-report-55012: [report] cut at eps_B = 0.004 (300 expected)\n")


def test_a_pod_named_log_line_is_a_record_and_its_control_is_read() -> None:
    # each "pod-name: [step]" line is a record of its own (no SIC from one line checked against another's eps_B); the
    # control's note follows its error bar, and "nsig=0 AUC": the 0 is nsig's, no AUC of 0
    rules = _rules(POD_LOG, "argo.log")
    assert ("control_vs_null", 3) in rules and ("control_vs_null", 4) in rules
    assert not [r for r in rules if r[0] == "inconsistent_numbers"]
    assert not _of("control_vs_null", POD_LOG.replace("0.548", "0.503"), "argo.log")


ALERT = ("Annotations:\n"
         " - description = Null probe (labels permuted) gives AUC 0.541 +/- 0.006, 6.8 sigma above 0.5; something leaks"
         " the label into the inputs.\n"
         " - summary = Probe AUC inconsistent with random guessing for 4 consecutive evaluations\n"
         "----- export of panel 3 (probe and control rows) -----\n"
         '"step","probe_auc","probe_auc_err"\n'
         '"400","0.541","0.006"\n'
         "----- end of export (control rows use 4000 jets per class) -----\n"
         "val_auc 0.9012 -> 0.9035 over steps 100-400\n")


def test_a_control_the_report_itself_says_failed_is_no_overlooked_control() -> None:
    # the report says the probe is inconsistent with chance and points to a leak: the failure is its own finding;
    # "inconsistent with random" is not "consistent with random", "4 consecutive evaluations" no AUC, and a closing
    # banner ("end of export ... control ...") heads no section
    assert not _of("control_vs_null", ALERT, "alert.txt")
    waved = ALERT.replace("something leaks the label into the inputs.", "fine.").replace(
        "Probe AUC inconsistent with random guessing", "Probe AUC consistent with random guessing")
    assert _of("control_vs_null", waved, "alert.txt")


def test_a_source_file_position_opening_each_line_makes_each_a_record() -> None:
    # "    eff_test.go:71: ...": each line a test writes is a record; the stated change is read on its own line
    text = ("=== RUN   TestRates\n"
            "    eff_test.go:40: TaggerA   light=0.0150  c=0.210\n"
            "    eff_test.go:40: TaggerB   light=0.0180  c=0.240\n"
            "    eff_test.go:71: light mistag 17% lower for TaggerA (0.0150 vs 0.0180)\n"
            "    eff_test.go:72: c mistag 30% lower for TaggerA (0.210 vs 0.240)\n"
            "--- PASS: TestRates (0.01s)\n")
    rules = _rules(text, "go.txt")
    assert ("inconsistent_numbers", 5) in rules and ("inconsistent_numbers", 4) not in rules
    assert not _of("inconsistent_numbers", text.replace("30% lower", "12.5% lower"), "go.txt")


def test_an_injection_scan_row_labelled_by_its_signal_count_names_no_test_set() -> None:
    # "n_sig=400 : AUC ..." labels a row of a scan over injected signal; the classifier's test set is the
    # 50000 per class stated above it, so a 0.003 spread over folds is no error below what 400 jets allow
    text = ("[report] classifier AUC per injection (4-fold mean +/- spread, 50000 per class):\n"
            "[report]   n_sig=400 : AUC 0.604 +/- 0.003\n"
            "[report]   n_sig=0   : AUC 0.502 +/- 0.003  (no-signal control)\n")
    assert not [r for r in _rules(text, "scan.log") if r[0] == "uncertainty_vs_sample_size"]
    # counts listed as the test set's classes still size it
    listed = "test set n_sig=400, n_bkg=400: AUC 0.604 +/- 0.003\n"
    assert ("uncertainty_vs_sample_size", 1) in _rules(listed, "scan.log")
