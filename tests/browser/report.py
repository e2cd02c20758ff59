#!/usr/bin/env python3
"""The HTML report of the sample county in headless Chromium, read from the DOM.

Writes `junheng eval --format html` of the sample dataset, opens it in Debian's
Chromium driven over the DevTools protocol (the Browser of workbench.py) and
checks what an inspector sees: the verdict and the reasons within the first
screen, each reason a line of the text report's 二、未通过与数据不全的原因 and
each school in them linked to its explanation; the county table with every
indicator (I18's failing condition with its own value); stacked rate bars
whose parts are coloured by their own result; the CV chart with values and
limits labelled to three decimals; 表Ⅱ-2 and 表Ⅲ as `junheng tables` writes
them; no horizontal overflow at the printed width of A4. Then prints the page
to PDF with `chromium --headless --print-to-pdf` (the way docs/使用说明.md
gives) and checks it has more than one page, and not absurdly many.

Usage: report.py JUNHENG   (from the repository root)
Prints one line per check and "report: N passed, N failed" last.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbench import Browser, Failed, js  # noqa: E402

DATASET = "datasets/lusong-2025-synthetic.json"
A4_PRINTED_WIDTH = 703  # 210 mm less the 12 mm margins on each side, at 96 px per inch
BAR_COLOURS = {"pass": "#548235", "pass_by_exception": "#2e75b6", "fail": "#c00000", "missing_data": "#bf9000"}


def cli(junheng, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1768438800", TZ="UTC0")
    r = subprocess.run([junheng, *args], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise Failed(f"junheng {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def csv_rows(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def reason_lines(report):
    """The lines of the text report's section 二."""
    lines, inside = [], False
    for line in report.splitlines():
        if line.startswith("二、"):
            inside = True
        elif inside and re.match(r"^[一二三四五六七八九]、", line):
            break
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def run(junheng, work):
    passed = 0

    def ok(what):
        nonlocal passed
        passed += 1
        print(f"report: {what}: ok", flush=True)

    page = os.path.join(work, "评估报告.html")
    cli(junheng, "eval", DATASET, "--format", "html", "-o", page)
    result = json.loads(cli(junheng, "eval", DATASET, "--format", "json"))
    reasons = reason_lines(cli(junheng, "eval", DATASET))
    browser = Browser(os.path.join(work, "profile"))
    try:
        b = browser
        b.open("file://" + page)
        b.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        b.wait("document.body && document.body.dataset.ready === 'true'", "the report's script to run")

        # the first screen: the verdict, and why
        first = b.eval("""(() => { const v = document.getElementById('verdict'), r = document.querySelectorAll('#reasons li');
            return {verdict: v.innerText, cls: v.className, top: v.getBoundingClientRect().bottom,
                    reason: r.length ? r[0].getBoundingClientRect().bottom : 1e9, last: r.length ? r[r.length - 1].getBoundingClientRect().top : 1e9,
                    height: innerHeight}; })()""")
        if first["verdict"] != "未通过" or "fail" not in first["cls"]:
            raise Failed(f"the verdict shows {first}")
        if not (first["top"] < first["height"] and first["reason"] < first["height"]):
            raise Failed(f"the verdict or the first reason is below the first screen: {first}")
        ok(f"the verdict ({first['verdict']}) and the reasons begin in the first screen of 1280×900")

        shown = b.eval("""Array.from(document.querySelectorAll('#reasons h3, #reasons summary, #reasons li.reason > a, #reasons li.reason:not(:has(a)), #reasons li.school, #reasons li.part'))
                          .map(e => e.textContent.trim())""")
        if shown != reasons:
            missing = [r for r in reasons if r not in shown][:3]
            raise Failed(f"the reasons differ from the text report's section 二 ({len(shown)} vs {len(reasons)}): {missing}")
        links = b.eval("""Array.from(document.querySelectorAll('#reasons li.school a')).map(a => a.getAttribute('href'))
                          .filter(h => !document.querySelector(h + ' > summary'))""")
        if links:
            raise Failed(f"school links without an explanation: {links[:3]}")
        b.eval("location.hash = '#s7'")
        b.wait("document.getElementById('s7').open", "a school link to open its explanation")
        ok(f"the {len(reasons)} reason lines are the text report's, each school linked to its explanation")

        # the county table: every indicator, and I18's failing condition with its own value
        rows = b.eval("document.querySelectorAll('#county tbody tr').length")
        want = len(result["county"]["results"])
        i18 = b.eval("document.getElementById('c-I18').innerText")
        if rows != want or "骨干教师占交流轮岗教师 18.18%，标准 ≥ 20%" not in i18 or "11.19%" not in i18:
            raise Failed(f"county table: {rows} rows (want {want}); I18: {i18}")
        ok(f"the county table holds {rows} indicators; I18 names its failing condition with its value")

        # rate bars: one per roll-up, parts stacked in their own colours
        bars = b.eval("""Array.from(document.querySelectorAll('#rates g.rate')).map(g =>
            Array.from(g.querySelectorAll('rect.seg')).map(r => [r.classList[1], r.getAttribute('fill'), +r.getAttribute('width')]))""")
        rollups = [r for r in result["county"]["results"] if r.get("rollup")]
        if len(bars) != len(rollups):
            raise Failed(f"{len(bars)} bars for {len(rollups)} roll-ups")
        for bar, r in zip(bars, rollups):
            parts = {k: v for k, v in r["counts"].items() if v and k != "not_applicable"}
            if sorted(p[0] for p in bar) != sorted(parts) or any(BAR_COLOURS[p[0]] != p[1] for p in bar):
                raise Failed(f"{r['indicator']}: parts {bar}, counts {r['counts']}")
        if not any(p[0] == "pass_by_exception" for bar in bars for p in bar):
            raise Failed("no bar shows a part passed by exception")
        ok(f"{len(bars)} rate bars stacked 达标 / 认定达标 / 未达标 / 缺少数据, each part in its own colour")

        cvs = b.eval("""Array.from(document.querySelectorAll('#cv-chart g.cv')).map(g => ({
            value: (g.querySelector('.cv-value') || {}).textContent, limit: !!g.querySelector('line.cv-limit'),
            label: Array.from(g.querySelectorAll('text')).map(t => t.textContent).join(' ')}))""")
        if len(cvs) != len(result["county"]["cv"]):
            raise Failed(f"{len(cvs)} CVs drawn for {len(result['county']['cv'])}")
        for drawn, cv in zip(cvs, result["county"]["cv"]):
            if cv["value"] is not None and drawn["value"] != f"{cv['value']:.3f}":
                raise Failed(f"CV {cv['indicator']} {cv['stage']}: drawn {drawn['value']}, value {cv['value']}")
            if cv["limit"] is not None and (not drawn["limit"] or f"限值 {cv['limit']:.3f}" not in drawn["label"]):
                raise Failed(f"CV {cv['indicator']} {cv['stage']}: limit not drawn and labelled: {drawn}")
        ok(f"{len(cvs)} CVs drawn with their values and limits labelled to three decimals")

        for table, name in (("table-ii-2", "Ⅱ-2"), ("table-iii", "Ⅲ")):
            want_rows = csv_rows(cli(junheng, "tables", DATASET, "--table", name))
            got = b.eval(f"""Array.from(document.querySelectorAll('#{table} tr')).map(r =>
                              Array.from(r.cells).map(c => c.textContent))""")
            # the HTML shows counts as people read them; the CSV's cells otherwise
            if len(got) != len(want_rows) or any(g[:3] != w[:3] or g[-1] != w[-1] for g, w in zip(got, want_rows)):
                raise Failed(f"表{name}: {len(got)} rows, want {len(want_rows)}; first difference: "
                             f"{next(((g, w) for g, w in zip(got, want_rows) if g != w), None)}")
            if name == "Ⅲ" and any(g[4:7] != w[4:7] for g, w in zip(got[1:], want_rows[1:])):
                raise Failed("表Ⅲ's means and CVs differ from junheng tables'")
        ok("表Ⅱ-2 and 表Ⅲ hold what junheng tables writes")

        # the printed width of A4: nothing wider than the page
        b.send("Emulation.setEmulatedMedia", {"media": "print"})
        b.send("Emulation.setDeviceMetricsOverride", {"width": A4_PRINTED_WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        wide = b.eval("""(() => { const d = document.documentElement;
            return {scroll: d.scrollWidth, client: d.clientWidth,
                    over: Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
                               .slice(0, 3).map(e => e.tagName + '#' + e.id + '.' + e.className)}; })()""")
        if wide["scroll"] > wide["client"] or wide["over"]:
            raise Failed(f"wider than A4 ({A4_PRINTED_WIDTH}px): {wide}")
        ok(f"no horizontal overflow at the printed width of A4 ({A4_PRINTED_WIDTH}px)")
    finally:
        browser.close()

    pdf = os.path.join(work, "评估报告.pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=" + os.path.join(work, "print-profile"), "--print-to-pdf=" + pdf, "file://" + page],
                   capture_output=True, timeout=180)
    if not os.path.exists(pdf):
        raise Failed("chromium --print-to-pdf wrote no PDF")
    with open(pdf, "rb") as f:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
    if not 1 < pages <= 80:
        raise Failed(f"the PDF has {pages} pages")
    ok(f"chromium --print-to-pdf prints the report on {pages} A4 pages")
    return passed


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    junheng = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="junheng-report-")
    try:
        passed = run(junheng, work)
    except (Failed, OSError, subprocess.SubprocessError, json.JSONDecodeError) as e:
        print(f"report: FAILED: {e}")
        print("report: 0 passed, 1 failed")
        sys.exit(1)
    finally:
        subprocess.run(["rm", "-rf", work])
    print(f"report: {passed} passed, 0 failed")


if __name__ == "__main__":
    main()
