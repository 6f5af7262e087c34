"""The one place for PIL/numpy <-> tensor conversion.

Conventions: images as tensors are [N,3,H,W] floats in [-1, 1]; masks are [N,1,H,W] with 1 = fill or
constrained; latents are [N,D].
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageOps
from scipy import ndimage


def to_tensor(image: Image.Image) -> torch.Tensor:
    """RGB PIL image -> [1,3,H,W] in [-1, 1]."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).div(127.5).sub(1.0)


def to_pil(images: torch.Tensor) -> list[Image.Image]:
    """[N,3,H,W] in [-1, 1] -> N RGB PIL images."""
    array = images.detach().float().clamp(-1, 1).add(1).mul(127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(a) for a in array]


def grid(images: torch.Tensor, columns: int | None = None, pad: int = 2) -> Image.Image:
    """Tile [N,3,H,W] images in [-1, 1] into one PIL image (white gaps)."""
    n, _, h, w = images.shape
    columns = columns or math.ceil(math.sqrt(n))
    rows = math.ceil(n / columns)
    sheet = Image.new("RGB", (columns * (w + pad) + pad, rows * (h + pad) + pad), "white")
    for i, tile in enumerate(to_pil(images)):
        sheet.paste(tile, (pad + (i % columns) * (w + pad), pad + (i // columns) * (h + pad)))
    return sheet


LUMA = np.array([0.299, 0.587, 0.114], np.float32)  # Rec. 601 weights of R, G, B in the luminance
COLOUR_GAIN = (0.5, 2.0)  # the per-channel gain of colour_match is kept within these bounds


def colour_match(source: np.ndarray, target: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per-channel gain and offset [2,3] (float32) fitting ``target`` ≈ gain·``source`` + offset in the
    least-squares sense, weighted by ``weight`` [S,S]; images float [S,S,3] in 0..255. The gain is kept
    within COLOUR_GAIN (the offset refitted to it), so a flat region cannot make it explode."""
    w = weight.reshape(-1, 1) / weight.sum()
    x, y = source.reshape(-1, 3), target.reshape(-1, 3)
    x_mean, y_mean = (w * x).sum(0), (w * y).sum(0)
    covariance = (w * (x - x_mean) * (y - y_mean)).sum(0)
    variance = (w * (x - x_mean) ** 2).sum(0) + 1e-6
    gain = np.clip(covariance / variance, *COLOUR_GAIN)
    return np.stack([gain, y_mean - gain * x_mean]).astype(np.float32)


MAX_PIXELS = 40_000_000  # larger uploads are refused before decoding (decompression bombs included)


class ImageInputError(ValueError):
    """An input that cannot be used as an image; the message says why, for the user."""


def open_image(source, *, keep_alpha: bool = False, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open an uploaded image safely: size checked before decoding, EXIF rotation applied, any mode
    (grayscale, palette, CMYK, 16-bit, float) brought to 8-bit RGB, or RGBA when ``keep_alpha`` and it has alpha.

    ``source`` is a path, a file object or a PIL image. Raises ImageInputError with a clear message.
    """
    try:
        image = source if isinstance(source, Image.Image) else Image.open(source)
    except Image.DecompressionBombError:
        raise ImageInputError(f"This image is far too large to open (over {max_pixels:,} pixels).") from None
    except (OSError, ValueError):
        raise ImageInputError("This file is not an image that can be read (PNG, JPEG, WebP, ...).") from None
    width, height = image.size
    if width * height > max_pixels:
        raise ImageInputError(f"This image is {width}×{height} pixels; the limit is {max_pixels:,} pixels "
                              "(about 6300×6300). Please upload a smaller one.")
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError):
        raise ImageInputError("This image file is damaged or truncated and cannot be decoded.") from None
    return _to_8bit(image, keep_alpha)


def _to_8bit(image: Image.Image, keep_alpha: bool) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit, 32-bit or float grayscale: scale to 8 bits
        array = np.asarray(image, dtype=np.float64)  # float: 0..1 (as float TIFFs store it) or, above 1, as the rest
        peak = 1.0 if image.mode == "F" and array.max() <= 1 else 65535.0 if array.max() > 255 else 255.0
        image = Image.fromarray((array / peak * 255).round().clip(0, 255).astype(np.uint8))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if keep_alpha and has_alpha else "RGB")


ONE_BAND_GREY = ("1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F")


@dataclass(frozen=True)
class Picture:
    """A picture as every public function takes it in, and how its results go back out.

    ``image``: upright (EXIF orientation applied), 8-bit (16-bit and float scaled as ``open_image`` does),
    RGB, or RGBA when it has alpha, with the colour under fully transparent pixels taken from the nearest
    visible pixel (so no hidden colour bleeds into a visible edge). ``grey``: every pixel has R = G = B
    (an "L" or "LA" input, or RGB that is grey). ``one_band``: the input was a one-band grey mode (L, LA,
    I;16, I, F, 1), so results come back as "L" or "LA".
    """

    image: Image.Image
    grey: bool
    one_band: bool

    @classmethod
    def of(cls, source: Image.Image) -> "Picture":
        """Raises ImageInputError for a damaged image or one over MAX_PIXELS."""
        image = open_image(source, keep_alpha=True)
        if image.mode == "RGBA":
            image = Image.fromarray(fill_hidden_colour(np.asarray(image)))
        return cls(image, is_grey(np.asarray(image.convert("RGB"))), source.mode in ONE_BAND_GREY)

    def back(self, result: Image.Image) -> Image.Image:
        """``result`` (RGB or RGBA) in this picture's kind: grey (equal channels) for a grey picture, and
        "L" / "LA" for a one-band grey input."""
        return in_grey(result, self.one_band) if self.grey else result


def in_grey(result: Image.Image, one_band: bool = False) -> Image.Image:
    """An RGB or RGBA ``result`` made grey (its luma): "L" / "LA" when ``one_band``, else R = G = B in its mode."""
    grey = result.convert("LA" if result.mode == "RGBA" else "L")
    return grey if one_band else grey.convert(result.mode)


def bounds(mask: np.ndarray, margin: int = 0) -> tuple[int, int, int, int] | None:
    """The box (top, left, bottom, right) of the true pixels of ``mask`` (bool [H,W]) grown by ``margin`` pixels
    on every side, inside the mask's own; None when no pixel is true."""
    rows, columns = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    if not len(rows):
        return None
    height, width = mask.shape
    return (max(int(rows[0]) - margin, 0), max(int(columns[0]) - margin, 0),
            min(int(rows[-1]) + 1 + margin, height), min(int(columns[-1]) + 1 + margin, width))


# a letterbox bar along a photo's edge: its rows (or columns) of mean grey below BARS[0] or above BARS[2], spreading by
# under BARS[1] grey levels, end in a step of at least BARS[3] to the next row, BARS[4] rows beyond them (the bar's
# edge, blurred into the picture by JPEG) left out with them (no step: a plain dark or white background,
# ``img74``'s and ``img13``'s of the portraits, not a bar). 8 of the 13 LFW portraits (``img68``–``img80``) have one,
# up to 21 rows deep
BARS = (12.0, 4.0, 245.0, 10.0, 2)


def picture_box(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """The box (top, left, bottom, right) of a photo (uint8 [H,W,3] RGB) without the letterbox bars along its edges
    (BARS): the whole photo where it has none. Each side keeps at least half of the photo."""
    height, width = rgb.shape[:2]
    across = rgb.transpose(1, 0, 2)
    return _bar(rgb), _bar(across), height - _bar(rgb[::-1]), width - _bar(across[::-1])


def _bar(rgb: np.ndarray) -> int:
    """How many of the first rows of ``rgb`` (uint8 [H,W,3]) are a letterbox bar and its edge (BARS), at most half
    of them; 0 where there is none. Only the first row is read where it is no bar's (most photos), the first half
    where it is."""
    if not _plain(rgb[:1])[0][0]:
        return 0
    plain, means = _plain(rgb[:len(rgb) // 2])
    rows = int(np.argmin(plain)) if not plain.all() else len(rgb)
    if rows + BARS[4] > len(rgb) // 2 or abs(means[rows] - means[0]) < BARS[3]:
        return 0
    return rows + BARS[4]


def _plain(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which rows of ``rgb`` (uint8 [h,W,3]) are of one dark or light grey (BARS), bool [h], and their mean grey
    (float32 [h], 0..255)."""
    grey = rgb.astype(np.float32).mean(2)
    means, spreads = grey.mean(1), grey.std(1)
    return (spreads < BARS[1]) & ((means < BARS[0]) | (means > BARS[2])), means


def is_grey(rgb: np.ndarray) -> bool:
    """Whether a uint8 [H,W,3] picture has R = G = B everywhere."""
    return bool((rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all())


def fill_hidden_colour(rgba: np.ndarray) -> np.ndarray:
    """uint8 [H,W,4] with the colour of every fully transparent pixel (alpha 0) replaced by that of the
    nearest pixel with alpha > 0; alpha and visible pixels unchanged. Upscaling and completion mix
    neighbouring colours, so a colour hidden under alpha 0 (often black) would otherwise show as a dark rim."""
    hidden = rgba[..., 3] == 0
    if not hidden.any() or hidden.all():
        return rgba
    nearest = ndimage.distance_transform_edt(hidden, return_distances=False, return_indices=True)
    filled = rgba.copy()
    filled[..., :3] = rgba[nearest[0], nearest[1], :3]
    return filled


def _cubic(x: np.ndarray) -> np.ndarray:
    """Keys' cubic kernel with a = −0.5, as in MATLAB's imresize."""
    a = np.abs(x)
    return ((1.5 * a**3 - 2.5 * a**2 + 1) * (a <= 1)
            + (-0.5 * a**3 + 2.5 * a**2 - 4 * a + 2) * ((a > 1) & (a <= 2)))


def _resize_matrix(in_len: int, out_len: int, scale: float) -> np.ndarray:
    """[out_len, in_len] weights of MATLAB's bicubic imresize along one axis (antialiased when shrinking,
    mirror borders)."""
    stretch = min(scale, 1.0)  # widen the kernel by 1/scale when shrinking: that is the antialiasing
    width = 4.0 / stretch
    centres = np.arange(1, out_len + 1) / scale + 0.5 * (1 - 1 / scale)
    left = np.floor(centres - width / 2)
    taps = left[:, None] + np.arange(int(np.ceil(width)) + 2)[None]
    weights = stretch * _cubic(stretch * (centres[:, None] - taps))
    weights /= weights.sum(1, keepdims=True)
    mirror = np.concatenate([np.arange(in_len), np.arange(in_len - 1, -1, -1)])
    columns = mirror[np.mod(taps.astype(int) - 1, 2 * in_len)]
    matrix = np.zeros((out_len, in_len))
    np.add.at(matrix, (np.repeat(np.arange(out_len), taps.shape[1]), columns.ravel()), weights.ravel())
    return matrix


def matlab_imresize(image: np.ndarray, scale: float) -> np.ndarray:
    """MATLAB's ``imresize(image, scale, 'bicubic')`` on uint8 [H,W] or [H,W,C]: rows first, then
    columns, rounding to uint8 between the passes (how the benchmark's LR files were made)."""
    height, width = image.shape[:2]
    rows = _resize_matrix(height, int(np.ceil(height * scale)), scale)
    columns = _resize_matrix(width, int(np.ceil(width * scale)), scale)
    first = np.tensordot(rows, image.astype(np.float64), axes=(1, 0)).round().clip(0, 255)
    second = np.tensordot(columns, first, axes=(1, 1)).swapaxes(0, 1)
    return second.round().clip(0, 255).astype(np.uint8)
