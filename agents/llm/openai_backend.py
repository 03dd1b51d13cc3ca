"""Any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp) through the openai SDK.

JSON-schema structured outputs for the analysis spec, the Plan and the Review; tool calling
for the coder in one of two modes (`Settings.tool_mode`): "native" (`tools=` / `tool_calls`)
or "json" (`response_format` with a union schema over the tools' input models, which a server
such as llama.cpp enforces as a grammar: the reliable way for small local models); "auto"
sends one probe request with `tools=` first and says which mode it chose. Retries (429/5xx, by
the SDK, honouring Retry-After) and timeouts, per-call token limits, tool results summarised
to `tool_output_chars`, token / cost / model-time accounting, and plots sent as image parts
to models that accept them. Anything the endpoint does wrong becomes an `LLMError` with one
clear line; the graph keeps the session.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
from pydantic import BaseModel, Field, ValidationError

from agents.configuration import Settings
from agents.llm.base import Action, LLMError, Unparsable, Usage
from agents.llm.schemas import action_schema, parse_action, response_format, spec_schema
from agents.measures import agent_written
from agents.prompts import render
from agents.spec import AnalysisSpec
from agents.state import (
    AgentState,
    Check,
    PendingCall,
    Plan,
    PlanStep,
    Review,
    ReviewOut,
    ToolCallRecord,
)

MAX_IMAGES = 4
# the spec as compact JSON is ~130 tokens, ~60 more per quantity; the 1.5B local model writes it indented, every key of
# six quantities filled: 1239 tokens for "fine-tune a top tagger with 500 labels and 2 seeds, compared with training from
# scratch" (2026-12-07). The cap stops a looping model (about 110 s of decoding on 2 cores)
SPEC_MAX_TOKENS = 1536

# Which fields of the spec belong to which tasks: a value for a field whose tasks were not
# asked for is an invention of the model (e.g. a signal class for a generation request).
FIELD_TASKS: dict[str, tuple[str, ...]] = {
    "signal": ("finetune",), "background": ("finetune",), "labels": ("finetune",), "pretrain_classes": ("finetune",),
    "labels_per_class": ("finetune",), "strategies": ("finetune",), "head": ("finetune",),
    "tokenizers": ("tokenizer", "pretrain", "finetune"), "codebooks": ("tokenizer", "pretrain", "finetune"),
    "n_generate": ("pretrain",),
    "signal_fractions": ("anomaly",), "n_events": ("anomaly",), "anomaly_methods": ("anomaly",),
    "report": ("review",),
    "classes": ("generate", "tokenizer", "pretrain", "finetune"),
    "n_jets": ("generate", "tokenizer", "pretrain", "finetune"),
    "seeds": ("finetune", "anomaly"), "epochs": ("tokenizer", "pretrain", "finetune"),
    "pt_min": ("generate", "tokenizer", "pretrain", "finetune"), "pt_max": ("generate", "tokenizer", "pretrain", "finetune"),
}
_PROBE_TOOL = {"type": "function", "function": {
    "name": "echo", "description": "Echo a number back.",
    "parameters": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}}}


def consistent_spec(spec: AnalysisSpec) -> tuple[AnalysisSpec, list[str]]:
    """Clear fields that belong to none of the spec's tasks; say which (field names). A review
    task without a report to review is an invention too (the planner cannot compile it)."""
    if "review" in spec.tasks and not spec.report:
        spec, dropped = consistent_spec(spec.model_copy(update={"tasks": [t for t in spec.tasks if t != "review"]}))
        return spec, ["tasks"] + [f for f in dropped if f != "tasks"]
    empty = AnalysisSpec()
    dropped = [f for f, tasks in FIELD_TASKS.items()
               if getattr(spec, f) != getattr(empty, f) and not set(tasks) & set(spec.tasks)]
    return (spec.model_copy(update={f: getattr(empty, f) for f in dropped}) if dropped else spec), dropped


def disagreements(request: str, spec: AnalysisSpec) -> list[str]:
    """Fields where the offline parser reads the request differently from the model, both shown."""
    from agents.llm.offline_parse import parse_spec

    try:
        parsed = parse_spec(request)
    except Exception:  # noqa: BLE001 - the parser is a second opinion; it must never stop a session
        return []
    if not parsed.tasks:
        return []
    def same(f: str) -> bool:  # quantities agree on what is measured; their evidence words may differ
        if f == "quantities":
            return [q.key() for q in spec.quantities] == [q.key() for q in parsed.quantities]
        return getattr(spec, f) == getattr(parsed, f)

    return [f"{f}: model {getattr(spec, f)!r}, parser {getattr(parsed, f)!r}"
            for f in AnalysisSpec.model_fields if f != "question" and not same(f)]


def summarise_tool_message(content: str, max_chars: int) -> str:
    """A tool result as the model reads it: metrics compacted (short lists, bounded depth), then cut."""
    if len(content) <= max_chars:
        return content
    from tools.base import compact

    try:
        text = json.dumps(compact(json.loads(content), max_list=8, depth=3), default=str)
    except (json.JSONDecodeError, TypeError, ValueError):
        text = content
    return text if len(text) <= max_chars else text[: max_chars - 20] + '..."(truncated)'


class PlanOut(BaseModel):
    """The plan as the model writes it (the graph adds family and params)."""

    title: str
    steps: list[PlanStep] = Field(min_length=1)


def _schema_format(model: type[BaseModel]) -> dict[str, Any]:
    return response_format(model.__name__, model.model_json_schema(), strict=False)


def repair_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make the conversation valid for the API: every assistant tool call gets a tool answer
    right after it (an interrupted turn leaves some unanswered), and user messages that landed
    inside a block of tool answers (plots shown to the model) move to after the block."""
    tool_answers = {m["tool_call_id"]: m for m in messages if m.get("role") == "tool"}
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.get("role") == "tool":
            continue  # placed right after its assistant message below
        out.append(m)
        for tc in m.get("tool_calls") or []:
            out.append(tool_answers.get(tc["id"]) or {
                "role": "tool", "tool_call_id": tc["id"],
                "content": json.dumps({"ok": False, "error": "this call was not run"})})
    return out


def _say_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class OpenAIBackend:
    name = "openai"
    summary_tokens: int | None = None  # completion tokens of the report's summary (None: settings.max_tokens)

    def __init__(self, settings: Settings, say: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.client = openai.OpenAI(
            base_url=settings.base_url, api_key=settings.api_key or "not-needed",
            timeout=settings.timeout_s, max_retries=settings.max_retries,
        )
        self._usage = Usage()
        self.say = say or _say_stderr  # one-line notes for the user (the tool mode chosen)
        self.model_spec: AnalysisSpec | None = None  # the model's last reading of a request
        self.tool_mode: str | None = None if settings.tool_mode == "auto" else settings.tool_mode
        self.spec_notes: list[str] = []  # what the last spec() changed in the model's answer

    # -- plumbing ---------------------------------------------------------------------------
    def take_usage(self) -> Usage:
        u, self._usage = self._usage, Usage()
        return u

    def _chat(self, messages: list[dict[str, Any]], **kw: Any) -> Any:
        where = self.settings.base_url or "api.openai.com"
        kw.setdefault("max_tokens", self.settings.max_tokens)
        if self.settings.temperature is not None:
            kw.setdefault("temperature", self.settings.temperature)
        t0 = time.perf_counter()
        try:
            resp = self.client.chat.completions.create(model=self.settings.model, messages=messages, **kw)
        except openai.APITimeoutError:
            raise LLMError(f"LLM endpoint {where} timed out after {self.settings.timeout_s:.0f} s "
                           f"({self.settings.max_retries} retries)") from None
        except openai.APIConnectionError as e:
            raise LLMError(f"LLM endpoint {where} unreachable: {e.__cause__ or e}") from None
        except openai.APIStatusError as e:
            body = e.body.get("message", e.body) if isinstance(e.body, dict) else e.body
            raise LLMError(f"LLM endpoint {where} refused the request: HTTP {e.status_code}: {body or e.message}") from None
        except (openai.OpenAIError, json.JSONDecodeError) as e:
            raise LLMError(f"LLM endpoint {where} answered with something unusable: {e}") from None
        finally:
            self._usage.model_s += time.perf_counter() - t0
        try:
            message = resp.choices[0].message
        except (AttributeError, IndexError, TypeError):
            raise LLMError(f"LLM endpoint {where} answered without a message: {str(resp)[:200]!r}") from None
        self._usage.llm_calls += 1
        if (u := getattr(resp, "usage", None)) is not None:
            pt, ct = int(u.prompt_tokens or 0), int(u.completion_tokens or 0)
            self._usage.prompt_tokens += pt
            self._usage.completion_tokens += ct
            self._usage.cost_usd += (pt * self.settings.cost_per_mtok_in + ct * self.settings.cost_per_mtok_out) / 1e6
        return message

    def _structured(self, messages: list[dict[str, Any]], model: type[BaseModel],
                    fmt: dict[str, Any] | None = None, **kw: Any) -> BaseModel:
        """Ask for JSON matching `model` (or the wire schema `fmt`); one repair round with the
        validation error, then fail."""
        for attempt in range(2):
            message = self._chat(messages, response_format=fmt or _schema_format(model), **kw)
            text = message.content or ""
            try:
                return model.model_validate_json(text)
            except ValidationError as e:
                if attempt == 1:
                    raise Unparsable(f"the model's {model.__name__} is not valid: {e.errors()[0]['msg']} "
                                   f"at {'.'.join(map(str, e.errors()[0]['loc']))} (got {text[:120]!r})") from None
                messages = [*messages, {"role": "assistant", "content": text},
                            {"role": "user", "content": f"That was not a valid {model.__name__}: {e}. "
                                                        "Answer again with JSON only."}]
        raise AssertionError("unreachable")

    # -- the roles ---------------------------------------------------------------------------
    def can_revise(self, state: AgentState, review: Review) -> bool:
        """The model reads the requests and decides what to change; an agent-written analysis
        has its own loop within the attempt (a remedy of more epochs or jets means nothing to it)."""
        assert state.plan is not None
        return agent_written.target(state.plan.steps[state.step]) is None

    def spec(self, request: str) -> AnalysisSpec:
        """The model fills the typed analysis spec (structured output, every key required)."""
        from agents.measures import catalogue_lines

        messages = [{"role": "system", "content": render("spec", catalogue="\n".join(catalogue_lines()))},
                    {"role": "user", "content": request}]
        fmt = response_format("AnalysisSpec", spec_schema(), strict=True)
        try:
            out = self._structured(messages, AnalysisSpec, fmt, max_tokens=SPEC_MAX_TOKENS)
        except Unparsable as e:  # the request is still read: by the parser, as where the two disagree (below)
            from agents.llm.offline_parse import parse_spec

            self.model_spec, self.spec_notes = None, [f"{e}: the offline parser's reading is used"]
            self.say(f"spec: {self.spec_notes[-1]}")
            return parse_spec(request)
        assert isinstance(out, AnalysisSpec)
        spec, dropped = consistent_spec(out.model_copy(update={"question": request}))
        self.model_spec = spec  # the model's own reading (benchmarks/llm.py measures it)
        self.spec_notes = [f"the model's tasks {out.tasks} name a review but no report to review: review dropped"
                           if f == "tasks" else
                           f"the model's {f}={getattr(out, f)!r} belongs to none of the tasks {spec.tasks}: dropped"
                           for f in dropped]
        if not (diff := disagreements(request, spec)):
            from agents.llm import grounding

            grounding.check(request, spec)  # a reading the parser cannot second must come from the request's words
        if diff:
            # Measured on the request suite (benchmarks/llm.py): the parser's specs were right
            # 58/58, the 1.5B local model's 17/58 (19 fields); so where the parser recognises the request its
            # reading is used and the model's is shown beside it, and the model's reading serves
            # what the parser does not recognise.
            from agents.llm.offline_parse import parse_spec

            self.spec_notes.append("the model and the offline parser read the request differently: " + "; ".join(diff)
                                   + " (the parser's reading is used)")
            self.say(f"spec: {self.spec_notes[-1]}")
            return parse_spec(request)
        return spec

    def plan(self, request: str, tools: list[dict[str, Any]]) -> Plan:
        lim = self.settings.limits
        system = render(
            "orchestrator", preset=self.settings.preset,
            tools="\n".join(f"- {t['function']['name']}: {t['function'].get('description', '')}" for t in tools),
            limits=f"{lim.max_revisions} revisions per step, {lim.max_tool_calls} tool calls, "
                   f"{lim.max_wall_s:.0f} s wall time, {lim.max_gpu_s:.0f} s GPU time per session",
        )
        messages = [{"role": "system", "content": system}, {"role": "user", "content": request}]
        available = {t["function"]["name"] for t in tools}
        for attempt in range(2):
            out = self._structured(messages, PlanOut)
            assert isinstance(out, PlanOut)
            unknown = sorted({t for st in out.steps for t in st.tools} - available)
            if not unknown:
                break
            if attempt == 1:
                raise LLMError(f"the model's plan names tools that do not exist: {', '.join(unknown)}")
            messages += [{"role": "assistant", "content": out.model_dump_json()},
                         {"role": "user", "content": f"These tools do not exist: {', '.join(unknown)}. "
                                                     f"Use only: {', '.join(sorted(available))}. Answer again."}]
        return Plan(title=out.title, family="llm", steps=out.steps, params={"preset": self.settings.preset})

    def choose_tool_mode(self) -> str:
        """The tool mode; for "auto", one cheap probe request with `tools=` decides (once)."""
        if self.tool_mode is None:
            try:
                message = self._chat([{"role": "user", "content": "Call echo with x=1."}],
                                     tools=[_PROBE_TOOL], tool_choice="auto", max_tokens=48)
                native = bool(message.tool_calls)
                why = "the probe got tool_calls" if native else "the probe got no tool_calls"
            except LLMError as e:
                native, why = False, f"the probe with tools= failed ({e})"
            self.tool_mode = "native" if native else "json"
            self.say(f"tool mode: {self.tool_mode} ({why} from {self.settings.model})")
        return self.tool_mode

    def wire(self, messages: list[dict[str, Any]], json_mode: bool) -> list[dict[str, Any]]:
        """The conversation as sent: valid for the API, tool results summarised, and in json
        mode tool calls and results as plain assistant / user turns."""
        out: list[dict[str, Any]] = []
        names: dict[str, str] = {}
        for m in repair_messages(messages):
            if m.get("role") == "tool":
                text = summarise_tool_message(str(m.get("content") or ""), self.settings.tool_output_chars)
                if json_mode:
                    out.append({"role": "user", "content": f"Result of {names.get(m['tool_call_id'], 'the call')}: {text}"})
                else:
                    out.append({**m, "content": text})
            elif json_mode and m.get("tool_calls"):
                for tc in m["tool_calls"]:
                    fn = tc["function"]
                    names[tc["id"]] = fn["name"]
                    args = fn["arguments"]
                    try:
                        args = json.loads(args)
                    except (json.JSONDecodeError, TypeError):
                        pass
                    out.append({"role": "assistant", "content": json.dumps({"tool": fn["name"], "args": args})})
            else:
                out.append(m)
        return out

    @staticmethod
    def step_tools(state: AgentState, tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Only the tools the step names (all when it names none or none of them exist):
        a shorter prompt, and a smaller union schema in json mode."""
        assert state.plan is not None
        wanted = set(state.plan.steps[state.step].tools)
        return [t for t in tools if t["function"]["name"] in wanted] or tools

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        assert state.plan is not None
        tools = self.step_tools(state, tools)
        json_mode = self.choose_tool_mode() == "json"
        messages = list(state.messages)
        if not messages:
            messages = [{"role": "system", "content": self._coder_prompt(state, tools if json_mode else None)},
                        {"role": "user", "content": "Carry out this step now."}]
        if stem := agent_written.target(state.plan.steps[state.step]):
            return self._act_analysis(state, messages, tools, workspace, stem, json_mode)
        return self._act_once(state, messages, tools, json_mode)

    def _act_once(self, state: AgentState, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                  json_mode: bool, **kw: Any) -> Action:
        if json_mode:
            return self._act_json(state, messages, tools, **kw)
        message = self._chat(self.wire(messages, json_mode=False), tools=tools, tool_choice="auto", **kw)
        calls = []
        for tc in message.tool_calls or []:
            fn = getattr(tc, "function", None)
            raw = (fn.arguments if fn else "") or "{}"
            try:
                args: dict[str, Any] | str = json.loads(raw)
            except json.JSONDecodeError:
                args = raw  # the tool node feeds the parse error back to the model
            calls.append(PendingCall(id=tc.id, tool=fn.name if fn else "?", args=args))
        assistant: dict[str, Any] = {"role": "assistant", "content": message.content}
        if calls:
            assistant["tool_calls"] = [
                {"id": c.id, "type": "function",
                 "function": {"name": c.tool, "arguments": c.args if isinstance(c.args, str) else json.dumps(c.args)}}
                for c in calls]
        return Action(calls=calls, summary=message.content or "", messages=[*messages, assistant])

    def _act_analysis(self, state: AgentState, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      workspace: Path, stem: str, json_mode: bool) -> Action:
        """An agent-written analysis (`agents.measures.agent_written`), a researcher's loop: the
        step ends, in this code's words, once a run leaves a result that passes the checks or
        after MAX_TRIES runs; a failed run's traceback tail (bounded, sanitised) goes back to the
        model, and a reply without a run_python call is sent back once per turn."""
        calls = state.step_calls(attempt=state.attempt)
        runs = [c for c in calls if c.tool == "run_python"]
        problem = agent_written.unmet(state, workspace, stem)
        if (runs and not problem) or len(runs) >= agent_written.MAX_TRIES:
            return Action(summary=agent_written.summary(state, workspace, stem, problem), messages=messages,
                          author="code", tries=agent_written.tries(calls))
        if runs and calls[-1].tool == "run_python":  # the last run's outcome, in words the model can act on
            messages = [*messages, {"role": "user", "content": agent_written.feedback(state, stem, problem, len(runs))}]
        for turn in range(2):
            kw: dict[str, Any] = {"max_tokens": max(self.settings.max_tokens, agent_written.CODE_TOKENS)}
            if runs or turn:
                kw["temperature"] = agent_written.RETRY_TEMPERATURE
            action = self._act_once(state, messages, tools, json_mode, **kw)
            if action.calls:  # the coder's code runs inside the data loading and the output contract
                action.calls = [agent_written.wrap(state, stem, c) for c in action.calls]
                return action
            # no call (a 'done' before the result exists, or an unusable reply): its text is not
            # kept (a looping reply would fill the context); the model is told what is missing
            said = " ".join((action.summary or "").split())[:100]  # bounded: enough to see what it did
            messages = [*messages, {"role": "assistant", "content": f"(a reply without a run_python call: {said!r})"},
                        {"role": "user", "content": agent_written.feedback(state, stem, problem, len(runs))}]
        return Action(summary=agent_written.summary(state, workspace, stem, problem or "no run_python call"),
                      messages=messages, author="code", tries=agent_written.tries(calls))

    def _act_json(self, state: AgentState, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                  **kw: Any) -> Action:
        """One tool call (or the final summary) per turn, as JSON constrained by the union schema."""
        fmt = response_format("NextAction", action_schema(tools), strict=False)
        message = self._chat(self.wire(messages, json_mode=True), response_format=fmt, **kw)
        text = (message.content or "").strip()
        tool, args, summary = parse_action(text)
        if tool is None:
            return Action(summary=summary or text, messages=[*messages, {"role": "assistant", "content": summary or text}])
        n = sum(len(m.get("tool_calls") or []) for m in messages)
        call = PendingCall(id=f"json_{state.step + 1}_{state.attempt}_{n + 1}", tool=tool, args=args)
        assistant = {"role": "assistant", "content": None, "tool_calls": [
            {"id": call.id, "type": "function",
             "function": {"name": tool, "arguments": args if isinstance(args, str) else json.dumps(args)}}]}
        return Action(calls=[call], messages=[*messages, assistant])

    def _coder_prompt(self, state: AgentState, json_tools: list[dict[str, Any]] | None = None) -> str:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        earlier = [f"- step {r.step + 1}: {r.summary}" for r in state.results if r.step < state.step]
        review = state.last_review(state.step)
        revision = ""
        if state.attempt > 0 and review is not None:
            revision = "This is revision {} of the step. The reviewer asked for:\n{}".format(
                state.attempt, "\n".join(f"- {r}" for r in review.requests))
        stem = agent_written.target(step)
        guide = agent_written.guide(state, stem) if stem else ""
        if json_tools is not None:
            return render(
                "coder_json", request=state.request, goal=step.goal, acceptance="; ".join(step.acceptance),
                earlier="\n".join(earlier) or "(nothing yet)", revision=revision, tools=tool_lines(json_tools),
                guide=guide)
        return render(
            "coder", request=state.request, guide=guide,
            plan="\n".join(f"{i + 1}. {s.goal}" for i, s in enumerate(state.plan.steps)),
            step_number=state.step + 1, n_steps=len(state.plan.steps), goal=step.goal,
            acceptance="; ".join(step.acceptance), budget=f"{step.budget.wall_s:.0f} s wall, {step.budget.gpu_s:.0f} s GPU",
            earlier="\n".join(earlier) or "(nothing yet)", revision=revision,
        )

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check], workspace: Path) -> ReviewOut:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        system = render("reviewer", goal=step.goal, acceptance="; ".join(step.acceptance),
                        outputs=self._step_outputs(calls), checks=check_lines(checks))
        content: list[dict[str, Any]] | str = "Review this step."
        if self.settings.accepts_images:
            images = self._images(calls, workspace)
            if images:
                content = [{"type": "text", "text": "Review this step. Its plots follow."}, *images]
        out = self._structured([{"role": "system", "content": system}, {"role": "user", "content": content}], ReviewOut)
        assert isinstance(out, ReviewOut)
        return out

    def _step_outputs(self, calls: list[ToolCallRecord]) -> str:
        """A step's calls as the reviewer reads them: arguments, outputs, structured errors (summarised)."""
        return summarise_tool_message(
            json.dumps([{"tool": c.tool, "args": c.args, "ok": c.ok, "output": c.output,
                         "error": c.error.model_dump() if c.error else None}
                        for c in calls], default=str), max(2 * self.settings.tool_output_chars, 2000))

    @staticmethod
    def _images(calls: list[ToolCallRecord], workspace: Path) -> list[dict[str, Any]]:
        from agents.reviewer_checks import strings

        parts = []
        for c in calls:
            for v in dict.fromkeys(strings(c.output)):
                if v.lower().endswith(".png") and len(parts) < MAX_IMAGES:
                    p = workspace / v
                    if p.is_file():
                        data = base64.b64encode(p.read_bytes()).decode()
                        parts.append({"type": "image_url", "image_url": {"url": f"data:image/png;base64,{data}"}})
        return parts

    def summarise(self, request: str, facts: list[str]) -> str:
        system = render("reporter", request=request, facts="\n".join(facts[:80]) or "(no numbers)")
        message = self._chat([{"role": "system", "content": system},
                              {"role": "user", "content": "Write the summary paragraph."}],
                             max_tokens=self.summary_tokens or self.settings.max_tokens)
        return (message.content or "").strip()


def check_lines(checks: list[Check]) -> str:
    return "\n".join(f"- [{'ok' if c.passed else 'FAIL'}] {c.name}: {c.message}" for c in checks) or "(none)"


def tool_lines(tools: list[dict[str, Any]]) -> str:
    """`- name(arg: type, opt?: type): description` per tool: what the model must know in json
    mode, where the schema constrains the answer but is not shown to the model."""
    lines = []
    for t in tools:
        fn = t["function"]
        params = fn.get("parameters") or {}
        required = set(params.get("required", []))
        args = ", ".join(f"{k}{'' if k in required else '?'}: {v.get('type', 'any') if isinstance(v, dict) else 'any'}"
                         for k, v in (params.get("properties") or {}).items())
        lines.append(f"- {fn['name']}({args}): {(fn.get('description') or '').splitlines()[0][:160] if fn.get('description') else ''}")
    return "\n".join(lines)
