"""Editing a real photo: face finding with dlib, pivotal tuning, and the edit applied at the photo's size."""
from dataclasses import replace

import cv2
import numpy as np
import pytest
import torch
from PIL import Image

from ganedit.data import load_faces
from ganedit.edits import regions
from ganedit.edits.hair import Recolour
from ganedit.api import split_strokes
from ganedit.bench.look import folded_share
from ganedit.edits.photo import (CHEEK_RISE, CORNER_LIFT, CORNER_REACH, CORNER_WIDEN, CURVE_CAP, LID_CAP, LID_LIFT,
                                  LIP_MIDDLE_RISE, LIPS, PAD_VIEW, REMOVING, PhotoFace, apply_change, from_latent,
                                  frontal, hue_gate, lacks, prepare, recolour_hair, recolour_reach, render, smile_flow,
                                  smile_moves, to_photo, warp_by_flow, with_nothing_removed, woman_without_beard)
from ganedit.edits.tuning import TuningSettings, tune_generator
from ganedit.faces import NoFaceError, find_face, find_faces, similarity
from ganedit.models.sr import SRConfig, SRResNet
from tiny import tiny_face_models


@pytest.fixture(scope="module")
def val_faces(faces_root):
    return [Image.fromarray(f.permute(1, 2, 0).numpy()) for f in load_faces(faces_root, "val").images[:8]]


@pytest.fixture(scope="module")
def two_people(val_faces):
    """A 700×450 photo with a large face at the left and a smaller one at the right."""
    photo = Image.new("RGB", (700, 450), (90, 120, 150))
    photo.paste(val_faces[3].resize((300, 300), Image.BICUBIC), (40, 80))
    photo.paste(val_faces[5].resize((160, 160), Image.BICUBIC), (480, 150))
    return photo


def test_similarity_recovers_a_rotation_scale_and_shift():
    angle, scale, shift = 0.3, 1.7, np.array([12.0, -5.0])
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    source = np.random.default_rng(0).normal(size=(5, 2)) * 40
    matrix = similarity(source, source @ (scale * rotation).T + shift)
    assert np.allclose(matrix, np.hstack([scale * rotation, shift[:, None]]), atol=1e-9)


def test_every_face_is_found_largest_first_and_cut_like_the_training_faces(two_people, val_faces):
    faces = find_faces(two_people)
    assert len(faces) == 2
    (left, _, width, _), (left2, _, width2, _) = faces[0].box, faces[1].box
    assert width > width2 and 40 <= left < 340 and 480 <= left2 < 640
    error = np.abs(np.asarray(faces[0].face, float) - np.asarray(val_faces[3], float)).mean()
    assert error < 30  # a pixel or two of misplacement; the wrong region would differ by far more
    assert find_face(two_people, 1).box == faces[1].box


def test_faces_that_cannot_be_edited_are_explained(val_faces):
    with pytest.raises(NoFaceError, match="No face found"):
        find_face(Image.new("RGB", (300, 300), "white"))
    tiny = Image.new("RGB", (400, 300), (90, 120, 150))
    tiny.paste(val_faces[3].resize((30, 30), Image.BICUBIC), (200, 100))
    with pytest.raises(NoFaceError, match="40 px"):
        find_face(tiny)
    with pytest.raises(NoFaceError, match="face number 2"):
        find_face(val_faces[3].resize((256, 256), Image.BICUBIC), 1)


def test_tuning_fits_the_face_and_leaves_the_shipped_generator_alone():
    models = tiny_face_models()
    face, z = torch.rand(1, 3, 64, 64) * 2 - 1, torch.randn(1, models.G.config.z_dim)
    before = {k: v.clone() for k, v in models.G.state_dict().items()}
    tuned = tune_generator(models.G, models.D, face, z, settings=TuningSettings(steps=30))
    with torch.no_grad():
        assert (tuned(z) - face).pow(2).mean() < (models.G(z) - face).pow(2).mean()
    assert all(torch.equal(v, models.G.state_dict()[k]) for k, v in before.items())
    assert not any(p.requires_grad for p in tuned.parameters())


def test_two_tunings_never_mix():
    models = tiny_face_models()
    z = torch.randn(1, models.G.config.z_dim)
    first = tune_generator(models.G, models.D, torch.ones(1, 3, 64, 64) * 0.5, z, settings=TuningSettings(steps=10))
    with torch.no_grad():
        alone = first(z).clone()
    second = tune_generator(models.G, models.D, -torch.ones(1, 3, 64, 64), z, settings=TuningSettings(steps=10))
    with torch.no_grad():
        assert torch.equal(first(z), alone) and not torch.equal(second(z), alone)
    assert not set(map(id, first.tuned.parameters())) & set(map(id, second.tuned.parameters()))


@pytest.fixture(scope="module")
def prepared(two_people) -> PhotoFace:
    models = tiny_face_models()
    sr = SRResNet(SRConfig(channels=8, blocks=1)).eval().requires_grad_(False)
    rgb = np.asarray(two_people)
    return prepare(rgb, find_face(two_people), models, sr, settings=TuningSettings(steps=5)), sr


def test_the_other_faces_follow_the_photo_into_a_shrunk_preview(two_people):
    faces = find_faces(two_people)
    models, rgb = tiny_face_models(), np.asarray(two_people)
    state = prepare(rgb, faces[0], models, None, settings=TuningSettings(steps=1), others=[faces[1].landmarks])
    for face, scale in ((state, 1.0), (state.preview(300), 300 / max(rgb.shape[:2]))):
        back = cv2.transform(face.others[0][None], cv2.invertAffineTransform(face.alignment.matrix))[0]
        assert len(face.others) == 1 and np.abs(back - faces[1].landmarks * scale).max() < 0.01


def test_without_an_edit_the_photo_comes_back_unchanged(prepared):
    state, sr = prepared
    assert np.array_equal(render(state, state.z, sr, state.region(["head"])), state.photo)


def test_an_edit_changes_the_face_and_no_pixel_away_from_it(prepared):
    state, sr = prepared
    edited = render(state, state.z + 3 * torch.randn(1, state.z.shape[1]), sr, state.region(["head"]))
    changed = (edited != state.photo).any(2)
    left, top, width, height = state.alignment.box
    assert edited.shape == state.photo.shape and changed[top:top + height, left:left + width].mean() > 0.3
    assert not changed[:, 450:].any() and not changed[:20].any()  # the other face and the sky: bit-identical


def test_small_changes_are_added_and_large_ones_replace():
    photo = np.full((64, 64, 3), 100, np.uint8)
    before = np.full((64, 64, 3), 90.0, np.float32)  # G′(z) a shade off the photo
    after = before.copy()
    after[24:40, 24:40] += 4  # a small change: added to the photo's own pixels
    after[:8, 24:40] = 250  # a large one: G′(z′) shown as it is
    identity = np.array([[1.0, 0, 0], [0, 1, 0]])
    everywhere, nowhere = np.ones((64, 64), np.float32), np.zeros((64, 64), np.float32)
    result = apply_change(photo, identity, before, after, after, everywhere, nowhere, nowhere).astype(int)
    assert abs(result[32, 32, 0] - 104) <= 1 and result[4, 32, 0] > 200 and np.all(result[40:, :] == 100)
    person = nowhere.copy()
    person[:16] = 1  # over the person (hair, say) a large change is added, keeping the photo's texture
    result = apply_change(photo, identity, before, after, after, everywhere, nowhere, person).astype(int)
    assert abs(result[4, 32, 0] - 255) <= 1 and abs(result[32, 32, 0] - 104) <= 1
    face = person  # on the face the luminance's detail scales the photo: never replaced, never tinted
    tinted = before + np.array([0, 0, 60], np.float32) * (np.arange(64)[:, None, None] < 4)
    result = apply_change(photo, identity, before, tinted, tinted, everywhere, face, face).astype(int)
    assert np.all(result[:16].max(2) - result[:16].min(2) <= 1)  # grey stays grey
    brighter = before * 1.5
    result = apply_change(photo, identity, before, brighter, brighter, everywhere, face, face).astype(int)
    assert np.all(result[:8] == 100) and np.all(result[40:] > 120)  # light shifted: not on the face, elsewhere
    region = everywhere.copy()
    region[:, :32] = 0  # outside the edit's region every pixel is the photo's own
    result = apply_change(photo, identity, before, after, after, region, nowhere, nowhere).astype(int)
    assert np.all(result[:, :32] == 100) and result[4, 36, 0] > 200


def test_a_preview_renders_the_same_edit_on_a_smaller_photo(prepared):
    state, sr = prepared
    preview = state.preview(350)
    assert max(preview.photo.shape[:2]) == 350 and preview.preview(1000).photo.shape == preview.photo.shape
    scale = 350 / max(state.photo.shape[:2])
    assert np.allclose(preview.strands.box, np.multiply(state.strands.box, scale), atol=1)
    z = state.z + torch.randn(1, state.z.shape[1])
    region = state.region(["head"])
    small = Image.fromarray(render(preview, z, sr, region))
    full = Image.fromarray(render(state, z, sr, region)).resize(small.size, Image.BILINEAR)
    assert np.abs(np.asarray(small, float) - np.asarray(full, float)).mean() < 4


def test_a_made_up_face_is_edited_like_a_photo():
    models = tiny_face_models()
    sr = SRResNet(SRConfig(channels=8, blocks=1)).eval().requires_grad_(False)
    state = from_latent(models.G, torch.randn(1, models.G.config.z_dim), sr)
    region = state.region(["head"])
    assert state.photo.shape == (256, 256, 3) and np.array_equal(render(state, state.z, sr, region), state.photo)
    assert state.landmarks.shape == (68, 2) and 0.3 < state.landmarks[30, 1] / 256 < 0.8  # the nose tip, found


def test_a_hair_edit_leaves_the_face_and_everything_beyond_the_head_as_they_were(prepared):
    state, sr = prepared
    step = 3 * torch.randn(1, state.z.shape[1], generator=torch.Generator().manual_seed(0))
    edited = render(state, state.z + step, sr, state.region(["hair"]))
    size = len(state.reconstruction)
    to_photo = cv2.invertAffineTransform(state.alignment.matrix * (size / 64))
    face = cv2.transform(regions.whole_face(state.landmarks)[None], to_photo)[0]
    inside = cv2.fillConvexPoly(np.zeros(state.photo.shape[:2], np.uint8), cv2.convexHull(face.astype(np.int32)), 1)
    inside = cv2.erode(inside, np.ones((3, 3), np.uint8))  # a pixel's margin for the rounding of the outline
    changed = (edited != state.photo).any(2)
    assert changed.any() and not changed[inside > 0].any()
    corners = cv2.transform(np.array([[[0, 0], [size, 0], [0, size], [size, size]]], float), to_photo)[0].round()
    for x, y in corners.astype(int):  # the crop's square corners lie beyond the head disc: untouched
        assert not changed[max(0, y - 3):y + 3, max(0, x - 3):x + 3].any()


def test_whole_head_edits_on_a_photo_leave_the_background_beside_the_head_alone(prepared):
    state, _ = prepared
    person = np.zeros_like(state.person)
    person[:, : len(person) // 2] = 1.0  # the person on the left half only
    region = replace(state, person=person).region(["head", "mouth"])
    assert region[:, : len(person) // 2].max() > 0.5 and not region[:, len(person) // 2:].any()
    assert np.array_equal(replace(state, person=np.ones_like(person)).region(["head"]),
                          regions.mask("head", state.landmarks, len(person)))


def test_whole_face_attributes_change_nothing_beyond_the_face_s_outline(prepared):
    state, _ = prepared  # G′'s change to the hair and upper forehead (male, young) was a pale band across them
    size = len(state.reconstruction)
    outside = regions.hull(regions.whole_face(state.landmarks), size) == 0
    for attribute in ("male", "young", "pale_skin"):
        region = state.region([regions.region_of(attribute)])
        assert region.max() > 0.9 and not region[outside].any()


def test_hair_edits_on_a_photo_change_only_its_own_hair(prepared):
    state, _ = prepared
    hair = np.zeros_like(state.hair)
    cv2.circle(hair, (len(hair) // 2, len(hair) // 2), len(hair) // 7, 1.0, -1)  # a disc over the crop's middle
    haired = replace(state, hair=hair)
    region, on_view = haired.region(["around_face"]), haired.hair_on_view(len(state.reconstruction))
    assert region.max() > 0.5 and not region[on_view == 0].any()  # no ears, forehead or background
    assert not replace(state, hair=np.zeros_like(hair)).region(["around_face", "hair"]).any()  # no hair: no change


def test_a_photo_whose_hair_is_not_found_says_which_sliders_change_nothing(prepared):
    state, _ = prepared
    capped = np.zeros_like(state.hair)
    capped[:len(capped) * 2 // 5] = 1  # hair over the head's top, down to a hairline over the forehead
    assert replace(state, hair=capped).notes() == []
    bald = replace(state, hair=np.zeros_like(state.hair))
    notes = bald.notes()
    assert len(notes) == 1 and "No hair was found" in notes[0]
    for name in ("long hair", "blond hair", "gray hair", "wavy hair"):  # the sliders that change only the hair
        assert name in notes[0]
    assert "smiling" not in notes[0] and "eyeglasses" not in notes[0]
    assert bald.notes({"blond_hair": 1.0, "smiling": 0.0}) == notes  # said when a hair slider is moved ...
    assert bald.notes({"smiling": 2.0, "blond_hair": 0.0}) == []  # ... not for the others
    framed = replace(bald, frame=object())  # prepared with the whole-frame models: long hair grows through them
    assert framed.notes({"long_hair": 2.0}) == [] and "long hair" not in framed.notes()[0]


def test_a_face_enlarged_below_black_still_composites_to_finite_pixels():
    photo, identity = np.full((64, 64, 3), 100, np.uint8), np.array([[1.0, 0, 0], [0, 1, 0]])
    dark, everywhere = np.full((64, 64, 3), -30, np.float32), np.ones((64, 64), np.float32)
    result = apply_change(photo, identity, dark, dark + 5, dark, everywhere, everywhere, everywhere)
    assert np.all(np.abs(result.astype(int) - 100) <= 1)


def test_a_hair_colour_recolours_the_hair_and_leaves_the_face_and_the_background(prepared):
    state, _ = prepared
    blond, dark = np.array([65.0, 8, 25]), np.array([20.0, 2, 3])
    steps = [Recolour(blond, 2.0, dark)]
    assert state.strands is not None  # blond +2 lightens the hair: strands are drawn into it, on the hair alone
    edited = recolour_hair(state.photo, state, steps)
    size = len(state.reconstruction)
    to_photo = cv2.invertAffineTransform(state.alignment.matrix * (size / 64))
    interior = cv2.transform(state.landmarks[17:][None], to_photo)[0]  # brows, eyes, nose, mouth
    inside = cv2.fillConvexPoly(np.zeros(state.photo.shape[:2], np.uint8), cv2.convexHull(interior.astype(np.int32)), 1)
    changed = (edited != state.photo).any(2)
    assert changed.sum() > 500 and not changed[inside > 0].any()
    changed[80:380, 40:340] = False  # the first person's square; around it the flat background and the other face
    assert not changed.any()
    bald = recolour_hair(state.photo, replace(state, hair=np.zeros_like(state.hair)), steps)
    assert np.array_equal(bald, state.photo)  # no hair found: nothing to recolour


def test_a_hair_colour_reaches_the_same_hair_after_another_edit_changed_its_colour(prepared):
    state, _ = prepared
    steps = [Recolour(np.array([65.0, 8, 25]), 2.0, np.array([20.0, 2, 3]))]
    reached = (recolour_hair(state.photo, state, steps) != state.photo).any(2)
    tinted = np.clip(state.photo.astype(int) + (40, -30, 60), 0, 255).astype(np.uint8)  # far off the hair's colour
    assert reached.any() and np.array_equal((recolour_hair(tinted, state, steps) != tinted).any(2), reached)


def test_a_previews_hair_colour_reads_its_own_pixels_once_and_recolours_them_as_a_copys(prepared):
    state, _ = prepared
    preview = state.preview(350)
    steps = [Recolour(np.array([65.0, 8, 25]), 2.0, np.array([20.0, 2, 3]))]
    read = preview.hair_reach.pixels.copy()
    recoloured = recolour_hair(preview.photo, preview, steps)
    assert (recoloured != preview.photo).any()
    assert np.array_equal(recoloured, recolour_hair(preview.photo.copy(), preview, steps))  # read once or each time
    assert np.array_equal(preview.hair_reach.pixels, read) and state.hair_reach.pixels is None  # never written over


def test_the_hairs_sheen_inside_its_core_is_recoloured_and_skin_beside_the_hair_is_not():
    photo = np.full((80, 120, 3), (205, 160, 135), np.uint8)  # skin
    photo[10:70, 10:70] = (40, 30, 25)  # dark hair, beside the skin to its right
    photo[30:40, 25:55] = (205, 160, 135)  # a highlight on it, the colour of the skin
    weights = np.zeros(photo.shape[:2], np.float32)
    weights[5:75, 5:75] = 1.0  # the hair map: its core over the hair
    weights[:, 75:90] = np.linspace(1, 0, 15)  # fading out over the skin beside it
    model = regions.colour_model(regions.to_lab(photo[12:28, 12:68].reshape(-1, 3)), np.array([12.0, 3, 4]))

    def reached(sheen: bool) -> np.ndarray:
        reach = recolour_reach(photo, (weights, (0, 0, 80, 120)), model, sheen=sheen)
        weight = np.zeros(photo.shape[:2], np.float32)
        weight[reach.marked] = reach.weight
        return weight
    assert reached(False)[32:38, 28:52].max() < 0.1  # left out by the colour gate alone
    assert reached(True)[32:38, 28:52].min() > 0.9  # the sheen, enclosed by the hair's core: hair
    assert reached(True)[:, 78:].max() < 0.1  # the skin beside the hair stays out


def test_a_slate_jacket_between_brown_locks_is_not_hair_though_the_broad_colour_model_fits_it():
    photo = np.full((80, 120, 3), 150, np.uint8)
    photo[10:70, 10:70] = (90, 60, 40)  # brown hair (a* 11, b* 18)
    photo[35:50, 25:45] = (30, 32, 45)  # a slate jacket seen between its locks (b* −9), inside the map's core
    hair = regions.to_lab(photo[12:30, 12:48].reshape(-1, 3))
    photo[55:62, 40:60] = (170, 178, 200)  # a cool highlight on the hair, light reflected off it (b* −11)
    spread = hair + np.random.default_rng(0).normal(0, (15, 6, 6), hair.shape)  # the hair's shades
    model = regions.colour_model(spread.astype(np.float32), hair.mean(0))
    weights = np.zeros(photo.shape[:2], np.float32)
    weights[5:75, 5:75] = 1.0

    def reached(sheen: bool) -> np.ndarray:
        reach = recolour_reach(photo, (weights, (0, 0, 80, 120)), model, sheen=sheen)
        weight = np.zeros(photo.shape[:2], np.float32)
        weight[reach.marked] = reach.weight
        return weight
    assert reached(False)[38:47, 28:42].min() > 0.5  # the colour gate alone takes it in: a grey-blue haze
    assert reached(True)[38:47, 28:42].max() < 0.05 and reached(True)[15:30, 15:65].min() > 0.99
    assert reached(True)[57:60, 43:57].min() > 0.9  # the sheen, lighter than the hair, stays hair
    black = regions.colour_model(spread.astype(np.float32), np.array([10.0, 1, 2]))  # no hue to hold it to
    assert np.all(hue_gate(photo, weights > 0, black, 1.0) == 1)


def test_warping_only_the_nonzero_part_of_layers_onto_a_photo_gives_the_same_pixels():
    layers = np.zeros((256, 256, 2), np.float32)
    layers[100:140, 60:90] = np.random.default_rng(0).uniform(0.1, 1, (40, 30, 2))
    matrix = np.array([[0.05, 0.01, -3.0], [-0.01, 0.05, 4.0]])  # a large photo, a slightly turned face
    whole, (top, left, bottom, right) = to_photo(layers, matrix, (2000, 1600))
    part, (top2, left2, bottom2, right2) = to_photo(layers, matrix, (2000, 1600), trim=True)
    assert top <= top2 and left <= left2 and bottom2 <= bottom and right2 <= right and part.size < whole.size / 20
    inside = whole[top2 - top:bottom2 - top, left2 - left:right2 - left]
    assert np.allclose(inside, part, atol=1 / 32)  # OpenCV's bilinear weights come in steps of 1/32
    assert np.abs(whole).sum() == pytest.approx(np.abs(inside).sum(), rel=1e-6)  # nothing beyond the part


def test_only_a_woman_the_classifier_sees_without_a_beard_is_known_to_be_clean_shaven():
    assert woman_without_beard({"male": 0.1, "no_beard": 0.9})
    assert not woman_without_beard({"male": 0.9, "no_beard": 0.9})  # men keep the skin test
    assert not woman_without_beard({"male": 0.1, "no_beard": 0.2})


def face_68(mouth_width: float = 40.0) -> np.ndarray:
    """68 landmarks [68,2] of a frontal face on a 128-px crop: jaw, brows, nose, eyes, and a closed mouth whose
    inner lips' middles (62 and 66) coincide."""
    points = np.zeros((68, 2))
    angles = np.linspace(np.pi * 0.95, np.pi * 0.05, 17)
    points[:17] = np.stack([64 - 44 * np.cos(angles), 60 + 50 * np.sin(angles)], 1)  # the jaw line
    points[17:27] = np.stack([np.r_[np.linspace(30, 56, 5), np.linspace(72, 98, 5)], np.full(10, 44)], 1)
    points[27:36] = np.stack([np.r_[np.full(4, 64), np.linspace(56, 72, 5)],
                              np.r_[np.linspace(50, 74, 4), np.full(5, 78)]], 1)
    points[36:48] = np.stack([np.r_[np.linspace(38, 54, 6), np.linspace(74, 90, 6)], np.full(12, 54)], 1)
    half = mouth_width / 2
    points[48:60] = np.stack([64 + half * np.cos(np.linspace(np.pi, -np.pi, 12, endpoint=False)),
                              92 + 5 * np.sin(np.linspace(np.pi, -np.pi, 12, endpoint=False))], 1)
    points[60:68] = np.stack([64 + (half - 4) * np.cos(np.linspace(np.pi, -np.pi, 8, endpoint=False)),
                              np.full(8, 92.0)], 1)
    points[62] = points[66] = (64, 92)
    return points


def test_a_smile_moves_both_mouth_corners_alike_as_far_as_they_may_and_nothing_pinned():
    points = face_68()
    after = points.copy()
    after[[48, 60]] += (-3.0, -4.0)  # G's left corner out and up ...
    after[[54, 64]] += (1.0, -2.0)  # ... its right one less: lopsided
    flow = smile_flow(points, after, points, 128)
    assert np.isfinite(flow).all()  # the closed lips' coinciding points keep the spline finite
    left, right = (flow[int(y), int(x)] for x, y in points[[48, 54]] + ((-2, -3), (2, -3)))
    assert np.allclose(left * (-1, 1), right, atol=0.3)  # mirrored: outward alike, up alike ...
    assert left[0] > 0.5 and right[0] < -0.5 and left[1] > 0.5  # ... each corner's pixel came from inside, below
    for pinned in (8, 30):  # the chin, the nose's tip stay
        x, y = points[pinned].astype(int)
        assert np.abs(flow[y, x]).max() < 0.6
    rise = -smile_moves(after - points, points)[1][0, 1]  # the corners' rise
    for middle in (51, 57):  # the lips' middles rise a little with them: the mouth lifts as a whole
        x, y = (points[middle] - (0, LIP_MIDDLE_RISE * rise)).round().astype(int)
        assert flow[y, x] == pytest.approx((0, LIP_MIDDLE_RISE * rise), abs=0.4)
    far = smile_flow(points, points + np.where(np.arange(68)[:, None] == 54, (30.0, -30.0), 0), points, 128)
    assert np.linalg.norm(far, axis=2).max() <= CORNER_REACH * 40 + 1e-3  # a wild move is cut to the reach


def test_a_smile_that_g_only_widens_lifts_the_corners_on_the_photo():
    points = face_68() * 2  # at the enlarged face's 256 px, an 80-px mouth, as on the portraits
    after = points.copy()
    after[[48, 60]] += (-6.0, 0.0)  # G's corners straight out, not up: a stretched mouth on a photo
    after[[54, 64]] += (6.0, 0.0)
    flow = smile_flow(points, after, points, 256)
    x, y = points[54] + (CORNER_WIDEN * 6, -CORNER_LIFT * 6)  # where the right corner goes
    came_from = flow[round(y), round(x)]
    assert came_from[1] > 8 and 0 > came_from[0] > -7  # up by more than G's widening, out by no more than it
    assert np.allclose(came_from, (-CORNER_WIDEN * 6, CORNER_LIFT * 6), atol=0.6)


def test_a_smile_s_part_reaches_the_jaw_so_its_warp_folds_no_skin_below_the_mouth_s_corners():
    points = (face_68() - (64, 60)) * 1.25 + (64, 66)  # the chin at the crop's bottom edge, as on aligned photos
    after = points.copy()
    after[[48, 60]] += (-4.0, -3.0)  # G's corners out and up
    after[[54, 64]] += (4.0, -3.0)
    region = regions.mask("mouth_cheeks_and_eyes", points, 128) * regions.within_face(points, 128)
    assert region[int(points[8, 1]) - 8, 64] > 0.9  # above the chin: beyond the head disc (``regions.head``)
    flow = smile_flow(points, after, points, 128) * region[..., None]
    assert folded_share(flow, regions.hull(regions.whole_face(points), 128) > 0) <= 0.02  # cut off there: 0.026


def test_a_smile_bends_the_lips_as_a_whole_and_keeps_their_thickness():
    points = face_68()
    after = points.copy()
    after[[48, 60, 54, 64]] += (-2.0, -4.0), (-2.0, -4.0), (2.0, -4.0), (2.0, -4.0)  # out and up
    _, moves = smile_moves(after - points, points)
    lips = dict(zip(LIPS, moves[4:4 + len(LIPS)]))  # after the four corners
    for upper, lower in ((50, 58), (52, 56), (62, 66)):  # the upper and the lower lip at one place move alike
        assert np.allclose(lips[upper], lips[lower])
    corner = moves[1]  # the right one
    assert lips[51][1] > lips[52][1] > lips[53][1] > corner[1] and lips[51][1] < 0  # rising more towards the corner
    assert lips[51][0] == 0 and 0 < lips[52][0] < lips[53][0] < corner[0]  # and spreading with it


def test_a_smile_raises_the_cheeks_with_the_corners_and_foreshortens_a_turned_faces_far_side():
    points = face_68()
    after = points.copy()
    after[[48, 60, 54, 64]] += (-2.0, -4.0), (-2.0, -4.0), (2.0, -4.0), (2.0, -4.0)  # out and up
    starts, moves = smile_moves(after - points, points)
    corners, cheeks = moves[[0, 1]], moves[-2:]
    assert np.allclose(cheeks[:, 1], CHEEK_RISE * corners[:, 1]) and (cheeks[:, 1] < 0).all()  # the cheeks rise
    flow = smile_flow(points, after, points, 128)
    x, y = (starts[-1] + cheeks[1]).round().astype(int)
    assert flow[y, x, 1] == pytest.approx(-cheeks[1, 1], abs=0.4)  # the cheek shows what lay below it
    turned = points.copy()
    turned[[54, 64], 0] -= 10  # the right half of the mouth 10 px wide, the left 20: 2/3 of their mean, 15
    _, moves = smile_moves(after - points, turned)
    left, right = np.linalg.norm(moves[[0, 1]], axis=1)
    assert right == pytest.approx(left * 2 / 3, rel=0.05)
    frontal_move = np.linalg.norm(smile_moves(after - points, points)[1][0])
    turned[27:36, 0] += 20  # the nose toward one side of the jaw: a turned face, a smaller smile
    assert frontal(points) == 1 and frontal(turned) < 0.7
    assert np.linalg.norm(smile_moves(after - points, turned)[1][0]) == pytest.approx(frontal(turned) * frontal_move)


def test_a_mouth_that_already_curves_up_rises_only_to_the_cap():
    points = face_68()  # closed lips, corners level with the middle: 40 px wide
    after = points.copy()
    after[[48, 60, 54, 64]] += (-4.0, -6.0), (-4.0, -6.0), (4.0, -6.0), (4.0, -6.0)
    level = -smile_moves(after - points, points)[1][0, 1]  # the corners' rise on a level mouth
    curved = points.copy()
    curved[[48, 60, 54, 64], 1] -= 0.15 * 40  # corners already 0.15 of the width above the middle
    rise = -smile_moves(after - points, curved)[1][0, 1]
    assert rise == pytest.approx((CURVE_CAP - 0.15) * 40 / (1 - LIP_MIDDLE_RISE)) and 0 < rise < level
    curved[[48, 60, 54, 64], 1] -= CURVE_CAP * 40  # past the cap: the corners stay
    assert np.abs(smile_moves(after - points, curved)[1][:2]).max() == 0


def open_eyes(points: np.ndarray) -> np.ndarray:
    """``face_68``'s points with each eye 16 px wide and 8 px open (upper lids at y 50, lower at 58)."""
    points = points.copy()
    for start, left in ((36, 38.0), (42, 74.0)):  # corners, upper lid, corner, lower lid (dlib's order)
        points[start:start + 6] = [(left, 54), (left + 5, 50), (left + 11, 50), (left + 16, 54), (left + 11, 58),
                                   (left + 5, 58)]
    return points


def test_a_smile_raises_the_lower_eyelids_a_little_and_keeps_the_upper_ones():
    points = open_eyes(face_68())
    for rise, lift in ((2.0, LID_LIFT * 2), (40.0, LID_CAP * 8)):  # the corners' rise; the cap's share of 8 px
        after = points.copy()
        after[[48, 60, 54, 64], 1] -= rise  # G's corners up
        flow = smile_flow(points, after, points, 128)
        for lid in (40, 41, 46, 47):  # the pixel below the risen lid's line shows what lay that much lower
            x, y = int(points[lid, 0]), int(np.floor(points[lid, 1] - lift + 0.5)) + 1
            assert flow[y, x, 1] == pytest.approx(lift, abs=0.4)
        for lid in (37, 38, 43, 44):
            x, y = points[lid].astype(int)
            assert np.abs(flow[y, x]).max() < 0.3
    after = face_68()
    after[[48, 60, 54, 64], 1] -= 4.0
    closed = smile_flow(face_68(), after, face_68(), 128)
    assert np.abs(closed[54, 38:90]).max() < 0.3  # closed (flat) eyes stay closed


def test_a_rising_lower_lid_covers_the_iris_rather_than_squashing_it():
    points = open_eyes(face_68())  # lids at y 50 (upper) and 58 (lower), eyes 16 px wide
    after = points.copy()
    after[[48, 60, 54, 64], 1] -= 40.0  # a rise that takes the lids to the cap
    flow = smile_flow(points, after, points, 128)
    lift = LID_CAP * 8
    for eye in (slice(36, 42), slice(42, 48)):
        x = int(round(points[eye, 0].mean()))
        assert np.abs(flow[51:int(58 - lift), x]).max() < 0.05  # the iris above the risen lid stays as it was
        assert flow[int(np.floor(58 - lift + 0.5)) + 1, x, 1] > 0.8 * lift  # below it, the lid that lay lift px lower


def test_strokes_on_the_pad_split_into_the_hairs_colour_the_faces_paint_and_lines(prepared):
    state, _ = prepared
    size = 192
    hair = state.hair_on_view(size, PAD_VIEW) > 0.5
    paintable = state.stroke_hair(size, PAD_VIEW) > 0.5
    hairline = paintable & ~hair  # off the hair map, off the face, beside the hair: bare forehead, gaps
    assert hair.any() and hairline.any() and not (hair & ~paintable).any()
    margin = round(size * (1 - 1 / PAD_VIEW) / 2)
    assert not paintable[size // 2, size // 2 - size // 8:size // 2 + size // 8].any()  # never on the face

    def split(*boxes):
        return split_strokes(state, Image.fromarray(strokes_in(size, *boxes)))

    row, column = np.argwhere(hairline)[len(np.argwhere(hairline)) // 2]
    asked = split((slice(row, row + 1), slice(column, column + 1)))
    assert asked.hair is not None and not asked.paint and asked.lines is None  # along the hairline: the hair
    on_face = (slice(size // 2 - 2, size // 2 + 2), slice(size // 2 - 10, size // 2 + 10))
    asked = split(on_face)
    assert asked.hair is None and len(asked.paint) == 1 and asked.lines is None  # on the face: painted
    lines = split_strokes(state, Image.fromarray(strokes_in(size, on_face)), colour=False).lines
    assert lines.size == (size - 2 * margin,) * 2  # sketched lines: cut to the face, for the latent sketch
    assert np.asarray(lines)[..., 3].any() and not np.asarray(lines)[:20, :20, 3].any()
    assert not split((slice(0, 3), slice(0, 3)))  # the background's corner: nothing to do


def strokes_in(size: int, *boxes, colour=(230, 200, 110, 255)) -> np.ndarray:
    """uint8 RGBA [size,size,4] strokes: ``colour`` in each (rows, columns) box, transparent elsewhere."""
    strokes = np.zeros((size, size, 4), np.uint8)
    for rows, columns in boxes:
        strokes[rows, columns] = colour
    return strokes


def test_a_shape_edit_moves_the_photos_own_pixels_inside_its_part_only():
    photo = np.zeros((128, 128, 3), np.uint8)
    photo[:, ::8] = 255  # vertical stripes: a sideways move shows
    identity = np.array([[0.5, 0, 0], [0, 0.5, 0]])  # the 128-px photo is the 64-px face, twice as large
    flow = np.zeros((256, 256, 2), np.float32)
    flow[..., 0] = 4.0  # every pixel from 4 face pixels to its right (at 256: 2 photo pixels)
    region = np.zeros((256, 256), np.float32)
    region[64:192, 64:192] = 1
    moved = warp_by_flow(photo, identity, flow, region)
    assert not np.array_equal(moved[60:68, 56:72], photo[60:68, 56:72])  # inside the part, pixels moved
    assert np.array_equal(moved[60:68, 56:70], photo[60:68, 58:72])  # by the flow
    outside = np.ones((128, 128), bool)
    outside[28:100, 28:100] = False
    assert np.array_equal(moved[outside], photo[outside])  # outside it: bit-identical


def test_the_removing_side_of_a_slider_is_idle_where_the_classifier_finds_nothing_to_remove():
    judged = {name: 0.1 for name in REMOVING} | {"bangs": 0.9, "no_beard": 0.9}  # bangs, and no beard
    lacking = lacks(judged)
    assert "bangs" not in lacking and {"no_beard", "mustache", "wearing_hat"} <= lacking
    strengths = {"bangs": -2.0, "no_beard": 2.0, "mustache": -1.0, "wearing_hat": 1.0, "smiling": -1.0}
    assert with_nothing_removed(strengths, lacking) == {"bangs": -2.0, "no_beard": 0.0, "mustache": 0.0,
                                                        "wearing_hat": 1.0, "smiling": -1.0}
    worn, having = lacks(judged | {"eyeglasses": 0.9}), frozenset({"eyeglasses"})  # nothing to add, something to take
    assert with_nothing_removed({"eyeglasses": 2.0}, worn, having) == {"eyeglasses": 0.0}
    assert with_nothing_removed({"eyeglasses": -2.0}, worn, having) == {"eyeglasses": -2.0}
