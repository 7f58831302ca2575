"""Chapter 1's reader notebook in a real Jupyter server on loopback (JupyterLab and Notebook 7).

Before anything runs it reads like the book (numbers filled in, no MyST, solutions folded until
clicked, figures and demos drawn); after Run All the ``c`` slider is live: move it, see the figure
and the readout change.

The server (tests/labserver.py) serves copies of the reader notebook that the book build wrote
(``_build/html/notebooks``), one per front end and test, with private Jupyter folders.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest

from conftest import HTML
from labserver import jupyter_lab, run_all_cells, wait_for_run_all

pytestmark = pytest.mark.browser


# front end -> its route to a folder's notebooks; JupyterLab's in a workspace of that folder's own,
# so that no test finds the tabs another one left (JupyterLab restores a workspace's layout)
FRONTENDS = {"lab": "lab/workspaces/{folder}/tree/{folder}", "notebook7": "notebooks/{folder}"}
READER = HTML / "notebooks" / "01_predictor.ipynb"
COPIES = [f"{f}{when}" for f in FRONTENDS for when in ("", "-unrun")]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One server; each front end and test opens its own copy of chapter 1 (in a folder of its
    name), so that none finds the kernel session, or the saved slider, that another left."""
    work = tmp_path_factory.mktemp("lab")
    if not READER.exists():
        pytest.fail(f"{READER} is missing (run `make book` first)")
    for folder in COPIES:
        (work / folder).mkdir()
        shutil.copy(READER, work / folder)
    with zipfile.ZipFile(HTML / "notebooks.zip") as bundle:
        bundle.extractall(work / "bundle")
    with jupyter_lab(work, []) as server:
        yield server


# Placeholders and MyST that the source notebook shows and the reader notebook must not.
RAW = ["{glue", "{eq}", "{numref}", "{doc}", ":::", "{solution}", "{exercise}", ":label:", ":class:"]


def _open(browser, lab, route):
    """A new browser context and a page at ``route`` of the server (``lab/tree/<path>``...)."""
    base, token = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{route}?token={token}")
    return context, page


def _chapter_one(frontend, folder):
    return FRONTENDS[frontend].format(folder=folder) + "/01_predictor.ipynb"


@pytest.mark.parametrize("frontend", sorted(FRONTENDS))
def test_reader_notebook_reads_like_the_book_before_running(browser, lab, screenshots, frontend):
    context, page = _open(browser, lab, _chapter_one(frontend, f"{frontend}-unrun"))
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-RenderedMarkdown")
    page.wait_for_function("() => document.querySelectorAll('.jp-RenderedMarkdown mjx-container').length > 0")
    page.screenshot(path=str(screenshots / f"{frontend}-01-reader-unrun.png"))
    prose = page.evaluate("() => [...document.querySelectorAll('.jp-RenderedMarkdown')].map(m => m.textContent).join('\\n')")
    assert "the machine falls 12.137 miles short" in " ".join(prose.split())  # a glued number, resolved
    assert "1.2. Guess, measure, adjust" in prose and "(1.2)" in prose and "Fig. 1.1" in prose
    assert [raw for raw in RAW if raw in prose] == []
    page_text = page.evaluate("() => document.body.textContent")
    assert "model not found" not in page_text.lower() and "No renderer" not in page_text
    # every figure and both demos show a picture before anything runs (2 figures, 2 demo frames)
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() == 4
    for k in range(images.count()):
        images.nth(k).scroll_into_view_if_needed()
        page.wait_for_function("el => el.complete && el.naturalWidth > 300", arg=images.nth(k).element_handle())
    # solutions: folded; a click opens one
    details = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown details:not(.nblib-answer)")  # not the questions' answers
    assert details.count() == 6  # the chapter's 4 solutions, and its 2 demos' guide answers (the slides' notes)
    assert page.locator(".jp-MarkdownCell details.nblib-answer").count() == 4  # the 4 questions' answers, folded
    assert page.evaluate("() => [...document.querySelectorAll('.jp-RenderedMarkdown details')].every(d => !d.open)")
    first = details.filter(has=page.locator("summary", has_text="Solution to Exercise 1.1")).first
    solution = first.locator("p").first
    assert not solution.is_visible()
    first.locator("summary").scroll_into_view_if_needed()
    first.locator("summary").click()
    solution.wait_for(state="visible")
    assert "65.000 miles" in solution.inner_text()
    page.screenshot(path=str(screenshots / f"{frontend}-01-reader-solution-open.png"))
    context.close()


@pytest.mark.parametrize("frontend", sorted(FRONTENDS))
def test_chapter_one_c_slider_live(browser, lab, screenshots, frontend):
    """JupyterLab and Notebook 7, served by the same Jupyter server."""
    context, page = _open(browser, lab, _chapter_one(frontend, frontend))
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    run_all_cells(page)
    try:
        wait_for_run_all(page)
    except Exception:
        page.screenshot(path=str(screenshots / f"{frontend}-01-failed.png"))
        raise
    # the glue records the cells print are not shown (JupyterLab has no renderer for them)
    assert "No renderer" not in page.evaluate("() => document.body.textContent")
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
    # a question (nblib.questions) checks against the kernel's values: a slip is named, then the
    # computed answer typed into the same field is confirmed, by the Check button and by Enter
    asked = _stored_question("what is the error E")
    question = page.locator(".nblib-live-question").filter(has_text="what is the error E").first
    question.scroll_into_view_if_needed()
    field, feedback = question.locator("input[type=text]").first, question.locator(".widget-html-content").last
    right = f"Right: {asked['shown']}"
    for typed, said, key in [(f"{-asked['a']:g}", "Not quite: that is output minus target", None),
                             (f"{asked['a']:g}", right, None),
                             (f"{asked['a'] + 1:g}", "Not quite. Try again", "Enter"),
                             (f"{asked['a']:g}", right, "Enter")]:
        field.fill(typed)
        if key:
            field.press(key)
        else:
            question.get_by_role("button", name="Check").click()
        page.wait_for_function("([el, text]) => el.textContent.includes(text)", arg=[feedback.element_handle(), said])
        if not key:
            question.screenshot(path=str(screenshots / f"{frontend}-01-question-{'right' if said == right else 'wrong'}.png"))
    context.close()


def _stored_question(words):
    """The values of chapter 1's question whose text holds ``words``, as the chapter computed them:
    ``a`` the answer, ``shown`` the answer as the form shows it."""
    import json
    import re

    import nbformat
    from conftest import ROOT

    for cell in nbformat.read(ROOT / "book" / "01_predictor.ipynb", as_version=4).cells:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            if "data-nblib-question" in page and words in page:
                data = json.loads(re.search(r'class="nblib-question-data">(.*?)</script>', page, re.S)[1])
                data["shown"] = re.search(r'class="nblib-question-answer"[^>]*>Answer: <b>(.*?)</b>', page)[1]
                return data
    raise AssertionError(f"chapter 1 asks no question with {words!r}")


def test_bundle_readme_in_jupyterlab(browser, lab, screenshots):
    """The first thing a reader opens: the bundle's README, as JupyterLab's Markdown viewer shows it."""
    context, page = _open(browser, lab, "lab/workspaces/bundle-readme")  # a workspace of its own: no other test's tabs
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('markdownviewer:open')")
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        const viewer = await app.commands.execute('markdownviewer:open', {path: 'bundle/nblib-book/README.md'});
        app.shell.activateById(viewer.id);
    }""")
    viewer = page.locator(".jp-MarkdownViewer .jp-RenderedMarkdown")
    viewer.locator("h2").first.wait_for()
    text = viewer.inner_text()
    assert "python -m pip install -r requirements.txt -c constraints.txt" in text and "jupyter lab notebooks/" in text
    page.screenshot(path=str(screenshots / "lab-bundle-readme.png"))
    context.close()
