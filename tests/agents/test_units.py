"""Small pieces: prompts, request parsing, settings, reviewer checks, report review, approval."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from agents.configuration import Settings, load_settings
from agents.llm.base import NeedsLLM
from agents.llm.offline import OfflineBackend
from agents.llm.offline_parse import parse_spec
from agents.prompts import render
from agents.review import review_report
from agents.reviewer_checks import run_checks
from agents.session import Session
from agents.state import Remedy, ToolCallRecord
from agents.steps import RECIPES
from omnijet.errors import ConfigError
from tests.agents.scripted import ScriptedBackend
from tests.agents.toolkit import FunctionToolBox
from tools.base import ToolError

PROMPT_VARS = {
    "orchestrator": {"preset": "tiny", "tools": "- a: b", "limits": "2 revisions"},
    "coder": {"request": "r", "plan": "1. x", "step_number": 1, "n_steps": 1, "goal": "g", "acceptance": "a",
              "budget": "1 s", "earlier": "-", "revision": "", "guide": ""},
    "reviewer": {"goal": "g", "acceptance": "a", "outputs": "{}", "checks": "-"},
    "reporter": {"request": "r", "facts": "x = 1"},
    "remark": {"goal": "g", "outputs": "{}", "checks": "-"},
}


@pytest.mark.parametrize("role", sorted(PROMPT_VARS))
def test_prompts_render_strictly(role: str) -> None:
    text = render(role, **PROMPT_VARS[role])
    assert "$" not in text.replace("$$", "")
    missing = dict(PROMPT_VARS[role])
    missing.pop(next(iter(missing)))
    with pytest.raises(ConfigError, match=r"no value for variable \$"):
        render(role, **missing)


def test_missing_prompt_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="prompt file missing"):
        render("nope", prompt_dir=tmp_path)


@pytest.mark.parametrize("request_,family", [
    ("Pretrain on top and QCD jets, then fine-tune a top tagger vs from scratch", "finetune"),
    ("generate 5000 QCD jets", "generate"),
    ("train a VQ-VAE tokenizer with 512 codes and study the token quality", "tokenizer"),
    ("pretrain the backbone and measure the generation quality", "pretrain"),
    ("anomaly detection on LHC Olympics-like events with 1% signal", "anomaly"),
    ("review runs/x/report/report.md", "review"),
    ("what is the weather in Hamburg", None),
])
def test_request_families(request_: str, family: str | None) -> None:
    assert parse_spec(request_).primary() == family


def test_numbers_are_read_from_the_request() -> None:
    p = parse_spec("fine-tune W vs QCD with 100, 1,000 and 10k labelled jets, 3 seeds, small preset").stated()
    assert p == {"tasks": ["finetune"], "preset": "small", "labels": [100, 1000, 10000], "seeds": 3,
                 "classes": ["wqq", "qcd"], "signal": "wqq", "background": "qcd", "strategies": ["finetune"]}
    assert parse_spec("anomaly search with a signal fraction of 0.005").signal_fractions == [0.005]
    assert parse_spec("train a tokenizer with a codebook of 1024 for 7 epochs").stated() == {
        "tasks": ["tokenizer"], "codebooks": [1024], "epochs": 7}


def _schemas(names: set[str]) -> list[dict]:
    return [{"type": "function", "function": {"name": n}} for n in names]


def test_offline_plan_carries_the_numbers_into_the_tool_calls(tmp_path: Path) -> None:
    tools = _schemas({t for r in RECIPES.values() for t in r.tools})
    plan = OfflineBackend(Settings()).plan("fine-tune a top vs QCD tagger with 1000 labels, 3 seeds", tools)
    assert plan.family == "finetune" and len(plan.steps) == 4 and plan.steps[-1].expensive
    (call,) = RECIPES["finetune"].calls(plan.params, Remedy(), tmp_path)
    args = call.inputs
    assert call.tool == "finetune_scan" and args.sizes == [1000] and args.seeds == 3
    assert plan.steps[-1].calls == [call]  # the plan carries its first calls, typed
    (doubled,) = (c.inputs for c in RECIPES["finetune"].calls(plan.params, Remedy(epochs=2), tmp_path))
    assert doubled.epochs == 2 * args.epochs and doubled.sizes == args.sizes
    (more,) = (c.inputs for c in RECIPES["finetune"].calls(plan.params, Remedy(seeds=2), tmp_path))
    assert more.seeds == 5 and more.sizes == args.sizes and more.out != args.out  # more seeds: more seeds


def test_offline_refuses_what_it_cannot_serve() -> None:
    with pytest.raises(NeedsLLM, match="LLM endpoint"):
        OfflineBackend(Settings()).plan("write a poem about gluons", _schemas({"generate_data"}))
    with pytest.raises(NeedsLLM, match="not registered"):
        OfflineBackend(Settings()).plan("generate 100 top jets", _schemas({"run_python"}))
    # how many constituents a jet keeps is no count of jets, and no catalogue plan cuts them: refused, not run as a default
    with pytest.raises(NeedsLLM, match="no offline plan carries keeping only the 30 or 64 leading constituents per jet"):
        OfflineBackend(Settings()).plan("how much does the top tagger's AUC drop if I only keep the 30 hardest constituents "
                                        "per jet instead of 64?", _schemas({"finetune_scan"}))
    # a cut on the multiplicity is a quantity's window, not a number of constituents kept
    assert parse_spec("what fraction of top jets have more than 60 constituents?").beyond_catalogue == []
    # a bump hunt's local and global significance is the search of a file of events: without one, refused
    with pytest.raises(NeedsLLM, match="local and global significance"):
        OfflineBackend(Settings()).plan("Run a bump hunt with CWoLa on a dijet sample with 0.5% signal injected and "
                                        "give me the local and global significance.", _schemas({"anomaly_scan"}))
    assert parse_spec("Search data/box.h5 for a bump and give me the local and global significance").beyond_catalogue == []
    # a quantity in bins of an observable, two training lengths: not answered by one sample-wide number
    for asked, words in (("How does the tokenizer's jet mass resolution depend on jet pT?", "as a function of the jet pt"),
                         ("Train the tokenizer for 20 epochs instead of 10: does the tau32 bias improve?",
                          "training for 20 against 10 epochs")):
        assert [b for b in parse_spec(asked).beyond_catalogue if words in b], parse_spec(asked).beyond_catalogue
    assert parse_spec("how does the top tagger's AUC depend on the number of labels, 100 to 1000?").beyond_catalogue == []


def test_settings_from_flags_and_environment() -> None:
    assert load_settings(env={}).backend == "offline"
    s = load_settings(env={"OMNIJET_LLM_BASE_URL": "http://h:1/v1", "OMNIJET_LLM_MODEL": "m"})
    assert (s.backend, s.base_url, s.model) == ("openai", "http://h:1/v1", "m")
    assert load_settings(model="flag", env={"OMNIJET_LLM_MODEL": "env"}).model == "flag"
    assert load_settings(env={"OPENAI_API_KEY": "sk-x"}).backend == "openai"
    with pytest.raises(ConfigError, match="needs an endpoint"):
        load_settings(backend="openai", env={})
    with pytest.raises(ConfigError, match="--preset"):
        load_settings(preset="huge", env={})


def test_limit_flags_override_only_the_limits_given(tmp_path: Path) -> None:
    from agents.commands import _settings

    base = _settings("offline", None, None, None, "tiny", tmp_path).limits
    s = _settings("offline", None, None, None, "tiny", tmp_path, max_revisions=base.max_revisions + 2)
    assert s.limits == replace(base, max_revisions=base.max_revisions + 2)
    s = _settings("offline", None, None, None, "tiny", tmp_path, max_revisions=0, max_tool_calls=7)
    assert (s.limits.max_revisions, s.limits.max_tool_calls) == (0, 7)


def _call(output: dict, tool: str = "t", ok: bool = True, error: ToolError | None = None) -> ToolCallRecord:
    return ToolCallRecord(id=f"s1a0-{tool}", step=0, attempt=0, tool=tool, args={}, ok=ok, output=output, error=error)


@pytest.mark.parametrize("output,name", [
    ({"history": [{"train_loss": 3.0, "val_loss": 2.0}, {"train_loss": 2.0, "val_loss": 1.5}]}, "train_longer"),
    ({"train_loss": [3, 2, 1, 0.5], "val_loss": [2.0, 1.0, 1.3, 1.5]}, "overfitting"),
    ({"table": [{"strategy": "scratch", "accuracy_mean": 0.51}]}, "accuracy_above_chance"),
    ({"auc": 0.31}, "auc_above_half"),
    ({"max_sic_n_bkg": 3}, "sic_background"),
    ({"n_mean_generated": 12.0, "n_mean_reference": 40.0}, "multiplicity"),
    ({"accuracy_std": 0.12}, "seed_spread"),
    ({"plot": "plots/missing.png"}, "plots_exist"),
])
def test_each_reviewer_check_fires(tmp_path: Path, output: dict, name: str) -> None:
    failed = {c.name for c in run_checks([_call(output)], tmp_path, []) if not c.passed}
    assert failed == {name}


def test_reviewer_checks_pass_on_good_outputs(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(b"png")
    good = {"history": [{"val_loss": 2.0}, {"val_loss": 1.5}, {"val_loss": 1.5}], "auc": 0.9, "accuracy": 0.85,
            "max_sic_n_bkg": 50, "n_mean_generated": 38.0, "n_mean_reference": 40.0, "accuracy_std": 0.01,
            "plot": "p.png", "classifier_test": {"auc": 0.48}}
    checks = run_checks([_call(good)], tmp_path, ["plots exist"])
    assert checks and all(c.passed for c in checks), [c.message for c in checks if not c.passed]
    # a tool that failed and was not retried successfully is a failed check
    bad = run_checks([_call({}, tool="train", ok=False, error=ToolError(kind="config", message="bad epochs"))], tmp_path, [])
    assert [c.name for c in bad if not c.passed] == ["tool_failed"]


def test_review_of_a_report_made_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "res").mkdir()
    (tmp_path / "res" / "m.json").write_text(json.dumps({"tagger": {"auc": 0.91234, "acc": 0.8}, "runs": [1, 2]}))
    (tmp_path / "fig.png").write_bytes(b"png")
    report = tmp_path / "r.md"
    report.write_text("# Result\n\n## Summary\n\nThe tagger reaches an AUC of 0.912 [src](res/m.json#/tagger/auc) "
                      "and an accuracy of 80% [src](res/m.json#/tagger/acc); 0.912 again.\n\n![f](fig.png)\n")
    res = review_report(report)  # numbers and figures are checked, but nothing vouches for the files
    assert res.checked == 2 and res.figures == 1
    assert len(res.failures) == 1 and res.failures[0].startswith("not recorded by a session"), res.failures
    report.write_text(report.read_text() + "\n## Summary\n")
    report.write_text(report.read_text().replace("0.912 again", "0.95 better than before")
                      .replace("![f](fig.png)", "![f](gone.png)").replace("#/tagger/acc", "#/tagger/precision"))
    failures = " | ".join(review_report(report).failures)
    assert "0.95 is not backed" in failures and "figure missing: gone.png" in failures
    assert "field 'precision' not in the artifact" in failures


def test_expensive_steps_wait_for_approval(tmp_path: Path) -> None:
    class Expensive(ScriptedBackend):
        def plan(self, request, tools):
            plan = super().plan(request, tools)
            plan.steps[1].expensive = True
            return plan

    settings = Settings(home=tmp_path)
    settings = settings.with_(limits=replace(settings.limits, approve=True))
    ses = Session(settings, "a", toolbox=FunctionToolBox(tmp_path / "a" / "workspace"), backend=Expensive(epochs=32))
    st = ses.start("fit")
    assert ses.status() == "awaiting_approval" and ses.pending_approval()["approve"] == 1
    assert len(st.calls) == 2  # step 1 ran, step 2 waits
    st = ses.resume(approve=True)
    assert st.status == "done" and len(st.calls) == 4 and st.approved == [1]

    ses2 = Session(settings, "b", toolbox=FunctionToolBox(tmp_path / "b" / "workspace"), backend=Expensive(epochs=32))
    ses2.start("fit")
    st2 = ses2.resume(approve=False)
    assert st2.status == "stopped" and "not approved" in st2.stop_reason and len(st2.calls) == 2


def test_conversation_repair_for_the_api() -> None:
    from agents.llm.openai_backend import repair_messages

    asked = {"role": "assistant", "content": None, "tool_calls": [
        {"id": "a", "type": "function", "function": {"name": "view_plot", "arguments": "{}"}},
        {"id": "b", "type": "function", "function": {"name": "fit_line", "arguments": "{}"}},
        {"id": "c", "type": "function", "function": {"name": "fit_line", "arguments": "{}"}}]}
    image = {"role": "user", "content": [{"type": "text", "text": "The plot p.png:"}]}
    msgs = [{"role": "system", "content": "s"}, asked, {"role": "tool", "tool_call_id": "a", "content": "{}"}, image,
            {"role": "tool", "tool_call_id": "b", "content": "{}"}]  # c was never answered (killed)
    fixed = repair_messages(msgs)
    assert [m["role"] for m in fixed] == ["system", "assistant", "tool", "tool", "tool", "user"]
    assert [m.get("tool_call_id") for m in fixed[2:5]] == ["a", "b", "c"] and "not run" in fixed[4]["content"]


@pytest.mark.parametrize("family,request_", [
    ("generate", "generate 500 W jets"),
    ("tokenizer", "train a tokenizer with 128 codes and measure the token quality"),
    ("pretrain", "pretrain the backbone on top jets and measure the generation quality"),
    ("finetune", "fine-tune top vs QCD with 100 and 1000 labels, 2 seeds, frozen backbone too"),
    ("anomaly", "anomaly detection on LHC Olympics-like data with 5% signal"),
])
@pytest.mark.parametrize("preset", ["tiny", "small", "paper"])
def test_offline_recipes_match_the_real_tool_inputs(tmp_path: Path, family: str, request_: str, preset: str) -> None:
    from tools.registry import get_tool, openai_schemas

    backend = OfflineBackend(Settings(preset=preset))
    plan = backend.plan(request_, openai_schemas())
    assert plan.family == family
    for step in plan.steps:
        for remedy in (Remedy(), Remedy(epochs=2, events=2, jets=2, seeds=1)):
            for call in RECIPES[step.recipe].calls(plan.params, remedy, tmp_path):
                assert call.tool in step.tools
                get_tool(call.tool).input.model_validate(call.args())  # the args as sent, read back by the tool


def test_the_answer_compares_the_observables_the_spec_names() -> None:
    from agents.answers import answer_generate
    from agents.planner import compile_plan
    from agents.state import AgentState

    spec = parse_spec("generate 500 top jets and plot their transverse momentum and constituent multiplicity")
    assert spec.observables == ["pt", "n"]  # in the request's order, as typed values
    obs = {"pt": {"mean": 612.5, "q50": 590.0}, "n": {"mean": 61.2, "q50": 60.0}, "mass": {"mean": 171.0, "q50": 172.0}}
    info = _call({"files": [{"jets_read": 500, "classes": {"top": 500}, "observables": obs}]}, tool="dataset_info")
    state = AgentState(request="(wording no longer read)", spec=spec, plan=compile_plan(spec, "tiny"), calls=[info])
    text = answer_generate(state, Path(".")).sentences[0]
    assert "mean jet pT 612 [" in text and "mean constituent multiplicity 61.2 [" in text and "jet mass" not in text
    state.plan.params["observables"] = []  # none named: the jet mass
    assert "mean jet mass 171" in answer_generate(state, Path(".")).sentences[0]


def test_calls_saved_by_older_sessions_still_load() -> None:
    old = {"id": "s1a0-c0", "step": 0, "attempt": 0, "tool": "pretrain", "args": {}, "ok": False,
           "error": "config: --epochs must be >= 1", "ref": "pretrain-0001", "gpu_s": 3.0, "wall_s": 3.0,
           "artifacts": ["runs/gpt/best.pt"]}
    rec = ToolCallRecord.model_validate(old)
    assert rec.call_id == "pretrain-0001" and rec.gpu_s == 3.0 and rec.error is not None
    assert rec.error.message == "config: --epochs must be >= 1" and rec.artifacts == []  # those stay in the manifest


def test_a_typed_plan_round_trips_as_plain_json_rebuilt_by_tool_name() -> None:
    import json

    from pydantic import ValidationError

    from agents.planner import compile_plan
    from agents.state import Plan, PlannedCall
    from tools.data import GenerateDataInput

    plan = compile_plan(parse_spec("generate 500 W jets"), "tiny")
    text = json.dumps(plan.model_dump(mode="json"))  # plain JSON: no class names in it
    assert "GenerateDataInput" not in text and '"inputs": {"process": "wqq", "n": 500' in text
    again = Plan.model_validate(json.loads(text))
    assert again == plan and isinstance(again.steps[0].calls[0].inputs, GenerateDataInput)
    with pytest.raises(ValidationError, match="unknown tool"):
        PlannedCall.model_validate({"tool": "rm_rf", "inputs": {}})
    with pytest.raises(ValidationError, match="extra"):  # the tool named decides the fields
        PlannedCall.model_validate({"tool": "generate_data", "inputs": {"process": "top", "n": 5, "evil": 1}})


def test_fidelity_compares_the_tool_fields() -> None:
    from agents.planner import check_fidelity, compile_plan

    spec = parse_spec("generate 500 W jets")
    plan = compile_plan(spec, "tiny")
    assert check_fidelity(spec, plan) == []
    call = plan.steps[0].calls[0]
    call.inputs = call.inputs.model_copy(update={"n": 499})  # a planner bug: the number changed
    assert check_fidelity(spec, plan) == ["500 jets per class reach no generate_data call"]
    call.inputs = call.inputs.model_copy(update={"n": 500, "process": "lhco_qcd"})  # events, not jets
    assert "500 jets per class reach no generate_data call" in check_fidelity(spec, plan)
