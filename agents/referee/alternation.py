"""A named alternation of many patterns ("(?P<auc>...)|(?P<accuracy>...)|..."), compiled so that each position of the
text tries only the names that can start with its character.

Python's engine enters every branch of an alternation at every position; under re.I it has no fast first-character
check, and the referee's vocabulary of quantities (some 150 branches) spent most of a report's reading there. Each
named group is led by a lookahead of the characters its pattern can start with, worked out from the pattern's parse:
the lookahead is implied by the pattern, so every match (its span and its lastgroup) is the same as without it. A
pattern whose first characters cannot be bounded (".", "[^x]", an empty match) keeps no lookahead.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 - the engine's opcodes, as its own parser names them
from re import _parser

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


def _class_items(av: list) -> list[str] | None:
    out = []
    for op, arg in av:
        if op is C.LITERAL:
            out.append(re.escape(chr(arg)))
        elif op is C.RANGE:
            out.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op is C.CATEGORY and arg in _CATEGORIES:
            out.append(_CATEGORIES[arg])
        else:
            return None  # a negated class: it may start with almost anything
    return out


def _first(seq: _parser.SubPattern | list, case_blind: bool) -> tuple[list[str] | None, bool]:
    """The class items a match of seq can start with (None: not bounded), and whether seq can match empty."""
    out: list[str] = []
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: the next item's character is the first
        if op is C.LITERAL:
            return out + [re.escape(chr(av))], False
        if op is C.IN:
            items = _class_items(av)
            return (None if items is None else out + items), False
        if op is C.SUBPATTERN:
            if av[1] & re.I and not case_blind:
                return None, False  # "(?i:...)" in a case-sensitive pattern: the lookahead would be narrower
            subs, nullable = [av[3]], False
        elif op is C.BRANCH:
            subs, nullable = av[1], False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            subs, nullable = [av[2]], av[0] == 0
        else:
            return None, False  # ".", a back-reference, a conditional: not bounded here
        can_be_empty = False
        for sub in subs:
            first, empty = _first(sub, case_blind)
            if first is None:
                return None, False
            out += first
            can_be_empty |= empty
        if not (nullable or can_be_empty):
            return out, False
    return out, True


def _lookahead(pattern: str, flags: int) -> str:
    try:
        first, empty = _first(_parser.parse(pattern, flags), bool(flags & re.I))
    except Exception:  # noqa: BLE001 - an engine whose parser differs: no lookahead, the same matches
        return ""
    return "" if first is None or empty else f"(?=[{''.join(dict.fromkeys(first))}])"


def named_alternation(items: list[tuple[str, str]] | dict[str, str], flags: int = 0) -> re.Pattern[str]:
    """re.compile("|".join(f"(?P<{name}>{pattern})" ...), flags), matching the same, faster on long alternations."""
    pairs = items.items() if isinstance(items, dict) else items
    return re.compile("|".join(f"{_lookahead(p, flags)}(?P<{k}>{p})" for k, p in pairs), flags)
