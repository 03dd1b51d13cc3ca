"""Claims read by a model (structured output), kept beside the rule-based reading.

With a model backend (openai or local), the model fills a `ClaimSheet` through a JSON schema
(`agents.llm.schemas.strict_schema`, as the analysis spec is filled); its claims become the same
`Claim` records (`source="model"`). `merge` keeps one record where the two readings agree and
both where they differ, so a rule sees each reading. Offline, only the rules read the report.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from agents.llm.schemas import response_format, strict_schema
from agents.prompts import render
from agents.referee.claims import QUANTITIES, Claim, Comparison, Value
from agents.referee.numbers import to_float
from agents.referee.vocabulary import NUMBER_RE, QUALIFIER_RE

MAX_CLAIMS = 80  # items of the sheet (a looping small model cannot run to max_tokens)
MAX_TOKENS = 4000
MAX_LINES = 400  # lines of the report sent to the model

WireQuantity = Literal[tuple([*QUANTITIES, "other"])]  # type: ignore[valid-type]
Qualifier = Literal["significant", "not_significant", "clearly", "consistent_with", "random", "lossless", "perfect",
                    "indistinguishable", "discovery", "better_than_real", "inverted", "universal"]


class WireClaim(BaseModel):
    line: int
    quantity: WireQuantity
    value: float | None
    uncertainty: float | None
    subject: str
    role: Literal["result", "control", "classifier_test", "setting"]
    comparison: Literal["better", "worse", "higher", "lower", "similar", "none"]
    other_value: float | None
    qualifiers: list[Qualifier] = Field(max_length=6)
    sample_size: int | None
    seeds: int | None


class ClaimSheet(BaseModel):
    claims: list[WireClaim] = Field(max_length=MAX_CLAIMS)


class Structured(Protocol):
    """What the openai and local backends offer: JSON matching a pydantic model."""

    def _structured(self, messages: list[dict[str, Any]], model: type[BaseModel],
                    fmt: dict[str, Any] | None = None, **kw: Any) -> BaseModel: ...


def sheet_format() -> dict[str, Any]:
    return response_format("ClaimSheet", strict_schema(ClaimSheet, max_items={"claims": MAX_CLAIMS}), strict=True)


def numbered(text: str) -> str:
    return "\n".join(f"{i:4d}| {line[:400]}" for i, line in enumerate(text.splitlines()[:MAX_LINES], 1))


def _printed(x: float, line: str) -> bool:
    """`x` is a number the line prints (as it stands, or as a percentage of it)."""
    for m in NUMBER_RE.finditer(line[:2000]):
        try:
            v = to_float(m.group("num"))
        except ValueError:
            continue
        if any(math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9) for y in (v, v / 100, -v)):
            return True
    return False


def _grounded(qualifier: str, line: str) -> bool:
    """A qualifier the line's own words say (the model is asked for the words used, and a small one
    attaches 'discovery' to a table row that says nothing of the kind)."""
    pattern = QUALIFIER_RE.get(qualifier.removeprefix("not_"))
    return pattern is not None and pattern.search(line) is not None


def to_claims(sheet: ClaimSheet, text: str) -> list[Claim]:
    """The sheet's claims that the report's lines bear out: a value the line prints (else the
    claim is dropped), the compared value too (else no comparison), the qualifiers its words say."""
    lines = text.splitlines()
    out = []
    for w in sheet.claims:
        if not 1 <= w.line <= len(lines) or w.value is None or not math.isfinite(w.value) \
                or not _printed(w.value, lines[w.line - 1]):
            continue  # a line the report does not have, or a number it does not print: nothing to check
        line = lines[w.line - 1]
        q = "" if w.quantity == "other" else w.quantity
        values = [Value(quantity=q, value=w.value, shown=f"{w.value:g}", uncertainty=w.uncertainty, label=w.subject[:80],
                        role=w.role)]
        comp = None
        if w.comparison != "none" and w.other_value is not None and math.isfinite(w.other_value) \
                and _printed(w.other_value, line):
            values.append(Value(quantity=q, value=w.other_value, shown=f"{w.other_value:g}", start=1))
            comp = Comparison(relation=w.comparison, left=0, right=1, word=w.comparison)
        out.append(Claim(line=w.line, text=line.strip(), values=values, comparison=comp,
                         qualifiers=[x for x in dict.fromkeys(w.qualifiers) if _grounded(x, line)],
                         sample_size=w.sample_size, seeds=w.seeds,
                         source="model"))
    return out


def model_claims(backend: Structured, text: str) -> list[Claim]:
    """The model's reading of the report (raises `agents.llm.LLMError` when it gives none)."""
    messages = [{"role": "system", "content": render("referee_claims")}, {"role": "user", "content": numbered(text)}]
    sheet = backend._structured(messages, ClaimSheet, sheet_format(), max_tokens=MAX_TOKENS)
    assert isinstance(sheet, ClaimSheet)
    return to_claims(sheet, text)


def _same(a: Value, b: Value) -> bool:
    return a.quantity == b.quantity and math.isclose(a.value, b.value, rel_tol=1e-6, abs_tol=1e-9)


def merge(rules: list[Claim], model: list[Claim]) -> tuple[list[Claim], int]:
    """Both readings, one record where they agree: (claims in line order, how many differed)."""
    out, differ = list(rules), 0
    for m in model:
        mine = [r for r in rules if r.line == m.line]
        agree = any(all(any(_same(v, w) for w in r.values) for v in m.values)
                    and (m.comparison is None or (r.comparison is not None
                                                  and r.comparison.relation == m.comparison.relation))
                    and set(m.qualifiers) <= set(r.qualifiers) for r in mine)
        if not agree:
            out.append(m)
            differ += 1
    return sorted(out, key=lambda c: c.line), differ
