"""Long hair on a photo: the photo's own hair, let down beside the face and the neck.

The face GAN ends at the chin, and the whole-frame GAN's long hair, drawn at 80×96 and enlarged onto the
photo, was a detached, blurry blob beside the neck (``python -m ganedit.bench.frames --grid``; the issue on a
face model of the whole head). So, as the hair colours recolour the photo's own hair and a smile moves the
photo's own mouth, long hair lets the photo's own hair fall: a swatch of it is cut from the top of the head
(``swatch``, face-aligned, its gaps of skin or background filled by Telea's inpainting, OpenCV's), and
``let_down`` lays it as a curtain on each side of the face, from the temples (tucked under the photo's own
hair there) past the chin beside the neck, the strands stretched down the face's own axis. The curtain
follows the jaw line on its inside, never covers the face (the jaw line and the brows raised a fifth of the
brow-to-chin distance, ``regions.whole_face``), leaves the photo's own hair as it is, and ends in ragged
strands. Lengths are in the face's units: brow-to-chin distance down, jaw-line width (landmarks 0 to 16)
across.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np

from ganedit.edits.regions import JAW, smoothstep, whole_face

TOP = -0.3  # the curtain starts this far above the brows (in brow-to-chin distances), tucked under the temples' hair
LENGTH = (0.45, 0.6)  # it ends this far below the brows: the first plus the second per unit of strength (+2: 1.65)
MOST = 2.0  # strengths beyond this let the hair no further down
THICKNESS = (0.14, 0.2, 0.45)  # across (jaw widths): at the top, added by the ends, and the taper's length from TOP
TUCK = (0.02, 0.04)  # the inner edge lies this far inside the jaw line, and as much more again above the ear
STRETCH = 3.0  # the swatch's strands are stretched this many times down the curtain
EDGES = (0.03, 0.025, 0.15, 0.1)  # fades: the inner edge, the outer edge (across), the top and the ends (down)
SHADE = (0.72, 0.4, 0.12)  # the inner edge's light (in its shadow), the shadow's width across, the ends' darkening
OWN_HAIR = 0.85  # where the photo shows its own hair, the curtain's cover falls by this share of it (it stays)
CAP = (-0.2, 0.7)  # the swatch takes the hair above v = −0.2 (a fifth of brow-to-chin above the brows), |u| < 0.7
FACE_BLUR = 0.01  # jaw widths: the face's outline is softened by this
COARSE = 192  # the curtain's shape is worked out on at most this many rows and columns of its box
SWATCH_MOST = (192, 512)  # the swatch's largest size (rows, columns)
SWATCH_HAIR = 0.3  # a swatch needs at least this share of its pixels on the hair, or there is none to let down


@dataclass(frozen=True)
class Swatch:
    """The photo's own hair from the top of the head, face-aligned: ``pixels`` uint8 [R,C,3] (rows down the
    face's axis, columns across it, gaps filled) and ``rows`` (how many brow-to-chin distances its rows span)."""

    pixels: np.ndarray
    rows: float


@dataclass(frozen=True)
class Axes:
    """A face's own axes in photo pixels: ``origin`` [2] on the nose's line at the brows' height, ``down`` [2]
    (the brows' centre to the chin) and ``across`` [2] (the jaw line's width, towards landmark 16)."""

    origin: np.ndarray
    down: np.ndarray
    across: np.ndarray

    @classmethod
    def of(cls, points: np.ndarray) -> "Axes":
        """The axes of landmarks [68,2] (photo pixels)."""
        brows, chin = points[17:27].mean(0), points[8]
        down = chin - brows
        across = np.array([-down[1], down[0]]) / np.linalg.norm(down)
        across *= np.sign((points[16] - points[0]) @ across) * np.linalg.norm(points[16] - points[0])
        return cls(brows + ((points[27:31].mean(0) - brows) @ across) / (across @ across) * across, down, across)

    def photo_xy(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Photo pixels (x, y; float32) of face coordinates u (across) and v (down)."""
        x = self.origin[0] + u * self.across[0] + v * self.down[0]
        y = self.origin[1] + u * self.across[1] + v * self.down[1]
        return x.astype(np.float32), y.astype(np.float32)

    def face_uv(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Face coordinates (u, v; float32) of photo pixels x, y."""
        inverse = np.linalg.inv(np.stack([self.across, self.down], 1)).astype(np.float32)
        dx, dy = x - np.float32(self.origin[0]), y - np.float32(self.origin[1])
        return inverse[0, 0] * dx + inverse[0, 1] * dy, inverse[1, 0] * dx + inverse[1, 1] * dy


def swatch(photo: np.ndarray, hair: np.ndarray, points: np.ndarray) -> Swatch | None:
    """The photo's own hair above the face (``hair``: float [H,W] in 0..1 on the photo uint8 [H,W,3], 1 on the
    hair; landmarks [68,2] in its pixels) as a Swatch at about the photo's resolution (at most SWATCH_MOST): the
    hair's pixels above CAP[0] and within CAP[1] of the nose's line, between their 5th and 95th percentiles
    across and 10th and 90th down. None when too little hair shows there (under SWATCH_HAIR of the swatch)."""
    axes = Axes.of(points)
    ys, xs = np.nonzero(hair > 0.5)
    u, v = axes.face_uv(xs.astype(np.float32), ys.astype(np.float32))
    cap = (v < CAP[0]) & (np.abs(u) < CAP[1])
    if cap.sum() < 50:
        return None
    (left, right), (top, bottom) = np.percentile(u[cap], [5, 95]), np.percentile(v[cap], [10, 90])
    shape = [int(np.clip(span * np.linalg.norm(axis), 16, most))
             for span, axis, most in ((bottom - top, axes.down, SWATCH_MOST[0]),
                                      (right - left, axes.across, SWATCH_MOST[1]))]
    rows, columns = np.meshgrid(np.linspace(top, bottom, shape[0]), np.linspace(left, right, shape[1]), indexing="ij")
    x, y = axes.photo_xy(columns, rows)
    pixels = cv2.remap(photo, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    gaps = cv2.remap(hair.astype(np.float32), x, y, cv2.INTER_LINEAR) < 0.5
    if gaps.mean() > 1 - SWATCH_HAIR:
        return None
    return Swatch(cv2.inpaint(pixels, gaps.astype(np.uint8), 5, cv2.INPAINT_TELEA), float(bottom - top))


def length(strength: float) -> float:
    """How far below the brows the curtain ends at ``strength``, in brow-to-chin distances."""
    return LENGTH[0] + LENGTH[1] * min(strength, MOST)


Box = tuple[int, int, int, int]  # a box of the photo: top, left, bottom, right (pixels)


def let_down(photo: np.ndarray, points: np.ndarray, hair: Swatch, strength: float,
             own_hair: Callable[[Box], np.ndarray]) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with the hair let down (see the module docstring) at ``strength`` (> 0; full
    cover from 1, longer up to MOST): a curtain of the swatch ``hair`` on each side of the face of landmarks
    [68,2] (photo pixels), leaving the photo's own hair, which ``own_hair(box)`` marks on a box (float [h,w] in
    0..1). Pixels outside the curtain are bit-identical."""
    axes = Axes.of(points)
    jaw_u, jaw_v = axes.face_uv(points[JAW, 0].astype(np.float32), points[JAW, 1].astype(np.float32))
    out = photo.copy()
    for side, ear, neck, jaw in ((-1, 0, 4, JAW[:9]), (1, 16, 12, JAW[8:])):
        order = np.argsort(jaw_v[jaw])
        curtain = _Curtain(side, strength, (jaw_u[jaw][order] * side, jaw_v[jaw][order]),
                           (abs(jaw_u[ear]), jaw_v[ear]), (abs(jaw_u[neck]), jaw_v[neck]))
        top, left, bottom, right = box = curtain.box(axes, photo.shape[:2])
        if bottom <= top or right <= left:
            continue
        weight, pixels = curtain.layer(axes, box, hair)
        outline = cv2.convexHull(np.round(whole_face(points) - (left, top)).astype(np.int32))
        face = cv2.GaussianBlur(cv2.fillConvexPoly(np.zeros(weight.shape, np.float32), outline, 1.0), (0, 0),
                                FACE_BLUR * np.linalg.norm(axes.across))
        weight *= min(strength, 1.0) * (1 - OWN_HAIR * own_hair(box)) * (1 - face)
        region = out[top:bottom, left:right].astype(np.float32)
        mixed = (region + weight[..., None] * (pixels - region)).round().clip(0, 255)
        out[top:bottom, left:right] = np.where(weight[..., None] > 0, mixed, region).astype(np.uint8)
    return out


class _Curtain:
    """One side's curtain of long hair, in face coordinates: u outward from the nose's line, v down from the
    brows. ``jaw``: that side's jaw landmarks (u, v), in order down; ``ear`` and ``neck``: (u, v) of the jaw
    line's top (landmark 0 or 16) and of landmark 4 or 12. ``side`` (−1, 1) also seeds the strands."""

    def __init__(self, side: int, strength: float, jaw: tuple[np.ndarray, np.ndarray], ear: tuple[float, float],
                 neck: tuple[float, float]):
        self.side, self.jaw, self.ear, self.neck, self.end = side, jaw, ear, neck, length(strength)
        rng = np.random.default_rng(side + 1)  # the same strands at every render
        self.ends = _wobble(rng, (32, 0.07), (200, 0.03))  # the strands' ends, across the curtain
        self.wisps = [_wobble(rng, (12, 0.02), (300, 0.006)) for _ in range(2)]  # the edges' strays, down them
        self.starts = _wobble(rng, (6, 0.4))  # where in the swatch each strand starts (no band across the curtain)

    def box(self, axes: Axes, shape: tuple[int, int]) -> Box:
        """The photo's box that holds this curtain, within a photo of ``shape`` (H, W)."""
        inside = min(float(self.neck[0]), float(self.jaw[0].min())) - sum(TUCK) - EDGES[0]
        outside = self.ear[0] + sum(THICKNESS[:2]) + EDGES[1]
        ends = (TOP, self.end + 2 * EDGES[3])
        x, y = axes.photo_xy(np.array([inside, outside] * 2) * self.side, np.repeat(ends, 2))
        top, left = max(0, int(np.floor(y.min()))), max(0, int(np.floor(x.min())))
        return top, left, min(shape[0], int(np.ceil(y.max())) + 1), min(shape[1], int(np.ceil(x.max())) + 1)

    def layer(self, axes: Axes, box: Box, hair: Swatch) -> tuple[np.ndarray, np.ndarray]:
        """The curtain on the photo's ``box`` (of ``box``): its weight [h,w] in 0..1 and its pixels [h,w,3]
        (float32, 0..255), the swatch ``hair``'s strands stretched down it, shaded at the inner edge. Its shape
        is worked out on at most COARSE rows and columns and enlarged; the swatch is sampled at every pixel."""
        top, left, bottom, right = box
        step = max(1, int(np.ceil(max(bottom - top, right - left) / COARSE)))
        rows, columns = np.mgrid[top:bottom + step:step, left:right + step:step].astype(np.float32)
        u, v = axes.face_uv(columns, rows)
        maps = [cv2.resize(m.astype(np.float32), None, fx=step, fy=step, interpolation=cv2.INTER_LINEAR)
                [:bottom - top, :right - left] for m in self._maps(u * self.side, v, hair)]
        weight, x, y, shade = maps
        pixels = cv2.remap(hair.pixels, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        return weight, pixels.astype(np.float32) * shade[..., None]

    def _maps(self, u: np.ndarray, v: np.ndarray, hair: Swatch) -> tuple[np.ndarray, ...]:
        """At face coordinates u (outward), v (down): the curtain's weight (0..1), where in the swatch ``hair``
        each pixel comes from (x, y: its pixels) and the light it is shaded to (0..1)."""
        inner = np.where(v < self.ear[1], self.ear[0] - TUCK[1],
                         np.where(v < self.neck[1], np.interp(v, *self.jaw[::-1]), self.neck[0])) - TUCK[0]
        along = np.clip((v - TOP) / (self.end - TOP), 0, 1)
        outer = self.ear[0] + (THICKNESS[0] + THICKNESS[1] * along) * smoothstep((v - TOP) / THICKNESS[2])
        across = np.clip((u - inner) / np.maximum(outer - inner, 1e-3), 0, 1)
        down = (v + 0.5) / 3
        inner, outer = inner + _at(self.wisps[0], down), outer + _at(self.wisps[1], down)
        weight = (smoothstep((u - inner) / EDGES[0]) * smoothstep((outer - u) / EDGES[1])
                  * smoothstep((v - TOP) / EDGES[2]) * smoothstep((self.end + _at(self.ends, across) - v) / EDGES[3])
                  * (u > 0))
        rows, columns = hair.pixels.shape[:2]
        x = (across if self.side > 0 else 1 - across) * (columns - 1)
        y = (v - TOP) / (hair.rows * STRETCH) + _at(self.starts, across)
        y = np.abs(y % 2 - 1) * (rows - 1)  # back and forth over the swatch's rows
        shade = (SHADE[0] + (1 - SHADE[0]) * smoothstep(across / SHADE[1])) * (1 - SHADE[2] * np.clip(v - 0.6, 0, 1))
        return weight, x, y, shade


WOBBLE_SAMPLES = 1024  # a wobble is tabulated at this many points along its line


def _wobble(rng: np.random.Generator, *scales: tuple[int, float]) -> np.ndarray:
    """Smooth random offsets along a line (0..1), tabulated [WOBBLE_SAMPLES]: the sum, for each (knots, spread)
    of ``scales``, of normal noise of that spread at that many knots, interpolated linearly."""
    line = np.linspace(0, 1, WOBBLE_SAMPLES)
    return sum(np.interp(line, np.linspace(0, 1, knots), rng.normal(0, spread, knots)) for knots, spread in scales
               ).astype(np.float32)


def _at(table: np.ndarray, position: np.ndarray) -> np.ndarray:
    """A tabulated wobble at ``position`` (0..1, clipped): float32 like ``position``."""
    return table[np.clip((position * (len(table) - 1)).astype(np.int32), 0, len(table) - 1)]
