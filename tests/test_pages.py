"""pages.split_page: articles, teasers and their metadata on pages of several shapes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from projectradar.errors import InputError, RuleError
from projectradar.pages import sniff_kind, split_page
from projectradar.pages.bylines import parse_byline, split_caption
from projectradar.pages.lines import classify, compile_line_rules, line_rules
from projectradar.tables import parse_table
from projectradar.records import RawInput

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def split_file(name: str, **fields) -> list:
    path = PAGES / name
    return split_page(RawInput(source=path.name, content=path.read_bytes(), **fields))


def test_city_paper_article_metadata():
    docs = split_file("city_paper.txt")
    article = docs[0]
    assert article.kind == "article"
    assert article.channel == "经济"
    assert article.title == "洛阳伊滨区开春“赶考”:新能源项目扎堆落地,全年盯紧百亿目标"
    assert article.original_title == "伊滨区新春项目建设开足马力"
    assert article.source_name == "洛阳晚报·洛阳网"
    assert article.reporters == ["周明远", "许晴"]
    assert article.photographers == ["周明远"]
    assert article.editor == "宋佳怡"
    assert [(i.file, i.caption) for i in article.images] == [
        ("IMG_2033.JPG", "2月6日,伊滨区新能源装备产业园内,工人正在吊装钢结构。")]
    assert article.headings == ["签约:一周落地七个项目", "开工:机器轰鸣迎新春"]
    assert article.year == 2024 and article.published is None


def test_city_paper_boilerplate_is_not_body():
    article = split_file("city_paper.txt")[0]
    for furniture in ("IMG_2033.JPG", "记者 周明远 摄", "原标题", "责任编辑", "洛阳晚报", "返回", "顶部"):
        assert furniture not in article.text
    assert article.text.startswith("节后第一周,洛阳市伊滨区没有“慢热期”。")
    assert article.text.endswith("签约额突破100亿元。")
    # headings stay in place in the body, one a line
    assert "\n签约:一周落地七个项目\n" in article.text


def test_city_paper_teasers():
    docs = split_file("city_paper.txt")
    teasers = [d for d in docs if d.kind == "teaser"]
    assert [t.title for t in teasers] == ["郑州航空港区一季度集中开工62个项目", "开封文旅新业态亮相春季推介会",
                                         "许昌发布首批“智造”场景清单"]
    assert teasers[0].text.startswith("3月18日,郑州航空港区一季度重点项目集中开工,62个项目总投资达418亿元")
    assert teasers[0].year == 2024          # its own snippet names 2024
    assert teasers[1].year == docs[0].year == 2024    # nothing in it says: the page's year
    assert "返回" not in teasers[-1].text and "顶部" not in teasers[-1].text
    assert [d.position for d in docs] == [0, 1, 2, 3]


def test_document_ids_are_stable_and_distinct():
    first = [d.id for d in split_file("city_paper.txt")]
    again = [d.id for d in split_file("city_paper.txt")]
    assert first == again
    assert len(set(first)) == len(first)
    other = [d.id for d in split_page(RawInput(source="copy.txt", content=(PAGES / "city_paper.txt").read_text()))]
    assert set(other).isdisjoint(first)


def test_government_site_header():
    (doc,) = split_file("gov_site.txt")
    assert doc.channel == "工作动态"
    assert doc.title == "宿州市埇桥区召开2024年重点项目推进会"
    assert doc.source_name == "埇桥区发展和改革委员会"
    assert doc.published == "2024-03-12"
    assert (doc.year, doc.month) == (2024, 3)
    assert doc.text.split("\n")[0].startswith("3月11日下午,埇桥区召开2024年重点项目推进会")
    for furniture in ("浏览次数", "字号", "打印", "关闭窗口", "发布时间"):
        assert furniture not in doc.text


def test_traditional_repost_with_pinyin_residue():
    (doc,) = split_file("traditional_repost.txt")
    assert doc.channel == "财经"
    assert doc.title == "重庆两江新区集中签约二十个项目 总投资超三百亿元"
    assert doc.editor == "陈静"
    assert "现场签约项目二十个" in doc.text
    assert "关键节点" in doc.text and "建设进度" in doc.text and "投产达效" in doc.text
    assert "(" not in doc.text
    assert doc.year == 2024


def test_two_articles_on_one_page():
    docs = split_file("two_articles.txt")
    assert [(d.kind, d.title, d.editor) for d in docs] == [
        ("article", "绍兴柯桥:20个先进制造业项目集中开工", "沈一帆"),
        ("article", "嘉兴海宁:半导体产业链再添新项目", "钱雨桐"),
    ]
    assert docs[1].text.startswith("5月9日,海宁市举行泛半导体产业项目签约仪式")
    assert docs[1].year == 2024  # the page's year, from the first article


def test_markdown_dump_every_story_a_document():
    docs = split_file("daily_dump.md")
    assert [d.title for d in docs] == ["甘肃一季度重大项目集中开工 总投资超千亿元", "国内快讯"]
    assert [d.position for d in docs] == [1, 2]  # the story's number under 详细新闻
    assert all(d.published == "2024-03-15" for d in docs)
    assert docs[0].url == "https://news.example.cn/2024/03/15/item1.shtml"
    assert docs[0].text == ("本台消息(晚间要闻):今天(3月15日),甘肃省举行一季度重大项目集中开工活动,全省共有312个项目集中开工,"
                            "总投资1056亿元。\n这些项目涵盖新能源、交通和水利等领域。")
    assert docs[1].text == "本台消息:\n宁夏签约一批绿色算力项目\n今天,宁夏银川签约10个绿色算力项目,协议投资 210亿元。"
    assert "更新时间戳" not in docs[1].text and "本期主要内容" not in docs[0].text


def test_markdown_date_from_file_name_when_heading_has_none():
    md = "# 晚间要闻\n\n### 某县十个项目开工\n\n<p>今天,某县十个项目集中开工。</p>\n"
    (doc,) = split_page(RawInput(source="20231109.md", content=md))
    assert doc.published == "2023-11-09"


def test_html_utf8_page_metadata_and_no_invented_date():
    html = ("<html><head><meta charset='utf-8'><title>鹤壁集中签约12个项目_鹤壁新闻网</title></head><body>"
            "<h1>鹤壁集中签约12个项目</h1><p>6月3日,鹤壁市举行项目集中签约活动,12个项目签约,总投资64亿元。</p>"
            "<p>自2018年以来,该市持续优化营商环境,吸引了大批企业落户,今年已累计签约项目超百个。</p></body></html>")
    (doc,) = split_page(RawInput(source="hebi.html", content=html.encode("utf-8")))
    assert doc.title == "鹤壁集中签约12个项目"
    assert doc.published is None          # 2018 in the body is not a publication date
    assert doc.text.startswith("6月3日,鹤壁市举行项目集中签约活动")


def test_html_gbk_page_with_byline_and_image():
    html = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            "<title>常州经开区十个项目集中签约</title></head><body><div class='info'>2024-04-02 08:15 来源:常州日报 作者:顾晓东</div>"
            "<p>4月1日,常州经开区举行重点项目集中签约仪式,10个项目现场签约,总投资达86亿元。</p>"
            "<p>签约项目主要集中在智能电网和轨道交通装备领域,其中外资项目3个。</p>"
            "<p><img src='/img/qianyue.jpg' alt='签约仪式现场。顾晓东 摄'></p><p>责任编辑:杭琳</p></body></html>")
    (doc,) = split_page(RawInput(source="cz.html", content=html.encode("gbk")))
    assert doc.title == "常州经开区十个项目集中签约"
    assert doc.published == "2024-04-02"
    assert doc.source_name == "常州日报"
    assert doc.editor == "杭琳"
    assert doc.photographers == ["顾晓东"]
    assert "总投资达86亿元" in doc.text and "责任编辑" not in doc.text


def test_container_fields_win():
    raw = RawInput(source="feed.jsonl", content="今天,某区签约五个项目,总投资20亿元。", title="某区签约五个项目",
                   published="2022-08-30", url="https://example.cn/2021/01/01/x.html")
    (doc,) = split_page(raw)
    assert (doc.title, doc.published, doc.year, doc.month) == ("某区签约五个项目", "2022-08-30", 2022, 8)
    assert doc.text == "今天,某区签约五个项目,总投资20亿元。"


def test_url_date_when_page_gives_none():
    (doc,) = split_page(RawInput(source="u", content="某县项目开工\n今天,某县五个项目集中开工。",
                                 url="http://www.example.gov.cn/xwzx/202310/t20231019_88.html"))
    assert doc.published == "2023-10-19"


def test_empty_page_is_an_input_error():
    with pytest.raises(InputError):
        split_page(RawInput(source="blank.txt", content=" \n\n "))


@pytest.mark.parametrize("line, outlet, reporters, photographers", [
    ("某市日报·某某客户端 记者柏树林", "某市日报·某某客户端", ["柏树林"], []),
    ("记者 王小明 李华 通讯员 张三", None, ["王小明", "李华", "张三"], []),
    ("本报记者 赵一鸣 摄影 钱多多", None, ["赵一鸣"], ["钱多多"]),
    ("文/孙悦 图/周航", None, ["孙悦"], ["周航"]),
])
def test_parse_byline(line, outlet, reporters, photographers):
    byline = parse_byline(line)
    assert (byline.source_name, byline.reporters, byline.photographers) == (outlet, reporters, photographers)


@pytest.mark.parametrize("line", ["记者从市发改委获悉,今年全市共安排重点项目300个。", "项目建设现场", "记者 梳理发现各区县这次走出去的时间有限"])
def test_body_lines_are_not_bylines(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize("caption, text, people", [
    ("3日,新厂房主体完工。记者王锋 摄", "3日,新厂房主体完工。", ["王锋"]),
    ("工人在车间作业(记者 李晓 摄)", "工人在车间作业", ["李晓"]),
    ("签约现场 摄影:陈默", "签约现场", ["陈默"]),
    ("夜色中的港口", "夜色中的港口", []),
])
def test_split_caption(caption, text, people):
    assert split_caption(caption) == (text, people)


def test_sniff_kind():
    assert sniff_kind("# 某日\n\n### 条目\n<p>x</p>") == "markdown"
    assert sniff_kind("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_kind("产经\n标题\n正文。") == "text"


def test_rule_table_loads_and_bad_rules_fail_loudly():
    assert {r.use for r in line_rules()} >= {"boilerplate", "related", "image", "editor"}
    rows = parse_table("ok\tboilerplate\t返回\nbad\tboilerplate\t(unclosed\n", "page_lines.tsv", 3)
    with pytest.raises(RuleError, match=r"page_lines.tsv:2: bad regex"):
        compile_line_rules(rows)
    rows = parse_table("ok\tboilerplate\t(?:{no_such_kind})\n", "page_lines.tsv", 3)
    with pytest.raises(RuleError, match=r"page_lines.tsv:1: unknown kind \{no_such_kind\}"):
        compile_line_rules(rows)
    rows = parse_table("x\tnavigation\t返回\n", "page_lines.tsv", 3)
    with pytest.raises(RuleError, match=r"page_lines.tsv:1: unknown action"):
        compile_line_rules(rows)


def test_word_table_rows_are_checked():
    from projectradar.pages.words import read_words
    from projectradar.tables import data_path, load_table

    rows = load_table("page_words.tsv", 2)
    assert read_words(rows, "page_words.tsv").words("dateline_end") == ("讯", "电")
    with pytest.raises(RuleError, match=r"page_words.tsv:2: unknown kind 'dateline'"):
        read_words(rows + parse_table("讯\tdateline_end\n电\tdateline\n", "page_words.tsv", 2), data_path("page_words.tsv"))
    with pytest.raises(RuleError, match=r"page_words.tsv:1: a goal_lead word is one character"):
        read_words(parse_table("直到\tgoal_lead\n", "page_words.tsv", 2) + rows, data_path("page_words.tsv"))


def test_page_words_keep_table_order_in_patterns():
    from projectradar.pages.words import alternation, page_pattern, words

    # the header of page_words.tsv says the order counts: 时间 stands before the longer 更新时间
    assert alternation("date_label") == "(?:" + "|".join(re.escape(w) for w in words("date_label")) + ")"
    assert page_pattern("{date_label}").match("发布时间:2024-02-20").group() == "发布时间"


def test_a_line_that_goes_on_past_a_sentence_end_is_no_caption():
    from projectradar.pages.text_pages import _is_caption
    from projectradar.pages.words import read_words
    from projectradar.tables import load_table

    assert _is_caption("新厂房主体完工。")
    assert _is_caption("他说:“厂房完工了。”")          # a closing quote still closes the sentence
    assert not _is_caption("新厂房主体完工。厂房明年投产")
    with pytest.raises(RuleError, match=r"page_words.tsv:1: a sentence_end word is one character"):
        read_words(parse_table("。!\tsentence_end\n", "page_words.tsv", 2) + load_table("page_words.tsv", 2),
                   "page_words.tsv")


def test_word_kinds_stand_for_their_words_in_rules():
    (rule,) = compile_line_rules(parse_table("src\tbyline_source\t(?:{source_label})\\s*:\\s*(?P<value>\\S+)\n",
                                             "page_lines.tsv", 3))
    assert rule.pattern.fullmatch("来源:某市日报") and rule.pattern.fullmatch("稿源:某某网")
    assert not rule.pattern.fullmatch("出处:某市日报")


def test_sample_page_gives_article_and_teasers_with_gold_metadata(shared_dir):
    sample = shared_dir / "seeds" / "000_673cbbdfa69013ac.txt"
    gold = json.loads((shared_dir / "gold" / "000_673cbbdfa69013ac.json").read_text(encoding="utf-8"))
    docs = split_page(RawInput(source=sample.name, content=sample.read_bytes()))
    assert [d.kind for d in docs].count("article") == 1
    assert [d.kind for d in docs].count("teaser") == 16
    assert len(docs) == len(gold["documents"])
    for want, doc in zip(gold["documents"], docs):
        for key, value in want.items():
            got = getattr(doc, key)
            if key == "images":
                got = [{"file": i.file, "caption": i.caption} for i in got]
            assert got == value, (doc.title, key)
    teaser_with_event = next(d for d in docs if d.title.startswith("厦门"))
    assert "627" in teaser_with_event.text


def test_teasers_after_a_closing_byline_without_editor_line():
    docs = split_file("no_editor_teasers.txt")
    assert [(d.kind, d.title) for d in docs] == [
        ("article", "泉州晋江鞋服产业园二期开工 计划总投资75亿元"),
        ("teaser", "漳州港口物流园签约三家龙头企业"),
        ("teaser", "龙岩推出文旅消费季系列活动"),
    ]
    article = docs[0]
    assert (article.source_name, article.reporters, article.original_title) == (
        "泉州晚报", ["林志豪"], "晋江鞋服产业园二期项目开工")
    assert article.text.endswith("推动本地传统产业向高端化、智能化升级。")


def test_byline_in_the_middle_does_not_cut_the_article():
    page = ("要闻\n某市重点项目建设提速\n" + "第一段说明项目建设情况,全市上下加快推进各项工作,确保项目早日投产见效,形成更多实物工作量。\n"
            "本报记者 王小川\n" + "第二段继续介绍,今年以来全市重点项目完成投资稳步增长,多个产业项目进入设备安装阶段。\n" * 2)
    (doc,) = split_page(RawInput(source="m.txt", content=page))
    assert doc.reporters == ["王小川"] and doc.text.count("\n") == 2


@pytest.mark.parametrize("line", ["记者手记", "图片新闻", "文明实践", "文化惠民", "作者简介"])
def test_short_headings_are_not_bylines(line):
    assert parse_byline(line) is None


def test_markdown_dump_stories_match_the_dev_set_text(shared_dir):
    # the dev set's text of a story = its <p> paragraphs, tags stripped, one a line
    from projectradar.text import normalize

    lines = (shared_dir / "gold" / "dev" / "xinwenlianbo-dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:12]:
        item = json.loads(line)
        file, number = item["url"].split("#")
        path = shared_dir / "data" / file
        docs = split_page(RawInput(source=path.name, content=path.read_bytes()))
        (doc,) = [d for d in docs if d.position == int(number)]
        assert (doc.title, doc.published) == (normalize(item["title"]), item["published"])
        assert doc.text == normalize(item["text"]), item["url"]
        assert doc.url.startswith("https://tv.cctv.com/")


def test_dateline_credits_staff_line_source_in_brackets_and_adverts():
    page = ("要闻\n菏泽高新区二十个项目集中开工\n"
            "本报讯(记者 韩雪梅 通讯员 孔令超)3月6日,菏泽高新区2024年春季重点项目集中开工,20个项目总投资96亿元。\n"
            "项目负责人表示,将加快推进建设,确保年内投产。\n(来源:菏泽日报)\n编辑:刘畅 审核:王敏 校对:赵亮\n广告\n")
    (doc,) = split_page(RawInput(source="h.txt", content=page))
    assert doc.reporters == ["韩雪梅", "孔令超"]
    assert (doc.source_name, doc.editor) == ("菏泽日报", "刘畅")
    assert doc.text.startswith("本报讯(记者 韩雪梅 通讯员 孔令超)3月6日")  # the dateline stays body
    assert doc.text.endswith("确保年内投产。")


def test_portal_html_page_byline_breadcrumb_figure_and_related_list():
    doc, *teasers = split_file("portal_page.html")
    # the related list trafilatura drops is kept as teasers (titles only), not as body
    assert [(t.kind, t.title, t.text) for t in teasers] == [
        ("teaser", "盐城港吞吐量创新高", ""), ("teaser", "射阳海上风电项目并网", "")]
    assert doc.title == "盐城经开区新能源产业项目集中签约 总投资超200亿元"  # "- 盐城新闻网" taken off
    assert (doc.channel, doc.source_name, doc.published) == ("经济", "盐阜大众报", "2024-06-18")
    assert doc.reporters == ["蔡文静"] and doc.photographers == ["蔡文静"]
    assert doc.editor == "沈佳"
    assert [(i.file, i.caption) for i in doc.images] == [("qy.jpg", "签约现场。")]
    assert doc.headings == ["链条式招引"]
    assert doc.text.startswith("6月17日,盐城经济技术开发区举行新能源产业项目集中签约仪式,14个项目现场签约")
    for furniture in ("首页", "相关新闻", "盐城港吞吐量", "版权所有", "ICP"):
        assert furniture not in doc.text


def test_markdown_single_article_and_headingless_md():
    (doc,) = split_page(RawInput(source="one.md", content="# 某县签约三个项目\n\n今天,某县签约三个项目,总投资12亿元。\n"))
    assert (doc.title, doc.text) == ("某县签约三个项目", "今天,某县签约三个项目,总投资12亿元。")
    (doc,) = split_page(RawInput(source="plain.md", content="某县签约\n今天某县签约三个项目。\n", hint="markdown"))
    assert doc.title == "某县签约"


def test_ids_do_not_depend_on_how_the_path_is_typed(tmp_path):
    text = (PAGES / "gov_site.txt").read_text(encoding="utf-8")
    a = split_page(RawInput(source="gov_site.txt", content=text, location="./gov_site.txt"))
    b = split_page(RawInput(source="gov_site.txt", content=text, location="/data/pages/gov_site.txt"))
    assert [d.id for d in a] == [d.id for d in b]
    line1 = split_page(RawInput(source="n.jsonl", content="甲县签约\n今天签约。", location="n.jsonl:1"))
    line2 = split_page(RawInput(source="n.jsonl", content="甲县签约\n今天签约。", location="n.jsonl:2"))
    assert line1[0].id != line2[0].id


def test_wechat_repost_byline_and_footer():
    (doc,) = split_file("wechat_repost.txt")
    assert doc.title == "总投资128亿元!我区12个重大项目集中签约"
    assert (doc.source_name, doc.published, doc.editor) == ("滨城发布", "2024-03-05", "郭晓彤")
    assert doc.text.startswith("3月5日上午,滨州市滨城区2024年重大项目集中签约仪式举行")
    assert doc.text.endswith("滨城区累计签约亿元以上项目27个。")
    for furniture in ("原创", "上一篇", "下一篇", "阅读原文", "审核"):
        assert furniture not in doc.text


def test_a_dated_notice_line_is_not_a_byline():
    page = "某区招商推介会通知\n会议时间 2024-03-05 09:30\n各单位请准时参加,会上将集中签约一批重点项目,请做好准备工作,按时报送材料。\n"
    (doc,) = split_page(RawInput(source="n.txt", content=page))
    assert doc.published is None and doc.text.startswith("会议时间 2024-03-05 09:30")


@pytest.mark.parametrize("line, action", [
    ("01 - 副本.jpg", "image"), ("IMG_2033.JPG", "image"), ("图片1.png", "image"),
    ("返回", "boilerplate"), ("顶部", "boilerplate"), ("上一篇:某区召开大会", "boilerplate"), ("分享到:", "boilerplate"),
    ("【打印】【关闭窗口】", "boilerplate"), ("相关阅读", "related"), ("【责任编辑:欧阳文】", "editor"),
    ("责任编辑:张三", "editor"), ("编辑:刘畅 审核:王敏", "staff"), ("原标题:某县签约", "original_title"),
    ("来源:某某日报 2024-03-05", "byline_source"), ("发布时间:2024-03-05 10:00", "byline_source"),
])
def test_furniture_lines(line, action):
    hit = classify(line)
    assert hit is not None and hit[0] == action


@pytest.mark.parametrize("line", ["今天,某区签约五个项目。", "项目总投资12亿元", "返回家乡创业的青年越来越多,带动了当地产业发展。"])
def test_body_lines_are_not_furniture(line):
    assert classify(line) is None


def test_table_scraped_one_cell_a_line_is_joined_into_rows():
    (doc,) = split_file("province_table.txt")
    lines = doc.text.split("\n")
    assert lines[1:6] == ["各市开工情况", "城市 | 开工项目 | 总投资", "东岭市 | 37个 | 210亿元", "西川市 | 67个 | 305亿元",
                          "南湖市 | 52个 | 188亿元"]
    assert doc.editor == "周可"


def test_short_lines_without_a_number_column_are_not_a_table():
    from projectradar.pages import join_table_cells

    lines = ["春风又绿", "江南岸边", "明月何时", "照我还乡", "山高水长", "人勤春早", "正文段落。"]
    assert join_table_cells(lines) == lines


def test_date_line_above_the_headline_is_read():
    page = "2024-03-05 10:20:31 来源:某市日报\n某市十个项目集中签约\n今天,某市十个项目集中签约,总投资50亿元,涉及新能源等领域。"
    (doc,) = split_page(RawInput(source="x.txt", content=page))
    assert (doc.title, doc.published, doc.source_name) == ("某市十个项目集中签约", "2024-03-05", "某市日报")
    assert doc.text == "今天,某市十个项目集中签约,总投资50亿元,涉及新能源等领域。"


@pytest.mark.parametrize("line", ["分享经济成为新的增长点。", "字号老店焕新颜", "市民扫码即可预约", "推荐企业20家入选"])
def test_body_lines_that_start_like_furniture_stay(line):
    assert classify(line) is None


def test_headlines_may_end_with_a_question_or_exclamation_mark():
    page = ("项目为何纷纷落户这里?\n今年以来,某开发区已签约项目40个,总投资超过300亿元,企业看中的是这里的产业链配套和高效服务。\n"
            "【责任编辑:吴桐】\n招商引资再提速!\n某县一季度签约项目18个,协议总投资96亿元,项目涵盖装备制造和现代农业等多个领域,后续还将\n"
            "物流枢纽建设怎么干?\n某市将围绕国家物流枢纽建设,谋划实施一批重点项目,进一步降低全社会物流成本,提升区域竞争力和\n")
    docs = split_page(RawInput(source="q.txt", content=page))
    assert [(d.kind, d.title) for d in docs] == [("article", "项目为何纷纷落户这里?"), ("teaser", "招商引资再提速!"),
                                                 ("teaser", "物流枢纽建设怎么干?")]
    assert docs[1].text.startswith("某县一季度签约项目18个")


def test_government_disclosure_page_metadata_table():
    (doc,) = split_file("gov_disclosure.txt")
    assert doc.title == "临沂市2024年第一批市级重点项目名单公布"
    assert (doc.channel, doc.source_name, doc.published) == ("部门动态", "临沂市发展和改革委员会", "2024-02-28")
    assert doc.text.startswith("近日,临沂市公布2024年第一批市级重点项目名单,共安排项目410个")
    for furniture in ("索引号", "成文日期", "发布日期", "打印"):
        assert furniture not in doc.text


# ---------------------------------------------------------------- header dates of government pages
def test_a_government_header_date_is_the_publication_date():
    page = ("城东区重大项目集中开工\n发布时间:2024-03-12 10:30 来源:城东区融媒体中心\n"
            "3月11日上午，城东区举行一季度重大项目集中开工仪式，共开工项目18个，总投资76亿元。\n"
            "区委书记王明出席并宣布开工。\n")
    article = split_page(RawInput(source="gov.txt", content=page))[0]
    assert article.published == "2024-03-12"
    assert article.source_name == "城东区融媒体中心"
    assert "发布时间" not in article.text


def test_a_month_from_the_text_when_no_date_is_given():
    page = ("龙湖新区项目签约\n2024年是项目攻坚年。3月28日，龙湖新区举行招商引资项目集中签约活动，"
            "现场签约项目15个，总投资40亿元。\n")
    article = split_page(RawInput(source="undated.txt", content=page))[0]
    assert (article.published, article.year, article.month) == (None, 2024, 3)


def test_the_lead_names_the_year_a_look_back_does_not():
    # an awards meeting in 2021 that looks back on 2020 twice: the lead's year is the story's
    page = ("某县表彰招商功臣\n6月12日,某县召开2021年招商引资表彰大会,奖励先进单位20个。\n"
            "2020年,全县新签约项目45个,总投资80亿元。\n2020年,全县新开工项目30个,完成投资40亿元。")
    article = split_page(RawInput(source="lead.txt", content=page))[0]
    assert (article.published, article.year, article.month) == (None, 2021, 6)


def test_two_years_named_as_often_give_the_later_one():
    page = ("某盟招商工作开局良好\n今年以来,某盟通报了2021年招商引资工作情况,并下达了2022年招商引资目标任务书。"
            "二是3月2日举办招商引资专题讲座,邀请专家解读产业政策。")
    article = split_page(RawInput(source="tie.txt", content=page))[0]
    assert (article.year, article.month) == (2022, 3)


def test_html_related_links_become_teasers_and_the_title_names_the_site():
    html = ("<html><head><title>城南区集中签约_城南区人民政府</title></head><body><h1>城南区集中签约15个项目</h1>"
            "<div><p>3月28日，城南区举行招商引资项目集中签约活动，现场签约项目15个，总投资86亿元，"
            "涉及新能源、生物医药等领域。</p><p>区委书记李明表示，要以项目建设的实效检验招商工作成效，"
            "推动签约项目早落地、早开工、早投产。</p></div>"
            "<div class='side'><h3>相关新闻</h3><ul><li><a href='/a1.html'>城北区一季度重大项目集中开工</a></li>"
            "<li><a href='/a2.html'>开发区新能源产业园项目竣工投产</a></li><li><a href='/more'>更多</a></li></ul></div>"
            "</body></html>")
    docs = split_page(RawInput(source="related.html", content=html, hint="html"))
    assert [(d.kind, d.title) for d in docs] == [
        ("article", "城南区集中签约15个项目"),
        ("teaser", "城北区一季度重大项目集中开工"),
        ("teaser", "开发区新能源产业园项目竣工投产"),
    ]
    assert docs[0].source_name == "城南区人民政府"


# ---------------------------------------------------------------- more header date shapes
@pytest.mark.parametrize("header", [
    "2024-02-20 08:15 临川发布",                 # a WeChat repost: time then the account
    "临川发布 2024-02-20 08:15",                 # account then time
    "临川发布 2024年2月20日 08:15 江西",          # account, a written-out date, the province
    "发布于 2024年2月20日",
    "发布于2024-02-20",
    "时间:2024/02/20",
    "日期: 2024.02.20",
    "发布日期:2024年02月20日",
    "更新时间:2024-02-20 16:40:05",
    "2024-02-20",
    "2024/02/20",
    "2024年02月20日 10:20",
    "2024年2月20日 星期二",
    "来源:临川融媒 2024-02-20",
    "【2024-02-20】",
    "2024-02-20 10:20:33 星期二",
    "原创 临川发布 发布时间:2024年02月20日 江西",
    "原创 融媒记者 临川发布 2024-02-20 08:30 江西",
    "作者:李明 发布时间:2024-02-20",
    "编辑:李明 2024-02-20",
])
def test_header_date_wins_over_years_in_the_body(header):
    page = (f"临川区招商引资大会\n{header}\n"
            "会议回顾了2023年的招商工作,2023年全区共引进项目98个。\n"
            "2月19日上午,2024年全区招商引资大会召开,会上签约项目21个,总投资116亿元。")
    (doc,) = split_page(RawInput(source="wx.txt", content=page))
    assert doc.published == "2024-02-20"
    assert (doc.year, doc.month) == (2024, 2)
    assert doc.title == "临川区招商引资大会"
    assert header not in doc.text and doc.text.startswith("会议回顾了2023年")


def test_a_weekday_after_the_date_is_no_outlet():
    page = "临川区招商引资大会\n2024-02-20 10:20:33 星期二\n2月19日,大会召开,签约项目21个。"
    (doc,) = split_page(RawInput(source="wd.txt", content=page))
    assert doc.published == "2024-02-20" and doc.source_name is None


def test_wechat_account_line_on_top_then_the_date():
    page = ("掌上崇仁\n崇仁县项目建设推进会召开\n掌上崇仁 2024年3月2日 07:30\n"
            "会上通报了2023年项目建设情况。3月1日,崇仁县集中签约项目6个,总投资32亿元。")
    (doc,) = split_page(RawInput(source="wx2.txt", content=page))
    assert (doc.published, doc.year) == ("2024-03-02", 2024)
    assert doc.source_name == "掌上崇仁"


def test_a_date_cell_amid_the_body_stays_in_its_table():
    page = ("某市重点项目进展\n发布时间:2024-03-05\n各项目开工日期如下。\n项目名称\n开工日期\n"
            "东湖产业园\n2024-03-01\n西岭物流港\n2024-03-02\n南山数据中心\n2024-03-03\n以上项目均已进场施工,进展顺利。")
    (doc,) = split_page(RawInput(source="t.txt", content=page))
    assert doc.published == "2024-03-05"
    assert "东湖产业园 | 2024-03-01\n西岭物流港 | 2024-03-02\n南山数据中心 | 2024-03-03" in doc.text


def test_an_undated_header_line_leaves_the_text_year():
    page = "某县项目观摩\n总结2023年工作,2023年全县开工项目80个,2023年竣工40个。"
    (doc,) = split_page(RawInput(source="u.txt", content=page))
    assert doc.published is None and doc.year == 2023


# ---------------------------------------------------------------- teasers dated by the page
TEASER_PAGE = ("会泽县重点项目集中开工\n发布时间:2024-02-03 10:00 来源:会泽融媒\n"
               "2月2日,会泽县举行一季度重点项目集中开工仪式,开工项目15个,总投资56亿元。\n"
               "【责任编辑:段丽】\n相关新闻\n"
               "宣威市一批项目集中开工\n2月1日,宣威市9个项目集中开工,总投资37亿元。\n"
               "罗平县去年签约回顾\n2023年12月28日,罗平县签约项目11个。\n")


def test_teasers_take_the_page_date_unless_they_name_another_year():
    docs = split_page(RawInput(source="tz.txt", content=TEASER_PAGE))
    article, first, second = docs
    assert article.published == "2024-02-03"
    assert first.kind == "teaser" and first.published == "2024-02-03" and first.year == 2024
    assert second.kind == "teaser" and second.published is None and second.year == 2023


def test_teaser_dates_resolve_with_the_page_year():
    from projectradar.pipeline import extract
    events = [e for e in extract(TEASER_PAGE).events if e.region and e.region.name == "宣威市"]
    assert events and events[0].date.start == "2024-02-01"


# ---------------------------------------------------------------- tables one row a line
def test_markdown_table_rows_become_lines():
    page = ("某市一季度项目开工\n各县区情况如下。\n| 地区 | 开工项目 | 总投资 |\n|:---|---:|---:|\n"
            "| 东城区 | 12个 | 30亿元 |\n| 西城区 | 8个 | 20.5亿元 |\n以上数据截至3月底。")
    (doc,) = split_page(RawInput(source="md.txt", content=page))
    assert "地区 | 开工项目 | 总投资\n东城区 | 12个 | 30亿元\n西城区 | 8个 | 20.5亿元" in doc.text
    assert "---" not in doc.text


def test_pipe_rows_without_spaces_are_tidied_and_a_lone_pipe_is_not_a_table():
    from projectradar.pages import table_rows
    assert table_rows(["地区|开工项目|总投资", "甲县|5个|12亿元", "乙县|7个|9亿元"]) == [
        "地区 | 开工项目 | 总投资", "甲县 | 5个 | 12亿元", "乙县 | 7个 | 9亿元"]
    assert table_rows(["这是甲|乙两地的合作。"]) == ["这是甲|乙两地的合作。"]


def test_one_cell_a_line_table_with_a_heading_line_on_top():
    page = ("某县签约项目一览\n3月8日,某县签约一批项目。\n签约项目清单\n项目名称\n总投资\n"
            "光伏组件项目\n12亿元\n冷链物流园\n8亿元\n新材料产业园\n3亿元\n签约仪式后,客商参观了园区。")
    (doc,) = split_page(RawInput(source="cells.txt", content=page))
    assert "项目名称 | 总投资\n光伏组件项目 | 12亿元\n冷链物流园 | 8亿元\n新材料产业园 | 3亿元" in doc.text


def test_markdown_dump_story_table_rows():
    page = ("# 20240305 要闻\n\n### 某省重点项目开工\n\n3月4日,某省重点项目集中开工。\n\n"
            "| 城市 | 项目 |\n| --- | --- |\n| 甲市 | 37个 |\n| 乙市 | 21个 |\n")
    (doc,) = split_page(RawInput(source="news.md", content=page))
    assert "城市 | 项目\n甲市 | 37个\n乙市 | 21个" in doc.text


def test_a_later_article_on_the_page_takes_the_page_date():
    page = ("南城县签约项目\n发布时间:2024-02-20\n2月19日,南城县集中签约项目8个,总投资26亿元,会议还总结了全县经济工作。\n"
            "【责任编辑:邹琳】\n黎川县召开大会\n会议回顾了2023年的工作,部署2024年招商任务,会上签约项目5个,总投资12亿元。\n"
            "【责任编辑:邹琳】\n广昌县去年回顾\n2023年,广昌县共签约项目40个,总投资达到了120亿元。\n【责任编辑:邹琳】")
    first, second, third = split_page(RawInput(source="multi.txt", content=page))
    assert first.published == second.published == "2024-02-20" and second.year == 2024
    assert third.published is None and third.year == 2023     # it names only another year


def test_cell_tables_with_row_numbers_and_long_project_names():
    from projectradar.pages import table_rows
    assert table_rows(["序号", "项目名称", "总投资", "1", "甲新材料项目", "12亿元", "2", "乙物流园", "8亿元",
                       "3", "丙数据中心", "5亿元"]) == [
        "序号 | 项目名称 | 总投资", "1 | 甲新材料项目 | 12亿元", "2 | 乙物流园 | 8亿元", "3 | 丙数据中心 | 5亿元"]
    long_name = "东方集团年产20万吨高性能纤维及复合材料项目"
    assert table_rows(["项目名称", "建设地点", "总投资(亿元)", long_name, "临港片区", "12.5", "西岭物流港", "北区", "8"]) == [
        "项目名称 | 建设地点 | 总投资(亿元)", f"{long_name} | 临港片区 | 12.5", "西岭物流港 | 北区 | 8"]
    # numbers and names with no figure column: no table
    assert table_rows(["序号", "地区", "1", "甲市", "2", "乙市", "3", "丙市"]) == [
        "序号", "地区", "1", "甲市", "2", "乙市", "3", "丙市"]


def test_a_disclosure_header_written_as_a_list_with_justified_labels():
    page = ("- 索 引 号: 0012-2024-00031\n- 主题分类:\n- 发文机关: 某区发展和改革局\n- 成文日期: 2024-03-01\n"
            "- 标 题: 某区2023年重点项目总结\n- 发布日期: 2024-03-02\n- 有 效 性: 有效\n"
            "某区2023年重点项目总结\n一、总体情况\n全区重点项目共40项,总投资320亿元,年度计划投资60亿元,全年完成投资71亿元。")
    (doc,) = split_page(RawInput(source="list.txt", content=page))
    assert (doc.title, doc.published, doc.source_name) == ("某区2023年重点项目总结", "2024-03-02", "某区发展和改革局")
    assert doc.text.startswith("一、总体情况\n")


def test_bulleted_header_lines_are_furniture():
    page = "某市重点项目集中开工\n• 来源:某某广播网\n• 分享到\n今天,某市三十个重点项目集中开工,总投资一百二十亿元。"
    (doc,) = split_page(RawInput(source="bullets.txt", content=page))
    assert (doc.source_name, doc.text) == ("某某广播网", "今天,某市三十个重点项目集中开工,总投资一百二十亿元。")
