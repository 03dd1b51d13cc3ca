"""The referee (issue 23): typed claims read from any report, declared rules, the verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.configuration import Settings
from agents.llm.openai_backend import OpenAIBackend
from agents.main import main
from agents.referee.claims import Claim, extract
from agents.referee.referee import answer, referee
from agents.referee.rules import RULES
from agents.referee.suite import load, score
from agents.review import review_report
from tests.agents.fake_openai import FakeOpenAI, completion


def _one(text: str) -> Claim:
    claims = [c for c in extract(text) if c.values or c.qualifiers]
    assert len(claims) == 1, claims
    return claims[0]


def test_a_sentence_becomes_a_typed_claim_with_its_numbers_and_qualifiers() -> None:
    c = _one("The fine-tuned tagger is significantly better than scratch (AUC 0.912 ± 0.004 vs 0.884 ± 0.005, 5 seeds).\n")
    assert [(v.quantity, v.value, v.uncertainty) for v in c.results()] == [("auc", 0.912, 0.004), ("auc", 0.884, 0.005)]
    assert c.comparison and c.comparison.relation == "better" and (c.comparison.left, c.comparison.right) == (0, 1)
    assert "significant" in c.qualifiers and c.seeds == 5
    assert (c.quantity, c.value, c.uncertainty) == ("auc", 0.912, 0.004)
    again = Claim.model_validate_json(c.model_dump_json())  # a record that round-trips (h6 reuses it)
    assert again.results() == c.results()


def test_percentages_sizes_controls_and_negations() -> None:
    c = _one("On 2,000 test jets the accuracy is 83.2% ± 0.9%.")
    assert c.sample_size == 2000 and c.results()[0].value == 0.832 and abs(c.results()[0].uncertainty - 0.009) < 1e-12
    c = _one("The no-signal control gives AUC 0.78, consistent with random guessing.")
    assert c.results()[0].role == "control" and "consistent_with" in c.qualifiers and "random" in c.qualifiers
    c = _one("The difference is not significant (0.81 vs 0.80, one seed).")
    assert "not_significant" in c.qualifiers and "significant" not in c.qualifiers and c.seeds == 1
    c = _one("Its codebook perplexity is 612 with a codebook of 512 codes.")
    assert {(v.quantity, v.value) for v in c.values} == {("perplexity", 612.0), ("codebook_size", 512.0)}


def test_tables_and_json_answers_carry_their_lines() -> None:
    md = "# R\n\n| method | AUC | seeds |\n|---|---|---|\n| CWoLa | 0.91 ± 0.02 | 5 |\n| no-signal control | 0.52 | 5 |\n"
    rows = [c for c in extract(md) if c.kind == "row"]
    assert [(c.line, c.results()[0].role, c.results()[0].value, c.seeds) for c in rows] == \
        [(5, "result", 0.91, 5), (6, "control", 0.52, 5)]
    answer = json.dumps({"answer": "The anomaly is discovered.", "results": {"auc": 0.91, "auc_std": 0.02},
                         "control": {"auc": 0.78}}, indent=2)
    claims = extract(answer)
    assert any("discovery" in c.qualifiers for c in claims)
    ctrl = next(c for c in claims if c.results() and c.results()[0].role == "control")
    assert ctrl.results()[0].value == 0.78 and answer.splitlines()[ctrl.line - 1].strip().startswith('"auc"')
    res = next(c for c in claims if c.results() and c.results()[0].value == 0.91)
    assert res.results()[0].uncertainty == 0.02


SUITE = Path(__file__).parent / "referee_suite"


def test_every_rule_is_declared_with_a_reason_and_planted_in_the_suite() -> None:
    entries = load(SUITE)
    assert len(entries) >= 30 and sum(e.clean for e, _ in entries) >= 6
    planted = {x.rule for e, _ in entries for x in e.expect}
    assert planted == {r.name for r in RULES}
    assert all(len(r.reason) > 40 for r in RULES)
    assert {p.suffix for _, p in entries} >= {".md", ".json", ".txt"}


def test_the_suite_public_part_is_caught_without_false_alarms() -> None:
    """The whole suite runs in a few seconds: the planted errors named (rule and line; one idiom,
    'rejects background by a factor 790', is not read), no finding on a clean report; the holdout
    part keeps its measured floor (its figures are in benchmarks/results/referee.json)."""
    res = score(SUITE)
    pub, hold = res["public"], res["holdout"]
    assert pub["caught"] >= 0.95 * pub["planted"], [r for r in res["reports"] if r["missed"]]
    assert pub["clean_with_false_alarm"] == 0, [r for r in res["reports"] if r["clean"] and r["extra"]]
    assert pub["answers_right"] == pub["questions"], [r for r in res["reports"] if not r.get("answer_ok", True)]
    # the holdout is never tuned to: its one-run figure (9/12, no false alarm) is a floor, not a target
    assert hold["caught"] >= 0.7 * hold["planted"] and hold["clean_with_false_alarm"] == 0


FOREIGN = """# Anomaly search with CWoLa

We trained a CWoLa classifier; the signal region holds 2000 jets.
The fine-tuned tagger clearly beats training from scratch (AUC 0.84 vs 0.87).
The no-signal control gives AUC 0.78, consistent with random guessing.
We therefore report the discovery of a new resonance at 3.5 TeV.
The tokenizer is lossless (mass resolution 5%) and its codebook perplexity is 612 with 512 codes.
The generated-vs-real classifier reaches AUC 0.41, so generated jets look better than real ones.
Accuracy 0.912 ± 0.001 on a test set of 500 jets.
"""


def test_a_report_from_elsewhere_is_refereed_worst_first_with_line_and_rule(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "their_report.md"
    report.write_text(FOREIGN)
    res = review_report(report, question="does the anomaly claim hold up?")
    rules = [(f.split("]")[0].split("[")[1], int(f.split()[1])) for f in res.failures]
    assert set(rules) == {("impossible_value", 7), ("comparison_direction", 4), ("control_vs_null", 5),
                          ("auc_below_half", 8), ("discovery_without_evidence", 6), ("absolute_words", 7),
                          ("uncertainty_vs_sample_size", 9)}
    assert rules[0][0] == "impossible_value" and rules[-1][0] in ("uncertainty_vs_sample_size", "absolute_words")
    assert res.signature == "not recorded by a session here: numbers checked for consistency, not traced"
    assert not any("not backed" in f or "not recorded" in f for f in res.failures)  # one sentence, not a failure
    assert res.answer and res.answer.startswith("No: the control at AUC 0.78 is far from random (line 5)")
    assert "no p-value is given" in res.answer
    assert main(["review", str(report), "--question", "is the tokenizer lossless?", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["answer"].startswith("No:") and "lossless" in doc["answer"]
    assert {f["rule"] for f in doc["referee"]["findings"]} >= {"control_vs_null", "impossible_value"}


def test_a_clean_report_from_elsewhere_only_says_it_was_not_traced(tmp_path: Path) -> None:
    report = tmp_path / "answer.json"
    report.write_text((SUITE / "c03_tokenizer_json.json").read_text())
    res = review_report(report, question="is the tokenizer lossless?")
    assert res.ok and res.failures == []  # judged on content: nothing wrong with it
    assert res.signature == "not recorded by a session here: numbers checked for consistency, not traced"
    assert main(["review", str(report)]) == 0
    assert res.answer and res.answer.startswith("No: the report itself gives a resolution of 4.2% (line 2)")


@pytest.fixture(autouse=True)
def _no_model_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OMNIJET_LLM_BACKEND", "OMNIJET_LLM_BASE_URL", "OMNIJET_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_with_a_model_both_readings_are_kept_and_checked(tmp_path: Path) -> None:
    """The model fills the ClaimSheet schema (the fake server checks the answer against it); a
    reading the rules do not make ("the no-signal run gave 0.78" is an AUC) is checked too."""
    text = "# Search\n\nThe no-signal run gave 0.78 on 4000 test jets.\nThe injected run gave AUC 0.91.\n"
    sheet = {"claims": [
        {"line": 3, "quantity": "auc", "value": 0.78, "uncertainty": None, "subject": "no-signal run", "role": "control",
         "comparison": "none", "other_value": None, "qualifiers": [], "sample_size": 4000, "seeds": None},
        {"line": 4, "quantity": "auc", "value": 0.91, "uncertainty": None, "subject": "injected run", "role": "result",
         "comparison": "none", "other_value": None, "qualifiers": [], "sample_size": None, "seeds": None}]}
    assert not referee(text, "r.md").findings  # the rules alone cannot tell what 0.78 is
    with FakeOpenAI(lambda body, n: (200, {}, completion(json.dumps(sheet)))) as srv:
        backend = OpenAIBackend(Settings(backend="openai", base_url=srv.url, api_key="sk-test", model="fake",
                                         home=tmp_path))
        ref = referee(text, "r.md", backend=backend)
        assert srv.requests[0]["response_format"]["json_schema"]["name"] == "ClaimSheet"
        assert "   3| The no-signal run gave 0.78" in srv.requests[0]["messages"][1]["content"]
    assert [(f.rule, f.line) for f in ref.findings] == [("control_vs_null", 3)]
    assert "1 of the model's readings differ" in ref.notes[0]  # line 4 agrees with the rules: one record
    assert sum(c.source == "model" for c in ref.claims) == 1
    with FakeOpenAI(lambda body, n: (500, {}, {"error": {"message": "overloaded"}})) as srv:
        backend = OpenAIBackend(Settings(backend="openai", base_url=srv.url, api_key="sk-test", model="fake",
                                         home=tmp_path, max_retries=0))
        ref = referee(text, "r.md", backend=backend)
    assert not ref.findings and "the model's reading failed" in ref.notes[0]


def test_a_model_reading_counts_only_what_the_line_says() -> None:
    """A small model attaches words and numbers a line does not have ('discovery' on a table row,
    the other row's AUC as its comparison): those are dropped, what the line prints is kept."""
    from agents.referee.model_claims import ClaimSheet, to_claims

    text = "| run | AUC |\n|---|---|\n| injected signal | 0.83 ± 0.02 |\n| no-signal control | 74% |\n"

    def wire(line: int, value: float, **kw: object) -> dict[str, object]:
        return {"line": line, "quantity": "auc", "value": value, "uncertainty": None, "subject": "x", "role": "result",
                "comparison": "none", "other_value": None, "qualifiers": [], "sample_size": None, "seeds": None} | kw

    sheet = ClaimSheet.model_validate({"claims": [
        wire(3, 0.83, comparison="better", other_value=0.74, qualifiers=["discovery", "better_than_real"]),
        wire(4, 0.74, role="control"), wire(4, 0.91)]})
    claims = to_claims(sheet, text)
    assert [(c.line, [v.value for v in c.values], c.comparison, c.qualifiers) for c in claims] == [
        (3, [0.83], None, []), (4, [0.74], None, [])]  # 0.91 is printed nowhere on line 4; 74% is 0.74


def test_the_suite_scores_a_model_reading_beside_the_rules(tmp_path: Path) -> None:
    """`score(folder, backend_for)`: the blind batches are scored with and without the model's
    reading (benchmarks/referee_blind/model_reading.py); a planted error only the model reads is
    caught with it and missed without."""
    (tmp_path / "r.md").write_text("# Search\n\nThe no-signal run gave 0.78 on 4000 test jets.\n")
    (tmp_path / "r.yaml").write_text("report: r.md\nsplit: holdout\nclean: false\n"
                                     "expect:\n- rule: control_vs_null\n  line: 3\n")
    sheet = {"claims": [{"line": 3, "quantity": "auc", "value": 0.78, "uncertainty": None, "subject": "no-signal run",
                         "role": "control", "comparison": "none", "other_value": None, "qualifiers": [],
                         "sample_size": 4000, "seeds": None}]}
    assert score(tmp_path)["holdout"]["caught"] == 0
    with FakeOpenAI(lambda body, n: (200, {}, completion(json.dumps(sheet)))) as srv:
        backend = OpenAIBackend(Settings(backend="openai", base_url=srv.url, api_key="sk-test", model="fake",
                                         home=tmp_path))
        assert score(tmp_path, lambda p: backend)["holdout"]["caught"] == 1


def test_one_working_point_stated_three_ways_must_agree() -> None:
    text = ("At the 50% working point the tagger has a background rejection of 100 and a mistag rate of 5%.\n"
            "The mass response is unbiased (median bias +4.0%).\n"
            "At ε_S = 0.3 and ε_B = 0.01 the SIC is 5.\n"
            "At ε_S = 0.3 and ε_B = 0.01 the SIC is 3.0, and the rejection of 100 matches the 1% mistag rate.\n")
    assert sorted((f.rule, f.line) for f in referee(text).findings) == [
        ("absolute_words", 2), ("inconsistent_numbers", 1), ("inconsistent_numbers", 3)]


def test_hostile_reports_end_in_a_verdict_not_a_crash_or_a_stall() -> None:
    nasty = ["AUC 1e999 ± 1e999 on 1e999 test jets, better than 0.5 by a factor of 1e999.",
             "AUC 0.5 for the model " * 20000,  # one sentence of 440 kB: read up to MAX_CHARS
             "| a | auc |\n|---|---|\n" + "\n".join(f"| m{i} | 0.{i % 9 + 1} |" for i in range(3000)),
             json.dumps({"auc": float("1e308"), "x": [[[[[[[[[[[[[[[[{"auc": 2}]]]]]]]]]]]]]]]]}),
             "±±± | | 0.5σ p = = 0.2 1/ε_B ε_S 0e0 −0 .5. 5.. 1,0,0 from to by a factor x vs best 100% perplexity codes"]
    for text in nasty:
        ref = referee(text, "r.json" if text.startswith("{") else "r.md")
        assert len(ref.findings) <= 200 and answer("does the anomaly claim hold up?", ref, text)


def test_our_own_reports_are_refereed_on_content_with_their_provenance_checks_unchanged(tmp_path: Path) -> None:
    """A report our session wrote keeps every provenance check (it passes: its numbers are cited and
    recorded); the referee reads it too. A no-signal control at AUC 0.906 is far from the 0.5 of a
    classifier that finds nothing, so a CWoLa result 'above the control' cannot be credited to the
    signal: a finding (not a failure), on the line that states it. The index of every number that
    our reports append (per-seed points, errors, counts) is a listing, not claims: no finding there."""
    from agents.referee.own import statements
    from tests.agents.test_review import cite, session

    metrics = {"results": [{"signal_fraction": 0.0, "auc": 0.906, "auc_std": 0.01},
                           {"signal_fraction": 0.05, "auc": 0.98, "auc_std": 0.01}]}

    def auc(i: int) -> str:
        return (cite(str(metrics["results"][i]["auc"]), "../anomaly/metrics.json", f"/results/{i}/auc") + " ± "
                + cite("0.01", "../anomaly/metrics.json", f"/results/{i}/auc_std"))

    listing = ("\n### All numbers\n\n| made in | quantity | value |\n|---|---|---|\n"
               f"| step 1 | results[0].auc_std | {cite('0.01', '../anomaly/metrics.json', '/results/0/auc_std')} |\n"
               f"| step 1 | points[cwola].auc | {cite('0.906', '../anomaly/metrics.json', '/results/0/auc')} |\n"
               f"| step 1 | points[cwola].auc | {cite('0.98', '../anomaly/metrics.json', '/results/1/auc')} |\n")
    text = f"# CWoLa\n\nAt 5% signal CWoLa reaches AUC {auc(1)}, higher than the no-signal control at {auc(0)}.\n{listing}"
    meta = {"request": "CWoLa at 5% signal", "plan": {"family": "anomaly"}, "figures": []}
    res = review_report(session(tmp_path, text, artifacts={"anomaly/metrics.json": metrics}, meta=meta))
    assert res.ok, res.failures  # provenance: every number cited and recorded
    referee_lines = [f for f in res.findings if "[" in f.split(":")[0]]
    assert referee_lines and all(f.startswith("line 3 [control_vs_null]") for f in referee_lines), res.findings
    assert statements(text).splitlines()[6:] == [""] * (len(text.splitlines()) - 6)  # the listing blanked, lines kept
    good = text.replace("0.906", "0.506")
    metrics["results"][0]["auc"] = 0.506
    res = review_report(session(tmp_path / "good", good, artifacts={"anomaly/metrics.json": metrics}, meta=meta))
    assert res.ok and not [f for f in res.findings if "[" in f.split(":")[0]], res.findings


STYLES_CLEAN = [  # other agents' ways of writing a result; none of these is wrong
    "Die AUC beträgt 0,91 für das feinabgestimmte Modell.",
    "AUC: 0.9123(4), accuracy 0.8731(12), both on 1M test jets.",
    "Across seeds the AUC ranges from 0.41 to 0.93 depending on the learning rate.",
    "The ROC AUC for the weakly-supervised model is 0.68 when trained on 0.5% signal.",
    "The likelihood ratio test gives an AUC of 0.45 for QCD vs QCD (a null test).",
    "auc: 0.912\nauc_std: 0.003\nn_test: 20000\naccuracy: 0.861",
    "The result is robust: across 5 seeds the AUC varies by only 0.002.",
    "Pretraining improves the AUC by 0.012 (from 0.900 to 0.912).",
    "The fine-tuned AUC of 0.934 is 0.05 above scratch (0.884).",
    "The pull distribution has mean -0.03 and width 1.02.",
    "(about ±0.0004 on the AUC from Hanley–McNeil for 25k + 25k jets)",
    "[epoch 10] val_acc=0.8123\n[epoch 20] val_acc=0.8190",
    "| S/B (%) | AUC | SIC_max |\n|---|---|---|\n| 0.0 | 0.502 ± 0.015 | 1.1 ± 0.2 |\n| 1.0 | 0.71 ± 0.02 | 5.0 ± 0.6 |",
    "The fine-tuned ParT reaches an AUC of 0.986 on JetClass.\nOn quark/gluon the same fine-tuned ParT reaches an AUC of 0.912.",
    "Generated-vs-real classifier AUC (0.5 = indistinguishable): 0.636 ± 0.032; the jets are clearly separable.",
    "finetune − scratch: 0.03 ± 0.005 in accuracy (p = 0.11); in AUC 0.0254 ± 0.001 (p = 0.025).",
    "Accuracy 0.912 ± 0.002 (std over 5 seeds) on a fixed test set of 2000 jets.",
    "- AUC [%]: 91.2\n- accuracy [%]: 84.1\n- mistag @ 50% eff [%]: 1.2",
    "The local excess has p = 3×10⁻⁷, i.e. 5.0σ, against the fitted background; the global significance is 4.1σ.",
    "=========  =====  ========\nmodel      AUC    accuracy\n=========  =====  ========\nParT       0.986  0.942\n"
    "PN         0.984  0.940\n=========  =====  ========",
    "2026-12-01 12:00:03 INFO epoch=10 auc=0.901 acc=0.83\n2026-12-01 12:05:03 INFO epoch=20 auc=0.912 acc=0.84",
    "Signal injection test: at S/B = 1% the AUC is 0.62 ± 0.02; at S/B = 0 it is 0.51 ± 0.02, compatible with random.",
]
STYLES_PLANTED = [  # (report, rule): one error each, in the same kinds of style
    ("The AUC is 0,81 (fine-tuned), better than 0,88 (scratch).", "comparison_direction"),
    ("| injection | AUC |\n|---|---|\n| 0% | 0.71 ± 0.01 |\n| 1% | 0.80 ± 0.01 |", "control_vs_null"),
    ("Scratch trails fine-tuning, 0.901 against 0.887 AUC.", "comparison_direction"),
    ("Pretraining gives a statistically significant improvement: 0.8812 vs 0.8809 accuracy on 2,000 test jets.",
     "significance_unsupported"),
    ("Zero information loss: the constituent pT is reconstructed with 3% RMS.", "absolute_words"),
    ("Pretraining improves the AUC by 0.05 (from 0.900 to 0.912).", "inconsistent_numbers"),
    ("scratch  AUC=0.942  rej@30%=410\nfinetuned  AUC=0.951  rej@30%=520\n"
     "The finetuned model has a lower rejection than scratch at 30% efficiency.", "comparison_direction"),
    ('{"scratch": {"auc": 0.942, "auc_err": 0.002}, "finetuned": {"auc": 0.944, "auc_err": 0.002},\n'
     ' "conclusion": "Finetuning yields a statistically significant improvement in AUC."}', "significance_unsupported"),
    ("- Injected S/B: 0\n- Classifier AUC: 0.71 +- 0.01", "control_vs_null"),
    ("CWoLa: AUC 0.906 ± 0.0059, against 0.853 ± 0.01 with no signal injected.", "control_vs_null"),
    ("<table>\n<tr><th>model</th><th>AUC</th></tr>\n<tr><td>ParT</td><td>1.086</td></tr>\n</table>", "impossible_value"),
    ("=========  =====  ========\nmodel      AUC    accuracy\n=========  =====  ========\nPN         0.984  1.040",
     "impossible_value"),
    ("The local excess has p = 3×10⁻⁷, i.e. 2.0σ, against the fitted background.", "inconsistent_numbers"),
    ("Top tagging, 5 seeds:\n\tAUC\tacc\nParT\t0.986\t0.942\nPN\t-0.984\t0.940", "impossible_value"),
    ("Signal injection test: at S/B = 1% the AUC is 0.62 ± 0.02; at S/B = 0 it is 0.61 ± 0.02, compatible with random.",
     "control_vs_null"),
    ("results:\n  finetuned:\n    auc: 0.912\n    auc_std: 0.0001\n  scratch:\n    auc: 0.884\nn_test: 2000",
     "uncertainty_vs_sample_size"),  # a YAML answer
]


def test_report_styles_are_read_without_false_alarms_and_errors_in_them_are_named() -> None:
    for text in STYLES_CLEAN:
        assert not referee(text + "\n", "r.json" if text.startswith("{") else "r.md").findings, text
    for text, rule in STYLES_PLANTED:
        ref = referee(text + "\n", "r.json" if text.startswith("{") else "r.yaml" if text.startswith("results:") else "r.md")
        assert rule in {f.rule for f in ref.findings}, (text, ref.lines())


def _at(text: str, name: str) -> dict[int, list[tuple[str, float, str]]]:
    """(quantity, value, role) of each number, by line."""
    out: dict[int, list[tuple[str, float, str]]] = {}
    for c in extract(text, name=name):
        out.setdefault(c.line, []).extend((v.quantity, v.value, v.role) for v in c.values)
    return out


def test_logs_chats_and_printed_data_are_read_line_by_line() -> None:
    """Layouts a separate author used (b5, b6) and that our own stress reports add: a log's and a chat's records stand
    alone and their times are no numbers; objects printed inline, box-drawn tables and TOML are data; 0.566(8) is an
    error in the last digits."""
    log = ("2026-11-30 15:48:41 INFO  [ad-eval] AE AUC(sig vs bkg) = 0.43\n"
           "2026-11-30 15:48:42 INFO  [ad-eval] eps_S=0.05 bkg rejection=0.8 (AE), keeping this working point\n")
    got = _at(log, "run.log")
    assert got[1] == [("auc", 0.43, "result")] and ("rejection", 0.8, "result") in got[2]
    assert {f.rule: f.line for f in referee(log, "run.log").findings} == {"impossible_value": 2, "auc_below_half": 1}
    chat = "lena  10:03  shuffled-label control: AUC 0.64 ± 0.01, consistent with 0.5\nlena  10:04  real labels: AUC 0.67\n"
    assert [(f.rule, f.line) for f in referee(chat, "c.txt").findings] == [("control_vs_null", 1)]
    trace = 'Observation: {"n_test": 20000, "accuracy": 0.9381, "auc": 0.9853}\n'
    assert ("accuracy", 0.9381, "result") in _at(trace, "t.md")[1]
    box = "┏━━━━━┳━━━━━━┓\n┃ model ┃ AUC ┃\n┡━━━━━╇━━━━━━┩\n│ PFN │ 1.02 │\n└─────┴──────┘\n"
    assert [(f.rule, f.line) for f in referee(box, "b.txt").findings] == [("impossible_value", 4)]
    toml = '[classifier_test]\nauc = 0.624\nauc_err = 0.004\nverdict = "generated jets indistinguishable from real jets"\n'
    assert "classifier_test_vs_null" in {f.rule for f in referee(toml, "r.toml").findings}
    paren = "A no-signal control on background-only simulation gives an AUC of 0.566(8), in agreement with 0.5.\n"
    c = _one(paren)
    assert c.values[0].uncertainty == pytest.approx(0.008) and c.values[0].role == "control"
    assert [f.rule for f in referee(paren).findings] == ["control_vs_null"]


def _assert_silent(texts: list[str], name: str) -> None:
    """Each text, read as a report named `name`, gives no finding (the findings shown if it does)."""
    for text in texts:
        r = referee(text + "\n", name)
        assert not r.findings, (text, r.lines())


def test_precision_guards_stay_silent_where_the_reading_is_unsure() -> None:
    """A false alarm on a clean report fails the bar: where the reader cannot tell which number a claim rests on, it
    says nothing."""
    clean = [
        "ParticleNet has the best AUC, 0.9841, and the gap to the PFN (0.0039) is well outside both intervals.",
        "Pre-training adds 0.0037 in AUC, augmentation another 0.0007.",
        "Finding new physics would need a global significance above 5σ; the excess is 2.1σ local.",
        "The tokenized dataset fits perfectly in GPU memory. The mass resolution is 4.4%.",
        "seed 0: acc 0.8731\nseed 1: acc 0.8702\nseed 2: acc 0.8755\n",
        "We made realistic generation faster; the classifier test gives AUC 0.571.",
        "Are the generated jets realistic? A classifier separates them from real jets with AUC 0.71.",
        "```yaml\nmin_auc_for_release: 0.45\ndropout: 0.1\n```\nThe tagger reaches AUC 0.9702 ± 0.0009.",
    ]
    _assert_silent(clean, "r.md")


def test_asked_withdrawn_and_setting_words_are_not_claims_and_new_notations_are_read() -> None:
    """Session 9 readings from the third blind round: a reported question, a withdrawn wording, a comparative about
    a setting and an AUC beside its own complement claim nothing; a gain in points between unnamed percentages, a
    rejection below 1 in jet notation and a hyphenated 'SR-vs-SB' control are read."""
    clean = [
        'SI asked if "lossless tokenization" can go on the slide. Agreed: no. The mass resolution is 6.8 GeV.',
        'The global p-value is 9.4e-3 (2.3σ). We have replaced "evidence for a resonance" by "a mild excess".',
        "Accuracy plateaus above 4096 codes: 0.902 vs 0.904 differs by 0.7σ (±0.002 each), not significant.",
        "auc_raw: 0.2642\nauc: 0.7358\nauc_err: 0.0012\n",
    ]
    _assert_silent(clean, "r.txt")
    bad = {
        "At 1,000 training jets fine-tuning gains 12.6 percentage points over from-scratch (74.1 % → 89.9 %).":
            "inconsistent_numbers",
        "Fine-tuned: R_g(\\epsilon_q=0.9) = 0.87 +- 0.02.": "impossible_value",
        "Control: with no injected signal the SR-vs-SB classifier gets AUC 0.541 +- 0.003, "
        "i.e. it behaves like a random classifier.": "control_vs_null",
    }
    for text, rule in bad.items():
        assert rule in {f.rule for f in referee(text + "\n", "r.txt").findings}, (text, referee(text + "\n", "r.txt").lines())


def test_notation_negation_runs_and_working_points_are_read_as_such() -> None:
    """Session 9 readings from the fourth blind round: a unit key, a subject negation ('none of ...'), a negation in
    Chinese, two commands' outputs in a terminal session, a Greek-indexed observable, a z-score key, a condition
    written 'at an X of' and a start value named in parentheses are read as what they are; the same text without the
    negation, or with the two values in one run, is still flagged. An error written '+-0.003' is no stated change, a
    value is not compared with a significance, and 'SIC = eps_S/sqrt(eps_B) = 8.4' is a SIC. A footnote's name
    '[^lossless]' and what a word would mean ('A lossless tokenizer would ...') claim nothing; 'A → B' is read in
    the arrow's order, after the comparative too; HTML entities ('&plusmn;') are read as their signs, a '%' after
    the error is the value's too, and a reduction in percent is of the old, larger value. A mistag rate compared
    through rejections (1/ε_B) is compared inversely, and a restatement ('i.e. it rejects more QCD') is checked on
    the same two numbers. A log line's message ('date | INFO | comparison: ...') is read as prose. '0 signal events
    injected' names a control, and the next sentence on its line gives the control's numbers. 'Perfect agreement'
    beside a W1 distance above zero is flagged. JetNet's 'W1M' is a W1 distance (lower is better). Two values under
    two third-level headings ('*** MLP', '*** CNN') are two variants' numbers."""
    clean = [
        '{"record": "w1", "observable": "mass", "unit": "1e-3", "w1_gen": 0.61, "w1_floor": 0.29, "ratio": 2.1, '
        '"z_vs_floor": 3.7}\n{"record": "w1", "observable": "pt", "unit": "1e-3", "w1_gen": 0.48, "w1_floor": 0.41, '
        '"ratio": 1.2, "z_vs_floor": 0.6}',
        "None of the three taggers comes close to perfect separation (AUC 0.88 at most).",
        "| obs | K = 64 | K = 1024 |\n|---|---|---|\n| τ21 width | 0.061 | 0.047 |\n| τ32 width | 0.072 | 0.054 |\n\n"
        "- 重建不是 lossless：τ32 width 0.054.",
        "u@h:~$ python scan.py --in a.h5\n[scan] local significance = 2.10 sigma\nu@h:~$ python scan.py --in b.h5\n"
        "[scan] local significance = 3.30 sigma",
        "The seed spread is larger than the binomial error on 100,000 test jets (about 0.002 at an accuracy of 0.65).",
        "Pre-training raises the accuracy from 0.70 ± 0.01 (scratch) to 0.78 ± 0.01.",
        "Both generators stay separable from real jets (AUC 0.571 and 0.622, both far above 0.5 with +-0.003).",
        "vs the baseline the gap is 0.21 ± 0.10, i.e. ~2σ, and we are still above the truth-vs-truth floor.",
        "The best point gives SIC = eps_S/sqrt(eps_B) = 8.4.\n"
        "The tuned setup (8.4) is better than the default (trial 3 = the default, 7.9).",
        "The mass resolution is 4.1 %. The tokenization is not lossless.[^lossless]\n\n"
        "[^lossless]: A lossless tokenizer would reproduce every constituent exactly; 4.1 % is far from that.",
        "A perfect separation would be AUC 1; the tagger reaches 0.91.",
        "Usage falls from 97 % at K = 256 to 60 % at K = 4096, but the perplexity keeps growing (220 → 2100), so the "
        "number of used codes still increases with K.",
        "<ul>\n<li>Tagger B reduces the mistag rate relative to tagger A (2.40 % &rarr; 1.10 %).</li>\n"
        "<li>B has the lowest mistag rate: 1.10 &plusmn; 0.03 % against 1.25 &plusmn; 0.03 % for C.</li>\n</ul>",
        "Of the two baselines, EFN has the higher mistag rate at ε_S = 0.3 (1/ε_B = 600 vs 900 for PFN).",
        "Of the two cuts, A has the larger mistag rate (8.0 % vs 5.0 % for B), i.e. it rejects less QCD.",
        "2024-03-15 05:09:16 | INFO | comparison: the frozen backbone generalizes better -> lower best val loss "
        "(frozen 0.1984 vs finetune 0.2214)",
        "Yes, same pipeline, 0 signal events injected, same seeds. SR-vs-SB AUC = 0.503 ± 0.006 over 5 folds, so the "
        "classifier finds nothing there.",
        "[summary] generated jets are in close agreement with the reference (W1 mass 2.10e-3)",
        "CFM is better than the GAN on the jet mass (W1M 0.61 vs 0.70).",
        "** Alternative classifiers\n*** MLP 3x64\n    - truth-label AUC 0.812 ± 0.015\n*** CNN on jet images\n"
        "    - truth-label AUC 0.861 ± 0.012",
    ]
    for text in clean:
        name = "r.jsonl" if text.startswith("{") else "r.html" if text.startswith("<") else "r.org" if text[:1] == "*" else "r.txt"
        assert not referee(text + "\n", name).findings, (text, referee(text + "\n", name).lines())
    bad = {
        "All three taggers come close to perfect separation (AUC 0.88 at most).": "absolute_words",
        "u@h:~$ python scan.py --in a.h5\n[scan] local significance = 2.10 sigma\n[scan] local significance = 3.30 sigma":
            "inconsistent_numbers",
        "Pre-training lowers the accuracy from 0.70 ± 0.01 (scratch) to 0.78 ± 0.01.": "comparison_direction",
        "Tagger B reduces the mistag rate by 55 % relative to tagger A (2.40 % → 1.50 %).": "inconsistent_numbers",
        "Of the two baselines, EFN has the lower mistag rate at ε_S = 0.3 (1/ε_B = 600 vs 900 for PFN).":
            "comparison_direction",
        "Of the two cuts, A has the larger mistag rate (8.0 % vs 5.0 % for B), i.e. it rejects more QCD.":
            "comparison_direction",
        "2024-03-15 05:09:16 | INFO | comparison: the frozen backbone generalizes better -> lower best val loss "
        "(frozen 0.2214 vs finetune 0.1984)": "comparison_direction",
        "Yes, same pipeline, 0 signal events injected, same seeds. SR-vs-SB AUC = 0.571 ± 0.006 over 5 folds, so the "
        "classifier finds nothing there.": "control_vs_null",
        "[summary] generated jets are in perfect agreement with the reference (W1 mass 2.10e-3)": "absolute_words",
        "CFM is worse than the GAN on the jet mass (W1M 0.61 vs 0.70).": "comparison_direction",
        "** Alternative classifiers\n*** MLP 3x64\n    - truth-label AUC 0.812 ± 0.015\n"
        "    - truth-label AUC 0.861 ± 0.012": "inconsistent_numbers",
    }
    for text, rule in bad.items():
        assert rule in {f.rule for f in referee(text + "\n", "r.txt").findings}, (text, referee(text + "\n", "r.txt").lines())



def test_a_column_headed_k_is_each_rows_codebook_size() -> None:
    """A sweep table whose first column is headed "K" (or "*K*") gives each row's codebook size: a
    perplexity above its own row's K is impossible even when a larger K stands in another row; the
    same table with each perplexity below its row's K is clean."""
    table = ("| {k} | used codes | perplexity |\n|---:|---:|---:|\n| 512 | 504 | 431 |\n"
             "| 1024 | 991 | {ppl} |\n| 4096 | 3 322 | 2 410 |\n")
    flagged = referee(table.format(k="*K*", ppl="1 187"), "vq.md")
    assert [(f.rule, f.line) for f in flagged.findings] == [("impossible_value", 4)], flagged.lines()
    assert "1187" in flagged.findings[0].message and "1024" in flagged.findings[0].message
    _assert_silent([table.format(k="*K*", ppl="1 011")], "vq.md")


def test_a_printed_data_frame_reads_its_index_column() -> None:
    """A data frame printed by pandas has one column more in its rows than in its header: the index. Its
    name may stand alone on the line below the header (after set_index), where it names that column; a
    plain 0, 1, 2 index heads nothing. An impossible value in either frame is named; the clean frames are silent."""
    named = ("Out[3]:\n          usage  perplexity  dead_codes\ncodebook\n"
             "512        0.98       {ppl}          10\n2048       0.91      1452.7         184\n")
    plain_index = ("Out[4]:\n          model     auc  eff_sig\n0           PFN  0.9819  0.9321\n"
                   "1   ParticleNet  0.9858  {acc}\n")
    for text, line in ((named.format(ppl="700.4"), 4), (plain_index.format(acc="1.0402"), 4)):
        r = referee(text, "nb.md")
        assert [(f.rule, f.line) for f in r.findings] == [("impossible_value", line)], r.lines()
    _assert_silent([named.format(ppl="470.4"), plain_index.format(acc="0.9402")], "nb.md")


def test_two_values_of_a_quantity_conflict_only_when_they_describe_the_same_object() -> None:
    """A value belongs to the object the layout names: a metrics page's field (two different keys are two
    fields, 'test_...' and 'nominal_...'), the mapping printed after a key ('scratch: {...}' / 'finetuned: {...}'),
    the list item it is indented under ('- n_labels: 100' / '- n_labels: 1000') and a table row's first cell
    ('100' / '1k' labels). Values of two objects are not one quantity given twice; the same field, mapping, item
    or row with two values is still named."""
    metrics = ("Metrics\n  test_inv_eps_b_at_eps_s_0.5      46.9     35\n"
               "  {other}_inv_eps_b_at_eps_s_0.5      58.2     --\n")
    dump = ("results:\n  - n_labels: 100\n    scratch:   {{acc: 0.501, acc_err: 0.004}}\n"
            "    finetuned: {{acc: 0.842, acc_err: 0.012}}\n  - n_labels: {n}\n"
            "    scratch:   {{acc: 0.781, acc_err: 0.006}}\n    finetuned: {{acc: 0.8975, acc_err: 0.0021}}\n")
    table = ("| labels | scratch AUC | fine-tune AUC |\n|---:|---|---|\n| 100 | 0.741 ± 0.021 | 0.874 ± 0.009 |\n"
             "| {second} | 0.902 ± 0.006 | 0.937 ± 0.003 |\n")
    _assert_silent([metrics.format(other="nominal"), dump.format(n=1000), table.format(second="1k")], "run.txt")
    for text, line in ((metrics.format(other="test"), 3), (table.format(second="100"), 4)):
        r = referee(text, "run.txt")
        assert ("inconsistent_numbers", line) in [(f.rule, f.line) for f in r.findings], r.lines()


def test_a_claims_partners_are_found_in_its_block() -> None:
    """One window, the block a claim stands in (its paragraph, list or log record, up to a blank line): a sentence
    ending in ':' gives its sample to the lines under it (a single seed there: the error is the test set's, whatever
    other results' seed spreads are); a sentence with no AUC of its own that calls 'it' consistent with no signal
    speaks of the AUC its block gives before it; aligned 'label : value' lines are records, not one wrapped sentence.
    Outside the block, or with the AUC near 0.5, nothing is said."""
    cross = ("Main results: mean +- std over 5 seeds.\n\n"
             "10:52  High-pT cross-check. Separate Delphes sample, 1.0 < pT < 1.2 TeV, 1,500 jets\n"
             "       (750 top, 750 QCD), ParT seed 11 applied without retraining:\n         AUC      = 0.978 +- 0.006\n"
             "         accuracy = 0.931 +- {err}\n")
    called = ("(b) first: the classifier SR-data vs flow samples gives AUC = {auc} ± 0.004 (mean ± std over 5 folds).{gap}"
              "that's close enough to 0.5 to call it consistent with no signal, so the flow isn't sculpting anything\n")
    records = ("Step 2 done (5 folds, spread over folds quoted):\n  with signal injected : AUC(SR vs SB) = 0.641 +- 0.010\n"
               "  no-signal control    : AUC(SR vs SB) = {auc} +- 0.010\nThe control is compatible with no signal.\n")
    for text, rule, line in ((cross.format(err="0.002"), "uncertainty_vs_sample_size", 6),
                             (called.format(auc="0.581", gap=" "), "control_vs_null", 1),
                             (records.format(auc="0.618"), "control_vs_null", 3)):
        r = referee(text, "log.txt")
        assert (rule, line) in [(f.rule, f.line) for f in r.findings], r.lines()
    _assert_silent([cross.format(err="0.007"), called.format(auc="0.503", gap=" "), called.format(auc="0.581", gap="\n\n"),
                    records.format(auc="0.503"),
                    "- usage fraction : 0.965\n\nComparison with K=4096\n- Usage fraction is comparable (94.5% vs 96.5%).\n",
                    "Herwig hold-out, 2,000 jets:\n  - AUC 0.887, 95% CI [0.872, 0.902] (DeLong)\n"], "log.txt")


def test_a_trials_count_is_no_significance_and_a_change_has_its_own_ends() -> None:
    """'Global significance from 2,000 background-only pseudo-experiments: 1.6σ' states a count of toys, not a
    global significance of 2,000 (which would exceed the local one); '~1.9x CWoLa (11.8 / 6.2)' is checked against
    its own parenthesis, not against the other pair of its sentence, and a factor its ends do not give is named."""
    scan = ("- Largest excess: window at 3.6 TeV, local significance 2.8σ\n"
            "- Global significance from 2,000 background-only pseudo-experiments (same scan): 1.6σ\n")
    ratio = "CATHODE reaches 94% of the idealized max SIC (11.8 / 12.6) and is ~{f}× CWoLa (11.8 / 6.2).\n"
    _assert_silent([scan, ratio.format(f="1.9")], "slides.md")
    r = referee(ratio.format(f="2.6"), "slides.md")
    assert ("inconsistent_numbers", 1) in [(f.rule, f.line) for f in r.findings], r.lines()
    assert "11.8" in r.findings[0].message and "6.2" in r.findings[0].message


def test_working_points_of_a_rejection_and_a_change_with_units_are_read() -> None:
    """A number below 1 right after 'at' (or in 'at eps_S = 0.3 and 0.5', or after '@') beside a rejection is its
    working point, an efficiency, not a rejection below 1; a rejection stated below 1 ('R_90 = 0.92') is still
    impossible. 'reduces the W1 from 2.1 +- 0.1 GeV (8 layers) to 1.2 +- 0.1 GeV' is a reduction, read from A to B."""
    _assert_silent([
        "Report AUC, accuracy and background rejection 1/eps_B at eps_S = 0.3 and 0.5 for both taggers.",
        "The AUC hides the high-purity region; 1/eps_B at 0.5 is more sensitive.",
        "- ParticleNet was re-evaluated; its 1/eps_B @0.3 went from 101.2 to 98.0 (-3.2%), within one error bar.",
        "The 16-layer generator reduces the jet-mass W1 distance from 2.1 +- 0.1 GeV (8 layers) to 1.2 +- 0.1 GeV, "
        "a 43% reduction.",
    ], "notes.txt")
    for text, rule in (("At 90% signal efficiency the background rejection R_90 = 0.92 +- 0.03.", "impossible_value"),
                       ("The 16-layer generator reduces the jet-mass W1 distance from 1.2 +- 0.1 GeV (8 layers) to "
                        "2.1 +- 0.1 GeV.", "comparison_direction")):
        assert rule in {f.rule for f in referee(text + "\n", "notes.txt").findings}, referee(text + "\n", "notes.txt").lines()


def test_a_ratio_is_not_the_quantity_it_divides() -> None:
    """'perplexity_over_K: 0.844' and 'the ratio of selected events to the prediction at the 1% background-efficiency
    working point is 1.012' state ratios: no perplexity below 1, no efficiency above 1. The plain quantities are
    still checked."""
    _assert_silent(["    perplexity_over_K: 0.844\n    rel_mass_resolution: 0.039",
                    "In the no-signal sample, the ratio of selected SR events to the template prediction at the 1% "
                    "background-efficiency working point is 1.012 +- 0.009, compatible with unity."], "dump.txt")
    for text in ("    perplexity: 0.844\n    rel_mass_resolution: 0.039",
                 "In the no-signal sample, the background efficiency at the working point is 1.012 +- 0.009."):
        assert "impossible_value" in {f.rule for f in referee(text + "\n", "dump.txt").findings}, text


def test_a_sentence_opening_with_a_control_states_the_controls_numbers() -> None:
    """'In the label-shuffled control, where ..., the classifier reaches AUC = 0.561 +- 0.004 ..., consistent with the
    absence of any learnable signal': the sentence is set in the control, so its AUC is the control's, and 'the
    absence of any signal' reads it as random. Near 0.5 it is silent, and a sentence about the injected run is not the
    control's."""
    text = ("In the label-shuffled control, where SR and SB labels are randomly permuted before training, the classifier "
            "reaches AUC = {auc} +- 0.004 (mean and error over the 5 folds), consistent with the absence of any learnable "
            "signal, as expected.\n")
    r = referee(text.format(auc="0.561"), "paper.txt")
    assert ("control_vs_null", 1) in [(f.rule, f.line) for f in r.findings], r.lines()
    _assert_silent([text.format(auc="0.503"), "In the injected run, the classifier reaches AUC = 0.561 +- 0.004 on the SR."],
                   "paper.txt")


def test_a_spoken_percent_change_is_checked_against_the_sentence_before() -> None:
    """'CATHODE with the flow gets 11.2, and with flow-matching we get 14.8. So that's about a 45 percent improvement
    in SIC': 'percent' is '%', and a relative change stated in a sentence of its own has its ends in the sentence
    before it in its block (14.8 / 11.2 is +32%, not +45%); the right figure, or a blank line between, is silent."""
    text = ("CATHODE with the flow gets 11.2, and with flow-matching we get 14.8.{gap}So that's about a {p} percent "
            "improvement in SIC with exactly the same classifier.\n")
    r = referee(text.format(gap=" ", p="45"), "talk.txt")
    assert [f.rule for f in r.findings] == ["inconsistent_numbers"], r.lines()
    _assert_silent([text.format(gap=" ", p="32"), text.format(gap="\n\n", p="45")], "talk.txt")


def test_a_classifier_told_to_tell_real_from_a_generator_is_a_classifier_test() -> None:
    """'a classifier to tell real from EPiC-FM jets' sets up a generated-vs-real test (the other side is the
    generator's), so the next sentence's AUC is that test's; with one such test in the report, 'EPiC-FM jets are
    indistinguishable from the real thing' is a claim about it. At AUC 0.71 ± 0.004 it is named; at 0.503 it is not."""
    text = ("6/9 The strongest test: we trained a ParticleNet classifier to tell real from EPiC-FM jets\n"
            "(100k+100k for training, 50k+50k for testing). Test AUC = {auc} ± 0.004.\n\n"
            "7/9 In other words, EPiC-FM jets are indistinguishable from the real thing.\n")
    r = referee(text.format(auc="0.71"), "thread.txt")
    assert "classifier_test_vs_null" in {f.rule for f in r.findings}, r.lines()
    _assert_silent([text.format(auc="0.503")], "thread.txt")


def test_two_working_points_of_one_sentence_pair_up_in_order() -> None:
    """'the background efficiency drops from 4.1e-3 to 2.9e-3, i.e. the rejection 1/eps_B improves from 244 to {r}':
    each rejection is 1/eps_B of the efficiency in the same place (1/2.9e-3 = 345, not 417); '(binomial error 0.0004
    on each)' is the error of both numbers, not a change between them."""
    text = ("Evaluated on the 404k-jet test set, the background efficiency at eps_S = 0.5 drops from 4.1e-3 to 2.9e-3, "
            "i.e. the rejection 1/eps_B improves from 244 to {r}.\nAccuracy on the same test set: 0.9372 → 0.9405 "
            "(binomial error 0.0004 on each).\n")
    r = referee(text.format(r="417"), "CHANGELOG.rst")
    assert [(f.rule, f.line) for f in r.findings] == [("inconsistent_numbers", 1)], r.lines()
    assert "417" in r.findings[0].message
    _assert_silent([text.format(r="345")], "CHANGELOG.rst")


def test_two_changes_in_one_sentence_each_take_their_own_quantity() -> None:
    """'the accuracy rises by 0.064 and the gluon rejection at 50% quark efficiency improves from 14.6 to 19.2, a 24%
    gain': the 24% is the rejection's change (+31.5%, not 24%); the accuracy's 0.064 has no pair of its own. A log
    line's 'sem=0.0009' beside two means is an error, not a second change."""
    text = ("With 1,000 labels the accuracy rises by 0.064 and the gluon rejection at 50% quark efficiency improves from "
            "14.6 to 19.2, a {p}% gain.\n")
    r = referee(text.format(p="24"), "review.txt")
    assert [(f.rule, f.line) for f in r.findings] == [("inconsistent_numbers", 1)], r.lines()
    _assert_silent([text.format(p="31"), "scratch     AUC mean=0.8255 sem=0.0009  acc mean=0.7512 sem=0.0009"], "review.txt")


def test_a_percentage_of_the_codebook_is_no_codebook_size() -> None:
    """'the perplexity (5,904) is 72% of the codebook size' states a fraction of K, not K = 72: no perplexity above
    the codebook is named; a perplexity above a stated K still is."""
    _assert_silent(["The perplexity (5,904) is 72% of the codebook size, so the usage is close to uniform."], "page.txt")
    r = referee("With K = 4096 codes the perplexity (5,904) is high.\n", "page.txt")
    assert "impossible_value" in {f.rule for f in r.findings}, r.lines()


def test_an_error_labelled_as_such_is_no_stated_change() -> None:
    """'acc at the 0.5 threshold is 0.7612 for contrastive seed 0, binomial err 0.0013': the 0.0013 is the accuracy's
    error, not a change between two numbers of the sentence."""
    _assert_silent(["14:05 < nkaur> acc at the 0.5 threshold is 0.7612 for contrastive seed 0, binomial err 0.0013"],
                   "irc.txt")


SUMMARY = """# Weekly summary: W tagging

Fine-tuned on 500 labelled W and 500 QCD jets, evaluated on 2,000 held-out jets (1,000 per class).

| model | accuracy | AUC |
|---|---|---|
| fine-tuned backbone | 0.884 ± 0.002 | 0.951 |
| from scratch | 0.861 ± 0.009 | 0.937 |

The fine-tuned backbone is significantly better than training from scratch.
Its mistag rate at 50% signal efficiency is 0.8%, i.e. a background rejection of 12.5.
"""


@pytest.mark.parametrize(("text", "starts"), [
    (SUMMARY, "Partly: the comparison of line 10 goes the way its numbers do, but ± 0.002 is below"),
    (SUMMARY.replace("0.884 ± 0.002", "0.884 ± 0.007"), "Yes: the comparison of line 10 agrees"),
])
def test_a_question_on_one_comparison_is_answered_on_it(text: str, starts: str) -> None:
    """'Does the claim that fine-tuning beats scratch hold up?' was answered 'No' for a rejection
    that disagrees with its mistag rate two lines further on: the answer is about the comparison
    asked and its sides' numbers; a problem elsewhere is named as such."""
    ref = referee(text)
    got = answer("does the claim that fine-tuning beats scratch hold up?", ref, text)
    assert got.startswith(starts), got
    assert "(elsewhere: " in got and "(line 11)" in got


def test_a_question_whether_the_run_without_signal_found_something_asks_for_the_problem() -> None:
    # asked of the run itself, not of "the control": yes means the method finds a difference where there is none to find
    far = ("SR-vs-SB classifier, 5 folds.\nNo-signal run (s/b = 0): AUC 0.571 +- 0.005, consistent with random guessing.\n"
           "With s/b = 0.5%: AUC 0.640 +- 0.006.\n")
    near = far.replace("0.571 +- 0.005", "0.503 +- 0.005")
    for q in ("did the method see anything when no signal was injected?",
              "with no signal injected, does the classifier find something?"):
        assert answer(q, referee(far, "r.txt"), far).startswith("Yes"), q
        assert answer(q, referee(near, "r.txt"), near).startswith("No"), q


def test_really_better_asks_whether_the_difference_is_beyond_the_noise() -> None:
    text = ("QCD mistag at 50% W efficiency on 20k + 20k test jets: tagger A 0.0203 +- 0.0010, tagger B 0.0218 +- 0.0010.\n"
            "A has the lower mistag, but the difference is 1.1 sigma: not significant.\n")
    got = answer("is A really better than B?", referee(text, "r.txt"), text)
    assert got.startswith("No") and "not significant" in got, got


def test_a_control_found_near_its_null_is_cited_as_measured_with_its_error() -> None:
    # the line that prints the control sets it against 0.5; the answer cites the measured value and its error
    text = ('>>> print("control: AUC = %.4f +- %.4f, %.1f sigma from 0.5" % (auc0, err0, pull))\n'
            "control: AUC = 0.5030 +- 0.0025, 1.2 sigma from 0.5\n")
    got = answer("did the classifier find anything with no signal injected?", referee(text, "s.txt"), text)
    assert got.startswith("No") and "0.503" in got and "line 2" in got, got
