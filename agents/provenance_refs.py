"""References from a report's numbers to JSON artifacts: `path#/json/pointer` (RFC 6901).

A number in a report is written `VALUE [↗](PATH#/POINTER)`; this module formats, parses and
resolves such references and decides whether a displayed value matches its artifact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
REF = re.compile(rf"(?P<value>{NUMBER})(?P<pct>%?)\s*\[[^\]]*\]\((?P<path>[^)#\s]+)#(?P<pointer>/[^)\s]*)\)")


def pointer(parts: list[str | int]) -> str:
    return "".join("/" + quote(str(p).replace("~", "~0").replace("/", "~1"), safe="") for p in parts)


def resolve(doc: Any, ptr: str) -> Any:
    """Follow a JSON pointer; KeyError naming the first missing token."""
    cur = doc
    for token in ptr.split("/")[1:]:
        key = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(cur, list):
            if not key.isdigit() or int(key) >= len(cur):
                raise KeyError(key)
            cur = cur[int(key)]
        elif isinstance(cur, dict) and key in cur:
            cur = cur[key]
        else:
            raise KeyError(key)
    return cur


def numbers(obj: Any, parts: list[str | int] | None = None, depth: int = 6) -> Iterator[tuple[list[str | int], float]]:
    """Every finite numeric scalar in a JSON document with its path (lists of numbers skipped)."""
    parts = parts or []
    if isinstance(obj, bool) or depth < 0:
        return
    if isinstance(obj, int | float):
        if math.isfinite(obj):
            yield parts, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from numbers(v, [*parts, k], depth - 1)
    elif isinstance(obj, list) and obj and not all(isinstance(x, int | float) for x in obj) and len(obj) <= 50:
        for i, v in enumerate(obj):
            yield from numbers(v, [*parts, i], depth - 1)


def display(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e12:
        return str(int(value))
    return f"{value:.4g}"


def matches(shown: str, actual: Any) -> bool:
    """Does `shown` equal `actual` at the precision shown? ('0.873' matches 0.87312)."""
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    try:
        value = float(shown)
    except ValueError:
        return False
    mantissa = re.sub(r"[eE].*", "", shown).lstrip("+-").replace(".", "").lstrip("0")
    sig = max(len(mantissa), 1)
    if "." not in shown and "e" not in shown.lower():  # an integer is shown in full
        return abs(value - actual) < 0.5
    return math.isclose(float(f"{actual:.{sig}g}"), value, rel_tol=1e-9, abs_tol=1e-12)
