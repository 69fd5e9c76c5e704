#ifndef GPTSH_CRUNTIME_H
#define GPTSH_CRUNTIME_H

/// Tells the core this thread is spin-waiting (x86 `pause`), which Swift cannot express.
static inline void gptsh_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
