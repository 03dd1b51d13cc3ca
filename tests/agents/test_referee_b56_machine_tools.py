"""The referee's readings of what machine tools and automated systems print (issue 23, session ref25a, blind round 22,
b56): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_printed_table_opens_anew_under_a_line_that_may_go_on() -> None:
    # the line over a table's column names ends on a bracket, where a sentence could go on; the names begin the table,
    # and the change printed below it is judged by the errors the stated test set allows its two rows
    text = ("Evaluating on 4000 signal jets and 4000 background jets (run 12)\n"
            "tagger          AUC      accuracy\n"
            "old_tagger      0.9402   0.881\n"
            "new_tagger      0.9411   0.884\n"
            "AUC change (new - old) = +0.0009\n"
            "The new tagger is significantly better than the old one.\n")
    assert _of("significance_unsupported", text, "eval.log") == [6]
    wide = text.replace("+0.0009", "+0.0309").replace("0.9411", "0.9711")
    assert not _of("significance_unsupported", wide, "eval.log")


def test_a_line_of_name_equals_value_does_not_continue_the_line_above() -> None:
    # "chosen: ... point)" over "model 4 AUC = ...": two printed lines, the error bar stands where its number does
    text = ("holdout: 2000 signal + 2000 background jets\n"
            "chosen: model 4 (best validation score at the tight working point)\n"
            "model 4 holdout AUC = 0.9150 +/- 0.0005 (2000 + 2000 jets); saved to out/model4.onnx\n")
    assert _of("uncertainty_vs_sample_size", text, "search.log") == [3]
    honest = text.replace("+/- 0.0005", "+/- 0.0060")
    assert not _of("uncertainty_vs_sample_size", honest, "search.log")


def test_the_bounds_a_data_check_allows_are_no_measured_values() -> None:
    # a validation gate's "min_value" / "max_value" around a distance: limits of the check, not distances measured
    doc = ('{"checks": [{"kind": "expect_mean_between", "column": "w1_pt", "min_value": -0.5, "max_value": 0.5},\n'
           ' {"kind": "expect_mean_between", "column": "w1_pt", "observed_value": 0.12}]}\n')
    assert not _of("impossible_value", doc, "gate.json")
    bad = doc.replace('"observed_value": 0.12', '"wasserstein_observed": -0.12')
    assert _of("impossible_value", bad, "gate.json")


def test_rejection_written_short_with_its_working_point() -> None:
    # "rej50 310" beside an AUC: a rejection at 50% signal efficiency, never an AUC of 310
    text = ("ft   AUC 0.9311 +/- 0.0030   rej50 310\n"
            "base AUC 0.9270 +/- 0.0032   rej50 265\n")
    assert not _rules(text, "cmp.txt")
    # two working points of one object's rejection ("rej30", "rej50" keys) are two numbers, not one given twice
    doc = "[delta.tuned_minus_base]\nd_rej30 = 45\nd_rej50 = 28\n"
    assert not _rules(doc, "delta.toml")


def test_each_job_of_a_sweep_is_its_own_run() -> None:
    # a sweep launcher prints each job's number and settings: the same printed quantity under two jobs is two runs
    text = ("[launcher] #0 : inject.fraction=0.0 seed=3\n"
            "[job] weak-supervision AUC = 0.502 +/- 0.003\n"
            "[launcher] #1 : inject.fraction=0.01 seed=3\n"
            "[job] weak-supervision AUC = 0.612 +/- 0.003\n")
    assert not _of("inconsistent_numbers", text, "sweep.log")
    one_run = text.replace("[launcher] #1 : inject.fraction=0.01 seed=3\n", "")
    assert _of("inconsistent_numbers", one_run, "sweep.log")


def test_a_job_that_injects_signal_ends_the_no_signal_control_above() -> None:
    # the control's lines are those up to the next job's injection: that job's AUC is no control's
    text = ("[launcher] #0 : inject.fraction=0.0 seed=3\n"
            "[job] injected signal: 0 events (S/B = 0)\n"
            "[job] weak-supervision AUC = 0.502 +/- 0.003\n"
            "[launcher] #1 : inject.fraction=0.01 seed=3\n"
            "[job] injected signal: 500 events (S/B = 0.01)\n"
            "[job] weak-supervision AUC = 0.612 +/- 0.003\n")
    assert not _rules(text, "sweep.log")
    sculpted = text.replace("0.502", "0.571")
    assert _of("control_vs_null", sculpted, "sweep.log") == [3]


def test_a_question_typed_in_quotes_claims_nothing() -> None:
    # a prompt handed to a program asks; the answer it prints is what makes a claim
    base = ('>>> bot.ask("Are the flow-generated jets indistinguishable from the simulated ones? Check run 3.")\n'
            "run 3: real-vs-generated classifier AUC = 0.640 +/- 0.004 on 20000 + 20000 jets\n")
    assert 1 not in _of("classifier_test_vs_null", base, "session.txt")
    claimed = base + "Reply: the generated jets are indistinguishable from the simulated ones.\n"
    assert 3 in _of("classifier_test_vs_null", claimed, "session.txt")


def test_a_tell_apart_question_with_a_possessive_name() -> None:
    text = "The real-vs-generated classifier separates flow-x's jets from data: AUC = 0.655 +/- 0.004.\n"
    ref = referee(text, name="note.txt")
    assert answer("can flow-x's jets be told apart from the data jets?", ref, text).startswith("Yes")
    near = text.replace("0.655", "0.503")
    assert answer("can flow-x's jets be told apart from the data jets?", referee(near, name="note.txt"), near).startswith("No")


def test_a_relative_change_said_of_a_named_line_above() -> None:
    # "fake rate cut by 40%" under the line that prints that fake rate for the two models
    text = ("[cmp] light fake rate   ref_net 0.0200   new_net 0.0150\n"
            "[cmp] c fake rate       ref_net 0.120    new_net 0.090\n"
            "[cmp] light fake rate reduced by 40%\n")
    assert _of("inconsistent_numbers", text, "cmp.log") == [3]
    right = text.replace("by 40%", "by 25%")
    assert not _of("inconsistent_numbers", right, "cmp.log")


def test_an_excess_as_a_share_of_its_background() -> None:
    text = "We observe 560 events on a fitted background of 500 +/- 9, an excess of 60 events (+15% over background).\n"
    assert _of("inconsistent_numbers", text, "fit.txt") == [1]
    right = text.replace("+15%", "+12%")
    assert not _of("inconsistent_numbers", right, "fit.txt")
    # 60 / 560 = 10.7% is the excess's share of what is observed, which 'over background' does not mean
    assert _of("inconsistent_numbers", text.replace("+15%", "+10.7%"), "fit.txt") == [1]


def test_unbiased_said_of_a_thing_whose_mean_offset_is_printed_above() -> None:
    # "mean (E - E_true)" is a bias; the verdict names the thing, whose line stands a few lines above
    text = ("[head] energy head (50000 jets)\n"
            "[head]   raw energy       : mean (E - E_true) = +6.1 GeV, width 20.3 GeV\n"
            "[head]   corrected energy : mean (E - E_true) = +3.2 GeV, width 15.0 GeV\n"
            "[head] summary\n"
            "[head]   width reduced from 20.3 to 15.0 GeV\n"
            "[head]   corrected energy is unbiased\n")
    assert _of("absolute_words", text, "head.log") == [6]
    right = text.replace("+3.2 GeV", "+0.003 GeV")
    assert not _of("absolute_words", right, "head.log")


def test_a_verdict_printed_in_capitals_ends_on_its_line() -> None:
    # "RELEASE OK: ..." is printed whole: the lower-case line under it is a statement of its own, and a comparison said
    # to hold at both points of a two-row table is judged on every column of it
    text = ("net            AUC      R50     R80\n"
            "baseline_v1    0.9601   410     95\n"
            "upgrade_v2     0.9633   388     104\n"
            "RELEASE OK: upgrade beats baseline on the AUC\n"
            "upgrade also improves on baseline at both working points (R50, R80)\n")
    assert _of("comparison_direction", text, "ci.log") == [5]
    fixed = text.replace("388 ", "455 ")
    assert not _of("comparison_direction", fixed, "ci.log")


def test_a_second_superlative_of_a_numbered_run_is_checked_too() -> None:
    # "trial 12 (highest AUC; also the lowest fake rate)": the second superlative is checked against the rows, each
    # named by its trial number
    text = ("trial  AUC      fake_rate\n"
            "12     0.9402   0.0310\n"
            "19     0.9377   0.0255\n"
            "02     0.9350   0.0287\n"
            "picked: trial 12 (highest AUC; also the lowest fake rate at the loose working point)\n")
    assert _of("comparison_direction", text, "tune.log") == [5]
    fixed = text.replace("0.0310", "0.0221")
    assert not _of("comparison_direction", fixed, "tune.log")


def test_an_sql_script_comment_block_and_its_updates() -> None:
    # the '--' of a comment block is no part of the sentence it wraps; an UPDATE's WHERE names the row its values are of
    text = ("-- Numbers for the review, test set 100,000 + 100,000 jets:\n"
            "--   the new tagger has an R50 12% above the old\n"
            "--   tagger (200 -> 224).\n"
            "UPDATE results SET r50 = 200 WHERE model = 'old_tagger';\n"
            "UPDATE results SET r50 = 224 WHERE model = 'new_tagger';\n")
    assert not _rules(text, "update.sql")
    wrong = text.replace("12% above", "30% above")
    assert _of("inconsistent_numbers", wrong, "update.sql")


def test_a_method_named_with_a_comparison_word_compares_nothing() -> None:
    # "score_match" is a method's name; the verb after it ('beats') is the comparison
    text = ("model          W1M     AUC\n"
            "score_match    0.91    0.541 +- 0.003\n"
            "gan_v2         0.66    0.563 +- 0.003\n"
            "score_match beats gan_v2 on the mass distance (W1M 0.91 vs 0.66)\n")
    assert _of("comparison_direction", text, "gen.log") == [4]
    fixed = text.replace("0.91", "0.51")
    assert not _of("comparison_direction", fixed, "gen.log")
