// End-to-end test of the Loopsmith extension in a real VS Code (code-server), driven with
// Playwright in Debian's Chromium. Started by scripts/e2e/run.sh, which sets:
//   E2E_URL         the workbench URL, with ?folder= a workspace holding samples/
//   E2E_WORKSPACE   that workspace folder (line and column numbers are read from its samples/)
//   E2E_ARTIFACTS   where screenshots go
//   E2E_BROWSER_PROFILE  an empty folder for Chromium's --user-data-dir (else a temporary one)
// Prints one line per check, then "e2e: N passed, M failed"; exits 1 on any failure.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const URL = process.env.E2E_URL;
const ART = process.env.E2E_ARTIFACTS ?? "e2e-artifacts";
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const SAMPLE = "conv.c";
const WORKSPACE = process.env.E2E_WORKSPACE;
// The outer loop (line 27), matched without its " {": an inlay hint such as "×16" stands there.
const OUTER_LOOP = "for (n = 0; n < N; n++)";
const MACS = "442,368"; // N*FW*FH*K*K*C = 16*32*24*3*3*4
const STRIDE_EXPR = "I[k][x + i][y + j]";
const STRIDE_STMT = `O[n][x][y] += ${STRIDE_EXPR}`; // the comment on line 4 also has the expression

if (!URL || !WORKSPACE) {
  console.error("E2E_URL or E2E_WORKSPACE is not set: run this through scripts/e2e/run.sh (npm run test:e2e)");
  process.exit(2);
}

// Line and column numbers come from the sample itself, so an edit to its comment moves them too.
const sampleLines = readFileSync(join(WORKSPACE, "samples", SAMPLE), "utf8").split("\n");
const OUTER_LINE = sampleLines.findIndex((l) => l.includes(OUTER_LOOP)) + 1;
const STRIDE_LINE = sampleLines.findIndex((l) => l.includes(STRIDE_STMT)) + 1;
const STRIDE_COL = sampleLines[STRIDE_LINE - 1].indexOf(STRIDE_EXPR) + 1;
const OUTER_COL = sampleLines[OUTER_LINE - 1].indexOf("for") + 1;

mkdirSync(ART, { recursive: true });

const results = [];
const screenshots = [];
let page;

async function shot(name) {
  const path = join(ART, name);
  try {
    await page.screenshot({ path });
    screenshots.push(path);
  } catch (e) {
    console.log(`  (screenshot ${name} failed: ${e.message})`);
  }
  return path;
}

/** Runs one named check; a failure is recorded (with a screenshot) and the run goes on. */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? ` — ${detail}` : ""}`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    const file = await shot(`failure-${results.length}.png`);
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${process.env.E2E_DEBUG ? e.message : e.message.split("\n")[0]}\n     screenshot: ${file}`);
    return false;
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** The editor line (a .view-line element) whose text contains `text`. */
function viewLine(text) {
  return page.locator(".editor-instance .monaco-editor .view-lines .view-line", { hasText: text }).first();
}

/** Puts the caret at line:col with Go to Line (Ctrl+G), and waits until the status bar says so. */
async function goToLine(line, col) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press("Enter");
  await page.locator(".statusbar-item", { hasText: `Ln ${line}, Col ${col}` }).first()
    .waitFor({ timeout: 10_000 });
}

/** Runs a command from the Command Palette by its title. */
async function runCommand(title) {
  await page.keyboard.press("Control+Shift+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`>${title}`);
  // Clicked, not Enter: the palette's first row may be a recently used command.
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/** The report view's document: a webview is an iframe (the host) holding the page's iframe. */
function reportView() {
  return page.frameLocator("iframe.webview.ready").first().frameLocator("iframe#active-frame");
}

// A fresh, empty Chromium profile: run.sh hands one inside its temporary folder (removed by its
// exit trap even when this process is killed); run alone, a temporary folder of our own.
const ownProfile = !process.env.E2E_BROWSER_PROFILE;
const userDataDir = process.env.E2E_BROWSER_PROFILE ?? mkdtempSync(join(tmpdir(), "loopsmith-e2e-chromium-"));
let context;
let exitCode = 1;
try {
  // A fresh profile folder each run (Playwright passes it as --user-data-dir).
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => console.log(`  [page error] ${e.message.split("\n")[0]}`));

  const workbenchUp = await check("workbench loads with the workspace folder", async () => {
    await page.goto(URL, { waitUntil: "domcontentloaded", timeout: 60_000 });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    // The explorer lists the workspace's samples/ folder once the remote file system answers.
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "samples" }).first()
      .waitFor({ timeout: 60_000 });
  });

  const opened = workbenchUp && await check(`Quick Open opens samples/${SAMPLE}`, async () => {
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: 15_000 });
    await input.fill(SAMPLE);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: SAMPLE }).first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press("Enter");
    await page.locator(".tabs-container .tab.active", { hasText: SAMPLE }).waitFor({ timeout: 15_000 });
    await viewLine(OUTER_LOOP).waitFor({ timeout: 15_000 });
    await page.locator(".statusbar-item", { hasText: /^C$/ }).first().waitFor({ timeout: 15_000 });
    await shot("opened.png");
    return "editor shows the outer loop, language mode C";
  });

  if (opened) {
    await check("code lens over the outer loop shows the MAC figure", async () => {
      // The extension activates on a C file, starts the language server, and then the lenses
      // come: allow for the first parse.
      const lens = page.locator(".editor-instance .monaco-editor .codelens-decoration", { hasText: "MAC" }).first();
      await lens.waitFor({ timeout: 90_000 });
      const text = (await lens.innerText()).replace(/\s+/g, " ").trim();
      // The lens sits right above the outer loop: its view zone precedes the loop's line.
      const lensBox = await lens.boundingBox();
      const loopBox = await viewLine(OUTER_LOOP).boundingBox();
      assert(lensBox && loopBox && lensBox.y < loopBox.y && loopBox.y - lensBox.y < 3 * loopBox.height,
        `the first MAC lens (y=${lensBox?.y}) is not just above line ${OUTER_LINE} (y=${loopBox?.y})`);
      await shot("codelens.png");
      return `"${text}"`;
    });

    await check(`hover over the outer loop reads ${MACS} MACs`, async () => {
      const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content").first();
      const read = async () => (await hover.innerText()).replace(/\s+/g, " ").trim();
      // As a person would: the mouse on the `for` keyword of line 27.
      const line = viewLine(OUTER_LOOP);
      await line.scrollIntoViewIfNeeded();
      const forToken = line.locator("span > span", { hasText: /^for$/ }).first();
      const box = await forToken.boundingBox();
      assert(box, "no `for` token on the outer loop's line");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      let text = "";
      try {
        await hover.filter({ hasText: "MAC" }).waitFor({ timeout: 15_000 });
        text = await read();
      } catch {
        // Fallback: the keyboard's Show Hover (Ctrl+K Ctrl+I) with the caret on the `for`.
        await page.mouse.move(5, 5);
        await goToLine(OUTER_LINE, OUTER_COL);
        await page.keyboard.press("Control+K");
        await page.keyboard.press("Control+I");
        await hover.filter({ hasText: "MAC" }).waitFor({ timeout: 15_000 });
        text = await read();
      }
      // Let the hover's fade-in finish before the screenshot.
      await page.locator(".monaco-hover:not(.hidden)").first().evaluate((el) =>
        Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished))).catch(() => {});
      await shot("hover.png");
      assert(text.includes(MACS), `hover text has no "${MACS}": ${text.slice(0, 400)}`);
      const m = text.match(/MACs?\s*\|?\s*([0-9][0-9,]*)/);
      return `hover MACs: ${m ? m[1] : "?"}; ${text.length} chars`;
    });
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");

    await check(`stride warning squiggle under ${STRIDE_EXPR}`, async () => {
      const squiggle = page.locator(".editor-instance .monaco-editor .squiggly-warning").first();
      await squiggle.waitFor({ state: "attached", timeout: 30_000 });
      // The squiggle must lie on the line of the stride-bound read.
      const line = viewLine(STRIDE_STMT);
      await line.scrollIntoViewIfNeeded();
      const lineBox = await line.boundingBox();
      const boxes = await page.locator(".editor-instance .monaco-editor .squiggly-warning").evaluateAll(
        (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { y: r.y, h: r.height, x: r.x, w: r.width }; }));
      const onLine = boxes.filter((b) => lineBox && Math.abs(b.y + b.h / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height / 2);
      assert(onLine.length > 0, `no warning squiggle on the line of ${STRIDE_EXPR} (${boxes.length} squiggles elsewhere)`);
      // ... and one of them must run under the expression itself (its text's box on screen).
      const expr = await line.evaluate((el, needle) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let all = "";
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
        // Monaco renders spaces as U+00A0.
        const at = all.replace(/\u00a0/g, " ").indexOf(needle);
        if (at < 0) return null;
        const locate = (i) => { for (const [n, s] of nodes) if (i <= s + n.data.length) return [n, i - s]; return null; };
        const range = document.createRange();
        range.setStart(...locate(at));
        range.setEnd(...locate(at + needle.length));
        const r = range.getBoundingClientRect();
        return { x: r.x, w: r.width };
      }, STRIDE_EXPR);
      assert(expr, `${STRIDE_EXPR} not found in the editor's line`);
      const under = onLine.filter((b) => b.x < expr.x + expr.w && b.x + b.w > expr.x
        && Math.abs(b.x - expr.x) < 4 && Math.abs(b.w - expr.w) < 8);
      assert(under.length > 0, `no squiggle spans ${STRIDE_EXPR} (x=${expr.x.toFixed(0)}, w=${expr.w.toFixed(0)}; `
        + `squiggles on the line: ${onLine.map((b) => `x=${b.x.toFixed(0)} w=${b.w.toFixed(0)}`).join(", ")})`);
      return `${onLine.length} on line ${STRIDE_LINE}, one spanning ${STRIDE_EXPR}`;
    });

    await check("Problems panel lists the LS001 stride warning from loopsmith", async () => {
      await page.keyboard.press("Control+Shift+M");
      const rows = page.locator(".markers-panel .monaco-list-row");
      const where = `[Ln ${STRIDE_LINE}, Col ${STRIDE_COL}]`;
      const row = rows.filter({ hasText: "LS001" }).filter({ hasText: where }).first();
      try {
        await row.waitFor({ timeout: 30_000 });
      } catch {
        const all = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
        throw new Error(`no LS001 row at ${where}; rows: ${JSON.stringify(all).slice(0, 600)}`);
      }
      const text = (await row.innerText()).replace(/\s+/g, " ").trim();
      await shot("problems.png");
      assert(/\bloopsmith\b/.test(text), `the LS001 row does not name its source loopsmith: ${text}`);
      assert(/stride/i.test(text), `the LS001 row does not speak of a stride: ${text}`);
      return `"${text.slice(0, 200)}"`;
    });
    await check("Show report opens the report view: roofline chart with the conv nest's point", async () => {
      await page.keyboard.press("Control+J"); // the panel down again: room for the view
      await viewLine(OUTER_LOOP).click();
      await runCommand("Loopsmith: Show report");
      const view = reportView();
      const point = view.locator('svg.roofline .point[data-nest="conv:27"]');
      await point.waitFor({ timeout: 30_000 });
      assert(await view.locator("svg.roofline .roof.compute").count() === 1, "no compute roof in the chart");
      const target = (await view.locator(".target").innerText()).replace(/\s+/g, " ");
      assert(target.includes("1 GHz, 1 MAC/cycle"), `the view names no target: ${target}`);
      const note = await view.locator(".chart-notes .note").first().innerText();
      assert(/no DRAM bandwidth/.test(note), `the view does not say the target has no DRAM bandwidth: ${note}`);
      const macs = await view.locator(".nest table.figures").first().innerText();
      assert(macs.includes(MACS), `the nest's figures do not read ${MACS} MACs: ${macs.slice(0, 200)}`);
      await shot("report.png");
      return `${target.trim()}; ${note.slice(0, 60)}`;
    });

    await check("the report view follows Select target: DRAM roof, per-level traffic, the rewrite's arrow", async () => {
      const t0 = Date.now();
      await runCommand("Loopsmith: Select target");
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: "Cortex-A53 (Raspberry Pi 3)" }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      const view = reportView();
      await view.locator(".target", { hasText: "Cortex-A53" }).waitFor({ timeout: 30_000 });
      await view.locator('svg.roofline .roof.bandwidth[data-roof="DRAM"]').waitFor({ state: "attached", timeout: 10_000 });
      const levels = await view.locator(".nest table.traffic tbody th").allInnerTexts();
      assert(levels.includes("L1") && levels.includes("L2"), `per-level traffic rows: ${levels.join(", ")}`);
      const refreshed = Date.now() - t0;
      // Pointing at a ranked rewrite shows its arrow; clicking keeps it.
      const offer = view.locator(".offer.has-arrow", { hasText: "Split the nest into 3 and reorder" }).first();
      await offer.click();
      const arrow = view.locator("svg.roofline .arrow.shown line");
      await arrow.waitFor({ timeout: 5_000 });
      const box = await arrow.boundingBox();
      assert(box && box.width + box.height > 10, `the arrow has no length: ${JSON.stringify(box)}`);
      // The view in the default dark theme (the first screenshot shows the light one).
      await runCommand("Preferences: Color Theme");
      const dark = page.locator(".quick-input-list .monaco-list-row", { hasText: /^Dark Modern/ }).first();
      await dark.waitFor({ timeout: 10_000 });
      await dark.click();
      await page.locator(".monaco-workbench.vs-dark").waitFor({ timeout: 10_000 });
      await view.locator(".offer.selected").first().hover();
      await shot("report-arrow.png");
      return `refreshed in ${refreshed} ms; arrow ${Math.round(box.width)}x${Math.round(box.height)} px`;
    });

    await check("the report view follows an edit: #define C 4 -> 8 doubles the MACs", async () => {
      const line = sampleLines.findIndex((l) => l.startsWith("#define C 4")) + 1;
      await viewLine("#define C 4").click();
      await goToLine(line, "#define C ".length + 1);
      await page.keyboard.press("Delete");
      await page.keyboard.type("8");
      const t0 = Date.now();
      await reportView().locator(".nest table.figures tr", { hasText: "MACs" }).filter({ hasText: "884,736" }).first()
        .waitFor({ timeout: 15_000 });
      return `MACs 884,736 in the view ${Date.now() - t0} ms after the keystroke`;
    });
  }
  await shot("final.png");
} catch (e) {
  results.push({ name: "harness", ok: false });
  console.log(`FAIL harness: ${e.stack ?? e}`);
  if (page) await shot("failure-harness.png");
} finally {
  await context?.close().catch(() => {});
  if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
for (const s of screenshots) console.log(`screenshot: ${s}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
exitCode = failed === 0 && passed > 0 ? 0 : 1;
process.exit(exitCode);
