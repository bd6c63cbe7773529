/* Optimizer update kernels; the formulas are in CMLVKernels.h. Plain C loops, compiled once per
 * instruction set: vector sqrt and division round like the scalar ones, and contraction is off,
 * so every variant gives the same bits. */
#include "CMLVKernels.h"

#include <math.h>

#pragma clang fp contract(off)

#define ADAM_BODY                                                                                  \
    float step = lr / bc1, root_bc2 = sqrtf(bc2);                                                  \
    for (size_t i = 0; i < n; i++) {                                                               \
        float grad = g[i] + l2 * p[i];                                                             \
        float mi = b1 * m[i] + (1.0f - b1) * grad;                                                 \
        float vi = b2 * v[i] + (1.0f - b2) * (grad * grad);                                        \
        m[i] = mi;                                                                                 \
        v[i] = vi;                                                                                 \
        p[i] = p[i] * decay - step * (mi / (sqrtf(vi) / root_bc2 + eps));                          \
    }

static void adam_portable(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, size_t n,
                          float lr, float b1, float b2, float eps, float l2, float decay, float bc1, float bc2) {
    ADAM_BODY
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void adam_avx512(float *restrict p, const float *restrict g,
                                                           float *restrict m, float *restrict v, size_t n, float lr,
                                                           float b1, float b2, float eps, float l2, float decay,
                                                           float bc1, float bc2) {
    ADAM_BODY
}

__attribute__((target("avx2"))) static void adam_avx2(float *restrict p, const float *restrict g, float *restrict m,
                                                      float *restrict v, size_t n, float lr, float b1, float b2,
                                                      float eps, float l2, float decay, float bc1, float bc2) {
    ADAM_BODY
}
#endif

void mlv_adam_step(int variant, float *p, const float *g, float *m, float *v, size_t n, float lr, float b1,
                   float b2, float eps, float l2, float decay, float bc1, float bc2) {
#if defined(__x86_64__)
    if (variant == MLV_KERNEL_AVX512) { adam_avx512(p, g, m, v, n, lr, b1, b2, eps, l2, decay, bc1, bc2); return; }
    if (variant == MLV_KERNEL_AVX2_FMA) { adam_avx2(p, g, m, v, n, lr, b1, b2, eps, l2, decay, bc1, bc2); return; }
#endif
    adam_portable(p, g, m, v, n, lr, b1, b2, eps, l2, decay, bc1, bc2);
}
