"""Server-side SVG charts (SPEC §6.3): the pola distribusi of a unit beside the guideline curve.

Plain SVG shapes and text only (no script, no CSS, no external font or image), so the same markup
renders in a browser and in WeasyPrint for the printed forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from .models import CapaianOrganisasi, Predikat
from .rules import KURVA_PEDOMAN, PREDIKAT_ORDER, persen_dari

WIDTH = 640
HEIGHT = 320
PLOT_LEFT = 56
PLOT_RIGHT = 624
PLOT_TOP = 64
PLOT_BOTTOM = 250
PLOT_HEIGHT = PLOT_BOTTOM - PLOT_TOP
GROUP_WIDTH = (PLOT_RIGHT - PLOT_LEFT) / len(PREDIKAT_ORDER)
BAR_WIDTH = 40

INK = "#1d2733"
MUTED = "#5f6b7a"
GRID = "#dde3ea"
BAR = "#0b5394"
BAR_DRAFT = "#9dbfe3"
CURVE = "#c2410c"
FONT = "DejaVu Sans, Arial, sans-serif"


def _fmt(value: Decimal | int) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def _y(percent: Decimal | int) -> float:
    return round(PLOT_BOTTOM - float(percent) / 100 * PLOT_HEIGHT, 2)


def _text(
    x: float, y: float, content: str, *, size: int = 11, fill: str = INK, anchor: str = "middle", **attrs: str
) -> str:
    extra = "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return (
        f'<text x="{x:g}" y="{y:g}" font-family={quoteattr(FONT)} font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{extra}>{escape(content)}</text>'
    )


def pola_distribusi_svg(
    *,
    capaian: str | None,
    counts: Mapping[str, int],
    kurva: Mapping[str, int] | None = None,
    draf: Mapping[str, int] | None = None,
    ident: str = "pola-distribusi",
    hanya_pedoman: bool = False,
) -> str:
    """The unit's distribution of predikat (bars: percent and count; drafts stacked in a lighter
    colour when given) next to the guideline curve of its capaian kinerja organisasi (line and
    points, percent per predikat), best predikat first, with a legend.

    `capaian` None (not set yet) draws the bars without a curve. `ident` prefixes the ids of the
    title and description, so several charts may share a page. `hanya_pedoman` draws the curve
    alone (for the evaluated pegawai, who must not learn colleagues' predikat).
    """
    if kurva is None and capaian:
        kurva = KURVA_PEDOMAN[CapaianOrganisasi(capaian)]
    draf = draf or {}
    given = {str(p): max(0, int(counts.get(p, 0))) for p in PREDIKAT_ORDER}
    drafts = {str(p): max(0, int(draf.get(p, 0))) for p in PREDIKAT_ORDER}
    total = sum(given.values()) + sum(drafts.values())
    capaian_label = str(CapaianOrganisasi(capaian).label) if capaian else ""

    title = (
        _("Pola distribusi predikat kinerja pegawai, capaian kinerja organisasi %(capaian)s")
        % {"capaian": capaian_label}
        if capaian
        else _("Distribusi predikat kinerja pegawai (capaian kinerja organisasi belum ditetapkan)")
    )
    parts_desc = []
    for p in PREDIKAT_ORDER:
        n = given[p] + drafts[p]
        if hanya_pedoman:
            item = str(Predikat(p).label)
        else:
            item = _("%(predikat)s: %(jumlah)d pegawai (%(persen)s%%)") % {
                "predikat": Predikat(p).label,
                "jumlah": n,
                "persen": _fmt(persen_dari(n, total)),
            }
        if kurva is not None:
            item += ", " + _("pedoman %(persen)s%%") % {"persen": kurva.get(p, 0)}
        parts_desc.append(item)
    desc = "; ".join(parts_desc) + "."
    if total == 0 and not hanya_pedoman:
        desc = _("Belum ada evaluasi dengan predikat.") + " " + desc

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="pola-distribusi" '
        f'data-capaian={quoteattr(capaian or "")} data-total="{total}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(WIDTH / 2, 20, title, size=13, font_weight="bold"),
    ]
    # Legend.
    legend_y = 40
    x_legend = PLOT_LEFT
    if not hanya_pedoman:
        out.append(f'<rect x="{PLOT_LEFT}" y="{legend_y - 9}" width="14" height="10" fill="{BAR}"/>')
        out.append(
            _text(
                PLOT_LEFT + 20,
                legend_y,
                _("Distribusi unit (%(n)d pegawai)") % {"n": total},
                size=11,
                anchor="start",
            )
        )
        x_legend = PLOT_LEFT + 210
    if any(drafts.values()):
        out.append(f'<rect x="{x_legend}" y="{legend_y - 9}" width="14" height="10" fill="{BAR_DRAFT}"/>')
        out.append(_text(x_legend + 20, legend_y, _("termasuk draf"), size=11, anchor="start"))
        x_legend += 120
    if kurva is not None:
        out.append(
            f'<line x1="{x_legend}" y1="{legend_y - 4}" x2="{x_legend + 22}" y2="{legend_y - 4}" '
            f'stroke="{CURVE}" stroke-width="2"/>'
        )
        out.append(f'<circle cx="{x_legend + 11}" cy="{legend_y - 4}" r="3.5" fill="{CURVE}"/>')
        out.append(_text(x_legend + 28, legend_y, _("Kurva pedoman"), size=11, anchor="start"))

    # Grid and axis.
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        out.append(f'<line x1="{PLOT_LEFT}" y1="{y:g}" x2="{PLOT_RIGHT}" y2="{y:g}" stroke="{GRID}" stroke-width="1"/>')
        out.append(_text(PLOT_LEFT - 6, y + 4, f"{tick}%", size=10, fill=MUTED, anchor="end"))
    out.append(
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}" stroke="{INK}" stroke-width="1"/>'
    )

    points: list[tuple[float, float, int]] = []
    for i, p in enumerate(PREDIKAT_ORDER):
        center = PLOT_LEFT + GROUP_WIDTH * (i + 0.5)
        bar_x = center - BAR_WIDTH - 2
        n_given, n_draft = given[p], drafts[p]
        persen_given, persen_all = persen_dari(n_given, total), persen_dari(n_given + n_draft, total)
        y_given, y_all = _y(persen_given), _y(persen_all)
        if hanya_pedoman:
            out.append(_text(center, PLOT_BOTTOM + 18, str(Predikat(p).label), size=11))
            if kurva is not None:
                value = int(kurva.get(p, 0))
                points.append((center, _y(value), value))
            continue
        out.append(
            f'<rect class="bar" data-predikat="{p}" data-persen="{persen_given}" x="{bar_x:g}" y="{y_given:g}" '
            f'width="{BAR_WIDTH}" height="{PLOT_BOTTOM - y_given:g}" fill="{BAR}"/>'
        )
        if n_draft:
            out.append(
                f'<rect class="bar-draf" data-predikat="{p}" x="{bar_x:g}" y="{y_all:g}" '
                f'width="{BAR_WIDTH}" height="{y_given - y_all:g}" fill="{BAR_DRAFT}"/>'
            )
        out.append(
            _text(
                bar_x + BAR_WIDTH / 2,
                y_all - 5,
                f"{_fmt(persen_all)}% ({n_given + n_draft})",
                size=10,
                class_="label-bar",
            )
        )
        if kurva is not None:
            value = int(kurva.get(p, 0))
            points.append((center + 22, _y(value), value))
        out.append(_text(center, PLOT_BOTTOM + 18, str(Predikat(p).label), size=11))
    if points:
        path = " ".join(f"{x:g},{y:g}" for x, y, _v in points)
        out.append(f'<polyline class="kurva" points="{path}" fill="none" stroke="{CURVE}" stroke-width="2"/>')
        for x, y, value in points:
            out.append(f'<circle class="titik-kurva" cx="{x:g}" cy="{y:g}" r="4" fill="{CURVE}"/>')
            out.append(_text(x, y - 8, f"{value}%", size=10, fill=CURVE, class_="label-kurva"))
    if total == 0 and kurva is None:
        out.append(_text(WIDTH / 2, PLOT_TOP + PLOT_HEIGHT / 2, _("Belum ada evaluasi dengan predikat."), fill=MUTED))
    out.append(
        _text(
            WIDTH / 2,
            HEIGHT - 22,
            _("Pola distribusi adalah pedoman, bukan distribusi paksa (SE MenPANRB No. 3 Tahun 2023)."),
            size=10,
            fill=MUTED,
        )
    )
    out.append("</svg>")
    return "\n".join(out)
