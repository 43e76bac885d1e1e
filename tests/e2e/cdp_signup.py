#!/usr/bin/env python3
"""cdp_signup.py CHROMIUM URL OUTDIR - drive headless Chromium through the
Chrome DevTools Protocol over --remote-debugging-pipe (standard library only):
open the signup link, screenshot the form, fill it, press the button with a
real mouse click, screenshot the answer, print the answer's text."""
import base64
import json
import os
import subprocess
import sys
import tempfile


class Browser:
    def __init__(self, binary, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            # Chromium reads commands on fd 3 and answers on fd 4
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-pipe", "--user-data-dir=" + profile,
             "--window-size=800,1200", "--accept-lang=fr-FR,fr", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == name:
                    del self.events[i]
                    return m
            self.events.append(self._read())

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.proc.wait(timeout=10)


def main():
    binary, url, outdir = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(binary, profile)
        try:
            target = b.call("Target.createTarget", url="about:blank")["targetId"]
            s = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            b.call("Page.enable", session=s)
            b.call("Page.navigate", session=s, url=url)
            b.wait_event("Page.loadEventFired")

            def js(expr):
                r = b.call("Runtime.evaluate", session=s, expression=expr, returnByValue=True)
                return r["result"].get("value")

            def shot(name):
                png = b.call("Page.captureScreenshot", session=s, format="png")["data"]
                with open(os.path.join(outdir, name), "wb") as f:
                    f.write(base64.b64decode(png))

            shot("signup_form.png")
            for field, value in (("portable", "06 12 34 56 78"), ("fixe", "04 50 11 22 33"),
                                 ("parcours", "GEMA"), ("competences", "Excel, SAP"),
                                 ("lieu", "74000 Annecy"), ("mobilite", "régionale"),
                                 ("montrer", "prénom, formation et compétences")):
                js("document.getElementById(%s).value = %s" % (json.dumps(field), json.dumps(value)))
            js("document.getElementById('consentement').checked = true")
            rect = js("JSON.stringify(document.querySelector('button[type=submit]')"
                      ".getBoundingClientRect())")
            r = json.loads(rect)
            x, y = r["x"] + r["width"] / 2, r["y"] + r["height"] / 2
            js("document.querySelector('button[type=submit]').scrollIntoView()")
            r = json.loads(js("JSON.stringify(document.querySelector('button[type=submit]')"
                              ".getBoundingClientRect())"))
            x, y = r["x"] + r["width"] / 2, r["y"] + r["height"] / 2
            for kind in ("mousePressed", "mouseReleased"):
                b.call("Input.dispatchMouseEvent", session=s, type=kind, x=x, y=y,
                       button="left", clickCount=1)
            b.wait_event("Page.loadEventFired")
            shot("signup_done.png")
            print(js("document.body.innerText"))
        finally:
            b.close()


if __name__ == "__main__":
    main()
