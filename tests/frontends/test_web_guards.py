"""The web view against a hostile session folder, over real HTTP requests to the app (no browser):
the token, the Host, links and FIFOs in the workspace, a huge file, a report whose links and
markdown try to leave the workspace or run script, an unreadable state file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agents.web.app import make_app

TOKEN = "t0ken-for-tests"
REPORT = """# Hostile <script>alert(1)</script>

A number 0.5 [↗](../m.json#/a/0/b) and one out of the workspace 7 [↗](../../../../etc/passwd#/x).
[click](javascript:alert(1)) <img src=x onerror=alert(2)> ![fig](../../../../etc/hosts)
"""


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    ses = tmp_path / "bad"
    ws = ses / "workspace"
    (ws / "report").mkdir(parents=True)
    (ses / "meta.json").write_text(json.dumps({"id": "bad", "status": "done", "request": "<b>hi</b>"}))
    (ws / "report" / "report.md").write_text(REPORT)
    (ws / "m.json").write_text(json.dumps({"a": [{"b": 0.5, "<i>k</i>": "<script>x</script>"}]}))
    (ws / "link.json").symlink_to("/etc/passwd")
    os.mkfifo(ws / "pipe.txt")
    with (ws / "huge.log").open("wb") as f:
        f.truncate(3 << 30)  # 3 GiB, sparse
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "meta.json").write_text(json.dumps({"id": "broken", "status": "done"}))
    (tmp_path / "broken" / "state.sqlite").write_bytes(b"not a database" * 100)
    return TestClient(make_app(tmp_path, TOKEN), base_url="http://127.0.0.1")


def get(client: TestClient, route: str, /, **params: str):
    return client.get(route, params={**params, "token": TOKEN})


def test_token_and_host_are_checked(client: TestClient) -> None:
    assert client.get("/").status_code == 403
    assert client.get("/", params={"token": TOKEN + "x"}).status_code == 403
    assert client.post("/s/bad/approve").status_code == 403
    other = TestClient(client.app, base_url="http://evil.example")
    assert other.get("/", params={"token": TOKEN}).status_code == 403  # DNS rebinding
    ok = get(client, "/")
    assert ok.status_code == 200 and "frame-ancestors 'none'" in ok.headers["content-security-policy"]


def test_report_links_and_markup_stay_inside_and_inert(client: TestClient) -> None:
    html = get(client, "/s/bad/report").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert "href=\"javascript" not in html and "[click](javascript:alert(1))" in html  # text, no link
    assert 'href="/s/bad/field?path=m.json&amp;ptr=%2Fa%2F0%2Fb' in html  # the cited number, a link
    assert "etc%2Fpasswd" not in html and "etc%2Fhosts" not in html  # links out are dropped
    field = get(client, "/s/bad/field", path="m.json", ptr="/a/0/b")
    assert field.status_code == 200 and 'id="value">0.5<' in field.text
    assert "&#34;&lt;i&gt;k&lt;/i&gt;&#34;" in field.text and "<script>x" not in field.text


def test_links_fifos_huge_files_and_escapes_are_refused(client: TestClient) -> None:
    page = get(client, "/s/bad").text
    assert "link.json" not in page and "pipe.txt" not in page  # only plain files are listed
    assert "&lt;b&gt;hi&lt;/b&gt;" in page
    assert get(client, "/s/bad/file", path="link.json").status_code == 403
    assert get(client, "/s/bad/field", path="link.json").status_code == 403
    assert get(client, "/s/bad/file", path="pipe.txt").status_code == 403  # answered, not blocked
    assert get(client, "/s/bad/file", path="../../etc/passwd").status_code == 403
    assert get(client, "/s/bad/field", path="huge.log").status_code == 403  # over the JSON bound
    head = get(client, "/s/bad/file", path="huge.log")
    assert head.status_code == 200 and len(head.content) < 2 << 20  # the first 256 KiB, shown
    assert get(client, "/s/..%2F..%2Fetc").status_code == 404
    assert get(client, "/static/..%2Fapp.py").status_code == 404


def test_a_damaged_state_file_is_named_not_a_crash(client: TestClient) -> None:
    page = get(client, "/s/broken")
    assert page.status_code == 200 and "unreadable state" in page.text
    assert get(client, "/s/nope").status_code == 404
    assert client.post("/s/bad/approve", params={"token": TOKEN}).status_code == 409  # nothing waits
