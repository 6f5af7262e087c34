"""The skin's texture on a photo: its wrinkles and creases smoothed (a younger look) or deepened (an older one), its
pores, grain and shading kept.

Frequency separation, as retouchers smooth skin: the lightness between two Gaussian blurs (FINE and COARSE, shares of
the face's width; a difference of Gaussians) holds the wrinkles, creases, bags and blotches; what is finer (pores,
stubble, the photo's grain) and what is coarser (the face's shading and light) stay. That band is taken away by
``amount`` (0.7: 70% of it) or, for a negative amount, added as much again, soft-clipped at CLIP so that the strong
edges in it (the jaw's or the nose's shadow) hardly change. Only the face's own skin changes: inside the whole face's
outline (``regions.whole_face``), where the skin's likelihood is above SKIN, off the eyes, the brows and the lips
(grown by KEPT_OFF), the mask softened over SOFT. G′'s young direction, enlarged from 64×64, painted orange and pale
patches about the eyes of a photo instead (session 45).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits import hairline, regions

SMOOTHING = "smooth_skin"  # the strength of ``Wrinkles.on`` among the sliders' (``photo.COMPOSED``); not a slider
AMOUNT = (-1.0, 0.9)  # the smoothing's least and most amount (1 would flatten the skin like plastic)
FINE, COARSE = 0.002, 0.02  # shares of the face's width: the band's finer and coarser blur (sigmas)
CLIP = 12.0  # grey levels: the band is soft-clipped here (x / (1 + |x| / CLIP))
SKIN = 0.3  # the skin's likelihood (``regions.skin_likelihood``) above which a pixel is skin
KEPT_OFF = 0.04  # shares of the face's width: the eyes, brows and lips are left alone this far about them
SOFT = 0.015  # shares of the face's width: the mask's softening (sigma)
BOX = ((-1.15, 1.15), (-0.45, 1.1))  # the face's frame (across, down; ``hairline.Frame``): the box worked on


@dataclass(frozen=True)
class Wrinkles:
    """The band of a face's skin that holds its wrinkles (``Wrinkles.of``), so that a slider move only adds it: the
    photo's ``box`` (top, left, bottom, right) about the face and the band there, soft-clipped and masked to the
    face's skin (``band``, float32 [h,w], grey levels)."""

    box: tuple[int, int, int, int]
    band: np.ndarray

    @classmethod
    def of(cls, photo: np.ndarray, points: np.ndarray) -> "Wrinkles | None":
        """The wrinkles' band of the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given on
        ``photo`` (uint8 [H,W,3]); None where the box about it lies off the photo."""
        points = np.asarray(points, np.float64)
        frame = hairline.frame_of(points)
        box = frame.box(np.array(BOX[0] * 2), np.array([BOX[1][0]] * 2 + [BOX[1][1]] * 2), photo.shape[:2])
        top, left, bottom, right = box
        if bottom <= top or right <= left:
            return None
        pixels = photo[top:bottom, left:right].astype(np.float32)
        width = 2 * frame.width
        lightness = pixels.mean(2)
        band = (cv2.GaussianBlur(lightness, (0, 0), max(0.6, FINE * width))
                - cv2.GaussianBlur(lightness, (0, 0), COARSE * width))
        return cls(box, band / (1 + np.abs(band) / CLIP) * face_skin(pixels, points - (left, top), width))

    def on(self, photo: np.ndarray, amount: float) -> np.ndarray:
        """``photo`` (uint8 [H,W,3], the photo this was found on, perhaps edited since) with the skin smoothed by
        ``amount`` (0..1: the share of the band taken away) or, negative, deepened (−1: the band doubled). Pixels
        whose change rounds to nothing, off the face's skin among them, are bit-identical; so is the photo at 0."""
        if not amount:
            return photo
        top, left, bottom, right = self.box
        change = -amount * self.band
        changed = np.abs(change) >= 0.5
        pixels = photo[top:bottom, left:right]
        out = photo.copy()
        out[top:bottom, left:right] = np.where(changed[..., None],
                                               np.clip(np.rint(pixels + change[..., None]), 0, 255), pixels)
        return out


def face_skin(pixels: np.ndarray, points: np.ndarray, width: float) -> np.ndarray:
    """The face's own skin on a box of a photo (``pixels`` [h,w,3], 0..255; landmarks [68,2] in its pixels; the
    face ``width`` pixels wide): float32 [h,w] in 0..1, inside the whole face's outline where the skin's likelihood
    is above SKIN, off the eyes, the brows and the lips (KEPT_OFF), softened over SOFT (but 0 within half KEPT_OFF of
    them)."""
    shape = pixels.shape[:2]
    features = np.zeros(shape, np.float32)
    for part in (points[36:42], points[42:48], points[48:60]):
        features = np.maximum(features, regions.hull(part, shape))
    for brow in (points[17:22], points[22:27]):  # dlib's points lie along a brow's upper edge
        cv2.polylines(features, [np.round(brow + (0, KEPT_OFF * width / 2)).astype(np.int32)], False, 1.0,
                      max(1, round(KEPT_OFF * width)))
    skin = regions.skin_likelihood(pixels, points) > SKIN
    inside = regions.hull(regions.whole_face(points), shape) * skin
    kept = cv2.dilate(features, regions.disc(KEPT_OFF * width))
    softened = cv2.GaussianBlur((inside * (1 - kept)).astype(np.float32), (0, 0), SOFT * width)
    return softened * (1 - cv2.dilate(features, regions.disc(KEPT_OFF * width / 2)))  # none at all near them
