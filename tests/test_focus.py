"""Blurry blurs the whole photo and, negative, sharpens it, in the face's own scale."""
import cv2
import numpy as np

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import focus


def _sharpness(rgb: np.ndarray) -> float:
    """The variance of the photo's Laplacian (grey levels²)."""
    return float(cv2.Laplacian(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var())


def test_blurry_blurs_the_whole_photo_and_negative_sharpens_it(photo):
    image, points = photo
    rgb = np.asarray(image)
    before = _sharpness(rgb)
    assert _sharpness(focus.focused(rgb, points, 2.0)) < 0.5 * before
    assert _sharpness(focus.focused(rgb, points, -2.0)) > 1.5 * before
    assert focus.focused(rgb, points, 0.0) is rgb
    corner = focus.focused(rgb, points, 2.0)[:20, :20]  # the plain background far from the face stays as it was
    assert np.abs(corner.astype(int) - rgb[:20, :20]).max() <= 1


def test_render_photo_blurs_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    expected = focus.focused(prepared.photo, prepared.landmarks_on_photo(), 1.5)
    assert np.array_equal(np.asarray(render_photo(prepared, {"blurry": 1.5})), expected)
