"""Opening uploads safely: every awkward kind of file becomes 8-bit RGB(A) or a clear ImageInputError."""
import io

import numpy as np
import pytest
from PIL import Image

from ganedit.imaging import ImageInputError, bounds, open_image, picture_box, to_pil, to_tensor


def saved(image: Image.Image, fmt: str = "PNG", **options) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    buffer.seek(0)
    return buffer


def test_tensor_round_trip_is_exact():
    image = Image.fromarray(np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8))
    tensor = to_tensor(image)
    assert tensor.shape == (1, 3, 5, 7) and tensor.min() >= -1 and tensor.max() <= 1
    assert np.array_equal(np.asarray(to_pil(tensor)[0]), np.asarray(image))


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "LA", "RGBA"])
def test_any_mode_becomes_rgb(mode):
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    assert open_image(saved(Image.new(mode, (8, 8)), fmt)).mode == "RGB"


def test_alpha_is_kept_when_asked():
    assert open_image(saved(Image.new("RGBA", (8, 8), (1, 2, 3, 4))), keep_alpha=True).mode == "RGBA"
    assert open_image(saved(Image.new("RGB", (8, 8))), keep_alpha=True).mode == "RGB"


def test_sixteen_bit_grayscale_is_scaled_to_eight_bits():
    array = np.full((4, 4), 65535, np.uint16)
    array[0, 0] = 0
    image = open_image(saved(Image.fromarray(array)))
    assert image.mode == "RGB" and image.getpixel((1, 1)) == (255, 255, 255) and image.getpixel((0, 0)) == (0, 0, 0)


def test_exif_rotation_is_applied():
    image = Image.new("RGB", (40, 20))
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    assert open_image(saved(image, "JPEG", exif=exif)).size == (20, 40)


def test_not_an_image_and_truncated_files_are_explained():
    with pytest.raises(ImageInputError, match="not an image"):
        open_image(io.BytesIO(b"%PDF-1.4 definitely not a picture"))
    data = saved(Image.effect_noise((300, 300), 50).convert("RGB"), "JPEG").getvalue()
    with pytest.raises(ImageInputError, match="truncated"):
        open_image(io.BytesIO(data[: len(data) // 2]))


def test_huge_images_are_refused_before_decoding():
    bomb = saved(Image.new("1", (30000, 30000)))  # 900 Mpx, a few hundred kB on disk
    with pytest.raises(ImageInputError, match="too large|limit"):
        open_image(bomb)
    with pytest.raises(ImageInputError, match="limit"):
        open_image(saved(Image.new("L", (300, 300))), max_pixels=1000)


def test_the_bounds_of_a_mask_are_its_true_pixels_box_grown_inside_the_mask():
    mask = np.zeros((20, 30), bool)
    mask[5:8, 2:11] = True
    assert bounds(mask) == (5, 2, 8, 11)
    assert bounds(mask, 3) == (2, 0, 11, 14)  # clipped at the mask's edge
    assert bounds(np.zeros((4, 4), bool)) is None


def test_letterbox_bars_are_left_out_of_the_picture_and_a_plain_background_is_not_a_bar():
    rng = np.random.default_rng(0)
    photo = rng.integers(60, 200, (120, 100, 3)).astype(np.uint8)
    assert picture_box(photo) == (0, 0, 120, 100)
    barred = photo.copy()
    barred[:15], barred[:, 90:] = 0, 0  # black bars above and on the right
    barred[15, :90] //= 3  # the bar's edge, blurred into the picture
    assert picture_box(barred) == (17, 0, 120, 88)  # the bar's rows and two beyond
    studio = photo.copy()
    studio[:40] = 250  # a plain white background that fades into the picture: no step, no bar
    studio[40:70] = np.linspace(250, 210, 30)[:, None, None].astype(np.uint8)
    assert picture_box(studio) == (0, 0, 120, 100)
    assert picture_box(np.zeros((50, 40, 3), np.uint8)) == (0, 0, 50, 40)  # all bar: the whole photo
