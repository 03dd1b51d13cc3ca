"""The referee's readings of the fourteenth blind round's human documents and chat (issue 23, session ref23q): each
test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee


def _found(text: str, name: str = "report.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


ONE_IN_N_REJECTION_NOTE = """At the tight point the tagger keeps only 1 in 2,000 QCD jets, measured on the whole simulated sample.
Sanity check on two halves of the background sample (1,500 each): AUC 0.503 ± 0.006, as expected for no signal.
"""


def test_the_denominator_of_one_in_n_is_a_rate_not_a_test_set() -> None:
    # '1 in 2,000 QCD jets' is a mistag rate of 1/2000, not a set of 2000 jets bounding the AUC's error
    assert not _found(ONE_IN_N_REJECTION_NOTE)
    # a set of 2,000 jets stated as such still bounds it (Hanley-McNeil ~0.013 for 1000 + 1000)
    as_set = ONE_IN_N_REJECTION_NOTE.replace("keeps only 1 in 2,000 QCD jets", "keeps 3 of its 2,000 QCD jets")
    assert ("uncertainty_vs_sample_size", 2) in _found(as_set)


GAP_SMALLER_THAN_ERROR_NOTE = """The old and new detector maps give purity 0.91 ± 0.01 and 0.89 ± 0.01, and the gap is smaller than one error bar.
"""


def test_a_comparative_whose_subject_is_the_difference_does_not_order_the_numbers() -> None:
    # 'the gap is smaller than one error bar' compares the difference with its error, not 0.91 with 0.89
    assert not _found(GAP_SMALLER_THAN_ERROR_NOTE)
    # said of the numbers themselves, the order is checked
    of_numbers = "The new detector map gives purity 0.91 ± 0.01, smaller than the 0.89 ± 0.01 of the old one.\n"
    assert ("comparison_direction", 1) in _found(of_numbers)


INVERTED_THEN_EXPLAINED_NOTE = """Quick look at the isolation-forest score on the dark-shower sample: AUC 0.41 ± 0.01 (4,000 + 4,000 jets).
That one surprised us at first. Dark showers look quieter than QCD to this score, which therefore ranks them backwards: its sign is inverted for this signal.
"""


def test_an_auc_below_half_explained_in_the_next_sentences_is_known() -> None:
    # the paragraph goes on to say why the score is inverted: nothing is overlooked
    assert not _found(INVERTED_THEN_EXPLAINED_NOTE)
    # with no word of it, the AUC below 0.5 is named
    silent = INVERTED_THEN_EXPLAINED_NOTE.split("\n")[0] + "\nWe keep it as our anomaly score.\n"
    assert ("auc_below_half", 1) in _found(silent)


SIGMA_BAR_NAMED_BY_PURPOSE_NOTE = """The scan over 40 mass windows found a local excess of 3.1σ.
Corrected for the windows it is 1.4σ global, not evidence, and nowhere close to the 5σ required for a discovery.
"""


def test_a_significance_named_by_what_it_is_required_for_is_a_bar() -> None:
    # 'the 5σ required for a discovery' is the convention, not a global significance above the local 3.1σ
    assert not _found(SIGMA_BAR_NAMED_BY_PURPOSE_NOTE)
    # a global significance stated as a result above the local one is still named
    stated = SIGMA_BAR_NAMED_BY_PURPOSE_NOTE.replace("1.4σ global", "3.4σ global")
    assert ("inconsistent_numbers", 2) in _found(stated)


QUOTED_VERDICT_NOTE = """The decorrelated tagger's AUC of 0.42 is not "worse than chance": its output was read with the two labels swapped.
"""


def test_a_comparative_quoted_to_be_rejected_is_not_the_texts_claim() -> None:
    # the phrase in quotation marks is named to be denied (the score is inverted), not a comparison the text makes
    assert not [r for r in _found(QUOTED_VERDICT_NOTE) if r[0] == "comparison_direction"]
    # said by the text itself, unquoted, the same denial contradicts its numbers
    own = QUOTED_VERDICT_NOTE.replace('is not "worse than chance":', "is not worse than chance;")
    assert ("comparison_direction", 1) in _found(own)


EARLIER_RELEASE_HAD_REACHED_NOTE = """The retrained diffusion model now gets AUC 0.566 ± 0.003 in the real-vs-generated classifier test (150k + 150k jets).
The first release had reached 0.702 ± 0.003 on that same test.
With this, our generated jets are indistinguishable from the full simulation.
"""


def test_a_test_value_in_the_past_perfect_is_an_earlier_version_not_the_claims() -> None:
    found = _found(EARLIER_RELEASE_HAD_REACHED_NOTE)
    # the claim and the current model's test are named; the first release's 0.702 is not what the claim is about
    assert ("classifier_test_vs_null", 1) in found and ("classifier_test_vs_null", 3) in found
    assert ("classifier_test_vs_null", 2) not in found


LOWERS_THING_TO_VALUE_NOTE = """Adding the pile-up correction lowers the 3.1-GeV offset we saw in the endcap jets to 1.2 GeV.
"""


def test_a_change_verb_acting_on_a_number_to_another_ends_at_the_second() -> None:
    # 'lowers the 3.1-GeV offset ... to 1.2 GeV': from 3.1 down to 1.2, as it says
    assert not _found(LOWERS_THING_TO_VALUE_NOTE)
    # a change the numbers contradict is still named
    assert ("comparison_direction", 1) in _found(LOWERS_THING_TO_VALUE_NOTE.replace("to 1.2 GeV", "to 4.6 GeV"))


VERDICT_AFTER_TWO_MESSAGES_CHAT = """09:01 Ana: reference tagger, trained on the usual recipe: accuracy 0.912 ± 0.004
09:02 Ben: which test file?
09:03 Ana: the 2024 validation file, same as always
09:05 Ana: with the extra vertex features: accuracy 0.917 ± 0.004
09:06 Ana: so the vertex features make it significantly better, let's keep them
"""


def test_a_verdict_judges_the_two_results_stated_before_it_with_other_messages_between() -> None:
    # 0.917 vs 0.912 with ± 0.004 each is 0.9σ: not significant
    assert ("significance_unsupported", 5) in _found(VERDICT_AFTER_TWO_MESSAGES_CHAT, "chat.txt")
    # a difference well beyond the errors is
    assert not _found(VERDICT_AFTER_TWO_MESSAGES_CHAT.replace("0.917 ± 0.004", "0.957 ± 0.004"), "chat.txt")


PROBE_JETS_ALIGNED_TABLE = """Working-point summary

   Sample     Probe jets    Efficiency (data)    Efficiency (sim)
   muon-tag      4,000      0.652 +- 0.008       0.660
   soft-e          900      0.418  +- 0.001      0.431
"""


def test_an_aligned_table_with_counts_and_padded_errors_is_read_by_its_columns() -> None:
    # names of several words over cells two spaces apart ('4,000', '0.418  +- 0.001'): a table whose probe jets are each
    # row's test set; 900 jets allow no less than ± 0.016 on 0.418
    assert _found(PROBE_JETS_ALIGNED_TABLE) == [("uncertainty_vs_sample_size", 5)]
    assert not _found(PROBE_JETS_ALIGNED_TABLE.replace("0.418  +- 0.001", "0.418  +- 0.017"))


LOSSLESS_BESIDE_RELATIVE_DEVIATION_NOTE = """Since the codebook fix the encoder is lossless: round-tripped jets come back with mean |ΔpT|/pT = 2.3%.
"""


def test_a_mean_absolute_relative_deviation_is_a_width_that_lossless_denies() -> None:
    # '|ΔpT|/pT = 2.3%' is how far the decoded jets are from the inputs: not zero, so not lossless
    assert _found(LOSSLESS_BESIDE_RELATIVE_DEVIATION_NOTE) == [("absolute_words", 1)]
    assert not _found(LOSSLESS_BESIDE_RELATIVE_DEVIATION_NOTE.replace("is lossless", "keeps most of the information"))


BLANK_CORNER_PIPE_TABLE_NOTE = """## Tagger comparison

| | cut-based | CNN |
|---|---|---|
| purity at 40% eff. | 0.61 | 0.74 |
| purity at 60% eff. | 0.52 | 0.66 |
| purity at 80% eff. | 0.47 | 0.44 |

The CNN gives a higher purity than the cut-based selection at every efficiency in the table.
"""


def test_a_pipe_table_with_a_blank_corner_is_read_for_a_universal_claim() -> None:
    # the head '| | cut-based | CNN |' names the rows' column with its blank first cell: the last row contradicts 'every'
    assert ("absolute_words", 9) in _found(BLANK_CORNER_PIPE_TABLE_NOTE, "notes.md")
    assert not _found(BLANK_CORNER_PIPE_TABLE_NOTE.replace("| 0.47 | 0.44 |", "| 0.47 | 0.55 |"), "notes.md")


LABELLED_RESULTS_THEN_VERDICT_CHAT = """2026-03-02 10:01 Omar
regression on the 2019 sample: purity 0.871
regression on the 2023 sample: purity 0.879
evaluated on 2,000 jets, a single training each

2026-03-02 10:03 Omar
so the 2023 sample is significantly better for training
"""


def test_labelled_result_lines_are_records_and_a_later_verdict_is_judged_on_their_test_set() -> None:
    # each 'name: purity N' line is a record of its own; the verdict in the next message judges 0.879 vs 0.871 on the
    # 2,000 jets stated under them: 0.8σ, not significant
    assert _found(LABELLED_RESULTS_THEN_VERDICT_CHAT, "chat.txt") == [("significance_unsupported", 7)]
    assert not _found(LABELLED_RESULTS_THEN_VERDICT_CHAT.replace("purity 0.879", "purity 0.949"), "chat.txt")
