"""Readings fitted on blind batch b102 (structured files: CITATION.cff, CloudEvents JSON, ...)."""
from agents.referee.referee import referee


def _rules(text, name="report.md"):
    return [(f.rule, f.line) for f in referee(text, name).findings]


# a YAML folded block ('abstract: >-'): a sentence wrapped over the block's lines is named on the line of its word
CFF = """cff-version: 1.2.0
title: toyflow
abstract: >-
  toyflow generates jets with a normalising flow. Sampling is
  fast. A classifier trained on real against generated jets
  (20k + 20k held out) reaches AUC = 0.574 +- 0.005, so the
  generated jets are statistically indistinguishable from real ones.
license: MIT
"""


def test_folded_block_sentence_named_on_its_word_line():
    found = _rules(CFF, "CITATION.cff")
    assert ("classifier_test_vs_null", 7) in found
    assert ("classifier_test_vs_null", 5) not in found


def test_folded_block_sentence_at_chance_is_clean():
    text = CFF.replace("0.574 +- 0.005", "0.503 +- 0.005")
    assert not [r for r in _rules(text, "CITATION.cff") if r[0] == "classifier_test_vs_null"]


# a JSON object whose error key names the quantity only ("auc_stderr") beside the one AUC key that opens with it
# ("auc_sr_vs_sb"): the error is that AUC's; a control 10 errors from 0.5 passed by a loose tolerance is misread
EVENTS = """[
  {"type": "fold_summary", "subject": "run/injection=none",
   "data": {"auc_sr_vs_sb": %s, "auc_stderr": 0.004, "n_test_sr": 60000}},
  {"type": "completed",
   "data": {"null_control": "PASS",
            "message": "No-signal control passed (AUC %s): the classifier finds nothing when nothing is injected."}}
]
"""


def test_error_key_of_the_one_auc_it_opens():
    assert ("control_vs_null", 6) in _rules(EVENTS % ("0.543", "0.543"), "events.json")


def test_error_key_control_at_chance_is_clean():
    assert not [r for r in _rules(EVENTS % ("0.502", "0.502"), "events.json") if r[0] == "control_vs_null"]


# two runs tagged by their injected percentage ("injection=0.3pct", "injection=0.6pct"): two runs, no conflict
RUNS = """[
  {"subject": "nightly/injection=0.6pct", "data": {"auc_sr_vs_sb": 0.612, "auc_stderr": 0.004}},
  {"subject": "nightly/injection=%s", "data": {"auc_sr_vs_sb": 0.559, "auc_stderr": 0.004}}
]
"""


def test_runs_tagged_by_percentage_are_two_runs():
    assert not [r for r in _rules(RUNS % "0.3pct", "runs.json") if r[0] == "inconsistent_numbers"]


def test_same_tag_twice_is_still_a_conflict():
    assert [r for r in _rules(RUNS % "0.6pct", "runs.json") if r[0] == "inconsistent_numbers"]


# a model file's metadata counting its test set by class name ("n_test_quark", "n_test_gluon"): those are the test set
# the AUC's error is held to (Hanley-McNeil for 2000 + 2000 jets is ~0.007, not 0.001)
MLMODEL = """flavors:
  xgboost:
    model_format: xgb
metadata:
  auc_test: 0.8302
  auc_test_stderr: %s
  n_test_gluon: 2000
  n_test_quark: 2000
  n_train: 120000
"""


def test_test_set_counted_by_class_name():
    assert ("uncertainty_vs_sample_size", 5) in _rules(MLMODEL % "0.0010", "MLmodel")


def test_test_set_counted_by_class_name_error_large_enough():
    assert not [r for r in _rules(MLMODEL % "0.0072", "MLmodel") if r[0] == "uncertainty_vs_sample_size"]
