"""Chapter 1 as a live deck: RISE (jupyterlab-rise) on a JupyterLab server on loopback.

The deck is chapter 1's reader notebook (``_build/html/notebooks``, what ``make present`` opens),
built from the slide metadata of bookext/slideshow.py: it opens at the chapter's title, has one
reveal.js slide per slide or subslide in the metadata, typesets its math without the network,
shows no MyST and no solution on any slide, and moves by keyboard to the demo slide, where the
demo's code is collapsed.
"""

from __future__ import annotations


import nbformat
import pytest

from conftest import HTML
from labserver import PRESENT, jupyter_lab, open_rise, run_all_cells, wait_for_run_all

from bookext import slideshow

pytestmark = pytest.mark.browser
CHAPTER = HTML / "notebooks" / "01_predictor.ipynb"
LOOPBACK = ("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not CHAPTER.exists():
        pytest.fail(f"{CHAPTER} is missing (run `make book` first)")
    with jupyter_lab(tmp_path_factory.mktemp("rise"), [CHAPTER, CHAPTER.parent / "rise.css"]) as server:
        yield server


@pytest.fixture
def offline_context(browser):
    """A browser context whose requests outside loopback are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    outside = []

    def route(r):
        url = r.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    context.outside_requests = outside
    yield context
    context.close()


def _present_text(page) -> str:
    return page.locator(PRESENT).inner_text()


def _next_slide(page):
    """Space, as a presenter moves on (first through the slide's fragments: a question's answer);
    wait until another slide is on screen."""
    before = page.evaluate(f"() => document.querySelector('{PRESENT}')?.dataset.index ?? "
                           f"[...document.querySelectorAll('.reveal .slides section')].indexOf(document.querySelector('{PRESENT}'))")
    handle = page.locator(PRESENT).element_handle()
    for _ in range(page.locator(f"{PRESENT} .fragment:not(.visible)").count()):
        page.keyboard.press("Space")
    page.keyboard.press("Space")
    page.wait_for_function("el => !el.classList.contains('present')", arg=handle)
    return before


def test_deck_opens_and_moves_by_keyboard(lab, offline_context, screenshots):
    base, token = lab
    page = open_rise(offline_context, base, token, CHAPTER.name)
    nb = nbformat.read(CHAPTER, as_version=4)
    starts = slideshow.slide_starts(nb)
    page.keyboard.press("ArrowRight")  # the arrow keys move too
    page.wait_for_function(f"() => document.querySelector('{PRESENT}').innerText.toLowerCase()"
                           ".startsWith('1.1. the machine and its one unknown')")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => document.querySelector('{PRESENT}').innerText.toLowerCase()"
                           ".startsWith('1. a predictor that learns')")
    leaves = page.evaluate("() => [...document.querySelectorAll('.reveal .slides section')]"
                           ".filter(s => !s.querySelector('section')).length")
    assert leaves == len(starts)
    assert _present_text(page).lower().startswith("1. a predictor that learns")  # the theme sets headings in capitals
    # Every formula of the deck is typeset (MathJax 3 from the installed extension, no network).
    page.wait_for_function("() => document.querySelectorAll('.reveal mjx-container').length > 0")
    untypeset = page.evaluate("""() => [...document.querySelectorAll('.reveal .jp-RenderedMarkdown')].filter(md => {
        const prose = md.cloneNode(true);
        prose.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());
        return prose.textContent.includes('$');
    }).length""")
    assert untypeset == 0
    # No slide shows MyST or a solution: every cell the deck does not skip, on any slide.
    shown = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides section .jp-Cell')]
        .filter(cell => getComputedStyle(cell).display !== 'none').map(cell => cell.textContent).join('\\n')""")
    assert "12.137" in shown
    raw = ["{glue", "{eq}", "{numref}", "{doc}", ":::", "{solution}", "{exercise}", ":label:", ":class:"]
    assert [r for r in raw if r in shown] == [] and "Solution to" not in shown
    # Forward by keyboard to the first demo: its slide starts at "Try it", its code is collapsed.
    demo_cell = next(i for i, c in enumerate(nb.cells) if slideshow.is_demo(c))
    demo_slide = max(i for i in starts if i <= demo_cell)
    for _ in range(starts.index(demo_slide)):
        _next_slide(page)
    present = page.locator(PRESENT)
    assert "try it" in present.inner_text().lower()
    placeholder = present.locator(".jp-CodeCell .jp-InputPlaceholder")
    assert placeholder.count() == 1
    assert placeholder.bounding_box()["height"] < 40  # one line of code (book/rise.css)
    page.screenshot(path=str(screenshots / "rise-01-demo-slide.png"))
    page.keyboard.press("Shift+Space")  # and back, to the demo's guide question
    page.wait_for_function(f"() => document.querySelector('{PRESENT}').innerText.toLowerCase()"
                           ".startsWith('predict, then move the slider: try it')")
    # On to the Exercises slide: the questions, and no solution to read out to the class.
    for _ in range(len(starts)):
        if "exercises" in _present_text(page).lower():
            break
        _next_slide(page)
    assert "Exercise 1.1" in _present_text(page) and "Solution" not in _present_text(page)
    page.screenshot(path=str(screenshots / "rise-01-exercises.png"))
    assert offline_context.outside_requests == []


def test_alt_r_opens_the_deck_from_jupyterlab(lab, offline_context):
    """The key the README gives: Alt+R in the notebook opens its slideshow beside it."""
    base, token = lab
    page = offline_context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/lab/tree/{CHAPTER.name}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")  # command mode: the notebook itself has the focus
    page.keyboard.press("Alt+r")
    frame = page.frame_locator(f"iframe[src*='/rise/{CHAPTER.name}']")
    frame.locator(".reveal.ready").wait_for()
    assert frame.locator(PRESENT).inner_text().lower().startswith("1. a predictor that learns")


def test_demo_slider_live_in_the_deck(lab, offline_context, screenshots):
    """Run the chapter in JupyterLab and save it; in its deck the demo's slider moves its figure.

    jupyterlab-rise 0.43.1 cannot display ipywidgets 8 widgets (jupyterlab-contrib/rise#119), so
    the deck shows the demo's ``text/html``: the frames the kernel drew, driven by the copy of
    ``nblib-demo.js`` that the fragment carries (the deck does not load the book's file).
    """
    base, token = lab
    lab_page = offline_context.new_page()
    lab_page.set_default_timeout(120_000)
    lab_page.goto(f"{base}/lab/tree/{CHAPTER.name}?token={token}")
    run_all_cells(lab_page)
    wait_for_run_all(lab_page)
    lab_page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page = open_rise(offline_context, base, token, CHAPTER.name)
    nb = nbformat.read(CHAPTER, as_version=4)
    starts = slideshow.slide_starts(nb)
    demo_cell = next(i for i, c in enumerate(nb.cells) if slideshow.is_demo(c))
    for _ in range(starts.index(max(i for i in starts if i <= demo_cell))):
        _next_slide(page)
    output = page.locator(PRESENT).locator(".jp-OutputArea-output[data-mime-type]").first
    output.wait_for()
    assert output.get_attribute("data-mime-type") == "text/html"  # the widget's fallback, not the widget
    demo = output.locator("[data-nblib-demo]")
    page.wait_for_function("el => el.getAttribute('data-ready') === '1'", arg=demo.element_handle())
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"nblib-demo.js\"]').length") == 0
    figure, readout = demo.locator("svg.nblib-demo-figure"), demo.locator(".nblib-demo-readout")
    svg0, readout0, frame0 = figure.inner_html(), readout.inner_text(), demo.get_attribute("data-frame")
    assert "<path" in svg0, "the figure is drawn from the kernel's frames"
    page.screenshot(path=str(screenshots / "rise-01-demo-output.png"))
    slider = demo.locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, f]) => el.getAttribute('data-frame') !== f", arg=[demo.element_handle(), frame0])
    assert int(demo.get_attribute("data-frame")) == int(frame0) + 1
    assert figure.inner_html() != svg0 and readout.inner_text() != readout0
    assert "try it" in _present_text(page).lower(), "the arrow key moved the slider, not the deck"
    page.screenshot(path=str(screenshots / "rise-01-demo-moved.png"))
    assert offline_context.outside_requests == []


def test_a_question_slide_asks_and_the_next_key_shows_the_answer(lab, offline_context, screenshots):
    """A question (nblib.questions) is a classroom question: its slide shows it, a class can vote,
    and the teacher's next key press shows the answer, a reveal.js fragment (the reader notebook's
    answer cell; book/rise.css unfolds it on the slide)."""
    base, token = lab
    page = open_rise(offline_context, base, token, CHAPTER.name)
    nb = nbformat.read(CHAPTER, as_version=4)
    starts = slideshow.slide_starts(nb)
    answer_cell = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                       and c.metadata.get("slideshow", {}).get("slide_type") == "fragment" and "nblib-answer" in c.source)
    question = nb.cells[answer_cell - 1]
    assert any("Check your understanding" in o.get("data", {}).get("text/markdown", "") for o in question.outputs)
    for _ in range(starts.index(max(i for i in starts if i <= answer_cell - 1))):
        _next_slide(page)
    present = page.locator(PRESENT)
    assert "Check your understanding" in present.inner_text()
    answer = present.locator(".jp-MarkdownCell p").filter(has_text="Answer:").first
    assert answer.count() == 1 and not answer.is_visible(), "the answer shows before the key press"
    page.screenshot(path=str(screenshots / "rise-01-question-before.png"))
    page.keyboard.press("Space")
    answer.wait_for(state="visible")
    assert "Check your understanding" in _present_text(page), "the key press left the question's slide"
    expected = nb.cells[answer_cell].source.split("**Answer:**")[1].split("</details>")[0].strip()
    assert " ".join(expected.split())[:40] in " ".join(answer.inner_text().split())
    page.screenshot(path=str(screenshots / "rise-01-question-after.png"))
    assert offline_context.outside_requests == []
