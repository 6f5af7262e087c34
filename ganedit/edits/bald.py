"""A bald head on a photo: the hair over the skull becomes scalp, the hair beyond it becomes the background.

Moving the hairline up (``hairline.recede``) leaves the hair beside and behind the head, so bald +2 made people balding,
not bald: a fresh reviewer called 3 of 97 portraits bald, 80 balding (session 35), and the classifier saw baldness on 3.
``shave`` instead draws the skull, once per photo, in the face's own upright frame (``hairline.Frame``: across in half
face widths, down in brows-to-chin distances): a superellipse (SKULL) about as wide as the face at the temples, wider
where the hair's outline there lies further out (a head turned aside) but never far beyond that side of the face
(BEYOND_SIDE), and reaching SKULL[1] above the brows (lower where the photo's hair ends lower; on img20, bald already,
it lies on his scalp); the hair inside it is painted as scalp and the hair outside it, down to the chin, replaced by the
background. The scalp takes the colour of the skin just below the hairline, column by column (so the forehead's light
across the face continues up), darkens towards the skull's outline (RIM), and carries grain as spread as the forehead's
fine detail. The background behind the hair is the completion tab's fill (``completion.complete_array``: the LaMa-style
network, Poisson-blended, with the photo's own texture; filled row by row between the two sides instead, a textured
background became a flat halo round the head to a fresh reviewer, session 41), the face and the skin beside it (the
ears) filled too, so that it follows the background alone. ``Shaven.on`` blends that layer over a photo by the slider's
strength: halfway, the scalp shows through thinned hair.

Hair that reaches the chin is not shaved (the neck and shoulders under it cannot be rebuilt this way: the caller recedes
the hairline instead, as far as a receding hairline; moved up by ``hairline.BALD_SHARE``, nine tenths of the way to the
hair's top, it left a tall strip of skin between curtains of hair, grotesque to a fresh reviewer, session 54), nor a
photo without a hairline over the forehead (``hairline.find``).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import torch

from ganedit.edits import completion, hairline
from ganedit.edits.hair import to_rgb
from ganedit.edits.regions import cut_box, disc, smoothstep, to_lab

ATTRIBUTE = hairline.BALD
FULL = 2.0  # slider strength at which the hair is gone; below it, that share of the way
# the skull in the face's frame: its half width (half face widths), its top (brows-to-chin distances above the brows),
# the level where it is widest, and the superellipse's power (2, an ellipse, drew an egg); on img20, bald already,
# its outline lies on his scalp's
SKULL = (1.05, -0.82, 0.1, 2.6)
# below its widest level the skull's sides narrow, down to this level (brows-to-chin distances; the ears' middle),
# to this half width (half face widths: just inside the face's outline, so that no scalp is painted over the ears)
SIDES = (0.45, 0.95)
HAIR_ABOVE = 0.03  # the skull's top lies at least this far below the top of the photo's hair (brows-to-chin)
# and each side HAIR_THICK (half face widths) inside the hair's outline between TEMPLES (brows-to-chin: its outermost
# TEMPLE_QUANTILE), where that lies beyond SKULL[0] (on img75, turned aside, the skull as wide as the face left the
# hair's outline cut off beside his temples)
HAIR_THICK = 0.1
# but never further than this beyond the face's side there (half face widths; the top of the jaw line): a skull as wide
# as bushy hair ended where the hair did, in a flap standing out over the temple (img19, img58)
BEYOND_SIDE = 0.12
# on a head turned far aside (its near side, the one further from the face's middle, lies more than TURNED_BACK[0]
# times as far out as the other), that side reaches further: TURNED_BACK[1] more per half face width that it lies
# further out than the other side. The back of the skull lies beyond the ear there; capped at 1.3 half face widths
# until session 52, img100's and img102's skulls (their sides 1.52 and 1.37 out) ended inside the face's side, the
# back of the head cut off and filled with the background (a fresh reviewer preferred the new on img81, img87, img100
# and img102; on img16, turned less far (1.19 and 0.81), the wider skull put a pale patch over his temple's hair)
TURNED_BACK = (2.0, 0.5)
TEMPLES, TEMPLE_QUANTILE = (-0.45, -0.1), 0.05
# the layer is drawn on a grid this far across each way (half face widths; a turned head's hair reaches far to one
# side), from this far above the brows down to this far below them (the chin: no hair is removed lower)
SPAN, ABOVE, BELOW = 2.3, -1.5, 1.0
CHIN = (0.85, 2.0, 0.04)  # see _reaches_chin
LARGEST = 400  # pixels: the layer is drawn with the face at most this wide, then enlarged
HAIR = 0.35  # the hair map above this is hair; grown by GROW (brows-to-chin) to take in its fringe of strands
GROW = 0.035
OPAQUE = 0.3  # the grown map at and above this is replaced wholly
# skin, which the grown hair map leaves alone (an ear): a*, b* and L* within these of the cheeks' (a light background
# beside dark skin passed as skin when L* was bounded below only, and the hair's outline against it stayed, img75)
SKIN = (8.0, 10.0, 25.0)
THIN = 2  # grid pixels: skin no wider than this disc is taken to be the hair's edge (see _grown)
# the scalp's colour is read from the skin this far below the hairline (brows-to-chin distances; no lower than
# FOREHEAD_LOW above the brows) in hairline.BINS columns, smoothed over COLUMN_SMOOTH columns; it also covers the band
# down to HAIRLINE_COVER below the hairline (fading over the last HAIRLINE_FADE), where the hair's shadow and its
# roots lie (0.12 and 0.05 left a brown line of roots along the old hairline on img93), and whatever is DARKER (L*)
# than the scalp within HAIRLINE_REACH below the hairline (strands the map missed)
SAMPLE = (0.12, 0.25)
FOREHEAD_LOW = 0.1
COLUMN_SMOOTH = 2.0
HAIRLINE_COVER, HAIRLINE_FADE, HAIRLINE_REACH = 0.18, 0.08, 0.2
# that band and those strands only between the face's sides (the top of the jaw line, landmarks 0 and 16, each side
# its own), fading out from the first to the second of these beyond them (half face widths): beside a turned head,
# below the hair's lower outline lies the background, which the band painted as scalp, a cap with a flat side over it
# on img69 (the same width on both sides, or only the columns with a hairline, left the temples' hair, img67, img98)
FOREHEAD_SIDE = (0.05, 0.2)
DARKER = (10.0, 8.0)  # L* this much darker than the scalp starts to count, and this much more counts fully
RIM = (0.8, 0.2)  # the scalp darkens by up to this share over the outer part of the skull's radius beyond this
GRAIN = (0.7, 1.5, 2.5)  # the scalp's grain: noise blurred by this σ, as spread as the forehead's L* less its blur by
# this (grid pixels), clipped to this many spreads
# that spread is taken over the values within this many robust spreads (1.4826 times the median absolute deviation) of
# their median: strands, curls and edges in the forehead's band (img103's curls, img102's hair, img95) had tripled
# the plain standard deviation (2.9, 3.5, 2.0 L*; 0.9, 1.3, 0.6 without them), and the scalp read as cork
OUTLIERS = 3.0
BORDER = (0.03, 0.05, 0.15)  # see _matched
EDGE = 0.01  # brows-to-chin distances (at least 2 grid pixels): the skull's outline fades over this
# the background is filled on the grid shrunk to at most this many pixels a side (at the grid's own size the network
# took 1.4 s of 2 on img24's preview)
FILL_SIDE = 384
HOLE_GROW = 3  # grid pixels: the hole the completion network fills is grown by this past the hair and the skull
# and it takes in the face and the skin this far to each side (half face widths: the ears), so that the network fills
# it from the background alone (given the face and ears, it spread their colour into the background beside the
# temples: pale, pink or peach smears)
HEAD_SIDE = 1.6


@dataclass(frozen=True)
class Shaven:
    """A bald head drawn once per photo (``shave``): the ``frame``, and on its upright grid (``grid``) the ``layer``
    (float32 [h,w,3], RGB 0..255) and how much of it covers the photo, ``alpha`` (float32 [h,w], 0..1)."""

    frame: hairline.Frame
    layer: np.ndarray
    alpha: np.ndarray

    def on(self, photo: np.ndarray, strength: float) -> np.ndarray:
        """``photo`` (uint8 [H,W,3], the one shaved or one edited from it) with the layer blended over it at
        strength/FULL of its alpha (0 or below: the photo itself); pixels the layer does not cover are
        bit-identical."""
        share = float(np.clip(strength / FULL, 0, 1))
        if share == 0:
            return photo
        box = self.frame.box(np.array([-SPAN, SPAN] * 2), np.array([ABOVE] * 2 + [BELOW] * 2), photo.shape[:2])
        top, left, bottom, right = box
        across, down = hairline.coordinates(self.frame, box)
        rows, columns = self.alpha.shape
        x = ((across + SPAN) / (2 * SPAN) * (columns - 1)).astype(np.float32)
        y = ((down - ABOVE) / (BELOW - ABOVE) * (rows - 1)).astype(np.float32)
        alpha = cv2.remap(self.alpha, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)[..., None] * share
        layer = cv2.remap(self.layer, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out = photo.copy()
        part = photo[top:bottom, left:right]
        out[top:bottom, left:right] = np.clip(part * (1 - alpha) + layer * alpha, 0, 255).round().astype(np.uint8)
        return out


def shave(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
          network: torch.nn.Module) -> Shaven | None:
    """The bald head of the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given, in the photo
    (uint8 [H,W,3]) whose hair ``hair`` is (weights [h,w] in 0..1 and their box, ``photo.hair_on_photo``), the
    background behind the hair filled by the completion ``network`` (``completion.complete_array``). None where
    ``hairline.find`` finds no hairline (no hair, or a bare scalp), too little skin shows below it or the hair
    reaches the chin (``_reaches_chin``)."""
    forehead = hairline.find(photo, points, hair)
    return None if forehead is None else shave_from(forehead, photo, points, hair, network)


def shave_from(forehead: hairline.Forehead, photo: np.ndarray, points: np.ndarray,
               hair: tuple[np.ndarray, tuple[int, int, int, int]], network: torch.nn.Module) -> Shaven | None:
    """``shave`` of a photo whose forehead and hairline ``hairline.find`` found (its arguments)."""
    frame = forehead.frame
    across, down, at = grid(frame)
    view = cv2.remap(photo, at[..., 0], at[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    weights = cv2.remap(cut_box(*hair, (0, 0, *photo.shape[:2])), at[..., 0], at[..., 1], cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_CONSTANT)
    lab, scale = to_lab(view).astype(np.float32), len(across) / ((BELOW - ABOVE) * frame.length)
    outline = _face(points, frame, across.shape)
    if _reaches_chin(weights, across, down, outline):
        return None
    face = outline & (down > -0.05)
    skin = _skin(lab, across, down)
    grown = _grown(weights, skin, GROW * frame.length * scale) * ~face
    line = _hairline(forehead, across)
    sides = face_sides(points, frame)
    between = _between_ears(sides, across)
    shape = skull_of(forehead, weights, across, down, sides)
    skull = shape.inside(across, down, frame.width * scale, max(2.0, EDGE * frame.length * scale))
    scalp = _scalp(lab, weights, face, across, down, line, shape)
    if scalp is None:
        return None
    darker = smoothstep((scalp[..., 0] - DARKER[0] - lab[..., 0]) / DARKER[1])
    darker *= ((down < line + HAIRLINE_REACH) & (down < -FOREHEAD_LOW)) * between
    cover = smoothstep((line + HAIRLINE_COVER - down) / HAIRLINE_FADE) * (down < -FOREHEAD_LOW / 2) * between
    opaque = smoothstep(grown / OPAQUE)
    on_skull = skull * np.maximum(np.maximum(opaque, darker), cover)
    scalp = _matched(scalp, lab, skin & (skull > 0.5) & (on_skull < 0.05), on_skull > 0.5, frame.length * scale)
    beyond = np.maximum(opaque - on_skull, 0)  # the hair beyond the skull (and along its soft outline)
    hole = cv2.dilate(((grown > 0.05) | (skull > 0.01)).astype(np.uint8), disc(HOLE_GROW)).astype(bool)
    head = cv2.dilate((outline | (skin & (np.abs(across) < HEAD_SIDE))).astype(np.uint8), disc(HOLE_GROW)).astype(bool)
    background = _filled(view, hole | head, network)
    covered = on_skull + beyond
    layer = to_rgb(scalp) * on_skull[..., None] + background * beyond[..., None]
    layer /= np.maximum(covered, 1e-6)[..., None]
    inside = (at[..., 0] >= -1) & (at[..., 1] >= -1) & (at[..., 0] <= photo.shape[1]) & (at[..., 1] <= photo.shape[0])
    return Shaven(frame, layer.astype(np.float32), (covered * inside).astype(np.float32))


def grid(frame: hairline.Frame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The upright grid the layer is drawn on: its pixels' frame coordinates ``across`` and ``down`` (float32 [h,w]
    each; ±SPAN, ABOVE..BELOW) and where they lie on the photo (float32 [h,w,2], x then y), a photo pixel a grid
    pixel up to a face LARGEST pixels wide."""
    step = max(1.0, 2 * frame.width / LARGEST)
    columns, rows = round(2 * SPAN * frame.width / step), round((BELOW - ABOVE) * frame.length / step)
    across = np.broadcast_to(np.linspace(-SPAN, SPAN, columns, dtype=np.float32), (rows, columns))
    down = np.broadcast_to(np.linspace(ABOVE, BELOW, rows, dtype=np.float32)[:, None], (rows, columns))
    return across, down, frame.to_photo(across, down).astype(np.float32)


def _filled(view: np.ndarray, hole: np.ndarray, network: torch.nn.Module) -> np.ndarray:
    """``view`` (uint8 [h,w,3]) with its ``hole`` (bool [h,w]) filled by the completion ``network``
    (``completion.complete_array``), on the view shrunk to at most FILL_SIDE pixels a side, then enlarged: float32
    [h,w,3]."""
    scale = min(1.0, FILL_SIDE / max(hole.shape))
    if scale == 1:
        return completion.complete_array(view, hole, network).astype(np.float32)
    size = (max(1, round(hole.shape[1] * scale)), max(1, round(hole.shape[0] * scale)))
    small = cv2.resize(view, size, interpolation=cv2.INTER_AREA)
    small_hole = cv2.resize(hole.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0
    filled = completion.complete_array(small, small_hole, network)
    return cv2.resize(filled, hole.shape[::-1], interpolation=cv2.INTER_LINEAR).astype(np.float32)


def _reaches_chin(weights: np.ndarray, across: np.ndarray, down: np.ndarray, face: np.ndarray) -> bool:
    """Whether the hair (``weights`` above 1/2 on the grid) covers more than CHIN[2] of either side's band beside the
    ``face`` (bool [h,w]) between CHIN[0] brows-to-chin distances and BELOW, within CHIN[1] half face widths: shaved
    down to BELOW, it would hang below a hard edge there (img9's, img26's bobs, img86's long hair over one
    cheek)."""
    band = (down > CHIN[0]) & (down < BELOW) & (np.abs(across) < CHIN[1]) & ~face
    hair = weights > 0.5
    return any((hair & band & side).sum() > CHIN[2] * max((band & side).sum(), 1) for side in (across < 0, across > 0))


def _face(points: np.ndarray, frame: hairline.Frame, shape: tuple[int, int]) -> np.ndarray:
    """The face within the jaw line and the brows on the grid: bool [h,w]."""
    across, down = frame.from_photo(points)
    on_grid = np.c_[(across + SPAN) / (2 * SPAN) * (shape[1] - 1), (down - ABOVE) / (BELOW - ABOVE) * (shape[0] - 1)]
    face = np.zeros(shape, np.uint8)
    cv2.fillPoly(face, [np.vstack([on_grid[:17], on_grid[26:16:-1]]).round().astype(np.int32)], 1)
    return face.astype(bool)


def face_sides(points: np.ndarray, frame: hairline.Frame) -> np.ndarray:
    """How far out the face's sides lie on the photo's left and right (the top of the jaw line, landmarks 0 and 16,
    ``points`` [68,2] in photo pixels): float [2] in half face widths, each positive."""
    return np.abs(frame.from_photo(np.asarray(points)[[0, 16]])[0])


def _between_ears(sides: np.ndarray, across: np.ndarray) -> np.ndarray:
    """float32 [h,w] in 0..1: 1 between the face's ``sides`` (``face_sides``) at each grid pixel's ``across``, fading
    to 0 from FOREHEAD_SIDE[0] to FOREHEAD_SIDE[1] beyond them."""
    beyond = np.abs(across) - np.where(across < 0, *sides)
    return smoothstep((FOREHEAD_SIDE[1] - beyond) / (FOREHEAD_SIDE[1] - FOREHEAD_SIDE[0])).astype(np.float32)


def _skin(lab: np.ndarray, across: np.ndarray, down: np.ndarray) -> np.ndarray:
    """Where the grid shows skin like the cheeks' (SKIN): bool [h,w]."""
    cheeks = np.median(lab[(down > 0.3) & (down < 0.6) & (np.abs(across) > 0.3) & (np.abs(across) < 0.7)], 0)
    return ((np.abs(lab[..., 1] - cheeks[1]) < SKIN[0]) & (np.abs(lab[..., 2] - cheeks[2]) < SKIN[1])
            & (np.abs(lab[..., 0] - cheeks[0]) < SKIN[2]))


def _grown(weights: np.ndarray, skin: np.ndarray, grow: float) -> np.ndarray:
    """The hair map on the grid (float32 [h,w]) grown by ``grow`` grid pixels (a soft dilation of what is above
    HAIR), but not over skin the map leaves below HAIR (the parts of ``skin`` wider than a disc of THIN grid pixels'
    radius and what lies within twice that of them: the mixed pixels along the hair's outline against a light
    background also look like skin, and that line, kept, outlined the shaved head in dots), and down to BELOW
    only."""
    radius = max(1.0, grow)
    wide = cv2.morphologyEx(skin.astype(np.uint8), cv2.MORPH_OPEN, disc(THIN))
    skin = skin & cv2.dilate(wide, disc(2 * THIN)).astype(bool)  # an ear's thin rim stays with the ear
    grown = cv2.dilate((weights > HAIR).astype(np.uint8), disc(radius)).astype(np.float32)
    grown = cv2.GaussianBlur(grown, (0, 0), radius / 2)
    return np.maximum(np.where(skin & (weights < HAIR), 0, grown), weights)


def _hairline(forehead: hairline.Forehead, across: np.ndarray) -> np.ndarray:
    """The hairline (``forehead.line``, brows-to-chin distances) at each grid pixel's ``across``: float32 [h,w]."""
    order = np.argsort(forehead.across[0])
    return np.interp(across, forehead.across[0][order], forehead.line[0][order]).astype(np.float32)


@dataclass(frozen=True)
class Skull:
    """The skull's outline in the face's frame: its ``top`` (brows-to-chin distances; negative, above the brows) and
    its half ``widths`` on the photo's left and right (half face widths), down to its widest level (SKULL[2]);
    below that its sides narrow to SIDES[1] at SIDES[0], below which nothing is skull."""

    top: float
    widths: tuple[float, float]

    def radius(self, across: np.ndarray, down: np.ndarray) -> np.ndarray:
        """How far out on the skull each point lies (0: its middle, 1: its outline; beyond it, more): float [h,w]."""
        widest, power = SKULL[2:]
        width = np.where(across < 0, *self.widths)
        narrowing = np.clip((down - widest) / (SIDES[0] - widest), 0, 1)
        across = across / (width + (SIDES[1] - width) * narrowing)
        height = np.minimum(down - widest, 0) / (widest - self.top)
        return np.where(down > SIDES[0], np.inf, (np.abs(across) ** power + np.abs(height) ** power) ** (1 / power))

    def inside(self, across: np.ndarray, down: np.ndarray, pixels: float, edge: float) -> np.ndarray:
        """The skull on the grid: float32 [h,w] in 0..1, fading over ``edge`` grid pixels across its outline
        (``pixels``: grid pixels per half face width)."""
        return smoothstep((1 - self.radius(across, down)) * SKULL[0] * pixels / edge + 0.5)


def skull_of(forehead: hairline.Forehead, weights: np.ndarray, across: np.ndarray, down: np.ndarray,
             sides: np.ndarray) -> Skull:
    """The skull under a photo's hair: SKULL, its top HAIR_ABOVE below the top of the hair over the forehead's middle
    where that lies lower, each side HAIR_THICK inside the hair's outline at the temples (``weights`` above 1/2 on the
    grid between TEMPLES, its outermost TEMPLE_QUANTILE) where that lies further out, and no further than BEYOND_SIDE
    past that side of the face (``sides``: how far out the face's sides lie on the photo's left and right, [2] in half
    face widths), nor, on a head turned far aside, TURNED_BACK[1] more per half face width that it lies further out
    than the other."""
    tops = forehead.top[np.abs(forehead.across) < 0.3]
    top = max(SKULL[1], float(np.median(tops)) + HAIR_ABOVE) if tops.size else SKULL[1]
    temples = (weights > 0.5) & (down > TEMPLES[0]) & (down < TEMPLES[1])
    widths = []
    for side, face_side, other_side in zip((across < 0, across > 0), sides, sides[::-1]):
        reach = np.abs(across[temples & side])
        outline = float(np.quantile(reach, 1 - TEMPLE_QUANTILE)) if reach.size else 0.0
        turned = face_side > TURNED_BACK[0] * other_side
        furthest = face_side + BEYOND_SIDE + (TURNED_BACK[1] * (face_side - other_side) if turned else 0.0)
        widths.append(min(max(outline - HAIR_THICK, SKULL[0]), furthest))
    return Skull(top, tuple(widths))


def _scalp(lab: np.ndarray, weights: np.ndarray, face: np.ndarray, across: np.ndarray, down: np.ndarray,
           line: np.ndarray, skull: Skull) -> np.ndarray | None:
    """The scalp on the grid in CIELAB (float32 [h,w,3]): the skin's colour below the hairline column by column,
    darker towards the skull's outline (RIM) than at the hairline, with grain like the forehead's; None where
    fewer than 4 columns show skin below the hairline."""
    sample = (down > line + SAMPLE[0]) & (down < np.minimum(line + SAMPLE[1], -FOREHEAD_LOW)) & (weights < 0.2) & ~face
    columns = np.clip(((across[0] + SPAN) / (2 * SPAN) * hairline.BINS).astype(int), 0, hairline.BINS - 1)
    colours = np.full((hairline.BINS, 3), np.nan)
    for column in range(hairline.BINS):
        inside = sample[:, columns == column]
        if inside.sum() >= 5:
            colours[column] = np.median(lab[:, columns == column][inside], 0)
    found = np.isfinite(colours[:, 0])
    if found.sum() < 4:
        return None
    centres = (np.arange(hairline.BINS) + 0.5) / hairline.BINS * 2 * SPAN - SPAN
    colours = cv2.GaussianBlur(np.stack([np.interp(centres, centres[found], colours[found, channel])
                                         for channel in range(3)], 1)[:, None].astype(np.float32),
                               (1, 0), sigmaX=1e-3, sigmaY=COLUMN_SMOOTH, borderType=cv2.BORDER_REPLICATE)[:, 0]
    scalp = np.dstack([np.interp(across, centres, colours[:, channel]) for channel in range(3)]).astype(np.float32)
    scalp *= (_shade(skull.radius(across, down)) / _shade(skull.radius(across, line)))[..., None]
    scalp[..., 0] += _grain(lab[..., 0], sample)
    return scalp


def _matched(scalp: np.ndarray, lab: np.ndarray, skin: np.ndarray, covered: np.ndarray, length: float
             ) -> np.ndarray:
    """The scalp (CIELAB [h,w,3]) shifted to meet the photo's ``skin`` (bool [h,w]) where it borders the ``covered``
    part (bool [h,w]; within BORDER[0] brows-to-chin distances of it): the difference there spread over the scalp by
    normalised convolution (a Gaussian BORDER[1]) and fading over BORDER[2] away from the border (the column colours
    left flat strips with a hard edge beside a temple's shaded skin, and a step along the old hairline, to fresh
    reviewers). ``length``: grid pixels per brows-to-chin distance."""
    near = cv2.dilate(covered.astype(np.uint8), disc(BORDER[0] * length)).astype(bool) & skin
    if not near.any():
        return scalp
    weight = cv2.GaussianBlur(near.astype(np.float32), (0, 0), BORDER[1] * length)
    shift = cv2.GaussianBlur((lab - scalp) * near[..., None], (0, 0), BORDER[1] * length) / np.maximum(weight, 1e-4)[
        ..., None]
    distance = cv2.distanceTransform((~near).astype(np.uint8), cv2.DIST_L2, 5)
    return scalp + shift * np.exp(-distance / (BORDER[2] * length))[..., None] * (weight > 1e-4)[..., None]


def _shade(radius: np.ndarray) -> np.ndarray:
    """The scalp's lightness at ``radius`` on the skull (0 its middle, 1 its outline), as a share: 1, darkening by
    up to RIM[1] beyond RIM[0], where the head turns away from the camera and its light."""
    return 1 - RIM[1] * smoothstep((radius - RIM[0]) / (1 - RIM[0]))


def _grain(lightness: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """Grain for the scalp: float32 [h,w] of L*, Gaussian noise blurred by GRAIN[0] grid pixels with the spread of
    the forehead's own fine detail (L* less its blur by GRAIN[1], over ``sample``, bool [h,w]; ``_spread``), clipped
    to GRAIN[2] spreads (the forehead's own detail mirrored up repeated its wrinkles in a tiled, herringbone pattern to
    a fresh reviewer); the same for every photo of a size."""
    detail = lightness - cv2.GaussianBlur(lightness, (0, 0), GRAIN[1])
    noise = cv2.GaussianBlur(np.random.default_rng(0).standard_normal(lightness.shape).astype(np.float32), (0, 0),
                             GRAIN[0])
    spread = _spread(detail[sample])
    return np.clip(noise / max(float(noise.std()), 1e-6), -GRAIN[2], GRAIN[2]) * spread


def _spread(values: np.ndarray) -> float:
    """The standard deviation of ``values`` (float [K]) within OUTLIERS robust spreads of their median (all of them
    where half or more are equal); 0 for none."""
    if not values.size:
        return 0.0
    deviation = np.abs(values - np.median(values))
    robust = 1.4826 * float(np.median(deviation))
    return float((values[deviation <= OUTLIERS * robust] if robust > 0 else values).std())
