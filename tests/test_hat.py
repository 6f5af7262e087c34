"""A knit hat drawn on a photo: over the forehead and the top of the head, lit as the face is, nothing else changed."""
import numpy as np
import pytest

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import hairline, hat
from ganedit.edits.regions import to_lab

NO_HAIR = (np.zeros((1, 1), np.float32), (0, 0, 1, 1))


@pytest.fixture(scope="module")
def drawn(photo):
    image, points = photo
    rgb = np.asarray(image)
    knit = hat.Hat.of(rgb, points, NO_HAIR)
    return rgb, points, knit, knit.on(rgb, 2.0)


def _lightness(rgb: np.ndarray, point: np.ndarray) -> float:
    column, row = np.round(point).astype(int)
    return float(to_lab(rgb[row - 2:row + 3, column - 2:column + 3]).mean((0, 1))[0])


def test_the_hat_covers_the_upper_forehead_and_leaves_the_face_and_the_rest_of_the_photo(drawn):
    rgb, points, knit, worn = drawn
    frame = hairline.frame_of(points)
    for down in (-0.5, -0.75):  # above the cuff's lower edge, below the top: the knit's charcoal, not the photo
        above = frame.to_photo(np.array(0.0), np.array(down))
        assert abs(_lightness(worn, above) - hat.COLOUR[0]) < 12 < abs(_lightness(rgb, above) - hat.COLOUR[0])
    changed = np.abs(worn.astype(int) - rgb).max(2) > 0
    for point in (*points[36:48], points[30], points[8]):  # the eyes, the nose's tip, the chin
        column, row = np.round(point).astype(int)
        assert not changed[row, column]
    top, left, bottom, right = knit.box
    outside = np.ones(changed.shape, bool)
    outside[top:bottom, left:right] = False
    assert changed.any() and not changed[outside].any()


def test_the_slider_sets_how_opaque_the_hat_is(drawn):
    rgb, points, knit, worn = drawn
    assert np.array_equal(knit.on(rgb, 0.0), rgb) and np.array_equal(knit.on(rgb, 5.0), worn)
    above = hairline.frame_of(points).to_photo(np.array(0.0), np.array(-0.6))
    half = _lightness(knit.on(rgb, hat.FULL / 2), above)
    assert min(_lightness(rgb, above), _lightness(worn, above)) + 5 < half < max(_lightness(rgb, above),
                                                                                  _lightness(worn, above)) - 5


def test_the_hat_is_lit_from_the_side_the_face_is_lit_from(photo):
    image, points = photo
    rgb = np.asarray(image).astype(float)
    middle = int(points[27, 0])
    rgb[:, :middle] *= 0.6  # the left half in shadow: the light comes from the right
    knit = hat.Hat.of(rgb.astype(np.uint8), points, NO_HAIR)
    frame = hairline.frame_of(points)
    top, left = knit.box[:2]
    left_side, right_side = (_lightness(knit.paint, frame.to_photo(np.array(x), np.array(-0.5)) - (left, top))
                             for x in (-0.8, 0.8))
    assert right_side > left_side + 3


def test_render_photo_draws_the_hat_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    assert np.array_equal(np.asarray(render_photo(prepared, {"wearing_hat": 2})), prepared.hat.on(prepared.photo, 2))
