#!/usr/bin/env python3
"""Generate the Hugging Face `tokenizers` fixture for the BPE tests.

Trains a small ByteLevel BPE with `tokenizers` on the mixed English/Chinese text below and
writes into Tests/GPTEngineTests/Fixtures/tokenizer/:
  vocab.json, merges.txt   the trained tokenizer, as `tokenizers` saves it
  expected.json            ids `tokenizers` gives for a mixed test text, and the chunks that
                           GPT-2's pattern (the ByteLevel pre-tokenizer) and GPT-4's pattern
                           (through the same Oniguruma engine) cut seeded random strings into

The Swift tests load these files without Python. Usage:
  pip install tokenizers && python3 scripts/make_tokenizer_fixture.py
"""

import json
import random
from pathlib import Path

from tokenizers import ByteLevelBPETokenizer, Regex, pre_tokenizers

OUT = Path(__file__).resolve().parent.parent / "Tests" / "GPTEngineTests" / "Fixtures" / "tokenizer"

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
GPT4_PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""

# Original text written for this fixture.
TRAINING_TEXT = """\
The lighthouse keeper counts the ships at dusk; she writes each one in a blue notebook.
It's the third winter she's kept the lamp, and the gulls don't mind her singing.
灯塔看守人在黄昏时数着船只，把每一艘都写进蓝色的笔记本里。
这是她守灯的第三个冬天，海鸥并不介意她唱歌。
When the fog rolls in, the keeper lights the lamp and waits for the horn.
雾来的时候，看守人点亮灯，等待远处的号角。
We'll trade bread for fish, and they'll trade fish for stories: 1 loaf, 2 fish, 3 stories.
我们用面包换鱼，他们用鱼换故事：一个面包，两条鱼，三个故事。
Numbers like 2024 and 365 days, prices like $4.99, and times like 10:30 appear too.
天气预报说明天有雨，气温十二度到十八度。
<|endoftext|>
"""

TEST_TEXT = ("The keeper's lamp burns at 10:30 tonight; we'll see 365 ships!\r\n"
             "灯塔看守人说：“明天有雨。” 她笑了😀，然后写下 2024 年的故事。\n"
             "  Mixed 中文 and English  \t<|endoftext|>新的一天")

POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    " ", " ", " ", "\n", "\r\n", "\t", "\r", "\u00a0", "\u3000", "\u2028", "\u0085", "\x0b\x0c",
    "'", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'Re",
    "!?.,;:-_()[]{}\"#$%&*+/<=>@\\^`|~",
    "，。！？：；“”‘’（）《》、…",
    "灯塔看守人黄昏数船只笔记本海鸥冬天唱歌雾号角面包鱼故事𠀋𪚥",
    "ひらがなカタカナ", "한국어문장", "édàüñçøß", "\u0301\u0308\u20dd",
    "😀🎉👍🏽", "👩\u200d💻", "\U0001F1EF\U0001F1F5",
    "١٢٣٤", "²³½Ⅻ〇", "\x00\x01\x1b\x1c\x7f", "עברית", "हिन्दी",
]


def random_string(rng):
    parts = []
    for _ in range(rng.randint(1, 24)):
        pool = rng.choice(POOLS)
        if len(pool) > 4 and rng.random() < 0.7:
            parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 5))))
        else:
            parts.append(pool)
    return "".join(parts)


def split(pattern, text):
    return [piece for piece, _ in pre_tokenizers.Split(Regex(pattern), behavior="isolated").pre_tokenize_str(text)]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tokenizer = ByteLevelBPETokenizer(add_prefix_space=False)
    tokenizer.train_from_iterator([TRAINING_TEXT], vocab_size=400, min_frequency=2,
                                  special_tokens=["<|endoftext|>"], show_progress=False)
    tokenizer.save_model(str(OUT))

    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    rng = random.Random(20240611)
    cases = []
    for text in [TEST_TEXT] + [random_string(rng) for _ in range(200)]:
        gpt2 = split(GPT2_PATTERN, text)
        mapped = [piece for piece, _ in byte_level.pre_tokenize_str(text)]
        assert mapped == [byte_level_text(p) for p in gpt2], text
        cases.append({"text": text, "gpt2": gpt2, "gpt4": split(GPT4_PATTERN, text)})

    encoding = tokenizer.encode(TEST_TEXT)
    assert tokenizer.decode(encoding.ids, skip_special_tokens=False) == TEST_TEXT
    expected = {"text": TEST_TEXT, "ids": encoding.ids, "pretokenize": cases}
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    body = (f'{{"text": {json.dumps(TEST_TEXT, ensure_ascii=False)},\n"ids": {json.dumps(encoding.ids)},\n'
            f'"pretokenize": [\n' + ",\n".join(lines) + "\n]}\n")
    assert json.loads(body) == expected
    (OUT / "expected.json").write_text(body, encoding="utf-8")
    print(f"wrote {OUT}: vocab {tokenizer.get_vocab_size()}, {len(encoding.ids)} test ids, {len(cases)} pre-split cases")


def byte_level_text(piece):
    """GPT-2's bytes_to_unicode applied to a piece's UTF-8 bytes."""
    printable = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return "".join(table[b] for b in piece.encode("utf-8"))


if __name__ == "__main__":
    main()
