"""`speechkit lint --format json` against the text format and jieba.lcut, on 2 MB drafts with hits.

    python benchmarks/lint_json_bench.py [--size-mb 2.0] [--repeat 5]

For each draft (benchmarks/lint_corpus.py's generator: a hit in 2 % of sentences, as lint_bench.py
uses, and a hit in every sentence, which gives the tens of thousands of findings issue 14 measured),
in this process, median of ``--repeat`` runs:

* ``jieba.lcut`` on the text (jieba initialised before the clock, as speechkit's tokenizer is);
* the work of one ``speechkit lint`` run: read the draft, lint it with every built-in rule, render
  the report, for ``--format text``, for ``--format json``, and for ``--format json`` written the way
  it was before (``json.dumps(..., indent=2)``, the standard library's pure-Python encoder);
* the report alone, in each of the three ways.

Printed: times, ratios to jieba.lcut, the report's share of the run, and whether the new JSON is
byte-identical to the old. Target (issue 14 §5): the JSON run ≤ 0.35× jieba.lcut. Timings vary with
the machine's load (printed); the ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_bench import median_time  # noqa: E402
from lint_corpus import generate  # noqa: E402

TARGET = 0.35


def old_json_report(findings, paths) -> str:
    """The JSON report as speechkit wrote it before: the documented payload through json.dumps(indent=2)."""
    from speechkit.lint.report import payload

    return json.dumps(payload(findings, paths), ensure_ascii=False, indent=2) + "\n"


def measure(label: str, text: str, rules, repeat: int) -> bool:
    import jieba

    from speechkit.drafts import read_document
    from speechkit.lint import lint_document
    from speechkit.lint.report import render

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "draft.txt")
        Path(path).write_text(text, encoding="utf-8")

        def run(report):
            findings = lint_document(read_document(path), rules, path)
            return report(findings)

        t_jieba, _ = median_time(lambda: jieba.lcut(text), repeat)
        findings = lint_document(read_document(path), rules, path)
        reporters = {
            "text": lambda f: render(f, [path], "text"),
            "json": lambda f: render(f, [path], "json"),
            "json, as before": lambda f: old_json_report(f, [path]),
        }
        runs = {name: median_time(lambda r=r: run(r), repeat)[0] for name, r in reporters.items()}
        alone = {name: median_time(lambda r=r: r(findings), repeat)[0] for name, r in reporters.items()}
        identical = render(findings, [path], "json") == old_json_report(findings, [path])

    print(f"{label}: {len(text.encode('utf-8')) / 1e6:.2f} MB, {len(findings):,} findings")
    print(f"  jieba.lcut:                 {t_jieba:7.3f} s")
    for name in reporters:
        print(f"  run, --format {name + ':':<17} {runs[name]:7.3f} s  ratio {runs[name] / t_jieba:.2f}×  "
              f"(report alone {alone[name]:.3f} s, {alone[name] / runs[name]:.0%} of the run)")
    ratio = runs["json"] / t_jieba
    print(f"  JSON run / jieba.lcut: {ratio:.2f}× (target ≤ {TARGET}×) {'OK' if ratio <= TARGET else 'MISSED'}; "
          f"JSON run / text run: {runs['json'] / runs['text']:.2f}×; "
          f"byte-identical to the old JSON: {'yes' if identical else 'NO'}")
    return ratio <= TARGET and identical


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import jieba

    from speechkit.lint import load_rules

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    jieba.setLogLevel(60)
    jieba.initialize()
    rules = load_rules()
    rules.segmenter.tokenizer()
    size = int(args.size_mb * 1_000_000)
    ok = True
    for label, rate in (("hits in 2 % of sentences", 0.02), ("a hit in every sentence", 1.0)):
        ok = measure(label, generate(size, hit_rate=rate), rules, args.repeat) and ok
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
