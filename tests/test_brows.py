"""Bushy and arched eyebrows warp the photo's own brows: thicker or thinner, more or less arched, nothing else."""
import cv2
import numpy as np
import pytest

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import brows, hairline

SKIN, BROW, EYE = (200, 160, 140), (60, 45, 40), (30, 30, 30)


@pytest.fixture(scope="module")
def browed(photo):
    """Plain skin with two dark brows 0.04 brows-to-chin distances thick just below their landmarks, and the eyes
    dark; the ``photo`` fixture's landmarks [68,2], twice as far apart (a face 360 pixels wide), the brows' raised
    by 0.06 brows-to-chin distances (G's face has them low, nearly on the eyes)."""
    points = photo[1] * 2
    length = hairline.frame_of(points).length
    points[17:27, 1] -= 0.06 * length
    rgb = np.full((680, 600, 3), SKIN, np.uint8)
    thick = round(0.04 * length)
    for part in (points[17:22], points[22:27]):
        cv2.polylines(rgb, [np.round(part + (0, thick / 2)).astype(np.int32)], False, BROW, thick)
    for eye in (points[36:42], points[42:48]):
        cv2.fillPoly(rgb, [np.round(eye).astype(np.int32)], EYE)
    return rgb, points


def _brow_rows(rgb: np.ndarray, column: float, points: np.ndarray) -> np.ndarray:
    """The rows of brow-coloured pixels in ``column``, above the eyes."""
    above = int(points[36:48, 1].min()) - 2
    dark = np.abs(rgb[:above, round(column)].astype(int) - BROW).max(1) < 40
    return np.flatnonzero(dark)


def test_bushy_thickens_the_brows_and_negative_thins_them_leaving_the_eyes_and_the_rest(browed):
    rgb, points = browed
    columns = (points[19, 0], points[24, 0])
    before = [len(_brow_rows(rgb, column, points)) for column in columns]
    for strength, low, high in ((2.0, 1.3, 2.0), (-2.0, 0.4, 0.85)):
        shaped = brows.shaped(rgb, points, bushy=strength)
        after = [len(_brow_rows(shaped, column, points)) for column in columns]
        assert all(low * b <= a <= high * b for a, b in zip(after, before)), (strength, before, after)
        changed = np.abs(shaped.astype(int) - rgb).max(2) > 0
        assert changed.any()
        for eye in (points[36:42], points[42:48]):
            assert not changed[int(eye[:, 1].min()) - 1:int(eye[:, 1].max()) + 2,
                               int(eye[:, 0].min()):int(eye[:, 0].max())].any()
        assert not changed[int(points[29, 1]):].any()  # nothing below the nose's bridge


def test_arched_raises_the_brows_peak_and_not_its_inner_end(browed):
    rgb, points = browed
    shaped = brows.shaped(rgb, points, arched=2.0)
    for inner, peak in ((points[21], points[18]), (points[22], points[25])):
        rise = [_brow_rows(rgb, x, points).min() - _brow_rows(shaped, x, points).min() for x in (inner[0], peak[0])]
        assert rise[1] >= 2 and rise[1] > rise[0], rise
    flattened = brows.shaped(rgb, points, arched=-2.0)
    assert _brow_rows(flattened, points[18, 0], points).min() > _brow_rows(rgb, points[18, 0], points).min()


def test_nothing_changes_at_zero_or_where_no_brow_is_found(browed):
    rgb, points = browed
    assert brows.shaped(rgb, points) is rgb
    bare = np.full(rgb.shape, SKIN, np.uint8)
    assert np.array_equal(brows.shaped(bare, points, bushy=2.0, arched=2.0), bare)
    assert brows.find(bare, points)[3] == []


def test_render_photo_warps_the_brows_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    expected = brows.shaped(prepared.photo, prepared.landmarks_on_photo(), 1.5, -1.0, prepared.wears_glasses)
    rendered = render_photo(prepared, {"bushy_eyebrows": 1.5, "arched_eyebrows": -1.0})
    assert np.array_equal(np.asarray(rendered), expected)


def test_over_glasses_the_brow_grows_and_thins_upward_and_the_rim_below_it_stays(browed):
    rgb, points = browed
    rim = rgb.copy()
    length = hairline.frame_of(points).length
    for part in (points[17:22], points[22:27]):  # a glasses' rim just below each brow
        cv2.polylines(rim, [np.round(part + (0, 0.06 * length)).astype(np.int32)], False, (10, 10, 10), 3)
    below = (rim != rgb).any(2)
    for strength in (2.0, -2.0):
        shaped = brows.shaped(rim, points, bushy=strength, glasses=True)
        assert not np.array_equal(shaped, rim)
        assert np.array_equal(shaped[below], rim[below])
    _, _, _, found = brows.find(rim, points, glasses=True)
    assert len(found) == 2 and all(brow.glasses for brow in found)
