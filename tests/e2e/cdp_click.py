#!/usr/bin/env python3
"""cdp_click.py CHROMIUM URL OUTDIR - a one-click application in headless
Chromium: open the link twice (what a mail scanner does; each page is
printed), then press the page's button with a real mouse click and print
the answer.  Uses the Browser of cdp_signup.py."""
import base64
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp_signup import Browser  # noqa: E402


def main():
    binary, url, outdir = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(binary, profile)
        try:
            target = b.call("Target.createTarget", url="about:blank")["targetId"]
            s = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            b.call("Page.enable", session=s)

            def js(expr):
                r = b.call("Runtime.evaluate", session=s, expression=expr, returnByValue=True)
                return r["result"].get("value")

            for i in (1, 2):
                b.call("Page.navigate", session=s, url=url)
                b.wait_event("Page.loadEventFired")
                print("GET %d: %s" % (i, js("document.body.innerText").replace("\n", " ")))
            png = b.call("Page.captureScreenshot", session=s, format="png")["data"]
            with open(os.path.join(outdir, "one_click_page.png"), "wb") as f:
                f.write(base64.b64decode(png))
            js("document.querySelector('button[type=submit]').scrollIntoView()")
            r = json.loads(js("JSON.stringify(document.querySelector('button[type=submit]')"
                              ".getBoundingClientRect())"))
            x, y = r["x"] + r["width"] / 2, r["y"] + r["height"] / 2
            for kind in ("mousePressed", "mouseReleased"):
                b.call("Input.dispatchMouseEvent", session=s, type=kind, x=x, y=y,
                       button="left", clickCount=1)
            b.wait_event("Page.loadEventFired")
            print("POST: %s" % js("document.body.innerText").replace("\n", " "))
        finally:
            b.close()


if __name__ == "__main__":
    main()
