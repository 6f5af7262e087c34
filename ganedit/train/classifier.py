"""Train the attribute classifier: ``python -m ganedit.train.classifier --epochs 6``.

Masked binary cross-entropy: a blank label (long hair is hand-labelled on 1,128 train faces only)
adds nothing, and each attribute's loss is averaged over its own labelled faces so that the
rare long-hair labels weigh as much as any CelebA attribute. A fifth of the long-hair labels is
held out (seeded) to measure its accuracy, since the val split has no hand labels.

Then long and blond hair (``UNLINKED``) are re-fitted as if independent of sex: in CelebA 2% of the men are blond
against 23% of the women, and 7% of the hand-labelled men have long hair, so the plain loss learns "a man's hair is
neither" (it found blond hair on 0.47 of val's 17 blond men, 0.83 of its 194 blond women; 0.65 and 0.77 since,
``python -m ganedit.bench.classifier``, taking 0.017 and 0.027 of those without for blond, 0.000 and 0.047 before).
With the trunk frozen, the head's rows for those attributes are fitted again (L-BFGS, a little weight decay) on the
train faces' features, each face weighing p(sex)·p(label) / p(sex, label): importance weights to the distribution
where the two are independent, which keep each attribute's share of positives. This is last-layer re-training
(Kirichenko et al., "Last Layer Re-Training is Sufficient for Robustness to Spurious Correlations", ICLR 2023, whose
CelebA benchmark is this very blond/male pair; re-weighting as in Idrissi et al., CLeaR 2022), and leaves every
other attribute and the features the benchmarks measure distances in as they were. Re-weighting the whole network's
training instead found blond hair on more of val's blond men (0.82) but moved every other attribute (smiling, grey
hair) by the noise of a new run.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from ganedit import hub
from ganedit.data import DEFAULT_FACES, UNKNOWN, load_faces
from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
from ganedit.train.augment import translation
from ganedit.train.common import Job, add_device_arguments, pick_device, precision


# attributes of the hair that CelebA ties to sex but a photo's hair does not: re-fitted as if independent of it
UNLINKED = ("long_hair", "blond_hair")


def masked_bce(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
    """Mean over attributes of the BCE averaged (weighted by ``weights`` [N,A] if given) over the faces where
    that attribute is known."""
    known = (labels != UNKNOWN).float() * (1 if weights is None else weights)
    loss = F.binary_cross_entropy_with_logits(logits, labels.clamp(min=0), reduction="none") * known
    return (loss.sum(0) / known.sum(0).clamp(min=1e-6)).mean()


def unlinked_weights(labels: torch.Tensor, names: list[str], group: str = "male",
                     columns: tuple[str, ...] = UNLINKED) -> torch.Tensor:
    """Per-face loss weights [N,A]: in each of ``columns`` a face whose ``group`` label is g and whose label is y
    weighs p(g)·p(y) / p(g, y) over the faces where that label is known (1 where it is blank, and in every other
    column), so that the weighted labels are independent of ``group``. ``labels`` [N,A] in {0, 1, UNKNOWN}."""
    weights, g = torch.ones(labels.shape), labels[:, names.index(group)] == 1
    for column in (names.index(name) for name in columns if name in names):
        y, known = labels[:, column], labels[:, column] != UNKNOWN
        for side in (g, ~g):
            for value in (0, 1):
                cell = side & known & (y == value)
                share = (side & known).sum() * (known & (y == value)).sum() / known.sum()
                weights[cell, column] = share / cell.sum().clamp(min=1)
    return weights


def hold_out(labels: torch.Tensor, column: int, fraction: float, seed: int = 0) -> torch.Tensor:
    """Blank out ``fraction`` of a column's known labels; returns the held-out rows' indices."""
    known = (labels[:, column] != UNKNOWN).nonzero().squeeze(1)
    chosen = known[torch.randperm(len(known), generator=torch.Generator().manual_seed(seed))]
    chosen = chosen[: int(len(known) * fraction)]
    labels[chosen, column] = UNKNOWN
    return chosen


@torch.no_grad()
def logits_of(model: AttributeClassifier, images: torch.Tensor) -> torch.Tensor:
    """The classifier's logits [N,A] (on the CPU) for faces (uint8 [N,3,64,64]), in batches of 512."""
    return model.head(features_of(model, images).to(model.head.weight.device)).cpu()


@torch.no_grad()
def features_of(model: AttributeClassifier, images: torch.Tensor) -> torch.Tensor:
    """Penultimate features [N,F] (on the CPU) of faces (uint8 [N,3,64,64]), in batches of 512."""
    model.eval()
    device = next(model.parameters()).device
    return torch.cat([model.features(images[i:i + 512].to(device).float().div(127.5).sub(1))
                      for i in range(0, len(images), 512)]).cpu()


def accuracy(model: AttributeClassifier, images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Per-attribute accuracy [A] over the known labels (images uint8 [N,3,64,64])."""
    logits = logits_of(model, images)
    known = labels != UNKNOWN
    right = ((logits > 0).float() == labels) & known
    return right.sum(0) / known.sum(0).clamp(min=1)


def evaluate(model: AttributeClassifier, train, val, held: torch.Tensor) -> torch.Tensor:
    """Per-attribute accuracy [A]: CelebA's attributes on val, long hair on the held-out train faces."""
    scores = accuracy(model, val.images, val.attributes)
    long_hair = train.names.index("long_hair")
    scores[long_hair] = accuracy(model, train.images[held], train.attributes[held])[long_hair]
    return scores


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_FACES)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--export", type=Path, default=None, help="weights root to export to")
    p.add_argument("--refit-only", action="store_true",
                   help="train nothing: re-fit the UNLINKED rows of the shipped classifier's head (session 48)")
    add_device_arguments(p)
    return p.parse_args(argv)


def build(args: argparse.Namespace, train, labels: torch.Tensor) -> Job:
    """The classifier's training on ``args.device``: a pass over ``train``'s faces in a fresh random order per
    epoch, with ``labels`` [N,A] (UNKNOWN where blank); the one-cycle learning rate spans ``args.epochs``."""
    device = pick_device(args.device)
    torch.manual_seed(0)
    images, labels = train.images.to(device), labels.to(device)
    model = AttributeClassifier(ClassifierConfig(names=train.names, width=args.width)).to(device)
    opt = torch.optim.AdamW(model.parameters(), args.lr, weight_decay=1e-4)
    per_epoch = len(train) // args.batch
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=args.epochs * per_epoch)
    order, amp, taken = torch.randperm(len(train), device=device), precision(device, args.bf16), 0

    def draw() -> tuple[torch.Tensor, torch.Tensor]:
        """(faces [B,3,64,64] in [-1, 1], mirrored at random and shifted by up to 6%; their labels [B,A])."""
        nonlocal order, taken
        if taken % per_epoch == 0 and taken:
            order = torch.randperm(len(train), device=device)
        rows = order[(taken % per_epoch) * args.batch:][: args.batch]
        taken += 1
        x = images[rows].float().div(127.5).sub(1)
        flip = torch.rand(len(x), 1, 1, 1, device=device) < 0.5
        return translation(torch.where(flip, x.flip(3), x), ratio=0.06), labels[rows]

    def step() -> dict[str, torch.Tensor]:
        model.train()
        x, y = draw()
        with amp:
            loss = masked_bce(model(x).float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if schedule.last_epoch < schedule.total_steps:  # a throughput measurement may outlast the epochs
            schedule.step()
        return {"loss": loss.detach()}

    return Job(step, draw, args.batch, dict(model=model, opt=opt), device)


def refit_unlinked(model: AttributeClassifier, images: torch.Tensor, labels: torch.Tensor,
                   decay: float = 1e-4) -> None:
    """Fit the head's rows for ``UNLINKED`` again (in place) on the frozen features of ``images`` (uint8
    [N,3,64,64]) and their mirror images, with ``unlinked_weights`` on ``labels`` [N,A]; the other rows stay.
    The fit runs on standardised features, so that its tolerances and ``decay`` do not depend on their scale."""
    rows = [model.config.names.index(name) for name in UNLINKED]
    features = torch.cat([features_of(model, images), features_of(model, images.flip(3))])
    mean, scale = features.mean(0), features.std(0).clamp(min=1e-12)
    features, labels = (features - mean) / scale, torch.cat([labels, labels])
    weights = unlinked_weights(labels, model.config.names)[:, rows]
    head_w, head_b = model.head.weight[rows].detach().float().cpu(), model.head.bias[rows].detach().float().cpu()
    w, b = (head_w * scale).requires_grad_(True), (head_b + head_w @ mean).requires_grad_(True)
    opt = torch.optim.LBFGS([w, b], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = masked_bce(features @ w.T + b, labels[:, rows], weights) + decay * w.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        model.head.weight[rows] = (w / scale).to(model.head.weight)
        model.head.bias[rows] = (b - (w / scale) @ mean).to(model.head.bias)


def main(argv=None) -> None:
    args = parse_args(argv)
    train, val = load_faces(args.data, "train"), load_faces(args.data, "val")
    labels, long_hair = train.attributes.clone(), train.names.index("long_hair")
    held = hold_out(labels, long_hair, 0.2)
    model, epochs = (shipped() if args.refit_only else (train_network(args, train, labels), args.epochs))
    refit_unlinked(model, train.images, labels)
    scores = evaluate(model, train, val, held)
    report = {name: round(s.item(), 4) for name, s in zip(train.names, scores)}
    for name, s in report.items():
        print(f"{name:22s} {s:.3f}")
    print(f"mean {scores.mean():.3f}")
    if args.export:
        hub.save_component("classifier", model, args.export,
                           extra={"val_accuracy": report, "long_hair_held_out": len(held), "epochs": epochs,
                                  "refitted": list(UNLINKED)})


def train_network(args: argparse.Namespace, train, labels: torch.Tensor) -> AttributeClassifier:
    """The whole network trained for ``args.epochs`` with a progress bar."""
    job = build(args, train, labels)
    bar = tqdm(range(args.epochs * (len(train) // args.batch)), desc="classifier")
    for step in bar:
        losses = job.step()
        if step % 50 == 0:
            bar.set_postfix(loss=f"{losses['loss'].item():.4f}")
    return job.state["model"]


def shipped() -> tuple[AttributeClassifier, int]:
    """The classifier in the weights folder (frozen: ``refit_unlinked`` writes its head's rows in place) and the
    epochs it was trained for."""
    return hub.load_component("classifier"), hub.component_spec("classifier")["epochs"]


if __name__ == "__main__":
    main()
