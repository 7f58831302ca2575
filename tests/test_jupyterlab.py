"""Chapter 1 live in a real Jupyter server on loopback (JupyterLab and Notebook 7): run all cells,
move the ``c`` slider, see the figure and the readout change.

The server (tests/labserver.py) serves a copy of the notebook per front end, with private Jupyter folders.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from labserver import jupyter_lab, run_all_cells, wait_for_run_all

pytestmark = pytest.mark.browser


FRONTENDS = {"lab": "lab/tree", "notebook7": "notebooks"}  # front end -> its route to a notebook


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One server; each front end opens its own copy of chapter 1 (in a folder of its name), so
    that neither finds the kernel session, or the saved slider, that the other left."""
    work = tmp_path_factory.mktemp("lab")
    for frontend in FRONTENDS:
        (work / frontend).mkdir()
        shutil.copy(ROOT / "book" / "01_predictor.ipynb", work / frontend)
    with jupyter_lab(work, []) as server:
        yield server


@pytest.mark.parametrize("frontend", sorted(FRONTENDS))
def test_chapter_one_c_slider_live(browser, lab, screenshots, frontend):
    """JupyterLab and Notebook 7, served by the same Jupyter server."""
    base, token = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{FRONTENDS[frontend]}/{frontend}/01_predictor.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    run_all_cells(page)
    try:
        wait_for_run_all(page)
    except Exception:
        page.screenshot(path=str(screenshots / f"{frontend}-01-failed.png"))
        raise
    demo = page.locator(".nblib-live-demo").first
    demo.scroll_into_view_if_needed()
    img, readout = demo.locator("img").first, demo.locator(".widget-html-content").last
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    # the readout's HTML widget may render a moment after the figure: wait until it shows text
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=readout.element_handle())
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
