"""PARSE005 reads every field that may hold a cell, in field order, and skips only plain ones."""

from __future__ import annotations

from conftest import seed_form

from linter.parse.nodes import Span, Text
from linter.parse.values import make_value
from linter.readers._formula import check_formulas


def _span(line: int) -> Span:
    return Span(line, 2, line, 12, f"项目1!B{line}")


def test_formulas_in_every_kind_of_cell_are_found_in_field_order():
    form = seed_form("001", 2)
    first, second, *rest = form.indicators
    funds = form.funds
    assert funds is not None
    form = form._replace(
        title=Text("=A1&B1", _span(1)),
        funds=funds._replace(
            items=(
                funds.items[0]._replace(amount=make_value("=SUM(C5:C7)", _span(2))),
                *funds.items[1:],
            ),
        ),
        goals=form.goals._replace(annual=Text("='项目 1'!B2", _span(3))),
        indicators=(
            first._replace(target=make_value("=100.00(%)", _span(4))),
            second._replace(
                actual=make_value("=D5+D6", _span(5)),
                note=Text("=Sheet1!C3", _span(6)),
            ),
            *rest,
        ),
        notes=(Text("= $C$5*0.3", _span(7)),),
    )
    found = [(f.span.line, f.key) for f in check_formulas(form, {})]
    assert found == [
        (1, "=A1&B1"),
        (2, "=SUM(C5:C7)"),
        (3, "='项目 1'!B2"),
        (5, "=D5+D6"),
        (6, "=Sheet1!C3"),
        (7, "= $C$5*0.3"),
    ]  # =100.00(%) is a target as typed, not a formula


def test_a_cell_reported_twice_at_one_position_is_one_finding():
    form = seed_form("001", 2)
    cell = Text("=SUM(C5:C7)", _span(9))
    form = form._replace(goals=form.goals._replace(annual=cell, total=cell))
    assert [f.span.line for f in check_formulas(form, {})] == [9]
