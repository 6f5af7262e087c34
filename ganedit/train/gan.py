"""Train the 64×64 face GAN on the train split: ``python -m ganedit.train.gan --minutes 120``; with ``--frames``
the GAN of the whole frame (96×80: hair, neck and shoulders; exported as ``frame_g``/``frame_d``), which
``--from-faces`` starts from the shipped face GAN (same convolutions, seed grid widened around the face).

Recipe (chosen for ~1 M images on 2 CPU cores): DCGAN-shaped G with batch norm, spectrally
normalised D, hinge loss, Adam(2e-4, β=(0.5, 0.999)), DiffAugment colour + translation on both
real and fake images, horizontal flips of the real faces, and an EMA copy of G (decay 0.999)
whose batch-norm statistics are recomputed before sampling or export (the running statistics
of the raw G do not match the averaged weights).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch
import torch.nn.functional as F

from ganedit import hub
from ganedit.data import DEFAULT_FACES, FACE_IN_FRAME, FRAME_SIZE, load_faces
from ganedit.imaging import grid
from ganedit.models.gan import Discriminator, DiscriminatorConfig, Generator, GeneratorConfig
from ganedit.train.augment import diff_augment
from ganedit.train.common import (Job, add_run_arguments, distribute, ema_copy, ema_update, flipped_batch,
                                  join_cluster, pick_device, precision, train_for, trainable, unsynced)


@torch.no_grad()
def recalibrate_batchnorm(generator: Generator, batches: int = 16, batch_size: int = 256, seed: int = 0) -> None:
    """Set G's batch-norm running statistics to exact averages over fresh samples."""
    norms = [m for m in generator.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    generator.train()
    rng, device = torch.Generator().manual_seed(seed), next(generator.parameters()).device
    for _ in range(batches):  # the same latents on any device
        generator(torch.randn(batch_size, generator.config.z_dim, generator=rng).to(device))
    for m in norms:
        m.momentum = 0.1
    generator.eval()


def widen_seed(weight: torch.Tensor, channels: int, old: tuple[int, int], new: tuple[int, int],
               at: tuple[int, int]) -> torch.Tensor:
    """A linear map's weight over a (channels, *old) grid, laid at cell ``at`` of a (channels, *new) grid; the
    cells outside repeat the nearest old cell. weight: [C·oh·ow, in] (G's seed) or [out, C·oh·ow] (D's head,
    pass weight.T and transpose back)."""
    grid = weight.reshape(channels, *old, -1)
    rows = (torch.arange(new[0]) - at[0]).clamp(0, old[0] - 1)
    cols = (torch.arange(new[1]) - at[1]).clamp(0, old[1] - 1)
    return grid[:, rows][:, :, cols].reshape(channels * new[0] * new[1], -1)


@torch.no_grad()
def frame_gan_from_faces(face_g: Generator, face_d: Discriminator) -> tuple[Generator, Discriminator]:
    """A frame G and D whose convolutions are the face GAN's and whose seed grid holds the face's 4×4 grid
    where the face lies in the frame (``FACE_IN_FRAME``, to the nearest 16-px cell), repeated outward."""
    width, at = face_g.config.width, (round(FACE_IN_FRAME[1] / 16), round(FACE_IN_FRAME[0] / 16))
    G = Generator(GeneratorConfig(face_g.config.z_dim, width, FRAME_SIZE))
    D = Discriminator(DiscriminatorConfig(face_d.config.width, FRAME_SIZE))
    new = (FRAME_SIZE[0] // 16, FRAME_SIZE[1] // 16)
    g_state = {k: v for k, v in face_g.state_dict().items() if k != "seed.0.weight"}
    G.load_state_dict({**g_state, "seed.0.weight": widen_seed(face_g.seed[0].weight, 8 * width, (4, 4), new, at)})
    D.trunk.load_state_dict(face_d.trunk.state_dict())
    head = face_d.head.parametrizations.weight.original
    D.head.parametrizations.weight.original.copy_(widen_seed(head.T, 8 * face_d.config.width, (4, 4), new, at).T)
    return G, D


def hinge_d(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> dict[str, torch.Tensor]:
    return {"d_real": F.relu(1 - real_scores).mean(), "d_fake": F.relu(1 + fake_scores).mean()}


def hinge_g(fake_scores: torch.Tensor) -> dict[str, torch.Tensor]:
    return {"g": -fake_scores.mean()}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--ema", type=float, default=0.999)
    p.add_argument("--augment", default="color,translation")
    p.add_argument("--sample-every", type=float, default=10.0, help="minutes between sample grids")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--frames", action="store_true", help="the whole-frame GAN (96×80) instead of the 64×64 face's")
    p.add_argument("--from-faces", action="store_true", help="with --frames: start from the shipped face GAN")
    add_run_arguments(p, run_dir=None, minutes=112.0)
    args = p.parse_args(argv)
    args.run_dir = args.run_dir or Path("runs/frame_gan" if args.frames else "runs/gan")
    args.names = ("frame_g", "frame_d") if args.frames else ("face_g", "face_d")
    return args


def save_samples(ema: Generator, fixed_z: torch.Tensor, path: Path) -> None:
    recalibrate_batchnorm(ema)
    with torch.no_grad():
        grid(ema(fixed_z).cpu(), columns=8).save(path)


def build(args: argparse.Namespace) -> Job:
    """The GAN's training (G, D, G's average G_ema and the optimisers) on ``args.device``, under torchrun this
    rank's share of the faces."""
    device = pick_device(args.device)
    cluster = join_cluster(device)
    torch.manual_seed(args.seed)  # the same initial weights on every rank
    faces = cluster.shard(load_faces(args.data, "train", frames=args.frames).images).to(device)
    size = FRAME_SIZE if args.frames else (64, 64)
    if args.from_faces:
        G, D = frame_gan_from_faces(hub.load_component("face_g"), hub.load_component("face_d"))
        G, D = trainable(G), trainable(D)
    elif args.init_from_weights:  # the shipped EMA generator becomes the raw G (and its EMA) again
        G, D = (trainable(hub.load_component(name)) for name in args.names)
    else:
        G = Generator(GeneratorConfig(width=args.width, image_size=size))
        D = Discriminator(DiscriminatorConfig(args.width, size))
    G, D = G.to(device), D.to(device)
    G_ema = ema_copy(G)
    opt_g = torch.optim.Adam(G.parameters(), args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), args.lr, betas=(0.5, 0.999))
    G_, D_ = distribute(G, cluster), distribute(D, cluster)
    torch.manual_seed(args.seed + cluster.rank)  # each rank its own batches
    amp = precision(device, args.bf16)

    def draw() -> tuple[torch.Tensor, torch.Tensor]:
        """(real faces [B,3,H,W] in [-1, 1], latents [B,z_dim])."""
        return flipped_batch(faces, args.batch), torch.randn(args.batch, G.config.z_dim, device=device)

    def step() -> dict[str, torch.Tensor]:
        real, z = draw()
        with amp:
            fake = G_(z)
            d_terms = hinge_d(D_(diff_augment(real, args.augment)), D_(diff_augment(fake.detach(), args.augment)))
        opt_d.zero_grad(set_to_none=True)
        sum(d_terms.values()).backward()
        opt_d.step()
        with unsynced(D_):
            with amp:
                g_terms = hinge_g(D_(diff_augment(fake, args.augment)))
            opt_g.zero_grad(set_to_none=True)
            g_terms["g"].backward()
        opt_g.step()
        ema_update(G_ema, G, args.ema)
        return {**d_terms, **g_terms}

    return Job(step, draw, args.batch, dict(G=G, D=D, G_ema=G_ema, opt_g=opt_g, opt_d=opt_d), device)


def main(argv=None) -> None:
    args = parse_args(argv)
    job = build(args)
    cluster = join_cluster(job.device)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    G_ema = job.state["G_ema"]
    fixed_z = torch.randn(64, G_ema.config.z_dim, generator=torch.Generator().manual_seed(1234)).to(job.device)
    samples = lambda seen: save_samples(G_ema, fixed_z, args.run_dir / f"samples_{seen:08d}.png")
    seen, minutes = train_for(job.step, minutes=args.minutes, run_dir=args.run_dir, items_per_step=args.batch,
                              state=job.state, resume=args.resume, desc="gan",
                              every={"samples": (args.sample_every, samples)}, cluster=cluster)
    if not cluster.main:
        return
    save_samples(G_ema, fixed_z, args.run_dir / "samples_final.png")
    if args.export:
        for name, model in zip(args.names, (G_ema, job.state["D"])):
            hub.save_component(name, model, args.export, extra={"images_seen": seen})
    print(f"trained on {seen} images in {minutes:.1f} min")


if __name__ == "__main__":
    main()
