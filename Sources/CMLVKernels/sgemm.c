/*
 * Blocked single-precision matrix multiply: pack panels of A and B, then run a register-tiled
 * micro-kernel over them (the Goto/BLIS structure). See CMLVKernels.h for the bit-level contract.
 */
#include "CMLVKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* No contraction of a*b+c into fma() behind our back: every fused operation is written out. */
#pragma clang fp contract(off)

enum { KC = 256, NC = 1024, MC_MAX = 144 };

typedef void (*micro_kernel)(size_t kc, const float *a, const float *b, float *c, size_t ldc, int load_c);

/* ---- packing ---------------------------------------------------------------------------- */

/* Packs rows [i0, i0+mc) and k [p0, p0+kc) of op(A) into strips of mr rows: for each strip,
 * kc groups of mr values (rows past mc are zero). */
static void pack_a(const mlv_sgemm_args *g, size_t i0, size_t mc, size_t p0, size_t kc, size_t mr, float *out) {
    for (size_t s = 0; s < mc; s += mr) {
        size_t rows = mc - s < mr ? mc - s : mr;
        if (!g->trans_a) {
            for (size_t r = 0; r < rows; r++) {
                const float *src = g->a + (i0 + s + r) * g->lda + p0;
                for (size_t p = 0; p < kc; p++) out[p * mr + r] = src[p];
            }
        } else {
            for (size_t p = 0; p < kc; p++) {
                const float *src = g->a + (p0 + p) * g->lda + i0 + s;
                for (size_t r = 0; r < rows; r++) out[p * mr + r] = src[r];
            }
        }
        for (size_t r = rows; r < mr; r++)
            for (size_t p = 0; p < kc; p++) out[p * mr + r] = 0.0f;
        out += kc * mr;
    }
}

/* Packs k [p0, p0+kc) and columns [j0, j0+nc) of op(B) into strips of nr columns: for each
 * strip, kc groups of nr values (columns past nc are zero). */
static void pack_b(const mlv_sgemm_args *g, size_t p0, size_t kc, size_t j0, size_t nc, size_t nr, float *out) {
    for (size_t s = 0; s < nc; s += nr) {
        size_t cols = nc - s < nr ? nc - s : nr;
        if (!g->trans_b) {
            for (size_t p = 0; p < kc; p++) {
                const float *src = g->b + (p0 + p) * g->ldb + j0 + s;
                float *dst = out + p * nr;
                memcpy(dst, src, cols * sizeof(float));
                for (size_t q = cols; q < nr; q++) dst[q] = 0.0f;
            }
        } else {
            for (size_t q = 0; q < cols; q++) {
                const float *src = g->b + (j0 + s + q) * g->ldb + p0;
                for (size_t p = 0; p < kc; p++) out[p * nr + q] = src[p];
            }
            for (size_t q = cols; q < nr; q++)
                for (size_t p = 0; p < kc; p++) out[p * nr + q] = 0.0f;
        }
        out += kc * nr;
    }
}

/* ---- micro-kernels ---------------------------------------------------------------------- */

enum { P_MR = 4, P_NR = 8 };

static void kernel_portable(size_t kc, const float *a, const float *b, float *c, size_t ldc, int load_c) {
    float acc[P_MR][P_NR];
    for (int i = 0; i < P_MR; i++)
        for (int j = 0; j < P_NR; j++) acc[i][j] = load_c ? c[i * ldc + j] : 0.0f;
    for (size_t p = 0; p < kc; p++) {
        for (int i = 0; i < P_MR; i++)
            for (int j = 0; j < P_NR; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        a += P_MR;
        b += P_NR;
    }
    for (int i = 0; i < P_MR; i++)
        for (int j = 0; j < P_NR; j++) c[i * ldc + j] = acc[i][j];
}

#if defined(__x86_64__)
enum { A2_MR = 6, A2_NR = 16 };

__attribute__((target("avx2,fma"))) static void kernel_avx2(size_t kc, const float *a, const float *b, float *c,
                                                            size_t ldc, int load_c) {
    __m256 acc[A2_MR][2];
    for (int i = 0; i < A2_MR; i++) {
        acc[i][0] = load_c ? _mm256_loadu_ps(c + i * ldc) : _mm256_setzero_ps();
        acc[i][1] = load_c ? _mm256_loadu_ps(c + i * ldc + 8) : _mm256_setzero_ps();
    }
    for (size_t p = 0; p < kc; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma clang loop unroll(full)
        for (int i = 0; i < A2_MR; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i);
            acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += A2_MR;
        b += A2_NR;
    }
    for (int i = 0; i < A2_MR; i++) {
        _mm256_storeu_ps(c + i * ldc, acc[i][0]);
        _mm256_storeu_ps(c + i * ldc + 8, acc[i][1]);
    }
}

enum { A5_MR = 12, A5_NR = 32 };

__attribute__((target("avx512f"))) static void kernel_avx512(size_t kc, const float *a, const float *b, float *c,
                                                             size_t ldc, int load_c) {
    __m512 acc[A5_MR][2];
    for (int i = 0; i < A5_MR; i++) {
        acc[i][0] = load_c ? _mm512_loadu_ps(c + i * ldc) : _mm512_setzero_ps();
        acc[i][1] = load_c ? _mm512_loadu_ps(c + i * ldc + 16) : _mm512_setzero_ps();
    }
    for (size_t p = 0; p < kc; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma clang loop unroll(full)
        for (int i = 0; i < A5_MR; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
        }
        a += A5_MR;
        b += A5_NR;
    }
    for (int i = 0; i < A5_MR; i++) {
        _mm512_storeu_ps(c + i * ldc, acc[i][0]);
        _mm512_storeu_ps(c + i * ldc + 16, acc[i][1]);
    }
}
#endif

/* ---- dispatch ---------------------------------------------------------------------------- */

int mlv_kernel_supported(int variant) {
    switch (variant) {
    case MLV_KERNEL_PORTABLE: return 1;
#if defined(__x86_64__)
    case MLV_KERNEL_AVX2_FMA: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case MLV_KERNEL_AVX512: return __builtin_cpu_supports("avx512f");
#endif
    default: return 0;
    }
}

int mlv_kernel_best_variant(void) {
    if (mlv_kernel_supported(MLV_KERNEL_AVX512)) return MLV_KERNEL_AVX512;
    if (mlv_kernel_supported(MLV_KERNEL_AVX2_FMA)) return MLV_KERNEL_AVX2_FMA;
    return MLV_KERNEL_PORTABLE;
}

static micro_kernel kernel_for(int variant, size_t *mr, size_t *nr) {
    switch (variant) {
#if defined(__x86_64__)
    case MLV_KERNEL_AVX2_FMA: *mr = A2_MR; *nr = A2_NR; return kernel_avx2;
    case MLV_KERNEL_AVX512: *mr = A5_MR; *nr = A5_NR; return kernel_avx512;
#endif
    default: *mr = P_MR; *nr = P_NR; return kernel_portable;
    }
}

void mlv_sgemm_tile(int variant, size_t *mr, size_t *nr) { (void)kernel_for(variant, mr, nr); }

static size_t mc_for(size_t mr) { return (MC_MAX / mr) * mr; }

size_t mlv_sgemm_workspace_floats(int variant) {
    size_t mr, nr;
    (void)kernel_for(variant, &mr, &nr);
    size_t nc = (NC + nr - 1) / nr * nr;
    /* packed A block, packed B panel, one edge tile */
    return mc_for(mr) * KC + KC * nc + mr * nr + 16;
}

void mlv_sgemm_block(const mlv_sgemm_args *g, size_t i0, size_t i1, size_t j0, size_t j1, float *workspace) {
    if (i0 >= i1 || j0 >= j1) return;
    if (g->k == 0) {
        if (!g->accumulate)
            for (size_t i = i0; i < i1; i++) memset(g->c + i * g->ldc + j0, 0, (j1 - j0) * sizeof(float));
        return;
    }
    size_t mr, nr;
    micro_kernel kernel = kernel_for(g->variant, &mr, &nr);
    size_t mc_max = mc_for(mr);
    float *pa = workspace;
    float *pb = pa + mc_max * KC;
    float *edge = pb + KC * ((NC + nr - 1) / nr * nr);
    for (size_t jc = j0; jc < j1; jc += NC) {
        size_t nc = j1 - jc < NC ? j1 - jc : NC;
        for (size_t pc = 0; pc < g->k; pc += KC) {
            size_t kc = g->k - pc < KC ? g->k - pc : KC;
            int load_c = g->accumulate || pc > 0;
            pack_b(g, pc, kc, jc, nc, nr, pb);
            for (size_t ic = i0; ic < i1; ic += mc_max) {
                size_t mc = i1 - ic < mc_max ? i1 - ic : mc_max;
                pack_a(g, ic, mc, pc, kc, mr, pa);
                for (size_t jr = 0; jr < nc; jr += nr) {
                    size_t cols = nc - jr < nr ? nc - jr : nr;
                    for (size_t ir = 0; ir < mc; ir += mr) {
                        size_t rows = mc - ir < mr ? mc - ir : mr;
                        float *c = g->c + (ic + ir) * g->ldc + jc + jr;
                        const float *a = pa + ir * kc, *b = pb + jr * kc;
                        if (rows == mr && cols == nr) {
                            kernel(kc, a, b, c, g->ldc, load_c);
                        } else {
                            for (size_t r = 0; r < mr; r++)
                                for (size_t q = 0; q < nr; q++)
                                    edge[r * nr + q] = (load_c && r < rows && q < cols) ? c[r * g->ldc + q] : 0.0f;
                            kernel(kc, a, b, edge, nr, 1);
                            for (size_t r = 0; r < rows; r++) memcpy(c + r * g->ldc, edge + r * nr, cols * sizeof(float));
                        }
                    }
                }
            }
        }
    }
}
