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

import cv2
import numpy as np

JAW, BROWS, NOSE, EYES, MOUTH = (np.arange(0, 17), np.arange(17, 27), np.arange(27, 36), np.arange(36, 48),
                                 np.arange(48, 68))
FOREHEAD_RAISE = 0.2  # the whole face takes in the lower forehead: brows raised by this share of brow-to-chin
HEAD_RADIUS = (0.36, 0.48)  # shares of the crop's side: the head disc is 1 inside the first, 0 beyond the second
FADE = 0.05  # share of the crop's side over which a part's mask fades out beyond its outline

# Every slider's part of the face. "hair" is the head around the face (hair, ears, what surrounds the
# head), never the skin of the face; "hair_and_forehead" also the forehead above the brows (bangs, a
# receding hairline, a hat's brim); "head" is the whole head, for attributes of the whole face.
ATTRIBUTE_REGIONS = {
    "long_hair": "hair", "black_hair": "hair", "blond_hair": "hair", "brown_hair": "hair", "gray_hair": "hair",
    "straight_hair": "hair", "wavy_hair": "hair", "wearing_earrings": "hair",
    "bangs": "hair_and_forehead", "bald": "hair_and_forehead", "receding_hairline": "hair_and_forehead",
    "wearing_hat": "hair_and_forehead",
    "smiling": "mouth_and_cheeks", "mouth_slightly_open": "mouth_and_cheeks", "high_cheekbones": "mouth_and_cheeks",
    "rosy_cheeks": "mouth_and_cheeks",
    "big_lips": "mouth", "wearing_lipstick": "mouth",
    "eyeglasses": "eye_band",
    "arched_eyebrows": "eyes_and_brows", "bushy_eyebrows": "eyes_and_brows", "narrow_eyes": "eyes_and_brows",
    "bags_under_eyes": "eyes_and_brows",
    "big_nose": "nose", "pointy_nose": "nose",
    "5_o_clock_shadow": "lower_face", "goatee": "lower_face", "mustache": "lower_face", "no_beard": "lower_face",
    "sideburns": "lower_face", "double_chin": "lower_face", "wearing_necklace": "lower_face",
    "wearing_necktie": "lower_face",
    "male": "head", "young": "head", "attractive": "head", "pale_skin": "head", "heavy_makeup": "head",
    "chubby": "head", "oval_face": "head", "blurry": "head",
}
DEFAULT_REGION = "head"  # a slider made from the user's own photos may change anything on the head


def region_of(attribute: str) -> str:
    """The name of the part of the face that ``attribute``'s slider changes (DEFAULT_REGION if unlisted)."""
    return ATTRIBUTE_REGIONS.get(attribute, DEFAULT_REGION)


def whole_face(points: np.ndarray) -> np.ndarray:
    """The outline of the whole face [27,2]: the jaw line and the brows raised by FOREHEAD_RAISE of the
    brow-to-chin distance (the lower forehead), from landmarks [68,2]."""
    brows = points[BROWS]
    lift = FOREHEAD_RAISE * np.linalg.norm(points[8] - brows.mean(0))
    return np.concatenate([points[JAW], brows - (0, lift)])


def mask(name: str, points: np.ndarray, size: int) -> np.ndarray:
    """The soft mask [size,size] (float32, 0..1) of the part ``name`` (a value of ATTRIBUTE_REGIONS) for
    landmarks [68,2] in the aligned face's pixels at side ``size``. Raises KeyError for an unknown part."""
    return _PARTS[name](points, size)


def face_mask(points: np.ndarray, size: int) -> np.ndarray:
    """1 on the whole face (see ``whole_face``), fading to 0 within FADE of the crop outside it."""
    return _grown(_hull(whole_face(points), size), size)


def head(size: int) -> np.ndarray:
    """A disc about the crop's centre: 1 within HEAD_RADIUS[0] of the side, 0 beyond HEAD_RADIUS[1]."""
    axis = (np.arange(size, dtype=np.float32) + 0.5) / size - 0.5
    radius = np.hypot(axis[None, :], axis[:, None])
    inner, outer = HEAD_RADIUS
    return _smoothstep((outer - radius) / (outer - inner))


def around_strokes(alpha: np.ndarray, size: int, reach: float = 0.06) -> np.ndarray:
    """Where a sketch edit may change the face: the painted pixels of ``alpha`` ([H,W], any square size,
    > 0 where painted, on the aligned face) grown by ``reach`` of the side and faded out beyond that, inside
    the head disc; float32 [size,size] in 0..1."""
    painted = cv2.resize((alpha > 0).astype(np.float32), (size, size), interpolation=cv2.INTER_AREA) > 0
    return _soft(painted.astype(np.float32), reach, size)


def _hair(points: np.ndarray, size: int, face: np.ndarray) -> np.ndarray:
    """The head disc without ``face`` (points [K,2]) and a FADE margin around it."""
    return head(size) * (1 - _grown(_hull(face, size), size))


def _grown(inside: np.ndarray, size: int) -> np.ndarray:
    """A hard mask made soft outward: 1 inside, falling smoothly to 0 over FADE·size beyond its outline."""
    outside = cv2.distanceTransform((inside < 0.5).astype(np.uint8), cv2.DIST_L2, 5)
    return _smoothstep(1 - outside / (FADE * size))


def _part(indices: np.ndarray, grow: float = 0.0):
    """A part of the face: the hull of these landmarks, grown by ``grow`` of the crop's side, then faded."""
    return lambda points, size: _soft(_hull(points[indices], size), grow, size)


def _soft(inside: np.ndarray, grow: float, size: int) -> np.ndarray:
    """A hard mask [size,size] grown by ``grow`` of the side, faded out beyond (``_grown``), inside the head."""
    if grow:
        inside = cv2.dilate(inside, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * int(grow * size) + 1,) * 2))
    return _grown(inside, size) * head(size)


def _hull(points: np.ndarray, size: int) -> np.ndarray:
    hull = cv2.convexHull(np.round(points).astype(np.int32))
    return cv2.fillConvexPoly(np.zeros((size, size), np.float32), hull, 1.0)


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0, 1).astype(np.float32)
    return x * x * (3 - 2 * x)


_PARTS = {
    "hair": lambda points, size: _hair(points, size, whole_face(points)),
    "hair_and_forehead": lambda points, size: _hair(points, size, points[np.r_[JAW, BROWS]]),
    "head": lambda points, size: head(size),
    "mouth_and_cheeks": _part(np.r_[JAW[2:15], NOSE[1:]]),
    "mouth": _part(MOUTH, grow=0.03),
    "eye_band": _part(np.r_[JAW[[0, 1, 15, 16]], BROWS, NOSE[:4], EYES], grow=0.02),
    "eyes_and_brows": _part(np.r_[BROWS, EYES], grow=0.03),
    "nose": _part(NOSE, grow=0.03),
    "lower_face": _part(np.r_[JAW[1:16], NOSE[4:]], grow=0.04),
}
