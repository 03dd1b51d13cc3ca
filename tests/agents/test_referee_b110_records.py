"""The referee's readings of structured records and web formats (blind round 35, b110): a value and its error in brackets
with one power of ten after them, the count of jets a cut lets through, a bare number in brackets after another thing's
name, a '#' title printed by `cat`, a target value said in words, a mistag efficiency, 'improves with' a named model, a
key ':=' value dump with its error key, and an HDF5 dump's groups as the headings of their attributes. Each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import read_numbers, sizes_of
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_a_power_of_ten_after_a_bracketed_value_scales_value_and_error() -> None:
    v = [w for w in read_numbers("the light mistag is (3.4 ± 0.2) × 10^-3 for the new tagger.") if w.quantity][0]
    assert abs(v.value - 3.4e-3) < 1e-12 and abs((v.uncertainty or 0) - 2e-4) < 1e-12
    v = [w for w in read_numbers("the light mistag is 3.4 ± 0.2 for the new tagger, 10 times less.") if w.quantity][0]
    assert v.value == 3.4  # no bracket: nothing to scale


def test_jets_that_survive_a_cut_are_no_test_set() -> None:
    assert sizes_of("After the cut 64 gluon jets remain selected; 37 background jets survive.")[2] is None
    assert sizes_of("The old model passed 812 background jets at the same cut.")[2] is None
    assert sizes_of("measured on 50,000 background jets")[2] == 50000  # a count measured on still is one


PASSING = "At the tight cut, {k} gluon jets pass and the mistag rate is eps_g = (9.0 ± {e}) x 10^-4.\n"


def test_a_rate_error_is_bounded_by_the_count_that_passes() -> None:
    # 81 passing jets: relative error at least 1/sqrt(81) = 11%, i.e. about 1.0e-4 on 9.0e-4
    assert ("uncertainty_vs_sample_size", 1) in _rules(PASSING.format(k=81, e="0.1"))
    assert ("uncertainty_vs_sample_size", 1) not in _rules(PASSING.format(k=81, e="1.0"))


RANKED = """| tagger | rejection |
|---|---|
| GravNet | 512.4 |
| DGCNN | 431.0 |
| EdgeConv | 455.3 |

The GravNet rejection comes out at {r}, above DGCNN (431) and close to EdgeConv (455).
"""


def test_a_bracketed_number_after_another_name_is_its_value_of_the_quantity() -> None:
    vals = [v for v in read_numbers("ParT's rejection is 900, ahead of EFN (450) and close to PN (870).") if v.quantity]
    assert [v.quantity for v in vals] == ["rejection"] * 3
    assert ("inconsistent_numbers", 7) in _rules(RANKED.format(r="610"))
    assert not [f for f in _rules(RANKED.format(r="512")) if f[0] == "inconsistent_numbers"]


CAT_NOTES = """| tagger | rejection |
|---|---|
| GravNet | 512.4 |

# weekly tagger summary, run 7
GravNet reaches a rejection of {r} at this working point.
"""


def test_a_hash_title_over_a_note_is_no_new_command() -> None:
    # a '#' title of three words and more, with nothing of a command in it, runs nothing: the note quotes the row
    found = _rules(CAT_NOTES.format(r="590"), "notes.txt")
    assert ("inconsistent_numbers", 6) in found
    assert not [f for f in _rules(CAT_NOTES.format(r="512"), "notes.txt") if f[0] == "inconsistent_numbers"]
    # a root prompt's command ('# python eval.py --wp tight') does start another run, with its own numbers
    rerun = CAT_NOTES.replace("# weekly tagger summary, run 7", "# python eval.py --wp tight").format(r="590")
    assert not [f for f in _rules(rerun, "notes.txt") if f[0] == "inconsistent_numbers"]


def test_a_target_value_said_in_words_is_no_result() -> None:
    v = [w for w in read_numbers("all numbers are distances except the two-sample AUC, whose target is 0.5.") if w.value == 0.5][0]
    assert v.role == "threshold"


def test_a_mistag_efficiency_is_a_mistag_rate() -> None:
    assert [v.quantity for v in read_numbers("its c-jet mistag efficiency of 4.1%") if v.value] == ["fake_rate"]


IMPROVES = "The charm rejection also improves with the {m}: its charm mistag efficiency of {a}% compares with {b}% for the old DNN.\n"


def test_improves_with_a_named_model_is_a_comparison() -> None:
    assert ("comparison_direction", 1) in _rules(IMPROVES.format(m="GNN", a="9.5", b="8.1"))
    assert ("comparison_direction", 1) not in _rules(IMPROVES.format(m="GNN", a="7.2", b="8.1"))
    # a trend with a setting is no comparison of two taggers
    assert _rules("The rejection improves with pT: its mistag efficiency of 9.5% at low pT compares with 8.1% above.\n") == []


DUMP = """/ (RootGroup) 'flow model evaluation'
/tests (Group) 'real vs generated classifier tests'
/tests/jet_level (Group) 'input: jet mass, pT, n_const'
  /tests/jet_level._v_attrs (AttributeSet), 5 attributes:
   [CLASS := 'GROUP',
    auc := {a},
    auc_err := 0.003,
    n_test := 30000,
    remark := 'jet-level features: flow jets indistinguishable from the reference']
/tests/particle_level (Group) 'input: all particle four-vectors'
  /tests/particle_level._v_attrs (AttributeSet), 4 attributes:
   [CLASS := 'GROUP',
    auc := 0.640,
    auc_err := 0.003,
    remark := 'particle-level differences remain']
"""


def test_a_key_value_dump_reads_its_error_key() -> None:
    c = [c for c in extract(DUMP.format(a="0.560"), name="dump.txt") if c.line == 6][0]
    assert c.values[0].uncertainty == 0.003
    assert not [c for c in extract(DUMP.format(a="0.560"), name="dump.txt") if c.line == 7]


def test_an_hdf5_groups_verdict_is_judged_against_its_own_test() -> None:
    found = _rules(DUMP.format(a="0.560"), "dump.txt")
    assert ("classifier_test_vs_null", 6) in found and ("classifier_test_vs_null", 9) in found
    assert not [f for f in found if f[1] == 13]  # the other group's verdict says it is told apart: nothing to flag
    # the jet-level test at 0.502 ± 0.003 is within 1 sigma of 0.5: its verdict stands (the other group's test is not its)
    assert not [f for f in _rules(DUMP.format(a="0.502"), "dump.txt") if f[0] == "classifier_test_vs_null"]


def test_a_verdict_in_a_sub_key_saying_close_to_half_is_of_its_groups_test() -> None:
    """The verdict's own 'close to 0.5' (the null it is set against) is no test of its section: a JSON's
    'interpretation' under the group that holds the test's AUC is that test's verdict (it was left unjudged)."""
    text = ('{\n  "c2st": {\n    "auc": 0.71,\n    "auc_err": 0.005,\n'
            '    "interpretation": "AUC close to 0.5: generated and real jets are indistinguishable"\n  }\n}\n')
    found = _rules(text, "gen.json")
    assert ("classifier_test_vs_null", 5) in found
    assert not [f for f in _rules(text.replace("0.71", "0.502"), "gen.json") if f[0] == "classifier_test_vs_null"]


def test_a_urls_p_query_parameter_is_no_p_value() -> None:
    """'https://blog.example.org/?p=412' (a WordPress post id) was read as a p-value of 412 and set against '?p=398'."""
    text = ("<guid>https://blog.example.org/jets/?p=412</guid> bump hunt: p = 0.004 local\n"
            "<guid>https://blog.example.org/jets/?p=398</guid> tagging post\n")
    assert not [f for f in _rules(text, "feed.xml") if f[0] == "inconsistent_numbers"]
    assert [v.value for c in extract(text, name="feed.xml") for v in c.values if v.quantity == "p_value"] == [0.004]
