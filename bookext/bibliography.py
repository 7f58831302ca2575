"""Sphinx extension: the book's citation styles (sphinxcontrib-bibtex).

``_config.yml`` names the bibliography (``bibtex_bibfiles: [book/references.bib]``) and the two
styles this module registers:

* ``bibtex_reference_style: book`` -- how a citation reads in the text, author and year:
  ``{cite:t}`rashid2016``` reads "Rashid (2016)", ``{cite:p}`rashid2016``` (and ``{cite}``)
  reads "(Rashid, 2016)"; two keys read "(Rashid, 2016; Nielsen, 2015)"; three authors or more
  read "Rumelhart *et al.*";
* ``bibtex_default_style: book`` -- how the references page lists an entry: pybtex's ``plain``
  style (sorted by author, year and title, with its DOI or URL), labelled by author and year
  ("Rashid 2016") rather than by number, so that the list reads like the citations.

``book/references.md`` lists every entry (``:all:``), so an entry that no page cites yet gives no
warning; a key that is not in ``references.bib`` fails the ``-W`` build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

STYLE = "book"


@dataclass
class ReferenceStyle(AuthorYearReferenceStyle):
    """Author and year in round brackets: "Rashid (2016)", "(Rashid, 2016; Nielsen, 2015)"."""

    bracket_parenthetical: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")", sep="; "))
    bracket_textual: BracketStyle = field(default_factory=lambda: BracketStyle(
        left="(", right=")", sep=", ", sep2=" and ", last_sep=", and "))
    bracket_author: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_label: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_year: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))


def authors_and_year(entry) -> str:
    """An entry's label: "Rashid 2016", "Glorot and Bengio 2010", "Rumelhart et al. 1986"."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.rich_last_names[i].render_as("text") for i in range(len(p.rich_last_names))) for p in persons]
    names = last[0] if len(last) == 1 else " and ".join(last) if len(last) == 2 else f"{last[0]} et al."
    return f"{names} {entry.fields.get('year', '')}".strip()


class LabelStyle(BaseLabelStyle):
    """Labels by author and year, as the citations read."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield authors_and_year(entry)


class FormattingStyle(PlainStyle):
    """pybtex's ``plain`` style with labels by author and year."""

    default_label_style = STYLE


def register() -> None:
    """Make the styles known to pybtex and sphinxcontrib-bibtex (before the builder starts)."""
    pybtex.plugin.register_plugin("pybtex.style.labels", STYLE, LabelStyle, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, FormattingStyle, force=True)
    register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE, ReferenceStyle, force=True)


def setup(app):
    register()
    app.setup_extension("sphinxcontrib.bibtex")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
