"""Masked completion: fill the painted hole of a photo.

- "network": the LaMa-style network (fast Fourier convolutions) runs on the region around the hole (the
  hole's box grown by half its size on each side), so a small hole in a large photo costs what it costs in
  a small one; coarse to fine, at the photo's own resolution and at a half, a quarter and an eighth of it,
  and the fills are averaged: trained on 256-px crops, the network places colours and shapes best when the
  region is about that size, and detail best at full resolution. A coarser pass runs only where the hole
  stays thick at its scale: thin brush strokes, shrunk to a few pixels, are filled best near full size.
- "gan" (faces): the face is aligned, z is found with the shared latent optimiser so that G(z)
  matches the known pixels while D finds it realistic (Yeh et al. 2017), and the hole is taken from
  G(z), enlarged through the super-resolution model. Hole pixels outside the face crop get the network's fill.
Only hole pixels change: everything else is copied from the input. Either fill then gets the smooth
correction that makes it meet the photo at the hole's edge (Poisson blending, Pérez et al. 2003, as
Yeh et al. blend their GAN fills), so no seam shows where a fill is slightly too dark or too warm.
Last, the network's fill is given the photo's own fine texture (``transfer_detail``): a network trained this
briefly on 2 cores predicts the hole's colours and shapes but smooths away its grain, so the
high-frequency detail of the known blocks whose colour best matches each block of the fill is copied in
(guided texture transfer, in the spirit of Hertzmann et al. 2001's image analogies and of PatchMatch).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import torch
from PIL import Image
from scipy.sparse import coo_matrix
from scipy.sparse.linalg import spsolve
from scipy.spatial import cKDTree

from ganedit.edits.inversion import FaceModels
from ganedit.edits.latent import LatentObjective, LatentRun
from ganedit.edits.superres import TooLargeError, upscale_array
from ganedit.faces import SIZE, find_face
from ganedit.imaging import bounds
from ganedit.models.completion import MULTIPLE

WORK = 256  # the smooth Poisson offset is solved at most this large (longer side), then enlarged
CONTEXT = 0.5  # the region extends past the hole by this share of the hole's size on each side (at least 16 px)
MAX_SIDE = 2048  # the largest photo side filled (the region is at most this large)
SCALES = (1.0, 0.5, 0.25, 0.125)  # the network fills the region at these scales of it; the fills are averaged
MIN_COARSE_SIDE = 32  # px: a coarser pass runs only when the shrunk region's shorter side is at least this
MIN_COARSE_DEPTH = 8  # px: ... and when the hole's depth (see hole_depth) shrunk to that scale is at least this
MIN_SIDE = 2 * MULTIPLE  # px: the network's input is padded to at least this (its reflect padding needs 2 px after
# the three halvings), so pictures of any size, 1×1 up, are filled
DETAIL = 0.85  # share of the matched blocks' fine texture added to the network's fill
DETAIL_BLOCK = 16  # px: the blocks texture is copied in (overlapping by half, blended with a Hann window)
DETAIL_SIGMA = 1.0  # px: the texture is what a Gaussian blur of this width removes
DETAIL_NEARBY = 0.2  # grey levels of colour mismatch worth one pixel of distance, when choosing a block
DETAIL_CHOICES = 4  # a block's texture comes from one of its this many best-matching known blocks, at random


class MaskError(ValueError):
    """The mask is empty or covers everything."""


@dataclass
class Region:
    top: int
    bottom: int
    left: int
    right: int


def check_mask(mask: np.ndarray) -> None:
    if not mask.any():
        raise MaskError("The mask is empty: paint over the part of the picture to fill.")
    if mask.all():
        raise MaskError("The mask covers the whole picture: leave some of it for the fill to follow.")


def check_size(rgb: np.ndarray) -> None:
    if max(rgb.shape[:2]) > MAX_SIDE:
        raise TooLargeError(f"{rgb.shape[1]}×{rgb.shape[0]} is larger than the {MAX_SIDE}×{MAX_SIDE} that completion "
                        "handles: shrink or crop the picture first.")


def region_around(mask: np.ndarray) -> Region:
    """The hole's bounding box grown by CONTEXT on each side, inside the image."""
    top, left, bottom, right = bounds(mask)
    grow_y = max(16, int(CONTEXT * (bottom - top)))
    grow_x = max(16, int(CONTEXT * (right - left)))
    return Region(max(0, top - grow_y), min(mask.shape[0], bottom + grow_y),
                  max(0, left - grow_x), min(mask.shape[1], right + grow_x))


def _work_size(height: int, width: int) -> tuple[int, int]:
    scale = min(1.0, WORK / max(height, width))
    return max(4, round(height * scale / 4) * 4), max(4, round(width * scale / 4) * 4)


def network_fill(model: torch.nn.Module, rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The network's prediction for the hole region, coarse to fine: the mean of its fills of the region at the
    photo's own resolution and at SCALES of it (enlarged back; a coarser scale only where the hole is at least
    MIN_COARSE_DEPTH px deep there), uint8 [H,W,3]; only the region around the hole is computed, elsewhere it is
    the input."""
    r = region_around(mask)
    crop, hole = rgb[r.top:r.bottom, r.left:r.right], mask[r.top:r.bottom, r.left:r.right]
    depth = hole_depth(hole)
    fills = [_fill_at_scale(model, crop, hole, scale) for scale in SCALES
             if scale == 1 or (min(crop.shape[:2]) * scale >= MIN_COARSE_SIDE and depth * scale >= MIN_COARSE_DEPTH)]
    out = rgb.copy()
    out[r.top:r.bottom, r.left:r.right] = np.mean(fills, axis=0).round().clip(0, 255).astype(np.uint8)
    return out


def hole_depth(hole: np.ndarray) -> float:
    """Pixels from the deepest point of ``hole`` (bool [H,W]) to the nearest known pixel or the array's edge:
    about half the width of a brush stroke, half the shorter side of a box."""
    return float(cv2.distanceTransform(np.pad(hole, 1).astype(np.uint8), cv2.DIST_L2, 5).max())


def _fill_at_scale(model: torch.nn.Module, crop: np.ndarray, hole: np.ndarray, scale: float) -> np.ndarray:
    """The network's float [H,W,3] prediction for ``crop`` shrunk by ``scale`` (any overlap with the hole
    counts as hole), enlarged back to the crop's size."""
    if scale == 1:
        return _predict(model, crop, hole)
    height, width = crop.shape[:2]
    size = (max(MULTIPLE, round(width * scale)), max(MULTIPLE, round(height * scale)))
    small_hole = cv2.resize(hole.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0
    small = _predict(model, cv2.resize(crop, size, interpolation=cv2.INTER_AREA), small_hole)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)


@torch.no_grad()
def _predict(model: torch.nn.Module, crop: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """One pass of the network: float [H,W,3] in 0..255 for a uint8 crop and its bool hole."""
    height, width = crop.shape[:2]
    pad = ((0, max(-height % MULTIPLE, MIN_SIDE - height)),  # the network halves the size three times
           (0, max(-width % MULTIPLE, MIN_SIDE - width)))
    crop = np.pad(crop, pad + ((0, 0),), mode="reflect")
    hole = np.pad(hole.astype(np.float32), pad, mode="reflect")
    x = torch.from_numpy(crop.astype(np.float32)).permute(2, 0, 1)[None].div(127.5).sub(1)
    prediction = model(x.contiguous(memory_format=torch.channels_last), torch.from_numpy(hole)[None, None])[0]
    return prediction[:, :height, :width].clamp(-1, 1).add(1).mul(127.5).permute(1, 2, 0).numpy()


def harmonic_fill(edge_values: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """Inside ``hole`` (bool [H,W]), the smoothest field (solution of Laplace's equation) that equals
    ``edge_values`` (float [H,W,C]) at the known pixels next to the hole; outside it, ``edge_values``.
    The image border is a free edge (no condition)."""
    height, width = hole.shape
    index = np.full(hole.shape, -1)
    index[hole] = np.arange(hole.sum())
    rows, cols, right_side = [], [], np.zeros((hole.sum(), edge_values.shape[2]))
    neighbours = np.zeros(hole.sum())
    ys, xs = np.nonzero(hole)
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        ny, nx = ys + dy, xs + dx
        inside = (ny >= 0) & (ny < height) & (nx >= 0) & (nx < width)
        me, ny, nx = index[ys[inside], xs[inside]], ny[inside], nx[inside]
        neighbours[me] += 1
        unknown = hole[ny, nx]
        rows.append(me[unknown]), cols.append(index[ny[unknown], nx[unknown]])
        np.add.at(right_side, me[~unknown], edge_values[ny[~unknown], nx[~unknown]])
    n = hole.sum()
    rows, cols = np.concatenate([np.arange(n), *rows]), np.concatenate([np.arange(n), *cols])
    values = np.concatenate([neighbours, -np.ones(len(rows) - n)])
    solution = spsolve(coo_matrix((values, (rows, cols)), shape=(n, n)).tocsc(), right_side)
    out = edge_values.astype(np.float64).copy()
    out[hole] = solution.reshape(n, -1)
    return out


def seamless(rgb: np.ndarray, fill: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The fill plus the smooth offset that makes it meet the photo at the hole's edge, computed on the hole's
    region at most WORK pixels large (the offset is smooth, so it is then enlarged without loss)."""
    r = region_around(mask)
    hole = mask[r.top:r.bottom, r.left:r.right]
    offset = rgb[r.top:r.bottom, r.left:r.right].astype(np.float32) - fill[r.top:r.bottom, r.left:r.right]
    height, width = hole.shape
    h, w = _work_size(height, width)
    if (h, w) != (height, width):
        offset = cv2.resize(offset, (w, h), interpolation=cv2.INTER_AREA)
        small_hole = cv2.resize(hole.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    else:
        small_hole = hole
    smooth = harmonic_fill(np.where(small_hole[..., None], 0, offset), small_hole).astype(np.float32)
    smooth = cv2.resize(smooth, (width, height), interpolation=cv2.INTER_LINEAR)
    out = fill.astype(np.float32)
    out[r.top:r.bottom, r.left:r.right] += np.where(hole[..., None], smooth, 0)
    return out.round().clip(0, 255).astype(np.uint8)


def transfer_detail(rgb: np.ndarray, fill: np.ndarray, mask: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """``fill`` (uint8 [H,W,3]) plus DETAIL × the fine texture of the known blocks of the hole's region whose
    smoothed colour best matches each block of the fill, nearby ones preferred; unchanged where no fully
    known block exists."""
    r = region_around(mask)
    known = rgb[r.top:r.bottom, r.left:r.right].astype(np.float32)
    hole = mask[r.top:r.bottom, r.left:r.right]
    texture = known - cv2.GaussianBlur(known, (0, 0), DETAIL_SIGMA)
    sources = _block_corners(hole, stride=4, holes=False)
    targets = _block_corners(hole, stride=DETAIL_BLOCK // 2, holes=True)
    if len(sources) < DETAIL_CHOICES or len(targets) == 0:
        return fill
    def describe(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
        """A block's smoothed colour and, weighted by DETAIL_NEARBY, its place."""
        colour = cv2.blur(image, (DETAIL_BLOCK,) * 2)[tuple((corners + DETAIL_BLOCK // 2).T)]
        return np.concatenate([colour, DETAIL_NEARBY * corners], axis=1)

    fill_region = fill[r.top:r.bottom, r.left:r.right].astype(np.float32)
    _, nearest = cKDTree(describe(known, sources)).query(describe(fill_region, targets), k=DETAIL_CHOICES)
    picks = nearest[np.arange(len(targets)), np.random.default_rng(seed).integers(DETAIL_CHOICES, size=len(targets))]
    window = np.outer(*(2 * [np.hanning(DETAIL_BLOCK + 2)[1:-1]])).astype(np.float32)[..., None]
    total, weight = np.zeros_like(known), np.zeros(hole.shape + (1,), np.float32)
    for (ty, tx), (sy, sx) in zip(targets, sources[picks]):
        target = (slice(ty, ty + DETAIL_BLOCK), slice(tx, tx + DETAIL_BLOCK))
        total[target] += window * texture[sy:sy + DETAIL_BLOCK, sx:sx + DETAIL_BLOCK]
        weight[target] += window
    out = fill.astype(np.float32)
    out[r.top:r.bottom, r.left:r.right] += DETAIL * np.where(hole[..., None], total / np.maximum(weight, 1e-3), 0)
    return out.round().clip(0, 255).astype(np.uint8)


def _block_corners(hole: np.ndarray, stride: int, holes: bool) -> np.ndarray:
    """Top-left corners [N,2] (y, x) of the DETAIL_BLOCK-square blocks on a ``stride`` grid that touch the
    hole (``holes``) or lie wholly outside it."""
    height, width = hole.shape
    if min(height, width) < DETAIL_BLOCK:
        return np.zeros((0, 2), int)
    summed = cv2.integral(hole.astype(np.uint8))
    ys, xs = [a.ravel() for a in np.mgrid[0:height - DETAIL_BLOCK + 1:stride, 0:width - DETAIL_BLOCK + 1:stride]]
    b = DETAIL_BLOCK
    inside = summed[ys + b, xs + b] - summed[ys, xs + b] - summed[ys + b, xs] + summed[ys, xs]
    chosen = inside > 0 if holes else inside == 0
    return np.stack([ys[chosen], xs[chosen]], 1)


def keep_outside(rgb: np.ndarray, fill: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The fill inside the hole, the input everywhere else (exactly)."""
    return np.where(mask[..., None], fill, rgb)


def face_hole(matrix: np.ndarray, mask: np.ndarray) -> torch.Tensor:
    """The hole in the 64×64 face's coordinates, [1,1,64,64] in {0, 1} (any overlap counts as hole)."""
    coverage = cv2.warpAffine(mask.astype(np.float32), matrix, (SIZE, SIZE), flags=cv2.INTER_AREA)
    return torch.from_numpy((coverage > 0.02).astype(np.float32))[None, None]


def gan_face(models: FaceModels, face: torch.Tensor, hole: torch.Tensor, *, seed: int = 0, steps: int = 40,
             lambda_realism: float = 0.005, candidates: int = 2) -> torch.Tensor:
    """G(z) [1,3,64,64] for an aligned face [1,3,64,64] with a hole [1,1,64,64] (1 = unknown): z matches the
    known pixels while D finds G(z) realistic (Yeh et al. 2017); starts from E's guess plus seeded noise."""
    known = 1 - hole
    constraint = lambda images: ((images - face).pow(2) * known).sum((1, 2, 3)) / (3 * known.sum())
    with torch.no_grad():
        encoded = models.E(face * known)
    noise = torch.randn(candidates, encoded.shape[1], generator=torch.Generator().manual_seed(seed))
    objective = LatentObjective(models.G, constraint, lambda_prior=1e-3, D=models.D, lambda_realism=lambda_realism)
    z = LatentRun(objective, encoded + 0.5 * noise, steps=steps).finish().z[:1]
    with torch.no_grad():
        return models.G(z)


def gan_fill(models: FaceModels, rgb: np.ndarray, mask: np.ndarray, *, seed: int = 0, sr_model=None
             ) -> tuple[np.ndarray, np.ndarray]:
    """G(z)'s face for the hole, warped back at photo resolution: (uint8 [H,W,3], bool [H,W] where it
    applies: inside the aligned face crop). Raises NoFaceError, or MaskError if the hole misses the face."""
    alignment = find_face(Image.fromarray(rgb))
    hole = face_hole(alignment.matrix, mask)
    if hole.sum() == 0:
        raise MaskError("The painted area is not on the face: use the network method for it.")
    face = torch.from_numpy(np.asarray(alignment.face, np.float32)).permute(2, 0, 1)[None].div(127.5).sub(1)
    generated = gan_face(models, face, hole, seed=seed)[0].clamp(-1, 1).add(1).mul(127.5).round().byte()
    generated = generated.permute(1, 2, 0).numpy()
    enlarged = upscale_array(sr_model, generated) if sr_model is not None else cv2.resize(
        generated, (4 * SIZE, 4 * SIZE), interpolation=cv2.INTER_CUBIC)
    to_photo = cv2.invertAffineTransform(alignment.matrix * (enlarged.shape[0] / SIZE))
    size = (rgb.shape[1], rgb.shape[0])
    fill = cv2.warpAffine(enlarged, to_photo, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    inside = cv2.warpAffine(np.ones(enlarged.shape[:2], np.float32), to_photo, size) > 0.5
    return fill, inside


def complete_array(rgb: np.ndarray, mask: np.ndarray, network: torch.nn.Module, method: str = "network", *,
                   face_models: FaceModels | None = None, sr_model=None, seed: int = 0) -> np.ndarray:
    """uint8 [H,W,3] with the hole (bool [H,W]) filled by "network" or, on a face, "gan"; the rest unchanged."""
    if method not in ("network", "gan"):
        raise ValueError(f"method must be 'network' or 'gan', got {method!r}")
    check_mask(mask)
    check_size(rgb)
    fill = network_fill(network, rgb, mask)
    if method == "gan":
        face_fill, inside = gan_fill(face_models, rgb, mask, seed=seed, sr_model=sr_model)
        fill = np.where(inside[..., None], face_fill, fill)
    blended = seamless(rgb, fill, mask)
    if method == "network":
        blended = transfer_detail(rgb, blended, mask, seed=seed)
    return keep_outside(rgb, blended, mask)
