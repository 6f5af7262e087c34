"""Shape sliders warp the photo's own pixels: fuller lips, a wider or narrower nose, narrower eyes, a fuller or
slimmer jaw, and nothing beyond the ring about the face."""
import cv2
import numpy as np
import pytest

from ganedit.api import prepare_photo, render_photo
from ganedit.edits import reshape

SKIN, BACKGROUND, LIPS, DARK, WHITE = (200, 160, 140), (90, 120, 150), (170, 40, 60), (20, 20, 20), (240, 240, 240)


@pytest.fixture(scope="module")
def face(photo):
    """A drawn face on a plain background: the ``photo`` fixture's landmarks [68,2], twice as far apart (a face 360
    pixels wide) and in the middle of a 900×900 canvas; skin inside the jaw line and the brows, red lips, white
    eyes with a dark iris, dark nostrils at dlib's 31 and 35."""
    points = photo[1] * 2 + 150
    rgb = np.full((900, 900, 3), BACKGROUND, np.uint8)
    cv2.fillPoly(rgb, [np.round(np.vstack([points[:17], points[26:16:-1]])).astype(np.int32)], SKIN)
    cv2.fillPoly(rgb, [np.round(points[48:60]).astype(np.int32)], LIPS)
    for eye in (points[36:42], points[42:48]):
        cv2.fillPoly(rgb, [np.round(eye).astype(np.int32)], WHITE)
        cv2.circle(rgb, tuple(np.round(eye.mean(0)).astype(int)), 6, DARK, -1)
    for nostril in (31, 35):
        cv2.circle(rgb, tuple(np.round(points[nostril]).astype(int)), 4, DARK, -1)
    return rgb, points


def _count(rgb: np.ndarray, colour: tuple[int, int, int], rows: slice = slice(None)) -> int:
    """How many pixels of ``rgb`` (in ``rows``) lie within 30 grey levels of ``colour``."""
    return int((np.abs(rgb[rows].astype(int) - colour).max(2) < 30).sum())


def test_big_lips_grows_the_lips_and_negative_thins_them(face):
    rgb, points = face
    before = _count(rgb, LIPS)
    assert _count(reshape.reshaped(rgb, points, {"big_lips": 2.0}), LIPS) > 1.15 * before
    assert _count(reshape.reshaped(rgb, points, {"big_lips": -2.0}), LIPS) < 0.85 * before


def _nostrils_apart(rgb: np.ndarray, points: np.ndarray) -> float:
    """How far apart (pixels) the dark pixels about the nose's base lie: its outermost columns."""
    top, bottom = int(points[30, 1]), int(points[51, 1])
    columns = np.flatnonzero((np.abs(rgb[top:bottom].astype(int) - DARK).max(2) < 30).any(0))
    return float(columns.max() - columns.min())


def test_big_nose_widens_the_nose_and_pointy_nose_narrows_it(face):
    rgb, points = face
    before = _nostrils_apart(rgb, points)
    assert _nostrils_apart(reshape.reshaped(rgb, points, {"big_nose": 2.0}), points) > before + 3
    assert _nostrils_apart(reshape.reshaped(rgb, points, {"pointy_nose": 2.0}), points) < before - 3


def test_narrow_eyes_closes_the_lids_over_the_iris_without_squashing_it(face):
    rgb, points = face
    rows = slice(int(points[36:48, 1].min()) - 10, int(points[36:48, 1].max()) + 10)
    narrowed = reshape.reshaped(rgb, points, {"narrow_eyes": 2.0})
    assert _count(narrowed, WHITE, rows) < 0.8 * _count(rgb, WHITE, rows)
    for eye in (points[36:42], points[42:48]):
        x, y = np.round(eye.mean(0)).astype(int)
        assert np.array_equal(narrowed[y, x - 5:x + 6], rgb[y, x - 5:x + 6])  # the iris stays as it was


def test_chubby_widens_the_jaw_oval_face_narrows_it_and_nothing_beyond_the_ring_moves(face):
    rgb, points = face
    row = slice(int(points[4, 1]), int(points[4, 1]) + 1)
    before = _count(rgb, SKIN, row)
    chubby = reshape.reshaped(rgb, points, {"chubby": 2.0})
    assert _count(chubby, SKIN, row) > before + 10
    assert _count(reshape.reshaped(rgb, points, {"oval_face": 2.0}), SKIN, row) < before - 10
    changed = np.flatnonzero((chubby != rgb).any(2).any(1))
    assert changed.min() > 0 and changed.max() < len(rgb) - 1  # the ring lies inside the canvas: its rows stay
    assert np.array_equal(chubby[:, :int(points[0, 0]) - 150], rgb[:, :int(points[0, 0]) - 150])


def test_render_photo_warps_the_shape_instead_of_moving_the_latent(tiny_weights, photo):
    image, _ = photo
    prepared = prepare_photo(image)
    strengths = {"big_lips": 1.5, "chubby": -1.0}
    expected = reshape.reshaped(prepared.photo, prepared.landmarks_on_photo(), strengths)
    assert np.array_equal(np.asarray(render_photo(prepared, strengths)), expected)


def _mouth(points: np.ndarray, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """A drawn mouth on skin: red lips about the ``face`` fixture's ``points`` [68,2] with their inner edges ``gap``
    of the mouth's width apart (the lower lip moved), white teeth between them; the points moved so."""
    points = points.copy()
    width = np.linalg.norm(points[54] - points[48])
    points[[65, 66, 67]] = points[[63, 62, 61]] + (0, gap * width)
    points[55:60, 1] += gap * width
    rgb = np.full((900, 900, 3), SKIN, np.uint8)
    cv2.fillPoly(rgb, [np.round(points[48:60]).astype(np.int32)], LIPS)
    cv2.fillPoly(rgb, [np.round(points[60:68]).astype(np.int32)], WHITE)
    y = round(points[62, 1] + 0.35 * gap * width)  # a line between the upper and lower teeth
    rgb[y, int(points[61, 0]):int(points[63, 0])] = DARK
    return rgb, points


def test_mouth_slightly_open_parts_closed_lips_and_negative_closes_them_over_the_teeth(face):
    rgb, points = _mouth(face[1], 0.0)
    parted = reshape.reshaped(rgb, points, {"mouth_slightly_open": 2.0})
    dark = (parted.max(2) < 100) & ~(rgb.max(2) < 100)
    assert dark.sum() > 150 and np.ptp(np.flatnonzero(dark.any(1))) > 4  # a dark gap, several rows high
    assert points[62, 1] - 10 < np.flatnonzero(dark.any(1)).mean() < points[57, 1] + 10
    assert np.array_equal(reshape.reshaped(*_mouth(face[1], 0.2), {"mouth_slightly_open": 2.0}),
                          _mouth(face[1], 0.2)[0])  # an open mouth opens no farther
    rgb, points = _mouth(face[1], 0.2)
    closed = reshape.reshaped(rgb, points, {"mouth_slightly_open": -2.0})
    assert _count(closed, WHITE) < 0.75 * _count(rgb, WHITE)
    x = round(points[62, 0])
    rows = slice(round(points[62, 1]), round(points[66, 1]))
    line = [np.argmin(image[rows, x].astype(int).sum(1)) for image in (rgb, closed)]
    assert line[0] == line[1]  # the line between the teeth stays where it was: the teeth are not squashed
