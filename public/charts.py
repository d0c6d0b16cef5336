"""The dossier's chart of meetings per year, drawn on the server as SVG.

Only geometry is computed here; ``templates/people/includes/year_chart.svg.html`` draws it
with presentation attributes and classes of the site's stylesheet (no inline style or
script under the Content-Security-Policy). The numbers are those of the table beside it.
"""

from releases.dossier import DIRECTIONS

LEFT, BOTTOM, TOP = 36, 24, 18  # margins for the axis labels
PLOT_HEIGHT = 160
BAR, GAP = 28, 12  # a year's bar and the space between two


def _ticks(most):
    """Round values for the vertical axis, from 0 to at least ``most``."""
    step = 1
    while most / step > 5:
        for factor in (2, 5, 10):
            if most / (step * factor) <= 5:
                step *= factor
                break
        else:
            step *= 10
    top = -(-most // step) * step if most else 1
    return list(range(0, top + 1, step or 1)), top


def year_chart(dossier):
    """The bars of ``dossier.years``, each a stack of its directions' segments, with the
    axis: a dict the template draws, or None when there is no meeting."""
    if not dossier.years:
        return None
    ticks, top = _ticks(dossier.most_in_a_year)
    scale = PLOT_HEIGHT / top
    base = TOP + PLOT_HEIGHT
    bars = []
    for i, year in enumerate(dossier.years):
        x = LEFT + GAP + i * (BAR + GAP)
        y, segments = base, []
        for key in DIRECTIONS:
            n = year.counts[key]
            if not n:
                continue
            height = n * scale
            y -= height
            segments.append(
                {
                    "key": key,
                    "label": dossier.label(key),
                    "count": n,
                    "y": round(y, 2),
                    "height": round(height, 2),
                }
            )
        bars.append(
            {
                "year": year.year,
                "total": year.total,
                "x": x,
                "middle": x + BAR / 2,
                "value_y": round(y - 4, 2),
                "segments": segments,
            }
        )
    width = LEFT + GAP + len(bars) * (BAR + GAP)
    return {
        "width": width,
        "height": base + BOTTOM,
        "bar_width": BAR,
        "base": base,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "label_y": base + 16,
        "ticks": [{"value": t, "y": round(base - t * scale, 2)} for t in ticks],
        "bars": bars,
        "legend": [{"key": key, "label": dossier.label(key)} for key in DIRECTIONS],
    }
