"""The referee's readings of structured files and human genres (issue 23, session ref31c, blind round 31, b94): a
database dump, Graphite's plaintext protocol, hex character references, a BibTeX reading list, a release card, a summary
table with a combined error column. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_sentence_that_explains_the_auc_scale_calls_no_result_random() -> None:
    text = ("My tagger scored an AUC of 0.87 on 3,000 signal and 3,000 background jets.\n"
            "The AUC is the probability that a random signal jet outscores a random background jet, so 0.5 means chance "
            "and 1 means perfect.\n")
    assert not _of("control_vs_null", text)
    # a sentence that does call the result random is still read
    said = text.replace("The AUC is the probability that a random signal jet outscores a random background jet, so 0.5 "
                        "means chance and 1 means perfect.", "That is consistent with random, so this control passes.")
    assert _of("control_vs_null", said)


def test_each_bibtex_entry_is_its_own_paper() -> None:
    text = ("@article{first2022,\n"
            "  title  = {A GAN for jets},\n"
            "  annote = {We reran it: real-vs-generated classifier AUC 0.688 +- 0.004 on 20k + 20k jets.}\n"
            "}\n\n"
            "@misc{second2024,\n"
            "  title  = {A diffusion model for jets},\n"
            "  annote = {Their real-vs-generated classifier AUC 0.603 +- 0.004 on 20k + 20k jets.}\n"
            "}\n")
    assert not _of("inconsistent_numbers", text)
    # within one entry, two values of one number still conflict
    one = text.replace("}\n\n@misc{second2024,\n  title  = {A diffusion model for jets},\n", "")
    assert _of("inconsistent_numbers", one)


def test_a_release_tag_in_brackets_after_the_first_end_of_a_change() -> None:
    text = "notes=release 5.0.1 lowers the 30% WP fake rate from 1.90% (4.2.0) to 1.45% on one QCD sample.\n"
    assert not _of("comparison_direction", text)
    assert _of("comparison_direction", text.replace("lowers", "raises"))


def test_a_database_dump_reads_its_inserts_as_rows_of_the_created_table() -> None:
    text = ("BEGIN TRANSACTION;\n"
            "CREATE TABLE scans(\n"
            "  tag TEXT PRIMARY KEY,\n"
            "  injected_sb REAL,   -- signal fraction injected in the window\n"
            "  auc REAL,           -- SR-vs-SB AUC, mean over folds\n"
            "  auc_std REAL,       -- spread over the folds\n"
            "  verdict TEXT\n"
            ");\n"
            "INSERT INTO scans VALUES('ctl',0.0,0.56099999999999994316,0.0050000000000000001041,"
            "'no-signal control: compatible with random');\n"
            "INSERT INTO scans VALUES('inj5',0.0050000000000000001041,0.63200000000000000622,0.0060000000000000001249,'done');\n"
            "COMMIT;\n")
    assert _of("control_vs_null", text) == [9]
    near = text.replace("0.56099999999999994316", "0.50299999999999995826")
    assert not _of("control_vs_null", near)
    q = "for the run with no injected signal, is the mean AUC within two fold standard deviations of 0.5?"
    assert answer(q, referee(text), text).startswith("No")
    assert answer(q, referee(near), near).startswith("Yes")


def test_graphite_plaintext_lines_are_records_of_their_metric_path() -> None:
    text = ("$ ./push_metrics.sh --dry-run\n"
            "tagger.nightly.sampleA.auc_raw 0.2310 1718000000\n"
            "tagger.nightly.sampleA.auc 0.7690 1718000000\n"
            "tagger.nightly.sampleB.auc_raw 0.2544 1718000000\n"
            "tagger.nightly.sampleB.auc 0.7456 1718000000\n"
            "The raw column is p(background) scored against signal = 1 labels, so it is inverted; auc = 1 - auc_raw.\n")
    ref = referee(text)
    assert not ref.findings
    q = "taken as exported in auc_raw, does the sampleB score rank signal above background more often than chance?"
    assert answer(q, ref, text).startswith("No")
    assert "0.2544" in answer(q, ref, text)


def test_hex_character_references_are_decoded_before_reading() -> None:
    text = ("<p>The second excess has a local p-value of 4.1 &#x00D7; 10<sup>&#x2212;3</sup>, a local significance "
            "of 3.6&#x03C3;.</p>\n")
    assert _of("inconsistent_numbers", text)
    assert not _of("inconsistent_numbers", text.replace("3.6&#x03C3;", "2.6&#x03C3;"))


def test_a_combined_error_column_is_the_error_of_the_rows_gain() -> None:
    text = ("Gain of the pre-trained model over scratch, same test jets for every row.\n\n"
            "  labels  scratch  pretrained  gain     comb. err   ratio\n"
            "  0.005   0.7710   0.8105      +0.0395  0.0110      3.6\n"
            "  0.05    0.8804   0.8851      +0.0047  0.0092      0.5\n"
            "  0.5     0.9603   0.9611      +0.0008  0.0061      0.1\n")
    ref = referee(text)
    q = "at the 5% label fraction, is the pre-training gain larger than two combined errors?"
    assert answer(q, ref, text).startswith("No")
    q = "at the 0.5% label fraction, is the pre-training gain larger than two combined errors?"
    assert answer(q, ref, text).startswith("Yes")


_CARD = ("<table>\n"
         "<thead><tr><th>No.</th><th>Entry</th><th>Owner</th><th>AUC</th><th>background mistag at 30%</th></tr></thead>\n"
         "<tbody>\n"
         "<tr><td>1</td><td>Silver Arrow</td><td>B. Keane</td><td>0.9721</td><td>0.412%</td></tr>\n"
         "<tr><td>2</td><td>Night Owl</td><td>C. Duarte</td><td>0.9744</td><td>0.365%</td></tr>\n"
         "<tr><td>3</td><td>Back Spin</td><td>D. Roy</td><td>0.9702</td><td>0.455%</td></tr>\n"
         "</tbody>\n"
         "</table>\n"
         "<p><b>Silver Arrow</b> is my pick for the cup.\n"
         "At 30% it lets fewer background jets through than any other entry.</p>\n")


def test_a_comparative_against_every_other_row_said_of_the_thing_named_just_before() -> None:
    # (an HTML table whose cells hold a person's initial, "B. Keane", is read as a table, its rows the entries)
    assert _of("comparison_direction", _CARD, "card.html") == [10]
    right = _CARD.replace("<b>Silver Arrow</b>", "<b>Night Owl</b>")
    assert not _of("comparison_direction", right, "card.html")


def test_an_inversion_word_in_a_title_case_name_explains_nothing() -> None:
    text = ("| entry | AUC |\n|---|---|\n| Flip Side | 0.31 |\n| Steady Hand | 0.88 |\n\n"
            "Flip Side posted the lowest AUC of the two, so it separates best.\n")
    assert _of("auc_below_half", text)
    said = text + "Its score came out inverted: the labels were swapped, 1 - 0.31 = 0.69.\n"
    assert not _of("auc_below_half", said)


_CV = (",param_depth,fold0_auc,fold1_auc,fold2_auc,mean_auc,std_auc,rank_auc\n"
       "0,3,0.9011,0.9023,0.9005,0.9013,0.0007,3\n"
       "1,5,0.9102,0.9087,0.9111,0.9100,0.0010,1\n"
       "2,7,0.9060,0.9075,0.9049,0.9061,0.0011,2\n")


def test_a_cross_validation_rows_mean_is_the_mean_of_its_fold_columns() -> None:
    assert not _of("inconsistent_numbers", _CV, "cv.csv")
    assert _of("inconsistent_numbers", _CV.replace("0.9061,0.0011", "0.9091,0.0011"), "cv.csv") == [4]


def test_a_rank_column_orders_the_rows_by_their_mean() -> None:
    assert not _of("comparison_direction", _CV, "cv.csv")
    swapped = _CV.replace("0.0007,3", "0.0007,2").replace("0.0011,2", "0.0011,3")
    assert _of("comparison_direction", swapped, "cv.csv") == [2]


_CORR = """{
  "schema_version": 2,
  "corrections": [
    {
      "name": "Htag_new_eff",
      "description": "Share of truth-matched H jets that pass the medium working point, per pT bin.",
      "output": {"name": "eff", "type": "real", "description": "tagging efficiency (passing / all)"},
      "data": {"nodetype": "binning", "input": "pt", "edges": [250, 400, 600, 1000],
        "content": [0.612, 0.655, 0.671], "flow": "clamp"}
    },
    {
      "name": "Htag_new_mistag",
      "description": "Share of QCD jets passing the medium WP; it is below Htag_old_mistag in every pT bin.",
      "output": {"name": "mistag", "type": "real", "description": "QCD mistag rate"},
      "data": {"nodetype": "binning", "input": "pt", "edges": [250, 400, 600, 1000],
        "content": [0.0140, 0.0152, 0.0161], "flow": "clamp"}
    },
    {
      "name": "Htag_old_mistag",
      "description": "Older tagger, same jets and bins.",
      "output": {"name": "mistag", "type": "real", "description": "QCD mistag rate"},
      "data": {"nodetype": "binning", "input": "pt", "edges": [250, 400, 600, 1000],
        "content": [0.0171, 0.0169, 0.0175], "flow": "clamp"}
    }
  ]
}
"""


def test_a_correction_whose_output_is_a_rate_has_every_bin_in_zero_one() -> None:
    assert not _of("impossible_value", _CORR, "corr.json")
    assert _of("impossible_value", _CORR.replace("0.655", "1.055"), "corr.json") == [9]


def test_a_correction_said_lower_than_another_in_every_bin_is_checked_bin_by_bin() -> None:
    assert not _of("comparison_direction", _CORR, "corr.json")
    assert _of("comparison_direction", _CORR.replace("0.0152", "0.0172"), "corr.json") == [13]


def test_a_clause_with_no_subject_goes_on_with_the_record_measured_just_before() -> None:
    text = ('  result { metric: "val_acc" value: 0.8833 } result { metric: "val_nll" value: 0.3012 }\n'
            '  note: "top val_acc so far; significantly better than the baseline run (0.8816), so we keep it"\n')
    assert _of("significance_unsupported", text, "study.textproto") == [2]
    said = text.replace("(0.8816)", "(0.8816, p = 0.003 from a paired bootstrap)")
    assert not _of("significance_unsupported", said, "study.textproto")


def test_an_error_key_on_the_line_under_its_value_is_that_values_error() -> None:
    text = ("eval.n_signal=3000\n"
            "eval.n_background=3000\n"
            "wp40.bkg_mistag=0.0350\n"
            "wp40.bkg_mistag.err=0.0003\n")
    assert _of("uncertainty_vs_sample_size", text, "card.properties") == [3]
    assert not _of("uncertainty_vs_sample_size", text.replace("0.0003", "0.0034"), "card.properties")


def test_a_flood_of_cross_validation_header_lines_is_read_once(monkeypatch) -> None:
    """Lines read as one table's rows are no header of another: 5000 copies of a cv_results_ header were each read as a
    table over the 2000 lines after it (ten million CSV parses, a minute per report)."""
    import csv

    from agents.referee import consistency
    from agents.referee.rules import Report

    parsed = 0
    reader = csv.reader

    def counting(lines):
        nonlocal parsed
        parsed += 1
        return reader(lines)

    monkeypatch.setattr(consistency.csv, "reader", counting)
    head = "idx,split0_test_score,split1_test_score,split2_test_score,mean_test_score,rank_test_score"
    list(consistency.cv_columns(Report("\n".join([head] * 5000), [])))
    assert parsed < 10_000, parsed
