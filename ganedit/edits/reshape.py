"""The face's shape on a photo: big lips, big nose, pointy nose, narrow eyes, chubby, oval face and mouth slightly open
move the photo's own pixels, as the smile does (``photo.smile_flow``), instead of adding G′'s change.

G′'s directions for these sliders, enlarged from 64×64 onto the photo, painted pale, orange and dark patches over
the cheeks, the nose and the eyes (``/tmp`` renders of 3 portraits at ±2, session 46) and barely moved the shape
they name. Here each slider moves some of dlib's 68 points (``moves``, in shares of the face's own sizes); a
thin-plate spline through all 68 (the others stay where they are) and a ring about the face (RING, where nothing
moves) spreads those moves over the face (``photo.spline_flow``), and the photo's pixels are moved by it
(``photo.warp_by_flow``): the skin, its light and its detail stay the photo's own, and beyond the ring every pixel
is the photo's, bit for bit.
"""
from __future__ import annotations

import cv2
import numpy as np
from scipy.interpolate import PchipInterpolator

from ganedit.edits import photo
from ganedit.edits.regions import hull, whole_face
from ganedit.faces import SIZE

BIG_LIPS, BIG_NOSE, POINTY_NOSE, NARROW_EYES, CHUBBY, OVAL_FACE, MOUTH_OPEN = (
    "big_lips", "big_nose", "pointy_nose", "narrow_eyes", "chubby", "oval_face", "mouth_slightly_open")
ATTRIBUTES = (BIG_LIPS, BIG_NOSE, POINTY_NOSE, NARROW_EYES, CHUBBY, OVAL_FACE, MOUTH_OPEN)
UPPER_LIP, LOWER_LIP = np.arange(49, 54), np.arange(55, 60)  # each lip's outer edge, corner to corner excluded
LIP_PROFILE = np.array([0.6, 1.0, 1.0, 1.0, 0.6])  # share of the growth at each of those points (less near a corner)
LIP_GROWTH = 0.25  # per unit of slider: each lip grows this share of its own thickness, away from the mouth's line
CHIN_STILL = 0.5  # share of the way from the lower lip (dlib 57) to the chin (8) where nothing moves: the lips grow
# into the skin about them, not the chin (left free, a reviewer saw the chin and jaw reshaped by big lips −2)
MOUTH_WIDEN = 0.03  # per unit of slider: each corner moves out this share of the mouth's width
NOSE_BASE = np.arange(31, 36)  # the nostrils and the columella, dlib's 31–35
NOSE_WIDEN = 0.1  # per unit of big nose: the nose's base widens by this share about its middle (dlib 33)
NOSE_LONGER = 0.04  # per unit of big nose: the nose's tip and base move down this share of its length (27 to 33)
NOSE_NARROW = 0.08  # per unit of pointy nose: the nose's base narrows by this share; its tip (30) drops as
NOSE_TIP = 0.03  # this share of the nose's length
UPPER_LIDS, LOWER_LIDS = (37, 38, 43, 44), (41, 40, 47, 46)  # paired: each upper point above its lower one
EYE_CLOSE = (0.13, 0.07)  # per unit of narrow eyes: the upper and lower lids close this share of the eye's opening
LID_STILL = 1.0  # eye openings above each upper lid's point and below each lower lid's, nothing moves: the lids close
# without dragging what lies beyond them (a glasses' rim squashed shallower, img24, session 46)
JAW_OUT = 0.035  # per unit of chubby: the jaw moves out this share of the face's width (JAW_PROFILE at each point)
JAW_PROFILE = np.array([0, 0.4, 0.8, 1, 1, 0.8, 0.5, 0.2, 0, 0.2, 0.5, 0.8, 1, 1, 0.8, 0.4, 0])  # dlib 0–16
JAW_IN = 0.03  # per unit of oval face: the jaw's angles move in this share of the face's width (OVAL_PROFILE), and
OVAL_PROFILE = np.array([0, 0, 0.4, 0.8, 1, 0.8, 0.4, 0, 0, 0, 0.4, 0.8, 1, 0.8, 0.4, 0, 0])
CHIN_DOWN = 0.015  # the chin's middle (dlib 8) drops this share of it, its sides (7, 9) CHIN_SIDES as far: a longer,
CHIN_SIDES = 0.6  # narrower lower face with a rounded chin (dropped alike, it read as boxy)
LOWER_INNER, LOWER_OUTER, UPPER_INNER = (65, 66, 67), tuple(range(55, 60)), (61, 62, 63)
OPEN = 0.045  # per unit of mouth slightly open: the lower lip drops this share of the mouth's width (negative: rises,
JAW_DROP = (0.5, 0.3)  # no farther than the lips' gap closes), the chin (dlib 7–9) the first share of that and the
# jaw beside it (6, 10) the second: the stretched line between the lips, dark, reads as the mouth's inside; closing,
# the pixels inside the lips' new opening stay, so the lips close over the teeth rather than squash them
LIP_EDGE = 1.0  # flow pixels: the closing lips' edge over the teeth is softened this much (a hard one was stair-stepped
# once enlarged onto the photo, img24)
CLOSED = 0.05  # share of the mouth's width: lips whose inner edges lie closer are closed, and PARTED darkens the
PARTED = (0.85, 0.01, 0.6)  # gap opened between them by the first share of its light, softened by the second share
# of the mouth's width and at least the third many pixels (on a small photo's 35-pixel mouth, img103, a hard edge
# was a stair-stepped black block)
RING = (1.35, 1.6)  # times the whole face's outline about its middle: nothing moves on the second, the warp fades
# out between the two (the spline beyond the ring is not kept)
FLOW_SIZE = 256  # pixels: the flow is found on a square of this side about the ring, then enlarged onto the photo


def moves(points: np.ndarray, strengths: dict[str, float]) -> np.ndarray:
    """How far each of dlib's 68 points [68,2] (pixels) moves for the shape sliders' ``strengths`` (name → strength,
    −3..3; names outside ATTRIBUTES ignored): [68,2] pixels, the sum of each slider's moves."""
    total = np.zeros((68, 2))
    for name, move in _MOVES.items():
        if strengths.get(name):
            total += strengths[name] * move(points)
    if strengths.get(MOUTH_OPEN):
        total += _mouth_open(points, strengths[MOUTH_OPEN])
    return total


def _mouth_open(points: np.ndarray, strength: float) -> np.ndarray:
    """Mouth slightly open at ``strength``: the lower lip and the chin down, less as the lips lie apart already and
    not at all from CLOSED of the mouth's width (teeth stretched read as fangs); negative: up, until the lips meet."""
    move = np.zeros((68, 2))
    width = float(np.linalg.norm(points[54] - points[48]))
    gap = max(float(points[list(LOWER_INNER), 1].mean() - points[list(UPPER_INNER), 1].mean()), 0.0)
    closed = max(1 - gap / (CLOSED * width), 0.0) if strength > 0 else 1.0  # an open mouth opens no farther
    drop = max(strength * OPEN * width * closed, -gap)
    move[[*LOWER_INNER, *LOWER_OUTER], 1] = drop
    move[[7, 8, 9], 1], move[[6, 10], 1] = JAW_DROP[0] * drop, JAW_DROP[1] * drop
    return move


def _lips(points: np.ndarray) -> np.ndarray:
    """Big lips, per unit: each lip thicker away from the line between them, the mouth a little wider."""
    move = np.zeros((68, 2))
    upper = points[[61, 62, 63], 1].mean() - points[UPPER_LIP, 1].mean()
    lower = points[LOWER_LIP, 1].mean() - points[[65, 66, 67], 1].mean()
    move[UPPER_LIP, 1] = -LIP_GROWTH * max(upper, 0.0) * LIP_PROFILE
    move[LOWER_LIP, 1] = LIP_GROWTH * max(lower, 0.0) * LIP_PROFILE
    width = np.linalg.norm(points[54] - points[48])
    move[[48, 60], 0], move[[54, 64], 0] = -MOUTH_WIDEN * width, MOUTH_WIDEN * width
    return move


def _nose_base(points: np.ndarray, widen: float, down: float) -> np.ndarray:
    """The nose's base widened by ``widen`` about its middle (negative: narrowed) and moved down ``down`` of the
    nose's length, its tip too."""
    move = np.zeros((68, 2))
    move[NOSE_BASE, 0] = widen * (points[NOSE_BASE, 0] - points[33, 0])
    move[[30, *NOSE_BASE], 1] = down * np.linalg.norm(points[33] - points[27])
    return move


def _big_nose(points: np.ndarray) -> np.ndarray:
    """Big nose, per unit: the nose's base wider and a little lower."""
    return _nose_base(points, NOSE_WIDEN, NOSE_LONGER)


def _pointy_nose(points: np.ndarray) -> np.ndarray:
    """Pointy nose, per unit: the nose's base narrower, its tip a little lower."""
    move = _nose_base(points, -NOSE_NARROW, 0.0)
    move[30, 1] = NOSE_TIP * np.linalg.norm(points[33] - points[27])
    return move


def _narrow_eyes(points: np.ndarray) -> np.ndarray:
    """Narrow eyes, per unit: each upper lid down and lower lid up, by EYE_CLOSE of the eye's opening there."""
    move = np.zeros((68, 2))
    opening = _openings(points)
    move[list(UPPER_LIDS), 1] = EYE_CLOSE[0] * opening
    move[list(LOWER_LIDS), 1] = -EYE_CLOSE[1] * opening
    return move


def _openings(points: np.ndarray) -> np.ndarray:
    """How far each lower lid's point lies below its upper one (UPPER_LIDS, LOWER_LIDS pairs): [4] pixels, ≥ 0."""
    return np.maximum(points[list(LOWER_LIDS), 1] - points[list(UPPER_LIDS), 1], 0.0)


def _jaw(points: np.ndarray, out: float, profile: np.ndarray) -> np.ndarray:
    """The jaw line's points (dlib 0–16) moved out across the face (negative: in) by ``out`` of the face's width
    times ``profile`` [17] at each point."""
    move = np.zeros((68, 2))
    width = np.linalg.norm(points[16] - points[0])
    side = np.sign(points[:17, 0] - points[27:31, 0].mean())
    move[:17, 0] = out * width * profile * side
    return move


def _chubby(points: np.ndarray) -> np.ndarray:
    """Chubby, per unit: the cheeks and the jaw fuller, wider below the ears."""
    return _jaw(points, JAW_OUT, JAW_PROFILE)


def _oval_face(points: np.ndarray) -> np.ndarray:
    """Oval face, per unit: the jaw's angles drawn in and the chin a little lower."""
    move = _jaw(points, -JAW_IN, OVAL_PROFILE)
    move[7:10, 1] = CHIN_DOWN * np.linalg.norm(points[16] - points[0]) * np.array([CHIN_SIDES, 1.0, CHIN_SIDES])
    return move


_MOVES = {BIG_LIPS: _lips, BIG_NOSE: _big_nose, POINTY_NOSE: _pointy_nose, NARROW_EYES: _narrow_eyes,
          CHUBBY: _chubby, OVAL_FACE: _oval_face}


def flow(points: np.ndarray, strengths: dict[str, float], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The backward flow (float32 [size,size,2], x then y, pixels; ``photo.spline_flow``) and the region it moves
    (float32 [size,size], 0..1: 1 well within RING[0] times the whole face's outline, 0 beyond RING[1]) for the shape
    sliders' ``strengths`` on a face whose dlib points are ``points`` [68,2] (pixels of a square of side ``size``
    that holds the ring, ``frame``). Narrowed eyes keep the pixels inside their new opening where they are
    (``photo.eyes_open``): the lids close over the iris rather than squash it; closing lips keep those inside the
    lips' new opening (LIP_EDGE), so they close over the teeth."""
    move = moves(points, strengths)
    outline, middle, ring = _ring(points)
    still = np.vstack([ring, *_still(points, strengths)])
    field = photo.spline_flow(np.vstack([points + move, still]), np.vstack([-move, np.zeros_like(still)]), size)
    if strengths.get(NARROW_EYES, 0.0) > 0:
        field *= 1 - photo.eyes_open(points + move, size)[..., None]
    if strengths.get(MOUTH_OPEN, 0.0) < 0:
        field *= 1 - cv2.GaussianBlur(hull((points + move)[60:68], size), (0, 0), LIP_EDGE)[..., None]
    fade = (RING[1] - RING[0]) * np.linalg.norm(points[16] - points[0]) / 4
    region = cv2.GaussianBlur(hull(middle + RING[0] * (outline - middle), size), (0, 0), fade) * hull(ring, size)
    return field, region.astype(np.float32)


def _still(points: np.ndarray, strengths: dict[str, float]) -> list[np.ndarray]:
    """Places [K,2] (pixels) near the features the ``strengths`` move where nothing moves, beside the ring: between
    the lower lip and the chin for big lips (CHIN_STILL), above and below the lids for narrow eyes (LID_STILL)."""
    still = []
    if strengths.get(BIG_LIPS):
        still.append(points[57] + CHIN_STILL * (points[8] - points[57])[None])
    if strengths.get(NARROW_EYES):
        opening = _openings(points)[:, None]
        still += [points[list(UPPER_LIDS)] - LID_STILL * opening * (0, 1),
                  points[list(LOWER_LIDS)] + LID_STILL * opening * (0, 1)]
    return still


def _ring(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The whole face's outline [27,2] (``whole_face`` of dlib's ``points`` [68,2]), its middle [2] and the ring
    [27,2] RING[1] times as far from that middle, where nothing moves (pixels, as ``points``)."""
    outline = whole_face(points)
    middle = outline.mean(0)
    return outline, middle, middle + RING[1] * (outline - middle)


def frame(points: np.ndarray) -> np.ndarray:
    """The 2×3 matrix from a photo's pixels to an upright square's 64 pixels (``photo.warp_by_flow``'s frame) that
    holds the ring (RING[1] times the whole face's outline) about the face whose dlib points on the photo are
    ``points`` [68,2]. Unlike the aligned crop, which ends about at the chin, it holds the jaw and the neck below."""
    ring = _ring(points)[2]
    corner, side = ring.min(0), float((ring.max(0) - ring.min(0)).max())
    scale = SIZE / side
    return np.array([[scale, 0.0, -scale * corner[0]], [0.0, scale, -scale * corner[1]]])


def reshaped(image: np.ndarray, points: np.ndarray, strengths: dict[str, float]) -> np.ndarray:
    """The photo ``image`` (uint8 [H,W,3]) with its face's shape moved by the shape sliders' ``strengths`` (name →
    strength, −3..3), for the face whose dlib points on the photo are ``points`` [68,2] (pixels). The flow is
    found at FLOW_SIZE over the ring's square (``frame``); pixels beyond the region it moves are the photo's own, bit
    for bit."""
    matrix = frame(points)
    local = cv2.transform(points[None].astype(np.float64), matrix * (FLOW_SIZE / SIZE))[0]
    field, region = flow(local, strengths, FLOW_SIZE)
    warped = photo.warp_by_flow(image, matrix, field, region)
    return _parted(warped, points, strengths.get(MOUTH_OPEN, 0.0))


def _parted(image: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """``image`` (uint8 [H,W,3]) with the gap a positive mouth slightly open ``strength`` opened between closed lips
    (their gap under CLOSED of the mouth's width) darkened as the mouth's inside (PARTED): the line between closed
    lips, stretched, is as pale as the lips. The face's dlib ``points`` [68,2] (photo pixels) are the ones before the
    move."""
    width = float(np.linalg.norm(points[54] - points[48]))
    gap = float(points[list(LOWER_INNER), 1].mean() - points[list(UPPER_INNER), 1].mean())
    if strength <= 0 or gap >= CLOSED * width:
        return image
    inner = points[60:68] + _mouth_open(points, strength)[60:68]
    (left, top), (right, bottom) = np.floor(inner.min(0) - width / 4), np.ceil(inner.max(0) + width / 4)
    top, left = max(int(top), 0), max(int(left), 0)
    bottom, right = min(int(bottom), image.shape[0]), min(int(right), image.shape[1])
    if bottom <= top or right <= left:
        return image
    mouth = cv2.fillPoly(np.zeros((bottom - top, right - left), np.uint8),  # anti-aliased, to 1/16 of a pixel
                         [np.round((_rounded(inner) - (left, top)) * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    soft = max(PARTED[1] * width, PARTED[2])
    shade = 1 - PARTED[0] / 255 * cv2.GaussianBlur(mouth.astype(np.float32), (0, 0), soft)
    out = image.copy()
    out[top:bottom, left:right] = np.rint(image[top:bottom, left:right] * shade[..., None]).astype(np.uint8)
    return out


def _rounded(inner: np.ndarray, samples: int = 24) -> np.ndarray:
    """The lips' inner outline (dlib's 60–67 [8,2], pixels) as a closed polygon [2·samples,2] of smooth curves: the
    upper lip through 60–64 and the lower through 64–67 and 60, each a monotone cubic of x (SciPy's
    PchipInterpolator; straight segments between the eight points read as a kinked, angular gap)."""
    curves = []
    for lip in (inner[[0, 1, 2, 3, 4]], inner[[4, 5, 6, 7, 0]]):
        knots = lip[np.argsort(lip[:, 0])] + np.outer(np.arange(5) * 1e-3, (1, 0))  # x strictly rising
        x = np.linspace(knots[0, 0], knots[-1, 0], samples)
        curves.append(np.column_stack([x, PchipInterpolator(knots[:, 0], knots[:, 1])(x)]))
    return np.vstack([curves[0], curves[1][::-1]])
