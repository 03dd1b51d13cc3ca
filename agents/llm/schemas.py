"""JSON schemas sent as `response_format`: the analysis spec, tool calls as a union, reviews.

A server that enforces `response_format` (llama.cpp compiles it into a grammar) makes a small
model's answer well-formed by construction. The schemas here are shaped for that:

- every property is required (nullable where the model may leave it unstated), so the model
  writes each key and is prompted by its name; OpenAI's `strict` mode needs the same;
- arrays carry `maxItems`, so a looping small model cannot repeat an item until `max_tokens`;
- titles, descriptions and defaults are dropped: the grammar ignores them and OpenAI strict
  refuses `default`. The meaning of the fields lives in the prompt (prompts/spec.md).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from agents.spec import AnalysisSpec

# Upper bounds on list fields of the spec (items), from what a request can sensibly state.
_MAX_ITEMS = {"tasks": 6, "classes": 4, "labels": 6, "strategies": 3, "tokenizers": 3,
              "codebooks": 4, "signal_fractions": 6, "anomaly_methods": 2, "quantities": 6}
_SPEC_SKIP = ("question",)  # set from the request itself: copying it would cost ~50 tokens


def _strip(node: Any) -> Any:
    """Remove title / description / default everywhere; keep types, enums and bounds."""
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in ("title", "description", "default")}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def strict_schema(model: type[BaseModel], skip: tuple[str, ...] = (),
                  max_items: dict[str, int] | None = None) -> dict[str, Any]:
    """The model's JSON schema with every property required and `additionalProperties: false`."""
    schema = _strip(copy.deepcopy(model.model_json_schema()))
    props = {k: v for k, v in schema["properties"].items() if k not in skip}
    for name, cap in (max_items or {}).items():
        if name in props and props[name].get("type") == "array":
            props[name]["maxItems"] = cap
    schema["properties"] = props
    schema["required"] = list(props)
    schema["additionalProperties"] = False
    for sub in schema.get("$defs", {}).values():
        if sub.get("type") == "object":
            sub["required"] = list(sub.get("properties", {}))
            sub["additionalProperties"] = False
    return schema


def spec_schema() -> dict[str, Any]:
    """The AnalysisSpec as the model fills it (without `question`)."""
    return strict_schema(AnalysisSpec, skip=_SPEC_SKIP, max_items=_MAX_ITEMS)


def response_format(name: str, schema: dict[str, Any], strict: bool) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": strict}}


def action_schema(tools: list[dict[str, Any]]) -> dict[str, Any]:
    """The coder's next move as one JSON object: a union (anyOf) of one branch per tool,
    `{"tool": <const name>, "args": <the tool's input schema>}`, plus `{"done": <summary>}`."""
    branches: list[dict[str, Any]] = []
    for t in tools:
        fn = t["function"]
        params = _strip(copy.deepcopy(fn.get("parameters") or {"type": "object", "properties": {}}))
        branches.append({"type": "object", "properties": {"tool": {"const": fn["name"]}, "args": params},
                         "required": ["tool", "args"], "additionalProperties": False})
    branches.append({"type": "object", "properties": {"done": {"type": "string", "maxLength": 600}},
                     "required": ["done"], "additionalProperties": False})
    return {"anyOf": branches}


def parse_action(text: str) -> tuple[str | None, dict[str, Any] | str, str]:
    """(tool, args, summary) from the JSON the model wrote in json tool mode.

    `tool` is None for a `done` answer (then `summary` holds it). Arguments that are not an
    object are returned as their raw text, so the tool node reports the error to the model."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        return None, {}, ""
    if not isinstance(obj, dict):
        return None, {}, ""
    if "tool" in obj:
        args = obj.get("args", {})
        return str(obj["tool"]), args if isinstance(args, dict) else json.dumps(args), ""
    return None, {}, str(obj.get("done", ""))
