"""Eyeglasses drawn on a photo: frames about the eyes, nothing else changed, opacity from the slider."""
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from ganedit.api import judge_face, latents, prepare_latent, prepare_photo, render, render_photo
from ganedit.edits import glasses


def test_frames_lie_about_the_eyes_are_dark_and_leave_the_eyes_and_the_rest_alone(photo):
    image, points = photo
    rgb = np.asarray(image)
    worn = glasses.wear(rgb, points, 2.0)
    changed = np.abs(worn.astype(int) - rgb).max(2) > 2
    assert changed.sum() > 100
    distance = np.linalg.norm(points[42:48].mean(0) - points[36:42].mean(0))
    rows, columns = np.nonzero(changed)
    assert columns.min() >= points[0, 0] - 0.3 * distance and columns.max() <= points[16, 0] + 0.3 * distance
    eyes_row = points[36:48, 1].mean()
    assert rows.min() >= eyes_row - 0.6 * distance and rows.max() <= eyes_row + 0.7 * distance
    for eye in (points[36:42].mean(0), points[42:48].mean(0)):  # seen through the lens as it was
        row, column = np.round(eye).astype(int)[::-1]
        assert not changed[row - 1:row + 2, column - 1:column + 2].any()
    assert worn[changed].mean() < rgb[changed].mean()  # dark frames and their shadow


def test_the_arms_run_from_the_lenses_to_the_faces_outline_solid_until_near_their_end(photo):
    image, points = photo
    pair = glasses.frames(points)
    assert len(pair.arms) == 2  # a frontal face: both arms show
    for arm, jaw in zip(sorted(pair.arms, key=lambda line: line[1, 0]), (points[0], points[16])):
        assert abs(arm[1, 0] - jaw[0]) < 1.5  # they end at the outline (the ear, the hair), not on the temple
    flat = np.full(np.asarray(image).shape, 200, np.uint8)
    darker = 200 - glasses.wear(flat, points, 2.0).astype(int).mean(2)  # the frames' colour is near black
    start, end = max(pair.arms, key=lambda line: line[0, 0] - line[1, 0])  # running left from the left lens
    solid, tip, beyond = (np.round(start + share * (end - start)).astype(int) for share in (0.7, 0.99, 1.3))
    assert darker[solid[1], solid[0]] > 150 > 120 > darker[tip[1], tip[0]] > 20  # solid, fainter at the very end
    assert darker[beyond[1], beyond[0]] < 5  # and nothing past the outline


def test_the_frames_shadow_on_the_skin_below_them_is_faint_and_soft(photo):
    _, points = photo
    flat = np.full((340, 300, 3), 200, np.uint8)
    worn = glasses.wear(flat, points, 2.0).mean(2) / 200
    for eye in (points[36:42].mean(0), points[42:48].mean(0)):
        below = worn[:, round(eye[0])]
        rim = np.nonzero(below < 0.5)[0].max()  # the lens's lower rim under the eye's centre
        shade = below[rim + 1:rim + 25]
        assert 0.8 < shade.min() < 0.97 and shade[-1] == 1  # a faint shadow (a hard dark band read as pasted on)


def test_the_strength_sets_how_opaque_the_frames_are(photo):
    image, points = photo
    rgb = np.asarray(image)
    assert np.array_equal(glasses.wear(rgb, points, 0.0), rgb)
    assert np.array_equal(glasses.wear(rgb, points, -1.0), rgb)
    change = [np.abs(glasses.wear(rgb, points, s).astype(int) - rgb).sum() for s in (0.5, 1.0, 2.0)]
    assert change[0] < change[1] == change[2]  # solid from FULL on


def test_the_far_lens_of_a_turned_face_is_narrower_and_both_tilt_with_the_eyes(photo):
    _, points = photo
    for lens, jaw in zip(glasses.frames(points).lenses, points[[0, 16]]):  # inside the face's outline
        assert np.abs(lens[:, 0] - points[27, 0]).max() < abs(jaw[0] - points[27, 0])
    turned = points.copy()
    turned[42:48, 0] = points[42:48].mean(0)[0] + 0.8 * (points[42:48, 0] - points[42:48].mean(0)[0])
    near, far = glasses.frames(turned).lenses
    assert np.ptp(far[:, 0]) < np.ptp(near[:, 0])
    angle = np.deg2rad(10)
    centre = points.mean(0)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    left, right = glasses.frames((points - centre) @ rotation.T + centre).lenses
    assert right.mean(0)[1] > left.mean(0)[1] + 0.1 * np.linalg.norm(right.mean(0) - left.mean(0))


def test_render_photo_draws_frames_only_on_a_face_without_glasses(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    assert prepared.wears_glasses == (judge_face(prepared.alignment.face)["eyeglasses"] > 0.5)
    bare = replace(prepared, wears_glasses=False)
    framed = glasses.wear(bare.photo, bare.landmarks_on_photo(), 2.0)
    assert np.array_equal(np.asarray(render_photo(bare, {"eyeglasses": 2})), framed)
    assert np.abs(bare.landmarks_on_photo() - prepared.alignment.landmarks).max() < 1.5
    already = np.asarray(render_photo(replace(prepared, wears_glasses=True), {"eyeglasses": 2}))
    assert np.array_equal(already, prepared.photo)  # no second pair over the photo's own, nor G′'s smudges


def test_frames_on_a_soft_photo_are_as_soft_as_it_is(photo):
    image, points = photo
    sharp = np.asarray(image)
    soft = cv2.GaussianBlur(sharp, (0, 0), 2.0)

    def steepest(rgb):  # the frames' steepest edge: the largest step between neighbours of what they changed
        drawn = glasses.wear(rgb, points, 2.0).astype(float).mean(2) - rgb.astype(float).mean(2)
        return max(np.abs(np.diff(drawn, axis=0)).max(), np.abs(np.diff(drawn, axis=1)).max())
    assert steepest(soft) < 0.7 * steepest(sharp)


def test_a_made_up_face_is_judged_for_glasses_as_a_photo_is(tiny_weights):
    z = latents(1, seed=3)
    prepared = prepare_latent(z)
    assert prepared.wears_glasses == (judge_face(render(z))["eyeglasses"] > 0.5)


def _framed(shape: tuple[int, int], points: np.ndarray) -> np.ndarray:
    """Where frames drawn for the face's ``points`` lie (bool [h,w]): on a flat grey photo of ``shape``, so that
    neither the face under them nor their grain moves their outline."""
    flat = np.full((*shape, 3), 200, np.uint8)
    return (flat.astype(int) - glasses.wear(flat, points, 2.0)).max(2) > 40  # frames, not shadow


def test_the_brow_bar_tapers_into_the_lower_rim_without_a_step_at_the_lenses_sides(photo):
    image, points = photo
    image, points = image.resize((900, 1020), Image.BICUBIC), points * 3  # large enough to see the rim's width
    framed = _framed(image.size[::-1], points)
    thickness = []
    for lens in glasses.frames(points).lenses:
        for side in (lens[0], lens[len(lens) // 2]):  # the outline's angles 0 and π: its sides at mid-height
            columns = slice(int(side[0]) - 12, int(side[0]) + 13)
            widths = [framed[round(side[1]) + offset, columns].sum() for offset in range(-8, 9, 2)]
            assert np.abs(np.diff(widths)).max() <= 1, widths  # the rim's width changes gradually about mid-height
        top, bottom = lens[3 * len(lens) // 4], lens[len(lens) // 4]
        thickness.append([framed[int(y) - 12:int(y) + 13, int(x)].sum() for x, y in (top, bottom)])
    assert all(top >= bottom + 3 for top, bottom in thickness)  # a brow bar: thicker at the top


def test_the_bridge_is_as_heavy_as_the_brow_bar_it_joins(photo):
    image, points = photo
    image, points = image.resize((900, 1020), Image.BICUBIC), points * 3
    framed = _framed(image.size[::-1], points)
    pair = glasses.frames(points)
    x, y = np.round(pair.bridge[len(pair.bridge) // 2]).astype(int)  # the bridge's middle
    lens = pair.lenses[0]
    top_x, top_y = np.round(lens[3 * len(lens) // 4]).astype(int)  # the top of a lens: the brow bar
    bridge, brow = framed[y - 15:y + 16, x].sum(), framed[top_y - 15:top_y + 16, top_x].sum()
    assert abs(bridge - brow) <= 2, (bridge, brow)
