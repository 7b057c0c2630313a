import pytest

from nianbao.ingest.textlayer import text_layer_problem
from nianbao.values import read_printed


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
    printed = read_printed(text)
    assert (printed.kind, printed.value, printed.unit) == (kind, value, unit)


def test_text_layer_judgement():
    assert text_layer_problem(list("周口市人民政府2021年"), 0.15) is None
    assert "no text layer" in text_layer_problem([], 0.15)
    assert "(cid:N)" in text_layer_problem(["(cid:12)"] * 20 + ["a"], 0.15)
    assert "garbled" in text_layer_problem(list("\ue001\ue002\ue003abc"), 0.15)
    assert "garbled" in text_layer_problem(list("ÕþÎñ¹«¿ª"), 0.15)
