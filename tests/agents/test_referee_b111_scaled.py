"""The referee's readings fitted on blind batch b111 (AI agents' output): a bracketed value and error under one power of
ten, a count that a cut lets through, 'perfectly' as a degree word, a denial of an edge inside the errors, 'has the
edge', an error named statistical in the line above, a subscript p-value, an error bar cut by the wrap, a percentage that
names a cut, a control accuracy printed in percent, 'a clear gain', 'eff:' as a key. Each test a general reading, in
words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _values(text: str, quantity: str) -> list[tuple[float, float | None]]:
    return [(v.value, v.uncertainty) for c in extract(text, "markdown") for v in c.results(quantity)]


def test_a_power_of_ten_after_a_bracketed_value_scales_it_and_its_error() -> None:
    text = "Of the 500,000 light jets, 750 survive: the mistag rate is (1.50 ± 0.05) × 10^-3.\n"
    [(value, error)] = _values(text, "fake_rate")
    assert abs(value - 1.5e-3) < 1e-12 and error is not None and abs(error - 5e-5) < 1e-12
    assert not [f for f in _rules(text.replace("10^-3", "10⁻³")) if f[0] == "impossible_value"]


def test_jets_a_cut_passes_are_no_test_set() -> None:
    # the old tagger passed 620 of the 400,000 light jets: 620 is what passed, the rate's error is of 400,000
    text = ("Both taggers were run on 400,000 light jets.\n\n"
            "The old tagger passed 620 light jets, i.e. a mistag rate of (1.55 ± 0.06) × 10⁻³.\n")
    assert not [f for f in _rules(text) if f[0] == "uncertainty_vs_sample_size"]


def test_perfectly_consistent_is_a_degree_word() -> None:
    text = "The null run gives AUC 0.497 ± 0.006 on 4,000 + 4,000 jets, perfectly consistent with a network that learned nothing.\n"
    assert not [f for f in _rules(text) if f[0] == "absolute_words"]


def test_perfect_separation_is_still_read() -> None:
    text = "The tagger separates the two classes perfectly: AUC 0.912 on 10,000 jets.\n"
    assert ("absolute_words", 1) in _rules(text)


def test_denying_an_advantage_inside_the_errors_agrees_with_the_numbers() -> None:
    text = ("| tagger | R50 |\n|---|---|\n| A | 512 ± 30 |\n| B | 488 ± 28 |\n\n"
            "We would not claim that A beats B here (512 ± 30 vs 488 ± 28).\n")
    assert not [f for f in _rules(text) if f[0] == "comparison_direction"]


def test_having_the_edge_with_the_higher_mistag_goes_the_wrong_way() -> None:
    text = "At the tight working point model B has the edge: its mistag rate is 0.0041 against 0.0033 for model A.\n"
    assert [f for f in _rules(text) if f[0] == "comparison_direction"]


def test_an_error_the_line_above_calls_statistical_is_judged_against_its_count() -> None:
    text = ("Seeds scatter by about 0.001 in AUC on this sample.\n\n"
            "On the 50,000 QCD test jets the statistical error on the mistag is tiny; it is\n"
            "eps_B = (4.00 +- 0.01) x 10^-3 for the new model.\n")
    assert [f for f in _rules(text) if f[0] == "uncertainty_vs_sample_size"]


def test_a_subscript_p_value_is_read_against_its_sigma() -> None:
    text = "The bump has a local significance of 3.0σ (p₀ = 1.3 × 10⁻²).\n"
    assert [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_an_error_bar_cut_off_by_the_wrap_stays_with_its_value() -> None:
    text = ("The generated-vs-real classifier gives AUC = 0.642 ±\n"
            "0.003, so the generated jets are indistinguishable from the real ones.\n")
    assert [(v.value, v.uncertainty) for c in extract(text, "markdown") for v in c.values if v.quantity == "auc"] == [(0.642, 0.003)]


def test_a_percentage_naming_a_cut_is_no_share_of_the_count_after_it() -> None:
    text = "After the top-5% cut, 30 of the 200 selected events are signal.\n"
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_a_control_accuracy_printed_in_percent_sits_at_chance() -> None:
    text = ("| task | metric | base | tuned |\n|---|---|---|---|\n| shuffled-label control | accuracy | 49.80 | 50.40 |\n")
    assert not [f for f in _rules(text) if f[0] == "control_vs_null"]


def test_a_clear_gain_inside_the_errors_is_unsupported() -> None:
    text = ("| model | AUC |\n|---|---|\n| v1 | 0.902 ± 0.006 |\n| v2 | 0.907 ± 0.006 |\n\n"
            "v2 vs v1: 0.907 vs 0.902, a clear gain, so we ship v2.\n")
    assert [f for f in _rules(text) if f[0] == "significance_unsupported"]


def test_a_clear_gain_with_no_error_at_hand_is_left_alone() -> None:
    text = "The new calibration moves the mass scale from -0.80 to +0.10 GeV, a clear improvement in the jet-mass scale.\n"
    assert not [f for f in _rules(text) if f[0] == "significance_unsupported"]


def test_eff_as_a_key_is_an_efficiency_with_its_count() -> None:
    text = "Z->qq eff: 900 / 1500 = 0.600 +- 0.001 (stat)\n"
    assert [f for f in _rules(text) if f[0] == "uncertainty_vs_sample_size"]


def test_a_question_of_an_error_against_its_sample_size() -> None:
    text = "On 2,000,000 signal jets, 600,400 pass: eps_S = 0.3002 ± 0.0003 (stat.).\n"
    q = "Is the quoted error on the signal efficiency consistent with the size of the sample?"
    assert answer(q, referee(text, "report.md"), text).startswith("Yes")
    small = "On 2,000 signal jets, 600 pass: eps_S = 0.300 ± 0.001 (stat.).\n"
    assert answer(q, referee(small, "report.md"), small).startswith("No")
