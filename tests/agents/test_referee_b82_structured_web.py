"""The referee's readings of structured files and web pages (issue 23, session ref28k, blind round 28, b82): an issue
tracker's XML, a note exported as HTML. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_html_list_items_named_by_their_lead_are_two_objects_not_one_number_twice() -> None:
    text = ("<html><body>\n"
            "<p>Two generators on gluon jets, 20k real vs 20k generated:</p>\n"
            "<ul>\n"
            "<li><p>DiffA: W1M = 0.44 ± 0.04, real-vs-generated classifier AUC 0.61 ± 0.01</p></li>\n"
            "<li><p>FlowB: W1M = 0.47 ± 0.05, real-vs-generated classifier AUC 0.56 ± 0.01</p></li>\n"
            "</ul>\n"
            "</body></html>\n")
    assert not _of("inconsistent_numbers", text, "note.html")
    # the same two numbers given for one named model on two lines are still a conflict
    same = text.replace("<li><p>FlowB:", "<li><p>DiffA:")
    assert _of("inconsistent_numbers", same, "note.html")


WORKING_POINT_LIST = ("Fixed 30% top efficiency, QCD mistag rate:\n"
                      "* 2.0.1 (current): 1.09%\n"
                      "* 2.1.0-beta: 1.27%\n"
                      "\n"
                      "Maintainer 1: binomial errors on 300k QCD jets are about 0.02%, so these differ by many sigma.\n"
                      "\n"
                      "Maintainer 2: confirmed on a second machine.\n"
                      "\n"
                      "Also checked the trigger emulation, unchanged.\n"
                      "\n"
                      "Also checked the pile-up reweighting, unchanged.\n"
                      "\n"
                      "Maintainer 1: hence the beta passes fewer QCD jets at this WP than current (1.27% vs 1.09%).\n")


def test_a_list_under_a_working_point_lead_in_names_the_quantity_of_a_later_pair() -> None:
    # the list's names are version numbers ("2.0.1 (current)"), read as the names of its rows
    text = WORKING_POINT_LIST.replace("Fixed 30% top efficiency,", "Working point 30% top efficiency,")
    line = text.count("\n")
    assert ("comparison_direction", line) in found(text)
    # the pair in the right order agrees with the list: no finding
    right = text.replace("(1.27% vs 1.09%)", "(1.09% vs 1.27%)").replace("the beta passes", "current passes").replace(
        "than current", "than the beta")
    assert not _of("comparison_direction", right)
    ref = referee(text, "ticket.txt")
    q = "at the 30% working point, does 2.1.0-beta let through fewer QCD jets than 2.0.1?"
    assert answer(q, ref, text).startswith("No")



def test_an_inversion_explained_further_on_in_its_paragraph_and_a_conditional_new_particle() -> None:
    # a talk tells the AUC first and its flip four lines on; "if there's a new particle ..." supposes, it claims nothing
    text = ("The very first classifier I trained scored an AUC of 0.27.\n"
            "Worse than a coin flip, and I was proud of it.\n"
            "I thought 0.27, so far from a half, meant it knew something.\n"
            "I had mixed them up, top was labelled QCD.\n"
            "Reverse the output and you get 0.73, which is respectable.\n"
            "\n"
            "In a bump hunt you ask whether the window differs from its sidebands: if there's a new particle "
            "in the window, it does.\n")
    assert not _of("auc_below_half", text, "talk.txt")
    assert not _of("discovery_without_evidence", text, "talk.txt")
    wrong = text.replace("Reverse the output and you get 0.73, which is respectable.", "We kept it.")
    assert _of("auc_below_half", wrong, "talk.txt")
    claimed = text.replace("you ask whether the window differs from its sidebands: if there's a new particle in the window, it does.",
                           "the window differs from its sidebands: we see a new particle in the window.")
    assert _of("discovery_without_evidence", claimed, "talk.txt")
