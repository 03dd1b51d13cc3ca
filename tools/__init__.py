"""Typed tools over the model layer: one pydantic input, one output, one function each.

The surface agents use (keep it small):

    from sandbox import Workspace, make_sandbox
    from tools.registry import openai_schemas          # tools=[...] for the chat API
    from tools.runner import ToolRunner

    runner = ToolRunner(Workspace("runs/session-1"), make_sandbox("auto"))
    result = runner.call(name, arguments)              # arguments: dict or the model's JSON string
    result.ok, result.output, result.error             # error: ToolError(kind, message, field)
    result.for_model()                                 # compact JSON for the tool message
    result.output["png_base64"]                        # view_plot: the image for vision models
    result.artifacts                                   # files made, with sha256 and call_id

Every call runs as a sandbox job (`python -m tools.execute`) and is recorded in the
workspace manifest. The model's mistakes come back as `ToolError`; crashes of our code raise
`ToolBug`. Tools: `tools.generic` (run_python, list_artifacts, read_artifact, view_plot),
`tools.data`, `tools.tokenizer`, `tools.backbone`, `tools.transfer`.
"""
