"""The hybrid fine-tuning chain's checks (issue 25; results in benchmarks/results/finetune_hybrid.json).

    # tokenizer biases of mass / tau21 / tau32 on 1000 held-out top jets (the labelled set's, never trained on)
    python benchmarks/finetune_hybrid_eval.py biases benchmarks/.cache/ft8192h/tokenizer/best.pt
    # generation quality of a chain's GPT (benchmarks/hybrid.py's stage_generate: 1500 jets, classifier test
    # against the same tokenizer's reconstructed pretraining jets over 2 seeds, W1 per observable over the floor)
    flock /tmp/omnijet-heavy.lock python benchmarks/finetune_hybrid_eval.py generate hybrid benchmarks/.cache/ft8192h12
    flock /tmp/omnijet-heavy.lock python benchmarks/finetune_hybrid_eval.py generate base benchmarks/.cache/finetune
    # another generated sample of the same GPT (sampling seed 1; the default sample is seed 0)
    flock /tmp/omnijet-heavy.lock python benchmarks/finetune_hybrid_eval.py generate base benchmarks/.cache/finetune 1

Prints one JSON record; the GPT's work dir holds gpt/ and tokenizer/ (benchmarks/finetune.py's layout).
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import HERE
from hybrid import stage_generate
from tokenizer_substructure import angle_errors, biases

from omnijet.data.io import load_jets
from omnijet.evaluate.token_quality import reconstruct
from omnijet.tokenizer.base import load_tokenizer

DATA = HERE / ".cache" / "finetune" / "data"


def tokenizer_biases(tok: Path, n: int = 1000) -> dict:
    top = load_jets(DATA / "top_7000_s202.root", max_jets=n)
    reco, _ = reconstruct(load_tokenizer(tok, "cpu"), top)
    return {"tokenizer": str(tok), "n_jets": len(top), **biases(top, reco), **angle_errors(top, reco)}


def generation(name: str, work: Path, sample_seed: int = 0, n: int = 1500) -> dict:
    out = HERE / ".cache" / "gen_compare"
    out.mkdir(parents=True, exist_ok=True)
    link = out / f"gpt_{name}"
    if not link.exists():
        link.symlink_to((work / "gpt").resolve())
    files = {"pretrain": [DATA / "top_5000_s101.root", DATA / "qcd_5000_s101.root"]}
    a = types.SimpleNamespace(n_generate=n, eval_seeds=2)
    return stage_generate(a, out, files, (work / "tokenizer" / "best.pt").resolve(), name, sample_seed)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("biases", "generate"):
        sys.exit(__doc__)
    res = (tokenizer_biases(Path(sys.argv[2])) if sys.argv[1] == "biases"
           else generation(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0))
    print(json.dumps(res, indent=1))
