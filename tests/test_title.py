import pytest

from nianbao.layout.title import find_title


@pytest.mark.parametrize(
    "lines, body, year",
    [
        (["周口市人民政府2021年政府信息公开工作年度报告"], "周口市人民政府", 2021),
        (["某县教育局关于2022年政府信息公开工作的年度报告"], "某县教育局", 2022),
        (["鹿邑县人民政府", "2021年度政府信息公开工作年度报告"], "鹿邑县人民政府", 2021),
        (["某市财政局二〇二〇年政府信息公开工作年度报告"], "某市财政局", 2020),
        (["某市财政局政府信息公开工作年度报告（2021年度）"], "某市财政局", 2021),
        (["会议纪要", "关于加强管理的通知"], "", None),
        # regression: the second line alone once matched, with 关于 taken for the body
        (["平潭综合实验区管委会", "关于2023年政府信息公开工作的年度报告"], "平潭综合实验区管委会", 2023),
        (["一、总体情况", "川汇区人民政府2021年政府信息公开工作年度报告"], "川汇区人民政府", 2021),
        # the 告 alone on a line of its own, misread (gen81_024 of the seed-81 scans, tiny)
        (["平潭综合实验区管委会关于2024年政府信息公开工作的年度报", "牛", "口"], "平潭综合实验区管委会", 2024),
    ],
)
def test_body_and_year_from_title(lines, body, year):
    _, got_body, got_year = find_title(lines)
    assert (got_body, got_year) == (body, year)


def test_a_browsers_radical_code_point_reads_as_its_character():
    """Chromium printing with a font that maps 民 to the radical ⺠ (U+2EA0) wrote 人⺠政府
    into the text layer: the body name must still be 人民政府."""
    _, body, year = find_title(["鹿邑县人⺠政府2021年政府信息公开工作年度报告"])
    assert (body, year) == ("鹿邑县人民政府", 2021)


def test_a_title_whose_last_character_went_to_the_next_line_is_read_whole_when_it_can_be():
    title, _, _ = find_title(["平潭综合实验区管委会关于2024年政府信息公开工作的年度报", "告"])
    assert title.endswith("年度报告")
