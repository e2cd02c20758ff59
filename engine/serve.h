/* serve.h — junheng serve: the rule workbench (workbench.h) over HTTP, for
 * a browser on the same machine, with libmicrohttpd.
 *
 * Listens on 127.0.0.1 only. Every request must name the server's own
 * address as its Host (against DNS rebinding) and, when it has an Origin,
 * come from that address; a write must have that Origin. Every request
 * carries the token made at start: the page's address in its query, the
 * calls the page makes in a header. Request heads and bodies are limited
 * (a body to one rule file's size). Requests are answered one at a time on
 * the server's thread. The page is one self-contained file (engine/serve.*,
 * built into the program): it fetches nothing from anywhere else. */
#ifndef JH_SERVE_H
#define JH_SERVE_H
#include "diag.h"
#include "workbench.h"

typedef struct Server Server;

/* The default port of junheng serve. */
#define SERVE_DEFAULT_PORT 8420

/* Starts serving wb (which must stay until serve_stop) on 127.0.0.1:port,
 * 0 for any free port. SIGINT and SIGTERM are blocked in the calling
 * thread first, so that they reach serve_wait and not the server's thread.
 * Refusals are answered in lang. NULL with a diagnostic when the port
 * cannot be had. */
Server *serve_start(Workbench *wb, int port, Lang lang, DiagList *diags);
int serve_port(const Server *s);
const char *serve_token(const Server *s);
/* The page's address with the token: http://127.0.0.1:PORT/?token=… */
const char *serve_address(const Server *s);
/* Waits for Ctrl-C (SIGINT) or SIGTERM; returns the signal. */
int serve_wait(Server *s);
/* Stops serving (a request under way is finished first). */
void serve_stop(Server *s);

#endif
