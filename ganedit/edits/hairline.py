"""The face's own frame on a photo and the hairline over its forehead, found from the hair map: where a fringe is
drawn from (``ganedit.edits.bangs``), and what a receding hairline or baldness moves up (``recede``).

The frame: the eyes' line across (in half face widths, jaw point 0 to 16, from the brows' middle), the
brows-to-chin distance down (negative: above the brows), from dlib's 68 landmarks. The hairline: for each of BINS
columns across the face, the lowest cell of the hair map (``photo.hair_on_photo``, its gaps closed) that is mostly
hair, above LOWEST; its dips narrower than NOTCH columns taken out. None is found where too few columns over the
forehead's middle have one (a shaven head, hair cut off by the photo's top) or where the "hair" is a bare scalp (of
the forehead's hue and hardly more textured). The colour drawn hair takes (``hair_sample``) is read from the hair
above the hairline, or, where none is found, from the hair map's hair over the head, above the brows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d

from ganedit.edits.regions import cut_box, disc, eroded, smoothstep, to_lab

SPAN = 1.1  # the hairline is sought this far to each side (half face widths)
SOUGHT = 1.2  # and this far above the brows (brows-to-chin distances)
LOWEST = 0.1  # and at least this far above them
BINS = 48  # columns across the face in which the hairline is found
ROW = 0.0125  # brows-to-chin distances: the cells' height
NOTCH = 7  # columns: the hairline's dips narrower than this are taken out
SIDE_FADE = 5  # columns: what is drawn from the hairline fades out across this many beside those without one
GAPS = 0.15  # gaps in the hair map this narrow (brows-to-chin distances) are closed first (a parting, a highlight)
CLOSING_GAP = 8  # pixels: the hair map is closed on a copy shrunk so that the gap is this wide
CORE = 0.03  # the hair's colour is read this far inside its outline (which mixes in the background)
# where the hair's pixels part into two classes of lightness (Otsu's), each at least SPLIT[1] of them, whose means lie
# more than SPLIT[0] apart (CIELAB L*), they are not one colour but hair and something on it (``img26``'s black
# headband over blond hair: 56; the other 96 portraits' at most 44, ``img71``'s white hair and its shade; without the
# share, 8 dark-haired portraits' few light pixels, under a tenth, parted off at up to 76): drawn hair takes only the
# class that holds most of those within SPLIT[2] (brows-to-chin distances) of the hairline, which touches the forehead
# (session 48: black-and-white zebra strands and fringe before; a fresh reviewer, blind, preferred the new on both)
SPLIT = (50.0, 0.2, 0.1)
# a bare scalp that the hair map took for hair (img20) is within this of the forehead's hue and chroma (a*, b*) and
# within this times its texture (the median |Laplacian| of L*): img20 3.1 and 1.5; hair 3.2–33 and, where within 5,
# 4.1–7.3 (img8, img14, img12, img23, img57; a /tmp script over the 86 portraits with a hairline)
SCALP = (5.0, 2.0)
FOREHEAD = 0.6  # the forehead's skin is read this far to each side of the brows' middle
# without a hairline, the forehead's skin is read up to this far above the brows (``hair_sample``), and the hair's
# colour needs at least this many of its pixels
FOREHEAD_BAND, SAMPLED = 0.25, 200
# and only the hair map's pixels this near the brows' middle count (half face widths: over the head, not beside it;
# img70's map lies on the background beside its grey hair, which the skin's colour model takes for skin)
OVER_HEAD = 0.9
# and a "hair" of the forehead's colour within these (a*, b*; L*) is a scalp: img20's shadowed bald head (6.3, 23)
# and img99's stubble (7.4, 19), not hair (img100's 6.6, 74; img70's 24, 11; the 12 portraits without a hairline)
SKIN_NEAR = (10.0, 30.0)
# share of the columns over the forehead's middle half in which hair must be found: 0.77 on img16 (the photo's top
# cuts its hair), 0.5 on img99's shaven head (stubble at one side found as hair)
MIN_HAIR = 0.7
RECEDING, BALD = "receding_hairline", "bald"
ATTRIBUTES = (RECEDING, BALD)  # the sliders that move the hairline up
FULL = 2.0  # slider strength at which the hairline recedes as far as RECEDE or BALD say; below it, that share
# how far a receding hairline moves up at FULL, as a share of the way from the hairline to the hair's top: this over
# the forehead's middle, plus this times the square of the way to the side (the temples recede further, an M)
RECEDE = (0.5, 0.4)
BALD_SHARE = 0.9  # how far baldness moves it up at FULL, alike across the head
SMOOTH = 2.0  # columns: the hairline and the hair's top are smoothed along the columns before they move (cells'
# steps and a parting's notch showed as stair-steps and a V in the squeezed hair)
SKIN_SHOWN = 0.1  # brows-to-chin distances: where less forehead than this shows below the hairline (bangs), the
# warp fades out (stretching a sliver of skin smeared it)
WARP_SIDES = (0.95, 0.35)  # the warp fades out from this far to each side (half face widths) over this much: the
# hair over the ears and beside the face stays


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

    def from_photo(self, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The frame's coordinates (across in half face widths, down in brows-to-chin distances: float64 [...] each)
        of photo pixels [...,2] (x, y): ``to_photo`` undone."""
        offset = np.asarray(pixels, np.float64) - self.origin
        return offset @ self.across / self.width, offset @ self.down / self.length

    def box(self, across: np.ndarray, down: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int]:
        """The photo's box (top, left, bottom, right) about the frame's points ``across``, ``down`` (arrays of the
        same shape), within a photo of ``shape`` (H, W); empty where it lies off the photo."""
        corners = self.to_photo(across, down)
        (left, top), (right, bottom) = np.floor(corners.min(0)), np.ceil(corners.max(0)) + 1
        return (int(max(top, 0)), int(max(left, 0)), int(min(bottom, shape[0])), int(min(right, shape[1])))


@dataclass(frozen=True)
class _Sought:
    """Where ``find`` seeks the hairline: the face's frame, the photo's box, its pixels' frame coordinates, CIELAB
    pixels and the hair map there with its gaps closed (GAPS)."""

    frame: Frame
    box: tuple[int, int, int, int]
    across: np.ndarray
    down: np.ndarray
    lab: np.ndarray
    hair: np.ndarray


@dataclass(frozen=True)
class Forehead(_Sought):
    """A photo's box about the forehead and the hair above it (``find``): the box (top, left, bottom, right), its
    pixels' frame coordinates ``across`` and ``down`` and CIELAB ``lab`` [h,w,3], the hair map there with its gaps
    closed ``hair`` [h,w] (0..1), the hairline at each pixel ``line`` [h,w], how far each pixel lies among the
    columns that have one ``found`` [h,w] (0..1), and the hair above the hairline,
    inside its outline, ``above`` (bool [h,w]); the top of the hair at each pixel ``top`` [h,w] (its highest cell in
    each column, within SOUGHT)."""

    line: np.ndarray
    found: np.ndarray
    above: np.ndarray
    top: np.ndarray

    def on(self, photo: np.ndarray) -> Forehead:
        """This forehead on ``photo`` (uint8 [H,W,3]: the photo it was found on, as edited since, its hair
        recoloured or drawn over), its CIELAB pixels read afresh and all else (the hairline, the hair map) kept."""
        top, left, bottom, right = self.box
        return replace(self, lab=to_lab(photo[top:bottom, left:right]))

    @property
    def sample(self) -> np.ndarray:
        """CIELAB pixels [K,3] of the hair whose colours drawn hair takes: above the hairline inside its outline
        (``above``), or all the hair map's where fewer than 20 lie there; of two classes of lightness too far apart
        to be one hair colour (SPLIT), the one nearest the hairline (``one_colour``)."""
        where = self.above if self.above.sum() >= 20 else self.hair > 0.5
        return self.lab[one_colour(self.lab[..., 0], where, np.abs(self.down - self.line) < SPLIT[2])]


def one_colour(lightness: np.ndarray, where: np.ndarray, near: np.ndarray) -> np.ndarray:
    """``where`` (bool [h,w]), less the pixels of the class of ``lightness`` (L*, float [h,w]) that holds fewer of
    those ``near`` (bool [h,w]; of all of them where none is near) when Otsu's threshold parts its pixels there into
    two classes of at least SPLIT[1] of them whose means lie more than SPLIT[0] apart; ``where`` itself otherwise."""
    values = lightness[where]
    if values.size < 2 or np.ptp(values) <= SPLIT[0]:
        return where
    threshold = _otsu(values)
    light = values > threshold
    if min(light.mean(), 1 - light.mean()) < SPLIT[1] or values[light].mean() - values[~light].mean() <= SPLIT[0]:
        return where
    shown = lightness[where & near] if (where & near).any() else values
    return where & ((lightness > threshold) == ((shown > threshold).mean() >= 0.5))


def _skin_coloured(lab: np.ndarray, hair: np.ndarray, forehead: np.ndarray) -> bool:
    """Whether the median colour of ``hair`` (bool [h,w]) is the ``forehead``'s (bool [h,w]) in hue and chroma and
    in lightness (a*, b* within SKIN_NEAR[0], L* within SKIN_NEAR[1]; ``lab`` CIELAB [h,w,3]): a scalp in shadow or
    with stubble."""
    hair_colour, skin_colour = np.median(lab[hair], 0), np.median(lab[forehead], 0)
    return bool(np.linalg.norm(hair_colour[1:] - skin_colour[1:]) < SKIN_NEAR[0]
                and abs(hair_colour[0] - skin_colour[0]) < SKIN_NEAR[1])


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of ``values`` (float [K], not all equal) in their own units, on 256 levels."""
    low, span = float(values.min()), float(np.ptp(values))
    scaled = np.rint((values - low) / span * 255).astype(np.uint8)
    return low + cv2.threshold(scaled, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0] / 255 * span


def find(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]
         ) -> Forehead | None:
    """The forehead and hairline of the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given, in
    the photo (uint8 [H,W,3]) whose hair ``hair`` is (weights [h,w] in 0..1 and their box, ``photo.hair_on_photo``).
    None where the box leaves the photo, no hairline is found over the forehead (MIN_HAIR) or the hair found is a
    bare scalp (``bare``)."""
    sought = _sought(photo, points, hair)
    return None if sought is None else _forehead(sought)


def _forehead(sought: _Sought) -> Forehead | None:
    """``find``'s answer for what lies in its box (``_sought``)."""
    found_lines = _hairline(sought.across, sought.down, sought.hair)
    if found_lines is None:
        return None
    columns, tops = found_lines
    line, found = _along(sought.across, columns)
    above = eroded(sought.hair, CORE * sought.frame.length) & (sought.down < line)
    skin = (sought.hair < 0.5) & (sought.down > line) & (sought.down < -LOWEST) & (np.abs(sought.across) < FOREHEAD)
    if bare(sought.lab, above, skin):
        return None
    return Forehead(**vars(sought), line=line, found=found, above=above, top=_along(sought.across, tops)[0])


def hair_sample(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]
                ) -> np.ndarray | None:
    """CIELAB pixels [K,3] of the photo's own hair whose colours drawn hair takes (``find``'s arguments): the
    ``Forehead.sample`` where a hairline is found; where none is found over the forehead's middle (hair on one
    side of the head only, a turned head: ``img100``), the hair map's above LOWEST inside its outline (CORE) and
    within OVER_HEAD of the middle, one colour (``one_colour``). None where the box leaves the photo, fewer than
    SAMPLED such pixels show or they are a bare scalp (``bare``, or ``_skin_coloured``, against the forehead from
    LOWEST to FOREHEAD_BAND above the brows: with no hairline over its middle, the hair map there is a scalp)."""
    sought = _sought(photo, points, hair)
    if sought is None:
        return None
    forehead = _forehead(sought)
    if forehead is not None:
        return forehead.sample
    where = _over_head(sought)
    if where.sum() < SAMPLED or _scalp(sought, where):
        return None
    return sought.lab[one_colour(sought.lab[..., 0], where, where)]


def bare_scalp(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]) -> bool:
    """Whether, with no hairline over the forehead, the hair map (``find``'s arguments) above LOWEST, inside its
    outline (CORE) and within OVER_HEAD of the middle is a bare scalp (``bare``, or ``_skin_coloured``, against the
    forehead from LOWEST to FOREHEAD_BAND above the brows; ``hair_sample``'s test): the shine of a shaven head
    (``img20`` of the portraits: blond tinted his crown). False where a hairline is found, the box leaves the photo
    or fewer than SAMPLED such pixels show."""
    sought = _sought(photo, points, hair)
    if sought is None or _forehead(sought) is not None:
        return False
    where = _over_head(sought)
    return bool(where.sum() >= SAMPLED and _scalp(sought, where))


def _over_head(sought: _Sought) -> np.ndarray:
    """bool [h,w]: the hair map of ``sought``'s box above LOWEST, inside its outline (CORE), within OVER_HEAD of
    the middle."""
    return (eroded(sought.hair, CORE * sought.frame.length) & (sought.down < -LOWEST)
            & (np.abs(sought.across) < OVER_HEAD))


def _scalp(sought: _Sought, where: np.ndarray) -> bool:
    """Whether the pixels ``where`` (bool [h,w]) of ``sought``'s box are a bare scalp: ``bare`` or
    ``_skin_coloured`` against the forehead from LOWEST to FOREHEAD_BAND above the brows."""
    skin = (sought.down > -FOREHEAD_BAND) & (sought.down < -LOWEST) & (np.abs(sought.across) < FOREHEAD)
    return bare(sought.lab, where, skin) or _skin_coloured(sought.lab, where, skin)


def _sought(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]
            ) -> _Sought | None:
    """``find``'s box (SPAN to each side, SOUGHT above the brows) on the photo and what lies in it (``_Sought``);
    None where it leaves the photo."""
    frame, box = frame_of(points), sought_box(points, photo.shape[:2])
    top, left, bottom, right = box
    if bottom <= top or right <= left:
        return None
    across, down = coordinates(frame, box)
    on_hair = closed(cut_box(*hair, box), GAPS * frame.length)
    return _Sought(frame, box, across, down, to_lab(photo[top:bottom, left:right]), on_hair)


def sought_box(points: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box (top, left, bottom, right) of a photo of ``shape`` (H, W) whose pixels ``find`` and ``hair_sample``
    read, for the face of dlib landmarks ``points`` [68,2] (photo pixels): SPAN to each side, SOUGHT above the brows;
    empty where it lies off the photo."""
    return frame_of(points).box(np.array([-SPAN, SPAN] * 2), np.array([-SOUGHT] * 2 + [0.0] * 2), shape)


def frame_of(points: np.ndarray) -> Frame:
    """The face's frame from its dlib landmarks [68,2] (photo pixels)."""
    points = np.asarray(points, np.float64)
    eyes = points[42:48].mean(0) - points[36:42].mean(0)
    across = eyes / max(float(np.linalg.norm(eyes)), 1e-6)
    down = np.array([-across[1], across[0]])
    origin = points[17:27].mean(0)
    width = abs(float((points[16] - points[0]) @ across)) / 2
    return Frame(origin, across, down, max(width, 1.0), max(float((points[8] - origin) @ down), 1.0))


def coordinates(frame: Frame, box: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """The frame's coordinates (across, down: float32 [h,w] each) of the box's pixels."""
    top, left, bottom, right = box
    rows, columns = np.mgrid[top:bottom, left:right].astype(np.float32)
    offset = np.dstack([columns, rows]) - frame.origin.astype(np.float32)
    return ((offset @ frame.across.astype(np.float32)) / frame.width,
            (offset @ frame.down.astype(np.float32)) / frame.length)


def _hairline(across: np.ndarray, down: np.ndarray, hair: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The hairline over the forehead and the hair's top: for each of BINS columns across [-SPAN, SPAN], the lowest
    ``down`` of a cell mostly hair (``hair`` [h,w] above 1/2 on at least half its pixels) above LOWEST, and the
    highest (NaN: none; [BINS] each); None when a hairline is found in fewer than MIN_HAIR of the columns over the
    forehead's middle half."""
    column = np.clip(((across + SPAN) / (2 * SPAN) * BINS).astype(int), 0, BINS - 1)
    rows = round(SOUGHT / ROW)
    row = np.clip(((down + SOUGHT) / SOUGHT * rows).astype(int), 0, rows - 1)
    inside = (np.abs(across) <= SPAN) & (down < -LOWEST)
    cell = column[inside] * rows + row[inside]
    cells = [np.bincount(cell, weights, BINS * rows).reshape(BINS, rows) for weights in (hair[inside] > 0.5, None)]
    levels = (np.arange(rows) + 1) / rows * SOUGHT - SOUGHT  # each row's lower edge
    hairy = (cells[0] >= 0.5 * np.maximum(cells[1], 1)) & (cells[1] > 0)
    line = _opened(np.where(hairy.any(1), np.max(np.where(hairy, levels, -np.inf), 1), np.nan))
    tops = np.where(hairy.any(1), np.min(np.where(hairy, levels - ROW, np.inf), 1), np.nan)
    middle = np.abs((np.arange(BINS) + 0.5) / BINS * 2 * SPAN - SPAN) < 0.5
    return (line, tops) if np.isfinite(line[middle]).mean() >= MIN_HAIR else None


def _opened(line: np.ndarray) -> np.ndarray:
    """The hairline [BINS] (NaN where none) without its dips narrower than NOTCH columns (a strand hanging down, a
    parting's skin: a fringe that started lower there showed the forehead through its roots), a morphological
    opening of the rows' depth."""
    found = np.isfinite(line)
    higher = minimum_filter1d(np.where(found, line, np.inf), NOTCH, mode="nearest")
    opened = maximum_filter1d(np.where(np.isfinite(higher), higher, -np.inf), NOTCH, mode="nearest")
    return np.where(found, np.minimum(opened, line), np.nan)


def _along(across: np.ndarray, line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The per-column ``line`` [BINS] (NaN where none) at each pixel's ``across``, linear between the centres of
    the columns that have it, and how far the pixel lies among those (1) rather than the others (0), averaged
    over SIDE_FADE columns: float32 [h,w] each."""
    centres = (np.arange(BINS) + 0.5) / BINS * 2 * SPAN - SPAN
    found = np.isfinite(line)
    at = np.interp(across, centres[found], line[found]).astype(np.float32)
    share = np.convolve(found.astype(np.float32), np.ones(SIDE_FADE) / SIDE_FADE, "same")
    return at, smoothstep(np.interp(across, centres, share))


def bare(lab: np.ndarray, hair: np.ndarray, forehead: np.ndarray) -> bool:
    """Whether the hair map's ``hair`` (bool [h,w]) over the forehead is a bare scalp: of the forehead's
    (``forehead``, bool [h,w]) hue and chroma (a*, b* within SCALP[0]) and hardly more textured (the median of
    |Laplacian| of L* within SCALP[1] times the forehead's), ``lab`` the CIELAB pixels [h,w,3]. False when
    either has fewer than 20 pixels."""
    if hair.sum() < 20 or forehead.sum() < 20:
        return False
    hue = np.linalg.norm(np.median(lab[hair][:, 1:], 0) - np.median(lab[forehead][:, 1:], 0))
    detail = np.abs(cv2.Laplacian(cv2.GaussianBlur(lab[..., 0], (0, 0), 1.0), cv2.CV_32F))
    return bool(hue < SCALP[0] and np.median(detail[hair]) < SCALP[1] * np.median(detail[forehead]))


def closed(hair: np.ndarray, gap: float, grow: float = 0.0) -> np.ndarray:
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


def recede(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
           receding: float, bald: float = 0.0) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with the hairline of the face whose dlib landmarks ``points`` [68,2] (photo pixels)
    are given, and whose hair ``hair`` is (``find``'s), moved up: by a receding hairline at strength ``receding``
    RECEDE of the way to the hair's top (further at the temples), by baldness at ``bald`` BALD_SHARE of it,
    each times strength/FULL (0 or below: none; the larger of the two). The photo's own pixels are moved, in the
    face's frame, column by column: the forehead between LOWEST above the brows and the hairline is stretched up
    to the new hairline and the hair above it squeezed between that and its top, so the skin, its light and the
    hair's outline stay the photo's own; nothing moves below LOWEST above the brows, above the hair's top or beside
    the head (outside WARP_SIDES), and less where little forehead shows (SKIN_SHOWN). The photo unchanged where
    ``find`` finds no hairline; pixels outside its box are bit-identical."""
    share = float(np.clip(receding / FULL, 0, 1))
    depth = max(share * RECEDE[0], float(np.clip(bald / FULL, 0, 1)) * BALD_SHARE)
    forehead = find(photo, points, hair) if depth else None
    if forehead is None:
        return photo
    across, down = forehead.across, forehead.down
    across_px = SMOOTH * 2 * SPAN / BINS * forehead.frame.width  # the smoothing along the columns, in pixels
    line, top = (cv2.GaussianBlur(field, (0, 0), across_px, sigmaY=1e-3) for field in (forehead.line, forehead.top))
    top = np.minimum(top, line - 2 * ROW)
    temples = share * RECEDE[1] * np.minimum(np.abs(across), 1) ** 2
    new = line - np.maximum(depth + temples, 0) * (line - top)
    base = -LOWEST  # the forehead is stretched from here, above the brows, up to the new hairline
    stretched = base + (down - base) * (line - base) / np.minimum(new - base, -ROW)
    squeezed = top + (down - top) * (line - top) / np.maximum(new - top, ROW)  # the hair between it and its top
    source = np.where(down >= new, stretched, np.where(down >= top, squeezed, down))
    weight = forehead.found * smoothstep((WARP_SIDES[0] - np.abs(across)) / WARP_SIDES[1]) * (down < base)
    weight *= smoothstep((base - line) / SKIN_SHOWN)  # a forehead under bangs: no skin to stretch
    at = forehead.frame.to_photo(across, down + weight * (source - down)).astype(np.float32)
    top_row, left, bottom, right = forehead.box
    out = photo.copy()
    out[top_row:bottom, left:right] = cv2.remap(photo, at[..., 0], at[..., 1], cv2.INTER_LINEAR,
                                                borderMode=cv2.BORDER_REFLECT)
    return out
