"""Run an operation from its config, whole: the one entry point of the CLI, the tools and `rerun`.

    from omnijet.config import PretrainConfig
    from omnijet.operations import run
    result = run(PretrainConfig(tokens="train.pt", out="runs/gpt", preset="tiny"))

Each runner hands its config to the library entry point of its operation, which takes the
config (or, for `tokenize`, its fields) whole: no setting gets a second default below this
layer (tests/test_single_defaults.py). When the run succeeds, the resolved config is written
beside the outputs (`OpConfig.record_path`), so any run folder can be repeated with
`omnijet-agent rerun`. Heavy modules are imported inside the runners.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from omnijet.config import (
    AnomalyScanConfig,
    DataConfig,
    FinetuneScanConfig,
    GenerateJetsConfig,
    GenerationEvalConfig,
    JetLikelihoodConfig,
    OpConfig,
    PretrainConfig,
    ResonanceSearchConfig,
    TokenizeConfig,
    TokenizerTrainConfig,
    TokenQualityConfig,
    write_record,
)

ProgressFn = Callable[[dict[str, Any]], None]


def _bar() -> bool:
    """Progress bars only on a terminal (never into a sandbox's or a log's stderr)."""
    return sys.stderr.isatty()


def generate_data(cfg: DataConfig, progress: ProgressFn | None = None):
    from omnijet.data.generate import generate

    return generate(cfg, progress)


def train_tokenizer(cfg: TokenizerTrainConfig, progress: ProgressFn | None = None):
    from omnijet.train.tokenizer import train_tokenizer_files

    return train_tokenizer_files(cfg, progress, progress_bar=_bar())


def token_quality(cfg: TokenQualityConfig, progress: ProgressFn | None = None):
    from omnijet.evaluate.token_quality import evaluate_token_quality

    return evaluate_token_quality(cfg, progress)


def tokenize(cfg: TokenizeConfig, progress: ProgressFn | None = None):
    from omnijet.data.io import check_output
    from omnijet.tokenizer.api import tokenize_file

    check_output(cfg.out, cfg.overwrite)  # before loading the tokenizer and encoding, not after
    return tokenize_file(cfg.tokenizer, cfg.data, cfg.out, cfg.max_jets, device=cfg.device, features=cfg.features)


def pretrain(cfg: PretrainConfig, progress: ProgressFn | None = None):
    from omnijet.train.pretrain import run_pretrain

    return run_pretrain(cfg, progress=progress, progress_bar=_bar())


def generate_jets(cfg: GenerateJetsConfig, progress: ProgressFn | None = None):
    from omnijet.backbone.generate import generate_file

    return generate_file(cfg, progress)


def evaluate_generation(cfg: GenerationEvalConfig, progress: ProgressFn | None = None):
    from omnijet.evaluate.generation import evaluate_generation as run_eval

    return run_eval(cfg, progress)


def jet_likelihood(cfg: JetLikelihoodConfig, progress: ProgressFn | None = None):
    from omnijet.evaluate.likelihood import evaluate_likelihood

    return evaluate_likelihood(cfg)


def finetune_scan(cfg: FinetuneScanConfig, progress: ProgressFn | None = None, shard=None):
    from omnijet.transfer.from_files import run_finetune_scan

    return run_finetune_scan(cfg, progress, shard)


def anomaly_scan(cfg: AnomalyScanConfig, progress: ProgressFn | None = None, shard=None):
    from omnijet.transfer.from_files import run_anomaly

    return run_anomaly(cfg, progress, shard)


def resonance_search(cfg: ResonanceSearchConfig, progress: ProgressFn | None = None):
    from omnijet.search.run import search_file

    return search_file(cfg, progress)


RUNNERS: dict[type[OpConfig], Callable[..., Any]] = {
    DataConfig: generate_data, TokenizerTrainConfig: train_tokenizer,
    TokenQualityConfig: token_quality, TokenizeConfig: tokenize, PretrainConfig: pretrain,
    GenerateJetsConfig: generate_jets, GenerationEvalConfig: evaluate_generation, JetLikelihoodConfig: jet_likelihood,
    FinetuneScanConfig: finetune_scan, AnomalyScanConfig: anomaly_scan, ResonanceSearchConfig: resonance_search,
}


def run(cfg: OpConfig, progress: ProgressFn | None = None, *, record: bool = True, **run_options: Any) -> Any:
    """Run the operation of `cfg`; on success write its resolved config (`record`).

    `run_options` place a run without changing its result (a scan's `shard`): not recorded.
    A shard writes no record; `merge` finishes the scan and the shards' folder.
    """
    from omnijet.utils import one_creation_time

    with one_creation_time():  # the artifacts and the record carry one time, so a rerun is byte-identical
        result = RUNNERS[type(cfg)](cfg, progress, **run_options)
        if record and not run_options.get("shard") and os.environ.get("RANK", "0") == "0":
            write_record(cfg)
    return result
