"""The portraits benchmark's picture grid (ganedit.bench.photos.save_grid), which face of a group photo it edits and
how its table counts an edit that took."""
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from ganedit.bench.photos import HEADLINE, LOOKS, _edit_rows, _log_odds, face_at, save_grid
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


def _photo(before: float, after: float, no_beard: float = 0.9) -> dict:
    """A benchmark row of one photo whose long hair the classifier judged ``before`` and ``after`` (probabilities),
    and its no beard before."""
    looks = {key: 0.0 for key, _, _ in LOOKS} | {"change beside the neck": 0.0}
    edit = looks | {"distance": 0.1, "move_s": 0.01, "after": {"long_hair": after, "male": 0.9}}
    return {"before": {"long_hair": before, "male": 0.9, "no_beard": no_beard}, "long hair +2": edit}


def test_the_table_shows_how_far_an_edit_moved_the_classifier_where_the_face_starts_too_far_off_to_cross():
    rows = [_photo(1e-6, 0.1), _photo(0.1, 0.9), _photo(0.9, 0.99)]  # a man's hair far from long, then near; long
    table = _edit_rows("long hair +2", "long_hair", 2.0, rows, lambda measure: [measure([0, 1, 2])],
                       ["male", "female", "female"])
    cells = {label.split(": ", 1)[1]: cell for label, cell in table}
    assert cells["switched on, of photos judged without it"] == "1/2 (50%)"  # the third was long already
    moved = cells["the classifier's log-odds moved its way (median: all; men / women), of photos judged without it"]
    # log-odds −13.8 → −2.2 (+11.6, not crossing) and −2.2 → +2.2 (+4.4): median +8.0; the man's +11.6 alone
    assert moved == "+8.0; +11.6 / +4.4"


def test_log_odds_keep_a_far_start_and_stay_finite_where_a_float32_probability_reads_1():
    assert _log_odds(3.4e-10) == pytest.approx(-21.8, abs=0.05)  # img16's long hair before: not cut off at a floor
    assert 16 < _log_odds(1.0) < 17 and _log_odds(0.0) < -80  # saturated sigmoids still give numbers


def test_the_table_shows_whether_an_edit_took_on_bearded_and_clean_shaven_men_apart():
    rows = [_photo(1e-6, 0.1, no_beard=0.1), _photo(1e-6, 0.9, no_beard=0.2), _photo(1e-6, 0.9), _photo(1e-6, 0.9)]
    table = _edit_rows("long hair +2", "long_hair", 2.0, rows, lambda measure: [measure([0, 1, 2, 3])],
                       ["male", "male", "male", "female"])
    cells = {label.split(": ", 1)[1]: cell for label, cell in table}
    assert cells["switched on, men with a beard / without (the classifier's no beard below / above 1/2 before)"] \
        == "1/2 (50%) / 1/1 (100%)"  # the woman in neither
    smiling = _edit_rows("smiling +2", "smiling", 2.0, [], lambda measure: ["n/a"], [])
    assert not any("beard" in label for label, _ in smiling)  # shown for the hair edits only
