"""Editing algorithms as functions over frozen models: latent optimisation, attributes, sketch, completion."""
