"""What hair drawn on a photo shares (a fringe, long hair's curtains): the slider sets how far it falls."""
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import bangs, curtains
from ganedit.edits.photo import HAIR_VIEW, SIZE, widened


@pytest.mark.parametrize("draw, strengths", [(bangs.fringe, (0.7, 1.4, 2.0)), (curtains.hang, (0.5, 1.0, 1.5))])
def test_the_strength_sets_how_far_the_hair_falls(haired_photo, draw, strengths):
    rgb, points, hair, _ = haired_photo
    lowest = [np.nonzero((np.abs(draw(rgb, points, hair, strength).astype(int) - rgb).max(2) > 2).any(1))[0].max()
              for strength in strengths]
    assert lowest[0] < lowest[1] < lowest[2]
    assert np.array_equal(draw(rgb, points, hair, 3.0), draw(rgb, points, hair, 2.0))  # FULL
    for strength in (0.0, -2.0):  # none, and a negative slider is the latent's, not drawn
        assert draw(rgb, points, hair, strength) is rgb


def _prepared_with_painted_hair(haired_photo):
    """haired_photo prepared, its painted hair as the prepared hair map, judged not long-haired."""
    rgb, _, (weights, _), _ = haired_photo
    prepared = prepare_photo(Image.fromarray(rgb))
    to_view = widened(prepared.alignment.matrix / SIZE) * HAIR_VIEW
    return replace(prepared, hair=cv2.warpAffine(weights, to_view, (HAIR_VIEW, HAIR_VIEW)), long_haired=False)


@pytest.mark.parametrize("name, draw", [("bangs", bangs.fringe), ("long_hair", curtains.hang)])
def test_render_photo_draws_the_hair_for_a_positive_slider(tiny_weights, haired_photo, name, draw):
    prepared = _prepared_with_painted_hair(haired_photo)
    drawn = draw(prepared.photo, prepared.landmarks_on_photo(), prepared.hair_map_on_photo, 2.0)
    assert np.array_equal(np.asarray(render_photo(prepared, {name: 2})), drawn)
    assert (np.abs(drawn.astype(int) - prepared.photo).max(2) > 2).sum() > 500  # the painted hair found, hair drawn
    bald = replace(prepared, hair=np.zeros_like(prepared.hair))
    assert np.array_equal(np.asarray(render_photo(bald, {name: 2})), bald.photo)
    assert name.replace("_", " ") in bald.notes({name: 2.0})[0]


def test_long_hair_draws_nothing_over_hair_already_long_and_says_so(tiny_weights, haired_photo):
    rgb, points, (weights, _), _ = haired_photo
    rows, columns = np.mgrid[0:rgb.shape[0], 0:rgb.shape[1]]
    beside = (rows > points[19, 1]) & ((columns < points[0, 0] + 5) | (columns > points[16, 0] - 5))
    beside &= np.abs(columns - points[8, 0]) < 120
    long = rgb.copy()
    long[beside] = rgb[weights > 0.5].mean(0).astype(np.uint8)  # the painted hair falling to the photo's bottom
    prepared = prepare_photo(Image.fromarray(long))
    to_view = widened(prepared.alignment.matrix / SIZE) * HAIR_VIEW
    hair = np.maximum(weights, beside).astype(np.float32)
    prepared = replace(prepared, hair=cv2.warpAffine(hair, to_view, (HAIR_VIEW, HAIR_VIEW)))
    assert np.array_equal(np.asarray(render_photo(prepared, {"long_hair": 2})), prepared.photo)
    assert prepared.notes({"long_hair": 2.0}) == ["This person's hair already falls past the chin, so long hair draws "
                                                  "none over it."]
    assert "long hair draws none over it and bald moves its hairline up" in prepared.notes()[0]  # all of them
    assert prepared.notes({"long_hair": -1.0}) == prepared.notes({"smiling": 1.0}) == []


def test_a_head_whose_hairline_is_not_found_says_which_raised_sliders_draw_nothing(tiny_weights, haired_photo):
    prepared = _prepared_with_painted_hair(haired_photo)
    assert prepared.notes() == []  # the hairline is found
    rgb, points, (weights, _), _ = haired_photo
    one_side = (weights * (np.arange(rgb.shape[1])[None] < points[19, 0])).astype(np.float32)  # none over the middle
    to_view = widened(prepared.alignment.matrix / SIZE) * HAIR_VIEW
    sided = replace(prepared, hair=cv2.warpAffine(one_side, to_view, (HAIR_VIEW, HAIR_VIEW)))
    notes = sided.notes()
    assert len(notes) == 1 and "No hairline" in notes[0] and "bald, bangs or receding hairline" in notes[0]
    assert np.array_equal(np.asarray(render_photo(sided, {"bangs": 2})), sided.photo)  # as the note says
    assert sided.notes({"long_hair": 2.0}) == [] and sided.notes({"bangs": 1.0}) == notes  # curtains are drawn
    assert not np.array_equal(np.asarray(render_photo(sided, {"long_hair": 2})), sided.photo)
    assert not any("No hairline" in note for note in sided.notes({"receding_hairline": -1.0}))  # G′'s side
    scalp = rgb.copy()  # that map over a scalp of the forehead's colour: no colour for curtains either
    scalp[one_side > 0.5] = np.median(rgb[int(points[19, 1]) - 25:int(points[19, 1]) - 10, 130:170].reshape(-1, 3), 0)
    assert "long hair" in replace(sided, photo=scalp).notes({"long_hair": 2.0})[0]


def test_long_hair_draws_nothing_where_the_classifier_judges_the_hair_long(tiny_weights, haired_photo):
    prepared = _prepared_with_painted_hair(haired_photo)  # hair to the hairline only: curtains drawn
    assert not np.array_equal(np.asarray(render_photo(prepared, {"long_hair": 2})), prepared.photo)
    judged = replace(prepared, long_haired=True)  # long hair the hair map missed
    assert np.array_equal(np.asarray(render_photo(judged, {"long_hair": 2})), judged.photo)
    assert "already falls past the chin" in judged.notes({"long_hair": 2.0})[0]


def test_wavy_hair_curls_the_drawn_long_hair(tiny_weights, haired_photo):
    prepared = _prepared_with_painted_hair(haired_photo)
    photo, points, hair = prepared.photo, prepared.landmarks_on_photo(), prepared.hair_map_on_photo
    assert np.array_equal(np.asarray(render_photo(prepared, {"wavy_hair": 2})), photo)  # the photo's own: OFF_PHOTO
    curled = curtains.hang(photo, points, hair, 2.0, prepared.curtain_sides, wavy=2.0)
    assert np.array_equal(np.asarray(render_photo(prepared, {"long_hair": 2, "wavy_hair": 2})), curled)
    straight = curtains.hang(photo, points, hair, 2.0, prepared.curtain_sides)
    assert (np.abs(curled.astype(int) - straight).max(2) > 8).sum() > 1000


def test_long_hair_moves_reuse_the_hairs_colours_and_strands_yet_draw_what_drawing_anew_draws(tiny_weights,
                                                                                               haired_photo):
    prepared = _prepared_with_painted_hair(haired_photo)
    prepared.reuse()  # as a live preview: the hair's colours and the curtains' layers kept for every move
    assert prepared.hair_sample is not None and prepared.hair_sample_of(prepared.photo) is prepared.hair_sample
    blond = np.asarray(render_photo(prepared, {"blond_hair": 2}))
    assert np.abs(prepared.hair_sample_of(blond) - prepared.hair_sample).max() > 10  # recoloured: read anew
    for strengths in ({"long_hair": 1}, {"long_hair": 2, "blond_hair": 2}, {"long_hair": 2}, {"long_hair": 1.5}):
        anew = _prepared_with_painted_hair(haired_photo)
        assert np.array_equal(np.asarray(render_photo(prepared, strengths)), np.asarray(render_photo(anew, strengths)))
