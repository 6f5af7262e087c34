"""How an edited photo looks, in numbers a user's eye agrees with: colour, seams and texture.

An identity distance and an attribute classifier cannot see a pale mask painted over a dark face or the
square edge of the aligned crop; these measures can. Each compares the photo with its edit (uint8
[H,W,3], same size) over a part of the face drawn from dlib's 68 landmarks in the photo's pixels:
- the face's **interior**: the hull of the brows, eyes, nose and mouth (landmarks 17–67);
- the **whole face**: the hull of the jaw line (0–16) and the brows (17–26) raised by a fifth of the
  brow-to-chin distance, which takes in the lower forehead (``regions.whole_face``);
- the **forehead's skin**: above the brows, up to FOREHEAD_SPAN of the brow-to-chin distance, the pixels whose
  colour in the photo is the cheeks' (CIELAB a*, b* within SKIN_HUE of the median of the cheeks and the nose, L*
  from SKIN_DARKER below it to SKIN_LIGHTER above: a highlight or a bald scalp is skin, hair is darker or of
  another hue), where a hair edit must change nothing (a recolouring that reaches past the hairline paints a
  pale or yellow band on the forehead, which the whole face, ending at the lower forehead, does not take in);
- the **whole face's skin**: the whole face's pixels of the cheeks' colour, as on the forehead (``skin_in``): hair
  that falls over the face's sides lies within the whole face, and recolouring it moves the whole face's colour but
  none of its skin's (session 62);
- **beside the neck**: from the chin down half a face-height (brows to chin), on either side of the neck
  (between the jaw's ends and its landmarks 4 and 12, widened outward by a quarter of the face's width),
  where long hair falling past the chin shows.

Over the whole face the largest local change of hue (CIELAB a*, b*, averaged over a few hundredths of the face's
width) finds a blotch that the mean colour misses: G′'s orange eye corners and pale patches (session 45).

A warp that moves the photo's own pixels (a smile) is also measured by how it stretches them: the share of
the whole face whose local area grew past WARP_AREA[1] times or shrank below WARP_AREA[0] (a rippled or folded
warp), from the optical flow between the edit and the photo. A recolouring (a hair colour) is also measured by its
outline: the share of it that is a dark rim, darker than both the recoloured inside and the photo beyond (black hair
turned blond that keeps a dark outline on a light background reads as a wig), or a light rim, lighter than both (the lit
outline of background of the hair's colour recoloured beside the head, session 67), and of another hue than any mixture
of the two (``fringe``: blond that met a blue curtain in lilac, session 66), and by how wide a glow it lit on the
background beside it (``halo``: a pale fog round black hair turned blond before a dark wall, session 68), and by what it
left behind: the share of its envelope (what it changed, closed over LEFT_CLOSE of the face's width) still as it was
(brown hair's highlights left brown inside the blond read as pink and green streaks), and what it left beside the face:
the share of the face's sides (within the jaw line and brows, off the interior but for the brows' outer ends, above the
nose's base) of the old hair's colour left as it was, in parts touching what it changed (``left_beside``: black locks
beside the eyes of a face whose hair turned blond, session 62) and at the temples (``left_at_temples``: the skull's rim
beside the head, off the skin: grey or black sides under a top turned blond, session 69), and by whether hair that curls
every way still does: the rise of the hair's coherence (``ganedit.edits.strands.hair_coherence``: how much it runs one
way) over what it changed, where the photo's hair curls (lightened coily hair drawn in long streaks reads as a combed
helmet), and by whether the hair's deep shade stays as deep (``lifted_shade``: shade under a lock lifted to a flat
mid-grey reads as a grey patch in the blond, session 67). Hair drawn on a photo (long hair's curtains, a fringe) is also
measured by how sharp it is next to the photo's own hair: the spread of its Laplacian over what the edit painted over by
more than DRAWN_CHANGE grey levels, off the photo's own hair, over that spread over the photo's own hair (drawn strands
three times as sharp as a small blurry photo's own hair read as fur or painted streaks, session 37), and by how much of
what lies under it shows through: the correlation of its Laplacian with the photo's there (session 38). On a photo with
other faces, an edit of one is also measured on the others' heads (``other_heads``), where it must change nothing."""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from ganedit.edits import strands
from ganedit.edits.hair import to_luminance
from ganedit.edits.matting import local_mean
from ganedit.edits.regions import BROWS, EYES, JAW, MOUTH, NOSE, off_up, skull_polar, to_lab, touching, whole_face

SEAM_SHARE = 0.5  # a straight edge at least this share of the face's width long counts as a seam
# unless it lies this share of its length or more on an edge of the photo itself: blond +2 stopping at the straight
# outline of img86's and img97's hair against the background read as seams (session 62)
SEAM_OWN = 0.5
WARP_AREA = (0.6, 1.6)  # a pixel's area scaled outside these by an edit's warp is torn: ripples, folds
WARP_WINDOW, WARP_SMOOTH = 0.08, 0.02  # shares of the face's width: the flow's averaging window, its smoothing
WARP_DETAIL = 0.02  # share of the face's width: the flow is found on detail finer than this (``structure``)
# a recolouring's outline is where the change exceeds RIM_CHANGE grey levels; measured in units of RIM_BAND of the
# face's width, its edge is the band RIM_EDGE units either side of it, compared with the inside and the outside
# between RIM_SIDES units from it; it is a dark rim where the edge is RIM_APART grey levels darker than both sides, a
# light rim where it is as much lighter
RIM_CHANGE, RIM_BAND, RIM_EDGE, RIM_SIDES, RIM_APART = 12.0, 0.01, 2, (3, 8), 15.0
# a halo (``halo``): pixels an edit lightened by HALO_LIGHT L* or more whose colour in the photo lay within HALO_LIKE
# (CIELAB ΔE) of the local colour of the photo beyond what it touched (changed by more than HALO_TOUCHED ΔE; that colour
# sampled HALO_RING units of RIM_BAND out, averaged over HALO_SPREAD units): the background itself, lit up beside the
# hair
HALO_LIGHT, HALO_LIKE, HALO_TOUCHED, HALO_RING, HALO_SPREAD = 6.0, 6.0, 2.0, (3, 8), 4
# ... and, within FRINGE_RING units of it, a fringe of another hue where a pixel's a*, b* lie FRINGE from those of the
# nearest mixture of the two sides, where those lie FRINGE_APART apart (``fringe``)
FRINGE_RING, FRINGE, FRINGE_APART, FRINGE_STEPS = 6, 8.0, 25.0, 21
# a recolouring's envelope is what it changed by more than RIM_CHANGE closed over LEFT_CLOSE of the face's width; the
# pixels in it changed by RIM_CHANGE or less (in specks of 3×3 pixels or more) are left behind, counted only where
# the recolouring's median change is LEFT_FLOOR times RIM_CHANGE or more (hair already of the colour barely changes)
LEFT_CLOSE, LEFT_FLOOR = 0.03, 3.0
# CIELAB ΔE: a pixel of the face's sides this close to the old hair's colour (the median of what a recolouring changed,
# as it was) and left as it was, in a part touching what it changed, is hair left beside the face (``left_beside``)
SIDE_HAIR = 12.0
TEMPLES = (0.8, 1.15, 30.0, 115.0)  # the temples' part of the skull's rim (``left_at_temples``)
# CIELAB: a recoloured pixel whose a* or b* lies below this is of a hue no hair has (teal, green or blue: blond turned
# black kept teal strands, session 54)
COLD = -2.0
BLOTCH_BLUR = 0.03  # share of the face's width: the hue change is averaged over about this before its largest is taken
# a recoloured pixel whose local a*, b* (over BLOTCH_BLUR of the face's width) lie OFF_COLOUR CIELAB units or more from
# those around it (over OFF_AROUND times as far) is in a patch of another colour (``off_colour``)
OFF_COLOUR, OFF_AROUND = 5.0, 4.0
FOREHEAD_SPAN = 0.6  # the forehead reaches this share of the brow-to-chin distance above the brows
SKIN_HUE, SKIN_DARKER, SKIN_LIGHTER = 8.0, 12.0, 35.0  # CIELAB: how far a skin pixel's colour lies from the cheeks'
FOREHEAD_PIXELS = 50  # fewer skin pixels than this (a fringe hides the forehead): nothing to measure
DRAWN_CHANGE, DRAWN_PIXELS = 30.0, 200  # grey levels: drawn over; fewer pixels (drawn or own hair): not measured
# jaw widths: another face's head reaches this far beside, above and below its landmarks (wider, it took in img99's
# father's own long hair falling beside the baby he holds)
OTHER_HEAD = (0.3, 0.8, 1.0)
# L*: a pixel of the photo's own hair that a recolouring changed, this far or further below the median of those
# pixels, is the hair's deep shade (``lifted_shade``), measured where at least SHADE_SHARE of them is (a few pixels of
# shade at a hairline are not seen)
SHADE_DEPTH, SHADE_SHARE = 15.0, 0.02
# skull radii (``regions.skull_polar``): above the skull's middle, what a recolouring changes further out than this is
# beyond the head and its hair (``beyond_head``: background of the hair's colour the hair map took in; set on blond +2
# before session 57's trimmed hair map: img78's sign, img70's column and img83's shelves 13–14% of the change above
# the skull's middle, img80's big hair 5%, every other portrait under 3%)
BEYOND = 1.8


def outline_mask(points: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """bool [H,W]: inside the convex hull of ``points`` [K,2] (x, y in pixels)."""
    hull = cv2.convexHull(np.round(points).astype(np.int32))
    return cv2.fillConvexPoly(np.zeros(shape, np.uint8), hull, 1).astype(bool)


def face_parts(landmarks: np.ndarray, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """The measured parts of the face as bool masks [H,W]: "interior", "whole face" and "beside the neck"."""
    return {"interior": outline_mask(landmarks[17:], shape), "whole face": outline_mask(whole_face(landmarks), shape),
            "beside the neck": beside_the_neck(landmarks, shape)}


def forehead_skin(photo: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
    """bool [H,W]: the forehead's skin in the photo (uint8 [H,W,3]; see the module docstring), from the hull of
    the brows and the brows raised FOREHEAD_SPAN of the brow-to-chin distance along the face's axis (``skin_in``)."""
    brows = landmarks[BROWS]
    forehead = np.concatenate([brows, brows + FOREHEAD_SPAN * (brows.mean(0) - landmarks[8])])
    return skin_in(photo, landmarks, outline_mask(forehead, photo.shape[:2]))


def skin_in(photo: np.ndarray, landmarks: np.ndarray, part: np.ndarray) -> np.ndarray:
    """bool [H,W]: the pixels of ``part`` (bool [H,W]) whose colour in the photo (uint8 [H,W,3]) is the skin's: a*, b*
    within SKIN_HUE of the median of the cheeks and the nose (the hull of landmarks 1–3, 13–15 and 27–35, without the
    eyes and mouth), L* from SKIN_DARKER below it to SKIN_LIGHTER above; none on a face too small to sample."""
    shape = photo.shape[:2]
    cheeks = outline_mask(landmarks[np.r_[1:4, 13:16, NOSE]], shape)
    for eyes_or_mouth in (EYES[:6], EYES[6:], MOUTH):
        cheeks &= ~outline_mask(landmarks[eyes_or_mouth], shape)
    if not cheeks.any():
        return np.zeros(shape, bool)
    centre = np.median(to_lab(photo[cheeks]), 0)
    lab = to_lab(photo[part]) - centre  # only the pixels judged: a large photo's whole CIELAB is slow
    skin = part.copy()
    lighter, hue = lab[:, 0], np.hypot(lab[:, 1], lab[:, 2])
    skin[part] = (hue <= SKIN_HUE) & (-SKIN_DARKER <= lighter) & (lighter <= SKIN_LIGHTER)
    return skin


def beside_the_neck(landmarks: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """bool [H,W]: two bands below the chin, one each side of the neck, drawn along the face's own axis."""
    chin, brows = landmarks[8], landmarks[17:27].mean(0)
    down = (chin - brows) / np.linalg.norm(chin - brows)
    across = np.array([-down[1], down[0]])
    height, width = np.linalg.norm(chin - brows), np.linalg.norm(landmarks[16] - landmarks[0])
    mask = np.zeros(shape, bool)
    for outer, inner, side in ((landmarks[0], landmarks[4], -1), (landmarks[16], landmarks[12], 1)):
        near, far = (inner - chin) @ across, (outer - chin) @ across + side * width / 4
        corners = [chin + a * across + d * down for a in (near, far) for d in (0, height / 2)]
        mask |= outline_mask(np.array(corners), shape)
    return mask


def other_heads(landmarks: np.ndarray, others: Sequence[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """bool [H,W]: the heads of the photo's other people (landmarks [68,2] of each of ``others``): each face's
    landmarks' box grown by OTHER_HEAD of its jaw's width beside it, above and below it (hair, dreadlocks falling
    past the chin), where it lies nearer that box's centre than this face's (``landmarks``) box's."""
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]]
    mine = (landmarks.min(0) + landmarks.max(0)) / 2
    heads = np.zeros(shape, bool)
    for face in others:
        (left, top), (right, bottom) = face.min(0), face.max(0)
        width = np.ptp(face[:17, 0])
        side, above, below = np.multiply(OTHER_HEAD, width)
        centre = ((left + right) / 2, (top + bottom) / 2)
        box = (columns >= left - side) & (columns <= right + side) & (rows >= top - above) & (rows <= bottom + below)
        heads |= box & (np.hypot(columns - centre[0], rows - centre[1]) < np.hypot(columns - mine[0], rows - mine[1]))
    return heads


def mean_change(photo: np.ndarray, edited: np.ndarray, inside: np.ndarray) -> float:
    """Mean |edited − photo| over the pixels and channels inside the mask, in grey levels (0–255)."""
    return float(np.abs(edited[inside].astype(float) - photo[inside]).mean())


def colour_shift(photo: np.ndarray, edited: np.ndarray, inside: np.ndarray) -> float:
    """How far the mask's mean colour moved: the largest of the R, G, B differences, in grey levels."""
    return float(np.abs(edited[inside].astype(float).mean(0) - photo[inside].astype(float).mean(0)).max())


def blotch(photo: np.ndarray, edited: np.ndarray, inside: np.ndarray, face_width: float) -> float:
    """The largest local change of hue inside the mask: the CIELAB a*, b* difference between edit and photo,
    blurred over BLOTCH_BLUR of the face's width, its largest length there (chroma units). G′'s whole-face
    directions enlarged onto a photo painted orange eye corners and pale patches (session 45) that moved the
    mask's mean colour by under 2 grey levels."""
    sigma = BLOTCH_BLUR * face_width
    difference = to_lab(edited) - to_lab(photo)
    hue = [cv2.GaussianBlur(difference[..., channel], (0, 0), sigma) for channel in (1, 2)]
    return float(np.hypot(*hue)[inside].max()) if inside.any() else 0.0


def detail_ratio(photo: np.ndarray, edited: np.ndarray, inside: np.ndarray) -> float:
    """Variance of the Laplacian of the grey edit ÷ that of the grey photo, inside the mask: 1 keeps the
    photo's texture, below 1 smooths it, above 1 adds edges."""
    return float(laplacian(edited)[inside].var() / max(laplacian(photo)[inside].var(), 1e-6))


def laplacian(rgb: np.ndarray) -> np.ndarray:
    """float32 [H,W]: the Laplacian of the grey of RGB pixels (uint8 [H,W,3])."""
    return cv2.Laplacian(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), cv2.CV_32F)


def straight_seams(photo: np.ndarray, edited: np.ndarray, face_width: float) -> int:
    """How many straight edges of at least SEAM_SHARE of ``face_width`` (pixels) the map of the change has that the
    photo does not: the edges (Canny) of |edited − photo| blurred by a fiftieth of the face's width, then the
    probabilistic Hough transform, less the segments that lie for SEAM_OWN or more of their length on an edge of the
    photo itself (blurred alike, within that blur's width): the outline of what was changed, hair against a wall. A
    square patch pasted over the photo has four; a change that fades along a curved outline, or stops at the photo's
    own straight edge, has none."""
    blur = max(1.0, face_width / 50)
    change = _edges(_change(photo, edited), blur, gain=8)
    length = SEAM_SHARE * face_width
    lines = cv2.HoughLinesP(change, 1, np.pi / 360, threshold=int(length / 2), minLineLength=length, maxLineGap=2)
    if lines is None:
        return 0
    side = 2 * round(blur) + 1
    own = cv2.dilate(_edges(cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY), blur), np.ones((side, side), np.uint8)) > 0
    return int(sum(_along(own, *line[0]) < SEAM_OWN for line in lines))


def _edges(grey: np.ndarray, blur: float, gain: float = 1.0) -> np.ndarray:
    """uint8 [H,W], 0 or 255: the Canny edges of ``grey`` (float or uint8 [H,W], 0..255) blurred by ``blur`` pixels,
    times ``gain`` (clipped to 0..255)."""
    blurred = cv2.GaussianBlur(np.asarray(grey, np.float32), (0, 0), blur)
    return cv2.Canny(np.clip(blurred * gain, 0, 255).astype(np.uint8), 20, 60)


def _along(mask: np.ndarray, x1: int, y1: int, x2: int, y2: int) -> float:
    """The share (0..1) of the segment from (x1, y1) to (x2, y2) (pixels, inside ``mask``, bool [H,W]) on ``mask``."""
    steps = max(abs(x2 - x1), abs(y2 - y1)) + 1
    rows, columns = (np.linspace(a, b, steps).round().astype(int) for a, b in ((y1, y2), (x1, x2)))
    return float(mask[rows, columns].mean())


def torn_share(photo: np.ndarray, edited: np.ndarray, inside: np.ndarray, face_width: float) -> float:
    """The share of the mask's pixels whose area the edit scaled outside WARP_AREA: the Jacobian determinant
    of the dense optical flow (Farnebäck 2003, OpenCV's) from the edit back to the photo, smoothed over
    WARP_SMOOTH of ``face_width``, between the images' ``structure`` (the flow assumes that a pixel keeps its
    brightness: on the grey images a smile's shading alone, which moves nothing, read as torn on 2 of 45 portraits).
    0 for an edit that moves nothing or moves it smoothly."""
    grey = [structure(rgb, face_width) for rgb in (edited, photo)]
    window = max(5, int(WARP_WINDOW * face_width)) | 1
    flow = cv2.calcOpticalFlowFarneback(*grey, None, 0.5, 3, window, 3, 5, 1.1, 0)
    flow = cv2.GaussianBlur(flow, (0, 0), max(1.0, WARP_SMOOTH * face_width))
    return folded_share(flow, inside)


def folded_share(flow: np.ndarray, inside: np.ndarray) -> float:
    """The share (0..1) of ``inside`` (bool [S,S]) whose area a warp scales outside WARP_AREA, by its own backward
    flow (float32 [S,S,2], x then y, pixels; e.g. ``api.shape_warp``): the Jacobian determinant of p ↦ p + flow[p].
    Exact where ``torn_share``'s optical flow is blind: on smooth skin a fold (the warp cut off along the edge of a
    mask) shows as a crease or a bump that no texture follows (``img67``'s cheek below the mouth's corner, session 70).
    0 for a warp that moves nothing or moves it smoothly; 0 for an empty ``inside``."""
    if not inside.any():
        return 0.0
    (dx_dy, dx_dx), (dy_dy, dy_dx) = (np.gradient(flow[..., i]) for i in range(2))
    area = ((1 + dx_dx) * (1 + dy_dy) - dx_dy * dy_dx)[inside]
    return float(((area < WARP_AREA[0]) | (area > WARP_AREA[1])).mean())


def structure(rgb: np.ndarray, face_width: float) -> np.ndarray:
    """uint8 [H,W]: the log luminance of ``rgb`` (uint8 [H,W,3]) less its blur over WARP_DETAIL of ``face_width``
    (pixels), about 128: where things lie, not how they are lit (shading scales the luminance, a shift of its
    log that varies slowly)."""
    grey = np.log1p(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32))
    detail = grey - cv2.GaussianBlur(grey, (0, 0), max(1.0, WARP_DETAIL * face_width))
    return np.clip(128 + 255 * detail, 0, 255).astype(np.uint8)


def recoloured(photo: np.ndarray, edited: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where an edit of ``photo`` into ``edited`` (uint8 [H,W,3]) recoloured it: each pixel's largest channel change
    (float32 [H,W], grey levels) and the pixels changed by more than RIM_CHANGE, opened over 3×3 pixels (uint8
    [H,W], 0 or 1: single pixels of noise left out)."""
    change = _change(photo, edited)
    return change, cv2.morphologyEx((change > RIM_CHANGE).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))


def cold_cast(photo: np.ndarray, edited: np.ndarray) -> float:
    """The share (0..1) of what a recolouring changed (``recoloured``) that it turned teal, green or blue, which no
    hair is: its CIELAB a* or b* below COLD in ``edited`` where it was not in ``photo`` (a photo's own cool white
    balance, ``img69``'s grey hair at b* −6, is not the edit's). 0 for an edit that changes nothing."""
    _, changed = recoloured(photo, edited)
    if not changed.any():
        return 0.0
    before, after = to_lab(photo[changed > 0]), to_lab(edited[changed > 0])
    return float(((after[:, 1:] < COLD) & (before[:, 1:] >= COLD)).any(1).mean())


def off_colour(photo: np.ndarray, edited: np.ndarray, face_width: float) -> float:
    """The share (0..1) of what a recolouring changed (``recoloured``), less the band BLOTCH_BLUR of ``face_width``
    wide along its outline, that lies in a patch of another colour: its local a*, b* (averaged over BLOTCH_BLUR of the
    face's width, within what it changed) OFF_COLOUR or more from those around it (averaged OFF_AROUND times as far).
    Black hair's broad sheen turned blond was a greenish-grey blotch on img46's temple (session 64); a slow change of
    tone along the hair is not a patch. 0 for an edit that changes nothing."""
    _, changed = recoloured(photo, edited)
    sigma = BLOTCH_BLUR * face_width
    side = 2 * max(1, round(sigma)) + 1
    inside = cv2.erode(changed, np.ones((side, side), np.uint8)) > 0
    if not inside.any():
        return 0.0
    hue, what = to_lab(edited)[..., 1:], changed.astype(np.float32)

    def local(spread: float) -> np.ndarray:  # the mean a*, b* [N,2] of what it changed, about each inside pixel
        return local_mean(hue, what, spread)[0][inside]
    return float((np.linalg.norm(local(sigma) - local(OFF_AROUND * sigma), axis=1) >= OFF_COLOUR).mean())


def rims(photo: np.ndarray, edited: np.ndarray, face_width: float) -> tuple[float, float]:
    """The shares (0..1) of a recolouring's outline that are a dark rim and a light rim: along the edge of where the
    edit changed the photo by more than RIM_CHANGE (RIM_EDGE units of RIM_BAND of ``face_width`` either side of it),
    the edge's local mean luminance lies RIM_APART or more below both the changed inside's and the outside's beside it
    (between RIM_SIDES units from the outline; local means Gaussian-weighted over three units), so an outline left
    dark, or darkened, shows however thick it is; or as much above both: the lightened outline of background of the
    hair's colour recoloured beside the head, img39's medallion and img77's wall, or of a headband taken for hair,
    img26's (session 67). 0 and 0 for an edit that changes nothing."""
    _, changed = recoloured(photo, edited)
    if not changed.any():
        return 0.0, 0.0
    band = max(1, round(RIM_BAND * face_width))
    grow = lambda mask, times: cv2.dilate(mask, _square(band, times))
    shrink = lambda mask, times: cv2.erode(mask, _square(band, times))
    edge = grow(changed, RIM_EDGE) & (1 - shrink(changed, RIM_EDGE))
    near, far = RIM_SIDES
    inside, outside = shrink(changed, near) & (1 - shrink(changed, far)), grow(changed, far) & (1 - grow(changed, near))
    light = cv2.cvtColor(edited, cv2.COLOR_RGB2GRAY).astype(np.float32)

    def local(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # mean light about each pixel, weight
        mean, weight = local_mean(light[..., None], mask.astype(np.float32), 3 * band)
        return mean[..., 0], weight
    (light_in, near_in), (light_out, near_out), (light_edge, _) = local(inside), local(outside), local(edge)
    measured = (edge > 0) & (near_in > 0.05) & (near_out > 0.05)
    if not measured.any():
        return 0.0, 0.0
    dark = np.minimum(light_in, light_out) - light_edge >= RIM_APART
    lit = light_edge - np.maximum(light_in, light_out) >= RIM_APART
    return float(dark[measured].mean()), float(lit[measured].mean())


def halo(photo: np.ndarray, edited: np.ndarray, face_width: float) -> float:
    """How wide a halo an edit lit on the background beside what it changed, in units of RIM_BAND of ``face_width``
    (pixels): the count of the pixels it lightened (HALO_LIGHT) that were, in the photo, of the local colour beyond all
    it touched (HALO_LIKE), over the length of the outline of what it lightened. A pale glow round hair turned blond
    against a plain dark background (img43's, img17's; session 68) is about 0.3–0.7 of a unit wide over the whole
    outline; the mixed pixels of a clean edge, lightened by their share of hair, are not of the background's colour.
    Blind to a glow on a textured background, whose pixels lie far from their local mean. 0 for an edit that
    lightens nothing."""
    before, after = to_lab(photo), to_lab(edited)
    lighter = (after[..., 0] - before[..., 0] >= HALO_LIGHT).astype(np.uint8)
    if not lighter.any():
        return 0.0
    band = max(1.0, RIM_BAND * face_width)
    touched = (np.abs(after - before).max(-1) > HALO_TOUCHED).astype(np.uint8)
    out = cv2.distanceTransform(1 - touched, cv2.DIST_L2, 5) / band
    beyond, near = local_mean(before, ((out > HALO_RING[0]) & (out <= HALO_RING[1])).astype(np.float32),
                              HALO_SPREAD * band)
    lit = (lighter > 0) & (np.linalg.norm(before - beyond, axis=-1) < HALO_LIKE) & (near > 0.05)
    outline = lighter - cv2.erode(lighter, np.ones((3, 3), np.uint8))
    return float(lit.sum() / max(int(outline.sum()), 1) / band)


def fringe(photo: np.ndarray, edited: np.ndarray, face_width: float) -> float:
    """The share (0..1) of a recolouring's outline, what it changed (``recoloured``) within FRINGE_RING units of
    RIM_BAND of ``face_width`` of its edge, whose hue no mixture of the two sides makes: the pixel's CIELAB a*, b*
    (its colour averaged over a unit) lie FRINGE or more from those of every RGB mixture (the compositing model, as
    light mixes on the sensor; FRINGE_STEPS shares from 0 to 1) of the local colours of the changed inside (from
    FRINGE_RING to twice as deep) and of the unchanged outside (from RIM_SIDES[0] units out to FRINGE_RING), each
    averaged over FRINGE_RING units, where those lie FRINGE_APART or more apart (CIELAB ΔE; nearer, hair met hair of
    about its colour: no edge). Blond met a blue background in lilac where the mixed pixels' hue was mixed in CIELAB
    (blue's a* is positive: ``img85``, session 66). 0 for an edit that changes nothing."""
    _, changed = recoloured(photo, edited)
    band = max(1, round(RIM_BAND * face_width))
    ring = changed & (1 - cv2.erode(changed, _square(band, FRINGE_RING)))
    inside = cv2.erode(changed, _square(band, FRINGE_RING)) & (1 - cv2.erode(changed, _square(band, 2 * FRINGE_RING)))
    outside = cv2.dilate(changed, _square(band, FRINGE_RING)) & (1 - cv2.dilate(changed, _square(band, RIM_SIDES[0])))
    colour = edited.astype(np.float32)
    (inner, near_in), (outer, near_out) = (local_mean(colour, side.astype(np.float32), FRINGE_RING * band)
                                           for side in (inside, outside))
    measured = (ring > 0) & (near_in > 0.05) & (near_out > 0.05)
    measured[measured] = np.linalg.norm(to_lab(inner[measured]) - to_lab(outer[measured]), axis=1) >= FRINGE_APART
    if not measured.any():
        return 0.0
    pixel = cv2.GaussianBlur(colour, (0, 0), band)[measured]
    return float((off_mixtures(pixel, inner[measured], outer[measured]) >= FRINGE).mean())


def off_mixtures(colours: np.ndarray, one: np.ndarray, other: np.ndarray) -> np.ndarray:
    """How far the hue of each RGB colour of ``colours`` ([N,3], 0..255) lies from every RGB mixture of ``one`` and
    ``other`` ([N,3] each, or [3] for all): the CIELAB a*, b* distance [N] to the nearest of FRINGE_STEPS mixtures
    (shares 0 to 1 of ``other``)."""
    one, other = np.asarray(one, np.float32), np.asarray(other, np.float32)
    shares = np.linspace(0, 1, FRINGE_STEPS, dtype=np.float32)[:, None]
    mixtures = to_lab(one[..., None, :] + shares * (other - one)[..., None, :])[..., 1:]  # [N,steps,2] or [steps,2]
    return np.linalg.norm(mixtures - to_lab(np.asarray(colours, np.float32))[:, None, 1:], axis=-1).min(1)


def _square(band: int, units: int) -> np.ndarray:
    """A square structuring element reaching ``units`` bands of ``band`` pixels each way (uint8)."""
    return np.ones((2 * band * units + 1,) * 2, np.uint8)


def left_behind(photo: np.ndarray, edited: np.ndarray, face_width: float) -> float:
    """The share (0..1) of a recolouring's envelope (where the edit of ``photo`` into ``edited``, uint8 [H,W,3],
    changed a channel by more than RIM_CHANGE, closed over LEFT_CLOSE of ``face_width`` pixels) left as it was, in
    specks of at least 3×3 pixels: patches of the old colour inside the new. 0 where the edit changes nothing or
    its median change is under LEFT_FLOOR times RIM_CHANGE."""
    change, changed = recoloured(photo, edited)
    if not changed.any() or np.median(change[changed > 0]) < LEFT_FLOOR * RIM_CHANGE:
        return 0.0
    side = 2 * max(1, round(LEFT_CLOSE * face_width)) + 1
    envelope = cv2.morphologyEx(changed, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side)))
    left = cv2.morphologyEx(envelope & (1 - changed), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return float(left.sum() / envelope.sum())


def left_beside(photo: np.ndarray, edited: np.ndarray, landmarks: np.ndarray) -> float:
    """The share (0..1) of the face's sides (within the jaw line and the brows, off the interior less the brows' outer
    ends, 17 and 26, which dark hair often hides, above the nose's base; landmarks [68,2] in the photo's pixels) that a
    recolouring of ``photo`` into ``edited`` (uint8 [H,W,3]) left of the old hair's colour (``old_hair_left``): dark
    hair left beside the eyes of a face whose hair turned blond."""
    shape = photo.shape[:2]
    sides = outline_mask(landmarks[np.r_[JAW, BROWS]], shape) & ~outline_mask(landmarks[np.r_[18:26, 27:68]], shape)
    sides[max(0, int(landmarks[33, 1])):] = False
    return old_hair_left(photo, edited, sides)


def left_at_temples(photo: np.ndarray, edited: np.ndarray, landmarks: np.ndarray) -> float:
    """The share (0..1) of the temples that a recolouring of ``photo`` into ``edited`` (uint8 [H,W,3]) left of the old
    hair's colour (``old_hair_left``): grey or black hair left at the sides of a head whose top turned blond, a cap
    over a two-tone head. The temples: the skull's rim beside the head (``regions.skull_polar``: from TEMPLES[0] to
    TEMPLES[1] skull radii out, from TEMPLES[2] to TEMPLES[3] degrees off straight up), off the hull of the jaw line and
    the brows and off the skin (``skin_in``; landmarks [68,2] in the photo's pixels)."""
    radius, angle, _ = skull_polar(landmarks, photo.shape[:2])
    beside = off_up(angle)
    rim = (radius > TEMPLES[0]) & (radius < TEMPLES[1]) & (beside > TEMPLES[2]) & (beside < TEMPLES[3])
    rim &= ~outline_mask(landmarks[np.r_[JAW, BROWS]], photo.shape[:2])
    return old_hair_left(photo, edited, rim & ~skin_in(photo, landmarks, rim))


def old_hair_left(photo: np.ndarray, edited: np.ndarray, part: np.ndarray) -> float:
    """The share (0..1) of ``part`` (bool [H,W]) that a recolouring of ``photo`` into ``edited`` (uint8 [H,W,3]) left
    of the old hair's colour (within SIDE_HAIR of the median of what it changed by more than RIM_CHANGE, as it was) in
    parts touching what it changed, in specks of at least 3×3 pixels. 0 where the part is empty, the edit changes
    nothing or its median change is under LEFT_FLOOR times RIM_CHANGE."""
    change, changed = recoloured(photo, edited)
    if not part.any() or not changed.any() or np.median(change[changed > 0]) < LEFT_FLOOR * RIM_CHANGE:
        return 0.0
    old = np.median(to_lab(photo[changed > 0]), 0)
    left = np.zeros(part.shape, np.uint8)
    left[part] = (np.linalg.norm(to_lab(photo[part]) - old, axis=1) < SIDE_HAIR) & (changed[part] == 0)
    left = cv2.morphologyEx(left, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    return float(touching(left, cv2.dilate(changed, np.ones((3, 3), np.uint8)) > 0).sum() / part.sum())


def combed_curls(photo: np.ndarray, edited: np.ndarray, face_width: float) -> float:
    """How much a recolouring of ``photo`` into ``edited`` (uint8 [H,W,3]) made hair that curls every way run one
    way: the rise (0 at least) of ``strands.hair_coherence`` from the photo to the edit over what it changed by
    more than RIM_CHANGE, read as the strands are drawn (the face at most strands.MAX_FACE pixels wide, at
    strands.ORIENTATION_SCALE of it), where the photo's hair curls (its coherence at most strands.CURLS[0]); 0
    elsewhere, and for an edit that changes nothing."""
    _, changed = recoloured(photo, edited)
    if not changed.any():
        return 0.0
    scale = min(1.0, strands.MAX_FACE / max(face_width, 1.0))
    small = lambda rgb: cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    hair, sigma = small(changed.astype(np.float32)) > 0.5, strands.ORIENTATION_SCALE * face_width * scale
    before, after = (strands.hair_coherence(to_lab(small(rgb))[..., 0], hair, sigma) for rgb in (photo, edited))
    return max(after - before, 0.0) if before <= strands.CURLS[0] else 0.0


def drawn_sharpness(photo: np.ndarray, edited: np.ndarray, hair: np.ndarray) -> float:
    """How sharp hair drawn on the photo is next to the photo's own (``hair``, bool [H,W]): the standard deviation
    of the grey edit's Laplacian over what it drew (``_drawn``), over the photo's over its hair (eroded by 2
    pixels, away from edges). 1 where under DRAWN_PIXELS pixels of either show (nothing drawn, or no hair of the
    photo's)."""
    return drawn_hair(photo, edited, hair)[0]


def show_through(photo: np.ndarray, edited: np.ndarray, hair: np.ndarray) -> float:
    """How much of what lies under drawn hair shows through it: the correlation (-1..1) of the edit's grey
    Laplacian with the photo's over what it drew (``_drawn``; off the photo's own ``hair``, bool [H,W]). About 0
    when the drawing's grain is its own; the photo's detail taken as grain drew a collar's or a necklace's lines
    through the hair (session 38). 0 where under DRAWN_PIXELS pixels are drawn."""
    return drawn_hair(photo, edited, hair)[1]


def drawn_hair(photo: np.ndarray, edited: np.ndarray, hair: np.ndarray) -> tuple[float, float]:
    """``drawn_sharpness`` and ``show_through`` of one edit (``hair``, bool [H,W]: the photo's own), what it
    drew and the two Laplacians computed once."""
    drawn, own = _drawn(photo, edited, hair), _inside(hair)
    if drawn.sum() < DRAWN_PIXELS:
        return 1.0, 0.0
    new, old = laplacian(edited), laplacian(photo)
    sharpness = float(new[drawn].std() / max(old[own].std(), 1e-6)) if own.sum() >= DRAWN_PIXELS else 1.0
    new, old = new[drawn], old[drawn]
    return sharpness, float(np.corrcoef(new, old)[0, 1]) if new.std() > 1e-6 and old.std() > 1e-6 else 0.0


def _drawn(photo: np.ndarray, edited: np.ndarray, hair: np.ndarray) -> np.ndarray:
    """bool [H,W]: what the edit changed by more than DRAWN_CHANGE grey levels (any channel) off the photo's own
    ``hair`` (bool [H,W]), eroded by 2 pixels (away from edges)."""
    return _inside((_change(photo, edited) > DRAWN_CHANGE) & ~hair)


def beyond_head(photo: np.ndarray, edited: np.ndarray, landmarks: np.ndarray) -> float:
    """The share (0..1) of the pixels an edit changed by more than RIM_CHANGE grey levels above the skull's middle
    (``regions.skull_polar``; dlib's 68 ``landmarks`` [68,2] in the photo's pixels) that lie more than BEYOND skull
    radii out: a recolouring spilt onto the background beside or above the head (0 where it changed nothing there)."""
    radius, _, down = skull_polar(landmarks, photo.shape[:2])
    changed = (_change(photo, edited) > RIM_CHANGE) & (down < 0)
    return float((radius[changed] > BEYOND).mean()) if changed.any() else 0.0


def lifted_shade(photo: np.ndarray, edited: np.ndarray, hair: np.ndarray) -> float:
    """How far a recolouring lifted the hair's deep shade towards its light: over the pixels of the photo's own ``hair``
    (bool [H,W]) that it changed by more than RIM_CHANGE grey levels, those SHADE_DEPTH L* or more below their median
    in the photo; their median luminance (CIE 1976 Y) over the median pixel's, in the edit ÷ in the photo (1: as deep
    as it was; blond +2 before session 67 lifted the shade beside img53's neck 3.7 times: a flat grey-blue patch). 1.0
    where under SHADE_SHARE of what it changed is deep shade."""
    changed = hair & (_change(photo, edited) > RIM_CHANGE)
    if not changed.any():
        return 1.0
    before, after = to_lab(photo[changed].astype(np.float32))[:, 0], to_lab(edited[changed].astype(np.float32))[:, 0]
    deep = before <= np.median(before) - SHADE_DEPTH
    if deep.mean() < SHADE_SHARE:
        return 1.0
    depth = [np.median(to_luminance(lightness[deep])) / to_luminance(np.median(lightness))
             for lightness in (before, after)]
    return float(depth[1] / depth[0])


def _change(photo: np.ndarray, edited: np.ndarray) -> np.ndarray:
    """Each pixel's largest channel change from ``photo`` to ``edited`` (uint8 [H,W,3]): float32 [H,W], grey levels."""
    return np.abs(edited.astype(np.float32) - photo).max(2)


def _inside(mask: np.ndarray) -> np.ndarray:
    """bool [H,W]: ``mask`` eroded by 2 pixels."""
    return cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0


def look(photo: np.ndarray, edited: np.ndarray, landmarks: np.ndarray, hair: np.ndarray | None = None,
         others: Sequence[np.ndarray] = ()) -> dict[str, float]:
    """Every measure for one edit: mean |change| and colour shift of the interior, colour shift (also of its skin alone,
    ``skin_in``; NaN where the face is too small to sample), detail ratio and largest local hue change (``blotch``) of
    the whole face, the colour shift of the forehead's skin (0 where under FOREHEAD_PIXELS of it show), the count of
    straight seams, the share of the whole face a warp tore, the share of the change's outline that is a dark rim and a
    light rim (``rims``), how wide a halo it lit on the background (``halo``), the share of what it recoloured of a
    hue no hair has and in patches of another colour
    (``off_colour``), the share of its envelope left behind, the share of the face's sides it left of the old hair's
    colour (``left_beside``), how much it combed curling hair, mean |change| beside the neck, the share of its change
    beyond the head (``beyond_head``), how far it lifted the hair's deep shade (``lifted_shade``; 1 when ``hair`` is
    None), how sharp drawn hair is next to the photo's own and how much of the photo shows through it (``hair``, bool
    [H,W]: the photo's own hair; 1 and 0 when None), and the mean |change| on the heads of the photo's other people
    (``other_heads``; ``others``: their landmarks; NaN without them)."""
    parts = face_parts(landmarks, photo.shape[:2])
    heads = other_heads(landmarks, others, photo.shape[:2])
    face_width = float(np.linalg.norm(landmarks[16] - landmarks[0]))
    skin, face_skin = forehead_skin(photo, landmarks), skin_in(photo, landmarks, parts["whole face"])
    return {"interior change": mean_change(photo, edited, parts["interior"]),
            "interior colour shift": colour_shift(photo, edited, parts["interior"]),
            "face colour shift": colour_shift(photo, edited, parts["whole face"]),
            "face skin colour shift": colour_shift(photo, edited, face_skin) if face_skin.any() else float("nan"),
            "face detail ratio": detail_ratio(photo, edited, parts["whole face"]),
            "blotch": blotch(photo, edited, parts["whole face"], face_width),
            "forehead skin colour shift": colour_shift(photo, edited, skin) if skin.sum() >= FOREHEAD_PIXELS else 0.0,
            "straight seams": straight_seams(photo, edited, face_width),
            "torn warp": torn_share(photo, edited, parts["whole face"], face_width),
            **dict(zip(("dark rim", "light rim"), rims(photo, edited, face_width))),
            "fringe": fringe(photo, edited, face_width),
            "halo": halo(photo, edited, face_width),
            "cold cast": cold_cast(photo, edited),
            "off colour": off_colour(photo, edited, face_width),
            "left behind": left_behind(photo, edited, face_width),
            "left beside": left_beside(photo, edited, landmarks),
            "left at the temples": left_at_temples(photo, edited, landmarks),
            "combed curls": combed_curls(photo, edited, face_width),
            "change beside the neck": mean_change(photo, edited, parts["beside the neck"]),
            "beyond the head": beyond_head(photo, edited, landmarks),
            "lifted shade": 1.0 if hair is None else lifted_shade(photo, edited, hair),
            "change on other people": mean_change(photo, edited, heads) if heads.any() else float("nan"),
            **dict(zip(("drawn sharpness", "show-through"),
                       (1.0, 0.0) if hair is None else drawn_hair(photo, edited, hair)))}
