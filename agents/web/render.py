"""HTML of what the web view shows: a report (markdown, HTML off), a JSON artifact with one field
marked. Everything from a workspace is text: markdown-it escapes it (raw HTML is not enabled),
Jinja autoescapes the rest, and links are rewritten to the view's own routes or dropped.

    html = report_html(markdown_text, file_url, field_url)   # links -> the view's routes
    lines, found = json_lines(doc, "/table/3/accuracy_mean")   # pretty JSON, the field marked
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markupsafe import Markup

from agents.provenance_refs import REF, pointer
from tools.safe_read import SandboxError, inside

MAX_LINES = 20_000  # lines of an artifact shown (the marked field is shown even past them)
UrlFn = Callable[[str], str]  # workspace-relative path -> URL of the view


def _target(href: str, file_url: UrlFn, field_url: Callable[[str, str], str]) -> str | None:
    """A report link (relative to report/) -> the view's URL; None for anything else (an
    absolute path, another site, javascript:, a path out of the workspace). A citation's
    pointer stays as `provenance_refs.pointer` wrote it (percent-escaped tokens)."""
    path, _, frag = href.partition("#")
    try:
        rel = inside("report", unquote(path))
    except SandboxError:
        return None
    return field_url(rel, frag) if frag.startswith("/") else file_url(rel)


def report_html(text: str, file_url: UrlFn, field_url: Callable[[str, str], str]) -> Markup:
    """report.md as HTML: each cited number is the link to its artifact field
    (`0.832 [↗](m.json#/p)` -> `[0.832 ↗](...)`), figures load from the workspace."""
    text = REF.sub(lambda m: f"[{m['value']}{m['pct']}\u00a0↗]({m['path']}#{m['pointer']})", text)
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    default_link = md.renderer.rules.get("link_open")

    def link_open(renderer, tokens, idx, options, env):
        tok = tokens[idx]
        url = _target(tok.attrGet("href") or "", file_url, field_url)
        cite = "#/" in (tok.attrGet("href") or "")
        if url is None:
            tok.attrs.pop("href", None)
        else:
            tok.attrSet("href", url)
            if cite:
                tok.attrSet("class", "cite")
        return default_link(tokens, idx, options, env) if default_link else \
            md.renderer.renderToken(tokens, idx, options, env)

    default_image = md.renderer.rules["image"]

    def image(renderer, tokens, idx, options, env):
        tok = tokens[idx]
        url = _target(tok.attrGet("src") or "", file_url, field_url)
        tok.attrSet("src", url or "")
        return default_image(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image)
    return Markup(md.render(text))  # noqa: S704 - markdown-it escaped every text token


def _lines(node: Any, path: list[str | int], key: str | None, depth: int) -> Iterator[tuple[int, str, str]]:
    """(depth, pointer, text) per line of a pretty-printed JSON document."""
    head = f"{json.dumps(key)}: " if key is not None else ""
    ptr = pointer(path)
    if isinstance(node, dict) and node:
        yield depth, ptr, head + "{"
        for k, v in node.items():
            yield from _lines(v, [*path, k], str(k), depth + 1)
        yield depth, "", "}"
    elif isinstance(node, list) and node:
        yield depth, ptr, head + "["
        for i, v in enumerate(node):
            yield from _lines(v, [*path, i], None, depth + 1)
        yield depth, "", "]"
    else:
        yield depth, ptr, head + json.dumps(node, default=str)


def json_lines(doc: Any, ptr: str) -> tuple[list[dict[str, Any]], bool]:
    """Lines of the document for the template (depth, pointer, text, marked); the line of `ptr`
    is marked (and kept even past `MAX_LINES`). Returns (lines, whether the field was found)."""
    out, found = [], False
    for n, (depth, p, text) in enumerate(_lines(doc, [], None, 0)):
        marked = bool(p) and p == ptr or (ptr in ("", "/") and n == 0)
        found = found or marked
        if n < MAX_LINES or marked:
            out.append({"depth": depth, "ptr": p, "text": text, "marked": marked})
        elif found:
            break
    return out, found
