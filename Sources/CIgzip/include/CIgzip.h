#ifndef MLV_CIGZIP_H
#define MLV_CIGZIP_H

#include <stddef.h>
#include <stdint.h>

/// A raw-deflate compressor state of ISA-L's igzip at one level (stream state and level buffer).
/// One thread at a time; the Swift side pools them.
typedef struct mlv_igzip mlv_igzip;

/// A new state for `level` (0...3), or NULL when out of memory or the level is unknown.
mlv_igzip *mlv_igzip_new(int level);

void mlv_igzip_free(mlv_igzip *state);

/// Compresses `count` bytes into one raw deflate stream (RFC 1951, final block set) at `output`.
/// Returns the bytes written, or 0 when they would not fit in `capacity` or igzip fails.
size_t mlv_igzip_deflate(mlv_igzip *state, const uint8_t *input, size_t count, uint8_t *output, size_t capacity);

#endif
