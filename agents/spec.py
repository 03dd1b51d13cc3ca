"""The analysis spec: the one typed record of what the user asked.

Both backends fill it: the offline parser (`agents.llm.offline_parse.parse_spec`) from plain
language, a model through structured output (the JSON schema of `AnalysisSpec`). A field left
`None` (or empty) was not stated: the planner fills it from the preset and says so. A stated
value must reach a tool argument unchanged, or the plan must say why it changed
(`agents.fidelity`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from omnijet.presets import InputMode, Objective, Preset

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
    "sic_at_efficiency", "anomaly_sic_at_efficiency",
    "codebook_usage", "dead_codes", "perplexity", "bias", "resolution",
    "w1", "ks_test", "generation_auc", "generated_mean", "generated_std", "overfitting",
    "likelihood_nll", "likelihood_auc",
    "anomaly_auc", "anomaly_max_sic", "anomaly_tpr_at_max_sic", "anomaly_excess",
    "anomaly_efficiency_at_rejection", "anomaly_rejection_at_efficiency",
    "mean", "std", "median", "quantile", "central_width", "fraction", "correlation", "class_ks", "observable_auc", "cut_value", "peak", "peak_width",
    "labels_to_accuracy", "labels_to_auc", "calibration",
]
Subject = Literal["top", "qcd", "wqq", "zqq", "scratch", "finetune", "frozen-backbone",
                  "conditional", "unconditional", "binned", "likelihood", "cwola", "generated"]

TASK_ORDER: tuple[Task, ...] = ("generate", "tokenizer", "pretrain", "finetune", "anomaly", "review")


# the words that name what the GPT reads and how it is pretrained (the offline parser reads the
# request with them; the planner finds a second one named beside the one asked)
GPT_INPUT_NAMES: list[tuple[InputMode, str]] = [
    ("continuous", r"\bdecoded (?:code )?features\b"),
    ("features", r"\b(?:continuous|hybrid)(?:[- ]feature)? (?:inputs?|backbone|gpt|model)\b|\bcontinuous (?:particle )?features\b"
                 r"|\b(?:(?:constituents?'?|particles?'?)\s+(?:own\s+)?|own\s+)(?:preprocessed\s+)?features\b|\bfeature inputs?\b"),
    ("tokens", r"\btoken[- ](?:embeddings?|inputs?|version|model|gpt|backbone|ids? as inputs?)\b|\b(?:discrete )?tokens? as inputs?\b")]
OBJECTIVE_NAMES: list[tuple[Objective, str]] = [  # joint first: it is also named by its parts
    ("joint", r"\bjoint(?:ly)?\b[^.;?]{0,30}\b(?:objective|pretrain\w*|loss|training)\b|\bboth objectives\b"
              r"|\bnext[- ]token (?:prediction )?(?:and|plus|\+) masked[- ]particle\b"),
    ("masked", r"\bmasked[- ]particle\b|\bmpm\b|\bmasked (?:particle )?(?:modell?ing|objective|pretraining)\b"),
    ("next-token", r"\bnext[- ]token\b")]
# 'how does the accuracy change with the number of labels?': a dependence on the label count, which one size cannot show
LABEL_SCAN = re.compile(r"\b(?:with|vs\.?|versus|against|as a function of|depend\w* on|scal\w* with|for different|for various|"
                         r"(?:doubl|tripl|quadrupl|halv|increas|rais|grow)\w*|"
                         r"across|over)\s+(?:the\s+)?(?:number|amount|count|size)\s+of\s+(?:labell?ed|training)?\s*(?:jets|labels|"
                         r"examples)\b|\blabel(?:led)?[- ](?:scan|budgets)\b")
# the sense a likelihood question asks of the first of two classes: 'give top jets a lower likelihood', 'less likely',
# 'a higher NLL' (the less likely: a lower likelihood is a higher negative log-likelihood) against 'more probable',
# 'a lower NLL'
_LIKELY = r"(?:(?:log[- ]?)?likelihoods?|probab\w*|likely|probable)"
_NLL = r"(?:nll|negative log[- ]?likelihood|loss|surprisal)"
LESS_LIKELY = re.compile(rf"\b(?:lower|smaller|less|reduced)\s+{_LIKELY}|\b(?:higher|larger|greater|bigger|more)\s+{_NLL}\b|\bunlikel")
MORE_LIKELY = re.compile(rf"\b(?:higher|larger|greater|bigger|more)\s+{_LIKELY}|\b(?:lower|smaller|less)\s+{_NLL}\b")
BACKBONE_WORDS = {"tokens": "token embeddings", "features": "the constituents' own features",
                  "continuous": "each code's decoded features", "next-token": "next-token prediction",
                  "masked": "masked-particle prediction", "joint": "next-token + masked-particle prediction"}


class Quantity(BaseModel):
    """One quantity asked for: a catalogue metric, what it is measured on, under which condition,
    and (when asked) the comparison. `default`: not named by the request, the family's stock
    answer (said so in the report). `evidence`: the request's words it was read from."""

    model_config = ConfigDict(extra="forbid")

    metric: MetricName = Field(description="the catalogue metric (prompts/spec.md lists them)")
    subject: Subject | None = Field(None, description=(
        "what it is measured on: a class, a strategy, a tokenizer kind, an anomaly method, or the jets "
        "generated by the GPT ('generated': a data quantity of the GPT's jets)"))
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
    target: float | None = Field(None, gt=0, lt=1, description=(
        "the accuracy or AUC that labels_to_accuracy / labels_to_auc asks the tagger to reach (90% = 0.9)"))
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
                self.high is not None and self.high_inclusive, self.quantile, self.target,
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
    pretrain_classes: list[JetProcess] = Field(default_factory=list, description=(
        "the classes the tokenizer and GPT are pretrained on, when the request names them apart from the tagger's "
        "('pretrain on top and QCD, then tag W jets': [top, qcd]); empty: every class"))
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
    beyond_catalogue: list[str] = Field(default_factory=list, max_length=8, description=(
        "what the request asks that no catalogue plan carries, each in a few words ('keeping only the 30 "
        "leading constituents per jet'); empty when the catalogue's plans carry everything asked"))
    n_generate: int | None = Field(None, ge=1, description="jets to sample from the trained GPT")
    signal_fractions: list[float] = Field(default_factory=list, description=(
        "injected signal fractions S/(S+B) for anomaly detection, as fractions (1% = 0.01); with a GPT trained on "
        "QCD jets (a likelihood quantity), the share of another class's jets mixed into its training jets "
        "('inject 1% top jets into QCD')"))
    n_events: int | None = Field(None, ge=1, description="background dijet events for anomaly detection")
    anomaly_methods: list[AnomalyMethod] = Field(default_factory=list, description=(
        "likelihood (unsupervised GPT likelihood) and/or cwola (weakly supervised)"))
    observables: list[Observable] = Field(default_factory=list, description=(
        "jet observables the request names, in its order: mass, pt (transverse momentum), "
        "n (constituent multiplicity), tau21, tau32 (N-subjettiness ratios)"))
    epochs: int | None = Field(None, ge=1, description="training epochs, when stated")
    learning_rate: float | None = Field(None, gt=0, le=1, description=(
        "the learning rate of the training the request is about (the tagger's when it fine-tunes, the GPT's when it "
        "pretrains, the tokenizer's when it trains one), when stated"))
    learning_rate_of: Literal["tokenizer", "pretrain", "finetune"] | None = Field(None, description=(
        "the training that learning rate is for when the request names it ('pretrain with lr 5e-4, then fine-tune': "
        "pretrain); null: the request's last task"))
    head: Literal["sum", "class_attention"] | None = Field(None, description=(
        "the tagger's classification head, when named: sum (pooled sum) or class_attention"))
    gpt_inputs: InputMode | None = Field(None, description=(
        "what the GPT reads, when named: tokens (token embeddings, the paper), features (each "
        "constituent's own features: 'continuous inputs', the hybrid of arXiv:2512.04149), continuous "
        "(each code's decoded features)"))
    objective: Objective | None = Field(None, description=(
        "the GPT's pretraining objective, when named: next-token, masked (masked-particle) or joint (both)"))
    pt_min: float | None = Field(None, gt=0, description=(
        "lower edge of the jet pT window the jets are generated in, GeV ('top jets with pT between 800 and 1200 GeV')"))
    pt_max: float | None = Field(None, gt=0, description="upper edge of that jet pT window, GeV")
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
