"""Read a plain-language request into an `AnalysisSpec`, deterministically.

The parser reads the way physicists write: "only 100 top jets", "50 labelled tops", "2k",
"ten thousand", "1%", "W vs Z", "compare the conditional tokenizer to the binned one", and
several tasks in one request. Every number is classified by the words around it (what it
counts), so "generate 500 jets with the pretrained model" is a generation size and not a
training sample. What the request does not state stays empty: the planner fills it from the
preset and says so.
"""

from __future__ import annotations

import re
from typing import Any

from agents.llm.quantity_parse import (
    AGAINST_REAL,
    DEPENDENCE,
    OBSERVABLE_CUT,
    REAL_AGAINST,
    SCRATCH,
    SEPARATION_BY_AN_OBSERVABLE,
    TAGGER_VS_CUT,
    TAGGER_WORDS,
    WHERE_TO_CUT,
    WHICH_OBSERVABLE,
    features,
    jet_observables,
    overfitting_asked,
    read_quantities,
    signals_compared,
)
from agents.spec import (
    GPT_INPUT_NAMES,
    OBJECTIVE_NAMES,
    TASK_ORDER,
    AnalysisSpec,
    JetProcess,
    Quantity,
    Task,
)

# -- tasks ------------------------------------------------------------------------------------
_TASKS: dict[Task, str] = {
    "review": r"\.md\b|\breport\b.*\b(hold|check|review|audit|verify|trust|sound|right|correct)|"
              r"\b(review|check|audit|verify)\b.*\breport\b|\bhold(s)? up\b",
    "anomaly": r"anomal|olympics|\blhco\b|cwola|weak(ly)?[- ]?supervis|\bbump[- ]?hunt|\bdijet|"
               r"\bresonance search|new[- ]physics search|\bsignal injection|\binject|\bblack[- ]?box|"
               r"\b(is|are) there (any )?(new[- ]physics|a (new )?resonance|an? (bump|excess|anomal))|"
               r"\b(signal|resonance|excess|bump)\b[^.;]*\.h5\b|\.h5\b[^;]*\b(signal|resonance|excess|bump)\b",  # 'find the signal in data/bb1.h5'
    "finetune": r"fine[- ]?tun|finetun|\btagg(er|ers|ing)\b|from scratch|\brandom(ly)?[- ]init|\btransfer learning|"
                r"\btell (?:the )?(?:tops?|qcd|w|z)(?:[- ]jets)? (?:from|and) (?:the )?(?:tops?|qcd|w|z)\b|"
                r"\b(?:roc[- ])?auc (?:for|of|on|between) (?:the )?(?:tops?|w|z)(?:[- ]jets?)? (?:vs\.?|versus|against|and) (?:the )?(?:qcd|tops?|w|z)\b|"
                r"\bto tag\b|\btag (?:the )?(?:tops?|w|z)(?:[- ]jets?)?\b|\blabel (?:budgets?|counts?)\b|"
                r"\bclassif(y|ier|iers|ication)\b(?! test)|\bdiscriminat|\blabell?ed\b|\blabels\b|\b\d+[- ]label\b|\bdata[- ]efficien|"
                r"\bfreez\w* the (backbone|gpt|pre-?trained)|\bfrozen (backbone|gpt)|\blinear prob",
    "pretrain": r"pre[- ]?train|\bbackbone\b|\bgpt\b|\bgenerative\b|generation quality|foundation model|"
                r"\b(?:the|our|a|jet)\s+generator\b(?![- ]level)|"
                r"(generate|sample|produce)\b[^.;]*\b(with|from|using) (the |a |our )?(pretrained |trained )?"
                r"(model|gpt|backbone|transformer|network)|(?<!pythia-)(?<!pythia )\bgenerated (\w+ )?(jets?|samples?|events)\b|\bsample (new )?jets\b|"
                rf"\bgenerated\b[^.;?]{{0,30}}{AGAINST_REAL}|{REAL_AGAINST}\bgenerated\b|"
                r"\b(?:model|gpt|backbone|transformer)\b (?:\w+ ){0,2}(?:generat|sampl)\w*|"
                r"\bgenerated (?:jets?'? )?(?:mass|p_?t|tau_?\d\d|multiplicit\w*|constituents?|\w+ jet) (?:\w+ )?(?:distributions?|spectr\w+|shapes?|peaks?)\b|"
                r"(?<!data )(?<!event )(?<!pythia )(?<!mc )(?<!monte carlo )\bgeneration\b(?! (with|using|by|in) pythia)",
    "tokenizer": r"tokeni[sz]|vq-?vae|\bcodebook|token quality|\bcodes\b|\bbinned\b|\bquanti[sz]|"
                 # 'the tau21 of the reconstructed W jets against the originals': the tokens' round trip
                 r"\breconstructed\b[^.;?]{0,50}\b(?:originals?|inputs?|truth)\b|\b(?:originals?|inputs?|truth)\b[^.;?]{0,50}\breconstructed\b",
    "generate": r"\b(gen\w*rate|simulate|produce|make|create)\b[^.;]*\b(jets?|events?|data|dataset|samples?|tops?)\b|"
                r"\bpythia\b|\bshow me\b[^.;]*\bjets\b|\bplot\b[^.;]*\bjets\b",
}

# -- classes ------------------------------------------------------------------------------------
_CLASS_WORDS: list[tuple[JetProcess, str]] = [
    ("top", r"\btops?\b|\bt\s*->\s*bqq|\btbqq\b|\bttbar\b|\bt-?jets?\b"),
    ("qcd", r"\bqcd\b|\blight[- ]quark|\bgluon|\bq/g\b|\bquark/gluon\b"),
    ("wqq", r"\bw\b(?!')|\bw[- ]?(jets?|bosons?|->\s*qq)\b|\bwqq\b|\bw\s*->\s*qq"),
    ("zqq", r"\bz\b|\bz[- ]?(jets?|bosons?)\b|\bzqq\b|\bz\s*->\s*qq"),
]
_CLASS_NOUN = r"(?:tops?|qcd|w|z|wqq|zqq|t|gluon|quark)"

_WORD_NUM = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
             "thirty": 30, "fifty": 50, "hundred": 100, "couple": 2, "few": 3}
_SCALE = {"hundred": 100, "thousand": 1000, "k": 1000, "million": 1_000_000, "m": 1_000_000}


def _normalise_numbers(text: str) -> str:
    """Digits for every number: '1,000' -> 1000, '2k' -> 2000, 'ten thousand' -> 10000,
    '1e4' -> 10000, 'half a million' -> 500000, 'three seeds' -> '3 seeds'."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=\d)_(?=\d)", "", text)
    text = re.sub(r"\bhalf a million\b", "500000", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)e(\d)\b", lambda m: str(int(float(m[1]) * 10 ** int(m[2]))), text)
    text = re.sub(r"\b10\^(\d)\b", lambda m: str(10 ** int(m[1])), text)

    def scaled(m: re.Match[str]) -> str:
        value = float(m[1]) * _SCALE[m[2].lower()]
        return str(int(value)) if value == int(value) else str(value)

    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*(k|m|thousand|million|hundred)\b(?!\w)", scaled, text, flags=re.I)
    words = "|".join(sorted(_WORD_NUM, key=len, reverse=True))

    def worded(m: re.Match[str]) -> str:
        base = _WORD_NUM[m[1]]
        scale = _SCALE[m[2]] if m[2] else 1
        return str(base * scale)

    # "ten thousand", "a thousand", "five hundred" (a / an only before a scale word)
    text = re.sub(rf"\b({words})[\s-]+(hundred|thousand|million)\b", worded, text)
    text = re.sub(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty)\b(?=\s+(?:random\s+|different\s+|independent\s+)?"
                  r"(?:seeds?|epochs?|runs?|repetitions|times|classes|tokenizers?|codebooks?|strategies)\b)",
                  lambda m: str(_WORD_NUM[m[1]]), text)
    text = re.sub(r"\ba (couple|few) (?:of )?(?=(?:random\s+)?(?:seeds?|epochs?)\b)", lambda m: f"{_WORD_NUM[m[1]]} ", text)
    return text


_NUM = r"\d+(?:\.\d+)?"
_SEP = r"\s*(?:,\s*and|,|/|and|or|to|-)\s*"
_GROUP = re.compile(rf"{_NUM}\s*%?(?:{_SEP}{_NUM}\s*%?)*")


def _kind_of(value: str) -> str:
    return "percent" if value.endswith("%") else "fraction" if float(value) < 1 else "count"


def _groups(text: str) -> list[tuple[list[str], int, int]]:
    """Runs of numbers that belong together ('100, 1000 and 10000'): (values, start, end).
    A run splits where the kind changes ('0.02 and 5000 events' is a fraction, then a count);
    'from 100 to 10000' becomes the decades in between."""
    out = []
    for m in _GROUP.finditer(text):
        start = m.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._'"):
            continue  # part of a word or a path (run3, x1.md, W'), not a quantity
        if start > 0 and text[start - 1] in "/-" and not (start > 1 and text[start - 2] == " "):
            continue
        items = [(v.group().strip(), m.start() + v.start(), m.start() + v.start() + len(v.group().strip()))
                 for v in re.finditer(rf"{_NUM}\s*%?", m.group())]
        runs: list[list[tuple[str, int, int]]] = [[items[0]]]
        for prev, cur in zip(items, items[1:], strict=False):
            if _kind_of(prev[0]) != _kind_of(cur[0]):
                runs.append([cur])
            else:
                runs[-1].append(cur)
        for run in runs:
            end = run[-1][2]
            if end < len(text) and text[end].isalpha() and text[end - 1] != "%":
                continue  # '3x', '128d': not a count we read
            vals = [v for v, _, _ in run]
            seps = " ".join(text[a[2]:b[1]] for a, b in zip(run, run[1:], strict=False))
            if len(vals) == 2 and re.search(r"\bto\b", seps) and _kind_of(vals[0]) == "count":
                lo, hi = _as_int(vals[0]), _as_int(vals[1])
                if lo > 0 and hi >= 100 * lo and str(lo).strip("0") == "1" == str(hi).strip("0"):
                    vals = [str(lo * 10 ** k) for k in range(len(str(hi)) - len(str(lo)) + 1)]
            elif len(vals) == 2 and re.search(r"\bto\b", seps) and _kind_of(vals[0]) == _kind_of(vals[1]) == "percent" \
                    and re.search(r"\bfrom\s*$", text[max(0, run[0][1] - 6):run[0][1]]):
                vals = [f"{v:g}%" for v in _one_two_five(float(vals[0].rstrip("% ")), float(vals[1].rstrip("% ")))]
            out.append((vals, run[0][1], end))
    return out


def _one_two_five(lo: float, hi: float) -> list[float]:
    """'from 0.1% to 5%': the 1-2-5 series between two ends (both kept), or the ends alone when
    they are less than a factor 4 apart or not on the series."""
    if not 0 < lo < hi or hi < 4 * lo:
        return [lo, hi]
    series = [round(m * 10.0 ** e, 10) for e in range(-4, 3) for m in (1, 2, 5)]
    inside = [v for v in series if lo <= v <= hi]
    return inside if lo in inside and hi in inside else [lo, hi]


def _as_int(v: str) -> int:
    return int(float(v.rstrip("% ")))


def _window(text: str, start: int, end: int, before: int = 60, after: int = 60) -> tuple[str, str]:
    return text[max(0, start - before):start], text[end:end + after]


def _first_words(s: str, n: int) -> str:
    return " ".join(re.findall(r"[\w%/'.-]+", s)[:n])


def _classify(text: str, values: list[str], pre: str, post: str, tasks: set[Task]) -> tuple[str, bool] | None:
    """What a group of numbers counts (from the words before and after it): (field, per_class),
    or None for numbers we ignore."""
    nxt = _first_words(post, 5)
    nxt1 = _first_words(post, 1)
    if re.match(r"(gev|tev|mev|ev|gb|mb|s|sec|seconds|min|minutes|hours?|h|cores?|gpus?|cpu)(?![/\w])", nxt):
        return None
    if re.search(r"(r\s*=|r=|delta r|pt\s*[<>]|eta\s*[<>]|lr|learning rate|batch(?: size)?)\s*(of\s*)?$", pre.strip()):
        return None
    if any(v.endswith("%") for v in values) or re.match(r"percent\b", nxt1):
        return ("signal_fractions", False) if "anomaly" in tasks or "signal" in pre + post or _JET_INJECTION.search(pre + post) \
            or _jet_injection(text) else None
    if any("." in v for v in values) and not re.search(r"(signal fraction|s/b|s/\(s\+b\)|injected fraction|fraction)s?\s*"
                                                        r"(?:of|=|:|at)?\s*$", pre):
        return None  # 'tau32 below 0.5 compared with qcd jets': a decimal counts no jets, seeds or epochs
    if re.match(r"(?:random |different |independent )?(seeds?|runs|repetitions|times)\b", nxt):
        return "seeds", False
    if re.search(r"\bseeds?\s*(?:=|:|of)?\s*$", pre):
        return "seeds", False
    if re.match(r"epochs?\b", nxt) or re.search(r"\bepochs?\s*(?:=|:|of)?\s*$", pre):
        return "epochs", False
    if re.match(r"(?:-?\s*)?(codes?|tokens? codebook|entr(y|ies)|codebook|code codebook|-code|token vocab)", nxt) or \
            re.search(r"(codebook(?:s)?(?: sizes?)?|vocab(?:ulary)?(?: size)?|k\s*=)\s*(?:of|=|:|,)?\s*$", pre):
        return "codebooks", False
    if re.search(r"\bcodebook|\bcodes?\b|\bvocab", pre) and all(v.isdigit() and int(v) >= 16 and not int(v) & (int(v) - 1)
                                                              for v in values) and \
            not re.match(r"(?:labell?ed |training |top |qcd |w |z )?(labels?|jets?|events?|epochs?|seeds?|constituents?|particles?)\b", nxt):
        return "codebooks", False  # 'which codebook is best, 256 or 1024?': powers of two after the codebook named
    if re.search(r"(signal fraction|s/b|s/\(s\+b\)|signal[- ]to[- ]background|injected fraction|"
                 r"fraction)s?\s*(?:of|=|:|at)?\s*$", pre) and all(float(v.rstrip('%')) < 1 for v in values):
        return "signal_fractions", False
    from_model = r"(?:[a-z]+ ){0,3}(from|with|using|out of) (the |our |a )?(pretrained |trained )?(model|gpt|backbone|transformer)"
    if re.search(r"\b(generate|sample|produce|draw)\s*$", pre) and "pretrain" in tasks and \
            (re.match(r"(new |more |fake )?(generated )?(\w+ )?jets\b(?!\s*(with|using) pythia)", nxt) or re.match(from_model, nxt)):
        return "n_generate", False
    if re.match(r"(generated|sampled|synthetic|fake) jets\b", nxt):
        return "n_generate", False
    if "pretrain" in tasks and re.search(r"\b(generate|sample|draw)\s*$", pre) and re.match(r"\s*([:,;.!?]|and\b|then\b|$)", post):
        return "n_generate", False  # 'pretrain ..., generate 1000 and compare': the jets sampled from the model
    per_class = bool(re.match(rf"(?:labell?ed |training |signal |background )?{_CLASS_NOUN}\b", nxt)) or \
        bool(re.search(r"^\W*(?:\w+ ){0,3}(each|per|for each|of each) (class|category|process)", post))
    if re.match(r"-?(labell?ed|labels?|training (jets|examples|samples)|train jets|tagged)\b", nxt) or \
            re.match(rf"{_CLASS_NOUN} labels?\b|(labell?ed )?{_CLASS_NOUN} (jets )?(for|to) train", nxt) or \
            re.match(rf"labell?ed {_CLASS_NOUN}", nxt) or re.search(r"\blabels?\s*(?:=|:|of)?\s*$", pre) or \
            re.search(r"\b(labels|labell?ed (jets|examples)|training (jets|examples)|label (counts?|budgets?|sizes?)|"
                      r"numbers? of labels)\s+(from|between)\s*$", pre):
        return "labels", per_class
    if "finetune" in tasks and re.search(r"\b(only|just|have|with|using|use|at|from|of|on)\s*$", pre) and \
            re.match(rf"({_CLASS_NOUN}[- ]?)?(jets?|examples|samples)\b|{_CLASS_NOUN}s?\b", nxt) and \
            not re.search(r"\b(generate|simulate|produce|pre-?train(ing|ed)?( (the|a|our) (\w+ )?\w+)? on|train (the |a )?(gpt|backbone) on)\b(?![^.;]*\b(fine[- ]?tun|finetun))[^.;]*$", pre):
        return "labels", per_class
    if re.match(r"(?:hardest|leading|highest[- ]p_?t|most energetic|first) (?:[a-z-]+ )?(?:constituents?|particles?)\b", nxt) \
            or (re.match(r"(?:constituents?|particles?)\b", nxt)
                and re.search(r"\b(?:keep(?:ing)?|kept|us(?:e|ing)|only|truncat\w*(?: to)?|(?:cut|limit)\w*(?: to)?)\s+(?:the\s+)?(?:only\s+)?$", pre)):
        return "constituents", False  # 'keep the 30 hardest constituents per jet': how many a jet keeps, not a count of jets
    if re.search(r"\bout of\s*$", pre) and "finetune" not in tasks:
        return "n_jets", False  # 'how many top jets out of 4000 have ...'
    if re.match(r"(?:[a-z]+ ){0,2}(events?|dijets?|dijet events?|collisions)\b", nxt) or \
            (("anomaly" in tasks) and re.match(r"(?:\w+ ){0,2}(bkg|background)\b", nxt)):
        return ("n_events", False) if "anomaly" in tasks else ("n_jets", False)
    if re.match(rf"(?:[a-z]+ ){{0,3}}(jets?|{_CLASS_NOUN}s?\b)", nxt) or re.match(r"per (class|process)|samples?\b", nxt):
        if "pretrain" in tasks and re.search(r"\b(generate|sample|draw)\b[^.;]{0,20}$", pre) and \
                not re.search(r"\bpythia\b", post[:40]) and re.search(r"\b(model|gpt|backbone|pretrained)\b", text):
            return "n_generate", False
        return "n_jets", False
    return None


# between two counts of one list of classes: '50 labelled W jets and 50 QCD jets'
_AND_CLASS_JETS = rf"\s*(?:labell?ed\s+)?{_CLASS_NOUN}[- ]?jets?\s*(?:and|plus|&|,)\s*"
# between a setting and its other end: '1024 codes instead of 512', '500 labels rather than the usual 100'
_OTHER_END = (r"\s*(?:[^\s.;?!]+\s+){0,5}(?:instead of|rather than|than(?: with| at| for| on)?|(?:compared|relative) (?:to|with)|versus|"
              r"vs\.?|over|against)\s*(?:the\s+)?(?:default\s+|usual\s+|old\s+)?$")

# what a request can scan (two values of one setting), and the words that set one value against another
_SCANNED = ("codebooks", "labels", "signal_fractions", "constituents")
_SET_AGAINST = r"\s*(?:instead of|rather than|versus|vs\.?|compared (?:to|with)|against)\s*(?:the\s+)?"


def _classified(text: str, tasks: set[Task], skip: list[tuple[int, int]] = ()) -> list[tuple[list[str], int, int, tuple[str, bool]]]:
    """Every number group with what it counts. A list whose first number is named by the words
    before it and whose last by the words after it, differently ('codebook 1024, 20 epochs'),
    is two quantities, not one list. Groups inside `skip` (an operating point read as part of a
    quantity) count nothing else."""
    out: list[tuple[list[str], int, int, tuple[str, bool]]] = []
    last: tuple[list[str], int, int] | None = None  # the group before, whatever it counted
    for values, start, end in _groups(text):
        if any(a < end and start < b for a, b in skip):
            continue
        pre, post = _window(text, start, end)
        kind = _classify(text, values, pre, post, tasks)
        if kind is not None and kind[0] in _SCANNED and last and re.fullmatch(_SET_AGAINST, text[last[2]:start]):
            # '1024 instead of 512 codes': the first end has no words of its own, the second's name it
            out = [o for o in out if o[1] != last[1]] + [(*last, kind)]
        last = (values, start, end)
        if out and re.match(_OTHER_END, text[out[-1][2]:start]):
            # '1024 codes instead of 512': the other end of a scanned setting; '5 seeds instead of 3':
            # the value a single setting replaces counts nothing. Seeds or epochs named after the number
            # are their own ('100 labels, its error over 3 seeds'; 'rather than the usual 100, 3 seeds')
            prev = out[-1][3]
            if kind and kind[0] in ("seeds", "epochs") and kind[0] != prev[0]:
                if len(values) > 1 and prev[0] in _SCANNED:
                    out.append((values[:1], start, end, prev))
                    values = values[1:]
            else:
                kind = prev if prev[0] in _SCANNED else None
        if out and out[-1][3] == ("labels", True) and kind == ("n_jets", False) and \
                re.fullmatch(_AND_CLASS_JETS, text[out[-1][2]:start]) and \
                re.match(rf"\s*(?:labell?ed\s+)?{_CLASS_NOUN}[- ]?jets?\b", text[end:]):
            kind = ("labels", True)  # '50 labelled W jets and 50 QCD jets': the other class's labels
        if len(values) > 1:
            head = _classify(text, values[:1], pre, "", tasks)
            if head is not None and kind is not None and head != kind:
                out.append((values[:-1], start, end, head))
                values = values[-1:]
        if kind is not None:
            out.append((values, start, end, kind))
    return out


def _classes(text: str) -> list[JetProcess]:
    found: list[tuple[int, JetProcess]] = []
    for proc, pattern in _CLASS_WORDS:
        if m := re.search(pattern, text):
            found.append((m.start(), proc))
    return [p for _, p in sorted(found)]


def _signal_background(text: str, classes: list[JetProcess], tasks: set[Task]) -> tuple[Any, Any]:
    if "finetune" not in tasks:
        return None, None
    c = _CLASS_NOUN + r"(?:[- ]?jets)?"
    if m := re.search(rf"\b({c})\s*(?:vs\.?|versus|against|from|over|/|v\.?)\s*({c})\b", text):
        sig, bkg = _classes(m[1]), _classes(m[2])
        if sig and bkg:
            return sig[0], bkg[0]
    if m := re.search(rf"\b({_CLASS_NOUN})[- ]?(?:tagger|tagging)\b", text):
        sig = _classes(m[1])
        if sig and sig[0] != "qcd":
            return sig[0], "qcd"
    # 'the rejection of QCD at 70% W efficiency': the class rejected is the background, the one whose
    # efficiency is kept the signal
    rejected = re.search(rf"\b(?:rejection|mis-?tag\w*|fake[- ]rate|background efficiency)\s+(?:of|for|on)\s+(?:the\s+)?({c})", text)
    kept = re.search(rf"\d\s*%?\s+({c})\s+(?:signal\s+)?efficiency\b|\b({c})\s+(?:signal\s+)?efficiency\s+(?:of|=|:)\s*\d", text)
    if len(classes) == 2 and (rejected or kept):
        bkg = _classes(rejected[1])[0] if rejected else \
            next(x for x in classes if x not in _classes(kept[1] or kept[2]))  # type: ignore[index]
        return next(x for x in classes if x != bkg), bkg
    # 'does pretraining on QCD help tag top jets?': the class tagged is the signal, wherever the pretraining's
    # classes were named
    if len(classes) == 2 and (m := re.search(rf"\b(?:tag|identify|select|pick out|find|fine-?tun\w*(?:\s+\w+)?\s+on)\s+(?:the\s+)?({c})", text)) and \
            (tagged := _classes(m[1])) and tagged[0] != "qcd":
        return tagged[0], next(x for x in classes if x != tagged[0])
    if len(classes) == 2:
        return classes[0], classes[1]
    if len(classes) == 1 and classes[0] != "qcd":
        return classes[0], "qcd"
    return None, None


# "does pretraining help", "is pre-training worth it", "the gain from pretraining": pretrained
# against from scratch, asked as a question of its benefit
_PRETRAINING_QUESTION = re.compile(
    r"\b(does|did|do|will|would|can|is|how much does|how much do) (the )?pre[- ]?training (really |actually )?"
    r"(help|matter|pay|worth|improve|make a difference|buy)|"
    r"\b(benefit|gain|value|effect|impact|advantage|payoff|use) (of|from) (the )?pre[- ]?training|"
    r"\bpre[- ]?training (helps|matters|pays off|is worth)")
# a stated no-signal control of an anomaly search
_NO_SIGNAL = re.compile(r"\b(?:no|zero|without(?: any)?)[- ](?:injected )?signal\b(?! region| efficiency)|\bbackground[- ]only\b|"
                        r"\bsignal[- ]free\b|\bno injection\b|\bwithout injection\b|\bnothing (?:is )?injected\b|"
                        r"\bonly (?:the )?(?:qcd )?background\b")


# the data themselves asked for: a model's data are otherwise generated on the way
_DATA_ASKED = re.compile(r"\bplot|\b(show|look at)\b[^.;]*\b(distributions?|jets)\b|"
                         r"\b(gen\w*rate|simulate|make|produce)\b[^.;]*\b(with|using) pythia")


# a comparison of the jets' own distributions (no model named)
_COMPARED = r"\b(?:larger|smaller|higher|lower|more|fewer|wider|narrower|heavier|lighter)\b[^.;?]{0,40}\bthan\b|\bkolmogorov|\b(?:ks|k-s)[- ]test|\btwo[- ]sample|\bcompar\w*|\bdiffer\w*|\bdistributions?\b|\bvs\.?(?!\w)|\bversus\b|\bsignificant\w*|\bshapes?\b"


# a question after an observable's value ("what is", "how heavy", "a typical"), not a command
_VALUE_ASKED = re.compile(r"\bwhat(?:'s| is| are| does| do)\b|\bhow (?:big|large|heavy|wide|broad|many|much|high)\b|\b(?:tell|give) me\b|"
                          r"\btypical(?:ly)?\b|\?\s*$")


# words of a model trained or tuned (an observable cut needs none)
_TRAINED = r"fine[- ]?tun|finetun|\btrain\w*|pre[- ]?train|\blabell?ed\b|\blabels\b|from scratch|\bbackbone|\btransformer|" \
           r"\bnetwork|\bgpt\b|\bmodel\b|\bparticlenet|\bomnijet"


def _tasks(text: str) -> list[Task]:
    found = {t for t, pattern in _TASKS.items() if re.search(pattern, text)}
    if "review" in found:  # a review request mentions the words of what it reviews
        return ["review"]
    if "anomaly" in found:
        found -= {"finetune"} if not re.search(r"fine[- ]?tun|tagger", text) else set()
        found -= {"generate"}
    if "pretrain" in found and re.search(r"(generate|sample)\b[^.;]*(with|from|using) (the |a |our )?(pretrained |trained )?(model|gpt|backbone)", text):
        found.discard("generate")
    if found & {"finetune", "anomaly"} and not re.search(r"\bpre[- ]?train(?!ed)|\bgenerat\w* (quality|jets)", text):
        found.discard("pretrain")  # "a fine-tuned backbone", "the backbone's likelihood": implied
    if ("finetune" in found or "pretrain" in found) and not _DATA_ASKED.search(text):
        found.discard("generate")
    if "pretrain" in found and re.search(r"\b(show|plot|look at)\b[^.;]*\bgenerated\b", text) and \
            not re.search(r"\bpythia\b", text):
        found.discard("generate")  # 'show me the tau32 of generated jets next to the real ones': the GPT's jets
    if "finetune" in found and _PRETRAINING_QUESTION.search(text):
        found.discard("pretrain")  # "does pretraining help?": a comparison of fine-tuning with scratch
    if "tokenizer" in found and "finetune" in found and not re.search(r"tokeni[sz]er|vq-?vae|codebook|token quality", text):
        found.discard("tokenizer")
    if not found and re.search(rf"\b\d+ (more )?{_CLASS_NOUN}[- ]?jets\b", text):
        found.add("generate")  # "200 W jets please"
    if found <= {"finetune"} and re.search(rf"\b{_CLASS_NOUN}\b", text) and not re.search(TAGGER_VS_CUT, text) and \
            (jet_observables(text) or re.search(WHICH_OBSERVABLE, text)) and \
            re.search(f"{SEPARATION_BY_AN_OBSERVABLE}|{OBSERVABLE_CUT}", text) and not re.search(_TRAINED, text):
        found = {"generate"}  # "is tau21 a good W tagger on its own?": a cut on the observable, nothing trained
    if not found and re.search(rf"\b{_CLASS_NOUN}\b", text) and re.search(_COMPARED, text) and \
            (features(text) or re.search(r"\b(heavier|lighter)\b", text) or len(_classes(text)) >= 2):
        found.add("generate")  # "how does the mass of W jets compare to QCD's?": a look at the two samples
    if not found and re.search(rf"\b{_CLASS_NOUN}\b", text) and features(text) and _VALUE_ASKED.search(text):
        found.add("generate")  # "what is the tau21 of W jets?": the sample's own value, its mean unless a statistic is named
    return [t for t in TASK_ORDER if t in found]


# 'inject 1% top jets into QCD and see if the anomaly detector finds them', 'a GPT trained on QCD with a 2% top
# contamination': one class's jets mixed into another's, found by the likelihood of a GPT trained on the mixture
# (dijet events, a resonance or CWoLa name the LHC Olympics scan instead)
_JET_INJECTION = re.compile(r"\b(inject\w*|contaminat\w*|admix\w*|mix\w* (in|into)|polluted|spiked)\b")
_DIJET_WORDS = re.compile(r"olympics|\blhco\b|cwola|\bdijets?\b|\bbump|\bresonan|\bw'|\bm_?jj\b|weak(ly)?[- ]?supervis|"
                          r"\bsideband|\bsignal region")


# 'does the anomaly detector still find top jets when they are only 0.5% of the sample?': one jet class as a small
# share of the jets searched (QCD, the background of every jet-level search here, need not be named)
_SMALL_SHARE = re.compile(r"\d\s*%\s*(?:of|among|in)\s+(?:the\s+|all\s+|our\s+)?(?:sample|data(?:set)?|jets|events|"
                          r"background|qcd)\b")
_SEARCHED = re.compile(r"\banomal|\bflag|\bdetect|\bfind|\bspot|\bsearch")


def _jet_injection(text: str) -> tuple[JetProcess, JetProcess] | None:
    """(the class the GPT is trained on, the class mixed into it) of a jet-level injection: a percentage of
    one class's jets put into QCD jets, or searched for as a small share of the jets; no dijet words."""
    if not re.search(r"\d\s*%|\bpercent\b", text) or _DIJET_WORDS.search(text):
        return None
    named = _classes(text)
    others = [c for c in named if c != "qcd"]
    if len(others) != 1 or len(named) > 2:
        return None
    injected = _JET_INJECTION.search(text) and "qcd" in named
    return ("qcd", others[0]) if injected or (_SMALL_SHARE.search(text) and _SEARCHED.search(text)) else None


def parse_spec(request: str) -> AnalysisSpec:
    """The spec of a request; `tasks` is empty when no family was recognised."""
    raw = request.strip()
    text = _normalised(raw)
    tasks = _tasks(text)
    quantities, q_spans, implied = read_quantities(text, tasks, _classes(text))
    tasks = _with_implied_tasks(text, tasks, implied, quantities)
    if "review" not in tasks and (mixed := _jet_injection(text)):
        tasks = ["pretrain"]  # a GPT trained on the mixture scores held-out jets of both classes
        quantities = [q for q in quantities if q.metric.startswith("likelihood")] or \
            [Quantity(metric="likelihood_auc", subject=mixed[0],
                      evidence=(_JET_INJECTION.search(text) or _SMALL_SHARE.search(text) or [None])[0])]
    if "review" in tasks:
        fields: dict[str, Any] = {"tasks": tasks}
        if m := re.search(r"([\w./~-]+\.md)\b", raw):
            fields["report"] = m.group(1)
        fields["question"] = raw
        return AnalysisSpec(**fields)
    task_set = set(tasks)
    classes, sig, bkg = _spec_classes(text, task_set)
    fields = {"tasks": tasks, "classes": classes, "signal": sig, "background": bkg,
              "pretrain_classes": _pretrain_classes(text, classes) if "finetune" in task_set else
              _trained_without(text, classes) if "tokenizer" in task_set else []}
    _add_counts(fields, text, task_set, q_spans)
    if "finetune" in task_set and len(fields.get("labels", [])) == 1 and (m := _LABELS_TIMES.search(text)):
        n, k = fields["labels"][0], _TIMES[m[1]]  # 'if I double the labelled jets from 500': 500 against 1000
        fields["labels"] = sorted({n, max(1, round(n * k))})
    if preset := _preset(text):
        fields["preset"] = preset
    if "finetune" in task_set and (strategies := _strategies(text, task_set)):
        fields["strategies"] = strategies
    if (kinds := _tokenizer_kinds(text)) and "tokenizer" in task_set:
        fields["tokenizers"] = kinds
    if (methods := _anomaly_methods(text)) and "anomaly" in task_set:
        fields["anomaly_methods"] = methods
    _keep_asked_fields(fields, text, raw, task_set)
    if set(task_set) - {"anomaly", "review"}:
        fields |= _pt_window(text)
    if "finetune" in task_set and (head := _head(text)):
        fields["head"] = head
    if {"pretrain", "finetune"} & set(task_set):
        fields |= _backbone_choices(text)
    if {"tokenizer", "pretrain", "finetune"} & task_set and not _LR_COMPARED.search(text) and (lr := _learning_rate(text)):
        fields["learning_rate"], fields["learning_rate_of"] = lr
    fields["observables"] = _observables(text)
    if fields.get("data"):  # a file searched has no injection nor control: its answer is the search's significance
        quantities = [q for q in quantities if q.metric != "anomaly_excess"]
    fields["quantities"] = quantities
    fields["question"] = raw
    fields["beyond_catalogue"] = _beyond_catalogue(fields, text, task_set)
    return AnalysisSpec(**fields)


# "the local and global significance of the bump", "bump hunt ... with its significance"
_SEARCH_SIGNIFICANCE = re.compile(r"\b(?:local|global)\b[^.;?]{0,30}\b(?:significances?|p[- ]?values?)\b|"
                                  r"\bbump[- ]?hunt\b[^.;?]{0,80}\b(?:significances?|p[- ]?values?)\b")


# 'how does the mass resolution depend on jet pT?': a quantity in bins of an observable
_IN_BINS_OF = re.compile(DEPENDENCE + r"\s+(?:the\s+)?(?:jet\s+)?(p_?t|transverse\s+momentum|eta|rapidity|mass|multiplicity|"
                         r"number\s+of\s+constituents|tau_?21|tau_?32)\b")
# '20 epochs instead of 10', '10 and 20 epochs': two training lengths compared
_EPOCHS_COMPARED = re.compile(r"\b(\d{1,4})\s+epochs?\s+(?:instead\s+of|rather\s+than|versus|vs\.?|compared\s+(?:to|with)|against)\s+"
                              r"(?:the\s+)?(?:usual\s+|default\s+)?(\d{1,4})\b|\b(\d{1,4})\s+(?:and|or|vs\.?|versus)\s+(\d{1,4})\s+epochs\b")

# 'what happens if I double the number of labelled jets from 500?': the stated size and its multiple
_TIMES = {"double": 2, "twice": 2, "triple": 3, "three times": 3, "quadruple": 4, "four times": 4, "ten times": 10,
          "tenfold": 10, "halve": 0.5, "half": 0.5}
_LABELS_TIMES = re.compile(rf"\b({'|'.join(_TIMES)})\w*\b[^.;?]{{0,30}}\b(?:labels?|labell?ed|training (?:jets|examples))\b")
# 'fine-tune with a learning rate of 3e-4', 'lr=1e-3': the value, the training's own (an anomaly scan takes none)
_LR_WORD = r"(?:learning[- ]rates?|\blr)\b"
_LR_VALUE = r"(\d+(?:\.\d+)?e-\d+|0?\.\d+|1(?:\.0*)?)(?![\d.%])"
_LEARNING_RATE = re.compile(rf"{_LR_WORD}\s*(?:of|=|:|is|at|to|set to|equal to)?\s*(?:about\s+)?{_LR_VALUE}|"
                            rf"\b{_LR_VALUE}\s+(?:as\s+(?:the\s+)?)?{_LR_WORD}")
# 'does a larger learning rate help?', 'lr 1e-3 vs 1e-4': two learning rates compared, one run each
_LR_COMPARED = re.compile(rf"\b(?:larger|higher|bigger|smaller|lower|different|other|another)\s+{_LR_WORD}(?=[^.;?]{{0,40}}\b"
                          rf"(?:help|better|worse|improve|compar|differ|change|affect|matter|gain|faster|slower))|"
                          rf"\b(?:best|optimal|ideal)\s+{_LR_WORD}|"
                          rf"{_LR_WORD}[^.;?]{{0,30}}\b(?:scan|sweep|schedules?)\b|\b(?:scan|sweep|tune|tuning|vary|varying)\s+(?:the\s+)?{_LR_WORD}|"
                          rf"{_LR_WORD}\s*(?:of|=|:)?\s*{_LR_VALUE}\s*(?:and|or|vs\.?|versus|against|instead of|rather than|,)\s*{_LR_VALUE}")


_LR_OF = [("tokenizer", r"tokeni[sz]|vq-?vae|codebook"), ("pretrain", r"pre-?train|\bgpt\b|backbone|generat"),
          ("finetune", r"fine-?tun|finetun|tagg|classif|scratch")]


def _learning_rate(text: str) -> tuple[float, str | None] | None:
    """(the value, the training it is for when the clause before it names one)."""
    if not (m := _LEARNING_RATE.search(text)) or not 0 < (value := float(m[1] or m[2])) <= 1:
        return None
    clause = re.split(r"[.;,]|\b(?:then|and then|after that)\b", text[:m.start()])[-1]
    named = [(hit.end(), task) for task, words in _LR_OF for hit in re.finditer(words, clause)]
    return value, max(named)[1] if named else None


# 'how much does the loss improve with 4x more pretraining jets?': two sample sizes, one run each
_SIZES_COMPARED = re.compile(r"\b(\d+(?:\.\d+)?\s*(?:x|times)\s+(?:more|fewer|less)|(?:twice|half) (?:as many|the))\s+"
                             r"(?:pre-?training\s+|training\s+)?(?:jets|data|events|samples)\b")
# 'how many jets per second does generation take?': a speed, which the benchmarks measure, not a plan
_THROUGHPUT = re.compile(r"\b(?:jets|tokens|events)\s*(?:per|/)\s*(?:second|sec|s)\b|\bthroughput\b|\bhow (?:fast|quickly)\b")


# 'tau32 of top jets at 500 GeV and at 1 TeV', '500-600 GeV vs 900-1000 GeV jets': two pT windows compared
_PT_SPOT = r"(\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?)\s*(gev|tev)\b"
_TWO_PT = re.compile(rf"(?<!between )(?<!from )\b{_PT_SPOT}(?:\s+jets)?\s*,?\s+(?:and|vs\.?|versus|compared\s+(?:to|with)|against|or|as\s+(?:for|with|at|on))\s+"
                     rf"(?:(?:at|of|to|with|for|on)\s+)?(?:(?:those|jets|ones)\s+(?:at|of)\s+)?(?:p_?t\s+(?:of\s+)?)?{_PT_SPOT}")


def _two_pt_windows(text: str) -> tuple[str, str] | None:
    """Two jet pT points or windows a request sets side by side, each a jet pT (200 GeV to 5 TeV, no
    mass word governing it): the same jets in two pT windows compared."""
    for m in _TWO_PT.finditer(text):
        ends = [_gev(v, m[2]) for v in re.split(r"\s*(?:-|–|to)\s*", m[1])] + \
            [_gev(v, m[4]) for v in re.split(r"\s*(?:-|–|to)\s*", m[3])]
        if all(200 <= e < 5000 for e in ends) and not _MASS_BEFORE.search(text[:m.start()]):
            return f"{m[1]} {m[2]}".replace("gev", "GeV").replace("tev", "TeV"), \
                f"{m[3]} {m[4]}".replace("gev", "GeV").replace("tev", "TeV")
    return None


def _selected_by(text: str) -> str | None:
    """'the median mass of W jets with tau21 below 0.5': the observable whose cut selects the jets a summary is asked of."""
    m = re.search(r"\b(?:mean|median|average|typical|distribution|spread|width|peak)\b[^.;?]{0,60}\bjets?\s+"
                  r"(?:with|having|where|that have|passing)\b([^.;?,]{0,40})", text)
    if not m or not re.search(r"\b(?:above|below|over|under|greater|less|more|fewer|at least|at most|between)\b|[<>]", m[1]):
        return None
    obs = re.search(r"\b(mass|tau_?21|tau_?32|multiplicit\w*|constituents?|particles?)\b", m[1])
    if not obs:
        return None
    return obs[1] if obs[1] == "mass" or obs[1].startswith("tau") else "constituent multiplicity"


def _cut_observables(text: str) -> list[str]:
    """'tau32 below 0.6 and mass above 140 GeV': the observables a request cuts on, each named right before its cut."""
    cut = r"\s*(?:is\s+|of\s+)?(?:below|above|under|over|less than|more than|greater than|fewer than|at least|at most|" \
          r"between|[<>]=?|≤|≥)\s*\d"
    count = r"(?:(?:more|fewer|less|greater) than|at (?:least|most)|over|under|[<>]=?)\s*$"  # 'more than 40 constituents'
    return list(dict.fromkeys(name for a, b, name in features(text) if re.match(cut, text[b:b + 30]) or (
        re.match(r"\d", text[a:b]) and re.search(count, text[max(0, a - 20):a]))))


def _as_written(word: str) -> str:
    """A class word of the (lower-cased) request as a physicist writes it: 'w' -> 'W', 'top' stays."""
    return word.upper() if len(word) == 1 else word


def _beyond_catalogue(fields: dict[str, Any], text: str, task_set: set[Task]) -> list[str]:
    """What the request asks that no catalogue plan carries, in a few words each: how many constituents a
    jet keeps ('the 30 hardest constituents'), a bump hunt's local and global significance without a file
    of events to search (the injection scan measures AUCs and SICs against a control, not a p-value), a
    quantity in bins of an observable, two training lengths compared."""
    out = []
    if m := _IN_BINS_OF.search(text):
        out.append(f"a quantity as a function of the jet {m.group(1)} (in bins of it); the catalogue measures each "
                   "quantity over all jets of a sample (ask for jets generated in a pT window to see one bin)")
    if (m := _SIZES_COMPARED.search(text)) and re.search(r"\b(?:improve|change|help|gain|better|worse|affect|differ|compar|how much)\w*", text):
        out.append(f"training on {m[1]} jets against the plan's own sample (one run per size); a plan trains on one sample size "
                   "(ask for each size in its own request)")
    if _THROUGHPUT.search(text):
        out.append("a speed (jets or tokens per second), which `benchmarks/backbone.py` measures against a matmul run in the "
                   "same process; a plan reports the wall time of each tool call, not a rate")
    if m := _EPOCHS_COMPARED.search(text):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.append(f"training for {a} against {b} epochs (one run per setting); a plan trains with one setting")
    if re.search(r"\bhiggs\b|\bh\s*->\s*bb|\bhbb\b|\bh\s*(?:->|to)\s*b", text):
        out.append("Higgs jets (H->bb): no Higgs sample is generated here; the jet classes are top, W, Z and QCD")
    if (m := re.search(r"\b(tiny|small|paper)(?: preset)?\b[^.;?]{0,30}\b(?:than|vs\.?|versus|against|compared (?:to|with)|or)\s+"
                       r"(?:the\s+)?(tiny|small|paper)\b", text)) and m[1] != m[2]:
        out.append(f"two presets compared ({m[1]} against {m[2]}; one run each); a plan runs one preset")
    if _LR_COMPARED.search(text):
        out.append("training at two learning rates compared (one run per setting); a plan trains with one learning rate "
                   "(state it: 'fine-tune with a learning rate of 3e-4')")
    elif re.search(rf"\b(?:what|which)\s+(?:is\s+the\s+)?{_LR_WORD}", text):
        out.append("which learning rate a training uses: a setting, not a measurement (each command's --help gives its "
                   "default, and a run's metrics.json the one it used)")
    elif re.search(_LR_WORD, text) and not fields.get("learning_rate"):
        out.append("a learning rate: the anomaly scan trains its GPT with the preset's" if task_set == {"anomaly"} else
                   "a learning rate the request names but gives no value the plan can read (write it as 3e-4 or 0.0003)")
    if re.search(r"\bq/g\b|\bquark[- ]?(?:jets?)?\s*(?:vs\.?|versus|/|-|from|and|against|or)\s*(?:the\s+)?gluon|"
                 r"\bgluon[- ]?(?:jets?)?\s*(?:vs\.?|versus|/|-|from|and|against|or)\s*(?:the\s+)?quark|"
                 r"\bgluon\b[^.;?]{0,60}\bthan\s+(?:\w+\s+)?quark|\bquark\b[^.;?]{0,60}\bthan\s+(?:\w+\s+)?gluon", text):
        out.append("quark and gluon jets apart: the QCD sample is Pythia's HardQCD:all, a mixture of quark- and "
                   "gluon-initiated jets; no pure sample of either is generated")
    if m := re.search(r"\b(hardest|softest|most energetic|highest[- ]p_?t|lowest[- ]p_?t|heaviest|lightest)\s+(\d+(?:\.\d+)?\s*%|"
                      r"(?:tenth|quarter|third|half|fifth)\b)", text):
        out.append(f"a quantity over the {m[1]} {m[2]} of the jets (a selection by a quantile of the sample); the catalogue "
                   "measures each quantity over all jets of a sample (ask for jets generated in a pT window instead)")
    if len(cuts := _cut_observables(text)) >= 2:  # 'tau32 below 0.6 and mass above 140 GeV': one selection of two cuts
        named = [{"n": "constituent multiplicity", "pt": "jet pT"}.get(c, c) for c in cuts]
        out.append(f"the jets passing cuts on {' and '.join(named)} at once (a selection on two observables); the catalogue "
                   "measures the fraction of jets past a cut on one observable (ask for each cut on its own)")
    elif obs := _selected_by(text):  # a cut on the jets' own observable (a pT window is how the jets are made)
        out.append(f"a quantity over the jets passing a cut on their {obs} (a selection); the catalogue measures each quantity "
                   "over all jets of a sample, and the fraction of jets passing a cut")
    def jets_of(role: str, said: str = "") -> str:  # 'said': the word 'jets' may be left out
        return rf"(?P<{role}>top|w|z|qcd|higgs)(?:[- ]?jets?){said}"

    if (m := re.search(rf"\bon {jets_of('applied')}\b[^.;?]{{0,40}}\b(?:trained|fine-?tuned|learn[et]d?) on {jets_of('trained')}", text)
            or re.search(rf"\b(?:train\w*|fine-?tun\w*|learn\w*) on {jets_of('trained')}\b[^.;?]{{0,40}}\b(?:on|to|for) "
                         rf"{jets_of('applied')}", text)
            or re.search(rf"\b(?:train\w*|fine-?tun\w*) on {jets_of('trained', '?')}\W[^.;?]{{0,30}}?\b(?:test\w*|evaluat\w*|appl\w*)"
                         rf"(?: it)? on {jets_of('applied', '?')}\b", text)) \
            and "finetune" in task_set and _classes(m["applied"]) != _classes(m["trained"]):
        out.append(f"a tagger trained on {_as_written(m['trained'])} jets applied to {_as_written(m['applied'])} jets; a plan "
                   "tests a tagger on held-out jets of the classes it was trained on")
    tagged = r"\b(top|w|z|higgs)[- ]?(?:jet[- ])?tagg(?:ing|ers?)\b"
    if (m := re.search(rf"{tagged}[^.;?]{{0,40}}\b(?:or|and|vs\.?|versus|than|compared (?:to|with))\s+(?:for\s+)?(?:the\s+)?{tagged}", text)
            or re.search(r"\b(?:harder|easier|better|worse|simpler)\b[^.;?]{0,20}\bto tag\b[^.;?]{0,30}?\b(top|w|z)(?: jets)? "
                         r"(?:or|vs\.?|versus|and) (top|w|z)\b", text)) and _classes(m[1]) != _classes(m[2]):  # 'harder to tag: W or Z?'
        out.append(f"two taggers compared ({_as_written(m[1])} against {_as_written(m[2])} tagging); a plan trains one tagger, "
                   "of one signal against QCD (ask for each in its own request)")
    if (pair := _two_pt_windows(text)) and set(task_set) - {"anomaly", "review"}:
        out.append(f"jets in two pT windows compared ({pair[0]} against {pair[1]}); a plan makes its jets in one pT window "
                   "(ask for each window in its own request)")
    head = r"(?:class[- ]?attention|sum(?:med)?|pooled[- ]sum|sum[- ]pool\w*|average[- ]pool\w*|mean[- ]pool\w*|average|mean|" \
           r"max[- ]pool\w*|attention)(?:[- ]head)?"
    if m := re.search(rf"\b({head})\s+(?:(?:is\s+|are\s+|does\s+|do\s+)?\w+er\s+)?(?:or|vs\.?|versus|than|against|compared (?:to|with))"
                      rf"\s+(?:the\s+|a\s+)?({head})\b", text):
        if re.search(r"head", m[0]) and m[1].split()[0][:4] != m[2].split()[0][:4]:
            out.append(f"two tagger heads compared ({m[1]} against {m[2]}); a plan fine-tunes with one head (ask for each "
                       "in its own request; the heads are sum and class-attention)")
    if (m := re.search(rf"\b(?:better|worse|easier|harder|best|worst)\b[^.;?]{{0,25}}\bgenerat\w*\s+(?:the\s+)?{jets_of('one', '?')}"
                       rf"\s+(?:or|vs\.?|versus|than|and)\s+(?:the\s+)?{jets_of('two', '?')}", text)) \
            and _classes(m["one"]) != _classes(m["two"]):
        out.append(f"the generation of two classes compared ({_as_written(m['one'])} against {_as_written(m['two'])} jets); a "
                   "GPT trained on both generates a mixture with no class label (ask for a GPT on each class in its own request)")
    if kept := fields.pop("constituents", None):
        out.append(f"keeping only the {' or '.join(map(str, kept))} leading constituents per jet (every jet keeps up to 128)")
    if who := overfitting_asked(text)[1]:
        out.append("the tokenizer's overfitting: its run folder's history.json holds both loss curves; the catalogue reads "
                   "the GPT's" if re.match(r"tokeni|vq|codebook", who[0]) else
                   "a fine-tuned tagger's overfitting: each run keeps its best epoch by the validation loss (early stopping, "
                   "its best and last epochs in the scan's points.jsonl); the catalogue reads only the GPT's loss curves")
    if "anomaly" in task_set and not fields.get("data") and _SEARCH_SIGNIFICANCE.search(text):
        out.append("a bump hunt's local and global significance, which the resonance search of a file of dijet events "
                   "gives (name the file: 'search data/box.h5 for a resonance'); the injection scan without one gives "
                   "CWoLa's AUC and SIC against the no-signal control")
    return out


# the jet pT window jets are generated in: 'jets with pT between 800 and 1200 GeV', 'pT > 1 TeV'
_PT = r"(?:jet )?p_?t"
_GEV = r"\s*(gev|tev)?"


def _gev(v: str, unit: str | None, other: str | None = None) -> float:
    """An energy in GeV from its digits and unit ('1.2', 'tev'); `other`: the unit a range states once at its end."""
    return float(v) * (1000.0 if (unit or other) == "tev" else 1.0)


def _pt_window(text: str) -> dict[str, float]:
    """pt_min / pt_max of the jets to generate, in GeV, when the request sets the window of the
    jets it makes or trains on ('generate top jets with pT between 800 and 1200 GeV'); a cut
    asked as a question ('the fraction of jets with pT above 700') is a quantity, not a window."""

    between = rf"(\d+(?:\.\d+)?){_GEV}\s*(?:-|–|to|and)\s*(\d+(?:\.\d+)?){_GEV}"
    # 'W jets between 600 and 800 GeV': an energy range right after the jets is their pT window (a mass
    # range names the mass: 'jets with a mass between 60 and 100 GeV')
    if (m := re.search(rf"\bjets\s+(?:(?:with|of|at|in)\s+)?(?:(?:between|from|the)\s+)?{between}", text)) and (m[2] or m[4]) \
            and not re.search(r"\b(fraction|share|percentage|how many|what part|proportion)\b[^.;?]*$", text[:m.start()]):
        lo, hi = _gev(m[1], m[2], m[4]), _gev(m[3], m[4])
        return {"pt_min": lo, "pt_max": hi} if 0 < lo < hi else {}
    # '500-600 GeV W jets': a range right before the jets is their window
    if (m := re.search(rf"\b{between}[- ](?:\w+[- ]){{0,2}}?jets?\b", text)) and (m[2] or m[4]):
        lo, hi = _gev(m[1], m[2], m[4]), _gev(m[3], m[4])
        return {"pt_min": lo, "pt_max": hi} if 200 <= lo < hi < 5000 else {}
    if re.search(r"\b(fraction|share|percentage|how many|what part|proportion)\b[^.;?]*\b" + _PT + r"\b", text):
        return {}
    if not re.search(r"\b(generat\w*|simulat\w*|produc\w*|make|sample|train\w*|pre-?train\w*|jets)\b[^.;?]*\b" + _PT + r"\b", text):
        return _pt_point(text)
    if (m := re.search(rf"\b{_PT}\s*(?:(?:window|range)\s*)?(?:of|between|from|in|=|:)?\s*(?:the\s+)?(?:range\s+(?:of\s+)?)?"
                       rf"{between}\b", text)) or \
            (m := re.search(rf"\b{between}\s*(?:jet\s+)?{_PT}\s*(?:range|window|bin|interval)\b", text)):
        lo, hi = _gev(m[1], m[2], m[4]), _gev(m[3], m[4])
        return {"pt_min": lo, "pt_max": hi} if 0 < lo < hi else {}
    if m := re.search(rf"\b(\d+(?:\.\d+)?){_GEV}\s*<\s*{_PT}\s*<\s*(\d+(?:\.\d+)?){_GEV}", text):
        lo, hi = _gev(m[1], m[2], m[4]), _gev(m[3], m[4])
        return {"pt_min": lo, "pt_max": hi} if 0 < lo < hi else {}
    if m := re.search(rf"\b{_PT}\s*(?:>|>=|above|over|of at least|at least|greater than|beyond)\s*(\d+(?:\.\d+)?){_GEV}", text):
        return {"pt_min": _gev(m[1], m[2])}
    if m := re.search(rf"\b{_PT}\s*(?:<|<=|below|under|of at most|at most|less than)\s*(\d+(?:\.\d+)?){_GEV}", text):
        return {"pt_max": _gev(m[1], m[2])}
    return _pt_point(text)


_NEAR = r"(?:of|at|near|around|about|close to|=|~|≈)\s*(?:about\s+|around\s+|~\s*)?"
_POINT = r"(\d+(?:\.\d+)?)\s*(gev|tev)\b"
# an energy that a mass word governs ('the W peak at 80 GeV', 'a resonance of 3 TeV', 'mjj near 3.5 TeV')
_MASS_BEFORE = re.compile(r"\b(?:mass|peak|pole|m_?jj|resonance|bump|excess)\s+(?:\w+\s+){0,2}?(?:of|at|near|around|about|=|~|≈|is)\s*"
                          r"(?:about\s+|around\s+|~\s*)?$")


def _pt_point(text: str) -> dict[str, float]:
    """One jet pT named as a point ('a typical QCD jet at 500 GeV', '1 TeV top jets', 'jets with pT
    around 800 GeV'): the jets are made within ±10% of it (the answer states the window). An energy
    a mass word governs, one too soft for a jet's pT, or a collision energy ('at 13 TeV') is none."""
    m = re.search(rf"\b{_PT}\s*{_NEAR}{_POINT}", text) \
        or re.search(rf"\b{_POINT}[- ](?:\w+[- ]){{0,2}}?jets?\b", text)
    if m is None and (m := re.search(rf"\bjets?\b[^.;?]{{0,40}}?\b(?:at|of|near|around)\s+(?:about\s+|around\s+|~\s*)?"
                                     rf"{_POINT}(?!\s*(?:-|–|to|and)\s*\d)", text)) and _MASS_BEFORE.search(text[:m.start(1)]):
        m = None
    if m is None:
        return {}
    value = _gev(m[1], m[2])
    if re.search(r"\d\s*(gev|tev)?\s*(?:-|–|to)\s*$", text[:m.start(1)]):  # the upper end of a range, no point
        return {}
    return {"pt_min": round(0.9 * value, 6), "pt_max": round(1.1 * value, 6)} if 200 <= value < 5000 else {}


def pt_point(request: str) -> tuple[float, float] | None:
    """The ±10% window (GeV) of the one jet pT a request names as a point, its jets' window."""
    window = _pt_point(_normalised(request))
    return (window["pt_min"], window["pt_max"]) if window else None


def _head(text: str) -> str | None:
    """The tagger's head when the request names one ('with the class-attention head instead of
    the sum head': the first named is the one asked; the one it replaces counts nothing)."""
    found = [(m.start(), "class_attention") for m in re.finditer(r"\bclass[- ]?attention\b", text)]
    found += [(m.start(), "sum") for m in re.finditer(r"\b(sum|summed|pooled[- ]sum|sum[- ]pool(ing|ed)?)\s+head\b", text)]
    return min(found)[1] if found else None


def _backbone_choices(text: str) -> dict[str, str]:
    """gpt_inputs / objective when the request names them; the first named is the one asked
    ('with continuous inputs instead of token embeddings'). A joint objective is also named by
    its parts ('next-token and masked-particle'), so it is looked for first."""
    out = {}
    for field, table in (("gpt_inputs", GPT_INPUT_NAMES), ("objective", OBJECTIVE_NAMES)):
        found, taken = [], []
        for value, pattern in table:
            for m in re.finditer(pattern, text):
                if not any(a <= m.start() < b for a, b in taken):
                    found.append((m.start(), value))
                    taken.append(m.span())
        if found:
            out[field] = min(found)[1]
    return out


# common misspellings of the words the parser keys on ('pretrian a gpt and genrate 500 jets')
_TYPOS = [(r"\bpre-?t(?:rian|rin|rain|riam|arin)(?=\w*)", "pretrain"), (r"\bgen(?:rat|erat|eart|ertat)e", "generate"),
          (r"\bfine[- ]?t(?:uen|nue|unning)", "fine-tune"), (r"\bto(?:ken(?:zi|iz|si)|kn[ie][sz]|kenz)er", "tokenizer"),
          (r"\bclasif", "classif"), (r"\banomol", "anomal"), (r"\btag(?:gr|ger|er|gger)\b", "tagger"),
          (r"\bla(?:bles|bels|beles|blels|bls)\b", "labels"), (r"\bacc?uracy\b", "accuracy")]


def _normalised(raw: str) -> str:
    """The request in lower case, numbers as digits, one space between words, "w/" spelled out."""
    text = _normalise_numbers(raw.lower())
    text = re.sub(r"\s+", " ", text)
    for wrong, right in _TYPOS:
        text = re.sub(wrong, right, text)
    text = re.sub(r"\bw/o\b", "without", text)
    # 'the jets the GPT makes': its generated jets
    text = re.sub(r"\bjets (?:that )?(?:the|our|your) (?:gpt|model|backbone|generator|transformer) (?:makes|made|generates|generated|"
                  r"produces|produced|samples|sampled|spits out)\b", "generated jets", text)
    text = re.sub(r"\bw/(?=[\s\d])", "with", text)  # "w/ 2048 codes" (not "W/Z")
    return re.sub(r"(\d+\s+(?:epochs?|seeds?|minutes?|mins?|hours?|h))\s+tops\b", r"\1 at most", text)  # "10 epochs tops"


def _with_implied_tasks(text: str, tasks: list[Task], implied: list[Task], quantities: list[Any]) -> list[Task]:
    """The tasks once the asked quantities add those they need (a review asks for none)."""
    if implied == ["pretrain"] and quantities[0].metric.startswith("likelihood"):
        return ["pretrain"]  # a GPT trained on one class scores the jets: not a tagger, not generation
    if not tasks and implied:
        return [t for t in TASK_ORDER if t in implied]
    if tasks and "review" not in tasks:
        if "pretrain" in implied and "finetune" not in implied and not re.search(TAGGER_WORDS, text):
            tasks = [t for t in tasks if t != "finetune"]  # 'can a classifier tell generated from real': no tagger
        if set(implied) & {"pretrain", "finetune"} and not _DATA_ASKED.search(text):
            tasks = [t for t in tasks if t != "generate"]  # 'distinguishable from the Pythia ones': the reference
        return [t for t in TASK_ORDER if t in set(tasks) | set(implied)]
    return tasks


# 'top and QCD jets', 'the W, Z + QCD': the list of classes something is trained on (captured)
_CLASS_LIST = rf"(?:the )?((?:{_CLASS_NOUN})(?:[- ]jets)?(?:(?:,| and| or|, and| ?\+| ?&) ?(?:{_CLASS_NOUN})(?:[- ]jets)?){{0,3}})"


def _pretrain_classes(text: str, classes: list[JetProcess]) -> list[JetProcess]:
    """'does pretraining on top and QCD help a W tagger?': the classes named after 'pretrain(ed) on', when
    they are not all the classes (the tagger's own are then new to the backbone)."""
    m = re.search(r"\bpre-?train\w*(?: (?:a|the|our) (?:gpt|backbone|model|transformer))? (?:only |just )?on (?:only |just )?"
                  + _CLASS_LIST, text)
    named = _classes(m[1]) if m else []
    return named if named and set(named) != set(classes) else []


def _trained_without(text: str, classes: list[JetProcess]) -> list[JetProcess]:
    """'does the tokenizer work on W jets it has never seen?': trained on the usual top and QCD jets without
    the classes named, which it is then tested on; 'train the tokenizer on QCD only, measure the top mass bias': trained on
    the classes named after it, tested on all."""
    if m := re.search(rf"\b(?:train\w*|fit\w*|learn\w*)\s+(?:the\s+|a\s+)?tokeni[sz]er\s+(?:only\s+|just\s+)?on\s+(?:only\s+|just\s+)?{_CLASS_LIST}|"
                      rf"\btokeni[sz]er\s+(?:trained|fitted|learn[et]d?)\s+(?:only\s+|just\s+)?on\s+(?:only\s+|just\s+)?{_CLASS_LIST}", text):
        named = _classes(m[1] or m[2])  # 'train the tokenizer on QCD only and measure the top jet mass bias'
        if named and set(named) < set(classes):
            return named
    if not classes or not re.search(r"\b(?:never|not|n't|hasn't|wasn't)\s+(?:been\s+|yet\s+)?(?:seen|trained on|shown)\b|"
                                    r"\bunseen\b|\bnew to (?:it|the tokeni[sz]er)\b|\bout[- ]of[- ]distribution\b", text):
        return []
    return [c for c in ("top", "qcd") if c not in classes]


def _spec_classes(text: str, task_set: set[Task]) -> tuple[list[JetProcess], Any, Any]:
    """The jet classes, signal and background of a request (a tagger gets QCD as its other class)."""
    classes = _classes(re.sub(r"\.md\b", "", text))
    if "anomaly" in task_set:
        classes = [c for c in classes if c not in ("wqq", "zqq")] if re.search(r"\bw'|\bx\b.*\by\b", text) else classes
        classes = [] if not (task_set - {"anomaly"}) else classes
    sig, bkg = _signal_background(text, classes, task_set)
    if "finetune" in task_set and signals_compared(text, classes):  # 'is W tagging harder than top tagging against QCD?'
        sig, bkg = None, None
    if sig and sig not in classes:
        classes.insert(0, sig)
    if bkg and bkg not in classes:
        classes.append(bkg)
    cut_tagger = re.search(SEPARATION_BY_AN_OBSERVABLE, text) or re.search(WHERE_TO_CUT, text) or \
        (re.search(OBSERVABLE_CUT, text) and re.search(r"\bbackground|\bmis-?tag|\brejection|\bfake", text))
    if ("finetune" in task_set or (task_set == {"generate"} and cut_tagger and jet_observables(text))) \
            and len(classes) == 1 and classes[0] != "qcd":
        classes.append("qcd")  # a tagger's other class, also of a cut on an observable ('tau21 as a W tagger')
    return classes, sig, bkg


def _add_counts(fields: dict[str, Any], text: str, task_set: set[Task], q_spans: list[tuple[int, int]]) -> None:
    """Add the numbers the request states (sizes, epochs, label counts, signal fractions) to `fields`;
    the first of a single-valued count wins, list-valued ones are gathered sorted and unique."""
    lists: dict[str, list[Any]] = {}
    groups = _classified(text, task_set, q_spans)
    explicit: list[bool] = []
    for i, (_, start, end, kind) in enumerate(groups):  # '50 labelled W jets and 50 QCD jets': both named labels
        prev = groups[i - 1] if i else None
        explicit.append(_labels_named(text, start, end) or bool(
            prev and explicit[-1] and prev[3][0] == kind[0] == "labels"
            and (re.fullmatch(_AND_CLASS_JETS, text[prev[2]:start]) or re.match(_OTHER_END, text[prev[2]:start]))))
    for i in range(len(groups) - 1, 0, -1):  # '1000 rather than 100 labels': the first end is named by the second's word
        if explicit[i] and groups[i - 1][3][0] == groups[i][3][0] == "labels" and \
                re.fullmatch(_SET_AGAINST, text[groups[i - 1][2]:groups[i][1]]):
            explicit[i - 1] = True
    if any(e for e, (_, _, _, kind) in zip(explicit, groups, strict=True) if kind[0] == "labels"):
        # 'a tagger on 2000 W and 2000 QCD jets ... at 300 labels': with labels named, the jets a
        # tagger is trained 'on' are its sample, not its labels
        groups = [(v, a, b, ("n_jets", False) if kind[0] == "labels" and not e else kind)
                  for (v, a, b, kind), e in zip(groups, explicit, strict=True)]
    for values, _, end, kind in groups:
        name, per_class = kind
        if name == "signal_fractions":
            lists.setdefault(name, []).extend(float(v.rstrip("% ")) / (100 if v.endswith("%") or "percent" in text[end:end + 9] else 1) for v in values)
        elif name in ("labels", "codebooks", "constituents"):
            lists.setdefault(name, []).extend(_as_int(v) for v in values)
            if name == "labels" and per_class:
                fields["labels_per_class"] = True
        elif name not in fields:
            fields[name] = _as_int(values[0])
    for name, vals in lists.items():
        fields[name] = sorted(dict.fromkeys(round(v, 6) if isinstance(v, float) else v for v in vals))


def _labels_named(text: str, start: int, end: int) -> bool:
    """The count is called labels in so many words ('300 labels', '50 labelled tops', 'labels: 100')."""
    return bool(re.match(rf"\s*-?\s*(?:{_CLASS_NOUN}[- ]?)?(?:labell?ed|labels?)\b", text[end:end + 30])
                or re.search(r"\blabels?\s*(?:=|:|of)?\s*$", text[max(0, start - 12):start]))


def _preset(text: str) -> str | None:
    """The preset a request names ("small preset", "--preset tiny", "at paper scale"), if any."""
    if m := re.search(r"(?:--preset\s+|\b)(tiny|small|paper)\b(?:\s*(?:preset|scale|config|settings|size|sized|mode|setup))|"
                      r"(?:--preset|preset)\s*[=:]?\s*(tiny|small|paper)\b|\b(?:at|on) (tiny|small|paper) scale", text):
        return next(g for g in m.groups() if g)
    return None


def _strategies(text: str, task_set: set[Task]) -> list[str]:
    """The tagger strategies a request compares: fine-tuned, from scratch, frozen backbone."""
    strategies = []
    if re.search(r"fine[- ]?tun|finetun|pre-?trained (backbone|model|gpt|network|transformer|weights|one|tagger|version)|"
                 r"transfer|\b(with|using|after|plus) (the )?pre[- ]?training\b|\b(one|that|which|tagger) (is |was )?pre[- ]?trained\b",
                 text):
        strategies.append("finetune")  # "from scratch and with pretraining": both sides asked
    if re.search(SCRATCH, text):
        strategies.append("scratch")
        if "finetune" not in strategies and re.search(r"(?<!un)(?<!un-)(?<!not )(?<!no )\bpre-?trained\b", text):
            strategies.insert(0, "finetune")  # 'pretrained vs randomly initialised': the pretrained side too
    if re.search(r"\bpre-?trained (?:or|vs\.?|versus|and) (?:not|un-?pretrained|without)\b|\bwith(?:out)? (?:and|or|vs\.?) "
                 r"with(?:out)? pre-?training\b", text):
        strategies += [x for x in ("finetune", "scratch") if x not in strategies]  # 'pretrained vs not'
    if re.search(r"frozen|freez|fixed backbone|backbone fixed|linear prob|fixed (gpt|weights)", text):
        strategies.append("frozen-backbone")
    if "finetune" in task_set and _PRETRAINING_QUESTION.search(text):
        strategies += [x for x in ("finetune", "scratch") if x not in strategies]
    if strategies == ["frozen-backbone"] and re.search(r"\b(chang\w*|differ\w*|compar\w*|effect|help\w*|hurt\w*|cost\w*|"
                                                      r"better|worse|lose|gain)\b", text):
        strategies.insert(0, "finetune")  # 'how does the accuracy change if I freeze the backbone?': against fine-tuning it
    if strategies == ["finetune"] and re.search(r"\bfine[- ]?tun\w*\b[^.;?]{0,15}\b(help\w*|pay\w* off|worth\w*|matter\w*|make[s]? "
                                              r"(a|any) difference|gain\w*|improv\w*)\b|"
                                              r"\bhow much (?:better|worse)\b[^.;?]{0,20}\bfine[- ]?tun", text):
        strategies.append("scratch")  # 'does fine-tuning help?': against the same tagger trained from scratch
    if strategies == ["scratch"] and re.search(r"\b(compar\w* (with|to|against)|versus|vs\.?|against|than) "
                                             r"(one |a tagger )?(training |trained )?(from )?scratch\b", text):
        strategies.insert(0, "finetune")  # "... compared with training from scratch": the other side is pretrained
    return strategies


def _tokenizer_kinds(text: str) -> list[str]:
    """The tokenizers a request names: conditional (the VQ-VAE), unconditional, binned."""
    kinds = []
    for kind, pattern in (("conditional", r"(?<!un)conditional"), ("unconditional", r"unconditional|\bmlp tokeni"),
                          ("binned", r"\bbinned|\bbinning|\bgrid\b")):
        if re.search(pattern, text):
            kinds.append(kind)
    if kinds and not {"conditional", "unconditional"} & set(kinds) and \
            re.search(r"\blearn(ed|t)\b|\bvq\b|vq-?vae|\btrained (one|tokeni[sz]er)", text):
        kinds.insert(0, "conditional")  # "the binned one or the learned one": the default VQ-VAE
    return kinds


def _anomaly_methods(text: str) -> list[str]:
    """The anomaly scores a request names: the backbone's likelihood, CWoLa."""
    methods = []
    if re.search(r"likelihood|unsupervised|perplexity|density|\bnll\b", text):
        methods.append("likelihood")
    if re.search(r"cwola|weak(ly)?[- ]?supervis|classification without labels", text):
        methods.append("cwola")
    return methods


def _keep_asked_fields(fields: dict[str, Any], text: str, raw: str, task_set: set[Task]) -> None:
    """Drop from `fields` the counts no asked task uses (a generation size without a model is a
    data size); an anomaly search of a named file generates and injects nothing."""
    if "anomaly" in task_set and _NO_SIGNAL.search(text):  # 'on background only': the no-signal control alone
        fields["signal_fractions"] = sorted({0.0, *fields.get("signal_fractions", [])})
    if "anomaly" in task_set and (files := re.findall(r"([\w./~-]+\.(?:h5|hdf5))\b", raw)):
        fields["data"] = list(dict.fromkeys(files))  # a file to search: nothing generated, nothing injected
        fields.pop("signal_fractions", None)
        fields.pop("n_events", None)
    if "anomaly" not in task_set:
        if not _jet_injection(text):  # a jet-level injection keeps its fraction: the other class's share of the GPT's jets
            fields.pop("signal_fractions", None)
        fields.pop("n_events", None)
    if "pretrain" not in task_set:
        if "n_generate" in fields:  # "generate 500 jets" without a model: data generation
            fields.setdefault("n_jets", fields.pop("n_generate"))
    if "finetune" not in task_set:
        fields.pop("labels", None)
        fields.pop("labels_per_class", None)


_OBSERVABLES = [(r"\bmass|\bhow heavy\b|\bheavier than\b", "mass"), (r"\bp_?t\b|transverse momentum", "pt"),
                (r"multiplicit|constituents|\b(?:zero|no|one|\d+) constituent\b|\bparticles\b|\btokens per jet\b", "n"), (r"tau_?21|n-?subjettiness|\b(?:two|2)[- ]prong", "tau21"),
                (r"tau_?32|n-?subjettiness(?!\s*(?:ratio\b|tau_?21|τ_?21))|\b(?:three|3)[- ]prong", "tau32")]  # the N-subjettiness: both ratios


def _observables(text: str) -> list[str]:
    """The jet observables a request names, in the order it names them (a constituent feature,
    'the pT of the constituents', names neither the jet pT nor the multiplicity, nor does what
    the GPT reads, 'the constituents' own features')."""
    spans = [(a, b) for a, b, name in features(text) if name.startswith("part_")]
    spans += [m.span() for _, pattern in GPT_INPUT_NAMES for m in re.finditer(pattern, text)]
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    found = [(m.start(), name) for pat, name in _OBSERVABLES if (m := re.search(pat, text))]
    return [name for _, name in sorted(found)]
