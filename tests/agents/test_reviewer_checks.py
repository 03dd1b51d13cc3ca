"""The reviewer's token-quality checks: every jet observable the token-quality step measures."""

import json
from pathlib import Path

from agents.reviewer_checks import TOKEN_BIAS, check_token_bias, run_checks
from agents.state import Remedy, ToolCallRecord


def _summary(median: float) -> dict:
    return {"mean": median, "std": 0.1, "width": 0.08, "abs68": abs(median) + 0.08, "median": median, "n": 500}


def _metrics(top: dict[str, float], qcd: dict[str, float] | None = None, usage: float = 0.9) -> dict:
    jets = {"Tbqq": top, "QCD": qcd or dict.fromkeys(top, 0.01)}
    return {"codebook": {"size": 512, "usage": usage},
            "per_class": {c: {"jet": {k: _summary(v) for k, v in d.items()},
                              "constituents": {"part_deta": _summary(0.3)}} for c, d in jets.items()}}


def _checks(tmp_path: Path, metrics: dict) -> dict:
    """run_checks on a token_quality call whose metrics file lies in the workspace."""
    (tmp_path / "tq").mkdir()
    (tmp_path / "tq" / "metrics.json").write_text(json.dumps(metrics))
    call = ToolCallRecord(id="s1a0-tq", step=0, attempt=0, tool="token_quality", args={}, ok=True,
                          output={"metrics_path": "tq/metrics.json"})
    return {c.name: c for c in run_checks([call], tmp_path, [])}


def test_every_jet_observable_is_checked_and_good_tokens_pass(tmp_path: Path) -> None:
    checks = _checks(tmp_path, _metrics({"mass": -0.03, "pt": 0.0, "tau21": 0.02, "tau32": 0.04}))
    for obs in ("mass", "pt", "tau21", "tau32"):
        assert checks[f"token_{obs}_bias"].passed, checks[f"token_{obs}_bias"].message
    assert set(TOKEN_BIAS) == {"mass", "pt", "tau21", "tau32"}  # what token_quality measures


def test_a_large_bias_is_a_defect_with_its_reason_and_remedy(tmp_path: Path) -> None:
    checks = _checks(tmp_path, _metrics({"mass": -0.02, "pt": 0.0, "tau21": 0.03, "tau32": 0.80}))
    c = checks["token_tau32_bias"]
    assert not c.passed and c.kind == "defect" and c.remedy == Remedy(epochs=2)
    assert "Tbqq.jet.tau32" in c.message and "+80.0%" in c.message
    assert "separates three-prong top jets from QCD" in c.message and "larger codebook" in c.message
    assert checks["token_mass_bias"].passed  # the mass alone no longer decides


def test_the_mass_reason_fits_every_class() -> None:
    """Not only the top peak: a W jet's mass bias names the W (and Z) peak too."""
    c = check_token_bias("per_class.Wqq.jet.mass", -0.3, {})
    assert not c.passed and "W 80 GeV" in c.message and "top mass peak" not in c.message


def test_a_moderate_bias_is_a_limitation_not_a_revision(tmp_path: Path) -> None:
    checks = _checks(tmp_path, _metrics({"mass": -0.10, "pt": 0.0, "tau21": 0.25, "tau32": 0.03}))
    for obs in ("mass", "tau21"):
        c = checks[f"token_{obs}_bias"]
        assert not c.passed and c.kind == "limitation" and c.remedy is None
        assert "remedy:" in c.message
    assert checks["token_tau32_bias"].passed


def test_the_worse_class_is_reported_and_repeats_are_merged(tmp_path: Path) -> None:
    good = {"mass": 0.0, "pt": 0.0, "tau21": 0.0, "tau32": 0.0}
    checks = _checks(tmp_path, _metrics({**good, "mass": -0.25}, {**good, "mass": -0.30}))
    c = checks["token_mass_bias"]
    assert not c.passed and "(and 1 more)" in c.message  # top and QCD, one request


def test_keys_that_are_not_token_summaries_are_ignored(tmp_path: Path) -> None:
    doc = {"per_class": {"Tbqq": {"jet": {"n": _summary(0.9)}}}, "observables": {"mass": {"median": 170.0}},
           "jet": {"median": 3.0}}
    checks = _checks(tmp_path, doc)
    assert not any(name.startswith("token_") for name in checks), list(checks)
