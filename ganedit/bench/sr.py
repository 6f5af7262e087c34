"""4× super-resolution on Set5 and Set14, the SRGAN paper's protocol: ``python -m ganedit.bench.sr``.

HR as given (already cropped to multiples of 4), LR from the provided ``LR_bicubic_X4`` files,
output rounded to uint8, Y channel (MATLAB's rgb2ycbcr; grayscale taken as it is), 4-pixel border
shaved, PSNR per image then averaged; SSIM both as Wang et al. (Gaussian σ = 1.5) and as daala's
dump_ssim that the SRGAN table used (σ = 1.5·H/256). Then speed: seconds per image, output
megapixels per second.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

from ganedit.bench.common import print_table
from ganedit.data import DEFAULT_SR
from ganedit.edits.superres import upscale_array
from ganedit.imaging import matlab_imresize
from ganedit.models.sr import SRConfig, SRResNet
from ganedit.pretrained import has, sr_generator

SHAVE = 4
PAPER = {  # SRGAN Table 2 (PSNR / daala SSIM)
    "bicubic": "28.43 / 0.8211 | 25.99 / 0.7486",
    "SRResNet (paper)": "32.05 / 0.9019 | 28.49 / 0.8184",
    "SRGAN (paper)": "29.40 / 0.8472 | 26.02 / 0.7397",
}


def luma(image: np.ndarray) -> np.ndarray:
    """MATLAB rgb2ycbcr's Y (rounded to integers) of uint8 RGB; grayscale as it is."""
    if image.ndim == 2:
        return image.astype(np.float64)
    r, g, b = (image[..., i].astype(np.float64) for i in range(3))
    return np.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(10 * np.log10(255**2 / np.mean((a - b) ** 2)))


def ssim(a: np.ndarray, b: np.ndarray, sigma: float = 1.5) -> float:
    """Wang et al. 2004: a Gaussian window of radius 10σ/3 (11×11 at σ = 1.5), valid region only."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    truncate = 5 / 1.5
    blur = lambda x: gaussian_filter(x, sigma, truncate=truncate)
    mu_a, mu_b = blur(a), blur(b)
    var_a, var_b, cov = blur(a * a) - mu_a**2, blur(b * b) - mu_b**2, blur(a * b) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    r = int(truncate * sigma + 0.5)
    return float(m[r:-r, r:-r].mean())


def score(sr: np.ndarray, hr: np.ndarray) -> tuple[float, float, float]:
    y_sr, y_hr = (luma(x)[SHAVE:-SHAVE, SHAVE:-SHAVE] for x in (sr, hr))
    return psnr(y_sr, y_hr), ssim(y_sr, y_hr), ssim(y_sr, y_hr, sigma=1.5 * hr.shape[0] / 256)


def evaluate(upscale, folder: Path) -> tuple[list[float], float, float]:
    """Mean (PSNR, SSIM, daala SSIM), seconds per image and output megapixels per second over a set."""
    scores, seconds, pixels = [], 0.0, 0
    for hr_path in sorted(folder.glob("*.png")):
        hr = np.asarray(Image.open(hr_path))
        lr = np.asarray(Image.open(folder / "LR_bicubic_X4" / hr_path.name))
        start = time.perf_counter()
        sr = upscale(lr)
        seconds += time.perf_counter() - start
        pixels += sr.shape[0] * sr.shape[1]
        scores.append(score(sr, hr))
    return list(np.mean(scores, axis=0)), seconds / len(scores), pixels / 1e6 / seconds


def network(model):
    """The SR generator on uint8 RGB or grayscale arrays."""

    def run(lr: np.ndarray) -> np.ndarray:
        if lr.ndim == 2:  # grayscale: the same value in all three channels in, their mean out
            return upscale_array(model, np.repeat(lr[..., None], 3, 2)).mean(2).round().astype(np.uint8)
        return upscale_array(model, lr)

    return run


def checkpoint_generator(path: Path) -> SRResNet:
    """The generator of a training checkpoint; its size is read from the weights' shapes."""
    import torch

    state = torch.load(path, weights_only=True)["G"]
    blocks = len({k.split(".")[1] for k in state if k.startswith("body.") and ".body." in k})  # residual blocks
    model = SRResNet(SRConfig(channels=state["head.weight"].shape[0], blocks=blocks))
    model.load_state_dict(state)
    return model.eval().requires_grad_(False)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_SR)
    p.add_argument("--checkpoint", type=Path, default=None,
                   help="also score the generator in a training checkpoint (runs/sr_*/checkpoint.pt)")
    args = p.parse_args(argv)
    methods = {"bicubic (MATLAB)": lambda lr: matlab_imresize(lr, 4)}
    if args.checkpoint:
        methods[f"checkpoint ({args.checkpoint})"] = network(checkpoint_generator(args.checkpoint))
    for name, blend in (("sr_psnr", 0.0), ("blend 0.5", 0.5), ("sr_gan", 1.0)):
        if all(has(c) for c in ["sr_psnr", "sr_gan"][: 1 + (blend > 0)]):
            methods[name] = network(sr_generator(blend))
    rows, speed = [], []
    for name, upscale in methods.items():
        cells = []
        for dataset in ("Set5", "Set14"):
            (p_, s, d), sec, mps = evaluate(upscale, args.data / dataset)
            cells += [p_, s, d]
            speed.append([name, dataset, sec, mps])
        rows.append([name, *cells])
    print_table(["method", "Set5 PSNR", "SSIM", "SSIM (daala)", "Set14 PSNR", "SSIM", "SSIM (daala)"], rows)
    print("\nSRGAN paper, Table 2 (PSNR / daala SSIM, Set5 | Set14):")
    for name, value in PAPER.items():
        print(f"  {name:18s} {value}")
    print()
    print_table(["method", "set", "s / image", "output Mpx / s"], speed)


if __name__ == "__main__":
    main()
