"""The typed records of a report's results: a `Claim`, the `Value`s it states and the `Comparison`
it makes. pydantic, so that a model fills them through structured output and other checks reuse
them (`agents.referee.claims` exports them with the extractor)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

BORROWED = 10_000  # `Value.start` of a number a comparison took from a claim nearby (checked where it stands)
Role = Literal["result", "control", "classifier_test", "threshold", "difference", "size", "seeds", "setting"]
Relation = Literal["better", "worse", "higher", "lower", "similar"]


class Value(BaseModel):
    """One number of a claim. Percentages of bounded quantities are stored as fractions."""

    quantity: str = ""  # canonical name (QUANTITIES), "" when the text does not say
    value: float
    shown: str  # as printed: "83.2%"
    uncertainty: float | None = None  # one standard error, same scale as `value`
    interval: tuple[float, float] | None = None
    bound: Literal["<", ">", ""] = ""  # "p < 0.001"
    unit: str = ""
    label: str = ""  # the words that say what it is of ("fine-tuned tagger")
    role: Role = "result"
    start: int = 0  # offset in the claim's text (orders the numbers)


class Comparison(BaseModel):
    relation: Relation
    left: int | None = None  # index into `Claim.values` (None: the sides are named, not numbered here)
    right: int | None = None  # the other side, or None with `reference`
    reference: float | None = None  # a threshold such as chance (0.5)
    negated: bool = False
    word: str = ""
    subject: str = ""  # words before the comparative ("fine-tuning is")
    object: str = ""  # words after it ("than training from scratch")
    superlative: bool = False  # "X gives the best AUC": X against every other of its kind nearby


class Claim(BaseModel):
    line: int
    text: str
    values: list[Value] = Field(default_factory=list)
    comparison: Comparison | None = None
    qualifiers: list[str] = Field(default_factory=list)  # QUALIFIERS keys, "not_" when negated
    sample_size: int | None = None  # test events / jets stated for the result
    n_signal: int | None = None
    n_background: int | None = None
    seeds: int | None = None
    kind: Literal["prose", "row"] = "prose"
    context: str = ""  # heading or JSON path
    breaks: list[tuple[int, int]] = Field(default_factory=list)  # a wrapped sentence: (offset in `text`, line) of each line
    source: Literal["rules", "model"] = "rules"
    disowned: list[str] = Field(default_factory=list)  # qualifiers or comparison words it quotes from others and rejects

    def results(self, *quantities: str) -> list[Value]:
        return [v for v in self.values if v.role in ("result", "control", "classifier_test")
                and (not quantities or v.quantity in quantities)]

    def line_at(self, offset: int) -> int:
        """The line `text[offset]` stands on (a wrapped sentence spans several)."""
        return max((ln for off, ln in self.breaks if off <= offset), default=self.line)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quantity(self) -> str:
        r = self.results()
        return r[0].quantity if r else ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> float | None:
        r = self.results()
        return r[0].value if r else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def uncertainty(self) -> float | None:
        r = self.results()
        return r[0].uncertainty if r else None
