"""docs/example.ipynb runs top to bottom (nbclient, a real kernel), so the notebook API cannot rot:
a real offline session on 40 jets, its tables, an inline figure and a review of its report."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.agents.test_end_to_end import ROOT

NOTEBOOK = ROOT / "docs" / "example.ipynb"


def test_example_notebook_runs_top_to_bottom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    for k, v in {"OMNIJET_AGENT_HOME": str(tmp_path), "OMNIJET_LLM_BACKEND": "offline", "OMNIJET_LLM_BASE_URL": "",
                 "OPENAI_API_KEY": "", "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg"}.items():
        monkeypatch.setenv(k, v)  # the kernel inherits them: the session goes to tmp_path
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # kept without outputs
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = code[0].outputs[-1]["data"]
    assert "**done**" in first["text/markdown"] and "40" in first["text/markdown"]  # the answer
    assert "'n_jets': 40" in code[1].outputs[0]["text"]
    numbers = code[2].outputs[-1]["data"]["text/html"]
    assert "pointer" in numbers and "tool_calls.json" in numbers
    assert "generate_data" in code[3].outputs[-1]["data"]["text/plain"]
    png = base64.b64decode(code[4].outputs[-1]["data"]["image/png"])
    assert png.startswith(b"\x89PNG") and len(png) > 10_000  # the figure, inline
    assert code[5].outputs[-1]["data"]["text/plain"].startswith("(True, ")  # review: the report holds up
    (session,) = [d for d in tmp_path.iterdir() if d.is_dir()]
    assert (session / "workspace" / "report" / "report.md").is_file() and (session / "meta.json").is_file()
