#ifndef GPTSH_ATTENTION_H
#define GPTSH_ATTENTION_H

/// Causal self-attention for one (sequence, head) pair, compiled for AVX-512 and AVX2 like the
/// elementwise kernels; the caller spreads the pairs over its threads.
///
/// q, k, v and their gradients are rows of stride `ld` (3C, read in place from qkv); o and dout
/// rows of stride `ldo`. Row i attends to keys 0...i with weights P = softmax(q·kᵀ·scale).

/// Query rows per block: block i0..<i1 meets keys 0..<i1 only.
long gptsh_attention_block(void);
/// Floats of scratch one call needs (per thread), for sequences of up to T and head size hs.
long gptsh_attention_scratch(long T, long hs);

/// Rows start..<T: o = P·v, or (P⊙mask)·v when `mask` (row stride ldm) holds dropout's mask.
/// `stats` (2 per row), when not NULL, gets what backward recomputes P from; `probs` (row
/// stride ldp), when not NULL, gets P itself, zero after the diagonal.
void gptsh_attention_forward(float *o, long ldo, float *stats, float *probs, long ldp, const float *q, const float *k,
                             const float *v, long ld, const float *mask, long ldm, long start, long T, long hs,
                             float scale, float *scratch);
/// Overwrites dq, dk, dv for all T rows from dout and the forward's stats and mask.
void gptsh_attention_backward(float *dq, float *dk, float *dv, const float *dout, long ldo, const float *q,
                              const float *k, const float *v, long ld, const float *stats, const float *mask, long ldm,
                              long T, long hs, float scale, float *scratch);

#endif
