"""Random outlines of every kind, in plausible official Chinese built from word lists (seeded).

Used by pagination_agreement.py and tests/pagination. Nothing here is copied text: sentences are
assembled from the lists below, with digits, Latin abbreviations and long names mixed in.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

PLACES = ["江澄市", "临川区", "澄江区", "高新区", "南湖街道", "北门镇", "青石县", "东港新区"]
ORGANS = ["城市管理局", "应急管理局", "住房和城乡建设局", "生态环境局", "交通运输局", "卫生健康委员会",
          "市场监督管理局", "人力资源和社会保障局", "发展和改革委员会", "农业农村局"]
VERBS = ["全面推进", "扎实开展", "持续深化", "统筹实施", "切实加强", "认真落实", "加快建设", "着力提升",
         "进一步规范", "系统谋划", "稳步推进", "严格落实"]
OBJECTS = ["基层治理能力建设", "安全生产专项整治", "城市精细化管理", "生活垃圾分类", "老旧小区改造",
           "排水防涝设施建设", "营商环境优化", "数字政府建设", "重点项目审批服务", "农村人居环境整治",
           "食品安全监管", "应急物资储备", "社区养老服务", "公共服务均等化", "河湖长制工作"]
GOALS = ["确保各项任务按期完成", "不断增强群众获得感、幸福感、安全感", "形成可复制可推广的经验做法",
         "推动工作取得实实在在的成效", "为高质量发展提供有力保障", "切实解决群众急难愁盼问题",
         "做到底数清、情况明、责任实"]
LINKS = ["要坚持问题导向，", "各单位要", "有关部门要密切配合，", "同时，", "在此基础上，", "对照年度目标，"]
LATIN = ["GDP", "PM2.5", "5G", "APP", "AI", "CPI", "GIS", "ISO9001", "QQ", "PPP", "App", "Wi-Fi"]
UNITS = ["个", "项", "处", "公里", "万元", "户", "人次", "%", "平方米", "条"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭林何高罗郑梁谢宋唐"
GIVEN = "建华敏志远丽娟强海燕晓东凯秀英涛明军平芳伟静磊洋艳勇杰娜"
HONORS = ["先进集体", "先进个人", "优秀共产党员", "岗位能手", "青年文明号", "三八红旗手"]
POSTS = ["科长", "副科长", "四级主任科员", "大队长", "中队长", "工程师", "队员", "主任", "副主任", "站长"]


def _number(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.4:
        return f"{rng.randint(2, 999)}{rng.choice(UNITS)}"
    if choice < 0.6:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}{rng.choice(['%', '万元', '亿元'])}"
    if choice < 0.8:
        return f"{rng.randint(2023, 2027)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    return rng.choice(LATIN)


def clause(rng: random.Random) -> str:
    parts = [rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.45:
        parts.append(f"，完成{_number(rng)}")
    if rng.random() < 0.2:
        parts.append(f"，推广“{rng.choice(OBJECTS)}”模式")
    if rng.random() < 0.15:
        parts.append(f"（{rng.choice(PLACES)}{rng.choice(ORGANS)}负责）")
    return "".join(parts)


def sentence(rng: random.Random) -> str:
    n = rng.randint(1, 3)
    body = "，".join(clause(rng) for _ in range(n))
    lead = rng.choice(LINKS) if rng.random() < 0.4 else ""
    return f"{lead}{body}，{rng.choice(GOALS)}。"


def paragraph(rng: random.Random, lo: int = 1, hi: int = 5) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def short(rng: random.Random, lo: int = 6, hi: int = 16) -> str:
    text = rng.choice(VERBS) + rng.choice(OBJECTS)
    while len(text) < lo:
        text += rng.choice(OBJECTS)
    return text[:hi]


def organ(rng: random.Random) -> str:
    return rng.choice(PLACES[:3]) + rng.choice(ORGANS)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _date(rng: random.Random) -> dt.date:
    return dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))


def _gongwen(rng: random.Random, kind: str) -> dict[str, Any]:
    org = organ(rng)
    data: dict[str, Any] = {
        "kind": kind, "organ": org,
        "doc_number": {"code": rng.choice(["江城管发", "临应急", "澄建发", "江环字"]), "year": 2026,
                       "serial": rng.randint(1, 150)},
        "title": f"关于{short(rng, 8, 30 if rng.random() < 0.3 else 18)}的{'通知' if kind == 'notice' else '决定'}",
        "addressee": "，".join(f"各{x}" for x in rng.sample(["区人民政府", "街道办事处", "直属单位", "有关部门"],
                                                           rng.randint(1, 3))),
        "date": _date(rng).isoformat(),
        "sealed": rng.random() < 0.7,
    }
    if rng.random() < 0.8:
        data["cc"] = [organ(rng) for _ in range(rng.randint(1, 9))]
    if rng.random() < 0.3:
        data["note"] = "此件公开发布"
    if rng.random() < 0.25:
        data["signature"] = org + rng.choice(["", "办公室", "党组"])
    return data


def notice(rng: random.Random) -> dict[str, Any]:
    data = _gongwen(rng, "notice")
    data["preamble"] = [paragraph(rng, 1, 4)]
    items = []
    for _ in range(rng.randint(1, 5)):
        item: dict[str, Any] = {"heading": short(rng, 4, 14)}
        if rng.random() < 0.5:
            item["subitems"] = [{"lead": short(rng, 4, 14) + "。", "body": paragraph(rng, 1, 3)}
                                for _ in range(rng.randint(1, 4))]
        else:
            item["body"] = [paragraph(rng) for _ in range(rng.randint(1, 2))]
        items.append(item)
    data["items"] = items
    if rng.random() < 0.4:
        data["attachments"] = [{"title": short(rng, 6, 30), "content": [paragraph(rng, 1, 3)]}
                               for _ in range(rng.randint(1, 3))]
    return data


def decision(rng: random.Random) -> dict[str, Any]:
    data = _gongwen(rng, "decision")
    data["title"] = f"关于表彰{short(rng, 8, 30 if rng.random() < 0.3 else 18)}先进集体和先进个人的决定"
    data["background"] = [paragraph(rng, 1, 4) for _ in range(rng.randint(1, 2))]
    awards = []
    for n in range(rng.randint(1, 3)):
        honor = f"2025年度{short(rng, 4, 10)}{HONORS[n % len(HONORS)]}"
        if n % 2 == 0:
            suffixes = ["", "执法大队", "综合行政执法支队直属一大队"]
            units = [rng.choice(PLACES) + rng.choice(ORGANS) + rng.choice(suffixes)
                     for _ in range(rng.randint(1, 20))]
            awards.append({"honor": honor, "group": f"{HONORS[n]}（{n + 1}）", "units": list(dict.fromkeys(units))})
        else:
            names = list(dict.fromkeys(person(rng) for _ in range(rng.randint(1, 25))))
            awards.append({"honor": honor, "group": f"{HONORS[n]}（{n + 1}）", "people": [
                {"name": name, "unit": rng.choice(PLACES) + rng.choice(ORGANS) + rng.choice(POSTS)} for name in names]})
    data["awards"] = awards
    data["call"] = [paragraph(rng, 1, 4)]
    return data


def _tasks(rng: random.Random) -> list[dict[str, Any]]:
    tasks = []
    for _ in range(rng.randint(1, 6)):
        task: dict[str, Any] = {"lead": short(rng, 4, 14) + "。", "body": paragraph(rng, 1, 3)}
        if rng.random() < 0.6:
            task["lead_unit"] = organ(rng)
            task["units"] = "、".join(organ(rng) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:
            task["items"] = [sentence(rng) for _ in range(rng.randint(1, 3))]
        tasks.append(task)
    return tasks


def plan(rng: random.Random) -> dict[str, Any]:
    steps = []
    day = dt.date(2026, 1, 1)
    for n in range(rng.randint(1, 4)):
        end = day + dt.timedelta(days=rng.randint(10, 80))
        steps.append({"name": ["动员部署阶段", "集中整治阶段", "巩固提升阶段", "总结验收阶段"][n],
                      "start": day.isoformat(), "end": end.isoformat(), "body": paragraph(rng, 1, 2)})
        day = end + dt.timedelta(days=1)
    return {
        "kind": "plan", "title": f"{rng.choice(PLACES)}2026年{short(rng, 6, 24)}工作实施方案",
        "preamble": [paragraph(rng, 1, 3)], "guiding": [paragraph(rng, 1, 3)], "goals": [paragraph(rng, 1, 3)],
        "tasks": _tasks(rng), "steps": steps,
        "safeguards": [{"lead": short(rng, 4, 10) + "。", "body": paragraph(rng, 1, 3)}
                       for _ in range(rng.randint(0, 4))],
        "organ": organ(rng), "date": _date(rng).isoformat(),
    }


def speech(rng: random.Random) -> dict[str, Any]:
    points = []
    for _ in range(rng.randint(1, 4)):
        point: dict[str, Any] = {"heading": short(rng, 8, 20) + "，" + short(rng, 6, 12), "subpoints": [
            {"lead": "要" + short(rng, 4, 14) + "。", "body": paragraph(rng, 1, 3)} for _ in range(rng.randint(1, 5))]}
        if rng.random() < 0.4:
            point["intro"] = [paragraph(rng, 1, 2)]
        points.append(point)
    data: dict[str, Any] = {
        "kind": "speech", "title": short(rng, 8, 30),
        "speaker": rng.choice(["区长", "市长", "局长"]) + "　" + person(rng),
        "date": _date(rng).isoformat(), "opening": [paragraph(rng, 1, 3) for _ in range(rng.randint(1, 3))],
        "points": points, "closing": [paragraph(rng, 1, 3)], "options": {"points": "any", "subpoints": "any"},
    }
    if rng.random() < 0.5:
        data["subtitle"] = f"——在{rng.choice(PLACES)}{short(rng, 6, 16)}工作会议上的讲话"
    return data


KINDS = {"speech": speech, "plan": plan, "decision": decision, "notice": notice}


def outlines(n: int, seed: int = 9704) -> list[tuple[str, dict[str, Any]]]:
    """``n`` outlines, the kinds taken in turn: (name, outline data)."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        out.append((f"{kind}-{i:03d}", KINDS[kind](rng)))
    return out
