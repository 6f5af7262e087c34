"""Train the 64×64 face GAN on the train split: ``python -m ganedit.train.gan --minutes 120``.

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
from ganedit.data import DEFAULT_FACES, load_faces
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
    add_run_arguments(p, run_dir=Path("runs/gan"), minutes=112.0)
    return p.parse_args(argv)


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
    faces = cluster.shard(load_faces(args.data, "train").images).to(device)
    if args.init_from_weights:  # the shipped EMA generator becomes the raw G (and its EMA) again
        G, D = trainable(hub.load_component("face_g")), trainable(hub.load_component("face_d"))
    else:
        G, D = Generator(GeneratorConfig(width=args.width)), Discriminator(DiscriminatorConfig(width=args.width))
    G, D = G.to(device), D.to(device)
    G_ema = ema_copy(G)
    opt_g = torch.optim.Adam(G.parameters(), args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), args.lr, betas=(0.5, 0.999))
    G_, D_ = distribute(G, cluster), distribute(D, cluster)
    torch.manual_seed(args.seed + cluster.rank)  # each rank its own batches
    amp = precision(device, args.bf16)

    def draw() -> tuple[torch.Tensor, torch.Tensor]:
        """(real faces [B,3,64,64] in [-1, 1], latents [B,z_dim])."""
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
        hub.save_component("face_g", G_ema, args.export, extra={"images_seen": seen})
        hub.save_component("face_d", job.state["D"], args.export, extra={"images_seen": seen})
    print(f"trained on {seen} images in {minutes:.1f} min")


if __name__ == "__main__":
    main()
