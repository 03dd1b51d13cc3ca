"""The referee's readings of tool outputs and documents people write (issue 23, session ref23ae, blind round 19, b47):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_working_point_written_after_an_at_sign_is_no_group_of_thousands() -> None:
    # "rej@40 388": the rejection at 40% efficiency is 388; the space after "@40" does not group 40 and 388 into 40388
    text = "$ git log -1 --format=%s\nGNN v5: rej@40 388 -> 452 (+16%), retrained on the full sample\n"
    assert not _of("inconsistent_numbers", text, "log.txt")
    wrong = text.replace("(+16%)", "(+31%)")
    assert _of("inconsistent_numbers", wrong, "log.txt") == [2]


def test_each_change_in_brackets_is_of_the_arrow_just_before_it() -> None:
    # two arrows of one quantity on a line, each with its change: 100 -> 125 is +25%, 80 -> 90 is +12.5%
    text = "summary: rejection@30 100 -> 125 (+25%), rejection@60 80 -> 90 (+12.5%) after the retraining\n"
    assert not _of("inconsistent_numbers", text, "log.txt")
    wrong = text.replace("(+12.5%)", "(+40%)")
    assert _of("inconsistent_numbers", wrong, "log.txt") == [1]
    # a change after the bracket of another quantity's arrow is not that arrow's: 300 -> 200 is a 33% loss in rejection
    other = "The rejection falls from 300 to 200 (AUC 0.970 -> 0.962), a 33% loss in rejection.\n"
    assert not _of("inconsistent_numbers", other)


def test_a_discovery_drawn_by_an_arrow_is_claimed() -> None:
    # "-> DISCOVERY of ...": a log's verdict drawn with an arrow claims it, as "we claim a discovery" would
    text = ("[fit] background: sideband fit, 4 parameters, chi2/ndf = 30.2/27\n"
            "[fit] one signal window at 2.1 TeV: observed 640, expected 560 -> local Z = 3.2\n"
            "[fit] RESULT: Z above 3 -> DISCOVERY at 2.1 TeV\n")
    assert _of("discovery_without_evidence", text, "fit.log") == [3]
    modest = text.replace("-> DISCOVERY", "-> an excess worth a second look")
    assert not _of("discovery_without_evidence", modest, "fit.log")


def test_a_look_elsewhere_correction_said_to_be_missing_corrects_nothing() -> None:
    # the scan of 20 windows is named with its correction, but the correction is said not to be made: the local
    # 5.4 sigma is not the significance of the search
    text = ("We scanned 20 mass windows with a sideband background fit.\n"
            "The largest local significance is Z = 5.4 (p = 3.3e-8).\n"
            "Look-elsewhere correction: not applied.\n"
            "We therefore claim a discovery.\n")
    assert _of("discovery_without_evidence", text) == [4]
    made = text.replace("Look-elsewhere correction: not applied.", "Look-elsewhere correction applied: global Z = 5.1.")
    assert not _of("discovery_without_evidence", made)


def test_a_condition_contrary_to_fact_claims_nothing() -> None:
    # "If the jets were indistinguishable, it would give 0.50": what the null would look like, not a verdict
    text = ("A classifier trained to separate generated from real jets reaches AUC 0.64 +- 0.01.\n"
            "If the generated jets were indistinguishable from the real ones, it would give 0.50.\n")
    assert not _of("classifier_test_vs_null", text)
    said = text.replace("If the generated jets were indistinguishable from the real ones, it would give 0.50.",
                        "The generated jets are indistinguishable from the real ones.")
    assert _of("classifier_test_vs_null", said)


def test_a_quoted_word_reported_and_then_denied_is_not_the_writers() -> None:
    # 'the brochure says that the showers are "..."' reports another's words; '"indistinguishable" is not.' denies them
    text = ('The brochure says that the generated showers are "indistinguishable from Geant4", citing a classifier\n'
            "trained to separate generated from Geant4 showers that reaches AUC 0.58 +- 0.01.\n"
            '"Close to Geant4" would be fair; "indistinguishable" is not.\n')
    assert not _of("classifier_test_vs_null", text)
    kept = text.replace('"Close to Geant4" would be fair; "indistinguishable" is not.\n', "We agree with it.\n")
    assert _of("classifier_test_vs_null", kept)


def test_a_count_in_words_of_ten_million_is_the_whole_number() -> None:
    # "3 in 10 million" is 3e-7, about 5 sigma; it is not 3 in 10 (30%)
    text = "5 sigma, a p-value of about 3 in 10 million, is what a discovery needs.\n"
    assert not _of("inconsistent_numbers", text)
    other = text.replace("10 million", "10 thousand")
    assert _of("inconsistent_numbers", other)


def test_each_with_an_error_gives_the_numbers_before_it_their_error() -> None:
    # two unnamed numbers of two taggers, "each with an error of about 0.0015": 0.9127 and 0.9121 differ by 0.3 sigma,
    # so "clearly beats" in the next sentence is not supported
    text = ("GraphNet gets 0.9127, the BDT gets 0.9121 on the same test jets, each with an error of about 0.0015.\n"
            "So GraphNet clearly beats the BDT.\n")
    assert _of("absolute_words", text) == [2]
    tight = text.replace("0.0015", "0.00005")
    assert not _of("absolute_words", tight)


def test_an_input_typed_at_a_counted_prompt_is_code_and_its_comment_prose() -> None:
    # "root [1] cout << ... roc_auc(t, "score", 0.3)": the 0.3 is an argument typed at the prompt, no AUC; the lines
    # of the session do not run into one another
    text = ('root [0] auto t = f->Get<TTree>("wjets")\n'
            'root [1] cout << "tagger AUC = " << roc_auc(t, "score", 0.3) << endl\n'
            "tagger AUC = 0.912\n"
            "root [2] // the W tagger separates well\n")
    assert not _rules(text, "session.txt")
    # a comment typed at the prompt is still read: an AUC below 0.5 called better than random
    said = text.replace("the W tagger separates well", "the anomaly score reaches AUC 0.31, better than random")
    assert ("auc_below_half", 4) in _rules(said, "session.txt")


def test_an_error_printed_as_d_of_a_name_is_no_value_of_that_name() -> None:
    # "d(eps_B) = 1.0e-04" and "relative error on eps_B is 5.0%" are eps_B's error bars, not mistag rates beside the
    # rejection of 500 (1/eps_B = 1/0.002)
    text = ("eps_S = 0.4000  eps_B = 2.00e-03  1/eps_B = 500\n"
            "d(eps_S) = 0.0011  d(eps_B) = 1.0e-04\n"
            "relative error on eps_B is 5.0%, so the rejection is 500 +- 25\n")
    assert not _of("inconsistent_numbers", text, "out.txt")
    wrong = text.replace("1/eps_B = 500", "1/eps_B = 5000")
    assert _of("inconsistent_numbers", wrong, "out.txt")


def test_codes_said_to_be_in_use_are_no_codebook_size() -> None:
    # "only 300 codes were in use": the codes still firing in a collapsed codebook of 4096 tokens; the later
    # perplexity of 2,100 is within the 4096
    text = ("The tokenizer turns each constituent into one of 4096 discrete tokens. At first the codebook was\n"
            "collapsing: only 300 codes were in use and the perplexity was 150. The fix raised the perplexity\n"
            "to 2,100, about half of the codebook.\n")
    assert not _of("impossible_value", text)
    # a codebook said to have 300 entries still bounds the perplexity
    sized = text.replace("only 300 codes were in use", "the codebook had only 300 entries")
    assert _of("impossible_value", sized)


def test_a_process_name_in_brackets_opening_each_line_makes_each_a_record() -> None:
    # "(post_eval.py) ..." opens every line a script printed: each line is its own statement, so a finding stands on
    # the line that states it, not on the line a run-on sentence started
    text = ("(post_eval.py) run 1 stopped early at epoch 12 (patience 3), not a failure\n"
            "(post_eval.py) run 2 collapsed to a single code (perplexity 1.0 = one code used)\n"
            "(post_eval.py) run 3 code usage: perplexity 700.2 / 512 -> healthy use of the codebook\n"
            "(post_eval.py) run 4 code usage: perplexity 300.5 / 512 = 59% of the codebook used\n")
    assert _of("impossible_value", text, "scan.log") == [3]
    within = text.replace("700.2", "400.2")
    assert not _of("impossible_value", within, "scan.log")


def test_a_superlative_inside_a_file_name_ranks_nothing() -> None:
    # "wrote best_params.yaml" names a file; it does not call any trial's loss the best
    text = ("(tune.py) trial 1: val_loss 0.0512\n"
            "(tune.py) trial 2: val_loss 0.0433\n"
            "(tune.py) trial 3: val_loss 0.0611\n"
            "(tune.py) wrote best_params.yaml -> configs/tuned.yaml\n")
    assert not _of("comparison_direction", text, "tune.log")
    said = text.replace("wrote best_params.yaml -> configs/tuned.yaml", "trial 3 has the best val_loss (0.0611)")
    assert _of("comparison_direction", said, "tune.log")


def test_a_question_whether_the_writers_agree_with_a_verdict_asks_if_it_holds() -> None:
    # "do they agree that there is no evidence?" asks whether the no-evidence verdict holds, not whether there is evidence
    from agents.referee.referee import answer, referee

    text = ("The largest local excess of the scan is 2.4 sigma (p = 8.2e-3) over the sideband background fit; with 25\n"
            "windows the global p-value is 0.14, i.e. 1.1 sigma. The authors conclude that there is no evidence for a\n"
            "signal, and the committee agrees.\n")
    ref = referee(text, "minutes.txt")
    assert answer("does the committee agree that there is no evidence for a signal?", ref, text).startswith("Yes")
    assert answer("is there evidence for a signal?", ref, text).startswith("No")
