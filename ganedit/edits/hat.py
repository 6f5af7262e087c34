"""A knit hat (a beanie) on a photo, drawn over the head from dlib's 68 landmarks and the hair map.

G′'s wearing-hat direction, enlarged from 64×64 onto the photo, painted a blue or white smear over the forehead
and the hair (on each of 5 portraits looked at in session 44), not a hat. So a positive wearing hat slider draws
one, at the photo's own resolution, in the face's own frame (``hairline.Frame``: tilted with the eyes): a dome about
the skull's axis (the jaw line's ends' middle, so a turned head's hat sits on the head, not on the face), as wide and
as high as the hair above the cuff (the hair map) or a bare head, ending in a folded cuff whose lower edge crosses the
forehead and wraps down over the temples; knitted in ribs that follow the dome round (spaced evenly in angle about
its axis, so they crowd towards its sides and its top) with a row of stitches along each; lit from the side the face
is lit from (its cheeks' lightness) and from above, as a round surface; as light as the face's exposure allows and
taking on some of the photo's colour cast; with a soft shadow on the forehead under the cuff, a woolly ragged outline,
the photo's softness and grain (as the frames of ``ganedit.edits.glasses`` are). The slider's strength sets how opaque
it is (from none at 0 to solid at FULL). Hair below the cuff and beside the dome stays the photo's own.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits import bangs, glasses, hairline
from ganedit.edits.regions import cut_box, hull, smoothstep, to_lab

ATTRIBUTE = "wearing_hat"
FULL = 1.0  # slider strength at which the hat is solid; below it, as transparent as it is short of it
# the frame's units: across in half face widths, down in brows-to-chin distances (negative: above the brows)
BRIM = (0.27, 0.32)  # the cuff's lower edge: this far above the brows' middle, dropping by this at the hat's sides
# (by the fourth power of the way there: straight across the forehead, wrapping down over the temples; by its square,
# a pointed arch to a fresh reviewer, session 44)
CORNER = 0.08  # brows-to-chin distances: the corners where that edge meets the dome's sides are rounded over this
WIDTH = (1.05, 1.35)  # the hat's half-width: at least the head's (the jaw line's ends, and the knit's thickness),
# more to take in the hair over the top of the head (above the cuff's top by HAIR_ABOVE), at most the second: hair
# beside the temples, taken in too, made wide flat caps that flared over the ears
HAIR_ABOVE = 0.1
CROWN = (0.85, (0.75, 1.3))  # the dome's top above the brows: on a bare head the first, else the hair's, within these
ROUND = 0.7  # and high enough that the dome's height is at least this share of its half-width (pixels): a dome
# as low as short hair's top was a flat cap
THICK = 0.05  # the knit's thickness: the hat reaches this far beyond the hair it takes in
HAIR_SEEN = (0.5, 2.0)  # hair map weights above the first are hair; the hair's outline is its percentile this far
# from its extreme (a stray strand does not widen the hat)
SQUARENESS = 2.6  # the dome's outline is a superellipse of this exponent (2: an ellipse): broad shoulders that take
# in the hair's
BULGE = 0.15  # the dome is widest this far below the cuff's lower edge's middle (it narrows over the ears)
CUFF = 0.2  # the folded cuff's height
FOLD = (0.012, 0.45)  # the groove where the cuff folds: its width and its darkness (share of light)
RIBS = 50.0  # ribs per radian about the dome's axis (a 2 × 2 rib, about 1 cm each on a 56 cm head: 9 per radian
# would be life-size; more read as finer knit at a portrait's size)
WAVER, WAVER_BLUR = 1.2, 0.03  # the ribs waver by about this share of a radian over RIBS, in features this wide
# (share of the hat's box)
STITCH = 0.035  # a stitch's height along its rib
RIB_DEPTH = (0.28, 0.1)  # the grooves between ribs are this share darker; the stitches' rows, this share
COLOUR = np.array([32.0, 0.0, -10.0])  # CIELAB: a heathered charcoal blue, at a face of SKIN_L's lightness
SKIN_L = 65.0  # CIELAB L*: the skin's lightness at which the hat takes COLOUR's; it scales with the skin's, within
EXPOSURE = (0.7, 1.3)
LIGHT = (0.25, 0.95, -0.45)  # ambient and diffuse shares of the light, and the light's height (up: negative down)
OCCLUSION = 0.3  # the hat darkens by up to this share towards its outline, where it turns away
SIDE_LIGHT = 25.0  # CIELAB L*: a difference this large between the cheeks lights the hat fully from that side
SHADOW = (0.08, 0.25, 0.8, 0.3)  # the hat's shadow on the forehead: its reach below the cuff (it fades as
# exp(−distance / reach), ending at three reaches; and above the edge, under the hat's woolly edge), its darkness
# there, and how far to each side it falls (the forehead, not the ears or the background beside them), fading out
# over the last (half face widths; over a pixel or two, its sides were seams)
CONTACT = (0.015, 0.3)  # and its dark core along the edge: its reach and darkness
EDGE = (0.006, 0.3, 1.5)  # the outline's softness (half face widths, at least a pixel), how far woolly noise moves it
# either way and the noise's blur (both shares of that softness)
YARN = 0.05  # the yarn's fine lightness noise (share of light)
KNIT_SHOWN = (2.0, 5.0)  # pixels: ribs and stitches whose period is below the first are not drawn, above the second
# fully
WARMTH = 0.3  # share of the photo's mean a* and b* (its light's colour cast) the knit takes on


@dataclass(frozen=True)
class Fit:
    """The hat's size on one head, in its face's frame: the skull's axis ``centre`` (across), the half-``width``
    and the ``crown`` (down, negative: the dome's top)."""

    centre: float
    width: float
    crown: float

    def place(self, across: np.ndarray, down: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each pixel's place on the dome (x across, ±1 at its sides; y down, −1 at its top to 0 where it is widest,
        BULGE below the middle of the cuff's lower edge, positive below) and its height along the cuff's lower edge
        (positive under it), for the frame's coordinates ``across`` and ``down``: float32 [h,w] each."""
        middle = -BRIM[0] + BULGE
        x = (across - self.centre) / self.width
        edge = down + BRIM[0] - BRIM[1] * x ** 4
        return x.astype(np.float32), ((down - middle) / (middle - self.crown)).astype(np.float32), edge


@dataclass(frozen=True)
class Hat:
    """A hat ready to draw on one photo (``Hat.of``), so that a slider move only mixes it in: the photo's ``box``
    (top, left, bottom, right) about it, its opacity at FULL (``alpha``, float32 [h,w] in 0..1), its colour
    (``paint``, float32 [h,w,3], 0..255), its shadow on the forehead (``shadow``, float32 [h,w], share of light), how
    soft the photo is there (``soft``, pixels) and its grain (``grain``, float32 [h,w,3])."""

    box: tuple[int, int, int, int]
    alpha: np.ndarray
    paint: np.ndarray
    shadow: np.ndarray
    soft: float
    grain: np.ndarray

    @classmethod
    def of(cls, photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
           seed: int = 0) -> "Hat | None":
        """The hat for the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given on ``photo`` (uint8
        [H,W,3]), whose hair ``hair`` is (weights [h,w] in 0..1 and their box on the photo, ``photo.hair_on_photo``);
        None where the box about it lies off the photo."""
        points = np.asarray(points, np.float64)
        frame = hairline.frame_of(points)
        fit = fit_to(frame, points, hair)
        box = frame.box(fit.centre + np.array([-fit.width - 0.1, fit.width + 0.1] * 2),
                        np.array([fit.crown - 0.05] * 2 + [-BRIM[0] + BRIM[1] + SHADOW[0]] * 2), photo.shape[:2])
        top, left, bottom, right = box
        if bottom <= top or right <= left:
            return None
        across, down = hairline.coordinates(frame, box)
        pixels = photo[top:bottom, left:right].astype(np.float32)
        x, y, edge = fit.place(across, down)
        soft = max(EDGE[0] * frame.width, 1.0)
        outline = _outline(x, y, edge, fit, frame) + EDGE[1] * soft * _noise(across.shape, seed, EDGE[2] * soft)
        alpha = smoothstep(outline / soft + 0.5)
        fineness = min(2 * np.pi / RIBS * fit.width * frame.width, STITCH * frame.length)  # pixels
        paint = _paint(x, y, down, edge, _light(photo, points), _colour(photo, points), fineness, seed)
        forehead = smoothstep((SHADOW[2] - np.abs(across - fit.centre)) / SHADOW[3])
        under = np.maximum(edge, 0)
        shadow = (SHADOW[1] * np.exp(-under / SHADOW[0]) + CONTACT[1] * np.exp(-under / CONTACT[0])) * forehead
        shadow = np.minimum(shadow, 1) * smoothstep(1 + edge / SHADOW[0]) * smoothstep(1 - edge / (3 * SHADOW[0]))
        return cls(box, alpha.astype(np.float32), paint, shadow.astype(np.float32), glasses.softness(pixels),
                   glasses.grain(pixels, seed))

    def on(self, photo: np.ndarray, strength: float) -> np.ndarray:
        """``photo`` (uint8 [H,W,3], the photo this was drawn for, perhaps edited since) with the hat as opaque as
        ``strength`` over FULL (above FULL: solid). Pixels outside ``box`` are bit-identical; so is the photo at a
        strength of 0 or below."""
        opacity = float(np.clip(strength / FULL, 0, 1))
        if opacity == 0:
            return photo
        top, left, bottom, right = self.box
        out = photo.copy()
        out[top:bottom, left:right] = bangs.laid(photo[top:bottom, left:right].astype(np.float32),
                                                 opacity * self.alpha, self.paint, opacity * self.shadow, self.soft,
                                                 self.grain)
        return out


def fit_to(frame: hairline.Frame, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]) -> Fit:
    """The hat's ``Fit`` on the head whose frame and dlib landmarks ``points`` [68,2] (photo pixels) are given, with
    the hair ``hair`` (weights [h,w] in 0..1 and their box on the photo): about the jaw line's ends' middle (a
    turned face's nose and brows lie towards its near side, the skull's axis about there), as wide and high as the
    hair above the cuff's top, plus THICK, within WIDTH and CROWN."""
    centre = float(frame.from_photo((points[0] + points[16]) / 2)[0])
    box = frame.box(centre + np.array([-WIDTH[1], WIDTH[1]] * 2), np.array([-CROWN[1][1]] * 2 + [0.0] * 2),
                    (10 ** 6, 10 ** 6))
    across, down = hairline.coordinates(frame, box)
    weights, hair_box = hair
    side = (across - centre) / WIDTH[0]
    hair_seen = cut_box(weights, hair_box, box) > HAIR_SEEN[0]
    above = hair_seen & (down < -BRIM[0] + BRIM[1] * side ** 4 - CUFF - HAIR_ABOVE)
    middle = above & (np.abs(across - centre) < 0.5)
    if middle.sum() < 20:
        return _rounded(frame, centre, WIDTH[0], -CROWN[0])
    reach = np.percentile(np.abs(across[above] - centre), 100 - HAIR_SEEN[1])
    top = np.percentile(down[middle], HAIR_SEEN[1])
    return _rounded(frame, centre, float(np.clip(reach + THICK, *WIDTH)), -float(np.clip(THICK - top, *CROWN[1])))


def _rounded(frame: hairline.Frame, centre: float, width: float, crown: float) -> Fit:
    """A ``Fit`` whose crown is raised, within CROWN, until the dome is at least ROUND times as high as it is
    half-wide."""
    middle = -BRIM[0] + BULGE
    lowest = middle - ROUND * width * frame.width / frame.length
    return Fit(centre, width, float(np.clip(min(crown, lowest), -CROWN[1][1], -CROWN[1][0])))


def _outline(x: np.ndarray, y: np.ndarray, edge: np.ndarray, fit: Fit, frame: hairline.Frame) -> np.ndarray:
    """The hat's outline as a signed distance (pixels, positive inside: the dome's superellipse to first order, its
    implicit function over its gradient's length, and the cuff's lower edge, their corners rounded): float32
    [h,w]."""
    height = -BRIM[0] + BULGE - fit.crown
    power = SQUARENESS
    gradient = power * np.hypot(np.abs(x) ** (power - 1) / (fit.width * frame.width),
                                np.abs(y) ** (power - 1) / (height * frame.length))
    dome = (1 - np.abs(x) ** power - np.abs(y) ** power) / np.maximum(gradient, 1e-6)
    return _smooth_minimum(-edge * frame.length, dome, CORNER * frame.length).astype(np.float32)


def _smooth_minimum(a: np.ndarray, b: np.ndarray, reach: float) -> np.ndarray:
    """The smaller of ``a`` and ``b`` (float [...]), rounded where they are within about ``reach`` of each other
    (a log-sum-exp): two outlines' signed distances meet in a rounded corner, not a point."""
    return -reach * np.logaddexp(-a / reach, -b / reach)


def _paint(x: np.ndarray, y: np.ndarray, down: np.ndarray, edge: np.ndarray, light: np.ndarray, colour: np.ndarray,
           fineness: float, seed: int) -> np.ndarray:
    """The knit's colour (float32 [h,w,3], RGB 0..255) at its places ``x``, ``y`` on the dome (``Fit.place``; ``down``
    the frame's, ``edge`` the height along the cuff's edge): ribs and stitches (fading out where the finer of their
    periods, ``fineness`` pixels, nears KNIT_SHOWN: a small photo's knit aliased into moiré), the cuff's fold, lit as
    a round surface by ``light`` (a unit vector: across, down, towards the camera), darker towards its outline, in
    ``colour`` (CIELAB [3], ``_colour``)."""
    depth = np.sqrt(np.clip(1 - x ** 2 - y ** 2, 0, 1))
    normal = np.dstack([x, y, depth])
    normal /= np.linalg.norm(normal, axis=2, keepdims=True) + 1e-6
    shade = (LIGHT[0] + LIGHT[1] * np.clip(normal @ light, 0, 1)) * (1 - OCCLUSION * (1 - depth))
    angle = np.arcsin(np.clip(x / np.sqrt(np.clip(1 - y ** 2, 1e-4, 1)), -0.999, 0.999))  # about the dome's axis
    angle = angle + WAVER / RIBS * _noise(x.shape, seed + 2, WAVER_BLUR * x.shape[1])  # hand-knit, not machined
    ridge = 0.5 + 0.5 * np.cos(RIBS * angle)
    rib = np.floor(RIBS * angle / (2 * np.pi) + 0.5)
    stitch = 0.5 + 0.5 * np.cos(2 * np.pi * (down / STITCH + 0.5 * rib))
    shown = smoothstep((fineness - KNIT_SHOWN[0]) / (KNIT_SHOWN[1] - KNIT_SHOWN[0]))
    knit = (1 - shown * RIB_DEPTH[0] * (1 - ridge)) * (1 - shown * RIB_DEPTH[1] * (1 - stitch))
    groove = 1 - FOLD[1] * np.exp(-0.5 * ((edge + CUFF) / FOLD[0]) ** 2)  # the cuff's top edge
    yarn = 1 + YARN * _noise(x.shape, seed + 1, 1.0)
    lightness = colour[0] * shade * knit * groove * yarn
    lab = np.dstack([lightness, np.full_like(lightness, colour[1]), np.full_like(lightness, colour[2])])
    return (cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_LAB2RGB) * 255).astype(np.float32)


def _light(photo: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Where the light comes from (a unit vector: across, down, towards the camera): from the side of the brighter
    cheek (SIDE_LIGHT) and from above (LIGHT[2])."""
    cheeks = [_lightness(photo, points[[1, 2, 3, 31, 39]]), _lightness(photo, points[[15, 14, 13, 35, 42]])]
    side = float(np.clip((cheeks[1] - cheeks[0]) / SIDE_LIGHT, -1, 1)) if None not in cheeks else 0.0
    towards = np.array([0.8 * side, LIGHT[2], 1.0])
    return towards / np.linalg.norm(towards)


def _lightness(photo: np.ndarray, corners: np.ndarray) -> float | None:
    """The median CIELAB L* of the photo inside the polygon ``corners`` [K,2] (pixels); None where it holds none."""
    mask = hull(corners, photo.shape[:2]) > 0
    return float(np.median(to_lab(photo[mask])[:, 0])) if mask.any() else None


def _colour(photo: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The knit's CIELAB colour [3] on this photo: COLOUR's lightness scaled by how light the photo is about the face
    (its cheeks' and nose's median L* over SKIN_L, within EXPOSURE), its a* and b* moved by WARMTH of the photo's
    mean a* and b* (its light's colour)."""
    skin = _lightness(photo, points[[1, 3, 31, 35, 13, 15, 28]])
    cast = to_lab(photo[::8, ::8]).reshape(-1, 3).mean(0)[1:]
    return np.array([COLOUR[0] * float(np.clip((skin or SKIN_L) / SKIN_L, *EXPOSURE)), *(COLOUR[1:] + WARMTH * cast)])


def _noise(shape: tuple[int, int], seed: int, blur: float) -> np.ndarray:
    """Gaussian noise of ``shape`` blurred over ``blur`` pixels, scaled to unit spread: float32 [h,w]."""
    noise = cv2.GaussianBlur(np.random.default_rng(seed).standard_normal(shape, np.float32), (0, 0), blur)
    return noise / max(float(noise.std()), 1e-6)
