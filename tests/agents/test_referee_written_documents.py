"""The referee's readings of documents people write (issue 23, session ref23s, blind round 15): each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


def test_the_sense_of_a_metric_written_as_lower_equals_better_is_no_comparison() -> None:
    text = ("Light-jet check, old vs new tagger\n"
            "                 old       new\n"
            "  mistag rate    0.0121    0.0104   (lower = better)\n"
            "  ECE            0.020     0.017    (smaller is better)\n")
    assert not [c for c in extract(text, name="table.txt") if c.comparison is not None and c.comparison.word == "better"]
    assert not [r for r in _rules(text, "table.txt") if r[0] == "comparison_direction"]
    # a real verdict on the same table is still read and checked
    wrong = text + "So the old tagger is better: mistag rate 0.0121 against 0.0104.\n"
    assert ("comparison_direction", 5) in _rules(wrong, "table.txt")


def test_a_verdict_quoted_after_neither_or_nor_is_mentioned_not_made() -> None:
    text = ("Seed means: model A 0.812 +- 0.004, model B 0.806 +- 0.004.\n"
            "The gap is 1.1 standard errors. That is NOT significant at the 3 sigma level: the summary is\n"
            "neither \"A is better\" nor \"B is worse\".\n")
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    # the verdict said outright is read, and checked against the 1.1 standard errors
    said = text.replace("the summary is\nneither \"A is better\" nor \"B is worse\".", "still, A is better than B.\n")
    assert [c for c in extract(said) if c.comparison is not None and c.comparison.word == "better"]


def test_an_inference_the_text_refuses_says_nothing_of_the_direction() -> None:
    text = ("Q: my ROC AUC came out at 0.274. Help!\n"
            "A: A score of 0.274 doesn't imply the tagger is worse than guessing; your label order is flipped,\n"
            "so the score points the wrong way. Swap the labels and you get 1 - 0.274 = 0.726.\n")
    claims = [c for c in extract(text) if c.line == 2 and c.comparison is not None]
    assert not claims, [(c.text, c.comparison) for c in claims]
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    assert answer("is the tagger worse than guessing?", referee(text), text).startswith("No")
    # a denial that is no refused inference still reads as a comparison
    plain = text.replace("doesn't imply the tagger is worse", "is worse")
    assert [c for c in extract(plain) if c.line == 2 and c.comparison is not None]
    # nor does a refusal before a 'but' that opens a comparison of its own
    but = "This doesn't prove much on its own, but the new tagger is better than the old one (0.931 vs 0.917).\n"
    assert [c for c in extract(but) if c.comparison is not None and c.comparison.word == "better"]


def test_having_made_a_discovery_is_a_discovery_claim() -> None:
    text = ("We scanned 25 mass windows; the largest local excess is 3.4 sigma over a fitted background of 812 events.\n\n"
            "Big news: we have made a discovery! The bump sits at 2.2 TeV.\n")
    assert any("discovery" in c.qualifiers for c in extract(text) if c.line == 3)
    assert ("discovery_without_evidence", 3) in _rules(text)


def test_two_lines_with_their_own_heads_are_two_set_ups_not_one_number_twice() -> None:
    text = ("[14:02] @lena: ablation, one seed each\n"
            "[14:02] @lena: base 3 inputs:          particle-level AUC 0.901   (seed 3)\n"
            "[14:03] @lena: + n-subjettiness ratios:   particle-level AUC 0.907   (seed 3)\n")
    assert not [r for r in _rules(text, "chat.txt") if r[0] == "inconsistent_numbers"]
    # the same head given two values is one set-up with two numbers
    same = text.replace("+ n-subjettiness ratios:", "base 3 inputs:")
    assert [r for r in _rules(same, "chat.txt") if r[0] == "inconsistent_numbers"]


NULL_CHECK_CHAT = ("[10:01] @omar: with 500 injected events: SR-vs-SB AUC 0.655 +- 0.007\n"
                   "[10:01] @omar: truth-level AUC of the same model is 0.880\n"
                   "[10:03] @omar: QCD-only null run (no signal events in either region, same folds and seeds):\n"
                   "[10:03] @omar: SR-vs-SB AUC = 0.583 +- 0.006 over the 5 folds\n"
                   "[10:04] @omar: so the null run is consistent with chance, nothing is sculpted\n")


def test_a_long_heading_that_sets_up_a_control_makes_the_line_under_it_the_control() -> None:
    rules = _rules(NULL_CHECK_CHAT, "chat.txt")
    assert ("control_vs_null", 5) in rules and ("control_vs_null", 4) in rules, rules
    # a null check at 0.5 within its error is what it says
    fine = NULL_CHECK_CHAT.replace("0.583 +- 0.006", "0.504 +- 0.006")
    assert not [r for r in _rules(fine, "chat.txt") if r[0] == "control_vs_null"]
    # with no control set up over the last AUC, 'the null check' names none of them
    # the heading covers the result line right under it, not the lines after that
    later = NULL_CHECK_CHAT + ("[10:09] @ines: tried the wider jet radius, numbers below\n"
                               "[10:10] @ines: R = 1.0:   particle-level AUC 0.861   (seed 2)\n")
    assert not [r for r in _rules(later, "chat.txt") if r[0] == "control_vs_null" and r[1] > 5]


def test_a_comparative_that_names_its_quantity_takes_the_pair_after_it_in_percent() -> None:
    text = ("The new tagger reaches AUC 0.951, against 0.938 for the old one, and at 70 % signal efficiency it\n"
            "has a lower light-jet mistag rate than the old one: 3.4 % for the new tagger against 2.8 % for the old.\n")
    comps = [c.comparison for c in extract(text) if c.comparison is not None and c.comparison.word == "lower"]
    assert comps and comps[0].left is not None and comps[0].right is not None, comps
    assert any(r[0] == "comparison_direction" for r in _rules(text))
    # the same pair the right way round holds
    right = text.replace("3.4 % for the new tagger against 2.8 %", "2.8 % for the new tagger against 3.4 %")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]


def test_a_stated_change_is_checked_against_the_two_numbers_of_its_own_quantity() -> None:
    text = ("Our new tagger cut the light-jet mistag rate from 1.2 % to 0.8 % -- 70 % lower than before -- raising the\n"
            "light-jet rejection from 83 to 125.\n")
    assert ("inconsistent_numbers", 1) in _rules(text)
    right = text.replace("70 % lower", "33 % lower")
    assert not [r for r in _rules(right) if r[0] == "inconsistent_numbers"]
    # a change of the rejection, the ends of which the comparative of the mistag rate does not order
    other = ("At 50 % signal efficiency the new tagger has a lower mistag rate than the old one (0.0150 vs 0.0240),\n"
             "i.e. a rejection of 67 vs 42, a 60% improvement.\n")
    assert not [r for r in _rules(other) if r[0] == "inconsistent_numbers"]


def test_a_count_of_one_class_of_jets_sizes_the_sample_it_names() -> None:
    text = ("Thanks for everything! The c-tag efficiency you measured, 0.412 +- 0.0006 at the medium working point on\n"
            "our 8,000 c-jet calibration sample, is still the reference.\n")
    assert ("uncertainty_vs_sample_size", 1) in _rules(text) or ("uncertainty_vs_sample_size", 2) in _rules(text)
    honest = text.replace("0.412 +- 0.0006", "0.412 +- 0.0055")
    assert not [r for r in _rules(honest) if r[0] == "uncertainty_vs_sample_size"]


SPACED_WIDTH_TABLE = ("Gaussian fit to the core of the top-mass peak:\n"
                      "                      mean [GeV]    width [GeV]\n"
                      "   trimmed mass         171.2          14.8\n"
                      "   regression (new)     172.9          16.3\n"
                      "The regression gives a sharper peak than the trimmed mass, so we will switch to it.\n")


def test_a_width_comparative_is_checked_against_the_width_column_of_a_table_set_out_with_spaces() -> None:
    assert ("comparison_direction", 5) in _rules(SPACED_WIDTH_TABLE)
    right = SPACED_WIDTH_TABLE.replace("14.8", "17.0")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]
    # denied, or about a row the table does not have, it says nothing the table can check
    denied = SPACED_WIDTH_TABLE.replace("gives a sharper", "does not give a sharper")
    assert not [r for r in _rules(denied) if r[0] == "comparison_direction"]
    other = SPACED_WIDTH_TABLE.replace("than the trimmed mass", "than the pruned mass")
    assert not [r for r in _rules(other) if r[0] == "comparison_direction"]
