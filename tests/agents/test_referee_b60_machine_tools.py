"""The referee's readings of what machine tools print (issue 23, session ref26a, blind round 23, b60: test frameworks'
assertion output, printed tables with a status column, log blocks under a reference's head): each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import sizes_of
from tests.agents.referee_rules import lines_of as _of


def test_a_tolerance_passed_to_a_check_is_no_result() -> None:
    # "Approx(x).margin(0.02)", "isclose(a, b, rtol=0.003)": how close the check lets two numbers be, not a rejection
    text = ("  REQUIRE( rej_new == Approx(rej_old).margin(0.02) )\n"
            "  assert np.isclose(rejection_gpu, rejection_cpu, rtol=0.003)\n")
    assert not _of("impossible_value", text, "ctest.txt")
    assert _of("impossible_value", "The measured background rejection is 0.02.\n", "ctest.txt") == [1]


def test_an_assertion_printed_with_its_expansion_gives_its_operand() -> None:
    # a test framework prints the checked expression, then "with expansion:" and the operands' values in order
    text = ("tests/eff.cpp:40: PASSED:\n"
            "  CHECK( eff_sig > 0.75 )\n"
            "with expansion:\n"
            "  1.12 > 0.75\n")
    assert _of("impossible_value", text, "ctest.txt") == [4]
    assert not _of("impossible_value", text.replace("1.12 >", "0.81 >"), "ctest.txt")


def test_an_interval_named_by_the_method_that_gave_it() -> None:
    # "(bootstrap 68% interval a - b)": the interval, and so the error, of the number before it
    text = ("Real-vs-generated classifier: AUC = 0.545 (bootstrap 68% interval 0.542 - 0.548).\n"
            "The generated jets are indistinguishable from the real ones.\n")
    auc = next(v for c in extract(text, "markdown") for v in c.values if v.shown == "0.545")
    assert auc.uncertainty is not None and abs(auc.uncertainty - 0.003) < 1e-9
    assert _of("classifier_test_vs_null", text, "gen.md")


def test_fractions_a_set_is_split_into_are_no_class_counts() -> None:
    # "[3/4, 1/4]" sum to one: the shares of a split, not 3 signal and 4 background jets
    assert sizes_of("fit, hold = rows.randomSplit([3/4, 1/4], seed=5)") == (None, None, None, None)
    assert sizes_of("test AUC 0.74 (3000/3000)")[:3] == (6000, 3000, 3000)


def test_a_change_set_against_another_model_then_its_two_ends() -> None:
    # "gains +D AUC over <the other> (a vs b)": the bracket after what the change is set against holds its ends
    text = "With 5% of the labels the pre-trained model gains +0.052 AUC over the model trained from scratch (0.9310 vs 0.8890).\n"
    assert _of("inconsistent_numbers", text, "notes.md") == [1]
    assert not _of("inconsistent_numbers", text.replace("+0.052", "+0.042"), "notes.md")


def test_percent_fewer_background_jets_is_a_change_not_a_mistag_rate() -> None:
    # "mistags 0.30% fewer QCD jets": how much fewer, a relative change, not a mistag rate of 0.30% beside the rejections
    text = ("model_b mistags 0.30% fewer QCD jets in relative terms (rejection 150.5 vs 150.0), but the paired test gives "
            "only 0.9 standard errors.\n")
    assert not _of("inconsistent_numbers", text, "note.md")
    assert not _of("comparison_direction", text, "note.md")


def test_fewer_background_jets_passed_is_a_lower_mistag_rate() -> None:
    # "mistags fewer QCD jets": fewer background jets passing is a lower mistag rate, so a higher rejection
    text = "On the same events model_b mistags fewer QCD jets than model_a (rejection 150.5 vs 142.0).\n"
    assert not _of("comparison_direction", text, "note.md")
    assert _of("comparison_direction", text.replace("150.5 vs 142.0", "142.0 vs 150.5"), "note.md") == [1]


def test_a_width_named_once_after_a_list_of_percentages() -> None:
    # "2.4 % constituent energy and 5.1 % jet-mass resolution": both percentages are resolutions
    text = "The encoder is lossless: 2.4 % constituent energy and 5.1 % jet-mass resolution on the test jets.\n"
    widths = [v.quantity for c in extract(text, "markdown") for v in c.values if v.shown.endswith("%")]
    assert widths == ["resolution", "resolution"]
    assert _of("absolute_words", text, "summary.txt") == [1]
    shift = "The mass comes back with a -0.4% mean shift and 6.2% resolution.\n"  # a shift is no width
    assert [v.quantity for c in extract(shift, "markdown") for v in c.values] == ["bias", "resolution"]


def test_a_width_admitted_as_a_loss_leaves_the_reports_other_widths() -> None:
    # "K=256: not lossless, ... 4.2 GeV": that width is admitted; "lossless" for K=4096 is held against the other widths
    text = ("K=4096 relative mass resolution: 0.061\n\n\n\n"
            "K=256: not lossless, mass resolution 4.2 GeV after decoding\n"
            "K=4096: the tokenization is lossless\n")
    assert _of("absolute_words", text, "notes.txt") == [6]


def test_a_printed_table_whose_last_column_is_a_status_in_words() -> None:
    # an aligned table of measurements, each row ending in the program's verdict ("CONTROL OK (...)", "ok")
    text = ("inj_frac  n_inj  AUC (data vs bkg model)  SIC max  verdict\n"
            "0.000     0      0.538 +- 0.005           1.05     CONTROL OK (compatible with 0.5)\n"
            "0.004     480    0.559 +- 0.005           1.90     ok\n"
            "0.010     1200   0.640 +- 0.005           6.20     ok\n")
    assert _of("control_vs_null", text, "cron.txt") == [2]
    assert not _of("control_vs_null", text.replace("0.538 +- 0.005", "0.504 +- 0.005"), "cron.txt")


def test_a_closure_ratio_named_as_a_quotient() -> None:
    # "obs/pred = 1.038 +- 0.011": the ratio of two yields; 3.5 sigma and 3.8% from one is no unbiased prediction
    text = ("CR yield: observed 8300, predicted 8000, obs/pred = 1.038 +- 0.011\n"
            "The background prediction is unbiased in the CR (obs/pred = 1.038 +- 0.011).\n")
    assert _of("absolute_words", text, "closure.log") == [2]
    assert not _of("absolute_words", text.replace("1.038", "1.004"), "closure.log")


def test_numbers_indented_under_a_reference_head_are_the_references() -> None:
    # "[score] baseline bdt_v2 (same events, same cut):" heads the lines indented under it: their numbers are the baseline's
    text = ("[score] eps_B (light) = 0.0210 +/- 0.0006\n"
            "[score] baseline bdt_v2 (same events, same cut):\n"
            "[score]   eps_B (light) = 0.0250 +/- 0.0007\n")
    assert not _of("inconsistent_numbers", text, "eval.log")
    flat = text.replace("[score] baseline bdt_v2 (same events, same cut):\n", "[score] rerun:\n")
    assert _of("inconsistent_numbers", flat, "eval.log")


def test_a_discovery_word_is_named_on_its_own_line() -> None:
    # a sentence wrapped over two lines: 'discovery' on the first, its first decimal number on the second
    text = ("We scanned 40 mass windows; the best one has Z_local = 5.2.\n"
            "- The excess passes 5 sigma, so we claim the discovery of a new\n"
            "  scalar near 2.45 TeV and ask for the full data set.\n")
    assert _of("discovery_without_evidence", text, "readme.md") == [2]
    own = ("We scanned 40 mass windows; the best one has Z_local = 5.2.\n"  # a sentence of the word's own on the line
           "We have discovered a new scalar at 2.45 TeV. I will now call\n"
           "it: this is the discovery of the year.\n")
    assert 2 in _of("discovery_without_evidence", own, "diary.txt")
