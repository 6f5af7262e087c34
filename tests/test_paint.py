"""Colour strokes on the face paint the part they lie on (ganedit.edits.paint), in the photo's own texture."""
import cv2
import numpy as np
import pytest

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import paint
from ganedit.edits.paint import LIPSTICK, face_paint, lipstick, makeup
from ganedit.edits.photo import matted, paint_face
from ganedit.edits.regions import hull, to_lab

SIZE = 128


def ellipse(centre, radii, count):
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    return np.stack([centre[0] + radii[0] * np.cos(angles), centre[1] + radii[1] * np.sin(angles)], 1)


def face() -> tuple[np.ndarray, np.ndarray]:
    """A 128×128 made-up face (uint8 RGB, textured skin, pink lips, white teeth between them) and its 68
    landmarks: the outer lips 48–59 and inner lips 60–67 about (64, 96), the brows 17–26 arched about y = 40, the
    rest far off on the jaw's line."""
    points = np.zeros((68, 2), np.float32)
    points[:17] = ellipse((64, 64), (60, 62), 17)
    arch = np.array([44, 39, 37, 39, 44])
    points[17:22] = np.stack([np.linspace(30, 54, 5), arch], 1)
    points[22:27] = np.stack([np.linspace(74, 98, 5), arch], 1)
    points[48:60] = ellipse((64, 96), (20, 8), 12)
    points[60:68] = ellipse((64, 96), (12, 2.5), 8)
    grain = np.random.default_rng(0).normal(0, 6, (SIZE, SIZE, 1))
    photo = np.full((SIZE, SIZE, 3), (200, 150, 120), np.float32) + grain
    rows, columns = np.mgrid[:SIZE, :SIZE]
    lips = ((columns - 64) / 20) ** 2 + ((rows - 96) / 8) ** 2 < 1
    teeth = ((columns - 64) / 12) ** 2 + ((rows - 96) / 2.5) ** 2 < 1
    photo[lips] = (175, 105, 105) + grain[lips]
    photo[teeth] = 245
    return photo.clip(0, 255).astype(np.uint8), points


def stroke(rows: slice, columns: slice, colour=(176, 48, 48, 255)) -> np.ndarray:
    strokes = np.zeros((SIZE, SIZE, 4), np.uint8)
    strokes[rows, columns] = colour
    return strokes


def test_a_stroke_across_the_lips_paints_the_lips_not_the_teeth_nor_the_skin():
    photo, points = face()
    (lipstick,) = face_paint(stroke(slice(93, 95), slice(50, 78)), points)  # a short stroke through the mouth
    assert lipstick.weight[96, 48] > 0.9 and lipstick.weight[96, 80] > 0.9  # the whole lips, past the stroke
    assert lipstick.weight[96, 64] < 0.1 and lipstick.weight[60, 64] == 0  # not the teeth, not the cheeks
    out = paint_face(photo, np.array([[0.5, 0, 0], [0, 0.5, 0]]), [lipstick])  # the 128-px photo is the face
    lips = (lipstick.weight > 0.9)
    before, after = to_lab(photo[lips]), to_lab(out[lips])
    assert after[:, 1].mean() > before[:, 1].mean() + 10  # redder
    assert 0.7 < after[:, 0].std() / before[:, 0].std() < 1.5  # the lips' own grain stays
    assert np.array_equal(out[:80], photo[:80])  # above the mouth: the photo's pixels, bit for bit


def test_the_lipstick_slider_paints_the_lips_towards_its_red_as_far_as_its_strength_says():
    photo, points = face()
    lips = face_paint(stroke(slice(93, 95), slice(50, 78)), points)[0].weight > 0.9
    mean_a = [to_lab(paint_face(photo, np.array([[0.5, 0, 0], [0, 0.5, 0]]), [lipstick(points, SIZE, strength)])[lips])
              [:, 1].mean() for strength in (0, 1, 2, 3)]
    own = to_lab(photo[lips])[:, 1].mean()
    assert abs(mean_a[0] - own) < 0.5  # none at 0
    assert own + 5 < mean_a[1] < mean_a[2] - 5 and abs(mean_a[2] - LIPSTICK[1]) < 4 and abs(mean_a[3] - mean_a[2]) < 0.5
    assert lipstick(points, SIZE, 2).weight[60, 64] == 0  # nothing off the lips


def test_heavy_makeup_paints_the_lips_and_shades_the_upper_lids_but_not_the_eyes_or_the_brows():
    _, points = face()
    eye = np.array([[-10, 0], [-4, -4], [4, -4], [10, 0], [4, 4], [-4, 4]], np.float32)  # dlib's order: upper lid first
    points[36:48] = np.vstack([eye + (42, 58), eye + (86, 58)])
    lips, lids = makeup(points, SIZE, 2.0)
    assert lips.weight[96, 48] > 0.9 and lips.step.target[1] == LIPSTICK[1]
    assert lids.weight[50, 42] > 0.5 and lids.weight[50, 86] > 0.5  # above each eye, below its brow
    assert lids.weight[60, 42] < 0.1 and lids.weight[38, 42] < 0.1  # not the eye, not the brow
    assert makeup(points, SIZE, 1.0)[1].step.strength < lids.step.strength


def test_a_stroke_off_every_part_paints_its_own_footprint_and_strokes_on_a_brow_the_brow():
    photo, points = face()
    cheek, brow = face_paint(stroke(slice(70, 74), slice(20, 30)) + stroke(slice(39, 41), slice(34, 50)), points)
    assert cheek.weight[72, 25] > 0.9 and cheek.weight[72, 45] == 0 and cheek.weight[40, 40] == 0
    assert brow.weight[41, 36] > 0.9 and brow.weight[41, 48] > 0.9 and brow.weight[41, 90] == 0  # its own brow


def test_matting_gives_the_pixels_where_hair_meets_the_background_a_share_of_the_edit():
    columns = np.arange(500, dtype=np.float32)  # a box of 500 px: a matte 2 px wide
    share = np.clip((254 - columns) / 4, 0, 1)  # hair (1) at the left, background (0) from column 254: a soft edge
    box = np.repeat((20 * share + 200 * (1 - share))[None, :, None], 3, 2).repeat(50, 0).astype(np.uint8)
    gated = np.where(share[None].repeat(50, 0) == 1, 1.0, 0.0)  # the colour gate takes only the pure hair
    marked = np.ones(box.shape[:2], bool)
    weight = matted(box, marked, gated[marked]).reshape(box.shape[:2])
    assert weight[25, 200] > 0.9 and weight[25, 300] == 0  # the hair, the background farther off
    assert 0.2 < weight[25, 251] < 0.9  # three quarters hair: a share of the edit, not none
    assert weight[25, 253:].max() == 0  # mostly background: none


def test_render_photo_paints_lipstick_and_makeup_instead_of_moving_the_latent(tiny_weights, photo):
    prepared = prepare_photo(photo[0])
    size = len(prepared.reconstruction)
    for name, paints in (("wearing_lipstick", [lipstick(prepared.landmarks, size, 2.0)]),
                         ("heavy_makeup", makeup(prepared.landmarks, size, 2.0))):
        painted = paint_face(prepared.photo, prepared.alignment.matrix, paints)
        assert not np.array_equal(painted, prepared.photo)
        assert np.array_equal(np.asarray(render_photo(prepared, {name: 2})), painted)


@pytest.fixture(scope="module")
def skin(photo):
    """Plain skin with the ``photo`` fixture's eyes, lips and nose drawn darker, and its landmarks [68,2]."""
    _, points = photo
    rgb = np.full((340, 300, 3), (200, 160, 140), np.uint8)
    for part in (points[36:42], points[42:48], points[48:60], points[27:36]):
        cv2.fillPoly(rgb, [np.round(part).astype(np.int32)], (120, 80, 70))
    return rgb, points


def _lightness(image: np.ndarray, at: np.ndarray) -> float:
    """The mean CIELAB L* of the 3×3 pixels of ``image`` about ``at`` (x, y)."""
    x, y = np.round(at).astype(int)
    return float(to_lab(image[y - 1:y + 2, x - 1:x + 2]).mean((0, 1))[0])


def test_rosy_cheeks_redden_the_cheeks_skin_only_and_negative_takes_their_redness_away(skin):
    rgb, points = skin
    cheek = np.round((points[31] + points[2]) / 2).astype(int)
    rosy = paint.blush(rgb, points, 2.0)
    def a_star(image: np.ndarray) -> float:
        return float(to_lab(image[cheek[1] - 2:cheek[1] + 3, cheek[0] - 2:cheek[0] + 3]).mean((0, 1))[1])

    assert a_star(rosy) > a_star(rgb) + 6
    changed = (rosy != rgb).any(2)
    for part in (points[36:42], points[42:48], points[48:60], points[30:36]):
        assert not changed[hull(part, changed.shape) > 0].any()
    assert not changed[:, :int(points[0, 0])].any() and not changed[int(points[8, 1]):].any()
    assert a_star(paint.blush(rosy, points, -2.0)) < a_star(rosy) - 3
    assert paint.blush(rgb, points, 0.0) is rgb


@pytest.mark.parametrize("name, shade", [("rosy_cheeks", paint.blush), ("bags_under_eyes", paint.bags),
                                         ("high_cheekbones", paint.cheekbones)])
def test_render_photo_shades_the_skin_instead_of_moving_the_latent(tiny_weights, photo, name, shade):
    image, _ = photo
    prepared = prepare_photo(image)
    for strength in (1.5, -1.5):
        expected = shade(prepared.photo, prepared.landmarks_on_photo(), strength)
        assert np.array_equal(np.asarray(render_photo(prepared, {name: strength})), expected)


def test_high_cheekbones_light_the_cheekbones_and_shade_the_hollows_below(skin):
    rgb, points = skin
    bone = points[36] + paint.CHEEKBONE[0] * (points[2] - points[36])
    hollow = points[1] + paint.HOLLOW[0] * (points[48] - points[1])
    contoured, flattened = paint.cheekbones(rgb, points, 2.0), paint.cheekbones(rgb, points, -2.0)
    assert _lightness(contoured, bone) > _lightness(rgb, bone) + 3 > _lightness(flattened, bone) + 6
    assert _lightness(contoured, hollow) < _lightness(rgb, hollow) - 3 < _lightness(flattened, hollow) - 6
    changed = (contoured != rgb).any(2)
    for part in (points[36:42], points[42:48], points[48:60], points[30:36]):
        assert not changed[hull(part, changed.shape) > 0].any()
    assert paint.cheekbones(rgb, points, 0.0) is rgb


def test_bags_under_eyes_shade_below_the_lower_lids_only_and_negative_lifts_the_shadow(skin):
    rgb, points = skin
    under = points[[40, 41]].mean(0) + (0, 0.2 * np.linalg.norm(points[39] - points[36]))  # below the lower lid
    baggy = paint.bags(rgb, points, 2.0)
    assert _lightness(baggy, under) < _lightness(rgb, under) - 5
    changed = (baggy != rgb).any(2)
    assert changed.any() and not changed[:int(points[36:48, 1].min())].any()  # nothing above the eyes
    assert not changed[int(points[33, 1]):].any()  # nor below the nose
    shadowed = rgb.copy()
    shadowed[changed] = (150, 110, 100)  # dark circles under the eyes
    assert _lightness(paint.bags(shadowed, points, -2.0), under) > _lightness(shadowed, under) + 5
    assert paint.bags(rgb, points, 0.0) is rgb

