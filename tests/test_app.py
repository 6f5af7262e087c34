"""The app's handlers on tiny random models, and the running app (shipped weights) answering requests."""
import gradio as gr
import numpy as np
import pytest
import torch
from gradio_client import Client
from PIL import Image

from ganedit.data import load_faces


@pytest.fixture
def app(tiny_weights):
    import app

    return app


@pytest.fixture(scope="module")
def portrait(faces_root, tmp_path_factory):
    """A val face enlarged on a plain backdrop, saved as an upload would be."""
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (600, 500), (90, 120, 150))
    photo.paste(face.resize((256, 256), Image.BICUBIC), (150, 100))
    path = tmp_path_factory.mktemp("upload") / "portrait.jpg"
    photo.save(path, quality=95)
    return str(path)


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


def test_handlers_explain_missing_faceless_or_unreadable_input(app, tmp_path):
    blank, not_an_image = str(tmp_path / "blank.png"), str(tmp_path / "notes.png")
    Image.new("RGB", (200, 200), "white").save(blank)
    (tmp_path / "notes.png").write_text("shopping list")
    with pytest.raises(gr.Error, match="Upload a photo"):
        app.encode_photo(None, "Encoder only (instant)", {})
    with pytest.raises(gr.Error, match="No face found"):
        app.encode_photo(blank, "Encoder only (instant)", {})
    with pytest.raises(gr.Error, match="not an image"):
        app.encode_photo(not_an_image, "Encoder only (instant)", {})
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


def test_sketch_runs_from_the_current_face_and_hands_back_a_candidate(app):
    state, *_ = app.random_face(3, {})
    editor = app.load_pad(state)
    assert editor["background"].size == (app.PAD, app.PAD)
    stroke = Image.new("RGBA", (app.PAD, app.PAD), (0, 0, 0, 0))
    stroke.paste((240, 210, 60, 255), (100, 40, 400, 140))
    editor["layers"] = [stroke]
    updates = list(app.run_sketch(editor, "Colour strokes", 0.5, 0.02, 20, state))
    frame, gallery, final = updates[-1]
    assert len(updates) >= 3 and frame.size == (256, 256) and len(gallery) == 4
    chosen = app.use_candidate(final, 2)
    assert torch.equal(chosen[0]["z"], final["candidates"][1]) and chosen[0]["history"][-1] is state["z"]
    assert len(chosen) == 3 + len(app.ganedit.attribute_names()) + 1


def test_sketch_explains_what_is_missing(app):
    with pytest.raises(gr.Error, match="No current face"):
        app.load_pad({})
    state, *_ = app.random_face(3, {})
    with pytest.raises(gr.Error, match="Paint"):
        list(app.run_sketch(app.load_pad(state), "Colour strokes", 0.5, 0.02, 20, state))
    with pytest.raises(gr.Error, match="Run the sketch"):
        app.use_candidate(state, 1)


def test_super_resolution_returns_a_4x_result_and_a_download(app, tmp_path):
    path = tmp_path / "small.png"
    Image.new("RGBA", (12, 9), (10, 200, 30, 128)).save(path)
    (bicubic, result), download = app.super_resolve(str(path), 0.5)
    assert result.size == bicubic.size == (48, 36) and result.mode == "RGBA"
    assert Image.open(download).size == (48, 36)
    with pytest.raises(gr.Error, match="Upload an image"):
        app.super_resolve(None, 0.0)


def test_completion_fills_only_the_painted_part(app, tmp_path):
    background = tmp_path / "picture.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (60, 80, 3), dtype=np.uint8)).save(background)
    layer = Image.new("RGBA", (80, 60), (0, 0, 0, 0))
    layer.paste((255, 255, 255, 255), (10, 10, 30, 30))
    editor = {"background": str(background), "layers": [layer]}
    result, download = app.fill_hole(editor, "Any photo (completion network)", 0)
    diff = np.asarray(result).astype(int) != np.asarray(Image.open(background)).astype(int)
    assert diff.any(2)[10:30, 10:30].any() and not diff.any(2)[30:].any() and Image.open(download).size == (80, 60)
    with pytest.raises(gr.Error, match="empty"):
        app.fill_hole({"background": str(background), "layers": []}, "Any photo (completion network)", 0)
    with pytest.raises(gr.Error, match="Upload a picture"):
        app.fill_hole(None, "Any photo (completion network)", 0)


def test_kept_edits_can_be_undone_and_pasted_into_the_photo(app, portrait):
    state, _, rebuilt, _ = app.encode_photo(portrait, "Encoder only (instant)", {})
    strengths = sliders_at(app, smiling=2.0)
    kept_state, kept, _, *zeros = app.keep_edit(state, [], False, 0.0, *strengths)
    assert len(kept_state["history"]) == 1 and set(zeros) == {0.0}
    assert not torch.equal(kept_state["z"], state["z"])
    undone, back, _, *_ = app.undo(kept_state)
    assert torch.equal(undone["z"], state["z"]) and np.array_equal(np.asarray(back), np.asarray(rebuilt))
    with pytest.raises(gr.Error, match="Nothing to undo"):
        app.undo(undone)
    photo, download = app.apply_to_photo(state, [], False, 0.0, *strengths)
    original = Image.open(portrait)
    assert photo.size == original.size
    difference = np.abs(np.asarray(photo, float) - np.asarray(original, float)).sum(2)
    assert difference[:60].max() == 0 and difference[150:350, 200:400].mean() > 1  # only the face region changed
    assert Image.open(download).size == original.size


def test_apply_to_photo_needs_an_uploaded_photo(app):
    state, *_ = app.random_face(1, {})
    with pytest.raises(gr.Error, match="uploaded photo"):
        app.apply_to_photo(state, [], False, 0.0, *sliders_at(app))
