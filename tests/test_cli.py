"""``python -m ganedit upscale`` on tiny weights: files and folders in, 4× PNGs out, bad files reported."""
import os
import subprocess
import sys

import pytest
from PIL import Image

from conftest import ROOT


def run_cli(args, weights):
    env = dict(os.environ, GANEDIT_WEIGHTS=str(weights))
    return subprocess.run([sys.executable, "-m", "ganedit", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_upscale_files_and_folders(tiny_weights, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    Image.new("RGB", (10, 8), "red").save(folder / "a.png")
    Image.new("L", (6, 6), 90).save(folder / "b.jpg")
    single = tmp_path / "c.png"
    Image.new("RGBA", (5, 7), (0, 0, 255, 100)).save(single)
    result = run_cli(["upscale", str(folder), str(single), "-o", str(tmp_path / "out"), "--blend", "0.5"], tiny_weights)
    assert result.returncode == 0, result.stderr
    sizes = {p.name: Image.open(p).size for p in (tmp_path / "out").iterdir()}
    assert sizes == {"a_x4.png": (40, 32), "b_x4.png": (24, 24), "c_x4.png": (20, 28)}
    assert Image.open(tmp_path / "out" / "c_x4.png").mode == "RGBA"


def test_bad_inputs_are_reported_not_raised(tiny_weights, tmp_path):
    (tmp_path / "notes.png").write_text("not a picture")
    result = run_cli(["upscale", str(tmp_path / "notes.png"), "-o", str(tmp_path / "out")], tiny_weights)
    assert result.returncode == 1 and "not an image" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli(["upscale", str(tmp_path), "-o", str(tmp_path / "out"), "--blend", "2"], tiny_weights)
    assert result.returncode == 2 and "blend must be between 0 and 1" in result.stderr


def test_edit_photos_with_named_strengths(tiny_weights, tmp_path, faces_root):
    from ganedit.data import load_faces

    face = Image.fromarray(load_faces(faces_root, "val").images[3].permute(1, 2, 0).numpy())
    photo = Image.new("RGB", (500, 400), (90, 120, 150))
    photo.paste(face.resize((256, 256), Image.BICUBIC), (120, 70))
    photo.save(tmp_path / "me.jpg", quality=95)
    Image.new("RGB", (300, 200), "white").save(tmp_path / "wall.png")
    result = run_cli(["edit", str(tmp_path / "me.jpg"), str(tmp_path / "wall.png"), "-o", str(tmp_path / "out"),
                      "--set", "long_hair=2", "--set", "smiling=1", "--keep", "male"], tiny_weights)
    assert result.returncode == 1 and "No face found" in result.stdout and "Traceback" not in result.stderr
    assert Image.open(tmp_path / "out" / "me_edited.png").size == (500, 400)
    result = run_cli(["edit", str(tmp_path / "me.jpg"), "-o", str(tmp_path / "out"), "--set", "wings=2"], tiny_weights)
    assert result.returncode == 2 and "unknown attribute" in result.stderr


def test_a_strength_that_is_not_a_finite_number_is_a_usage_error(capsys):
    from ganedit.__main__ import main
    for value in ("nan", "inf", "two"):  # nan failed with a KeyError deep inside the edit
        with pytest.raises(SystemExit) as stop:
            main(["edit", "me.jpg", "-o", "out", "--set", f"smiling={value}"])
        assert stop.value.code == 2 and f"smiling={value}" in capsys.readouterr().err


def test_what_a_user_should_know_about_a_result_is_printed_beside_it(tmp_path, capsys):
    import argparse
    import warnings

    from ganedit.__main__ import for_each_image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "bald.png")

    def work(image):
        warnings.warn("No hair was found in this photo")
        return image
    args = argparse.Namespace(inputs=[tmp_path / "bald.png"], output=tmp_path / "out")
    assert for_each_image(args, "editing", "edited", work, ()) == 0
    assert f"{tmp_path / 'bald.png'}: No hair was found in this photo" in capsys.readouterr().out
    assert (tmp_path / "out" / "bald_edited.png").exists()
