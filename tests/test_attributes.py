"""Attribute vectors and edits as pure functions on synthetic latents."""
import pytest
import torch

from ganedit.edits.attributes import (conditioned, discriminant, edit_latent, mean_difference, project_out,
                                      vectors_from_labels, with_extra, within_groups)


@pytest.fixture
def vectors():
    torch.manual_seed(0)
    latents = torch.randn(400, 128)
    labels = (torch.rand(400, 2) > 0.5).float()
    latents[:, 0] += 2 * labels[:, 0]  # attribute "a" lives on axis 0
    latents[:, 1] += 2 * labels[:, 1] + labels[:, 0]  # "b" on axis 1, correlated with "a"
    labels[:10, 1] = -1  # blank labels are ignored
    return vectors_from_labels(latents, labels, ["a", "b"])


def test_vectors_recover_the_planted_directions(vectors):
    assert vectors["a"][0] == pytest.approx(2, abs=0.4) and vectors["b"][1] == pytest.approx(2, abs=0.4)
    assert vectors["a"][2:].abs().max() < 0.6


def test_strength_one_moves_by_the_whole_vector(vectors):
    z = torch.randn(1, 128)
    assert torch.allclose(edit_latent(z, vectors, {"a": 1.0}), z + vectors["a"])
    assert torch.allclose(edit_latent(z, vectors, {"a": -2.0, "b": 0.5}), z - 2 * vectors["a"] + 0.5 * vectors["b"])


def test_keep_leaves_the_kept_attribute_unmoved(vectors):
    z = torch.randn(1, 128)
    moved = edit_latent(z, vectors, {"a": 2.0}, keep=("b",)) - z
    assert moved.norm() > 1
    assert torch.dot(moved[0], vectors["b"]).abs() < 1e-4
    assert torch.allclose(project_out(vectors["a"], vectors.vectors[:0]), vectors["a"])


def test_a_conditioned_vector_no_longer_moves_the_others_and_keeps_its_length(vectors):
    a, b = vectors["a"].clone(), vectors["b"].clone()
    assert torch.dot(b, a) > 0.5 * a.norm()  # "b" drags "a" along (the data correlate them) ...
    conditioned(vectors, {"b": ("a",)})
    assert torch.dot(vectors["b"], a).abs() < 1e-4  # ... no longer
    assert vectors["b"].norm() == pytest.approx(b.norm().item()) and torch.equal(vectors["a"], a)
    with pytest.raises(KeyError, match="unknown attribute"):
        conditioned(vectors, {"b": ("c",)})


def test_extra_vectors_and_errors(vectors):
    extended = with_extra(vectors, {"mine": torch.ones(128)})
    assert extended.config.names == ["a", "b", "mine"] and torch.equal(extended["mine"], torch.ones(128))
    with pytest.raises(KeyError, match="unknown attribute"):
        edit_latent(torch.zeros(1, 128), vectors, {"c": 1.0})
    with pytest.raises(ValueError, match=r"\[N,128\]"):
        edit_latent(torch.zeros(128), vectors, {"a": 1.0})
    with pytest.raises(ValueError, match="at least 5"):
        mean_difference(torch.zeros(4, 128), torch.zeros(9, 128), minimum=5)


def test_the_discriminant_discounts_what_varies_among_faces_anyway():
    torch.manual_seed(0)
    labels, groups = (torch.rand(2000) > 0.5).float(), (torch.rand(2000) > 0.5).float()
    latents = torch.randn(2000, 8) * torch.tensor([0.3, 3.0, 1, 1, 1, 1, 1, 1])
    latents[:, :2] += labels[:, None]  # the attribute moves a quiet axis (0) and a loud one (1) alike
    difference = within_groups(latents, labels, groups)
    direction = discriminant(latents, labels, groups, shrinkage=0.1)

    def separation(v: torch.Tensor) -> float:  # the two sides' distance apart along v, in its spread
        on = latents @ v
        return float((on[labels == 1].mean() - on[labels == 0].mean()) / on.std())
    assert difference[0] == pytest.approx(difference[1], abs=0.4)  # the mean difference leans half on the loud axis
    assert direction[0].abs() > 5 * direction[1].abs()  # the discriminant hardly
    assert separation(direction) > 1.5 * separation(difference)
    shrunk = discriminant(latents, labels, groups, shrinkage=1.0)  # all shrinkage: the mean difference's direction
    assert torch.allclose(shrunk / shrunk.norm(), difference / difference.norm(), atol=1e-5)
    with pytest.raises(ValueError, match="at least 20"):
        discriminant(latents[:30], labels[:30], groups[:30], shrinkage=0.5)
