"""The referee's readings of mostly agent-written output (issue 23, session ref28l, blind round 28, b83): eval consoles,
chat logs printed by jq, errata pages, live blogs. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee
from tests.agents.referee_rules import lines_of as _of


def _all(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_a_distance_counted_in_std_is_a_number_of_deviations_not_an_auc() -> None:
    text = ("Scan notes\n"
            "- no-injection run: AUC 0.4971 +/- 0.0036, 0.8 std below 0.5, fine.\n"
            "- weakest injection: AUC 0.5061 +/- 0.0040, just 1.5 sd above 0.5, not significant.\n"
            "- next one up: 2.6 fold-std from 0.5 now.\n")
    assert not _of("impossible_value", text)
    # an AUC written as such above 1 is still impossible
    assert _of("impossible_value", text.replace("AUC 0.5061", "AUC 1.5061")) == [3]


def test_a_signed_number_in_a_bracket_after_a_value_is_its_change_not_a_value() -> None:
    text = ("summary vs last week:\n"
            "0.0042 (-0.0013) 'control_auc_gap'   (2 better, 0 worse)\n"
            "0.912 (+0.004) 'signal_auc'   (1 better, 0 worse)\n")
    assert not _of("impossible_value", text)


def test_log_lines_that_open_with_different_case_names_are_different_objects() -> None:
    text = ("[job] case=nominal   frac=0.10  N=50000  top-vs-qcd AUC = 0.9231 +/- 0.0011\n"
            "[job] case=smeared   frac=0.10  N=50000  top-vs-qcd AUC = 0.9104 +/- 0.0012\n")
    assert not _of("inconsistent_numbers", text)
    # the same case given two AUCs is a conflict
    same = text.replace("case=smeared", "case=nominal")
    assert _of("inconsistent_numbers", same)


def test_the_printed_column_of_an_errata_table_is_the_old_text_not_a_claim() -> None:
    head = ("<html><body><h2>Errata</h2>\n<table>\n"
            "<tr><th>Page</th><th>As printed</th><th>Correction</th></tr>\n")
    row = ("<tr><td>p. 40</td><td>&ldquo;our token codec is lossless&rdquo;</td>"
           "<td>&ldquo;our token codec has a pT resolution of 3.1%&rdquo;</td></tr>\n")
    text = head + row + "</table>\n</body></html>\n"
    assert not _of("absolute_words", text, "errata.html")
    # the same words in the correction column are the page's own
    own = head + row.replace("has a pT resolution", "is lossless, with a pT resolution") + "</table>\n</body></html>\n"
    assert _of("absolute_words", own, "errata.html") == [4]


def test_the_discovery_bar_named_is_no_discovery_claimed() -> None:
    text = ("The local excess is 3.1 sigma, 1.8 sigma after the trials factor.\n"
            "Five sigma is the discovery threshold, and we are far below it.\n")
    assert not _of("discovery_without_evidence", text)
    assert _of("discovery_without_evidence", text.replace("Five sigma is the discovery threshold, and we are far below it.",
                                                          "This is a discovery."))


def test_a_percent_change_of_an_unbounded_distance_is_relative_not_in_points() -> None:
    text = ("Generator comparison.\n"
            "The W1 of the jet mass goes from 2.30 to 1.10 (x10^-3) compared with the old model, a 120% reduction, "
            "and W1P from 1.9 to 1.2.\n")
    assert _of("inconsistent_numbers", text) == [2]
    # 2.30 -> 1.10 is a 52% reduction: no finding
    assert not _of("inconsistent_numbers", text.replace("120%", "52%"))
    # nor is the absolute difference of an unbounded quantity a reading of a percent change: 50 -> 72 is +44%, not +20%
    rej = "At 30% signal efficiency the background rejection goes from 50 to 72, +20%.\n"
    assert _of("inconsistent_numbers", rej) == [1]
    assert not _of("inconsistent_numbers", rej.replace("+20%", "+44%"))


def test_a_chat_log_printed_as_a_json_list_of_message_pairs_is_read() -> None:
    text = ("$ jq '.visible' chat.json\n"
            "[\n"
            "  [\n"
            "    \"How good is it?\",\n"
            "    \"On 2,000 background jets the fake rate is 5.0% \\u00b1 0.02%.\"\n"
            "  ]\n"
            "]\n")
    assert _of("uncertainty_vs_sample_size", text) == [5]


def test_a_working_point_at_the_same_efficiency_is_a_setting_and_the_rates_after_it_compared() -> None:
    text = ("Choice of tagger: I recommend tagger_a: at the same 40% signal efficiency it keeps 4.2% of the QCD jets "
            "against 2.6% for tagger_b, so it has the better background rejection.\n")
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("4.2%", "1.9%"))


def test_a_mistag_written_as_one_over_a_count_is_read_as_its_rate() -> None:
    text = ("At 40% signal efficiency the mistag is 1/610 for model X vs 1/450 for model Y, so model X lets through "
            "fewer QCD jets.\n")
    assert not _of("comparison_direction", text)
    assert _of("comparison_direction", text.replace("1/610", "1/310"))


def test_the_lines_under_a_log_line_that_names_its_checkpoint_are_of_that_checkpoint() -> None:
    text = ("[eval] ckpt=runs/a16/best.ckpt  codebook_size=16  n_jets=50000\n"
            "[eval] particle (y,phi) rms displacement: 0.0052\n"
            "[eval] ckpt=runs/a64/best.ckpt  codebook_size=64  n_jets=50000\n"
            "[eval] particle (y,phi) rms displacement: 0.0031\n")
    assert not _of("inconsistent_numbers", text)
    # one checkpoint given two displacements is a conflict
    assert _of("inconsistent_numbers", text.replace("runs/a64/", "runs/a16/")) == [2, 4]


def test_a_number_inside_a_square_root_being_worked_out_is_an_operand() -> None:
    text = ("Check: with 40k events per class the AUC error from the sample is roughly sqrt(0.25/40000) ~ 0.0025, "
            "below the spread over folds.\n")
    assert not _of("auc_below_half", text)


def test_give_or_take_is_an_error_bar() -> None:
    text = ("We ran the search on a sample with nothing injected: zero signal. The classifier gave an AUC of 0.51, "
            "give or take 0.02, exactly what finding nothing looks like.\n")
    assert not _of("control_vs_null", text)


def test_a_source_number_after_a_full_stop_ends_the_sentence() -> None:
    text = ("Each tagger is scored on 2,000 jets.\n\n"
            "With a tenth of the labels the fine-tuned model shows a significant improvement, from 0.9020 to 0.9046, "
            "as the authors stress.4 Above that the two curves meet, and at full statistics the gap (0.0003) vanishes.7\n")
    assert _of("significance_unsupported", text) == [3]


def test_a_list_of_one_quantity_with_each_owner_after_its_number_pairs_the_numbers() -> None:
    text = "Jet pT resolution: 3.8% with tagger P, 2.9% with tagger Q, so tagger P does better on pT.\n"
    assert _of("comparison_direction", text) == [1]
    assert not _of("comparison_direction", text.replace("3.8%", "2.1%"))
