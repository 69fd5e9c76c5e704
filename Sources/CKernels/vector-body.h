// The 16-lane vector helpers every kernel body uses, included once per instruction set by
// kernels.c, which gives each inclusion its own NAME suffix and target attribute; each
// inclusion lowers the vectors to its own registers (one zmm on AVX-512, two ymm on AVX2).

static inline __attribute__((always_inline)) v16 NAME(splat)(float x) { return (v16)(x); }
static inline __attribute__((always_inline)) v16 NAME(load)(const float *p) { return *(const v16 *)p; }
static inline __attribute__((always_inline)) void NAME(store)(float *p, v16 x) { *(v16 *)p = x; }
// The tail of a row: the missing lanes take `fill`.
static inline __attribute__((always_inline)) v16 NAME(load_part)(const float *p, long n, float fill) {
    float t[16];
    for (int i = 0; i < 16; i++) t[i] = i < n ? p[i] : fill;
    return NAME(load)(t);
}
static inline __attribute__((always_inline)) v16 NAME(load_part0)(const float *p, long n) { return NAME(load_part)(p, n, 0); }
static inline __attribute__((always_inline)) void NAME(store_part)(float *p, v16 x, long n) {
    float t[16];
    NAME(store)(t, x);
    memcpy(p, t, (size_t)n * sizeof(float));
}
static inline __attribute__((always_inline)) float NAME(hsum)(v16 x) {
    float s = 0;
    for (int i = 0; i < 16; i++) s += x[i];
    return s;
}

// bfloat16 is the top half of a float: rounding to nearest even adds 0x7FFF plus the lowest
// kept bit before truncating; NaN is kept a quiet NaN rather than rounded into infinity.
static inline __attribute__((always_inline)) v16h NAME(to_bf16)(v16 x) {
    v16u b = (v16u)x;
    v16u r = (b + 0x7FFFu + ((b >> 16) & 1u)) >> 16;
    v16u nan = (v16u)(x != x);
    return __builtin_convertvector((r & ~nan) | (0x7FC0u & nan), v16h);
}
static inline __attribute__((always_inline)) v16 NAME(from_bf16)(v16h h) {
    return (v16)(__builtin_convertvector(h, v16u) << 16);
}
static inline __attribute__((always_inline)) void NAME(store_bf16)(uint16_t *p, v16 x) { *(v16h *)p = NAME(to_bf16)(x); }
static inline __attribute__((always_inline)) void NAME(store_bf16_part)(uint16_t *p, v16 x, long n) {
    v16h h = NAME(to_bf16)(x);
    uint16_t t[16];
    *(v16h *)t = h;
    memcpy(p, t, (size_t)n * sizeof(uint16_t));
}
static inline __attribute__((always_inline)) v16 NAME(load_bf16)(const uint16_t *p) { return NAME(from_bf16)(*(const v16h *)p); }
static inline __attribute__((always_inline)) v16 NAME(load_bf16_part)(const uint16_t *p, long n) {
    uint16_t t[16] = {0};
    memcpy(t, p, (size_t)n * sizeof(uint16_t));
    return NAME(load_bf16)(t);
}
// A kernel's result goes to a float array or, when that is NULL, to a bfloat16 one.
static inline __attribute__((always_inline)) void NAME(put)(float *f, uint16_t *h, long i, v16 x) {
    if (f) NAME(store)(f + i, x); else NAME(store_bf16)(h + i, x);
}
static inline __attribute__((always_inline)) void NAME(put_part)(float *f, uint16_t *h, long i, v16 x, long n) {
    if (f) NAME(store_part)(f + i, x, n); else NAME(store_bf16_part)(h + i, x, n);
}

// exp by range reduction x = n·ln2 + r and Cephes' degree-6 polynomial for e^r; 2^n is built in
// the exponent bits. Agrees with expf to about 2 ulp over the clamped range.
static inline __attribute__((always_inline)) v16 NAME(exp16)(v16 x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, NAME(splat)(-87.3f)), NAME(splat)(88.7f));
    const v16 magic = NAME(splat)(12582912.0f);
    v16 shifted = x * 1.44269504088896341f + magic;
    v16 n = shifted - magic;
    x = x - n * 0.693359375f;
    x = x - n * -2.12194440e-4f;
    v16 y = NAME(splat)(1.9875691500e-4f);
    y = y * x + 1.3981999507e-3f;
    y = y * x + 8.3334519073e-3f;
    y = y * x + 4.1665795894e-2f;
    y = y * x + 1.6666665459e-1f;
    y = y * x + 5.0000001201e-1f;
    y = y * x * x + x + 1.0f;
    v16i bits = ((v16i)shifted - 0x4B400000 + 127) << 23;
    return y * (v16)bits;
}

// tanh from one exp of −2|x|, which never overflows.
static inline __attribute__((always_inline)) v16 NAME(tanh16)(v16 x) {
    v16 t = NAME(exp16)(-2.0f * __builtin_elementwise_abs(x));
    v16 r = (1.0f - t) / (1.0f + t);
    return __builtin_elementwise_copysign(r, x);
}
