"""The app's handlers on tiny random models, and the running app (shipped weights) answering requests."""
import gradio as gr
import numpy as np
import pytest
from gradio_client import Client
from PIL import Image

from ganedit.data import load_faces


@pytest.fixture
def app(tiny_weights):
    import app

    return app


@pytest.fixture(scope="module")
def portrait(faces_root):
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (600, 500), (90, 120, 150))
    photo.paste(face.resize((256, 256), Image.BICUBIC), (150, 100))
    return photo


def sliders_at(app, **values):
    return [values.get(name, 0.0) for name in app.ganedit.attribute_names()]


def test_random_faces_handler_returns_display_sized_faces(app):
    faces = app.random_faces(3, 7)
    assert len(faces) == 3 and all(f.size == (256, 256) for f in faces)
    with pytest.raises(gr.Error, match="between 1 and"):
        app.random_faces(0, 0)


def test_photo_is_encoded_and_a_slider_changes_the_result(app, portrait):
    state, aligned, rebuilt, result = app.encode_photo(portrait, "Encoder only (instant)", {})
    assert aligned.size == rebuilt.size == result.size == (256, 256)
    moved = app.edit_face(state, [], False, 0.0, *sliders_at(app, long_hair=3.0))
    still = app.edit_face(state, [], False, 0.0, *sliders_at(app))
    assert not np.array_equal(np.asarray(moved), np.asarray(still))
    assert np.array_equal(np.asarray(still), np.asarray(rebuilt))


def test_keep_details_adds_the_change_to_the_photo(app, portrait):
    state, aligned, _, _ = app.encode_photo(portrait, "Encoder only (instant)", {})
    unchanged = app.edit_face(state, [], True, 0.0, *sliders_at(app))
    assert np.abs(np.asarray(unchanged, float) - np.asarray(aligned, float)).mean() < 2


def test_handlers_explain_missing_or_faceless_input(app):
    with pytest.raises(gr.Error, match="Upload a photo"):
        app.encode_photo(None, "Encoder only (instant)", {})
    with pytest.raises(gr.Error, match="No face found"):
        app.encode_photo(Image.new("RGB", (200, 200), "white"), "Encoder only (instant)", {})
    with pytest.raises(gr.Error, match="first"):
        app.edit_face({}, [], False, 0.0, *sliders_at(app))


def test_own_slider_needs_five_examples_of_each_kind(app, tmp_path):
    paths = []
    for i in range(10):
        path = tmp_path / f"face{i}.png"
        Image.new("RGB", (64, 64), (20 * i, 100, 100)).save(path)
        paths.append(str(path))
    state, slider = app.make_slider("tint", paths[:5], paths[5:], {"z": None})
    assert state["custom"][0] == "tint" and state["custom"][1].shape == (128,)
    with pytest.raises(gr.Error, match="at least 5"):
        app.make_slider("tint", paths[:4], paths[5:], {})


def test_running_app_answers_an_api_request(app_url):
    result = Client(app_url, verbose=False).predict(2, 5, api_name="/random_faces")
    assert len(result) == 2
