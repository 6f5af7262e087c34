"""ganedit studio: the Gradio app. Layout and event wiring only; the work happens in ``ganedit``."""
from __future__ import annotations

import logging
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path

import gradio as gr
import numpy as np
from gradio.data_classes import FileData
from PIL import Image, ImageChops

import ganedit
from ganedit.edits.completion import MaskError
from ganedit.edits.distinct import distinct
from ganedit.edits.photo import OFF_PHOTO, PREVIEW_SIDE
from ganedit.edits.sketch import DEFAULTS as SKETCH
from ganedit.edits.superres import TooLargeError
from ganedit.faces import cut
from ganedit.hub import WeightsError
from ganedit.imaging import ImageInputError, open_image

MAX_FACES = 64
DISPLAY = 256
EXAMPLES = Path(__file__).parent / "examples"
PORTRAITS = sorted(str(p) for p in EXAMPLES.glob("face_*.png"))  # generated faces, framed as photos
SMALL_PICTURES = sorted(str(p) for p in EXAMPLES.glob("small_*.png"))  # generated faces, drawn pictures
LOG = logging.getLogger("ganedit.app")
# sliders whose useful side is not the obvious one, and those that change only made-up faces
SLIDER_INFO = {"no_beard": "drag left for a full beard",
               **dict.fromkeys(OFF_PHOTO, "random faces only: a photo stays as it is")}
HEADLINE = ["long_hair", "smiling", "male", "blond_hair", "eyeglasses", "young", "bangs", "black_hair", "bald"]


class UploadedImage(gr.Image):
    """An image upload handed to the handler as the file's path, undecoded: gradio would open it with PIL
    first, and a non-image or a decompression bomb would fail there with no message for the user.
    ``open_image`` checks it instead."""

    def get_block_name(self) -> str:
        return "image"  # the browser draws it as the ordinary image component

    def preprocess(self, payload):
        if payload is None or payload.path is None:
            return super().preprocess(payload)
        return payload.path


class UploadedImageMask(gr.ImageMask):
    """A mask editor whose background and layers reach the handler as file paths, undecoded (see UploadedImage)."""

    def get_block_name(self) -> str:
        return "imageeditor"  # drawn as gradio's image editor, like gr.ImageMask itself

    def convert_and_format_image(self, file, flatten_on_white: bool = False):
        if file is None or isinstance(file, FileData):
            return None if file is None else file.path
        with tempfile.NamedTemporaryFile(dir=self.GRADIO_CACHE, suffix=".png", delete=False) as blob:
            blob.write(bytes(file))  # a canvas export sent as raw bytes
        return blob.name


def user_error(message: str) -> gr.Error:
    """An error the user can fix (no face, a bad file, a misspelt name): shown in the page and logged as one
    line on the server, without a traceback, so that real faults stand out."""
    LOG.warning("user error: %s", message)
    return gr.Error(message, print_exception=False)


def declined(message: str, outputs: int) -> tuple:
    """A request with nothing to act on (no photo yet, nothing to undo): the message as a warning, logged as
    one line, and every one of the handler's ``outputs`` left as it is. (An error would mark each output
    component "Error" in the page, the photo and every slider among them.)"""
    LOG.warning("declined: %s", message)
    gr.Warning(message)
    return (gr.skip(),) * outputs


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def display(face: Image.Image) -> Image.Image:
    return ganedit.enlarge(face, DISPLAY)


def random_faces(count: float, seed: float) -> list[Image.Image]:
    """Handler: ``count`` random faces from the face GAN, shown at display size."""
    count, seed = int(count), int(seed)
    if not 1 <= count <= MAX_FACES:
        raise user_error(f"Choose between 1 and {MAX_FACES} faces.")
    return [display(face) for face in ganedit.sample(count, seed=seed)]


def load_image(path: str | None, missing: str, keep_alpha: bool = False) -> Image.Image:
    """An uploaded file as a safe 8-bit image, or a gr.Error that says what is wrong with it."""
    if path is None:
        raise user_error(missing)
    try:
        return open_image(path, keep_alpha=keep_alpha)
    except ImageInputError as error:
        raise user_error(str(error)) from None


STATE_HOURS = 2


def shown(prepared) -> tuple:
    """The aligned face and its reconstruction G′(z), at display size."""
    return display(prepared.alignment.face), Image.fromarray(prepared.reconstruction.round().astype("uint8"))


def whole_face(photo: np.ndarray, box: tuple[int, int, int, int], margin: float = 0.5) -> Image.Image:
    """The face in the detector's ``box`` (left, top, width, height) with ``margin`` of its width added on
    every side (hair, chin), clipped to the photo [H,W,3] and shrunk to at most DISPLAY pixels: a thumbnail
    in which the user can tell who is who."""
    left, top, width, height = box
    extra = margin * max(width, height)
    crop = Image.fromarray(photo).crop((max(0, int(left - extra)), max(0, int(top - extra)),
                                        min(photo.shape[1], int(left + width + extra)),
                                        min(photo.shape[0], int(top + height + extra))))
    crop.thumbnail((DISPLAY, DISPLAY), Image.LANCZOS)
    return crop


def start_edit(state: dict, prepared, faces: list | None = None):
    """A fresh edit of a prepared photo; your own slider survives, the undo history does not; what the user
    should know about editing it (``PhotoFace.notes``) is shown once. Outputs: state, aligned face,
    reconstruction, before/after photo, faces found."""
    state = {"custom": state.get("custom"), "prepared": prepared, "preview": prepared.preview(PREVIEW_SIDE),
             "start": ganedit.Start(prepared.z), "history": [], "source": state.get("source")}
    for note in state["preview"].notes():
        gr.Info(note)
    before = Image.fromarray(state["preview"].photo)
    return (state, *shown(prepared), (before, before),
            gr.update(value=[whole_face(prepared.photo, face.box) for face in faces or []],
                      visible=len(faces or []) > 1))


DOWNLOAD = "Download the edited photo (full size)"


def begin(state: dict, face_number: int = 1, source: str | None = None):
    """Handler: forget the current photo while the next one (from the file ``source``, when uploaded) is
    prepared; your own slider survives. Outputs: state, face number, download button (off until the new photo
    is ready), before/after (empty: the last photo is not shown beside the next, which may have no face),
    every slider at 0."""
    return ({"custom": state.get("custom"), "preparing": True, "source": source}, face_number,
            gr.update(label=DOWNLOAD, value=None, interactive=False), None, *sliders_at_zero())


def begin_upload(photo_path: str | None, state: dict):
    """Handler (the upload changed): as ``begin``, unless this very file is already being prepared or
    shown (the browser can announce one upload twice; it is prepared once)."""
    if photo_path is not None and state.get("source") == photo_path:
        return (gr.skip(),) * len(begin(state))
    return begin(state, 1, photo_path)


def shown_on(progress: gr.Progress):
    """A package progress callback (share done, stage in words) drawn as gradio's progress bar."""
    return lambda share, stage: progress(share, desc=stage)


def encode_photo(photo_path: str | None, face_number: float, state: dict, progress=gr.Progress()):
    """Handler: find the faces, then invert face ``face_number`` (1 = largest) and tune a generator to it,
    each stage on the progress bar."""
    photo = load_image(photo_path, "Upload a photo with a face first, or pick an example.")
    faces = ganedit.find_faces(photo, progress=shown_on(progress))
    try:
        prepared = ganedit.prepare_photo(photo, int(face_number) - 1, faces=faces, progress=shown_on(progress))
    except ganedit.NoFaceError as error:
        raise user_error(str(error)) from None
    return start_edit(state, prepared, faces)


def prepare_upload(photo_path: str | None, face_number: float, state: dict, progress=gr.Progress()):
    """Handler (the photo was uploaded, picked from the examples or removed): prepare it at once; a removed
    photo leaves nothing to edit. Outputs as ``start_edit``."""
    if photo_path is None:
        return {"custom": state.get("custom")}, None, None, None, gr.update(value=[], visible=False)
    if state.get("prepared") is not None and state.get("source") == photo_path:
        return (gr.skip(),) * 5  # this file is prepared already: the same upload announced twice
    return encode_photo(photo_path, face_number, state, progress)


def forget(state: dict) -> dict:
    """Handler (a preparation failed): no photo is being prepared any more."""
    return {"custom": state.get("custom")}


def choose_face(state: dict, selection: gr.SelectData):
    """Handler: a click on a found face starts its edit; outputs as ``begin``."""
    return begin(state, selection.index + 1)


def random_face(seed: float, state: dict):
    """Handler: start a fresh edit from a face the generator makes up."""
    return start_edit(state, ganedit.prepare_latent(ganedit.latents(1, seed=int(seed))))


def moves(state: dict, keep: list[str], custom_strength: float, strengths) -> dict:
    """Keyword arguments of ganedit.render_photo for the slider values (the state holds a prepared photo)."""
    values = dict(zip(ganedit.attribute_names(), strengths))
    custom = state.get("custom")
    if custom:
        values[custom[0]] = custom_strength
    return dict(strengths=values, keep=keep, custom=dict([custom]) if custom else None, start=state["start"])


def edit_face(state: dict, keep: list[str], custom_strength: float, *strengths: float):
    """Handler (live, on every slider move): the photo before and after the slider edit; nothing before a
    photo is prepared (the sliders then apply when it is, see ``slider_released``)."""
    if state.get("prepared") is None:
        return gr.skip()
    edited = ganedit.render_photo(state["preview"], **moves(state, keep, custom_strength, strengths))
    return Image.fromarray(state["preview"].photo), edited


PREPARING = "Your photo is still being prepared: the sliders apply as soon as it is ready."
NO_PHOTO = "Upload a photo, pick an example or make a random face first; then the sliders edit it."


# In the browser, at once: a click on the download button between a slider's release and the server's answer
# would otherwise download the last render, not the sliders shown. A slider's number box, typed in, is let go
# only when it loses the focus, e.g. to a press on the download button itself: that press is remembered (the
# pointer is over the button) and the download follows once the new render is ready (DOWNLOAD_IF_WANTED).
DOWNLOAD_WAITS = ("(...inputs) => { const button = document.querySelector('#download-edit');"
                  " window.ganeditDownloadWanted = button.matches(':hover'); button.disabled = true; return inputs; }")
DOWNLOAD_IF_WANTED = ("() => { if (window.ganeditDownloadWanted) { window.ganeditDownloadWanted = false;"
                      " document.querySelector('#download-edit').click(); } }")


def rendering(state: dict) -> dict:
    """Handler: the download button waits, off, while the full-size photo renders; unchanged when there is
    no photo to render (it was removed)."""
    if state.get("prepared") is None:
        return gr.skip()
    return gr.update(label="Rendering the full-size photo…", interactive=False)


def slider_released(state: dict):
    """Handler (a slider let go): the download button waits for the full-size render; before a photo is
    ready, one message says why nothing changes."""
    if state.get("prepared") is None:
        gr.Info(PREPARING if state.get("preparing") else NO_PHOTO)
        return gr.skip()
    return rendering(state)


def render_download(state: dict, keep: list[str], custom_strength: float, *strengths: float):
    """Handler (the sliders settled): the edited photo at its full size as the download button's PNG,
    so that one click downloads what the sliders show, and a message for a slider moved to a side with nothing
    to take away, one that adds what the face shows already or one that draws nothing on a photo
    (``PhotoFace.moved_notes``); nothing before a photo is prepared."""
    if state.get("prepared") is None:
        return gr.skip()
    arguments = moves(state, keep, custom_strength, strengths)
    for note in state["prepared"].moved_notes(arguments["strengths"]):
        gr.Info(note)
    edited = ganedit.render_photo(state["prepared"], **arguments)
    return gr.update(label=DOWNLOAD, value=save_png(edited, "edited-photo"), interactive=True)


def sliders_at_zero() -> list[float]:
    return [0.0] * (len(ganedit.attribute_names()) + 1)  # every attribute, and your own slider


DIVIDER = 8  # % from the left: where the before/after divider starts, so the edit fills most of the frame


def divider_back():
    """Handler (a new photo or a new start): the before/after divider back at DIVIDER, so a divider the user
    dragged aside does not hide the next edit."""
    return gr.update(slider_position=DIVIDER)


def kept_edits(state: dict) -> str:
    """Handler (a new start): the edits kept so far, in words (Markdown; empty when none), as the sliders at 0
    do not show them."""
    start = state.get("start")
    if state.get("prepared") is None or start is None:
        return ""
    parts = [f"{label(name).lower()} {strength:+.1f}" for name, strength in sorted(start.strengths.items()) if strength]
    parts += ["hair colour from your strokes"] * bool(start.hair) + ["paint from your strokes"] * bool(start.paint)
    parts += ["your sketched lines or your own slider"] * (start.region is not None)
    return (f"**Kept edits** (the sliders add to them; Undo takes the last one back): {', '.join(parts)}."
            if parts else "")


def with_start(state: dict, start: ganedit.Start) -> dict:
    """The state with a new start (the edits kept), the old one pushed on the undo stack."""
    return {**state, "start": start, "history": state.get("history", []) + [state["start"]]}


def photo_with(state: dict, start: ganedit.Start) -> Image.Image:
    """The current photo (at most PREVIEW_SIDE) with the edits of ``start``, no slider moved."""
    return ganedit.render_photo(state["preview"], {}, start=start)


def show_start(state: dict):
    """Outputs after the start changed: state, the photo before/after, every slider at 0."""
    edited = photo_with(state, state["start"])
    return state, (Image.fromarray(state["preview"].photo), edited), *sliders_at_zero()


def keep_edit(state: dict, keep: list[str], custom_strength: float, *strengths: float):
    """Handler: make the slider edit the new starting point (undoable); the sliders go back to 0."""
    if state.get("prepared") is None:
        return declined(NO_PHOTO, 2 + len(sliders_at_zero()))
    return show_start(with_start(state, ganedit.keep_edit(state["prepared"],
                                                          **moves(state, keep, custom_strength, strengths))))


def keep_for_sketch(state: dict, keep: list[str], custom_strength: float, *strengths: float):
    """Handler (the Sketch tab opened): the sliders' edit, if any slider is moved, is kept as "Keep this edit"
    keeps it, so the pad shows the photo as the Attributes tab does and the strokes build on it (undoable);
    nothing changes when no slider is moved. Outputs: as ``keep_edit``."""
    if state.get("prepared") is None or not any(moves(state, keep, custom_strength, strengths)["strengths"].values()):
        return (gr.skip(),) * (2 + len(sliders_at_zero()))
    return keep_edit(state, keep, custom_strength, *strengths)


def undo(state: dict):
    """Handler: back to the starting point before the last kept edit or sketch result."""
    if not state.get("history"):
        return declined("Nothing to undo.", 2 + len(sliders_at_zero()))
    gr.Info("Undone: the last kept edit is taken back.")
    return show_start({**state, "start": state["history"][-1], "history": state["history"][:-1]})


def make_slider(name: str, with_files: list | None, without_files: list | None, state: dict):
    """Handler: a new attribute direction from example photos with and without a feature."""
    name = (name or "").strip() or "my feature"
    try:
        vector = ganedit.attribute_vector([load_image(f, "") for f in with_files or []],
                                          [load_image(f, "") for f in without_files or []])
    except (ValueError, ganedit.NoFaceError) as error:
        raise user_error(str(error)) from None
    return {**state, "custom": (name, vector)}, gr.update(label=label(name), value=0, interactive=True)


def checked_strengths(strengths) -> dict:
    """The API's JSON object of slider strengths, or a user error that says what it must look like."""
    if not isinstance(strengths, dict):
        raise user_error('Strengths must be a JSON object of numbers, e.g. {"long_hair": 2, "smiling": 1}.')
    try:
        return ganedit.known_strengths(strengths)
    except (KeyError, ValueError) as error:  # a misspelt name, a string, NaN or infinity: as the Python API says
        raise user_error(error.args[0]) from None


def api_edit_photo(photo_path: str | None, strengths: dict | None, keep: list | None, face_number: float):
    """Handler of /edit_photo (API): the photo with face ``face_number`` edited by a JSON object of
    strengths, e.g. {"long_hair": 2, "smiling": 1}; returns the edited photo at its own size."""
    photo = load_image(photo_path, "Send a photo with a face.")
    strengths = checked_strengths(strengths)
    try:
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always")
            edited = ganedit.edit_photo(photo, strengths, keep=tuple(keep or ()), face=int(face_number or 1) - 1)
    except ganedit.NoFaceError as error:
        raise user_error(str(error)) from None
    for note in notes:  # a slider that can change nothing on this photo, said as the Attributes tab says it
        gr.Info(str(note.message))
    return edited


def api_move_sliders(strengths: dict | None, keep: list | None, state: dict):
    """Handler of /move_sliders (API): this session's prepared photo (from /encode_photo or /random_face)
    with the sliders at a JSON object of strengths, as a slider move renders it (at most 1024 px)."""
    if state.get("prepared") is None:
        raise user_error(NO_PHOTO)
    return ganedit.render_photo(state["preview"], checked_strengths(strengths), keep=tuple(keep or ()),
                                start=state["start"])


def slider(name: str) -> gr.Slider:
    return gr.Slider(-3, 3, value=0, step=0.1, label=label(name), info=SLIDER_INFO.get(name), min_width=160,
                     elem_id=f"slider-{name}")


def slider_rows(names: list[str], per_row: int) -> dict[str, gr.Slider]:
    """A slider for each name, ``per_row`` to a row (rows of equal columns, labels on one line)."""
    sliders = {}
    for first in range(0, len(names), per_row):
        with gr.Row(equal_height=True):
            for name in names[first:first + per_row]:
                sliders[name] = slider(name)
            for _ in range(per_row - len(names[first:first + per_row])):
                gr.Column(min_width=160)  # an empty column keeps the last row's sliders as wide as the others
    return sliders


def attributes_tab(state: gr.State) -> dict:
    names = ganedit.attribute_names()
    with gr.Row():
        with gr.Column(scale=1):
            photo = UploadedImage(type="filepath", label="1. Your photo with a face (it is prepared at once)",
                                  height=280, elem_id="photo")
            if PORTRAITS:
                gr.Examples(PORTRAITS, inputs=photo, label="… or an example face (made by the generator)")
            with gr.Row():
                seed = gr.Number(value=0, precision=0, label="Seed", min_width=80)
                make_random = gr.Button("… or a random face")
            found = gr.Gallery(format="png", label="Faces found: click one to edit it instead", columns=4, height=160,
                               visible=False, elem_id="faces-found")
            face_number = gr.Number(value=1, precision=0, minimum=1, label="Face (1 = largest)", visible=False)
            with gr.Accordion("How the generator sees the face", open=False):
                with gr.Row():
                    aligned = gr.Image(format="png", label="Aligned face", interactive=False, height=200)
                    rebuilt = gr.Image(format="png", label="G′(z): its reconstruction",
                                       interactive=False, height=200)
        with gr.Column(scale=2):
            compare = gr.ImageSlider(format="png", type="pil",
                                     label="Left of the divider your photo, right of it the edit: drag it to compare",
                                     max_height=560, slider_position=DIVIDER, buttons=["fullscreen"], elem_id="edited")
            download = gr.DownloadButton(DOWNLOAD, interactive=False, variant="primary", elem_id="download-edit")
            kept_note = gr.Markdown(elem_id="kept-edits")
    gr.Markdown("2. Drag a slider; the photo follows.")
    sliders = slider_rows(HEADLINE, 3)
    with gr.Accordion("More attributes", open=False):
        sliders.update(slider_rows(sorted(set(names) - set(HEADLINE)), 4))
    with gr.Row():
        keep = gr.Dropdown(names, value=[], multiselect=True, label="Keep these unchanged (e.g. male)")
        reset = gr.Button("Reset sliders")
        keep_button = gr.Button("Keep this edit")
        undo_button = gr.Button("Undo")
    with gr.Accordion("Make your own slider", open=False):
        with gr.Row():
            custom_name = gr.Textbox(label="Name of the feature", placeholder="freckles")
            with_files = gr.File(file_count="multiple", file_types=["image"], label="≥5 photos WITH it")
            without_files = gr.File(file_count="multiple", file_types=["image"], label="≥5 photos WITHOUT it")
        create = gr.Button("Create slider")
        custom = gr.Slider(-3, 3, value=0, step=0.1, label="Your slider (create it first)", interactive=False)

    all_sliders = [*[sliders[name] for name in names], custom]
    edit_inputs = [state, keep, custom, *all_sliders[:-1]]
    started = [state, aligned, rebuilt, compare, found]
    private = dict(api_visibility="private")

    def show_kept(event):
        """After ``event``, the kept edits named under the photo."""
        return event.then(kept_edits, state, kept_note, show_progress="hidden", **private)

    def ready(event):
        """After a new start: the sliders (moved meanwhile) apply, then the download renders; the event that
        shows the photo is returned, for the Sketch tab's pad to follow it."""
        shown_event = event.success(edit_face, edit_inputs, compare, show_progress="hidden", **private)
        quiet = dict(show_progress="hidden", **private)  # the button's own words say it is rendering
        show_kept(shown_event.then(divider_back, None, compare, **quiet))
        shown_event.then(rendering, state, download, **quiet).then(render_download, edit_inputs, download, **quiet)
        return shown_event

    began = [state, face_number, download, compare, *all_sliders]
    new_photo = photo.change(begin_upload, [photo, state], began, **private).then(
        prepare_upload, [photo, face_number, state], started, concurrency_limit=1, concurrency_id="heavy", **private)
    picked = found.select(choose_face, state, began, **private).then(
        encode_photo, [photo, face_number, state], started, concurrency_limit=1, concurrency_id="heavy",
        api_name="encode_chosen_face", **private)
    randomised = make_random.click(begin, state, began, **private).then(
        random_face, [seed, state], started, api_name="random_face")
    for event in (new_photo, picked, randomised):
        event.failure(forget, state, state, **private)
    gr.on([c.input for c in all_sliders] + [keep.change], edit_face, edit_inputs, compare,
          trigger_mode="always_last", show_progress="hidden", concurrency_limit=4, **private)
    gr.on([c.release for c in all_sliders] + [keep.change], slider_released, state, download, js=DOWNLOAD_WAITS,
          show_progress="hidden", **private).then(render_download, edit_inputs, download, trigger_mode="always_last",
                                                  concurrency_limit=1, **private).then(None, js=DOWNLOAD_IF_WANTED)
    reset_event = reset.click(sliders_at_zero, None, all_sliders, **private)
    kept = keep_button.click(keep_edit, edit_inputs, [state, compare, *all_sliders], **private)
    undone = undo_button.click(undo, state, [state, compare, *all_sliders], api_name="undo")
    create.click(make_slider, [custom_name, with_files, without_files, state], [state, custom], api_name="make_slider")
    with gr.Group(visible=False):  # /edit_photo: the whole edit in one request, for scripts (gradio_client)
        api_inputs = [UploadedImage(type="filepath"), gr.JSON(), gr.JSON(), gr.Number(value=1, precision=0)]
        api_output = gr.Image(format="png", type="pil")
        gr.Button().click(api_edit_photo, api_inputs, api_output, api_name="edit_photo", concurrency_limit=1,
                          concurrency_id="heavy")
        gr.Button().click(encode_photo, [UploadedImage(type="filepath"), gr.Number(value=1, precision=0), state],
                          started, api_name="encode_photo", concurrency_limit=1, concurrency_id="heavy")
        gr.Button().click(api_move_sliders, [gr.JSON(), gr.JSON(), state], api_output, api_name="move_sliders",
                          concurrency_limit=4)
    new_face = [ready(event) for event in (new_photo, picked, randomised)]
    changed = new_face + [ready(event) for event in (reset_event, kept, undone)]
    return {"started": started, "sliders": all_sliders, "changed": changed, "new_face": new_face, "ready": ready,
            "edit_inputs": edit_inputs, "kept": [state, compare, *all_sliders], "photo": photo,
            "show_kept": show_kept}


PAD = 512
BRUSH_COLOURS = {"blond": "#dcb46e", "dark brown": "#4a2c1a", "black": "#111111", "auburn": "#a0522d",
                 "skin": "#e2b59a", "lip red": "#b03030", "grey": "#b4b4b4", "blue-grey": "#6a8caf"}
MODES = {"Colour strokes": "color", "Sketch lines (edges)": "edge"}
NO_FACE = "No photo yet: upload a photo, pick an example or make a random face in the Attributes tab first."


def face_of(state: dict, start: ganedit.Start, size: int) -> Image.Image:
    """The current photo with the edits of ``start`` (as ``render_photo``), its face cut out aligned as the
    generator sees it, size×size: a sketch result among the candidates."""
    return cut(np.asarray(photo_with(state, start)), state["preview"].alignment.matrix, size)


def load_pad(state: dict) -> dict:
    """Handler (/load_pad, "Clear my strokes"): the current photo's face and the top of the head (kept edits
    included, ``ganedit.pad_view``) on the drawing pad, PAD×PAD, strokes cleared."""
    if state.get("prepared") is None:
        raise user_error(NO_FACE)
    pad = ganedit.pad_view(state["preview"], photo_with(state, state["start"]), PAD)
    return {"background": pad, "layers": [], "composite": None}


def refresh_pad(state: dict, on_pad):
    """Handler (a new start, or the Sketch tab opened): as ``load_pad``, but only when the pad does not show
    the current face yet (``on_pad``: the start it shows), so the user's strokes stay and the browser does
    not redraw the pad each time the tab opens; nothing before a photo is prepared.
    Outputs: the pad, the start it now shows."""
    if state.get("prepared") is None or state["start"] is on_pad:
        return gr.skip(), gr.skip()
    return load_pad(state), state["start"]


def painted_strokes(editor: dict | None) -> Image.Image | None:
    """The union of the editor's paint layers as one RGBA image (alpha > 0 where painted); None when nothing
    is painted."""
    layers = [layer for layer in (editor or {}).get("layers") or [] if layer is not None]
    if not layers:
        return None
    strokes = Image.new("RGBA", layers[0].size, (0, 0, 0, 0))
    for layer in layers:
        strokes.alpha_composite(layer.convert("RGBA").resize(strokes.size))
    return strokes if strokes.getchannel("A").getbbox() is not None else None


def run_sketch(editor: dict | None, mode_label: str, lambda_prior: float, lambda_realism: float, steps: float,
               state: dict, progress=gr.Progress()):
    """Handler (a generator): colour strokes recolour the photo's own hair and paint the face's parts they lie
    on (``ganedit.split_strokes``) at once; sketched lines drive the optimisation of the face through the
    photo's tuned generator, showing the whole photo as it goes, then the best result on the photo, the
    results that look different (best first, the best one selected) and its number, 1."""
    if state.get("prepared") is None:
        raise user_error(NO_FACE)
    strokes, start = painted_strokes(editor), state["start"]
    if strokes is None:  # e.g. painted while the pad was still loading the face, which wiped the strokes
        yield declined("Paint a few strokes on the face first (once the pad shows your face).", 4)
        return
    asked = ganedit.split_strokes(state["prepared"], strokes, colour=MODES[mode_label] == "color")
    if not asked:
        yield declined("Paint on the face or the hair: strokes on the background change nothing.", 4)
        return
    start = asked.on(start)
    if asked.lines is None:  # colour strokes: the hair and the face's parts are painted
        yield photo_with(state, start), gr.update(value=[], visible=False), 1, {**state, "candidates": [start]}
        return
    strokes = asked.lines
    region = ganedit.stroke_region(strokes, start.region)
    run = ganedit.sketch_run(start.z, strokes, generator=state["prepared"].G,
                             mode=MODES[mode_label], lambda_prior=float(lambda_prior),
                             lambda_realism=float(lambda_realism), steps=int(steps))
    for step in progress.tqdm(run, total=run.steps, desc="Following your strokes"):
        if step.step % 10 == 0:
            yield photo_with(state, replace(start, z=step.z[:1], region=region)), gr.skip(), gr.skip(), state
    results = [replace(start, z=z, region=region) for z in run.result().z.split(1)]
    faces = [face_of(state, result, DISPLAY) for result in results]
    shown_ones = distinct(np.stack([np.asarray(face) for face in faces]), region)  # faces and region: same frame
    candidates = [results[i] for i in shown_ones]
    yield (photo_with(state, candidates[0]),
           gr.update(value=[faces[i] for i in shown_ones], visible=len(candidates) > 1, selected_index=0), 1,
           {**state, "candidates": candidates})


def choose_candidate(state: dict, selection: gr.SelectData):
    """Handler: a click on a result shows it on the whole photo and makes it the one to use.
    Outputs: the photo, the result's number (1 = best)."""
    return photo_with(state, state["candidates"][selection.index]), selection.index + 1


def use_candidate(state: dict, number: float):
    """Handler: make candidate ``number`` (1 = best) the current start of the Attributes tab (undoable) and
    open that tab. Outputs: as ``show_start``, then the tabs."""
    candidates = state.get("candidates")
    if not candidates:
        return declined(NO_FACE if state.get("prepared") is None else
                        "Follow your strokes first: there is no sketch result of this photo yet.",
                        3 + len(sliders_at_zero()))
    if not 1 <= int(number) <= len(candidates):
        raise user_error(f"Choose a candidate between 1 and {len(candidates)}.")
    return *show_start(with_start(state, candidates[int(number) - 1])), gr.Tabs(selected="attributes")


def to_attributes(state: dict):
    """Handler ("Go on editing"): the Attributes tab at once, while the result renders there; nothing when there
    is no result to use (``use_candidate`` then says so)."""
    return gr.Tabs(selected="attributes") if state.get("candidates") else gr.skip()


def blank_pad():
    """Handler (the photo removed): no face on the pad, nor a result of it, once there is no photo to edit.
    Outputs: the pad, the start it shows, the result."""
    return None, None, None


def cleared_sketch(state: dict):
    """Handler (a new photo, or the strokes cleared): no sketch result of the last strokes stays in view or in
    use. Outputs: the result, the gallery, the state."""
    return None, gr.update(value=[], visible=False), {**state, "candidates": []}


def sketch_tab(state: gr.State, attributes: dict, tab: gr.Tab, tabs: gr.Tabs) -> None:
    gr.Markdown("Paint over your photo's face (the pad shows the photo as the Attributes tab shows it, sliders "
                "included: opening this tab keeps their edit, and Undo there takes it back; it takes a few seconds to "
                "appear): colour "
                "strokes, or in sketch mode lines where you want edges; then **Follow my strokes**. A colour stroke "
                "on the hair recolours all of your hair (in a hair's colour: yellow gives blond); on the lips or a "
                "brow it paints the lips or that brow; elsewhere on the face, the spot you painted, keeping the "
                "skin's own texture. Sketched lines make the face generator follow them, around your lines only "
                "(slower); when its results differ, click one to see it on your photo. Then go on in the Attributes "
                "tab. The brush colours, in order: " + ", ".join(BRUSH_COLOURS) + ".")
    with gr.Row():
        with gr.Column():
            pad = gr.ImageEditor(type="pil", image_mode="RGBA", sources=[], transforms=[],
                                 label="Drawing pad (your face appears a few seconds after your photo is ready)",
                                 canvas_size=(PAD, PAD), fixed_canvas=True, height=PAD + 80,
                                 layers=False, elem_id="pad", brush=gr.Brush(colors=list(BRUSH_COLOURS.values()),
                                                                             color_mode="defaults", default_size=14))
            with gr.Row():
                load = gr.Button("Clear my strokes")
                run = gr.Button("Follow my strokes", variant="primary")
        with gr.Column():
            frame = gr.Image(format="png", label="Your photo, following the strokes (a preview: for the full-size "
                             "photo, go on in the Attributes tab and download it there)", interactive=False,
                             height=PAD, buttons=["fullscreen"], elem_id="sketch-result")
            candidates = gr.Gallery(format="png", label="Results that differ, best first: click one to show it above",
                                    columns=4, height=160, object_fit="contain", visible=False, allow_preview=False,
                                    elem_id="candidates")
            chosen = gr.Number(value=1, precision=0, minimum=1, label="Result number (1 = best)", visible=False)
            use = gr.Button("Go on editing this photo in the Attributes tab")
    with gr.Row():
        mode = gr.Radio(list(MODES), value="Colour strokes", label="Brush meaning")
        lambda_prior = gr.Slider(0, 3, value=SKETCH["lambda_prior"], step=0.05,
                                 label="Stay close to the original (λ1)", elem_id="sketch-prior")
        lambda_realism = gr.Slider(0, 0.2, value=SKETCH["lambda_realism"], step=0.005, label="Realism (λ2)")
        steps = gr.Slider(10, 200, value=SKETCH["steps"], step=10, label="Steps")
    on_pad = gr.State()  # the start (ganedit.Start) whose face the pad shows
    private = dict(api_visibility="private")
    # Every update of the pad in turn, its progress shown on the button, never on the pad: before each status it
    # draws on a component, Gradio 6.31's frontend awaits that component's value, for the pad a canvas export (up
    # to 27 s on a busy machine) that can finish after a later status's, and the stale "processing" then stayed on
    # the pad for good (reproduced with two tabs by a playwright script: 4 of 5 rounds before, 0 of 5 after).
    one_at_a_time = dict(concurrency_limit=1, concurrency_id="pad", show_progress_on=load)
    load.click(load_pad, state, pad, api_name="load_pad", **one_at_a_time).then(
        cleared_sketch, state, [frame, candidates, state], **private)
    used = use.click(to_attributes, state, tabs, queue=False, **private).then(  # at once, not behind a render
        use_candidate, [state, chosen], [state, attributes["started"][3], *attributes["sliders"], tabs],
        api_name="use_sketch_result")
    for event in attributes["new_face"]:
        event.then(cleared_sketch, state, [frame, candidates, state], **private)
    opened = tab.select(keep_for_sketch, attributes["edit_inputs"], attributes["kept"], show_progress="hidden",
                        **private)
    attributes["show_kept"](opened)
    attributes["photo"].clear(blank_pad, None, [pad, on_pad, frame], **one_at_a_time, **private)
    for event in [opened.then, *[changed.then for changed in attributes["changed"]], attributes["ready"](used).then]:
        event(refresh_pad, [state, on_pad], [pad, on_pad], trigger_mode="always_last", **one_at_a_time,
              **private)  # a new start, or the tab opened
    run.click(run_sketch, [pad, mode, lambda_prior, lambda_realism, steps, state], [frame, candidates, chosen, state],
              api_name="sketch", concurrency_limit=1, concurrency_id="heavy")
    candidates.select(choose_candidate, state, [frame, chosen], **private)


def save_png(image: Image.Image, stem: str) -> str:
    """Write a result to a temporary PNG for the download button."""
    with tempfile.NamedTemporaryFile(prefix=f"{stem}-", suffix=".png", delete=False) as file:
        image.save(file, "PNG")
        return file.name


def super_resolve(path: str | None, blend: float, progress=gr.Progress()):
    """Handler: the upload 4× larger, beside its bicubic enlargement, and as a PNG to download."""
    image = load_image(path, "Upload an image to upscale.", keep_alpha=True)
    try:
        result = ganedit.upscale(image, float(blend), progress=lambda done: progress(done, desc="Upscaling"))
    except TooLargeError as error:
        raise user_error(str(error)) from None
    except WeightsError:
        raise user_error("The super-resolution model is not installed (weights/sr_psnr and weights/sr_gan).") from None
    bicubic = image.resize(result.size, Image.BICUBIC)
    return (bicubic, result), save_png(result, "upscaled-x4")


def superres_tab() -> None:
    gr.Markdown("A small or soft photo, four times larger. Blend 0 keeps closest to the photo (highest PSNR); "
                "1 adds GAN texture. Inputs up to 2048×2048 pixels.")
    with gr.Row():
        with gr.Column():
            source = UploadedImage(type="filepath", label="Image to upscale", height=320, elem_id="sr-input")
            blend = gr.Slider(0, 1, value=0, step=0.05, label="Fidelity (0) … texture (1)")
            button = gr.Button("Upscale 4×", variant="primary")
        with gr.Column():
            compare = gr.ImageSlider(format="png", label="Bicubic | ganedit 4×", type="pil", max_height=640,
                                     elem_id="sr-compare")
            download = gr.DownloadButton("Download the 4× PNG", elem_id="sr-download")
    if SMALL_PICTURES:  # each computed once, the first time someone clicks it
        gr.Examples([[path, 0.0] for path in SMALL_PICTURES], [source, blend], [compare, download], super_resolve,
                    cache_examples=True, cache_mode="lazy", elem_id="sr-examples",
                    label="Examples (faces from the generator, pictures drawn by ganedit)")
    button.click(super_resolve, [source, blend], [compare, download], api_name="upscale",
                 concurrency_limit=1, concurrency_id="heavy")


COMPLETION_METHODS = {"Any photo (completion network)": "network", "Face (GAN prior, differs by seed)": "gan"}


def completion_examples() -> list[list]:
    """[picture with its painted hole, method, seed] for every examples/hole_<picture>.png."""
    rows = []
    for hole in sorted(EXAMPLES.glob("hole_*.png")):
        picture = EXAMPLES / hole.name.removeprefix("hole_")
        for method in COMPLETION_METHODS if picture.name.startswith("face_") else list(COMPLETION_METHODS)[:1]:
            rows.append([{"background": str(picture), "layers": [str(hole)], "composite": None}, method, 0])
    return rows


COMPLETION_EXAMPLES = completion_examples()


def painted_mask(editor: dict | None, size: tuple[int, int]) -> Image.Image:
    """The union (the lightest) of the mask layers' alpha as an "L" mask of the photo's size; ganedit.complete
    fills every pixel it touches (alpha > 0)."""
    layers = [layer for layer in (editor or {}).get("layers") or [] if layer is not None]
    mask = Image.new("L", size, 0)
    for layer in layers:
        layer = open_image(layer, keep_alpha=True) if isinstance(layer, str) else layer
        alpha = layer.getchannel("A") if layer.mode == "RGBA" else Image.new("L", layer.size, 0)
        mask = ImageChops.lighter(mask, alpha.resize(size, Image.NEAREST))
    return mask


def fill_hole(editor: dict | None, method_label: str, seed: float):
    """Handler: fill the painted part of the picture; returns the result and a PNG to download."""
    background = (editor or {}).get("background")
    image = load_image(background, "Upload a picture, then paint over the part to fill.", keep_alpha=True)
    mask = painted_mask(editor, image.size)
    try:
        result = ganedit.complete(image, mask, method=COMPLETION_METHODS[method_label], seed=int(seed))
    except (MaskError, TooLargeError, ganedit.NoFaceError) as error:
        raise user_error(str(error)) from None
    except WeightsError:
        raise user_error("The completion model is not installed (weights/completion).") from None
    return result, save_png(result, "completed")


def completion_tab() -> None:
    gr.Markdown("Upload a picture and paint over what should go; the painted part is filled, nothing else changes.")
    with gr.Row():
        with gr.Column():
            editor = UploadedImageMask(type="filepath", label="Picture: paint the part to fill", sources=["upload"],
                                  transforms=[], layers=False, height=480, elem_id="completion-editor",
                                  brush=gr.Brush(colors=["#ffffff"], color_mode="fixed", default_size=24))
            with gr.Row():
                method = gr.Radio(list(COMPLETION_METHODS), value=next(iter(COMPLETION_METHODS)), label="Method")
                seed = gr.Number(value=0, precision=0, label="Seed (another fill)")
            button = gr.Button("Fill", variant="primary")
        with gr.Column():
            result = gr.Image(format="png", label="Filled", interactive=False, height=480, elem_id="completion-result")
            download = gr.DownloadButton("Download the PNG", elem_id="completion-download")
    if COMPLETION_EXAMPLES:  # pictures with their hole already painted, each filled once, on first click
        gr.Examples(COMPLETION_EXAMPLES, [editor, method, seed], [result, download], fill_hole, cache_examples=True,
                    cache_mode="lazy", elem_id="completion-examples",
                    label="Examples (a generated face, a drawn landscape)")
    button.click(fill_hole, [editor, method, seed], [result, download], api_name="complete",
                 concurrency_limit=1, concurrency_id="heavy")


ABOUT = """
**Attributes**: the faces in your photo are found with dlib's landmark model and cut to the 64×64 geometry the
face GAN was trained on; the face is turned into a latent code z (an encoder made from the discriminator, then
gradient descent), and a copy of the generator is tuned to it for a second or two (pivotal tuning, Roich et al.
2021) so that the reconstruction is you. Each slider adds a direction in latent space: the mean code of faces with
a feature minus that of faces without it, measured within each gender. Each slider changes only its own part of
the face (hair colours your own hair, long hair draws your own hair down beside your face and neck, smiling your
mouth, cheeks and lower eyelids, eyeglasses draws a pair of frames over your eyes, bangs a fringe of your own hair
over your forehead, a receding hairline moves your own hairline up, bald paints your scalp where the hair was and
the background beyond it, ...); there the change is applied to your own photo at its own size, on your face as a
change of light and shade only (your skin keeps its colour). Every other pixel is untouched. "Keep these unchanged"
removes the directions of the attributes you name.

**Sketch**: as in iGAN (Zhu et al. 2016), the face's z is optimised, through the generator tuned to your photo,
so that the face matches your strokes, stays close to where it started (λ1) and looks real to the discriminator
(λ2); the result is your photo with that change, around your strokes only.

**Super-resolution**: an SRResNet-style network (Ledig et al. 2017) trained for fidelity, and a copy fine-tuned
adversarially for texture; the slider blends their weights.

**Completion**: a LaMa-style network (fast Fourier convolutions, Suvorov et al. 2022) fills any picture at its own
resolution, coarse to fine (its fills at full, half, quarter and eighth size are averaged), and the fill is given
your photo's own fine texture from the best-matching blocks around the hole; for faces, the GAN prior (Yeh et al.
2017) finds a face that matches everything around the hole.

**Data and licence**: the face models are trained on CelebA (Liu et al. 2015), which is for non-commercial research
and education only, and so are these models. The photo models are trained on academic benchmark images.
Everything runs on the CPU of the machine serving this page; nothing you upload is kept.
"""


def build() -> gr.Blocks:
    with gr.Blocks(title="ganedit") as demo:
        gr.Markdown("# ganedit\nGAN-based photo editing. Models trained on CelebA: non-commercial research use only.")
        # Each user's current photo, its tuned generator (the 0.66 M tuned parameters, 2.6 MB; G's frozen
        # stages are shared) and the undo history, shared by the Attributes and Sketch tabs. Gradio drops a
        # session's state when its page closes, and after STATE_HOURS in any case, so memory stays bounded.
        state = gr.State({}, time_to_live=STATE_HOURS * 3600)
        with gr.Tabs() as tabs:
            with gr.Tab("Attributes", id="attributes"):
                attributes = attributes_tab(state)
            with gr.Tab("Sketch") as sketch:
                sketch_tab(state, attributes, sketch, tabs)
            with gr.Tab("Super-resolution"):
                superres_tab()
            with gr.Tab("Completion"):
                completion_tab()
            with gr.Tab("Random faces"):
                with gr.Row():
                    count = gr.Slider(1, MAX_FACES, value=8, step=1, label="How many faces")
                    seed = gr.Number(value=0, precision=0, label="Seed")
                button = gr.Button("Generate", variant="primary")
                gallery = gr.Gallery(label="Faces from the generator", columns=4, format="png")
                button.click(random_faces, [count, seed], gallery, api_name="random_faces")
            with gr.Tab("About"):
                gr.Markdown(ABOUT)
    return demo


demo = build()

if __name__ == "__main__":
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Cheap events run 2 at a time (slider moves 4); heavy ones share one slot; at most 64 wait.
    # Serves 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise.
    demo.queue(default_concurrency_limit=2, max_size=64).launch(max_file_size="50mb")
