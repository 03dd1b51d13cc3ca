"""Beyond the catalogue: a quantity no tool computes, written by the coder (model backends only).

A request for an observable the tools do not compute ('the mean jet girth') is a `Quantity`
with `unsupported` set. With a model backend the plan gets one more step: the coder writes a
short analysis with `run_python` over the step's artifacts (the data files) and leaves
`analysis/<slug>.json` = {value, err, unit, n, definition, check: {case, expected, got}} and the
script `analysis/<slug>.py`. The coder is shown a copyable example (`guide`) that loads the
jets and computes the jet pT with the real API and writes the contract; it replaces the per-jet
function by the asked observable (its code is never written here). A try that fails (the
script's exit status, a missing file, a value that fails the checks) goes back to the model
with the bounded, sanitised tail of its traceback (`feedback`), up to `MAX_TRIES` runs per
attempt at the step; each run is recorded in the step's result (`tries`).

The reviewer's sanity check (`sanity`): finite value, finite non-negative error, n equal to the
jets in the data files, a unit stated, the script saved beside the result, and the script's own
known-answer case reproduced (|got - expected| within 1e-6 relative). The answer marks the
number as agent-written and cites the script. The offline backend has no coder that writes
code: it names the quantity and says a model is needed.
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path
from typing import Any

from agents.measures.base import Ctx, Measured, Unavailable
from agents.reviewer_checks import read_inside
from agents.spec import AnalysisSpec, Quantity
from agents.state import AgentState, PendingCall, Plan, PlanStep, ToolCallRecord
from tools.workspace import is_plain_file

TOOLS = ["run_python", "list_artifacts", "read_artifact"]
MAX_TRIES = 3  # run_python runs per attempt at the step: run, read the traceback, fix, run again
CODE_TOKENS = 1024  # completion tokens for a reply that carries a script (the example is ~450)
# A retry is sampled (the first try is the endpoint's setting: 0 for the local model): at
# temperature 0 the 1.5B coder sent the same code back three times whatever the traceback said.
RETRY_TEMPERATURE = 0.7
TAIL_CHARS = 900  # the traceback's tail the model reads back
_TARGET = re.compile(r"^(analysis/[a-z0-9_]+)\.json holds ")
_EXAMPLE_LINE = re.compile(r"^\s*return pt\.sum\(axis=1\)\s*$", re.M)  # the example's observable, left in
_EXAMPLE_DEFINITION = "jet pT: the sum of the constituent pT"  # an earlier guide's example
# Characters that must not reach the model's prompt from a job's output: C0/C1 controls (but
# newline and tab) and the bidirectional overrides that make text read other than it is.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def slug(q: Quantity) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", (q.unsupported or "").lower()).strip("_")[:40] or "quantity"
    return f"{q.metric}_{words}"


def files(plan: Plan) -> list[str]:
    """The data files the plan writes (generate_data outputs), which the analysis reads."""
    return [str(c.inputs.out) for s in plan.steps for c in s.calls if c.tool == "generate_data"]


def steps(spec: AnalysisSpec, plan: Plan) -> list[PlanStep]:
    """One coder-written analysis step per unsupported quantity."""
    out = []
    for q in spec.quantities:
        if not q.unsupported:
            continue
        name = slug(q)
        out.append(PlanStep(
            goal=(f"compute the {q.metric} of '{q.unsupported}' for the jets of {', '.join(files(plan)) or 'the data files'} "
                  f"with a short Python analysis through run_python (b = omnijet.data.io.load_jets(path) gives "
                  f"b.part.numpy(): array (jets, constituents, 3) of pT [GeV], eta_rel, phi_rel, and "
                  f"b.mask.numpy(): bool array (jets, constituents), true for real constituents); write "
                  f"analysis/{name}.json with value, err (standard error), unit, n (jets), definition (one line) and "
                  f"check = {{case, expected, got}}: the same code on a case with a known answer; save the script as "
                  f"analysis/{name}.py"),
            recipe=None, tools=TOOLS,
            acceptance=[f"analysis/{name}.json holds a finite value, a non-negative error, n > 0 and a passing "
                        "known-answer check", f"analysis/{name}.py is the script that computed it"]))
    return out


# -- the coder's loop -----------------------------------------------------------------------------
def target(step: PlanStep) -> str | None:
    """'analysis/<slug>' for a step made by `steps` (its result file without '.json'), else None."""
    for a in step.acceptance:
        if m := _TARGET.match(a):
            return m.group(1)
    return None


def quantity_of(state: AgentState, stem: str) -> Quantity | None:
    spec = state.spec
    return next((q for q in (spec.quantities if spec else []) if q.unsupported and f"analysis/{slug(q)}" == stem), None)


_NO_PLAN = Plan(title="", steps=[PlanStep(goal="", tools=[], acceptance=[])])
_STAT = {  # the statistic of the per-jet values and its standard error, as the script writes them
    "mean": ('float(np.mean(values))', 'float(np.std(values, ddof=1) / np.sqrt(n))'),
    "median": ('float(np.median(values))', 'float(1.2533 * np.std(values, ddof=1) / np.sqrt(n))'),
}


def func_name(name: str) -> str:
    """The observable's name as a Python function name: 'planar flow' -> planar_flow."""
    ident = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "observable"
    return ident if ident[0].isalpha() else f"obs_{ident}"


def guide(state: AgentState, stem: str) -> str:
    """What the coder writes and what it is given. Measured with the 1.5B local coder: given a
    working example script it copied it verbatim (the example's observable served as the asked
    one); given a script with one function to write, it wrote only the script's tail. So the
    coder writes only the observable's function and three constants; this code puts the real
    data loading before it and the output contract after it (`assemble`), and the whole script
    runs through run_python, in the sandbox, and is saved as the cited artifact."""
    q = quantity_of(state, stem)
    name = (q.unsupported if q else stem.split("/")[-1]) or "the quantity"
    fn = func_name(name)
    return (f"How to do this step: call run_python with code that defines ONLY the function {fn} and three "
            f"constants, like this (replace each ...):\n\n```python\n"
            f"def {fn}(pt, deta, dphi, mask):\n"
            f"    # pt [GeV], deta, dphi: float arrays (jets, constituents), 0 for padding; mask: bool (jets, constituents)\n"
            f"    # distance to the jet axis: np.sqrt(deta**2 + dphi**2); the jet pT: pt.sum(axis=1)\n"
            f"    # return the {name} of each jet: an array (jets,)\n"
            f"    ...\n\n\n"
            f"UNIT = ...  # '' if the {name} has no unit\n"
            f"DEFINITION = ...  # the formula of the {name}, one line\n"
            f"EXPECTED = ...  # the {name} of a jet of one constituent of 100 GeV on the jet axis, worked out by hand\n"
            f"```\n\nnumpy is imported as np. The code that loads the jets ({', '.join(files(state.plan or _NO_PLAN))}) and "
            f"writes {stem}.json is added around yours: it calls {fn} on all the jets and on the check's jet. "
            f"Where the {name} is not defined for one constituent, also set CHECK_JET = ([pT, ...], [deta, ...], "
            f"[dphi, ...]), a small jet whose {name} you know, and EXPECTED to its {name}.")


def unescaped(code: str) -> str:
    """The code with its line breaks, where a model sent it as one line of literal '\\n'
    sequences (a SyntaxError as sent). Only then: code that parses is never changed, nor code
    that still does not parse once decoded (its error is then the model's own). Parsed, not run."""
    if "\\n" not in code or len(code) > 100_000 or _parses(code):
        return code
    decoded = code.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "    ")
    return decoded if _parses(decoded) else code


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def assemble(state: AgentState, stem: str, code: str) -> str:
    """The script that runs: the data loading, the coder's code, then the output contract."""
    q = quantity_of(state, stem)
    name = (q.unsupported if q else stem.split("/")[-1]) or "the quantity"
    fn = func_name(name)
    value, err = _STAT.get(q.metric if q else "mean", _STAT["mean"])
    paths = files(state.plan or _NO_PLAN)
    before = f'''import json
from pathlib import Path

import numpy as np
import omnijet.data.io  # noqa: F401 - the coder's code may name it so
from omnijet.data.io import load_jets

b = load_jets({paths!r})
part = b.part.numpy()  # (jets, constituents, 3): pT [GeV], eta - eta_jet, phi - phi_jet
mask = b.mask.numpy()  # (jets, constituents): True for a real constituent
pt = np.where(mask, part[:, :, 0], 0.0)
deta = np.where(mask, part[:, :, 1], 0.0)
dphi = np.where(mask, part[:, :, 2], 0.0)
UNIT, DEFINITION, EXPECTED, CHECK_JET = "", "", None, None


def _called(f, p, e, h, m):
    """f's values; a broadcasting error says which axes met (the model's code is not changed)."""
    try:
        return np.asarray(f(p, e, h, m), dtype=float)
    except ValueError as err:
        if "broadcast" not in str(err):
            raise
        raise ValueError(f"{{err}}. In {fn}, pt, deta, dphi and mask are per constituent, shape {{p.shape}}; "
                         f"pt.sum(axis=1) is per jet, shape ({{len(p)}},): a per-jet array used with a per-constituent "
                         "one needs [:, None] (or keepdims=True), and one value per jet is a sum over the "
                         "constituents, axis=1, with the mask") from None
'''
    after = f'''values = _called({fn}, pt, deta, dphi, mask)
if values.shape != (len(pt),):
    raise ValueError(f"{fn} must return one value per jet, shape ({{len(pt)}},); it returned shape {{values.shape}}"
                     + ("; sum (or take the max, ...) over the constituents, axis=1, with the mask" if values.ndim == 2 else ""))
c_pt, c_deta, c_dphi = (np.array([v], dtype=float) for v in (CHECK_JET or ([100.0], [0.0], [0.0])))
one = float(_called({fn}, c_pt, c_deta, c_dphi, np.ones_like(c_pt, dtype=bool)).reshape(-1)[0])
n = len(values)
result = {{
    "value": {value},
    "err": {err},
    "unit": UNIT if isinstance(UNIT, str) else None,
    "n": int(n),
    "definition": str(DEFINITION)[:300],
    "check": {{"case": str(CHECK_JET or "one constituent of 100 GeV on the jet axis"),
              "expected": EXPECTED if isinstance(EXPECTED, (int, float)) else None, "got": one}},
}}
Path("analysis").mkdir(exist_ok=True)
json.dump(result, open("{stem}.json", "w"))
open("{stem}.py", "w").write(open(__file__).read())
print(result)
'''
    return f"{before}\n# ---- written by the coder (model) ----\n{unescaped(code)}\n# ---- end of the coder's code ----\n\n{after}"


def wrap(state: AgentState, stem: str, call: PendingCall) -> PendingCall:
    """A run_python call of the coder, its code assembled into the script that runs (`assemble`)."""
    if call.tool != "run_python" or not isinstance(call.args, dict) or not isinstance(call.args.get("code"), str):
        return call
    return call.model_copy(update={"args": {**call.args, "code": assemble(state, stem, call.args["code"])}})


def tries(calls: list[ToolCallRecord]) -> list[str]:
    """One line per run_python run of the attempt: its outcome (the error's last line)."""
    out = []
    for i, c in enumerate([c for c in calls if c.tool == "run_python"], 1):
        if c.ok:
            out.append(f"run {i}: exit 0")
        else:
            last = [ln for ln in error_tail(c).splitlines() if ln.strip()][-1:] or ["failed"]
            out.append(f"run {i}: failed: {last[0][:160]}")
    return out


def error_tail(c: ToolCallRecord, n: int = TAIL_CHARS) -> str:
    """The end of a failed run's stderr (the traceback), bounded and sanitised: untrusted text."""
    text = str(c.error.message if c.error else "")
    text = text.split("--- stdout ---")[0].split("--- stderr ---")[-1]  # run_python's error layout
    text = _UNSAFE.sub("?", text).replace("```", "'''").strip()
    return text if len(text) <= n else "..." + text[-n:]


def jets_in(calls: list[ToolCallRecord], paths: list[str]) -> int | None:
    """Jets in the data files, as generate_data wrote them (None: not known)."""
    made = {c.output.get("path"): c.output.get("n") for c in calls if c.tool == "generate_data" and c.ok}
    counts = [made.get(p) for p in paths]
    return sum(counts) if paths and all(isinstance(k, int) for k in counts) else None  # type: ignore[arg-type]


def unmet(state: AgentState, workspace: Path, stem: str) -> str:
    """'' when the attempt's analysis is done and passes the checks, else what is wrong (for the
    model: the traceback's tail of a failed run)."""
    calls = state.step_calls(attempt=state.attempt)
    runs = [c for c in calls if c.tool == "run_python"]
    if not runs:
        return "run_python has not been called yet"
    if not runs[-1].ok:
        return f"the script failed. The end of its error output:\n```\n{error_tail(runs[-1])}\n```"
    doc = read_inside(workspace, f"{stem}.json")
    if not doc:
        return f"the script ran but wrote no {stem}.json (or not a JSON object)"
    assert state.plan is not None
    return sanity(doc, jets_in(state.calls, files(state.plan)), workspace, stem, code_of(runs[-1]))


def code_of(c: ToolCallRecord) -> str:
    return str(c.args.get("code", "")) if isinstance(c.args, dict) else ""


def feedback(state: AgentState, stem: str, problem: str, done: int) -> str:
    """What the model reads after a run (or a reply without one): what is wrong, and what to send.
    No placeholder-like phrase: the 1.5B coder sent 'your corrected script here' as its code."""
    q = quantity_of(state, stem)
    fn = func_name((q.unsupported if q else stem.split("/")[-1]) or "the quantity")
    head = "No run yet" if done == 0 else f"Run {done} of at most {MAX_TRIES} did not finish the step"
    return (f"{head}: {problem}\nNow call run_python; its code: the Python definition of def {fn}(pt, deta, dphi, "
            "mask) returning one value per jet, then UNIT, DEFINITION and EXPECTED. Answer with JSON only.")


def summary(state: AgentState, workspace: Path, stem: str, problem: str) -> str:
    """The step's result in this code's words: each run and where it ended."""
    runs = tries(state.step_calls(attempt=state.attempt))
    head = f"agent-written analysis ({len(runs)} run(s) of run_python: {'; '.join(runs) or 'none'})"
    if problem:
        return f"{head}; not done: {problem.splitlines()[0][:200]}"
    doc = read_inside(workspace, f"{stem}.json")
    return f"{head}; {stem}.json: value {doc.get('value')!r}, err {doc.get('err')!r}, n {doc.get('n')!r}; code {stem}.py"


# -- the reviewer's check and the answer ------------------------------------------------------------
def sanity(doc: dict[str, Any], n_jets: int | None = None, workspace: Path | None = None, stem: str = "",
           code: str | None = None) -> str:
    """'' when the coder's result passes the sanity check, else what fails. `code`: the script
    that ran (the example's own observable left in it is a substitution, not an answer)."""
    value, err, n = doc.get("value"), doc.get("err"), doc.get("n")
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return f"value {value!r} is not a finite number"
    if not isinstance(err, int | float) or isinstance(err, bool) or not math.isfinite(err) or err < 0:
        return f"error {err!r} is not a finite non-negative number"
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        return f"n {n!r} is not a positive count"
    if n_jets is not None and n != n_jets:
        return f"n = {n}, but the data files hold {n_jets} jets (one value per jet)"
    if not isinstance(doc.get("unit"), str):
        return "no unit stated (use '' for a dimensionless quantity)"
    if (code and _EXAMPLE_LINE.search(code)) or doc.get("definition") == _EXAMPLE_DEFINITION:
        return "the observable's function returns the example (the jet pT), not the asked observable"
    check = doc.get("check")
    if not isinstance(check, dict) or not all(isinstance(check.get(k), int | float) for k in ("expected", "got")):
        return ("no known-answer check: check.expected and check.got must be numbers (expected: the value for the "
                "check's jet, worked out by hand)")
    got, expected = float(check["got"]), float(check["expected"])
    if not (math.isfinite(got) and math.isfinite(expected)) or not math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-9):
        return f"the known-answer check fails: expected {check['expected']}, got {check['got']}"
    if workspace is not None and stem and not is_plain_file(workspace, f"{stem}.py"):
        return f"the script was not saved as {stem}.py"
    return ""


def read(ctx: Ctx, q: Quantity) -> list[Measured]:
    name = slug(q)
    doc = read_inside(ctx.workspace, f"analysis/{name}.json")
    if not doc:
        runs = tries([c for c in ctx.state.calls if c.tool == "run_python"])
        if runs:  # a model's coder tried: what became of its runs
            raise Unavailable(f"no tool computes '{q.unsupported}', and the coder's analysis wrote no analysis/{name}.json "
                              f"({len(runs)} run(s) of run_python; the last: {runs[-1].split(': ', 1)[-1]})")
        raise Unavailable(f"no tool computes '{q.unsupported}'; a model backend's coder can compute it with "
                          "run_python over the data files (the offline backend cannot)")
    n_jets = jets_in(ctx.calls("generate_data"), files(ctx.state.plan)) if ctx.state.plan else None
    ran = [c for c in ctx.calls("run_python") if c.ok]
    if why := sanity(doc, n_jets, ctx.workspace, f"analysis/{name}", code_of(ran[-1]) if ran else None):
        raise Unavailable(f"the coder's analysis of '{q.unsupported}' fails the sanity check: {why}")
    return [Measured(f"{q.metric} of {q.unsupported} (agent-written analysis, code analysis/{name}.py)",
                     float(doc["value"]), float(doc["err"]) or None,
                     f"agent-written: {str(doc.get('definition', ''))[:200]}; {doc['n']} jets; known-answer check passed",
                     str(doc["unit"])[:20], f"analysis/{name}.json", {"code": f"analysis/{name}.py", "n": int(doc["n"])})]
