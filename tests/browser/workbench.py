#!/usr/bin/env python3
"""End-to-end test of junheng serve in headless Chromium, as a user works.

Starts `junheng serve` on the sample dataset over a copy of the shipped
rules, opens the printed address in Debian's Chromium, driven through the
DevTools protocol over a pipe (--remote-debugging-pipe: no WebSocket, no
package from anywhere), and then: changes I1's 小学 threshold in the editor
and sees 4302030001's I1 turn from 达标 to 未达标 with diff's reason;
explains it; types an error and sees it located; saves and finds the rule
file changed and `junheng test` run with what the page shows; undoes the
save; stops the server with Ctrl-C. Every request the page makes must go to
the server itself. Screenshots of each step go to --screenshots DIR.

Usage: workbench.py JUNHENG [--screenshots DIR]   (from the repository root)
Prints one line per check and "browser: N passed, N failed" last.
"""
import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCHOOL = "4302030001"
CELL = 'td[data-code="4302030001"][data-ind="I1"][data-stage="小学"]'
RESOURCES = "10-资源配置.jh"
CHANGE_LINE = "4302030001 芦淞区建设路小学 · I1 · 小学：达标 5.354 → 未达标 5.354（标准改变）"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe", "--hide-scrollbars", "--force-device-scale-factor=1"]


class Failed(Exception):
    pass


class Browser:
    """Chromium with the DevTools protocol on file descriptors 3 (in) and 4 (out)."""

    def __init__(self, profile):
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # out of the way of 3 and 4, which the child gets them as
        to_r, from_w = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)

        def child():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen(["chromium", *FLAGS, "--user-data-dir=" + profile, "about:blank"],
                                     preexec_fn=child, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.out = os.fdopen(to_w, "wb", buffering=0)
        self.inp = os.fdopen(from_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.inp.read(1 << 16)
            if not chunk:
                raise Failed("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise Failed(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1500, "height": 940, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise Failed(f"{expr}: {r['exceptionDetails'].get('exception', {}).get('description', r['exceptionDetails'])}")
        return r["result"].get("value")

    def wait(self, expr, what, seconds=30):
        end = time.time() + seconds
        while time.time() < end:
            if self.eval(expr):
                return
            time.sleep(0.05)
        raise Failed(f"timed out waiting for {what} ({expr})")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def requests(self):
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except (Failed, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_server(junheng, rules):
    server = subprocess.Popen([junheng, "serve", "datasets/lusong-2025-synthetic.json", "--rules", rules, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in server.stdout:
        lines.append(line)
        if line.strip().startswith("http://127.0.0.1:"):
            return server, line.strip(), lines
    raise Failed("junheng serve printed no address: " + "".join(lines) + server.stderr.read())


def js(s):
    return json.dumps(s, ensure_ascii=False)


def run(junheng, shots):
    passed = 0

    def ok(what):
        nonlocal passed
        passed += 1
        print(f"browser: {what}: ok", flush=True)

    work = tempfile.mkdtemp(prefix="junheng-browser-")
    rules = os.path.join(work, "规则")
    shutil.copytree("rules/优质均衡", rules)
    rule_file = os.path.join(rules, RESOURCES)
    with open(rule_file, encoding="utf-8") as f:
        original = f.read()
    server, address, printed = start_server(junheng, rules)
    port = address.split(":")[2].split("/")[0]
    browser = Browser(os.path.join(work, "profile"))
    try:
        browser.open(address)
        browser.wait("document.body && document.body.dataset.ready === 'true'", "the page to load")
        b = browser
        status = b.eval(f"document.querySelector({js(CELL)}).dataset.status")
        if status != "pass":
            raise Failed(f"{SCHOOL} I1 小学 is {status} before the edit, expected pass")
        colour_before = b.eval(f"getComputedStyle(document.querySelector({js(CELL)})).backgroundColor")
        b.screenshot(os.path.join(shots, "工作台-1-打开.png"))
        ok(f"the page loads with the saved rules: {SCHOOL} I1 小学 达标")

        # the threshold, changed as a user types it
        b.eval(f"document.querySelector('button[data-file={js(RESOURCES)}]').click()")
        b.wait("document.getElementById('text').value.includes('标准 小学 >= 4.2')", "the rule file in the editor")
        applied = b.eval("+document.body.dataset.applied")
        b.eval("""(() => { const t = document.getElementById('text'); const at = t.value.indexOf('标准 小学 >= 4.2') + '标准 小学 >= '.length;
                  t.focus(); t.setSelectionRange(at, at + 3);
                  const line = t.value.slice(0, at).split('\\n').length;
                  t.scrollTop = Math.max(0, (line - 8) * parseFloat(getComputedStyle(t).lineHeight)); })()""")
        typed_at = b.eval("performance.now()")
        b.send("Input.insertText", {"text": "5.4"})
        b.wait(f"+document.body.dataset.applied > {applied} && document.body.dataset.valid === 'true' && "
               f"document.querySelector({js(CELL)}).dataset.status === 'fail'", "the school's result to change")
        cell = b.eval(f"""(() => {{ const c = document.querySelector({js(CELL)});
                        return {{cls: c.className, title: c.title, colour: getComputedStyle(c).backgroundColor}}; }})()""")
        if "chg" not in cell["cls"] or "标准改变" not in cell["title"] or cell["colour"] == colour_before:
            raise Failed(f"the changed cell is not marked with its reason and colour: {cell}")
        changes = b.eval("document.getElementById('changes').innerText")
        if CHANGE_LINE not in changes:
            raise Failed("the changes panel lacks: " + CHANGE_LINE)
        # the changes are diff's, line for line
        proposed = os.path.join(work, "拟修改")
        shutil.copytree(rules, proposed)
        with open(os.path.join(proposed, RESOURCES), "w", encoding="utf-8") as f:
            f.write(b.eval("document.getElementById('text').value"))
        cli = subprocess.run([junheng, "diff", "datasets/lusong-2025-synthetic.json", "--rules", rules, "--with-rules", proposed],
                             capture_output=True, text=True)
        page_lines = b.eval("""(() => { const c = document.getElementById('changes');
            return [...c.querySelector('.head').innerText.split('\\n'), ...[...c.querySelectorAll('li')].map((l) => l.textContent),
                    ...c.querySelector('.summary').innerText.split('\\n')].filter((l) => l); })()""")
        if page_lines != [line for line in cli.stdout.splitlines() if line]:
            raise Failed("the changes panel differs from junheng diff --with-rules:\n" + "\n".join(page_lines[:5]) + "\n---\n" + cli.stdout[:500])
        timing = b.eval("document.getElementById('status').innerText")
        shown_ms = b.eval("+document.body.dataset.appliedAt") - typed_at
        b.screenshot(os.path.join(shots, "工作台-2-改标准.png"))
        ok(f"I1 小学 4.2 → 5.4 in the editor: {SCHOOL} turns 未达标 ({cell['colour']}), "
           f"the changes panel is junheng diff --with-rules line for line, on the page {shown_ms:.0f} ms after the keystroke ({timing})")

        # its explanation
        b.eval(f"document.querySelector({js(CELL)}).click()")
        b.wait("!document.getElementById('explain').hidden && "
               "document.getElementById('explain-text').textContent.includes('标准 ≥ 5.4 → 未达到')", "the explanation")
        b.screenshot(os.path.join(shots, "工作台-3-推导.png"))
        b.eval("document.getElementById('explain-side').click()")
        b.wait("document.getElementById('explain-text').textContent.includes('标准 ≥ 4.2 → 达到')", "the saved rules' explanation")
        b.eval("document.getElementById('explain-close').click()")
        ok("a click on the result explains it, after and before the change")

        b.eval("document.querySelector('.tab[data-pane=\"changes-pane\"]').click()")
        b.screenshot(os.path.join(shots, "工作台-4-变化.png"))
        b.eval("document.querySelector('.tab[data-pane=\"grid-pane\"]').click()")

        # an error, located as check locates it, then mended
        applied = b.eval("+document.body.dataset.applied")
        b.send("Input.insertText", {"text": " *"})  # after the 5.4 just typed
        b.wait(f"+document.body.dataset.applied > {applied} && document.body.dataset.valid === 'false'", "a diagnostic")
        diag = b.eval("document.getElementById('diagnostics').innerText")
        threshold_line = original.split("标准 小学 >= 4.2")[0].count("\n") + 1  # where I1's 小学 threshold is written
        if f"{RESOURCES}:{threshold_line}:" not in diag or "错误" not in diag or not b.eval("!!document.querySelector('#gutter .e')"):
            raise Failed("the error is not shown at its line: " + diag)
        if b.eval("document.getElementById('stale').hidden") or not b.eval("document.getElementById('save').disabled"):
            raise Failed("rules with errors: the results should be marked stale and saving disabled")
        b.screenshot(os.path.join(shots, "工作台-5-错误.png"))
        applied = b.eval("+document.body.dataset.applied")
        for _ in range(2):  # two backspaces take the " *" away again
            for kind in ("rawKeyDown", "keyUp"):
                b.send("Input.dispatchKeyEvent", {"type": kind, "key": "Backspace", "code": "Backspace",
                                                  "windowsVirtualKeyCode": 8, "nativeVirtualKeyCode": 8})
        b.wait(f"document.body.dataset.valid === 'true' && document.getElementById('text').value.includes('标准 小学 >= 5.4,')",
               "the mended rules")
        ok(f"a typing error is located ({diag.splitlines()[0]}) and the results kept, marked stale, until it is mended")

        # saving
        b.wait("!document.getElementById('save').disabled", "the save button")
        b.eval("document.getElementById('save').click()")
        b.wait("document.getElementById('status').innerText.includes('已保存')", "the save")
        with open(rule_file, encoding="utf-8") as f:
            saved = f.read()
        if saved != original.replace("标准 小学 >= 4.2", "标准 小学 >= 5.4", 1):
            raise Failed("the rule file on disk is not the edited text")
        cli = subprocess.run([junheng, "test", "--rules", rules], capture_output=True, text=True)
        summary = cli.stdout.strip().splitlines()[-1]
        page_tests = b.eval("document.getElementById('tests').textContent")
        if page_tests != cli.stdout or not summary.endswith(" failed"):
            raise Failed("the page's tests differ from junheng test:\n" + page_tests[-300:] + "\n---\n" + cli.stdout[-300:])
        b.eval("document.querySelector('.tab[data-pane=\"tests-pane\"]').click()")
        b.screenshot(os.path.join(shots, "工作台-6-保存与测试.png"))
        ok(f"saved: the rule file has 5.4, and junheng test runs as the page shows it ({summary})")

        # the explanation is explain's, to the byte
        b.eval("document.querySelector('.tab[data-pane=\"grid-pane\"]').click()")
        b.eval(f"document.querySelector({js(CELL)}).click()")
        b.wait("!document.getElementById('explain').hidden && "
               "document.getElementById('explain-text').textContent.includes('标准 ≥ 5.4')", "the explanation")
        page_explain = b.eval("document.getElementById('explain-text').textContent")
        cli = subprocess.run([junheng, "explain", "datasets/lusong-2025-synthetic.json", "--rules", rules, "--school", SCHOOL,
                              "--indicator", "I1", "--stage", "小学"], capture_output=True, text=True)
        if page_explain != cli.stdout:
            raise Failed("the page's explanation differs from junheng explain:\n" + page_explain + "\n---\n" + cli.stdout)
        ok("the explanation on the page is what junheng explain prints")

        # one undo
        b.eval("document.getElementById('undo').click()")
        b.wait("document.getElementById('status').innerText.includes('已撤销')", "the undo")
        with open(rule_file, encoding="utf-8") as f:
            if f.read() != original:
                raise Failed("undo did not bring the rule file back")
        if b.eval(f"document.querySelector({js(CELL)}).dataset.status") != "pass":
            raise Failed("after the undo the school should pass again")
        ok("undo restores the rule file and the results")

        foreign = [u for u in browser.requests() if not u.startswith(f"http://127.0.0.1:{port}/")]
        if foreign:
            raise Failed("the page asked for something elsewhere: " + ", ".join(foreign))
        ok(f"every request of the page went to the server itself ({len(browser.requests())} requests)")
    finally:
        browser.close()
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
        shutil.rmtree(work, ignore_errors=True)
    if server.returncode != 0 or not out.endswith("junheng serve 已停止。\n"):
        raise Failed(f"Ctrl-C: junheng serve exited {server.returncode}: {out}{err}")
    ok("Ctrl-C stops junheng serve cleanly (exit 0)")
    return passed


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    junheng = os.path.abspath(sys.argv[1])
    shots = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--screenshots" else tempfile.mkdtemp()
    os.makedirs(shots, exist_ok=True)
    try:
        passed = run(junheng, shots)
    except Failed as e:
        print(f"browser: FAILED: {e}", flush=True)
        print("browser: 0 passed, 1 failed")
        return 1
    print(f"browser: {passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
