"""`omnijet-agent web`: sessions, plans, reviews, live progress and reports in a browser.

FastAPI + Jinja2 (autoescape) + htmx (vendored, static/), on 127.0.0.1 only. Every request must
carry the random token of the printed URL (`?token=`), and name this server as its Host (no DNS
rebinding). Responses forbid inline scripts, framing and sniffing (CSP `script-src 'self'`), so
even a string that slipped through escaping could not run. Nothing is writable but the answer to
a pending approval (POST, token-checked). Workspace content is hostile: names, tool outputs and
reports are text, files are read bounded and never through a link (tools.safe_read).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from agents.planner import asked_vs_run
from agents.provenance_refs import resolve
from agents.session_files import SessionFileError
from agents.web.render import json_lines, report_html
from agents.web.store import SessionView, Store
from omnijet.errors import ConfigError
from tools.safe_read import SandboxError, inside, list_files, read_bytes, read_head

HERE = Path(__file__).parent
MAX_REPORT, MAX_JSON, MAX_IMAGE, MAX_TEXT = 2 << 20, 32 << 20, 20 << 20, 256 << 10
STATIC = {"htmx.min.js": "text/javascript", "hx-sse.min.js": "text/javascript",
          "style.css": "text/css", "LICENSE.htmx.txt": "text/plain"}
HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
           "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
           "frame-ancestors 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
POLL_S = 1.0  # how often a live page's session is looked at again


class Refused(Exception):
    """A request the view will not serve: (status, one line)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def make_app(home: Path, token: str | None = None) -> FastAPI:
    token = token or secrets.token_urlsafe(24)
    store = Store(home)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.token, app.state.store = token, store
    site = _Site(store, token, _templates())
    site.templates.env.globals["url"] = site.url
    _guard_requests(app, token)
    _session_routes(app, site)
    _workspace_routes(app, site)
    _answer_and_static_routes(app, site)
    return app


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return Jinja2Templates(env=env)


@dataclass(frozen=True)
class _Site:
    """What every route needs: the session store, the token its URLs carry, the templates."""

    store: Store
    token: str
    templates: Jinja2Templates

    def url(self, route: str, /, **query: Any) -> str:
        return route + "?" + urlencode({**{k: v for k, v in query.items() if v is not None},
                                        "token": self.token})

    def page(self, request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, ctx)

    def view_of(self, sid: str) -> SessionView:
        try:
            return self.store.open(sid)
        except (SessionFileError, ConfigError) as e:
            raise Refused(404, str(e)) from None


def _guard_requests(app: FastAPI, token: str) -> None:
    """Refuse any request not addressed to 127.0.0.1/localhost or without the token; a Refused
    raised by a route becomes its one-line answer; every response gets HEADERS."""

    @app.middleware("http")
    async def guard(request: Request, call_next):
        given = request.query_params.get("token", "")
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):
            resp: Response = Response("refused: this server answers on 127.0.0.1 only", 403)
        elif not hmac.compare_digest(given.encode(), token.encode()):
            resp = Response("refused: the URL's token is missing or wrong (use the URL printed "
                            "by `omnijet-agent web`)", 403, media_type="text/plain")
        else:
            try:
                resp = await call_next(request)
            except Refused as e:
                resp = Response(str(e), e.status, media_type="text/plain")
        resp.headers.update(HEADERS)
        return resp


def _session_routes(app: FastAPI, site: _Site) -> None:
    """The sessions list, a session's page and its live progress (polled, or streamed as SSE)."""
    page, view_of = site.page, site.view_of

    @app.get("/", response_class=HTMLResponse)
    def sessions(request: Request):
        return page(request, "sessions.html", rows=site.store.sessions(), home=str(site.store.home))

    @app.get("/s/{sid}", response_class=HTMLResponse)
    def session(request: Request, sid: str):
        v = view_of(sid)
        st = v.state
        rows = asked_vs_run(st.spec, st.plan) if st and st.spec and st.plan and st.spec.tasks else []
        files, complete = list_files(v.workspace) if v.workspace.is_dir() else ({}, True)
        return page(request, "session.html", v=v, st=st, asked=rows, files=files, complete=complete,
                    progress=_progress(v), limits=None)

    @app.get("/s/{sid}/progress", response_class=HTMLResponse)
    def progress(request: Request, sid: str):
        return page(request, "progress.html", p=_progress(view_of(sid)))

    @app.get("/s/{sid}/events")
    async def events(request: Request, sid: str):
        view_of(sid)

        async def stream():
            last = None
            while not await request.is_disconnected():
                p = _progress(await run_in_threadpool(view_of, sid))
                if p != last:
                    last = p
                    html = site.templates.get_template("progress.html").render(p=p, url=site.url)
                    yield "".join(f"data: {line}\n" for line in html.splitlines()) + "\n"
                if not p["live"]:
                    yield "event: close\ndata: done\n\n"
                    return
                await asyncio.sleep(POLL_S)

        return StreamingResponse(stream(), media_type="text/event-stream")


def _workspace_routes(app: FastAPI, site: _Site) -> None:
    """A session's report (cited numbers linked), one JSON field, and a workspace file."""
    page, view_of, url = site.page, site.view_of, site.url

    @app.get("/s/{sid}/report", response_class=HTMLResponse)
    def report(request: Request, sid: str):
        v = view_of(sid)
        text = _read(v, "report/report.md", MAX_REPORT).decode("utf-8", errors="replace")
        html = report_html(text, lambda rel: url(f"/s/{sid}/file", path=rel),
                           lambda rel, ptr: url(f"/s/{sid}/field", path=rel, ptr=ptr) + "#field")
        return page(request, "report.html", v=v, html=html)

    @app.get("/s/{sid}/field", response_class=HTMLResponse)
    def field(request: Request, sid: str, path: str, ptr: str = ""):
        v = view_of(sid)
        try:
            doc = json.loads(_read(v, path, MAX_JSON))
        except (ValueError, RecursionError):
            raise Refused(422, f"{path} is not JSON") from None
        lines, found = json_lines(doc, ptr)
        value = json.dumps(resolve(doc, ptr), default=str)[:2000] if found else None
        return page(request, "field.html", v=v, path=path, ptr=ptr, lines=lines, found=found, value=value)

    @app.get("/s/{sid}/file")
    def file(request: Request, sid: str, path: str):
        v = view_of(sid)
        if path.lower().endswith(".png"):
            data = _read(v, path, MAX_IMAGE)
            if not data.startswith(b"\x89PNG\r\n\x1a\n"):
                raise Refused(415, f"{path} is not a PNG image")
            return Response(data, media_type="image/png")
        data = _read(v, path, MAX_TEXT, cut=True)
        return page(request, "file.html", v=v, path=path, text=data.decode("utf-8", errors="replace"),
                    cut=len(data) >= MAX_TEXT)


def _answer_and_static_routes(app: FastAPI, site: _Site) -> None:
    """The only writes (approve / stop a pending step) and the vendored static files."""

    @app.post("/s/{sid}/approve")
    def approve(sid: str):
        return _answer(site.store, sid, True, site.url)

    @app.post("/s/{sid}/stop")
    def stop(sid: str):
        return _answer(site.store, sid, False, site.url)

    @app.get("/static/{name}")
    def static(name: str):
        if name not in STATIC:
            raise Refused(404, "no such file")
        return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name])


def _answer(store: Store, sid: str, approve: bool, url) -> RedirectResponse:
    try:
        store.answer(sid, approve)
    except (SessionFileError, ConfigError) as e:
        raise Refused(409, str(e)) from None
    return RedirectResponse(url(f"/s/{sid}"), status_code=303)


def _read(v: SessionView, path: str, limit: int, cut: bool = False) -> bytes:
    """A workspace file of the session, bounded, never via a link; `cut`: the first `limit`
    bytes of a longer file instead of a refusal."""
    try:
        rel = inside("", path)
        if cut:
            return read_head(v.workspace, rel, limit)
        return read_bytes(v.workspace, rel, limit)
    except SandboxError as e:
        raise Refused(404 if "no such" in str(e) else 403, f"refused: {e}") from None


def _progress(v: SessionView) -> dict[str, Any]:
    """What the live block shows; compared between polls to decide whether to send."""
    st = v.state
    n = len(st.plan.steps) if st and st.plan else 0
    calls = st.calls if st else []
    k = st.counters if st else None
    return {
        "sid": v.id, "status": v.status, "live": v.status in ("running", "awaiting_approval"),
        "step": min(st.step + 1, n) if st else 0, "steps": n, "attempt": st.attempt + 1 if st else 0,
        "goal": st.plan.steps[min(st.step, n - 1)].goal if st and n else "",
        "calls": len(calls), "running": v.running_calls,
        "last": [{"tool": c.tool, "ok": c.ok, "wall_s": round(c.wall_s, 1),
                  "error": str(c.error) if c.error else ""} for c in calls[-5:]],
        "tool_s": round(k.tool_wall_s, 1) if k else 0.0,
        "tokens": (k.prompt_tokens + k.completion_tokens) if k else 0,
        "reviews": len(st.reviews) if st else 0,
    }
