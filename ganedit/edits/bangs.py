"""Bangs on a photo: a fringe of the photo's own hair drawn over the upper forehead, at the photo's resolution.

G′'s bangs direction, enlarged from 64×64 onto the photo, painted a brown smear with a pale patch across the
forehead and the hair (``/tmp`` renders of the portraits, session 35), not hair. So a positive bangs slider draws a
fringe instead, as eyeglasses draws frames (``ganedit.edits.glasses``): in the face's own frame (the eyes' line
across, the brows-to-chin distance down, from dlib's 68 landmarks) it falls from the photo's own hairline (the
lowest hair of the hair map above the brows, column by column across the face) towards the brows, as far as the
slider says (all the way to a little above the brows at FULL), its lower edge arched up at the sides and ragged
with the strands' tips. Its texture is streaks of noise along lines that fan out from the crown (the line integral
of ``ganedit.edits.strands``) plus clumps across the face; its lightness takes the photo's own hair's (the hair
above the hairline, in the photo as edited so far: a blond slider gives a blond fringe) by quantile mapping, and
its hue follows that hair's lightness. It casts a soft shadow on the forehead, is blurred as much as the photo is
soft there and takes the photo's grain. Where the photo shows no hairline across the forehead, or the hair found
there is a bare scalp, it draws nothing; a negative slider still moves z (G′'s change, as before).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d
from scipy.special import erf

from ganedit.edits import glasses, strands
from ganedit.edits.hair import to_rgb
from ganedit.edits.regions import cut_box, disc, smoothstep, to_lab

ATTRIBUTE = "bangs"
FULL = 2.0  # slider strength at which the tips reach down to TIPS[0] above the brows; below it, that share of the way
# in the face's frame: across in half face widths (jaw point 0 to 16) from the brows' middle, down in brows-to-chin
# distances from it (negative: above the brows)
SPAN = 1.1  # the fringe is sought this far to each side
SIDE = 0.2  # and fades out over this much within that
ABOVE = 1.0  # the hairline is sought this far above the brows
TIPS = (0.1, 0.2)  # the tips' line at FULL: this far above the brows' middle, rising by this times the square of
# the way to the side (an arch; 0.35 left the temples bare beside the fringe, a reviewer said, session 35)
RAGGED = (0.015, 0.03)  # the tips' line is ragged by this much either way, in features this wide (half face widths)
TAPER = (0.05, 0.25)  # the strands thin out over this length above their tips, each strand's end moved up or down
# by this share of it with the texture (lighter strands end higher; (0.08, 0.5), longer ends strewn twice as far,
# read as a sawtooth to a reviewer, session 35)
ROOTS = 0.2  # above the hairline, the fringe fades in over this length (over the photo's own hair, or near it)
BINS = 48  # columns across the face in which the hairline is found
NOTCH = 7  # columns: the hairline's dips narrower than this are taken out
SIDE_FADE = 5  # columns: the fringe fades out across this many beside the columns without a hairline
GAPS = 0.15  # gaps in the hair map this narrow (brows-to-chin distances) are closed first (a parting, a highlight)
# the fringe's roots lie over the hair and over what it encloses up to this wide (img102's parting, seen as skin),
# and over what lies within half ROOTS of either (the hairline's soft edge), never over the background beside it
ENCLOSED = 0.6
CLOSING_GAP = 8  # pixels: the hair map is closed (GAPS, ENCLOSED) on a copy shrunk so that the gap is this wide
CORE = 0.03  # the hair's colour is read this far inside its outline (which mixes in the background)
SAMPLE = (5, 95)  # percentiles: only the hair's pixels of lightness between these (not the skin its outline mixes in)
CLUMPS = (0.05, 0.5)  # the clumps' width (half face widths) and their share of the texture
# the strands' lightness: the texture (unit spread) times the first, plus the second, is the standard normal quantile
# of the photo's hair's lightness each takes: less spread than the whole head's hair, whose shade and roots read as
# harsh dark stripes on blond hair, and lit as the forehead it lies on. Blind reviews of 16 portraits (session 35):
# this against (1.0, 0.0), whose strands had sharper, spikier ends, 13 to 2 (1 the same); against (1.0, 0.25) with the
# darkest 15% of the hair left out and a coarser ragged edge, 9 to 4 (3 the same), though the classifier finds bangs
# on 55 of 96 portraits with that one and on 45 with this
SHADE = (0.5, 0.25)
SHADOW = (0.03, 0.25)  # the fringe's shadow on the forehead: its drop and blur (brows-to-chin), its darkness
GRAIN = 0.7  # share of the photo's own grain the fringe keeps (as the frames do)
# a bare scalp that the hair map took for hair (img20) is within this of the forehead's hue and chroma (a*, b*) and
# within this times its texture (the median |Laplacian| of L*): img20 3.1 and 1.5; hair 3.2–33 and, where within 5,
# 4.1–7.3 (img8, img14, img12, img23, img57; a /tmp script over the 86 portraits with a hairline)
SCALP = (5.0, 2.0)
FOREHEAD = 0.6  # the forehead's skin is read this far to each side of the brows' middle
# share of the columns over the forehead's middle half in which hair must be found: 0.77 on img16 (the photo's top
# cuts its hair), 0.5 on img99's shaven head (stubble at one side found as hair)
MIN_HAIR = 0.7


def fringe(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
           strength: float, seed: int = 0) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with a fringe drawn over the forehead of the face whose dlib landmarks ``points``
    [68,2] (photo pixels) are given, whose hair ``hair`` is (weights [h,w] in 0..1 and their box (top, left, bottom,
    right) on the photo, ``photo.hair_on_photo``), reaching ``strength``/FULL of the way from the hairline to
    the lowest tips (0 or below: the photo unchanged; above FULL: as at FULL). The photo unchanged too where no
    hairline is found over the forehead (MIN_HAIR) or the hair found is a bare scalp (``_bare``). Pixels outside
    the box about the fringe are bit-identical."""
    reach = float(np.clip(strength / FULL, 0, 1))
    frame = _frame(points)
    box = _box(frame, photo.shape[:2])
    top, left, bottom, right = box
    if not reach or bottom <= top or right <= left:
        return photo
    across, down = _coordinates(frame, box)
    weights, hair_box = hair
    on_hair = _closed(cut_box(weights, hair_box, box), GAPS * frame.length)
    hairline = _hairline(across, down, on_hair)
    if hairline is None:
        return photo
    pixels = photo[top:bottom, left:right].astype(np.float32)
    lab, line = to_lab(pixels), _along(across, hairline)[0]
    core = cv2.erode(on_hair, disc(CORE * frame.length)) > 0.5  # not the outline, which mixes in the background
    above = core & (down < line)
    forehead = (on_hair < 0.5) & (down > line) & (down < -TIPS[0]) & (np.abs(across) < FOREHEAD)
    if _bare(lab, above, forehead):
        return photo
    texture = _texture(frame, box, across, seed)
    near = _closed(on_hair, ENCLOSED * frame.length, ROOTS * frame.length / 2)
    alpha = _alpha(across, down, near, hairline, texture, reach, seed)
    colour = _colour(lab[above] if above.sum() >= 20 else lab[on_hair > 0.5], texture)
    out = photo.copy()
    out[top:bottom, left:right] = _laid(pixels, alpha, colour, SHADOW[0] * frame.length * frame.down)
    return out


def _laid(pixels: np.ndarray, alpha: np.ndarray, colour: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """The photo's ``pixels`` (float32 [h,w,3]) with the fringe's ``colour`` (float32 [h,w,3]) laid over them as
    opaque as ``alpha`` (float32 [h,w]), both as soft as the photo (``glasses.softness``), the colour with the
    photo's grain, and the fringe's shadow cast ``drop`` (x, y pixels) down and blurred as far: uint8 [h,w,3]."""
    soft = glasses.softness(pixels)
    if soft > glasses.SHARPNESS[2]:
        alpha, colour = cv2.GaussianBlur(alpha, (0, 0), soft), cv2.GaussianBlur(colour, (0, 0), soft)
    colour = colour + GRAIN * (pixels - cv2.GaussianBlur(pixels, (0, 0), glasses.GRAIN[0]))
    shade = cv2.GaussianBlur(glasses.moved(alpha, drop), (0, 0), float(np.linalg.norm(drop)))
    lit = pixels * (1 - SHADOW[1] * shade[..., None])
    return (lit * (1 - alpha[..., None]) + colour * alpha[..., None]).round().clip(0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Frame:
    """The face's own frame on the photo: ``origin`` the brows' middle, ``across`` and ``down`` unit vectors (the
    eyes' line and square to it), ``width`` half the face's width and ``length`` the brows-to-chin distance
    (pixels)."""

    origin: np.ndarray
    across: np.ndarray
    down: np.ndarray
    width: float
    length: float

    def to_photo(self, across: np.ndarray, down: np.ndarray) -> np.ndarray:
        """Photo pixels [...,2] of the frame's coordinates ``across`` (half face widths) and ``down``."""
        return (self.origin + across[..., None] * self.width * self.across
                + down[..., None] * self.length * self.down)


def _frame(points: np.ndarray) -> Frame:
    """The face's frame from its dlib landmarks [68,2] (photo pixels)."""
    points = np.asarray(points, np.float64)
    eyes = points[42:48].mean(0) - points[36:42].mean(0)
    across = eyes / max(float(np.linalg.norm(eyes)), 1e-6)
    down = np.array([-across[1], across[0]])
    origin = points[17:27].mean(0)
    width = abs(float((points[16] - points[0]) @ across)) / 2
    return Frame(origin, across, down, max(width, 1.0), max(float((points[8] - origin) @ down), 1.0))


def _box(frame: Frame, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's box (top, left, bottom, right) about where the fringe is sought, within the photo."""
    corners = frame.to_photo(np.array([-SPAN, SPAN, -SPAN, SPAN]), np.array([-ABOVE - ROOTS] * 2 + [0.0] * 2))
    (left, top), (right, bottom) = np.floor(corners.min(0)), np.ceil(corners.max(0)) + 1
    return (int(max(top, 0)), int(max(left, 0)), int(min(bottom, shape[0])), int(min(right, shape[1])))


def _coordinates(frame: Frame, box: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """The frame's coordinates (across, down: float32 [h,w] each) of the box's pixels."""
    top, left, bottom, right = box
    rows, columns = np.mgrid[top:bottom, left:right].astype(np.float32)
    offset = np.dstack([columns, rows]) - frame.origin.astype(np.float32)
    return ((offset @ frame.across.astype(np.float32)) / frame.width,
            (offset @ frame.down.astype(np.float32)) / frame.length)


def _hairline(across: np.ndarray, down: np.ndarray, hair: np.ndarray) -> np.ndarray | None:
    """The hairline over the forehead: for each of BINS columns across [-SPAN, SPAN], the lowest ``down`` of a
    cell mostly hair (``hair`` [h,w] above 1/2 on at least half its pixels) above the tips' line (NaN: none);
    None when it is found in fewer than MIN_HAIR of the columns over the forehead's middle half."""
    column = np.clip(((across + SPAN) / (2 * SPAN) * BINS).astype(int), 0, BINS - 1)
    rows = 2 * BINS
    row = np.clip(((down + ABOVE + ROOTS) / (ABOVE + ROOTS) * rows).astype(int), 0, rows - 1)
    inside = (np.abs(across) <= SPAN) & (down < -TIPS[0])
    cells = np.zeros((BINS, rows)), np.zeros((BINS, rows))
    np.add.at(cells[0], (column[inside], row[inside]), (hair[inside] > 0.5))
    np.add.at(cells[1], (column[inside], row[inside]), 1.0)
    levels = (np.arange(rows) + 1) / rows * (ABOVE + ROOTS) - ABOVE - ROOTS  # each row's lower edge
    hairy = (cells[0] >= 0.5 * np.maximum(cells[1], 1)) & (cells[1] > 0)
    line = _opened(np.where(hairy.any(1), np.max(np.where(hairy, levels, -np.inf), 1), np.nan))
    middle = np.abs((np.arange(BINS) + 0.5) / BINS * 2 * SPAN - SPAN) < 0.5
    return line if np.isfinite(line[middle]).mean() >= MIN_HAIR else None


def _opened(line: np.ndarray) -> np.ndarray:
    """The hairline [BINS] (NaN where none) without its dips narrower than NOTCH columns (a strand hanging down, a
    parting's skin: a fringe that starts lower there showed the forehead through its roots), a morphological
    opening of the rows' depth."""
    found = np.isfinite(line)
    higher = minimum_filter1d(np.where(found, line, np.inf), NOTCH, mode="nearest")
    opened = maximum_filter1d(np.where(np.isfinite(higher), higher, -np.inf), NOTCH, mode="nearest")
    return np.where(found, np.minimum(opened, line), np.nan)


def _alpha(across: np.ndarray, down: np.ndarray, hair: np.ndarray, hairline: np.ndarray, texture: np.ndarray,
           reach: float, seed: int) -> np.ndarray:
    """The fringe's opacity, float32 [h,w] in 0..1: from ROOTS above the hairline (where ``hair`` [h,w], 0..1,
    says there is hair near) down to the tips, ``reach`` of the way from the hairline to TIPS' line, each strand
    (``texture``) ending a little higher or lower; fading out across the columns where no hairline was found."""
    line, found = _along(across, hairline)
    tips = -TIPS[0] - TIPS[1] * np.minimum(np.abs(across), 1) ** 2 + RAGGED[0] * _noise(across, RAGGED[1], seed)
    tips = line + reach * np.maximum(tips - line, 0)
    body = smoothstep((tips - down) / TAPER[0] - TAPER[1] * np.clip(texture, -1.5, 1.5))
    roots = hair * smoothstep((down - line + ROOTS) / ROOTS) * smoothstep((tips - line) / TAPER[0])
    alpha = np.where(down >= line, body, roots) * found
    return (alpha * smoothstep((SPAN - np.abs(across)) / SIDE)).astype(np.float32)


def _along(across: np.ndarray, line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The per-column ``line`` [BINS] (NaN where none) at each pixel's ``across``, linear between the centres of
    the columns that have it, and how far the pixel lies among those (1) rather than the others (0), averaged
    over SIDE_FADE columns: float32 [h,w] each."""
    centres = (np.arange(BINS) + 0.5) / BINS * 2 * SPAN - SPAN
    found = np.isfinite(line)
    at = np.interp(across, centres[found], line[found]).astype(np.float32)
    share = np.convolve(found.astype(np.float32), np.ones(SIDE_FADE) / SIDE_FADE, "same")
    return at, smoothstep(np.interp(across, centres, share))


def _noise(across: np.ndarray, width: float, seed: int) -> np.ndarray:
    """Smooth noise along ``across`` (features about ``width`` wide), float32 like ``across``, unit spread."""
    samples = 512
    noise = cv2.GaussianBlur(np.random.default_rng(seed).standard_normal((1, samples)).astype(np.float32), (0, 0),
                             width / (2 * SPAN) * samples)[0]
    noise = (noise - noise.mean()) / max(float(noise.std()), 1e-6)
    return np.interp(across, np.linspace(-SPAN, SPAN, samples), noise).astype(np.float32)


def _texture(frame: Frame, box: tuple[int, int, int, int], across: np.ndarray, seed: int) -> np.ndarray:
    """The fringe's strands, float32 [h,w] on the box, zero mean, unit spread: noise streaked along lines that fan
    out from the crown (drawn with the face at most strands.MAX_FACE wide, then enlarged), plus clumps across."""
    top, left, bottom, right = box
    scale = min(1.0, strands.MAX_FACE / (2 * frame.width))
    size = (max(round((right - left) * scale), 1), max(round((bottom - top) * scale), 1))
    rows, columns = np.mgrid[0:size[1], 0:size[0]].astype(np.float32) / scale
    crown = frame.origin - np.array([left, top]) - 1.5 * frame.length * frame.down
    x, y = columns - crown[0], rows - crown[1]
    norm = np.maximum(np.hypot(x, y), 1e-6)
    width = 2 * frame.width * scale
    streaks = strands.line_integral((x / norm).astype(np.float32), (y / norm).astype(np.float32),
                                    max(2, round(strands.STRAND_LENGTH * width)), max(0.5, strands.GRAIN * width),
                                    seed)
    streaks = cv2.resize(streaks, (right - left, bottom - top), interpolation=cv2.INTER_LINEAR)
    texture = streaks + CLUMPS[1] * _noise(across, CLUMPS[0], seed + 1)
    return ((texture - texture.mean()) / max(float(texture.std()), 1e-6)).astype(np.float32)


def _colour(lab: np.ndarray, texture: np.ndarray) -> np.ndarray:
    """The fringe's colour, float32 RGB [h,w,3] in 0..255, from the CIELAB pixels ``lab`` [K,3] of the photo's
    own hair (within SAMPLE): their lightness quantile-mapped from ``texture`` (float [h,w], standard normal) and
    their a*, b* following the lightness as in that hair."""
    low, high = np.percentile(lab[:, 0], SAMPLE)
    lab = lab[(lab[:, 0] >= low) & (lab[:, 0] <= high)]
    lightness = np.sort(lab[:, 0])
    share = 0.5 * (1 + erf((SHADE[0] * texture + SHADE[1]) / np.sqrt(2)))
    new = np.interp(share, np.linspace(0, 1, len(lightness)), lightness)
    spread = max(float(lightness.var()), 1e-3)
    hue = [lab[:, k].mean() + (new - lightness.mean()) * float(np.cov(lab[:, 0], lab[:, k])[0, 1]) / spread
           for k in (1, 2)]
    return to_rgb(np.dstack([new, *hue]).astype(np.float32))


def _bare(lab: np.ndarray, hair: np.ndarray, forehead: np.ndarray) -> bool:
    """Whether the hair map's ``hair`` (bool [h,w]) over the forehead is a bare scalp: of the forehead's
    (``forehead``, bool [h,w]) hue and chroma (a*, b* within SCALP[0]) and hardly more textured (the median of
    |Laplacian| of L* within SCALP[1] times the forehead's), ``lab`` the CIELAB pixels [h,w,3]. False when
    either has fewer than 20 pixels."""
    if hair.sum() < 20 or forehead.sum() < 20:
        return False
    hue = np.linalg.norm(np.median(lab[hair][:, 1:], 0) - np.median(lab[forehead][:, 1:], 0))
    detail = np.abs(cv2.Laplacian(cv2.GaussianBlur(lab[..., 0], (0, 0), 1.0), cv2.CV_32F))
    return bool(hue < SCALP[0] and np.median(detail[hair]) < SCALP[1] * np.median(detail[forehead]))


def _closed(hair: np.ndarray, gap: float, grow: float = 0.0) -> np.ndarray:
    """The hair map (float32 [h,w] in 0..1) with its gaps up to ``gap`` pixels wide filled (a morphological closing),
    then grown by ``grow`` pixels (a dilation); on the map shrunk so that the gap is at most CLOSING_GAP pixels
    there, then enlarged: the map is soft."""
    scale = min(1.0, CLOSING_GAP / max(gap, 1e-6))
    small = hair if scale == 1 else cv2.resize(hair, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, disc(gap * scale / 2))
    if grow:
        closed = cv2.dilate(closed, disc(grow * scale))
    if scale != 1:
        closed = cv2.resize(closed, hair.shape[::-1], interpolation=cv2.INTER_LINEAR)
    return np.maximum(hair, closed)
