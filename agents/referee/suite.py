"""The referee's suite: reports with planted errors (and clean ones), each with a sidecar YAML
naming what a referee must find (rule and line), scored as caught / planted and false alarms.

    report: p01_cwola_log.md        # beside the YAML
    split: public | holdout         # holdout: never tuned to, reported apart
    clean: false
    expect: [{rule: control_vs_null, line: 13}]
    question: does the anomaly claim hold up?   # optional, with the answer's first word
    answer: "No"
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from agents.referee.model_claims import Structured
from agents.referee.referee import answer, referee
from agents.referee.rules import RULES


class Expected(BaseModel):
    rule: str
    line: int | list[int]

    def lines(self) -> list[int]:
        return self.line if isinstance(self.line, list) else [self.line]


class Entry(BaseModel):
    report: str
    split: Literal["public", "holdout"]
    clean: bool
    expect: list[Expected] = Field(default_factory=list)
    question: str | None = None
    answer: str | None = None


def load(folder: Path) -> list[tuple[Entry, Path]]:
    out = []
    for y in sorted(folder.glob("*.yaml")):
        e = Entry.model_validate(yaml.safe_load(y.read_text()))
        assert {x.rule for x in e.expect} <= {r.name for r in RULES}, f"{y.name}: unknown rule"
        assert e.clean == (not e.expect), f"{y.name}: clean iff nothing planted"
        out.append((e, folder / e.report))
    return out


def score_one(e: Entry, path: Path, backend: Structured | None = None) -> dict[str, Any]:
    text = path.read_text()
    ref = referee(text, path.name, backend=backend)
    found = [(f.rule, f.line) for f in ref.findings]
    caught = [x for x in e.expect if any((x.rule, ln) in found for ln in x.lines())]
    missed = [f"{x.rule}@{x.lines()[0]}" for x in e.expect if x not in caught]
    expected = {(x.rule, ln) for x in e.expect for ln in x.lines()}
    extra = [f"{f.rule}@{f.line}: {f.message[:100]}" for f in ref.findings if (f.rule, f.line) not in expected]
    row: dict[str, Any] = {"report": e.report, "split": e.split, "clean": e.clean, "planted": len(e.expect),
                           "caught": len(caught), "missed": missed, "extra": extra}
    if e.question:
        got = answer(e.question, ref, text)
        row.update(question=e.question, answer=got, answer_ok=got.split(":")[0].split(",")[0].strip() == e.answer)
    return row


def score(folder: Path, backend_for: Callable[[Path], Structured | None] | None = None) -> dict[str, Any]:
    """The suite's figures; `backend_for(report)`: a model reading beside the rules' (None: rules only)."""
    rows = [score_one(e, p, backend_for(p) if backend_for else None) for e, p in load(folder)]
    out: dict[str, Any] = {}
    for split in ("public", "holdout"):
        rs = [r for r in rows if r["split"] == split]
        planted = sum(r["planted"] for r in rs)
        caught = sum(r["caught"] for r in rs)
        clean = [r for r in rs if r["clean"]]
        asked = [r for r in rs if "answer_ok" in r]
        out[split] = {"reports": len(rs), "planted": planted, "caught": caught,
                      "recall": round(caught / planted, 3) if planted else None,
                      "clean_reports": len(clean), "clean_with_false_alarm": sum(bool(r["extra"]) for r in clean),
                      "extra_findings_on_planted": sum(len(r["extra"]) for r in rs if not r["clean"]),
                      "questions": len(asked), "answers_right": sum(r["answer_ok"] for r in asked)}
    per_rule: dict[str, dict[str, int]] = {r.name: {"planted": 0, "caught": 0} for r in RULES}
    for e, _ in load(folder):
        row = next(r for r in rows if r["report"] == e.report)
        for x in e.expect:
            per_rule[x.rule]["planted"] += 1
            per_rule[x.rule]["caught"] += f"{x.rule}@{x.lines()[0]}" not in row["missed"]
    out["per_rule"] = per_rule
    out["reports"] = rows
    return out
