"""Do the attribute sliders do what they say? ``python -m ganedit.bench.attributes --faces 200``.

Val faces are encoded (E), edited at strength ±2 and judged by the attribute classifier on G(z)
before and after: "on" is the share of faces judged without the attribute that it judges with it
after +2; "off" the share judged with it that lose it at −2; "others" the mean absolute change of
the other attributes' probabilities; at +2 also the face's colour shift (the median over the faces of how far the
mean colour of FACE_BOX, the face's middle, moved: its largest R, G, B difference, grey levels; a direction that
drags pallor or light along shows here) and the share judged of the other gender after. Long hair is also
measured with male kept fixed. ``--frames``: the same
for the whole-frame models (val frames, ``frame_encoder``, ``frame_attributes``; the classifier judges the face
box of frame_g's frames).
"""
from __future__ import annotations

import argparse

import torch

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_FACES, face_of_frames, load_faces
from ganedit.edits.attributes import edit_latent, encode_all
from ganedit.pretrained import component
from ganedit.train.attributes import CHAINS, classify

HEADLINE = ["long_hair", "blond_hair", "smiling", "male", "eyeglasses", "young", "bangs"]
FACE_BOX = (slice(22, 52), slice(18, 46))  # rows, columns of G's 64×64 face: brows to mouth, cheek to cheek


@torch.no_grad()
def rendered(latents: torch.Tensor, frames: bool = False) -> torch.Tensor:
    """G(z) [N,3,64,64] for latents [N,D] (frame_g's frames [N,3,96,80] with ``frames``), in [-1, 1]."""
    return component(CHAINS[frames][0])(latents)


@torch.no_grad()
def judge(images: torch.Tensor) -> torch.Tensor:
    """Attribute probabilities [N,A] of G's faces or frames (``rendered``; a frame's face box is judged)."""
    return torch.sigmoid(classify(images))


def face_colour_shift(before: torch.Tensor, after: torch.Tensor, frames: bool = False) -> float:
    """The median over G's faces (or frames) ``before`` and ``after`` an edit ([N,3,H,W] each, ``rendered``) of how
    far the mean colour of the face's FACE_BOX moved: the largest of the R, G, B differences, in grey levels."""
    faces = [face_of_frames(images) if frames else images for images in (before, after)]
    means = [face[..., FACE_BOX[0], FACE_BOX[1]].mean((2, 3)) for face in faces]
    return float((means[1] - means[0]).abs().amax(1).median() * 127.5)


def measure(z: torch.Tensor, images: torch.Tensor, before: torch.Tensor, name: str, strength: float, keep=(),
            frames: bool = False) -> list:
    """One table row's cells for attribute ``name``: latents z [N,D], G's images of them and their probabilities."""
    vectors = component(CHAINS[frames][2])
    column = vectors.config.names.index(name)
    others = [i for i in range(before.shape[1]) if i != column]
    has = before[:, column] > 0.5
    male = vectors.config.names.index("male")
    rows = []
    for sign, eligible in ((1, ~has), (-1, has)):
        if not eligible.any():
            rows += [0, float("nan"), float("nan")] + [float("nan")] * 2 * (sign > 0)
            continue
        moved = rendered(edit_latent(z[eligible], vectors, {name: sign * strength}, keep), frames)
        after = judge(moved)
        switched = ((after[:, column] > 0.5) == (sign > 0)).float().mean().item()
        change = (after[:, others] - before[eligible][:, others]).abs().mean().item()
        rows += [int(eligible.sum()), switched, change]
        if sign > 0:
            gender = ((after[:, male] > 0.5) != (before[eligible][:, male] > 0.5)).float().mean().item()
            rows += [face_colour_shift(images[eligible], moved, frames), gender]
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--faces", type=int, default=200)
    p.add_argument("--strength", type=float, default=2.0)
    p.add_argument("--all", action="store_true", help="every attribute, not only the headline ones")
    p.add_argument("--frames", action="store_true", help="the whole-frame models, on val frames")
    args = p.parse_args(argv)
    generator, encoder, vectors = CHAINS[args.frames]
    z = encode_all(component(encoder), load_faces(args.data, "val", frames=args.frames).images[: args.faces])
    images = rendered(z, args.frames)
    before = judge(images)
    names = component(vectors).config.names if args.all else HEADLINE
    rows = [[name, *measure(z, images, before, name, args.strength, frames=args.frames)] for name in names]
    rows.append(["long_hair, keep male",
                 *measure(z, images, before, "long_hair", args.strength, ("male",), args.frames)])
    s = args.strength
    print(f"{args.faces} val {'frames' if args.frames else 'faces'}, strength ±{s:g}")
    headers = ["attribute", "n without", f"on at +{s:g}", "others Δp", "face colour shift", "other gender",
               "n with", f"off at −{s:g}", "others Δp"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
