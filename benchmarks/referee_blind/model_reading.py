"""The model's claim reading on a blind batch (issue 23, item 1): the rules alone against the rules
plus the local model's structured reading (Qwen2.5-Coder-1.5B, `--backend local`), same reports.

    # 1. the model reads each report once and its claim sheet is kept (resumable; minutes a report on 2 cores)
    .venv/bin/python benchmarks/referee_blind/model_reading.py read benchmarks/referee_blind/b24/reports SHEETS
    # 2. both scores, the model's sheets replayed (seconds; the rules as they are now)
    .venv/bin/python benchmarks/referee_blind/model_reading.py score benchmarks/referee_blind/b24/reports SHEETS [OUT.json]

Reading and scoring are apart so that a batch's sheets can be taken before it is scored once,
after the last referee change (the scoring of a blind batch is its first run).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from agents.llm.base import LLMError  # noqa: E402
from agents.referee.model_claims import model_claims  # noqa: E402
from agents.referee.suite import load, score  # noqa: E402


class _Recorder:
    """The real backend, its last structured answer kept."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.last = inner, None

    def _structured(self, messages: list[dict[str, Any]], model: type[BaseModel],
                    fmt: dict[str, Any] | None = None, **kw: Any) -> BaseModel:
        self.last = self.inner._structured(messages, model, fmt, **kw)
        return self.last


class _Replay:
    """A recorded sheet given back as the model's answer (a recorded failure raised again)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def _structured(self, messages: list[dict[str, Any]], model: type[BaseModel],
                    fmt: dict[str, Any] | None = None, **kw: Any) -> BaseModel:
        if "error" in self.doc:
            raise LLMError(self.doc["error"])
        return model.model_validate(self.doc["sheet"])


def read(folder: Path, sheets: Path) -> None:
    from agents.configuration import load_settings
    from agents.llm.local_backend import LocalBackend

    sheets.mkdir(parents=True, exist_ok=True)
    rec = _Recorder(LocalBackend(load_settings(backend="local")))
    for _, path in load(folder):
        out = sheets / f"{path.name}.json"
        if out.exists():
            continue
        t0 = time.time()
        try:
            claims = model_claims(rec, path.read_text())
            doc: dict[str, Any] = {"sheet": rec.last.model_dump(mode="json"), "claims_kept": len(claims)}
        except LLMError as e:
            doc = {"error": str(e)}
        doc["seconds"] = round(time.time() - t0, 1)
        out.write_text(json.dumps(doc, indent=1))
        print(f"{path.name}: {doc['seconds']} s, " + (f"{doc['claims_kept']} claims" if "sheet" in doc else doc["error"]),
              flush=True)


def _summary(res: dict[str, Any]) -> dict[str, Any]:
    rows = res["reports"]
    clean = [r for r in rows if r["clean"]]
    asked = [r for r in rows if "answer_ok" in r]
    return {"caught": sum(r["caught"] for r in rows), "planted": sum(r["planted"] for r in rows),
            "clean_flagged": sum(bool(r["extra"]) for r in clean), "clean": len(clean),
            "extra_on_planted": sum(len(r["extra"]) for r in rows if not r["clean"]),
            "answers_right": sum(r["answer_ok"] for r in asked), "questions": len(asked)}


def compare(folder: Path, sheets: Path) -> dict[str, Any]:
    docs = {p.name: json.loads((sheets / f"{p.name}.json").read_text()) for _, p in load(folder)}
    rules, both = score(folder), score(folder, lambda p: _Replay(docs[p.name]))
    out = {"rules": _summary(rules), "rules_and_model": _summary(both),
           "model_failed": sorted(n for n, d in docs.items() if "error" in d),
           "model_seconds": round(sum(d["seconds"] for d in docs.values()), 1),
           "differences": [{"report": a["report"], "rules": {k: a[k] for k in ("missed", "extra")},
                            "rules_and_model": {k: b[k] for k in ("missed", "extra")}}
                           for a, b in zip(rules["reports"], both["reports"], strict=True)
                           if (a["missed"], a["extra"]) != (b["missed"], b["extra"])]}
    return out


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ("read", "score"):
        sys.exit(__doc__)
    folder, sheets = Path(sys.argv[2]), Path(sys.argv[3])
    if sys.argv[1] == "read":
        read(folder, sheets)
    else:
        res = compare(folder, sheets)
        print(json.dumps({k: v for k, v in res.items() if k != "differences"}, indent=1))
        for d in res["differences"]:
            print(f"  {d['report']}: rules {d['rules']}\n    rules+model {d['rules_and_model']}")
        if len(sys.argv) > 4:
            Path(sys.argv[4]).write_text(json.dumps(res, indent=1))
