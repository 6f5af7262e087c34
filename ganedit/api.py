"""The public API on PIL images and latents, over the shipped models (re-exported by ``ganedit``).

Every function that takes a picture takes it as the CLI and the app open files (``imaging.Picture``):
any PIL mode (grey, palette, CMYK, 16-bit, float, with or without alpha), turned upright by its EXIF
Orientation tag (results, boxes and landmarks are in the upright picture), and a grey picture's results
come back grey. A picture that cannot be used raises ``imaging.ImageInputError`` (a ValueError).
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Iterable

import cv2
import numpy as np
import torch
from PIL import Image, ImageOps

from ganedit.edits import attributes as attribute_edits
from ganedit.edits import (bangs, brows, completion, curtains, facial_hair, focus, glasses, hairline, hat, inversion,
                           long_hair, photo, regions, reshape, shading, sketch, skin, superres)
from ganedit.edits import hair as hair_edit
from ganedit.edits import paint as paint_edit
from ganedit.edits.latent import LatentRun
from ganedit.faces import SIZE, Alignment, cut, find_face, set_in_frame
from ganedit.faces import find_faces as _find_faces
from ganedit.imaging import Picture, in_grey, is_grey, to_pil, to_tensor
from ganedit.pretrained import component, face_models, frame_models, has, sr_generator


def latents(n: int, seed: int = 0) -> torch.Tensor:
    """n latents [n,128] ~ N(0, I), reproducible by seed."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    return torch.randn(n, component("face_g").config.z_dim, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def generate(z: torch.Tensor) -> torch.Tensor:
    """Faces G(z): z [N,128] -> [N,3,64,64] in [-1, 1]."""
    return component("face_g")(z)


def sample(n: int, seed: int = 0) -> list[Image.Image]:
    """n random 64×64 faces as RGB PIL images, reproducible by seed."""
    return to_pil(generate(latents(n, seed)))


def portrait(z: torch.Tensor) -> Image.Image:
    """A made-up photo of G's face at latent ``z`` [1,128], RGB 320×384 (4× the whole frame's 80×96): the face
    (``enlarge``) set into the whole frame that the frame models draw about it (``inversion.frame_about``: hair,
    neck, shoulders, background), enlarged alike by the super-resolution model, fading into it well inside its
    box (``faces.set_in_frame``), so no square edge shows. The app's example portraits and the benchmark's grid."""
    face = generate(z)
    frame = to_pil(component("frame_g")(inversion.frame_about(frame_models(), face)).detach())[0]
    return set_in_frame(enlarge(to_pil(face)[0]), superres.upscale_image(sr_generator(0.0), frame))


def face_tensor(face: Image.Image) -> torch.Tensor:
    """An aligned face (PIL, 64×64, any mode) as [1,3,64,64] in [-1, 1]."""
    face = Picture.of(face).image
    if face.size != (SIZE, SIZE):
        width, height = face.size
        raise ValueError(f"expected an aligned {SIZE}×{SIZE} face (see align_face), got {width}×{height}")
    return to_tensor(face)


def invert(face: Image.Image, method: str = "hybrid", *, loss: str = "pixel", steps: int | None = None,
           seed: int = 0) -> torch.Tensor:
    """Latent z [1,128] with G(z) ≈ face, an aligned 64×64 face; method "optimize", "encoder" or "hybrid"."""
    return inversion.invert(face_models(), face_tensor(face), method, loss=loss, steps=steps, seed=seed)


def attribute_names() -> list[str]:
    """Names accepted by ``edit``: CelebA's 40 attributes (lower case) and ``long_hair``."""
    return list(component("attributes").config.names)


def edit(z: torch.Tensor, strengths: dict[str, float], keep: Iterable[str] = (),
         custom: dict[str, torch.Tensor] | None = None) -> torch.Tensor:
    """z [1,128] moved along attribute vectors: {"long_hair": 1.5, "smiling": -1.0}; sliders span −3..3.

    ``keep``: attributes the edit must not move; ``custom``: extra vectors by name (see attribute_vector).
    """
    vectors = component("attributes")
    if custom:
        vectors = attribute_edits.with_extra(vectors, custom)
    return attribute_edits.edit_latent(z, vectors, strengths, tuple(keep))


def render(z: torch.Tensor, size: int = SIZE) -> Image.Image:
    """G(z) for one latent [1,128] as a PIL image: 64×64, or 256×256 through ``enlarge``."""
    face = to_pil(generate(z))[0]
    return face if size == SIZE else enlarge(face, size)


def enlarge(face: Image.Image, size: int = 4 * SIZE) -> Image.Image:
    """A 64×64 face shown at size×size: through the 4× super-resolution model when it is shipped
    (then resized if size is not 256), else with Lanczos."""
    if has("sr_psnr"):
        face = superres.upscale_image(sr_generator(0.0), face)
    return face if face.size == (size, size) else face.resize((size, size), Image.LANCZOS)


def render_keeping_details(face: Image.Image, z: torch.Tensor, z_edited: torch.Tensor) -> Image.Image:
    """The aligned photo plus the edit's change G(z′) − G(z): keeps details that G cannot reproduce."""
    change = generate(z_edited) - generate(z)
    return to_pil(face_tensor(face) + change)[0]


def find_faces(image: Image.Image, progress: Callable[[float, str], None] | None = None) -> list[Alignment]:
    """Every face in the photo at least 40 px wide, largest first: ``.face`` (64×64, aligned), ``.box``
    (left, top, width, height), ``.landmarks`` [68,2] and ``.matrix`` (photo → face coordinates), all in
    pixels of the upright photo; ``.score``: the detector's confidence (see ``faces.is_face``). ``progress``
    (optional) is called as ``prepare_photo``'s: finding the faces is the first stage of preparing a photo."""
    photo.stage(progress, "find")(0.0)
    return _find_faces(Picture.of(image).image)


def align_face(image: Image.Image) -> Image.Image:
    """The largest face in the upright photo as a 64×64 RGB image in the training geometry. Raises NoFaceError."""
    return find_face(Picture.of(image).image).face


def prepare_photo(image: Image.Image, face: int = 0, progress: Callable[[float, str], None] | None = None,
                  faces: list[Alignment] | None = None, frames: bool = False) -> photo.PhotoFace:
    """The photo's ``face``-th largest face, inverted and with a generator tuned to it (pivotal tuning,
    about 1–2 s); render edits of it with ``render_photo``. ``progress`` (optional) is called as it goes with
    the share of the whole preparation done (0..1) and the stage, in words for the user (the stages and
    their shares: ``photo.PREPARATION``). ``faces``: ``find_faces(image)`` when already known (the photo is
    then not searched again, and that stage not reported); the hair of the photo's other faces beside this one is
    kept out of its hair map (``regions.person_likelihood``). ``frames`` (experimental, about 1 s more): also
    fit the whole-frame models, so that long hair grows past the chin beside the neck
    (``ganedit.edits.long_hair``); its hair looks drawn, and fresh reviewers preferred no change at all on
    10 of 12 portraits, so the app does not ask for it. Raises NoFaceError."""
    image = Picture.of(image).image
    faces = find_faces(image, progress) if faces is None else faces
    alignment = find_face(image, face, faces)
    judged = judge_face(alignment.face)
    prepared = photo.prepare(np.asarray(image.convert("RGB")), alignment, face_models(), sr_generator(0.0),
                             progress=progress, clean_shaven=photo.woman_without_beard(judged),
                             others=[other.landmarks for other in faces if other is not alignment],
                             frames=frame_models() if frames and has("frame_g") else None)
    prepared = replace(prepared, wears_glasses=judged[glasses.ATTRIBUTE] > 0.5,
                       long_haired=judged[long_hair.ATTRIBUTE] > curtains.JUDGED_LONG,
                       bearded=judged[facial_hair.BEARD] < 0.5, inpainter=_inpainter(), lacking=photo.lacks(judged))
    _shipped_points(prepared.z, len(prepared.reconstruction))  # where a smile starts: found now, not on its first move
    if prepared.frame is None:
        return prepared
    return replace(prepared, frame=replace(prepared.frame, room=1 - judged[long_hair.ATTRIBUTE]))


@torch.no_grad()
def judge_face(face: Image.Image) -> dict[str, float]:
    """The attribute classifier's probability (0..1) of each of its attributes (CelebA's 40 and long hair, by
    name) for an aligned 64×64 face (PIL; see align_face). Raises ValueError for another size."""
    return {k: float(v) for k, v in component("classifier").probabilities(face_tensor(face)).items()}


def prepare_latent(z: torch.Tensor) -> photo.PhotoFace:
    """A made-up face G(z) (z [1,128]), enlarged, as a photo to edit with ``render_photo`` (eyeglasses draws no
    frames over the glasses G gave it, as on a photo)."""
    G = component("face_g")
    with torch.no_grad():
        prepared = photo.from_latent(G, z, sr_generator(0.0))
    judged = judge_face(render(z))
    return replace(prepared, wears_glasses=judged[glasses.ATTRIBUTE] > 0.5, bearded=judged[facial_hair.BEARD] < 0.5,
                   inpainter=_inpainter(), lacking=photo.lacks(judged))


def _inpainter() -> torch.nn.Module | None:
    """The completion network, which fills what baldness uncovers (``photo.PhotoFace.inpainter``), where shipped."""
    return component("completion") if has("completion") else None


def edit_region(prepared: photo.PhotoFace, strengths: dict[str, float]) -> np.ndarray:
    """Where the sliders' ``strengths`` may change the prepared face: float32 [256,256] in 0..1 on its
    enlarged aligned face, the union of each moved slider's part (``ganedit.edits.regions``)."""
    return prepared.region(regions.region_of(name) for name, strength in strengths.items() if strength)


@dataclass(frozen=True)
class Start:
    """Where the sliders start on a prepared photo (``render_photo``): the edits kept so far.

    ``z`` [1,128]: the latent the sliders move, whose own change from the photo's shows inside ``region``
    (float [S,S] in 0..1 on the aligned face, any square size; None: nowhere), e.g. a sketch's result;
    ``strengths``: sliders kept, added to the sliders' own; ``hair``: hair recolourings kept
    (``ganedit.edits.hair.Recolour``, e.g. a sketch's strokes on the hair), applied before the sliders';
    ``paint``: paint on the face's parts kept (``ganedit.edits.paint.Paint``, a sketch's colour strokes), last."""

    z: torch.Tensor
    region: np.ndarray | None = None
    strengths: dict[str, float] = field(default_factory=dict)
    hair: tuple[hair_edit.Recolour, ...] = ()
    paint: tuple[paint_edit.Paint, ...] = ()


def render_photo(prepared: photo.PhotoFace, strengths: dict[str, float], keep: Iterable[str] = (),
                 custom: dict[str, torch.Tensor] | None = None, start: Start | None = None) -> Image.Image:
    """The prepared photo, whole and at its own size (RGB; grey, R = G = B, when the photo is grey), with its face
    edited by the sliders' ``strengths`` from ``start`` (default: the photo's own latent, nothing kept). Each slider
    changes only its own part of the face (``edit_region``); the hair colours recolour the photo's own hair
    (``ganedit.edits.hair``); smiling moves the photo's own pixels (``regions.SHAPE_EDITS``); long hair, positive, draws
    curtains of the photo's own hair beside the face and the neck (``ganedit.edits.curtains``; wavy hair, positive,
    curls them; on a photo prepared with the whole-frame models it grows through them instead,
    ``ganedit.edits.long_hair``; on a made-up face G draws it); eyeglasses, on a face without them, draws frames
    (``ganedit.edits.glasses``); bangs, positive, draws a fringe of the photo's own hair (``ganedit.edits.bangs``); a
    receding hairline, positive, moves the photo's own hairline up (``hairline.recede``); baldness, positive, shaves the
    head (``ganedit.edits.bald``; where the hair falls past the chin, it recedes the hairline as a receding hairline
    does); a moustache, a goatee and a five o'clock shadow, positive, and no beard, negative (a full beard), draw facial
    hair (``ganedit.edits.facial_hair``); wearing lipstick, positive, paints the lips (``paint.lipstick``), heavy
    make-up, positive, the lips and the upper lids (``paint.makeup``), rosy cheeks the cheeks (``paint.blush``), bags
    under eyes shades below the eyes (``paint.bags``) and high cheekbones contours the cheeks (``paint.cheekbones``);
    wearing hat, positive, draws a knit hat (``ganedit.edits.hat``); bushy and arched eyebrows warp the photo's own
    brows (``ganedit.edits.brows``); big lips, big and pointy nose, narrow eyes, chubby, oval face and mouth slightly
    open warp the face's shape (``ganedit.edits.reshape``); blurry blurs (negative: sharpens) the whole photo
    (``ganedit.edits.focus``); young, attractive and male are made of those edits and the skin's smoothing
    (``photo.COMPOSED``, ``ganedit.edits.skin``); double chin, pale skin, sideburns, straight and wavy hair, earrings, a
    necklace and a necktie change nothing on a photo (``PhotoFace.off_photo``: G′ drew none of them there; G's own faces
    keep those latent edits). A slider's side that takes away what the attribute classifier finds the face without
    (``photo.REMOVING``: bangs below 0 on a face without bangs) changes nothing, as does one that adds what a photo's
    face shows already (``photo.ADDING``: eyeglasses above 0 over glasses). Some sliders move z ``photo.PHOTO_GAIN``
    times as far as on G's own faces."""
    start, strengths = Start(prepared.z) if start is None else start, finite_strengths(strengths)
    total = photo.with_nothing_removed(_summed(start.strengths, strengths), prepared.lacking, prepared.having)
    total = total if prepared.made_up else photo.composed(total)
    names = component("hair_colours").config.names
    drawn = _drawn(prepared, total)
    latent = {name: strength for name, strength in total.items()
              if name not in names and not drawn.get(name) and name not in prepared.off_photo}
    gained = _gained(latent)
    z = edit(start.z, gained, keep, custom)
    shapes = _shapes(gained)
    where = _joined(edit_region(prepared, {n: s for n, s in latent.items() if n not in shapes}), start.region)
    rendered = photo.render(prepared, z, sr_generator(0.0), where) if where.any() else prepared.photo
    if drawn[skin.SMOOTHING] and prepared.wrinkles is not None:
        rendered = prepared.wrinkles.on(rendered, drawn[skin.SMOOTHING])
    if shapes:
        rendered = _reshaped(prepared, rendered, start.z, edit(start.z, shapes, keep, custom), shapes)
    steps = start.hair + hair_colour_steps({name: total[name] for name in set(total) & set(names)})
    points = prepared.landmarks_on_photo()  # where every drawn edit is placed
    rendered = _drawn_on_head(prepared, rendered, points, drawn, steps, keep)
    rendered = _drawn_over(prepared, rendered, points, drawn, start.paint, total.get(curtains.WAVY, 0.0))
    rendered = Image.fromarray(rendered)
    return in_grey(rendered) if is_grey(prepared.photo) else rendered


# the sliders drawn on a photo on their positive side only (their negative side moves z), and on both sides
_DRAWN_POSITIVE = (glasses.ATTRIBUTE, bangs.ATTRIBUTE, *hairline.ATTRIBUTES, hat.ATTRIBUTE,
                   paint_edit.LIPSTICK_ATTRIBUTE, paint_edit.MAKEUP_ATTRIBUTE)
_DRAWN_BOTH = (paint_edit.BLUSH_ATTRIBUTE, paint_edit.BAGS_ATTRIBUTE, paint_edit.CHEEKBONES_ATTRIBUTE, focus.ATTRIBUTE,
               *brows.ATTRIBUTES, *reshape.ATTRIBUTES)


def _drawn(prepared: photo.PhotoFace, total: dict[str, float]) -> dict[str, float]:
    """Each edit ``render_photo`` draws on the photo rather than moving z, and how strongly (name → strength; 0: not
    drawn), for the sliders' ``total`` strengths: long hair grown through the whole-frame models where they were
    prepared, else drawn as curtains when positive (not on a made-up face, whose long hair G draws); glasses only on a
    face without them; facial hair as ``facial_hair.strengths`` says; the skin's smoothing within skin.AMOUNT."""
    drawn = {name: max(total.get(name, 0.0), 0.0) for name in _DRAWN_POSITIVE}
    drawn |= {name: total.get(name, 0.0) for name in _DRAWN_BOTH} | facial_hair.strengths(total)
    drawn[skin.SMOOTHING] = float(np.clip(total.get(skin.SMOOTHING, 0.0), *skin.AMOUNT))
    hair = total.get(long_hair.ATTRIBUTE, 0.0)
    drawn[long_hair.ATTRIBUTE] = hair if prepared.frame is not None else 0.0 if prepared.made_up else max(hair, 0.0)
    if prepared.wears_glasses:
        drawn[glasses.ATTRIBUTE] = 0.0
    return drawn


def _drawn_on_head(prepared: photo.PhotoFace, rendered: np.ndarray, points: np.ndarray, drawn: dict[str, float],
                   steps: tuple[hair_edit.Recolour, ...], keep: Iterable[str]) -> np.ndarray:
    """``rendered`` (uint8 [H,W,3]; the face's landmarks [68,2] on it ``points``) with the edits of ``drawn``
    (``_drawn``) on the face and the hair, in this order: the face's shape, the brows, the hair's colour (the
    recolourings ``steps``), long hair grown (``_grown``), the hairline moved up or the head shaved, facial hair,
    make-up and lipstick, blush, bags and cheekbones."""
    formed = {name: drawn[name] for name in reshape.ATTRIBUTES}
    if any(formed.values()):
        rendered = reshape.reshaped(rendered, points, formed)
    if drawn[brows.BUSHY] or drawn[brows.ARCHED]:
        rendered = brows.shaped(rendered, points, drawn[brows.BUSHY], drawn[brows.ARCHED], prepared.wears_glasses)
    if steps:
        rendered = photo.recolour_hair(rendered, prepared, steps)
    if prepared.frame is not None and drawn[long_hair.ATTRIBUTE]:
        rendered = _grown(prepared, rendered, drawn[long_hair.ATTRIBUTE], keep, steps)
    receding, bald = (drawn[name] for name in hairline.ATTRIBUTES)
    if bald and prepared.hair_long_already:  # no bald head under long hair (``bald``): a receding hairline as strong
        receding, bald = max(receding, bald), 0.0
    shaven = prepared.shaven if bald else None
    if receding or (bald and shaven is None):
        rendered = hairline.recede(rendered, points, prepared.hair_map_on_photo, receding, 0.0 if shaven else bald)
    if shaven:
        rendered = shaven.on(rendered, bald)
    facial = {name: drawn[name] for name in (*facial_hair.ATTRIBUTES, facial_hair.BEARD) if drawn.get(name)}
    if facial and prepared.facial_hair is not None:
        rendered = prepared.facial_hair.on(rendered, facial)
    lips, made_up = drawn[paint_edit.LIPSTICK_ATTRIBUTE], drawn[paint_edit.MAKEUP_ATTRIBUTE]
    if lips or made_up:
        size = len(prepared.reconstruction)
        painted = paint_edit.makeup(prepared.landmarks, size, made_up) if made_up else ()
        painted += (paint_edit.lipstick(prepared.landmarks, size, lips),) if lips else ()
        rendered = photo.paint_face(rendered, prepared.alignment.matrix, painted)
    for name, shading in ((paint_edit.BLUSH_ATTRIBUTE, paint_edit.blush), (paint_edit.BAGS_ATTRIBUTE, paint_edit.bags),
                          (paint_edit.CHEEKBONES_ATTRIBUTE, paint_edit.cheekbones)):
        rendered = shading(rendered, points, drawn[name]) if drawn[name] else rendered
    return rendered


def _drawn_over(prepared: photo.PhotoFace, rendered: np.ndarray, points: np.ndarray, drawn: dict[str, float],
                paint: tuple[paint_edit.Paint, ...], wavy: float) -> np.ndarray:
    """``rendered`` (uint8 [H,W,3]; the landmarks on it ``points``) with what ``drawn`` (``_drawn``) lays over the face
    and the hair, in this order: long hair's curtains (none over long hair; ``wavy``: the wavy-hair slider's strength,
    curling them), a fringe, a hat, glasses, the kept ``paint`` (a sketch's colour strokes), and blur or sharpening
    over the whole photo."""
    hung = drawn[curtains.ATTRIBUTE] if prepared.frame is None else 0.0
    sample = prepared.hair_sample_of(rendered) if hung and not prepared.hair_long_already else None
    if sample is not None:
        rendered = curtains.hang(rendered, points, prepared.hair_map_on_photo, hung, prepared.curtain_sides, wavy,
                                 sample)
    if drawn[bangs.ATTRIBUTE]:
        rendered = bangs.fringe(rendered, points, prepared.hair_map_on_photo, drawn[bangs.ATTRIBUTE],
                                prepared.fringe_drawn)
    if drawn[hat.ATTRIBUTE] and prepared.hat is not None:
        rendered = prepared.hat.on(rendered, drawn[hat.ATTRIBUTE])
    if drawn[glasses.ATTRIBUTE]:
        rendered = glasses.wear(rendered, points, drawn[glasses.ATTRIBUTE])
    if paint:
        rendered = photo.paint_face(rendered, prepared.alignment.matrix, paint)
    if drawn[focus.ATTRIBUTE]:
        rendered = focus.focused(rendered, points, drawn[focus.ATTRIBUTE])
    return rendered


def _grown(prepared: photo.PhotoFace, rendered: np.ndarray, strength: float, keep: Iterable[str],
           steps: tuple[hair_edit.Recolour, ...]) -> np.ndarray:
    """``rendered`` with long hair at ``strength`` grown through the whole-frame models (``photo.grow_hair``),
    their latent moved along ``frame_attributes`` (a positive strength times the frame's ``room``: hair already
    long grows little), off the ``keep`` attributes they have, in the hair's colour after the recolourings
    ``steps``."""
    vectors = component("frame_attributes")
    kept = tuple(name for name in keep if name in vectors.config.names)
    room = prepared.frame.room if strength > 0 else 1.0
    gained = {long_hair.ATTRIBUTE: strength * room * photo.PHOTO_GAIN[long_hair.ATTRIBUTE]}
    moved = attribute_edits.edit_latent(prepared.frame.z, vectors, gained, kept)
    return photo.grow_hair(prepared, rendered, moved, sr_generator(0.0), steps)


def keep_edit(prepared: photo.PhotoFace, strengths: dict[str, float], keep: Iterable[str] = (),
              custom: dict[str, torch.Tensor] | None = None, start: Start | None = None) -> Start:
    """The sliders' edit (as ``render_photo``'s arguments) as the new ``Start``, so that sliders at 0 from it
    show the same photo: the attributes' strengths are kept as strengths, a ``custom`` slider's move as the
    latent and its region."""
    start = Start(prepared.z) if start is None else start
    own = {name: strength for name, strength in strengths.items() if name in (custom or {}) and strength}
    kept = {name: strength for name, strength in _summed(start.strengths, strengths).items() if name not in own}
    if not own:
        return replace(start, strengths=kept)
    return replace(start, z=edit(start.z, own, keep, custom), region=_joined(edit_region(prepared, own), start.region),
                   strengths=kept)


def _summed(kept: dict[str, float], strengths: dict[str, float]) -> dict[str, float]:
    """Slider strengths added to the kept ones, name by name."""
    return {name: kept.get(name, 0.0) + strengths.get(name, 0.0) for name in {*kept, *strengths}}


def hair_colour_steps(strengths: dict[str, float]) -> tuple[hair_edit.Recolour, ...]:
    """The hair-colour sliders' edits ({"blond_hair": 2}) as recolourings of the photo's own hair
    (``ganedit.edits.hair``), not latent moves. KeyError for a name that is not a hair colour."""
    colours = component("hair_colours")
    return tuple(hair_edit.Recolour(target.numpy(), strength, away.numpy())
                 for name, strength in sorted(strengths.items()) if strength
                 for target, away in [colours.target(name, strength)])


def pad_view(prepared: photo.PhotoFace, image: Image.Image, size: int) -> Image.Image:
    """What the sketch pad shows, size×size RGB: ``image`` (the prepared photo, edited or not, the size of
    ``prepared.photo``) cut about the aligned face PAD_VIEW crop sides wide, the face at its centre and the
    top of the head above it. ``split_strokes`` takes strokes painted on it."""
    to_pad = photo.widened(prepared.alignment.matrix / SIZE, photo.PAD_VIEW) * SIZE
    return cut(np.asarray(image.convert("RGB")), to_pad, size)


@dataclass(frozen=True)
class PadStrokes:
    """What strokes painted on the sketch pad ask for (``split_strokes``): a recolouring of the photo's own hair
    (or None), paint on the face's parts (``ganedit.edits.paint``) and lines for the latent sketch on the aligned
    face (RGBA, ``sketch_run``; None when there are none)."""

    hair: hair_edit.Recolour | None = None
    paint: tuple[paint_edit.Paint, ...] = ()
    lines: Image.Image | None = None

    def on(self, start: Start) -> Start:
        """``start`` with this hair colour and paint kept (the lines need a sketch run)."""
        return replace(start, hair=start.hair + ((self.hair,) if self.hair else ()), paint=start.paint + self.paint)

    def __bool__(self) -> bool:
        return self.hair is not None or bool(self.paint) or self.lines is not None


def split_strokes(prepared: photo.PhotoFace, strokes: Image.Image, colour: bool = True) -> PadStrokes:
    """Strokes painted on the sketch pad (``pad_view``; RGBA, any square size, alpha > 0 where painted), as what
    they ask for. Colour strokes (``colour``) on the photo's own hair or off the face along its hairline
    (``PhotoFace.stroke_hair``) recolour the whole hair to their mean colour (``hair.stroke_colour``); the
    others paint the part of the face they lie on, on the person only (``paint.face_paint``). Strokes that are
    lines (not ``colour``), cut to the aligned face (the pad's centre), are for the latent sketch. Empty (False)
    when no stroke lies on the person."""
    rgba = np.asarray(strokes.convert("RGBA"))
    if not colour:
        face = photo.centre(rgba, 1 / photo.PAD_VIEW)
        return PadStrokes(lines=Image.fromarray(face) if face[..., 3].any() else None)
    recolour, rgba = hair_edit.stroke_colour(rgba, prepared.stroke_hair(len(rgba), photo.PAD_VIEW))
    face = photo.centre(rgba, 1 / photo.PAD_VIEW)
    size = len(face)
    points = prepared.landmarks * (size / len(prepared.reconstruction))
    person = cv2.resize(prepared.person, (size, size), interpolation=cv2.INTER_AREA)
    paints = (replace(part, weight=part.weight * person) for part in paint_edit.face_paint(face, points))
    return PadStrokes(recolour, tuple(part for part in paints if part.weight.max() > 0.5))


def _reshaped(prepared: photo.PhotoFace, rendered: np.ndarray, start: torch.Tensor, moved: torch.Tensor,
              shapes: dict[str, float]) -> np.ndarray:
    """The shape sliders' edit (regions.SHAPE_EDITS): the photo's own pixels moved within their parts, its mouth
    corners as the shipped G's move from ``start`` to ``moved`` (G, not the tuned G′, whose directions tuning
    weakens; dlib's points of each, not an optical flow between them, which on faces G rebuilds poorly rippled
    the photo's whole lower face), then the cheeks' light and shade as far as the corners rose
    (``ganedit.edits.shading``)."""
    size = len(prepared.reconstruction)
    before, after = (_shipped_points(z, size) for z in (start, moved))
    flow, region = _smile_warp(prepared, before, after, shapes)
    warped = photo.warp_by_flow(rendered, prepared.alignment.matrix, flow, region)
    points, rise = photo.smiled_points(after - before, prepared.landmarks)
    texture = shading.smile_texture(component("smile_shading"), points, rise, size) * region
    return shading.shade(warped, prepared.alignment.matrix, texture)


def _smile_warp(prepared: photo.PhotoFace, before: np.ndarray, after: np.ndarray, shapes: dict[str, float]
                ) -> tuple[np.ndarray, np.ndarray]:
    """The smile's backward flow (``photo.smile_flow``, float32 [S,S,2]) from G's points ``before`` to ``after``
    (dlib's 68 [68,2], pixels at S, the prepared face's enlarged side) and the shape sliders' region (float32 [S,S]
    in 0..1: their parts, within the face's outline) that weights it."""
    size = len(prepared.reconstruction)
    region = edit_region(prepared, shapes) * regions.within_face(prepared.landmarks, size)
    return photo.smile_flow(before, after, prepared.landmarks, size), region


def shape_warp(prepared: photo.PhotoFace, strengths: dict[str, float]) -> np.ndarray:
    """The backward flow (float32 [S,S,2], x then y, pixels of the prepared face's enlarged aligned face, S its
    side) by which ``render_photo(prepared, strengths)`` moves the photo's own pixels: the shape sliders'
    (regions.SHAPE_EDITS; the others are left out) flow weighted by their region; zeros when none is moved. For
    measuring the warp itself (``bench.look.folded_share``). Raises ValueError for a strength that is not finite."""
    size = len(prepared.reconstruction)
    shapes = _shapes(_gained(finite_strengths(strengths)))
    if not shapes:
        return np.zeros((size, size, 2), np.float32)
    before, after = (_shipped_points(z, size) for z in (prepared.z, edit(prepared.z, shapes)))
    flow, region = _smile_warp(prepared, before, after, shapes)
    return flow * region[..., None]


def _gained(strengths: dict[str, float]) -> dict[str, float]:
    """The sliders' ``strengths`` as far as they move z on a photo: times ``photo.PHOTO_GAIN`` where it has them."""
    return {name: strength * photo.PHOTO_GAIN.get(name, 1.0) for name, strength in strengths.items()}


def _shapes(gained: dict[str, float]) -> dict[str, float]:
    """The moved shape sliders (regions.SHAPE_EDITS) of ``gained`` strengths: those that warp the photo's pixels."""
    return {name: strength for name, strength in gained.items() if name in regions.SHAPE_EDITS and strength}


def _shipped_points(z: torch.Tensor, size: int) -> np.ndarray:
    """dlib's points [68,2] (pixels) on the shipped G's face at latent ``z`` [1,D], enlarged to side ``size``
    (not to be changed in place; ``_points_at``)."""
    return _points_at(z.detach().float().numpy().tobytes(), tuple(z.shape), size)


@lru_cache(maxsize=16)
def _points_at(latent: bytes, shape: tuple[int, ...], size: int) -> np.ndarray:
    """dlib's points [68,2] on the shipped G's face at the float32 latent of ``shape`` whose bytes are ``latent``,
    enlarged to side ``size`` (see ``_reshaped``; not to be changed in place): the last few are kept, since every
    move of a slider asks again for its start's."""
    z = torch.from_numpy(np.frombuffer(latent, np.float32).reshape(shape).copy())
    return photo.face_points(photo.smooth(component("face_g"), z, size))


def stroke_region(strokes: Image.Image, region: np.ndarray | None = None) -> np.ndarray:
    """Where a sketch edit may change the face: float32 [256,256] in 0..1 around the painted pixels of
    ``strokes`` (RGBA on the aligned face, any square size, alpha > 0 where painted), joined with an
    earlier ``region`` (float [S,S], any square size) when given."""
    return _joined(regions.around_strokes(np.asarray(strokes.getchannel("A")), 4 * SIZE), region)


def _joined(where: np.ndarray, region: np.ndarray | None) -> np.ndarray:
    """The larger of two regions, ``region`` (any square size, or None) resized to ``where``'s."""
    if region is None:
        return where
    return np.maximum(where, cv2.resize(np.asarray(region, np.float32), where.shape[::-1]))


def edit_photo(image: Image.Image, strengths: dict[str, float], keep: Iterable[str] = (), face: int = 0
               ) -> Image.Image:
    """The photo with its ``face``-th largest face edited: {"long_hair": 2, "smiling": 1}, keep=("male",).

    The upright photo's size; RGB, or for a grey photo grey ("L" when it was one-band grey). Pixels away
    from the face are unchanged. Raises NoFaceError, KeyError for an unknown attribute name, or ValueError for a
    strength that is not a finite number (``known_strengths``); warns
    (UserWarning, ``PhotoFace.notes``) when a slider moved can change nothing on this photo."""
    strengths = known_strengths(strengths)
    picture = Picture.of(image)
    prepared = prepare_photo(picture.image, face)
    for note in prepared.notes(strengths):
        warnings.warn(note, stacklevel=2)
    return picture.back(render_photo(prepared, strengths, keep))


def known_strengths(strengths: dict) -> dict[str, float]:
    """``finite_strengths`` of sliders that all exist: KeyError naming the unknown attribute names and the known ones
    (``attribute_names``), ValueError for a strength that is not a finite number."""
    unknown = set(strengths) - set(attribute_names())
    if unknown:
        raise KeyError(f"unknown attribute(s) {', '.join(sorted(unknown))}; known: {', '.join(attribute_names())}")
    return finite_strengths(strengths)


def finite_strengths(strengths: dict) -> dict[str, float]:
    """``strengths`` (slider name → strength) as floats; ValueError, naming the slider, for a strength that is not a
    finite real number (a string, None, NaN or infinity: NaN had ``render_photo`` fail with a KeyError)."""
    for name, value in strengths.items():
        if not _finite(value):
            raise ValueError(f"The strength of {name} must be a finite number, e.g. 2 or -1.5; got {value!r}.")
    return {name: float(value) for name, value in strengths.items()}


def _finite(value: object) -> bool:
    """Whether ``value`` is a finite real number (not a bool, a string, None, NaN or infinity)."""
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def attribute_vector(with_images: list[Image.Image], without_images: list[Image.Image]) -> torch.Tensor:
    """A new attribute direction [128] from ≥5 photos with a feature and ≥5 without it (faces are aligned)."""
    def encode(images: list[Image.Image]) -> torch.Tensor:
        faces = torch.cat([face_tensor(im if im.size == (SIZE, SIZE) else align_face(im)) for im in images])
        return attribute_edits.encode_all(component("encoder"), faces)

    if len(with_images) < 5 or len(without_images) < 5:
        raise ValueError(f"need at least 5 photos with the feature and 5 without it, "
                         f"got {len(with_images)} and {len(without_images)}")
    return attribute_edits.mean_difference(encode(with_images), encode(without_images))


def _models_with(generator: torch.nn.Module | None) -> inversion.FaceModels:
    models = face_models()
    return models if generator is None else replace(models, G=generator)


def sketch_edit(z0: torch.Tensor, strokes: Image.Image, generator: torch.nn.Module | None = None,
                **options) -> list[torch.Tensor]:
    """Latents [1,128] near z0 whose faces follow the strokes (RGBA, any size, alpha > 0 where painted), best first.

    ``generator``: a photo's tuned generator (``prepare_photo(...).G``), default the shipped one.
    Options: mode "color" | "edge", lambda_prior, lambda_realism, steps, candidates, seed
    (defaults in ``ganedit.edits.sketch.DEFAULTS``).
    """
    return list(sketch.sketch_edit(_models_with(generator), z0, strokes, **options).z.split(1))


def sketch_run(z0: torch.Tensor, strokes: Image.Image, generator: torch.nn.Module | None = None,
               **options) -> LatentRun:
    """The same edit as ``sketch_edit``, to iterate step by step for live progress (then ``.result()``)."""
    return sketch.sketch_run(_models_with(generator), z0, strokes, **options)


def upscale(image: Image.Image, blend: float = 0.0, progress: Callable[[float], None] | None = None) -> Image.Image:
    """The upright image 4× larger. blend: 0 = fidelity (sr_psnr) … 1 = texture (sr_gan), in steps of 0.05;
    ``progress`` (optional) is called with the share done after each 256-pixel tile.

    RGB, or RGBA when the image has alpha (kept, and no hidden colour shows at its edges); a grey image
    comes back grey ("L" / "LA" when it was one-band grey). Over ``superres.MAX_INPUT_PIXELS`` raises
    TooLargeError; a ``blend`` that is not a number from 0 to 1 (a string, None, NaN) raises ValueError.
    """
    if not _finite(blend) or not 0.0 <= blend <= 1.0:
        raise ValueError(f"blend must be between 0 and 1, got {blend!r}")
    superres.check_size(image)  # before the model loads: a too-large image is the user's to fix first
    picture = Picture.of(image)
    return picture.back(superres.upscale_image(sr_generator(round(blend * 20) / 20), picture.image, progress=progress))


def complete(image: Image.Image, mask: Image.Image, method: str = "network", seed: int = 0) -> Image.Image:
    """The upright image with the masked part filled, its size, any size from 1×1; only masked pixels
    change (and the hidden colour of fully transparent ones). RGB, or RGBA keeping the image's alpha; a
    grey image comes back grey ("L" / "LA" when it was one-band grey).

    mask: every pixel it touches is filled, soft (anti-aliased) edges included: value > 0 in "L" (any
    mode is converted to "L"), any size (resized to the upright image's, nearest neighbour), EXIF
    orientation applied. method "network" (any photo) or "gan" (a face: G's face for the hole, several
    fills by ``seed``). Raises completion.MaskError for an empty or full mask, TooLargeError over
    ``completion.MAX_SIDE`` and NoFaceError when "gan" finds no face.
    """
    picture = Picture.of(image)
    image = picture.image
    rgb = np.asarray(image.convert("RGB"))
    hole = np.asarray(ImageOps.exif_transpose(mask).convert("L").resize(image.size, Image.NEAREST)) > 0
    completion.check_mask(hole)  # before any model loads: a bad mask is the user's to fix first
    models = face_models() if method == "gan" else None
    sr = sr_generator(0.0) if method == "gan" and has("sr_psnr") else None
    filled = Image.fromarray(completion.complete_array(rgb, hole, component("completion"), method,
                                                       face_models=models, sr_model=sr, seed=seed))
    if image.mode == "RGBA":
        filled.putalpha(image.getchannel("A"))
    return picture.back(filled)
