"""The division table and the place-name scan: codes, short names, groups, places abroad, not-places."""
from __future__ import annotations

import opencc
import pytest

from projectradar.errors import RuleError
from projectradar.tables import parse_table
from projectradar import regions
import projectradar.regions.lexicon  # noqa: F401  (regions.lexicon below)
from projectradar.regions import find_places
from projectradar.records import Region

from fixtures.rule_tables import table_reads


def places(text: str) -> list[tuple[str, str, list[str]]]:
    """(text, kind, candidate adcodes) of every place found."""
    return [(p.text, p.kind, [r.adcode for r in p.candidates]) for p in find_places(text)]


def codes(text: str) -> list[list[str]]:
    return [c for _, _, c in places(text)]


# ---------------------------------------------------------------- the table
@pytest.mark.parametrize("adcode, name, parent", [
    ("370116", "莱芜区", "370100"),       # 2019: 莱芜市 became a district of 济南
    ("370117", "钢城区", "370100"),
    ("370115", "济阳区", "370100"),       # 2018: 济阳县 -> 济阳区
    ("370614", "蓬莱区", "370600"),       # 2020: 蓬莱市 + 长岛县
    ("130505", "任泽区", "130500"),       # 2020: 任县 -> 任泽区
    ("320613", "崇川区", "320600"),       # 2020: 崇川区 + 港闸区
    ("410307", "偃师区", "410300"),       # 2021
    ("350405", "沙县区", "350400"),       # 2021
    ("510118", "新津区", "510100"),       # 2020
    ("630106", "湟中区", "630100"),       # 2019
    ("340281", "无为市", "340200"),       # 2019: 无为县 -> 无为市
    ("133100", "雄安新区", "130000"),
    ("500105", "江北区", "500000"),       # 重庆: districts hang on the municipality itself
    ("500112", "渝北区", "500000"),
    ("110105", "朝阳区", "110000"),
    ("120116", "滨海新区", "120000"),
    ("310115", "浦东新区", "310000"),
    ("419001", "济源市", "410000"),       # county-level city under the province directly
    ("441900", "东莞市", "440000"),       # a city without districts
])
def test_current_codes_and_parents(adcode, name, parent):
    region = regions.lookup(adcode)
    assert region is not None and region.name == name
    assert regions.parent(adcode).adcode == parent


def test_abolished_and_old_codes_are_gone():
    assert regions.lookup("371200") is None      # 莱芜市, abolished 2019
    assert regions.lookup("370125") is None      # 济阳县
    assert regions.lookup("360105") is None      # 湾里区, merged 2019
    assert regions.lookup("110100") is None      # 北京 "市辖区": districts sit under 110000
    assert [r.adcode for r in regions.find_by_name("莱芜")] == ["370116"]


def test_paths_and_levels():
    assert regions.lookup("370103").path == ["山东省", "济南市", "市中区"]
    assert regions.lookup("110105").path == ["北京市", "朝阳区"]
    assert regions.lookup("370000") == Region("山东省", "370000", "province", ["山东省"])
    assert regions.lookup("370100").level == "city"
    assert regions.lookup("370124").level == "district"       # 平阴县
    assert regions.lookup("370181") is None                   # 章丘市 became 章丘区 370114 in 2016
    assert regions.lookup("370114").name == "章丘区"
    assert regions.lookup("000000").level == "country"
    assert regions.lookup("999999") is None


def test_table_is_complete_enough():
    rows = regions.all_regions()
    levels = {lvl: sum(1 for r in rows if r.level == lvl) for lvl in ("province", "city", "district")}
    assert levels["province"] == 34                 # 23 provinces, 5 autonomous regions, 4 municipalities, 香港, 澳门
    assert 330 <= levels["city"] <= 340
    assert 2800 <= levels["district"] <= 2900
    assert len({r.adcode for r in rows}) == len(rows)
    for region in ("香港特别行政区", "澳门特别行政区", "台湾省"):
        assert region in {r.name for r in rows}


def test_children_and_rows_for_the_store():
    jinan = [r.name for r in regions.children("370100")]
    assert jinan[:4] == ["历下区", "市中区", "槐荫区", "天桥区"]
    assert "莱芜区" in jinan and "钢城区" in jinan and len(jinan) == 12
    assert len(regions.children("000000")) == 34
    assert any(r.name == "朝阳区" for r in regions.children("110000"))
    row = next(r for r in regions.division_rows() if r["adcode"] == "370103")
    assert row == {"adcode": "370103", "name": "市中区", "short_names": ["市中"], "level": "district",
                   "parent": "370100", "path": ["山东省", "济南市", "市中区"]}
    assert next(r for r in regions.division_rows() if r["adcode"] == "370000")["parent"] is None


def test_lookup_returns_copies():
    regions.lookup("370103").path.append("junk")
    assert regions.lookup("370103").path == ["山东省", "济南市", "市中区"]


def test_is_within():
    assert regions.is_within("370103", "370100")
    assert regions.is_within("370103", "370000")
    assert regions.is_within("370103", "000000")
    assert not regions.is_within("370402", "370100")


def test_find_by_name_ranks_province_city_district():
    assert [r.adcode for r in regions.find_by_name("济南")] == ["370100"]
    assert [r.adcode for r in regions.find_by_name("济南市")] == ["370100"]
    assert [r.adcode for r in regions.find_by_name("吉林")] == ["220000", "220200"]
    assert [r.adcode for r in regions.find_by_name("长沙")] == ["430100", "430121"]
    assert [r.adcode for r in regions.find_by_name("市中区")] == ["370103", "370402", "511002", "511102"]
    assert [r.adcode for r in regions.find_by_name("泉城")] == ["370100"]
    assert regions.find_by_name("全国")[0].adcode == "000000"
    assert regions.find_by_name("不存在的地方") == []
    # qualified names, as a user may type them after --region
    assert [r.adcode for r in regions.find_by_name("济南市中区")] == ["370103"]
    assert [r.adcode for r in regions.find_by_name("枣庄市中区")] == ["370402"]
    assert [r.adcode for r in regions.find_by_name("福州鼓楼区")] == ["350102"]
    assert [r.adcode for r in regions.find_by_name("北京朝阳")] == ["110105"]


# ---------------------------------------------------------------- the scan
def test_full_and_short_names():
    assert places("山东省济南市历下区") == [
        ("山东省", "division", ["370000"]), ("济南市", "division", ["370100"]), ("历下区", "division", ["370102"])]
    assert codes("槐荫、平阴、商河三区县") == [["370104"], ["370124"], ["370126"]]
    assert codes("广西壮族自治区与广西、内蒙古自治区和内蒙古") == [["450000"], ["450000"], ["150000"], ["150000"]]


def test_offsets_point_into_the_text():
    text = "1月30日，济南市中区举行签约仪式"
    for p in find_places(text):
        assert text[p.start:p.end] == p.text


def test_overlapping_names_split_to_cover_most():
    # 济南市中区 is 济南 + 市中区, not 济南市 + 中区
    assert places("济南市中区") == [("济南", "division", ["370100"]),
                                 ("市中区", "division", ["370103", "370402", "511002", "511102"])]
    assert codes("浙江苏州") == [["330000"], ["320500"]]
    assert codes("唐山城际铁路") == [["130200"]]          # not 山城
    assert codes("历城区委书记") == [["370112"]]           # not 城区


def test_two_character_county_names_need_a_clean_edge():
    assert codes("平阴、商河两县") == [["370124"], ["370126"]]
    assert codes("在平阴投资") == [["370124"]]             # 在 announces a place
    assert places("平阴投资环境") == []                      # 平阴 runs on into a word: not taken
    assert codes("平阴县投资环境") == [["370124"]]          # the full name always is


def test_not_places():
    assert places("拿出真金白银支持企业发展") == []
    assert places("加强交流合作，扩大对外开放") == []
    assert places("老城区和新区") == []
    assert places("东方既白") == []
    assert codes("海南省东方市") == [["460000"], ["469007"]]
    assert codes("甘肃省合作市") == [["620000"], ["623001"]]
    assert codes("白银市") == [["620400"]]
    assert places("朝阳产业") == []
    assert places("市中心") == []
    assert places("新兴产业和新建项目") == []
    assert places("中方愿同各方") == []
    assert places("峨眉山景区") == []                          # no 眉山 inside the mountain


def test_people_and_streets_are_not_places():
    assert places("、李长春、") == []
    assert places("市委书记王东明出席") == []
    assert places("北京路和南阳村") == []
    assert codes("吉林长春") == [["220000", "220200"], ["220100"]]


def test_groups():
    assert places("赴长三角考察招商") == [("长三角", "group", ["310000", "320000", "330000", "340000"])]
    assert places("辗转京津两地") == [("京津", "group", ["110000", "120000"])]
    assert places("京津冀协同发展")[0][2] == ["110000", "120000", "130000"]
    assert "810000" in places("粤港澳大湾区")[0][2]
    assert [r.name for r in regions.group_members("长株潭")] == ["长沙市", "株洲市", "湘潭市"]
    assert regions.group_members("济南") == []


def test_foreign_places_and_special_regions():
    found = find_places("代表团赴德国、新加坡和东南亚，并在香港、澳门、台湾举办推介会")
    assert [(p.text, p.kind) for p in found] == [
        ("德国", "foreign"), ("新加坡", "foreign"), ("东南亚", "foreign"),
        ("香港", "division"), ("澳门", "division"), ("台湾", "division")]
    germany = found[0].candidates[0]
    assert (germany.adcode, germany.level, germany.path) == ("", "foreign", ["欧洲", "德国"])
    assert [p.candidates[0].adcode for p in found[3:]] == ["810000", "820000", "710000"]
    assert [p.text for p in find_places("莫桑比克、坦桑尼亚、马达加斯加")] == ["莫桑比克", "坦桑尼亚", "马达加斯加"]


def test_trip_destinations():
    assert codes("从上海到杭州再到苏州") == [["310000"], ["330100"], ["320500"]]
    assert codes("赴长沙、深圳招商")[1] == ["440300"]
    assert codes("赴长沙、深圳招商")[0][0] == "430100"


def test_self_references_and_the_nation():
    found = find_places("我市、全县、该区、全省、全市上下、本市")
    assert [(p.text, p.kind, p.candidates) for p in found] == [
        ("我市", "self", []), ("全县", "self", []), ("该区", "self", []),
        ("全省", "self", []), ("全市上下", "self", []), ("本市", "self", [])]
    assert [regions.self_level(p.text) for p in found] == ["city", "district", "district", "province", "city", "city"]
    nation = find_places("全国首个")[0]
    assert nation.candidates == [regions.NATION]
    assert regions.self_level("济南") is None


def test_municipality_districts():
    assert codes("北京市朝阳区") == [["110000"], ["110105", "220104"]]
    assert codes("重庆两江新区和渝北区") == [["500000"], ["500112"]]
    assert codes("天津滨海新区") == [["120116"]]
    assert codes("上海浦东、临港新片区") == [["310000"], ["310115"], ["310115"]]
    assert codes("北京市海淀区、石景山") == [["110000"], ["110108"], ["110107"]]


def test_autonomous_prefectures_and_counties():
    assert codes("延边朝鲜族自治州") == [["222400"]]
    assert codes("延边州") == [["222400"]]
    assert codes("张家川回族自治县") == [["620525"]]
    assert codes("伊犁哈萨克自治州") == [["654000"]]
    assert codes("黔东南苗族侗族自治州") == [["522600"]]
    assert codes("长阳土家族自治县") == [["420528"]]
    assert codes("察右中旗") == [["150927"]]


def test_zones_and_nicknames():
    assert codes("雄安新区") == [["133100"]]
    assert codes("雄安") == [["133100"]]
    assert codes("泉城济南") == [["370100"], ["370100"]]
    assert codes("鹭岛") == [["350200"]]
    assert codes("羊城") == [["440100"]]
    assert codes("蓉城") == [["510100"]]
    assert codes("星城长沙")[0] == ["430100"]
    assert [p.kind for p in find_places("高新区")] == ["self"]
    assert places("卫星城") == []


def test_traditional_script_after_normalization():
    t2s = opencc.OpenCC("t2s")
    text = t2s.convert("濟南市歷下區與槐蔭區、長清區，赴廣東深圳和長三角")
    assert codes(text) == [["370100"], ["370102"], ["370104"], ["370113"], ["440000"], ["440300"],
                           ["310000", "320000", "330000", "340000"]]


def test_empty_and_placeless_text():
    assert find_places("") == []
    assert find_places("今天天气很好，项目进展顺利。") == []
    assert find_places("ABC 123 !!!") == []


# ---------------------------------------------------------------- the tables fail loudly
def with_tables(monkeypatch, **texts: str) -> None:
    """Let the region tables read `texts` (name without .tsv -> text) instead of the shipped files."""
    real = regions.table.load_table

    def tables(name, columns, optional=0, blank=()):
        stem = name.removesuffix(".tsv")
        if stem in texts:
            return parse_table(texts[stem], name, columns, optional, blank)
        return real(name, columns, optional, blank)

    monkeypatch.setattr(regions.table, "load_table", tables)


@pytest.mark.parametrize("table, text, loader, message", [
    ("place_groups", "长三角\t310000,999999\tbad member", "_groups", r"place_groups\.tsv:2: member 999999"),
    ("self_references", "当地\thome\there", "_self_references", r"self_references\.tsv:2: '当地' home here"),
])
def test_a_bad_table_line_names_file_and_line(monkeypatch, table, text, loader, message):
    with_tables(monkeypatch, **{table: f"# header\n{text}\n"})
    load = getattr(regions.table, loader)
    load.cache_clear()
    try:
        with pytest.raises(RuleError, match=message):
            load()
    finally:
        monkeypatch.undo()
        load.cache_clear()


def test_shipped_tables_load_cleanly():
    regions.lexicon._index.cache_clear()
    senses, by_prefix, _ = regions.lexicon._index()
    assert "济南" in senses and "长三角" in senses and "德国" in senses
    assert by_prefix["济南"][-1] == 2 and 3 in by_prefix["济南"]
    assert all(lengths == tuple(sorted(lengths, reverse=True)) for lengths in by_prefix.values())
    assert "、" in regions.lexicon._neighbours().safe_after
    from projectradar.regions.hosts import _host_table
    hosts, pinyin = _host_table()
    assert hosts["sd.gov.cn"] == "370000" and pinyin["jinan"] == "370100" and "suzhou" not in pinyin


def test_two_character_full_names_start_a_word():
    assert places("形成县、乡两级联动") == []           # no 成县
    assert places("代县长主持会议") == []               # acting county head, not 代县
    assert places("推进新县城建设") == []                # no 新县
    assert codes("山西代县") == [["140000"], ["140923"]]
    assert codes("安徽泾县") == [["340000"], ["341823"]]
    assert codes("单县、曹县、成武县") == [["371722"], ["371721"], ["371723"]]
    assert codes("在泾县考察") == [["341823"]]


def test_generic_phrases_seen_in_national_news():
    assert places("沿海城市和浙西南山区") == []
    assert places("党的二十大同心同德") == []
    assert places("坚持长治久安") == []
    assert places("各位来宾，大家好") == []
    assert codes("广西来宾市") == [["450000"], ["451300"]]
    assert places("突破40亿立方米大关，") == []
    assert places("中东部地区") == []
    assert codes("辽宁海城市") == [["210000"], ["210381"]]
    assert [p.text for p in find_places("密克罗尼西亚联邦")] == ["密克罗尼西亚"]


def test_a_short_name_right_after_its_province_or_city_is_taken():
    assert codes("江苏昆山落地投产") == [["320000"], ["320583"]]
    assert codes("济南槐荫打造高地") == [["370100"], ["370104"]]
    assert places("平阴落地投产") == []                       # a county alone runs on into 落地
    assert codes("昆山落地投产") == [["320583"]]               # a county-level city is named like a city
    assert codes("湖南昆山落地") == [["430000"]]               # 昆山 is not in 湖南: no
    assert codes("林芝市米林水电站") == [["540400"]]          # a works named after the county


def test_autonomous_prefectures_by_short_name_and_zhou():
    assert places("延边州和恩施州") == [("延边州", "division", ["222400"]), ("恩施州", "division", ["422800"])]
    assert codes("青海海南州") == [["630000"], ["632500"]]          # the prefecture, not 海南省
    assert codes("海南省") == [["460000"]]
    assert codes("新疆克州") == [["650000"], ["653000"]]


def test_a_bad_neighbour_rule_names_file_and_line(monkeypatch):
    with_tables(monkeypatch, place_context="# header\nsafe_after\t、\nsurnames\t王 李\n")
    regions.lexicon._neighbours.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"place_context\.tsv:3: rule 'surnames'"):
            regions.lexicon._neighbours()
    finally:
        monkeypatch.undo()
        regions.lexicon._neighbours.cache_clear()
    assert "王" in regions.lexicon._neighbours().surname


def test_natural_features_and_works_named_after_counties():
    assert places("在鄱阳湖畔") == []
    assert codes("江西鄱阳湖") == [["360000"]]
    assert places("登上长白山") == []
    assert codes("浙江宁波江北区") == [["330000"], ["330200"], ["330205", "500105"]]
    assert codes("湖州南浔建设") == [["330500"], ["330503"]]
    assert places("从中牟利") == []
    assert places("投资中的比重") == []


def test_names_that_opencc_rewrites_still_resolve():
    t2s = opencc.OpenCC("t2s")
    assert codes(t2s.convert("陝西乾縣和吉林乾安縣")) == [["610000"], ["610424"], ["220000", "220200"], ["220723"]]
    assert places("若干县区") == []


def test_ordinary_words_that_name_divisions_need_their_city():
    assert places("上海西岸滨水新城区") == [("上海", "division", ["310000"])]
    assert codes("西安市新城区") == [["610100"], ["150102", "610102"]]
    assert codes("阳泉市城区") == [["140300"], ["140302", "140502", "441502"]]
    assert places("鼓楼是侗寨的标志") == []
    assert codes("南京鼓楼") == [["320100"], ["320106", "320302", "350102", "410204"]]
    assert codes("鼓楼区签约") == [["320106", "320302", "350102", "410204"]]
    assert codes("攀枝花东区") == [["510400"], ["510402"]]


def test_a_qualified_rule_for_no_division_fails_loudly(monkeypatch):
    with_tables(monkeypatch, not_places="# header\n开发区\tqualified\t\n")
    for loader in (regions.lexicon._not_places, regions.lexicon._index):
        loader.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"not_places\.tsv:2: '开发区' is marked 'qualified'"):
            regions.lexicon._index()
    finally:
        monkeypatch.undo()
        for loader in (regions.lexicon._not_places, regions.lexicon._index):
            loader.cache_clear()
    assert regions.find_places("济南") != []


def test_one_character_abbreviations_in_trip_phrases():
    found = find_places("区委书记带队赴京招商，随后来沪考察，并到渝期间签约")
    assert [(p.text, p.candidates[0].adcode) for p in found] == [("京", "110000"), ("沪", "310000"), ("渝", "500000")]
    assert places("签约仪式在京举行") == []                                # a venue, not a trip
    assert [p.text for p in find_places("企业赴港上市")] == ["港"]
    assert [p.text for p in find_places("赴深圳考察")] == ["深圳"]          # the full name, not 深
    assert places("深入推进，在深化改革中") == []
    assert places("船舶抵港后卸货") == []
    assert codes("赴京津冀考察") == [["110000", "120000", "130000"]]       # the group, no stray 京


def test_build_script_short_names():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_regions.py"
    spec = importlib.util.spec_from_file_location("build_regions", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.short_names("济南市") == ["济南"]
    assert build.short_names("广西壮族自治区") == ["广西"]
    assert build.short_names("张家川回族自治县") == ["张家川"]
    assert build.short_names("伊犁哈萨克自治州") == ["伊犁"]
    assert build.short_names("城区") == [] and build.short_names("赵县") == []
    assert build.short_names("乌拉特前旗") == []
    assert build.short_names("香港特别行政区") == ["香港"]


# ---------------------------------------------------------------- short names of cities
@pytest.mark.parametrize("text, code", [
    ("昆山签约10个先进制造项目", "320583"),
    ("义乌举行春季投资促进大会", "330782"),
    ("晋江开工一批鞋服产业链项目", "350582"),
    ("慈溪人在外创业的热情不减", "330282"),
    ("常熟举办集中签约仪式，", "320581"),
])
def test_a_county_level_city_short_name_is_read_like_a_city(text, code):
    assert codes(text)[0] == [code]


def test_a_county_short_name_still_needs_a_safe_neighbour():
    assert places("平阴落地投产") == []            # 平阴县 is a county, not a county-level city
    assert places("大理石加工") == []               # 大理市's short name inside a word
    assert codes("湖南昆山落地") == [["430000"]]    # glued to a province that does not hold it


def test_zhongshan_alone_is_a_place_but_not_in_street_or_person_names():
    assert codes("中山举行重大项目签约")[0] == ["442000", "210202"]
    assert places("中山路沿线改造") == []
    assert places("中山东路拓宽") == []
    assert places("纪念孙中山先生") == []


@pytest.mark.parametrize("text", [
    "常委王沪宁出席会议",          # a group's name (沪宁) as a given name
    "驱逐舰南宁舰返航",            # a ship
    "在大连理工大学举办对接会",      # a school
    "舰队驶向地中海东部",          # a sea holds no 海东
    "维护和平和安全",              # 和安县? no: a conjunction
    "当地时间周二上午",            # local time abroad
    "推动上海合作组织发展",         # an organization
])
def test_words_that_hide_a_place_name(text):
    assert [p for p in find_places(text) if p.kind in ("division", "group", "self")] == []


def test_a_foreign_province_is_not_a_chinese_prefecture():
    assert places("库尔斯克州边境") == [("库尔斯克", "foreign", [""])]


@pytest.mark.parametrize("text", ["纪念孙中山先生", "南极考察中山站", "集安组织峰会", "安达集团董事长"])
def test_names_of_people_stations_and_companies_are_not_places(text):
    assert [p for p in find_places(text) if p.kind == "division"] == []


# ---------------------------------------------------------------- zones named after other places
def resolved(text: str) -> list[tuple[str, str]]:
    from projectradar.regions.context import RegionContext
    ctx = RegionContext.from_text(text)
    return [(p.text, ctx.resolve(p).adcode) for p in find_places(text) if ctx.resolve(p)]


@pytest.mark.parametrize("text, expected", [
    # the last division name before the zone ending is the zone's place
    ("杭州湾上虞经济技术开发区新签项目7个。", [("杭州湾上虞经济技术开发区", "330604")]),
    ("上虞经济开发区签约10个项目。", [("上虞", "330604"), ("经济开发区", "330604")]),
    ("宁波杭州湾新区开工项目12个。", [("宁波杭州湾新区", "330200")]),
    ("宁波杭州湾工业园区开工。", [("宁波", "330200")]),
    ("嘉兴秀洲高新区开工。", [("嘉兴", "330400"), ("秀洲", "330411"), ("高新区", "330411")]),
    ("苏州工业园区签约。", [("苏州工业园区", "320500")]),
    ("张江科学城签约项目。", [("张江科学城", "310115")]),
    ("淄博高新区与临淄经济开发区签约。", [("淄博", "370300"), ("高新区", "370300"), ("临淄", "370305"),
                                  ("经济开发区", "370305")]),
])
def test_zone_names_resolve_to_the_place_they_belong_to(text, expected):
    assert [pair for pair in resolved(text) if pair[1]] == expected


def test_places_before_a_zone_name_outside_it_are_kept():
    assert resolved("济南市代表团赴苏州工业园区考察。") == [("济南市", "370100"), ("苏州工业园区", "320500")]
    assert [t for t, _ in resolved("山东济南高新区签约。")] == ["山东", "济南", "高新区"]   # 山东 contains 济南


def test_a_bare_short_name_before_a_weak_ending_stays_unread():
    assert places("城东新区开工。") == []


@pytest.mark.parametrize("text, absent", [
    ("长沙湾的商铺", "长沙"),
    ("游船驶入深圳湾", "深圳"),
    ("胶州湾大桥", "胶州"),
    ("四川北路街道", "四川"),
    ("上海北路沿线", "上海"),
    ("在南京东路开店", "南京"),
    ("“福建号”启航", "福建"),
    ("江西路与湖南路交叉口", "江西"),
    ("宁夏路改造", "宁夏"),
])
def test_bays_streets_and_ships_named_after_places(text, absent):
    assert absent not in [t for t, _, _ in places(text)]


@pytest.mark.parametrize("text, found", [
    ("吉林省长春市签约", ["220000", "220100"]),
    ("吉林市开工", ["220200"]),
    ("海南岛上的项目", ["460000"]),
    ("西安东站建设", ["610100"]),               # a station lies in the place it names
])
def test_common_short_names_still_read(text, found):
    assert [c[0] for c in codes(text)] == found


@pytest.mark.parametrize("text, expected", [
    ("推进上虞开发区建设。", ["上虞"]),                  # a strong ending vouches for a lone short name
    ("杭州湾上虞新区开工。", ["上虞"]),                  # after a bay, any ending will do
    ("绍兴上虞新区开工。", ["绍兴", "上虞"]),            # inside the place before it
    ("嘉兴东城开发区开工。", ["嘉兴"]),                  # 东城区 is Beijing's, not inside 嘉兴
    ("推进城北工业园区建设。", []),                      # quarter words: a town's north side
    ("推进郊区开发区建设。", []),                        # a full name that is also a word
    ("推进铁西开发区建设。", []),                        # several divisions share the name: not guessed
    ("王上虞开发区", []),
])
def test_names_before_zone_endings_are_read_with_care(text, expected):
    assert [t for t, kind, _ in places(text) if kind == "division"] == expected


def test_bad_zone_suffix_line_names_file_and_line(monkeypatch):
    with_tables(monkeypatch, zone_suffixes="# endings\n开发区\tstrong\n新区\tsometimes\n")
    regions.lexicon._zone_suffixes.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"zone_suffixes\.tsv:3: strength 'sometimes'"):
            regions.lexicon._zone_suffixes()
    finally:
        monkeypatch.undo()
        regions.lexicon._zone_suffixes.cache_clear()
    assert "高新区" in regions.lexicon._zone_suffixes()[1]


# ---------------------------------------------------------------- self-references, venues, datelines, quarters
def test_what_a_self_reference_says_by_its_words():
    assert regions.table.prefix_refers("我盟") == "story" and regions.table.prefix_refers("全县") == "whole"
    assert regions.table.prefix_refers("该区") == "named" and regions.table.prefix_refers("县里") is None
    assert regions.table.home_reference("当地") == "named" and regions.table.home_reference("本地") == "story"
    assert regions.table.own_name_ends("province") == ()


def test_whole_area_words_mean_an_autonomous_region_or_a_county_level_city():
    from projectradar.regions.context import RegionContext
    region = RegionContext.from_text("全区新开工项目20个。", title="宁夏回族自治区：项目建设提速").home("district")
    assert region is not None and region.adcode == "640000"
    region = RegionContext.from_text("全市新开工项目20个。", title="义乌市：项目建设提速").home("city")
    assert region is not None and region.adcode == "330782"


def test_a_venue_after_its_province_and_a_dateline_written_in_characters():
    from projectradar.regions.cues import held_at, story_cues
    text = "推介会在湖南省长沙市举行"
    assert held_at(text, text.index("长沙"), text.index("长沙") + 2).group() == "市举行"
    assert held_at("长沙市举行", 0, 2) is None
    assert story_cues().dateline.search("本报长沙三月五日讯 今天").groups() == ("本报", "长沙")


def test_a_bad_dateline_pattern_names_file_and_line(monkeypatch):
    from projectradar.regions import cues
    text = "".join(f"{word}\t{kind}\n" for word, kind in (
        ("赴", "setting_out"), ("、", "list_join"), ("本报", "own_outlet"), ("社", "outlet_end"),
        ("记者", "reporter"), ("讯", "dateline_end"), ("新华社", "national_outlet"), ("集团", "firm_ending"),
        ("举行", "venue_verb"), ("成功", "venue_adverb"), ("市", "venue_unit"), ("在", "venue_before"),
        ("省", "province_end"), ("\\d+月(\\d+日", "dateline_date")))
    with table_reads(monkeypatch, "story_cues.tsv", text, [cues], [cues.story_cues]):
        with pytest.raises(RuleError, match=r"story_cues\.tsv:14: bad regular expression"):
            cues.story_cues()


def test_a_quarter_name_before_a_zone_ending_is_no_place_alone():
    assert [p.text for p in find_places("东城开发区和上虞经济开发区") if p.kind == "division"] == ["上虞"]
