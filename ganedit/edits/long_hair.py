"""Long hair on a photo through the whole-frame models: hair that falls past the chin, beside the neck.

The face GAN sees only the box from the forehead to the chin, so its long-hair direction can only darken the
square about a face. The frame models (``frame_g``, ``frame_d``, ``frame_encoder``: 96×80 crops of CelebA's
aligned frame, from the top of the hair to the shoulders) draw hair down to the shoulders. The photo's own frame
(``faces.cut_frame``) is inverted and a copy of the frame G is tuned to it, as the face is (``prepare``: hybrid
inversion, then pivotal tuning, Roich et al. 2021). An edit's new hair (``new_hair``) is where G′(z′) differs
much from G′(z) (its largest channel's change, from none at ``REPLACE[0]`` grey levels to all at ``REPLACE[1]``),
nearer G′'s hair colour than what was there (``hair_like``), inside ``zone``: beside the face from the temples
down and past the chin beside the neck, never on the face, the forehead, the crown or the neck's front, fading
out before the frame's sides so that its box never shows, and below the frame (which ends about a third of a face
under the chin) continued by its lowest rows, fading out half a face-height under the chin. There the photo
shows G′(z′) enlarged (its share blurred more down than across: it falls in strands), behind the photo's skin
(ears, a hand, the neck: ``in_front``), its colours matched to the photo's (a gain and offset per channel over the
frame) and the new hair's mean colour moved to the photo's own hair colour (``hair.recolour``: G′'s strands, the
photo's colour), so grey hair grows grey; on the photo its outline is sharpened and the detail of the photo's own
hair is quilted into it (``hair_texture``, ``composite``). Opt-in (``ganedit.api.prepare_photo(frames=True)``):
fresh reviewers still preferred no change to it on most portraits (README, "Editing real photos").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np
import torch

from ganedit.data import FACE_IN_FRAME, FRAME_SIZE
from ganedit.edits import hair as hair_colour_edit, regions
from ganedit.edits.inversion import FaceModels, invert
from ganedit.edits.superres import upscale_array
from ganedit.edits.tuning import TuningSettings, tune_generator
from ganedit.faces import Alignment, cut_frame
from ganedit.imaging import LUMA, colour_match, to_tensor

# The frame ends a third of a face below the chin or less; the new hair's lowest rows are repeated this many frame
# pixels further down (long hair falls straight there), so it can reach half a face-height below the chin
BELOW = 24
CANVAS = (FRAME_SIZE[0] + BELOW, FRAME_SIZE[1])  # (H, W) in frame pixels: the frame and the rows below it
# the canvas's box (left, top, right, bottom) in the 64×64 face's pixels: the face is FACE_IN_FRAME of the frame
CANVAS_IN_FACE = (-FACE_IN_FRAME[0], -FACE_IN_FRAME[1], CANVAS[1] - FACE_IN_FRAME[0],
                  CANVAS[0] - FACE_IN_FRAME[1])
ATTRIBUTE = "long_hair"  # the slider drawn through the frame models on photos
UP = 4  # the frame is composited at 4× its 96×80 (the super-resolution model's scale)
INVERSION_STEPS = 30  # the hybrid inversion's steps on the frame, and the tuning's (the hair's place matters,
TUNING_STEPS = 25  # not the face's likeness: the face stays the photo's own)
REPLACE = (16.0, 40.0)  # grey levels of G′'s change: below the first no new hair, above the second all of it
TOP = (0.6, 0.2)  # shares of the brow-to-chin distance above the brows: new hair fades in between the two, where
# it meets the photo's own hair at the temples
REACH = (0.5, 0.8)  # shares of the brow-to-chin distance below the chin: new hair fades out between the two
NEAR = (0.2, 0.38)  # shares of the face's width (jaw end to jaw end) from the face and neck: new hair within the
# first, none beyond the second, so its outer edge follows the face's outline, never the frame's box; both
# scaled by BULGE from the temples down, narrow at the top and the ends, widest halfway, so that outline is curved
BULGE = (0.7, 1.3)
FACE_GAP = 0.05  # share of the face's width: new hair fades in over this outside the face and the neck
EDGE = 0.08  # share of the frame's width: new hair fades out over this inside the frame's sides
HAIR_SOFTNESS = 12.0  # CIELAB ΔE: a pixel is new hair as it comes this much nearer the hair's colour than the old
EDGE_SHARPEN = (0.15, 0.5)  # on the photo the share goes from 0 to 1 between these: G′'s soft outline sharpened
STRANDS = (0.5, 6.0)  # 64×64-face pixels: strands drawn into the new hair are noise blurred this much across, along
STRAND_CONTRAST = 0.2  # their luminance varies by about this share of the hair's (G′'s, enlarged, is smooth)
TEXTURE = (5.0, 1.5)  # 64×64-face pixels: the side of the patches of the photo's own hair quilted into the new
# hair, and the blur whose difference from the hair's luminance is its detail (strands, grain)
TEXTURE_CORE = 0.6  # patches are taken where the photo's hair map is above this all over them
TEXTURE_MIN = 20  # fewer places a patch may come from than this: no texture (the noise strands instead)
RECOLOURED = 0.05  # pixels with a larger share of new hair take the photo's hair colour (their mean, unweighted)
CHROMA_KEPT = 0.3  # share of G′'s own variation of a* and b* about their mean that new hair keeps (all of it marbled
# blond hair grey-green and mauve)
HOLES = 0.12  # share of the face's width: holes in the new hair up to about this wide are closed
ATTACHED = 0.1  # share of the face's width: a piece of new hair must come this near the face or the neck
FALL = (1.0, 6.0)  # frame pixels: the new hair's share is blurred this much across and down, so it falls straight in
# strands, not in G′'s blobs
STRETCH = 3  # the patches of the photo's own hair are stretched this many times down (long hair's strands are long)
SKIN_FRONT = (0.3, 0.7, 0.5)  # skin likelihoods: pixels from the first (none) to the second (all) stay in front of
# new hair (ears, a hand, the neck: the hair falls behind them); the likelihood is first blurred over the third
# (64×64-face pixels), so the skin's outline is smooth, not speckled
RAGGED = 0.4  # the strands' noise scales the share by 1 ± about this before sharpening: uneven tips, no straight edge

@dataclass
class FrameFace:
    """The photo's whole frame, ready for long hair: the pivot z [1,D] in the frame G's latent space, the frame
    G tuned to it (a user's own copy), the gain and offset per channel [2,3] taking G′'s colours to the
    photo's, the hair colour of the frame's cap (CIELAB [3], ``hair.frame_hair``; None when it shows none) and
    the room its hair has to grow, 0..1 (``ganedit.api.prepare_photo``: 1 − the attribute classifier's
    probability that it is long already), which scales the long-hair slider's positive moves."""

    z: torch.Tensor
    G: torch.nn.Module
    colour: np.ndarray
    hair: np.ndarray | None = None
    room: float = 1.0


def prepare(photo: np.ndarray, alignment: Alignment, models: FaceModels,
            progress: Callable[[float], None] | None = None) -> FrameFace:
    """Invert the photo's frame (uint8 [H,W,3] RGB photo; ``faces.cut_frame`` about ``alignment``) into the frame
    models' latent space (hybrid, INVERSION_STEPS) and tune a copy of their G to it (TUNING_STEPS);
    ``progress`` (optional) gets the share done, 0..1."""
    cut = cut_frame(photo, alignment.matrix)
    frame = to_tensor(cut)
    report = progress or (lambda share: None)
    z = invert(models, frame, "hybrid", steps=INVERSION_STEPS, starts=1, progress=lambda s: report(s / 2))
    tuned = tune_generator(models.G, models.D, frame, z, settings=TuningSettings(steps=TUNING_STEPS),
                           progress=lambda s: report(0.5 + s / 2))
    with torch.no_grad():
        image = tuned(z)[0].permute(1, 2, 0).numpy() * 127.5 + 127.5
    own = frame[0].permute(1, 2, 0).numpy() * 127.5 + 127.5
    return FrameFace(z, tuned, colour_match(image, own, np.ones(own.shape[:2], np.float32)),
                     hair_colour_edit.frame_hair(np.asarray(cut)))


def frame_points(points: np.ndarray) -> np.ndarray:
    """The landmarks [68,2] in pixels of the frame enlarged UP times, from ``points`` [68,2] in the 64×64 face's."""
    return (points - CANVAS_IN_FACE[:2]) * UP


def zone(points: np.ndarray) -> np.ndarray:
    """Where new long hair may fall, float32 [CANVAS·UP] in 0..1 on the enlarged canvas (landmarks [68,2] in
    its pixels): beside the face and the neck (``body``), within NEAR (times BULGE) of them, from the temples
    down (fading in between TOP of the brow-to-chin distance above the brows) to REACH of it below the chin,
    fading in over FACE_GAP off the face and the neck and out over EDGE inside the frame's sides."""
    height, width = CANVAS[0] * UP, CANVAS[1] * UP
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    brows, chin = points[regions.BROWS, 1].mean(), points[8, 1]
    span, face_width = chin - brows, float(np.linalg.norm(points[16] - points[0]))
    below_brows = regions.smoothstep((rows - brows + TOP[0] * span) / ((TOP[0] - TOP[1]) * span))
    end, fade = chin + REACH[1] * span, (REACH[1] - REACH[0]) * span
    above_end = regions.smoothstep((end - rows) / fade)
    gap = cv2.distanceTransform(1 - body(points, (height, width)), cv2.DIST_L2, 5) / face_width
    top = brows - TOP[0] * span
    bulge = BULGE[0] + (BULGE[1] - BULGE[0]) * np.sin(np.pi * np.clip((rows - top) / (end - top), 0, 1))
    near = regions.smoothstep((NEAR[1] * bulge - gap) / ((NEAR[1] - NEAR[0]) * bulge))
    near *= regions.smoothstep(gap / FACE_GAP)
    inside = regions.smoothstep(np.minimum(columns, width - 1 - columns) / (EDGE * width))
    return (below_brows * above_end * near * inside).astype(np.float32)


def body(points: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """uint8 [H,W], 1 on the whole face (``regions.whole_face``), the forehead and crown above it (up to the top)
    and the neck below it (the jaw line under the mouth, 5–11, and the same dropped by the brow-to-chin
    distance), where new hair never falls (the photo's own hair on the crown stays, and no fringe covers the
    forehead); landmarks [68,2] in pixels."""
    mask = np.zeros(shape, np.uint8)
    jaw, outline = points[5:12], regions.whole_face(points)
    neck = np.concatenate([jaw, jaw[::-1] + (0, points[8, 1] - points[regions.BROWS, 1].mean())])
    crown = np.concatenate([outline[17:], outline[17:][::-1] * (1, 0)])  # the brows raised to the frame's top
    for part in (outline, neck, crown):
        cv2.fillConvexPoly(mask, cv2.convexHull(np.round(part).astype(np.int32)), 1)
    return mask


@torch.no_grad()
def drawn(frame: FrameFace, z: torch.Tensor, sr_model: torch.nn.Module | None) -> np.ndarray:
    """G′(z) of the frame enlarged UP times (by the super-resolution model, bicubic when None), its colours
    matched to the photo's: float32 [96·UP, 80·UP, 3] in 0..255."""
    image = frame.G(z)[0].clamp(-1, 1).add(1).mul(127.5).round().byte().permute(1, 2, 0).numpy()
    if sr_model is None:
        image = cv2.resize(image, None, fx=UP, fy=UP, interpolation=cv2.INTER_CUBIC).astype(np.float32)
    else:
        image = upscale_array(sr_model, image).astype(np.float32)
    gain, offset = frame.colour
    return np.clip(image * gain + offset, 0, 255)


def new_hair(frame: FrameFace, z_edited: torch.Tensor, points: np.ndarray, hair_colour: np.ndarray | None,
             sr_model: torch.nn.Module | None) -> tuple[np.ndarray, np.ndarray]:
    """The new hair of the edited latent ``z_edited`` on the enlarged canvas (the frame and BELOW rows under it;
    landmarks ``points`` [68,2] in its pixels): (its colours, float32 [CANVAS·UP, 3] in 0..255; its share, float32
    [CANVAS·UP] in 0..1). The share is G′'s change (measured between bicubic enlargements, without the grain
    the super-resolution model invents) gated by REPLACE, times ``hair_like``, its lowest row repeated below the
    frame, inside ``zone(points)``; the colours are G′(z_edited) (``drawn``, its lowest row repeated too), where
    the share is above RECOLOURED their mean moved to ``hair_colour`` (CIELAB [3], the photo's own hair) when
    given."""
    before, after = (drawn(frame, z, None) for z in (frame.z, z_edited))
    change = cv2.GaussianBlur(np.abs(after - before).max(2), (0, 0), UP)
    share = np.clip((change - REPLACE[0]) / (REPLACE[1] - REPLACE[0]), 0, 1) * hair_like(before, after)
    region = zone(points)
    share = attached(extended(share) * region, points)
    share = cv2.GaussianBlur(share, (0, 0), sigmaX=FALL[0] * UP, sigmaY=FALL[1] * UP)
    share = np.minimum(share, region)  # neither closing holes nor the fall leaves the zone
    shown = extended(after if sr_model is None else drawn(frame, z_edited, sr_model))
    hair = share > RECOLOURED
    if hair_colour is not None and hair.any():
        moved = hair_colour_edit.recolour(shown[hair], np.ones(hair.sum(), np.float32),
                                          hair_colour_edit.Recolour(hair_colour))
        lab = regions.to_lab(moved)
        lab[:, 1:] = hair_colour[1:] + CHROMA_KEPT * (lab[:, 1:] - lab[:, 1:].mean(0))
        shown[hair] = hair_colour_edit.to_rgb(lab)
    return shown.astype(np.float32), share.astype(np.float32)


def attached(share: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The share of new hair (float32 [CANVAS·UP] in 0..1; landmarks [68,2] in its pixels) with its holes smaller
    than HOLES of the face's width closed (no ear or background showing through the hair in bits) and only
    the pieces (above 1/4) that come within ATTACHED of the face and the neck (``body``) kept: hair grows from
    the head, never floats beside it."""
    face_width = float(np.linalg.norm(points[16] - points[0]))
    closed = cv2.morphologyEx(share, cv2.MORPH_CLOSE, regions.disc(HOLES * face_width))
    near = cv2.dilate(body(points, share.shape), regions.disc(ATTACHED * face_width)) > 0
    keep = regions.touching(closed > 0.25, near)
    return (closed * cv2.GaussianBlur(keep.astype(np.float32), (0, 0), UP)).astype(np.float32)


def extended(layer: np.ndarray) -> np.ndarray:
    """A layer of the enlarged frame ([96·UP, 80·UP, ...]) with its lowest row repeated BELOW·UP times under it."""
    return np.concatenate([layer, np.repeat(layer[-1:], BELOW * UP, axis=0)])


def hair_like(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """How much each pixel of ``after`` (float [h,w,3] RGB 0..255: G′'s edited frame, enlarged) shows its hair
    rather than what ``before`` (G′'s frame of the photo) showed there: 0..1 as the pixel's CIELAB distance to
    the hair's colour (``hair.frame_hair`` of ``after``: the median of its cap above the face, off the skin's and
    the background's colours) falls below its distance to ``before``'s pixel, over HAIR_SOFTNESS; float32
    [h,w]. All 1 when ``after`` shows no hair on its cap."""
    small = cv2.resize(after, FRAME_SIZE[::-1], interpolation=cv2.INTER_AREA)
    colour = hair_colour_edit.frame_hair(small.round().astype(np.uint8))
    if colour is None:
        return np.ones(after.shape[:2], np.float32)
    lab, old = regions.to_lab(after), regions.to_lab(before)
    closer = np.linalg.norm(lab - old, axis=2) - np.linalg.norm(lab - colour, axis=2)
    return regions.smoothstep(closer / HAIR_SOFTNESS + 0.5).astype(np.float32)


def in_front(skin: np.ndarray, face_pixel: float) -> np.ndarray:
    """What stays in front of new hair, float32 [h,w] in 0..1, from the skin likelihood of the photo's pixels there
    (float32 [h,w], ``regions.skin_likelihood``; ``face_pixel`` photo pixels to the 64×64 face's pixel):
    SKIN_FRONT."""
    smooth = cv2.GaussianBlur(skin, (0, 0), SKIN_FRONT[2] * face_pixel)
    return regions.smoothstep((smooth - SKIN_FRONT[0]) / (SKIN_FRONT[1] - SKIN_FRONT[0]))


def composite(box: np.ndarray, shown: np.ndarray, share: np.ndarray, face_pixel: float,
              texture: np.ndarray | None = None, front: np.ndarray | None = None) -> np.ndarray:
    """Photo pixels ``box`` (float32 [h,w,3] 0..255) with the new hair of colours ``shown`` (float32 [h,w,3]) at
    ``share`` (float32 [h,w] in 0..1), both warped onto them: float32 [h,w,3]. The hair gets the photo's
    resolution of detail: ``texture`` (float32 [h,w], grey levels added: ``hair_texture``, the photo's own hair)
    or, without it, strands of fixed noise (the same at every render) blurred STRANDS along the photo's columns
    (long hair falls down) and across them, ``face_pixel`` photo pixels to the 64×64 face's pixel, scaling the
    colours' luminance by about STRAND_CONTRAST. The noise also scales the share by about RAGGED (uneven tips and
    edges) before it is sharpened (EDGE_SHARPEN). ``front`` (float32 [h,w] in 0..1, optional): what stays in front
    of the hair (the skin of the ears, a hand, the neck). Where the share is 0 the box comes back as it was."""
    noise = np.random.default_rng(0).standard_normal(share.shape).astype(np.float32)
    blurred = cv2.GaussianBlur(noise, (0, 0), sigmaX=STRANDS[0] * face_pixel, sigmaY=STRANDS[1] * face_pixel)
    strands = np.tanh(blurred / (blurred.std() + 1e-6))  # about −1..1
    ragged = share * (1 + RAGGED * strands)
    alpha = regions.smoothstep((ragged - EDGE_SHARPEN[0]) / (EDGE_SHARPEN[1] - EDGE_SHARPEN[0]))
    alpha = (alpha if front is None else alpha * (1 - front))[..., None]
    if texture is None:
        hair = shown * (1 + STRAND_CONTRAST * strands)[..., None]
    else:
        hair = shown + texture[..., None]
    return box * (1 - alpha) + hair * alpha


def hair_texture(photo: np.ndarray, hair: np.ndarray, shape: tuple[int, int], face_pixel: float
                 ) -> np.ndarray | None:
    """The detail of the photo's own hair (``photo`` float32 [H,W,3] 0..255, the photo or the box of it that holds
    the hair; ``hair`` float32 [H,W] in 0..1, its hair map there) quilted over an area of ``shape`` (h, w):
    float32 [h,w] in grey levels about 0, or None when the hair offers under TEXTURE_MIN places for a patch. The
    detail is the luminance less its blur over TEXTURE[1] face pixels (``face_pixel`` photo pixels each); square
    patches TEXTURE[0] face pixels wide (at least 8 px), cut STRETCH times shorter and stretched down to square
    (long hair's strands are long), from places where the hair map is above TEXTURE_CORE all over them, chosen at
    random (fixed seed) on a grid of half their side and blended with a Hann window (image quilting in the spirit
    of Efros and Freeman 2001, without its seam cut), so new hair has the person's own strands and grain at the
    photo's resolution."""
    patch = max(8, round(TEXTURE[0] * face_pixel))
    step = patch // 2
    tall = max(2, patch // STRETCH)  # rows of the photo's hair stretched over a patch's
    core = cv2.erode((hair > TEXTURE_CORE).astype(np.uint8), np.ones((tall, patch), np.uint8),
                     borderType=cv2.BORDER_CONSTANT, borderValue=0)
    rows, columns = np.nonzero(core)
    if len(rows) < TEXTURE_MIN:
        return None
    luminance = photo @ LUMA
    detail = luminance - cv2.GaussianBlur(luminance, (0, 0), TEXTURE[1] * face_pixel)
    window = np.outer(*(2 * (np.hanning(patch + 2)[1:-1],))).astype(np.float32)
    out, weight = np.zeros(shape, np.float32), np.full(shape, 1e-3, np.float32)
    places = [(y, x) for y in range(-step, shape[0], step) for x in range(-step, shape[1], step)]
    for (top, left), chosen in zip(places, np.random.default_rng(0).integers(len(rows), size=len(places))):
        row, column = rows[chosen] - tall // 2, columns[chosen] - step
        source = cv2.resize(detail[row:row + tall, column:column + patch], (patch, patch)) * window
        y0, x0, y1, x1 = max(top, 0), max(left, 0), min(top + patch, shape[0]), min(left + patch, shape[1])
        inside = (slice(y0 - top, y1 - top), slice(x0 - left, x1 - left))
        out[y0:y1, x0:x1] += source[inside]
        weight[y0:y1, x0:x1] += window[inside]
    return out / weight
