"""Pieces every training script shares: time budgets, CSV logs, resumable checkpoints, EMA."""
from __future__ import annotations

import copy
import csv
import time
from pathlib import Path
from typing import Callable

import torch
from tqdm import tqdm


class Budget:
    """Wall-clock budget in minutes; ``every(name, minutes)`` fires periodically."""

    def __init__(self, minutes: float):
        self.start = time.monotonic()
        self.seconds = minutes * 60
        self._last: dict[str, float] = {}

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def spent(self) -> bool:
        return self.elapsed() >= self.seconds

    def every(self, name: str, minutes: float) -> bool:
        now = self.elapsed()
        if now - self._last.setdefault(name, 0.0) >= minutes * 60:
            self._last[name] = now
            return True
        return False


class CsvLog:
    """Append rows of named values to a CSV file (header written once)."""

    def __init__(self, path: Path):
        self.path = path
        self._fresh = not path.exists()

    def write(self, **row) -> None:
        with open(self.path, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(row))
            if self._fresh:
                writer.writeheader()
                self._fresh = False
            writer.writerow({k: f"{v:.5g}" if isinstance(v, float) else v for k, v in row.items()})


def save_checkpoint(path: Path, **state) -> None:
    """Atomically write a training checkpoint (state dicts and counters only)."""
    tmp = path.with_suffix(".tmp")
    torch.save({k: v.state_dict() if hasattr(v, "state_dict") else v for k, v in state.items()}, tmp)
    tmp.replace(path)


def load_checkpoint(path: Path, **targets) -> dict:
    """Load a checkpoint written by save_checkpoint into ``targets``; returns the plain values.

    ``weights_only=True`` keeps torch.load from running code even if the file were tampered with.
    """
    state = torch.load(path, weights_only=True)
    for name, target in targets.items():
        target.load_state_dict(state.pop(name))
    return state


def ema_copy(model: torch.nn.Module) -> torch.nn.Module:
    return copy.deepcopy(model).eval().requires_grad_(False)


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    for e, p in zip(ema.parameters(), model.parameters()):
        e.lerp_(p, 1 - decay)


def train_for(step: Callable[[], dict[str, torch.Tensor]], *, minutes: float, run_dir: Path, items_per_step: int,
              state: dict, resume: bool, desc: str, every: dict[str, tuple[float, Callable[[int], None]]] = None
              ) -> tuple[int, float]:
    """The training loop every script shares: call ``step`` (one optimiser update; returns its named losses)
    until the time budget is spent, with a progress bar, a CSV log every 30 s and a resumable checkpoint of
    ``state`` (models and optimisers by name) every 5 minutes and at the end.

    ``every`` adds periodic work: name -> (minutes, fn(items_seen)). Returns (items seen, minutes spent).
    """
    checkpoint = run_dir / "checkpoint.pt"
    seen = load_checkpoint(checkpoint, **state)["seen"] if resume and checkpoint.exists() else 0
    log, budget = CsvLog(run_dir / "log.csv"), Budget(minutes)
    bar = tqdm(desc=desc, unit="item", initial=seen)
    while not budget.spent():
        losses = step()
        seen += items_per_step
        bar.update(items_per_step)
        if budget.every("log", 0.5):
            values = {k: v.item() for k, v in losses.items()}
            log.write(items=seen, minutes=budget.elapsed() / 60, **values)
            bar.set_postfix(values)
        if budget.every("checkpoint", 5):
            save_checkpoint(checkpoint, seen=seen, **state)
        for name, (period, work) in (every or {}).items():
            if budget.every(name, period):
                work(seen)
    bar.close()
    save_checkpoint(checkpoint, seen=seen, **state)
    return seen, budget.elapsed() / 60


def flipped_batch(images: torch.Tensor, n: int) -> torch.Tensor:
    """n random images from uint8 [N,3,H,W] as floats in [-1, 1], half of them mirrored left-right."""
    batch = images[torch.randint(len(images), (n,))].float().div(127.5).sub(1)
    return torch.where(torch.rand(n, 1, 1, 1) < 0.5, batch.flip(3), batch)


def add_run_arguments(parser, *, run_dir: Path | None, minutes: float) -> None:
    """The options every time-budgeted script takes: --run-dir, --minutes, --resume, --export, --init-from-weights."""
    parser.add_argument("--run-dir", type=Path, default=run_dir, help="logs, samples and checkpoint.pt")
    parser.add_argument("--minutes", type=float, default=minutes, help="wall-clock budget for this invocation")
    parser.add_argument("--resume", action="store_true", help="continue from run-dir/checkpoint.pt")
    parser.add_argument("--export", type=Path, default=None, help="weights root to export to at the end")
    parser.add_argument("--init-from-weights", action="store_true",
                        help="start from the shipped weights of what this script trains (optimiser state restarts)")


def trainable(model: torch.nn.Module) -> torch.nn.Module:
    """A loaded (frozen) component made trainable again, to continue training it."""
    return model.train().requires_grad_(True)
