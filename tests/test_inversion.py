"""The three inversion methods and the encoder's start from D, on tiny models."""
import pytest
import torch

from ganedit.edits.inversion import invert, pixel_distance
from tiny import tiny_face_models


@pytest.fixture(scope="module")
def models():
    return tiny_face_models()


@pytest.fixture(scope="module")
def target(models):
    return models.G(torch.randn(1, 128, generator=torch.Generator().manual_seed(9)))


def test_encoder_trunk_starts_equal_to_the_discriminators(models):
    d_state, e_state = models.D.trunk.state_dict(), models.E.trunk.state_dict()
    assert d_state.keys() == e_state.keys()
    assert all(torch.equal(d_state[k], e_state[k]) for k in d_state)


def test_encoder_method_is_the_encoder_alone(models, target):
    assert torch.equal(invert(models, target, "encoder"), models.E(target))


@pytest.mark.parametrize("loss", ["pixel", "feature"])
def test_hybrid_improves_on_the_encoder(models, target, loss):
    error = pixel_distance(target)
    encoded = invert(models, target, "encoder")
    hybrid = invert(models, target, "hybrid", loss=loss, steps=20)
    assert hybrid.shape == (1, 128)
    assert error(models.G(hybrid)) < error(models.G(encoded))


def test_optimize_is_deterministic_by_seed(models, target):
    first = invert(models, target, "optimize", steps=5, starts=2, seed=1)
    assert torch.equal(first, invert(models, target, "optimize", steps=5, starts=2, seed=1))


def test_bad_arguments_are_named(models, target):
    with pytest.raises(ValueError, match="method"):
        invert(models, target, "magic")
    with pytest.raises(ValueError, match="loss"):
        invert(models, target, loss="vgg")
    with pytest.raises(ValueError, match=r"\[1,3,64,64\]"):
        invert(models, target[0])


def test_whole_frames_are_inverted_and_tuned_like_faces():
    from ganedit.edits.tuning import TuningSettings, tune_generator

    frames = tiny_face_models(size=(96, 80))
    target = frames.G(torch.randn(1, 128, generator=torch.Generator().manual_seed(9)))
    z = invert(frames, target, "hybrid", steps=20, starts=1)
    assert z.shape == (1, 128)
    assert pixel_distance(target)(frames.G(z)) < pixel_distance(target)(frames.G(frames.E(target)))
    tuned = tune_generator(frames.G, frames.D, target, z, settings=TuningSettings(steps=5))
    assert tuned(z).shape == (1, 3, 96, 80)
    with pytest.raises(ValueError, match=r"\[1,3,96,80\]"):
        invert(frames, torch.zeros(1, 3, 64, 64))
    with pytest.raises(ValueError, match=r"\[1,3,96,80\]"):
        tune_generator(frames.G, frames.D, torch.zeros(1, 3, 64, 64), z)


def test_a_frame_is_drawn_about_a_face_fitting_its_face_box_alone():
    from ganedit.edits.inversion import face_box_distance, frame_about

    frames = tiny_face_models(size=(96, 80))
    face = tiny_face_models().G(torch.randn(1, 128, generator=torch.Generator().manual_seed(3)))
    z = frame_about(frames, face, steps=20)
    assert z.shape == (1, 128)
    padded = torch.nn.functional.pad(face, (8, 8, 16, 16), mode="replicate")  # the encoder's start
    error = face_box_distance(face)
    assert error(frames.G(z)) < error(frames.G(frames.E(padded)))
    frame = frames.G(z).detach()
    elsewhere = frame.clone()
    elsewhere[..., :15, :] = 1.0  # the hair above the face box: left to G
    assert torch.equal(error(elsewhere), error(frame))
