"""A report, whatever its style, as units that can state a result: prose sentences, table rows
and JSON fields, each with the line of the file it stands on (1-based).

Markdown (headings, lists, pipe tables), plain text and JSON answers (`{"answer": "...",
"results": {"auc": 0.78}}`, pretty-printed or on one line) are read; the report is text written
by someone else, so nothing in it is run and a malformed table or JSON falls back to prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

Format = Literal["markdown", "text", "json"]
MAX_UNITS = 5000  # a flooded report is read up to here
MAX_DEPTH = 12  # of a JSON answer


@dataclass(frozen=True)
class Unit:
    line: int
    text: str  # the sentence, or the row's cells joined by " | ", or "path: value"
    kind: Literal["prose", "row"]
    header: tuple[str, ...] = ()  # column names of a table row (JSON keys of an object)
    cells: tuple[str, ...] = ()
    context: str = ""  # the heading (JSON path) it stands under


def guess_format(text: str, name: str = "") -> Format:
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except (ValueError, RecursionError):
            pass
    if name.lower().endswith((".md", ".markdown")) or re.search(r"^(?:#{1,6} |\|.*\|\s*$)", text, re.M):
        return "markdown"
    return "text"


def sentences(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and `;` clauses) of a line; nothing splits inside parentheses or
    brackets, or at a decimal point, "e.g." or "vs."."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(line):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif ch in ".!?;" and depth == 0 and (i + 1 == len(line) or line[i + 1].isspace()):
            if ch == "." and re.search(r"(?:\be\.g|\bi\.e|\bvs|\bcf|\bFig|\bEq|\bet al|\bapprox)$", line[start:i], re.I):
                continue
            spans.append((start, i + 1))
            start = i + 1
    if start < len(line):
        spans.append((start, len(line)))
    return [(s, e) for s, e in spans if line[s:e].strip()]


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*", line))


def markdown_units(text: str) -> Iterator[Unit]:
    lines = text.splitlines()
    heading, header = "", ()
    for i, raw in enumerate(lines):
        lineno, line = i + 1, raw.strip()
        if not line or _is_rule(line):
            continue
        if line.startswith("|") and line.count("|") >= 2:
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _is_rule(nxt):
                header = tuple(_cells(line))
                continue
            cells = tuple(_cells(line))
            yield Unit(lineno, " | ".join(cells), "row", header, cells, heading)
            continue
        header = ()
        if m := re.match(r"#{1,6}\s+(.*)", line):
            heading = m.group(1).strip()
            yield Unit(lineno, heading, "prose", context=heading)
            continue
        line = re.sub(r"^(?:[-*+>]|\d{1,2}[.)])\s+", "", line)  # list markers, quotes
        line = re.sub(r"\*\*|__|`", "", line)
        for s, e in sentences(line):
            yield Unit(lineno, line[s:e].strip(), "prose", context=heading)


def _line_finder(raw: list[str]) -> Any:
    """The line of the next occurrence of a JSON token at or after the last one found."""
    pos = [0]

    def find(token: str) -> int:
        for j in range(pos[0], len(raw)):
            if token in raw[j]:
                pos[0] = j
                return j + 1
        return pos[0] + 1

    return find


def json_units(text: str) -> Iterator[Unit]:
    doc = json.loads(text)
    find = _line_finder(text.splitlines())

    def walk(x: Any, path: str, depth: int) -> Iterator[Unit]:
        if depth > MAX_DEPTH:
            return
        if isinstance(x, dict):
            scalars = {k: v for k, v in x.items() if isinstance(v, int | float | str | bool) or v is None}
            numeric = {k: v for k, v in scalars.items() if isinstance(v, int | float) and not isinstance(v, bool)}
            short = {k: v for k, v in scalars.items() if not isinstance(v, str) or len(v) <= 60}
            if numeric:  # the object's scalars are one row: keys are its columns
                first = next(iter(numeric))
                line = find(json.dumps(first))
                yield Unit(line, " | ".join(f"{k}: {v}" for k, v in short.items()), "row",
                           tuple(str(k) for k in short), tuple(str(v) for v in short.values()), path)
            for k, v in x.items():
                sub = f"{path}.{k}" if path else str(k)
                if isinstance(v, str) and (k not in short or not numeric):
                    yield from _json_prose(v, find(json.dumps(k)), sub)
                elif isinstance(v, dict | list):
                    find(json.dumps(k))
                    yield from walk(v, sub, depth + 1)
        elif isinstance(x, list):
            for j, v in enumerate(x[:MAX_UNITS]):
                if isinstance(v, str):
                    yield from _json_prose(v, find(json.dumps(v)[:40].rstrip('"')), f"{path}[{j}]")
                else:
                    yield from walk(v, f"{path}[{j}]", depth + 1)

    yield from walk(doc, "", 0)


def _json_prose(value: str, line: int, path: str) -> Iterator[Unit]:
    for part in value.splitlines():
        for s, e in sentences(part):
            yield Unit(line, part[s:e].strip(), "prose", context=path)


def units(text: str, fmt: Format) -> list[Unit]:
    if fmt == "json":
        try:
            out = list(json_units(text))
        except (ValueError, RecursionError):
            out = list(markdown_units(text))
    else:
        out = list(markdown_units(text))
    return out[:MAX_UNITS]
