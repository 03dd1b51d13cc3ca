"""The comparisons a report makes ("A is better than B", "rose from X to Y", "the best of the
three") and the numbers on each side, in the sentence or in the lines just before it."""

from __future__ import annotations

import re
from collections.abc import Callable

from agents.referee.numbers import adopt, to_float
from agents.referee.types import BORROWED, Claim, Comparison, Value
from agents.referee.vocabulary import (
    BACKGROUND_PASSED_COMPARED,
    BOUNDED,
    CONTROL,
    CUTS_BACKGROUND,
    DOWN,
    FROM_TO,
    GOOD,
    HIGHER_BETTER,
    NEGATION,
    NUM,
    PAIRED,
    QUANTITY_RE,
    RELATION_RE,
    SIDE_GENERIC,
    STOP,
    SUPER_RELATION,
    SUPERLATIVE,
    UP,
    VERB_THEN_ARROW,
    WORKING_POINT_NAME,
    data_splits,
    index_joined_to_name,
    stem,
)

NEAR = 10  # lines around a comparison where its sides may stand (a JSON answer's "conclusion")


_SIDE_GENERIC_STEMS = frozenset(stem(w) for w in SIDE_GENERIC)


def side_words(s: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}|\b[A-Z]{2}\b|\b[A-Za-z]\d{1,3}\b", index_joined_to_name(s))}  # names, acronyms (PN), versions (v5)
    words |= {p for w in words if "-" in w for p in w.split("-") if len(p) > 2}  # "frozen-backbone": both parts too
    return {stem(w) for w in words - STOP - SIDE_GENERIC} - _SIDE_GENERIC_STEMS


def _from_to(text: str, values: list[Value]) -> Comparison | None:
    """"the loss decreased from 3.02 to 3.41": the second number against the first."""
    found = sorted([*FROM_TO.finditer(text), *VERB_THEN_ARROW.finditer(text)], key=lambda m: m.start())
    for k, m in enumerate(found):
        if k + 1 < len(found) and re.fullmatch(r"\s*%?[A-Za-z\s'-]{1,40}", text[m.end():found[k + 1].start()]):
            continue  # "falls as labels are added: from 1% to 10% labels the gain shrinks from 0.013 to 0.004": the first
            # range is the setting the change runs over; the change is the second
        a = next((i for i, v in enumerate(values) if v.start == m.start("a")), None)
        b = next((i for i, v in enumerate(values) if v.start == m.start("b")), None)
        verb = m["verb"].lower()
        rel = "higher" if verb in UP or verb.endswith("up") else "lower" if verb in DOWN or verb.endswith("down") \
            else "better" if verb in GOOD else "worse"  # ("went down from 0.58 to 0.41")
        if a is not None and b is not None and values[b].role in ("result", "control", "classifier_test"):
            if not values[a].quantity:
                adopt(values[a], values[b].quantity)
            elif not values[b].quantity:
                adopt(values[b], values[a].quantity)  # "improvement in AUC, from 0.9841 on main to 0.9846": both AUCs
            if re.search(r"\s(?:on|for|with)\s+`?[A-Za-z][\w.-]*`?\s+to\s+\S*$", text[:values[b].start]):
                values[b].label = ""  # (the branch named after the first end is that end's, not the second's)
            values[a].label = ""  # "pre-training raises the AUC from 0.8361 to 0.8392": 0.8361 is not pre-training's
            return Comparison(relation=rel, left=b, right=a, word=f"{m['verb']}... from {values[a].shown} to "  # type: ignore[arg-type]
                              f"{values[b].shown}", negated=bool(NEGATION.search(text[:m.start()])))
    return None


CHANGE_VERB = re.compile(r"raises|increases|boosts|lowers|reduces|decreases|improves|cuts\s*", re.I)
ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|our|their|its|this|that)\s+$", re.I)
# the noun an attributive comparative picks out ("a smaller 100k-jet set", "the larger model"): a thing, not a measure
THING_NOUN = re.compile(r"\s+(?:[\w.,-]+\s+){0,2}?(?:[\w.,]+-)?(?:set|sample|dataset|data|model|network|net|architecture|"
                        r"codebook|vocabulary|file|version|batch|backbone|transformer|detector|subset|split)s?\b", re.I)
LEAD = re.compile(r"\s*(?:relative to|compared (?:to|with)|versus|vs\.?|against|in comparison (?:to|with)|with respect to|"
                  r"unlike)\b", re.I)


# the subject of a comparative after two numbers is their difference ("...: the difference is less than one error bar")
DIFFERENCE_SUBJECT_GAP = re.compile(r"\b(?:the|their|this|that|a|its)\s+(?:\w+\s+){0,2}?(?:difference|gap|shift|discrepancy|"
                                    r"separation|deviation|offset)s?\b(?:\s+(?:between|of)\s+(?:the\s+)?\w+(?:\s+\w+)?)?"
                                    r"\s+(?:is|are|was|were|remains?|stays?|lies?)\s+(?:\w+\s+){0,2}?$", re.I)

# "the gap of 1.2 is more than three times its uncertainty", "the difference, 0.05, is smaller than": the number before the
# comparative is the difference itself, named just before it; what is compared is that difference
DIFFERENCE_NAMED_BEFORE_NUMBER = re.compile(r"\b(?:difference|gap|shift|discrepancy|separation|deviation|offset)s?\s*(?:of|,|=|:)?\s*"
                                            r"(?:about\s+|roughly\s+|~\s*|≈\s*)?$", re.I)
DIFFERENCE_NUMBER_THEN_VERB = re.compile(r"\S+\s*[,)]?\s*(?:\([^()]*\)\s*)?(?:is|are|was|were|remains?|stays?|lies?)\s+(?:\w+\s+){0,2}?$", re.I)


# a change itself, as the noun of a comparative: "gain", "improvement", "difference", ...
GAIN_NOUN = r"(?:gains?|improvements?|differences?|gaps?|margins?|advantages?|benefits?)"
# "the gain is smaller", "the improvement here is larger": a comparative said of a change itself (against another change)
GAIN_IS_BEFORE = re.compile(rf"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){{0,1}}?{GAIN_NOUN}\s+(?:(?:here|there|now|then)\s+)?"
                            r"(?:is|are|was|were|gets?|becomes?|remains?|stays?)\s+"
                            r"(?:(?:much|far|a\s+lot|somewhat|slightly|a\s+bit|even|still)\s+)?$", re.I)


# "the larger gain", "a bigger relative improvement": a comparative said of a change, the noun right after it
CHANGE_NOUN_AFTER = re.compile(r"\s+(?:relative\s+|absolute\s+)?(?:gain|improvement|increase|jump|drop|reduction|decrease|rise|change)s?\b",
                               re.I)
FROM_END_TO_END = re.compile(r"\s*%?\s*(?:(?:±|\+/-|\+-)\s*[\d.]+\s*%?\s*)?(?:to|->|→)\s*", re.I)  # "160 +- 9 to "


def _gain_compared_then_its_ends(text: str, values: list[Value], after: list[int], k: re.Match[str]) -> bool:
    """'At 1 % labels the gain is smaller but significant (0.9711 vs 0.9703)': a comparative whose subject is a gain (or a
    difference), followed by a bracketed pair 'a vs b' of the two results the gain is between: those are the gain's two
    ends, not the two sides of the comparative (which sets this gain against another)."""
    if len(after) < 2:
        return False
    a, b = values[after[0]], values[after[1]]
    if CHANGE_NOUN_AFTER.match(text, k.end()) and FROM_END_TO_END.fullmatch(text, a.start + len(a.shown), b.start) \
            and re.fullmatch(r"[^()\d.;]{0,40}\([^()\n;]{0,30}?\bfrom\s+", text[k.end():a.start], re.I):
        return True  # "shows the larger gain (R50 from 160 to 231)": the comparative is of the gain, the bracket's
        # 'from a to b' its own two ends
    if GAIN_IS_BEFORE.search(text, max(0, k.start() - 80), k.start()):
        lead = re.fullmatch(r"[^()\d.;]{0,40}\(\s*", text[k.end():a.start])
    elif ATTRIBUTIVE.search(text, max(0, k.start() - 12), k.start()) and GAIN_NOUN_AFTER.match(text, k.end()):
        # "Ortega et al. see a smaller gain from pre-training (AUC 0.912 versus 0.907)": the gain set against another
        lead = re.fullmatch(r"[^()\d.;]{0,80}\(\s*(?:[A-Za-z][\w-]{0,12}\s*[:=]?\s*)?", text[k.end():a.start])
    else:
        return False
    return bool(lead and LIST_AGAINST.fullmatch(text, a.start + len(a.shown), b.start)
                and re.match(r"\s*\)", text[b.start + len(b.shown):]))


# "a smaller gain", "a larger improvement": the comparative is of a change (against another change), not of its ends
GAIN_NOUN_AFTER = re.compile(rf"\s+(?:[\w-]+\s+)?{GAIN_NOUN}\b", re.I)


# "the difference from 0.5 is", "its distance to 1.0 stays": a number that is the reference a difference is taken from
DIFFERENCE_TAKEN_FROM_NUMBER = re.compile(r"\b(?:difference|gap|shift|discrepancy|deviation|offset|distance)s?\s+"
                                          r"(?:from|to|with|against)\s+(?:the\s+|an?\s+)?$", re.I)
VERB_AFTER_REFERENCE_NUMBER = re.compile(r"\S+\s+(?:is|are|was|were|remains?|stays?|lies?)\s+(?:\w+\s+){0,2}?$", re.I)


def _difference_from_the_number_before(text: str, start: int, gap: str) -> bool:
    """Is the number at `start` the reference of a difference that is the comparative's subject ("the difference
    from 0.5 is smaller than the error")?"""
    return bool(DIFFERENCE_TAKEN_FROM_NUMBER.search(text[max(0, start - 40):start]) and VERB_AFTER_REFERENCE_NUMBER.fullmatch(gap))


# a short phrase in quotation marks with no number in it, right after a negation ('is not "worse than random"')
QUOTED_WORDS_SPAN = re.compile(r"(?<![\w\\])[\"“](?P<q>[^\"“”\d\n]{1,60})[\"”]|(?<![\w'])'(?P<s>[^'\d\n]{1,60})'(?![\w'])")
NEGATED_BEFORE_QUOTE = re.compile(r"\b(?:not|never|neither|nor|no longer|isn't|aren't|wasn't|weren't)\s*(?:really\s+|simply\s+|just\s+)?"
                                  r"(?:(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:or|nor)\s+)?$", re.I)
# ('is not a broken or "better than perfect" classifier': the negation covers each thing of its 'or')
# "does not mean that ... is", "doesn't imply it is": what follows is an inference the text refuses, not one it denies
DENIED_INFERENCE_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:necessarily\s+)?(?:mean|imply|implies|prove|indicate)s?\b"
                                     r"(?:\s+that)?(?:(?!\b(?:but|while|whereas|however|yet)\b)[^.;:!?—–\d]){0,60}$", re.I)
# (not past a 'but': "it does not prove anything, but ParT is better than PN (0.93 vs 0.91)" compares)
# "(higher = more codes used)", "(lower is better)": the sense of a metric, written before its verdict word
SENSE_OF_METRIC_BEFORE_VERDICT = re.compile(r"\b(?:higher|lower|larger|smaller|bigger|more|less)\s*(?:is|=|means)\s*$", re.I)


def _inside_quoted_phrase(text: str, start: int, end: int) -> bool:
    """The comparative at [start, end) stands in a short quoted phrase with no number that the text negates ('an AUC of
    0.31 is not "worse than random", it is a sign flip'): a phrase mentioned to be rejected, not a comparison it makes."""
    return any(m.start() < start and end < m.end() and NEGATED_BEFORE_QUOTE.search(text, max(0, m.start() - 30), m.start())
               for m in QUOTED_WORDS_SPAN.finditer(text[:20_000]))


# "<verb>s the 2.4-GeV shift ... to 0.9 GeV": the words between the thing changed and the value it is changed to
OPPOSITE_RELATION_OF_CHANGE = {"higher": "lower", "lower": "higher", "better": "worse", "worse": "better"}
CHANGED_THING_TO_VALUE = re.compile(r"[^.;\d]{0,60}?\bto\s+(?:about |~|≈|only |just )?$", re.I)


# "than 6% (measured: 4.7%)", "than 600 (achieved 1,214)": after a bar, the value the subject itself reached
OWN_VALUE_BESIDE_BAR = re.compile(r"\s*%?\s*[(,;]\s*(?:as\s+|now\s+|currently\s+)?(?:measured|achieved|actual|observed|obtained|"
                                  r"delivered|found|we (?:measure|measured|find|found|get|got))\s*(?:value\s*)?(?:[:=]|at|of)?\s*", re.I)


def _describes_subject_in_brackets(text: str, k: re.Match[str]) -> bool:
    """'Trial 14 (6 layers, larger lr) beats trial 9 on FPD': a comparative inside a bracket that opens before it, closes
    after it with no number between, and is followed by another relation word: it says what the subject is, and the
    word after the bracket says how it compares."""
    opened = text.rfind("(", max(0, k.start() - 60), k.start())
    if opened < 0 or ")" in text[opened:k.start()]:
        return False
    closed = text.find(")", k.end(), k.end() + 40)
    if closed < 0 or "(" in text[k.end():closed] or re.search(r"\d", text[k.end():closed]):
        return False
    return any(r.lastgroup in ("better", "worse") for r in RELATION_RE.finditer(text, closed, closed + 80))


# "It is certainly not a better ...": an adverb of emphasis is no word of the side's name
ADVERB = re.compile(r"\s+(?:certainly|clearly|surely|definitely|obviously|really|also|still|indeed)\b", re.I)


# "than I expected", "than we had hoped", "than what they predicted": the other side is a hope or a guess, not a number
AGAINST_AN_EXPECTATION = re.compile(r"(?:\s+(?:[\w-]+\s+){0,2}?than)?\s+(?:what\s+)?(?:I|we|you|they|he|she|people|everyone|one)\s+(?:had\s+|would\s+have\s+|"
                                    r"might\s+have\s+)?(?:expected|hoped|thought|guessed|feared|anticipated|predicted|imagined|"
                                    r"assumed)\b(?!\s+(?:for|from|of|at|with|in)\s+\S*\d)", re.I)


# "beating ParT (345)", "ahead of the GNN baseline (0.912)": the other side named, its number alone in the bracket after it
RIVAL_THEN_BRACKET = re.compile(r"\s+(?:the\s+|its\s+|our\s+)?(?P<name>[A-Za-z][\w.+-]*(?:[ \t]+[A-Za-z][\w.+-]*){0,2})[ \t]*\([ \t]*(?=\d)")


# "ParticleNet (1615) and LorentzNet (2195)", "A (0.91), B (0.92) and C (0.93)": one more rival after a bracket's end
RIVAL_LIST_JOIN = re.compile(r"[ \t]*\)[ \t]*(?:,[ \t]*(?:and|as well as)|,|and|as well as)(?=\s)", re.I)
# after the rivals, the sentence ends or a new clause begins ("..., while using 40% fewer parameters")
CLAUSE_AFTER_RIVALS = re.compile(r"[^.;,]*[,;]")


def _rivals_in_brackets(text: str, at: int, values: list[Value], q: str) -> tuple[list[tuple[int, str]], int] | None:
    """Every rival a comparative sets its subject against, each named with its own number alone in a bracket after the
    name (see _rival_in_brackets; or a number already read as the subject's quantity `q`): their indices and names, and
    where the list ends."""
    found: list[tuple[int, str]] = []
    end = at
    while (i := _rival_in_brackets(text, at, values, q)) is not None:
        found.append((i, RIVAL_THEN_BRACKET.match(text, at)["name"]))  # type: ignore[index]
        end = text.index(")", values[i].start + len(values[i].shown)) + 1
        if (join := RIVAL_LIST_JOIN.match(text, end - 1)) is None:
            break
        at = join.end()
    return (found, end) if found else None


def _rival_in_brackets(text: str, at: int, values: list[Value], q: str = "") -> int | None:
    """The index of a number with no quantity (a bare count read as a setting) that stands alone in a bracket right after
    the name a comparative sets against: that side's value of the quantity the subject states."""
    m = RIVAL_THEN_BRACKET.match(text, at)
    if m is None:
        return None
    i = next((i for i, v in enumerate(values) if v.start == m.end()), None)
    if i is None or values[i].unit or not (not values[i].quantity and values[i].role == "setting"
                                          or q and values[i].quantity == q and values[i].role == "result"):
        return None
    return i if re.match(r"[ \t]*\)", text[m.end() + len(values[i].shown):]) else None


# "not significantly", "not statistically significantly", "not meaningfully": a negation of the size of a difference
NOT_BY_MUCH_BEFORE = re.compile(r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:statistically\s+)?(?:significantly|meaningfully|noticeably|"
                                r"appreciably|substantially|materially)\s+$", re.I)


# "less than one standard deviation (0.004) from 0.5", "more than 3 sigma away from": a distance counted in errors
DISTANCE_IN_ERRORS_AFTER = re.compile(r"\s+(?:than\s+)?(?:about\s+|roughly\s+|~\s*)?(?:one|two|three|four|five|half\s+an?|an?|\d+(?:\.\d+)?)\s*"
                                      r"(?:standard\s+deviations?|std\.?\s*devs?|sigmas?|σ|error\s+bars?|errors?)\b"
                                      r"(?:\s*\([^()]{0,30}\))?\s+(?:away\s+)?(?:from|of)\b", re.I)


def comparison_in(text: str, values: list[Value]) -> Comparison | None:
    if ft := _from_to(text, values):
        return ft
    res = [i for i, v in enumerate(values) if v.role in ("result", "control", "classifier_test")]
    for k in RELATION_RE.finditer(text):
        rel = k.lastgroup or "similar"
        if rel in ("higher", "lower") and (ATTRIBUTIVE.search(text, max(0, k.start() - 12), k.start())
                                           or not text[:k.start()].strip(" -*•\t") and THING_NOUN.match(text, k.end())) \
                and (noun := re.match(r"\s+([A-Za-z][\w-]*|\d[\w.,]*-[A-Za-z][\w-]*)", text[k.end():k.end() + 40])) \
                and noun[1].lower() not in ("than", "by") and not QUANTITY_RE.match(noun[1]) \
                and (any(r.lastgroup in ("better", "worse") for r in RELATION_RE.finditer(text, k.end()))
                     or not re.search(r"\bthan\b", text[k.end():]) and THING_NOUN.match(text, k.end())):
            continue  # "the smaller transformer ... beats the larger one", "on a smaller 100k-jet set": which model or
            # which data is meant, not what is compared (also opening a note's sentence: "bigger codebook helps: ...")
        if rel in ("higher", "lower") and _describes_subject_in_brackets(text, k):
            continue  # "Trial 14 (6 layers, larger lr) beats trial 9": what the subject is, the verdict comes after
        if rel in ("higher", "lower") and re.match(r"\s+(?:is|=|means)\s+(?:better|worse)\b", text[k.end():k.end() + 20]):
            continue  # "ECE 0.0097 (lower is better)": the sense of the metric, no comparison
        if rel in ("higher", "lower") and re.match(r"\s+(?:values?|scores?|outputs?)\s*(?:=|means|->|→)\s*[\w-]", text[k.end():k.end() + 30], re.I):
            continue  # "(larger value = quark-like score)": which way a score points, a convention, no comparison
        if rel in ("better", "worse") and SENSE_OF_METRIC_BEFORE_VERDICT.search(text, max(0, k.start() - 24), k.start()):
            continue  # "recon. MSE 0.044 0.039 (lower = better)": the verdict word of the metric's sense, no comparison
        if DENIED_INFERENCE_BEFORE.search(text, max(0, k.start() - 90), k.start()):
            continue  # "an AUC of 0.31 does not mean the network is worse than random": an inference refused, which
            # says nothing of which side is better
        if _inside_quoted_phrase(text, k.start(), k.end()):
            continue  # 'it is not "worse than random", it is a sign flip': words quoted to be discussed, not a claim
        if rel in ("higher", "lower") and AGAINST_AN_EXPECTATION.match(text, k.end()):
            continue  # "an 8% gain, which is less than I expected": set against what the writer expected, no number of
            # the report's on the other side
        if rel in ("better", "worse", "higher", "lower") and re.search(r"\)\s+(?:both|each|all)\s+(?:\w+\s+)?$", text[max(0, k.start() - 30):k.start()]) \
                and not any(values[i].start > k.end() for i in res):
            continue  # "A (R30 2195) and B (R30 2289) both improve on the baselines": the sides named before the verb are
            # together on one side, set against what comes after it (no number of its own); not against each other
        negated = bool(NEGATION.search(text[:k.start()]))
        if negated and NOT_BY_MUCH_BEFORE.search(text, max(0, k.start() - 60), k.start()):
            continue  # "does not significantly beat training from scratch (0.951 vs 0.947)": what is denied is the size of
            # the gain, not which side is ahead; no direction is claimed
        if negated and rel in ("higher", "lower") and re.fullmatch(r"\s*(?:that|this|it)\W*", text[k.end():k.end() + 12]):
            continue  # 'say "significant at ~2 sigma", NOT more than that': a limit on a wording the sentence just gave, no
            # numbers set against each other
        before = [i for i in res if values[i].start < k.start()]
        after = [i for i in res if values[i].start >= k.end()]
        if len(before) == 1 and values[before[0]].quantity \
                and (rivals := _rivals_in_brackets(text, k.end(), values, values[before[0]].quantity)) \
                and all(i in {j for j, _ in rivals[0]} or CLAUSE_AFTER_RIVALS.match(text, rivals[1]) and values[i].start > rivals[1]
                        for i in after):
            for i, name in rivals[0]:
                values[i].role, values[i].quantity = "result", values[before[0]].quantity
                values[i].label = values[i].label or name
            after = [_extreme([i for i, _ in rivals[0]], values, values[before[0]].quantity, rel, strongest=True)]
            # "a rejection of 280, beating ParT (345)": the rival's own number, bracketed after its name; "outperforms both
            # ParticleNet (1615) and LorentzNet (2195)": it must hold against each, so against the one that says most
        if any(v.role == "difference" and max([values[i].start for i in before] or [-1]) < v.start < k.start()
               and k.start() - v.start < 30 for v in values):
            continue  # "(AUC 0.652, 17σ above the control)", "0.02 better than": the comparative states a change
        if not before and after and any(v.role not in ("result", "control", "classifier_test") and v.start < values[after[0]].start
                                        and re.fullmatch(r"\s*than\s+(?:about\s+|roughly\s+|around\s+|~\s*)?",
                                                         text[k.end():v.start]) for v in values):
            continue  # "needs fewer than 5x the events: model A at 50k (0.91) beats model B at 10k (0.90)": the comparative
            # is against its own factor or count after 'than', a bound, not a comparison of the results that follow
        gap = text[values[before[-1]].start:k.start()] if before else ""
        if before and DIFFERENCE_SUBJECT_GAP.search(gap):
            continue  # "AUC 0.83 ± 0.015 and 0.81 ± 0.015: the difference is less than one error bar": what is compared
            # is their difference, not the numbers before it
        if rel in ("higher", "lower") and DISTANCE_IN_ERRORS_AFTER.match(text, k.end()):
            continue  # "0.503 is less than one standard deviation (0.004) from 0.5": what is compared is the distance
            # from 0.5, counted in errors, not 0.503 against 0.5
        if rel in ("higher", "lower") and _gain_compared_then_its_ends(text, values, after, k):
            continue  # "the gain is smaller but significant (0.9711 vs 0.9703)": the gain is set against another gain; the
            # bracket's pair are its two ends, not the sides of the comparative
        if before and DIFFERENCE_NAMED_BEFORE_NUMBER.search(text, max(0, values[before[-1]].start - 40), values[before[-1]].start) \
                and DIFFERENCE_NUMBER_THEN_VERB.fullmatch(gap):
            continue  # "1.1 against 2.3, where the gap of 1.2 is more than three times its error": the gap is compared
        if before and _difference_from_the_number_before(text, values[before[-1]].start, gap):
            continue  # "measured 0.508 ± 0.009: the difference from 0.5 is smaller than the error": the comparative's
            # subject is the difference from the reference number, not that number
        if gap.count("(") > gap.count(")"):  # "bias +9.7%, ... (above 5%, below the 15% ...)": a parenthesis's own
            before = [i for i in before if values[i].start > k.start() - len(gap) + gap.rfind("(")]
        c = Comparison(relation=rel, negated=negated, word=k.group(0),  # type: ignore[arg-type]
                       subject=text[:k.start()], object=text[k.end():])
        if not before and re.match(r"\s*(?:This|It|That|These|Both|Its)\b(?:\s+\w+){0,3}\s*$", ADVERB.sub(" ", text[:k.start()])) \
                and not (len(after) >= 3 and list_against(text, values, after, rel)) \
                and not _pronoun_side_with_own_pair(text, values, after):  # "Both ... (0.836 / 0.842 vs 0.771)"
            return c  # "This is worse than K = 1024 (5.0%, 7.3%)": this side is the sentence before (resolve_comparisons)
        ref = _reference(text[k.end():], values, k.end())
        lead = LEAD.match(text)
        lead_end = text.find(",", lead.end()) if lead else -1
        named = QUANTITY_RE.match(text, k.end() + len(text[k.end():]) - len(text[k.end():].lstrip()))
        if len(after) >= 2 and named and values[after[0]].quantity == values[after[1]].quantity == named.lastgroup \
                and before and values[before[-1]].quantity != named.lastgroup:
            before = []  # "is 26% faster and has the lower mistag rate (0.0121 vs 0.0094)": the pair after names the quantity
        elif len(after) >= 2 and before and _pair_after_of_quantity_named(text, k.end(), values, after[0], after[1]) \
                and values[before[-1]].quantity != values[after[0]].quantity:
            before = []  # "AUC 0.962 vs 0.944, and a lower QCD mistag rate than the old one: 2.1 % against 1.7 %"
        if before and _bracketed_pair_after(text, values, before, after, k):
            before = []  # "moves the peak towards 80.4 and gives a narrower peak (sigma 8.42 vs 8.91 GeV)": the bracket's
            # pair after the comparative are its sides, not a number of another quantity before it
        if len(before) >= 2 and not after and _listed_against_named_thing(text, values, before, k):
            continue  # "W1M 0.52 and FPD 1.9: above truth-vs-truth": each listed number against a thing named without a
            # number here, not the two against each other
        if before and after and lead and 0 <= values[before[-1]].start < lead_end:
            c.left, c.right = after[0], before[-1]  # "Relative to scratch (0.934), fine-tuning is better at 0.951"
        elif before and after and CHANGE_VERB.fullmatch(k.group(0)) and (re.match(r"[^.;\d]{0,50}?\bto\s+(?:about |~)?$",
                                                                                      text[k.end():values[after[0]].start])):
            c.left, c.right = after[0], before[-1]  # "injected at S/B = 0.5% ...: the selection raises S/B to 6.1%": the
            # number after 'to' is where the change ends, the one before where it began
        elif before and after and _object_then_another_clause(text, k, values[after[0]].start):
            continue  # "SR 17 (p = 0.012) also sits above the background, ..., while the excess disappears by SR 21
            # (p = 0.33)": set against the thing it names, with no number; the number after 'while' is another clause's
        elif before and after:
            c.left, c.right = before[-1], after[0]
        elif len(after) >= 3 and (grouped := list_against(text, values, after, rel)):
            c.left, c.right = grouped  # "both beat the VAE (0.836 / 0.842 vs 0.771)": the list against the one after 'vs'
        elif len(after) >= 2 and not before and named and (pair := _pair_of_named_quantity_after(text, values, after, named.lastgroup)):
            c.left, c.right = pair  # "A has the better rejection, since its mistag rate 0.021 is the larger (47.6 vs 55.6)": the
            # pair of the quantity the comparative names, not the reason's number of another quantity before it
        elif len(after) >= 2:
            a, b = values[after[0]], values[after[1]]
            if _next_clause_compares(text, k, a.start):
                continue  # "a sharper resolution than the default, and its accuracy is higher (0.941 vs 0.938)": the pair
                # is the next clause's, with a comparison of its own
            between = re.sub(rf"^\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?)?", "", text[a.start + len(a.shown):b.start])
            if a.shown == b.shown or re.search(r"\b(?:would|will|could|should|might)\b", between) and not PAIRED.fullmatch(between):
                continue  # "reduces it to Z = 2.9σ, so ... the 2.9σ level", "(5% would be 1.0 ± 1.0)": not a pair
            if _worked_difference(text, a, b):
                continue  # "(best gap 0.9768 - 0.9741 = 0.0027)": a subtraction worked out, larger first, whichever side is whose
            c.left, c.right = after[0], after[1]
            if OWN_VALUE_BESIDE_BAR.fullmatch(text, a.start + len(a.shown), b.start):
                c.left, c.right = after[1], after[0]  # "is no worse than 6% (measured: 4.7%)": the bar after 'than', then
                # what the subject measured: the measured one is the side the sentence speaks of
            if CHANGE_VERB.fullmatch(k.group(0)) and CHANGED_THING_TO_VALUE.fullmatch(text, a.start + len(a.shown), b.start):
                c.relation = OPPOSITE_RELATION_OF_CHANGE.get(c.relation, c.relation)  # type: ignore[assignment]
                # "reduces the 2.4-GeV shift we corrected by hand to 0.9 GeV": the number after 'to' is where the change
                # ends, the one it acts on where it began: that one is the higher, the sides kept in reading order
        elif len(before) >= 2 and len({values[i].quantity for i in before}) > 1:
            q = values[before[-1]].quantity  # "(S/B = 1%): AUC 0.61, above ...": the last number's quantity
            same = [i for i in before if values[i].quantity in (q, "")]
            if len(same) >= 2:
                c.left, c.right = same[-2], same[-1]
            elif ref is not None:
                c.left, c.reference = before[-1], ref
        elif len(before) >= 2 and not after and (bar := _bar_named_after(text, k, values, values[before[-1]])) is not None:
            c.left, c.reference = before[-1], values[bar].value  # "3.6σ local ... it is a 1.9σ fluctuation, well below
            # the 3σ evidence threshold": the last number against the bar named after the word, not the two before
        elif len(before) >= 2 and (moved := _verdict_on_a_change(text, values, before, k)) is not None:
            c.left, c.right = moved  # "the rejection goes from 412 to 367, so the PR also wins": the change's end is judged
        elif len(before) >= 2:
            last = max(values[i].start for i in before)
            gap = re.sub(r"^[\d.,]*\s*%?\s*(?:for|of|by)\s+[^,;:]*", "", text[last:k.start()])  # "..., compared with 2.6% for
            # the old tagger: a clear reduction": the owner of the last number, named after it, is not the subject
            subj = side_words(re.sub(r"[^,;]*[,;]", "", gap, count=0) or gap)
            hit = [i for i in before if subj & side_words(values[i].label)] or _side_named_by_a_letter(text, values, before, gap)
            c.left = hit[0] if len(hit) == 1 else before[0]
            c.right = next(i for i in before if i != c.left)
        elif (before or after) and ref is not None:
            if not before and not CHANCE.match(text[k.end():]):
                continue  # "the fraction of jets with tau32 below 0.6: 0.768": a cut, not a comparison of 0.768
            if before and not CHANCE.match(text[k.end():]) and "(" in text[values[before[-1]].start:k.start()]:
                continue  # "bias +9.7%, resolution 21.4% (above 5%, below the 15% that ...)": the criteria, not a claim
            if before and not CHANCE.match(text[k.end():]) and re.search(
                    r"\b(?:in|for|of|at|on|with|per)\s+(?:\w+\s+){0,3}$", text[values[before[-1]].start:k.start()]):
                continue  # "within 3% in every bin above 10 constituents": the bins, not the 3%, are above 10
            c.left, c.reference = (before or after)[0], ref
        elif rel == "similar" and not before and not after and ref is None:
            continue  # "matches the expectation": nothing to compare
        _arrow_order(c, text, values)
        if _sides_hold(c, text, k, values):
            return c
    return None


def _side_named_by_a_letter(text: str, values: list[Value], before: list[int], gap: str) -> list[int]:
    """'flow A (MAF) W1 = 1.9e-3 / flow B (RQS) W1 = 0.84e-3 -> B lower': sides named by one capital letter each (too
    short for `side_words`), the verdict's subject the letter just before its word: the number whose words before it (back
    to the number before) name that letter, where only one does."""
    m = re.search(r"(?<![\w.'’-])([A-Z])\s*$", gap)
    if not m:
        return []
    hits, end, prev = [], 0, None
    for i in before:
        span = text[end:values[i].start]
        if (at := re.search(rf"(?<![\w.'’-]){m[1]}(?![\w'’-])", span)):
            owner_after = re.match(r"\s*%?\s*\)?\s*(?:for|of|by|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", span[:at.start()])
            hits.append(prev if owner_after and prev is not None else i)  # "0.164% for model X vs ...": X is the number's before
        end, prev = values[i].start + len(values[i].shown), i
    return hits if len(set(hits)) == 1 and len(hits) == 1 else []


def _object_then_another_clause(text: str, k: re.Match[str], after: int) -> bool:
    """The comparative's object is a thing named in words ("above the background"), and its clause ends (", while",
    ", but", "; ") before the first number after it: that number stands in another clause, on no side of this one."""
    between = text[k.end():after]
    end = SUPERLATIVE_CLAUSE_ENDS.search(between)
    return end is not None and re.search(r"[A-Za-z]{3,}", between[:end.start()]) is not None


# "goes from 412 to 367, so the PR wins", "moved from 0.91 to 0.93, hence the new one is better": a change stated from its
# start to its end, then a verdict drawn from it
CHANGE_THEN_VERDICT = re.compile(r"[^.;\d]{0,40}?\b(?:so|hence|thus|therefore|which means|meaning)\b[^.;\d]{0,40}$", re.I)


def _verdict_on_a_change(text: str, values: list[Value], before: list[int], k: re.Match[str]) -> tuple[int, int] | None:
    """'At ε_S = 0.5 the rejection goes from 412 to 367, so the PR also wins': the last two numbers before the verdict
    are a change's two ends ('from a to b'), and the verdict is drawn from the change ('so', 'hence'): what it judges is
    the end the change arrives at (the new version) against the one it left (the old), whichever the sentence names first."""
    a, b = values[before[-2]], values[before[-1]]
    if not (a.quantity and a.quantity == b.quantity and re.search(r"\bfrom\s+(?:about\s+|~\s*)?$", text[:a.start], re.I)
            and FROM_END_TO_END.fullmatch(text, a.start + len(a.shown), b.start)
            and CHANGE_THEN_VERDICT.fullmatch(text, b.start + len(b.shown), k.start())):
        return None
    return before[-1], before[-2]


def _pair_of_named_quantity_after(text: str, values: list[Value], after: list[int], q: str | None) -> tuple[int, int] | None:
    """The comparative names its quantity ("the better rejection") but the first number after it is of another one (a
    reason given on the way: "since its mistag rate 0.021 ..."): the first "a vs b" pair after it of that quantity, or of
    none (then read as of it), is what is compared, the subject's number first."""
    if not q or values[after[0]].quantity in (q, ""):
        return None
    for i, j in zip(after, after[1:], strict=False):
        a, b = values[i], values[j]
        if a.quantity in (q, "") and b.quantity in (q, "") and LIST_AGAINST.fullmatch(text, a.start + len(a.shown), b.start):
            a.quantity = b.quantity = q
            return i, j
    return None


BRACKET_OPENS_PAIR = re.compile(r"[^()\d.;]{0,40}\(\s*(?:[A-Za-z][\w/-]{0,20}\s*[=:]?\s*)?$")  # "narrower W peak (sigma "


def _bracketed_pair_after(text: str, values: list[Value], before: list[int], after: list[int], k: re.Match[str]) -> bool:
    """The comparative is followed by a bracket that opens on a pair "A vs B" of one quantity, and the number before
    the comparative is of another quantity (or of none): the bracket's pair is what is compared."""
    if len(after) < 2:
        return False
    a, b, prev = values[after[0]], values[after[1]], values[before[-1]]
    return bool(a.quantity and a.quantity == b.quantity and prev.quantity != a.quantity
                and BRACKET_OPENS_PAIR.fullmatch(text, k.end(), a.start)
                and LIST_AGAINST.fullmatch(text, a.start + len(a.shown), b.start))


NUMBERLESS_OBJECT = re.compile(r"\s+(?!(?:than|the other|each other|one another|its|it|them|that|this|before|after|"
                               r"respectively|both)\b)(?:the\s+)?[A-Za-z][\w-]*", re.I)


def _listed_against_named_thing(text: str, values: list[Value], before: list[int], k: re.Match[str]) -> bool:
    """"W1M 0.52 +- 0.07 and FPD 1.9 +- 0.4 (x1e-3): above truth-vs-truth": two numbers listed with 'and' (or a comma),
    nothing but their errors and brackets between the last one and the comparative, and a thing named after it with no
    number: each number is set against that thing, not against the other."""
    a, b = values[before[-2]], values[before[-1]]
    listed = re.fullmatch(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:\([^()\d]{{0,20}}[^()]{{0,20}}\)\s*)?"
                          r"(?:,|and|&)\s*(?:(?:[A-Za-z][\w-]{0,20}[ \t]+){0,3}[A-Za-z][\w-]{0,20}\s*[=:]?\s*)?", text[a.start + len(a.shown):b.start], re.I)
    tail = re.fullmatch(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:\([^()]{{0,20}}\)\s*)?[:,;-]?\s*(?:(?:is|are|both|each|all)\s+)*",
                        text[b.start + len(b.shown):k.start()], re.I)
    return bool(listed and tail and NUMBERLESS_OBJECT.match(text, k.end())
                and not re.search(NUM, re.split(r"[.;]\s", text[k.end():k.end() + 200])[0]))


def _pronoun_side_with_own_pair(text: str, values: list[Value], after: list[int]) -> bool:
    """"It also reaches the lower loss (0.271 vs 0.262 for the MLP)": a sentence led by a pronoun that states its own
    pair, set against each other by 'vs', compares those two; the sentence before is not needed for its sides."""
    if len(after) < 2:
        return False
    a, b = values[after[0]], values[after[1]]
    return a.quantity == b.quantity and bool(LIST_AGAINST.fullmatch(text[a.start + len(a.shown):b.start])) \
        and "(" in text[:a.start][-30:]

def _worked_difference(text: str, a: Value, b: Value) -> bool:
    """'X - Y = Z': two numbers subtracted and the result given; the order is the arithmetic's, not the sentence's sides."""
    return bool(re.fullmatch(r"\s*[-−–]\s*", text[a.start + len(a.shown):b.start])
                and re.match(r"\s*%?\s*=", text[b.start + len(b.shown):b.start + len(b.shown) + 8]))


LIST_JOIN = re.compile(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:/|,|and|or)\s*", re.I)
LIST_AGAINST = re.compile(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:vs\.?|versus|against)\s*", re.I)


def list_against(text: str, values: list[Value], after: list[int], rel: str) -> tuple[int, int] | None:
    """"(0.836 / 0.842 vs 0.771)": the numbers joined by '/', ',' or 'and' before a 'vs' are one side, each of them
    against the number after it; the side's member is the one that says least for the comparison (the lowest of
    those said to be higher), since the statement must hold for each."""
    group = [after[0]]
    for j in after[1:]:
        prev = values[group[-1]]
        gap = text[prev.start + len(prev.shown):values[j].start]
        if LIST_JOIN.fullmatch(gap):
            group.append(j)
            continue
        if len(group) < 2 or not LIST_AGAINST.fullmatch(gap):
            return None
        q = values[group[0]].quantity
        if any(values[i].quantity != q for i in group) or values[j].quantity not in (q, ""):
            return None
        return _extreme(group, values, q, rel, strongest=False), j
    return None


def _up_down(q: str, rel: str) -> tuple[bool, bool]:
    """Does the comparative `rel` of quantity `q` say its subject's number is the larger (up) or the smaller (down)?"""
    hb = HIGHER_BETTER.get(q)
    up = rel == "higher" or rel in ("better", "worse") and hb is not None and hb == (rel == "better")
    down = rel == "lower" or rel in ("better", "worse") and hb is not None and hb != (rel == "better")
    return up, down


def _extreme(group: list[int], values: list[Value], q: str, rel: str, strongest: bool) -> int:
    """Of several others the subject is set against, the one it must beat by most for the comparative to hold of all
    (`strongest`), or by least."""
    up, down = _up_down(q, rel)
    if not (up or down):
        return group[0]
    return (max if up == strongest else min)(group, key=lambda i: values[i].value)


def _next_clause_compares(text: str, k: re.Match[str], first: int) -> bool:
    """Between the comparative `k` and the first number after it, a new clause begins that makes a comparison of its own."""
    join = re.search(r",\s+(?:and|but|while|whereas)\s+|;\s+", text[k.end():first])
    return join is not None and RELATION_RE.search(text, k.end() + join.end(), first) is not None


def _arrow_order(c: Comparison, text: str, values: list[Value]) -> None:
    """"keeps growing (431 → 3912), so ... increases", "reduces the mistag rate (1.52 % → 0.91 %)": the arrow's end
    is the new value, the subject's."""
    if c.left is None or c.right is None:
        return
    a, b = sorted((c.left, c.right), key=lambda i: values[i].start)
    if re.fullmatch(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:→|->|⟶|=>)\s*",
                    text[values[a].start + len(values[a].shown):values[b].start]) or (
            len(c.subject) > values[b].start  # a verdict after the change ("..., i.e. v2 is better"), not its verb
            and re.search(r"\bfrom\s+$", text[max(0, values[a].start - 8):values[a].start], re.I)
            and re.fullmatch(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?to\s+", text[values[a].start + len(values[a].shown):values[b].start])):
        c.left, c.right = b, a  # ("W1 goes from 0.61 to 0.48, i.e. v2 is better": the end after 'to' is the new one too;
        # "reduces FPD from 1.5 to 0.9" says its relation old against new, and stays)


def _sides_hold(c: Comparison, text: str, k: re.Match[str], values: list[Value]) -> bool:
    """Are the numbers picked for the comparison `k` of one quantity and a pair (else the next comparative is tried)?
    The right side takes the left's quantity, and a control's role when the words before it say so."""
    if c.left is not None:
        a = values[c.left]
        named = [m for m in QUANTITY_RE.finditer(text, a.start, k.start()) if m.start() > a.start]
        if named and a.quantity and named[-1].lastgroup != a.quantity and c.right is None:
            return False  # "4.2% resolution and a bias below 1%": the bias, not the resolution, is compared
    if c.left is not None and c.right is not None:
        a, b = values[c.left], values[c.right]
        if a.quantity and b.quantity and a.quantity != b.quantity:
            return False  # "AUC 0.9 with higher efficiency 0.4": not one comparison
        if a.quantity in BOUNDED and b.value > 1 and "." not in b.shown and not b.shown.endswith("%"):
            return False  # "accuracy 0.87 at 100 [labels], no worse than the base model's": 100 is no accuracy
        if not b.quantity and a.value and not 0.1 <= _bare_value_as_of(b, a) / a.value <= 10:
            return False  # "some rejection (61 vs 85) for a much smaller sculpting (JSD 0.03 vs 0.42)": not a pair
        if not b.quantity:
            adopt(b, a.quantity)
        head = re.split(NUM, c.object)[0][:60] if b.start >= k.end() else ""
        if b.role == "result" and CONTROL.search(head):  # "above the control (0.50 ± 0.01)"
            b.role = "control"
    return True


def _pair_after_of_quantity_named(text: str, at: int, values: list[Value], i: int, j: int) -> bool:
    """The comparative at `at` names, within a word or two ("a lower QCD mistag rate"), the quantity of the first of
    the two numbers after it, and the second is of that quantity too or of none."""
    q = values[i].quantity
    if not q or values[j].quantity not in (q, ""):
        return False
    for _ in range(3):  # the name, or one or two words (the class: "QCD", "light-jet") and then the name
        word = re.match(r"\s+(?:(?:the|a|an|its|their)\s+)?", text[at:at + 40])
        at += word.end() if word else 0
        if (n := QUANTITY_RE.match(text, at)) and n.lastgroup == q:
            return True
        if not (skip := re.match(r"[A-Za-z][\w-]*", text[at:at + 40])):
            return False
        at += skip.end()
    return False


def _bare_value_as_of(b: Value, a: Value) -> float:
    """The value of `b`, a number that names no quantity, in the scale of `a`'s ("mistag rate 2.1 % against 1.7 %":
    the rate is kept as 0.021, so the bare 1.7 % is 0.017 beside it, not 1.7)."""
    if a.unit == b.unit == "%" and b.uncertainty is None and a.value and abs(a.value * 100 - _number_as_printed_of(a)) < 1e-9 * max(1.0, a.value * 100):
        return b.value / 100
    return b.value


def _number_as_printed_of(v: Value) -> float:
    m = re.match(r"\s*[-+]?\d[\d,]*(?:\.\d+)?", v.shown)
    return float(m.group(0).replace(",", "")) if m else float("nan")


CHANCE = re.compile(r"^\s*(?:than |to |with |of |from )?(?:a |the )?(?:random|chance|coin)", re.I)


def _bar_named_after(text: str, k: re.Match[str], values: list[Value], last: Value) -> int | None:
    """The index of a threshold of the last number's quantity that the words after the comparative open with ("below
    the 3σ", "above a 5σ bar"), None when they open otherwise."""
    for i, v in enumerate(values):
        if v.role == "threshold" and v.quantity == last.quantity and v.quantity and re.fullmatch(
                r"\s*+(?:than\s++)?(?:(?:the|a|an|its|our|any)\s++)?(?:usual\s++|conventional\s++|customary\s++)?", text[k.end():v.start]):
            return i
    return None


def _reference(rest: str, values: list[Value], offset: int) -> float | None:
    """The threshold a comparison is made against: "than random", "than 0.5"."""
    if CHANCE.match(rest):
        return 0.5
    for v in values:
        if v.role == "threshold" and offset <= v.start <= offset + 20:
            return v.value
    return None


# "lets fewer QCD jets through than anything else in the field", "a higher AUC than any other tagger": a comparative
# against every other thing is a superlative
THAN_EVERY_OTHER = re.compile(r"\b(?P<w>fewer|less|more|higher|lower|better|worse|larger|smaller)\b(?P<mid>[^.;:]{0,40}?)\bthan\s+"
                              r"(?:any(?:thing|one|\s+other\b)|all\s+(?:the\s+)?others\b|the\s+rest\b|every(?:thing|one)\s+else\b)", re.I)
THAN_EVERY_RELATION = {"fewer": "lower", "less": "lower", "more": "higher", "higher": "higher", "lower": "lower",
                       "better": "better", "worse": "worse", "larger": "higher", "smaller": "lower"}
# "lets fewer QCD jets through", "passes more background events through": the share of background let through
LETS_THROUGH = re.compile(r"\b(?:let(?:s|ting)?|pass(?:es|ing)?)\s+(?:(?:fewer|less|more)\s+)?(?:[\w-]+\s+){0,2}?(?:jets|events)\s+through\b|"
                          r"\blet(?:s|ting)?\s+through\s+(?:fewer|less|more)\b", re.I)


def than_every_other(text: str) -> Comparison | None:
    """"At 50% it lets fewer QCD jets through than anything else in the field": its number against the best of all the
    others, a superlative in a comparative's words."""
    m = THAN_EVERY_OTHER.search(text)
    if m is None or NEGATION.search(text[:m.start()]) or "?" in text[m.end():m.end() + 40]:
        return None
    return Comparison(relation=THAN_EVERY_RELATION[m["w"].lower()], word=m.group(0), subject=text[:m.start()],
                      object=text[m.start():], superlative=True)


def superlative_in(text: str) -> Comparison | None:
    m = SUPERLATIVE.search(text)
    if m is None or NEGATION.search(text[:m.start()]) or re.search(rf"{LEAD.pattern}\s+(?:the\s+)?$", text[:m.start()], re.I):
        return None  # "BDT vs best single variable": the superlative names the side compared against, it claims nothing
    return Comparison(relation=SUPER_RELATION[m["w"].lower()], word=m.group(0), subject=text[:m.start()],
                      object=text[m.end():], superlative=True)

# a superlative of size ("the smallest model", "the largest network") speaks of how big a model is, a quantity no
# metric in a table measures
SIZE_SUPERLATIVE_OF_MODEL = re.compile(r"(?:the\s+)?(?:smallest|largest|biggest|tiniest|lightest|heaviest|leanest)\b", re.I)
MODEL_SIZE_NOUN = re.compile(r"\s*(?:one\s+|of\s+(?:them|all|the\s+\w+)\s*)?[,(]?\s*(?:[\w-]+\s+)?(?:models?|networks?|nets?|architectures?|"
                             r"taggers?|classifiers?|footprints?|parameter\s+counts?|(?:number|count)\s+of\s+parameters)\b", re.I)


# where the clause of a superlative ends: "; ", ", while", ", whereas", ", but"
SUPERLATIVE_CLAUSE_ENDS = re.compile(r";\s|,\s*(?:while|whereas|but)\s", re.I)


# "(0.72e-3, against 0.61e-3 for Y)", "(0.31 vs. 0.35 for Y)": between a superlative's own number and the other side's
SUPERLATIVE_OWN_PAIR = re.compile(r"\s*[,;]?\s*(?:against|vs\.?|versus|compared\s+(?:to|with))\s+", re.I)


# "best mass resolution of the scan (9.4% vs 8.7% for K=512)": the superlative's own bracket, its first number the
# subject's (unnamed: the superlative names it) against a second one named by what it is for
SUPERLATIVE_BRACKET_AGAINST_NAMED = re.compile(rf"[^();:\d]{{0,60}}?\(\s*(?P<a>{NUM})\s*%?\s*,?\s*(?:against|vs\.?|versus|"
                                               rf"compared\s+(?:to|with))\s+(?P<b>{NUM})\s*%?\s+(?:for|of|with)\s+"
                                               r"(?P<who>[^()\d;]{0,30}[^()\s;][^();]{0,10})\)", re.I)


def _own_bracket_against_named(c: Claim, subj: set[str]) -> tuple[Value, Value] | None:
    """'K=1024 -- best mass resolution of the scan (9.4% vs 8.7% for K=512)': the superlative's first number is the
    subject's, the one its bracket names for another thing that thing's: the pair the superlative stands or falls on."""
    comp = c.comparison
    assert comp is not None
    m = SUPERLATIVE_BRACKET_AGAINST_NAMED.match(c.text, len(comp.subject) + len(comp.word))
    who = m["who"].strip() if m else ""
    if m is None or who.lower() in comp.subject.lower() or not re.search(r"[A-Za-z]", who) \
            or subj & side_words(who) and not re.search(r"\d", who):
        return None  # ("K=1024 ... (… for K=512)", "depth 8 ... (… for depth 4)": sides named by their setting, the
        # other's setting not the subject's)
    a = next((v for v in c.values if v.start == m.start("a") and v.role == "result" and v.quantity), None)
    b = next((v for v in c.values if v.start == m.start("b") and v.role == "result"), None)
    if a is None or b is None or b.quantity not in ("", a.quantity) or (a.unit == "%") != (b.unit == "%"):
        return None
    return a, b.model_copy(update={"quantity": a.quantity})


def _sentence_before(c: Claim, prose: list[tuple[int, str]]) -> str:
    """The sentence just before a prose claim's own, on its line or the one above ("" where none)."""
    at = next((k for k, (line, text) in enumerate(prose) if line == c.line and text == c.text), None)
    return prose[at - 1][1] if at and 0 <= c.line - prose[at - 1][0] <= 1 else ""


def _label_words(label: str, subj: set[str]) -> set[str]:
    """A row's name words, and those of its key's parts where the subject names every one of them: "pnet_lite_v4" in a
    database's table is the "pnet lite v4" the prose below says (the reader turns a key's underscores into spaces there);
    "gnn_edge" is not "the GNN", nor "train_00001" a "train_00003"."""
    parts = side_words(label.replace("_", " ")) if "_" in label else set()
    return side_words(label) | (parts if parts and parts <= subj else set())


def _resolve_superlative(c: Claim, near: list[Claim], before: str = "") -> None:
    """"The transformer gives the best performance of the three": its number against the best
    of the others (of the same quantity, named by their own labels) in the lines before."""
    comp = c.comparison
    assert comp is not None
    last = re.split(r"[,;:]", comp.subject)[-1]
    subj = side_words(last) or _row_named_before(comp.subject, near)
    labels = [w for d in near if d.kind == "row" if (w := set().union(*(_label_words(v.label, subj) for v in d.results() if v.label)))]
    if subj and labels and not any(subj & w for w in labels):
        # "Congratulations to <b>Team A</b>, first place with the lowest mistag": the clause before names the row
        named = [w for part in reversed(re.split(r"[,;:]", re.sub(r"<[^>]+>", " ", comp.subject))[:-1])
                 if (w := side_words(part)) and sum(bool(w & x) for x in labels) == 1]
        subj = named[0] if named else subj
    if re.fullmatch(r"\s*(?:(?:at|for|on|in)\s+[\w.%]+\s+)?(?:it|this one|he|she)\s+\w+\s*", last, re.I) and labels and \
            not any(subj & w for w in labels):
        # "<b>Cone Ranger</b> is the favourite. At 50% it lets fewer ... than anything else": 'it' is the thing the
        # sentence just before names, one of the table's rows
        hits = [w for w in labels if before and w & side_words(re.sub(r"<[^>]+>", " ", before)[:80])]
        subj = {w for w in hits[0] if sum(w in x for x in labels) == 1} if len(hits) == 1 else subj  # (the words of its
        # name alone, not "qcd" of the column every row's label takes)
    if subj and re.search(r"[A-Za-z0-9]_[A-Za-z0-9]", last):  # "pnet_ref gives the best ...": a JSON record keyed "pnet_ref" is
        subj |= side_words(last.replace("_", " "))  # labelled by the key's words ("pnet ref"), the same name
    own = SUPERLATIVE_CLAUSE_ENDS.split(comp.object[:200], maxsplit=1)[0]  # "the best rejection (...), while B keeps the
    # highest AUC": the quantity the superlative names stands in its own clause, not in the next one's
    named = {m.lastgroup for m in QUANTITY_RE.finditer(own) if not WORKING_POINT_NAME.search(comp.object, 0, m.start())}
    if not named and LETS_THROUGH.search(c.text):  # ("lets fewer QCD jets through": the mistag rate)
        named = {"fake_rate"}
    point = _signal_point_of_sentence(c.text)
    if not named and SIZE_SUPERLATIVE_OF_MODEL.match(comp.word) and MODEL_SIZE_NOUN.match(comp.object):
        return  # "ship X (smallest model, 0.22 M parameters)": the size of the model, not the metrics of a table above
    if (pair := _own_bracket_against_named(c, subj)) and HIGHER_BETTER.get(pair[0].quantity) is not None:
        c.values += [pair[0].model_copy(update={"start": BORROWED}), pair[1].model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return
    split = data_splits(re.split(r"\d", comp.object[:80], maxsplit=1)[0])  # "best val_loss 0.3023 at epoch 8": the
    # split the superlative is of; the train losses of the epoch lines above are on other jets, not its rivals
    for q in dict.fromkeys(v.quantity for d in near for v in d.results() if v.quantity):
        if named and q not in named:
            continue  # "particlenet has the lowest mistag of the three": the mistag rates, not the rejections beside them
        pool = [v for d in near for v in d.results(q) if v.role == "result" and side_words(v.label)]
        if point is not None and q in ("rejection", "fake_rate") and (at := [
                v for d in near if d.kind == "row" for v in d.results(q) if v.role == "result" and side_words(v.label)
                and _column_point(d, v) == point]):
            pool = at  # "at ε_S = 30% it has the highest rejection" over columns R30 and R50: the R30 column's
        mine = list({v.value: v for v in pool if subj & _label_words(v.label, subj)}.values())  # its value quoted twice is one
        others = [v for v in pool if not subj & _label_words(v.label, subj) and all(v.value != m.value for m in mine)
                  and not (q == "loss" and _another_kind_of_loss(c.text, v.label))
                  and not (split and (theirs := data_splits(v.label)) and theirs != split)]
        own = [v for v in c.results(q) if v.role == "result" and v.start < BORROWED and subj & _label_words(v.label, subj)]
        if len(mine) > 1 and len(own) == 1 and (run := _run_of(own[0], subj, [d for d in near if d.kind == "row"], q)):
            mine, others = own, [v for v in run if not subj & side_words(v.label)]  # the table it quotes, of several
        if len(mine) != 1 and len(bare := [v for v in c.results(q) if v.role == "result" and v.start < BORROWED
                                            and v.start >= len(comp.subject) and side_words(v.label)
                                            and side_words(v.label) <= set(SUPER_RELATION)]) == 1 and (against := [
                w for w in c.results(q) if w.role == "result" and w.start < BORROWED and w.start > bare[0].start
                and SUPERLATIVE_OWN_PAIR.fullmatch(c.text[bare[0].start + len(bare[0].shown):w.start])
                and side_words(w.label) - set(SUPER_RELATION) and not subj & side_words(w.label)]):
            # "X does it best: lowest W1M (0.72e-3, against 0.61e-3 for Y)": the number the superlative itself labels is
            # X's, set against the one its own bracket names (a table above it, ambiguous on that quantity, aside)
            mine, others = bare, against
        if len(mine) != 1 or not others:
            continue
        hb = HIGHER_BETTER.get(q)
        up = comp.relation == "higher" or (comp.relation in ("better", "worse") and hb is not None
                                           and (hb == (comp.relation == "better")))
        if comp.relation in ("better", "worse") and hb is None:
            return
        rival = max(others, key=lambda v: v.value) if up else min(others, key=lambda v: v.value)
        c.values += [mine[0].model_copy(update={"start": BORROWED}), rival.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return


def _signal_point_of_sentence(text: str) -> float | None:
    """The signal efficiency a sentence speaks at ("at ε_S = 30%", "at eps_S = 0.5"), as a fraction; None where none."""
    m = SENTENCE_WORKING_POINT.search(text)
    if m is None:
        return None
    x = to_float(re.split(r"=\s*", m["wp"])[-1])
    return x / 100 if re.match(r"\s*%", text[m.end():]) else x


def _column_point(d: Claim, v: Value) -> float | None:
    """The signal efficiency of the column a row's value stands in ("R30": 0.3), set just before it; None where none."""
    i = next((k for k, w in enumerate(d.values) if w is v), 0)
    w = d.values[i - 1] if i > 0 else None
    return w.value if w is not None and w.role == "setting" and w.quantity == "efficiency" else None


def _row_named_before(subject: str, near: list[Claim]) -> set[str]:
    """"VALUES (now(), 'v7', 'edgeconv_r1', 'best background suppression ...')", "promote gnn_b2: best rejection": a superlative
    whose own clause names no side, where the words before it name one of the table rows above by its first cell (the
    record it is written into names the thing): that row's name is its side; none where they name no row or several."""
    words = side_words(subject)
    rows = {frozenset(w) for d in near if d.kind == "row" and not QUANTITY_RE.search(name := d.text.split(" | ")[0])
            and (w := side_words(name))}  # (a row named by a quantity, "AUC | 0.741", is a metric's, no thing's)
    hits = [r for r in rows if r <= words]
    return set(hits[0]) if len(hits) == 1 else set()


# the kinds of loss a model is trained on, each its own quantity: "recon MSE" and "commitment loss" are not one scale
KINDS_OF_LOSS = {"reconstruction": re.compile(r"\b(?:recon\w*|mse|reconstructs?)\b", re.I),
                 "commitment": re.compile(r"\bcommit\w*", re.I),
                 "codebook": re.compile(r"\bcodebook loss\b", re.I),
                 "kl": re.compile(r"\b(?:kl|kullback\w*)\b", re.I),
                 "adversarial": re.compile(r"\b(?:adversarial|discriminator|generator) loss\b", re.I)}


def _another_kind_of_loss(text: str, label: str) -> bool:
    """'K=1024 reconstructs best (MSE 0.0305)' against 'commitment loss ... 0.0069': the rival's label names a kind of
    loss the sentence does not, and the sentence names a kind of its own."""
    own = {k for k, r in KINDS_OF_LOSS.items() if r.search(text)}
    theirs = {k for k, r in KINDS_OF_LOSS.items() if r.search(label)}
    return bool(own and theirs and not own & theirs)


def _run_of(v: Value, subj: set[str], rows: list[Claim], q: str) -> list[Value]:
    """The values of `q` in the run of table rows (or printed records) that holds `v` for the side `subj`: rows of one
    table printed once per condition (a test file, a generator) are split where a name comes round again, and the
    run whose value of that side is `v` is the one a sentence quoting `v` speaks of."""
    runs: list[list[Value]] = [[]]
    for d in sorted(rows, key=lambda d: d.line):
        for w in d.results(q):
            if w.role != "result" or not side_words(w.label):
                continue
            if any(side_words(w.label) == side_words(x.label) for x in runs[-1]):
                runs.append([])
            runs[-1].append(w)
    hits = [r for r in runs if any(subj & side_words(w.label) and w.value == v.value for w in r)]
    return hits[0] if len(hits) == 1 else []


CHANGED_TO = re.compile(rf"\b(?:rais|increas|lower|reduc|drop|bring|brought|improv|cut|push|pull)\w*\b[^.;]*?\bto\s+"
                        rf"(?P<v>{NUM})", re.I)


def _changed_to(c: Claim, before: list[Claim]) -> bool:
    """"... raises the mistag rate to 0.6%": the new value against the last one of its quantity."""
    comp = c.comparison
    m = CHANGED_TO.search(c.text)
    if comp is None or m is None or "from" in c.text[m.start():m.start("v")]:
        return False
    new = next((i for i, v in enumerate(c.values) if v.start == m.start("v") and v.role == "result"), None)
    if new is None:
        return False
    q = c.values[new].quantity
    old = [v for v in c.values[:new] if v.quantity == q and v.role == "result"]
    old += [v for d in reversed(before) if 0 <= c.line - d.line <= 2 for v in reversed(d.results(q)) if v.role == "result"]
    if not q or not old:
        return False
    c.values.append(old[-1 if old[0] in c.values[:new] else 0].model_copy(update={"start": BORROWED}))
    comp.left, comp.right = new, len(c.values) - 1
    return True


def _anaphoric(c: Claim, before: list[Claim], said_before: str = "") -> bool:
    """"Mass resolution 4.1%, tau21 resolution 6.0%. This is worse than K = 1024 (5.0%, 7.3%).": this side's numbers
    are the sentence before's, the other side's those after the comparative, in the same order."""
    comp = c.comparison
    assert comp is not None
    # ("...best val_auc of the study; significantly better than the default (0.9128)": a clause with no subject of its
    # own, only an adverb before its comparative, goes on with the thing the sentence before measured)
    bare = c.kind == "prose" and bool(re.fullmatch(r"\s*(?:(?:significantly|statistically|clearly|much|slightly|far|"
                                                  r"somewhat|marginally|also|and)\s+)+", comp.subject, re.I))
    if not re.match(r"\s*(?:This|It|That|These|Both|Its)\b", comp.subject) and not bare:
        return False
    prev = next((d for d in reversed(before) if d.kind == "prose" and 0 <= c.line - d.line <= 1 and d.results()), None)
    own = [v for v in c.results() if v.start < BORROWED]
    mine = [v for v in prev.results() if v.quantity and v.start < BORROWED] if prev else []
    if bare and len(own) == 1 and not own[0].quantity and len(mine) > 1:
        named = {m.lastgroup for t in [said_before, *(d.text for d in before if d.line == c.line), c.text]
                 for m in QUANTITY_RE.finditer(t.replace("_", " "))}
        mine = [m for m in mine if m.quantity in named]  # the one quantity its own line names ("best val_auc")
    if not own or len(mine) != len(own) or any(v.quantity and v.quantity != m.quantity for v, m in zip(own, mine, strict=True)):
        return False
    for v, m in zip(own, mine, strict=True):
        if not v.quantity:
            adopt(v, m.quantity)
    c.values.append(mine[0].model_copy(update={"start": BORROWED}))
    comp.left, comp.right = len(c.values) - 1, c.values.index(own[0])
    return True


def _row_pair(c: Claim, subj: set[str], obj: set[str], pool: list[tuple[Claim, Value]]) -> tuple[list[Value], list[Value]]:
    """"MP-GAN reproduces the jet mass better than EPiC-GAN" over a table whose columns are the models and whose rows
    are the metrics ("| W1^M | 0.43 | 0.71 |"): the two sides from the one row the sentence names."""
    mine, theirs = subj - obj, obj - subj  # "GAN" in both names tells neither apart
    words = side_words(_observable_words(c.text))
    best: tuple[int, list[Value], list[Value]] = (0, [], [])
    for d in {id(d): d for d, _ in pool if d.kind == "row"}.values():
        row = [v for dd, v in pool if dd is d]
        head = side_words(_observable_words(d.text.split("|")[0]))
        left = [v for v in row if mine & side_words(v.label) and not theirs & side_words(v.label)]
        right = [v for v in row if theirs & side_words(v.label) and not mine & side_words(v.label)]  # a number whose label
        # has words of both sides ("graph-network regression sigma GeV" against "... baseline ... 91.2 GeV") is neither
        score = len(head & words)
        if len(left) == 1 and len(right) == 1 and score > best[0]:
            best = (score, left, right)
    return best[1], best[2]


def _observable_words(text: str) -> str:
    """JetNet's metric names as the observables they are of: "W1^M" is of the mass, "W1^PT" of the pT."""
    return re.sub(r"\bW_?1\^?\{?(M|m|PT|pT|pt|P|EFP|efp)\}?", lambda m: " " + {"m": "mass", "pt": "pt", "p": "pt"}.get(
        m.group(1).lower(), m.group(1).lower()) + " ", text)


def _named_sides(c: Claim, subj: set[str], obj: set[str], near: list[Claim]) -> bool:
    """The two sides of a comparison without numbers, from the labelled numbers of `near` (one quantity at a time)."""
    comp = c.comparison
    assert comp is not None
    named = {m.lastgroup for m in QUANTITY_RE.finditer(c.text) if not WORKING_POINT_NAME.search(c.text, 0, m.start())}
    if (compared := _quantities_before_reason(c.text, comp.word)) and compared < named:
        named = compared  # "rejects QCD better than the BDT, because it has the higher AUC": the reason's AUC is not compared
    elif (compared := _quantities_before(c.text, comp.word, CONCESSIVE_CLAUSE_OF_COMPARISON)) is not None and compared < named \
            and (compared or re.match(CUTS_BACKGROUND, c.text[max(c.text.find(comp.word), 0):], re.I)):
        # "cuts the QCD background harder than the BDT, even though the AUCs are close": the AUCs conceded, the
        # background cut (the mistag rates, or their inverses) compared
        named = compared or {"fake_rate", "rejection"}
    if not named and (re.match(CUTS_BACKGROUND, comp.word, re.I)
                      or BACKGROUND_PASSED_COMPARED.search(c.text, max(0, c.text.find(comp.word) - 40), c.text.find(comp.word) + 60)):
        named = {"fake_rate", "rejection"}  # "reduces the QCD background more than the BDT", "lets fewer QCD jets through
        # than DNN-v3": the mistag rates (or their inverses) are compared, not the AUCs beside them
    stated = dict.fromkeys(v.quantity for d in near for v in d.results() if v.quantity)
    for q in stated:
        if named and q not in named and not (comp.relation in ("higher", "lower") and RATE_AND_ITS_REJECTION.get(q) in named) \
                and not (comp.relation in ("better", "worse") and RATE_AND_ITS_REJECTION.get(q) in named and not named & set(stated)):
            continue  # "a lower rejection than scratch": the rejections, not the AUCs beside them ("the lower mistag rate"
            # beside a table of rejections: the rate's inverse, read the other way round when the direction is checked;
            # "rejects more QCD background" beside a table of mistag rates alone: better is the lower rate, as for any rate)
        def of(d: Claim, q: str = q, c: Claim = c) -> list[Value]:  # its own unnamed numbers are of q too
            return [v for v in d.results() if v.quantity == q or (d is c and not v.quantity)]
        pool = [(d, v) for d in near for v in of(d)]
        labels = [side_words(v.label) for _, v in pool]
        named_labels = [lab for lab in labels if lab]  # a number of no label names no side and shares no word
        shared = set.intersection(*named_labels) if len(named_labels) > 1 else set()  # "backbone" in every label
        own = [lab - shared for lab in labels]
        left = [v for (_, v), w in zip(pool, own, strict=True) if subj & w and not obj & w]
        right = [v for (d, v), w in zip(pool, own, strict=True) if w and not subj & w
                 and (obj & w or not obj)]
        if len(left) == 1 and not right and not any(obj & w for w in own):
            # "DeepDoubleB has the lower mistag rate" beside a table of two taggers: the other one
            right = [v for (d, v), w in zip(pool, own, strict=True) if w and not subj & w and d.kind == "row"]
        if len(left) == 1 and not right and re.search(r"\bthe\s*$", comp.subject) and not any(obj & w for w in own):
            # "ε_B = 0.0043 for the GNN and 0.0104 for the BDT. ... the BDT has the lower mistag rate": a definite comparative
            # ("the lower") is between the two just named, so the other side is the one other labelled number
            other = {v.value: v for (d, v), w in zip(pool, own, strict=True) if w and not subj & w and d is not c}
            right = list(other.values()) if len(other) == 1 else []
        if len(left) != 1 or len(right) != 1:
            left, right = _row_pair(c, subj, obj, pool)
        if len(left) == 1 and len(right) == 1:
            sides = [left[0].model_copy(update={"start": BORROWED}), right[0].model_copy(update={"start": BORROWED + 1})]
            for v in sides:
                if not v.quantity:
                    adopt(v, q)
            c.values += sides
            comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
            return True
    return False


# a mistag rate and its rejection (1/rate): a comparison of one can be read off a table of the other
RATE_AND_ITS_REJECTION = {"rejection": "fake_rate", "fake_rate": "rejection"}


# "..., because it has the higher AUC", "since its AUC is higher": a clause giving the comparison's grounds
REASON_CLAUSE_OF_COMPARISON = re.compile(r",?\s*\b(?:because|since|given that|on the grounds that|as (?:it|its|they|their))\b", re.I)


# "..., even though the AUCs are close", "although its AUC is lower": a clause conceding another quantity
CONCESSIVE_CLAUSE_OF_COMPARISON = re.compile(r",?\s*\b(?:even though|although|though|even if|despite|in spite of)\b", re.I)


def _quantities_before_reason(text: str, word: str) -> set[str]:
    """The quantities named in a comparison's own clause, up to a reason clause after its relation word ("the GNN rejects
    QCD better than the BDT at this working point, because it has the higher AUC": the rejection, not the AUC)."""
    return _quantities_before(text, word, REASON_CLAUSE_OF_COMPARISON) or set()


def _quantities_before(text: str, word: str, clause: re.Pattern[str]) -> set[str] | None:
    """The quantities named in a comparison's own clause, up to `clause` after its relation word; None where none follows."""
    at = text.find(word) if word else -1
    cut = clause.search(text, at + len(word)) if at >= 0 else None
    if cut is None:
        return None
    head = text[:cut.start()]
    return {m.lastgroup for m in QUANTITY_RE.finditer(head) if m.lastgroup and not WORKING_POINT_NAME.search(head, 0, m.start())}


def resolve_comparisons(claims: list[Claim], prose: list[tuple[int, str]] | None = None) -> None:
    """A comparison without its numbers ("fine-tuning is clearly better than scratch") takes
    them from the claims just before it (within 6 lines) whose labels name its two sides."""
    far: dict[str, Named] = {}  # the report's named results of each quantity, read once
    for i, c in enumerate(claims):
        comp = c.comparison
        if comp is None or comp.left is not None or comp.relation == "similar":
            continue
        if comp.superlative:
            _resolve_superlative(c, [c] + [d for d in claims[max(0, i - 60):i] if 0 <= c.line - d.line <= 4
                                           or (d.kind == "row" and 0 <= c.line - d.line <= 40)],  # a table or JSON list above
                                 _sentence_before(c, prose or []))
            if comp.left is None:
                _counted_superlative(c, claims, far)
            continue
        if _changed_to(c, claims[max(0, i - 12):i]) or _anaphoric(c, claims[max(0, i - 3):i], _sentence_before(c, prose or [])):
            continue
        if _rests_on_an_unnamed_pair_just_before(c, claims[max(0, i - 6):i]):
            continue
        # "The baseline ParticleNet-lite, with a rejection of 385, therefore lets through ...": the appositive is no side
        lead = re.sub(r",\s*(?:with|at|which|who|whose|having|reaching)\b[^,;:]*,", " ", comp.subject)
        subj = side_words(QUANTITY_RE.sub(" ", re.split(r"[,;:]", lead)[-1]))  # "in AUC" names no side
        obj = _object_side(comp)
        if not subj:
            _pronoun_against_the_named_other(c, [d for d in claims[max(0, i - 3):i] if d.kind == "prose" and 0 <= c.line - d.line <= 2], obj)
            continue
        first = min([c.line] + [ln for _, ln in c.breaks])  # a sentence wrapped over lines is near what stands above its first
        near = [c] + [d for d in claims[max(0, i - 12):i + 4] if d is not c and first - NEAR <= d.line <= c.line + NEAR]
        parent = c.context.rsplit(".", 1)[0] + "." if "." in c.context else ""
        if parent and sum(d.context.startswith(parent) for d in near) >= 3:  # {"tagging": {"models": [...], "verdict":}}
            near = [d for d in near if d.context.startswith(parent)]  # a verdict compares the things of its own object
        before = [d for d in near if d.line <= c.line]  # the lines before first: the next paragraph is another topic
        just_before = [d for d in claims[max(0, i - 3):i] if d.kind == "prose" and 0 <= c.line - d.line <= 2]
        _named_sides(c, subj, obj, before) or _ours_against_the_standard(c, just_before) \
            or _named_sides(c, subj, obj, near) or _sides_in_sentence(
            c, subj, obj, just_before) or _unnamed_sides(c, subj, obj, just_before) or _against_the_other(c, subj, just_before) \
            or _sides_anywhere(c, subj, obj, claims, far) or _new_against_old_before(c, just_before) \
            or _two_sides_in_row_at_working_point(c, subj, claims[:i]) \
            or _rejection_at_signal_efficiency_in_rows(c, subj, claims[max(0, i - 80):i]) \
            or _against_the_reference(c, subj, just_before) \
            or _width_of_old_and_new_in_sentences_before(c, [d for d in claims[max(0, i - 6):i] if 0 <= c.line - d.line <= 6]) \
            or _width_of_the_subject_against_the_old_before(c, subj, just_before) \
            or _own_unnamed_against_the_one_before(c, just_before) \
            or _new_after_the_arrow_before(c, [d for d in claims[max(0, i - 3):i] if 0 <= c.line - d.line <= 2]) \
            or _against_the_default_in_brackets_before(c, just_before)


def _rests_on_an_unnamed_pair_just_before(c: Claim, before: list[Claim]) -> bool:
    """'v3 FPD went down from 9.3 to 4.1? ... FPD is a distance, lower = closer ... so v3 is better': a verdict that names
    no quantity rests on the pair discussed just before it; where the nearest numbers before it (within three lines) are
    one thing's change in a metric the referee cannot name (no quantity, no side labels), the verdict is about that metric, and a table of other metrics further
    up (a W1 a few lines before) is not what it weighs."""
    assert c.comparison is not None
    if QUANTITY_RE.search(c.text):
        return False
    near = [d for d in before if d.kind == "prose" and 0 < c.line - d.line <= 3 and d.results()]
    if not near:
        return False
    last = near[-1].results()
    return len(last) >= 2 and not any(v.quantity or side_words(v.label) for v in last)  # (one thing's change, "from
    # 9.3 to 4.1": a pair labelled by the two sides, "ParT 0.9858, ParticleNet 0.9853", is left to be read as such)


# "So it beats ParT", "it therefore outperforms the BDT": a subject that is only a pronoun (the thing just described)
PRONOUN_SUBJECT = re.compile(r"(?:^|[,;:]|\b(?:so|thus|hence|therefore|and|but)\b)\s*(?:it|they)\s+(?:(?:therefore|thus|clearly|also|still|"
                             r"even|easily|comfortably)\s+)?$", re.I)


def _pronoun_against_the_named_other(c: Claim, before: list[Claim], obj: set[str]) -> bool:
    """'... a rejection of R30 = 1890, against 2120 for ParT on the same test set. So it beats ParT on rejection': a
    comparison whose subject is a pronoun and whose other side is named, of the one quantity it names, right after a
    sentence that gives exactly two numbers of that quantity, one labelled by the named side: the pronoun is the other
    (the thing that sentence describes), so its number is the other one."""
    comp = c.comparison
    assert comp is not None
    head = re.split(r"[,;:(]|\b(?:which|that|so|and|but|because|since|with)\b", comp.object[:200])[0]
    named = {m.lastgroup for m in QUANTITY_RE.finditer(head)} - {None}
    if c.results() or not before or not obj or len(named) != 1 or comp.relation not in ("better", "worse", "higher", "lower") \
            or not PRONOUN_SUBJECT.search(comp.subject):
        return False
    theirs = side_words(QUANTITY_RE.sub(" ", head))
    vals = [v for v in before[-1].results(next(iter(named)) or "") if v.role == "result" and v.start < BORROWED]
    other = [v for v in vals if theirs & side_words(v.label)]
    if not theirs or len(vals) != 2 or len(other) != 1:
        return False
    mine = next(v for v in vals if v is not other[0])
    c.values += [mine.model_copy(update={"start": BORROWED}), other[0].model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "reaches 11.2 %, so the new design improves": a sentence's own number, then a conclusion drawn from it
SO_CONCLUSION = re.compile(r"[,;:]\s*(?:so|thus|hence|therefore|which means)\b|\bso that\b", re.I)


def _own_unnamed_against_the_one_before(c: Claim, before: list[Claim]) -> bool:
    """'The single-level codebook reconstructs the jet mass with a resolution of 9.6 %. My hierarchical codebook reaches
    11.2 %, so the hierarchical design improves the mass resolution': a verdict that names one quantity after 'so', drawn
    from the one number its sentence gives before it (naming no quantity), is of that number against the one value of
    the quantity that the sentence just before gives, written the same way (both percentages, or neither)."""
    comp = c.comparison
    assert comp is not None
    head = re.split(r"[,;:(]|\b(?:which|that|so|and|but|because|since|before|after)\b", comp.object[:200])[0]
    named = {m.lastgroup for m in QUANTITY_RE.finditer(head)} - {None}
    at = len(comp.subject)
    own = [v for v in c.values if v.role == "result" and v.start < at]
    so = SO_CONCLUSION.search(c.text, own[-1].start if own else 0, at) if own else None
    if len(named) != 1 or len(own) != 1 or own[0].quantity or so is None or c.results() != own or not before \
            or any(v.start >= at for v in c.values if v.start < BORROWED):
        return False
    q = named.pop() or ""
    prev = [v for v in before[-1].results(q) if v.role == "result" and v.start < BORROWED]
    if len(prev) != 1 or prev[0].shown.endswith("%") != own[0].shown.endswith("%"):
        return False
    mine = own[0].model_copy(update={"quantity": q, "start": BORROWED})
    if mine.unit == "%" or mine.shown.endswith("%"):
        adopt(mine, q)
    c.values += [mine, prev[0].model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# the side a change is made against: "the previous tagger had ...", "the old release gave ..."
OLD_SIDE_WORD = re.compile(r"\b(?:previous|old|older|former|existing|legacy|earlier|outgoing)\b", re.I)


def _new_against_old_before(c: Claim, before: list[Claim]) -> bool:
    """'The previous tagger had a rejection of 111 and the new one has 83. She gave the group a better rejection': a
    comparison with no numbers and no side named, right after a sentence that gives the quantity it names for an old
    side and one other: the other is the new one, said to be better (or worse) than the old."""
    comp = c.comparison
    assert comp is not None
    if c.results() or comp.relation == "similar":
        return False
    named = QUANTITY_RE.match(comp.object.lstrip()) or QUANTITY_RE.search(comp.object[:40])
    q = named.lastgroup if named else ""
    prev = next((d for d in reversed(before) if d.kind == "prose" and d.results(q)), None) if q else None
    pair = [v for v in prev.results(q) if v.role == "result" and v.start < BORROWED] if prev else []
    old = [v for v in pair if OLD_SIDE_WORD.search(v.label)]
    if len(pair) != 2 or len(old) != 1:
        return False
    a, b = (side_words(v.label) for v in pair)
    lead = len(comp.object) - len(comp.object.lstrip())
    said = side_words(comp.object) - side_words(comp.object[:lead + named.end()]) if named else set()  # "light-jet rejection"
    if said & (a ^ b):  # "a better rejection than the previous tagger": a side named, read elsewhere
        return False
    new = next(v for v in pair if v is not old[0])
    c.values += [new.model_copy(update={"start": BORROWED}), old[0].model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "0.00412 -> 0.00467", "38.2 → 24.9": an old value, an arrow, the new one
CHANGE_ARROW = re.compile(r"\s*%?\s*(?:->|→|⟶|=>)\s*")
REJECTION_FAMILY = {"rejection", "fake_rate"}  # one separation, stated either way (a rejection is 1 / the mistag rate)


def _new_after_the_arrow_before(c: Claim, before: list[Claim]) -> bool:
    """'QCD mistag: 0.00412 -> 0.00467. ... for this metric the fp16 path actually rejects more QCD': a comparison with no
    numbers of its own, of a quantity that a sentence just before gives as a change with an arrow (old -> new), and whose
    subject is not the old side: the new value against the old one."""
    comp = c.comparison
    assert comp is not None
    if c.results() or comp.relation == "similar" or OLD_SIDE_WORD.search(comp.subject):
        return False
    named = QUANTITY_RE.search(f"{comp.word} {comp.object[:40]}")
    q = named.lastgroup if named else None
    if not q:
        return False
    for d in reversed(before):
        if d.kind != "prose" or not 0 <= c.line - d.line <= 2:
            continue
        pair = [v for v in d.results() if v.role == "result" and v.start < BORROWED
                and (v.quantity == q or {v.quantity, q} <= REJECTION_FAMILY)]
        if not pair:
            continue
        if len(pair) != 2 or pair[0].quantity != pair[1].quantity or pair[0].unit != pair[1].unit \
                or not CHANGE_ARROW.fullmatch(d.text[pair[0].start + len(pair[0].shown):pair[1].start]):
            return False
        old, new = pair
        c.values += [new.model_copy(update={"start": BORROWED}), old.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return True
    return False


# a width compared in words: "a narrower peak", "a sharper, tighter distribution", "a broader response"
WIDTH_COMPARED = re.compile(r"\b(?:narrower|sharper|tighter|wider|broader)\b", re.I)
# a sentence that opens on the side it speaks of: "With the old calibration, ...", "For the legacy fit: ..."
SENTENCE_OPENS_ON_OLD_SIDE = re.compile(r"^\W*(?:with|for|using|under|in)\s+(?:the\s+|our\s+)?(?:previous|old|older|former|existing|"
                                        r"legacy|earlier|outgoing)\b[^,;:]{0,40}[,;:]", re.I)


def _width_of_old_and_new_in_sentences_before(c: Claim, before: list[Claim]) -> bool:
    """'With the old calibration, ... a resolution of 8.1 GeV. ... With it, ... the resolution is 9.8 GeV. So the new
    regression gives a narrower peak than the old calibration': a width compared in words, against an old side the
    comparison names, where the sentences just before give exactly two widths, each in its own sentence, one of them in
    the sentence that opens on the old side: the other is the new side's."""
    comp = c.comparison
    assert comp is not None
    if c.results() or comp.relation not in ("higher", "lower") or not WIDTH_COMPARED.search(comp.word) \
            or not OLD_SIDE_WORD.search(comp.object):
        return False
    sides = _new_and_old_width_before(before, lambda d: SENTENCE_OPENS_ON_OLD_SIDE.match(d.text) is not None)
    if sides is None or OLD_SIDE_WORD.search(sides[0][0].text):
        return False
    return _set_new_against_old(c, sides[0][1], sides[1][1])


def _width_of_the_subject_against_the_old_before(c: Claim, subj: set[str], before: list[Claim]) -> bool:
    """'The old method measures the mass with a spread of 11 GeV; the network's estimate has a spread of 14 GeV. So the
    network's peak is sharper': a width compared in words with no other side named (no 'than ...'), where the statements
    just before give exactly two widths, each in its own statement, one of them of the old side (its statement says
    'old', 'previous'), the other not: the subject, not the old side, is the new one."""
    comp = c.comparison
    assert comp is not None
    if c.results() or comp.relation not in ("higher", "lower") or not WIDTH_COMPARED.search(comp.word) \
            or re.match(r"\s*than\b", comp.object) or not subj:
        return False
    sides = _new_and_old_width_before(before, lambda d: OLD_SIDE_WORD.search(d.text) is not None)  # (one statement only)
    if sides is None or OLD_SIDE_WORD.search(comp.subject):
        return False  # (the old side is the subject: which it is set against is not told)
    return _set_new_against_old(c, sides[0][1], sides[1][1])


def _new_and_old_width_before(before: list[Claim], is_old: Callable[[Claim], bool]) -> tuple[tuple[Claim, Value], tuple[Claim, Value]] | None:
    """The two widths the statements just before give, each in its own statement, exactly one of them (by `is_old`) the
    old side's: ((statement, new width), (statement, old width))."""
    widths = [(d, v) for d in before if d.kind == "prose" for v in d.results("resolution") if v.role == "result" and v.start < BORROWED]
    if len(widths) != 2 or widths[0][0] is widths[1][0]:
        return None
    old = [(d, v) for d, v in widths if is_old(d)]
    if len(old) != 1:
        return None
    return next((d, v) for d, v in widths if d is not old[0][0]), old[0]


def _set_new_against_old(c: Claim, new: Value, old: Value) -> bool:
    """Give `c`'s comparison its two sides, borrowed from the statements before: the new width against the old."""
    assert c.comparison is not None
    c.values += [new.model_copy(update={"start": BORROWED}), old.model_copy(update={"start": BORROWED + 1})]
    c.comparison.left, c.comparison.right = len(c.values) - 2, len(c.values) - 1
    return True


# "At eps_S=0.5", "at ε_S = 0.3": the working point a sentence speaks at, as a key to a table row's name
SENTENCE_WORKING_POINT = re.compile(rf"\b(?:at|@)\s*(?P<wp>(?:eps|ε)[ _]?S\s*=\s*{NUM})", re.I)


def _working_point_key(text: str) -> str:
    return re.sub(r"[\s_]", "", text).lower().replace("ε", "eps")


def _two_sides_in_row_at_working_point(c: Claim, subj: set[str], before: list[Claim]) -> bool:
    """"At eps_S=0.5 ParT gives the lower mistag rate of the two taggers" over a table with one row per working point
    ("1/eps_B @ eps_S=0.5 | 402 | 385" under "metric | ParticleNet | ParT"), or "B reproduces the mass better: its W1^M is
    the lower of the two" over a row "W1^M (x1e3) | 0.54 | 0.71": the row the sentence names (by its working point or by
    its lead name), with two results, one the subject's, holds both sides (a rejection for a mistag rate is read the
    other way round when the direction is checked)."""
    comp = c.comparison
    assert comp is not None
    wp = SENTENCE_WORKING_POINT.search(c.text) if comp.relation in ("higher", "lower") and \
        _named_quantities(c.text) & {"rejection", "fake_rate"} else None
    at = SENTENCE_ROW_COUNT.search(c.text)
    if wp is None and at is None and not ONE_OF_TWO_SIDES.search(c.text):
        return False
    key = _working_point_key(wp["wp"]) if wp else ""
    for d in reversed(before):
        if d.kind != "row" or not 0 <= c.line - d.line <= 40:
            continue
        head = re.split(r"\s*[(\[]", d.text.split("|")[0].strip())[0]
        if at and wp is None:
            if not any(v.role in ("setting", "size") and v.value == float(at["n"].replace(",", "")) and
                       stem(at["name"].lower()) in {stem(w) for w in v.label.lower().split()} for v in d.values):
                continue  # "at 1000 labels" over the row whose 'labels' cell is 1000
            vals = [v for v in d.results() if v.role == "result" and v.quantity and v.start < BORROWED]
            if len(vals) != 2 or vals[0].quantity != vals[1].quantity:
                continue
        elif wp:
            vals = [v for v in d.results("rejection", "fake_rate") if v.role == "result" and v.start < BORROWED]
            if len(vals) != 2 or not all(key in _working_point_key(v.label) for v in vals):
                continue
        else:
            vals = [v for v in d.results() if v.role == "result" and v.quantity and v.start < BORROWED]
            if len(head) < 2 or not re.search(rf"(?<![\w^]){re.escape(head)}(?![\w^])", c.text) or len(vals) != 2:
                continue
        mine = [v for v in vals if subj & side_words(v.label)]
        if len(mine) != 1 and len(theirs := [v for v in vals if _object_side(comp) & side_words(v.label)]) == 1:
            mine = [v for v in vals if v is not theirs[0]]  # "the pretrained backbone ... over training from scratch": the
            # row names the side after the comparative ('from-scratch'), the subject is the other column
        if len(mine) != 1:
            return False
        other = next(v for v in vals if v is not mine[0])
        c.values += [mine[0].model_copy(update={"start": BORROWED}), other.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return True
    return False


# "At 30% signal efficiency", "at a signal efficiency of 50%": the working point a sentence compares rejections at
SIGNAL_EFFICIENCY_POINT = re.compile(r"\bat\s+(?:an?\s+|the\s+)?(?:(?P<pc>\d{1,2}(?:\.\d+)?)\s*%\s+(?:signal|top|W|tagging)[\s-]+"
                                     r"eff(?:iciency|\.)?|(?:signal\s+)?efficiency\s+of\s+(?P<pc2>\d{1,2}(?:\.\d+)?)\s*%)", re.I)
# "than both LorentzNet and PELICAN", "than ParT or PELICAN": the one or several sides after the comparative
THAN_SIDES = re.compile(r"\bthan\s+(?:both\s+|either\s+|all\s+of\s+|each\s+of\s+)?(?P<names>[^,;.()]{1,80}?)"
                        r"(?=\s*(?:[,;.()]|$|\s(?:at|on|in|with|so|which|for)\b))", re.I)


def _rejection_at_signal_efficiency_in_rows(c: Claim, subj: set[str], before: list[Claim]) -> bool:
    """"At 30% signal efficiency tt-gnn-v3 now rejects more QCD jets than both LorentzNet and PELICAN" over a table with
    a row per model and a rejection column per working point ("R30 (1/eps_B at eps_S = 0.3)", read as the efficiency
    setting right before each rejection): each side's rejection at the sentence's efficiency, from its own row. Against
    several sides the claim holds only if it holds against the strongest, so that one is the other side."""
    comp = c.comparison
    assert comp is not None
    wp = SIGNAL_EFFICIENCY_POINT.search(c.text)
    names = THAN_SIDES.search(comp.object)
    if wp is None or names is None or comp.relation not in ("better", "worse") or not (
            re.match(r"(?:reject|suppress|let|pass|accept|admit|cut|reduc|remov)\w*\b", comp.word, re.I)
            or _named_quantities(c.text) & {"rejection", "fake_rate"}):  # "rejects more QCD jets", "a higher rejection"
        return False
    point = float(wp["pc"] or wp["pc2"]) / 100
    others = [side_words(n) - subj for n in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", names["names"]) if n.strip()]
    if not others or any(not o for o in others):
        return False

    def at_point(d: Claim) -> list[Value]:  # the row's rejections (or mistag rates) taken at that signal efficiency
        return [v for k, v in enumerate(d.values) if v.quantity in ("rejection", "fake_rate") and v.role == "result"
                and v.start < BORROWED and k and d.values[k - 1].quantity == "efficiency" and d.values[k - 1].role == "setting"
                and abs(d.values[k - 1].value - point) < 1e-9]
    rows = [(d, side_words(d.text.split("|")[0]), at_point(d)) for d in before if d.kind == "row" and 0 < c.line - d.line <= 80]
    rows = [(d, w, vs) for d, w, vs in rows if len(vs) == 1]
    mine = [vs[0] for _, w, vs in rows if subj & w]
    theirs = [[vs[0] for _, w, vs in rows if o & w and not subj & w] for o in others]
    if len(mine) != 1 or any(len(t) != 1 for t in theirs) or len({t[0].quantity for t in theirs} | {mine[0].quantity}) != 1:
        return False
    higher_is_better = mine[0].quantity == "rejection"
    pick = max if (comp.relation == "better") == higher_is_better else min  # the strongest rival for 'better', the weakest for 'worse'
    other = pick((t[0] for t in theirs), key=lambda v: v.value)
    c.values += [mine[0].model_copy(update={"start": BORROWED}), other.model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "at 1000 labels", "with 500 jets": the count a sentence speaks at, as a key to the table row whose cell of that name holds it
SENTENCE_ROW_COUNT = re.compile(r"\b(?:at|with|for)\s+(?P<n>\d[\d,]*)\s+(?P<name>[a-z][\w-]*)", re.I)


# ", although it stays behind ParticleNet", "; whereas ...": a clause after the object that concedes or sets up another
# comparison; what it names is not the side this one is against
CONCEDED_AFTER_OBJECT = re.compile(r"[,;]\s*(?:although|though|even though|while|whereas|but|yet)\b", re.I)


def _object_side(comp: Comparison) -> set[str]:
    end = CONCEDED_AFTER_OBJECT.search(comp.object)
    return side_words(QUANTITY_RE.sub(" ", comp.object[:end.start()] if end else comp.object))


# "the lower of the two models", "the better of the two taggers": a comparison between exactly two things
ONE_OF_TWO_SIDES = re.compile(r"\b(?:of|between) the two\b", re.I)


def _sides_in_sentence(c: Claim, subj: set[str], obj: set[str], before: list[Claim]) -> bool:
    """"the smaller transformer ... rejects 1 in 410 (0.24%), while the larger graph network ... rejects 1 in 455. The
    smaller network therefore beats the larger one": each side is the first number after the words that name it in the
    sentence just before (its description, not a label beside the number)."""
    comp = c.comparison
    assert comp is not None
    mine, theirs = subj - obj, obj - subj
    if not mine or not theirs or not before or not re.match(r"\s*(?:the|an?|its|their)\s", comp.object):
        return False  # the other side is named as a thing ("beats the larger one"), not an object of the verb ("more background")
    prev = before[-1]
    words = [(w.start(), stem(w.group(0).lower())) for w in re.finditer(r"[A-Za-z][\w-]{2,}", prev.text[:2000])]
    ps = next((p for p, w in words if w in mine), None)
    po = next((p for p, w in words if w in theirs), None)
    if ps is None or po is None or ps == po:
        return False
    vals = sorted((v for v in prev.results() if v.quantity and v.start < BORROWED), key=lambda v: v.start)
    a = next((v for v in vals if v.start > ps), None)
    b = next((v for v in vals if v.start > po and a is not None and v.quantity == a.quantity), None)
    first, second = (ps, po) if ps < po else (po, ps)
    if a is None or b is None or a is b or a.quantity != b.quantity \
            or not first < (a if ps < po else b).start < second:
        return False  # each side's number stands in its own part of the sentence
    c.values += [a.model_copy(update={"start": BORROWED}), b.model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


def _unnamed_sides(c: Claim, subj: set[str], obj: set[str], before: list[Claim]) -> bool:
    """"Model P gets 0.871, model Q gets 0.869, each with an error of 0.004. So P clearly beats Q": a comparison that
    names no quantity and gives no number is of the two unnamed results the sentence just before gives its two sides
    (each labelled by one side only)."""
    comp = c.comparison
    assert comp is not None
    if c.results() or not before or not obj or QUANTITY_RE.search(c.text[:2000]):
        return False
    pool = [v for v in before[-1].results() if not v.quantity and v.role == "result" and v.start < BORROWED]
    left = [v for v in pool if subj & side_words(v.label) and not obj & side_words(v.label)]
    right = [v for v in pool if obj & side_words(v.label) and not subj & side_words(v.label)]
    if len(left) != 1 or len(right) != 1:
        return False
    c.values += [left[0].model_copy(update={"start": BORROWED}), right[0].model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


def _kin(a: str, b: str) -> bool:
    """Two words of one family ("regressed", "regression"; "decorrelated", "decorrelation"): a long common head."""
    return len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6]


# the side a report's own method is measured against: "the standard soft-drop mass", "the baseline BDT"
STANDARD_SIDE = re.compile(r"\b(?:standard|baseline|default|conventional|usual|traditional|classical)\b", re.I)


def _ours_against_the_standard(c: Claim, before: list[Claim]) -> bool:
    """"The width is 6.1 GeV with the graph network and 5.2 GeV with the standard trimmed mass. So our method gives the
    narrower peak of the two": 'our' side, named by another word than its number's, is the one of the sentence just
    before's two numbers of the compared quantity that is not the standard one."""
    comp = c.comparison
    assert comp is not None
    q = "resolution" if WIDTH_COMPARED.search(comp.word) else next(iter(named), "") if len(
        named := _named_quantities(c.text)) == 1 else ""
    if not q or not before or c.results() or not re.search(r"\bour\b", comp.subject, re.I):
        return False
    vals = [v for v in before[-1].results(q) if v.role == "result" and v.start < BORROWED]
    standard = [v for v in vals if STANDARD_SIDE.search(v.label)]
    if len(vals) != 2 or len(standard) != 1:
        return False
    mine = next(v for v in vals if v is not standard[0])
    c.values += [mine.model_copy(update={"start": BORROWED}), standard[0].model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


def _against_the_other(c: Claim, subj: set[str], before: list[Claim]) -> bool:
    """"The regressed mass has a resolution of 11.2% compared with 9.8% for the soft-drop mass. ... the regression
    therefore improves the resolution": a comparison that names one side and the quantity only is of that side's
    number in the sentence just before against the other number of that quantity there."""
    comp = c.comparison
    assert comp is not None
    head = re.split(r"[,;:(]|\b(?:which|that|so|and|but|because|since)\b", comp.object[:200])[0]  # "the resolution, which ..."
    named = {m.lastgroup for m in QUANTITY_RE.finditer(head)} - {None}
    if side_words(QUANTITY_RE.sub(" ", head)) or len(named) != 1 or not before or c.results():
        return False
    q = named.pop() or ""
    prev = before[-1]
    vals = sorted((v for v in prev.results(q) if v.start < BORROWED), key=lambda v: v.start)
    if len(vals) != 2:
        return False
    at = [w.start() for w in re.finditer(r"[A-Za-z][\w-]{2,}", prev.text[:2000]) if any(_kin(stem(w.group(0).lower()), s) for s in subj)]
    end = vals[1].start + len(vals[1].shown)
    if at and at[0] < vals[0].start and not [p for p in at if vals[0].start < p < end]:
        mine = vals[0]  # "The regressed mass has a resolution of 11.2% compared with 9.8% for the soft-drop mass"
    elif at and at[0] > end and re.fullmatch(r"\s*(?:for|of|from|with|by)\s+(?:(?:the|its|a|an)\s+)?", prev.text[end:at[0]]):
        mine = vals[1]  # "... 9.8%, against 11.2% for the regressed mass"
    else:
        return False  # the side's own word stands between the two numbers, or nowhere: which is whose is not told
    other = vals[1] if mine is vals[0] else vals[0]
    c.values += [mine.model_copy(update={"start": BORROWED}), other.model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "than the reference", "than the baseline", "than the other tagger": the other side, named by its part only
GENERIC_OTHER = re.compile(r"\bthan\s+(?:the|our|its)\s+(?:[\w-]+\s+)?(?:reference|baseline|benchmark|competitor|rival|alternative|"
                           r"other(?:\s+(?:one|model|tagger|network|method))?)\b", re.I)


def _against_the_reference(c: Claim, subj: set[str], before: list[Claim]) -> bool:
    """"... 9.1e-4 for LGT, against 7.7e-4 for ParticleNet. LGT therefore lets through fewer QCD jets than the
    reference": a side named by its part ('the reference', 'the baseline') is the one other number of the quantity the
    sentence names, in the sentence just before, beside the number of the side named."""
    comp = c.comparison
    assert comp is not None
    named = _named_quantities(c.text)
    if not (generic := GENERIC_OTHER.search(c.text)) or len(named) != 1 or not before or c.results():
        return False
    q = next(iter(named))
    vals = [v for v in before[-1].results(q) if v.role == "result" and v.start < BORROWED]
    if not vals and comp.relation in ("better", "worse") and q in REJECTION_FAMILY:
        vals = [v for v in before[-1].results(*REJECTION_FAMILY) if v.role == "result" and v.start < BORROWED]
        # ("suppresses the background better" of two rejections: better, not higher, is the same either way)
    mine = [v for v in vals if subj & side_words(v.label)]
    theirs = [v for v in vals if side_words(generic.group(0)) & side_words(v.label) and not subj & side_words(v.label)]
    if len(mine) != 1 and len(vals) == 2 and len(theirs) == 1:
        mine = [v for v in vals if v is not theirs[0]]  # "the 8-bit model ... than the floating-point reference" after "the
        # quantised model has 3.4% against 3.0% for the floating-point reference": the subject is renamed, the reference is not
    if len(vals) != 2 or len(mine) != 1 or len({v.quantity for v in vals}) != 1:
        return False
    other = next(v for v in vals if v is not mine[0])
    c.values += [mine[0].model_copy(update={"start": BORROWED}), other.model_copy(update={"start": BORROWED + 1})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "improves on the default", "beats the baseline": the side a verdict sets its subject against, named by its role
DEFAULT_SIDE = re.compile(r"\b(?:on|over|than|against|vs\.?|versus|beats?|outperforms?)\s+(?:the\s+)?(?P<w>default|baseline|reference|nominal)\b",
                          re.I)


def _against_the_default_in_brackets_before(c: Claim, before: list[Claim]) -> bool:
    """"best trial: val_loss 0.4127 (default config 0.4093, delta +0.0034)" then "the tuned config improves on the
    default": a verdict with no numbers set against a side named by its role, right after a line that gives one result of
    a named quantity and one other number whose label names that role: the other is the same quantity, for the default."""
    comp = c.comparison
    assert comp is not None
    m = DEFAULT_SIDE.search(c.text)
    if m is None or c.results() or not before or comp.relation not in ("better", "worse"):
        return False
    vals = [v for v in before[-1].results() if v.role == "result" and v.start < BORROWED]
    if len(vals) != 2:
        return False
    named = [v for v in vals if v.quantity and m["w"].lower() not in v.label.lower()]
    other = [v for v in vals if m["w"].lower() in v.label.lower() and (not v.quantity or named and v.quantity == named[0].quantity)]
    if len(named) != 1 or len(other) != 1 or named[0] is other[0]:
        return False
    q = named[0].quantity
    c.values += [named[0].model_copy(update={"start": BORROWED}), other[0].model_copy(update={"start": BORROWED + 1, "quantity": q})]
    comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
    return True


# "keeps fewer QCD jets", "lets through more background": the share of background jets a cut keeps is its mistag rate
KEPT_BACKGROUND = re.compile(r"\b(?:keeps?|kept|lets?(?: through)?|pass(?:es)?|accepts?|selects?|admits?)\s+(?:(?:far|many|much|a lot)\s+)?"
                             r"(?:fewer|more|less)\s+(?:QCD|background|bkg|light|gluon)\b", re.I)
COUNTED_SIDES = re.compile(r"\b(?:of|among|across)\s+(?:the|all)\s+(?P<n>two|three|four|five|six|\d)\b", re.I)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# "suppresses the QCD background better": how much background a tagger lets through, its mistag rate (1 / its rejection)
SUPPRESSED_BACKGROUND = re.compile(r"\bsuppress(?:es|ed|ing)?\s+(?:the\s+|its\s+)?(?:QCD|background|bkg|light|gluon|multijet)\b", re.I)


def _named_quantities(text: str) -> set[str]:
    named = {m.lastgroup for m in QUANTITY_RE.finditer(text[:400]) if not WORKING_POINT_NAME.search(text, 0, m.start())}
    if KEPT_BACKGROUND.search(text[:400]) or SUPPRESSED_BACKGROUND.search(text[:400]) and not named & REJECTION_FAMILY:
        named.add("fake_rate")
    return {q for q in named if q}


FAR_NAMES = 40  # more names than this holding one quantity: no sentence's two sides can be told among them


Named = tuple[list[tuple[Claim, Value]], dict[str, set[str]]]


def _labelled(claims: list[Claim], q: str, c: Claim, cache: dict[str, Named]) -> tuple[list[Value], dict[str, set[str]]]:
    """Every result of `q` the report states under a name of its own (a table row's lead, a record's tag), anywhere,
    and the words of each name that no other name shares ("alpha" of "alpha-net" beside "beta-net": what tells the
    sides apart). Read once per report and quantity; none where more than FAR_NAMES names hold it."""
    if q not in cache:
        found = [(d, v) for d in claims for v in d.results(q) if v.role == "result" and v.start < BORROWED
                 and side_words(v.label)]
        names = {v.label: side_words(v.label) for _, v in found}
        if len(names) > FAR_NAMES:
            found, names = [], {}
        own = {lab: {w for w in ws if not any(w in other for other in names.values() if other != ws)}
               for lab, ws in names.items()}
        cache[q] = (found, own)
    found, own = cache[q]
    return [v for d, v in found if d is not c], own


def _sides_anywhere(c: Claim, subj: set[str], obj: set[str], claims: list[Claim],
                    far: dict[str, Named]) -> bool:
    """"At eps_S = 0.3 tagger A keeps fewer QCD jets than tagger B" with the two taggers' rows twenty lines above: when
    no reading near the sentence finds its two sides, they are the numbers the report states under their names anywhere,
    of the quantity the sentence names (it must name one), when each name holds exactly one value of it in the whole
    report: the partner of a comparison is where the report put it, not where a window looks."""
    comp = c.comparison
    assert comp is not None
    mine, theirs = subj - obj, obj - subj
    if not mine or not theirs:
        return False
    for q in sorted(_named_quantities(c.text)):
        pool, own = _labelled(claims, q, c, far)
        left = {v.value: v for v in pool if mine & own[v.label] and not theirs & own[v.label]}
        right = {v.value: v for v in pool if theirs & own[v.label] and not mine & own[v.label]}
        if len(left) == 1 and len(right) == 1:
            a, b = next(iter(left.values())), next(iter(right.values()))
            c.values += [a.model_copy(update={"start": BORROWED}), b.model_copy(update={"start": BORROWED + 1})]
            comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
            return True
    return False


def _counted_superlative(c: Claim, claims: list[Claim], far: dict[str, Named]) -> None:
    """"X has the lowest mistag rate of the three networks", the three stated anywhere in the report: the superlative
    counts its rivals, so when the report states the quantity it names under exactly that many names, one value each,
    those are its sides, wherever they stand."""
    comp = c.comparison
    assert comp is not None
    m = COUNTED_SIDES.search(comp.object)
    subj = side_words(re.split(r"[,;:]", comp.subject)[-1])
    if m is None or not subj:
        return
    n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]
    for q in sorted(_named_quantities(comp.object)):
        pool, own = _labelled(claims, q, c, far)
        sides: dict[frozenset[str], dict[float, Value]] = {}
        for v in pool:
            sides.setdefault(frozenset(own[v.label]), {})[v.value] = v
        if len(sides) != n or any(len(vals) != 1 for vals in sides.values()):
            continue
        mine = [next(iter(vals.values())) for lab, vals in sides.items() if subj & lab]
        others = [next(iter(vals.values())) for lab, vals in sides.items() if not subj & lab]
        hb = HIGHER_BETTER.get(q)
        if len(mine) != 1 or len(others) != n - 1 or (comp.relation in ("better", "worse") and hb is None):
            continue
        up = comp.relation == "higher" or (comp.relation in ("better", "worse") and hb == (comp.relation == "better"))
        rival = max(others, key=lambda v: v.value) if up else min(others, key=lambda v: v.value)
        c.values += [mine[0].model_copy(update={"start": BORROWED}), rival.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return
