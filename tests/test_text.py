"""text.py: decoding any Chinese charset, the normal form, HTML to text, publication dates, sentences."""
from __future__ import annotations

import time

import pytest

from projectradar.errors import InputError
from projectradar.text import (date_from_html_meta, date_from_text, decode, html_to_text,
                               normalize, sentences, strip_tags, to_simplified)

PARAGRAPH = "今天上午，东营港经济开发区举行重点项目集中签约仪式，共签约项目十五个，总投资一百二十亿元。"


@pytest.mark.parametrize("codec", ["gbk", "gb2312", "gb18030", "utf-8", "utf-16"])
def test_decode_every_chinese_charset(codec):
    assert decode(PARAGRAPH.encode(codec), where="x.html") == PARAGRAPH


def test_decode_short_gbk_is_not_misread():
    assert decode("临沂".encode("gbk"), where="x.txt") == "临沂"


def test_decode_big5_traditional_page():
    text = "高雄港區今天舉行招商簽約儀式，共有十二家企業簽署投資協議，總金額超過新台幣三百億元。" * 3
    assert decode(text.encode("big5"), where="x.html") == text


def test_decode_honours_declared_and_meta_charset():
    page = '<html><head><meta charset="gb2312"></head><body>菏泽项目</body></html>'
    assert "菏泽项目" in decode(page.encode("gb2312"), where="x.html")
    assert decode("潍坊".encode("gbk"), where="r", declared="GBK") == "潍坊"


def test_decode_bom():
    assert decode("\ufeff滨州".encode("utf-8"), where="x") == "滨州"


def test_decode_binary_is_an_input_error():
    with pytest.raises(InputError) as err:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), where="logo.txt")
    assert str(err.value).startswith("logo.txt: binary")


def test_normalize_full_width_to_half_width_keeping_chinese_punctuation():
    got = normalize("签约项目２３个，总投资１２．５亿元！（含外资）；增长１０％。“项目为王”、《规划》【要闻】——")
    assert got == "签约项目23个,总投资12.5亿元!(含外资);增长10%。“项目为王”、《规划》【要闻】——"


def test_normalize_traditional_to_simplified():
    assert normalize("臺州市重點項目集中開工，總投資達八十億元") == "台州市重点项目集中开工,总投资达八十亿元"


def test_normalize_removes_pinyin_residue():
    text = "把握關鍵節(jié)點,加快建設（shè）進度,現 (xiàn)場簽約"
    assert normalize(text) == "把握关键节点,加快建设进度,现场签约"


def test_normalize_drops_a_lost_character_with_its_residue():
    # the character became ? and its opening bracket went with it: the ? must not end the sentence
    assert normalize("市長帶隊赴杭州?jiē)洽談合作,。") == "市长带队赴杭州洽谈合作,。"
    assert normalize("这是问题?请回答(好)") == "这是问题?请回答(好)"


def test_normalize_keeps_parenthesised_text_that_is_not_pinyin():
    assert normalize("项目(a)和项目(b),总投资(含税)5亿元") == "项目(a)和项目(b),总投资(含税)5亿元"
    assert normalize("Apple(apple)公司") == "Apple(apple)公司"


def test_normalize_whitespace_one_paragraph_a_line():
    assert normalize("  第一段\u3000\u3000内容 \r\n\r\n\n\t第二段\u200b \r第三段  ") == "第一段 内容\n第二段\n第三段"


def test_normalize_is_idempotent():
    once = normalize("節(jié)點：２０２４年，開工")
    assert normalize(once) == once


def test_simplified_text_skips_opencc_quickly():
    text = PARAGRAPH * 2000  # ~90k characters of simplified text
    start = time.perf_counter()
    for _ in range(20):
        to_simplified(text)
    assert time.perf_counter() - start < 0.5
    assert to_simplified(text) is text


def test_strip_tags_paragraphs_and_entities():
    got = strip_tags("<p><strong>本台消息</strong>：今天&nbsp;签约&amp;开工<br></p><p>第二段</p><script>x()</script>")
    assert [line for line in got.split("\n") if line] == ["本台消息：今天\xa0签约&开工", "第二段"]


def test_html_to_text_keeps_paragraphs():
    html = ("<html><body><nav>首页 | 新闻</nav><article><h2>开工现场</h2><p>第一段:十个项目今天开工,总投资三十亿元。</p>"
            "<p>第二段:项目涉及新能源和新材料,预计明年全部投产。</p></article><footer>版权所有</footer></body></html>")
    lines = normalize(html_to_text(html)).split("\n")
    assert "第一段:十个项目今天开工,总投资三十亿元。" in lines
    assert "第二段:项目涉及新能源和新材料,预计明年全部投产。" in lines


def test_date_from_byline_text_but_never_a_bare_year():
    assert date_from_text("发布时间:2024年3月2日 10:05 来源:某某网") == "2024-03-02"
    assert date_from_text("2023/7/9 08:00") == "2023-07-09"
    assert date_from_text("2023年以来,该市累计签约") is None
    assert date_from_text("3月2日上午") is None


def test_date_from_html_meta():
    html = '<head><meta property="article:published_time" content="2024-05-20T09:12:00+08:00"></head>'
    assert date_from_html_meta(html) == "2024-05-20"
    assert date_from_html_meta("<head><title>2021年回顾</title></head><p>2019年</p>") is None


def test_sentences_spans():
    text = "第一句。第二句!“引语。”\n第三句;尾巴"
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["第一句。", "第二句!", "“引语。”", "第三句;", "尾巴"]
    assert sentences("") == []


def test_html_data_table_one_row_a_line():
    html = ("<html><body><article><p>全省一季度重大项目集中开工,各市情况如下,这次开工的项目数量多、投资大、质量好。</p>"
            "<table><tr><th>城市</th><th>开工项目</th><th>总投资</th></tr><tr><td>甲市</td><td>37个</td><td>210亿元</td></tr>"
            "<tr><td>乙市</td><td>67个</td><td>305亿元</td></tr></table><p>各地将加快推进项目建设,确保早日见效。</p></article>"
            "<nav><a href='/'>首页</a></nav></body></html>")
    lines = normalize(html_to_text(html)).split("\n")
    assert "甲市 | 37个 | 210亿元" in lines and "乙市 | 67个 | 305亿元" in lines


def test_html_layout_table_is_not_flattened():
    paragraph = "这是一段很长的正文,讲述某县重点项目建设的进展情况,内容较多,不是表格数据。" * 3
    html = f"<html><body><table><tr><td><p>{paragraph}</p></td></tr><tr><td><p>{paragraph}</p></td></tr></table></body></html>"
    text = normalize(html_to_text(html))
    assert paragraph in text and "|" not in text


def test_decode_utf8_cut_inside_last_character_or_with_a_stray_byte():
    data = PARAGRAPH.encode("utf-8")
    assert decode(data[:-1], where="cut.txt") == PARAGRAPH[:-1]
    long = (PARAGRAPH * 30).encode("utf-8")
    stray = long[:600] + b"\xff" + long[600:]
    assert decode(stray, where="stray.txt").replace("\ufffd", "") == PARAGRAPH * 30
