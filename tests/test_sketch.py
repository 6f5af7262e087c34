"""Sketch-constrained edits on tiny models: strokes at G's size, and each term's pull."""
import pytest
import torch
from PIL import Image, ImageDraw

from ganedit.edits.sketch import color_term, edge_term, sketch_edit, strokes_at
from tiny import tiny_face_models


@pytest.fixture(scope="module")
def models():
    return tiny_face_models()


def painted(box, color=(255, 0, 0, 255), size=256, width=None) -> Image.Image:
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if width:
        draw.line(box, fill=color, width=width)
    else:
        draw.rectangle(box, fill=color)
    return layer


def test_strokes_are_brought_down_area_weighted():
    strokes = strokes_at(painted((0, 0, 1, 3)))  # 2×4 painted pixels in the first 4×4 cell of a 256 canvas
    assert strokes.coverage.shape == (1, 1, 64, 64)
    assert strokes.coverage[0, 0, 0, 0] == pytest.approx(0.5)
    assert torch.allclose(strokes.color[0, :, 0, 0], torch.tensor([1.0, -1.0, -1.0]))
    assert strokes.coverage[0, 0, 1:, 1:].sum() == 0


def test_colour_strokes_are_followed(models):
    z0 = torch.randn(1, 128, generator=torch.Generator().manual_seed(1))
    strokes = painted((64, 64, 191, 191), color=(240, 200, 40, 255))
    error = color_term(strokes_at(strokes))
    result = sketch_edit(models, z0, strokes, steps=30, candidates=2)
    assert result.z.shape == (2, 128)
    with torch.no_grad():
        assert error(models.G(result.z[:1])) < error(models.G(z0))


def test_sketched_lines_gain_edges(models):
    z0 = torch.randn(1, 128, generator=torch.Generator().manual_seed(2))
    strokes = painted((128, 20, 128, 236), color=(0, 0, 0, 255), width=6)
    term = edge_term(strokes_at(strokes))
    result = sketch_edit(models, z0, strokes, mode="edge", steps=30, candidates=2, lambda_realism=0.0)
    with torch.no_grad():
        assert term(models.G(result.z[:1])) < term(models.G(z0))


def test_larger_prior_weight_stays_closer_to_the_original(models):
    z0 = torch.randn(1, 128, generator=torch.Generator().manual_seed(3))
    strokes = painted((30, 30, 220, 220), color=(20, 200, 20, 255))
    distance = [(sketch_edit(models, z0, strokes, steps=25, candidates=1, lambda_prior=w).z - z0).norm()
                for w in (0.01, 5.0)]
    assert distance[1] < distance[0]


def test_empty_strokes_and_unknown_options_are_refused(models):
    with pytest.raises(ValueError, match="no strokes"):
        sketch_edit(models, torch.zeros(1, 128), Image.new("RGBA", (100, 100)))
    with pytest.raises(TypeError, match="unknown sketch options"):
        sketch_edit(models, torch.zeros(1, 128), painted((0, 0, 9, 9)), strength=2)
    with pytest.raises(ValueError, match="mode"):
        sketch_edit(models, torch.zeros(1, 128), painted((0, 0, 9, 9)), mode="paint")
