"""The book's notation registry, ``book/notation.yml``: the page it renders and the check it makes.

The registry is the one source of the book's symbols. Each entry gives a symbol's LaTeX and
Unicode forms, its meaning, its kind (``variable``, ``index``, ``function``, ``operator``,
``constant``, ``local``), where code names it, and the pages that use it. ``render`` writes
``book/notation.md`` from it (``python tools/notation.py render``); ``check`` reads every page of
the book as a reader sees it and returns each use of a symbol the registry does not allow
(``tests/test_notation.py``).

What counts as a use of a symbol:

* in math (``$…$``, ``$$…$$``, ``:math:`` and ``.. math::`` in docstrings, ``$…$`` in the string
  literals of code cells, which become figure labels): every single Latin letter and every Greek
  letter, with its accent (``\\hat y`` is not ``y``); a letter in a sub- or superscript counts as
  a symbol of its own (an index), and a registered form with its script (``E_\\text{total}``,
  ``w^\\ast``) wins over the bare letter;
* in plain text (stored stream and ``text/plain`` outputs, slider labels and readout templates,
  the texts of the questions (``nblib.questions``: question, answer, options, slips' feedback),
  code comments, docstrings, and markdown prose outside math): Greek letters and accented
  letters (``η``, ``ŷ``), derivatives written ``dX/dY`` or ``∂X/∂Y``, letters with a subscript
  (``W_1``, ``h₁``), and a single letter before ``=``.

A chapter that quotes a source's symbols lists them under the entry's ``quoted`` key with the
reason; only the registry grants such exceptions. ``FORBIDDEN`` are the forms the book never
writes, whatever the page. A page writes a derivative one way: in its prose, captions, questions
and demos, a derivative takes the operator, ``d`` or ``∂``, that the page's math gives it
(``derivative_forms``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "book" / "notation.yml"
PAGE = ROOT / "book" / "notation.md"
API_PAGE = ROOT / "book" / "api.md"
KINDS = ("variable", "index", "function", "operator", "constant", "local")
#: Pages the check does not read: the notation page renders the registry itself.
SKIP_PAGES = {"notation"}

#: Forms the book never writes (the loss as L or E, the target as t, the output as y or o), with
#: what to write instead. Each is a regular expression over a page's text (math included).
FORBIDDEN = {
    r"\bE_\{?\\?(?:text|mathrm)?\{?total": "the loss is C (not E_total)",
    r"\bE_total\b": "the loss is C (not E_total)",
    r"\bE_\{?o_?\{?\d": "the loss of an output is C_j or ½(y_j − ŷ_j)² (not E_o1)",
    r"\bE_o\d\b": "the loss of an output is C_j or ½(y_j − ŷ_j)² (not E_o1)",
    r"(?<![\w\\])[d∂]\s*[LE]\s*/\s*[d∂]": "the loss is C: dC/dw, ∂C/∂w (not dL/dw, dE/dw)",
    r"\\partial\s*L\b": "the loss is C: \\partial C (not \\partial L)",
    r"\\partial\s*E\b\s*(?:\}\s*\{|/)\s*\\partial\s*(?:[wWbz](?![A-Za-z])|\\theta|\\text\{(?:out|net))":
        "the loss is C: \\partial C/\\partial w (not \\partial E/\\partial w)",
    r"(?<![\w\\])d[LE]_d[a-z]": "the loss is C: dC_dw (not dL_dw, dE_dw)",
    r"\btarget\s+\$?t\b": "the target is y (not t)",
    r"\boutput\s+\$?[yo]\b(?!\s*[-_^])": "the output is ŷ or a (not y or o)",
    r"\bE\s*=\s*\$?t\b": "the error is E = y − ŷ (not E = t − …)",
    r"\bt\s*[-−]\s*o\b": "the error is E = y − ŷ (not t − o)",
    r"(?<![\w\\])e\s*&?=\s*[yt]\s*[-−]": "the signed error is E = y − ŷ (e is Euler's number)",
}

_GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
          "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi "
          "Pi Sigma Upsilon Phi Psi Omega").split()
_GREEK_UNICODE = dict(zip(_GREEK, "αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ"))
#: Accents that make a symbol of their own (``\hat y`` is the output, ``y`` the target).
_ACCENTS = {"hat": "\\hat", "widehat": "\\hat", "tilde": "\\tilde", "widetilde": "\\tilde", "bar": "\\bar",
            "overline": "\\bar", "mathbb": "\\mathbb", "mathcal": "\\mathcal", "dot": "\\dot", "vec": "\\vec"}
#: Fonts that do not change a symbol (a bold x is the vector x).
_FONTS = {"mathbf", "boldsymbol", "bm", "mathit", "mathsf", "mathnormal"}
#: Commands whose argument is words, not symbols.
_WORDS = {"text", "mathrm", "operatorname", "textbf", "textit", "mbox", "texttt", "textsf", "label", "tag",
          "href", "color", "textcolor", "begin", "end", "mathtt"}
_UNICODE_ACCENTED = {"ŷ": "\\hat y", "ŵ": "\\hat w", "x̃": "\\tilde x", "w̃": "\\tilde w", "ȳ": "\\bar y",
                     "ĝ": "\\hat g"}
_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_UNICODE_SUBSCRIPT_LETTERS = dict(zip("ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "aeoxhklmnpstij"))


@dataclass(frozen=True)
class Use:
    """One use of a symbol: where (page, cell, what part), the symbol's key and its context;
    ``index`` when it runs over a sum, product, maximum or minimum (so it must be an index)."""

    page: str
    cell: str
    part: str
    key: str
    forms: tuple
    context: str
    index: bool = False
    script: str | None = None


@dataclass(frozen=True)
class Problem:
    """A use the registry does not allow, with the fix it expects."""

    page: str
    cell: str
    part: str
    symbol: str
    context: str
    message: str

    def __str__(self):
        return f"{self.page} [{self.cell}] ({self.part}) {self.symbol!r}: {self.message}   … {self.context} …"


# --- the registry -------------------------------------------------------------------------------

@dataclass
class Registry:
    """The entries of ``notation.yml`` and the index from every form to its entry."""

    topics: list
    entries: list
    pages: dict
    by_form: dict
    quotes: list

    @classmethod
    def load(cls, path: Path = REGISTRY) -> "Registry":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        pages = data["pages"]
        entries, by_form = [], {}
        for topic in data["topics"]:
            for entry in topic["symbols"]:
                entry.setdefault("kind", "variable")
                entry["topic"] = topic["title"]
                if entry["kind"] not in KINDS:
                    raise ValueError(f"notation.yml: {entry['latex']!r} has kind {entry['kind']!r}, not one of {KINDS}")
                for page in entry["pages"]:
                    if page not in pages:
                        raise ValueError(f"notation.yml: {entry['latex']!r} lists page {page!r}, not in `pages`")
                for form in entry["forms"]:
                    if form in by_form:
                        raise ValueError(f"notation.yml: the form {form!r} has two entries: "
                                         f"{by_form[form]['meaning']!r} and {entry['meaning']!r}")
                    by_form[form] = entry
                entries.append(entry)
        for entry in entries:  # a printed form must lead the check back to its own entry
            for form in entry.get("text", []):
                found = [forms for forms, _ in text_symbols(f"{form} = 1")]
                if not found or next((by_form[f] for f in found[0] if f in by_form), None) is not entry:
                    raise ValueError(f"notation.yml: the text form {form!r} of {entry['latex']!r} does not read as it")
        quotes = data.get("quotes", [])
        for quote in quotes:
            if quote["page"] not in pages or not quote.get("why"):
                raise ValueError(f"notation.yml: the quote {quote!r} needs a page of `pages` and a `why`")
        return cls(data["topics"], entries, pages, by_form, quotes)

    def quoted(self, page, cell, forms):
        """Whether ``page``'s cell ``cell`` declares one of ``forms`` as a quotation of a source."""
        return any(q["page"] == page and q["cell"] == cell and set(q["forms"]) & set(forms) for q in self.quotes)

    def entry(self, forms):
        """The entry of the first registered form (the most specific first), or None."""
        for form in forms:
            if form in self.by_form:
                return self.by_form[form]
        return None


# --- the page -----------------------------------------------------------------------------------

_BEGIN, _END = "<!-- notation.yml: begin -->", "<!-- notation.yml: end -->"


def _page_list(registry, pages):
    return ", ".join(registry.pages[p] for p in sorted(pages, key=list(registry.pages).index))


def render_tables(registry: Registry) -> str:
    """The symbol tables of the notation page, one per topic, from the registry."""
    out = []
    for topic in registry.topics:
        out += [f"### {topic['title']}", ""]
        if topic.get("intro"):
            out += [topic["intro"].strip(), ""]
        out += ["| symbol | meaning | in code | used in |", "|---|---|---|---|"]
        for entry in topic["symbols"]:
            symbol = entry["latex"]
            if entry.get("text"):
                symbol += ", printed " + ", ".join(entry["text"])
            meaning = entry["meaning"].strip().replace("\n", " ")
            code = ", ".join(f"`{c}`" for c in entry.get("code", []))
            used = _page_list(registry, entry["pages"])
            out.append(f"| {symbol} | {meaning} | {code} | {used} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render(registry: Registry, page: str) -> str:
    """``page`` (the notation page's text) with the part between the markers rendered anew."""
    head, rest = page.split(_BEGIN, 1)
    _, tail = rest.split(_END, 1)
    return f"{head}{_BEGIN}\n\n{render_tables(registry)}\n{_END}{tail}"


# --- reading the book ---------------------------------------------------------------------------

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$", re.S)
_RST_MATH = re.compile(r":math:`([^`]+)`")
_RST_BLOCK = re.compile(r"\.\. math::(.*?)(?=\n\S|\n\s*\n(?!\s{3,}\S)|\Z)", re.S)
_INLINE_CODE = re.compile(r"``?[^`\n]+``?")
_FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.S | re.M)
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
_URL = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


def _pages(root: Path):
    """``(page, path)`` of every page of the book, in the table of contents' order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for file in files:
        for suffix in (".ipynb", ".md"):
            path = root / (file + suffix)
            if path.exists():
                yield path.stem, path


def _comments(source: str):
    """The comments of a code cell (a line that does not tokenise ends the search)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if token.type == tokenize.COMMENT:
                yield token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return


def _strings(source: str):
    """The string literals of a code cell (figure labels, titles, legends)."""
    try:
        tree = ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


_SOURCE_LISTING = re.compile(r"\s*(?:@|def |class )")
_DEMO_LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.S)
_DEMO_DATA = re.compile(r'<script type="application/json" class="nblib-demo-data">(.*?)</script>', re.S)


def _demo_texts(html: str):
    """A demo's slider labels and readout templates, as the stored output holds them."""
    import html as _html
    for label in _DEMO_LABEL.findall(html):
        yield "slider label", _html.unescape(label)
    for data in _DEMO_DATA.findall(html):
        payload = json.loads(data)
        for key, part in (("readouts", "readout"), ("alts", "demo alt")):
            texts = payload.get(key) or []
            texts = texts.get("templates", []) if isinstance(texts, dict) else texts
            for text in dict.fromkeys(texts):
                yield part, text


def _question_texts(html: str):
    """A question's (``nblib.questions``) texts, as the stored output holds them: the question, its
    answer and explanation, its options and the feedback of each slip."""
    from nblib.questions import read_static

    text, answer, options, slips = read_static(html)
    yield "question text", text
    yield "question answer", answer
    for option in options:
        yield "question option", option
    for feedback in slips:
        yield "question slip", feedback


def _markdown_parts(text: str):
    """``(part, text)``: the text as written (``raw``, for the forbidden forms), then its math and its
    prose (code blocks and roles left out)."""
    yield "raw", _ROLE.sub(" ", text)  # a role's target ({glue:text}`E0`) is a name, not notation
    text = _FENCED.sub(lambda m: m.group(0) if re.match(r"^(`{3,}|~{3,})\s*\{", m.group(0)) else "", text)
    text = re.sub(r"^\s*(`{3,}|~{3,}|:{3,}).*$", "", text, flags=re.M)   # directive fences
    text = re.sub(r"^\s*:[\w-]+:.*$", "", text, flags=re.M)             # directive options
    text = re.sub(r"^\(\S+\)=\s*$", "", text, flags=re.M)                # labels
    text = re.sub(r"\$\$\s*\(([\w:.-]+)\)", "$$", text)                  # equation labels
    for m in _MATH.finditer(text):
        yield "math", m.group(1) or m.group(2)
    prose = _MATH.sub(" ", text)
    prose = _ROLE.sub(" ", prose)
    prose = _INLINE_CODE.sub(" ", prose)
    prose = _URL.sub(" ", prose)
    prose = re.sub(r"<[^>]+>", " ", prose)
    yield "prose", prose


def _docstring_parts(text: str):
    """``(part, text)``: the text as written (``raw``, math as ``$…$``), then its math and its prose
    (doctests left out)."""
    text = "\n".join(l for l in text.splitlines() if not l.strip().startswith((">>>", "...")))
    yield "raw", _RST_MATH.sub(lambda m: f"${m.group(1)}$", text)
    for m in _RST_BLOCK.finditer(text):
        yield "math", m.group(1).replace("\\\\", "\\")
    for m in _RST_MATH.finditer(text):
        yield "math", m.group(1)
    prose = _RST_BLOCK.sub(" ", _RST_MATH.sub(" ", text))
    prose = _INLINE_CODE.sub(" ", prose)
    prose = re.sub(r":\w+:`[^`]*`", " ", prose)
    yield "docstring", prose


def notebook_texts(path: Path):
    """``(cell id, part, text)`` of a notebook: everything of it a reader sees as prose or math."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cid = cell.get("id", "?")
        source = "".join(cell["source"])
        figure = cell.get("metadata", {}).get("mystnb", {})
        for text in (figure.get("figure", {}).get("caption"), figure.get("image", {}).get("alt")):
            if text:
                for part, t in _markdown_parts(text):
                    yield cid, "caption " + part, t
        if cell["cell_type"] == "markdown":
            for part, text in _markdown_parts(source):
                yield cid, part, text
            continue
        if cell["cell_type"] != "code":
            continue
        for comment in _comments(source):
            yield cid, "comment", comment
        for string in _strings(source):
            for m in _MATH.finditer(string.replace("\\\\", "\\")):
                yield cid, "label math", m.group(1) or m.group(2)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and "data-nblib-question" in "".join(data["text/html"]):
                for part, text in _question_texts("".join(data["text/html"])):
                    yield cid, part, text
                continue
            if "text/html" in data and "nblib-demo" in "".join(data["text/html"]):
                for part, text in _demo_texts("".join(data["text/html"])):
                    yield cid, part, text
                continue
            text = "".join(output["text"] if output.get("output_type") == "stream" else data.get("text/plain", ""))
            if _SOURCE_LISTING.match(text):  # nblib.show.source: code, whose comments a reader reads
                for comment in _comments(text):
                    yield cid, "comment", comment
            elif text:
                yield cid, "output", text


def _api_objects(root: Path):
    """``(name, docstring)`` of everything ``book/api.md`` renders (automodule and its members)."""
    text = (root / "book" / "api.md").read_text(encoding="utf-8")
    for m in re.finditer(r"\.\. auto(module|exception):: (\S+)((?:\n   :[\w-]+:.*)*)", text):
        kind, name, options = m.groups()
        if kind == "exception":
            module, _, attr = name.rpartition(".")
            obj = getattr(importlib.import_module(module), attr)
            yield name, inspect.getdoc(obj) or ""
            continue
        module = importlib.import_module(name)
        yield name, inspect.getdoc(module) or ""
        members = re.search(r":members:(.*)", options)
        if members is None:
            continue
        names = [n.strip() for n in members.group(1).split(",") if n.strip()]
        names = names or list(getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")]))
        for member in names:
            obj = getattr(module, member)
            yield f"{name}.{member}", inspect.getdoc(obj) or ""
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_") or not (inspect.isfunction(value) or isinstance(value, property)):
                        continue
                    yield f"{name}.{member}.{attr}", inspect.getdoc(value) or ""


def texts(root: Path = ROOT):
    """``(page, cell, part, text)`` of the whole book: notebooks, markdown pages, the API reference."""
    for page, path in _pages(root):
        if page in SKIP_PAGES:
            continue
        if path.suffix == ".ipynb":
            for cid, part, text in notebook_texts(path):
                yield page, cid, part, text
        elif page == "api":
            for part, text in _markdown_parts(path.read_text(encoding="utf-8")):
                yield page, "page", part, text
            for name, doc in _api_objects(root):
                for part, text in _docstring_parts(doc):
                    yield page, name, part, text
        else:
            for part, text in _markdown_parts(path.read_text(encoding="utf-8")):
                yield page, "page", part, text


# --- symbols in math ----------------------------------------------------------------------------

_LATEX_TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|([A-Za-z])|([_^])|(\{)|(\})|(.)", re.S)


def _group(tokens, i):
    """The tokens of the argument that starts at ``i`` (a braced group or one token), and the next index."""
    if i >= len(tokens):
        return [], i
    if tokens[i] == ("brace", "{"):
        depth, j = 1, i + 1
        while j < len(tokens) and depth:
            if tokens[j] == ("brace", "{"):
                depth += 1
            elif tokens[j] == ("brace", "}"):
                depth -= 1
            j += 1
        return tokens[i + 1:j - 1], j
    if tokens[i][0] == "cmd" and tokens[i][1] in _FONTS | _WORDS | set(_ACCENTS):
        inner, j = _group(tokens, i + 1)
        return tokens[i:i + 1] + ([("brace", "{")] + inner + [("brace", "}")]), j
    return tokens[i:i + 1], i + 1


def _lex(math: str):
    tokens = []
    for m in _LATEX_TOKEN.finditer(math):
        cmd, sym, letter, script, lb, rb, other = m.groups()
        if cmd:
            tokens.append(("cmd", cmd))
        elif letter:
            tokens.append(("letter", letter))
        elif script:
            tokens.append(("script", script))
        elif lb:
            tokens.append(("brace", "{"))
        elif rb:
            tokens.append(("brace", "}"))
        elif sym is not None:
            tokens.append(("other", "\\" + sym))
        elif other and not other.isspace():
            tokens.append(("other", other))
    return tokens


def _flat(tokens):
    """A group's tokens as normalised LaTeX (for a script's key: ``_{jk}`` -> ``jk``)."""
    out = []
    for kind, value in tokens:
        if kind == "cmd":
            out.append("\\" + value + " ")
        elif kind == "brace":
            out.append(value)
        else:
            out.append(value)
    return "".join(out).strip().replace(" }", "}").replace(" {", "{")


def math_symbols(math: str):
    """``(forms, key)`` of every symbol in a LaTeX string, most specific form first."""
    for forms, key, _ in _symbols(_lex(math)):
        yield forms, key


def _symbols(tokens, script=None):
    """``(forms, key, script)``: ``script`` is ``"_"`` or ``"^"`` for a letter in another symbol's script."""
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        base = None
        if kind == "cmd" and value in _WORDS:
            _, i = _group(tokens, i + 1)
            if value == "begin":  # \begin{pmatrix}: its name is no symbol
                continue
            continue
        if kind == "cmd" and value in _FONTS:
            inner, j = _group(tokens, i + 1)
            if not (len(inner) == 1 and (inner[0][0] == "letter" or inner[0][1] in _GREEK)):
                yield from _symbols(inner, script)
                i = j
                continue
            tokens = tokens[:i] + inner + tokens[j:]  # a bold letter is the letter, scripts and all
            continue
        if kind == "cmd" and value in _ACCENTS:
            inner, j = _group(tokens, i + 1)
            inner = [t for t in inner if not (t[0] == "cmd" and t[1] in _FONTS) and t[0] != "brace"]
            if len(inner) == 1 and (inner[0][0] == "letter" or inner[0][1] in _GREEK):
                name = inner[0][1] if inner[0][0] == "letter" else "\\" + inner[0][1]
                base = f"{_ACCENTS[value]} {name}"
                i = j
            else:
                yield from _symbols(inner, script)
                i = j
                continue
        elif kind == "cmd" and value in _GREEK:
            base, i = "\\" + value, i + 1
        elif kind == "letter":
            base, i = value, i + 1
        elif kind == "script":  # a script after a bracket, (WX)^T or (W_1)_{11}: its letters are symbols
            subs = []
            i = _scripts(tokens, i, subs)
            for _, (_, group) in subs:
                yield from _symbols(group, script)
            continue
        else:
            i += 1
            continue
        subs = []
        i = _scripts(tokens, i, subs)
        forms = []
        sub = next((key for k, (key, _) in subs if k == "_"), None)
        sup = next((key for k, (key, _) in subs if k == "^"), None)
        if sub is not None and sup is not None:
            forms.append(f"{base}_{{{sub}}}^{{{sup}}}")
        if sup is not None:
            forms.append(f"{base}^{{{sup}}}")
        if sub is not None:
            forms.append(f"{base}_{{{sub}}}")
        forms.append(base)
        yield tuple(forms), base, script
        for which, (_, group) in subs:  # a matrix entry's two indices (X_{ki}) are no single script
            yield from _symbols(group, which if len([t for t in group if t[0] == "letter"]) <= 1 else "entry")


def _scripts(tokens, i, subs):
    """Read the sub- and superscripts after a symbol into ``subs`` as ``(kind, (key, tokens))``."""
    while i < len(tokens) and tokens[i][0] == "script":
        which = tokens[i][1]
        group, i = _group(tokens, i + 1)
        key = _flat(group)
        if which == "^" and key in ("T", "\\mathsf{T}", "\\top", "\\mathsf T", "\\intercal", "\\mathrm{T}"):
            continue  # the transpose
        if which == "^" and key in ("\\prime", "\\ast", "*", "\\star", "'", "2", "-1"):
            subs.append((which, (key, [])))
            continue
        subs.append((which, (key, group)))
    return i


# --- symbols in plain text ----------------------------------------------------------------------

# Σ in plain text is the sum ("(λ/2)·ΣW²"), an operator as \sum is in math: no symbol
_TEXT_GREEK = "".join(c for c in _GREEK_UNICODE.values() if c != "Σ")
_TEXT_PATTERNS = [
    # derivatives dX/dY and ∂X/∂Y: both letters are symbols
    re.compile(r"(?<![\w])([d∂])([A-Za-z" + _TEXT_GREEK + r"ŷ])(?![A-Za-z])(?:_?([A-Za-z0-9]+))?\s*/\s*[d∂]([A-Za-z"
               + _TEXT_GREEK + r"])(?![A-Za-z])(?:_?([A-Za-z0-9]+))?"),
]
_TEXT_SYMBOL = re.compile(
    r"(?<![\w'’])(ŷ|x̃|w̃|ȳ|ĝ|[" + _TEXT_GREEK + r"]|[A-Za-z](?=_[A-Za-z0-9]|[" + _SUBSCRIPT_DIGITS
    + r"]|\s*=\s*[-−+(\d" + _TEXT_GREEK + r"A-Za-z]))(?:_(\{[^}]*\}|[A-Za-z0-9]+)|([" + _SUBSCRIPT_DIGITS + r"]+))?")


def text_symbols(text: str):
    """``(forms, key)`` of the symbols of a plain text (see the module's docstring)."""
    seen = set()
    for m in _TEXT_PATTERNS[0].finditer(text):
        for letter, sub, start in ((m.group(2), m.group(3), m.start(2)), (m.group(4), m.group(5), m.start(4))):
            base = _text_base(letter)
            seen.add(start)
            yield _text_forms(base, sub), base
    for m in _TEXT_SYMBOL.finditer(text):
        if m.start() in seen:
            continue
        letter, sub, digits = m.groups()
        # English words around "=" are not symbols: "a = " only counts when the text is not prose
        base = _text_base(letter)
        if digits:
            sub = str(_SUBSCRIPT_DIGITS.index(digits[0])) if len(digits) == 1 else "".join(
                str(_SUBSCRIPT_DIGITS.index(d)) for d in digits)
        if sub and sub.startswith("{"):
            sub = sub[1:-1]
        if sub == "hat":  # y_hat, Y_hat: the code's name of the hatted letter
            base, sub = f"\\hat {base}", None
        yield _text_forms(base, sub), base


def _text_base(letter):
    if letter in _UNICODE_ACCENTED:
        return _UNICODE_ACCENTED[letter]
    for name, char in _GREEK_UNICODE.items():
        if char == letter:
            return "\\" + name
    return letter


def _text_forms(base, sub):
    if not sub:
        return (base,)
    if sub.isdigit() or len(sub) == 1:
        return (f"{base}_{{{sub}}}", base)
    return (f"{base}_{{\\text{{{sub}}}}}", f"{base}_{{{sub}}}", base)


# --- the check ----------------------------------------------------------------------------------

_RUNNING_INDEX = re.compile(r"\\(?:sum|prod|max|min)(?:\\limits)?_\{?\s*(\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])")


def uses(found):
    """Every use of a symbol in ``found``, the book's texts (:func:`texts`), as ``Use`` records."""
    for page, cell, part, text in found:
        if part.endswith("raw"):
            continue
        context = text.strip()[:120].replace("\n", " ")
        if part.endswith("math"):
            for forms, key, script in _symbols(_lex(text)):
                yield Use(page, cell, part, key, forms, context, script=script)
        else:
            for forms, key in text_symbols(text):
                yield Use(page, cell, part, key, forms, context)
        if part.endswith("math"):
            for m in _RUNNING_INDEX.finditer(text):
                key = m.group(1)
                if key.startswith("\\") and key[1:] not in _GREEK:
                    continue
                yield Use(page, cell, part, key, (key,), context, index=True)



def forbidden(found):
    """Every forbidden form in ``found``, the book's texts (:func:`texts`), as ``Problem`` records."""
    for page, cell, part, text in found:
        if part.split()[-1] in ("math", "prose", "docstring") and part != "label math":
            continue  # the raw text holds them
        for pattern, fix in FORBIDDEN.items():
            for m in re.finditer(pattern, text):
                start = max(m.start() - 40, 0)
                yield Problem(page, cell, part, m.group(0), text[start:m.end() + 40].replace("\n", " "),
                              f"forbidden form: {fix}")


_HAT = r"(?:\\hat\s*\{?\s*)?"
#: A derivative in math: \frac{\partial C}{\partial w}, \partial C / \partial w, \frac{dC}{dw}, dC/dw.
_MATH_DERIVATIVE = re.compile(
    r"(?:\\[dt]?frac\s*\{\s*(\\partial|d)\s*" + _HAT + r"([A-Za-z])[^{}]*\}\s*\{\s*(?:\\partial|d)\s*" + _HAT
    + r"([A-Za-z])"
    + r"|(?<![\\A-Za-z])(\\partial|d)\s*" + _HAT + r"([A-Za-z])[\w{}^\\ ]*?/\s*(?:\\partial|d)\s*" + _HAT + r"([A-Za-z]))")
#: A derivative in plain text: dC/dw, ∂C/∂W₁, dŷ/dz.
_TEXT_DERIVATIVE = re.compile(r"(?<![\w\\])([d∂])([A-Za-zŷ])[\w₀-₉]*\s*/\s*[d∂]([A-Za-zŷ])")
#: The parts a reader reads as prose, where a derivative is written as the page's math writes it.
_PROSE_PARTS = ("prose", "caption prose", "question text", "question answer", "question option", "question slip",
                "readout", "slider label", "demo alt")


def math_derivatives(math: str):
    """``(operator, of, with respect to)`` of every derivative in a math text, the operator ``d`` or
    ``∂`` and the letters bare (``\\hat y`` is ``y``).

    >>> math_derivatives(r"\\frac{\\partial C}{\\partial w_1} = \\frac{dC}{d\\hat y}\\,\\partial z / \\partial b")
    [('∂', 'C', 'w'), ('d', 'C', 'y'), ('∂', 'z', 'b')]
    """
    found = []
    for m in _MATH_DERIVATIVE.finditer(math):
        op, of, wrt = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        found.append(("d" if op == "d" else "∂", of, wrt))
    return found


def text_derivatives(text: str):
    """``(operator, of, with respect to)`` of every derivative in plain text.

    >>> text_derivatives("dC/dW₁ = δ xᵀ, and ∂ŷ/∂z")
    [('d', 'C', 'W'), ('∂', 'y', 'z')]
    """
    return [(op, "y" if of == "ŷ" else of, "y" if wrt == "ŷ" else wrt) for op, of, wrt in _TEXT_DERIVATIVE.findall(text)]


def derivative_forms(found):
    """A derivative in a page's prose (text, captions, the questions, the demos' words) written with
    ``d`` where the page's math writes the same derivative only with ``∂``, or the other way round,
    as ``Problem`` records: a page writes a derivative one way. ``found``: the book's texts (:func:`texts`)."""
    by_page = {}
    for page, cell, part, text in found:
        by_page.setdefault(page, []).append((cell, part, text))
    for page, parts in by_page.items():
        math = {}
        for _, part, text in parts:
            if part.endswith("math"):
                for op, of, wrt in math_derivatives(text):
                    math.setdefault((of, wrt), set()).add(op)
        for cell, part, text in parts:
            if part not in _PROSE_PARTS:
                continue
            for op, of, wrt in text_derivatives(text):
                ops = math.get((of, wrt), {op})
                if op not in ops:
                    written = next(iter(ops))
                    yield Problem(page, cell, part, f"{op}{of}/{op}{wrt}", text[:120].replace("\n", " "),
                                  f"the page's math writes this derivative {written}{of}/{written}{wrt}: write it so")


def check(registry: Registry | None = None, root: Path = ROOT):
    """Every problem: a symbol not registered, a symbol on a page its entry does not list, a forbidden form,
    a derivative written otherwise than the page's math writes it."""
    registry = registry or Registry.load(root / "book" / "notation.yml")
    found = list(texts(root))  # the book read once, for the three passes
    problems = [p for p in forbidden(found) if not registry.quoted(p.page, p.cell, [p.symbol])]
    problems += derivative_forms(found)
    for use in uses(found):
        if registry.quoted(use.page, use.cell, use.forms):
            continue
        entry = registry.entry(use.forms)
        if entry is None:
            problems.append(Problem(use.page, use.cell, use.part, use.forms[0], use.context,
                                    "not in the registry book/notation.yml: rename it to a registered symbol, "
                                    "or register it (its meaning, kind and pages)"))
            continue
        if use.index and entry["kind"] != "index" and not entry.get("runs"):
            problems.append(Problem(use.page, use.cell, use.part, use.forms[0], use.context,
                                    f"runs over a sum, product, maximum or minimum, so it is an index, but the "
                                    f"registry has {entry['latex']} = {entry['meaning'].strip()!r} ({entry['kind']}): "
                                    f"use an index letter (kind index in book/notation.yml; `runs: true` lets a "
                                    f"symbol name the objects a sum runs over)"))
            continue
        if use.script == "_" and entry.get("written") == "superscript":
            problems.append(Problem(use.page, use.cell, use.part, use.forms[0], use.context,
                                    f"is a subscript here, but {entry['latex']} = {entry['meaning'].strip()!r} is "
                                    f"written as a superscript: a subscript takes the index letter of what it "
                                    f"counts (j a neuron or class, k a neuron of the layer before)"))
            continue
        if use.page not in entry["pages"]:
            problems.append(Problem(use.page, use.cell, use.part, use.forms[0], use.context,
                                    f"registered as {entry['latex']} = {entry['meaning'].strip()!r} "
                                    f"({entry['kind']}; pages {_page_list(registry, entry['pages'])}), not for "
                                    f"this page: if it means that here, add {use.page!r} to its pages in "
                                    f"book/notation.yml, else write the registry's symbol for what it means"))
    unique = {}
    for problem in problems:  # one problem per cell, symbol and reason
        unique.setdefault((problem.page, problem.cell, problem.part, problem.symbol, problem.message), problem)
    return list(unique.values())
