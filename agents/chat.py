"""`omnijet-agent chat`: a small REPL over sessions, with live progress and slash commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rich.console import Console

from agents.configuration import Settings
from agents.model_text import for_terminal
from agents.progress import ProgressPrinter
from agents.session import Session
from omnijet.errors import OmniJetError

HELP = """requests are plain language, e.g. "generate 500 top jets (tiny preset)".
/plan      the current plan          /status   step, attempt, status
/budget    tool calls, time, tokens  /approve  run the step waiting for approval (/deny stops it)
/report    path and summary          /resume   continue an interrupted session
/new       forget the current session  /history  requests of this chat
/quit      leave (sessions are kept under --home)"""


class Chat:
    def __init__(self, settings: Settings, console: Console | None = None) -> None:
        self.settings = settings
        self.console = console or Console(highlight=False)
        self.session: Session | None = None
        self.history: list[str] = []
        self.history_file = Path(settings.home) / ".chat_history"

    def loop(self, stdin: TextIO) -> int:
        c = self.console
        c.print(f"omnijet-agent chat · backend {self.settings.backend} · preset {self.settings.preset} · /help for commands")
        self._readline()
        while True:
            try:
                line = self._read(stdin)
            except (EOFError, KeyboardInterrupt):
                break
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            self.history.append(line)
            self._remember(line)
            try:
                if line.startswith("/"):
                    if self.command(line) == "quit":
                        break
                else:
                    self.request(line)
            except KeyboardInterrupt:
                c.print("[yellow]interrupted[/]: the session is kept; /resume continues it")
            except OmniJetError as e:
                c.print(f"[bold red]error:[/] {e}")
        if self.session is not None:
            self.session.close()
        c.print("bye")
        return 0

    def _read(self, stdin: TextIO) -> str | None:
        if stdin.isatty():
            return input("omnijet> ")
        line = stdin.readline()
        return None if line == "" else line

    def _readline(self) -> None:
        try:
            import readline
        except ImportError:
            return
        if self.history_file.is_file():
            try:
                readline.read_history_file(str(self.history_file))
            except OSError:
                pass

    def _remember(self, line: str) -> None:
        self.history_file.parent.mkdir(parents=True, exist_ok=True)
        with self.history_file.open("a") as f:
            f.write(line.replace("\n", " ") + "\n")

    # -- actions ---------------------------------------------------------------------------
    def request(self, text: str) -> None:
        if self.session is not None:
            self.session.close()
        self.session = Session(self.settings, on_event=ProgressPrinter(self.console))
        self.console.print(f"session {self.session.id}")
        self.session.start(text)
        self._after()

    def _after(self) -> None:
        assert self.session is not None
        status = self.session.status()
        st = self.session.state()
        if status == "awaiting_approval":
            ask = self.session.pending_approval() or {}
            self.console.print(f"[yellow]step {ask.get('approve', 0) + 1} is expensive[/] ({ask.get('goal', '')}, "
                               f"budget {ask.get('budget', {}).get('wall_s', 0):.0f} s): /approve or /deny")
        elif status == "done":
            self.console.print(f"[green]done[/]: report {st.report}")
        else:
            self.console.print(f"[yellow]{status}[/]: {st.stop_reason} (session kept: {self.session.id})")

    def command(self, line: str) -> str | None:
        cmd, *_ = line.split(maxsplit=1)
        c, ses = self.console, self.session
        if cmd in ("/quit", "/exit", "/q"):
            return "quit"
        if cmd == "/help":
            c.print(HELP)
        elif cmd == "/history":
            for i, h in enumerate(self.history[:-1], 1):
                c.print(f"{i:>3} {h}")
        elif cmd == "/new":
            if ses is not None:
                ses.close()
            self.session = None
        elif ses is None:
            c.print("no session yet: type a request first")
        elif cmd in SESSION_COMMANDS:
            SESSION_COMMANDS[cmd](self, ses, cmd)
        else:
            c.print(f"unknown command {cmd}; /help lists them")
        return None

    # -- commands about the current session: (session, the command as typed) -------------------
    def _show_plan(self, ses: Session, cmd: str) -> None:
        c, st = self.console, ses.state()
        if st.plan is None:
            c.print("no plan")
            return
        c.print(f"[bold]{for_terminal(st.plan.title)}[/]")
        if st.spec is not None:
            stated = "; ".join(f"{k} = {v}" for k, v in st.spec.stated().items()) or "(nothing stated)"
            c.print(f" asked: {for_terminal(stated)}")
        for note in st.spec_notes:  # where the model and the offline parser disagree: both
            c.print(f" note: {for_terminal(note)}")
        for i, s in enumerate(st.plan.steps, 1):
            mark = "→" if i - 1 == st.step and ses.status() != "done" else " "
            c.print(f" {mark} {i}. " + for_terminal(f"{s.goal} (tools: {', '.join(s.tools) or '-'}; "
                                                    f"accept if: {'; '.join(s.acceptance)})"))

    def _show_status(self, ses: Session, cmd: str) -> None:
        st = ses.state()
        n = len(st.plan.steps) if st.plan else 0
        self.console.print(f"session {ses.id}: {ses.status()} · step {min(st.step + 1, n)}/{n} · attempt {st.attempt + 1} · "
                           f"{len(st.calls)} tool calls" + (f" · {st.stop_reason}" if st.stop_reason else ""))

    def _show_budget(self, ses: Session, cmd: str) -> None:
        st = ses.state()
        lim = self.settings.limits
        k = st.counters
        self.console.print(f"tool calls {k.tool_calls}/{lim.max_tool_calls} · tool time {k.tool_wall_s:.1f} s · agent time "
                           f"{k.agent_wall_s:.1f} s (limit {lim.max_wall_s:.0f} s) · GPU {k.gpu_s:.0f}/{lim.max_gpu_s:.0f} s · "
                           f"LLM calls {k.llm_calls} ({k.model_s:.1f} s in the model) · tokens {k.prompt_tokens}+{k.completion_tokens} · cost ${k.cost_usd:.4f}")

    def _answer_approval(self, ses: Session, cmd: str) -> None:
        if ses.pending_approval() is None:
            self.console.print("nothing is waiting for approval")
        else:
            ses.resume(approve=cmd == "/approve")
            self._after()

    def _resume(self, ses: Session, cmd: str) -> None:
        ses.resume()
        self._after()

    def _show_report(self, ses: Session, cmd: str) -> None:
        st = ses.state()
        if not st.report:
            self.console.print("no report yet")
        else:
            meta = json.loads((Path(st.report).parent / "report.json").read_text())
            self.console.print(f"{st.report}: {len(meta['facts'])} referenced numbers, {len(meta['figures'])} figures")


# the slash commands that need a session: the Chat method that answers each
SESSION_COMMANDS: dict[str, Callable[[Chat, Session, str], None]] = {
    "/plan": Chat._show_plan, "/status": Chat._show_status, "/budget": Chat._show_budget,
    "/approve": Chat._answer_approval, "/deny": Chat._answer_approval, "/resume": Chat._resume,
    "/report": Chat._show_report}
