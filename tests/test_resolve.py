"""Resolving place names in their story: the main place decides 市中区, 鼓楼区, 朝阳区; 我市 and 该区."""
from __future__ import annotations

import pytest

from projectradar.regions import NATION, find_places
from projectradar.records import Document
from projectradar.regions.context import RegionContext
from projectradar.regions.hosts import host_region, path_regions


def doc(text: str, **meta) -> Document:
    return Document(id="d1", source="test.txt", text=text, **meta)


def resolve_all(ctx: RegionContext, text: str | None = None) -> list[tuple[str, str | None]]:
    """(place text, resolved adcode) for every place of the context's own text."""
    text = ctx.text if text is None else text
    out = []
    for p in find_places(text):
        region = ctx.resolve(p)
        out.append((p.text, region.adcode if region else None))
    return out


def first(ctx: RegionContext, text: str, name: str, *, near: int | None = None):
    place = next(p for p in find_places(text) if p.text == name)
    return ctx.resolve(place, near=near)


# ---------------------------------------------------------------- 市中区 and friends
JINAN_PAGE = (
    "本报济南1月30日讯 春节后上班第一天，各区县纷纷召开项目推进会。"
    "市中区举行企业家大会，现场签约项目23个。槐荫区、历城区也拿出了各自的清单。"
)


def test_shizhong_in_a_jinan_story_is_370103():
    ctx = RegionContext.from_document(doc(JINAN_PAGE, title="各区县抢抓项目建设", source_name="济南日报"))
    assert first(ctx, ctx.text, "市中区").adcode == "370103"
    assert first(ctx, ctx.text, "市中区").path == ["山东省", "济南市", "市中区"]
    assert ctx.main().adcode == "370100"


def test_shizhong_in_a_zaozhuang_story_is_370402():
    text = "枣庄市召开全市重点项目观摩会。会上，市中区、薛城区分别介绍了新开工项目情况。"
    ctx = RegionContext.from_document(doc(text, title="枣庄：项目观摩比学赶超"))
    assert first(ctx, text, "市中区").adcode == "370402"


def test_shizhong_in_a_leshan_story_is_511102():
    text = "乐山市中心城区改造提速，市中区今年安排城建项目40个。"
    ctx = RegionContext.from_document(doc(text, title="乐山：城市更新项目集中推进"))
    assert first(ctx, text, "市中区").adcode == "511102"


def test_neijiang_by_url_host():
    text = "市中区今年计划开工项目35个，总投资120亿元。"
    ctx = RegionContext.from_document(doc(text, url="http://www.neijiang.gov.cn/news/2024/3/1.html"))
    assert first(ctx, text, "市中区").adcode == "511002"


@pytest.mark.parametrize("title, adcode", [
    ("南京：重大项目集中签约", "320106"),
    ("福州市项目建设再提速", "350102"),
    ("徐州一季度项目观摩", "320302"),
    ("开封市举行项目集中开工仪式", "410204"),
])
def test_gulou_follows_its_city(title, adcode):
    text = "鼓楼区现场签约项目12个，总投资86亿元。"
    ctx = RegionContext.from_document(doc(text, title=title))
    assert first(ctx, text, "鼓楼区").adcode == adcode


def test_chaoyang_beijing_or_changchun():
    text = "朝阳区今年新签约项目30个。"
    beijing = RegionContext.from_document(doc(text, source_name="北京日报"))
    changchun = RegionContext.from_document(doc(text, title="长春市重点项目建设综述"))
    assert first(beijing, text, "朝阳区").adcode == "110105"
    assert first(changchun, text, "朝阳区").adcode == "220104"


def test_no_context_no_guess():
    text = "鼓楼区现场签约项目12个。"
    ctx = RegionContext.from_document(doc(text))
    assert first(ctx, text, "鼓楼区") is None
    assert ctx.main() is None
    assert ctx.home("city") is None


def test_a_qualifying_city_beats_the_story_city():
    # a 济南 story that mentions 枣庄's 市中区 with its city in front
    text = "济南市各区县项目建设如火如荼。另据报道，枣庄市市中区也开工项目8个。"
    ctx = RegionContext.from_document(doc(text, title="济南：项目建设开门红"))
    mentions = [p for p in find_places(text) if p.text == "市中区"]
    assert ctx.resolve(mentions[0]).adcode == "370402"


def test_near_offset_for_sentence_relative_mentions():
    text = "济南各区县集中签约。枣庄市市中区也开工项目8个。"
    ctx = RegionContext.from_document(doc(text, title="济南：项目建设开门红"))
    sentence_start = text.index("枣庄")
    sentence = text[sentence_start:]
    place = next(p for p in find_places(sentence) if p.text == "市中区")
    assert ctx.resolve(place, near=sentence_start + place.start).adcode == "370402"
    assert ctx.resolve(place).adcode == "370103"     # offsets that do not fit the text: the story decides


def test_district_without_its_city_in_a_province_story():
    text = "全省重大项目集中开工，历下区、平阴县、章丘区分别设立分会场。"
    ctx = RegionContext.from_document(doc(text, title="山东省2024年重大项目集中开工"))
    assert resolve_all(ctx)[1:4] == [("历下区", "370102"), ("平阴县", "370124"), ("章丘区", "370114")]
    # 市中区 exists twice in 山东 (济南, 枣庄): no guess
    assert first(ctx, "市中区", "市中区") is None


def test_short_names_resolve():
    text = "槐荫、平阴两地签约项目15个，总投资60亿元。"
    ctx = RegionContext.from_document(doc(text, title="济南：西部片区项目加速落地"))
    assert resolve_all(ctx) == [("槐荫", "370104"), ("平阴", "370124")]


def test_city_short_name_prefers_the_city_over_its_county():
    text = "区委书记带队赴长沙开展招商。"
    ctx = RegionContext.from_document(doc(text, title="历城区外出招商", source_name="济南时报"))
    assert first(ctx, text, "长沙").adcode == "430100"


# ---------------------------------------------------------------- self-references
def test_home_levels_in_a_district_story():
    text = "1月29日，长清区召开项目建设动员大会。该区今年安排重点项目133个。全区上下要加压奋进，助力全市发展。"
    ctx = RegionContext.from_document(doc(text, title="长清区：吹响项目攻坚冲锋号", source_name="济南时报"))
    got = dict(resolve_all(ctx))
    assert got["该区"] == "370113"
    assert got["全区上下"] == "370113"
    assert got["全市"] == "370100"
    assert ctx.home().adcode == "370113"
    assert ctx.home("province").adcode == "370000"


def test_gai_qu_is_the_nearest_district_before():
    text = "槐荫区签约项目10个。历城区开工项目5个，该区今年计划投资80亿元。"
    ctx = RegionContext.from_document(doc(text, title="济南各区县项目建设忙"))
    gai = next(p for p in find_places(text) if p.text == "该区")
    assert ctx.resolve(gai).adcode == "370112"
    assert ctx.nearest_before(gai.start, "district").adcode == "370112"
    assert ctx.nearest_before(text.index("历城区"), "district").adcode == "370104"
    assert ctx.nearest_before(0) is None


def test_wo_shi_in_a_municipality_is_the_municipality():
    text = "我市今年安排市重点项目300个，朝阳区、海淀区项目数居前。"
    ctx = RegionContext.from_document(doc(text, title="北京市重点项目清单发布"))
    assert first(ctx, text, "我市").adcode == "110000"
    assert first(ctx, text, "朝阳区").adcode == "110105"


def test_quan_qu_in_an_autonomous_region():
    text = "全区今年计划新开工项目1000个，南宁、柳州、桂林三市项目最多。"
    ctx = RegionContext.from_document(doc(text, title="广西壮族自治区重大项目建设推进会召开"))
    assert first(ctx, text, "全区").adcode == "450000"
    assert ctx.home("province").adcode == "450000"


def test_wo_sheng_and_quan_shi_in_a_city_story():
    text = "我省今年确定省重点项目500个，我市入选42个。"
    ctx = RegionContext.from_document(doc(text, url="https://www.qingdao.gov.cn/a/1.html"))
    got = dict(resolve_all(ctx))
    assert got == {"我省": "370000", "我市": "370200"}


# ---------------------------------------------------------------- cues
def test_dateline_source_and_host_cues():
    assert RegionContext.from_text("本报烟台3月2日讯 市中区开工项目5个。").main().adcode == "370600"
    assert RegionContext.from_text("开工项目5个。", source_name="大众日报·青岛").main().adcode == "370200"
    assert host_region("http://www.sd.gov.cn/art/2024/1/2/a.html").adcode == "370000"
    assert host_region("https://jinan.gov.cn/x").adcode == "370100"
    assert host_region("http://jinan.dzwww.com/a.html").adcode == "370100"     # a city's part of a provincial site
    assert host_region("http://www.dzwww.com/a.html").adcode == "370000"
    assert host_region("news.suzhou.example.cn") is None        # suzhou: 苏州 or 宿州
    assert host_region("http://www.shaanxi.gov.cn/").adcode == "610000"
    assert host_region(None) is None and host_region("") is None


def test_a_portals_city_channel_in_the_url_path_names_the_story_place():
    assert [r.adcode for r in path_regions("http://news.example.com/zhuzhou/2024/88.html")] == ["430200"]
    assert [r.adcode for r in path_regions("http://news.example.com/wuzhou/tengxian/9.html")] == ["450400"]
    assert path_regions("http://news.example.com/xwzx/dongtai/9.html") == []     # 动态, not 东台 (a county)
    assert path_regions("http://news.example.com/zhuzhou.html") == []      # a file name is no channel
    assert path_regions("http://news.example.com/news/local/1.html") == []
    # 鼓楼区 is in 福州, 南京, 徐州 and 开封: the channel of the portal decides
    text = "鼓楼区举行项目集中开工活动，开工项目8个。"
    ctx = RegionContext.from_document(doc(text, url="http://news.example.com/xuzhou/a/1.html"))
    assert first(ctx, text, "鼓楼区").adcode == "320302"


def test_news_agency_dateline_is_weak():
    # 新华社北京电 about a 福州 project: 北京 is where the reporter sat
    text = "新华社北京3月5日电 福州市鼓楼区今年签约项目20个，福州市重点项目加快推进。"
    ctx = RegionContext.from_text(text)
    assert ctx.main().adcode == "350100"
    assert first(ctx, text, "鼓楼区").adcode == "350102"


# ---------------------------------------------------------------- groups, abroad, nation
def test_groups_foreign_and_nation():
    text = "代表团赴长三角、京津和德国考察，全国已有20个省份参与。"
    ctx = RegionContext.from_document(doc(text, title="槐荫区外出招商"))
    found = {p.text: ctx.resolve(p) for p in find_places(text)}
    assert found["长三角"].level == "group" and found["长三角"].adcode == ""
    assert found["长三角"].path == ["上海市", "江苏省", "浙江省", "安徽省"]
    assert found["京津"].path == ["北京市", "天津市"]
    assert (found["德国"].adcode, found["德国"].level) == ("", "foreign")
    assert found["全国"] == NATION


def test_destinations_resolve_whatever_the_story():
    text = "从上海到杭州再到苏州，三天走访九个项目；随后赴天津、深圳。"
    ctx = RegionContext.from_document(doc(text, title="槐荫区赴长三角招商", source_name="济南时报"))
    assert [c for _, c in resolve_all(ctx)] == ["310000", "330100", "320500", "120000", "440300"]


def test_quan_qu_in_a_city_story_told_district_by_district():
    text = ("济南各区县抢抓项目建设。\n"
            "槐荫区召开项目推进会，动员全区上下比学赶超。\n"
            "章丘区举行重点项目集中开工，全区今年安排项目122个。")
    ctx = RegionContext.from_document(doc(text, title="济南各区县项目建设忙", source_name="济南时报"))
    assert ctx.main().adcode == "370100"
    assert ctx.home("district") is None                 # the story as a whole has no one district
    got = [(p.text, ctx.resolve(p).adcode) for p in find_places(text) if p.kind == "self"]
    assert got == [("全区上下", "370104"), ("全区", "370114")]


def test_self_reference_without_any_place_is_unknown():
    ctx = RegionContext.from_text("全市今年签约项目50个。")
    assert ctx.resolve(find_places("全市")[0]) is None


def test_docstring_examples_run():
    import doctest

    from projectradar.regions import context, finder, hosts, table

    for module in (table, finder, context, hosts):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


# ---------------------------------------------------------------- pages from many provinces
PAGES = [
    pytest.param(
        dict(source_name="湖南日报", title="湖南重大项目集中开工 长沙株洲湘潭齐发力",
             text="记者从省发改委获悉，3月1日，全省第一季度重大项目集中开工活动在各市州同步举行。长沙市开工项目120个，"
                  "总投资850亿元；株洲开工项目48个；湘潭市岳塘区、雨湖区共开工项目30个。芙蓉区、天心区分会场气氛热烈。"
                  "衡阳、岳阳、常德等地也同步开工。我省今年安排省重点建设项目300个。"),
        "430000",
        [("全省", "430000"), ("长沙市", "430100"), ("株洲", "430200"), ("湘潭市", "430300"), ("岳塘区", "430304"),
         ("雨湖区", "430302"), ("芙蓉区", "430102"), ("天心区", "430103"), ("衡阳", "430400"), ("岳阳", "430600"),
         ("常德", "430700"), ("我省", "430000")],
        id="province-paper-listing-cities"),
    pytest.param(
        dict(url="http://www.pingyin.gov.cn/art/2024/2/2/art_1.html", title="平阴县举行一季度项目集中签约",
             text="2月2日上午，我县举行2024年第一季度招商引资项目集中签约仪式，现场签约项目18个，总投资65亿元。"
                  "县委书记在致辞中说，全县上下要以更大力度抓招商。"),
        "370124",
        [("我县", "370124"), ("全县上下", "370124")],
        id="county-government-site"),
    pytest.param(
        dict(source_name="香港商报", title="广东深圳南山区签约项目",
             text="深圳市南山区昨日举行重点项目签约仪式，共签约项目25个，总投资超300亿元。该区表示，将与前海协同发展，"
                  "并赴新加坡、德国开展招商。"),
        "440305",          # the story is about the one district it names
        [("深圳市", "440300"), ("南山区", "440305"), ("该区", "440305"), ("前海", "440305"), ("新加坡", ""), ("德国", "")],
        id="shenzhen-district-with-zone-and-abroad"),
    pytest.param(
        dict(source_name="重庆日报", title="渝北区一季度重大项目集中开工",
             text="3月18日，渝北区举行一季度重大项目集中开工仪式，22个项目集中开工，总投资180亿元。两江新区、江北区也同步"
                  "举行开工活动。全市今年计划实施市级重大项目1200个。"),
        None,
        [("渝北区", "500112"), ("两江新区", "500000"), ("江北区", "500105"), ("全市", "500000")],
        id="chongqing-districts"),
    pytest.param(
        dict(source_name="天山网", title="伊犁州重点项目集中开工",
             text="4月8日，伊犁哈萨克自治州2024年重点项目集中开工仪式在伊宁市举行。霍尔果斯市、奎屯市设立分会场。"
                  "全州今年计划实施重点项目500个。"),
        "654000",
        [("伊犁哈萨克自治州", "654000"), ("伊宁市", "654002"), ("霍尔果斯市", "654004"), ("奎屯市", "654003"),
         ("全州", "654000")],
        id="autonomous-prefecture"),
]


@pytest.mark.parametrize("meta, main, expected", PAGES)
def test_pages_from_many_provinces(meta, main, expected):
    ctx = RegionContext.from_text(meta.pop("text"), **meta)
    if main is not None:
        assert ctx.main().adcode == main
    assert resolve_all(ctx) == expected


def test_more_datelines_and_outlets():
    ctx = RegionContext.from_text("央广网济南1月30日消息 市中区开工项目5个。")
    assert ctx.main().adcode == "370103"        # 济南's 市中区: the one district named
    assert ctx.home("city").adcode == "370100"
    assert RegionContext.from_text("开工项目5个。", source_name="齐鲁晚报").main().adcode == "370000"
    # a national agency's dateline counts little, and its place is not a place of the story
    ctx = RegionContext.from_text("新华社北京3月5日电 福州市鼓楼区签约项目20个。")
    assert ctx.main().adcode == "350102"
    assert ctx.support.get("110000", 0) < ctx.support["350100"]


def test_a_province_short_name_is_the_province():
    ctx = RegionContext.from_text("天津市与河北加强协同，海南、吉林也派员参加。", title="天津：京津冀协同发展推进会召开")
    got = dict(resolve_all(ctx))
    assert got["河北"] == "130000"          # not 天津's 河北区
    assert got["海南"] == "460000"          # not 青海's 海南州
    assert got["吉林"] == "220000"          # 吉林市 lies inside 吉林省: the story decides, and it names no 吉林市
    jilin_city = RegionContext.from_text("吉林市今年开工项目300个，吉林发展势头良好。", title="吉林市重点项目")
    assert first(jilin_city, jilin_city.text, "吉林").adcode == "220200"


def test_self_reference_right_after_a_place_is_that_place():
    text = "据介绍，邹平全市今年建设高标准农田10万亩；怒江全州咖啡种植面积扩大；湖南宁乡高新区新签项目8个。"
    ctx = RegionContext.from_text(text)
    got = [(p.text, ctx.resolve(p).adcode) for p in find_places(text) if p.kind == "self"]
    assert got == [("全市", "371681"), ("全州", "533300"), ("高新区", "430182")]


def test_quan_shi_in_a_county_level_city_story():
    text = "今年以来，全市新签约项目56个。"
    ctx = RegionContext.from_text(text, title="邹平市招商引资取得新突破")
    assert first(ctx, text, "全市").adcode == "371681"


def test_a_city_beats_county_namesakes_elsewhere():
    text = "在广州、青岛、合肥、西安、成都5个城市同步举行。"
    ctx = RegionContext.from_text(text)
    assert dict(resolve_all(ctx))["西安"] == "610100"      # not 辽源's or 牡丹江's 西安区
    assert first(ctx, "朝阳", "朝阳") is None               # 北京's 朝阳区 or 辽宁's 朝阳市: no guess


def test_city_short_name_against_county_namesakes_in_a_bulletin():
    text = "黑龙江冰雪旅游持续升温，游客同比增长三成。另讯，西安东站建设进入收尾阶段。"
    ctx = RegionContext.from_text(text, title="国内快讯")
    assert dict(resolve_all(ctx))["西安"] == "610100"        # not 牡丹江's 西安区
    mudanjiang = RegionContext.from_text("牡丹江市西安区今年新开工项目12个，西安区负责人介绍。", title="牡丹江：项目建设提速")
    assert [c for t, c in resolve_all(mudanjiang) if t == "西安区"] == ["231005", "231005"]


def test_context_keeps_the_places_of_its_text():
    text = "市中区签约项目23个，槐荫区开工项目8个。"
    ctx = RegionContext.from_document(doc(text, title="济南各区县项目建设"))
    assert [p.text for p in ctx.places] == ["市中区", "槐荫区"]
    assert [text[p.start:p.end] for p in ctx.places] == ["市中区", "槐荫区"]


# ---------------------------------------------------------------- short names of places standing alone
@pytest.mark.parametrize("text, name, code", [
    ("河南招商团到访。", "河南", "410000"),
    ("海南自贸港政策吸引投资。", "海南", "460000"),
    ("中山举行重大项目签约。", "中山", "442000"),
    ("昆山签约10个项目。", "昆山", "320583"),
])
def test_a_short_name_standing_alone_resolves(text, name, code):
    ctx = RegionContext.from_text(text)
    assert first(ctx, text, name).adcode == code


def test_zhongshan_in_a_dalian_story_is_its_district():
    text = "大连市中山区今天集中签约。中山签约项目12个。"
    ctx = RegionContext.from_text(text, title="大连：项目建设开门红")
    assert [code for name, code in resolve_all(ctx) if name == "中山"] == ["210202"]


def test_dangdi_is_the_place_just_named():
    text = "济南市举行推介会。邹平市招商团随后到达，当地签约了5个项目。"
    ctx = RegionContext.from_text(text)
    assert dict(resolve_all(ctx))["当地"] == "371681"
    # a new paragraph: the place named before it no longer holds; the story's home does
    text = "济南市今年项目建设提速。\n当地企业纷纷扩产。"
    ctx = RegionContext.from_text(text, title="济南：项目建设提速")
    assert dict(resolve_all(ctx))["当地"] == "370100"


def test_quanshi_in_a_county_level_city_story_is_that_city():
    text = "据金华市发改委消息，兰溪市今年重大项目建设提速。全市共开工项目32个。"
    ctx = RegionContext.from_text(text, url="http://www.lanxi.gov.cn/art/2024/3/28/art_1.html")
    assert ctx.main().adcode == "330781"
    assert dict(resolve_all(ctx))["全市"] == "330781"


@pytest.mark.parametrize("url, code", [
    ("http://www.pizhou.gov.cn/pzxw/2024/a.html", "320382"),   # 邳州市: a county-level city
    ("https://www.kunshan.gov.cn/x.html", "320583"),
    ("http://www.feixian.gov.cn/info/1.html", "371325"),        # 费县: short name + xian
    ("http://www.lanxi.gov.cn/a.html", "330781"),               # 兰溪市 over 兰西县
    ("http://gongan.jinan.gov.cn/a.html", "370100"),            # a bureau's label is no 公安县
])
def test_hosts_of_county_sites_from_pinyin(url, code):
    assert host_region(url).adcode == code


def test_the_site_name_of_an_html_title_gives_the_home():
    from projectradar.pages import split_page
    from projectradar.records import RawInput

    html = ("<html><head><title>我市重大项目集中开工_邳州市人民政府</title></head><body>"
            "<h1>我市重大项目集中开工</h1><div><p>3月28日上午，全市重大项目集中开工仪式举行，共开工项目32个，"
            "总投资156亿元。</p><p>全市上下要紧盯目标，加快推进项目建设，确保项目早竣工早投产，"
            "各部门要强化服务保障。</p></div></body></html>")
    article = split_page(RawInput(source="page.html", content=html, hint="html"))[0]
    assert article.source_name == "邳州市人民政府"
    ctx = RegionContext.from_document(article)
    assert ctx.home("city").adcode == "320382"


def test_the_source_header_of_a_government_page_gives_the_home():
    from projectradar.pages import split_page
    from projectradar.records import RawInput

    page = ("我市一季度重大项目集中签约\n发布时间:2024-03-12 10:30 来源:邳州市人民政府\n"
            "3月11日，全市一季度重大项目集中签约活动举行，现场签约项目26个，总投资108亿元。\n")
    article = split_page(RawInput(source="gov.txt", content=page))[0]
    assert article.source_name == "邳州市人民政府"
    ctx = RegionContext.from_document(article)
    assert ctx.home("city").adcode == "320382"
    place = next(p for p in find_places(article.text) if p.text == "全市")
    assert ctx.resolve(place).adcode == "320382"


def test_a_firm_named_after_a_place_is_no_support_for_the_story():
    text = "3月1日,深圳华腾集团年产10万吨新材料项目签约落户,总投资15亿元。"
    assert RegionContext.from_text(text, title="项目签约快讯").main() is None
    # the place itself, named apart from the firm, still counts
    text = "3月1日,永康市与杭州恒远新材料科技有限公司签约,总投资20亿元。"
    assert RegionContext.from_text(text, title="项目签约快讯").main().adcode == "330784"
    # a government body is where the story is
    text = "3月1日,宁波杭州湾新区管委会集中签约项目12个。"
    assert RegionContext.from_text(text, title="项目签约快讯").main().adcode == "330200"
