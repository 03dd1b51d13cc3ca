"""Typer commands generated from the operation configs (omnijet/config.py): no option is
declared twice.

    register_op(app, "pretrain", PretrainConfig, pretrain)   # --tokens --out --preset ... --config

Every field becomes an option (`--batch-size`, plus the names of a `Cli(...)` marker); list
fields take several values after one flag (`--data a.root b.root`) or repeated flags. Every
command also takes `--config run.yaml` (YAML or TOML: flat fields, or a run's recorded
config.yaml); options typed on the command line override the file. The values are validated by
the config model, so a bad value or a missing field is one line naming the field.

`body(cfg, **run_options)` runs the operation (`omnijet.operations.run`) and prints the outcome;
`run_options` are extra parameters that place a run without changing its result (a scan's
`--shard`), never config fields.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import typer
from typer.core import TyperCommand

from omnijet.config import OpConfig, file_fields, option_names, read_file, validate

CONFIG_HELP = "YAML or TOML file of settings (or a run's config.yaml); options given here win"


def _strip_literal(tp: Any) -> Any:
    """The type typer sees: Literal -> str (the model checks the choices), keeps list/Optional."""
    origin = get_origin(tp)
    if origin is Literal:
        return type(get_args(tp)[0])
    if origin is Annotated:
        return _strip_literal(get_args(tp)[0])
    if origin is list:
        return list[_strip_literal(get_args(tp)[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        args = [_strip_literal(a) for a in get_args(tp)]
        return typing.Optional[args[0]] if len(args) == 2 and type(None) in args else tp  # noqa: UP045
    return tp


def _choices(tp: Any) -> str:
    """"a | b | c" of the Literal inside `tp` (also inside list[...] and X | None)."""
    if get_origin(tp) is Literal:
        return " | ".join(map(str, get_args(tp)))
    return next((c for a in get_args(tp) if (c := _choices(a))), "")


def _option(cls: type[OpConfig], name: str) -> inspect.Parameter:
    f = cls.model_fields[name]
    names = option_names(cls, name)
    if f.annotation is bool:  # --flag/--no-flag
        names = tuple(f"{n}/--no-{n[2:]}" for n in names)
    required = f.is_required()
    default = None if required else f.get_default(call_default_factory=True)
    help_, choices = f.description or "", _choices(f.annotation)
    if choices and choices not in help_:
        help_ = f"{help_} ({choices})" if help_ else choices
    if required:
        help_ += " (required: here or in --config)"
    tp = _strip_literal(f.annotation)
    if required or default is None:
        tp = typing.Optional[tp]  # noqa: UP045 (typer reads Optional)
    option = typer.Option(*names, help=help_, show_default=not required)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[tp, option])


def _multi_command(list_options: set[str]) -> type[TyperCommand]:
    """A command class that rewrites `--opt a b c` into `--opt a --opt b --opt c`."""

    class MultiValueCommand(TyperCommand):
        def parse_args(self, ctx, args: list[str]) -> list[str]:
            out: list[str] = []
            current: str | None = None
            for a in args:
                if a.startswith("--"):
                    current = a if a in list_options else None
                    if current is None:
                        out.append(a)
                    continue
                if current is not None:
                    out += [current, a]
                else:
                    out.append(a)
            return super().parse_args(ctx, out)

    return MultiValueCommand


def list_option_names(cls: type[OpConfig]) -> set[str]:
    out: set[str] = set()
    for name, f in cls.model_fields.items():
        if get_origin(_strip_literal(f.annotation)) is list or list in map(get_origin, get_args(f.annotation)):
            out.update(option_names(cls, name))
    return out


def config_from_cli(cls: type[OpConfig], ctx: typer.Context, config: Path | None,
                    values: dict[str, Any]) -> OpConfig:
    """Defaults < --config file < options typed on the command line; validated once."""
    merged: dict[str, Any] = {}
    if config is not None:
        merged.update(file_fields(read_file(config), cls, config))
    for name, value in values.items():
        source = ctx.get_parameter_source(name)  # typer's click: COMMANDLINE, ENVIRONMENT, DEFAULT
        if source is not None and source.name != "DEFAULT":
            merged[name] = value
    return validate(cls, merged, str(config) if config is not None else None)


def op_command(cls: type[OpConfig], body: Callable[..., None], doc: str,
               run_options: list[inspect.Parameter] = ()) -> Callable[..., None]:  # type: ignore[assignment]
    """The typer callback of one operation: its options come from `cls`'s fields."""
    fields = list(cls.model_fields)
    extra = [p.name for p in run_options]

    def command(ctx: typer.Context, config: Path | None = None, **kw: Any) -> None:
        body(config_from_cli(cls, ctx, config, {k: kw[k] for k in fields}), **{k: kw[k] for k in extra})

    params = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
              inspect.Parameter("config", inspect.Parameter.KEYWORD_ONLY, default=None,
                                annotation=Annotated[Path | None, typer.Option("--config", help=CONFIG_HELP)]),
              *(_option(cls, n) for n in fields), *run_options]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = doc
    return command


def register_op(app: typer.Typer, name: str, cls: type[OpConfig], body: Callable[..., None],
                run_options: list[inspect.Parameter] = ()) -> None:  # type: ignore[assignment]
    """Add `name` to `app`: options from `cls`, help text from `body`'s docstring."""
    command = op_command(cls, body, inspect.getdoc(body) or "", run_options)
    app.command(name, cls=_multi_command(list_option_names(cls)))(command)
