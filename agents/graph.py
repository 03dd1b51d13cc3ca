"""The agent graph: orchestrator -> coder <-> tools -> reviewer -> orchestrator ... -> reporter.

Nodes are plain functions of the state that return a `Command` (the update and the next hop).
Every tool call runs in its own super-step, so the checkpoint written after it records the call
as done: a killed session resumes without repeating finished tool calls. Limits (revisions per
step, tool calls, wall time, GPU time) are enforced here, not in the prompts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from agents.configuration import Settings
from agents.llm.base import Backend, LLMError, NeedsLLM, Usage
from agents.measures import check_quantities
from agents.planner import PlanBug, check_fidelity, compile_checked
from agents.reviewer_checks import run_checks
from agents.state import (
    AgentState,
    Check,
    Plan,
    PlanStep,
    Remedy,
    Review,
    ReviewOut,
    StepResult,
    ToolCallRecord,
    Verdict,
)
from agents.toolbox import ToolBox, call_key, journaled_call

Event = Callable[[dict[str, Any]], None]


def _counters(state: AgentState, usage: Usage, agent_s: float, **tool: Any) -> dict[str, Any]:
    return state.counters.plus(usage, agent_s, **tool).model_dump()


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
    report_writer: Callable[[AgentState, ToolBox, Backend], tuple[str, Usage]] | None = None,
):
    """Compile the graph for one backend and tool box; `on_event` receives live progress."""
    if report_writer is None:
        from agents.report import write_report as report_writer
    nodes = Nodes(backend, toolbox, settings, on_event or (lambda e: None), report_writer)
    g = StateGraph(AgentState)
    for name in ("orchestrator", "coder", "tools", "reviewer", "reporter"):
        g.add_node(name, getattr(nodes, name))
    g.add_edge(START, "orchestrator")
    return g.compile(checkpointer=checkpointer)


class Nodes:
    """The graph's nodes (one method each) and the named steps they are made of."""

    def __init__(self, backend: Backend, toolbox: ToolBox, settings: Settings, emit: Event,
                 report_writer: Callable[[AgentState, ToolBox, Backend], tuple[str, Usage]]) -> None:
        self.backend, self.toolbox, self.settings = backend, toolbox, settings
        self.emit, self.report_writer = emit, report_writer

    # -- orchestrator ---------------------------------------------------------------------------
    def orchestrator(self, state: AgentState) -> Command[Literal["coder", "reporter"]]:
        """Plan the request (first visit), or move on after a review; then send the coder to
        the current step, or the reporter when the plan is done or a limit is reached."""
        t0 = time.perf_counter()
        if state.plan is None:
            try:
                update = self.plan_request(state.request)
            except (NeedsLLM, LLMError, PlanBug) as e:
                return Command(update={"status": "failed", "stop_reason": str(e),
                                       "counters": self.counters(state, t0)}, goto=END)
            plan = Plan.model_validate(update["plan"])
        else:
            plan = state.plan
            update, failed = self.after_review(state)
            if failed:
                return self.stop(state, failed, t0)
        step, attempt = update.get("step", state.step), update.get("attempt", state.attempt)
        if step >= len(plan.steps):
            return Command(update={**update, "counters": self.counters(state, t0)}, goto="reporter")
        if reason := _over_limits(state, self.settings):
            return self.stop(state, reason, t0, self.backend.take_usage())
        if not self.approved(state, step, plan.steps[step], update):
            return self.stop(state, f"step {step + 1} not approved", t0)
        self.emit({"event": "step", "step": step, "attempt": attempt, "goal": plan.steps[step].goal})
        return Command(update={**update, "counters": self.counters(state, t0)}, goto="coder")

    def plan_request(self, request: str) -> dict[str, Any]:
        """The spec (when the backend can fill one), then a plan compiled from it and held
        against it; a request outside the known tasks is planned by the model itself."""
        backend, toolbox = self.backend, self.toolbox
        spec = backend.spec(request) if hasattr(backend, "spec") else None
        if spec is None or not spec.tasks or spec.beyond_catalogue:  # asked beyond the catalogue: planned freely
            plan = backend.plan(request, toolbox.schemas())
        else:
            plan = compile_checked(spec, self.settings.preset, {t["function"]["name"] for t in toolbox.schemas()})
            if problems := check_fidelity(spec, plan):
                raise PlanBug("the plan does not carry what was asked (a planner bug, nothing was run): "
                              + "; ".join(problems))
            if backend.name != "offline":  # beyond the catalogue: the coder writes the analysis (run_python)
                from agents.measures import agent_written

                if extra := agent_written.steps(spec, plan):
                    plan = plan.model_copy(update={"steps": [*plan.steps, *extra]})
        update: dict[str, Any] = {}
        if spec is not None:
            notes = [str(n) for n in getattr(backend, "spec_notes", None) or []]
            self.emit({"event": "spec", "spec": spec.model_dump(), "stated": spec.stated(), "notes": notes})
            update |= {"spec": spec.model_dump(), "spec_notes": notes}
        self.emit({"event": "plan", "plan": plan.model_dump()})
        return update | {"plan": plan.model_dump(), "step": 0, "attempt": 0}

    def after_review(self, state: AgentState) -> tuple[dict[str, Any], str]:
        """(where to go next, why the session stops: "" to go on) once the current attempt is
        reviewed: a revision while revisions remain and the backend can make one, else the next step."""
        step, attempt = state.step, state.attempt
        review = state.last_review(step)
        if review is None or review.attempt != attempt:  # not reviewed yet (a resumed session)
            return {}, ""
        if review.verdict == "fail":
            return {}, f"step {step + 1} failed: {'; '.join(review.requests) or review.critique or review.caveat}"
        if review.verdict == "revise" and attempt < self.settings.limits.max_revisions \
                and self.backend.can_revise(state, review):
            attempt += 1
            self.emit({"event": "revise", "step": step, "attempt": attempt, "requests": review.requests})
        else:
            if review.verdict == "revise":
                self.emit({"event": "warning",
                           "message": f"step {step + 1} moves on with open requests: {'; '.join(review.requests)}"})
            step, attempt = step + 1, 0
        return {"step": step, "attempt": attempt, "messages": []}, ""

    def approved(self, state: AgentState, step: int, plan_step: PlanStep, update: dict[str, Any]) -> bool:
        """An expensive step (or one over the approval budget) waits for /approve, once."""
        lim = self.settings.limits
        needs_ok = plan_step.expensive or (0 < lim.approve_over_s < plan_step.budget.wall_s)
        if not needs_ok or not lim.approve or step in state.approved:
            return True
        if not interrupt({"approve": step, "goal": plan_step.goal, "budget": plan_step.budget.model_dump()}):
            return False
        update["approved"] = [*state.approved, step]
        return True

    # -- coder and tools --------------------------------------------------------------------------
    def coder(self, state: AgentState) -> Command[Literal["tools", "reviewer", "reporter"]]:
        """The backend's next action for the step: tool calls (within the step's limits) or its result."""
        t0 = time.perf_counter()
        assert state.plan is not None
        if reason := _over_limits(state, self.settings):
            return self.stop(state, reason, t0)
        try:
            action = self.backend.act(state, self.toolbox.schemas(), self.toolbox.workspace)
        except (NeedsLLM, LLMError) as e:
            return self.stop(state, str(e), t0, self.backend.take_usage())
        summary, calls, messages, author = action.summary, action.calls, action.messages, action.author
        done = state.step_calls(attempt=state.attempt)
        if calls and (over := self.step_limit(state, len(done), len(calls))):
            summary, calls, messages, author = over, [], None, "code"  # finishing a step is always allowed
        update: dict[str, Any] = {"counters": self.counters(state, t0)}
        if messages is not None:
            update["messages"] = messages
        if calls:
            update["pending"] = [c.model_dump() for c in calls]
            return Command(update=update, goto="tools")
        result = StepResult(step=state.step, attempt=state.attempt, summary=summary, call_ids=[c.id for c in done],
                            author="code" if author == "code" else "model", tries=action.tries)
        update["results"] = [r.model_dump() for r in state.results] + [result.model_dump()]
        return Command(update=update, goto="reviewer")

    def step_limit(self, state: AgentState, n_done: int, n_asked: int) -> str:
        """Why the step may not start more calls ("" when it may): calls per attempt, tool time."""
        assert state.plan is not None
        per_attempt = self.settings.limits.max_calls_per_attempt
        if n_done + n_asked > per_attempt:
            return f"stopped: {n_done} tool calls in this attempt, {n_asked} more asked (limit {per_attempt})"
        budget = state.plan.steps[state.step].budget
        spent = sum(c.wall_s for c in state.step_calls())
        if budget.wall_s and spent > 1.5 * budget.wall_s:
            return f"stopped: the step used {spent:.0f} s of tool time, budget {budget.wall_s:.0f} s"
        return ""

    def tools(self, state: AgentState) -> Command[Literal["tools", "coder"]]:
        """One pending tool call, run and recorded (its own super-step, so a resume skips it)."""
        t0 = time.perf_counter()
        if reason := _over_limits(state, self.settings):
            return self.stop(state, reason, t0)
        emit = self.emit
        call, rest = state.pending[0], state.pending[1:]
        emit({"event": "tool_start", "tool": call.tool, "id": call.id, "args": call.args})
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        key = call_key(state.session_id, state.step, state.attempt, len(state.calls), call.id)
        res, reused = journaled_call(  # journalled before this node ends: a resume never reruns it
            self.toolbox, key, call.tool, call.args,
            on_event=lambda e: emit({**e, "event": "tool_progress", "kind": e.get("event"), "id": call.id}))
        image = res.output.pop("png_base64", None)  # kept out of state and reports
        rec = ToolCallRecord.of(res, id=f"s{state.step + 1}a{state.attempt}-{call.id}", step=state.step,
                                attempt=state.attempt, args=call.args, started=started)
        emit({"event": "tool_end", "tool": call.tool, "id": call.id, "ok": res.ok, "wall_s": res.wall_s,
              "error": str(res.error) if res.error else None, **({"reused": True} if reused else {})})
        update: dict[str, Any] = {
            "pending": [p.model_dump() for p in rest],
            "calls": [c.model_dump() for c in state.calls] + [rec.model_dump()],
        }
        if state.messages:  # the model's conversation gets the result, or the structured error, as a tool message
            messages = [*state.messages, {"role": "tool", "tool_call_id": call.id, "content": res.for_model(20000)}]
            if image and self.settings.accepts_images:  # a plot the model asked to see (view_plot)
                messages.append({"role": "user", "content": [
                    {"type": "text", "text": f"The plot {res.output.get('path', '')}:"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}}]})
            update["messages"] = messages
        elapsed = time.perf_counter() - t0
        update["counters"] = _counters(state, Usage(), max(elapsed - res.wall_s, 0.0), calls=1,
                                       wall_s=res.wall_s, gpu_s=res.gpu_s)
        return Command(update=update, goto="tools" if rest else "coder")

    # -- reviewer and reporter --------------------------------------------------------------------
    def reviewer(self, state: AgentState) -> Command[Literal["orchestrator"]]:
        """The deterministic checks of the attempt, the backend's critique, and the verdict."""
        t0 = time.perf_counter()
        assert state.plan is not None
        plan_step = state.plan.steps[state.step]
        calls = state.latest_calls(state.step)
        checks = run_checks(calls, self.toolbox.workspace, plan_step.acceptance)
        checks += check_quantities(state, self.toolbox.workspace)  # every asked quantity computable
        result = state.results[-1] if state.results else None
        if result is not None and result.summary.startswith("stopped:"):
            checks.append(Check(name="step_limit", passed=False, kind="limitation", message=result.summary))
        try:
            critique = self.backend.critique(state, calls, checks, self.toolbox.workspace)
        except LLMError as e:
            critique = None
            self.emit({"event": "warning", "message": f"model critique unavailable: {e}"})
        verdict, remedy, requests, caveat = self.judge(state, checks, critique)
        review = Review(step=state.step, attempt=state.attempt, verdict=verdict, requests=requests, remedy=remedy,
                        checks=checks, critique=critique.critique if critique else "", caveat=caveat)
        self.emit({"event": "review", **review.model_dump()})
        return Command(update={"reviews": [r.model_dump() for r in state.reviews] + [review.model_dump()],
                               "counters": self.counters(state, t0)}, goto="orchestrator")

    def judge(self, state: AgentState, checks: list[Check], critique: ReviewOut | None
              ) -> tuple[Verdict, Remedy | None, list[str], str]:
        """The verdict from the checks' kinds: only a failed *defect* with a remedy asks for a
        revision (while revisions remain); findings and limitations are reported, never failed;
        a step with no usable result fails. The model's critique may add a remedy, not remove a defect."""
        defects = [c for c in checks if not c.passed and c.kind == "defect"]
        remedy: Remedy | None = None
        for c in defects:
            if c.remedy is not None:
                remedy = c.remedy if remedy is None else remedy.combine(c.remedy)
        if critique is not None and critique.verdict == "revise" and critique.remedy is not None:
            remedy = critique.remedy if remedy is None else remedy.combine(critique.remedy)
        requests = [c.request for c in defects if c.request] + (list(critique.requests) if critique else [])
        calls = state.latest_calls(state.step)
        if state.plan and state.plan.steps[state.step].tools and not any(c.ok for c in state.step_calls()):
            from agents.measures import agent_written

            if agent_written.target(state.plan.steps[state.step]):  # the quantity is not answered (exit 3), said so
                return "accept", None, requests, "the agent-written analysis produced no result: " + \
                    "; ".join(agent_written.tries(state.step_calls()))
            return "fail", None, requests or ["the step produced no result"], ""
        if calls and not any(c.ok for c in calls):  # a revision failed: the earlier attempt's result stands
            return "accept", None, requests, "the revision failed; the result of the earlier attempt is kept: " + \
                "; ".join(c.message for c in defects)
        tentative = Review(step=state.step, attempt=state.attempt, verdict="revise", remedy=remedy, checks=checks)
        if remedy is not None and state.attempt < self.settings.limits.max_revisions \
                and self.backend.can_revise(state, tentative):
            return "revise", remedy, requests, ""
        open_defects = [c.message for c in defects]
        caveat = ("accepted with open defects (revisions spent or none can fix them): " + "; ".join(open_defects)) \
            if open_defects else ""
        return "accept", None, requests if open_defects else [], caveat

    def reporter(self, state: AgentState) -> Command:
        t0 = time.perf_counter()
        path, usage = self.report_writer(state, self.toolbox, self.backend)  # usage: its summary, in its totals
        status = "stopped" if state.stop_reason else "done"
        self.emit({"event": "report", "path": path, "status": status})
        usage.add(self.backend.take_usage())
        return Command(update={"report": path, "status": status,
                               "counters": _counters(state, usage, time.perf_counter() - t0)}, goto=END)

    # -- shared -------------------------------------------------------------------------------------
    def counters(self, state: AgentState, t0: float) -> dict[str, Any]:
        """The session's counters plus the model use and agent time since `t0`."""
        return _counters(state, self.backend.take_usage(), time.perf_counter() - t0)

    def stop(self, state: AgentState, reason: str, t0: float, usage: Usage | None = None) -> Command:
        self.emit({"event": "stopped", "reason": reason})
        return Command(update={"stop_reason": reason,
                               "counters": _counters(state, usage or Usage(), time.perf_counter() - t0)},
                       goto="reporter")
