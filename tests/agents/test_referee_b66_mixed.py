"""The referee's readings of machine logs, wiki pages, TOML summaries and assistant answers (issue 23, session ref27c,
blind round 24, b66): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.reading import guess_format
from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def test_a_commit_git_checks_out_opens_a_test_of_its_own() -> None:
    # git bisect: each "[<hash>] subject" after "Bisecting: ..." is another commit; its score is not the one before's again
    text = ("Bisecting: 6 revisions left to test after this (roughly 3 steps)\n"
            "[9c1e4f2a7b3d5e6f8a0b1c2d3e4f5a6b7c8d9e0f] tagger: widen the edge MLP\n"
            "[check] W-tag AUC = 0.9412 -> good\n"
            "Bisecting: 2 revisions left to test after this (roughly 1 step)\n"
            "[1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b] io: new parquet reader\n"
            "[check] W-tag AUC = 0.9409 -> good\n")
    assert not _of("inconsistent_numbers", text, "bisect.out")
    one_commit = "".join(line + "\n" for line in text.splitlines() if not line.startswith(("Bisecting", "[1a2b")))
    assert _of("inconsistent_numbers", one_commit, "bisect.out")  # two AUCs of one commit still disagree


def test_a_table_row_pairs_its_own_p_value_with_its_own_significance() -> None:
    # a scan table, each window with its p and Z: the middle window's Z is not what its own p gives
    text = ("## Scan\n\n| bin | p_local | Z_local |\n|---|---|---|\n| B3 | 0.21 | 0.81 |\n| B4 | 2.0e-4 | 4.4 |\n"
            "| B5 | 0.48 | 0.05 |\n")
    assert _of("inconsistent_numbers", text, "scan.md") == [6]
    right = text.replace("| 4.4 |", "| 3.5 |")  # p = 2e-4 is 3.5 sigma one-sided
    assert not _of("inconsistent_numbers", right, "scan.md")


def test_a_phrase_quoted_as_one_of_the_things_the_text_denies_is_no_claim() -> None:
    # 'is not a faulty or "more than perfect" tagger': quoted words it rejects, neither a comparison nor 'perfect'
    text = ("| | value |\n|---|---|\n| pooled AUC | 0.503 ± 0.004 |\n\n"
            "Split 3 at 0.497 is not a faulty or \"better than perfect\" tagger; it is 0.8 sigma below 0.5.\n")
    assert not referee(text, name="answer.md").findings


def test_went_down_from_one_value_to_another_is_a_change_in_that_order() -> None:
    # "the W1 distance went down from 0.70 to 0.52 (lower is better), so v3 is better than v2": v3 is the second value
    text = ("The W1 distance of the mass went down from 0.70 to 0.52 (lower is better), so v3 models the mass better "
            "than v2.\n")
    assert not _of("comparison_direction", text, "notes.md")
    wrong = text.replace("0.70 to 0.52", "0.52 to 0.70")
    assert _of("comparison_direction", wrong, "notes.md")  # 'went down' to a larger number is read, and is wrong


def test_a_number_joined_by_and_to_a_named_one_is_of_the_same_name() -> None:
    # "eps_S = 0.4 and 0.6" after "R40, R60 = 1/eps_B": both are efficiencies (working points), not a rejection of 0.6
    text = "R40, R60 = 1/eps_B at signal efficiency eps_S = 0.4 and 0.6 (higher is better).\n"
    assert not _of("impossible_value", text, "page.txt")
    values = [(v.quantity, v.shown) for c in extract(text, guess_format(text, "page.txt")) for v in c.values]
    assert ("efficiency", "0.6") in values


def test_keyed_signal_region_and_sideband_counts_are_the_classes_a_cwola_auc_is_tested_on() -> None:
    # "n_SR = 4000, n_SB = 8000" heading a ladder: an AUC error far under Hanley-McNeil for those counts is too small
    text = ("[scan] evaluation on held-out folds: n_SR = 4000, n_SB = 8000\n"
            "[scan] s/b = 0.010  AUC = 0.6120 +/- 0.0015\n")
    assert _of("uncertainty_vs_sample_size", text, "ci.log") == [2]
    honest = text.replace("0.0015", "0.0060")
    assert not _of("uncertainty_vs_sample_size", honest, "ci.log")


def test_a_name_inside_a_condition_before_a_colon_does_not_name_the_number_after_it() -> None:
    # "smallest injection with AUC > control + 2 sigma: 0.004": the 0.004 is the injection, not an AUC (no control at 0.004)
    text = ("[ladder] control (no signal) AUC = 0.503 +/- 0.006, consistent with 0.5\n"
            "[ladder] smallest s/b with AUC > control + 2 sigma: 0.004\n")
    assert not _of("control_vs_null", text, "ladder.log")


def test_each_line_of_a_multiline_toml_string_stands_on_its_own_line() -> None:
    # a TOML '"""' summary: its sentences are read on the lines they are written on, not on the key's line
    text = ('[result]\nauc = 0.611\nauc_err = 0.004\n\n[notes]\ntext = """\nThe run is fine.\n'
            'The classifier test at 0.611 shows the samples are indistinguishable.\n"""\n')
    assert 8 in _of("classifier_test_vs_null", text, "summary.toml")


def test_test_jets_keyed_with_two_classes_give_the_test_set() -> None:
    # "test jets: 1500 quark + 1500 gluon" in a training log: the test set every AUC below it is measured on
    text = "[ft] train jets: 800, test jets: 1500 quark + 1500 gluon\n"
    c = extract(text, guess_format(text, "train.out"))[0]
    assert (c.sample_size, c.n_signal, c.n_background) == (3000, 1500, 1500)


def test_a_bare_difference_under_its_two_ends_is_judged_by_their_test_set_errors() -> None:
    # "delta AUC = +0.005, a significant gain" under two AUCs of 1500 + 1500 jets each: about 0.5 sigma
    text = ("[ft] test jets: 1500 quark + 1500 gluon\n"
            "[eval] pretrained: AUC = 0.861\n"
            "[eval] scratch: AUC = 0.856\n"
            "[eval] delta AUC = +0.005 -> pre-training gives a significant gain\n")
    assert _of("significance_unsupported", text, "job.out") == [4]
    big = text.replace("0.856", "0.801").replace("+0.005", "+0.060")
    assert not _of("significance_unsupported", big, "job.out")


def test_an_answer_on_a_classifier_test_cites_the_line_that_gives_its_error() -> None:
    # the AUC is first repeated bare (a user's question), then given with its error in a table: the answer's verdict rests
    # on the error, so it cites the table's line
    from agents.referee.referee import answer
    text = ("Q: the real-vs-generated classifier says AUC 0.512 for flow-v2, are the jets fine?\n\n"
            "| check | value |\n|---|---|\n| pooled AUC | 0.512 ± 0.004 |\n\n"
            "The real-vs-generated classifier test is 3σ above 0.5, so the classifier still sees a difference.\n")
    got = answer("can the classifier tell the generated jets from real ones?", referee(text, "chat.md"), text)
    assert got.startswith("Yes") and "line 5" in got, got
