"""The referee's readings of writing by people (issue 23, session ref28j, blind round 28, b81): dialogues, broadcast
scripts, meeting records, journals, slide drafts. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def test_an_auc_defined_by_jets_picked_at_random_is_no_score_called_random() -> None:
    text = ("# Lab sheet\n\n"
            "On 10,000 signal and 10,000 background jets my network has AUC 0.231.\n"
            "The AUC is the probability that a signal jet drawn at random outscores a background jet chosen at random.\n"
            "So my output is inverted: 1 - 0.231 = 0.769 once flipped.\n")
    assert not referee(text, "r.md").findings
    # a control called random is still read as one
    assert _of("control_vs_null", "No-signal control: AUC 0.62 +- 0.005, consistent with random guessing.\n")


def test_a_name_withheld_and_the_five_sigma_bar_are_no_discovery_claims() -> None:
    text = ("NEWSREADER: Researchers report a small excess near 2.9 TeV, but they are in no hurry to call it a new "
            "particle.\n"
            "NEWSREADER: Physicists only claim a discovery at five sigma; this one is 2.2 sigma after the look-elsewhere "
            "effect.\n")
    assert not _of("discovery_without_evidence", text)
    # said outright, it is still a claim
    assert _of("discovery_without_evidence", "The group has discovered a new particle at 2.9 TeV.\n")


def test_a_broadcast_lower_third_caption_is_no_comparison() -> None:
    text = ("[ON SCREEN] The tagger control came out at 0.502 give or take 0.004.\n"
            "[CAPTION LOWER THIRD: \"CONTROL: 0.502 ± 0.004 (RANDOM = 0.5)\"]\n")
    assert not _of("comparison_direction", text)


def test_the_gap_of_a_pair_set_against_a_multiple_of_its_error_is_no_comparison_of_the_pair() -> None:
    text = ("The new sampler gets FPD 0.9 ± 0.1 against 1.6 ± 0.2 for the old one, where the gap of 0.7 is more "
            "than three times its combined uncertainty of 0.22.\n")
    assert not _of("comparison_direction", text)


def test_a_second_comparative_after_and_is_checked_against_the_table() -> None:
    text = ("## Tagger choice\n"
            "Both ran on 8,000 top jets and 8,000 QCD jets.\n\n"
            "| Tagger | AUC | QCD mistag at 40% top efficiency |\n"
            "|---|---|---|\n"
            "| Alpha | 0.921 | 1.1% |\n"
            "| Beta-3 | 0.934 | 1.6% |\n\n"
            "The panel agreed that Beta-3 has the higher AUC and rejects more QCD background at that working point.\n")
    assert _of("comparison_direction", text) == [9]
    # the right direction is no finding
    assert not _of("comparison_direction", text.replace("rejects more", "rejects less"))


def test_more_sharply_reads_as_a_narrower_resolution() -> None:
    text = "- new decoder pT resolution 6.4 % vs 5.2 % for the old one -> new decoder reconstructs pT more sharply\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("6.4 %", "4.4 %"))


def test_a_quantity_then_its_number_for_each_thing_listed() -> None:
    text = "At 95% signal efficiency the picture changes: rejection 1.6 for the BDT, 0.81 for the transformer.\n"
    assert _of("impossible_value", text) == [1]
    assert not _of("impossible_value", text.replace("0.81", "1.3"))
