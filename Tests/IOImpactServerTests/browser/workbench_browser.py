#!/usr/bin/env python3
"""The workbench in a real browser: headless Chromium driven through the DevTools protocol.

Starts `ioimpact serve` on a free loopback port, loads the page, runs the reference case, halves its cuts,
adds a 90-day stockpile, compares the three scenarios, triggers a bad case, and checks each headline read
from the DOM against `ioimpact run` on the same case. Saves screenshots (PNG) into --artifacts.
Exit 0 when every check holds; prints one line per check.
"""
import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import websockets

CASE = "jp-re-1y-dir"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"FAIL: {url} did not answer within {seconds} s")


def cli_lead(binary, case, root):
    """The first lead line `ioimpact run CASE` prints (the line after the first blank line)."""
    out = subprocess.run([binary, "run", case, "--no-report", "--rules", "all"], cwd=root, check=True,
                         capture_output=True, text=True).stdout
    lines = out.split("\n")
    return lines[lines.index("") + 1]


class Page:
    def __init__(self, ws):
        self.ws, self.next_id = ws, 0

    async def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        await self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(await self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    async def js(self, expression):
        r = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    async def until(self, expression, what, seconds=60):
        end = time.time() + seconds
        while time.time() < end:
            if await self.js(expression):
                return
            await asyncio.sleep(0.1)
        raise SystemExit(f"FAIL: {what} (waited {seconds} s)")

    async def run_and_wait(self):
        """Presses Run and waits for the status line to say it ran (or for the error box)."""
        await self.js("document.getElementById('status').textContent = ''")
        await self.js("document.getElementById('run').click()")
        await self.until("/^Ran |did not go through/.test(document.getElementById('status').textContent)",
                         "the run answered")

    async def screenshot(self, path):
        height = await self.js("Math.ceil(document.documentElement.scrollHeight)")
        await self.call("Emulation.setDeviceMetricsOverride", width=1440, height=min(int(height), 4000),
                        deviceScaleFactor=1, mobile=False)
        await asyncio.sleep(0.3)
        shot = await self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"screenshot {path}")

    async def screenshot_of(self, element_id, path):
        """A screenshot of one element (its bounding box on the full page)."""
        box = await self.js("(r => [r.left + scrollX, r.top + scrollY, r.width, r.height])"
                            f"(document.getElementById('{element_id}').getBoundingClientRect())")
        shot = await self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                               clip={"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"screenshot {path}")


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        raise SystemExit(1)


async def scenario(page, args, work):
    await page.call("Page.enable")
    await page.call("Runtime.enable")
    await page.call("Emulation.setDeviceMetricsOverride", width=1440, height=1000, deviceScaleFactor=1, mobile=False)
    await page.call("Page.navigate", url=args.url)
    await page.until("document.querySelectorAll('#cuts tbody tr').length > 0", "the page loaded the case's cuts")
    check(await page.js("document.getElementById('f-id').value") == CASE, f"the page opens on {CASE}")

    # 1. The reference case as it is.
    await page.run_and_wait()
    dom = await page.js("document.getElementById('headline').textContent")
    expected = cli_lead(args.binary, CASE, args.root)
    check(dom == expected, f"headline of {CASE} in the DOM equals the command's: {dom}")
    await page.js("document.getElementById('keep').click()")

    # 2. Half the cut: every cut's depth 50%, a new id; its headline against the command on the same TOML.
    await page.js("""(() => {
        document.getElementById('f-id').value = 'jp-re-1y-dir-half';
        document.getElementById('f-title').value = "DIR's cut, half as deep";
        for (const tr of document.querySelectorAll('#cuts tbody tr')) tr.querySelectorAll('input')[1].value = 50;
    })()""")
    await page.run_and_wait()
    half = await page.js("document.getElementById('headline').textContent")
    toml = await page.js("fetch('/api/export/case.toml', request()).then(r => r.text())")
    path = os.path.join(work, "jp-re-1y-dir-half.toml")
    with open(path, "w") as f:
        f.write(toml)
    check(half == cli_lead(args.binary, path, args.root), f"headline of the half cut equals the command's: {half}")
    check(half != dom, "halving the cut changes the headline")
    sectors = await page.js("document.querySelectorAll('#sectors-chart rect').length")
    local = await page.js("document.getElementById('sectors-chart').textContent")
    check(sectors == 15 and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", local) is not None,
          "15 sector bars with Japanese names")
    await page.js("document.getElementById('keep').click()")

    # 3. Half the cut and a stockpile of 90 days of use of every material cut, released over eight weeks
    #    from day 14 (the "+ stockpile" button once per material, its row filled in).
    materials = await page.js("state.levers.cuts.map(c => c.material)")
    for _ in materials:
        await page.js("document.getElementById('add-stockpile').click()")
    await page.js("""((materials) => {
        document.getElementById('f-id').value = 'jp-re-1y-dir-half-90d';
        document.getElementById('f-title').value = "DIR's cut, half as deep, with a 90-day stockpile";
        const rows = [...document.querySelectorAll('#stockpiles tbody tr')].slice(-materials.length);
        rows.forEach((tr, k) => {
            const f = tr.querySelectorAll('input, select');
            const tpy = state.materials.find(m => m.id === materials[k]).tonnes_per_year;
            f[0].value = materials[k];
            f[1].value = Math.round(tpy * 90 / 365);
            f[2].value = Math.round(tpy * 90 / 365 / 8);
            f[3].value = 14;
            f[1].dispatchEvent(new Event('input'));
        });
    })(%s)""" % json.dumps(materials))
    await page.run_and_wait()
    third = await page.js("document.getElementById('headline').textContent")
    check(await page.js("document.getElementById('error').hidden"), "the stockpile scenario ran without an error")
    await page.js("document.getElementById('keep').click()")
    rows = await page.js("[...document.querySelectorAll('#compare tr')].slice(1).map(r => r.cells[0].textContent)")
    check(len(rows) == 3 and "jp-re-1y-dir-half-90d (current)" in rows, f"three scenarios in the table: {rows}")
    lines = await page.js("document.querySelectorAll('#path-chart polyline[stroke-width=\"2.2\"]').length")
    check(lines == 3, f"three scenario lines on one chart ({lines})")
    losses = await page.js("[...document.querySelectorAll('#compare tr')].slice(1)"
                           ".map(r => parseFloat(r.cells[1].textContent))")
    check(losses[0] > losses[1] > losses[2],
          f"the loss falls from the full cut to half to half with a stockpile: {losses}")
    check(third != half, "the stockpile changes the headline")
    # With the stockpile nothing is lost: no bars, and the chart says so.
    sectors = await page.js("document.querySelectorAll('#sectors-chart rect').length")
    empty = await page.js("document.getElementById('sectors-chart').textContent")
    check(losses[2] == 0 and sectors == 0 and "No sector's output falls below base." in empty,
          f"no sector bars when nothing is lost ({losses[2]}%, {sectors} bars)")
    await page.screenshot(os.path.join(args.artifacts, "workbench.png"))

    # The policy frontier of the current scenario: the library's sweep and chart, on the page.
    check(not await page.js("document.getElementById('frontier').hidden"), "the frontier panel is shown after a run")
    await page.js("document.getElementById('frontier-range').value = '0:180:30'")
    await page.js("document.getElementById('status').textContent = ''")
    await page.js("document.getElementById('frontier-run').click()")
    await page.until("/^Swept |did not go through/.test(document.getElementById('status').textContent)",
                     "the frontier answered")
    answer = await page.js("document.getElementById('frontier-answer').textContent")
    check(await page.js("document.getElementById('error').hidden") and len(answer) > 40,
          f"the frontier's answer is shown: {answer[:120]}")
    await page.until("(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('#frontier-chart img'))",
                     "the frontier chart is drawn", seconds=20)
    await page.screenshot_of("frontier", os.path.join(args.artifacts, "workbench-frontier.png"))

    # 4. A bad case: no horizon. The loader's line is shown, the results stay.
    await page.js("document.getElementById('f-horizon').value = 0")
    await page.run_and_wait()
    error = await page.js("(e => e.hidden ? '' : e.textContent)(document.getElementById('error'))")
    check("horizon_months" in error and "must be 1 to" in error, f"a bad case shows the loader's message: {error}")
    await page.screenshot(os.path.join(args.artifacts, "workbench-error.png"))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--artifacts", required=True)
    args = ap.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    port = free_port()
    args.url = f"http://127.0.0.1:{port}/"
    work = tempfile.mkdtemp(prefix="wb-browser-")
    server = subprocess.Popen([args.binary, "serve", "--port", str(port)], cwd=args.root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None
    try:
        wait_http(args.url + "api/cases")
        # DNS rebinding: a request naming another host is refused.
        try:
            urllib.request.urlopen(urllib.request.Request(args.url + "api/cases", headers={"Host": "evil.example"}),
                                   timeout=10)
            check(False, "a request to another host name is refused")
        except urllib.error.HTTPError as e:
            check(e.code == 421, f"a request to another host name is refused ({e.code})")
        browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                    "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                                    "--remote-allow-origins=*", f"--user-data-dir={work}/profile", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ws_url = None
        end = time.time() + 60
        while ws_url is None and time.time() < end:
            line = browser.stderr.readline()
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                ws_url = m.group(1)
        if ws_url is None:
            raise SystemExit("FAIL: chromium did not start its DevTools endpoint")
        devtools = ws_url.split("/devtools/")[0].replace("ws://", "http://")
        pages = json.loads(wait_http(devtools + "/json/list"))
        target = next(p for p in pages if p.get("type") == "page")
        async with websockets.connect(target["webSocketDebuggerUrl"], max_size=64 * 1024 * 1024) as ws:
            await asyncio.wait_for(scenario(Page(ws), args, work), timeout=240)
        print("browser checks: every check held")
    finally:
        for p in (browser, server):
            if p is not None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
