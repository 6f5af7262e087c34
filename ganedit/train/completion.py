"""Train the completion network: ``python -m ganedit.train.completion --minutes 60 --export weights``
(or ``torchrun --nproc_per_node=N -m ganedit.train.completion ...``).

As LaMa trains (Suvorov et al. 2022): 256×256 crops of the photos in ``../shared/data/sr/train`` at their
native scale (the held-out photos of ``ganedit.data.completion_photos`` excluded), every fourth batch
64×64 train faces, each with a wide mask (thick strokes or large boxes, up to half the picture).
Losses: L1 in the hole and (weaker) outside it; a non-saturating adversarial loss from a PatchGAN
critic with mask-aware targets (patches of the hole are fake, the rest real); and feature matching
in the critic's layers, which stands in for LaMa's perceptual loss since no pretrained network can be
downloaded here: it rewards fills whose texture statistics match the photo's, not just its average.
What is exported is a moving average of the generator's weights (``--ema``), smoother than any one step of
small batches.
"""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import torch
import torch.nn.functional as F

from ganedit import hub
from ganedit.data import DEFAULT_FACES, DEFAULT_SR, completion_photos, load_faces, read_photos
from ganedit.models.completion import (CompletionConfig, CompletionDiscriminator, CompletionDiscriminatorConfig,
                                       CompletionNet, FFCResBlock)
from ganedit.train.batches import PhotoBank, to_unit_range
from ganedit.train.common import (Job, StepCounter, add_run_arguments, distribute, ema_copy, ema_update,
                                  flipped_batch, join_cluster, pick_device, precision, set_lr, train_for, trainable,
                                  unsynced)
from ganedit.train.masks import wide_masks


NEW_BLOCK_SCALE = 0.01  # a grown block's last batch-norm scales: almost the identity, yet with gradients


def deepened(G: CompletionNet, blocks: int) -> CompletionNet:
    """G with residual blocks appended up to ``blocks``, each starting as almost the identity, so a trained
    network grows without losing what it learned (as Net2Net does, Chen et al. 2016). A block adds the ReLU of
    its last batch norms; their scales start at NEW_BLOCK_SCALE, not 0, which would stop the gradient there."""
    channels, ratio = 4 * G.config.width, G.config.global_ratio
    for _ in range(blocks - G.config.blocks):
        block = FFCResBlock(channels, ratio)
        last = block.body[-1]
        for norm in (last.local_out[0], last.global_out[0]):
            torch.nn.init.constant_(norm.weight, NEW_BLOCK_SCALE)
        G.blocks.append(block)
    G.config = dataclasses.replace(G.config, blocks=max(blocks, G.config.blocks))
    return G


def photo_crops(bank: PhotoBank, n: int, size: int) -> torch.Tensor:
    """n random size×size crops [n,3,size,size] at native scale in [-1, 1], half of them mirrored, on the
    bank's device."""
    mirrored = torch.randint(2, (n,), device=bank.device)
    return to_unit_range(bank.crops(*bank.places(n, size), size, turns=mirrored))


def critic_losses(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Non-saturating critic loss on [real; composite] scores with LaMa's mask-aware targets: a composite's
    patches are fake in proportion to how much hole they hold, real elsewhere."""
    real, fake = scores.chunk(2)
    hole = F.interpolate(mask, size=fake.shape[-2:], mode="area")
    return F.softplus(-real).mean() + (hole * F.softplus(fake) + (1 - hole) * F.softplus(-fake)).mean()


def generator_losses(prediction, real, mask, scores, features, weights: dict[str, float]) -> dict[str, torch.Tensor]:
    """Named, weighted terms: L1 in the hole and outside it and, when the critic's ``scores`` and ``features``
    are given, adversarial on the hole's patches and feature matching."""
    hole_share = mask.mean().clamp(min=1e-3)
    error = (prediction - real).abs()
    losses = {"hole_l1": weights["hole_l1"] * (error * mask).mean() / hole_share,
              "known_l1": weights["known_l1"] * (error * (1 - mask)).mean() / (1 - hole_share).clamp(min=1e-3)}
    if scores is None:
        return losses
    fake_scores = scores.chunk(2)[1]
    hole = F.interpolate(mask, size=fake_scores.shape[-2:], mode="area")
    matching = sum(F.l1_loss(fake, real_.detach()) for real_, fake in (f.chunk(2) for f in features)) / len(features)
    return {**losses,
            "adversarial": weights["adversarial"] * (hole * F.softplus(-fake_scores)).mean() / hole.mean().clamp(1e-3),
            "feature_matching": weights["feature_matching"] * matching}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=Path, default=DEFAULT_SR / "train")
    p.add_argument("--faces", type=Path, default=DEFAULT_FACES)
    p.add_argument("--batch", type=int, default=8, help="photo crops per step and process")
    p.add_argument("--size", type=int, default=256, help="photo crop size")
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--blocks", type=int, default=6,
                   help="FFC residual blocks; with --init-from-weights, more than the shipped network has appends "
                        "new ones that start as almost the identity")
    p.add_argument("--lr", type=float, default=5e-4, help="Adam's learning rate (also when resuming)")
    p.add_argument("--critic-every", type=int, default=1,
                   help="train the critic, and add the adversarial and feature-matching terms, on every k-th step "
                        "only (the critic costs more than the generator on a CPU); 0: never (L1 alone)")
    p.add_argument("--hole-l1", type=float, default=1.0)
    p.add_argument("--known-l1", type=float, default=0.1)
    p.add_argument("--adversarial", type=float, default=0.05)
    p.add_argument("--feature-matching", type=float, default=1.0)
    p.add_argument("--ema", type=float, default=0.998,
                   help="decay of the moving average of the generator's weights, which is what is exported")
    add_run_arguments(p, run_dir=Path("runs/completion"), minutes=60.0)
    return p.parse_args(argv)


def build(args: argparse.Namespace) -> Job:
    """The completion network's training (G, its average G_ema, the critic D and their optimisers) on
    ``args.device``, under torchrun this rank's share."""
    device = pick_device(args.device)
    cluster = join_cluster(device)
    torch.manual_seed(0)  # the same initial weights on every rank (DDP also broadcasts rank 0's)
    photos = [p for p in read_photos(completion_photos("train", args.photos)) if min(p.shape[:2]) >= args.size]
    bank = PhotoBank(cluster.shard(photos), device)
    faces = cluster.shard(load_faces(args.faces, "train").images).to(device)
    if args.init_from_weights:
        G = deepened(trainable(hub.load_component("completion")), args.blocks)
    else:
        G = CompletionNet(CompletionConfig(args.width, args.blocks))
    G, D = G.to(device), CompletionDiscriminator(CompletionDiscriminatorConfig()).to(device)
    torch.manual_seed(cluster.rank)
    G_ema = ema_copy(G)
    G_, D_ = distribute(G, cluster), distribute(D, cluster)
    opt_g = torch.optim.Adam(G.parameters(), args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), args.lr, betas=(0.5, 0.999))
    weights = {"hole_l1": args.hole_l1, "known_l1": args.known_l1, "adversarial": args.adversarial,
               "feature_matching": args.feature_matching}
    turns, amp = StepCounter(), precision(device, args.bf16)

    def draw(turn: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        """(images [B,3,S,S] in [-1, 1], masks [B,1,S,S]): every fourth turn 2 × batch faces, else photo crops."""
        real = flipped_batch(faces, 2 * args.batch) if turn % 4 == 3 else photo_crops(bank, args.batch, args.size)
        return real, wide_masks(len(real), *real.shape[-2:], device)

    def step() -> dict[str, torch.Tensor]:
        turn = turns.next()
        set_lr(opt_g, args.lr)
        set_lr(opt_d, args.lr)
        real, mask = draw(turn)
        with amp:
            prediction = G_(real, mask)
        critic_turn = args.critic_every > 0 and turn % args.critic_every == 0
        if critic_turn:
            composite = mask * prediction + (1 - mask) * real
            with amp:
                d_loss = critic_losses(D_(torch.cat([real, composite.detach()]))[0], mask)
            opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            opt_d.step()
        with unsynced(D_):
            with amp:
                scores, features = D_(torch.cat([real, composite])) if critic_turn else (None, None)
                losses = generator_losses(prediction, real, mask, scores, features, weights)
            opt_g.zero_grad(set_to_none=True)
            sum(losses.values()).backward()
        opt_g.step()
        ema_update(G_ema, G, args.ema)
        return {**losses, "d": d_loss.detach()} if critic_turn else losses

    return Job(step, draw, args.batch, dict(G=G, D=D, G_ema=G_ema, opt_g=opt_g, opt_d=opt_d, turns=turns), device)


def main(argv=None) -> None:
    args = parse_args(argv)
    job = build(args)
    cluster = join_cluster(job.device)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    earlier = hub.component_spec("completion").get("images_seen", 0) if args.init_from_weights else 0

    def export(seen: int) -> None:
        """The averaged weights so far into ``--export`` (every 15 minutes and at the end)."""
        hub.save_component("completion", job.state["G_ema"], args.export, extra={"images_seen": seen})

    seen, minutes = train_for(job.step, minutes=args.minutes, run_dir=args.run_dir, items_per_step=args.batch,
                              state=job.state, resume=args.resume, desc="completion", cluster=cluster,
                              seen=earlier, every={"export": (15, export)} if args.export else None)
    if args.export and cluster.main:
        export(seen)
    if cluster.main:
        print(f"trained on {seen} images in {minutes:.1f} min")


if __name__ == "__main__":
    main()
