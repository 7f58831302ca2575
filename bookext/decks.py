"""Sphinx extension: every chapter notebook also builds as a static slide deck (reveal.js).

``bookext`` loads it. For each chapter (``book/NN_*.ipynb``) the
HTML build writes ``slides/NN_*.html`` next to the book's pages, and the chapter page links to it.

The deck's structure is the notebook's slide metadata, the same that RISE presents live
(``cell.metadata.slideshow.slide_type``, derived by ``bookext.slideshow``'s rules): the first
shown cell opens the deck; ``slide`` and ``subslide`` start a new slide (every slide is
horizontal: the arrow keys and Space visit them all, in order), ``fragment`` a part that appears
on the next key press (``-`` cells after it belong to it), ``-`` continues; ``skip`` cells are
left out and ``notes`` cells become reveal.js speaker notes (``<aside class="notes">``, hidden:
no speaker view is bundled), except their ``#``-``###`` headings, which start slides; prose
before a heading in the same cell is the notes of the slide before. Slide-only cells (tagged
``slide-only``; the page leaves them out) are rendered from their markdown. A demo's guide
question (label ``guide-q-<name>``) is a slide before the demo, its answer that slide's notes.
A slide that does not start with a heading (a figure, table or code output continuing a
section) carries its section's heading (``with_headings``); a question's slide keeps its titled box.
The Exercises slide shows its first exercises (within WORDS words; the first always), the Summary its key-formula
box (a table of more than SUMMARY_ROWS rows on two slides, its rows shared evenly): the rest is notes. A folded answer (dropdown) is a fragment:
it appears on the next key press. Code whose source is hidden (``metadata.jupyter.source_hidden``, or hidden in the
book by the ``hide-input``/``remove-input`` tags) shows only its outputs. Exercise solutions are
left out. A question's answer (``nblib.questions``) is a fragment: the slide shows the question,
the next key press (or the question's Show answer button) shows the answer.

The content is the book's own, after Sphinx has resolved it (glued numbers, equation and figure
numbers and references, exercises): once the chapter page is written (``html-page-context``),
each node of its doctree is mapped to the notebook cell it came from (myst-nb puts cell ``i``'s
markdown on lines ``(i + 1) * 10000 + n`` and gives code cells a ``cell_index``), sections are
flattened (a section's title becomes a heading on its slide), and each slide's nodes are
rendered with the builder's own HTML translator. The deck loads MathJax from the book's
``_static`` with the book's MathJax configuration, the static slider demos' script and
stylesheet, and reveal.js vendored in ``bookext/slides/reveal`` (see CONTRIBUTING.md): no request
leaves the book.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.io import StringOutput
from docutils.utils import new_document
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .links import rebase
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .slideshow import SLIDE_ONLY_TAG, SLIDE_TYPES, WORDS, demo_name, is_chapter, is_question  # the slide metadata's rules

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "slides"
ASSETS = [HERE / "reveal" / "reveal.js", HERE / "reveal" / "reveal.css", HERE / "reveal" / "serif.css",
          HERE / "reveal" / "LICENSE", HERE / "deck.css", HERE / "deck.js"]
DECKS = "slides"                 # the decks' folder in the HTML output
ASSET_DIR = "_assets"            # reveal.js and the deck's stylesheet and script, inside DECKS
LINE_STEP = 10000                # myst-nb: markdown of cell i starts at line (i + 1) * 10000 + 1
#: A question's hidden answer (nblib.questions), which a deck shows as a fragment instead.
QUESTION_ANSWER = re.compile(r'<p class="nblib-question-answer"([^>]*) hidden>')
INVISIBLE = (nodes.target, nodes.comment, nodes.substitution_definition, nodes.system_message)


def slide_types(notebook) -> list[str]:
    """Each cell's slide type (``-`` when it has none); raises ValueError for an unknown one."""
    types = []
    for i, cell in enumerate(notebook.cells):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"
        if kind not in SLIDE_TYPES:
            raise ValueError(f"cell {i}: slide_type {kind!r} is not one of {SLIDE_TYPES}")
        types.append(kind)
    return types


def _cell_of(node, deep=True):
    """The notebook cell a node came from, or None when neither it nor (deep) its content says."""
    for n in (node.findall(include_self=True) if deep else [node]):
        if isinstance(n, nodes.Element) and n.get("cell_index") is not None:
            return int(n["cell_index"])
        if n.line and n.line > LINE_STEP:
            return n.line // LINE_STEP - 1
    return None


def _is_dropdown(node):
    """A folded block of the page (an admonition with class ``dropdown``, a sphinx-design dropdown)."""
    return isinstance(node, nodes.Element) and not _is_solution(node) and (
        "dropdown" in node.get("classes", []) or type(node).__name__.startswith("dropdown"))


def _is_solution(node):
    """An exercise's solution (sphinx-exercise's nodes, or what they become in the HTML build)."""
    return isinstance(node, nodes.Element) and (
        type(node).__name__.startswith("solution") or "solution" in node.get("classes", []))


def flatten(doctree):
    """The document's content in order, sections flattened: a list of ``(node, level, cell)``,
    where a section stands for its title (``level`` its depth, 1 for the chapter title) and any
    other node for itself; nodes that say no cell get the cell of the node before them."""
    items = []

    def walk(parent, level):
        for child in parent.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                cell = _cell_of(child, deep=False)
                if cell is None and title is not None:
                    cell = _cell_of(title)
                items.append((child, level, cell))
                walk(child, level + 1)
            elif not isinstance(child, (nodes.title, *INVISIBLE)):
                items.append((child, level, _cell_of(child)))

    walk(doctree, 1)
    previous, out = None, []
    for node, level, cell in items:
        previous = cell if cell is not None else previous
        out.append((node, level, previous))
    return out


def _is_heading(item):
    node, level, _ = item
    return isinstance(node, nodes.section) and level <= 3


def slide_only_items(items, notebook):
    """``items`` with each slide-only cell's markdown (which the page leaves out) in its place,
    as a raw HTML node."""
    extra = [(i, cell) for i, cell in enumerate(notebook.cells)
             if cell.cell_type == "markdown" and SLIDE_ONLY_TAG in cell.get("metadata", {}).get("tags", [])]
    out = list(items)
    for index, cell in extra:
        at = next((k for k, item in enumerate(out) if item[2] is not None and item[2] > index), len(out))
        level = out[at - 1][1] if at else 1
        node = nodes.raw("", slide_markdown(cell.source), format="html", classes=["slide-only"])
        out.insert(at, (node, level, index))
    return out


def plan(items, types):
    """Group flattened items into slides by the cells' slide types.

    Returns ``(deck, skipped)``: ``deck`` is a list of slides, each a dict with ``parts`` (a
    list of ``(fragment_number or None, item)``) and ``notes`` (items); ``skipped`` lists the
    items left out. A heading (``#`` to ``###``) of a ``slide``, ``subslide`` or ``notes`` cell
    starts a slide; a ``notes`` cell's other items are notes, as are the items of a ``slide``
    cell before its heading.
    """
    first_heading = {}
    for k, item in enumerate(items):
        if _is_heading(item) and item[2] is not None:
            first_heading.setdefault(item[2], k)
    deck, skipped, pending_notes = [], [], []
    current, fragment, fragments, cell = None, None, 0, object()

    def new_slide():
        nonlocal current, pending_notes, fragment
        current = {"parts": [], "notes": pending_notes}
        pending_notes = []
        deck.append(current)
        fragment = None

    for k, item in enumerate(items):
        node_cell = item[2]
        kind = types[node_cell] if node_cell is not None and 0 <= node_cell < len(types) else "-"
        new_cell = node_cell != cell
        cell = node_cell
        if kind == "skip":
            skipped.append(item)
            continue
        if kind in ("slide", "subslide", "notes") and _is_heading(item):
            new_slide()
            current["parts"].append((None, item))
            continue
        before_heading = first_heading.get(node_cell, -1) > k
        if kind == "notes" or (kind in ("slide", "subslide") and before_heading and current is not None):
            (current["notes"] if current else pending_notes).append(item)
            continue
        if current is None or (new_cell and kind in ("slide", "subslide") and node_cell not in first_heading):
            new_slide()
        elif new_cell and kind == "fragment":
            fragments += 1
            fragment = fragments
        current["parts"].append((fragment, item))
    return deck, skipped


def _words(node):
    return len([w for w in node.astext().split() if re.search(r"\w", w)])


def _is_exercise(node):
    return isinstance(node, nodes.Element) and not _is_solution(node) and (
        type(node).__name__.startswith("exercise") or "exercise" in node.get("classes", []))


def trim(deck):
    """The Exercises slide keeps its first exercises (one, and the next ones while the words stay
    within WORDS; none after one that does not fit) and the Summary slide its boxes and tables: the rest of them is notes."""
    for slide in deck:
        head = slide["parts"][0][1][0] if slide["parts"] else None
        title = head.next_node(nodes.title).astext() if isinstance(head, nodes.section) and head.next_node(nodes.title) else ""
        name = re.sub(r"^[\d.\s]+", "", title).strip()
        if name not in ("Exercises", "Summary"):
            continue
        keep, notes, words, shown, full = [slide["parts"][0]], [], 0, 0, False
        for part in slide["parts"][1:]:
            node = part[1][0]
            exercise = name == "Exercises" and _is_exercise(node)
            full = full or exercise and shown > 0 and words + _words(node) > WORDS  # the first exercises, in order
            if exercise and not full:
                keep.append(part)
                words, shown = words + _words(node), shown + 1
            elif name == "Summary" and isinstance(node, (nodes.Admonition, nodes.table)):
                keep.append(part)
            elif not _is_solution(node):
                notes.append(part[1])
        slide["parts"], slide["notes"] = keep, slide["notes"] + notes
    out = []
    for slide in deck:
        out.append(slide)
        parts = slide["parts"]
        boxes = [k for k, (_, item) in enumerate(parts) if isinstance(item[0], nodes.Element)
                 and not isinstance(item[0], nodes.section) and item[0].next_node(nodes.tbody) is not None]
        if not boxes or boxes[0] == 0 or not isinstance(parts[0][1][0], nodes.section):
            continue
        box = parts[boxes[0]][1]
        rows = box[0].next_node(nodes.tbody).children
        if len(rows) <= SUMMARY_ROWS:
            continue
        half = -(-len(rows) // 2)  # a long key-formula table: on two slides, its rows shared evenly
        first, second = box[0].deepcopy(), box[0].deepcopy()
        first.next_node(nodes.tbody).children = first.next_node(nodes.tbody).children[:half]
        second.next_node(nodes.tbody).children = second.next_node(nodes.tbody).children[half:]
        parts[boxes[0]] = (parts[boxes[0]][0], (first, *box[1:]))
        out.append({"parts": [parts[0], (None, (second, *box[1:]))], "notes": [], "continued": True})
    return out


SUMMARY_ROWS = 4  # rows of a key-formula table on one slide


_slide_md = MarkdownIt("commonmark").use(dollarmath_plugin, double_inline=True)
_slide_md.add_render_rule("math_inline", lambda self, tokens, idx, options, env:
                          f'<span class="math notranslate nohighlight">\\({html.escape(tokens[idx].content)}\\)</span>')
_slide_md.add_render_rule("math_inline_double", lambda self, tokens, idx, options, env:
                          f'<div class="math notranslate nohighlight">\\[{html.escape(tokens[idx].content)}\\]</div>')
_slide_md.add_render_rule("math_block", lambda self, tokens, idx, options, env:
                          f'<div class="math notranslate nohighlight">\\[{html.escape(tokens[idx].content)}\\]</div>\n')


def slide_markdown(markdown):
    """A slide-only cell's markdown (CommonMark and ``$`` math) as HTML for a deck."""
    return _slide_md.render(markdown)


def guide_question(app, name):
    """``(question_nodes, answer_nodes)`` of the guide question labelled ``guide-q-<name>``, from
    the guide's resolved doctree, or None when the guide has none."""
    label = app.env.domaindata["std"]["labels"].get(f"guide-q-{name}")
    if label is None:
        return None
    docname, labelid = label[0], label[1]
    cache = app.env.__dict__.setdefault("_nblib_guide_doctrees", {})
    if docname not in cache:
        cache[docname] = app.env.get_and_resolve_doctree(docname, app.builder)
    section = next((n for n in cache[docname].findall(nodes.section) if labelid in n["ids"]), None)
    if section is None:
        return None
    question, answer = [], []
    for child in section.children:
        if isinstance(child, nodes.title):
            question.append(child)
        elif isinstance(child, nodes.Admonition) or "dropdown" in child.get("classes", []):
            answer.extend(c for c in child.children if not isinstance(c, nodes.title))
        elif isinstance(child, nodes.container) and child.get("nb_element") == "cell_code":
            continue
        elif not isinstance(child, (nodes.section, *INVISIBLE)):
            (answer if answer else question).append(child)
    return question, answer


class _Renderer:
    """Renders doctree nodes of one chapter to HTML for its deck with the HTML builder."""

    def __init__(self, app, docname, notebook, types):
        self.app, self.builder, self.docname = app, app.builder, docname
        self.notebook, self.types = notebook, types
        self.page = self.builder.get_target_uri(docname)            # book/01_predictor.html
        self.deck = f"{DECKS}/{posixpath.basename(docname)}.html"   # slides/01_predictor.html

    def render(self, node):
        # as the builder writes a page (write_doc), not render_partial: that one applies
        # docutils' transforms, which know nothing of Sphinx extensions' nodes
        document = new_document("<slide>", self.builder.docsettings)
        document.append(node)
        writer = self.builder.docwriter
        writer.write(document, StringOutput(encoding="unicode"))
        writer.assemble_parts()
        fragment = writer.parts["fragment"]
        # reveal.js treats every <section> as a slide: the rendered content has none
        fragment = re.sub(r"<(/?)section\b", r"<\1div", fragment)
        # a question's answer is a fragment: the slide asks, the teacher's next key press answers
        fragment = QUESTION_ANSWER.sub(r'<p class="nblib-question-answer fragment"\1>', fragment)
        return re.sub(r'\b(href|src)="([^"]*)"',
                      lambda m: f'{m.group(1)}="{html.escape(rebase(html.unescape(m.group(2)), self.page, self.deck))}"',
                      fragment)

    def hidden(self, cell_index):
        cell = self.notebook.cells[cell_index]
        tags = cell.get("metadata", {}).get("tags", [])
        return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")) or any(
            t in tags for t in ("hide-input", "remove-input", "remove_input"))

    def block(self, node):
        if _is_solution(node):
            return ""
        copy = node.deepcopy()
        for solution in [n for n in copy.findall(nodes.Element) if _is_solution(n)]:
            solution.parent.remove(solution)
        # a folded answer (a dropdown: a check-your-understanding question's) appears on the
        # next key press, for the teacher to reveal after the class has answered
        for fold in [n for n in copy.findall(nodes.Element) if _is_dropdown(n)]:
            fold["classes"] = [*fold.get("classes", []), "fragment"]
        # the page's writer has inserted a note's (tip's, ...) label as its title: it would add it again
        for box in copy.findall(nodes.Admonition):
            if type(box).__name__ in admonitionlabels and box.children and isinstance(box[0], nodes.title):
                box.remove(box[0])
        for cell in list(copy.findall(lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "cell_code")):
            sources = [n for n in cell.findall(nodes.container) if n.get("nb_element") == "cell_code_source"]
            outputs = [n for n in cell.findall(nodes.container) if n.get("nb_element") == "cell_code_output"]
            keep = ([] if self.hidden(cell["cell_index"]) else sources) + outputs
            cell.children = []
            cell.extend(keep)
        return self.render(copy)

    def heading(self, section, level):
        title = section.next_node(nodes.title)
        if title is None:
            return ""
        inline = nodes.paragraph("", "", *[c.deepcopy() for c in title.children])
        text = re.sub(r"^\s*<p>|</p>\s*$", "", self.render(inline))
        numbers = self.builder.secnumbers.get("#" + section["ids"][0]) if section["ids"] else None
        if numbers is None and level == 1:
            numbers = self.builder.secnumbers.get("")
        if numbers:
            number = ".".join(map(str, numbers)) + self.app.config.html_secnumber_suffix
            text = f'<span class="section-number">{html.escape(number)}</span>{text}'
        tag = f"h{min(level, 3)}"
        return f"<{tag}>{text}</{tag}>"

    def item(self, item):
        node, level, _ = item
        return self.heading(node, level) if isinstance(node, nodes.section) else self.block(node)


def deck_html(app, renderer, deck, title, context):
    """The whole deck page."""
    static = relative_uri(renderer.deck, "_static/")
    back = html.escape(relative_uri(renderer.deck, renderer.page))
    slides = []
    for slide in deck:
        body, open_fragment = [], None
        for number, item in slide["parts"]:
            if number != open_fragment:
                if open_fragment is not None:
                    body.append("</div>")
                if number is not None:
                    body.append('<div class="fragment">')
                open_fragment = number
            body.append(item[0].astext() if isinstance(item[0], nodes.raw) else renderer.item(item))
        if open_fragment is not None:
            body.append("</div>")
        if slide is deck[0]:
            body.append(f'<p class="nblib-deck-chapter"><a href="{back}">Chapter page</a></p>')
        notes = "".join(i[0].astext() if isinstance(i[0], nodes.raw) else renderer.item(i) for i in slide["notes"])
        if slide.get("raw_notes"):
            notes += slide["raw_notes"]
        if notes:
            body.append('<aside class="notes">' + notes + "</aside>")
        opening = '<section class="continued">' if slide.get("continued") else "<section>"
        slides.append(opening + "\n" + "\n".join(body) + "\n</section>")
    config = app.config.mathjax3_config
    mathjax_path = app.config.mathjax_path
    if "://" in mathjax_path or mathjax_path.startswith("/"):
        raise ValueError(f"mathjax_path must be a file in the book's _static, not {mathjax_path!r}")
    mathjax = (f"<script>window.MathJax = {json.dumps(config)}</script>\n" if config else "") + \
        f'<script defer src="{static}{html.escape(mathjax_path)}"></script>'
    assets = ASSET_DIR + "/"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} (slides)</title>
<link rel="stylesheet" href="{assets}reveal.css">
<link rel="stylesheet" href="{assets}serif.css">
<link rel="stylesheet" href="{static}nblib-demo.css">
<link rel="stylesheet" href="{static}nblib-question.css">
<link rel="stylesheet" href="{assets}deck.css">
{mathjax}
<script defer src="{static}nblib-demo.js"></script>
<script defer src="{static}nblib-question.js"></script>
<script defer src="{assets}reveal.js"></script>
<script defer src="{assets}deck.js"></script>
</head>
<body>
<div class="reveal"><div class="slides">
{chr(10).join(slides)}
</div></div>
</body>
</html>
"""


def with_guide_questions(app, renderer, deck, notebook):
    """Before each slide with a demo, a slide with the demo's guide question; the answer in its notes."""
    out = []
    for slide in deck:
        for _, item in slide["parts"]:
            cell = item[2]
            name = demo_name(notebook.cells[cell]) if cell is not None and cell < len(notebook.cells) else None
            found = guide_question(app, name) if name else None
            if found:
                question, answer = found
                title = question[0] if question and isinstance(question[0], nodes.title) else None
                head = "<h3>Predict, then move the slider</h3>"
                if title is not None:
                    text = renderer.render(nodes.paragraph("", "", *[c.deepcopy() for c in title.children]))
                    head = "<h3>" + re.sub(r"^\s*<p>|</p>\s*$", "", text) + "</h3>"
                body = ('<div class="guide-question">' + head
                        + "".join(renderer.render(n.deepcopy()) for n in question if n is not title) + "</div>")
                notes = "".join(renderer.render(n.deepcopy()) for n in answer)
                out.append({"parts": [(None, (nodes.raw("", body, format="html", classes=["guide-question"]), 3, None))],
                            "notes": [], "raw_notes": "<p><strong>Answer.</strong></p>" + notes})
                break
        out.append(slide)
    return out


_RAW_HEADING = re.compile(r"\s*<(h[1-3])\b[^>]*>(.*?)</\1>", re.S)


def with_headings(renderer, deck, notebook):
    """Every slide says what it shows: a slide that does not start with a heading (a figure, a
    table or code output continuing a section) gets the heading of the section it continues (the
    last ``#``-``###`` heading before it, a slide-only cell's included) as its first line, at
    ``h3`` size. A question's slide is left as it is: its box is titled."""
    last = None
    for slide in deck:
        if not slide["parts"]:
            continue
        node, level, cell = slide["parts"][0][1]
        if isinstance(node, nodes.section):
            last = renderer.heading(node, level)
            continue
        if isinstance(node, nodes.raw):
            if "guide-question" in node.get("classes", []):
                continue
            found = _RAW_HEADING.match(node.astext())
            if found:
                last = found.group(0).strip()
                continue
        if cell is not None and cell < len(notebook.cells) and is_question(notebook.cells[cell]):
            continue
        if last is None:
            continue
        carried = re.sub(r"^\s*<h[1-3]\b[^>]*>", '<h3 class="carried">', re.sub(r"</h[1-3]>\s*$", "</h3>", last))
        heading = nodes.raw("", carried, format="html", classes=["carried"])
        slide["parts"].insert(0, (None, (heading, 3, cell)))
    return deck


def write_deck(app, pagename, templatename, context, doctree):
    """html-page-context: write the chapter's deck and link it from the chapter page."""
    if doctree is None or app.builder.format != "html" or not is_chapter(app.env.doc2path(pagename)):
        return
    path = Path(app.env.doc2path(pagename))
    notebook = nbformat.read(path, as_version=4)
    try:
        types = slide_types(notebook)
    except ValueError as error:
        logger.warning(f"{path.name}: {error}", location=pagename)
        return
    renderer = _Renderer(app, pagename, notebook, types)
    deck, _ = plan(slide_only_items(flatten(doctree), notebook), types)
    deck = with_headings(renderer, with_guide_questions(app, renderer, trim(deck), notebook), notebook)
    if not deck:
        logger.warning(f"{path.name}: every cell is skipped, no slides", location=pagename)
        return
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
    out = Path(app.outdir) / renderer.deck
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(deck_html(app, renderer, deck, title, context), encoding="utf-8")
    link = (f'<p class="nblib-slides-link"><a href="{html.escape(relative_uri(renderer.page, renderer.deck))}">'
            f"Slides</a> of this chapter, to present it (arrow keys move, <kbd>Esc</kbd> shows every slide)</p>\n")
    body = context.get("body", "")
    end = body.find("</h1>")
    context["body"] = body[:end + 5] + "\n" + link + body[end + 5:] if end >= 0 else link + body


def copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / DECKS / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        shutil.copyfile(asset, target / asset.name)


def setup(app):
    app.connect("html-page-context", write_deck)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
