"""Pieces every training script shares: the device, time budgets, CSV logs, resumable checkpoints that any
device can resume, EMA, and data-parallel training under ``torchrun`` (DistributedDataParallel: gloo on CPU,
nccl on GPUs)."""
from __future__ import annotations

import atexit
import contextlib
import copy
import csv
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from tqdm import tqdm


@dataclass(frozen=True)
class Cluster:
    """This process's place among the training processes (a cluster of one for a plain ``python -m`` run)."""

    rank: int = 0
    world: int = 1

    @property
    def main(self) -> bool:
        """Rank 0 alone logs, checkpoints and exports."""
        return self.rank == 0

    def shard(self, items):
        """This rank's share of a data set (every world-th item, from its rank on)."""
        return items[self.rank::self.world]


@dataclass(frozen=True)
class Job:
    """One training script's work, for ``train_for`` and for ``ganedit.train.throughput``: ``step`` is one
    optimiser update (returns its named losses), ``draw`` one batch of the data pipeline alone (what ``step``
    starts with), each worth ``items_per_step`` items; ``state`` holds the models and optimisers by name."""

    step: Callable[[], dict[str, torch.Tensor]]
    draw: Callable[[], object]
    items_per_step: int
    state: dict
    device: torch.device


def pick_device(name: str | None = None) -> torch.device:
    """The device to train on: ``name`` ("cpu", "cuda", "cuda:1", …), by default CUDA when present, else the
    CPU; a bare "cuda" under torchrun is this rank's own GPU (LOCAL_RANK). Raises RuntimeError for a CUDA
    device on a machine without one."""
    device = torch.device(name or ("cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"--device {name}: no CUDA GPU is visible to PyTorch here (use --device cpu)")
    if device.type == "cuda" and device.index is None:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    return device


def join_cluster(device: torch.device = torch.device("cpu")) -> Cluster:
    """Under torchrun (WORLD_SIZE set) join the process group, nccl for a CUDA ``device`` (made this
    process's current GPU) and gloo on the CPU, left at exit while the interpreter is whole (without it a gloo
    worker thread, torn down with the interpreter, aborted a rank after training had finished: a CI run, session 39;
    PyTorch's "Shutdown" docs ask for ``destroy_process_group``); else one process."""
    if int(os.environ.get("WORLD_SIZE", "1")) == 1:
        return Cluster()
    if not dist.is_initialized():
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        atexit.register(_leave_cluster)
    return Cluster(dist.get_rank(), dist.get_world_size())


def _leave_cluster() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()


def precision(device: torch.device, bf16: bool):
    """A context for forward passes: bfloat16 autocast on ``device`` when ``bf16``, else full float32."""
    return torch.autocast(device.type, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()


def distribute(model: torch.nn.Module, cluster: Cluster) -> torch.nn.Module:
    """The model wrapped in DistributedDataParallel (gradients averaged across ranks) when there are several."""
    return DistributedDataParallel(model) if cluster.world > 1 else model


def unsynced(model: torch.nn.Module):
    """A context in which a wrapped model's gradients stay local: for a critic's gradients that the
    generator's loss produces and that are thrown away before the critic's next step."""
    return model.no_sync() if isinstance(model, DistributedDataParallel) else contextlib.nullcontext()


def _random_states(rng: np.random.Generator | None, cluster: Cluster) -> list:
    """Every rank's (torch CPU, numpy, torch CUDA or None) random state, so that a resumed run draws what it
    would have drawn (on a CUDA device only if it resumes on one)."""
    cuda = torch.cuda.get_rng_state() if torch.cuda.is_initialized() else None
    mine = (torch.get_rng_state(), rng.bit_generator.state if rng is not None else None, cuda)
    if cluster.world == 1:
        return [mine]
    states = [None] * cluster.world
    dist.all_gather_object(states, mine)
    return states


def _restore_random_states(states: list, rng: np.random.Generator | None, cluster: Cluster) -> None:
    if len(states) != cluster.world:
        return  # a different number of processes: carry on with fresh random states
    torch_state, numpy_state, *cuda_state = states[cluster.rank]  # checkpoints before CUDA held two
    torch.set_rng_state(torch_state)
    if rng is not None and numpy_state is not None:
        rng.bit_generator.state = numpy_state
    if cuda_state and cuda_state[0] is not None and torch.cuda.is_initialized():
        torch.cuda.set_rng_state(cuda_state[0])


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


def on_cpu(value):
    """``value`` with every tensor in it (through dicts, lists and tuples) copied to the CPU."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, dict):
        return {k: on_cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(on_cpu(v) for v in value)
    return value


def save_checkpoint(path: Path, **state) -> None:
    """Atomically write a training checkpoint (state dicts and counters only), every tensor on the CPU so
    that any device can resume it."""
    tmp = path.with_suffix(".tmp")
    torch.save(on_cpu({k: v.state_dict() if hasattr(v, "state_dict") else v for k, v in state.items()}), tmp)
    tmp.replace(path)


def load_checkpoint(path: Path, **targets) -> dict:
    """Load a checkpoint written by save_checkpoint into ``targets``; returns the plain values.

    Tensors are read onto the CPU whatever device wrote them (``map_location``) and ``load_state_dict`` copies
    them to the device of each target's parameters (optimiser states follow their parameters).
    ``weights_only=True`` keeps torch.load from running code even if the file were tampered with.
    """
    state = torch.load(path, weights_only=True, map_location="cpu")
    for name, target in targets.items():
        target.load_state_dict(state.pop(name))
    return state


def ema_copy(model: torch.nn.Module) -> torch.nn.Module:
    return copy.deepcopy(model).eval().requires_grad_(False)


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    """Move the average towards the model: parameters and floating buffers (batch-norm statistics) by
    ``1 - decay``; integer buffers (batch counts) are copied."""
    for e, p in zip(ema.state_dict().values(), model.state_dict().values()):
        if e.is_floating_point():
            e.lerp_(p, 1 - decay)
        else:
            e.copy_(p)


def train_for(step: Callable[[], dict[str, torch.Tensor]], *, minutes: float, run_dir: Path, items_per_step: int,
              state: dict, resume: bool, desc: str, every: dict[str, tuple[float, Callable[[int], None]]] = None,
              rng: np.random.Generator | None = None, cluster: Cluster = Cluster(), seen: int = 0
              ) -> tuple[int, float]:
    """The training loop every script shares: call ``step`` (one optimiser update; returns its named losses)
    until the time budget is spent, with a progress bar, a CSV log every 30 s and at the end, and a resumable
    checkpoint of ``state`` (models and optimisers by name, unwrapped; CPU tensors), the items seen and the random
    states (torch's and ``rng``'s, per rank) every 5 minutes and at the end, so that a resumed run continues
    exactly.

    Under torchrun every rank calls this; ``items_per_step`` is per rank, rank 0 alone logs and checkpoints,
    and the ranks agree on when the budget is spent. ``every`` adds periodic work on rank 0:
    name -> (minutes, fn(items_seen)). ``seen`` counts the items the models saw before (when they start from
    shipped weights); a resumed run takes the checkpoint's count. Returns (items seen by all ranks, minutes spent).
    """
    checkpoint = run_dir / "checkpoint.pt"
    if resume and checkpoint.exists():
        saved = load_checkpoint(checkpoint, **state)
        seen = saved["seen"]
        _restore_random_states(saved.get("random_states", []), rng, cluster)
    log, budget = CsvLog(run_dir / "log.csv"), Budget(minutes)
    bar = tqdm(desc=desc, unit="item", initial=seen, disable=not cluster.main)

    def save() -> None:
        states, fingerprints = _random_states(rng, cluster), _replica_fingerprints(state, cluster)
        if cluster.main:
            save_checkpoint(checkpoint, seen=seen, random_states=states, replica_fingerprints=fingerprints, **state)

    def write_log(losses: dict[str, torch.Tensor]) -> None:
        values = {k: v.item() for k, v in losses.items()}
        log.write(items=seen, minutes=budget.elapsed() / 60, **values)
        bar.set_postfix(values)

    losses = {}
    while not _agreed(budget.spent(), cluster):
        losses = step()
        seen += items_per_step * cluster.world
        bar.update(items_per_step * cluster.world)
        if budget.every("log", 0.5) and cluster.main:
            write_log(losses)
        if _agreed(budget.every("checkpoint", 5), cluster):
            save()
        for name, (period, work) in (every or {}).items():
            if budget.every(name, period) and cluster.main:
                work(seen)
    if losses and cluster.main:
        write_log(losses)
    bar.close()
    save()
    return seen, budget.elapsed() / 60


def _replica_fingerprints(state: dict, cluster: Cluster) -> list[torch.Tensor]:
    """Every rank's fingerprint of its models' parameters (the sum of each, in float64): data-parallel replicas
    must stay identical, and the checkpoint records that they did. (Buffers such as batch-norm statistics are
    rank 0's at every forward pass: DDP broadcasts them.)"""
    mine = torch.stack([value.detach().double().sum() for model in state.values()
                        if isinstance(model, torch.nn.Module) for value in model.parameters()])
    if cluster.world == 1:
        return [mine]
    everyone = [torch.zeros_like(mine) for _ in range(cluster.world)]
    dist.all_gather(everyone, mine.to("cuda") if dist.get_backend() == "nccl" else mine)
    return [f.cpu() for f in everyone]


def _agreed(flag: bool, cluster: Cluster) -> bool:
    """True on every rank when it is true on rank 0 (clocks differ slightly between processes)."""
    if cluster.world == 1:
        return flag
    value = torch.tensor([float(flag)], device="cuda" if dist.get_backend() == "nccl" else "cpu")
    dist.broadcast(value, src=0)
    return bool(value.item())


class StepCounter:
    """The number of steps taken, saved in checkpoints so that a resumed run keeps its place in a cycle
    (which batches hold faces, which steps train the critic)."""

    def __init__(self):
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count - 1

    def state_dict(self) -> dict:
        return {"count": self.count}

    def load_state_dict(self, state: dict) -> None:
        self.count = state["count"]


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """The command line's learning rate, also after a resumed optimiser state brought back the old one."""
    for group in optimizer.param_groups:
        group["lr"] = lr


def flipped_batch(images: torch.Tensor, n: int) -> torch.Tensor:
    """n random images from uint8 [N,3,H,W] as floats [n,3,H,W] in [-1, 1], half of them mirrored left-right;
    drawn and returned on the images' device."""
    device = images.device
    batch = images[torch.randint(len(images), (n,), device=device)].float().div(127.5).sub(1)
    return torch.where(torch.rand(n, 1, 1, 1, device=device) < 0.5, batch.flip(3), batch)


def add_device_arguments(parser) -> None:
    """The options every training script takes: --device and --bf16."""
    parser.add_argument("--device", default=None,
                        help="cpu, cuda or cuda:N: where models, optimisers and batches live (default: CUDA when "
                             "present, else the CPU; under torchrun a bare cuda is each rank's LOCAL_RANK GPU)")
    parser.add_argument("--bf16", action="store_true",
                        help="bfloat16 autocast in the forward passes (the completion network's FFTs stay float32)")


def add_run_arguments(parser, *, run_dir: Path | None, minutes: float) -> None:
    """The options every time-budgeted script takes: --run-dir, --minutes, --resume, --export, --init-from-weights,
    and the device options."""
    add_device_arguments(parser)
    parser.add_argument("--run-dir", type=Path, default=run_dir, help="logs, samples and checkpoint.pt")
    parser.add_argument("--minutes", type=float, default=minutes, help="wall-clock budget for this invocation")
    parser.add_argument("--resume", action="store_true", help="continue from run-dir/checkpoint.pt")
    parser.add_argument("--export", type=Path, default=None, help="weights root to export to at the end")
    parser.add_argument("--init-from-weights", action="store_true",
                        help="start from the shipped weights of what this script trains (optimiser state restarts)")


def trainable(model: torch.nn.Module) -> torch.nn.Module:
    """A loaded (frozen) component made trainable again, to continue training it."""
    return model.train().requires_grad_(True)
