"""`omnijet-agent web` in a real Chromium (Debian's package, driven by Playwright): the sessions
list, a finished session's report with its figure, a cited number opening its artifact field,
approving a waiting step and watching the session's progress arrive without a reload, and
hostile workspace content shown as text. The sessions are real (offline backend, real sandboxed
tools, 40-60 jets), made once for the module."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.agents.test_end_to_end import ENV, ROOT, cli

CHROMIUM = os.environ.get("OMNIJET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PLANTED = '<img src=x onerror="document.title=\'pwned\'">.txt'
PLANTED_TEXT = "<script>document.title='pwned2'</script><b>not bold</b>"
WAITING = """
import sys
from dataclasses import replace
from pathlib import Path
from agents.configuration import load_settings
from agents.session import Session
s = load_settings(backend="offline", home=sys.argv[1], env={})
s = s.with_(limits=replace(s.limits, approve=True, approve_over_s=1.0))
ses = Session(s, "waiting")
ses.start("generate 40 top jets (tiny preset)")
print(ses.status())
ses.close()
"""


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does where it can)")
    return sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    sync_playwright = _browser_or_skip()
    home = tmp_path_factory.mktemp("web")
    done = cli("run", "generate 60 top jets (tiny preset)", "--workspace", str(home / "done"), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (home / "done" / "workspace" / PLANTED).write_text(PLANTED_TEXT)
    waiting = subprocess.run([sys.executable, "-c", WAITING, str(home)], cwd=ROOT, env=ENV, capture_output=True,
                             text=True, timeout=120)
    assert waiting.stdout.strip() == "awaiting_approval", waiting.stdout + waiting.stderr
    server = subprocess.Popen([sys.executable, "-m", "agents.main", "web", "--home", str(home)], cwd=ROOT,
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
        assert m, line + server.stderr.read()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            yield {"home": home, "base": m[1], "token": m[2], "page": page, "errors": errors}
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def url(site: dict, path: str = "/") -> str:
    return f"{site['base']}{path}?token={site['token']}"


def test_every_request_needs_the_token(site: dict) -> None:
    for wrong in ("", "?token=nope"):
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(f"{site['base']}/{wrong}", timeout=10)
        assert e.value.code == 403
    with urllib.request.urlopen(url(site, "/static/htmx.min.js"), timeout=10) as r:
        assert r.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")


def test_sessions_list(site: dict) -> None:
    page = site["page"]
    page.goto(url(site))
    rows = page.locator("#sessions tbody tr")
    assert rows.count() == 2
    text = page.locator("#sessions").inner_text()
    assert "generate 60 top jets" in text and "done" in text and "awaiting_approval" in text
    page.locator("#sessions a", has_text="done").click()
    page.wait_for_url(re.compile(r"/s/done\?"))
    assert "generate_data" in page.locator("#calls").inner_text()
    assert page.locator("#plan .review.accept").count() == 2
    assert "tasks" in page.locator("#asked-run").inner_text()


def test_report_renders_with_its_figure_and_a_cited_number_opens_its_field(site: dict) -> None:
    page = site["page"]
    page.goto(url(site, "/s/done"))
    page.locator("#report-link").click()
    page.wait_for_selector("#report h2")
    figure = page.locator("#report img").first
    figure.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=figure.element_handle())
    cites = page.locator("#report a.cite")
    assert cites.count() >= 5
    shown = cites.first.inner_text().replace("↗", "").strip()
    cites.first.click()
    page.wait_for_url(re.compile(r"/field\?.*#field$"))
    marked = page.locator("#field")
    assert marked.get_attribute("class") == "line marked" and marked.is_visible()
    value = json.loads(page.locator("#value").inner_text())
    assert float(shown) == pytest.approx(value, rel=5e-4, abs=1e-9)  # shown at 4 significant digits
    ptr = page.locator("#pointer").inner_text()
    assert marked.get_attribute("data-ptr") == ptr and page.locator("#artifact").inner_text().endswith(".json")


def test_planted_html_in_a_file_name_and_content_is_text(site: dict) -> None:
    page = site["page"]
    page.goto(url(site, "/s/done"))
    link = page.locator("#files a.file", has_text="onerror")
    assert link.inner_text() == PLANTED
    link.click()
    page.wait_for_selector("#content")
    assert page.locator("#content").inner_text() == PLANTED_TEXT
    assert page.locator("#path").inner_text() == PLANTED
    assert page.locator("main b").count() == 0 and page.locator("main img").count() == 0
    assert page.title() == f"{PLANTED} · done" and not site["errors"]  # the name, as text: nothing ran


def test_approving_a_step_runs_it_and_the_progress_updates_without_reload(site: dict) -> None:
    page = site["page"]
    page.goto(url(site, "/s/waiting"))
    assert "Step 1" in page.locator("#approval").inner_text()
    assert page.locator("#live-calls").inner_text() == "0"
    # POST, then redirected back to the session page: wait for the new document's load event.
    # Not expect_navigation on the URL: the page is already at that URL, and htmx's
    # history.replaceState on a live swap is a same-document navigation to it, which ended the
    # wait before the POST's navigation had begun (then evaluate() met a destroyed context)
    with page.expect_event("load", timeout=120_000):
        page.locator("#approve").click()
    page.evaluate("() => { window.__sameDocument = 'yes' }")
    assert page.locator("#live-calls").inner_text() == "0"  # the first call takes seconds: not yet
    # the session runs in its own process; the live block follows it over server-sent events
    # (functions, not expression strings: the page's CSP forbids eval, also to the test)
    page.wait_for_function("() => Number(document.getElementById('live-calls')?.textContent) >= 1",
                           timeout=240_000)
    page.wait_for_function("() => document.getElementById('live-status')?.textContent === 'done'",
                           timeout=240_000)
    assert page.evaluate("window.__sameDocument") == "yes"  # no reload happened
    assert page.locator("#live-calls").inner_text() == "3"
    meta = json.loads((site["home"] / "waiting" / "meta.json").read_text())
    assert meta["status"] == "done"
    assert not site["errors"]
