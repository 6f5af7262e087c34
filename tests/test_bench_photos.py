"""The portraits benchmark's picture grid (ganedit.bench.photos.save_grid)."""
from pathlib import Path

from PIL import Image

from ganedit.bench.photos import HEADLINE, save_grid
from ganedit.imaging import open_image

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "face_2.png"


def test_the_grid_is_saved_into_folders_it_makes_one_row_per_photo(tmp_path):
    path = tmp_path / "not" / "yet" / "grid.png"
    photo = open_image(EXAMPLE)
    save_grid(str(path), [photo], height=64)
    grid = Image.open(path)
    tile = photo.width * 64 // photo.height  # each picture at 64 px high, its own shape
    assert grid.height == 64 and grid.width == tile * (1 + len(HEADLINE))  # the photo, then each headline slider
