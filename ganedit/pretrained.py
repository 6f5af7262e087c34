"""The shipped models, each loaded once per process (frozen, eval mode)."""
from __future__ import annotations

from functools import cache, lru_cache

import torch
from torch.nn.utils import parametrize

from ganedit import hub
from ganedit.edits.inversion import FaceModels
from ganedit.edits.superres import blend_weights
from ganedit.models.sr import SRResNet


@cache
def component(name: str) -> torch.nn.Module:
    """The shipped component, frozen, with its spectrally normalised weights computed once (the normalisation
    would otherwise be recomputed at every call: a third of D's time in inversion and tuning)."""
    return bake_parametrizations(hub.load_component(name))


def bake_parametrizations(model: torch.nn.Module) -> torch.nn.Module:
    """Replace every parametrized weight by its current value (in place); for frozen models only."""
    for module in list(model.modules()):
        if parametrize.is_parametrized(module):
            for name in list(module.parametrizations):
                parametrize.remove_parametrizations(module, name, leave_parametrized=True)
    return model.requires_grad_(False)


@cache
def has(name: str) -> bool:
    """Whether component ``name`` is shipped (or on the Hub); checked once per process."""
    return hub.available(name)


def face_models() -> FaceModels:
    """The 64×64 face models, which photos and the latent API (``ganedit.api.invert``, ``edit``, ...) use."""
    return FaceModels(G=component("face_g"), D=component("face_d"), E=component("encoder"))


def frame_models() -> FaceModels:
    """The whole-frame models (96×80: hair, neck and shoulders): the opt-in long hair on photos (edits.long_hair)."""
    return FaceModels(G=component("frame_g"), D=component("frame_d"), E=component("frame_encoder"))


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
