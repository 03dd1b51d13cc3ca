"""The referee's readings of agent logs, chat exports and meeting notes (issue 23, session ref27d, blind round 24,
b67): each test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_a_json_string_that_holds_json_is_read_as_json() -> None:
    # a chat log whose tool message carries its output as a JSON string: its models are rows, each named by its key
    tool = {"rows": {"gnn_big": {"auc": 0.971, "rej50": 410}, "bdt_base": {"auc": 0.952, "rej50": 180}}}
    log = {"messages": [
        {"role": "tool", "content": json.dumps(tool)},
        {"role": "assistant", "content": "bdt_base gives the best rejection of the two taggers at 50% efficiency."}]}
    text = json.dumps(log, indent=2)
    assert _of("comparison_direction", text, "chat.json") == [text[:text.index("bdt_base gives")].count("\n") + 1]
    right = text.replace("bdt_base gives", "gnn_big gives")
    assert not _of("comparison_direction", right, "chat.json")


def test_a_json_string_written_with_its_greek_letters_stands_on_its_own_line() -> None:
    # a conversation export keeps "σ" as it is (not "\\u03c3"), and names each node's id in its parent's list first
    text = ('{\n  "mapping": {\n    "n1": {"children": ["n2"],\n'
            '      "parts": ["Which window has the largest excess?"]},\n'
            '    "n2": {"children": [],\n'
            '      "parts": ["At 3.2σ local significance we observe a new resonance at 2.8 TeV."]}\n  }\n}\n')
    assert _of("discovery_without_evidence", text, "export.json") == [6]


def test_a_power_of_ten_in_superscripts_inside_a_json_string_is_read() -> None:
    # "p = 2.0 × 10⁻⁵" inside a JSON answer: the p-value 2e-5, checked against the significance beside it
    say = "The best window has a local significance of 4.9σ, i.e. p = 2.0 × 10⁻⁵."
    text = json.dumps({"answer": say}, ensure_ascii=False, indent=1)
    assert _of("inconsistent_numbers", text, "answer.json") == [2]
    right = json.dumps({"answer": say.replace("4.9σ", "4.1σ")}, ensure_ascii=False, indent=1)
    assert not _of("inconsistent_numbers", right, "answer.json")


def test_a_sigma_column_of_an_observable_is_its_resolution() -> None:
    # "sigma(pT)  sigma(eta)" beside a perplexity column: the widths of the decoded constituents, not its errors
    text = ("model     K      perplexity   sigma(pT)   sigma(eta)\n"
            "tok_a     2048   1510.2       0.019       0.0041\n"
            "tok_b     4096   2877.9       0.012       0.0027\n\n"
            "With K=4096 the tokenizer is lossless.\n")
    assert _of("absolute_words", text, "eval.txt") == [5]


def test_a_setting_in_brackets_between_from_and_to_keeps_the_change() -> None:
    # "improves from 5.1% (L=2) to 3.4% (L=4)": a resolution that falls, improving; no contradiction
    text = "The energy resolution improves from 5.1% (L=2) to 3.4% (L=4) to 2.9% (L=8).\n"
    assert not _of("comparison_direction", text, "notes.md")
    worse = "The energy resolution improves from 2.9% (L=2) to 3.4% (L=4).\n"
    assert _of("comparison_direction", worse, "notes.md") == [1]


def test_a_sentence_that_sets_its_own_scene_is_no_control_of_the_sentence_before() -> None:
    # "... adds a background-only check. Before the patch, the AUC came out as 0.31.": the earlier state, explained
    text = ("This change swaps the score column of the Sherpa sample and adds a background-only check. Before the patch, "
            "the Sherpa AUC came out as 0.31 because the column held the background probability, an inverted score.\n")
    assert not _of("control_vs_null", text, "pr.md")
    carried = text.replace("Before the patch, the Sherpa AUC", "The AUC")
    assert _of("control_vs_null", carried, "pr.md") == [1]  # the same line, going on: the check's own number


def test_a_number_in_the_argument_of_a_quantity_is_no_value_of_it() -> None:
    # "AUC(output 0)" names where the AUC is taken: no AUC of 0 beside the report's one AUC below 0.5
    text = ("Before the relabelling the top-tagging AUC came out as 0.24, an inverted score.\n"
            "A new unit test asserts AUC(output 0) + AUC(output 1) = 1 on a toy sample.\n")
    q = "as it stood, did the score rank top jets above QCD jets more often than random guessing would?"
    said = answer(q, referee(text, name="pr.md"), text)
    assert said.startswith("No") and "0.24" in said


def test_a_significance_is_judged_with_at_least_the_error_the_test_set_allows() -> None:
    # the table's errors (± 0.0003) are far below the binomial error of 2000 background jets: the gap is ~1.5σ, not 12σ
    text = ("Test set: 2000 signal + 2000 background jets.\n\n"
            "| tagger | mistag at 50% eff |\n|---|---|\n| net_x | 0.0150 ± 0.0003 |\n| net_y | 0.0195 ± 0.0004 |\n\n"
            "net_x is significantly better than net_y: it mistags fewer background jets (0.0150 vs 0.0195).\n")
    assert _of("significance_unsupported", text, "summary.md") == [8]
    big = text.replace("2000 signal + 2000 background", "200000 signal + 200000 background")
    assert not _of("significance_unsupported", big, "summary.md")


def test_a_fraction_of_counts_in_its_own_sentence_has_their_binomial_error() -> None:
    # "31 of the 800-event sample pass, i.e. 3.9% ± 0.05%": counted on 800 events, the error is at least ~0.7%
    text = "The cut keeps the tail of the 800-event sample: 31 events pass, a fraction of 3.9% ± 0.05%.\n"
    assert _of("uncertainty_vs_sample_size", text, "minutes.md") == [1]
    assert not _of("uncertainty_vs_sample_size", text.replace("± 0.05%", "± 0.7%"), "minutes.md")


def test_a_classifier_test_quoted_again_bare_lines_later_is_that_test() -> None:
    # the test's AUC with its error in one post (beside an earlier version's), then "at 0.561 we're about at 0.5" and
    # "indistinguishable" in a later one: the bare 0.561 is the test's, with its error
    post = "<p>{}</p>\n"
    text = (post.format("C2ST for flowgen-v3 is in: classifier on 40k + 40k jets, 4 trainings, AUC = 0.561 ± 0.003. "
                        "flowgen-v2 was 0.603 ± 0.003 with the same setup.")
            + "<p>nice</p>\n" * 8
            + post.format("At 0.561 we're about at 0.5, so the classifier can't separate them. I'd say the v3 jets are "
                          "indistinguishable from the real ones."))
    assert _of("classifier_test_vs_null", text, "thread.html") == [10]
    near = text.replace("0.561", "0.503")
    assert not _of("classifier_test_vs_null", near, "thread.html")


def test_a_json_string_nested_past_the_parsers_depth_is_left_as_text_not_a_crash() -> None:
    # hostile input: a tool's output in a chat log holding "[[[[...]]]]" deeper than the JSON parser's recursion limit;
    # the rest of the log is still reviewed
    deep = "[" * 50_000 + "]" * 50_000
    doc = json.dumps({"messages": [{"role": "tool", "content": deep},
                                   {"role": "assistant", "content": "The AUC of 1.07 on the test set is our best yet."}]})
    ref = referee(doc, "chat.json")
    assert any(f.rule == "impossible_value" for f in ref.findings)
