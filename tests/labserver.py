"""A JupyterLab server on loopback for the browser tests, with private settings and folders.

The notebooks are copied to a temporary folder first (JupyterLab saves what it runs), and the
Jupyter data, config and runtime folders are private to the test, so the kernel is the one this
virtual environment installed. Used by ``tests/test_jupyterlab.py`` and the RISE tests
(``tests/test_rise.py``, ``tests/test_rise_projection.py``), which open a deck with :func:`open_rise`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Private user settings: start the notebook's own kernel without asking, render every cell at once
# (not only those scrolled into view, so that a test reads the whole notebook), never fetch news.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True, "windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(work: Path, notebooks: list[Path], settings: dict | None = None):
    """Serve copies of ``notebooks`` from ``work``; yield ``(base_url, token)``."""
    for nb in notebooks:
        shutil.copy(nb, work / nb.name)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        env[var] = str(work / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["JUPYTERLAB_SETTINGS_DIR"] = str(work / "settings")
    for name, value in {**SETTINGS, **(settings or {})}.items():
        path = work / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ServerApp.open_browser=False",
         # window.jupyterapp, so the test can wait on the kernel and run all cells by command
         "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # poll the server's status endpoint until it answers
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("JupyterLab did not start:\n" + (work / "lab.log").read_text()[-3000:])
        time.sleep(0.2)
    try:
        yield base, token
    finally:
        proc.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# The notebook panel of the main area. JupyterLab restores the layout an earlier test left on the
# server (a RISE panel beside the notebook, say), and may do so after the page has loaded: the
# current widget is not always the notebook, so run_all_cells activates it just before running.
NOTEBOOK_PANEL = """() => {
    const app = window.jupyterapp;
    return (app && Array.from(app.shell.widgets('main')).find(w => w.sessionContext && w.content)) || null;
}"""


def run_all_cells(page):
    """Wait until the notebook's kernel is connected and idle, then run every cell, as the
    "Run All Cells" menu item does (``window.jupyterapp`` of JupyterLab)."""
    page.wait_for_function(f"() => !!({NOTEBOOK_PANEL})()")
    page.evaluate(
        f"""async () => {{
            const app = window.jupyterapp, panel = ({NOTEBOOK_PANEL})(), ctx = panel.sessionContext;
            const tick = () => new Promise(resolve => setTimeout(resolve, 100));
            await ctx.ready;
            while (!ctx.session?.kernel || ctx.session.kernel.connectionStatus !== 'connected'
                   || ctx.session.kernel.status !== 'idle') {{
                await tick();  // poll the kernel's state
            }}
            while (app.shell.currentWidget !== panel) {{  // the command runs the current notebook
                app.shell.activateById(panel.id);
                await tick();
            }}
            await app.commands.execute('notebook:run-all-cells');
        }}"""
    )


def wait_for_run_all(page):
    """Done when the kernel is idle again, no cell waits to run ("[*]") and a demo is drawn."""
    page.wait_for_function(
        """() => {
            const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
            const prompts = [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
            return ind && ind.dataset.status === 'idle' && prompts.length > 0
                && prompts.every(t => !t.includes('*')) && document.querySelector('.nblib-live-demo img');
        }"""
    )


PRESENT = ".reveal .slides section.present:not(.stack)"  # the RISE slide on screen (a leaf section)


def open_rise(context, base, token, notebook: str):
    """A new page of ``context`` with the RISE slideshow of ``notebook`` (a file name in the
    server's folder), once reveal.js is ready and a slide is on screen."""
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/rise/{notebook}?token={token}")
    page.wait_for_selector(".reveal.ready")
    page.wait_for_selector(PRESENT)
    return page
