"""`omnijet-agent review REPORT.md`: check a report against its artifacts.

Checks, for a report made here or elsewhere:
1. every referenced number (`VALUE [..](PATH#/POINTER)`) equals its artifact's field at the
   precision shown, and the artifact and field exist;
2. artifacts whose sha256 report.json recorded are unchanged;
3. every figure (`![..](PATH)`) exists (and matches its recorded sha256);
4. claims are backed: a decimal number in the prose (outside tables and references) must equal
   a referenced value; otherwise it is an unbacked claim.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from agents.provenance_refs import NUMBER, REF, load_json, matches, resolve
from omnijet.errors import DataError
from omnijet.utils import sha256_file

FIGURE = re.compile(r"!\[[^\]]*\]\((?P<path>[^)\s]+)\)")
PROSE_NUMBER = re.compile(rf"(?<![\w.`/#-])(?P<value>{NUMBER})(?P<pct>%?)(?![\w`/-]|\.\d)")


@dataclass
class ReviewResult:
    report: Path
    checked: int = 0
    figures: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def review_report(path: str | Path) -> ReviewResult:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"report not found: {path}")
    text = path.read_text()
    base = path.parent
    res = ReviewResult(report=path)
    meta_path = base / "report.json"
    recorded: dict[str, str] = {}
    if meta_path.is_file():
        try:
            meta = load_json(meta_path)
            recorded = {f["artifact"]: f["sha256"] for f in meta.get("facts", []) if f.get("sha256")}
            recorded |= {f["path"]: f["sha256"] for f in meta.get("figures", []) if f.get("sha256")}
        except (ValueError, KeyError, TypeError) as e:
            res.warnings.append(f"{meta_path.name}: unreadable ({e}); sha256 checks skipped")
    docs: dict[str, object] = {}
    shown_values: set[float] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in REF.finditer(line):
            res.checked += 1
            artifact, ptr, shown = m["path"], m["pointer"], m["value"]
            where = f"line {lineno}: {shown} -> {artifact}#{ptr}"
            if artifact not in docs:
                p = base / artifact
                if not p.is_file():
                    docs[artifact] = None
                    res.failures.append(f"{where}: artifact missing ({p})")
                    continue
                try:
                    docs[artifact] = load_json(p)
                except (ValueError, UnicodeDecodeError):
                    docs[artifact] = None
                    res.failures.append(f"{where}: artifact is not JSON ({p})")
                    continue
                if artifact in recorded and sha256_file(p) != recorded[artifact]:
                    res.failures.append(f"{artifact}: changed since the report was written (sha256 differs)")
            doc = docs[artifact]
            if doc is None:
                continue
            try:
                actual = resolve(doc, ptr)
            except KeyError as e:
                res.failures.append(f"{where}: field {e.args[0]!r} not in the artifact")
                continue
            if m["pct"] and isinstance(actual, int | float) and not isinstance(actual, bool):
                actual = actual * 100  # "80%" cites a fraction of 0.8
            if not matches(shown, actual):
                res.failures.append(f"{where}{m['pct']}: the artifact says {actual!r}")
            else:
                shown_values.add(float(shown) / (100 if m["pct"] else 1))
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in FIGURE.finditer(line):
            res.figures += 1
            p = base / m["path"]
            if not p.is_file():
                res.failures.append(f"line {lineno}: figure missing: {m['path']}")
            elif m["path"] in recorded and sha256_file(p) != recorded[m["path"]]:
                res.failures.append(f"line {lineno}: figure {m['path']} changed since the report was written")
    _check_claims(text, shown_values, res)
    return res


def _check_claims(text: str, backed: set[float], res: ReviewResult) -> None:
    """Decimal numbers in prose must be among the referenced values (or their percentages).

    Only the `## Summary` section is read when there is one (that is where claims are made);
    otherwise all prose lines are.
    """
    lines = list(enumerate(text.splitlines(), 1))
    heads = [i for i, (_, ln) in enumerate(lines) if ln.startswith("## ")]
    start = next((i for i in heads if lines[i][1].strip().lower() == "## summary"), None)
    if start is not None:
        end = next((i for i in heads if i > start), len(lines))
        lines = lines[start + 1:end]
    in_code = False
    for lineno, line in lines:
        if line.strip().startswith("```"):
            in_code = not in_code
        if in_code or line.lstrip().startswith(("|", "#", "![")) or line.startswith("_"):
            continue
        prose = re.sub(r"`[^`]*`|\([^)]*#/[^)]*\)", "", FIGURE.sub("", REF.sub("", line)))
        for m in PROSE_NUMBER.finditer(prose):
            value = m["value"]
            if "." not in value and not m["pct"]:
                continue  # integers in prose are counts ("3 seeds", "step 2"), not results
            v = float(value) / (100 if m["pct"] else 1)
            if not any(matches(value, b) or (m["pct"] and abs(b - v) < 5e-4 * max(1, abs(v)) * 10) for b in backed):
                res.failures.append(f"line {lineno}: number {value}{m['pct']} is not backed by any referenced artifact")


def format_result(res: ReviewResult) -> str:
    head = (f"{res.report}: {'OK' if res.ok else 'FAILED'} — {res.checked} referenced numbers, "
            f"{res.figures} figures, {len(res.failures)} problem(s)")
    return "\n".join([head, *(f"  FAIL {f}" for f in res.failures), *(f"  warn {w}" for w in res.warnings)])


def as_json(res: ReviewResult) -> str:
    return json.dumps({"report": str(res.report), "ok": res.ok, "checked": res.checked,
                       "figures": res.figures, "failures": res.failures, "warnings": res.warnings}, indent=2)
