#!/usr/bin/env python3
"""Generate the fixture that checks `export hf`'s tokenizer.json against Hugging Face.

gptsh trains a BPE on the mixed English/Chinese text of make_tokenizer_fixture.py, once with
each pre-split (gpt2+cjk, the default; gpt4+cjk; gpt2 without the CJK rule), and exports a
tiny model with `export hf`. For each, `tokenizers.Tokenizer.from_file` and transformers'
`AutoTokenizer` load the exported folder and encode a mixed test text and 200 seeded random
strings; both must agree. Written into Tests/GPTEngineTests/Fixtures/tokenizer-json/:
  NAME.state.json       gptsh's description of the tokenizer (gptsh_tokenizer.json)
  NAME.tokenizer.json   the tokenizer.json gptsh exported, which the Swift test rebuilds byte for byte
  NAME.expected.json    the texts and the ids the Hugging Face libraries gave them

The Swift tests need no Python. Usage (a gptsh binary built first):
  pip install tokenizers transformers && python3 scripts/make_tokenizer_json_fixture.py [GPTSH]
"""

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tokenizers import Tokenizer
from transformers import AutoTokenizer

from make_tokenizer_fixture import TEST_TEXT, TRAINING_TEXT, random_string

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "GPTEngineTests" / "Fixtures" / "tokenizer-json"
VARIANTS = {"gpt2-cjk": "", "gpt4-cjk": " pattern=gpt4", "gpt2": " cjk=false"}


def main():
    gptsh = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "release" / "gptsh")
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261201)
    texts = [TEST_TEXT] + [random_string(rng) for _ in range(200)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text(TRAINING_TEXT * 3, encoding="utf-8")
        for name, options in VARIANTS.items():
            folder = Path(tmp) / name
            script = (f"load corpus {corpus} val=0; tokenizer bpe vocab=400{options}; "
                      f"set n_layer=1 n_head=2 n_embd=8 block_size=8; init seed=1; export hf {folder}")
            subprocess.run([gptsh, "-c", script], check=True, stdout=subprocess.DEVNULL)
            fast = Tokenizer.from_file(str(folder / "tokenizer.json"))
            auto = AutoTokenizer.from_pretrained(str(folder))
            ids = []
            for text in texts:
                encoded = fast.encode(text).ids
                assert auto(text)["input_ids"] == encoded, (name, text)
                assert fast.decode(encoded, skip_special_tokens=False) == text, (name, text)
                ids.append(encoded)
            shutil.copy(folder / "gptsh_tokenizer.json", OUT / f"{name}.state.json")
            shutil.copy(folder / "tokenizer.json", OUT / f"{name}.tokenizer.json")
            lines = [json.dumps({"text": t, "ids": i}, ensure_ascii=False) for t, i in zip(texts, ids)]
            (OUT / f"{name}.expected.json").write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
            print(f"{name}: {fast.get_vocab_size()} tokens, {len(texts)} texts, {sum(map(len, ids))} ids ({type(auto).__name__})")


if __name__ == "__main__":
    main()
