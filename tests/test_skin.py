"""The skin's wrinkles smoothed or deepened, and young and male made of edits drawn on the photo."""
import cv2
import numpy as np
import pytest

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import photo, regions, skin

SKIN = (200, 160, 140)


@pytest.fixture(scope="module")
def wrinkled(photo):
    """Plain skin with the ``photo`` fixture's face outline, fine dark lines over the cheeks (wrinkles) and dark
    eyes; the landmarks [68,2]."""
    _, points = photo
    rgb = np.full((340, 300, 3), SKIN, np.uint8)
    for row in range(int(points[29, 1]), int(points[33, 1]), 4):
        for side in ((points[2, 0] + 6, points[31, 0] - 8), (points[35, 0] + 8, points[14, 0] - 6)):
            cv2.line(rgb, (int(side[0]), row), (int(side[1]), row), (170, 130, 110), 1)
    for eye in (points[36:42], points[42:48]):
        cv2.fillPoly(rgb, [np.round(eye).astype(np.int32)], (30, 30, 30))
    return rgb, points


def _cheek_spread(rgb: np.ndarray, points: np.ndarray) -> float:
    rows = slice(int(points[29, 1]), int(points[33, 1]))
    return float(rgb[rows, int(points[2, 0]) + 8:int(points[31, 0]) - 10].astype(float).mean(2).std())


def test_smoothing_fades_the_wrinkles_and_a_negative_amount_deepens_them_leaving_the_eyes(wrinkled):
    rgb, points = wrinkled
    wrinkles = skin.Wrinkles.of(rgb, points)
    before = _cheek_spread(rgb, points)
    smoothed, deepened = wrinkles.on(rgb, 0.9), wrinkles.on(rgb, -1.0)
    assert _cheek_spread(smoothed, points) < 0.8 * before and _cheek_spread(deepened, points) > 1.2 * before
    for out in (smoothed, deepened):
        changed = (out != rgb).any(2)
        for part in (points[36:42], points[42:48], points[48:60]):  # the eyes and the lips
            assert not changed[regions.hull(part, changed.shape) > 0].any()
        assert not changed[:, :int(points[0, 0]) - 5].any() and not changed[int(points[8, 1]) + 5:].any()
    assert wrinkles.on(rgb, 0.0) is rgb


def test_young_and_male_stand_for_the_edits_they_are_made_of():
    assert photo.composed({"young": 2.0}) == {skin.SMOOTHING: 2 * photo.COMPOSED["young"][1][skin.SMOOTHING]}
    female = photo.composed({"male": -2.0, "wearing_lipstick": 1.0, "smiling": 1.0})
    assert "male" not in female and female["smiling"] == 1.0
    assert female["wearing_lipstick"] == pytest.approx(1.0 + 2 * photo.COMPOSED["male"][-1]["wearing_lipstick"])
    assert female["arched_eyebrows"] > 0 > female["bushy_eyebrows"]
    assert photo.composed({"male": 0.0}) == {}


def test_render_photo_smooths_the_skin_for_young_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    expected = prepared.wrinkles.on(prepared.photo, 0.9)
    assert np.array_equal(np.asarray(render_photo(prepared, {"young": 2.0})), expected)
