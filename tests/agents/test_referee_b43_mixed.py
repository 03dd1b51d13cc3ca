"""The referee's readings of tool outputs and documents people write (issue 23, session ref23aa, blind round 18, b43):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import found as _rules


def test_a_python_logging_header_of_logger_and_level_names_no_object() -> None:
    # "TIME - logger.name - LEVEL - message": the logger and the level say who wrote the line; two AUCs of one
    # evaluation (or an accuracy and the verdict beside it) are not one object's number given twice
    text = ("2025-03-02 08:00:01,101 - ana.wtag - INFO - first pass with swapped classes: AUC = 0.280 +- 0.005\n"
            "2025-03-02 08:00:02,202 - ana.wtag - WARNING - AUC 0.280 is far below the 0.951 of training -> look\n"
            "2025-03-02 08:00:09,303 - ana.wtag - INFO - after the class fix: AUC = 0.9511 +- 0.0010\n"
            "2025-03-02 08:00:09,404 - ana.wtag - INFO - test AUC 0.9511 agrees with training 0.9507 (difference 0.0004)\n"
            "2025-03-02 08:00:09,405 - ana.wtag - INFO - accuracy at score 0.5 = 0.912\n"
            "2025-03-02 08:00:09,406 - ana.wtag - INFO - verdict: the 0.280 was the class swap\n")
    assert not [r for r in _rules(text, "eval.log") if r[0] == "inconsistent_numbers"]


def test_a_count_of_dead_or_active_codes_named_as_a_field_is_no_codebook_size() -> None:
    # '"unused_codes": 21' counts the codes that never fire; the codebook still has 256 entries, and a perplexity of
    # 180 is below that
    text = ('2025-05-01 11:00:00 | INFO | crew.agent:step:40 - reading the tokenizer metrics\n'
            '2025-05-01 11:00:01 | DEBUG | crew.tools:call:71 - result: {"codebook_size": 256, "unused_codes": 21,\n'
            '2025-05-01 11:00:01 | DEBUG | crew.tools:call:71 -   "val_perplexity": 180.2, "epochs": 40}\n'
            '2025-05-01 11:00:02 | INFO | crew.agent:step:44 - 235 of the 256 codes fire; perplexity 180.2.\n')
    assert not [r for r in _rules(text, "audit.log") if r[0] == "impossible_value"]
    # a perplexity above the codebook's real size is still impossible
    over = text.replace("180.2", "280.2")
    assert ("impossible_value", 3) in _rules(over, "audit.log")


def test_a_tap_test_line_is_a_record_of_its_own_and_its_count_no_value() -> None:
    # "ok 3 - classifier AUC below the 0.52 ceiling": the 3 numbers the test, and each "ok N - ..." line stands alone
    # (the line before does not run on into it), so no "AUC 3" is read against the ceiling
    text = ('$ prove t/calo_shower.t\n'
            't/calo_shower.t ..\n'
            '# Real showers: 20000   Generated showers: 20000\n'
            '1..8\n'
            'ok 1 - all energies positive\n'
            'ok 2 - classifier AUC 0.507 +- 0.004 on the held-out half\n'
            'ok 3 - classifier AUC below the 0.52 ceiling\n'
            'ok 4 - shuffled-label control AUC 0.499 +- 0.004\n'
            'ok 5 - same result with seed 77 (AUC 0.507)\n'
            'ok 6 - energy-weighted depth within 1 sigma\n'
            'ok 7 - multiplicity 48.1 real vs 48.0 generated\n'
            'ok 8 - timing under 10 minutes\n'
            'All tests successful.\n')
    assert not _rules(text, "prove.txt")
    # a failing statement on a test line is still read: a classifier test far from 0.5 called indistinguishable
    far = text.replace("0.507", "0.630").replace("ok 2 - classifier AUC", "ok 2 - two-sample classifier test: AUC").replace(
        "ok 6 -", "# Reading: the generated showers are indistinguishable from the real ones.\nok 6 -")
    assert ("classifier_test_vs_null", 10) in _rules(far, "prove.txt")


COMMISSIONING_ITEMS = """Tagger commissioning summary
(a) Simulation check on 300k simulated boosted jets (150k Z->bb, 150k multijet).
    Reference tagger AUC: 0.948.  New tagger AUC: 0.941.
(b) First look at 1.8 fb^-1 of collision data, with the Z->cc control region as a
    proxy for signal: new tagger AUC 0.62 vs 0.64 for the reference.
(c) Notes written up for the group.
"""


def test_a_control_region_standing_in_for_the_signal_is_no_signal_free_control() -> None:
    # the control region is where the signal-like jets are taken from: its AUC is the tagger's signal test
    assert not [r for r in _rules(COMMISSIONING_ITEMS) if r[0] == "control_vs_null"]
    # a control region said to hold no signal is still the null test it was
    empty = COMMISSIONING_ITEMS.replace("with the Z->cc control region as a\n    proxy for signal:",
                                        "in the signal-free control region\n    (no signal injected):")
    assert [r for r in _rules(empty) if r[0] == "control_vs_null"]


def test_list_items_on_simulation_and_on_recorded_data_give_two_objects() -> None:
    # item (a) measures on simulated jets, item (b) on collision data: 0.948 and 0.64 are two measurements
    assert not [r for r in _rules(COMMISSIONING_ITEMS) if r[0] == "inconsistent_numbers"]
    # two items on the same kind of sample that give one tagger two AUCs still conflict
    both_sim = COMMISSIONING_ITEMS.replace("1.8 fb^-1 of collision data", "a second simulated sample")
    assert [r for r in _rules(both_sim) if r[0] == "inconsistent_numbers"]


def test_a_variant_named_without_a_part_and_one_named_with_it_are_two_objects() -> None:
    text = ("# Ablation notes\n\n"
            "- Build P (no vertex inputs): 1/eps_B = 420 at eps_S = 0.7.\n"
            "- Build Q (all vertex inputs): 1/eps_B = 510 at eps_S = 0.7.\n"
            "- Adding the vertex inputs is worth it.\n")
    assert not [r for r in _rules(text, "ablation.md") if r[0] == "inconsistent_numbers"]
    # one label given two values is still a conflict
    twice = text.replace("(all vertex inputs)", "(no vertex inputs)")
    assert [r for r in _rules(twice, "ablation.md") if r[0] == "inconsistent_numbers"]


def test_the_jets_that_pass_a_cut_are_no_test_set() -> None:
    # "i.e. 80 jets pass" counts the jets the cut keeps out of 4,000: no other number of the report was measured on 80 jets
    text = ("Review notes\n\n"
            "The sideband closure check in the appendix (AUC 0.501 +- 0.006) looks fine to me.\n\n"
            "Reply: the tight cut has a background efficiency of 0.020 +- 0.003, measured on the\n"
            "4,000 background jets of the check sample, i.e. 80 jets pass.\n")
    assert not _rules(text)


def test_a_count_of_one_class_bounds_no_auc_as_if_it_held_both() -> None:
    # the 5,000 background jets are the set of a mistag rate; an AUC's set holds signal too, unstated here, so the
    # count does not give its error as Hanley-McNeil for 2,500 + 2,500
    text = ("Review notes\n\n#1 Reviewer\n"
            "The sideband closure check in the appendix (AUC 0.501 +- 0.004) looks fine to me.\n\n#2 Author reply\n"
            "The tight cut has a background efficiency of 0.020 +- 0.003, measured on the\n"
            "5,000 background jets of the validation set.\n")
    assert not _rules(text)
    # a count of jets of no one class still bounds it
    both = text.replace("5,000 background jets", "5,000 jets")
    assert ("uncertainty_vs_sample_size", 4) in _rules(both)


def test_a_number_followed_by_its_rejection_in_brackets_is_the_mistag_rate() -> None:
    # "0.0040 (rejection 250)": the bracket is the rejection; 0.0040 is the rate it inverts, not a rejection below 1
    text = ("Summary for the committee\n\n"
            "  - The graph tagger keeps 60% of the Z jets at a light mistag rate of 0.0025, that is a rejection\n"
            "    of 400, against 0.0040 (rejection 250) for the cut-based tagger.\n")
    assert not [r for r in _rules(text) if r[0] == "impossible_value"]
    # a rejection below 1 given as such is still impossible
    low = text.replace("that is a rejection\n    of 400", "that is a rejection\n    of 0.4")
    assert [r for r in _rules(low) if r[0] == "impossible_value"]


def test_the_codes_a_codebook_collapses_to_are_its_usage_not_its_size() -> None:
    # "collapses to ~300 codes" counts the codes still in use; the codebook of 8192 bounds the perplexity of 2900
    text = ("Tokenizer tips\n"
            "- Keep the commitment weight low, or the codebook collapses to ~300 codes.\n"
            "- Growing the codebook to 8192 lifted the perplexity to 2900 only.\n")
    assert not [r for r in _rules(text, "tips.md") if r[0] == "impossible_value"]
    # a perplexity above a codebook size the notes give is still impossible
    over = text.replace("2900", "9100").replace("to 8192 lifted", "to 8192 entries lifted")
    assert [r for r in _rules(over, "tips.md") if r[0] == "impossible_value"]
