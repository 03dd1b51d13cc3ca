"""The referee's readings fitted on blind batch b114 (structured and web files): a data table nested in a page's layout
tables, a percent change of gluons or quarks after its own 'from ... to', the old end given as a symbol ('from 1/eps_B =
...'), 'a genuine step up', a verdict whose colon leads to the pair of numbers on the next line, a summary's 'A ahead of
B (x vs y)' without a verb, an excess said to pass the discovery threshold, a record's key that says a p-value is local,
a logfmt record that stands alone. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _page(note: str) -> str:
    # an e-mail laid out in tables: the data table sits in a cell of the outer ones, the note two lines below it
    return ("<html><body>\n<table id=\"outer\">\n<tr>\n<td>\n<table class=\"inner\">\n<tr><td>\n"
            "<p>Results at the 60% working point:</p>\n"
            "<table>\n<tr><th>tagger</th><th>light mistag</th></tr>\n<tr><td>Old</td><td>0.0052</td></tr>\n"
            "<tr><td>New</td><td>0.0061</td></tr>\n</table>\n\n"
            f"<p>{note}</p>\n"
            "<p>More news next month.</p>\n<p>Bye.</p>\n</td></tr>\n</table>\n</td>\n</tr>\n</table>\n</body></html>\n")


def test_a_table_nested_in_layout_tables_keeps_its_lines() -> None:
    page = _page("With a light mistag of 0.0061 against 0.0052 for Old, New now beats it on light jets.")
    found = [line for rule, line in _rules(page, "news.html") if rule == "comparison_direction"]
    assert found == [14]  # the note's own line, not one shifted by the outer tables' cells


def test_a_nested_table_with_a_right_claim_is_clean() -> None:
    page = _page("With a light mistag of 0.0052 against 0.0061 for New, Old still beats it on light jets.")
    assert not [r for r, _ in _rules(page, "news.html") if r == "comparison_direction"]


def test_a_percent_fewer_gluons_is_the_change_between_its_from_and_to() -> None:
    text = ("The gluon fake rate at 30% quark efficiency drops from 5.00% to 4.00%, i.e. 40% fewer gluons pass, and "
            "the rejection rises by about 5 as well.\n")
    assert ("inconsistent_numbers", 1) in _rules(text)
    right = text.replace("40% fewer", "20% fewer")
    assert not [r for r, _ in _rules(right) if r == "inconsistent_numbers"]


def test_the_old_end_given_as_a_symbol_is_still_the_from_end() -> None:
    text = "Pre-training lifts the rejection at 50% signal efficiency from 1/eps_B = 200 to 250, a 20% improvement.\n"
    assert ("inconsistent_numbers", 1) in _rules(text)  # 250/200 is +25%, 20% is the gain over the new value
    assert not [r for r, _ in _rules(text.replace("a 20%", "a 25%")) if r == "inconsistent_numbers"]


def test_a_genuine_step_up_whose_numbers_follow_the_colon_is_judged_by_them() -> None:
    text = ("The retrained model is a genuine step up from the old one:\n"
            "AUC 0.7712 vs 0.7690 (each +- 0.004 on 4,000 test jets).\n")
    assert [r for r, _ in _rules(text) if r == "significance_unsupported"]
    wide = text.replace("0.7690", "0.7410")  # 0.030 apart: 5 sigma, the step up is real
    assert not [r for r, _ in _rules(wide) if r == "significance_unsupported"]


def test_a_summary_without_a_verb_still_ranks() -> None:
    text = "W1 summary: Flow-B ahead of Diff-A (2.4 vs 1.1)\n"
    assert ("comparison_direction", 1) in _rules(text)  # a distance: lower is better
    assert not [r for r, _ in _rules("W1 summary: Diff-A ahead of Flow-B (1.1 vs 2.4)\n") if r == "comparison_direction"]


def test_ahead_of_a_date_is_no_ranking() -> None:
    text = "The W1 of Diff-A is 1.1 and of Flow-B 2.4; the write-up is due ahead of Friday (3 March).\n"
    assert not [r for r, _ in _rules(text) if r == "comparison_direction"]


def test_passing_the_discovery_threshold_is_judged_by_the_global_significance() -> None:
    text = ('{"scan": "mjj", "n_windows": 25, "bkg_model": "4-parameter fit", "trials_factor": 20,\n'
            ' "max_p0_local": 1.0e-07, "p0_global": 2.0e-06, "z_global": 4.6,\n'
            ' "verdict": "5.2 sigma bump at 3.1 TeV, passes the 5 sigma discovery threshold"}\n')
    assert [r for r, _ in _rules(text, "scan.json") if r == "discovery_without_evidence"]
    below = text.replace("passes the 5 sigma discovery threshold", "not yet a discovery once the trials are counted")
    assert not [r for r, _ in _rules(below, "scan.json") if r == "discovery_without_evidence"]


def test_logfmt_records_are_not_wrapped_into_each_other() -> None:
    text = ('ts=2025-01-02T10:00:00Z level=info msg="eval done" model=a auc=0.8312 dataset=test jets=20000 status=ok\n'
            'ts=2025-01-02T10:00:01Z level=info msg="eval done" model=b auc=0.8290 dataset=test jets=20000 status=ok\n')
    claims = referee(text, "worker.log").claims
    assert sorted({c.line for c in claims if any(v.quantity == "auc" for v in c.values)}) == [1, 2]
    assert all(len([v for v in c.values if v.quantity == "auc"]) == 1 for c in claims)
