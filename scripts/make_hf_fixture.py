#!/usr/bin/env python3
"""Writes the Hugging Face GPT-2 fixture the Swift tests import without Python.

Tests/GPTEngineTests/Fixtures/hf/gpt2-tiny/ is a folder exactly as transformers'
save_pretrained writes it (config.json, model.safetensors with the `transformer.` prefix and
Conv1D weights, generation_config.json), plus vocab.json/merges.txt of a tiny byte-level BPE
trained with the `tokenizers` library. Fixtures/hf/expected.safetensors holds the token ids
transformers' GPT-2 tokenizer gives for a text (its metadata) and the logits
GPT2LMHeadModel computes for them.

Every weight, LayerNorm and bias included, is drawn at random with a scale that gives peaked
logits, so a swapped or untransposed tensor cannot go unnoticed.

    pip install torch transformers safetensors
    python3 scripts/make_hf_fixture.py
"""
import json
import os
import shutil

import torch
from safetensors.torch import save_file
from tokenizers import ByteLevelBPETokenizer
from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GPTEngineTests", "Fixtures", "hf")
MODEL_DIR = os.path.join(ROOT, "gpt2-tiny")
END_OF_TEXT = "<|endoftext|>"
TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.")
PROMPT = "it was the age of wisdom, the worst of times"
SEQUENCES, LENGTH = 2, 8


def train_tokenizer(folder):
    """Writes vocab.json and merges.txt; returns (vocab size, id of <|endoftext|>)."""
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator([TEXT] * 4, vocab_size=280, min_frequency=2,
                            special_tokens=[END_OF_TEXT], show_progress=False)
    bpe.save_model(folder)
    return bpe.get_vocab_size(), bpe.token_to_id(END_OF_TEXT)


def model(vocab_size, end_of_text):
    config = GPT2Config(vocab_size=vocab_size, n_positions=16, n_embd=16, n_layer=2, n_head=2,
                        bos_token_id=end_of_text, eos_token_id=end_of_text)
    m = GPT2LMHeadModel(config).eval()
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        for name, p in m.named_parameters():
            base = 1.0 if name.endswith(("ln_1.weight", "ln_2.weight", "ln_f.weight")) else 0.0
            p.copy_(base + 0.3 * torch.randn(p.shape, generator=g))
    return m


def main():
    shutil.rmtree(MODEL_DIR, ignore_errors=True)
    os.makedirs(MODEL_DIR)
    vocab_size, eot = train_tokenizer(MODEL_DIR)
    m = model(vocab_size, eot)
    m.save_pretrained(MODEL_DIR, safe_serialization=True)
    # Read back the way a user would, so the ids are transformers' own.
    ids = AutoTokenizer.from_pretrained(MODEL_DIR)(PROMPT)["input_ids"]
    assert len(ids) >= SEQUENCES * LENGTH, f"the prompt gives only {len(ids)} tokens"
    input_ids = torch.tensor(ids[:SEQUENCES * LENGTH]).reshape(SEQUENCES, LENGTH)
    with torch.no_grad():
        logits = m(input_ids).logits
    save_file({"input_ids": input_ids.to(torch.int32).contiguous(), "logits": logits.contiguous()},
              os.path.join(ROOT, "expected.safetensors"),
              metadata={"prompt": PROMPT, "prompt_ids": json.dumps(ids)})
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"vocab {vocab_size}, <|endoftext|> = {eot}, ids {input_ids.tolist()}, fixture {total} bytes")


if __name__ == "__main__":
    main()
