"""A smile's light and shade on the cheeks, from shape-free prototypes (Tiddeman, Burt and Perrett 2001,
"Prototyping and transforming facial textures for perception research"; Rowland and Perrett 1995).

A smile is more than its mouth: the cheeks rise and catch the light, creases deepen from the nose's wings past
the mouth's corners, the lower lids bulge. The smile's warp (``photo.smile_flow``) moves the photo's own pixels
and changes none of that light. ``SmileShading`` (``ganedit.train.smile_shading``) holds how L* changes from a
person's neutral faces to their smiling ones, each face first warped to the mean shape, so the change lies where
the cheeks and creases are rather than where the mouths happened to be. On a photo that change is warped from the
mean shape onto the face's landmarks after the smile (a thin-plate spline), kept to the cheeks (``cheeks``: off the
lips, the eyes, the brows and the face's outline), made zero-mean over the face's interior (the face keeps its tone)
and scaled by how far the smile raised the mouth's corners, as far as the prototypes' corners rose; it scales each
pixel's L* only, so the skin's hue and chroma stay the photo's own.
"""
from __future__ import annotations

import cv2
import numpy as np
from scipy.interpolate import RBFInterpolator

from ganedit.edits import photo, regions
from ganedit.edits.hair import to_rgb
from ganedit.models.attributes import SmileShading

SPLINE_SMOOTHING = 1.0  # the thin-plate spline's smoothing (pixels at the prototypes' 64 px), as in training
# the smile's texture changes SHADING_GAIN times as far as the prototypes' did for the same rise of the mouth's
# corners (as a share of its width; at +2 the portraits' corners rise about three times as far as the prototypes'),
# at most SHADING_CAP times the prototypes' change. On the 45 portraits without a smile the classifier saw a smile
# on 23 with no shading, 29 at 0.6, 31 at 0.8; a fresh reviewer shown the three on 16 of them preferred 0.6 on 7
# (and tied it with none on 2 more), none on 2, 0.8 on none: its cheeks read as contour make-up or a flush
SHADING_GAIN, SHADING_CAP = 0.6, 3.0
# shares of the crop's side: the face's outline keeps its light EDGE_KEPT deep, fading over as much again (there
# the prototypes differ in shape, not light: smiling faces are wider); the lips and eyes, grown by KEPT_OUT, too
EDGE_KEPT, KEPT_OUT = 0.08, 0.03


def moved(image: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``image`` (float32 [S,S] or [S,S,C]) whose landmarks lie at ``source`` [K,2] (pixels), warped so that they
    lie at ``target`` [K,2]: a thin-plate spline (Bookstein 1989; SciPy's RBFInterpolator) from the target points
    to the source points tells each pixel where to sample (bilinear; the border repeated)."""
    size = len(image)
    spline = RBFInterpolator(target, source, kernel="thin_plate_spline", smoothing=SPLINE_SMOOTHING)
    grid = np.mgrid[0:size, 0:size][::-1].reshape(2, -1).T.astype(np.float64)  # x, y of each pixel
    where = spline(grid).reshape(size, size, 2).astype(np.float32)
    return cv2.remap(image, where[..., 0], where[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def cheeks(points: np.ndarray, size: int) -> np.ndarray:
    """Where a smile's shading goes on an aligned face of side ``size`` (landmarks [68,2] in its pixels): float32
    [size,size] in 0..1, the whole face (``regions.whole_face``) but EDGE_KEPT of the side along its outline, from
    below the brows down to the lower lip's middle (dlib 57), without the lips and the eyes (their hulls grown by
    KEPT_OUT of the side); each edge fades over as much again."""
    rows = np.arange(size, dtype=np.float32)[:, None]
    fade = KEPT_OUT * size
    band = np.clip((rows - points[regions.BROWS, 1].max()) / fade, 0, 1) * np.clip((points[57, 1] - rows) / fade, 0, 1)
    kept = [regions.hull(points[part], size) for part in (regions.MOUTH[:12], regions.EYES[:6], regions.EYES[6:])]
    outside = regions.smoothstep(regions.distance_outside(np.maximum.reduce(kept)) / fade - 1)
    depth = regions.distance_outside(1 - regions.hull(regions.whole_face(points), size))  # how deep inside the face
    inward = regions.smoothstep(depth / (EDGE_KEPT * size) - 1)
    return (inward * band * outside).astype(np.float32)


def smile_texture(model: SmileShading, points: np.ndarray, rise: float, size: int) -> np.ndarray:
    """The factor − 1 by which a smile scales each pixel's L* on an aligned face of side ``size``: float32
    [size,size], 0 off the ``cheeks``. ``points``: the face's landmarks [68,2] after the smile (pixels at
    ``size``, ``photo.smiled_points``); ``rise``: how far the smile raised the mouth's corners, as a share of the
    mouth's width (negative: lowered). Its mean over the face's interior (the hull of landmarks 17–67) is 0."""
    scale = model.config.size / size
    at = points * scale
    texture = moved(model.texture.numpy(), model.mean_shape.numpy(), at)
    part = cheeks(at, model.config.size)
    interior = regions.hull(at[17:], model.config.size).astype(np.float32)
    layer = part * (texture - (texture * part * interior).sum() / max(float((part * interior).sum()), 1e-6))
    amount = np.clip(SHADING_GAIN * rise / float(model.rise), -SHADING_CAP, SHADING_CAP)
    return cv2.resize(amount * layer, (size, size), interpolation=cv2.INTER_LINEAR)


def shade(image: np.ndarray, matrix: np.ndarray, texture: np.ndarray) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with each pixel's L* scaled by 1 + ``texture`` (float32 [S,S] on the aligned
    face, ``smile_texture``; ``matrix`` maps the photo to the 64×64 face), its a* and b* kept. Pixels where the
    texture is 0 are bit-identical."""
    factor, (top, left, bottom, right) = photo.to_photo(texture, matrix, image.shape[:2], trim=True)
    box = image[top:bottom, left:right]
    lab = regions.to_lab(box)
    lab[..., 0] = np.clip(lab[..., 0] * (1 + factor), 0, 100)
    out = image.copy()
    out[top:bottom, left:right] = np.where(factor[..., None] != 0, np.rint(to_rgb(lab)), box)
    return out
