#!/usr/bin/env python3
"""Generate the PyTorch reference fixture for the GPTEngine tests.

Writes Tests/GPTEngineTests/Fixtures/gpt2_tiny.safetensors: a tiny GPT-2's
initial parameters, a batch, its logits/loss/gradients, and the parameters
after three clipped AdamW steps with nanoGPT's learning-rate schedule.

The Swift tests read this file without PyTorch, so it is written with a
minimal safetensors writer here rather than the `safetensors` package; that
keeps the generator's dependencies to torch alone.

Usage: python3 scripts/make_fixtures.py
"""

import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_PATH = REPO_ROOT / "Tests" / "GPTEngineTests" / "Fixtures" / "gpt2_tiny.safetensors"

# Model shape. Deliberately tiny but with L, H > 1 so that per-layer and
# per-head indexing bugs show up, and V not a multiple of anything convenient.
V, T, L, H, C, B = 37, 8, 2, 2, 16, 3
SEED = 1337

# Optimisation hyperparameters (nanoGPT naming).
LR = 1e-2
MIN_LR = 1e-3
WARMUP_ITERS = 1
LR_DECAY_ITERS = 4
BETA1, BETA2 = 0.9, 0.95
EPS = 1e-8
WEIGHT_DECAY = 0.1
# Chosen well below the observed pre-clip norms (~1.4-2.3) so that clipping
# rescales the gradients on every step; the Swift clipper is then actually
# exercised rather than being a no-op. Asserted below.
GRAD_CLIP = 0.5
STEPS = 3


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)))

    def forward(self, x):
        b, t, c = x.shape
        hs = c // H
        q, k, v = self.c_attn(x).split(c, dim=2)
        # view(b, t, H, hs) puts head h at columns h*hs:(h+1)*hs of q/k/v,
        # which is the layout the Swift side must reproduce.
        q = q.view(b, t, H, hs).transpose(1, 2)
        k = k.view(b, t, H, hs).transpose(1, 2)
        v = v.view(b, t, H, hs).transpose(1, 2)
        # Explicit softmax attention (not SDPA) so that the reference is the
        # textbook formula, independent of any fused-kernel numerics.
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(~self.mask[:t, :t], float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc = nn.Linear(C, 4 * C)
        self.gelu = nn.GELU(approximate="tanh")
        self.c_proj = nn.Linear(4 * C, C)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(C, eps=1e-5)
        self.attn = CausalSelfAttention()
        self.ln_2 = nn.LayerNorm(C, eps=1e-5)
        self.mlp = MLP()

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TinyGPT(nn.Module):
    # Attribute names are chosen so that named_parameters() yields exactly
    # the canonical fixture names, in the canonical order.
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(T, C)
        self.h = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(C, eps=1e-5)

    def forward(self, idx, targets):
        b, t = idx.shape
        pos = torch.arange(t, dtype=torch.long)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        x = self.ln_f(x)
        logits = x @ self.wte.weight.t()  # tied head
        loss = F.cross_entropy(logits.view(-1, V), targets.view(-1))
        return logits, loss


def canonical_names():
    names = ["wte.weight", "wpe.weight"]
    for l in range(L):
        p = f"h.{l}."
        names += [
            p + "ln_1.weight", p + "ln_1.bias",
            p + "attn.c_attn.weight", p + "attn.c_attn.bias",
            p + "attn.c_proj.weight", p + "attn.c_proj.bias",
            p + "ln_2.weight", p + "ln_2.bias",
            p + "mlp.c_fc.weight", p + "mlp.c_fc.bias",
            p + "mlp.c_proj.weight", p + "mlp.c_proj.bias",
        ]
    return names + ["ln_f.weight", "ln_f.bias"]


def init_params(model):
    # Larger-than-GPT-2 spreads and non-trivial LN affine params, so every
    # term of the forward/backward contributes measurably to the outputs.
    with torch.no_grad():
        for name, p in model.named_parameters():
            is_ln = ".ln_" in name or name.startswith("ln_")
            if is_ln and name.endswith(".weight"):
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif name.endswith(".bias"):
                p.normal_(0.0, 0.05)
            else:
                p.normal_(0.0, 0.1)


def get_lr(it):
    # nanoGPT's schedule, verbatim in behaviour.
    if it < WARMUP_ITERS:
        return LR * (it + 1) / (WARMUP_ITERS + 1)
    if it > LR_DECAY_ITERS:
        return MIN_LR
    ratio = (it - WARMUP_ITERS) / (LR_DECAY_ITERS - WARMUP_ITERS)
    coeff = 0.5 * (1.0 + math.cos(math.pi * ratio))
    return MIN_LR + coeff * (LR - MIN_LR)


_DTYPES = {torch.float32: "F32", torch.int32: "I32"}


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, tensor) in the order they are to be laid out."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors:
        t = t.detach().contiguous().cpu()
        dtype = _DTYPES[t.dtype]
        # Explicitly little-endian, independent of the host's byte order.
        np_dtype = "<f4" if dtype == "F32" else "<i4"
        data = t.numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {
            "dtype": dtype,
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Pad so the data section starts 8-aligned; readers may then map it
    # directly as Float/Int32 arrays.
    hjson += b" " * ((-(8 + len(hjson))) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """Independent re-parse of the written file, used as a self-check."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    assert (8 + n) % 8 == 0
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__")
    data = raw[8 + n:]
    out = {}
    expected_begin = 0
    for name, info in header.items():
        begin, end = info["data_offsets"]
        assert begin == expected_begin, name
        expected_begin = end
        np_dtype = "<f4" if info["dtype"] == "F32" else "<i4"
        arr = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    assert expected_begin == len(data)
    return meta, out


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.set_default_dtype(torch.float32)

    model = TinyGPT()
    names = canonical_names()
    assert [n for n, _ in model.named_parameters()] == names
    init_params(model)
    params = dict(model.named_parameters())
    initial = {n: p.detach().clone() for n, p in params.items()}

    idx = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))

    logits, loss = model(idx, targets)
    loss.backward()
    grads0 = {n: params[n].grad.detach().clone() for n in names}
    logits0 = logits.detach().clone()
    loss0 = loss.detach().reshape(1).clone()

    decay = [params[n] for n in names if params[n].dim() >= 2]
    no_decay = [params[n] for n in names if params[n].dim() < 2]
    opt = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": WEIGHT_DECAY},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=LR, betas=(BETA1, BETA2), eps=EPS, foreach=False, fused=False,
    )

    losses, norms, lrs = [], [], []
    for it in range(STEPS):
        opt.zero_grad(set_to_none=True)
        _, loss = model(idx, targets)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        lr = get_lr(it)
        for g in opt.param_groups:
            g["lr"] = lr
        opt.step()
        losses.append(loss.item())
        norms.append(norm.item())
        lrs.append(lr)
        print(f"step {it}: loss {loss.item():.6f}  grad_norm {norm.item():.6f}  lr {lr:.6g}")

    # The first optimizer step repeats the reference forward on the same
    # weights, so its loss must agree with `loss`.
    assert losses[0] == loss0.item(), (losses[0], loss0.item())
    assert all(n > GRAD_CLIP for n in norms), f"clip {GRAD_CLIP} inactive: {norms}"

    tensors = [("param." + n, initial[n]) for n in names]
    tensors += [
        ("idx", idx.to(torch.int32)),
        ("targets", targets.to(torch.int32)),
        ("logits", logits0),
        ("loss", loss0),
    ]
    tensors += [("grad." + n, grads0[n]) for n in names]
    tensors += [
        ("losses", torch.tensor(losses, dtype=torch.float32)),
        ("grad_norms", torch.tensor(norms, dtype=torch.float32)),
        ("lrs", torch.tensor(lrs, dtype=torch.float32)),
    ]
    tensors += [("updated." + n, params[n].detach().clone()) for n in names]

    metadata = {
        "V": str(V), "T": str(T), "L": str(L), "H": str(H), "C": str(C), "B": str(B),
        "lr": repr(LR), "min_lr": repr(MIN_LR),
        "warmup_iters": str(WARMUP_ITERS), "lr_decay_iters": str(LR_DECAY_ITERS),
        "beta1": repr(BETA1), "beta2": repr(BETA2), "eps": repr(EPS),
        "weight_decay": repr(WEIGHT_DECAY), "grad_clip": repr(GRAD_CLIP),
        "steps": str(STEPS), "seed": str(SEED),
        "generator": "scripts/make_fixtures.py",
        "torch_version": torch.__version__,
    }
    write_safetensors(OUT_PATH, tensors, metadata)

    meta, back = read_safetensors(OUT_PATH)
    assert meta == metadata
    assert list(back) == [n for n, _ in tensors]
    for n, t in tensors:
        assert torch.equal(back[n], t.detach().to(back[n].dtype)), n

    size = OUT_PATH.stat().st_size
    nparams = sum(p.numel() for p in model.parameters())
    print(f"wrote {OUT_PATH.relative_to(REPO_ROOT)}: {len(tensors)} tensors, "
          f"{size} bytes, {nparams} parameters")
    print(f"loss {loss0.item():.6f}  (ln V = {math.log(V):.6f})")
    print(f"grad_norms {norms}  clip {GRAD_CLIP}  lrs {lrs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
