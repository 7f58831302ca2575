"""The committed notebooks: stored in normalised form, within the size budget, glued numbers formatted.

These are the static halves of the numeric contract (CONTRIBUTING.md, "Stored outputs"); the
dynamic half is strict nbval under two numeric back-ends (``make nbval nbval-baseline``).
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
from bookext import stored

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
# Bytes, all committed notebooks together: the 2 MB. Figures are most of them, as palette
# PNGs that keep every plot colour (test_stored_figures_keep_every_plot_colour); fewer colours
# would merge curves (at 24, chapter 15's momentum and Adam), and resizing a palette figure
# doubles chapter 11's bytes. Plus 0.1 MB for the "check your understanding" questions (issue 30):
# about 2 kB each stored (the cell that computes the answer and slips, the question, its answer and
# values; the form is built by nblib-question.js), 3 to 6 per chapter. Plus 0.4 MB for the second
# edition of Parts IV-V and the decks (issues 24 and 28; 2.37 MB measured with them): chapter 15's
# new sections (gradient noise, the rotated bowl, Nesterov, decoupled decay, the Rosenbrock demo)
# +103 kB, chapters 12-14 +103 kB, the refresher's new sections +28 kB, the slide-only cells.
BUDGET = 2_500_000
GLUE_TEXT = "application/papermill.record/text/plain"
ROLE_WITH_SPEC = re.compile(r"\{glue:text\}`[^`:]+:[^`]+`")


def _read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 13


def test_all_notebooks_fit_the_budget():
    total = sum(p.stat().st_size for p in NOTEBOOKS)
    assert total <= BUDGET, f"the notebooks take {total / 1e6:.3f} MB, over {BUDGET / 1e6:.1f} MB: run `make execute`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_normalised(path):
    """What `make execute` stores: applying its normalisation again changes nothing."""
    nb = _read(path)
    again = copy.deepcopy(nb)
    stored.normalise(again, path.name, stored.sanitize_rules())
    assert again == nb, f"{path.name} is not stored as `make execute` stores it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glued_values_are_formatted_text_or_whole_numbers(path):
    """A glued float would store all 17 digits, whose last ones differ between machines."""
    for cell in _read(path).cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is None or GLUE_TEXT not in out.get("data", {}):
                continue
            if any(k.startswith("application/papermill.record/image/") for k in out["data"]):
                continue  # a glued figure
            value = ast.literal_eval(out["data"][GLUE_TEXT])
            assert isinstance(value, (str, int)) and not isinstance(value, bool), (
                f"{path.name}: glue {name!r} stores {value!r}; glue report.fmt(value, spec) instead")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_does_not_format_glued_values(path):
    """The precision is chosen once, in code, where nblib.report checks it."""
    for cell in _read(path).cells:
        if cell.cell_type == "markdown":
            assert not ROLE_WITH_SPEC.findall(cell.source), f"{path.name}: {ROLE_WITH_SPEC.findall(cell.source)}"


# ------------------------------------------------------------------ the normalisation itself
def _executed_notebook():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("display_data", data={
            "text/html": '<img src="data:image/png;base64,iVBORw0KGgo=">',
            "text/plain": "<demo>",
            stored.WIDGET_VIEW: {"model_id": "0123456789abcdef", "version_major": 2, "version_minor": 0},
        }),
    ]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    nb.cells.append(cell)
    nb.metadata["widgets"] = {"state": {}}
    return nb


def test_normalise_merges_streams_masks_frames_and_fixes_ids():
    nb = _executed_notebook()
    rules = [(re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+"), "data:image/png;base64,<PNG>")]
    stored.normalise(nb, "x.ipynb", rules)
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["stream", "display_data"]
    assert outputs[0].text == "a\nb\n"
    assert outputs[1].data["text/html"] == '<img src="data:image/png;base64,<PNG>">'
    model_id = outputs[1].data[stored.WIDGET_VIEW]["model_id"]
    assert model_id != "0123456789abcdef"
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[0].metadata
    other = _executed_notebook()
    stored.normalise(other, "x.ipynb", rules)
    assert other.cells[0].outputs[1].data[stored.WIDGET_VIEW]["model_id"] == model_id
    renamed = _executed_notebook()
    stored.normalise(renamed, "y.ipynb", rules)
    assert renamed.cells[0].outputs[1].data[stored.WIDGET_VIEW]["model_id"] != model_id


def test_sanitize_rules_are_read_in_file_order(tmp_path):
    cfg = tmp_path / "s.cfg"
    cfg.write_text("[b]\nregex: x+\nreplace: X\n[a]\nregex: X\nreplace: Y\n")
    rules = stored.sanitize_rules(cfg)
    assert [(r.pattern, s) for r, s in rules] == [("x+", "X"), ("X", "Y")]


def test_stored_figures_keep_every_plot_colour():
    """A thin coloured curve on many grey contour lines (chapter 15's Rosenbrock panels) keeps
    its colour in the stored palette figure: the palette is not spent on shades of grey alone."""
    import base64
    import io

    import matplotlib
    import numpy as np
    from PIL import Image

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nblib import surfaces
    from nblib.style import COLORS

    g1, g2 = np.meshgrid(np.linspace(-2, 2, 201), np.linspace(-1, 3, 201))
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.7), dpi=100)
    curves = [COLORS["error"], COLORS["model"], COLORS["class1"]]
    for ax, colour in zip(axes, curves):
        ax.contour(g1, g2, surfaces.rosenbrock(np.stack([g1, g2])), levels=np.geomspace(0.1, 2000, 14),
                   colors=COLORS["muted"], linewidths=0.6)
        ax.plot(np.linspace(-1.5, 1, 50), np.linspace(2, 1, 50) ** 2 - 0.5, color=colour, lw=1.2)
        ax.plot(1, 1, "*", color=COLORS["target"], ms=10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    kept = Image.open(io.BytesIO(base64.b64decode(stored._palette_png(base64.b64encode(buf.getvalue()).decode()))))
    assert kept.mode == "P" and len(kept.getcolors()) <= stored.PALETTE
    used = np.array([rgb for _, rgb in kept.convert("RGB").getcolors()], dtype=float)
    for colour in curves + [COLORS["target"]]:
        rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
        nearest = np.min(np.linalg.norm(used - rgb, axis=1))
        assert nearest < 24, f"{colour} became {nearest:.0f} RGB units away from any stored colour"
