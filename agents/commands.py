"""CLI of the agents: `run`, `chat`, `review`, `sessions`, `demo` (registered on the root app)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from agents.configuration import Settings, default_home, load_settings
from agents.model_text import for_terminal
from agents.progress import ProgressPrinter
from agents.review import as_json, format_result, review_report

if TYPE_CHECKING:  # agents.session (LangGraph) is imported by the commands that run one: others start fast
    from agents.session import Session

DEMO_REQUEST = ("Pretrain a backbone on top and QCD jets, then fine-tune a top vs QCD tagger and "
                "compare it with training from scratch")

Backend = Annotated[str | None, typer.Option("--backend", help="offline | openai | local (default: openai when an endpoint is configured; chat: local when set up)")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env OMNIJET_LLM_BASE_URL)")]
ApiKey = Annotated[str | None, typer.Option("--api-key", help="API key (env OPENAI_API_KEY)")]
Model = Annotated[str | None, typer.Option("--model", help="model name (env OMNIJET_LLM_MODEL)")]
Preset = Annotated[str | None, typer.Option("--preset", help="tiny | small | paper (a preset named in the request wins)")]
DEFAULT_HOME = default_home()
Home = Annotated[Path, typer.Option("--home", help="folder holding the sessions", envvar="OMNIJET_AGENT_HOME")]
Sandbox = Annotated[str, typer.Option("--sandbox", help="auto | local | docker")]
Revisions = Annotated[int, typer.Option("--max-revisions", help="revisions per step the reviewer may ask for")]
ToolCalls = Annotated[int, typer.Option("--max-tool-calls", help="tool calls per session")]

out = Console(highlight=False)


def _settings(backend, base_url, api_key, model, preset, home, sandbox="auto", max_revisions=None,
              max_tool_calls=None, prefer_local=False) -> Settings:
    s = load_settings(backend=backend, base_url=base_url, api_key=api_key, model=model, preset=preset,
                      home=home, sandbox=sandbox, prefer_local=prefer_local)
    given = {k: v for k, v in (("max_revisions", max_revisions), ("max_tool_calls", max_tool_calls))
             if v is not None}
    return s.with_(limits=replace(s.limits, **given)) if given else s


NOT_ANSWERED_EXIT = 3  # agents.answers.NOT_ANSWERED_EXIT: finished, an asked quantity not answered


def finish(session: Session) -> int:
    """Print the outcome; 0 when the session completed, 1 when it stopped or failed (kept), 3
    when it completed but an asked quantity could not be answered (the report says why)."""
    state = session.state()
    status = session.status()
    if status == "done" and not state.open_steps():
        if missing := _unanswered(state.report):
            Console(stderr=True).print(f"[bold red]not answered:[/] {for_terminal('; '.join(missing))}", highlight=False,
                                       soft_wrap=True)
            out.print(f"session kept: {session.id} · report {state.report}")
            return NOT_ANSWERED_EXIT
        out.print(f"[green]done[/] · session {session.id} · report {state.report}")
        return 0
    if status == "done":
        steps = ", ".join(str(i + 1) for i in state.open_steps())
        Console(stderr=True).print(f"[bold red]error:[/] finished, but step(s) {steps} not accepted by the reviewer "
                                   f"(see the report)", highlight=False, soft_wrap=True)
        out.print(f"session kept: {session.id} · report {state.report}")
        return 1
    if status == "awaiting_approval":
        ask = session.pending_approval() or {}
        out.print(f"[yellow]waiting for approval[/] of step {ask.get('approve', 0) + 1}: {for_terminal(ask.get('goal', ''))}\n"
                  f"  continue with: omnijet-agent sessions resume {session.id} --approve")
        return 1
    reason = for_terminal(state.stop_reason or status)  # may quote a model or a job
    Console(stderr=True).print(f"[bold red]error:[/] {reason}", highlight=False, soft_wrap=True)
    out.print(f"session kept: {session.id} ({session.dir})" + (f" · partial report {state.report}" if state.report else ""))
    return 1


def _unanswered(report: str) -> list[str]:
    """The asked quantities the report's analysis.json records as not answered."""
    from agents.answers import unanswered
    from agents.reviewer_checks import read_inside

    if not report:
        return []
    folder = Path(report).parent
    return unanswered(read_inside(folder, "analysis.json"))


def _session_for(settings: Settings, workspace: Path | None, printer: ProgressPrinter) -> Session:
    from agents.session import Session

    if workspace is not None:
        settings = settings.with_(home=workspace.parent)
        return Session(settings, workspace.name, on_event=printer)
    return Session(settings, on_event=printer)


def run_request(request: str, settings: Settings, workspace: Path | None = None, quiet: bool = False) -> int:
    session = _session_for(settings, workspace, ProgressPrinter(quiet=quiet))
    out.print(f"session {session.id} · backend {settings.backend} · folder {session.dir}")
    try:
        if session.graph.get_state(session.config).created_at is not None:
            out.print("resuming the existing session in this folder")
            session.resume()
        else:
            session.start(request)
        return finish(session)
    except KeyboardInterrupt:
        out.print(f"[yellow]interrupted[/]: resume with omnijet-agent sessions resume {session.id} --home {settings.home}")
        return 130
    finally:
        session.close()


def _session_rows(home: Path) -> list[str]:
    """One line per session under home, read without LangGraph (so `sessions list` starts fast):
    a session whose meta.json is a link, a FIFO, too large or of the wrong shape is one line
    saying so, and the others still list."""
    from agents.session_files import list_metas

    lines = []
    for name, meta in list_metas(home):  # meta.json is anyone's text: no escapes reach the terminal
        if isinstance(meta, str):
            line = f"{name}  {'unreadable':<18} {meta}"
        else:
            line = f"{name}  {meta.status or '?':<18} {meta.backend or '?':<8} {meta.request[:70]}"
        lines.append(for_terminal(line, markup=False).replace("\n", " ").replace("\t", " "))
    return lines


def register(app: typer.Typer) -> None:
    """Add the agents' commands to the root app (agents/main.py)."""
    from agents import llm_commands
    from agents.web import cli as web_cli

    llm_commands.register(app)
    web_cli.register(app)
    for name, fn in (("run", run_cmd), ("demo", demo_cmd), ("review", review_cmd), ("chat", chat_cmd)):
        app.command(name)(fn)
    sessions = typer.Typer(help="List, inspect, resume and fork agent sessions.", no_args_is_help=True)
    for name, fn in (("list", sessions_list), ("show", sessions_show), ("resume", sessions_resume),
                     ("fork", sessions_fork)):
        sessions.command(name)(fn)
    app.add_typer(sessions, name="sessions")


def run_cmd(
    request: Annotated[str, typer.Argument(help="what to do, in plain language")],
    backend: Backend = None, base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None,
    preset: Preset = None, home: Home = DEFAULT_HOME, sandbox: Sandbox = "auto",
    workspace: Annotated[Path | None, typer.Option("--workspace", help="session folder (resumed if it exists)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    max_revisions: Revisions = 1, max_tool_calls: ToolCalls = 60,
) -> None:
    """Carry out one request end to end and write a report; the exit code tells success."""
    s = _settings(backend, base_url, api_key, model, preset, home, sandbox, max_revisions, max_tool_calls)
    raise typer.Exit(run_request(request, s, workspace, quiet))


def demo_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="session folder of the demo")] = Path("runs/demo"),
    preset: Annotated[str, typer.Option("--preset", help="small (the main job, ~15 min on 2 cores) or tiny")] = "small",
    sandbox: Sandbox = "auto",
) -> None:
    """The README's main job: offline pretrain + fine-tune vs from scratch, ending in a report."""
    s = load_settings(backend="offline", preset=preset, home=out_dir.parent, sandbox=sandbox, env={})
    raise typer.Exit(run_request(f"{DEMO_REQUEST} ({preset} preset)", s, out_dir))


def review_cmd(
    report: Annotated[Path, typer.Argument(help="report.md to check")],
    as_json_: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    question: Annotated[str | None, typer.Option("--question", help='e.g. "does the CWoLa result hold up?"')] = None,
) -> None:
    """Check a report against what its session recorded: numbers, figures, claims, uncertainties, controls."""
    res = review_report(report, question=question)
    out.print(as_json(res) if as_json_ else format_result(res), markup=False, soft_wrap=True)
    raise typer.Exit(0 if res.ok else 1)


def chat_cmd(
    backend: Backend = None, base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None,
    preset: Preset = None, home: Home = DEFAULT_HOME, sandbox: Sandbox = "auto",
    approve_over: Annotated[float, typer.Option("--approve-over", help="ask /approve for steps budgeted over this many seconds (0: only steps marked expensive)")] = 0.0,
    max_revisions: Revisions = 1, max_tool_calls: ToolCalls = 60,
) -> None:
    """Interactive session: type a request; /plan /status /budget /approve /report /quit."""
    from agents.chat import Chat

    s = _settings(backend, base_url, api_key, model, preset, home, sandbox, max_revisions, max_tool_calls,
                  prefer_local=True)
    s = s.with_(limits=replace(s.limits, approve=True, approve_over_s=approve_over))
    if s.backend == "offline" and backend is None and not os.environ.get("OMNIJET_LLM_BACKEND"):
        out.print("no model configured: `omnijet-agent llm setup` sets up a local one (no endpoint needed); "
                  "until then the offline backend serves the request families it knows")
    raise typer.Exit(Chat(s).loop(sys.stdin))


def sessions_list(home: Home = DEFAULT_HOME) -> None:
    """Sessions under --home with their status and request."""
    rows = _session_rows(home)
    if not rows:
        out.print(f"no sessions under {home}")
    for line in rows:
        out.print(line, markup=False, soft_wrap=True)


def sessions_show(session_id: str, home: Home = DEFAULT_HOME) -> None:
    """Plan, reviews, counters and checkpoints of one session."""
    from agents.session import Session
    from agents.session_files import session_dir
    from agents.toolbox import NoTools

    folder = session_dir(home, session_id)  # a name inside home, before anything is opened
    ses = Session(load_settings(home=home, backend="offline", env={}), session_id, must_exist=True,
                  toolbox=NoTools(folder))
    try:
        typer.echo(json.dumps(_shown(ses), indent=2))
        for h in ses.history()[:40]:  # ids and node names come from the file: no escapes
            typer.echo(for_terminal(f"  [{h['index']:>3}] {h['checkpoint_id'][:18]} next={','.join(h['next']) or '-':<12} "
                                    f"step={h['step'] + 1} attempt={h['attempt']} calls={h['tool_calls']}", markup=False))
    finally:
        ses.close()


def _shown(ses: Session) -> dict:
    st = ses.state()
    return {"status": ses.status(), "request": st.request, "plan": st.plan.model_dump() if st.plan else None,
            "step": st.step, "attempt": st.attempt, "counters": st.counters.model_dump(),
            "reviews": [{"step": r.step, "attempt": r.attempt, "verdict": r.verdict, "requests": r.requests}
                        for r in st.reviews],
            "report": st.report}


def sessions_resume(
    session_id: str, home: Home = DEFAULT_HOME,
    approve: Annotated[bool, typer.Option("--approve/--deny", help="answer a pending approval")] = True,
    backend: Backend = None, base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None, sandbox: Sandbox = "auto",
) -> None:
    """Continue a stopped, killed or waiting session from its last checkpoint."""
    s = _settings(backend, base_url, api_key, model, None, home, sandbox)
    from agents.session import Session

    ses = Session(s, session_id, must_exist=True, on_event=ProgressPrinter())
    try:
        ses.resume(approve=approve if ses.pending_approval() is not None else None)
        code = finish(ses)
    finally:
        ses.close()
    raise typer.Exit(code)


def sessions_fork(
    session_id: str,
    at: Annotated[str, typer.Option("--at", help="checkpoint index (see `sessions show`) or id prefix")],
    home: Home = DEFAULT_HOME,
    run: Annotated[bool, typer.Option("--run/--no-run", help="continue the fork right away")] = False,
    backend: Backend = None, base_url: BaseUrl = None, api_key: ApiKey = None, model: Model = None, sandbox: Sandbox = "auto",
) -> None:
    """Start a new session from an earlier checkpoint of SESSION_ID (its workspace is copied)."""
    s = _settings(backend, base_url, api_key, model, None, home, sandbox)
    from agents.session import Session

    parent = Session(s, session_id, must_exist=True, on_event=ProgressPrinter())
    try:
        child = parent.fork(at)
    finally:
        parent.close()
    out.print(f"forked {session_id} at {at} -> {child.id}")
    code = 0
    try:
        if run:
            child.resume()
            code = finish(child)
    finally:
        child.close()
    raise typer.Exit(code)


