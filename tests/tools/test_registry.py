"""Every registered tool: a valid OpenAI tool schema, typed paths, no heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tools.base import INPUT as INPUT_PATH
from tools.base import OUTPUT as OUTPUT_PATH
from tools.base import path_fields
from tools.registry import all_tools, openai_schemas, schema_problems

WORKFLOWS = {"generate_data", "dataset_info", "train_tokenizer", "tokenize", "token_quality",
             "pretrain", "generate_jets", "evaluate_generation", "finetune_scan",
             "anomaly_scan", "plot_distributions", "run_python", "list_artifacts",
             "read_artifact", "view_plot"}


def test_every_workflow_has_a_tool() -> None:
    assert WORKFLOWS <= {t.name for t in all_tools()}


@pytest.mark.parametrize("entry", openai_schemas(), ids=lambda e: e["function"]["name"])
def test_schema_is_valid_for_the_openai_tools_api(entry: dict) -> None:
    assert schema_problems(entry) == []
    params = entry["function"]["parameters"]
    assert params["type"] == "object" and params["additionalProperties"] is False
    text = json.dumps(entry)
    assert "$ref" not in text and '"title"' not in text
    json.loads(text)  # plain JSON, nothing python-specific


def test_schema_checker_catches_bad_schemas() -> None:
    good = openai_schemas(["read_artifact"])[0]
    bad_name = json.loads(json.dumps(good))
    bad_name["function"]["name"] = "read artifact!"
    assert any("name" in p for p in schema_problems(bad_name))
    ref = json.loads(json.dumps(good))
    ref["function"]["parameters"]["properties"]["path"] = {"$ref": "#/$defs/Path"}
    assert any("$ref" in p for p in schema_problems(ref))
    not_obj = json.loads(json.dumps(good))
    not_obj["function"]["parameters"] = {"type": "array", "items": {"type": "string"}}
    assert schema_problems(not_obj)
    arr = json.loads(json.dumps(good))
    arr["function"]["parameters"]["properties"]["path"] = {"type": "array"}
    assert any("items" in p for p in schema_problems(arr))
    req = json.loads(json.dumps(good))
    req["function"]["parameters"]["required"] = ["nope"]
    assert any("unknown" in p for p in schema_problems(req))


def test_path_arguments_are_marked() -> None:
    tools = {t.name: t for t in all_tools()}
    assert path_fields(tools["read_artifact"].input) == {"path": INPUT_PATH}
    ft = path_fields(tools["finetune_scan"].input)
    assert ft["train"] is INPUT_PATH and ft["gpt"] is INPUT_PATH and ft["out"] is OUTPUT_PATH
    assert path_fields(tools["generate_data"].input) == {"out": OUTPUT_PATH}


def test_listing_tools_imports_no_torch() -> None:
    code = ("import sys; from tools.registry import openai_schemas; openai_schemas(); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(("file_labels", "ratio"), [((8, 0), False), ((8, 8), True)])
def test_plot_distributions_draws_ratios_only_between_files_of_one_class(
        tmp_path, monkeypatch, file_labels, ratio) -> None:
    """top / QCD is no ratio to draw; top (file a) / top (file b) is."""
    import omnijet.plotting as plotting
    from omnijet.data.jetclass import write_jetclass
    from tests.conftest import make_toy_batch
    from tools.base import ToolContext
    from tools.data import PlotDistributionsInput, plot_distributions

    for i, label in enumerate(file_labels):
        jets = make_toy_batch(40, n_max=20, seed=i)
        jets.label[:] = label
        write_jetclass(tmp_path / f"f{i}.root", jets, {"toy": True})
    seen = {}
    real = plotting.compare_histograms

    def spy(panels, path, reference=None, **kw):
        seen.update(reference=reference, panels=list(panels))
        return real(panels, path, reference=reference, **kw)

    monkeypatch.setattr(plotting, "compare_histograms", spy)
    out = plot_distributions(PlotDistributionsInput(paths=["f0.root", "f1.root"], labels=["a", "b"],
                                                    observables=["mass", "n"]),
                             ToolContext(workspace=tmp_path.resolve(), progress=lambda e: None))
    assert (tmp_path / out.path).is_file()
    assert seen["reference"] == ("a" if ratio else None)
    assert seen["panels"] == ["jet mass [GeV]", "constituent multiplicity"]
