"""Find the faces in a photo and bring each to the training geometry (and back).

As the FFHQ and e4e tools do: dlib's HOG face detector (Dalal & Triggs 2005) finds the faces and its
68-point landmark model (Kazemi & Sullivan 2014) places them; both model files ship in the
``face-recognition-models`` package, so nothing is downloaded. A similarity transform (least squares,
Umeyama 1991) maps the two eye centres and the mouth centre to where the training faces have them:
the box (25, 50, 153, 178) of CelebA's 178×218 aligned frame at 64×64, measured on the CelebA val faces
with the same models (``python -m ganedit.bench.align``).
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ganedit.data import FACE_IN_FRAME, FRAME_SIZE

SIZE = 64
# left eye, right eye and mouth centres in the crop, as a fraction of its size (bench.align prints these)
EYES_AND_MOUTH = np.array([[0.348, 0.491], [0.649, 0.490], [0.497, 0.821]])
MIN_FACE = 40  # px: the narrowest face box that is edited (smaller ones carry too little detail)
DETECT_SIDE = 1024  # the detector looks at the photo at most this large (longer side), upsampled 2×
WORK = 256  # the crop is cut at this size, then resized to SIZE with Lanczos
# False faces: dlib's window is 80 px, so a narrower face is found only in the 2×-upsampled photo, from few HOG cells,
# and background lights and patches get through there. On the 97 real portraits (``python -m ganedit.bench.faces``:
# every detection, at the detection size and at full size, with its score and verdict) the 8 real detections under
# 80 px score 1.56 or more, the 3 false ones (a light in img67, a patch in img86) 0.32 or less; wider real faces score
# as low as 0.29, so no plain score threshold keeps every real face and drops every false one (the bench shows both).
SMALL_FACE = 80  # px (photo): a face narrower than this ...
SMALL_FACE_SCORE = 1.0  # ... is offered only with at least this detector score
FRAME_FEATHER = 0.12  # share of the face box's side over which a face set in a whole frame fades into it


class NoFaceError(ValueError):
    """No usable face was found in the photo."""


@dataclass
class Alignment:
    """A face cut from a photo. ``matrix`` (2×3) maps photo pixel coordinates to face pixel coordinates;
    ``box`` is the detector's (left, top, width, height) and ``landmarks`` [68,2] dlib's points, in the photo."""

    face: Image.Image  # SIZE×SIZE RGB
    matrix: np.ndarray
    box: tuple[int, int, int, int]
    landmarks: np.ndarray
    score: float


def _model_file(name: str) -> str:
    """A model file of the face-recognition-models package, found without importing it (its
    ``__init__`` needs pkg_resources, which new setuptools no longer has)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None:
        raise RuntimeError("the face-recognition-models package is not installed: pip install -r requirements.txt")
    return str(Path(spec.submodule_search_locations[0]) / "models" / name)


@cache
def _detector():
    import dlib
    return dlib.get_frontal_face_detector()


@cache
def _landmark_model():
    import dlib
    return dlib.shape_predictor(_model_file("shape_predictor_68_face_landmarks.dat"))


def _detect(rgb: np.ndarray, side: int = DETECT_SIDE) -> list[tuple[np.ndarray, float]]:
    """Face boxes (left, top, width, height) in photo pixels with the detector's scores, score > 0 only,
    found in the photo shrunk to at most ``side`` pixels (longer side)."""
    scale = min(1.0, side / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    rects, scores, _ = _detector().run(np.ascontiguousarray(small), 1, 0.0)
    return [(np.array([r.left(), r.top(), r.width(), r.height()], float) / scale, score)
            for r, score in zip(rects, scores)]


def landmarks(rgb: np.ndarray, box: np.ndarray) -> np.ndarray:
    """dlib's 68 landmarks [68,2] (x, y) in photo pixels for a face box (left, top, width, height)."""
    import dlib
    left, top, width, height = (int(round(v)) for v in box)
    shape = _landmark_model()(np.ascontiguousarray(rgb), dlib.rectangle(left, top, left + width, top + height))
    return np.array([[p.x, p.y] for p in shape.parts()], float)


def eyes_and_mouth(points: np.ndarray) -> np.ndarray:
    """[3,2]: the centres of the left eye (36–41), right eye (42–47) and mouth (48–67) of 68 landmarks."""
    return np.stack([points[36:42].mean(0), points[42:48].mean(0), points[48:68].mean(0)])


def similarity(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 2×3 similarity (rotation, uniform scale, shift) mapping source [K,2] onto target [K,2] in the
    least-squares sense (Umeyama 1991)."""
    source_mean, target_mean = source.mean(0), target.mean(0)
    a, b = source - source_mean, target - target_mean
    u, singular, vt = np.linalg.svd(b.T @ a)
    sign = np.diag([1.0, np.sign(np.linalg.det(u @ vt))])
    rotation = u @ sign @ vt
    scale = np.trace(np.diag(singular) @ sign) / (a ** 2).sum()
    return np.hstack([scale * rotation, (target_mean - scale * rotation @ source_mean)[:, None]])


def is_face(box: np.ndarray, score: float) -> bool:
    """Whether a detection (box (left, top, width, height) in photo pixels, dlib score) is offered as a face:
    at least MIN_FACE wide, and scoring SMALL_FACE_SCORE or more when narrower than SMALL_FACE."""
    return box[2] >= MIN_FACE and (box[2] >= SMALL_FACE or score >= SMALL_FACE_SCORE)


def find_faces(photo: Image.Image) -> list[Alignment]:
    """Every face in ``photo`` that ``is_face`` accepts, largest first, each cut to the training geometry.
    Returns [] when there is none."""
    rgb = np.asarray(photo.convert("RGB"))
    found = []
    for box, score in sorted(_detect(rgb), key=lambda found: -found[0][2]):
        if not is_face(box, score):
            continue
        points = landmarks(rgb, box)
        matrix = similarity(eyes_and_mouth(points), EYES_AND_MOUTH * SIZE)
        found.append(Alignment(cut(rgb, matrix), matrix, tuple(int(round(v)) for v in box), points, float(score)))
    return found


def find_face(photo: Image.Image, index: int = 0, faces: list[Alignment] | None = None) -> Alignment:
    """The ``index``-th largest face of ``photo`` (see find_faces; pass its result as ``faces`` when it is
    already known, to search once). Raises NoFaceError, saying why."""
    faces = find_faces(photo) if faces is None else faces
    if not faces:
        small = [box for box, _ in _detect(np.asarray(photo.convert("RGB"))) if box[2] < MIN_FACE]
        if small:
            raise NoFaceError(f"The face in this photo is too small ({int(small[0][2])} px wide): "
                              f"use a photo where the face is at least {MIN_FACE} px wide.")
        raise NoFaceError("No face found in this photo: use a clear, roughly frontal face "
                          f"at least {MIN_FACE} px wide.")
    if not 0 <= index < len(faces):
        raise NoFaceError(f"This photo has {len(faces)} face(s); face number {index + 1} does not exist.")
    return faces[index]


def cut(rgb: np.ndarray, matrix: np.ndarray, size: int = SIZE) -> Image.Image:
    """Warp the photo region that ``matrix`` maps onto the SIZE×SIZE face, antialiased, as a size×size RGB
    image (the same framing at any size: 64 for the generator, larger to show or paint on)."""
    return _cut_box(rgb, matrix, (0.0, 0.0, SIZE, SIZE), (size, size))


def cut_frame(rgb: np.ndarray, matrix: np.ndarray) -> Image.Image:
    """The whole frame about the aligned face (hair, neck and shoulders) as the frame models see it: an 80×96
    (width × height) RGB image whose box ``FACE_IN_FRAME`` is the SIZE×SIZE face that ``matrix`` cuts (``cut``);
    beyond the photo its edge pixels are repeated."""
    left, top, right, bottom = FACE_IN_FRAME
    width, height = FRAME_SIZE[1], FRAME_SIZE[0]
    return _cut_box(rgb, matrix, (-left, -top, width - left, height - top), (width, height))


def _cut_box(rgb: np.ndarray, matrix: np.ndarray, box: tuple[float, float, float, float], out: tuple[int, int]
             ) -> Image.Image:
    """The box (left, top, right, bottom; face pixels, SIZE across the face) of the face that ``matrix`` (photo →
    face) maps, as an RGB image of ``out`` (width, height) pixels: warped bicubically at WORK/SIZE times the face's
    scale or more (the photo shrunk first where it is finer), then resized with Lanczos."""
    left, top, right, bottom = box
    zoom = max(WORK / SIZE, out[0] / (right - left))
    shrink = min(1.0, 1 / (np.sqrt(abs(np.linalg.det(matrix[:, :2]))) * zoom))  # photo px per work px > 1: pre-shrink
    work_matrix = (matrix + np.array([[0, 0, -left], [0, 0, -top]])) * zoom
    if shrink < 1:
        rgb = cv2.resize(rgb, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        work_matrix = work_matrix @ np.diag([1 / shrink, 1 / shrink, 1])
    work = (round((right - left) * zoom), round((bottom - top) * zoom))
    warped = cv2.warpAffine(rgb, work_matrix, work, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(warped).resize(out, Image.LANCZOS)


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


def set_in_frame(face: Image.Image, frame: Image.Image, feather: float = FRAME_FEATHER) -> Image.Image:
    """A whole frame (RGB, any multiple of the frame models' 80×96) with a face (RGB, square, any size) laid in its
    face box (``data.FACE_IN_FRAME``, scaled to the frame; the face resized to fit, bicubic), fading into the frame
    over ``feather`` of the box's side inside its edge (a Gaussian falloff), so that no square edge shows: the
    frame's own hair, neck and background about it. RGB, the frame's size."""
    scale = frame.width / FRAME_SIZE[1]
    left, top, right, bottom = (scale * v for v in FACE_IN_FRAME)
    side = round(right - left)
    placed = cv2.warpAffine(np.asarray(face.convert("RGB").resize((side, side), Image.BICUBIC), np.float32),
                            np.float32([[1, 0, left], [0, 1, top]]), frame.size, borderMode=cv2.BORDER_REPLICATE)
    inset = max(1, round(feather * side))
    weight = np.zeros((frame.height, frame.width), np.float32)
    weight[round(top) + inset:round(bottom) - inset, round(left) + inset:round(right) - inset] = 1
    weight = cv2.GaussianBlur(weight, (0, 0), inset / 2)[..., None]
    out = weight * placed + (1 - weight) * np.asarray(frame.convert("RGB"), np.float32)
    return Image.fromarray(out.round().clip(0, 255).astype(np.uint8))
