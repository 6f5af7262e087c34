"""Edit the person in a photo, at the photo's resolution.

``prepare`` finds the face, inverts it (hybrid: the encoder's z refined by gradient descent) and tunes a
copy of G to it (pivotal tuning). ``render`` then turns an edited latent z′ into the whole photo:
the change G′(z′) − G′(z), enlarged and warped back, reaches the photo only inside the part of the face
that the edit names (``ganedit.edits.regions``: the hair for hair colours and long hair, the mouth and
cheeks for a smile, ...), fading out along that part's own shape; every other pixel is the photo's own.
Inside the part the change is added to the photo's pixels, so skin, hair texture, eyes and detail stay
the photo's, and on the face only the change's detail is added (its broad shifts of tone and light, which
a direction drags along, are dropped); over the background (GrabCut tells the person from it), where the
change is large (new hair), the enlarged G′(z′) itself is shown, since adding a large change to pixels
that G′ did not reproduce would show them through. G′'s colours are first matched to the photo's (a gain
and offset per channel, fitted between G′(z) and the photo over the head), so new content takes the
photo's white balance and light.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable, Sequence

import cv2
import numpy as np
import torch
from PIL import Image
from scipy.interpolate import PchipInterpolator, RBFInterpolator

from ganedit.edits import bald, bangs, curtains, hair as hair_colour_edit, hairline, long_hair, matting, paint, regions
from ganedit.edits.facial_hair import Drawing as FacialHair
from ganedit.edits.hat import Hat
from ganedit.edits.inversion import FaceModels, invert
from ganedit.edits.skin import SMOOTHING, Wrinkles
from ganedit.edits.strands import Strands
from ganedit.edits.superres import upscale_array
from ganedit.edits.tuning import TuningSettings, tune_generator
from ganedit.faces import SIZE, Alignment, landmarks
from ganedit.imaging import LUMA, bounds, colour_match, picture_box, to_tensor

INVERSION_STEPS = 50  # the hybrid inversion's pivot need not be perfect: the tuning makes up the rest
PREVIEW_SIDE = 1024  # live edits render on the photo shrunk to this size (fast); the download is full size
REPLACE = (16.0, 48.0)  # grey levels: a change below the first is added to the photo, above the second replaces it
BROAD = 1 / 16  # share of the crop's side: on the face, changes broader than this (tone, light) are dropped
FACE_RATIO = (0.5, 1.3)  # on the face an edit darkens a pixel to half at most and lightens it by 30% at most
DARK = 10.0  # grey levels added before a ratio of luminances, so near-black pixels cannot make it explode
# On photos these sliders move z twice as far as on G's own faces: the tuned G′ and the compositing weaken
# the edit (python -m ganedit.bench.photos counts how often each switches its attribute on; ×2 switched
# smiling and eyeglasses on more often than ×1 or ×3 on 40 of the portraits). Eyeglasses moves z only to take
# glasses off (otherwise frames are drawn, ganedit.edits.glasses; on a photo's face that wears them, nothing: ADDING).
PHOTO_GAIN = {"long_hair": 2.0, "smiling": 2.0, "eyeglasses": 2.0}
# the side (−1 or +1) of each slider that takes away something worn or grown, and that thing. On a face the
# attribute classifier judges not to have it (``PhotoFace.lacking``) that side changes nothing: G′'s change had
# nothing to take away and painted a pale band over the forehead (bangs −2), a dark smear of hair on it (receding
# hairline and bald −2), a blue or white smear over the hair (wearing hat −2) or a pale patch over the upper lip
# (moustache −2; session 44)
REMOVING = {"bangs": (-1, "bangs"), "bald": (-1, "baldness"), "receding_hairline": (-1, "receding hairline"),
            "wearing_hat": (-1, "hat"), "eyeglasses": (-1, "glasses"), "mustache": (-1, "moustache"),
            "goatee": (-1, "goatee"), "5_o_clock_shadow": (-1, "stubble"), "sideburns": (-1, "sideburns"),
            "no_beard": (1, "beard"), "wearing_earrings": (-1, "earrings"), "wearing_necklace": (-1, "necklace"),
            "wearing_necktie": (-1, "necktie"), "wearing_lipstick": (-1, "lipstick"), "heavy_makeup": (-1, "make-up")}
# the side of each slider that adds what a photo's face may show already, and that thing. On a face the attribute
# classifier judges to have it (``PhotoFace.having``) that side changes nothing: G′'s eyeglasses direction over
# glasses already worn smudged the lenses black (img102 of the portraits, a fresh reviewer, session 51)
ADDING = {"eyeglasses": (1, "glasses")}
# sliders that change nothing on a photo (G's own faces keep their latent edit): G′'s change, enlarged from 64×64 into
# their part of the face, drew none of them and only smudged the skin or the hair. Two fresh reviewers, shown +2 on 6
# and on 12 portraits (session 54), saw none take on any, and smudges, grey or green patches, grey teeth, blotches or
# erased brows on 1 to 12 of the 12 (pale skin on all 12); the neck below the jaw, where a necklace or a necktie would
# go, is never G′'s. Wavy hair still curls long hair's drawn curtains (``curtains.hang``)
OFF_PHOTO = frozenset({"double_chin", "pale_skin", "sideburns", "straight_hair", "wavy_hair", "wearing_earrings",
                       "wearing_necklace", "wearing_necktie"})
# young, attractive and male, on a photo, are made of edits drawn on it rather than G′'s change, which on a photo
# painted orange and pale patches about the eyes and a pale band down the nose (session 45): per unit of slider on
# each side (−1, +1), the strengths they add to those edits' sliders (``skin.SMOOTHING`` smooths the skin's
# wrinkles or, negative, deepens them). Younger (and, a little, attractive) is smoother skin, older deeper wrinkles
# (grey hair too, by the hair colours' recolouring, read as a grey wig, and greyed a black background beside black
# hair: img45, img80); male thicker, flatter brows, stubble and rougher skin (a fresh reviewer preferred it to the
# same without the rougher skin and with brows a quarter less thick on 4 of 12 portraits, 1 against, 7 the same:
# stronger on men, dustier on women), female thinner, arched brows, smoother skin, lipstick and a little make-up
COMPOSED = {"young": {1: {SMOOTHING: 0.45}, -1: {SMOOTHING: -0.45}},
            "attractive": {1: {SMOOTHING: 0.3}, -1: {SMOOTHING: -0.3}},
            "male": {1: {"bushy_eyebrows": 0.65, "arched_eyebrows": -0.45, "5_o_clock_shadow": 0.35, SMOOTHING: -0.2},
                     -1: {"bushy_eyebrows": -0.45, "arched_eyebrows": 0.5, SMOOTHING: 0.25, "wearing_lipstick": 0.25,
                          "heavy_makeup": 0.25}}}
# where dlib's face detector puts its box in the aligned crop (fractions of its side; the median over the
# portraits): made-up faces get their landmarks from a box there
TYPICAL_BOX = (0.134, 0.27, 0.846, 1.019)
VIEW_SCALE = 4  # the hair view's side, in the crop's sides: the crop is its centre, long hair and shoulders around
HAIR_VIEW = SIZE * VIEW_SCALE  # pixels: the hair view's side (the crop at G's 64 px); the person is found there
PAD_VIEW = 1.5  # the sketch pad's side, in the crop's sides: the crop at its centre, the top of the head above it
HAIRLINE = 0.08  # share of the crop's side: a colour stroke off the face this near the hair counts as on the hair
STROKE_ON_HAIR = 0.25  # a stroke's pixel lies on the hair where the hair map (soft: dark hair near skin) is above this
# a smile raises the cheeks and with them the lower eyelids (the Duchenne smile's cheek raiser, Ekman, Davidson and
# Friesen 1990), which G's 64×64 smile does not (the eyes' opening changed by a median 0.006 of the eye's width over
# the 45 portraits without a smile): the lower lids (LOWER_LIDS) rise LID_LIFT times as far as the mouth's corners, at
# most LID_CAP of the narrower eye's opening (the lower lids' height below the upper ones, UPPER_LIDS), and cover the
# iris rather than squash it (``eyes_open``). Session 30's lids, 0.35 and an eighth, squashed the iris (a quarter
# more so); covered, 0.6 and a quarter was a fresh reviewer's best or tied best on 14 of the 16 portraits the lids
# moved most, against the covered eighth and the squashing eighth, and a second's choice over the same lids squashing
# on 15 of 16 (1 the same: round pupils and catchlights, not ovals; session 32)
LID_LIFT, LID_CAP = 0.6, 0.25
LOWER_LIDS, UPPER_LIDS = (40, 41, 46, 47), (37, 38, 43, 44)
# a smile on a photo moves the mouth's corners (dlib's points: outer 48 and 54, inner 60 and 64) as G's own move; the
# jaw line, brows, nose and the eyes but their lower lids stay (PINNED)
MOUTH_CORNERS = (48, 54, 60, 64)
PINNED = tuple(point for point in range(48) if point not in LOWER_LIDS)
CORNER_REACH = 0.35  # share of the mouth's width: the farthest any pixel moves
# G's smile moves its corners mostly outwards (medians over the 45 portraits without a smile: 0.15 of the mouth's
# width out, 0.06 up), which on a photo reads as a stretched mouth more than a smile: the corners rise at least
# CORNER_LIFT times as far as G's move outwards, and move out CORNER_WIDEN of it (1.0, 0.7 and a reach of 0.25 gave
# a faint smirk that the classifier saw as a smile on 23 of those 45; with the lips bent, LIPS below, a widening of 0.6
# rather than 1.0 took it from 25 to 23, and a fresh reviewer preferred it on 13 of the 16 portraits it changed most,
# 1.0 on 1, 2 the same: the wider mouth a stretched, rubbery crescent; session 30). A lift of 1.6 took it to 29 of 45
# with the lids and cheeks, 2.0 to 34 (a /tmp script, session 47), and fresh reviewers, blind, preferred 2.0 on 6 of 16
# portraits, 1.6 on 2, 8 the same (2.0 a smile on 12, 1.6 on 8), and 2.0 with a CURVE_CAP of 0.25 (37 of 45) on 10 of
# 16, 3 against, but it stretched 19 of the 97 faces beyond ``bench.look``'s warp bound rather than 11 (6 at 1.6)
CORNER_LIFT, CORNER_WIDEN = 2.0, 0.6
# the cheeks rise with the corners and the lips' middles a little (LIP_MIDDLES, closed lips stay closed), so the mouth
# lifts as a whole rather than bending at pinned middles: a point on each cheek, CHEEK_AT of the way from the mouth's
# corner to the eye's outer corner (36, 45), rises CHEEK_RISE as far as the corner and moves out half that share of
# the corner's move; the lips' middles rise LIP_MIDDLE_RISE as far as the corners. Every other point of the lips
# (LIPS) moves between its middle and its corner, out by its share of the way to the corner, up by the square of it,
# so the upper and lower lip at one place move alike: left free, the lips' outer edges, nearer the pinned nose and
# chin, rose less than their inner ones (medians 0.006 and 0.004 of the mouth's width at +2 on the 45 portraits
# without a smile), and reviewers saw thinned upper and swollen lower lips; a fresh one preferred the bent lips on 5
# of the 16 portraits the change moved most, the free ones on 1, 10 the same (session 30)
CHEEK_AT, CHEEK_RISE, LIP_MIDDLE_RISE = 0.45, 0.6, 0.2
LIP_MIDDLES = (51, 57, 62, 66)
LIPS = tuple(point for point in range(48, 68) if point not in MOUTH_CORNERS)  # their middles among them
# on a turned face a warp smears the far side into a sneer: the whole smile shrinks as the nose's tip lies nearer one
# side of the jaw (dlib 2 and 14) than the other, in proportion below FRONTAL (the nearer distance ÷ the farther)
FRONTAL = 0.75
# a mouth that already curves up needs less: the corners rise only until they lie CURVE_CAP of the mouth's width
# above the inner lips' middle (dlib 62, 66)
CURVE_CAP = 0.2
SPLINE_SMOOTHING = 0.5  # the thin-plate spline's smoothing: coinciding points (closed lips) keep it finite
FLOW_CELL = 4  # pixels: the spline is evaluated once per cell of this side, then enlarged
TRIM_MARGIN = 2  # layer pixels kept beyond the nonzero ones when to_photo trims (a bilinear sample reads 1 beyond)
# a photo pixel whose colour fits the hair's as well as the second likelihood (or better) is recoloured fully, one
# that fits it no better than the first not at all (the background beside dark hair, the skin beside fair hair)
RECOLOUR_GATE = (0.01, 0.1)
# the guided filter that mattes a recolouring's edge (matted): radius (share of the box's side) and regularisation;
# a radius of 0.012 rather than 0.004 reaches the old colour left along the hair's edges (blond +2 without a dark
# rim, bench.look: 39 → 57 of 97 by a /tmp script; a fresh reviewer preferred it on 8 of 17 portraits, the smaller
# on 5, none of it visible at normal size)
MATTE_RADIUS, MATTE_EPS = 0.012, 0.01 * 255 ** 2
MATTE_FLOOR = 0.08  # a matted weight this low or lower is 0: the filter's faint spill stays off flat background
# (0.05 let a full-weight hair edge bleed 9 grey levels onto the pixel beyond a hard edge)
RECOLOUR_FLOOR = 0.02  # where the hair map is this low or lower, the photo's pixels are left as they are
SHEEN_CORE = 0.5  # the hair map's core: patches unlike the hair's colour wholly within it are its sheen
# CIELAB chroma units along the hair's own hue (its colour model's a*, b*): a pixel whose colour, averaged over a third
# of the edge band, lies this far on the far side of grey and is darker than the hair's middle (in full OPPOSITE_DARKER
# L* darker) is not hair (none of it at the first, all from the second), though the broad model fits it: the navy
# jacket seen between blond-brown locks (img53) lightened into a grey-blue haze. Light of the far hue is the hair's
# sheen, cool light reflected off it (img4's crown stayed grey-white in blond without this limit), and stays hair; hair
# of less chroma than OPPOSITE_CHROMA (black, grey, white) has no hue to hold a pixel to
OPPOSITE, OPPOSITE_CHROMA, OPPOSITE_DARKER = (-6.0, -2.0), 4.0, 5.0
# pixels of the 64×64 face (about the hair view's pixel): the hair's outline is unmixed this far either side of it
# (``ganedit.edits.matting``), at the photo's resolution
EDGE_BAND = 1.5
# pixels of the 64×64 face: the Gaussian's sigma over which the hair's broad light, its sheen, is told from its
# strands (``broad_lightness``); black hair's sheen on img46's temple is about 8 face pixels wide, its strands 1
SHEEN_BLUR = 1.25
# The stages of preparing a photo, in order: what each tells the user, and its share of the time (medians on 5
# portraits, img10/24/51/74/90, alone on 2 threads, /tmp script timing the progress calls: finding the faces 0.08 s,
# the inversion 0.45 s, the tuning 0.74 s, the whole frame 1.11 s, the hair and background 0.15 s). "find" is
# ganedit.api's (find_faces), the others ``prepare``'s.
PREPARATION = {"find": ("Finding the faces in your photo", 0.03),
               "invert": ("Encoding your face in the generator's latent space (inversion)", 0.18),
               "tune": ("Tuning the generator to your face (pivotal tuning)", 0.29),
               "frame": ("Fitting the whole-frame generator to your hair and shoulders (for long hair)", 0.44),
               "finish": ("Finding your hair and the background", 0.06)}


@dataclass
class PhotoFace:
    """One face of one photo, ready to edit: the pivot z [1,D] and the generator tuned to it (a user's own)."""

    photo: np.ndarray  # uint8 [H,W,3]
    alignment: Alignment
    z: torch.Tensor
    G: torch.nn.Module
    reconstruction: np.ndarray  # G′(z) enlarged, float32 [4·SIZE,4·SIZE,3] in 0..255
    landmarks: np.ndarray  # float [68,2]: dlib's points in the enlarged face's pixels (0..4·SIZE)
    colour: np.ndarray  # float32 [2,3]: per-channel gain and offset taking G′'s colours to the photo's
    person: np.ndarray  # float32 [4·SIZE,4·SIZE] in 0..1: the person, not the background (person_and_hair)
    hair: np.ndarray  # float32 [HAIR_VIEW,HAIR_VIEW] in 0..1 on the hair view (``widened``): the photo's own hair
    hair_colour: np.ndarray  # float32 [4,3]: its regions.colour_model (all 0 when there is no hair)
    frame: long_hair.FrameFace | None = None  # the whole frame, for long hair (None: long hair through G′'s face)
    fast: bool = False  # G′'s faces are enlarged by bicubic resizing, not the super-resolution model
    wears_glasses: bool = False  # the attribute classifier judged the face to wear glasses (none are drawn over them)
    long_haired: bool = False  # it judged the hair long already (curtains.JUDGED_LONG: no curtains are drawn over it)
    bearded: bool = False  # it judged the face bearded (drawn facial hair takes the beard's colour)
    strands: Strands | None = None  # strand texture over the hair's box on the photo (None: no hair)
    made_up: bool = False  # a made-up face (``from_latent``): the photo is G's own face, whose long hair G draws
    # the completion network that fills the background baldness uncovers (``bald.shave``; None: baldness moves the
    # hairline up, ``hairline.recede``)
    inpainter: torch.nn.Module | None = None
    lacking: frozenset[str] = frozenset()  # sliders whose REMOVING side has nothing to take away here (``lacks``)
    others: tuple[np.ndarray, ...] = ()  # the landmarks [68,2] of the photo's other faces, in the 64×64 face's pixels

    def preview(self, max_side: int) -> "PhotoFace":
        """A copy for live edits: the photo shrunk to at most ``max_side`` pixels and ``fast`` (the
        super-resolution model is most of a render's time), with what every move reuses computed (``reuse``);
        the full-size photo is rendered for download."""
        scale = min(1.0, max_side / max(self.photo.shape[:2]))
        small = self.photo if scale == 1 else cv2.resize(self.photo, None, fx=scale, fy=scale,
                                                         interpolation=cv2.INTER_AREA)
        matrix = self.alignment.matrix @ np.diag([1 / scale, 1 / scale, 1.0])
        strands = self.strands.scaled(scale) if self.strands and scale != 1 else self.strands
        preview = replace(self, photo=small, alignment=replace(self.alignment, matrix=matrix),
                          reconstruction=enlarge(None, self.G, self.z), fast=True, strands=strands)
        preview.reuse()
        return preview

    def reuse(self) -> None:
        """Compute now what every slider move reuses, so that the first move answers as fast as the next: on two
        threads (NumPy, OpenCV and torch let go of the GIL in their heavy work; ``img33``'s live preview 2.6 s → 1.7),
        the curtains (``_reuse_curtains``) and the rest (``pivot_face``, ``shaven``, ``facial_hair``, ``hat``,
        ``wrinkles``, ``fringe_drawn``)."""
        with ThreadPoolExecutor(2) as pool:
            for work in [pool.submit(self._reuse_curtains), pool.submit(self._reuse_rest)]:
                work.result()

    def _reuse_curtains(self) -> None:
        """Compute ``hair_reach``, ``curtain_sides`` and their curled strands, ``hair_sample`` and the curtains'
        layers in its colours (``curtains.ready``)."""
        _ = self.hair_reach, [side.curls for side in self.curtain_sides]
        if self.hair_sample is not None:
            curtains.ready(self.curtain_sides, self.hair_sample)

    def _reuse_rest(self) -> None:
        """Compute ``pivot_face``, ``shaven``, ``facial_hair``, ``hat``, ``wrinkles`` and ``fringe_drawn``."""
        _ = self.pivot_face, self.shaven, self.facial_hair, self.hat, self.wrinkles, self.fringe_drawn

    @cached_property
    def pivot_face(self) -> np.ndarray:
        """G′(z) as ``smooth`` gives it at the reconstruction's size (float32 [S,S,3] in 0..255): every edit's
        change is measured from it, so it is computed once."""
        return smooth(self.G, self.z, len(self.reconstruction))

    @property
    def having(self) -> frozenset[str]:
        """The sliders whose ADDING side finds its thing on this face already: eyeglasses on a photo's face that wears
        glasses (``wears_glasses``; a made-up face keeps G's own edit)."""
        return frozenset({"eyeglasses"}) if self.wears_glasses and not self.made_up else frozenset()

    @property
    def off_photo(self) -> frozenset[str]:
        """The sliders that change nothing on this face (``OFF_PHOTO``): none on a made-up face, whose G draws them."""
        return frozenset() if self.made_up else OFF_PHOTO

    @cached_property
    def curtain_sides(self) -> tuple[curtains.Side, ...]:
        """What long hair's curtains are drawn on (``curtains.sides``; their strands, behind the other faces' heads,
        behind the beard of a face judged bearded), computed once: their two sides on two threads, on one for a live
        preview, whose ``reuse`` computes them beside the rest on a thread of its own (on two, five portraits' previews
        took 2.1 s on average rather than 2.0; a /tmp script, session 79)."""
        others = [self._on_photo(face) for face in self.others]
        return curtains.sides(self.photo, self.landmarks_on_photo(), self.hair_map_on_photo, others=others,
                              bearded=self.bearded, threads=1 if self.fast else 2)

    @cached_property
    def forehead(self) -> hairline.Forehead | None:
        """The forehead and hairline (``hairline.find`` on the photo and its hair map), found once: a fringe, baldness,
        long hair's colours and the notes all start from it."""
        return hairline.find(self.photo, self.landmarks_on_photo(), self.hair_map_on_photo)

    @cached_property
    def fringe_drawn(self) -> bangs.Drawn | None:
        """What a fringe is drawn with (``bangs.drawn_from``: the forehead and hairline, the strands), found once."""
        return None if self.forehead is None else bangs.drawn_from(self.forehead)

    @cached_property
    def shaven(self) -> bald.Shaven | None:
        """The bald head baldness blends in (``bald.shave``), computed once; None where the hair falls past the
        chin already (``hair_long_already``: baldness recedes the hairline there as far as a receding hairline,
        ``hairline.recede``), without an ``inpainter`` or where ``bald.shave`` draws none."""
        if self.inpainter is None or self.hair_long_already or self.forehead is None:
            return None
        return bald.shave_from(self.forehead, self.photo, self.landmarks_on_photo(), self.hair_map_on_photo,
                               self.inpainter)

    @cached_property
    def facial_hair(self) -> FacialHair | None:
        """The facial hair a moustache, goatee, stubble or beard slider draws (``facial_hair.Drawing``), computed
        once."""
        return FacialHair.of(self.photo, self.landmarks_on_photo(), self.hair_map_on_photo, self.bearded)

    @cached_property
    def hat(self) -> Hat | None:
        """The knit hat a wearing hat slider draws (``hat.Hat``), computed once."""
        return Hat.of(self.photo, self.landmarks_on_photo(), self.hair_map_on_photo)

    @cached_property
    def wrinkles(self) -> Wrinkles | None:
        """The band of the skin that smoothing takes away or deepens (``skin.Wrinkles``), computed once."""
        return Wrinkles.of(self.photo, self.landmarks_on_photo())

    @cached_property
    def hair_long_already(self) -> bool:
        """Whether the photo's own hair is long already, so that long hair draws no curtains over it: the classifier
        judged it so (``long_haired``) or the hair map has it falling past the chin (``curtains.falls_past_chin``,
        without drawing the curtains' strands: baldness asks it too)."""
        return self.long_haired or curtains.falls_past_chin(self.photo.shape[:2], self.landmarks_on_photo(),
                                                            self.hair_map_on_photo)

    @cached_property
    def hair_reach(self) -> Reach:
        """How far a hair colour recolours this photo (``recolour_reach`` of its hair map, taken on over the hair that
        falls over the face's sides, ``regions.over_face``, and of the hair's colour model): the same for every slider
        move, so it is computed once; on a live preview with the pixels it marks, RGB and CIELAB (``Reach.pixels``,
        ``lab``: ``img3``'s blond move 142 ms → 128, ``img7``'s 87 → 76, medians of six rounds in turns on a slow
        machine, a /tmp script, session 79)."""
        scale = np.sqrt(abs(np.linalg.det(self.alignment.matrix[:, :2])))
        weights, (top, left, bottom, right) = self.hair_map_on_photo
        if weights.max() > 0:
            weights = regions.over_face(self.photo[top:bottom, left:right], self.landmarks_on_photo() - (left, top),
                                        weights, self.hair_colour)
        reach = recolour_reach(self.photo, (weights, (top, left, bottom, right)), self.hair_colour, EDGE_BAND / scale,
                               sheen=True)
        reach = replace(reach, broad=broad_lightness(self.photo, reach, SHEEN_BLUR / scale))
        if not self.fast:  # a full-size render recolours once; a live preview on every move
            return reach
        pixels = self.photo[top:bottom, left:right][reach.marked].astype(np.float32)
        return replace(reach, pixels=pixels, lab=regions.to_lab(pixels))

    @cached_property
    def hair_sample(self) -> np.ndarray | None:
        """The colours long hair's curtains take from the photo's own hair (``hairline.hair_sample``: CIELAB [K,3];
        None where it finds none), computed once: the ``forehead``'s where a hairline is found."""
        if self.forehead is not None:
            return self.forehead.sample
        return hairline.hair_sample(self.photo, self.landmarks_on_photo(), self.hair_map_on_photo)

    def hair_sample_of(self, edited: np.ndarray) -> np.ndarray | None:
        """``hairline.hair_sample`` of ``edited`` (uint8 [H,W,3], an edit of the photo): the photo's own
        (``hair_sample``, computed once) where the edit left the pixels it reads (``hairline.sought_box``) as they
        were, as a long-hair slider's move alone does; read anew where it changed them (a hair colour)."""
        points = self.landmarks_on_photo()
        top, left, bottom, right = hairline.sought_box(points, self.photo.shape[:2])
        if np.array_equal(edited[top:bottom, left:right], self.photo[top:bottom, left:right]):
            return self.hair_sample
        return hairline.hair_sample(edited, points, self.hair_map_on_photo)

    @cached_property
    def hair_map_on_photo(self) -> tuple[np.ndarray, tuple[int, int, int, int]]:
        """The hair map (``hair``) on the photo: ``hair_on_photo``'s weights and their box, computed once."""
        return hair_on_photo(self.hair, self.alignment.matrix, self.photo.shape[:2])

    def notes(self, strengths: dict[str, float] | None = None) -> list[str]:
        """What a user should know before editing this face, in words ([] when nothing): where no hair was found
        (``hair`` all 0), the sliders that change only the photo's own hair (regions.ON_PHOTO) change nothing
        (long hair does change it when the whole frame was prepared: ``frame``), nor do bangs, drawn from it
        (``ganedit.edits.bangs``), a receding hairline and baldness, which move it or shave it (``hairline.recede``,
        ``bald``). Where hair was found but no hairline over the forehead, raising those three draws nothing, nor
        long hair where no hair colour is found either (``_without_hairline``).
        And where the photo's own hair falls past the chin already (``hair_long_already``): long hair, moved up, draws
        nothing, and baldness only recedes the hairline. And, for ``strengths`` given, the sliders moved to a side that
        has nothing to take away (``lacking``), to a side that adds what the face shows already (``having``), or that
        draw nothing on a photo (``OFF_PHOTO``; ``moved_notes``). ``strengths`` (slider name → strength): only what
        concerns the sliders moved; None: all."""
        return self._hair_notes(strengths) + self.moved_notes(strengths or {})

    def moved_notes(self, strengths: dict[str, float]) -> list[str]:
        """``notes`` on the sliders of ``strengths`` (slider name → strength) moved to a side that has nothing to take
        away on this face (``lacking``), that adds what it shows already (``having``), or that draws nothing on a
        photo (``OFF_PHOTO``)."""
        off_photo = {name: strength for name, strength in strengths.items() if strength and name in self.off_photo}
        others = {name: strength for name, strength in strengths.items() if name not in off_photo}
        return self._removal_notes(others) + self._adding_notes(others) + self._off_photo_notes(off_photo)

    @staticmethod
    def _off_photo_notes(off_photo: dict[str, float]) -> list[str]:
        """``notes`` on the sliders ``off_photo`` (name → strength, moved), which change nothing on a photo
        (``OFF_PHOTO``)."""
        moved = sorted(name.replace("_", " ") for name in off_photo)
        if not moved:
            return []
        curls = " (wavy hair still curls the long hair that long hair draws)" if off_photo.get(curtains.WAVY) else ""
        named = ", ".join(moved[:-1]) + " and " * (len(moved) > 1) + moved[-1]
        return [f"On a photo, {named} change{'s' if len(moved) == 1 else ''} nothing: the generator's "
                f"64×64 face cannot draw {'it' if len(moved) == 1 else 'them'} over the photo's own pixels{curls}."]

    def _adding_notes(self, strengths: dict[str, float]) -> list[str]:
        """``notes`` on the sliders of ``strengths`` raised to add what this face shows already (``having``)."""
        return [f"This face has {ADDING[name][1]} already, so raising {name} changes nothing." for name in sorted(
            self.having) if strengths.get(name, 0.0) * ADDING[name][0] > 0]

    def _removal_notes(self, strengths: dict[str, float]) -> list[str]:
        """``notes`` on the sliders of ``strengths`` (slider name → strength) moved to a side that has nothing to
        take away on this face (``lacking``): one sentence, or []."""
        idle = sorted(REMOVING[name][1] for name, strength in strengths.items()
                      if with_nothing_removed({name: strength}, self.lacking)[name] != strength)
        return [f"This face has no {' or '.join(idle)} to take away, so that side of the "
                f"slider{'s' if len(idle) > 1 else ''} changes nothing."] if idle else []

    def _hair_notes(self, strengths: dict[str, float] | None) -> list[str]:
        """``notes`` on the hair."""
        grown = {long_hair.ATTRIBUTE} if self.frame is not None else set()
        idle = {*regions.ON_PHOTO_SLIDERS, bangs.ATTRIBUTE, *hairline.ATTRIBUTES} - grown
        moved = None if strengths is None else {name for name, value in strengths.items() if value}
        if self.hair.max() == 0:
            names = sorted(name.replace("_", " ") for name in idle)
            return [] if moved is not None and not moved & idle else [
                f"No hair was found in this photo (a bald head, a hat or a headband, or hair much like the background "
                f"or the skin in colour), so {', '.join(names)} and colour strokes on the hair change nothing."]
        raised = None if strengths is None else {name for name, value in strengths.items() if value > 0}
        lineless = sorted(self._without_hairline(grown))
        named = [name.replace("_", " ") for name in lineless]
        notes = [f"No hairline was found over this forehead (a shaven or bald head, a turned head, or hair much like "
                 f"the skin or the background), so raising {', '.join(named[:-1])} or {named[-1]} changes nothing."
                 ] if lineless and (raised is None or raised & set(lineless)) else []
        return notes + self._long_hair_notes(raised, lineless, grown)

    def _long_hair_notes(self, raised: set[str] | None, lineless: list[str], grown: set[str]) -> list[str]:
        """``notes`` on hair that falls past the chin already (``hair_long_already``), for the sliders ``raised``
        (None: all) that draw on it otherwise: long hair draws none over it, baldness recedes its hairline."""
        if not self.hair_long_already:
            return []
        curtains_drawn = not (grown or self.made_up)
        parts = {long_hair.ATTRIBUTE: "long hair draws none over it" if curtains_drawn else "",
                 hairline.BALD: "bald moves its hairline up as a receding hairline does (a bald head is drawn only "
                                "where the hair ends above the chin)"}
        said = [part for name, part in parts.items()
                if part and name not in lineless and (raised is None or name in raised)]
        return [f"This person's hair already falls past the chin, so {' and '.join(said)}."] if said else []

    def _without_hairline(self, grown: set[str]) -> set[str]:
        """The hair sliders that draw nothing on this photo for want of a hairline over the forehead
        (``hairline.find``: bangs, a receding hairline, baldness) and, unless long hair is ``grown`` or G's own, of
        the hair's colour (``hairline.hair_sample``: long hair's curtains); empty where a hairline is found."""
        if self.forehead is not None:
            return set()
        drawn = not (grown or self.made_up) and self.hair_sample is None
        return {bangs.ATTRIBUTE, *hairline.ATTRIBUTES, *([long_hair.ATTRIBUTE] if drawn else [])}

    def hair_on_view(self, size: int, scale: float = 1.0) -> np.ndarray:
        """float32 [size,size] in 0..1: the photo's own hair (``hair``) on the view ``scale`` crop sides wide
        about the aligned face (``widened``; the face itself by default), at side ``size``."""
        return on_view(self.hair, size, scale)

    def stroke_hair(self, size: int, scale: float = 1.0) -> np.ndarray:
        """Where a colour stroke counts as painted on the hair, on the view ``scale`` crop sides wide about the
        aligned face at side ``size``: float32 [size,size], 1 on the hair map (above STROKE_ON_HAIR) and, off
        the whole face (``regions.face_mask``), within HAIRLINE of it (a stroke along the hairline, over bare
        forehead or the gaps of a fringe), else 0. All 0 when the photo shows no hair."""
        hair = (self.hair_on_view(size, scale) > STROKE_ON_HAIR).astype(np.uint8)
        near = cv2.dilate(hair, regions.disc(HAIRLINE * size / scale))
        face = regions.face_mask(self.landmarks_on_view(size, scale), size)
        return np.maximum(hair, near * (face < 0.5)).astype(np.float32)

    def landmarks_on_photo(self) -> np.ndarray:
        """The landmarks [68,2] in pixels of ``photo`` (the preview's, when shrunk)."""
        return self._on_photo(self.landmarks, len(self.reconstruction))

    def _on_photo(self, points: np.ndarray, side: int = SIZE) -> np.ndarray:
        """``points`` [K,2] in pixels of the aligned face at ``side`` (64: ``others``; the enlarged face's:
        ``landmarks``) in pixels of ``photo``."""
        to_face = self.alignment.matrix * (side / SIZE)  # the photo → the face at that side
        return cv2.transform(points[None], cv2.invertAffineTransform(to_face))[0]

    def landmarks_on_view(self, size: int, scale: float = 1.0) -> np.ndarray:
        """The landmarks [68,2] in pixels of the view ``scale`` crop sides wide about the aligned face at side
        ``size`` (``widened``; the sketch pad's with PAD_VIEW)."""
        to_view = widened(np.eye(2, 3) / len(self.reconstruction), scale) * size  # the crop's pixels → the view's
        return cv2.transform(self.landmarks[None], to_view)[0]

    def region(self, parts) -> np.ndarray:
        """float32 [4·SIZE,4·SIZE] in 0..1: where an edit of these parts (names of ``regions.mask``) may
        change the face, the largest of their masks; 0 everywhere for no part."""
        size = len(self.reconstruction)
        masks = [regions.mask(name, self.landmarks, size) * self._photo_map(name) for name in set(parts)]
        return np.max(masks, 0) if masks else np.zeros((size, size), np.float32)

    def _photo_map(self, part: str) -> np.ndarray:
        """Where in this photo the part may change: for the parts of regions.ON_PHOTO, only the photo's own hair
        (``hair``); else the person (``person``): never the background beside the head, where G′'s change to the
        whole head (male, young) was a pale halo."""
        return self.hair_on_view(len(self.reconstruction)) if part in regions.ON_PHOTO else self.person


def prepare(photo: np.ndarray, alignment: Alignment, models: FaceModels, sr_model: torch.nn.Module, *,
            settings: TuningSettings = TuningSettings(), progress: Callable[[float, str], None] | None = None,
            clean_shaven: bool = False, others: Sequence[np.ndarray] = (), frames: FaceModels | None = None
            ) -> PhotoFace:
    """Invert the aligned face (hybrid) and tune a copy of G to it, and with the whole-frame models ``frames``
    (optional) the photo's frame too (``long_hair.prepare``); ``progress`` (optional) as ``stage``'s;
    ``clean_shaven``: the face is known to have no beard (``woman_without_beard``); ``others``: the landmarks
    [68,2] of the photo's other faces (photo pixels); see ``person_and_hair``."""
    skipped = ("frame",) if frames is None else ()
    stages = {name: stage(progress, name, skipped) for name in PREPARATION if name not in ("find", *skipped)}
    inverting, tuning, finishing = stages["invert"], stages["tune"], stages["finish"]
    face = to_tensor(alignment.face)
    inverting(0.0)
    z = invert(models, face, "hybrid", steps=INVERSION_STEPS, starts=1, progress=inverting)
    tuned = tune_generator(models.G, models.D, face, z, settings=settings, progress=tuning)
    frame = None if frames is None else long_hair.prepare(photo, alignment, frames, stages["frame"])
    finishing(0.0)
    prepared = tuned_face(photo, alignment, z, tuned, enlarge(sr_model, tuned, z), clean_shaven, others)
    finishing(1.0)
    return replace(prepared, frame=frame)


def stage(progress: Callable[[float, str], None] | None, name: str, skipped: Sequence[str] = ()
          ) -> Callable[[float], None]:
    """The callback for the share done (0..1) of stage ``name`` of PREPARATION (called with 0 as the stage
    starts): it calls ``progress`` (when given) with the share of the whole preparation done, the ``skipped``
    stages left out, and the stage's words for the user."""
    names = [other for other in PREPARATION if other not in skipped]
    total = sum(PREPARATION[other][1] for other in names)
    start = sum(PREPARATION[earlier][1] for earlier in names[:names.index(name)]) / total
    words, share = PREPARATION[name][0], PREPARATION[name][1] / total

    def report(done: float) -> None:
        if progress:
            progress(start + share * done, words)
    return report


def tuned_face(photo: np.ndarray, alignment: Alignment, z: torch.Tensor, G: torch.nn.Module,
               reconstruction: np.ndarray, clean_shaven: bool = False, others: Sequence[np.ndarray] = ()
               ) -> PhotoFace:
    """The PhotoFace of a photo's face once G′ is tuned: its landmarks on the enlarged face, the colour
    match of G′(z) to the photo, where the person and the hair are (``person_and_hair``), the other faces."""
    size = len(reconstruction)
    to_face = alignment.matrix * (size / SIZE)
    crop = _cut(photo, to_face, size).astype(np.float32)
    colour = colour_match(reconstruction, crop, regions.head(size))
    person, hair, hair_colour = person_and_hair(photo, alignment.landmarks, to_face, size, clean_shaven, others)
    return PhotoFace(photo, alignment, z, G, reconstruction, cv2.transform(alignment.landmarks[None], to_face)[0],
                     colour, person, hair, hair_colour,
                     strands=hair_strands(photo, alignment.matrix, hair, hair_colour, alignment.landmarks),
                     others=tuple(cv2.transform(face[None], alignment.matrix)[0] for face in others))


def person_and_hair(photo: np.ndarray, points: np.ndarray, to_face: np.ndarray, size: int,
                    clean_shaven: bool = False, others: Sequence[np.ndarray] = ()
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two float32 maps in 0..1 and a colour model for the face that ``to_face`` (2×3: photo → face pixels
    at side ``size``) cuts from ``photo``; ``points``: landmarks [68,2] in the photo. On the crop [size,size]:
    the person, not the background (regions.person_likelihood, on the hair view; smoothed over a fiftieth of
    the crop's side); on the hair view [HAIR_VIEW,HAIR_VIEW] (``widened``: VIEW_SCALE times the crop's side
    about it), the photo's own hair, and its colour (regions.hair_model, off the face's skin by
    regions.skin_likelihood; on a ``clean_shaven`` face only the neck's width below the chin is kept out of it,
    not the whole lower jaw's, so long hair beside the jaw is hair; none where it is a bare scalp, hairline.bare_scalp;
    its crown and temples found on the photo's pixels alone, regions.crown and regions.temples).
    ``others``: the landmarks [68,2] of the photo's other faces (photo pixels), whose heads and side the person keeps
    off (``regions.person_likelihood``). The view is cut from the photo's picture without its letterbox bars
    (``imaging.picture_box``), its edges repeated beyond it: repeated, a black bar above the head was all the background
    GrabCut was shown, and it took the background between the bar and the hair for the person (``img68``'s portrait:
    a yellow band over the head turned blond)."""
    to_view = widened(to_face / size) * HAIR_VIEW
    top, left, bottom, right = picture_box(photo)
    from_picture = to_view.copy()
    from_picture[:, 2] += to_view[:, :2] @ (left, top)
    picture = photo[top:bottom, left:right]
    view, view_points = _cut(picture, from_picture, HAIR_VIEW), cv2.transform(points[None], to_view)[0]
    skin = regions.skin_likelihood(view, view_points)
    beside = [cv2.transform(other[None], to_view)[0] for other in others]
    person = regions.person_likelihood(view, view_points, 1 / VIEW_SCALE, skin, beside)
    on_photo = cv2.warpAffine(np.ones(picture.shape[:2], np.uint8), from_picture, (HAIR_VIEW, HAIR_VIEW)) > 0

    def bare(hair: np.ndarray) -> bool:
        return bare_at_work_size(photo, points, to_face * SIZE / size, hair)
    hair, hair_colour = regions.hair_model(view, view_points, person, skin, 1 / VIEW_SCALE, clean_shaven,
                                           on_photo, bare)
    return cv2.GaussianBlur(on_view(person, size), (0, 0), size / 50), hair, hair_colour


def bare_at_work_size(photo: np.ndarray, points: np.ndarray, matrix: np.ndarray, hair: np.ndarray) -> bool:
    """``hairline.bare_scalp`` of the photo (uint8 [H,W,3]; landmarks [68,2] in its pixels, ``matrix`` mapping it to the
    64×64 face) and a hair map on its hair view (float32 [V,V]), on the photo shrunk (area averaging) so that the jaw is
    at most regions.WORK_WIDTH pixels wide (``regions.work_shrunk``): a yes or no from the hair's and the forehead's
    colours and the ratio of their textures (a jaw that wide still shows single strands; a painted test head's blur into
    its scalp's smoothness at a jaw of 62 pixels). ``person_and_hair`` on ``img32`` enlarged to 13.5 megapixels: 0.3 s
    rather than 1.3, the same hair map (a ``/tmp`` script, session 77)."""
    width = float(np.ptp(points[regions.JAW, 0]))
    if width > regions.WORK_WIDTH:
        (photo,), points, scale = regions.work_shrunk((photo,), points, width)
        matrix = np.hstack([matrix[:, :2] / scale, (matrix[:, :2] @ (0.5 / scale - 0.5) + matrix[:, 2])[:, None]])
    return hairline.bare_scalp(photo, points, hair_on_photo(hair, matrix, photo.shape[:2]))


def lacks(probabilities: dict[str, float]) -> frozenset[str]:
    """The sliders of REMOVING whose removing side has nothing to take away on a face the attribute classifier
    judged with ``probabilities`` (name → 0..1, its names): a bangs slider on a face without bangs (below 1/2), the
    no beard slider on a face without a beard (no beard above 1/2)."""
    return frozenset(name for name, (side, _) in REMOVING.items() if (probabilities[name] > 0.5) == (side > 0))


def with_nothing_removed(strengths: dict[str, float], lacking: frozenset[str],
                         having: frozenset[str] = frozenset()) -> dict[str, float]:
    """``strengths`` (slider name → strength) with each slider of ``lacking`` (``lacks``) that is moved to its
    REMOVING side, and each of ``having`` (``PhotoFace.having``) moved to its ADDING side, set to 0."""
    def idle(name: str, strength: float) -> bool:
        if name in lacking and strength * REMOVING[name][0] > 0:
            return True
        return name in having and strength * ADDING[name][0] > 0
    return {name: 0.0 if idle(name, strength) else strength for name, strength in strengths.items()}


def composed(strengths: dict[str, float]) -> dict[str, float]:
    """``strengths`` (slider name → strength) with each COMPOSED slider replaced by what it adds to the edits it is
    made of (summed with their own sliders)."""
    out = {name: strength for name, strength in strengths.items() if name not in COMPOSED}
    for name, sides in COMPOSED.items():
        strength = strengths.get(name, 0.0)
        for part, per_unit in (sides[1 if strength > 0 else -1].items() if strength else ()):
            out[part] = out.get(part, 0.0) + abs(strength) * per_unit
    return out


def woman_without_beard(probabilities: dict[str, float]) -> bool:
    """Whether the attribute classifier's ``probabilities`` (name → 0..1, its names) judge the face a woman's
    (male below 1/2) without a beard (no_beard above 1/2). The skin colour test of ``regions.bearded`` alone
    takes the chin of 12 of the 48 women among the portraits for a beard (10 of them medium- or dark-skinned),
    which kept long hair beside their necks out of the hair map; 11 of those 12 the classifier judges so.
    Men keep the skin test: a beard the classifier misses must not be recoloured as hair."""
    return probabilities["male"] < 0.5 and probabilities["no_beard"] > 0.5


def widened(to_face: np.ndarray, scale: float = VIEW_SCALE) -> np.ndarray:
    """The 2×3 matrix of a view ``scale`` times the crop's side, the crop at its centre (the hair view by
    default; the sketch pad's ``PAD_VIEW``), from ``to_face`` (photo → face, the crop's side being 1); the
    view's side is 1 too."""
    shrink, shift = 1 / scale, (1 - 1 / scale) / 2
    return np.array([[shrink, 0, shift], [0, shrink, shift]]) @ np.vstack([to_face, [0, 0, 1]])


def on_view(layer: np.ndarray, size: int, scale: float = 1.0) -> np.ndarray:
    """A layer on the hair view (float32 [HAIR_VIEW,HAIR_VIEW]) cut to its centre ``scale`` crop sides wide (the
    aligned crop by default), at side ``size``."""
    return cv2.resize(centre(layer, scale / VIEW_SCALE), (size, size), interpolation=cv2.INTER_LINEAR)


def centre(layer: np.ndarray, share: float) -> np.ndarray:
    """The middle ``share`` (0..1) of a square layer [S,S,...] along both axes (a view's crop, or the crop
    on the sketch pad)."""
    margin = round(len(layer) * (1 - share) / 2)
    return layer[margin:len(layer) - margin, margin:len(layer) - margin]


def _cut(photo: np.ndarray, to_face: np.ndarray, size: int) -> np.ndarray:
    """The photo warped by ``to_face`` (2×3) to a size×size image, its edges repeated beyond the photo."""
    return cv2.warpAffine(photo, to_face, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def from_latent(G: torch.nn.Module, z: torch.Tensor, sr_model: torch.nn.Module) -> PhotoFace:
    """A made-up face as a photo to edit: G(z) enlarged is the photo, G itself the generator."""
    reconstruction = enlarge(sr_model, G, z)
    size = reconstruction.shape[0]
    matrix = np.array([[SIZE / size, 0, 0], [0, SIZE / size, 0]])
    photo = reconstruction.round().astype(np.uint8)
    points = face_points(photo)
    face = Image.fromarray(photo).resize((SIZE, SIZE), Image.LANCZOS)
    alignment = Alignment(face, matrix, (0, 0, size, size), points, 0.0)
    identity = np.array([[1, 1, 1], [0, 0, 0]], np.float32)
    person, hair, hair_colour = person_and_hair(photo, points, np.eye(2, 3), size)
    return PhotoFace(photo, alignment, z, G, reconstruction, points, identity, person, hair, hair_colour,
                     strands=hair_strands(photo, matrix, hair, hair_colour, points), made_up=True)


def hair_strands(photo: np.ndarray, matrix: np.ndarray, hair: np.ndarray, model: np.ndarray, points: np.ndarray
                 ) -> Strands | None:
    """The strand texture (``ganedit.edits.strands``) of the photo (uint8 [H,W,3]) over the box of its hair map
    (``hair`` on the hair view; ``matrix`` maps the photo to the 64×64 face) above RECOLOUR_FLOOR, for the face
    whose landmarks [68,2] (photo pixels) give its width, the hair's way read where the map and the fit to the
    hair's colour ``model`` (regions.colour_model [4,3]) are both sure (the map above 1/2, the fit above the
    recolouring's RECOLOUR_GATE); None when the map marks no pixel of the photo."""
    weights, (top, left, _, _) = hair_on_photo(hair, matrix, photo.shape[:2])
    box = bounds(weights > RECOLOUR_FLOOR)
    if box is None:
        return None
    top, left, bottom, right = np.add(box, (top, left, top, left))
    fits = regions.colour_likelihood(regions.to_lab(photo[top:bottom, left:right]), model) > RECOLOUR_GATE[1]
    sure = weights[box[0]:box[2], box[1]:box[3]] * fits
    return Strands.of(photo, (top, left, bottom, right), float(np.ptp(points[regions.JAW, 0])), sure)


@torch.no_grad()
def enlarge(sr_model: torch.nn.Module | None, G: torch.nn.Module, z: torch.Tensor) -> np.ndarray:
    """G(z) for one latent, enlarged 4× by the super-resolution model (bicubic when it is None): float32
    [256,256,3] in 0..255."""
    return enlarged(sr_model, G(z)[0])


def enlarged(sr_model: torch.nn.Module | None, output: torch.Tensor) -> np.ndarray:
    """``enlarge`` of G's ``output`` for one latent (float [3,64,64] in −1..1)."""
    face = output.clamp(-1, 1).add(1).mul(127.5).round().byte().permute(1, 2, 0).numpy()
    if sr_model is None:
        return cv2.resize(face, None, fx=4, fy=4, interpolation=cv2.INTER_CUBIC).astype(np.float32)
    return upscale_array(sr_model, face).astype(np.float32)


def render(state: PhotoFace, z_edited: torch.Tensor, sr_model: torch.nn.Module, region: np.ndarray) -> np.ndarray:
    """The whole photo with the edit G′(z_edited) applied to its face inside ``region`` (float [S,S] in
    0..1 on the enlarged face, e.g. ``state.region(parts)``; any square size S): uint8 [H,W,3]."""
    with torch.no_grad():
        output = state.G(z_edited)[0]
    edited = enlarged(None if state.fast else sr_model, output)
    gain, offset = state.colour
    size = len(state.reconstruction)
    if region.shape != (size, size):
        region = cv2.resize(region.astype(np.float32), (size, size), interpolation=cv2.INTER_LINEAR)
    face = regions.face_mask(state.landmarks, size)
    before, after = (rebuilt * gain + offset for rebuilt in (state.pivot_face, smoothed(output, size)))
    return apply_change(state.photo, state.alignment.matrix, before, after, edited * gain + offset, region, face,
                        np.maximum(face, state.person))


@torch.no_grad()
def smooth(G: torch.nn.Module, z: torch.Tensor, size: int) -> np.ndarray:
    """G(z) at G's own 64×64, enlarged bicubically to size×size: float32 [size,size,3] in 0..255. Changes are
    measured between two of these, without the grain the super-resolution model invents on each face."""
    return smoothed(G(z)[0], size)


def smoothed(output: torch.Tensor, size: int) -> np.ndarray:
    """``smooth`` of G's ``output`` for one latent (float [3,64,64] in −1..1)."""
    return cv2.resize(output.permute(1, 2, 0).numpy() * 127.5 + 127.5, (size, size), interpolation=cv2.INTER_CUBIC)


def apply_change(photo: np.ndarray, matrix: np.ndarray, before: np.ndarray, after: np.ndarray, shown: np.ndarray,
                 region: np.ndarray, face: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """The photo with the change from ``before`` to ``after`` (float [S,S,3] in 0..255, the aligned face, any
    size S) warped back by the inverse of ``matrix`` (photo → 64×64 face), weighted by ``region`` [S,S]
    (0..1). Off ``face`` [S,S] (0..1) the change is added; on it the photo's luminance is multiplied by the
    detail of the change's (its ratio, without the part broader than BROAD, scaled so that the edited part's
    mean light stays), so dark and light skin change alike and keep their colour. Outside ``kept`` [S,S]
    (0..1: the face and the person) a large change shows
    ``shown`` (float [S,S,3]: the edited face) instead (see the module docstring). Pixels where the warped
    region is 0 are bit-identical to the photo."""
    size = before.shape[0]
    change = (after - before) * (1 - face[..., None])
    ratio = np.log(np.maximum(after @ LUMA, 0) + DARK) - np.log(np.maximum(before @ LUMA, 0) + DARK)
    detail = np.clip(ratio - cv2.GaussianBlur(ratio, (0, 0), BROAD * size), *np.log(FACE_RATIO))
    inside = face * region
    light = inside * np.maximum(before @ LUMA, 0)  # the face's mean light stays: Σ light·(e^detail − 1) = 0
    detail = (detail - np.log(max((light * np.exp(detail)).sum(), 1e-6) / max(light.sum(), 1e-6))) * face
    magnitude = cv2.GaussianBlur(np.abs(change).max(2), (0, 0), size / 64)
    low, high = REPLACE
    replace = (np.clip((magnitude - low) / (high - low), 0, 1) * (1 - kept))[..., None]
    weight = region[..., None]
    # in face coordinates: the added change, the replacing image, its share, the log-ratio on the face
    layers = np.concatenate([weight * (1 - replace) * change, weight * replace * shown, weight * replace,
                             weight * detail[..., None]], axis=2)
    warped, (top, left, bottom, right) = to_photo(layers, matrix, photo.shape[:2], trim=True)
    added, replacing, share, relative = warped[..., :3], warped[..., 3:6], warped[..., 6:7], warped[..., 7:]
    result = photo[top:bottom, left:right].astype(np.float32)  # in place below: at a large photo's size every
    if relative.any():  # temporary costs, and a step that changes nothing (off the face, on the person) is skipped
        result *= np.exp(relative)
    result += added
    if share.any():
        result *= 1 - share
        result += replacing
    out = photo.copy()
    out[top:bottom, left:right] = np.clip(np.rint(result, out=result), 0, 255, out=result)
    return out


def smile_flow(before: np.ndarray, after: np.ndarray, points: np.ndarray, size: int) -> np.ndarray:
    """The backward flow (float32 [size,size,2], x then y, pixels at ``size``) that moves a face's mouth corners
    as they move from G's face ``before`` to its face ``after`` (dlib's 68 points [68,2] of each, pixels at
    ``size``), with the cheeks, lips and lower eyelids (``smile_moves``), spread over the face by a
    thin-plate spline (Bookstein 1989; SciPy's RBFInterpolator) that keeps the jaw line, brows, nose and the eyes
    but their lower lids where they are (PINNED), and nothing inside the eyes' opening once the lids have risen
    (``eyes_open``: the risen lid covers the iris); no pixel moves farther than CORNER_REACH of the mouth's width.
    A pixel p of the result shows the face's pixel p + flow[p]."""
    width = float(np.linalg.norm(points[54] - points[48]))
    starts, moves = smile_moves(after - before, points)
    centres = np.vstack([starts + moves, points[list(PINNED)]])
    flow = spline_flow(centres, np.vstack([-moves, np.zeros((len(PINNED), 2))]), size)
    length = np.linalg.norm(flow, axis=2, keepdims=True)
    flow *= 1 - eyes_open(_smiled(points, moves), size)[..., None]
    return flow * np.minimum(1.0, CORNER_REACH * width / np.maximum(length, 1e-6))


def spline_flow(centres: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """A backward flow (float32 [size,size,2], x then y, pixels) that takes ``values`` [K,2] at ``centres`` [K,2]
    (pixels; a moved point's new place and minus its move, a still point's place and 0), spread between them by a
    thin-plate spline (Bookstein 1989; SciPy's RBFInterpolator, smoothed by SPLINE_SMOOTHING) evaluated once per
    FLOW_CELL and enlarged."""
    cells = -(-size // FLOW_CELL)
    grid = (np.mgrid[0:cells, 0:cells][::-1].reshape(2, -1).T + 0.5) * FLOW_CELL - 0.5  # x, y of each cell's centre
    spline = RBFInterpolator(centres, values, kernel="thin_plate_spline", smoothing=SPLINE_SMOOTHING)
    return cv2.resize(spline(grid).reshape(cells, cells, 2).astype(np.float32), (size, size))


def eyes_open(points: np.ndarray, size: int) -> np.ndarray:
    """Where a face's eyes are open: float32 [size,size] in 0..1, 1 between each upper lid and its lower lid
    (``lids`` of dlib's 36–41 and 42–47 of ``points`` [68,2], pixels at ``size``), fading over a pixel across
    each lid. After a smile (``smiled_points``) the warp moves nothing there, so a rising lower lid covers the
    iris' lower edge rather than squashing the iris."""
    rows, columns = np.arange(size, dtype=np.float64)[:, None], np.arange(size, dtype=np.float64)
    shown = np.zeros((size, size))
    for eye in (points[36:42], points[42:48]):
        (left, right), (upper, lower) = lids(eye)
        inside = (columns >= left) & (columns <= right)
        at = np.clip(columns, left, right)
        between = np.clip(rows - upper(at) + 0.5, 0, 1) * np.clip(lower(at) - rows + 0.5, 0, 1)
        shown = np.maximum(shown, inside * between)
    return shown.astype(np.float32)


def lids(eye: np.ndarray) -> tuple[tuple[float, float], tuple[PchipInterpolator, PchipInterpolator]]:
    """An eye's corners' x (left, right; pixels) and its upper and lower lid as y of x: smooth curves (monotone
    cubics, SciPy's PchipInterpolator) through the corners and each lid's two points, from the eye's six dlib
    points [6,2] (a corner, the upper lid, the other corner, the lower lid)."""
    curves = []
    for middle in (eye[[1, 2]], eye[[4, 5]]):
        knots = np.vstack([eye[[0, 3]], middle])
        knots = knots[np.argsort(knots[:, 0])] + np.outer(np.arange(4) * 1e-3, (1, 0))  # x strictly rising
        curves.append(PchipInterpolator(knots[:, 0], knots[:, 1]))
    return (float(knots[0, 0]), float(knots[-1, 0])), tuple(curves)


def smile_moves(motion: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a smile moves a face's points (dlib's 68 [68,2], pixels), from G's points' ``motion`` [68,2]: the
    mouth's corners by ``corner_step``, on a turned face each side as much less as its half of the mouth is
    narrower (the far side is foreshortened); the cheeks (CHEEK_AT, CHEEK_RISE), the lips (their middles
    LIP_MIDDLE_RISE as far as the corners, the rest of LIPS bent between middle and corner, the upper and lower
    lip at one place alike: closed lips stay closed and keep their thickness) and the lower eyelids (LID_LIFT as
    far as the corners rise, at most LID_CAP of the eyes' opening) follow. Returns the moved points [K,2] and
    their moves [K,2] (pixels; up is negative y): the four corners first, then LIPS, the lids and the cheeks."""
    step = corner_step(motion, points)
    middle = points[list(LIP_MIDDLES), 0].mean()
    halves = np.abs(points[[48, 54], 0] - middle)
    sides = np.minimum(halves / max(float(halves.mean()), 1e-6), 1.0)  # left, right: 1 unless foreshortened
    corners = step * np.array([[-1, 1], [1, 1]]) * sides[:, None]  # the left corner goes left
    cheeks = corners * (CHEEK_RISE / 2, CHEEK_RISE)
    across = points[list(LIPS), 0] - middle
    side = (across > 0).astype(int)  # each lip point's half: 0 the left, 1 the right
    out = np.clip(np.abs(across) / np.maximum(halves[side], 1e-6), 0, 1)  # 0 at the middle, 1 at the corner
    rise = LIP_MIDDLE_RISE * step[1]
    lips = np.stack([out * corners[side, 0], rise + out ** 2 * (corners[side, 1] - rise)], 1)
    lids = np.tile([0.0, -min(LID_LIFT * max(-step[1], 0.0), LID_CAP * eye_opening(points))], (len(LOWER_LIDS), 1))
    cheek_points = (1 - CHEEK_AT) * points[[48, 54]] + CHEEK_AT * points[[36, 45]]  # toward the eyes' outer corners
    starts = np.vstack([points[list(MOUTH_CORNERS + LIPS + LOWER_LIDS)], cheek_points])
    return starts, np.vstack([corners[[0, 1, 0, 1]], lips, lids, cheeks])


def smiled_points(motion: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, float]:
    """A face's landmarks [68,2] (pixels) once a smile has moved its mouth's corners, lips and lower lids
    (``smile_moves``, from G's points' ``motion`` [68,2]), and how far its corners rose, as a share of the mouth's
    width (negative: lowered)."""
    _, moves = smile_moves(motion, points)
    width = max(float(np.linalg.norm(points[54] - points[48])), 1e-6)
    return _smiled(points, moves), float(-moves[:2, 1].mean() / width)


def _smiled(points: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """The landmarks [68,2] with the mouth's corners, lips and lower lids moved by ``smile_moves``' ``moves``."""
    moved, index = points.astype(np.float64), list(MOUTH_CORNERS + LIPS + LOWER_LIDS)
    moved[index] += moves[:len(index)]
    return moved


def corner_step(motion: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The right mouth corner's move (outward, down; pixels, up is negative) for a smile, from G's points' ``motion``
    and the face's own ``points`` (dlib's 68 [68,2], pixels): the two sides' corner motion averaged (outward alike,
    up alike), CORNER_WIDEN of it outwards and up at least CORNER_LIFT times its outward move; at most CORNER_REACH
    of the mouth's width, only until the corners lie CURVE_CAP of it above the lips' middle, and less on a turned
    face (``frontal``)."""
    width = float(np.linalg.norm(points[54] - points[48]))
    outward, down = (motion[54, 0] - motion[48, 0]) / 2, (motion[48, 1] + motion[54, 1]) / 2
    step = np.array([CORNER_WIDEN * outward, min(down, -CORNER_LIFT * outward)])
    step *= min(1.0, CORNER_REACH * width / max(float(np.linalg.norm(step)), 1e-6)) * frontal(points)
    curve = float(points[[62, 66], 1].mean() - points[[48, 54], 1].mean())  # how far the corners lie above the middle
    room = max(CURVE_CAP * width - curve, 0.0) / (1 - LIP_MIDDLE_RISE)  # the rise that takes the curve to the cap
    return step * min(1.0, room / max(-step[1], 1e-6))


def frontal(points: np.ndarray) -> float:
    """How frontal a face is, 0..1, from dlib's 68 points [68,2] (pixels): 1 when its nose's tip lies about as far
    from both sides of the jaw (the nearer distance at least FRONTAL of the farther), less on a turned face."""
    near, far = sorted(float(np.linalg.norm(points[30] - points[side])) for side in (2, 14))
    return min(1.0, near / max(far, 1e-6) / FRONTAL)


def eye_opening(points: np.ndarray) -> float:
    """The narrower eye's opening (pixels, at least 0): how far its lower lid lies below its upper lid, from
    dlib's 68 points [68,2] (pixels)."""
    lower, upper = points[list(LOWER_LIDS), 1].reshape(2, 2), points[list(UPPER_LIDS), 1].reshape(2, 2)
    return max(float((lower.mean(1) - upper.mean(1)).min()), 0.0)


def warp_by_flow(photo: np.ndarray, matrix: np.ndarray, flow: np.ndarray, region: np.ndarray) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with its own pixels moved by ``flow`` (float32 [S,S,2], backward, pixels of the
    aligned face at any size S, e.g. ``smile_flow``) weighted by ``region`` [S,S] (0..1), warped back by the
    inverse of ``matrix`` (photo → 64×64 face): a smile keeps the photo's teeth, lips, skin and light. Pixels
    where the warped region is 0 are bit-identical to the photo."""
    size = len(flow)
    moved, (top, left, bottom, right) = to_photo(np.dstack([flow * region[..., None], region]), matrix, photo.shape[:2],
                                                 trim=True)
    shift = (moved[..., :2] @ np.linalg.inv(matrix[:, :2] * (size / SIZE)).T).astype(np.float32)  # face → photo px
    rows, columns = np.mgrid[top:bottom, left:right].astype(np.float32)
    warped = cv2.remap(photo, columns + shift[..., 0], rows + shift[..., 1], cv2.INTER_CUBIC,
                       borderMode=cv2.BORDER_REPLICATE)
    out = photo.copy()
    out[top:bottom, left:right] = np.where(moved[..., 2:] > 0, warped, photo[top:bottom, left:right])
    return out


def face_points(face: np.ndarray) -> np.ndarray:
    """dlib's 68 points [68,2] (pixels) of an aligned face (float [S,S,3] in 0..255, e.g. G's, enlarged),
    from the box where dlib's detector puts a face in the aligned crop (TYPICAL_BOX)."""
    left, top, right, bottom = np.array(TYPICAL_BOX) * len(face)
    return landmarks(np.clip(face, 0, 255).astype(np.uint8), np.array([left, top, right - left, bottom - top]))


def to_photo(layers: np.ndarray, matrix: np.ndarray, shape: tuple[int, int],
             box: tuple[float, float, float, float] = (0.0, 0.0, SIZE, SIZE), trim: bool = False
             ) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Layers on the aligned face (float32 [h,w] or [h,w,C], any size) warped back by the inverse of ``matrix``
    (photo → 64×64 face) onto the photo's box (top, left, bottom, right) that holds them, within a photo of
    ``shape`` (H, W): (the warped layers, that box). The layers cover ``box`` (left, top, right, bottom) of the
    64×64 face's pixels: the face's square by default, ``long_hair.CANVAS_IN_FACE`` for long hair's canvas.
    ``trim``: only the box that holds the layers' nonzero pixels is warped (the same values there, but for OpenCV's
    bilinear weights, which come in steps of 1/32; the photo's pixels beyond it would get 0), so an edit of a small
    part of a large photo stays fast."""
    left, top, right, bottom = box
    scale = np.diag([layers.shape[1] / (right - left), layers.shape[0] / (bottom - top), 1.0])
    to_layers = (scale @ np.array([[1, 0, -left], [0, 1, -top], [0, 0, 1]]) @ np.vstack([matrix, [0, 0, 1]]))[:2]
    if trim:
        layers, to_layers = _trimmed(layers, to_layers)
    height, width = layers.shape[:2]
    top, left, bottom, right = _region(to_layers, (width, height), shape)
    to_region = cv2.invertAffineTransform(to_layers)
    to_region[:, 2] -= (left, top)
    warped = cv2.warpAffine(layers, to_region, (right - left, bottom - top), flags=cv2.INTER_LINEAR)
    return warped, (top, left, bottom, right)


def grow_hair(state: PhotoFace, rendered: np.ndarray, z_frame: torch.Tensor, sr_model: torch.nn.Module,
              steps: Sequence[hair_colour_edit.Recolour] = ()) -> np.ndarray:
    """``rendered`` (uint8 [H,W,3], the state's photo edited so far) with the long hair of the frame latent
    ``z_frame`` (``long_hair.new_hair`` on ``state.frame``), in the photo's own hair colour (its hair map's, else
    its frame's cap's, else G′'s own) moved by the hair colour ``steps``, with the detail of the photo's own hair
    (``long_hair.hair_texture``), behind the skin (ears, a hand: ``regions.skin_likelihood``). Pixels without new
    hair are bit-identical."""
    own = state.hair_colour[0] if state.hair_colour.any() else state.frame.hair
    colour = None if own is None else hair_target(own, steps)
    points = state.landmarks * (SIZE / len(state.reconstruction))
    shown, share = long_hair.new_hair(state.frame, z_frame, long_hair.frame_points(points), colour,
                                      None if state.fast else sr_model)
    matrix = state.alignment.matrix
    warped, (top, left, bottom, right) = to_photo(np.dstack([shown, share]), matrix, rendered.shape[:2],
                                                  long_hair.CANVAS_IN_FACE)
    face_pixel = 1 / np.sqrt(abs(np.linalg.det(matrix[:, :2])))
    hair, (hair_top, hair_left, hair_bottom, hair_right) = hair_on_photo(state.hair, matrix, rendered.shape[:2])
    texture = long_hair.hair_texture(rendered[hair_top:hair_bottom, hair_left:hair_right].astype(np.float32), hair,
                                     (bottom - top, right - left), face_pixel)
    out = rendered.copy()
    box = out[top:bottom, left:right]
    front = long_hair.in_front(regions.skin_likelihood(box, state.landmarks_on_photo() - (left, top)), face_pixel)
    grown = long_hair.composite(box.astype(np.float32), warped[..., :3], warped[..., 3], face_pixel, texture, front)
    out[top:bottom, left:right] = grown.round().clip(0, 255)
    return out


def hair_on_photo(hair: np.ndarray, matrix: np.ndarray, shape: tuple[int, int]
                  ) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A hair map on the hair view (float [V,V] in 0..1, ``PhotoFace.hair``) on the photo of ``shape`` (H, W) that
    ``matrix`` maps to the 64×64 face: ``to_photo``'s (weights [h,w], their box (top, left, bottom, right))."""
    return to_photo(hair.astype(np.float32), widened(matrix / SIZE) * SIZE, shape)


def hair_target(colour: np.ndarray, steps: Sequence[hair_colour_edit.Recolour]) -> np.ndarray:
    """The CIELAB colour [3] of hair of the CIELAB ``colour`` [3] once the recolourings ``steps`` have moved it."""
    rgb = hair_colour_edit.to_rgb(colour)[None]
    for step in steps:
        rgb = hair_colour_edit.recolour(rgb, np.ones(1, np.float32), step)
    return regions.to_lab(rgb)[0]


def recolour_hair(photo: np.ndarray, state: PhotoFace, steps: Sequence[hair_colour_edit.Recolour]) -> np.ndarray:
    """The photo (uint8 [H,W,3], ``state.photo`` or an edit of it) with its hair recoloured by
    ``ganedit.edits.hair.recolour``, one ``steps`` after the other, as far as ``state.hair_reach`` says (the hair
    map times how well each of the state's own pixels fits the hair's colour, so the edit follows the strands at
    the photo's resolution and stops at the hair's edge; the mixed pixels along that edge unmixed,
    ``ganedit.edits.matting``), with the state's strand texture drawn into hair that is lightened. Pixels off the
    hair (the map at RECOLOUR_FLOOR or below, or a colour unlike the hair's, beyond the mixed edge) are
    bit-identical. On the state's own photo (a live preview's) its reach's pixels are read once (``Reach.pixels``)."""
    reach = state.hair_reach
    return recolour_within(photo, reach if photo is state.photo else replace(reach, pixels=None, lab=None), steps,
                           state.strands)


def paint_face(photo: np.ndarray, matrix: np.ndarray, paints: Sequence[paint.Paint]) -> np.ndarray:
    """The photo (uint8 [H,W,3]) with the face's parts painted (``ganedit.edits.paint``), one after the other,
    as ``recolour_hair`` recolours the hair: each Paint's weight (on the aligned face; ``matrix`` maps the
    photo to the 64×64 face) times how well each pixel fits the colour of the part's core (its weight above
    1/2), so the paint stops where the part's colour does. Pixels off every part are bit-identical."""
    for painted in paints:
        photo = recoloured(photo, to_photo(painted.weight, matrix, photo.shape[:2]), None, (painted.step,))
    return photo


@dataclass(frozen=True)
class Reach:
    """How far a recolouring changes each pixel of a photo's box (``recolour_reach``)."""

    box: tuple[int, int, int, int]  # the photo's (top, left, bottom, right)
    marked: np.ndarray  # bool [h,w]: the box's pixels that change
    weight: np.ndarray  # float32 [K] in 0..1: how much, for each marked pixel (row by row)
    # the mixed pixels along the outline (``matting.edge_mix``): their places among the marked pixels [M] (int), and
    # for each, how far it takes the unmixed edit [M] (above 0), how much of it is hair [M] (at least its weight), the
    # local hair's colour [M,3] (RGB, and CIELAB: converted once, not on every slider move) and the local colour beyond
    # the hair [M,3] (RGB)
    mixed: np.ndarray
    share: np.ndarray
    alpha: np.ndarray
    hair: np.ndarray
    hair_lab: np.ndarray
    beyond: np.ndarray
    broad: np.ndarray | None = None  # float32 [K]: the L* of the hair's broad light about each pixel (broad_lightness)
    # float32 [K,3]: the marked pixels of the photo the reach was found on, RGB and CIELAB, read once rather than on
    # every slider move (a live preview's ``PhotoFace.hair_reach``; None: read from the photo recoloured)
    pixels: np.ndarray | None = None
    lab: np.ndarray | None = None


def recolour_reach(photo: np.ndarray, where: tuple[np.ndarray, tuple[int, int, int, int]],
                   model: np.ndarray | None, band: float = 0.0, sheen: bool = False) -> Reach:
    """How far a recolouring reaches the photo (uint8 [H,W,3]): where ``where`` (``to_photo``'s weights in 0..1 and
    their box) is above RECOLOUR_FLOOR, times each pixel's fit to the colour ``model`` (a regions.colour_model
    [4,3]; None: one fitted to the pixels weighted above 1/2), gated by RECOLOUR_GATE and matted along the
    photo's edges (``matted``); the mixed pixels within ``band`` photo pixels of its outline unmixed
    (``matting.edge_mix``; 0: none). With ``sheen`` (hair), the pixels the colour gate leaves out in patches
    wholly within the map's core (above SHEEN_CORE) count fully: the hair's highlights, enclosed by hair, not the
    background or the skin beside it; those whose hue lies opposite the hair's (``hue_gate``, averaged over a third of
    ``band``) do not count. It depends on the photo and the map alone, not on the recolouring."""
    weights, box = where
    top, left, bottom, right = box
    marked = weights > RECOLOUR_FLOOR
    if not marked.any():
        return Reach(box, marked, np.zeros(0, np.float32), np.zeros(0, int), *np.zeros((2, 0), np.float32),
                     *np.zeros((3, 0, 3), np.float32))
    pixels = photo[top:bottom, left:right]
    lab = regions.to_lab(pixels[marked].astype(np.float32))
    if model is None:
        core = weights[marked] > 0.5
        sample = lab[core] if core.sum() >= 10 else lab
        model = regions.colour_model(sample, np.median(sample, 0))
    fits = regions.colour_likelihood(lab, model)
    gate = np.zeros(marked.shape, np.float32)
    gate[marked] = np.clip((fits - RECOLOUR_GATE[0]) / (RECOLOUR_GATE[1] - RECOLOUR_GATE[0]), 0, 1)
    if sheen:
        low = gate < 0.5
        gate[low & ~regions.touching(low, weights < SHEEN_CORE)] = 1
        gate[marked] *= hue_gate(pixels, marked, model, band / 3)
    weight = weights[marked] * gate[marked]
    full = np.zeros(marked.shape, np.float32)
    full[marked] = matted(pixels, marked, weight)
    mix = matting.edge_mix(pixels, full, band)
    mixed = mix.share > 0
    marked = marked | mixed
    hair = mix.hair[mixed]
    return Reach(box, marked, full[marked], np.flatnonzero(mixed[marked]), mix.share[mixed],
                 np.maximum(mix.alpha, full)[mixed], hair, regions.to_lab(hair), mix.beyond[mixed])


def hue_gate(box: np.ndarray, marked: np.ndarray, model: np.ndarray, blur: float) -> np.ndarray:
    """float32 [K] in 0..1: for each ``marked`` pixel (bool [h,w]) of ``box`` (uint8 [h,w,3]), whether its colour,
    averaged over a Gaussian of ``blur`` pixels (so single strands' noisy hue does not speckle), may be hair: 0 where it
    is darker than the middle of the hair's colour ``model`` (a regions.colour_model [4,3]; in full OPPOSITE_DARKER L*
    darker) and its a*, b* lie along that model's hue at OPPOSITE[0] or less, on the far side of grey, 1 from
    OPPOSITE[1] on or where it is lighter; all 1 where the hair's chroma is under OPPOSITE_CHROMA."""
    hue = model[0, 1:].astype(np.float32)
    chroma = float(np.hypot(*hue))
    if chroma < OPPOSITE_CHROMA:
        return np.ones(int(marked.sum()), np.float32)
    lab = regions.to_lab(matting.broad_blur(box.astype(np.float32), max(blur, 0.5))[marked])
    other_hue = 1 - np.clip((lab[:, 1:] @ (hue / chroma) - OPPOSITE[0]) / (OPPOSITE[1] - OPPOSITE[0]), 0, 1)
    darker = np.clip((model[0, 0] - lab[:, 0]) / OPPOSITE_DARKER, 0, 1)
    return (1 - other_hue * darker).astype(np.float32)


def broad_lightness(photo: np.ndarray, reach: Reach, sigma: float) -> np.ndarray:
    """float32 [K]: for each pixel that ``reach`` marks on the photo (uint8 [H,W,3]), the mean L* of the hair about it,
    weighted by ``reach``'s weights over a Gaussian of ``sigma`` photo pixels: the hair's broad light (its sheen and
    its shade) without its strands, as ``ganedit.edits.hair.recolour`` takes it."""
    top, left, bottom, right = reach.box
    weight = np.zeros(reach.marked.shape, np.float32)
    weight[reach.marked] = reach.weight
    lightness = regions.to_lab(photo[top:bottom, left:right].astype(np.float32))[..., :1]
    return matting.local_mean(lightness, weight, sigma)[0][reach.marked, 0]


def recolour_within(photo: np.ndarray, reach: Reach, steps: Sequence[hair_colour_edit.Recolour],
                    strands: Strands | None = None) -> np.ndarray:
    """The photo (uint8 [H,W,3]) recoloured by ``steps`` (``ganedit.edits.hair.recolour``, with the texture of
    ``strands`` when given) as far as ``reach`` says; its mixed pixels change by their local hair's change times
    how much of them is hair, their colour, where the hair lightens, taken towards the new hair's mixture with what
    lies beyond (``matting.recomposed``). Pixels it does not mark are bit-identical."""
    out = photo.copy()
    top, left, bottom, right = reach.box
    box = out[top:bottom, left:right]  # a view: written in place
    if not reach.marked.any() or not steps:  # nothing to recolour, or none of it inside the photo
        return out
    read = reach.pixels is not None  # the photo the reach was found on: its pixels read once
    pixels = reach.pixels.copy() if read else box[reach.marked].astype(np.float32)  # [K,3]: those the map reaches
    texture = None if strands is None else strands.cut(reach.box)[reach.marked]
    mixed = reach.mixed
    own, local = pixels[mixed], reach.hair
    moved = local
    for index, step in enumerate(steps):  # the weights stay those of the photo's own colours
        lab = reach.lab if read and not index else regions.to_lab(pixels)
        mean = hair_colour_edit.mean_colour(lab, reach.weight)
        broad = None if index else reach.broad  # the photo's own sheen, on the first step
        if len(mixed):  # the local hair colours move as the whole hair does, from the whole hair's mean
            moved = hair_colour_edit.recolour(moved, np.ones(len(moved), np.float32), step,
                                              None if texture is None else texture[mixed], mean,
                                              None if index else reach.hair_lab,
                                              None if broad is None else broad[mixed])
        pixels = hair_colour_edit.recolour(pixels, reach.weight, step, texture, mean, lab, broad)
    if len(mixed):  # a mixed pixel changes by its local hair's change times how much of it is hair
        unmixed = matting.recomposed(own + reach.alpha[:, None] * (moved - local), reach.hair_lab, moved,
                                     reach.beyond, reach.alpha)
        pixels[mixed] += reach.share[:, None] * (unmixed - pixels[mixed])
    box[reach.marked] = np.clip(np.rint(pixels, out=pixels), 0, 255, out=pixels)
    return out


def recoloured(photo: np.ndarray, where: tuple[np.ndarray, tuple[int, int, int, int]], model: np.ndarray | None,
               steps: Sequence[hair_colour_edit.Recolour]) -> np.ndarray:
    """The photo (uint8 [H,W,3]) recoloured by ``steps`` as far as ``recolour_reach(photo, where, model)`` says."""
    return recolour_within(photo, recolour_reach(photo, where, model), steps)


def matted(box: np.ndarray, marked: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The ``weight`` [K] of the ``marked`` pixels (bool [h,w]) of ``box`` (uint8 [h,w,3]) refined along the
    photo's own edges by a guided filter (He et al. 2010, OpenCV's ximgproc; radius MATTE_RADIUS of the box's
    side, regularisation MATTE_EPS): the mixed pixels where a strand meets the background, which the colour
    gate leaves out, get a share of the edit, so no rim of the old colour outlines the region. Weights of
    MATTE_FLOOR or less are 0 (a dilation before the filter, tried, spilt the edit onto flat background)."""
    radius = max(1, round(MATTE_RADIUS * max(marked.shape)))
    # the filter reaches 2·radius: it runs on the marked pixels' box and that much around it
    top, left, bottom, right = bounds(marked, 2 * radius + 1)
    alpha = np.zeros(marked.shape, np.float32)
    alpha[marked] = weight
    guide = np.ascontiguousarray(box[top:bottom, left:right])
    refined = cv2.ximgproc.guidedFilter(guide, np.ascontiguousarray(alpha[top:bottom, left:right]), radius, MATTE_EPS)
    refined = np.clip(refined[marked[top:bottom, left:right]], 0, 1)
    return np.where(refined > MATTE_FLOOR, refined, 0)


def _trimmed(layers: np.ndarray, to_layers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``layers`` [h,w,...] cut to the box of their nonzero pixels and TRIM_MARGIN beyond (whole when all are 0),
    and ``to_layers`` (2×3, photo → layers' pixels) moved to match; bilinear samples there read the same values."""
    box = bounds((layers != 0).reshape(*layers.shape[:2], -1).any(2), TRIM_MARGIN)
    if box is None:
        return layers, to_layers
    top, left, bottom, right = box
    return np.ascontiguousarray(layers[top:bottom, left:right]), to_layers - [[0, 0, left], [0, 0, top]]


def _region(to_layers: np.ndarray, size: tuple[int, int], shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The photo's (top, left, bottom, right) box that holds the four corners of layers of ``size`` (width,
    height) that ``to_layers`` maps the photo onto, inside the photo."""
    to_photo = cv2.invertAffineTransform(to_layers)
    width, height = size
    corners = np.array([[0, 0, 1], [width, 0, 1], [0, height, 1], [width, height, 1]], float) @ to_photo.T
    left, top = np.floor(corners.min(0)).astype(int)
    right, bottom = np.ceil(corners.max(0)).astype(int) + 1
    return max(0, top), max(0, left), min(shape[0], bottom), min(shape[1], right)
