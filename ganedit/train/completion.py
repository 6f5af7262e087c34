"""Train the completion network: ``python -m ganedit.train.completion --minutes 60 --export weights``.

Batches alternate between 128×128 crops of ``../shared/data/sr/train`` photos (at full or half
scale) and 64×64 train faces, each with a random free-form mask (strokes and boxes, 10–50% of the
area). Loss: L1 over the whole prediction plus L1 over the hole, plus an SN-PatchGAN hinge loss on
the composite (DeepFill v2, Yu et al. 2019) with a small weight, since the benchmark scores fidelity.
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ganedit import hub
from ganedit.data import DEFAULT_FACES, DEFAULT_SR, load_faces
from ganedit.models.completion import (CompletionConfig, CompletionDiscriminator, CompletionDiscriminatorConfig,
                                       CompletionNet)
from ganedit.train.common import add_run_arguments, flipped_batch, train_for, trainable
from ganedit.train.masks import stroke_mask
from ganedit.train.sr import load_pairs


def photo_crops(photos: list[np.ndarray], n: int, size: int, rng: np.random.Generator) -> torch.Tensor:
    """n random size×size crops in [-1, 1], each at full or (by 2×2 averaging) half scale."""
    crops = []
    for index in rng.integers(len(photos), size=n):
        photo = photos[index]
        if rng.random() < 0.5 and min(photo.shape[:2]) >= 2 * size + 2:
            h, w = photo.shape[0] // 2 * 2, photo.shape[1] // 2 * 2
            photo = photo[:h, :w].reshape(h // 2, 2, w // 2, 2, 3).mean((1, 3))
        y, x = rng.integers(0, photo.shape[0] - size + 1), rng.integers(0, photo.shape[1] - size + 1)
        crop = photo[y:y + size, x:x + size]
        crops.append(crop[:, ::-1] if rng.random() < 0.5 else crop)
    return torch.from_numpy(np.stack(crops).astype(np.float32)).permute(0, 3, 1, 2).div(127.5).sub(1)


def masks(n: int, size: int, rng: np.random.Generator) -> torch.Tensor:
    return torch.from_numpy(np.stack([stroke_mask(size, rng) for _ in range(n)]))[:, None]


def generator_losses(prediction, real, mask, fake_scores, adversarial_weight: float) -> dict[str, torch.Tensor]:
    hole = (prediction - real).abs().mul(mask).sum() / (3 * mask.sum()).clamp(min=1)
    return {"l1": F.l1_loss(prediction, real), "hole_l1": hole, "adversarial": -adversarial_weight * fake_scores.mean()}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=Path, default=DEFAULT_SR / "train")
    p.add_argument("--faces", type=Path, default=DEFAULT_FACES)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=128, help="photo crop size")
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--adversarial-weight", type=float, default=0.01)
    add_run_arguments(p, run_dir=Path("runs/completion"), minutes=60.0)
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    photos = [hr for hr, _ in load_pairs(args.photos) if min(hr.shape[:2]) >= args.size]
    faces = load_faces(args.faces, "train").images
    G = trainable(hub.load_component("completion")) if args.init_from_weights else CompletionNet(
        CompletionConfig(args.width))
    D = CompletionDiscriminator(CompletionDiscriminatorConfig())
    opt_g = torch.optim.Adam(G.parameters(), args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), args.lr, betas=(0.5, 0.999))
    turns = itertools.count()

    def step() -> dict[str, torch.Tensor]:
        use_faces = next(turns) % 2 == 1
        real = flipped_batch(faces, args.batch) if use_faces else photo_crops(photos, args.batch, args.size, rng)
        mask = masks(args.batch, real.shape[-1], rng)
        prediction = G(real, mask)
        composite = mask * prediction + (1 - mask) * real
        d_loss = F.relu(1 - D(real, mask)).mean() + F.relu(1 + D(composite.detach(), mask)).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        losses = generator_losses(prediction, real, mask, D(composite, mask), args.adversarial_weight)
        opt_g.zero_grad(set_to_none=True)
        sum(losses.values()).backward()
        opt_g.step()
        return {**losses, "d": d_loss.detach()}

    seen, minutes = train_for(step, minutes=args.minutes, run_dir=args.run_dir, items_per_step=args.batch,
                              state=dict(G=G, D=D, opt_g=opt_g, opt_d=opt_d), resume=args.resume, desc="completion")
    if args.export:
        hub.save_component("completion", G.eval(), args.export, extra={"images_seen": seen})
    print(f"trained on {seen} images in {minutes:.1f} min")


if __name__ == "__main__":
    main()
