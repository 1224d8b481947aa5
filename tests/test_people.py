"""People anchored on title cues: names whole, titles as written, nothing invented."""
from __future__ import annotations

import doctest
import pytest

from projectradar.mentions.people import find_people


@pytest.mark.parametrize("text, name, title", [
    ("区委书记孙常建率领党政代表团赴长三角", "孙常建", "区委书记"),
    ("区委副书记、区长程学锋表示", "程学锋", "区委副书记、区长"),
    ("济南市委书记刘强在会上强调", "刘强", "市委书记"),   # the place before the title is dropped
    ("县委书记袁长奎带队到天津、深圳考察", "袁长奎", "县委书记"),
    ("区委书记郅颂主持会议", "郅颂", "区委书记"),
    ("市长陈博彰出席", "陈博彰", "市长"),
    ("省长王凯说", "王凯", "省长"),
    ("全国人大代表、中国飞鹤董事长冷友斌：发展乳品深加工", "冷友斌", "全国人大代表、中国飞鹤董事长"),
    ("国务院总理李强主持召开国务院常务会议", "李强", "国务院总理"),
    ("市委常委、常务副市长欧阳建国一行", "欧阳建国", "市委常委、常务副市长"),
    ("集团党委书记、董事长王为民介绍", "王为民", "党委书记、董事长"),
    ("历城区委书记张军带队奔赴北京", "张军", "区委书记"),
    ("章丘区委书记马志勇发出动员令", "马志勇", "区委书记"),
    ("县长赵一鸣，", "赵一鸣", "县长"),
    ("县委书记李向东作动员讲话", "李向东", "县委书记"),
    ("市委常委、常务副市长陈晓峰推介了我市投资环境", "陈晓峰", "市委常委、常务副市长"),
    ("市长罗伟推动项目落地", "罗伟", "市长"),
    ("经济开发区党工委书记、管委会主任孙志刚表示", "孙志刚", "党工委书记、管委会主任"),
])
def test_title_then_name(text, name, title):
    found = find_people(text)
    assert len(found) == 1, found
    person = found[0]
    assert person.name == name
    assert person.title == title
    assert text[person.start:person.end] == person.text
    assert person.text.endswith(name)


def test_name_then_title():
    found = find_people("会上，刘强书记指出，要抓项目")
    assert [(p.name, p.title) for p in found] == [("刘强", "书记")]


def test_two_people_in_one_sentence():
    found = find_people("区委书记孙常建、区长程学锋和副区长李和平出席")
    assert [(p.name, p.title) for p in found] == [
        ("孙常建", "区委书记"), ("程学锋", "区长"), ("李和平", "副区长")]


def test_names_listed_after_a_titled_one_share_its_title():
    found = find_people("副市长张伟、李红梅、王军等参加调研")
    assert [(p.name, p.title) for p in found] == [("张伟", "副市长"), ("李红梅", "副市长"), ("王军", "副市长")]
    found = find_people("区委书记孙常建、区长程学锋出席")
    assert [(p.name, p.title) for p in found] == [("孙常建", "区委书记"), ("程学锋", "区长")]
    found = find_people("董事长王五、发展改革委负责人")
    assert [(p.name, p.title) for p in found] == [("王五", "董事长")]


@pytest.mark.parametrize("text", [
    "区委书记带队赴上海考察", "县长在会上强调", "各区县党政主要负责同志", "市长热线", "董事长表示", "",
    "区委书记强调，", "县长高度重视", "市长全力推进", "市长向大家介绍", "吉林省长春市", "全能班主任培训",
    "联合国秘书长古特雷斯表示", "《部长宣言》", "俄罗斯总理米舒斯京", "莫斯科市长索比亚宁称",
])
def test_no_invented_names(text):
    assert find_people(text) == []


def test_docstring_examples():
    from projectradar.mentions import people
    for module in (people,):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


# ---------------------------------------------------------------- where a name ends; titles that are no names
@pytest.mark.parametrize("text, name", [
    ("区长续明再次带队赴深圳招商", "续明"),
    ("县长王刚随后主持召开座谈会", "王刚"),
    ("市长何平再赴园区督导", "何平"),
    ("副市长王再兴出席", "王再兴"),
])
def test_a_name_ends_before_again_and_then(text, name):
    assert [p.name for p in find_people(text)] == [name]


@pytest.mark.parametrize("text", ["公司董事长区长一同到场", "区委副书记区长到场察看", "省委书记省长会见客商"])
def test_a_title_is_never_a_name(text):
    assert find_people(text) == []


@pytest.mark.parametrize("text, expected", [
    ("福州长乐国际机场二期扩建", []),                       # 福州|长乐: no 州长
    ("杭州市长李明出席", [("李明", "市长")]),
    ("市中区委书记孙立新主持", [("孙立新", "区委书记")]),
    ("恩施州长王建华表示", [("王建华", "州长")]),
])
def test_a_title_that_begins_inside_a_place_name(text, expected):
    assert [(p.name, p.title) for p in find_people(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("省委常委班子带头学习", []),                            # 班 is a surname, 班子 a team
    ("央行行长易纲受国务院委托作报告", [("易纲", "行长")]),
    ("埃及总理马德布利表示", []),                            # a transliterated name we would cut short
])
def test_names_from_national_news(text, expected):
    assert [(p.name, p.title) for p in find_people(text)] == expected


# ---------------------------------------------------------------- trip leaders and title forms
@pytest.mark.parametrize("text, name, title", [
    ("市委常委、副市长林晓东一行赴宁波考察", "林晓东", "市委常委、副市长"),
    ("县委副书记、代县长韦振宇率队赴广州招商", "韦振宇", "县委副书记、代县长"),
    ("代区长邝文杰带队走访企业", "邝文杰", "代区长"),
    ("常务副市长施永刚等陪同", "施永刚", "常务副市长"),
    ("市委常委、统战部部长温雅出席", "温雅", "市委常委、统战部部长"),
    ("开发区党工委书记、管委会主任庞立新带队", "庞立新", "党工委书记、管委会主任"),
    ("副省长韩俊峰出席签约仪式", "韩俊峰", "副省长"),
    ("州长马玉兰表示", "马玉兰", "州长"),
    ("盟长巴特尔出席", "巴特尔", "盟长"),
    ("旗长乌力吉一行来访", "乌力吉", "旗长"),
    ("县委书记、县长郑和平率团参会", "郑和平", "县委书记、县长"),
    ("区委书记亓晓磊一行赴杭州", "亓晓磊", "区委书记"),
])
def test_title_forms_before_a_leader(text, name, title):
    assert [(p.name, p.title) for p in find_people(text)] == [(name, title)]


@pytest.mark.parametrize("text, name", [
    ("自治州州长艾尔肯·吐尼亚孜出席", "艾尔肯·吐尼亚孜"),
    ("州委副书记、州长阿不都热依木·买买提一行考察", "阿不都热依木·买买提"),
    ("副县长古丽娜尔·阿不都等陪同", "古丽娜尔·阿不都"),
    ("县长扎西率队赴成都", "扎西"),
    ("副县长次仁多吉一行", "次仁多吉"),
    ("旗长额尔敦、副旗长宝音等出席", "额尔敦"),
])
def test_names_of_ethnic_minority_officials(text, name):
    assert find_people(text)[0].name == name


@pytest.mark.parametrize("text", [
    "县长亲自率队赴成都",            # no name after the title: none invented
    "副县长扎西德勒文化节致辞",       # a minority part that runs on into other words
    "州长艾尔肯·吐尼亚孜阿布都热合曼买买提江",   # a dotted name running past what we read
])
def test_no_minority_name_invented(text):
    assert find_people(text) == []


@pytest.mark.parametrize("after", ["亲率", "分赴", "远赴", "奔赴", "赶赴", "带着", "任团长", "以及", "一行", "率队", "带队", "等"])
def test_a_leader_name_ends_before_the_trip_words(after):
    for name in ("王刚", "李晓东", "欧阳明"):
        assert [p.name for p in find_people(f"县委副书记、代县长{name}{after}深圳")] == [name]


def test_rare_surnames_of_officials():
    found = find_people("县长庹小明一行,副县长綦军率队,区长仉建华带队")
    assert [(p.name, p.title) for p in found] == [("庹小明", "县长"), ("綦军", "副县长"), ("仉建华", "区长")]


@pytest.mark.parametrize("table, text, message", [
    ("minority_names.tsv", "扎西\ttibetan\nX1\tnone\n", r"minority_names\.tsv:2"),
    # a word around titles that must be one character (titles.tsv, kind before_trailing)
    ("titles.tsv", "市长\tgovernment\n请问\tbefore_trailing\n", r"titles\.tsv:2: '请问': a before_trailing is one character"),
])
def test_bad_minority_name_or_title_line_fails_loudly(monkeypatch, table, text, message):
    from projectradar.errors import RuleError
    from projectradar import tables as mention_tables
    from projectradar.mentions import people
    real = mention_tables.load_table

    def fake(name, columns, optional=0):
        if name == table:
            return mention_tables.parse_table(text, table, 2)
        return real(name, columns, optional)

    monkeypatch.setattr(people, "load_table", fake)
    people._rules.cache_clear()
    try:
        with pytest.raises(RuleError, match=message):
            people._rules()
    finally:
        monkeypatch.undo()
        people._rules.cache_clear()
    assert find_people("县长扎西率队")[0].name == "扎西"


def test_a_name_right_after_a_short_title_is_read_where_no_stop_word_follows():
    # 同 here begins the next words, not the name: the strict reading leaves the name out,
    # the reading anchored on the title keeps it
    found = find_people("国家副主席何立同与会代表交流")
    assert [(p.name, p.title) for p in found] == [("何立", "副主席")]


@pytest.mark.parametrize("text", ["区委书记强调，要抓好项目", "市长一行到企业走访", "县长亲自率队赴成都"])
def test_a_verb_or_a_group_after_a_title_is_nobody(text):
    assert find_people(text) == []


# ---------------------------------------------------------------- the words around titles (titles.tsv)
@pytest.mark.parametrize("text, people", [
    ("请张华书记讲话", [("张华", "书记")]),                       # a word that may stand before a trailing title's name
    ("，张华书记说", [("张华", "书记")]),
    ("市张华书记", []),                                          # 市 begins a title or a place, no name
    ("副市长兼秘书长李明出席会议", [("李明", "副市长兼秘书长")]),   # 兼 joins two titles of one person
])
def test_the_words_around_titles(text, people):
    assert [(p.name, p.title) for p in find_people(text)] == people

