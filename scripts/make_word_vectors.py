#!/usr/bin/env python3
"""Word vectors for gptsh's word tokenizer, trained with gensim's Word2Vec on text segmented
by jieba (Chinese) and split at spaces and punctuation (everything else).

Fixtures (no arguments): trains 16-dimensional vectors on the two texts the repository carries,
scripts/data/hello-zh-ten.txt (the seed's two sentences, ten times over) and scripts/data/lighthouse.txt, and writes
  scripts/data/seed-vectors.txt                          word2vec text, used by seed-words.gpt
  Tests/GPTEngineTests/Fixtures/wordvectors/seed.bin     the same vectors, word2vec binary
  Tests/GPTEngineTests/Fixtures/wordvectors/seed.glove.txt   the same, GloVe text (no header)
  Tests/GPTEngineTests/Fixtures/wordvectors/expected.json
      jieba's segmentation of the seed sentences, forward maximum matching over the file's
      Chinese words (a reference for the Swift segmenter), and a few vectors as float32
The seed's segmentation keeps 自然 / 语言 and 计算机 / 科学 apart, as the seed document
writes them, where jieba's own dictionary would join them.

A corpus (for docs/words.md):
  python3 scripts/make_word_vectors.py CORPUS OUT.txt [--val 0.1] [--dim 64]
trains on the part of CORPUS that `load corpus CORPUS val=0.1` trains on (the first
floor(len · (1 − val)) characters), never on its validation part, and writes word2vec text.

The Swift tests read these files without Python. Usage:
  pip install gensim jieba && python3 scripts/make_word_vectors.py
"""

import argparse
import hashlib
import json
import math
import re
import struct
from pathlib import Path

import jieba
from gensim.models import Word2Vec

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scripts" / "data"
FIXTURES = ROOT / "Tests" / "GPTEngineTests" / "Fixtures" / "wordvectors"

SEED_WORDS = ["你好", "欢迎", "来到", "自然", "语言", "处理", "是", "计算机", "科学", "和",
              "人工智能", "领域", "的", "世界", "重要", "分支"]
IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# What gptsh's splitter makes a word: letters, digits and combining marks.
WORD = re.compile(r"[^\W_]+")


def stable_hash(text):
    """gensim seeds each word's initial vector with hashfxn; Python's hash() varies per run."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)


def sentences(text):
    """Lines as word lists: ideograph runs through jieba, the rest as gptsh's words."""
    out = []
    for line in text.splitlines():
        words = []
        pos = 0
        for m in IDEOGRAPHS.finditer(line):
            words += WORD.findall(line[pos:m.start()])
            words += [w for w in jieba.cut(m.group(0), HMM=False) if w.strip()]
            pos = m.end()
        words += WORD.findall(line[pos:])
        if words:
            out.append(words)
    return out


def train(text, dim, epochs, min_count):
    return Word2Vec(sentences(text), vector_size=dim, window=4, min_count=min_count, sg=1,
                    seed=1, workers=1, epochs=epochs, hashfxn=stable_hash)


def forward_max_match(run, dictionary):
    longest = max(len(w) for w in dictionary)
    out, i = [], 0
    while i < len(run):
        for n in range(min(longest, len(run) - i), 0, -1):
            if n == 1 or run[i:i + n] in dictionary:
                out.append(run[i:i + n])
                i += n
                break
    return out


def write_text(kv, path, header):
    with open(path, "w", encoding="utf-8") as f:
        if header:
            f.write(f"{len(kv.index_to_key)} {kv.vector_size}\n")
        for w in kv.index_to_key:
            f.write(w + " " + " ".join(f"{float(x):.7g}" for x in kv[w].astype("float32")) + "\n")


def fixtures():
    jieba.setLogLevel(60)
    for w in SEED_WORDS:
        jieba.add_word(w, freq=100000)
    for joined in ["自然语言", "计算机科学", "自然语言处理"]:
        jieba.del_word(joined)
    hello = (DATA / "hello-zh-ten.txt").read_text(encoding="utf-8")
    lighthouse = (DATA / "lighthouse.txt").read_text(encoding="utf-8")
    model = train(hello + lighthouse, dim=16, epochs=40, min_count=2)
    kv = model.wv
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write_text(kv, DATA / "seed-vectors.txt", header=True)
    write_text(kv, FIXTURES / "seed.glove.txt", header=False)
    kv.save_word2vec_format(str(FIXTURES / "seed.bin"), binary=True)
    dictionary = {w for w in kv.index_to_key if IDEOGRAPHS.fullmatch(w) and len(w) > 1}
    tests = ["你好，欢迎来到自然语言处理的世界！", "自然语言处理是计算机科学和人工智能领域的重要分支。",
             "人工智能的世界是自然的语言"]
    expected = {
        "words": len(kv.index_to_key),
        "dimension": kv.vector_size,
        "jieba": [[w for s in sentences(t) for w in s] for t in tests[:2]],
        "maximum_matching": [{"text": t, "segments": [seg for m in IDEOGRAPHS.finditer(t) for seg in forward_max_match(m.group(0), dictionary)]}
                             for t in tests],
        "vectors": {w: [struct.unpack("<f", struct.pack("<f", float(x)))[0] for x in kv[w]] for w in ["你好", "自然", "keeper"]},
    }
    (FIXTURES / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(kv.index_to_key)} words × {kv.vector_size}: {sorted(dictionary)}")


def corpus(path, out, val, dim):
    jieba.setLogLevel(60)
    text = Path(path).read_text(encoding="utf-8")
    train_part = text[:math.floor(len(text) * (1 - val))]
    model = train(train_part, dim=dim, epochs=5, min_count=3)
    write_text(model.wv, out, header=True)
    print(f"{out}: {len(model.wv.index_to_key)} words × {dim} from {len(train_part)} of {len(text)} characters")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--val", type=float, default=0.1)
    parser.add_argument("--dim", type=int, default=64)
    args = parser.parse_args()
    if args.corpus:
        corpus(args.corpus, args.out, args.val, args.dim)
    else:
        fixtures()
