"""Publish the weights folder to a Hugging Face Hub model repo.

    python -m ganedit.publish --repo-id USER/NAME

Needs a write token (``hf auth login`` or ``HF_TOKEN``). Prints the commit to pin with
``GANEDIT_REVISION`` so that every later download gets exactly these files.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ganedit import hub


def publish(repo_id: str, folder: Path, *, private: bool = False, message: str = "Upload ganedit weights") -> str:
    """Upload ``folder`` to ``repo_id`` (created if needed); returns the commit sha."""
    from huggingface_hub import HfApi

    if not (folder / hub.MANIFEST).exists():
        raise SystemExit(f"{folder} has no {hub.MANIFEST}: is it a weights folder?")
    api = HfApi()
    api.create_repo(repo_id, private=private, exist_ok=True)
    commit = api.upload_folder(repo_id=repo_id, folder_path=folder, commit_message=message)
    return commit.oid


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo-id", required=True, help="USER/NAME of the model repo")
    p.add_argument("--weights", type=Path, default=hub.weights_dir(), help="folder to upload")
    p.add_argument("--private", action="store_true")
    args = p.parse_args(argv)
    sha = publish(args.repo_id, args.weights, private=args.private)
    print(f"uploaded {args.weights} to {args.repo_id} at commit {sha}")
    print(f"pin it with: GANEDIT_REPO={args.repo_id} GANEDIT_REVISION={sha}")


if __name__ == "__main__":
    main()
