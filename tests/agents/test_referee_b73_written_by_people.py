"""The referee's readings of reports written by people (issue 23, session ref28b, blind round 26, b73): each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.numbers import stated_counts
from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_an_items_name_before_its_colon_names_the_background_rate_after_it() -> None:
    # "- gnn_t: light mistag" style items, one tagger a line: the class word says which rate, the name whose it is;
    # the two lines are two taggers, not one rate given twice, and the plan's "fewer background jets" is against them
    text = ("Working point 70% top efficiency:\n"
            "- `pfn_v4`: background mistag 4.4 %\n"
            "- `bdt_legacy` (in use): background mistag 3.7 %\n"
            "Plan: pfn_v4 beats the legacy bdt, it passes fewer background jets, so we switch.\n")
    assert not _of("inconsistent_numbers", text, "notes.md")
    assert _of("comparison_direction", text, "notes.md")
    right = text.replace("4.4 %", "3.1 %")
    assert not _of("comparison_direction", right, "notes.md")


def test_a_direction_question_reads_two_sides_given_on_lines_of_their_own() -> None:
    text = ("At the 70% working point:\n"
            "- pfn_v4: background mistag 4.4 %\n"
            "- bdt_legacy: background mistag 3.7 %\n")
    q = "At the 70% working point, does pfn_v4 let through fewer background jets than bdt_legacy?"
    assert answer(q, referee(text, "notes.md"), text).startswith("No")
    flipped = text.replace("4.4 %", "2.9 %")
    assert answer(q, referee(flipped, "notes.md"), flipped).startswith("Yes")


def test_a_number_under_a_convention_is_taken_under_it_not_below_a_rival() -> None:
    # "AUC 0.36 under the old labelling": the reading it is taken under; with its flip 1 - 0.36 = 0.64 no change is stated
    text = "A score that gives AUC 0.36 under the old labelling gives 1 - 0.36 = 0.64 once flipped.\n"
    assert not _of("inconsistent_numbers", text, "reply.txt")


def test_the_events_a_model_overfitted_are_no_test_set() -> None:
    # a fold "overfitting 250 events" on a validation split: a training count, no set a rate of the report was measured on
    text = "One fold gave 0.45 on its validation split; its model was overfitting 250 SR events, so it was dropped.\n"
    assert not [k for k, *_ in stated_counts(text) if k == 250]
    tested = "One fold gave 0.45 on its validation split of 250 SR events, so it was dropped.\n"
    assert [k for k, *_ in stated_counts(tested) if k == 250]


def test_a_global_significance_named_after_its_number_answers_a_question_on_the_scanned_windows() -> None:
    text = ("Biggest bump at 2.1 TeV: 3.4 sigma local.\n"
            "With the trials factor for the 25 windows this is about 1.9 sigma global.\n"
            "Nothing here comes anywhere near 3 sigma global.\n")
    q = "once the 25 scanned windows are taken into account, does the bump reach 3 sigma?"
    assert answer(q, referee(text, "card.md"), text).startswith("No")
    found = text.replace("3.4 sigma local", "4.4 sigma local").replace("1.9 sigma global", "3.6 sigma global").replace(
        "Nothing here comes anywhere near 3 sigma global.\n", "")
    assert answer(q, referee(found, "card.md"), found).startswith("Yes")


def test_a_significance_question_on_two_understated_errors_uses_what_the_test_set_allows() -> None:
    # errors of the seed mean on 400 + 400 test jets: the gain of 0.012 is far less than 2 sigma of the test set
    text = ("Test file: 400 signal + 400 background jets.\n"
            "AUC with pretraining: 0.902 ± 0.0004, AUC without: 0.890 ± 0.0005\n")
    q = "on the 400 + 400 test jets, is the AUC gain from pretraining significant at the 2-sigma level?"
    assert answer(q, referee(text, "chat.txt"), text).startswith("No")
    large = text.replace("0.902", "0.962")  # a gain of 0.072 stands even at the test set's errors
    assert answer(q, referee(large, "chat.txt"), large).startswith("Yes")


def test_a_generated_vs_real_setup_lines_above_is_not_hidden_by_a_verdict_after_the_number() -> None:
    # setup on one line, the AUC on the next, then a verdict on that same line, then "They're indistinguishable."
    text = ("Thread 3/5: we trained a classifier to separate generated from real showers (30k + 30k test).\n"
            "The AUC comes out at 0.66 ± 0.01. So the classifier cannot tell our showers from real ones.\n"
            "They're indistinguishable.\n")
    assert _of("classifier_test_vs_null", text, "thread.txt")
    right = text.replace("0.66 ± 0.01", "0.503 ± 0.006")
    assert not _of("classifier_test_vs_null", right, "thread.txt")


def test_a_control_opening_with_how_it_was_run_in_brackets_is_the_controls() -> None:
    text = ("For the background-only control (signal removed, identical folds), the hunting classifier gave an AUC of "
            "0.583 +/- 0.007, which shows the method is unbiased.\n")
    assert _of("control_vs_null", text, "summary.txt")
    right = text.replace("0.583 +/- 0.007", "0.504 +/- 0.007")
    assert not _of("control_vs_null", right, "summary.txt")


def test_a_column_headed_by_its_configuration_in_brackets_keeps_the_rows_quantity() -> None:
    # "| old (K = 256) | new (K = 512) |": the columns are two codebooks, each row names what its cells measure
    text = ("| metric | old (K = 256) | new (K = 512) |\n"
            "|---|---|---|\n"
            "| code perplexity | 201 | 640 |\n"
            "| pT resolution | 1.8 % | 1.1 % |\n"
            "\nThe bigger codebook makes the round trip lossless.\n")
    assert _of("impossible_value", text, "review.md") == [3]
    assert _of("absolute_words", text, "review.md")
    right = text.replace("640", "455").replace("makes the round trip lossless", "sharpens the round trip")
    assert not _of("impossible_value", right, "review.md") and not _of("absolute_words", right, "review.md")


def test_a_change_column_in_points_and_a_rejection_column_at_its_working_point() -> None:
    # "−0.5 pt" between 2.9 % and 2.4 % is a change in percentage points; "background rejection (at eS = 0.5)" is a rejection column,
    # its bracket a working point, not a configuration whose row names the quantity
    text = ("| metric | v1 (K = 512) | v2 (K = 2048) | change |\n"
            "|---|---|---|---|\n"
            "| mass resolution | 2.9 % | 2.4 % | −0.5 pt |\n")
    assert not _of("inconsistent_numbers", text, "mr.md")
    assert _of("inconsistent_numbers", text.replace("−0.5 pt", "−1.5 pt"), "mr.md")
    rej = '{"tagger": "lgn", "metrics": {"AUC": "0.986", "background rejection (at eS = 0.5)": "0.0021"}}\n'
    assert _of("impossible_value", rej, "results.json")
