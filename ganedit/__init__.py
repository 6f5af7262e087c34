"""ganedit: GAN-based photo editing — attribute sliders, sketch edits, 4× super-resolution, completion.

The public API (models load lazily from ``weights/`` or the Hub, see ``ganedit.hub``):

- ``generate(z)``: latents [N,128] -> faces [N,3,64,64] in [-1, 1]; ``sample(n, seed)``: PIL faces.
- ``edit_photo(photo, {"long_hair": 2}, keep=("male",), face=0)``: the whole photo with its face edited.
- ``find_faces(photo)``: every face, largest first, aligned; ``align_face(photo)``: the largest, 64×64.
- ``prepare_photo(photo, face)`` then ``render_photo(prepared, strengths)``: the same in two steps
  (inversion and pivotal tuning once, then each edit in milliseconds); ``prepare_latent(z)``: a made-up face;
  ``keep_edit(prepared, strengths)``: a ``Start`` that keeps an edit; ``pad_view(prepared, photo, size)``:
  the face and the top of the head, to paint on; ``split_strokes(prepared, strokes)``: strokes painted there
  as what they ask for (``PadStrokes``: the photo's own hair recoloured, the face's parts painted, lines
  for the latent sketch);
  ``edit_region(prepared, strengths)`` / ``stroke_region(strokes)``: the part of the face an edit may change.
- ``invert(face, method)``: an aligned face -> latent [1,128] ("optimize", "encoder" or "hybrid").
- ``attribute_names()``, ``edit(z, {"long_hair": 1.5}, keep=("male",))``, ``attribute_vector(with, without)``.
- ``sketch_edit(z0, strokes, mode="color")``: latents whose faces follow painted strokes (iGAN).
- ``upscale(image, blend=0.0)``: 4× super-resolution (0 = fidelity … 1 = texture).
- ``complete(image, mask, method="network")``: fill the masked part ("gan" for faces).
- ``render(z, size=64)``, ``render_keeping_details(face, z, z_edited)``: latents back to images;
  ``enlarge(face)``: a 64×64 face at 256×256 through the super-resolution model; ``portrait(z)``: a made-up
  photo, the face set into the whole frame (hair, shoulders, background) drawn about it.
"""
from ganedit.api import (PadStrokes, Start, align_face, attribute_names, attribute_vector, complete, edit, edit_photo,
                         edit_region, enlarge, find_faces, finite_strengths, generate, invert, keep_edit,
                         known_strengths, latents, pad_view, portrait, prepare_latent, prepare_photo, render,
                         render_keeping_details, render_photo, sample, sketch_edit, sketch_run, split_strokes,
                         stroke_region, upscale)
from ganedit.faces import NoFaceError

__all__ = ["PadStrokes", "Start", "align_face", "attribute_names", "attribute_vector", "complete", "edit",
           "edit_photo", "edit_region", "enlarge", "find_faces", "finite_strengths", "generate", "invert", "keep_edit",
           "known_strengths", "latents", "NoFaceError", "pad_view", "portrait", "prepare_latent", "prepare_photo",
           "render", "render_keeping_details", "render_photo", "sample", "sketch_edit", "sketch_run", "split_strokes",
           "stroke_region", "upscale"]
