// Causal attention for one (sequence, head) pair, included once per instruction set by
// kernels.c after vector-body.h. ATT_MR, the rows of a register tile, comes with the inclusion.
//
// Query rows go in blocks of ATT_ROWS; block i0..<i1 only meets keys 0..<i1, so no block above
// the diagonal is computed. The probabilities are never kept: the forward pass keeps each row's
// max and 1/Σ, and the backward pass recomputes the scores with the same products in the same
// order, so its P is the forward's P bit for bit. The products are small (ATT_ROWS rows, head
// size columns) and a kernel library's per-call cost and allocations would dominate them, so
// they run here, in register tiles, with kᵀ and vᵀ packed once per pair.

// c (M×N, rows ldc) = alpha·A·B, or c += alpha·A·B with `acc`. A(m, k) sits at a[m·am + k·ak],
// so A and Aᵀ are both read in place; B (K×N) has rows of stride ldb. One tile of `mr` rows
// and `nv` vectors of 16 columns, summed over k in order with fused multiply-adds: every
// element's sum is the same whatever tile computes it.
static inline __attribute__((always_inline)) void NAME(att_tile)(const int mr, const int nv, float *c, long ldc,
                                                                 const float *a, long am, long ak, const float *b,
                                                                 long ldb, long k0, long K, float alpha, int acc) {
    v16 s[ATT_MR][2];
    for (int m = 0; m < mr; m++)
        for (int j = 0; j < nv; j++) s[m][j] = NAME(splat)(0);
    for (long k = k0; k < K; k++) {
        const float *bk = b + k * ldb, *ak_ = a + k * ak;
        v16 b0 = NAME(load)(bk), b1 = nv > 1 ? NAME(load)(bk + 16) : b0;
        for (int m = 0; m < mr; m++) {
            v16 x = NAME(splat)(ak_[m * am]);
            s[m][0] = __builtin_elementwise_fma(x, b0, s[m][0]);
            if (nv > 1) s[m][1] = __builtin_elementwise_fma(x, b1, s[m][1]);
        }
    }
    for (int m = 0; m < mr; m++)
        for (int j = 0; j < nv; j++) {
            float *cm = c + m * ldc + 16 * j;
            NAME(store)(cm, acc ? NAME(load)(cm) + alpha * s[m][j] : alpha * s[m][j]);
        }
}

// What a query block's product may skip, for the query block starting at row `diag` (the
// zeros of P and dS above the diagonal): ATT_COLUMNS, the scores and dP, whose columns past a
// row's last key are masked afterwards; ATT_PREFIX, P·v and dS·k, whose sums end at a row's last
// key; ATT_SUFFIX, Pᵀ·dout and dSᵀ·q, whose sums for key m start at query row m. Skipped terms
// are exact zeros, so every element has the bits it would have without skipping. (The names
// are kernels.c's, shared by both inclusions.)

static void NAME(att_gemm)(float *c, long ldc, const float *a, long am, long ak, const float *b, long ldb,
                           long M, long N, long K, float alpha, int acc, int causal, long diag) {
#define ATT_TILE(mr, nv)                                                                                  \
    do {                                                                                                  \
        long last = diag + m0 + (mr), k0 = 0, k1 = K;                                                     \
        if (causal == ATT_COLUMNS && n0 >= last) break;                                                   \
        if (causal == ATT_PREFIX && last < K) k1 = last;                                                  \
        if (causal == ATT_SUFFIX && m0 > diag) k0 = m0 - diag;                                            \
        NAME(att_tile)((mr), (nv), c + m0 * ldc + n0, ldc, a + m0 * am, am, ak, b + n0, ldb, k0, k1, alpha, acc); \
    } while (0)
    long n0 = 0;
    for (; n0 + 32 <= N; n0 += 32) {
        long m0 = 0;
        for (; m0 + ATT_MR <= M; m0 += ATT_MR) ATT_TILE(ATT_MR, 2);
        for (; m0 < M; m0++) ATT_TILE(1, 2);
    }
    for (; n0 + 16 <= N; n0 += 16) {
        long m0 = 0;
        for (; m0 + ATT_MR <= M; m0 += ATT_MR) ATT_TILE(ATT_MR, 1);
        for (; m0 < M; m0++) ATT_TILE(1, 1);
    }
#undef ATT_TILE
    // Head sizes that are not a multiple of 16 finish their last columns one at a time.
    for (; n0 < N; n0++)
        for (long m = 0; m < M; m++) {
            long last = diag + m + 1, k0 = 0, k1 = K;
            if (causal == ATT_COLUMNS && n0 >= last) continue;
            if (causal == ATT_PREFIX && last < K) k1 = last;
            if (causal == ATT_SUFFIX && m > diag) k0 = m - diag;
            float s = 0;
            for (long k = k0; k < k1; k++) s = fmaf(a[m * am + k * ak], b[k * ldb + n0], s);
            c[m * ldc + n0] = acc ? c[m * ldc + n0] + alpha * s : alpha * s;
        }
}

// t (hs × Tp) = xᵀ for the T rows of x (stride ld), zero in columns T..<Tp. In 16×16 blocks,
// whose 16 rows in and 16 rows out stay in L1, with plain stores: the vectorizer would turn
// the strided ones into scatters, several times slower.
static void NAME(att_pack)(float *t, const float *x, long ld, long T, long Tp, long hs) {
    for (long j0 = 0; j0 < T; j0 += 16)
        for (long d0 = 0; d0 < hs; d0 += 16) {
            long j1 = j0 + 16 < T ? j0 + 16 : T, d1 = d0 + 16 < hs ? d0 + 16 : hs;
            for (long d = d0; d < d1; d++)
#pragma clang loop vectorize(disable)
                for (long j = j0; j < j1; j++) t[d * Tp + j] = x[j * ld + d];
        }
    for (long d = 0; d < hs; d++)
        for (long j = T; j < Tp; j++) t[d * Tp + j] = 0;
}

// Lanes j0..j0+15 of a row that are among its first `keys` columns.
static inline __attribute__((always_inline)) v16i NAME(att_live)(long j0, long keys) {
    const v16i lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    return lane + (int)j0 < (int)keys;
}

static inline __attribute__((always_inline)) v16 NAME(att_keep)(v16 x, v16i live) { return (v16)((v16i)x & live); }

// Row of scores (width a multiple of 16) to probabilities over its first `keys` columns, zero
// after them; stat gets the max and 1/Σ that att_probabilities recomputes it from.
static void NAME(att_softmax)(float *row, long keys, long width, float *stat) {
    v16 mv = NAME(splat)(-INFINITY);
    for (long j = 0; j < keys; j += 16) {
        v16i live = NAME(att_live)(j, keys);
        v16 x = NAME(load)(row + j);
        mv = __builtin_elementwise_max(mv, (v16)(((v16i)x & live) | ((v16i)NAME(splat)(-INFINITY) & ~live)));
    }
    float mx = __builtin_reduce_max(mv);
    v16 sum = NAME(splat)(0);
    for (long j = 0; j < width; j += 16) {
        v16 e = NAME(att_keep)(NAME(exp16)(NAME(load)(row + j) - mx), NAME(att_live)(j, keys));
        sum += e;
        NAME(store)(row + j, e);
    }
    float inv = 1.0f / NAME(hsum)(sum);
    for (long j = 0; j < width; j += 16) NAME(store)(row + j, NAME(load)(row + j) * inv);
    stat[0] = mx;
    stat[1] = inv;
}

// The same probabilities again from the same scores and the kept max and 1/Σ.
static inline __attribute__((always_inline)) void NAME(att_probabilities)(float *row, long keys, long width,
                                                                          const float *stat) {
    for (long j = 0; j < width; j += 16)
        NAME(store)(row + j, NAME(att_keep)(NAME(exp16)(NAME(load)(row + j) - stat[0]), NAME(att_live)(j, keys)) * stat[1]);
}

static inline __attribute__((always_inline)) long NAME(att_round16)(long n) { return (n + 15) & ~15L; }

// A few query rows (generation): scores as dot products, without packing every key.
static void NAME(att_forward_rows)(float *o, long ldo, float *probs, long ldp, const float *q, const float *k,
                                   const float *v, long ld, long start, long T, long hs, float scale, float *row) {
    for (long i = start; i < T; i++) {
        const float *qi = q + i * ld;
        long keys = i + 1, width = NAME(att_round16)(keys);
        for (long j = 0; j < keys; j++) {
            const float *kj = k + j * ld;
            v16 acc = NAME(splat)(0);
            long d = 0;
            for (; d + 16 <= hs; d += 16) acc = __builtin_elementwise_fma(NAME(load)(qi + d), NAME(load)(kj + d), acc);
            if (d < hs) acc = __builtin_elementwise_fma(NAME(load_part0)(qi + d, hs - d), NAME(load_part0)(kj + d, hs - d), acc);
            row[j] = scale * NAME(hsum)(acc);
        }
        float stat[2];
        NAME(att_softmax)(row, keys, width, stat);
        if (probs) {
            memcpy(probs + i * ldp, row, (size_t)keys * sizeof(float));
            memset(probs + i * ldp + keys, 0, (size_t)(T - keys) * sizeof(float));
        }
        NAME(att_gemm)(o + i * ldo, ldo, row, 0, 1, v, ld, 1, hs, keys, 1, 0, ATT_DENSE, 0);
    }
}

static void NAME(attention_forward)(float *o, long ldo, float *stats, float *probs, long ldp, const float *q,
                                    const float *k, const float *v, long ld, const float *mask, long ldm, long start,
                                    long T, long hs, float scale, float *scratch) {
    if (!stats && !mask && T - start < 4) {
        NAME(att_forward_rows)(o, ldo, probs, ldp, q, k, v, ld, start, T, hs, scale, scratch);
        return;
    }
    long Tp = NAME(att_round16)(T);
    float *kt = scratch, *p = kt + hs * Tp;
    NAME(att_pack)(kt, k, ld, T, Tp, hs);
    for (long i0 = start; i0 < T; i0 += ATT_ROWS) {
        long i1 = i0 + ATT_ROWS < T ? i0 + ATT_ROWS : T, R = i1 - i0, n = NAME(att_round16)(i1);
        NAME(att_gemm)(p, Tp, q + i0 * ld, ld, 1, kt, Tp, R, n, hs, scale, 0, ATT_COLUMNS, i0);
        for (long r = 0; r < R; r++) {
            long i = i0 + r;
            float *row = p + r * Tp, stat[2];
            NAME(att_softmax)(row, i + 1, n, stats ? stats + 2 * i : stat);
            if (probs) {
                memcpy(probs + i * ldp, row, (size_t)(i + 1) * sizeof(float));
                memset(probs + i * ldp + i + 1, 0, (size_t)(T - i - 1) * sizeof(float));
            }
            if (mask)
                for (long j = 0; j <= i; j++) row[j] *= mask[i * ldm + j];
        }
        NAME(att_gemm)(o + i0 * ldo, ldo, p, Tp, 1, v, ld, R, hs, i1, 1, 0, ATT_PREFIX, i0);
    }
}

// dS = P⊙(dP − rowsum(P⊙dP)) with dP = dPd⊙mask, where Pd = P⊙mask fed the values:
// the softmax backward through dropout, without the dropped probabilities ever being kept.
static void NAME(attention_backward)(float *dq, float *dk, float *dv, const float *dout, long ldo, const float *q,
                                     const float *k, const float *v, long ld, const float *stats, const float *mask,
                                     long ldm, long T, long hs, float scale, float *scratch) {
    long Tp = NAME(att_round16)(T);
    float *kt = scratch, *vt = kt + hs * Tp, *p = vt + hs * Tp, *dp = p + ATT_ROWS * Tp, *pd = dp + ATT_ROWS * Tp;
    NAME(att_pack)(kt, k, ld, T, Tp, hs);
    NAME(att_pack)(vt, v, ld, T, Tp, hs);
    for (long j = 0; j < T; j++) {
        memset(dk + j * ld, 0, (size_t)hs * sizeof(float));
        memset(dv + j * ld, 0, (size_t)hs * sizeof(float));
    }
    for (long i0 = 0; i0 < T; i0 += ATT_ROWS) {
        long i1 = i0 + ATT_ROWS < T ? i0 + ATT_ROWS : T, R = i1 - i0, n = NAME(att_round16)(i1);
        NAME(att_gemm)(p, Tp, q + i0 * ld, ld, 1, kt, Tp, R, n, hs, scale, 0, ATT_COLUMNS, i0);
        NAME(att_gemm)(dp, Tp, dout + i0 * ldo, ldo, 1, vt, Tp, R, n, hs, 1, 0, ATT_COLUMNS, i0);
        for (long r = 0; r < R; r++) {
            long i = i0 + r;
            float *pr = p + r * Tp, *dpr = dp + r * Tp, *pdr = pd + r * Tp;
            NAME(att_probabilities)(pr, i + 1, n, stats + 2 * i);
            if (mask) {
                const float *mr = mask + i * ldm;
                for (long j = 0; j <= i; j++) {
                    pdr[j] = pr[j] * mr[j];
                    dpr[j] *= mr[j];
                }
                for (long j = i + 1; j < n; j++) pdr[j] = 0;
            }
            // dP past the row's last key was skipped (whatever the scratch held): masked out.
            v16 dot = NAME(splat)(0);
            for (long j = 0; j <= i; j += 16)
                dot = __builtin_elementwise_fma(NAME(load)(pr + j), NAME(att_keep)(NAME(load)(dpr + j), NAME(att_live)(j, i + 1)), dot);
            float D = NAME(hsum)(dot);
            for (long j = 0; j < n; j += 16)
                NAME(store)(dpr + j, NAME(att_keep)(NAME(load)(pr + j) * (NAME(load)(dpr + j) - D), NAME(att_live)(j, i + 1)));
        }
        // Keys 0..<i1 gather from this block's rows; the rows' zeros past the diagonal add nothing.
        NAME(att_gemm)(dv, ld, mask ? pd : p, 1, Tp, dout + i0 * ldo, ldo, i1, hs, R, 1, 1, ATT_SUFFIX, i0);
        NAME(att_gemm)(dk, ld, dp, 1, Tp, q + i0 * ld, ld, i1, hs, R, scale, 1, ATT_SUFFIX, i0);
        NAME(att_gemm)(dq + i0 * ld, ld, dp, Tp, 1, k, ld, R, hs, i1, scale, 0, ATT_PREFIX, i0);
    }
}
