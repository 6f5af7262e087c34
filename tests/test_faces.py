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
