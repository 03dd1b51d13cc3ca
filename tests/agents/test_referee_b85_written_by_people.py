"""The referee's readings of human writing (issue 23, session ref29b, blind round 29, b85): panel transcripts, thank-you
letters. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def _all(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_perfectly_before_a_plain_adjective_is_a_degree_word_not_a_claim_of_perfection() -> None:
    text = ("The first try gave AUC 0.23 because the labels were swapped in the evaluation.\n"
            "Swapped back it reads 0.77, a perfectly normal number for a tagger of that size.\n")
    assert not _of("absolute_words", text)
    # a separation called perfect is still a claim
    assert _of("absolute_words", text.replace("a perfectly normal number for a tagger", "a perfect separation for a tagger"))


def test_a_wording_the_writer_wanted_to_use_and_did_not_is_no_claim() -> None:
    text = ("I was tempted to call the codec lossless on the poster. My advisor said no: the jet pT comes\n"
            "back with a 3% resolution after the round trip.\n")
    assert not _of("absolute_words", text)
    assert not _of("absolute_words", text.replace("I was tempted to call the codec", "In my talk I wanted to describe our codec as"))
    assert not _of("absolute_words", text)
    # the same word said of the codec outright is still flagged
    assert _of("absolute_words", "Our codec is lossless: the jet pT comes back with a 3% resolution after the round trip.\n")


def test_discovering_an_effect_or_a_bug_is_no_discovery_claim() -> None:
    text = ("Our largest excess over 25 windows was 2.6 sigma local, about 1.0 sigma global.\n"
            "My officemate said I had discovered the trials factor effect the hard way.\n"
            "Later that week we also discovered a bug in the sideband fit.\n")
    assert not _of("discovery_without_evidence", text)
    # a resonance discovered from the same numbers is still flagged
    assert _of("discovery_without_evidence", text.replace("discovered a bug in the sideband fit", "discovered a new resonance"))
