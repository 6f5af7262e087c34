"""Strand texture for hair that a recolouring lightens: black hair turned blond needs strands it does not show.

A photo's black hair holds almost no detail (on the portraits half its pixels often lie within 1 L* of black),
so shifting its colour alone paints a flat cap. Real light hair shows its strands as thin streaks of light and
shade along the way the hair runs. The streaks are drawn as a line integral convolution of noise (Cabral and
Leedom 1993, "Imaging vector fields using line integral convolution") along the hair's orientation, which is
read from the photo's own lightness by the structure tensor (Kass and Witkin 1987; hair-capture work reads
strand orientation from images the same way, e.g. Paris et al. 2004), with a weak prior of hair falling
downwards where the photo shows no direction (crushed black); none are drawn where the hair curls every way
(the tensor's coherence is low). Hair that curls every way all over (coily hair, a buzz cut: ``hair_coherence``,
the tensor read inside the hair alone, low) gets a fine isotropic grain instead, coils rather than strands: read
with the outline, the strongest edge nearby, its streaks ran along the outline, a combed helmet, and without any
texture lightened crushed black is a flat cap. ``ganedit.edits.hair.recolour`` adds the texture to the lightness
in proportion to how much lighter the hair becomes.

The texture is drawn once per photo (``Strands.of``), at the photo's resolution up to a face width of
MAX_FACE pixels (larger photos: drawn at that size and enlarged bilinearly), so a slider move only adds it.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits.regions import cut_box, smoothstep, to_lab

MAX_FACE = 200  # pixels: the texture is drawn with the face at most this wide, then enlarged
ORIENTATION_SCALE = 1 / 20  # share of the face's width: the structure tensor is averaged over this (Gaussian σ)
DOWNWARD = 0.3  # the prior of hair running downwards, as a share of the tensor's median energy
STRAND_LENGTH = 1 / 12  # share of the face's width: how far each way a streak is integrated
GRAIN = 1 / 400  # share of the face's width (at least half a pixel): the noise's blur, a strand's thickness
# the structure tensor's coherence (0: no one way, 1: one way only), averaged over COHERENCE_AREA times the tensor's
# scale, below which no streaks are drawn (coily hair, whose own texture stays) and above which they are drawn in full
# (straight hair, and flat black with the prior). Measured at the hair's pixels (quartiles): 0.35–0.46 on img96's
# afro, 0.44–0.79 on straight or wavy hair (img2, img14, img24, img42, img45, img61, img83)
COHERENCE, COHERENCE_AREA = (0.3, 0.55), 3.0
# ``hair_coherence`` at and below which a photo's hair gets grain, coils, and at and above which streaks (blended
# between). Measured on the 91 portraits with hair (a /tmp script over saved preparations): 0.20–0.31 on coily hair
# (img68, img69, img76, img81, img82, img95, img96) and short crops (img15, img16, img30, img33, img92, img93), 0.33
# on img4, 0.36–0.91 on the rest (straight, wavy, slicked: img1, img25, img58 0.36, img32 0.37, img43's waves 0.41)
CURLS = (0.30, 0.36)
OUTLINE = 2  # pixels at the drawing size: the hair's pixels this near its outline are not read by hair_coherence
# the least energy of the tensor that hair_coherence's downward prior is a share of (squared Sobel responses to L* at
# the drawing size; about 2 L* a pixel), so crushed black hair's noise does not read as curls (img42's crown: 86)
QUIET = 300.0
BLOCK = 1024  # pixels: a row of the streamlines that ``line_integral`` follows at once
# ``line_integral``'s step along a streamline, in the noise's blur σ (at least a pixel): samples that far apart
# along it give nearly the integral of every pixel (the curtains' streaks of img33's size: correlation 0.998 at 2σ,
# 0.980 at 3σ, a /tmp script) in half the time; the line integral was most of the curtains' and the fringe's cost.
# Steps of 2 pixels over a finer blur drew dotted strands (session 37, ``curtains.LENGTH``); at 2σ (2 pixels at most,
# on the largest faces) no beads show at 300%, and a fresh reviewer rated seven portraits' curtains, blind, the same
# from both (session 59)
STRIDE = 2.0
COIL = 1 / 200  # share of the face's width (at least half a pixel): the grain's blur, about a coil's size


@dataclass(frozen=True)
class Strands:
    """A strand texture on a box of a photo: ``texture`` float32 [h,w] covering the photo's pixels ``box`` (top,
    left, bottom, right), of unit spread where drawn: streaks where the hair runs one way, none where it curls
    every way; grain (coils) all over hair that curls every way all over."""

    texture: np.ndarray
    box: tuple[int, int, int, int]

    @classmethod
    def of(cls, photo: np.ndarray, box: tuple[int, int, int, int], face_width: float, hair: np.ndarray,
           seed: int = 0) -> "Strands":
        """The strands of the photo (uint8 [H,W,3] RGB) within ``box`` (top, left, bottom, right), for a face
        ``face_width`` pixels wide, whose hair is where ``hair`` (float [h,w] on the box, 0..1) is above 1/2
        (``hair_coherence`` is read there); the same photo and seed give the same texture."""
        top, left, bottom, right = box
        scale = min(1.0, MAX_FACE / max(face_width, 1.0))
        part = photo[top:bottom, left:right]
        small = part if scale == 1 else cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        width, lightness = face_width * scale, to_lab(small)[..., 0]
        x, y, coherence = orientation(lightness, ORIENTATION_SCALE * width)
        streaks = line_integral(x, y, max(2, round(STRAND_LENGTH * width)), max(0.5, GRAIN * width), seed)
        coherence = cv2.GaussianBlur(coherence, (0, 0), COHERENCE_AREA * ORIENTATION_SCALE * width)
        streaks = streaks * smoothstep((coherence - COHERENCE[0]) / (COHERENCE[1] - COHERENCE[0]))
        inside = cv2.resize(np.asarray(hair, np.float32), small.shape[1::-1], interpolation=cv2.INTER_AREA) > 0.5
        curls = (hair_coherence(lightness, inside, ORIENTATION_SCALE * width) - CURLS[0]) / (CURLS[1] - CURLS[0])
        one_way = float(smoothstep(curls))
        texture = one_way * streaks + (1 - one_way) * coils(streaks.shape, max(0.5, COIL * width), seed + 1)
        if scale != 1:
            texture = cv2.resize(texture, (right - left, bottom - top), interpolation=cv2.INTER_LINEAR)
        return cls(texture, box)

    def scaled(self, scale: float) -> "Strands":
        """The texture for the photo shrunk by ``scale`` (0..1], as ``PhotoFace.preview`` shrinks it."""
        top, left, bottom, right = (round(side * scale) for side in self.box)
        size = (max(right - left, 1), max(bottom - top, 1))
        small = cv2.resize(self.texture, size, interpolation=cv2.INTER_AREA)  # averaging lowers the spread: restored
        return Strands(small * (self.texture.std() / max(float(small.std()), 1e-6)), (top, left, bottom, right))

    def cut(self, box: tuple[int, int, int, int]) -> np.ndarray:
        """float32 [h,w]: the texture on the photo's ``box`` (top, left, bottom, right); 0 where it has none."""
        return cut_box(self.texture, self.box, box)


def orientation(lightness: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The way the hair runs at each pixel of ``lightness`` (float [h,w], e.g. L*): unit vectors (x, y), float32
    [h,w] each, across the dominant gradient of the structure tensor averaged over a Gaussian of ``sigma``
    pixels, with DOWNWARD's prior of running down (horizontal gradients) where there is little gradient; and
    how much it runs one way, the tensor's coherence (float32 [h,w] in 0..1)."""
    xx, yy, xy = (cv2.GaussianBlur(product, (0, 0), sigma) for product in _gradients(lightness))
    xx = xx + DOWNWARD * max(float(np.median(xx + yy)), 1.0)  # (a photo flat all over still runs down)
    angle = 0.5 * np.arctan2(2 * xy, xx - yy) + np.pi / 2  # the gradient's angle, turned a quarter
    return np.cos(angle).astype(np.float32), np.sin(angle).astype(np.float32), _coherence(xx, yy, xy)


def hair_coherence(lightness: np.ndarray, hair: np.ndarray, sigma: float) -> float:
    """How much the hair runs one way over all, 0..1: the median, over the pixels of ``hair`` (bool [h,w]) farther
    than OUTLINE from its outline, of the coherence of the structure tensor of ``lightness`` (float [h,w], L*)
    averaged over a Gaussian of ``sigma`` pixels of those pixels alone (a normalised convolution, Knutsson and
    Westin 1993: the hair's outline against the background or the forehead does not count), with DOWNWARD's prior
    of at least QUIET energy. 1.0 when no pixel is that far inside."""
    inside = cv2.erode(hair.astype(np.float32), np.ones((2 * OUTLINE + 1,) * 2, np.uint8))
    if not inside.any():
        return 1.0
    share = np.maximum(cv2.GaussianBlur(inside, (0, 0), sigma), 1e-3)
    xx, yy, xy = (cv2.GaussianBlur(product * inside, (0, 0), sigma) / share for product in _gradients(lightness))
    xx = xx + DOWNWARD * max(float(np.median((xx + yy)[inside > 0])), QUIET)
    return float(np.median(_coherence(xx, yy, xy)[inside > 0]))


def _gradients(lightness: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The structure tensor's products gx², gy², gx·gy of ``lightness`` (float [h,w]; Sobel), float32 [h,w] each."""
    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    return gx * gx, gy * gy, gx * gy


def _coherence(xx: np.ndarray, yy: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """float32 [h,w] in 0..1: how much a structure tensor (its averaged products) points one way."""
    return (np.sqrt((xx - yy) ** 2 + 4 * xy ** 2) / np.maximum(xx + yy, 1e-6)).astype(np.float32)


def coils(shape: tuple[int, int], blur: float, seed: int = 0) -> np.ndarray:
    """Isotropic noise (Gaussian, blurred over ``blur`` pixels): float32 [h,w] of ``shape``, zero mean, unit
    standard deviation; the texture of coils, hair that runs no one way."""
    noise = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    return unit(cv2.GaussianBlur(noise, (0, 0), blur))


def line_integral(x: np.ndarray, y: np.ndarray, steps: int, grain: float, seed: int = 0,
                  where: np.ndarray | None = None) -> np.ndarray:
    """Noise (Gaussian, blurred over ``grain`` pixels) averaged along the streamlines of the orientation field
    (``x``, ``y``: float32 [h,w] unit vectors, sign-free) ``steps`` pixels each way, with weights falling
    linearly, sampled every STRIDE blurs (at least every pixel): streaks along the field. float32 [h,w], zero mean,
    unit standard deviation over the pixels of ``where`` (bool [h,w]; None: all), 0 elsewhere; only those pixels'
    streamlines are followed (the cost)."""
    height, width = x.shape
    noise = cv2.GaussianBlur(np.random.default_rng(seed).standard_normal((height, width)).astype(np.float32),
                             (0, 0), grain)
    where = np.ones((height, width), bool) if where is None else where
    if not where.any():
        return np.zeros((height, width), np.float32)
    rows, columns = (_blocks(at.astype(np.float32)) for at in np.nonzero(where))
    layers = np.dstack([x, y, noise])  # sampled together, one remap a step
    start = cv2.remap(layers, columns, rows, cv2.INTER_NEAREST)
    total, weights = start[..., 2].copy(), 1.0
    dot, term = np.empty_like(rows), np.empty_like(rows)
    stride = max(1.0, STRIDE * grain)
    count = max(1, round(steps / stride))
    for sign in (1.0, -1.0):
        at_x, at_y, step_x, step_y = columns.copy(), rows.copy(), sign * start[..., 0], sign * start[..., 1]
        for k in range(count):
            at_x += stride * step_x
            at_y += stride * step_y
            sampled = cv2.remap(layers, at_x, at_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            new_x, new_y, value = cv2.split(sampled)
            np.multiply(new_x, step_x, out=dot)
            dot += np.multiply(new_y, step_y, out=term)
            np.copysign(1.0, dot, out=dot)  # the field is sign-free: keep going the same way
            step_x, step_y = np.multiply(new_x, dot, out=new_x), np.multiply(new_y, dot, out=new_y)
            weight = 1 - k / count
            np.multiply(value, weight, out=term)
            total += term
            weights += weight
    streaks = np.zeros((height, width), np.float32)
    streaks[where] = unit(total.ravel()[:np.count_nonzero(where)] / weights)
    return streaks


def _blocks(values: np.ndarray) -> np.ndarray:
    """``values`` (1-D, not empty) as rows of BLOCK (the last padded with its last value), so that cv2.remap, which
    shares its work out by rows, uses every core."""
    padded = np.concatenate([values, np.full(-len(values) % BLOCK, values[-1], values.dtype)])
    return padded.reshape(-1, BLOCK)


def unit_on(texture: np.ndarray, where: np.ndarray | None) -> np.ndarray:
    """float32 like ``texture``: ``unit`` over the pixels of ``where`` (bool, like it; None: all), 0 elsewhere."""
    if where is None:
        return unit(texture)
    out = np.zeros(texture.shape, np.float32)
    if where.any():
        out[where] = unit(texture[where])
    return out


def unit(texture: np.ndarray) -> np.ndarray:
    """float32: ``texture`` less its mean, over its standard deviation (all 0 when flat)."""
    texture = texture - texture.mean()
    spread = float(texture.std())
    return (texture / spread if spread > 1e-6 else texture).astype(np.float32)
