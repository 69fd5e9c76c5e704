#include "elementwise.h"
#include "attention.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// The helpers take and return 16-lane vectors but are always inlined into their kernel, so no
// call ever passes one across the AVX2 variant's ABI.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v16 __attribute__((ext_vector_type(16), aligned(4)));
typedef int v16i __attribute__((ext_vector_type(16), aligned(4)));
typedef unsigned int v16u __attribute__((ext_vector_type(16), aligned(4)));
typedef unsigned short v16h __attribute__((ext_vector_type(16), aligned(2)));

// Attention's query block; ATT_MR is the rows of its register tile, which fills 16 of
// AVX-512's 32 registers with sums and 12 of AVX2's 16.
#define ATT_ROWS 64
enum { ATT_DENSE, ATT_COLUMNS, ATT_PREFIX, ATT_SUFFIX };

#define NAME(f) f##_avx512
#define ATT_MR 8
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f,avx512bw,avx512dq,avx512vl"))), apply_to = function)
#include "vector-body.h"
#include "elementwise-body.h"
#include "attention-body.h"
#pragma clang attribute pop
#undef ATT_MR
#undef NAME

#define NAME(f) f##_avx2
#define ATT_MR 3
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "vector-body.h"
#include "elementwise-body.h"
#include "attention-body.h"
#pragma clang attribute pop
#undef ATT_MR
#undef NAME

// Chosen once, before main: every call after that is a predictable branch.
static int wide;
__attribute__((constructor)) static void choose(void) {
    __builtin_cpu_init();
    wide = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}

#define DISPATCH(f, ...) (wide ? f##_avx512(__VA_ARGS__) : f##_avx2(__VA_ARGS__))

void gptsh_gelu_forward(float *out, uint16_t *outLow, const float *x, long n) { DISPATCH(gelu_forward, out, outLow, x, n); }
void gptsh_gelu_backward(float *dx, const float *x, const float *dy, long n) { DISPATCH(gelu_backward, dx, x, dy, n); }
void gptsh_layernorm_forward(float *out, uint16_t *outLow, float *mean, float *rstd, const float *x,
                             const float *w, const float *b, long rows, long C, float eps) {
    DISPATCH(layernorm_forward, out, outLow, mean, rstd, x, w, b, rows, C, eps);
}
void gptsh_layernorm_backward(float *dx, float *dw, float *db, const float *dy, const float *x,
                              const float *w, const float *mean, const float *rstd, long rows, long C) {
    DISPATCH(layernorm_backward, dx, dw, db, dy, x, w, mean, rstd, rows, C);
}
float gptsh_softmax(float *row, long n, float *max) { return DISPATCH(softmax, row, n, max); }
void gptsh_adamw(float *p, uint16_t *pLow, float *m, float *v, const float *g, long n, float shrink,
                 float beta1, float beta2, float bc2Sqrt, float eps, float stepSize) {
    DISPATCH(adamw, p, pLow, m, v, g, n, shrink, beta1, beta2, bc2Sqrt, eps, stepSize);
}
void gptsh_matvec(float *y, const float *w, long ldw, const float *x, long n, long k,
                  const float *bias, const float *r) {
    DISPATCH(matvec, y, w, ldw, x, n, k, bias, r);
}
void gptsh_matvec_bf16(float *y, const uint16_t *w, long ldw, const uint16_t *x, long n, long k,
                       const float *bias, const float *r) {
    DISPATCH(matvec_bf16, y, w, ldw, x, n, k, bias, r);
}
void gptsh_to_bf16(uint16_t *dst, const float *src, long n) { DISPATCH(to_bf16_array, dst, src, n); }
int gptsh_cpu_has_bf16(void) { return wide && __builtin_cpu_supports("avx512bf16"); }

long gptsh_attention_block(void) { return ATT_ROWS; }
long gptsh_attention_scratch(long T, long hs) { long Tp = (T + 15) & ~15L; return 2 * hs * Tp + 3 * ATT_ROWS * Tp; }
void gptsh_attention_forward(float *o, long ldo, float *stats, float *probs, long ldp, const float *q, const float *k,
                             const float *v, long ld, const float *mask, long ldm, long start, long T, long hs,
                             float scale, float *scratch) {
    DISPATCH(attention_forward, o, ldo, stats, probs, ldp, q, k, v, ld, mask, ldm, start, T, hs, scale, scratch);
}
void gptsh_attention_backward(float *dq, float *dk, float *dv, const float *dout, long ldo, const float *q,
                              const float *k, const float *v, long ld, const float *stats, const float *mask, long ldm,
                              long T, long hs, float scale, float *scratch) {
    DISPATCH(attention_backward, dq, dk, dv, dout, ldo, q, k, v, ld, stats, mask, ldm, T, hs, scale, scratch);
}
