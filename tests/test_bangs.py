"""Bangs drawn on a photo: a fringe from the hairline over the forehead, in the hair's colour, nothing else changed."""
from types import SimpleNamespace

import cv2
import numpy as np

from conftest import PAINTED_HAIR
from ganedit.edits import bangs, hairline


def _changed(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    return np.abs(after.astype(int) - before).max(2) > 2


def test_a_fringe_falls_from_the_hairline_over_the_forehead_in_the_hairs_colour(haired_photo):
    rgb, points, hair, hairline = haired_photo
    fringed = bangs.fringe(rgb, points, hair, 2.0)
    changed = _changed(rgb, fringed)
    below = changed.copy()
    below[:hairline + 3] = False
    assert below.sum() > 500  # over the forehead's skin, not only over the hair
    rows, columns = np.nonzero(below & (np.abs(fringed.astype(int) - rgb).max(2) > 30))
    assert rows.max() < points[17:27, 1].min()  # the hair ends above the brows
    assert columns.min() > points[0, 0] - 10 and columns.max() < points[16, 0] + 10
    dense = below & (np.abs(fringed.astype(int) - rgb).max(2) > 60)  # where the fringe covers the skin
    assert np.abs(np.median(fringed[dense], 0) - PAINTED_HAIR).max() < 20  # in the hair's own colour
    assert not changed[:, :int(points[0, 0]) - 40].any()  # nothing beside the head ...
    assert not changed[int(points[17:27, 1].mean()) + 2:].any()  # ... nor below the brows (the shadow included)


def test_the_fringe_s_shadow_fades_out_before_the_forehead_s_box_ends_in_no_straight_seam(haired_photo):
    rgb, points, hair, _ = haired_photo
    top, left, bottom, right = hairline.find(rgb, points, hair).box
    darkened = (rgb.astype(int) - bangs.fringe(rgb, points, hair, 2.0))[top:bottom, left:right].mean((1, 2))
    assert darkened[-12:-8].max() > 1  # the shadow reaches down near the box's lowest row ...
    assert darkened[-1] < 0.5  # ... and fades out there: no step to the photo below (2.3 grey levels unfaded)


def test_the_fringe_is_the_photos_own_hair_reflected_down_from_above_the_hairline(haired_photo):
    rgb, points, hair, hairline = haired_photo  # its hair: a colour per column (strands running down)
    fringed = bangs.fringe(rgb, points, hair, 2.0)
    rows = slice(hairline + 4, hairline + 14)
    dense = (np.abs(fringed[rows].astype(int) - rgb[rows]).max(2) > 60).all(0)  # columns the fringe covers there
    assert dense.sum() > 40
    own = rgb[hairline - 25, dense].mean(1)
    assert np.corrcoef(own, fringed[rows, dense].mean((0, 2)))[0, 1] > 0.8  # the same strands, not drawn ones


def test_what_is_unlike_the_hair_above_the_hairline_is_not_reflected_into_the_fringe(haired_photo):
    rgb, points, hair, hairline = haired_photo
    banded = rgb.copy()  # a white headband across the hair above the hairline, still mapped as hair
    band = (hair[0] > 0.5) & (np.arange(340)[:, None] > hairline - 40) & (np.arange(340)[:, None] < hairline - 12)
    banded[band] = 235
    fringed = bangs.fringe(banded, points, hair, 2.0)
    below = _changed(banded, fringed)
    below[:hairline + 3] = False
    assert below.sum() > 500
    assert (fringed[below].min(1) > 180).mean() < 0.01  # brown strands, not the band's white


def test_what_a_fringe_is_drawn_with_found_once_gives_the_fringe_found_afresh_on_the_photo_as_edited(haired_photo):
    rgb, points, hair, _ = haired_photo
    found = bangs.drawn(rgb, points, hair)
    tinted = rgb.copy()  # its hair recoloured since: the fringe takes the new colour
    tinted[hair[0] > 0.5] = (tinted[hair[0] > 0.5] * np.array([1.6, 1.3, 0.9])).clip(0, 255).astype(np.uint8)
    for photo in (rgb, tinted):
        for strength in (0.7, 2.0):
            reused = bangs.fringe(photo, points, hair, strength, found)
            assert np.array_equal(reused, bangs.fringe(photo, points, hair, strength))
    assert not np.array_equal(bangs.fringe(tinted, points, hair, 2.0, found), bangs.fringe(rgb, points, hair, 2.0))
    assert bangs.drawn(rgb, points, (np.zeros_like(hair[0]), hair[1])) is None  # no hairline: nothing to draw


def test_no_fringe_without_a_hairline_or_on_a_bare_scalp(haired_photo):
    rgb, points, (weights, box), hairline = haired_photo
    assert bangs.fringe(rgb, points, (np.zeros_like(weights), box), 2.0) is rgb
    scalp = rgb.copy()  # the hair's place painted as the forehead's smooth skin, still mapped as hair
    forehead = np.round(points[17:27].mean(0) - [0, 8]).astype(int)
    scalp[weights > 0.5] = rgb[forehead[1] - 2:forehead[1] + 3, forehead[0] - 2:forehead[0] + 3].mean((0, 1))
    assert bangs.fringe(scalp, points, (weights, box), 2.0) is scalp


def test_drawn_hair_takes_the_photos_grain_but_nothing_under_it_shows_through():
    rng = np.random.default_rng(0)
    pixels = np.full((120, 120, 3), 150.0, np.float32) + rng.normal(0, 4, (120, 120, 1)).astype(np.float32)
    pixels[:, 58:61] = 40.0  # a thin dark line (a collar's edge) under the drawing
    colour = np.full((120, 120, 3), 90.0, np.float32)
    laid = bangs.laid(pixels, np.ones((120, 120), np.float32), colour, np.zeros((120, 120), np.float32), 0.0)
    detail = lambda image: image - cv2.GaussianBlur(image, (0, 0), 1.0)
    drawn = detail(laid.astype(np.float32)).mean(2)
    assert abs(drawn[:, 55:64].mean(0)).max() < 1.0  # the line does not show through, not even faintly
    flat = detail(pixels).mean(2)[:, :40]
    assert 0.4 < drawn[:, :40].std() / flat.std() < 1.0  # grainy as the photo, a little less (bangs.GRAIN)


def _off_the_fan(texture: np.ndarray, frame, box) -> float:
    """The rms angle (degrees) between a strand texture's streaks (the structure tensor's) and the lines from the
    crown that ``bangs.texture`` fans them along."""
    gx, gy = cv2.Sobel(texture, cv2.CV_32F, 1, 0), cv2.Sobel(texture, cv2.CV_32F, 0, 1)
    xx, yy, xy = (cv2.GaussianBlur(v, (0, 0), 4) for v in (gx * gx, gy * gy, gx * gy))
    rows, columns = np.mgrid[box[0]:box[2], box[1]:box[3]].astype(np.float32)
    crown = frame.to_photo(np.array(0.0), np.array(-bangs.CROWN))
    across_the_fan = np.arctan2(rows - crown[1], columns - crown[0]) + np.pi / 2  # where the gradient points
    off = np.angle(np.exp(2j * (0.5 * np.arctan2(2 * xy, xx - yy) - across_the_fan))) / 2
    return float(np.degrees(np.sqrt((off ** 2).mean())))


def test_the_fringe_s_strands_wave_about_the_lines_from_the_crown_rather_than_run_along_them_like_a_comb():
    frame = hairline.Frame(np.array([200.0, 200.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0]), 100.0, 160.0)
    box = (60, 80, 200, 320)
    across, _ = hairline.coordinates(frame, box)
    forehead = SimpleNamespace(frame=frame, box=box, across=across)
    straight = bangs.texture(frame, box, across, 0, largest=bangs.LARGEST, length=bangs.LENGTH)
    assert _off_the_fan(straight, frame, box) < 5  # the comb: 3°
    assert _off_the_fan(bangs._texture(forehead, 0), frame, box) > 10  # waving: 17°
