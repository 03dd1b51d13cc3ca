"""The referee's readings of machine tool outputs (issue 23, session ref24a, blind round 21, b52):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_status_cell_after_an_old_and_a_new_value_compares_them() -> None:
    # a CI check prints "metric  before  after  status": a wider residual spread marked as improved is the wrong way round
    text = ("check                          base        head        status\n"
            "sigma(E_rec/E_true - 1)        0.051       0.058       ✅ improved\n"
            "sigma(phi_rec - phi_true)      0.0070      0.0066      ✅ improved\n")
    assert _of("comparison_direction", text, "ci.log") == [2]
    fixed = text.replace("✅ improved\nsigma(phi", "❌ regressed\nsigma(phi")
    assert not _of("comparison_direction", fixed, "ci.log")


def test_a_row_named_as_codes_used_of_k_gives_the_codebook_size() -> None:
    # "active codes / 1024" names the row; its columns are counts, and the whole they are of bounds the perplexity
    text = ("metric                 run A       run B       verdict\n"
            "codes used / 1024      1001        1019        ✅ improved\n"
            "perplexity             870.2       1130.5      ✅ improved\n")
    assert _of("impossible_value", text, "cmp.log") == [3]
    assert not _of("impossible_value", text.replace("1130.5", "930.5"), "cmp.log")


def test_a_run_id_that_starts_with_a_digit_and_x_is_no_factor() -> None:
    # "4xk7q2" is a run's hash: reading it as "4 times" broke the row, so the scratch side's AUC was lost
    text = ("test set: 6000 jets (3000 signal / 3000 background)\n"
            "run       init        label_frac  test_auc\n"
            "a81kq2    pretrained  0.05        0.7712\n"
            "4xk7q2    random      0.05        0.7690\n"
            "=> pretraining significantly improves the AUC (+0.0022)\n")
    assert _of("significance_unsupported", text, "cmp.log") == [5]
    # a factor written with x and a space still reads as a factor
    assert not _rules("the new sampler is 4x faster than the old one\n")


def test_a_share_of_labels_after_at_is_a_setting_not_the_quantity() -> None:
    # "AUC at 5% labels": the labelled fraction, not an AUC of 0.05 (which pulled in the wrong pair)
    text = ("test set: 6000 jets (3000 signal / 3000 background)\n"
            "run       init        label_frac  test_auc\n"
            "a81kq2    pretrained  0.05        0.7712\n"
            "b42kq9    random      0.05        0.7690\n"
            "=> pretraining significantly improves the AUC at 5% labels (+0.0022)\n")
    assert _of("significance_unsupported", text, "cmp.log") == [5]
    assert _of("impossible_value", "the AUC at 5% labels is 1.04\n") == [1]


def test_a_significance_question_of_an_unsupported_significance_is_answered_no() -> None:
    text = ("test set: 6000 jets (3000 signal / 3000 background)\n"
            "run       init        label_frac  test_auc\n"
            "a81kq2    pretrained  0.05        0.7712\n"
            "b42kq9    random      0.05        0.7690\n"
            "=> pretraining significantly improves the AUC (+0.0022)\n")
    q = "Is the AUC gain from pretraining statistically significant?"
    assert answer(q, referee(text, "cmp.log"), text).startswith("No")
    big = text.replace("0.7690", "0.7312").replace("+0.0022", "+0.0400")
    assert not answer(q, referee(big, "cmp.log"), big).startswith("No")


def test_a_verdict_column_that_says_discovery_is_a_discovery_claim() -> None:
    # a database row: best window 4.2 sigma local, scan over 8 windows, no global number, status DISCOVERY
    text = (" best | n_windows | local_z | global_z | status\n"
            "------+-----------+---------+----------+----------\n"
            "    3 |         8 |     4.2 |     null | DISCOVERY\n"
            "scan of 8 windows, background from the sideband fit\n")
    assert _of("discovery_without_evidence", text) == [3]
    assert not _of("discovery_without_evidence", text.replace("DISCOVERY", "EXCESS   "))


def test_a_boosting_librarys_bracketed_round_is_the_step_of_its_line() -> None:
    # "[50]\tvalid's auc: ..." per round: numbers of different rounds, no contradiction
    text = ("[50]\tvalid_0's auc: 0.90112\n"
            "[100]\tvalid_0's auc: 0.90530\n"
            "[150]\tvalid_0's auc: 0.90611\n")
    assert not _rules(text, "train.log")


def test_log_loss_is_a_loss_lower_is_better() -> None:
    text = "The BDT beats the DNN in validation logloss (0.402 vs 0.377).\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("0.402 vs 0.377", "0.377 vs 0.402"))


def test_an_iso_date_is_no_number() -> None:
    # "rerun on 2023-11-02": the year is no signal fraction; the control's AUC beside it is far from 0.5
    text = ("Control (sideband against sideband, s/b = 0) refit on 2023-11-02: AUC = 0.548 +- 0.004 on 40000 jets. "
            "Consistent with 0.5, control passes.\n")
    assert _of("control_vs_null", text) == [1]
    assert not _of("control_vs_null", text.replace("0.548 +- 0.004", "0.503 +- 0.004"))


def test_an_aligned_header_may_hold_a_formula_with_a_star() -> None:
    # "SIC = eps_S*sqrt(R)" heads a column: the table is read, and a rejection below 1 in it is impossible
    text = ("  eps_S    R = 1/eps_B    SIC = eps_S*sqrt(R)\n"
            "  0.30     210            4.35\n"
            "  0.80     0.91           0.76\n")
    assert _of("impossible_value", text) == [3]
    assert not _of("impossible_value", text.replace("0.91           0.76", "1.91           1.11"))
