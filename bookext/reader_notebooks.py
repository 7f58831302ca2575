"""Sphinx extension: reader notebooks, the book as it reads in any Jupyter front end.

``bookext`` loads it. The notebooks in ``book/`` are MyST
sources: their markdown holds ``{glue:text}`` placeholders, directives, labels and roles that only
the book build resolves. When the HTML build has finished, this extension writes, for every
notebook of the book (and the plain markdown pages in ``MARKDOWN_PAGES``), a *reader notebook*
``_build/html/notebooks/<name>.ipynb`` that any front end shows as the book, without extensions:

* the code cells and their outputs come from the notebook the build has just executed
  (``_build/jupyter_execute``), in order; glue records, which no front end can show, are left
  out; a slider demo's output is its default frame, the PNG the demo's bundle carries, with its
  readout (the live widget needs a kernel, and an untrusted notebook runs no script), so that
  every demo shows its figure before anything runs and becomes the live slider after Run All;
  a question's output (``nblib.questions``) is the question in markdown, and becomes the live
  form after Run All; its answer, folded in ``<details>``, is the next cell, a RISE ``fragment``
  (the slide asks, the next key press answers);
* the markdown is CommonMark with a little HTML, written from what Sphinx resolved: glued values
  (formatted by myst-nb's own function), section, equation (``\\tag``), figure and exercise
  numbers, references as text or links to the other notebooks, citations as the book reads
  them ("Rashid (2016)", "(Rashid, 2016)") linked to the references notebook, whose
  bibliography lists every entry as text, admonitions as block quotes
  with a bold title, figure captions under their figures (in a slide show, the speaker notes, as
  the static decks leave captions off the slides), and each exercise solution folded in
  ``<details>`` in a cell of its own that the slide show skips (so is a ``dropdown`` admonition,
  such as the guide's answers);
* the slide metadata stays, so that RISE presents the reader notebook as the static deck presents
  the source: a ``notes`` cell's ``#``-``###`` headings become cells of their own that start a
  slide (the prose around them stays notes), and prose before the heading of a ``slide`` cell
  becomes the notes of the slide before (``split_at_headings``); the Exercises slide shows the
  first exercises (one, and the next while the words stay within ``slideshow.WORDS``), the others are notes; before each demo's slide, its guide
  question is a slide, the answer (folded) its notes (``with_guide_questions``); the Summary
  shows its key-formula box, its prose is notes (``summary_parts``); a slide that does not start
  with a heading gets its section's heading, a cell of its own (``with_headings``).

It also writes ``_build/html/notebooks.zip``: the reader notebooks with ``nblib``, the
requirements and a README (``bookext/reader_README.md``) for a set-up without ``make``; and it
points each notebook page's download button at the page's reader notebook.

A construct this module does not know (a new directive or role) stops the build with its name:
add it here, so that no reader notebook shows raw MyST (``tests/test_reader_notebooks.py``).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt
from pybtex.backends.markdown import Backend as MarkdownBackend
from sphinx.addnodes import pending_xref

from nblib.questions import read_static

from . import WIDGET_VIEW
from .compat import EXECUTED, executed_notebook
from .slideshow import SLIDE_ONLY_TAG, WORDS, demo_name, headings as _headings, is_chapter, is_question, prose_words

FOLDER = "notebooks"                        # the reader notebooks' folder in the HTML output
BUNDLE = "notebooks.zip"                    # the bundle, beside it
BUNDLE_ROOT = "nblib-book"                  # the one folder the bundle unpacks to
BUNDLE_README = Path(__file__).with_name("reader_README.md")
BUNDLE_FILES = ["requirements.txt", "constraints.txt", "pyproject.toml"]
GUIDE_HEADING = "Predict, then move the slider"  # the heading of a guide question's slide
RISE_CSS = "book/rise.css"                  # RISE reads rise.css beside the notebook it presents
#: Markdown pages that are plain enough to be reader notebooks too (the API reference and the
#: answer key are made by directives that need Sphinx).
MARKDOWN_PAGES = ("book/intro", "book/notation", "book/guide", "book/references")
GLUE_PREFIX = "application/papermill.record/"
ADMONITIONS = {"note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
               "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error",
               "seealso": "See also"}
HIDE_SOURCE_TAGS = {"hide-input", "remove-input", "remove-cell"}

_HEADINGS = MarkdownIt("commonmark")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")
_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
_LABELLED_EQUATION = re.compile(r"\$\$(?P<body>(?:(?!\$\$).)+?)\$\$[ \t]*\((?P<label>[\w:.-]+)\)", re.S)
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


class ConversionError(ValueError):
    """A MyST construct that the reader notebooks cannot show resolved."""


@dataclass
class Book:
    """What the build resolved, for the whole book.

    ``titles``: page -> title; ``files``: page -> its reader notebook's file name (pages without
    one are named by title only); ``sections``: page -> the numbers of its headings in order (for
    numbered pages, ``"1."``, ``"1.1."``...); ``numbers``: kind (``figure``, ``equation``,
    ``exercise``) -> label -> ``(page, "1.2")``; ``formats``: kind -> how a number reads
    (``"Fig. %s"``, ``"(%s)"``, ``"Exercise %s"``); ``citations``: key -> how ``{cite:t}`` and
    ``{cite:p}`` read it (``{"t": "Rashid (2016)", "p": "(Rashid, 2016)"}``); ``bibliography``: the
    page of the ``{bibliography}`` and its entries in order, ``(label, markdown)``.
    """

    titles: dict[str, str]
    files: dict[str, str]
    sections: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=lambda: {
        "figure": "Fig. %s", "equation": "(%s)", "exercise": "Exercise %s"})
    citations: dict[str, dict[str, str]] = field(default_factory=dict)
    bibliography: tuple[str, list[tuple[str, str]]] = ("", [])

    def number(self, kind: str, label: str) -> tuple[str, str]:
        try:
            return self.numbers[kind][label]
        except KeyError:
            raise ConversionError(f"no {kind} is labelled {label!r}") from None

    def link(self, text: str, docname: str, here: str) -> str:
        """``text`` as a link to the reader notebook of ``docname`` (as it is on ``here``)."""
        if docname == here:
            return text
        if docname not in self.files:
            return f"{text} (in the HTML book)"
        return f"[{text}]({self.files[docname]})"


class Page:
    """Converts the MyST markdown of one page (``docname``) to CommonMark, with its glue values."""

    def __init__(self, book: Book, docname: str, glue: dict[str, str]):
        self.book, self.docname, self.glue = book, docname, glue
        self.sections = list(book.sections.get(docname, []))
        self.headings = 0

    # -- blocks -----------------------------------------------------------------------------
    def convert(self, markdown: str) -> list[tuple[str, str]]:
        """``markdown`` as segments ``(kind, text)``: ``"text"``, or ``"solution"`` for an
        exercise solution (folded), which the notebook puts in a cell of its own."""
        segments: list[tuple[str, str]] = []
        for kind, text in self._blocks(markdown.split("\n"), top=True):
            if kind == "text" and segments and segments[-1][0] == "text":
                segments[-1] = ("text", segments[-1][1] + "\n" + text)
            else:
                segments.append((kind, text))
        return [(kind, text.strip("\n")) for kind, text in segments if text.strip()]

    def text(self, markdown: str) -> str:
        """``markdown`` that holds no solution, converted (a caption, a directive's content)."""
        parts = self.convert(markdown)
        if any(kind != "text" for kind, _ in parts):
            raise ConversionError("a solution cannot stand inside another block")
        return "\n\n".join(text for _, text in parts)

    def _blocks(self, lines: list[str], top: bool):
        """Prose (converted), code blocks (as they are) and directives, in order."""
        prose: list[str] = []
        i = 0
        while i < len(lines):
            match = _FENCE.match(lines[i])
            if not match:
                prose.append(lines[i])
                i += 1
                continue
            fence, info = match["fence"], match["info"].strip()
            end = i + 1
            closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            if prose:
                yield "text", self._prose(prose, top)
                prose = []
            directive = _DIRECTIVE.match(info)
            if directive is None:  # a code block: as it is
                yield "text", "\n".join(lines[i:end + 1])
            else:
                yield from self._directive(directive["name"], directive["argument"].strip(), lines[i + 1:end])
            i = end + 1
        if prose:
            yield "text", self._prose(prose, top)

    def _directive(self, name: str, argument: str, body: list[str]):
        options = {}
        while body and _OPTION.match(body[0]):
            option = _OPTION.match(body[0])
            options[option["key"]] = option["value"].strip()
            body = body[1:]
        content = "\n".join(body)
        if name == "admonition" or name in ADMONITIONS:
            title = self._inline(argument) if name == "admonition" else ADMONITIONS[name]
            if "dropdown" in options.get("class", "").split():  # folded in the book: folded here
                yield "solution", self._folded(title, content)
            else:
                yield "text", _quote(f"**{title}**\n\n" + self.text(content))
        elif name == "exercise":
            _, number = self.book.number("exercise", options.get("label", ""))
            title = self.book.formats["exercise"] % number + (f" ({self._inline(argument)})" if argument else "")
            yield "text", _quote(f"**{title}**\n\n" + self.text(content))
        elif name == "bibliography":
            docname, entries = self.book.bibliography
            if docname != self.docname or not entries:
                raise ConversionError(f"{self.docname}: a {{bibliography}} that the build did not list here")
            yield "text", "\n".join(f"- **{label}.** {entry}" for label, entry in entries)
        elif name == "solution":
            _, number = self.book.number("exercise", argument)
            yield "solution", self._folded("Solution to " + self.book.formats["exercise"] % number, content)
        else:
            raise ConversionError(f"directive {{{name}}} has no reader form (bookext/reader_notebooks.py)")

    def _folded(self, summary: str, content: str) -> str:
        """``content`` folded under ``summary`` (HTML ``<details>``: every front end renders it)."""
        return f"<details>\n<summary><b>{summary}</b></summary>\n\n{self.text(content)}\n\n</details>"

    def _prose(self, lines: list[str], top: bool) -> str:
        """Prose lines (no code block among them) with their labels, headings and roles resolved."""
        out = []
        for line in lines:
            if _LABEL.match(line):  # a target for references: the reader links pages, not labels
                continue
            heading = _HEADING.match(line)
            if heading and top:
                line = f"{heading['hashes']} {self._section_number()}{heading['text']}"
            out.append(line)
        return self._inline("\n".join(out))

    def _section_number(self) -> str:
        self.headings += 1
        if not self.sections:
            return ""
        if self.headings > len(self.sections):
            raise ConversionError(f"{self.docname}: more headings than the {len(self.sections)} sections Sphinx numbered")
        return self.sections[self.headings - 1] + " "

    # -- inline -----------------------------------------------------------------------------
    def _inline(self, text: str) -> str:
        text = _LABELLED_EQUATION.sub(self._equation, text)
        return _ROLE.sub(lambda m: self._role(m["name"], m["content"]), text)

    def _equation(self, match) -> str:
        _, number = self.book.number("equation", match["label"])
        body, end = match["body"].rstrip(), "\n" if "\n" in match["body"] else ""
        return f"$${body} \\tag{{{number}}}{end}$$"

    def _role(self, name: str, content: str) -> str:
        if name in ("glue:text", "glue"):
            return self._glue(content)
        explicit = _TARGET.match(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content.strip())
        if name == "doc":
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target)).lstrip("/")
            if docname not in self.book.titles:
                raise ConversionError(f"{{doc}}`{content}`: no page {docname!r}")
            return self.book.link(text or self.book.titles[docname], docname, self.docname)
        if name in ("cite", "cite:p", "cite:t"):
            return self._cite("t" if name == "cite:t" else "p", content)
        if name in ("eq", "numref"):
            kinds = ["equation"] if name == "eq" else ["figure", "exercise", "equation"]
            for kind in kinds:
                if target in self.book.numbers.get(kind, {}):
                    page, number = self.book.numbers[kind][target]
                    shown = (text.replace("%s", number).replace("{number}", number) if text
                             else self.book.formats[kind] % number)
                    return self.book.link(shown, page, self.docname)
            raise ConversionError(f"{{{name}}}`{content}`: no {' or '.join(kinds)} is labelled {target!r}")
        raise ConversionError(f"role {{{name}}} has no reader form (bookext/reader_notebooks.py)")

    def _cite(self, kind: str, content: str) -> str:
        """``{cite:t}`a,b``` as "A (2016) and B (2015)", ``{cite:p}`a,b``` as "(A, 2016; B, 2015)",
        in the bibliography's order as Sphinx puts them, each linked to the references notebook
        (keys only: no pre- or post-text)."""
        keys = [key.strip() for key in content.split(",")]
        for key in keys:
            if key not in self.book.citations:
                raise ConversionError(f"{{cite}}`{content}`: no entry {key!r} in the bibliography")
        keys.sort(key=list(self.book.citations).index)
        page = self.book.bibliography[0]
        if kind == "p":
            return "(" + "; ".join(self.book.link(self.book.citations[key]["p"][1:-1], page, self.docname)
                                   for key in keys) + ")"
        texts = [self.book.link(self.book.citations[key]["t"], page, self.docname) for key in keys]
        return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + (" and " if len(texts) == 2 else ", and ") + texts[-1]

    def _glue(self, content: str) -> str:
        from myst_nb.core.variables import format_plain_text  # the book's own formatting of a glued value

        key, spec = content.rsplit(":", 1) if ":" in content else (content, "s")  # as myst-nb reads it
        if "::" in content or key not in self.glue:
            raise ConversionError(f"{self.docname}: no value is glued as {content!r}")
        return format_plain_text(self.glue[key], spec)


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.split("\n"))


# -- notebooks ------------------------------------------------------------------------------------
def glue_values(path: Path) -> dict[str, str]:
    """The ``text/plain`` of every value a notebook glued, by name, from the ``.glue.json`` that
    myst-nb writes beside the executed notebook (it takes the glue outputs out of the notebook)."""
    if not path.exists():
        return {}
    return {name: output["data"]["text/plain"] for name, output in json.loads(path.read_text(encoding="utf-8")).items()}


def _demo_outputs(data: dict) -> list:
    """A demo's output as what shows without a kernel: its default frame and readout."""
    fragment = data.get("text/html", "")
    readout = re.search(r'<p class="nblib-demo-readout"[^>]*>(.*?)</p>', fragment, re.S)
    alt = re.search(r'<svg class="nblib-demo-figure"[^>]*\baria-label="([^"]*)"', fragment)
    if readout is None or alt is None or "image/png" not in data:
        raise ConversionError("a widget output that is not an nblib demo with its default frame")
    image = data["image/png"]
    readout_text = html.unescape(readout[1])
    return [
        nbformat.v4.new_output("display_data", data={"image/png": image, "text/plain": html.unescape(alt[1])}),
        nbformat.v4.new_output("display_data", data={
            "text/markdown": f"{html.escape(readout_text)}  \n*Run the notebook to move the sliders.*",
            "text/plain": readout_text}),
    ]


def _question_parts(data: dict):
    """``(question, options, answer)`` of a question's output (``nblib.questions``), as plain text."""
    found = read_static(data.get("text/html", ""))
    if found is None:
        raise ConversionError("a widget output that is not an nblib question with its answer")
    text, answer, options, _ = found
    return text, options, answer.removeprefix("Answer:").strip()


def _question_outputs(data: dict) -> list:
    """A question's output as what shows without a kernel: the question and its options (after
    Run All the live form replaces it). Its answer is the cell after it (``question_answer_cell``)."""
    question, options, _ = _question_parts(data)
    lines = [f"**Check your understanding.** {html.escape(question)}", ""]
    lines += [f"{chr(97 + k)}) {html.escape(o)}  " for k, o in enumerate(options)]
    lines += ["", "*Run the notebook to check your answer.*"]
    return [nbformat.v4.new_output("display_data", data={"text/markdown": "\n".join(lines),
                                                          "text/plain": f"Check your understanding: {question}"})]


def question_answer_cell(outputs: list, cell_id: str):
    """The answer of a question cell (``nblib.questions``), or None: a markdown cell after it, folded
    in ``<details>`` for a reader, and a RISE ``fragment``, so that in the deck the slide asks, a
    class votes, and the teacher's next key press shows the answer (``book/rise.css`` shows it
    unfolded there)."""
    for output in outputs:
        data = output.get("data") or {}
        if WIDGET_VIEW in data and "data-nblib-question" in data.get("text/html", ""):
            answer = html.escape(_question_parts(data)[2])
            text = f'<details class="nblib-answer"><summary>Answer</summary>\n\n**Answer:** {answer}\n\n</details>'
            return _markdown_cell(text, "fragment", f"{cell_id}-answer")
    return None


def _outputs(outputs: list) -> list:
    kept = []
    for output in outputs:
        data = output.get("data")
        if data is None:  # a stream or an error
            kept.append(output)
            continue
        data = {k: v for k, v in data.items() if not k.startswith(GLUE_PREFIX)}
        if "image/png" in data:  # a figure: the PNG (JupyterLab does not show an untrusted SVG)
            data.pop("image/svg+xml", None)
        if WIDGET_VIEW in data and "data-nblib-question" in data.get("text/html", ""):
            kept.extend(_question_outputs(data))
        elif WIDGET_VIEW in data:
            kept.extend(_demo_outputs(data))
        elif data:
            output["data"] = data
            output.get("metadata", {}).pop("scrapbook", None)
            kept.append(output)
    return kept


def _markdown_cell(text: str, slide_type: str, cell_id: str, metadata=None):
    cell = nbformat.v4.new_markdown_cell(text, metadata={**(metadata or {}), "slideshow": {"slide_type": slide_type}})
    cell["id"] = cell_id
    return cell


def split_at_headings(text: str, slide_type: str) -> list[tuple[str, str]]:
    """``(slide_type, text)`` parts of a converted markdown cell for RISE: each ``#``-``###``
    heading of a ``notes`` cell a part that starts a slide, the prose around it notes; the prose
    before the first heading of a ``slide`` or ``subslide`` cell notes too."""
    if slide_type not in ("notes", "slide", "subslide"):
        return [(slide_type, text)]
    lines = text.splitlines()
    spans = [tuple(t.map) for t in _HEADINGS.parse(text) if t.type == "heading_open" and int(t.tag[1]) <= 3 and t.map]
    if not spans:
        return [(slide_type, text)]
    if slide_type != "notes":  # a slide cell: only the prose before its first heading moves
        before = "\n".join(lines[:spans[0][0]]).strip()
        return [("notes", before), (slide_type, "\n".join(lines[spans[0][0]:]).strip())] if before else [(slide_type, text)]
    parts, at = [], 0
    for k, (start, end) in enumerate(spans):
        before = "\n".join(lines[at:start]).strip()
        if before:
            parts.append(("notes", before))
        parts.append(("slide", "\n".join(lines[start:end]).strip()))
        at = end
    rest = "\n".join(lines[at:]).strip()
    if rest:
        parts.append(("notes", rest))
    return parts


def summary_parts(text: str, slide_type: str) -> list[tuple[str, str]]:
    """The Summary on its slide: the heading and the key-formula box (a block quote) shown, the
    prose after them notes, as in the static deck."""
    lines = text.split("\n")
    box = [i for i, line in enumerate(lines) if line.startswith(">")]
    if not box:
        return [(slide_type, text)]
    shown, rest = "\n".join(lines[:box[-1] + 1]).strip(), "\n".join(lines[box[-1] + 1:]).strip()
    return [(slide_type, shown), ("notes", rest)] if rest else [(slide_type, text)]


def reader_notebook(executed, page: Page):
    """The reader notebook of ``executed`` (the notebook as the build executed it)."""
    reader = nbformat.v4.new_notebook(metadata={k: v for k, v in executed.metadata.items() if k != "widgets"})
    for index, cell in enumerate(executed.cells):
        cell_id = cell.get("id") or f"cell-{index}"
        if cell.cell_type == "markdown":
            first_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            parts, texts, words, full = [], 0, 0, False
            exercises = any(t.strip() == "Exercises" for level, t in _headings(cell.source) if level == 2)
            # a slide-only cell is plain markdown and $ math already; the page has no section for its heading
            converted = ([("text", cell.source.strip())] if SLIDE_ONLY_TAG in cell.metadata.get("tags", [])
                         else page.convert(cell.source))
            for k, (kind, text) in enumerate(converted):
                texts += kind == "text"
                if kind == "solution":
                    parts.append(("skip", text))
                elif exercises and (full := full or texts > 1 and words + prose_words(text) > WORDS):
                    parts.append(("notes", text))  # the deck shows the first exercises within WORDS, as the static one
                else:
                    words += prose_words(text)
                    parts.extend(split_at_headings(text, first_type if k == 0 or first_type == "notes" else "-"))
            if any(t.strip() == "Summary" for level, t in _headings(cell.source) if level == 2):
                parts = [piece for slide_type, text in parts for piece in summary_parts(text, slide_type)]
            for k, (slide_type, text) in enumerate(parts):
                metadata = dict(cell.metadata) if k == 0 else None
                reader.cells.append(_markdown_cell(text, slide_type, cell_id if k == 0 else f"{cell_id}-{k}", metadata))
        elif cell.cell_type == "code":
            cell = nbformat.from_dict(dict(cell))
            cell["id"] = cell_id
            answer = question_answer_cell(cell.get("outputs", []), cell_id)
            cell.outputs = _outputs(cell.get("outputs", []))
            tags = set(cell.metadata.get("tags", []))
            if tags & HIDE_SOURCE_TAGS:
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
            if "remove-cell" in tags:
                cell.metadata["jupyter"]["outputs_hidden"] = True
            reader.cells.append(cell)
            if answer is not None:
                reader.cells.append(answer)
            figure = cell.metadata.get("mystnb", {}).get("figure", {})
            if figure.get("caption"):
                number = (page.book.formats["figure"] % page.book.number("figure", figure["name"])[1]
                          if figure.get("name") in page.book.numbers.get("figure", {}) else "")
                caption = f"**{number}** " + page.text(figure["caption"]) if number else page.text(figure["caption"])
                reader.cells.append(_markdown_cell(caption, "notes", f"{cell_id}-caption"))  # decks leave captions off the slide
        else:
            reader.cells.append(cell)
    nbformat.validate(reader)
    return reader


def guide_question(app, book: Book, name: str):
    """``(title, question, answer)`` of the guide question labelled ``guide-q-<name>``, converted
    with its guide page's glue (the answer folded), or None when the guide has none; the title is
    the guide's heading ("Predict, then move the slider: *Try it: …*")."""
    label = app.env.domaindata["std"]["labels"].get(f"guide-q-{name}")
    if label is None:
        return None
    docname = label[0]
    source = nbformat.read(app.env.doc2path(docname), as_version=4)
    cell = next((c for c in source.cells if c.cell_type == "markdown" and f"(guide-q-{name})=" in c.source), None)
    if cell is None:
        return None
    lines = cell.source.split(f"(guide-q-{name})=", 1)[1].strip("\n").split("\n")
    headed = bool(lines) and lines[0].startswith("#")
    body = [line for line in lines[1:] if not re.match(r"#{1,6} ", line)] if headed else lines
    page = Page(book, docname, glue_values(Path(app.outdir).parent / EXECUTED / f"{docname}.glue.json"))
    parts = page.convert("\n".join(body))
    question = "\n\n".join(text for kind, text in parts if kind == "text")
    answer = "\n\n".join(text for kind, text in parts if kind == "solution")
    return page.text(lines[0].lstrip("#").strip()) if headed else GUIDE_HEADING, question, answer


def with_guide_questions(reader, app, book: Book):
    """Before the slide of each demo, a slide with the demo's guide question; its answer, folded,
    that slide's notes (as the static decks have them)."""
    cells = list(reader.cells)
    for d in [i for i, c in enumerate(cells) if c.cell_type == "code" and demo_name(c)]:
        found = guide_question(app, book, demo_name(cells[d]))
        if not found:
            continue
        start = next((i for i in range(d, -1, -1) if cells[i].metadata.get("slideshow", {}).get("slide_type") == "slide"), d)
        demo_id = cells[d].get("id", f"cell-{d}")
        title, question, answer = found
        new = [_markdown_cell(f"### {title}\n\n{question}", "slide", f"{demo_id}-guide-q")]
        if answer:
            new.append(_markdown_cell(answer, "notes", f"{demo_id}-guide-a"))
        reader.cells[reader.cells.index(cells[start]):reader.cells.index(cells[start])] = new
    nbformat.validate(reader)
    return reader


_OUTSIDE_FIGURE = re.compile(r'<figure\b[^>]*>(?:(?!</figure>).)*?\bsrc="\.\./.*?</figure>\n?', re.S)
_OUTSIDE_LINK = re.compile(r'<a\b[^>]*\bhref="\.\./[^"]*"[^>]*>(.*?)</a>', re.S)


def within_bundle(text: str) -> str:
    """``text`` without what points outside the notebooks' folder (``../``: the book's pictures,
    decks and bundle, which ``notebooks.zip`` does not hold): such a figure is left out, such a
    link keeps its words and says where they are."""
    return _OUTSIDE_LINK.sub(r"\1 (in the HTML book)", _OUTSIDE_FIGURE.sub("", text))


_HEADING_LINE = re.compile(r"#{1,3}\s+(.+)")


def with_headings(reader):
    """Every slide says what it shows (as in the static decks): a slide that does not start with
    a heading (a figure, a table or code output continuing a section) gets a heading cell before
    it, the last ``#``-``###`` heading that started a slide (``###`` size); a question's slide
    is left as it is (its box is titled)."""
    out, last = [], None
    for cell in reader.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            found = _HEADING_LINE.match(cell.source.lstrip().split("\n", 1)[0]) if cell.cell_type == "markdown" else None
            if found:
                last = last if found.group(1).startswith(GUIDE_HEADING) else found.group(1).strip()
            elif last is not None and not is_question(cell):
                out.append(_markdown_cell(f"### {last}", kind, f"{cell.get('id', 'cell')}-heading"))
                cell["metadata"] = nbformat.from_dict({**cell.metadata, "slideshow": {"slide_type": "-"}})
        out.append(cell)
    reader.cells = out
    nbformat.validate(reader)
    return reader


def markdown_notebook(text: str, page: Page):
    """A markdown page as a reader notebook of one cell per top-level section."""
    reader = nbformat.v4.new_notebook(metadata={"kernelspec": {"display_name": "Python 3", "language": "python",
                                                               "name": "python3"}})
    parts = re.split(r"(?m)^(?=## )", text)
    for k, part in enumerate(parts):
        for j, (_, converted) in enumerate(page.convert(part)):
            reader.cells.append(_markdown_cell(within_bundle(converted), "slide" if j == 0 else "-", f"md-{k}-{j}"))
    nbformat.validate(reader)
    return reader


# -- Sphinx -------------------------------------------------------------------------------------
class EntryBackend(MarkdownBackend):
    """pybtex's markdown backend for a bibliography entry: it escapes only what CommonMark and a
    notebook's MathJax would read (Jupyter takes ``\\(`` for inline math), all on one line."""

    symbols = {**MarkdownBackend.symbols, "newblock": " ", "ndash": "–"}

    def format_str(self, text):
        return re.sub(r"([\\`*_\[\]$])", r"\\\1", html.escape(text, quote=False))


def citations_from_env(app) -> tuple[dict[str, dict[str, str]], tuple[str, list[tuple[str, str]]]]:
    """How Sphinx resolved each citation key (``t`` and ``p``), and the bibliography's entries."""
    domain = app.env.get_domain("cite")
    backend = EntryBackend()
    citations, entries, pages = {}, [], set()
    for citation in domain.citations:
        docname = citation.bibliography_key.docname
        pages.add(docname)
        citations[citation.key] = {
            kind: domain.resolve_xref(app.env, docname, app.builder, kind, citation.key, pending_xref(), None).astext()
            for kind in ("t", "p")}
        entry = citation.formatted_entry
        entries.append((entry.label, entry.text.render(backend)))
    if len(pages) > 1:
        raise ConversionError(f"the reader notebooks expect one bibliography page, not {sorted(pages)}")
    return citations, (pages.pop() if pages else "", entries)


def book_from_env(env, config) -> Book:
    """What Sphinx resolved: titles, section, figure, equation and exercise numbers."""
    notebooks = [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]
    files = {d: posixpath.basename(d) + ".ipynb" for d in [*notebooks, *MARKDOWN_PAGES] if d in env.found_docs}
    numbers: dict[str, dict[str, tuple[str, str]]] = {"figure": {}, "equation": {}, "exercise": {}}
    for label, (docname, number) in env.domaindata["math"]["objects"].items():  # pages without numfig
        numbers["equation"][label] = (docname, str(number))
    for docname, kinds in env.toc_fignumbers.items():
        for kind, labels in kinds.items():
            target = {"displaymath": "equation"}.get(kind, kind)
            if target in numbers:
                for label, number in labels.items():
                    numbers[target][label.removeprefix("equation-")] = (docname, ".".join(map(str, number)))
    suffix = config.html_secnumber_suffix
    sections = {d: [(".".join(map(str, n)) + suffix).strip() for n in nums.values()] for d, nums in env.toc_secnumbers.items()}
    figure = config.numfig_format.get("figure", "Fig. %s")
    equation = config.math_eqref_format.replace("{number}", "%s") if config.math_eqref_format else "(%s)"
    return Book(titles={d: env.titles[d].astext() for d in env.found_docs if d in env.titles}, files=files,
                sections=sections, numbers=numbers,
                formats={"figure": figure.strip(), "equation": equation, "exercise": "Exercise %s"})


def write_bundle(out: Path, notebooks: list[Path], root: Path) -> Path:
    """``notebooks.zip`` beside ``out``: the reader notebooks, nblib, the requirements, a README
    (``root``: the book's folder, which holds ``nblib`` and the requirements)."""
    zip_path = out.parent / BUNDLE
    members = [(BUNDLE_README, "README.md")] + [(root / name, name) for name in BUNDLE_FILES]
    members += [(p, p.relative_to(root).as_posix()) for p in sorted((root / "nblib").rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts]
    members += [(p, f"{FOLDER}/{p.name}") for p in sorted(notebooks)]
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for source, name in members:
            info = zipfile.ZipInfo(f"{BUNDLE_ROOT}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            bundle.writestr(info, source.read_bytes())
    return zip_path


def write_reader_notebooks(app, exception):
    """build-finished: every reader notebook, then the bundle."""
    if exception is not None or app.builder.format != "html":
        return
    book = book_from_env(app.env, app.config)
    book.citations, book.bibliography = citations_from_env(app)
    out = Path(app.outdir) / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for docname in sorted(book.files):
        target = out / book.files[docname]
        try:
            if docname in MARKDOWN_PAGES:
                page = Page(book, docname, {})
                reader = markdown_notebook(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"), page)
            else:
                page = Page(book, docname, glue_values(Path(app.outdir).parent / EXECUTED / f"{docname}.glue.json"))
                reader = reader_notebook(executed_notebook(app, docname), page)
                if is_chapter(app.env.doc2path(docname)):
                    reader = with_headings(with_guide_questions(reader, app, book))
        except ConversionError as error:
            raise ConversionError(f"{docname}: {error}") from None
        nbformat.write(reader, target)
        written.append(target)
    rise_css = Path(app.srcdir) / RISE_CSS
    (out / rise_css.name).write_bytes(rise_css.read_bytes())
    write_bundle(out, written + [out / rise_css.name], Path(app.srcdir))


def download_button(app, pagename, templatename, context, doctree):
    """html-page-context (after sphinx-book-theme's buttons): the ``.ipynb`` download of a
    notebook page gives its reader notebook, not the MyST source; every page offers the bundle."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        pathto = context["pathto"]
        for button in group["buttons"]:
            if button.get("url", "").endswith(".ipynb"):
                button["url"] = pathto(f"{FOLDER}/{posixpath.basename(pagename)}.ipynb", 1)
                button["tooltip"] = "This page as a notebook: numbers filled in, solutions folded"
        group["buttons"].insert(1, {"type": "link", "url": pathto(BUNDLE, 1), "text": ".zip", "icon": "fas fa-file-archive",
                                    "tooltip": "Every notebook with nblib, ready to run (see its README)",
                                    "label": "download-bundle-button"})


def setup(app):
    app.connect("html-page-context", download_button, priority=600)
    app.connect("build-finished", write_reader_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
