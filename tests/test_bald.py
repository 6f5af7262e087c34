"""A bald head on a photo: the hair over the skull becomes scalp, the hair beyond it the background."""
import cv2
import numpy as np

from ganedit.edits import bald, hairline
from ganedit.pretrained import component

BACKGROUND = (90, 120, 150)  # haired_photo's plain background


def _hair_left(rgb: np.ndarray) -> int:
    """How many pixels above the pasted face (its top row is 70) are the painted dark brown hair."""
    return int((rgb[:70].astype(int).sum(2) < 200).sum())


def test_baldness_paints_scalp_over_the_skull_and_background_beyond_it(haired_photo):
    rgb, points, hair, hairline = haired_photo
    shaven = bald.shave(rgb, points, hair, component("completion"))
    out = shaven.on(rgb, 2.0)
    brows = int(points[17:27, 1].min())
    assert _hair_left(rgb) > 5000 and _hair_left(out) < 0.02 * _hair_left(rgb)
    assert np.array_equal(out[brows + 3:], rgb[brows + 3:])  # the brows, the eyes and below: the photo's own
    middle = int(points[27, 0])
    skin = np.median(rgb[(hairline + brows) // 2:brows - 8, middle - 10:middle + 10].reshape(-1, 3), 0)
    scalp = np.median(out[hairline - 20:hairline - 5, middle - 10:middle + 10].reshape(-1, 3), 0)
    assert np.abs(scalp - skin).max() < 10  # above the old hairline: the forehead's skin continues
    corner = out[hairline - 60:hairline - 50, int(points[0, 0]) - 15:int(points[0, 0]) - 5].reshape(-1, 3)
    assert np.abs(np.median(corner, 0) - BACKGROUND).max() < 12  # beside the skull: the background


def test_baldness_takes_the_hair_away_by_the_sliders_share(haired_photo):
    rgb, points, hair, _ = haired_photo
    shaven = bald.shave(rgb, points, hair, component("completion"))
    full, half = (np.abs(shaven.on(rgb, strength).astype(int) - rgb).sum() for strength in (2.0, 1.0))
    assert 0.4 < half / full < 0.6
    assert np.array_equal(shaven.on(rgb, 3.0), shaven.on(rgb, 2.0))  # as at FULL
    assert shaven.on(rgb, 0.0) is rgb and shaven.on(rgb, -1.0) is rgb


def test_no_bald_head_without_a_hairline(haired_photo):
    rgb, points, (weights, box), _ = haired_photo
    assert bald.shave(rgb, points, (np.zeros_like(weights), box), component("completion")) is None


def test_hair_that_reaches_the_chin_is_not_shaved(haired_photo):
    rgb, points, (weights, box), _ = haired_photo
    hanging = weights.copy()
    hanging[:int(points[8, 1]) + 10, int(points[0, 0]) - 30:int(points[0, 0])] = 1  # beside the face, past the chin
    assert bald.shave(rgb, points, (hanging, box), component("completion")) is None


def test_the_hairs_outline_against_the_background_goes_with_the_hair(haired_photo):
    rgb, points, hair, _ = haired_photo
    outlined = rgb.copy()
    ring = _outline(hair[0] > 0.5, 2) & ~_outline(hair[0] > 0.5, 1)  # a line of pixels just off the map, skin-coloured
    skin = np.median(rgb[int(points[29, 1]) - 5:int(points[29, 1]) + 5, int(points[2, 0]) + 10:int(points[2, 0]) + 20]
                     .reshape(-1, 3), 0)
    outlined[ring & (np.arange(len(rgb))[:, None] < int(points[17:27, 1].min()) - 30)] = skin
    out = bald.shave(outlined, points, hair, component("completion")).on(outlined, 2.0)
    left = np.abs(out.astype(int) - skin).max(2)[ring] < 12
    assert left.mean() < 0.05


def _outline(inside: np.ndarray, radius: int) -> np.ndarray:
    """``inside`` (bool [H,W]) grown by a square of ``radius`` pixels."""
    return cv2.dilate(inside.astype(np.uint8), np.ones((2 * radius + 1,) * 2, np.uint8)).astype(bool)


def test_the_skull_stays_near_the_faces_sides_under_bushy_hair_but_keeps_a_turned_heads_back(haired_photo):
    rgb, points, (weights, box), _ = haired_photo
    bushy = weights.copy()
    bushy[:int(points[17:27, 1].min()), :] = 1  # hair out to the photo's edges above the brows
    forehead = hairline.find(rgb, points, (bushy, box))
    across, down, at = bald.grid(forehead.frame)
    on_grid = cv2.remap(bushy, at[..., 0], at[..., 1], cv2.INTER_LINEAR)
    sides = bald.face_sides(points, forehead.frame)
    skull = bald.skull_of(forehead, on_grid, across, down, sides)
    turned = sides > bald.TURNED_BACK[0] * sides[::-1]
    furthest = sides + bald.BEYOND_SIDE + turned * bald.TURNED_BACK[1] * (sides - sides[::-1])
    assert np.all(np.asarray(skull.widths) <= furthest + 1e-6)
    assert np.all(np.asarray(skull.widths) >= np.minimum(furthest, bald.SKULL[0]) - 1e-6)
    turned = bald.skull_of(forehead, on_grid, across, down, np.array([1.5, 0.5]))  # the head turned to its left
    assert turned.widths[0] > 1.5 + bald.BEYOND_SIDE  # the back of the skull, beyond the ear, is kept
    assert turned.widths[1] <= 0.5 + bald.BEYOND_SIDE + 1e-6  # the side turned away ends by the face's side


def test_the_scalps_grain_is_as_spread_as_the_foreheads_skin_not_its_stray_strands():
    skin = np.random.default_rng(1).normal(0, 1.0, 2000)
    strands = np.full(200, -25.0)  # a tenth of the band: dark curls hanging over the forehead
    assert abs(bald._spread(skin) - 1.0) < 0.1
    assert abs(bald._spread(np.concatenate([skin, strands])) - 1.0) < 0.15
    assert bald._spread(np.array([])) == 0.0
