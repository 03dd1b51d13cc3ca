"""The referee's named alternations (agents/referee/alternation.py) match exactly what the plain alternation matches."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from agents.referee.alternation import _lookahead, named_alternation
from agents.referee.vocabulary import _RELATIONS, QUANTITIES, QUANTITY_RE, RELATION_RE

BLIND = Path(__file__).resolve().parents[2] / "benchmarks" / "referee_blind"


def _plain(items: list[tuple[str, str]], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{k}>{p})" for k, p in items), flags)


def _spans(rx: re.Pattern[str], text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text, lo, len(text) if hi is None else hi)]


@pytest.mark.parametrize(("pattern", "flags", "lookahead"), [
    (r"\bAUCs?\b|area under", re.I, "(?=[Aa])"),           # zero-width \b skipped; both branches start with 'a'
    (r"(?<![\w/])S\s*/\s*B", re.I, "(?=[S])"),             # a lookbehind is zero-width too
    (r"(?:mean |median )?offsets?", re.I, "(?=[mo])"),      # an optional prefix: its first letters and the next
    (r"(?-i:^[*_\s]*K[*_\s]*$)", re.I, r"(?=[\*_\sK])"),   # a column headed "K": '*', '_' or a space may lead
    (r"[^x]yz|abc", 0, ""),                                 # a negated class: any character may lead
    (r"a*", 0, ""),                                         # a pattern that matches empty: none
    (r"(?i:auc)|roc", 0, ""),                               # case-blind inside a case-sensitive pattern: none
    (r"\d+\.\d+|\w+_rate", 0, r"(?=[\d\w])"),              # classes kept as classes
])
def test_the_lookahead_is_the_characters_a_match_can_start_with(pattern: str, flags: int, lookahead: str) -> None:
    assert _lookahead(pattern, flags) == lookahead


def test_every_match_of_the_vocabulary_is_unchanged_on_the_blind_reports() -> None:
    texts = [p.read_text(errors="replace")[:6000] for p in sorted(BLIND.glob("b*/reports/*"))[::7] if p.is_file()]
    assert len(texts) > 150  # (a sample: one report in seven, its first 6000 characters)
    for rx, items in ((QUANTITY_RE, list(QUANTITIES.items())), (RELATION_RE, _RELATIONS)):
        plain = _plain(items, re.I)
        assert rx.pattern != plain.pattern  # the lookaheads are there
        for text in texts:
            assert _spans(rx, text) == _spans(plain, text)
            for lo in range(0, min(len(text), 400), 31):  # windows, as the readers search them ("finditer(text, lo, hi)")
                assert _spans(rx, text, lo, lo + 50) == _spans(plain, text, lo, lo + 50)


def test_a_named_alternation_reads_like_the_plain_one_at_the_edges() -> None:
    items = [("k", r"(?-i:^[*_\s]*K[*_\s]*$)"), ("auc", r"\bAUC\b"), ("p", r"\bp\s*(?=[=<])"), ("any", r"[^\d\s]{3}\d")]
    fast, plain = named_alternation(items, re.I), _plain(items, re.I)
    for text in ("K", " *K* ", "auc=0.9 p = 0.02 xyz1", "AUC", "", "x\nK", "ab1 auc_p<0.1"):
        assert _spans(fast, text) == _spans(plain, text)
