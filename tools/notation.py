"""Render the notation page's tables from the registry, or check that they are up to date.

Usage: python tools/notation.py render|check

``book/notation.yml`` is the one source of the book's symbols; ``render`` rewrites the part of
``book/notation.md`` between its ``notation.yml`` markers (``bookext.notation``).
"""

from __future__ import annotations

import argparse
import sys

from bookext.notation import PAGE, Registry, render


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["render", "check"])
    args = parser.parse_args(argv)
    text = PAGE.read_text(encoding="utf-8")
    new = render(Registry.load(), text)
    if args.command == "render":
        PAGE.write_text(new, encoding="utf-8")
        return 0
    if new != text:
        print(f"{PAGE} is out of date: run python tools/notation.py render", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
