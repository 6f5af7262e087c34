"""Command line:

- ``python -m ganedit upscale IN [IN ...] -o OUT_DIR [--blend 0.5]``
- ``python -m ganedit edit PHOTO [PHOTO ...] -o OUT_DIR --set long_hair=2 --set smiling=1 [--keep male] [--face 1]``
"""
from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

from tqdm import tqdm

from ganedit.imaging import ImageInputError, open_image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


def image_files(inputs: list[Path]) -> list[Path]:
    """The files given, and the images inside the folders given (not recursive)."""
    files = []
    for path in inputs:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            files.append(path)
    return files


def blend_value(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"blend must be between 0 and 1, got {value}")
    return value


def upscale_command(args: argparse.Namespace) -> int:
    from ganedit import upscale
    from ganedit.edits.superres import TooLargeError

    return for_each_image(args, "upscaling", "x4", lambda image: upscale(image, blend=args.blend), (TooLargeError,))


def strength(text: str) -> tuple[str, float]:
    """``name=value`` of --set."""
    name, _, value = text.partition("=")
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):  # nan or inf as well (as ganedit.finite_strengths refuses them)
        raise argparse.ArgumentTypeError(f"expected NAME=NUMBER such as long_hair=2, got {text!r}")
    return name.strip(), number


def edit_command(args: argparse.Namespace) -> int:
    from ganedit import NoFaceError, attribute_names, edit_photo

    strengths = dict(args.set)
    unknown = set(strengths) - set(attribute_names()) | set(args.keep) - set(attribute_names())
    if unknown:
        print(f"unknown attribute(s): {', '.join(sorted(unknown))}; known: {', '.join(attribute_names())}",
              file=sys.stderr)
        return 2
    return for_each_image(args, "editing", "edited", lambda image: edit_photo(
        image, strengths, keep=tuple(args.keep), face=args.face - 1), (NoFaceError,))


def for_each_image(args: argparse.Namespace, verb: str, suffix: str, work, errors: tuple) -> int:
    """Run ``work`` on every input image, write <name>_<suffix>.png, report skipped files; exit code 1 if any."""
    files = image_files(args.inputs)
    if not files:
        print("no images found in the given paths", file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in tqdm(files, desc=verb, unit="image"):
        try:
            with warnings.catch_warnings(record=True) as notes:
                warnings.simplefilter("always")
                result = work(open_image(path, keep_alpha=suffix == "x4"))
        except (ImageInputError, FileNotFoundError, *errors) as error:
            tqdm.write(f"skipped {path}: {error}")
            failures += 1
            continue
        for note in notes:  # what the user should know about this image's result (a slider that changed nothing)
            tqdm.write(f"{path}: {note.message}")
        result.save(args.output / f"{path.stem}_{suffix}.png")
    print(f"{len(files) - failures} of {len(files)} images written to {args.output}")
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ganedit", description="ganedit from the command line")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("upscale", help="4× super-resolution of image files or folders")
    up.add_argument("inputs", nargs="+", type=Path, help="image files or folders of images")
    up.add_argument("-o", "--output", type=Path, required=True, help="folder for the results (<name>_x4.png)")
    up.add_argument("--blend", type=blend_value, default=0.0, help="0 = fidelity … 1 = texture (default 0)")
    up.set_defaults(run=upscale_command)
    ed = commands.add_parser("edit", help="edit the face in photos: --set long_hair=2 --set smiling=1")
    ed.add_argument("inputs", nargs="+", type=Path, help="photo files or folders of photos")
    ed.add_argument("-o", "--output", type=Path, required=True, help="folder for the results (<name>_edited.png)")
    ed.add_argument("--set", type=strength, action="append", default=[], metavar="NAME=STRENGTH",
                    help="an attribute and its strength (sliders span -3..3); repeat for several")
    ed.add_argument("--keep", action="append", default=[], metavar="NAME", help="an attribute the edit must not move")
    ed.add_argument("--face", type=int, default=1, help="which face, 1 = the largest (default)")
    ed.set_defaults(run=edit_command)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
