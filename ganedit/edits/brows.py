"""The brows' shape on a photo: bushy eyebrows thickens the photo's own brows (negative: thins them) and arched
eyebrows raises their arch (negative: flattens it), by warping the photo's own pixels across each brow.

G′'s bushy and arched eyebrow directions, enlarged from 64×64 onto the photo, painted orange lines and pale patches
about the eyes (``/tmp`` renders of 5 portraits, session 45), not brows. A warp keeps the brows' own hairs, colour and
light, as the smile's does the mouth's (``photo.smile_flow``). Each brow is found across its landmarks' polyline
(dlib's 17–21 and 22–26 lie along its upper edge): the mean lightness of the pixels at each distance below the
polyline, along the brow, darkens most steeply at its upper edge and lightens most steeply at its lower edge
(``find``). Pixels move only square to the eyes' line, and less the farther they lie from the brow, to none a few
brow thicknesses away and well above the upper lid; everything else is the photo's own, bit for bit.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from ganedit.edits import hairline
from ganedit.edits.regions import smoothstep, to_lab

BUSHY, ARCHED = "bushy_eyebrows", "arched_eyebrows"
ATTRIBUTES = (BUSHY, ARCHED)
BROWS = ((slice(17, 22), (37, 38)), (slice(22, 27), (43, 44)))  # each brow's landmarks and its upper lid's
# in brows-to-chin distances below the landmarks' polyline: the lightness profile is read over SOUGHT in STEP bins,
# the skin above the brow is what lies above SKIN_ABOVE; the brow's upper edge is where the profile darkens most
# steeply within NEAR of where it first lies DARKER (CIELAB L*) than that skin, within UPPER (a brow that does not
# is too faint to find, and left alone); its lower edge where it lightens most steeply from THINNEST to THICKEST
# below that (a deeper band reached a glasses' rim, img24, whose lower edge lightens more steeply than the brow's)
SOUGHT, STEP, SKIN_ABOVE = (-0.08, 0.14), 0.005, -0.03
UPPER, NEAR, DARKER = (-0.03, 0.06), 0.02, 8.0
THINNEST, THICKEST = 0.015, 0.055
THICKER = 0.3  # per unit of slider: the brow grows 1 + THICKER × strength times as thick (negative: thinner by as
# much, while the warp cannot fold: ``_unfolded``)
ANCHOR = 0.7  # share of the way from the brow's upper edge to its lower edge: it grows about here, mostly upward
# (about its middle it crept down onto the upper lid and frowned)
# the warp moves the whole brow alike and fades out beyond it: over REACH[0] half-thicknesses above its upper edge,
# over REACH[1] below its lower edge (a glasses' rim there stays as it is), and never past REACH[2] of the way from
# ANCHOR to the upper lid
REACH = (2.0, 1.0, 0.7)
# on a face with glasses, whose rim lies just below the brow (img24: thinned, the rim thickened; arched, it bent),
# the brow grows and thins from its lower edge, upward only, and neither warp reaches more than GLASSES_FADE
# half-thicknesses below it
GLASSES_FADE = 0.3
ARCH = (0.015, 0.6, 3.0)  # per unit of slider, the arch rises this many brows-to-chin distances at its peak, which lies
# the second share of the way from the brow's inner end to its outer end; that lift fades out over the third many
# half-thicknesses above the brow and over all the room left below it (REACH[2]), and is at most ARCH_FOLD of the
# shorter fade (a steeper lift folds the warp)
ARCH_FOLD = 0.4
ENDS = 0.15  # share of the brow's length: the warp fades out over this much about each end
SKIN_BOX = 0.25  # brows-to-chin distances: the box about the brows reaches this far above them (and half faces
HALF_FACES = 0.25  # widths this far beyond their ends)


@dataclass(frozen=True)
class Brow:
    """One brow in the face's frame (``hairline.Frame``): its landmarks' polyline (``across`` [5] rising, in half
    face widths, and ``down`` [5], in brows-to-chin distances), and below that polyline its ``upper`` and ``lower``
    edges and its upper lid (``lid``; brows-to-chin distances); whether it lies above ``glasses``."""

    across: np.ndarray
    down: np.ndarray
    upper: float
    lower: float
    lid: float
    glasses: bool = False

    def below(self, across: np.ndarray, down: np.ndarray) -> np.ndarray:
        """How far below the landmarks' polyline the frame's points ``across``, ``down`` lie (brows-to-chin
        distances, same shape)."""
        return down - np.interp(across, self.across, self.down)

    def shift(self, across: np.ndarray, down: np.ndarray, bushy: float, arched: float) -> np.ndarray:
        """The backward shift (brows-to-chin distances, down the face; float32, the shape of ``across``) that
        thickens the brow by ``bushy`` and raises its arch by ``arched`` (slider strengths, −3..3)."""
        half = (self.lower - self.upper) / 2
        anchor = self.upper + (1.0 if self.glasses else ANCHOR) * (self.lower - self.upper)
        core = (self.upper - anchor, self.lower - anchor)
        room = max(REACH[2] * (self.lid - anchor) - core[1], 1e-3)
        room = min(room, GLASSES_FADE * half) if self.glasses else room
        offset = self.below(across, down) - anchor
        along = self._along(across)
        thick = (REACH[0] * half, min(REACH[1] * half, room))
        scale = 1 - 1 / (1 + THICKER * bushy) if bushy >= 0 else -_unfolded(THICKER * -bushy, core, thick)
        bent = (ARCH[2] * half, room)
        lift = np.clip(ARCH[0] * arched, -ARCH_FOLD * min(bent), ARCH_FOLD * min(bent)) * self._arch(across)
        return ((lift * _plateau(offset, core, bent) - scale * offset * _plateau(offset, core, thick))
                * along).astype(np.float32)

    def _along(self, across: np.ndarray) -> np.ndarray:
        """1 along the brow, fading to 0 over ENDS of its length about each end."""
        start, end = self.across[0], self.across[-1]
        fade = ENDS * (end - start)
        return smoothstep(np.clip((across - start) / fade + 0.5, 0, 1) * np.clip((end - across) / fade + 0.5, 0, 1))

    def _arch(self, across: np.ndarray) -> np.ndarray:
        """0 at the brow's ends, 1 at its peak (ARCH's share of the way from its inner end, the one nearer the
        face's middle)."""
        start, end = self.across[0], self.across[-1]
        share = np.clip((across - start) / (end - start), 0, 1)
        share = share if abs(end) > abs(start) else 1 - share  # from the inner end
        return np.sin(np.pi * share ** (np.log(0.5) / np.log(ARCH[1]))) ** 2


def _plateau(offset: np.ndarray, core: tuple[float, float], fade: tuple[float, float]) -> np.ndarray:
    """1 where ``offset`` lies within ``core`` (low, high), falling smoothly to 0 over ``fade`` (above, below)
    beyond each end."""
    rising = np.clip((offset - core[0]) / fade[0] + 1, 0, 1)
    falling = np.clip((core[1] - offset) / fade[1] + 1, 0, 1)
    return smoothstep(np.minimum(rising, falling))


def _unfolded(stretch: float, core: tuple[float, float], fade: tuple[float, float]) -> float:
    """``stretch`` (a thinning warp samples 1 + that times farther from the anchor), at most what keeps it from
    folding where it fades out beyond ``core`` (offsets from the anchor) over ``fade``: the sampled offset must keep
    rising, and it falls fastest halfway through a fade, where the smoothstep falls 1.5 times its mean slope."""
    most = min(1 / (1.5 * abs(edge) / width + 0.25) for edge, width in zip(core, fade))
    return min(stretch, 0.9 * most)


def find(photo: np.ndarray, points: np.ndarray, glasses: bool = False
         ) -> tuple[hairline.Frame, tuple[int, int, int, int], tuple[np.ndarray, np.ndarray], list[Brow]]:
    """The face's frame, the photo's box (top, left, bottom, right) about its brows, the frame's coordinates of the
    box's pixels (``hairline.coordinates``: across, down) and the brows found there, on ``photo`` (uint8 [H,W,3])
    with dlib's landmarks ``points`` [68,2] (photo pixels), a face that wears ``glasses`` or not; a brow too faint
    to find (DARKER) is left out."""
    frame = hairline.frame_of(points)
    knots = [frame.from_photo(points[part]) for part, _ in BROWS]
    across = np.concatenate([k[0] for k in knots])
    lids = [float(frame.from_photo(points[list(lid)])[1].mean()) for _, lid in BROWS]
    down = np.concatenate([k[1] for k in knots])
    box = frame.box(np.array([across.min() - HALF_FACES, across.max() + HALF_FACES] * 2),
                    np.array([down.min() - SKIN_BOX] * 2 + [max(lids)] * 2), photo.shape[:2])
    top, left, bottom, right = box
    lightness = to_lab(photo[top:bottom, left:right])[..., 0]
    grid = hairline.coordinates(frame, box)
    brows = [_edges(a, d, lid, lightness, grid) for (a, d), lid in zip(knots, lids)]
    return frame, box, grid, [replace(brow, glasses=glasses) for brow in brows if brow is not None]


def _edges(across: np.ndarray, down: np.ndarray, lid: float, lightness: np.ndarray,
           grid: tuple[np.ndarray, np.ndarray]) -> Brow | None:
    """The brow whose landmarks lie at the frame's ``across``, ``down`` [5] and its upper lid ``lid`` below them
    (mean), its upper and lower edges found in the lightness profile across it (``lightness`` [h,w], CIELAB L*, at
    the frame's points ``grid``: across, down); None when it is too faint (DARKER) or reaches the lid."""
    order = np.argsort(across)
    brow = Brow(across[order], down[order], 0.0, 0.0, 0.0)
    offsets = np.arange(SOUGHT[0], SOUGHT[1] + STEP / 2, STEP)
    along = (grid[0] > brow.across[0]) & (grid[0] < brow.across[-1])
    bins = np.round((brow.below(*grid)[along] - SOUGHT[0]) / STEP).astype(int)
    kept = (bins >= 0) & (bins < len(offsets))
    counts = np.bincount(bins[kept], minlength=len(offsets))
    if (counts > 0).sum() < len(offsets) // 2:
        return None
    sums = np.bincount(bins[kept], lightness[along][kept], len(offsets))
    filled = counts > 0
    profile = np.interp(offsets, offsets[filled], sums[filled] / counts[filled])
    profile = cv2.GaussianBlur(profile.reshape(-1, 1).astype(np.float32), (1, 0), 1.0).ravel()
    skin = float(np.median(profile[offsets < SKIN_ABOVE]))
    dark = np.flatnonzero((profile < skin - DARKER) & (offsets > UPPER[0]) & (offsets < UPPER[1]))
    lid -= float(np.interp(across.mean(), brow.across, brow.down))
    if not len(dark):
        return None
    slope = np.gradient(profile, offsets)
    near = np.abs(offsets - offsets[dark[0]]) <= NEAR
    upper = offsets[np.argmin(np.where(near, slope, np.inf))]
    lower = offsets[np.argmax(np.where((offsets > upper + THINNEST) & (offsets < upper + THICKEST), slope, -np.inf))]
    if lid <= lower:
        return None
    return Brow(brow.across, brow.down, float(upper), float(lower), lid)


def shaped(photo: np.ndarray, points: np.ndarray, bushy: float = 0.0, arched: float = 0.0,
           glasses: bool = False) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) with the brows of the face whose dlib landmarks ``points`` [68,2] (photo pixels)
    are given, a face that wears ``glasses`` or not, thickened by ``bushy`` and arched by ``arched`` (slider
    strengths, −3..3; negative thins or flattens them). Pixels outside the box about the brows are
    bit-identical; so is the photo when both are 0 or no brow is found."""
    if not (bushy or arched):
        return photo
    frame, box, grid, brows = find(photo, np.asarray(points, np.float64), glasses)
    if not brows:
        return photo
    top, left, bottom, right = box
    shift = sum(brow.shift(*grid, bushy, arched) for brow in brows) * frame.length
    rows, columns = np.mgrid[top:bottom, left:right].astype(np.float32)
    moved = cv2.remap(photo, columns + shift * np.float32(frame.down[0]), rows + shift * np.float32(frame.down[1]),
                      cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    out = photo.copy()
    out[top:bottom, left:right] = np.where((shift != 0)[..., None], moved, photo[top:bottom, left:right])
    return out
