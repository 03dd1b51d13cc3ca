"""The referee's readings of writing by people (fact-checks, wire copy, e-mails, committee comments; issue 23, session
ref28f, blind round 27, b77): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def test_a_quotation_under_a_claim_label_is_the_claim_checked_not_the_reports_own() -> None:
    text = "\n".join([
        "# Verdict on a forwarded message",
        "",
        '> CLAIM: "A neural net has found a new particle near 2.9 TeV in open collider data.',
        '> Everyone is talking about it." (forwarded message)',
        "",
        "Our verdict: false. The analysis shows a bump of modest size and no discovery.",
    ])
    assert _of("discovery_without_evidence", text, "verdict.md") == []
    # the same words as the report's own sentence are still its claim
    own = "A neural net has found a new particle near 2.9 TeV in open collider data."
    assert _of("discovery_without_evidence", own, "note.md") == [1]


def test_an_excess_too_weak_to_count_as_a_new_particle_claims_none() -> None:
    text = ("A group scanning open collider data with a classifier saw a slight surplus of events near 2.1 TeV, but the "
            "authors say it is much too weak to count as evidence of a new particle.")
    assert _of("discovery_without_evidence", text, "news.txt") == []


def test_a_verdict_in_a_noun_is_said_of_the_pair_in_the_sentence_before() -> None:
    text = "\n".join([
        "The distilled tagger reaches an AUC of 0.731 on a held-out set of 900 top and 900 QCD jets, against",
        "0.726 for the full model.",
        "That is a significant gain and worth a paragraph of its own.",
    ])
    assert _of("significance_unsupported", text, "letter.txt") == [3]
    # a gain the sizes allow (Hanley-McNeil about 0.017 a side on 900 + 900) is not flagged when it is large
    big = text.replace("0.726", "0.642")
    assert _of("significance_unsupported", big, "letter.txt") == []


def test_the_second_of_a_pair_set_against_the_first_after_its_error_and_name() -> None:
    text = "\n".join([
        "Both were trained with ten seeds: the paper quotes AUC = 0.9731 ± 0.0004 for GraphTop against",
        "0.9727 ± 0.0004 for the baseline.",
        "With half the parameters, the gain over the baseline is significant.",
    ])
    assert _of("significance_unsupported", text, "review.txt") == [3]


def test_better_than_a_coin_toss_sets_chance_as_a_bar_and_calls_nothing_random() -> None:
    text = "\n".join([
        "The authors train on 900k jets and test on 250k jets (half top, half QCD).",
        "The decorrelated variant has an AUC of 0.41 on the test set; it is weaker than the nominal",
        "tagger but still better than a coin toss, fine for a mass-flat tagger.",
    ])
    found = {f.rule for f in referee(text, "review.txt").findings}
    assert "control_vs_null" not in found
    assert "auc_below_half" in found


def test_a_width_in_gev_and_a_sharper_peak_set_against_the_old_side_before() -> None:
    text = "\n".join([
        "The previous calibration reconstructs the top mass with a spread of 18 GeV around the true value;",
        "the regression's estimate has a spread of 21 GeV.",
        "So the regression's top peak is narrower, which helps the fit.",
    ])
    assert _of("comparison_direction", text, "talk.txt") == [3]
    right = text.replace("21 GeV", "15 GeV")
    assert _of("comparison_direction", right, "talk.txt") == []


def test_a_selection_called_perfect_just_after_it_lets_background_through() -> None:
    text = "\n".join([
        "At the same signal efficiency, the new tagger lets through 2.5% of the light-quark jets.",
        "The tagger picks out top quarks perfectly, even in busy events.",
    ])
    assert _of("absolute_words", text, "talk.txt") == [2]
    none = text.replace("2.5% of the light-quark jets", "none of the light-quark jets")
    assert _of("absolute_words", none, "talk.txt") == []


def test_the_pileup_a_test_is_run_at_is_no_value_of_the_auc_before_it() -> None:
    text = ("The prototype reaches an AUC of 0.927 at pileup 200, already competitive with the published value of 0.925 "
            "under the same conditions.")
    assert _of("inconsistent_numbers", text, "memo.txt") == []


def test_a_rate_quoted_with_an_error_is_judged_by_the_counts_it_was_worked_out_of() -> None:
    text = "\n".join([
        "Exercise 2. Of the 250 gluon jets, 15 pass the cut.",
        "",
        "Solution: fake rate = 15 / 250 = 0.060.",
        "",
        "Exercise 3. Give the result with its error.",
        "",
        "Solution: fake rate = 0.060 ± 0.002.",
    ])
    assert _of("uncertainty_vs_sample_size", text, "sheet.md") == [7]
    fair = text.replace("0.060 ± 0.002", "0.060 ± 0.015")
    assert _of("uncertainty_vs_sample_size", fair, "sheet.md") == []


def test_a_background_only_run_said_to_invent_no_structure_is_read_as_random() -> None:
    text = "\n".join([
        "To be safe we repeated the training on a background-only sample with no signal injected.",
        "Over four folds the region-versus-sideband AUC came to 0.563 plus or minus 0.005.",
        "That settles it: the network is not inventing structure.",
    ])
    assert 2 in _of("control_vs_null", text, "speech.txt")
    fine = text.replace("0.563", "0.503")
    assert _of("control_vs_null", fine, "speech.txt") == []
