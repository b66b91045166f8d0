"""The SKP form as an Excel workbook laid out like the official templates (seed 000 / 004).

One sheet with the same blocks as the PDF: title lines, instansi and periode, the two identity
blocks, the hasil kerja table (column headings and the "(1) (2) …" row on kuantitatif forms),
the seven perilaku aspects with their guides and the ekspektasi khusus pimpinan, the signature
blocks and the footnotes. The tables have different column boundaries (the identity halves, the
hasil kerja columns, the perilaku columns), so the sheet uses a grid of narrow columns made from
all boundaries together and every logical cell is a merged range on it, as the official templates
do. Text wraps; row heights are estimated from the text (Excel does not fit merged cells itself);
the print area, A4, landscape for kuantitatif, fit to one page wide and the hasil kerja heading
rows repeated on every printed page are set.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from .skp import RhkBaris, SkpForm

Span = tuple[int, int]  # first and last sheet column (1-based) of a logical column

SNAP = 2.0  # boundaries closer than this (Excel characters) share one sheet column edge
FONT = "Arial"
FONT_SIZE = 9
LINE_HEIGHT = 12.0  # points per wrapped line at FONT_SIZE
CHARS_PER_UNIT = 1.15  # characters of Arial 9 per unit of Excel column width

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")


def _cumulative(widths: Sequence[float]) -> list[float]:
    points = [0.0]
    for width in widths:
        points.append(points[-1] + width)
    return points


class Grid:
    """Sheet columns from the boundaries of several layouts of the same total width.

    The first layout's boundaries are kept exactly; any other boundary closer than `SNAP` to an
    existing one uses it, so no sliver columns appear.
    """

    def __init__(self, layouts: dict[str, Sequence[float]]) -> None:
        points: list[float] = []
        for widths in layouts.values():
            for x in _cumulative(widths):
                if all(abs(x - p) > SNAP for p in points):
                    points.append(x)
        self.points = sorted(points)
        self.spans = {name: self._spans(widths) for name, widths in layouts.items()}

    def _index(self, x: float) -> int:
        return min(range(len(self.points)), key=lambda i: abs(self.points[i] - x))

    def _spans(self, widths: Sequence[float]) -> list[Span]:
        cum = _cumulative(widths)
        return [(self._index(cum[i]) + 1, self._index(cum[i + 1])) for i in range(len(widths))]

    @property
    def widths(self) -> list[float]:
        return [b - a for a, b in zip(self.points, self.points[1:], strict=False)]

    @property
    def last(self) -> int:
        return len(self.points) - 1

    def width_of(self, span: Span) -> float:
        return sum(self.widths[span[0] - 1 : span[1]])


def lines_needed(text: str, width: float) -> int:
    per_line = max(1, int(width * CHARS_PER_UNIT))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n")) if text else 1


class SheetWriter:
    def __init__(self, ws: Worksheet, grid: Grid) -> None:
        self.ws = ws
        self.grid = grid
        self.row = 1
        self.lines: dict[int, int] = {}

    @property
    def full(self) -> Span:
        return (1, self.grid.last)

    def put(
        self,
        span: Span,
        value: str,
        *,
        row: int | None = None,
        rows: int = 1,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        border: bool = True,
        fill: PatternFill | None = None,
        horizontal: str = "left",
        size: int = FONT_SIZE,
    ) -> None:
        """Write `value` into the (merged) range of `span` × `rows` rows starting at `row`."""
        top = self.row if row is None else row
        bottom = top + rows - 1
        first, last = span
        if last > first or bottom > top:
            self.ws.merge_cells(start_row=top, start_column=first, end_row=bottom, end_column=last)
        for r in range(top, bottom + 1):
            for c in range(first, last + 1):
                cell = self.ws.cell(row=r, column=c)
                if border:
                    cell.border = BORDER
                if fill is not None:
                    cell.fill = fill
        cell = self.ws.cell(row=top, column=first, value=value or None)
        cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, underline="single" if underline else None)
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
        needed = lines_needed(value, self.grid.width_of(span))
        if rows == 1:
            self.lines[top] = max(self.lines.get(top, 1), needed)
        else:
            have = sum(self.lines.get(r, 1) for r in range(top, bottom + 1))
            if needed > have:
                self.lines[bottom] = self.lines.get(bottom, 1) + needed - have

    def next(self, count: int = 1) -> None:
        self.row += count

    def finish_heights(self) -> None:
        for row, lines in self.lines.items():
            self.ws.row_dimensions[row].height = lines * LINE_HEIGHT + 3


def _grid(form: SkpForm) -> Grid:
    total = float(form.lebar_total)
    kolom = [float(k.lebar) for k in form.kolom]
    # The two identity halves (and the signature halves) meet at the hasil kerja column edge
    # nearest the middle, so that no sliver columns appear; each half is NO, label, value.
    edges = _cumulative(kolom)[1:-1]
    split = min(edges, key=lambda x: abs(x - total / 2))
    if abs(split - total / 2) > total * 0.1:
        split = total / 2
    nomor, label = 5.0, max(18.0, round(total * 0.14))
    identitas = [nomor, label, split - nomor - label, nomor, label, total - split - nomor - label]
    layouts: dict[str, Sequence[float]] = {"hasil": kolom, "identitas": identitas, "ttd": [split, total - split]}
    if not form.is_kuantitatif:
        layouts["perilaku"] = [total * f for f in (0.05, 0.57, 0.38)]
    return Grid(layouts)


def _merge(spans: list[Span], first: int, last: int) -> Span:
    """One span covering logical columns first..last (0-based, inclusive)."""
    return (spans[first][0], spans[last][1])


def _title(w: SheetWriter, form: SkpForm) -> None:
    for line in form.judul:
        w.put(w.full, line, bold=True, border=False, horizontal="center", size=11)
        w.next()
    if form.draf:
        w.put(w.full, _("DRAF — BELUM DITETAPKAN"), bold=True, border=False, horizontal="center", size=11)
        w.next()
    w.next()
    kiri, kanan = w.grid.spans["ttd"]
    w.put(kiri, form.instansi, bold=True, border=False)
    w.put(kanan, form.periode, bold=True, border=False, horizontal="right")
    w.next()


def _identity(w: SheetWriter, form: SkpForm) -> None:
    s = w.grid.spans["identitas"]
    w.put(s[0], _("NO"), bold=True, fill=HEADING_FILL, horizontal="center")
    w.put(_merge(s, 1, 2), _("PEGAWAI YANG DINILAI"), bold=True, fill=HEADING_FILL, horizontal="center")
    w.put(s[3], _("NO"), bold=True, fill=HEADING_FILL, horizontal="center")
    w.put(_merge(s, 4, 5), _("PEJABAT PENILAI KINERJA"), bold=True, fill=HEADING_FILL, horizontal="center")
    w.next()
    nip_penilai = _("NIP (*opsional)") if form.nip_penilai_opsional else _("NIP")
    kanan_terakhir = (_("INSTANSI"), "instansi") if form.kolom_kanan == "instansi" else (_("UNIT KERJA"), "unit_kerja")
    rows = [
        ((_("NAMA"), "nama"), (_("NAMA"), "nama")),
        ((_("NIP"), "nip"), (nip_penilai, "nip")),
        ((_("PANGKAT/GOL. RUANG"), "pangkat_golongan"), (_("PANGKAT/GOL. RUANG"), "pangkat_golongan")),
        ((_("JABATAN"), "jabatan"), (_("JABATAN"), "jabatan")),
        ((_("UNIT KERJA"), "unit_kerja"), kanan_terakhir),
    ]
    for nomor, ((label_kiri, key_kiri), (label_kanan, key_kanan)) in enumerate(rows, start=1):
        w.put(s[0], str(nomor), horizontal="center")
        w.put(s[1], label_kiri)
        w.put(s[2], form.pegawai.get(key_kiri, ""))
        w.put(s[3], str(nomor), horizontal="center")
        w.put(s[4], label_kanan)
        w.put(s[5], form.penilai.get(key_kanan, ""))
        w.next()


def _bagian(w: SheetWriter, label: str) -> None:
    w.put(w.full, label, bold=True, fill=SECTION_FILL)
    w.next()


def _rhk_kualitatif(w: SheetWriter, form: SkpForm, rhk: RhkBaris) -> None:
    s = w.grid.spans["hasil"]
    parts = [rhk.teks]
    if rhk.penugasan:
        parts.append(rhk.penugasan)
    parts.append(form.label_ukuran)
    parts.extend(f"- {iki.ukuran}" for iki in rhk.iki)
    w.put(s[0], str(rhk.nomor), horizontal="center")
    w.put(s[1], "\n".join(parts))
    w.next()


def _rhk_kuantitatif(w: SheetWriter, form: SkpForm, rhk: RhkBaris) -> None:
    s = w.grid.spans["hasil"]
    top = w.row
    rows = rhk.rowspan
    jajf = form.has_intervensi
    rhk_text = "\n".join([rhk.teks, rhk.penugasan] if rhk.penugasan else [rhk.teks])
    for iki in rhk.iki_rows:
        if jajf:
            w.put(s[3], iki.aspek or "-")
            w.put(s[4], iki.teks or "-")
            w.put(s[5], iki.target or "-")
        else:
            w.put(s[2], iki.teks or "-")
            w.put(s[3], iki.target or "-")
            w.put(s[4], iki.perspektif or "-")
        w.next()
    w.put(s[0], str(rhk.nomor), row=top, rows=rows, horizontal="center")
    if jajf:
        intervensi = "\n".join([rhk.intervensi or "-", *(f"- {t}" for t in rhk.intervensi_iki)])
        w.put(s[1], intervensi, row=top, rows=rows)
        w.put(s[2], rhk_text, row=top, rows=rows)
    else:
        w.put(s[1], rhk_text, row=top, rows=rows)


def _hasil(w: SheetWriter, form: SkpForm) -> tuple[int, int]:
    """The hasil kerja table; returns the heading rows to repeat on every printed page."""
    s = w.grid.spans["hasil"]
    first = w.row
    w.put(w.full, form.judul_hasil, bold=True, fill=HEADING_FILL)
    w.next()
    if form.is_kuantitatif:
        for span, kolom in zip(s, form.kolom, strict=True):
            w.put(span, kolom.judul, bold=True, fill=HEADING_FILL, horizontal="center")
        w.next()
        for span, nomor in zip(s, form.nomor_kolom, strict=True):
            w.put(span, nomor, fill=SECTION_FILL, horizontal="center", size=8)
        w.next()
    heading = (first, w.row - 1)
    write = _rhk_kuantitatif if form.is_kuantitatif else _rhk_kualitatif
    for label, group, kosong in (
        (form.label_utama, form.utama, _("Belum ada rencana hasil kerja utama.")),
        (form.label_tambahan, form.tambahan, _("Tidak ada rencana hasil kerja tambahan.")),
    ):
        _bagian(w, label)
        if not group:
            w.put(s[0], "")
            w.put((s[1][0], s[-1][1]), kosong, italic=True)
            w.next()
        for rhk in group:
            write(w, form, rhk)
    return heading


def _perilaku(w: SheetWriter, form: SkpForm) -> None:
    w.put(w.full, form.judul_perilaku, bold=True, fill=HEADING_FILL)
    w.next()
    if form.is_kuantitatif:
        s = w.grid.spans["hasil"]
        panduan_span = _merge(s, 1, form.colspan_panduan)
        ekspektasi_span = _merge(s, form.colspan_panduan + 1, len(s) - 1)
        for baris in form.perilaku:
            w.put(s[0], str(baris.nomor), rows=2, horizontal="center")
            w.put(_merge(s, 1, len(s) - 1), baris.nama, bold=True)
            w.next()
            w.put(panduan_span, "\n".join(f"- {t}" for t in baris.panduan))
            w.put(ekspektasi_span, f"{form.label_ekspektasi} {baris.ekspektasi}".strip())
            w.next()
        return
    s = w.grid.spans["perilaku"]
    for baris in form.perilaku:
        w.put(s[0], str(baris.nomor), horizontal="center")
        w.put(s[1], "\n".join([baris.nama, *(f"- {t}" for t in baris.panduan)]))
        w.put(s[2], f"{form.label_ekspektasi} {baris.ekspektasi}".strip())
        w.next()


def _signatures(w: SheetWriter, form: SkpForm) -> None:
    kiri, kanan = w.grid.spans["ttd"]
    w.next()
    tempat = f"{form.tempat}, {form.tanggal}" if form.tempat else form.tanggal
    lines = [
        ("", tempat, False, False),
        (form.ttd_kiri.jabatan_ttd, form.ttd_kanan.jabatan_ttd, False, False),
        ("", "", False, False),
        ("", "", False, False),
        ("", "", False, False),
        (form.ttd_kiri.nama, form.ttd_kanan.nama, True, True),
        (
            f"NIP {form.ttd_kiri.nip}" if form.ttd_kiri.nip else "",
            f"NIP {form.ttd_kanan.nip}" if form.ttd_kanan.nip else "",
            False,
            False,
        ),
    ]
    for left, right, bold, underline in lines:
        w.put(kiri, left, border=False, horizontal="center", bold=bold, underline=underline)
        w.put(kanan, right, border=False, horizontal="center", bold=bold, underline=underline)
        w.next()


def write_workbook(form: SkpForm) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "SKP"
    wb.properties.title = " ".join(form.judul)
    wb.properties.creator = "Kinerja ASN"
    grid = _grid(form)
    for index, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width, 2)
    w = SheetWriter(ws, grid)
    _title(w, form)
    w.next()
    _identity(w, form)
    w.next()
    heading = _hasil(w, form)
    w.next()
    _perilaku(w, form)
    _signatures(w, form)
    w.next()
    for catatan in form.catatan_kaki:
        w.put(w.full, catatan, border=False, size=8)
        w.next()
    w.finish_heights()

    last_row = w.row - 1
    ws.print_area = f"A1:{get_column_letter(grid.last)}{last_row}"
    ws.print_title_rows = f"{heading[0]}:{heading[1]}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if form.landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    footer = HeaderFooterItem()
    footer.right.text = "Halaman &P dari &N"
    footer.left.text = f"SKP {form.nip}" + (" · DRAF" if form.draf else "")
    ws.oddFooter = footer
    ws.sheet_view.showGridLines = False

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
