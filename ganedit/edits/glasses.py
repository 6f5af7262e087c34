"""Eyeglasses on a photo: a pair of frames drawn along the eyes' landmarks, at the photo's own resolution.

G′'s eyeglasses direction, enlarged from 64×64 onto the photo, painted a dark smudge over each eye and a pale bar
over the nose, not frames (the portraits' grids; ``python -m ganedit.bench.photos``: interior colour shift above
3 grey levels on 93 of 97). So a positive eyeglasses slider draws frames instead: two lenses (superellipses, the
rounded rectangles of common frames) about the eyes, a bridge over the nose and the arms back towards the ears,
sized from dlib's 68 landmarks (the distance between the eyes' centres; each lens as wide as its eye is and kept
inside the face's outline, so a turned face's far lens is narrower), tilted with the eyes, drawn supersampled
and anti-aliased, then blurred as much as the photo is soft about the eyes and given its grain, with a glint
along the frames' upper edges, their soft shadow on the skin and a faint reflection on the lenses. The slider's
strength sets how opaque they are (from none at 0 to solid at FULL). The eyes and the skin inside the lenses stay
the photo's own. Frames are drawn over whatever lies in front of the face (a hand, hair, a chain).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

ATTRIBUTE = "eyeglasses"
FULL = 1.0  # slider strength at which the frames are solid; below it they are as transparent as it is short of it
# in interocular distances (eye centre to eye centre), about the eyes' line (outward, and downward across it):
LENS = (0.37, 0.23)  # a lens's half-width and half-height (about 47 × 29 mm at the usual 63 mm between pupils)
LENS_SHIFT = (0.03, 0.03)  # a lens's centre lies this far outward and down from its eye's centre
SQUARENESS = 3.0  # the lens outline's superellipse exponent: 2 an ellipse, larger a squarer rectangle
EYE_WIDTH = (0.75, 1.25)  # a lens is as wide as its eye is against the two eyes' mean width, within these
FIT = (0.8, 0.5)  # a lens's outer side stays within the first share of the way from its eye to the face's outline
# (a turned face's far lens is narrower), but keeps at least the second share of its own width
RIM = 0.035  # the frames' thickness
TOP_RIM = 1.8  # the lenses' tops are this many times thicker (the brow bar of common frames), tapering to the sides
# (``_brow_bar``; a step to the thinner lower rim at mid-height read as a bump on both sides of each lens to a fresh
# reviewer, session 33)
BRIDGE = (-0.1, 0.06)  # the bridge meets the lenses this far below their centres (negative: above) and arches up
BRIDGE_RIM = TOP_RIM  # the bridge is this many times RIM thick: as the brow bar it joins
ARM = (-0.1, 1.0, 0.7, 8)  # the arms leave the lenses' outer sides this far below their centres, reach this share
# of the way to the face's outline (landmark 0 or 16: where the ear and the hair begin), are this share of RIM thick
# and are drawn in this many steps, the last ARM_FADE of their length fainter (they pass behind the hair or reach
# the ear). Arms that reached 0.85 of the way, fading over their second half, stopped in mid-air on the temple's skin
# with see-through tips: a fresh reviewer preferred these on 10 of 16 portraits, those on 2 (where hair falls over
# the temple, these cross it), 4 the same (session 32)
ARM_FADE = 0.2
# the frames' shadow on the skin: its blur, its drop, and its darkness (share of light). A fresh reviewer preferred this
# faint, soft one on 16 of 16 portraits to (0.03, 0.04, 0.6), a dark band stuck to the rims that read as pasted on
SHADOW = (0.05, 0.07, 0.3)
COLOUR = (30.0, 22.0, 18.0)  # RGB 0..255: very dark brown frames
GLINT = (35.0, 0.3)  # grey levels added along the frames' upper edges, and that edge's width (share of RIM)
REFLECTION = 0.12  # the lenses' upper halves reflect up to this share of white, fading to none at their middle
GRAIN = (1.0, 0.7)  # photo pixels: the blur whose difference from the photo is its grain, and the share of that
# grain the frames keep (a clean frame on a grainy photo reads as a sticker)
# the drawn grain is white noise blurred this much (photo pixels) before its fine detail is taken as the photo's is:
# noise as fine as a photo's. The photo's own fine detail, laid on drawn hair, let what lies under it show through as
# faint lines and rings (a collar, a pattern behind), to a fresh reviewer (session 38)
NOISE_BLUR = 0.5
SHARPNESS = (1.0, 3.0, 0.3)  # photo pixels: the extra blur that measures how soft the photo is, and the most and
# the least blur given to the frames so that they are no sharper than the photo about the eyes (less: none)
SUPERSAMPLE = 4  # the frames are drawn this many times finer than the photo, then shrunk (anti-aliasing)
OUTLINE_POINTS = 72  # points per lens outline


def wear(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with frames drawn over the eyes of the face whose dlib landmarks ``points``
    [68,2] (photo pixels) are given, as opaque as ``strength`` (0..FULL; 0 or below: the photo unchanged,
    above FULL: solid). Only the frames (with the photo's grain, ``grain``), their shadow and the lenses' faint
    reflection change; pixels outside the box about the frames are bit-identical."""
    opacity = float(np.clip(strength / FULL, 0, 1))
    if not opacity:
        return photo
    pair = frames(points)
    top, left, bottom, right = _box(pair, photo.shape[:2])
    if bottom <= top or right <= left:
        return photo
    box = photo[top:bottom, left:right].astype(np.float32)
    alpha, glass = _drawn(pair, (top, left, bottom, right))
    soft = softness(box)
    if soft > SHARPNESS[2]:
        alpha, glass = (cv2.GaussianBlur(layer, (0, 0), soft) for layer in (alpha, glass))
    down, distance = pair.down, pair.distance
    shade = cv2.GaussianBlur(moved(alpha, SHADOW[1] * distance * down), (0, 0), SHADOW[0] * distance)
    glint = np.clip(alpha - moved(alpha, GLINT[1] * RIM * distance * down), 0, 1)
    lit = box * (1 - SHADOW[2] * opacity * shade[..., None])
    lit += REFLECTION * opacity * glass[..., None] * (255 - lit)
    colour = np.asarray(COLOUR, np.float32) + GLINT[0] * glint[..., None] + GRAIN[1] * grain(box)
    worn = lit * (1 - opacity * alpha[..., None]) + colour * (opacity * alpha[..., None])
    out = photo.copy()
    out[top:bottom, left:right] = worn.round().clip(0, 255).astype(np.uint8)
    return out


@dataclass
class Frames:
    """A pair of frames on a photo (pixels): the two lens outlines [OUTLINE_POINTS,2] (image left, then right), the
    bridge [K,2], the arms (polylines [2,2], none for a lens that reaches the face's outline), the interocular
    distance and the unit vector down across the eyes' line [2]."""

    lenses: list[np.ndarray]
    bridge: np.ndarray
    arms: list[np.ndarray]
    distance: float
    down: np.ndarray


def frames(points: np.ndarray) -> Frames:
    """The frames' geometry for dlib's landmarks [68,2] (pixels): each lens about its eye, as wide as the eye is
    (EYE_WIDTH) and never past FIT of the way to the face's outline on its side, the bridge between them and
    the arms back from their outer sides."""
    eyes = points[36:42].mean(0), points[42:48].mean(0)
    distance = float(np.linalg.norm(eyes[1] - eyes[0]))
    along = (eyes[1] - eyes[0]) / max(distance, 1e-6)
    down = np.array([-along[1], along[0]])
    widths = np.array([np.linalg.norm(points[39] - points[36]), np.linalg.norm(points[45] - points[42])])
    scales = np.clip(widths / max(widths.mean(), 1e-6), *EYE_WIDTH)
    lenses, edges = [], []
    for side, eye, scale, jaw in zip((-1, 1), eyes, scales, (0, 16)):
        room = float(np.dot(points[jaw] - eye, side * along))  # from the eye to the face's outline, outward
        width = LENS[0] * scale * distance
        width = max(min(width, FIT[0] * room - LENS_SHIFT[0] * distance), FIT[1] * width)
        centre = eye + distance * (side * LENS_SHIFT[0] * along + LENS_SHIFT[1] * down)
        half = np.array([width, LENS[1] * distance])
        lenses.append(_superellipse(centre, half, along, down))
        edges.append((centre, half))
    arms = [_arm(centre, half, side, along, down, points[jaw], distance)
            for side, (centre, half), jaw in zip((-1, 1), edges, (0, 16))]
    return Frames(lenses, _bridge(edges, along, down, distance), [arm for arm in arms if arm is not None],
                  distance, down)


def moved(layer: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """``layer`` [h,w] shifted by ``offset`` (x, y) pixels, zeros coming in."""
    matrix = np.float32([[1, 0, offset[0]], [0, 1, offset[1]]])
    return cv2.warpAffine(layer, matrix, layer.shape[::-1])


def _superellipse(centre: np.ndarray, half: np.ndarray, along: np.ndarray, down: np.ndarray) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, OUTLINE_POINTS, endpoint=False)
    cos, sin = np.cos(angle), np.sin(angle)
    x = half[0] * np.sign(cos) * np.abs(cos) ** (2 / SQUARENESS)
    y = half[1] * np.sign(sin) * np.abs(sin) ** (2 / SQUARENESS)
    return centre + x[:, None] * along + y[:, None] * down


def _side_point(centre: np.ndarray, half: np.ndarray, side: int, height: float, along: np.ndarray,
                down: np.ndarray) -> np.ndarray:
    """The point of a lens's outline on its ``side`` (−1: towards −along) ``height`` pixels below its centre."""
    across = half[0] * (1 - min(abs(height) / half[1], 1.0) ** SQUARENESS) ** (1 / SQUARENESS)
    return centre + side * across * along + height * down


def _bridge(edges, along: np.ndarray, down: np.ndarray, distance: float) -> np.ndarray:
    """The bridge: a quadratic Bézier curve from the left lens's inner side to the right's, arched up."""
    (left, left_half), (right, right_half) = edges
    start = _side_point(left, left_half, 1, BRIDGE[0] * distance, along, down)
    end = _side_point(right, right_half, -1, BRIDGE[0] * distance, along, down)
    control = (start + end) / 2 - 2 * BRIDGE[1] * distance * down
    t = np.linspace(0, 1, 16)[:, None]
    return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t ** 2 * end


def _arm(centre, half, side: int, along, down, jaw_point, distance: float) -> np.ndarray | None:
    """An arm from the lens's outer side straight back along the eyes' line, ARM[1] of the way to the face's
    outline (``jaw_point``: landmark 0 or 16): [2,2]; None when the lens already reaches past it."""
    start = _side_point(centre, half, side, ARM[0] * distance, along, down)
    reach = ARM[1] * float(np.dot(jaw_point - start, side * along))
    return None if reach <= 0 else np.stack([start, start + side * reach * along])


def _box(pair: Frames, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's (top, left, bottom, right) about the frames, with room for the lines and the shadow."""
    drawn = np.concatenate([*pair.lenses, pair.bridge, *pair.arms])
    margin = (TOP_RIM * RIM + SHADOW[1] + 3 * SHADOW[0]) * pair.distance + 3 * SHARPNESS[1] + 2
    (left, top), (right, bottom) = drawn.min(0) - margin, drawn.max(0) + margin
    return (max(0, int(top)), max(0, int(left)), min(shape[0], int(np.ceil(bottom))),
            min(shape[1], int(np.ceil(right))))


def _drawn(pair: Frames, box: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """On the photo's ``box``, float32 [h,w] in 0..1 each: the frames' coverage, drawn SUPERSAMPLE times finer
    with anti-aliased lines RIM thick (up to TOP_RIM over the lenses' upper halves; the arms thinner and fading out),
    then shrunk by area averaging; and the lenses' reflection (their upper halves, fading to their middle)."""
    top, left, bottom, right = box
    size, shrink = ((bottom - top) * SUPERSAMPLE, (right - left) * SUPERSAMPLE), (right - left, bottom - top)
    rim = np.zeros(size, np.uint8)
    fine = lambda line: np.round((line - (left, top)) * SUPERSAMPLE * 16).astype(np.int32)  # 4 fractional bits
    thickness = max(1, round(RIM * pair.distance * SUPERSAMPLE))
    rows, columns = np.mgrid[top:bottom, left:right].astype(np.float32)
    glass = np.zeros(shrink[::-1], np.float32)
    for lens in pair.lenses:
        cv2.polylines(rim, [fine(lens)], True, 255, thickness, cv2.LINE_AA, 4)
        for a, b, gain in zip(lens[len(lens) // 2:], np.roll(lens, -1, 0)[len(lens) // 2:], _brow_bar(len(lens))):
            cv2.line(rim, tuple(fine(a)), tuple(fine(b)), 255, round(gain * thickness), cv2.LINE_AA, 4)
        inside = cv2.fillPoly(np.zeros(size, np.uint8), [fine(lens)], 255, cv2.LINE_AA, 4)
        inside = cv2.resize(inside, shrink, interpolation=cv2.INTER_AREA).astype(np.float32) / 255
        centre, half = lens.mean(0), np.ptp(lens @ pair.down) / 2
        height = ((columns - centre[0]) * pair.down[0] + (rows - centre[1]) * pair.down[1]) / half  # −1 at the top
        glass = np.maximum(glass, inside * np.clip(-height, 0, 1) ** 2)
    cv2.polylines(rim, [fine(pair.bridge)], False, 255, round(BRIDGE_RIM * thickness), cv2.LINE_AA, 4)
    for arm in pair.arms:
        steps = np.linspace(0, 1, ARM[3] + 1)[:, None]
        points = arm[0] + steps * (arm[1] - arm[0])
        for step, (a, b) in enumerate(zip(points[:-1], points[1:])):
            fade = min(1.0, (1 - step / ARM[3]) / ARM_FADE)  # solid, then fainter to the end
            cv2.line(rim, tuple(fine(a)), tuple(fine(b)), round(255 * fade), round(ARM[2] * thickness),
                     cv2.LINE_AA, 4)
    return cv2.resize(rim, shrink, interpolation=cv2.INTER_AREA).astype(np.float32) / 255, glass


def _brow_bar(points: int) -> np.ndarray:
    """How many times RIM thick each segment of a lens's upper half is (its outline's angles π..2π, ``points`` to
    the whole outline): TOP_RIM at the top, tapering with the angle's sine to RIM at the sides, so the brow bar
    thins into the lower rim without a step."""
    middle = np.pi + (np.arange(points // 2) + 0.5) * 2 * np.pi / points
    return 1 + (TOP_RIM - 1) * np.clip(-np.sin(middle), 0, 1)


def grain(pixels: np.ndarray, seed: int = 0) -> np.ndarray:
    """Grain as strong as the photo's for what is drawn over ``pixels`` (float32 [h,w,3], 0..255): ``_noise``
    scaled in each channel to the robust spread (1.4826 × the median absolute value) of the photo's own fine detail
    there (the pixels less their blur by GRAIN[0] pixels). Noise, not the photo's detail, so that nothing under a
    drawing shows through it. float32 [h,w,3], zero mean; the same ``pixels`` and ``seed`` give the same."""
    detail = pixels - cv2.GaussianBlur(pixels, (0, 0), GRAIN[0])
    return _noise(pixels.shape[:2], seed)[..., None] * _spread(detail)


@functools.lru_cache(maxsize=8)
def _noise(shape: tuple[int, int], seed: int) -> np.ndarray:
    """Gaussian noise of ``shape`` blurred by NOISE_BLUR pixels, less its blur by GRAIN[0] pixels (a photo's
    grain's make), scaled to unit robust spread: float32 [h,w], read-only (kept for the next slider move)."""
    noise = cv2.GaussianBlur(np.random.default_rng(seed).standard_normal(shape, np.float32), (0, 0), NOISE_BLUR)
    noise -= cv2.GaussianBlur(noise, (0, 0), GRAIN[0])
    noise /= max(float(_spread(noise)), 1e-6)
    noise.flags.writeable = False
    return noise


def _spread(detail: np.ndarray) -> np.ndarray:
    """The robust spread of ``detail`` (float32 [h,w] or [h,w,C]) in each channel: 1.4826 × the median absolute
    value over every third pixel each way (enough)."""
    return (1.4826 * np.median(np.abs(detail[::3, ::3]), axis=(0, 1))).astype(np.float32)


def softness(box: np.ndarray) -> float:
    """How soft the photo is about the eyes (``box``, float32 [h,w,3]): the Gaussian blur (pixels, at most
    SHARPNESS[1]) of an edge whose gradient energy (the mean squared difference of neighbours) keeps the share
    it keeps here when blurred by SHARPNESS[0] more (an edge blurred by s keeps s / √(s² + b²) of it under a
    further blur b)."""
    grey = box.mean(2)
    energy = lambda image: float(np.mean(np.diff(image, axis=0) ** 2) + np.mean(np.diff(image, axis=1) ** 2))
    kept = energy(cv2.GaussianBlur(grey, (0, 0), SHARPNESS[0])) / max(energy(grey), 1e-6)
    kept = min(kept, 0.99)
    return float(min(SHARPNESS[0] * kept / np.sqrt(1 - kept ** 2), SHARPNESS[1]))
