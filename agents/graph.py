"""The agent graph: orchestrator -> coder <-> tools -> reviewer -> orchestrator ... -> reporter.

Nodes are plain functions of the state that return a `Command` (the update and the next hop).
Every tool call runs in its own super-step, so the checkpoint written after it records the call
as done: a killed session resumes without repeating finished tool calls. Limits (revisions per
step, tool calls, wall time, GPU time) are enforced here, not in the prompts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from agents.configuration import Settings
from agents.llm.base import Backend, LLMError, NeedsLLM, Usage
from agents.planner import PlanBug, check_fidelity, compile_plan
from agents.reviewer_checks import run_checks
from agents.spec import AnalysisSpec
from agents.state import AgentState, Check, Plan, Remedy, Review, StepResult, ToolCallRecord
from agents.toolbox import ToolBox, safe_call

Event = Callable[[dict[str, Any]], None]


def _counters(state: AgentState, usage: Usage, agent_s: float, **tool: float) -> dict[str, Any]:
    c = state.counters.model_copy()
    c.llm_calls += usage.llm_calls
    c.prompt_tokens += usage.prompt_tokens
    c.completion_tokens += usage.completion_tokens
    c.cost_usd += usage.cost_usd
    c.model_s += usage.model_s
    c.agent_wall_s += agent_s
    c.tool_calls += int(tool.get("calls", 0))
    c.tool_wall_s += tool.get("wall_s", 0.0)
    c.gpu_s += tool.get("gpu_s", 0.0)
    return c.model_dump()


def _over_limits(state: AgentState, settings: Settings) -> str:
    lim, c = settings.limits, state.counters
    if c.tool_calls >= lim.max_tool_calls:
        return f"tool-call limit reached ({c.tool_calls} >= {lim.max_tool_calls})"
    if c.tool_wall_s + c.agent_wall_s >= lim.max_wall_s:
        return f"wall-time limit reached ({c.tool_wall_s + c.agent_wall_s:.0f} s >= {lim.max_wall_s:.0f} s)"
    if c.gpu_s >= lim.max_gpu_s:
        return f"GPU-time limit reached ({c.gpu_s:.0f} s >= {lim.max_gpu_s:.0f} s)"
    return ""


def build_graph(
    backend: Backend,
    toolbox: ToolBox,
    settings: Settings,
    checkpointer: Any = None,
    on_event: Event | None = None,
    report_writer: Callable[[AgentState, ToolBox, Backend], str] | None = None,
):
    """Compile the graph for one backend and tool box; `on_event` receives live progress."""
    emit: Event = on_event or (lambda e: None)
    if report_writer is None:
        from agents.report import write_report as report_writer

    def stop(state: AgentState, reason: str, t0: float, usage: Usage | None = None) -> Command:
        emit({"event": "stopped", "reason": reason})
        return Command(
            update={"stop_reason": reason, "counters": _counters(state, usage or Usage(), time.perf_counter() - t0)},
            goto="reporter",
        )

    def make_plan(request: str) -> tuple[AnalysisSpec | None, Plan]:
        """The spec (when the backend can fill one), then a plan compiled from it and held
        against it; a request outside the known tasks is planned by the model itself."""
        spec = backend.spec(request) if hasattr(backend, "spec") else None
        if spec is None or not spec.tasks:
            return spec, backend.plan(request, toolbox.schemas())
        plan = compile_plan(spec, settings.preset)
        available = {t["function"]["name"] for t in toolbox.schemas()}
        missing = sorted({t for s in plan.steps for t in s.tools} - available)
        if missing:
            raise NeedsLLM(f"the plan needs tool(s) {', '.join(missing)}, which are not registered")
        if problems := check_fidelity(spec, plan, toolbox.workspace):
            raise PlanBug("the plan does not carry what was asked (a planner bug, nothing was run): " + "; ".join(problems))
        return spec, plan

    def orchestrator(state: AgentState) -> Command[Literal["coder", "reporter"]]:
        t0 = time.perf_counter()
        update: dict[str, Any] = {}
        if state.plan is None:
            try:
                spec, plan = make_plan(state.request)
            except (NeedsLLM, LLMError, PlanBug) as e:
                return Command(update={"status": "failed", "stop_reason": str(e),
                                       "counters": _counters(state, backend.take_usage(), time.perf_counter() - t0)},
                               goto=END)
            if spec is not None:
                notes = [str(n) for n in getattr(backend, "spec_notes", None) or []]
                emit({"event": "spec", "spec": spec.model_dump(), "stated": spec.stated(), "notes": notes})
                update |= {"spec": spec.model_dump(), "spec_notes": notes}
            emit({"event": "plan", "plan": plan.model_dump()})
            update |= {"plan": plan.model_dump(), "step": 0, "attempt": 0}
            step, attempt, n_steps = 0, 0, len(plan.steps)
        else:
            step, attempt, n_steps = state.step, state.attempt, len(state.plan.steps)
            review = state.last_review(step)
            if review is not None and review.attempt == attempt:  # back from the reviewer
                if review.verdict == "fail":
                    return stop(state, f"step {step + 1} failed: {'; '.join(review.requests) or review.critique}", t0)
                if review.verdict == "revise" and attempt < settings.limits.max_revisions and backend.can_revise(state, review):
                    attempt += 1
                    emit({"event": "revise", "step": step, "attempt": attempt, "requests": review.requests})
                else:
                    if review.verdict == "revise":
                        emit({"event": "warning", "message": f"step {step + 1} moves on with open requests: {'; '.join(review.requests)}"})
                    step, attempt = step + 1, 0
                update |= {"step": step, "attempt": attempt, "messages": []}
        if step >= n_steps:
            update["counters"] = _counters(state, backend.take_usage(), time.perf_counter() - t0)
            return Command(update=update, goto="reporter")
        if reason := _over_limits(state, settings):
            return stop(state, reason, t0, backend.take_usage())
        plan_step = (state.plan or Plan.model_validate(update["plan"])).steps[step]
        needs_ok = plan_step.expensive or (0 < settings.limits.approve_over_s < plan_step.budget.wall_s)
        if needs_ok and settings.limits.approve and step not in state.approved:
            answer = interrupt({"approve": step, "goal": plan_step.goal, "budget": plan_step.budget.model_dump()})
            if not answer:
                return stop(state, f"step {step + 1} not approved", t0)
            update["approved"] = [*state.approved, step]
        emit({"event": "step", "step": step, "attempt": attempt, "goal": plan_step.goal})
        update["counters"] = _counters(state, backend.take_usage(), time.perf_counter() - t0)
        return Command(update=update, goto="coder")

    def coder(state: AgentState) -> Command[Literal["tools", "reviewer", "reporter"]]:
        t0 = time.perf_counter()
        assert state.plan is not None
        budget = state.plan.steps[state.step].budget
        done = state.step_calls(attempt=state.attempt)
        spent = sum(c.wall_s for c in state.step_calls())
        if reason := _over_limits(state, settings):
            return stop(state, reason, t0)
        try:
            action = backend.act(state, toolbox.schemas(), toolbox.workspace)
        except (NeedsLLM, LLMError) as e:
            return stop(state, str(e), t0, backend.take_usage())
        action_summary, calls, messages = action.summary, action.calls, action.messages
        if calls:  # the step's own limits stop new calls; finishing a step is always allowed
            if len(done) + len(calls) > settings.limits.max_calls_per_attempt:
                action_summary = (f"stopped: {len(done)} tool calls in this attempt, {len(calls)} more asked "
                                  f"(limit {settings.limits.max_calls_per_attempt})")
                calls, messages = [], None
            elif budget.wall_s and spent > 1.5 * budget.wall_s:
                action_summary = f"stopped: the step used {spent:.0f} s of tool time, budget {budget.wall_s:.0f} s"
                calls, messages = [], None
        update: dict[str, Any] = {"counters": _counters(state, backend.take_usage(), time.perf_counter() - t0)}
        if messages is not None:
            update["messages"] = messages
        if calls:
            update["pending"] = [c.model_dump() for c in calls]
            return Command(update=update, goto="tools")
        result = StepResult(step=state.step, attempt=state.attempt, summary=action_summary,
                            call_ids=[c.id for c in done])
        update["results"] = [r.model_dump() for r in state.results] + [result.model_dump()]
        return Command(update=update, goto="reviewer")

    def tools(state: AgentState) -> Command[Literal["tools", "coder"]]:
        t0 = time.perf_counter()
        if reason := _over_limits(state, settings):
            return stop(state, reason, t0)
        call, rest = state.pending[0], state.pending[1:]
        emit({"event": "tool_start", "tool": call.tool, "id": call.id, "args": call.args})
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        out = safe_call(toolbox, call.tool, call.args, on_event=lambda e: emit({**e, "event": "tool_progress", "kind": e.get("event"), "id": call.id}))
        image = out.output.pop("png_base64", None) if out.ok else None  # kept out of state and reports
        rec = ToolCallRecord(id=f"s{state.step + 1}a{state.attempt}-{call.id}", step=state.step, attempt=state.attempt, tool=call.tool, args=call.args,
                             ok=out.ok, output=out.output, error=out.error, wall_s=out.wall_s, gpu_s=out.gpu_s,
                             started=started, ref=out.ref, artifacts=out.artifacts)
        emit({"event": "tool_end", "tool": call.tool, "id": call.id, "ok": out.ok, "wall_s": out.wall_s, "error": out.error})
        update: dict[str, Any] = {
            "pending": [p.model_dump() for p in rest],
            "calls": [c.model_dump() for c in state.calls] + [rec.model_dump()],
        }
        if state.messages:  # the model's conversation gets the result (or the error) as a tool message
            content = json.dumps({"ok": True, "output": out.output} if out.ok else {"ok": False, "error": out.error}, default=str)
            messages = [*state.messages, {"role": "tool", "tool_call_id": call.id, "content": content[:20000]}]
            if image and settings.accepts_images:  # a plot the model asked to see (view_plot)
                messages.append({"role": "user", "content": [
                    {"type": "text", "text": f"The plot {out.output.get('path', '')}:"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}}]})
            update["messages"] = messages
        elapsed = time.perf_counter() - t0
        update["counters"] = _counters(state, Usage(), max(elapsed - out.wall_s, 0.0), calls=1,
                                       wall_s=out.wall_s, gpu_s=out.gpu_s)
        return Command(update=update, goto="tools" if rest else "coder")

    def judge(state: AgentState, checks: list[Check], critique: Any, result: StepResult | None
              ) -> tuple[str, Remedy | None, list[str], str]:
        """The verdict from the checks' kinds: only a failed *defect* with a remedy asks for a
        revision (while revisions remain); findings and limitations are reported, never failed;
        a step with no usable result fails. The model's critique may add a remedy, not remove a defect."""
        failed = [c for c in checks if not c.passed]
        defects = [c for c in failed if c.kind == "defect"]
        remedy: Remedy | None = None
        for c in defects:
            if c.remedy is not None:
                remedy = c.remedy if remedy is None else remedy.combine(c.remedy)
        if critique is not None and critique.verdict == "revise" and critique.remedy is not None:
            remedy = critique.remedy if remedy is None else remedy.combine(critique.remedy)
        requests = [c.request for c in defects if c.request] + (list(critique.requests) if critique else [])
        calls = state.latest_calls(state.step)
        if state.plan and state.plan.steps[state.step].tools and not any(c.ok for c in state.step_calls()):
            return "fail", None, requests or ["the step produced no result"], ""
        if calls and not any(c.ok for c in calls):  # a revision failed: the earlier attempt's result stands
            return "accept", None, requests, "the revision failed; the result of the earlier attempt is kept: " + \
                "; ".join(c.message for c in defects)
        tentative = Review(step=state.step, attempt=state.attempt, verdict="revise", remedy=remedy, checks=checks)
        if remedy is not None and state.attempt < settings.limits.max_revisions and backend.can_revise(state, tentative):
            return "revise", remedy, requests, ""
        open_defects = [c.message for c in defects]
        caveat = ("accepted with open defects (revisions spent or none can fix them): " + "; ".join(open_defects)) \
            if open_defects else ""
        return "accept", None, requests if open_defects else [], caveat

    def reviewer(state: AgentState) -> Command[Literal["orchestrator"]]:
        t0 = time.perf_counter()
        assert state.plan is not None
        plan_step = state.plan.steps[state.step]
        calls = state.latest_calls(state.step)
        checks = run_checks(calls, toolbox.workspace, plan_step.acceptance)
        result = state.results[-1] if state.results else None
        if result is not None and result.summary.startswith("stopped:"):
            checks.append(Check(name="step_limit", passed=False, kind="limitation", message=result.summary))
        try:
            critique = backend.critique(state, calls, checks, toolbox.workspace)
        except LLMError as e:
            critique = None
            emit({"event": "warning", "message": f"model critique unavailable: {e}"})
        verdict, remedy, requests, caveat = judge(state, checks, critique, result)
        review = Review(step=state.step, attempt=state.attempt, verdict=verdict, requests=requests, remedy=remedy,
                        checks=checks, critique="; ".join(x for x in (critique.critique if critique else "", caveat) if x))
        emit({"event": "review", **review.model_dump()})
        return Command(
            update={"reviews": [r.model_dump() for r in state.reviews] + [review.model_dump()],
                    "counters": _counters(state, backend.take_usage(), time.perf_counter() - t0)},
            goto="orchestrator",
        )

    def reporter(state: AgentState) -> Command:
        t0 = time.perf_counter()
        path = report_writer(state, toolbox, backend)
        status = "stopped" if state.stop_reason else "done"
        emit({"event": "report", "path": path, "status": status})
        return Command(update={"report": path, "status": status,
                               "counters": _counters(state, backend.take_usage(), time.perf_counter() - t0)},
                       goto=END)

    g = StateGraph(AgentState)
    g.add_node("orchestrator", orchestrator)
    g.add_node("coder", coder)
    g.add_node("tools", tools)
    g.add_node("reviewer", reviewer)
    g.add_node("reporter", reporter)
    g.add_edge(START, "orchestrator")
    return g.compile(checkpointer=checkpointer)

