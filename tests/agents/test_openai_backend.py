"""The `openai` backend against a scripted OpenAI-compatible server on localhost (real HTTP)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from agents.configuration import Settings
from agents.review import review_report
from agents.session import Session
from tests.agents.fake_openai import FakeOpenAI, completion
from tests.agents.toolkit import FunctionToolBox

PLAN = {"title": "Fit a straight line", "steps": [{
    "goal": "fit the line until the validation loss is flat", "tools": ["fit_line"],
    "budget": {"wall_s": 60, "gpu_s": 0}, "acceptance": ["validation loss flat", "loss plot exists"],
    "expensive": False}]}


def _settings(tmp_path: Path, url: str, **kw: Any) -> Settings:
    return Settings(backend="openai", base_url=url, api_key="sk-test", model="fake-model", home=tmp_path,
                    cost_per_mtok_in=1.0, cost_per_mtok_out=2.0, tool_mode="native", **kw)


def _schema_name(body: dict[str, Any]) -> str | None:
    rf = body.get("response_format")
    return rf["json_schema"]["name"] if rf else None


def session_script(body: dict[str, Any], n: int, seen: dict[str, int]) -> tuple[int, dict[str, str], Any]:
    name = _schema_name(body)
    if name == "AnalysisSpec":  # no known task in the request: the model plans it itself
        from agents.spec import AnalysisSpec

        return 200, {}, completion(AnalysisSpec().model_dump_json(exclude={"question"}))
    if name == "PlanOut":
        seen["plan"] = seen.get("plan", 0) + 1
        if seen["plan"] == 1:  # rate limited once; the SDK retries after Retry-After
            return 429, {"retry-after-ms": "20"}, {"error": {"message": "slow down", "type": "rate_limit_error"}}
        return 200, {}, completion(json.dumps(PLAN))
    if name == "ReviewOut":
        return 200, {}, completion(json.dumps({"verdict": "accept", "requests": [], "critique": "flat loss, good fit"}))
    if body.get("tools"):
        answered = [m for m in body["messages"] if m["role"] == "tool"]
        if not answered:  # an unknown tool and malformed arguments: both must come back as tool errors
            return 200, {}, completion(tool_calls=[{"id": "call_1", "name": "frobnicate", "arguments": "{}"},
                                                   {"id": "call_2", "name": "fit_line", "arguments": '{"epochs": 3'}])
        if len(answered) == 2:
            return 200, {}, completion(tool_calls=[{"id": "call_3", "name": "fit_line",
                                                    "arguments": json.dumps({"epochs": 32, "out": "fit"})}])
        return 200, {}, completion("Fitted the line; metrics in fit/metrics.json, plot in fit/loss.png.")
    facts = body["messages"][0]["content"]
    loss = re.search(r"final\.val_loss = (\S+) ", facts)
    assert loss, facts
    return 200, {}, completion(f"The fit converged: the validation loss is {loss.group(1)}.")


def test_scripted_server_drives_a_full_session(tmp_path: Path) -> None:
    seen: dict[str, int] = {}
    with FakeOpenAI(lambda b, n: session_script(b, n, seen)) as srv:
        settings = _settings(tmp_path, srv.url, vision=True)
        ses = Session(settings, "o", toolbox=FunctionToolBox(tmp_path / "o" / "workspace"))
        st = ses.start("fit a straight line to my data")
    assert st.status == "done", st.stop_reason
    assert st.plan is not None and st.plan.title == "Fit a straight line" and st.plan.steps[0].budget.wall_s == 60
    assert seen["plan"] == 2  # 429, then success
    first, second, third = st.calls
    assert not first.ok and first.error.kind == "unknown_tool" and "unknown tool 'frobnicate'" in first.error.message
    assert not second.ok and second.error.kind == "invalid_json" and "not valid JSON" in second.error.message
    assert third.ok and third.args == {"epochs": 32, "out": "fit"}
    coder_requests = [b for b in srv.requests if b.get("tools")]
    fed_back = [m["content"] for m in coder_requests[1]["messages"] if m["role"] == "tool"]
    assert "unknown tool" in fed_back[0] and "not valid JSON" in fed_back[1]
    assert json.loads(fed_back[0])["error"]["kind"] == "unknown_tool"  # structured up to the model
    assert {t["function"]["name"] for t in coder_requests[0]["tools"]} == {"fit_line"}  # only the step's tools
    review_req = next(b for b in srv.requests if _schema_name(b) == "ReviewOut")
    parts = review_req["messages"][-1]["content"]
    assert any(p.get("type") == "image_url" and p["image_url"]["url"].startswith("data:image/png;base64,") for p in parts)
    c = st.counters
    assert c.llm_calls == 7 and c.prompt_tokens == 700 and c.completion_tokens == 140  # spec, plan, 3 x act, review, summary
    assert c.cost_usd == pytest.approx((700 * 1.0 + 140 * 2.0) / 1e6)
    text = Path(st.report).read_text()
    assert "The fit converged: the validation loss is" in text
    res = review_report(st.report)
    assert res.ok, res.failures


def test_model_summary_loses_an_invented_number(tmp_path: Path) -> None:
    seen: dict[str, int] = {"plan": 1}

    def script(body: dict[str, Any], n: int):
        if not body.get("tools") and not _schema_name(body):
            return 200, {}, completion("The fit converged with a validation loss of 0.123456.")
        return session_script(body, n, seen)

    with FakeOpenAI(script) as srv:
        ses = Session(_settings(tmp_path, srv.url), "o", toolbox=FunctionToolBox(tmp_path / "o" / "workspace"))
        st = ses.start("fit a line")
    text = Path(st.report).read_text()
    assert "0.123456" not in text and "validation loss of [?]." in text
    assert "1 number(s) in the model's text match no number it was given and were removed" in text
    assert review_report(st.report).ok


@pytest.mark.parametrize("mode,expected", [
    ("refuse", "refused the request: HTTP 500"),
    ("timeout", "timed out"),
    ("garbage", "unusable"),
    ("bad_plan", "Plan"),
    ("plan_with_unknown_tools", "tools that do not exist: frobnicate"),
])
def test_bad_endpoint_gives_a_clear_message_and_keeps_the_session(tmp_path: Path, mode: str, expected: str) -> None:
    def script(body: dict[str, Any], n: int):
        if _schema_name(body) == "AnalysisSpec" and mode in ("bad_plan", "plan_with_unknown_tools"):
            return session_script(body, n, {})  # the spec is fine (no known task); the plan is not
        if mode == "refuse":
            return 500, {}, {"error": {"message": "internal error", "type": "server_error"}}
        if mode == "timeout":
            time.sleep(1.5)
            return 200, {}, completion("late")
        if mode == "garbage":
            return 200, {"Content-Type": "application/json"}, b"<html>this is not json"
        if mode == "plan_with_unknown_tools":
            return 200, {}, completion(json.dumps({**PLAN, "steps": [{**PLAN["steps"][0], "tools": ["frobnicate"]}]}))
        return 200, {}, completion('{"title": "x", "steps": "not a list"}')

    with FakeOpenAI(script) as srv:
        settings = _settings(tmp_path, srv.url, timeout_s=0.5).with_(max_retries=0)
        ses = Session(settings, "bad", toolbox=FunctionToolBox(tmp_path / "bad" / "workspace"))
        st = ses.start("fit a line")
    assert st.status == "failed" and expected in st.stop_reason, st.stop_reason
    assert (tmp_path / "bad" / "state.sqlite").is_file()
    assert ses.meta()["status"] == "failed" and ses.meta()["request"] == "fit a line"

    # the endpoint is fixed: the same session resumes and completes, nothing lost
    seen: dict[str, int] = {"plan": 1}
    with FakeOpenAI(lambda b, n: session_script(b, n, seen)) as good:
        again = Session(_settings(tmp_path, good.url), "bad", toolbox=FunctionToolBox(tmp_path / "bad" / "workspace"),
                        must_exist=True)
        st2 = again.resume()
    assert st2.status == "done" and st2.request == "fit a line", st2.stop_reason


def test_disagreements_compare_what_a_quantity_measures_not_its_evidence_words() -> None:
    from agents.llm.offline_parse import parse_spec
    from agents.llm.openai_backend import disagreements

    request = "What fraction of QCD jets have a mass between 60 and 100 GeV? Use 800 jets."
    parsed = parse_spec(request)
    assert parsed.quantities
    reworded = [q.model_copy(update={"evidence": "fraction ... between 60 and 100 GeV"}) for q in parsed.quantities]
    assert disagreements(request, parsed.model_copy(update={"quantities": reworded})) == []
    # strictness of an edge the quantity does not have is no disagreement (a correlation has no cut)
    corr = "Generate 3000 QCD jets: what is the Pearson correlation of mass and tau21?"
    (q,) = parse_spec(corr).quantities
    other = q.model_copy(update={"low_inclusive": not q.low_inclusive, "high_inclusive": not q.high_inclusive})
    assert disagreements(corr, parse_spec(corr).model_copy(update={"quantities": [other]})) == []
    moved = [q.model_copy(update={"high": 120.0}) for q in parsed.quantities]
    assert [d.split(":")[0] for d in disagreements(request, parsed.model_copy(update={"quantities": moved}))] == ["quantities"]


def test_a_request_beyond_the_catalogue_is_planned_by_the_model(tmp_path: Path) -> None:
    """A spec of known tasks that also asks something no catalogue plan carries (beyond_catalogue) is not
    compiled into a catalogue plan that would answer another question: the model plans it itself."""
    from agents.llm.offline_parse import parse_spec

    request = "fine-tune a top tagger on 100 labels, keeping only the 30 leading constituents per jet"
    beyond = parse_spec(request)  # the model reads it as the offline parser does
    assert beyond.beyond_catalogue

    def script(body: dict[str, Any], n: int, seen: dict[str, int]) -> tuple[int, dict[str, str], Any]:
        if _schema_name(body) == "AnalysisSpec":
            return 200, {}, completion(beyond.model_dump_json(exclude={"question"}))
        return session_script(body, n, seen)

    seen: dict[str, int] = {}
    with FakeOpenAI(lambda b, n: script(b, n, seen)) as srv:
        ses = Session(_settings(tmp_path, srv.url), "b", toolbox=FunctionToolBox(tmp_path / "b" / "workspace"))
        st = ses.start(request)
    assert st.plan is not None and st.plan.title == "Fit a straight line" and seen["plan"] == 2, st.stop_reason
    assert st.status == "done" and "no catalogue plan carries (keeping only the 30 leading" in Path(st.report).read_text()
