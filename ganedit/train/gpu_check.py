"""Check that every training script trains on the GPU: ``python -m ganedit.train.gpu_check --seconds 30``.

Each time-budgeted script (GAN, encoder, super-resolution psnr and gan stages, completion) trains for
``--seconds`` on ``--device`` (default cuda) into its own run folder under ``--run-root``, then resumes once from
that checkpoint for as long again; the classifier (which trains whole epochs and keeps no checkpoint) runs
training steps for ``--seconds``. With two GPUs or more the completion script also runs under
``torchrun --nproc_per_node=2`` (nccl), and its two replicas must end identical. Prints a Markdown table:
items/s of the first run and of the resumed one, whether the last losses are finite, whether the resumed run
went on from the checkpoint's count. Nothing is exported. Without a GPU it stops at once with exit status 1;
``--device cpu`` runs the same check on the CPU (to test the check itself).
"""
from __future__ import annotations

import argparse
import csv
import importlib
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

from ganedit.bench.common import print_table
from ganedit.train.throughput import SCRIPTS, build_job, rate

CHECKPOINTED = [name for name in SCRIPTS if name != "classifier"]


def last_log_row(run_dir: Path) -> tuple[float, float, bool]:
    """(items seen, minutes, whether every loss is finite) from the last row of a run's log.csv, which
    train_for writes at the end; a row's first two values are the items and minutes, then its losses (rows
    with a critic's terms are longer than the header)."""
    with open(run_dir / "log.csv") as f:
        items, minutes, *losses = (float(value) for value in list(csv.reader(f))[-1])
    return items, minutes, all(math.isfinite(loss) for loss in losses)


def run_twice(name: str, extra: list[str], seconds: float, run_dir: Path) -> list:
    """Script ``name`` for ``seconds``, then resumed for as long: [name, items/s, resumed items/s, losses
    finite, resumed ok]."""
    module_name, argv = SCRIPTS[name]
    main = importlib.import_module(module_name).main
    common = [*argv, *extra, "--minutes", str(seconds / 60), "--run-dir", str(run_dir)]
    main(common)
    items, minutes, finite = last_log_row(run_dir)
    main([*common, "--resume"])
    total, resumed_minutes, resumed_finite = last_log_row(run_dir)
    return [name, items / (60 * minutes), (total - items) / (60 * resumed_minutes), finite and resumed_finite,
            total > items > 0]


def classifier_row(extra: list[str], seconds: float) -> list:
    """The classifier's training steps for ``seconds``: [name, items/s, –, loss finite, n/a]."""
    job = build_job("classifier", extra)
    losses = []
    items_per_second = rate(lambda: losses.append(job.step()["loss"]), job.items_per_step, seconds, job.device)
    return ["classifier (whole epochs, no checkpoint)", items_per_second, "–",
            bool(torch.isfinite(torch.stack(losses)).all()), None]


def torchrun_row(extra: list[str], seconds: float, run_dir: Path) -> list:
    """The completion script on 2 ranks under torchrun: [name, items/s, –, losses finite, replicas identical]."""
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", "ganedit.train.completion", *extra, "--minutes", str(seconds / 60), "--run-dir", str(run_dir)]
    done = subprocess.run(command, env=dict(os.environ), capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return ["completion, torchrun 2 ranks: FAILED", "–", "–", False, False]
    items, minutes, finite = last_log_row(run_dir)
    first, second = torch.load(run_dir / "checkpoint.pt", weights_only=True)["replica_fingerprints"]
    return ["completion, torchrun 2 ranks (replicas identical?)", items / (60 * minutes), "–", finite,
            torch.equal(first, second)]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=30.0, help="training time of each run")
    p.add_argument("--device", default="cuda", help="cuda (the default), cuda:N, or cpu to test the check itself")
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast in the forward passes")
    p.add_argument("--run-root", type=Path, default=None, help="run folders go here (default: a temporary folder)")
    args = p.parse_args(argv)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit(f"gpu_check: no CUDA GPU is visible to PyTorch {torch.__version__} (CUDA build: {torch.version.cuda}) "
                 "on this machine; run it where a GPU is, or with --device cpu to test the check itself")
    extra = ["--device", args.device, *(["--bf16"] if args.bf16 else [])]
    root = args.run_root or Path(tempfile.mkdtemp(prefix="gpu_check-"))
    rows = [run_twice(name, extra, args.seconds, root / name.replace(" ", "_")) for name in CHECKPOINTED]
    rows.append(classifier_row(extra, args.seconds))
    if args.device.startswith("cuda") and torch.cuda.device_count() >= 2:
        rows.append(torchrun_row(["--device", "cuda", *extra[2:]], args.seconds, root / "torchrun"))
    print(f"device: {torch.cuda.get_device_name(args.device) if args.device.startswith('cuda') else 'cpu'}")
    shown = {True: "yes", False: "NO", None: "n/a"}
    print_table(["script", "items/s", "items/s resumed", "losses finite", "resumed ok"],
                [[shown[c] if c is None or isinstance(c, bool) else c for c in row] for row in rows])
    if any(row[3] is False or row[4] is False for row in rows):
        sys.exit("gpu_check: FAILED (a NO above)")


if __name__ == "__main__":
    main()
