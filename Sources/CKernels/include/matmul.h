#ifndef GPTSH_MATMUL_H
#define GPTSH_MATMUL_H

#include <stdint.h>

/// One oneDNN matmul primitive for one product shape, with the memory objects, stream and
/// scratchpad it runs with, so executing it allocates nothing. Not shared between threads:
/// each thread that runs a shape gets its own.
typedef struct gptsh_matmul gptsh_matmul;

/// Row-major C(m×n) = alpha · op(A)(m×k) · op(B)(k×n) + beta · C [+ bias(n)] [+ R(m×n)], with
/// leading dimensions; `bias` says whether a bias row is added, `ldr` > 0 that a residual R
/// with that leading dimension is (both inside the kernel, with no pass of their own).
/// `threads` is the OpenMP team oneDNN may use inside the call (1: the calling thread only).
/// `lowA`, `lowB`: that operand is bfloat16 (products then accumulate in float, C stays float).
/// Returns NULL and writes a message into `error` when oneDNN refuses the shape.
gptsh_matmul *gptsh_matmul_create(int transA, int transB, int64_t m, int64_t n, int64_t k,
                                  int64_t lda, int64_t ldb, int64_t ldc,
                                  float alpha, float beta, int bias, int64_t ldr, int threads,
                                  int lowA, int lowB, char *error, int errorLength);
/// `bias` and `residual` are read only when the primitive was made with them.
void gptsh_matmul_run(gptsh_matmul *mm, const void *a, const void *b, float *c,
                      const float *bias, const float *residual);
void gptsh_matmul_destroy(gptsh_matmul *mm);
/// oneDNN's name for the kernel it chose (e.g. "brg:avx512_core").
const char *gptsh_matmul_kernel(const gptsh_matmul *mm);

#endif
