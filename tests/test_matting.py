"""The recolouring's edge at the photo's resolution: the hair's mixed pixels are unmixed, not left dark."""
import cv2
import numpy as np

from ganedit.bench.look import off_mixtures
from ganedit.edits import matting
from ganedit.edits.hair import Recolour
from ganedit.edits.photo import recolour_reach, recolour_within
from ganedit.edits.regions import to_lab

SKIN, DARK_HAIR = np.array([220.0, 180, 160]), np.array([40.0, 30, 25])
BLOND = Recolour(np.array([70.0, 6, 24], np.float32))
EDGE, MAP_END = 40, 34  # the hair ends at row EDGE (mixed over 8 rows below), its coarse map at MAP_END
BAND = 8.0


def _hairline(hair: np.ndarray = DARK_HAIR, shade: np.ndarray = SKIN, beyond: np.ndarray = SKIN
              ) -> tuple[np.ndarray, np.ndarray]:
    """A 120×120 photo: hair (strands of two shades) above row EDGE, mixed into the forehead's skin (or what lies
    ``beyond``) over the next 8 rows (there into ``shade``: the skin in the hair's shadow), and a hair map that, like
    one found on a coarse view, fades out 6 rows before the hair does."""
    rows = np.arange(120, dtype=np.float32)[:, None, None]
    strands = np.where(np.arange(120)[None, :, None] % 4 < 2, hair, hair * 0.8 + 20)
    share = np.clip((EDGE + 8 - rows) / 8, 0, 1)  # 1 in the hair, 0 on the skin
    beside = np.where(rows < EDGE + 8, shade, beyond)
    photo = (share * strands + (1 - share) * beside).round().astype(np.uint8)
    weights = np.clip((EDGE - rows[..., 0]) / (EDGE - MAP_END), 0, 1) * np.ones((1, 120), np.float32)
    return photo, weights


def _rows_lightness(band: float, hair: np.ndarray = DARK_HAIR) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean L* per row of the hairline photo and of it recoloured blond with the edge unmixed over ``band``."""
    photo, weights = _hairline(hair)
    reach = recolour_reach(photo, (weights, (0, 0, 120, 120)), None, band)
    edited = recolour_within(photo, reach, (BLOND,))
    return to_lab(photo.astype(np.float32))[..., 0].mean(1), to_lab(edited.astype(np.float32))[..., 0].mean(1), edited


def test_without_unmixing_the_hairs_last_pixels_stay_a_dark_rim_and_with_it_they_blend_into_the_skin():
    _, plain, _ = _rows_lightness(0.0)
    before, unmixed, edited = _rows_lightness(BAND)
    photo, _ = _hairline()
    hair, skin = unmixed[EDGE - 15], unmixed[EDGE + 20]
    assert hair > before[EDGE - 15] + 25  # the hair is blond
    assert plain[EDGE:EDGE + 6].min() < min(plain[EDGE - 15], skin) - 15  # the map's short edge: a dark rim
    assert unmixed[EDGE - 8:EDGE + 10].min() > min(hair, skin) - 6  # no rim: the edge goes from blond to skin
    assert np.array_equal(edited[EDGE + 10:], photo[EDGE + 10:])  # the skin beyond the band is the photo's own


def test_hair_the_colour_of_the_skin_keeps_the_maps_own_edge():
    close = SKIN - (18, 14, 12)  # fair hair on a light forehead: mixing cannot be told from shading
    _, plain, _ = _rows_lightness(0.0, close)
    _, unmixed, _ = _rows_lightness(BAND, close)
    assert np.allclose(plain, unmixed)


def test_a_pixel_is_as_much_hair_as_it_lies_between_the_skin_and_the_hair():
    photo, weights = _hairline()
    mix = matting.edge_mix(photo, weights, BAND)
    alpha = mix.alpha[:, 60]
    assert np.all(np.diff(alpha[EDGE:EDGE + 8]) <= 1e-6)  # less hair towards the skin
    assert alpha[EDGE + 1] > 0.5 and alpha[EDGE + 12] == 0  # the mixed rows are hair, the skin is not
    assert not matting.edge_mix(photo, np.zeros_like(weights), BAND).share.any()  # nothing recoloured: no edge


def test_a_half_hair_pixel_takes_half_the_edit_and_the_skins_shading_none():
    photo, weights = _hairline()  # row EDGE + k is (8 − k)/8 hair
    alpha = matting.edge_mix(photo, weights, BAND).alpha[:, 60]
    assert abs(alpha[EDGE + 4] - 0.5) < 0.05 and abs(alpha[EDGE + 5] - 0.375) < 0.05  # not pulled down to 0.4, 0.24
    assert alpha[EDGE + 7] == 0  # an eighth of the way: the skin's shading, not hair


def test_the_shade_under_the_hairline_turns_no_more_colourful_than_it_was_the_new_hair_or_the_skin():
    photo, weights = _hairline(shade=np.array([185.0, 120, 85]))  # warmer and darker than the skin beyond
    edited = recolour_within(photo, recolour_reach(photo, (weights, (0, 0, 120, 120)), None, BAND), (BLOND,))
    before, after = (np.hypot(*to_lab(image.astype(np.float32))[..., 1:].transpose(2, 0, 1)).mean(1)
                     for image in (photo, edited))
    most = np.maximum(before[EDGE:EDGE + 8], max(after[EDGE - 15], after[EDGE + 20]))
    assert np.all(after[EDGE:EDGE + 8] <= most + 2)  # no peach band between blond hair and the forehead


def test_blond_meets_a_blue_background_in_their_mixture_not_in_lilac():
    blue = np.array([5.0, 53, 137])
    photo, weights = _hairline(shade=blue, beyond=blue)
    edited = recolour_within(photo, recolour_reach(photo, (weights, (0, 0, 120, 120)), None, BAND), (BLOND,))
    rows = edited.astype(np.float32).mean(1)  # [120,3]
    assert off_mixtures(rows[EDGE:EDGE + 8], rows[EDGE - 15], rows[EDGE + 20]).max() < 5  # blond to blue, in RGB


def test_darkened_hair_keeps_its_edges_own_colour():
    rng = np.random.default_rng(0)
    unmixed, beyond = rng.uniform(0, 255, (2, 50, 3))
    local, alpha = np.full((50, 3), 200.0), np.full(50, 0.5)
    # the local hair's colour goes in as CIELAB, the background's as RGB
    darkened = matting.recomposed(unmixed, to_lab(local), np.full((50, 3), 40.0), beyond, alpha)
    lightened = matting.recomposed(unmixed, to_lab(np.full((50, 3), 40.0)), local, beyond, alpha)
    assert np.allclose(darkened, unmixed, atol=0.5) and not np.allclose(lightened, unmixed, atol=0.5)


def test_a_broad_blur_is_the_gaussian_blur_within_a_tenth_of_a_grey_level_and_a_narrow_one_exactly():
    rng = np.random.default_rng(0)
    photo = cv2.resize(rng.uniform(0, 255, (40, 30, 3)).astype(np.float32), (300, 401), interpolation=cv2.INTER_CUBIC)
    photo[150:, :120] = 255  # a hard edge, and the border (the full blur reflects it) within reach
    for image in (photo, photo[..., :1].copy(), photo[..., 0].copy()):
        for sigma in (matting.BROAD[0] / 2, 1.5 * matting.BROAD[0], 3.3 * matting.BROAD[0]):
            blurred, exact = matting.broad_blur(image, sigma), cv2.GaussianBlur(image, (0, 0), sigma)
            assert blurred.shape == image.shape
            assert np.abs(blurred - exact.reshape(image.shape)).max() <= (0.1 if sigma > matting.BROAD[0] else 0)
