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
stripes and pale bands; rosy cheeks reddens the cheeks' skin (``blush``) where G′'s painted a red patch over the nose
and the mouth (session 45); bags under eyes shades a shadow and a crease below the lower lids (``bags``) where G′'s
painted orange and pale patches about the eyes, and high cheekbones lights the cheekbones and shades the hollows below
them (``cheekbones``) where G′'s painted patches over the cheeks (session 46).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.interpolate import PchipInterpolator

from ganedit.edits import hairline
from ganedit.edits.hair import FULL, Recolour, each_stroke, stroke_target, to_rgb
from ganedit.edits.regions import BROWS, EYES, MOUTH, NOSE, disc, hull, skin_likelihood, to_lab, whole_face

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
BLUSH_ATTRIBUTE = "rosy_cheeks"
BLUSH = (-2.0, 11.0, 2.0)  # CIELAB: what rosy cheeks add to the cheeks' skin at full strength (BLUSH_FULL)
BLUSH_FULL = 2.0
# the blush lies on each cheek about the middle of the nose's wing (dlib 31, 35) and the jaw (2, 14), raised
# CHEEK_RAISE brows-to-chin distances, fading as a Gaussian CHEEK_SPREAD wide (half face widths across, brows-to-chin
# distances down); off the skin, and KEPT_OFF half face widths about the eyes, nose and lips (softened as far)
CHEEK_RAISE, CHEEK_SPREAD, KEPT_OFF = 0.04, (0.28, 0.13), 0.04
BAGS_ATTRIBUTE = "bags_under_eyes"
BAGS_FULL = 2.0
# in eye widths (corner to corner), below the lower lid's curve and across from the eye's middle: the bag's shadow
# lies this deep, is this thick (a Gaussian's deviation down) and this wide (across), and at full strength (BAGS_FULL)
# BAG_SHADE darkens its middle by the first's share of L* and adds the rest to a* and b* (a bluish, mauve cast);
# the crease (tear trough) below the bag: its depth, thickness, width and darkening
BAG, BAG_SHADE = (0.2, 0.1, 0.4), (0.18, 1.5, -3.0)
CREASE = (0.38, 0.035, 0.3, 0.1)
CHEEKBONES_ATTRIBUTE = "high_cheekbones"
CHEEKBONES_FULL = 2.0
# high cheekbones: the highlight lies the first share of the way from each eye's outer corner (dlib 36, 45) to the jaw
# (2, 14), spread along that line and square to it by the second and third (half face widths); the hollow's shadow
# the first share of the way from the jaw (1, 15) to the mouth's corner (48, 54), spread as far; at full strength
# (CHEEKBONES_FULL) CONTOUR raises L* (and a*, b* as much: a highlight in L* alone read as ashy on brown skin, img24)
# by its first share at the highlight's middle and lowers them by its second at the shadow's
CHEEKBONE, HOLLOW = (0.4, 0.3, 0.12), (0.3, 0.35, 0.1)
CONTOUR = (0.13, 0.17)
CONCEAL = (0.9, 0.15)  # at full strength, a negative slider moves the shadow's CIELAB this share of the way to the skin
# about it (blurred over the second, half face widths) where it is darker (lifted to the whole skin's median L*, a
# pale, pink oval showed under img33's eye; lifted 0.6 of the way, reviewers saw no change on 4 of 6)


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


def blush(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with the cheeks of the face whose dlib landmarks ``points`` [68,2] (photo pixels)
    are given reddened by BLUSH, ``strength``/BLUSH_FULL of it (at most all; negative: their redness above the
    skin's median a* taken away as far), on the skin only (``regions.skin_likelihood`` above 0.3; ``_cheeks``).
    Pixels off the cheeks are bit-identical; so is the photo where no skin is found."""
    share = float(np.clip(strength / BLUSH_FULL, -1, 1))

    def redden(lab: np.ndarray, skin: np.ndarray, local: np.ndarray, frame: hairline.Frame) -> np.ndarray:
        weight = _cheeks(skin, local, frame)
        if share > 0:
            lab += share * weight[..., None] * np.float32(BLUSH)
        else:  # the cheeks' redness above the whole skin's median
            lab[..., 1] += share * weight * np.maximum(lab[..., 1] - np.median(lab[..., 1][skin]), 0)
        return weight * abs(share)
    return _on_skin(photo, points, (np.array([-1.1, 1.1, -1.1, 1.1]), np.array([0.2, 0.2, 0.85, 0.85])), redden) \
        if share else photo


def bags(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with bags under the eyes of the face whose dlib landmarks ``points`` [68,2] (photo
    pixels) are given: ``strength``/BAGS_FULL (at most all) of a shadow below each lower lid (BAG, BAG_SHADE) and of
    the crease below it (CREASE); negative, the shadow's colour moved towards the skin's about it where it is darker
    (CONCEAL: a concealer). Only on the skin (``regions.skin_likelihood`` above 0.3), never on the eye; pixels
    elsewhere are bit-identical, and so is the photo where no skin is found."""
    share = float(np.clip(strength / BAGS_FULL, -1, 1))

    def shade(lab: np.ndarray, skin: np.ndarray, local: np.ndarray, frame: hairline.Frame) -> np.ndarray:
        shadow, crease = _under_eyes(local, skin.shape)
        on_skin = cv2.GaussianBlur(skin.astype(np.float32), (0, 0), KEPT_OFF * frame.width)
        shadow, crease = shadow * on_skin, crease * on_skin
        if share > 0:
            lab[..., 0] *= 1 - share * (BAG_SHADE[0] * shadow + CREASE[3] * crease)
            lab[..., 1:] += share * shadow[..., None] * np.float32(BAG_SHADE[1:])
            return np.maximum(shadow, crease) * share
        weights = cv2.GaussianBlur(on_skin, (0, 0), CONCEAL[1] * frame.width) + 1e-6
        around = cv2.GaussianBlur(lab * on_skin[..., None], (0, 0), CONCEAL[1] * frame.width) / weights[..., None]
        lab -= share * CONCEAL[0] * shadow[..., None] * (around - lab) * ((around - lab)[..., :1] > 0)
        return shadow * -share
    return _on_skin(photo, points, (np.array([-1.1, 1.1, -1.1, 1.1]), np.array([-0.05, -0.05, 0.5, 0.5])), shade) \
        if share else photo


def cheekbones(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with high cheekbones contoured on the face whose dlib landmarks ``points`` [68,2]
    (photo pixels) are given: ``strength``/CHEEKBONES_FULL (at most all) of CONTOUR, a highlight on each cheekbone
    and a shadow in the hollow below it (``_contours``); negative, the reverse (fuller, flatter cheeks). Only on the
    cheeks' skin; pixels elsewhere are bit-identical, and so is the photo where no skin is found."""
    share = float(np.clip(strength / CHEEKBONES_FULL, -1, 1))

    def contour(lab: np.ndarray, skin: np.ndarray, local: np.ndarray, frame: hairline.Frame) -> np.ndarray:
        light, shadow = _contours(skin, local, frame)
        lab *= ((1 + share * CONTOUR[0] * light) * (1 - share * CONTOUR[1] * shadow))[..., None]  # hue kept
        return np.maximum(light, shadow) * abs(share)
    return _on_skin(photo, points, (np.array([-1.1, 1.1, -1.1, 1.1]), np.array([-0.1, -0.1, 0.9, 0.9])), contour) \
        if share else photo


def _under_eyes(points: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Where bags lie under a face's eyes (landmarks [68,2] in the pixels of a box of ``shape`` (h, w)): float32
    [h,w] each in 0..1, the shadow below each lower lid and the crease below that (BAG, CREASE; in eye widths across
    the eye's line and below its lower lid, which PCHIP curves through the corners and its two points), none above
    the lower lid."""
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float64)
    shadow, crease = np.zeros(shape), np.zeros(shape)
    for corners, lower in (((36, 39), (41, 40)), ((42, 45), (47, 46))):
        start, end = points[list(corners)]
        width = max(float(np.linalg.norm(end - start)), 1e-6)
        along = (end - start) / width
        centre = (start + end) / 2
        offset = np.dstack([columns - centre[0], rows - centre[1]])
        across = offset @ along / width
        below = offset @ np.array([-along[1], along[0]]) / width  # down is positive
        knots = (points[[corners[0], *lower, corners[1]]] - centre) @ np.column_stack([along, [-along[1], along[0]]])
        lid = PchipInterpolator(knots[:, 0] / width + np.arange(4) * 1e-6, knots[:, 1] / width)
        below = below - lid(np.clip(across, knots[0, 0] / width, knots[-1, 0] / width))
        depth, thick, wide = BAG
        shadow = np.maximum(shadow, np.exp(-0.5 * ((across / wide) ** 2 + ((below - depth) / thick) ** 2))
                            * np.clip(below / thick, 0, 1))
        depth, thick, wide, _ = CREASE
        crease = np.maximum(crease, np.exp(-0.5 * ((across / wide) ** 2 + ((below - depth) / thick) ** 2)))
    return shadow.astype(np.float32), crease.astype(np.float32)


def _on_skin(photo: np.ndarray, points: np.ndarray, box: tuple[np.ndarray, np.ndarray], edit) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with ``edit`` applied to the CIELAB (float32 [h,w,3], changed in place) of its box
    about the face's own frame's points ``box`` (across, down; ``hairline.Frame.box``) for the face whose dlib
    landmarks on the photo are ``points`` [68,2]; ``edit(lab, skin, local points, frame)`` returns how much it
    changed each pixel (float32 [h,w], 0..1): those at most 0.01 stay bit-identical, as does the whole photo where
    the box is empty or holds no skin (``regions.skin_likelihood`` above 0.3)."""
    frame = hairline.frame_of(points)
    top, left, bottom, right = frame.box(*box, photo.shape[:2])
    if bottom <= top or right <= left:
        return photo
    pixels = photo[top:bottom, left:right]
    local = np.asarray(points, np.float64) - (left, top)
    skin = skin_likelihood(pixels, local) > 0.3
    if not skin.any():
        return photo
    lab = to_lab(pixels.astype(np.float32))
    changed = edit(lab, skin, local, frame) > 0.01
    out = photo.copy()
    out[top:bottom, left:right] = np.where(changed[..., None], np.rint(to_rgb(lab)).astype(np.uint8), pixels)
    return out


def _cheeks(skin: np.ndarray, points: np.ndarray, frame: hairline.Frame) -> np.ndarray:
    """Where a blush lies on a box of a photo (``skin`` bool [h,w]; landmarks [68,2] in its pixels; the face's
    ``frame``, its axes): float32 [h,w] in 0..1, a Gaussian on each cheek (CHEEK_RAISE, CHEEK_SPREAD) on the skin,
    fading out inside the face's outline (``whole_face``) and off the eyes, the
    nose and the lips (KEPT_OFF)."""
    shape = skin.shape
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    weight = np.zeros(shape, np.float32)
    for wing, jaw in ((31, 2), (35, 14)):
        centre = (points[wing] + points[jaw]) / 2 - CHEEK_RAISE * frame.length * frame.down
        offset = np.dstack([columns - centre[0], rows - centre[1]])
        across = offset @ frame.across.astype(np.float32) / (CHEEK_SPREAD[0] * frame.width)
        down = offset @ frame.down.astype(np.float32) / (CHEEK_SPREAD[1] * frame.length)
        weight = np.maximum(weight, np.exp(-0.5 * (across ** 2 + down ** 2)))
    return _on_cheeks(weight, skin, points, frame)


def _on_cheeks(weight: np.ndarray, skin: np.ndarray, points: np.ndarray, frame: hairline.Frame) -> np.ndarray:
    """``weight`` (float32 [h,w] on a box of a photo; ``_cheeks``' ``skin``, ``points`` and ``frame``) kept to the
    skin, fading out inside the face's outline (``whole_face``) and off the eyes, the nose and the lips (KEPT_OFF)."""
    shape, soft = skin.shape, KEPT_OFF * frame.width
    on_skin = cv2.GaussianBlur(skin.astype(np.float32), (0, 0), soft)
    features = np.zeros(shape, np.float32)
    for part in (EYES[:6], EYES[6:], OUTER_LIPS, NOSE):
        features = np.maximum(features, hull(points[part], shape))
    kept = cv2.GaussianBlur(cv2.dilate(features, disc(soft)), (0, 0), soft)
    inside = cv2.GaussianBlur(cv2.erode(hull(whole_face(points), shape), disc(2 * soft)), (0, 0), soft)
    return weight * on_skin * inside * (1 - kept) * (1 - cv2.dilate(features, disc(soft / 2)))  # none near them


def _contours(skin: np.ndarray, points: np.ndarray, frame: hairline.Frame) -> tuple[np.ndarray, np.ndarray]:
    """Where high cheekbones light and shade a box of a photo (``_cheeks``' arguments): float32 [h,w] each in 0..1,
    the cheekbones' highlight (CHEEKBONE) and the hollows' shadow below them (HOLLOW), each a Gaussian stretched
    along its line (from the eye's outer corner towards the jaw, from the jaw towards the mouth's corner), kept to
    the cheeks' skin (``_on_cheeks``)."""
    rows, columns = np.mgrid[0:skin.shape[0], 0:skin.shape[1]].astype(np.float64)
    found = []
    for lines, (at, along, across) in ((((36, 2), (45, 14)), CHEEKBONE), (((1, 48), (15, 54)), HOLLOW)):
        weight = np.zeros(skin.shape)
        for start, end in lines:
            way = points[end] - points[start]
            unit = way / max(float(np.linalg.norm(way)), 1e-6)
            offset = np.dstack([columns, rows]) - (points[start] + at * way)
            parallel = offset @ unit / (along * frame.width)
            square = offset @ np.array([-unit[1], unit[0]]) / (across * frame.width)
            weight = np.maximum(weight, np.exp(-0.5 * (parallel ** 2 + square ** 2)))
        found.append(_on_cheeks(weight.astype(np.float32), skin, points, frame))
    return found[0], found[1]
