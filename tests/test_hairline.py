"""The hairline on a photo: found from the hair map, and moved up by a receding hairline or baldness."""
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import hairline, photo, regions
from ganedit.edits.photo import HAIR_VIEW, SIZE, widened
from ganedit.faces import EYES_AND_MOUTH, eyes_and_mouth, similarity


def _lowest_hair_row(rgb: np.ndarray, column: int) -> int:
    """The lowest row of the painted (dark) hair in ``column`` above the brows."""
    dark = np.nonzero(rgb[:, column].astype(int).sum(1) < 200)[0]
    return int(dark[dark < 150].max())


def test_the_hairline_is_found_where_the_hair_map_ends_over_the_forehead(haired_photo):
    rgb, points, hair, row = haired_photo
    forehead = hairline.find(rgb, points, hair)
    column = int(points[27, 0]) - forehead.box[1]  # above the nose's bridge
    line = forehead.line[:, column]
    rows = forehead.frame.to_photo(np.zeros_like(line), line)[:, 1]  # the frame's hairline there, in photo rows
    assert abs(np.median(rows) - row) < 4
    assert hairline.find(rgb, points, (np.zeros_like(hair[0]), hair[1])) is None  # no hair, no hairline


def _shaven(rgb: np.ndarray, points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``rgb`` with the hair's place (``weights`` above 1/2) a shaven scalp of the forehead's colour, a little shine."""
    scalp = rgb.copy()
    forehead = np.round(points[17:27].mean(0) - [0, 8]).astype(int)
    shine = np.random.default_rng(0).normal(0, 2, (int((weights > 0.5).sum()), 1))
    colour = rgb[forehead[1] - 2:forehead[1] + 3, forehead[0] - 2:forehead[0] + 3].mean((0, 1))
    scalp[weights > 0.5] = np.clip(colour + shine, 0, 255).astype(np.uint8)
    return scalp


def test_a_hair_map_over_a_bare_scalp_is_told_from_hair(haired_photo):
    rgb, points, hair, _ = haired_photo
    assert not hairline.bare_scalp(rgb, points, hair)  # painted hair with a hairline over the forehead
    assert hairline.bare_scalp(_shaven(rgb, points, hair[0]), points, hair)  # its shine still mapped as hair


def test_a_bare_scalp_is_told_on_a_face_wider_than_the_work_size_as_at_its_own(haired_photo, monkeypatch):
    rgb, points, (weights, _), _ = haired_photo
    matrix = similarity(eyes_and_mouth(points), EYES_AND_MOUTH * SIZE)
    on_view = cv2.warpAffine(weights, widened(matrix / SIZE) * HAIR_VIEW, (HAIR_VIEW, HAIR_VIEW))
    for image, bare in ((rgb, False), (_shaven(rgb, points, weights), True)):
        assert photo.bare_at_work_size(image, points, matrix, on_view) == bare
        with monkeypatch.context() as patched:
            patched.setattr(regions, "WORK_WIDTH", 0.6 * np.ptp(points[regions.JAW, 0]))  # its 125-pixel jaw to 75
            assert photo.bare_at_work_size(image, points, matrix, on_view) == bare


def test_a_receding_hairline_moves_the_hairline_up_and_baldness_further(haired_photo):
    rgb, points, hair, row = haired_photo
    column = int(points[27, 0])
    receded = hairline.recede(rgb, points, hair, 2.0)
    bald = hairline.recede(rgb, points, hair, 0.0, 2.0)
    before, after, balder = (_lowest_hair_row(image, column) for image in (rgb, receded, bald))
    assert before - after > 5 and after - balder > 5
    brows = int(points[17:27, 1].min())
    for image in (receded, bald):
        assert np.array_equal(image[brows:], rgb[brows:])  # the brows, the eyes and below: the photo's own
        assert np.array_equal(image[:, :int(points[0, 0]) - 30], rgb[:, :int(points[0, 0]) - 30])  # beside the head
        forehead = image[after + 3:brows - 8, column - 10:column + 10].astype(int)
        skin = rgb[row + 3:brows - 8, column - 10:column + 10].astype(int)
        assert np.abs(np.median(forehead.reshape(-1, 3), 0) - np.median(skin.reshape(-1, 3), 0)).max() < 12
    assert hairline.recede(rgb, points, hair, 0.0) is rgb and hairline.recede(rgb, points, hair, -2.0) is rgb
    assert np.array_equal(hairline.recede(rgb, points, hair, 3.0), receded)  # as at FULL


def test_render_photo_moves_the_hairline_or_shaves_the_head_for_positive_sliders(tiny_weights, haired_photo):
    rgb, _, (weights, _), _ = haired_photo
    prepared = prepare_photo(Image.fromarray(rgb))
    to_view = widened(prepared.alignment.matrix / SIZE) * HAIR_VIEW  # the painted hair as the prepared hair map
    prepared = replace(prepared, hair=cv2.warpAffine(weights, to_view, (HAIR_VIEW, HAIR_VIEW)))
    points, hair = prepared.landmarks_on_photo(), prepared.hair_map_on_photo
    long_haired = replace(prepared, long_haired=True)  # where the hair is long, baldness recedes it as far
    expected = hairline.recede(prepared.photo, points, hair, 2.0)
    assert not np.array_equal(expected, prepared.photo)
    for strengths in ({"receding_hairline": 2.0}, {"bald": 2.0}, {"bald": 1.0, "receding_hairline": 2.0}):
        assert np.array_equal(np.asarray(render_photo(long_haired, strengths)), expected)
    assert "bald moves its hairline up" in long_haired.notes({"bald": 2.0})[0]
    assert long_haired.notes({"receding_hairline": 2.0}) == prepared.notes({"bald": 2.0}) == []
    shaven = prepared.shaven.on(prepared.photo, 2.0)  # elsewhere it shaves the head
    assert np.array_equal(np.asarray(render_photo(prepared, {"bald": 2.0})), shaven)
    bald = replace(prepared, hair=np.zeros_like(prepared.hair))
    assert np.array_equal(np.asarray(render_photo(bald, {"bald": 2.0})), bald.photo)
    assert "receding hairline" in bald.notes({"receding_hairline": 2.0})[0]


def test_drawn_hair_takes_the_hair_nearest_the_hairline_not_a_band_of_another_lightness_on_it():
    rows = np.arange(40)[:, None] * np.ones((1, 30))  # row 39 is the hairline's
    near = rows >= 34
    where = np.ones((40, 30), bool)
    banded = np.where(rows < 22, 5.0, 70.0) + np.random.default_rng(0).normal(0, 3, (40, 30))  # a black band on top
    kept = hairline.one_colour(banded, where, near)
    assert kept[22:].all() and kept[:22].mean() < 0.01  # the blond hair below the band, hardly a speck of the band
    shaded = 40 + rows * 0.8  # one hair colour, darker to lighter: kept whole
    assert hairline.one_colour(shaded, where, near).all()
    specks = np.where((rows == 0) & (np.arange(30) < 25), 95.0, 10.0)  # dark hair with a few light specks
    assert hairline.one_colour(specks, where, near).all()


def test_the_hairs_core_eroded_by_a_wide_disc_is_the_erosion_but_for_its_rim():
    rows, columns = np.mgrid[0:400, 0:500]
    weights = ((rows - 220) ** 2 / 150 ** 2 + (columns - 250) ** 2 / 200 ** 2 < 1).astype(np.float32) * 0.9
    weights[200:260, 100:140] = 0.3  # a dip inside the hair, and the map's edge at the box's top
    weights[:40] = 0.9
    for radius in (0.5 * regions.WIDE, regions.WIDE, 1.6 * regions.WIDE):
        exact = cv2.erode(weights, regions.disc(radius)) > 0.5
        core = regions.eroded(weights, radius)
        assert core.dtype == bool and core.shape == weights.shape and exact.sum() > 10000
        assert (core != exact).sum() <= (0 if radius <= regions.WIDE else 0.003 * exact.sum())
