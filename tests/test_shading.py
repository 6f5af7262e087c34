"""A smile's light and shade on the cheeks (ganedit.edits.shading, ganedit.train.smile_shading), on synthetic faces."""
import cv2
import numpy as np
import pytest
import torch

from ganedit.edits import regions
from ganedit.edits.photo import smile_moves, smiled_points
from ganedit.edits.shading import SHADING_CAP, SHADING_GAIN, cheeks, moved, shade, smile_texture
from ganedit.models.attributes import SmileShading, SmileShadingConfig
from ganedit.train.smile_shading import corner_rise, smile_shading
from test_photo import face_68


def test_a_warp_keeps_an_image_whose_points_stay_and_follows_points_that_move():
    image = np.add.outer(np.arange(128.0), 2 * np.arange(128.0)).astype(np.float32)  # rows + 2 × columns
    points = face_68()
    assert np.allclose(moved(image, points, points), image, atol=1e-3)
    shifted = moved(image, points, points + (3.0, 0.0))  # every point 3 px to the right: the image too
    assert np.allclose(shifted[20:100, 20:100], image[20:100, 17:97], atol=1e-2)


def prototypes(rise: float = 0.05) -> SmileShading:
    """Shading prototypes on ``face_68``'s shape at 64 px: a smooth random texture."""
    model = SmileShading(SmileShadingConfig())
    noise = np.random.default_rng(1).normal(size=(64, 64)).astype(np.float32)
    model.texture.copy_(torch.from_numpy(cv2.GaussianBlur(noise, (0, 0), 3) * 0.2))
    model.mean_shape.copy_(torch.from_numpy(face_68() / 2))
    model.rise.fill_(rise)
    return model


def test_a_smiles_texture_lies_on_the_cheeks_keeps_the_interiors_tone_and_grows_with_the_rise():
    points, model = face_68(), prototypes()
    texture = smile_texture(model, points, 0.05, 128)
    assert texture.shape == (128, 128) and np.abs(texture).max() > 0.01
    near = cv2.resize(cheeks(points / 2, 64), (128, 128), interpolation=cv2.INTER_LINEAR)  # at the prototypes' 64 px
    assert not texture[near == 0].any() and (near == 0).mean() > 0.8  # off the cheeks: nothing
    for kept in (points[51], points[57], points[37], points[44], (64, 20)):  # the lips, the eyes, the forehead
        assert texture[int(kept[1]), int(kept[0])] == 0
    interior = regions.hull(points[17:], 128) > 0
    assert abs(texture[interior].mean()) < 0.01 * np.abs(texture).max()  # the face keeps its tone
    assert np.allclose(smile_texture(model, points, 0.10, 128), 2 * texture, atol=1e-5)  # twice the rise
    assert np.allclose(smile_texture(model, points, -0.05, 128), -texture, atol=1e-5)  # corners lowered
    assert not smile_texture(model, points, 0.0, 128).any()
    capped = smile_texture(model, points, 1.0, 128)  # a rise far past the prototypes' is cut to the cap
    assert np.allclose(capped, SHADING_CAP / SHADING_GAIN * texture, atol=1e-4)


def test_shading_scales_the_lightness_keeps_the_hue_and_leaves_the_rest_bit_identical():
    photo = np.full((200, 200, 3), (200, 150, 125), np.uint8)  # skin
    photo[::7] = (180, 130, 110)  # with some texture
    matrix = np.array([[64 / 200, 0, 0], [0, 64 / 200, 0]])  # the photo is the 64×64 face, enlarged
    texture = np.zeros((64, 64), np.float32)
    texture[20:40, 20:40] = 0.15  # a cheek lit 15% lighter
    shaded = shade(photo, matrix, texture)
    lab, lit = regions.to_lab(photo[80:110, 80:110]), regions.to_lab(shaded[80:110, 80:110])
    assert np.allclose(lit[..., 0], lab[..., 0] * 1.15, atol=0.6)
    assert np.abs(lit[..., 1:] - lab[..., 1:]).max() < 3  # a* and b*: the skin's own hue
    far = np.ones((200, 200), bool)
    far[55:135, 55:135] = False  # beyond the texture and a pixel of interpolation
    assert (shaded[far] == photo[far]).all()


def test_prototypes_rise_is_the_corners_lift_over_the_mouths_width():
    neutral = face_68()  # a 40-px mouth
    smiling = neutral.copy()
    smiling[[48, 54], 1] -= 2.0
    assert corner_rise([smiling], [neutral]) == pytest.approx(2 / 40)
    with pytest.raises(ValueError, match="both smiling and neutral"):
        smile_shading(torch.zeros(2, 3, 64, 64, dtype=torch.uint8), np.array([True, False]), ["a", "b"])


def test_a_smiled_faces_points_are_its_landmarks_moved_as_the_smile_moves_them():
    points = face_68()  # a 40-px mouth
    after = points.copy()
    after[[48, 60, 54, 64]] += (-2.0, -4.0), (-2.0, -4.0), (2.0, -4.0), (2.0, -4.0)  # G's corners out and up
    smiled, rise = smiled_points(after - points, points)
    corners = smile_moves(after - points, points)[1][:2]
    assert np.allclose(smiled[[48, 54]], points[[48, 54]] + corners)
    assert rise == pytest.approx(-corners[:, 1].mean() / 40) and rise > 0
    assert np.allclose(smiled[:36], points[:36])  # the jaw, brows and nose stay
