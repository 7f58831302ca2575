"""Check the set-ups without make, exactly as documented, in a fresh virtual environment.

Usage: python tools/setup_check.py [--bundle _build/html/notebooks.zip] [--cold]

Two set-ups share one environment, so that the packages are installed once:

1. the reader's, from the notebooks bundle (``notebooks.zip``, made by the book build): unzip it;
   then the commands of its README, read from the README's ``bash`` block: ``python -m venv``,
   ``pip install -r requirements.txt -c constraints.txt`` in the bundle's folder; ``import nblib``
   must find the bundle's copy, and chapter 1's reader notebook is executed top to bottom by the
   environment's own kernel (nbclient, as ``jupyter lab`` runs it);
2. the author's, README.md's "Set-up without make": the same ``pip install`` in this checkout
   (it only swaps ``nblib`` for this checkout's), ``import nblib`` from here, and
   ``book/01_predictor.ipynb`` executed.

The environment lives in a temporary folder and is deleted afterwards. pip uses its wheel cache
(``--cold``: an empty cache, so everything is downloaded). Each step prints its time; a failing
step stops the check with its name, its command and the end of its output. ``make test`` runs it
(``make setup-check``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(os.environ.get("NBLIB_BOOK_BUILD", ROOT / "_build")) / "html" / "notebooks.zip"
#: The bundle README's commands, in order: what this check runs (``jupyter lab`` is where a reader
#: starts working; the check executes a chapter instead). A README that says otherwise fails it.
README_COMMANDS = [
    "python -m venv .venv",
    "python -m pip install -r requirements.txt -c constraints.txt",
    "jupyter lab notebooks/",
]
ACTIVATE = ("source .venv/bin/activate", ".venv\\Scripts\\Activate.ps1")
STEPS = 7

# Run by the new environment's Python: execute the chapter in a copy of it with that
# environment's "python3" kernel, then ask the kernel where it runs.
EXECUTE = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
path, prefix = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}}).execute()
kernel_prefix = nb.cells[-1].outputs[0]["text"].strip()
if Path(kernel_prefix).resolve() != Path(prefix).resolve():
    sys.exit(f"the kernel ran in {kernel_prefix}, not in the new environment {prefix}")
print(f"{len(nb.cells) - 1} cells executed by the kernel in {kernel_prefix}")
"""


class StepFailed(Exception):
    pass


def readme_commands(readme: str) -> list[str]:
    """The commands of the README's first ``bash`` block, without comments and activation lines."""
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(ACTIVATE)]


def _step(number: int, name: str, command: list[str], **kwargs) -> str:
    print(f"setup-check {number}/{STEPS} {name}: {' '.join(map(str, command))}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        raise StepFailed(f"setup-check FAILED at step {number}/{STEPS}, {name} (exit {result.returncode}, "
                         f"{seconds:.0f} s):\n  {' '.join(map(str, command))}\n{tail}")
    print(f"setup-check {number}/{STEPS} {name}: ok in {seconds:.1f} s", flush=True)
    return result.stdout


def _imports_from(number: int, python: Path, folder: Path, env: dict, cwd: Path) -> None:
    where = _step(number, "import nblib", [str(python), "-c", "import nblib; print(nblib.__file__)"],
                  cwd=cwd, env=env).strip()
    if Path(where).resolve().parent != (folder / "nblib").resolve():
        raise StepFailed(f"setup-check FAILED at step {number}/{STEPS}, import nblib: it imported {where}, "
                         f"not {folder / 'nblib'}")


def check(bundle: Path, cold: bool = False) -> None:
    """Make the environment in a temporary folder and run the steps; raise StepFailed."""
    if not isinstance(bundle, Path) or bundle.suffix != ".zip" or not bundle.is_file():
        raise ValueError(f"bundle must be the path of the notebooks' zip file (make book writes it), not {bundle!r}")
    if not isinstance(cold, bool):
        raise TypeError(f"cold must be True or False, not {cold!r}")
    with tempfile.TemporaryDirectory(prefix="nblib-setup-check-") as tmp:
        tmp = Path(tmp)
        with zipfile.ZipFile(bundle) as z:
            z.extractall(tmp)
        (folder,) = [p for p in tmp.iterdir() if p.is_dir()]
        commands = readme_commands((folder / "README.md").read_text(encoding="utf-8"))
        if commands != README_COMMANDS:
            raise StepFailed(f"setup-check: the bundle's README gives {commands}, the check runs {README_COMMANDS}: "
                             "update tools/setup_check.py with the README")
        venv = folder / ".venv"
        python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR")}
        # Private Jupyter folders: no kernel or setting of this machine's user takes part.
        for var, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
            env[var] = str(tmp / sub)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        if cold:
            env["PIP_CACHE_DIR"] = str(tmp / "pip-cache")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check",
               "-r", "requirements.txt", "-c", "constraints.txt"]
        start = time.perf_counter()
        _step(1, "python -m venv (the bundle's README)", [sys.executable, "-m", "venv", ".venv"], cwd=folder, env=env)
        for first, where, readme, chapter in [(2, folder, "the bundle's README", folder / "notebooks" / "01_predictor.ipynb"),
                                              (5, ROOT, "README.md, in this checkout", ROOT / "book" / "01_predictor.ipynb")]:
            _step(first, f"pip install ({readme})", pip, cwd=where, env=env)
            _imports_from(first + 1, python, where, env, tmp)
            print(_step(first + 2, f"execute {chapter.relative_to(where)}",
                        [str(python), "-c", EXECUTE, str(chapter), str(venv), str(chapter.parent)],
                        cwd=tmp, env=env).strip())
        print(f"setup-check: both set-ups without make work ({time.perf_counter() - start:.0f} s in all)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the notebooks' zip file (default: the book build's)")
    parser.add_argument("--cold", action="store_true", help="an empty pip cache: download everything")
    args = parser.parse_args(argv)
    try:
        check(args.bundle.resolve(), args.cold)
    except (StepFailed, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
