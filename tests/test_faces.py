"""Pasting a face back into its photo (finding faces: test_photo.py)."""
import numpy as np
import pytest
from PIL import Image

from ganedit.data import load_faces
from ganedit.faces import find_face, paste_face


@pytest.fixture(scope="module")
def photo_and_face(faces_root):
    """A val face enlarged 4× and placed off-centre on a plain 600×500 backdrop, like a portrait photo."""
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (600, 500), (90, 120, 150))
    photo.paste(face.resize((256, 256), Image.BICUBIC), (150, 100))
    return photo, face


def test_pasting_the_face_back_changes_only_the_face_region(photo_and_face):
    photo, _ = photo_and_face
    alignment = find_face(photo)
    grey = Image.new("RGB", (256, 256), (128, 128, 128))
    pasted = np.asarray(paste_face(photo, alignment, grey), float)
    before = np.asarray(photo, float)
    assert pasted.shape == before.shape
    assert np.array_equal(pasted[:40], before[:40]) and np.array_equal(pasted[:, -80:], before[:, -80:])
    assert np.abs(pasted[230:300, 250:330] - 128).mean() < 5


def test_the_whole_frame_holds_the_aligned_face_in_its_face_box():
    from ganedit.data import face_of_frames
    from ganedit.faces import cut, cut_frame
    from ganedit.imaging import to_tensor

    rows, columns = np.mgrid[0:400, 0:300].astype(np.float32)
    photo = np.dstack([rows / 2, columns / 1.5, 128 + 60 * np.sin(rows / 40) * np.cos(columns / 30)]).astype(np.uint8)
    matrix = np.array([[0.4, 0.0, -30.0], [0.0, 0.4, -50.0]])  # the face: photo box (75, 125)–(235, 285)
    frame = cut_frame(photo, matrix)
    assert frame.size == (80, 96)
    face_box = face_of_frames(to_tensor(frame)) * 127.5
    assert (face_box - to_tensor(cut(photo, matrix)) * 127.5).abs().mean() < 2.0
    corner = photo[round(-16 / 0.4 + 125), round(-8.5 / 0.4 + 75)]
    assert np.abs(np.asarray(frame)[0, 0].astype(float) - corner).max() < 4


def test_a_face_set_in_a_frame_fades_into_it_with_no_square_edge():
    from ganedit.faces import set_in_frame

    face, frame = Image.new("RGB", (256, 256), (200, 150, 120)), Image.new("RGB", (320, 384), (40, 60, 90))
    out = np.asarray(set_in_frame(face, frame), float)
    assert out.shape == (384, 320, 3)
    assert np.array_equal(out[:20], np.asarray(frame, float)[:20])  # above the face box: the frame's own pixels
    assert np.abs(out[192, 160] - (200, 150, 120)).max() <= 1  # the box's middle: the face
    row = out[192, :, 0]  # across the box's left edge (x = 34) and into the face: no step anywhere
    assert np.abs(np.diff(row)).max() < 0.1 * (200 - 40)
    assert row[34] < 40 + 0.1 * (200 - 40)  # at the box's own edge the frame shows, not the face's square
