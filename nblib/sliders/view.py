"""The :class:`View` a drawing function draws on: keyed matplotlib artists, created once, then moved.

The view knows the figure and its artists, which of them a frame used, and how to draw only those
on a cached background (blitting). It knows nothing of widgets, HTML or neural networks.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

__all__ = ["View"]


class View:
    """What a drawing function draws on: keyed artists that are created once, then updated.

    Each method takes a ``key``. The first call with a key creates the artist with the given
    style; later calls with the same key only move it (new data, and new colours where given).
    An artist whose key is not used in a frame is hidden in that frame, so a drawing function
    may draw something only under some condition.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    axes : tuple of matplotlib.axes.Axes
    ax : matplotlib.axes.Axes
        The first (often the only) axes.
    """

    def __init__(self, fig: Figure, axes):
        self.fig = fig
        self.axes = tuple(axes)
        self.ax = self.axes[0]
        self._artists: dict = {}
        self._seen: set = set()
        # the message box sits in the middle of the last axes' plotting area: at the middle of a
        # figure of two panels it covered the right panel's axis and its labels
        self._message = fig.text(
            0.5, 0.5, "", ha="center", va="center", fontsize="large", color="#B00020", zorder=100,
            bbox=dict(boxstyle="round,pad=0.6", fc="white", ec="#B00020", alpha=0.95), visible=False,
            animated=True, transform=self.axes[-1].transAxes,
        )
        self._background = None

    # -- bookkeeping ---------------------------------------------------------------------------
    def _begin(self):
        self._seen = set()
        self._message.set_visible(False)

    def _end(self):
        for key, artist in self._artists.items():
            artist.set_visible(key in self._seen)

    def _get(self, key, create):
        if not isinstance(key, str):
            raise TypeError(f"artist key must be a string, got {key!r}")
        self._seen.add(key)
        if key not in self._artists:
            artist = create()
            artist.set_animated(True)  # drawn by blitting on top of the cached background
            self._artists[key] = artist
            return artist, True
        return self._artists[key], False

    def keyed_artists(self) -> list:
        """Every artist that may change between frames, the message box included (the static
        renderer hides them to record the background)."""
        return [*self._artists.values(), self._message]

    def frame_artists(self) -> list:
        """The artists of the current frame, in the order they are drawn (by zorder, message last):
        what blitting draws live and what the static renderer records for each frame."""
        shown = sorted((a for a in self._artists.values() if a.get_visible()), key=lambda a: a.get_zorder())
        return shown + ([self._message] if self._message.get_visible() else [])

    def _blit(self):
        """Restore the background and draw this frame's artists on it (see :meth:`Demo.render`)."""
        self.fig.canvas.restore_region(self._background)
        for artist in self.frame_artists():
            self.fig.draw_artist(artist)

    def _axes(self, ax):
        if isinstance(ax, bool) or not isinstance(ax, int):
            if ax in self.axes:
                return ax
            raise TypeError(f"ax must be the number of an axes (0 to {len(self.axes) - 1}) or one of view.axes, got {ax!r}")
        if not -len(self.axes) <= ax < len(self.axes):
            raise ValueError(f"ax must be between 0 and {len(self.axes) - 1} (the demo has {len(self.axes)} axes), got {ax}")
        return self.axes[ax]

    # -- primitives ----------------------------------------------------------------------------
    def line(self, key, x, y, *, ax=0, **style):
        """A line through the points ``(x, y)``; ``style`` is passed to ``Axes.plot`` once."""
        artist, new = self._get(key, lambda: self._axes(ax).plot(x, y, **style)[0])
        if not new:
            artist.set_data(x, y)
        return artist

    def points(self, key, x, y, *, color=None, ax=0, **style):
        """Markers at ``(x, y)``; ``color`` (one colour or one per point) may change every frame."""
        x, y = np.ravel(x), np.ravel(y)
        if x.shape != y.shape:
            raise ValueError(f"points {key!r}: x and y must have as many values, got {x.size} and {y.size}")
        offsets = np.column_stack([x, y])
        kwargs = dict(style, zorder=style.get("zorder", 3))
        if color is not None:
            kwargs["c" if not isinstance(color, str) else "color"] = color
        artist, new = self._get(key, lambda: self._axes(ax).scatter(offsets[:, 0], offsets[:, 1], **kwargs))
        if not new:
            artist.set_offsets(offsets)
            if color is not None:
                artist.set_facecolor(color)
        return artist

    def text(self, key, x, y, s, *, ax=0, **style):
        """Text ``s`` at data position ``(x, y)``."""
        artist, new = self._get(key, lambda: self._axes(ax).text(x, y, s, **style))
        if not new:
            artist.set_position((x, y))
            artist.set_text(s)
        return artist

    def arrow(self, key, start, end, *, ax=0, **arrowprops):
        """An arrow from ``start`` to ``end`` (data coordinates)."""
        props = dict(arrowstyle="-|>", lw=2, mutation_scale=16) | arrowprops
        artist, new = self._get(
            key, lambda: self._axes(ax).annotate("", xy=tuple(end), xytext=tuple(start), arrowprops=props)
        )
        if not new:
            artist.xy = tuple(end)
            artist.set_position(tuple(start))
        return artist

    def polygon(self, key, xy, *, ax=0, **style):
        """A filled polygon with corners ``xy`` (shape (n, 2)), e.g. a shaded half-plane."""
        from matplotlib.patches import Polygon

        xy = np.asarray(xy, dtype=float)
        artist, new = self._get(key, lambda: self._axes(ax).add_patch(Polygon(xy, closed=True, **style)))
        if not new:
            artist.set_xy(xy)
        return artist

    def segments(self, key, segs, *, colors=None, linewidths=None, ax=0, **style):
        """Many line segments at once (e.g. the edges of a network diagram), shape (n, 2, 2)."""
        from matplotlib.collections import LineCollection

        shape = np.shape(segs)
        if np.size(segs) and (len(shape) != 3 or shape[1:] != (2, 2)):  # none at all is fine
            raise ValueError(f"segments {key!r}: segs must have shape (n, 2, 2), one pair of (x, y) "
                             f"points per segment, got shape {shape}")
        kwargs = dict(style)
        if colors is not None:
            kwargs["colors"] = colors
        if linewidths is not None:
            kwargs["linewidths"] = linewidths
        artist, new = self._get(key, lambda: self._axes(ax).add_collection(LineCollection(segs, **kwargs)))
        if not new:
            artist.set_segments(segs)
            if colors is not None:
                artist.set_color(colors)
            if linewidths is not None:
                artist.set_linewidth(linewidths)
        return artist

    def title(self, s, *, ax=0):
        """Set the title of an axes for this frame."""
        if not isinstance(s, str):
            raise TypeError(f"title must be a string, got {s!r}")
        axes = self._axes(ax)
        artist, new = self._get(f"title of axes {id(axes)}", lambda: axes.set_title(s))
        artist.set_text(s)
        return artist

    def message(self, s: str) -> None:
        """Show ``s`` in a box over the middle of the last axes for this frame, e.g. ``"diverged: η
        too large"`` (in a figure of several panels, over the plotting area of the last one)."""
        if not isinstance(s, str):
            raise TypeError(f"message must be a string, got {s!r}")
        self._message.set_text(s)
        self._message.set_visible(True)
