"""The referee's readings of tool outputs and documents people write (issue 23, session ref23ai, blind round 20, b51):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_column_headed_z_with_its_scope_is_a_significance() -> None:
    # "Z_glob" over 1.5 beside "p_glob" 2.0e-04: 2.0e-04 is 3.5 sigma one-sided, not 1.5; the matching row is fine
    text = ("scan over 12 mass windows, global significances\n"
            "window  N_obs  Z_glob  p_glob\n"
            "A       412    1.5     2.0e-04\n"
            "B       388    1.0     1.6e-01\n")
    assert _of("inconsistent_numbers", text, "scan.log") == [3]
    fixed = text.replace("1.5     2.0e-04", "3.5     2.3e-04")
    assert not _of("inconsistent_numbers", fixed, "scan.log")
    local = text.replace("Z_glob  p_glob", "Z_local  p_local").replace("1.5     2.0e-04", "1.5      2.0e-04")
    assert _of("inconsistent_numbers", local, "scan.log") == [3]


def test_a_samplers_acceptance_probability_is_no_accuracy() -> None:
    # an MCMC progress line per chain prints "acc. prob" (acceptance); chains differ, and that is no clash of accuracies
    text = ("draws: 500/500 [00:04<00:00, 110it/s, 31 steps of size 1.2e-01. acc. prob=0.91]\n"
            "draws: 500/500 [00:05<00:00, 98it/s, 31 steps of size 1.1e-01. acc. prob=0.86]\n")
    assert not _rules(text, "mcmc.log")
    rate = text.replace("acc. prob=", "acc_rate=")
    assert not _of("inconsistent_numbers", rate, "mcmc.log")
    # the accuracy itself, abbreviated, still is one: above 1 it is impossible
    assert _of("impossible_value", "tagger A: acc=1.07 on the test set\n") == [1]


def test_a_name_between_two_numbers_is_the_seconds_not_the_firsts() -> None:
    # "narrowed from 0.05 to 0.004, and the rejection rose from 200 to 260": the 0.004 is the spread's, no rejection of 0.004
    text = "Between the two runs the seed spread narrowed from 0.05 to 0.004, and the rejection rose from 200 to 260 (+30%).\n"
    assert not _rules(text)
    # a name after a pair of bare numbers still names both: an AUC of 1.3 is impossible
    pair = "The two taggers reach 1.3 vs 0.87 AUC on the same test set.\n"
    assert _of("impossible_value", pair) == [1]


def test_a_change_column_is_checked_against_the_row_it_names() -> None:
    # "rej vs BDT (%)": each row's rejection relative to the BDT row; 60.0 against 50.0 is +20%, not +26%
    text = ("Tab. 2  Taggers on the same test set.\n"
            "==========================================================\n"
            "tagger        AUC       rej30     drej30 vs BDT (%)\n"
            "==========================================================\n"
            "BDT           0.901     50.0        0.0\n"
            "DNN           0.915     55.0      +10.0\n"
            "GNN           0.930     60.0      +26.0\n"
            "==========================================================\n")
    assert _of("inconsistent_numbers", text) == [7]
    right = text.replace("+26.0", "+20.0")
    assert not _of("inconsistent_numbers", right)
    # an absolute change from the named row, no percent: 0.930 - 0.901 is 0.029
    plain = text.replace("drej30 vs BDT (%)", "dAUC vs BDT      ").replace("+10.0", "+0.014").replace("+26.0", "+0.029")
    plain = plain.replace("  0.0\n", "  0.000\n")
    assert not _of("inconsistent_numbers", plain)
    assert _of("inconsistent_numbers", plain.replace("+0.029", "+0.045")) == [7]


def test_a_dashed_rule_under_aligned_names_leads_to_their_rows() -> None:
    # a journal table: names, a rule of dashes, then the rows; the rows are read under the names, so an AUC of 1.2 is one
    text = ("Table 4. Results\n"
            "------------------------------------------\n"
            "method          AUC        s.e.     R50\n"
            "------------------------------------------\n"
            "baseline        0.871      0.002    24.1\n"
            "new tagger      1.2        0.002    31.5\n"
            "------------------------------------------\n")
    assert _of("impossible_value", text) == [6]
    assert not _of("impossible_value", text.replace("1.2   ", "0.912"))


def test_sig_dot_before_a_comparative_is_significantly() -> None:
    # shorthand notes: "sig. worse" is "significantly worse", and the sentence goes on after the abbreviation's dot
    text = ("- pnet: auc 0.851\n"
            "- part: auc 0.847\n"
            "  -> part sig. worse than pnet, drop it\n")
    assert _of("significance_unsupported", text) == [3]
    assert _of("significance_unsupported", text.replace("sig. worse", "signif. worse")) == [3]
    # "sig. eff." is the signal efficiency: nothing is called significant
    eff = ("- pnet: sig. eff. 0.41 at 1% mistag\n"
           "- part: sig. eff. 0.43 at 1% mistag, higher than pnet\n")
    assert not _of("significance_unsupported", eff)


def test_cutting_the_background_more_compares_the_mistag_rates() -> None:
    # "suppresses the light-jet background more than": the mistag rates decide (lower is better), not the AUCs beside them;
    # the rates are printed as "1.8 % ± 0.02 %", the error's percent sign after a space
    text = ("Both taggers on 400 000 light jets, at 70 % b-jet efficiency:\n"
            "\n"
            "   tagger      AUC               light mistag rate\n"
            "   DL1d        0.941 ± 0.0004    1.2 % ± 0.02 %\n"
            "   GN2         0.952 ± 0.0004    1.8 % ± 0.02 %\n"
            "\n"
            "At same b-jet efficiency GN2 suppresses the light-jet background more than DL1d.\n")
    assert _of("comparison_direction", text) == [7]
    assert not _of("comparison_direction", text.replace("suppresses the light-jet background more", "suppresses the light-jet background less"))
    right = text.replace("1.2 % ± 0.02 %", "2.4 % ± 0.02 %")
    assert not _of("comparison_direction", right)


def test_a_quoted_word_being_defined_is_not_said_of_a_result() -> None:
    # a tutorial defines a word in quotes ('"Significant" needs an error bar'): it calls no result significant
    text = ('Rule of thumb: "significant" needs an error bar: an AUC going from 0.90 to 0.91 says nothing alone.\n')
    assert not _rules(text)
    used = 'Rule of thumb aside, the AUC going from 0.90 to 0.91 is significant.\n'
    assert _of("significance_unsupported", used) == [1]
    assert not _rules('"Lossless" would mean a zero error on every jet; our tokenizer has a 2% mass error.\n')


def test_better_than_random_of_an_auc_below_half_is_no_even_beside_a_comparison() -> None:
    # the notes say the inverted score is "worse than guessing"; asked whether it beats guessing as it stands, the answer
    # is no (the report's own comparison agreeing with its numbers is no yes to that question)
    from agents.referee.referee import answer, referee

    text = ("- Worked example: a W tagger gave AUC = 0.31 +- 0.01 on 2000 + 2000 jets; its labels were swapped.\n"
            "  Ranked as it stands, the tagger is worse than guessing; flipped, 1 - 0.31 = 0.69.\n")
    ref = referee(text)
    q = "as it stands, does the W tagger with AUC 0.31 separate W jets from QCD better than random guessing?"
    assert answer(q, ref, text).startswith("No")
    high = text.replace("0.31", "0.69", 1)
    assert not answer("does the W tagger with AUC 0.69 separate W jets better than random guessing?", referee(high), high).startswith(
        "No: an AUC")


def test_significant_at_a_stated_level_is_read_off_the_named_tests_p_value() -> None:
    # two two-proportion tests in a statistics session, one per sample; asked about one of them at the 5% level, the
    # answer is that test's own p-value against 0.05
    from agents.referee.referee import answer, referee

    text = ("> prop.test(c(512, 470), c(25000, 25000))   # barrel jets, tagger A vs tagger B\n"
            "2-sample test for equality of proportions\n"
            "X-squared = 1.74, df = 1\n"
            "p-value = 0.187\n"
            "\n"
            "> prop.test(c(640, 515), c(25000, 25000))   # endcap jets, tagger A vs tagger B\n"
            "2-sample test for equality of proportions\n"
            "X-squared = 13.4, df = 1\n"
            "p-value = 0.0003\n")
    ref = referee(text, "session.txt")
    assert answer("is the mistag difference on barrel jets significant at the 5% level?", ref, text).startswith("No")
    assert answer("is the mistag difference on endcap jets significant at the 5% level?", ref, text).startswith("Yes")


def test_a_json_record_that_injects_no_signal_is_a_control() -> None:
    # a search engine's hits: each record has its settings in one object and its scores in another; the record whose
    # signal-over-background field is 0 is the no-signal control, wherever its AUC stands
    from agents.referee.referee import answer, referee

    def runs(auc: str) -> str:
        return ('{"runs": [\n'
                '  {"id": "r0", "setup": {"s_over_b": 0.0, "seed": 3}, "scores": {"auc": ' + auc + ', "auc_err": 0.004}},\n'
                '  {"id": "r1", "setup": {"s_over_b": 0.01, "seed": 3}, "scores": {"auc": 0.744, "auc_err": 0.004}}\n'
                "]}\n")

    q = "is the no-signal control AUC consistent with random guessing?"
    assert answer(q, referee(runs("0.503"), "hits.json"), runs("0.503")).startswith("Yes")
    assert answer(q, referee(runs("0.561"), "hits.json"), runs("0.561")).startswith("No")
