"""Focus on a photo: the blurry slider defocuses the whole photo (positive) or sharpens it (negative).

CelebA's "blurry" is a property of the picture, not of the face, and G′'s direction, enlarged from 64×64 onto the face
alone, could only soften the face inside its outline. Here a positive slider blurs the whole photo by a Gaussian
(BLUR face widths per unit of slider), a negative one sharpens it by an unsharp mask (SHARPEN), both in the face's
own scale, so a large photo and its preview look alike.
"""
from __future__ import annotations

import cv2
import numpy as np

ATTRIBUTE = "blurry"
BLUR = 0.005  # face widths per unit of slider: the Gaussian's standard deviation
SHARPEN = (0.5, 0.004)  # per unit of slider, the unsharp mask's amount; its Gaussian's standard deviation (face widths)


def focused(photo: np.ndarray, points: np.ndarray, strength: float) -> np.ndarray:
    """``photo`` (uint8 [H,W,3]) blurred by ``strength`` (0..3; BLUR) or, negative, sharpened (−3..0; SHARPEN), in
    the scale of the face whose dlib landmarks on the photo are ``points`` [68,2] (pixels). Unchanged at 0."""
    width = float(np.linalg.norm(points[16] - points[0]))
    if strength > 0:
        return cv2.GaussianBlur(photo, (0, 0), max(BLUR * strength * width, 0.1))
    if strength < 0:
        soft = cv2.GaussianBlur(photo, (0, 0), max(SHARPEN[1] * width, 0.1))
        return cv2.addWeighted(photo, 1 - SHARPEN[0] * strength, soft, SHARPEN[0] * strength, 0)
    return photo
