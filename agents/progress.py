"""Live progress of a session on the terminal: steps, tool jobs (with their own events), reviews."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.markup import escape

from agents.model_text import terminal_tree


class ProgressPrinter:
    """Callable for `on_event`: one line per event, tool progress throttled to one line a second."""

    def __init__(self, console: Console | None = None, quiet: bool = False) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.quiet = quiet
        self._last = 0.0
        self.n_steps = 0

    def __call__(self, e: dict[str, Any]) -> None:
        if self.quiet:
            return
        # goals, arguments, errors, job events: a model's or a job's words (`raw`: controls gone,
        # markup escaped only once flattened by `_short`)
        raw = terminal_tree(e, markup=False)
        e = terminal_tree(e)
        kind, c = e.get("event"), self.console
        if kind == "spec":
            stated = e.get("stated") or {}
            c.print("[bold]asked:[/] " + ("; ".join(f"{k} = {_value(v)}" for k, v in stated.items()) or "(nothing stated)"))
        elif kind == "plan":
            plan = e["plan"]
            self.n_steps = len(plan["steps"])
            c.print(f"[bold]plan:[/] {plan['title']}")
            for change in plan.get("changes") or []:
                c.print(f"  [yellow]changed:[/] {change}")
            for i, s in enumerate(plan["steps"], 1):
                c.print(f"  {i}. {s['goal']}  [dim](tools: {', '.join(s['tools']) or '-'}; budget {s['budget']['wall_s']:.0f} s)[/]")
        elif kind == "step":
            again = f" (revision {e['attempt']})" if e["attempt"] else ""
            c.print(f"[bold cyan]▶ step {e['step'] + 1}/{self.n_steps or '?'}{again}:[/] {e['goal']}")
        elif kind == "tool_start":
            c.print(f"  [dim]⚙ {e['tool']} {_short(raw['args'])}[/]")
        elif kind == "tool_progress":
            now = time.monotonic()
            if now - self._last >= 1.0:
                self._last = now
                fields = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in raw.items() if k not in ("id", "event", "kind") and not isinstance(v, dict | list))
                c.print(f"    [dim]{e.get('kind') or 'progress'}: {_short(fields)}[/]")
        elif kind == "tool_end":
            mark = "[green]✓[/]" if e["ok"] else "[red]✗[/]"
            c.print(f"  {mark} {e['tool']} {e['wall_s']:.1f} s" + (f" [red]{e['error']}[/]" if e.get("error") else ""))
        elif kind == "review":
            colour = {"accept": "green", "revise": "yellow", "fail": "red"}[e["verdict"]]
            c.print(f"  [{colour}]review: {e['verdict']}[/]" + "".join(f"\n    - {r}" for r in e["requests"]))
        elif kind == "revise":
            c.print(f"  [yellow]↻ revising step {e['step'] + 1} (attempt {e['attempt'] + 1})[/]")
        elif kind == "stopped":
            c.print(f"[yellow]stopped:[/] {e['reason']}")
        elif kind == "warning":
            c.print(f"[yellow]warning:[/] {e['message']}")
        elif kind == "report":
            c.print(f"[bold]report:[/] {e['path']}")


def _value(v: Any) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list) else str(v)


def _short(obj: Any, n: int = 140) -> str:
    text = str(obj)
    return escape(text if len(text) <= n else text[: n - 1] + "…")
