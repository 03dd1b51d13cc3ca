"""The referee's readings of documents people write (blind round 36, b113): an AsciiDoc table's header row, a
concession after a comparison's object, a verdict of no performance loss above the two results it speaks of, a
spreadsheet export whose column names are questions, a row with signal injected whose notes recall the null run, a score
whose convention puts the background on top, a form's test row, and a part of a set counted larger than the set. Each
test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


ADOC = """= Tagger note

.Mistag at the 40% working point
[options="header",cols="2,1,1"]
|===
|Model |AUC |1/eps_B at eps_S = 40%
|GNN |0.921 ± 0.002 |{gnn}
|CNN |0.915 ± 0.002 |52.0
|===

The CNN network beats the GNN in background rejection, although both trail the transformer.
"""


def test_an_asciidoc_header_row_names_the_columns() -> None:
    rows = [c for c in extract(ADOC.format(gnn="61.0"), name="note.adoc") if c.kind == "row"]
    assert {v.quantity for c in rows for v in c.results()} >= {"auc", "rejection"}


def test_a_concession_after_the_object_names_no_side() -> None:
    assert ("comparison_direction", 11) in _rules(ADOC.format(gnn="61.0"), "note.adoc")
    assert ("comparison_direction", 11) not in _rules(ADOC.format(gnn="45.0"), "note.adoc")  # the CNN's 52 is higher


FORM = """Advantages: the network pruned to 40% of its weights comes with no loss in tagging performance against the dense one.

Data: 30,000 signal and 30,000 background jets.
Dense network: AUC = 0.9402 +/- 0.0012.
Pruned network: AUC = {pruned} +/- 0.0012.
"""


def test_no_loss_above_the_two_results_it_speaks_of() -> None:
    assert ("absolute_words", 1) in _rules(FORM.format(pruned="0.9311"))
    assert ("absolute_words", 1) not in _rules(FORM.format(pruned="0.9399"))  # within 0.002: kept


SHEET = """When,Who,Team,Approach,Signal injected?,Result AUC (with error),Where does the error come from?,Comments from the team
5/2/2025 10:01:00,a@x.org,alpha,Flow density ratio,s/b = 0 (none),{null} ± 0.004,std over 4 folds,No signal in: comes out flat as expected.
5/2/2025 10:20:00,b@x.org,beta,Flow density ratio - s/b = 2%,s/b = 2%,0.633 ± 0.006,std over 4 folds,Ladder: 0.51 (s/b = 0) then 0.633.
5/2/2025 10:30:00,c@x.org,org,test,test,0.5 ± 0,test,test entry - please ignore
"""


def test_a_sheet_whose_column_names_are_questions_is_a_table() -> None:
    found = _rules(SHEET.format(null="0.561"), "sheet.csv")
    assert ("control_vs_null", 2) in found
    assert ("control_vs_null", 3) not in found  # its own cells inject 2%; the zero is the ladder's first rung
    assert not [f for f in found if f[1] == 4]  # the organisers' test row is no result
    assert ("control_vs_null", 2) not in _rules(SHEET.format(null="0.503"), "sheet.csv")


def test_a_score_with_the_background_on_top_is_said_inverted() -> None:
    said = "The one-class SVM gives AUC 0.35 (score convention: higher = more normal, kept as is).\n"
    assert not [f for f in _rules(said) if f[0] == "auc_below_half"]
    assert ("auc_below_half", 1) in _rules("The one-class SVM gives AUC 0.35 on the test set.\n")


def test_a_part_larger_than_the_set_it_is_part_of() -> None:
    text = "We looked at the 640 flagged events by hand: {k} came from one noisy module, the rest are ordinary dijets.\n"
    assert ("impossible_value", 1) in _rules(text.format(k="700"))
    assert ("impossible_value", 1) not in _rules(text.format(k="410"))
