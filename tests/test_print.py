"""The printed book and its answer key.

Two kinds of test:

- the ``{answer-key}`` extension (``bookext/answer_key.py``) on a small Sphinx project of its own,
  built with warnings as errors, nitpicky, with two processes (unit stage);
- the built book printed by headless Chromium (marker ``browser``, after ``make book``): print
  media emulated, and real PDFs from ``page.pdf()`` read with poppler's ``pdftotext`` (``make
  chromium`` installs poppler-utils). The first page of the printed chapter 1 and of the printed
  answer key are saved as PNGs (``pdftoppm``) in ``_build/screenshots``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from conftest import ROOT

# ---------------------------------------------------------------------------------------------
# The extension on a small project
# ---------------------------------------------------------------------------------------------

CHAPTER = """\
Chapter {n}
==========

.. exercise:: Sum {n}
   :label: ex-{n}

   What is :math:`{n} + {n}`?

.. solution:: ex-{n}
   :class: dropdown

   It is :math:`{twice}`; compare :ref:`ex-{n}`, :doc:`ch{other}` and `the section <#a-section>`_.

   .. math:: {n} + {n} = {twice}
      :label: eq-sum-{n}

A section
---------

.. exercise::
   :label: ex-{n}-second

   And twice that?

.. solution:: ex-{n}-second
   :class: dropdown

   Answer {n}b: {four}.
"""


def _small_book(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['sphinx_exercise', 'bookext.answer_key']\n"
        "numfig = True\n"
    )
    chapters = 5  # more than 5 documents in all: Sphinx reads in parallel only then
    (src / "index.rst").write_text(
        "Book\n====\n\n.. toctree::\n   :numbered:\n\n"
        + "".join(f"   ch{n}\n" for n in range(1, chapters + 1)) + "   nothing\n   key\n"
    )
    for n in range(1, chapters + 1):
        (src / f"ch{n}.rst").write_text(CHAPTER.format(n=n, twice=2 * n, four=4 * n, other=n % chapters + 1))
    (src / "nothing.rst").write_text("No exercises\n============\n\nText.\n")
    (src / "key.rst").write_text("Key\n===\n\n.. answer-key::\n")
    return src


def _build(src: Path, out: Path, jobs: int = 2) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-j", str(jobs),
         "-q", str(src), str(out)],
        capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="module")
def small_key(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("answer_key")
    src = _small_book(tmp)
    result = _build(src, tmp / "html")
    assert result.returncode == 0, result.stderr
    return src, tmp / "html"


def test_answer_key_collects_every_solution_in_book_order(small_key):
    _, html = small_key
    key = (html / "key.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 class="rubric"><a class="reference internal" href="([^"]+)">([^<]+)</a>', key)
    assert headings == [(f"ch{n}.html", f"Chapter {n}. Chapter {n}") for n in range(1, 6)]
    for n in range(1, 6):
        # the solution's text, with its math, and its title naming the exercise by number and title
        assert f"Answer {n}b: {4 * n}." in key
        assert f"\\({2 * n}\\)" in key
        assert re.search(rf'href="ch{n}.html#ex-{n}">\s*Exercise {n}\.1 \(Sum {n}\)</a>', key)
        assert re.search(rf'href="ch{n}.html#ex-{n}-second">\s*Exercise {n}\.2</a>', key)
    assert key.count('class="solution') == 10
    assert "dropdown" not in key  # unfolded on the key


def test_answer_key_links_lead_where_the_chapters_do(small_key):
    _, html = small_key
    key = (html / "key.html").read_text(encoding="utf-8")
    # :ref: to the exercise, :doc: to the next chapter, and an in-page link, rebased on the chapter
    assert 'href="ch2.html"' in key and 'href="ch1.html#a-section"' in key
    answers = key.split('class="nblib-answer-key')[1].split('class="sphinxsidebar"')[0]
    # a link into the key page itself leads to a copy's own anchor (an equation's), nowhere else
    local = re.findall(r'href="#([^"]*)"', answers)
    assert local and set(local) <= set(re.findall(r'\sid="([^"]+)"', answers)), local


def test_answer_key_repeats_no_id(small_key):
    _, html = small_key
    key = (html / "key.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', key)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {f"answer-ex-{n}" for n in range(1, 6)} <= set(ids)
    # the chapters' own ids (solutions, equations) stay theirs: a link to them leads to the chapter
    chapter_ids = {i for n in range(1, 6) for i in re.findall(r'\sid="([^"]+)"', (html / f"ch{n}.html").read_text())}
    assert any(i.startswith("equation-eq-sum") for i in chapter_ids)
    answers = key.split('class="nblib-answer-key')[1].split('class="sphinxsidebar"')[0]
    assert not chapter_ids & set(re.findall(r'\sid="([^"]+)"', answers))
    assert "(1.1)" in answers  # a numbered equation keeps its chapter's number


def test_answer_key_follows_a_changed_chapter(small_key, tmp_path):
    src, html = small_key
    out = tmp_path / "html"
    shutil.copytree(html, out)
    (src / "ch3.rst").write_text((src / "ch3.rst").read_text().replace("Answer 3b", "Changed 3b"))
    result = _build(src, out)
    assert result.returncode == 0, result.stderr
    key = (out / "key.html").read_text(encoding="utf-8")
    assert "Changed 3b" in key and "Answer 3b" not in key


# ---------------------------------------------------------------------------------------------
# The built book, printed
# ---------------------------------------------------------------------------------------------

SOLUTIONS = sum(
    len(re.findall(r"^[`:]{3,}\{solution\}", cell.source, re.M))
    for path in sorted((ROOT / "book").glob("*.ipynb"))
    for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"
) + sum(len(re.findall(r"^[`:]{3,}\{solution\}", p.read_text(encoding="utf-8"), re.M))
        for p in sorted((ROOT / "book").glob("*.md")))

CHAPTER_PAGE = "book/01_predictor.html"
KEY_PAGE = "book/answer_key.html"

NAVIGATION = (".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, "
              ".prev-next-area, .prev-next-footer, .bd-footer, .search-button, .bd-search, "
              "button.toggle-button, .primary-toggle, .secondary-toggle, .theme-switch-button, "
              ".article-header-buttons, #pst-back-to-top")

VISIBLE = """sel => [...document.querySelectorAll(sel)].filter(el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0';
}).map(el => el.tagName + '.' + el.className)"""


def _open(page, url):
    page.goto(url, wait_until="networkidle")
    if page.locator('script[src*="mathjax"]').count():
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_function("() => [...document.querySelectorAll('[data-nblib-demo]')]"
                           ".every(d => d.getAttribute('data-ready') === '1')")


def _pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext)."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def _save_png(pdf: bytes, name: str, screenshots: Path, tmp_path: Path) -> Path:
    """The first page of a printed PDF as a PNG (poppler's pdftoppm)."""
    target = screenshots / f"{name}.png"
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(target.with_suffix(""))], check=True)
    assert target.stat().st_size > 10_000
    return target


@pytest.mark.browser
def test_printed_chapter_has_no_navigation_and_no_solutions(offline_page, book_url, screenshots, tmp_path):
    page = offline_page
    _open(page, f"{book_url}/{CHAPTER_PAGE}")
    solutions = page.locator(".solution").count()
    assert solutions >= 2
    assert page.evaluate(VISIBLE, NAVIGATION) != []  # on screen there is navigation
    page.emulate_media(media="print")
    assert page.evaluate(VISIBLE, NAVIGATION) == []
    assert page.evaluate(VISIBLE, ".solution, .solution *") == []
    assert page.evaluate(VISIBLE, ".exercise") != []  # the exercises themselves print
    pdf = page.pdf(format="A4", print_background=False)
    text = "\n".join(_pdf_text(pdf, tmp_path))
    assert "Exercise 1.1" in text and "Solution to" not in text
    # the sidebar's part captions and the search box are navigation only
    assert "Part I: learning from error" not in text and "Back matter" not in text and "Search" not in text
    _save_png(pdf, "print-01_predictor", screenshots, tmp_path)


@pytest.mark.browser
def test_printed_figures_stay_with_their_captions(offline_page, book_url, tmp_path):
    """Each figure prints on one page with its caption. The figures are SVG (bookext.figures), which
    Chromium prints as vector drawings, not pictures that poppler could list: the test writes a
    mark in white 1 px text at the top of each figure, above its picture, and finds the page of
    the mark and of the caption in the PDF's text."""
    page = offline_page
    _open(page, f"{book_url}/{CHAPTER_PAGE}")
    page.emulate_media(media="print")
    figures = page.evaluate("""() => [...document.querySelectorAll('figure')]
        .filter(f => f.querySelector('figcaption') && f.querySelector('img'))
        .map((f, n) => {
            const mark = document.createElement('span');
            mark.textContent = `FIGUREMARK${n}Z`;
            mark.style.cssText = 'display:block;font-size:1px;line-height:1px;color:#fff';
            f.prepend(mark);
            return {n, breakInside: getComputedStyle(f).breakInside,
                    caption: f.querySelector('figcaption').innerText.replace(/\\s+/g, ' ').trim()};
        })""")
    assert len(figures) >= 2
    assert {f["breakInside"] for f in figures} == {"avoid"}, figures
    texts = [re.sub(r"\s+", " ", t) for t in _pdf_text(page.pdf(format="A4"), tmp_path)]
    for figure in figures:
        mark = f"FIGUREMARK{figure['n']}Z"
        picture_page = next(n for n, text in enumerate(texts, start=1) if mark in text)
        start = " ".join(figure["caption"].split()[:3])  # "Fig. 1.2 The": the caption, not a mention
        caption_page = next(n for n, text in enumerate(texts, start=1) if start in text)
        assert caption_page == picture_page, f"figure on page {picture_page}, caption on {caption_page}: {start}"


@pytest.mark.browser
def test_printed_demo_shows_its_default_frame_without_controls(offline_page, book_url):
    page = offline_page
    _open(page, f"{book_url}/{CHAPTER_PAGE}")
    demo = page.locator("[data-nblib-demo]").first
    opening = demo.get_attribute("data-frame")
    readout = demo.locator(".nblib-demo-readout").inner_text()
    slider = demo.locator('input[type="range"]').first
    slider.focus()
    for _ in range(3):
        page.keyboard.press("End" if _ == 0 else "ArrowLeft")
    moved = demo.get_attribute("data-frame")
    assert moved != opening
    # media query listeners run with the next rendering step: expect() waits for it (5 s at most)
    page.emulate_media(media="print")
    expect(demo).to_have_attribute("data-frame", opening)
    expect(demo.locator(".nblib-demo-readout")).to_have_text(readout)
    assert page.evaluate(VISIBLE, ".nblib-demo-controls, .nblib-demo-controls *") == []
    assert page.evaluate(VISIBLE, "svg.nblib-demo-figure") != []
    page.emulate_media(media="screen")  # back on screen, the reader's frame
    expect(demo).to_have_attribute("data-frame", moved)
    # the browser's own print events (window.print, page.pdf) do the same
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert demo.get_attribute("data-frame") == opening
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert demo.get_attribute("data-frame") == moved


@pytest.mark.browser
def test_answer_key_prints_every_solution(offline_page, book_url, screenshots, tmp_path):
    page = offline_page
    _open(page, f"{book_url}/{KEY_PAGE}")
    assert SOLUTIONS >= 40
    assert page.locator(".nblib-answer-key .solution").count() == SOLUTIONS
    chapters = page.locator(".nblib-answer-chapter").count()
    assert page.locator(".nblib-answer-chapter > h2 > a").count() == chapters  # a heading per chapter
    assert chapters == len({p for p in (ROOT / "book").glob("*.ipynb")
                            if "{solution}" in p.read_text(encoding="utf-8")})
    page.emulate_media(media="print")
    visible = page.evaluate("""() => [...document.querySelectorAll('.nblib-answer-key .solution')].filter(el => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el), body = el.querySelector('.admonition-title ~ *');
        return r.height > 0 && s.visibility !== 'hidden' && body && body.getBoundingClientRect().height > 0
               && getComputedStyle(body).visibility !== 'hidden';
    }).length""")
    assert visible == SOLUTIONS
    assert page.evaluate(VISIBLE, NAVIGATION) == []
    pdf = page.pdf(format="A4")
    text = re.sub(r"\s+", " ", "\n".join(_pdf_text(pdf, tmp_path)))
    assert text.count("Solution to Exercise") == SOLUTIONS
    _save_png(pdf, "print-answer_key", screenshots, tmp_path)
