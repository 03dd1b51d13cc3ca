"""Jet-constituent tokenizers: VQ-VAE (conditional / unconditional), binned baseline, tokens.

    from omnijet.tokenizer import load_tokenizer, TokenDataset
    tok = load_tokenizer("runs/tok/best.pt", "cpu")
    tokens, mask = tok.encode(batch)          # (B, N) int64, (B, N) bool
    part = tok.decode(tokens, mask)           # (B, N, 3) pT [GeV], eta_rel, phi_rel
"""

from omnijet.tokenizer.base import Tokenizer, load_tokenizer
from omnijet.tokenizer.tokens import TokenDataset

__all__ = ["TokenDataset", "Tokenizer", "load_tokenizer"]
