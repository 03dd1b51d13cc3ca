"""Read the request family and its numbers from plain language, deterministically."""

from __future__ import annotations

import re
from typing import Any, Literal

Family = Literal["generate", "tokenizer", "pretrain", "finetune", "anomaly", "review"]

_FAMILIES: list[tuple[Family, str]] = [  # first match wins: the most specific family first
    ("review", r"\breview\b.*\.md\b|\bcheck\b.*\breport\b|\.md\b.*\breview\b"),
    ("anomaly", r"anomal|olympics|\blhco\b|cwola|weak(ly)?[- ]supervis|\bbump\b"),
    ("finetune", r"fine[- ]?tun|\btagg(er|ing)\b|from scratch|\btransfer\b|\bclassif(y|ier|ication)\b"),
    ("pretrain", r"pre[- ]?train|\bbackbone\b|\bgpt\b|generation quality|generative"),
    ("tokenizer", r"tokeni[sz]|vq-?vae|codebook|token quality"),
    ("generate", r"\b(generate|simulate|produce|make)\b.*\b(jets?|events?|data|dataset|sample)\b|\bpythia\b"),
]
_PROCESS = {"top": "top", "qcd": "qcd", "w": "wqq", "wqq": "wqq", "z": "zqq", "zqq": "zqq"}


def _num(text: str) -> int:
    """'1,000' -> 1000, '10k' -> 10000, '2M' -> 2000000."""
    text = text.replace(",", "").replace("_", "").strip().lower()
    mult = 1000 if text.endswith("k") else 1_000_000 if text.endswith("m") else 1
    return int(float(text.rstrip("km")) * mult)


_N = r"(\d[\d,_]*(?:\.\d+)?\s*[kKmM]?)"


def family_of(request: str) -> Family | None:
    text = request.lower()
    for fam, pattern in _FAMILIES:
        if re.search(pattern, text):
            return fam
    return None


def parse_params(request: str) -> dict[str, Any]:
    """Numbers and names the request states; absent ones are left to the preset defaults."""
    text = request.lower()
    p: dict[str, Any] = {}
    if m := re.search(r"\b(tiny|small|paper)\b(?:\s+preset|\s+config|\s+scale)?", text):
        p["preset"] = m.group(1)
    labels = re.search(rf"(?:with|using|at|of)\s+((?:{_N}(?:\s*,\s*|\s+and\s+|\s+or\s+)?)+)\s*(?:labell?ed|labels|training)\b", text)
    if labels:
        p["labels"] = [_num(x) for x in re.findall(_N, labels.group(1))]
    if m := re.search(rf"{_N}\s+seeds?\b", text):
        p["seeds"] = _num(m.group(1))
    if m := re.search(rf"{_N}\s+epochs?\b", text):
        p["epochs"] = _num(m.group(1))
    if m := re.search(rf"(?:codebook(?: size)?(?: of)?\s+{_N}|{_N}\s+codes\b)", text):
        p["codebook"] = _num(m.group(1) or m.group(2))
    if m := re.search(rf"(?:generate|sample)\s+{_N}\s+(?:new\s+)?jets", text):
        p["n_generate"] = _num(m.group(1))
    if m := re.search(rf"{_N}\s+(?:(?!labell?ed)\w+\s+)?(?:jets|events)\b", text):
        p.setdefault("n_jets", _num(m.group(1)))
    if m := re.search(r"(\d+(?:\.\d+)?)\s*%\s*signal|signal fraction (?:of )?(\d*\.\d+)", text):
        p["signal_fraction"] = float(m.group(1)) / 100 if m.group(1) else float(m.group(2))
    if m := re.search(r"\b(top|qcd|w|wqq|z|zqq)\s+(?:jets\s+)?(?:vs\.?|versus|against|and)\s+(top|qcd|w|wqq|z|zqq)\b", text):
        p["processes"] = [_PROCESS[m.group(1)], _PROCESS[m.group(2)]]
    else:
        found = [v for k, v in _PROCESS.items() if re.search(rf"\b{k}\b(?:[- ]jets?)?", text) and len(k) > 1]
        if found:
            p["processes"] = list(dict.fromkeys(found))
    strategy_words = {"scratch": r"scratch", "finetune": r"fine[- ]?tun", "frozen-backbone": r"frozen|fixed backbone|backbone fixed"}
    strategies = [name for name, pattern in strategy_words.items() if re.search(pattern, text)]
    if strategies:
        p["strategies"] = strategies
    if m := re.search(r"([\w./-]+\.md)\b", request):
        p["report"] = m.group(1)
    return p
