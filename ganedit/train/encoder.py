"""Train the encoder E with G frozen: ``python -m ganedit.train.encoder --minutes 20 --export weights``; with
``--frames`` the whole frame's (``frame_encoder``, with ``frame_g`` and ``frame_d`` on the train frames).

E starts from the trained D's trunk. Each step has two halves (iGAN §3.1 and Perarnau et al.'s IcGAN):
- G's own samples x = G(z): ‖E(x) − z‖² and ‖G(E(x)) − x‖²;
- real train faces x: ‖G(E(x)) − x‖² in pixels plus a distance in a frozen D's trunk features.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from ganedit import hub
from ganedit.data import DEFAULT_FACES, load_faces
from ganedit.edits.inversion import trunk_activations
from ganedit.models.encoder import Encoder
from ganedit.train.common import (Job, add_run_arguments, distribute, flipped_batch, join_cluster, pick_device,
                                  precision, train_for, trainable)


def encoder_losses(E, G, D, real: torch.Tensor, z: torch.Tensor, feature_weight: float) -> dict[str, torch.Tensor]:
    """The four named losses for one batch of real images [B,3,H,W] (G's size) and latents z [B,D]."""
    with torch.no_grad():
        fake = G(z)
    z_fake = E(fake)
    rebuilt_fake = G(z_fake)
    rebuilt_real = G(E(real))
    features = [(a - b).pow(2).mean() for a, b in zip(trunk_activations(D, rebuilt_real), trunk_activations(D, real))]
    return {
        "latent": (z_fake - z).pow(2).mean(),
        "fake_pixels": (rebuilt_fake - fake).pow(2).mean(),
        "real_pixels": (rebuilt_real - real).pow(2).mean(),
        "real_features": feature_weight * sum(features) / len(features),
    }


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--feature-weight", type=float, default=0.5)
    p.add_argument("--frames", action="store_true", help="the whole frame's encoder (frame_g, frame_d, train frames)")
    add_run_arguments(p, run_dir=None, minutes=20.0)
    args = p.parse_args(argv)
    args.run_dir = args.run_dir or Path("runs/frame_encoder" if args.frames else "runs/encoder")
    args.names = ("frame_encoder", "frame_g", "frame_d") if args.frames else ("encoder", "face_g", "face_d")
    return args


def build(args: argparse.Namespace) -> Job:
    """The encoder's training (E and its optimiser, with the shipped G and D frozen) on ``args.device``, under
    torchrun this rank's share of the faces."""
    device = pick_device(args.device)
    cluster = join_cluster(device)
    torch.manual_seed(0)  # the same initial weights on every rank
    faces = cluster.shard(load_faces(args.data, "train", frames=args.frames).images).to(device)
    name, *frozen = args.names
    G, D = (hub.load_component(component).to(device) for component in frozen)
    if args.init_from_weights:
        E = trainable(hub.load_component(name))
    else:
        E = Encoder.from_discriminator(D, z_dim=G.config.z_dim).train()
    E = E.to(device)
    opt = torch.optim.Adam(E.parameters(), args.lr, betas=(0.9, 0.999))
    E_ = distribute(E, cluster)
    torch.manual_seed(cluster.rank)  # each rank its own batches
    amp = precision(device, args.bf16)

    def draw() -> tuple[torch.Tensor, torch.Tensor]:
        """(real faces [B,3,H,W] in [-1, 1], latents [B,z_dim] for G's own samples)."""
        return flipped_batch(faces, args.batch), torch.randn(args.batch, G.config.z_dim, device=device)

    def step() -> dict[str, torch.Tensor]:
        with amp:
            losses = encoder_losses(E_, G, D, *draw(), args.feature_weight)
        opt.zero_grad(set_to_none=True)
        sum(losses.values()).backward()
        opt.step()
        return losses

    return Job(step, draw, 2 * args.batch, dict(E=E, opt=opt), device)


def main(argv=None) -> None:
    args = parse_args(argv)
    job = build(args)
    cluster = join_cluster(job.device)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    seen, minutes = train_for(job.step, minutes=args.minutes, run_dir=args.run_dir, items_per_step=2 * args.batch,
                              state=job.state, resume=args.resume, desc="encoder", cluster=cluster)
    if not cluster.main:
        return
    if args.export:
        hub.save_component(args.names[0], job.state["E"].eval(), args.export, extra={"images_seen": seen})
    print(f"trained on {seen} images ({seen // 2} real, {seen // 2} generated) in {minutes:.1f} min")


if __name__ == "__main__":
    main()
