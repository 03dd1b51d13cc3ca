"""The referee's readings fitted on blind batch b115 (outputs of AI agents and LLM tools): an error key named by its
method's initials, a signed deviation restated as 'N% lower than', a control number read as chance by 'close to 0.5' in its own
sentence, a share named as an efficiency after 'k of these n', a look-elsewhere correction denied inside a JSON string, a
comparative set against a thing with no number before another clause, a verdict that rests on a change of an unnamed
metric, and a table set off from its verdict by a blank line. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_an_error_key_named_by_hanley_mcneil_initials_is_an_error() -> None:
    text = '{"null_run": {"auc": 0.5041, "auc_err_hm": 0.0047}}\n'
    found = [(v.value, v.uncertainty) for c in extract(text, "json") for v in c.results("auc")]
    assert found == [(0.5041, 0.0047)]
    assert not [f for f in _rules(text, "summary.json") if f[0] == "control_vs_null"]


def test_a_signed_deviation_restated_as_lower_than_is_no_negative_recall() -> None:
    text = "slice eta > 2.1   Recall   -6.40%   in this slice the recall is 6.40% lower than the overall recall\n"
    assert not [f for f in _rules(text) if f[0] == "impossible_value"]


def test_a_negative_efficiency_said_alone_is_still_impossible() -> None:
    text = "The selection keeps a signal efficiency of -6.40% after the isolation cut.\n"
    assert ("impossible_value", 1) in _rules(text)


def test_a_control_called_close_to_one_half_is_read_as_chance() -> None:
    text = ("With signal injected the sideband classifier reaches AUC 0.655 ± 0.004.\n"
            "On the background-only sample it gives 0.566 ± 0.007, close to the 0.5 of a network that finds nothing, so "
            "the regions are well matched.\n")
    rules = _rules(text)
    assert ("control_vs_null", 2) in rules and ("control_vs_null", 1) not in rules


def test_a_control_truly_near_one_half_stays_clean() -> None:
    text = ("With signal injected the sideband classifier reaches AUC 0.655 ± 0.004.\n"
            "On the background-only sample it gives 0.503 ± 0.007, close to 0.5 as expected.\n")
    assert not [f for f in _rules(text) if f[0] == "control_vs_null"]


def test_a_share_named_as_an_efficiency_after_k_of_these_n() -> None:
    text = "Of the 4 000 injected jets, 1 312 of these 4 000 signal jets pass, a tagging efficiency of 32.8 %.\n"
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]
    wrong = text.replace("32.8", "36.8")
    assert ("inconsistent_numbers", 1) in _rules(wrong)


def test_a_look_elsewhere_correction_denied_inside_a_json_string_is_not_made() -> None:
    text = ('request: {"text": "bump scan over 30 windows, p_local = 4.0e-4\\nno look-elsewhere correction yet"}\n'
            "Answer: the scan's smallest local p-value, 4.0e-4 (3.4 sigma) over a fitted background, is evidence for a new "
            "resonance.\n")
    assert any(rule == "discovery_without_evidence" for rule, _ in _rules(text))


def test_a_comparative_against_a_thing_then_another_clause_pairs_nothing() -> None:
    text = ("Window 7 (p = 0.004) and window 8 (p = 0.021) both lie above the fitted background, while window 12 "
            "(p = 0.41) shows nothing.\n")
    assert not [f for f in _rules(text) if f[0] == "comparison_direction"]


def test_a_verdict_on_the_change_of_an_unnamed_metric_ignores_other_metrics_above() -> None:
    text = ("W1M x1e3: old 0.51 +- 0.04 / new 0.58 +- 0.05\n"
            "the new model's MMD-score dropped from 7.7 to 3.2\n"
            "that score is a distance, lower is closer\n"
            "so the new model is better\n")
    assert not [f for f in _rules(text, "chat.txt") if f[0] == "comparison_direction"]


def test_a_verdict_on_a_labelled_pair_is_still_read() -> None:
    text = ("W1M x1e3: old 0.51 +- 0.04 / new 0.58 +- 0.05\n"
            "so the new model is better\n")
    assert any(rule == "comparison_direction" for rule, _ in _rules(text, "chat.txt"))


def test_no_degradation_under_a_table_set_off_by_a_blank_line() -> None:
    text = ("| Model | AUC | 1/eps_B |\n|---|---|---|\n| FP32 baseline | 0.9790 ± 0.0003 | 510 ± 20 |\n"
            "| FP16 pruned | 0.9751 ± 0.0003 | 431 ± 17 |\n\n"
            "The FP16 pruned model is 2.5× faster with no degradation of the tagging performance.\n")
    assert ("absolute_words", 6) in _rules(text)
