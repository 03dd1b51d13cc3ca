"""The referee's readings fitted on blind batch b112 (outputs of statistics packages, profilers and other scientific
tools): a statistics package's own test of a difference ('Prob > |t|'), 'a reliable gain', two named sides on one line,
'lossless' in performance beside a falling AUC, a signal fitted in a no-signal run, rejection as a fraction rejected, a
reference's number on a line led by its name, the injected run among controls, and two answers (a ratio asked to follow
from its counts, an AUC gain at a label fraction against its quoted errors). Each test a general reading, in words no
blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _answer(text: str, question: str) -> str:
    return answer(question, referee(text, "report.txt"), text)


TTEST = ("Welch two-sample t test, accuracy by recipe (6 seeds each)\n"
         "Difference       0.00210  t Ratio     {t}\n"
         "Std Err Dif      0.00150  DF          9.4\n"
         "Upper CL Dif     0.00548  Prob > |t|  {p}\n"
         "Lower CL Dif    -0.00128  Prob > t    {p1}\n"
         "\n"
         "Summary: the new recipe gives a reliable improvement in accuracy of 0.0021 (0.9012 -> 0.9033).\n")


def test_the_reports_own_test_of_the_difference_judges_a_reliable_gain() -> None:
    text = TTEST.format(t="1.40", p="0.1932", p1="0.0966")
    assert ("significance_unsupported", 7) in _rules(text)


def test_a_label_between_two_numbers_in_columns_names_the_later_one() -> None:
    text = "Upper CL Dif     0.00548  Prob > |t|  0.1932\n"
    values = [(v.quantity, v.value) for c in extract(text) for v in c.values]
    assert ("p_value", 0.1932) in values and ("p_value", 0.00548) not in values


def test_a_gain_the_reports_test_finds_small_in_p_is_not_flagged_by_that_test() -> None:
    text = TTEST.format(t="4.90", p="0.0007", p1="0.0004")
    assert not [f for f in referee(text, "report.txt").findings
                if f.rule == "significance_unsupported" and "own test" in f.message]


def test_two_named_sides_on_one_line_are_the_ends_of_a_bare_gain() -> None:
    text = ("Both taggers were evaluated on 3,000 signal jets and 3,000 background jets.\n\n"
            "Results: AUC: LundNet 0.9120, EdgeNet 0.9141.\n\n"
            "The AUC gain of EdgeNet (+0.0021) is a statistically significant improvement.\n")
    assert ("significance_unsupported", 5) in _rules(text)
    bigger = text.replace("0.9141", "0.9520").replace("+0.0021", "+0.0400")
    assert not [f for f in _rules(bigger) if f[0] == "significance_unsupported"]


def test_lossless_in_performance_after_a_falling_measure_of_it() -> None:
    text = ("Pruning 40% of the weights, on 50k signal + 50k background test jets:\n"
            "- rejection at 50% signal efficiency goes from 410 to 330;\n"
            "- AUC 0.9712 -> 0.9690.\n"
            "- Pruning is lossless for the tagging performance, so we deploy it.\n")
    assert ("absolute_words", 4) in _rules(text)
    kept = text.replace("from 410 to 330", "from 410 to 409").replace("0.9712 -> 0.9690", "0.9712 -> 0.9711")
    assert not [f for f in _rules(kept) if f[0] == "absolute_words"]


NULL_FIT = ("run A: background only, nothing injected\n"
            "   fitted signal yield = {s} +- 40.0\n"
            "run B: 800 signal events injected\n"
            "   fitted signal yield = 610.0 +- 55.0\n"
            "\n"
            "Run A is the no-signal run and works as it should, so the fit does not invent a bump.\n")


def test_a_signal_fitted_in_a_no_signal_run_called_fine() -> None:
    assert ("control_vs_null", 6) in _rules(NULL_FIT.format(s="175.0"))


def test_a_no_signal_fit_within_its_error_is_fine() -> None:
    assert not [f for f in _rules(NULL_FIT.format(s="31.0")) if f[0] == "control_vs_null"]


REJECTED_SHARE = ("classifier     AUC      bkg rejection @ 80% sig eff\n"
                  "bdt_a          0.8810   0.655\n"
                  "bdt_b          0.8532   0.601\n"
                  "mlp            0.8904   0.672\n")


def test_a_rejection_column_of_fractions_is_the_share_rejected() -> None:
    assert not [f for f in _rules(REJECTED_SHARE) if f[0] == "impossible_value"]


def test_a_rejection_below_one_where_rejection_is_one_over_eps_b() -> None:
    text = "Rejection is 1/eps_B throughout.\n\n" + REJECTED_SHARE
    assert [f for f in _rules(text) if f[0] == "impossible_value"]


def test_a_reference_releases_number_on_a_line_led_by_its_name_is_no_conflict() -> None:
    text = ("[check] gnn_v4 mistag = 0.0213 +- 0.0004   rejection = 46.9\n"
            "[check] baseline (v3 paper): gnn_v4 mistag = 0.0209, allowed drift 5%\n")
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_the_injected_run_in_a_table_of_controls_is_no_control() -> None:
    text = ("## Weak supervision, control runs\n\n"
            "| run        | signal | AUC (mean +- std)  |\n"
            "|------------|--------|--------------------|\n"
            "| null_a     | 0      | 0.5021 +- 0.0040   |\n"
            "| sig_b      | 250    | 0.5830 +- 0.0042   |\n")
    roles = {v.value: v.role for c in extract(text, "markdown") for v in c.values if v.quantity == "auc"}
    assert roles[0.5021] == "control" and roles[0.583] == "result"


def test_a_quoted_ratio_against_the_counts_it_is_printed_with() -> None:
    text = ("| sample | events | selected | fraction |\n"
            "|--------|--------|----------|----------|\n"
            "| W'     | 240 000 | 61 872  | 0.25780 +- 0.00089 |\n")
    yes = _answer(text, "Does the selected fraction 0.25780 follow from the event count and the number selected?")
    assert yes.startswith("Yes")
    no = _answer(text.replace("0.25780", "0.26780"), "Does the fraction 0.26780 follow from the number of events selected?")
    assert no.startswith("No")


def test_an_auc_gain_at_a_label_fraction_against_its_quoted_errors() -> None:
    text = ("fraction | baseline         | finetuned        | gain\n"
            "5%       | 0.9401 +- 0.0030 | 0.9440 +- 0.0028 | +0.0039\n"
            "50%      | 0.9702 +- 0.0010 | 0.9748 +- 0.0011 | +0.0046\n")
    said = _answer(text, "At the 5% label fraction, is the AUC gain larger than twice its standard error?")
    assert said.startswith("No"), said
    said = _answer(text, "At the 50% label fraction, is the AUC gain larger than twice its standard error?")
    assert said.startswith("Yes"), said
