"""Command line: ``python -m ganedit upscale IN [IN ...] -o OUT_DIR [--blend 0.5]``."""
from __future__ import annotations

import argparse
import sys
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

    files = image_files(args.inputs)
    if not files:
        print("no images found in the given paths", file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in tqdm(files, desc="upscaling", unit="image"):
        try:
            result = upscale(open_image(path, keep_alpha=True), blend=args.blend)
        except (ImageInputError, TooLargeError, FileNotFoundError) as error:
            tqdm.write(f"skipped {path}: {error}")
            failures += 1
            continue
        result.save(args.output / f"{path.stem}_x4.png")
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
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
