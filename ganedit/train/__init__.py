"""Training scripts, one per model: ``python -m ganedit.train.<name> --help``."""
