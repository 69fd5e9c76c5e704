#ifndef GPTSH_ELEMENTWISE_H
#define GPTSH_ELEMENTWISE_H

#include <stdint.h>

/// The engine's elementwise and row kernels, each compiled for AVX-512 and for AVX2 with FMA,
/// the variant chosen once at load time from the CPU, so one binary uses the widest vectors a
/// machine has (the engine itself needs AVX2). Threading stays with the caller: each call
/// covers the slice one thread owns.

/// Kernels with two outputs write one of them: the float array `out`, or when it is NULL the
/// bfloat16 array `outLow` (rounded to nearest even), which mixed precision hands to products.

/// GELU, tanh approximation: out = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
void gptsh_gelu_forward(float *out, uint16_t *outLow, const float *x, long n);
/// dx = dy · gelu'(x); dx may be dy.
void gptsh_gelu_backward(float *dx, const float *x, const float *dy, long n);

/// LayerNorm of `rows` rows of C: out = (x − mean)·rstd·w + b, saving mean and rstd per row;
/// `b` may be NULL (nanoGPT's bias=False).
void gptsh_layernorm_forward(float *out, uint16_t *outLow, float *mean, float *rstd, const float *x,
                             const float *w, const float *b, long rows, long C, float eps);
/// Adds the input gradient to dx and the weight and bias gradients of these rows to dw, db.
void gptsh_layernorm_backward(float *dx, float *dw, float *db, const float *dy, const float *x,
                              const float *w, const float *mean, const float *rstd, long rows, long C);

/// In place: row = exp(row − max) / Σ. Writes the max and returns Σ (before the division).
float gptsh_softmax(float *row, long n, float *max);

/// AdamW on n parameters (PyTorch's formula): p ·= shrink; m, v moments;
/// p −= stepSize · m / (√v / bc2Sqrt + eps). When `pLow` is not NULL the updated parameters are
/// also rounded into it: mixed precision's bfloat16 weights, refreshed once per step.
void gptsh_adamw(float *p, uint16_t *pLow, float *m, float *v, const float *g, long n, float shrink,
                 float beta1, float beta2, float bc2Sqrt, float eps, float stepSize);

/// y(n) = W(n×k)·x(k) [+ bias(n)] [+ r(n)], W row-major with leading dimension ldw: one row of
/// a product, as generation computes every layer's, where a kernel library's per-call cost is
/// larger than the arithmetic. `bias` and `r` may be NULL.
void gptsh_matvec(float *y, const float *w, long ldw, const float *x, long n, long k,
                  const float *bias, const float *r);
/// The same with W and x in bfloat16, summed in float: generation's products in mixed precision,
/// which read half the bytes.
void gptsh_matvec_bf16(float *y, const uint16_t *w, long ldw, const uint16_t *x, long n, long k,
                       const float *bias, const float *r);

/// dst = src rounded to bfloat16 (nearest even; NaN stays NaN).
void gptsh_to_bf16(uint16_t *dst, const float *src, long n);

/// 1 when the CPU has AVX-512 with AVX512_BF16.
int gptsh_cpu_has_bf16(void);

#endif
