// Sixteen-lane SHA-256 (FIPS 180-4) with AVX-512; see CSHA256Lanes.h.
//
// A scheduler keeps sixteen lanes busy: each lane hashes one message, block by block (its whole
// 64-byte blocks in place, then one or two padding blocks built in the lane's tail buffer), and
// takes the next message as soon as its own is done, so messages of different lengths waste
// little. Lanes with nothing to do compute on a zero block under a mask that keeps their state.
#include "CSHA256Lanes.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define LANES 16
#define TARGET __attribute__((target("avx512f,avx512bw")))

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint8_t zero_block[64];

/// One message in a lane: its whole blocks in place, then its padding blocks in `tail`.
typedef struct {
    size_t message;  // index, or SIZE_MAX when the lane is idle
    const uint8_t *data;
    size_t whole_blocks;
    size_t total_blocks;
    size_t next_block;
    uint8_t tail[128];
} lane;

static void start(lane *l, size_t index, const uint8_t *data, size_t length) {
    l->message = index;
    l->data = data;
    l->whole_blocks = length / 64;
    size_t rest = length % 64;
    size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
    l->total_blocks = l->whole_blocks + tail_blocks;
    l->next_block = 0;
    memset(l->tail, 0, sizeof l->tail);
    if (rest > 0) memcpy(l->tail, data + l->whole_blocks * 64, rest);
    l->tail[rest] = 0x80;
    uint64_t bits = (uint64_t)length * 8;
    uint8_t *end = l->tail + tail_blocks * 64;
    for (int i = 1; i <= 8; i++) {
        end[-i] = (uint8_t)bits;
        bits >>= 8;
    }
}

static const uint8_t *block_of(const lane *l) {
    if (l->message == SIZE_MAX) return zero_block;
    if (l->next_block < l->whole_blocks) return l->data + l->next_block * 64;
    return l->tail + (l->next_block - l->whole_blocks) * 64;
}

/// Loads word t of each lane's block into w[t]: a 16 x 16 transpose of 32-bit words, then a
/// byte swap to the big-endian words SHA-256 reads.
TARGET static void load_words(__m512i w[16], const uint8_t *const blocks[LANES]) {
    const __m512i swap = _mm512_set_epi8(
        12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
        12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m512i r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_si512(blocks[i]);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (int i = 0; i < 4; i++) {
        __m512i a0 = _mm512_shuffle_i32x4(r[i], r[i + 4], 0x44), a1 = _mm512_shuffle_i32x4(r[i], r[i + 4], 0xEE);
        __m512i b0 = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0x44);
        __m512i b1 = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0xEE);
        t[i] = _mm512_shuffle_i32x4(a0, b0, 0x88);
        t[i + 4] = _mm512_shuffle_i32x4(a0, b0, 0xDD);
        t[i + 8] = _mm512_shuffle_i32x4(a1, b1, 0x88);
        t[i + 12] = _mm512_shuffle_i32x4(a1, b1, 0xDD);
    }
    for (int i = 0; i < 16; i++) w[i] = _mm512_shuffle_epi8(t[i], swap);
}

/// One compression of a block per lane; lanes outside `active` keep their state.
TARGET static void compress(__m512i state[8], const uint8_t *const blocks[LANES], __mmask16 active) {
    __m512i w[64];
    load_words(w, blocks);
    for (int i = 16; i < 64; i++) {
        __m512i x = w[i - 15], y = w[i - 2];
        __m512i s0 = _mm512_ternarylogic_epi32(
            _mm512_ror_epi32(x, 7), _mm512_ror_epi32(x, 18), _mm512_srli_epi32(x, 3), 0x96);
        __m512i s1 = _mm512_ternarylogic_epi32(
            _mm512_ror_epi32(y, 17), _mm512_ror_epi32(y, 19), _mm512_srli_epi32(y, 10), 0x96);
        w[i] = _mm512_add_epi32(_mm512_add_epi32(s0, s1), _mm512_add_epi32(w[i - 7], w[i - 16]));
    }
    __m512i a = state[0], b = state[1], c = state[2], d = state[3];
    __m512i e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        __m512i s1 = _mm512_ternarylogic_epi32(
            _mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11), _mm512_ror_epi32(e, 25), 0x96);
        __m512i choice = _mm512_ternarylogic_epi32(e, f, g, 0xCA);
        __m512i t1 = _mm512_add_epi32(
            _mm512_add_epi32(h, s1),
            _mm512_add_epi32(choice, _mm512_add_epi32(_mm512_set1_epi32((int)round_constants[i]), w[i])));
        __m512i s0 = _mm512_ternarylogic_epi32(
            _mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13), _mm512_ror_epi32(a, 22), 0x96);
        __m512i majority = _mm512_ternarylogic_epi32(a, b, c, 0xE8);
        __m512i t2 = _mm512_add_epi32(s0, majority);
        h = g;
        g = f;
        f = e;
        e = _mm512_add_epi32(d, t1);
        d = c;
        c = b;
        b = a;
        a = _mm512_add_epi32(t1, t2);
    }
    state[0] = _mm512_mask_add_epi32(state[0], active, state[0], a);
    state[1] = _mm512_mask_add_epi32(state[1], active, state[1], b);
    state[2] = _mm512_mask_add_epi32(state[2], active, state[2], c);
    state[3] = _mm512_mask_add_epi32(state[3], active, state[3], d);
    state[4] = _mm512_mask_add_epi32(state[4], active, state[4], e);
    state[5] = _mm512_mask_add_epi32(state[5], active, state[5], f);
    state[6] = _mm512_mask_add_epi32(state[6], active, state[6], g);
    state[7] = _mm512_mask_add_epi32(state[7], active, state[7], h);
}

/// Hashes the messages into `digests`; or, with `expected`, compares each digest with its
/// expected one and returns how many leading messages match (no later message is started once
/// one fails, and those in flight are dropped).
TARGET static size_t hash_lanes(
    const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests, const uint8_t *expected) {
    size_t failed = count;
    lane lanes[LANES];
    __m512i state[8];
    for (int i = 0; i < 8; i++) state[i] = _mm512_set1_epi32((int)initial_state[i]);
    size_t next = 0;
    for (int l = 0; l < LANES; l++) {
        lanes[l].message = SIZE_MAX;
        if (next < count) {
            start(&lanes[l], next, messages[next], lengths[next]);
            next++;
        }
    }
    while (1) {
        __mmask16 active = 0;
        size_t steps = SIZE_MAX;
        for (int l = 0; l < LANES; l++) {
            if (lanes[l].message == SIZE_MAX) continue;
            active |= (__mmask16)(1u << l);
            size_t left = lanes[l].total_blocks - lanes[l].next_block;
            if (left < steps) steps = left;
        }
        if (active == 0) break;
        // Every active lane has at least `steps` blocks left: run them without rescheduling.
        for (size_t s = 0; s < steps; s++) {
            const uint8_t *blocks[LANES];
            for (int l = 0; l < LANES; l++) blocks[l] = block_of(&lanes[l]);
            compress(state, blocks, active);
            for (int l = 0; l < LANES; l++) {
                if (lanes[l].message != SIZE_MAX) lanes[l].next_block++;
            }
        }
        uint32_t words[8][LANES];
        for (int i = 0; i < 8; i++) _mm512_storeu_si512(words[i], state[i]);
        __mmask16 restart = 0;
        for (int l = 0; l < LANES; l++) {
            if (lanes[l].message == SIZE_MAX || lanes[l].next_block < lanes[l].total_blocks) continue;
            uint8_t digest[32];
            uint8_t *out = expected ? digest : digests + 32 * lanes[l].message;
            for (int i = 0; i < 8; i++) {
                uint32_t v = words[i][l];
                out[4 * i] = (uint8_t)(v >> 24);
                out[4 * i + 1] = (uint8_t)(v >> 16);
                out[4 * i + 2] = (uint8_t)(v >> 8);
                out[4 * i + 3] = (uint8_t)v;
            }
            if (expected && memcmp(digest, expected + 32 * lanes[l].message, 32) != 0) {
                if (lanes[l].message < failed) failed = lanes[l].message;
                // Later messages cannot count any more: drop those in flight, start no more.
                for (int other = 0; other < LANES; other++) {
                    if (lanes[other].message != SIZE_MAX && lanes[other].message > failed) lanes[other].message = SIZE_MAX;
                }
                next = count;
            }
            lanes[l].message = SIZE_MAX;
            if (next < count) {
                start(&lanes[l], next, messages[next], lengths[next]);
                next++;
                restart |= (__mmask16)(1u << l);
            }
        }
        for (int i = 0; i < 8; i++) {
            state[i] = _mm512_mask_mov_epi32(state[i], restart, _mm512_set1_epi32((int)initial_state[i]));
        }
    }
    return failed;
}

int mlv_sha256_lanes_available(void) {
    // Asked from several threads; every thread that finds it unset computes the same answer.
    static int known = -1;
    int answer = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (answer < 0) {
        __builtin_cpu_init();
        answer = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
        __atomic_store_n(&known, answer, __ATOMIC_RELAXED);
    }
    return answer;
}

int mlv_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests) {
    if (!mlv_sha256_lanes_available()) return 0;
    hash_lanes(messages, lengths, count, digests, NULL);
    return 1;
}

size_t mlv_sha256_matching_prefix(
    const uint8_t *const *messages, const size_t *lengths, size_t count, const uint8_t *expected) {
    if (!mlv_sha256_lanes_available()) return SIZE_MAX;
    return hash_lanes(messages, lengths, count, NULL, expected);
}

#else

int mlv_sha256_lanes_available(void) { return 0; }

int mlv_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests) {
    (void)messages, (void)lengths, (void)count, (void)digests;
    return 0;
}

size_t mlv_sha256_matching_prefix(
    const uint8_t *const *messages, const size_t *lengths, size_t count, const uint8_t *expected) {
    (void)messages, (void)lengths, (void)count, (void)expected;
    return SIZE_MAX;
}

#endif
