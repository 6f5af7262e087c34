"""Where a training script's time goes on this machine: ``python -m ganedit.train.throughput``.

For each training script at its default settings on ``--device`` (default: CUDA when present, else the CPU),
items per second of the data pipeline alone (drawing batches: ``Job.draw``) and of whole training steps
(batch, forward, backward, optimiser, moving average: ``Job.step``), each timed for ``--seconds`` after one
warm-up call; printed as a Markdown table. When the first figure is not far above the second, the data
pipeline is what limits training. Nothing is written (no checkpoint, no export).
"""
from __future__ import annotations

import argparse
import importlib
import time

import torch

from ganedit.bench.common import print_table
from ganedit.train.common import Job, pick_device

# name -> (module, its arguments): every training script that has a training step
SCRIPTS = {"gan": ("ganedit.train.gan", []),
           "classifier": ("ganedit.train.classifier", []),
           "encoder": ("ganedit.train.encoder", []),
           "sr psnr": ("ganedit.train.sr", ["--stage", "psnr"]),
           "sr gan": ("ganedit.train.sr", ["--stage", "gan"]),
           "completion": ("ganedit.train.completion", [])}


def build_job(name: str, extra: list[str] = ()) -> Job:
    """Script ``name``'s training job for its arguments and ``extra`` ones (for example --device)."""
    module_name, argv = SCRIPTS[name]
    module = importlib.import_module(module_name)
    args = module.parse_args([*argv, *extra])
    if name == "classifier":  # it trains whole epochs from main; its job needs the faces and labels
        from ganedit.data import load_faces

        train = load_faces(args.data, "train")
        return module.build(args, train, train.attributes)
    return module.build(args)


def rate(work, items: int, seconds: float, device: torch.device) -> float:
    """Items per second of ``work`` (``items`` per call): calls for ``seconds`` (at least one) after a warm-up
    call, the device's queued work finished before the clock stops."""
    work()
    synchronize(device)
    start, calls = time.perf_counter(), 0
    while calls == 0 or time.perf_counter() - start < seconds:
        work()
        calls += 1
    synchronize(device)
    return calls * items / (time.perf_counter() - start)


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def measure(name: str, extra: list[str] = (), seconds: float = 3.0) -> tuple[float, float]:
    """(data pipeline items/s, training step items/s) of script ``name``."""
    job = build_job(name, extra)
    return (rate(job.draw, job.items_per_step, seconds, job.device),
            rate(job.step, job.items_per_step, seconds, job.device))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=3.0, help="timing per figure")
    p.add_argument("--device", default=None, help="cpu, cuda or cuda:N (default: CUDA when present, else the CPU)")
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast in the forward passes")
    p.add_argument("--scripts", default=",".join(SCRIPTS), help=f"comma-separated, of: {', '.join(SCRIPTS)}")
    args = p.parse_args(argv)
    device = pick_device(args.device)
    extra = ["--device", str(device), *(["--bf16"] if args.bf16 else [])]
    rows = []
    for name in args.scripts.split(","):
        data, step = measure(name, extra, args.seconds)
        rows.append([name, str(device), f"{data:.1f}", f"{step:.1f}", f"{step / data:.0%}"])
    print_table(["script", "device", "data pipeline alone (items/s)", "training steps (items/s)",
                 "share of a step spent on data"], rows)


if __name__ == "__main__":
    main()
