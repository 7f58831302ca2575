"""Check the README's set-up without make, exactly as documented, in a fresh virtual environment.

Usage: python tools/setup_check.py [--chapter book/01_predictor.ipynb] [--cold]

The steps of README.md, "Set-up without make": ``python -m venv``, then ``pip install -r
requirements.txt -c constraints.txt`` in it; then ``import nblib`` in it, and one chapter executed
top to bottom by that environment's own kernel (nbclient, as ``jupyter lab`` runs it). The
environment lives in a temporary folder and is deleted afterwards. pip uses its wheel cache
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def _step(number: int, name: str, command: list[str], **kwargs) -> str:
    print(f"setup-check {number}/4 {name}: {' '.join(map(str, command))}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        raise StepFailed(f"setup-check FAILED at step {number}/4, {name} (exit {result.returncode}, "
                         f"{seconds:.0f} s):\n  {' '.join(map(str, command))}\n{tail}")
    print(f"setup-check {number}/4 {name}: ok in {seconds:.1f} s", flush=True)
    return result.stdout


def check(chapter: Path, cold: bool = False) -> None:
    """Make the environment in a temporary folder and run the four steps; raise StepFailed."""
    if not isinstance(chapter, Path) or chapter.suffix != ".ipynb" or not chapter.is_file():
        raise ValueError(f"chapter must be the path of a notebook, not {chapter!r}")
    if not isinstance(cold, bool):
        raise TypeError(f"cold must be True or False, not {cold!r}")
    with tempfile.TemporaryDirectory(prefix="nblib-setup-check-") as tmp:
        tmp = Path(tmp)
        venv = tmp / "venv"
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
        start = time.perf_counter()
        _step(1, "python -m venv", [sys.executable, "-m", "venv", str(venv)], env=env)
        _step(2, "pip install", [str(python), "-m", "pip", "install", "--disable-pip-version-check",
                                 "-r", "requirements.txt", "-c", "constraints.txt"], cwd=ROOT, env=env)
        where = _step(3, "import nblib", [str(python), "-c", "import nblib; print(nblib.__file__)"],
                      cwd=tmp, env=env).strip()
        if Path(where).resolve().parent != (ROOT / "nblib").resolve():
            raise StepFailed(f"setup-check FAILED at step 3/4, import nblib: it imported {where}, "
                             f"not this checkout's {ROOT / 'nblib'}")
        print(_step(4, f"execute {chapter.name}",
                    [str(python), "-c", EXECUTE, str(chapter), str(venv), str(chapter.parent)],
                    cwd=tmp, env=env).strip())
        print(f"setup-check: the set-up without make works ({time.perf_counter() - start:.0f} s in all)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", type=Path, default=ROOT / "book" / "01_predictor.ipynb")
    parser.add_argument("--cold", action="store_true", help="an empty pip cache: download everything")
    args = parser.parse_args(argv)
    try:
        check(args.chapter.resolve(), args.cold)
    except (StepFailed, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
