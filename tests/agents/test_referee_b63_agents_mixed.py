"""The referee's readings of agent consoles, chat exports and forum threads (issue 23, session ref26d, blind round 23,
b63): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_an_agent_console_command_in_capitals_opens_a_run_of_its_own() -> None:
    # "NEXT STEP ACTION: COMMAND = run_python ARGUMENTS = {...}": each command's printout is its own run's
    text = ("ACTION:  COMMAND = run_python  ARGUMENTS = {'code': 'fit(signal=0)'}\n"
            "SYSTEM: returned: SR-vs-SB AUC: 0.512\n"
            "ACTION:  COMMAND = run_python  ARGUMENTS = {'code': 'fit(signal=0.01)'}\n"
            "SYSTEM: returned: SR-vs-SB AUC: 0.644\n")
    assert not _of("inconsistent_numbers", text, "console.txt")
    one_run = text.replace("ACTION:  COMMAND = run_python  ARGUMENTS = {'code': 'fit(signal=0.01)'}\n", "")
    assert _of("inconsistent_numbers", one_run, "console.txt")  # two AUCs of one run still disagree


def test_one_part_of_a_repeated_measurement_is_not_the_mean_over_the_parts() -> None:
    # "seed AUCs: a b c d" beside "AUC (mean over 4 seeds): m": each seed's own value, and their mean
    text = ("seed AUCs: 0.702 0.711 0.695 0.716\n"
            "classifier AUC (mean +/- std over 4 seeds): 0.706 +/- 0.009\n")
    assert not _of("inconsistent_numbers", text, "log.txt")
    restated = text + "Summary: classifier AUC (mean over 4 seeds) 0.716\n"  # the mean given twice still disagrees
    assert _of("inconsistent_numbers", restated, "log.txt") == [2, 3]


def test_a_superlative_names_the_quantity_of_its_own_clause() -> None:
    # "the best rejection (...), while A keeps the highest AUC": the superlative is of rejection, set against the table's
    text = ("| tagger | AUC   | eps_S | R50 = 1/eps_B |\n|---|---|---|---|\n| alpha | 0.951 | 0.50 | 140 |\n"
            "| beta  | 0.946 | 0.50 | 95 |\n\n"
            "beta has the best rejection at the 50% signal-efficiency working point (R50 = 95, vs 140 for alpha), while "
            "alpha keeps the highest AUC (0.951).\n")
    found = [f for f in referee(text, name="pr.md").findings if f.rule == "comparison_direction"]
    assert found and all("rejection 95 vs 140" in f.message for f in found)


def test_unbiased_in_named_observables_is_judged_by_their_record_lines_above() -> None:
    # a summary several lines under a printed record whose lines are led by the observables it calls unbiased
    record = ("[check] energy   : mean rel. offset +0.034 (+/- 0.0005), width 0.081\n"
              "[check] eta      : mean abs. offset -0.001 (+/- 0.0002), width 0.012\n")
    summary = "Summary for the group: the regression is unbiased in energy and eta; only the widths matter.\n"
    text = record + "[check] done\n" * 6 + "\n" + summary
    assert _of("absolute_words", text, "run.txt") == [text.count("\n")]
    small = text.replace("+0.034 (+/- 0.0005)", "+0.0004 (+/- 0.0005)")
    assert not _of("absolute_words", small, "run.txt")


def test_a_distinguish_question_uses_the_error_the_same_number_has_elsewhere() -> None:
    # the verdict quotes the test's AUC bare; its error is on the record line above, of no named test
    text = ("Trained ParticleNet on 100k real + 100k generated jets; on the held-out split:\n"
            "test AUC = 0.561 +/- 0.004 (std over 4 trainings)\n\n"
            "Verdict: the real-vs-generated classifier reaches only 0.561, close to 0.5, so the generated jets are "
            "indistinguishable from the real ones.\n")
    q = "can the classifier tell the generated jets apart from the real ones?"
    assert answer(q, referee(text, name="chat.txt"), text).startswith("Yes")
    near = text.replace("0.561", "0.507")
    assert answer(q, referee(near, name="chat.txt"), near).startswith("No")


def test_the_first_end_of_an_energy_range_is_an_energy() -> None:
    # "the 2.6-2.9 TeV window" after "..., i.e. 3.4 sigma": 2.6 is no second significance of the sentence
    text = "After the trials correction p = 3.2e-4, i.e. 3.4 sigma, for the 2.6-2.9 TeV window.\n"
    good = text.replace("3.4 sigma", "3.41 sigma")
    assert _of("inconsistent_numbers", good.replace("3.2e-4", "3.2e-3"), "scan.txt")
    assert _of("inconsistent_numbers", text.replace("3.4 sigma", "3.9 sigma"), "scan.txt") == [1]
    assert not _of("inconsistent_numbers", good, "scan.txt")


def test_a_share_of_pairs_is_a_frequency_not_a_side_of_the_comparison() -> None:
    # "an AUC of 0.31 means in 69% of pairs the background jet scores higher": how often, not 0.31 against 0.69
    text = "An AUC of 0.31 means that in 69% of W/QCD pairs the QCD jet gets the higher score.\n"
    assert not _of("comparison_direction", text, "thread.md")
    assert _of("auc_below_half", text, "thread.md") == [1]  # the AUC itself is still read


def test_the_noun_inversion_explains_an_auc_below_half() -> None:
    text = ("Validation AUC is 0.34 and the held-out AUC 0.33.\n\n"
            "The two (0.34 and 0.33) agree, which points to a label inversion rather than overtraining.\n")
    assert not _of("auc_below_half", text, "notes.md")
    unexplained = text.replace("a label inversion rather than overtraining", "a stable training")
    assert _of("auc_below_half", unexplained, "notes.md")


def test_a_lead_in_names_the_quantity_of_its_two_column_list() -> None:
    # "Scores on the test split (AUC):" over "  name    number" lines: each number is an AUC, even a tiny one
    text = ("Scores on the held-out split (AUC, higher is better):\n\n"
            "  cut-based (mass only)      0.871\n"
            "  GNN baseline               0.954\n"
            "  my tiny net (9k params)    0.041\n\n"
            "My tiny net gives the best separation of all three.\n")
    assert _of("auc_below_half", text, "post.txt") == [5]
    assert not _of("auc_below_half", text.replace("0.041", "0.961"), "post.txt")
    tight = text.replace("  my tiny net (9k params)    0.041", "  my tiny net (9,000 params) 0.041")  # a long name, one
    assert _of("auc_below_half", tight, "post.txt") == [5]  # space before the number, which still stands in the column
    unaligned = text.replace("  my tiny net (9k params)    0.041", "  my tiny net 0.041")  # no column: the number is left
    assert not _of("auc_below_half", unaligned, "post.txt")
