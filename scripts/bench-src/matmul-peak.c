// The machine's matrix-product peak as oneDNN reaches it, fp32 (or bf16 inputs with fp32
// results, given `bf16`): square products of 512 to 2048 on an OpenMP team of every core, the
// best of 10 runs of the best size. Prints GFLOP/s alone, for scripts/bench's utilisation column.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "matmul.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static double rate(long n, int threads, int low) {
    float *a = aligned_alloc(64, sizeof(float) * n * n), *b = aligned_alloc(64, sizeof(float) * n * n),
          *c = aligned_alloc(64, sizeof(float) * n * n);
    // In bf16 the same buffers hold twice the elements needed; small integers are exact either way.
    for (long i = 0; i < n * n; i++) { a[i] = (float)(i % 7) - 3; b[i] = (float)(i % 5) - 2; }
    char err[256];
    gptsh_matmul *mm = gptsh_matmul_create(0, 0, n, n, n, n, n, n, 1, 0, 0, 0, threads, low, low, err, sizeof err);
    if (!mm) { fprintf(stderr, "matmul-peak: %s\n", err); exit(1); }
    gptsh_matmul_run(mm, a, b, c, NULL, NULL);
    double best = 1e9;
    for (int r = 0; r < 10; r++) {
        double t = now();
        gptsh_matmul_run(mm, a, b, c, NULL, NULL);
        t = now() - t;
        if (t < best) best = t;
    }
    gptsh_matmul_destroy(mm);
    free(a); free(b); free(c);
    return 2.0 * n * n * n / best / 1e9;
}

int main(int argc, char **argv) {
    int low = argc > 1 && strcmp(argv[1], "bf16") == 0;
    int threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    long sizes[] = {512, 768, 1024, 1536, 2048};
    double best = 0;
    for (int i = 0; i < 5; i++) { double g = rate(sizes[i], threads, low); if (g > best) best = g; }
    printf("%.1f\n", best);
    return 0;
}
