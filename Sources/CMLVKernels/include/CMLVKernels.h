#ifndef CMLVKERNELS_H
#define CMLVKERNELS_H
/*
 * The compute core's matrix kernels. Swift calls these through MLVCompute/Kernels only.
 *
 * Every variant computes each element of C as one fused multiply-add chain in k order,
 * c = fma(a[i,0], b[0,j], c0); c = fma(a[i,1], b[1,j], c); ... where c0 is 0 (or C's old value
 * when accumulating). Blocking, tile sizes, vector width and the split of C over threads change
 * only which element is computed when, never the operations that produce it, so all variants
 * and all thread counts give the same bits. See docs/PLUGINS.md, "Determinism".
 */
#include <stddef.h>
#include <stdint.h>

/* Kernel variants; numbers are stable (recorded in run records). */
enum {
    MLV_KERNEL_PORTABLE = 0, /* scalar fmaf(), any CPU */
    MLV_KERNEL_AVX2_FMA = 1, /* x86-64 AVX2 + FMA, 6x16 tiles */
    MLV_KERNEL_AVX512 = 2,   /* x86-64 AVX-512F, 12x32 tiles */
};

/* The best variant this CPU runs. */
int mlv_kernel_best_variant(void);
/* 1 if this CPU runs `variant`, else 0. */
int mlv_kernel_supported(int variant);

typedef struct {
    int variant;
    int trans_a;     /* A is stored k x m (row-major), read as its transpose */
    int trans_b;     /* B is stored n x k, read as its transpose */
    int accumulate;  /* C += A.B instead of C = A.B */
    size_t m, n, k;
    const float *a;
    size_t lda;
    const float *b;
    size_t ldb;
    float *c;
    size_t ldc;
} mlv_sgemm_args;

/* Register tile of a variant: rows (mr) and columns (nr). Thread splits align to these. */
void mlv_sgemm_tile(int variant, size_t *mr, size_t *nr);
/* Floats of workspace one call of mlv_sgemm_block needs. */
size_t mlv_sgemm_workspace_floats(int variant);
/* Computes rows [i0, i1) and columns [j0, j1) of C. `workspace` holds
 * mlv_sgemm_workspace_floats(variant) floats, aligned to 64 bytes, used by this call only. */
void mlv_sgemm_block(const mlv_sgemm_args *args, size_t i0, size_t i1, size_t j0, size_t j1, float *workspace);

/* One Adam/AdamW step over n parameters, in PyTorch's order of operations, no fused
 * multiply-add: g' = g + l2 * p; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
 * p = p * decay - (lr / bc1) * (m / (sqrt(v) / sqrt(bc2) + eps)). */
void mlv_adam_step(int variant, float *p, const float *g, float *m, float *v, size_t n, float lr, float b1,
                   float b2, float eps, float l2, float decay, float bc1, float bc2);
#endif
