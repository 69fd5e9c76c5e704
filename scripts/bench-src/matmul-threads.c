// oneDNN matmul on the engine's product shapes, three ways of using two cores:
// one thread; oneDNN's own OpenMP team of two; two threads each running its own
// single-threaded primitive on half the rows (what the engine's worker pool does).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "matmul.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

typedef struct { gptsh_matmul *mm; const float *a, *b; float *c; int reps; } job;
static void *worker(void *p) { job *j = p; for (int i = 0; i < j->reps; i++) gptsh_matmul_run(j->mm, j->a, j->b, j->c, NULL, NULL); return NULL; }

static double best_of(void (*f)(void *), void *arg, int reps) {
    double best = 1e9;
    for (int r = 0; r < 5; r++) { double t = now(); for (int i = 0; i < reps; i++) f(arg); t = (now() - t) / reps; if (t < best) best = t; }
    return best;
}
typedef struct { gptsh_matmul *mm; const float *a, *b; float *c; } one;
static void run_one(void *p) { one *o = p; gptsh_matmul_run(o->mm, o->a, o->b, o->c, NULL, NULL); }
typedef struct { job j[2]; } pair;
static void run_pair(void *p) {
    pair *q = p; pthread_t t; pthread_create(&t, NULL, worker, &q->j[1]); worker(&q->j[0]); pthread_join(t, NULL);
}

int main(void) {
    // transA, transB, m, n, k: S and M shapes of forward and backward products, and attention.
    int shapes[][5] = {{0,1,768,384,128},{0,0,768,128,512},{1,0,512,128,768},{0,1,64,64,32},
                       {0,1,4096,1152,384},{0,0,4096,384,1536},{1,0,1536,384,4096},{0,1,256,256,64},{0,0,256,64,256}};
    char err[256];
    printf("%-5s %-5s %17s  %9s %9s %9s  %s\n", "opA", "opB", "m x n x k", "1 thread", "omp 2", "2 x half", "kernel");
    for (int s = 0; s < 9; s++) {
        int ta = shapes[s][0], tb = shapes[s][1]; long m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
        long lda = ta ? m : k, ldb = tb ? k : n, ldc = n;
        float *a = aligned_alloc(64, sizeof(float) * m * k), *b = aligned_alloc(64, sizeof(float) * k * n), *c = aligned_alloc(64, sizeof(float) * m * n);
        for (long i = 0; i < m * k; i++) a[i] = (float)rand() / RAND_MAX - 0.5f;
        for (long i = 0; i < k * n; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
        double flop = 2.0 * m * n * k;
        int reps = (int)(1e9 / flop) + 1;
        gptsh_matmul *m1 = gptsh_matmul_create(ta, tb, m, n, k, lda, ldb, ldc, 1, 0, 0, 0, 1, 0, 0, err, sizeof err);
        gptsh_matmul *m2 = gptsh_matmul_create(ta, tb, m, n, k, lda, ldb, ldc, 1, 0, 0, 0, 2, 0, 0, err, sizeof err);
        long h = m / 2;
        gptsh_matmul *ha = gptsh_matmul_create(ta, tb, h, n, k, lda, ldb, ldc, 1, 0, 0, 0, 1, 0, 0, err, sizeof err);
        gptsh_matmul *hb = gptsh_matmul_create(ta, tb, m - h, n, k, lda, ldb, ldc, 1, 0, 0, 0, 1, 0, 0, err, sizeof err);
        if (!m1 || !m2 || !ha || !hb) { printf("create failed: %s\n", err); return 1; }
        one o1 = {m1, a, b, c}, o2 = {m2, a, b, c};
        const float *a2 = ta ? a + h : a + h * lda;
        pair p = {{{ha, a, b, c, 1}, {hb, a2, b, c + h * ldc, 1}}};
        run_one(&o1); run_one(&o2); run_pair(&p);
        double t1 = best_of(run_one, &o1, reps), t2 = best_of(run_one, &o2, reps), t3 = best_of(run_pair, &p, reps);
        printf("%-5s %-5s %5ldx%5ldx%5ld  %9.1f %9.1f %9.1f  %s\n", ta ? "T" : "N", tb ? "T" : "N", m, n, k,
               flop / t1 / 1e9, flop / t2 / 1e9, flop / t3 / 1e9, gptsh_matmul_kernel(m1));
        gptsh_matmul_destroy(m1); gptsh_matmul_destroy(m2); gptsh_matmul_destroy(ha); gptsh_matmul_destroy(hb);
        free(a); free(b); free(c);
    }
    return 0;
}
