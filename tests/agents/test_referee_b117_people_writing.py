"""The referee's readings of documents people write (blind round 37, b117): a table laid out around prose, a chat line
that sets up the generated-vs-real test over two sentences, a reply in a chat export a few fields below the numbers it
judges, a conclusion drawn from the sentence before, the Fréchet particle distance, a bound said of the errors, sides
named by one letter, a mistag compared as jets let through, Texinfo markup and a count written as a power of ten. Each
test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.claims import extract
from agents.referee.layout import html_tables, texinfo_markup
from agents.referee.numbers import stated_counts
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_a_table_around_prose_keeps_each_sentence_on_its_line() -> None:
    page = ("<table>\n<tr><td>4</td><td>Studio shot.</td>\n<td>After all the checks we are now certain: our\n"
            "network has discovered a new resonance near 2 TeV.</td></tr>\n</table>\n")
    lines = html_tables(page).split("\n")
    assert "discovered" in lines[3] and "discovered" not in lines[1] + lines[2]


def test_a_data_table_is_still_read_as_rows() -> None:
    page = "<table>\n<tr><th>model</th><th>AUC</th></tr>\n<tr><td>GNN</td><td>0.93</td></tr>\n</table>\n"
    assert "GNN\t0.93" in html_tables(page)


def test_a_model_of_the_new_particle_claims_no_discovery() -> None:
    text = "We scanned 30 windows. The search needs no model of the new particle it looks for.\n"
    assert not [r for r in _rules(text) if r[0] == "discovery_without_evidence"]


CHAT = """2025-05-02 10:00:01\tana\tdid you also do the test? real vs gen
2025-05-02 10:00:30\tbo\tyes, 40k each, same MLP
2025-05-02 10:00:41\tbo\tAUC = 0.574 +- 0.005
2025-05-02 10:00:50\tbo\tso they are indistinguishable from real jets now
"""


def test_a_chat_line_sets_up_the_classifier_test_over_two_sentences() -> None:
    assert ("classifier_test_vs_null", 4) in _rules(CHAT, "chan.log")
    assert not _rules(CHAT.replace("0.574 +- 0.005", "0.503 +- 0.005"), "chan.log")  # within its errors of 0.5


def _export(reply: str) -> str:
    msgs = [{"creator": {"name": "A"}, "created_date": "May 2, 2025", "text": "fp32: AUC 0.9712, R50 = 880 +- 20\n"
             "int4: AUC 0.9700, R50 = 720 +- 18"}, {"creator": {"name": "B"}, "created_date": "May 2, 2025", "text": reply}]
    return json.dumps({"messages": msgs}, indent=2)


def test_a_reply_in_a_chat_export_is_judged_against_the_message_above() -> None:
    said = "Nice, so the quantization is lossless for tagging."  # names the int4 line's variant, not the fp32 one
    assert ("absolute_words", 15) in _rules(_export(said), "messages.json")
    assert not _rules(_export("Nice, thanks for running it."), "messages.json")


def test_a_conclusion_judges_the_two_results_of_the_sentence_before() -> None:
    text = "Our flow reaches FPD = 31 +- 3, while the GAN reaches 12 +- 2. Hence our flow surpassed the GAN baseline.\n"
    assert ("comparison_direction", 1) in _rules(text)
    assert not _rules(text.replace("31 +- 3", "7 +- 1"))  # lower is closer to the real jets


def test_the_frechet_distance_is_a_distance_estimated_without_bias() -> None:
    c = [c for c in extract("KPD x 1e3 = -0.02 +- 0.05 and FPD = 0.21 +- 0.03\n") if c.values][0]
    assert {v.quantity for v in c.results()} == {"kpd", "fpd"} and [v.quantity for v in c.results() if v.value < 0] == ["kpd"]
    assert not _rules("KPD x 1e3 = -0.02 +- 0.05 and FPD = 0.21 +- 0.03\n")


MEMO = """   Tagger     AUC       QCD mistag eps_B
   ------     ------    ------------
   NetA       0.951     1.40 %
   NetB       0.947     1.65 %

The statistical errors on the mistag rates are at most 0.03 % for both.
NetB lets fewer QCD jets through than NetA at this point.
"""


def test_a_bound_said_of_the_errors_is_no_bound_on_the_rates() -> None:
    assert not [r for r in _rules(MEMO) if r[0] == "absolute_words"]


def test_jets_let_through_compare_the_mistag_rates() -> None:
    rules = _rules(MEMO)
    assert ("comparison_direction", 7) in rules
    assert ("comparison_direction", 7) not in _rules(MEMO.replace("NetB lets", "NetA lets").replace("than NetA", "than NetB"))


def test_sides_named_by_one_letter_and_the_errors_for_both() -> None:
    text = ("model A   W1 = 2.4 e-3\nmodel B   W1 = 1.1 e-3\n-> B lower = nearer to the truth\n"
            "(errs from 8 resamples ~0.2 e-3 for both)\n")
    assert not _rules(text)


def test_texinfo_markup_is_read_as_its_text() -> None:
    manual = "\\input texinfo\n@node Top\n@section Errors\nWe find @math{p = 0.0013}, i.e. @math{3.0\\sigma}.\n" \
             "@multitable @columnfractions .5 .5\n@headitem model @tab AUC\n@item GNN @tab 0.93\n@end multitable\n@bye\n"
    out = texinfo_markup(manual).split("\n")
    assert out[3] == "We find p = 0.0013, i.e. 3.0\\sigma." and out[5] == "model\tAUC" and out[1] == ""
    assert texinfo_markup("Send mail to @math{x} please.") == "Send mail to @math{x} please."  # no manual: left alone


def test_a_count_written_as_a_power_of_ten() -> None:
    assert (1_000_000, "", 1, True, False) in stated_counts("It was evaluated on 10^6 jets.")
    assert not [k for k, *_ in stated_counts("a mistag of 3 x 10^4 ... on 5 x 10^4 jets") if k == 10_000]
