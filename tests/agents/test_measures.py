"""The measurement catalogue (issue 26): metric functions with known answers, the readers on
real artifact files in the tools' schemas, the answer's fidelity (asked quantity first, never
'± 0', 'not answered: X, because Y' first), grounding of a model's reading, the spec prompt."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from agents.answers import answer, unanswered
from agents.llm import grounding
from agents.llm.offline_parse import parse_spec
from agents.measures import (
    CATALOGUE,
    Ctx,
    Unavailable,
    asked,
    catalogue_lines,
    check_quantities,
    measure,
)
from agents.prompts import render
from agents.spec import LABEL_SCAN, AnalysisSpec, Quantity
from agents.state import AgentState, Plan, PlanStep, ToolCallRecord
from omnijet.evaluate import metrics as M


# -- omnijet.evaluate.metrics: known answers ---------------------------------------------------
def test_efficiency_at_rejection_known_case() -> None:
    # 10 signal scores 10..19 above 88 background scores below 9, and 2 background at the top
    s = np.r_[np.arange(10, 20), 0.1 * np.arange(88), 100, 101].astype(float)
    y = np.r_[np.ones(10), np.zeros(90)].astype(int)
    assert M.efficiency_at(y, s, 45.0) == 1.0  # eps_B = 2/90 <= 1/45: every signal passes
    assert M.efficiency_at(y, s, 46.0) == 0.0  # one background allowed: the top two are background
    with pytest.raises(Exception, match="rejection"):
        M.efficiency_at(y, s, 0.5)


def test_fraction_correlation_quantile_known() -> None:
    x = np.arange(100, dtype=float)
    p, err, n = M.fraction_in(x, 10, 30)
    assert (p, n) == (0.2, 100) and math.isclose(err, math.sqrt(0.2 * 0.8 / 100))
    assert M.fraction_in(x, None, 0)[1] > 0  # never a zero error, even at p = 0
    rng = np.random.default_rng(0)
    a = rng.normal(size=4000)
    r, err, _ = M.correlation_with_error(a, a + rng.normal(size=4000))
    assert abs(r - 1 / math.sqrt(2)) < 3 * err and 0 < err < 0.02
    q, qerr = M.quantile_with_error(rng.normal(size=10000), 0.5)
    assert abs(q) < 3 * qerr and 0.005 < qerr < 0.03  # sqrt(pi/2) / sqrt(n) ~ 0.0125
    m, merr = M.mean_with_error(np.array([1.0, 3.0]))
    assert (m, merr) == (2.0, 1.0)


def test_an_observable_alone_as_a_discriminant_known_cases() -> None:
    """Two unit Gaussians a distance 1 apart: AUC = Phi(1 / sqrt 2) = 0.760 for the cut and about that for
    the cross-fitted likelihood ratio. A narrow peak in a broad background: a one-sided cut is near
    chance, a window (what the likelihood ratio finds) separates well; over repeated samples the
    Hanley-McNeil error matches the spread of the AUC."""
    from scipy.stats import norm

    rng = np.random.default_rng(5)
    aucs, errs = [], []
    for _ in range(40):
        r = M.observable_separation(rng.normal(0, 1, 600), rng.normal(1, 1, 600))
        assert r["signal_low"] and abs(r["cut_auc"] - norm.cdf(1 / math.sqrt(2))) < 0.05
        aucs.append(r["auc"])
        errs.append(r["auc_err"])
    assert abs(np.mean(aucs) - norm.cdf(1 / math.sqrt(2))) < 0.02 and 0.6 < np.mean(errs) / np.std(aucs, ddof=1) < 1.6
    peak = M.observable_separation(rng.normal(80, 8, 600), rng.uniform(0, 160, 600))  # the peak in the middle
    assert peak["cut_auc"] < 0.56 and peak["auc"] > 0.85 and peak["rejection"] > 4
    with pytest.raises(Exception, match="at least 20 jets"):
        M.observable_separation(np.arange(10.0), np.arange(100.0))


# -- readers on real artifact files ----------------------------------------------------------------
def _call(tool: str, args: dict, output: dict, step: int = 0) -> ToolCallRecord:
    return ToolCallRecord(id=f"s{step}-{tool}", step=step, attempt=0, tool=tool, args=args, ok=True, output=output)


def _state(spec: AnalysisSpec, calls: list[ToolCallRecord]) -> AgentState:
    plan = Plan(title="t", steps=[PlanStep(goal="g", tools=[c.tool for c in calls], acceptance=[])])
    return AgentState(request=spec.question or "", spec=spec, plan=plan, calls=calls)


def _scan(ws: Path, same_seeds: bool = False) -> ToolCallRecord:
    """A fine-tuning scan folder as finetune_scan writes it: metrics.json (points, classes in
    JetClass labels: QCD 0, Tbqq 8) and scores/<strategy>_n<size>_s<seed>.npz."""
    out = ws / "finetune"
    (out / "scores").mkdir(parents=True)
    points = []
    for strategy, shift in (("finetune", 1.5), ("frozen-backbone", 1.0)):
        for seed in (0, 1):
            labels = np.r_[np.zeros(200), np.ones(200)].astype(np.int64)  # 1 = Tbqq (top)
            r = np.random.default_rng(0 if same_seeds else seed + 10)
            score = r.normal(size=400) + shift * labels
            p1 = 1 / (1 + np.exp(-score))
            np.savez(out / "scores" / f"{strategy}_n200_s{seed}.npz", labels=labels, probs=np.c_[1 - p1, p1])
            acc = float(((p1 > 0.5) == labels).mean())
            points.append({"strategy": strategy, "n_train": 200, "seed": seed, "accuracy": acc,
                           "auc": float(M.roc(labels, p1)["auc"]), "n_classes": 2})
    (out / "metrics.json").write_text(json.dumps({"points": points, "classes": [0, 8], "n_test": 400}))
    return _call("finetune_scan", {"out": "finetune"}, {"metrics_path": "finetune/metrics.json"})


def test_rejection_and_comparison_from_the_scan(tmp_path: Path) -> None:
    spec = parse_spec("top tagger with 200 labels: rejection at 30% signal efficiency, does frozen match fine-tuned?")
    assert {q.metric for q in spec.quantities} == {"rejection_at_efficiency"}
    q = spec.quantities[0]
    assert q.efficiency == 0.3 and q.compare == ["frozen-backbone", "finetune"]
    state = _state(spec, [_scan(tmp_path)])
    rows = measure(q, Ctx(state, tmp_path, spec))
    labels = [r.label for r in rows]
    assert any("frozen-backbone" in x and "−" not in x for x in labels) and any("−" in x for x in labels)
    direct = []
    for seed in (0, 1):
        with np.load(tmp_path / f"finetune/scores/finetune_n200_s{seed}.npz") as z:
            direct.append(M.rejection_at(z["labels"], z["probs"][:, 1], 0.3))
    ft = next(r for r in rows if r.label.startswith("background rejection") and ", finetune," in r.label)
    assert math.isclose(ft.value, sum(direct) / 2) and ft.err is not None and ft.err > 0
    diff = next(r for r in rows if "−" in r.label)
    assert diff.extra["p_value"] is not None and diff.err is not None and diff.err > 0
    assert "shared test set's sampling error of the difference is not in it (at most" in diff.note


def test_the_labels_a_tagger_needs_to_reach_an_accuracy(tmp_path: Path) -> None:
    """'How many labelled jets does each need to reach 90% accuracy?': the scanned size where the mean over
    seeds first reaches it, log-linearly interpolated from the one below, with an error from the two sizes'
    errors; a strategy that never reaches it says so; two compared give the ratio of their label counts."""
    spec = parse_spec("what number of training jets is needed for 0.9 accuracy, fine-tuned vs from scratch?")
    (q,) = spec.quantities
    assert (q.metric, q.target, q.compare) == ("labels_to_accuracy", 0.9, ["finetune", "scratch"])
    assert parse_spec("at how many labels does the top tagger get to an AUC of 0.95?").quantities[0].target == 0.95
    (own,) = parse_spec("how many jets do I need to train a top tagger to 90% accuracy?").quantities
    assert (own.metric, own.target) == ("labels_to_accuracy", 0.9)
    assert grounding.problems(spec.question or "", spec) == []  # a model's invented target is caught
    assert grounding.problems(spec.question or "", spec.model_copy(update={"quantities": [q.model_copy(update={"target": 0.8})]}))
    acc = {"finetune": {100: 0.86, 1000: 0.92, 10000: 0.93}, "scratch": {100: 0.80, 1000: 0.88, 10000: 0.91}}
    points = [{"strategy": st, "n_train": n, "seed": seed, "accuracy": a + (0.004 if seed else -0.004), "auc": 0.9}
              for st, by in acc.items() for n, a in by.items() for seed in (0, 1)]
    (tmp_path / "ft").mkdir()
    (tmp_path / "ft/metrics.json").write_text(json.dumps({"points": points, "classes": [0, 8], "n_test": 10000}))
    state = _state(spec, [_call("finetune_scan", {"out": "ft"}, {"metrics_path": "ft/metrics.json"})])
    rows = {r.label: r for r in measure(q, Ctx(state, tmp_path, spec))}
    ft = rows["labelled jets for test accuracy 0.9, finetune"]
    sc = rows["labelled jets for test accuracy 0.9, scratch"]
    assert ft.value == pytest.approx(100 * 10 ** (0.04 / 0.06)) and sc.value == pytest.approx(1000 * 10 ** (0.02 / 0.03))
    assert 0 < ft.err < ft.value and ft.unit == "jets"
    ratio = rows["ratio of the label counts scratch / finetune for test accuracy 0.9"]
    assert ratio.value == pytest.approx(sc.value / ft.value, rel=0.15)
    never = measure(q.model_copy(update={"target": 0.95}), Ctx(state, tmp_path, spec))
    assert all("more than the scan's largest size" in r.label and r.value == 10000 for r in never)
    text = " ".join(answer(state, tmp_path).sentences)
    assert "Labelled jets for test accuracy 0.9, finetune: 464" in re.sub(r" \[↗\]\([^)]*\)", "", text)


def test_an_accuracy_error_holds_the_seeds_and_the_test_set(tmp_path: Path) -> None:
    """Two seeds scored on the same 400 test jets: their spread alone understates the error of
    the mean (the test set's binomial error stays in it); the two add in quadrature."""
    spec = parse_spec("what accuracy does a top tagger reach with 200 labels, frozen vs fine-tuned?")
    rows = measure(next(q for q in asked(spec) if q.metric == "accuracy"),
                   Ctx(_state(spec, [_scan(tmp_path)]), tmp_path, spec))
    doc = json.loads((tmp_path / "finetune/metrics.json").read_text())
    ft = next(r for r in rows if r.label.endswith(", finetune, 200 labelled jets"))
    accs = [p["accuracy"] for p in doc["points"] if p["strategy"] == "finetune"]
    seeds = abs(accs[0] - accs[1]) / 2  # standard error of the mean of two
    stat = sum(math.sqrt(a * (1 - a) / 400) for a in accs) / 2
    assert math.isclose(ft.err, math.hypot(seeds, stat), rel_tol=1e-9)
    assert ft.err > max(seeds, stat) and "⊕ the test set's statistical error" in ft.note
    # the family's own sentence gives the same error, not the seeds' spread alone
    words = " ".join(answer(_state(spec, [_scan(tmp_path / "again")]), tmp_path / "again").sentences)
    plain = re.sub(r" \[↗\]\([^)]*\)", "", words)
    assert f"test accuracy is finetune {ft.value:.3g} ± {ft.err:.2g} (seeds ⊕ test set)" in plain


def test_a_rejection_says_how_many_background_jets_pass(tmp_path: Path) -> None:
    spec = parse_spec("top tagger with 200 labels: rejection at 30% signal efficiency")
    rows = measure(spec.quantities[0], Ctx(_state(spec, [_scan(tmp_path)]), tmp_path, spec))
    ft = next(r for r in rows if r.label.startswith("background rejection") and ", finetune," in r.label)
    passing = []
    for seed in (0, 1):
        with np.load(tmp_path / f"finetune/scores/finetune_n200_s{seed}.npz") as z:
            passing.append(round(200 / M.rejection_at(z["labels"], z["probs"][:, 1], 0.3)))
    assert f"passing the cut: {passing[0]}, {passing[1]} of 200 per seed (1/eps_B ≤ 200 measurable)" in ft.note


def test_the_sic_at_a_signal_efficiency_is_read_where_it_is_asked(tmp_path: Path) -> None:
    """'What SIC does the tagger reach at eps_S = 0.4?': eps_S / sqrt(eps_B) at that cut, per
    seed from the saved scores, with half the binomial relative error of eps_B."""
    spec = parse_spec("top tagger with 200 labels: what SIC does it reach at eps_S = 0.4?")
    assert [(q.metric, q.efficiency) for q in spec.quantities] == [("sic_at_efficiency", 0.4)]
    rows = measure(spec.quantities[0], Ctx(_state(spec, [_scan(tmp_path)]), tmp_path, spec))
    ft = next(r for r in rows if ", finetune," in r.label)
    direct = []
    for seed in (0, 1):
        with np.load(tmp_path / f"finetune/scores/finetune_n200_s{seed}.npz") as z:
            direct.append(0.4 * math.sqrt(M.rejection_at(z["labels"], z["probs"][:, 1], 0.4)))
    assert ft.label.startswith("SIC eps_S/sqrt(eps_B) at 40% signal efficiency")
    assert math.isclose(ft.value, sum(direct) / 2) and ft.err is not None and ft.err > abs(direct[0] - direct[1]) / 2


def test_identical_seeds_never_give_plus_minus_zero(tmp_path: Path) -> None:
    spec = parse_spec("what accuracy does a top tagger reach with 200 labels, frozen vs fine-tuned?")
    state = _state(spec, [_scan(tmp_path, same_seeds=True)])
    ans = answer(state, tmp_path)
    text = " ".join(ans.sentences)
    assert "± 0 " not in text and "± 0[" not in text and "identical" in text
    rows = ans.derived["quantities"]["asked"]
    same = [v for r in rows for v in r["values"] if "identical" in v["note"] and "−" not in v["label"]]
    assert same and all(v["err"] > 0 and "test set's statistical" in v["note"] for v in same)


def test_not_answered_opens_the_answer_and_is_recorded(tmp_path: Path) -> None:
    spec = parse_spec("top tagger with 200 labels: signal efficiency at a background rejection of 100")
    state = _state(spec, [_call("finetune_scan", {"out": "nowhere"}, {})])
    ans = answer(state, tmp_path)
    assert ans.sentences[0].startswith("Not answered: efficiency_at_rejection (rejection 100.0), because")
    assert unanswered(ans.derived) and "efficiency_at_rejection" in unanswered(ans.derived)[0]
    checks = check_quantities(state, tmp_path)
    assert [c.passed for c in checks] == [False] and checks[0].kind == "defect"


def test_tokenizer_and_data_readers(tmp_path: Path) -> None:
    tq = {"n_jets": 400, "codebook": {"size": 512, "usage": 0.25, "n_used": 128, "perplexity": 90.5},
          "definitions": {"mass": "relative", "part_pt": "relative"},
          "per_class": {"Tbqq": {"n_jets": 200, "jet": {"mass": {"median": -0.05, "width": 0.1, "std": 0.12, "n": 200}},
                                 "constituents": {"part_pt": {"median": 0.01, "width": 0.3, "std": 0.4, "n": 5000}}}}}
    (tmp_path / "token_quality").mkdir()
    (tmp_path / "token_quality/metrics.json").write_text(json.dumps(tq))
    (tmp_path / "info").mkdir()
    rng = np.random.default_rng(2)
    mass = rng.normal(170, 20, 1000)
    np.savez(tmp_path / "info/top_observables.npz", mass=mass, tau32=0.5 + 0.001 * (mass - 170) + rng.normal(0, 0.05, 1000),
             pt=rng.normal(600, 50, 1000), n=rng.integers(20, 80, 1000).astype(float), tau21=rng.random(1000))
    calls = [_call("train_tokenizer", {"out": "tokenizer", "kind": "conditional", "codebook_size": 512}, {}),
             _call("token_quality", {"tokenizer": "tokenizer/best.pt", "out": "token_quality"}, {}),
             _call("dataset_info", {}, {"files": [{"classes": {"Tbqq": 1000}, "observables_file": "info/top_observables.npz"}]})]
    spec = AnalysisSpec(tasks=["tokenizer"], question="q")
    ctx = Ctx(_state(spec, calls), tmp_path, spec)
    assert measure(Quantity(metric="dead_codes"), ctx)[0].value == 384
    usage = measure(Quantity(metric="codebook_usage"), ctx)[0]  # "how many codes are used": the count beside the fraction
    assert usage.value == 0.25 and usage.note.startswith("128 of 512 codes used on 400 jets; ")
    smear = measure(Quantity(metric="resolution", observable="part_pt"), ctx)[0]
    assert smear.value == 0.3 and 0 < smear.err < 0.01
    frac = measure(Quantity(metric="fraction", observable="mass", low=150, high=200), ctx)[0]
    assert math.isclose(frac.value, float(((mass >= 150) & (mass < 200)).mean()))
    corr = measure(Quantity(metric="correlation", observable="mass", observable2="tau32"), ctx)[0]
    assert 0.2 < corr.value < 0.6
    with pytest.raises(Unavailable, match="multiplicity is kept exactly"):
        measure(Quantity(metric="bias", observable="n"), ctx)
    said = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer(_state(spec, calls), tmp_path).sentences))  # the mass by
    assert "Tbqq bias -0.05 ± 0.01, resolution 0.1 ± 0.005" in said, said  # default, each figure with its error


def test_defaults_are_stated_as_such() -> None:
    spec = parse_spec("fine-tune a top tagger with 100 labels")
    assert spec.quantities == [] and [q.metric for q in asked(spec)] == ["accuracy", "auc"]
    assert all(q.default for q in asked(spec))


# -- grounding of a model's reading ------------------------------------------------------------------
def test_grounding_rejects_invented_values() -> None:
    request = "what is the correlation between mass and tau32 in QCD jets?"
    assert grounding.problems(request, parse_spec(request)) == []
    invented = AnalysisSpec(tasks=["finetune"], classes=["top", "qcd"], labels=[100],
                            quantities=[Quantity(metric="accuracy", evidence="tagger accuracy")])
    bad = grounding.problems(request, invented)
    assert any("labels" in b for b in bad) and any("class top" in b for b in bad)
    assert any("task a tagger" in b for b in bad) and any("evidence" in b for b in bad)
    with pytest.raises(grounding.Ungrounded, match="could not read the request"):
        grounding.check(request, invented)


def test_the_spec_prompt_lists_the_catalogue() -> None:
    text = render("spec", catalogue="\n".join(catalogue_lines()))
    assert all(f"- {name} (" in text for name in CATALOGUE)


def test_an_observable_no_tool_computes_is_named_not_substituted(tmp_path: Path) -> None:
    spec = parse_spec("what is the mean jet girth of top jets?")
    assert [(q.metric, q.observable, q.unsupported) for q in spec.quantities] == [("mean", None, "girth")]
    calls = [_call("dataset_info", {}, {"files": []})]
    ans = answer(_state(spec, calls), tmp_path)
    assert ans.sentences[0].startswith("Not answered: mean (unsupported girth), because no tool computes 'girth'")
    assert "offline backend cannot" in ans.sentences[0]
    assert "run_python" in ans.sentences[0]


def test_model_words_are_held_to_the_quantities() -> None:
    from agents.answers import vet_model_words

    given = ["codebook size = 512 [↗](a#/b)", "codebook usage = 0.25 [↗](a#/c)"]
    assert vet_model_words("The codebook usage is 0.25.", given, {})[0] is not None
    kept, why = vet_model_words("The tokenizer uses 512 codes.", given, {})
    assert kept is None and "codebook size" in why
    missing = {"quantities": {"asked": [{"status": "not answered", "default": False, "reason": "no scores",
                                         "quantity": {"metric": "rejection_at_efficiency"}, "described": "rejection"}]}}
    kept, why = vet_model_words("The background rejection at 30% efficiency is 12.", ["accuracy = 0.8 [↗](a#/b)"], missing)
    assert kept is None and "not computed" in why
    # a quantity no tool computes: a paragraph that speaks of it as provided is dropped (the local
    # model wrote this for 'what is the mean jet girth of 300 top jets?'); one saying it is missing stays
    girth = {"quantities": {"asked": [{"status": "not answered", "default": False, "reason": "no tool computes 'girth'",
                                       "quantity": {"metric": "mean", "unsupported": "girth"},
                                       "described": "mean (unsupported girth)"}]}}
    given = ["jets = 300 [↗](a#/b)"]
    kept, why = vet_model_words("The analysis report provides the mean jet girth of 300 top jets.", given, girth)
    assert kept is None and "girth as computed" in why
    assert vet_model_words("The girth could not be computed by any tool; 300 jets were generated.", given, girth)[0]
    assert vet_model_words("300 top jets were generated.", given, girth)[0]


def test_a_likelihood_quantity_composes_its_plan() -> None:
    """'a GPT trained on top as a classifier': tokenizer and GPT see top training jets only; the
    test jets of both classes, unseen, are scored, top first; no generation step."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("use a GPT trained on top jets as a classifier between top and QCD through its likelihood")
    plan = compile_plan(spec, "tiny")
    assert [s.recipe for s in plan.steps] == ["generate", "tokenizer", "pretrain", "likelihood"]
    calls = {c.tool: c for s in plan.steps for c in s.calls}
    outs = [c.inputs.out for s in plan.steps for c in s.calls if c.tool == "generate_data"]
    assert outs == ["data/top_train.root", "data/top_test.root", "data/qcd_test.root"]
    assert list(calls["train_tokenizer"].inputs.data) == ["data/top_train.root"]
    assert list(calls["jet_likelihood"].inputs.data) == ["data/top_test.root", "data/qcd_test.root"]
    assert check_fidelity(spec, plan) == [] and not any("first class named" in c for c in plan.changes)
    # the class trained on left unsaid: the first named, and the plan says so
    unsaid = parse_spec("can the GPT tell top from QCD jets by likelihood?")
    assert [(q.metric, q.subject) for q in unsaid.quantities] == [("likelihood_auc", None)]
    plan = compile_plan(unsaid, "tiny")
    assert "likelihood" in [s.recipe for s in plan.steps] and any("trained on top jets, the first class named" in c
                                                                  for c in plan.changes)


def test_an_agent_written_analysis_is_checked_and_marked(tmp_path: Path) -> None:
    """Beyond the catalogue (model backends): the plan gets a coder step; its result counts only
    when it passes the sanity check (finite, n > 0, unit, known-answer case), marked agent-written."""
    from agents.measures import agent_written
    from agents.planner import compile_plan

    spec = parse_spec("what is the mean jet girth of top jets?")
    q = spec.quantities[0]
    extra = agent_written.steps(spec, compile_plan(spec, "tiny"))
    assert len(extra) == 1 and extra[0].tools == agent_written.TOOLS and "data/top_train.root" in extra[0].goal
    state = _state(spec, [_call("run_python", {"code": "..."}, {"exit_code": 0})])
    ctx = Ctx(state, tmp_path, spec)
    with pytest.raises(Unavailable, match="wrote no analysis"):
        measure(q, ctx)
    (tmp_path / "analysis").mkdir()
    doc = {"value": 0.071, "err": 0.002, "unit": "", "n": 600, "definition": "sum pT_i dR_i / pT_jet",
           "check": {"case": "one constituent at dR 0.1", "expected": 0.1, "got": 0.3}}
    (tmp_path / f"analysis/{agent_written.slug(q)}.json").write_text(json.dumps(doc))
    with pytest.raises(Unavailable, match="known-answer check fails"):
        measure(q, ctx)
    doc["check"]["got"] = 0.1
    (tmp_path / f"analysis/{agent_written.slug(q)}.json").write_text(json.dumps(doc))
    with pytest.raises(Unavailable, match="not saved as"):  # the code is a cited artifact: it must be there
        measure(q, ctx)
    (tmp_path / f"analysis/{agent_written.slug(q)}.py").write_text("print('the script')\n")
    row = measure(q, ctx)[0]
    assert row.value == 0.071 and row.err == 0.002 and "agent-written" in row.label and row.extra["code"].endswith(".py")


def test_every_suite_quantity_is_produced_by_its_plan() -> None:
    """Plan level, every request of the suite: each quantity it asks (or its family's default)
    is produced by a tool call of the compiled plan, and the plan holds what was stated."""
    from agents.planner import check_fidelity, compile_plan
    from tests.agents.request_suite import load_suite

    missing = []
    for e in load_suite():
        spec = parse_spec(e.request)
        if not spec.tasks or "review" in spec.tasks:
            continue
        plan = compile_plan(spec, "tiny")
        tools = {c.tool for s in plan.steps for c in s.calls}
        missing += [f"{e.id}: {q.metric} needs {CATALOGUE[q.metric].tool}" for q in asked(spec)
                    if not q.unsupported and CATALOGUE[q.metric].tool not in tools]
        missing += [f"{e.id}: {p}" for p in check_fidelity(spec, plan)]
    assert missing == []


def test_fractions_and_correlations_carry_no_unit(tmp_path: Path) -> None:
    (tmp_path / "info").mkdir()
    x = np.linspace(100, 250, 200)
    np.savez(tmp_path / "info/t.npz", mass=x, tau32=x / 300, pt=x, n=x, tau21=x)
    calls = [_call("dataset_info", {}, {"files": [{"classes": {"Tbqq": 200}, "observables_file": "info/t.npz"}]})]
    spec = AnalysisSpec(tasks=["generate"], question="q")
    ctx = Ctx(_state(spec, calls), tmp_path, spec)
    assert measure(Quantity(metric="fraction", observable="mass", low=150, high=200), ctx)[0].unit == ""
    assert measure(Quantity(metric="correlation", observable="mass", observable2="tau32"), ctx)[0].unit == ""
    assert measure(Quantity(metric="median", observable="mass"), ctx)[0].unit == "GeV"


# -- strict and non-strict cuts: the words' strictness reaches the computation and the answer ---------
@pytest.mark.parametrize(("request_", "low", "high", "low_kept", "high_kept", "words"), [
    ("what fraction of top jets have more than 60 constituents?", 60, None, False, False, "N > 60"),
    ("fraction of top jets with above 60 constituents", 60, None, False, False, "N > 60"),
    ("share of top jets with at least 60 constituents", 60, None, True, False, "N ≥ 60"),
    ("what fraction of top jets have 60 or more constituents?", 60, None, True, False, "N ≥ 60"),
    ("fraction of top jets with fewer than 60 constituents", None, 60, True, False, "N < 60"),
    ("fraction of top jets with no more than 60 constituents", None, 60, True, True, "N ≤ 60"),
    ("fraction of top jets with 60 constituents or fewer", None, 60, True, True, "N ≤ 60"),
    ("what percentage of top jets have a mass of at most 80 GeV?", None, 80, True, True, "m ≤ 80 GeV"),
    ("what fraction of top jets have a mass between 60 and 80 GeV?", 60, 80, True, False, "60 ≤ m < 80 GeV"),
    ("What fraction of W jets have tau21 below 0.4?", None, 0.4, True, False, "jets with tau21 < 0.4"),
    ("what is the mistag rate of QCD jets for a mass window 65-95 GeV?", 65, 95, True, False, "65 ≤ m < 95 GeV"),
    ("what is the W efficiency of a 65 < m < 95 GeV mass cut?", 65, 95, False, False, "65 < m < 95 GeV"),
    ("what fraction of W jets have 0.1 <= tau21 < 0.3?", 0.1, 0.3, True, False, "0.1 ≤ tau21 < 0.3"),
    ("how often is a QCD jet mistaken for a top jet by a tau32 < 0.6 cut?", None, 0.6, True, False, "tau32 < 0.6"),
    ("fraction of top jets with m_jet in [150, 200] GeV", 150, 200, True, True, "150 ≤ m ≤ 200 GeV"),
    ("what signal efficiency does a tau21 < 0.4 cut give for W jets, and what background rejection?", None, 0.4, True,
     False, "tau21 < 0.4"),
    # found as a user: 'a tau32 cut at 0.5' was no cut (the answer gave the mean tau32); an N-subjettiness ratio is
    # cut from above (the pronged jets have it small), anything else from below
    ("how many top jets survive a tau32 cut at 0.5?", None, 0.5, True, False, "tau32 < 0.5"),
    ("what fraction of QCD jets pass a mass cut at 120 GeV?", 120, None, True, False, "m ≥ 120 GeV"),
])
def test_cut_strictness_is_read_computed_and_printed(tmp_path: Path, request_: str, low: float | None,
                                                    high: float | None, low_kept: bool, high_kept: bool,
                                                    words: str) -> None:
    (q,) = parse_spec(request_).quantities
    assert (q.metric, q.low, q.high, q.low_inclusive, q.high_inclusive) == ("fraction", low, high, low_kept, high_kept)
    (tmp_path / "info").mkdir()
    n = np.repeat(np.arange(50.0, 71.0), 10)  # integers: '> 60' and '>= 60' differ by the jets at exactly 60
    np.savez(tmp_path / "info/t.npz", mass=n + 10, pt=n, n=n, tau21=n / 100, tau32=n / 100)
    calls = [_call("dataset_info", {}, {"files": [{"classes": {"Tbqq": n.size}, "observables_file": "info/t.npz"}]})]
    spec = AnalysisSpec(tasks=["generate"], question="q")
    got = measure(q, Ctx(_state(spec, calls), tmp_path, spec))[0]
    x = {"n": n, "tau21": n / 100, "tau32": n / 100}.get(q.observable or "mass", n + 10)
    keep = np.ones(x.size, bool)
    if low is not None:
        keep &= (x >= low) if low_kept else (x > low)
    if high is not None:
        keep &= (x <= high) if high_kept else (x < high)
    assert math.isclose(got.value, keep.mean()) and words in got.label
    assert got.note.startswith(f"statistical, {keep.sum()} of {keep.size} jets pass")  # 'how many': the count beside the fraction


def test_a_cut_on_an_observable_is_a_selection_not_a_trained_tagger(tmp_path: Path) -> None:
    """'What signal efficiency does a tau21 < 0.4 cut give for W jets, and what background rejection?' fine-tuned
    a transformer at 50% efficiency: a cut on an observable is the fraction of each class's jets that pass it,
    QCD the background when a background is asked, its rejection 1/eps_B beside its pass rate."""
    from agents.measures.base import CLASS_NAMES

    spec = parse_spec("what signal efficiency does a tau21 < 0.4 cut give for W jets, and what background rejection?")
    assert spec.tasks == ["generate"] and spec.classes == ["wqq", "qcd"]
    (q,) = spec.quantities
    rng = np.random.default_rng(8)
    for c, mu in (("wqq", 0.33), ("qcd", 0.65)):
        np.savez(tmp_path / f"{c}.npz", tau21=rng.normal(mu, 0.15, 800))
    files = [{"classes": {CLASS_NAMES[c]: 800}, "observables_file": f"{c}.npz"} for c in ("wqq", "qcd")]
    rows = measure(q, Ctx(_state(spec, [_call("dataset_info", {}, {"files": files})]), tmp_path, spec))
    qcd = next(r for r in rows if r.label.endswith("qcd jets"))
    assert f"rejection 1/eps_B = {1 / qcd.value:.3g}" in qcd.note and "rejection" not in rows[0].note
    assert parse_spec("what is the rejection at 30% efficiency of a top tagger trained on 1000 jets?").tasks == ["finetune"]


def test_more_than_and_at_least_differ_on_integers() -> None:
    n = np.array([59.0, 60.0, 60.0, 61.0])
    assert M.fraction_in(n, 60, None, low_inclusive=False)[0] == 0.25
    assert M.fraction_in(n, 60, None)[0] == 0.75
    assert M.fraction_in(n, None, 60, high_inclusive=True)[0] == 0.75


@pytest.mark.parametrize(("request_", "metric"), [
    ("Tokenize 1k top jets with 128 codes: how many codes never get used?", "dead_codes"),
    ("how many codes does the tokenizer never use on QCD jets?", "dead_codes"),
    ("what share of the 1024 codes is not used on W jets?", "dead_codes"),
    ("number of codes the tokenizer doesn't use for Z jets", "dead_codes"),
    ("what fraction of the codebook entries never appear in the tokenized QCD jets?", "dead_codes"),
    ("how many codes does the tokenizer use on top jets?", "codebook_usage"),
    ("what fraction of the codebook is used on W jets?", "codebook_usage"),
    ("does the tokenizer keep enough codes alive?", "codebook_usage"),  # (was the mass resolution)
])
def test_a_negated_use_of_the_codes_asks_for_the_dead_ones(request_: str, metric: str) -> None:
    assert [q.metric for q in parse_spec(request_).quantities] == [metric]


@pytest.mark.parametrize(("request_", "expected"), [
    # how wide the middle is: its width (90% minus 10% quantile), not only its ends (those were all it gave)
    ("Among 600 Z jets, what's the median jet mass and how wide is the middle 80% of the distribution?",
     [("central_width", "mass", 0.8), ("median", "mass", None)]),
    ("the width of the central 68% of the tau32 distribution of 400 QCD jets", [("central_width", "tau32", 0.68)]),
    ("give me the 68% width of the top mass peak", [("central_width", "mass", 0.68)]),
    ("W jets tau21 distribution: mean and width please", [("central_width", "tau21", 0.68), ("mean", "tau21", None)]),
    ("what is the middle 80% of the jet mass of 500 top jets?", [("quantile", "mass", 0.1), ("quantile", "mass", 0.9)]),
    # a list of percentiles asks for each (the 16th was dropped silently: found by a request typed by hand)
    ("how broad is the top-jet mass peak? give me the 16th and 84th percentiles of the top jet mass",
     [("quantile", "mass", 0.16), ("quantile", "mass", 0.84)]),
    ("the 10th, 50th and 90th percentile of the QCD jet mass",
     [("quantile", "mass", 0.1), ("quantile", "mass", 0.5), ("quantile", "mass", 0.9)]),
])
def test_the_middle_of_a_distribution_its_width_or_its_ends(request_: str, expected: list) -> None:
    spec = parse_spec(request_)
    assert sorted((q.metric, q.observable, q.quantile) for q in spec.quantities) == expected


@pytest.mark.parametrize(("request_", "metrics"), [
    ("Tokenize 2k top jets: how many codes are used and how many are never used?", ["codebook_usage", "dead_codes"]),
    ("with 512 codes on W jets, how many codes are used, and how many are dead?", ["codebook_usage", "dead_codes"]),
    ("how many codes never get used, and how many are used, on 1k QCD jets?", ["dead_codes", "codebook_usage"]),
])
def test_two_questions_about_the_codes_ask_for_both(request_: str, metrics: list[str]) -> None:
    """The second clause names no codes ('and how many are never used'): it was not read."""
    assert [q.metric for q in parse_spec(request_).quantities] == metrics


def test_the_central_width_and_its_error_known_case(tmp_path: Path) -> None:
    """A normal of sigma 20: the middle 80% is 2 x 1.2816 sigma wide; its error from the two ends'
    order-statistic bands and their correlation agrees with the spread over repeated samples."""
    (tmp_path / "info").mkdir()
    rng = np.random.default_rng(5)
    spec = AnalysisSpec(tasks=["generate"], question="q")
    q = Quantity(metric="central_width", observable="mass", quantile=0.8)
    widths, errs = [], []
    for i in range(40):
        np.savez(tmp_path / f"info/s{i}.npz", mass=rng.normal(90, 20, 4000))
        calls = [_call("dataset_info", {}, {"files": [{"classes": {"Zqq": 4000}, "observables_file": f"info/s{i}.npz"}]})]
        row = measure(q, Ctx(_state(spec, calls), tmp_path, spec))[0]
        widths.append(row.value)
        errs.append(row.err)
    assert row.unit == "GeV" and "central 80%" in row.label
    assert abs(np.mean(widths) - 2 * 1.28155 * 20) < 3 * np.std(widths) / np.sqrt(40)
    assert 0.7 < np.mean(errs) / np.std(widths, ddof=1) < 1.4


def test_seeds_of_a_gpt_study_train_one_gpt_each() -> None:
    """'2 seeds' of a likelihood or generation question: one GPT per seed (one tokenizer), each
    scored; a fine-tuning scan keeps one backbone and takes the seeds itself."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("Train a GPT on W jets only and tell me how well its per-jet likelihood separates W from QCD "
                      "test jets (AUC), 2 seeds")
    plan = compile_plan(spec, "tiny")
    calls = [c for s in plan.steps for c in s.calls]
    pre = [c.inputs for c in calls if c.tool == "pretrain"]
    assert [(p.seed, p.out) for p in pre] == [(0, "backbone/seed0"), (1, "backbone/seed1")]
    lik = [c.inputs for c in calls if c.tool == "jet_likelihood"]
    assert [(x.gpt, x.out) for x in lik] == [("backbone/seed0/best.pt", "likelihood/seed0"),
                                             ("backbone/seed1/best.pt", "likelihood/seed1")]
    assert len([c for c in calls if c.tool == "train_tokenizer"]) == 1 and check_fidelity(spec, plan) == []
    spec = parse_spec("pretrain on top jets with 3 seeds and give me the W1 distance of the generated jet mass")
    gen = [c.inputs for s in compile_plan(spec, "tiny").steps for c in s.calls if c.tool == "evaluate_generation"]
    assert [g.out for g in gen] == [f"generation_quality/seed{s}" for s in range(3)]
    assert len({g.generated for g in gen}) == 3
    spec = parse_spec("Pretrain on top vs QCD, then fine-tune with 1000 labels and 3 seeds; compare with scratch")
    calls = [c for s in compile_plan(spec, "tiny").steps for c in s.calls]
    assert [c.inputs.out for c in calls if c.tool == "pretrain"] == ["backbone"]
    assert next(c.inputs.seeds for c in calls if c.tool == "finetune_scan") == 3


def test_a_likelihood_auc_over_gpt_seeds_adds_the_test_sets_error(tmp_path: Path) -> None:
    """Two GPTs (seeds) scored on the same test jets: the mean AUC, with the seeds' spread and
    the Hanley-McNeil error in quadrature; one GPT: its Hanley-McNeil error alone."""
    from omnijet.evaluate.likelihood import separation

    spec = parse_spec("use a GPT trained on top jets as a classifier between top and QCD through its likelihood")
    rng, calls, aucs, hm = np.random.default_rng(3), [], [], []
    for seed, shift in ((0, 0.6), (1, 0.9)):
        top, qcd = rng.normal(0, 1, 300), rng.normal(shift, 1, 300)
        sep = separation(top, qcd)
        aucs.append(sep["auc"])
        hm.append(sep["auc_err"])
        doc = {"classes": ["top", "qcd"], "separation": {"top_vs_qcd": {"positive": "top", "negative": "qcd",
                                                                          "summed": sep, "per_token": sep}},
               "per_class": {c: {"n_jets": 300, "nll_mean": float(x.mean()), "nll_stderr": float(x.std() / 300 ** 0.5),
                                 "nll_per_token_mean": 0.0} for c, x in (("top", top), ("qcd", qcd))}}
        (tmp_path / f"likelihood/seed{seed}").mkdir(parents=True)
        (tmp_path / f"likelihood/seed{seed}/metrics.json").write_text(json.dumps(doc))
        calls.append(_call("jet_likelihood", {"out": f"likelihood/seed{seed}"},
                           {"metrics_path": f"likelihood/seed{seed}/metrics.json"}) .model_copy(update={"id": f"l{seed}"}))
    q = next(q for q in spec.quantities if q.metric == "likelihood_auc")
    row = measure(q, Ctx(_state(spec, calls), tmp_path, spec))[0]
    spread = abs(aucs[0] - aucs[1]) / 2  # the standard error of two values
    assert math.isclose(row.value, sum(aucs) / 2)
    assert math.isclose(row.err, math.hypot(spread, sum(hm) / 2)) and "2 seeds" in row.note
    one = measure(q, Ctx(_state(spec, calls[:1]), tmp_path, spec))[0]
    assert (one.value, one.err, one.note) == (aucs[0], hm[0], "Hanley-McNeil")


@pytest.mark.parametrize(("request_", "mixed", "fraction"), [
    ("Inject 1% top jets into QCD and see if the anomaly detector finds them.", "top", 0.01),
    ("Can a GPT trained on QCD with a 2% top contamination still flag the tops?", "top", 0.02),
    ("train the GPT on QCD jets contaminated with 5% W jets and give me the likelihood AUC", "wqq", 0.05),
    # a small share of one class searched for, QCD unnamed ('the sample' of a jet-level search is QCD)
    ("does the anomaly detector still find top jets when they are only 0.5% of the sample?", "top", 0.005),
    ("can the anomaly search spot W jets making up 2% of the jets?", "wqq", 0.02),
])
def test_jets_of_one_class_injected_into_qcd_train_the_gpt_on_the_mixture(tmp_path: Path, request_: str, mixed: str,
                                                                          fraction: float) -> None:
    """'Inject 1% top jets into QCD and see if the anomaly detector finds them' ran the LHC Olympics dijet scan with
    its W' signal and never made a top jet. Jets injected into QCD jets are a mixture the tokenizer and the GPT learn
    (the asked share of the training jets), and held-out jets of both classes are scored by its likelihood; the
    answer says what the GPT learned from. Dijet words keep the LHCO scan."""
    from agents.llm import grounding
    from agents.planner import asked_vs_run, check_fidelity, compile_plan

    spec = parse_spec(request_)
    assert spec.tasks == ["pretrain"] and spec.signal_fractions == [fraction]
    assert [(q.metric, q.subject) for q in spec.quantities] == [("likelihood_auc", "qcd")]
    plan = compile_plan(spec, "tiny")
    made = {c.inputs.out: c.inputs for s in plan.steps for c in s.calls if c.tool == "generate_data"}
    n = made["data/qcd_train.root"].n
    mix = made[f"data/{mixed}_mix.root"]
    assert mix.process == mixed and mix.n / (n + mix.n) == pytest.approx(fraction, rel=0.2)
    learned = [c.inputs.data for s in plan.steps for c in s.calls if c.tool in ("train_tokenizer", "tokenize")]
    assert learned and all(list(d) == ["data/qcd_train.root", f"data/{mixed}_mix.root"] for d in learned)
    assert check_fidelity(spec, plan) == [] and grounding.problems(request_, spec) == []  # a model's same reading stands
    assert plan.title.startswith(f"Likelihood of a GPT trained on qcd jets with {mixed} jets mixed in")  # no 'generation
    assert any(r[0].startswith(f"{mixed} jets mixed into") and r[1] == f"{fraction:g}" for r in asked_vs_run(spec, plan))
    dropped = plan.model_copy(deep=True)
    for step in dropped.steps:
        step.calls = [c for c in step.calls if not str(getattr(c.inputs, "out", "")).endswith("_mix.root")]
    assert any("mixed in" in p for p in check_fidelity(spec, dropped))
    # the reading names the mixture the records show
    doc = {"classes": ["qcd", mixed], "separation": {f"qcd_vs_{mixed}": {"positive": "qcd", "negative": mixed,
                                                                          "summed": {"auc": 0.7, "auc_err": 0.03},
                                                                          "per_token": {"auc": 0.8, "auc_err": 0.02}}},
           "per_class": {c: {"n_jets": 200, "nll_mean": 1.0, "nll_stderr": 0.1, "nll_per_token_mean": 0.1} for c in ("qcd", mixed)}}
    (tmp_path / "likelihood").mkdir()
    (tmp_path / "likelihood/metrics.json").write_text(json.dumps(doc))
    calls = [_call("generate_data", {"out": "data/qcd_train.root"}, {"n": n, "process": "qcd"}).model_copy(update={"id": "g0"}),
             _call("generate_data", {"out": f"data/{mixed}_mix.root"}, {"n": mix.n, "process": mixed}).model_copy(update={"id": "g1"}),
             _call("jet_likelihood", {"out": "likelihood"}, {"metrics_path": "likelihood/metrics.json"})]
    row = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))[0]
    assert f"trained on qcd jets (with {mix.n} {mixed} jets mixed into its {n + mix.n} training jets" in row.label
    assert parse_spec("Inject 1% W' signal into LHCO-like background and tell me whether CWoLa finds it").tasks == ["anomaly"]
    assert parse_spec("inject a 0.5% signal into the dijet events and run the bump hunt").tasks == ["anomaly"]


def test_a_tagger_from_scratch_only_pretrains_no_gpt() -> None:
    """'a top tagger trained from scratch ... rejection at 50%': no pretraining step (its GPT
    would serve nothing); the scan builds the preset's backbone untrained."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("For a top tagger trained from scratch on 300 labelled jets per class, what is the background "
                      "rejection at 50% signal efficiency? 3 seeds")
    plan = compile_plan(spec, "tiny")
    assert [s.recipe for s in plan.steps] == ["generate", "tokenizer", "finetune"]
    scan = plan.steps[-1].calls[0].inputs
    assert scan.gpt is None and scan.scratch_preset == "tiny" and scan.strategies == ["scratch"]
    assert check_fidelity(spec, plan) == []
    both = compile_plan(parse_spec("top tagger with 200 labels: fine-tuned vs from scratch"), "tiny")
    assert "pretrain" in [s.recipe for s in both.steps] and both.steps[-1].calls[0].inputs.gpt == "backbone/best.pt"


def test_the_pretraining_answer_names_each_gpt_seed(tmp_path: Path) -> None:
    """Two GPTs (seeds): each one's loss, classifier test and generated mass, named by its seed,
    each derived value under its own key; one GPT keeps the plain words and keys."""
    from agents.answers import answer_pretrain

    calls = []
    for s, (loss, auc, w1) in enumerate(((5.9, 0.71, 3.0), (5.8, 0.66, 4.0))):
        (tmp_path / f"backbone/seed{s}").mkdir(parents=True)
        (tmp_path / f"backbone/seed{s}/metrics.json").write_text(json.dumps({"config": {"codebook_size": 512}}))
        (tmp_path / f"gq/seed{s}").mkdir(parents=True)
        (tmp_path / f"gq/seed{s}/metrics.json").write_text(json.dumps({
            "means": {"mass": {"generated": 150.0 + s, "reconstructed": 170.0}}, "reference_kind": "reconstructed",
            "w1": {"mass": w1}, "w1_reference_halves": {"mass": 2.0}}))
        calls += [_call("pretrain", {"out": f"backbone/seed{s}"}, {"best_val_loss": loss}).model_copy(update={"id": f"p{s}"}),
                  _call("evaluate_generation", {"out": f"gq/seed{s}"},
                        {"classifier_auc": auc, "n_jets": 400, "metrics_path": f"gq/seed{s}/metrics.json"},
                        step=1).model_copy(update={"id": f"e{s}"})]
    spec = parse_spec("pretrain on top jets with 2 seeds and give me the W1 distance of the generated jet mass")
    a = answer_pretrain(_state(spec, calls), tmp_path)
    text = " ".join(a.sentences)
    assert "The GPT of seed 0 reaches a validation loss of 5.9" in text and "The GPT of seed 1 reaches" in text
    assert "GPT of seed 1: the generated jets are clearly separable from the tokenized real jets (400 [↗]" in text
    assert "distribution (GPT of seed 0)" in text and "distribution (GPT of seed 1)" in text
    d = a.derived["pretrain"]
    assert d["mass_seed0_w1"] == 3.0 and d["mass_seed1_w1"] == 4.0
    assert "classifier_auc_err_seed1" in d and "mass_w1" not in d
    one = answer_pretrain(_state(spec, [calls[0], calls[1]]), tmp_path)
    assert one.sentences[0].startswith("The generated jets") and one.derived["pretrain"]["mass_w1"] == 3.0



@pytest.mark.parametrize(("w1", "verdict"), [(3.0, "matches the real one within the statistical floor"),
                                             (6.2, "is near the real one but beyond the statistical floor"),
                                             (12.0, "does not match the real one")])
def test_the_generated_distribution_verdict_follows_w1_over_its_floor(tmp_path: Path, w1: float, verdict: str) -> None:
    """W1 at 3.1 times the floor between two halves of the real jets was called 'close to the real
    one' beside a classifier test at AUC 0.66: the words say how it compares with the floor."""
    from agents.answers import answer_pretrain

    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({
        "means": {"mass": {"generated": 95.0, "reconstructed": 86.0}}, "reference_kind": "reconstructed",
        "w1": {"mass": w1}, "w1_reference_halves": {"mass": 2.0}}))
    calls = [_call("evaluate_generation", {"out": "gq"},
                   {"classifier_auc": 0.66, "n_jets": 300, "metrics_path": "gq/metrics.json"}, step=1)]
    spec = parse_spec("pretrain on QCD jets and give me the W1 distance of the generated jet mass")
    text = " ".join(answer_pretrain(_state(spec, calls), tmp_path).sentences)
    assert f"The generated jet mass distribution {verdict}:" in text


def test_the_classifier_test_error_counts_its_held_out_jets() -> None:
    """300 generated jets against 300 real ones: the AUC is measured on the 20% held out (60 of
    each), so Hanley-McNeil on 60 + 60 (0.050 at AUC 0.662), not on 150 + 150 (0.031, as quoted)."""
    from agents.measures.physics import classifier_test_error
    from agents.stats import auc_stderr

    given = _call("evaluate_generation", {"out": "gq"}, {"classifier_auc": 0.662, "n_jets": 300, "classifier_n_test": 120})
    older = _call("evaluate_generation", {"out": "gq"}, {"classifier_auc": 0.662, "n_jets": 300})  # no count: the split's
    assert classifier_test_error(given) == pytest.approx(auc_stderr(0.662, 60, 60)) == classifier_test_error(older)
    assert classifier_test_error(given) == pytest.approx(0.0497, abs=5e-4)

# -- two samples' distributions compared in words: where each sits, how wide, whether the shapes differ --
@pytest.mark.parametrize(("request_", "explicit"), [
    ("how does the mass of W jets compare to QCD jets?", False),
    ("compare the tau32 of top and QCD jets", False),
    ("how different is the jet mass of top jets from QCD jets?", False),
    ("are the tau21 distributions of W and QCD jets significantly different?", True),
    ("do W and QCD jets have the same tau21 distribution?", True),
    ("run a KS test between the tau32 of top and QCD jets", True),
])
def test_two_samples_compared_in_words_get_a_test_of_their_shapes(tmp_path: Path, request_: str, explicit: bool) -> None:
    """A comparison of two classes' distributions with no quantity named is a look at the two samples:
    their medians and central widths with the differences, and a two-sample KS test of the shapes
    (asked by name when the request asks whether the distributions differ). The test's p-value is
    scipy's on the summarised jets, and it tells a real difference from none."""
    from scipy.stats import ks_2samp

    from agents.measures.base import CLASS_NAMES
    from agents.planner import compile_plan

    spec = parse_spec(request_)
    assert spec.tasks == ["generate"] and len(spec.classes) == 2 and compile_plan(spec, "tiny").steps
    qs = asked(spec)
    assert [q.metric for q in qs] == (["class_ks"] if explicit else ["median", "central_width", "class_ks"])
    assert all(q.compare == spec.classes and q.default != explicit for q in qs)
    obs = spec.observables[0]
    rng = np.random.default_rng(3)
    for shift, differ in ((0.0, False), (0.4, True)):
        a, b = rng.normal(0.5, 0.1, 500), rng.normal(0.5 + shift * 0.1, 0.1, 400)
        np.savez(tmp_path / "a.npz", **{obs: a})
        np.savez(tmp_path / "b.npz", **{obs: b})
        files = [{"classes": {CLASS_NAMES[c]: n}, "observables_file": f}
                 for c, n, f in zip(spec.classes, (500, 400), ("a.npz", "b.npz"), strict=True)]
        state = _state(spec, [_call("dataset_info", {}, {"files": files})])
        (row,) = measure(qs[-1], Ctx(state, tmp_path, spec))
        assert row.value == pytest.approx(ks_2samp(a, b).pvalue) and row.extra["statistic"] == pytest.approx(ks_2samp(a, b).statistic)
        assert ("the two distributions differ" in row.note) == differ == (row.value < 0.05)
    text = " ".join(answer(state, tmp_path).sentences)
    assert "KS test p-value" in text and "distributions differ" in text
    assert ("Verdict on median" in text) != explicit  # the defaults are worded, the difference of the medians with them


def test_a_samples_mean_has_one_error_in_the_answer(tmp_path: Path) -> None:
    """The mean asked for and the data summary's sentence quote one error for one mean: the sample's std / sqrt(n)
    (the summary's std is the population's, ddof 0: 600 QCD jets printed 64.8 ± 0.98 beside 64.8 ± 0.97 before)."""
    from agents.measures.base import CLASS_NAMES

    spec = parse_spec("what is the mean jet mass of QCD jets?")
    masses = np.random.default_rng(5).normal(64.8, 23.9, 600)
    np.savez(tmp_path / "q.npz", mass=masses)
    summary = {"mean": float(masses.mean()), "std": float(masses.std()), "q50": float(np.median(masses))}
    files = [{"classes": {CLASS_NAMES["qcd"]: 600}, "jets_read": 600, "observables_file": "q.npz",
              "observables": {"mass": summary}}]
    state = _state(spec, [_call("dataset_info", {}, {"files": files})])
    (row,) = measure(asked(spec)[0], Ctx(state, tmp_path, spec))
    assert row.err == pytest.approx(masses.std(ddof=1) / math.sqrt(600))
    assert answer(state, tmp_path).derived["generate"]["file0_mass_mean_stderr"] == pytest.approx(row.err)


@pytest.mark.parametrize(("request_", "observable"), [
    ("what is the tau21 of W jets?", "tau21"),
    ("tell me the jet mass of Z jets", "mass"),
    ("what values does tau32 take for top jets?", "tau32"),
    ("how heavy are top jets?", "mass"),  # the plan was empty: a pydantic error instead of an answer
    ("Give me the tau32 of top jets, with uncertainties.", "tau32"),
])
def test_an_observable_of_one_class_asked_about_is_measured_on_its_jets(request_: str, observable: str) -> None:
    """'What is the tau21 of W jets?' names no statistic and no task: it asks for the sample's own value, so the
    jets are made and the observable's mean answered (the family's default); a command without a question or an
    observable ('W jets, please') is not read as one."""
    from agents.planner import compile_plan

    spec = parse_spec(request_)
    assert spec.tasks == ["generate"] and compile_plan(spec, "tiny").steps
    assert [(q.metric, q.observable, q.default) for q in asked(spec)] == [("mean", observable, True)]
    assert parse_spec("the W jets from yesterday").tasks == []


@pytest.mark.parametrize(("request_", "pair", "observable"), [
    ("how well does tau32 alone separate top from QCD jets?", ["top", "qcd"], "tau32"),
    ("is tau21 a good W tagger on its own?", ["wqq", "qcd"], "tau21"),
    ("what is the AUC of the jet mass as a W vs QCD discriminant?", ["wqq", "qcd"], "mass"),
    ("does nsubjettiness tau21 tell W from QCD?", ["wqq", "qcd"], "tau21"),
])
def test_an_observable_asked_as_a_tagger_trains_nothing(tmp_path: Path, request_: str, pair: list[str], observable: str) -> None:
    """'Is tau21 a good W tagger on its own?' asks how well a selection on the observable separates the
    classes (QCD the other one when none is named): a look at the two samples, no tagger trained; the
    answer gives the AUC with its error and the rejection at half the signal."""
    from agents.measures.base import CLASS_NAMES

    spec = parse_spec(request_)
    assert spec.tasks == ["generate"] and spec.classes == pair
    (q,) = spec.quantities
    assert (q.metric, q.compare, q.observable) == ("observable_auc", pair, observable)
    rng = np.random.default_rng(11)
    np.savez(tmp_path / "s.npz", **{observable: rng.normal(0.3, 0.1, 400)})
    np.savez(tmp_path / "b.npz", **{observable: rng.normal(0.6, 0.15, 500)})
    files = [{"classes": {CLASS_NAMES[c]: n}, "observables_file": f} for c, n, f in zip(pair, (400, 500), ("s.npz", "b.npz"), strict=True)]
    state = _state(spec, [_call("dataset_info", {}, {"files": files})])
    (row,) = measure(q, Ctx(state, tmp_path, spec))
    assert 0.9 < row.value < 1 and 0 < row.err < 0.02 and "(signal)" in row.label and "at low" in row.note
    assert "1/eps_B = " in " ".join(answer(state, tmp_path).sentences)
    assert parse_spec("fine-tune a W tagger on 100 labels and report its AUC").tasks == ["finetune"]  # a tagger trained


def test_a_peak_is_read_with_its_error_and_set_against_the_pole_mass(tmp_path: Path) -> None:
    """'Does the W jet mass peak sit at the W mass?': the kernel-density maximum of the jets' mass, whose
    bootstrap error matches its spread over repeated samples, set against the generator's pole mass
    (the table is Pythia's own default)."""
    import pythia8mc

    from agents.measures.base import CLASS_NAMES
    from tools.metrics import POLE_MASS

    data = pythia8mc.Pythia("", False).particleData
    assert POLE_MASS == {"top": data.m0(6), "wqq": data.m0(24), "zqq": data.m0(23)}
    spec = parse_spec("does the W jet mass peak sit at the W mass?")
    (q,) = spec.quantities
    assert spec.tasks == ["generate"] and (q.metric, q.observable) == ("peak", "mass")
    rng = np.random.default_rng(2)
    peaks, errs = [], []
    for i in range(12):  # a W peak 3 GeV above the pole on a broad shoulder
        np.savez(tmp_path / f"w{i}.npz", mass=np.r_[rng.normal(83.4, 7, 500), rng.uniform(20, 300, 100)])
        state = _state(spec, [_call("dataset_info", {}, {"files": [{"classes": {CLASS_NAMES["wqq"]: 600},
                                                                   "observables_file": f"w{i}.npz"}]})])
        (row,) = measure(q, Ctx(state, tmp_path, spec))
        peaks.append(row.value)
        errs.append(row.err)
    assert abs(np.mean(peaks) - 83.4) < 1.0 and 0.5 < np.mean(errs) / np.std(peaks, ddof=1) < 2
    # the binned density (O(n)) finds the exact kernel density's maximum on the same grid
    from scipy.stats import gaussian_kde

    from omnijet.evaluate.metrics import _kde_peak

    x = np.r_[rng.normal(83.4, 7, 500), rng.uniform(20, 300, 100)]
    grid = np.linspace(*np.quantile(x, [0.01, 0.99]), 400)
    spread = min(x.std(ddof=1), np.subtract(*np.quantile(x, [0.75, 0.25])) / 1.34)
    exact = gaussian_kde(x, bw_method=0.9 * spread * x.size ** -0.2 / x.std(ddof=1))(grid)
    assert _kde_peak(x, grid)[0] == grid[np.argmax(exact)]
    assert "W pole mass is 80.385 GeV: the peak sits +" in row.note and row.extra["pole_mass"] == 80.385


def test_how_wide_a_peak_is_and_which_observable_separates_best(tmp_path: Path) -> None:
    """'How wide is the W mass peak?' is its full width at half maximum (a Gaussian's: 2.355 sigma), not
    where it sits; 'which observable separates top from QCD best?' measures each jet observable alone and
    names the best, saying whether it beats the next beyond the errors."""
    from agents.measures.base import CLASS_NAMES

    for request_ in ("how wide is the W mass peak?", "what is the mass resolution of the W peak in GeV?"):
        spec = parse_spec(request_)
        assert spec.tasks == ["generate"] and [(q.metric, q.observable) for q in spec.quantities] == [("peak_width", "mass")]
    rng = np.random.default_rng(4)
    np.savez(tmp_path / "w.npz", mass=rng.normal(83, 7, 3000))
    state = _state(spec, [_call("dataset_info", {}, {"files": [{"classes": {"Wqq": 3000}, "observables_file": "w.npz"}]})])
    (row,) = measure(spec.quantities[0], Ctx(state, tmp_path, spec))
    assert abs(row.value - 2.3548 * 7) < 3 * row.err + 0.4 and 0 < row.err < 1  # the kernel widens it a little

    spec = parse_spec("which observable separates top from QCD best?")
    assert spec.tasks == ["generate"] and [q.observable for q in spec.quantities] == ["mass", "n", "tau21", "tau32"]
    arrays = {"top": {"mass": rng.normal(175, 15, 500), "n": rng.normal(70, 15, 500), "tau21": rng.normal(0.5, 0.15, 500),
                      "tau32": rng.normal(0.5, 0.1, 500)},
              "qcd": {"mass": rng.normal(90, 40, 500), "n": rng.normal(65, 20, 500), "tau21": rng.normal(0.55, 0.15, 500),
                      "tau32": rng.normal(0.8, 0.1, 500)}}
    for c, a in arrays.items():
        np.savez(tmp_path / f"{c}.npz", **a)
    files = [{"classes": {CLASS_NAMES[c]: 500}, "observables_file": f"{c}.npz"} for c in ("top", "qcd")]
    text = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer(_state(spec, [_call("dataset_info", {}, {"files": files})]),
                                                        tmp_path).sentences))
    assert re.search(r"Verdict: the (tau32|jet mass) \(AUC 0\.9\d+ ± [\d.]+\) alone separates the classes best of the 4 "
                     r"observables, (ahead of|but) the (jet mass|tau32)", text), text


@pytest.mark.parametrize(("request_", "classes", "observables"), [
    ("is the constituent multiplicity of gluon jets larger than that of W jets?", ["qcd", "wqq"], ["n"]),
    ("are top jets heavier than W jets?", ["top", "wqq"], ["mass"]),  # "heavier" names the mass
    ("how many top jets have tau32 below 0.5 compared with QCD jets?", ["top", "qcd"], ["tau32"]),  # 0.5 counts no jets
    ("compare QCD and top jets", ["qcd", "top"], []),
])
def test_a_comparative_between_two_classes_is_a_look_at_both(request_: str, classes: list[str], observables: list[str]) -> None:
    """A comparison of two classes is a look at both samples (the mass when no observable is named); 'gluon
    jets' are the QCD sample, a quark-gluon mixture, and the plan says so."""
    from agents.planner import compile_plan

    spec = parse_spec(request_)
    assert spec.tasks == ["generate"] and spec.classes == classes and spec.observables == observables
    assert spec.n_jets is None and {q.observable for q in asked(spec)} == set(observables or ["mass"])
    changes = compile_plan(spec, "tiny").changes
    assert any("mixture of quark- and gluon-initiated jets" in c for c in changes) == ("gluon" in request_)


# -- a data quantity of two classes asked as a comparison: their difference, with its error ------------
@pytest.mark.parametrize(("request_", "pair"), [
    ("Is the median tau21 of W jets lower than that of QCD jets, and by how much?", ["wqq", "qcd"]),
    ("What is the difference in median tau21 between QCD and W jets?", ["qcd", "wqq"]),
    ("median tau21 of W vs QCD jets", ["wqq", "qcd"]),
    ("What are the median tau21 of W jets and of QCD jets?", []),  # both asked, no comparison
    ("What fraction of W and QCD jets have tau21 less than 0.4?", []),  # 'less than' a cut, not a comparison
])
def test_two_classes_compared_give_their_difference(tmp_path: Path, request_: str, pair: list[str]) -> None:
    """Two independent samples: the difference of the medians and its error in quadrature; over
    repeated samples the error matches the spread, and the verdict reads the right direction."""
    spec = parse_spec(request_)
    q = spec.quantities[0]
    assert q.compare == pair
    if not pair:
        return
    (tmp_path / "info").mkdir()
    rng = np.random.default_rng(7)
    diffs, errs = [], []
    for i in range(30):
        np.savez(tmp_path / f"info/w{i}.npz", tau21=rng.normal(0.33, 0.12, 600))
        np.savez(tmp_path / f"info/q{i}.npz", tau21=rng.normal(0.65, 0.15, 600))
        files = [{"classes": {"Wqq": 600}, "observables_file": f"info/w{i}.npz"},
                 {"classes": {"QCD": 600}, "observables_file": f"info/q{i}.npz"}]
        state = _state(spec, [_call("dataset_info", {}, {"files": files})])
        rows = measure(q, Ctx(state, tmp_path, spec))
        by = {r.label: r for r in rows}
        d = by[f"median tau21 difference {pair[0]} − {pair[1]}"]
        a, b = (by[f"median tau21, {c} jets"] for c in pair)
        assert d.value == pytest.approx(a.value - b.value) and d.err == pytest.approx(math.hypot(a.err, b.err))
        diffs.append(d.value)
        errs.append(d.err)
    assert abs(np.mean(diffs) - (0.33 - 0.65 if pair[0] == "wqq" else 0.32)) < 3 * np.std(diffs) / np.sqrt(30)
    assert 0.7 < np.mean(errs) / np.std(diffs, ddof=1) < 1.4
    text = " ".join(answer(state, tmp_path).sentences)
    assert f"Verdict on median: {pair[0]} {'below' if pair[0] == 'wqq' else 'above'} {pair[1]} (independent samples" in text


def test_a_tokenizer_study_measures_token_quality_on_held_out_jets() -> None:
    """The tokenizer trains on the training files; a tokenizer study measures it on test jets it
    never saw (one file per class, another Pythia seed); a tokenizer only feeding a GPT keeps the
    cheap check on its training jets."""
    from agents.planner import compile_plan

    spec = parse_spec("How badly does the tokenizer distort tau32 of top and QCD jets? Median bias and resolution")
    plan = compile_plan(spec, "tiny")
    calls = [c for s in plan.steps for c in s.calls]
    gen = [(c.inputs.out, c.inputs.seed) for c in calls if c.tool == "generate_data"]
    assert gen == [("data/top_train.root", 100), ("data/qcd_train.root", 101),
                   ("data/top_test.root", 200), ("data/qcd_test.root", 201)]
    assert list(next(c for c in calls if c.tool == "train_tokenizer").inputs.data) == \
        ["data/top_train.root", "data/qcd_train.root"]
    assert list(next(c for c in calls if c.tool == "token_quality").inputs.data) == \
        ["data/top_test.root", "data/qcd_test.root"]
    assert "on 200 held-out jets per class" in plan.steps[1].goal
    plan = compile_plan(parse_spec("pretrain a GPT on top jets and generate 500 jets"), "tiny")
    calls = [c for s in plan.steps for c in s.calls]
    assert list(next(c for c in calls if c.tool == "token_quality").inputs.data) == ["data/top_train.root"]
    assert not any(c.inputs.out.endswith("_test.root") for c in calls if c.tool == "generate_data")


def test_the_anomaly_excess_is_one_figure_over_the_seeds(tmp_path: Path) -> None:
    """The asked excess over the no-signal control and the family answer's excess are the same
    number: the mean over seeds of each AUC, each with the seeds' error ⊕ Hanley-McNeil (it was the
    first seed's alone in one place and the seeds' spread alone in the other)."""
    spec = parse_spec("I injected a few percent of signal into LHCO-like dijet events. Does CWoLa pick it up "
                      "better than with no signal at all? Give me the AUC excess over the control")
    calls = []
    for seed, (main, ctrl) in enumerate([(0.90, 0.79), (0.85, 0.80)]):
        out = tmp_path / f"anomaly/seed{seed}"
        out.mkdir(parents=True)
        counts = {"n_signal": 40, "n_background": 300, "n_injected": 83}
        doc = {"headline": {"auc": main}, "signal_fraction": 0.1, "sic_rule": "r",
               "cwola": {"0.0": {"auc": ctrl, **counts}, "0.1": {"auc": main, "max_sic": 2.0, **counts}}}
        (out / "metrics.json").write_text(json.dumps(doc))
        calls.append(_call("anomaly_scan", {"out": f"anomaly/seed{seed}"}, {}))
    state = _state(spec, calls)
    row = measure(Quantity(metric="anomaly_excess"), Ctx(state, tmp_path, spec))[0]
    hm = [M.hanley_mcneil(a, 40, 300) for a in (0.90, 0.85)], [M.hanley_mcneil(a, 40, 300) for a in (0.79, 0.80)]
    e_main, e_ctrl = math.hypot(0.025, sum(hm[0]) / 2), math.hypot(0.005, sum(hm[1]) / 2)
    assert row.value == pytest.approx(0.875 - 0.795) and row.err == pytest.approx(math.hypot(e_main, e_ctrl))
    plain = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer(state, tmp_path).sentences))
    said = re.findall(r"excess (?:over the no-signal control: )?(-?[\d.]+) ± ([\d.]+)", plain)
    assert said == [(f"{row.value:.2g}", f"{row.err:.2g}")] * 2  # the asked quantity's and the family's


@pytest.mark.parametrize("points", [
    [{"strategy": "finetune", "n_train": 200, "seed": 0, "accuracy": "high", "auc": 0.9}],
    [{"strategy": "finetune", "seed": 0}],  # no size, no metric
    "points",  # not a list of records
    [["finetune", 200]],
])
def test_a_malformed_scan_file_is_not_answered_not_a_crash(tmp_path: Path, points: object) -> None:
    """metrics.json is written inside the sandbox: the fine-tuning family answer reads what is
    there, and a file that does not hold the tool's schema leaves 'Not answered: ...' (and the
    exit code's list), never an exception out of the report."""
    call = _scan(tmp_path)
    (tmp_path / "finetune/metrics.json").write_text(json.dumps({"points": points, "n_test": 400}))
    spec = parse_spec("is fine-tuning better than training from scratch?")
    assert "finetune" in spec.tasks
    ans = answer(_state(spec, [call]), tmp_path)
    assert ans.sentences[0].startswith("Not answered: the finetune result, because its result files")
    assert any(s.startswith("the finetune result: ") for s in unanswered(ans.derived))


def test_the_key_tokenizer_plot_is_of_the_class_asked_first() -> None:
    from agents.answers import _key_plot

    plots = ["tq/observables_QCD.png", "tq/resolution_QCD.png", "tq/observables_Tbqq.png", "tq/resolution_Tbqq.png"]
    call = _call("token_quality", {"out": "tq"}, {"plots": plots})
    top = parse_spec("how biased is the reconstructed tau32 of top jets after tokenization, against QCD?")
    qcd = parse_spec("how biased is the reconstructed mass of QCD jets after tokenization, against top jets?")
    assert top.classes[0] == "top" and qcd.classes[0] == "qcd"
    assert _key_plot(call, top) == ["tq/observables_Tbqq.png"]
    assert _key_plot(call, qcd) == ["tq/observables_QCD.png"]
    assert _key_plot(_call("token_quality", {}, {"plots": "x"}), None) == []


@pytest.mark.parametrize(("request_", "pair"), [
    ("With only 300 labelled jets, does starting from the pretrained backbone beat training from scratch for W "
     "versus QCD? Give the accuracy difference", ["finetune", "scratch"]),
    ("Does the frozen pretrained backbone match training from scratch at 500 labels? Give the AUC.",
     ["frozen-backbone", "scratch"]),
    ("top tagging at 1000 labels: is the accuracy without pretraining worse than with the pretrained model?",
     ["scratch", "finetune"]),
])
def test_the_pretrained_backbone_named_in_words_is_a_strategy(request_: str, pair: list[str]) -> None:
    assert parse_spec(request_).quantities[0].compare == pair


@pytest.mark.parametrize(("request_", "leads"), [
    ("With only 200 labelled top jets, does fine-tuning beat a frozen backbone? Give the accuracy difference.", True),
    ("top tagging with 200 labels: by how much is the accuracy of fine-tuned above frozen?", True),
    ("what accuracy does a top tagger reach with 200 labels, frozen vs fine-tuned?", False),
])
def test_an_asked_difference_leads_the_answer(tmp_path: Path, request_: str, leads: bool) -> None:
    """'Give the accuracy difference': the answer's first sentence opens with the difference and its
    error, the two sides after it; a question for the two values keeps them first."""
    spec = parse_spec(request_)
    assert [q.metric for q in asked(spec)] == ["accuracy"] and len(asked(spec)[0].compare) == 2
    first = answer(_state(spec, [_scan(tmp_path)]), tmp_path).sentences[0]
    assert first.startswith("Test accuracy difference") is leads, first
    assert "difference" in first and "Verdict on accuracy" in first


def test_the_transfer_verdict_names_the_size_then_the_metric() -> None:
    from agents.answers import _transfer_verdict
    rows = [{"a": "finetune", "n_train": 300, "metric": "accuracy", "mean": 0.18, "p_value": 0.2, "n": 2},
            {"a": "finetune", "n_train": 300, "metric": "auc", "mean": 0.078, "p_value": 0.039, "n": 2}]
    assert _transfer_verdict(rows).startswith(
        "Verdict: the pretrained backbone beats training from scratch at 300 labelled jets (in AUC) (p-values from 2 seeds")


def test_a_ks_test_is_computed_read_and_asked_by_name(tmp_path: Path) -> None:
    """'Compatible with the real one according to a Kolmogorov-Smirnov test?' was not parsed at
    all (no task): it asks the KS p-value of the generated mass, which evaluate_generation now
    computes for the jet-level observables and the answer opens with, D beside it."""
    from omnijet.evaluate.generation import ks_tests

    rng = np.random.default_rng(0)
    real = {k: rng.normal(size=400) for k in ("mass", "pt", "tau21", "tau32", "n", "part_pt")}
    same, shifted = ks_tests(real, real), ks_tests(real, {k: v + 0.5 for k, v in real.items()})
    assert "part_pt" not in same  # constituents of one jet are not independent draws
    assert same["mass"] == {"statistic": 0.0, "p_value": 1.0}
    assert shifted["mass"]["p_value"] < 1e-6 and 0.1 < shifted["mass"]["statistic"] < 0.4

    spec = parse_spec("Is the generated mass distribution compatible with the real one according to a Kolmogorov-Smirnov test?")
    assert spec.tasks == ["pretrain"] and [(q.metric, q.observable) for q in spec.quantities] == [("ks_test", "mass")]
    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({
        "means": {"mass": {"generated": 95.0, "reconstructed": 86.0}}, "reference_kind": "reconstructed",
        "w1": {"mass": 9.0}, "w1_reference_halves": {"mass": 2.0},
        "ks": {"mass": {"statistic": 0.147, "p_value": 0.0026}}}))
    calls = [_call("evaluate_generation", {"out": "gq"},
                   {"classifier_auc": 0.66, "n_jets": 300, "metrics_path": "gq/metrics.json"}, step=1)]
    row = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))[0]
    assert (row.value, row.err) == (0.0026, None) and "D = 0.147" in row.note and "differ" in row.note
    first = answer(_state(spec, calls), tmp_path).sentences[0]
    assert first.startswith("KS test p-value, generated vs real jet mass: 0.0026"), first
    (tmp_path / "gq/metrics.json").write_text(json.dumps({"w1": {"mass": 9.0}}))  # an older session's metrics
    with pytest.raises(Unavailable, match="no KS test of mass"):
        measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))


@pytest.mark.parametrize(("request_", "expected"), [
    ("Is the generated tau21 distribution compatible with the real one?", [("w1", "tau21")]),
    ("Do the sampled jets look like the real ones?", [("generation_auc", None)]),
    # 'which observable': every observable's distance (the jets were neither generated nor compared before)
    ("Which observable is most different between generated and real top jets?", [("w1", None)]),
    ("Are the generated jets' masses biased?", [("generated_mean", "mass")]),  # was a pretraining loss
    ("Is the tau32 of generated top jets peaked at the right value?", [("generated_mean", "tau32")]),
    # found as a user: 'I want a p-value' got the W1 distance alone; a p-value of two distributions is a KS test's
    ("is the mass distribution of generated top jets compatible with the real one? I want a p-value",
     [("ks_test", "mass"), ("w1", "mass")]),
    ("Do the sampled jets look like the real ones? Give me a p value.", [("ks_test", None), ("generation_auc", None)]),
])
def test_compatible_with_the_real_one_asks_how_close(request_: str, expected: list) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == ["pretrain"] and [(q.metric, q.observable) for q in spec.quantities] == expected


@pytest.mark.parametrize(("request_", "fields"), [
    ("Train the tokenizer with 1024 codes instead of 512 and tell me whether tau32 gets better.", {"codebooks": [512, 1024]}),
    ("Does a codebook of 2048 codes versus 512 change the mass bias?", {"codebooks": [512, 2048]}),
    ("Fine-tune with 500 labels rather than 100 and report the accuracy gain.", {"labels": [100, 500]}),
    ("Run 5 seeds instead of 3 for the top tagger with 1000 labels.", {"seeds": 5, "labels": [1000], "n_jets": None}),
    ("Fine-tune on 1000 top jets.", {"labels": [1000], "n_jets": None}),
    ("Pretrain the backbone on 4000 jets, then fine-tune it on 300 top and 300 QCD jets.",
     {"n_jets": 4000, "labels": [300], "labels_per_class": True}),
])
def test_the_other_end_of_a_setting_and_the_jets_fine_tuned_on(request_: str, fields: dict) -> None:
    """'1024 codes instead of 512' compares two codebooks (the 512 was dropped); '5 seeds instead of
    3' replaces one setting (the 3 was read as 3 jets); 'fine-tune on 1000 top jets' labels them;
    'pretrain the backbone on 4000 jets' does not."""
    spec = parse_spec(request_).model_dump()
    assert {k: spec[k] for k in fields} == fields


@pytest.mark.parametrize(("tau21", "words"), [(11.6, "not told apart by the classifier test from"),
                                              (3.0, "indistinguishable from")])
def test_a_weak_classifier_test_is_not_called_indistinguishable(tmp_path: Path, tau21: float, words: str) -> None:
    """Found as a user: 300 generated jets 'indistinguishable from the tokenized real jets' at AUC
    0.541 +- 0.053 (60 + 60 held-out jets), beside histograms whose tau21 peaks sit 0.2 apart. The
    test is named as what it is, and the observables five or more floors away are named beside it."""
    from agents.answers import answer_pretrain

    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({
        "means": {"mass": {"generated": 124.0, "reconstructed": 128.0}}, "reference_kind": "reconstructed",
        "w1": {"mass": 17.0, "tau21": tau21 * 0.01, "pt": 40.0 if tau21 > 5 else 9.0}, "w1_reference_halves": {"mass": 5.45, "tau21": 0.01,
                                                                                         "pt": 5.0}}))
    calls = [_call("evaluate_generation", {"out": "gq"},
                   {"classifier_auc": 0.541, "n_jets": 300, "metrics_path": "gq/metrics.json"}, step=1)]
    spec = parse_spec("pretrain on top jets and sample 300 jets")
    a = answer_pretrain(_state(spec, calls), tmp_path)
    first = a.sentences[0]
    assert re.sub(r" \[↗\]\([^)]*\)", "", first).startswith(f"The generated jets are {words} the tokenized real jets (300 of each compared)"), first
    if tau21 > 5:
        assert re.search(r"distance of tau21 is 12 \[.*\]\(analysis.json#/pretrain/tau21_w1_over_floor\) times, of jet pT 8 .* times the floor", first), first
        assert a.derived["pretrain"]["tau21_w1_over_floor"] == pytest.approx(11.6)


@pytest.mark.parametrize(("request_", "metrics"), [
    ("Inject 1% W' signal into LHCO-like background and tell me whether CWoLa finds it, with the significance.",
     ["anomaly_excess"]),
    ("Run CWoLa on LHCO with 0.5% injected signal and give me the max significance improvement.", ["anomaly_max_sic"]),
    ("Does the GPT likelihood detect the injected signal at 1% in the LHC Olympics data?", ["anomaly_auc"]),
    ("Does CWoLa find a 0.3% signal?", ["anomaly_excess"]),  # asked nothing: the family's AUC and SIC
])
def test_whether_an_anomaly_method_finds_the_signal(request_: str, metrics: list[str]) -> None:
    """'Does it find it, with the significance': CWoLa's excess over its no-signal control in sigma;
    the significance improvement stays the SIC; the GPT likelihood has no control and gives its AUC."""
    assert [q.metric for q in parse_spec(request_).quantities] == metrics


def test_a_generated_mean_carries_its_standard_error(tmp_path: Path) -> None:
    """'Is the W mass peak in the generated sample at the right place?' gave the two means with 'one
    sample: no uncertainty over seeds', though 300 jets give each mean an error: std / sqrt(n)."""
    spec = parse_spec("Is the W jet mass peak in the generated sample at the right place?")
    assert spec.tasks == ["pretrain"] and [(q.metric, q.observable) for q in spec.quantities] == [("generated_mean", "mass")]
    (tmp_path / "gq").mkdir()
    metrics = {"means": {"mass": {"generated": 86.0, "reconstructed": 82.2}}, "reference_kind": "reconstructed",
               "stds": {"mass": {"generated": 30.0, "reconstructed": 15.0}}}
    (tmp_path / "gq/metrics.json").write_text(json.dumps(metrics))
    calls = [_call("evaluate_generation", {"out": "gq"}, {"classifier_auc": 0.53, "n_jets": 300,
                                                          "metrics_path": "gq/metrics.json"}, step=1)]
    gen, real, shift = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))
    assert (gen.value, real.value) == (86.0, 82.2) and gen.note == "std / sqrt(n) of 300 jets"
    assert math.isclose(gen.err, 30 / math.sqrt(300)) and math.isclose(real.err, 15 / math.sqrt(300))
    # 'is the generated mass shifted? the mean shift with an error': generated − real, errors in quadrature
    assert shift.label.startswith("mean jet mass shift, generated − reconstructed jets")
    assert math.isclose(shift.value, 3.8) and math.isclose(shift.err, math.hypot(30, 15) / math.sqrt(300))
    assert shift.note == f"{3.8 / shift.err:.1f}σ from zero, the two errors in quadrature"
    assert [(q.metric, q.observable) for q in parse_spec(
        "Is the jet mass of generated top jets shifted compared to real top jets? Give the mean shift in GeV with an "
        "error.").quantities] == [("generated_mean", "mass")]
    del metrics["stds"]  # an older session's metrics: no spread kept
    (tmp_path / "gq/metrics.json").write_text(json.dumps(metrics))
    assert [r.err for r in measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))] == [None, None]


@pytest.mark.parametrize(("request_", "observable", "unsupported"), [
    ("How many constituents does a typical top jet have compared with a QCD jet?", "n", None),
    ("How many particles per jet do QCD jets have on average?", "n", None),
    ("what is the mean jet girth of 300 top jets?", None, "girth"),
])
def test_an_observable_named_before_typical_is_the_one_asked(request_: str, observable: str | None,
                                                             unsupported: str | None) -> None:
    """'How many constituents does a typical top jet have compared with ...' was read as the mean of an
    unknown 'have compared with', so the run would have answered 'not answered'."""
    q = parse_spec(request_).quantities[0]
    assert (q.metric, q.observable, q.unsupported) == ("mean", observable, unsupported)


@pytest.mark.parametrize(("request_", "fields"), [
    ("How does the accuracy of fine-tuning scale with the number of labels from 100 to 10k?", {"labels": [100, 1000, 10000]}),
    ("Does pretraining on more jets help the 100-label tagger?", {"labels": [100]}),
    ("Can the tokenizer reproduce the jet mass to within 5%?", {"observables": ["mass"]}),
])
def test_label_ranges_hyphenated_labels_and_reproduce(request_: str, fields: dict) -> None:
    spec = parse_spec(request_)
    assert {k: spec.model_dump()[k] for k in fields} == fields
    if "reproduce" in request_:
        assert sorted(q.metric for q in spec.quantities) == ["bias", "resolution"]


@pytest.mark.parametrize(("request_", "fields", "metric"), [
    ("What is the rejection of QCD at 70% W efficiency after fine-tuning with 500 labels per class?",
     {"signal": "wqq", "background": "qcd"}, ("rejection_at_efficiency", 0.7)),
    ("What is the QCD efficiency at 50% top efficiency?", {"signal": "top", "background": "qcd"}, None),
    ("Pretrain with 3 seeds and tell me how stable the generated jet mass is.", {"seeds": 3}, ("generated_mean", None)),
    ("Is the codebook of the small tokenizer collapsing?", {"tasks": ["tokenizer"]}, ("codebook_usage", None)),
])
def test_the_class_kept_and_rejected_and_other_plain_questions(request_: str, fields: dict, metric: tuple | None) -> None:
    """'The rejection of QCD at 70% W efficiency' made QCD the signal and read the usual 50%."""
    spec = parse_spec(request_)
    assert {k: spec.model_dump()[k] for k in fields} == fields
    if metric:
        q = spec.quantities[0]
        assert q.metric == metric[0] and (metric[1] is None or q.efficiency == metric[1])


def test_planted_metrics_of_the_wrong_shape_are_not_a_crash(tmp_path: Path) -> None:
    """A sandboxed job writes the metrics the readers trust: 'stds' or 'ks' as a list, a string
    where a dict stands, leave the value without an error (or not answered), never an exception."""
    from agents.answers import answer_tokenizer

    spec = parse_spec("Is the W jet mass peak in the generated sample at the right place?")
    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({"means": {"mass": {"generated": 86.0, "reconstructed": 82.2}},
                                                          "stds": [1, 2], "ks": "x"}))
    calls = [_call("evaluate_generation", {"out": "gq"}, {"classifier_auc": 0.53, "n_jets": 300,
                                                          "metrics_path": "gq/metrics.json"}, step=1)]
    ctx = Ctx(_state(spec, calls), tmp_path, spec)
    assert measure(spec.quantities[0], ctx)[0].err is None
    with pytest.raises(Unavailable, match="no KS test of mass"):
        measure(Quantity(metric="ks_test", observable="mass"), ctx)
    (tmp_path / "tq").mkdir()
    (tmp_path / "tq/metrics.json").write_text(json.dumps({"definitions": ["relative"], "per_class": {
        "Tbqq": {"jet": {"mass": {"median": -0.05, "width": 0.1, "n": 200}}}}}))
    tq = parse_spec("how well does the tokenizer keep the top jet mass?")
    a = answer_tokenizer(_state(tq, [_call("token_quality", {"tokenizer": "tok/best.pt", "out": "tq"}, {})]), tmp_path)
    assert a.derived["tokenizer"]["mass"][0]["bias"] == -0.05


def test_tokenizers_compared_in_a_gpt_study_get_one_gpt_each(tmp_path: Path) -> None:
    """'Does a bigger codebook make generation worse?': the preset's codebook against one 4x larger
    (said in the plan), one GPT on each tokenizer's own tokens, each one's jets against the same
    real jets (not each tokenizer's reconstruction), and every generation figure per tokenizer."""
    from agents.answers import answer_pretrain
    from agents.llm.offline import latest_outputs
    from agents.measures.base import Ctx
    from agents.measures.physics import read_generation_auc, read_w1
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("Does a bigger codebook make generation worse?")
    plan = compile_plan(spec, "tiny")
    assert "pretrain" in spec.tasks and any("512 codes against 2048" in c for c in plan.changes)
    calls = [c for s in plan.steps for c in s.calls]
    pre = [c.inputs for c in calls if c.tool == "pretrain"]
    assert [(str(p.tokenizer), str(p.tokens), str(p.out)) for p in pre] == [
        ("tokenizer_conditional_512/best.pt", "tokens/train_conditional_512.pt", "backbone/conditional_512"),
        ("tokenizer_conditional_2048/best.pt", "tokens/train_conditional_2048.pt", "backbone/conditional_2048")]
    ev = [c.inputs for c in calls if c.tool == "evaluate_generation"]
    assert [e.tokenizer for e in ev] == [None, None] and check_fidelity(spec, plan) == []
    # a tagger keeps one backbone, and says so
    tagger = compile_plan(parse_spec("Does the tagging accuracy depend on the codebook size, 512 vs 2048?"), "tiny")
    assert len([c for s in tagger.steps for c in s.calls if c.tool == "pretrain"]) == 1
    assert any("uses the first one's (conditional 512 codes) only" in c for c in tagger.changes)
    # 'doubling the codebook', 'halve the number of codes': that factor of the preset's, not 4x
    for words, sizes in (("does doubling the codebook help the mass resolution?", [512, 1024]),
                         ("what happens to the tau21 bias if we halve the number of codes?", [256, 512])):
        factor = compile_plan(parse_spec(words), "tiny")
        assert sorted({c.inputs.codebook_size for s in factor.steps for c in s.calls if c.tool == "train_tokenizer"}) == sizes

    records = [_call("train_tokenizer", {"out": f"tokenizer_conditional_{k}", "kind": "conditional", "codebook_size": k}, {})
               .model_copy(update={"id": f"t{k}"}) for k in (512, 2048)]
    for k, auc, w1 in ((512, 0.62, 3.0), (2048, 0.81, 9.0)):
        (tmp_path / f"gq/conditional_{k}").mkdir(parents=True)
        (tmp_path / f"gq/conditional_{k}/metrics.json").write_text(json.dumps({
            "means": {"mass": {"generated": 150.0, "reference": 160.0}}, "reference_kind": "reference",
            "w1": {"mass": w1}, "w1_reference_halves": {"mass": 2.0}}))
        tok = f"tokenizer_conditional_{k}/best.pt"
        (tmp_path / f"backbone/conditional_{k}").mkdir(parents=True)
        (tmp_path / f"backbone/conditional_{k}/metrics.json").write_text(json.dumps({"config": {"codebook_size": k}}))
        records += [
            _call("pretrain", {"out": f"backbone/conditional_{k}", "tokenizer": tok, "seed": 0}, {"best_val_loss": 5.0},
                  step=1).model_copy(update={"id": f"p{k}"}),
            _call("generate_jets", {"out": f"generated/g_{k}.root", "tokenizer": tok}, {}, step=2)
            .model_copy(update={"id": f"g{k}"}),
            _call("evaluate_generation", {"out": f"gq/conditional_{k}", "generated": f"generated/g_{k}.root"},
                  {"classifier_auc": auc, "n_jets": 400, "metrics_path": f"gq/conditional_{k}/metrics.json"},
                  step=2).model_copy(update={"id": f"e{k}"})]
    state = _state(spec, records)
    ctx = Ctx(state, tmp_path, spec)
    aucs = read_generation_auc(ctx, Quantity(metric="generation_auc"))
    assert [(r.label.split("GPT on the ")[1], r.value) for r in aucs] == [
        ("conditional tokenizer, 512 codes", 0.62), ("conditional tokenizer, 2048 codes", 0.81)]
    w1 = read_w1(ctx, Quantity(metric="w1", observable="mass"))
    assert [r.value for r in w1] == [3.0, 9.0, 6.0]  # 'is the generated mass closer with 2048 codes?': the difference
    assert w1[0].err == 2.0 and w1[0].note.startswith("uncertainty: the statistical floor")  # not a floor read as a ±
    assert w1[2].label == "difference of the jet mass Wasserstein-1 distance, conditional tokenizer, 2048 codes − " \
        "conditional tokenizer, 512 codes" and w1[2].err == math.hypot(2.0, 2.0)
    assert w1[2].note.endswith("the jets of the GPT on the conditional tokenizer, 2048 codes are farther from the real ones (+2.1 sigma)")
    pre_answer = answer_pretrain(state, tmp_path)
    text = " ".join(pre_answer.sentences)
    d = pre_answer.derived["pretrain"]  # each GPT's uniform guess under its own key (a shared one was overwritten)
    assert (d["uniform_loss_conditional_512"], d["uniform_loss_conditional_2048"]) == (math.log(513), math.log(2049))
    assert "GPT on the conditional tokenizer, 2048 codes: the generated jets are clearly separable from the real jets (400 [↗]" in text
    assert "(tokenized)" not in text
    assert text.startswith("Generation with the conditional tokenizer, 2048 codes against the conditional tokenizer, "
                           "512 codes: classifier-test AUC 0.81") and "the GPT on the conditional tokenizer, 2048 codes are farther" in text
    # a revision's coder finds the GPTs' folder and every tokenizer of the latest attempt
    later = AgentState(request="r", spec=spec, plan=plan, calls=records, step=3)
    out = latest_outputs(later)
    assert out["_backbone_dir"] == "backbone" and out["_tokenizers"] == [
        "tokenizer_conditional_512/best.pt", "tokenizer_conditional_2048/best.pt"]


def test_an_anomaly_operating_point_is_read_off_its_roc_curve(tmp_path: Path) -> None:
    """'the signal efficiency of CWoLa at a background rejection of 100' is the anomaly score's
    (not a tagger to train): read off the scan's stored ROC curve per seed, mean over seeds ⊕ the
    binomial error; a rejection beyond the background events the test holds is not read."""
    spec = parse_spec("What is the signal efficiency of CWoLa at a background rejection of 100 with 1% signal?")
    assert spec.tasks == ["anomaly"] and spec.quantities[0].metric == "anomaly_efficiency_at_rejection"
    assert parse_spec("With 2% injected signal, what background rejection does the anomaly score reach at 30% "
                      "signal efficiency?").quantities[0].metric == "anomaly_rejection_at_efficiency"
    calls = []
    for seed, slope in enumerate((40.0, 20.0)):  # tpr = slope * fpr near the origin
        out = tmp_path / f"anomaly/seed{seed}"
        out.mkdir(parents=True)
        fpr = [0.0, 0.005, 0.01, 0.02, 1.0]
        block = {"auc": 0.8, "n_signal": 400, "n_background": 5000,
                 "roc": {"fpr": fpr, "tpr": [min(1.0, slope * f) for f in fpr[:-1]] + [1.0]}}
        doc = {"headline": {"auc": 0.8}, "signal_fraction": 0.01, "sic_rule": "r", "cwola": {"0.01": block}}
        (out / "metrics.json").write_text(json.dumps(doc))
        calls.append(_call("anomaly_scan", {"out": f"anomaly/seed{seed}"}, {}))
    ctx = Ctx(_state(spec, calls), tmp_path, spec)
    row = measure(spec.quantities[0], ctx)[0]
    binom = (math.sqrt(0.4 * 0.6 / 400) + math.sqrt(0.2 * 0.8 / 400)) / 2
    assert row.value == pytest.approx(0.3) and row.err == pytest.approx(math.hypot(0.1, binom))
    rej = measure(Quantity(metric="anomaly_rejection_at_efficiency", efficiency=0.2), ctx)[0]
    assert rej.value == pytest.approx((200 + 100) / 2)  # eps_B 0.005 and 0.01
    # 'the SIC at 20% signal efficiency' is the SIC there (not the rejection, nor the max SIC)
    asked = parse_spec("Run CWoLa with 2% signal and give me the SIC at 20% signal efficiency").quantities
    assert [(q.metric, q.efficiency) for q in asked] == [("anomaly_sic_at_efficiency", 0.2)]
    sic = measure(asked[0], ctx)[0]  # 25 and 50 of the 5000 background events pass: enough (>= 20)
    assert sic.value == pytest.approx((0.2 / math.sqrt(0.005) + 0.2 / math.sqrt(0.01)) / 2)
    with pytest.raises(Unavailable, match=r"at 5% signal efficiency only 12.5 of the 5000 .* at least 20 passing"):
        measure(Quantity(metric="anomaly_sic_at_efficiency", efficiency=0.05), ctx)
    assert "SIC eps_S/sqrt(eps_B) at a signal efficiency of 20%" in sic.label
    both = parse_spec("Run CWoLa at 1% signal and give me the max SIC and the SIC at 30% signal efficiency").quantities
    assert {(q.metric, q.efficiency) for q in both} == {("anomaly_sic_at_efficiency", 0.3), ("anomaly_max_sic", None)}
    other = parse_spec("Give the SIC and the background rejection at 40% signal efficiency for CWoLa at 2% signal")
    assert {(q.metric, q.efficiency) for q in other.quantities} == {("anomaly_rejection_at_efficiency", 0.4),
                                                                    ("anomaly_max_sic", None)}
    with pytest.raises(Unavailable, match=r"only 0.5 of the 5000 test background events .* at least 20"):
        measure(Quantity(metric="anomaly_efficiency_at_rejection", rejection=10000), ctx)


def test_a_data_quantity_of_the_generated_jets_reads_their_own_summary(tmp_path: Path) -> None:
    """'How many of the generated jets have more than 80 constituents?': a fraction of the GPT's
    jets (subject 'generated'), answered from a summary of the generated file that the generation
    step adds, never from the real jets' summary beside it."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("How many of the generated jets have more than 80 constituents?")
    q = spec.quantities[0]
    assert spec.tasks == ["pretrain"] and (q.metric, q.subject, q.observable, q.low) == ("fraction", "generated", "n", 80)
    plan = compile_plan(spec, "tiny")
    info = [c.inputs for s in plan.steps if s.recipe == "generation" for c in s.calls if c.tool == "dataset_info"]
    assert [i.paths for i in info] == [["generated/generation_quality.root"]] and check_fidelity(spec, plan) == []
    assert not any(c.tool == "dataset_info" for s in compile_plan(parse_spec("pretrain on top jets and give me the W1 "
                                                                              "of the generated mass"), "tiny").steps
                   for c in s.calls)
    (tmp_path / "info").mkdir()
    for name, n in (("real", np.full(100, 90.0)), ("gen", np.r_[np.full(30, 90.0), np.full(70, 40.0)])):
        np.savez(tmp_path / f"info/{name}.npz", n=n, mass=np.ones(100))
    calls = [_call("dataset_info", {"paths": ["data/top_train.root"]},
                   {"files": [{"classes": {"Tbqq": 100}, "observables_file": "info/real.npz"}]}),
             _call("dataset_info", {"paths": ["generated/generation_quality.root"]},
                   {"files": [{"classes": {"QCD": 100}, "observables_file": "info/gen.npz"}]}, step=1)
             .model_copy(update={"id": "g"})]
    ctx = Ctx(_state(spec, calls), tmp_path, spec)
    row = measure(q, ctx)[0]
    assert row.value == pytest.approx(0.3) and row.label.endswith("generated jets")
    real = measure(Quantity(metric="fraction", observable="n", low=80, low_inclusive=False), ctx)[0]
    assert real.value == pytest.approx(1.0)


def test_a_scan_of_signal_fractions_answers_every_fraction(tmp_path: Path) -> None:
    """'Scan signal fractions from 0.1% to 5% and show how the CWoLa AUC grows': the 1-2-5 series
    between the ends, and the answer gives the AUC at every fraction (the control's first), not
    only the largest one's."""
    spec = parse_spec("Scan signal fractions from 0.1% to 5% and show how the CWoLa AUC grows.")
    assert spec.signal_fractions == [0.001, 0.002, 0.005, 0.01, 0.02, 0.05]
    assert parse_spec("Inject 1% to 2% signal into the dijet events").signal_fractions == [0.01, 0.02]
    spec = spec.model_copy(update={"signal_fractions": [0.01, 0.02]})
    out = tmp_path / "anomaly/seed0"
    out.mkdir(parents=True)
    counts = {"n_signal": 40, "n_background": 300}
    doc = {"headline": {"auc": 0.7}, "signal_fraction": 0.02, "sic_rule": "r",
           "cwola": {"0.0": {"auc": 0.51, **counts}, "0.01": {"auc": 0.6, **counts},
                     "0.02": {"auc": 0.7, "max_sic": 2.0, **counts}}}
    (out / "metrics.json").write_text(json.dumps(doc))
    state = _state(spec, [_call("anomaly_scan", {"out": "anomaly/seed0"}, {})])
    plain = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer(state, tmp_path).sentences))
    assert re.search(r"CWoLa AUC by injected signal fraction S/\(S\+B\) over 1 seed\(s\): no signal: 0\.51 ± [\d.]+; "
                     r"0\.01: 0\.6 ± [\d.]+; 0\.02: 0\.7 ± [\d.]+\.", plain)
    assert "only the fraction asked for" not in plain


@pytest.mark.parametrize(("request_", "window", "said"), [
    ("Generate 1000 top jets with pT between 800 and 1200 GeV and show the mass distribution.", (800, 1200), False),
    ("simulate W jets in the 300-500 GeV pT range", (300, 500), False),
    ("Generate 500 QCD jets with pT > 1.2 TeV", (1200, 2400), True),
    ("train a W tagger on jets with pT below 400 GeV, 500 labels", (200, 400), True),
    ("compare the mass of W jets between 600 and 800 GeV with QCD jets", (600, 800), False),
    ("make 500 top jets between 1 and 1.2 TeV", (1000, 1200), False),
    ("whats the mass peak of Z jets at 1-1.5 TeV?", (1000, 1500), False),
    # one pT named as a point: the jets within 10% of it
    ("how many constituents does a typical QCD jet have at 500 GeV?", (450, 550), False),
    ("what is the mean mass of 1 TeV top jets?", (900, 1100), False),
    ("what's the tau21 of W jets with pT around 800 GeV?", (720, 880), False),
    ("what is the mean tau21 of 600-700 GeV W jets?", (600, 700), False),  # a range before 'jets' is no point
])
def test_a_stated_jet_pt_window_reaches_every_generated_file(request_: str, window: tuple, said: bool) -> None:
    """The jet pT window a request sets is the one every jet file is generated in (train and
    test); an edge left unstated that would close the window keeps the default's ratio, said so;
    a cut asked as a question is a quantity, not a window."""
    from agents.llm import grounding
    from agents.planner import asked_vs_run, check_fidelity, compile_plan

    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    gen = [c.inputs for s in plan.steps for c in s.calls if c.tool == "generate_data"]
    assert gen and {(g.pt_min, g.pt_max) for g in gen} == {window} and check_fidelity(spec, plan) == []
    assert any("jet pT window" in c for c in plan.changes) == said
    row = next(r for r in asked_vs_run(spec, plan) if r[0] == "jet pT window (GeV)")
    assert row[2] == f"{window[0]}-{window[1]}"
    assert ("taken as ±10%" in row[1]) == (window[1] * 9 == window[0] * 11)  # a point is said to be one
    if "taken as" in row[1]:  # a window other than the point's ±10% (a model's spec) is not said to be it
        wide = spec.model_copy(update={"pt_min": window[0] - 50.0, "pt_max": window[1] + 50.0})  # same centre
        assert "taken as" not in next(r for r in asked_vs_run(wide, compile_plan(wide, "tiny")) if r[0] == "jet pT window (GeV)")[1]
    assert grounding.problems(request_, spec) == []
    broken = plan.model_copy(deep=True)
    broken.steps[0].calls[0].inputs.pt_min = 500.0
    assert any("pt min" in p for p in check_fidelity(spec, broken)) == (spec.pt_min is not None)
    assert parse_spec("What fraction of top jets have pT above 700 GeV?").pt_min is None
    for cut in ("how many W jets have a mass between 60 and 100 GeV?", "what fraction of jets between 60 and 100 GeV are W jets?"):
        assert parse_spec(cut).pt_min is None  # a mass window, not the jets' pT
    assert "pt_min = 930" in grounding.problems(request_, spec.model_copy(update={"pt_min": 930.0}))
    for other in ("generate 1000 top jets at 13 TeV", "where is the W jet mass peak at 80 GeV?",
                  "search for a 3.5 TeV resonance in the dijet events", "do Z jets show a mass peak at 250 GeV?"):
        assert parse_spec(other).pt_min is None  # a collision energy, a mass, a resonance: no jet pT


def test_a_named_tagger_head_reaches_the_scan() -> None:
    """'Fine-tune with the class attention head instead of the sum head' ran the sum head: the
    head named first is the scan's (fidelity holds it there), the one it replaces counts nothing,
    and a model reading that names a head the request does not is refused."""
    from agents.llm import grounding
    from agents.planner import check_fidelity, compile_plan

    request_ = "Fine-tune with the class attention head instead of the sum head, 1000 labels."
    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    scan = next(c.inputs for s in plan.steps for c in s.calls if c.tool == "finetune_scan")
    assert spec.head == scan.head == "class_attention" and check_fidelity(spec, plan) == []
    broken = plan.model_copy(deep=True)
    next(c for s in broken.steps for c in s.calls if c.tool == "finetune_scan").inputs.head = "sum"
    assert check_fidelity(spec, broken) == ["head class_attention reaches no finetune_scan call"]
    plain = parse_spec("top tagger at 500 labels")
    assert plain.head is None and grounding.problems("top tagger at 500 labels",
                                                     plain.model_copy(update={"head": "class_attention"})) == ["head class_attention"]


@pytest.mark.parametrize(("request_", "inputs", "objective", "said"), [
    ("Pretrain the GPT on the constituents' own features instead of token embeddings and generate 500 jets",
     "features", None, []),
    ("Pretrain with masked particle modelling and then generate 400 jets", None, "masked",
     ["objective masked -> joint: a GPT trained on masked particles alone cannot generate jets"]),
    ("Does joint pretraining generate 300 jets closer to the real ones than next-token pretraining?", None, "joint",
     ["next-token + masked-particle prediction against next-token prediction asked: one request pretrains one GPT, "
      "so this one is the first named; the other needs a request of its own"]),
])
def test_what_the_gpt_reads_and_its_objective_reach_the_pretraining(request_: str, inputs: str | None,
                                                                     objective: str | None, said: list) -> None:
    """'Pretrain on the constituents' own features' / 'with masked particle modelling' pretrained
    the preset's token GPT: what the GPT reads and its objective are the spec's, reach the
    pretrain call (and the token file keeps the features it reads), a masked GPT asked to generate
    is trained jointly, and a comparison of two backbones says it pretrains the first named."""
    from agents.llm import grounding
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec(request_)
    assert (spec.gpt_inputs, spec.objective) == (inputs, objective)
    plan = compile_plan(spec, "tiny")
    calls = {c.tool: c.inputs for s in plan.steps for c in s.calls}
    assert calls["pretrain"].input_mode == inputs and calls["tokenize"].features == (inputs == "features")
    assert calls["pretrain"].objective == ("joint" if objective == "masked" else objective)
    assert plan.changes == said and check_fidelity(spec, plan) == [] and grounding.problems(request_, spec) == []
    broken = plan.model_copy(deep=True)
    next(c for s in broken.steps for c in s.calls if c.tool == "pretrain").inputs.input_mode = "continuous"
    assert ("gpt inputs features reaches no pretrain call" in check_fidelity(spec, broken)) == (inputs == "features")
    plain = parse_spec("Pretrain a GPT and generate 300 jets")
    assert (plain.gpt_inputs, plain.objective) == (None, None)
    assert grounding.problems("Pretrain a GPT and generate 300 jets", plain.model_copy(update={"objective": "joint"})) \
        == ["objective joint"]


def test_the_loss_of_a_joint_gpt_is_its_next_token_part_against_a_uniform_guess(tmp_path: Path) -> None:
    """A joint GPT's validation loss is next-token + masked-particle: held against a uniform guess
    over the next token it read 'learned nothing' (7.2 > 6.2); its next-token part is what the
    guess bounds, and the sentence says what the GPT reads and how it was trained."""
    from agents.answers import answer_pretrain
    from agents.reviewer_checks import check_gpt_loss

    (tmp_path / "backbone").mkdir()
    (tmp_path / "backbone/metrics.json").write_text(json.dumps({"config": {
        "codebook_size": 512, "input_mode": "features", "objective": "joint"}, "n_params": {"total": 60000}}))
    hist = [{"epoch": 0, "val_loss": 8.0, "val_ntp_loss": 4.3}, {"epoch": 1, "val_loss": 7.2, "val_ntp_loss": 3.6}]
    out = {"best_val_loss": 7.2, "best_epoch": 1, "history": hist}
    spec = parse_spec("Pretrain a GPT jointly on both objectives")
    call = _call("pretrain", {"out": "backbone"}, out)
    text = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer_pretrain(_state(spec, [call]), tmp_path).sentences))
    (check,) = check_gpt_loss([call], tmp_path)  # the reviewer sent such a GPT back as no better than a guess
    assert check.passed and check.message.startswith("GPT next-token validation loss (one term of its joint loss) 3.600")
    assert ("The GPT (60000 parameters; reading the constituents' own features, trained on next-token + masked-particle "
            "prediction) reaches a next-token validation loss (one term of its joint loss) of 3.6 nats per token against "
            "6.24 for a uniform guess over 512 codes + stop: it has learned structure") in text, text


@pytest.mark.parametrize(("losses", "words"), [
    ([6.0, 5.5, 5.4], "still falling at the last of 3 epochs (5.5 -> 5.4): more epochs may help"),
    ([6.0, 5.4, 5.45], "had stopped falling (best at epoch 2 of 3)"),
    ([6.0, 3.6873, 3.6869], "had flattened by the last of 3 epochs (3.687 -> 3.687)"),  # the demo's 12th epoch: -0.01%
])
def test_the_pretraining_answer_says_whether_the_loss_still_falls(tmp_path: Path, losses: list, words: str) -> None:
    """'Pretrain for 20 epochs and show me whether the loss is still falling': the GPT's sentence
    gives its size and whether the validation loss was still falling at the last epoch."""
    from agents.answers import answer_pretrain

    (tmp_path / "backbone").mkdir()
    (tmp_path / "backbone/metrics.json").write_text(json.dumps({"config": {"codebook_size": 512},
                                                                "n_params": {"total": 50563}}))
    out = {"best_val_loss": min(losses), "best_epoch": losses.index(min(losses)),
           "history": [{"epoch": i, "val_loss": v} for i, v in enumerate(losses)]}
    spec = parse_spec("Pretrain for 3 epochs and show me whether the loss is still falling.")
    text = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer_pretrain(_state(spec, [_call("pretrain", {"out": "backbone"}, out)]),
                                                               tmp_path).sentences))
    assert "The GPT (50563 parameters) reaches a validation loss of" in text and words in text


def test_the_estimate_table_gives_the_error_with_the_shared_test_set(tmp_path: Path) -> None:
    """The appendix gave the seeds' standard error alone ('0.922 | 0.001' at 2 seeds on 1000 test
    jets), which the referee rightly called smaller than the test set allows (±0.0085): every seed
    is scored on the same jets, so the table gives seeds ⊕ test set, as the answer does."""
    from agents.answers import answer_finetune

    (tmp_path / "ft").mkdir()
    points = [{"strategy": s, "n_train": 1000, "seed": k, "accuracy": acc, "auc": auc}
              for s, accs, aucs in (("finetune", (0.921, 0.923), (0.950, 0.960)), ("scratch", (0.913, 0.913), (0.937, 0.939)))
              for k, (acc, auc) in enumerate(zip(accs, aucs, strict=True))]
    (tmp_path / "ft/metrics.json").write_text(json.dumps({"points": points, "n_test": 1000}))
    spec = parse_spec("Fine-tune a top tagger on 1000 labels and compare with scratch")
    table = answer_finetune(_state(spec, [_call("finetune_scan", {"out": "ft"}, {})]), tmp_path).tables[0]
    table = re.sub(r" \[↗\]\([^)]*\)", "", table)
    assert "| error (seeds ⊕ test set) |" in table.splitlines()[0]
    finetune = next(r for r in table.splitlines() if r.startswith("| finetune | 1000 | accuracy |"))
    err = float(finetune.split("|")[5])
    assert err > math.sqrt(0.922 * 0.078 / 1000) > 0.001  # not the seeds' 0.001
    assert "| scratch | 1000 | accuracy | 0.913 | 0.0089 |" in table  # seeds identical: the test set's alone


@pytest.mark.parametrize(("request_text", "metric", "values", "expected"), [
    ("Which codebook size, 256 or 1024, reconstructs the top jet mass with smaller bias?", "bias",
     [("bias, conditional, 256 codes, Tbqq", -0.0667, 0.0086), ("bias, conditional, 1024 codes, Tbqq", -0.038, 0.0079)],
     " Verdict: bias smaller in magnitude with 1024 codes, by more than twice the errors combined."),
    ("which tokenizer, binned or conditional, has the better mass resolution?", "resolution",
     [("resolution, binned", 0.091, 0.005), ("resolution, conditional", 0.086, 0.004)],
     " Verdict: resolution better with conditional, but the gap is within twice the errors combined: "
     "not a significant difference."),
    ("give me the accuracy at 100 and 1000 labels", "accuracy",
     [("accuracy, 100", 0.8, 0.01), ("accuracy, 1000", 0.9, 0.01)], ""),  # no comparison asked
    ("which one, 100 or 1000, has the higher accuracy?", "accuracy",
     [("accuracy, 100", 0.8, None), ("accuracy, 1000", 0.9, 0.01)], ""),  # no error on one side: no verdict
    ("which tokenizer has the smaller mass bias?", "bias",  # values per class, the classes never asked about
     [("bias, conditional, Tbqq", -0.05, 0.008), ("bias, conditional, QCD", -0.01, 0.008)], ""),
    ("which codebook size is best for the jet mass, 256 or 1024?", "bias",  # per class: one class's 1024 against the other's 256 was no side
     [("bias, conditional, 256 codes, QCD", -0.0267, 0.0096), ("bias, conditional, 256 codes, Tbqq", -0.083, 0.0079),
      ("bias, conditional, 1024 codes, QCD", -0.0057, 0.0074), ("bias, conditional, 1024 codes, Tbqq", -0.0391, 0.0063)],
     " Verdict: bias better with 1024 codes for QCD, but the gap is within twice the errors combined: not a significant "
     "difference; with 1024 codes for Tbqq, by more than twice the errors combined."),
    ("W or Z: which has the wider mass peak?", "peak_width",  # no better side, but a size word; classes as named
     [("FWHM of the jet mass peak, wqq jets", 14.1, 0.9), ("FWHM of the jet mass peak, zqq jets", 18.4, 1.4)],
     " Verdict: peak width wider with zqq jets, by more than twice the errors combined."),
])
def test_a_which_question_gets_a_verdict_in_words(request_text: str, metric: str, values: list, expected: str) -> None:
    """'Which of A and B has the smaller X?' is answered by name, with whether the gap exceeds the errors; the
    numbers themselves are cited in the sentence before."""
    from types import SimpleNamespace

    from agents.answers import _which_verdict
    from agents.measures.base import Measured

    q = SimpleNamespace(metric=metric, compare=[])
    assert _which_verdict(q, [Measured(label, v, e) for label, v, e in values], request_text) == expected


@pytest.mark.parametrize(("request_", "field", "values"), [
    ("Does joint pretraining give a better 100-label tagger than next-token pretraining?", "objective",
     ["joint", None]),
    ("Fine-tune two backbones, one pretrained on token embeddings and one on the constituents' own features, and "
     "compare their accuracy at 100 labels", "input_mode", [None, "features"]),
])
def test_two_backbones_compared_as_taggers_are_both_pretrained_and_fine_tuned(request_: str, field: str,
                                                                              values: list) -> None:
    """'Does joint pretraining give a better tagger than next-token?' pretrained only the first named (the
    question went unanswered): each backbone now gets its GPT on the same tokens and its scan over the same
    seeds and test jets, training from scratch in the first scan only (its folder names no backbone)."""
    from agents.planner import check_fidelity, compile_plan
    from agents.steps import BACKBONE_SUFFIX, backbone_path

    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    calls = [c.inputs for s in plan.steps for c in s.calls]
    pre = [c for c in calls if type(c).__name__ == "PretrainInput"]
    scans = [c for c in calls if type(c).__name__ == "FinetuneScanInput"]
    assert [getattr(c, field) for c in pre] == values and len({c.tokens for c in pre}) == 1
    assert [c.gpt for c in scans] == [f"{c.out}/best.pt" for c in pre] and len({c.seeds for c in scans}) == 1
    assert ["scratch" in c.strategies for c in scans] == ["scratch" in spec.strategies or not spec.strategies, False]
    assert check_fidelity(spec, plan) == [] and "one GPT each on the same tokens" in plan.changes[-1]
    # each scan's plots name its backbone beside the fine-tuned strategy ('finetune [objective joint]')
    assert [c.backbone_label for c in scans] == [c.out.split("/")[-1].replace("_", " ") for c in pre]
    # a revision's GPTs (backbone_r1/objective_joint, ...) are found again by their folder and backbone's name
    assert BACKBONE_SUFFIX.sub("", "backbone_r1/objective_joint") == "backbone_r1"
    assert backbone_path({"_backbone_dir": "backbone_r1"}, "/objective_joint") == "backbone_r1/objective_joint/best.pt"


@pytest.mark.parametrize(("request_", "pretrained", "tagger", "new"), [
    ("does pretraining on top and QCD help a W tagger?", ["top", "qcd"], ["wqq", "qcd"], "wqq"),
    ("pretrain a backbone on QCD jets only, then fine-tune a top tagger with 100 labels", ["qcd"], ["top", "qcd"], "top"),
    ("Pretrain a backbone on top and QCD jets, then fine-tune a top vs QCD tagger", ["top", "qcd"], ["top", "qcd"], None),
])
def test_the_classes_pretrained_on_and_the_taggers_are_kept_apart(request_: str, pretrained: list[str], tagger: list[str],
                                                                  new: str | None) -> None:
    """'Does pretraining on top and QCD help a W tagger?' pretrained on all three classes and trained a three-class
    tagger: the tokenizer and the GPT now learn from the classes named for pretraining, the tagger from its signal
    and background, and the plan says which of the tagger's jets the backbone never saw."""
    from agents.planner import asked_vs_run, check_fidelity, compile_plan

    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    calls = {c.tool: c.inputs for s in plan.steps for c in s.calls}
    files = [f"data/{c}_train.root" for c in pretrained]
    assert sorted(calls["train_tokenizer"].data) == sorted(files) and sorted(calls["tokenize"].data) == sorted(files)
    assert calls["finetune_scan"].train == [f"data/{c}_train.root" for c in tagger] and check_fidelity(spec, plan) == []
    assert any(f"the tagger's {new} jets are new to the tokenizer and the GPT" in c for c in plan.changes) == bool(new)
    assert any(r[0] == "pretrained on" for r in asked_vs_run(spec, plan)) == bool(new)


@pytest.mark.parametrize("request_, pair", [
    ("How different is the tau32 of top jets at 500 GeV and at 1000 GeV?", ("500 GeV", "1000 GeV")),
    ("compare the mass of QCD jets at 500 GeV vs 1 TeV", ("500 GeV", "1 TeV")),
    ("Does the tagger work as well for 500-600 GeV jets as for 900-1000 GeV jets?", ("500-600 GeV", "900-1000 GeV")),
    ("what is the tau21 of W jets with pT between 500 GeV and 1 TeV?", None),  # one window
    ("generate top jets from 500 GeV to 1 TeV", None),
    ("the W peak at 80 GeV and the top peak at 173 GeV", None),  # masses
    ("How many constituents does the hardest 10% of top jets have?", "hardest 10%"),  # answered over all jets
    ("what is the mass of the heaviest quarter of QCD jets?", "heaviest quarter"),
    ("train a quark/gluon tagger", "quark and gluon"),  # one class (QCD): a tagger of nothing
    ("do gluon jets have more constituents than quark jets?", "quark and gluon"),
    ("what is the mass of gluon jets?", None),  # QCD jets, and the plan says they are a mixture
])
def test_two_pt_windows_compared_are_not_answered_with_one(request_: str, pair: tuple | str | None) -> None:
    """The same jets in two pT windows set side by side: a plan makes one window, so the offline
    backend must not answer for the first window alone (it ran 450-550 GeV and said nothing of 1 TeV);
    nor is the hardest tenth of the jets answered with all of them."""
    spec = parse_spec(request_)
    if isinstance(pair, str):  # a selection by a quantile of the sample, quark vs gluon: no catalogue reading either
        assert any(f"over the {pair} of the jets" in b or b.startswith(pair) for b in spec.beyond_catalogue)
        return
    said = [b for b in spec.beyond_catalogue if "two pT windows" in b]
    assert bool(said) == (pair is not None)
    if pair:
        assert f"({pair[0]} against {pair[1]})" in said[0]


@pytest.mark.parametrize(("request_", "strategies"), [
    ("How does the accuracy change if I freeze the backbone?", ["finetune", "frozen-backbone"]),  # was a pretraining
    ("what do we lose with a frozen GPT at 300 labels?", ["finetune", "frozen-backbone"]),
    ("train a top tagger on a frozen backbone", ["frozen-backbone"]),  # one strategy named, no comparison
])
def test_freezing_the_backbone_is_a_tagger_against_fine_tuning(request_: str, strategies: list[str]) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == ["finetune"] and spec.strategies == strategies


@pytest.mark.parametrize(("tau21_w1", "pt_w1", "verdict"), [
    (0.2, 20.0, r"the tau21 \(20 .* times its floor\) is the farthest from the real jets of the 3 observables, ahead of the jet "
                r"pT \(4 .* times\)"),
    (0.04, 20.0, r"the jet pT \(4 .* times its floor\) is the farthest .* but the tau21 \(4 .* times\) is not told apart from it"),
    (0.26, 115.0, r"the tau21 \(26 .* times its floor\) is the farthest .* but the jet pT \(23 .* times\) is not told apart"),
])
def test_which_observable_differs_most_is_ranked_in_units_of_its_floor(tmp_path: Path, tau21_w1: float, pt_w1: float,
                                                                       verdict: str) -> None:
    """'Which observable is most different between generated and real jets?' was answered with five W1 distances
    in GeV, counts and plain numbers, none ranked: they are ranked by W1 over the floor between two halves of the
    real jets (the distance's own error); two ratios closer than that error allows, or than a factor 1.5 (26 against 23:
    the floors are estimates too), are not told apart."""
    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({
        "w1": {"mass": 17.0, "tau21": tau21_w1, "pt": pt_w1}, "w1_reference_halves": {"mass": 5.45, "tau21": 0.01, "pt": 5.0}}))
    calls = [_call("evaluate_generation", {"out": "gq"},
                   {"classifier_auc": 0.6, "n_jets": 300, "metrics_path": "gq/metrics.json"}, step=1)]
    spec = parse_spec("Which observable is most different between generated and real top jets?")
    text = " ".join(answer(_state(spec, calls), tmp_path).sentences)
    assert re.search("Verdict: in units of the statistical floor, " + verdict, text), text
    assert "w1 better with" not in text  # GeV against a plain ratio: no 'which is better' between observables


@pytest.mark.parametrize(("sharpen", "verdict"), [(1.0, "calibrated within the errors"),
                                                  (4.0, "miscalibrated beyond twice the error")])
def test_whether_a_tagger_is_calibrated(tmp_path: Path, sharpen: float, verdict: str) -> None:
    """'Is the fine-tuned tagger calibrated?' ran a scan and answered its accuracy. Its signal probability is held to
    the frequencies on the test jets (expected calibration error), against what a calibrated probability gives on
    as many jets: labels drawn from p are calibrated; the same p pushed towards 0 and 1 is overconfident."""
    spec = parse_spec("Is the fine-tuned top tagger calibrated?")
    assert [q.metric for q in spec.quantities] == ["calibration"] and spec.tasks == ["finetune"]
    out = tmp_path / "finetune"
    (out / "scores").mkdir(parents=True)
    points = []
    for seed in (0, 1):
        rng = np.random.default_rng(seed)
        p = rng.random(1000)
        labels = (rng.random(1000) < p).astype(np.int64)
        logit = sharpen * np.log(p / (1 - p))
        p1 = 1 / (1 + np.exp(-logit))
        np.savez(out / "scores" / f"finetune_n200_s{seed}.npz", labels=labels, probs=np.c_[1 - p1, p1])
        points.append({"strategy": "finetune", "n_train": 200, "seed": seed, "accuracy": 0.8, "auc": 0.8, "n_classes": 2})
    (out / "metrics.json").write_text(json.dumps({"points": points, "classes": [0, 8], "n_test": 1000}))
    calls = [_call("finetune_scan", {"out": "finetune"}, {"metrics_path": "finetune/metrics.json"})]
    (row,) = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))
    assert verdict in row.note and row.err is not None and row.err > 0
    assert (row.value < 0.05) == (sharpen == 1.0)


@pytest.mark.parametrize(("request_", "subject"), [
    ("How well does a GPT trained on pure QCD find top jets?", "qcd"),  # no 'likelihood' word: it was a pretraining
    ("Can the backbone trained on top jets tell W from top?", "top"),
    ("pretrain the GPT on QCD and fine-tune a top tagger", None),  # a tagger, not the GPT's likelihood
    # found as a user: 'anomalous' made it the dijet anomaly search, which asked nothing of two jet classes
    ("pretrain on QCD and see how anomalous top jets look by likelihood", "qcd"),
    ("run the anomaly search with the GPT likelihood on the LHCO dijets", None),  # the dijet search
    ("use the GPT likelihood to flag anomalous top jets among QCD in the mjj bump hunt", None),
])
def test_a_gpt_of_one_class_asked_to_find_another_is_its_likelihood(request_: str, subject: str | None) -> None:
    spec = parse_spec(request_)
    lik = [q for q in spec.quantities if q.metric.startswith("likelihood")]
    assert [(q.metric, q.subject) for q in lik] == ([("likelihood_auc", subject)] if subject else [])


def test_a_peak_asked_with_its_width_gives_both() -> None:
    """'what is the W mass peak position and its width?' gave the position alone."""
    spec = parse_spec("what is the W mass peak position and its width?")
    assert [(q.metric, q.observable) for q in spec.quantities] == [("peak", "mass"), ("peak_width", "mass")]
    assert [q.metric for q in parse_spec("where does the top jet mass peak?").quantities] == ["peak"]
    assert [q.metric for q in parse_spec("how wide is the W mass peak?").quantities] == ["peak_width"]


@pytest.mark.parametrize(("request_", "quantities"), [
    ("Compare the jet mass of generated and real top jets", [("w1", "mass")]),  # ran Pythia alone: no GPT, no comparison
    ("How close is the generated jet mass to the real one?", [("w1", "mass")]),
    ("How well does the model generate W jets?", []),  # the GPT's jets, judged by the generation step's whole set
    ("compare real and generated W jets", [("generation_auc", None)]),
])
def test_generated_against_real_is_the_gpts_generation(request_: str, quantities: list) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == ["pretrain"]
    assert [(q.metric, q.observable) for q in spec.quantities] == quantities
    # jets generated with Pythia and only looked at stay a Pythia run
    assert parse_spec("generate 500 W jets with pythia and show me the mass").tasks == ["generate"]
    assert parse_spec("compare pythia-generated W jets and Z jets").tasks == ["generate"]
    assert parse_spec("In 6000 generated Pythia top jets, what fraction has tau32 under 0.6?").tasks == ["generate"]


@pytest.mark.parametrize(("request_", "signal"), [
    ("Does pretraining on QCD help tag top jets with 200 labels?", "top"),  # the tagger tagged QCD against top
    ("Does pretraining on QCD help tag W jets with 200 labels?", "wqq"),
    ("pretrain on QCD, then identify the W jets among QCD with 100 labels", "wqq"),
    ("train a QCD vs top tagger", "qcd"),  # an order stated as 'A vs B' stays
])
def test_the_class_tagged_is_the_signal(request_: str, signal: str) -> None:
    spec = parse_spec(request_)
    assert spec.signal == signal and spec.background != signal and spec.background in spec.classes


@pytest.mark.parametrize(("request_", "metric"), [
    ("Check whether the codebook is fully used", "codebook_usage"),  # both asked nothing: token quality at large
    ("How many codes of the tokenizer are dead?", "dead_codes"),
    ("is the codebook evenly occupied?", "codebook_usage"),
    ("the codebook is used by the tokenizer to make tokens; show me the token quality", None),  # said, not asked
])
def test_whether_the_codebook_is_used_asks_its_usage(request_: str, metric: str | None) -> None:
    code_metrics = [q.metric for q in parse_spec(request_).quantities if q.metric in ("codebook_usage", "dead_codes")]
    assert code_metrics == ([metric] if metric else [])


@pytest.mark.parametrize(("request_", "sizes"), [
    ("How does the accuracy change with the number of labels?", [50, 200]),  # one size (the preset's 200) showed no change
    ("plot the AUC as a function of the number of labelled jets", [50, 200]),
    ("fine-tune a top tagger and tell me its accuracy", [200]),
    ("how does the accuracy change with the number of labels between 100 and 400?", [100, 400]),  # stated sizes stay
    ("How many labels do I need for an AUC of 0.9?", [50, 200]),  # read off a scan: one size cannot give it
])
def test_a_dependence_on_the_label_count_is_a_scan(request_: str, sizes: list[int]) -> None:
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    scan = next(c.inputs for s in plan.steps for c in s.calls if c.tool == "finetune_scan")
    assert list(scan.sizes) == sizes and check_fidelity(spec, plan) == []
    assert any("labelled jets scanned, none stated" in c for c in plan.changes) == (sizes == [50, 200])


@pytest.mark.parametrize(("request_", "unsupported", "width_of"), [
    ("Are top jets wider than QCD jets?", "jet width (girth)", None),  # asked nothing: the samples' plots alone
    ("what is the width of the jets?", "jet width (girth)", None),  # refused: no task read
    ("what is the width of the jet mass distribution of top jets?", None, "mass"),  # asked nothing either: a distribution's width
    ("how wide is the W mass peak?", None, None),  # the peak's FWHM
])
def test_the_jets_own_width_is_their_girth_not_a_distributions(request_: str, unsupported: str | None,
                                                               width_of: str | None) -> None:
    qs = parse_spec(request_).quantities
    assert [q.unsupported for q in qs if q.unsupported] == ([unsupported] if unsupported else [])
    assert [q.observable for q in qs if q.metric == "central_width"] == ([width_of] if width_of else [])


@pytest.mark.parametrize(("acc_small", "words"), [(0.70, "beyond twice its error"),
                                                  (0.79, "within twice its error: no significant change")])
def test_the_change_with_the_number_of_labels_is_said_with_its_error(tmp_path: Path, acc_small: float, words: str) -> None:
    """'How does the accuracy change with the number of labels?' listed each size's accuracy and said nothing of the
    change: per strategy, the largest size's accuracy minus the smallest's, with both errors in quadrature."""
    spec = parse_spec("How does the accuracy change with the number of labels?")
    points = [{"strategy": s, "n_train": n, "seed": seed, "accuracy": (acc_small if n == 50 else 0.80) + 0.002 * seed,
               "auc": 0.85, "n_classes": 2} for s in ("scratch", "finetune") for n in (50, 200) for seed in (0, 1)]
    (tmp_path / "finetune").mkdir()
    (tmp_path / "finetune/metrics.json").write_text(json.dumps({"points": points, "classes": [0, 8], "n_test": 2000}))
    calls = [_call("finetune_scan", {"out": "finetune"}, {"metrics_path": "finetune/metrics.json"})]
    text = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer(_state(spec, calls), tmp_path).sentences))
    change = f"{0.80 - acc_small:.2g}"
    assert re.search(rf"Verdict on the number of labels: accuracy, scratch: \+{change} ± \S+ from 50 to 200 labelled jets, "
                     rf"{re.escape(words)}; accuracy, finetune: ", text), text
    # one size said against another ('how much does the accuracy drop with 50 instead of 200 labels?'): the same change
    swapped = parse_spec("how much does the accuracy drop if I use 50 instead of 200 labels?")
    assert "Verdict on the number of labels: accuracy, scratch" in " ".join(answer(_state(swapped, calls), tmp_path).sentences)
    # a scan asked at one size, or not as a dependence on the label count, gets no such verdict
    other = parse_spec("what is the accuracy of the tagger?")
    assert "Verdict on the number of labels" not in " ".join(answer(_state(other, calls), tmp_path).sentences)


@pytest.mark.parametrize(("request_", "point"), [
    ("top tagger, 500 labels, 3 seeds, report AUC and rejection at 30% eff", ("rejection_at_efficiency", 0.3, None)),
    ("rejection at 30% sig. eff. for the top tagger", ("rejection_at_efficiency", 0.3, None)),
    # the background's efficiency is no signal efficiency: it was read as eps_S = 1%
    ("What is the signal efficiency at a background efficiency of 1% for the W tagger?", ("efficiency_at_rejection", None, 100.0)),
    ("W tagger: signal eff at 1% bkg eff?", ("efficiency_at_rejection", None, 100.0)),
    # found as a user: the mistag asked in words, at an efficiency said in words, asked nothing (the answer gave
    # the accuracy)
    ("with only 100 labelled jets, how often does the fine-tuned tagger mistake a QCD jet for a top jet when it "
     "keeps half of the tops?", ("rejection_at_efficiency", 0.5, None)),
    ("fine-tune a top tagger: what is the QCD fake rate when 30% of the tops are kept?", ("rejection_at_efficiency", 0.3, None)),
    ("fine-tune a tagger; how many background jets are misidentified when it tags two thirds of the W jets?",
     ("rejection_at_efficiency", 0.666667, None)),
    ("fine-tune with 100 labels: what is the mistag rate?", ("rejection_at_efficiency", 0.5, None)),  # the usual point
])
def test_an_operating_point_in_shorthand_or_of_the_background(request_: str, point: tuple) -> None:
    qs = [q for q in parse_spec(request_).quantities if q.metric in ("rejection_at_efficiency", "efficiency_at_rejection")]
    assert [(q.metric, q.efficiency, q.rejection) for q in qs] == [point]


@pytest.mark.parametrize(("request_", "fields"), [
    ("which codebook size is best for the jet mass, 256 or 1024?", {"codebooks": [256, 1024]}),  # ran the preset's 512 alone
    ("Does a binned tokenizer do better than the VQ-VAE on tau32?", {"tokenizers": ["conditional", "binned"]}),
    ("find the signal in data/bb1.h5", {"tasks": ["anomaly"], "data": ["data/bb1.h5"]}),  # refused: no task read
])
def test_which_tokenizer_is_better_at_an_observable_and_a_file_searched(request_: str, fields: dict) -> None:
    spec = parse_spec(request_)
    assert {k: spec.model_dump()[k] for k in fields} == fields
    if "tokenizer" in spec.tasks:  # better at an observable: its bias and resolution, which the verdict ranks
        obs = spec.observables[0]
        assert [(q.metric, q.observable) for q in spec.quantities] == [("bias", obs), ("resolution", obs)]
    else:  # a file has no injected signal and no control to measure an excess against
        assert not spec.quantities and not spec.signal_fractions
    assert parse_spec("train a tokenizer with 512 codes on 1024 jets").codebooks == [512]


def test_chances_means_of_generated_jets_and_two_taggers() -> None:
    """Each asked nothing (or answered one tagger of two): 'the chance' of a cut is its fraction; 'their mean mass' after
    'generate 500 jets' is the GPT's jets' mean; two taggers compared are beyond a one-tagger plan."""
    q = parse_spec("What's the chance a QCD jet has tau21 below 0.4?").quantities
    assert [(x.metric, x.observable, x.high) for x in q] == [("fraction", "tau21", 0.4)]
    q = parse_spec("Pretrain on top jets only and generate 500 jets, what's their mean mass?").quantities
    assert [(x.metric, x.observable) for x in q] == [("generated_mean", "mass")]
    spec = parse_spec("Does fine-tuning help more for W tagging or top tagging?")
    assert len(spec.beyond_catalogue) == 1 and "two taggers compared" in spec.beyond_catalogue[0]
    assert not parse_spec("fine-tune a top tagger vs training from scratch").beyond_catalogue


@pytest.mark.parametrize(("request_", "selected", "means"), [
    ("median mass of W jets with tau21 below 0.5", "tau21", []),  # answered over all W jets
    ("what's the mean mass of top jets with more than 60 constituents?", "constituent multiplicity", ["mass"]),
    ("What is the mean tau32 of top jets with pT above 800 GeV?", None, ["tau32"]),  # the pT window makes the jets; no mean pT
    ("what is the mean mass and pT of top jets?", None, ["mass", "pt"]),
])
def test_a_summary_of_jets_selected_by_a_cut_is_beyond_the_catalogue(request_: str, selected: str | None,
                                                                      means: list[str]) -> None:
    spec = parse_spec(request_)
    assert bool(spec.beyond_catalogue) == bool(selected)
    assert not selected or f"a cut on their {selected}" in spec.beyond_catalogue[0]
    assert [q.observable for q in spec.quantities if q.metric == "mean"] == means


def test_a_tagger_with_qcd_alone_named_tags_top_and_peaks_of_generated_jets() -> None:
    """'How often does the tagger get QCD jets wrong?' planned a 'qcd vs ?' tagger of one class and asked nothing; 'does
    the generated mass distribution have the top peak?' asked nothing (the peak word too far from 'generated')."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("how often does the tagger get QCD jets wrong?")
    plan = compile_plan(spec, "tiny")
    scan = next(c.inputs for s in plan.steps for c in s.calls if c.tool == "finetune_scan")
    assert scan.train == ["data/top_train.root", "data/qcd_train.root"] and plan.title.startswith("top vs qcd")
    assert any("signal not stated" in c for c in plan.changes) and check_fidelity(spec, plan) == []
    assert [q.metric for q in spec.quantities] == ["accuracy"]
    q = parse_spec("does the generated mass distribution have the top peak?").quantities
    assert [(x.metric, x.observable) for x in q] == [("generated_mean", "mass")]


@pytest.mark.parametrize(("request_", "observable", "sides"), [
    ("Is the top tagger better than a simple cut on tau32?", "tau32", ["top", "qcd"]),  # ran the cut alone, no tagger
    ("how does the fine-tuned tagger compare to using the jet mass alone?", "mass", ["top", "qcd"]),  # the tagger alone
    ("is tau21 a good W tagger on its own?", "tau21", ["wqq", "qcd"]),  # the cut as the tagger: nothing trained
])
def test_a_tagger_against_an_observable_alone_runs_both(request_: str, observable: str, sides: list[str]) -> None:
    spec = parse_spec(request_)
    trained = "tagger" in request_ and "on its own" not in request_
    assert ("finetune" in spec.tasks) == trained
    assert [(q.observable, q.compare) for q in spec.quantities if q.metric == "observable_auc"] == [(observable, sides)]
    assert any(q.metric == "auc" for q in spec.quantities) == trained


def test_the_best_observable_to_tell_two_classes_apart_ranks_them() -> None:
    """'What's the best observable to tell W from QCD?' was refused (no task read)."""
    spec = parse_spec("What's the best observable to tell W from QCD?")
    assert spec.tasks == ["generate"]
    assert [q.observable for q in spec.quantities if q.metric == "observable_auc"] == ["mass", "n", "tau21", "tau32"]


@pytest.mark.parametrize(("obs_auc", "words"), [(0.941, "is below the tau32 alone (0.941), by more than twice"),
                                                (0.87, "is below the tau32 alone (0.87), but within twice")])
def test_a_tagger_against_an_observable_gets_a_verdict(obs_auc: float, words: str) -> None:
    """The tiny run of 'is the top tagger better than a simple cut on tau32?' gave the tagger 0.866 ± 0.026 and tau32
    alone 0.941 ± 0.007 side by side, without saying which is higher beyond the errors."""
    from agents.answers import Derived, _tagger_against_observable

    rows = [{"quantity": {"metric": "auc", "observable": None}, "status": "answered", "values": [
        {"value": 0.858, "err": 0.027, "strategy": "scratch", "size": 200},
        {"value": 0.866, "err": 0.026, "strategy": "finetune", "size": 200}]},
        {"quantity": {"metric": "observable_auc", "observable": "tau32"}, "status": "answered",
         "values": [{"value": obs_auc, "err": 0.0071}]}]
    (text,) = _tagger_against_observable(rows, Derived("quantities", {}))
    text = re.sub(r" \[↗\]\([^)]*\)", "", text)
    assert text.startswith("Verdict: the tagger (finetune, 200 labelled jets: AUC 0.866) ") and words in text, text
    assert not _tagger_against_observable(rows[1:], Derived("quantities", {}))


def test_a_tagger_applied_to_another_class_and_the_class_fine_tuned_on() -> None:
    """'How does the tagger do on W jets if it was trained on top jets?' trained a W-vs-top tagger; 'pretrain on QCD jets
    and fine-tune on top jets' tagged QCD against top; 'does the GPT generate the right number of constituents?' asked
    nothing."""
    for request_ in ("how does the tagger do on W jets if it was trained on top jets?",
                     "if I fine-tune on top jets, does it work for W jets?"):
        (said,) = parse_spec(request_).beyond_catalogue
        assert said.startswith("a tagger trained on top jets applied to W jets")
    spec = parse_spec("pretrain on QCD jets and fine-tune on top jets")
    assert (spec.signal, spec.background, spec.pretrain_classes, spec.beyond_catalogue) == ("top", "qcd", ["qcd"], [])
    q = parse_spec("Does the GPT generate the right number of constituents for top jets?").quantities
    assert [(x.metric, x.observable) for x in q] == [("generated_mean", "n")]


def test_typos_of_tagger_labels_and_accuracy_are_read() -> None:
    """'pls train a top taggr w/ 300 lables and gimme the auc' was refused: no task read."""
    spec = parse_spec("pls train a top taggr w/ 300 lables and gimme the auc")
    assert (spec.tasks, spec.signal, spec.labels, [q.metric for q in spec.quantities]) == (["finetune"], "top", [300], ["auc"])
    assert [q.metric for q in parse_spec("what's the acuracy of the top tager with 100 labels?").quantities] == ["accuracy"]


@pytest.mark.parametrize(("request_", "said"), [
    ("How much does the GPT's validation loss improve with 4x more pretraining jets?", "training on 4x more jets"),
    ("how many jets per second does generation take?", "a speed (jets or tokens per second)"),  # ran a pretraining
    ("generate 1000 jets quickly", None),
    ("train the tokenizer with twice as many jets", None),  # a setting, nothing compared
])
def test_two_sample_sizes_or_a_speed_are_beyond_a_plan(request_: str, said: str | None) -> None:
    beyond = parse_spec(request_).beyond_catalogue
    assert [b[:len(said)] for b in beyond] == ([said] if said else [])


@pytest.mark.parametrize(("request_", "carried"), [
    ("fine-tune 1000 labelled top jets with lr=3e-4", {"finetune_scan": 3e-4}),
    ("pretrain with learning rate 5e-4 and then fine-tune at 200 labels", {"pretrain": 5e-4}),
    ("pretrain the gpt, then fine-tune with a learning rate of 0.0003", {"finetune_scan": 3e-4}),
    ("train the tokenizer at lr 0.003 for 20 epochs", {"train_tokenizer": 3e-3}),
])
def test_a_stated_learning_rate_reaches_the_training_it_names(request_: str, carried: dict[str, float]) -> None:
    """'fine-tune with lr 3e-4' ran with the recipe's 1e-4, said nowhere: the spec had no field for it. The
    value now reaches the training the clause names (the request's last task when none), the scratch
    tagger's too (one comparison), and the fidelity check fails a plan that drops it."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec(request_)
    plan = compile_plan(spec, "tiny")
    calls = [c for s in plan.steps for c in s.calls]
    for tool, lr in carried.items():
        assert [c.inputs.lr for c in calls if c.tool == tool] == [lr]
        if tool == "finetune_scan":
            assert [c.inputs.scratch_lr for c in calls if c.tool == tool] == [lr]
    assert check_fidelity(spec, plan) == []
    dropped = spec.model_copy(update={"learning_rate": 0.0123})
    assert check_fidelity(dropped, plan) == ["learning rate 0.0123 reaches no training call"]


@pytest.mark.parametrize(("request_", "said"), [
    ("does a larger learning rate help fine-tuning?", "training at two learning rates compared"),
    ("compare fine-tuning with lr 1e-4 and 1e-3", "training at two learning rates compared"),
    ("fine-tune with a lower learning rate", "a learning rate the request names but gives no value"),
    ("run the anomaly search with learning rate 1e-4", "a learning rate: the anomaly scan"),
    ("compare fine-tuning and training from scratch for Higgs vs QCD", "Higgs jets (H->bb): no Higgs sample"),
    ("fine-tune a top tagger with learning rate 1e-3", None),
    ("what learning rate does fine-tuning use?", "which learning rate a training uses: a setting"),
])
def test_learning_rates_compared_and_higgs_jets_are_beyond_a_plan(request_: str, said: str | None) -> None:
    beyond = parse_spec(request_).beyond_catalogue
    assert [b[:len(said)] for b in beyond] == ([said] if said else [])


def test_the_generator_is_the_gpt_and_no_signal_is_the_control_alone() -> None:
    """'how well does the generator reproduce the number of constituents?' named no task (nothing
    ran), and 'an anomaly search with no signal injected' injected 10%: the preset's fraction."""
    spec = parse_spec("how well does the generator reproduce the number of constituents?")
    assert (spec.tasks, spec.observables) == (["pretrain"], ["n"])
    assert parse_spec("which event generator made these jets?").tasks == []
    for req in ("run an anomaly search on QCD with no signal injected", "does cwola find anything on background only?"):
        assert parse_spec(req).signal_fractions == [0.0]
    assert parse_spec("how big is the excess in the signal region with 1% injected?").signal_fractions == [0.01]
    assert parse_spec("what is the signal efficiency of cwola at 1% injected?").signal_fractions == [0.01]


@pytest.mark.parametrize(("aucs", "far"), [((0.84, 0.86), True), ((0.52, 0.49), False)])
def test_the_control_asked_alone_is_held_against_half(tmp_path: Path, aucs: tuple, far: bool) -> None:
    """'Does CWoLa find anything on background only?' ran the control alone and answered 'excess over
    the no-signal control: 0 ± 0.08' (the control against itself) with a caveat that 0 injected events
    make the result fluctuate: the control alone is held against 0.5, what a method that learns only
    the signal gives, and an AUC far from it is said to come from no signal."""
    spec = parse_spec("does cwola find anything on background only?")
    calls = []
    for seed, auc in enumerate(aucs):
        out = tmp_path / f"anomaly/seed{seed}"
        out.mkdir(parents=True)
        block = {"auc": auc, "max_sic": 1.5, "n_signal": 18, "n_background": 133, "n_injected": 0}
        (out / "metrics.json").write_text(json.dumps({"headline": {"auc": auc}, "signal_fraction": 0.0, "sic_rule": "r",
                                                      "cwola": {"0.0": block}}))
        calls.append(_call("anomaly_scan", {"out": f"anomaly/seed{seed}"}, {}))
    state = _state(spec, calls)
    row = measure(Quantity(metric="anomaly_excess"), Ctx(state, tmp_path, spec))[0]
    assert row.value == pytest.approx(sum(aucs) / 2 - 0.5) and row.label.endswith("minus 0.5")
    ans = answer(state, tmp_path)
    plain = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(ans.sentences))
    assert ("sigma from 0.5: with nothing injected the method already ranks signal events first" in plain) == far
    assert ("consistent with 0.5" in plain) != far and "excess over the no-signal control" not in plain
    assert not any("signal events were injected at the main fraction" in c for c in ans.caveats)


@pytest.mark.parametrize(("request_", "fields"), [
    ("how does the mass resolution of the tokenizer change when I use 1024 instead of 512 codes?", {"codebooks": [512, 1024]}),
    ("fine-tune with 1000 rather than 100 labels", {"labels": [100, 1000]}),
    ("train a top tagger on 5000 jets with 300 labels", {"labels": [300], "n_jets": 5000}),  # one end only: a sample
    ("compare binned and VQ tokenizers on W jets", {"tokenizers": ["conditional", "binned"]}),
    ("can the pretrained model tell top from W jets with only 100 examples?",
     {"tasks": ["finetune"], "signal": "top", "background": "wqq", "labels": [100]}),
])
def test_the_first_end_of_a_setting_and_a_tagger_asked_to_tell_classes(request_: str, fields: dict) -> None:
    """'1024 instead of 512 codes' ran 512 alone (the first number had no word of its own), 'binned and VQ
    tokenizers' the binned one alone, and 'tell top from W jets with 100 examples' a pretraining with no tagger."""
    spec = parse_spec(request_)
    assert {k: getattr(spec, k) for k in fields} == fields


def test_a_tagger_trained_on_one_class_and_tested_on_another_is_beyond_a_plan() -> None:
    beyond = parse_spec("train on top, test on W: does the tagger still work?").beyond_catalogue
    assert [b[:45] for b in beyond] == ["a tagger trained on top jets applied to W jet"]
    assert parse_spec("train on top and QCD jets, test on held-out jets").beyond_catalogue == []


@pytest.mark.parametrize(("request_", "fields"), [
    ("what happens to the tagger accuracy if I double the number of labelled jets from 500?", {"labels": [500, 1000]}),
    ("fine-tune on 300 labels, then halve the labels", {"labels": [150, 300]}),
    ("I'd like the ROC AUC for Z vs QCD, pretrained vs not",
     {"tasks": ["finetune"], "signal": "zqq", "strategies": ["finetune", "scratch"]}),
    ("tag W jets with 300 labels", {"tasks": ["finetune"], "signal": "wqq", "labels": [300]}),
    ("what's the AUC on W vs Z jets?", {"tasks": ["finetune"], "signal": "wqq", "background": "zqq"}),
    ("what's the AUC of top vs QCD using only the jet mass?", {"tasks": ["generate"]}),  # an observable's AUC, no tagger
])
def test_a_multiple_of_a_label_count_and_a_tagger_asked_by_its_auc(request_: str, fields: dict) -> None:
    """'double the labelled jets from 500' ran 500 alone; 'the ROC AUC for Z vs QCD, pretrained vs not' a
    pretraining with no tagger; 'tag W jets' no task at all."""
    spec = parse_spec(request_)
    assert {k: getattr(spec, k) for k in fields} == fields


def test_which_class_is_harder_to_tag_is_two_taggers() -> None:
    beyond = parse_spec("Which is harder to tag against QCD: W or Z?").beyond_catalogue
    assert len(beyond) == 1 and beyond[0].startswith("two taggers compared (W against Z tagging)")
    assert LABEL_SCAN.search("if i double the number of labelled jets")


@pytest.mark.parametrize(("request_", "fields"), [
    ("does fine-tuning beat scratch at every label count from 100 to 1000?", {"labels": [100, 1000]}),
    ("scan the label budget from 100 to 1000", {"tasks": ["finetune"], "labels": [100, 1000]}),
    ("how many tokens per jet on average?", {"observables": ["n"]}),
    ("Do top jets have more constituents than QCD jets on average, and by how many?", {"observables": ["n"]}),
])
def test_a_label_count_range_and_tokens_per_jet(request_: str, fields: dict) -> None:
    """'at every label count from 100 to 1000' ran the preset's 200 alone, and 'how many tokens per jet on
    average?' answered the mean jet mass (every constituent is one token: the multiplicity), and so did 'do top jets have
    more constituents than QCD jets?'."""
    spec = parse_spec(request_)
    assert {k: getattr(spec, k) for k in fields} == fields
    assert all(q.observable == "n" for q in spec.quantities)


@pytest.mark.parametrize("draw", ["normal", "exponential"])
def test_the_standard_deviation_and_its_error_known_case(tmp_path: Path, draw: str) -> None:
    """'What's the standard deviation of the top jet mass?' was answered with nothing asked: the std
    is a catalogue metric, its error from the fourth moment (no Gaussian assumed: an exponential's, with
    its fourth moment 9 sigma^4 against 3, is twice a normal's), and it agrees with the spread over repeated samples."""
    spec = parse_spec("what's the standard deviation of the top jet mass?")
    assert [(q.metric, q.observable) for q in spec.quantities] == [("std", "mass")]
    (tmp_path / "info").mkdir()
    rng = np.random.default_rng(7)
    stds, errs = [], []
    for i in range(40):
        x = rng.normal(170, 20, 3000) if draw == "normal" else 150 + rng.exponential(20, 3000)
        np.savez(tmp_path / f"info/s{i}.npz", mass=x)
        calls = [_call("dataset_info", {}, {"files": [{"classes": {"Tbqq": 3000}, "observables_file": f"info/s{i}.npz"}]})]
        row = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))[0]
        stds.append(row.value)
        errs.append(row.err)
    assert row.unit == "GeV" and row.label.startswith("jet mass standard deviation")
    assert abs(np.mean(stds) - 20) < 3 * np.std(stds) / np.sqrt(40)
    assert 0.7 < np.mean(errs) / np.std(stds, ddof=1) < 1.4
    gauss = 20 / np.sqrt(2 * 3000)
    assert np.mean(errs) / gauss == pytest.approx(1.0 if draw == "normal" else 2.0, rel=0.15)


def test_the_jets_the_gpt_makes_are_its_generated_jets() -> None:
    spec = parse_spec("what's the mean jet pT of the jets the GPT makes?")
    assert [(q.metric, q.observable) for q in spec.quantities] == [("generated_mean", "pt")]
    std = parse_spec("what's the std of the generated jets' tau32?").quantities
    assert [(q.metric, q.subject, q.observable) for q in std] == [("std", "generated", "tau32")]


def test_two_presets_compared_and_a_generated_spectrum_too_soft() -> None:
    """'How much better is the paper preset than small for top tagging?' planned the paper preset's full
    scan (hours here) as if asked to run it; 'is the pT of generated jets too soft?' asked nothing."""
    beyond = parse_spec("How much better is the paper preset than small for top tagging?").beyond_catalogue
    assert beyond == ["two presets compared (paper against small; one run each); a plan runs one preset"]
    assert parse_spec("fine-tune with the small preset").beyond_catalogue == []
    qs = parse_spec("is the jet pT spectrum of generated QCD jets too soft?").quantities
    assert [(q.metric, q.observable) for q in qs] == [("generated_mean", "pt")]


def test_a_tokenizer_on_jets_it_has_never_seen_is_trained_without_them() -> None:
    """'does the tokenizer work on W jets it has never seen?' trained the tokenizer on W jets: it is trained
    on the usual top and QCD jets and measured on held-out jets of all three, said in the plan."""
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("does the tokenizer work on W jets it has never seen?")
    plan = compile_plan(spec, "tiny")
    calls = {c.tool: c.inputs for s in plan.steps for c in s.calls}
    assert list(calls["train_tokenizer"].data) == ["data/top_train.root", "data/qcd_train.root"]
    assert "data/wqq_test.root" in calls["token_quality"].data and check_fidelity(spec, plan) == []
    assert plan.changes == ["the tokenizer trained on top, qcd jets only: its quality on wqq jets is that on jets it has never seen"]
    assert parse_spec("how well does the tokenizer reconstruct W jets?").pretrain_classes == []


@pytest.mark.parametrize("request_, metric, beyond", [
    ("Is the GPT overfitting? compare train and validation loss", "overfitting", ""),
    ("Pretrain the backbone on QCD jets for 20 epochs and tell me whether it overfits", "overfitting", ""),
    ("show me the training vs validation loss of the generative model", "overfitting", ""),
    ("does the tokenizer overfit with 512 codes?", None, "the tokenizer's overfitting"),
    ("is the fine-tuned tagger overfitting at 100 labels?", None, "a fine-tuned tagger's overfitting"),
])
def test_overfitting_is_the_gpts_loss_curves(request_: str, metric: str | None, beyond: str) -> None:
    spec = parse_spec(request_)
    assert [q.metric for q in spec.quantities if q.metric == "overfitting"] == ([metric] if metric else [])
    assert ("pretrain" in spec.tasks) == bool(metric)
    assert any(b.startswith(beyond) for b in spec.beyond_catalogue) if beyond else not spec.beyond_catalogue


@pytest.mark.parametrize("val, verdict, rise", [
    ([4.0, 3.5, 3.3, 3.2], "no sign of overfitting", 0.0),  # still falling at the last epoch
    ([4.0, 3.5, 3.3, 3.299], "no sign of overfitting", 0.0),  # lowest at the last epoch, flattened
    ([4.0, 3.5, 3.6, 3.9], "overfitting", 0.4),             # rises 11% after epoch 2 while training falls
    ([4.0, 3.5, 3.6, 3.7], "slight overfitting, within the reviewer's 10%", 0.2),  # 6%: below the reviewer's 10%
])
def test_overfitting_reads_the_pretraining_history(tmp_path: Path, val: list[float], verdict: str, rise: float) -> None:
    train = [4.2, 3.4, 3.1, 2.9]
    best = min(range(4), key=val.__getitem__)
    hist = [{"epoch": e, "train_loss": t, "val_loss": v} for e, (t, v) in enumerate(zip(train, val, strict=True))]
    hist.append({"epoch": 9, "train_loss": "nan", "val_loss": None})  # a planted row is skipped
    spec = parse_spec("Is the GPT overfitting?")
    call = _call("pretrain", {"out": "backbone"}, {"best_path": "backbone/best.pt", "best_epoch": best, "history": hist})
    after, gap = measure(spec.quantities[0], Ctx(_state(spec, [call]), tmp_path, spec))  # the verdict first
    assert gap.value == pytest.approx(val[best] - train[best]) and gap.err is None and gap.unit == "nats per token"
    assert f"(epoch {best + 1} of 4)" in gap.label
    assert after.value == pytest.approx(rise) and after.extra["verdict"] == verdict and after.note.startswith(verdict)
    if rise == 0:
        assert ("still falling" in after.note) == (val[-2] - val[-1] > 0.01)
    with pytest.raises(Unavailable, match="no GPT was pretrained"):
        measure(spec.quantities[0], Ctx(_state(spec, []), tmp_path, spec))


@pytest.mark.parametrize("request_, labels, seeds", [
    ("the accuracy at 100 labels, with its error over 3 seeds", [100], 3),  # 'over 3 seeds' is no other end of the labels
    ("500 labels rather than the usual 100, 3 seeds", [100, 500], 3),
    ("500 labels rather than the usual 100", [100, 500], None),
    ("Train everything with 3 seeds and tell me the error bar on the 100-label accuracy", [100], 3),
])
def test_seeds_named_after_a_label_count_are_seeds(request_: str, labels: list[int], seeds: int | None) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == ["finetune"] and spec.labels == labels and spec.seeds == seeds
    assert [q.metric for q in spec.quantities] in (["accuracy"], [])


@pytest.mark.parametrize("request_, quantities", [
    ("How well does the model reproduce the constituent pT spectrum of generated QCD jets?", [("w1", "part_pt")]),
    ("compare the constituent pT of generated and real QCD jets", [("w1", "part_pt")]),
    ("does the generator reproduce the tau21 distribution of real top jets?", [("w1", "tau21")]),
    ("pretrain a GPT on top jets; does it capture the jets at all?", [("generation_auc", None)]),
    ("Pretrain on QCD and check how well the tokenizer reproduces the mass", [("resolution", "mass"), ("bias", "mass")]),
])
def test_how_well_the_gpt_reproduces_an_observable_is_its_distance(request_: str, quantities: list) -> None:
    assert [(q.metric, q.observable) for q in parse_spec(request_).quantities] == quantities


def test_telling_two_classes_apart_by_the_gpts_likelihood_is_no_tagger() -> None:
    spec = parse_spec("Can the GPT tell top jets from QCD jets by their likelihood?")
    assert spec.tasks == ["pretrain"] and [q.metric for q in spec.quantities] == ["likelihood_auc"]
    assert parse_spec("can a tagger tell top jets from QCD jets?").tasks == ["finetune"]


def test_an_overfitting_question_shows_the_loss_curves_first(tmp_path: Path) -> None:
    from agents.answers import answer_pretrain

    (tmp_path / "gq").mkdir()
    (tmp_path / "gq/metrics.json").write_text(json.dumps({"means": {}, "w1": {}}))
    pre = _call("pretrain", {"out": "backbone"}, {"best_val_loss": 5.3, "best_epoch": 1, "plot": "backbone/loss.png",
                                                  "history": [{"epoch": 0, "train_loss": 6.0, "val_loss": 5.5},
                                                              {"epoch": 1, "train_loss": 5.4, "val_loss": 5.3}]})
    ev = _call("evaluate_generation", {"out": "gq"}, {"classifier_auc": 0.6, "n_jets": 300, "metrics_path": "gq/metrics.json",
                                                     "plots": ["gq/observables.png", "gq/scores.png"]}, step=1)
    asked = answer_pretrain(_state(parse_spec("Is the GPT overfitting?"), [pre, ev]), tmp_path)
    assert asked.figures == ["backbone/loss.png", "gq/observables.png"]
    other = answer_pretrain(_state(parse_spec("pretrain a GPT on top jets"), [pre, ev]), tmp_path)
    assert other.figures == ["gq/observables.png", "gq/scores.png"]


@pytest.mark.parametrize("request_, field, value", [
    ("What is the significance improvement at 50% signal efficiency for CWoLa?", "metrics", ["anomaly_sic_at_efficiency"]),
    ("does fine-tuning help at 100 labels?", "strategies", ["finetune", "scratch"]),
    ("is fine-tuning worth it for W tagging?", "strategies", ["finetune", "scratch"]),
    ("fine-tune the GPT on 500 labels and report the accuracy", "strategies", ["finetune"]),
    ("What's the tau21 of the reconstructed W jets compared to the originals?", "tasks", ["tokenizer"]),
    ("reconstructed vs original pT for QCD jets", "tasks", ["tokenizer"]),
])
def test_requests_in_other_words(request_: str, field: str, value: list[str]) -> None:
    spec = parse_spec(request_)
    got = [q.metric for q in spec.quantities] if field == "metrics" else getattr(spec, field)
    assert got == value


@pytest.mark.parametrize("request_, heads", [
    ("Which is better at 100 labels, the class-attention head or the average pooling head?", True),
    ("is the class attention head better than the sum head at 1000 labels?", True),
    ("fine-tune with the class-attention head instead of the sum head", False),  # one head asked, the other replaced
])
def test_two_heads_compared_are_beyond_one_plan(request_: str, heads: bool) -> None:
    spec = parse_spec(request_)
    assert any(b.startswith("two tagger heads compared") for b in spec.beyond_catalogue) == heads
    assert spec.head == "class_attention"


@pytest.mark.parametrize("request_, codebooks, changed", [
    ("Does the jet mass resolution get better with 2048 codes?", [512, 2048], True),
    ("does generation get worse with 4096 codes?", [512, 4096], True),
    ("train a tokenizer with 2048 codes and give me the mass resolution", [2048], False),
    ("with 2048 codes, does fine-tuning help at 100 labels?", [2048], False),
])
def test_one_codebook_said_as_a_change_is_set_against_the_presets(request_: str, codebooks: list[int], changed: bool) -> None:
    from agents.planner import compile_plan

    plan = compile_plan(parse_spec(request_), "tiny")
    assert plan.params["codebooks"] == codebooks
    assert any(c.startswith("one codebook size stated as a change") for c in plan.changes) == changed


@pytest.mark.parametrize("request_, tasks, quantities", [
    ("hey can u check if the toknizer messes up the jet mass for W jets", ["tokenizer"], []),
    ("how many constituents do generated top jets have compared to real ones", ["pretrain"], [("generated_mean", "n")]),
    ("how heavy are the generated top jets against the real ones?", ["pretrain"], [("generated_mean", "mass")]),
])
def test_casual_requests_about_tokens_and_generated_jets(request_: str, tasks: list[str], quantities: list) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == tasks and [(q.metric, q.observable) for q in spec.quantities] == quantities


def test_two_classes_generation_compared_is_beyond_one_gpt() -> None:
    spec = parse_spec("is the GPT better at generating QCD or top jets?")
    assert [b.split(" (")[0] for b in spec.beyond_catalogue] == ["the generation of two classes compared"]
    assert not parse_spec("pretrain on top and qcd and generate 500 jets").beyond_catalogue


@pytest.mark.parametrize("request_, rejection", [
    ("I need the top tagging efficiency at a QCD mistag rate of 1%", 100.0),  # the background class named before 'mistag'
    ("signal efficiency at 1% QCD mistag", 100.0),
    ("the W efficiency at a light-jet fake rate of 2%", 50.0),
])
def test_a_mistag_rate_of_a_named_background_is_the_operating_point(request_: str, rejection: float) -> None:
    (q,) = parse_spec(request_).quantities
    assert (q.metric, q.rejection) == ("efficiency_at_rejection", rejection)


def test_a_dependence_on_the_codebook_size_scans_two_sizes() -> None:
    from agents.planner import compile_plan

    plan = compile_plan(parse_spec("How does the mass resolution of the tokenizer depend on the codebook size?"), "tiny")
    assert plan.params["codebooks"] == [512, 2048] and any("codebook sizes compared" in c for c in plan.changes)
    assert compile_plan(parse_spec("use a codebook size of 1024 and give the mass bias"), "tiny").params["codebooks"] == [1024]


@pytest.mark.parametrize("request_, trained_on", [
    ("Train the tokenizer on QCD only and measure the top jet mass bias", ["qcd"]),
    ("a tokenizer trained on top jets, how biased is the W mass?", ["top"]),
    ("train the tokenizer on top and qcd jets and give the mass bias", []),  # every class named: no unseen one
])
def test_a_tokenizer_trained_on_some_classes_is_tested_on_the_others(request_: str, trained_on: list[str]) -> None:
    spec = parse_spec(request_)
    assert spec.tasks == ["tokenizer"] and spec.pretrain_classes == trained_on


def test_how_much_better_the_fine_tuned_model_is_sets_it_against_scratch() -> None:
    spec = parse_spec("How much better is the fine-tuned model at 100 labels in terms of rejection at 50% efficiency?")
    assert spec.strategies == ["finetune", "scratch"] and [q.metric for q in spec.quantities] == ["rejection_at_efficiency"]


def test_standard_deviations_in_the_plural_are_asked():
    """'how much wider is the tau32 of QCD jets than of top jets? I want the two standard deviations with errors' asked
    nothing (only the singular was read): the answer gave medians and central widths instead (found as a user,
    session 31)."""
    spec = parse_spec("how much wider is the tau32 distribution of QCD jets than of top jets? "
                      "I want the two standard deviations with errors")
    assert [(q.metric, q.observable, q.unsupported) for q in spec.quantities] == [("std", "tau32", None)]
    assert [(q.metric, q.observable) for q in parse_spec("give me the stds of the top jet mass").quantities] == [("std", "mass")]


@pytest.mark.parametrize(("request_", "observables"), [
    # found as a user: 'the n-subjettiness' was tau21 alone and 'does the tokenizer keep ...' asked nothing; the
    # N-subjettiness is both ratios (tau32 is what tells a top jet), the substructure those and the mass
    ("does the tokenizer keep the n-subjettiness of top jets?", ["tau21", "tau32"]),
    ("how well does the tokenizer reproduce the substructure of top jets?", ["mass", "tau21", "tau32"]),
    ("do the tokens preserve the jet mass?", ["mass"]),
    ("does quantization wash out tau32?", ["tau32"]),
])
def test_what_a_tokenizer_keeps_asks_its_bias_and_resolution(request_: str, observables: list[str]) -> None:
    qs = parse_spec(request_).quantities
    assert sorted((q.metric, q.observable) for q in qs) == sorted((m, o) for m in ("bias", "resolution") for o in observables)


def test_a_ratio_named_beside_the_n_subjettiness_is_that_ratio_alone() -> None:
    assert parse_spec("does nsubjettiness tau21 tell W from QCD?").observables == ["tau21"]
    assert parse_spec("what is the resolution of the n-subjettiness ratio after tokenization?").observables == ["tau21"]
    assert parse_spec("compare the N-subjettiness of top and QCD jets").observables == ["tau21", "tau32"]


@pytest.mark.parametrize(("request_", "opens"), [
    ("does the GPT trained on QCD give top jets a lower likelihood than QCD jets?", "Yes: top jets are less likely"),
    ("are top jets more probable than QCD jets under a GPT trained on QCD?", "No: top jets are less likely"),
    ("do QCD jets get a higher NLL than top jets from the QCD-trained GPT?", "No: top jets are less likely"),
])
def test_a_likelihood_question_between_two_classes_is_answered_in_its_own_sense(tmp_path: Path, request_: str,
                                                                               opens: str) -> None:
    """'Does the GPT trained on QCD give top jets a lower likelihood than QCD jets?' was answered 'likelihood nll lower
    with ... QCD test jets', which reads as the opposite of the truth: a lower likelihood is a higher NLL. The answer
    opens with Yes or No in the question's sense, the gap with its error, and the gap per token, which says whether it
    outlives the top jets' larger number of constituents (a summed NLL grows with it)."""
    from agents.answers import answer_quantities

    spec = parse_spec(request_)
    assert [(q.metric, q.compare) for q in spec.quantities] in ([("likelihood_nll", ["top", "qcd"])],
                                                                [("likelihood_nll", ["qcd", "top"])])
    per_class = {"QCD": (395.2, 11.5, 5.861, 0.0127), "Tbqq": (505.1, 8.5, 6.078, 0.0097)}  # a tiny run's numbers
    doc = {"classes": ["QCD", "Tbqq"], "per_class": {c: {"n_jets": 200, "nll_mean": m, "nll_stderr": e, "nll_per_token_mean": t,
                                                         "nll_per_token_stderr": te} for c, (m, e, t, te) in per_class.items()}}
    (tmp_path / "likelihood").mkdir()
    (tmp_path / "likelihood/metrics.json").write_text(json.dumps(doc))
    calls = [_call("jet_likelihood", {"out": "likelihood"}, {"metrics_path": "likelihood/metrics.json"})]
    a = answer_quantities(_state(spec, calls), tmp_path)
    verdict = re.sub(r" \[↗\]\([^)]*\)", "", a.verdicts[0])
    assert verdict.startswith(opens) and "under the GPT trained on QCD jets: their mean NLL is higher by 110" in verdict
    assert "± 14 " in verdict and "per token they are the less likely too (by 0.217" in verdict
    assert not any("likelihood nll lower" in s for s in a.sentences)
    # per token the other way: the summed gap is the number of constituents
    doc["per_class"]["Tbqq"]["nll_per_token_mean"] = 5.70
    (tmp_path / "likelihood/metrics.json").write_text(json.dumps(doc))
    verdict = re.sub(r" \[↗\]\([^)]*\)", "", answer_quantities(_state(spec, calls), tmp_path).verdicts[0])
    assert "but per token they are the more likely (by 0.161" in verdict and "larger number of constituents" in verdict
    # no sense asked: which is the less likely, without a yes or no
    plain = parse_spec("compare the per-jet NLL of top and QCD jets under a GPT trained on QCD")
    verdict = answer_quantities(_state(plain, calls), tmp_path).verdicts[0]
    assert verdict.startswith("top jets are less likely than QCD jets")


@pytest.mark.parametrize("request_", ["which is easier to tag against QCD with the fine-tuned model: W or top?",
                                      "is W tagging harder than top tagging against QCD?"])
def test_two_signal_classes_each_against_qcd_from_one_multiclass_tagger(tmp_path: Path, request_: str) -> None:
    """'Which is easier to tag against QCD: W or top?' ran a 3-class tagger titled 'qcd vs wqq tagging' and answered
    its one accuracy, which says nothing of W against top. Each signal class named gets its AUC against QCD from the
    tagger's scores p_S / (p_S + p_QCD) on that class's and QCD's test jets (Hanley-McNeil of those jets, seeds in
    quadrature), and the answer says which is the better separated."""
    from agents.answers import answer_quantities
    from agents.planner import compile_plan

    spec = parse_spec(request_)
    assert (spec.signal, spec.background) == (None, None)
    assert [(q.metric, q.compare) for q in spec.quantities] == [("auc", ["wqq", "top"])]
    assert compile_plan(spec, "tiny").title.startswith("qcd vs wqq vs top tagging (one 3-class tagger)") or \
        compile_plan(spec, "tiny").title.startswith("wqq vs top vs qcd tagging (one 3-class tagger)")
    out = tmp_path / "finetune"
    (out / "scores").mkdir(parents=True)
    labels = np.repeat([0, 1, 2], 300)  # QCD, Wqq, Tbqq in the scan's class order
    points = []
    for seed in (0, 1):
        r = np.random.default_rng(seed)
        logits = r.normal(size=(900, 3))
        logits[labels == 1, 1] += 2.5  # W: well separated from QCD
        logits[labels == 2, 2] += 0.8  # top: barely
        probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        np.savez(out / "scores" / f"finetune_n200_s{seed}.npz", labels=labels, probs=probs)
        points.append({"strategy": "finetune", "n_train": 200, "seed": seed, "accuracy": 0.6, "auc": 0.8, "n_classes": 3})
    (out / "metrics.json").write_text(json.dumps({"points": points, "classes": [0, 7, 8], "n_test": 900}))
    calls = [_call("finetune_scan", {"out": "finetune"}, {"metrics_path": "finetune/metrics.json"})]
    rows = measure(spec.quantities[0], Ctx(_state(spec, calls), tmp_path, spec))
    assert [r.label.split(" (")[0] for r in rows] == ["test AUC of W against QCD", "test AUC of top against QCD"]
    w, top = rows
    with np.load(out / "scores/finetune_n200_s0.npz") as z:
        keep = np.isin(z["labels"], [0, 1])
        direct = M.roc((z["labels"][keep] == 1).astype(int), z["probs"][keep, 1] / z["probs"][keep][:, [0, 1]].sum(1))["auc"]
    assert w.value > 0.9 > 0.75 > top.value > 0.6 and w.err and top.err
    assert abs(direct - w.value) < 0.05  # the mean over two seeds, near seed 0's own
    said = re.sub(r" \[↗\]\([^)]*\)", "", " ".join(answer_quantities(_state(spec, calls), tmp_path).sentences))
    assert "Verdict: W jets are the easier to tag against QCD than top jets: the AUC gap is beyond twice" in said, said
    assert "test AUC (one class against the rest, averaged over the 3 classes)" in " ".join(
        r.label for r in measure(Quantity(metric="auc"), Ctx(_state(spec, calls), tmp_path, spec)))


@pytest.mark.parametrize(("request_", "pair", "observable", "eff"), [
    ("what tau32 cut keeps 60% of top jets, and how much QCD survives it?", ["top", "qcd"], "tau32", 0.6),
    ("show me the tau21 distribution of W and QCD jets and tell me where to cut", ["wqq", "qcd"], "tau21", None),
    ("what is the best tau21 cut to select W jets?", ["wqq", "qcd"], "tau21", None),
])
def test_where_to_cut_on_one_observable(tmp_path: Path, request_: str, pair: list[str], observable: str,
                                        eff: float | None) -> None:
    """'What tau32 cut keeps 60% of top jets, and how much QCD survives it?' read nothing and answered the jets'
    mean mass. Where to cut is a one-sided cut on the side the signal sits (low N-subjettiness ratios for pronged
    jets): at the efficiency asked the signal's quantile, else the cut that maximises eps_S/sqrt(eps_B); with
    eps_S and eps_B at it, binomial errors, and the background jets that pass."""
    from agents.measures.base import CLASS_NAMES, WORDS

    spec = parse_spec(request_)
    assert spec.tasks == ["generate"] and sorted(spec.classes) == sorted(pair)
    (q,) = [q for q in spec.quantities if q.metric == "cut_value"]
    assert (q.observable, q.compare, q.efficiency) == (observable, pair, eff)
    rng = np.random.default_rng(5)
    sig, bkg = rng.normal(0.4, 0.1, 600), rng.normal(0.7, 0.12, 600)
    np.savez(tmp_path / "s.npz", **{observable: sig})
    np.savez(tmp_path / "b.npz", **{observable: bkg})
    files = [{"classes": {CLASS_NAMES[c]: 600}, "observables_file": f} for c, f in zip(pair, ("s.npz", "b.npz"), strict=True)]
    cut, eps_s, eps_b = measure(q, Ctx(_state(spec, [_call("dataset_info", {}, {"files": files})]), tmp_path, spec))
    assert f"keep {WORDS[observable][0]} < cut" in cut.label and cut.err and 0 < cut.err < 0.03
    if eff:
        assert cut.value == pytest.approx(np.quantile(sig, eff), abs=1e-9) and eps_s.value == pytest.approx(eff, abs=0.01)
    else:
        assert "maximises eps_S/sqrt(eps_B)" in cut.note and 0.4 < cut.value < 0.55
    assert eps_b.value == pytest.approx(np.mean(bkg <= cut.value)) and "of 600 jets pass" in eps_b.note
    assert eps_b.err == pytest.approx(math.sqrt(eps_b.value * (1 - eps_b.value) / 600))
    # a cut stated is a fraction past it, not a cut to find
    assert [q.metric for q in parse_spec("how many top jets survive a tau32 cut at 0.5?").quantities] == ["fraction"]


def test_a_one_sided_cut_sits_on_the_signal_side_and_its_error_matches_its_spread() -> None:
    """The cut keeps the side where the signal sits (high values of a heavy jet's mass); at a fixed efficiency its
    quoted error is the spread of the cut over repeated samples; a bad efficiency is refused by name."""
    from omnijet.errors import DataError

    rng = np.random.default_rng(8)
    cuts, errs = [], []
    for _ in range(200):
        r = M.one_sided_cut(rng.normal(170, 20, 500), rng.normal(90, 40, 500), 0.5)
        assert not r["signal_low"] and r["eps_s"] == pytest.approx(0.5, abs=0.01)
        cuts.append(r["cut"])
        errs.append(r["cut_err"])
    assert np.std(cuts) == pytest.approx(np.mean(errs), rel=0.25)
    best = M.one_sided_cut(rng.normal(170, 20, 500), rng.normal(90, 40, 500))
    assert best["n_bkg_pass"] >= best["min_bkg"] and best["cut"] > 120 and best["cut_err"] > 0
    with pytest.raises(DataError, match="signal efficiency is in"):
        M.one_sided_cut(rng.normal(size=100), rng.normal(size=100), 1.5)


def test_a_generated_distribution_too_narrow_or_wide_is_its_spread_beside_the_real_one(tmp_path: Path) -> None:
    """'Is the generated multiplicity distribution of QCD jets too narrow?' gave the generated jets' central width
    alone (110 constituents), no real one beside it, so no answer. The standard deviations of the generated and the
    real jets (their Gaussian errors), and their ratio, which says wider, narrower or the same within its error."""
    spec = parse_spec("is the generated multiplicity distribution of QCD jets too narrow?")
    (q,) = [q for q in spec.quantities if q.metric == "generated_std"]
    assert spec.tasks == ["pretrain"] and q.observable == "n"
    (tmp_path / "gq").mkdir()
    stds = {"n": {"generated": 44.4, "reconstructed": 26.0}}  # a tiny run's spreads
    (tmp_path / "gq/metrics.json").write_text(json.dumps({"stds": stds, "means": {"n": {"generated": 70.9, "reconstructed": 68.3}}}))
    calls = [_call("evaluate_generation", {"out": "gq"}, {"n_jets": 300, "metrics_path": "gq/metrics.json"}, step=1)]
    gen, real, ratio = measure(q, Ctx(_state(spec, calls), tmp_path, spec))
    assert (gen.value, real.value) == (44.4, 26.0) and math.isclose(gen.err, 44.4 / math.sqrt(598))
    assert math.isclose(ratio.value, 44.4 / 26.0) and "the generated distribution is wider" in ratio.note
    stds["n"]["generated"] = 27.0
    (tmp_path / "gq/metrics.json").write_text(json.dumps({"stds": stds}))
    assert "no difference in width" in measure(q, Ctx(_state(spec, calls), tmp_path, spec))[2].note
    assert [q.metric for q in parse_spec("is the tau21 distribution of W jets narrower than that of QCD jets?").quantities] == ["std"]


def test_a_fraction_that_no_jet_passes_gives_its_upper_limit(tmp_path: Path) -> None:
    """'How often does the generated jet have zero constituents?' answered '0 ± 0.0033': none of 300 passing is
    said with its 95% upper limit, 3/n (the rule of three), beside the count."""
    spec = parse_spec("how often does the generated jet have zero constituents?")
    (q,) = spec.quantities
    np.savez(tmp_path / "g.npz", n=np.random.default_rng(1).integers(20, 120, 300))
    calls = [_call("dataset_info", {"out": "info", "paths": ["generated/jets.root"]},
                   {"files": [{"classes": {"generated": 300}, "observables_file": "g.npz"}]})]
    (row,) = measure(q, Ctx(_state(spec, calls), tmp_path, spec))
    assert row.value == 0 and "0 of 300 jets pass; none of 300: the 95% upper limit is 0.01 (rule of three)" in row.note
