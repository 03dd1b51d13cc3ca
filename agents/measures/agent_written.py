"""Beyond the catalogue: a quantity no tool computes, written by the coder (model backends only).

A request for an observable the tools do not compute ('the mean jet girth') is a `Quantity`
with `unsupported` set. With a model backend the plan gets one more step: the coder writes a
short analysis with `run_python` over the step's artifacts (the data files) and leaves
`analysis/<slug>.json` = {value, err, unit, n, definition, check: {case, expected, got}} and the
script `analysis/<slug>.py`. The reviewer's sanity check (`sanity`): finite value, finite
non-negative error, n > 0, a unit stated, and the script's own known-answer case reproduced
(|got - expected| within 1e-6 relative). The answer marks the number as agent-written and cites
the script. The offline backend has no coder that writes code: it names the quantity and says
a model is needed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from agents.measures.base import Ctx, Measured, Unavailable
from agents.reviewer_checks import read_inside
from agents.spec import AnalysisSpec, Quantity
from agents.state import Plan, PlanStep

TOOLS = ["run_python", "list_artifacts", "read_artifact"]


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


def sanity(doc: dict[str, Any]) -> str:
    """'' when the coder's result passes the sanity check, else what fails."""
    value, err, n = doc.get("value"), doc.get("err"), doc.get("n")
    if not isinstance(value, int | float) or not math.isfinite(value):
        return f"value {value!r} is not a finite number"
    if not isinstance(err, int | float) or not math.isfinite(err) or err < 0:
        return f"error {err!r} is not a finite non-negative number"
    if not isinstance(n, int) or n <= 0:
        return f"n {n!r} is not a positive count"
    if not isinstance(doc.get("unit"), str):
        return "no unit stated (use '' for a dimensionless quantity)"
    check = doc.get("check")
    if not isinstance(check, dict) or not all(isinstance(check.get(k), int | float) for k in ("expected", "got")):
        return "no known-answer check (case, expected, got)"
    if not math.isclose(float(check["got"]), float(check["expected"]), rel_tol=1e-6, abs_tol=1e-9):
        return f"the known-answer check fails: expected {check['expected']}, got {check['got']}"
    return ""


def read(ctx: Ctx, q: Quantity) -> list[Measured]:
    name = slug(q)
    doc = read_inside(ctx.workspace, f"analysis/{name}.json")
    if not doc:
        raise Unavailable(f"no tool computes '{q.unsupported}'; a model backend's coder can compute it with "
                          "run_python over the data files (the offline backend cannot)"
                          + ("" if not ctx.calls("run_python") else f", but the analysis wrote no analysis/{name}.json"))
    if why := sanity(doc):
        raise Unavailable(f"the coder's analysis of '{q.unsupported}' fails the sanity check: {why}")
    return [Measured(f"{q.metric} of {q.unsupported} (agent-written analysis, code analysis/{name}.py)",
                     float(doc["value"]), float(doc["err"]) or None,
                     f"agent-written: {str(doc.get('definition', ''))[:200]}; {doc['n']} jets; known-answer check passed",
                     str(doc["unit"])[:20], f"analysis/{name}.json", {"code": f"analysis/{name}.py", "n": int(doc["n"])})]
