"""The referee's readings of structured files (issue 23, session ref29c, blind round 29, b86): a test runner's JSON
report, an experiment tracker's trials exported as CSV. Each test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def _all(text: str, name: str = "notes.txt") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_the_line_number_of_a_test_named_for_its_auc_is_no_auc() -> None:
    report = {"tests": [{"nodeid": "tests/test_sideband.py::test_no_injection_auc", "lineno": 44, "outcome": "passed",
                         "call": {"outcome": "passed",
                                  "stdout": "no injection: region AUC = 0.4987 +- 0.0031 over 4 folds, fine\n"}}]}
    text = json.dumps(report, indent=2)
    assert _all(text, "report.json") == []


def test_a_trackers_namespaced_columns_name_the_test_set_not_its_trial_number() -> None:
    text = (",number,value,params_lr,user_attrs_n_test_sig,user_attrs_n_test_bkg,user_attrs_test_auc,user_attrs_test_auc_err,state\n"
            "0,0,0.871,0.001,25000,25000,0.8702,0.0016,COMPLETE\n"
            "1,1,0.879,0.0003,25000,25000,0.8794,0.0015,COMPLETE\n"
            "2,2,0.884,0.0001,25000,25000,0.8839,0.0015,COMPLETE\n")
    # 0.0015 on 25k + 25k jets is what the test set allows: the 'number' column counts trials, not jets
    assert not _of("uncertainty_vs_sample_size", text, "trials.csv")
    # an error far below what 50k jets allow is still caught
    assert _of("uncertainty_vs_sample_size", text.replace(",0.0015,COMPLETE\n2,", ",0.0001,COMPLETE\n2,"), "trials.csv") == [3]


def test_a_note_column_that_calls_a_small_difference_significant_is_read_as_prose() -> None:
    text = (",number,params_init,user_attrs_n_test_sig,user_attrs_n_test_bkg,user_attrs_test_auc,user_attrs_test_auc_err,user_attrs_note\n"
            "0,0,random,800,800,0.8411,0.0098,\n"
            '1,1,pretrained,800,800,0.8463,0.0096,"pretrained wins clearly: significant gain over random init (0.8463 vs 0.8411)"\n')
    assert _of("significance_unsupported", text, "trials.csv") == [3]
    ref = referee(text, "trials.csv")
    assert answer("is the pretrained AUC (0.8463) significantly higher than the random-init one (0.8411) at 2 sigma?",
                  ref, text).startswith("No")
    # a note that gives no numbers of its own is no claim of its own
    plain = text.replace(" (0.8463 vs 0.8411)", "")
    assert not _of("significance_unsupported", plain.replace("significant gain", "gain"), "trials.csv")
