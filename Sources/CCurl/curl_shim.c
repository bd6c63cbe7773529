// libcurl's easy interface, reached through dlopen (see CCurl.h for why).
//
// The option and info numbers below are libcurl's documented ABI values (curl/curl.h); they never
// change within soname 4, so no libcurl header is needed to build mlv.
#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_READDATA = 10009,
    OPT_ERRORBUFFER = 10010,
    OPT_WRITEFUNCTION = 20011,
    OPT_READFUNCTION = 20012,
    OPT_LOW_SPEED_LIMIT = 19,
    OPT_LOW_SPEED_TIME = 20,
    OPT_HTTPHEADER = 10023,
    OPT_HEADERDATA = 10029,
    OPT_CUSTOMREQUEST = 10036,
    OPT_NOPROGRESS = 43,
    OPT_NOBODY = 44,
    OPT_POST = 47,
    OPT_XFERINFODATA = 10057,
    OPT_CONNECTTIMEOUT = 78,
    OPT_HEADERFUNCTION = 20079,
    OPT_HTTPGET = 80,
    OPT_NOSIGNAL = 99,
    OPT_POSTFIELDSIZE_LARGE = 30120,
    OPT_SEEKFUNCTION = 20167,
    OPT_SEEKDATA = 10168,
    OPT_XFERINFOFUNCTION = 20219,
};
enum { INFO_RESPONSE_CODE = 0x200000 + 2 };
enum { GLOBAL_ALL = 3 };
enum { LIBCURL_ERROR_SIZE = 256, SEEK_OK = 0, SEEK_FAIL = 1, READ_ABORT = 0x10000000 };

struct slist;
typedef int (*setopt_fn)(void *, int, ...);
typedef int (*getinfo_fn)(void *, int, ...);

static struct {
    void *(*easy_init)(void);
    void (*easy_cleanup)(void *);
    void (*easy_reset)(void *);
    setopt_fn easy_setopt;
    getinfo_fn easy_getinfo;
    int (*easy_perform)(void *);
    const char *(*easy_strerror)(int);
    int (*global_init)(long);
    struct slist *(*slist_append)(struct slist *, const char *);
    void (*slist_free_all)(struct slist *);
    int loaded;
    char error[256];
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(curl.error, sizeof curl.error, "cannot load libcurl.so.4 (%s)", why ? why : "not found");
        return;
    }
#define FIND(field, symbol)                                                                          \
    do {                                                                                             \
        *(void **)&curl.field = dlsym(library, symbol);                                              \
        if (curl.field == NULL) {                                                                    \
            snprintf(curl.error, sizeof curl.error, "libcurl.so.4 lacks %s", symbol);                \
            return;                                                                                  \
        }                                                                                            \
    } while (0)
    FIND(easy_init, "curl_easy_init");
    FIND(easy_cleanup, "curl_easy_cleanup");
    FIND(easy_reset, "curl_easy_reset");
    FIND(easy_setopt, "curl_easy_setopt");
    FIND(easy_getinfo, "curl_easy_getinfo");
    FIND(easy_perform, "curl_easy_perform");
    FIND(easy_strerror, "curl_easy_strerror");
    FIND(global_init, "curl_global_init");
    FIND(slist_append, "curl_slist_append");
    FIND(slist_free_all, "curl_slist_free_all");
#undef FIND
    if (curl.global_init(GLOBAL_ALL) != 0) {
        snprintf(curl.error, sizeof curl.error, "libcurl failed to initialize");
        return;
    }
    curl.loaded = 1;
}

int mlv_curl_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (!curl.loaded && error != NULL && error_size > 0) snprintf(error, error_size, "%s", curl.error);
    return curl.loaded;
}

void *mlv_curl_handle_new(void) {
    if (!mlv_curl_load(NULL, 0)) return NULL;
    return curl.easy_init();
}

void mlv_curl_handle_free(void *handle) {
    if (handle != NULL && curl.loaded) curl.easy_cleanup(handle);
}

// libcurl's callbacks, passed on to the request's.

static size_t on_read(char *buffer, size_t size, size_t count, void *user) {
    const mlv_curl_request *request = user;
    size_t got = request->read(request->context, buffer, size * count);
    return got == MLV_CURL_READ_ABORT ? READ_ABORT : got;
}

static size_t on_write(char *data, size_t size, size_t count, void *user) {
    const mlv_curl_request *request = user;
    return request->write(request->context, data, size * count);
}

static size_t on_header(char *line, size_t size, size_t count, void *user) {
    const mlv_curl_request *request = user;
    return request->header(request->context, line, size * count);
}

static int on_progress(void *user, int64_t down_total, int64_t down_now, int64_t up_total, int64_t up_now) {
    (void)down_total, (void)down_now, (void)up_total;
    const mlv_curl_request *request = user;
    return request->progress(request->context, up_now);
}

static int on_seek(void *user, int64_t offset, int origin) {
    const mlv_curl_request *request = user;
    if (origin != SEEK_SET || request->rewind == NULL) return SEEK_FAIL;
    return request->rewind(request->context, offset) == 0 ? SEEK_OK : SEEK_FAIL;
}

static int has_header(const mlv_curl_request *request, const char *name) {
    size_t length = strlen(name);
    for (size_t i = 0; i < request->header_count; i++) {
        const char *line = request->headers[i];
        if (strncasecmp(line, name, length) == 0 && line[length] == ':') return 1;
    }
    return 0;
}

int mlv_curl_perform(void *handle, const mlv_curl_request *request, long *status, char *error) {
    error[0] = '\0';
    *status = 0;
    if (!mlv_curl_load(error, MLV_CURL_ERROR_SIZE)) return -1;
    curl.easy_reset(handle);
    char message[LIBCURL_ERROR_SIZE] = {0};
    struct slist *headers = NULL;
    for (size_t i = 0; i < request->header_count; i++) {
        // libcurl counts the body itself.
        if (strncasecmp(request->headers[i], "Content-Length:", 15) == 0) continue;
        headers = curl.slist_append(headers, request->headers[i]);
    }
    if (request->has_body) {
        // No `Expect: 100-continue` wait before the body, and no form content type by default.
        if (!has_header(request, "Expect")) headers = curl.slist_append(headers, "Expect:");
        if (!has_header(request, "Content-Type")) headers = curl.slist_append(headers, "Content-Type:");
    }
    curl.easy_setopt(handle, OPT_URL, request->url);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, message);
    curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT, request->timeout_seconds);
    curl.easy_setopt(handle, OPT_LOW_SPEED_LIMIT, 1L);
    curl.easy_setopt(handle, OPT_LOW_SPEED_TIME, request->timeout_seconds);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, on_write);
    curl.easy_setopt(handle, OPT_WRITEDATA, (void *)request);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(handle, OPT_HEADERDATA, (void *)request);
    curl.easy_setopt(handle, OPT_NOPROGRESS, 0L);
    curl.easy_setopt(handle, OPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(handle, OPT_XFERINFODATA, (void *)request);
    if (strcmp(request->method, "HEAD") == 0) {
        curl.easy_setopt(handle, OPT_NOBODY, 1L);
    } else if (request->has_body) {
        curl.easy_setopt(handle, OPT_POST, 1L);
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)request->body_length);
        curl.easy_setopt(handle, OPT_READFUNCTION, on_read);
        curl.easy_setopt(handle, OPT_READDATA, (void *)request);
        curl.easy_setopt(handle, OPT_SEEKFUNCTION, on_seek);
        curl.easy_setopt(handle, OPT_SEEKDATA, (void *)request);
        if (strcmp(request->method, "POST") != 0) curl.easy_setopt(handle, OPT_CUSTOMREQUEST, request->method);
    } else if (strcmp(request->method, "GET") == 0) {
        curl.easy_setopt(handle, OPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(handle, OPT_CUSTOMREQUEST, request->method);
    }
    int code = curl.easy_perform(handle);
    if (code == 0) {
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, status);
    } else {
        snprintf(error, MLV_CURL_ERROR_SIZE, "%s", message[0] ? message : curl.easy_strerror(code));
    }
    // The handle keeps its connections, not these options.
    curl.easy_setopt(handle, OPT_ERRORBUFFER, (char *)NULL);
    curl.easy_setopt(handle, OPT_HTTPHEADER, (struct slist *)NULL);
    curl.slist_free_all(headers);
    return code;
}
