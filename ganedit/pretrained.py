"""The shipped models, each loaded once per process (frozen, eval mode)."""
from __future__ import annotations

from functools import cache

import torch

from ganedit import hub
from ganedit.edits.inversion import FaceModels


@cache
def component(name: str) -> torch.nn.Module:
    return hub.load_component(name)


def face_models() -> FaceModels:
    return FaceModels(G=component("face_g"), D=component("face_d"), E=component("encoder"))
