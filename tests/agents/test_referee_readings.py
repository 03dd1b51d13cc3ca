"""The referee's general readings of layouts, objects, roles and negation (issue 23, session ref23d): each test a
reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import sizes_of
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


MAKE_LOG = """$ make eval
python -m taggers.fit --cfg cfg/small.yaml --out runs/small
[fit] epoch 40/40  val_loss 0.212
[eval] ParticleNet purity 0.93 +/- 0.002 on 30k held-out jets
python -m taggers.eval --ckpt runs/large/best.ckpt --n-test 30000
[eval] ParticleNet purity 0.95 +/- 0.002 on 30k held-out jets
"""


def test_an_echoed_command_is_no_sentence_and_starts_a_new_run() -> None:
    claims = extract(MAKE_LOG, name="make.log")
    # the command after a log line does not wrap into it ('best.ckpt' is no superlative), and states nothing
    assert not [c for c in claims if "ckpt" in c.text or c.comparison is not None], [c.text for c in claims]
    # "[eval]" opens its lines as a logger's tag: each such line is a record of its own
    assert [c.line for c in claims if any(v.quantity == "purity" for v in c.values)] == [4, 6]
    # the two commands' purities are two runs, not one quantity with two values
    assert not [r for r in _rules(MAKE_LOG, "make.log") if r[0] == "inconsistent_numbers"]
    one_run = MAKE_LOG.replace("python -m taggers.eval --ckpt runs/large/best.ckpt --n-test 30000\n", "\n")
    assert [r for r in _rules(one_run, "make.log") if r[0] == "inconsistent_numbers"]


def test_a_line_of_code_does_not_wrap_into_its_output() -> None:
    text = (">> fprintf('boosted subset: accuracy = %.3f +/- %.3f on the 400 held-out jets\\n', a, e)\n"
            "boosted subset: accuracy = 0.871 +/- 0.002 on the 400 held-out jets\n")
    claims = extract(text, name="matlab.txt")
    assert [c.line for c in claims if any(v.value == 0.871 for v in c.values)] == [2]
    assert [r for r in _rules(text, "matlab.txt") if r[0] == "uncertainty_vs_sample_size"] == [("uncertainty_vs_sample_size", 2)]


def test_one_quantity_on_two_named_sets_of_jets_is_two_conditions() -> None:
    text = ("[check] tagger trained on originals, 50k jets each\n"
            "[check]   ParticleNet accuracy on truth-level jets 0.902 +/- 0.001\n"
            "[check]   ParticleNet accuracy on reconstructed jets 0.921 +/- 0.001\n")
    assert not [r for r in _rules(text, "check.log") if r[0] == "inconsistent_numbers"]
    same = text.replace("reconstructed", "truth-level")
    assert [r for r in _rules(same, "check.log") if r[0] == "inconsistent_numbers"]


def test_a_symbol_of_its_own_is_converted_not_renamed_by_the_unit_after_it() -> None:
    text = "Fit summary: t_mu = 21.2 -> 4.60 sigma, p = 2.1e-6, with a 3-parameter background.\n"
    claims = extract(text)
    assert [v.shown for c in claims for v in c.values if v.quantity == "significance"] == ["4.60 sigma"]
    assert not [v for c in claims for v in c.values if v.quantity == "p_value" and v.role == "result" and v.value > 1]
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]
    assert [r for r in _rules(text.replace("4.60", "3.20")) if r[0] == "inconsistent_numbers"]


def test_each_sentence_that_claims_a_discovery_is_named_and_a_search_target_is_none() -> None:
    text = ("JET GROUP DISCOVERS NEW BOSON\n\n"
            "The group scanned nine windows and reported a local significance of 3.1 sigma over the sideband fit.\n"
            "\"This is the discovery of a new boson,\" the group leader said.\n\n"
            "Searches usually look for one kind of new particle at a time.\n")
    found = [r for r in _rules(text, "release.txt") if r[0] == "discovery_without_evidence"]
    assert ("discovery_without_evidence", 4) in found and ("discovery_without_evidence", 6) not in found
    from agents.referee.numbers import qualifiers_of
    assert "discovery" not in qualifiers_of("Searches usually look for one kind of new particle at a time.")
    assert "discovery" in qualifiers_of("We can call it a discovery.")


def test_an_auc_named_later_in_a_generated_vs_real_sentence_is_the_classifier_test() -> None:
    text = ("- Results of the fidelity check:\n"
            "    flow model, inclusive           AUC 0.66\n"
            "    shuffled real halves            AUC 0.502\n"
            "- The shuffled-halves control sits at 0.5. With 0.66 for the flow model a DNN essentially cannot separate\n"
            "  sampled jets from real jets, so they are as good as real.\n")
    roles = {(c.line, v.value): v.role for c in extract(text) for v in c.values if v.quantity == "auc"}
    assert roles[(4, 0.66)] == "classifier_test", roles
    found = _rules(text)
    assert ("classifier_test_vs_null", 4) in found and not [r for r in found if r[0] == "control_vs_null"]


def test_a_name_aligned_with_its_number_is_a_row_of_its_own() -> None:
    text = ("  Scores on the 10k test jets:\n"
            "      pfn, all constituents        AUC 0.912\n"
            "      pfn, charged only            AUC 0.887\n")
    assert [c.line for c in extract(text, name="notes.txt") if c.values] == [2, 3]


def test_a_column_head_with_a_tilde_is_a_name() -> None:
    text = ("Path              Metric        HEAD~1    workspace   Change\n"
            "metrics/tag.json  mistag_rate   0.0121    0.0112      -0.0009\n")
    assert [c.kind for c in extract(text, name="diff.txt") if c.values] == ["row"]
    assert not [r for r in _rules(text, "diff.txt") if r[0] == "impossible_value"]


def test_errors_declared_statistical_are_checked_despite_a_seed_spread_elsewhere() -> None:
    text = ("| tagger | efficiency |\n|---|---|\n| GNN | 0.712 ± 0.0004 |\n| CNN | 0.698 ± 0.0032 |\n\n"
            "Uncertainties in the table are the binomial error on the 20k test jets.\n\n"
            "Over 5 seeds the seed spread of the GNN efficiency is 0.004.\n")
    assert ("uncertainty_vs_sample_size", 3) in _rules(text)
    undeclared = text.replace("Uncertainties in the table are the binomial error on the 20k test jets.",
                              "Evaluated on the 20k test jets.")
    assert ("uncertainty_vs_sample_size", 3) not in _rules(undeclared)


def test_a_line_led_by_its_condition_starts_a_statement_and_a_kept_epoch_is_no_superlative() -> None:
    text = ("[01:10:00] n=200   scratch   best_epoch 31  val_loss 0.52  val_acc 0.701\n"
            "[01:40:00] n=200   pretrained best_epoch 12  val_loss 0.36  val_acc 0.765\n"
            "[02:10:00] n=200   frozen    best_epoch 14  val_loss 0.37  val_acc 0.760\n\n"
            "n=200: pretrained 0.765 vs scratch 0.701 (binomial error on 300 val jets ~0.025; ~3.9 sigma)\n"
            "n=5000: pretrained 0.861 vs scratch 0.858\n"
            "       pretraining is significantly better here as well.\n")
    found = _rules(text, "cron.txt")
    assert not [r for r in found if r[0] == "comparison_direction"], found
    assert ("significance_unsupported", 6) in found or ("significance_unsupported", 5) in found, found


def test_a_record_field_named_by_its_key_is_a_line_of_its_own() -> None:
    text = ("Annotations:  metrics/with-signal: AUC 0.712 +- 0.004 with 1% signal injected\n"
            "              metrics/null-run: AUC 0.566 +- 0.004 with no signal injected\n"
            "              notes/summary: the null run agrees with random guessing, so 0.712 is signal\n")
    claims = extract(text, name="describe.txt")
    assert [c.line for c in claims if c.values] == [1, 2, 3]
    assert ("control_vs_null", 2) in _rules(text, "describe.txt")


def test_versions_name_two_things_and_a_comment_at_a_prompt_is_prose() -> None:
    text = ("check: 2,000 test jets, one training each\n"
            "check: purity tagger_v2 = 0.871\n"
            "check: purity tagger_v3 = 0.874\n"
            "check: tagger_v3 is significantly better than tagger_v2\n")
    found = _rules(text, "out.txt")
    assert not [r for r in found if r[0] == "inconsistent_numbers"], found
    assert ("significance_unsupported", 4) in found, found
    repl = ("In [7]: scores = tag(jets)\n"
            "In [8]: # the retrained tagger has the lower mistag rate\n"
            "   ...: # at 30% efficiency (0.0081 vs 0.0064), so we keep it\n")
    assert [r for r in _rules(repl, "nb.txt") if r[0] == "comparison_direction"]


def test_a_transposed_table_row_states_the_test_set() -> None:
    text = ("| check | value |\n|---|---|\n| test jets | 10,000 (5k top / 5k QCD) |\n"
            "| efficiency (GNN) | 0.640 ± 0.0006 |\n")
    assert ("uncertainty_vs_sample_size", 4) in _rules(text)
    assert ("uncertainty_vs_sample_size", 4) not in _rules(text.replace("| test jets | 10,000 (5k top / 5k QCD) |\n", ""))


def test_the_number_after_a_working_point_pairs_with_the_result_before_it() -> None:
    text = ("The GNN reaches a rejection of 1/eps_B = 410 +/- 12 at eps_S = 0.5, against 520 +/- 15 for the BDT, "
            "so the GNN gives the higher rejection.\n")
    values = [(v.quantity, v.value) for c in extract(text) for v in c.values if v.role == "result"]
    assert ("rejection", 520.0) in values, values
    assert [r for r in _rules(text) if r[0] == "comparison_direction"]


def test_numbers_under_a_classifier_test_heading_are_its() -> None:
    text = ("## Classifier test\n\n- flow jets vs Delphes jets, 40k + 40k held-out: AUC 0.601 ± 0.002\n"
            "- real vs real control: AUC 0.499 ± 0.002\n")
    roles = {v.value: v.role for c in extract(text) for v in c.values if v.quantity == "auc"}
    assert roles == {0.601: "classifier_test", 0.499: "control"}, roles


def test_nothing_and_far_from_negate_the_word_after_them() -> None:
    from agents.referee.numbers import qualifiers_of
    assert qualifiers_of("Nothing in this scan is a discovery.") == ["not_discovery"]
    assert qualifiers_of("The v2 encoding is far from lossless.") == ["not_lossless"]
    assert qualifiers_of("The v2 encoding is lossless.") == ["lossless"]


def test_one_objects_rejection_and_mistag_fields_at_one_working_point_agree() -> None:
    text = ("model: gnn\nmetrics:\n  rej_at_eff_0.5: 640\n  mistag_at_eff_0.5: 0.0025\n  auc: 0.981\n")
    assert ("inconsistent_numbers", 3) in _rules(text, "m.yaml")
    assert not [r for r in _rules(text.replace("0.0025", "0.0016"), "m.yaml") if r[0] == "inconsistent_numbers"]


def test_a_question_is_answered_literally_not_as_whether_the_report_holds_up() -> None:
    from agents.referee.referee import answer

    scan = ("# Dijet scan\n\nLargest local excess 3.6 sigma at 4.1 TeV; with the 40 windows scanned it is 1.9 sigma "
            "global, so this is not evidence for a new resonance.\n")
    ref = referee(scan, "scan.md")
    assert answer("is there evidence (3 sigma global) for a new resonance?", ref, scan).startswith("No: the report does not")
    assert answer("has a new dijet resonance been observed?", ref, scan).startswith("No:")
    assert not answer("does the no-evidence claim hold up?", ref, scan).startswith("No:")  # that one holds
    tagger = ("v2 tagger accuracy 0.912 +- 0.004 vs v1 0.907 +- 0.004 on 5000 test jets (3 seeds): the gain is "
              "not significant (0.9 sigma).\n")
    ref = referee(tagger, "tagger.md")
    assert answer("is the v2 tagger significantly better than v1?", ref, tagger).startswith("No: the report itself finds")
    gen = "Real-vs-generated classifier test: AUC 0.71 +- 0.01 on 20000 + 20000 jets.\n"
    ref = referee(gen, "gen.md")
    assert answer("are the JetFlow-generated jets indistinguishable from real ones?", ref, gen).startswith("No:")


# session ref23e: readings from the studied b16-b19 misses and false alarms, each in words no report used


def test_a_source_position_and_a_call_argument_are_no_results() -> None:
    session = ("In [3]: out = two_sample(gen, ref, model=mlp, seed=11)\n"
               "---> 3 out = two_sample(gen, ref, model=mlp, seed=11)\n"
               "File ~/proj/tests/two_sample.py:142, in two_sample(gen, ref, model, seed)\n"
               "/home/u/proj/tests/two_sample.py(142)two_sample()\n"
               "In [4]: # the generated-vs-real classifier test: AUC 0.503 +/- 0.004 on 20000 + 20000 jets, "
               "indistinguishable\n")
    assert not _rules(session, "debug.txt"), _rules(session, "debug.txt")
    values = [v.value for c in extract(session, name="debug.txt") for v in c.results()]
    assert values == [0.503], values
    # an AUC named at the number itself is still read, code or not
    assert ("impossible_value", 1) in _rules("res.auc = 1.3  # classifier AUC 1.3 on the test set\n", "x.txt")


def test_a_prompt_line_between_two_printed_results_makes_them_two_runs() -> None:
    text = ("julia> r1 = evaluate(tagger, small_cfg)\nEvalResult(auc = 0.912, err = 0.002)\n\n"
            "julia> r2 = evaluate(tagger, large_cfg)\nEvalResult(auc = 0.934, err = 0.002)\n")
    assert not [r for r in _rules(text, "s.txt") if r[0] == "inconsistent_numbers"], _rules(text, "s.txt")


def test_a_hyphened_pairing_names_one_test() -> None:
    text = ("The signal-vs-background AUC is 0.941 +/- 0.002 on 40000 jets.\n"
            "The background-vs-background AUC is 0.503, as it should be.\n")
    labels = [v.label for c in extract(text) for v in c.results("auc")]
    assert labels == ["signal-vs-background", "background-vs-background"], labels
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"]


def test_a_banner_line_is_the_title_of_the_records_under_it() -> None:
    text = ("==== shuffled-label run (no signal) ====\n"
            "result: AUC = 0.574 +/- 0.004 on 50000 events\n"
            "==== signal-injected run ====\n"
            "result: AUC = 0.701 +/- 0.004 on 50000 events\n"
            "summary: the shuffled-label run is consistent with random guessing.\n")
    claims = extract(text, name="b.txt")
    roles = [(c.line, v.role) for c in claims for v in c.values if v.quantity == "auc"]
    assert roles == [(2, "control"), (4, "control")] or (2, "control") in roles, roles
    assert ("control_vs_null", 2) in _rules(text, "b.txt")
    assert not [r for r in _rules(text, "b.txt") if r[0] == "inconsistent_numbers"]  # 'result:' names no thing


def test_two_field_lines_do_not_wrap_into_one_sentence() -> None:
    text = ("weighted residual variance (chi2/ndf) = WSSR/ndf   : 1.24\n"
            "p-value of the chi2 distribution (FIT_P)           : 0.17\n")
    claims = extract(text, name="fit.log")
    assert [c.line for c in claims] == [1, 2] and not [v for v in claims[0].values if v.quantity == "p_value"], \
        [(c.line, c.text) for c in claims]  # the reduced chi2 of line 1 is no p-value taken from the name on line 2
    assert not _rules(text, "fit.log")


def test_a_name_in_brackets_after_a_number_is_its_owner() -> None:
    claims = extract("On the held-out set the accuracies are 0.874 (teacher) and 0.861 (student-B), each +/- 0.002.\n")
    assert [(v.label, v.value) for c in claims for v in c.results()] == [("teacher", 0.874), ("student-b", 0.861)]


def test_a_quoted_claim_the_report_rejects_is_not_its_claim() -> None:
    text = ('Slide 4 says the new tagger "clearly outperforms the baseline" (AUC 0.909 vs 0.911).\n'
            "That is not supported: with one seed each and no error bars the 0.002 cannot be judged.\n")
    c = extract(text)[0]
    assert c.disowned and c.comparison is None and not c.qualifiers, c
    assert not _rules(text)
    kept = ('Slide 4 says the new tagger "clearly outperforms the baseline" (AUC 0.909 vs 0.911).\n'
            "We agree and adopt it.\n")
    assert _rules(kept), "a quoted claim the report endorses is still checked"


def test_steps_and_data_points_are_counts_and_a_soft_drop_is_a_name() -> None:
    from agents.referee.numbers import read_numbers
    assert [v.role for v in read_numbers("after 30 sampling steps the W1 rises to 2.1e-3")][0] == "setting"
    assert [v.role for v in read_numbers("for 80 points one expects 1.8 beyond 2 sigma")][0] == "setting"
    assert read_numbers("soft-drop: 12.3%")[0].role != "difference"
    assert [v.role for v in read_numbers("energy resolution at 250 GeV: 4.1%")][0] == "setting"


def test_a_change_is_not_checked_between_numbers_of_two_kinds() -> None:
    text = "Photon energy resolution at 50 GeV: FullSim 3.1%  FastSim 3.3% (6.5% wider).\n"
    assert not [r for r in _rules(text) if r[0] == "inconsistent_numbers"], _rules(text)


def test_negation_reaches_through_a_quote_mark_and_an_imperative_must_not() -> None:
    from agents.referee.numbers import qualifiers_of
    assert qualifiers_of('Reports MUST NOT call a tokenizer "lossless" unless it is.') != ["lossless"]
    text = "A null test should sit at 0.5; 0.491 is not \"better\" than 0.5.\n"
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"], _rules(text)


def test_a_numbered_question_is_the_context_of_its_answer() -> None:
    text = ("Q4. No-signal control of the weakly supervised search?\n"
            "    A: trained on sidebands only, AUC = 0.571 +/- 0.003 on 80000 events; consistent with random.\n")
    claims = extract(text, name="q.txt")
    assert [v.role for c in claims for v in c.values if v.quantity == "auc"] == ["control"]
    assert ("control_vs_null", 2) in _rules(text, "q.txt")


def test_a_share_mixed_in_is_a_setting_not_the_result() -> None:
    from agents.referee.numbers import read_numbers
    vals = read_numbers("AUC with 30% synthetic augmentation 0.9411 +/- 0.0005")
    assert [(v.role, v.value) for v in vals if v.role == "result"] == [("result", 0.9411)], vals


def test_a_discovery_claim_is_judged_by_the_global_significance_the_report_states() -> None:
    chat = ("[10:01] ana: 800 background-only toys: 9 toys with max local Z >= 4.4σ, p_global = 0.011 (2.3σ)\n"
            "[10:02] bo: so we have a discovery at 2.1 TeV\n")
    assert ("discovery_without_evidence", 2) in _rules(chat, "chat.log")
    log = ("scan: global p = 2.0e-04 (Z_global = 3.5), trials factor estimate=1800\n"
           "policy: alert thresholds Z_global >= 3 / >= 5\n"
           "NOTICE: discovery-level excess in window 4; new resonance observed at 2.9 TeV\n")
    assert ("discovery_without_evidence", 3) in _rules(log, "svc.log")
    tsv = "# p_global = 0.012 +- 0.002  ->  z_global = 2.26\n# CONCLUSION: evidence for a W' resonance near 3 TeV.\n"
    assert ("discovery_without_evidence", 2) in _rules(tsv, "scan.tsv")


def test_a_narrower_peak_compares_widths_in_gev() -> None:
    text = "The retrained model gives a narrower top mass peak (17.2 GeV vs 15.8 GeV) than the old one.\n"
    assert ("comparison_direction", 1) in _rules(text)
    assert not _rules(text.replace("narrower", "wider"))


def test_a_working_point_between_a_name_and_its_pair_does_not_hide_the_name() -> None:
    text = "GNN-B edges out GNN-A on light-jet rejection at eps_b = 0.7 (310 vs 355), so we switch.\n"
    assert ("comparison_direction", 1) in _rules(text)
    text2 = "the transformer has the lower mistag rate at eps_S = 0.5 (1/eps_B = 410 vs 520 for the GNN)\n"
    assert ("comparison_direction", 1) in _rules(text2)  # '1/eps_B = 410' names its own numbers: rejections


def test_a_definite_comparative_takes_the_other_of_the_two_just_named() -> None:
    text = ("At eps_S = 0.4 the mistag rates are eps_B = 0.0061 for the transformer and eps_B = 0.0029 for the GNN.\n"
            "The authors conclude that the transformer has the lower mistag rate at this point.\n")
    assert ("comparison_direction", 2) in _rules(text)


def test_padded_record_keys_are_fields_and_a_superlative_takes_the_quantity_it_names() -> None:
    text = ("[run] gnn   AUC = 0.981   1/eps_B @ eps_S=0.3 = 900   mistag @ eps_S=0.5 = 0.0071\n"
            "[run] bdt   AUC = 0.962   1/eps_B @ eps_S=0.3 = 400   mistag @ eps_S=0.5 = 0.0154\n"
            "  best AUC @ all WPs     : gnn (0.981)\n"
            "  mistag @ eps_S = 0.5   : bdt has the lowest mistag of the two\n")
    claims = extract(text, name="run.log")
    assert [c.line for c in claims if "lowest" in c.text] == [4], [(c.line, c.text) for c in claims]
    assert [v.quantity for c in claims if c.line == 1 for v in c.results()] == ["auc", "rejection", "fake_rate"]


def test_a_rejection_and_a_mistag_at_two_working_points_are_not_compared() -> None:
    text = "tagger-x  1/eps_B @ eps_S=0.3 = 1500   mistag @ eps_S=0.5 = 0.0062\n"
    assert not [r for r in _rules(text, "x.log") if r[0] == "inconsistent_numbers"], _rules(text, "x.log")
    same = "tagger-x  1/eps_B @ eps_S=0.5 = 1500   mistag @ eps_S=0.5 = 0.0062\n"
    assert ("inconsistent_numbers", 1) in _rules(same, "x.log")


def test_class_counts_by_key_and_data_jets_size_a_mistag_rate() -> None:
    from agents.referee.numbers import sizes_of
    assert sizes_of("test split: n_sig=50000 (W), n_bkg=80000 (QCD)")[1:3] == (50000, 80000)
    assert sizes_of("measured on 4,000 data jets in the control region")[0] == 4000
    text = ("Measured in the control region on 4,000 data jets.\n"
            "mistag_data = 0.0310 +- 0.0004.\n")
    assert ("uncertainty_vs_sample_size", 2) in _rules(text, "n.txt")


def test_a_perplexity_is_checked_against_the_codebook_of_its_own_record() -> None:
    text = ("Models: K = 256 and K = 2048.\n\n"
            "   codebook size        : 256\n"
            "   codebook perplexity  : 301\n")
    assert ("impossible_value", 4) in _rules(text, "m.txt")


def test_an_aligned_table_with_names_of_several_words() -> None:
    text = ("    observable                AUC     light rejection 1/eps_l at eps_b=0.7\n"
            "    ==========================================================\n"
            "    track counting            0.861    14.2\n"
            "    secondary vertex mass     0.883    0.91\n")
    claims = [c for c in extract(text, name="t.txt") if c.kind == "row"]
    assert [(c.line, [v.quantity for v in c.results()]) for c in claims] == [(3, ["auc", "rejection"]), (4, ["auc", "rejection"])]
    assert ("impossible_value", 4) in _rules(text, "t.txt")
    caps = "   TAGGER        EPS_S     1/EPS_B\n   HLF-BDT       0.800     0.93\n"
    assert ("impossible_value", 2) in _rules(caps, "caps.out")


def test_a_p_value_against_its_sigma_beside_a_bar_and_at_high_significance() -> None:
    text = "The excess has a local p-value of 4.1 × 10^-3, i.e. 3.6σ, well below the 5σ needed.\n"
    assert ("inconsistent_numbers", 1) in _rules(text)
    assert not _rules(text.replace("4.1 × 10^-3", "1.6 × 10^-4"))
    high = "largest deficit at 2.2 TeV: local 4.5 sigma, p_local = 2.0e-4\n"
    assert ("inconsistent_numbers", 1) in _rules(high, "c.log")
    assert not [r for r in _rules(high.replace("2.0e-4", "3.4e-6"), "c.log") if r[0] == "inconsistent_numbers"]


def test_two_changes_in_one_sentence_are_each_checked_with_their_own_verb() -> None:
    text = ("With the new loss the rejection 1/eps_B rises from 80 to 100, i.e. by 25%, and the mistag rate eps_B\n"
            "is correspondingly lowered by 25%, from 0.0125 to 0.0100.\n")
    assert ("inconsistent_numbers", 2) in _rules(text), _rules(text)  # 20% lower, at the line the change stands on
    assert not _rules(text.replace("lowered by 25%", "lowered by 20%"))


def test_a_transcript_s_spoken_decimals_and_a_classifier_set_up_before_its_auc() -> None:
    text = ("AB: For the generator check we trained a small network to tell generated from real jets.\n"
            "    The AUC came out at zero point six one, plus or minus zero point zero\n"
            "    zero five.\n"
            "CD: So the generated jets are indistinguishable from the real ones, good.\n")
    claims = extract(text, name="call.txt")
    assert [(v.value, v.uncertainty, v.role) for c in claims for v in c.values if v.quantity == "auc"] == \
        [(0.61, 0.005, "classifier_test")]
    assert ("classifier_test_vs_null", 4) in _rules(text, "call.txt")


def test_icalendar_escapes_and_a_generator_set_against_full_simulation() -> None:
    text = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:Notes\\n\r\n"
            " - Classifier test (CNN\\, real vs generated):\\n\r\n   AUC = 0.66 +- 0.01.\\n\r\n"
            " - Conclusion: the FastCalo jets are indistinguishable\\n\r\n   from full Geant4 simulation.\\n\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    rules = _rules(text, "m.ics")
    assert ("classifier_test_vs_null", 6) in rules, rules


def test_a_verdict_with_no_number_judges_the_pair_of_the_sentence_before() -> None:
    text = ("Adding the timing layer lifts the AUC from 0.9712 to 0.9718 (a single seed, 3,000 test jets).\n"
            "This is a significant improvement.\n")
    assert ("significance_unsupported", 2) in _rules(text)
    chat = ("AUC_new = 0.861 ± 0.004, AUC_old = 0.855 ± 0.004 (Hanley-McNeil)\n"
            "so the new one is significantly better\n")
    assert ("significance_unsupported", 2) in _rules(chat, "chat.txt")
    fine = ("AUC_new = 0.881 ± 0.002, AUC_old = 0.855 ± 0.002 (Hanley-McNeil)\n"
            "so the new one is significantly better\n")
    assert not _rules(fine, "chat.txt")


def test_a_claim_verb_negated_reaches_over_its_list_and_a_labelled_test_set_pair() -> None:
    from agents.referee.numbers import qualifiers_of, sizes_of
    assert qualifiers_of("We do not claim a gain in AUC, nor that the generated jets are realistic.") == ["not_realistic"]
    assert qualifiers_of("We never say the tokenizer is lossless in the paper.") == ["not_lossless"]
    assert sizes_of("Test set: 50,000 Z' + 150,000 QCD, untouched until the end.")[:3] == (200000, 50000, 150000)
    text = ("Q5. Were the generated jets validated against real jets?\n"
            "    A: Yes, a classifier between generated and real jets gives AUC = 0.561 ± 0.003, so they are distinguishable.\n"
            "Q6. Anything you would not claim?\n"
            "    A: We would not claim a gain in rejection, nor that the generated jets are realistic.\n")
    assert not _rules(text, "q.txt"), _rules(text, "q.txt")


def test_a_realistic_question_reads_a_classifier_test_with_its_error_bar() -> None:
    from agents.referee.referee import answer
    text = ("We trained a classifier to separate generated from real jets.\n"
            "Its AUC = 0.538 ± 0.003 (Hanley-McNeil): the generated jets are distinguishable.\n")
    ref = referee(text, "g.txt")
    assert answer("are the generated jets indistinguishable from real ones?", ref, text).startswith("No:")


# session ref23f: the ninth blind round's causes (b20, b21), each reading in words no report used


def test_a_rated_false_quote_and_a_claim_called_false_are_not_the_reports_own() -> None:
    text = ("Blog headline says \"our network discovered a new boson\".\n"
            "\n"
            "We looked at the paper. The bump has a global significance of 1.1 sigma.\n"
            "ITEM 2: \"The detector found a new particle at 3 TeV.\"\n"
            "VERDICT: MOSTLY FALSE\n"
            "In short, the blog's claim of a new particle is false.\n")
    rules = _rules(text, "check.txt")
    assert not [r for r in rules if r[0] == "discovery_without_evidence"], rules
    c = next(c for c in extract(text, "text") if c.line == 6)
    assert "discovery" in c.disowned and "discovery" not in c.qualifiers


def test_an_injected_signal_is_no_discovery_and_a_scale_end_is_no_perfect_claim() -> None:
    text = ("The group planted a simulated new particle in the sample, and the tagger found it with an AUC of 0.81,\n"
            "where 0.5 is a coin toss and 1 means perfect separation.\n")
    rules = _rules(text, "story.txt")
    assert not [r for r in rules if r[0] in ("discovery_without_evidence", "absolute_words")], rules


def test_an_unnamed_score_in_a_null_test_is_the_auc_named_before() -> None:
    text = ("The group reports its separation as an AUC, and it reached 0.91 on the hidden signal.\n"
            "To check itself, the team ran a null test on two background-only samples.\n"
            "There the method scored 0.57, with an uncertainty of 0.01 - consistent with random guessing, they say.\n")
    assert ("control_vs_null", 3) in _rules(text, "feature.txt")


def test_one_in_n_is_a_proportion_and_a_rejection_factor_after_rejects() -> None:
    text = ("The local excess has a p-value of roughly 3 in ten thousand (3.4 sigma).\n"
            "The tagger rejects QCD jets at a rate of 1 in 250 (0.4%).\n")
    claims = extract(text, "text")
    p = [v for c in claims for v in c.results("p_value")]
    assert p and abs(p[0].value - 3e-4) < 1e-9
    rej = [v for c in claims for v in c.results("rejection")]
    fake = [v for c in claims for v in c.results("fake_rate")]
    assert [v.value for v in rej] == [250.0] and [v.value for v in fake] == [0.004]
    assert not [r for r in _rules(text, "note.txt") if r[0] in ("impossible_value", "inconsistent_numbers")]


def test_a_bracketed_restatement_names_its_own_number_and_bkg_eff_is_a_mistag() -> None:
    text = "v7: bkg eff at 40% signal eff = 0.015 (rejection ~67)\n"
    c = extract(text, "text")[0]
    assert [(v.quantity, v.value) for v in c.results()] == [("fake_rate", 0.015), ("rejection", 67.0)]
    assert [v.quantity for v in c.values if v.role == "setting"] == ["efficiency"]
    assert not _rules(text, "pad.txt")


def test_a_scale_factor_may_exceed_one() -> None:
    text = ("At the medium working point the simulated efficiency is 0.58 and the data efficiency is 0.61 ± 0.01\n"
            "(5,200 probes), giving SF = 1.05 ± 0.02.\n")
    assert not _rules(text, "memo.txt")


def test_standard_errors_are_a_pull_not_an_auc() -> None:
    text = ("A classifier trained to separate generated jets from real ones reaches AUC 0.507 ± 0.005 on 10,000 + 10,000\n"
            "jets, 1.4 standard errors from 0.5, so at this size the generated jets cannot be told apart.\n")
    ref = referee(text, "letter.txt")
    assert not ref.findings, ref.lines()
    from agents.referee.referee import answer
    assert answer("can the classifier tell the generated jets apart from real ones?", ref, text).startswith("No:")


def test_a_quoted_example_that_would_be_wrong_is_no_claim() -> None:
    text = "The mistag rate is 0.20 +- 0.016 on 600 jets. Writing \"0.20 +- 0.002\" would be eight times too small.\n"
    assert not _rules(text, "handout.md")


def test_a_change_verb_runs_from_the_number_before_to_the_one_after_to() -> None:
    text = "Starting from a signal fraction of S/B = 1.2%, the anomaly cut raises S/B to 9.5%.\n"
    assert not _rules(text, "form.txt")


def test_a_model_named_by_a_comparative_adjective_and_a_verdict_on_its_sides() -> None:
    text = ("At 50% signal efficiency the compact network (2.1 M parameters) rejects QCD jets at a rate of 1 in 300,\n"
            "while the bigger network (9.0 M parameters) rejects 1 in 340.\n"
            "The compact network therefore outperforms the bigger one.\n")
    rules = _rules(text, "check.txt")
    assert ("comparison_direction", 3) in rules, rules


def test_a_verdict_two_sentences_after_its_pair_or_after_a_two_line_list() -> None:
    text = ("The paper gives an accuracy-free AUC of 0.781 for the new tagger and 0.776 for the old one.\n"
            "Each was trained once, on a test set of 1,500 jets.\n"
            "The new tagger is significantly better.\n")
    assert ("significance_unsupported", 3) in _rules(text, "check.txt")
    listed = ("* transformer: AUC 0.9512\n"
              "* BDT baseline: AUC 0.9503\n"
              "Our transformer significantly beats the BDT baseline (one run each, 4k test jets).\n")
    assert ("significance_unsupported", 3) in _rules(listed, "post.txt")


def test_a_participle_clause_between_name_and_number_and_simulated_jets_are_a_size() -> None:
    text = "The tagging efficiency, evaluated on 8,000 simulated top jets, is 0.455 +- 0.0006.\n"
    assert ("uncertainty_vs_sample_size", 1) in _rules(text, "letter.txt")


def test_a_ratio_minus_one_is_a_formula_and_a_range_is_no_change() -> None:
    text = ("The core width of E_reco/E_true - 1 is 7.1% for PN-fast and 7.9% for LN-slim, so LN-slim gives the narrower peak.\n"
            "gain of 9 in rejection vs spreads of 2-4 across seeds\n")
    rules = _rules(text, "memo.txt")
    assert ("comparison_direction", 1) in rules and not [r for r in rules if r[0] == "inconsistent_numbers"], rules


def test_a_declared_control_without_a_name_is_the_auc_of_the_lines_above() -> None:
    from agents.referee.findings import Report
    from agents.referee.rules import _unnamed_control
    text = ("test split per job: 15000 SR events vs 15000 template events\n"
            "job 0  nosig   seed 0   AUC(SR vs template) = 0.562 +- 0.0035\n"
            "job 1  nosig   seed 1   AUC(SR vs template) = 0.559 +- 0.0035\n"
            "summary:\n"
            " - SALAD no-signal control: 0.562 +- 0.0035 (seed 1: 0.559), consistent with random,\n"
            "   so the template describes the SR background\n")
    from agents.referee.claims import Claim, Value
    lines = text.splitlines()
    claims = [Claim(line=2, text=lines[1], values=[Value(quantity="auc", value=0.562, shown="0.562", uncertainty=0.0035,
                                                          start=45)]),
              Claim(line=5, text=lines[4].strip(), qualifiers=["consistent_with", "random"],
                    values=[Value(value=0.562, shown="0.562", uncertainty=0.0035, role="control", start=31),
                            Value(quantity="auc", value=0.559, shown="0.559", start=58)])]
    found = [(c.line, v.quantity, v.role) for c, v, _ in _unnamed_control(Report(text, claims))]
    assert found == [(5, "auc", "control")]  # the unnamed declared control, though an AUC stands in its brackets


def test_a_signed_small_probability_is_a_change_of_it() -> None:
    text = "[eval] quantisation cost: -0.0051 AUC (3.9 combined standard errors)\n"
    assert not _rules(text, "bazel.txt")


def test_a_pair_set_against_each_other_and_called_significant_is_judged() -> None:
    text = ("SYSTEM: command returned:\n  test set: 3000 top jets + 3000 QCD jets (one file), one training seed per model\n"
            "  model  AUC     rejection\n  old    0.9305  20.1\n  new    0.9312  20.9\n"
            "PLAN:\n  * Discrimination: the new model reaches AUC 0.9312 against 0.9305 for the old one, a significant gain\n"
            "    from the larger batch, and rejection 20.9 vs 20.1 at eps_S = 0.5.\n")
    assert ("significance_unsupported", 7) in _rules(text, "plan.txt")


def test_an_error_beside_a_count_of_trainings_is_their_spread() -> None:
    text = ("Item 3. A classifier test on 10,000 + 10,000 jets gives AUC 0.507 +- 0.006.\n"
            "Item 4. Tagger T-2 (AUC 0.9431 +- 0.0004, six trainings) is better than T-1 (AUC 0.9402 +- 0.0005, six trainings).\n")
    assert not [r for r in _rules(text, "minutes.txt") if r[0] == "uncertainty_vs_sample_size"]


# --- session ref23g: readings from the tenth blind round (b22, b23), each in words no report used ---------------------

def test_a_host_tag_in_brackets_may_lead_a_printed_object() -> None:
    text = ("TASK [score] ****\n"
            "ok: [worker-7] => {\n"
            '    "msg": [\n'
            '        "eps_S = 0.42 +- 0.001 (2,000 signal events)"\n'
            "    ]\n"
            "}\n")
    claims = extract(text, name="play.log")
    assert [c.line for c in claims if any(v.value == 0.42 for v in c.values)] == [4]
    assert ("uncertainty_vs_sample_size", 4) in _rules(text, "play.log")


def test_a_pairing_in_brackets_names_one_test() -> None:
    text = ("signal AUC (top vs QCD) = 0.931 +- 0.004\n\n"
            "background-only AUC (QCD vs QCD) = 0.583 +- 0.004\n\n"
            "background-only verdict: consistent with random\n")
    rules = _rules(text)
    assert not [r for r in rules if r[0] == "inconsistent_numbers"], rules
    assert ("control_vs_null", 3) in rules


def test_the_error_bar_of_a_count_is_no_test_set() -> None:
    text = "With the injected signal the classifier reaches AUC 0.712 +- 0.011 and the fitted yield is 95 +- 40 events.\n"
    claims = extract(text)
    assert claims[0].sample_size is None
    assert [v.quantity for v in claims[0].values if v.value == 95] == [""]  # a count, not an AUC
    assert not [r for r in _rules(text) if r[0] == "uncertainty_vs_sample_size"]


def test_not_worse_than_random_calls_nothing_random() -> None:
    text = ("Exercise 2. The student's score gives AUC = 0.27 on the held-out set.\n"
            "  It is not a worse-than-random tagger: the two labels were swapped when the file was written.\n")
    assert not [r for r in _rules(text) if r[0] == "control_vs_null"]


def test_a_complement_is_another_number_than_the_thing() -> None:
    text = ("--- after swapping the labels ---\n"
            "AUC                  : 0.705 +- 0.003\n"
            "sanity: 1 - old AUC  : 0.705\n"
            "\n"
            "The old AUC of 0.295 came from the swapped labels only.\n")
    claims = extract(text, name="out.txt")
    assert [c.line for c in claims if any(v.value == 0.705 for v in c.values)] == [2, 3]  # two fields, not one sentence
    assert not [r for r in _rules(text, "out.txt") if r[0] == "inconsistent_numbers"]


def test_a_number_in_the_name_of_an_aligned_row_is_part_of_the_name() -> None:
    text = ("upper limit on the signal strength:\n"
            "    median            1.10\n"
            "    band -1 sigma     0.80\n"
            "    band +1 sigma     1.50\n")
    claims = extract(text, name="limit.log")
    assert not [v for c in claims for v in c.results("significance")]
    assert not [r for r in _rules(text, "limit.log") if r[0] == "inconsistent_numbers"]


def test_an_attributive_comparative_picks_the_data_not_a_pair() -> None:
    text = ("Tagger A gives accuracy 0.861 +- 0.002 compared with 0.859 +- 0.002 for tagger B on a smaller 2M-jet sample, "
            "a difference of one standard error.\n")
    assert not [r for r in _rules(text) if r[0] == "comparison_direction"]


def test_worse_than_random_is_answered_from_the_report() -> None:
    from agents.referee.referee import answer
    text = ("The tagger gives AUC 0.27 on the test set because the labels were swapped; with the labels put right it "
            "gives AUC 0.73. It is not worse than random.\n")
    assert answer("is the tagger worse than random guessing?", referee(text), text).startswith("No")


def test_a_long_run_of_spaces_after_a_number_is_read_in_linear_time() -> None:
    import time
    line = "band -2 sigma" + " " * 400 + "0.56"
    t = time.perf_counter()
    extract(f"{line}\n{line}\n", name="limit.log")
    assert time.perf_counter() - t < 5  # the error-bar reader backtracked polynomially over the spaces (minutes here)


def test_a_log_line_with_pipes_is_read_as_its_message() -> None:
    lines = ["Created task run 'eval-3'", "M: accuracy 0.912 +- 0.0005 on 4000 test jets", "M: 12k parameters",
             "Finished in state Completed()"]
    text = "".join(f"10:00:0{i}.000 | INFO    | job 'eval-3' - {m}\n" for i, m in enumerate(lines))
    assert ("uncertainty_vs_sample_size", 2) in _rules(text, "flow.log")


def test_a_one_letter_name_before_its_colon_names_the_thing() -> None:
    text = "run 'ev-0' - A: AUC 0.9431 +- 0.0012\nrun 'ev-0' - B: AUC 0.9425 +- 0.0012\n"
    labels = [v.label for c in extract(text, name="x.log") for v in c.results("auc")]
    assert len(set(labels)) == 2, labels
    assert not [r for r in _rules(text, "x.log") if r[0] == "inconsistent_numbers"]


def test_a_signed_number_under_a_delta_name_is_a_change() -> None:
    claims = extract("delta 1/eps_B (new - old) = +6\n", name="x.log")
    assert [v.role for c in claims for v in c.values if v.value == 6] == ["difference"]


def test_a_quantity_symbol_in_brackets_names_no_thing() -> None:
    claims = extract("pnet: 1/eps_B at eps_S=0.5 (R50) = 311\n", name="x.log")
    assert [v.label for c in claims for v in c.values if v.value == 311] != ["r50"]


def test_a_verdict_without_numbers_judges_the_change_stated_before_it() -> None:
    lines = ["X: AUC 0.8431 +- 0.0012", "Y: AUC 0.8425 +- 0.0012", "delta AUC (X - Y) = +0.0006",
             "conclusion: the extra layer significantly improves the network"]
    text = "".join(f"12:00:0{i}.000 | INFO    | cmp - {m}\n" for i, m in enumerate(lines))
    assert ("significance_unsupported", 4) in _rules(text, "cmp.log")


def test_a_verdict_that_ends_in_a_colon_judges_the_numbers_under_it() -> None:
    text = ("The new tagger significantly raises the purity at the tight point:\n"
            "  purity goes from 0.803 (old) to 0.809 (new) on 3,000 test jets.\n")
    assert ("significance_unsupported", 1) in _rules(text)


def test_a_verdict_judges_the_two_lines_of_one_number_each_above_it() -> None:
    text = ("bias of the jet energy scale, mean over eta bins:\n"
            "  old calibration   : 2.1% +- 0.6%\n"
            "  new calibration   : 1.5% +- 0.6%\n"
            "result: new calibration significantly better than the old one\n")
    assert ("significance_unsupported", 4) in _rules(text, "out.txt")


def test_a_count_in_brackets_after_an_error_is_what_the_rate_was_counted_on() -> None:
    text = "  light-quark mistag rate   = 0.030 +- 0.0003 (6,000 light jets)\n"
    assert ("uncertainty_vs_sample_size", 1) in _rules(text, "out.log")


def test_a_class_count_stated_once_as_a_field_holds_for_the_report() -> None:
    text = ("== Test data ==\n"
            "  signal test jets ........ 50,000\n"
            "  background test jets .... 500,000\n"
            "\n"
            "== Results ==\n"
            "  eps_S at the cut          0.601 +- 0.0002\n")
    assert ("uncertainty_vs_sample_size", 6) in _rules(text, "digest.txt")


def test_a_row_led_by_its_own_name_does_not_take_the_quantity_of_the_row_above() -> None:
    text = ("  rejection at the WP        244        213\n"
            "  JSD of the mass (QCD)      0.0112     0.0108\n")
    assert not [r for r in _rules(text, "digest.txt") if r[0] == "impossible_value"]


def test_a_duration_is_no_quantity_named_before_it() -> None:
    text = "6/6 Test #6: wp_rejection   Passed   0.08 sec\n"
    assert not [r for r in _rules(text, "ctest.log") if r[0] == "impossible_value"]


def test_an_object_printed_after_a_long_logger_prefix_is_read_as_data() -> None:
    text = 'DEBUG:agent.tools.evaluation_module.runner:Function result: {"model": "bdt", "auc": 0.871, "n_test": 4000}\n'
    assert [c.kind for c in extract(text, name="trace.log") if any(v.value == 0.871 for v in c.values)] == ["row"]


TWO_FILES = """### Pythia file

| model | gluon mistag |
|---|---|
| pfn | 0.083 |
| pnet | 0.071 |
| lund | 0.076 |

### Herwig file

| model | gluon mistag |
|---|---|
| pfn | 0.118 |
| pnet | 0.104 |
| lund | 0.111 |

PFN has the lowest gluon mistag of the three (0.083).
"""


def test_a_superlative_is_judged_in_the_table_whose_number_it_quotes() -> None:
    assert ("comparison_direction", 17) in _rules(TWO_FILES)
    right = TWO_FILES.replace("| pnet | 0.071 |", "| pnet | 0.090 |").replace("| lund | 0.076 |", "| lund | 0.095 |")
    assert not [r for r in _rules(right) if r[0] == "comparison_direction"]  # lowest in its own table, not in the other


def test_a_tool_call_with_arguments_starts_a_run_of_its_own() -> None:
    text = ('Calling evaluate with args: {"model": "pfn", "file": "pythia.h5"}\n'
            "result pfn: AUC = 0.896\n"
            'Calling evaluate with args: {"model": "pfn", "file": "herwig.h5"}\n'
            "result pfn: AUC = 0.861\n")
    assert not [r for r in _rules(text, "trace.log") if r[0] == "inconsistent_numbers"]
    quoted = text + "\nSummary: on the first file pfn reaches AUC 0.896.\n"
    assert not [r for r in _rules(quoted, "trace.log") if r[0] == "inconsistent_numbers"]


ALIGNED_UNITS = """Table 3 (validation sample)

  method                 resolution [GeV]     bias [%]
  trimmed mass           12.0                 1.5
  transformer            9.6                  0.8

"""


def test_an_aligned_table_whose_heads_carry_units_in_brackets() -> None:
    claims = extract(ALIGNED_UNITS, name="note.txt")
    assert [c.kind for c in claims if any(v.value == 9.6 for v in c.values)] == ["row"]


def test_a_change_between_two_named_sides_takes_their_rows_above() -> None:
    wrong = ALIGNED_UNITS + "The transformer improves the resolution by 35% with respect to the trimmed mass.\n"
    assert ("inconsistent_numbers", 7) in _rules(wrong, "note.txt")
    right = ALIGNED_UNITS + "The transformer improves the resolution by 20% with respect to the trimmed mass.\n"
    assert not [r for r in _rules(right, "note.txt") if r[0] == "inconsistent_numbers"]


def test_worse_than_random_describes_an_auc_below_half_it_does_not_explain_it() -> None:
    text = ("On the test set the network gives AUC 0.43 +- 0.005.\n"
            "It is below 0.5 but close, so the network is fine: only a little worse than random.\n")
    assert ("auc_below_half", 1) in _rules(text)
    explained = text.replace("only a little worse than random", "worse than random because the labels were swapped")
    assert not [r for r in _rules(explained) if r[0] == "auc_below_half"]


def test_two_class_counts_in_brackets_are_the_test_set_not_aucs() -> None:
    claims = extract("test AUC (3000 t + 3000 q) = 0.87 +- 0.0006\n", name="out.txt")
    assert claims[0].sample_size == 6000 and [v.value for v in claims[0].results("auc")] == [0.87]


def test_a_share_beside_the_count_it_is_of_must_agree_with_it() -> None:
    wrong = "After training 95% of the vocabulary is used, 1,800 of the 2,048 tokens.\n"
    assert ("inconsistent_numbers", 1) in _rules(wrong)
    assert not [r for r in _rules(wrong.replace("95%", "88%")) if r[0] == "inconsistent_numbers"]
    assert ("inconsistent_numbers", 1) in _rules("The tagger keeps 1,800 of 2,048 signal jets (95%).\n")


def test_a_width_named_after_its_energy_is_a_resolution() -> None:
    text = "The encoder is lossless: the 3.1 GeV mass resolution of the decoded jets shows it.\n"
    assert ("absolute_words", 1) in _rules(text)


# a universal claim over rows (ref23h): every row the report gives for it must hold
UNIV_ROWS = """Efficiency scan on the validation split:

  threshold   eff(old)   eff(new)
  0.2         0.91       0.93
  0.4         0.82       0.85
  0.6         0.70       0.68
  0.8         0.52       0.55
"""


def test_a_comparison_at_every_row_is_checked_against_each_row_after_it() -> None:
    text = "The new selection keeps more signal than the old one at every threshold we tried.\n\n" + UNIV_ROWS
    assert ("absolute_words", 1) in _rules(text, "scan.txt")
    holds = text.replace("0.70       0.68", "0.70       0.72")
    assert not [r for r in _rules(holds, "scan.txt") if r[0] == "absolute_words"]
    # the sentence names only the object after 'than': the other side column is the subject
    named = "It gives a higher eff than old at all thresholds.\n\n" + UNIV_ROWS
    assert ("absolute_words", 1) in _rules(named, "scan.txt")


def test_a_comparison_word_for_a_lower_is_better_quantity_runs_the_other_way() -> None:
    rows = ("  pT range     width(calo)   width(gnn)\n"
            "  20-50        18.1          15.2\n"
            "  50-100       12.3          11.9\n"
            "  100-400      8.0           8.3\n\n")
    text = rows + "The gnn always gives the better width: it beats calo in all three ranges.\n"
    assert ("absolute_words", 6) in _rules(text, "res.txt")
    assert not [r for r in _rules(text.replace("8.0           8.3", "8.4           8.3"), "res.txt")
                if r[0] == "absolute_words"]


def test_a_bound_at_every_row_is_checked_on_the_column_it_names() -> None:
    rows = ("run log\n"
            "  sample      events   fake rate   budget\n"
            "  period A    51000    0.7         1.0\n"
            "  period B    47000    1.3         1.0\n"
            "  period C    39000    0.8         1.0\n\n")
    text = rows + "Summary: the fake rate stays below 1.0 in every period.\n"
    assert ("absolute_words", 7) in _rules(text, "fr.txt")
    assert not [r for r in _rules(text.replace("1.3         1.0", "0.9         1.0"), "fr.txt") if r[0] == "absolute_words"]
    # a 'within N sigma' bound reads a column of pulls
    pulls = ("  window    observed   predicted   pull\n"
             "  A         120        118.0       +0.2\n"
             "  B         96         80.5        +1.7\n"
             "  C         40         51.0        -1.5\n\n"
             "The prediction agrees with the observation within 1.5 sigma in all windows.\n")
    assert ("absolute_words", 6) in _rules(pulls, "fit.txt")
    assert not [r for r in _rules(pulls.replace("1.5 sigma", "2 sigma"), "fit.txt") if r[0] == "absolute_words"]


def test_a_line_led_by_a_short_name_states_that_names_numbers() -> None:
    text = ("Sweep notes:\n"
            "- gru, 3 seeds: AUC 0.9120 +- 0.0008 (mean +- std)\n"
            "- lstm, 3 seeds: AUC 0.9131 +- 0.0007\n")
    assert not [r for r in _rules(text, "notes.md") if r[0] == "inconsistent_numbers"]
    bare = ("Comparison on the held-out set:\n"
            "    with vertexing    accuracy 0.9120 +/- 0.0008 (std of 4 seeds)\n"
            "    without vertexing accuracy 0.9131 +/- 0.0007 (std of 4 seeds)\n")
    assert not [r for r in _rules(bare, "notes.txt") if r[0] == "inconsistent_numbers"]
    # one name given two values is still a contradiction
    same = text.replace("- lstm, 3 seeds", "- gru, 3 seeds")
    assert [r for r in _rules(same, "notes.md") if r[0] == "inconsistent_numbers"]


def test_a_worse_question_about_an_auc_the_report_explains_as_inverted_is_answered_no() -> None:
    text = ("Run 7 gives AUC 0.23 on the test set.\n"
            "Its class map was reversed during training, so the score is inverted: 1 - 0.23 = 0.77, as run 6.\n")
    ref = referee(text, name="runs.md")
    assert answer("is run 7 a worse tagger than run 6?", ref, text).startswith("No")


def test_a_positive_word_under_neither_says_the_opposite() -> None:
    text = ("The real-vs-generated classifier gave AUC 0.68 for the diffusion model and 0.77 for the VAE, so neither "
            "is indistinguishable from the detector simulation.\n")
    assert not [r for r in _rules(text) if r[0] == "classifier_test_vs_null"]
    said = text.replace("so neither is indistinguishable", "so both are indistinguishable")
    assert ("classifier_test_vs_null", 1) in _rules(said)


def test_a_field_named_after_its_working_point_holds_the_result_not_the_point() -> None:
    text = "INFO eval: rejection_at_wp30 = 0.62\n"
    assert ("impossible_value", 1) in _rules(text, "run.log")
    # a working point given after 'at ... =' is still the point, not the rejection
    assert not [r for r in _rules("INFO eval: the rejection at eps_s = 0.62 is 41\n", "run.log") if r[0] == "impossible_value"]


def test_an_answer_opening_with_a_number_is_of_the_quantity_its_question_asks() -> None:
    text = ("Q: Which codebook size did the spring model use?\tK = 512 codes.\n"
            "Q: Spring model, codebook perplexity on the test jets?\t601 out of K = 512, so usage is excellent.\n")
    assert ("impossible_value", 2) in _rules(text, "cards.txt")
    assert not [r for r in _rules(text.replace("601 out of", "401 out of"), "cards.txt") if r[0] == "impossible_value"]


def test_a_bracketed_baseline_with_an_error_bar_is_a_result_and_the_other_end_of_a_change() -> None:
    text = ("[eval] fake rate @ eps_S = 0.6 : 0.0150 +- 0.0002   (reference BDT cut: 0.0200 +- 0.0002)\n"
            "[log] summary: the new GNN lowers the fake rate by 50% relative to the BDT reference.\n")
    assert ("inconsistent_numbers", 2) in _rules(text, "run.log")
    assert not [r for r in _rules(text.replace("by 50%", "by 25%"), "run.log") if r[0] == "inconsistent_numbers"]


def test_lower_is_better_states_a_metrics_sense_not_a_comparison() -> None:
    text = ("  Brier v1      0.0841\n"
            "  Brier v2      0.0790   (lower is better)\n"
            "--- summary\n"
            "  sigma(AUC)   ~0.0009 per model\n")
    assert not [r for r in _rules(text, "cal.txt") if r[0] == "comparison_direction"]


def test_a_task_tag_with_its_process_id_is_a_record_prefix() -> None:
    tag = "2025-01-07 08:00:01.100 [9876543/evaluate/4 (pid 4321)] "
    text = (tag + "closure by energy:\n" + tag + "  E [GeV]     n_jets   resolution\n"
            + tag + "  100-200     50000    4.1%\n" + tag + "  200-400     42000    5.3%\n")
    rows = [c for c in extract(text, name="flow.log") if c.kind == "row"]
    assert [c.line for c in rows] == [3, 4], [(c.line, c.kind, c.text) for c in extract(text, name="flow.log")]


def test_perfect_in_every_bin_reads_the_rows_of_its_bins() -> None:
    text = ("  E [GeV]     n_jets   resolution\n"
            "  100-200     50000    4.1%\n"
            "  200-400     42000    5.3%\n"
            "All shards merged.\n"
            "Output written.\n"
            "The decoder recovers the jet energy perfectly in every energy bin.\n")
    assert ("absolute_words", 6) in _rules(text, "flow.txt")


ROC_NOTE = """W tagger v4: evaluation note

Samples
The training used 400,000 jets. The held-out evaluation sample holds 8,000 W jets and 8,000 QCD jets. The
pile-up evaluation sample holds 3,000 W jets and 3,000 QCD jets.

Performance at the loose point
| quantity | value |
|---|---|
| W-tag efficiency | 0.640 ± 0.0002 |
| mistag rate | 0.052 ± 0.002 |
"""


def test_an_error_below_what_the_largest_stated_count_allows_is_named_wherever_that_count_stands() -> None:
    # 0.0002 on an efficiency of 0.64 needs more than 1.4 million jets; the report never counts more than 400,000 jets
    # of anything, and its sizes stand in another section and are two, so no size reading of the table row sees them
    assert ("uncertainty_vs_sample_size", 10) in _rules(ROC_NOTE)
    assert not [r for r in _rules(ROC_NOTE) if r[1] == 11]  # 0.002 on 0.052 is what 16,000 jets allow


def test_the_largest_count_bounds_an_error_only_where_nothing_larger_may_stand() -> None:
    def flagged(text: str) -> bool:
        return ("uncertainty_vs_sample_size", 10) in _rules(text)
    assert not flagged(ROC_NOTE.replace("400,000 jets", "40 million jets"))  # a larger count anywhere lifts the bound
    assert not flagged(ROC_NOTE.replace("0.0002", "0.0006"))  # within a factor two of the bound: not a clear case
    # when the largest count is said to be a part of a larger set, the larger set is unstated: no bound
    part = ROC_NOTE.replace("The training used 400,000 jets. ", "").replace(
        "holds 8,000 W jets and 8,000 QCD jets. The\npile-up evaluation sample holds 3,000 W jets and 3,000 QCD jets.",
        "is large; a 20,000-jet\nsubset of it was set aside for calibrating the score.")
    assert not flagged(part)
    # when no count is said to be what was tested on, the counts may all be of something else (a window's events)
    untested = ROC_NOTE.replace("The training used 400,000 jets. The held-out evaluation sample holds 8,000 W jets and "
                                "8,000 QCD jets. The\npile-up evaluation sample holds 3,000 W jets and 3,000 QCD jets.",
                                "The signal window holds 3,000 events and the\nsidebands 9,000 events.")
    assert not flagged(untested)
    # a signal efficiency is counted on the signal jets: the background count does not lift its bound
    assert flagged(ROC_NOTE.replace("400,000 jets", "40,000 jets").replace("8,000 QCD jets", "9,000,000 QCD jets"))


def test_counting_jets_stays_fast_on_hostile_lines() -> None:
    import time

    from agents.referee.numbers import stated_counts
    for hostile in ("1" * 5000 + " jets", " jets" + " " * 5000 + "1", "1 + " * 3000, "7 a and " * 3000 + "jets",
                    "12 000 " * 3000, "3 million " * 3000, ("x test jets " + " " * 70) * 80):
        t = time.perf_counter()
        stated_counts(hostile)
        assert time.perf_counter() - t < 1.0, hostile[:20]


def test_a_flood_of_similar_lines_reads_each_line_once_per_check(monkeypatch) -> None:
    """250 lines 'KNN7 ROC:0.7, precision @ rank n:0.3' took 24 s and 3000 over five minutes: every pair of values
    compared rescanned the lines between them for a new command, and every AUC searched the whole report for its
    complement. Each line is now read once per check, whatever the number of pairs."""
    from collections import Counter

    from agents.referee import consistency, rules
    calls: Counter[str] = Counter()

    def counted(name, f):
        def g(*a, **k):
            calls[name] += 1
            return f(*a, **k)
        return g
    monkeypatch.setattr(consistency, "is_command", counted("is_command", consistency.is_command))
    monkeypatch.setattr(rules, "_complemented", counted("_complemented", rules._complemented))
    n = 300
    referee("\n".join(f"KNN{i} ROC:0.{70 + i % 20}, precision @ rank n:0.3" for i in range(n)), "flood.md")
    assert 0 < calls["is_command"] <= 10 * n and 0 < calls["_complemented"] <= 10 * n, calls  # (were 4.5 million and 4800)


ABLATION = """Ablation of the charge inputs

With the charge inputs the tagger separates the classes with an AUC of 0.9720, against 0.9712 without them.
Each variant was trained a single time (one seed), on the usual validation split.
That is a significant gain, and we will keep the charge inputs for the next release.
"""


def test_a_significant_gain_between_sides_trained_once_is_unsupported_wherever_the_paragraph_says_so() -> None:
    assert ("significance_unsupported", 5) in _rules(ABLATION)
    # the paragraph gives something to judge it by: an error bar, a p-value, or several seeds
    assert ("significance_unsupported", 5) not in _rules(ABLATION.replace("0.9712 without them", "0.9712 without them "
                                                                         "(p = 0.003 from a paired bootstrap)"))
    assert ("significance_unsupported", 5) not in _rules(ABLATION.replace("a single time (one seed)", "with five seeds"))
    assert ("significance_unsupported", 5) not in _rules(ABLATION.replace("is a significant gain", "is a gain"))
    # the one-training sentence belongs to another paragraph: this verdict's sides are not said to be single runs
    assert ("significance_unsupported", 6) not in _rules(ABLATION.replace("split.\nThat", "split.\n\nThat"))


FAR_TABLE = """Tagger scan, week 12

| tagger    | AUC   | mistag at eps_S = 0.4 |
|-----------|-------|-----------------------|
| alpha-net | 0.962 | 0.0130                |
| beta-net  | 0.971 | 0.0085                |
| gamma-bdt | 0.915 | 0.0410                |

Training notes
- all three were trained on the same sample with the same preprocessing
- alpha-net used the cosine schedule, beta-net the step schedule
- gamma-bdt was retrained from its 2025 configuration
- the inputs were checked for empty constituents before training
- the checkpoints are archived under runs/week12
- the plots are in the shared folder
- a rerun of beta-net with a larger batch is queued

Conclusions
- beta-net has the lowest mistag rate of the three taggers.
- At eps_S = 0.4 gamma-bdt keeps fewer QCD jets than alpha-net.
- alpha-net has the highest AUC of the three taggers.
"""


def test_named_sides_far_from_their_comparison_are_read_where_the_report_put_them() -> None:
    found = [r for r in _rules(FAR_TABLE) if r[0] == "comparison_direction"]
    # 'keeps fewer QCD jets' is a lower mistag rate (0.0410 is not below 0.0130); 0.962 is not the highest AUC
    assert found == [("comparison_direction", 20), ("comparison_direction", 21)], found
    # a superlative over a different number of sides than the report states is not this table's
    assert ("comparison_direction", 21) not in _rules(FAR_TABLE.replace("AUC of the three", "AUC of the four"))
    # a comparison that names no quantity has no column to be read in
    assert ("comparison_direction", 20) not in _rules(FAR_TABLE.replace("keeps fewer QCD jets than", "is better than"))


def test_reading_sides_anywhere_stays_fast_on_a_long_report() -> None:
    import time
    rows = "".join(f"| net-{i} | 0.{9000 + i} | 0.0{100 + i} |\n" for i in range(40))  # as many names as are read
    claims = "".join(f"- net-{i % 40} keeps fewer QCD jets than net-{(i + 1) % 40}, the lowest mistag rate of the three.\n"
                     for i in range(300))
    text = "| tagger | AUC | mistag |\n|---|---|---|\n" + rows + "\n" + claims
    t = time.perf_counter()
    referee(text, name="long.md")
    assert time.perf_counter() - t < 20


AUDIT = """Calibration audit, b-tagging

The main test sample holds 2.4 million jets.
On a 3,000-jet audit slice the b-tag efficiency is 0.770 +/- 0.0005, in line with the main sample.
"""


def test_a_count_written_as_a_compound_in_the_values_own_sentence_is_its_test_set() -> None:
    # '3,000-jet' is the set the efficiency was measured on: 0.0005 is far below the 0.0077 that 3,000 jets allow
    assert ("uncertainty_vs_sample_size", 4) in _rules(AUDIT)
    # a training count in the sentence is not the set it was measured on
    assert ("uncertainty_vs_sample_size", 4) not in _rules(AUDIT.replace("On a 3,000-jet audit slice", "With 3,000 training labels"))


# ---- ref23j: what a number is of (round 12 false alarms) -----------------------------------------------------------
CHAT_DATES = """#tagging-dev, exported 2026-11-30
[28/11/2026, 09:12] lena: the domain test after reweighting: AUC 0.509 ± 0.003 (60k simulated + 60k recorded jets)
[28/11/2026, 09:14] omar: fine, 3 sigma from 0.5, so the reweighting still leaves a trace
"""


def test_a_date_written_with_slashes_is_no_pair_of_class_counts() -> None:
    # '28/11/2026' is a day, a month and a year, not 11 signal and 2026 background jets (which would allow ± 0.09)
    assert not [r for r in _rules(CHAT_DATES, "chat.txt") if r[0] == "uncertainty_vs_sample_size"]
    # a pair of counts written with a slash still is one
    pair = CHAT_DATES.replace("(60k simulated + 60k recorded jets)", "(40/40 jets)")
    assert ("uncertainty_vs_sample_size", 2) in _rules(pair, "chat.txt")


NULL_PAIR = """Sideband control: the weakly supervised classifier, trained on two halves of the same QCD sample,
gives AUC 0.497 +- 0.007 on 4000 vs 4000 validation QCD jets, as expected for no signal.
"""


def test_the_first_of_two_counts_of_jets_is_no_auc() -> None:
    values = [v for c in extract(NULL_PAIR, name="notes.txt") for v in c.values if v.quantity == "auc"]
    assert [v.value for v in values] == [0.497], [(v.shown, v.role) for v in values]
    assert not [r for r in _rules(NULL_PAIR, "notes.txt") if r[0] == "control_vs_null"]


SCALE = """Our tagger reaches an area under the ROC curve of 0.884 on the held-out jets; that area is 1 for a perfect
tagger and one half for a coin flip.
"""


def test_perfect_naming_the_end_of_a_scale_by_its_value_is_no_claim() -> None:
    assert not [r for r in _rules(SCALE, "notes.txt") if r[0] == "absolute_words"]
    # the tagger called perfect is a claim about its 0.88
    claimed = "The tagger separates top from QCD perfectly (AUC 0.88 on the test jets).\n"
    assert [r for r in _rules(claimed, "notes.txt") if r[0] == "absolute_words"]


DENIED = """Minutes: the excess at 2.3 TeV has a global significance of 1.1 sigma.
No one in the group claims a discovery at this point.
"""


def test_a_discovery_that_nobody_claims_is_not_claimed() -> None:
    assert not [r for r in _rules(DENIED, "minutes.txt") if r[0] == "discovery_without_evidence"]
    assert ("discovery_without_evidence", 2) in _rules(DENIED.replace("No one in the group claims", "The group claims"),
                                                       "minutes.txt")


OWN_CODEBOOK = """Tokenizer notes
- the 2048-code model reaches a perplexity of 1610/2048 on the validation jets.
- perplexity vs K: would 1610/2048 shrink with K = 512?
"""


def test_a_perplexity_written_as_a_fraction_of_its_codebook_is_measured_on_that_codebook() -> None:
    assert not [r for r in _rules(OWN_CODEBOOK, "notes.md") if r[0] == "impossible_value"]
    # the same fraction above its own codebook is impossible
    assert ("impossible_value", 2) in _rules(OWN_CODEBOOK.replace("1610/2048 on", "2610/2048 on"), "notes.md")


OTHER_SET = """Notes on the tokenized tagger paper
- Tagger on tokens: AUC 0.9512 ± 0.0004.
- A generated-vs-real classifier (8k + 8k test jets) reaches AUC 0.503 ± 0.005.
"""


def test_the_set_of_a_measurement_of_another_kind_does_not_bound_this_one() -> None:
    # the 16k jets are the classifier test's own set: the tagger's AUC was measured on a set the notes do not state
    assert not [r for r in _rules(OTHER_SET, "notes.md") if r[0] == "uncertainty_vs_sample_size"]
    # a count stated for the report's tests bounds the tagger's AUC (± 0.0004 is below what 16,000 jets allow)
    assert ("uncertainty_vs_sample_size", 2) in _rules(OTHER_SET + "- All results are evaluated on 16,000 test jets.\n",
                                                       "notes.md")


UNNAMED_ENDS = """Ablation of the commitment term:
  - the mean squared error falls from 0.0480 to 0.0360, which is about 40% lower;
"""


def test_a_change_is_checked_against_the_from_to_ends_of_a_quantity_not_named() -> None:
    # 0.0480 -> 0.0360 is 25% lower, not 40%: the ends of 'from ... to' are the change's, though the mean squared error is no
    # quantity the referee knows by name
    assert ("inconsistent_numbers", 2) in _rules(UNNAMED_ENDS, "notes.txt")
    assert not [r for r in _rules(UNNAMED_ENDS.replace("about 40%", "about 25%"), "notes.txt") if r[0] == "inconsistent_numbers"]


SIDEBAND = """Weakly supervised search, status
Null test: the same classifier trained on two background-only samples reaches AUC 0.503 +- 0.004 on 30k + 30k jets.
With the injected signal the AUC is 0.61 +- 0.004.
"""


def test_a_question_whether_the_control_shows_a_problem_is_answered_from_the_control() -> None:
    q = "does the background-only control show a spurious excess?"
    assert answer(q, referee(SIDEBAND, name="s.txt"), SIDEBAND).startswith("No")
    off = SIDEBAND.replace("AUC 0.503 +- 0.004", "AUC 0.560 +- 0.004")
    assert answer(q, referee(off, name="s.txt"), off).startswith("Yes")


IDEAL_REFERENCE = """Weak supervision vs its idealized reference
- CWoLa hunting: AUC 0.802 +- 0.009
- oracle classifier, trained with a perfect signal-free bkg template: AUC 0.833 +- 0.008
"""


def test_perfect_said_of_an_input_the_reference_is_given_is_no_claim_about_its_result() -> None:
    # the template is assumed ideal; nothing says the AUC of 0.833 is perfect
    assert not [r for r in _rules(IDEAL_REFERENCE, "notes.md") if r[0] == "absolute_words"]
    # said of the result itself, the word is a claim the 0.833 contradicts
    said = IDEAL_REFERENCE.replace("a perfect signal-free bkg template", "truth labels, a perfect separation")
    assert ("absolute_words", 3) in _rules(said, "notes.md")


RELEASE = """Changelog
 - the c-jet mistag of r7.1 is better than in r6.4 (4.6% vs 3.9%), so r7.1 replaces it.
"""


def test_numbers_in_brackets_after_a_comparison_are_of_the_quantity_its_subject_names() -> None:
    # a mistag rate is better when lower: 4.6% is not better than 3.9% (the versions' digits are names, no numbers)
    assert ("comparison_direction", 2) in _rules(RELEASE, "notes.txt")
    assert not [r for r in _rules(RELEASE.replace("(4.6% vs 3.9%)", "(3.9% vs 4.6%)"), "notes.txt") if r[0] == "comparison_direction"]


WEIGHED_PAIR = """Tagging exercise
The network keeps 0.74 of the top jets at a light-jet mistag of 0.04, so a background rejection of 25.
The network keeps more top jets than the cut-based tagger (0.74 vs 0.55), which was the aim.
"""


def test_two_numbers_weighed_against_each_other_are_one_quantity_not_the_quantities_of_the_sentence_before() -> None:
    # 0.74 vs 0.55 compares two efficiencies; the 0.55 is not the rejection named after the efficiency before
    assert not [r for r in _rules(WEIGHED_PAIR, "notes.txt") if r[0] == "impossible_value"]
    # two numbers listed without 'vs' after such a sentence still take its two quantities
    listed = WEIGHED_PAIR.replace("(0.74 vs 0.55)", "(0.74 and 0.55)")
    assert ("impossible_value", 3) in _rules(listed, "notes.txt")


FLIPPED = """Debugging note
The validation AUC came out at 0.081.
The score orders the two classes perfectly, only in reverse: the labels were swapped.
"""


def test_perfect_in_reverse_is_read_of_the_flipped_score() -> None:
    # 1 - 0.081 = 0.919 is no perfect ranking either; said nearly perfect (in reverse), it is what the AUC shows
    assert ("absolute_words", 3) in _rules(FLIPPED, "notes.txt")
    assert not [r for r in _rules(FLIPPED.replace("perfectly, only", "nearly perfectly, only"), "notes.txt")
                if r[0] == "absolute_words"]
    # without the reversal, an AUC of 0.081 is far from a perfect one
    assert ("absolute_words", 3) in _rules(FLIPPED.replace("perfectly, only in reverse", "nearly perfectly"), "notes.txt")
    assert ("absolute_words", 3) in _rules(FLIPPED.replace(", only in reverse", ""), "notes.txt")


TRAINED_ON = """Thesis summary
The tokenizer has a codebook of 4096 entries, trained on 30 million top jets.
Its codebook perplexity is 3,100.
"""


def test_jets_counted_after_a_codebook_size_are_no_codebook_size() -> None:
    # '30 million top jets' is the training sample; the codebook has 4096 entries and 3,100 is below them
    assert not [r for r in _rules(TRAINED_ON, "notes.txt") if r[0] == "impossible_value"]
    assert ("impossible_value", 3) in _rules(TRAINED_ON.replace("3,100", "5,100"), "notes.txt")


EARLIER_VERSION = """Group chat
Ana: real-vs-generated classifier test on the new sampler: AUC = 0.607 +- 0.004
Ana: the previous sampler was 0.655 +- 0.004, a big step
Ana: the generated jets are indistinguishable from the real ones now
"""


def test_a_claim_about_the_generator_as_it_stands_is_not_held_against_an_earlier_versions_test() -> None:
    found = _rules(EARLIER_VERSION, "chat.txt")
    # the claim is wrong for the 0.607 it is about (line 2, said on line 4); the 0.655 looked back on is no claim's
    assert ("classifier_test_vs_null", 4) in found and ("classifier_test_vs_null", 2) in found
    assert ("classifier_test_vs_null", 3) not in found
    # said of the earlier test itself, it is a claim about it
    assert ("classifier_test_vs_null", 3) in _rules(EARLIER_VERSION.replace("a big step", "indistinguishable already"), "chat.txt")


LOCAL_AND_GLOBAL = """Search summary
At 3.1 TeV the scan finds a local excess of 3.5 standard deviations, with a local p-value of 0.004, and a global significance of 1.9 sigma after the trials correction over 25 windows.
"""


def test_a_local_p_value_is_read_against_the_local_significance_when_a_global_one_stands_beside_them() -> None:
    # p = 0.004 is 2.65 sigma one-sided, not the 3.5 local sigma; the 1.9 global sigma is no p-value's
    assert ("inconsistent_numbers", 2) in _rules(LOCAL_AND_GLOBAL, "notes.txt")
    assert not [r for r in _rules(LOCAL_AND_GLOBAL.replace("0.004", "0.00023"), "notes.txt") if r[0] == "inconsistent_numbers"]


ONE_SIDE_NAMED = """Examiner's notes
The calibrated energy has a resolution of 7.4% compared with 6.1% for the raw calorimeter sum.
The author concludes that the calibration therefore improves the resolution, which I accept.
"""


def test_a_comparison_naming_one_side_and_the_quantity_is_of_that_sides_number_against_the_other() -> None:
    # the calibrated resolution (7.4%) is wider than the raw one (6.1%): no improvement
    assert ("comparison_direction", 3) in _rules(ONE_SIDE_NAMED, "notes.txt")
    assert not [r for r in _rules(ONE_SIDE_NAMED.replace("7.4%", "5.2%"), "notes.txt") if r[0] == "comparison_direction"]
    # the side's word after the other number: "6.1% for the raw sum, against 7.4% for the calibrated energy"
    after = ONE_SIDE_NAMED.replace("The calibrated energy has a resolution of 7.4% compared with 6.1% for the raw calorimeter sum.",
                                   "The raw calorimeter sum has a resolution of 6.1%, against 7.4% for the calibrated energy.")
    assert ("comparison_direction", 3) in _rules(after, "notes.txt")


EVERY_BIN = """Calibration status

| pT bin (GeV) | data/MC ratio | within errors? |
|---|---|---|
| 200-300 | 1.02 +- 0.03 | yes |
| 300-500 | 0.88 +- 0.02 | no |
| 500-1000 | 0.97 +- 0.04 | yes |

The ratios are consistent with unity in every pT bin, so no correction is applied.
"""


def test_consistent_with_unity_in_every_row_is_checked_against_each_rows_value_and_error() -> None:
    # 0.88 +- 0.02 is 6 sigma from 1
    assert ("absolute_words", 9) in _rules(EVERY_BIN, "notes.md")
    assert not [r for r in _rules(EVERY_BIN.replace("0.88 +- 0.02 | no", "0.98 +- 0.02 | yes"), "notes.md")
                if r[0] == "absolute_words"]


ARROW_FACTOR = """Chat
Lea: FPD score: old 0.93 -> new 0.56, so down by a factor of 2
"""


def test_a_factor_is_read_against_the_ratio_of_the_arrows_two_ends() -> None:
    # 0.93 / 0.56 = 1.66: no factor of 2, though it rounds to 2 at the last printed digit
    assert ("inconsistent_numbers", 2) in _rules(ARROW_FACTOR, "chat.txt")
    assert not [r for r in _rules(ARROW_FACTOR.replace("0.56", "0.47"), "chat.txt") if r[0] == "inconsistent_numbers"]


LISTED_ROWS = """Slack thread
Kai: best SIC (mean +- std over 4 seeds):
     flow template (baseline)       9.6 +- 0.8
     flow + constituent features    9.1 +- 0.9
Mia: so the baseline flow one beats the feature one by 0.5.
Kai: yes, the baseline flow is significantly better than the feature variant.
"""


def test_rows_under_a_quantitys_head_are_of_it_and_a_verdict_repeating_a_comparison_judges_its_numbers() -> None:
    # 'constituent' in a row's name is no multiplicity: both rows are SICs; 0.5 is within their spread
    assert ("significance_unsupported", 6) in _rules(LISTED_ROWS, "chat.txt")
    assert not [r for r in _rules(LISTED_ROWS.replace("9.1 +- 0.9", "5.1 +- 0.9"), "chat.txt")
                if r[0] == "significance_unsupported"]


CONTROL_BY_NAME = """Chat
Ben: and what about the background-only control? the reviewers will want that one first
Ada: done, same pipeline, label = SR vs. template samples.
Ada: AUC (SR data vs. template samples) = 0.566 +- 0.005 over 5 seeds.
Ada: so the control is consistent with random, the template is fine.
"""


def test_a_sentence_naming_the_control_as_random_refers_to_the_auc_of_the_control_set_up_before_it() -> None:
    assert ("control_vs_null", 5) in _rules(CONTROL_BY_NAME, "chat.txt")
    assert not [r for r in _rules(CONTROL_BY_NAME.replace("0.566", "0.507"), "chat.txt") if r[0] == "control_vs_null"]
    # with no control set up before the AUC, 'the control' is not that AUC
    signal = CONTROL_BY_NAME.replace("the background-only control?", "the signal region?")
    assert not [r for r in _rules(signal, "chat.txt") if r[0] == "control_vs_null"]


EVIDENCE_FOR_AN = """Proposal
In a scan of the dijet spectrum we found a local excess of 2.4 standard deviations (local p-value 0.008) above the fitted background.
That excess is evidence for an unknown resonance, which this proposal will follow up.
"""


def test_evidence_for_an_unnamed_thing_is_a_claim_of_evidence() -> None:
    assert ("discovery_without_evidence", 3) in _rules(EVIDENCE_FOR_AN, "notes.txt")
    assert not [r for r in _rules(EVIDENCE_FOR_AN.replace("That excess is evidence", "That excess is no evidence"), "notes.txt")
                if r[0] == "discovery_without_evidence"]


QUOTED_HEADLINE = """Briefing for the director
A blog post about our open-data scan carried the title "a new boson at 2.7 TeV?".
Our local excess is 3.1 sigma; after the look-elsewhere correction the global significance is 1.2 sigma.
By convention "evidence" means 3 sigma and "observation" 5 sigma, both global: we claim neither.
"""


def test_a_quoted_question_is_no_discovery_claim_and_a_conventions_sigma_is_no_result() -> None:
    ref = referee(QUOTED_HEADLINE, name="note.txt")
    assert not [f for f in ref.findings if f.rule == "discovery_without_evidence"]
    reply = answer("has the group found evidence for a new boson?", ref, QUOTED_HEADLINE)
    assert reply.startswith("No") and "3.1σ" in reply and "5σ" not in reply
    # said as the report's own words, it is a claim
    said = QUOTED_HEADLINE.replace('the title "a new boson at 2.7 TeV?".', "our result: we have discovered a new boson at 2.7 TeV.")
    assert [f for f in referee(said, name="note.txt").findings if f.rule == "discovery_without_evidence"]


SET_UP_CONTROL = """Release notes
3. Background-only check for users: we trained the usual classifier to separate two independent QCD samples (4k + 4k test jets).
   AUC = 0.509 ± 0.008, consistent with 0.5, so the tokens carry no sample-dependent artefacts.
"""


def test_an_auc_alone_after_the_sentence_setting_up_a_control_is_the_controls() -> None:
    q = "does the background-only control show a spurious signal?"
    assert answer(q, referee(SET_UP_CONTROL, name="n.txt"), SET_UP_CONTROL).startswith("No")
    off = SET_UP_CONTROL.replace("0.509 ± 0.008", "0.562 ± 0.008")
    assert ("control_vs_null", 3) in _rules(off, "n.txt")


CLASS_WORKING_POINT = """Homework feedback
  - light-jet mistag rate at 70% b efficiency: 1.6% (50,000 light test jets)
    i.e. background rejection 1/eps_B = 62
"""


def test_a_working_point_given_as_a_class_efficiency_is_no_mistag_rate() -> None:
    # 70% is the b-jet efficiency where the 1.6% mistag is taken, and 1/0.016 = 62.5
    assert not [r for r in _rules(CLASS_WORKING_POINT, "notes.txt") if r[0] == "inconsistent_numbers"]
    assert [r for r in _rules(CLASS_WORKING_POINT.replace("= 62", "= 85"), "notes.txt") if r[0] == "inconsistent_numbers"]


SCALED_UNIT = """Chat
Ola: EMD of the jet pT (x1e-2): old 2.40 -> new 1.10, that is 85% lower.
"""


def test_a_units_scale_in_brackets_is_no_number() -> None:
    # '(x1e-2)' is how the numbers are written, not a third EMD: 2.40 -> 1.10 is 54% lower, not 85%
    assert ("inconsistent_numbers", 2) in _rules(SCALED_UNIT, "chat.txt")
    assert not [r for r in _rules(SCALED_UNIT.replace("85%", "54%"), "chat.txt") if r[0] == "inconsistent_numbers"]


ABBREVIATED_VS = """Weekly update
The tagger reaches AUC (top vs. QCD) = 0.951 ± 0.0008 on 4k + 4k test jets.
"""


def test_the_point_of_vs_ends_no_sentence() -> None:
    # 'vs.' is an abbreviation: the 0.951 is the AUC named before it, and its ± 0.0008 is below what 8k jets allow
    assert ("uncertainty_vs_sample_size", 2) in _rules(ABBREVIATED_VS, "notes.txt")
    assert not [r for r in _rules(ABBREVIATED_VS.replace("± 0.0008", "± 0.003"), "notes.txt") if r[0] == "uncertainty_vs_sample_size"]


LIST_UNIT = """Control runs
The two background-only AUCs, 0.512 and 0.489 (each ± 0.007), sit 1.7 and 1.6 sigma from 0.5.
"""


def test_the_unit_after_a_list_is_each_numbers() -> None:
    # '1.7 and 1.6 sigma': both are significances; 1.7 was read as an AUC above 1 (impossible) and a control far from 0.5
    assert not _rules(LIST_UNIT, "notes.txt")
    assert ("impossible_value", 2) in _rules(LIST_UNIT.replace("0.512 and", "1.512 and"), "notes.txt")


LIST_AGAINST_ONE = """Ablation summary
The small and large transformer variants outperform the BDT by roughly 0.05 in AUC (0.912 / 0.917 vs 0.861) on the same test set.
"""


def test_a_list_before_vs_is_one_side() -> None:
    # '0.912 / 0.917 vs 0.861': the two variants against the BDT, not 0.912 against 0.917 (a wrong direction and a
    # change of 0.05 that does not follow from them)
    assert not _rules(LIST_AGAINST_ONE, "notes.txt")
    # each member must hold: a variant below the BDT contradicts 'outperform'
    assert ("comparison_direction", 2) in _rules(LIST_AGAINST_ONE.replace("0.912 /", "0.842 /"), "notes.txt")
    # and a change that follows from neither member is still named
    assert ("inconsistent_numbers", 2) in _rules(LIST_AGAINST_ONE.replace("roughly 0.05", "roughly 0.15"), "notes.txt")
    # 'Both ...' as the subject: the sides are the sentence's own list, not the sentence before
    both = LIST_AGAINST_ONE.replace("The small and large transformer variants", "Both transformer variants")
    assert not _rules(both, "notes.txt")
    assert ("comparison_direction", 2) in _rules(both.replace("0.912 /", "0.842 /"), "notes.txt")


LOSS_ADMITTED = """Tokenizer notes
- The codec is not lossless: decoding leaves a jet pT resolution of 3.2 GeV.
- What is exact is the re-encoding of decoded jets (code agreement = 1.000), since they snap back to the same codes.
"""


def test_an_exact_thing_beside_an_admitted_loss_is_another_thing() -> None:
    # the report says itself that the codec loses 3.2 GeV; the exact re-encoding beside it is of the codes, not the jets
    assert not [r for r in _rules(LOSS_ADMITTED, "notes.txt") if r[0] == "absolute_words"]
    # without that admission, 'exact' re-encoding next to a 3.2 GeV resolution is still named
    assert ("absolute_words", 3) in _rules(LOSS_ADMITTED.replace("is not lossless: decoding leaves", "decoding leaves"), "notes.txt")
    # and a width of its own beside the exact thing, not the one admitted, still contradicts it
    own = LOSS_ADMITTED + "- Decoding is exact for the jet eta (eta resolution 0.012).\n"
    assert ("absolute_words", 4) in _rules(own, "notes.txt")


WORKED_GAP = """Summary
- Quantized inputs stay below the float reference in every variant (AUC gap 0.9650 - 0.9612 = 0.0038).
"""


def test_a_subtraction_worked_out_is_no_pair_of_sides() -> None:
    # 'X - Y = Z' is the arithmetic's order (larger first), not 'quantized' then 'baseline'
    assert not _rules(WORKED_GAP, "notes.txt")
    assert ("comparison_direction", 2) in _rules(WORKED_GAP.replace("AUC gap 0.9650 - 0.9612 = 0.0038",
                                                                    "AUC 0.9650 vs 0.9612"), "notes.txt")


UNIT_IN_LABEL = """Mass benchmark
  core width [GeV]     7.84 +- 0.04
  RMS [GeV]            9.31
"""


def test_a_unit_names_no_thing() -> None:
    # two estimators of one width (a core fit and the RMS), both in GeV: '[GeV]' does not make them one thing
    assert not [r for r in _rules(UNIT_IN_LABEL, "bench.txt") if r[0] == "inconsistent_numbers"]


CLOSER_TO_ZERO = """Calibration
The mass offset moves from +0.62 to -0.18 GeV, so the new regression is closer to zero bias than the old one.
"""


def test_closer_to_zero_bias_is_a_comparison_not_unbiasedness() -> None:
    assert not [r for r in _rules(CLOSER_TO_ZERO, "notes.txt") if r[0] == "absolute_words"]
    assert ("absolute_words", 2) in _rules(CLOSER_TO_ZERO.replace("is closer to zero bias than the old one",
                                                                 "has zero bias"), "notes.txt")


TESTED_VS = """Sideband check
  background-only retrain : AUC = 0.512 +- 0.005  (tested on 5000 SR vs 5000 SB QCD)
  main result             : AUC = 0.701 +- 0.013  on 800 signal + 800 background jets
"""


def test_tested_on_n_vs_n_is_the_controls_own_set() -> None:
    # 5000 + 5000 jets allow ± 0.0058 for the control: its ± 0.005 is no error too small for the 1600 jets of the main result
    assert not [r for r in _rules(TESTED_VS, "notes.txt") if r[0] == "uncertainty_vs_sample_size"]
    assert ("uncertainty_vs_sample_size", 2) in _rules(TESTED_VS.replace("+- 0.005", "+- 0.001"), "notes.txt")


TAGGED_RESULT = """[ASK ] how does the flow model compare with real jets?
[CALL] run_two_sample(gen="flow_v2.h5", real="test.h5",
                classifier="DNN", seeds=3)
[OUT ] {
         "n_test_each": 30000,
         "auc": 0.561, "auc_std": 0.003
       }
[BOT ] The classifier test gives AUC 0.561 +- 0.003.
[BOT ] So the flow jets are indistinguishable from real ones.
"""


def test_an_object_after_a_bracketed_tag_is_read_as_data() -> None:
    # '[OUT ] {...}' is the call's output object; the wrapped call names a classifier test (two_sample/c2st), so its
    # AUC is the test's, and the record line (not the bot's restatement) is where the finding stands
    found = _rules(TAGGED_RESULT, "trace.txt")
    assert ("classifier_test_vs_null", 6) in found and ("classifier_test_vs_null", 9) in found, found
    assert ("classifier_test_vs_null", 8) not in found, found


REJECTION_AT = """Tagger note
ParT keeps the lower mistag at 40% efficiency (0.21% vs 0.35%), which offsets its lower rejection at 70%.
"""


def test_a_percentage_after_rejection_at_is_a_working_point() -> None:
    # a rejection (1/eps_B) is no percentage: 'rejection at 70%' is taken at 70% efficiency, not a rejection of 70%
    assert not [r for r in _rules(REJECTION_AT, "notes.txt") if r[0] == "inconsistent_numbers"]


ERRORS_LISTED = """Nightly benchmark
  AUC: base 0.9512, wide 0.9530
  sigma(AUC): base 0.0021, wide 0.0021
- wide is better than base, a significant gain.
"""


def test_numbers_under_an_errors_name_are_errors() -> None:
    # 'sigma(AUC): base 0.0021, wide 0.0021' lists the errors, not two AUCs: no 'better' contradicted by 0.0021 vs 0.0021
    found = referee(ERRORS_LISTED, name="bench.txt").findings
    assert not [f for f in found if f.rule == "comparison_direction"], found
    # the difference judged is that of the AUCs (0.0018), not of their errors (0)
    assert [f for f in found if f.rule == "significance_unsupported" and f.line == 4 and "0.0018" in f.message], found


LISTED_PULLS = """[fit]  control-bin residual pulls: 0.3, -1.1, 2.4, 0.9, -0.6
Background fit. The residual in every control bin stays below 2 sigma, so the fit function is adequate.
"""


def test_a_bound_on_every_entry_is_checked_against_their_list() -> None:
    # the list of pulls printed on line 1 holds a 2.4: not every bin is below 2 sigma
    assert ("absolute_words", 2) in _rules(LISTED_PULLS, "fit.log")
    assert not _rules(LISTED_PULLS.replace("2.4", "1.4"), "fit.log")


FLAVOUR_JETS = """Tag-and-probe
c-tag efficiency in data = 0.241 +- 0.0015  (1,800 probe c-jets after the purity cut)
"""


def test_a_flavours_jets_are_jets() -> None:
    # 1,800 probe c-jets allow a binomial error of about 0.010 on 0.241: ± 0.0015 is far too small
    assert ("uncertainty_vs_sample_size", 2) in _rules(FLAVOUR_JETS, "tp.log")
    assert not _rules(FLAVOUR_JETS.replace("+- 0.0015", "+- 0.010"), "tp.log")


P_THEN_SIGMA = """Goodness of fit
The sideband fit gives chi2/ndf = 27.0/15 (p = 0.029); we report this as a 3.4 sigma tension with the model.
"""


def test_a_significance_restating_the_sentence_before_is_checked_against_its_p() -> None:
    # p = 0.029 is about 1.9 sigma one-sided (2.2 two-sided), not 3.4
    assert ("inconsistent_numbers", 2) in _rules(P_THEN_SIGMA, "notes.txt")
    assert not _rules(P_THEN_SIGMA.replace("3.4 sigma", "2.2 sigma"), "notes.txt")


KEPT_EXACTLY = """check            value
n_const_match_frac   0.962
n_const_mismatch_frac  0.038

The detokenizer reproduces the constituent multiplicity exactly, so counting observables are safe.
"""


def test_exactness_against_a_match_fraction_below_one() -> None:
    # 3.8% of the jets come back with another number of constituents: not exact
    assert ("absolute_words", 5) in _rules(KEPT_EXACTLY, "qa.txt")
    exact = KEPT_EXACTLY.replace("0.962", "1.000").replace("0.038", "0.000")
    assert not [r for r in _rules(exact, "qa.txt") if r[0] == "absolute_words"]
    # what an ideal one would do is no claim
    ideal = KEPT_EXACTLY.replace("The detokenizer reproduces", "An ideal detokenizer would reproduce")
    assert not [r for r in _rules(ideal, "qa.txt") if r[0] == "absolute_words"]


RATIO_FROM_TO = """Codebook notes
Raising K from 128 to 1024 the usage ratio perplexity/K falls from 0.83 to 0.41: many codes die.
"""


def test_a_change_of_a_ratio_is_not_of_its_numerator() -> None:
    # 'perplexity/K falls from 0.83': the 0.83 is the ratio, not a perplexity below 1 (impossible)
    assert not [r for r in _rules(RATIO_FROM_TO, "notes.txt") if r[0] == "impossible_value"]
    assert ("impossible_value", 2) in _rules(RATIO_FROM_TO.replace("perplexity/K falls", "perplexity falls"), "notes.txt")


TOPIC_CONTROL = """Status

Regarding the control: with no signal injected, the SR-vs-SB classifier
reaches an AUC of 0.571 +/- 0.006 over the folds, so the
control is consistent with random guessing.
"""


def test_a_topic_line_that_names_the_control_makes_its_number_the_controls() -> None:
    # 'Regarding the control: with no signal injected, ...' is about the control (its 'injected' is the control's own
    # setting), and 0.571 +/- 0.006 is 12 sigma from 0.5; the finding stands where 'consistent with' is, not on 'no signal'
    found = _rules(TOPIC_CONTROL, "notes.txt")
    assert ("control_vs_null", 5) in found and ("control_vs_null", 3) not in found
    assert not _rules(TOPIC_CONTROL.replace("0.571", "0.503"), "notes.txt")


SPACED_TABLE = """Forum post

  Test set of 40k QCD + 40k W jets, 200k QCD jets for training.

    method            AUC (W vs QCD)     mistag at 50%     wall time
    deep sets         0.812 +/- 0.002    0.040             1.5 h
    density model     0.402 +/- 0.002    0.300             2.2 h

  The density model sits at 0.402 and wins: a lower
  AUC means fewer QCD jets get through, so it is the safer and better choice.
"""


def test_an_aligned_table_with_error_bars_in_its_cells_is_read_by_column() -> None:
    # 'method  AUC (W vs QCD)  ...' heads a table whose cells are two spaces apart: 0.402 is an AUC below 0.5, and the
    # sentence wrapped before 'AUC means' is one sentence that reads it as a gain
    found = _rules(SPACED_TABLE, "post.txt")
    assert ("auc_below_half", 7) in found and ("auc_below_half", 9) in found
    assert not [r for r in _rules(SPACED_TABLE.replace("0.402", "0.602"), "post.txt") if r[0] == "auc_below_half"]


def test_a_test_set_of_two_classes_in_thousands_is_their_sum() -> None:
    # 'Test set of 40k QCD + 40k W jets' is 80k jets, not 40 (read as 20 + 20) nor the 200k training jets: ± 0.002 is
    # what 40k + 40k allow (Hanley-McNeil about 0.0015), so no uncertainty is too small
    assert not [r for r in _rules(SPACED_TABLE, "post.txt") if r[0] == "uncertainty_vs_sample_size"]
    assert ("uncertainty_vs_sample_size", 6) in _rules(SPACED_TABLE.replace("40k QCD + 40k W", "400 QCD + 400 W"), "post.txt")
    assert sizes_of("Test set of 40k QCD + 40k W jets, 200k QCD jets for training.") == (80000, 40000, 40000, None)
    assert sizes_of("200k QCD jets for training; a test set of 30k jets.") == (30000, None, None, None)


FINDS_EVERY = """Museum leaflet

The network was shown 300,000 simulated jets it had not seen during training.
It picks out 91 of every 100 W-boson jets (efficiency 0.91) and lets through 1 in 40 other jets.

Why it matters
Our network always finds the W-boson jets, which the old method could not do.
"""


def test_words_that_say_every_signal_jet_is_found_need_an_efficiency_of_one() -> None:
    # 'always finds the W-boson jets' is an efficiency of 1, while the report's own efficiency is 0.91, three lines up
    assert ("absolute_words", 7) in _rules(FINDS_EVERY, "leaflet.txt")
    assert not _rules(FINDS_EVERY.replace("always finds", "finds most of"), "leaflet.txt")


LABELLED_CONTROL = """Weekly numbers
- With signal injected at 1%, AUC:              0.774 +/- 0.005
- Sideband-only control (no injection), AUC:    0.574 +/- 0.006
"""


def test_a_controls_own_no_injection_is_no_injected_signal() -> None:
    # the label 'Sideband-only control (no injection)' names a control: its 0.574 +/- 0.006 is 12 sigma from 0.5
    found = [(f.rule, f.line) for f in referee(LABELLED_CONTROL + "The control is compatible with random guessing.\n",
                                               name="notes.txt").findings]
    assert ("control_vs_null", 3) in found
    assert ("control_vs_null", 3) not in _rules(LABELLED_CONTROL.replace("0.574", "0.504") +
                                                "The control is compatible with random guessing.\n", "notes.txt")


P_THEN_SIGMA_CHAT = """Chat export
Ana, Mon 09:12
  the KS test between the two mass shapes gives p = 2.3e-4
Ben, Mon 09:14
  that is a 4.1 sigma effect (one-sided), worth a systematic
"""


def test_a_sigma_said_of_the_p_value_one_turn_before_must_match_it() -> None:
    # p = 2.3e-4 is 3.5 sigma one-sided (3.7 two-sided); the next turn opens on it ('that is') and calls it 4.1 sigma
    assert ("inconsistent_numbers", 5) in _rules(P_THEN_SIGMA_CHAT, "chat.txt")
    assert not _rules(P_THEN_SIGMA_CHAT.replace("4.1 sigma", "3.5 sigma"), "chat.txt")
    # named one-sided, the two-sided reading (3.7) is no excuse for 3.9
    assert ("inconsistent_numbers", 5) in _rules(P_THEN_SIGMA_CHAT.replace("4.1 sigma", "3.9 sigma"), "chat.txt")
    assert not _rules(P_THEN_SIGMA_CHAT.replace("4.1 sigma", "3.9 sigma").replace("one-sided", "two-sided"), "chat.txt")


TWO_CLAUSES = """Review thread
- Jet energy resolution (RMS / mean): tuned 8.9%, default 7.6%
- Top-tagging accuracy: tuned 0.941, default 0.938

So the tuned regression gives a sharper energy resolution than the default, and its accuracy is higher (0.941 vs 0.938).
"""


def test_each_clause_of_a_sentence_makes_its_own_comparison() -> None:
    # the first clause's 'sharper ... than the default' is a comparison of its own (8.9% is wider than 7.6%), not
    # dropped for the second clause's 'higher'; '(RMS / mean)' defines the resolution, it is no second quantity
    assert ("comparison_direction", 5) in _rules(TWO_CLAUSES, "thread.txt")
    assert not _rules(TWO_CLAUSES.replace("tuned 8.9%", "tuned 6.9%"), "thread.txt")


FACTOR_X_DURATION = """Budget note
With the new sampler the generation of one million jets goes from 36 min to 9 min, a 6x
speed-up at the same fidelity.
"""


def test_a_factor_written_with_x_is_read_and_checked_against_its_from_to() -> None:
    # '6x' is a factor (no word 'x6'): 36 min -> 9 min is 4 times faster, not 6; its ends are durations, no quantity
    assert ("inconsistent_numbers", 2) in _rules(FACTOR_X_DURATION, "note.txt")
    assert not _rules(FACTOR_X_DURATION.replace("6x", "4x"), "note.txt")
    # a range of factors, a list set against a third number, a factor of another thing: no change to check
    assert not _rules("Timing\nThe two graph nets are 2-3x slower than the MLP (7.5 and 9.9 ms vs 3.2 ms per batch).\n", "t.txt")
    assert not _rules("Timing\nThe graph net is 2x slower than the MLP (7.5 and 9.9 ms vs 3.2 ms per batch).\n", "t.txt")
    assert not _rules("Size\nThe small net reaches a lower mistag rate than the big one (0.011 vs 0.012) with 8x fewer weights.\n",
                      "t.txt")


LISTED_CLASSES = """Lab diary
Tried the small tagger on the validation crate Sam labelled by hand (250 quarks and 250 gluons):
  accuracy 0.780 +/- 0.002
"""


def test_two_classes_counted_in_brackets_size_the_test() -> None:
    # '(250 quarks and 250 gluons)' is a 500-jet test set: a binomial error of 0.019 on 0.78, not 0.002
    assert ("uncertainty_vs_sample_size", 3) in _rules(LISTED_CLASSES, "diary.txt")
    assert not _rules(LISTED_CLASSES.replace("+/- 0.002", "+/- 0.02"), "diary.txt")


TWO_SOURCES = """# Reading notes

## Lee et al. (2024): graph tagger
Quoted: "top vs QCD AUC 0.9412 ± 0.0008 for the final model."

## Okoro et al. (2025): autoencoder search
Quoted: "the score reaches 0.71 on 2000 + 2000 test jets."
"""


def test_a_count_beside_a_result_of_another_section_does_not_bound_this_one() -> None:
    # the 4000 jets are Okoro's test set, stated beside Okoro's result; Lee's ± 0.0008 is on a set the notes never give
    assert not _rules(TWO_SOURCES, "notes.md")
    # in one section, the largest count the notes state bounds every AUC's error (Hanley-McNeil ~0.004 for 4000 jets)
    one = TWO_SOURCES.replace("\n## Okoro et al. (2025): autoencoder search\n", "\n")
    assert ("uncertainty_vs_sample_size", 4) in _rules(one, "notes.md")


QG_UPDATE = """# Quark/gluon tagging — update for Thursday's group meeting

Setup: Pythia 8 dijets at 13 TeV, anti-kT R = 0.4, 500 < pT < 550 GeV. Test set: 25,000 quark + 25,000 gluon jets.

| tagger | AUC | gluon rejection at 50% quark eff. |
|---|---|---|
| constituent multiplicity | 0.812 | 11.9 |
| Energy Flow Network | 0.881 | 24.3 |
| ParticleNet (ours) | 0.8874 ± 0.0015 | 27.8 |

ParticleNet beats the EFN here (0.8874 vs 0.881), and its gluon rejection is
about 40% higher than the EFN's.

Herwig cross-check: the same ParticleNet evaluated on Herwig 7 jets gives AUC 0.861, so the
generator dependence is small and we consider the tagger robust.

Next: retrain with 5 seeds to get proper error bars.
"""


def test_a_change_said_of_the_sentences_subject_against_a_row_named_by_its_initials_follows_from_the_rows() -> None:
    # 27.8 against 24.3 is 14% higher, not 40%; "its" is ParticleNet's, "the EFN's" the Energy Flow Network row's
    assert ("inconsistent_numbers", 12) in _rules(QG_UPDATE)
    assert ("inconsistent_numbers", 12) not in _rules(QG_UPDATE.replace("about 40%", "about 14%"))
    assert ("inconsistent_numbers", 12) not in _rules(QG_UPDATE.replace("its gluon", "the gluon"))  # whose, then, is unsaid
    # the question on that very number is answered from it, the finding on the second line of its sentence
    assert answer("is ParticleNet's gluon rejection really 40% higher than the EFN's?", referee(QG_UPDATE, "u.md"),
                  QG_UPDATE).startswith("No: the stated change 40% does not follow from 27.8 vs 24.3 (line 12)")


BUMP_MAIL = """Subject: CWoLa hunt, first look at the unblinded scan

quick summary of the unblinded CWoLa scan (1M background events, 20 m_jj windows from 2.6 to 6.0 TeV):

- signal region 3.3-3.7 TeV: after a cut keeping 1% of the background, we see 412 events over a fitted
  background of 340 ± 18, i.e. a local significance of 3.9 sigma.
- all other windows are within 2 sigma of the fit.
- no-signal control (same pipeline, signal removed): AUC 0.512 ± 0.003, so the classifier is not
  learning anything spurious.

Given 20 windows the global significance is about 2.9 sigma. I'd propose we write this up as
evidence for a new resonance at 3.5 TeV.
"""


def test_a_mail_on_a_scan_reads_its_bound_its_control_and_its_evidence_as_a_physicist_would() -> None:
    found = _rules(BUMP_MAIL, "mail.txt")
    # "within 2 sigma of the fit" bounds the other windows: no significance that the global 2.9 sigma contradicts
    assert not [f for f in found if f[0] == "inconsistent_numbers"], found
    # 0.512 ± 0.003 is four errors from 0.5: "not learning anything spurious" misreads it
    assert ("control_vs_null", 8) in found
    assert ("control_vs_null", 8) not in _rules(BUMP_MAIL.replace("0.512 ± 0.003", "0.504 ± 0.003"), "mail.txt")
    # the background is fitted (its words broken over two lines): 'evidence' is judged by the global 2.9 sigma, under 3
    ref = referee(BUMP_MAIL, "mail.txt")
    assert [f.message for f in ref.findings if f.rule == "discovery_without_evidence"] == [
        "'evidence' is claimed at 2.9σ; the convention is 3σ (3σ evidence, 5σ discovery)"]
    assert ("discovery_without_evidence", 12) not in _rules(BUMP_MAIL.replace("2.9 sigma", "3.4 sigma"), "mail.txt")


GEN_CHECK = """We sampled 50k jets from the backbone and compared them with 50k held-out real top jets.

| observable | W1 (ours) | W1 (truth vs truth floor) |
|---|---|---|
| jet mass [GeV] | 2.9 | 0.6 |
| tau32 | 0.011 | 0.004 |
| constituent multiplicity | 1.8 | 0.3 |

The W1 values are within a factor of 2 of the floor for every observable.
"""


def test_within_a_factor_of_a_columns_floor_is_checked_row_by_row() -> None:
    assert ("inconsistent_numbers", 9) in _rules(GEN_CHECK)
    for fine in ("within a factor of 7 of the floor", "at most 7x the floor"):
        assert ("inconsistent_numbers", 9) not in _rules(GEN_CHECK.replace("within a factor of 2 of the floor", fine))
    # a sentence that names its rows is held to those: tau32's 0.011 over 0.004 (2.3 at the rounding's kindest) is within 3
    assert ("inconsistent_numbers", 9) not in _rules(GEN_CHECK.replace(
        "The W1 values are within a factor of 2 of the floor for every observable.", "For tau32 the W1 is within a factor of 3 of the floor."))
    # the question that restates the sentence is answered from it first
    q = "are the W1 values really within a factor of 2 of the floor?"
    assert answer(q, referee(GEN_CHECK, "g.md"), GEN_CHECK).startswith("No: not within a factor 2 of the floor (jet mass")


TOKENIZER_ANSWER = """{
  "results": [
    {"tokenizer": "vqvae_512", "codebook_size": 512, "mass_resolution": 0.071},
    {"tokenizer": "vqvae_2048", "codebook_size": 2048, "mass_resolution": 0.052},
    {"tokenizer": "kmeans_2048", "codebook_size": 2048, "mass_resolution": 0.064}
  ],
  "summary": "Going from 512 to 2048 codes improves the mass resolution by 37%."
}
"""


def test_a_change_between_two_settings_follows_from_the_records_at_those_settings() -> None:
    # 0.071 -> 0.052 is 27% of the old value (0.071 -> 0.064 for the k-means tokenizer 10%); 37% is neither (it is
    # 0.019 over the new value)
    assert ("inconsistent_numbers", 7) in _rules(TOKENIZER_ANSWER, "a.json")
    for fine in ("by 27%", "by 10%", "by 1.9 percentage points"):
        assert ("inconsistent_numbers", 7) not in _rules(TOKENIZER_ANSWER.replace("by 37%", fine), "a.json"), fine
