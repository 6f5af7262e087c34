"""Facial hair drawn on a photo: a moustache, a goatee, stubble or a beard where each grows, nothing else changed."""
from dataclasses import replace

import numpy as np
import pytest

from ganedit.api import latents, prepare_latent, prepare_photo, render_photo
from ganedit.edits import facial_hair
from ganedit.edits.photo import OFF_PHOTO


@pytest.fixture(scope="module")
def drawing(photo):
    image, points = photo
    rgb = np.asarray(image)
    return rgb, points, facial_hair.Drawing.of(rgb, points, (np.zeros((1, 1), np.float32), (0, 0, 1, 1)))


def _changed(drawing, drawn: dict[str, float]) -> np.ndarray:
    rgb, _, hair = drawing
    return np.abs(hair.on(rgb, drawn).astype(int) - rgb).max(2) > 6


def _at(changed: np.ndarray, point: np.ndarray) -> bool:
    column, row = np.round(point).astype(int)
    return bool(changed[row - 1:row + 2, column - 1:column + 2].all())


def test_the_sliders_name_the_parts_drawn_and_how_strongly():
    assert facial_hair.strengths({"mustache": 1.5, "goatee": -1, "no_beard": -2, "smiling": 1}) == {
        "mustache": 1.5, "no_beard": 2}
    assert facial_hair.strengths({"no_beard": 2, "5_o_clock_shadow": 0}) == {}


def test_a_moustache_lies_between_the_nose_and_the_upper_lip_and_is_darker(drawing):
    rgb, points, hair = drawing
    changed = _changed(drawing, {"mustache": 2})
    assert _at(changed, (points[33] + points[51]) / 2)  # the philtrum
    rows, columns = np.nonzero(changed)
    mouth = points[48:60]
    assert rows.min() >= points[30, 1] and rows.max() <= (points[57, 1] + points[8, 1]) / 2  # nose's tip to above chin
    assert not changed[round(points[66, 1]), round(points[66, 0])]  # the lower lip
    assert columns.min() >= mouth[:, 0].min() - 0.1 * np.ptp(points[:, 0]) - 3
    assert columns.max() <= mouth[:, 0].max() + 0.1 * np.ptp(points[:, 0]) + 3
    assert hair.on(rgb, {"mustache": 2})[changed].mean() < rgb[changed].mean()


def test_a_beard_covers_the_chin_and_the_jaw_but_not_the_lips_the_eyes_or_the_background(drawing):
    rgb, points, _ = drawing
    changed = _changed(drawing, {"no_beard": 2})
    for point in ((points[57] + points[8]) / 2, (points[4] + points[48]) / 2, (points[12] + points[54]) / 2):
        assert _at(changed, point)
    for point in (points[62], points[66], points[36:42].mean(0), points[42:48].mean(0), points[27]):
        assert not changed[round(point[1]), round(point[0])]
    assert not changed[:, :40].any() and not changed[:, -40:].any()  # the plain background beside the face


def test_facial_hair_shows_the_skin_between_its_strands_and_thins_out_at_its_outline(drawing):
    _, _, hair = drawing
    for name in ("mustache", "goatee", "no_beard"):  # not a solid patch with a hard outline: "a sticker"
        opacity, deep = hair.parts[name]
        drawn = opacity > 0.02
        assert opacity[deep > 0.9].mean() < 0.8 and (opacity[drawn] > 0.9).mean() < 0.2, name  # 0.54–0.68, ≤ 0.12
        assert opacity[drawn & (deep < 0.2)].mean() < 0.2, name  # 0.08–0.10 (0.24–0.31 before session 55)


def test_stubble_is_a_fainter_shade_over_the_beards_part(drawing):
    rgb, points, hair = drawing
    stubble, beard = (np.abs(hair.on(rgb, {name: 2}).astype(int) - rgb).mean(2) for name in ("5_o_clock_shadow",
                                                                                           "no_beard"))
    chin = (np.round((points[57] + points[8]) / 2).astype(int)[::-1])
    patch = tuple(slice(c - 3, c + 4) for c in chin)
    assert 2 < stubble[patch].mean() < 0.7 * beard[patch].mean()


def test_the_strength_sets_how_opaque_the_hair_is(drawing):
    rgb, _, hair = drawing
    assert hair.on(rgb, {}) is rgb
    change = [np.abs(hair.on(rgb, {"goatee": strength}).astype(int) - rgb).sum() for strength in (1, 2, 3)]
    assert 0.3 * change[1] < change[0] < 0.7 * change[1] and change[2] == change[1]
    drawn = hair.on(rgb, {"goatee": 2})
    top, left, bottom, right = hair.box
    outside = np.ones(rgb.shape[:2], bool)
    outside[top:bottom, left:right] = False
    assert np.array_equal(drawn[outside], rgb[outside])


def test_render_photo_draws_facial_hair_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    drawn = prepared.facial_hair.on(prepared.photo, {"mustache": 2, "no_beard": 1})
    assert np.array_equal(np.asarray(render_photo(prepared, {"mustache": 2, "no_beard": -1})), drawn)
    present = replace(prepared, lacking=frozenset())  # the classifier finds a moustache: G′ takes it away, as before
    assert not np.array_equal(np.asarray(render_photo(present, {"mustache": -2})), prepared.photo)


def test_a_slider_s_removing_side_changes_nothing_on_a_face_without_the_thing(tiny_weights, photo):
    image, _ = photo
    bare = replace(prepare_photo(image), lacking=frozenset({"mustache", "no_beard", "bangs"}))
    assert np.array_equal(np.asarray(render_photo(bare, {"mustache": -2, "no_beard": 2, "bangs": -1})), bare.photo)
    note = "This face has no bangs or beard to take away, so that side of the sliders changes nothing."
    assert bare.notes({"no_beard": 2, "bangs": -1, "mustache": 1}) == [note]  # a moustache is drawn: no note for it


def test_raising_eyeglasses_over_glasses_changes_nothing_and_says_so(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    worn = replace(prepared, wears_glasses=True)
    assert np.array_equal(np.asarray(render_photo(worn, {"eyeglasses": 2})), worn.photo)
    assert worn.notes({"eyeglasses": 2}) == ["This face has glasses already, so raising eyeglasses changes nothing."]
    assert not np.array_equal(np.asarray(render_photo(worn, {"eyeglasses": -2})), worn.photo)  # taken off: G′'s edit
    bare = replace(prepared, wears_glasses=False)
    assert worn.notes({"eyeglasses": -2}) == [] and bare.notes({"eyeglasses": 2}) == []


def test_sliders_the_generator_cannot_draw_on_a_photo_change_nothing_there_and_say_so(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    for strength in (2.0, -2.0):
        assert np.array_equal(np.asarray(render_photo(prepared, dict.fromkeys(OFF_PHOTO, strength))), prepared.photo)
    notes = prepared.notes({"wearing_necktie": 2.0, "sideburns": -1.0, "smiling": 1.0})
    assert notes == ["On a photo, sideburns and wearing necktie change nothing: the generator's 64×64 face cannot "
                     "draw them over the photo's own pixels."]
    assert prepared.moved_notes({"wavy_hair": 2.0}) == [
        "On a photo, wavy hair changes nothing: the generator's 64×64 face cannot draw it over the photo's own pixels "
        "(wavy hair still curls the long hair that long hair draws)."]
    assert replace(prepared, lacking=frozenset({"sideburns"})).notes({"sideburns": -2.0}) == [
        "On a photo, sideburns changes nothing: the generator's 64×64 face cannot draw it over the photo's own pixels."]
    made_up = prepare_latent(latents(1, seed=3))  # G's own face: its latent edit, and nothing to say
    assert not np.array_equal(np.asarray(render_photo(made_up, {"wearing_necktie": 2.0})), made_up.photo)
    assert made_up.notes({"wearing_necktie": 2.0}) == []
