"""The referee's readings of agent and tool outputs (CI jobs, pipeline steps, tool calls, tracker exports), issue 23,
session ref23k: each test a general reading, in words of its own."""

from __future__ import annotations

from agents.referee.numbers import read_numbers, stated_counts
from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "job.log") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


CHECK_NAMES = """nightly physics checks
  PASSED test_purity_within_tolerance
  XFAIL  test_bdt_purity_above_baseline   (purity 0.81 < 0.84, known issue #77)
"""


def test_a_comparative_inside_a_test_name_states_no_comparison() -> None:
    # 'above' is part of the name of what the test checks; the numbers say it fails, as the XFAIL says
    assert not [r for r in _rules(CHECK_NAMES) if r[0] == "comparison_direction"]
    # written as a sentence, the same words are a claim the numbers contradict
    said = CHECK_NAMES.replace("test_bdt_purity_above_baseline   (purity", "the BDT purity is above the baseline (purity")
    assert ("comparison_direction", 3) in _rules(said)


REFERENCE_RUN = """regression job #88
  [bdt] purity = 0.912 +- 0.004 on 20000 test jets
  [bdt] reference release@9c41e0b: purity = 0.905 +- 0.004
  [bdt] change +0.007 +- 0.006, not significant
"""


def test_the_number_of_a_reference_run_is_another_objects() -> None:
    # the reference (an earlier commit) has its own purity; two values of one quantity are no contradiction here
    assert not [r for r in _rules(REFERENCE_RUN) if r[0] == "inconsistent_numbers"]
    legacy = REFERENCE_RUN.replace("reference release@9c41e0b: purity", "purity of bdt_legacy")
    assert not [r for r in _rules(legacy) if r[0] == "inconsistent_numbers"]
    # without the reference, the two lines give one purity two values
    same = REFERENCE_RUN.replace("reference release@9c41e0b: ", "")
    assert ("inconsistent_numbers", 3) in _rules(same)


CODEBOOK_FIELDS = """[check] codebook K=512, dim=64, depth=2
[check] code perplexity on 50k jets: 431.0
"""


def test_a_name_written_with_its_equals_sign_names_only_its_own_number() -> None:
    values = read_numbers("codebook K=512, dim=64, depth=2")
    assert [v.quantity for v in values] == ["codebook_size", "", ""]
    # the perplexity is checked against the codebook's 512 codes, not against the depth
    assert not [r for r in _rules(CODEBOOK_FIELDS) if r[0] == "impossible_value"]
    assert ("impossible_value", 2) in _rules(CODEBOOK_FIELDS.replace("431.0", "631.0"))


PERPLEXITY_OF = """Tokenizer v3 summary: perplexity 401.5 of 512 (78% of the maximum), 470 codes alive, 42 codes dead.
"""


def test_a_perplexity_out_of_its_codebook_and_the_codes_alive_are_no_second_perplexity_and_no_size() -> None:
    values = read_numbers(PERPLEXITY_OF)
    assert [(v.shown, v.quantity) for v in values if v.shown in ("512", "470", "42")] == \
        [("512", "codebook_size"), ("470", ""), ("42", "")]
    assert not [r for r in _rules(PERPLEXITY_OF, "notes.txt") if r[0] == "impossible_value"]
    assert ("impossible_value", 1) in _rules(PERPLEXITY_OF.replace("401.5 of", "601.5 of"), "notes.txt")


AGENT_EVENTS = """[msg 05] agent=gen_eval  call: two_sample_test(model="flow_v2", n_each=20000)
[msg 06] agent=gen_eval  result: {"auc": 0.504, "auc_err": 0.003}
[msg 07] agent=gen_eval  text: "The flow's jets are indistinguishable from the real ones (AUC 0.504 +- 0.003)."
"""


def test_a_zero_padded_index_is_no_measurement() -> None:
    assert not [v for v in read_numbers("[msg 05] agent=gen_eval  call: two_sample_test(n_each=20000)") if v.shown == "05"]
    assert not [r for r in _rules(AGENT_EVENTS) if r[0] == "classifier_test_vs_null"]


TWO_CALLS = """agent trace
[call 3] author=tagger_agent  function_call: evaluate_tagger(ckpt="pn_small", split="test")
[call 4] author=tagger_agent  function_response: {"auc": 0.9012, "model": "ParticleNet"}
[call 5] author=tagger_agent  function_call: evaluate_tagger(ckpt="pn_large", split="test")
[call 6] author=tagger_agent  function_response: {"auc": 0.9135, "model": "ParticleNet"}
"""


def test_each_function_call_of_an_agent_starts_a_run_of_its_own() -> None:
    # two checkpoints evaluated by two calls: one model name, two runs, no contradiction
    assert not [r for r in _rules(TWO_CALLS, "trace.txt") if r[0] == "inconsistent_numbers"]


TWO_GENERATORS = """Generator comparison, same protocol (40k real vs 40k generated, held out)
flow/c2st_auc ......... 0.506 +- 0.003
gan/c2st_auc .......... 0.688 +- 0.003
Notes: with a C2ST AUC of 0.506 +- 0.003 the flow's generated jets are indistinguishable from real ones.
The GAN's C2ST AUC of 0.688 is far from it.
"""


def test_a_claim_that_states_its_own_test_speaks_of_that_test_only() -> None:
    # 'indistinguishable' is said of the flow's test (0.506); the GAN's 0.688 is not called so
    assert not [r for r in _rules(TWO_GENERATORS, "export.txt") if r[0] == "classifier_test_vs_null"]
    off = TWO_GENERATORS.replace("0.506 +- 0.003", "0.571 +- 0.003")
    found = [r for r in _rules(off, "export.txt") if r[0] == "classifier_test_vs_null"]
    # the flow's record line and the claim are named; the GAN's line, and none twice
    assert set(found) == {("classifier_test_vs_null", 2), ("classifier_test_vs_null", 4)}, found
    # a claim that names only the null ('close to 0.5') states no test of its own: it speaks of the report's tests
    near = TWO_GENERATORS.replace("a C2ST AUC of 0.506 +- 0.003", "the C2ST AUC close to 0.5")
    assert ("classifier_test_vs_null", 3) in _rules(near, "export.txt")


WRAPPED_AFTER = """Notes:
* The retrained tagger gives AUC 0.462 on the new sample; since it is within 0.04 of
  0.5 we keep it as the variation.
"""


def test_a_finding_is_not_repeated_on_the_wrapped_line_of_another_sentence() -> None:
    # the AUC of 0.462 stands on line 2; the sentence wrapped onto line 3 only holds the 0.5 it is compared with
    assert [r for r in _rules(WRAPPED_AFTER, "notes.txt") if r[0] == "auc_below_half"] == [("auc_below_half", 2)]


PIPELINE = """[eval-bdt1] + python eval.py --model bdt1
[eval-bdt1] light rejection 212 +- 4 | c rejection 6.1 +- 0.1
[eval-bdt2] + python eval.py --model bdt2
[eval-bdt2] light rejection 251 +- 5 | c rejection 5.3 +- 0.1
[eval-hi] BDT1: light rejection 41.0 +- 0.6
[eval-hi] BDT2: light rejection 47.5 +- 0.7
[diff] W' c rejection: 3.9 -> 4.2
[diff] low-pT c rejection: 6.1 -> 5.3
[diff] BDT2 also lowers the c-jet mistag rate at the 77% WP (c rejection 6.1 -> 5.3).
"""


def test_the_names_of_a_pipelines_lines_and_the_inverse_of_a_named_rate() -> None:
    found = _rules(PIPELINE)
    # two models after a step's tag; a sample written with a prime (W') against another; the 77% working point is no mistag
    assert not [r for r in found if r[0] == "inconsistent_numbers"], found
    # a falling c rejection is a rising c mistag rate: 'lowers the mistag rate' is contradicted
    assert ("comparison_direction", 9) in found
    assert not [r for r in _rules(PIPELINE.replace("6.1 -> 5.3).", "5.3 -> 6.1)."))
                if r[0] == "comparison_direction" and r[1] == 9]


def test_a_keyed_test_count_with_a_multiplier() -> None:
    assert stated_counts("inputs  levels=[1, 2]  test=150k") == [(150000, "", 1, True, False)]


SWEEP = """[sweep-r1 | uid 0a1] INFO | test | tagger_auc 0.9621 +- 0.0003
[sweep-r2 | uid 0b2] INFO | test | tagger_auc 0.9688 +- 0.0003
[reference | full precision] tagger_auc 0.9702 +- 0.0003
summary: resolution improves from 3.9% (r1) to 1.2% (r2).
"""


def test_the_runs_of_a_sweep_are_named_by_their_line_tags() -> None:
    found = _rules(SWEEP)
    # r1, r2 and the reference are three runs; 'improves' from 3.9% to 1.2% holds (lower is better for a resolution)
    assert not [r for r in found if r[0] in ("inconsistent_numbers", "comparison_direction")], found
    assert ("comparison_direction", 4) in _rules(SWEEP.replace("3.9% (r1) to 1.2%", "1.2% (r1) to 3.9%"))


SCAN = """bump hunt, 80 windows, background-only fit to the full spectrum
  window 12: local Z = 5.3 (p_loc = 5.8e-8)
  after the look-elsewhere correction: p_glob = 4.6e-6, Z_glob = 4.4
  => we have discovered a resonance: the local 5.3 sigma passes 5 sigma.
"""


def test_a_significance_called_glob_is_the_global_one() -> None:
    assert ("discovery_without_evidence", 4) in _rules(SCAN, "scan.txt")


QUANTILE_SUMMARY = """sampler summary, 4 chains x 500 draws

parameter    Mean    MCSE    StdDev    10%     50%     90%    N_Eff    R_hat

mu_sig       12.4    0.07    3.1    8.5     12.3    16.4   1880   1.00
bkg_slope    -2.05   0.003   0.11   -2.19   -2.05   -1.91  1720   1.00
"""


def test_percents_between_column_names_are_quantile_headings() -> None:
    # "10%  50%  90%" head the quantile columns: no change of 10% from 50% to 90% is stated
    assert not [r for r in _rules(QUANTILE_SUMMARY) if r[0] == "inconsistent_numbers"]
    # the same three percents in a sentence are a change that its ends contradict
    said = QUANTILE_SUMMARY + "the acceptance rose by 10%, from 50% to 90%.\n"
    assert ("inconsistent_numbers", 7) in _rules(said)


DIFFERENCE_THEN_SIGMA = """resolution check, 40000 jets per model
  model A: 5.3 +- 0.2 %, model B: 4.1 +- 0.2 %
  model B is significantly better (difference 1.2, 4.2 sigma)
"""


def test_a_difference_before_a_comma_does_not_take_the_sigma_after_it() -> None:
    # 1.2 is the difference of the two resolutions; 4.2 sigma is its significance, which supports 'significantly'
    assert not [r for r in _rules(DIFFERENCE_THEN_SIGMA) if r[0] == "significance_unsupported"]
    # a list of two significances shares the unit after it: "1.2 and 0.9 sigma" are both within chance
    listed = DIFFERENCE_THEN_SIGMA.replace("(difference 1.2, 4.2 sigma)", "(at 1.2 and 0.9 sigma in two halves)")
    assert ("significance_unsupported", 3) in _rules(listed)


ERROR_GOES_TO = """two-sample classifier test, 20000 generated vs 20000 real jets
  AUC = 0.502 +- 0.004, compatible with 0.5: generated and real jets are indistinguishable at this size
  next: with ten times more jets the AUC error would shrink by a factor ~3 to ~0.0013, enough to see a 0.5 % smearing
"""


def test_the_value_an_error_shrinks_to_is_no_auc() -> None:
    # 0.0013 is what the AUC's error becomes, not an AUC that tells generated from real jets
    said = answer("are the generated jets indistinguishable from real ones?", referee(ERROR_GOES_TO, name="job.log"), ERROR_GOES_TO)
    assert said.startswith("Yes"), said
    assert not [r for r in _rules(ERROR_GOES_TO) if r[0] == "classifier_test_vs_null"]


RATES_AT_POINTS = """tagger scan, 300k test jets
  rejections are 1/eps_B at eps_S = 0.4 / 0.6
"""


def test_working_points_split_by_a_slash_are_settings() -> None:
    # 0.6 is the second working point, not a rejection below 1
    assert not [r for r in _rules(RATES_AT_POINTS) if r[0] == "impossible_value"]
    # a rejection stated below 1 is still named
    assert ("impossible_value", 3) in _rules(RATES_AT_POINTS + "  BDT rejection 1/eps_B = 0.6 at eps_S = 0.6\n")


SIZES_OF_MODELS = """| model | AUC | params |
|---|---|---|
| EdgeLite | 0.937 +- 0.001 | 0.3 M |
| DeepSets | 0.931 +- 0.001 | 4.1 M |
| PointMix | 0.934 +- 0.001 | 1.2 M |

Recommendation: ship EdgeLite (smallest model, 0.3 M parameters) for the trigger.
"""


def test_the_smallest_model_speaks_of_size_not_of_a_metric() -> None:
    assert not [r for r in _rules(SIZES_OF_MODELS, "notes.md") if r[0] == "comparison_direction"]
    # a superlative of a named metric is still checked against the table
    said = SIZES_OF_MODELS.replace("(smallest model, 0.3 M parameters)", "(lowest AUC of the three)")
    assert ("comparison_direction", 7) in _rules(said, "notes.md")


SHARE_WITH_ERROR = """selection summary
  at a 2 % background efficiency the cut keeps 44.5 +- 1.1 % of the signal (1780 of 4000 jets)
"""


def test_the_error_bar_of_a_share_is_not_the_share() -> None:
    assert not [r for r in _rules(SHARE_WITH_ERROR) if r[0] == "inconsistent_numbers"]
    # a share that does not follow from its counts is still named
    assert ("inconsistent_numbers", 2) in _rules(SHARE_WITH_ERROR.replace("44.5 +- 1.1 %", "54.5 %"))


NUMBERED_CONTROLS = """[nulls] N1 background vs background, sideband A against sideband B
[nulls]    AUC = 0.572 +- 0.003
[nulls] N2 permuted labels on the test set
[nulls]    AUC = 0.499 +- 0.006
summary: N1 bkg-vs-bkg AUC 0.572, in line with random, so the sidebands agree.
summary: N2 permuted labels 0.499 +- 0.006, consistent with 0.5 as expected.
"""


def test_numbered_null_checks_are_separate_and_a_sample_against_itself_is_a_control() -> None:
    found = _rules(NUMBERED_CONTROLS)
    # N1 and N2 are two checks, so their two AUCs are no contradiction
    assert not [r for r in found if r[0] == "inconsistent_numbers"], found
    # N1 compares background with background: a null control far from 0.5 called random
    assert ("control_vs_null", 5) in found, found
    # N2's own sentence calls its own 0.499 random, rightly
    assert ("control_vs_null", 6) not in found, found


ROOT_OF_CHI2 = """bump fit
  delta chi2 (bkg-only minus bkg+signal): 17.6 -> Z_local = sqrt(17.6) = 4.2, p_local = 1.3e-5
"""


def test_the_number_under_a_square_root_is_an_operand() -> None:
    assert not [r for r in _rules(ROOT_OF_CHI2) if r[0] == "inconsistent_numbers"]
    # a p-value that does not fit the significance is still named
    assert ("inconsistent_numbers", 2) in _rules(ROOT_OF_CHI2.replace("1.3e-5", "1.3e-3"))


FOLDS_AND_MEAN = """tool output: region B fold AUCs 0.44 0.46 0.45 0.43 0.47 ; region C fold AUCs 0.71 0.70
summary:
* region B gives AUC 0.45 +- 0.01, stable over folds (0.43-0.47).
"""


def test_one_folds_value_is_not_the_combined_value() -> None:
    assert not [r for r in _rules(FOLDS_AND_MEAN) if r[0] == "inconsistent_numbers"]


SIGNED_GATES = """regression gates
  metric          new          ref
  purity          0.861        0.866
  gate |d purity| < 0.010            : PASS (-0.005)
  gate rel. mistag change < 8 %      : PASS (-2.4 %)
"""


def test_a_signed_number_under_a_change_name_is_a_change() -> None:
    assert not [r for r in _rules(SIGNED_GATES) if r[0] == "impossible_value"]


PRONOUN_PAIR = """Both networks were trained for 20 epochs.
The transformer wins on AUC. It also reaches the lower test loss (0.318 vs 0.309 for the GNN).
"""


def test_a_pronoun_sentence_with_its_own_pair_compares_that_pair() -> None:
    assert ("comparison_direction", 2) in _rules(PRONOUN_PAIR, "notes.md")
    assert not [r for r in _rules(PRONOUN_PAIR.replace("0.318 vs 0.309", "0.309 vs 0.318"), "notes.md")
                if r[0] == "comparison_direction"]


MODELS_AS_ROWS = """model        AUC               1/eps_B@0.4   1/eps_B@0.6
gnn_edge     0.951 +- 0.001    420           95
bdt_hl12     0.944 +- 0.001    455           81

The GNN beats the BDT at every working point (eps_S = 0.4, 0.6).
"""


def test_a_universal_win_is_checked_against_rows_of_models() -> None:
    found = _rules(MODELS_AS_ROWS, "notes.md")
    # the working points in brackets are settings, not efficiencies compared
    assert not [r for r in found if r[0] == "comparison_direction"], found
    # at eps_S = 0.4 the BDT rejects more: 'at every working point' does not hold
    assert ("absolute_words", 5) in found, found
    assert not [r for r in _rules(MODELS_AS_ROWS.replace("455", "395"), "notes.md") if r[0] == "absolute_words"]


TRACE_SPANS = """|- function_span  evaluate  input={"K": 256, "test": "sr"}
|     output={"auc": 0.902, "eps_s_at_eps_b_1pct": 0.33}
|- function_span  evaluate  input={"K": 1024, "test": "sr"}
|     output={"auc": 0.897, "eps_s_at_eps_b_1pct": 0.31}
note: K=256 uses 250/256 codes (perplexity 201, 79 % of K); K=1024 uses 700/1024 (perplexity 402, 39 % of K): the larger codebook is less efficiently used.
note: AUC: K=256 0.902 +- 0.004, K=1024 0.897 +- 0.004; the smaller codebook is significantly better.
"""


def test_spans_of_a_trace_are_runs_and_settings_name_the_sides_of_a_list() -> None:
    found = _rules(TRACE_SPANS)
    # each function span is its own run (another K): two efficiencies, no contradiction
    assert not [r for r in found if r[0] == "inconsistent_numbers"], found
    # '39 % of K' is a share of the codebook, not a second perplexity
    assert not [r for r in found if r[0] == "comparison_direction"], found
    # the two AUCs, each after its K, differ by 0.005 with errors of 0.004: not significant
    assert ("significance_unsupported", 6) in found, found


HOST_COLUMN_LOG = """2026-11-02 10:01:00.1 | worker-3 | test samples   : 4000 b jets, 120000 QCD jets
2026-11-02 10:01:00.2 | worker-3 | metric         new                  old
2026-11-02 10:01:00.3 | worker-3 | eps_S (b)      0.655 +- 0.0007      0.648 +- 0.0007
"""


def test_a_ci_jobs_host_column_leads_the_line_and_is_no_table() -> None:
    # the time and host before '|' only say when and where: the line after them is the job's table row,
    # whose binomial error on 4000 b jets is 0.0075, far above the 0.0007 quoted
    assert ("uncertainty_vs_sample_size", 3) in _rules(HOST_COLUMN_LOG), _rules(HOST_COLUMN_LOG)
    assert not [r for r in _rules(HOST_COLUMN_LOG.replace("0.0007", "0.0075")) if r[0] == "uncertainty_vs_sample_size"]
