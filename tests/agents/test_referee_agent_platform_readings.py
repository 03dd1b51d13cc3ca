"""The referee's general readings of machine tools' and agent platforms' outputs (issue 23, session ref23t, from
the sixteenth blind round): each test a reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name=name).findings]


FLAT_METRIC_KEYS = """$ tracker export-metrics run-77
{
  "events_per_class": 20000,
  "nominal.auc": 0.884,
  "nominal.auc_err_delong": 0.0021,
  "permuted_labels.auc": 0.503,
  "permuted_labels.auc_err_delong": 0.0040,
  "tight_cut.eff_s": 0.41
}
"""


def test_flattened_keys_with_a_method_named_error_are_errors_of_their_own_field() -> None:
    # 'permuted_labels.auc_err_delong' is the error of 'permuted_labels.auc' (estimated by DeLong's method), no AUC of its
    # own; and the prefix 'permuted_labels' names an object, so its AUC is no setting of every other row
    assert not _rules(FLAT_METRIC_KEYS, "metrics.txt")
    rows = {c.line: c for c in extract(FLAT_METRIC_KEYS, name="metrics.txt")}
    assert [(v.value, v.uncertainty) for v in rows[6].results("auc")] == [(0.503, 0.004)]
    assert not rows[8].results("auc")


RESTATED_AS_EXPONENTIAL = """Tokenizer audit
Of the 256 codes, 180 are active; their perplexity is 96, that is exp(4.56), which stays below the 180 active codes.
"""


def test_a_number_restated_as_a_function_of_another_keeps_the_operand_out() -> None:
    # 'exp(4.56)' restates 96: 4.56 is an entropy, no perplexity, so 'below' compares 96 with the 180 codes (and holds)
    assert not _rules(RESTATED_AS_EXPONENTIAL, "audit.txt")
    (claim,) = [c for c in extract(RESTATED_AS_EXPONENTIAL, name="audit.txt") if c.results("perplexity")]
    assert [v.value for v in claim.results("perplexity")] == [96.0]


ALONE_AND_COMBINED = """== substructure scan ==
ROC AUC D2 alone = 0.801 +- 0.004
ROC AUC D2+mass = 0.806 +- 0.004
"""


def test_an_observable_alone_and_its_combination_are_two_objects() -> None:
    # 'D2 alone' and 'D2+mass' share their key word: still two taggers, so two AUCs are no contradiction
    assert not _rules(ALONE_AND_COMBINED, "scan.log")
    # the same observable given two values stays a contradiction
    assert ("inconsistent_numbers", 3) in _rules(ALONE_AND_COMBINED.replace("D2+mass", "D2 alone"), "scan.log")


TRIALS_CORRECTED_FLUCTUATION = """## Bump hunt, summary
The local 3.9σ excess in the most significant window is no discovery: once corrected for the look-elsewhere effect it
is a 2.2σ fluctuation, comfortably below the 5σ
discovery threshold, so we claim nothing.
"""


def test_a_corrected_significance_is_held_against_the_bar_after_the_word() -> None:
    # 'a 2.2σ fluctuation, comfortably below the 5σ' (the line ends on σ and goes on): 2.2σ against the 5σ bar, which
    # holds; 'fluctuation' names the result, not a spread, and 3.9σ is not the other side
    assert not _rules(TRIALS_CORRECTED_FLUCTUATION, "bump.md")
    (claim,) = [c for c in extract(TRIALS_CORRECTED_FLUCTUATION, name="bump.md") if c.comparison]
    assert "discovery threshold" in claim.text and claim.comparison.reference == 5.0
    # a corrected significance above the bar it is said to be below is still named
    wrong = TRIALS_CORRECTED_FLUCTUATION.replace("a 2.2σ", "a 5.6σ").replace("3.9σ", "6.1σ")
    assert ("comparison_direction", 3) in _rules(wrong, "bump.md")


PERCENT_OF_AN_INJECTION = """Anomaly score check
With a 0.4% Z'(2.5 TeV) injection the classifier AUC climbs to 0.71 ± 0.004, well above the no-signal run.
"""


def test_a_percentage_naming_an_injection_is_its_signal_fraction() -> None:
    # '0.4% ... injection' is how much signal was injected, a setting: not a side of 'above' against the AUC
    assert not _rules(PERCENT_OF_AN_INJECTION, "check.txt")
    (claim,) = [c for c in extract(PERCENT_OF_AN_INJECTION, name="check.txt") if c.values]
    assert [(v.quantity, v.role) for v in claim.values if v.shown == "0.4%"] == [("signal_fraction", "setting")]


HASH_COMMENTED_SUMMARY = """$ sweep list --top 3
id    lr      val_auc   test_auc
a1    1e-3    0.9712    0.9710
b2    5e-4    0.9716    0.9714
# --- notes from the sweep owner ---
# Every configuration was trained once on the 500k-jet test split (250k per class).
#
# Config b2 is significantly better than config a1: 0.9714 vs
# 0.9710 on test_auc, so b2 becomes the default.
"""


def test_a_summary_pasted_as_hash_comments_wraps_as_prose() -> None:
    # the '#' lines are one comment, not a stack of titles: 'significantly better ... 0.9714 vs' goes on with '0.9710',
    # a difference of 0.0004 against a Hanley-McNeil error of about 0.0003 on each AUC
    assert ("significance_unsupported", 8) in _rules(HASH_COMMENTED_SUMMARY, "sweep.txt")
    (claim,) = [c for c in extract(HASH_COMMENTED_SUMMARY, name="sweep.txt") if "significantly" in c.text]
    assert [v.shown for v in claim.results("auc")] == ["0.9714", "0.9710"]
    # a markdown file's one title and its sections stay titles
    assert not _rules("# Sweep notes\n\n## Best config\nConfig b2 reaches an AUC of 0.9714 on 500k test jets.\n", "notes.md")


TRIALS_BY_INDEX = """HPO summary
  trial 4 : mistag = 2.10e-3
  trial 9 : mistag = 2.45e-3
Trial 9 also gives a lower mistag rate than trial 4 at the 50% working point.
"""


def test_a_name_with_an_index_is_one_name_and_no_number() -> None:
    # 'trial 9' and 'trial 4' name two trials (their 9 and 4 are no mistag rates): 2.45e-3 is not lower than 2.10e-3
    assert ("comparison_direction", 4) in _rules(TRIALS_BY_INDEX, "hpo.txt")
    assert not _rules(TRIALS_BY_INDEX.replace("2.45e-3", "1.95e-3"), "hpo.txt")


RECOVERED_COUNTS = """Closure test
Injected 900 signal events; the fit recovers 871 +- 120 of them (bias -3.2%), so the fit is unbiased within its error.
"""


def test_a_bias_worked_out_from_counts_carries_the_error_of_the_count() -> None:
    # -3.2% = (871 - 900) / 900, and its error is 120 / 900 = 13%: 'unbiased within its error' holds
    assert not _rules(RECOVERED_COUNTS, "closure.txt")
    # with an error of 12 on the recovered count (1.3%), the same bias is beyond it
    assert ("absolute_words", 2) in _rules(RECOVERED_COUNTS.replace("+- 120", "+- 12"), "closure.txt")


TAGGED_METRIC_COLUMNS = """[check] metric                 before     after      limit
[check] codebook perplexity    610.4      655.0      >= 600
[check] token MSE (norm.) 0.0311        0.0274        <= 0.04
[check] exact round trip       0.9870     0.9902     >= 0.98
"""


def test_columns_of_a_printed_row_take_no_quantity_from_the_row_above() -> None:
    # the MSE and round-trip rows name their own things: their numbers below 1 are no perplexities
    assert not _rules(TAGGED_METRIC_COLUMNS, "ci.log")


LOSSLESS_THEN_ANOTHER_OBSERVABLE = """Summary
* Mass resolution 4.1% vs 5.0%; pT resolution 1.2% vs 1.4%.
* The new tokenizer is lossless (round trip 0.996), and the constituent multiplicity mismatch falls to 0.3%.
"""


def test_an_observable_of_a_later_clause_does_not_scope_lossless() -> None:
    # 'lossless' is said of the whole tokenizer; the multiplicity of the next clause does not narrow it, so the mass and
    # pT resolutions above it contradict it
    assert ("absolute_words", 3) in _rules(LOSSLESS_THEN_ANOTHER_OBSERVABLE, "pr.md")
    # said of the multiplicity alone, it is not contradicted by the resolutions of other observables
    scoped = LOSSLESS_THEN_ANOTHER_OBSERVABLE.replace(
        "The new tokenizer is lossless (round trip 0.996), and the constituent multiplicity mismatch falls to 0.3%.",
        "For the constituent multiplicity the new tokenizer is lossless.")
    assert not _rules(scoped, "pr.md")


CODE_DIMENSION = """Setup: codebook size K = 512, code dim 64.
The codebook perplexity is 301 on the validation jets.
"""


def test_a_code_dimension_is_no_codebook_size() -> None:
    # 'code dim 64' is how long each code vector is: a perplexity of 301 is within K = 512, not above 64
    assert not _rules(CODE_DIMENSION, "setup.txt")
    assert ("impossible_value", 2) in _rules(CODE_DIMENSION.replace("301", "640"), "setup.txt")


COLON_FIELD_LOG = """2025-02-03 11:02:07,114 : INFO  : Worker-2 : Summary Node 4:9 : charm mistag 9.5% +- 0.4% -> charm rejection 10.5,
2025-02-03 11:02:07,115 : INFO  : Worker-2 : Summary Node 4:9 :   which is 25% higher than the 8.4 of the old tagger.
2025-02-03 11:02:07,116 : INFO  : Worker-2 : Summary Node 4:9 : Relative to MV2 (charm rejection 1/0.119 = 8.4) the new
2025-02-03 11:02:07,116 : INFO  : Worker-2 : Summary Node 4:9 :   charm rejection is 25% higher.
"""


def test_a_colon_fielded_log_record_and_its_indented_continuation_are_one_sentence() -> None:
    claims = extract(COLON_FIELD_LOG, name="console.log")
    # the thread and node fields ('Worker-2', 'Summary Node 4:9') are no numbers; the indented record goes on the one above
    assert not [v for c in claims for v in c.values if v.shown in ("2", "4", "9")]
    assert any("-> charm rejection 10.5, which is 25% higher" in c.text for c in claims)
    # MV2's rejection in the bracket after 'Relative to MV2' is another tagger's, not a second value of the new one's
    assert not _rules(COLON_FIELD_LOG, "console.log")


TWO_WORD_NAMES_IN_COLUMNS = """Out[7]:
  sample         n_real     n_fake     AUC      AUC_err (HM)
  JetDiff v2     40,000     40,000     0.507    0.0020
  truth halves   40,000     40,000     0.499    0.0020
"""


def test_a_printed_frame_with_names_of_two_words_splits_at_wide_gaps() -> None:
    # 'JetDiff v2' is one name, 'AUC_err (HM)' one column: the AUC is 0.507 with its error, not a count of 40,000
    rows = [c for c in extract(TWO_WORD_NAMES_IN_COLUMNS, name="nb.txt") if c.kind == "row"]
    assert [(v.value, v.uncertainty) for c in rows for v in c.results("auc")] == [(0.507, 0.002), (0.499, 0.002)]
    assert not _rules(TWO_WORD_NAMES_IN_COLUMNS, "nb.txt")


TWO_GENERATORS_TESTED = """## Generator comparison
* Classifier test: AUC 0.566 +- 0.003 for JetFlow-B, lower than the 0.612 of MP-GAN.
  The JetFlow-B jets are indistinguishable from real top jets for this classifier.
"""


def test_a_model_named_in_its_classifier_test_is_the_one_called_indistinguishable() -> None:
    # two tests in the report, but the verdict names JetFlow-B, whose test gives 0.566 +- 0.003, far above 0.5
    assert ("classifier_test_vs_null", 3) in _rules(TWO_GENERATORS_TESTED, "cmp.md")
    assert not _rules(TWO_GENERATORS_TESTED.replace("0.566 +- 0.003", "0.502 +- 0.003"), "cmp.md")


ROWS_AT_TWO_WORKING_POINTS = """tool result:
    tagger        eps_sig  qcd mistag    rejection 1/eps_qcd
    DeepHbb v4    0.50     0.00071       1408
    DeepHbb v4    0.70     0.00190        526
"""


def test_rows_of_one_tagger_at_two_working_points_are_no_contradiction() -> None:
    # the round signal efficiency of each row is its working point: two mistag rates of one tagger, at 50% and 70%
    rows = [c for c in extract(ROWS_AT_TWO_WORKING_POINTS, name="tool.txt") if c.kind == "row"]
    assert [v.value for c in rows for v in c.results("fake_rate")] == [0.00071, 0.0019]
    assert not _rules(ROWS_AT_TWO_WORKING_POINTS, "tool.txt")


NUMBERED_WORKFLOW_STEPS = """[2] Code  score_taggers        4.2 s   AUC of the baseline 0.861
[3] IF/ELSE  gate                0.002 s   condition: min(AUC) > 0.75 → TRUE branch
[4] LLM  summarise               21.7 s   model: small-chat · temperature 0.2
"""


def test_a_step_number_in_brackets_is_no_value_and_lends_no_quantity() -> None:
    # '[3]' numbers a step: with it read as an AUC, the next line's duration and temperature took the AUC's name
    claims = extract(NUMBERED_WORKFLOW_STEPS, name="run.txt")
    assert not [v for c in claims for v in c.values if v.shown in ("2", "3", "4")]
    assert not _rules(NUMBERED_WORKFLOW_STEPS, "run.txt")


MODELS_LISTED_BY_NAME_AND_COLON = """Head-to-head, one seed each:
  gnn:     accuracy 0.9012, AUC 0.9604, log loss 0.3110
  bdt:     accuracy 0.8975, AUC 0.9561, log loss 0.3382
  -> the GNN lowers the log loss by 30% (0.3382 -> 0.3110).
Timing:
  gnn:     latency 4.1 ms, memory 310 MB
  bdt:     latency 0.6 ms, memory 12 MB
"""


def test_a_model_name_before_its_listed_numbers_is_no_speaker() -> None:
    # 'gnn:' and 'bdt:' head rows of numbers, not turns of a chat: the rows stay apart, and the stated 30% is held
    # against 0.3382 -> 0.3110 (8%)
    claims = extract(MODELS_LISTED_BY_NAME_AND_COLON, name="h2h.txt")
    assert [c.line for c in claims if c.results("accuracy")] == [2, 3]
    assert ("inconsistent_numbers", 4) in _rules(MODELS_LISTED_BY_NAME_AND_COLON, "h2h.txt")


KEY_VALUE_PAIRS_TWO_SPACES_APART = """== eval run_b ==   precision 0.9120  loss 0.2871  roc_auc 0.9655
"""


def test_a_name_two_spaces_after_a_number_and_right_before_another_is_the_later_ones() -> None:
    # 'loss 0.2871' is a loss (not an AUC of 0.2871 below one half), and 0.9655 is the AUC
    (claim,) = [c for c in extract(KEY_VALUE_PAIRS_TWO_SPACES_APART, name="run.txt") if c.values]
    assert [(v.quantity, v.value) for v in claim.values] == [("purity", 0.912), ("loss", 0.2871), ("auc", 0.9655)]
    assert not _rules(KEY_VALUE_PAIRS_TWO_SPACES_APART, "run.txt")


PULLS_WITHIN_ONE_ERROR = """[check]   eta bin     N_ref    mean_ref        N_sim    mean_sim        pull
[check]   0.0-0.5     9,120    12.1 +- 0.2     9,004    12.3 +- 0.2     +0.7
[check]   0.5-1.0     8,877    13.4 +- 0.2     8,950    13.2 +- 0.2     -0.7
[check]   1.0-1.5     7,310    15.0 +- 0.3     7,260    16.2 +- 0.3     +2.8

The simulated mean agrees with the reference within one standard error in every eta bin
(pulls +0.7 and -0.7).
"""


def test_a_bound_written_in_words_holds_for_every_row() -> None:
    # 'within one standard error in every eta bin': the pull of +2.8 in the last row is outside it
    assert ("absolute_words", 6) in _rules(PULLS_WITHIN_ONE_ERROR, "check.log")
    assert not _rules(PULLS_WITHIN_ONE_ERROR.replace("+2.8", "+0.4"), "check.log")


PROCESS_OPENS_THE_NEXT_LINE = """Reviewer note:
    Signal check: the tagger reaches AUC 0.811 +- 0.001 on the private
    H->bb sample (500 signal vs 500 QCD jets), which is well above the 0.75 gate.
"""


def test_a_process_with_an_arrow_goes_on_the_sentence_and_is_no_prompt() -> None:
    # 'H->bb sample ...' is no psql prompt ('db-> ...') and goes on the line above; its 500 + 500 jets bound the
    # AUC's error at about 0.019 (Hanley-McNeil), far above the quoted 0.001
    claims = extract(PROCESS_OPENS_THE_NEXT_LINE, name="note.txt")
    assert any("private H->bb sample (500 signal vs 500 QCD jets)" in c.text for c in claims)
    assert ("uncertainty_vs_sample_size", 2) in _rules(PROCESS_OPENS_THE_NEXT_LINE, "note.txt")
    assert not _rules(PROCESS_OPENS_THE_NEXT_LINE.replace("+- 0.001", "+- 0.02"), "note.txt")


VERSION_ON_THE_NEXT_LINE = """## Verdict
The classifier test gives AUC 0.581 +- 0.0025 for JetGen. The JetGen jets are indistinguishable from real
jets for this classifier, so gen-v12 can replace the full simulation.
"""


def test_a_digit_inside_a_name_does_not_place_a_sentence() -> None:
    # the verdict has no measured number: it stands where it starts (line 2), not on the line of 'gen-v12'
    (verdict,) = [c for c in extract(VERSION_ON_THE_NEXT_LINE, name="v.md") if "indistinguishable" in c.text]
    assert verdict.line == 2
    assert {ln for _, ln in _rules(VERSION_ON_THE_NEXT_LINE, "v.md")} == {2}
