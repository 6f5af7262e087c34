"""Masked completion on tiny models: only the hole changes, masks are checked, large photos work."""
import numpy as np
import pytest
from PIL import Image

import ganedit
from ganedit.data import load_faces
from ganedit.edits.completion import MaskError, region_around


def photo(width, height, mode="RGB", seed=0):
    array = np.random.default_rng(seed).integers(0, 256, (height, width, len(mode)), dtype=np.uint8)
    return Image.fromarray(array[..., 0] if mode == "L" else array, mode)


def box_mask(size, box):
    mask = Image.new("L", size, 0)
    mask.paste(255, box)
    return mask


def changed(before: Image.Image, after: Image.Image) -> np.ndarray:
    a, b = np.asarray(before).astype(int), np.asarray(after).astype(int)
    return (a != b).reshape(a.shape[0], a.shape[1], -1).any(2)


def test_only_the_hole_changes(tiny_weights):
    image, mask = photo(100, 80), box_mask((100, 80), (30, 20, 60, 50))
    result = ganedit.complete(image, mask)
    assert result.size == image.size and result.mode == "RGB"
    hole = np.asarray(mask) > 127
    assert not changed(image, result)[~hole].any() and changed(image, result)[hole].any()


def test_mask_of_another_size_is_scaled_to_the_image(tiny_weights):
    image = photo(120, 60)
    result = ganedit.complete(image, box_mask((60, 30), (0, 0, 30, 15)))  # the top-left quarter
    diff = changed(image, result)
    assert diff[:30, :60].any() and not diff[30:].any() and not diff[:, 60:].any()


def test_empty_and_full_masks_are_refused(tiny_weights):
    image = photo(40, 40)
    with pytest.raises(MaskError, match="empty"):
        ganedit.complete(image, Image.new("L", (40, 40), 0))
    with pytest.raises(MaskError, match="whole"):
        ganedit.complete(image, Image.new("L", (40, 40), 255))
    with pytest.raises(ValueError, match="method"):
        ganedit.complete(image, box_mask((40, 40), (0, 0, 9, 9)), method="paint")


def test_alpha_and_grayscale_are_kept(tiny_weights):
    mask = box_mask((32, 32), (8, 8, 16, 16))
    rgba = photo(32, 32, "RGBA")
    result = ganedit.complete(rgba, mask)
    assert result.mode == "RGBA" and np.array_equal(np.asarray(result)[..., 3], np.asarray(rgba)[..., 3])
    assert ganedit.complete(photo(32, 32, "L"), mask).mode == "L"


def test_a_small_hole_in_a_large_photo_only_touches_its_region(tiny_weights):
    image, mask = photo(2000, 1500), box_mask((2000, 1500), (1000, 700, 1040, 730))
    region = region_around(np.asarray(mask) > 127)
    assert region.bottom - region.top < 200 and region.right - region.left < 200
    diff = changed(image, ganedit.complete(image, mask))
    assert diff[700:730, 1000:1040].any() and diff.sum() <= 40 * 30


def test_gan_prior_fills_a_face_hole_only(tiny_weights, faces_root):
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    portrait = Image.new("RGB", (600, 500), (90, 120, 150))
    portrait.paste(face.resize((256, 256), Image.BICUBIC), (150, 100))
    mask = box_mask(portrait.size, (240, 200, 320, 260))
    first = ganedit.complete(portrait, mask, method="gan", seed=0)
    hole = np.asarray(mask) > 127
    assert not changed(portrait, first)[~hole].any() and changed(portrait, first)[hole].any()
    with pytest.raises(ganedit.NoFaceError):
        ganedit.complete(Image.new("RGB", (200, 200), "white"), box_mask((200, 200), (50, 50, 90, 90)), method="gan")


def test_blending_removes_a_colour_shift_and_keeps_a_fill_that_fits():
    from ganedit.edits.completion import seamless

    rng = np.random.default_rng(0)
    truth = rng.integers(60, 200, (80, 90, 3)).astype(np.uint8)
    hole = np.zeros((80, 90), bool)
    hole[20:50, 30:70] = True
    shifted = (truth.astype(int) + [25, -15, 10]).astype(np.uint8)  # a prediction a shade off everywhere
    assert np.abs(seamless(truth, shifted, hole)[hole].astype(int) - truth[hole]).max() <= 1
    assert np.array_equal(seamless(truth, truth, hole), truth)


def test_blending_a_large_hole_works_at_the_working_scale():
    from ganedit.edits.completion import seamless

    truth = np.tile(np.linspace(40, 200, 1000, dtype=np.float32)[None, :, None], (800, 1, 3)).astype(np.uint8)
    hole = np.zeros((800, 1000), bool)
    hole[100:700, 200:800] = True
    result = seamless(truth, (truth.astype(int) + 30).clip(0, 255).astype(np.uint8), hole)
    assert np.abs(result[hole].astype(int) - truth[hole]).mean() < 1.5


def test_blending_a_hole_at_the_image_border():
    from ganedit.edits.completion import seamless

    truth = np.full((40, 40, 3), 100, np.uint8)
    hole = np.zeros((40, 40), bool)
    hole[:15, :10] = True  # touches two edges of the picture
    result = seamless(truth, np.full_like(truth, 160), hole)
    assert np.abs(result[hole].astype(int) - 100).max() <= 1


def _laplacian_variance(image: np.ndarray, where: np.ndarray) -> float:
    import cv2
    return float(cv2.Laplacian(image.astype(np.float64).mean(2), cv2.CV_64F)[where].var())


def test_detail_transfer_gives_a_smooth_fill_the_photos_grain_and_leaves_a_flat_photo_flat():
    from ganedit.edits.completion import transfer_detail

    rng = np.random.default_rng(0)
    grain = (128 + rng.normal(0, 20, (120, 120, 1)).repeat(3, 2)).clip(0, 255).astype(np.uint8)
    hole = np.zeros((120, 120), bool)
    hole[40:80, 40:80] = True
    smooth_fill = np.where(hole[..., None], np.uint8(128), grain)
    result = transfer_detail(grain, smooth_fill, hole)
    inner = np.zeros_like(hole)
    inner[46:74, 46:74] = True
    assert _laplacian_variance(result, inner) > 0.3 * _laplacian_variance(grain, inner)
    assert abs(result[hole].mean() - 128) < 2  # texture, not a colour change
    flat = np.full((120, 120, 3), 90, np.uint8)
    assert np.array_equal(transfer_detail(flat, flat, hole), flat)


def test_thin_strokes_skip_the_coarse_passes_that_a_large_box_gets(monkeypatch):
    """A coarser pass runs only where the hole stays at least MIN_COARSE_DEPTH px deep at its scale."""
    from ganedit.edits import completion

    scales = []
    monkeypatch.setattr(completion, "_fill_at_scale",
                        lambda model, crop, hole, scale: scales.append(scale) or crop.astype(np.float32))
    rgb = np.zeros((400, 400, 3), np.uint8)
    box, stroke = np.zeros((400, 400), bool), np.zeros((400, 400), bool)
    box[100:300, 100:300] = True  # 100 px deep
    stroke[50:350, 190:210] = True  # 10 px deep: at half size 5 px
    assert completion.hole_depth(box) == pytest.approx(100, abs=1.5)
    assert completion.hole_depth(stroke) == pytest.approx(10, abs=1.5)
    completion.network_fill(None, rgb, box)
    assert scales == [1.0, 0.5, 0.25, 0.125]
    scales.clear()
    completion.network_fill(None, rgb, stroke)
    assert scales == [1.0]
