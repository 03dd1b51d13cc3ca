"""The public request suite (tests/agents/requests.yaml): loading and spec comparison.

Shared by the fast parser test (tests/agents/test_request_suite.py) and the end-to-end
benchmark (benchmarks/requests.py), so that both judge a spec by the same rules:

- a field in `expected` must match: as a set where order does not matter (tasks, classes,
  strategies, tokenizers, anomaly_methods), as a sorted list for numbers (labels, codebooks,
  signal_fractions; fractions within 1e-6), exactly otherwise;
- a field not in `expected` must be empty (None, [] or False): the request did not state it;
- `quantities` as a set of (metric, subject, condition, comparison); their `evidence` and
  `default` flag are not compared;
- `question` is never compared, and `preset` only when expected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from agents.spec import AnalysisSpec, Quantity, Task

SUITE = Path(__file__).with_name("requests.yaml")
FAMILIES: tuple[Task, ...] = ("generate", "tokenizer", "pretrain", "finetune", "anomaly", "review")
AS_SET = frozenset({"tasks", "classes", "strategies", "tokenizers", "anomaly_methods"})
AS_SORTED_NUMBERS = frozenset({"labels", "codebooks", "signal_fractions"})
NOT_COMPARED = frozenset({"question"})
ONLY_WHEN_EXPECTED = frozenset({"preset"})


class SuiteEntry(BaseModel):
    """One request of the suite and the spec fields it states."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    set: Literal["dev", "holdout"]
    family: Task
    request: str
    expected: dict[str, Any]

    @field_validator("expected")
    @classmethod
    def _valid_spec(cls, v: dict[str, Any]) -> dict[str, Any]:
        AnalysisSpec(**v)  # a misspelt field or a value outside the spec's types fails here
        if "question" in v:
            raise ValueError("'question' is not compared; leave it out of expected")
        return v


class SuiteError(ValueError):
    """The suite file is malformed (names the entry and what is wrong)."""


def load_suite(path: Path = SUITE, which: str = "all") -> list[SuiteEntry]:
    """Entries of the suite, of one set ('dev', 'holdout') or 'all'."""
    raw = yaml.safe_load(Path(path).read_text())
    if not isinstance(raw, list):
        raise SuiteError(f"{path}: expected a list of requests, got {type(raw).__name__}")
    entries: list[SuiteEntry] = []
    for i, item in enumerate(raw):
        try:
            entries.append(SuiteEntry(**item))
        except (TypeError, ValueError) as e:
            name = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
            raise SuiteError(f"{path}: entry {name}: {e}") from None
    ids = [e.id for e in entries]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        raise SuiteError(f"{path}: duplicate ids {dupes}")
    if which not in ("all", "dev", "holdout"):
        raise SuiteError(f"unknown set {which!r} (choose dev, holdout or all)")
    return [e for e in entries if which == "all" or e.set == which]


def _empty(value: Any) -> bool:
    return value is None or value == [] or value is False


def quantity_keys(items: Any) -> set[tuple[object, ...]]:
    """The quantities as comparable keys (evidence and the default flag aside); an item that is
    not a Quantity (a report written by another version) is kept as its text, so it mismatches."""
    out: set[tuple[object, ...]] = set()
    for q in items or []:
        try:
            out.add(Quantity(**q).key() if isinstance(q, dict) else q.key())
        except (TypeError, ValueError, AttributeError):
            out.add(("unreadable", repr(q)))
    return out


def _same(field: str, want: Any, got: Any) -> bool:
    if field == "quantities":
        return isinstance(got, list) and quantity_keys(want) == quantity_keys(got)
    if field in AS_SET:
        return isinstance(got, list) and set(want) == set(got)
    if field in AS_SORTED_NUMBERS:
        if not isinstance(got, list) or len(want) != len(got):
            return False
        return all(math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
                   for a, b in zip(sorted(want), sorted(got), strict=True))
    return want == got


def spec_mismatches(entry_id: str, expected: Mapping[str, Any], got: Mapping[str, Any]) -> list[str]:
    """One line per field where `got` (a dumped AnalysisSpec) departs from `expected`."""
    out = []
    for field in AnalysisSpec.model_fields:
        if field in NOT_COMPARED:
            continue
        value = got.get(field)
        if field in expected:
            if not _same(field, expected[field], value):
                out.append(f"{entry_id}: {field}: expected {expected[field]!r}, got {value!r}")
        elif field not in ONLY_WHEN_EXPECTED and not _empty(value):
            out.append(f"{entry_id}: {field}: not stated in the request, but got {value!r}")
    return out
