"""The referee's readings of tool outputs and documents people write (issue 23, session ref23z, blind round 18, b42):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules


def test_an_auc_of_the_complemented_score_named_in_brackets_is_another_number_than_the_raw_one() -> None:
    text = ("$ evaluate --model bdt_v2\n"
            "AUC(bdt output, class=signal)       = 0.290 +- 0.003\n"
            "AUC(1 - bdt output, class=signal)   = 0.710 +- 0.003\n")
    assert not [r for r in _rules(text, "eval.log") if r[0] == "inconsistent_numbers"]
    # the same bracket given twice with two values is still a contradiction
    twice = ("$ evaluate --model bdt_v2\n"
             "AUC(bdt output, class=signal)       = 0.710 +- 0.003\n"
             "AUC(bdt output, class=signal)       = 0.650 +- 0.003\n")
    assert [r for r in _rules(twice, "eval.log") if r[0] == "inconsistent_numbers"]


def test_a_property_the_report_itself_denies_answers_the_yes_no_question_about_it() -> None:
    text = ("Model card, gnn_b3\n"
            "Test AUC 0.71 on 50k jets.\n"
            "Status: trained on the mislabelled sample, so this is not a deployable tagger.\n")
    ref = referee(text, name="card.txt")
    assert answer("is gnn_b3 a deployable b-tagger?", ref, text).startswith("No")
    plain = "Model card, gnn_b3\nTest AUC 0.71 on 50k jets.\nStatus: trained on the right sample.\n"
    assert answer("is gnn_b3 a deployable b-tagger?", referee(plain, name="card.txt"), plain).startswith("Yes")
    # a report that says it of one thing and denies it of another does not answer by the denial
    both = text + "Its successor gnn_b4 is a deployable tagger.\n"
    assert not answer("is gnn_b3 a deployable b-tagger?", referee(both, name="card.txt"), both).startswith("No: the report itself")


def test_a_difference_from_a_reference_number_said_smaller_than_the_error_compares_the_difference() -> None:
    text = ("On the empty sample the classifier gave 0.507 with an error of 0.011, so the deviation from 0.5 is\n"
            "smaller than the error, as it should be.\n")
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]
    wrong = "The new tagger scored 0.507, which is smaller than the 0.41 of the old one.\n"
    assert [r for r in _rules(wrong) if r[0] == "comparison_direction"]


def test_new_particle_events_planted_in_a_sample_claim_no_discovery() -> None:
    text = ("For the exercise we mixed 300 simulated \"new particle\" events into 50,000 background events, and the\n"
            "tagger picked 90 of them.\n")
    assert not [r for r in _rules(text) if r[0] == "discovery_without_evidence"]
    claim = "The tagger picked 90 events above the cut, and we conclude there is a new particle at 2 TeV.\n"
    assert [r for r in _rules(claim) if r[0] == "discovery_without_evidence"]


def test_aucs_of_several_models_on_one_bracketed_pairing_are_several_objects() -> None:
    text = ("$ run_eval --all\n"
            "baseline-dnn AUC (top vs qcd) = 0.921 +- 0.002\n"
            "GravNet AUC (top vs qcd)      = 0.889 (one seed)\n")
    assert not [r for r in _rules(text, "eval.log") if r[0] == "inconsistent_numbers"]
    # one model's bracketed AUC given twice, differently, is still a contradiction
    twice = ("$ run_eval --all\n"
             "GravNet AUC (top vs qcd)      = 0.921 +- 0.002\n"
             "GravNet AUC (top vs qcd)      = 0.889 +- 0.002\n")
    assert [r for r in _rules(twice, "eval.log") if r[0] == "inconsistent_numbers"]


def test_a_second_one_in_n_of_a_rejection_sentence_is_the_other_sides_rejection() -> None:
    text = ("The new tagger rejects light jets at 1 in 60 at 70% efficiency, up from the old tagger's 1 in 45,\n"
            "a clear gain.\n")
    ref = referee(text, name="notes.txt")
    assert not [f for f in ref.findings if f.rule == "impossible_value"]
    shown = [v.shown for c in ref.claims for v in c.values]
    assert "45" in shown and "60" in shown and not [x for x in shown if x.endswith("%") and x != "70%"]
    # a '1 in N' with no rejection before it in the sentence stays a proportion
    plain = "The tagger flags 1 in 45 light jets at 70% efficiency.\n"
    assert "2.22%" in [v.shown for c in referee(plain, name="notes.txt").claims for v in c.values]


def test_lines_opened_by_a_build_targets_column_are_records_of_their_own() -> None:
    text = ("$ earthly +bench\n"
            "        +bench | [eval] efficiency of the new tagger 0.61\n"
            "        +bench | [eval] background yield 420\n"
            "        +bench | [eval] old tagger efficiency 0.55\n"
            "        +bench | [report] the new tagger lowers the efficiency to 0.58 from 0.61\n")
    cmp = [c for c in referee(text, name="build.txt").claims if c.comparison is not None]
    assert cmp and all(c.line == 5 for c in cmp)
    # a message indented after its tag still goes on the record above it
    wrapped = ("$ earthly +bench\n"
               "        +bench | [report] the new tagger has a higher efficiency (0.61) than\n"
               "        +bench | [report]   the old one (0.55) on the same jets\n"
               "        +bench | [report] done\n")
    joined = [c for c in referee(wrapped, name="build.txt").claims if c.comparison is not None]
    assert joined and joined[0].line == 2 and "0.55" in joined[0].text


def test_a_statement_put_to_the_reader_as_true_or_false_asserts_nothing() -> None:
    text = ("Round 2, question 5. True or false: a 4 sigma bump seen in one of 30 search windows counts as a\n"
            "discovery of a new particle.\n"
            "[Answer: false. 1 point.]\n")
    assert not [r for r in _rules(text) if r[0] == "discovery_without_evidence"]
    said = ("We saw a 4 sigma bump in one of 30 search windows and we count it as a discovery of a new particle.\n")
    assert [r for r in _rules(said) if r[0] == "discovery_without_evidence"]


def test_an_error_said_to_be_missing_with_an_article_after_the_verb_gives_nothing_to_judge_by() -> None:
    text = ("Our graph network reached an AUC of 0.947 on the shared test jets.\n"
            "There was one training run per network and nobody quoted an uncertainty, yet the graph layers gave a\n"
            "significantly better result than the dense baseline (0.944).\n")
    assert [r for r in _rules(text) if r[0] == "significance_unsupported"]
    # an error that is given is still something to judge by
    from agents.referee.rules import _judged_by_said
    assert _judged_by_said("Ana quoted an error of 0.0004 on each number.")
    assert not _judged_by_said("No one quoted an error on either number.")



def test_indented_lines_on_samples_under_a_header_that_names_a_quantity_are_of_that_quantity() -> None:
    text = ("Results\n"
            "b-tag efficiency at a light mistag of 1%:\n"
            "   on ttbar jets      0.77 +- 0.01\n"
            "   on Z' jets         1.12 +- 0.02\n"
            "done\n")
    assert ("impossible_value", 4) in _rules(text)
    # lines that are not indented under it are not its numbers
    flat = text.replace("\n   on", "\non")
    assert not [r for r in _rules(flat) if r[0] == "impossible_value"]
