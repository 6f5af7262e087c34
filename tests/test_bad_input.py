"""Bad and unusual input, one test per case, through the running app's API (the same handlers whose
gr.Error the browser shows as a message): each gets a clear message or a correct result, and the app
keeps serving afterwards (shipped weights)."""
import io

import numpy as np
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from test_api import editor, findable_portrait, requires

NETWORK = "Any photo (completion network)"


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


@pytest.fixture(autouse=True)
def still_serving(client):
    """After every case the app must still answer an ordinary request."""
    yield
    assert len(client.predict(1, 0, api_name="/random_faces")) == 1


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("bad-input")


@pytest.fixture(scope="module")
def portrait(root) -> Image.Image:
    return findable_portrait()


def saved(root, name: str, image: Image.Image, **options) -> str:
    path = root / name
    image.save(path, **options)
    return str(path)


def noise(width: int, height: int) -> Image.Image:
    return Image.fromarray(np.random.default_rng(0).integers(0, 256, (height, width, 3), dtype=np.uint8))


def upscale(client, path: str) -> Image.Image:
    requires("sr_psnr")
    (_, result), download = client.predict(handle_file(path), 0.0, api_name="/upscale")
    return Image.open(download)


def test_a_file_that_is_not_an_image(client, root):
    (root / "notes.png").write_text("not a picture")
    with pytest.raises(AppError, match="not an image"):
        client.predict(handle_file(str(root / "notes.png")), 1, api_name="/encode_photo")


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_truncated_file(client, root, kind):
    buffer = io.BytesIO()
    noise(300, 200).save(buffer, kind)
    path = root / f"truncated.{kind.lower()}"
    path.write_bytes(buffer.getvalue()[: buffer.tell() // 2])
    with pytest.raises(AppError, match="truncated"):
        client.predict(handle_file(str(path)), 0.0, api_name="/upscale")


def test_a_decompression_bomb(client, root):
    path = saved(root, "bomb.png", Image.new("1", (30000, 30000)))  # 900 megapixels in a few hundred kB
    with pytest.raises(AppError, match="far too large"):
        client.predict(handle_file(path), 1, api_name="/encode_photo")


def test_an_image_far_over_the_size_limit(client, root):
    path = saved(root, "huge.png", Image.new("RGB", (7000, 6000), (40, 90, 160)))  # 42 megapixels
    with pytest.raises(AppError, match="limit is 40,000,000"):
        client.predict(editor(path, path), NETWORK, 0, api_name="/complete")


def test_an_image_over_the_upscaling_limit(client, root):
    path = saved(root, "big.png", Image.new("RGB", (2100, 2100), (40, 90, 160)))
    with pytest.raises(AppError, match="limit for 4×"):
        client.predict(handle_file(path), 0.0, api_name="/upscale")


def test_a_grayscale_photo(client, root, portrait):
    path = saved(root, "gray.png", portrait.convert("L"))
    assert len(client.predict(handle_file(path), 1, api_name="/encode_photo")) == 4
    assert upscale(client, saved(root, "gray-small.png", noise(20, 10).convert("L"))).size == (80, 40)


def test_an_rgba_image_keeps_its_alpha(client, root):
    image = noise(20, 12).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((20, 12)))
    result = upscale(client, saved(root, "rgba.png", image))
    assert result.mode == "RGBA" and result.size == (80, 48)
    alpha = np.asarray(result.getchannel("A"), float)
    assert alpha[:8].mean() < 40 and alpha[-8:].mean() > 215  # the gradient survives


def test_a_16_bit_png(client, root):
    levels = np.tile(np.linspace(0, 65535, 24), (16, 1)).astype(np.uint16)
    result = upscale(client, saved(root, "deep.png", Image.fromarray(levels)))
    grey = np.asarray(result.convert("L"), float)
    assert result.size == (96, 64) and grey[:, :8].mean() < 30 and grey[:, -8:].mean() > 225


def test_a_cmyk_jpeg(client, root):
    path = saved(root, "cmyk.jpg", Image.new("CMYK", (24, 16), (0, 255, 255, 0)), quality=95)  # red ink
    red, green, blue = np.asarray(upscale(client, path).convert("RGB"), float).reshape(-1, 3).mean(0)
    assert red > 200 and green < 60 and blue < 60


def test_an_exif_rotated_photo_is_used_upright(client, root, portrait):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": the pixels are stored lying on their side
    sideways = portrait.transpose(Image.Transpose.ROTATE_90)
    path = saved(root, "rotated.jpg", sideways, exif=exif, quality=95)
    assert len(client.predict(handle_file(path), 1, api_name="/encode_photo")) == 4  # the face is found
    small = saved(root, "rotated-small.jpg", noise(30, 20).transpose(Image.Transpose.ROTATE_90), exif=exif)
    assert upscale(client, small).size == (120, 80)


def test_a_photo_with_no_face(client, root):
    path = saved(root, "wall.png", Image.new("RGB", (300, 300), (200, 190, 170)))
    with pytest.raises(AppError, match="No face found"):
        client.predict(handle_file(path), 1, api_name="/encode_photo")


def test_a_face_under_40_pixels(client, root, portrait):
    tiny = Image.new("RGB", (600, 400), (200, 190, 170))
    tiny.paste(portrait.resize((50, 50), Image.LANCZOS), (300, 200))  # the face itself is ~30 px wide
    with pytest.raises(AppError, match="40 px"):
        client.predict(handle_file(saved(root, "tiny-face.png", tiny)), 1, api_name="/encode_photo")


def test_a_photo_with_several_faces_shows_them_and_edits_the_chosen_one(client, root, portrait):
    group = Image.new("RGB", (900, 500), (200, 190, 170))
    group.paste(portrait.resize((400, 400), Image.LANCZOS), (20, 50))
    group.paste(portrait.resize((300, 300), Image.LANCZOS), (560, 100))
    path = saved(root, "group.png", group)
    aligned, rebuilt, compare, found = client.predict(handle_file(path), 2, api_name="/encode_photo")
    assert len(found["value"]) == 2 and found["visible"]
    edited = client.predict(handle_file(path), {"smiling": 2}, [], 2, api_name="/edit_photo")
    changed = (np.asarray(Image.open(edited).convert("RGB")) != np.asarray(group)).any(2)
    assert changed[:, 560:].any() and not changed[:, :450].any()  # only the second (smaller) face was edited
    with pytest.raises(AppError, match="face number 3"):
        client.predict(handle_file(path), {}, [], 3, api_name="/edit_photo")


def layer(root, name: str, box: tuple[int, int, int, int] | None) -> str:
    """A brush layer for a 300×300 picture, painted over ``box`` (None: nothing painted)."""
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    if box:
        image.paste((255, 255, 255, 255), box)
    return saved(root, name, image)


def test_an_empty_mask(client, root):
    picture = saved(root, "picture.png", noise(300, 300))
    with pytest.raises(AppError, match="empty"):
        client.predict(editor(picture, layer(root, "none.png", None)), NETWORK, 0, api_name="/complete")


def test_a_full_mask(client, root):
    picture = saved(root, "picture.png", noise(300, 300))
    with pytest.raises(AppError, match="whole picture"):
        client.predict(editor(picture, layer(root, "all.png", (0, 0, 300, 300))), NETWORK, 0, api_name="/complete")


@pytest.mark.parametrize("endpoint, args, message", [
    ("/encode_photo", (None, 1), "Upload a photo"),
    ("/edit_photo", (None, {"smiling": 1}, [], 1), "Send a photo"),
    ("/upscale", (None, 0.0), "Upload an image"),
    ("/complete", (None, NETWORK, 0), "Upload a picture"),
    ("/load_pad", (), "No photo yet"),
    ("/move_sliders", ({"smiling": 1}, []), "first"),
])
def test_missing_inputs(app_url, endpoint, args, message):
    fresh = Client(app_url, verbose=False)  # a new session: no current face yet
    with pytest.raises(AppError, match=message):
        fresh.predict(*args, api_name=endpoint)
