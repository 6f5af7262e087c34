"""Shapes, value ranges and errors of the networks, on tiny randomly initialised models."""
import pytest
import torch

from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
from ganedit.models.gan import Discriminator, DiscriminatorConfig, Generator, GeneratorConfig


def test_generator_maps_latents_to_images_in_range():
    g = Generator(GeneratorConfig(width=8)).eval()
    images = g(torch.randn(3, 128) * 5)
    assert images.shape == (3, 3, 64, 64)
    assert images.min() >= -1 and images.max() <= 1


def test_generator_names_the_expected_latent_shape():
    with pytest.raises(ValueError, match=r"\[N,128\]"):
        Generator(GeneratorConfig(width=8))(torch.randn(3, 64))


def test_discriminator_scores_each_image():
    assert Discriminator(DiscriminatorConfig(width=8))(torch.rand(5, 3, 64, 64) * 2 - 1).shape == (5,)


def test_classifier_gives_one_probability_per_named_attribute():
    model = AttributeClassifier(ClassifierConfig(names=["male", "long_hair"], width=8)).eval()
    x = torch.rand(4, 3, 64, 64) * 2 - 1
    probabilities = model.probabilities(x)
    assert set(probabilities) == {"male", "long_hair"}
    assert all(p.shape == (4,) and ((p >= 0) & (p <= 1)).all() for p in probabilities.values())
    assert model.features(x).shape == (4, 64)


def test_an_encoder_from_a_frame_discriminator_takes_frames_and_refuses_faces():
    from ganedit.models.encoder import Encoder

    D = Discriminator(DiscriminatorConfig(width=4, image_size=(96, 80)))
    E = Encoder.from_discriminator(D, z_dim=16)
    assert E(torch.zeros(2, 3, 96, 80)).shape == (2, 16)
    assert all(torch.equal(a, b) for a, b in zip(E.trunk.parameters(), D.trunk.parameters()))
    with pytest.raises(ValueError, match=r"\[N,3,96,80\]"):
        E(torch.zeros(2, 3, 64, 64))


def test_the_face_box_of_a_frame_generator_is_a_64_pixel_face_generator():
    from ganedit.data import face_of_frames
    from ganedit.models.gan import FaceBox

    frames = Generator(GeneratorConfig(width=4, image_size=(96, 80))).eval()
    z = torch.randn(2, 128)
    face = FaceBox(frames)
    assert face(z).shape == (2, 3, 64, 64) and face.config.image_size == (64, 64)
    assert torch.equal(face(z), face_of_frames(frames(z)))
