"""MathML becomes text with <sub>/<sup>: the formula's structure survives a sanitiser that
allows no MathML."""

from __future__ import annotations

from readmode.extract import extract

PROSE = "".join(
    f"<p>Paragraph {n} of the paper, long enough to read as prose, with a comma, too.</p>"
    for n in range(8)
)


def _html(formula: str) -> str:
    page = f"<html><body><article><h1>A paper</h1>{PROSE}<p>Let {formula} hold.</p>{PROSE}"
    return extract(page + "</article></body></html>", "https://example.org/p").content_html


def test_scripts_become_sub_and_sup() -> None:
    html = _html(
        "<math><mrow><mi>z</mi><mo>∈</mo><msup><mi>ℝ</mi><mi>E</mi></msup></mrow></math>"
        " and <math><msubsup><mi>p</mi><mi>i</mi><mn>2</mn></msubsup></math>"
    )
    assert "z ∈ ℝ<sup>E</sup>" in html
    assert "p<sub>i</sub><sup>2</sup>" in html
    assert "<math" not in html
    assert "<mi" not in html


def test_fractions_roots_accents_and_displayed_formulas() -> None:
    html = _html(
        "<math display='block'><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi></mrow>"
        "<mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>"
        "<math><msqrt><mi>y</mi></msqrt><mover><mi>x</mi><mo>¯</mo></mover></math>"
    )
    assert "<div>x = (− b)/(2 a)</div>" in html
    assert "√(y) x\u0304" in html


def test_annotations_are_not_read_out() -> None:
    html = _html(
        "<math><semantics><mi>k</mi><annotation encoding='application/x-tex'>k</annotation>"
        "<annotation-xml><mi>secret</mi></annotation-xml></semantics></math>"
    )
    assert "secret" not in html
