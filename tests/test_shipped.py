"""Smoke tests on the shipped weights in weights/: they load, verify, and do what they claim."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import ganedit
from ganedit import hub
from ganedit.pretrained import component, forget_loaded

FACE_COMPONENTS = ["face_g", "face_d", "encoder", "attributes", "classifier"]


@pytest.fixture(autouse=True)
def shipped(monkeypatch):
    monkeypatch.delenv("GANEDIT_WEIGHTS", raising=False)
    forget_loaded()
    yield
    forget_loaded()


def test_every_shipped_file_matches_the_manifest_and_the_budget():
    root = hub.LOCAL_WEIGHTS
    listed = json.loads((root / hub.MANIFEST).read_text())["files"]
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {hub.MANIFEST, "README.md"}
    assert on_disk == set(listed)
    assert all(hub.sha256(root / name) == digest for name, digest in listed.items())
    assert sum((root / name).stat().st_size for name in listed) < 60e6  # the owner's budget for all weights


@pytest.mark.parametrize("name", FACE_COMPONENTS)
def test_face_components_load_strictly(name):
    assert not any(p.requires_grad for p in hub.load_component(name).parameters())


def test_samples_are_varied_faces():
    faces = np.stack([np.asarray(f, float) for f in ganedit.sample(8, seed=3)])
    assert faces.shape == (8, 64, 64, 3)
    assert faces.std(0).mean() > 20  # different faces, not one face eight times
    assert np.array_equal(np.asarray(ganedit.sample(1, seed=3)[0]), faces[0].astype(np.uint8))


def test_long_hair_slider_raises_the_judged_long_hair():
    judge = component("classifier")
    column = judge.config.names.index("long_hair")
    z = ganedit.latents(32, seed=5)
    with torch.no_grad():
        before = torch.sigmoid(judge(ganedit.generate(z)))[:, column]
        after = torch.sigmoid(judge(ganedit.generate(ganedit.edit(z, {"long_hair": 2.0}))))[:, column]
    assert (after - before).mean() > 0.2


def test_hybrid_inversion_beats_the_encoder_on_a_generated_face():
    face = ganedit.sample(1, seed=11)[0]
    target = ganedit.api.face_tensor(face)
    errors = {method: (ganedit.generate(ganedit.invert(face, method, steps=50)) - target).pow(2).mean()
              for method in ("encoder", "hybrid")}
    assert errors["hybrid"] < errors["encoder"]


def test_long_hair_on_a_made_up_man_changes_the_head_around_his_face_and_keeps_him_a_man():
    from ganedit.edits import regions
    from ganedit.faces import cut

    judge, G = component("classifier"), component("face_g")
    names = judge.config.names
    z = ganedit.latents(64, seed=2)
    with torch.no_grad():
        judged = torch.sigmoid(judge(G(z)))
    men = z[((judged[:, names.index("male")] > 0.8) & (judged[:, names.index("long_hair")] < 0.3)).nonzero()[:6, 0]]
    after, around, on_face = [], [], []
    for latent in men:
        prepared = ganedit.prepare_latent(latent[None])
        edited = np.asarray(ganedit.render_photo(prepared, {"long_hair": 2.0}))
        with torch.no_grad():
            after.append(torch.sigmoid(judge(ganedit.api.face_tensor(cut(edited, prepared.alignment.matrix))))[0])
        change = np.abs(edited.astype(int) - prepared.photo).max(2)  # a made-up face's photo is its crop, enlarged
        hair = prepared.region(["around_face"]) > 0.5  # the person around the face: none on a few
        around.append(change[hair].mean() if hair.any() else 0.0)
        on_face.append(change[regions.face_mask(prepared.landmarks, len(change)) == 1].max())
    assert len(men) >= 4
    assert (torch.stack(after)[:, names.index("male")] > 0.5).float().mean() >= 0.8
    assert np.median(around) > 2 and max(on_face) == 0  # hair drawn around the face; the face itself untouched


def test_a_photo_prepares_to_the_same_hair_map_whatever_opencvs_random_state():
    import cv2
    from PIL import Image

    photo = Image.open(Path(__file__).parents[1] / "examples" / "face_36.png")
    hair = []
    for seed in (1, 2):
        cv2.setRNGSeed(seed)  # GrabCut's k-means draws from it
        hair.append(ganedit.prepare_photo(photo).hair)
    assert hair[0].any() and np.array_equal(*hair)


def test_a_prepared_photos_first_smile_knows_where_it_starts():
    from PIL import Image

    from ganedit import api

    api._points_at.cache_clear()  # no latent kept from another test
    prepared = ganedit.prepare_photo(Image.open(Path(__file__).parents[1] / "examples" / "face_36.png"))
    before = api._points_at.cache_info()
    ganedit.render_photo(prepared.preview(1024), {"smiling": 1.0})
    after = api._points_at.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 1)  # the start found while preparing


def test_the_warp_a_smile_moves_the_photo_by_is_given_for_measuring_and_no_other_slider_warps():
    from PIL import Image

    from ganedit import api

    prepared = ganedit.prepare_photo(Image.open(Path(__file__).parents[1] / "examples" / "face_36.png"))
    size = len(prepared.reconstruction)
    smile = api.shape_warp(prepared, {"smiling": 2.0, "blond_hair": 2.0})
    assert smile.shape == (size, size, 2) and np.abs(smile).max() > 2  # the mouth's corners move by pixels
    for still in ({"smiling": 0.0}, {"blond_hair": 2.0, "long_hair": -1.0}):
        assert not api.shape_warp(prepared, still).any()
    with pytest.raises(ValueError, match="strength of smiling must be a finite number"):
        api.shape_warp(prepared, {"smiling": float("nan")})
