"""The referee's readings of agent and tool outputs (CI jobs, pipeline steps, tool calls, tracker exports), issue 23,
session ref23k: each test a general reading, in words of its own."""

from __future__ import annotations

from agents.referee.numbers import read_numbers, stated_counts
from agents.referee.referee import referee


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
