/* test_serve.c — junheng serve over HTTP (serve.h): a server on a free port
 * of 127.0.0.1 over a copy of the shipped rules and the sample dataset,
 * spoken to with raw requests. The page and the calls it makes; and the
 * attacks it must refuse: another Host (DNS rebinding), another Origin, a
 * write without an Origin, a missing or wrong token, '../' and absolute
 * paths, a rule file that is a link out of the folder, bodies larger than
 * a rule file (announced or chunked), wrong methods and unknown paths.
 */
#include "support.h"
#include "serve.h"
#include "lex.h"
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static char shipped_rules[PATH_MAX], sample_dataset[PATH_MAX];

#define RESOURCES "10-资源配置.jh"
#define RESOURCES_Q "10-%E8%B5%84%E6%BA%90%E9%85%8D%E7%BD%AE.jh" /* as a query argument */

typedef struct Fixture {
    Workbench *wb;
    Server *server;
    int port;
    char host[32], origin[48], token_header[64];
} Fixture;

static int group_setup(void **state)
{
    (void)state;
    if (!realpath("rules/优质均衡", shipped_rules) || !realpath("datasets/lusong-2025-synthetic.json", sample_dataset))
        return -1;
    signal(SIGPIPE, SIG_IGN); /* a refused request may be closed while the test still sends */
    return 0;
}

/* Serves 规则/ with the sample dataset on a free port. */
static int start(Fixture *f)
{
    DiagList d;
    diag_init(&d);
    f->wb = wb_open("规则", sample_dataset, NULL, LANG_ZH, &d);
    RunOptions opt = {20251231, 0, 0, 0};
    if (!f->wb || wb_start(f->wb, &opt, &d) != 0) return -1;
    f->server = serve_start(f->wb, 0, LANG_ZH, &d);
    if (!f->server) return -1;
    diag_free(&d);
    f->port = serve_port(f->server);
    snprintf(f->host, sizeof f->host, "127.0.0.1:%d", f->port);
    snprintf(f->origin, sizeof f->origin, "Origin: http://127.0.0.1:%d\r\n", f->port);
    snprintf(f->token_header, sizeof f->token_header, "X-Junheng-Token: %s\r\n", serve_token(f->server));
    return 0;
}

/* A copy of the shipped rules as 规则/ in a new folder, served. */
static int serve_copy(void **state)
{
    enter_temp_dir();
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "cp -R '%s' 规则", shipped_rules);
    if (system(cmd) != 0) return -1;
    Fixture *f = calloc(1, sizeof *f);
    DiagList d;
    diag_init(&d);
    *state = f;
    return start(f);
}

static int stop(void **state)
{
    Fixture *f = *state;
    serve_stop(f->server);
    wb_free(f->wb);
    free(f);
    return 0;
}

/* ---- a raw HTTP client ---- */

typedef struct Reply {
    int status;
    char *head, *body;    /* one allocation: head, then body */
} Reply;

static void drop(Reply *r)
{
    free(r->head);
}

/* Sends raw bytes on a new connection and reads the answer until the server closes. */
static Reply exchange(int port, const char *raw, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    for (size_t done = 0; done < len;) { /* the server may refuse and close before all is sent */
        ssize_t n = send(fd, raw + done, len - done, MSG_NOSIGNAL);
        if (n <= 0) break;
        done += (size_t)n;
    }
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    char chunk[65536];
    ssize_t n;
    while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0) fwrite(chunk, 1, (size_t)n, out);
    fclose(out);
    close(fd);
    Reply r = {0, buf, ""};
    if (sscanf(buf, "HTTP/1.1 %d", &r.status) != 1) fail_msg("no HTTP answer:\n%s", buf);
    char *blank = strstr(buf, "\r\n\r\n");
    assert_non_null(blank);
    *blank = '\0';
    r.body = blank + 4;
    return r;
}

/* A request with the server's own Host, then extra header lines and a body. */
static Reply http(const Fixture *f, const char *method, const char *path, const char *headers, const char *body)
{
    char *raw = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&raw, &len);
    fprintf(out, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s", method, path, f->host, headers ? headers : "");
    if (body) fprintf(out, "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
    else fputs("\r\n", out);
    fclose(out);
    Reply r = exchange(f->port, raw, len);
    free(raw);
    return r;
}

/* A call of the page: token and Origin, as the page's fetch sends them. */
static Reply call(const Fixture *f, const char *method, const char *path, const char *body)
{
    char headers[160];
    snprintf(headers, sizeof headers, "%s%s", f->token_header, strcmp(method, "POST") == 0 ? f->origin : "");
    return http(f, method, path, headers, body);
}

static void assert_has(const char *text, const char *part)
{
    if (!strstr(text, part)) fail_msg("expected to find:\n%s\nin:\n%.2000s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part)) fail_msg("did not expect:\n%s\nin:\n%.2000s", part, text);
}

static void assert_reply(Reply r, int status, const char *body)
{
    if (r.status != status || strcmp(r.body, body) != 0)
        fail_msg("expected %d with:\n%s\ngot %d with:\n%s", status, body, r.status, r.body);
    drop(&r);
}

static char *read_text(const char *path)
{
    Source src;
    if (source_read(&src, path, 1 << 24) != 0) fail_msg("cannot read %s", path);
    free(src.path);
    return src.text;
}

/* ---- the page and its calls ---- */

static void page_is_self_contained_and_needs_the_token(void **state)
{
    Fixture *f = *state;
    char path[80];
    snprintf(path, sizeof path, "/?token=%s", serve_token(f->server));
    Reply r = http(f, "GET", path, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_has(r.head, "Content-Type: text/html; charset=utf-8");
    assert_has(r.head, "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self';");
    assert_has(r.head, "Cache-Control: no-store");
    assert_has(r.head, "X-Frame-Options: DENY");
    assert_has(r.body, "<title>junheng 规则工作台</title>");
    assert_has(r.body, "<script>\n/* The workbench page:"); /* serve.js, put in place */
    assert_has(r.body, "/* The workbench page: two columns"); /* serve.css */
    /* nothing from anywhere else */
    assert_lacks(r.body, "http:");
    assert_lacks(r.body, "https:");
    assert_lacks(r.body, " src=");
    assert_lacks(r.body, "<!-- serve.");
    drop(&r);
    assert_reply(http(f, "GET", "/", NULL, NULL), 403,
                 "junheng serve: 拒绝：缺少口令或口令不对；请打开 junheng serve 启动时打印的完整地址\n");
    assert_reply(http(f, "GET", "/?token=00000000000000000000000000000000", NULL, NULL), 403,
                 "junheng serve: 拒绝：缺少口令或口令不对；请打开 junheng serve 启动时打印的完整地址\n");
    /* the address printed at start is this one */
    char address[96];
    snprintf(address, sizeof address, "http://127.0.0.1:%d/?token=%s", f->port, serve_token(f->server));
    assert_string_equal(serve_address(f->server), address);
    assert_int_equal(strlen(serve_token(f->server)), 32);
}

static void session_gives_the_lexers_keywords(void **state)
{
    Fixture *f = *state;
    Reply r = call(f, "GET", "/api/session", NULL);
    assert_int_equal(r.status, 200);
    assert_has(r.head, "Content-Type: application/json; charset=utf-8");
    static const char *const keywords[][2] = {
#define KW_ROW(tok, zh, en) {zh, en},
        KEYWORD_TABLE(KW_ROW)
#undef KW_ROW
    };
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++) {
        char pair[96];
        snprintf(pair, sizeof pair, "[\"%s\", \"%s\"]", keywords[i][0], keywords[i][1]);
        assert_has(r.body, pair);
    }
    assert_has(r.body, "{\"name\": \"10-资源配置.jh\", \"text\": \"# 资源配置");
    assert_has(r.body, "\"dataset\": {\"name\": \"芦淞区2025年义务教育优质均衡监测数据（合成样例）\"");
    assert_has(r.body, "{\"code\": \"pass\", \"word\": \"达标\", \"colour\": \"#C6EFCE\"}");
    drop(&r);
}

static void an_edit_is_checked_evaluated_compared_and_tested(void **state)
{
    Fixture *f = *state;
    char *text = read_text("规则/" RESOURCES);
    char *at = strstr(text, "标准 小学 >= 4.2");
    memcpy(at, "标准 小学 >= 5.4", strlen("标准 小学 >= 5.4"));
    Reply r = call(f, "POST", "/api/check?file=" RESOURCES_Q, text);
    assert_int_equal(r.status, 200);
    assert_has(r.body, "\"valid\": true");
    assert_has(r.body, "4302030001 芦淞区建设路小学 · I1 · 小学：达标 5.354 → 未达标 5.354（标准改变）");
    assert_has(r.body, "\"tests\": {\"passed\": ");
    drop(&r);
    /* its explanation, after and before */
    r = call(f, "GET", "/api/explain?school=4302030001&indicator=I1&stage=%E5%B0%8F%E5%AD%A6", NULL);
    assert_int_equal(r.status, 200);
    assert_has(r.head, "Content-Type: text/plain; charset=utf-8");
    assert_has(r.body, "标准 ≥ 5.4 → 未达到");
    drop(&r);
    r = call(f, "GET", "/api/explain?school=4302030001&indicator=I1&stage=%E5%B0%8F%E5%AD%A6&side=saved", NULL);
    assert_has(r.body, "标准 ≥ 4.2 → 达到");
    drop(&r);
    assert_reply(call(f, "GET", "/api/explain?school=999&indicator=I1", NULL), 404, "数据集中没有学校代码 999");
    free(text);
}

static void save_and_undo(void **state)
{
    Fixture *f = *state;
    char *original = read_text("规则/" RESOURCES);
    char *text = read_text("规则/" RESOURCES);
    char *at = strstr(text, "标准 小学 >= 4.2");
    memcpy(at, "标准 小学 >= 5.4", strlen("标准 小学 >= 5.4"));
    Reply r = call(f, "POST", "/api/save?file=" RESOURCES_Q, text);
    assert_int_equal(r.status, 200);
    assert_has(r.body, "{\"saved\": \"10-资源配置.jh\"");
    drop(&r);
    char *now = read_text("规则/" RESOURCES);
    assert_string_equal(now, text);
    free(now);
    r = call(f, "POST", "/api/undo", NULL);
    assert_int_equal(r.status, 200);
    drop(&r);
    now = read_text("规则/" RESOURCES);
    assert_string_equal(now, original);
    free(now);
    assert_reply(call(f, "POST", "/api/undo", NULL), 409, "{\"error\": \"没有可以撤销的保存\"}\n");
    /* rules with errors are not saved */
    r = call(f, "POST", "/api/save?file=" RESOURCES_Q, "指标 {");
    assert_int_equal(r.status, 422);
    assert_has(r.body, "{\"error\": \"规则有 ");
    drop(&r);
    now = read_text("规则/" RESOURCES);
    assert_string_equal(now, original);
    free(now);
    free(text);
    free(original);
}

/* ---- the attacks ---- */

static void foreign_host_is_refused(void **state)
{
    Fixture *f = *state;
    char raw[256];
    /* DNS rebinding: a page of evil.example whose name now points here */
    int n = snprintf(raw, sizeof raw, "GET /api/session HTTP/1.1\r\nHost: evil.example:%d\r\n%sConnection: close\r\n\r\n", f->port,
                     f->token_header);
    Reply r = exchange(f->port, raw, (size_t)n);
    char want[160];
    snprintf(want, sizeof want, "{\"error\": \"拒绝：Host 'evil.example:%d' 不是本服务的地址 127.0.0.1:%d\"}\n", f->port, f->port);
    assert_reply(r, 403, want);
    /* no Host at all (HTTP/1.0) */
    n = snprintf(raw, sizeof raw, "GET /api/session HTTP/1.0\r\n%s\r\n", f->token_header);
    r = exchange(f->port, raw, (size_t)n);
    assert_int_equal(r.status, 403);
    drop(&r);
    /* localhost is this server too */
    n = snprintf(raw, sizeof raw, "GET /api/session HTTP/1.1\r\nHost: localhost:%d\r\n%sConnection: close\r\n\r\n", f->port,
                 f->token_header);
    r = exchange(f->port, raw, (size_t)n);
    assert_int_equal(r.status, 200);
    drop(&r);
}

static void foreign_origin_is_refused(void **state)
{
    Fixture *f = *state;
    char headers[160], want[200];
    snprintf(headers, sizeof headers, "%sOrigin: http://evil.example\r\n", f->token_header);
    snprintf(want, sizeof want, "{\"error\": \"拒绝：来源 'http://evil.example' 不是本服务的地址 http://127.0.0.1:%d\"}\n", f->port);
    assert_reply(http(f, "POST", "/api/save?file=" RESOURCES_Q, headers, "# 改了\n"), 403, want);
    assert_reply(http(f, "GET", "/api/session", headers, NULL), 403, want);
    /* a write must say where it comes from */
    snprintf(want, sizeof want, "{\"error\": \"拒绝：写入请求须来自本服务的页面（Origin: http://127.0.0.1:%d）\"}\n", f->port);
    assert_reply(http(f, "POST", "/api/save?file=" RESOURCES_Q, f->token_header, "# 改了\n"), 403, want);
    char *now = read_text("规则/" RESOURCES);
    assert_lacks(now, "# 改了");
    free(now);
}

static void missing_or_wrong_token_is_refused(void **state)
{
    Fixture *f = *state;
    const char *refused = "{\"error\": \"拒绝：缺少口令或口令不对；请打开 junheng serve 启动时打印的完整地址\"}\n";
    assert_reply(http(f, "GET", "/api/session", NULL, NULL), 403, refused);
    assert_reply(http(f, "POST", "/api/save?file=" RESOURCES_Q, f->origin, "# 改了\n"), 403, refused);
    char wrong[33], headers[160];
    snprintf(wrong, sizeof wrong, "%s", serve_token(f->server));
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    snprintf(headers, sizeof headers, "%sX-Junheng-Token: %s\r\n", f->origin, wrong);
    assert_reply(http(f, "POST", "/api/undo", headers, NULL), 403, refused);
    /* the token in the query is the page's, not the calls' */
    char path[120];
    snprintf(path, sizeof path, "/api/session?token=%s", serve_token(f->server));
    assert_reply(http(f, "GET", path, NULL, NULL), 403, refused);
    char *now = read_text("规则/" RESOURCES);
    assert_lacks(now, "# 改了");
    free(now);
}

static void paths_out_of_the_folder_are_refused(void **state)
{
    Fixture *f = *state;
    write_file("外面.jh", "# 外面\n");
    assert_reply(call(f, "POST", "/api/save?file=..%2F%E5%A4%96%E9%9D%A2.jh", "# 改了\n"), 404,
                 "{\"error\": \"'../外面.jh' 不是本规则集的规则文件\"}\n");
    assert_reply(call(f, "POST", "/api/save?file=../%E5%A4%96%E9%9D%A2.jh", "# 改了\n"), 404,
                 "{\"error\": \"'../外面.jh' 不是本规则集的规则文件\"}\n");
    assert_reply(call(f, "POST", "/api/save?file=%2Fetc%2Fpasswd", "# 改了\n"), 404,
                 "{\"error\": \"'/etc/passwd' 不是本规则集的规则文件\"}\n");
    assert_reply(call(f, "POST", "/api/check?file=..%2F%E5%A4%96%E9%9D%A2.jh", "# 改了\n"), 404,
                 "{\"error\": \"'../外面.jh' 不是本规则集的规则文件\"}\n");
    char *now = read_text("外面.jh");
    assert_string_equal(now, "# 外面\n");
    free(now);
    /* no file is served by its path */
    assert_reply(call(f, "GET", "/../../etc/passwd", NULL), 404, "junheng serve: 没有这个地址：/../../etc/passwd\n");
    assert_reply(call(f, "GET", "/规则/10-资源配置.jh", NULL), 404, "junheng serve: 没有这个地址：/规则/10-资源配置.jh\n");
}

static void a_link_out_of_the_folder_is_refused(void **state)
{
    Fixture *f = *state;
    serve_stop(f->server);
    wb_free(f->wb);
    /* 10-资源配置.jh becomes a link to a copy outside the rule folder */
    char *resources = read_text("规则/" RESOURCES);
    write_file("外面.jh", resources);
    assert_int_equal(remove("规则/" RESOURCES), 0);
    assert_int_equal(symlink("../外面.jh", "规则/" RESOURCES), 0);
    assert_int_equal(start(f), 0);
    assert_reply(call(f, "POST", "/api/save?file=" RESOURCES_Q, resources), 403,
                 "{\"error\": \"'10-资源配置.jh' 是符号链接（指向 ../外面.jh）：保存只写规则文件夹中的普通文件\"}\n");
    char *now = read_text("外面.jh");
    assert_string_equal(now, resources);
    free(now);
    free(resources);
}

static void oversized_bodies_are_refused(void **state)
{
    Fixture *f = *state;
    const char *refused = "{\"error\": \"拒绝：请求内容超过 4194304 字节的上限（一个规则文件的上限）\"}\n";
    /* announced: refused on the head, before the body is read */
    char raw[512];
    int n = snprintf(raw, sizeof raw,
                     "POST /api/check?file=%s HTTP/1.1\r\nHost: %s\r\n%s%sConnection: close\r\n"
                     "Content-Length: 5000000\r\n\r\n# a start\n",
                     RESOURCES_Q, f->host, f->token_header, f->origin);
    assert_reply(exchange(f->port, raw, (size_t)n), 413, refused);
    /* chunked, with no length: refused once more than a rule file has come */
    char *big = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&big, &len);
    fprintf(out, "POST /api/check?file=%s HTTP/1.1\r\nHost: %s\r\n%s%sConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n",
            RESOURCES_Q, f->host, f->token_header, f->origin);
    static char chunk[65536];
    memset(chunk, '#', sizeof chunk);
    for (int i = 0; i < 70; i++) { /* 70 × 64 KiB > 4 MiB */
        fprintf(out, "%zx\r\n", sizeof chunk);
        fwrite(chunk, 1, sizeof chunk, out);
        fputs("\r\n", out);
    }
    fputs("0\r\n\r\n", out);
    fclose(out);
    assert_reply(exchange(f->port, big, len), 413, refused);
    free(big);
    /* a head larger than the limit is refused by the server library itself */
    size_t huge = (64u << 10) + 1024;
    char *head = malloc(huge + 256);
    n = snprintf(head, 256, "GET /api/session HTTP/1.1\r\nHost: %s\r\nX-Padding: ", f->host);
    memset(head + n, 'a', huge);
    memcpy(head + n + huge, "\r\n\r\n", 4);
    Reply r = exchange(f->port, head, (size_t)n + huge + 4);
    assert_int_equal(r.status, 431); /* Request Header Fields Too Large */
    drop(&r);
    free(head);
}

static void wrong_methods_and_paths_are_refused(void **state)
{
    Fixture *f = *state;
    assert_reply(call(f, "GET", "/api/save?file=" RESOURCES_Q, NULL), 405, "{\"error\": \"/api/save 不接受 GET 请求\"}\n");
    assert_reply(call(f, "DELETE", "/api/session", NULL), 405, "{\"error\": \"/api/session 不接受 DELETE 请求\"}\n");
    assert_reply(call(f, "GET", "/api/nothing", NULL), 404, "{\"error\": \"没有这个地址：/api/nothing\"}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(page_is_self_contained_and_needs_the_token, serve_copy, stop),
        cmocka_unit_test_setup_teardown(session_gives_the_lexers_keywords, serve_copy, stop),
        cmocka_unit_test_setup_teardown(an_edit_is_checked_evaluated_compared_and_tested, serve_copy, stop),
        cmocka_unit_test_setup_teardown(save_and_undo, serve_copy, stop),
        cmocka_unit_test_setup_teardown(foreign_host_is_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(foreign_origin_is_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(missing_or_wrong_token_is_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(paths_out_of_the_folder_are_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(a_link_out_of_the_folder_is_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(oversized_bodies_are_refused, serve_copy, stop),
        cmocka_unit_test_setup_teardown(wrong_methods_and_paths_are_refused, serve_copy, stop),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
