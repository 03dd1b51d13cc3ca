"""The agents from Python (a notebook): one call runs a request, a typed result comes back.

    from agents import run                      # or: from agents.api import run, review
    res = run("Generate 200 top jets and plot them", preset="tiny")
    res.answer          # the report's answer sentences (numbers with their uncertainties)
    res.spec            # what was asked, typed (agents.spec.AnalysisSpec)
    res.tables["numbers"]           # every cited number: label, value, artifact, pointer, step
    res.tables["tool_calls"]        # tool, ok, wall time, error of each call
    res.tables["scan/metrics.json"] # a result table an artifact holds (list of rows), if any
    res.figures[0]      # shows inline in Jupyter (PNG); .path is the file
    res.report          # report.md; review(res.report) re-checks it against its artifacts

Sessions go to the same store as `omnijet-agent run` (`home`, default OMNIJET_AGENT_HOME or the
user's data folder), so `sessions list`, `web` and `chat` see them. Files are read through the
tools layer's safe reads (bounded, no links): a workspace is written by sandbox jobs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.configuration import load_settings
from agents.spec import AnalysisSpec
from agents.state import Counters, Plan

if TYPE_CHECKING:
    import pandas as pd

    from agents.review import ReviewResult

MAX_JSON, MAX_PNG = 32 << 20, 20 << 20


@dataclass(frozen=True)
class Figure:
    """A figure of the report; Jupyter shows it inline (`_repr_png_`)."""

    path: Path  # the copy in report/figures/
    source: str  # where the tool wrote it in the workspace
    call_id: str

    def _repr_png_(self) -> bytes:
        from tools.safe_read import read_bytes

        return read_bytes(self.path.parents[2], self.path.relative_to(self.path.parents[2]).as_posix(),
                          MAX_PNG)


@dataclass
class RunResult:
    session_id: str
    status: str  # done | failed | stopped | awaiting_approval | ...
    request: str
    spec: AnalysisSpec | None
    plan: Plan | None
    answer: list[str]
    caveats: list[str]
    counters: Counters
    report: Path | None
    folder: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    stop_reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "done"

    def _repr_markdown_(self) -> str:
        head = f"**{self.status}** · session `{self.session_id}`"
        body = " ".join(self.answer) or self.stop_reason or "(no answer)"
        return f"{head}\n\n{body}\n\nreport: `{self.report}`" if self.report else f"{head}\n\n{body}"


def run(request: str, *, preset: str | None = None, backend: str | None = None,
        home: str | Path | None = None, sandbox: str = "auto", quiet: bool = False,
        max_tool_calls: int | None = None) -> RunResult:
    """Carry out `request` end to end in a new session (as `omnijet-agent run`) and return what
    it found. Progress is printed unless `quiet`; model endpoints come from the environment."""
    from dataclasses import replace

    from agents.progress import ProgressPrinter
    from agents.session import Session

    _clean_notices()
    settings = load_settings(backend=backend, preset=preset, home=home, sandbox=sandbox)
    if max_tool_calls is not None:
        settings = settings.with_(limits=replace(settings.limits, max_tool_calls=max_tool_calls))
    session = Session(settings, on_event=ProgressPrinter(quiet=quiet))
    try:
        session.start(request)
        state, status = session.state(), session.status()
    finally:
        session.close()
    report = Path(state.report) if state.report else None
    result = RunResult(session_id=session.id, status=status, request=request, spec=state.spec,
                       plan=state.plan, answer=[], caveats=[], counters=state.counters, report=report,
                       folder=session.dir, stop_reason=state.stop_reason)
    result.tables["tool_calls"] = _frame([
        {"id": c.id, "step": c.step + 1, "attempt": c.attempt + 1, "tool": c.tool, "ok": c.ok,
         "wall_s": c.wall_s, "error": str(c.error) if c.error else ""} for c in state.calls])
    if report is not None:
        _read_report(result, session.workspace)
    return result


def review(report: str | Path, question: str | None = None) -> ReviewResult:
    """`omnijet-agent review`: check a report's numbers, figures and claims against its session's
    artifacts (`.ok`, `.failures`, `.findings`, `.answer` to `question`)."""
    from agents.review import review_report

    return review_report(report, question=question)


def _read_report(result: RunResult, workspace: Path) -> None:
    """answer, caveats, the numbers table, artifact tables and figures from report/report.json."""
    from tools.workspace import SandboxError, read_json_file

    doc = read_json_file(workspace, "report/report.json", MAX_JSON)
    result.answer, result.caveats = list(doc.get("answer") or []), list(doc.get("caveats") or [])
    facts = doc.get("facts") or []
    result.tables["numbers"] = _frame([{k: f.get(k) for k in ("label", "value", "artifact", "pointer",
                                                               "call_id", "step")} for f in facts])
    for artifact in dict.fromkeys(f["artifact"] for f in facts if f.get("artifact", "").startswith("../")):
        rel = artifact[3:]
        try:
            data = read_json_file(workspace, rel, MAX_JSON)
        except (SandboxError, ValueError):
            continue
        rows = data.get("table") if isinstance(data, dict) else None
        if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):
            result.tables[rel] = _frame(rows)
    result.figures = [Figure(path=workspace / "report" / f["path"], source=f.get("source", ""),
                             call_id=f.get("call_id", "")) for f in doc.get("figures") or []
                      if isinstance(f, dict) and str(f.get("path", "")).startswith("figures/")]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows)


_NOTICES = []


def _clean_notices() -> None:
    """The sandbox's isolation notice as one line, once (as on the command line)."""
    if not _NOTICES:
        from tools.cli import clean_sandbox_notices

        clean_sandbox_notices()
        _NOTICES.append(True)
