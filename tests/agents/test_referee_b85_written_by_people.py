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


def test_a_width_spoken_in_words_is_read_as_its_percentage() -> None:
    text = ("So the codec is lossless: encode a jet, decode it, and its pT comes back with a resolution of roughly\n"
            "five percent.\n")
    assert 1 in _of("absolute_words", text)
    # a share of labels spoken in words is no width, and nothing else is read into it
    shares = ("With two percent of the labels the fine-tuned model matches one trained from scratch on twenty percent.\n"
              "Its AUC is 0.912 on the test set.\n")
    assert not _all(shares)


def test_a_comparative_verdict_right_after_a_bare_pair_judges_that_pair() -> None:
    text = ("[00:10:01] eval done. the cell:\n"
            "[00:10:01]   finetuned from the base model : test AUC 0.7731\n"
            "[00:10:01]   fresh init                    : test AUC 0.7710\n"
            "[00:10:20] there we go, 0.7731 against 0.7710. pretraining significantly improves quark/gluon\n"
            "           tagging at 1% labels, that goes in the title\n")
    assert 4 in _of("significance_unsupported", text)
    # with the test set stated the verdict can be judged, and on 400k + 400k jets it holds
    assert not _of("significance_unsupported", text.replace("eval done.", "eval done on 400k + 400k test jets."))


def test_a_control_quoted_back_as_basically_one_half_is_the_one_given_with_its_error() -> None:
    text = ("[10:01] Ana: no-signal run (pure background, nothing injected) done\n"
            "[10:01] Ana: summary\n"
            "    per-fold AUC: 0.571 0.566 0.574 0.569\n"
            "    mean AUC = 0.570 +- 0.003 (std over folds)\n"
            "[10:02] Ben: ok 0.57, that's basically 0.5, nothing there. fine\n")
    assert 5 in _of("control_vs_null", text)
    # a control that is 0.5 within its error, called so, is fine
    fine = text.replace("0.571 0.566 0.574 0.569", "0.503 0.498 0.501 0.499").replace("0.570 +- 0.003", "0.500 +- 0.002") \
        .replace("ok 0.57,", "ok 0.50,")
    assert not _of("control_vs_null", fine)


def test_unbiased_said_of_an_estimate_beside_its_predicted_and_observed_counts() -> None:
    text = ("check in the control region:\n"
            "    predicted by the template: 12,400\n"
            "    observed: 13,050 (+- 114 stat)\n"
            "  so the template estimate is unbiased.\n")
    assert 4 in _of("absolute_words", text)
    # counts that agree within their error are what 'unbiased' says
    close = text.replace("13,050", "12,480")
    assert not _of("absolute_words", close)


def test_this_is_an_improvement_over_the_side_named_second_in_the_pair_before() -> None:
    text = ("At 30% signal efficiency the new transformer tagger has a background rejection of 210, against 260 for the\n"
            "cut-based baseline used until now. This is a clear improvement over the baseline.\n")
    assert _of("comparison_direction", text) == [2]
    # the same verdict with the numbers the right way round holds
    assert not _of("comparison_direction", text.replace("rejection of 210, against 260", "rejection of 310, against 260"))


def test_an_html_header_row_over_a_tbody_line_heads_its_rows_and_a_superlative_names_the_row_a_clause_before() -> None:
    text = ("<html><body>\n<table>\n"
            "<thead><tr><th>Place</th><th>Group</th><th>AUC</th><th>QCD mistag at 30% top eff.</th></tr></thead>\n"
            "<tbody>\n"
            "<tr><td>1</td><td>Blue Herons</td><td>0.934</td><td>0.022</td></tr>\n"
            "<tr><td>2</td><td>Red Kites</td><td>0.939</td><td>0.017</td></tr>\n"
            "<tr><td>3</td><td>Grey Owls</td><td>0.921</td><td>0.029</td></tr>\n"
            "</tbody>\n</table>\n"
            "<p>Well done to <b>Blue Herons</b>, the winners with the lowest QCD mistag in the class.</p>\n"
            "</body></html>\n")
    assert _of("comparison_direction", text, "board.html") == [10]
    # the group that does have the lowest mistag, named the same way, is right
    assert not _of("comparison_direction", text.replace("<b>Blue Herons</b>", "<b>Red Kites</b>"), "board.html")
