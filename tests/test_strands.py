"""Strand texture drawn into hair that a recolouring lightens (ganedit.edits.strands, hair.recolour)."""
import cv2
import numpy as np

from ganedit.edits import hair
from ganedit.edits.regions import to_lab
from ganedit.edits.strands import CURLS, Strands, hair_coherence, line_integral, orientation

ALL = np.ones((64, 64), bool)  # every pixel is hair

BLOND, BLACK = np.array([65.0, 8, 25]), np.array([12.0, 1, 1])


def _lag_correlation(texture: np.ndarray, axis: int, lag: int = 4) -> float:
    """The texture's correlation with itself shifted ``lag`` pixels along ``axis``."""
    ahead = np.roll(texture, lag, axis)[lag:-lag, lag:-lag].ravel()
    return float(np.corrcoef(texture[lag:-lag, lag:-lag].ravel(), ahead)[0, 1])


def test_streaks_run_along_the_field():
    across = np.ones((64, 64), np.float32), np.zeros((64, 64), np.float32)  # the field runs along rows
    texture = line_integral(*across, steps=8, grain=0.5)
    assert abs(texture.mean()) < 1e-4 and abs(texture.std() - 1) < 1e-3
    assert _lag_correlation(texture, axis=1) > 0.5 > 0.2 > _lag_correlation(texture, axis=0)


def test_streaks_drawn_at_some_pixels_only_are_the_same_streaks_there():
    rng = np.random.default_rng(0)
    angle = cv2.GaussianBlur(rng.standard_normal((48, 64)).astype(np.float32), (0, 0), 6) * 10
    field, where = (np.cos(angle), np.sin(angle)), np.zeros((48, 64), bool)
    where[10:30, 5:50] = True
    everywhere, some = line_integral(*field, steps=6, grain=0.5), line_integral(*field, steps=6, grain=0.5, where=where)
    assert (some[~where] == 0).all() and abs(some[where].mean()) < 1e-4 and abs(some[where].std() - 1) < 1e-3
    assert np.corrcoef(everywhere[where], some[where])[0, 1] > 0.9999  # the same, but for its mean and spread


def test_the_orientation_runs_along_stripes_and_falls_downwards_where_the_photo_is_flat():
    stripes = np.tile(np.sin(np.arange(64) * 0.8)[None, :] * 20 + 30, (64, 1)).astype(np.float32)  # vertical
    diagonal = np.add.outer(np.arange(64), np.arange(64)) % 6 * 8.0  # stripes from lower left to upper right
    for lightness in (stripes, np.full((64, 64), 5, np.float32)):
        x, y, coherence = orientation(lightness, sigma=2.0)
        assert np.abs(y[8:-8, 8:-8]).min() > 0.95 and coherence[8:-8, 8:-8].min() > 0.9  # runs down, not across
    x, y, _ = orientation(diagonal.astype(np.float32), sigma=2.0)
    inner = np.abs(x[8:-8, 8:-8])  # along the diagonal, tilted a little downwards by the prior
    assert 0.5 < inner.min() and inner.max() < np.sqrt(0.5) and (x * y < 0)[8:-8, 8:-8].all()


def test_strands_of_a_photo_are_repeatable_and_follow_it_when_shrunk_or_cut():
    photo = np.random.default_rng(1).integers(0, 60, (120, 100, 3), dtype=np.uint8)
    hair = np.ones((80, 60), np.float32)
    strands = Strands.of(photo, (10, 20, 90, 80), face_width=60, hair=hair)
    again = Strands.of(photo, (10, 20, 90, 80), face_width=60, hair=hair)
    assert strands.texture.shape == (80, 60) and np.array_equal(strands.texture, again.texture)
    small = strands.scaled(0.5)
    assert small.box == (5, 10, 45, 40) and small.texture.shape == (40, 30)
    cut = strands.cut((0, 0, 50, 50))
    assert cut.shape == (50, 50) and not cut[:10].any() and not cut[:, :20].any()
    assert np.array_equal(cut[10:, 20:], strands.texture[:40, :30])
    enlarged = Strands.of(photo, (0, 0, 120, 100), face_width=1000, hair=np.ones((120, 100), np.float32))
    assert enlarged.texture.shape == (120, 100)  # drawn small, enlarged


def test_coily_hair_gets_grain_and_straight_hair_streaks_down():
    rng = np.random.default_rng(2)
    coils = cv2.resize(rng.integers(0, 80, (32, 32, 3), dtype=np.uint8), (64, 64), interpolation=cv2.INTER_CUBIC)
    straight = np.repeat(coils[:1], 64, 0)  # the same colours, each column one way down
    for photo, streaks in ((coils, False), (straight, True)):
        texture = Strands.of(photo, (0, 0, 64, 64), face_width=160, hair=ALL).texture[8:-8, 8:-8]
        down, across = _lag_correlation(texture, axis=0), _lag_correlation(texture, axis=1)
        assert texture.std() > 0.5  # lightened hair shows texture either way
        assert (down > 0.5 > 0.2 > across) if streaks else (abs(down - across) < 0.15)


def test_hair_coherence_reads_the_hair_not_its_outline():
    """A cap of hair against a light background: crushed black (a little noise) reads as running one way (the
    prior), coils as curling every way, whatever the cap's round outline, the strongest edge nearby."""
    rows, columns = np.mgrid[0:64, 0:64]
    cap = np.hypot(rows - 64, columns - 32) < 40
    rng = np.random.default_rng(3)
    coils = cv2.resize(rng.uniform(0, 30, (32, 32)), (64, 64), interpolation=cv2.INTER_CUBIC)
    for hair, curls in ((rng.uniform(2, 5, (64, 64)), False), (coils, True)):
        lightness = np.where(cap, hair, 90.0).astype(np.float32)
        coherence = hair_coherence(lightness, cap, 4.0)
        assert coherence < CURLS[0] if curls else coherence > CURLS[1]
    assert hair_coherence(np.full((64, 64), 5, np.float32), np.zeros((64, 64), bool), 4.0) == 1.0  # no hair


def test_lightened_hair_gets_strands_and_darkened_or_unchanged_hair_does_not():
    flat = hair.to_rgb(np.tile(BLACK, (32, 32, 1)))  # crushed black hair: no strands of its own
    weight = np.ones((32, 32), np.float32)
    strands = line_integral(np.zeros((32, 32), np.float32), np.ones((32, 32), np.float32), steps=4, grain=0.5)
    plain = hair.recolour(flat, weight, hair.Recolour(BLOND, 1.0, BLACK))
    drawn = hair.recolour(flat, weight, hair.Recolour(BLOND, 1.0, BLACK), strands=strands)
    spread = to_lab(drawn)[..., 0].std()
    assert to_lab(plain)[..., 0].std() < 0.5 and abs(spread - hair.STRAND_GAIN * (BLOND[0] - BLACK[0])) < 1.5
    assert abs(to_lab(drawn)[..., 0].mean() - to_lab(plain)[..., 0].mean()) < 1  # the mean colour is the same
    darker = hair.recolour(hair.to_rgb(np.tile(BLOND, (32, 32, 1))), weight, hair.Recolour(BLACK, 1.0, BLOND),
                           strands=strands)
    assert to_lab(darker)[..., 0].std() < 0.5
