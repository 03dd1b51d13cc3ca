"""The referee's readings of documents written by people (issue 23, blind round 35, b109): rivals listed each with a
bracketed number, a bound on the Jensen-Shannon divergence, a verdict of background suppression against a renamed
subject, a clear gain over the pair before it, a count a sentence opens on, 'no degradation' after a fall, and a
global significance the text says is not quoted. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import lines_of as _of


def test_a_verdict_over_several_bracketed_rivals_must_hold_against_each() -> None:
    text = "With a background rejection of 410 our tagger beats ParT (380), PN (455) and the BDT (120) on the same jets.\n"
    assert _of("comparison_direction", text) == [1]
    # ahead of all three: nothing to name, even with a number of another clause after them
    ok = "With a background rejection of 470 our tagger beats ParT (380), PN (455) and the BDT (120), with 3x fewer weights.\n"
    assert not _of("comparison_direction", ok)


def test_a_jensen_shannon_divergence_above_log_two_is_impossible() -> None:
    assert _of("impossible_value", "The monitoring job reported a JSD of 1.7 between this week's scores and last week's.\n") == [1]
    assert _of("impossible_value", "The drift alarm fired at a Jensen-Shannon divergence of 0.81 (nats).\n") == [1]
    # in bits 0.81 is allowed, and the inverse 1/JSD used for mass decorrelation may exceed one
    assert not _of("impossible_value", "Drift: a Jensen-Shannon divergence of 0.81 in bits; the decorrelated tagger has 1/JSD = 38.\n")


def test_suppressing_the_background_better_is_read_against_the_mistag_rates_before() -> None:
    text = ("With 400k QCD jets, the pruned network lets through 2.6% of the background at 40% efficiency, against 2.2% "
            "for the full-size reference.\n"
            "So the small network suppresses the QCD background better than the full-size reference.\n")
    assert _of("comparison_direction", text) == [2]
    assert not _of("comparison_direction", text.replace("2.6%", "1.9%"))


def test_a_clear_gain_drawn_from_a_pair_within_its_errors_is_not_significant() -> None:
    text = ("Accuracy is 0.774 ± 0.006 with the graph encoder and 0.769 ± 0.007 with the set encoder.\n"
            "Swapping the encoder is therefore a clear improvement for this task.\n")
    assert _of("significance_unsupported", text) == [2]
    assert not _of("significance_unsupported", text.replace("0.774 ± 0.006", "0.814 ± 0.006"))


def test_a_count_a_sentence_opens_on_is_the_set_its_rate_was_measured_on_despite_seed_spreads_elsewhere() -> None:
    text = ("The AUC below is the spread over four trainings: 0.871 ± 0.004.\n"
            "Over 2,500 sampled W jets the tagging efficiency is 0.61 ± 0.001, as against 0.60 for simulation.\n")
    assert _of("uncertainty_vs_sample_size", text) == [2]
    assert not _of("uncertainty_vs_sample_size", text.replace("0.61 ± 0.001", "0.61 ± 0.01"))
    # a spread declared for every number of the report covers this one too
    declared = "All errors quoted are the spread over four trainings.\n" + text.splitlines()[1] + "\n"
    assert not _of("uncertainty_vs_sample_size", declared)


def test_no_degradation_right_after_a_fall_of_the_performance_is_wrong() -> None:
    text = ("After the detector misalignment was applied, the accuracy goes from 0.903 to 0.871.\n"
            "The model thus shows no loss of classification performance under misalignment.\n")
    assert _of("absolute_words", text) == [2]
    # a change within its errors is no degradation
    same = text.replace("0.903 to 0.871", "0.903 ± 0.004 to 0.901 ± 0.004")
    assert not _of("absolute_words", same)


def test_evidence_from_a_scan_whose_global_significance_is_said_to_be_missing() -> None:
    text = ("The team scanned 25 windows of the dijet mass and sees a 3.6 sigma local excess above the fitted background.\n"
            "They do not give the global significance.\n"
            "This is evidence for a new particle.\n")
    assert _of("discovery_without_evidence", text) == [3]
    # with the global significance given, 3.2 sigma after the look-elsewhere effect is evidence
    done = text.replace("They do not give the global significance.", "The global significance is 3.2 sigma.")
    assert not _of("discovery_without_evidence", done)
