"""Any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp) through the openai SDK.

Tool calling for the coder, JSON-schema structured outputs for the Plan and the Review,
retries (429/5xx, by the SDK, honouring Retry-After) and timeouts, token and cost accounting,
and plots sent as image parts to models that accept them. Anything the endpoint does wrong
becomes an `LLMError` with one clear line; the graph keeps the session.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import openai
from pydantic import BaseModel, Field, ValidationError

from agents.configuration import Settings
from agents.llm.base import Action, LLMError, Usage
from agents.prompts import render
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


class PlanOut(BaseModel):
    """The plan as the model writes it (the graph adds family and params)."""

    title: str
    steps: list[PlanStep] = Field(min_length=1)


def _schema_format(model: type[BaseModel]) -> dict[str, Any]:
    return {"type": "json_schema",
            "json_schema": {"name": model.__name__, "schema": model.model_json_schema(), "strict": False}}


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


class OpenAIBackend:
    name = "openai"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = openai.OpenAI(
            base_url=settings.base_url, api_key=settings.api_key or "not-needed",
            timeout=settings.timeout_s, max_retries=settings.max_retries,
        )
        self._usage = Usage()

    # -- plumbing ---------------------------------------------------------------------------
    def take_usage(self) -> Usage:
        u, self._usage = self._usage, Usage()
        return u

    def _chat(self, messages: list[dict[str, Any]], **kw: Any) -> Any:
        where = self.settings.base_url or "api.openai.com"
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

    def _structured(self, messages: list[dict[str, Any]], model: type[BaseModel]) -> BaseModel:
        """Ask for JSON matching `model`; one repair round with the validation error, then fail."""
        for attempt in range(2):
            message = self._chat(messages, response_format=_schema_format(model))
            text = message.content or ""
            try:
                return model.model_validate_json(text)
            except ValidationError as e:
                if attempt == 1:
                    raise LLMError(f"the model's {model.__name__} is not valid: {e.errors()[0]['msg']} "
                                   f"at {'.'.join(map(str, e.errors()[0]['loc']))} (got {text[:120]!r})") from None
                messages = [*messages, {"role": "assistant", "content": text},
                            {"role": "user", "content": f"That was not a valid {model.__name__}: {e}. "
                                                        "Answer again with JSON only."}]
        raise AssertionError("unreachable")

    # -- the roles ---------------------------------------------------------------------------
    def can_revise(self, state: AgentState, review: Review) -> bool:
        return True  # the model reads the requests and decides what to change

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

    def act(self, state: AgentState, tools: list[dict[str, Any]], workspace: Path) -> Action:
        assert state.plan is not None
        messages = list(state.messages)
        if not messages:
            messages = [{"role": "system", "content": self._coder_prompt(state)},
                        {"role": "user", "content": "Carry out this step now."}]
        message = self._chat(repair_messages(messages), tools=tools, tool_choice="auto")
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

    def _coder_prompt(self, state: AgentState) -> str:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        earlier = [f"- step {r.step + 1}: {r.summary}" for r in state.results if r.step < state.step]
        review = state.last_review(state.step)
        revision = ""
        if state.attempt > 0 and review is not None:
            revision = "This is revision {} of the step. The reviewer asked for:\n{}".format(
                state.attempt, "\n".join(f"- {r}" for r in review.requests))
        return render(
            "coder", request=state.request,
            plan="\n".join(f"{i + 1}. {s.goal}" for i, s in enumerate(state.plan.steps)),
            step_number=state.step + 1, n_steps=len(state.plan.steps), goal=step.goal,
            acceptance="; ".join(step.acceptance), budget=f"{step.budget.wall_s:.0f} s wall, {step.budget.gpu_s:.0f} s GPU",
            earlier="\n".join(earlier) or "(nothing yet)", revision=revision,
        )

    def critique(self, state: AgentState, calls: list[ToolCallRecord], checks: list[Check], workspace: Path) -> ReviewOut:
        assert state.plan is not None
        step = state.plan.steps[state.step]
        outputs = json.dumps([{"tool": c.tool, "args": c.args, "ok": c.ok, "output": c.output, "error": c.error}
                              for c in calls], default=str)[:30000]
        system = render("reviewer", goal=step.goal, acceptance="; ".join(step.acceptance), outputs=outputs,
                        checks="\n".join(f"- [{'ok' if c.passed else 'FAIL'}] {c.name}: {c.message}" for c in checks) or "(none)")
        content: list[dict[str, Any]] | str = "Review this step."
        if self.settings.accepts_images:
            images = self._images(calls, workspace)
            if images:
                content = [{"type": "text", "text": "Review this step. Its plots follow."}, *images]
        out = self._structured([{"role": "system", "content": system}, {"role": "user", "content": content}], ReviewOut)
        assert isinstance(out, ReviewOut)
        return out

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
                              {"role": "user", "content": "Write the summary paragraph."}])
        return (message.content or "").strip()
