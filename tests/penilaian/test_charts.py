"""The pola distribusi SVG (SPEC §6.3): valid, self-contained, accessible, proportional."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from penilaian.charts import PLOT_BOTTOM, PLOT_HEIGHT, pola_distribusi_svg
from penilaian.rules import KURVA_PEDOMAN, PREDIKAT_ORDER

NS = {"svg": "http://www.w3.org/2000/svg"}
ORDER = [str(p) for p in PREDIKAT_ORDER]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own markup, parsed to prove it is well-formed XML


def bars(root: ET.Element, cls: str = "bar") -> dict[str, ET.Element]:
    return {r.get("data-predikat", ""): r for r in root.iter(f"{{{NS['svg']}}}rect") if r.get("class") == cls}


def texts(root: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{{{NS['svg']}}}text") if t.get("class") == cls]


@pytest.mark.parametrize("capaian", list(KURVA_PEDOMAN))
def test_each_capaian_draws_a_valid_accessible_chart_with_its_curve(capaian: str) -> None:
    svg = pola_distribusi_svg(capaian=capaian, counts={"sangat_baik": 1, "baik": 2, "kurang": 1})
    root = parse(svg)
    assert root.get("viewBox") == "0 0 640 320"
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "capaian kinerja organisasi" in (title.text or "")
    # The curve: one point per predikat, labelled with the guideline percent, best first.
    points = [c for c in root.iter(f"{{{NS['svg']}}}circle") if c.get("class") == "titik-kurva"]
    assert len(points) == 5
    assert texts(root, "label-kurva") == [f"{KURVA_PEDOMAN[capaian][p]}%" for p in ORDER]
    xs = [float(c.get("cx", 0)) for c in points]
    assert xs == sorted(xs)
    polyline = root.find("svg:polyline", NS)
    assert polyline is not None and len((polyline.get("points") or "").split()) == 5
    # Bars with percent and count labels.
    assert texts(root, "label-bar") == ["25% (1)", "50% (2)", "0% (0)", "25% (1)", "0% (0)"]
    # Self-contained: no script, no external reference, no CSS.
    for banned in ("<script", "href", "@import", "<style", "url("):
        assert banned not in svg


def test_bar_heights_are_proportional_to_the_share() -> None:
    root = parse(pola_distribusi_svg(capaian="baik", counts={"sangat_baik": 1, "baik": 3, "butuh_perbaikan": 4}))
    found = bars(root)
    heights = {p: float(found[p].get("height", 0)) for p in ORDER}
    assert heights["butuh_perbaikan"] == pytest.approx(PLOT_HEIGHT * 0.5)
    assert heights["baik"] == pytest.approx(PLOT_HEIGHT * 0.375)
    assert heights["sangat_baik"] == pytest.approx(PLOT_HEIGHT * 0.125)
    assert heights["kurang"] == 0 and heights["sangat_kurang"] == 0
    for p in ORDER:  # every bar stands on the axis
        assert float(found[p].get("y", 0)) + heights[p] == pytest.approx(PLOT_BOTTOM)


def test_zero_counts_draw_empty_bars_and_say_so() -> None:
    svg = pola_distribusi_svg(capaian="istimewa", counts={})
    root = parse(svg)
    assert all(float(r.get("height", 1)) == 0 for r in bars(root).values())
    assert texts(root, "label-bar") == ["0% (0)"] * 5
    assert "Belum ada evaluasi dengan predikat." in svg
    assert root.get("data-total") == "0"


def test_drafts_are_stacked_above_the_given_ones() -> None:
    root = parse(pola_distribusi_svg(capaian="baik", counts={"baik": 2}, draf={"baik": 1, "kurang": 1}))
    given, drafts = bars(root), bars(root, "bar-draf")
    assert set(drafts) == {"baik", "kurang"}
    assert float(given["baik"].get("height", 0)) == pytest.approx(PLOT_HEIGHT * 0.5)
    assert float(drafts["baik"].get("height", 0)) == pytest.approx(PLOT_HEIGHT * 0.25)
    assert float(drafts["baik"].get("y", 0)) + float(drafts["baik"].get("height", 0)) == pytest.approx(
        float(given["baik"].get("y", 0))
    )
    assert texts(root, "label-bar")[1] == "75% (3)"


def test_without_capaian_there_is_no_curve() -> None:
    root = parse(pola_distribusi_svg(capaian=None, counts={"baik": 1}))
    assert root.find("svg:polyline", NS) is None
    assert "belum ditetapkan" in (root.findtext("svg:title", namespaces=NS) or "")


def test_text_is_escaped_and_ids_can_be_prefixed() -> None:
    svg = pola_distribusi_svg(capaian="baik", counts={"baik": 1}, kurva={"baik": 100}, ident="unit-7")
    root = parse(svg)
    assert root.find("svg:title", NS).get("id") == "unit-7-title"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        pola_distribusi_svg(capaian='"><script>', counts={})


def test_guideline_only_chart_has_the_curve_and_no_counts() -> None:
    svg = pola_distribusi_svg(capaian="baik", counts={"baik": 3, "kurang": 1}, hanya_pedoman=True)
    ET.fromstring(svg)  # noqa: S314 — our own markup, parsed to prove it is well-formed XML
    assert 'class="kurva"' in svg and 'class="bar"' not in svg
    assert "pegawai (" not in svg and "Distribusi unit" not in svg
