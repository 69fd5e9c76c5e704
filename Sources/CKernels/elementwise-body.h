// The elementwise and row kernels' bodies, included once per instruction set by kernels.c
// after vector-body.h.

#define GELU_SCALE 0.7978845608028654f  // √(2/π)

static inline __attribute__((always_inline)) v16 NAME(gelu16)(v16 x) {
    return 0.5f * x * (1.0f + NAME(tanh16)(GELU_SCALE * (x + 0.044715f * x * x * x)));
}

static inline __attribute__((always_inline)) v16 NAME(gelu_grad16)(v16 x, v16 dy) {
    v16 th = NAME(tanh16)(GELU_SCALE * (x + 0.044715f * x * x * x));
    v16 inner = GELU_SCALE * (1.0f + 3.0f * 0.044715f * x * x);
    return (0.5f * (1.0f + th) + 0.5f * x * (1.0f - th * th) * inner) * dy;
}

static void NAME(gelu_forward)(float *out, uint16_t *outLow, const float *x, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) NAME(put)(out, outLow, i, NAME(gelu16)(NAME(load)(x + i)));
    if (i < n) NAME(put_part)(out, outLow, i, NAME(gelu16)(NAME(load_part)(x + i, n - i, 0)), n - i);
}

static void NAME(gelu_backward)(float *dx, const float *x, const float *dy, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) NAME(store)(dx + i, NAME(gelu_grad16)(NAME(load)(x + i), NAME(load)(dy + i)));
    if (i < n) NAME(store_part)(dx + i, NAME(gelu_grad16)(NAME(load_part)(x + i, n - i, 0), NAME(load_part)(dy + i, n - i, 0)), n - i);
}

static void NAME(layernorm_forward)(float *out, uint16_t *outLow, float *mean, float *rstd, const float *x,
                                    const float *w, const float *b, long rows, long C, float eps) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * C;
        float *o = out ? out + r * C : NULL;
        uint16_t *oLow = out ? NULL : outLow + r * C;
        v16 acc = NAME(splat)(0);
        long i = 0;
        for (; i + 16 <= C; i += 16) acc += NAME(load)(xr + i);
        if (i < C) acc += NAME(load_part)(xr + i, C - i, 0);
        float m = NAME(hsum)(acc) / (float)C;
        acc = NAME(splat)(0);
        for (i = 0; i + 16 <= C; i += 16) { v16 d = NAME(load)(xr + i) - m; acc += d * d; }
        if (i < C) { v16 d = NAME(load_part)(xr + i, C - i, m) - m; acc += d * d; }
        float s = 1.0f / sqrtf(NAME(hsum)(acc) / (float)C + eps);
        for (i = 0; i + 16 <= C; i += 16) {
            v16 y = (NAME(load)(xr + i) - m) * s * NAME(load)(w + i);
            NAME(put)(o, oLow, i, b ? y + NAME(load)(b + i) : y);
        }
        if (i < C) {
            v16 y = (NAME(load_part)(xr + i, C - i, 0) - m) * s * NAME(load_part)(w + i, C - i, 0);
            NAME(put_part)(o, oLow, i, b ? y + NAME(load_part)(b + i, C - i, 0) : y, C - i);
        }
        mean[r] = m;
        rstd[r] = s;
    }
}

static void NAME(layernorm_backward)(float *dx, float *dw, float *db, const float *dy, const float *x,
                                     const float *w, const float *mean, const float *rstd, long rows, long C) {
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * C, *dyr = dy + r * C;
        float *dxr = dx + r * C;
        float m = mean[r], s = rstd[r];
        v16 a1 = NAME(splat)(0), a2 = NAME(splat)(0);
        long i = 0;
        for (; i + 16 <= C; i += 16) {
            v16 norm = (NAME(load)(xr + i) - m) * s, dnorm = NAME(load)(w + i) * NAME(load)(dyr + i);
            a1 += dnorm;
            a2 += dnorm * norm;
        }
        if (i < C) {
            long k = C - i;
            v16 norm = (NAME(load_part)(xr + i, k, m) - m) * s, dnorm = NAME(load_part)(w + i, k, 0) * NAME(load_part)(dyr + i, k, 0);
            a1 += dnorm;
            a2 += dnorm * norm;
        }
        float dnormMean = NAME(hsum)(a1) / (float)C, dnormNormMean = NAME(hsum)(a2) / (float)C;
        for (i = 0; i + 16 <= C; i += 16) {
            v16 g = NAME(load)(dyr + i), norm = (NAME(load)(xr + i) - m) * s, dnorm = NAME(load)(w + i) * g;
            NAME(store)(db + i, NAME(load)(db + i) + g);
            NAME(store)(dw + i, NAME(load)(dw + i) + norm * g);
            NAME(store)(dxr + i, NAME(load)(dxr + i) + (dnorm - dnormMean - norm * dnormNormMean) * s);
        }
        for (; i < C; i++) {
            float g = dyr[i], norm = (xr[i] - m) * s, dnorm = w[i] * g;
            db[i] += g;
            dw[i] += norm * g;
            dxr[i] += (dnorm - dnormMean - norm * dnormNormMean) * s;
        }
    }
}

static float NAME(softmax)(float *row, long n, float *max) {
    v16 mv = NAME(splat)(-INFINITY);
    long i = 0;
    for (; i + 16 <= n; i += 16) mv = __builtin_elementwise_max(mv, NAME(load)(row + i));
    if (i < n) mv = __builtin_elementwise_max(mv, NAME(load_part)(row + i, n - i, -INFINITY));
    float mx = -INFINITY;
    for (int k = 0; k < 16; k++) mx = mv[k] > mx ? mv[k] : mx;
    v16 acc = NAME(splat)(0);
    for (i = 0; i + 16 <= n; i += 16) { v16 e = NAME(exp16)(NAME(load)(row + i) - mx); acc += e; NAME(store)(row + i, e); }
    if (i < n) {
        v16 e = NAME(exp16)(NAME(load_part)(row + i, n - i, -INFINITY) - mx);
        acc += e;
        NAME(store_part)(row + i, e, n - i);
    }
    float sum = NAME(hsum)(acc), inv = 1.0f / sum;
    for (i = 0; i + 16 <= n; i += 16) NAME(store)(row + i, NAME(load)(row + i) * inv);
    for (; i < n; i++) row[i] *= inv;
    *max = mx;
    return sum;
}

static inline __attribute__((always_inline)) void NAME(adamw16)(float *p, uint16_t *pLow, float *m, float *v, const float *g, long n, float shrink, float beta1,
                    float beta2, float bc2Sqrt, float eps, float stepSize) {
    v16 g16 = NAME(load_part)(g, n, 0), p16 = NAME(load_part)(p, n, 0), m16 = NAME(load_part)(m, n, 0), v16_ = NAME(load_part)(v, n, 0);
    p16 *= shrink;
    m16 += (1.0f - beta1) * (g16 - m16);
    v16_ = v16_ * beta2 + (1.0f - beta2) * g16 * g16;
    v16 denom = __builtin_elementwise_sqrt(v16_) / bc2Sqrt + eps;
    p16 -= stepSize * (m16 / denom);
    NAME(store_part)(p, p16, n);
    if (pLow) NAME(store_bf16_part)(pLow, p16, n);
    NAME(store_part)(m, m16, n);
    NAME(store_part)(v, v16_, n);
}

static void NAME(adamw)(float *p, uint16_t *pLow, float *m, float *v, const float *g, long n, float shrink,
                        float beta1, float beta2, float bc2Sqrt, float eps, float stepSize) {
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        v16 g16 = NAME(load)(g + i), p16 = NAME(load)(p + i) * shrink, m16 = NAME(load)(m + i), v16_ = NAME(load)(v + i);
        m16 += (1.0f - beta1) * (g16 - m16);
        v16_ = v16_ * beta2 + (1.0f - beta2) * g16 * g16;
        v16 denom = __builtin_elementwise_sqrt(v16_) / bc2Sqrt + eps;
        p16 -= stepSize * (m16 / denom);
        NAME(store)(p + i, p16);
        if (pLow) NAME(store_bf16)(pLow + i, p16);
        NAME(store)(m + i, m16);
        NAME(store)(v + i, v16_);
    }
    if (i < n) NAME(adamw16)(p + i, pLow ? pLow + i : NULL, m + i, v + i, g + i, n - i, shrink, beta1, beta2, bc2Sqrt, eps, stepSize);
}

// y(n) = W·x [+ bias] [+ r] for one element type of W and x, summed in float.
#define MATVEC(f, T, LOAD, LOAD_PART)                                                          \
    static void NAME(f)(float *y, const T *w, long ldw, const T *x, long n, long k,            \
                        const float *bias, const float *r) {                                   \
        for (long j = 0; j < n; j++) {                                                         \
            const T *row = w + j * ldw;                                                        \
            v16 acc = NAME(splat)(0);                                                          \
            long i = 0;                                                                        \
            for (; i + 16 <= k; i += 16) acc += NAME(LOAD)(row + i) * NAME(LOAD)(x + i);       \
            if (i < k) acc += NAME(LOAD_PART)(row + i, k - i) * NAME(LOAD_PART)(x + i, k - i); \
            float s = NAME(hsum)(acc);                                                         \
            if (bias) s += bias[j];                                                            \
            if (r) s += r[j];                                                                  \
            y[j] = s;                                                                          \
        }                                                                                      \
    }
MATVEC(matvec, float, load, load_part0)
MATVEC(matvec_bf16, uint16_t, load_bf16, load_bf16_part)
#undef MATVEC

static void NAME(to_bf16_array)(uint16_t *dst, const float *src, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) NAME(store_bf16)(dst + i, NAME(load)(src + i));
    if (i < n) NAME(store_bf16_part)(dst + i, NAME(load_part)(src + i, n - i, 0), n - i);
}
