"""The referee's readings of structured and web formats (session ref34c, blind round 34, b106): a SPARQL result's typed
bindings, a Firestore document's typed fields, a record's own remark naming its classifier test, an object named the
classifier in a spec that sets the test up, a data set's name before the truth, a schema's definition of 0.5, a fold
spread's key, a list's sort order, a kept-performance claim against the AUCs on original and decoded inputs, 'mixed
precision', and a saving given after the unit of its two ends. Each test a general reading, in words no blind report used."""

from __future__ import annotations

import json

from agents.referee.claims import extract
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.json") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _lit(v: str, dtype: str = "decimal") -> dict[str, str]:
    return {"type": "literal", "datatype": f"http://www.w3.org/2001/XMLSchema#{dtype}", "value": v}


def _sparql(remark: str, auc: str = "0.561") -> str:
    rows = [{"gen": {"type": "uri", "value": f"https://example.org/gen/{g}"}, "c2_auc": _lit(a), "c2_auc_err": _lit("0.003"),
             "note": {"type": "literal", "xml:lang": "en", "value": r}}
            for g, a, r in (("flowA", auc, remark), ("flowB", "0.602", "separable, pT tail off"))]
    return json.dumps({"head": {"vars": ["gen", "c2_auc", "c2_auc_err", "note"]}, "results": {"bindings": rows}}, indent=1)


def test_sparql_bindings_are_read_as_their_values_one_record_each() -> None:
    # two generators' AUCs, each in its own binding: no one number contradicting the other
    found = _rules(_sparql("pT tail too soft"))
    assert not [f for f in found if f[0] == "inconsistent_numbers"]
    c = next(c for c in extract(_sparql("pT tail too soft"), "json") if any(v.quantity == "auc" for v in c.values))
    assert "flowA" in c.text and "XMLSchema" not in c.text


def test_a_records_remark_naming_its_classifier_test_makes_its_auc_that_tests() -> None:
    # 0.561 +- 0.003 is 20 errors above 0.5: the record's own remark calls the sample indistinguishable
    text = _sparql("indistinguishable from the Delphes truth; two-sample classifier test passed")
    assert [r for r, _ in _rules(text)].count("classifier_test_vs_null") >= 1
    assert "classifier_test_vs_null" not in [r for r, _ in _rules(_sparql("indistinguishable from the Delphes truth; "
                                                                          "two-sample classifier test passed", "0.502"))]


def test_a_data_sets_name_may_stand_before_the_truth() -> None:
    text = ("We ran a classifier test of FlowQ samples against real jets: AUC 0.640 +- 0.003.\n"
            "FlowQ is indistinguishable from QuarkSet-7 light truth.\n")
    assert ("classifier_test_vs_null", 2) in _rules(text, "note.md")


SPEC = """openapi: 3.1.0
info:
  description: |
    Scores each generator with a real-vs-generated classifier test on held-out jets.

    The default generator gen-x is indistinguishable from the Pythia simulation in that test.
paths:
  /eval:
    get:
      responses:
        "200":
          content:
            application/json:
              example:
                model: gen-x
                classifier:
                  auc: {auc}
                  auc_err: 0.002
components:
  schemas:
    Result:
      properties:
        auc: {{type: number, description: "0.5 = cannot tell real from generated"}}
"""


def test_an_object_named_the_classifier_in_a_spec_that_sets_the_test_up() -> None:
    found = _rules(SPEC.format(auc="0.655"), "spec.yml")
    assert ("classifier_test_vs_null", 17) in found and ("classifier_test_vs_null", 6) in found
    assert "classifier_test_vs_null" not in [r for r, _ in _rules(SPEC.format(auc="0.501"), "spec.yml")]


def test_a_schemas_definition_of_one_half_is_no_verdict() -> None:
    # "0.5 = cannot tell real from generated" describes the field; the verdict is the description's sentence
    described = next(i for i, ln in enumerate(SPEC.splitlines(), 1) if "0.5 = cannot" in ln)
    found = _rules(SPEC.format(auc="0.655"), "spec.yml")
    assert ("classifier_test_vs_null", described) not in found and ("classifier_test_vs_null", 6) in found


def _firestore(note: str) -> str:
    doc = {"documents": [{"name": "projects/p/databases/(default)/documents/runs/ctl-1", "fields": {
        "auc_mean": {"doubleValue": 0.547}, "auc_fold_std": {"doubleValue": 0.003}, "injected_s_over_b": {"doubleValue": 0},
        "n_folds": {"integerValue": "5"}, "a": {"stringValue": "x"}, "b": {"stringValue": "y"}, "c": {"stringValue": "z"},
        "d": {"stringValue": "w"}, "note": {"stringValue": note}}}], "nextPageToken": "QWERTY123"}
    return json.dumps(doc, indent=2)


def test_firestore_typed_fields_and_a_fold_spread_and_the_records_own_verdict() -> None:
    text = _firestore("No-signal closure: classifier finds nothing, AUC consistent with random.")
    lines = text.splitlines()
    value_line = next(i for i, ln in enumerate(lines, 1) if "0.547" in ln)
    note_line = next(i for i, ln in enumerate(lines, 1) if "closure" in ln)
    found = _rules(text)
    assert ("control_vs_null", value_line) in found  # on the value's line, not the key's
    assert ("control_vs_null", note_line) in found  # the verdict a dozen lines under it, in the same document
    c = next(c for c in extract(text, "json") if any(v.quantity == "auc" for v in c.values))
    assert next(v for v in c.values if v.quantity == "auc").uncertainty == 0.003  # "auc_fold_std" is the AUC's spread


def test_a_lists_sort_order_names_no_quantity() -> None:
    doc = {"sort": "r30:desc", "rows": [{"model": "a", "layers": 2, "eps_b": 0.004, "r30": 250},
                                        {"model": "b", "layers": 3, "eps_b": 0.005, "r30": 200}]}
    found = _rules(json.dumps(doc))
    assert not [f for f in found if f[0] in ("impossible_value", "inconsistent_numbers")]


def test_kept_performance_against_the_auc_on_original_and_decoded_inputs() -> None:
    doc = {"post": "The codec stores each jet in 64 tokens with no loss in tagging performance.",
           "numbers": {"auc_raw_inputs": 0.9712, "auc_decoded_inputs": "{b}", "auc_err": 0.0004}}
    text = json.dumps(doc, indent=2)
    assert ("absolute_words", 2) in _rules(text.replace('"{b}"', "0.9655"))
    assert ("absolute_words", 2) not in _rules(text.replace('"{b}"', "0.9711"))


def test_mixed_precision_is_no_purity() -> None:
    c = extract("With mixed precision the run took 900 GPU-hours.\n", "text")[0]
    assert not [v for v in c.values if v.quantity == "purity"]


def test_a_saving_after_the_unit_of_its_two_ends() -> None:
    text = "Caching cut the campaign from 2,000 to 1,500 node-hours on the cluster, a saving of {p}%.\n"
    assert ("inconsistent_numbers", 1) in _rules(text.format(p=40), "r.txt")
    assert ("inconsistent_numbers", 1) not in _rules(text.format(p=25), "r.txt")


def test_a_typed_value_of_thousands_of_digits_is_no_crash():
    """A hostile Firestore or SPARQL file: an integerValue or a literal of 5000 digits (int() refuses more than 4300) is
    kept as text; the referee reads on."""
    for doc in ({"fields": {"auc": {"integerValue": "1" * 5000}}},
                {"results": {"bindings": [{"auc": {"type": "literal", "value": "9" * 5000}}]}}):
        assert referee(json.dumps(doc), "x.json").findings == []
