"""The app's handlers on tiny random models, and the running app (shipped weights) answering requests."""
import logging
from dataclasses import replace

import cv2
import gradio as gr
import numpy as np
import pytest
import torch
from gradio_client import Client
from PIL import Image

from ganedit.data import load_faces
from ganedit.edits.distinct import distinct
from ganedit.edits.photo import PAD_VIEW
from ganedit.faces import find_faces


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


def skipped(outputs) -> bool:
    """Whether a handler left every one of its outputs as it was."""
    return all(output == gr.skip() for output in outputs)


def sliders_at(app, **values):
    return [values.get(name, 0.0) for name in app.ganedit.attribute_names()]


def test_random_faces_handler_returns_display_sized_faces(app):
    faces = app.random_faces(3, 7)
    assert len(faces) == 3 and all(f.size == (256, 256) for f in faces)
    with pytest.raises(gr.Error, match="between 1 and"):
        app.random_faces(0, 0)


def test_photo_is_prepared_and_a_slider_changes_only_the_face_region(app, portrait):
    state, aligned, rebuilt, (before, after), found = app.encode_photo(portrait, 1, {})
    original = Image.open(portrait)
    assert aligned.size == rebuilt.size == (256, 256) and before.size == after.size == original.size
    assert np.array_equal(np.asarray(after), np.asarray(original.convert("RGB")))  # no edit yet: the photo itself
    _, moved = app.edit_face(state, [], 0.0, *sliders_at(app, long_hair=3.0))
    changed = (np.asarray(moved) != np.asarray(original.convert("RGB"))).any(2)
    assert changed.any() and not changed[:40].any() and not changed[:, -100:].any()  # away from the face: identical


def test_the_download_is_the_full_size_photo_of_the_current_sliders(app, tmp_path, portrait):
    big = tmp_path / "big.png"
    Image.open(portrait).resize((1500, 1250)).save(big)
    state, *_, (before, _), _ = app.encode_photo(str(big), 1, {})
    assert max(before.size) == app.PREVIEW_SIDE  # live edits on the photo shrunk to the preview size
    edited = app.render_download(state, [], 0.0, *sliders_at(app, long_hair=3.0))
    assert edited["interactive"] and Image.open(edited["value"]).size == (1500, 1250)
    untouched = app.render_download(state, [], 0.0, *sliders_at(app))  # the sliders back at 0: the photo itself
    assert np.array_equal(np.asarray(Image.open(untouched["value"])), np.asarray(Image.open(big).convert("RGB")))
    assert not np.array_equal(np.asarray(Image.open(edited["value"])), np.asarray(Image.open(untouched["value"])))


def test_sliders_before_a_photo_is_ready_wait_and_say_so_once(app, capsys):
    assert app.edit_face({}, [], 0.0, *sliders_at(app, long_hair=2.0)) == gr.skip()  # no error toast per move
    assert app.render_download({}, [], 0.0, *sliders_at(app, long_hair=2.0)) == gr.skip()
    preparing, face_number, download, compare, *sliders = app.begin({"custom": None})
    assert face_number == 1 and not download["interactive"] and compare is None and set(sliders) == {0.0}
    app.slider_released(preparing)  # one message per release of a slider, matching what is happening
    app.slider_released(app.forget(preparing))  # the preparation failed, or none was started
    assert capsys.readouterr().out.splitlines() == [app.PREPARING, app.NO_PHOTO]
    assert app.rendering(app.forget(preparing)) == gr.skip()  # a removed photo leaves no "Rendering…" behind


def test_a_slider_let_go_on_a_side_with_nothing_to_take_away_says_so(app, portrait, capsys):
    state, *_ = app.encode_photo(portrait, 1, {})
    state["prepared"] = replace(state["prepared"], lacking=frozenset({"bangs"}))
    capsys.readouterr()
    app.render_download(state, [], 0.0, *sliders_at(app, bangs=-2.0))
    app.render_download(state, [], 0.0, *sliders_at(app, bangs=2.0))  # a fringe is drawn: nothing to say
    assert capsys.readouterr().out.splitlines() == [
        "This face has no bangs to take away, so that side of the slider changes nothing."]


def test_a_photo_whose_hair_is_not_found_is_said_so_once_it_is_ready(app, portrait, capsys):
    state, *_ = app.encode_photo(portrait, 1, {})
    capsys.readouterr()
    bald = replace(state["prepared"], hair=np.zeros_like(state["prepared"].hair))
    app.start_edit(state, bald)
    assert capsys.readouterr().out.splitlines() == bald.notes() and bald.notes()
    capped = np.zeros_like(bald.hair)
    capped[:len(capped) * 2 // 5] = 1  # hair over the head's top, down to a hairline over the forehead
    app.start_edit(state, replace(bald, hair=capped))
    assert capsys.readouterr().out == ""  # hair found: nothing to say


def test_before_after_opens_with_the_divider_near_the_edge(app):
    compare = next(block for block in app.demo.blocks.values() if getattr(block, "elem_id", None) == "edited")
    assert compare.slider_position <= 15  # the "after" photo fills most of the frame


def test_handlers_explain_missing_faceless_or_unreadable_input(app, tmp_path):
    blank, not_an_image = str(tmp_path / "blank.png"), str(tmp_path / "notes.png")
    Image.new("RGB", (200, 200), "white").save(blank)
    (tmp_path / "notes.png").write_text("shopping list")
    with pytest.raises(gr.Error, match="Upload a photo"):
        app.encode_photo(None, 1, {})
    with pytest.raises(gr.Error, match="No face found"):
        app.encode_photo(blank, 1, {})
    with pytest.raises(gr.Error, match="not an image"):
        app.encode_photo(not_an_image, 1, {})


def test_expected_user_errors_are_logged_as_one_line_without_a_traceback(app, tmp_path, caplog):
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), "white").save(blank)
    with caplog.at_level(logging.WARNING, logger="ganedit.app"), pytest.raises(gr.Error) as error:
        app.encode_photo(str(blank), 1, {})
    assert not error.value.print_exception  # gradio prints no traceback for it
    assert [record.getMessage() for record in caplog.records] == [f"user error: {error.value.message}"]


def test_the_face_picker_shows_each_whole_face_with_a_margin(app, portrait, tmp_path):
    face = Image.open(portrait).crop((150, 100, 406, 356))
    pair = Image.new("RGB", (900, 500), (90, 120, 150))
    pair.paste(face, (60, 120))
    pair.paste(face.resize((220, 220)), (560, 140))
    path = tmp_path / "pair.png"
    pair.save(path)
    *_, found = app.encode_photo(str(path), 2, {})
    assert found["visible"] and len(found["value"]) == 2
    for thumbnail in found["value"]:
        left, top, width, height = find_faces(thumbnail)[0].box  # the detector finds the whole face in it
        assert min(left, top) > 0.1 * thumbnail.width and left + width < 0.9 * thumbnail.width
        assert top + height < 0.95 * thumbnail.height


def test_two_users_edits_never_mix(app, portrait, tmp_path):
    other = tmp_path / "other.png"
    Image.open(portrait).transpose(Image.FLIP_LEFT_RIGHT).save(other)
    first, *_ = app.encode_photo(portrait, 1, {})
    alone = np.asarray(app.edit_face(first, [], 0.0, *sliders_at(app, smiling=2.0))[1])
    second, *_ = app.encode_photo(str(other), 1, {})
    assert second["prepared"].G.tuned is not first["prepared"].G.tuned
    again = np.asarray(app.edit_face(first, [], 0.0, *sliders_at(app, smiling=2.0))[1])
    assert np.array_equal(alone, again)  # the second user's tuning left the first user's generator alone


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


LINES = "Sketch lines (edges)"


def sketched(app, state, steps=20, box=(150, 330, 360, 390), colour=(176, 48, 48, 255), mode=LINES) -> list:
    """Every update of a sketch run (by default lines in a red box over the mouth), from the current face."""
    editor = app.load_pad(state)
    stroke = Image.new("RGBA", (app.PAD, app.PAD), (0, 0, 0, 0))
    stroke.paste(colour, box)
    editor["layers"] = [stroke]
    return list(app.run_sketch(editor, mode, 0.5, 0.02, steps, state))


def test_sketch_runs_from_the_current_face_and_hands_back_the_results_that_differ(app):
    state, *_ = app.random_face(3, {})
    assert app.load_pad(state)["background"].size == (app.PAD, app.PAD)
    updates = sketched(app, state)
    frame, gallery, number, final = updates[-1]
    results = gallery["value"]
    assert len(updates) >= 3 and frame.size == (256, 256) and len(results) == len(final["candidates"])
    assert gallery["visible"] == (len(results) > 1) and gallery["selected_index"] == 0 and number == 1
    shown = np.stack([np.asarray(result) for result in results])
    assert distinct(shown, final["candidates"][0].region) == list(range(len(results)))  # no two look alike
    chosen = app.use_candidate(final, 1)
    assert chosen[0]["start"] is final["candidates"][0] and chosen[0]["history"][-1] is state["start"]
    assert len(chosen) == 2 + len(app.ganedit.attribute_names()) + 2 and chosen[-1].selected == "attributes"


def test_clicking_a_result_shows_it_on_the_photo_and_makes_it_the_one_used(app):
    state, *_ = app.random_face(3, {})
    *_, final = sketched(app, state)[-1]
    best = final["candidates"][0]
    final = {**final, "candidates": [best, replace(best, z=best.z + 2.0)]}  # a second result, far enough
    frame, number = app.choose_candidate(final, gr.SelectData(None, {"index": 1, "value": None}))
    assert number == 2
    shown = app.photo_with(final, final["candidates"][1])
    assert np.array_equal(np.asarray(frame), np.asarray(shown))
    used, (_, after), *_ = app.use_candidate(final, number)
    assert used["start"] is final["candidates"][1] and np.array_equal(np.asarray(after), np.asarray(frame))


def test_colour_strokes_on_the_hair_recolour_the_photos_own_hair_without_a_latent_run(app, portrait):
    state, *_ = app.encode_photo(portrait, 1, {})
    hair = state["prepared"].hair_on_view(app.PAD, PAD_VIEW) > 0.5  # as the pad shows it
    density = cv2.blur(hair.astype(np.float32), (41, 13))[20:200, 20:-20]  # 40×12 windows above the face
    row, column = np.add(np.unravel_index(density.argmax(), density.shape), 20)
    box = (column - 20, row - 6, column + 20, row + 6)  # the hairiest
    assert hair[box[1]:box[3], box[0]:box[2]].mean() > 0.5
    updates = sketched(app, state, box=box, colour=(240, 208, 96, 255), mode="Colour strokes")
    assert len(updates) == 1  # no optimisation: the hair's colour is the photo's to change
    frame, gallery, number, final = updates[0]
    (start,) = final["candidates"]
    assert torch.equal(start.z, state["start"].z) and len(start.hair) == 1 and not gallery["visible"]
    photo = state["preview"].photo.astype(float)
    changed = np.abs(np.asarray(frame).astype(float) - photo).sum(2) > 6
    assert changed.sum() > 200 and (np.asarray(frame).astype(float)[changed].mean(0) > photo[changed].mean(0)).all()
    after = app.use_candidate(final, 1)[1][1]
    assert np.array_equal(np.asarray(after), np.asarray(frame))  # used as shown


def test_colour_strokes_on_the_lips_paint_the_lips_only_without_a_latent_run(app, portrait):
    state, *_ = app.encode_photo(portrait, 1, {})
    prepared, margin = state["prepared"], app.PAD * (1 - 1 / PAD_VIEW) / 2
    lips = prepared.landmarks[48:60] / len(prepared.reconstruction) * (app.PAD / PAD_VIEW) + margin  # on the pad
    (left, top), (right, bottom) = lips.min(0).round().astype(int), lips.max(0).round().astype(int)
    updates = sketched(app, state, box=(left, (top + bottom) // 2 - 2, right, (top + bottom) // 2 + 2),
                       mode="Colour strokes")
    assert len(updates) == 1  # painted at once
    frame, gallery, number, final = updates[0]
    (start,) = final["candidates"]
    assert torch.equal(start.z, state["start"].z) and len(start.paint) == 1 and not gallery["visible"]
    photo, after = state["preview"].photo.astype(float), np.asarray(frame).astype(float)
    changed = np.abs(after - photo).sum(2) > 6
    assert changed.sum() > 20
    assert (after[changed, 0] - after[changed, 1]).mean() > (photo[changed, 0] - photo[changed, 1]).mean() + 5
    to_photo = cv2.invertAffineTransform(state["preview"].alignment.matrix * (app.PAD / PAD_VIEW / 64))
    mouth = cv2.transform(lips[None] - margin, to_photo)[0]  # the lips' landmarks on the photo
    reach = 0.3 * np.ptp(mouth[:, 0])
    for axis, where in enumerate(np.nonzero(changed)[::-1]):  # columns (x), then rows (y): only about the lips
        assert mouth[:, axis].min() - reach < where.min() and where.max() < mouth[:, axis].max() + reach


def test_opening_the_sketch_tab_keeps_the_sliders_edit_so_the_pad_shows_it(app):
    state, *_ = app.random_face(3, {})
    zeros = app.sliders_at_zero()
    assert all(output == gr.skip() for output in app.keep_for_sketch(state, [], 0.0, *zeros[:-1]))  # nothing moved
    moved = list(zeros[:-1])
    moved[app.ganedit.attribute_names().index("smiling")] = 2.0
    kept, (_, shown), *sliders = app.keep_for_sketch(state, [], 0.0, *moved)
    assert kept["start"].strengths["smiling"] == 2.0 and kept["history"][-1] is state["start"] and not any(sliders)
    edited = app.ganedit.render_photo(state["preview"], **app.moves(state, [], 0.0, moved))
    assert np.array_equal(np.asarray(shown), np.asarray(edited))  # the photo as the sliders showed it
    assert np.array_equal(np.asarray(app.load_pad(kept)["background"]), np.asarray(app.ganedit.pad_view(
        state["preview"], edited, app.PAD)))  # and so on the pad


def test_clearing_the_strokes_clears_their_result(app):
    state, *_ = app.random_face(3, {})
    *_, final = sketched(app, state)[-1]
    frame, gallery, cleared = app.cleared_sketch(final)
    assert frame is None and not gallery["visible"] and cleared["candidates"] == []
    with pytest.warns(UserWarning, match="Follow your strokes first"):
        app.use_candidate(cleared, 1)


def test_near_duplicate_results_are_not_shown_twice():
    base = np.zeros((4, 8, 8, 3))
    base[1] += 1  # one grey level from the first: the same to the eye
    base[2] += 50
    base[3, :4] += 50  # as far from the first as the third is, but only in the top half
    assert distinct(base) == [0, 2, 3]
    top = np.zeros((8, 8))
    top[:4] = 1
    assert distinct(base, top) == [0, 2]  # weighted to the top half, the last one is the third again


def test_the_pad_shows_the_photos_own_face_at_a_useful_size(app, portrait):
    state, *_ = app.encode_photo(portrait, 1, {})
    pad = app.load_pad(state)["background"]
    assert pad.size == (app.PAD, app.PAD)  # cut from the photo, not G′(z) enlarged from 64×64
    margin = round(app.PAD * (1 - 1 / PAD_VIEW) / 2)  # the aligned face at its centre, the head around it
    centre = pad.crop((margin, margin, app.PAD - margin, app.PAD - margin)).resize((64, 64), Image.LANCZOS)
    face = np.asarray(state["prepared"].alignment.face).astype(float)
    assert np.abs(np.asarray(centre).astype(float) - face).mean() < 3
    assert app.refresh_pad({}, None) == (gr.skip(), gr.skip())  # a new start or the tab opened before any photo
    with pytest.raises(gr.Error, match="No photo yet"):
        app.load_pad({})  # "Clear my strokes" with no photo says why nothing happens


def test_sketch_edits_an_uploaded_photo_through_its_tuned_generator(app, portrait):
    state, *_ = app.encode_photo(portrait, 1, {})
    editor = app.load_pad(state)
    stroke = Image.new("RGBA", (app.PAD, app.PAD), (0, 0, 0, 0))
    stroke.paste((240, 210, 60, 255), (100, 40, 400, 140))
    editor["layers"] = [stroke]
    updates = list(app.run_sketch(editor, LINES, 0.5, 0.02, 10, state))
    frame, *_ = updates[-1]
    assert len(updates) > 1 and frame.size == Image.open(portrait).size  # the latent run, the whole photo back


def test_sketch_explains_what_is_missing(app):
    with pytest.raises(gr.Error, match="No photo yet"):
        list(app.run_sketch(None, "Colour strokes", 0.5, 0.02, 20, {}))
    with pytest.warns(UserWarning, match="No photo yet"):  # not "no sketch result of this photo"
        assert skipped(app.use_candidate({}, 1))
    state, *_ = app.random_face(3, {})
    with pytest.warns(UserWarning, match="Paint a few strokes"):  # nothing painted: the result box stays as it is
        (outputs,) = list(app.run_sketch(app.load_pad(state), "Colour strokes", 0.5, 0.02, 20, state))
        assert skipped(outputs)
    with pytest.warns(UserWarning, match="Paint on the face or the hair"):  # only the background's corner painted
        assert skipped(sketched(app, state, box=(0, 0, 12, 12), mode="Colour strokes")[0])
    with pytest.warns(UserWarning, match="Follow your strokes first"):
        assert skipped(app.use_candidate(state, 1))  # a warning, and no output marked "Error"


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


def test_one_upload_announced_twice_is_prepared_once(app, portrait):
    state, *_ = app.begin_upload(portrait, {})
    assert state["source"] == portrait and state["preparing"]
    assert skipped(app.begin_upload(portrait, state))  # the same file again: nothing is reset
    prepared, *_ = app.prepare_upload(portrait, 1, state)
    assert prepared["source"] == portrait and skipped(app.prepare_upload(portrait, 1, prepared))
    assert app.begin_upload(portrait + ".other", prepared)[0]["source"] == portrait + ".other"  # a new file


def test_kept_edits_can_be_undone(app, portrait, capsys):
    state, *_, (before, _), _ = app.encode_photo(portrait, 1, {})
    moved = sliders_at(app, smiling=2.0, blond_hair=2.0)
    kept_state, (_, kept), *zeros = app.keep_edit(state, [], 0.0, *moved)
    assert len(kept_state["history"]) == 1 and set(zeros) == {0.0}
    assert not np.array_equal(np.asarray(kept), np.asarray(before))
    assert np.array_equal(np.asarray(kept), np.asarray(app.edit_face(state, [], 0.0, *moved)[1]))  # kept as shown
    undone, (_, back), *_ = app.undo(kept_state)
    assert undone["start"] is state["start"] and np.array_equal(np.asarray(back), np.asarray(before))
    assert "Undone" in capsys.readouterr().out  # said, as the sliders at 0 look the same before and after
    with pytest.warns(UserWarning, match="Nothing to undo"):  # a warning; no output marked "Error"
        assert skipped(app.undo(undone))


def test_kept_edits_are_named_beside_the_photo_as_the_sliders_go_back_to_zero(app, portrait):
    state, *_ = app.encode_photo(portrait, 1, {})
    assert app.kept_edits(state) == ""
    kept_state, *_ = app.keep_edit(state, [], 0.0, *sliders_at(app, smiling=2.0, blond_hair=1.5))
    note = app.kept_edits(kept_state)
    assert "smiling +2.0" in note and "blond hair +1.5" in note and "Undo" in note
    assert app.kept_edits(app.undo(kept_state)[0]) == ""
    assert app.divider_back()["slider_position"] == app.DIVIDER  # the next edit shows, whatever was dragged


def test_api_edit_photo_takes_named_strengths(app, portrait):
    edited = app.api_edit_photo(portrait, {"smiling": 2, "long_hair": 1}, ["male"], 1)
    assert edited.size == Image.open(portrait).size
    with pytest.raises(gr.Error, match="unknown attribute"):
        app.api_edit_photo(portrait, {"wings": 2}, [], 1)
    with pytest.raises(gr.Error, match="JSON object"):
        app.api_edit_photo(portrait, [2, 1], [], 1)
    for value in (float("nan"), "2"):  # NaN failed with a KeyError deep inside; the API refuses both alike
        with pytest.raises(gr.Error, match="strength of smiling must be a finite number"):
            app.api_edit_photo(portrait, {"smiling": value}, [], 1)
    with pytest.raises(gr.Error, match="face number 3"):
        app.api_edit_photo(portrait, {}, [], 3)


def grey(image: Image.Image) -> bool:
    rgb = np.asarray(image.convert("RGB"))
    return bool((rgb == rgb[..., :1]).all())


def test_a_grey_photo_stays_grey_in_every_tab(app, portrait, tmp_path):
    photo = tmp_path / "grey.png"
    Image.open(portrait).convert("L").save(photo)
    state, *_ = app.encode_photo(str(photo), 1, {})
    _, edited = app.edit_face(state, [], 0.0, *sliders_at(app, long_hair=2.0))
    download = app.render_download(state, [], 0.0, *sliders_at(app, long_hair=2.0))
    assert grey(edited) and grey(Image.open(download["value"]))
    small = tmp_path / "small.png"
    Image.open(portrait).convert("L").resize((30, 25)).save(small)
    (_, upscaled), _ = app.super_resolve(str(small), 0.0)
    layer = Image.new("RGBA", (30, 25), (0, 0, 0, 0))
    layer.paste((255, 255, 255, 255), (5, 5, 15, 15))
    filled, _ = app.fill_hole({"background": str(small), "layers": [layer]}, "Any photo (completion network)", 0)
    assert upscaled.size == (120, 100) and grey(upscaled) and grey(filled)


def test_completion_fills_tiny_pictures_and_every_pixel_a_soft_brush_touches(app, tmp_path):
    tiny = tmp_path / "tiny.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (6, 5, 3), dtype=np.uint8)).save(tiny)
    layer = Image.new("RGBA", (5, 6), (0, 0, 0, 0))
    layer.putpixel((2, 2), (255, 255, 255, 255))
    result, _ = app.fill_hole({"background": str(tiny), "layers": [layer]}, "Any photo (completion network)", 0)
    assert result.size == (5, 6)
    picture = tmp_path / "picture.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (40, 40, 3), dtype=np.uint8)).save(picture)
    soft = Image.new("RGBA", (40, 40), (255, 255, 255, 0))
    soft.putalpha(Image.radial_gradient("L").resize((40, 40)).point(lambda v: max(0, 160 - v)))  # 160 at the centre
    result, _ = app.fill_hole({"background": str(picture), "layers": [soft]}, "Any photo (completion network)", 0)
    touched = np.asarray(soft.getchannel("A")) > 0
    changed = (np.asarray(result) != np.asarray(Image.open(picture))).any(2)
    assert changed[touched].mean() > 0.9 and not changed[~touched].any()


def test_the_pad_reloads_only_when_the_face_changed_so_strokes_stay(app):
    state, *_ = app.random_face(3, {})
    pad, on_pad = app.refresh_pad(state, None)  # the tab opened, or a new start: the current face
    assert pad["background"].size == (app.PAD, app.PAD) and on_pad is state["start"]
    assert app.refresh_pad(state, on_pad) == (gr.skip(), gr.skip())  # opened again, nothing changed: no redraw
    kept, *_ = app.keep_edit(state, [], 0.0, *sliders_at(app, smiling=2.0))
    pad, on_pad = app.refresh_pad(kept, on_pad)  # a kept edit is a new start: the pad follows it
    assert on_pad is kept["start"]


class Recorded:
    """A stand-in for gr.Progress that keeps every (share, description) it is given."""

    def __init__(self):
        self.calls = []

    def __call__(self, share, desc=None):
        self.calls.append((share, desc))


def test_preparing_a_photo_shows_each_stage_and_how_far_it_has_gone(app, portrait):
    from ganedit.edits.photo import PREPARATION

    progress = Recorded()
    app.encode_photo(portrait, 1, {}, progress)
    shares = [share for share, _ in progress.calls]
    stages = list(dict.fromkeys(desc for _, desc in progress.calls))  # in the order they first show
    # finding, inversion, tuning, the rest (the app does not fit the whole-frame models: prepare_photo's frames)
    assert stages == [words for name, (words, _) in PREPARATION.items() if name != "frame"]
    assert shares[0] == 0 and shares == sorted(shares) and shares[-1] > 0.9
    assert len(set(shares)) > 50  # a step at a time, not one jump per stage


def test_no_progress_is_ever_drawn_on_the_sketch_pad(app):
    """Gradio's frontend awaits the pad's value (a canvas export, seconds long when busy) before each status it
    draws there, and two such awaits can finish out of order, leaving "processing" on the pad for good."""
    demo = app.build()
    pad = next(block for block in demo.blocks.values() if getattr(block, "elem_id", None) == "pad")
    filling = [fn for fn in demo.fns.values() if pad in fn.outputs]
    assert {fn.name for fn in filling} >= {"load_pad", "refresh_pad"}
    for fn in filling:
        shown_on = fn.show_progress_on or [block._id for block in fn.outputs]
        assert fn.show_progress == "hidden" or pad._id not in shown_on
