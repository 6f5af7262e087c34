"""ganedit studio: the Gradio app. Layout and event wiring only; the work happens in ``ganedit``."""
from __future__ import annotations

from pathlib import Path

import gradio as gr
from PIL import Image

import ganedit

MAX_FACES = 64
DISPLAY = 256
EXAMPLES = sorted(str(p) for p in (Path(__file__).parent / "examples").glob("face_*.png"))
HEADLINE = ["long_hair", "smiling", "male", "blond_hair", "eyeglasses", "young", "bangs", "black_hair", "bald"]
METHODS = {"Encoder + optimisation (best)": "hybrid", "Encoder only (instant)": "encoder",
           "Optimisation only (slow)": "optimize"}


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def display(face: Image.Image) -> Image.Image:
    return face.resize((DISPLAY, DISPLAY), Image.LANCZOS)


def random_faces(count: float, seed: float) -> list[Image.Image]:
    """Handler: ``count`` random faces from the face GAN, shown at display size."""
    count, seed = int(count), int(seed)
    if not 1 <= count <= MAX_FACES:
        raise gr.Error(f"Choose between 1 and {MAX_FACES} faces.")
    return [display(face) for face in ganedit.sample(count, seed=seed)]


def encode_photo(photo: Image.Image | None, method_label: str, state: dict):
    """Handler: find the face in the photo, invert it, and start a fresh edit."""
    if photo is None:
        raise gr.Error("Upload a photo with a face first, or pick an example.")
    try:
        face = ganedit.align_face(photo)
    except ganedit.NoFaceError as error:
        raise gr.Error(str(error)) from None
    z = ganedit.invert(face, METHODS[method_label])
    state = {**state, "face": face, "z": z}
    return state, display(face), display(ganedit.render(z)), display(ganedit.render(z))


def random_face(seed: float, state: dict):
    """Handler: start a fresh edit from a face the generator makes up."""
    z = ganedit.latents(1, seed=int(seed))
    face = ganedit.render(z)
    state = {**state, "face": face, "z": z}
    return state, display(face), display(face), display(face)


def edit_face(state: dict, keep: list[str], keep_details: bool, custom_strength: float, *strengths: float):
    """Handler (live, on every slider move): the current face edited by the slider values."""
    if state.get("z") is None:
        raise gr.Error("Upload a photo, pick an example or make a random face first.")
    moves = dict(zip(ganedit.attribute_names(), strengths))
    custom = state.get("custom")
    if custom:
        moves[custom[0]] = custom_strength
    z_edited = ganedit.edit(state["z"], moves, keep=keep, custom=dict([custom]) if custom else None)
    if keep_details:
        return display(ganedit.render_keeping_details(state["face"], state["z"], z_edited))
    return display(ganedit.render(z_edited))


def make_slider(name: str, with_files: list | None, without_files: list | None, state: dict):
    """Handler: a new attribute direction from example photos with and without a feature."""
    name = (name or "").strip() or "my feature"
    try:
        vector = ganedit.attribute_vector([_open(f) for f in with_files or []], [_open(f) for f in without_files or []])
    except (ValueError, ganedit.NoFaceError) as error:
        raise gr.Error(str(error)) from None
    return {**state, "custom": (name, vector)}, gr.update(label=label(name), value=0, interactive=True)


def _open(file) -> Image.Image:
    path = file if isinstance(file, str) else file.name
    try:
        with Image.open(path) as image:
            return image.convert("RGB")
    except OSError:
        raise gr.Error(f"{Path(path).name} is not an image that can be read.") from None


def attributes_tab() -> None:
    names = ganedit.attribute_names()
    state = gr.State({})
    with gr.Row():
        with gr.Column():
            photo = gr.Image(type="pil", label="Photo with a face", height=280)
            if EXAMPLES:
                gr.Examples(EXAMPLES, inputs=photo, label="Example faces (made by the generator)")
            method = gr.Dropdown(list(METHODS), value=next(iter(METHODS)), label="How to find the face's latent")
            with gr.Row():
                encode = gr.Button("Edit this photo", variant="primary")
                seed = gr.Number(value=0, precision=0, label="Seed", min_width=80)
                make_random = gr.Button("Random face")
        aligned = gr.Image(label="Aligned face", interactive=False, height=280)
        rebuilt = gr.Image(label="Reconstruction G(z)", interactive=False, height=280)
        result = gr.Image(label="Edited", interactive=False, height=280, buttons=["download", "fullscreen"])
    sliders = {}
    with gr.Row():
        for name in HEADLINE:
            sliders[name] = gr.Slider(-3, 3, value=0, step=0.1, label=label(name), min_width=160)
    with gr.Accordion("More attributes", open=False):
        with gr.Row():
            for name in sorted(set(names) - set(HEADLINE)):
                sliders[name] = gr.Slider(-3, 3, value=0, step=0.1, label=label(name), min_width=160)
    with gr.Row():
        keep = gr.Dropdown(names, value=[], multiselect=True, label="Keep these unchanged (e.g. male)")
        keep_details = gr.Checkbox(False, label="Keep photo details (adds the change to the photo)")
        reset = gr.Button("Reset sliders")
    with gr.Accordion("Make your own slider", open=False):
        with gr.Row():
            custom_name = gr.Textbox(label="Name of the feature", placeholder="freckles")
            with_files = gr.File(file_count="multiple", file_types=["image"], label="≥5 photos WITH it")
            without_files = gr.File(file_count="multiple", file_types=["image"], label="≥5 photos WITHOUT it")
        create = gr.Button("Create slider")
        custom = gr.Slider(-3, 3, value=0, step=0.1, label="Your slider (create it first)", interactive=False)

    ordered = [sliders[name] for name in names]
    edit_inputs = [state, keep, keep_details, custom, *ordered]
    encode.click(encode_photo, [photo, method, state], [state, aligned, rebuilt, result], api_name="encode_photo")
    make_random.click(random_face, [seed, state], [state, aligned, rebuilt, result], api_name="random_face")
    gr.on([c.input for c in [*ordered, custom]] + [keep.change, keep_details.change], edit_face, edit_inputs,
          result, trigger_mode="always_last", show_progress="hidden", api_name="edit_face")
    reset.click(lambda: [0.0] * (len(ordered) + 1), None, [*ordered, custom], api_name=False).then(
        edit_face, edit_inputs, result, api_name=False)
    create.click(make_slider, [custom_name, with_files, without_files, state], [state, custom], api_name="make_slider")


def build() -> gr.Blocks:
    with gr.Blocks(title="ganedit") as demo:
        gr.Markdown("# ganedit\nGAN-based photo editing. Models trained on CelebA: non-commercial research use only.")
        with gr.Tab("Attributes"):
            attributes_tab()
        with gr.Tab("Random faces"):
            with gr.Row():
                count = gr.Slider(1, MAX_FACES, value=8, step=1, label="How many faces")
                seed = gr.Number(value=0, precision=0, label="Seed")
            button = gr.Button("Generate", variant="primary")
            gallery = gr.Gallery(label="Faces from the generator", columns=4, format="png")
            button.click(random_faces, [count, seed], gallery, api_name="random_faces")
    return demo


demo = build()

if __name__ == "__main__":
    demo.queue(max_size=64).launch()  # 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise
