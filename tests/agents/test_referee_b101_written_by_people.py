"""Readings fitted on blind batch b101 (documents written by people): each with a near variant that must not fire."""

from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


MEMO_TABLE = """Mistag rates of the two Xbb taggers

Working point   old-tagger mistag (%)   new-tagger mistag (%)
eff 40%         0.90                    0.70
eff 60%         2.00                    2.50
"""


def test_working_point_named_in_brackets_is_no_mistag_rate() -> None:
    # "At the loose point (40%)": the 40% names where the mistag is taken, not a mistag rate of 40%
    text = MEMO_TABLE + "\nAt the loose point (40%) the new tagger reduces the mistag rate by about 20%.\n"
    assert not any(ln == 7 for _, ln in _rules(text))
    bad = MEMO_TABLE + "\nAt the loose point the new tagger reduces the mistag rate by 40%, from 0.90% to 0.70%.\n"
    assert any(ln == 7 for _, ln in _rules(bad))


def test_wrapped_comparison_named_on_the_line_of_its_word_and_numbers() -> None:
    text = ("Results\n\nAt the middle working point, which we use for the\n"
            "search, tagger B has the lower mistag rate, 3.1% against 2.2%\n"
            "for tagger A.\n")
    found = _rules(text)
    assert ("comparison_direction", 4) in found and ("comparison_direction", 3) not in found
    ok = text.replace("3.1% against 2.2%", "2.2% against 3.1%")
    assert not any(r == "comparison_direction" for r, _ in _rules(ok))


def test_control_called_random_named_where_the_verdict_stands() -> None:
    text = ("Background-only check, nothing injected:\n\n"
            "    SR vs SB, no signal:   AUC = 0.538 +- 0.004 (fold spread)\n\n"
            "The no-signal AUC is consistent with no signal, so the check passes and\n"
            "we start the scan of 14 windows on Monday.\n")
    found = _rules(text)
    assert ("control_vs_null", 5) in found and ("control_vs_null", 6) not in found
    ok = text.replace("0.538", "0.502")
    assert not any(r == "control_vs_null" for r, _ in _rules(ok))


def test_auc_below_half_named_on_its_own_line_of_a_wrapped_sentence() -> None:
    text = ("Same labels everywhere, quark = 1. Test: 50k + 50k jets.\n\n"
            "No problem there. An AUC under 0.5 only means the net is sure of the\n"
            "other direction, so with AUC 0.90 on sample A and AUC 0.42 on B\n"
            "the big model is the one to keep.\n")
    found = [x for x in _rules(text) if x[0] == "auc_below_half"]
    assert ("auc_below_half", 4) in found and ("auc_below_half", 3) not in found
    ok = text.replace("0.42", "0.82")
    assert not any(r == "auc_below_half" for r, _ in _rules(ok))


PATCH = """On Mon, someone wrote:
> diff --git a/docs/SCAN.md b/docs/SCAN.md
> --- a/docs/SCAN.md
> +++ b/docs/SCAN.md
> @@ -10,3 +10,9 @@ intro
> +| window | N_obs | Z_local | p_local |
> +|--------|-------|---------|---------|
> +| 2.0-2.2 | 310 | 0.5 | 0.31 |
> +| 2.2-2.4 | 204 | 3.0 | 2.3e-4 |

Looks fine to me.
"""


def test_rows_added_by_a_quoted_patch_are_read_as_a_table() -> None:
    # after the hunk header the '+' marks an added line: the row is a table row, its Z and p compared
    assert ("inconsistent_numbers", 9) in _rules(PATCH, "review.txt")
    ok = PATCH.replace("2.3e-4", "1.35e-3")
    assert ("inconsistent_numbers", 9) not in _rules(ok, "review.txt")


STUDENT = """2. METHOD
Test set: a fixed set of 300 W jets and 300 QCD jets for every point.

3. RESULTS
Table 2: test AUC (mean over 3 seeds). The uncertainty combines the
Hanley-McNeil error for the 300+300 test jets with the seed spread.

  labels     pre-trained          from scratch
  1,000      0.850 +- 0.020       0.790 +- 0.024
  5,000      0.880 +- 0.005       0.840 +- 0.021
"""


def test_plain_table_title_names_quantity_and_test_set_of_rows() -> None:
    assert ("uncertainty_vs_sample_size", 10) in _rules(STUDENT, "report.txt")
    ok = STUDENT.replace("0.880 +- 0.005", "0.880 +- 0.018")
    assert ("uncertainty_vs_sample_size", 10) not in _rules(ok, "report.txt")
