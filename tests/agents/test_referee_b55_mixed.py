"""The referee's readings of tool outputs and documents people write (issue 23, session ref24d, blind round 21, b55):
each test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_working_point_named_by_a_decay_is_no_mistag() -> None:
    # "at 40% W->qq efficiency": the percentage is where the mistag is taken; the two numbers after it are the mistags,
    # and a mistag that grows is no improvement
    text = "Run note: the QCD mistag at 40% W->qq efficiency improves from 0.021 (old) to 0.027 (new).\n"
    assert _of("comparison_direction", text, "note.txt") == [1]
    fixed = text.replace("from 0.021 (old) to 0.027", "from 0.027 (old) to 0.021")
    assert not _of("comparison_direction", fixed, "note.txt")
    arrow = text.replace("W->qq", "Z→bb")
    assert _of("comparison_direction", arrow, "note.txt") == [1]


def test_a_comparative_bounded_by_its_own_factor_compares_nothing_after_it() -> None:
    # "fewer than 5x the events": the comparative is against the factor, a bound; the numbers after the colon are the
    # next clause's, and that clause's own verb ('beats') says how they stand
    text = ("Scratch training needs fewer than 5x the events to catch up: scratch with 50k jets (0.912) already exceeds "
            "the pretrained model with 10k (0.905).\n")
    assert not _of("comparison_direction", text, "summary.md")
    wrong = text.replace("(0.912)", "(0.898)")
    assert _of("comparison_direction", wrong, "summary.md") == [1]


def test_a_hint_of_a_new_particle_claims_no_discovery() -> None:
    base = ("In the best window the local significance is 2.9 sigma and the global one 1.2 sigma.\n"
            "HEADLINE\n")
    hint = base.replace("HEADLINE", "Headline: neural network sees hints of a new particle in open data")
    assert not _rules(hint, "news.txt")
    possible = base.replace("HEADLINE", "Headline: a possible new particle in open data")
    assert not _of("discovery_without_evidence", possible, "news.txt")
    claimed = base.replace("HEADLINE", "Headline: neural network finds a new particle in open data")
    assert _of("discovery_without_evidence", claimed, "news.txt") == [2]


def test_a_comparison_asked_in_a_yes_no_question_is_not_stated() -> None:
    # "..., is that better than chance?": the asker wants to know; nothing is claimed
    text = "Our quark/gluon network gets AUC 0.31 on the held-out jets, is that better than chance or a bug?\n"
    assert not _of("comparison_direction", text, "post.md")
    said = "Our quark/gluon network gets AUC 0.31 on the held-out jets, which is better than chance.\n"
    assert _rules(said, "post.md") == [("auc_below_half", 1)]  # stated: an AUC below 0.5 called better (one finding)
    worse = "Our quark/gluon network gets AUC 0.62 on the held-out jets, is that worse than chance?\n"
    assert not _rules(worse, "post.md")
    assert _of("comparison_direction", worse.replace(", is that worse than chance?", ", which is worse than chance."),
               "post.md") == [1]


def test_a_rejection_symbol_names_its_working_point() -> None:
    # "R30" is the rejection at 30% signal efficiency: the summary's value must be the one worked out at eps_S = 0.30
    text = ("eval: eps_B(eps_S=0.50) = 4.00e-03 -> 1/eps_B = 250\n"
            "eval: eps_B(eps_S=0.30) = 1.25e-03 -> 1/eps_B = 800\n"
            "final: acc=0.931 AUC=0.9790 R50=250 R30=1010\n")
    assert _of("inconsistent_numbers", text, "train.log") == [3]
    fixed = text.replace("R30=1010", "R30=800")
    assert not _of("inconsistent_numbers", fixed, "train.log")
    two_models = ("modelA: eps_B(eps_S=0.30) = 1.25e-03 -> 1/eps_B = 800\n"
                  "modelB: eps_B(eps_S=0.30) = 1.00e-03 -> 1/eps_B = 1000\n"
                  "final: modelA R30=800, modelB R30=1000\n")
    assert not _of("inconsistent_numbers", two_models, "train.log")


def _notebook(*lines: str) -> str:
    """A one-cell executed notebook whose output prints `lines` (its strings keep their underscores)."""
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["report()\n"],
                                  "outputs": [{"name": "stdout", "output_type": "stream", "text": [f"{x}\n" for x in lines]}]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_a_global_significance_written_as_a_key_answers_the_look_elsewhere_question() -> None:
    # "Z_global=1.08" in a notebook's output: the key's scope is joined to its symbol by an underscore
    text = _notebook("best window: Z_local=3.3", "toys=1000  n_above=140  p_global=0.140  Z_global=1.08")
    q = "once the trials factor is taken into account, is the best excess significant at 3 sigma?"
    assert answer(q, referee(text, "scan.ipynb"), text).startswith("No")
    high = _notebook("best window: Z_local=4.6", "toys=100000  n_above=40  p_global=0.0004  Z_global=3.35")
    assert not answer(q, referee(high, "scan.ipynb"), high).startswith("No")


def test_a_question_of_ranking_more_often_than_chance_asks_for_auc_above_half() -> None:
    text = "The boosted tree gives AUC 0.34 on the test jets, because the score column used is the background one.\n"
    q = "as it stands, does the score put signal above background more often than chance would?"
    assert answer(q, referee(text, "notes.md"), text).startswith("No")


def test_asked_whether_samples_can_be_told_apart_is_asked_of_the_classifier_test() -> None:
    text = ("Classifier test (generated vs real jets, 40k + 40k): AUC 0.641 +- 0.003.\n"
            "So the generated jets are basically indistinguishable from the real ones.\n")
    q = "by the classifier test, can the generated jets be told apart from the real ones?"
    assert answer(q, referee(text, "chat.txt"), text).startswith("Yes")
    close = text.replace("0.641 +- 0.003", "0.503 +- 0.003")
    assert answer(q, referee(close, "chat.txt"), close).startswith("No")


def test_a_summary_restates_the_distances_its_steps_printed() -> None:
    # each step names its model on a line of its own and prints W1 in units of 1e-3; the closing summary restates them
    # in plain powers of ten, and the flow model's mass distance is restated wrong
    text = ("step metrics: model=flow n_gen=20000\n"
            "  W1M = 0.62 +- 0.05 (x1e-3)\n"
            "  W1P = 0.81 +- 0.06 (x1e-3)\n"
            "\n"
            "step metrics: model=vae n_gen=20000\n"
            "  W1M = 1.40 +- 0.09 (x1e-3)\n"
            "  W1P = 1.77 +- 0.10 (x1e-3)\n"
            "\n"
            "summary: Flow W1M 0.26e-3, W1P 0.81e-3 | VAE W1M 1.40e-3, W1P 1.77e-3\n")
    assert _of("inconsistent_numbers", text, "pipeline.log") == [9]
    fixed = text.replace("Flow W1M 0.26e-3", "Flow W1M 0.62e-3")
    assert not _of("inconsistent_numbers", fixed, "pipeline.log")
    prefixed = fixed.replace("W1M = 0.62", "W1M (x1e3) = 0.62").replace("W1M = 1.40", "W1M (x1e3) = 1.40")
    assert not _of("inconsistent_numbers", prefixed, "pipeline.log")
