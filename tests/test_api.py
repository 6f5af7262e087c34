"""Every api_name of the running app, called with gradio_client as a script would; bad uploads get
a clear message through the API and the app keeps serving (shipped weights)."""
import cv2
import numpy as np
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image


SLIDERS = 41  # CelebA's 40 attributes and long hair


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Good and bad uploads, written once."""
    root = tmp_path_factory.mktemp("uploads")
    findable_portrait().save(root / "portrait.png")
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (32, 24, 3), dtype=np.uint8)).save(root / "small.png")
    (root / "notes.png").write_text("not a picture")
    Image.new("1", (30000, 30000)).save(root / "bomb.png")  # 900 megapixels in a few hundred kB
    Image.effect_noise((300, 300), 50).convert("RGB").save(root / "full.jpg")
    data = (root / "full.jpg").read_bytes()
    (root / "truncated.jpg").write_bytes(data[: len(data) // 2])
    layer = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    layer.paste((255, 255, 255, 255), (150, 180, 250, 220))
    layer.save(root / "stroke.png")
    Image.new("RGBA", (400, 400), (0, 0, 0, 0)).save(root / "nothing.png")
    return root


def as_portrait(face: Image.Image, size: int = 256, margin: int = 72) -> Image.Image:
    """A 64×64 face enlarged to size×size and framed by its own edge pixels, blurred and fading to their
    mean colour: a photo in which ``find_face`` finds it again (without the whole-frame models that
    ``ganedit.portrait`` needs)."""
    big = np.asarray(face.convert("RGB").resize((size, size), Image.LANCZOS)).astype(np.float32)
    framed = cv2.copyMakeBorder(big, margin, margin, margin, margin, cv2.BORDER_REPLICATE)
    blurred = cv2.GaussianBlur(framed, (0, 0), margin / 3)
    inside = np.zeros(framed.shape[:2], np.float32)
    inside[margin:margin + size, margin:margin + size] = 1
    distance = cv2.distanceTransform((1 - inside).astype(np.uint8), cv2.DIST_L2, 5)[..., None] / margin
    edge_colour = np.concatenate([big[0], big[-1], big[:, 0], big[:, -1]]).mean(0)
    frame = blurred + (edge_colour - blurred) * np.clip(distance, 0, 1)
    out = np.where(inside[..., None] > 0, framed, frame)
    return Image.fromarray(out.round().clip(0, 255).astype(np.uint8))


def findable_portrait() -> Image.Image:
    """A portrait of a generated face in which the face detector finds a face (not every sample has one)."""
    import ganedit

    for seed in range(20):
        portrait = as_portrait(ganedit.enlarge(ganedit.sample(1, seed=seed)[0]))
        try:
            ganedit.align_face(portrait)
            return portrait
        except ganedit.NoFaceError:
            continue
    raise AssertionError("no detectable face in 20 generated portraits")


def editor(background, *layers):
    return {"background": handle_file(str(background)), "layers": [handle_file(str(l)) for l in layers],
            "composite": None}


def requires(component: str) -> None:
    from ganedit.pretrained import has

    if not has(component):
        pytest.skip(f"weights/{component} is not shipped yet")


BAD = {"notes.png": "not an image", "bomb.png": "too large", "truncated.jpg": "truncated"}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_uploads_are_explained_by_every_upload_endpoint(app_url, files, name):
    client = Client(app_url, verbose=False)
    calls = {"/encode_photo": (handle_file(str(files / name)), 1),
             "/edit_photo": (handle_file(str(files / name)), {"smiling": 1}, [], 1),
             "/upscale": (handle_file(str(files / name)), 0.0),
             "/complete": (editor(files / name, files / "stroke.png"), "Any photo (completion network)", 0)}
    for endpoint, args in calls.items():
        with pytest.raises(AppError, match=BAD[name]):
            client.predict(*args, api_name=endpoint)
    assert len(client.predict(1, 0, api_name="/random_faces")) == 1  # still serving


def test_every_public_endpoint_has_a_name_and_named_parameters(app_url):
    endpoints = Client(app_url, verbose=False).view_api(print_info=False, return_format="dict")
    assert not endpoints["unnamed_endpoints"] and "/edit_face" not in endpoints["named_endpoints"]
    for name, endpoint in endpoints["named_endpoints"].items():
        unnamed = [p["parameter_name"] for p in endpoint["parameters"] if p["parameter_name"].startswith("param_")]
        assert not unnamed, name


def test_attribute_endpoints_in_a_session(app_url, files):
    client = Client(app_url, verbose=False)
    assert len(client.predict(handle_file(str(files / "portrait.png")), 1, api_name="/encode_photo")) == 4
    client.predict(api_name="/undo")  # nothing to undo: a warning, and everything stays as it is
    portraits = [handle_file(str(files / "portrait.png"))] * 5
    smalls = [handle_file(str(files / "small.png"))] * 5
    with pytest.raises(AppError, match="No face found"):
        client.predict("tint", portraits, smalls, api_name="/make_slider")
    assert client.predict(3, api_name="/random_face")
    assert client.predict({"long_hair": 2}, [], api_name="/move_sliders")  # this session's face, sliders moved
    with pytest.raises(AppError, match="unknown attribute"):
        client.predict({"long_hiar": 2}, [], api_name="/move_sliders")


def test_edit_photo_endpoint_takes_a_photo_and_named_strengths(app_url, files):
    client = Client(app_url, verbose=False)
    portrait = files / "portrait.png"
    edited = client.predict(handle_file(str(portrait)), {"long_hair": 2, "smiling": 1}, ["male"], 1,
                            api_name="/edit_photo")
    original, result = np.asarray(Image.open(portrait).convert("RGB")), np.asarray(Image.open(edited).convert("RGB"))
    assert result.shape == original.shape and (result != original).any()
    with pytest.raises(AppError, match="unknown attribute"):
        client.predict(handle_file(str(portrait)), {"wings": 1}, [], 1, api_name="/edit_photo")


def test_sketch_endpoints_in_a_session(app_url, files):
    client = Client(app_url, verbose=False)
    with pytest.raises(AppError, match="No photo yet"):
        client.predict(editor(files / "portrait.png", files / "stroke.png"), "Colour strokes", 1.0, 0.02, 20,
                       api_name="/sketch")
    client.predict(handle_file(str(files / "portrait.png")), 1, api_name="/encode_photo")
    pad = client.predict(api_name="/load_pad")
    assert Image.open(pad["background"]).size == (512, 512)
    frame, gallery, shown = client.predict(editor(pad["background"], files / "stroke.png"), "Colour strokes", 1.0,
                                           0.02, 20, api_name="/sketch")
    assert Image.open(frame).size == Image.open(files / "portrait.png").size and shown == 1  # the best one shown
    with pytest.raises(AppError, match=r"between 1 and [1-4]\."):  # only the results that look different
        client.predict(5, api_name="/use_sketch_result")
    assert len(client.predict(1, api_name="/use_sketch_result")) == SLIDERS + 2


def test_superres_and_completion_endpoints(app_url, files):
    client = Client(app_url, verbose=False)
    with pytest.raises(AppError, match="empty"):
        client.predict(editor(files / "portrait.png", files / "nothing.png"), "Any photo (completion network)", 0,
                       api_name="/complete")
    requires("sr_psnr")
    (bicubic, result), download = client.predict(handle_file(str(files / "small.png")), 0.5, api_name="/upscale")
    assert Image.open(result).size == (96, 128)
    requires("completion")
    filled, download = client.predict(editor(files / "portrait.png", files / "stroke.png"),
                                      "Any photo (completion network)", 0, api_name="/complete")
    changed = (np.asarray(Image.open(filled).convert("RGB")) != np.asarray(Image.open(files / "portrait.png"))).any(2)
    assert changed[180:220, 150:250].any() and not changed[:150].any() and not changed[260:].any()
