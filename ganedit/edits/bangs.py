"""Bangs on a photo: a fringe of the photo's own hair drawn over the upper forehead, at the photo's resolution.

G′'s bangs direction, enlarged from 64×64 onto the photo, painted a brown smear with a pale patch across the
forehead and the hair (``/tmp`` renders of the portraits, session 35), not hair. So a positive bangs slider draws a
fringe instead, as eyeglasses draws frames (``ganedit.edits.glasses``): in the face's own frame (the eyes' line
across, the brows-to-chin distance down, from dlib's 68 landmarks) it falls from the photo's own hairline (the
lowest hair of the hair map above the brows, column by column across the face) towards the brows, as far as the
slider says (all the way to a little above the brows at FULL), its lower edge arched up at the sides and ragged with
the strands' tips. Its pixels are the photo's own hair above the hairline (in the photo as edited so far: a blond
slider gives a blond fringe) reflected down about a line just above the hairline, so that its texture, colour and
light are that hair's; where the reflection reaches past the hair (short hair, the head's sides) or meets colours
unlike the hair's (a headband), strands are drawn instead: streaks of noise along lines that fan out from the crown,
waving about them (the line integral of ``ganedit.edits.strands``), plus clumps across the face, their lightness the
own hair's by quantile mapping, their hue following that hair's lightness. The strands also shape the tips. It casts
a soft shadow on the forehead, is blurred as much as the photo is soft there and the drawn strands take the photo's
grain. Where the photo shows no hairline across the forehead, or the hair found there is a bare scalp, it draws
nothing; a negative slider still moves z (G′'s change, as before).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

import cv2
import numpy as np
from scipy.special import erf

from ganedit.edits import glasses, hairline, strands
from ganedit.edits.hair import to_rgb
from ganedit.edits.regions import disc, smoothstep, to_lab

ATTRIBUTE = "bangs"
FULL = 2.0  # slider strength at which the tips reach down to TIPS[0] above the brows; below it, that share of the way
# in the face's frame (``hairline.Frame``): across in half face widths, down in brows-to-chin distances
SIDE = 0.2  # the fringe fades out over this much within hairline.SPAN to each side
TIPS = (0.07, 0.2)  # the tips' line at FULL: this far above the brows' middle, rising by this times the square of
# the way to the side (an arch; 0.35 left the temples bare beside the fringe, a reviewer said, session 35; 0.1 until
# session 72, lowered with TAPER's longer ends to cover as much forehead)
RAGGED = (0.015, 0.03)  # the tips' line is ragged by this much either way, in features this wide (half face widths)
# and it falls in pieces: by this much more either way, in features this wide (a hem of even length read as a comb-like
# slab cut straight to fresh reviewers, session 52)
PIECES = (0.035, 0.15)
TAPER = (0.14, 0.15)  # the strands thin out over this length above their tips, each strand's end moved up or down
# by this share of it with the texture (lighter strands end higher; (0.08, 0.5), longer ends strewn twice as far,
# read as a sawtooth to a reviewer, session 35). With PIECES, in session 52, a fresh reviewer, blind, preferred
# (0.08, 0.25) to (0.05, 0.25) without them on 12 of 12 portraits: tapered, uneven tips rather than blunt, stepped
# ones. Those were still a hard hem of dark comb-like spikes to fresh reviewers; two, blind, the second with the sides
# swapped, preferred these longer, softer ends (with TIPS 0.07 and SHADOW's deeper shadow) on 10 and 8 of 13
# portraits, the spikes on 1 and 3 (both these on 7, both the spikes on none; 2 the same: no fringe; session 72)
ROOTS = 0.2  # above the hairline, the fringe fades in over this length (over the photo's own hair, or near it)
# the fringe's roots lie over the hair and over what it encloses up to this wide (img102's parting, seen as skin),
# and over what lies within half ROOTS of either (the hairline's soft edge), never over the background beside it
ENCLOSED = 0.6
SAMPLE = (5, 95)  # percentiles: only the hair's pixels of lightness between these (not the skin its outline mixes in)
SAMPLE_SIZE = 20000  # of the hair's pixels, about this many (evenly spaced) are read
LEVELS, SPREAD = 1024, 4.0  # ``colour``'s table: this many quantiles of the hair's lightness, within ± this many s.d.
CLUMPS = (0.05, 0.5)  # the clumps' width (half face widths) and their share of the texture
# the strands' lightness: the texture (unit spread) times the first, plus the second, is the standard normal quantile
# of the photo's hair's lightness each takes: less spread than the whole head's hair, whose shade and roots read as
# harsh dark stripes on blond hair, and lit as the forehead it lies on. Blind reviews of 16 portraits (session 35):
# this against (1.0, 0.0), whose strands had sharper, spikier ends, 13 to 2 (1 the same); against (1.0, 0.25) with the
# darkest 15% of the hair left out and a coarser ragged edge, 9 to 4 (3 the same), though the classifier finds bangs
# on 55 of 96 portraits with that one and on 45 with this
SHADE = (0.5, 0.25)
SHADOW = (0.05, 0.03, 0.35, 0.04)  # the fringe's shadow on the forehead: its drop and blur (brows-to-chin), its
# darkness, and the length over which it fades out above the brows' line, where the box ends ((0.03, 0.03, 0.25)
# unfaded until session 72; dropped and blurred 0.05, it was cut off there in a straight seam that both of two fresh
# reviewers saw on img1)
WAVE = 0.15  # face widths: the blur of the noise that turns the strands of drawn hair that waves (``texture``)
# radians: the fringe's strands wave about the lines from the crown by about this much (as long hair's curtains do,
# ``curtains.TURN``). Straight, they were a comb-like "barcode" of parallel stripes to fresh reviewers; two, blind,
# the second with the sides swapped, preferred the waving strands on 7 and 10 of 14 portraits, the straight on 4 and 2
# (both the waving on 4, both the straight on none; session 70)
TURN = 0.3
RIPPLE_PHASE = 2.0  # radians per unit of that noise: how far it shifts a rippling strand's phase (``texture``)
CROWN = 1.5  # brows-to-chin distances: the strands fan out from this far above the brows' middle
GRAIN = 0.7  # share of the photo's grain the fringe takes (``glasses.grain``, as the frames do)
# the strands are drawn with the face at most LARGEST pixels wide, then enlarged, each streak LENGTH face widths each
# way (``texture``): until session 52 at 200 pixels and 1/12 (``strands``' defaults), short smeared dashes at 100% on
# the largest portraits, as the curtains' were (``curtains.LARGEST``); drawn once per photo (``drawn``)
LARGEST, LENGTH = 400, 0.2
# brows-to-chin distances, share: the fringe is the photo's own hair above the hairline reflected down about a line
# this far above it (the hairline's own thin hair and skin left out), stretched at most 1/MIRROR[1] times to reach
# the tips. Drawn strands in the hair's colour alone were a comb-like fan of even stripes, unlike curly, spiky, grey or
# glossy hair; two fresh reviewers, blind, the second with the sides swapped, preferred the reflected hair on 10 and
# 12 of 13 portraits, the drawn strands on 3 and 1 (both the reflected on 10, both the drawn on img91; session 71)
MIRROR = (0.05, 0.5)
# standard deviations: reflected pixels further than this from the hair's colours (``Forehead.sample``, of one
# colour) fade to drawn strands (``_like``): a headband above the hairline (img26's black one over blond hair) was
# reflected as a black band across the forehead. (2, 3) also took out the bright strands of img10's and img19's
# fringes (by eye, session 71). Then kept LIKE[2] (brows-to-chin) off what is not, blurred as much; and where over
# LIKE[3] of the reflection is unlike the hair, none is kept (img26 0.55 of it, where both of two fresh reviewers,
# blind, preferred the drawn strands: a seam across the fringe where the reflection met the headband; 13 other
# portraits 0.002-0.066)
LIKE = (3.0, 4.0, 0.02, 0.2)
OWN_HAIR = (0.5, 0.4)  # where the hair map at the reflected point is below the first, drawn strands; above both, own


@dataclass(frozen=True)
class Drawn:
    """What ``fringe`` draws with on a photo, found once (``drawn``): the ``forehead`` and its hairline
    (``hairline.find`` on the photo before any edit), the ``strands`` (``texture`` on its box, LARGEST and LENGTH;
    float32 [h,w], unit spread) and what the fringe's roots may lie over, ``roots`` (the hair and what it encloses,
    ENCLOSED and ROOTS; float32 [h,w], 0..1)."""

    forehead: hairline.Forehead
    strands: np.ndarray
    roots: np.ndarray


def drawn(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]], seed: int = 0
          ) -> Drawn | None:
    """What ``fringe`` draws with on ``photo`` (uint8 [H,W,3]), ``points`` and ``hair`` (as there), found once per
    photo; None where no hairline is found (``hairline.find``)."""
    forehead = hairline.find(photo, points, hair)
    return None if forehead is None else drawn_from(forehead, seed)


def drawn_from(forehead: hairline.Forehead, seed: int = 0) -> Drawn:
    """``drawn`` of a photo whose forehead and hairline ``hairline.find`` found."""
    length = forehead.frame.length
    roots = hairline.closed(forehead.hair, ENCLOSED * length, ROOTS * length / 2)
    return Drawn(forehead, _texture(forehead, seed), roots)


def _texture(forehead: hairline.Forehead, seed: int) -> np.ndarray:
    """``texture`` on the ``forehead``'s box at LARGEST and LENGTH, the strands waving by TURN."""
    return texture(forehead.frame, forehead.box, forehead.across, seed, wave=(TURN, WAVE, 0.0), largest=LARGEST,
                   length=LENGTH)


def fringe(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
           strength: float, found: Drawn | None = None, seed: int = 0) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with a fringe drawn over the forehead of the face whose dlib landmarks ``points``
    [68,2] (photo pixels) are given, whose hair ``hair`` is (weights [h,w] in 0..1 and their box (top, left, bottom,
    right) on the photo, ``photo.hair_on_photo``), reaching ``strength``/FULL of the way from the hairline to
    the lowest tips (0 or below: the photo unchanged; above FULL: as at FULL), with what ``found`` holds (``drawn``
    of this photo, points and hair before any edit: the colours are read from the photo as it is now; None: found
    now). The photo unchanged too where no hairline is found (``hairline.find``: none over the forehead, or a bare
    scalp). Pixels outside the box about the fringe are bit-identical."""
    reach = float(np.clip(strength / FULL, 0, 1))
    fresh = found is None
    found = drawn(photo, points, hair, seed) if reach and fresh else found
    if not reach or found is None:
        return photo
    forehead, streaks = found.forehead if fresh else found.forehead.on(photo), found.strands
    frame, (top, left, bottom, right) = forehead.frame, forehead.box
    alpha = _alpha(forehead, found.roots, streaks, reach, seed)
    sample = forehead.sample
    own, share = _reflected(photo, forehead, hair)
    share = _kept(share, _like(own, sample, LIKE[2] * frame.length), alpha)
    paint = share[..., None] * own + (1 - share[..., None]) * colour(sample, streaks)
    out = photo.copy()
    pixels = photo[top:bottom, left:right].astype(np.float32)
    shade = _shadow(forehead, alpha)
    grain = (1 - share[..., None]) * glasses.grain(pixels)  # the reflected hair has the photo's own
    out[top:bottom, left:right] = laid(pixels, alpha, paint, shade, grain=grain)
    return out


def _shadow(forehead: hairline.Forehead, alpha: np.ndarray) -> np.ndarray:
    """The share of light the fringe (opacity ``alpha``, float32 [h,w]) takes off the forehead's box below it
    (SHADOW), nothing left at the brows' line (the box's lowest row): float32 [h,w], 0..1."""
    drop = SHADOW[0] * forehead.frame.length * forehead.frame.down
    shade = cv2.GaussianBlur(glasses.moved(alpha, drop), (0, 0), SHADOW[1] * forehead.frame.length)
    return SHADOW[2] * shade * smoothstep(-forehead.down / SHADOW[3])


def _kept(share: np.ndarray, like: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """How far each pixel of the fringe (opacity ``alpha``) shows the reflected hair: its ``share`` (the point read
    is hair) times ``like`` (of the hair's colours; all float32 [h,w], 0..1), or 0 everywhere where over LIKE[3] of
    the reflected hair, weighed by opacity, is unlike the hair's colours (mostly a headband or a hat above the
    hairline: drawn strands alone)."""
    weight = alpha * share
    return share * like if (weight * (1 - like)).sum() <= LIKE[3] * weight.sum() else np.zeros_like(share)


def _like(rgb: np.ndarray, lab: np.ndarray, margin: float) -> np.ndarray:
    """How far each of the pixels ``rgb`` (float32 [h,w,3], 0..255) is of the colours of the hair's CIELAB pixels
    ``lab`` [K,3] (``Forehead.sample``): 1 within LIKE[0] of their standard deviations of their mean in each of L*,
    a*, b*, falling to 0 at LIKE[1]; then kept ``margin`` pixels off what is not (an outline's mixed pixels) and
    blurred as much: float32 [h,w], 0..1."""
    step = max(1, int(margin / 2))  # read on every step-th pixel, then enlarged: it is blurred as much
    pixels, mean, spread = to_lab(rgb[::step, ::step]), lab.mean(0), np.maximum(lab.std(0), 1.0)
    off = reduce(np.maximum, (np.abs(pixels[..., k] - mean[k]) / spread[k] for k in range(3)))  # channel by channel:
    # numpy's max over the last axis of three took 4 of the fringe's 30 ms on img30's preview
    like = cv2.erode(smoothstep((LIKE[1] - off) / (LIKE[1] - LIKE[0])), disc(margin / step))
    like = cv2.GaussianBlur(like, (0, 0), max(margin / step, 0.5))
    return like if step == 1 else cv2.resize(like, rgb.shape[1::-1], interpolation=cv2.INTER_LINEAR)


def _reflected(photo: np.ndarray, forehead: hairline.Forehead, hair: tuple[np.ndarray, tuple[int, int, int, int]]
               ) -> tuple[np.ndarray, np.ndarray]:
    """The photo's (uint8 [H,W,3]) own hair reflected down over the ``forehead``'s box about a line MIRROR[0] above
    the hairline, column by column in the face's frame, and stretched as far as MIRROR[1] allows to reach the
    fringe's tips (TIPS' middle) from the hair above; above the hairline the hair itself, moved down by up to
    MIRROR[0] over the fringe's roots (ROOTS), so that the two meet: float32 RGB [h,w,3] in 0..255; and how far the
    point read is hair (``hair``'s weights [h',w'] and their box on the photo, through OWN_HAIR): float32 [h,w],
    0..1."""
    frame, line = forehead.frame, forehead.line
    reach = np.maximum(-TIPS[0] - line, 1e-3)
    scale = np.clip((line - forehead.top - MIRROR[0]) / reach, MIRROR[1], 1.0)
    below = forehead.down - line
    down = np.where(below >= 0, line - MIRROR[0] - scale * below,
                    forehead.down - MIRROR[0] * smoothstep((below + ROOTS) / ROOTS))  # above: the hair itself
    top, left, bottom, right = forehead.box
    shift = ((down - forehead.down) * frame.length).astype(np.float32)  # pixels along the face's down, from each own
    x = np.arange(left, right, dtype=np.float32) + shift * np.float32(frame.down[0])
    y = np.arange(top, bottom, dtype=np.float32)[:, None] + shift * np.float32(frame.down[1])
    own = cv2.remap(photo, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT).astype(np.float32)
    weights, (hair_top, hair_left, _, _) = hair
    share = cv2.remap(weights.astype(np.float32), x - np.float32(hair_left), y - np.float32(hair_top),
                      cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return own, smoothstep((share - OWN_HAIR[0]) / OWN_HAIR[1])


def laid(pixels: np.ndarray, alpha: np.ndarray, colour: np.ndarray, shade: np.ndarray, soft: float | None = None,
         grain: np.ndarray | None = None) -> np.ndarray:
    """The photo's ``pixels`` (float32 [h,w,3]) darkened by the share ``shade`` (float32 [h,w], 0..1: a shadow),
    with drawn hair's ``colour`` (float32 [h,w,3]) laid over them as opaque as ``alpha`` (float32 [h,w]), both as
    soft as the photo (``soft``, pixels; None: ``glasses.softness`` of the pixels), the colour with the photo's
    ``grain`` (float32 [h,w,3]; None: ``glasses.grain`` of the pixels): uint8 [h,w,3]."""
    soft = glasses.softness(pixels) if soft is None else soft
    if soft > glasses.SHARPNESS[2]:
        alpha, colour = cv2.GaussianBlur(alpha, (0, 0), soft), cv2.GaussianBlur(colour, (0, 0), soft)
    colour = colour + GRAIN * (glasses.grain(pixels) if grain is None else grain)
    lit = pixels * (1 - shade[..., None])
    return (lit * (1 - alpha[..., None]) + colour * alpha[..., None]).round().clip(0, 255).astype(np.uint8)


def _alpha(forehead: hairline.Forehead, hair: np.ndarray, texture: np.ndarray, reach: float, seed: int
           ) -> np.ndarray:
    """The fringe's opacity, float32 [h,w] in 0..1 on the forehead's box: from ROOTS above the hairline (where
    ``hair`` [h,w], 0..1, says there is hair near) down to the tips, ``reach`` of the way from the hairline to TIPS'
    line (ragged and in PIECES), each strand (``texture``) ending a little higher or lower; fading out across the
    columns where no hairline was found."""
    across, down, line = forehead.across, forehead.down, forehead.line
    tips = -TIPS[0] - TIPS[1] * np.minimum(np.abs(across), 1) ** 2 + RAGGED[0] * _noise(across, RAGGED[1], seed)
    tips += PIECES[0] * _noise(across, PIECES[1], seed + 7)
    tips = line + reach * np.maximum(tips - line, 0)
    body = smoothstep((tips - down) / TAPER[0] - TAPER[1] * np.clip(texture, -1.5, 1.5))
    roots = hair * smoothstep((down - line + ROOTS) / ROOTS) * smoothstep((tips - line) / TAPER[0])
    alpha = np.where(down >= line, body, roots) * forehead.found
    return (alpha * smoothstep((hairline.SPAN - np.abs(across)) / SIDE)).astype(np.float32)


def _noise(across: np.ndarray, width: float, seed: int, span: float = hairline.SPAN) -> np.ndarray:
    """Smooth noise along ``across`` (features about ``width`` wide, over -``span``..``span``), float32 like
    ``across``, unit spread."""
    samples = 512
    noise = cv2.GaussianBlur(np.random.default_rng(seed).standard_normal((1, samples)).astype(np.float32), (0, 0),
                             width / (2 * span) * samples)[0]
    return np.interp(across, np.linspace(-span, span, samples), strands.unit(noise)).astype(np.float32)


def texture(frame: hairline.Frame, box: tuple[int, int, int, int], across: np.ndarray, seed: int,
            crown: float = CROWN, span: float = hairline.SPAN, wave: tuple[float, float, float] = (0.0, WAVE, 0.0),
            largest: float = strands.MAX_FACE, length: float = strands.STRAND_LENGTH, where: np.ndarray | None = None,
            fall: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
    """Drawn hair's strands, float32 [h,w] on the box (``across``: its pixels' frame coordinate), zero mean, unit
    spread: noise streaked along lines that fan out from the crown, ``crown`` brows-to-chin distances above the brows'
    middle, ``length`` face widths each way (``strands.line_integral``), turned by smooth noise ``wave[1]`` face widths
    across: by about ``wave[0]`` radians (a standard deviation), or, with a period ``wave[2]`` (brows-to-chin distances;
    0: none), rippling by ``wave[0]`` radians each way along their length, the noise shifting the ripples' phase
    (RIPPLE_PHASE); drawn with the face at most ``largest`` pixels wide, then enlarged; plus clumps across (within
    ``span`` half face widths of the middle). Drawn only where ``where`` (bool [h,w] on the box; None: all), 0
    elsewhere (zero mean and unit spread over those pixels). ``fall`` (optional) turns the lines: it takes the pixels'
    offsets from the crown (x, y: float32 [...] each, pixels) and gives the way the strands run there (long hair's
    curtains falling plumb, ``curtains._Fall.heading``)."""
    top, left, bottom, right = box
    scale = min(1.0, largest / (2 * frame.width))
    size = (max(round((right - left) * scale), 1), max(round((bottom - top) * scale), 1))
    rows, columns = np.mgrid[0:size[1], 0:size[0]].astype(np.float32) / scale
    point = frame.to_photo(np.array(0.0), np.array(-crown)) - np.array([left, top])
    x, y = columns - point[0], rows - point[1]
    width = 2 * frame.width * scale
    along = (x * frame.down[0] + y * frame.down[1]) / frame.length
    if fall is not None:
        x, y = fall(x, y)
    if wave[0]:
        noise = strands.coils(x.shape, wave[1] * width, seed + 2)
        turn = wave[0] * (np.sin(2 * np.pi * along / wave[2] + RIPPLE_PHASE * noise) if wave[2] else noise)
        x, y = x * np.cos(turn) - y * np.sin(turn), x * np.sin(turn) + y * np.cos(turn)
    norm = np.maximum(np.hypot(x, y), 1e-6)
    on_grid = None if where is None else cv2.resize(where.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0
    streaks = strands.line_integral((x / norm).astype(np.float32), (y / norm).astype(np.float32),
                                    max(2, round(length * width)), max(0.5, strands.GRAIN * width), seed, on_grid)
    streaks = cv2.resize(streaks, (right - left, bottom - top), interpolation=cv2.INTER_LINEAR)
    return strands.unit_on(streaks + CLUMPS[1] * _noise(across, CLUMPS[0], seed + 1, span), where)


def colour(lab: np.ndarray, texture: np.ndarray, shade: tuple[float, float] = SHADE) -> np.ndarray:
    """Drawn hair's colour, float32 RGB [h,w,3] in 0..255, from the CIELAB pixels ``lab`` [K,3] of the photo's
    own hair (within SAMPLE): their lightness quantile-mapped from ``texture`` (float [h,w], standard normal; the
    quantile taken is ``shade``'s first times it plus its second, SHADE for the fringe) and their a*, b* following
    the lightness as in that hair; looked up in a table of LEVELS quantiles within ±SPREAD standard deviations."""
    lab = lab[::max(1, len(lab) // SAMPLE_SIZE)]
    low, high = np.percentile(lab[:, 0], SAMPLE)
    lab = lab[(lab[:, 0] >= low) & (lab[:, 0] <= high)]
    lightness = np.sort(lab[:, 0])
    quantiles = np.linspace(-SPREAD, SPREAD, LEVELS)
    new = np.interp(0.5 * (1 + erf(quantiles / np.sqrt(2))), np.linspace(0, 1, len(lightness)), lightness)
    spread = max(float(lightness.var()), 1e-3)
    hue = [lab[:, k].mean() + (new - lightness.mean()) * float(np.cov(lab[:, 0], lab[:, k])[0, 1]) / spread
           for k in (1, 2)]
    table = to_rgb(np.dstack([new, *hue]).astype(np.float32))[0]
    index = np.rint((shade[0] * np.asarray(texture) + shade[1] + SPREAD) / (2 * SPREAD) * (LEVELS - 1))
    return table[np.clip(index, 0, LEVELS - 1).astype(np.intp)]
