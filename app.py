"""ganedit studio: the Gradio app. Layout and event wiring only; the work happens in ``ganedit``."""
from __future__ import annotations

import gradio as gr

import ganedit

MAX_FACES = 64


def random_faces(count: float, seed: float) -> list:
    """Handler: ``count`` random faces from the face GAN, shown at 4× size."""
    count, seed = int(count), int(seed)
    if not 1 <= count <= MAX_FACES:
        raise gr.Error(f"Choose between 1 and {MAX_FACES} faces.")
    return [face.resize((256, 256), resample=0) for face in ganedit.sample(count, seed=seed)]


def build() -> gr.Blocks:
    with gr.Blocks(title="ganedit") as demo:
        gr.Markdown("# ganedit\nGAN-based photo editing. Models trained on CelebA: non-commercial research use only.")
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
