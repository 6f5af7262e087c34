"""The shipped models, each loaded once per process (frozen, eval mode)."""
from __future__ import annotations

from functools import cache, lru_cache

import torch

from ganedit import hub
from ganedit.edits.inversion import FaceModels
from ganedit.edits.superres import blend_weights
from ganedit.models.sr import SRResNet


@cache
def component(name: str) -> torch.nn.Module:
    return hub.load_component(name)


@cache
def has(name: str) -> bool:
    """Whether component ``name`` is shipped (or on the Hub); checked once per process."""
    return hub.available(name)


def face_models() -> FaceModels:
    return FaceModels(G=component("face_g"), D=component("face_d"), E=component("encoder"))


@lru_cache(maxsize=4)
def sr_generator(blend: float) -> SRResNet:
    """The 4× generator at ``blend`` between sr_psnr (0) and sr_gan (1); callers round blend to 0.05."""
    if blend == 0.0:
        return component("sr_psnr")
    return blend_weights(component("sr_psnr"), component("sr_gan"), blend)


def forget_loaded() -> None:
    """Drop every loaded model, so the next use reads the weights again (after GANEDIT_WEIGHTS changes)."""
    for cached in (component, has, sr_generator):
        cached.cache_clear()
