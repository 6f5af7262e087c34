"""Eyeglasses on a photo: a pair of frames drawn along the eyes' landmarks, at the photo's own resolution.

G′'s eyeglasses direction, enlarged from 64×64 onto the photo, painted a dark smudge over each eye and a pale bar
over the nose, not frames (the portraits' grids; ``python -m ganedit.bench.photos``: interior colour shift above
3 grey levels on 93 of 97). So a positive eyeglasses slider draws frames instead: two lenses (superellipses, the
rounded rectangles of common frames) about the eyes, a bridge over the nose and the arms back towards the ears,
sized from dlib's 68 landmarks (the distance between the eyes' centres, each lens as wide as its eye is, so a
turned face's far lens is narrower), tilted with the eyes, drawn supersampled and anti-aliased, with a glint
along the frames' upper edges and their soft shadow on the skin. The slider's strength sets how opaque they are
(from none at 0 to solid at FULL). The eyes, the skin and the light inside the lenses stay the photo's own.
"""
from __future__ import annotations

import cv2
import numpy as np

ATTRIBUTE = "eyeglasses"
FULL = 1.0  # slider strength at which the frames are solid; below it they are as transparent as it is short of it
# in interocular distances (eye centre to eye centre), about the eyes' line (outward, and downward across it):
LENS = (0.42, 0.26)  # a lens's half-width and half-height (about 50 × 32 mm at the usual 63 mm between pupils)
LENS_SHIFT = (0.04, 0.06)  # a lens's centre lies this far outward and down from its eye's centre
SQUARENESS = 3.0  # the lens outline's superellipse exponent: 2 an ellipse, larger a squarer rectangle
EYE_WIDTH = (0.75, 1.25)  # a lens is as wide as its eye is against the two eyes' mean width, within these
RIM = 0.045  # the frames' thickness
BRIDGE = (-0.12, 0.06)  # the bridge meets the lenses this far below their centres (negative: above) and arches up
ARM = -0.12  # the arms leave the lenses' outer sides this far below their centres and end at the face's outline
SHADOW = (0.05, 0.04, 0.3)  # the frames' shadow on the skin: its blur, its drop, and its darkness (share of light)
COLOUR = (18.0, 15.0, 14.0)  # RGB 0..255: dark frames
GLINT = (40.0, 0.3)  # grey levels added along the frames' upper edges, and that edge's width (share of RIM)
TOP_RIM = 1.5  # the lenses' upper halves are this many times thicker (the brow bar of common frames)
SUPERSAMPLE = 4  # the frames are drawn this many times finer than the photo, then shrunk (anti-aliasing)
OUTLINE_POINTS = 72  # points per lens outline


def wear(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with frames drawn over the eyes of the face whose dlib landmarks ``points``
    [68,2] (photo pixels) are given, as opaque as ``strength`` (0..FULL; 0 or below: the photo unchanged,
    above FULL: solid). Only the frames, their shadow and nothing else change; pixels outside the box
    about the frames are bit-identical."""
    opacity = float(np.clip(strength / FULL, 0, 1))
    if not opacity:
        return photo
    outlines, lines, distance, down = frames(points)
    top, left, bottom, right = _box(np.concatenate([*outlines, *lines]), distance, photo.shape[:2])
    if bottom <= top or right <= left:
        return photo
    alpha = _drawn(outlines, lines, distance, (top, left, bottom, right))
    box = photo[top:bottom, left:right].astype(np.float32)
    shade = cv2.GaussianBlur(_moved(alpha, SHADOW[1] * distance * down), (0, 0), SHADOW[0] * distance)
    glint = np.clip(alpha - _moved(alpha, GLINT[1] * RIM * distance * down), 0, 1)
    lit = box * (1 - SHADOW[2] * opacity * shade[..., None])
    colour = np.asarray(COLOUR, np.float32) + GLINT[0] * glint[..., None]
    worn = lit * (1 - opacity * alpha[..., None]) + colour * (opacity * alpha[..., None])
    out = photo.copy()
    out[top:bottom, left:right] = worn.round().clip(0, 255).astype(np.uint8)
    return out


def frames(points: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], float, np.ndarray]:
    """The frames' geometry for dlib's landmarks [68,2] (pixels): (the two lens outlines [OUTLINE_POINTS,2], the
    bridge's and the arms' polylines [K,2], the interocular distance in pixels, the unit vector down across
    the eyes' line)."""
    eyes = points[36:42].mean(0), points[42:48].mean(0)
    distance = float(np.linalg.norm(eyes[1] - eyes[0]))
    along = (eyes[1] - eyes[0]) / max(distance, 1e-6)
    down = np.array([-along[1], along[0]])
    widths = np.array([np.linalg.norm(points[39] - points[36]), np.linalg.norm(points[45] - points[42])])
    scales = np.clip(widths / max(widths.mean(), 1e-6), *EYE_WIDTH)
    outlines, edges = [], []
    for side, eye, scale in zip((-1, 1), eyes, scales):
        half = np.array([LENS[0] * scale, LENS[1]]) * distance
        centre = eye + distance * (side * LENS_SHIFT[0] * along + LENS_SHIFT[1] * down)
        outlines.append(_superellipse(centre, half, along, down))
        edges.append((centre, half))
    bridge = _bridge(edges, along, down, distance)
    arms = [_arm(centre, half, side, along, down, points[jaw], distance)
            for side, (centre, half), jaw in zip((-1, 1), edges, (0, 16))]
    return outlines, [bridge, *[arm for arm in arms if arm is not None]], distance, down


def _moved(layer: np.ndarray, offset: np.ndarray) -> np.ndarray:
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
    """An arm from the lens's outer side straight back along the eyes' line to the face's outline (the jaw line's
    end, landmark 0 or 16); None when the lens already reaches past it (a face turned away)."""
    start = _side_point(centre, half, side, ARM * distance, along, down)
    reach = float(np.dot(jaw_point - start, side * along))
    return None if reach <= 0 else np.stack([start, start + side * reach * along])


def _box(drawn: np.ndarray, distance: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's (top, left, bottom, right) about the drawn points, with room for the lines and the shadow."""
    margin = (RIM + SHADOW[1] + 3 * SHADOW[0]) * distance + 2
    (left, top), (right, bottom) = drawn.min(0) - margin, drawn.max(0) + margin
    return (max(0, int(top)), max(0, int(left)), min(shape[0], int(np.ceil(bottom))),
            min(shape[1], int(np.ceil(right))))


def _drawn(outlines, lines, distance: float, box: tuple[int, int, int, int]) -> np.ndarray:
    """The frames' coverage, float32 [h,w] in 0..1 on the photo's ``box``: drawn SUPERSAMPLE times finer with
    anti-aliased lines RIM thick, then shrunk by area averaging."""
    top, left, bottom, right = box
    canvas = np.zeros(((bottom - top) * SUPERSAMPLE, (right - left) * SUPERSAMPLE), np.uint8)
    shift = 4  # cv2's fractional bits: points are drawn to 1/16 of a canvas pixel
    thickness = max(1, round(RIM * distance * SUPERSAMPLE))
    upper = [outline[len(outline) // 2:] for outline in outlines]  # the angles π..2π: above the centre
    drawn = [*((o, True, thickness) for o in outlines), *((l, False, thickness) for l in lines),
             *((u, False, round(TOP_RIM * thickness)) for u in upper)]
    for line, closed, width in drawn:
        fine = np.round((line - (left, top)) * SUPERSAMPLE * 2 ** shift).astype(np.int32)
        cv2.polylines(canvas, [fine], closed, 255, width, cv2.LINE_AA, shift)
    return cv2.resize(canvas, (right - left, bottom - top), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
