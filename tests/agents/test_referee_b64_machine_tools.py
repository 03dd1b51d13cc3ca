"""The referee's readings of what machine tools print (issue 23, session ref27a, blind round 24, b64: monitoring mails,
a sampler's summary table, grid-job logs, an interpreter's command window): each test a general reading, in words no
blind report used."""

from __future__ import annotations

from agents.referee.numbers import sizes_of
from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def test_two_class_counts_set_side_by_side_with_a_slash() -> None:
    # "(800 H->bb / 800 QCD jets)": a signal class named by its decay and the background, each counted, is the test set
    assert sizes_of("tagger AUC 0.874 +/- 0.002 on the check set (800 H->bb / 800 QCD jets)")[:3] == (1600, 800, 800)
    assert sizes_of("(300 top / 300 QCD events)")[:3] == (600, 300, 300)
    text = "alert: tagger AUC 0.874 +/- 0.002 on the check set (800 H->bb / 800 QCD jets)\n"
    assert _of("uncertainty_vs_sample_size", text, "alert.txt") == [1]
    assert not _of("uncertainty_vs_sample_size", text.replace("0.002", "0.012"), "alert.txt")


def test_a_resonance_said_to_be_established_is_claimed_as_a_discovery() -> None:
    # "is established as a new particle": a verdict stated as settled, judged against the global significance
    text = ("We scanned 30 mass windows against the background-only fit; the best window has local Z = 3.9 and "
            "global Z = 2.7 after the trials factor.\n"
            "The bump near 2.1 TeV has thus been established as a new scalar resonance.\n")
    assert _of("discovery_without_evidence", text, "note.md") == [2]
    hedged = text.replace("has thus been established as a new scalar resonance", "could only be established as a new "
                                                                                  "scalar resonance at 5 sigma")
    assert not _of("discovery_without_evidence", hedged, "note.md")


def test_a_fitted_background_named_like_a_program_variable_is_a_background_estimate() -> None:
    # "B_fit = 880.4": the fitted background count, so a discovery claim lacks significance, not a background estimate
    text = ("mass window 6: N_obs = 951, B_fit = 880.4, Z_global = 2.2 after 18 windows\n"
            "Conclusion: discovery of a new resonance in window 6.\n")
    msgs = [f.message for f in referee(text, "scan.txt").findings if f.rule == "discovery_without_evidence"]
    assert msgs and all("no background estimate" not in m for m in msgs) and any("2.2σ" in m for m in msgs)


def test_a_parameter_restated_with_the_fit_summary_spread_must_be_its_estimate() -> None:
    # a posterior (or fit) summary gives each parameter's mean and spread; a sentence that quotes the parameter with that
    # very spread restates the row, so its value must be the row's mean (or median)
    table = ("param          Mean     MCSE   StdDev      5%     50%     95%   N_Eff   R_hat\n"
             "mu_bkg         52.3     0.08     2.10    48.9    52.3    55.7    2900    1.00\n"
             "yield_sig      61.0     0.31    19.00    30.2    60.5    92.4    3100    1.00\n"
             "\n")
    wrong = table + "Fitted: yield_sig = 41 +- 19 events, background mu_bkg = 52.3 +- 2.1.\n"
    assert _of("inconsistent_numbers", wrong, "fit.txt") == [5]
    assert not _of("inconsistent_numbers", wrong.replace("= 41 +- 19", "= 61 +- 19"), "fit.txt")
    assert not _of("inconsistent_numbers", wrong.replace("= 41 +- 19", "= 60.5 +- 19"), "fit.txt")  # the median
    # another error than the table's (statistics and systematics together): not the row restated
    assert not _of("inconsistent_numbers", wrong.replace("= 41 +- 19", "= 41 +- 27"), "fit.txt")


def test_the_signal_declared_on_a_log_line_above_is_the_condition_of_the_record_below() -> None:
    # grid jobs log "injected s/b = X" on a record of its own, then the classifier's AUC: AUCs under different injections
    # are a scan, not one number given twice
    text = ("2025-02-03 11:00:01 INFO grid.main: injected s/b = 0.002, seed 4\n"
            "2025-02-03 11:20:01 INFO grid.train: CWoLa AUC = 0.552 +- 0.003\n"
            "2025-02-03 11:00:03 INFO grid.main: injected s/b = 0.008, seed 4\n"
            "2025-02-03 11:21:01 INFO grid.train: CWoLa AUC = 0.611 +- 0.003\n")
    assert not _of("inconsistent_numbers", text, "grid.log")
    assert _of("inconsistent_numbers", text.replace("s/b = 0.008", "s/b = 0.002"), "grid.log") == [2, 4]


def test_a_decimal_passed_to_a_call_at_an_interpreter_prompt_is_an_input() -> None:
    # ">> Rej = [rej_at(y, s1, 0.5), ...]" (MATLAB), ">>> rej_at(y, s, 0.4)": the working point handed to the code, no
    # rejection it gave
    assert not _of("impossible_value", ">> Rej50 = [rej_at(y, s_a, 0.5), rej_at(y, s_b, 0.5)]\n", "session.txt")
    assert not _of("impossible_value", ">>> rejection = rej_at(y, s, 0.4)\n", "session.txt")
    assert _of("impossible_value", "The background rejection at 50% efficiency is 0.5.\n", "session.txt") == [1]
