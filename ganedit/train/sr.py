"""Train the 4× super-resolution generator: ``python -m ganedit.train.sr --stage psnr --minutes 120``.

Patches of ``../shared/data/sr/train`` with low-resolution inputs made exactly as the benchmark
makes them (MATLAB's antialiased bicubic, ``ganedit.imaging.matlab_imresize``), random flips and
90° rotations.
- ``--stage psnr``: L1 loss (sharper and faster to converge than L2, as EDSR found), Adam with a
  cosine learning-rate decay over the time budget. Exports ``sr_psnr``.
- ``--stage gan``: starts from ``sr_psnr``; L1 (weighted down to 0.1, so that texture may depart from
  the blurry average) + feature matching in D's layers (in place of the VGG loss: no pretrained VGG
  exists here) + a relativistic average adversarial loss (ESRGAN, Wang et al. 2018). Exports ``sr_gan``.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from tqdm import tqdm

from ganedit import hub
from ganedit.data import CACHE_DIR, DEFAULT_SR
from ganedit.imaging import matlab_imresize
from ganedit.models.sr import SRConfig, SRDiscriminator, SRDiscriminatorConfig, SRResNet
from ganedit.train.batches import PhotoBank, to_unit_range
from ganedit.train.common import (Job, add_run_arguments, distribute, join_cluster, pick_device, precision, train_for,
                                  trainable, unsynced)

SCALE = 4


def load_pairs(folder: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """(HR, LR) uint8 [H,W,3] pairs for every training image, HR cropped to a multiple of 4 (cached)."""
    files = sorted(folder.iterdir())
    key = hashlib.sha256("\n".join(str(f) for f in files).encode()).hexdigest()[:16]
    cache = CACHE_DIR / f"sr-pairs-{key}.npz"
    if cache.exists():
        arrays = np.load(cache)
        return [(arrays[f"hr{i}"], arrays[f"lr{i}"]) for i in range(len(arrays.files) // 2)]
    pairs = []
    for path in tqdm(files, desc="preparing LR images"):
        with Image.open(path) as image:
            hr = np.asarray(image.convert("RGB"))
        hr = hr[: hr.shape[0] // SCALE * SCALE, : hr.shape[1] // SCALE * SCALE]
        pairs.append((hr, matlab_imresize(hr, 1 / SCALE)))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(cache, **{f"{kind}{i}": a for i, pair in enumerate(pairs) for kind, a in zip(("hr", "lr"), pair)})
    return pairs


class PatchSampler:
    """Random aligned (LR, HR) patch batches, images chosen in proportion to their area, each pair turned by one
    of the 8 symmetries of a square; cut a batch at a time on ``device``."""

    def __init__(self, pairs, lr_size: int, device: torch.device | str = "cpu"):
        pairs = [(hr, lr) for hr, lr in pairs if min(lr.shape[:2]) >= lr_size]  # T91 has tiny images
        if not pairs:
            raise ValueError(f"no training image is at least {lr_size * SCALE} px on its shorter side")
        self.lr_size = lr_size
        self.highs, self.lows = (PhotoBank(list(images), device) for images in zip(*pairs))

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(LR [n,3,p,p], HR [n,3,4p,4p]) in [-1, 1] on the sampler's device."""
        index, top, left = self.lows.places(n, self.lr_size, by_area=True)
        turns = torch.randint(8, (n,), device=self.lows.device)
        low = self.lows.crops(index, top, left, self.lr_size, turns)
        high = self.highs.crops(index, SCALE * top, SCALE * left, SCALE * self.lr_size, turns)
        return to_unit_range(low), to_unit_range(high)


def relativistic_losses(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """RaGAN losses (D's, G's): is real more realistic than the average fake, and vice versa."""
    real_rel, fake_rel = real_logits - fake_logits.mean(), fake_logits - real_logits.mean()
    bce = F.binary_cross_entropy_with_logits
    d_loss = bce(real_rel, torch.ones_like(real_rel)) + bce(fake_rel, torch.zeros_like(fake_rel))
    g_loss = bce(real_rel, torch.zeros_like(real_rel)) + bce(fake_rel, torch.ones_like(fake_rel))
    return d_loss / 2, g_loss / 2


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", choices=["psnr", "gan"], default="psnr")
    p.add_argument("--data", type=Path, default=DEFAULT_SR / "train")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--patch", type=int, default=32, help="LR patch size (the HR patch is 4× that)")
    p.add_argument("--channels", type=int, default=48)
    p.add_argument("--blocks", type=int, default=8)
    p.add_argument("--lr", type=float, default=None, help="default 5e-4 (psnr) or 1e-4 (gan)")
    p.add_argument("--adversarial-weight", type=float, default=5e-3)
    p.add_argument("--feature-weight", type=float, default=1.0)
    p.add_argument("--pixel-weight", type=float, default=None, help="L1 weight; default 1 (psnr) or 0.1 (gan)")
    add_run_arguments(p, run_dir=None, minutes=120.0)  # run-dir default: runs/sr_<stage>
    return p.parse_args(argv)


def build(args: argparse.Namespace) -> Job:
    """The stage's training (G, and for the gan stage D, with their optimisers) on ``args.device``, under
    torchrun this rank's share of the pictures."""
    device = pick_device(args.device)
    cluster = join_cluster(device)
    torch.manual_seed(0)  # the same initial weights on every rank
    if args.stage == "gan":  # from sr_psnr, or from the shipped sr_gan to continue it
        G = trainable(hub.load_component("sr_gan" if args.init_from_weights else "sr_psnr")).to(device)
        D = SRDiscriminator(SRDiscriminatorConfig()).to(device)
        opt_d = torch.optim.Adam(D.parameters(), 1e-4, betas=(0.9, 0.99))
    else:
        G = (trainable(hub.load_component("sr_psnr")) if args.init_from_weights else SRResNet(
            SRConfig(args.channels, args.blocks))).to(device)
        D, opt_d = None, None
    torch.manual_seed(cluster.rank)  # each rank its own patches
    sampler = PatchSampler(cluster.shard(load_pairs(args.data)), args.patch, device)
    base_lr = args.lr or (5e-4 if args.stage == "psnr" else 1e-4)
    pixel_weight = args.pixel_weight or (1.0 if args.stage == "psnr" else 0.1)
    opt_g = torch.optim.Adam(G.parameters(), base_lr, betas=(0.9, 0.99))
    G_, D_ = distribute(G, cluster), D if D is None else distribute(D, cluster)
    started, amp = time.monotonic(), precision(device, args.bf16)

    def step() -> dict[str, torch.Tensor]:
        progress = min(1.0, (time.monotonic() - started) / (60 * args.minutes))
        for group in opt_g.param_groups:  # cosine decay over this invocation's budget
            group["lr"] = base_lr * 0.5 * (1 + math.cos(math.pi * progress))
        low, high = sampler.batch(args.batch)
        with amp:
            sr = G_(low)
            losses = {"l1": pixel_weight * F.l1_loss(sr.float(), high)}
        if D is None:
            opt_g.zero_grad(set_to_none=True)
            losses["l1"].backward()
        else:
            critic_step(D_, opt_d, sr, high, amp)
            with unsynced(D_):
                with amp:
                    losses.update(generator_terms(D_, sr, high, args))
                opt_g.zero_grad(set_to_none=True)
                sum(losses.values()).backward()
        opt_g.step()
        return losses

    state = {"G": G, "opt_g": opt_g, **({"D": D, "opt_d": opt_d} if D is not None else {})}
    return Job(step, lambda: sampler.batch(args.batch), args.batch, state, device)


def main(argv=None) -> None:
    args = parse_args(argv)
    job = build(args)
    cluster = join_cluster(job.device)
    run_dir = args.run_dir or Path(f"runs/sr_{args.stage}")
    run_dir.mkdir(parents=True, exist_ok=True)
    seen, minutes = train_for(job.step, minutes=args.minutes, run_dir=run_dir, items_per_step=args.batch,
                              state=job.state, resume=args.resume, desc=f"sr {args.stage}", cluster=cluster)
    if not cluster.main:
        return
    if args.export:
        hub.save_component(f"sr_{args.stage}", job.state["G"].eval(), args.export, extra={"patches_seen": seen})
    print(f"trained on {seen} patches in {minutes:.1f} min")


def critic_step(D, opt_d, sr: torch.Tensor, high: torch.Tensor, amp) -> None:
    """Update D once (RaGAN); ``amp``: the forward passes' precision context."""
    with amp:
        real_logits, _ = D(high)
        fake_logits, _ = D(sr.detach())
        d_loss, _ = relativistic_losses(real_logits, fake_logits)
    opt_d.zero_grad(set_to_none=True)
    d_loss.backward()
    opt_d.step()


def generator_terms(D, sr: torch.Tensor, high: torch.Tensor, args) -> dict[str, torch.Tensor]:
    """G's adversarial and feature-matching terms."""
    real_logits, real_features = D(high)
    fake_logits, fake_features = D(sr)
    _, g_loss = relativistic_losses(real_logits.detach(), fake_logits)
    matching = sum(F.l1_loss(f, r.detach()) for f, r in zip(fake_features, real_features)) / len(real_features)
    return {"adversarial": args.adversarial_weight * g_loss, "feature_matching": args.feature_weight * matching}


if __name__ == "__main__":
    main()
