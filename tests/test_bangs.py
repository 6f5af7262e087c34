"""Bangs drawn on a photo: a fringe from the hairline over the forehead, in the hair's colour, nothing else changed."""
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from conftest import PAINTED_HAIR
from ganedit.api import prepare_photo, render_photo
from ganedit.edits import bangs
from ganedit.edits.photo import HAIR_VIEW, SIZE, widened


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


def test_the_strength_sets_how_far_the_fringe_falls(haired_photo):
    rgb, points, hair, _ = haired_photo
    lowest = [np.nonzero(_changed(rgb, bangs.fringe(rgb, points, hair, strength)).any(1))[0].max()
              for strength in (0.7, 1.4, 2.0)]
    assert lowest[0] < lowest[1] < lowest[2]
    assert np.array_equal(bangs.fringe(rgb, points, hair, 3.0), bangs.fringe(rgb, points, hair, 2.0))  # FULL
    for strength in (0.0, -2.0):  # none, and a negative slider is the latent's, not drawn
        assert bangs.fringe(rgb, points, hair, strength) is rgb


def test_no_fringe_without_a_hairline_or_on_a_bare_scalp(haired_photo):
    rgb, points, (weights, box), hairline = haired_photo
    assert bangs.fringe(rgb, points, (np.zeros_like(weights), box), 2.0) is rgb
    scalp = rgb.copy()  # the hair's place painted as the forehead's smooth skin, still mapped as hair
    forehead = np.round(points[17:27].mean(0) - [0, 8]).astype(int)
    scalp[weights > 0.5] = rgb[forehead[1] - 2:forehead[1] + 3, forehead[0] - 2:forehead[0] + 3].mean((0, 1))
    assert bangs.fringe(scalp, points, (weights, box), 2.0) is scalp


def test_render_photo_draws_the_fringe_for_a_positive_slider(tiny_weights, haired_photo):
    rgb, _, (weights, _), _ = haired_photo
    prepared = prepare_photo(Image.fromarray(rgb))
    to_view = widened(prepared.alignment.matrix / SIZE) * HAIR_VIEW  # the painted hair as the prepared hair map
    prepared = replace(prepared, hair=cv2.warpAffine(weights, to_view, (HAIR_VIEW, HAIR_VIEW)))
    fringed = bangs.fringe(prepared.photo, prepared.landmarks_on_photo(), prepared.hair_map_on_photo, 2.0)
    assert np.array_equal(np.asarray(render_photo(prepared, {"bangs": 2})), fringed)
    assert _changed(prepared.photo, fringed).sum() > 500  # the painted hair is found, and a fringe drawn
    bald = replace(prepared, hair=np.zeros_like(prepared.hair))
    assert np.array_equal(np.asarray(render_photo(bald, {"bangs": 2})), bald.photo)
    assert "bangs" in bald.notes({"bangs": 2.0})[0]
