"""Colour strokes on the face paint the part of the face they lie on, in the photo's own texture.

Optimising the tuned generator's latent to follow a colour stroke (iGAN's colour constraint) barely moves the
colour it was asked for and drags the rest of the face along (measured on portrait img24: a lip-red stroke
over the lips moved the lips' a* by 2 of the 32 asked, and G′ closed the smiling mouth and darkened the face,
which reached the photo as grey teeth and stains). A colour stroke on the face is therefore a local colour
transfer, as the hair strokes are (``ganedit.edits.hair.recolour``): the part it is painted on (the lips, a
brow, or else the stroke's own footprint) has its mean CIELAB colour moved to the stroke's, every pixel alike,
so its texture, highlights and shadows stay. Parts come from dlib's 68 landmarks (``regions``); on the photo
the paint is limited to pixels whose colour is like the part's own (``photo.paint_face``), so lipstick stops
at the teeth and the skin, and a cheek stroke does not stain an eye. The wearing lipstick slider paints the lips
the same way (``lipstick``): G′'s direction, enlarged from 64×64, hardly reddened them (``/tmp`` renders of the
portraits, session 43); heavy make-up adds eye shadow over the upper lids (``makeup``) where G′'s painted dark
stripes and pale bands.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits.hair import FULL, Recolour, each_stroke, stroke_target
from ganedit.edits.regions import BROWS, EYES, MOUTH, disc, hull

ON_PART = 0.5  # a stroke with at least this share of its pixels on a part (grown by NEAR) paints that part
NEAR = 0.03  # share of the face's side: a part is grown by this before strokes are matched to it
EDGE = 0.01  # share of the face's side: every painted part fades out over about this
REACH = 0.01  # share of the face's side: a stroke on no part paints its own footprint grown by this
PAINT_CHROMA = 50.0  # CIELAB chroma: a stroke's colour is desaturated to at most this (the lip red's is 61)
OUTER_LIPS, INNER_LIPS = MOUTH[:12], MOUTH[12:]
LIPSTICK_ATTRIBUTE = "wearing_lipstick"
LIPSTICK = (44.0, 55.0, 28.0)  # CIELAB: a classic red lipstick
LIPSTICK_FULL = 2.0  # slider strength at which the lips' mean colour is LIPSTICK; below it, that share of the way
MAKEUP_ATTRIBUTE = "heavy_makeup"
EYE_SHADOW = (32.0, 8.0, -2.0)  # CIELAB: a smoky mauve-brown over the upper lids
LID_REACH = 0.55  # the eye shadow reaches this share of the way from the upper lid's line up to the brow's


@dataclass(frozen=True)
class Paint:
    """One painted part of the face: where (``weight``, float32 [S,S] in 0..1 on the aligned face, any size S)
    and to what colour (``step``, its ``Recolour``)."""

    weight: np.ndarray
    step: Recolour


def part_masks(points: np.ndarray, size: int) -> dict[str, np.ndarray]:
    """The paintable parts of a face (landmarks [68,2] in pixels of the aligned face at ``size``): hard
    float32 masks [size,size] of the lips (the outer lip line without the inner one: not the teeth) and of
    each brow."""
    lips = hull(points[OUTER_LIPS], size) * (1 - hull(points[INNER_LIPS], size))
    brows = [cv2.dilate(hull(points[side], size), disc(EDGE * size)) for side in (BROWS[:5], BROWS[5:])]
    return {"lips": lips, "left brow": brows[0], "right brow": brows[1]}


def lipstick(points: np.ndarray, size: int, strength: float) -> Paint:
    """The lips (``part_masks``; landmarks [68,2] in pixels of the aligned face at ``size``) painted LIPSTICK, their
    mean colour moved ``strength``/LIPSTICK_FULL of the way there (none at 0 or below, all the way above
    LIPSTICK_FULL), every pixel alike, so their texture and highlights stay."""
    share = float(np.clip(strength / LIPSTICK_FULL, 0, 1))
    return Paint(_soft(part_masks(points, size)["lips"], size), Recolour(np.float32(LIPSTICK), share * FULL))


def makeup(points: np.ndarray, size: int, strength: float) -> tuple[Paint, ...]:
    """Heavy make-up: ``lipstick`` and eye shadow (each upper lid, from its lash line LID_REACH of the way up to
    its brow, painted EYE_SHADOW), as far as ``strength``/LIPSTICK_FULL says (landmarks [68,2] in pixels of the
    aligned face at ``size``)."""
    share = float(np.clip(strength / LIPSTICK_FULL, 0, 1))
    lids = np.zeros((size, size), np.float32)
    for lid, brow in ((EYES[:4], BROWS[:5]), (EYES[6:10], BROWS[5:])):  # the upper lid's corners and middle points
        top = points[lid].copy()
        top[:, 1] += LID_REACH * (np.interp(top[:, 0], points[brow, 0], points[brow, 1]) - top[:, 1])
        outline = np.round(np.vstack([points[lid], top[::-1]])).astype(np.int32)
        lids = np.maximum(lids, cv2.fillPoly(np.zeros((size, size), np.float32), [outline], 1.0))
    return lipstick(points, size, strength), Paint(_soft(lids, size), Recolour(np.float32(EYE_SHADOW), share * FULL))


def face_paint(strokes: np.ndarray, points: np.ndarray) -> tuple[Paint, ...]:
    """Colour strokes on the aligned face (uint8 RGBA [S,S,4], alpha > 0 where painted; landmarks [68,2] in
    its pixels) as Paints: the strokes on each part (``part_masks``, ON_PART of their pixels within NEAR of
    it) paint the whole part in their mean colour; each other stroke paints its own footprint. A stroke is a
    connected set of painted pixels; colours are desaturated to PAINT_CHROMA."""
    size = len(strokes)
    parts = part_masks(points, size)
    near = {name: cv2.dilate(part, disc(NEAR * size)) > 0 for name, part in parts.items()}
    on_part: dict[str, np.ndarray] = {}
    paints = []
    for stroke in each_stroke(strokes):
        name = next((name for name, grown in near.items() if grown[stroke].mean() >= ON_PART), None)
        if name is None:
            paints.append(Paint(_soft(cv2.dilate(stroke.astype(np.float32), disc(REACH * size)), size),
                                Recolour(stroke_target(strokes, stroke, PAINT_CHROMA))))
        else:
            on_part[name] = on_part.get(name, np.zeros_like(stroke)) | stroke
    paints += [Paint(_soft(parts[name], size), Recolour(stroke_target(strokes, where, PAINT_CHROMA)))
               for name, where in on_part.items()]
    return tuple(paints)


def _soft(inside: np.ndarray, size: int) -> np.ndarray:
    return cv2.GaussianBlur(inside.astype(np.float32), (0, 0), EDGE * size)
