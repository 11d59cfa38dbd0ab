"""Official-style Chinese text for the lint benchmark, generated from original sentence patterns.

Sentences are assembled from patterns with slots (places, fields, departments, numbers, years), so
the clauses jieba has to cut vary as they would in real drafts. A share of the sentences carry term
hits (outdated names, Taiwan-style terms, mixed variants) and a share carry the traps the linter must
leave alone (原国土资源部, 国土资源部门, 方程式, 对口支援, 《》 titles, dated sentences).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

PLACES = ["各区县", "市直各部门", "各乡镇（街道）", "各开发区管委会", "各有关单位", "全市各级", "县直各单位",
          "各村（社区）"]
FIELDS = ["安全生产", "生态环境保护", "乡村振兴", "优化营商环境", "数字政府建设", "民生保障", "基层治理", "防汛抗旱",
          "耕地保护", "文化旅游融合", "就业创业", "医疗卫生服务", "城市更新", "招商引资", "科技创新", "粮食安全"]
DEPTS = ["市发展改革委", "市财政局", "市自然资源和规划局", "市生态环境局", "市住房城乡建设局", "市交通运输局",
         "市农业农村局", "市卫生健康委", "市应急管理局", "市市场监管局", "市人力资源社会保障局", "市教育局",
         "市商务局", "市文化和旅游局", "市数据局", "市水利局"]
ACTIONS = ["统筹推进", "扎实开展", "持续深化", "全面落实", "加快推进", "认真组织", "稳步实施", "协同抓好"]
TASKS = ["专项整治", "督导检查", "调查研究", "示范创建", "风险排查", "考核评价", "宣传培训", "试点探索"]

CLEAN = [
    "{place}要把{field}摆在突出位置，{action}各项工作，确保取得实效。",
    "{dept}要发挥牵头作用，会同有关部门{action}{field}{task}，定期通报工作进展。",
    "截至{year}年{month}月底，全市共完成{field}项目{n}个，完成年度计划的{pct}%。",
    "要坚持问题导向，聚焦{field}中的难点堵点，建立问题清单、责任清单和整改清单。",
    "各地要结合实际制定具体实施方案，明确时间表、路线图和责任人，于{month}月{day}日前报{dept}。",
    "对工作推进不力、问题整改不到位的，将按照有关规定严肃追责问责。",
    "{dept}牵头建立联席会议制度，每季度召开一次会议，研究解决{field}工作中的重大问题。",
    "要加大财政投入力度，统筹用好各类专项资金，今年安排{field}资金{n}万元。",
    "各级领导干部要带头深入基层，开展蹲点调研，掌握第一手资料。",
    "充分运用报刊、广播电视和新媒体平台，广泛宣传{field}的政策措施和典型经验。",
    "要健全常态化监测预警机制，做到早发现、早报告、早处置。",
    "{place}要严格落实值班值守制度，确保信息报送及时准确。",
    "强化考核结果运用，将{field}工作纳入年度综合考核，考核结果与评先评优挂钩。",
    "{year}年，全市{field}工作取得明显成效，群众获得感、幸福感、安全感持续增强。",
    "要坚持系统观念，统筹发展和安全，推动{field}与{field2}协同发力。",
    "各有关部门要各司其职、密切配合，形成上下联动、齐抓共管的工作格局。",
    "要加强基层队伍建设，今年组织业务培训{n}期，培训基层工作人员{n2}人次。",
    "{dept}要会同{dept2}加强数据共享，推动政务服务事项“一网通办”。",
    "对群众反映强烈的突出问题，要立行立改，限期办结，办理结果及时反馈。",
    "要做好舆情监测和引导工作，及时回应社会关切。",
    "其他未尽事项，由{dept}负责解释。",
    "各地在执行中遇到的问题和意见建议，请及时报{dept}。",
    "全市新建改建农村公路{n}公里，惠及群众{n2}万人。",
    "持续推进“放管服”改革，企业开办时间压缩至{day}个工作日以内。",
    "要严格执行中央八项规定及其实施细则精神，坚决纠治形式主义、官僚主义。",
    "{place}要按照“谁主管、谁负责”的原则，层层压实工作责任。",
    "积极争取上级政策和资金支持，谋划储备一批{field}重点项目。",
    "要加强对{field}工作的组织领导，主要负责同志要亲自抓、负总责。",
    "建立健全长效机制，推动{field}工作常态化、制度化、规范化。",
    "本通知自印发之日起施行，有效期{n3}年。",
]

HITS = [
    "请{place}对照国土资源部有关{field}要求做好用地报批工作。",
    "市环保局要在{field}中加强对重点排污单位的{task}。",
    "县安监局和县质监局要联合开展{field}{task}。",
    "按照银保监会关于{field}的部署开展金融风险隐患排查。",
    "区卫计委要结合{field}抓好基本公共卫生服务项目。",
    "加快{place}政务网路基础设施升级改造，提升{field}系统运行效率。",
    "为{dept}统一采购办公软体和印表机{n}台，规范资产管理。",
    "{field}是一项全域性的工作，需要{place}协同推进。",
    "{dept}新版平台支援多种文件格式，使用者可在线提交{field}材料。",
    "{dept}业务系统预设密码须在首次登录后及时修改。",
    "市委对{field}工作做出了全面部署。",
    "{place}要建立{field}问题整改台帐，实行销号管理。",
    "截止{year}年{month}月底，{field}已完成年度任务的{pct}%。",
    "其它{field}相关工作按原渠道办理。",
    "请市工商局会同{dept}做好{field}年报公示工作。",
    "{field}推进会以视讯方式召开，{place}设分会场。",
    "企业名称登记按国家工商总局第{n}号令办理的，须由{dept}重新核准。",
]

TRAPS = [
    "原国土资源部印发的{field}有关规定继续有效。",
    "各级国土资源部门和环保部门要在{field}中加强协作配合。",
    "{year0}年，环境保护部印发了{field}专项规划。",
    "认真学习《国土资源部关于加强{field}工作的指导意见》。",
    "扎实做好对口支援{place}工作，选派干部人才{n}名。",
    "依法保护{field}领域专利许可权人的合法权益。",
    "{dept}门户网站要及时更新{field}新闻资讯。",
    "优化电网路径规划，{year}年降低输电损耗{pct}%。",
    "学生要熟练掌握方程式的解法，{place}要配齐{field}教师。",
    "防止{field}会议发言程式化，力戒空话套话。",
    "原市工商局颁发的营业执照在{year}年底前继续有效。",
    "大力发展全域旅游，{place}要打造{n}条精品线路。",
    "农业部门要做好春耕备耕服务，今年的{field}部署已经全面展开。",
    "该海域软体动物资源十分丰富，{dept}要加强{field}。",
    "尤其他们{n}个单位要带头落实{field}各项措施。",
]


def _fill(pattern: str, rng: random.Random) -> str:
    field, field2 = rng.sample(FIELDS, 2)
    dept, dept2 = rng.sample(DEPTS, 2)
    return pattern.format(
        place=rng.choice(PLACES), field=field, field2=field2, dept=dept, dept2=dept2,
        action=rng.choice(ACTIONS), task=rng.choice(TASKS), year=rng.randint(2019, 2025),
        year0=rng.randint(2012, 2017), month=rng.randint(1, 12), day=rng.randint(1, 28),
        n=rng.randint(3, 400), n2=rng.randint(500, 90000), n3=rng.randint(2, 5), pct=rng.randint(35, 98),
    )


def paragraph(rng: random.Random, hit_rate: float, trap_rate: float) -> str:
    out = []
    for _ in range(rng.randint(3, 6)):
        roll = rng.random()
        pool = HITS if roll < hit_rate else TRAPS if roll < hit_rate + trap_rate else CLEAN
        out.append(_fill(rng.choice(pool), rng))
    return "".join(out)


def generate(size_bytes: int, *, seed: int = 9704, hit_rate: float = 0.02, trap_rate: float = 0.03) -> str:
    """At least ``size_bytes`` of UTF-8 text, one paragraph per line, deterministic for a seed."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < size_bytes:
        line = paragraph(rng, hit_rate, trap_rate)
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def three_pages(*, hits: bool, seed: int = 2024) -> str:
    """About three GB/T 9704 pages (22 lines × 28 characters each) of clean text, or with a few hits."""
    rng = random.Random(seed)
    lines, chars = ["关于做好年度重点工作的通知", "各区县人民政府，市政府各部门："], 0
    while chars < 3 * 22 * 28:
        line = "".join(_fill(rng.choice(CLEAN), rng) for _ in range(3))
        lines.append(line)
        chars += len(line)
    if hits:
        lines[3] = "市环保局和县安监局要" + lines[3]
        lines[6] = lines[6] + "请国土资源部有关司局给予指导。"
    lines += ["××市人民政府办公室", "2025年3月5日"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Lint part 2: the structure, punctuation, number and script families (S, P, N, Z). A draft with
# numbered headings, a 公文 frame, and sentences carrying their hits and the traps they must leave alone
# (times, addresses, decimals, thousands, 文号, standard numbers, fixed expressions, 乾隆…).

FORM_HITS = [
    "会议指出,{field}要抓好落实.",
    "请{dept}于{year}年0{small}月0{small2}日前报送{field}材料。",
    "按照市政办发[{year}]第0{n}号文件要求，{action}{field}工作。",
    "{field}要坚持\"三个到位\"原则，确保不走过场。",
    "督导、考核、通报...各环节都要落实到位。",
    "{field}集中检查时间为3月1日——15日。",
    "{year}-{year_next}年{field}三年行动计划已经印发。",
    "要认真学习《{field}条例》、《{field}规定》。",
    "各单位要加強組織領導，抓好{field}工作。",
    "难道{field}还不该引起重视吗？？？？",
    "{field}专项行动为期三、四天。",
    "第一、统一思想，提高认识。",
]

FORM_TRAPS = [
    "会议定于上午9:30召开，详见https://www.jiangcheng.gov.cn/tzgg/index.html?id={n}。",
    "同比增长{pct}.5%，共安排资金1,{n3d}万元。",
    "按照国办发〔{year}〕{n}号文件要求，{action}{field}工作。",
    "依据GB/T 9704-2012和GB/T 15834-2011规范公文格式。",
    "“十四五”期间，{place}要{action}{field}工作。",
    "四、五年级学生参加{field}宣传活动。",
    "平台支持Python, Java等开发语言，方便{dept}接入。",
    "乾隆年间修建的古桥已列入保护名录。",
    "{small}月1日—15日开展{field}集中检查。",
    "认真学习《{field}条例》（{year}年修订）、《{field}规定》。",
]


def _fill_forms(pattern: str, rng: random.Random) -> str:
    year = rng.randint(2019, 2025)
    extra = {"small": rng.randint(1, 9), "small2": rng.randint(1, 9), "year_next": year + 1,
             "n3d": f"{rng.randint(0, 999):03d}"}
    for key, value in {"year": year, **extra}.items():
        pattern = pattern.replace("{" + key + "}", str(value))
    return _fill(pattern, rng)


def _form_sentences(rng: random.Random, hit_rate: float, trap_rate: float, count: int) -> str:
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < hit_rate:
            out.append(_fill_forms(rng.choice(FORM_HITS), rng))
        elif roll < hit_rate + trap_rate:
            out.append(_fill_forms(rng.choice(FORM_TRAPS), rng))
        else:
            out.append(_fill(rng.choice(CLEAN), rng))
    return "".join(out)


def generate_forms(size_bytes: int, *, seed: int = 15834, hit_rate: float = 0.02, trap_rate: float = 0.05,
                   marker_fault_rate: float = 0.05) -> str:
    """At least ``size_bytes`` of drafts with a 公文 frame and numbered headings (一、 （一） 1.), one
    paragraph per line; about ``marker_fault_rate`` of the markers are malformed or out of sequence."""
    from speechkit.blocks import cn_numeral

    rng = random.Random(seed)
    lines: list[str] = []
    size = 0

    def add(line: str) -> None:
        nonlocal size
        lines.append(line)
        size += len(line.encode("utf-8")) + 1

    while size < size_bytes:
        year = rng.randint(2019, 2025)
        add(f"关于做好{rng.choice(FIELDS)}工作的通知")
        add(f"江政办发〔{year}〕{rng.randint(1, 60)}号")
        add("各区县人民政府，市政府各部门：")
        add(_form_sentences(rng, 0, 0, 3))
        for i in range(1, rng.randint(3, 5) + 1):
            add(f"{cn_numeral(i)}、{rng.choice(FIELDS)}")
            for j in range(1, rng.randint(2, 4) + 1):
                marker = f"（{cn_numeral(j)}）"
                if rng.random() < marker_fault_rate:
                    marker = rng.choice([f"({cn_numeral(j)})", f"（{cn_numeral(j + 1)}）", f"（{cn_numeral(j)}）、"])
                add(marker + _form_sentences(rng, 0.1, 0.1, rng.randint(2, 4)))
                for k in range(1, rng.randint(0, 3) + 1):
                    sub = f"{k}、" if rng.random() < marker_fault_rate else f"{k}."
                    add(sub + _form_sentences(rng, hit_rate, trap_rate, rng.randint(1, 3)))
            add(_form_sentences(rng, hit_rate, trap_rate, rng.randint(3, 6)))
        add("附件：1.任务分工表")
        add("　　　2.进度安排表")
        add("江城市人民政府办公室")
        add(f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        add("（此件公开发布）")
        add("抄送：市委办公室，市人大常委会办公室。")
        add(f"江城市人民政府办公室　　{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日印发")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Real public documents (tests/lint/realdocs): recall per family and false alarms, for speechkit and
# for a plain substring matcher over the same term list. `python benchmarks/lint_corpus.py` prints
# the figures; tests/lint/test_realdocs.py asserts the clean documents and the must-not spans.

REALDOCS = Path(__file__).resolve().parent.parent / "tests" / "lint" / "realdocs"
FAMILIES = ("T", "C", "S", "P", "N")
KINDS = ("find", "not", "skip")


@dataclass(frozen=True)
class Span:
    family: str
    start: int
    end: int
    kind: str  # find, not, skip
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < max(end, start + 1)


@dataclass
class RealDoc:
    file: str
    text: str
    meta: dict
    spans: list[Span]

    @property
    def clean(self) -> bool:
        return bool(self.meta.get("clean"))


def _occurrences(haystack: str, needle: str, base: int = 0) -> list[int]:
    out, k = [], haystack.find(needle)
    while k >= 0:
        out.append(base + k)
        k = haystack.find(needle, k + 1)
    return out


def _item_spans(text: str, line_starts: list[int], item: dict, kind: str, where: str) -> list[Span]:
    families = [key for key in item if key in FAMILIES]
    if len(families) != 1:
        raise ValueError(f"{where}: an item names one family of {', '.join(FAMILIES)}: {item}")
    family = families[0]
    needle = str(item[family])
    if "in" in item:
        starts = [c + k for c in _occurrences(text, str(item["in"])) for k in _occurrences(str(item["in"]), needle)]
    elif "line" in item:
        line = int(item["line"])
        a = line_starts[line - 1]
        b = line_starts[line] - 1 if line < len(line_starts) else len(text)
        starts = _occurrences(text[a:b], needle, a)
    else:
        starts = _occurrences(text, needle)
    if not starts:
        raise ValueError(f"{where}: {item} is not in the text")
    return [Span(family, s, s + len(needle), kind, needle) for s in sorted(set(starts))]


def load_realdocs(folder: Path = REALDOCS) -> list[RealDoc]:
    """The annotated documents of ``manifest.yaml``; an annotation that matches nothing is an error."""
    import yaml

    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    docs = []
    for entry in manifest["documents"]:
        text = (folder / entry["file"]).read_text(encoding="utf-8")
        line_starts = [0] + [k + 1 for k in _occurrences(text, "\n")]
        located, generic = [], []
        for kind in KINDS:
            for item in entry.get(kind) or ():
                spans = _item_spans(text, line_starts, item, kind, entry["file"])
                (generic if kind == "find" and "in" not in item and "line" not in item else located).extend(spans)
        # An occurrence a not/skip item claims is not one a bare find item asks for.
        claimed = [s for s in located if s.kind != "find"]
        located += [s for s in generic
                    if not any(c.family == s.family and c.overlaps(s.start, s.end) for c in claimed)]
        docs.append(RealDoc(entry["file"], text, entry, sorted(set(located), key=lambda s: (s.start, s.family))))
    return docs


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def speechkit_hits(doc: RealDoc, rules, folder: Path = REALDOCS) -> list[tuple[str, int, int, str]]:
    """(family, start, end, code) of every finding lint reports for the document."""
    from speechkit.lint import lint

    hits = []
    for f in lint(folder / doc.file, rules=rules):
        start = _offset(doc.text, f.line, f.column)
        hits.append((f.code[0], start, start + (f.end_column - f.column), f.code))
    return hits


def substring_hits(doc: RealDoc, rules) -> list[tuple[str, int, int, str]]:
    """Every occurrence of every term of the T and C term rules, on the text converted to simplified
    script (same length), without context, exceptions or word boundaries."""
    from speechkit.lint.simplify import to_simplified

    text = "\n".join(to_simplified(line) for line in doc.text.split("\n"))
    hits = set()
    for rule in rules.rules:
        if rule.code[0] in "TC" and rule.engine in ("substitution", "existence"):
            for term in rule.params.get("terms", ()):
                hits.update((rule.code[0], s, s + len(term), rule.code) for s in _occurrences(text, term))
    return sorted(hits)


@dataclass
class Score:
    annotated: dict = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    found: dict = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0))
    false_alarms: list = field(default_factory=list)  # (file, code, text)
    not_flagged: list = field(default_factory=list)  # must-not spans that were flagged: (file, code, text)
    misses: list = field(default_factory=list)  # (file, family, text, line)
    clean_term_findings: list = field(default_factory=list)
    chars: int = 0

    def recall(self, family: str) -> float | None:
        n = self.annotated[family]
        return self.found[family] / n if n else None

    def per_10k(self) -> float:
        return len(self.false_alarms) * 10000 / self.chars if self.chars else 0.0


def score(docs: list[RealDoc], hits_of) -> Score:
    result = Score()
    for doc in docs:
        hits = [h for h in hits_of(doc) if h[0] in FAMILIES]
        result.chars += len(doc.text)
        for span in doc.spans:
            flagged = [h for h in hits if h[0] == span.family and span.overlaps(h[1], h[2])]
            if span.kind == "find":
                result.annotated[span.family] += 1
                if flagged:
                    result.found[span.family] += 1
                else:
                    result.misses.append((doc.file, span.family, span.text, doc.text.count("\n", 0, span.start) + 1))
            elif span.kind == "not":
                result.not_flagged += [(doc.file, h[3], doc.text[h[1]:h[2]]) for h in flagged]
        for family, start, end, code in hits:
            if not any(s.family == family and s.kind != "not" and s.overlaps(start, end) for s in doc.spans):
                result.false_alarms.append((doc.file, code, doc.text[start:end]))
            if doc.clean and family in "TC":
                result.clean_term_findings.append((doc.file, code, doc.text[start:end]))
    return result


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value * 100:5.1f}%"


def report(details: bool = False) -> bool:
    """Print the real-document figures; True when every target is met."""
    from speechkit.lint import load_rules

    rules = load_rules()
    docs = load_realdocs()
    ours = score(docs, lambda d: speechkit_hits(d, rules))
    plain = score(docs, lambda d: substring_hits(d, rules))
    clean = [d for d in docs if d.clean]
    print(f"{len(docs)} real documents, {ours.chars:,} characters ({len(clean)} marked clean), {REALDOCS}")
    print("family  annotated  speechkit  substring")
    for family in FAMILIES:
        plain_recall = _pct(plain.recall(family)) if family in "TC" else "   n/a"
        print(f"{family:<7} {ours.annotated[family]:>9}  {_pct(ours.recall(family)):>9}  {plain_recall:>9}")
    for name, s in (("speechkit", ours), ("substring", plain)):
        print(f"{name}: {len(s.false_alarms)} false alarms ({s.per_10k():.2f} per 10,000 characters), "
              f"{len(s.not_flagged)} must-not spans flagged, {len(s.clean_term_findings)} T/C findings on the "
              f"clean documents")
    targets = {
        "T recall ≥ 95 %": (ours.recall("T") or 0) >= 0.95,
        "C/S/P/N recall ≥ 90 %": all((ours.recall(f) or 1) >= 0.90 for f in "CSPN"),
        "no T/C finding on the clean documents": not ours.clean_term_findings,
        "false alarms < 1 per 10,000 characters": ours.per_10k() < 1,
    }
    for name, met in targets.items():
        print(f"  {'met' if met else 'NOT met'}: {name}")
    if details:
        for file, family, text, line in ours.misses:
            print(f"miss  {file}:{line}: {family} {text}")
        for file, code, text in ours.false_alarms:
            print(f"false {file}: {code} {text}")
    return all(targets.values())


if __name__ == "__main__":
    import sys

    sys.exit(0 if report(details="--details" in sys.argv) else 1)
