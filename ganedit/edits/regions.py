"""Where each slider may change a face: one table (``ATTRIBUTE_REGIONS``) and the soft masks it names,
drawn from dlib's 68 landmarks in the aligned face's coordinates.

A direction in the GAN's latent space drags along whatever went with its attribute in CelebA (blond hair
with fair skin, long hair with a female face, a smile with brighter light), so G′'s change covers the whole
crop. Each slider's change is kept to the part of the face it names (as editing tools that mask a GAN
edit by face parsing do, e.g. Shen et al.'s InterFaceGAN demos and StyleMapGAN's local edits), and every
pixel outside that part stays the photo's own. Masks are float32 [S,S] in 0..1 at the face's size S, and
fade out smoothly along their own shape; none reaches the crop's square edge (``head``, a disc that
ends at ``HEAD_RADIUS`` of the crop's side), so no straight seam can appear in the photo.

Landmark numbering (dlib's 68 points, iBUG 300-W): jaw 0–16, brows 17–26, nose 27–35, eyes 36–47,
mouth 48–67.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d
from scipy.spatial import cKDTree

JAW, BROWS, NOSE, EYES, MOUTH = (np.arange(0, 17), np.arange(17, 27), np.arange(27, 36), np.arange(36, 48),
                                 np.arange(48, 68))
FOREHEAD_RAISE = 0.2  # the whole face takes in the lower forehead: brows raised by this share of brow-to-chin
HEAD_RADIUS = (0.38, 0.49)  # shares of the crop's side: the head disc is 1 inside the first, 0 beyond the second
SKIN_SPREAD = 2.0  # the skin model's standard deviations are those of the cheeks times this
SKIN_FLOOR = (4.0, 3.0, 3.0)  # CIELAB units: the smallest spread of L*, a*, b* (a flat-lit, uniform cheek)
# the skin's model leaves out the cheeks' pixels whose chroma is under GREY_HAIRS[0] of their median and whose L* lies
# within GREY_HAIRS[1] of theirs: grey stubble, which widened the model until grey hair counted as skin (``img70``,
# ``img68``: the hair map missed their grey crowns, 350 and 393 pixels of the hair view; 1,775 and 597 without it).
# Dark nostrils and shine, of little chroma too but further off in L*, stay in: without them a bald scalp's rim
# (``img21``) was taken for hair (a /tmp sweep of the hair maps over the 97 portraits, session 50)
GREY_HAIRS = (0.5, 20.0)
# pixels: a disc wider than this erodes by the distance to the nearest pixel outside (``eroded``; none on the
# portraits, whose widest, the hair's core on the largest face, ``img32``, is 17; that photo enlarged to 13.5
# megapixels: 60), that distance compared with the disc's whole radius plus the second, which matches its stepped rim
# best (there 0.07% of the core's pixels differ; 0.19% with 0, 0.13% with 0.5)
WIDE, RIM = 24.0, 0.25
PERSON_DISC = 0.48  # share of the crop's side: within it GrabCut starts from "probably the person"
GRABCUT_ROUNDS = 3
# GrabCut is also seeded with the hair above the forehead as certain person (``hair_seed``): the pixels of a band
# CAP_SEED brow-to-chin distances above the brows, between the brows' ends, that are not skin (below CAP_SKIN, or
# CAP_DARKER L* darker than the face's skin, which a skin model widened by hair over the cheeks half takes in), darker
# than the face's skin, and with at most BACKGROUND_SHARE of the certain background's pixels within BACKGROUND_APART
# (CIELAB ΔE). Without it GrabCut gave dark hair on a dark background to the background: no hair was found on 14 of
# the 97 portraits, 6 with it (README, session 28)
CAP_SEED = (0.25, 0.55)
CAP_SKIN, CAP_DARKER = 0.1, 20.0
BACKGROUND_APART, BACKGROUND_SHARE = 10.0, 0.05
FADE = 0.05  # share of the crop's side over which a part's mask fades out beyond its outline
HAIR_REACH = 2.0  # hair is recoloured down to this many brow-to-chin distances below the chin (fading over half)
HAIR_NEAR = (0.4, 0.75)  # shares of the crop's side from the face: hair lies within the first, none beyond the second
HAIR_FALL = 2.0  # brow-to-chin distances: below the chin, "near" is measured from the face's outline dropped this far
# below the chin, hair lies within LENGTHS_NEAR[0] crop sides of that dropped outline and none beyond LENGTHS_NEAR[1],
# taking over from HAIR_NEAR across LENGTHS_NEAR[2] brow-to-chin distances below the chin: long hair's lengths spread
# out over the shoulders (``img46``'s and ``img11``'s outer locks kept their old colour under blond +2), while beside
# the head HAIR_NEAR keeps the background out (0.7 and 1.1 all round turned ``img83``'s dark shelves blond)
LENGTHS_NEAR = (0.7, 1.1, 0.3)
BEARD_DROP = 0.35  # share of the brow-to-chin distance: the beard zone below the lower jaw line, never hair
BEARD_SHARE = 0.2  # a face has a beard when at least this share of its chin (below the lower lip) is not skin
# (low: a beard taken for none turns blond with the hair; measured shares: 0.03–0.09 on clean-shaven chins,
# 0.29 on img24's full beard)
HAIR_SPECKS = 0.03  # share of the crop's side: sheen and shadow specks this small inside the hair count as hair
# the colour fit's dips wholly enclosed by pixels that fit better are raised to these levels (``filled``): black hair's
# broad sheen, grey like img46's backdrop, was hair to 0.55–0.75 only, and blond +2 mixed that much of the grey in, a
# greenish-grey blotch on the temple
FILL_LEVELS = tuple(np.linspace(0.3, 1.0, 15))
# a dip is filled only where the colour model fits it FILL_LIKE or better on average: sheen is the hair's colour
# lightened, which it half takes in (0.4–0.5 on img46's temple); the white inside img39's medallion, ringed by brown
# like his hair, fits it 0.13, and was tinted yellow
FILL_LIKE = 0.3
HAIR_CAP_SHARE = 0.15  # at least this share of the head above the brows must be hair, or there is none to recolour
HAIR_JOINED = 0.25  # the map is kept where it lies above this in one piece with the hair above the brows
# beside the face, the colour tests count fully from this up: the map's core (0.7–0.85 on dark hair, a product of soft
# factors) mixed 15–30% of black hair into blond, which read as khaki
HAIR_SURE = 0.75
# the hair's colour model is fitted to the hair above the brows that looks like skin less than this (when 20 pixels or
# more do): a forehead's highlight, a bald scalp or the skin between short hairs in its sample had widened it until
# it fitted the forehead (L* spread 43 on img92), and blond +2 tinted the forehead's skin on 18 of 97 portraits
HAIR_SAMPLE_SKIN = 0.25
# no hair is a light pink: a colour model whose centre is lighter than PINK[0] L*, of chroma over PINK[1] and a hue
# angle between PINK[2] degrees (magenta to pink, short of red hair's) was fitted to a headband or a hat over the
# crown, and there is no hair (``img71`` and ``img72`` of the portraits: long hair's curtains took a pink headband's
# colour, blond turned it orange). On the other portraits whose hair is found the model's hue lies from 44° up
# (``img81``'s grey, ``img11``'s dark brown; red hair's from 56°: ``img8``, ``img7``), or it is dark (``img26``'s black
# headband, L* 19) or bluish (``img69``'s white hair, -99°; ``img98``'s black hair's sheen, -78°; a /tmp script)
PINK = (55.0, 6.0, (-45.0, 35.0))
# the hair's sheen: parts of the view that look like skin but do not touch the whole face, end above the chin and are
# smaller than this share of the crop's area are hair (``sheen``). Brown hair's highlights fit the skin's colour model
# better than the hair's dark core, so they were left out of the hair and blond +2 kept them brown: pink and green
# streaks through the blond (img35). A lace top, a shoulder or a hand is larger, lower or joined to the face; an ear
# (skin beside the face, from the brows down to the jaw's points 3 and 13, within SHEEN_EAR of the crop's side of the
# whole face), which a sideburn can part from the face, is not sheen either (a fresh reviewer saw img33's ear bleached)
SHEEN_AREA, SHEEN_EAR = 0.05, 0.1
# the skull about which the hair lies: an ellipse about the point halfway between the brows' mean and the middle of
# the jaw's ends (landmarks 0 and 16), along their line, SKULL[0] jaw widths (0 to 16) to each side and SKULL[1]
# brow-to-chin distances up and down (``skull_polar``)
SKULL = (0.55, 0.75)
# above the skull's middle, parts of the hair map narrower than PROTRUSION[0] degrees about the skull's centre that
# reach more than PROTRUSION[1] skull radii further out than the hair beside them are cut back to that reach, fading
# over PROTRUSION[2] (a radial opening, ``_trimmed``): background of the hair's colour that GrabCut takes for the
# person, a wall beside img98's bun, a sign beside img78's hair, shelves above img83's, which blond recoloured. On the
# portraits it changes 5 hair maps by more than 5% (img83, img98, img77, img28, img78; 6–9%); 60 degrees and 0.15
# also trimmed real hair (27 maps, img34's and img81's among them)
PROTRUSION = (40.0, 0.25, 0.1)
# hair over the face's sides (``over_face``): the pixels within OVER_FACE[0] jaw widths (landmarks 0 to 16) of the hull
# of the jaw line and the brows (up to the hair map's core, which starts FADE/2 of the crop's side, about 0.033 jaw
# widths, beyond it; 0.15 took in the grey wall beside img98's cheek, blond in a hard-edged patch), OVER_FACE[1] off the
# hull of the brows without their outer ends (18–25), the nose, the eyes and the mouth (dark hair often hides a brow's
# end, landmark 17 or 26), and above the nose's base, that fit the hair's colour model above OVER_FACE[2] and
# OVER_FACE[3] times as well as the skin's, in parts at least OVER_FACE[4] jaw widths across (a glasses' arm is
# narrower) joined to the map's core. Without it blond +2 left black locks beside the eyes of img42, img46, img84 and
# img97 (a fresh reviewer, session 61): the hair map keeps off the whole face
OVER_FACE = (0.05, 0.04, 0.3, 2.0, 0.04)
# pixels: on a face whose jaw is wider, what needs no finer detail (the hair over its sides, ``over_face``; whether its
# hair is a bare scalp, ``photo.person_and_hair``) is found on the photo shrunk to this jaw width (none of the
# portraits, whose widest jaw, ``img32``'s, is 605; that photo enlarged to 13.5 megapixels: 1815)
WORK_WIDTH = 640
# the crown that GrabCut cuts off (``crown``): on the skull's rim over the forehead and the crown (from CROWN[3] to
# CROWN[0] skull radii out, ``skull_polar``, within CROWN[4] degrees of straight up; beside the temples a wall or a
# bokeh of the hair's colour turned blond in blocks, img98), off the whole face, pixels that fit the hair's colour
# model better than the skin's and are as finely textured as the hair (the spread of their L* over 3×3 view pixels,
# over its median on the map's core: none up to CROWN[1], in full from CROWN[2]) count as hair though GrabCut took
# them for the background. Dark hair before a blurred background of its colour, or cut by the photo's top edge (the
# edge's pixels, repeated beyond it, are a streak that GrabCut takes for the background), kept only the hair along its
# hairline (img16's, img55's: blond +2 turned one lock blond and left the rest brown)
CROWN = (1.3, 0.4, 0.7, 0.85, 60.0)
# the hair at the temples that GrabCut cuts off (``temples``): on the skull's rim beside the head (from CROWN[3] to
# TEMPLES[0] skull radii out, from CROWN[4] to TEMPLES[1] degrees off straight up), off the whole face, pixels that fit
# the hair's colour model better than the skin's and lie TEMPLES[2] times nearer (CIELAB) the hair's median colour than
# the background's just beyond them (the median of the pixels from TEMPLES[3] to TEMPLES[4] skull radii out in the same
# TEMPLES[5]-degree sector about the skull) count as hair. Hair against a background of nearly its colour (grey hair
# before grey marble, black before a dark wall) kept only the top of the head: grey or black sides under blond (img68's,
# img77's). Blond +2 left the old colour at the temples (``bench.look.left_at_temples``) on 7 of the 97 portraits
# before, 3 with this (a /tmp script); two fresh reviewers, blind, agreed on no pair of the 12 it changed most
TEMPLES = (1.1, 115.0, 1.0, 1.25, 1.45, 10.0)

# Every slider's part of the face. "around_face" is the head around the whole face (where new hair can
# grow; on a photo only over the photo's own hair, see ON_PHOTO; on a photo prepared with the whole-frame models
# long hair grows through them instead, beside the face and the neck: ``ganedit.edits.long_hair.zone``); "hair" the
# same, for the hair's texture (on photos the hair colours recolour the photo's own hair instead:
# ``ganedit.edits.hair``); "hair_and_forehead" also the forehead above the brows (bangs, a receding hairline, a
# hat's brim); "mouth_cheeks_and_eyes" the mouth and cheeks and the eyes, whose lower lids a smile raises; "face"
# the whole face inside its outline (``whole_face``), for attributes of the whole face (G′'s change beyond it, to the
# hair and the upper forehead, was a pale or dark band across them: male, young, pale skin); "head" the whole head,
# for the user's own sliders. On a photo of a face without glasses, eyeglasses draws frames
# over the eye band instead of moving z (``ganedit.edits.glasses``); on a photo, a positive long hair slider draws
# curtains of the photo's own hair beside the face and the neck (``ganedit.edits.curtains``), a positive bangs slider
# a fringe of it over the forehead (``ganedit.edits.bangs``), positive receding hairline and bald sliders move
# the photo's own hairline up or shave the head (``ganedit.edits.hairline``, ``ganedit.edits.bald``), and positive
# moustache, goatee and five o'clock shadow sliders and a negative no beard slider draw facial hair over the lower
# face (``ganedit.edits.facial_hair``), positive wearing lipstick and heavy make-up sliders paint the lips and the
# upper lids (``paint.lipstick``, ``paint.makeup``), rosy cheeks, bags under eyes and high cheekbones shade the
# cheeks and below the eyes (``paint.blush``, ``paint.bags``, ``paint.cheekbones``), blurry blurs or sharpens the
# whole photo (``ganedit.edits.focus``), a positive wearing hat slider draws a knit hat (``ganedit.edits.hat``), bushy
# and arched eyebrows warp the brows (``ganedit.edits.brows``), and big lips, big and pointy nose, narrow eyes,
# chubby, oval face and mouth slightly open move the photo's own pixels within a ring about the face, past the jaw
# line they move (``ganedit.edits.reshape``).
ATTRIBUTE_REGIONS = {
    "long_hair": "around_face", "wearing_earrings": "around_face",
    "black_hair": "hair", "blond_hair": "hair", "brown_hair": "hair", "gray_hair": "hair", "straight_hair": "hair",
    "wavy_hair": "hair",
    "bangs": "hair_and_forehead", "bald": "hair_and_forehead", "receding_hairline": "hair_and_forehead",
    "wearing_hat": "hair_and_forehead",
    "smiling": "mouth_cheeks_and_eyes",
    "mouth_slightly_open": "mouth_and_cheeks", "high_cheekbones": "mouth_and_cheeks", "rosy_cheeks": "mouth_and_cheeks",
    "big_lips": "mouth", "wearing_lipstick": "mouth",
    "eyeglasses": "eye_band",
    "arched_eyebrows": "eyes_and_brows", "bushy_eyebrows": "eyes_and_brows", "narrow_eyes": "eyes_and_brows",
    "bags_under_eyes": "eyes_and_brows",
    "big_nose": "nose", "pointy_nose": "nose",
    "5_o_clock_shadow": "lower_face", "goatee": "lower_face", "mustache": "lower_face", "no_beard": "lower_face",
    "sideburns": "lower_face", "double_chin": "lower_face", "wearing_necklace": "lower_face",
    "wearing_necktie": "lower_face",
    "male": "face", "young": "face", "attractive": "face", "pale_skin": "face", "heavy_makeup": "face",
    "chubby": "face", "oval_face": "face", "blurry": "face",
}
# parts that, on a photo (ganedit.edits.photo), change only the photo's own hair (its hair map): G′'s new hair,
# enlarged from 64×64, was a dark ghost over the background beside the head, and over the rest of the person (not the
# face's skin by its colour model) it shaded the ears and painted a murky band across a forehead lit unlike the cheeks
ON_PHOTO = {"hair", "around_face"}
ON_PHOTO_SLIDERS = {name for name, part in ATTRIBUTE_REGIONS.items() if part in ON_PHOTO}  # their sliders
DEFAULT_REGION = "head"  # a slider made from the user's own photos may change anything on the head
# sliders whose change is one of shape: on a photo, the photo's own pixels are moved within their part of the face
# (ganedit.edits.photo.warp_by_flow), not repainted
SHAPE_EDITS = {"smiling"}


def region_of(attribute: str) -> str:
    """The name of the part of the face that ``attribute``'s slider changes (DEFAULT_REGION if unlisted)."""
    return ATTRIBUTE_REGIONS.get(attribute, DEFAULT_REGION)


def whole_face(points: np.ndarray, raised: float = FOREHEAD_RAISE) -> np.ndarray:
    """The outline of the whole face [27,2]: the jaw line and the brows raised by ``raised`` of the brow-to-chin
    distance (FOREHEAD_RAISE: the lower forehead; more, the whole head), from landmarks [68,2]."""
    brows = points[BROWS]
    lift = raised * np.linalg.norm(points[8] - brows.mean(0))
    return np.concatenate([points[JAW], brows - (0, lift)])


def mask(name: str, points: np.ndarray, size: int) -> np.ndarray:
    """The soft mask [size,size] (float32, 0..1) of the part ``name`` (a value of ATTRIBUTE_REGIONS) for
    landmarks [68,2] in the aligned face's pixels at side ``size``. Raises KeyError for an unknown part."""
    return _PARTS[name](points, size)


def face_mask(points: np.ndarray, size: int) -> np.ndarray:
    """1 on the whole face (see ``whole_face``), fading to 0 within FADE of the crop outside it."""
    return _grown(hull(whole_face(points), size), size)


def within_face(points: np.ndarray, size: int) -> np.ndarray:
    """0 on and outside the whole face's outline (``whole_face``), rising to 1 at FADE of the crop inside it:
    float32 [S,S]. A shape edit moves nothing beyond the jaw line (the ears, earrings, the background)."""
    inside = hull(whole_face(points), size)
    return smoothstep(distance_outside(1 - inside) / (FADE * size)).astype(np.float32)


def head(size: int) -> np.ndarray:
    """A disc about the crop's centre: 1 within HEAD_RADIUS[0] of the side, 0 beyond HEAD_RADIUS[1]."""
    axis = (np.arange(size, dtype=np.float32) + 0.5) / size - 0.5
    radius = np.hypot(axis[None, :], axis[:, None])
    inner, outer = HEAD_RADIUS
    return smoothstep((outer - radius) / (outer - inner))


def around_strokes(alpha: np.ndarray, size: int, reach: float = 0.06) -> np.ndarray:
    """Where a sketch edit may change the face: the painted pixels of ``alpha`` ([H,W], any square size,
    > 0 where painted, on the aligned face) grown by ``reach`` of the side and faded out beyond that, inside
    the head disc; float32 [size,size] in 0..1."""
    painted = cv2.resize((alpha > 0).astype(np.float32), (size, size), interpolation=cv2.INTER_AREA) > 0
    return _soft(painted.astype(np.float32), reach, size)


def skin_likelihood(crop: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How much each pixel of the aligned face ``crop`` (uint8 [S,S,3] RGB; or any [H,W,3] box of a photo that
    holds the face) looks like this face's own skin: float32 [S,S] in 0..1, a Gaussian in CIELAB fitted to the
    upper cheeks and the nose (the hull of the jaw 1–3 and 13–15 and the nose, without the eyes and mouth, so no
    beard; landmarks [68,2] in the crop's pixels), its spread widened by SKIN_SPREAD so that the forehead's and
    the neck's shading and highlights still count as skin. float32 [H,W] for a box."""
    lab = to_lab(crop)
    model = skin_model(lab, points)
    if model is None:  # a face too small or too odd to sample: nothing is protected as skin
        return np.zeros(crop.shape[:2], np.float32)
    return colour_likelihood(lab, model)


def skin_model(lab: np.ndarray, points: np.ndarray) -> np.ndarray | None:
    """``skin_likelihood``'s colour model (``colour_model``, float32 [4,3]) of the CIELAB pixels ``lab`` [H,W,3] that
    hold the face whose landmarks [68,2] are given in their pixels; None where fewer than 20 pixels sample it."""
    size = lab.shape[:2]
    cheeks = hull(points[np.r_[JAW[1:4], JAW[13:16], NOSE]], size) * (1 - hull(points[EYES], size))
    cheeks = cheeks * (1 - cv2.dilate(hull(points[MOUTH], size), np.ones((9, 9), np.uint8)))
    sample = lab[cheeks > 0]
    if len(sample) < 20:
        return None
    sample = _without_grey(sample)
    return colour_model(sample, sample.mean(0))


def _without_grey(sample: np.ndarray) -> np.ndarray:
    """CIELAB pixels ``sample`` [K,3] of the cheeks less grey stubble and grey hairs (GREY_HAIRS): those of little
    chroma whose L* lies near the cheeks' median; all of them where fewer than 20 would be left."""
    chroma, lightness = np.hypot(sample[:, 1], sample[:, 2]), sample[:, 0]
    grey = (chroma < GREY_HAIRS[0] * np.median(chroma)) & (np.abs(lightness - np.median(lightness)) <= GREY_HAIRS[1])
    return sample[~grey] if (~grey).sum() >= 20 else sample


def colour_model(sample: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """A Gaussian colour model of CIELAB pixels ``sample`` [K,3] about ``centre`` [3]: float32 [4,3], the centre
    then the inverse covariance, the spread widened by SKIN_SPREAD and floored at SKIN_FLOOR."""
    inverse = np.linalg.inv(np.cov(sample.T) * SKIN_SPREAD ** 2 + np.diag(SKIN_FLOOR) ** 2)
    return np.vstack([centre, inverse]).astype(np.float32)


def colour_likelihood(lab: np.ndarray, model: np.ndarray) -> np.ndarray:
    """float32 [...] in 0..1: how well CIELAB pixels ``lab`` [...,3] fit a ``colour_model`` (1 at its centre)."""
    offset = lab - model[0]
    return np.exp(-((offset @ model[1:]) * offset).sum(-1) / 2).astype(np.float32)


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """float32 CIELAB (L* 0..100) [...,3] of RGB [...,3] (uint8, or floats in 0..255; none: none)."""
    if not np.size(rgb):
        return np.zeros(np.shape(rgb), np.float32)
    return cv2.cvtColor(np.asarray(rgb, np.float32).reshape(-1, 1, 3) / 255, cv2.COLOR_RGB2LAB).reshape(np.shape(rgb))


def person_likelihood(view: np.ndarray, points: np.ndarray, crop_share: float, skin: np.ndarray,
                      others: Sequence[np.ndarray] = ()) -> np.ndarray:
    """Which pixels of ``view`` (uint8 [V,V,3] RGB: the photo around the face, the aligned crop being its
    centre, ``crop_share`` of its side) are the person rather than the background: float32 [V,V], 1 or 0.
    GrabCut (Rother et al. 2004, OpenCV's) seeded with the whole face (landmarks [68,2] in the view's
    pixels) and the hair above it (``hair_seed``; ``skin`` [V,V], skin_likelihood) as certain person, a disc
    about the crop's centre as probably the person and the view's upper corners as certain background (not the
    lower ones, where shoulders and long hair may reach), as are the whole faces of ``others`` (landmarks [68,2]
    of the photo's other faces, in the view's pixels); then kept to this face's side of them (``own_side``):
    another person's hair of this one's colour beside the face is not this person's (``img101`` of the portraits:
    the dreadlocks of the woman beside him turned blond with his hair). Where the photo ends below the chin, its last
    rows repeated down the view start as probably the background like the rest, and GrabCut may take long dark hair
    streaked down them for it (``img97``: her hair's lengths are not found); started as probably the person beside the
    neck (session 76), they took in her lengths but also ``img39``'s black jacket, which his grey hair's colour model
    fits."""
    size = len(view)
    axis = (np.arange(size) + 0.5) / size - 0.5
    radius = np.hypot(axis[None, :], axis[:, None])
    labels = np.where(radius < PERSON_DISC * crop_share, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    labels[(radius > 0.48) & (axis[:, None] < 0.1)] = cv2.GC_BGD  # not the lower corners: shoulders, long hair
    labels[hull(whole_face(points), size) > 0] = cv2.GC_FGD
    labels[hair_seed(view, points, skin, labels == cv2.GC_BGD)] = cv2.GC_FGD
    for other in others:
        labels[(hull(whole_face(other), size) > 0) & (labels != cv2.GC_FGD)] = cv2.GC_BGD
    models = np.zeros((1, 65)), np.zeros((1, 65))
    cv2.setRNGSeed(0)  # GrabCut's k-means starts from OpenCV's random state: the same photo, the same person
    cv2.grabCut(np.ascontiguousarray(view), labels, None, *models, GRABCUT_ROUNDS, cv2.GC_INIT_WITH_MASK)
    return np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.float32) * own_side(points, others, size)


def own_side(points: np.ndarray, others: Sequence[np.ndarray], size: int) -> np.ndarray:
    """float32 [size,size], 1 or 0: this face's side of the photo's other faces on a view (landmarks [68,2] of
    this face and of each of ``others``, in the view's pixels): every pixel above this face's brows, and below them
    those nearer this face than every other one, the distance measured from each face's landmarks' mean in its
    jaw's widths (a small face far off claims little). Above the brows all is kept: another face beside the crown
    (``img103`` of the portraits) would cut this person's own hair there."""
    rows, columns = np.mgrid[0:size, 0:size].astype(np.float32)

    def distance(face: np.ndarray) -> np.ndarray:
        centre = face.mean(0)
        return np.hypot(columns - centre[0], rows - centre[1]) / np.ptp(face[JAW, 0])
    mine, kept = distance(points), rows < points[BROWS, 1].min()
    nearest = np.ones((size, size), bool)
    for other in others:
        nearest &= mine <= distance(other)
    return (kept | nearest).astype(np.float32)


def hair_seed(view: np.ndarray, points: np.ndarray, skin: np.ndarray, background: np.ndarray) -> np.ndarray:
    """bool [V,V]: the pixels of ``view`` (uint8 [V,V,3] RGB; landmarks [68,2] in its pixels) that are surely
    hair: in a band CAP_SEED brow-to-chin distances above the brows and between their ends, not skin (``skin``
    [V,V] below CAP_SKIN, or CAP_DARKER L* darker than the median of the face's skin), darker than that median
    and unlike the ``background`` (bool [V,V], surely background: at most BACKGROUND_SHARE of its pixels within
    BACKGROUND_APART, CIELAB ΔE). All False on a face with fewer than 20 pixels of skin, or without background to
    compare with."""
    face_skin = (hull(whole_face(points), len(view)) > 0) & (skin > 0.5)
    if face_skin.sum() < 20 or not background.any():
        return np.zeros(view.shape[:2], bool)
    lab = to_lab(view)
    rows, columns = np.mgrid[0:len(view), 0:len(view)]
    brows, height = points[BROWS, 1].min(), points[8, 1] - points[BROWS, 1].min()
    band = ((rows > brows - CAP_SEED[1] * height) & (rows < brows - CAP_SEED[0] * height)
            & (columns > points[17, 0]) & (columns < points[26, 0]))
    lightness, median = lab[..., 0], np.median(lab[face_skin, 0])
    candidates = band & ((skin < CAP_SKIN) | (lightness < median - CAP_DARKER)) & (lightness < median)
    near = cKDTree(lab[background]).query_ball_point(lab[candidates], BACKGROUND_APART, return_length=True)
    seed = np.zeros(view.shape[:2], bool)
    seed[candidates] = near <= BACKGROUND_SHARE * background.sum()
    return seed


def hair_model(view: np.ndarray, points: np.ndarray, person: np.ndarray, skin: np.ndarray, crop_share: float,
               clean_shaven: bool = False, on_photo: np.ndarray | None = None,
               bare: Callable[[np.ndarray], bool] = lambda found: False) -> tuple[np.ndarray, np.ndarray]:
    """Where the photo's own hair is, on ``view`` (uint8 [V,V,3] RGB around the face, the crop ``crop_share`` of its
    side; landmarks [68,2] in its pixels), and its colour: (float32 [V,V] in 0..1, the hair's ``colour_model`` [4,3]).
    Hair is the person (``person`` [V,V], person_likelihood) near the head (HAIR_NEAR from the face, or from its outline
    dropped HAIR_FALL brow-to-chin distances, so long hair is followed down to where HAIR_REACH ends it rather than
    fading out beside the jaw; below the chin LENGTHS_NEAR, where long hair spreads over the shoulders), not skin
    (``skin`` [V,V], skin_likelihood; beyond the whole face, from FADE/2 of the crop's side off ``whole_face``, fully
    FADE further, also where the hair's colour model fits better than the skin's, so black hair beside dark skin, which
    the widened skin model half takes in, counts fully), not the face within its jaw line and brows (nor FADE/4 of the
    crop's side beyond it, FADE/2 beyond the brows, fading in over as much again), not a beard (on a ``bearded`` face,
    the lower jaw line dropped by BEARD_DROP of the brow-to-chin distance; on one known to be ``clean_shaven``, where
    the chin's non-skin is the neck's shadow, only the neck's width of it; its outline blurred; on others long hair
    beside the neck is hair), no lower than HAIR_REACH of that distance below the chin (fading in over half of it), with
    a colour like that of such pixels above the brows (the model, about their median, of those that look like skin less
    than HAIR_SAMPLE_SKIN; closed over HAIR_SPECKS, so sheen and shadow specks count as hair, and its enclosed dips
    above the chin smaller than SHEEN_AREA ``filled``, so broader sheen does too; beyond the whole face, where ``not
    skin`` is also judged by colour, both colour tests count fully from HAIR_SURE up, so the core of dark hair is 1, not
    the 0.7–0.85 their product gave, which mixed the old colour into a new one); smoothed over a fiftieth of the crop's
    side, but never over the face or the beard; only where it joins the hair above the brows (``joined``), and above the
    skull's middle not where it juts out in a narrow part beyond the hair beside it (``_trimmed``: background of the
    hair's colour). The map is all 0 when under HAIR_CAP_SHARE of the head above the brows is such hair (a bald head, a
    hat), before its colour is modelled or after (hair whose colour the model finds over only a scrap of the head:
    ``img101``'s black braids before dark foliage, 4% of her head, a blond slider that changed nothing and said
    nothing), when that colour is a light pink no hair has (``_pink``: a headband), or when ``bare`` (a test of the map
    so far, float32 [V,V]) finds it a bare scalp. Otherwise the ``crown`` and the hair at the ``temples`` that GrabCut
    cut off are added (on the view's pixels that lie on the photo, ``on_photo``, bool [V,V]; None: all of them)."""
    size, crop = len(view), len(view) * crop_share
    shine = sheen(skin, points, crop)
    own_skin, skin = skin, np.where(shine, 0, skin).astype(np.float32)
    rows = np.arange(size, dtype=np.float32)[:, None]
    chin, brows = points[8, 1], points[BROWS, 1].min()
    under = points[JAW[5:12] if clean_shaven else JAW[3:14]]  # the neck's width only, or the whole lower jaw's
    beard = np.concatenate([under, under + (0, BEARD_DROP * (chin - brows))])
    outline = points[np.r_[JAW, BROWS]]
    face_gap = distance_outside(hull(outline, size)) / crop  # in crop sides
    fallen = np.concatenate([outline, outline + (0, HAIR_FALL * (chin - brows))])
    fall_gap = distance_outside(hull(fallen, size)) / crop
    brow_gap = distance_outside(hull(points[BROWS], size)) / crop
    lengths = smoothstep((rows - chin) / (LENGTHS_NEAR[2] * (chin - brows)))  # 0 above the chin, 1 further down
    near = np.maximum(_within(fall_gap, HAIR_NEAR), lengths * _within(fall_gap, LENGTHS_NEAR))
    reach = smoothstep((chin + HAIR_REACH * (chin - brows) - rows) / (HAIR_REACH / 2 * (chin - brows)))
    off_face = smoothstep(face_gap / (FADE / 4) - 1) * smoothstep(brow_gap / (FADE / 2) - 1)
    no_beard = 1 - cv2.GaussianBlur(hull(beard, size), (0, 0), FADE / 4 * crop) if bearded(skin, points) else 1.0

    def candidates(not_skin: np.ndarray) -> np.ndarray:
        return cv2.GaussianBlur(person * not_skin * near * reach, (0, 0), crop / 50) * off_face * no_beard
    head = (near > 0.5) & (rows < brows) & (person > 0.5)  # the person above the brows
    hair, none = (candidates(1 - skin) > 0.5) & head, (np.zeros((size, size), np.float32), np.zeros((4, 3), np.float32))
    if _capless(hair, head):
        return none
    lab = to_lab(view)
    unlike_skin = hair & (own_skin < HAIR_SAMPLE_SKIN)  # the sheen is left out of the colour model
    sample = lab[unlike_skin] if unlike_skin.sum() >= 20 else lab[hair]
    model = colour_model(sample, np.median(sample, 0))
    if _pink(model[0]):
        return none
    likelihood = np.maximum(colour_likelihood(lab, model), shine)
    beside = smoothstep(distance_outside(hull(whole_face(points), size)) / (FADE * crop) - 0.5)
    hair_not_skin = likelihood ** 2 / (likelihood ** 2 + skin ** 2 + 1e-6)  # which colour model fits better

    def sure(evidence: np.ndarray) -> np.ndarray:  # beside the face, HAIR_SURE of the evidence is certain
        return evidence + beside * (np.minimum(evidence / HAIR_SURE, 1) - evidence)
    fits = filled(cv2.morphologyEx(likelihood, cv2.MORPH_CLOSE, disc(HAIR_SPECKS * crop)), SHEEN_AREA * crop ** 2, chin)
    found = candidates(sure(np.maximum(1 - skin, beside * hair_not_skin))) * sure(fits)
    base = kept(found, hair, points, crop)
    if _capless(base > 0.5, head) or bare(base):
        return none
    hair_like = fits * hair_not_skin * off_face
    grown = np.maximum(crown(lab, points, hair_like, base, crop, on_photo),
                       temples(lab, points, hair_like, base, crop, on_photo))
    return kept(np.maximum(found, grown), hair, points, crop), model


def kept(found: np.ndarray, seed: np.ndarray, points: np.ndarray, crop: float) -> np.ndarray:
    """float32 [V,V]: a soft hair map ``found`` [V,V] where it is ``joined`` to the hair above the brows (``seed``,
    bool [V,V]) and not ``_trimmed`` (landmarks [68,2] in the view's pixels; ``crop``: the crop's side, pixels)."""
    found = found * joined(found, seed, crop)
    return (found * _trimmed(found, points)).astype(np.float32)


def crown(lab: np.ndarray, points: np.ndarray, hair_like: np.ndarray, found: np.ndarray, crop: float,
          on_photo: np.ndarray | None = None) -> np.ndarray:
    """float32 [V,V] in 0..1: the hair of a view's crown (CROWN) whatever the person map says: ``hair_like`` (float32
    [V,V] in 0..1: how well each pixel fits the hair's colour rather than the skin's, off the face) times how finely
    textured its CIELAB ``lab`` [V,V,3] is next to the core of the hair map ``found`` (float32 [V,V]; all 0 where under
    20 pixels of it lie above 1/2), where that is above 1/2, it lies on the photo (``on_photo``, bool [V,V]; None: all
    of it) and in the crown's part of the skull's rim (``skull_polar``; landmarks [68,2] in the view's pixels),
    smoothed over a fiftieth of the crop's side (``crop``, pixels) as the map is, times ``hair_like`` again."""
    core = found > 0.5
    if core.sum() < 20:
        return np.zeros_like(found)
    grey = lab[..., 0]
    texture = np.sqrt(np.maximum(cv2.blur(grey ** 2, (3, 3)) - cv2.blur(grey, (3, 3)) ** 2, 0))
    textured = np.clip((texture / max(float(np.median(texture[core])), 1e-3) - CROWN[1]) / (CROWN[2] - CROWN[1]), 0, 1)
    radius, angle, _ = skull_polar(points, found.shape)
    where = (off_up(angle) < CROWN[4]) & (radius > CROWN[3]) & (radius < CROWN[0])
    likely = hair_like * textured * where * (True if on_photo is None else on_photo) > 0.5
    return cv2.GaussianBlur(likely.astype(np.float32), (0, 0), crop / 50) * hair_like


def temples(lab: np.ndarray, points: np.ndarray, hair_like: np.ndarray, found: np.ndarray, crop: float,
            on_photo: np.ndarray | None = None) -> np.ndarray:
    """float32 [V,V] in 0..1: the hair at a view's temples (TEMPLES) whatever the person map says: on the skull's rim
    beside the head (``skull_polar``; landmarks [68,2] in the view's pixels) where it lies on the photo (``on_photo``,
    bool [V,V]; None: all of it), the pixels whose ``hair_like`` (float32 [V,V] in 0..1, as for ``crown``) is above
    1/2 and whose CIELAB colour (``lab`` [V,V,3]) lies TEMPLES[2] times nearer the median of the core of the hair map
    ``found`` (float32 [V,V], above 1/2; all 0 where under 20 pixels) than the background's just beyond them, smoothed
    over a fiftieth of the crop's side (``crop``, pixels), times ``hair_like`` again."""
    core = found > 0.5
    if core.sum() < 20:
        return np.zeros_like(found)
    radius, angle, _ = skull_polar(points, found.shape)
    shown = np.ones(found.shape, bool) if on_photo is None else on_photo
    beside, sector = off_up(angle), ((angle + 180) // TEMPLES[5]).astype(np.intp)
    side = (beside >= CROWN[4]) & (beside < TEMPLES[1]) & (radius > CROWN[3]) & (radius < TEMPLES[0]) & shown
    beyond = (radius > TEMPLES[3]) & (radius < TEMPLES[4]) & shown
    hair = np.median(lab[core], 0)
    nearer = np.zeros(found.shape, bool)
    for part in np.unique(sector[side]):
        ring, here = beyond & (sector == part), side & (sector == part)
        if ring.sum() >= 5:
            background = np.median(lab[ring], 0)
            nearer[here] = (np.linalg.norm(lab[here] - hair, axis=1)
                            < TEMPLES[2] * np.linalg.norm(lab[here] - background, axis=1))
    return cv2.GaussianBlur(((hair_like > 0.5) & nearer).astype(np.float32), (0, 0), crop / 50) * hair_like


def filled(fits: np.ndarray, largest: float, lowest: float) -> np.ndarray:
    """``fits`` (float32 [V,V] in 0..1) with each dip wholly enclosed by pixels that fit better, and smaller than
    ``largest`` pixels, ending above row ``lowest`` and fitting FILL_LIKE or better on average, raised to the highest
    of FILL_LEVELS that encloses it: the fill-hole transform of grey-scale morphology (Soille, Morphological Image
    Analysis, 2003) on quantised levels, for holes of a sheen's size, place and colour. A patch of sheen inside the
    hair counts as hair; a gap that opens onto what lies beyond the hair, a patch nothing like the hair, or one among
    the lengths below the chin, where the skin or the clothes show between locks, stays as it was."""
    raised = fits.copy()
    for level in FILL_LEVELS:
        _, labels, stats, _ = cv2.connectedComponentsWithStats((fits < level).astype(np.uint8), connectivity=4)
        area, bottom = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]
        like = np.bincount(labels.ravel(), fits.ravel(), len(area)) >= FILL_LIKE * area
        hole = (area < largest) & (bottom <= lowest) & like
        hole[np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])] = False  # open onto the edge
        hole[0] = False  # the pixels that fit as well as the level
        holes = hole[labels]
        raised[holes] = np.maximum(raised[holes], level)
    return raised


def _within(gap: np.ndarray, bounds: tuple[float, ...]) -> np.ndarray:
    """float32 in 0..1 of ``gap`` (crop sides off an outline, any shape): 1 up to ``bounds[0]``, 0 from ``bounds[1]``,
    smooth between (HAIR_NEAR, LENGTHS_NEAR)."""
    return smoothstep((bounds[1] - gap) / (bounds[1] - bounds[0]))


def over_face(pixels: np.ndarray, points: np.ndarray, weights: np.ndarray, model: np.ndarray) -> np.ndarray:
    """A hair map on a box of a photo (``weights``: float32 [h,w] in 0..1 over ``pixels``, uint8 [h,w,3] RGB;
    landmarks [68,2] in its pixels) taken on over the hair that falls over the face's sides (OVER_FACE; ``model``: the
    hair's ``colour_model`` [4,3]), which ``hair_model`` leaves out with the whole face: float32 [h,w] in 0..1, never
    below ``weights``, its added parts' outline blurred over a quarter of OVER_FACE[4]. Only the face's box (and what
    the blur reaches) is read: 35 ms rather than 140 on img3's photo (960×1280, all of it the hair map's box), and on
    a jaw wider than WORK_WIDTH shrunk to it (``_sides_within``)."""
    width = float(np.ptp(points[JAW, 0]))
    outline = points[np.r_[JAW, BROWS]]
    margin = (OVER_FACE[0] + OVER_FACE[4]) * width
    left, top = np.maximum(np.floor(outline.min(0) - margin), 0).astype(int)
    right, bottom = np.minimum(np.ceil(outline.max(0) + margin), weights.shape[::-1]).astype(int)
    box = slice(top, bottom), slice(left, right)
    taken = weights.copy()
    taken[box] = np.maximum(weights[box], _sides_within(pixels[box], points - (left, top), weights[box], model, width))
    return taken


def _sides_within(pixels: np.ndarray, points: np.ndarray, weights: np.ndarray, model: np.ndarray, width: float
                  ) -> np.ndarray:
    """``_sides`` (its arguments), found on the box shrunk so that the jaw is at most WORK_WIDTH pixels wide
    (``work_shrunk``) and enlarged back (bilinear): what it adds is opened and blurred over hundredths of the jaw's
    width."""
    if width <= WORK_WIDTH:
        return _sides(pixels, points, weights, model, width)
    (small_pixels, small_weights), small_points, _ = work_shrunk((pixels, weights), points, width)
    added = _sides(small_pixels, small_points, small_weights, model, WORK_WIDTH)
    return cv2.resize(added, weights.shape[::-1], interpolation=cv2.INTER_LINEAR)


def work_shrunk(layers: Sequence[np.ndarray], points: np.ndarray, width: float
                ) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Layers of one size [h,w,...] (a photo, or a box of it, and maps on it) and landmarks [68,2] in their pixels, of a
    face whose jaw is ``width`` pixels wide, shrunk (area averaging) so that it is WORK_WIDTH wide: the shrunk layers,
    the landmarks on them, and the scale along x and y [2] (a shrunk pixel x lies at (x + 0.5) / scale - 0.5)."""
    size = layers[0].shape[1::-1]
    small = tuple(max(1, round(side * WORK_WIDTH / width)) for side in size)
    scale = np.divide(small, size)
    shrunk = [cv2.resize(layer, small, interpolation=cv2.INTER_AREA) for layer in layers]
    return shrunk, (points + 0.5) * scale - 0.5, scale


def _sides(pixels: np.ndarray, points: np.ndarray, weights: np.ndarray, model: np.ndarray, width: float) -> np.ndarray:
    """float32 [h,w] in 0..1: the hair over the face's sides that ``over_face`` adds to ``weights`` (its arguments, on
    a box about the face; ``width``: the jaw's, pixels)."""
    size = weights.shape
    fit, skin = colour_likelihood(to_lab(pixels), model), skin_likelihood(pixels, points)
    rows = np.arange(size[0], dtype=np.float32)[:, None]
    sides = ((distance_outside(hull(points[np.r_[JAW, BROWS]], size)) < OVER_FACE[0] * width)
             & (distance_outside(hull(points[np.r_[18:26, 27:68]], size)) > OVER_FACE[1] * width)
             & (rows < points[33, 1]))
    fits = (sides & (fit > OVER_FACE[2]) & (fit > OVER_FACE[3] * skin)).astype(np.uint8)
    fits = cv2.morphologyEx(fits, cv2.MORPH_OPEN, disc(OVER_FACE[4] / 2 * width)) > 0
    added = touching(fits, weights > 0.5).astype(np.float32)
    return cv2.GaussianBlur(added, (0, 0), OVER_FACE[4] / 4 * width)


def skull_polar(points: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pixel of an image of ``shape`` (H, W; landmarks [68,2] in its pixels) about the SKULL ellipse: its radius
    (1 on the ellipse), its angle (degrees, −180..180, 0 along the jaw's ends' line to the image's right) and how far
    below the ellipse's centre it lies along the face (pixels; negative above); float32 [H,W] each."""
    across_jaw, brows = points[16] - points[0], points[BROWS].mean(0)
    jaw_width = float(np.hypot(*across_jaw))
    cos, sin = across_jaw / max(jaw_width, 1e-6)
    centre = (points[0] + points[16]) / 4 + brows / 2
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    across = (columns - centre[0]) * cos + (rows - centre[1]) * sin
    down = (rows - centre[1]) * cos - (columns - centre[0]) * sin
    half_width, height = SKULL[0] * jaw_width, SKULL[1] * float(np.hypot(*(points[8] - brows)))
    radius, angle = np.hypot(across / half_width, down / height), np.arctan2(down / height, across / half_width)
    return radius, np.degrees(angle), down


def off_up(angle: np.ndarray) -> np.ndarray:
    """Degrees off straight up (0..180, either way round) of ``skull_polar``'s angles (float [H,W], −180..180)."""
    return np.abs((angle + 270) % 360 - 180)


def _trimmed(found: np.ndarray, points: np.ndarray) -> np.ndarray:
    """float32 [V,V] in 0..1: 1 but where the hair map ``found`` [V,V] (landmarks [68,2] in its pixels) juts out above
    the skull's middle beyond the reach of the hair at its sides (PROTRUSION): its reach at each angle about the skull
    (in 2-degree steps, at least the skull's own) opened over PROTRUSION[0] degrees, PROTRUSION[1] added."""
    radius, angle, down = skull_polar(points, found.shape)
    steps = ((angle + 180) // 2).astype(np.intp) % 180
    reach = np.ones(180, np.float32)
    hair = found > 0.5
    np.maximum.at(reach, steps[hair], radius[hair])
    width = max(1, round(PROTRUSION[0] / 2))
    opened = maximum_filter1d(minimum_filter1d(reach, width, mode="wrap"), width, mode="wrap")
    cut = smoothstep((opened[steps] + PROTRUSION[1] - radius) / PROTRUSION[2])
    return np.where(down < 0, cut, 1).astype(np.float32)


def _pink(colour: np.ndarray) -> bool:
    """Whether a CIELAB colour [3] is a light pink no hair has (PINK)."""
    hue = float(np.degrees(np.arctan2(colour[2], colour[1])))
    return bool(colour[0] > PINK[0] and np.hypot(colour[1], colour[2]) > PINK[1] and PINK[2][0] < hue < PINK[2][1])


def _capless(hair: np.ndarray, head: np.ndarray) -> bool:
    """Whether ``hair`` (bool [V,V]) covers under HAIR_CAP_SHARE of the ``head`` above the brows (bool [V,V]), or
    under 20 pixels: no hair to recolour."""
    return bool((hair & head).sum() < max(HAIR_CAP_SHARE * head.sum(), 20))


def sheen(skin: np.ndarray, points: np.ndarray, crop: float) -> np.ndarray:
    """bool [V,V]: the hair's sheen on a view: the parts that look like skin (``skin`` [V,V], skin_likelihood above
    1/2) but do not reach into the whole face or the ears beside it (SHEEN_EAR; landmarks [68,2] in the view's
    pixels), end above the chin (landmark 8) and are smaller than SHEEN_AREA of the crop's area (``crop``: its
    side, pixels). Highlights on brown hair look like skin, but lie apart from the face's own skin, enclosed by
    hair."""
    face = hull(whole_face(points), len(skin)) > 0
    rows = np.arange(len(skin))[:, None]
    beside = distance_outside(face) < SHEEN_EAR * crop
    ears = beside & (rows > points[BROWS, 1].min()) & (rows < points[[3, 13], 1].max())
    _, labels, stats, _ = cv2.connectedComponentsWithStats((skin > 0.5).astype(np.uint8), connectivity=8)
    bottom = stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]
    kept = (stats[:, cv2.CC_STAT_AREA] < SHEEN_AREA * crop ** 2) & (bottom <= points[8, 1])
    kept[labels[face | ears]] = False  # parts reaching into the face or the ears
    kept[0] = False  # the background label
    return kept[labels]


def touching(parts: np.ndarray, other: np.ndarray) -> np.ndarray:
    """bool [H,W]: the connected parts of ``parts`` (bool [H,W]; 8-connected) with a pixel in ``other`` (bool
    [H,W])."""
    _, labels = cv2.connectedComponents(parts.astype(np.uint8), connectivity=8)
    return (labels > 0) & np.isin(labels, labels[other & (labels > 0)])


def joined(found: np.ndarray, seed: np.ndarray, crop: float) -> np.ndarray:
    """float32 [V,V] in 0..1: the parts of ``found`` (a soft map [V,V]) above HAIR_JOINED that touch ``seed``
    (bool [V,V]; 8-connected), grown by a fiftieth of the crop's side (``crop``, pixels) and blurred over half
    that; 0 on parts apart from it (a patterned shirt, a sign's letters the colour of the hair)."""
    kept = touching(found > HAIR_JOINED, seed).astype(np.float32)
    return np.minimum(cv2.GaussianBlur(cv2.dilate(kept, disc(crop / 50)), (0, 0), crop / 100), 1)


def bearded(skin: np.ndarray, points: np.ndarray) -> bool:
    """Whether the face has a beard: at least BEARD_SHARE of its chin (the hull of the jaw line 5–11 and the
    lower lip's lowest points 56–58; landmarks [68,2] in pixels of ``skin``) is not skin (``skin``, float32
    [H,W] in 0..1, skin_likelihood, below 1/2)."""
    chin = _chin(points, skin.shape)
    return bool(chin.any() and (skin[chin] < 0.5).mean() >= BEARD_SHARE)


def beard_sample(lab: np.ndarray, skin: np.ndarray, points: np.ndarray) -> np.ndarray:
    """CIELAB pixels [K,3] of a beard: those of the chin (see ``bearded``; ``lab`` [H,W,3] and ``skin`` [H,W] on
    the same pixels as landmarks [68,2]) that are not skin."""
    return lab[_chin(points, skin.shape) & (skin < 0.5)]


def _chin(points: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """bool [H,W]: the hull of the jaw line 5–11 and the lower lip's lowest points 56–58."""
    return hull(points[np.r_[JAW[5:12], MOUTH[8:11]]], shape) > 0


def distance_outside(inside: np.ndarray) -> np.ndarray:
    """Each pixel's distance (pixels) to a hard mask [H,W] (inside where 0.5 or more); 0 inside it."""
    return cv2.distanceTransform((inside < 0.5).astype(np.uint8), cv2.DIST_L2, 5)


def _hair(points: np.ndarray, size: int, face: np.ndarray) -> np.ndarray:
    """The head disc without ``face`` (points [K,2]) and a FADE margin around it."""
    return head(size) * (1 - _grown(hull(face, size), size))


def _around_face(points: np.ndarray, size: int) -> np.ndarray:
    return _hair(points, size, whole_face(points))


def _grown(inside: np.ndarray, size: int) -> np.ndarray:
    """A hard mask made soft outward: 1 inside, falling smoothly to 0 over FADE·size beyond its outline."""
    return smoothstep(1 - distance_outside(inside) / (FADE * size))


def _part(indices: np.ndarray, grow: float = 0.0, in_head: bool = True):
    """A part of the face: the hull of these landmarks, grown by ``grow`` of the crop's side, then faded;
    ``in_head``: only inside the head disc (``head``)."""
    return lambda points, size: _soft(hull(points[indices], size), grow, size, in_head)


def _soft(inside: np.ndarray, grow: float, size: int, in_head: bool = True) -> np.ndarray:
    """A hard mask [size,size] grown by ``grow`` of the side, faded out beyond (``_grown``), inside the head
    (``in_head``)."""
    if grow:
        inside = cv2.dilate(inside, disc(grow * size))
    return _grown(inside, size) * head(size) if in_head else _grown(inside, size)


def disc(radius: float) -> np.ndarray:
    """A round structuring element of ``radius`` pixels, for cv2.dilate."""
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * int(radius) + 1,) * 2)


def eroded(weights: np.ndarray, radius: float) -> np.ndarray:
    """bool [h,w]: where ``weights`` (float32 [h,w]) stay above 0.5 across a ``disc`` of ``radius`` pixels about the
    pixel (``cv2.erode``, then above 0.5); over WIDE pixels, where the nearest pixel at or below 0.5 lies more than
    ``radius`` away (an exact Euclidean distance transform, Felzenszwalb and Huttenlocher 2012): the same but for
    0.07% of the pixels along the disc's stepped rim on ``img32`` enlarged to 13.5 megapixels, in 0.03 s rather
    than 0.9 (``/tmp`` script, session 75)."""
    if radius <= WIDE:
        return cv2.erode(weights, disc(radius)) > 0.5
    inside = (weights > 0.5).astype(np.uint8)
    return cv2.distanceTransform(inside, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) > int(radius) + RIM


def hull(points: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """float32 [size,size] (or [H,W] for a ``size`` of (H, W)): 1 inside the convex hull of ``points`` [K,2]
    (pixels), else 0."""
    outline = cv2.convexHull(np.round(points).astype(np.int32))
    shape = (size, size) if np.isscalar(size) else size
    return cv2.fillConvexPoly(np.zeros(shape, np.float32), outline, 1.0)


def cut_box(layer: np.ndarray, layer_box: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> np.ndarray:
    """float32 [h,w]: ``layer`` (float [h',w'], covering a photo's pixels ``layer_box``: top, left, bottom, right)
    on the photo's ``box``; 0 where it has none."""
    top, left, bottom, right = box
    out = np.zeros((bottom - top, right - left), np.float32)
    own_top, own_left, own_bottom, own_right = layer_box
    rows = slice(max(top, own_top), min(bottom, own_bottom))
    columns = slice(max(left, own_left), min(right, own_right))
    if rows.start < rows.stop and columns.start < columns.stop:
        out[rows.start - top:rows.stop - top, columns.start - left:columns.stop - left] = \
            layer[rows.start - own_top:rows.stop - own_top, columns.start - own_left:columns.stop - own_left]
    return out


def smoothstep(x: np.ndarray) -> np.ndarray:
    """Hermite's 3x² − 2x³ of x clipped to 0..1: float32, 0 at 0 and below, 1 at 1 and above, flat at both."""
    x = np.clip(x, 0, 1).astype(np.float32)
    return x * x * (3 - 2 * x)


_PARTS = {
    "around_face": _around_face,
    "hair": _around_face,  # the same outline; the photo's own hair is picked by ON_PHOTO
    "hair_and_forehead": lambda points, size: _hair(points, size, points[np.r_[JAW, BROWS]]),
    "head": lambda points, size: head(size),
    "face": within_face,
    "mouth_and_cheeks": _part(np.r_[JAW[2:15], NOSE[1:]]),
    # a smile's raised cheeks lift the lower lids. Its warp moves the skin below the mouth's corners almost as far as
    # the corners, and the head disc, which ends just below them on an aligned photo, cut it off there: a crease or a
    # bump on the cheek below the corner (img67, img62's beard) that scaled more than 2% of the whole face's area
    # outside 0.6–1.6 on 8 of the 97 portraits; reaching the jaw line, on 1 (``bench.look.folded_share``, session 70)
    "mouth_cheeks_and_eyes": _part(np.r_[JAW[2:15], NOSE[1:], EYES], in_head=False),
    "mouth": _part(MOUTH, grow=0.03),
    "eye_band": _part(np.r_[JAW[[0, 1, 15, 16]], BROWS, NOSE[:4], EYES], grow=0.02),
    "eyes_and_brows": _part(np.r_[BROWS, EYES], grow=0.03),
    "nose": _part(NOSE, grow=0.03),
    "lower_face": _part(np.r_[JAW[1:16], NOSE[4:]], grow=0.04),
}
