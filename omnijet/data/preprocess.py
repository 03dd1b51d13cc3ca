"""OmniJet-alpha preprocessing: relative coordinates, cuts, and the scaling fed to the models.

    eta_rel = eta - eta_jet,  phi_rel = wrap(phi - phi_jet) in [-pi, pi)
    keep |eta_rel| < 0.8 and |phi_rel| < 0.8, at most 128 constituents, pT-ordered
    scaled = (log pT - 1.8, 3 eta_rel, 3 phi_rel)    and its exact inverse
"""

from __future__ import annotations

import numpy as np
import torch

from omnijet.data.batch import MAX_CONSTITUENTS, JetBatch

LOG_PT_SHIFT = 1.8
ANGLE_SCALE = 3.0
REL_CUT = 0.8


def wrap_phi(phi):
    """Wrap angles to [-pi, pi); works on numpy arrays and torch tensors."""
    return (phi + np.pi) % (2 * np.pi) - np.pi


def scale(part: torch.Tensor) -> torch.Tensor:
    """(..., 3) physical (pT [GeV], eta_rel, phi_rel) -> model features (log pT - 1.8, 3 eta, 3 phi)."""
    pt = part[..., 0].clamp_min(1e-8)
    return torch.stack(
        [pt.log() - LOG_PT_SHIFT, ANGLE_SCALE * part[..., 1], ANGLE_SCALE * part[..., 2]], dim=-1
    )


def unscale(x: torch.Tensor) -> torch.Tensor:
    """Inverse of `scale`: model features -> physical (pT [GeV], eta_rel, phi_rel)."""
    return torch.stack(
        [(x[..., 0] + LOG_PT_SHIFT).exp(), x[..., 1] / ANGLE_SCALE, x[..., 2] / ANGLE_SCALE], dim=-1
    )


def scaled_features(batch: JetBatch) -> torch.Tensor:
    """(B, N, 3) model features with padded entries set to zero."""
    return scale(batch.part) * batch.mask[..., None]


def relative_constituents(
    pt: np.ndarray, eta: np.ndarray, phi: np.ndarray, mask: np.ndarray,
    jet_eta: np.ndarray, jet_phi: np.ndarray,
    max_constituents: int = MAX_CONSTITUENTS, cut: float | None = REL_CUT,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Absolute (B, M) constituents -> (B, N) relative ones, cut, pT-ordered, truncated to N.

    Returns pt, eta_rel, phi_rel, mask, each (B, min(M', max_constituents)) with zeros padded.
    """
    deta = eta - jet_eta[:, None]
    dphi = wrap_phi(phi - jet_phi[:, None])
    keep = mask & (pt > 0)
    if cut is not None:
        keep &= (np.abs(deta) < cut) & (np.abs(dphi) < cut)
    order = np.argsort(np.where(keep, -pt, np.inf), axis=1, kind="stable")  # real ones first
    take = lambda a: np.take_along_axis(a, order, axis=1)[:, :max_constituents]  # noqa: E731
    pt, deta, dphi, keep = take(pt), take(deta), take(dphi), take(keep)
    n = max(int(keep.sum(1).max()) if len(keep) else 0, 1)
    zero = lambda a: np.where(keep, a, 0.0)[:, :n]  # noqa: E731
    return zero(pt), zero(deta), zero(dphi), keep[:, :n]
