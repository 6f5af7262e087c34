"""A recolouring's edge at the photo's resolution: the mixed pixels along the hair's outline unmixed.

The hair map is found on a view of the head at about one pixel of the 64×64 face per view pixel (8–10 photo
pixels on a large portrait), so its weight falls off a few photo pixels before the hair does: the hair's last
pixels, mixtures of hair and forehead (or background), kept part of their old colour, a dark line between blond
hair and the skin (``ganedit.bench.look``'s dark rim). Each pixel within a band about the outline is taken as a
mixture p = α·h + (1 − α)·o of the hair and what lies beyond it (the compositing model that matting inverts,
Porter and Duff 1984), with the local hair colour and the local colour beyond the hair estimated nearby (as Bayesian
matting does, Chuang et al. 2001, here by Gaussian-weighted means) and α the pixel's projection on the line
between them (Ruzon and Tomasi 2000), none under NOT_HAIR of the way, the projection itself from twice that. A
recolouring then changes the pixel by α times what it does to the local hair's colour, times how strongly that hair is
recoloured, so the pixel's own texture stays, the edge is never brighter than the hair beside it, and what lies beyond
the hair is not tinted. A hairline's mixed pixels are also the forehead's shade under the hair, warmer and more
colourful than the skin beyond and than the hair, which the model does not hold: moved as it says, they kept that colour
under the new hair's lightness and yellow, a peach or orange band between blond hair and the forehead; their a*, b* are
taken towards the model's own mixture of the new hair and what lies beyond (``recomposed``), where the hair is
lightened. Where the hair's colour lies near the colour beyond it (fair hair on light skin, dark hair on a dark
background) mixing cannot be told from shading, and the map's own weight stays.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.edits.hair import to_rgb
from ganedit.edits.regions import to_lab
from ganedit.imaging import bounds

HAIR = 0.5  # a recolouring weight above this is the hair whose outline the band follows
TOUCHED = 0.05  # ... and one above this is not "beyond" the hair
# bands off what the recolouring touches: the colour beyond the hair is sampled between these (past the mixed pixels)
BEYOND = (1.0, 3.5)
REACH = 1.5  # bands: beyond the hair's outline the unmixing reaches fully to one band, fading out at this many
# a pixel this little of the way from the colour beyond the hair to the hair's is not hair (the skin's shading); from
# twice as far it is as much hair as its projection says (rescaled from NOT_HAIR to 1 instead, a pixel half hair took
# 0.4 of the edit, and the wisps of a hairline kept their old brown under blond hair: a dark band, ``img35``)
NOT_HAIR = 0.2
# CIELAB ΔE between the local hair colour and the colour beyond it: below the first α is not used, from the second
# fully (fair hair on a light forehead, dark hair on a dark background keep the map's weight)
SEPARABLE = (15.0, 25.0)
MIN_PIXELS = 20
SAMPLED = 0.05  # Gaussian weight of nearby samples below which a local colour is not trusted
FAINT = 0.02  # beyond the hair's outline a pixel that takes less than this share of the edit is left as it is
LIGHTENED = 10.0  # L*: a mixed pixel's colour is recomposed (``recomposed``) in full where its hair lightens this much
# pixels: a Gaussian blur wider than the first is taken on the image shrunk (``broad_blur``) by the whole factor that
# leaves it at least the second wide; none on the portraits, whose widest, the hair's broad light on the largest face
# (``img32``), is 17 (that photo enlarged to 13.5 megapixels: 60; its hue gate's, 24)
BROAD = (18.0, 10.0)


@dataclass(frozen=True)
class EdgeMix:
    """The band along a recolouring's outline (``edge_mix``), per pixel of a box [h,w]."""

    share: np.ndarray  # float32 [h,w] in 0..1: how far a pixel takes the unmixed edit rather than the map's
    alpha: np.ndarray  # float32 [h,w] in 0..1: how much of the pixel is hair, times the weight of the hair beside it
    hair: np.ndarray  # float32 [h,w,3] RGB 0..255: the local colour of the hair
    beyond: np.ndarray  # float32 [h,w,3] RGB 0..255: the local colour beyond the hair


def edge_mix(pixels: np.ndarray, weight: np.ndarray, band: float) -> EdgeMix:
    """The mixed pixels of ``pixels`` (uint8 [h,w,3] RGB) along the outline of a recolouring ``weight`` (float
    [h,w] in 0..1, e.g. the hair map times its colour gate), within ``band`` photo pixels of it either side
    (``share`` 1 from half a band inside the outline to a band beyond it, fading to 0 a band inside and REACH bands
    beyond; 0 where the local colours are not trusted): all 0 when fewer than MIN_PIXELS are hair or the band is
    under a pixel. Only the box about the recolouring is computed, and the local colours, smooth over bands, on it
    shrunk to about a quarter of a band per pixel."""
    mix = EdgeMix(*np.zeros((2, *weight.shape), np.float32), *np.zeros((2, *pixels.shape), np.float32))
    if band < 1 or (weight > HAIR).sum() < MIN_PIXELS:
        return mix
    top, left, bottom, right = bounds(weight > TOUCHED, int(np.ceil((BEYOND[1] + 1) * band)))
    inside = (slice(top, bottom), slice(left, right))
    mix.share[inside], mix.alpha[inside], mix.hair[inside], mix.beyond[inside] = _mixed(pixels[inside], weight[inside],
                                                                                       band)
    return mix


def _mixed(pixels: np.ndarray, weight: np.ndarray, band: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``edge_mix``'s share, alpha and local colours of the hair and beyond it over a box that holds the whole
    recolouring."""
    hair = (weight > HAIR).astype(np.uint8)
    outside = cv2.distanceTransform(1 - hair, cv2.DIST_L2, 5)
    inside = cv2.distanceTransform(hair, cv2.DIST_L2, 5)
    beyond = cv2.distanceTransform((weight <= TOUCHED).astype(np.uint8), cv2.DIST_L2, 5)
    share = np.where(hair > 0, np.clip((band - inside) / (band / 2), 0, 1),
                     np.clip((REACH * band - outside) / ((REACH - 1) * band), 0, 1))
    hair_colour, other, strength, trusted = _local_colours(
        pixels, weight, inside > band / 2, (beyond > BEYOND[0] * band) & (beyond <= BEYOND[1] * band), band)
    share *= trusted
    mixed = share > 0
    line = hair_colour[mixed] - other[mixed]
    projected = ((pixels[mixed] - other[mixed]) * line).sum(-1) / np.maximum((line * line).sum(-1), 1e-6)
    alpha = np.zeros(weight.shape, np.float32)
    projected = np.clip(projected, 0, 1)
    alpha[mixed] = projected * np.clip((projected - NOT_HAIR) / NOT_HAIR, 0, 1) * strength[mixed]
    share[(hair == 0) & (share * np.maximum(alpha, weight) < FAINT)] = 0  # beyond the hair: under a grey level, none
    return share.astype(np.float32), alpha, hair_colour, other


def recomposed(unmixed: np.ndarray, local: np.ndarray, moved: np.ndarray, beyond: np.ndarray, alpha: np.ndarray
               ) -> np.ndarray:
    """Mixed pixels recoloured (``unmixed``: float RGB [K,3], 0..255, each moved by ``alpha`` [K] in 0..1 times its
    local hair's change from ``local``, CIELAB [K,3], to ``moved``, RGB [K,3]) with their a*, b* taken 4·α·(1 − α) of
    the way (all of it where α is 1/2, none where the pixel is all hair or none) to those of the compositing model's
    mixture α·``moved`` + (1 − α)·``beyond`` (the local colour beyond the hair, RGB [K,3] 0..255), mixed in RGB as the
    model mixes them (mixed in CIELAB, blond and a blue background met in lilac: blue's a* is positive, ``img85``),
    times how far the local hair is lightened (in full from LIGHTENED L*): float RGB [K,3]. Their L*, the texture,
    stays. Hair that is darkened keeps its edge's own colour (recomposed, the edge of black hair +2 against a blue
    background turned blue: ``ganedit.bench.look.cold_cast``)."""
    lab, a, new = to_lab(unmixed), alpha[:, None], to_lab(moved)
    lightened = np.clip((new[:, :1] - local[:, :1]) / LIGHTENED, 0, 1)
    mixture = to_lab(a * moved + (1 - a) * beyond)[:, 1:]
    lab[:, 1:] += 4 * a * (1 - a) * lightened * (mixture - lab[:, 1:])
    return to_rgb(lab)


def _local_colours(pixels: np.ndarray, weight: np.ndarray, core: np.ndarray, beyond: np.ndarray, band: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """About each pixel of ``pixels`` (uint8 [h,w,3]): the mean colour of the hair's ``core`` (bool [h,w]) over two
    bands and of what lies ``beyond`` it (bool [h,w]) over one (float32 [h,w,3] each), the mean recolouring
    ``weight`` of that core ([h,w]), and how far the two colours are trusted ([h,w] in 0..1: SEPARABLE apart, with
    SAMPLED of their samples near), computed at a quarter band per pixel and enlarged back (bilinear)."""
    height, width = weight.shape
    small, full = (max(1, round(width * 4 / band)), max(1, round(height * 4 / band))), (width, height)
    shrink = lambda layer: cv2.resize(layer.astype(np.float32), small, interpolation=cv2.INTER_AREA)
    rgb, core_small = shrink(pixels), shrink(core)
    hair_colour, hair_near = local_mean(rgb, core_small, 8.0)
    strength, _ = local_mean(shrink(weight)[..., None], core_small, 8.0)
    other, other_near = local_mean(rgb, shrink(beyond), 4.0)
    apart = np.linalg.norm(to_lab(hair_colour) - to_lab(other), axis=-1)
    trusted = (np.clip((apart - SEPARABLE[0]) / (SEPARABLE[1] - SEPARABLE[0]), 0, 1)
               * np.clip(hair_near / SAMPLED, 0, 1) * np.clip(other_near / SAMPLED, 0, 1))
    enlarge = lambda layer: cv2.resize(layer, full, interpolation=cv2.INTER_LINEAR)
    return enlarge(hair_colour), enlarge(other), enlarge(strength[..., 0]), enlarge(trusted)


def local_mean(values: np.ndarray, mask: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """The Gaussian-weighted (``sigma`` pixels) mean of ``values`` (float32 [h,w,C], e.g. colours) over ``mask``
    (float32 [h,w] in 0..1) about each pixel, and the weight it rests on ([h,w]; about 1 deep inside the mask, 0
    far from it)."""
    near = broad_blur(mask, sigma)
    total = broad_blur(values * mask[..., None], sigma)
    return total / np.maximum(near, 1e-6)[..., None], near


def broad_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """``cv2.GaussianBlur`` of ``image`` (float32 [h,w] or [h,w,C]) by ``sigma`` pixels, the same shape; over
    BROAD[0] pixels taken on the image shrunk by an integer factor (block means), blurred by what is left of ``sigma``
    and enlarged back (bilinear), its border reflected as the full blur's (image pyramids, Burt and Adelson 1983):
    within a tenth of a grey level of it (0.06 on ``img32`` of the portraits enlarged to 13.5 megapixels), and there,
    by 60 pixels, 0.04 s rather than 1.8 for one band, 0.7 rather than 5.5 for three (``/tmp`` script, session 75)."""
    factor = int(sigma // BROAD[1]) if sigma > BROAD[0] else 1
    if factor < 2:
        return cv2.GaussianBlur(image, (0, 0), sigma).reshape(image.shape)
    height, width = image.shape[:2]
    pad = factor * int(np.ceil(4 * sigma / factor))  # the full blur's reach: its kernel's 4 sigma
    padded = cv2.copyMakeBorder(image, pad, pad + -height % factor, pad, pad + -width % factor,
                                cv2.BORDER_REFLECT_101)
    small = cv2.resize(padded, (padded.shape[1] // factor, padded.shape[0] // factor), interpolation=cv2.INTER_AREA)
    # the block means and the bilinear enlargement spread it by factor²/12 and factor²/6 more (their variances)
    small = cv2.GaussianBlur(small, (0, 0), float(np.sqrt(sigma ** 2 - factor ** 2 / 4)) / factor)
    enlarged = cv2.resize(small, padded.shape[1::-1], interpolation=cv2.INTER_LINEAR)
    return enlarged[pad:pad + height, pad:pad + width].reshape(image.shape)
