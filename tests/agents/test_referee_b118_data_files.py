"""The referee's readings fitted on blind batch b118 (structured data files and web content): a MIME part in
quoted-printable read as the words and signs it encodes (its stylesheet part blanked), 'costs nothing' said of a step's
performance, places looked counted as windows, a discovery word named where it stands past a comparison's first line, a
class count keyed by the class's name, an error field written in another notation, a verdict concluded with 'so X is'
from a comparison, an outline-numbered row name, a significance that converts another probability, and a question of
the errors against one class's jets. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.layout import mime_parts
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


MIME = ("MIME-Version: 1.0\n"
        'Content-Type: multipart/related; boundary="=_part_7f"\n'
        "\n"
        "--=_part_7f\n"
        "Content-Type: text/html; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "<p>Top tagger on raw inputs: AUC 0.9630 =C2=B1 0.0005</p>\n"
        "<p>Top tagger on compressed inputs: AUC 0.9488 =C2=B1 0.0005</p>\n"
        "<p>In short, for tagging the compressed inputs cost us nothing and we will keep th=\n"
        "em from now on.</p>\n"
        "--=_part_7f\n"
        "Content-Type: text/css\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "main { max-width: 40rem; line-height: 1.5; }\n"
        "--=_part_7f--\n")


def test_a_quoted_printable_part_is_read_as_its_words_and_signs() -> None:
    out = mime_parts(MIME).split("\n")
    assert len(out) == len(MIME.split("\n"))  # every line stays where it was
    assert out[7].endswith("AUC 0.9630 ± 0.0005</p>")
    assert out[9].endswith("we will keep them") and out[10] == " from now on.</p>"
    assert out[15] == ""  # the stylesheet states nothing
    errors = [v.uncertainty for c in extract(MIME, "text") for v in c.results("auc")]
    assert errors == [0.0005, 0.0005]


def test_costs_us_nothing_beside_an_auc_that_falls_is_absolute() -> None:
    assert ("absolute_words", 10) in _rules(MIME, "page.mhtml")


def test_costs_nothing_to_run_is_no_claim_of_kept_performance() -> None:
    text = ("Tagger on raw inputs: AUC 0.9630 ± 0.0005\n"
            "Tagger on compressed inputs: AUC 0.9488 ± 0.0005\n"
            "The compression step costs nothing to run, so we keep it in the pipeline.\n")
    assert not [f for f in _rules(text) if f[0] == "absolute_words"]


def test_evidence_in_the_best_of_counted_windows_needs_a_trials_factor() -> None:
    text = ("We looked in 9 invariant-mass windows between 1.5 and 4 TeV. In the best window the data show 230 events over "
            "a fitted background of 180 ± 9, a local p-value of 1.2e-3 (3.0σ).\n"
            "We take this as evidence for a new state.\n")
    assert ("discovery_without_evidence", 2) in _rules(text)


def test_counted_windows_with_a_global_significance_are_corrected() -> None:
    text = ("We looked in 9 invariant-mass windows between 1.5 and 4 TeV. In the best window the data show 230 events over "
            "a fitted background of 180 ± 9, a local 4.4σ; with the look-elsewhere effect the global significance is 3.6σ.\n"
            "We take this as evidence for a new state.\n")
    assert not [f for f in _rules(text) if f[0] == "discovery_without_evidence"]


def test_a_discovery_word_is_named_on_its_own_line_past_a_comparison() -> None:
    text = ("Setup. We selected dijet events with two wide jets.\n"
            "Result: a first look. Near 3.1 TeV the counts exceed\n"
            "the background fit with a local significance of 2.2 sigma, which we regard as\n"
            "evidence for a new resonance decaying to two jets.\n")
    found = [ln for rule, ln in _rules(text) if rule == "discovery_without_evidence"]
    assert found == [4]


def test_a_mistag_error_below_the_binomial_of_its_named_class_count() -> None:
    text = ('{\n  "n_w": 150000,\n  "n_gluon": 300000,\n  "wp": {\n    "eps_b": 0.00150,\n'
            '    "eps_b_err": 0.000007\n  }\n}\n')
    rules = _rules(text, "eval.json")
    assert ("uncertainty_vs_sample_size", 6) in rules  # the error's own field, written as 0.000007 (read as 7e-06)
    sizes = [(c.n_signal, c.n_background) for c in extract(text, "json") if c.results("fake_rate")]
    assert sizes == [(None, 300000)]


def test_a_mistag_error_at_the_binomial_of_its_class_count_is_fine() -> None:
    text = '{\n  "n_w": 150000,\n  "n_gluon": 300000,\n  "wp": {\n    "eps_b": 0.00150,\n    "eps_b_err": 0.00007\n  }\n}\n'
    assert not [f for f in _rules(text, "eval.json") if f[0] == "uncertainty_vs_sample_size"]


def test_a_verdict_concluded_from_a_comparison_is_judged_by_its_numbers() -> None:
    text = ("At 50% W efficiency the GNN curve sits above the BDT one (mistag 4.2e-3 vs 3.1e-3), so the GNN is the better "
            "tagger here.\n")
    assert [r for r in _rules(text) if r[0] == "comparison_direction"]


def test_a_verdict_concluded_the_right_way_is_fine() -> None:
    text = ("At 50% W efficiency the GNN curve sits below the BDT one (mistag 3.1e-3 vs 4.2e-3), so the GNN is the better "
            "tagger here.\n")
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]


def test_an_outline_numbered_row_name_measures_nothing() -> None:
    text = ("| Item | Goal | Outcome |\n| --- | --- | --- |\n"
            "| 2.3 Mistag of the pruned model within 10% of the full one | ≤ 2.2e-3 (full 2.0e-3) | 2.1e-3 (+5%) |\n")
    assert not [r for r in _rules(text, "okr.md") if r[0] == "inconsistent_numbers"]


def test_a_significance_converting_the_corrected_p_is_not_the_local_ones() -> None:
    text = "Trials: p_local = 0.0040, p_global = 1-(1-0.0040)^20 = 0.077 -> 1.4 sigma, so nothing to report.\n"
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]


def test_a_significance_set_beside_its_own_p_is_still_checked() -> None:
    text = "The excess has p = 0.0040 -> 1.4 sigma.\n"
    assert ("inconsistent_numbers", 1) in _rules(text)


def test_an_error_question_of_one_class_of_jets_is_read_as_one() -> None:
    text = "On 50,000 background test jets the mistag rate at 40% efficiency is 0.0100 ± 0.0005.\n"
    got = answer("Is the error on the mistag rate compatible with the number of background test jets used?", referee(text), text)
    assert got.startswith("Yes")
