"""Hair colour as colour, not as a latent direction: the hair-colour sliders recolour the photo's own hair.

A latent direction for blond hair drags fair skin along, and G′'s hair, enlarged from 64×64, lies where
G′ draws it, not where the photo's strands are (measured on the portraits: G′'s blond +2 made the hair
lighter but grey, a* and b* fell). So a hair-colour slider moves the mean CIELAB colour of the photo's
own hair towards the typical hair of faces with the attribute (or without it, for a negative strength;
``HairColours``, medians over the train frames, ``python -m ganedit.train.hair_colours``) by shifting
every pixel of the hair alike (but where lightened hair's deep shade would rise: ``shade``), so every strand,
highlight and shadow stays where it was (a colour transfer in the spirit of Reinhard et al. 2001, restricted to one
region). The frames' hair is sampled on a cap above the face box (``HAIR_CAP``), off the face's skin colour and off
the background's.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ganedit.data import FACE_IN_FRAME
from ganedit.edits.regions import to_lab

# slider strength at which the hair's mean colour reaches the target; beyond it, the target itself moves on, away
# from the typical hair the edit leaves (+2 blond: the typical blond as much lighter and yellower again as it is
# than typical dark hair), never past GOAL_LIGHTNESS
FULL = 1.0
GOAL_LIGHTNESS = (8.0, 85.0)  # L*: the darkest and lightest hair a slider aims at
TEXTURE_GAIN = 2.0  # lightened hair's strands stand out more (and darkened hair's less), by at most this factor
DARK = 5.0  # L* added to both sides of the lightness ratio that scales the strands' contrast
STRANDS = 20.0  # L*: strands stay within about this of the hair's mean (softly), so glints do not turn white
# L* of drawn strand texture (ganedit.edits.strands, unit spread) per L* the hair's mean is lightened: black hair
# turned blond (+2: about 55 lighter) gets streaks of about 8 L*, since it shows too few strands of its own
STRAND_GAIN = 0.15
# hair's broad light (``sheen``) up to LIT times the luminance of its mean again is the hair lit (lit hair is at most
# 1 + LIT times as bright as the mean); beyond that, light reflected off its surface, which no hair colour changes
LIT = 1.0
# lightened hair's darker strands turn warmer (``warmed``): their hue angle falls by up to WARM degrees, in full from
# WARM_FROM L* of lightening, for hues within WARM_HUES and never below its first. The same a*, b* shift at a lower L*
# reads olive or khaki (fresh reviewers' green, olive and khaki casts on blond +2, sessions 28–34: the darkest 30%
# of the blond pixels kept median hue angles of 71–77°); reddish hair's shadows (51–61°: img7, img8, img12) went pink
WARM, WARM_FROM, WARM_HUES = 12.0, 20.0, (65.0, 100.0)
# grey or white hair turned blond read as cream, ash or grey-blond to fresh reviewers (session 56: 7 of the 9 grey-
# haired men's blond "partly" or not): a recolouring that lightens hair (its target lighter than the hair
# it leaves) and gives colour to hair lighter than its target aims at most at PALE_LIGHTNESS L*, its a*, b* PALE_CHROMA
# times as far from grey, in full where the hair is PALE_RAMP[0] L* lighter than the target and the goal PALE_RAMP[1]
# chroma more colourful than the hair (``paled``). Blind, on the 12 grey- and white-haired portraits (session 57), a
# fresh reviewer rated it 3.33 of 5 for "convincingly blond and a real photo", unchanged 2.92 (5 better, 1 worse); with
# a*, b* 1.8 times, 2.92 (mustard)
PALE_LIGHTNESS, PALE_CHROMA, PALE_RAMP = 66.0, 1.4, (10.0, 10.0)
# frame-crop pixels (rows, columns) of 96×80: the top of the head above the face box, where hair is sampled
HAIR_CAP = (slice(3, int(FACE_IN_FRAME[1])), slice(22, 58))
CHEEKS = ((slice(52, 60), slice(20, 28)), (slice(52, 60), slice(52, 60)))
CORNERS = ((slice(0, 5), slice(0, 5)), (slice(0, 5), slice(75, 80)))
APART = 12.0  # CIELAB ΔE: a cap pixel this close to the skin's or the background's mean is not hair
MIN_PIXELS = 40
ON_HAIR = 0.5  # a colour stroke with at least this share of its pixels on the hair map recolours the hair
# CIELAB chroma: a stroke's colour is desaturated to at most this as the hair's target (golden blond, auburn),
# so a vivid yellow stroke gives blond hair, not yellow paint (typical blond is 16: weights/hair_colours)
STROKE_CHROMA = 30.0


@dataclass(frozen=True)
class Recolour:
    """One recolouring of the hair (``recolour``): its mean colour moved towards ``target`` (CIELAB [3]) by
    |strength|/FULL of the way; ``away`` (CIELAB [3], the typical hair the edit leaves) moves the target on
    beyond FULL and keeps a channel that is already past the target where it is; None: the target is exact."""

    target: np.ndarray
    strength: float = FULL
    away: np.ndarray | None = None


def to_rgb(lab: np.ndarray) -> np.ndarray:
    """float32 RGB in 0..255 of CIELAB (the inverse of ``to_lab``), clipped."""
    rgb = cv2.cvtColor(np.asarray(lab, np.float32).reshape(-1, 1, 3), cv2.COLOR_LAB2RGB).reshape(np.shape(lab))
    return np.clip(rgb * 255, 0, 255)


def frame_hair(frame: np.ndarray) -> np.ndarray | None:
    """The hair colour of one frame crop (uint8 [96,80,3] RGB, ``ganedit.data.FRAME_BOX``): the median Lab [3]
    of the cap's pixels at least APART from the cheeks' and the top corners' mean colours; None when fewer
    than MIN_PIXELS remain (bald, or hair the colour of the background)."""
    lab = to_lab(frame)
    cap = lab[HAIR_CAP].reshape(-1, 3)
    skin = np.concatenate([lab[box].reshape(-1, 3) for box in CHEEKS]).mean(0)
    background = np.concatenate([lab[box].reshape(-1, 3) for box in CORNERS]).mean(0)
    hair = cap[(np.linalg.norm(cap - skin, axis=1) > APART) & (np.linalg.norm(cap - background, axis=1) > APART)]
    if len(hair) < MIN_PIXELS:
        return None
    return np.median(hair, 0)


def recolour(pixels: np.ndarray, weight: np.ndarray, step: Recolour, strands: np.ndarray | None = None,
             mean: np.ndarray | None = None, lab: np.ndarray | None = None, broad: np.ndarray | None = None
             ) -> np.ndarray:
    """``pixels`` (float [...,3] RGB 0..255) with the hair that ``weight`` ([...] in 0..1) moved towards
    ``goal(step)`` (golden rather than cream on pale hair: ``paled``) by min(1, |strength|/FULL) times the
    difference between the goal and the hair's weighted mean colour, every pixel shifted alike, so the hair's own
    strands, highlights and shadows stay; their L* contrast about the mean scales with the square root of the mean's
    lightness ratio (within TEXTURE_GAIN), as strands show more in light hair than in dark, and is softly limited to
    STRANDS; their a*, b* about the mean shrink by ``muted`` where the hair turns less colourful. A channel already
    past the target, seen from ``step.away``, is not moved back (blond hair lighter than typical blond stays as
    light). Hair that is lightened also gets ``strands`` (float [...], streaks of unit spread where drawn,
    ``ganedit.edits.strands``; None: none) added to its L*, STRAND_GAIN per L* of lightening, times the weight again
    (little on the map's uncertain edge, where it would show as streaks on what lies beside the hair). ``mean``: the
    hair's mean CIELAB colour [3] when ``pixels`` are not all of it (``mean_colour`` of the whole); ``lab``: the
    pixels' CIELAB colours (``to_lab``) when already at hand; ``broad``: the L* [...] of the hair's broad light about
    each pixel (``ganedit.edits.photo.broad_lightness``), whose part above the mean, the sheen, adds as much linear
    light to lightened hair as to the old (``sheen``) rather than being stretched with the strands (None: it is
    stretched). A pixel that would end lighter than its shade of the lightened hair (``shade``) takes that shade. Where
    weight is 0 the pixels come back unchanged."""
    if not step.strength or weight.max() <= 0:
        return pixels
    lab = to_lab(pixels) if lab is None else lab
    mean = mean_colour(lab, weight) if mean is None else mean
    target = paled(goal(step), mean, step)
    shift = min(1.0, abs(step.strength) / FULL) * (target - mean)
    if step.away is not None:
        shift[shift * (target - np.asarray(step.away, np.float32)) < 0] = 0
    moved = lab + shift
    kept = muted(mean, shift)
    if kept < 1:  # no teal strands in blond turned black
        moved[..., 1:] -= (1 - kept) * (lab[..., 1:] - mean[1:])
    texture = np.clip(np.sqrt((mean[0] + shift[0] + DARK) / (mean[0] + DARK)), 1 / TEXTURE_GAIN, TEXTURE_GAIN)
    deviation = (lab[..., 0] - mean[0]) * texture
    if broad is not None and shift[0] > 0:
        above = np.maximum(broad - mean[0], 0)
        deviation += sheen(above, mean[0], float(shift[0]), texture) - above * texture
    own = STRANDS * np.tanh(deviation / STRANDS)  # glints of black hair stay glints
    drawn = 0 if strands is None else STRAND_GAIN * max(float(shift[0]), 0.0) * strands * weight  # sure hair most
    lighter = mean[0] + float(shift[0])  # the new mean's L*
    moved[..., 0] = lighter + own + drawn
    if shift[0] > 0:  # shade stays as deep as it was
        moved[..., 0] = np.minimum(moved[..., 0], shade(lab[..., 0], mean[0], lighter) + drawn)
    moved[..., 0] = moved[..., 0].clip(0, 100)
    return pixels + weight[..., None] * (to_rgb(warmed(moved, lighter, float(shift[0]))) - pixels)


def sheen(above: np.ndarray, mean: float, lightening: float, texture: float) -> np.ndarray:
    """L* above the new mean of the broad light that lay ``above`` (L* [...], at least 0) hair of mean L* ``mean``,
    once the hair is lightened by ``lightening`` L* and its strands' contrast scaled by ``texture``. Of its luminance
    (CIE 1976 Y), up to LIT times the mean's is the hair lit, stretched as the strands are; the rest is light reflected
    off the hair's surface, the same whatever the hair's colour, so it adds as much Y to the new mean as it did to the
    old. Black hair's broad grey sheen (img46's temple: L* 18 over hair of 5, 4.5 times as bright) is nearly three
    quarters reflected light, which barely shows on blond, as on blond hair in a photo; stretched whole with the strands
    it was a pale blotch on the blond, greenish-grey where the hair map left some of the grey in. Brown hair's lit crown
    (img7's, L* 40 over 26, 2.4 times as bright) is mostly lit hair, stretched much as before."""
    mean_light = to_luminance(mean)
    light = to_luminance(mean + above) - mean_light
    reflected = np.maximum(light - LIT * mean_light, 0)
    lit = to_lightness(mean_light + light - reflected) - mean
    lighter = mean + lightening
    return to_lightness(to_luminance(lighter) + reflected) - lighter + lit * texture


def shade(lightness: np.ndarray, mean: float, lighter: float) -> np.ndarray:
    """L* [...] of hair pixels of L* ``lightness`` [...] once hair of mean L* ``mean`` is lightened to ``lighter``, as
    the same shade of the lighter hair: each pixel's luminance (CIE 1976 Y) in the same ratio to the mean's, DARK
    L*'s luminance added to both (crushed black's noise is no shade). A recolouring that lightens takes it for the
    pixels it would otherwise leave lighter: the hair's deep shade, between locks and under the hair beside the
    neck, stretched with the strands (``recolour``) and softly limited to STRANDS below the mean, rose to a flat
    mid-grey; on img53 the shade beside the neck (L* 3–8 under hair of 22) turned a grey-blue patch in the blond,
    L* 25–50."""
    dark = to_luminance(DARK)
    ratio = (to_luminance(lightness) + dark) / (to_luminance(mean) + dark)
    return to_lightness(ratio * to_luminance(lighter))


def to_luminance(lightness: np.ndarray | float) -> np.ndarray:
    """CIE relative luminance Y (0..1 for a white of 1) of CIE L* (0..100)."""
    f = (np.asarray(lightness, np.float32) + 16) / 116
    return np.where(f > 6 / 29, f ** 3, 3 * (6 / 29) ** 2 * (f - 4 / 29))


def to_lightness(luminance: np.ndarray) -> np.ndarray:
    """CIE L* (0..100) of relative luminance Y (0..1): the inverse of ``to_luminance``."""
    y = np.asarray(luminance, np.float32)
    f = np.where(y > (6 / 29) ** 3, np.cbrt(y), y / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f - 16


def paled(aim: np.ndarray, mean: np.ndarray, step: Recolour) -> np.ndarray:
    """The colour (CIELAB [3]) that ``step`` moves hair of mean CIELAB colour ``mean`` [3] to, given its ``goal``
    ``aim`` [3]: golden rather than cream where the hair is pale (PALE_LIGHTNESS, PALE_CHROMA, PALE_RAMP), ``aim``
    itself for other hair and for a step that darkens or has no ``away``."""
    if step.away is None or step.target[0] <= step.away[0]:
        return aim
    lighter = np.clip((mean[0] - step.target[0]) / PALE_RAMP[0], 0, 1)
    colouring = np.clip((np.hypot(*aim[1:]) - np.hypot(*mean[1:])) / PALE_RAMP[1], 0, 1)
    pale = float(lighter * colouring)
    moved = np.array(aim, np.float32)
    moved[0] += pale * (min(moved[0], PALE_LIGHTNESS) - moved[0])
    moved[1:] *= 1 + pale * (PALE_CHROMA - 1)
    return moved


def muted(mean: np.ndarray, shift: np.ndarray) -> float:
    """How far a recolouring that moves the hair's mean CIELAB colour ``mean`` [3] by ``shift`` [3] keeps its pixels'
    own a*, b* about the mean: the new mean's chroma over the old one's, at most 1. Hair turned less colourful (blond
    to black or grey) keeps as little of its colour's spread; kept whole, the strands less yellow than blond's mean
    turned teal and blue in the black (``img3``)."""
    before = float(np.hypot(*mean[1:]))
    return min(1.0, float(np.hypot(*(mean[1:] + shift[1:]))) / before) if before > 0 else 1.0


def warmed(lab: np.ndarray, mean: float, lightening: float) -> np.ndarray:
    """CIELAB hair pixels ``lab`` [...,3] of a recolouring that lightened the hair by ``lightening`` L* to the mean
    L* ``mean``, their a*, b* turned towards red (a lower hue angle) by up to WARM degrees: as far as a pixel lies
    below the mean (in full STRANDS L* below) and the hair was lightened (in full from WARM_FROM L*; none when it was
    darkened), for hue angles within WARM_HUES and never below its first. Light hair's shadows are golden brown in
    a photo; the same a*, b* at a lower L* read olive."""
    if lightening <= 0:
        return lab
    a, b = lab[..., 1], lab[..., 2]
    below = np.clip((mean - lab[..., 0]) / STRANDS, 0, 1)
    hue = np.degrees(np.arctan2(b, a))
    room = np.where(hue <= WARM_HUES[1], hue - WARM_HUES[0], 0.0)  # reddish hair's shadows are warm already
    turn = np.radians(np.clip(np.minimum(WARM * below * min(1.0, lightening / WARM_FROM), room), 0, None))
    turned = lab.copy()
    turned[..., 1], turned[..., 2] = a * np.cos(turn) + b * np.sin(turn), b * np.cos(turn) - a * np.sin(turn)
    return turned


def mean_colour(lab: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The ``weight``-weighted ([...], not all 0) mean [3] of CIELAB colours ``lab`` [...,3]."""
    return weight.reshape(-1) @ lab.reshape(-1, 3) / weight.sum()


def goal(step: Recolour) -> np.ndarray:
    """The colour (CIELAB [3], float32) that ``step`` moves the hair's mean to: its target, moved on beyond FULL
    by (|strength| − FULL)/FULL times the target's difference from ``away``, its L* within GOAL_LIGHTNESS and its a*,
    b* never past the neutral axis from the target's side (black +2 went on to a* −2, b* −5: teal; blond −2 to blue).
    """
    target = np.asarray(step.target, np.float32)
    if step.away is None or abs(step.strength) <= FULL:
        return target
    moved = target + (abs(step.strength) - FULL) / FULL * (target - np.asarray(step.away, np.float32))
    moved[0] = np.clip(moved[0], *GOAL_LIGHTNESS)
    moved[1:] = np.where(target[1:] >= 0, np.maximum(moved[1:], 0), np.minimum(moved[1:], 0))
    return moved


def stroke_colour(strokes: np.ndarray, hair: np.ndarray) -> tuple[Recolour | None, np.ndarray]:
    """Split colour strokes (uint8 RGBA [S,S,4] on the aligned face, alpha > 0 where painted) into those that
    lie on the hair (``hair``: float [S,S] in 0..1, at least ON_HAIR of a stroke's pixels above 0.5) and the
    rest: (a Recolour of the whole hair to the hair strokes' mean colour, its chroma at most STROKE_CHROMA,
    None when there are none; the other strokes, RGBA [S,S,4], transparent where there were hair strokes).
    A stroke is a connected set of painted pixels."""
    on_hair = np.zeros(strokes.shape[:2], bool)
    for stroke in each_stroke(strokes):
        if (hair[stroke] > 0.5).mean() >= ON_HAIR:
            on_hair |= stroke
    rest = strokes.copy()
    rest[on_hair] = 0
    if not on_hair.any():
        return None, rest
    return Recolour(stroke_target(strokes, on_hair, STROKE_CHROMA)), rest


def each_stroke(strokes: np.ndarray) -> list[np.ndarray]:
    """The strokes of a stroke layer (uint8 RGBA [S,S,4], alpha > 0 where painted), each a connected set of
    painted pixels: bool masks [S,S]."""
    count, labels = cv2.connectedComponents((strokes[..., 3] > 0).astype(np.uint8), connectivity=8)
    return [labels == label for label in range(1, count)]


def stroke_target(strokes: np.ndarray, where: np.ndarray, chroma: float) -> np.ndarray:
    """The alpha-weighted mean colour of the stroke pixels ``where`` (bool [S,S]) of ``strokes`` (uint8 RGBA
    [S,S,4]), as CIELAB [3] with its chroma at most ``chroma``."""
    alpha = strokes[where, 3:].astype(np.float32)
    target = to_lab(((strokes[where, :3] * alpha).sum(0) / alpha.sum())[None])[0]
    target[1:] *= min(1.0, chroma / max(float(np.hypot(*target[1:])), 1e-6))
    return target
