#!/usr/bin/python3
"""Workbooks for the tests of junheng's xlsx reader (python3-openpyxl).

  workbooks.py from-csv CSVDIR OUT.xlsx
      one sheet per CSV file, cells typed as Excel types them: numbers as
      numbers, 是/否 as booleans, every fifth number stored as text.
  workbooks.py fill TEMPLATE.xlsx CSVDIR OUT.xlsx
      fills a template of `junheng template` with the CSV folder's rows,
      matching each heading (with or without its unit) to a CSV column.
  workbooks.py raw OUT.xlsx CASE
      a small hand-made workbook for one reader case (see RAW below): the
      XML is written as given, with inline strings, errors and formulas.
"""
import csv
import os
import re
import sys
import zipfile

import openpyxl


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def typed(text, counter):
    """A CSV cell as Excel would type it."""
    if text in ("是", "否"):
        return text == "是"
    if re.fullmatch(r"-?\d+", text) and not (len(text) > 1 and text.startswith("0")) and len(text) < 10:
        counter[0] += 1
        return text if counter[0] % 5 == 0 else int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        counter[0] += 1
        return text if counter[0] % 5 == 0 else float(text)
    return text if text else None


def from_csv(csvdir, out):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    counter = [0]
    for name in sorted(os.listdir(csvdir)):
        if not name.endswith(".csv"):
            continue
        ws = wb.create_sheet(name[:-4])
        for i, row in enumerate(read_csv(os.path.join(csvdir, name))):
            ws.append([c if i == 0 else typed(c, counter) for c in row])
    wb.save(out)


def heading_field(heading):
    """The field a template heading names: 教学仪器设备值（元） → 教学仪器设备值."""
    return re.sub(r"（[^（）]*）$", "", heading)


def fill(template, csvdir, out):
    wb = openpyxl.load_workbook(template)
    counter = [0]
    for ws in wb.worksheets:
        path = os.path.join(csvdir, ws.title + ".csv")
        if not os.path.exists(path):
            continue
        rows = read_csv(path)
        header = rows[0]
        if ws.title == "县级":  # a row per field is there already: its value goes under 值
            at = {heading_field(ws.cell(r, 1).value or ""): r for r in range(2, ws.max_row + 1)}
            for name, text in rows[1:]:
                if name not in at:
                    sys.exit(f"县级: the template has no row for {name}")
                ws.cell(at[name], 2).value = typed(text, counter)
            continue
        headings = [heading_field(c.value or "") for c in ws[1]]
        for row in rows[1:]:
            cells = [None] * len(headings)
            for name, text in zip(header, row):
                if name not in headings:
                    sys.exit(f"{ws.title}: the template has no heading for {name}")
                cells[headings.index(name)] = typed(text, counter)
            ws.append(cells)
    wb.save(out)


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Each case: sheets (name, sheetData XML, extra XML after sheetData) and shared strings.
SCHOOL_HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>学校代码</t></is></c><c r="B1" t="inlineStr"><is><t>学校名称</t></is></c><c r="C1" t="inlineStr"><is><t>学校类型</t></is></c></row>'
STAGE_HEAD = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
STAGE_ROW = '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c>{}</row>'
SCHOOL_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>0001</t></is></c><c r="B2" t="inlineStr"><is><r><t>一</t></r><r><t>小</t></r></is></c><c r="C2" t="inlineStr"><is><t>小学</t></is></c></row>'
STRINGS = ["学校代码", "学段", "在校生数", "0001", "小学"]
RAW = {
    # inline strings (one of rich-text runs), shared strings, a number stored as a number
    "ok": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""), ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="C2"><v>812</v></c>'), "")],
    "formula": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""),
                ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="C2"><f>SUM(D2:D9)</f></c>'), "")],
    "error": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""),
              ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'), "")],
    "merged": [("学校", SCHOOL_HEAD + SCHOOL_ROW, '<mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>'),
               ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="C2"><v>812</v></c>'), "")],
    "shared": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""),
               ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="C2" t="s"><v>99</v></c>'), "")],
    "ref": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""),
            ("学段", STAGE_HEAD + STAGE_ROW.format('<c r="2C"><v>812</v></c>'), "")],
    "xml": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""), ("学段", STAGE_HEAD + "<row r=\"2\"><c", "")],
    # a value that is not a number, a heading given twice, a row of an unknown school
    "badvalue": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""),
                 ("学段", STAGE_HEAD.replace("</row>", '<c r="AB1" t="s"><v>2</v></c></row>') +
                  STAGE_ROW.format('<c r="C2" t="inlineStr"><is><t>八百</t></is></c>') +
                  '<row r="3"><c r="A3" t="inlineStr"><is><t>0009</t></is></c><c r="B3" t="b"><v>1</v></c></row>', "")],
    "nostage": [("学校", SCHOOL_HEAD + SCHOOL_ROW, ""), ("说明", "", "")],
}


def raw(out, case):
    if case == "nopart":  # a ZIP archive that is not a workbook
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        return
    if case == "corrupt":  # the ok workbook, stored, with a byte of its first sheet changed
        raw(out + ".tmp", "ok")
        with zipfile.ZipFile(out + ".tmp") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for item in src.infolist():
                z.writestr(item.filename, src.read(item.filename), zipfile.ZIP_STORED)
        os.remove(out + ".tmp")
        data = bytearray(open(out, "rb").read())
        at = data.index(b"<t>0001</t>", data.index(b"xl/worksheets/sheet1.xml"))
        data[at + 6] = ord("2")  # valid XML still: only the checksum tells
        open(out, "wb").write(bytes(data))
        return
    sheets = RAW[case]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets>' +
                   "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _, _) in enumerate(sheets)) +
                   "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                       for i in range(len(sheets)))
        rels += f'<Relationship Id="rId99" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>' +
                   "".join(f"<si><t>{s}</t><rPh sb=\"0\" eb=\"1\"><t>ﾖﾐ</t></rPh></si>" for s in STRINGS) + "</sst>")
        for i, (_, data, extra) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
                       f"<sheetData>{data}</sheetData>{extra}</worksheet>")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "from-csv":
        from_csv(sys.argv[2], sys.argv[3])
    elif cmd == "fill":
        fill(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "raw":
        raw(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
