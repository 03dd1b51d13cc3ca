"""An in-test tool box of real, cheap functions with the same surface as the real tools.

Used where the real tools would only slow a test down (graph mechanics, kill/resume, the
scripted server); the end-to-end test uses the real `tools.registry`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from sandbox.workspace import CallRecord, Workspace, utc_now
from tools.base import ToolFailure, ToolResult, parse_call


class FitInput(BaseModel):
    epochs: int = Field(ge=1, le=200, description="passes over the data")
    out: str = Field(description="output folder, relative to the workspace")
    seed: int = 0


class CountInput(BaseModel):
    text: str
    out: str


def fit_line(ws: Path, a: FitInput) -> dict[str, Any]:
    """Gradient descent on a 1D linear regression; writes metrics.json with the loss curves."""
    rng = np.random.default_rng(a.seed)
    x = rng.normal(size=400)
    y = 3.0 * x + 1.0 + rng.normal(scale=0.1, size=400)
    w = b = 0.0
    train, val = [], []
    for _ in range(a.epochs):
        for xb, yb in zip(np.split(x[:300], 30), np.split(y[:300], 30), strict=True):
            err = w * xb + b - yb
            w -= 0.02 * float(np.mean(err * xb))
            b -= 0.02 * float(np.mean(err))
        train.append(float(np.mean((w * x[:300] + b - y[:300]) ** 2)))
        val.append(float(np.mean((w * x[300:] + b - y[300:]) ** 2)))
    out = ws / a.out
    out.mkdir(parents=True, exist_ok=True)
    metrics = {"history": {"train_loss": train, "val_loss": val}, "final": {"val_loss": val[-1], "slope": w}}
    (out / "metrics.json").write_text(json.dumps(metrics))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(train, label="train")
    ax.plot(val, label="val")
    fig.savefig(out / "loss.png", dpi=50)
    plt.close(fig)
    return {"metrics": f"{a.out}/metrics.json", "plot": f"{a.out}/loss.png", "val_loss": val[-1], "epochs": a.epochs}


def count_words(ws: Path, a: CountInput) -> dict[str, Any]:
    n = len(a.text.split())
    (ws / a.out).write_text(json.dumps({"words": n}))
    return {"words": n, "file": a.out}


class FunctionToolBox:
    """Tools = (pydantic input model, function(workspace, input) -> dict); logs every call."""

    def __init__(self, workspace: Path, log: Path | None = None,
                 hook: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        self.workspace = Path(workspace)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self.log = log
        self.hook = hook
        self.tools: dict[str, tuple[type[BaseModel], Callable[..., dict[str, Any]], str]] = {
            "fit_line": (FitInput, fit_line, "fit a line by gradient descent; writes metrics.json"),
            "count_words": (CountInput, count_words, "count the words of a text"),
        }

    def record_trusted(self, paths: list[str]) -> None:
        """Files the host wrote (the report): hashed in the manifest, as RegistryToolBox does."""
        ws, t = Workspace(self.workspace), utc_now()
        ws.record(CallRecord(call_id=ws.new_call_id("report"), tool="report", args={}, started=t, ended=t,
                             status="ok", backend="host"), paths)

    def schemas(self) -> list[dict[str, Any]]:
        return [{"type": "function", "function": {"name": n, "description": d, "parameters": m.model_json_schema()}}
                for n, (m, _, d) in self.tools.items()]

    def call(self, name: str, args: dict[str, Any] | str, on_event=None) -> ToolResult:
        try:  # looked up and validated as the real runner does
            parsed = parse_call({n: m for n, (m, _, _) in self.tools.items()}, name, args)
        except ToolFailure as e:
            return ToolResult(tool=name, call_id="", ok=False, error=e.error)
        fn = self.tools[name][1]
        if self.hook:
            self.hook(name, args)
        # recorded in the workspace manifest like the real tool runner does: `review` trusts only that
        ws = Workspace(self.workspace)
        before, started = ws.snapshot(), utc_now()
        out = fn(self.workspace, parsed)
        call = CallRecord(call_id=ws.new_call_id(name), tool=name, args=args, started=started, ended=utc_now(),
                          status="ok", backend="function")
        arts = ws.record(call, ws.changed(before))
        if self.log is not None:
            with self.log.open("a") as f:
                f.write(json.dumps({"tool": name, "args": args}) + "\n")
        return ToolResult(tool=name, call_id=call.call_id, ok=True, output=out, artifacts=arts)
