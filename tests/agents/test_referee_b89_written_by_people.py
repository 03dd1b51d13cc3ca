"""The referee's readings of human writing of many kinds (issue 23, session ref30b, blind round 30, b89): minutes wrapped
at a fixed width, spoken transcripts and voice notes, letters to children, policy briefs, fieldbooks. Each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_bracket_holding_an_equals_sign_goes_on_the_sentence_wrapped_above_it() -> None:
    text = ("    The reviewer noted that the new tagger gives a higher light-jet rejection than the old one at 70%\n"
            "    b efficiency (R70 = 210 against 260 for the old one, on the same test jets), which is a fair summary.\n")
    assert _of("comparison_direction", text)
    assert not _of("comparison_direction", text.replace("R70 = 210 against 260", "R70 = 260 against 210"))


def test_improved_the_rejection_after_a_lower_rejection_than_the_old_tagger() -> None:
    text = ("Higher rejection is better. At 60% efficiency the new tagger's light-jet rejection was 52, against 70 for "
            "the old tagger, so the new tagger improved the rejection of light jets.\n")
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("was 52, against 70", "was 70, against 52"))


SPOKEN = ("Okay, notes. The fine-tuned model gets AUC 0.8830 on the test set, the baseline from scratch gets 0.8790.\n"
          "So that's plus 0.004. Test set is still the tiny one, three hundred top, three hundred QCD.\n"
          "\n"
          "Next thing, so fine-tuning is significantly better, I'll put that on the poster.\n")


def test_a_spoken_test_set_sizes_a_verdict_on_the_two_numbers_said_before_it() -> None:
    assert _of("significance_unsupported", SPOKEN) == [4]
    # on a test set two hundred times larger the same gain is many errors
    assert not _of("significance_unsupported", SPOKEN.replace("three hundred top, three hundred QCD",
                                                              "fifty thousand top, fifty thousand QCD"))


def test_whether_a_spoken_gain_is_beyond_twice_its_error_is_answered_from_the_spoken_test_set() -> None:
    q = "is the fine-tuning gain from 0.8790 to 0.8830 more than twice its statistical uncertainty?"
    assert answer(q, referee(SPOKEN, "memo.txt"), SPOKEN).startswith("No")


def test_a_fold_said_in_words_is_checked_against_a_change_between_spoken_percentages() -> None:
    text = ("Her trigger cut the fake rate from eight percent to two and a half percent -- a fourfold drop -- on the same "
            "events.\n")
    assert _of("inconsistent_numbers", text) == [1]
    assert not _of("inconsistent_numbers", text.replace("two and a half percent", "two percent"))


def test_ranking_the_background_above_the_signal_nearly_perfectly_is_said_of_a_reversed_score() -> None:
    text = ("Her first test gave AUC 0.071. The class labels had been swapped (top = 0);\n"
            "the network was ranking QCD jets above top jets almost perfectly. Fixed, it reaches 0.929.\n")
    assert not _of("absolute_words", text)


def test_a_local_significance_measured_again_on_more_data_is_not_the_one_the_global_came_from() -> None:
    text = ("The excess was 3.4 sigma locally; over the 30 mass windows its global significance is about 2.0 sigma.\n"
            "With the new data added since, the local excess has shrunk to 1.5 sigma.\n")
    assert not _of("inconsistent_numbers", text)
    # in one statement a global above the local is still wrong
    assert _of("inconsistent_numbers", "The excess is 1.5 sigma local and 2.0 sigma global.\n")


def test_a_chance_by_luck_said_after_a_significance_is_its_p_value() -> None:
    text = ("It was a 2 sigma wiggle, which means the chance of the background alone making a wiggle that big by luck is "
            "about 1 in 10,000.\n")
    assert _of("inconsistent_numbers", text) == [1]
    # 2 sigma one-sided is about 1 in 44
    assert not _of("inconsistent_numbers", text.replace("1 in 10,000", "1 in 44"))
    # the chance over all the places looked is a global one, not the local significance's
    assert not _of("inconsistent_numbers", text.replace("that big by luck", "that big somewhere in the 20 windows by luck"))


def test_the_words_a_purpose_clause_opens_on_are_what_one_would_need_to_say() -> None:
    text = 'To claim "we discovered a new boson" you need 5 sigma after the look-elsewhere correction.\n'
    assert not _of("discovery_without_evidence", text)


def test_a_spoken_power_of_ten_and_a_headline_distance_restated_another_way() -> None:
    text = ("SPEAKER: The mass distance W1M is 0.52 times ten to the minus three for JetGen-2, against 0.91 times ten to\n"
            "the minus three for the baseline.\n"
            "\n"
            "SPEAKER: The headline number, the W1M of 0.25 times ten to the minus three, is the mean over seeds.\n")
    assert _of("inconsistent_numbers", text) == [4]
    assert not _of("inconsistent_numbers", text.replace("W1M of 0.25", "W1M of 0.52"))


def test_a_separate_split_is_where_a_classifier_was_trained_not_a_test_told_apart() -> None:
    text = ("We kept 40,000 real and 40,000 generated jets aside, trained a classifier on a separate split, and on the kept\n"
            "jets it reaches an AUC of 0.566 plus or minus 0.004. So it essentially can't distinguish them from the real\n"
            "ones.\n")
    assert _of("classifier_test_vs_null", text)


def test_a_two_column_table_of_injected_signal_and_an_auc_with_its_error() -> None:
    text = ("10:02  Copied from the board:\n"
            "       injected s/b    region AUC (mean +/- spread, 4 folds)\n"
            "       0               0.548 +/- 0.006\n"
            "       0.5%            0.611 +/- 0.007\n"
            "       Student: \"the first row has no signal, so the null test passes, nothing there.\"\n")
    assert _of("control_vs_null", text)
    assert not _of("control_vs_null", text.replace("0.548 +/- 0.006", "0.503 +/- 0.006"))
