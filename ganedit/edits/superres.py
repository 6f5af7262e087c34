"""4× upscaling of whole photos with the SR generators (SRGAN, Ledig et al. 2017).

Large inputs are cut into tiles with a margin wider than the network's receptive field, so tiled
and untiled outputs agree; each tile's centre goes straight into a uint8 output array, so memory
stays bounded by the tile size, not the photo size. ``blend`` interpolates the weights of the
PSNR-trained and GAN-trained networks (ESRGAN's network interpolation, Wang et al. 2018).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch
from PIL import Image

from ganedit.models.sr import SRResNet

SCALE = 4
MAX_INPUT_PIXELS = 2048 * 2048  # a larger input is refused: its 4× output would exceed 67 megapixels
TILE = 256  # LR pixels per tile side (inside the margin): a 256×256 input is one tile
MARGIN = 24  # LR pixels of context around each tile; the receptive field is about 20


class TooLargeError(ValueError):
    """The input is over the documented size limit."""


def blend_weights(fidelity: SRResNet, texture: SRResNet, blend: float) -> SRResNet:
    """A generator whose weights are (1 − blend)·fidelity + blend·texture (same architecture)."""
    if not 0.0 <= blend <= 1.0:
        raise ValueError(f"blend must be in [0, 1], got {blend}")
    mixed = SRResNet(fidelity.config)
    texture_state = texture.state_dict()
    mixed.load_state_dict({k: torch.lerp(v, texture_state[k], blend) for k, v in fidelity.state_dict().items()})
    return mixed.eval().requires_grad_(False)


@torch.no_grad()
def upscale_array(model: SRResNet, rgb: np.ndarray, tile: int = TILE, margin: int = MARGIN,
                  progress: Callable[[float], None] | None = None) -> np.ndarray:
    """uint8 [H,W,3] -> uint8 [4H,4W,3], tile by tile; ``progress`` gets the share done after each tile.

    Channels-last memory layout: oneDNN's convolutions run about 1.5× faster in it on this CPU."""
    height, width = rgb.shape[:2]
    out = np.empty((SCALE * height, SCALE * width, 3), np.uint8)
    model = model.to(memory_format=torch.channels_last)  # in place; a no-op after the first call
    source = torch.tensor(rgb).permute(2, 0, 1)[None].float().div(127.5).sub(1)
    source = source.contiguous(memory_format=torch.channels_last)
    corners = [(top, left) for top in range(0, height, tile) for left in range(0, width, tile)]
    for done, (top, left) in enumerate(corners, 1):
        y0, x0 = max(0, top - margin), max(0, left - margin)
        y1, x1 = min(height, top + tile + margin), min(width, left + tile + margin)
        result = model(source[:, :, y0:y1, x0:x1])
        bottom, right = min(height, top + tile), min(width, left + tile)
        crop = result[0, :, SCALE * (top - y0):SCALE * (bottom - y0), SCALE * (left - x0):SCALE * (right - x0)]
        out[SCALE * top:SCALE * bottom, SCALE * left:SCALE * right] = (
            crop.clamp(-1, 1).add(1).mul(127.5).round().byte().permute(1, 2, 0).numpy())
        if progress:
            progress(done / len(corners))
    return out


def check_size(image: Image.Image, max_pixels: int = MAX_INPUT_PIXELS) -> None:
    if image.width * image.height > max_pixels:
        raise TooLargeError(f"{image.width}×{image.height} is over the {max_pixels:,}-pixel limit for 4× "
                            "upscaling (about 2048×2048); crop or shrink the image first.")


def upscale_image(model: SRResNet, image: Image.Image, max_pixels: int = MAX_INPUT_PIXELS,
                  progress: Callable[[float], None] | None = None) -> Image.Image:
    """A PIL image 4× larger: RGB through the network, alpha (if any) upscaled bicubically on its own,
    grayscale returned as grayscale."""
    check_size(image, max_pixels)
    rgb = Image.fromarray(upscale_array(model, np.asarray(image.convert("RGB")), progress=progress))
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A").resize(rgb.size, Image.BICUBIC)
        rgb.putalpha(alpha)
        return rgb if image.mode == "RGBA" else rgb.convert("LA")
    return rgb.convert("L") if image.mode == "L" else rgb
