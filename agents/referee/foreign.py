"""`omnijet-agent review` of a report from elsewhere (no session manifest above it): reviewed on
content by the referee, its provenance said in one sentence. Called by `agents.review`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.referee.model_claims import Structured
from agents.referee.referee import NOT_TRACED, answer, referee
from omnijet.errors import OmniJetError

if TYPE_CHECKING:
    from agents.review import ReviewResult


def model_backend(env: dict[str, str] | None = None) -> Structured | None:
    """The configured model backend (openai, or local when asked for by name), else None: with
    no model configured the rules alone read the report."""
    from agents.configuration import load_settings
    from agents.llm import make_backend

    settings = load_settings(env=env)
    return make_backend(settings) if settings.backend in ("openai", "local") else None  # type: ignore[return-value]


def review_foreign(res: ReviewResult, text: str, name: str, question: str | None,
                   backend: Structured | None = None, cites: str = "") -> ReviewResult:
    """Fill `res` with the referee's findings (worst first, each with its line and rule), the
    one provenance sentence, and the answer to `question`. `backend` None: the configured one.

    The verdict rests on content: a report in its own style that the referee finds nothing
    wrong with passes, its provenance said once. One that cites files the way our sessions do
    claims a provenance nothing here vouches for: that stays a failure, `cites` saying why."""
    try:
        backend = backend or model_backend()
    except OmniJetError as e:  # a broken model configuration must not stop a review
        res.warnings.append(f"model reading skipped: {e}")
    ref = referee(text, name, backend=backend)
    res.warnings += ref.notes
    res.failures += ref.lines()
    if cites:
        res.failures.append(cites)
    else:
        res.signature = NOT_TRACED
    res.referee = ref.as_dict()
    if question:
        res.answer = answer(question, ref, text)
    return res
