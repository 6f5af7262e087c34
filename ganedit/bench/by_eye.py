"""Whether an edit took, judged by eye: ``python -m ganedit.bench.by_eye sheet DIR --edit blond_hair``, then
``python -m ganedit.bench.by_eye tally DIR ANSWERS``.

The attribute classifier that ``ganedit.bench.photos`` asks whether an edit took disagrees with people both ways
(README, "Editing real photos"): it misses blond and long hair on men (it finds blond on 0.65 of val's blond men,
``bench.classifier``, but seldom on a man's short hair turned blond, nor curtains of hair beside his face) and takes
some faint closed-mouth smiles for smiles. So the issue's "checked by eye" gets a sheet of its own.

``sheet`` renders the edit at +2 (``edit_photo``'s defaults, full size) on every portrait the classifier judges
without the attribute, cuts each head (within the photo: no black border), mixes in ``--controls`` of those
portraits untouched (the reviewer's own false alarms), shuffles them as ``r001.png``… in DIR with
``QUESTION.txt``, and writes the key beside DIR (``DIR.key.csv``: keep it from the reviewer). The reviewer (a
person, or a fresh helper who did not write the code) answers one line per picture: ``r001 yes|partly|no …``.
``tally`` prints yes / partly / no for the edited and the untouched pictures, for all and for the light-, medium-
and dark-skinned people and for men and women apart; then how often the reviewer and the classifier agree (the key
keeps the classifier's probability of the attribute for each picture it shows): of the edited pictures the reviewer
answered yes, how many the classifier finds it on (above 1/2), and of those it finds it on, how many the reviewer
answered yes, so that "switched on" in ``ganedit.bench.photos`` can be read against people's eyes.
"""
from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from ganedit.api import find_faces, judge_face, prepare_photo, render_photo
from ganedit.bench.common import print_table
from ganedit.bench.photos import DEFAULT_PORTRAITS, GROUPS, face_at, interest, judge, portrait_labels, skin_group
from ganedit.faces import find_face
from ganedit.imaging import open_image

QUESTIONS = {"blond_hair": "Would an ordinary person call this person's hair blond?",
             "smiling": "Would an ordinary person say this person is smiling?",
             "long_hair": "Does this person's hair fall past the chin?",
             "eyeglasses": "Is this person wearing glasses?",
             "bangs": "Does this person have bangs (a fringe of hair over the forehead)?",
             "receding_hairline": "Does this person's hairline recede (a high forehead, bare temples)?",
             "bald": "Is this person bald or balding?"}
VERDICTS = ("yes", "partly", "no")
HEAD = (1.0, 1.2, 1.0)  # the head's box: jaw widths left and right of the nose's tip, above it, below it
SIDE = 500  # pixels: the height each head is shown at


def head_box(landmarks: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the head about dlib's 68 ``landmarks`` [68,2] (photo pixels): HEAD jaw widths
    about the nose's tip, moved (and, on a photo smaller than it, cut) to lie inside a photo of ``shape`` (H, W)."""
    width = float(landmarks[16, 0] - landmarks[0, 0])
    x, y = landmarks[30]
    box = np.array([x - HEAD[0] * width, y - HEAD[1] * width, x + HEAD[0] * width, y + HEAD[2] * width])
    size = np.array([shape[1], shape[0]] * 2)
    box -= np.minimum(box[:2], 0).tolist() * 2  # moved right / down off the photo's left and top edges
    box -= np.maximum(box[2:] - size[2:], 0).tolist() * 2  # and back inside its right and bottom edges
    return tuple(int(v) for v in np.clip(box.round(), 0, size))


def sheet(out: Path, attribute: str, portraits: Path = DEFAULT_PORTRAITS, controls: int = 20, seed: int = 0,
          files: str | None = None) -> int:
    """Write the by-eye sheet for ``attribute`` at +2 (see the module docstring) into ``out``; returns how many
    pictures it holds (a photo without a face is left out, said on stdout). KeyError for an attribute without a
    question (QUESTIONS)."""
    question, pictures = QUESTIONS[attribute], []
    for label in portrait_labels(portraits, files, None):
        photo = open_image(portraits / label["file"])
        faces = find_faces(photo)
        try:
            face = face_at(faces, interest(label))
            alignment = find_face(photo, face, faces)
        except ValueError as error:  # NoFaceError: nothing to show
            print(f"{label['file']}: {error}")
            continue
        if judge_face(alignment.face)[attribute] >= 0.5:  # judged before the slower preparation
            continue
        prepared = prepare_photo(photo, face, faces=faces)
        box = head_box(prepared.alignment.landmarks, prepared.photo.shape[:2])
        edited = render_photo(prepared, {attribute: 2.0})
        for shown, image in (("edited", edited.convert("RGB")), ("untouched", photo.convert("RGB"))):
            judged = judge(np.asarray(image), prepared.alignment.matrix)[attribute]
            pictures.append((label, shown, image.crop(box), judged))
        print(label["file"], flush=True)
    rng = random.Random(seed)
    untouched = [p for p in pictures if p[1] == "untouched"]
    chosen = [p for p in pictures if p[1] == "edited"] + rng.sample(untouched, min(controls, len(untouched)))
    rng.shuffle(chosen)
    out.mkdir(parents=True, exist_ok=True)
    (out / "QUESTION.txt").write_text(f"{question} For each picture r001.png… answer one line: "
                                      "`r001 yes|partly|no` and, if you like, what looks wrong.\n")
    with open(key_path(out), "w", newline="") as f:
        key = csv.writer(f)
        key.writerow(["picture", "file", "person", "sex", "shown", "classifier"])
        for i, (label, shown, image, judged) in enumerate(chosen, 1):
            image.resize((max(1, image.width * SIDE // image.height), SIDE), Image.LANCZOS).save(out / f"r{i:03d}.png")
            key.writerow([f"r{i:03d}", label["file"], label["person"], label["sex"], shown, f"{judged:.3f}"])
    return len(chosen)


def key_path(out: Path) -> Path:
    """Where ``sheet`` keeps the key of the sheet in ``out``: beside it, not in it."""
    return out.with_name(out.name + ".key.csv")


def tally(key: list[dict], answers: dict[str, str]) -> list[list]:
    """The table: for each group (all; light, medium, dark skin; men, women) the edited and the untouched pictures'
    answers as yes / partly / no. ``key``: the key's rows; ``answers``: picture → verdict. ValueError for a
    picture without an answer or a verdict that is not one of VERDICTS."""
    missing = [row["picture"] for row in key if answers.get(row["picture"]) not in VERDICTS]
    if missing:
        raise ValueError(f"no yes/partly/no answer for {', '.join(missing[:5])}" + (" …" if len(missing) > 5 else ""))
    groups = {group: [row for row in key if group in ("all", skin_group(row["person"]))] for group in GROUPS}
    groups.update({sex: [row for row in key if row["sex"] == sex] for sex in ("male", "female")})

    def counts(rows: list[dict], shown: str) -> str:
        found = Counter(answers[row["picture"]] for row in rows if row["shown"] == shown)
        total = sum(found.values())
        return " / ".join(str(found[v]) for v in VERDICTS) + (f" ({found['yes'] / total:.0%} yes)" if total else "")
    return [[group, counts(rows, "edited"), counts(rows, "untouched")] for group, rows in groups.items()]


def agreement(key: list[dict], answers: dict[str, str]) -> list[list]:
    """The classifier against the reviewer on the edited pictures, for all and for men and women apart: of those
    answered yes, how many the classifier finds the attribute on (its probability in the key's ``classifier`` column
    above 1/2), and of those it finds it on, how many were answered yes ("a of b" each). [] for a key without that
    column (sheets written before session 49)."""
    edited = [row for row in key if row["shown"] == "edited"]
    if not edited or "classifier" not in edited[0]:
        return []

    def of(rows: list[dict], given, counted) -> str:
        chosen = [row for row in rows if given(row)]
        return f"{sum(map(counted, chosen))} of {len(chosen)}"
    seen, found = (lambda row: answers[row["picture"]] == "yes"), (lambda row: float(row["classifier"]) > 0.5)
    groups = {"all": edited, **{sex: [row for row in edited if row["sex"] == sex] for sex in ("male", "female")}}
    return [[group, of(rows, seen, found), of(rows, found, seen)] for group, rows in groups.items()]


def read_answers(path: Path) -> dict[str, str]:
    """A reviewer's answers: picture → its first word after the name, lower case (``r001 yes …``)."""
    lines = (line.split() for line in path.read_text().splitlines())
    return {words[0].removesuffix(".png"): words[1].lower().strip(".,:;") for words in lines if len(words) >= 2}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = p.add_subparsers(dest="command", required=True)
    make = commands.add_parser("sheet", help="write a sheet of pictures for a reviewer")
    make.add_argument("out", type=Path)
    make.add_argument("--edit", default="blond_hair", choices=sorted(QUESTIONS))
    make.add_argument("--portraits", type=Path, default=DEFAULT_PORTRAITS)
    make.add_argument("--controls", type=int, default=20, help="untouched pictures mixed in")
    make.add_argument("--seed", type=int, default=0)
    make.add_argument("--files", default=None, help="only these photos (comma-separated names, e.g. img71.jpg)")
    count = commands.add_parser("tally", help="count a reviewer's answers")
    count.add_argument("out", type=Path)
    count.add_argument("answers", type=Path)
    args = p.parse_args(argv)
    if args.command == "sheet":
        shown = sheet(args.out, args.edit, args.portraits, args.controls, args.seed, args.files)
        print(f"{shown} pictures in {args.out}; the key is {key_path(args.out)} (keep it from the reviewer)")
        return
    try:
        with open(key_path(args.out), newline="") as f:
            key = list(csv.DictReader(f))
        answers = read_answers(args.answers)
        table = tally(key, answers)
    except (OSError, ValueError) as error:  # no key beside the sheet, no answers, an answer not in VERDICTS
        p.error(str(error))
    print_table(["people", "edited: yes / partly / no", "untouched: yes / partly / no"], table)
    agreed = agreement(key, answers)
    if agreed:
        print_table(["people", "edited, answered yes: the classifier finds it",
                     "the classifier finds it: answered yes"], agreed)


if __name__ == "__main__":
    main()
