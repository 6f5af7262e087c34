"""Facial hair on a photo: a moustache, a goatee, stubble or a full beard drawn along dlib's 68 landmarks, at the
photo's resolution.

G′'s moustache, goatee and five o'clock shadow directions, enlarged from 64×64 onto the photo, painted pale and dark
blotches over the mouth and cheeks (``/tmp`` renders of the portraits, session 43), not hair. So these sliders,
positive, draw the hair instead, as eyeglasses draws frames (``ganedit.edits.glasses``) and bangs a fringe
(``ganedit.edits.bangs``); no beard, negative, draws a full beard. Each part is an outline from the landmarks (the
moustache between the nose and the upper lip, drooping past the mouth's corners; the goatee from the mouth's corners,
tapering to the chin; the beard and stubble over the jaw, the chin and the cheeks below a line from the ear to beside
the nose, and a little under the jaw), softened, ragged with fine noise and the strands, the strands thinning out and
darkening towards it, the skin showing between them (DENSITY). The strands are short streaks of noise along the way
facial hair grows, down and out from the face's middle, curling a little (the line integral of
``ganedit.edits.strands``), with light tips and dark gaps; stubble is a fine, even shade instead. Their colour is a
beard's own on a face that has one, else the brows' darkest with as much of the head's hair (quantile-mapped,
``bangs.colour``), lit as the skin about them is, blurred as much as the photo is soft there and given its grain
(``bangs.laid``). The lips stay the photo's own; beyond the face's outline the hair lies only on skin (the neck), never
over the background or a collar. Everything but the mix is drawn once per photo (``Drawing``), so a slider move only
mixes it in. A negative slider still moves z (G′'s change, as before), as does no beard, positive; sideburns change
nothing on a photo (drawn strips in front of the ears read as smudges beside the eyes, session 43; G′'s change only
smudged the cheeks, session 54: ``photo.OFF_PHOTO``).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits import bangs, glasses, hairline, regions, strands
from ganedit.edits.regions import skin_likelihood, smoothstep, to_lab

MUSTACHE, GOATEE, STUBBLE, BEARD = "mustache", "goatee", "5_o_clock_shadow", "no_beard"
ATTRIBUTES = (MUSTACHE, GOATEE, STUBBLE)  # drawn when positive; BEARD when negative
FULL = 2.0  # slider strength at which the hair is as dense as it gets; below it, as transparent as it is short of it
# in the face's frame (``hairline.Frame``): across in half face widths, down in brows-to-chin distances
MUSTACHE_SIDE = (0.06, 0.1, 0.08)  # the moustache reaches this far beyond the mouth's corners, beside the nostrils,
# and droops this far below the corners (down)
GOATEE_SIDE = (0.05, 0.03)  # the goatee reaches this far beyond the mouth's corners (as wide as the lower lip, a
# fresh reviewer saw a pasted rectangle, session 43), and ends this far above the chin's outline (down; beyond it, it
# spilt into the neck's shadow)
LIP_MARGIN = 0.015  # half face widths: the goatee and the beard stay this far off the lips (dlib's lower lip is thin)
CHEEK_LINE = (0.3, 0.12)  # the beard's upper edge passes this far beside the nose's wings and below them (down),
BOW = 0.06  # bowing down this far between there and the jaw line (straight, it read as a polygon's edge)
UNDER_REACH = 0.07  # the beard and stubble reach this far below the jaw line's points 3–13 (down), in one outline with
# the rest (a second outline below the jaw, or a fade there, left a seam along the jaw line or tufts on the neck)
EDGE = 0.08  # half face widths: the parts' outlines are softened over about this much (DENSITY)
BODY = 0.15  # half face widths: the strands thin out and darken over about this much inside a part's outline
SPARSE = 0.25  # the strands' density at the outline, as a share of theirs deeper inside (DENSITY)
VOLUME = 0.8  # the strands' lightness at the outline, as a share of theirs deeper inside (a beard's rounded edge)
RAGGED = (0.3, 0.01, 0.5)  # the outline moves in and out by this share of the softening with noise this fine (half
# face widths, at least a pixel) plus the strands at the third's weight (with the strands alone, a comb across the
# moustache's top read as a barcode, and with the noise alone the edge was scalloped, session 43)
# the hair's opacity: the first, plus the second times the strands' texture (unit spread). Until session 55 (0.92,
# 0.15), with EDGE 0.03, SPARSE 0.55 and CONTRAST (0.15, 0.5): a solid patch with a hard outline, "a sticker" to a fresh
# reviewer (session 54). Fresh reviewers, blind, rated each picture apart from 1 (a sticker, painted on) to 5 (a real
# photo) on the same 12 portraits, shuffled with the old (``/tmp`` renders, session 55): goatee +2 1.46 before, 2.12
# with these (better on 11, worse on none), and with a first try (0.75, 0.3), EDGE 0.05, SPARSE 0.3, the old CONTRAST,
# 2.08 to that reviewer and 2.58 against 1.79 to another (10 and none); no beard −2 2.04 and 2.25 (8 and 4; the first
# try the same), the first try 2.58 against 2.0 to the other (9 and 2); moustache +2 1.92 and 2.67 (10 and 2). Worse
# on img96 (dark-skinned) and img5 in both the beard and the moustache
DENSITY = (0.7, 0.3)
STRAND = (1 / 40, 1 / 500)  # face widths: a strand's length each way along the growth and its thickness
MAX_FACE = 600  # pixels: the strands are drawn with the face at most this wide, then enlarged
CURL = (0.35, 0.03)  # radians and face widths: the strands' way turns by about the first, in features the second wide
LEAN = 0.9  # strands run down and outward: this much across per unit down, per half face width from the middle
STUBBLE_TINT = (0.35, 0.08, 0.08, 0.6)  # stubble's opacity: the first all over, plus the second times fine noise
# (unit spread, half a pixel's blur), its outline softened over the third (half face widths), the fourth share of it
# at the outline (thinning out towards the cheeks and the neck, as BODY)
SHADE = (0.3, -0.5)  # the strands' lightness quantiles of the sample's (``bangs.colour``): darker than its middle
CONTRAST = (0.1, 0.35, 0.06)  # the strands' lightness is also scaled by exp(the first × their texture plus the second
# × clumps this wide (half face widths), at unit spread): light tips and dark gaps, as a beard's, not felt
LIGHT = (0.6, 1.3)  # the hair is lit as the skin under it is, by the skin's blurred lightness over its median, within
LIGHT_BLUR = 0.08  # half face widths: the blur of the skin's lightness that lights the hair
SHADOW = 0.05  # the skin under the hair is this much darker where the hair is dense (the hair's own shadow; 0.15
# darkened the skin at the hair's thin edge into an orange rim, session 43)
ON_SKIN = 0.3  # beyond the face's outline, facial hair lies where the skin's likelihood is above this
HAIR_SURE, HAIR_PIXELS = 0.8, 200  # the head's hair is sampled where its map is above the first, if that many pixels
HAIR_DARKER = 15.0  # CIELAB L*: drawn facial hair is at least this much darker than the skin (but a beard's own)
BROW_DARKEST = 15  # percentile: the brows' pixels up to this lightness are the sample of their colour
BROW_THICK = 0.08  # brows-to-chin distances: the brows' polyline is drawn this thick to sample them
DEFAULT_COLOUR = (25.0, 4.0, 8.0)  # CIELAB: dark brown, where the brows show too few pixels to sample


def strengths(total: dict[str, float]) -> dict[str, float]:
    """The parts drawn and how strongly (each > 0), from the sliders' ``total`` strengths: each of ATTRIBUTES
    that is positive, and BEARD (a full beard) where no beard is negative."""
    drawn = {name: max(total.get(name, 0.0), 0.0) for name in ATTRIBUTES}
    drawn[BEARD] = max(-total.get(BEARD, 0.0), 0.0)
    return {name: strength for name, strength in drawn.items() if strength > 0}


@dataclass(frozen=True)
class Drawing:
    """Facial hair ready to draw on one photo (``Drawing.of``), so that a slider move only mixes it in: the photo's
    ``box`` (top, left, bottom, right) about the parts; each part's opacity at FULL and how deep inside its outline
    each pixel lies (``parts``: name → float32 [h,w] pair, 0..1); the strands' colour ``paint`` (float32 [h,w,3],
    0..255); how soft the photo is there (``soft``, pixels) and its grain (``grain``, float32 [h,w,3])."""

    box: tuple[int, int, int, int]
    parts: dict[str, tuple[np.ndarray, np.ndarray]]
    paint: np.ndarray
    soft: float
    grain: np.ndarray

    @classmethod
    def of(cls, photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
           bearded: bool = False, seed: int = 0) -> "Drawing | None":
        """The facial hair of the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given on ``photo``
        (uint8 [H,W,3]), whose head's hair ``hair`` is (weights [h,w] in 0..1 and their box (top, left, bottom,
        right) on the photo, ``photo.hair_on_photo``), and that has a beard if ``bearded`` (its colour is the facial
        hair's); None where the box about it lies off the photo."""
        points = np.asarray(points, np.float64)
        frame = hairline.frame_of(points)
        low = 1.05 + UNDER_REACH
        box = frame.box(np.array([-1.4, 1.4, -1.4, 1.4]), np.array([-0.05, -0.05, low, low]), photo.shape[:2])
        top, left, bottom, right = box
        if bottom <= top or right <= left:
            return None
        pixels = photo[top:bottom, left:right].astype(np.float32)
        local = points - (left, top)
        streaks = _streaks(frame, box, hairline.coordinates(frame, box)[0], seed)
        lab, skin = to_lab(pixels), skin_likelihood(pixels, local)
        allowed = _on_person(skin, local, frame)
        parts = {name: (opacity * allowed, deep) for name, (opacity, deep) in
                 _parts(local, frame, streaks, seed).items()}
        sample = _hair_sample(lab, skin, local, frame, _head_hair(photo, hair), bearded)
        return cls(box, parts, _paint(sample, lab, skin, frame, streaks, seed), glasses.softness(pixels),
                   glasses.grain(pixels))

    def on(self, photo: np.ndarray, drawn: dict[str, float]) -> np.ndarray:
        """``photo`` (uint8 [H,W,3], the photo this was drawn for, perhaps edited since) with each part of ``drawn``
        (``strengths``) as opaque as its strength over FULL (above FULL: as at FULL). Pixels outside ``box`` are
        bit-identical; so is the photo when nothing is drawn."""
        clear, depth = 1.0, 0.0
        for name, strength in drawn.items():
            opacity, deep = self.parts[name]
            clear = clear * (1 - float(np.clip(strength / FULL, 0, 1)) * opacity)
            depth = np.maximum(depth, deep)
        if np.isscalar(clear):
            return photo
        top, left, bottom, right = self.box
        alpha = 1 - clear
        paint = self.paint * (VOLUME + (1 - VOLUME) * depth)[..., None]
        out = photo.copy()
        out[top:bottom, left:right] = bangs.laid(photo[top:bottom, left:right].astype(np.float32), alpha, paint,
                                                 SHADOW * alpha, self.soft, self.grain)
        return out


def outlines(points: np.ndarray, frame: hairline.Frame) -> dict[str, list[np.ndarray]]:
    """Each part's outlines (polygons [K,2], photo pixels) from landmarks [68,2]: MUSTACHE, GOATEE and BEARD (also
    stubble's)."""
    across, down = frame.across * frame.width, frame.down * frame.length
    out_side, nostril, droop = MUSTACHE_SIDE
    nose = points[31:36] + 0.03 * down
    mustache = np.vstack([points[48] - out_side * across + droop * down, points[48] - out_side * across,
                          points[31] - nostril * across, nose, points[35] + nostril * across,
                          points[54] + out_side * across, points[54] + out_side * across + droop * down,
                          points[54:47:-1]])
    chin = points[7:10] - GOATEE_SIDE[1] * down
    goatee = np.vstack([points[48] - GOATEE_SIDE[0] * across, points[59:54:-1], points[54] + GOATEE_SIDE[0] * across,
                        chin[::-1]])  # from the mouth's corners, tapering to the chin
    cheek, below = CHEEK_LINE
    right, left = points[35] + cheek * across + below * down, points[31] - cheek * across + below * down
    jaw = np.vstack([points[1:3], points[3:14] + UNDER_REACH * down, points[14:16]])
    beard = np.vstack([jaw, _bowed(points[15], right, BOW * down), nose[::-1], _bowed(left, points[1], BOW * down)])
    return {MUSTACHE: [mustache], GOATEE: [goatee], BEARD: [beard]}


def _bowed(start: np.ndarray, end: np.ndarray, bow: np.ndarray, steps: int = 8) -> np.ndarray:
    """Points [steps+1,2] along a quadratic Bézier from ``start`` to ``end`` whose middle is moved by ``bow``."""
    t = np.linspace(0, 1, steps + 1)[:, None]
    control = (start + end) / 2 + 2 * bow
    return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t ** 2 * end


def _parts(points: np.ndarray, frame: hairline.Frame, streaks: np.ndarray, seed: int
           ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each part's opacity on the box at FULL, float32 [h,w] in 0..1 (its ragged outline times its density: strands
    thinning out towards the outline, or stubble's tint; the lips and the nostrils left out), and how deep inside its
    outline each pixel lies, float32 [h,w] in 0..1 (``_depth``; 0 for stubble)."""
    shape, soft = streaks.shape, EDGE * frame.width
    outline = outlines(points, frame)
    nose = _filled([points[30:36]], shape, soft / 3)
    lips, grown = (_filled([points[48:60]], shape, soft / 3, margin) for margin in (0, LIP_MARGIN * frame.width))
    noise = strands.coils(shape, max(1.0, RAGGED[1] * frame.width), seed + 9)
    ragged = RAGGED[0] * strands.unit(RAGGED[2] * streaks + noise)
    density = np.clip(DENSITY[0] + DENSITY[1] * streaks, 0, 1)
    stubble = np.clip(STUBBLE_TINT[0] + STUBBLE_TINT[1] * strands.coils(shape, 0.5, seed + 3), 0, 1)
    depths = {name: _depth(polygons, shape, BODY * frame.width) for name, polygons in outline.items()}
    thick = STUBBLE_TINT[3] + (1 - STUBBLE_TINT[3]) * depths[BEARD]
    parts = {STUBBLE: (smoothstep(2 * _filled(outline[BEARD], shape, STUBBLE_TINT[2] * frame.width)) * stubble * thick
                       * (1 - grown) * (1 - nose), np.zeros(shape, np.float32))}
    for name, polygons in outline.items():
        inside, deep = _filled(polygons, shape, soft), depths[name]
        opacity = smoothstep(2 * inside - 0.5 + ragged * 4 * inside * (1 - inside)) * density
        kept_out = np.maximum(nose, lips if name == MUSTACHE else grown)
        parts[name] = (opacity * (SPARSE + (1 - SPARSE) * deep) * (1 - kept_out), deep)
    return parts


def _depth(polygons: list[np.ndarray], shape: tuple[int, int], band: float) -> np.ndarray:
    """How deep inside the polygons (box pixels) each pixel lies, float32 [h,w] in 0..1: rising from their outline
    over ``band`` pixels, or over half of the part's half-thickness where that is less (a thin moustache is dense
    in its middle too)."""
    inside = cv2.fillPoly(np.zeros(shape, np.uint8), [np.round(p).astype(np.int32) for p in polygons], 1)
    distance = cv2.distanceTransform(inside, cv2.DIST_L2, 5)
    return smoothstep(distance / max(min(band, distance.max() / 2), 1.0))


def _on_person(skin: np.ndarray, points: np.ndarray, frame: hairline.Frame) -> np.ndarray:
    """Where facial hair may lie, float32 [h,w] in 0..1: on the skin (``skin`` [h,w], blurred over EDGE, above
    ON_SKIN: the neck under the jaw; unblurred, the neck's shadow passed in specks, loose tufts to a fresh reviewer,
    session 43), not over the background or a collar, and anywhere inside the whole face's outline
    (``regions.whole_face``: a shadow under the lip, or a beard, is not a hole); softened over EDGE."""
    soft = EDGE * frame.width
    inside = regions.hull(regions.whole_face(points), skin.shape)
    on_skin = cv2.GaussianBlur(skin, (0, 0), soft) > ON_SKIN
    return cv2.GaussianBlur(np.maximum(inside, on_skin.astype(np.float32)), (0, 0), soft)


def _filled(polygons: list[np.ndarray], shape: tuple[int, int], soft: float, grow: float = 0.0) -> np.ndarray:
    """float32 [h,w]: 1 inside the polygons (box pixels), grown by ``grow`` pixels, blurred over ``soft`` pixels."""
    inside = cv2.fillPoly(np.zeros(shape, np.float32), [np.round(p * 4).astype(np.int32) for p in polygons], 1.0,
                          cv2.LINE_AA, shift=2)
    if grow >= 1:
        inside = cv2.dilate(inside, regions.disc(grow))
    return cv2.GaussianBlur(inside, (0, 0), max(soft, 0.5))


def _streaks(frame: hairline.Frame, box: tuple[int, int, int, int], across: np.ndarray, seed: int) -> np.ndarray:
    """Facial hair's strands on the box, float32 [h,w], zero mean, unit spread: noise streaked down and out from
    the face's middle (LEAN), STRAND long, drawn with the face at most MAX_FACE pixels wide, then enlarged."""
    top, left, bottom, right = box
    scale = min(1.0, MAX_FACE / (2 * frame.width))
    size = (max(round((right - left) * scale), 1), max(round((bottom - top) * scale), 1))
    width = 2 * frame.width * scale
    lean = cv2.resize(np.clip(across, -1.5, 1.5), size, interpolation=cv2.INTER_AREA) * LEAN
    turn = np.arctan(lean) + CURL[0] * strands.coils(lean.shape, CURL[1] * width, seed + 5)
    x, y = (np.cos(turn)[..., None] * frame.down + np.sin(turn)[..., None] * frame.across).transpose(2, 0, 1)
    norm = np.hypot(x, y)
    texture = strands.line_integral((x / norm).astype(np.float32), (y / norm).astype(np.float32),
                                    max(2, round(STRAND[0] * width)), max(0.5, STRAND[1] * width), seed)
    return strands.unit(cv2.resize(texture, (right - left, bottom - top), interpolation=cv2.INTER_LINEAR))


def _head_hair(photo: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]) -> np.ndarray:
    """CIELAB pixels [K,3] of the photo (uint8 [H,W,3]) where its hair map ``hair`` (weights, box) is above
    HAIR_SURE."""
    weights, (top, left, bottom, right) = hair
    sure = photo[top:bottom, left:right][weights > HAIR_SURE]
    return to_lab(sure) if len(sure) else np.zeros((0, 3), np.float32)


def _hair_sample(lab: np.ndarray, skin: np.ndarray, points: np.ndarray, frame: hairline.Frame, head: np.ndarray,
                 bearded: bool) -> np.ndarray:
    """CIELAB pixels [K,3] whose colours the facial hair takes (``lab`` [h,w,3], ``skin`` [h,w]
    ``regions.skin_likelihood`` and landmarks [68,2] on the same pixels): a beard's own on a ``bearded`` face (its
    chin's pixels that are not skin, ``regions.beard_sample``: on a clean-shaven chin those are its shadow, taupe
    hair on 27 portraits), else the brows' darkest (their landmarks' polylines, BROW_THICK thick, up to the
    BROW_DARKEST percentile of lightness; DEFAULT_COLOUR where fewer than 20 are found) and as many pixels of the
    head's hair ``head`` (CIELAB [K,3]) where HAIR_PIXELS or more are given (the head's hair alone drew black hair as
    flat jet black, and blond made darker as olive, to a fresh reviewer, session 43), no lighter than HAIR_DARKER L*
    below the skin's median (a fair brow or blond hair, lighter than the skin, read as a pale mask)."""
    if bearded:
        sample = regions.beard_sample(lab, skin, points)
        if len(sample) >= 20:
            return sample
    brows = np.zeros(lab.shape[:2], np.uint8)
    cv2.polylines(brows, [np.round(points[17:22]).astype(np.int32), np.round(points[22:27]).astype(np.int32)],
                  False, 1, max(1, round(BROW_THICK * frame.length)))
    sample = lab[brows > 0]
    sample = sample[sample[:, 0] <= np.percentile(sample[:, 0], BROW_DARKEST)] if len(sample) else sample
    sample = sample if len(sample) >= 20 else np.array([DEFAULT_COLOUR] * 20, np.float32)
    if len(head) >= HAIR_PIXELS:  # as many of the head's hair, evenly spaced
        sample = np.vstack([sample, head[np.linspace(0, len(head) - 1, len(sample)).astype(int)]])
    own = lab[skin > 0.5][:, 0]
    if len(own):
        sample[:, 0] = np.minimum(sample[:, 0], float(np.median(own)) - HAIR_DARKER)
    return sample


def _lighting(lab: np.ndarray, skin: np.ndarray, frame: hairline.Frame) -> np.ndarray:
    """How lit the skin is about each pixel of the box, float32 [h,w] within LIGHT: the lightness of the skin
    (``skin`` [h,w], weights) blurred over LIGHT_BLUR half face widths, over its median; 1 where there is none."""
    weight = (skin > 0.5).astype(np.float32)
    if weight.sum() < 20:
        return np.ones(skin.shape, np.float32)
    sigma = LIGHT_BLUR * frame.width
    near = cv2.GaussianBlur(weight, (0, 0), sigma)
    lit = cv2.GaussianBlur(lab[..., 0] * weight, (0, 0), sigma) / np.maximum(near, 1e-3)
    ratio = np.where(near > 0.05, lit / max(float(np.median(lab[..., 0][weight > 0])), 1.0), 1.0)
    return np.clip(ratio, *LIGHT).astype(np.float32)


def _paint(sample: np.ndarray, lab: np.ndarray, skin: np.ndarray, frame: hairline.Frame, streaks: np.ndarray,
           seed: int) -> np.ndarray:
    """The strands' colour on the box, float32 RGB [h,w,3] in 0..255: the hair's (CIELAB ``sample`` [K,3], SHADE)
    made lighter and darker in grey with the strands and clumps (CONTRAST: highlights paler, not oranger) and lit as
    the skin (``lab`` [h,w,3], ``skin`` [h,w]) about it is (``_lighting``)."""
    paint = bangs.colour(sample, streaks, SHADE)
    light = np.exp(CONTRAST[0] * _clumped(streaks, frame, seed)) - 1
    return (paint + light[..., None] * paint.mean(-1, keepdims=True)) * _lighting(lab, skin, frame)[..., None]


def _clumped(streaks: np.ndarray, frame: hairline.Frame, seed: int) -> np.ndarray:
    """The strands (float32 [h,w], unit spread) with clumps (CONTRAST) added: float32 [h,w], unit spread."""
    clumps = strands.coils(streaks.shape, CONTRAST[2] * frame.width, seed + 7)
    return strands.unit(streaks + CONTRAST[1] * clumps)
