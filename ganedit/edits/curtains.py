"""Long hair on a photo: curtains of the photo's own hair drawn down beside the face and the neck.

The face GAN sees only the face's box, so G′'s long-hair direction cannot grow hair below the chin, and on a photo it
changes only the photo's own hair: long hair +2 switched long hair on for 1 of 64 portraits without it (``python -m
ganedit.bench.photos``, session 35). So a positive long-hair slider draws hair instead, as bangs draws a fringe
(``ganedit.edits.bangs``): in the face's own frame (``hairline.Frame``; below the ears, on a rolled head, sheared so
that it falls plumb: ``_Fall``) a curtain on each side hangs from the head's hair beside the temples, over the face's
rim there, behind the jaw's lower half and over the neck's sides, widening as it falls, down to ENDS (strength/FULL of
the way), its edges and its ends ragged with the strands, a few flyaways straying out of its outer edge. Its texture is
streaks along lines that fan out from the crown, gathered into broader locks, with single hairs over them whose tips
reach past its ends, its lightness the photo's own hair's (quantile-mapped, the brightest eased), darker towards the
face, its fine detail as strong as the photo's own hair's (a small blurry photo's drawn hair is as soft as its own),
curled as far as the wavy-hair slider asks (``CURLS``), and it casts a soft shadow on the face's rim and the neck. It
hangs behind other people's heads in front and a bearded face's beard (``BEARD_FIT``). The photo's own hair stays where
the hair map has it (long hair already there is not painted over), and where it already falls past the chin nothing is
drawn (``long_already``); nor where ``hairline.hair_sample`` finds no hair's colour (no hair, or a bare scalp; a head
whose hairline is not found over the forehead still gets them).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property

import cv2
import numpy as np

from ganedit.edits import bangs, glasses, hairline, strands
from ganedit.edits.regions import (BROWS, JAW, beard_sample, colour_likelihood, colour_model, cut_box, distance_outside,
                                   hull, skin_model, smoothstep, to_lab, whole_face)

ATTRIBUTE = "long_hair"
FULL = 2.0  # slider strength at which the ends reach ENDS; below it, that share of the way from HANG
# in the face's frame: across in half face widths, down in brows-to-chin distances (0: the brows, 1: the chin)
ENDS = 2.2
HANG = -0.25  # the hair falls freely from this level (a little above the ears); above it, it lies on the head's hair
ROOTS = (-0.6, 0.3)  # above HANG, the drawn hair fades in from this level over this length, over the head's own hair
FALL = 0.15  # below HANG it fades in over this length (all of it where no hair of the photo's lies above), and
# beyond the side of the head's hair at HANG it starts this much lower per half face width further out (a curtain
# wider than the head stood out from the temple as a square block, session 36)
SHOULDER = 1.0
# on a rolled head the hair turns from the face's down to the plumb line below HANG, over this many brows-to-chin
# distances (``_Fall``), for a roll of at most the second's tangent. Drawn along the face's down, ``img89``'s curtain
# ran diagonally over his neck and collar, its ends a scrap floating on his chest, and ``img102``'s slanted off to his
# shoulder. Two fresh reviewers, blind, sides swapped, chose this over the face's down on 14 and 11 of the 18 portraits
# whose curtains it moved, of the 29 rolled 5° or more (both on 7, neither on none; turning over 0.6: 14 and 8, 7 and 1;
# session 73)
GRAVITY = (1.2, 1.0)
NEAR = (0.025, 3.0)  # and near it: the hair map blurred this much (a Gaussian), times this (the hair's soft outline)
HANGING = (0.3, 0.7)  # share of a curtain's part from the ears to the chin that the photo's own hair already covers
# at which its hair counts as long already (then the drawn hair stays off the photo's own: none over the head's)
BELOW = (0.2, 1.0)  # that part: this far down
# hair that already falls past the chin: where, on either side, the photo's own hair covers FALLING[2] or more of
# FALLING[3] or more of the rows of a curtain's span (from its inner edge to its outer one) between FALLING[:2] below
# the brows (brows-to-chin distances), no curtains are drawn (drawn over a woman's own long hair, they were strips in
# a duller colour to two fresh reviewers, session 37; the part above misses hair that the hair map keeps off the
# face's margin)
FALLING = (1.0, 1.5, 0.25, 0.35)
# nor where the attribute classifier finds long hair on the face above this (``PhotoFace.long_haired``): the hair map
# misses long hair on a background much like it, and curtains were drawn over 8 of the 33 portraits it judges
# long-haired, 0.5 or more (``img55``, 0.89, a duller strip over her own hair; ``img97``, 0.99, grey strips over dark
# hair; a /tmp script, session 39); above this 4 of those 8 (also ``img84``, 0.99, and ``img80``, 0.91: hair to the
# shoulders, and curls over which straight curtains were a mullet) and none of the 64 below 0.5; session 48's re-fitted
# classifier moves one portrait across it, ``img86`` (0.83 → 0.92; curtains were drawn over her own hair, which falls
# past her shoulder)
JUDGED_LONG = 0.85
# beside the jaw's lower half and below, the curtain keeps this far from the middle: over the neck's sides (about 0.6
# on the portraits). 0.7 left a strip of background between the curtain and a narrow neck, a seam to a fresh reviewer
# (session 36); the neck's side found from the face's skin colour failed on pale backgrounds, which look like skin
NECK = 0.5
WIDTH = (0.2, 0.6)  # the curtain's width at HANG, at least and at most (beyond the face's outline)
FLARE = 0.3  # it widens by this much per brows-to-chin distance it falls
# the curtain's inner edge lies this far inside the face's outline above the jaw's lower half (over the cheek's rim at
# the temple, and over the ear: passing behind an ear that shows, tried in session 76, two fresh reviewers, blind,
# preferred the ears covered on 22 and 30 of 34 portraits, shown on 5 and 2); beside the jaw's lower half it lies
# behind the jaw (centred on its line: hair over the lower cheeks made the face an oval mask to a fresh reviewer,
# session 36)
INSET = 0.03
# its inner edge's, outer edge's and (below the chin, ragged) inner edge's soft widths (an inner edge 0.03 wide over
# the cheek's rim put a hard line of hair inside the jaw's hull: its detail ratio 0.7–1.3 failed on 5 of the 36
# medium- and dark-skinned portraits, 1 at 0.05, with DETAIL; a /tmp script, session 37)
EDGES = (0.05, 0.08, 0.06)
# its outer edge waves by this much (smooth noise this wide, brows-to-chin distances; its inner edge as much below the
# chin: by half as much, with the longer strands, it ran straight down the neck, a seam, session 37) and both are
# ragged by this much with the strands, the inner one below the chin only (0.06 with the strands alone read as jagged
# splinters to a fresh reviewer, session 36; an inner edge ragged all along, against a fresh reviewer's clean oval
# cut-out face, put strands over the cheeks' rim: the whole face's detail ratio 0.7–1.3 on 79 of 97 portraits, not 90,
# ``bench.photos`` at e33fde5)
RAGGED = (0.04, 0.1, 0.015)
# the ends thin out over this length, each strand's end moved by this share of it ((0.12, 0.3) until session 55: blunt,
# blurred ends)
TAPER = (0.08, 0.7)
# times the strands' spread: about this far at most does a strand's end move (TAPER), eased by a tanh (clipped there
# until session 56, the longest strands all ended on one row: a comb's straight edge)
FRAY = 1.5
# the single hairs (FIBRES) reach past the ends by this share of TAPER's length per unit of their lightness, lighter
# and darker alike: thin hairs' tips rather than the strands' broad spikes
WISPS = 0.6
ROUND = 0.15  # the ends rise by this much towards the outer edge (a rounded cut)
# the strands' lightness: ``bangs.colour``'s quantiles (the fringe's: bangs.SHADE), the texture's bright tail eased
# towards HIGHLIGHTS (tanh) first. Until session 55 (0.7, 0.15) and no easing: evenly spaced high-contrast stripes,
# white wires on dark hair, "brushed metal" or "wood grain" to fresh reviewers (LOCKS)
SHADE = (0.5, 0.15)
HIGHLIGHTS = 1.5
TURN = 0.25  # radians: the strands wave by about this much (``bangs.texture``)
# with the wavy-hair slider up (at FULL fully) the strands curl: they ripple by CURLS[0] radians each way with a period
# of CURLS[2] brows-to-chin distances along their length, the ripples' phase shifted by noise CURLS[1] face widths
# across (``bangs.texture``), each streak CURLS[3] face widths each way. A fresh reviewer, shown straight curtains and
# curls (strands turned by about a radian by noise 0.06 face widths across) on 14 short-haired portraits, chose the
# curls for the 8 whose own hair coils (img15, 68, 69, 76, 81, 82, 95, 96) and the straight for the 6 whose hair is
# straight; neither the hair's coherence (``strands.hair_coherence``: 0.20–0.31 on both) nor the classifier's wavy hair
# (0.01–0.24 on both) tells them apart, so the user chooses. A second chose these ripples over those curls on 13 of the
# 14 (curls: swirled marble, wood grain or fur; ripples: long crimped or wavy locks, if too even; session 39)
CURLS = (0.7, 0.1, 0.12, 0.1)
WAVY = "wavy_hair"
INNER_SHADE = 0.7  # standard normal quantiles: the curtain's lightness falls by this much towards the inner edge
# its shadow on the face's rim and the neck beside it: its blur (brows-to-chin distances) and darkness. Until session
# 38 it fell on the neck only (0.35 dark), and the face's rim stayed bright up to the hair, a pale halo of the photo's
# background or a cut-out to fresh reviewers: they preferred it on the rim too (0.06, 0.35) on 15 and 14 of 16
# portraits (whole and at 100%; 1 and 1 the same), but that shifted the whole face's colour by more than 3 grey levels
# on 16 of 97 (``bench.photos``), this on none (a /tmp script), and this one too was preferred on 14 of 16 both ways (on
# ``img69`` the shadow fell on the man's own grey hair at the temple, a seam: it falls on no hair of the photo's now)
SHADOW = (0.04, 0.3)
# below the chin the inner edge turns ragged over this length (brows-to-chin distances), and the curtains' boxes
# reach this far inside NECK (half face widths) so that neither the ragged inner edge nor the shadow is cut straight
# by a box's side
CHIN = 0.1
WITHIN = 0.25
# a turned face's far side (``_shown``) gets no curtain where it shows less than this (one fading out between 0.3 and
# 0.6 was see-through to a fresh reviewer, session 36)
TURNED = 0.4
LARGEST = 400  # pixels: the curtains are drawn with the face at most this wide (200, enlarged, looked smeared)
# a bearded face's (the classifier's) beard stays in front of the curtains (``_Beard``): their pixels that look like it,
# not skin (``regions.skin_likelihood`` below 1/2), fitting the beard's colour (the chin's pixels that are not skin and
# the hairy ones below the chin) from BEARD_FIT[0], none, to BEARD_FIT[1], all, and hairy: the lightness's fine detail,
# its difference from itself blurred by BEARD_DETAIL[0] grid pixels, its magnitude blurred by BEARD_DETAIL[1], over the
# local lightness, blurred by BEARD_DETAIL[2] and at least BEARD_DETAIL[3] L*, from BEARD_DETAIL[4], none, to
# BEARD_DETAIL[5], all (not a dark background, a shadow or a jacket beside the jaw, whose colour it may share); made
# solid, blurred by BEARD_SOLID[0] grid pixels and counted from BEARD_SOLID[1] (none) to BEARD_SOLID[2] (all), times
# each pixel's own look blurred by BEARD_PIXEL[0] grid pixels and scaled by BEARD_PIXEL[1] (at most 1), in patches at
# least BEARD_SOLID[3] of which lie inside the beard's outline moved in by BEARD_OUTLINE[0], and only within that
# outline widened by BEARD_OUTLINE[0] half face widths at the chin (``_Beard.outline``: the jaw's lower half dropped by
# the beard's length below the chin, a full beard's rounded outline), softened over BEARD_OUTLINE[1]. That length is
# read on a strip BEARD_LENGTH[0] half face widths each side of the middle below the chin, in bands BEARD_LENGTH[1]
# high, down to the first band in which under BEARD_LENGTH[2] of the pixels are solid beard, BEARD_LENGTH[3] at most.
# Until session 78 the curtains lay over a full beard's sides below the jaw (``img16``, ``img59``, ``img61``, ``img62``
# of the portraits); moving their inner edge out to that outline instead showed the background in a crescent between the
# jaw and the hair where the beard is narrower (``img37``, ``img96``); the colour alone took in dark backgrounds beside
# the jaw (``img16``, ``img34``); BEARD_FIT (0.2, 0.4), a patch grown into its neighbours and the outline widened all
# the way up the jaw's lower half showed specks of a grey tweed lapel beside a stubbled jaw (``img35``), to two fresh
# reviewers, blind. Shown this beside the curtains before on the 11 portraits it changes most (sides swapped between
# them; a version whose renders differ from this one's by at most 252 pixels of a portrait), both preferred it on
# ``img16``, ``img24`` and ``img59``, one on ``img40``; one preferred the curtains before on ``img61`` and one, unsure,
# on ``img36`` (a light rim at the jaw); the rest looked the same to them
BEARD_FIT = (0.5, 0.8)
BEARD_DETAIL = (1.5, 2.0, 3.0, 15.0, 0.06, 0.12)
BEARD_SOLID = (3.0, 0.5, 0.8, 0.5)
BEARD_PIXEL = (0.7, 1.5)
BEARD_OUTLINE = (0.08, 0.03)
BEARD_LENGTH = (0.25, 0.02, 0.5, 0.4)
# another face found in the photo hides the curtains over its head (``_in_front``) grown by this share of its jaw's
# width, fading out over the second share: they hang behind another person's head, not over it (``img99`` of the
# portraits: a curtain over the cheek, ear and skull of the baby held beside his father's face); and, where that face
# lies lower than this one (its brows below these), over its shoulders too (the baby's shoulder). A face higher up
# stands behind: ``img103``'s woman behind the man, her shoulders taken as in front, cut his curtains off from the
# temples to the jaw
BEHIND = (0.15, 0.05)
# and where it lies lower, below this face's chin, the pixels of its hair's colour within the first share of its jaw's
# width of its head hide them too, their colour model's likelihood (``regions.colour_likelihood``) counted from the
# second above 0 over the third; that colour is modelled on the skull's top (between the brows raised by the fourth
# share of SKULL and by SKULL), the fifth share of its pixels nearest their median (all of them took in the wall beside
# ``img99``'s baby and hid the father's curtain there): the head's outline alone, a hull of the landmarks, cut
# ``img103``'s curtain off in a straight line over the woman's blond hair
IN_FRONT_HAIR = (0.6, 0.2, 0.3, 0.5, 0.5)
# those shoulders: the jaw line dropped this many brows-to-chin distances and widened this many times about its middle
SHOULDERS = (1.5, 1.6)
# that head reaches this many brows-to-chin distances above the brows (``regions.whole_face``'s 0.2 left the baby's
# skull above his ear under his father's curtain, to a fresh reviewer)
SKULL = 0.8
# the strands' fine detail (their difference from themselves blurred by DETAIL[0] grid pixels) is scaled so that the
# drawn hair's Laplacian has the spread of the photo's own hair's (its hair map above DETAIL[1], eroded by a pixel, at
# the drawing grid's scale), by at least and at most DETAIL[2:]; where under DETAIL[4] such pixels show it is left
DETAIL = (1.5, 0.8, 0.3, 1.5, 200)
CROWN = 1.5  # the strands fan out from this far above the brows' middle
# face widths each way that a strand's streak runs (strands.STRAND_LENGTH, 1/12, drew short dashes: fur or a leopard's
# print to a fresh reviewer, session 37; in steps of 2 pixels, half the time, the strands were dotted; 0.25 until
# session 55)
LENGTH = 0.5
# the strands gather into locks: noise streaked the same way on a grid with the face LOCKS[0] pixels wide (enlarged
# smoothly: each lock a few hundredths of a face width across), LOCKS[1] face widths each way; the lightness mixes the
# strands and the locks by LOCKS[2:4], the ends by 1 and LOCKS[4] (each lock ends a little higher or lower). Curled
# strands (the wavy-hair slider) leave the straight locks out. Fresh reviewers, blind, rated the drawn hair from 1
# (obviously fake) to 5 (a real photo), each picture apart: on 12 short-haired portraits 2.0 on average before, 2.33
# with these and SHADE, HIGHLIGHTS, LENGTH and TAPER (better on 7, worse on 2); a second on 20 (the 12 among them),
# 1.95 and 2.40 (better on 17, worse on 1), a third 2.0 and 2.5 (better on 15, worse on 1; ``/tmp`` renders, session
# 55). The third rated 2.27 the same with DETAIL's ceiling at 4 (the drawn hair as sharp as the photo's own on 17 of
# those 20 rather than 14): worse on 6, never better. Shown side by side, a first reviewer chose "A" on 19 of 20 pairs
# whichever it was, so the reviews rate each picture apart
LOCKS = (30.0, 0.6, 0.6, 0.8, 0.6)
# the strands' spread times which they are drawn beyond the curtain's smooth edges (``_may_show``; unit noise streaked
# over a few hundred thousand pixels reaches about 4.5 at most, and a pixel that far out is all but clear)
STREAKS = 4.0
# flyaways: stray strands that leave the curtain near its outer edge and curl outwards (real long hair's outline is
# never a clean cut): per brows-to-chin distance of curtain, their count; where they start (the curtain's depth, 0
# inner to 1 outer, at least); their length (brows-to-chin distances, the least and the most), how far they bend
# outwards along it (radians, the least and the most) and their opacity at the root (fading to none at the tip). A
# fresh reviewer, rating each picture apart (LOCKS), gave the 20 short-haired portraits 1.95 without them, 2.05 with
# (better on 4, worse on none: "a few loose stray strands added noticeably to the realism"; session 56)
STRAYS = (4.0, 0.85, (0.2, 0.5), (0.5, 1.3), 0.6)
# fibres: single hairs drawn over the strands (the streaks alone, noise smeared along the strands, were brushed metal or
# a plastic sheet at 100%): per grid pixel of curtain, their count; their lightness at most (in the strands' spread;
# each a random share of it from half to all, half of them lighter, half darker); their length (brows-to-chin
# distances, the least and the most); how far each bends (radians, a standard deviation); and how many times finer
# they are drawn, two fine pixels wide, before being shrunk to the grid (a line one grid pixel wide is beaded,
# brighter where it crosses a pixel's centre). A fresh reviewer, rating unscaled crops of the left curtain on the 9
# largest of the 20 short-haired portraits each apart (LOCKS), gave them 2.22 without, 2.67 with (better on 8, worse on
# 1); a second, shown the 20 heads at 600 px, 2.12 and 2.17 (better on 2, worse on none; session 56)
FIBRES = (0.012, 1.2, (0.6, 1.6), 0.07, 3)
# the lowest a strand's end reaches (brows-to-chin distances below the brows), where the curtains' boxes end (at ENDS
# until session 56: the longest strands were cut off along the box's lower side, a straight edge). A fresh reviewer,
# rating crops of the ends on the 7 of the 20 short-haired portraits whose photo shows them each apart (LOCKS), gave
# them 2.0 before, 2.79 with this, FRAY's tanh and WISPS (better on 4, worse on none: "cut off along a straight
# horizontal line" on 3 before; session 56)
LOWEST = ENDS + TAPER[0] * (FRAY * TAPER[1] + WISPS * FIBRES[1])
SPAN = 1.0 + WIDTH[1] + FLARE * (ENDS - HANG) + 3 * RAGGED[0]  # the curtains lie within this far to each side


@dataclass(frozen=True)
class _Fall:
    """How a side's curtain falls plumb below HANG on a rolled head (GRAVITY): its drawing grid's ``frame`` and the
    ``shear``, half face widths across per brows-to-chin distance fallen once the hair has turned (the roll's tangent,
    at most GRAVITY[1], times the frame's length over its width; 0 on an upright face). The curtain is laid out in the
    frame's coordinates sheared by it (``across``): straight down those, it hangs straight down the photo."""

    frame: hairline.Frame
    shear: float

    @classmethod
    def of(cls, frame: hairline.Frame) -> _Fall:
        """The fall on ``frame`` (a face's, on a photo or on a drawing grid)."""
        plumb = np.array([0.0, 1.0]) / max(float(frame.down[1]), 1e-6)
        tilt = float(np.clip((plumb - frame.down) @ frame.across, -GRAVITY[1], GRAVITY[1]))
        return cls(frame, tilt * frame.length / frame.width)

    def fallen(self, down: np.ndarray) -> np.ndarray:
        """How far (brows-to-chin distances) hair has fallen plumb by ``down`` (float [...], the frame's): the
        length below HANG, each part weighted by how far the hair has turned there (smoothly, over GRAVITY[0])."""
        x = np.maximum((np.asarray(down, np.float32) - HANG) / GRAVITY[0], 0)
        turned = np.minimum(x, 1)
        return (GRAVITY[0] * (turned ** 3 - turned ** 4 / 2 + np.maximum(x - 1, 0))).astype(np.float32)

    def across(self, across: np.ndarray, down: np.ndarray) -> np.ndarray:
        """The sheared across (half face widths; float32 [...]) of the frame's coordinates ``across``, ``down``."""
        return (across - self.shear * self.fallen(down)).astype(np.float32)

    def coordinates(self, box: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
        """The sheared coordinates (across, down: float32 [h,w] each) of the grid's pixels in ``box``."""
        across, down = hairline.coordinates(self.frame, box)
        return self.across(across, down), down

    def heading(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The way the strands run (float32 [...] each, unit length) at the grid's pixels ``x``, ``y`` pixels off
        the crown (CROWN): away from it in the sheared coordinates, and so turning plumb below HANG."""
        frame, x, y = self.frame, np.asarray(x, np.float32), np.asarray(y, np.float32)
        down = (x * frame.down[0] + y * frame.down[1]) / frame.length - CROWN
        back = self.shear * self.fallen(down) * frame.width
        x, y = x - back * frame.across[0], y - back * frame.across[1]
        norm = np.maximum(np.hypot(x, y), 1e-6)
        x, y = x / norm, y / norm
        turn = self.shear * frame.width / frame.length * smoothstep((down - HANG) / GRAVITY[0])
        along = turn * (x * frame.down[0] + y * frame.down[1])
        x, y = x + along * frame.across[0], y + along * frame.across[1]
        norm = np.maximum(np.hypot(x, y), 1e-6)
        return (x / norm).astype(np.float32), (y / norm).astype(np.float32)


@dataclass(frozen=True)
class Side:
    """What the curtain on one side of a face is drawn from, the same for every slider move on that photo (``sides``):
    the photo's ``box`` (top, left, bottom, right); the face's ``frame`` on the drawing grid; the grid's pixels'
    ``down`` (brows-to-chin distances), the strands ``streaks`` and the ``locks`` they gather into (unit spread each,
    LOCKS), the ``seed`` they were drawn with and where they were (``drawn``, bool [h,w]: ``_may_show``; 0 elsewhere),
    the curtain's opacity before its ends ``body``, how far each pixel lies from its inner edge to its outer one
    ``depth`` (0..1) and where its shadow falls ``shadowed`` (0..1; float32 [h,w] each, ``_layout``); how ``soft`` the
    photo is in the box (``glasses.softness``, photo pixels) and its ``grain`` (``glasses.grain``, float32 [h,w,3] on
    the box), the spread of the Laplacian of its own hair's grey on the grid (``_detail``, grey levels; None where too
    little hair shows), the share of the rows below the chin where the photo's own hair already falls (``_hanging``,
    0..1), the flyaways' opacity ``strays`` and the ``down`` of each one's root ``stray_roots`` (float32 [h,w] each,
    ``_strays``; inf where none lies), the single hairs' lightness ``fibres`` (float32 [h,w], ``_fibres``) and how
    the curtain ``fall``s plumb (``_Fall``)."""

    box: tuple[int, int, int, int]
    frame: hairline.Frame
    down: np.ndarray
    streaks: np.ndarray
    locks: np.ndarray
    seed: int
    drawn: np.ndarray
    body: np.ndarray
    depth: np.ndarray
    shadowed: np.ndarray
    soft: float
    grain: np.ndarray
    detail: float | None
    hanging: float
    strays: np.ndarray
    stray_roots: np.ndarray
    fibres: np.ndarray
    fall: _Fall
    # what a move of the long-hair slider alone leaves as it was (``_unreached``): the latest, by curl and hair colours
    kept: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def curls(self) -> np.ndarray:
        """The strands curled (CURLS; float32 [h,w] on the grid, unit spread), drawn on first use (the wavy-hair
        slider; ``PhotoFace.reuse`` draws them with a live preview) and kept."""
        box = (0, 0, *self.down.shape)
        return bangs.texture(self.frame, box, self.fall.coordinates(box)[0], self.seed, CROWN, SPAN, CURLS[:3],
                             LARGEST, CURLS[3], self.drawn, self.fall.heading)


@dataclass(frozen=True)
class _Place:
    """Where one side's curtain may lie, before any strand is drawn (``_places``): the ``side`` (-1, 1), the photo's
    ``box`` (top, left, bottom, right), the face's ``frame`` on the drawing grid and how the curtain ``fall``s on it
    (``_Fall``), the grid's ``size`` (w, h), its pixels' ``across`` (sheared: ``_Fall.across``) and ``down``, the
    head's own hair on it (``own``, 0..1), the landmarks on it (``points`` [68,2]), the ``jaw`` (``_jaw``), how far
    out each pixel lies on this side (``out``, half face widths), how much of the head's side shows (``shown``,
    ``_shown``) and the curtain's ``bounds`` (``_bounds``)."""

    side: int
    box: tuple[int, int, int, int]
    frame: hairline.Frame
    fall: _Fall
    size: tuple[int, int]
    across: np.ndarray
    down: np.ndarray
    own: np.ndarray
    points: np.ndarray
    jaw: tuple[np.ndarray, np.ndarray]
    out: np.ndarray
    shown: float
    bounds: tuple


def _scale(points: np.ndarray) -> float:
    """The curtains' drawing scale (≤ 1): the face at most LARGEST pixels wide."""
    return min(1.0, LARGEST / (2 * hairline.frame_of(points).width))


def _places(shape: tuple[int, int], points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]]
             ) -> list[_Place]:
    """Each side's ``_Place`` on a photo of ``shape`` (H, W) for the face whose dlib landmarks ``points`` [68,2]
    (photo pixels) and hair ``hair`` (``hang``'s) are given; a side whose box lies off the photo is left out."""
    frame, scale, found = hairline.frame_of(points), _scale(points), []
    fall = _Fall.of(frame)
    for side in (-1, 1):
        neck, inside = _neck(_jaw(points, fall, side), fall, side)
        top, left, bottom, right = box = _box(fall, side * np.array([inside - WITHIN, SPAN]), shape)
        if bottom <= top or right <= left:
            continue
        size = _grid_size(box, scale)
        grid = hairline.Frame((frame.origin - (left, top)) * scale, frame.across, frame.down, frame.width * scale,
                              frame.length * scale)
        on_grid = _Fall(grid, fall.shear)
        across, down = on_grid.coordinates((0, 0, size[1], size[0]))
        own = cv2.resize(cut_box(*hair, box), size, interpolation=cv2.INTER_AREA)
        grid_points = (np.asarray(points, np.float64) - (left, top)) * scale
        jaw, out, shown = _jaw(grid_points, on_grid, side), across * side, _shown(points, side)
        found.append(_Place(side, box, grid, on_grid, size, across, down, own, grid_points, jaw, out, shown,
                            _bounds(jaw, out, down, own, shown, (neck, inside))))
    return found


def _neck(jaw: tuple[np.ndarray, np.ndarray], fall: _Fall, side: int) -> tuple[float, float]:
    """How far out (half face widths, sheared: ``_Fall``) the curtain on ``side`` keeps beside the jaw's lower half
    and below (NECK from the chin's fall), and the least that its inner edge or that reaches (``jaw``: ``_jaw``'s)."""
    neck = NECK - side * fall.shear * float(fall.fallen(jaw[0][-1]))
    middle = _jaw_middle(jaw)
    return neck, min(NECK, neck, float(np.interp(middle, *jaw)), float(jaw[1][jaw[0] <= middle].min()))


def _box(fall: _Fall, reach: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's box (top, left, bottom, right; within ``shape``, H, W) about a curtain that ``fall``s between
    ``reach`` (two sheared across, half face widths) from ROOTS[0] down to LOWEST."""
    down = np.repeat(np.linspace(ROOTS[0], LOWEST, 16), 2)
    return fall.frame.box(np.tile(reach, 16) + fall.shear * fall.fallen(down), down, shape)


def sides(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
          seed: int = 0, others: Sequence[np.ndarray] = (), bearded: bool = False, threads: int = 2
          ) -> tuple[Side, ...]:
    """The curtains' ``Side`` for the face whose dlib landmarks ``points`` [68,2] (photo pixels) are given and whose
    hair ``hair`` is (``hang``'s), on the photo (uint8 [H,W,3]): drawn with the face at most LARGEST pixels wide
    (enlarged bilinearly when laid on the photo), behind the people of ``others`` in front (the landmarks [68,2] of the
    photo's other faces, photo pixels; ``_behind``) and, on a ``bearded`` face, behind its beard (``_Beard``); a side
    whose box lies off the photo is left out; the sides drawn on up to ``threads`` threads (``_side``). The same
    arguments give the same."""
    scale = _scale(points)
    detail = _detail(photo, hair, scale)
    fronts = [(face, _hair_colour(photo, face) if _lower(face, points) else None)
              for face in (np.asarray(other, np.float64) for other in others)]
    beard = _Beard.of(photo, points) if bearded else None
    with ThreadPoolExecutor(threads) as pool:
        return tuple(pool.map(lambda place: _side(place, photo, scale, seed, detail, fronts, beard),
                              _places(photo.shape[:2], points, hair)))


def _side(place: _Place, photo: np.ndarray, scale: float, seed: int, detail: float | None,
          fronts: Sequence[tuple[np.ndarray, np.ndarray | None]], beard: _Beard | None) -> Side:
    """The ``Side`` drawn on ``place`` (``sides``' work for one side; the two sides run on two threads, NumPy and
    OpenCV letting go of the GIL in their heavy work: ``img33``'s curtains 1.8 s → 1.2, session 79): its strands with
    the face at ``scale`` (``_scale``) from ``seed``, its fine detail to match ``detail`` (``_detail``), hidden behind
    the people of ``fronts`` (``_behind``) and the ``beard`` in front (``_Beard``; None: none)."""
    grid, (top, left, bottom, right) = place.frame, place.box
    in_view = 1 - _behind(place, fronts, scale, photo)
    if beard is not None:
        in_view *= 1 - beard.front(photo, place)
    near = np.minimum(NEAR[1] * cv2.GaussianBlur(place.own, (0, 0), NEAR[0] * grid.length), 1)
    waves = strands.coils(place.down.shape, RAGGED[1] * grid.length, seed + 3)
    drawn = _may_show(place, waves)
    box = (0, 0, place.size[1], place.size[0])
    streaks, locks = (bangs.texture(grid, box, place.across, seed + apart, CROWN, SPAN, (TURN, bangs.WAVE, 0.0),
                                    largest, length, drawn, place.fall.heading)  # (the locks' seeds apart)
                      for apart, largest, length in ((0, LARGEST, LENGTH), (11, *LOCKS[:2])))
    pixels = photo[top:bottom, left:right].astype(np.float32)
    body, depth, shadowed = _layout(place.bounds, place.jaw, place.out, place.down, place.own, near, streaks,
                                    waves, place.shown)
    shadowed *= _off_interior(place.points, place.out.shape, SHADOW[0] * grid.length) * (1 - place.own)  # skin
    strays, roots = _strays(place, body, depth, seed + 23 + place.side)
    return Side(place.box, grid, place.down, streaks, locks, seed, drawn, body * in_view, depth, shadowed * in_view,
                glasses.softness(pixels), glasses.grain(pixels), detail,
                _hanging(place.bounds, place.out, place.down, place.own), strays * in_view, roots,
                _fibres(place, body, seed + 31 + place.side), place.fall)


def _strays(place: _Place, body: np.ndarray, depth: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The flyaways (STRAYS) of one side's curtain on its drawing grid: their opacity (float32 [h,w] in 0..1,
    anti-aliased lines a grid pixel wide) and the ``down`` of each one's root (float32 [h,w]; inf where none lies),
    so that a shorter curtain shows only those rooted in it. Each starts where the curtain (``body``, ``depth``:
    ``_layout``'s) lies near its outer edge, runs along the strands (``_paths``) and bends outwards.
    The same seed gives the same."""
    grid, rng, crown = place.frame, np.random.default_rng(seed), _crown(place.frame)
    rows, columns = np.nonzero((body > 0.5) & (depth >= STRAYS[1]) & (place.down > HANG) & (place.down < ENDS))
    alpha, roots = np.zeros(body.shape, np.float32), np.full(body.shape, np.inf, np.float32)
    for start in rng.choice(len(rows), size=min(round(STRAYS[0] * (ENDS - HANG)), len(rows)), replace=False):
        root = np.array([columns[start], rows[start]], np.float64)
        length, bend = rng.uniform(*STRAYS[2]) * grid.length, rng.uniform(*STRAYS[3])
        path = _paths(place.fall, crown, root[None], np.array([length]), np.array([-place.side * bend]))[0]
        stroke = STRAYS[4] * _stray(body.shape, path)
        roots = np.where(stroke > alpha, place.down[rows[start], columns[start]], roots).astype(np.float32)
        alpha = np.maximum(alpha, stroke)
    return alpha, roots


def _crown(grid: hairline.Frame) -> np.ndarray:
    """The point (x, y pixels of ``grid``, a side's drawing grid) the strands fan out from: CROWN above the brows'
    middle, as ``bangs.texture`` takes it."""
    return grid.to_photo(np.array(0.0), np.array(-CROWN))


def _paths(fall: _Fall, crown: np.ndarray, roots: np.ndarray, lengths: np.ndarray, bends: np.ndarray,
           steps: int = 16) -> np.ndarray:
    """float64 [N,steps+1,2]: the points (x, y pixels of a side's grid) of N hairs, each from its root (``roots``
    [N,2]) along the strands (``_Fall.heading``, away from the ``crown``, [2]: straight out from it on an upright face,
    turning plumb below HANG on a rolled one), ``lengths`` [N] pixels long, turning off them by ``bends`` [N] radians
    in all (positive: from +x towards +y), most of it near the tip."""
    turns = np.asarray(bends, np.float64)[:, None] * np.linspace(0, 1, steps) ** 2
    step = np.asarray(lengths, np.float64)[:, None] / steps
    points = [np.asarray(roots, np.float64)]
    for turn in turns.T:
        x, y = (np.asarray(v, np.float64) for v in fall.heading(*(points[-1] - crown).T))
        way = np.stack([x * np.cos(turn) - y * np.sin(turn), x * np.sin(turn) + y * np.cos(turn)], 1)
        points.append(points[-1] + way * step)
    return np.stack(points, 1)


def _stray(shape: tuple[int, int], path: np.ndarray) -> np.ndarray:
    """One flyaway on a grid of ``shape`` (h, w) along ``path`` (``_path``'s): float32 [h,w] in 0..1, an
    anti-aliased line a pixel wide, fading from 1 at its root to none at its tip."""
    line, steps = np.zeros(shape, np.uint8), len(path) - 1
    for k in range(steps):  # 1/16-pixel precision (shift 4)
        cv2.line(line, tuple(np.round(path[k] * 16).astype(int)), tuple(np.round(path[k + 1] * 16).astype(int)),
                 round(255 * (1 - k / steps)), 1, cv2.LINE_AA, shift=4)
    return line.astype(np.float32) / 255


def _fibres(place: _Place, body: np.ndarray, seed: int) -> np.ndarray:
    """The single hairs (FIBRES) over one side's curtain on its drawing grid: float32 [h,w], how much lighter (or,
    below 0, darker) each pixel is, in the strands' spread; 0 between them. Each runs along the strands (away from the
    crown, CROWN) from a root where the curtain (``body``, ``_layout``'s) shows. The same seed gives the same."""
    grid, rng, fine = place.frame, np.random.default_rng(seed), FIBRES[4]
    rows, columns = np.nonzero(body > 0.3)
    canvases = np.zeros((2, body.shape[0] * fine, body.shape[1] * fine), np.uint8)  # lighter, darker
    starts = rng.choice(len(rows), size=round(FIBRES[0] * len(rows)), replace=False)
    drawn = [(rng.uniform(*FIBRES[2]) * grid.length, rng.normal(0, FIBRES[3]), rng.integers(2),
              round(255 * rng.uniform(0.5, 1))) for _ in starts]
    if not drawn:
        return np.zeros(body.shape, np.float32)
    lengths, bends, canvas, value = zip(*drawn)
    roots = np.stack([columns[starts], rows[starts]], 1)
    for path, into, lit in zip(_paths(place.fall, _crown(grid), roots, lengths, bends), canvas, value):
        cv2.polylines(canvases[into], [np.round(path * fine * 16).astype(np.int32)], False, lit, 2, cv2.LINE_AA,
                      shift=4)
    lighter, darker = (cv2.resize(canvas, body.shape[::-1], interpolation=cv2.INTER_AREA).astype(np.float32) / 255
                       for canvas in canvases)
    return FIBRES[1] * (lighter - darker)


def _behind(place: _Place, fronts: Sequence[tuple[np.ndarray, np.ndarray | None]], scale: float,
            photo: np.ndarray) -> np.ndarray:
    """float32 [h,w] in 0..1 on the place's drawing grid (``scale``: the photo's pixels to the grid's): 1 over
    the people of ``fronts`` in front of this face (each another face's landmarks [68,2], photo pixels, and, where it
    lies lower, its ``_hair_colour``, else None; ``_in_front``, grown by BEHIND[0] of their jaws' widths, and, below
    this face's chin, the hair of those lower down: ``_hair_in_front``; the photo, uint8 [H,W,3]), fading out over
    BEHIND[1] of it; 0 elsewhere."""
    top, left, bottom, right = place.box
    behind, shape, lab = np.zeros(place.down.shape, np.float32), place.down.shape, None
    for face, colour in fronts:
        on_grid = (face - (left, top)) * scale
        gap = distance_outside(hull(_in_front(on_grid, place.points), shape)) / np.ptp(on_grid[JAW, 0])
        behind = np.maximum(behind, smoothstep((BEHIND[0] - gap) / BEHIND[1]))
        if colour is not None:
            if lab is None:  # the grid's pixels, read once for every face in front
                lab = _grid_lab(photo, place.box, place.size)
            below = smoothstep((place.down - place.jaw[0][-1]) / CHIN)
            behind = np.maximum(behind, _hair_in_front(lab, on_grid, colour) * below)
    return behind


def _lower(other: np.ndarray, points: np.ndarray) -> bool:
    """Whether another face (landmarks ``other`` [68,2]) lies lower than ``points`` [68,2] (the same pixels), its
    brows below these: in a group photo, in front."""
    return bool(other[BROWS, 1].min() > points[BROWS, 1].min())


def _hair_colour(photo: np.ndarray, face: np.ndarray) -> np.ndarray | None:
    """The ``regions.colour_model`` [4,3] of the top of the skull of the face whose landmarks ``face`` [68,2] are
    given on the photo (uint8 [H,W,3]; IN_FRONT_HAIR): its hair's colour, or its scalp's; None where under 20 of its
    pixels lie on the photo."""
    shape = photo.shape[:2]
    band = (hull(whole_face(face, SKULL), shape) > 0) & ~(hull(whole_face(face, SKULL * IN_FRONT_HAIR[3]), shape) > 0)
    if band.sum() < 20:
        return None
    sample = to_lab(photo[band])
    apart = np.linalg.norm(sample - np.median(sample, 0), axis=1)
    sample = sample[apart <= np.quantile(apart, IN_FRONT_HAIR[4])]
    return colour_model(sample, np.median(sample, 0))


def _hair_in_front(lab: np.ndarray, other: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """float32 [h,w] in 0..1 on a drawing grid (``lab``, CIELAB [h,w,3]: the photo's pixels there): the hair of another
    face lower down (landmarks ``other`` [68,2] on the grid; its ``colour``, ``_hair_colour``), IN_FRONT_HAIR."""
    width = np.ptp(other[JAW, 0])
    near = distance_outside(hull(whole_face(other, SKULL), lab.shape[:2])) / width < IN_FRONT_HAIR[0]
    likelihood = colour_likelihood(lab, colour)
    return (smoothstep((likelihood - IN_FRONT_HAIR[1]) / IN_FRONT_HAIR[2]) * near).astype(np.float32)


def _in_front(other: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The outline [K,2] of what another person (landmarks ``other`` [68,2]) hides of the face ``points`` [68,2]
    (the same pixels): their head (``regions.whole_face`` with the brows raised by SKULL) and, where they lie lower
    (``_lower``), their shoulders (SHOULDERS)."""
    head, top = whole_face(other, SKULL), other[BROWS, 1].min()
    if not _lower(other, points):
        return head
    jaw, middle = other[JAW], other[JAW].mean(0)
    return np.concatenate([head, (jaw - middle) * (SHOULDERS[1], 1) + middle + (0, SHOULDERS[0] * (other[8, 1] - top))])


def falls_past_chin(shape: tuple[int, int], points: np.ndarray,
                    hair: tuple[np.ndarray, tuple[int, int, int, int]]) -> bool:
    """``long_already`` of the ``sides`` for a photo of ``shape`` (H, W), ``points`` and ``hair`` (``sides``'),
    without drawing their strands: whether the photo's own hair already falls past the chin."""
    return _falls(max((_hanging(place.bounds, place.out, place.down, place.own)
                       for place in _places(shape, points, hair)), default=0.0))


def hang(photo: np.ndarray, points: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]],
         strength: float, drawn_on: tuple[Side, ...] | None = None, wavy: float = 0.0,
         sample: np.ndarray | None = None) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with long hair drawn down beside the face whose dlib landmarks ``points`` [68,2]
    (photo pixels) are given and whose hair ``hair`` is (weights [h,w] in 0..1 and their box, top, left, bottom,
    right, on the photo: ``photo.hair_on_photo``), reaching ``strength``/FULL of the way from HANG to ENDS (0 or
    below: the photo unchanged; above FULL: as at FULL), on ``drawn_on`` (``sides`` of this photo, points and hair,
    computed once per photo, before its hair is recoloured; None: computed now), its strands ``wavy``/FULL of the
    way from straight to curled (the wavy-hair slider's strength; 0 or below: straight), in the colours of
    ``sample`` (``hairline.hair_sample`` of this photo, points and hair; None: read now). The photo unchanged where
    ``hairline.hair_sample`` finds no hair's colour or the hair is long already (``long_already``); pixels outside
    the boxes about the curtains are bit-identical."""
    reach = float(np.clip(strength / FULL, 0, 1))
    if not reach:
        return photo
    sample = hairline.hair_sample(photo, points, hair) if sample is None else sample
    drawn_on = sides(photo, points, hair) if drawn_on is None and sample is not None else drawn_on
    if sample is None or long_already(drawn_on):
        return photo
    out, curled = photo.copy(), float(np.clip(wavy / FULL, 0, 1))
    # each side over the other's: on a rolled head their boxes overlap, and the photo's pixels in the second box cut
    # the first curtain off plumb (a straight seam)
    for side in drawn_on:
        top, left, bottom, right = side.box
        out[top:bottom, left:right] = _drawn(out[top:bottom, left:right], side, sample, reach, curled)
    return out


def _drawn(pixels: np.ndarray, side: Side, sample: np.ndarray, reach: float, curled: float) -> np.ndarray:
    """The photo's ``pixels`` (uint8 [h,w,3]) in the side's box with its curtain drawn (``hang``'s arguments;
    ``sample``: CIELAB pixels [K,3] of the photo's hair, whose colours it takes; ``curled``: 0..1)."""
    frayed, paint = _unreached(side, sample, curled)
    alpha = _curtain(side, reach, frayed, (1 - curled) * np.abs(side.fibres))
    alpha = np.maximum(alpha, side.strays * (side.stray_roots < HANG + reach * (ENDS - HANG) - TAPER[0]))
    if not alpha.any():
        return pixels
    paint = _matched(paint, alpha, side)
    shade = SHADOW[1] * cv2.GaussianBlur(alpha, (0, 0), SHADOW[0] * side.frame.length) * side.shadowed
    alpha, paint, shade = (cv2.resize(layer, pixels.shape[1::-1], interpolation=cv2.INTER_LINEAR)
                           for layer in (alpha, paint, shade))
    return bangs.laid(pixels.astype(np.float32), alpha, paint, shade, side.soft, side.grain)


def ready(drawn_on: tuple[Side, ...], sample: np.ndarray) -> None:
    """Draw now, on each of ``drawn_on`` (a photo's ``sides``), what a long-hair slider's moves reuse in the colours
    of ``sample`` (``hairline.hair_sample`` of the photo; straight strands), so that the first move answers as fast
    as the next."""
    for side in drawn_on:
        _unreached(side, sample, 0.0)


def _unreached(side: Side, sample: np.ndarray, curled: float) -> tuple[np.ndarray, np.ndarray]:
    """What ``_drawn`` lays on ``side`` whatever its reach (float32 on its grid): the strands that fray the curtain's
    ends ([h,w], unit spread where drawn) and its paint before its detail is matched ([h,w,3], 0..255), in the colours
    of ``sample`` (CIELAB [K,3]) ``curled`` (0..1) of the way to curls; kept on the side for the next move."""
    key = (curled, hashlib.blake2b(np.ascontiguousarray(sample).tobytes(), digest_size=16).digest())
    layers = side.kept.get(key)  # (one lookup: another thread's move may clear it meanwhile)
    if layers is None:
        texture, locks = _strands(side, curled), (1 - curled) * side.locks
        lit = strands.unit_on(LOCKS[2] * texture + LOCKS[3] * locks, side.drawn) + (1 - curled) * side.fibres
        lit = np.where(lit > 0, HIGHLIGHTS * np.tanh(lit / HIGHLIGHTS), lit)  # the bright tail eased
        layers = (strands.unit_on(texture + LOCKS[4] * locks, side.drawn),
                  bangs.colour(sample, lit - INNER_SHADE / SHADE[0] * (1 - side.depth), SHADE))
        side.kept.clear()
        side.kept[key] = layers
    return layers


def _detail(photo: np.ndarray, hair: tuple[np.ndarray, tuple[int, int, int, int]], scale: float) -> float | None:
    """The spread (standard deviation, grey levels) of the Laplacian of the photo's (uint8 [H,W,3]) grey over its
    own hair (``hang``'s ``hair``; weights above DETAIL[1], eroded by a pixel), the photo shrunk by ``scale``
    (≤ 1); None where under DETAIL[4] such pixels show."""
    weights, (top, left, bottom, right) = hair
    pixels = photo[top:bottom, left:right].astype(np.float32)
    size = (max(round(pixels.shape[1] * scale), 1), max(round(pixels.shape[0] * scale), 1))
    grey = cv2.resize(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), size, interpolation=cv2.INTER_AREA)
    inside = cv2.erode((cv2.resize(weights, size, interpolation=cv2.INTER_AREA) > DETAIL[1]).astype(np.uint8),
                       np.ones((3, 3), np.uint8)) > 0
    return float(cv2.Laplacian(grey, cv2.CV_32F)[inside].std()) if inside.sum() >= DETAIL[4] else None


def _matched(paint: np.ndarray, alpha: np.ndarray, side: Side) -> np.ndarray:
    """The drawn hair's ``paint`` (float32 [h,w,3] on the side's grid, 0..255) with its fine detail scaled to the
    photo's own hair's (DETAIL; ``alpha`` [h,w] says where it shows): unchanged where the side has no ``detail``."""
    shows = alpha > 0.5
    if side.detail is None or shows.sum() < DETAIL[4]:
        return paint
    drawn = float(cv2.Laplacian(cv2.cvtColor(paint, cv2.COLOR_RGB2GRAY), cv2.CV_32F)[shows].std())
    base = cv2.GaussianBlur(paint, (0, 0), DETAIL[0])
    return base + float(np.clip(side.detail / max(drawn, 1e-3), *DETAIL[2:4])) * (paint - base)


def _strands(side: Side, curled: float) -> np.ndarray:
    """The side's strands, ``curled`` (0..1) of the way from its straight ``streaks`` to its ``curls``: float32
    [h,w] on its grid, unit spread (the two are independent, each of unit spread)."""
    if not curled:
        return side.streaks
    return ((1 - curled) * side.streaks + curled * side.curls) / float(np.hypot(1 - curled, curled))


def _curtain(side: Side, reach: float, texture: np.ndarray, wisps: np.ndarray | float = 0.0) -> np.ndarray:
    """The curtain's opacity on ``side`` reaching ``reach`` (0..1) of the way from HANG to ENDS, on its drawing grid
    (float32 [h,w]): its ``body`` down to its ends, rounded up towards the outer edge, ragged with ``texture`` (unit
    spread: the strands, ``_strands``, with LOCKS[4] of their locks, ``_drawn``) and ``wisps`` (float32 [h,w], 0 or
    more: the single hairs' lightness, ``Side.fibres``, made positive) reaching past them (WISPS)."""
    ends = HANG + reach * (ENDS - HANG) - ROUND * side.depth ** 2
    frayed = TAPER[1] * FRAY * np.tanh(texture / FRAY) - WISPS * wisps
    return side.body * smoothstep((ends - side.down) / TAPER[0] - frayed)


def _layout(bounds: tuple, jaw: tuple[np.ndarray, np.ndarray], out: np.ndarray, down: np.ndarray, own: np.ndarray,
            near: np.ndarray, streaks: np.ndarray, waves: np.ndarray, shown: float
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """On a side's drawing grid (``sides``: where the curtain lies ``bounds`` (``_bounds``), the jaw line ``jaw``
    (``_jaw``), the pixels' frame coordinates ``out`` and ``down``, the photo's hair map ``own`` and how near it lies
    ``near``, the strands ``streaks`` and the edges' noise ``waves``, how much of the side a turned face ``shown``),
    what no slider move changes: the curtain's opacity before its ends, how far each pixel lies from its inner edge
    to its outer one (0..1) and where its shadow falls, on the face's side of its inner edge and fading out to the
    curtain's middle, where skin shows between its strands (float32 [h,w] each; cut off at the inner edge, it drew a
    line down the neck, session 38). A turned face's far side is narrowed and, below TURNED, left out."""
    _, inner, outer, top_inner, head, inside, _ = bounds
    depth = np.clip((out - inner) / np.maximum(outer - inner, 1e-3), 0, 1)
    ragged = RAGGED[0] * waves + RAGGED[2] * streaks
    inner_edge, edge, neck = _edges(bounds, jaw, down, ragged, ragged)
    soft = EDGES[0] + (EDGES[2] - EDGES[0]) * neck
    body = smoothstep((out - inner_edge) / soft) * smoothstep((edge - out) / EDGES[1])
    part = (body > 0.5) & (down > BELOW[0]) & (down < BELOW[1])
    long_already = smoothstep(((own[part].mean() if part.sum() >= 20 else 0.0) - HANGING[0])
                              / (HANGING[1] - HANGING[0]))
    roots = near * smoothstep((down - ROOTS[0]) / ROOTS[1])
    falls = smoothstep((down - HANG - SHOULDER * np.maximum(out - max(head, top_inner), 0)) / FALL)
    body *= np.maximum(roots, falls) * (1 - own * long_already) * (shown >= TURNED)
    shadowed = smoothstep((out - inside + WITHIN) / (WITHIN / 2))  # none at the box's side
    shadowed *= 1 - smoothstep(2 * depth)
    return body.astype(np.float32), depth.astype(np.float32), shadowed.astype(np.float32)


def _edges(bounds: tuple, jaw: tuple[np.ndarray, np.ndarray], down: np.ndarray, inner_ragged: np.ndarray,
           outer_ragged: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The curtain's inner and outer edges (half face widths out; float [h,w]) on a side's grid (``_layout``'s
    ``bounds``, ``jaw`` and ``down``), moved out by ``inner_ragged`` (below the chin, and where the inner edge hangs
    plumb beside the neck rather than follows the jaw, only) and ``outer_ragged`` (half face widths, float [h,w]), and
    how far each pixel lies below the chin or on that plumb line (0..1): a rolled head's straight plumb edge beside
    the jaw, left smooth, was a straight seam (``img37``'s, the benchmark's)."""
    lower, inner, outer, _, _, _, plumb = bounds
    neck = np.maximum(smoothstep((down - jaw[0][-1]) / CHIN), plumb)  # below the chin, or hanging plumb
    return inner - np.where(lower, EDGES[0] / 2, INSET) + inner_ragged * neck, outer + outer_ragged, neck


def _may_show(place: _Place, waves: np.ndarray) -> np.ndarray:
    """bool [h,w] on the side's grid: where its curtain may show (``_layout``'s body above 0, at any reach) with the
    edges' noise ``waves``, whatever its strands (within STREAKS of their mean): where they are drawn."""
    inner_edge, edge, _ = _edges(place.bounds, place.jaw, place.down, RAGGED[0] * waves - RAGGED[2] * STREAKS,
                                 RAGGED[0] * waves + RAGGED[2] * STREAKS)
    return ((place.out > inner_edge) & (place.out < edge) & (place.down > ROOTS[0]) & (place.down < LOWEST)
            & (place.shown >= TURNED))


def _off_interior(points: np.ndarray, shape: tuple[int, int], reach: float) -> np.ndarray:
    """float32 [h,w] of ``shape``: 0 inside the face's interior (the hull of dlib points 17–67, ``points`` [68,2] on
    the grid) rising smoothly to 1 ``reach`` pixels out, so that the curtain's shadow leaves the interior the
    photo's own."""
    return smoothstep(distance_outside(hull(points[17:68], shape)) / max(reach, 1e-3))


def _bounds(jaw: tuple[np.ndarray, np.ndarray], out: np.ndarray, down: np.ndarray, own: np.ndarray, shown: float,
            reach: tuple[float, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float, float, np.ndarray]:
    """Where a curtain lies on a side's grid (``Side``'s fields; ``reach``: ``_neck``'s): the jaw's lower half and below
    (bool [h,w]), the curtain's inner and outer edges (float [h,w], half face widths out), the jaw line at HANG, the
    side of the head's hair there, the least its inner edge reaches and where, beside the jaw's lower half, that edge
    hangs plumb beside the neck rather than follows the jaw (0..1, float32 [h,w])."""
    neck, inside = reach
    lower = down > _jaw_middle(jaw)
    beside = np.interp(down, *jaw)
    inner = np.where(lower, np.maximum(beside, neck), beside)
    top_inner = float(np.interp(HANG, *jaw))
    at_hang = (own > 0.5) & (np.abs(down - HANG) < 0.1) & (out > top_inner - 0.2)
    head = float(np.percentile(out[at_hang], 95)) if at_hang.sum() >= 20 else top_inner
    outer = top_inner + shown * (float(np.clip(head - top_inner, *WIDTH)) + FLARE * np.maximum(down - HANG, 0))
    plumb = np.where(lower, smoothstep((neck - beside) / EDGES[0]), 0).astype(np.float32)
    return lower, inner, outer, top_inner, head, inside, plumb


@dataclass(frozen=True)
class _Beard:
    """A bearded face's beard, which stays in front of the curtains (BEARD_FIT and on): how far it reaches below the
    chin (``length``, brows-to-chin distances), and the colour models (``regions.colour_model``) of the face's skin and
    of its beard."""

    length: float
    skin: np.ndarray
    colour: np.ndarray

    @classmethod
    def of(cls, photo: np.ndarray, points: np.ndarray) -> _Beard | None:
        """The beard on the photo (uint8 [H,W,3]) of the face whose dlib landmarks ``points`` [68,2] (photo pixels)
        are given, read with the face at most LARGEST pixels wide: its colour sampled from the chin's pixels that are
        not skin (``regions.beard_sample``) and the hairy ones (``_hairy`` at 1/2 or more) below the chin on the strip
        where its length is read (a full beard greys or lightens towards its end, ``img16``); None where the skin or the
        beard is not sampled."""
        scale, frame, longest = _scale(points), hairline.frame_of(points), 1.1 + BEARD_LENGTH[3]
        box = frame.box(np.array([-1.2, 1.2, -1.2, 1.2]), np.array([0, 0, longest, longest]), photo.shape[:2])
        lab = _grid_lab(photo, box, _grid_size(box, scale))
        points = (np.asarray(points, np.float64) - (box[1], box[0])) * scale
        skin = skin_model(lab, points)
        if skin is None:
            return None
        skin_fit = colour_likelihood(lab, skin)
        across, down = hairline.coordinates(hairline.frame_of(points), (0, 0, *lab.shape[:2]))
        strip = (np.abs(across) < BEARD_LENGTH[0]) & (down >= 1)
        below = strip & (down < 1 + BEARD_LENGTH[3]) & (skin_fit < 0.5) & (_hairy(lab[..., 0]) >= 0.5)
        sample = np.vstack([beard_sample(lab, skin_fit, points), lab[below]])
        if len(sample) < 20:
            return None
        beard = cls(0.0, skin, colour_model(sample, np.median(sample, 0)))
        return replace(beard, length=_first_short(down[strip] - 1, beard.solid(beard.looks(lab))[strip] >= 0.5))

    def looks(self, lab: np.ndarray) -> np.ndarray:
        """float32 [h,w] in 0..1: how much each pixel of the CIELAB box ``lab`` [h,w,3] (with the face at most LARGEST
        pixels wide) looks like the beard: its colour (BEARD_FIT) and hairy (``_hairy``), not skin."""
        low, high = BEARD_FIT
        colour = np.clip((colour_likelihood(lab, self.colour) - low) / (high - low), 0, 1)
        return (colour * _hairy(lab[..., 0]) * (colour_likelihood(lab, self.skin) < 0.5)).astype(np.float32)

    @staticmethod
    def solid(looks: np.ndarray) -> np.ndarray:
        """float32 [h,w] in 0..1: ``looks``' (float32 [h,w]) made solid (BEARD_SOLID), its edge smooth, not speckled."""
        blurred = cv2.GaussianBlur(looks, (0, 0), BEARD_SOLID[0])
        return smoothstep((blurred - BEARD_SOLID[1]) / (BEARD_SOLID[2] - BEARD_SOLID[1]))

    def front(self, photo: np.ndarray, place: _Place) -> np.ndarray:
        """float32 [h,w] in 0..1 on ``place``'s grid: where the beard lies in front of its curtain, the photo's (uint8
        [H,W,3]) pixels that look like it (``looks``, blurred by BEARD_PIXEL[0] grid pixels and scaled by
        BEARD_PIXEL[1], at most 1) where it is ``solid`` within its ``outline`` widened by BEARD_OUTLINE[0], in patches
        (``solid`` at 1/2 or more, grown by BEARD_SOLID[0] grid pixels) at least BEARD_SOLID[3] of which lie inside
        the outline moved in by BEARD_OUTLINE[0]: the beard's own, not a tweed jacket's lapel beside the jaw (``img35``
        of the portraits)."""
        looks = self.looks(_grid_lab(photo, place.box, place.size))
        within = smoothstep((self.outline(place.jaw, place.down, BEARD_OUTLINE[0]) - place.out) / BEARD_OUTLINE[1])
        solid = self.solid(looks) * within
        kept = _mostly_within(solid >= 0.5, place.out < self.outline(place.jaw, place.down, 0.0) - BEARD_OUTLINE[0])
        grow = 2 * round(BEARD_SOLID[0]) + 1
        pixels = np.minimum(BEARD_PIXEL[1] * cv2.GaussianBlur(looks, (0, 0), BEARD_PIXEL[0]), 1)
        return solid * pixels * cv2.dilate(kept.astype(np.uint8), np.ones((grow, grow), np.uint8))

    def outline(self, jaw: tuple[np.ndarray, np.ndarray], down: np.ndarray, wider: float) -> np.ndarray:
        """How far out (half face widths; float [h,w] at ``down``) the beard may reach beside the ``jaw`` line
        (``_jaw``'s): its lower half dropped by ``length`` and widened by ``wider`` (half face widths), both times the
        share of the way from the jaw's middle to the chin (beside the jaw's middle the photo's jaw line may lie a
        little outside the dlib one, and the background beside it showed in specks, ``img35``); -inf above that
        middle."""
        middle = _jaw_middle(jaw)
        towards_chin = np.clip((jaw[0] - middle) / max(jaw[0][-1] - middle, 1e-6), 0, 1)
        dropped = jaw[0] + self.length * towards_chin
        return np.where(down > middle, np.interp(down, dropped, jaw[1] + wider * towards_chin), -np.inf)


def _grid_size(box: tuple[int, int, int, int], scale: float) -> tuple[int, int]:
    """The drawing grid's size (w, h; at least a pixel each) of the photo's ``box`` (top, left, bottom, right) at
    ``scale`` (``_scale``)."""
    top, left, bottom, right = box
    return max(round((right - left) * scale), 1), max(round((bottom - top) * scale), 1)


def _grid_lab(photo: np.ndarray, box: tuple[int, int, int, int], size: tuple[int, int]) -> np.ndarray:
    """float32 [h,w,3]: CIELAB of the photo's (uint8 [H,W,3]) ``box`` (top, left, bottom, right) shrunk (area
    averaging) to the drawing grid's ``size`` (w, h; ``_grid_size``)."""
    top, left, bottom, right = box
    return to_lab(cv2.resize(photo[top:bottom, left:right], size, interpolation=cv2.INTER_AREA))


def _mostly_within(mask: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """bool [h,w]: the patches (8-connected) of ``mask`` (bool [h,w]) at least BEARD_SOLID[3] of whose pixels are
    ``inside`` (bool [h,w])."""
    patches = cv2.connectedComponents(mask.astype(np.uint8))[1]
    shares = np.bincount(patches[inside], minlength=patches.max() + 1) / np.bincount(patches.ravel())
    return (shares >= BEARD_SOLID[3])[patches] & (patches > 0)


def _hairy(light: np.ndarray) -> np.ndarray:
    """float32 [h,w] in 0..1: how hairy each pixel of the lightness ``light`` (L*, float32 [h,w]; the face at most
    LARGEST pixels wide) is, by its fine detail over the local lightness (BEARD_DETAIL)."""
    detail = cv2.GaussianBlur(np.abs(light - cv2.GaussianBlur(light, (0, 0), BEARD_DETAIL[0])), (0, 0), BEARD_DETAIL[1])
    detail /= np.maximum(cv2.GaussianBlur(light, (0, 0), BEARD_DETAIL[2]), BEARD_DETAIL[3])
    return np.clip((detail - BEARD_DETAIL[4]) / (BEARD_DETAIL[5] - BEARD_DETAIL[4]), 0, 1)


def _jaw_middle(jaw: tuple[np.ndarray, np.ndarray]) -> float:
    """The ``down`` of the jaw line's middle (``_jaw``'s ``jaw``): the jaw's lower half lies below it."""
    return (jaw[0][0] + jaw[0][-1]) / 2


def _first_short(below: np.ndarray, beardy: np.ndarray) -> float:
    """How far the beard reaches below the chin (brows-to-chin distances, 0..BEARD_LENGTH[3]): the top of the first
    band (BEARD_LENGTH[1] high) of pixels ``below`` the chin (float [K]) in which under BEARD_LENGTH[2] of them are
    ``beardy`` (bool [K])."""
    bands = int(round(BEARD_LENGTH[3] / BEARD_LENGTH[1]))
    band = (below / BEARD_LENGTH[1]).astype(np.intp)
    inside = band < bands
    counts = np.bincount(band[inside], minlength=bands)
    shares = np.bincount(band[inside], beardy[inside], bands) / np.maximum(counts, 1)
    short = np.flatnonzero(shares < BEARD_LENGTH[2])
    return (int(short[0]) if len(short) else bands) * BEARD_LENGTH[1]


def _hanging(bounds: tuple, out: np.ndarray, down: np.ndarray, own: np.ndarray) -> float:
    """The share (0..1) of the rows of the curtain's span (``bounds``, ``_bounds``) FALLING[:2] below the brows (16
    bands) in which the photo's own hair (``own``, 0..1) covers at least FALLING[2] (``out``, ``down``: as
    ``_layout``'s)."""
    _, inner, outer, _, _, _, _ = bounds
    span = (out > inner) & (out < outer) & (down > FALLING[0]) & (down < FALLING[1])
    if not span.any():
        return 0.0
    rows = np.clip(((down[span] - FALLING[0]) / (FALLING[1] - FALLING[0]) * 16).astype(np.intp), 0, 15)
    counted = np.bincount(rows, minlength=16)
    covered = np.bincount(rows, own[span] > 0.5, 16) / np.maximum(counted, 1)
    return float((covered[counted > 0] >= FALLING[2]).mean())


def long_already(drawn_on: tuple[Side, ...]) -> bool:
    """Whether the photo's own hair already falls past the chin (``sides``' ``hanging``, FALLING), so that no
    curtains are drawn."""
    return _falls(max((side.hanging for side in drawn_on), default=0.0))


def _falls(hanging: float) -> bool:
    """Whether hair that covers ``hanging`` (0..1, ``_hanging``) of the rows below the chin falls past it."""
    return hanging >= FALLING[3]


def _shown(points: np.ndarray, side: int) -> float:
    """How much of the head's side ``side`` (-1: dlib points 0–8, 1: 8–16) a turned face shows, 0..1: the nose
    tip's distance from that side of the jaw (point 2 or 14) over its distance from the other side, at most 1."""
    points = np.asarray(points, np.float64)
    this, other = (float(np.linalg.norm(points[30] - points[k])) for k in ((2, 14) if side < 0 else (14, 2)))
    return min(1.0, this / max(other, 1e-6))


def _jaw(points: np.ndarray, fall: _Fall, side: int) -> tuple[np.ndarray, np.ndarray]:
    """The jaw line on ``side`` (-1: dlib points 0–8, 1: 16–8; ``points`` on ``fall``'s frame): its points' ``down``
    (rising) and how far out they lie (half face widths), in the face's frame sheared by ``fall``."""
    jaw = np.asarray(points, np.float64)[0:9] if side < 0 else np.asarray(points, np.float64)[16:7:-1]
    across, down = fall.frame.from_photo(jaw)
    return np.maximum.accumulate(down), side * fall.across(across, down).astype(np.float64)
