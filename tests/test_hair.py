"""Hair-colour sliders recolour the photo's own hair: the recolouring, the hair map, the typical colours."""
import cv2
import numpy as np
import pytest
import torch

from ganedit.edits import hair, regions
from ganedit.edits.regions import to_lab
from ganedit.models.attributes import HairColours, HairColoursConfig
from ganedit.train.hair_colours import hair_colours

BLOND, DARK = np.array([65.0, 8, 25]), np.array([20.0, 2, 3])


def _dark_hair() -> np.ndarray:
    """16×16 dark-brown strands: stripes of two shades."""
    pixels = np.full((16, 16, 3), (40.0, 30, 25))
    pixels[:, ::2] = (70, 55, 45)
    return pixels


def test_recolouring_moves_the_hair_to_the_target_and_keeps_its_strands():
    pixels, weight = _dark_hair(), np.ones((16, 16), np.float32)
    weight[:, :4] = 0
    out = hair.recolour(pixels, weight, hair.Recolour(BLOND, 1.0, DARK))
    lab = to_lab(out)[:, 4:]
    assert np.allclose(lab.reshape(-1, 3).mean(0), BLOND, atol=2.5)
    assert np.all(out[:, :4] == pixels[:, :4])  # off the hair: untouched
    stripes = to_lab(pixels)[:, 4:, 0]
    contrast = (lab[:, ::2, 0] - lab[:, 1::2, 0]).mean() / (stripes[:, ::2] - stripes[:, 1::2]).mean()
    assert 1.2 < contrast <= hair.TEXTURE_GAIN + 0.1  # the strands stay, standing out more in lighter hair
    assert np.array_equal(hair.recolour(pixels, weight, hair.Recolour(BLOND, 0.0, DARK)), pixels)


def test_lightened_hairs_darker_strands_turn_warmer_not_olive_and_reddish_or_darkened_hair_does_not(monkeypatch):
    hue = lambda lab: np.degrees(np.arctan2(lab[..., 2], lab[..., 1]))
    strands = np.array([[60.0, 4, 25], [40.0, 4, 25], [40.0, 12, 20]])  # at the mean, 20 L* below; a reddish shadow
    warmed = hair.warmed(strands.copy(), 60.0, 40.0)
    assert np.allclose(warmed[0], strands[0]) and np.allclose(warmed[2], strands[2])  # at the mean; red already
    assert abs(hue(strands[1]) - hue(warmed[1]) - hair.WARM) < 1e-4  # the shadow: WARM degrees towards red
    assert np.isclose(np.hypot(*warmed[1, 1:]), np.hypot(*strands[1, 1:])) and warmed[1, 0] == 40  # as saturated, light
    assert np.allclose(hair.warmed(strands.copy(), 60.0, -10.0), strands)  # darkened hair: no turn
    shadows = lambda: np.median(hue(to_lab(hair.recolour(_dark_hair(), np.ones((16, 16), np.float32),
                                                         hair.Recolour(BLOND, 2.0, DARK)))[:, 1::2]))
    warmer = shadows()
    monkeypatch.setattr(hair, "WARM", 0.0)
    assert warmer < shadows() - 4  # blond +2 on dark-brown strands: the darker stripes warmer than shifted alike


def test_blond_turned_black_or_grey_keeps_no_teal_or_blue_strands():
    pixels = np.full((16, 16, 3), hair.to_rgb(np.array([70.0, 8, 32])))  # golden strands and greyer, bluer ones
    pixels[:, ::2] = hair.to_rgb(np.array([50.0, 1, 8]))
    weight = np.ones((16, 16), np.float32)
    for target, strength in ((DARK, 2.0), (np.array([55.0, 1, 3]), 1.0)):
        lab = to_lab(hair.recolour(pixels, weight, hair.Recolour(target, strength, BLOND)))
        goal = hair.goal(hair.Recolour(target, strength, BLOND))
        assert np.abs(lab[..., 1:] - goal[1:]).max() < 2.5  # every strand of the goal's hue: none teal or blue
        assert np.ptp(lab[..., 0]) > 5  # the strands still show in lightness


def test_black_hairs_broad_sheen_adds_its_light_to_blond_and_brown_hairs_lit_part_is_stretched_as_before():
    def turned_blond(hair_lightness: float, lit: float) -> tuple[float, float]:
        """blond +2 on a broad lit patch over hair: how far above the rest it lies, with and without its broad light"""
        lab = np.zeros((16, 16, 3), np.float32)
        lab[..., 0] = hair_lightness
        lab[6:10, 6:10, 0] = lit
        pixels, weight = hair.to_rgb(lab), np.ones((16, 16), np.float32)
        lab = regions.to_lab(pixels)  # as the photo holds it
        step = hair.Recolour(BLOND, 2.0, DARK)
        above = lambda out: float(to_lab(out)[6:10, 6:10, 0].mean() - to_lab(out)[:4, :, 0].mean())
        return above(hair.recolour(pixels, weight, step, broad=lab[..., 0])), above(hair.recolour(pixels, weight, step))
    sheen, stretched = turned_blond(5.0, 18.0)  # img46's temple: mostly light reflected off the hair
    assert 0 < sheen < stretched - 3
    lit, stretched = turned_blond(30.0, 40.0)  # a brown crown in the light: lit hair
    assert lit == pytest.approx(stretched, abs=0.1) and lit > 5
    lightness = np.linspace(0, 100, 101)
    assert np.allclose(hair.to_lightness(hair.to_luminance(lightness)), lightness, atol=1e-3)


def test_hair_already_past_the_target_is_not_moved_back():
    golden = hair.to_rgb(np.full((8, 8, 3), (80.0, 12, 40)))  # lighter and yellower than typical blond
    out = hair.recolour(golden, np.ones((8, 8), np.float32), hair.Recolour(BLOND, 1.0, DARK))
    assert np.abs(out - golden).max() < 1


def test_grey_hair_turned_blond_is_golden_not_cream_and_other_hair_or_steps_aim_as_before(monkeypatch):
    grey, weight, step = hair.to_rgb(np.full((8, 8, 3), (70.0, 0, 2))), np.ones((8, 8), np.float32), \
        hair.Recolour(BLOND, 2.0, DARK)
    golden = to_lab(hair.recolour(grey, weight, step)).reshape(-1, 3).mean(0)
    with monkeypatch.context() as patched:
        patched.setattr(hair, "paled", lambda aim, mean, step: aim)
        cream = to_lab(hair.recolour(grey, weight, step)).reshape(-1, 3).mean(0)
    assert golden[0] < cream[0] - 3 and np.hypot(*golden[1:]) > 1.1 * np.hypot(*cream[1:])  # darker, more colour
    aim = hair.goal(step)
    assert np.array_equal(hair.paled(aim, to_lab(_dark_hair()).reshape(-1, 3).mean(0), step), aim)  # dark hair
    assert np.array_equal(hair.paled(aim, np.array([70.0, 15, 55]), step), aim)  # golden already: no more colour
    silver = hair.Recolour(np.array([60.0, 0, 2]), 2.0, DARK)  # grey +2 on grey hair gives it no colour
    assert np.array_equal(hair.paled(hair.goal(silver), np.array([70.0, 0, 2]), silver), hair.goal(silver))
    darker = hair.Recolour(DARK, 2.0, BLOND)
    assert np.array_equal(hair.paled(hair.goal(darker), np.array([70.0, 0, 2]), darker), hair.goal(darker))


def test_beyond_full_strength_the_goal_moves_on_from_the_hair_left_and_stays_a_hairs_lightness():
    assert np.allclose(hair.goal(hair.Recolour(BLOND, 2.0, DARK)), (85, 14, 47))  # L* 110 capped
    assert np.allclose(hair.goal(hair.Recolour(DARK, -1.5, BLOND)), (8, 0, 0))  # L* −2.5 floored, not blue: a*, b* 0
    flat = np.full((16, 16, 3), (40.0, 30, 25))  # no shade, which stays deeper than the mean's shift takes it
    out = hair.recolour(flat, np.ones((16, 16), np.float32), hair.Recolour(BLOND, 2.0, DARK))
    lightness, _, yellow = to_lab(out).reshape(-1, 3).mean(0)
    assert abs(lightness - 85) < 3 and yellow > 40


def test_lightened_hairs_deep_shade_stays_as_deep_not_a_flat_grey():
    lab = np.zeros((16, 16, 3), np.float32)
    lab[...] = (30, 5, 10)  # brown hair
    lab[6:10, 6:10] = (4, 0, -1)  # the shade under a lock, as img53's beside the neck
    pixels = hair.to_rgb(lab)
    out = to_lab(hair.recolour(pixels, np.ones((16, 16), np.float32), hair.Recolour(BLOND, 2.0, DARK)))
    depth = lambda lab: hair.to_luminance(lab[6:10, 6:10, 0]).mean() / hair.to_luminance(lab[:4, :, 0]).mean()
    assert depth(to_lab(pixels)) < depth(out) < 0.25  # lifted a little (DARK), not to half the hair's light
    assert out[8, 8, 2] > 25  # golden shade, not grey


def test_colour_strokes_on_the_hair_become_its_target_colour_and_the_others_stay_strokes():
    strokes = np.zeros((32, 32, 4), np.uint8)
    strokes[2:6, 4:20] = (240, 208, 96, 255)  # on the hair
    strokes[20:24, 8:24] = (176, 48, 48, 255)  # on the face
    on_hair = np.zeros((32, 32), np.float32)
    on_hair[:10] = 1
    recolour, rest = hair.stroke_colour(strokes, on_hair)
    painted = to_lab(np.array([[240.0, 208, 96]]))[0]  # a vivid yellow: desaturated to blond, its hue kept
    assert np.isclose(recolour.target[0], painted[0]) and np.isclose(np.hypot(*recolour.target[1:]), hair.STROKE_CHROMA)
    assert np.isclose(np.arctan2(*recolour.target[1:]), np.arctan2(*painted[1:]))
    assert recolour.strength == hair.FULL and recolour.away is None
    assert not rest[:10].any() and np.array_equal(rest[10:], strokes[10:])
    assert hair.stroke_colour(strokes, np.zeros((32, 32), np.float32))[0] is None  # no hair: every stroke stays


def test_a_stroke_colour_is_reached_in_every_channel():
    out = hair.recolour(_dark_hair(), np.ones((16, 16), np.float32), hair.Recolour(np.array([60.0, 30, -20])))
    assert np.allclose(to_lab(out).reshape(-1, 3).mean(0), (60, 30, -20), atol=2.5)


def _head(bald: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 192×192 view: grey background, a skin-coloured face disc, dark hair above and beside it (unless
    ``bald``), 68 landmarks laid on the face, and the person (not the background)."""
    view = np.full((192, 192, 3), (150, 170, 190), np.uint8)
    if not bald:
        cv2.ellipse(view, (96, 92), (44, 50), 0, 0, 360, (45, 32, 25), -1)
    cv2.ellipse(view, (96, 104), (30, 36), 0, 0, 360, (205, 160, 135), -1)
    angles = np.linspace(np.pi, 0, 17)
    jaw = np.stack([96 + 28 * np.cos(angles), 96 + 40 * np.sin(angles)], 1)  # ears to chin to ears
    brows = np.stack([np.linspace(74, 118, 10), np.full(10, 84.0)], 1)
    inner = np.stack([np.linspace(84, 108, 41), np.linspace(92, 126, 41)], 1)  # nose, eyes, mouth: any 41
    points = np.concatenate([jaw, brows, inner])
    person = (view != (150, 170, 190)).any(2).astype(np.float32)  # what GrabCut would find: all but the background
    return view, points, person


def test_the_hair_map_finds_hair_around_the_face_and_none_on_a_bald_head():
    view, points, person = _head()
    skin = regions.skin_likelihood(view, points)
    found, _ = regions.hair_model(view, points, person, skin, 1 / 3)
    assert found[66, 96] > 0.5 and found[100, 58] > 0.3  # above the forehead, beside the temple
    assert found[110, 96] == 0 and found[10, 10] == 0  # the face, the background
    bald, points, person = _head(bald=True)
    assert not regions.hair_model(bald, points, person, regions.skin_likelihood(bald, points), 1 / 3)[0].any()


def test_dark_hair_on_a_dark_background_is_the_person_and_a_bald_head_gains_no_hair():
    for bald in (False, True):
        view, points, _ = _head(bald)
        background = (view == (150, 170, 190)).all(2)
        shade = np.random.default_rng(0).normal(0, 4, (background.sum(), 1))  # a dark, bluish backdrop
        view[background] = np.clip(np.array((30, 34, 48)) + shade, 0, 255).astype(np.uint8)
        person = regions.person_likelihood(view, points, 1 / 3, regions.skin_likelihood(view, points))
        top = person[46:60, 80:112]  # the hair above the forehead, or the backdrop above a bald head
        assert top.max() == 0 if bald else top.min() == 1


def test_the_crown_grabcut_took_for_a_backdrop_of_its_colour_is_hair_where_it_is_textured_as_hair():
    view, points, person = _head()
    hair, backdrop = ((view == colour).all(2) for colour in ((45, 32, 25), (150, 170, 190)))
    backdrop[:47] = True  # the backdrop also above row 47, over the top of the hair
    rng = np.random.default_rng(0)
    view[hair] = np.clip((45, 32, 25) + rng.normal(0, 12, (hair.sum(), 1)), 0, 255).astype(np.uint8)  # strands
    view[backdrop] = np.clip((45, 32, 25) + rng.normal(0, 2, (backdrop.sum(), 1)), 0, 255).astype(np.uint8)
    person[:56] = 0  # GrabCut took the crown for the blurred backdrop of the hair's colour behind it
    skin = regions.skin_likelihood(view, points)
    found, _ = regions.hair_model(view, points, person, skin, 1 / 3)
    assert found[49:54, 88:104].min() > 0.5 and found[40:45, 88:104].max() < 0.1  # the crown; the backdrop above it
    assert not regions.hair_model(view, points, person, skin, 1 / 3, bare=lambda _: True)[0].any()  # a bare scalp


def test_short_hair_at_the_temples_grabcut_cut_off_is_hair_and_a_wall_of_its_colour_there_is_not():
    view, points, _ = _head()
    radius, angle, _ = regions.skull_polar(points, view.shape[:2])
    rows, backdrop = np.arange(192)[:, None], (150, 170, 190)
    view[(view == (45, 32, 25)).all(2) & (radius > 1.1) & (rows > 70)] = backdrop  # short hair at the sides
    hair = (view == (45, 32, 25)).all(2)
    sides = hair & (rows > 78) & (np.abs((angle + 270) % 360 - 180) > 60)  # beside the temples, off the crown
    person = (view != backdrop).any(2).astype(np.float32)
    person[hair & (rows > 78)] = 0  # GrabCut took the hair at the sides for the backdrop
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[sides].mean() > 0.5
    rng = np.random.default_rng(0)
    view[hair] = np.clip((45, 32, 25) + rng.normal(0, 12, (hair.sum(), 1)), 0, 255).astype(np.uint8)  # strands
    wall = sides | (view == backdrop).all(2)  # bare temples before a wall of nearly the hair's colour
    view[wall] = np.clip((52, 38, 30) + rng.normal(0, 3, (wall.sum(), 1)), 0, 255).astype(np.uint8)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[sides].mean() < 0.1 and found[66, 96] > 0.5


def test_another_persons_hair_beside_the_face_or_the_crown_is_not_this_persons():
    view, points, _ = _head()
    view[92:192, 136:150] = (45, 32, 25)  # a lock of the hair's colour falling past the chin on the right
    other = points + (80, 40)  # another face below and to the right: the lock lies nearer to it
    skin = regions.skin_likelihood(view, points)
    mine, shared = (regions.person_likelihood(view, points, 1 / 3, skin, faces) for faces in ((), [other]))
    assert mine[170, 138:148].min() == 1 and shared[170, 138:148].max() == 0
    assert shared[66, 96] == 1 and shared[100, 136:140].min() == 1  # above the forehead; the lock beside the face
    side = regions.own_side(points, [other], 192)
    assert side[10, 180] == 1 and side[150, 96] == 1 and side[150, 150] == 0  # above the brows; the neck; the lock
    view, points, _ = _head()
    cv2.ellipse(view, (130, 55), (22, 18), 0, 0, 360, (45, 32, 25), -1)  # hair of this colour beside the crown
    skin = regions.skin_likelihood(view, points)
    mine, shared = (regions.person_likelihood(view, points, 1 / 3, skin, faces) for faces in ((), [points + (50, -45)]))
    assert mine[50:60, 125:135].min() == 1 and shared[50:60, 125:135].max() == 0 and shared[66, 96] == 1


def test_hair_the_skin_model_half_takes_in_is_seeded_where_it_is_much_darker_than_the_skin():
    view, points, _ = _head()
    hair = (view == (45, 32, 25)).all(2)
    skin = regions.skin_likelihood(view, points)
    skin[hair] = 0.3  # a skin model widened by hair over the cheeks half takes the hair in
    background = np.zeros(skin.shape, bool)
    background[:8] = True  # the view's top rows: the grey backdrop
    assert regions.hair_seed(view, points, skin, background)[50:66, 80:112].mean() > 0.5
    view[hair] = (185, 140, 118)  # hair only a little darker than the skin: not surely hair
    assert not regions.hair_seed(view, points, skin, background).any()


def test_black_hair_beside_dark_skin_counts_fully_though_the_skin_model_half_takes_it_in():
    view, points, person = _head()
    face, hair = ((view == colour).all(2) for colour in ((205, 160, 135), (45, 32, 25)))
    shade = np.random.default_rng(0).normal(0, 14, (face.sum(), 1))  # dark skin in light and shade
    view[face], view[hair] = np.clip((60, 42, 34) + shade, 0, 255).astype(np.uint8), (42, 32, 28)
    skin = regions.skin_likelihood(view, points)
    assert 0.2 < skin[62, 96] < 0.5  # the black hair looks a little like this skin
    found, _ = regions.hair_model(view, points, person, skin, 1 / 3)
    assert found[60:64, 80:112].min() > 0.85 and found[110, 96] == 0  # not 1 − 0.29 of it; the face stays


def test_grey_stubble_on_the_cheeks_does_not_make_grey_hair_count_as_skin():
    view, points, person = _head()
    face, hair = ((view == colour).all(2) for colour in ((205, 160, 135), (45, 32, 25)))
    shade = np.random.default_rng(0).normal(0, 8, (face.sum(), 1))
    view[face], view[hair] = np.clip((120, 80, 62) + shade, 0, 255).astype(np.uint8), (140, 140, 140)  # grey hair
    stubble = face & (np.random.default_rng(1).random(face.shape) < 0.3)  # grey hairs over 30% of the skin
    view[stubble] = (130, 130, 130)
    skin = regions.skin_likelihood(view, points)
    assert skin[62, 96] < 0.1 and skin[110, 90] > 0.5  # the grey hair is not this skin; the cheek is
    assert regions.hair_model(view, points, person, skin, 1 / 3)[0][60:64, 80:112].min() > 0.5


def test_hair_beside_the_face_counts_fully_where_its_colour_varies():
    view, points, person = _head()
    hair = (view == (45, 32, 25)).all(2)
    shade = np.random.default_rng(0).normal(0, 12, (hair.sum(), 1))  # strands of varied shade fit the model less
    view[hair] = np.clip(np.array((45, 32, 25)) + shade, 0, 255).astype(np.uint8)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert np.median(found[60:70, 80:112]) > 0.999  # no share of the old colour left to mix into the new one
    assert found[70:84, 90:102].max() < 1e-6 and found[110, 96] == 0  # the lower forehead and the face stay


def test_the_hair_map_leaves_patches_of_the_hairs_colour_apart_from_it():
    view, points, _ = _head()
    view[150:162, 40:70] = (45, 32, 25)  # a patch of the hair's colour below the chin, background between
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[58:64, 80:112].min() > 0.5  # the hair above the forehead
    assert found[150:162, 40:70].max() == 0  # the patch: apart from the hair


def test_a_narrow_part_of_the_hairs_colour_jutting_out_beside_the_head_is_cut_back_and_broad_hair_stays(monkeypatch):
    def hair_map(view: np.ndarray) -> np.ndarray:
        person = (view != (150, 170, 190)).any(2).astype(np.float32)
        return regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 2)[0]
    view, points, _ = _head()
    view[66:74, 10:60] = (45, 32, 25)  # a bar of the hair's colour jutting out sideways: a sign, a wall's edge
    wide = np.full_like(view, (150, 170, 190))  # big hair, reaching as far out all round
    cv2.ellipse(wide, (96, 92), (66, 60), 0, 0, 360, (45, 32, 25), -1)
    head = (_head()[0] != (150, 170, 190)).any(2)
    wide[head] = _head()[0][head]
    trimmed, broad = hair_map(view), hair_map(wide)
    monkeypatch.setattr(regions, "_trimmed", lambda found, points: np.ones_like(found))
    assert hair_map(view)[68:72, 30:44].min() > 0.5 and trimmed[68:72, 10:44].max() < 0.1  # the bar's far part cut
    assert trimmed[58:64, 80:112].min() > 0.5 and trimmed[100, 58] > 0.3  # above the forehead, beside the temple
    assert np.array_equal(broad, hair_map(wide)) and broad[68:72, 36:40].min() > 0.5  # big hair: all of it stays


def test_long_hair_is_followed_down_beside_the_neck():
    view, points, _ = _head()
    view[92:192, 44:62] = (45, 32, 25)  # a lock falling from the temple past the chin, to the view's edge
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[175, 48:58].min() > 0.5  # three quarters of a brow-to-chin distance below the chin: still hair


def test_long_hairs_lengths_are_followed_out_over_the_shoulders_but_not_beside_the_head():
    view, points, _ = _head()
    view[150:192, 14:62] = (45, 32, 25)  # lengths spread out below the chin, joined to the lock above them
    view[92:150, 44:62] = (45, 32, 25)
    view[100:130, 8:24] = (45, 32, 25)  # a patch of the hair's colour beside the head, above the chin
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[180, 20:30].min() > 0.5  # 0.6–0.75 crop sides beyond the dropped outline, over a shoulder
    assert found[100:130, 8:16].max() < 0.1  # as far out beside the face: background


def test_short_hair_is_found_however_much_background_lies_above_it():
    view, points, _ = _head(bald=True)
    cv2.ellipse(view, (96, 70), (30, 9), 0, 180, 360, (45, 32, 25), -1)  # a thin cap of short hair
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    assert regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)[0][64, 96] > 0.5


def test_a_beard_the_colour_of_the_hair_does_not_make_the_hair_count_as_skin():
    view, points, person = _head()
    view[118:142, 70:122] = (45, 32, 25)  # a full beard below the mouth, the hair's colour
    skin = regions.skin_likelihood(view, points)
    assert skin[110, 90] > 0.5 and skin[66, 96] < 0.1  # the cheek is skin, the hair is not
    assert regions.hair_model(view, points, person, skin, 1 / 3)[0][66, 96] > 0.5


def test_long_hair_beside_a_bearded_neck_fades_and_sheen_specks_inside_the_hair_count_as_hair():
    view, points, _ = _head()
    view[92:170, 48:144][(view[92:170, 48:144] == (150, 170, 190)).all(2)] = (45, 32, 25)  # falling past the chin
    view[124:142, 76:116] = (45, 32, 25)  # and a beard on the chin
    view[55:65:4, 76:118:6] = (120, 130, 150)  # single-pixel sheen highlights, bluish grey: unlike the hair
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[55:65:4, 76:118:6].min() > 0.5  # no holes where the sheen is
    rows = found[140:165, 56:136]  # below the chin, across the beard zone and the hair beside it
    assert np.abs(np.diff(rows, axis=1)).max() < 0.5  # the beard zone's outline fades: no cut from 1 to 0


def test_a_broad_patch_of_grey_sheen_inside_the_hair_is_hair_and_a_gap_onto_the_background_is_not():
    view, points, person = _head()
    hair = (view == (45, 32, 25)).all(2)
    shades = np.random.default_rng(0).normal(0, 8, (hair.sum(), 1))  # its strands lighter and darker
    view[hair] = np.clip(view[hair] + shades, 0, 255).astype(np.uint8)
    view[56:66, 82:94] = (80, 70, 66)  # dark hair's broad greyish sheen, enclosed by hair
    found, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[58:64, 84:92].min() > 0.9  # wider than the specks the closing takes in (0.38 without the filling)
    fits = np.ones((40, 40), np.float32)
    fits[5:10, 5:10], fits[20:40, 15:20], fits[15:35, 25:35] = 0.4, 0.4, 0.4  # a dip, a gap, a wide hole
    fits[7, :5] = 0.6  # a channel from the dip to the edge, fitting better than the dip
    fits[2:6, 30:34] = 0.1  # a small patch nothing like the hair
    raised = regions.filled(fits, largest=100, lowest=36)
    assert np.array_equal(regions.filled(fits, largest=100, lowest=9), fits)  # all of them lower down
    assert np.allclose(raised[5:10, 5:10], 0.6, atol=0.05)  # to the level at which it opens onto the edge
    for part in np.s_[20:40, 15:20], np.s_[15:35, 25:35], np.s_[2:6, 30:34]:  # a gap onto the edge, wide, unlike
        assert np.array_equal(raised[part], fits[part])


def test_only_a_bearded_face_keeps_a_beard_zone_out_of_the_hair():
    view, points, _ = _head()
    view[136:170, 40:152][(view[136:170, 40:152] == (150, 170, 190)).all(2)] = (45, 32, 25)  # hair below the chin
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    skin = regions.skin_likelihood(view, points)
    assert not regions.bearded(skin, points)
    assert regions.hair_model(view, points, person, skin, 1 / 3)[0][145, 96] > 0.5  # beside the neck: hair
    view[124:142, 76:116] = (45, 32, 25)  # a beard on the chin
    skin = regions.skin_likelihood(view, points)
    assert regions.bearded(skin, points)
    found = regions.hair_model(view, points, person, skin, 1 / 3)[0]
    assert found[145, 96] < 0.1 and found[136, 77] < 0.1  # the beard zone, below the chin and the jaw: not hair
    # the same dark chin on a face known to have no beard (a woman's, by the classifier): the neck's shadow, so
    # only the neck's width stays out and hair beside the jaw is hair
    found = regions.hair_model(view, points, person, skin, 1 / 3, clean_shaven=True)[0]
    assert found[145, 96] < 0.1 and found[136, 77] > 0.9


def test_typical_hair_colours_come_from_the_frames_labels():
    frames = torch.zeros(4, 3, 96, 80, dtype=torch.uint8)
    frames[:, :, 52:60] = torch.tensor([205, 160, 135], dtype=torch.uint8)[:, None, None]  # cheeks
    frames[:, :, :16, 10:70] = torch.tensor([60, 40, 30], dtype=torch.uint8)[:, None, None]  # dark hair
    frames[2:, :, :16, 10:70] = torch.tensor([220, 190, 120], dtype=torch.uint8)[:, None, None]  # blond hair
    frames[:, :, :5, :5] = frames[:, :, :5, 75:] = 128  # the background in the top corners
    model, counted = hair_colours(frames, {"blond_hair": torch.tensor([0, 0, 1, 1])})
    assert counted == 4 and model.lab[0, 1, 0] > model.lab[0, 0, 0] + 30  # blond is lighter
    target, away = model.target("blond_hair", -1.0)
    assert torch.equal(target, model.lab[0, 0]) and torch.equal(away, model.lab[0, 1])


def test_an_unknown_hair_colour_is_refused():
    import pytest
    with pytest.raises(KeyError, match="not a hair colour"):
        HairColours(HairColoursConfig(names=["blond_hair"])).target("smiling", 1.0)


def test_a_forehead_highlight_below_short_hair_that_shows_the_scalp_is_not_hair():
    view, points, person = _head()
    rng = np.random.default_rng(0)
    face = (view == (205, 160, 135)).all(2)
    view[face] = np.clip((205, 160, 135) + rng.normal(0, 6, (face.sum(), 1)), 0, 255).astype(np.uint8)  # lit unevenly
    cap = (view == (45, 32, 25)).all(2) & (np.arange(192)[:, None] < 84)
    view[cap & (rng.random((192, 192)) < 0.35)] = (205, 160, 135)  # the scalp's skin between short hairs
    view[62:70, 80:112] = (228, 186, 160)  # a highlight on the forehead where the hair recedes
    skin = regions.skin_likelihood(view, points)
    assert 0.1 < skin[66, 96] < 0.5  # half like the cheeks
    found, model = regions.hair_model(view, points, person, skin, 1 / 3)
    assert found[62:70, 84:108].max() < 0.05  # the blond slider leaves it alone
    assert found[50, 96] > 0.5 and found[100, 58] > 0.5  # the hair is still found
    assert np.linalg.inv(model[1:])[0, 0] < 10 ** 2  # the hair's lightness model stays tight (the skin not in it)


def test_sheen_that_looks_like_skin_inside_the_hair_is_hair_and_an_ear_or_skin_below_the_chin_is_not():
    view, points, _ = _head()
    view[146:170, 50:142] = (45, 32, 25)  # a dark top below the chin
    view[155:161, 90:100] = (205, 160, 135)  # with skin showing through it (lace, a neckline)
    view[50:56, 80:104] = (205, 160, 135)  # a highlight on brown hair, the colour of the skin, amid the hair
    view[96:112, 58:63] = (205, 160, 135)  # an ear, parted from the face by a sideburn
    person = (view != (150, 170, 190)).any(2).astype(np.float32)
    skin = regions.skin_likelihood(view, points)
    assert skin[53, 92] > 0.5 and skin[158, 95] > 0.5 and skin[104, 60] > 0.5  # all look like skin
    sheen = regions.sheen(skin, points, 64)
    assert sheen[53, 92] and not sheen[158, 95] and not sheen[104, 60]
    found, model = regions.hair_model(view, points, person, skin, 1 / 3)
    assert found[52:55, 84:100].min() > 0.5  # the highlight is hair
    assert found[156:160, 92:98].max() < 0.5 and found[100:108, 59:62].max() < 0.5  # the skin below the chin, the ear
    assert model[0, 0] < 30  # the hair's colour model stays the dark hair's (the highlight is not in it)


def test_hair_falling_over_the_faces_side_joins_the_map_and_skin_or_a_glasses_arm_does_not():
    view, points, person = _head()
    view[84:97, 64:79] = (45, 32, 25)  # a lock over the left temple, from the hair beside the face inwards
    view[88:90, 120:132] = (45, 32, 25)  # a glasses' arm, two pixels thick, at the right temple
    points[33] = (96, 100)  # the nose's base below both
    found, model = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    assert found[91:95, 70:75].max() < 0.5  # the hair map leaves the face's side out
    over = regions.over_face(view, points, found, model)
    assert over[91:95, 70:75].min() > 0.5 and np.all(over >= found)
    assert over[89, 116:121].max() < 0.1 and over[110, 96] == 0  # the arm, the cheek's skin


def test_on_a_wide_jaw_the_hair_over_the_faces_side_is_found_shrunk_and_matches(monkeypatch):
    view, points, person = _head()
    view[84:97, 64:79] = (45, 32, 25)  # a lock over the left temple
    points[33] = (96, 100)
    found, model = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
    whole = regions.over_face(view, points, found, model)
    monkeypatch.setattr(regions, "WORK_WIDTH", np.ptp(points[regions.JAW, 0]) / 2)  # this jaw is twice as wide
    shrunk = regions.over_face(view, points, found, model)
    assert shrunk[91:95, 70:75].min() > 0.5 and np.all(shrunk >= found) and shrunk[110, 96] == 0
    assert np.abs(shrunk - whole).mean() < 0.01


def test_a_light_pink_over_the_crown_is_a_headband_not_hair_and_red_hair_is_hair():
    for colour, found in (((235, 175, 190), False), ((230, 200, 205), False), ((150, 70, 40), True),
                          ((45, 32, 25), True)):  # over the crown: pink, pale pink, red and dark brown
        view, points, person = _head()
        view[(view == (45, 32, 25)).all(2)] = colour
        hair, _ = regions.hair_model(view, points, person, regions.skin_likelihood(view, points), 1 / 3)
        assert hair.any() == found, colour
