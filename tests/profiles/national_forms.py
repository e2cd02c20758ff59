#!/usr/bin/python3
"""Types a county of our CSV layout into the national data-collection forms
of rules/优质均衡/05-导入.jh: 学校填报表.csv (a row per school: the form's
headings, stage fields in columns per stage, money in 万元, special rooms as
counts by area band) and 县级填报表.csv (the county's one row), the other
tables copied as they are.

  national_forms.py CSVDIR OUTDIR
"""
import csv
import os
import shutil
import sys

SCHOOL = {  # our school field -> the form's heading, divisor (万元)
    "专任教师数": ("专任教师总人数", 1),
    "持证专任教师数": ("持有教师资格证的专任教师人数", 1),
    "教学及辅助用房面积": ("教学及辅助用房总面积", 1),
    "租赁体育运动场馆面积": ("校外租赁场馆面积", 1),
    "教学仪器设备值": ("教学仪器设备资产值（账面原值，万元）", 10000),
    "网络多媒体教室数": ("网络多媒体教室间数", 1),
    "公用经费预算总额": ("上一年度公用经费预算总额（万元）", 10000),
    "教师培训经费": ("上一年度教师培训经费预算总额（万元）", 10000),
}
STAGE = {  # our stage field -> the form's heading after the stage word, divisor
    "在校生数": ("学生人数", 1),
    "县级以上骨干教师数": ("县级及以上骨干教师数", 1),
    "体育专任教师数": ("体育专任教师人数", 1),
    "艺术专任教师数": ("音乐专任教师人数", 1),  # and 0 in 美术专任教师人数: they add up
    "教学仪器设备值": ("教学仪器设备资产值（万元）", 10000),
}
COUNTY = {
    "教师平均工资收入": ("教师年平均工资（万元）", 10000),
    "公务员平均工资收入": ("公务员年平均工资（万元）", 10000),
    "符合交流条件教师数": ("符合交流条件教师总数", 1),
    "交流轮岗教师数": ("实际交流轮岗教师数", 1),
    "交流轮岗骨干教师数": ("实际交流骨干教师数量", 1),
    "适龄残疾儿童少年总数": ("适龄残疾儿童少年总数", 1),
    "残疾儿童少年入学人数": ("入学总人数", 1),
}
ROOMS = [("音乐教室总间数", "音乐", 0), ("其中：96平方米及以上的音乐教室间数", "音乐", 96),
         ("美术教室总间数", "美术", 0), ("其中：90平方米及以上的美术教室间数", "美术", 90)]


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def scaled(text, divisor):
    if text == "" or divisor == 1:
        return text
    return repr(float(text) / divisor)


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


def main(src, out):
    os.makedirs(out, exist_ok=True)
    school_header, schools = read(os.path.join(src, "学校.csv"))
    stage_header, stages = read(os.path.join(src, "学段.csv"))
    _, rooms = read(os.path.join(src, "专用教室.csv"))
    header = ["学校代码", "学校名称", "学校类型"]
    header += [SCHOOL.get(h, (h, 1))[0] for h in school_header if h not in header]
    header += [h for h, _, _ in ROOMS]
    words = ["小学", "初中", "高中"]
    for w in words:
        for h in stage_header[2:]:
            heading = STAGE.get(h, (h, 1))[0]
            header.append(w + heading)
            if h == "艺术专任教师数":
                header.append(w + "美术专任教师人数")
    rows = []
    for s in schools:
        row = {SCHOOL.get(k, (k, 1))[0]: scaled(v, SCHOOL.get(k, (k, 1))[1]) for k, v in s.items()}
        mine = [r for r in rooms if r["学校代码"] == s["学校代码"]]
        if mine:
            for heading, kind, least in ROOMS:
                row[heading] = str(sum(1 for r in mine if r["类型"] == kind and float(r["面积"]) >= least))
        for st in stages:
            if st["学校代码"] != s["学校代码"]:
                continue
            for k, v in st.items():
                if k in ("学校代码", "学段"):
                    continue
                heading, divisor = STAGE.get(k, (k, 1))
                row[st["学段"] + heading] = scaled(v, divisor)
                if k == "艺术专任教师数" and v != "":
                    row[st["学段"] + "美术专任教师人数"] = "0"
        rows.append(row)
    used = [h for h in header if any(r.get(h, "") != "" for r in rows) or h in ("学校代码", "学校名称", "学校类型")]
    write(os.path.join(out, "学校填报表.csv"), used, rows)
    _, county = read(os.path.join(src, "县级.csv"))
    row = {COUNTY.get(c["字段"], (c["字段"], 1))[0]: scaled(c["值"], COUNTY.get(c["字段"], (c["字段"], 1))[1])
           for c in county}
    write(os.path.join(out, "县级填报表.csv"), list(row), [row])
    for name in os.listdir(src):
        if name.endswith(".csv") and name not in ("学校.csv", "学段.csv", "专用教室.csv", "县级.csv"):
            shutil.copy(os.path.join(src, name), os.path.join(out, name))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
