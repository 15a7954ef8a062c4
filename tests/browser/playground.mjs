// The playground in a real browser: headless Chromium (Debian's `chromium`) driven by
// puppeteer-core. Starts `gleaner serve`, loads `/`, picks the founding page as a file,
// submits it, and checks that the title shows, that the consult hotline and `返回頂部` are
// shown as removed with their rule and reason (and not as kept text), that the Markdown tab
// holds the article, and that the page broke no rule of its Content-Security-Policy.
// Leaves a screenshot in target/playground.png (or $SCREENSHOT).
//
// Usage (from the repository): npm ci --prefix tests/browser && node tests/browser/playground.mjs
// GLEANER_BIN picks the binary (default target/debug/gleaner), CHROMIUM the browser.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.GLEANER_BIN || path.join(root, "target/debug/gleaner");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const founding = path.join(root, "tests/fixtures/seed/utf8.html");
// SCREENSHOT=docs/playground.jpg writes the README's copy (JPEG for size).
const shot = path.resolve(root, process.env.SCREENSHOT || "target/playground.png");

function fail(message) {
  console.error("FAIL: " + message);
  process.exitCode = 1;
}

function check(ok, message) {
  if (!ok) fail(message);
  return ok;
}

async function startServer() {
  const server = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], {
    env: { ...process.env, GLEANER_READINESS_DELAY: "0" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const addr = await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("the server did not start: " + log)), 20000);
    server.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/addr=([0-9.]+:[0-9]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error("the server exited with " + code + ": " + log)));
  });
  return { server, base: "http://" + addr };
}

const { server, base } = await startServer();
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push("page error: " + e.message));

  const res = await page.goto(base + "/", { waitUntil: "load" });
  check(res.status() === 200, "GET / answered " + res.status());
  const csp = res.headers()["content-security-policy"] || "";
  check(csp.startsWith("default-src 'none'") && csp.includes("script-src 'sha256-"), "CSP: " + csp);

  const input = await page.$("#file");
  await input.uploadFile(founding);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("will be sent"));
  await page.click("#go");
  await page.waitForSelector("#article:not([hidden])", { timeout: 20000 });

  const got = await page.evaluate(() => ({
    title: document.getElementById("title").textContent,
    kept: [...document.querySelectorAll("#view .block.kept .text")].map((e) => e.textContent),
    removed: [...document.querySelectorAll("#view .block.removed")].map((e) => ({
      rule: e.dataset.rule,
      badge: e.querySelector(".rule").textContent,
      text: e.querySelector(".text").textContent,
      reason: e.querySelector(".reason").textContent,
    })),
    markdown: document.getElementById("markdown").textContent,
    meta: [...document.querySelectorAll("#meta dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]),
  }));
  check(got.title === "張江科學城區域化促進會和六大特色產業園黨委成立", "title shown: " + got.title);
  check(got.kept.length >= 10, "kept blocks shown: " + got.kept.length);
  const kind = (got.meta.find(([k]) => k === "page type") || [])[1] || "";
  check(kind.startsWith("article (detected"), "page type shown with its evidence: " + kind);
  for (const chrome of ["400-876-1589", "返回頂部"]) {
    const r = got.removed.find((x) => x.text.includes(chrome));
    if (check(r, chrome + " is not shown as removed")) {
      check(r.rule && r.badge === r.rule && r.reason.length > 10, chrome + " lacks its rule or reason: " + JSON.stringify(r));
      console.log("removed " + JSON.stringify(chrome) + " by " + r.rule + ": " + r.reason);
    }
    check(!got.kept.some((t) => t.includes(chrome)), chrome + " is shown as kept text");
  }
  check(got.markdown.startsWith("# 張江科學城"), "Markdown tab: " + got.markdown.slice(0, 40));
  await page.click("#tab-markdown");
  check(await page.$eval("#markdown", (e) => !e.hidden), "the Markdown tab does not show");
  await page.click("#tab-view");

  mkdirSync(path.dirname(shot), { recursive: true });
  const jpeg = /\.jpe?g$/.test(shot);
  await page.screenshot({ path: shot, fullPage: true, ...(jpeg ? { type: "jpeg", quality: 70 } : {}) });
  console.log("screenshot: " + shot);
  check(violations.length === 0, "CSP violations or page errors: " + violations.join("; "));
  console.log(process.exitCode ? "playground: FAILED" : `playground: ok (${got.kept.length} kept, ${got.removed.length} removed blocks shown)`);
} finally {
  await browser.close();
  server.kill();
}
