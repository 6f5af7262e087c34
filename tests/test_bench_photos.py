"""The portraits benchmark's picture grid (ganedit.bench.photos.save_grid) and which face of a group photo it edits."""
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from ganedit.bench.photos import HEADLINE, face_at, save_grid
from ganedit.faces import NoFaceError
from ganedit.imaging import open_image

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "face_2.png"


def test_the_grid_is_saved_into_folders_it_makes_one_row_per_photo(tmp_path):
    path = tmp_path / "not" / "yet" / "grid.png"
    photo = open_image(EXAMPLE)
    save_grid(str(path), [photo], height=64)
    grid = Image.open(path)
    tile = photo.width * 64 // photo.height  # each picture at 64 px high, its own shape
    assert grid.height == 64 and grid.width == tile * (1 + len(HEADLINE))  # the photo, then each headline slider


def test_a_group_photo_edits_the_face_it_was_chosen_for_and_says_so_when_that_face_is_missing():
    faces = [SimpleNamespace(box=(500, 100, 200, 200)), SimpleNamespace(box=(50, 120, 90, 90))]
    assert face_at(faces, None) == 0  # a photo of one person: the largest face
    assert face_at(faces, (80, 150)) == 1
    with pytest.raises(NoFaceError, match="chosen for"):
        face_at(faces, (300, 150))
