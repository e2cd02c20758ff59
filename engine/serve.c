/* serve.c — the workbench over HTTP (see serve.h). */
#define _GNU_SOURCE /* open_memstream */
#include "serve.h"
#include "arena.h"
#include "escape.h"
#include "limits.h"
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* libmicrohttpd is opened when a server starts, not linked into the
 * program: its TLS dependencies (gnutls, p11-kit) initialise themselves in
 * every process that links them, which cost every junheng command about
 * 7 ms at start (the district's whole evaluation takes about 15). */
#define MHD_LIBRARY "libmicrohttpd.so.12"
static struct {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
} mhd;

/* Opens the library once; -1 with a diagnostic naming the package when it
 * is not installed. */
static int open_mhd(DiagList *diags)
{
    static void *lib;
    if (lib) return 0;
    lib = dlopen(MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_SERVE_NO_LIBRARY, MHD_LIBRARY, "libmicrohttpd12", "libmicrohttpd12");
        return -1;
    }
#define RESOLVE(name) (*(void **)&mhd.name = dlsym(lib, "MHD_" #name)) != NULL
    if (RESOLVE(start_daemon) && RESOLVE(stop_daemon) && RESOLVE(get_daemon_info) && RESOLVE(create_response_from_buffer) &&
        RESOLVE(add_response_header) && RESOLVE(queue_response) && RESOLVE(destroy_response) &&
        RESOLVE(lookup_connection_value))
        return 0;
#undef RESOLVE
    diag_at(diags, DIAG_ERROR, NULL, 0, MSG_SERVE_NO_LIBRARY, MHD_LIBRARY, "libmicrohttpd12", "libmicrohttpd12");
    dlclose(lib);
    lib = NULL;
    return -1;
}

/* The page (engine/serve.html with serve.css and serve.js), built into the
 * program by make as build/serve_page.c. */
extern const char serve_page[];
extern const size_t serve_page_size;

#define TOKEN_HEADER "X-Junheng-Token"

struct Server {
    Workbench *wb;
    Lang lang;                    /* of its refusals */
    struct MHD_Daemon *daemon;
    int port;
    char token[33];               /* 128 random bits, hex */
    char hosts[2][24];            /* 127.0.0.1:PORT, localhost:PORT */
    char origins[2][32];          /* http:// and each of them */
    char address[80];
    sigset_t signals;             /* SIGINT, SIGTERM */
};

/* A request's body as it arrives. */
typedef struct Request {
    char *body;
    size_t len;
    int too_large;
} Request;

typedef enum { R_PAGE, R_SESSION, R_CHECK, R_EXPLAIN, R_SAVE, R_UNDO, R_NONE } Route;

static const struct {
    const char *path, *method;
} routes[] = {
    [R_PAGE] = {"/", "GET"},          [R_SESSION] = {"/api/session", "GET"}, [R_CHECK] = {"/api/check", "POST"},
    [R_EXPLAIN] = {"/api/explain", "GET"}, [R_SAVE] = {"/api/save", "POST"},   [R_UNDO] = {"/api/undo", "POST"},
};

static Route route_of(const char *url)
{
    for (Route r = R_PAGE; r < R_NONE; r++)
        if (strcmp(url, routes[r].path) == 0) return r;
    return R_NONE;
}

/* Headers every answer carries: nothing is cached (the token is in the
 * page's address), sniffed, framed or sent on as a referrer. */
static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, char *body, size_t len,
                            int is_page)
{
    struct MHD_Response *r = mhd.create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
    mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
    mhd.add_response_header(r, "X-Frame-Options", "DENY");
    if (is_page) /* the page may load nothing from anywhere, and talk only to this server */
        mhd.add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                                "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    enum MHD_Result ok = mhd.queue_response(c, status, r);
    mhd.destroy_response(r);
    return ok;
}

/* A refusal: a message of the catalogue, as JSON for the page's calls and
 * as text for an address typed into a browser. */
static enum MHD_Result refuse(const Server *s, struct MHD_Connection *c, unsigned status, const char *url, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *text = msg_vformat(s->lang, id, ap);
    va_end(ap);
    char *body = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&body, &len);
    int api = strncmp(url, "/api/", 5) == 0;
    if (api) {
        fputs("{\"error\": ", out);
        json_string(out, text);
        fputs("}\n", out);
    } else {
        fprintf(out, "junheng serve: %s\n", text);
    }
    fclose(out);
    free(text);
    return reply(c, status, api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8", body, len, 0);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return mhd.lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* A query argument; NULL when absent or empty. */
static const char *argument(struct MHD_Connection *c, const char *name)
{
    const char *v = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

/* Compares in a time that does not depend on where they differ. */
static int same_token(const char *given, const char *token)
{
    if (!given || strlen(given) != strlen(token)) return 0;
    unsigned char diff = 0;
    for (size_t i = 0; token[i]; i++) diff |= (unsigned char)(given[i] ^ token[i]);
    return diff == 0;
}

static int one_of(const char *s, const char *a, const char *b)
{
    return s && (strcmp(s, a) == 0 || strcmp(s, b) == 0);
}

/* Whether a request may be answered at all, judged on its head: refused
 * when it names another Host, comes from another Origin (or writes with
 * none), lacks the token, asks for what is not here, or announces a body
 * larger than a rule file. */
static enum MHD_Result screen(Server *s, struct MHD_Connection *c, const char *url, const char *method, int *refused)
{
    *refused = 1;
    const char *host = header(c, MHD_HTTP_HEADER_HOST), *origin = header(c, "Origin");
    if (!host || !one_of(host, s->hosts[0], s->hosts[1]))
        return refuse(s, c, MHD_HTTP_FORBIDDEN, url, MSG_SERVE_BAD_HOST, host ? host : "", s->hosts[0]);
    if (origin && !one_of(origin, s->origins[0], s->origins[1]))
        return refuse(s, c, MHD_HTTP_FORBIDDEN, url, MSG_SERVE_BAD_ORIGIN, origin, s->origins[0]);
    Route r = route_of(url);
    if (!same_token(r == R_PAGE ? argument(c, "token") : header(c, TOKEN_HEADER), s->token))
        return refuse(s, c, MHD_HTTP_FORBIDDEN, url, MSG_SERVE_TOKEN);
    if (r == R_NONE) return refuse(s, c, MHD_HTTP_NOT_FOUND, url, MSG_SERVE_NOT_FOUND, url);
    if (strcmp(method, routes[r].method) != 0)
        return refuse(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, url, MSG_SERVE_METHOD, url, method);
    if (!origin && strcmp(method, "POST") == 0) /* browsers send an Origin with every POST */
        return refuse(s, c, MHD_HTTP_FORBIDDEN, url, MSG_SERVE_NO_ORIGIN, s->origins[0]);
    const char *length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > JH_MAX_RULE_FILE_BYTES)
        return refuse(s, c, MHD_HTTP_CONTENT_TOO_LARGE, url, MSG_SERVE_TOO_LARGE, JH_MAX_RULE_FILE_BYTES);
    *refused = 0;
    return MHD_YES;
}

static unsigned http_status(WbStatus st)
{
    static const unsigned codes[] = {
        [WB_OK] = MHD_HTTP_OK,          [WB_INVALID] = MHD_HTTP_UNPROCESSABLE_CONTENT, [WB_NOT_FOUND] = MHD_HTTP_NOT_FOUND,
        [WB_REFUSED] = MHD_HTTP_FORBIDDEN, [WB_CONFLICT] = MHD_HTTP_CONFLICT,       [WB_FAILED] = MHD_HTTP_INTERNAL_SERVER_ERROR,
    };
    return codes[st];
}

/* Answers a screened request whose body (if any) has arrived. */
static enum MHD_Result answer(Server *s, struct MHD_Connection *c, const char *url, Request *rq)
{
    Route r = route_of(url);
    if (r == R_PAGE) {
        char *page = xmalloc(serve_page_size);
        memcpy(page, serve_page, serve_page_size);
        return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", page, serve_page_size, 1);
    }
    char *body = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&body, &len);
    WbStatus st = WB_OK;
    const char *text = rq->body ? rq->body : "";
    switch (r) {
    case R_SESSION: wb_session(out, s->wb); break;
    case R_CHECK: st = wb_edit(out, s->wb, argument(c, "file"), text, rq->len); break;
    case R_SAVE: st = wb_save(out, s->wb, argument(c, "file"), text, rq->len); break;
    case R_UNDO: st = wb_undo(out, s->wb); break;
    default: {
        const char *side = argument(c, "side");
        st = wb_explain(out, s->wb, side && strcmp(side, "saved") == 0, argument(c, "school"), argument(c, "indicator"),
                        argument(c, "stage"));
        break;
    }
    }
    fclose(out);
    return reply(c, http_status(st), r == R_EXPLAIN ? "text/plain; charset=utf-8" : "application/json; charset=utf-8", body,
                len, 0);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
                              const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    Server *s = cls;
    Request *rq = *con_cls;
    if (!rq) { /* the head alone: refused now, before any body is read */
        int refused;
        enum MHD_Result ok = screen(s, c, url, method, &refused);
        if (refused) return ok;
        *con_cls = xcalloc(1, sizeof(Request));
        return MHD_YES;
    }
    if (*upload_size) { /* more of the body: kept up to a rule file's size */
        if (rq->len + *upload_size > JH_MAX_RULE_FILE_BYTES) rq->too_large = 1;
        if (!rq->too_large) {
            rq->body = xrealloc(rq->body, rq->len + *upload_size + 1);
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large) return refuse(s, c, MHD_HTTP_CONTENT_TOO_LARGE, url, MSG_SERVE_TOO_LARGE, JH_MAX_RULE_FILE_BYTES);
    return answer(s, c, url, rq);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    Request *rq = *con_cls;
    if (rq) free(rq->body);
    free(rq);
    *con_cls = NULL;
}

Server *serve_start(Workbench *wb, int port, Lang lang, DiagList *diags)
{
    if (open_mhd(diags) != 0) return NULL;
    Server *s = xcalloc(1, sizeof *s);
    s->wb = wb;
    s->lang = lang;
    unsigned char random[16];
    if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random) { /* the kernel's random source */
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, "getrandom", errno_text(errno));
        free(s);
        return NULL;
    }
    for (size_t i = 0; i < sizeof random; i++) snprintf(s->token + 2 * i, 3, "%02x", random[i]);
    /* Signals go to serve_wait: blocked here, before the server's thread
     * starts (it inherits the mask), and waited for by the caller. */
    sigemptyset(&s->signals);
    sigaddset(&s->signals, SIGINT);
    sigaddset(&s->signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &s->signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->daemon = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, handle, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)JH_MAX_REQUEST_HEAD,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)JH_MAX_CONNECTIONS,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)JH_CONNECTION_SECONDS,
                                 MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_SERVE_LISTEN, "127.0.0.1", port, errno_text(errno ? errno : EADDRINUSE));
        free(s);
        return NULL;
    }
    s->port = mhd.get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    static const char *const names[2] = {"127.0.0.1", "localhost"};
    for (int i = 0; i < 2; i++) {
        snprintf(s->hosts[i], sizeof s->hosts[i], "%s:%d", names[i], s->port);
        snprintf(s->origins[i], sizeof s->origins[i], "http://%s:%d", names[i], s->port);
    }
    snprintf(s->address, sizeof s->address, "http://%s:%d/?token=%.32s", names[0], s->port, s->token);
    return s;
}

int serve_port(const Server *s) { return s->port; }
const char *serve_token(const Server *s) { return s->token; }
const char *serve_address(const Server *s) { return s->address; }

int serve_wait(Server *s)
{
    int sig = 0;
    while (sigwait(&s->signals, &sig) != 0) {}
    return sig;
}

void serve_stop(Server *s)
{
    if (!s) return;
    mhd.stop_daemon(s->daemon);
    free(s);
}
