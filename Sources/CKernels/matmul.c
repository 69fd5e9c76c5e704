#include "matmul.h"

#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>

// libgomp's entry points; declared here because its omp.h sits on gcc's include path only.
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);

struct gptsh_matmul {
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_primitive_t primitive;
    dnnl_memory_t a, b, c, bias, residual, scratch;
    void *scratchData;
    char kernel[64];
    int threads;
    int residualPostOp;
};

static const char *status_name(dnnl_status_t s) {
    switch (s) {
    case dnnl_out_of_memory: return "out of memory";
    case dnnl_invalid_arguments: return "invalid arguments";
    case dnnl_unimplemented: return "no kernel for this shape";
    default: return "oneDNN error";
    }
}

#define TRY(call) do { dnnl_status_t s_ = (call); if (s_ != dnnl_success) { \
    snprintf(error, (size_t)errorLength, "%s: %s", #call, status_name(s_)); goto fail; } } while (0)

// One engine for the process: oneDNN's CPU engine holds no per-caller state.
static dnnl_engine_t shared_engine(void) {
    static dnnl_engine_t engine;
    if (!engine) {
        dnnl_engine_t e;
        if (dnnl_engine_create(&e, dnnl_cpu, 0) != dnnl_success) return NULL;
        if (!__sync_bool_compare_and_swap(&engine, NULL, e)) dnnl_engine_destroy(e);
    }
    return engine;
}

gptsh_matmul *gptsh_matmul_create(int transA, int transB, int64_t m, int64_t n, int64_t k,
                                  int64_t lda, int64_t ldb, int64_t ldc,
                                  float alpha, float beta, int bias, int64_t ldr, int threads,
                                  int lowA, int lowB, char *error, int errorLength) {
    gptsh_matmul *mm = calloc(1, sizeof *mm);
    dnnl_primitive_attr_t attr = NULL;
    dnnl_post_ops_t ops = NULL;
    dnnl_primitive_desc_t pd = NULL;
    if (!mm) { snprintf(error, (size_t)errorLength, "out of memory"); return NULL; }
    mm->threads = threads;
    mm->engine = shared_engine();
    if (!mm->engine) { snprintf(error, (size_t)errorLength, "no oneDNN CPU engine"); goto fail; }

    // Transposition is a matter of strides: op(A)(i,p) sits at A[p·lda + i] when transposed.
    dnnl_dims_t aDims = {m, k}, bDims = {k, n}, cDims = {m, n};
    dnnl_dims_t aStrides = {transA ? 1 : lda, transA ? lda : 1};
    dnnl_dims_t bStrides = {transB ? 1 : ldb, transB ? ldb : 1};
    dnnl_dims_t cStrides = {ldc, 1};
    dnnl_dims_t biasDims = {1, n}, biasStrides = {n, 1}, rStrides = {ldr, 1};
    dnnl_memory_desc_t aDesc, bDesc, cDesc, biasDesc, rDesc;
    TRY(dnnl_memory_desc_init_by_strides(&aDesc, 2, aDims, lowA ? dnnl_bf16 : dnnl_f32, aStrides));
    TRY(dnnl_memory_desc_init_by_strides(&bDesc, 2, bDims, lowB ? dnnl_bf16 : dnnl_f32, bStrides));
    TRY(dnnl_memory_desc_init_by_strides(&cDesc, 2, cDims, dnnl_f32, cStrides));
    TRY(dnnl_memory_desc_init_by_strides(&biasDesc, 2, biasDims, dnnl_f32, biasStrides));
    if (ldr > 0) TRY(dnnl_memory_desc_init_by_strides(&rDesc, 2, cDims, dnnl_f32, rStrides));
    dnnl_matmul_desc_t desc;
    TRY(dnnl_matmul_desc_init(&desc, &aDesc, &bDesc, bias ? &biasDesc : NULL, &cDesc));

    TRY(dnnl_primitive_attr_create(&attr));
    // The scratchpad is ours, made once here, so that running never allocates.
    TRY(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user));
    if (alpha != 1.0f) TRY(dnnl_primitive_attr_set_output_scales(attr, 1, 0, &alpha));
    if (beta != 0.0f || ldr > 0) {
        TRY(dnnl_post_ops_create(&ops));
        if (beta != 0.0f) TRY(dnnl_post_ops_append_sum(ops, beta));
        if (ldr > 0) TRY(dnnl_post_ops_append_binary(ops, dnnl_binary_add, &rDesc));
        mm->residualPostOp = beta != 0.0f ? 1 : 0;
        TRY(dnnl_primitive_attr_set_post_ops(attr, ops));
    }
    // oneDNN sizes its work split from the team size at creation time.
    if (omp_get_max_threads() != threads) omp_set_num_threads(threads);
    TRY(dnnl_primitive_desc_create(&pd, &desc, attr, mm->engine, NULL));
    const char *kernel = "";
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &kernel);
    snprintf(mm->kernel, sizeof mm->kernel, "%s", kernel);
    TRY(dnnl_primitive_create(&mm->primitive, pd));

    TRY(dnnl_memory_create(&mm->a, &aDesc, mm->engine, DNNL_MEMORY_NONE));
    TRY(dnnl_memory_create(&mm->b, &bDesc, mm->engine, DNNL_MEMORY_NONE));
    TRY(dnnl_memory_create(&mm->c, &cDesc, mm->engine, DNNL_MEMORY_NONE));
    if (bias) TRY(dnnl_memory_create(&mm->bias, &biasDesc, mm->engine, DNNL_MEMORY_NONE));
    if (ldr > 0) TRY(dnnl_memory_create(&mm->residual, &rDesc, mm->engine, DNNL_MEMORY_NONE));
    const dnnl_memory_desc_t *scratchDesc = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
    size_t scratchBytes = scratchDesc ? dnnl_memory_desc_get_size(scratchDesc) : 0;
    if (scratchBytes > 0) {
        if (posix_memalign(&mm->scratchData, 64, scratchBytes) != 0) {
            snprintf(error, (size_t)errorLength, "out of memory for a %zu-byte scratchpad", scratchBytes);
            goto fail;
        }
        TRY(dnnl_memory_create(&mm->scratch, scratchDesc, mm->engine, mm->scratchData));
    }
    TRY(dnnl_stream_create(&mm->stream, mm->engine, dnnl_stream_default_flags));
    if (ops) dnnl_post_ops_destroy(ops);
    dnnl_primitive_attr_destroy(attr);
    dnnl_primitive_desc_destroy(pd);
    return mm;
fail:
    if (ops) dnnl_post_ops_destroy(ops);
    if (attr) dnnl_primitive_attr_destroy(attr);
    if (pd) dnnl_primitive_desc_destroy(pd);
    gptsh_matmul_destroy(mm);
    return NULL;
}

void gptsh_matmul_run(gptsh_matmul *mm, const void *a, const void *b, float *c,
                      const float *bias, const float *residual) {
    // OpenMP's team size is per thread; set it where it differs so that a product run from one
    // of the engine's workers stays on that worker.
    if (omp_get_max_threads() != mm->threads) omp_set_num_threads(mm->threads);
    dnnl_memory_set_data_handle_v2(mm->a, (void *)a, mm->stream);
    dnnl_memory_set_data_handle_v2(mm->b, (void *)b, mm->stream);
    dnnl_memory_set_data_handle_v2(mm->c, c, mm->stream);
    dnnl_exec_arg_t args[6] = {{DNNL_ARG_SRC, mm->a}, {DNNL_ARG_WEIGHTS, mm->b}, {DNNL_ARG_DST, mm->c}};
    int count = 3;
    if (mm->scratch) args[count++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, mm->scratch};
    if (mm->bias) {
        dnnl_memory_set_data_handle_v2(mm->bias, (void *)bias, mm->stream);
        args[count++] = (dnnl_exec_arg_t){DNNL_ARG_BIAS, mm->bias};
    }
    if (mm->residual) {
        dnnl_memory_set_data_handle_v2(mm->residual, (void *)residual, mm->stream);
        // The residual is the first post-op when beta is 0, the second after the sum otherwise.
        args[count++] = (dnnl_exec_arg_t){DNNL_ARG_ATTR_MULTIPLE_POST_OP(mm->residualPostOp) | DNNL_ARG_SRC_1, mm->residual};
    }
    dnnl_primitive_execute(mm->primitive, mm->stream, count, args);
    dnnl_stream_wait(mm->stream);
}

void gptsh_matmul_destroy(gptsh_matmul *mm) {
    if (!mm) return;
    if (mm->stream) dnnl_stream_destroy(mm->stream);
    if (mm->primitive) dnnl_primitive_destroy(mm->primitive);
    if (mm->a) dnnl_memory_destroy(mm->a);
    if (mm->b) dnnl_memory_destroy(mm->b);
    if (mm->c) dnnl_memory_destroy(mm->c);
    if (mm->bias) dnnl_memory_destroy(mm->bias);
    if (mm->residual) dnnl_memory_destroy(mm->residual);
    if (mm->scratch) dnnl_memory_destroy(mm->scratch);
    free(mm->scratchData);
    free(mm);
}

const char *gptsh_matmul_kernel(const gptsh_matmul *mm) { return mm->kernel; }
