"""Lint speed: throughput against jieba.lcut, and one-shot CLI wall time against jieba's start-up.

    python benchmarks/lint_bench.py [--size-mb 1.0] [--repeat 3] [--cli-runs 7]

What it does:

1. Generates ``--size-mb`` of official-style text (benchmarks/lint_corpus.py: original sentence
   patterns with slots; about 2 % of sentences carry term hits and 3 % carry traps such as
   原国土资源部, 国土资源部门, 方程式, 对口支援).
2. Throughput, in this process, on that text: ``jieba.lcut`` (global jieba, initialised before the
   clock starts) against ``speechkit.lint.lint_text`` with every built-in rule (its jieba loaded
   before the clock too, so both sides are timed on their work only). Median of ``--repeat`` runs.
   Target: lint ≥ 5× jieba.lcut.
3. Equality: the findings must be exactly those obtained when the whole text is segmented up front
   and every boundary is looked up in that segmentation (``whole_text=True``). Also reports how many
   distinct runs the lazy path segmented, and how many characters that was.
4. One-shot CLI, fresh processes, interleaved, median of ``--cli-runs``:
   ``speechkit lint`` on a clean three-page .txt, and on the same draft with three term hits,
   against ``python -c "import jieba; jieba.initialize()"``. Targets: clean ≤ 0.45×, hits ≤ 1.3×.
   Checks in-process that the clean draft never loads jieba. Both sides run warm (jieba's cache
   file, speechkit's bucketed dictionary); the first run on a machine, which writes the bucket
   file, is timed separately.

5. Part 2 families (S, P, N, Z; skip with ``--skip-families``): ``--size-mb`` of drafts with a 公文
   frame and numbered headings (``generate_forms``: 2 % of sentences carry punctuation, number and
   script hits, 5 % carry traps such as 9:30, URLs, 1,200, 国办发〔2024〕5号, GB/T 9704-2012, 十四五,
   四、五年级, 乾隆; 5 % of markers are malformed or out of sequence). Throughput of every built-in
   rule, and of the four families alone, against ``jieba.lcut`` on that text (target ≥ 5×); the
   findings by code, which must all be expected ones (a trap reported is a false positive); and, in
   a fresh process, that linting the clean three-page draft imports neither jieba nor OpenCC.

Timings vary with the machine's load (printed); the ratios are what to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_corpus import generate, generate_forms, three_pages  # noqa: E402

JIEBA_INIT = [sys.executable, "-c", "import jieba; jieba.initialize()"]


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def throughput(size_mb: float, repeat: int) -> bool:
    import jieba

    from speechkit.lint import lint_text, load_rules
    from speechkit.lint.draft import Draft

    text = generate(int(size_mb * 1_000_000))
    chars = len(text)
    print(f"text: {len(text.encode('utf-8')) / 1e6:.2f} MB UTF-8, {chars:,} characters, "
          f"{text.count(chr(10)):,} paragraphs")

    jieba.setLogLevel(60)
    jieba.initialize()
    rules = load_rules()
    rules.segmenter.tokenizer()  # load before timing, as jieba.initialize() above

    t_jieba, tokens = median_time(lambda: jieba.lcut(text), repeat)
    t_lint, findings = median_time(lambda: lint_text(text, rules=rules), repeat)
    print(f"jieba.lcut:          {t_jieba:7.3f} s  {chars / t_jieba / 1e3:8.0f} k chars/s  ({len(tokens):,} tokens)")
    print(f"speechkit lint:      {t_lint:7.3f} s  {chars / t_lint / 1e3:8.0f} k chars/s  ({len(findings):,} findings)")
    ratio = t_jieba / t_lint
    print(f"  ratio lint / jieba.lcut throughput: {ratio:.1f}×  (target ≥ 5×)  {'OK' if ratio >= 5 else 'MISSED'}")

    # How much segmenting the lazy path did, measured on one more run.
    built = {}
    original_build = Draft.build

    def spy(*args, **kwargs):
        draft = original_build(*args, **kwargs)
        built["draft"] = draft
        return draft

    Draft.build = spy
    try:
        lint_text(text, rules=rules)
    finally:
        Draft.build = original_build
    boundaries = built["draft"].boundaries
    segmented = sum(len(run) for run in boundaries.cache)
    print(f"  lazy path segmented {boundaries.runs_segmented:,} distinct runs, {segmented:,} characters "
          f"({segmented / chars:.1%} of the text)")

    class NoCache(dict):
        def __setitem__(self, key, value) -> None:  # every candidate segments its run afresh
            pass

    def uncached():
        Draft.build = lambda *a, **k: original_build(*a, **{**k, "cache": NoCache()})
        try:
            return lint_text(text, rules=rules)
        finally:
            Draft.build = original_build

    t_nocache, uncached_findings = median_time(uncached, repeat)
    print(f"  without the per-draft run cache: {t_nocache:.3f} s, ratio {t_jieba / t_nocache:.1f}×, "
          f"same findings: {'yes' if uncached_findings == findings else 'NO'}")

    t_whole, reference = median_time(lambda: lint_text(text, rules=rules, whole_text=True), 1)
    same = findings == reference
    print(f"whole-text segmentation: {t_whole:.3f} s, {len(reference):,} findings; "
          f"identical to the lazy findings: {'yes' if same else 'NO'}")
    if not same:
        lazy, whole = set(findings), set(reference)
        for f in sorted(lazy - whole, key=lambda f: f.sort_key)[:5]:
            print(f"  only lazy:  {f.line}:{f.column} {f.code} {f.match}")
        for f in sorted(whole - lazy, key=lambda f: f.sort_key)[:5]:
            print(f"  only whole: {f.line}:{f.column} {f.code} {f.match}")
    codes: dict[str, int] = {}
    for f in findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    print("  findings by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    return ratio >= 5 and same and uncached_findings == findings


def wall(cmd: list[str], cwd: str, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def one_shot(runs: int) -> bool:
    from speechkit.lint import lint_text, load_rules

    clean_text, hits_text = three_pages(hits=False), three_pages(hits=True)
    rules = load_rules()
    assert not lint_text(clean_text, rules=rules), "the clean draft has findings"
    assert not rules.segmenter.loaded, "the clean draft loaded jieba"
    hit_count = len(lint_text(hits_text, rules=rules))
    assert hit_count, "the draft with hits has no findings"

    speechkit = [sys.executable, "-m", "speechkit", "lint"]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "clean.txt").write_text(clean_text, encoding="utf-8")
        (Path(tmp) / "hits.txt").write_text(hits_text, encoding="utf-8")
        status = subprocess.run([*speechkit, "clean.txt"], cwd=tmp, capture_output=True).returncode
        assert status == 0, f"clean draft: exit {status}"
        status = subprocess.run([*speechkit, "hits.txt"], cwd=tmp, capture_output=True).returncode
        assert status == 1, f"draft with hits: exit {status}"
        for cmd in (JIEBA_INIT, [*speechkit, "clean.txt"], [*speechkit, "hits.txt"]):
            wall(cmd, tmp)  # warm the page cache, jieba's cache file and speechkit's bucket file
        # The very first run on a machine loads jieba the ordinary way and writes speechkit's bucketed
        # copy of its dictionary (speechkit/jiebadict.py): timed three times, each in an empty cache.
        cold = statistics.median(
            wall([*speechkit, "hits.txt"], tmp, {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / f"cold{i}")})
            for i in range(3)
        )
        samples: dict[str, list[float]] = {"jieba": [], "clean": [], "hits": []}
        for _ in range(runs):
            samples["jieba"].append(wall(JIEBA_INIT, tmp))
            samples["clean"].append(wall([*speechkit, "clean.txt"], tmp))
            samples["hits"].append(wall([*speechkit, "hits.txt"], tmp))
    med = {k: statistics.median(v) for k, v in samples.items()}
    print(f"one-shot CLI (median of {runs}; clean draft {len(clean_text):,} characters, "
          f"draft with hits {hit_count} findings):")
    print(f"  python -c 'import jieba; jieba.initialize()': {med['jieba']:.3f} s")
    clean_ratio, hits_ratio = med["clean"] / med["jieba"], med["hits"] / med["jieba"]
    print(f"  speechkit lint clean.txt: {med['clean']:.3f} s  ratio {clean_ratio:.2f}×  (target ≤ 0.45×)  "
          f"{'OK' if clean_ratio <= 0.45 else 'MISSED'}")
    print(f"  speechkit lint hits.txt:  {med['hits']:.3f} s  ratio {hits_ratio:.2f}×  (target ≤ 1.3×)  "
          f"{'OK' if hits_ratio <= 1.3 else 'MISSED'}")
    print(f"  first run on a machine (no bucket file yet, median of 3; not a target): {cold:.3f} s, "
          f"ratio {cold / med['jieba']:.2f}×")
    return clean_ratio <= 0.45 and hits_ratio <= 1.3


# What the families' corpus is built to trigger (its hits and malformed markers); anything else is a trap hit.
FAMILY_CODES = {"S101", "S102", "S201", "S203", "S205", "P101", "P102", "P104", "P201", "P205",
                "P206", "P301", "P302", "P303", "P401", "N101", "N301", "N303", "N304", "Z101"}


def families(size_mb: float, repeat: int) -> bool:
    import jieba

    from speechkit.lint import lint_text, load_rules

    text = generate_forms(int(size_mb * 1_000_000))
    chars = len(text)
    print(f"part 2 families: {len(text.encode('utf-8')) / 1e6:.2f} MB UTF-8, {chars:,} characters, "
          f"{text.count(chr(10)):,} paragraphs (公文 frame, numbered headings)")
    jieba.setLogLevel(60)
    jieba.initialize()
    rules = load_rules()
    rules.segmenter.tokenizer()
    t_jieba, _ = median_time(lambda: jieba.lcut(text), repeat)
    t_all, findings = median_time(lambda: lint_text(text, rules=rules), repeat)
    ratio = t_jieba / t_all
    print(f"jieba.lcut:               {t_jieba:7.3f} s")
    print(f"speechkit lint, all rules: {t_all:7.3f} s  ({len(findings):,} findings)  "
          f"ratio {ratio:.1f}×  (target ≥ 5×)  {'OK' if ratio >= 5 else 'MISSED'}")
    for family in ("S", "P", "N", "Z", "SPNZ"):
        chosen = rules.select(list(family))
        t_family, found = median_time(lambda chosen=chosen: lint_text(text, rules=chosen), repeat)
        print(f"  {family:<4} alone: {t_family:.3f} s  ({len(found):,} findings)")
    codes: dict[str, int] = {}
    for f in findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    print("  findings by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    unexpected = sorted(c for c in codes if c[0] in "SPNZ" and c not in FAMILY_CODES)
    print(f"  unexpected codes (trap hits): {', '.join(unexpected) or 'none'}")
    missing = sorted(FAMILY_CODES - set(codes))
    print(f"  expected codes not seen: {', '.join(missing) or 'none'}")

    with tempfile.TemporaryDirectory() as tmp:
        clean = Path(tmp) / "clean.txt"
        clean.write_text(three_pages(hits=False), encoding="utf-8")
        probe = ("import sys; from speechkit.lint import lint; "
                 f"n = len(lint({str(clean)!r})); print(n, 'jieba' in sys.modules, 'opencc' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    loaded_ok = out == ["0", "False", "False"]
    print(f"  clean three-page draft: {out[0]} findings, jieba imported: {out[1]}, OpenCC imported: {out[2]}  "
          f"{'OK' if loaded_ok else 'MISSED'}")
    return ratio >= 5 and not unexpected and not missing and loaded_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli-runs", type=int, default=7)
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--skip-families", action="store_true")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    ok = throughput(args.size_mb, args.repeat)
    if not args.skip_families:
        ok = families(args.size_mb, args.repeat) and ok
    if not args.skip_cli:
        ok = one_shot(args.cli_runs) and ok
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
