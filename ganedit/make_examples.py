"""Write the app's example images: ``python -m ganedit.make_examples``.

Every example is made by this project (no data set image is shipped): portraits of faces from its own
generator, each set into the whole frame its frame generator draws about it (``ganedit.portrait``: Attributes,
Completion), its small generated faces and two small pictures drawn here (a landscape and a sign, shrunk with the
benchmark's bicubic) to upscale, and brush layers that mark a hole for the completion examples.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import ganedit
from ganedit.imaging import matlab_imresize

SEEDS = (2, 6, 24, 36)  # picked from the first 40 seeds for looking natural in their frames; 6 to grow long hair on


def landscape(width: int = 512, height: int = 384, seed: int = 0) -> Image.Image:
    """A drawn landscape: sky, sun, two mountain ranges, a lake with the reflection, grain."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, height)[:, None, None]
    sky = (1 - y) * np.array([70, 130, 210]) + y * np.array([250, 210, 170])
    image = Image.fromarray(np.broadcast_to(sky, (height, width, 3)).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.68, height * 0.12, width * 0.80, height * 0.12 + width * 0.12), fill=(255, 236, 180))
    horizon = int(height * 0.68)
    for base, rough, colour in ((0.40, 60, (90, 100, 130)), (0.52, 35, (50, 80, 55))):
        ridge = np.cumsum(rng.normal(0, 1, width)) * rough / np.sqrt(width)
        ridge = height * base + ridge - ridge.mean()
        draw.polygon([(0, horizon), *zip(range(width), ridge.clip(0, horizon)), (width, horizon)], fill=colour)
    scene = np.asarray(image, np.float64)
    scene[horizon:] = scene[horizon - 1:2 * horizon - height - 1:-1] * 0.75 + np.array([10, 25, 40])
    scene += rng.normal(0, 3, scene.shape)  # film grain
    return Image.fromarray(scene.clip(0, 255).astype(np.uint8)).filter(ImageFilter.SMOOTH)


def sign(text: str = "ganedit 4x", width: int = 512, height: int = 192) -> Image.Image:
    """A painted sign with lettering, drawn large (the sharp original a small copy comes from)."""
    image = Image.new("RGB", (width, height), (35, 60, 45))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((12, 12, width - 12, height - 12), radius=24, outline=(230, 220, 190), width=8)
    font = ImageFont.load_default(size=height // 3)
    draw.text((width / 2, height / 2), text, font=font, fill=(240, 230, 200), anchor="mm")
    return image


def shrunk(image: Image.Image) -> Image.Image:
    """4× smaller, the way the super-resolution benchmark makes its inputs."""
    return Image.fromarray(matlab_imresize(np.asarray(image), 0.25))


def hole_layer(size: tuple[int, int], box: tuple[float, float, float, float]) -> Image.Image:
    """A transparent brush layer painted white over ``box`` (fractions of the picture): the part to fill."""
    width, height = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle(
        (box[0] * width, box[1] * height, box[2] * width, box[3] * height), radius=12, fill=(255, 255, 255, 255))
    return layer


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "examples")
    args = p.parse_args(argv)
    args.out.mkdir(exist_ok=True)
    for seed in SEEDS:
        portrait = ganedit.portrait(ganedit.latents(1, seed=seed))
        portrait.save(args.out / f"face_{seed}.png")
        ganedit.sample(1, seed=seed)[0].save(args.out / f"small_{seed}.png")
    hole_layer(portrait.size, (0.40, 0.52, 0.60, 0.64)).save(args.out / f"hole_face_{SEEDS[-1]}.png")
    scene = landscape()
    scene.save(args.out / "landscape.png")
    hole_layer(scene.size, (0.66, 0.08, 0.84, 0.36)).save(args.out / "hole_landscape.png")  # the sun
    shrunk(scene).save(args.out / "small_landscape.png")
    shrunk(sign()).save(args.out / "small_sign.png")
    print(f"wrote examples to {args.out}")


if __name__ == "__main__":
    main()
