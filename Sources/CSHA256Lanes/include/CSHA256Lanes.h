// SHA-256 of many messages at once, sixteen in the lanes of AVX-512 registers (FIPS 180-4).
//
// SHA-256 of one message is a chain of dependent rounds, and the CPU's SHA extensions run it at
// about 1.1 GB/s per core here. Sixteen independent messages fill sixteen 32-bit lanes, and the
// same rounds then run at more than twice that per core. `add` hashes thousands of chunks per
// file, so it hands them over in batches.
#ifndef MLV_CSHA256LANES_H
#define MLV_CSHA256LANES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU runs the sixteen-lane code (AVX-512 F and BW).
int mlv_sha256_lanes_available(void);

/// Writes the SHA-256 digest of message `i` (`lengths[i]` bytes at `messages[i]`) to
/// `digests + 32 * i`, for every `i < count`. Returns 0, writing nothing, when the CPU lacks
/// AVX-512 (see `mlv_sha256_lanes_available`).
int mlv_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests);

/// How many leading messages have the SHA-256 digest given for them in `expected` (32 bytes
/// each): the messages are hashed in the lanes as they free up, and none is started after one
/// fails to match, so a mismatch wastes at most the fifteen in flight. Returns SIZE_MAX, doing
/// nothing, when the CPU lacks AVX-512.
size_t mlv_sha256_matching_prefix(
    const uint8_t *const *messages, const size_t *lengths, size_t count, const uint8_t *expected);

#ifdef __cplusplus
}
#endif

#endif
