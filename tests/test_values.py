import pytest

from nianbao.ingest.textlayer import text_layer_problem
from nianbao.template import load_template, parse_template
from nianbao.values import CellReader


@pytest.mark.parametrize(
    "text, kind, value, unit",
    [
        ("12", "number", "12", ""),
        ("1,234", "number", "1234", ""),
        ("－18", "number", "-18", ""),
        ("１２", "number", "12", ""),
        ("129127.0135", "number", "129127.0135", ""),
        ("24252.311082", "number", "24252.311082", ""),
        ("3802895.90元", "number", "3802895.90", "元"),
        ("", "blank", "", ""),
        ("—", "blank", "", ""),
        ("行政许可", "text", "", ""),
        ("1 2", "text", "", ""),
        # as publishers print them (issue 15)
        ("447,228", "number", "447228", ""),
        ("1,234,567", "number", "1234567", ""),
        ("１,２３４", "number", "1234", ""),
        ("０", "number", "0", ""),
        ("251000元", "number", "251000", "元"),
        ("－", "blank", "", ""),
        ("-", "blank", "", ""),
        ("/", "blank", "", ""),
        ("无", "blank", "", ""),
        ("44,72,28", "text", "", ""),
        ("1,2345", "text", "", ""),
    ],
)
def test_printed_values_keep_their_digits(text, kind, value, unit):
    printed = load_template().reader.read(text)
    assert (printed.kind, printed.value, printed.unit) == (kind, value, unit)


def test_the_units_a_number_may_end_in_are_the_template_s():
    """A number ends in one of the template's units; without units, 12元 is text (flagged,
    never a number of a unit the template does not know). A header names the longest unit
    it holds, and an amount converts between two of them exactly by their powers of ten."""
    national = load_template().reader
    assert national.read("12元").kind == "number" and CellReader().read("12元").kind == "text"
    assert CellReader().read("12").value == "12"
    thousands = CellReader((("千元", 3), ("元", 0)))
    assert (thousands.read("12千元").value, thousands.read("12千元").unit) == ("12", "千元")
    assert national.read("12千元").kind == "text"
    assert national.named_in("本年收费金额（单位：万元）") == "万元" and national.named_in("金额") == ""
    assert national.shift("元", "万元") == -4 and thousands.shift("千元", "万元") is None
    assert parse_template('name = "x"\ntables = []\n[amounts]\nunits = { "千元" = 3 }').units == (("千元", 3),)
    with pytest.raises(ValueError, match="power of ten"):
        parse_template('name = "x"\ntables = []\n[amounts]\nunits = { "千元" = 3.5 }')


def test_text_layer_judgement():
    assert text_layer_problem(list("周口市人民政府2021年"), 0.15) is None
    assert "no text layer" in text_layer_problem([], 0.15)
    assert "(cid:N)" in text_layer_problem(["(cid:12)"] * 20 + ["a"], 0.15)
    assert "garbled" in text_layer_problem(list("\ue001\ue002\ue003abc"), 0.15)
    assert "garbled" in text_layer_problem(list("ÕþÎñ¹«¿ª"), 0.15)
