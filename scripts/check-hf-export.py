#!/usr/bin/env python3
"""Checks a folder written by gptsh's `export hf DIR` against Hugging Face transformers.

    python3 scripts/check-hf-export.py DIR [--logits FILE] [--tokens ID ...] [--tolerance 1e-4]

1. GPT2LMHeadModel.from_pretrained(DIR) must load it with no missing, unexpected or
   mismatched weights and no warning about weights (transformers' own log is captured).
2. transformers' logits for the tokens must match a NumPy float64 forward pass written from
   gptsh's kernels (tanh GELU, LayerNorm eps 1e-5, 4·C MLP, head tied to wte) over the raw
   model.safetensors: so config.json describes the network gptsh computes.
3. With --logits FILE (a safetensors holding `input_ids` (B, T) I32 and `logits` (B, T, V)
   F32, as gptsh computed them), transformers' logits must match gptsh's, and the tokens
   are taken from that file. If its metadata has a `text` that gptsh encoded as the one
   row of `input_ids`, transformers' tokenizer must encode it the same. The Swift test `writesAnExportForTheTransformersCheck` writes
   such a pair:
       GPTSH_HF_CHECK_DIR=/tmp/hfcheck swift test --filter writesAnExportForTheTransformersCheck
       python3 scripts/check-hf-export.py /tmp/hfcheck/model --logits /tmp/hfcheck/logits.safetensors
4. If DIR holds vocab.json and merges.txt, transformers' tokenizer must load them with the
   model's vocabulary size (and encode the text of step 3).

Relative error is max|a − b| / max|b|. Exits 0 when every check passes, 1 otherwise.
Needs torch, transformers, safetensors and numpy.
"""
import argparse
import json
import logging
import os
import sys
import warnings

import numpy as np
import torch
import transformers
from safetensors import safe_open
from safetensors.numpy import load_file
from transformers import AutoTokenizer, GPT2LMHeadModel

WEIGHT_WARNINGS = ("MISSING", "UNEXPECTED", "MISMATCH", "not initialized", "newly initialized", "were not used")


def relative_error(a, b):
    scale = np.abs(b).max()
    diff = np.abs(a - b).max()
    return diff / scale if scale > 0 else diff


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def load_with_transformers(folder):
    """The model, its loading info and every warning transformers or Python raised."""
    transformers.utils.logging.set_verbosity_warning()
    handler = Captured()
    logging.getLogger("transformers").addHandler(handler)
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        model, info = GPT2LMHeadModel.from_pretrained(folder, output_loading_info=True)
    logging.getLogger("transformers").removeHandler(handler)
    return model.eval(), info, handler.messages + [str(w.message) for w in raised]


def reference_logits(folder, config, ids):
    """GPT-2 as gptsh computes it, in float64, from the file's tensors alone."""
    raw = load_file(os.path.join(folder, "model.safetensors"))
    w = {k.removeprefix("transformer."): v.astype(np.float64) for k, v in raw.items()}
    C, H = config["n_embd"], config["n_head"]
    hs = C // H
    B, T = ids.shape

    def layer_norm(x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-5) * w[name + ".weight"] + w[name + ".bias"]

    def conv1d(x, name):  # GPT-2's Conv1D: weight (in, out)
        return x @ w[name + ".weight"] + w[name + ".bias"]

    def gelu(x):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))

    causal = np.triu(np.ones((T, T), dtype=bool), k=1)
    x = w["wte.weight"][ids] + w["wpe.weight"][:T]
    for layer in range(config["n_layer"]):
        p = f"h.{layer}."
        qkv = conv1d(layer_norm(x, p + "ln_1"), p + "attn.c_attn")
        q, k, v = (qkv[..., i * C:(i + 1) * C].reshape(B, T, H, hs).transpose(0, 2, 1, 3) for i in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hs)
        scores[..., causal] = -np.inf
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        y = (scores / scores.sum(-1, keepdims=True)) @ v
        x = x + conv1d(y.transpose(0, 2, 1, 3).reshape(B, T, C), p + "attn.c_proj")
        x = x + conv1d(gelu(conv1d(layer_norm(x, p + "ln_2"), p + "mlp.c_fc")), p + "mlp.c_proj")
    return layer_norm(x, "ln_f") @ w["wte.weight"].T


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--logits", help="safetensors with input_ids and the logits gptsh computed")
    parser.add_argument("--tokens", type=int, nargs="+", help="token ids to run (default: a fixed pseudo-random sequence)")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    with open(os.path.join(args.folder, "config.json")) as f:
        config = json.load(f)
    V, T_max = config["vocab_size"], config["n_positions"]
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    print(f"config: n_layer {config['n_layer']}, n_head {config['n_head']}, n_embd {config['n_embd']}, "
          f"n_positions {T_max}, vocab_size {V}, activation {config.get('activation_function')}")

    model, info, messages = load_with_transformers(args.folder)
    for m in messages:
        print("      transformers said: " + m.replace("\n", "\n      "))
    for key in ("missing_keys", "unexpected_keys", "mismatched_keys", "error_msgs"):
        check(not info[key], f"from_pretrained {key}: {sorted(info[key]) or 'none'}")
    check(not any(s in m for m in messages for s in WEIGHT_WARNINGS), "no warning about weights")
    check(model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr(), "lm_head is tied to wte")

    gptsh, text = None, None
    if args.logits:
        expected = load_file(args.logits)
        ids = expected["input_ids"].astype(np.int64)
        gptsh = expected["logits"]
        with safe_open(args.logits, "np") as f:
            text = (f.metadata() or {}).get("text")
    elif args.tokens:
        ids = np.array([args.tokens], dtype=np.int64)
    else:
        T = min(T_max, 16)
        ids = (np.arange(T, dtype=np.int64)[None] * 7919 + 13) % V
    check(ids.ndim == 2 and 1 <= ids.shape[1] <= T_max and ids.min() >= 0 and ids.max() < V,
          f"tokens {ids.tolist() if ids.size <= 32 else ids.shape} fit the model")
    if failures:
        return 1

    with torch.no_grad():
        hf = model(torch.from_numpy(ids)).logits.numpy()
    err = relative_error(hf, reference_logits(args.folder, config, ids))
    check(err <= args.tolerance, f"transformers vs gptsh's architecture in NumPy: relative error {err:.2e}")
    if gptsh is not None:
        err = relative_error(gptsh, hf)
        check(gptsh.shape == hf.shape and err <= args.tolerance,
              f"gptsh's logits {gptsh.shape} vs transformers': relative error {err:.2e}")

    if all(os.path.exists(os.path.join(args.folder, n)) for n in ("vocab.json", "merges.txt")):
        tokenizer = AutoTokenizer.from_pretrained(args.folder)
        check(len(tokenizer) == V, f"transformers' tokenizer ({type(tokenizer).__name__}) has {len(tokenizer)} tokens, the model {V}")
        if text is not None:
            theirs = tokenizer(text)["input_ids"]
            check(theirs == ids[0].tolist(), f"transformers' tokenizer encodes {text!r} as gptsh did: {theirs}")
    else:
        print("      no vocab.json/merges.txt: the tokenizer is gptsh's own (gptsh_tokenizer.json); transformers runs on token ids")

    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
