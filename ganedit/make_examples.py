"""Write the app's example images: ``python -m ganedit.make_examples``.

Every example is made by this project's own generator (no data set image is shipped): portraits of
generated faces for the Attributes tab and for completion, and small generated faces to upscale.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import ganedit
from ganedit.faces import as_portrait

SEEDS = (1, 4, 7, 12)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "examples")
    args = p.parse_args(argv)
    args.out.mkdir(exist_ok=True)
    for seed in SEEDS:
        face = ganedit.sample(1, seed=seed)[0]
        as_portrait(ganedit.enlarge(face)).save(args.out / f"face_{seed}.png")
        face.save(args.out / f"small_{seed}.png")
    print(f"wrote {2 * len(SEEDS)} examples to {args.out}")


if __name__ == "__main__":
    main()
