"""Server-side time per user action at default settings: ``python -m ganedit.bench.latency``.

Times the package calls that each request runs (without the HTTP round trip), several times each,
and prints the median and the slowest. Actions whose models are not shipped are reported as such. With
``../shared/data/portraits`` present it also times ``edit_photo`` (preparing the photo and rendering it at full size,
as a download does) on one of them enlarged to a phone camera's size (PHONE: 3000×4502, 13.5 megapixels).
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from PIL import Image

import ganedit
from ganedit.bench.photos import DEFAULT_PORTRAITS
from ganedit.hub import WeightsError

PHONE = ("img32.jpg", 3000)  # the portrait with the largest face, enlarged to this width (bicubic)


def timed(action, repeats: int) -> list[float]:
    action()  # warm-up: lazy model loading is not a user action
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def actions() -> dict:
    face = ganedit.sample(1, seed=1)[0]
    z = ganedit.latents(1, seed=1)
    strokes = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    strokes.paste((240, 210, 60, 255), (120, 20, 400, 110))
    small = Image.fromarray(np.random.default_rng(0).integers(0, 256, (256, 256, 3), dtype=np.uint8))
    photo = ganedit.render(z, size=256).resize((512, 512), Image.LANCZOS)
    mask = Image.new("L", (512, 512), 0)
    mask.paste(255, (200, 200, 300, 280))
    return {
        "slider move (256×256 display)": lambda: ganedit.render(ganedit.edit(z, {"long_hair": 1.5}), size=256),
        "inversion: encoder": lambda: ganedit.invert(face, "encoder"),
        "inversion: hybrid": lambda: ganedit.invert(face, "hybrid"),
        "inversion: optimize": lambda: ganedit.invert(face, "optimize"),
        "sketch edit": lambda: ganedit.sketch_edit(z, strokes),
        "upscale 256×256 → 1024×1024": lambda: ganedit.upscale(small),
        "completion of a 512×512 photo": lambda: ganedit.complete(photo, mask),
        **phone_actions(),
    }


def phone_actions() -> dict:
    """``edit_photo`` of long hair +2 and of blond +2 on the PHONE portrait; none where it is not there."""
    path = DEFAULT_PORTRAITS / "images" / PHONE[0]
    if not path.exists():
        return {}
    with Image.open(path) as image:
        small = image.convert("RGB")
    photo = small.resize((PHONE[1], round(PHONE[1] * small.height / small.width)), Image.BICUBIC)
    size = f"{photo.width}×{photo.height}"
    return {f"edit_photo of a {size} photo, {name} +2": (lambda name=name: ganedit.edit_photo(photo, {name: 2}))
            for name in ("long_hair", "blond_hair")}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    print("| action | median (ms) | slowest (ms) |\n|---|---|---|")
    for name, action in actions().items():
        try:
            times = timed(action, args.repeats)
        except WeightsError as error:
            print(f"| {name} | not shipped: {error} | |")
            continue
        print(f"| {name} | {1000 * statistics.median(times):.0f} | {1000 * max(times):.0f} |")


if __name__ == "__main__":
    main()
