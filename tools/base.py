"""What a tool is, what it returns, and what it may use while it runs.

A `Tool` is one pydantic input model, one output model, a description and a function
`fn(inp, ctx) -> output`. The function runs inside the sandbox (`tools.execute`), with the
workspace as working directory; `ctx.path(...)` resolves path arguments inside the workspace
and `ctx.progress(...)` streams events to the caller.

Errors: the model's mistakes (bad arguments, missing files, impossible options) become a
`ToolError(kind, message, field)` returned to the model; `omnijet`'s user-facing errors
(`OmniJetError`) and `ToolFailure` raised by a tool are mapped to it. Anything else is a bug in
our code and is raised to the caller as `ToolBug`.

Path arguments are marked in the input model with `WorkspaceFile` (must exist), `WorkspacePath`
(an output to create) so the runner can check them before launching and record the inputs.
The tools of the model's operations take their input models from the operation configs
(`tool_input(PretrainConfig, ...)`), and run them with `omnijet.operations.run(ctx.config(...))`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from omnijet.config import INPUT, OUTPUT, OpConfig, PathRole
from sandbox.workspace import ArtifactRecord, resolve_inside

ErrorKind = Literal[
    "unknown_tool", "invalid_json", "invalid_arguments", "path", "data", "config",
    "checkpoint", "timeout", "memory_limit", "killed", "python_error", "failed",
    "limit",  # a sandbox limit on what a job may leave or send (files, event bytes)
    "internal",  # our code failed (a crash the agents turn into a result rather than dying)
]


class ToolError(BaseModel):
    """A mistake the model can act on: what kind, what went wrong, which argument."""

    kind: ErrorKind
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}" + (f" (argument {self.field})" if self.field else "")


class ToolFailure(Exception):
    """Raised by a tool function for a problem of the model's making (-> `ToolError`)."""

    def __init__(self, kind: ErrorKind, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.error = ToolError(kind=kind, message=message, field=field)


class ToolBug(RuntimeError):
    """A tool crashed in a way that is our code's fault, not the model's: raised, not returned."""


def parse_call(inputs: Mapping[str, type[BaseModel]], name: str, args: dict[str, Any] | str | None
               ) -> BaseModel:
    """Look a call's tool up and validate its arguments (a dict or the model's JSON string), once.
    Raises `ToolFailure` naming what is wrong: unknown tool, invalid JSON, invalid arguments."""
    model = inputs.get(name)
    if model is None:
        raise ToolFailure("unknown_tool", f"unknown tool {name!r}; available tools: {', '.join(sorted(inputs))}",
                          "name")
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError as e:
            raise ToolFailure("invalid_json", f"arguments of {name} are not valid JSON: {e}") from None
    if args is not None and not isinstance(args, dict):
        raise ToolFailure("invalid_arguments", f"arguments of {name} must be a JSON object, "
                          f"got {type(args).__name__}")
    try:
        return model.model_validate(args or {})
    except ValidationError as e:
        raise ToolFailure("invalid_arguments", "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or '(arguments)'}: {err['msg']}" for err in e.errors()[:5]),
            ".".join(str(x) for x in e.errors()[0]["loc"]) or None) from None


class ToolResult(BaseModel):
    """What `ToolRunner.call` returns: ok + output, or a structured error; always the record."""

    tool: str
    call_id: str = ""  # the call's id in the workspace manifest ("" when no call was recorded)
    ok: bool
    output: dict[str, Any] = Field(default_factory=dict)
    error: ToolError | None = None
    artifacts: list[ArtifactRecord] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    wall_s: float = 0.0
    gpu: bool = False  # the job was given a GPU

    @property
    def gpu_s(self) -> float:
        return self.wall_s if self.gpu else 0.0

    def for_model(self, max_chars: int = 8000) -> str:
        """Compact JSON for the model's tool message (images are sent separately)."""
        body: dict[str, Any] = {"ok": self.ok, "call_id": self.call_id}
        if self.ok:
            body["output"] = {k: v for k, v in self.output.items() if k != "png_base64"}
        else:
            body["error"] = self.error.model_dump() if self.error else None
        body["artifacts"] = [a.path for a in self.artifacts]
        text = json.dumps(body, default=str)
        return text if len(text) <= max_chars else text[: max_chars - 20] + '..."(truncated)'


WorkspaceFile = Annotated[str, INPUT, Field(description="existing path in the workspace")]
WorkspacePath = Annotated[str, OUTPUT, Field(description="path in the workspace to write")]


def _marker(tp: Any) -> PathRole | None:
    """The path marker of an annotation, looking inside list[...] and X | None."""
    for m in getattr(tp, "__metadata__", ()):
        if isinstance(m, PathRole):
            return m
    return next((m for a in get_args(tp) if (m := _marker(a)) is not None), None)


def path_fields(model: type[BaseModel]) -> dict[str, PathRole]:
    """name -> marker for every path field (also lists of paths and optional paths)."""
    out = {}
    for name, f in model.model_fields.items():
        m = next((m for m in f.metadata if isinstance(m, PathRole)), None)
        if (m := m or _marker(f.annotation)) is not None:
            out[name] = m
    return out


class ToolInput(BaseModel):
    """Base of every tool input: unknown arguments are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


def _str_paths(tp: Any) -> Any:
    """`tp` with every Path as str (a workspace-relative path), markers kept."""
    if tp is Path:
        return str
    origin = get_origin(tp)
    if origin is Annotated:
        return Annotated[(_str_paths(get_args(tp)[0]), *tp.__metadata__)]  # type: ignore[misc]
    if origin is list:
        return list[_str_paths(get_args(tp)[0])]  # type: ignore[misc]
    if origin in (Union, UnionType):
        return Union[tuple(_str_paths(a) for a in get_args(tp))]  # type: ignore[misc] # noqa: UP007
    return tp


def tool_input(config: type[OpConfig], name: str, exclude: tuple[str, ...] = ()) -> type[ToolInput]:
    """The tool input model of an operation: its config's fields, defaults and limits, with paths
    as workspace paths. `device` comes from the call (`ToolContext.device`), never the model;
    `exclude` drops other fields the tool sets itself."""
    fields: dict[str, Any] = {}
    for fname, f in config.model_fields.items():
        if fname == "device" or fname in exclude:
            continue
        ann = _str_paths(f.annotation)
        if f.metadata:
            ann = Annotated[(ann, *f.metadata)]  # type: ignore[misc]
        default = f.get_default(call_default_factory=True)
        default = ... if f.is_required() else (str(default) if isinstance(default, Path) else default)
        fields[fname] = (ann, Field(default, description=f.description))
    return create_model(name, __base__=ToolInput, __doc__=f"Tool input of `{config.command}`.",
                        **fields)


@dataclass
class ToolContext:
    """What a running tool may use: its workspace, the event channel, the device."""

    workspace: Path
    progress: Callable[[dict[str, Any]], None]
    device: str = "cpu"  # "cuda" when the call asked for a GPU and one is visible
    call_id: str = ""

    def path(self, p: str, field: str | None = None, must_exist: bool = False) -> Path:
        return resolve_inside(self.workspace, p, field, must_exist)

    def rel(self, p: str | Path) -> str:
        return Path(p).resolve().relative_to(self.workspace).as_posix()

    def rel_if_made(self, p: str | Path) -> str | None:
        """The workspace path of a file the operation may have written (a plot), None when it did not."""
        return self.rel(p) if Path(p).is_file() else None

    def config(self, config: type[OpConfig], inp: BaseModel, **settings: Any) -> OpConfig:
        """The operation config of a tool call: paths resolved inside the workspace (inputs
        must exist), the call's device, and the `settings` the tool fixes itself."""
        values = inp.model_dump()
        for name, role in path_fields(type(inp)).items():
            v = values[name]
            if isinstance(v, list):
                values[name] = [self.path(x, name, role.must_exist) for x in v]
            elif v is not None:
                values[name] = self.path(v, name, role.must_exist)
        if "device" in config.model_fields:
            values["device"] = self.device
        return config(**values, **settings)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    input: type[BaseModel]
    output: type[BaseModel]
    fn: Callable[[Any, ToolContext], BaseModel]
    timeout_s: float = 600.0
    memory_mb: int | None = 6144
    uses_gpu: bool = False  # runs on a GPU when the call asks for one

    def run(self, args: dict[str, Any], ctx: ToolContext) -> BaseModel:
        out = self.fn(self.input.model_validate(args), ctx)
        assert isinstance(out, self.output), f"{self.name} returned {type(out).__name__}"
        return out


def png_base64(path: Path, max_bytes: int) -> str:
    data = path.read_bytes()
    if len(data) > max_bytes:
        raise ToolFailure("data", f"{path.name} is {len(data)} bytes, over the {max_bytes} "
                          "byte limit for images; make a smaller plot (fewer panels, lower dpi)")
    return base64.b64encode(data).decode()


def compact(obj: Any, max_list: int = 20, depth: int = 4) -> Any:
    """A metrics dict cut down to what a model should read: short lists, bounded depth."""
    if hasattr(obj, "tolist"):  # numpy / torch arrays and scalars
        obj = obj.tolist()
    if isinstance(obj, dict):
        if depth == 0:
            return f"{{... {len(obj)} keys}}"
        return {str(k): compact(v, max_list, depth - 1) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        if len(obj) > max_list:
            return f"[... {len(obj)} items, see the metrics file]"
        return [compact(v, max_list, depth - 1) for v in obj]
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, str | int | bool) or obj is None:
        return obj
    return str(obj)


