"""The referee's readings of documents people write (issue 23, session ref25b, blind round 22, b57): each test a general
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_an_impossible_number_is_named_on_the_line_it_stands_on() -> None:
    # a sentence wrapped over two lines, with a setting on the first: the impossible number stands on the second
    text = ("Thanks, that fixed it. With restarts every 200 steps the code-usage perplexity on the held-out jets\n"
            "went from 88 to 640 (K = 512), so the codebook is healthy.\n")
    assert _of("impossible_value", text, "log.txt") == [2]
    fine = text.replace("640", "440")
    assert not _of("impossible_value", fine, "log.txt")


def test_a_number_at_the_end_of_a_chain_of_formulas_is_the_quantity_the_chain_starts_from() -> None:
    # "name = formula = formula = number": each link is worked out, the last number is the name's value
    text = ("The codebook has K = 128 codes and the usage entropy is 7.2 bits.\n"
            "perplexity = 2^H = 2^7.2 = 147\n")
    assert _of("impossible_value", text, "answer.txt") == [2]
    fine = text.replace("K = 128", "K = 256")
    assert not _of("impossible_value", fine, "answer.txt")


def test_the_word_opening_its_sentence_and_defined_there_is_no_claim() -> None:
    # "Lossless means ...": what the word would mean, beside the width that says the tokenizer is not
    text = ("Is the round trip lossless? No. Lossless means every decoded jet equals its input, so the mass residual would\n"
            "vanish; the residual has a width of 2.4 %, so some information is lost.\n")
    assert not _of("absolute_words", text, "exam.txt")
    claimed = ("The round trip is lossless: every decoded jet equals its input, the mass residual\n"
               "has a width of 2.4 %.\n")
    assert 1 in _of("absolute_words", claimed, "exam.txt")


def test_perfect_after_a_sentence_wrapped_over_three_lines_reads_that_sentences_auc() -> None:
    text = ("The graph network I built reaches an AUC of 0.962 on the held-out jets and a\n"
            "background rejection of 410 at 50 % signal efficiency, which is a clear step up\n"
            "from the boosted decision tree that the group used before my arrival last spring.\n"
            "So my network separates the signal from the background perfectly.\n")
    assert _of("absolute_words", text, "statement.txt") == [4]
    hedged = text.replace("perfectly", "very well")
    assert not _of("absolute_words", hedged, "statement.txt")


def test_an_auc_below_half_whose_reversed_score_is_given_is_known() -> None:
    # the number the flipped score reaches, given without the word AUC, is the complement of the low one
    text = ("The first training gave AUC 0.29 on the validation jets.\n"
            "It came from two tools that disagreed on which class is signal (background jets were scored as\n"
            "signal-like); reversing the score gives 0.71, and the bug is fixed.\n")
    assert not _of("auc_below_half", text, "record.txt")
    retrained = text.replace("reversing the score gives", "retraining with more epochs gives")
    assert _of("auc_below_half", retrained, "record.txt") == [1]


def test_a_control_variant_never_called_random_is_not_a_second_misreading() -> None:
    # the report calls one control random; a robustness variant with another number, never called random, repeats the check
    text = ("No-signal run, sidebands of 150 GeV: AUC 0.561 +- 0.005.\n"
            "\n"
            "Cross-check with sidebands of 250 GeV: no-signal AUC 0.566 +- 0.005; the width changes little.\n"
            "\n"
            "\n"
            "\n"
            "\n"
            "Verdict: the no-signal control gives AUC 0.561 +- 0.005, compatible with 0.5, so the closure holds.\n")
    assert _of("control_vs_null", text, "ticket.txt") == [1, 8]
    no_verdict = text.replace("Verdict: the no-signal control gives AUC 0.561 +- 0.005, compatible with 0.5, so the "
                              "closure holds.\n", "")
    assert _of("control_vs_null", no_verdict, "ticket.txt") == [1, 3]  # nothing called random: each far control


def test_a_rival_with_its_number_alone_in_brackets_is_the_other_side() -> None:
    text = "- a background rejection of 190 at the 50 % working point, outperforming DeepAK8 (230) there too\n"
    assert _of("comparison_direction", text, "post.txt") == [1]
    right = text.replace("(230)", "(150)")
    assert not _of("comparison_direction", right, "post.txt")
    q = "Does the new tagger reject more background than DeepAK8?"
    assert answer(q, referee(text, "post.txt"), text).startswith("No")


def test_the_share_an_excess_is_of_its_background_must_be_their_ratio() -> None:
    text = "In the 2.2 TeV bin there is an excess of 90 events over the fitted background of 600 (+25 %), local 3.1 sigma.\n"
    assert _of("inconsistent_numbers", text, "wiki.txt") == [1]
    right = text.replace("+25 %", "+15 %")
    assert not _rules(right, "wiki.txt")


def test_a_bracket_after_a_model_says_which_one_not_what_the_number_is_of() -> None:
    # "ParT-ft (JetClass ckpt) AUC ..., eps_g X": the numbers are the model's, so they are checked against its earlier ones
    text = ("slide 4: gluon mistag at 50% quark efficiency: GNN-b 0.071, BDT 0.094.\n\n"
            "summary: GNN-b (public ckpt) AUC 0.903, mistag 0.079 at 50% quark efficiency.\n")
    assert sorted(_of("inconsistent_numbers", text, "chat.txt")) == [1, 3]
    same = text.replace("0.079", "0.071")
    assert not _of("inconsistent_numbers", same, "chat.txt")


def test_a_test_on_another_shower_generator_is_another_sample() -> None:
    text = "Test set: GNN-b AUC 0.921, BDT AUC 0.897.\n\nSherpa test set: GNN-b AUC 0.903, BDT AUC 0.880.\n"
    assert not _of("inconsistent_numbers", text, "minutes.txt")
    same_sample = text.replace("Sherpa test set", "Test set, again")
    assert _of("inconsistent_numbers", same_sample, "minutes.txt")


def test_a_question_whether_the_control_finds_a_difference_between_regions() -> None:
    text = ("Control without signal, 40k events in each region: the classifier gives AUC 0.497 +- 0.006, consistent with "
            "0.5.\n")
    q = "In the signal-free control, does the classifier detect a difference between the two regions?"
    assert answer(q, referee(text, "letter.tex"), text).startswith("No")
    off = text.replace("0.497 +- 0.006, consistent with 0.5", "0.562 +- 0.006")
    assert answer(q, referee(off, "letter.tex"), off).startswith("Yes")
