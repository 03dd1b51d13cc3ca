"""Readings fitted on blind batch b49 (documents people write: examiners' reports, letters, notes, press columns).
Each test states the case in its own words and checks a near variant."""

from __future__ import annotations

from tests.agents.referee_rules import found, lines_of


def test_an_answer_quoted_and_given_no_credit_is_not_the_reports_word():
    text = ('The score gave an AUC of 0.46 on the test set.\n'
            'Students who said that 0.46 was "nearly perfect, just reversed" received no credit for it.\n')
    assert lines_of("absolute_words", text) == []
    own = 'The score gave an AUC of 0.46 on the test set, which is nearly perfect, just reversed.\n'
    assert lines_of("absolute_words", own)


def test_a_main_clause_after_what_to_look_for_claims_the_find():
    text = ('The scan covered 15 mass windows; the largest local excess is 2.9 sigma over the sideband fit.\n'
            'Our headline: a network never told what to look for has discovered a new particle at 4 TeV.\n')
    assert 2 in lines_of("discovery_without_evidence", text)
    sought = ('The scan covered 15 mass windows; the largest local excess is 2.9 sigma over the sideband fit.\n'
              'Such searches look for a new particle in one window at a time.\n')
    assert lines_of("discovery_without_evidence", sought) == []


def test_nobody_discovers_is_a_denial():
    text = ('One window showed 2.0 sigma, p about 0.02.\n'
            'Nobody discovers anything at two sigma, and we never wrote about it.\n')
    assert lines_of("discovery_without_evidence", text) == []
    assert lines_of("discovery_without_evidence", 'One window showed 2.0 sigma.\nWe discovered a new boson there.\n')


def test_a_pretraining_set_does_not_size_the_test():
    text = ('We pre-trained the big backbone on 50M simulated jets.\n'
            'Fine-tuned, it reached an AUC of 0.931 against 0.927 from scratch, a significant gain.\n')
    assert 2 in lines_of("significance_unsupported", text)
    tested = ('We pre-trained the backbone, then evaluated it on 50M simulated jets.\n'
              'Fine-tuned, it reached an AUC of 0.931 against 0.927 from scratch, a significant gain.\n')
    assert lines_of("significance_unsupported", tested) == []


SECTIONS = ('1.1 Disk\n'
            'We need 30 TB for ntuples and 10 TB for models, giving 40 TB.\n'
            '\n'
            '1.2 Summary\n'
            'The {n} TB asked for in 1.1 cover the whole project.\n')


def test_an_amount_said_to_be_a_sections_must_be_one_it_gives():
    assert 5 in lines_of("inconsistent_numbers", SECTIONS.format(n="45"))
    assert lines_of("inconsistent_numbers", SECTIONS.format(n="40")) == []


def test_keeping_more_detail_with_a_larger_reconstruction_error_runs_backwards():
    text = 'The new codec has a reconstruction error of 0.071, against 0.052 for the old one, so it keeps more of the detail.\n'
    assert lines_of("comparison_direction", text) == [1]
    right = 'The new codec has a reconstruction error of 0.041, against 0.052 for the old one, so it keeps more of the detail.\n'
    assert lines_of("comparison_direction", right) == []


def test_better_than_random_in_quotes_calls_nothing_random():
    text = ('Short note: the score first gave AUC 0.36. Negating it gives 1 - 0.36 = 0.64. Remember\n'
            'that an AUC below 0.5 is an inverted score, not a "better than random backwards" one.\n')
    assert [r for r, _ in found(text) if r == "control_vs_null"] == []
    called = 'The shuffled-label control gave AUC 0.36 on 20k + 20k test jets, consistent with random.\n'
    assert lines_of("control_vs_null", called) == [1]


def test_not_describing_a_gap_as_significant_is_no_claim_of_it():
    text = ('You did not describe the gap between the two taggers (AUC 0.851 and 0.848, each +/- 0.004) as significant, '
            'which was right.\n')
    assert lines_of("significance_unsupported", text) == []
    said = 'The gap between the two taggers (AUC 0.851 and 0.848, each +/- 0.004) is significant.\n'
    assert lines_of("significance_unsupported", said) == [1]


def test_not_more_than_that_limits_a_wording():
    text = ('A 0.9861, B 0.9852, +/-0.0003 each; diff 0.0009, sd = sqrt(2) x 0.0003 = 0.00042 -> 2.1 sigma -> fine to say '
            '"significant at ~2 sigma", NOT more than that.\n')
    assert lines_of("comparison_direction", text) == []
    assert lines_of("significance_unsupported", text) == []


def test_a_bracket_of_two_counts_sizes_a_null_check():
    text = '[x] shuffled-label check (10k + 10k): AUC 0.502 +/- 0.004\n'
    assert lines_of("uncertainty_vs_sample_size", text) == []
    small = '[x] shuffled-label check (10k + 10k): AUC 0.502 +/- 0.0005\n'
    assert lines_of("uncertainty_vs_sample_size", small) == [1]
