"""Face GAN quality and speed: ``python -m ganedit.bench.gan``.

Fréchet distance in the attribute classifier's penultimate features between N samples of G and
the val split, next to the same distance between N train faces and the val split (the floor
that a perfect generator would reach with this many samples); then G's images per second.
When the whole-frame GAN ``frame_g`` is shipped, the same for its face box (cut out of its 96×80 frames, against
the same val faces) and for its whole frames (shrunk to 64×64, against the val frames); ``--frames-grid PATH``
writes 32 of its frames.
"""
from __future__ import annotations

import argparse

import torch
import torch.nn.functional as F

from ganedit import latents
from ganedit.pretrained import component, has
from ganedit.bench.common import embed, frechet_distance, per_second, print_table
from ganedit.data import DEFAULT_FACES, face_of_frames, load_faces
from ganedit.imaging import grid


def _some(images: torch.Tensor, n: int) -> torch.Tensor:
    return images[torch.randperm(len(images))[:n]]


def _shrunk(frames: torch.Tensor) -> torch.Tensor:
    """Whole frames [N,3,96,80] (uint8 or [-1, 1]) as [N,3,64,64] floats, for the 64×64 classifier."""
    x = frames.float().div(127.5).sub(1) if frames.dtype == torch.uint8 else frames
    return F.interpolate(x, size=(64, 64), mode="bilinear", antialias=True, align_corners=False)


def frame_rows(judge, data, n: int, val_faces) -> list[list]:
    """Fréchet distances of frame_g's face box (vs val faces) and whole frames (vs val frames, with the floor)."""
    G = component("frame_g")
    val = embed(judge.features, _shrunk(load_faces(data, "val", frames=True).images))
    train = embed(judge.features, _shrunk(_some(load_faces(data, "train", frames=True).images, n)))
    with torch.no_grad():
        box = embed(lambda z: judge.features(face_of_frames(G(z))), latents(n, seed=1))
        whole = embed(lambda z: judge.features(_shrunk(G(z))), latents(n, seed=1))
    return [[f"frame G's face box, {n} samples", "val faces", frechet_distance(box, val_faces)],
            [f"frame G's whole frame, {n} samples", "val frames", frechet_distance(whole, val)],
            [f"train frames, {n} (floor)", "val frames", frechet_distance(train, val)]]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_FACES)
    p.add_argument("--samples", type=int, default=5000)
    p.add_argument("--frames-grid", default=None, help="also write 32 of frame_g's frames here (PNG)")
    args = p.parse_args(argv)
    torch.manual_seed(0)
    G, judge = component("face_g"), component("classifier")
    val = embed(judge.features, load_faces(args.data, "val").images)
    train = embed(judge.features, _some(load_faces(args.data, "train").images, args.samples))
    with torch.no_grad():
        fake = embed(lambda z: judge.features(G(z)), latents(args.samples, seed=1))
    rows = [[f"G, {args.samples} samples", "val faces", frechet_distance(fake, val)],
            [f"train split, {args.samples} faces (floor)", "val faces", frechet_distance(train, val)]]
    if has("frame_g"):
        rows += frame_rows(judge, args.data, args.samples, val)
    print_table(["images", "compared with", "Fréchet distance"], rows)
    print()
    with torch.no_grad():
        rows = [[n, per_second(lambda: G(torch.randn(n, 128)), n)] for n in (1, 64)]
    print_table(["batch", "images / s"], rows)
    if args.frames_grid:
        with torch.no_grad():
            grid(component("frame_g")(latents(32, seed=3)), columns=8).save(args.frames_grid)


if __name__ == "__main__":
    main()
