"""The analysis spec: the one typed record of what the user asked.

Both backends fill it: the offline parser (`agents.llm.offline_parse.parse_spec`) from plain
language, a model through structured output (the JSON schema of `AnalysisSpec`). A field left
`None` (or empty) was not stated: the planner fills it from the preset and says so. A stated
value must reach a tool argument unchanged, or the plan must say why it changed
(`agents.fidelity`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from omnijet.presets import Preset

Task = Literal["generate", "tokenizer", "pretrain", "finetune", "anomaly", "review"]
JetProcess = Literal["top", "qcd", "wqq", "zqq"]
Strategy = Literal["scratch", "finetune", "frozen-backbone"]
TokenizerKind = Literal["conditional", "unconditional", "binned"]
AnomalyMethod = Literal["likelihood", "cwola"]
Observable = Literal["mass", "pt", "n", "tau21", "tau32"]
# what a quantity can be measured on: the jet observables and the constituent features
Feature = Literal["mass", "pt", "n", "tau21", "tau32", "part_pt", "part_eta", "part_phi"]
# the metrics of the measurement catalogue (agents/measures.py declares each one)
MetricName = Literal[
    "accuracy", "auc", "rejection_at_efficiency", "efficiency_at_rejection", "max_sic",
    "codebook_usage", "dead_codes", "perplexity", "bias", "resolution",
    "w1", "ks_test", "generation_auc", "generated_mean",
    "likelihood_nll", "likelihood_auc",
    "anomaly_auc", "anomaly_max_sic", "anomaly_tpr_at_max_sic", "anomaly_excess",
    "anomaly_efficiency_at_rejection", "anomaly_rejection_at_efficiency",
    "mean", "median", "quantile", "central_width", "fraction", "correlation",
]
Subject = Literal["top", "qcd", "wqq", "zqq", "scratch", "finetune", "frozen-backbone",
                  "conditional", "unconditional", "binned", "likelihood", "cwola"]

TASK_ORDER: tuple[Task, ...] = ("generate", "tokenizer", "pretrain", "finetune", "anomaly", "review")


class Quantity(BaseModel):
    """One quantity asked for: a catalogue metric, what it is measured on, under which condition,
    and (when asked) the comparison. `default`: not named by the request, the family's stock
    answer (said so in the report). `evidence`: the request's words it was read from."""

    model_config = ConfigDict(extra="forbid")

    metric: MetricName = Field(description="the catalogue metric (prompts/spec.md lists them)")
    subject: Subject | None = Field(None, description=(
        "what it is measured on: a class, a strategy, a tokenizer kind or an anomaly method"))
    observable: Feature | None = Field(None, description="the observable or constituent feature")
    observable2: Feature | None = Field(None, description="the second observable of a correlation")
    efficiency: float | None = Field(None, gt=0, le=1, description="signal efficiency of the operating point (30% = 0.3)")
    rejection: float | None = Field(None, gt=1, description="background rejection 1/eps_B of the operating point")
    low: float | None = Field(None, description="lower edge of a window or a cut 'above X' (the observable's unit)")
    high: float | None = Field(None, description="upper edge of a window or a cut 'below X'")
    low_inclusive: bool = Field(True, description=(
        "the lower edge kept: true for x >= low ('at least 60', '60 or more'), false for x > low "
        "('more than 60', 'above', 'exceeding')"))
    high_inclusive: bool = Field(False, description=(
        "the upper edge kept: true for x <= high ('at most 40', '40 or fewer', 'no more than'), false for "
        "x < high ('below', 'less than', 'under')"))
    quantile: float | None = Field(None, gt=0, lt=1, description=(
        "the quantile asked (90th percentile = 0.9); for central_width the central fraction (middle 80% = 0.8)"))
    compare: list[Subject] = Field(default_factory=list, description=(
        "two subjects compared ('does frozen match fine-tuned': [frozen-backbone, finetune]; 'is the median "
        "tau21 of W jets lower than QCD's': [wqq, qcd])"))
    unsupported: str | None = Field(None, description=(
        "the request's words for an observable no tool computes (e.g. 'jet girth'); null otherwise"))
    default: bool = Field(False, description="true: the family's default, not named in the request")
    evidence: str | None = Field(None, description="the words of the request that ask for it")

    def key(self) -> tuple[object, ...]:
        """What makes two readings the same quantity (evidence and default aside; an edge's
        strictness only where there is that edge)."""
        return (self.metric, self.subject, self.observable, self.observable2, self.efficiency, self.rejection,
                self.low, self.high, self.low is not None and self.low_inclusive,
                self.high is not None and self.high_inclusive, self.quantile,
                tuple(sorted(self.compare)), self.unsupported)


class AnalysisSpec(BaseModel):
    """What was asked. `None` / empty: not stated (the preset decides, and the plan says so)."""

    model_config = ConfigDict(extra="forbid")

    tasks: list[Task] = Field(default_factory=list, description=(
        "what to do, in order: generate (jets with Pythia), tokenizer (train a VQ-VAE / binned "
        "tokenizer and measure token quality), pretrain (GPT backbone, then generate jets and "
        "compare them to real ones), finetune (jet tagger: pretrained backbone vs from scratch), "
        "anomaly (LHC Olympics-style dijet anomaly detection), review (check a report)"))
    classes: list[JetProcess] = Field(default_factory=list, description=(
        "jet classes involved (top, qcd, wqq = W->qq, zqq = Z->qq); a top tagger means top and qcd"))
    signal: JetProcess | None = Field(None, description="the signal class of a tagger")
    background: JetProcess | None = Field(None, description="the background class of a tagger")
    n_jets: int | None = Field(None, ge=1, description="jets to generate per class for training data")
    labels: list[int] = Field(default_factory=list, description=(
        "labelled training-set sizes of the tagger (e.g. [100, 1000])"))
    labels_per_class: bool = Field(False, description=(
        "true when the sizes count jets of one class ('50 labelled tops'), false for the total"))
    seeds: int | None = Field(None, ge=1, le=20, description="random seeds per point")
    strategies: list[Strategy] = Field(default_factory=list, description=(
        "tagger training strategies: scratch, finetune (all weights), frozen-backbone"))
    tokenizers: list[TokenizerKind] = Field(default_factory=list, description=(
        "tokenizer kinds to train; 'compare conditional to binned' means both"))
    codebooks: list[int] = Field(default_factory=list, description="codebook sizes (codes)")
    n_generate: int | None = Field(None, ge=1, description="jets to sample from the trained GPT")
    signal_fractions: list[float] = Field(default_factory=list, description=(
        "injected signal fractions S/(S+B) for anomaly detection, as fractions (1% = 0.01)"))
    n_events: int | None = Field(None, ge=1, description="background dijet events for anomaly detection")
    anomaly_methods: list[AnomalyMethod] = Field(default_factory=list, description=(
        "likelihood (unsupervised GPT likelihood) and/or cwola (weakly supervised)"))
    observables: list[Observable] = Field(default_factory=list, description=(
        "jet observables the request names, in its order: mass, pt (transverse momentum), "
        "n (constituent multiplicity), tau21, tau32 (N-subjettiness ratios)"))
    epochs: int | None = Field(None, ge=1, description="training epochs, when stated")
    preset: Preset | None = Field(None, description="model and data scale, when stated")
    report: str | None = Field(None, description="path of the report to review")
    data: list[str] = Field(default_factory=list, description=(
        "event files the request hands over to be searched (an anomaly search on given data, "
        "e.g. a black box .h5): nothing is generated or injected then"))
    quantities: list[Quantity] = Field(default_factory=list, description=(
        "the quantities the request asks for (metric, subject, condition, comparison); "
        "empty: the family's default answer"))
    question: str | None = Field(None, description="the question to answer, in the user's words")

    def stated(self) -> dict[str, object]:
        """The fields the request set (everything not None / empty / default)."""
        out: dict[str, object] = {}
        for name, value in self:
            if name in ("question",) or value is None or value == [] or value is False:
                continue
            out[name] = value
        return out

    def primary(self) -> Task | None:
        """The last task in pipeline order: what the report must answer."""
        return max(self.tasks, key=TASK_ORDER.index) if self.tasks else None
