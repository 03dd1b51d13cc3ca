"""The preset table: every size of every preset, declared once.

A preset names one scale for the whole project:

- tiny: seconds to minutes on a laptop CPU (trying the tool, tests, a request in ~2 minutes);
- small: minutes to an hour on a CPU (the README's main job);
- paper: the OmniJet-alpha paper's sizes (GPUs).

Each row holds the GPT backbone's sizes (`GPTConfig.preset`), the VQ-VAE tokenizer's sizes
and codebook (`VQVAEConfig.preset`) and the request scale an agent request runs at
(`agents.planner.resolve`: jets, epochs, batches, labels, seeds). The CLI, the tools and the
agents all read this table, so `--preset tiny` on the command line and "at tiny" in a request
build the same models. `DEFAULT_PRESET` is the model size of an operation run without
`--preset`; `DEFAULT_REQUEST_PRESET` the scale of an agent request that names none.

This module is part of the shared kernel (with omnijet.errors and omnijet.config): every layer
may import it, and it imports nothing of the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from omnijet.errors import ConfigError

Preset = Literal["tiny", "small", "paper"]
InputMode = Literal["tokens", "continuous", "features"]  # backbone inputs (omnijet/backbone/hybrid.py)
Objective = Literal["next-token", "masked", "joint"]  # pretraining objective (omnijet/train/objectives.py)
PRESET_NAMES: tuple[Preset, ...] = get_args(Preset)
DEFAULT_PRESET: Preset = "small"  # an operation (CLI command, tool call) without --preset
# an agent request that names no preset: a request should answer in minutes on a laptop CPU
DEFAULT_REQUEST_PRESET: Preset = "tiny"


@dataclass(frozen=True)
class GPTSizes:
    """The GPT backbone (omnijet.backbone.model.GPTConfig); the codebook comes from the tokens."""

    dim: int
    n_blocks: int
    n_heads: int
    mlp_ratio: int


@dataclass(frozen=True)
class TokenizerSizes:
    """The VQ-VAE (omnijet.tokenizer.vqvae.VQVAEConfig): widths, codebook, dead-code refresh."""

    dim: int
    n_blocks: int
    n_heads: int
    codebook_size: int  # K codes; also the codebook an agent request trains
    dead_after: int  # steps unused before a code is re-seeded
    kmeans_iters: int
    pt_weight: float = 0.0  # reconstruction-loss weight on the constituent's pT share (0: uniform)
    angle_weight: float = 1.0  # weight of the eta/phi reconstruction terms against log pT
    substructure_weight: float = 0.0  # weight of the jet-level term (omnijet/tokenizer/substructure.py)
    substructure_warmup: int = 0  # training batches before the jet-level term switches on
    substructure_axes: str = "original"  # the term's axes for the reco: original|matched|reconstruction


@dataclass(frozen=True)
class Pretraining:
    """How the preset's GPT is pretrained (`PretrainConfig` fields left unset take these): its
    inputs, objective and the fraction of training jets fed their codes' mean features
    (input_mode features: what generation, which has only the sampled codes, feeds back)."""

    input_mode: InputMode
    objective: Objective
    code_mean_fraction: float


@dataclass(frozen=True)
class RequestScale:
    """What an agent request runs at, where the request does not say (agents.planner).

    Per class: n_jets generated, n_val / n_test held out by the fine-tuning scan (totals over
    classes). Epochs and batches per stage: tok_ (tokenizer), gpt_ (pretraining), ft_
    (fine-tuning). n_generate: jets sampled from the GPT; n_events: LHCO background events.
    """

    n_jets: int
    n_val: int
    n_test: int
    workers: int
    tok_epochs: int
    gpt_epochs: int
    ft_epochs: int
    labels: tuple[int, ...]
    seeds: int
    n_generate: int
    tok_batch: int
    tok_lr: float
    gpt_batch: int
    ft_batch: int
    n_events: int
    signal_fractions: tuple[float, ...]
    strategies: tuple[str, ...]
    classes: tuple[str, ...] = ("top", "qcd")
    tokenizers: tuple[str, ...] = ("conditional",)
    anomaly_methods: tuple[str, ...] = ("likelihood", "cwola")


@dataclass(frozen=True)
class PresetSizes:
    gpt: GPTSizes
    tokenizer: TokenizerSizes
    request: RequestScale
    pretraining: Pretraining


# tiny has 512 codes (it had 32 from the CLI and 512 from an agent request): at tiny, 512 codes,
# batches of 32 and a tokenizer lr of 3e-3 bring the reconstructed jet mass to -5% (QCD) and
# -15% (top) where 64 codes left -35% for QCD (benchmarks/results/tiny.json, b32_k512_dim32 vs
# b32_lr3_dim32), and the GPT loss ~1 nat below the uniform guess in about a minute of CPU.
# Fine-tuning 200 labelled jets in batches of 32 instead of 128 took the top-vs-QCD test
# accuracy from 0.76 / 0.75 to 0.82 / 0.81 (fine-tuned / scratch, 2 seeds, demo workspace).
# tiny and small weight the tokenizer's reconstruction loss by each constituent's pT share
# (pt_weight=1, omnijet/tokenizer/vqvae.py recon_weights): top jets' median relative bias of
# mass / tau21 / tau32 went from -11% / +22% / +35% to -2.3% / +12.5% / +26% at small (2 seeds,
# demo settings, 1000 held-out top jets); at tiny (2 seeds) the mass from -12% to -6%, the taus
# unchanged within the seed spread (+16% / +32%); no cost in time. 2048 codes would give
# -0.5% / +7% / +16% at small (benchmarks/results/tokenizer_substructure.json).
# small also adds the jet-level term (substructure_weight=1, omnijet/tokenizer/substructure.py:
# relative errors of tau21, tau32 and the mass against the original jet): top jets 4500-5499,
# seeds 0 / 1 / 2: mass +2.2 / -1.5 / -0.3%, tau21 -4.7 / +3.0 / +2.0%, tau32 +1.8 / +15.7 /
# +12.7% against -2.2 / -2.4%, +11.0 / +13.9%, +24.9 / +27.9% without it (seeds 0 / 1), at the
# same time per step (0.35-0.38 s against 0.41 s); the plain MSE rises from 0.092 to 0.15-0.17.
# tiny keeps 0: one seed there traded the MSE (0.16 -> 0.37 at weight 1) for less (tau32 +29%
# -> +23%).
# small pretrains the hybrid of arXiv:2512.04149 closest to the bars (benchmarks/finetune.py chain, 512 codes, 6 GPT
# epochs, fine-tuning default recipe, 3 seeds, 2000 test jets; finetune_features.json): the constituents' own features as
# inputs, code targets, next-token objective, half the training jets fed their codes' mean features (what generation
# feeds back). At the demo's pretraining size (4k top + QCD jets) it fine-tunes to 0.880 +- 0.009 / 0.908 +- 0.007 at
# 100 / 1000 labels against the token GPT's 0.828 +- 0.014 / 0.875 +- 0.009 (10k jets: 0.867 / 0.906 vs 0.853 / 0.887;
# 30k: 0.862 / 0.912 vs 0.842 / 0.885). The cost is in generation at 4k (one sample): classifier AUC 0.83 vs 0.80,
# W1 over the floor of the mass 17 vs 11 and of the multiplicity 30 vs 24 (tau21 10 vs 9 and tau32 3.8 vs 4.6 level);
# at 30k the two generate alike (four samples). A 4096-code tokenizer keeps tau32 within 5% but its GPTs, base or hybrid, generate
# tau21 / tau32 at 23-33x their floors from 10k jets (1.4-3.5x on 512 codes): small keeps 512 codes.
# small pretrains 12 GPT epochs, not 6 (its report said the validation loss was still falling): in the chain at 4k jets
# (finetune_features.json#/session_19) the hybrid's generated W1 over the floor went from mass 17 / tau21 10.6 / multiplicity
# 29 (four samples) to 10.3 / 3.8 / 20 (three), the token GPT's from 11 / 9.0 / 24 to 8.9 / 2.5 / 20, classifier AUC
# 0.82 -> 0.81 for both; the hybrid's fine-tuned accuracy 0.869 +- 0.009 / 0.907 +- 0.007 at 100 / 1000 labels (0.880 / 0.908).
PAPER_GPT = Pretraining(input_mode="tokens", objective="next-token", code_mean_fraction=0.0)  # arXiv:2403.05618
SMALL_GPT = Pretraining(input_mode="features", objective="next-token", code_mean_fraction=0.5)
PRESETS: dict[Preset, PresetSizes] = {
    "tiny": PresetSizes(
        gpt=GPTSizes(dim=32, n_blocks=2, n_heads=2, mlp_ratio=2),
        tokenizer=TokenizerSizes(dim=32, n_blocks=1, n_heads=4, codebook_size=512, dead_after=10,
                                 kmeans_iters=5, pt_weight=1.0),
        request=RequestScale(n_jets=600, n_val=100, n_test=200, workers=1, tok_epochs=8, gpt_epochs=8,
                             ft_epochs=8, labels=(200,), seeds=2, n_generate=300, tok_batch=32,
                             tok_lr=3e-3, gpt_batch=32, ft_batch=32, n_events=1500,
                             signal_fractions=(0.1,), strategies=("scratch", "finetune")),
        pretraining=PAPER_GPT),
    "small": PresetSizes(
        gpt=GPTSizes(dim=128, n_blocks=3, n_heads=8, mlp_ratio=4),
        tokenizer=TokenizerSizes(dim=64, n_blocks=2, n_heads=4, codebook_size=512, dead_after=20,
                                 kmeans_iters=20, pt_weight=1.0, substructure_weight=1.0),
        request=RequestScale(n_jets=2000, n_val=300, n_test=1000, workers=2, tok_epochs=10, gpt_epochs=12,
                             ft_epochs=8, labels=(100, 1000), seeds=2, n_generate=2000, tok_batch=64,
                             tok_lr=1e-3, gpt_batch=64, ft_batch=64, n_events=4000,
                             signal_fractions=(0.05,), strategies=("scratch", "finetune")),
        pretraining=SMALL_GPT),
    "paper": PresetSizes(  # arXiv:2403.05618: 3 GPT blocks of 256, 8192 codes
        gpt=GPTSizes(dim=256, n_blocks=3, n_heads=8, mlp_ratio=4),
        tokenizer=TokenizerSizes(dim=128, n_blocks=4, n_heads=8, codebook_size=8192, dead_after=100,
                                 kmeans_iters=10),
        request=RequestScale(n_jets=100_000, n_val=20_000, n_test=50_000, workers=8, tok_epochs=30,
                             gpt_epochs=30, ft_epochs=100, labels=(100, 1000, 10_000), seeds=5,
                             n_generate=48_000, tok_batch=512, tok_lr=1e-3, gpt_batch=256, ft_batch=128,
                             n_events=100_000, signal_fractions=(0.01,),
                             strategies=("scratch", "finetune", "frozen-backbone")),
        pretraining=PAPER_GPT),
}


def check_preset(value: str, what: str = "preset") -> Preset:
    """`value` as a Preset, or ConfigError naming `what` and the choices."""
    if value not in PRESET_NAMES:
        raise ConfigError(f"{what}: unknown preset {value!r} (choose {', '.join(PRESET_NAMES)})")
    return value  # type: ignore[return-value]


def sizes(preset: str, what: str = "preset") -> PresetSizes:
    """The row of `preset` (ConfigError for an unknown name)."""
    return PRESETS[check_preset(preset, what)]
