"""Read the quantities a request asks for (the spec's `quantities`), deterministically.

Works on the request as `offline_parse` normalises it (lower case, digits for numbers). Each
metric of the catalogue (agents/measures.py) has the words physicists use for it; its
condition (an operating point, a window, a quantile, an observable) is read from the words
around those, and a two-way comparison from 'A vs B', 'does A match B', 'is A as good as B'.
Every quantity keeps the request's words it was read from (`evidence`), and the numbers it
consumed are returned as spans, so that no other field reads them again (a rejection of 100 is
not a training size). A request that names no quantity gets none: the answer uses the
family's default and says so (`agents.measures.asked`).
"""

from __future__ import annotations

import re
from typing import Any

from agents.spec import LESS_LIKELY, MORE_LIKELY, Quantity

# model-generated jets set against the reference ('generated and real', 'real vs generated'; not 'generated Pythia jets')
AGAINST_REAL = r"\b(?:and|vs\.?|versus|against|to|or)\s+(?:the\s+)?(?:\w+\s+)?(?:real|true|pythia|original|reference)\b"
REAL_AGAINST = r"\b(?:real|true|pythia|original|reference)\s+(?:\w+\s+)?(?:and|vs\.?|versus|against|or)\s+(?:the\s+)?(?:\w+\s+)?"

Span = tuple[int, int]
_N = r"(\d+(?:\.\d+)?)"
_PCT = rf"{_N}\s*(%|percent\b)?"

# -- observables and constituent features --------------------------------------------------------
_FEATURES: list[tuple[str, str]] = [
    ("part_pt", r"\b(constituent|particle|track)s?'? ?p_?t\b|\bp_?t of (the |its |each |individual )?"
                r"(constituents?|particles?|tracks?)\b|\brelative p_?t\b"),
    ("part_eta", r"\b(constituent|particle)s?'? ?(delta[- ]?)?(eta|η)(_?rel)?\b|\b(eta|η) of (the )?(constituents?|particles?)\b"),
    ("part_phi", r"\b(constituent|particle)s?'? ?(delta[- ]?)?(phi|φ)(_?rel)?\b|\b(phi|φ) of (the )?(constituents?|particles?)\b"),
    # ('do the generated top jets have three prongs?': two prongs against one is tau21, three against two tau32)
    ("tau21", r"\btau_?21\b|\bτ_?21\b|\bn-?subjettiness ratio\b|\btau2/tau1\b|\b(?:two|2)[- ]prong(?:s|ed)?\b"),
    ("tau32", r"\btau_?32\b|\bτ_?32\b|\btau3/tau2\b|\b(?:three|3)[- ]prong(?:s|ed)?\b"),
    ("mass", r"\b(jet |invariant |soft[- ]?drop )?mass(es)?\b|\bm_?j\b|\bhow heavy\b|\bheavier than\b"),
    ("pt", r"\b(jet )?p_?t\b|\btransverse momentum\b"),
    ("n", r"\bmultiplicit(y|ies)\b|\bnumber of (constituents|particles)\b|\bconstituent counts?\b|\bn_?const\b|"
          r"\bhow many (constituents|particles|tokens)\b|\b(constituents|particles|tokens) per jet\b|"
          r"\b(more|fewer|less) (constituents|particles)\b|"  # "do top jets have more constituents than QCD jets?"
          r"\b(zero|no|one|\d+) constituents?\b"),  # "fewer than 1 constituent", "jets with zero constituents"
]

_FAMILIES = [(r"\bn-?subjettiness\b(?!\s*(?:tau|τ))|\bsubjettiness\b", ("tau21", "tau32")),
             (r"\b(?:jet )?substructure\b", ("mass", "tau21", "tau32"))]


def features(text: str) -> list[tuple[int, int, str]]:
    """(start, end, feature) of every observable mention, constituent features taking their
    words away from the jet observables ('pT of constituents' is not the jet pT)."""
    found: list[tuple[int, int, str]] = []
    taken: list[Span] = []
    for name, pat in _FEATURES:
        for m in re.finditer(pat, text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            found.append((m.start(), m.end(), name))
            taken.append(m.span())
    # 'constituent eta and phi': both constituent; a bare eta or phi of a tokenizer is its constituents'
    # (the tokens hold constituents' eta and phi relative to the jet axis; no jet eta is measured)
    if any(name.startswith("part_") for _, _, name in found) or re.search(r"tokeni[sz]|vq-?vae|codebook|quanti[sz]", text):
        for name, word in (("part_eta", r"\b(delta[- ]?)?(eta|η)\b"), ("part_phi", r"\b(delta[- ]?)?(phi|φ)\b")):
            for m in re.finditer(word, text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    found.append((m.start(), m.end(), name))
                    taken.append(m.span())
    # 'the N-subjettiness of top jets', 'the substructure': a family of observables, each of its members
    for word, names in _FAMILIES:
        for m in re.finditer(word, text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                found += [(m.start(), m.end(), name) for name in names]
                taken.append(m.span())
    return sorted(found)


def _features_after(text: str, end: int, span: int = 60) -> list[str]:
    """The observables named in a list right after a metric's words ('resolution of pT and mass')."""
    stop = re.search(r"[.;?!]|\b(when|while|if|with|using|for|in) ", text[end:end + span])
    window = text[end:end + (stop.start() if stop else span)]
    return list(dict.fromkeys(f for _, _, f in features(window) if f != "n"))


def _nearest_feature(text: str, start: int, end: int, after: int = 60, before: int = 40,
                     allowed: tuple[str, ...] | None = None) -> str | None:
    """The observable named inside or closest to a metric's words (after them first:
    'resolution of the mass')."""
    best: tuple[int, str] | None = None
    for a, b, name in features(text):
        if allowed and name not in allowed:
            continue
        if start <= a and b <= end:
            d = -1
        elif end <= a <= end + after and not re.search(r"[.;?]", text[end:a]):
            d = a - end
        elif start - before <= b <= start and not re.search(r"[.;?]", text[b:start]):
            d = start - b + 1
        else:
            continue
        if best is None or d < best[0]:
            best = (d, name)
    return best[1] if best else None


# -- operating points --------------------------------------------------------------------------
_AT = r"(?:at|@|for|with|when|where|given|of|to|reach(?:es|ed|ing)?|achiev(?:e|es|ed|ing)|hit(?:s|ting)?)\s+" \
      r"(?:an?\s+|the\s+|fixed\s+|a\s+fixed\s+)?"
# (an efficiency of the background, 'background efficiency of 1%', 'bkg eff', is no signal efficiency)
_EFF_WORDS = r"(?<!background )(?<!background-)(?<!bkg )(?<!bkg\. )(?<!bg )(?<!qcd )" \
             r"(?:signal[- ]efficienc(?:y|ies)|(?:true[- ]positive|tag(?:ging)?) (?:rate|efficiency)|efficienc(?:y|ies)|" \
             r"sig(?:nal)?\.? ?effs?\b\.?|effs?\b\.?|eps_?s|ε_?s|tpr|working points?|wps?)"
_BKG_EFF_WORDS = r"(?:(?:background|qcd)[- ]efficienc(?:y|ies)|(?:bkg|bg|background|qcd)\.? ?effs?\b\.?|" \
                 r"(?:(?:qcd|background|bkg|light|gluon)[- ](?:jet[- ])?)?(?:mis-?tag(?:ging)?(?: rate)?|fake[- ]rate)|" \
                 r"false[- ]positive[- ]rate|fpr|eps_?b|ε_?b)"
_REJ_WORDS = r"(?:(?:background|bkg|qcd|light|gluon)(?:[- ]jet)?[- ])?rejections?(?: power| factor)?|1/eps_?b|1/ε_?b"
_LIST = rf"{_N}\s*(%|percent\b)?(?:\s*(?:,\s*and|,|and|or|/)\s*{_N}\s*(%|percent\b)?)*"
# 'when it keeps half of the tops', 'with 30% of the W jets tagged': a signal efficiency said in words
_FRACTION_WORDS = {"half": 0.5, "third": 1 / 3, "thirds": 2 / 3, "quarter": 0.25, "quarters": 0.75}
_FRAC = r"(?:a |one )?half|(?:a |one )?third|two thirds|(?:a |one )?quarter|three quarters"
_SHARE = rf"({_LIST}(?=\s*of\b)|{_FRAC})\s*(?:of\s+)?(?:the\s+|all\s+|our\s+)?"
_SIGNAL_JETS = r"(?:signal|top|w|z|wqq|zqq|tbqq|higgs)(?:s\b|[- ]jets?\b|\b)(?:\s+jets?\b)?"
_KEEP = r"(?:keeps?|keeping|retains?|retaining|accepts?|accepting|selects?|selecting|tags?|tagging|lets? through|" \
        r"letting through|identif(?:y|ies|ying)|catch(?:es|ing)?|finds?|finding)"
_KEPT = r"(?:kept|retained|accepted|selected|tagged|let through|identified|caught|found|pass(?:es|ing)?(?: the cut)?)"
# 'how often does it mistake a QCD jet for a top jet', 'the QCD fake rate': the background efficiency
# (the rejection 1/eps_B) is asked
_MISTAG_ASKED = rf"\b(?:{_BKG_EFF_WORDS})\b|\bmis-?(?:takes?|taken|took|taking|identif\w*|classif\w*|label\w*)\b[^.;?]{{0,30}}" \
                r"\b(?:qcd|background|gluon|light)\b|\b(?:qcd|background|gluon|light)(?:[- ]jets?)?\b[^.;?]{0,30}" \
                r"\b(?:mis-?(?:taken|identified|classified|labell?ed|tagged))\b"


def _numbers(s: str) -> list[tuple[float, bool]]:
    return [(float(m[1]), bool(m[2])) for m in re.finditer(rf"{_N}\s*(%|percent\b)?", s)]


def _as_fraction(v: float, pct: bool, any_pct: bool) -> float | None:
    f = v / 100 if pct or any_pct or v > 1 else v
    return f if 0 < f <= 1 else None


def operating_points(text: str) -> tuple[list[tuple[str, float, Span]], list[Span]]:
    """(kind, value, span) of each stated operating point: kind 'efficiency' (a signal
    efficiency, as a fraction) or 'rejection' (1/eps_B; a background efficiency or mistag
    rate of 1% is a rejection of 100); and the spans of the numbers read."""
    out: list[tuple[str, float, Span]] = []
    spans: list[Span] = []
    pats = [
        ("efficiency", rf"{_AT}{_EFF_WORDS}\s*(?:of|=|:|at|equal to|is|equals|reaches)?\s*({_LIST})"),
        ("efficiency", rf"(?:at|@|for|with)\s+({_LIST})\s*(?:signal\s+|(?:top|w|z|wqq|zqq|tbqq)(?:[- ]jet)?\s+)?{_EFF_WORDS}"),
        # 'at a W efficiency of 70%': the signal class named before the efficiency
        ("efficiency", rf"{_AT}(?:top|w|z)(?:[- ]jet)?\s+{_EFF_WORDS}\s*(?:of|=|:)\s*({_LIST})"),
        ("efficiency", rf"\b{_EFF_WORDS}\s*(?:=|of|:)\s*({_LIST})"),
        ("efficiency", rf"\b{_KEEP}\s+(?:only\s+|about\s+|roughly\s+|just\s+)?{_SHARE}{_SIGNAL_JETS}"),
        ("efficiency", rf"\b{_SHARE}{_SIGNAL_JETS}\s+(?:are\s+|is\s+|gets?\s+|being\s+)?{_KEPT}"),
        ("bkg_eff", rf"{_AT}{_BKG_EFF_WORDS}\s*(?:of|=|:|at|is|equals|are)?\s*({_LIST})"),
        ("bkg_eff", rf"(?:at|@|for|with)\s+({_LIST})\s*{_BKG_EFF_WORDS}"),
        ("bkg_kept", rf"\b(?:rejects?|rejecting|removes?|removing|cuts? away|kills?)\s+({_LIST})\s*(?:of\s+)?(?:the\s+)?"
                     r"(?:background|qcd|light|gluon)"),
        ("rejection", rf"{_AT}(?:{_REJ_WORDS})\s*(?:of|=|:|at|equal to|is|equals)?\s*(?:about |around )?({_LIST})(?!\s*%)"),
        ("rejection", rf"(?:at|@|for|with|where)\s+({_LIST})\s*(?:x\s+)?(?:{_REJ_WORDS})"),
    ]
    for kind, pat in pats:
        for m in re.finditer(pat, text):
            g = m.start(1), m.end(1)
            if any(a < g[1] and g[0] < b for a, b in spans):
                continue
            nums = _numbers(m[1]) or [(round(100 * _FRACTION_WORDS[m[1].split()[-1]], 4), True)]
            any_pct = any(p for _, p in nums)
            for v, pct in nums:
                if kind == "efficiency":
                    f = _as_fraction(v, pct, any_pct)
                    if f is not None:
                        out.append(("efficiency", f, g))
                elif kind in ("bkg_eff", "bkg_kept"):
                    f = _as_fraction(v, pct, any_pct)
                    f = 1 - f if kind == "bkg_kept" and f is not None else f  # rejecting 99%: eps_B = 1%
                    if f is not None and 0 < f < 1:
                        out.append(("rejection", round(1 / f, 6), g))
                elif v > 1 and not pct:
                    out.append(("rejection", v, g))
            spans.append(g)
    return out, spans


# -- metric vocabulary ---------------------------------------------------------------------------
_CODES_DEAD = r"\b(fraction|share|percentage|how much) of (the )?(codes?|codebook|tokens?)( entries)? (goes |go |is |are |stays? |remains? |left )?" \
              r"(unused|dead|never used|idle)|\bdead[- ](codes?|tokens?|entries)|\b(unused|never[- ]used|inactive|idle) (codes?|tokens?|codebook entries|entries)|" \
              r"\bcodes? (are |were |is |go |stay |remain |left )?(never used|unused|dead|inactive)|\bhow many codes? (are |were )?(never|not) used|" \
              r"\bhow many (\w+ )?codes?\b[^.;?]{0,30}\b(are|were|stay|go|remain) (dead|unused|idle|inactive)\b"  # 'how many codes of the tokenizer are dead?'
_CODES_USED = r"\bcodebook (usage|utili[sz]ation|occupancy|use)\b|\bcodebook (is |was |gets |got )?(fully|completely|entirely|well|evenly) (used|utili[sz]ed|occupied)\b|" \
              r"\b(whether|if|is|was) (the )?codebook (is |was |gets |got )?(used|utili[sz]ed|occupied)\b|\b(use[sd]?|using|utili[sz]e[sd]?)\s+(its|the|their|all of its|all of the)\s+" \
              r"(whole |full |entire )?codebook\b|\b(usage|utili[sz]ation|occupancy) of the codebook|" \
              r"\bhow many (of the )?(codes?|tokens?|codebook entries) (are |were |get |does it )?(actually )?(used|use|active)|" \
              r"\bhow many (of (the|its|our) )?(\d+ )?(distinct |different |unique )?(codes?|tokens?|codebook entries)\b[^.;?]{0,50}\b(use[sd]?|active|occupied)\b|" \
              r"\b(fraction|share|percentage) of (the )?(codes?|codebook)( entries)? (are |is |were )?(used|active|in use)|" \
              r"\bcodes? (actually )?(in use|used)\b|\bcodebook collapse|\bcodes? (stays? |remains? |are |is |kept )?alive\b"
_PERPLEXITY = r"\bperplexit(y|ies)\b|\beffective (number of codes|codebook size)"
_BIAS = r"\bbias(es|ed)?\b|\bsystematic (shift|offset)|\b(shifted|offset|shift)\b|\bscale (error|shift)\b|\bmedian (shift|offset)"
# 'how far off is tau32 after the tokenizer?': the offset from the truth, read as a bias only when a jet
# observable is named (how far off an AUC is from 0.5 is no tokenizer question)
_OFF = r"\bhow far off\b|\boff by how much\b|\bhow (much|badly) (is |are )?(it |they )?off\b|\bhow far from the truth\b"
_RESOLUTION = r"\bresolution\b|\bsmear(ed|ing|s)?\b|\bspread\b|\bhow (well|accurately|precisely|faithfully) (is |are |does |do )?" \
              r"[^.;?]{0,60}(reconstruct|preserv|surviv|kept|keep|repr|recover|encod)|\bsurviv\w* (the )?(tokeni|quanti)|" \
              r"\breconstruction (quality|accuracy|error)|" \
              r"\b(reconstruction|reconstructs?|reconstructed|reproduc\w*)\b[^.;?]{0,30}\b(better|worse|improv\w*|degrad\w*|good|poor\w*|" \
              r"well|badly|within)\b|" \
              r"\b(?:tokeni[sz]\w*|quanti[sz]\w*|vq-?vae|codebook|tokens?)\b[^.;?]{0,20}\b(keep|preserv|retain|conserv|lose|destroy|wash\w* out)(?![^.;?]{0,25}\b(?:codes?|entries|tokens)\b)"


def _q(metric: str, m: re.Match[str], text: str, **kw: Any) -> Quantity:
    lo, hi = max(0, m.start() - 25), min(len(text), m.end() + 25)
    return Quantity(metric=metric, evidence=text[lo:hi].strip(), **kw)


# words that ask for a tagger (a classifier alone may be the generated-vs-real test)
TAGGER_WORDS = r"\btagg(er|ers|ing)\b|fine[- ]?tun|finetun|\blabell?ed\b|\blabels\b|from scratch|\bfrozen\b"
# a sentence about generated jets against real ones
_GENERATED_VS_REAL = r"\b(generated|fake|sampled|synthetic)\b[^.;?!]{0,60}\b(real|true|original|pythia|reference)\b|" \
                     r"\b(real|true|original|pythia)\b[^.;?!]{0,25}\b(vs\.?|versus|or|and|from)[- ](the )?(generated|fake|sampled|synthetic)\b"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or clause) around text[start:end]."""
    lo = max(text.rfind(c, 0, start) for c in ".;?!") + 1
    ends = [i for i in (text.find(c, end) for c in ".;?!") if i >= 0]
    return lo, min(ends, default=len(text))


def _classifier_test_auc(text: str, m: re.Match[str]) -> bool:
    """An AUC of the generated-vs-real classifier, not of a tagger: asked in a sentence about
    generated against real jets, or in the one right after it ('can a classifier tell generated
    jets from real ones? give me the classifier AUC'), with no tagger named beside it."""
    lo, hi = _sentence(text, m.start(), m.end())
    if re.search(TAGGER_WORDS, text[lo:hi]):
        return False
    before = _sentence(text, lo - 1, lo - 1)[0] if lo > 1 else lo
    return bool(re.search(_GENERATED_VS_REAL, text[lo:hi]) or re.search(_GENERATED_VS_REAL, text[before:lo]))


# 'how many labelled jets does the pretrained model need to reach 90% accuracy?', 'at how many labels does
# the tagger get to an AUC of 0.95?', 'how many jets do I need to train a top tagger to 90% accuracy?': the label count at which a tagger reaches a target
_LABELS_ASKED = r"\b(?:how many|number of|what number of|at what number of)\b[^.;?]{0,25}\b(?:labels|label(?:l)?ed|training jets|" \
                r"examples|jets)\b[^.;?]{0,60}?\b(?:reach|reaches|achieve|achieves|get to|gets to|hit|hits|attain|for|to match|to)\b"
_TARGET = r"[^.;?]{0,30}?(?:(?:an? )?(?P<m1>accuracy|auc)\s*(?:of|=|:)?\s*(?P<v1>\d+(?:\.\d+)?)\s*(?P<p1>%|percent\b)?|" \
          r"(?P<v2>\d+(?:\.\d+)?)\s*(?P<p2>%|percent\b)?\s*(?:test )?(?P<m2>accuracy|auc))"


def _labels_to_reach(text: str) -> Quantity | None:
    if not (m := re.search(_LABELS_ASKED + _TARGET, text)):
        return None
    metric = m["m1"] or m["m2"]
    value, pct = (m["v1"], m["p1"]) if m["m1"] else (m["v2"], m["p2"])
    target = float(value) / (100 if pct or float(value) > 1 else 1)
    return _q(f"labels_to_{metric}", m, text, target=target) if 0 < target < 1 else None


def tagging_quantities(text: str, anomaly: bool) -> tuple[list[Quantity], list[Span]]:
    out: list[Quantity] = []
    points, spans = operating_points(text)
    for kind, value, g in points:  # an anomaly score's operating point is read off its ROC curve
        ev = text[max(0, g[0] - 45):g[1] + 15].strip()
        said = re.search(r"\b(?<!max )(?<!maximum )(?:sic|significance improvement)\b(?P<between>[^.;?,\d]{0,40})$", text[max(0, g[0] - 50):g[0]])
        if said and re.search(r"rejection|mistag|\bauc\b|accuracy|background|\band\b", said["between"]):
            said = None  # 'the SIC and the rejection at 30%': the operating point is the other one's
        if kind == "efficiency" and said:  # 'the SIC at 20% signal efficiency': the SIC at that operating point
            out.append(Quantity(metric="anomaly_sic_at_efficiency" if anomaly else "sic_at_efficiency",
                                efficiency=value, evidence=ev))
        elif kind == "efficiency":
            out.append(Quantity(metric="anomaly_rejection_at_efficiency" if anomaly else "rejection_at_efficiency",
                                efficiency=value, evidence=ev))
        else:
            out.append(Quantity(metric="anomaly_efficiency_at_rejection" if anomaly else "efficiency_at_rejection",
                                rejection=value, evidence=ev))
    if not points and (m := re.search(rf"\b({_REJ_WORDS})\b|{_MISTAG_ASKED}", text)) and not anomaly:
        out.append(_q("rejection_at_efficiency", m, text, efficiency=0.5))  # the usual working point, said in the answer
    sic = re.search(r"\bmax(imum|imal)?\.? ?sic\b|\bsic\b|\bsignificance improvement", text)
    tpr_sic = re.search(r"\b(tpr|signal efficiency|efficiency|eps_?s)\b[^.;?]{0,25}\b(at|of) (the )?max(imum)? ?sic|"
                        r"max(imum)? ?sic(?:(?!\bsic\b)[^.;?]){0,30}\b(tpr|signal efficiency|efficiency)\b", text)
    if tpr_sic and sic and tpr_sic.start() <= sic.start() < tpr_sic.end():  # 'efficiency at max SIC' asks the efficiency
        sic = re.search(r"\bmax(imum|imal)?\.? ?sic\b|\bsic\b|\bsignificance improvement", text[tpr_sic.end():])
    if sic and any(q.metric.endswith("sic_at_efficiency") for q in out) and not re.search(r"\bmax(imum|imal)?\.? ?sic\b", text):
        sic = None  # every SIC asked is at an operating point
    if anomaly:
        if tpr_sic:
            out.append(_q("anomaly_tpr_at_max_sic", tpr_sic, text))
        if sic:
            out.append(_q("anomaly_max_sic", sic, text))
        if m := re.search(r"\bexcess\b|\b(above|over|beyond|compared (to|with)|relative to|than) (the |a )?((no[- ]signal|background[- ]only|"
                          r"signal[- ]free|null) (control|run|sample|case|baseline)|control|baseline)\b", text):
            out.append(_q("anomaly_excess", m, text))
        # 'whether CWoLa finds it, with the significance': how far the injected run stands above its
        # no-signal control, in sigma (the significance improvement is the SIC, read above); the GPT
        # likelihood alone has no such control and answers with its AUC
        elif m := re.search(r"\bsignificance\b(?! improvement)|\bsignificant(ly)?\b|\bsigmas?\b|\b(find|finds|found|detects?|"
                            r"detected|spots?|sees?|picks? up)\b (it|(?:the|an?) (?:[\d.]+ ?% )?(injected |w'? |new )?signal|"
                            r"the resonance|anything)\b", text):
            likelihood_only = re.search(r"likelihood|\bnll\b", text) and not re.search(r"cwola|weak", text)
            out.append(_q("anomaly_auc" if likelihood_only else "anomaly_excess", m, text))
        if m := re.search(r"\bauc\b|\barea under the (roc )?curve|\broc auc\b", text):
            out.append(_q("anomaly_auc", m, text))
        return out, spans
    if sic:
        out.append(_q("max_sic", sic, text))
    if reach := _labels_to_reach(text):  # 'how many labels does it need to reach 90% accuracy?'
        out.append(reach)
        return out, spans
    if m := re.search(r"\bcalibrat\w*|\breliability (diagram|curve|plot)|\bexpected calibration error|\bece\b|"
                      r"\bover-?confiden\w*|\bunder-?confiden\w*", text):
        out.append(_q("calibration", m, text))  # 'is the fine-tuned tagger calibrated?'
    if m := re.search(r"\baccurac(y|ies)\b|\bhow (often|many)[^.;?]{0,80}\b(correct\w*|right|wrong\w*)\b|\bmis-?classif|\berror rate", text):
        out.append(_q("accuracy", m, text))
    for m in re.finditer(r"(?<!classifier[- ]test )\bauc\b|\barea under the (roc )?curve|\broc auc\b", text):
        if not _classifier_test_auc(text, m):
            out.append(_q("auc", m, text))
            break
    return out, spans


# a question about the codes' use: negated ('never get used', 'not hit', 'does it never use') it
# asks for the dead codes, else for the usage
_CODES_ASKED = r"\b(how many|fraction|share|percentage|proportion|number|what part|which part|how much)\b[^.;?]{0,40}?" \
               r"\b(codes?|codebook|tokens?|codewords?|code vectors|indices|entries)\b[^.;?]{0,45}?" \
               r"\b(used|use|uses|active|occupied|hit|assigned|occur\w*|appear\w*|selected|chosen|populated|visited|" \
               r"utili[sz]ed|activated|fired|touched|alive)\b"
_NEGATED = r"\b(never|not|no|none|nowhere)\b|n't\b|\bun(used|assigned|occupied|touched|visited|selected)\b"


# a second question about the same codes, without naming them: 'how many codes are used and how
# many are never used'
_WIDTH_WORDS = r"\b(how wide|how broad|width|spread|span|range)\b"  # ...of the middle 80%
_CODES_AGAIN = r"[^.;?]{0,15}?\b(?:and|but|or|while)\s+how many\b[^.;?]{0,30}?\b(used|use|active|occupied|hit|" \
               r"assigned|selected|chosen|populated|visited|utili[sz]ed|activated|fired|touched|dead|idle)\b"


def _code_use(text: str) -> list[tuple[str, re.Match[str]]]:
    """('dead_codes' | 'codebook_usage', match) of each question about the codes' use."""
    out: list[tuple[str, re.Match[str]]] = []
    for m in re.finditer(_CODES_ASKED, text):
        out.append(("dead_codes" if re.search(_NEGATED, m[0]) else "codebook_usage", m))
        if again := re.compile(_CODES_AGAIN).match(text, m.end()):  # right after the first
            dead = re.search(_NEGATED, again[0]) or again[1] in ("dead", "idle")
            out.append(("dead_codes" if dead else "codebook_usage", again))
    if m := re.search(_CODES_DEAD, text):
        out.append(("dead_codes", m))
    if not out and (m := re.search(r"\b(collaps\w*|dead|unused)\b[^.;?]{0,30}\bcodebook|\bcodebook\b[^.;?]{0,30}\bcollaps\w*", text)):
        out.append(("codebook_usage", m))  # 'is the codebook collapsing?': how much of it is used
    if not any(k == "codebook_usage" for k, _ in out) and (m := re.search(_CODES_USED, text)) \
            and not re.search(_NEGATED, m[0]):
        out.append(("codebook_usage", m))
    return out


# 'depend on', 'as a function of': what a quantity varies with (not the quantity's own observable)
DEPENDENCE = r"\b(?:depend\w*\s+on|as\s+a\s+function\s+of|var(?:y|ies)\s+with|in\s+bins\s+of|binned\s+in|change\w*\s+with)"


def tokenizer_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for metric, m in _code_use(text):
        if not any(q.metric == metric for q in out):
            out.append(_q(metric, m, text))
    if m := re.search(_PERPLEXITY, text):
        out.append(_q("perplexity", m, text))
    bias, res = re.search(_BIAS, text), re.search(_RESOLUTION, text)
    if bias is None and any(f != "n" for _, _, f in features(text)):
        bias = re.search(_OFF, text)
    for metric, m in (("bias", bias), ("resolution", res)):
        if m is None:
            continue
        named = [f for _, _, f in features(text) if f != "n"]
        # 'how does the mass resolution depend on the jet pT?': the observable is the mass, the pT what it varies with
        scope = text[:m.end() + dep.start()] if (dep := re.search(DEPENDENCE, text[m.end():])) else text
        after = _features_after(scope, m.end())
        near = _nearest_feature(scope, m.start(), m.end())
        obs = after or ([near] if near else list(dict.fromkeys(named)) or ["mass"])
        if metric == "resolution" and re.match(r"how (well|accurately|precisely|faithfully)", m[0]):
            obs = list(dict.fromkeys(named)) or obs  # 'how well are mass and pT kept'
        for o in obs:
            out.append(_q(metric, m, text, observable=o))
    # a verdict on reconstruction rests on both figures: 'how well is X kept' asks for bias and resolution
    if res is not None and bias is None and re.match(r"how|surviv|reconstruct|reproduc|tokeni|quanti|vq|codebook|token", res[0]):
        out += [q.model_copy(update={"metric": "bias"}) for q in out if q.metric == "resolution"]
    # 'does a binned tokenizer do better than the VQ-VAE on tau32?': better at an observable is better at keeping it
    if not out and (m := re.search(r"\b(better|worse|best|worst)\b", text)) and (named := [f for _, _, f in features(text)]):
        out += [_q(k, m, text, observable=o) for o in dict.fromkeys(named) for k in ("bias", "resolution")]
    return out


def jet_observables(text: str) -> list[str]:
    """The jet-level observables the text names, once each, in order (the generation metrics'
    distances and tests are per jet, not per constituent)."""
    return list(dict.fromkeys(f for _, _, f in features(text) if f in ("mass", "pt", "n", "tau21", "tau32")))


def generated_observables(text: str) -> list[str]:
    """The observables named whose generated-to-real distance the generation metrics hold: the jet
    observables and the constituent pT."""
    named = [f for _, _, f in features(text)]
    return jet_observables(text) + (["part_pt"] if "part_pt" in named else [])


SIGNIFICANT_DIFFERENCE = re.compile(r"\b(?:difference|deviation|disagreement|discrepanc\w+)s?\b[^.;?]{0,25}\b(?:statistically )?"
                                    r"significant\b|\b(?:significantly|statistically) (?:different|compatible|consistent)\b")


def generation_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    if m := re.search(r"\bwasserstein|\bw1\b|\bw_1\b|\bemd\b|\bearth[- ]mover", text):
        out += [_q("w1", m, text, observable=o) for o in jet_observables(text) or [None]]  # None: every observable
    if m := re.search(r"\bkolmogorov|\b(ks|k-s)[- ](test|p-?values?|statistics?|distances?)\b", text):
        out += [_q("ks_test", m, text, observable=o) for o in jet_observables(text) or [None]]
    # 'compare the tau32 distributions ...; is the difference significant?': a test of the two distributions
    # named (a mean's shift asked 'significantly' is the generated mean's, read below)
    elif (m := SIGNIFICANT_DIFFERENCE.search(text)) and not re.search(r"\bshift|\bmeans?\b|\baverage", text) \
            and (named := jet_observables(text)):
        out += [_q("ks_test", m, text, observable=o) for o in named]
    if m := re.search(r"\bclassifier[- ]test|\bclassifier\b[^.;?]{0,30}\b(tell|distinguish|separate|discriminate)s?\b|"
                      r"\b(tell|distinguish|separate|discriminate)s?\b[^.;?]{0,30}\b(generated|fake|sampled)\b[^.;?]{0,15}"
                      r"\b(from|and|vs\.?) (the )?(real|true|original|pythia)|"
                      r"\b(in)?distinguishab\w*\b[^.;?]{0,40}\b(generated|fake|sampled)\b|"
                      r"\b(generated|fake|sampled)\b[^.;?]{0,40}\b(in)?distinguishab|"
                      r"\bgenerated[- ](vs\.?|versus)[- ]real\b[^.;?]{0,20}\bauc|\breal[- ](vs\.?|versus)[- ]generated\b[^.;?]{0,20}\bauc|\bauc\b[^.;?]{0,40}\b(generated|real)", text):
        out.append(_q("generation_auc", m, text))
    # 'is the W mass peak in the generated sample at the right place?': where the generated distribution
    # sits against the real one (the catalogue gives the means of both; no mode is computed)
    if m := re.search(r"\b(mean|average)\b[^.;?]{0,40}\bgenerated\b|\bgenerated\b[^.;?]{0,30}\b(mean|average)\b|"
                      r"\bpeaks?\b[^.;?]{0,40}\b(generated|sampled)\b|\b(generated|sampled)\b[^.;?]{0,45}\bpeak(s|ed)?\b|"
                      r"\b(stable|stability|vary|varies|spread)\b[^.;?]{0,40}\bgenerated\b|\bgenerated\b[^.;?]{0,40}\b(stable|"
                      r"stability|vary|varies)\b|\b(generated|sampled)\b[^.;?]{0,40}\b(shift(ed)?|offset|displaced|biased)\b|"
                      r"\b(shift(ed)?|offset|bias(ed)?)\b[^.;?]{0,30}\b(generated|sampled)\b|"
                      # 'is the pT spectrum of generated QCD jets too soft?': where the generated mean sits against the real one
                      r"\b(generated|sampled)\b[^.;?]{0,40}\btoo (soft|hard|heavy|light|high|low|large|small|few|many|wide|narrow)\b|"
                      # 'does the GPT generate the right number of constituents?': the generated mean against the real one
                      r"\b(generat\w*|sampl\w*)\b[^.;?]{0,30}\b(right|correct|realistic)\b|"
                      # 'how many constituents do generated top jets have compared to real ones?'
                      rf"\bhow (many|much|heavy|light|wide|large|big|hard|soft)\b[^.;?]{{0,40}}\b(generated|sampled)\b[^.;?]{{0,40}}"
                      rf"\b(?:compared|relative)?\s*{AGAINST_REAL}", text):
        obs = _nearest_feature(text, m.start(), m.end(), after=50, before=40) or "mass"
        out.append(_q("generated_mean", m, text, observable=obs))
    # 'is the generated tau21 distribution compatible with the real one?': how close, observable by
    # observable (W1 against its floor), or the jets as a whole (the classifier test)
    # 'how well does the GPT reproduce the constituent pT spectrum?': how close, as below
    if not out and (m := re.search(r"\b(reproduc\w*|describ\w*|captur\w*)\b", text)) \
            and not re.search(r"tokeni[sz]|vq-?vae|codebook|\bpythia\b[^.;?]{0,20}\b(reproduc|describ|captur)", text[slice(*_sentence(text, m.start(), m.end()))]):
        out += [_q("w1", m, text, observable=o) for o in generated_observables(text)] or [_q("generation_auc", m, text)]
    if not out and (m := re.search(r"\b(generated|sampled)\b[^.;?]{0,40}\b(compatible|consistent|agree\w*|match\w*|"
                                   r"close[rs]?t?|nearer|farther|similar|resembl\w*|differ\w*|look like)\b[^.;?]{0,30}\b(real|true|original|pythia|"
                                   r"reference)\b|\b(differ\w*|close[rs]?t?|similar|agree\w*|match\w*)\b[^.;?]{0,20}\bbetween (the )?"
                                   r"(generated|sampled)\b[^.;?]{0,20}\b(and|vs\.?) (the )?(real|true|original|pythia)\b|"
                                   # 'compare the jet mass of generated and real top jets', 'how close is the generated mass to the real one?'
                                   r"\b(compar\w*|how (close|similar|different|far))\b[^.;?]{0,40}\b(generated|sampled)\b[^.;?]{0,25}"
                                   rf"{AGAINST_REAL}|{REAL_AGAINST}\b(generated|sampled)\b", text)):
        out += [_q("w1", m, text, observable=o) for o in generated_observables(text)] or \
            [_q("w1", m, text) if re.search(r"\bwhich (jet )?(observables?|variables?|features?|distributions?)\b", text)
             else _q("generation_auc", m, text)]  # 'which observable differs most': every observable's distance
        # '... compatible with the real one? I want a p-value': the p-value of a two-sample test of the
        # distributions is the KS test's (jet-level observables only: a jet's constituents are not independent
        # draws), first, with how close they are beside it
        if p := re.search(r"\bp[- ]?values?\b", text):
            out[:0] = [_q("ks_test", p, text, observable=o) for o in jet_observables(text) or [None]]
    return out


def likelihood_quantities(text: str, classes: list[str]) -> list[Quantity]:
    """'use a GPT trained on top as a classifier through its likelihood', 'per-jet NLL of QCD
    jets under a top-trained GPT'."""
    trained_on = r"\b(?:train(?:ed)?|pre-?train(?:ed)?|fit(?:ted)?|learn(?:ed|t)?)(?: (?:a|the|our) (?:gpt|backbone|model|transformer))?" \
                 r" (?:only |just |exclusively )?(?:on|with|from) (?:only |just )?(?:the )?(?:pure |clean |background )?(\w+)"
    sep = re.search(r"\banomal|\bclassif|\bdiscriminat|\bseparat|\btell (apart|(?:\w+ ){1,3}(?:from|apart))|\bdistinguish|\bauc\b|\broc\b|\btagg?(er|ing|s)?\b|"
                    r"\bidentif|\bselect|\b(find|spot|pick out|flag|detect)s? (the |other |\w+ )?(jets|\w+ jets)\b", text)
    # 'how well does a GPT trained on pure QCD find top jets?': a generative model of one class used to find the other
    gpt_of_one = re.search(r"\b(?:gpt|backbone|generative model|language model)\b[^.;?]{0,15}" + trained_on, text) and sep \
        and len(classes) == 2 and not re.search(r"fine[- ]?tun|\btagg|\blabel", text)
    # 'are top jets less likely than QCD jets under a GPT trained on QCD?' (a likelihood in other words, of a GPT)
    likely = re.search(r"\b(?:less|more) (?:likely|probable)\b", text) and \
        re.search(r"\b(?:gpt|backbone|generative model|language model)\b", text) and \
        not re.search(r"fine[- ]?tun|\btagg|\blabel|classif", text)
    if not (re.search(r"likelihood|\bnll\b|log[- ]?prob|perplexit", text) or gpt_of_one or likely) or \
            not (re.search(trained_on + r"|-trained\b", text) or (sep and len(classes) == 2)):
        return []  # ('can the GPT tell top from QCD jets by likelihood?': trained on the first named, the plan says)
    from agents.llm.offline_parse import _classes

    m = re.search(trained_on, text) or re.search(r"\b(\w+)-trained\b", text)
    trained = None
    if m:
        word = m[m.lastindex or 0] or ""
        found = _classes(word)
        trained = found[0] if found else None
    metric = "likelihood_auc" if sep else "likelihood_nll"
    compare: list[str] = []
    if metric == "likelihood_nll" and len(classes) == 2 and (re.search(_CLASS_COMPARISON, text) or LESS_LIKELY.search(text)
                                                             or MORE_LIKELY.search(text)):
        # 'a lower likelihood than QCD jets': the class after 'than' is the reference, the other the one asked about
        than = re.search(r"\bthan\b", text)
        ref = next((c for c in _classes(text[than.end():]) if c in classes), None) if than else None
        compare = [c for c in classes if c != ref] + [ref] if ref else list(classes)
    return [Quantity(metric=metric, subject=trained, evidence=m[0] if m else None, compare=compare)]


_NOT_AN_OBSERVABLE = r"(the|a|an|jets?|constituents?|of|for|in|value|values|distribution|number|all|my|our|these|" \
                     r"those|sample|samples|events?|tops?|qcd|w|z|gev|and|per|each|class|data|dataset|generated|real)"


def unknown_observable(text: str, end: int) -> str | None:
    """The words right after a metric that name something no tool computes ('mean jet girth of
    top jets' -> 'girth'), or None when they name a known observable or nothing."""
    window = re.split(r"[,.;?!]|\b(?:of|for|in|from|with|between|above|below|under|over) (?:the |all |our |my )?"
                      r"(?:\d+ )?(?:top|qcd|w|z|generated|real)\b|\b(?:have|has|had|is|are|was|were|does|do|compared|"
                      r"versus|vs|than|against|look|looks)\b|\bwith (?:its |their |the )?(?:errors?|uncertaint\w*|error bars?)\b",
                      text[end:end + 60])[0]  # ("the standard deviations with errors": how they are wanted, no observable)
    window = re.sub(r"^\s*(of|for|in)\s+", " ", window)
    if features(window):
        return None
    words = [w for w in re.findall(r"[a-z][a-z0-9_/-]*", window) if not re.fullmatch(_NOT_AN_OBSERVABLE, w)]
    return " ".join(words[:3]) or None


# a cut's words and whether the edge is kept: 'more than 60' is N > 60, 'at least 60' N >= 60,
# 'below 0.5' x < 0.5, 'at most 40' / '40 or fewer' / 'no more than 40' x <= 40 (longest first)
_LOW_INCL = r"at least|no (?:less|fewer) than|not (?:less|fewer) than|(?:greater|more|larger|higher) than or equal to|" \
            r">=|≥|=>|a minimum of"
_HIGH_INCL = r"at most|no (?:more|greater|larger|higher) than|not (?:more|greater|larger|higher) than|not above|" \
             r"not exceeding|up to|(?:less|smaller|lower|fewer) than or equal to|<=|≤|=<|a maximum of"
_LOW_STRICT = r"more than|greater than|larger than|higher than|bigger than|in excess of|above|over|exceeding|exceeds?|>"
_HIGH_STRICT = r"less than|fewer than|smaller than|lower than|below|under|<"
_CUT_WORDS = f"{_LOW_INCL}|{_HIGH_INCL}|{_LOW_STRICT}|{_HIGH_STRICT}"
# a cut said without its side ('a tau32 cut at 0.5') keeps the jets above it, except on an N-subjettiness
# ratio, which a tagger cuts from above: the jets with prongs have it small
_PRONGS = ("tau21", "tau32")
_POST_LOW = r"more|above|higher|greater|over|larger|up"
_POST_HIGH = r"less|fewer|below|lower|under|smaller"


# '65 < m < 95', '0.2 <= tau21 < 0.4': a window with its strictness written in signs
_WINDOW_BY_SIGNS = rf"{_N}\s*(?:gev\s*)?(<=|≤|<)\s*[a-z][a-z_0-9]*\s*(<=|≤|<)\s*{_N}"


def _cut(cut: str) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low kept, high kept) of a window or cut's words."""
    nums = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", cut)]
    if signs := re.match(_WINDOW_BY_SIGNS, cut):
        return float(signs[1]), float(signs[4]), signs[2] != "<", signs[3] != "<"
    if bracket := re.search(r"\[\s*([\d.]+)\s*,\s*([\d.]+)\s*([\])])", cut):  # [a, b] closed, [a, b) half-open
        return float(bracket[1]), float(bracket[2]), True, bracket[3] == "]"
    if len(nums) >= 2:
        low, high = sorted(nums[:2])
        return low, high, True, False  # a window: low <= x < high
    rules = ((_LOW_INCL, "low", True), (_HIGH_INCL, "high", True), (_LOW_STRICT, "low", False),
             (_HIGH_STRICT, "high", False))
    # '60 or more', '40 or fewer', '60+': the stated value is kept
    side, kept = next(((sd, k) for pat, sd, k in rules if re.match(rf"(?:{pat})\s*\d", cut)),
                      ("high" if re.search(rf"\b(?:{_POST_HIGH})\b", cut) else "low", True))
    if side == "low":
        return nums[0], None, kept, False
    return None, nums[0], True, kept


def data_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    if m := re.search(r"\bcorrelat\w*|\bcovarian\w*|\bpearson\b|\br (between|of)\b", text):
        window = text[max(0, m.start() - 60):m.end() + 80]
        obs = [f for _, _, f in features(window)]
        obs = list(dict.fromkeys(obs))
        if len(obs) >= 2:
            out.append(_q("correlation", m, text, observable=obs[0], observable2=obs[1]))
    # 'the mistag rate of QCD jets for a mass window 65-95 GeV', 'the W efficiency of a 65 < m < 95 GeV cut'
    frac = re.search(r"\b(fraction|share|percentage|proportion|what part|how many|how much|what percent|rate|how often|"
                     r"(?:what(?:'s| is) the )?(?:chance|probability|likelihood|odds)|how likely|"
                     r"mis-?tag\w*|efficienc\w*|acceptance)\b"
                     r"[^.;?]{0,80}?(?P<cut>\b(between|in|within|inside|from)\s+(the\s+)?(range\s+|window\s+)?"
                     rf"{_N}\s*(?:gev)?\s*(?:-|to|and|–)\s*{_N}|\bwindows?\s+(?:of\s+)?{_N}\s*(?:gev)?\s*(?:-|to|–)\s*{_N}|"
                     rf"\bin\s*\[\s*{_N}\s*,\s*{_N}\s*[\])]|"
                     rf"{_WINDOW_BY_SIGNS}|(?<!\w)({_CUT_WORDS})\s*{_N}|\bcut(?:ting)?\s+(?:at|of)\s+{_N}|"
                     rf"{_N}\s*(?:(?:gev|constituents|particles|tracks)\s*)?(?:(?:or|and)\s+(?:{_POST_LOW}|{_POST_HIGH})\b|\+))", text)
    if frac:
        low, high, low_incl, high_incl = _cut(frac["cut"])
        after_cut = text[frac.end():frac.end() + 25]
        obs = ("n" if re.match(r"\s*(constituents?|particles?|tracks?)\b", after_cut) or
               re.search(r"\d\s*(constituents?|particles?|tracks?)\b", frac["cut"]) else None) or \
            _nearest_feature(text, frac.start("cut"), frac.start("cut"), after=0, before=40) or \
            _nearest_feature(text, frac.start(), frac.end()) or "mass"
        if frac["cut"].startswith("cut") and obs in _PRONGS:  # 'a tau32 cut at 0.5' keeps the jets below it
            low, high, low_incl, high_incl = None, low, True, False
        out.append(Quantity(metric="fraction", observable=obs, low=low, high=high, low_inclusive=low_incl,
                            high_inclusive=high_incl, evidence=frac[0]))
    # 'how often does a generated jet have zero constituents?', 'how many jets are empty?': the share with none (N < 1)
    if not frac and (m := re.search(r"\b(?:zero|no|0)\s+(?:constituents?|particles?|tracks?)\b|\bempty\s+jets?\b|"
                                    r"\bjets?\s+(?:\w+\s+)?(?:are|is|come out|were)\s+empty\b", text)) \
            and re.search(r"\b(?:how (?:many|often)|fraction|share|percent\w*|proportion|rate)\b", text):
        out.append(Quantity(metric="fraction", observable="n", high=1.0, high_inclusive=False, evidence=m[0]))
    for m in re.finditer(r"\b(\d+(?:\.\d+)?)(?:st|nd|rd|th)? ?(percentile|%? ?quantile)|\b(upper|lower) quartile|\bquantile (\d?\.\d+)", text):
        if m[3]:
            p = 0.75 if m[3] == "upper" else 0.25
        else:
            v = float(m[1] or m[4])
            p = v / 100 if v >= 1 else v
        if 0 < p < 1:
            obs = _nearest_feature(text, m.start(), m.end()) or "mass"
            out.append(_q("quantile", m, text, observable=obs, quantile=round(p, 6)))
    # "the 16th and 84th percentiles": the ordinals listed before the last one (which the loop
    # above reads) ask for quantiles too
    for m in re.finditer(r"\b((?:\d+(?:\.\d+)?(?:st|nd|rd|th)(?:, | and |, and ))+)\d+(?:\.\d+)?(?:st|nd|rd|th) ?percentile", text):
        obs = _nearest_feature(text, m.start(), m.end()) or "mass"
        for v in re.findall(r"(\d+(?:\.\d+)?)(?:st|nd|rd|th)", m[1]):
            if 0 < float(v) < 100:
                out.append(_q("quantile", m, text, observable=obs, quantile=round(float(v) / 100, 6)))
    for m in re.finditer(r"\b(?:middle|central|inner) (\d+(?:\.\d+)?) ?(?:%|percent)", text):
        tail = (1 - float(m[1]) / 100) / 2  # "the middle 80%": from the 10th to the 90th percentile
        if 0 < tail < 0.5:
            obs = _nearest_feature(text, m.start(), m.end()) or "mass"
            if re.search(_WIDTH_WORDS, text[max(0, m.start() - 30):m.start()]) or \
                    re.match(r"\s*(?:of (?:the )?\w+ )?(?:is|are)?\s*(?:how )?(?:wide|broad)\b", text[m.end():]):
                out.append(_q("central_width", m, text, observable=obs, quantile=round(1 - 2 * tail, 6)))
            else:
                out += [_q("quantile", m, text, observable=obs, quantile=round(p, 6)) for p in (tail, 1 - tail)]
    # 'mean and width of the tau21 distribution': a distribution's width with no fraction named is that of its
    # central 68% (a Gaussian's +-1 sigma)
    # ('the jet width', 'the width of the jets' is an observable of its own, girth: not this)
    if (m := re.search(r"(?<!jet )(?<!jet's )\b(?:width|spread)\b(?! of (?:the )?(?:middle|central|inner|jets?\b(?! (?:mass|p_?t|tau\w*|multiplicit\w*|constituents?)\b)))", text)) \
            and not re.search(r"\bpeak|\d ?%", text) \
            and not any(q.metric == "central_width" for q in out):
        out.append(_q("central_width", m, text, observable=_nearest_feature(text, m.start(), m.end()) or "mass", quantile=0.68))
    # 'is the generated multiplicity distribution too narrow?', 'too wide in mass': that distribution's width, its
    # standard deviation
    if (m := re.search(r"\btoo (?:narrow|wide|broad)\b|\bdistributions?\b[^.;?]{0,30}\b(?:narrow|wide|broad)(?:er)?\b", text)) \
            and not re.search(r"\bpeak", text) and not any(q.metric in ("central_width", "std") for q in out):
        out.append(_q("std", m, text, observable=_nearest_feature(text, m.start(), m.end()) or "mass"))
    # 'the 68% width of the top mass peak', 'a 90% interval of tau21': the central width of that fraction
    for m in re.finditer(r"(?<![\w.])(\d+(?:\.\d+)?) ?(?:%|percent) (?:central )?(?:width|spread|interval|range|band)\b", text):
        if 0 < float(m[1]) < 100 and not any(q.metric == "central_width" for q in out):
            obs = _nearest_feature(text, m.start(), m.end()) or "mass"
            out.append(_q("central_width", m, text, observable=obs, quantile=round(float(m[1]) / 100, 6)))
    # 'where does the top jet mass peak?', 'does the W jet mass peak sit at the W mass?'
    # ('how wide is the W mass peak?', 'the resolution of the W peak': its width, not where it is; a width of
    # the middle N% is the central width read above)
    if m := re.search(r"\bpeak(?:s|ed|ing)?\b|\bmode\b|\bmost (?:likely|probable|common) (?:value|mass)\b", text):
        obs = _nearest_feature(text, m.start(), m.end()) or "mass"
        wide = re.search(r"\b(?:broad|wide|width|narrow|sharp|resolution|fwhm)\w*\b[^.;?]{0,30}$", text[:m.start()]) or \
            re.match(r"\s*(?:width|broad|wide|resolution|fwhm)|[^.;?,]{0,25}?\b(?:narrow|broad|wid|sharp)er\b", text[m.end():])
        # ('is the W mass peak of W jets narrower than the Z one?': a width compared)
        if not wide:
            out.append(_q("peak", m, text, observable=obs))
            if re.match(r"(?:\s+(?:position|location|value))?\s*(?:and|,|with|plus)\s+(?:its\s+|the\s+)?(?:width|fwhm)\b",
                        text[m.end():]):
                out.append(_q("peak_width", m, text, observable=obs))  # 'the W mass peak position and its width'
        elif not any(q.metric in ("central_width", "quantile") for q in out):
            out.append(_q("peak_width", m, text, observable=obs))
    for metric, pat in (("median", r"\bmedian\b"), ("mean", r"(?<!root )(?<!root-)\b(mean|average|typical)\b(?! (shift|offset|bias))"),
                        ("std", r"\bstandard deviations?\b|\bstd(?:ev)?s?\b|\brms\b(?! error)|\broot[- ]mean[- ]square\b")):
        if m := re.search(pat, text):
            if metric == "mean" and re.search(r"\bmean (?:\w+ )?(seeds?|over)\b", text[m.start():m.end() + 15]):
                continue
            # 'how many constituents does a typical top jet have': the feature the question named before it
            if (other := unknown_observable(text, m.end())) and not _nearest_feature(text, m.start(), m.end(), before=0) \
                    and not features(text[max(0, m.start() - 40):m.start()]):
                out.append(_q(metric, m, text, unsupported=other))
                continue
            # the features named up to the jets ('mean tau32 of top jets with pT above 800': the pT selects, it is not asked)
            after = re.split(r"\bjets?\b(?!'?s? (?:mass|p_?t|tau|multiplicit|constituent|width))", text[m.end():m.end() + 60])[0]
            obs_all = [f for _, _, f in features(after)]
            named = list(dict.fromkeys(f for _, _, f in features(text)))  # ('how much wider is the tau32 ... ? I want
            # the two standard deviations': the one observable the request names, however far before)
            for o in dict.fromkeys(obs_all or [_nearest_feature(text, m.start(), m.end()) or (named[0] if len(named) == 1 else "mass")]):
                out.append(_q(metric, m, text, observable=o))
    return out


# a tagger trained from scratch: 'random-init', 'randomly initialised', 'un-pretrained', 'without pretraining'
SCRATCH = r"\bscratch\b|\brandom(?:ly)?[- ]?init\w*|\bun-?pretrained\b|\b(?:no|without) pre-?training\b"
# "starting from the pretrained backbone" is the fine-tuned strategy unless it is frozen
_STRATEGY_WORDS = [("frozen-backbone", r"\bfrozen|\bfreez|\bfixed backbone|\blinear prob"),
                   ("finetune", r"fine[- ]?tun|\bfinetun|(?<!frozen )(?<!fixed )\bpre-?trained (backbone|model|gpt|network|"
                                r"transformer|weights|tagger|one|version)\b|\b(with|using|after|plus) (the )?pre-?training\b"),
                   ("scratch", SCRATCH)]
_MATCH = r"\b(match(es)?|as good as|as well as|equal(ly)?|same as|on par|comparable|differ\w*|better|worse|" \
         r"significant\w*|beat\w*|outperform\w*|vs\.?|versus|compared? (to|with)|against|or)\b"


def comparison(text: str) -> list[str]:
    """The two strategies a request compares head to head ('does frozen match fine-tuned',
    'frozen backbone vs full finetune'), in the request's order around the comparison words;
    [] unless exactly two strategies are named."""
    mentions = sorted((m.start(), m.end(), s) for s, pat in _STRATEGY_WORDS for m in re.finditer(pat, text))
    if len({s for _, _, s in mentions}) != 2:
        return []
    best: tuple[int, list[str]] | None = None
    for c in re.finditer(_MATCH, text):  # the comparison words closest to a strategy on each side
        before = [x for x in mentions if x[1] <= c.start() and not re.search(r"[.;?]", text[x[1]:c.start()])]
        after = [x for x in mentions if x[0] >= c.end() and not re.search(r"[.;?]", text[c.end():x[0]])]
        if before and after and before[-1][2] != after[0][2]:
            gap = c.start() - before[-1][1] + after[0][0] - c.end()
            if best is None or gap < best[0]:
                best = (gap, [before[-1][2], after[0][2]])
    if best:
        return best[1]
    first = [s for s in dict.fromkeys(s for _, _, s in mentions)]
    return first if re.search(r"\b(does|do|is|are|can|which|difference|differ\w*|compar\w*|gap|gain)\b",
                              text[:mentions[0][0]]) else []


# which task's plan produces each metric (agents.measures.CATALOGUE says the same; imported
# lazily there to keep the parser free of the readers' dependencies)
_TASK_OF = {"accuracy": "finetune", "auc": "finetune", "rejection_at_efficiency": "finetune",
            "efficiency_at_rejection": "finetune", "max_sic": "finetune", "sic_at_efficiency": "finetune",
            "anomaly_sic_at_efficiency": "anomaly", "codebook_usage": "tokenizer",
            "dead_codes": "tokenizer", "perplexity": "tokenizer", "bias": "tokenizer", "resolution": "tokenizer",
            "w1": "pretrain", "ks_test": "pretrain", "generation_auc": "pretrain", "generated_mean": "pretrain",
            "generated_std": "pretrain",
            "overfitting": "pretrain", "likelihood_nll": "pretrain", "likelihood_auc": "pretrain", "anomaly_auc": "anomaly",
            "anomaly_max_sic": "anomaly", "anomaly_tpr_at_max_sic": "anomaly", "anomaly_excess": "anomaly",
            "anomaly_efficiency_at_rejection": "anomaly", "anomaly_rejection_at_efficiency": "anomaly",
            "mean": "generate", "std": "generate", "median": "generate", "quantile": "generate", "central_width": "generate",
            "fraction": "generate",
            "correlation": "generate", "class_ks": "generate", "observable_auc": "generate", "cut_value": "generate",
            "peak": "generate", "peak_width": "generate", "labels_to_accuracy": "finetune", "labels_to_auc": "finetune",
            "calibration": "finetune"}
# 'is the GPT overfitting?', 'compare the training and validation loss': the backbone's loss curves (a
# tokenizer's or a fine-tuned tagger's overfitting is not this metric)
_OVERFIT = r"\bover-?(?:fit\w*|train\w*)|\bgenerali[sz]ation gap\b|\btrain(?:ing)?(?: loss)?\s+(?:and|vs\.?|versus|against)\s+" \
           r"(?:the\s+)?validation loss|\bvalidation(?: loss)?\s+(?:and|vs\.?|versus|against)\s+(?:the\s+)?train(?:ing)? loss"
_NOT_THE_GPT = r"tokeni[sz]|vq-?vae|\bcodebook|fine-?tun|\btagger|\bclassifier|\bhead\b|\bcwola\b"


def overfitting_asked(text: str) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """(the words asking about overfitting, the model other than the GPT its sentence names: a tokenizer or a tagger)."""
    m = re.search(_OVERFIT, text)
    return m, re.search(_NOT_THE_GPT, text[slice(*_sentence(text, m.start(), m.end()))]) if m else None
_TOKENIZER_WORDS = r"tokeni[sz]|vq-?vae|\bcodebook|\bcodes?\b|\bquanti[sz]|\btokens?\b"
# a data quantity of two classes asked as a comparison ('is the median tau21 of W jets lower than
# that of QCD jets, and by how much?'): the answer states their difference with its error
_CLASS_COMPARISON = r"\bthan\b(?!\s*[-+]?[\d.])|\bvs\.?(?!\w)|\bversus\b|\bcompar\w*|\bdiffer\w*|\bby how much\b|\bgap\b|\brelative to\b"
# 'are the tau21 distributions of W and QCD jets different?': a two-sample test of the two classes' values
_DISTRIBUTIONS_TESTED = r"\bkolmogorov|\b(?:ks|k-s)[- ]test|\btwo[- ]sample test|\bdistributions?\b[^.;?]{0,40}\b(?:differ\w*|agree\w*|" \
                        r"(?:the )?same|identical|compatible|consistent)\b|\b(?:differ\w*|same|identical) (?:\w+ )?distributions?\b"
# 'a tau21 < 0.4 cut', 'a cut on the mass': a selection on an observable (its efficiency is a fraction of jets)
OBSERVABLE_CUT = r"\b(?:mass|m|p_?t|tau_?21|tau_?32|n|multiplicity)\s*(?:<=?|>=?|≤|≥)\s*\d|" \
                 r"\b(?:cut|selection|requirement|window) on (?:the )?(?:jet )?(?:mass|p_?t|tau_?21|tau_?32|multiplicity)\b|" \
                 r"\bmass[- ]window\b"
# 'how well does tau32 alone separate top from QCD jets?': an observable cut as a tagger, no training
SEPARATION_BY_AN_OBSERVABLE = r"\b(?:alone|on its own|by itself|cut[- ]based|a cut on|cutting on)\b|\bauc\b|\broc\b|" \
                              r"\bas an? (?:\w+ )?(?:discriminant|discriminator|tagger|classifier|separator)\b|" \
                              r"\b(?:separat\w*|discriminat\w*|distinguish\w*)\b|\btells?\b[^.;?]{0,40}\b(?:from|apart)\b"
# 'which observable separates top from QCD best?': each jet observable but the pT the jets are selected in
WHICH_OBSERVABLE = r"\bwhich (?:jet |single )?(?:observables?|variables?|quantit(?:y|ies)|features?|substructure)|" \
                   r"\b(?:best|most (?:powerful|discriminating|useful)|strongest) (?:single )?(?:jet )?(?:observables?|variables?|features?)\b|" \
                   r"\b(?:rank|order|sort)\w*\s+(?:the\s+|all\s+|our\s+)?(?:jet\s+)?(?:observables|variables|features)\b"  # 'rank the observables by
# 'is the top tagger better than a simple cut on tau32?': the trained tagger against the observable alone
TAGGER_VS_CUT = r"\btagg(?:er|ing)\b[^.;?]{0,40}\b(?:better|worse|beats?|outperform\w*|compar\w*|than|vs\.?|versus|against)\b" \
                r"[^.;?]{0,40}\b(?:cut|alone|on its own|by itself)\b"
# 'where should I cut on tau21?', 'what tau32 cut keeps 60% of top jets?', 'the best mass cut': where to cut (no value given)
WHERE_TO_CUT = r"\bwhere (?:to|should (?:i|we)|do (?:i|we)|would you|could (?:i|we)|can (?:i|we)) (?:put |place |set )?(?:the |a |my )?" \
               r"cut\b|\bwhat (?:\w+ ){0,2}cut\b(?!\s*(?:at|of|=|<|>)\s*[\d.])|\b(?:best|optimal|optimum|ideal) (?:\w+ )?cut\b|" \
               r"\bcut (?:value|position|threshold)s?\b"
# 'which is easier to tag against QCD, W or top?', 'is W tagging harder than top tagging?': two signal classes, each
# against QCD (one multi-class tagger scores both)
_TAG_VERB = r"(?:tag\w*|identif\w*|separat\w*|distinguish\w*|tell\w*|classif\w*|pick\w* out)"
SIGNALS_COMPARED = rf"\b(?:easier|harder|simpler|more difficult|better|worse|best)\b[^.;?]{{0,40}}\b{_TAG_VERB}|" \
                   rf"\b{_TAG_VERB}\b[^.;?]{{0,40}}\b(?:easier|harder|simpler|more difficult|better|worse|best)\b|" \
                   rf"\bcompar\w*\b[^.;?]{{0,40}}\b{_TAG_VERB}"


def signals_compared(text: str, classes: list[str]) -> re.Match[str] | None:
    """The words that compare two signal classes' tagging against QCD (QCD and two others named, no two
    strategies compared): then one multi-class tagger, with no single signal."""
    if "qcd" not in classes or len([c for c in classes if c != "qcd"]) != 2 or comparison(text):
        return None
    return re.search(SIGNALS_COMPARED, text)


OBSERVABLES_RANKED = ("mass", "n", "tau21", "tau32")
_PER_CLASS = ("mean", "std", "median", "quantile", "central_width", "fraction", "peak", "peak_width")
# the data quantities a dataset summary of the GPT's generated jets answers (their mean is generated_mean)
_ON_GENERATED = ("std", "median", "quantile", "central_width", "fraction", "correlation")


def read_quantities(text: str, tasks: list[str], classes: list[str]) -> tuple[list[Quantity], list[Span], list[str]]:
    """(quantities, spans of the numbers they consumed, tasks they imply) of a normalised request."""
    task_set = set(tasks)
    out: list[Quantity] = []
    spans: list[Span] = []
    # ('pretrain on QCD and see how anomalous top jets look by likelihood': a GPT of one jet class scoring another,
    # not the dijet search)
    lik = likelihood_quantities(text, classes) if "anomaly" not in task_set or (len(classes) == 2 and not re.search(
        r"cwola|dijet|\blhc ?o|\bmjj\b|signal region|side ?band|resonan|\bbump|\binject|\.h5\b", text)) else []
    if lik:
        return lik, spans, ["pretrain"]
    if task_set & {"finetune", "anomaly"} or (re.search(rf"{_REJ_WORDS}|(?:{_EFF_WORDS}|{_BKG_EFF_WORDS})\s*(?:at|of|=)|max ?sic\b", text)
                                              and not re.search(OBSERVABLE_CUT, text)):
        qs, spans = tagging_quantities(text, "anomaly" in task_set)
        out += qs
    if "finetune" in task_set and (m := re.search(TAGGER_VS_CUT, text)) and (named := jet_observables(text)):
        sides = list(classes) if len(classes) == 2 else [classes[0], "qcd"] if classes[:1] not in ([], ["qcd"]) else ["top", "qcd"]
        out += [_q("auc", m, text)] if not any(q.metric == "auc" for q in out) else []  # both as AUCs on their own jets
        out += [_q("observable_auc", m, text, observable=o, compare=sides) for o in named]
    if "tokenizer" in task_set or re.search(_TOKENIZER_WORDS, text):
        out += tokenizer_quantities(text)
    if "pretrain" in task_set or re.search(r"\bgenerated\b|\bgpt\b|\bsampled\b|\bbackbone\b", text):
        out += generation_quantities(text)
    if (over := overfitting_asked(text))[0] and not over[1]:
        out.append(_q("overfitting", over[0], text))  # 'is the GPT overfitting?': its two loss curves
    if "pretrain" in task_set and re.search(r"\b(generated|sampled)\b|\b(generate|sample)\s+(\d+\s+)?(\w+\s+)?jets\b", text):
        # 'how many of the generated jets have more than 80 constituents': a data quantity of the GPT's jets
        taken = {(q.metric, q.observable) for q in out}
        for q in data_quantities(text):
            if q.metric == "std" and ("generated_std", q.observable) not in taken and re.search(
                    r"\btoo (?:narrow|wide|broad)\b|\b(?:narrow|wid|broad)er\b|\bcompar\w*|\bthan\b|"
                    r"\b(?:real|true|original|pythia|reference)\b", text):
                # 'is the generated multiplicity too narrow?': its spread beside the real one's
                out.append(q.model_copy(update={"metric": "generated_std"}))
            elif q.metric in _ON_GENERATED and (q.metric, q.observable) not in taken:
                out.append(q.model_copy(update={"subject": "generated"}))
            elif q.metric == "mean" and ("generated_mean", q.observable) not in taken and not q.unsupported:
                # 'generate 500 jets, what's their mean mass?': the generated mean, beside the real one
                out.append(q.model_copy(update={"metric": "generated_mean"}))
    elif not task_set - {"generate"} and not any(_TASK_OF[q.metric] == "pretrain" for q in out):
        data = [q for q in data_quantities(text) if not any(a <= _pos(text, q) < b for a, b in spans)]
        pair = classes if len(classes) == 2 and re.search(_CLASS_COMPARISON, text) else []
        out += [q.model_copy(update={"compare": list(pair)}) if pair and q.metric in _PER_CLASS else q for q in data]
        if not data and (m := re.search(_JET_WIDTH, text)):  # 'are top jets wider than QCD jets?': their girth, computed by the coder
            out.append(_q("mean", m, text, unsupported="jet width (girth)", compare=list(classes) if len(classes) == 2 else []))
        if len(classes) == 2 and (m := re.search(_DISTRIBUTIONS_TESTED, text) or
                                  (not data and SIGNIFICANT_DIFFERENCE.search(text))):
            out += [_q("class_ks", m, text, observable=o, compare=list(classes)) for o in jet_observables(text)]
        # one class named: it against QCD, the background of every tagger here
        sides = list(classes) if len(classes) == 2 else [classes[0], "qcd"] if classes[:1] != ["qcd"] and len(classes) == 1 else []
        # 'what tau32 cut keeps 60% of top jets?', 'where should I cut on tau21 to pick out W jets?': the cut itself
        if sides and (m := re.search(WHERE_TO_CUT, text)) and (named := jet_observables(text)):
            points, used = operating_points(text)
            eff = next((v for k, v, _ in points if k == "efficiency"), None)
            spans += used
            out += [_q("cut_value", m, text, observable=o, efficiency=eff, compare=sorted(sides, key=lambda c: c == "qcd"))
                    for o in named]
        if sides and (m := re.search(SEPARATION_BY_AN_OBSERVABLE, text)):
            named = jet_observables(text) or (list(OBSERVABLES_RANKED) if re.search(WHICH_OBSERVABLE, text) else [])
            out += [_q("observable_auc", m, text, observable=o, compare=sides) for o in named]
    if "finetune" in task_set and (m := signals_compared(text, classes)):
        out.append(_q("auc", m, text, compare=[c for c in classes if c != "qcd"]))  # each signal's AUC against QCD
    if "finetune" in task_set or any(_TASK_OF[q.metric] == "finetune" for q in out):
        pair = comparison(text)
        metrics = [q for q in out if _TASK_OF[q.metric] == "finetune"]
        if pair and (metrics or set(pair) != {"finetune", "scratch"}):  # fine-tuned vs scratch: the default answer
            metrics = metrics or \
                [Quantity(metric="accuracy", evidence=_evidence_of(text, pair)),
                 Quantity(metric="auc", evidence=_evidence_of(text, pair))]
            out = [q for q in out if _TASK_OF[q.metric] != "finetune"] + \
                [q.model_copy(update={"compare": pair}) for q in metrics]
    seen: dict[tuple[object, ...], Quantity] = {}
    for q in out:
        seen.setdefault(q.key(), q)
    out = list(seen.values())
    implied = ["pretrain" if q.subject == "generated" else _TASK_OF[q.metric] for q in out]
    return out, spans, list(dict.fromkeys(implied))


# the jets' own width (girth), which no tool computes: 'are top jets wider?', 'the jet width' (not a distribution's width)
_JET_WIDTH = r"\bjets?\s+(?:are|is|get|look)?\s*(?:\w+\s+)?(?:wider|narrower|broader|fatter)\b|\b(?:wider|narrower|broader|fatter)\s+" \
             r"(?:\w+\s+)?jets?\b|\bjet'?s?\s+(?:width|broadening)\b|" \
             r"\b(?:width|broadening) of (?:the\s+)?(?:\w+\s+)?jets?\b(?! (?:mass|p_?t|tau\w*|multiplicit\w*|constituents?)\b)"


def _pos(text: str, q: Quantity) -> int:
    return text.find(q.evidence) if q.evidence else -1


def _evidence_of(text: str, pair: list[str]) -> str:
    pats = dict(_STRATEGY_WORDS)
    a, b = (re.search(pats[s], text) for s in pair)
    return text[min(a.start(), b.start()):max(a.end(), b.end())] if a and b else ""
