"""A scripted OpenAI-compatible chat-completions server on localhost (real HTTP, stdlib only).

`script(request_body, n)` returns (status, headers, body) for the n-th request; every request
body is kept in `server.requests` for the test to inspect.

Like a server that enforces `response_format` (llama.cpp turns the JSON schema into a
grammar), the fake checks every scripted answer to a `json_schema` request against that
schema (`schema_errors`, a subset of JSON Schema: the keywords our schemas use). A scripted
answer the real server could never produce is then a failing test, not a silent pass.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, str], bytes | str | dict[str, Any]]


def completion(content: str | None = None, tool_calls: list[dict[str, Any]] | None = None,
               prompt_tokens: int = 100, completion_tokens: int = 20) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [{"id": tc["id"], "type": "function",
                                  "function": {"name": tc["name"], "arguments": tc["arguments"]}} for tc in tool_calls]
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": "fake-model",
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool_calls else "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


def schema_errors(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, at: str = "$") -> list[str]:
    """Where `value` departs from `schema` (type, enum, const, anyOf, properties, required,
    additionalProperties, items, maxItems, minimum / maximum, $ref into $defs)."""
    root = root or schema
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        if any(not schema_errors(value, s, root, at) for s in schema["anyOf"]):
            return []
        return [f"{at}: matches no branch of anyOf"]
    if "const" in schema and value != schema["const"]:
        return [f"{at}: expected {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in {schema['enum']}"]
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
             "integer": int, "number": (int, float)}
    t = schema.get("type")
    if t is not None:
        ok = isinstance(value, kinds[t]) and not (t in ("integer", "number") and isinstance(value, bool))
        if not ok:
            return [f"{at}: expected {t}, got {type(value).__name__}"]
    errors: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{at}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{at}: unexpected {k}" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                errors += schema_errors(v, props[k], root, f"{at}.{k}")
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{at}: more than {schema['maxItems']} items")
        for i, v in enumerate(value):
            errors += schema_errors(v, schema.get("items", {}), root, f"{at}[{i}]")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{at}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{at}: {value} > {schema['maximum']}")
    return errors


def _check_reply(body: dict[str, Any], payload: Any) -> list[str]:
    rf = body.get("response_format") or {}
    if rf.get("type") != "json_schema" or not isinstance(payload, dict):
        return []
    try:
        content = payload["choices"][0]["message"]["content"]
        value = json.loads(content)
    except (KeyError, IndexError, TypeError, json.JSONDecodeError):
        return [f"{rf['json_schema']['name']}: the scripted answer is not JSON"]
    return [f"{rf['json_schema']['name']}: {e}" for e in schema_errors(value, rf["json_schema"]["schema"])]


class FakeOpenAI:
    def __init__(self, script: Callable[[dict[str, Any], int], Reply]) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.schema_violations: list[str] = []  # scripted answers a schema-enforcing server could not give
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                outer.requests.append(body)
                status, headers, payload = outer.script(body, len(outer.requests) - 1)
                if status == 200:
                    outer.schema_violations += _check_reply(body, payload)
                data = payload if isinstance(payload, bytes) else (
                    payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
