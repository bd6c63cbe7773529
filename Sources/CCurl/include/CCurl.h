// HTTP requests through libcurl, loaded with dlopen on first use.
//
// mlv links no HTTP library: commands that never talk to a remote must not pay for loading
// libcurl and the thirty libraries behind it at every start (about 9 ms here). The first
// request loads libcurl.so.4; when it is missing, requests fail with a message naming it.
#ifndef MLV_CCURL_H
#define MLV_CCURL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes of the error message buffer a request fills.
#define MLV_CURL_ERROR_SIZE 512

/// Fills `buffer` with up to `size` body bytes; returns the count, 0 at the end of the body, or
/// `MLV_CURL_READ_ABORT` to abort the request.
typedef size_t (*mlv_curl_read_fn)(void *context, char *buffer, size_t size);
/// Takes `size` response bytes; returns `size`, or anything else to abort the request.
typedef size_t (*mlv_curl_write_fn)(void *context, const char *data, size_t size);
/// Takes one header line of the response, status line included, with its line end.
typedef size_t (*mlv_curl_header_fn)(void *context, const char *line, size_t size);
/// Told the body bytes sent so far; returns nonzero to abort the request.
typedef int (*mlv_curl_progress_fn)(void *context, int64_t sent);
/// Moves the body back to `offset` from its start (libcurl sends a body again when a reused
/// connection turns out closed); returns 0 on success.
typedef int (*mlv_curl_rewind_fn)(void *context, int64_t offset);

#define MLV_CURL_READ_ABORT ((size_t)0x10000000)

typedef struct {
    const char *method;
    const char *url;
    /// "Name: value" lines.
    const char *const *headers;
    size_t header_count;
    /// Nonzero when the request carries a body (possibly empty) of `body_length` bytes, which
    /// `read` supplies.
    int has_body;
    int64_t body_length;
    mlv_curl_read_fn read;
    mlv_curl_write_fn write;
    mlv_curl_header_fn header;
    mlv_curl_progress_fn progress;
    mlv_curl_rewind_fn rewind;
    void *context;
    /// Seconds to connect, and seconds without a byte moving before the request fails.
    long timeout_seconds;
} mlv_curl_request;

/// Loads libcurl once; returns 1 when it is usable, else 0 with the reason in `error`.
int mlv_curl_load(char *error, size_t error_size);

/// A connection cache for requests made one at a time; NULL when libcurl cannot be loaded.
void *mlv_curl_handle_new(void);
void mlv_curl_handle_free(void *handle);

/// Sends `request` on `handle` and waits for the whole response. Returns 0 when a response
/// arrived (its status in `status`), else libcurl's error code with a message in `error`
/// (`MLV_CURL_ERROR_SIZE` bytes).
int mlv_curl_perform(void *handle, const mlv_curl_request *request, long *status, char *error);

#ifdef __cplusplus
}
#endif

#endif
