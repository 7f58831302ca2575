"""The book against the newest releases of what it uses: ``make test-latest``.

Usage: python tools/test_latest.py [--jobs N]

Readers install the book later than it was written, so this check installs, in a fresh virtual
environment, the newest release of every package that ``requirements.txt`` and
``requirements-test.txt`` pin, within the major version pinned there (``numpy==2.4.6`` becomes
``numpy>=2.4.6,<3``; Jupyter Book stays at 1.x), with no constraints file, so that everything
they pull in is the newest that pip can resolve. Then it runs the unit tests there, and executes
every notebook of ``book/`` top to bottom in that environment's kernel: a cell that raises, and any
output on stderr (a warning, with every warning shown), fails it; outputs are not compared, since
the numbers may move in the last digits. When it fails, fix the book forward (code that works on
both), rather than pinning lower.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-test.txt"]
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\[\]-]+)==(?P<version>\d+)(?P<rest>[^\s#;]*)")

# Run by the new environment's Python: execute each notebook given, in its own folder, with the
# environment's kernel; every warning shown, and fail on an error or on anything written to stderr.
EXECUTE = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def run(path):
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    errors = [(i, o["text"][:500]) for i, c in enumerate(nb.cells) for o in c.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    return path, errors

if __name__ == "__main__":
    failed = 0
    with ProcessPoolExecutor(int(sys.argv[1])) as pool:
        futures = [pool.submit(run, p) for p in sys.argv[2:]]
        for future in futures:
            try:
                path, errors = future.result()
            except Exception as exc:
                failed += 1
                print(f"FAILED {exc}", flush=True)
                continue
            for index, text in errors:
                print(f"FAILED {path}: cell {index} wrote to stderr:\\n{text}", flush=True)
            failed += bool(errors)
            print(f"{path}: {'ok' if not errors else 'stderr output'}", flush=True)
    print(f"{len(sys.argv) - 2 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
"""


def latest_requirements() -> list[str]:
    """Each pinned requirement as the newest release within its pinned major version."""
    specs = []
    for path in REQUIREMENTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            pin = _PIN.match(line)
            if pin:
                major = int(pin["version"])
                specs.append(f"{pin['name']}>={pin['version']}{pin['rest']},<{major + 1}")
            elif line.startswith("-e "):
                specs += ["-e", line[3:].strip()]  # nblib itself
            elif line and not line.startswith(("#", "-r", "-c")):
                specs.append(line)
    return specs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    from bookext import ONE_THREAD

    env.update(ONE_THREAD)
    with tempfile.TemporaryDirectory(prefix="nblib-latest-") as tmp:
        tmp = Path(tmp)
        for var, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
            env[var] = str(tmp / sub)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        python = tmp / "venv" / "bin" / "python"
        steps = [
            ("venv", [sys.executable, "-m", "venv", str(tmp / "venv")], {}),
            ("pip install, newest releases", [str(python), "-m", "pip", "install", "--disable-pip-version-check",
                                              "--upgrade", *latest_requirements()], {}),
            ("versions", [str(python), "-m", "pip", "list", "--disable-pip-version-check"], {}),
            ("unit tests", [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", str(args.jobs),
                            "tests", "nblib", "--doctest-modules", "-m", "not browser and not book"], {}),
            ("notebooks executed", [str(python), "-c", EXECUTE, str(args.jobs),
                                    *map(str, sorted((ROOT / "book").glob("*.ipynb"), reverse=True))],
             {"PYTHONWARNINGS": "default"}),  # the kernels show every warning, which fails the notebook
        ]
        for name, command, extra in steps:
            start = time.perf_counter()
            print(f"test-latest: {name}", flush=True)
            result = subprocess.run(command, cwd=ROOT, env={**env, **extra},
                                    stdout=None if name != "versions" else subprocess.PIPE, text=True)
            if name == "versions":
                wanted = {re.split(r"[<>=\[]", s)[0].lower().replace("_", "-") for s in latest_requirements()
                          if not s.startswith("-")}
                print("\n".join(line for line in result.stdout.splitlines()
                                if line.split(" ")[0].lower().replace("_", "-") in wanted), flush=True)
            if result.returncode != 0:
                print(f"test-latest FAILED at {name} (exit {result.returncode})", file=sys.stderr)
                return 1
            print(f"test-latest: {name} ok in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
