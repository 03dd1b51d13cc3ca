"""The referee's readings of tool outputs and documents people write (issue 23, session ref24c, blind round 21, b54):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def _answer(question: str, text: str, name: str = "notes.txt") -> str:
    return answer(question, referee(text, name=name), text)


def test_a_packages_printed_tail_probability_is_a_p_value() -> None:
    # "Pr(|Z| > |z|) = 0.31" beside "z = 3.60": 3.6 sigma is p ~ 3e-4, not 0.31; the statistic that matches is fine
    text = ("difference of two efficiencies, 8000 jets each\n"
            "z = 3.60     Pr(|Z| > |z|) = 0.3100\n")
    assert _of("inconsistent_numbers", text, "test.log") == [2]
    assert not _of("inconsistent_numbers", text.replace("3.60", "1.02"), "test.log")
    # and a question at a level is answered from those probabilities ("Prob > F" printed the same way)
    table = "F test of equal means, two samples\nF(1, 398) = 1.43    Prob > F = 0.2330\n"
    assert _answer("is the difference between the two samples significant at the 5% level?", table, "test.log").startswith("No")


def test_one_minus_the_auc_written_out_is_the_report_flipping_it() -> None:
    # a statistics console computing "1 - 0.2210" of an AUC it just printed has inverted the score itself: nothing overlooked
    text = (". roctab is_top score_qcdlike\n\n"
            "                      ROC                     Asymptotic normal\n"
            "           Obs       area     Std. err.      [95% conf. interval]\n"
            "     ------------------------------------------------------------\n"
            "        10,000     0.2210       0.0040        0.21316     0.22884\n\n"
            ". * score_qcdlike was trained for the other class; its AUC for is_top comes out inverted:\n"
            ". display 1 - 0.2210\n"
            ".779\n")
    assert not _of("auc_below_half", text, "session.log")
    # an AUC below 0.5 given as a result, with no complement taken, is still flagged
    assert _of("auc_below_half", "The tagger's AUC on held-out jets is 0.2210.\n") == [1]


def test_a_significance_after_a_count_of_trials_is_no_count() -> None:
    # "global 2.3 sigma after 60 trials": the 60 counts the trials, the 2.3 is the significance left
    text = "scan result: local 3.9 sigma, global 2.3 sigma after 60 trials\n"
    got = _answer("is the excess significant at 3 sigma globally?", text)
    assert got.startswith("No") and "2.3" in got
    assert _answer("is the excess significant at 3 sigma globally?", text.replace("global 2.3", "global 3.4")).startswith("Yes") \
        or not _answer("is the excess significant at 3 sigma globally?", text.replace("global 2.3", "global 3.4")).startswith("No: after")


def test_correcting_for_the_scanned_regions_asks_the_global_significance() -> None:
    text = "best bin: local 3.8 sigma, global 1.9 sigma (30 bins scanned)\n"
    for q in ("once the scanned bins are accounted for, is the bump significant at 3 sigma?",
              "after correcting for the 30 searched regions, is the bump at least 3 sigma significant?"):
        assert _answer(q, text).startswith("No"), q


def test_a_relative_change_after_ends_that_carry_their_names() -> None:
    # "from 40 (baseline) to 50 (new), i.e. +40%": 40 -> 50 is +25%; the working point's own percentage stands aside
    text = "Light-jet rejection at 30% b efficiency went from 40 (baseline) to 50 (new), i.e. +40%.\n"
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("+40%", "+25%"))


def test_latex_items_are_statements_of_their_own() -> None:
    # each \item of an itemize is its own statement, on its own line, not one sentence wrapped over both
    text = ("\\begin{itemize}\n"
            "  \\item More training data $\\Rightarrow$ higher accuracy, up to a plateau at 2M jets\n"
            "  \\item The decoder is exact: every constituent comes back after the round trip, residual width 3.1\\%\n"
            "\\end{itemize}\n")
    assert sorted({c.line for c in referee(text, name="talk.tex").claims}) == [2, 3]
    assert _of("absolute_words", text, "talk.tex") == [3]
    # a markdown list is read the same way
    assert sorted({c.line for c in referee(text.replace("\\item", "-"), name="talk.md").claims}) == [2, 3]
    # a wrapped line that opens on a decimal keeps its whole number (no "1." list marker taken off "1.7")
    wrapped = "The toys give a global p-value of 0.045, i.e.\n1.7 sigma global, well short of evidence.\n"
    assert [v.value for c in referee(wrapped).claims for v in c.values if v.quantity == "significance"] == [1.7]


def test_a_column_headed_sigma_of_x_over_x_is_a_resolution() -> None:
    # a table column "σ(E)/E" is the relative width of the energy residuals; "lossless" beside 2.5% is not
    text = ("| bins | σ(E)/E |\n|---|---|\n| 64 | 2.5% |\n\n"
            "The encoding with 64 bins is lossless.\n")
    assert _of("absolute_words", text, "notes.md") == [5]
    assert not _of("absolute_words", text.replace("2.5%", "0%"), "notes.md")


def test_lossless_at_a_setting_is_judged_by_that_settings_row() -> None:
    # "at K=2048 ... lossless", its row of a table far above gives mass and pT widths: information is lost
    rows = "\n".join(f"| {k} | {p} | {m}% | {t}% |" for k, p, m, t in ((128, 110, 5.1, 2.0), (2048, 1500, 2.2, 0.8)))
    filler = "\n".join(f"Note {i}: training ran on the shared queue." for i in range(12))
    text = f"| $K$ | perplexity | σ(m)/m | σ(pT)/pT |\n|---|---|---|---|\n{rows}\n\n{filler}\n\nWith K=2048 the codes are lossless.\n"
    at = text.splitlines().index("With K=2048 the codes are lossless.") + 1
    assert _of("absolute_words", text, "notes.md") == [at]
    assert not _of("absolute_words", text.replace("2.2% | 0.8%", "0% | 0%"), "notes.md")


def test_a_per_fold_list_is_summed_up_by_the_line_with_its_error() -> None:
    # per-fold AUCs over their mean with an error: the mean's line is the test's result, the verdict is judged by it
    text = ("generated vs real classifier test\n"
            "per-fold AUC    : 0.702 0.698 0.705 0.699\n"
            "AUC             : 0.702 +- 0.003\n"
            "verdict         : generated jets indistinguishable from real\n")
    assert sorted(_of("classifier_test_vs_null", text, "run.log")) == [3, 4]
    assert not _of("classifier_test_vs_null", text.replace("0.702", "0.501").replace("0.698", "0.499").replace(
        "0.705", "0.503").replace("0.699", "0.498"), "run.log")


def test_the_verdict_nearest_the_test_is_the_one_flagged() -> None:
    # a reviewer's point quoted far above ("they call the jets indistinguishable") is not the authors' verdict
    text = ("Point 2. The jets are said to be indistinguishable from the real sample.\n\n"
            "Answer: we added a generated vs real classifier test on 20k + 20k jets.\n"
            "It gives AUC = 0.561 +- 0.003.\n"
            "So the generated jets are indistinguishable from the real ones.\n")
    assert sorted(_of("classifier_test_vs_null", text)) == [4, 5]


def test_an_auc_under_half_called_better_than_chance_is_one_finding() -> None:
    # "better than chance" of an AUC of 0.44 is the AUC-below-half error, not a second one of direction
    text = "Without the track features the tagger still beats chance and separates b from light jets better than random (AUC 0.44).\n"
    assert _of("auc_below_half", text) == [1]
    assert not _of("comparison_direction", text)
    # a result above its reference called worse still contradicts its word
    assert _of("comparison_direction", "Model A is worse than model B (AUC 0.91 vs 0.85).\n") == [1]


def test_a_control_verdict_line_names_the_auc_just_above_it() -> None:
    # a pipeline prints the AUC, then "background-only check passed": the AUC was the control's, 12 sigma from 0.5
    text = ("training: 4-fold region classifier\n"
            "held-out AUC = 0.560 +- 0.005\n"
            "background-only check passed, nothing unexpected\n")
    assert _of("control_vs_null", text, "pipeline.log") == [2]
    assert not _of("control_vs_null", text.replace("0.560 +- 0.005", "0.502 +- 0.005"), "pipeline.log")
    # a line about the signal run is not made the control's
    signal = text.replace("held-out AUC", "held-out AUC with signal")
    assert not _of("control_vs_null", signal, "pipeline.log")


def test_a_question_naming_two_rows_is_answered_from_them() -> None:
    text = ("| model | AUC | mistag @ 50% |\n|---|---|---|\n"
            "| gnn_v2 | 0.981 | 0.0090 |\n| tfm_v1 | 0.983 | 0.0112 |\n")
    got = _answer("does tfm_v1 have a lower mistag rate than gnn_v2?", text, "notes.md")
    assert got.startswith("No") and "0.0112" in got
    assert _answer("does gnn_v2 have a lower mistag rate than tfm_v1?", text, "notes.md").startswith("Yes")
    assert not _rules(text, "notes.md")
