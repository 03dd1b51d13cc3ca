"""One typed config per operation: every setting, its default and its limits, declared once.

    DataConfig            omnijet-agent data generate       tool generate_data
    TokenizerTrainConfig  omnijet-agent tokenizer train     tool train_tokenizer
    TokenQualityConfig    omnijet-agent tokenizer eval      tool token_quality
    TokenizeConfig        omnijet-agent tokenize            tool tokenize
    PretrainConfig        omnijet-agent pretrain            tool pretrain
    GenerateJetsConfig    omnijet-agent generate            tool generate_jets
    GenerationEvalConfig  omnijet-agent evaluate-generation tool evaluate_generation
    FinetuneScanConfig    omnijet-agent finetune            tool finetune_scan
    AnomalyScanConfig     omnijet-agent anomaly             tool anomaly_scan
    ResonanceSearchConfig omnijet-agent search              tool resonance_search

The CLI options (omnijet/cli/options.py) and the tool input models (tools/base.py
`tool_input`) are generated from these models, and `omnijet.operations` runs an operation from
its config whole; nothing re-declares a field or a default (tests/test_configs.py checks it).

Paths are marked `InputFile` (must exist) or `OutputPath` (written), so the tools can map them
into a sandbox workspace. `Cli(...)` gives a field extra option names (`--jets` for `n`).

Config files: `load_file(path, Config)` reads YAML or TOML, either a flat mapping of fields or
the resolved record every run writes (`config.yaml` in a run folder, `<file>.config.yaml`
beside an output file): {command, config, created}. `omnijet-agent rerun` repeats a run from it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from omnijet.errors import ConfigError
from omnijet.presets import DEFAULT_PRESET, InputMode, Objective, Preset, Pretraining, sizes

# a pretrained backbone's name in plot legends (two backbones compared): plain words only
BACKBONE_LABEL = r"^[A-Za-z0-9 _.,+()-]{1,40}$"


class PathRole:
    """Metadata of a path field: an input that must exist, or an output to write."""

    def __init__(self, must_exist: bool) -> None:
        self.must_exist = must_exist

    def __repr__(self) -> str:
        return "InputFile" if self.must_exist else "OutputPath"


INPUT, OUTPUT = PathRole(True), PathRole(False)
InputFile = Annotated[Path, INPUT]
OutputPath = Annotated[Path, OUTPUT]


class Cli:
    """Extra command-line names of a field (the first is the canonical `--field-name`)."""

    def __init__(self, *names: str) -> None:
        self.names = names


Process = Literal["qcd", "top", "wqq", "zqq", "lhco_qcd", "lhco_signal"]
Strategy = Literal["scratch", "finetune", "frozen-backbone"]
Device = Annotated[str, Field(description="auto | cpu | cuda | cuda:N")]
# generation (omnijet/backbone/generate.py sample_sequences): the number type of the sampling,
# and what runs each cached decode step
Precision = Literal["auto", "fp32", "bf16"]
Decoder = Literal["model", "fused", "compiled"]


class OpConfig(BaseModel):
    """Base of the operation configs: unknown fields are an error; values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    command: ClassVar[str]  # the CLI command, e.g. "tokenizer train"
    out_is_dir: ClassVar[bool] = True  # `out` is a run folder (else a file)

    def output(self) -> Path:
        """The run folder, or the output file."""
        return Path(self.out)  # type: ignore[attr-defined]

    def record_path(self) -> Path:
        """Where this run's resolved config is written."""
        out = self.output()
        return out / "config.yaml" if self.out_is_dir else out.with_name(out.name + ".config.yaml")

    def record(self) -> dict[str, Any]:
        from omnijet.utils import provenance

        def absolute(v: Any) -> Any:  # paths as absolute, so a rerun works from anywhere
            if isinstance(v, Path):
                return str(v.absolute())
            return [absolute(x) for x in v] if isinstance(v, list) else v

        config = {k: absolute(v) for k, v in self.model_dump().items()}
        return {"command": self.command, "config": config, "created": provenance()["created"]}


# ---- data ----------------------------------------------------------------------------------
class DataConfig(OpConfig):
    command: ClassVar[str] = "data generate"
    out_is_dir: ClassVar[bool] = False

    process: Process = Field(description=(
        "qcd / top / wqq / zqq: single jets (JetClass ROOT file, anti-kT R=0.8); lhco_qcd / "
        "lhco_signal: dijet events, LHC Olympics R&D layout (HDF5)"))
    n: Annotated[int, Cli("--n", "--jets", "--events")] = Field(
        ge=1, le=2_000_000, description="jets (jet processes) or events (lhco_*)")
    out: OutputPath | None = Field(None, description="file to write; default data/<process>_<n>_s<seed>.root|.h5")
    seed: int = Field(0, ge=0, description="random seed: the same seed gives the same jets")
    workers: int = Field(1, ge=1, le=16, description="parallel Pythia processes")
    pt_min: float = Field(500.0, gt=0, description="jet pT window lower edge, GeV (jet processes)")
    pt_max: float = Field(1000.0, gt=0, description="jet pT window upper edge, GeV")
    overwrite: bool = Field(False, description="replace an existing output file")

    @model_validator(mode="before")
    @classmethod
    def _count(cls, values: Any) -> Any:
        if isinstance(values, dict):
            what = "events" if str(values.get("process", "")).startswith("lhco") else "jets"
            n = values.get("n")
            if n is None:
                raise ValueError("give the number of jets (--jets) or events (--events)")
            if isinstance(n, int) and n <= 0:
                raise ValueError(f"number of {what} must be > 0, got {n}")
        return values

    @model_validator(mode="after")
    def _window(self) -> DataConfig:
        if self.pt_min >= self.pt_max:
            raise ValueError(f"the jet pT window needs pt_min < pt_max, got {self.pt_min} >= {self.pt_max}")
        return self

    def output(self) -> Path:
        suffix = ".h5" if self.process.startswith("lhco") else ".root"
        return self.out or Path(f"data/{self.process}_{self.n}_s{self.seed}{suffix}")


# ---- tokenizer -----------------------------------------------------------------------------
class TokenizerTrainConfig(OpConfig):
    command: ClassVar[str] = "tokenizer train"

    data: list[InputFile] = Field(min_length=1, max_length=20, description="jet files (.root JetClass or .h5 LHCO)")
    out: OutputPath = Field(Path("runs/tokenizer"), description="run folder (best.pt, last.pt, history.json, metrics.json)")
    kind: Literal["conditional", "unconditional", "binned"] = Field(
        "conditional", description="conditional: NormFormer VQ-VAE (paper); unconditional: "
        "per-constituent MLP; binned: regular grid baseline")
    preset: Preset = Field(DEFAULT_PRESET, description="model size: tiny (seconds on CPU), small, paper")
    codebook_size: Annotated[int | None, Cli("--codebook-size", "--codebook")] = Field(
        None, ge=8, le=65_536, description="codebook size (default: the preset's)")
    epochs: int = Field(20, ge=1, le=1000)
    batch_size: int = Field(512, ge=8, le=8192)
    lr: float = Field(1e-3, gt=0, le=1.0)
    patience: int = Field(5, ge=1, description="early stopping patience in epochs")
    max_jets: int | None = Field(None, ge=10, description="use at most this many jets")
    val_frac: float = Field(0.2, gt=0, lt=1, description="fraction of jets held out for validation")
    seed: int = Field(0, ge=0)
    device: Device = "auto"
    resume: bool = Field(True, description="continue from out/last.pt if present")


class TokenQualityConfig(OpConfig):
    command: ClassVar[str] = "tokenizer eval"

    tokenizer: InputFile = Field(description="tokenizer checkpoint (best.pt)")
    data: list[InputFile] = Field(min_length=1, max_length=20, description="jet files to reconstruct")
    out: OutputPath = Field(Path("runs/token_quality"), description="folder for metrics.json and plots")
    max_jets: int | None = Field(None, ge=10, description="use at most this many jets")
    classifier: bool = Field(True, description="DeepSets accuracy on original vs reconstructed jets")
    device: Device = "auto"


class TokenizeConfig(OpConfig):
    command: ClassVar[str] = "tokenize"
    out_is_dir: ClassVar[bool] = False

    tokenizer: InputFile = Field(description="tokenizer checkpoint (best.pt)")
    data: list[InputFile] = Field(min_length=1, max_length=20, description="jet files to tokenize")
    out: OutputPath = Field(description="token file to write (.pt)")
    max_jets: int | None = Field(None, ge=1, description="use at most this many jets")
    device: Device = "auto"
    overwrite: bool = Field(False, description="replace an existing output file")
    features: bool = Field(False, description=(
        "also keep each constituent's preprocessed features, the inputs of a GPT pretrained with "
        "input_mode features"))


# ---- backbone ------------------------------------------------------------------------------
class PretrainConfig(OpConfig):
    command: ClassVar[str] = "pretrain"

    tokens: InputFile = Field(description="training token file (.pt, from tokenize)")
    val_tokens: InputFile | None = Field(None, description="validation tokens; default 10% of train")
    out: OutputPath = Field(Path("runs/gpt"), description="run folder (best.pt, last.pt, history.json)")
    preset: Preset = Field(DEFAULT_PRESET, description="backbone size: tiny (CPU seconds), small, paper (3 blocks, 256 dim)")
    epochs: int = Field(10, ge=1, le=1000)
    batch_size: int = Field(256, ge=1, le=8192, description="jets per step (per process under torchrun)")
    lr: float = Field(1e-3, gt=0, le=1.0)
    patience: int | None = Field(5, ge=1, description="early stopping patience in epochs (none: never stop early)")
    max_steps_per_epoch: int | None = Field(None, ge=1, description="cap steps per epoch (quick runs)")
    seed: int = Field(0, ge=0)
    device: Device = "auto"
    tokenizer: InputFile | None = Field(None, description="tokenizer the tokens came from (recorded, vocab checked)")
    input_mode: InputMode | None = Field(None, description=(
        "backbone inputs (default: the preset's, omnijet/presets.py): tokens (an embedding table, the paper) | continuous (an MLP over each "
        "code's decoded features, arXiv:2512.04149; needs the tokenizer) | features (the same MLP over "
        "each constituent's own preprocessed features, kept in the token file by tokenize --features; "
        "generation feeds back the sampled code's mean features); targets are codes"))
    objective: Objective | None = Field(None, description=(
        "default: the preset's; next-token (generative) | masked (masked-particle: predict masked particles' codes, "
        "bidirectional; cannot generate) | joint (next-token + mpm_weight x masked)"))
    mask_fraction: float = Field(0.4, gt=0, lt=1, description="fraction of each jet's particles masked (masked, joint; paper 0.4)")
    mpm_weight: float = Field(1.0, gt=0, le=100, description="weight of the masked-particle loss in joint (paper 1)")
    code_mean_fraction: float | None = Field(None, ge=0, lt=1, description=(
        "input_mode features (default: the preset's): fraction of the training jets fed their codes' mean features instead of their own, "
        "so that generation, which has only the sampled codes, sees inputs the GPT was trained on"))
    code_embedding: bool = Field(False, description=(
        "input_mode continuous or features: also add a learned embedding of each constituent's code to the MLP "
        "of its features, so the code's identity reaches the GPT as with token inputs (generation feeds back "
        "the sampled code)"))

    def pretraining(self) -> Pretraining:
        """The inputs, objective and code-mean fraction of this run: those given, else the preset's."""
        p = sizes(self.preset).pretraining
        return Pretraining(self.input_mode or p.input_mode, self.objective or p.objective,
                           p.code_mean_fraction if self.code_mean_fraction is None else self.code_mean_fraction)


class GenerateJetsConfig(OpConfig):
    command: ClassVar[str] = "generate"
    out_is_dir: ClassVar[bool] = False

    gpt: InputFile = Field(description="GPT checkpoint (best.pt of pretrain)")
    tokenizer: InputFile | None = Field(None, description="tokenizer checkpoint; default: the one the GPT records")
    n_generate: Annotated[int, Cli("--jets", "--n-jets", "--n-generate")] = Field(
        1000, ge=1, le=1_000_000, description="number of jets to generate")
    out: OutputPath = Field(Path("data/generated.root"), description="JetClass ROOT file to write")
    seed: int = Field(0, ge=0)
    temperature: float = Field(1.0, ge=0, le=10, description="softmax temperature; 0 = greedy")
    top_k: int | None = Field(None, ge=1, description="sample among the k most likely tokens")
    batch_size: int = Field(256, ge=1, le=8192)
    label: int | None = Field(None, ge=0, le=9, description="JetClass index written as the jets' class")
    precision: Precision = Field("auto", description=(
        "auto: fp32 on CPU, bf16 autocast on CUDA; fp32; bf16: a bf16 copy of the model and cache "
        "(about 1.8x the jets/s of fp32 on CPUs with AMX/AVX512-bf16)"))
    decoder: Decoder = Field("model", description=(
        "model: each step through the model's forward; fused: one function per step; compiled: "
        "fused through torch.compile (compiles once per process, about a minute on 2 CPU cores: "
        "pays for thousands of jets)"))
    device: Device = "auto"
    overwrite: bool = Field(False, description="replace an existing output file")


class GenerationEvalConfig(OpConfig):
    command: ClassVar[str] = "evaluate-generation"

    generated: InputFile = Field(description="generated jets (.root)")
    reference: list[InputFile] = Field(min_length=1, max_length=10, description=(
        "real jets (.root or .h5): the files the GPT was trained on (several classes are mixed)"))
    out: OutputPath = Field(Path("runs/generation_eval"), description="folder for metrics.json and plots")
    tokenizer: InputFile | None = Field(None, description="reconstruct the real jets with this tokenizer first (paper's comparison)")
    max_jets: int | None = Field(None, ge=20)
    seed: int = Field(0, ge=0)


class JetLikelihoodConfig(OpConfig):
    command: ClassVar[str] = "likelihood"

    gpt: InputFile = Field(description="GPT checkpoint (best.pt of pretrain) whose likelihood scores the jets")
    data: list[InputFile] = Field(min_length=1, max_length=10, description=(
        "jet files, one class each; the first is the positive class of the separation AUC"))
    out: OutputPath = Field(Path("runs/likelihood"), description="folder for metrics.json and nll_<class>.npz")
    tokenizer: InputFile | None = Field(None, description="tokenizer checkpoint; default: the one the GPT records")
    max_jets: int | None = Field(None, ge=10, description="score at most this many jets per file")
    device: Device = "auto"


# ---- transfer ------------------------------------------------------------------------------
class FinetuneScanConfig(OpConfig):
    command: ClassVar[str] = "finetune"

    train: list[InputFile] = Field(min_length=1, max_length=20, description=(
        "labelled jet files (.root/.h5, tokenized here with `tokenizer`) or token files (.pt); "
        "at least two classes"))
    out: OutputPath = Field(Path("runs/finetune_scan"), description="results folder (rerun to resume)")
    gpt: InputFile | None = Field(None, description="pretrained GPT (needed unless only scratch)")
    tokenizer: InputFile | None = Field(None, description="tokenizer checkpoint (for jet files)")
    sizes: list[int] = Field([100, 1000, 10_000], min_length=1, max_length=12,
                             description="training-set sizes (jets)")
    strategies: list[Strategy] = Field(["scratch", "finetune", "frozen-backbone"], min_length=1,
                                       description="scratch | finetune | frozen-backbone")
    seeds: int = Field(3, ge=1, le=10, description="seeds per point (paper: 5)")
    n_val: int = Field(2000, ge=10, description="fixed validation jets (early stopping)")
    n_test: int = Field(5000, ge=10, description="fixed test jets")
    max_jets: int | None = Field(None, ge=10, description="read at most this many jets per file")
    head: Literal["sum", "class_attention"] = "sum"
    backbone_label: str | None = Field(None, max_length=40, pattern=BACKBONE_LABEL, description=(
        "name of the pretrained backbone shown beside finetune / frozen-backbone in the plots (two backbones compared)"))
    epochs: int = Field(30, ge=1, le=1000)
    batch_size: int = Field(128, ge=2, le=8192)
    lr: float = Field(1e-4, gt=0, le=1.0, description="AdamW lr for finetune / frozen-backbone (paper: 1e-4)")
    scratch_lr: float = Field(1e-4, gt=0, le=1.0, description="AdamW lr for scratch")
    backbone_lr: float | None = Field(None, gt=0, le=1.0, description=(
        "AdamW lr of the pretrained backbone when fine-tuning (the head keeps lr); default: lr"))
    patience: int = Field(5, ge=1, description="early stopping patience in epochs")
    min_epoch_jets: int = Field(1024, ge=1, description="cycle small sets to >= this many jets per epoch")
    max_steps_per_epoch: int | None = Field(None, ge=1, description="cap steps per epoch (quick runs)")
    scratch_preset: Preset = Field(DEFAULT_PRESET, description="backbone size when training from scratch without a GPT")
    keep_checkpoints: bool = Field(False, description="keep every point's classifier checkpoint")
    device: Device = "auto"


class AnomalyScanConfig(OpConfig):
    command: ClassVar[str] = "anomaly"

    data: list[InputFile] = Field(min_length=1, max_length=10, description="LHCO-layout HDF5 file(s): background and signal")
    tokenizer: InputFile = Field(description="tokenizer checkpoint")
    out: OutputPath = Field(Path("runs/anomaly"), description="results folder")
    gpt: InputFile | None = Field(None, description="GPT trained on background-dominated data; default: train one here")
    signal_fraction: float = Field(0.01, ge=0, lt=1, description="injected S/(S+B) of the main result")
    fractions: list[float] = Field([0.0, 0.003, 0.01, 0.03], max_length=12, description="CWoLa scan over injected fractions")
    sr_low: float = Field(3300.0, gt=0, description="signal region lower mjj edge, GeV")
    sr_high: float = Field(3700.0, gt=0, description="signal region upper mjj edge, GeV")
    sideband: float = Field(300.0, gt=0, description="width of each sideband, GeV")
    folds: int = Field(5, ge=2, le=10)
    cwola_model: Literal["hgb", "mlp"] = "hgb"
    embeddings: int = Field(0, ge=0, le=64, description="PCA dims of backbone embeddings per jet added to CWoLa (0 = none)")
    nll_reduce: Literal["sum", "mean"] = Field("sum", description="per-jet NLL: sum | mean over tokens")
    min_bkg: int = Field(20, ge=1, description="max SIC only where >= this many background events pass")
    test_frac: float = Field(0.5, gt=0, lt=1)
    max_events: int | None = Field(None, ge=100, description="read at most this many events per file")
    gpt_preset: Preset = Field(DEFAULT_PRESET, description="size of the GPT trained here when no --gpt is given")
    gpt_epochs: int = Field(10, ge=1, le=1000)
    gpt_batch_size: int = Field(256, ge=1, le=8192)
    gpt_max_steps_per_epoch: int | None = Field(None, ge=1)
    seed: int = Field(0, ge=0)
    device: Device = "auto"


# ---- search --------------------------------------------------------------------------------
class ResonanceSearchConfig(OpConfig):
    """A search of a file of dijet events (omnijet.search.run). The method's fixed constants (SR
    width in resolutions, fit range, pseudo-experiments, ...) are omnijet.search.scan.SearchConfig's;
    that block takes these settings from here (`SearchConfig.of`)."""

    command: ClassVar[str] = "search"

    data: list[InputFile] = Field(min_length=1, max_length=10, description=(
        "LHCO-layout .h5 file(s) of dijet events to search (a black box: labels are not read)"))
    out: OutputPath = Field(Path("runs/search"), description="results folder")
    max_events: int | None = Field(None, ge=1000, description="read at most this many events per file")
    # 0.04: the core sigma(mjj) / mjj of a W' -> XY peak, measured on generated signal
    resolution: float = Field(0.04, ge=0.005, le=0.3, description="relative mjj resolution: window width and step")
    efficiencies: list[float] = Field([0.1, 0.02], min_length=1, max_length=4,
                                      description="selection efficiencies tested in each window")
    folds: int = Field(5, ge=2, le=10, description="CWoLa folds per window (held-out scores)")
    ensemble: int = Field(2, ge=1, le=5, description="classifiers per fold")
    control: bool = Field(True, description="also run the no-signal control (mjj shuffled)")
    tokenizer: InputFile | None = Field(None, description="tokenizer checkpoint: with gpt, adds the "
                                        "GPT likelihood as a second anomaly score in every window")
    gpt: InputFile | None = Field(None, description="GPT trained on background-dominated jets")
    seed: int = Field(0, ge=0)
    device: Device = "auto"


CONFIGS: dict[str, type[OpConfig]] = {c.command: c for c in (
    DataConfig, TokenizerTrainConfig, TokenQualityConfig, TokenizeConfig, PretrainConfig,
    GenerateJetsConfig, GenerationEvalConfig, JetLikelihoodConfig, FinetuneScanConfig, AnomalyScanConfig,
    ResonanceSearchConfig)}


def default_of(cls: type[BaseModel], name: str) -> Any:
    """The default declared for `cls.name`. A library function below an operation that keeps a
    default for one of its settings reads it here, so the value is written once
    (tests/test_single_defaults.py)."""
    return cls.model_fields[name].get_default(call_default_factory=True)


# ---- validation, files ---------------------------------------------------------------------
MAX_CONFIG_BYTES = 1_000_000
MAX_CONFIG_DEPTH = 16  # a run record nests 3 levels; YAML/TOML parsers recurse without bound


def _depth(data: Any, limit: int = MAX_CONFIG_DEPTH + 1) -> int:
    """Nesting depth of parsed data, counted no further than `limit` (YAML aliases may make a
    small file a huge tree: it is never walked past the limit)."""
    if limit <= 0 or not isinstance(data, dict | list):
        return 0
    items = data.values() if isinstance(data, dict) else data
    return 1 + max((_depth(v, limit - 1) for v in items), default=0)


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"


def _has(tp: Any, kind: type) -> bool:
    """Whether an annotation is, or holds (list[...], X | None, Annotated), the type `kind`."""
    return tp is kind or any(_has(a, kind) for a in get_args(tp))


def _paths_and_floats(cls: type[OpConfig], values: dict[str, Any]) -> dict[str, Any]:
    """What strict validation may take from a file or the command line: text for a path field
    as a Path, a whole number (never a bool) for a float field as a float."""
    def convert(tp: Any, v: Any) -> Any:
        if isinstance(v, list):
            return [convert(tp, x) for x in v]
        if isinstance(v, str) and _has(tp, Path):
            return Path(v)
        if isinstance(v, int) and not isinstance(v, bool) and _has(tp, float) and not _has(tp, int):
            return float(v)
        return v

    if not isinstance(values, dict):
        return values
    return {k: convert(cls.model_fields[k].annotation, v) if k in cls.model_fields else v
            for k, v in values.items()}


BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def option_names(cls: type[OpConfig], field: str) -> tuple[str, ...]:
    """A field's command-line names: those of its `Cli(...)` marker, else `--field-name`."""
    f = cls.model_fields.get(field)
    cli = next((m for m in (f.metadata if f else ()) if isinstance(m, Cli)), None)
    return cli.names if cli else ("--" + field.replace("_", "-"),)


def option_name(cls: type[OpConfig], field: str) -> str:
    return option_names(cls, field)[0]


def validate(cls: type[OpConfig], values: dict[str, Any], source: str | None = None) -> OpConfig:
    """`cls(**values)`, or one ConfigError line naming the field (and the file it came from).

    Strict: a value must already have its field's type (`n = "10"`, `n = true` and
    `workers = 2.0` are errors, not silently converted); only text for a path becomes a Path,
    and a whole number for a float field is taken as that number."""
    try:
        return cls.model_validate(_paths_and_floats(cls, values), strict=True)
    except ValidationError as e:
        err = e.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        where = f"{source}: " if source else ""
        name = f"{option_name(cls, field)}: " if field in cls.model_fields else (f"{field}: " if field else "")
        kind, ctx = err["type"], err.get("ctx", {})
        if kind == "missing":
            msg = "missing: give it on the command line or in --config"
        elif kind == "extra_forbidden":
            msg = f"unknown field (fields: {', '.join(cls.model_fields)})"
        elif kind == "literal_error" and len(err["loc"]) > 1:  # items of a list
            bad = [x["input"] for x in e.errors() if x["loc"][0] == field and x["type"] == kind]
            msg = f"unknown {bad}; choose from {ctx['expected']}"
        elif kind == "literal_error":
            msg = f"unknown {field} {err['input']!r}; choose from {ctx['expected']}"
        elif kind in BOUNDS:
            name = name.rstrip(": ") + " "  # "--epochs must be >= 1, got 0"
            msg = f"must be {BOUNDS[kind]} {next(iter(ctx.values()))}, got {err['input']}"
        elif kind == "value_error":
            msg = str(ctx.get("error", err["msg"]))
        elif kind.endswith("_type") and not isinstance(err["input"], dict | list):
            msg = f"expected {kind.removesuffix('_type').replace('_', ' ')}, got {_shown(err['input'])}"
        else:
            msg = err["msg"]
        more = f" (and {len(e.errors()) - 1} more)" if len(e.errors()) > 1 else ""
        raise ConfigError(f"{cls.command}: {where}{name}{msg}{more}") from None


def read_file(path: Path) -> dict[str, Any]:
    """A YAML or TOML config file as a mapping (either flat fields or a run record)."""
    path = Path(path)
    kind = "TOML" if path.suffix == ".toml" else "YAML"
    if not path.is_file():  # also a FIFO or a device: never opened, so never waited on
        raise ConfigError(f"config file {path} does not exist (or is not a regular file)")
    with open(path, "rb") as f:  # bounded: the size may change between a stat and the read
        raw = f.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is over 1 MB: not a config")
    text = raw.decode(errors="replace")
    try:
        data = tomllib.loads(text) if kind == "TOML" else yaml.safe_load(text)
        if _depth(data) > MAX_CONFIG_DEPTH:
            raise RecursionError
    except RecursionError:
        raise ConfigError(f"config file {path}: nested deeper than {MAX_CONFIG_DEPTH} levels: not a config") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ConfigError(f"config file {path}: not valid {kind} ({first})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path}: expected a mapping of fields, got {type(data).__name__}")
    return data


def file_fields(data: dict[str, Any], cls: type[OpConfig], path: Path) -> dict[str, Any]:
    """The fields of a config file for `cls`: a run record must be of the same command."""
    if "config" in data and "command" in data:
        if data["command"] != cls.command:
            raise ConfigError(f"config file {path} records a `{data['command']}` run, not `{cls.command}`")
        data = data["config"]
        if not isinstance(data, dict):
            raise ConfigError(f"config file {path}: `config` must be a mapping")
    return data


def write_record(cfg: OpConfig) -> Path:
    """Write the resolved config beside the run's outputs (atomically); returns its path."""
    from omnijet.utils import atomic_path

    path = cfg.record_path()
    with atomic_path(path) as tmp:
        tmp.write_text(yaml.safe_dump(cfg.record(), sort_keys=False))
    return path


def source_date_epoch(created: str) -> str:
    """`created` (ISO 8601) as SOURCE_DATE_EPOCH seconds, so a rerun records the same time."""
    import datetime as dt

    try:
        return str(int(dt.datetime.fromisoformat(created).timestamp()))
    except (TypeError, ValueError):
        raise ConfigError(f"run record: bad `created` time {created!r}") from None

