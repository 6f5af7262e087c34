"""ganedit: GAN-based photo editing — attribute sliders, sketch edits, 4× super-resolution, completion.

The public API (models load lazily from ``weights/`` or the Hub, see ``ganedit.hub``):

- ``generate(z)``: latents [N,128] -> faces [N,3,64,64] in [-1, 1]; ``sample(n, seed)``: PIL faces.
- ``align_face(photo)``: the face in a photo, cut to the 64×64 training geometry.
- ``invert(face, method)``: an aligned face -> latent [1,128] ("optimize", "encoder" or "hybrid").
- ``attribute_names()``, ``edit(z, {"long_hair": 1.5}, keep=("male",))``, ``attribute_vector(with, without)``.
- ``sketch_edit(z0, strokes, mode="color")``: latents whose faces follow painted strokes (iGAN).
- ``upscale(image, blend=0.0)``: 4× super-resolution (0 = fidelity … 1 = texture).
- ``complete(image, mask, method="network")``: fill the masked part ("gan" for faces).
- ``render(z, size=64)``, ``render_keeping_details(face, z, z_edited)``: latents back to images;
  ``enlarge(face)``: a 64×64 face at 256×256 through the super-resolution model.
"""
from ganedit.api import (attribute_names, attribute_vector, complete, edit, enlarge, generate, invert, latents,
                         render, render_keeping_details, sample, sketch_edit, sketch_run, upscale)
from ganedit.faces import NoFaceError, align_face

__all__ = ["align_face", "attribute_names", "attribute_vector", "complete", "edit", "enlarge", "generate", "invert",
           "latents", "NoFaceError", "render", "render_keeping_details", "sample", "sketch_edit", "sketch_run",
           "upscale"]
