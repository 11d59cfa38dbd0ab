"""Re-tune corpora/userdict.txt: the smallest frequency that keeps each word whole.

    python benchmarks/lint_tune_userdict.py            # print the tuned file
    python benchmarks/lint_tune_userdict.py --write    # rewrite corpora/userdict.txt

A user word's frequency also decides how the text around it is cut (jieba#222): 环保局 at 1000
turns 扭转环保局面 into 环保局/面. So every entry gets the smallest frequency on a ladder that keeps
it one token in a set of typical contexts, times a margin of 10, and a word jieba already cuts whole
on its own is left to jieba (commented out, with jieba's frequency). Comments and headings are kept.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERDICT = ROOT / "corpora" / "userdict.txt"
LADDER = (3, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
CONTEXTS = ("{w}", "各{w}要", "请{w}牵头", "市{w}负责", "原{w}的", "由{w}统一", "按照{w}的要求", "对{w}开展",
            "省{w}和", "县{w}、", "将{w}作为", "经{w}批准")


ADMIN = "省市县区"
MARGIN = 10  # the frequency written is this many times the smallest that worked


def whole_everywhere(tokenizer, word: str) -> bool:
    """One token in every context; 市工商局 as one token also counts (the linter accepts a glued prefix)."""
    for context in CONTEXTS:
        tokens = tokenizer.lcut(context.format(w=word))
        if word not in tokens and not any(t[0] in ADMIN and t[1:] == word for t in tokens):
            return False
    return True


def tune() -> str:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    base = jieba.Tokenizer()
    base.initialize()

    def fresh():
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
        return tokenizer

    out = []
    for raw in USERDICT.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            out.append(raw)
            continue
        word, _freq, *tag = line.split()
        stock = fresh()
        known = stock.FREQ.get(word) or 0
        if known and whole_everywhere(stock, word):
            out.append(f"# {word}: jieba cuts it whole already (its frequency {known})")
            continue
        for freq in LADDER:
            stock = fresh()
            stock.add_word(word, freq)
            if whole_everywhere(stock, word):
                break
        else:
            print(f"warning: {word} is not whole even at {LADDER[-1]}", file=sys.stderr)
        out.append(" ".join([word, str(freq * MARGIN), *tag]))
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite corpora/userdict.txt")
    args = parser.parse_args()
    text = tune()
    if args.write:
        USERDICT.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
