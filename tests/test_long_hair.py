"""Long hair through the whole-frame models: where new hair may fall, how it is drawn and composited."""
from dataclasses import replace

import cv2
import numpy as np
import pytest
import torch
from PIL import Image

from ganedit.api import judge_face, prepare_photo, render_photo
from ganedit.data import load_faces
from ganedit.edits import long_hair, regions
from ganedit.edits.photo import grow_hair, prepare, to_photo
from ganedit.edits.tuning import TuningSettings
from ganedit.faces import SIZE, find_face
from ganedit.models.sr import SRConfig, SRResNet
from tiny import tiny_face_models


@pytest.fixture(scope="module")
def prepared(faces_root):
    """A 400×460 photo of one val face, prepared with tiny face and frame models."""
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (400, 460), (90, 120, 150))
    photo.paste(face.resize((240, 240), Image.BICUBIC), (80, 90))
    sr = SRResNet(SRConfig(channels=8, blocks=1)).eval().requires_grad_(False)
    state = prepare(np.asarray(photo), find_face(photo), tiny_face_models(), sr, settings=TuningSettings(steps=3),
                    frames=tiny_face_models(size=(96, 80)))
    return state, sr


def points_of(state) -> np.ndarray:
    return long_hair.frame_points(state.landmarks * (SIZE / len(state.reconstruction)))


def test_new_hair_falls_beside_the_face_and_neck_never_on_them_nor_at_the_frames_sides(prepared):
    state, _ = prepared
    points = points_of(state)
    zone = long_hair.zone(points)
    assert zone.shape == tuple(side * long_hair.UP for side in long_hair.CANVAS)
    assert 0 <= zone.min() and zone.max() <= 1
    assert not zone[long_hair.body(points, zone.shape) > 0].any()  # the face, the forehead, the crown, the neck
    assert not zone[:, 0].any() and not zone[:, -1].any()  # fades out before the frame's sides: no straight seam
    chin, brows = points[8, 1], points[regions.BROWS, 1].mean()
    cheek = points[3]  # beside the jaw, a little outward: new hair may fall there
    assert zone[int(cheek[1]), int(cheek[0] - 0.1 * (points[16, 0] - points[0, 0]))] > 0.5
    below = int(chin + long_hair.REACH[1] * (chin - brows)) + 1
    assert not zone[below:].any()


def test_hair_like_tells_the_new_hairs_colour_from_what_was_there():
    before = np.full((96 * 4, 80 * 4, 3), 230.0, np.float32)  # a light background
    after = before.copy()
    after[:60, 100:220] = (60, 40, 30)  # dark brown hair on the cap above the face, and falling at the left
    after[100:300, 10:50] = (62, 41, 31)
    after[100:300, 270:310] = (228, 231, 229)  # the background a shade off: not hair
    like = long_hair.hair_like(before, after)
    assert like[200, 30] > 0.99 and like[200, 290] < 0.01


def test_without_a_move_no_hair_grows_and_with_one_only_pixels_off_the_face_change(prepared):
    state, sr = prepared
    assert np.array_equal(grow_hair(state, state.photo, state.frame.z, sr), state.photo)
    moved = state.frame.z + 4 * torch.randn(1, state.frame.z.shape[1], generator=torch.Generator().manual_seed(1))
    edited = grow_hair(state, state.photo, moved, sr)
    changed = (edited != state.photo).any(2)
    to_photo_matrix = cv2.invertAffineTransform(state.alignment.matrix)
    face = cv2.transform(regions.whole_face(state.alignment.landmarks)[None], np.eye(2, 3))[0]
    inside = cv2.fillConvexPoly(np.zeros(changed.shape, np.uint8), cv2.convexHull(face.astype(np.int32)), 1)
    assert changed.any() and not changed[cv2.erode(inside, np.ones((3, 3), np.uint8)) > 0].any()
    left, top = cv2.transform(np.array([[long_hair.CANVAS_IN_FACE[:2]]]), to_photo_matrix)[0, 0]
    assert not changed[:int(top)].any() and not changed[:, :int(left)].any()  # nothing beyond the frame


def test_layers_of_the_frame_land_on_the_frames_box_in_the_photo():
    matrix = np.array([[0.5, 0, -10], [0, 0.5, -20]])  # photo → face: the 64-px face is 128 px at (20, 40)
    layer = np.ones(long_hair.CANVAS, np.float32)
    warped, (top, left, bottom, right) = to_photo(layer, matrix, (400, 400), long_hair.CANVAS_IN_FACE)
    frame_left, frame_top = 20 + 2 * long_hair.CANVAS_IN_FACE[0], 40 + 2 * long_hair.CANVAS_IN_FACE[1]
    assert abs(left - frame_left) <= 1 and abs(top - frame_top) <= 1
    assert abs(right - left - 2 * long_hair.CANVAS[1]) <= 2 and abs(bottom - top - 2 * long_hair.CANVAS[0]) <= 2
    assert warped[5:-5, 5:-5].min() > 0.99


def test_hair_already_long_grows_as_much_less_as_the_classifier_is_sure_of_it(tiny_weights, faces_root):
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (300, 340), (90, 120, 150))
    photo.paste(face.resize((180, 180), Image.BICUBIC), (60, 70))
    assert prepare_photo(photo).frame is None  # the whole frame is fitted only when asked for
    prepared = prepare_photo(photo, frames=True)
    assert prepared.frame.room == pytest.approx(1 - judge_face(prepared.alignment.face)["long_hair"])
    grown = replace(prepared, frame=replace(prepared.frame, room=1.0))
    assert not np.array_equal(np.asarray(render_photo(grown, {"long_hair": 3})), np.asarray(photo))
    full = replace(prepared, frame=replace(prepared.frame, room=0.0))  # the classifier sure the hair is long
    assert np.array_equal(np.asarray(render_photo(full, {"long_hair": 3})), np.asarray(photo))


def test_new_hair_has_no_holes_and_no_pieces_floating_off_the_head(prepared):
    state, _ = prepared
    points = points_of(state)
    shape = tuple(side * long_hair.UP for side in long_hair.CANVAS)
    share = np.zeros(shape, np.float32)
    column = int(points[2, 0])  # a lock beside the jaw, from the face's outline outward, with a hole in it
    share[int(points[2, 1]):int(points[5, 1]), column - 30:column + 2] = 1
    hole = int(points[3, 1]), column - 15
    share[hole[0] - 3:hole[0] + 3, hole[1] - 3:hole[1] + 3] = 0
    share[-30:-10, 5:25] = 1  # a piece far from the face and the neck, at the canvas's lower corner
    kept = long_hair.attached(share, points)
    assert kept[hole] > 0.9 and kept[int(points[3, 1]), column - 25] > 0.9 and kept[-20, 15] < 0.01


def test_new_hair_takes_the_detail_of_the_photos_own_hair():
    rng = np.random.default_rng(1)
    photo = np.full((200, 200, 3), 120, np.float32)
    photo[:100] += rng.normal(0, 20, (100, 200, 1)).astype(np.float32)  # grainy hair above, flat skin below
    hair = np.zeros((200, 200), np.float32)
    hair[:100] = 1
    texture = long_hair.hair_texture(photo, hair, (60, 90), face_pixel=2.0)
    assert texture.shape == (60, 90) and 5 < texture.std() < 30 and abs(texture.mean()) < 3
    assert long_hair.hair_texture(photo, np.zeros_like(hair), (60, 90), 2.0) is None  # no hair: no texture
    flat = texture - cv2.GaussianBlur(texture, (0, 0), 1)  # the grain was the same every way; stretched, it falls
    assert np.mean(flat[1:] * flat[:-1]) > 2 * np.mean(flat[:, 1:] * flat[:, :-1])  # in strands down, not across


def test_new_hair_falls_behind_the_skin_of_the_ears_and_hands():
    box = np.full((40, 50, 3), 200, np.float32)
    shown, share = np.full((40, 50, 3), 30, np.float32), np.ones((40, 50), np.float32)
    skin = np.zeros((40, 50), np.float32)
    skin[:, 25:] = 1  # an ear on the right half
    front = long_hair.in_front(skin, face_pixel=2.0)
    grown = long_hair.composite(box, shown, share, 2.0, front=front)
    assert np.allclose(grown[:, -10:], 200) and grown[:, :10].max() < 100  # the ear stays, hair covers the rest
