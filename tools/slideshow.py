"""Apply or check the chapters' slide metadata (the rules are ``bookext.slideshow``'s).

Usage: python tools/slideshow.py apply|check [book/NN_slug.ipynb ...]   (default: every chapter)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from bookext.slideshow import apply, chapters, check, slide_starts

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["apply", "check"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter notebook")
    args = parser.parse_args(argv)
    paths = args.notebooks or chapters()
    missing = [p for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(map(str, missing))}")
    status = 0
    for path in paths:
        if args.command == "apply":
            nb = nbformat.read(path, as_version=4)  # read right before writing: others edit too
            changed = apply(nb)
            text = nbformat.writes(nb) + "\n"
            if text != path.read_text(encoding="utf-8"):
                path.write_text(text, encoding="utf-8")
            print(f"{path}: {changed} cells changed, {len(slide_starts(nb))} slides")
        else:
            problems = check(nbformat.read(path, as_version=4))
            for problem in problems:
                print(f"{path}: {problem}", file=sys.stderr)
            status |= bool(problems)
    return status


if __name__ == "__main__":
    sys.exit(main())
