"""The referee's readings of reports written by people (issue 23, session ref31b, blind round 31, b93): a crib sheet, a
reflective log, an editorial-board record, a messenger export, a tutorial pad, a preprint thread, lecture captions, a
presubmission enquiry, a prize citation. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_word_given_its_value_in_brackets_of_its_own_is_defined_not_claimed() -> None:
    text = ("TOKENIZER NOTES\n"
            "  (T2) FSQ codebook 4096: jet pT resolution 4.8% after decoding -> NOT lossless (lossless would be 0%).\n")
    assert not _of("absolute_words", text)
    # said of the tokenizer, the word is still a claim the resolution beside it contradicts
    assert _of("absolute_words", "The FSQ tokenizer is lossless: its jet pT resolution is 4.8% after decoding.\n")


def test_two_bare_counts_summed_after_on_size_the_set_of_the_lines_below() -> None:
    text = ("NOTES -- TAGGING\n"
            "  (A1) W tagger, AUC = 0.80 on 1500+1500 test jets.\n"
            "NOTES -- GENERATIVE\n"
            "  (A3) flow model vs real top jets, judge classifier on 40k+40k:\n"
            "       AUC = 0.502 +- 0.002 -> consistent with 0.5.\n")
    assert not _of("uncertainty_vs_sample_size", text)
    # on a small set of its own the same error is too small
    assert _of("uncertainty_vs_sample_size", text.replace("40k+40k", "1500+1500"))


def test_less_than_a_number_of_errors_from_a_value_compares_a_distance() -> None:
    text = ("The shuffled-label run came out at 0.504, which is less than one standard deviation (0.005) from 0.5, as a run\n"
            "with nothing to learn should.\n")
    assert not _of("comparison_direction", text)
    # a comparison of the value itself is still read
    assert _of("comparison_direction", "The shuffled-label run came out at 0.504, which is less than 0.5.\n")


def test_a_clause_opened_by_when_names_no_thing_whose_significance_could_disagree() -> None:
    text = ("When the 3.2 sigma appeared I was thrilled.\n"
            "When it became 1.8 sigma after the correction I felt foolish.\n")
    assert not _of("inconsistent_numbers", text, "notes.md")


def test_a_table_with_a_blank_first_header_cell_is_read_as_a_table() -> None:
    text = ("Scores (mean ± std over 4 batches, x1e-3):\n"
            "\n"
            "            W1M         W1PT        W1EFP\n"
            "GenA        0.61±0.04   0.58±0.05   1.2±0.2\n"
            "GenB        0.70±0.05   0.62±0.06   -0.7±0.5\n")
    assert _of("impossible_value", text) == [5]


def test_a_power_of_ten_said_aloud_is_read_as_a_number() -> None:
    text = ("14:02  the local p value was 3 times 10 to the minus 3\n"
            "14:06  which is what, 3.6 sigma local\n")
    assert 2 in _of("inconsistent_numbers", text)
    assert not _of("inconsistent_numbers", text.replace("3.6 sigma", "2.7 sigma"))


def test_a_rejection_named_as_the_factor_it_rejects_by_is_the_rejection() -> None:
    text = ("On a probe sample of 1,500 QCD jets, at 40% signal efficiency, the new trigger tagger rejects background with a\n"
            "factor of 52, against 49 for the cut-based one: a significant step forward.\n")
    assert 2 in _of("significance_unsupported", text)


def test_a_gain_said_at_a_percentage_of_labels_is_checked_against_the_two_lines_at_that_percentage() -> None:
    text = ("The summary table, on 1,500 signal and 1,500 background test jets, reads:\n"
            "   scratch, 5% labels:          AUC 0.8611\n"
            "   pre-trained + tuned, 5%:     AUC 0.8667\n"
            "   scratch, 100% labels:        AUC 0.9410\n"
            "The paper quotes the pre-training gain at 5% labels as +0.0090 in AUC.\n"
            "\n")
    assert _of("inconsistent_numbers", text) == [5]
    assert not _of("inconsistent_numbers", text.replace("+0.0090", "+0.0056"))


def test_the_gain_called_significant_later_is_the_one_stated_before_it() -> None:
    text = ("The summary table, on 1,500 signal and 1,500 background test jets, reads:\n"
            "   scratch, 5% labels:          AUC 0.8611\n"
            "   pre-trained + tuned, 5%:     AUC 0.8667\n"
            "The paper quotes the pre-training gain at 5% labels as +0.0056 in AUC.\n"
            "One board member said the gain was clearly significant as it stands.\n")
    assert _of("significance_unsupported", text) == [5]
    big = text.replace("1,500 signal and 1,500 background", "150,000 signal and 150,000 background")
    assert not _of("significance_unsupported", big)


def test_unbiased_across_generators_beside_the_gap_between_them() -> None:
    text = ("                       AUC Pythia     AUC Sherpa\n"
            "  baseline              0.861 ± 0.003  0.812 ± 0.003\n"
            "  ours                  0.855 ± 0.003  0.826 ± 0.003\n"
            "\n"
            "Our model narrows the gap: the Pythia-Sherpa difference goes from 0.049 for the baseline to 0.029 for ours. The\n"
            "tagger is therefore unbiased with respect to the choice of event generator.\n")
    assert _of("absolute_words", text) == [6]
    assert not _of("absolute_words", text.replace("0.029 for ours", "0.004 for ours").replace("0.826", "0.851"))


def test_a_null_run_number_restated_from_a_table_that_names_it_an_auc() -> None:
    text = ("notes from the chat, newest first\n"
            "B: the no-injection run looks fine, 0.561 +- 0.005 with no signal in, basically random.\n"
            "A: SR vs SB classifier, AUC mean +- std over 5 folds:\n"
            "   s/b = 0      0.561 +- 0.005\n"
            "   s/b = 1%     0.650 +- 0.008\n")
    assert 2 in _of("control_vs_null", text)


def test_a_number_restated_for_a_codebook_size_is_checked_against_that_row() -> None:
    text = ("| K    | perplexity | rel. mass resolution |\n"
            "|------|-----------:|---------------------:|\n"
            "| 256  | 201        | 9.4 %                |\n"
            "| 2048 | 1307       | 6.2 %                |\n"
            "\n"
            "- Is the 9.9% mass resolution of the 256 codebook good enough for a top window? Probably not.\n")
    assert _of("inconsistent_numbers", text) == [6]
    assert not _of("inconsistent_numbers", text.replace("9.9%", "9.4%"))


def test_is_one_models_auc_significantly_higher_than_anothers_at_a_sigma_level() -> None:
    text = ("model\tn_sig\tn_bkg\tauc\n"
            "gnn_a\t5000\t5000\t0.9512\n"
            "gnn_b\t5000\t5000\t0.9503\n"
            "bdt_c\t5000\t5000\t0.9311\n")
    ref = referee(text, "rows.tsv")
    q = "on the 5,000 signal + 5,000 background jets, is gnn_a's AUC significantly higher than gnn_b's at the 2-sigma level?"
    assert answer(q, ref, text).startswith("No")
    q2 = "on the 5,000 signal + 5,000 background jets, is gnn_a's AUC significantly higher than bdt_c's at the 2-sigma level?"
    assert answer(q2, ref, text).startswith("Yes")
    q3 = "on the 5,000 signal + 5,000 background jets, is bdt_c's AUC significantly higher than gnn_a's at the 2-sigma level?"
    assert answer(q3, ref, text).startswith("No")


def test_is_a_gain_at_a_label_fraction_significant_at_a_sigma_level() -> None:
    text = ("Headline numbers on 800 top + 800 QCD test jets:\n"
            "   from scratch, 2% labels:      AUC 0.8840\n"
            "   pre-trained, 2% labels:       AUC 0.8893\n"
            "   from scratch, 20% labels:     AUC 0.9350\n")
    ref = referee(text, "notes.txt")
    q = ("on the 800 top + 800 QCD test jets, is the pre-trained model's 2%-label AUC gain over training from scratch "
         "significant at the 2-sigma level?")
    assert answer(q, ref, text).startswith("No")
    assert found(text) == []
