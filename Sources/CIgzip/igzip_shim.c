// A thin wrapper over ISA-L's stateless igzip API, so that Swift sees neither its 80 KB stream
// struct nor its level-buffer size macros.
#include "CIgzip.h"

#include <isa-l/igzip_lib.h>
#include <stdlib.h>

struct mlv_igzip {
    struct isal_zstream stream;
    int level;
    uint32_t level_buffer_size;
    uint8_t *level_buffer;
};

static uint32_t level_buffer_size(int level) {
    switch (level) {
    case 0: return ISAL_DEF_LVL0_DEFAULT;
    case 1: return ISAL_DEF_LVL1_DEFAULT;
    case 2: return ISAL_DEF_LVL2_DEFAULT;
    case 3: return ISAL_DEF_LVL3_DEFAULT;
    default: return UINT32_MAX;
    }
}

mlv_igzip *mlv_igzip_new(int level) {
    uint32_t size = level_buffer_size(level);
    if (size == UINT32_MAX) return NULL;
    mlv_igzip *state = calloc(1, sizeof(mlv_igzip));
    if (state == NULL) return NULL;
    state->level = level;
    state->level_buffer_size = size;
    if (size > 0) {
        state->level_buffer = malloc(size);
        if (state->level_buffer == NULL) {
            free(state);
            return NULL;
        }
    }
    return state;
}

void mlv_igzip_free(mlv_igzip *state) {
    if (state == NULL) return;
    free(state->level_buffer);
    free(state);
}

size_t mlv_igzip_deflate(mlv_igzip *state, const uint8_t *input, size_t count, uint8_t *output, size_t capacity) {
    if (count > UINT32_MAX || capacity > UINT32_MAX) return 0;
    struct isal_zstream *stream = &state->stream;
    isal_deflate_stateless_init(stream);
    stream->level = (uint32_t)state->level;
    stream->level_buf = state->level_buffer;
    stream->level_buf_size = state->level_buffer_size;
    stream->gzip_flag = IGZIP_DEFLATE;
    stream->flush = NO_FLUSH;
    stream->end_of_stream = 1;
    stream->next_in = (uint8_t *)input;
    stream->avail_in = (uint32_t)count;
    stream->next_out = output;
    stream->avail_out = (uint32_t)capacity;
    if (isal_deflate_stateless(stream) != COMP_OK || stream->avail_in != 0) return 0;
    return stream->total_out;
}
