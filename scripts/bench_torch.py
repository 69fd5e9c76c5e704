#!/usr/bin/env python3
"""PyTorch half of the gptsh training benchmark.

Reproduces nanoGPT's model and CPU training step (eager, float32 or with
bf16 autocast around forward and loss as `--autocast bf16`, no dropout, tied head, AdamW with nanoGPT's decay/no-decay grouping,
grad-norm clipping at 1.0) and times whole training steps. Emits a single
JSON line on stdout with the same contract as `gptsh-bench`:

  {"impl": "pytorch", "config": "S", "batch": 12, "threads": 2,
   "params": ..., "ms_per_step": [...], "final_loss": ..., "peak_rss_mb": ...}

Usage: python3 scripts/bench_torch.py --config S --batch 12 --steps 30 --warmup 5 --threads 2
"""

import argparse
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    "S": dict(vocab_size=65, block_size=64, n_layer=4, n_head=4, n_embd=128),
    "M": dict(vocab_size=65, block_size=256, n_layer=6, n_head=6, n_embd=384),
}

# nanoGPT's CPU defaults for the parts that are not configurable here.
LEARNING_RATE = 1e-3
BETAS = (0.9, 0.99)
WEIGHT_DECAY = 0.1
GRAD_CLIP = 1.0
DATA_SEED = 1337


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg["n_head"]
        self.n_embd = cfg["n_embd"]
        self.c_attn = nn.Linear(self.n_embd, 3 * self.n_embd, bias=True)
        self.c_proj = nn.Linear(self.n_embd, self.n_embd, bias=True)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q = q.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        k = k.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        v = v.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)
        # nanoGPT's fast path: whatever kernel PyTorch picks for CPU is what
        # a nanoGPT user would get, which is the point of the comparison.
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=True)
        y = y.transpose(1, 2).contiguous().view(b, t, c)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        c = cfg["n_embd"]
        self.c_fc = nn.Linear(c, 4 * c, bias=True)
        self.gelu = nn.GELU(approximate="tanh")  # the same tanh GELU gptsh (and GPT-2) uses
        self.c_proj = nn.Linear(4 * c, c, bias=True)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg["n_embd"])
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg["n_embd"])
        self.mlp = MLP(cfg)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg["vocab_size"], cfg["n_embd"]),
            wpe=nn.Embedding(cfg["block_size"], cfg["n_embd"]),
            h=nn.ModuleList([Block(cfg) for _ in range(cfg["n_layer"])]),
            ln_f=nn.LayerNorm(cfg["n_embd"]),
        ))
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight tying
        self.apply(self._init_weights)
        # GPT-2's residual-projection scaling keeps the residual stream's
        # variance from growing with depth.
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg["n_layer"]))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets):
        b, t = idx.shape
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def make_optimizer(model):
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": WEIGHT_DECAY},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    # nanoGPT only requests fused=True on CUDA, so on CPU it gets the
    # default implementation selection (foreach where available).
    return torch.optim.AdamW(groups, lr=LEARNING_RATE, betas=BETAS)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", choices=sorted(CONFIGS), required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--autocast", choices=["none", "bf16"], default="none",
                    help="bf16: torch.autocast('cpu', dtype=torch.bfloat16) around forward and loss")
    args = ap.parse_args(argv)
    if args.batch < 1 or args.steps < 1 or args.warmup < 0 or args.threads < 1:
        ap.error("--batch, --steps and --threads must be >= 1, --warmup >= 0")
    return args


def main(argv=None):
    args = parse_args(argv)
    cfg = CONFIGS[args.config]
    torch.set_num_threads(args.threads)
    torch.manual_seed(DATA_SEED)

    model = GPT(cfg)
    model.train()
    optimizer = make_optimizer(model)
    n_params = sum(p.numel() for p in model.parameters())  # tied wte counted once

    # All batches up front so that data generation is outside the timings;
    # y is x shifted by one as in nanoGPT's get_batch.
    total = args.warmup + args.steps
    g = torch.Generator().manual_seed(DATA_SEED)
    data = torch.randint(0, cfg["vocab_size"], (total, args.batch, cfg["block_size"] + 1), generator=g)
    xs = data[:, :, :-1].contiguous()
    ys = data[:, :, 1:].contiguous()

    def step(i):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.autocast == "bf16"):
            loss = model(xs[i], ys[i])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss

    for i in range(args.warmup):
        step(i)

    ms = []
    loss = None
    for i in range(args.warmup, total):
        t0 = time.perf_counter()
        loss = step(i)
        ms.append((time.perf_counter() - t0) * 1000.0)

    result = {
        "impl": "pytorch-bf16" if args.autocast == "bf16" else "pytorch",
        "config": args.config,
        "batch": args.batch,
        "threads": args.threads,
        "params": n_params,
        "ms_per_step": [round(x, 4) for x in ms],
        "final_loss": loss.item(),
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 2),
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
