"""The measurement catalogue's building blocks: the reader context, what a reader returns,
the metric declaration, and the helpers readers share (artifacts read back safely)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from agents.spec import AnalysisSpec, Quantity, Task
from agents.state import AgentState, ToolCallRecord
from agents.stats import estimate

MAX_NPZ = 50 << 20  # bytes of a per-jet score / observable file read back from the workspace
CHANCE = 0.5
# spec class -> the JetClass name the tools write
CLASS_NAMES = {"top": "Tbqq", "qcd": "QCD", "wqq": "Wqq", "zqq": "Zqq"}
SPEC_CLASS = {v: k for k, v in CLASS_NAMES.items()}  # a JetClass name -> the spec class ('Tbqq' -> 'top')
CLASS_WORDS = {"top": "top", "qcd": "QCD", "wqq": "W", "zqq": "Z"}  # a class as requests and answers name it
CLASS_LABELS = {"top": 8, "qcd": 0, "wqq": 7, "zqq": 6}
STRATEGIES = ("scratch", "finetune", "frozen-backbone")
TOKENIZERS = ("conditional", "unconditional", "binned")
WORDS = {"mass": ("jet mass", "GeV"), "pt": ("jet pT", "GeV"), "n": ("constituent multiplicity", ""),
         "tau21": ("tau21", ""), "tau32": ("tau32", ""), "part_pt": ("constituent pT", ""),
         "part_eta": ("constituent eta (relative)", ""), "part_phi": ("constituent phi (relative)", "")}
# token_quality's key of each constituent feature
_TQ_KEY = {"part_pt": "part_pt", "part_eta": "part_deta", "part_phi": "part_dphi"}


class Unavailable(Exception):
    """The quantity cannot be computed from this session; the message says why."""


@dataclass
class Measured:
    """One number of an asked quantity: what it is, its value, its uncertainty (None: none can
    be given, `note` says why), and the artifact it was computed from."""

    label: str
    value: float
    err: float | None
    note: str = ""  # how err was obtained, or why there is none ("one seed: no uncertainty")
    unit: str = ""
    source: str = ""  # workspace path of the artifact
    extra: dict[str, Any] = field(default_factory=dict)  # p-value, verdict, n, ...


@dataclass
class Ctx:
    """What a reader may look at: the session state, its workspace and its spec."""

    state: AgentState
    workspace: Path
    spec: AnalysisSpec

    def calls(self, tool: str) -> list[ToolCallRecord]:
        steps = sorted({c.step for c in self.state.calls})
        return [c for s in steps for c in self.state.result_calls(s) if c.tool == tool]


Reader = Callable[[Ctx, Quantity], list[Measured]]


@dataclass(frozen=True)
class Metric:
    name: str
    family: str  # tagging, tokenizer, generation, likelihood, anomaly, data
    meaning: str
    task: Task  # the task whose plan produces it
    tool: str  # the tool whose artifacts hold it
    uncertainty: str
    unit: str
    read: Reader
    needs: tuple[str, ...] = ()  # condition fields the quantity must state (or get a default for)


# -- shared helpers -----------------------------------------------------------------------------
def call_args(c: ToolCallRecord) -> dict[str, Any]:
    return c.args if isinstance(c.args, dict) else {}


def of_generated_jets(c: ToolCallRecord) -> bool:
    """A dataset_info call that summarises the GPT's generated jets (agents.steps.generation_calls)."""
    return any(str(p).startswith("generated/") for p in call_args(c).get("paths") or [])


def load_npz(ctx: Ctx, rel: str) -> dict[str, np.ndarray]:
    """Arrays of a workspace .npz (no pickles, inside the workspace, a plain file, capped)."""
    root = ctx.workspace.resolve()
    path = root / rel
    if Path(rel).is_absolute() or ".." in Path(rel).parts or path.is_symlink() or not path.is_file() \
            or not path.resolve().is_relative_to(root) or path.stat().st_size > MAX_NPZ:
        raise Unavailable(f"the per-jet file {rel} is missing or not readable")
    with np.load(path, allow_pickle=False) as z:
        return {k: np.asarray(z[k]) for k in z.files}


def seeds_estimate(values: list[float]) -> tuple[float, float | None, str]:
    """Mean over seeds, its standard error, and how it was obtained; never a bare zero."""
    e = estimate(values)
    if e.stderr is None:
        return e.mean, None, "one seed: no uncertainty"
    if e.stderr == 0:
        return e.mean, None, f"identical at all {e.n} seeds: no spread to quote"
    return e.mean, e.stderr, f"standard error over {e.n} seeds"


def with_stat_error(mean: float, err: float | None, note: str, stat: list[float]) -> tuple[float, float | None, str]:
    """The seeds' standard error measures the training noise only: every seed is scored on the
    same test jets, whose own sampling error (binomial, Hanley-McNeil) stays in the mean. The
    two add in quadrature; where the seeds do not spread, the test set's error alone, said so."""
    if not stat:
        return mean, err, note
    t = sum(stat) / len(stat)
    if err is None:
        return mean, t, f"{note}; the error is the test set's statistical one"
    return mean, math.hypot(err, t), f"{note} ({err:.2g}) ⊕ the test set's statistical error ({t:.2g})"


def binomial(p: float, n: int) -> float:
    """Standard error of a proportion of n (never 0: one entry's worth at p = 0 or 1)."""
    return math.sqrt(max(p * (1 - p), 1.0 / max(n, 1)) / max(n, 1))
