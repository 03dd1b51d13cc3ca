"""Token fixtures for the backbone tests: a learnable toy language of jets."""

from __future__ import annotations

import torch

from omnijet.tokenizer.tokens import TokenDataset


def make_token_data(n_jets: int = 256, n_max: int = 12, k: int = 16, seed: int = 0) -> TokenDataset:
    """Jets whose codes rise by 1 or 2 mod k from a random first code: easy to learn, not trivial."""
    g = torch.Generator().manual_seed(seed)
    first = torch.randint(0, k, (n_jets, 1), generator=g)
    steps = torch.randint(1, 3, (n_jets, n_max - 1), generator=g)
    tokens = torch.cat([first, first + steps.cumsum(1)], 1) % k
    n = torch.randint(2, n_max + 1, (n_jets,), generator=g)
    mask = torch.arange(n_max)[None, :] < n[:, None]
    label = torch.randint(0, 2, (n_jets,), generator=g)
    return TokenDataset(tokens, mask, label, k, {"source": "toy"})
