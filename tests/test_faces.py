"""Face finding, alignment to the training geometry, and pasting back."""
import numpy as np
import pytest
from PIL import Image

from ganedit.data import load_faces
from ganedit.faces import NoFaceError, align_face, find_face, paste_face


@pytest.fixture(scope="module")
def photo_and_face(faces_root):
    """A val face enlarged 4× and placed off-centre on a plain 600×500 backdrop, like a portrait photo."""
    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (600, 500), (90, 120, 150))
    photo.paste(face.resize((256, 256), Image.BICUBIC), (150, 100))
    return photo, face


def test_found_face_is_cut_in_the_training_geometry(photo_and_face):
    photo, face = photo_and_face
    aligned = align_face(photo)
    assert aligned.size == (64, 64) and aligned.mode == "RGB"
    error = np.abs(np.asarray(aligned, float) - np.asarray(face, float)).mean()
    assert error < 45  # a few pixels of misplacement; a wrong region would differ by far more


def test_pasting_the_face_back_changes_only_the_face_region(photo_and_face):
    photo, _ = photo_and_face
    alignment = find_face(photo)
    grey = Image.new("RGB", (256, 256), (128, 128, 128))
    pasted = np.asarray(paste_face(photo, alignment, grey), float)
    before = np.asarray(photo, float)
    assert pasted.shape == before.shape
    assert np.array_equal(pasted[:40], before[:40]) and np.array_equal(pasted[:, -80:], before[:, -80:])
    assert np.abs(pasted[230:300, 250:330] - 128).mean() < 5


def test_no_face_gives_a_clear_error():
    with pytest.raises(NoFaceError, match="No face found"):
        align_face(Image.new("RGB", (300, 300), "white"))
