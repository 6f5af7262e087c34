"""Edit the person in a photo, at the photo's resolution.

``prepare`` finds the face, inverts it (hybrid: the encoder's z refined by gradient descent) and tunes a
copy of G to it (pivotal tuning). ``render`` then turns an edited latent z′ into the whole photo:
the change G′(z′) − G′(z), enlarged by the super-resolution model and warped back, is added to the
photo's own pixels, so what the edit does not change keeps the photo's detail and colour. Outside the
face's interior (the landmarks' jaw-and-brow hull, shrunk), where the change is large (new hair over the
background, say), the enlarged G′(z′) itself is shown, since adding a large change to pixels that G′ did
not reproduce would show them through; inside it the change is only ever added, so the eyes, skin and
beard stay the photo's own (replacing them with the blurrier G′(z′) lost the person). The change fades
out at the crop's edge, and every pixel outside the face's crop is bit-identical to the photo.

Long hair reads as "female" to the attribute classifier (CelebA's long-haired faces are mostly women's),
so a man given long hair was judged a woman; ``gender_keeping_shift`` finds, once per photo, how far
along the male vector the long-hair edit must also move for the classifier to still see the photo's
gender in G′(z′), and ``render`` adds that share with every positive long-hair step.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
import torch
from PIL import Image

from ganedit.edits.inversion import FaceModels, invert
from ganedit.edits.superres import upscale_array
from ganedit.edits.tuning import TuningSettings, tune_generator
from ganedit.faces import SIZE, Alignment
from ganedit.imaging import to_tensor

INVERSION_STEPS = 50  # the hybrid inversion's pivot need not be perfect: the tuning makes up the rest
PREVIEW_SIDE = 1024  # live edits render on the photo shrunk to this size (fast); the download is full size
FEATHER = 0.05  # share of the crop over which the change fades out at its edge
REPLACE = (16.0, 48.0)  # grey levels: a change below the first is added to the photo, above the second replaces it
INTERIOR_SHRINK = 0.7  # the hull of the jaw and brow landmarks, shrunk toward its centre: there changes are added
JAW_AND_BROWS = slice(0, 27)  # dlib's 68 points: jaw line 0–16, brows 17–26
# On photos the long-hair slider moves z twice as far as on G's own faces: the tuned G′ and the compositing
# weaken the edit (python -m ganedit.bench.photos counts how often it switches long hair on).
PHOTO_GAIN = {"long_hair": 2.0}
GENDER_STEPS = torch.linspace(0.0, 4.0, 17)  # multiples of the male vector tried by gender_keeping_shift
GENDER_MARGIN = 0.5  # classifier logit the kept gender must keep (or the photo's own, if weaker)


@dataclass
class PhotoFace:
    """One face of one photo, ready to edit: the pivot z [1,D] and the generator tuned to it (a user's own)."""

    photo: np.ndarray  # uint8 [H,W,3]
    alignment: Alignment
    z: torch.Tensor
    G: torch.nn.Module
    reconstruction: np.ndarray  # G′(z) enlarged, float32 [4·SIZE,4·SIZE,3] in 0..255
    interior: np.ndarray  # float32 [4·SIZE,4·SIZE] in 0..1: the face's interior, where changes are only added
    long_hair_gender: torch.Tensor  # [D] added to z per unit of positive long-hair strength (gender_keeping_shift)
    fast: bool = False  # G′'s faces are enlarged by bicubic resizing, not the super-resolution model

    def preview(self, max_side: int) -> "PhotoFace":
        """A copy for live edits: the photo shrunk to at most ``max_side`` pixels and ``fast`` (the
        super-resolution model is most of a render's time); the full-size photo is rendered for download."""
        scale = min(1.0, max_side / max(self.photo.shape[:2]))
        small = self.photo if scale == 1 else cv2.resize(self.photo, None, fx=scale, fy=scale,
                                                         interpolation=cv2.INTER_AREA)
        matrix = self.alignment.matrix @ np.diag([1 / scale, 1 / scale, 1.0])
        return replace(self, photo=small, alignment=replace(self.alignment, matrix=matrix),
                       reconstruction=enlarge(None, self.G, self.z), fast=True)


def prepare(photo: np.ndarray, alignment: Alignment, models: FaceModels, sr_model: torch.nn.Module, *,
            settings: TuningSettings = TuningSettings(), progress=None) -> PhotoFace:
    """Invert the aligned face (hybrid) and tune a copy of G to it; ``progress(share)`` during tuning."""
    face = to_tensor(alignment.face)
    z = invert(models, face, "hybrid", steps=INVERSION_STEPS, starts=1)
    tuned = tune_generator(models.G, models.D, face, z, settings=settings, progress=progress)
    reconstruction = enlarge(sr_model, tuned, z)
    to_face = alignment.matrix * (len(reconstruction) / SIZE)
    points = cv2.transform(alignment.landmarks[None, JAW_AND_BROWS], to_face)[0]
    return PhotoFace(photo, alignment, z, tuned, reconstruction, interior_mask(points, len(reconstruction)),
                     torch.zeros_like(z[0]))


def from_latent(G: torch.nn.Module, z: torch.Tensor, sr_model: torch.nn.Module) -> PhotoFace:
    """A made-up face as a photo to edit: G(z) enlarged is the photo, G itself the generator."""
    reconstruction = enlarge(sr_model, G, z)
    size = reconstruction.shape[0]
    matrix = np.array([[SIZE / size, 0, 0], [0, SIZE / size, 0]])
    photo = reconstruction.round().astype(np.uint8)
    face = Image.fromarray(photo).resize((SIZE, SIZE), Image.LANCZOS)
    alignment = Alignment(face, matrix, (0, 0, size, size), np.zeros((68, 2)), 0.0)
    return PhotoFace(photo, alignment, z, G, reconstruction, interior_mask(_TYPICAL_HULL * size, size),
                     torch.zeros_like(z[0]))


def interior_mask(points: np.ndarray, size: int) -> np.ndarray:
    """The convex hull of ``points`` [K,2] (face pixels at side ``size``) shrunk by INTERIOR_SHRINK toward
    its centre and feathered: float32 [size,size] in 0..1."""
    centre = points.mean(0)
    hull = cv2.convexHull((centre + INTERIOR_SHRINK * (points - centre)).round().astype(np.int32))
    mask = cv2.fillConvexPoly(np.zeros((size, size), np.float32), hull, 1.0)
    return cv2.GaussianBlur(mask, (0, 0), 0.04 * size)


# the mean jaw-and-brow hull of the portraits' aligned faces (fractions of the crop's side), for made-up faces
_TYPICAL_HULL = np.array([[0.16, 0.5], [0.26, 0.39], [0.32, 0.38], [0.68, 0.38], [0.74, 0.4], [0.85, 0.5],
                          [0.82, 0.77], [0.73, 0.93], [0.59, 1.04], [0.5, 1.06], [0.41, 1.04], [0.27, 0.93],
                          [0.18, 0.77]])


@torch.no_grad()
def gender_keeping_shift(G: torch.nn.Module, classifier: torch.nn.Module, z: torch.Tensor, step: torch.Tensor,
                         male: torch.Tensor, photo_logit: float) -> torch.Tensor:
    """The latent shift [D] along ``male`` (toward the photo's gender, judged by ``photo_logit``, the
    classifier's male logit on the photo) that keeps the classifier's gender judgement of G(z + step + shift):
    the smallest of GENDER_STEPS that keeps its logit at GENDER_MARGIN (or the photo's own, if weaker),
    else the one that comes closest."""
    sign = 1.0 if photo_logit > 0 else -1.0
    shifts = sign * GENDER_STEPS[:, None] * male
    column = classifier.config.names.index("male")
    logits = sign * classifier(G(z + step + shifts))[:, column]
    kept = (logits >= min(GENDER_MARGIN, abs(photo_logit))).nonzero()
    return shifts[int(kept[0, 0]) if len(kept) else int(logits.argmax())]


@torch.no_grad()
def enlarge(sr_model: torch.nn.Module | None, G: torch.nn.Module, z: torch.Tensor) -> np.ndarray:
    """G(z) for one latent, enlarged 4× by the super-resolution model (bicubic when it is None): float32
    [256,256,3] in 0..255."""
    face = G(z)[0].clamp(-1, 1).add(1).mul(127.5).round().byte().permute(1, 2, 0).numpy()
    if sr_model is None:
        return cv2.resize(face, None, fx=4, fy=4, interpolation=cv2.INTER_CUBIC).astype(np.float32)
    return upscale_array(sr_model, face).astype(np.float32)


def render(state: PhotoFace, z_edited: torch.Tensor, sr_model: torch.nn.Module) -> np.ndarray:
    """The whole photo with the edit G′(z_edited) applied to its face: uint8 [H,W,3]."""
    edited = enlarge(None if state.fast else sr_model, state.G, z_edited)
    return apply_change(state.photo, state.alignment.matrix, state.reconstruction, edited, state.interior)


def apply_change(photo: np.ndarray, matrix: np.ndarray, before: np.ndarray, after: np.ndarray,
                 interior: np.ndarray) -> np.ndarray:
    """The photo with the change ``after − before`` (float [S,S,3] images of the aligned face, any size S)
    warped back by the inverse of ``matrix`` (photo → 64×64 face), inside the crop's region only; large
    changes replace the photo outside ``interior`` [S,S] (see the module docstring)."""
    size = before.shape[0]
    change = after - before
    magnitude = cv2.GaussianBlur(np.abs(change).max(2), (0, 0), size / 64)
    low, high = REPLACE
    replace = (np.clip((magnitude - low) / (high - low), 0, 1) * (1 - interior))[..., None]
    weight = _feather(size)[..., None]
    # in face coordinates: the added change and the replacing image, each with its weight
    layers = np.concatenate([weight * (1 - replace) * change, weight * replace * after, weight * replace], axis=2)
    top, left, bottom, right = _region(matrix * (size / SIZE), size, photo.shape[:2])
    to_region = cv2.invertAffineTransform(matrix * (size / SIZE))
    to_region[:, 2] -= (left, top)
    warped = cv2.warpAffine(layers, to_region, (right - left, bottom - top), flags=cv2.INTER_LINEAR)
    added, replacing, share = warped[..., :3], warped[..., 3:6], warped[..., 6:]
    region = photo[top:bottom, left:right].astype(np.float32)
    result = (region + added) * (1 - share) + replacing
    out = photo.copy()
    out[top:bottom, left:right] = result.round().clip(0, 255).astype(np.uint8)
    return out


def _feather(size: int) -> np.ndarray:
    """1 inside the crop, falling smoothly to 0 at its edge (float32 [size,size])."""
    margin = max(1, int(FEATHER * size))
    ramp = np.clip(np.minimum(np.arange(size), np.arange(size)[::-1]) / margin, 0, 1).astype(np.float32)
    ramp = ramp * ramp * (3 - 2 * ramp)  # smoothstep: no visible edge where the fade begins
    return np.minimum.outer(ramp, ramp)


def _region(to_face: np.ndarray, size: int, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's (top, left, bottom, right) box that holds the crop's four corners, inside the photo."""
    to_photo = cv2.invertAffineTransform(to_face)
    corners = np.array([[0, 0, 1], [size, 0, 1], [0, size, 1], [size, size, 1]], float) @ to_photo.T
    left, top = np.floor(corners.min(0)).astype(int)
    right, bottom = np.ceil(corners.max(0)).astype(int) + 1
    return max(0, top), max(0, left), min(shape[0], bottom), min(shape[1], right)
