"""Find a face in a photo and bring it to the training geometry (and back).

The training faces are the box (25, 50, 153, 178) of CelebA's 178×218 aligned frame at 64×64.
Faces are found with OpenCV's Haar cascades (Viola & Jones 2001). Where both eyes are found in
plausible places, a similarity transform maps them to where the training faces have their eyes
(level, same scale); otherwise the face box alone places the crop. The constants were measured
on the val faces with the same detectors (``python -m ganedit.bench.align``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image

SIZE = 64
EYES = np.array([[0.336, 0.486], [0.648, 0.485]])  # left, right eye centres in the crop, as a fraction of its size
BOX_CENTRE = np.array([0.50, 0.573])  # the face detector's box centre in the crop
BOX_WIDTH = 0.82  # the face detector's box width, as a fraction of the crop
WORK = 256  # the crop is cut at this size, then resized to SIZE with Lanczos


class NoFaceError(ValueError):
    """No face was found in the photo."""


@dataclass
class Alignment:
    """A face cut from a photo. ``matrix`` (2×3) maps photo pixel coordinates to face pixel coordinates."""

    face: Image.Image  # SIZE×SIZE RGB
    matrix: np.ndarray
    used_eyes: bool


@cache
def _cascade(name: str) -> cv2.CascadeClassifier:
    return cv2.CascadeClassifier(cv2.data.haarcascades + name)


def _largest(boxes) -> np.ndarray | None:
    return max(boxes, key=lambda b: b[2] * b[3]) if len(boxes) else None


def _detect_face(gray: np.ndarray) -> np.ndarray | None:
    """Largest face box (x, y, w, h) in a grayscale photo, searched at most 1024 px wide."""
    scale = min(1.0, 1024 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    box = _largest(_cascade("haarcascade_frontalface_default.xml").detectMultiScale(
        small, 1.1, 5, minSize=(24, 24)))
    return None if box is None else np.asarray(box, float) / scale


def _detect_eyes(gray: np.ndarray, box: np.ndarray) -> np.ndarray | None:
    """(left, right) eye centres inside the upper part of the face box, or None when implausible."""
    x, y, w, h = box.astype(int)
    region = cv2.equalizeHist(gray[y:y + int(h * 0.6), x:x + w])
    found = _cascade("haarcascade_eye.xml").detectMultiScale(region, 1.1, 5, minSize=(max(8, w // 10),) * 2)
    if len(found) < 2:
        return None
    pair = sorted(sorted(found, key=lambda b: -b[2] * b[3])[:2], key=lambda b: b[0])
    centres = np.array([[ex + ew / 2 + x, ey + eh / 2 + y] for ex, ey, ew, eh in pair], float)
    gap = centres[1] - centres[0]
    plausible = 0.25 * w < gap[0] < 0.55 * w and abs(gap[1]) < 0.15 * w
    return centres if plausible else None


def _similarity(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    matrix, _ = cv2.estimateAffinePartial2D(source, target)
    return matrix


def _box_matrix(box: np.ndarray) -> np.ndarray:
    x, y, w, h = box
    scale = BOX_WIDTH * SIZE / w
    centre = np.array([x + w / 2, y + h / 2])
    offset = BOX_CENTRE * SIZE - scale * centre
    return np.array([[scale, 0, offset[0]], [0, scale, offset[1]]])


def find_face(photo: Image.Image) -> Alignment:
    """Locate the largest face in ``photo`` and cut it out in the training geometry.

    Raises NoFaceError when no face is found.
    """
    rgb = np.asarray(photo.convert("RGB"))
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    box = _detect_face(gray)
    if box is None:
        raise NoFaceError("No face found in this photo: use a clear, frontal, well-lit face.")
    eyes = _detect_eyes(gray, box)
    matrix = _box_matrix(box) if eyes is None else _similarity(eyes, EYES * SIZE)
    return Alignment(cut(rgb, matrix), matrix, eyes is not None)


def cut(rgb: np.ndarray, matrix: np.ndarray) -> Image.Image:
    """Warp the photo region that ``matrix`` maps onto the SIZE×SIZE face, antialiased."""
    zoom = WORK / SIZE
    shrink = min(1.0, 1 / (np.sqrt(abs(np.linalg.det(matrix[:, :2]))) * zoom))  # photo px per work px > 1: pre-shrink
    work_matrix = matrix * zoom
    if shrink < 1:
        rgb = cv2.resize(rgb, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        work_matrix = work_matrix @ np.diag([1 / shrink, 1 / shrink, 1])
    warped = cv2.warpAffine(rgb, work_matrix, (WORK, WORK), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(warped).resize((SIZE, SIZE), Image.LANCZOS)


def align_face(photo: Image.Image) -> Image.Image:
    """The largest face in ``photo`` as a 64×64 RGB image in the training geometry (NoFaceError if none)."""
    return find_face(photo).face


def paste_face(photo: Image.Image, alignment: Alignment, face: Image.Image, feather: float = 0.08) -> Image.Image:
    """Put an edited face (any square size) back where ``alignment`` found it, with a feathered edge."""
    rgb = np.asarray(photo.convert("RGB")).astype(np.float32)
    size = face.size[0]
    to_face = alignment.matrix * (size / SIZE)
    to_photo = cv2.invertAffineTransform(to_face)
    height, width = rgb.shape[:2]
    edited = cv2.warpAffine(np.asarray(face.convert("RGB")), to_photo, (width, height), flags=cv2.INTER_CUBIC)
    margin = max(1, int(feather * size))
    weight = np.zeros((size, size), np.float32)
    weight[margin:-margin, margin:-margin] = 1
    weight = cv2.GaussianBlur(weight, (0, 0), margin / 2)
    alpha = cv2.warpAffine(weight, to_photo, (width, height), flags=cv2.INTER_LINEAR)[..., None]
    return Image.fromarray((alpha * edited + (1 - alpha) * rgb).round().clip(0, 255).astype(np.uint8))


def as_portrait(face: Image.Image, size: int = 256, margin: int = 72) -> Image.Image:
    """A 64×64 face enlarged to size×size and framed by its own edge pixels, blurred and fading to their
    mean colour: a photo in which ``find_face`` finds it again (for examples and tests; the faces come
    from the generator)."""
    big = np.asarray(face.convert("RGB").resize((size, size), Image.LANCZOS)).astype(np.float32)
    framed = cv2.copyMakeBorder(big, margin, margin, margin, margin, cv2.BORDER_REPLICATE)
    blurred = cv2.GaussianBlur(framed, (0, 0), margin / 3)
    inside = np.zeros(framed.shape[:2], np.float32)
    inside[margin:margin + size, margin:margin + size] = 1
    distance = cv2.distanceTransform((1 - inside).astype(np.uint8), cv2.DIST_L2, 5)[..., None] / margin
    edge_colour = np.concatenate([big[0], big[-1], big[:, 0], big[:, -1]]).mean(0)
    frame = blurred + (edge_colour - blurred) * np.clip(distance, 0, 1)
    out = np.where(inside[..., None] > 0, framed, frame)
    return Image.fromarray(out.round().clip(0, 255).astype(np.uint8))
