"""Links of one page of the built book, made to work from another page (the answer key, a deck)."""

from __future__ import annotations

import posixpath
import re

from sphinx.util.osutil import relative_uri

_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/")  # a scheme (https:, mailto:, data:) or a root path


def rebase(url: str, page: str, to: str) -> str:
    """``url``, written on the page at ``page`` (a URI inside the book, such as
    ``book/01_predictor.html``), as it must read on the page at ``to``; an absolute URL or an
    empty one is returned as it is.

    >>> rebase("../_images/fig.png", "book/01_predictor.html", "slides/01_predictor.html")
    '../_images/fig.png'
    >>> rebase("#eq-1", "book/01_predictor.html", "book/answer_key.html")
    '01_predictor.html#eq-1'
    """
    if not url or _ABSOLUTE.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return relative_uri(to, target) + hash_ + fragment
