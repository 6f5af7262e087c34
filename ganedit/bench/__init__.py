"""Quality and speed benchmarks that print tables: ``python -m ganedit.bench.<name> --help``."""
