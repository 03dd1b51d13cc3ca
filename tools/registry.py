"""The tool registry and its OpenAI tool schemas.

    from tools.registry import all_tools, get_tool, openai_schemas
    openai_schemas()   # [{"type": "function", "function": {"name", "description", "parameters"}}]

Tool modules import nothing heavy at import time (torch and omnijet are imported inside the
tool functions), so listing tools and building schemas is fast and works anywhere.
`schema_problems(schema)` says why a schema would be refused by the OpenAI tools API; the
tests run it over every registered tool.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from tools.base import Tool

MODULES = ("tools.generic", "tools.data", "tools.tokenizer", "tools.backbone", "tools.transfer")
NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
# JSON-schema keywords the OpenAI function-calling API does not accept (or ignores badly).
UNSUPPORTED = {"$ref", "$defs", "definitions", "allOf", "oneOf", "not", "if", "then", "else",
               "patternProperties", "dependentRequired", "dependentSchemas", "$schema",
               "unevaluatedProperties", "const"}
JSON_TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


@cache
def _registry() -> dict[str, Tool]:
    import importlib

    tools: dict[str, Tool] = {}
    for mod in MODULES:
        for tool in importlib.import_module(mod).TOOLS:
            assert tool.name not in tools, f"duplicate tool {tool.name}"
            tools[tool.name] = tool
    return tools


def all_tools() -> list[Tool]:
    return list(_registry().values())


def tool_of_input(model: type) -> str:
    """The name of the tool whose input model is `model` (KeyError when none is)."""
    names = {t.input: t.name for t in _registry().values()}
    return names[model]


def get_tool(name: str) -> Tool:
    """The tool called `name`; KeyError when there is none (the runner reports it)."""
    return _registry()[name]


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every `$ref` by its definition and drop pydantic's `title`s (they cost tokens)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = copy.deepcopy(defs[node["$ref"].split("/")[-1]])
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return _inline({**target, **rest}, defs)
        return {k: _inline(v, defs) for k, v in node.items()
                if k not in ("title", "$defs") or (k == "title" and isinstance(v, dict))}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def parameters_schema(tool: Tool) -> dict[str, Any]:
    raw = tool.input.model_json_schema()
    schema = _inline(raw, raw.get("$defs", {}))
    schema.setdefault("properties", {})
    schema["additionalProperties"] = False
    return schema


def openai_schema(tool: Tool) -> dict[str, Any]:
    return {"type": "function", "function": {
        "name": tool.name, "description": tool.description,
        "parameters": parameters_schema(tool)}}


def openai_schemas(names: list[str] | None = None) -> list[dict[str, Any]]:
    """OpenAI `tools=[...]` entries for the named tools (default: all)."""
    tools = all_tools() if names is None else [get_tool(n) for n in names]
    return [openai_schema(t) for t in tools]


def _walk(node: Any, where: str, problems: list[str]) -> None:
    if isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, f"{where}[{i}]", problems)
        return
    if not isinstance(node, dict):
        return
    problems += [f"{where}: unsupported keyword {k!r}" for k in node if k in UNSUPPORTED]
    types = node.get("type")
    for t in types if isinstance(types, list) else [types] if types else []:
        if t not in JSON_TYPES:
            problems.append(f"{where}: unknown type {t!r}")
    if types is None and not ({"anyOf", "enum"} & node.keys()) and where.count(".") > 1:
        problems.append(f"{where}: no type, enum or anyOf")
    if types == "array" and "items" not in node:
        problems.append(f"{where}: array without items")
    if types == "object" and where.endswith("parameters") and not isinstance(
            node.get("properties"), dict):
        problems.append(f"{where}: object without properties")
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                _walk(sub, f"{where}.properties.{name}", problems)
        elif key in ("items", "anyOf", "additionalProperties"):
            _walk(value, f"{where}.{key}", problems)


def schema_problems(entry: dict[str, Any]) -> list[str]:
    """Why the OpenAI tools API would refuse this `tools=[...]` entry ([] when it would not)."""
    problems: list[str] = []
    if entry.get("type") != "function" or not isinstance(entry.get("function"), dict):
        return ['entry must be {"type": "function", "function": {...}}']
    fn = entry["function"]
    if not NAME_RE.match(str(fn.get("name", ""))):
        problems.append(f"name {fn.get('name')!r} must match {NAME_RE.pattern}")
    desc = fn.get("description")
    if not isinstance(desc, str) or not desc.strip() or len(desc) > 1024:
        problems.append("description must be a non-empty string of at most 1024 characters")
    params = fn.get("parameters")
    if not isinstance(params, dict) or params.get("type") != "object":
        return [*problems, "parameters must be a JSON-schema object ('type': 'object')"]
    required = params.get("required", [])
    missing = [r for r in required if r not in params.get("properties", {})]
    if missing:
        problems.append(f"required names unknown properties: {missing}")
    _walk(params, "parameters", problems)
    return problems
