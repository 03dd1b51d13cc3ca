"""The referee's readings of reports written by people: talks, help pages, remarks on drafts, committee notes, magazine
pieces (issue 23, session ref27f, blind round 25, b69): each test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import lines_of as _of


def test_a_spoken_plus_minus_written_with_a_hyphen_is_an_error_bar() -> None:
    # a talk's transcript writes the sign out ("plus-minus", "plus/minus"); a conclusion opening on "So" that the
    # classifier "learns nothing" reads the no-signal control just measured as random
    text = ("## No-injection check\n\n"
            "We repeat the whole chain on the background-only sample, nothing injected at all.\n"
            "The SR-versus-SB classifier then reaches an AUC of 0.581 plus-minus 0.006.\n"
            "So, with no signal present, the network learns nothing and the sidebands are not sculpted.\n")
    assert _of("control_vs_null", text, "talk.md")
    right = text.replace("0.581 plus-minus 0.006", "0.503 plus/minus 0.006")
    assert not _of("control_vs_null", right, "talk.md")


def test_a_superlative_at_a_signal_efficiency_takes_the_rejection_column_of_that_efficiency() -> None:
    # an HTML page: columns R30 and R50 are the rejections at 30% and 50% signal efficiency; a recommendation "at
    # ε<sub>S</sub> = 30%" speaks of the R30 column only (the Greek letter's subscript read as ε_S)
    text = ("<html><body>\n<table>\n"
            "<tr><th>Tagger</th><th>AUC</th><th>R30</th><th>R50</th></tr>\n"
            "<tr><td>GraphNet</td><td>0.981</td><td>980</td><td>305</td></tr>\n"
            "<tr><td>SetNet</td><td>0.979</td><td>1120</td><td>290</td></tr>\n"
            "</table>\n"
            "<p>For a tight selection we suggest GraphNet: at &epsilon;<sub>S</sub> = 30% it has the highest background "
            "rejection of the two.</p>\n</body></html>\n")
    assert _of("comparison_direction", text, "faq.html") == [7]
    right = text.replace("we suggest GraphNet", "we suggest SetNet")
    assert not _of("comparison_direction", right, "faq.html")


def test_a_short_bracketed_note_after_a_list_items_name_leaves_the_name_its_lead() -> None:
    # "- BaselineNet (old): QCD mistag 0.031": each item is its own model's numbers, not one number given twice
    text = ("## Slide 4\n"
            "- table, 10,000 QCD jets:\n"
            "  - NewNet: signal eff 40%, QCD mistag 0.0240 +- 0.0015\n"
            "  - BaselineNet (old): signal eff 40%, QCD mistag 0.0310 +- 0.0017\n")
    assert not _of("inconsistent_numbers", text, "notes.md")


def test_the_significance_improvement_named_as_the_sic_is_a_value_not_a_change() -> None:
    # "the maximum significance improvement (SIC) is 7.4 +- 0.5 for A and 6.9 +- 0.5 for B", then a committee's verdict
    # "regards this as a significant improvement": the two SICs are what it judges (0.5 apart, under 1σ)
    text = ("3. Classifier\n"
            "  The maximum significance improvement (SIC) is 7.4 +- 0.5 for the GNN and 6.9 +- 0.5 for the\n"
            "  BDT (mean and standard error over eight trainings).\n"
            "  The panel regards this as a significant improvement and adopts the GNN.\n")
    assert _of("significance_unsupported", text, "memo.txt") == [4]
    right = text.replace("7.4 +- 0.5 for the GNN", "9.9 +- 0.5 for the GNN")
    assert not _of("significance_unsupported", right, "memo.txt")


def test_unbiased_beside_a_data_to_simulation_scale_factor_off_one() -> None:
    # a data/simulation scale factor is a ratio: 0.91 +- 0.02 is 4.5σ from one, no calibration to call unbiased
    text = ("<p>The new b-tagger proved completely unbiased in the calibration: the data-to-simulation scale factor "
            "is 0.91 &plusmn; 0.02 at the 70% working point.</p>\n")
    assert _of("absolute_words", text, "recap.html") == [1]
    right = text.replace("0.91 &plusmn; 0.02", "0.99 &plusmn; 0.02")
    assert not _of("absolute_words", right, "recap.html")


def test_a_comparative_of_a_gain_over_its_own_from_to_ends_compares_no_sides() -> None:
    # "the 1k-label run shows the bigger gain (rejection from 95 to 150)": the gain is larger than another gain; 95 and
    # 150 are its own two ends, not a 'larger' side against a smaller one
    text = ("L210: The 1k-label run shows the bigger gain (rejection from 95 +- 6 to 150 +- 8). Worth a sentence in the "
            "abstract.\n")
    assert not _of("comparison_direction", text, "remarks.txt")


WIKI = ("== Results ==\n"
        "{| class=\"wikitable\"\n"
        "! Tagger !! AUC !! Rejection at 50% efficiency\n"
        "|-\n"
        "| N-subjettiness cut || 0.801 || 11.5\n"
        "|-\n"
        "| EdgeConv (large) || 0.951 || 118\n"
        "|}\n\n"
        "* EdgeConv reaches a rejection of 140, a clear step up from the cut.\n")


def test_a_mediawiki_table_is_read_under_its_header() -> None:
    # "! a !! b" names the columns, "| x || y" are a row's cells: the rows' numbers are of the columns' quantities
    text = WIKI.replace("* EdgeConv reaches a rejection of 140, a clear step up from the cut.",
                        "* The N-subjettiness cut has the highest rejection of the two.")
    assert _of("comparison_direction", text, "page.wiki") == [10]
    assert not _of("comparison_direction", text.replace("The N-subjettiness cut has", "EdgeConv has"), "page.wiki")


def test_a_shorter_name_in_a_sentence_is_the_one_table_row_that_holds_it() -> None:
    # "EdgeConv reaches 140" beside the one row "EdgeConv (large) | ... | 118": the sentence misquotes that row; with a
    # second EdgeConv row the name no longer says which one it is
    assert _of("inconsistent_numbers", WIKI, "page.wiki") == [10]
    two = WIKI.replace("|}\n", "|-\n| EdgeConv (small) || 0.944 || 140\n|}\n")
    assert not _of("inconsistent_numbers", two, "page.wiki")
