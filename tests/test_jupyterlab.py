"""Chapter 1 live in a real Jupyter server on loopback (JupyterLab and Notebook 7): run all cells,
move the ``c`` slider, see the figure and the readout change.

The notebook is copied to a temporary folder first (JupyterLab saves what it runs), and the
Jupyter data, config and runtime folders are private to the test, so the kernel is the one this
virtual environment installed.
"""

from __future__ import annotations

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

from conftest import ROOT

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "book" / "01_predictor.ipynb", work / "01_predictor.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        env[var] = str(work / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # Private user settings: start the notebook's own kernel without asking, and never fetch news.
    env["JUPYTERLAB_SETTINGS_DIR"] = str(work / "settings")
    for name, value in [("notebook-extension/tracker", {"autoStartDefaultKernel": True}),
                        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False})]:
        path = work / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ServerApp.open_browser=False",
         # window.jupyterapp, so the test can wait on the kernel and run all cells by command
         "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"] + (["--allow-root"] if os.geteuid() == 0 else []),
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
    yield base, token
    proc.terminate()  # the server shuts its kernels down on SIGTERM
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def _wait_for_run_all(page):
    page.wait_for_function(
        """() => {
            const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
            const prompts = [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
            return ind && ind.dataset.status === 'idle' && prompts.length > 0
                && prompts.every(t => !t.includes('*')) && document.querySelector('.nblib-live-demo img');
        }"""
    )


@pytest.mark.parametrize("frontend, route", [("lab", "lab/tree"), ("notebook7", "notebooks")])
def test_chapter_one_c_slider_live(browser, lab, screenshots, frontend, route):
    """JupyterLab and Notebook 7, served by the same Jupyter server."""
    base, token = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{route}/01_predictor.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    # Wait until the notebook's kernel is connected and idle, then run every cell, as the
    # "Run All Cells" menu item does.
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget?.sessionContext")
    page.evaluate(
        """async () => {
            const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
            await ctx.ready;
            while (!ctx.session?.kernel || ctx.session.kernel.connectionStatus !== 'connected'
                   || ctx.session.kernel.status !== 'idle') {
                await new Promise(resolve => setTimeout(resolve, 100));  // poll the kernel's state
            }
            await window.jupyterapp.commands.execute('notebook:run-all-cells');
        }"""
    )
    # Done when the kernel is idle again and no cell waits to run ("[*]").
    try:
        _wait_for_run_all(page)
    except Exception:
        page.screenshot(path=str(screenshots / f"{frontend}-01-failed.png"))
        raise
    demo = page.locator(".nblib-live-demo").first
    demo.scroll_into_view_if_needed()
    img, readout = demo.locator("img").first, demo.locator(".widget-html-content").last
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    src0, text0 = img.get_attribute("src"), readout.inner_text()
    assert text0.startswith("c = 0.50: output 50.000 miles")
    demo.screenshot(path=str(screenshots / f"{frontend}-01-c-slider-before.png"))

    handle = demo.locator(".noUi-handle").first
    if frontend == "lab":  # by keyboard: twelve steps of 0.01 from 0.50
        handle.focus()
        for _ in range(12):
            handle.press("ArrowRight")
        expected = "c = 0.62: output 62.000 miles, error E = +0.137 miles"
    else:  # Notebook 7's command mode takes the arrow keys, so drag the handle with the mouse
        box, track = handle.bounding_box(), demo.locator(".noUi-target").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(track["x"] + 0.55 * track["width"], box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        page.wait_for_function("el => el.getAttribute('aria-valuenow') !== '0.5'", arg=handle.element_handle())
        expected = f"c = {demo.locator('.widget-readout').first.inner_text().strip()}: output"
    page.wait_for_function("([el, text]) => el.textContent.includes(text)", arg=[readout.element_handle(), expected])
    page.wait_for_function("([el, src]) => el.getAttribute('src') !== src && el.complete", arg=[img.element_handle(), src0])
    demo.screenshot(path=str(screenshots / f"{frontend}-01-c-slider-moved.png"))
    page.screenshot(path=str(screenshots / f"{frontend}-01-notebook.png"))
    context.close()
