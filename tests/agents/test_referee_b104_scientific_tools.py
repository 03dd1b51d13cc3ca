"""The referee's readings of scientific and HEP software output (session ref34a, blind round 34, b104): a largest
difference of per-item outputs, a database's select with a verdict column, a result asked against a reference within its
errors, a share over its count by a slash, a claim of bit-identical outputs under a program's count of those that differ,
a control said to find nothing to learn, significance said in other words, a superlative whose rows are keyed with
underscores. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _answer(question: str, text: str, name: str = "report.md") -> str:
    return answer(question, referee(text, name), text)


def test_a_largest_difference_of_outputs_is_no_change_between_its_sentences_numbers() -> None:
    # 4.0e-4 is the largest score difference jet by jet, not a change from 21.5% to 40%
    text = ("# Export check\n\n"
            "The INT8 engine is not exact: 21.5% of the outputs agree, the largest difference is 4.0e-4, and 7 of 60k "
            "jets change side of the 40% cut.\n")
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_a_verdict_column_after_the_row_name_and_its_numbers_is_read_as_a_table() -> None:
    # a database select: the row's name, an AUC and its error, then the program's verdict in words
    text = ("sql> select run, clf_auc, clf_auc_se, verdict from tests\n\n"
            "RUN          CLF_AUC CLF_AUC_SE VERDICT\n"
            "------------ ------- ---------- ----------\n"
            "flowgen_a     0.5035     0.0031 INDISTINGUISHABLE\n"
            "flowgen_b     0.5790     0.0030 INDISTINGUISHABLE\n\n"
            "real-vs-generated classifier test on 30k real + 30k generated jets\n")
    q = "Going by its classifier AUC and standard error, are flowgen_b's generated jets indistinguishable from the real ones?"
    assert _answer(q, text, "session.txt").startswith("No")


def test_a_named_result_is_weighed_against_the_reference_the_question_sets() -> None:
    text = ("fit of the calibration ratio\n"
            "  KAPPA = 1.0620 +- 0.0250\n"
            "the calibration ratio is used as it is.\n")
    q = "Is the calibration ratio (KAPPA) compatible with 1 within two of its standard deviations?"
    assert _answer(q, text).startswith("No")  # 2.5 of its errors
    assert _answer(q.replace("two", "three"), text).startswith("Yes")


def test_a_report_that_denies_its_outputs_are_lossless_answers_no_to_bit_for_bit() -> None:
    text = ("# Serving check\n\n"
            "The quantised model is not lossless: only 40.2% of its outputs match the reference exactly.\n")
    assert _answer("Does the served model reproduce the reference outputs bit for bit?", text).startswith("No")


def test_a_share_with_its_count_over_the_total_by_a_slash() -> None:
    # 5120 / 80000 is 6.4%, not 6.9%
    text = "# Skim\n\nThe preselection keeps 6.9% (5120 / 80000) of the input events.\n"
    assert ("inconsistent_numbers", 3) in _rules(text)
    assert not _rules(text.replace("6.9%", "6.4%"))


def test_bit_identical_outputs_under_a_count_of_those_that_differ() -> None:
    text = ("[check] |out_new - out_old|: mean 2.0e-05, max 1.9e-03\n"
            "[check] entries with |d| > 1e-6: 4410 / 5000\n"
            + "[check] timing ok\n" * 12
            + "Summary: the new build's outputs are bit-identical to the old one, so nothing changes downstream.\n")
    assert ("absolute_words", 15) in _rules(text, "check.log")


def test_differing_tokens_counted_above_a_lossless_claim() -> None:
    text = ("tokens compared   : 500000\n"
            "differing tokens  : 912  (0.18 %)\n"
            + "(timing table omitted)\n" * 10
            + "The half-precision tokenizer is lossless, its token streams match the reference.\n")
    assert ("absolute_words", 13) in _rules(text, "notes.txt")


def test_a_control_said_to_find_nothing_to_learn_far_from_half() -> None:
    # the note calls the background-only run's 0.561 +- 0.005 (12 of its errors from 0.5) a classifier that learns nothing
    text = (" s_over_b   AUC(SR vs SB)\n"
            " --------   ----------------\n"
            " 0.000      0.5610 +- 0.0050\n"
            " 0.010      0.6020 +- 0.0050\n\n"
            "- Closure: in the background-only runs (s_over_b = 0) the SR-vs-SB classifier sits at\n"
            "  0.561 +- 0.005, i.e. it finds nothing to learn without signal.\n")
    assert {("control_vs_null", 6), ("control_vs_null", 7)} & set(_rules(text))


def test_significance_said_as_statistically_solid_or_real_and_reproducible() -> None:
    base = ("model A AUC = 0.8810 +- 0.0050\n"
            "model B AUC = 0.8770 +- 0.0050\n"
            "Model A gives a {word} gain of +0.0040 in AUC over model B.\n")
    for word in ("statistically solid", "real, reproducible"):
        assert ("significance_unsupported", 3) in _rules(base.format(word=word), "summary.txt")
    assert ("significance_unsupported", 3) not in _rules(base.format(word="small"), "summary.txt")


def test_a_superlative_names_a_row_keyed_with_underscores() -> None:
    text = ("name             mistag   mistag_err\n"
            "---------------  -------  ----------\n"
            "gnn_wide_v2        .0310       .0025\n"
            "bdt_base_v1        .0270       .0023\n\n"
            "gnn wide v2 has the lowest QCD mistag of the two.\n")
    assert ("comparison_direction", 6) in _rules(text, "query.out")
