"""The shared latent optimiser: each term of U(G(z)) + λ1‖z − z0‖² − λ2·D(G(z)) pulls its way."""
import pytest
import torch

from ganedit.edits.inversion import pixel_distance
from ganedit.edits.latent import LatentObjective, LatentRun, optimize_latent
from tiny import tiny_face_models


@pytest.fixture(scope="module")
def setup():
    models = tiny_face_models()
    target = models.G(torch.randn(1, 128, generator=torch.Generator().manual_seed(3)))
    starts = torch.randn(3, 128, generator=torch.Generator().manual_seed(4))
    return models, target, starts


def run(setup, steps=30, **options):
    models, target, starts = setup
    objective = LatentObjective(models.G, pixel_distance(target), D=models.D, **options)
    return optimize_latent(objective, starts, steps=steps), starts


def test_constraint_alone_falls_for_every_candidate(setup):
    result, starts = run(setup)
    assert set(result.history) == {"constraint"} and result.history["constraint"].shape == (30, 3)
    assert (result.history["constraint"][-1] < result.history["constraint"][0]).all()
    assert result.z.shape == starts.shape and (result.total[:-1] <= result.total[1:]).all()


def test_history_names_every_weighted_term(setup):
    result, _ = run(setup, steps=2, lambda_prior=0.1, lambda_realism=0.01)
    assert set(result.history) == {"constraint", "prior", "realism"}


def test_larger_prior_weight_stays_closer_to_the_anchor(setup):
    anchor = setup[2][:1]
    distances = [(run(setup, anchor=anchor, lambda_prior=weight)[0].z - anchor).norm(dim=1).mean()
                 for weight in (0.0, 1.0)]
    loose, tight = distances
    assert tight < loose


def test_realism_weight_raises_the_discriminator_score(setup):
    models = setup[0]
    scores = []
    for weight in (0.0, 5.0):
        result, _ = run(setup, lambda_realism=weight)
        scores.append(models.D(models.G(result.z)).mean())
    assert scores[1] > scores[0]


def test_run_yields_every_step_and_checks_shapes(setup):
    models, target, starts = setup
    objective = LatentObjective(models.G, pixel_distance(target))
    run = LatentRun(objective, starts, steps=4)
    assert [s.step for s in run] == [0, 1, 2, 3]
    assert run.result().history["constraint"].shape == (4, 3)
    shares = []
    optimize_latent(objective, starts, steps=4, progress=shares.append)
    assert shares == [0.25, 0.5, 0.75, 1.0]  # the share of the steps done, after each
    with pytest.raises(ValueError, match=r"\[N,D\]"):
        LatentRun(objective, starts[0], steps=1)
    with pytest.raises(ValueError, match="discriminator"):
        LatentObjective(models.G, pixel_distance(target), lambda_realism=1.0)
