"""The by-eye sheet's parts (ganedit.bench.by_eye): the head's box, the reviewer's answers, the tally."""
import numpy as np
import pytest

from ganedit.bench.by_eye import agreement, head_box, read_answers, tally


def _face(x: float, y: float, width: float) -> np.ndarray:
    points = np.zeros((68, 2))
    points[0], points[16], points[30] = (x - width / 2, y), (x + width / 2, y), (x, y)
    return points


def test_the_head_is_cut_inside_the_photo_even_near_its_edge():
    left, top, right, bottom = head_box(_face(200, 150, 100), (400, 600))
    assert (left, top, right, bottom) == (100, 30, 300, 250)  # a jaw's width each side, 1.2 above, 1 below
    left, top, right, bottom = head_box(_face(40, 60, 100), (400, 600))  # near the top left corner: moved in
    assert (left, top) == (0, 0) and (right - left, bottom - top) == (200, 220)
    assert head_box(_face(560, 380, 100), (400, 600))[2:] == (600, 400)  # near the bottom right: moved back
    assert head_box(_face(50, 50, 200), (120, 100)) == (0, 0, 100, 120)  # a photo smaller than the head: cut


def test_the_tally_counts_edited_and_untouched_pictures_per_group(tmp_path):
    key = [{"picture": "r001", "person": "kofi_annan", "sex": "male", "shown": "edited"},
           {"picture": "r002", "person": "someone", "sex": "female", "shown": "edited"},
           {"picture": "r003", "person": "someone", "sex": "female", "shown": "untouched"}]
    answers_file = tmp_path / "answers.txt"
    answers_file.write_text("r001 yes looks fine\nr002.png Partly, old colour left\n\nr003 no -\n")
    answers = read_answers(answers_file)
    assert answers == {"r001": "yes", "r002": "partly", "r003": "no"}
    table = {row[0]: row[1:] for row in tally(key, answers)}
    assert table["all"] == ["1 / 1 / 0 (50% yes)", "0 / 0 / 1 (0% yes)"]
    assert table["dark"] == ["1 / 0 / 0 (100% yes)", "0 / 0 / 0"] and table["female"][0] == "0 / 1 / 0 (0% yes)"
    with pytest.raises(ValueError, match="r003"):
        tally(key, {"r001": "yes", "r002": "no", "r003": "maybe"})
    assert agreement(key, answers) == []  # a key written before the classifier's column


def test_the_classifier_is_read_against_the_reviewer_on_the_edited_pictures():
    key = [{"picture": f"r00{i}", "sex": sex, "shown": shown, "classifier": judged}
           for i, (sex, shown, judged) in enumerate([("male", "edited", "0.900"), ("male", "edited", "0.100"),
                                                     ("female", "edited", "0.700"), ("female", "edited", "0.020"),
                                                     ("female", "untouched", "0.800")], 1)]
    answers = {"r001": "yes", "r002": "yes", "r003": "partly", "r004": "no", "r005": "yes"}
    table = {row[0]: row[1:] for row in agreement(key, answers)}
    assert table["all"] == ["1 of 2", "1 of 2"]  # seen on r001 and r002, found on r001; found on r001, r003
    assert table["male"] == ["1 of 2", "1 of 1"] and table["female"] == ["0 of 0", "0 of 1"]


def test_tallying_a_sheet_without_its_key_is_a_usage_error_not_a_traceback(tmp_path, capsys):
    from ganedit.bench.by_eye import main
    answers = tmp_path / "answers.txt"
    answers.write_text("r001 yes\n")
    with pytest.raises(SystemExit) as stop:
        main(["tally", str(tmp_path / "sheet"), str(answers)])
    assert stop.value.code == 2 and "sheet.key.csv" in capsys.readouterr().err


def test_a_portrait_without_a_face_is_left_out_of_the_sheet(tmp_path, capsys):
    from PIL import Image
    from ganedit.bench.by_eye import key_path, sheet
    (tmp_path / "images").mkdir()
    Image.new("RGB", (64, 64), "grey").save(tmp_path / "images" / "blank.jpg")
    (tmp_path / "identities.csv").write_text("file,person,sex\nimages/blank.jpg,nobody,female\n")
    assert sheet(tmp_path / "sheet", "smiling", tmp_path) == 0
    assert "images/blank.jpg" in capsys.readouterr().out
    assert key_path(tmp_path / "sheet").read_text().splitlines() == ["picture,file,person,sex,shown,classifier"]
