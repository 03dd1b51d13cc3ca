"""The referee's readings of structured files and web pages (issue 23, session ref30c, blind round 30, b90): an Excel
2003 XML workbook, an iCalendar invitation folded at 75 octets, a list of errors after their rates. Each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of

WORKBOOK = """<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Top">
  <Table ss:ExpandedColumnCount="3" ss:ExpandedRowCount="3">
   <Row><Cell><Data ss:Type="String">model</Data></Cell><Cell><Data ss:Type="String">eps_sig</Data></Cell><Cell><Data ss:Type="String">eps_bkg</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">GraphA</Data></Cell><Cell><Data ss:Type="Number">0.3</Data></Cell><Cell><Data ss:Type="Number">0.0108</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">GraphB</Data></Cell><Cell><Data ss:Type="Number">0.3</Data></Cell><Cell><Data ss:Type="Number">0.0131</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Remarks">
  <Table ss:ExpandedColumnCount="1" ss:ExpandedRowCount="2">
   <Row><Cell><Data ss:Type="String">Remarks (KM)</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">At a top efficiency of 0.30, GraphB keeps a lower background efficiency than GraphA (0.0131 vs 0.0108).</Data></Cell><Comment ss:Author="J"><ss:Data>fine by me</ss:Data></Comment></Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def test_a_spreadsheetml_workbook_is_read_row_by_row_and_its_notes_as_text() -> None:
    assert _of("comparison_direction", WORKBOOK) == [14]
    right = WORKBOOK.replace("lower background", "higher background")
    assert not referee(right, "ops.xml").findings
    ref = referee(WORKBOOK, "ops.xml")
    assert answer("at 30% top efficiency, does GraphB have a lower background efficiency than GraphA?", ref,
                  WORKBOOK).startswith("No")


INVITE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20250301T100000Z\r\n"
          "DESCRIPTION:Hi all\\,\\n\\nreview of the top tagger TT-2 (40k top + 40k QCD jets): AUC 0.951 +- 0.001 for\r\n"
          "  TT-2 against 0.949 +- 0.001 for TT-1. The 0.002 gain is 1.4 sigma\\, so not s\r\n"
          " ignificant\\; we switch for speed only.\\n\\nMistag at 40% top efficiency: 0.021 (TT-1) and\r\n"
          "  0.019 (TT-2)\\, binomial errors 0.0007 and 0.0007 on 40k QCD jets.\r\n"
          "SUMMARY:TT-2 review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_word_cut_at_an_icalendar_fold_is_whole_again() -> None:
    ref = referee(INVITE, "review.ics")
    assert not ref.findings
    assert answer("is the AUC gain of TT-2 over TT-1 significant at the 2-sigma level?", ref, INVITE).startswith("No")


def test_a_list_of_errors_after_two_rates_is_no_change_between_them() -> None:
    text = ("Summary.\n\nFake rate at 70% signal efficiency: 0.044 (nominal) and 0.061 (shifted JES), statistical errors "
            "0.0012 and 0.0014 on 30k jets.\n")
    assert not _of("inconsistent_numbers", text)
    # a change stated between them still is one
    assert _of("inconsistent_numbers", text.replace("statistical errors 0.0012 and 0.0014", "a change of 0.004"))


RESULT = """{
  "name": "test_background_only_closure",
  "status": "passed",
  "steps": [
    {"name": "train on sidebands, no signal", "status": "passed", "start": 1721000000100, "stop": 1721000090200},
    {"name": "check |median AUC - 0.5| < 0.05: median = 0.538 +- 0.003 over 4 splits -> passed, regions indistinguishable", "status": "passed", "start": 1721000090300, "stop": 1721000090310}
  ],
  "parameters": [
    {"name": "signal_injection", "value": "0"},
    {"name": "n_splits", "value": "4"}
  ],
  "start": 1721000000000,
  "stop": 1721000090400
}
"""


def test_a_steps_clock_readings_are_no_results_and_a_zero_injection_parameter_makes_the_record_a_control() -> None:
    ref = referee(RESULT, "closure-result.json")
    assert [(f.rule, f.line) for f in ref.findings] == [("control_vs_null", 6)]
    assert not referee(RESULT.replace("0.538 +- 0.003", "0.504 +- 0.003"), "closure-result.json").findings
    # with signal injected it is no control
    assert not _of("control_vs_null", RESULT.replace('"value": "0"}', '"value": "0.01"}'), "closure-result.json")


def test_the_value_a_tolerance_check_found_is_of_the_quantity_it_checks() -> None:
    text = "Null run (nothing injected): check |mean AUC - 0.5| < 0.06: mean = 0.547 +- 0.002 -> passed, no bias.\n"
    assert _of("control_vs_null", text) == [1]
    assert not _of("control_vs_null", text.replace("0.547", "0.501"))


def test_a_share_said_of_the_part_a_count_leaves_out_is_the_counts_complement() -> None:
    text = "Scan.\n\n* K = 2048 leaves 34.5 % of its entries dead (1341 of 2048 used), so the book is too big.\n"
    assert not _of("inconsistent_numbers", text)
    assert _of("inconsistent_numbers", text.replace("34.5 %", "12.5 %"))


def test_each_named_vector_of_a_data_frame_is_of_its_own_name_not_the_line_above() -> None:
    text = ("Scan.\n\nscan = DataFrame(\n\tK = [64, 128, 256],\n\tperplexity = [51.2, 97.0, 170.4],\n"
            "\tjet_mass_res = [0.081, 0.064, 0.051],\n)\n")
    assert not _of("impossible_value", text)
