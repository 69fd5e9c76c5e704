#!/usr/bin/env python3
"""PyTorch half of the generation benchmark: nanoGPT's sampler (the whole window recomputed
for every new token, eager, no_grad) on the same model shapes as scripts/bench_torch.py.
Prints one JSON line: {"impl": "pytorch", "config", "tokens_per_s": [...], "first_token_ms": [...]}.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import CONFIGS, GPT  # noqa: E402


def logits_last(model, idx):
    t = idx.size(1)
    pos = torch.arange(0, t, dtype=torch.long)
    x = model.transformer.wte(idx) + model.transformer.wpe(pos)
    for block in model.transformer.h:
        x = block(x)
    x = model.transformer.ln_f(x[:, [-1], :])
    return model.lm_head(x)[:, -1, :]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", choices=sorted(CONFIGS), required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--prompt-tokens", type=int, default=16)
    ap.add_argument("--new-tokens", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    cfg = CONFIGS[args.config]
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    model = GPT(cfg).eval()
    rates, firsts = [], []
    with torch.no_grad():
        for r in range(args.warmup + args.rounds):
            idx = torch.randint(0, cfg["vocab_size"], (1, args.prompt_tokens))
            start = time.perf_counter()
            first = None
            for _ in range(args.new_tokens):
                logits = logits_last(model, idx[:, -cfg["block_size"]:])
                nxt = torch.multinomial(F.softmax(logits, dim=-1), num_samples=1)
                idx = torch.cat((idx, nxt), dim=1)
                if first is None:
                    first = time.perf_counter() - start
            seconds = time.perf_counter() - start
            if r >= args.warmup:
                rates.append(args.new_tokens / seconds)
                firsts.append(first * 1000)
    print(json.dumps({"impl": "pytorch", "config": args.config, "tokens_per_s": rates, "first_token_ms": firsts}))


if __name__ == "__main__":
    main()
