"""The referee's readings of agent traces, panels, notebooks and human boards (issue 23, session ref27h, blind round
25, b71): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_key_value_field_named_after_a_quantity_is_that_quantitys_value() -> None:
    # a script's printout "S/B=0.0  auc_hi_vs_lo=0.5590 +- 0.0021": the key opens with the quantity, its value follows
    text = ("S/B=0.0  auc_hi_vs_lo=0.5590 +- 0.0021\n"
            "S/B=0.5  auc_hi_vs_lo=0.6120 +- 0.0024\n\n"
            "Without injected signal the hi-vs-lo classifier gives 0.559 +- 0.002, consistent with random.\n")
    assert 4 in _of("control_vs_null", text, "run.md")
    right = text.replace("0.5590", "0.5012").replace("0.559 +-", "0.501 +-")
    assert not _of("control_vs_null", right, "run.md")


def test_a_control_named_only_as_a_tool_an_agent_calls_declares_no_control_block() -> None:
    # "shuffle_control(run=...)" in a list of calls, "[tool] shuffle_control -> {...}" passed on: a tool's name, no
    # declaration that the lines after it are a control's
    called = 'step 3 calls: tag_eval(run="r7");\nshuffle_control(run="r7")\ntag_eval returned auc 0.9712 +- 0.0011 on the top sample.\n'
    passed = ('agent: [tool] tag_eval -> {...};\n[tool] shuffle_control -> {...}, "Write-up of the tagger run:\n'
              'The tagger reaches AUC 0.9712 +- 0.0011 on top vs QCD.\n')
    assert not _of("control_vs_null", called, "trace.log")
    assert not _of("control_vs_null", passed, "trace.log")
    declared = "shuffled labels:\nthe tagger reaches AUC 0.9712 +- 0.0011 on top vs QCD.\n"
    assert _of("control_vs_null", declared, "trace.log")


def test_the_lines_of_a_boxed_panel_are_read_as_its_text() -> None:
    # a console panel framed "│ ... │": the sentence wraps over its lines, a verdict on the generator's test
    text = ("╭─ Answer ───────────────────────────────────────────────╮\n"
            "│ The sampler passes: its real-vs-generated classifier    │\n"
            "│ gives AUC 0.594 ± 0.004: its showers are indistinguishable │\n"
            "│ from the full simulation.                               │\n"
            "╰─────────────────────────────────────────────────────────╯\n")
    assert _of("classifier_test_vs_null", text, "console.txt")
    right = text.replace("0.594 ± 0.004", "0.502 ± 0.004")
    assert not _of("classifier_test_vs_null", right, "console.txt")


def test_the_main_test_set_is_the_one_a_table_without_its_own_size_was_measured_on() -> None:
    # two test sets, one called the main one: the table's errors are held to the main set's binomial error
    text = ("- main test set: 2,000 jets (1,000 top + 1,000 QCD)\n"
            "- a larger test set of 250,000 jets is used in the appendix\n\n"
            "  tagger   labels   accuracy\n"
            "  alpha    10%      0.874 +- 0.001\n")
    assert _of("uncertainty_vs_sample_size", text, "notes.txt") == [5]
    right = text.replace("0.874 +- 0.001", "0.874 +- 0.007")
    assert not _of("uncertainty_vs_sample_size", right, "notes.txt")


def test_a_power_of_ten_after_a_pair_is_the_scale_of_both() -> None:
    # "(0.52 vs 0.83 × 10⁻⁴)": both distances in units of 1e-4; gen_b is the lower, so better
    text = "gen_b has the better Wasserstein distance of the two (0.52 vs 0.83 × 10⁻⁴).\n"
    assert not _of("comparison_direction", text, "eval.md")
    worse = "gen_b has the better Wasserstein distance of the two (0.83 vs 0.52 × 10⁻⁴).\n"
    assert _of("comparison_direction", worse, "eval.md") == [1]


def test_a_question_of_the_reverse_of_a_contradicted_claim_is_answered_yes() -> None:
    # the report calls ptgen-2 the closer one, its numbers favour flowjet-5: asked whether flowjet-5 is closer, yes
    text = ("ptgen-2 reproduces the jet mass more closely: its W1M is 2.4 × 10⁻³, against 1.1 × 10⁻³ for flowjet-5, "
            "so ptgen-2 is the better of the two.\n")
    q = "Judging by W1M, does flowjet-5 reproduce the jet mass more closely than ptgen-2?"
    assert answer(q, referee(text, "chat.md"), text).startswith("Yes")
    right = text.replace("2.4 × 10⁻³, against 1.1", "1.1 × 10⁻³, against 2.4")
    assert "says the reverse" not in answer(q, referee(right, "chat.md"), right)


def test_a_rough_change_taken_at_a_setting_after_a_colon_is_read_from_to() -> None:
    # "improves with depth: the energy resolution goes from about 9.1% at L=2 to 6.4% at L=8": a width falling
    text = "Reconstruction improves steadily with depth: the energy resolution goes from about 9.1% at L=2 to 6.4% at L=8.\n"
    assert not _of("comparison_direction", text, "notes.md")
    worse = text.replace("9.1% at L=2 to 6.4%", "6.4% at L=2 to 9.1%")
    assert _of("comparison_direction", worse, "notes.md") == [1]


def test_a_smaller_gain_is_set_against_another_gain_not_its_two_ends() -> None:
    # "a smaller improvement from distillation (AUC 0.951 versus 0.948)": the gain, not which end is the larger
    text = "On the W sample the student sees a smaller improvement from distillation (AUC 0.951 versus 0.948).\n"
    assert not _of("comparison_direction", text, "review.md")


def test_numbers_tagged_by_side_in_brackets_are_read_as_those_sides() -> None:
    # "v9 overtakes the baseline: purity went from 0.61 (baseline) to 0.74 (v9)": v9's number is the second
    text = "The new selection (v9) now outperforms the old baseline: purity went from 0.61 (baseline) to 0.74 (v9).\n"
    assert not _of("comparison_direction", text, "board.md")
    worse = text.replace("0.61 (baseline) to 0.74 (v9)", "0.74 (baseline) to 0.61 (v9)")
    assert _of("comparison_direction", worse, "board.md") == [1]


def test_a_perfectly_modelled_input_is_an_assumption_not_a_claim() -> None:
    # "an idealised tagger trained on perfectly modelled signal jets" beside a working point: no absolute word
    text = ("At a signal efficiency of 20%, the idealised tagger trained on perfectly modelled signal jets reaches a "
            "background rejection of 150.\n")
    assert not [r for r, _ in found(text, "article.txt") if r == "absolute_words"]
