// Browser benchmarks of the web build (Chromium, phone emulation), run by scripts/bench.sh. They print
// numbers and write them to $UNKNOT_BENCH_OUT/web.json; they assert nothing (goals are checked in the report).
//
//   node bench.mjs [timing] [startup] [memory]      (default: all three)
//   node bench.mjs reanalyse                        (UNKNOT_BENCH_OUT: a saved run; its timing figures again)
//
//   timing   real clock, 4x CPU throttling, the pace cue on (dense cues), rest 2 s. Two sessions back to back:
//            "calm" (no stall) and "stalls" (a 300 ms main-thread stall every ~3 s). Each cue is judged as a
//            person perceives it: vibration as Chromium runs the recorded navigator.vibrate calls (W3C rules:
//            felt() in lib.mjs), sound at its heard instant (the scheduled audio time, on the page clock,
//            plus the AudioContext's reported outputLatency, reported separately), the flash at the frame
//            it is painted in (requestAnimationFrame after the cue bridge starts it on the flash overlay).
//            Beside each session,
//            in the same page and conditions, the countdown real timer apps use: setTimeout re-armed each
//            second, `remaining -= 1`. Also counts the app's timer callbacks (wake-ups) per second.
//   startup  navigation start -> the first screen painted: Home 10 loads, a first visit 15 (and each at 4x); the
//            bare hello-world's first heading likewise when its build is given.
//   memory   fake clock: 20 sessions back to back through the UI (no reloads), tapped by clicks the page
//            itself dispatches (not Playwright's locators, whose script runs in the heap measured); JS heap
//            (CDP Runtime.getHeapUsage after a forced GC) and wasm memory after the 1st, 10th and 20th; what
//            grew between them, from heap snapshots.
//
// Environment: UNKNOT_BENCH_OUT (dir for web.json), UNKNOT_BENCH_DIST (the app's dist, default dist/),
// UNKNOT_BENCH_HELLO_DIST (the hello-world's dist, optional), UNKNOT_BENCH_ROUTINES (timing: comma-separated
// routine ids, default "calves-ball,hamstrings-roller"), UNKNOT_BENCH_SESSIONS (memory: default 10).
import fs from "node:fs";
import path from "node:path";
import { serve, launch, PHONE, ROOT, DIST, FEEL, felt, heard, routineSteps, expectedCues, ownUnderstand } from "./lib.mjs";

const OUT = process.env.UNKNOT_BENCH_OUT;
const APP_DIST = process.env.UNKNOT_BENCH_DIST ?? DIST;
const HELLO_DIST = process.env.UNKNOT_BENCH_HELLO_DIST;
// The calm session's routine, then the stalled one's.
const ROUTINES = (process.env.UNKNOT_BENCH_ROUTINES ?? "calves-ball,hamstrings-roller").split(",");
const MEMORY_SESSIONS = Number(process.env.UNKNOT_BENCH_SESSIONS ?? 10);
const THROTTLE = 4;
const STALL_MS = 300;
// Not a whole number of seconds: cues fall on a 1 s grid (and halfway at .5 s), so a 3.000 s period would
// hit the same phase of every second each time (always or never a cue); 3.13 s sweeps the whole second.
const STALL_EVERY_MS = 3130;
const FRAME_MS = 1000 / 60;
const REST_SECS = 2;
const LOADS = 10;
// A first visit in a fresh browser context varies most from load to load (about 250-500 ms at 4x here):
// more of them, for a steadier median.
const FIRST_VISIT_LOADS = 15;

// ---------------------------------------------------------------------------------------------------------
// The page-side recorder (an init script, so it is in place before the app's code runs).
// ---------------------------------------------------------------------------------------------------------
const RECORDER = `
(() => {
  // The recorder's own clock reads use the original method, so they are not taken for the app's (see appNow).
  // (Under Playwright's fake clock, \`performance\` is replaced: there the recorder reads the page's clock.)
  const perfNow = Performance.prototype.now;
  const realPerformance = window.performance;
  const now = window.__fakeClock ? () => performance.now() : () => perfNow.call(realPerformance);
  const B = (window.__bench = { events: [], timers: [], naive: [], stalls: [], wasm: null, firstScreen: null, firstPaint: null, appScreen: null, appPaint: null, fcp: null, arm: null });
  // W3C Paint Timing's first contentful paint, the browser's own record of the first frame with content: a
  // cross-check of firstPaint where the first screen is the first content (a first visit).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint" && B.fcp === null) B.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
  const push = (list, x) => list.push(x);
  // The harness's own timers (stalls, naive countdowns) use these, so they are not counted as the app's.
  const setT = window.setTimeout, setI = window.setInterval, clearI = window.clearInterval;
  B.setTimeout = (...a) => setT.apply(window, a);
  B.setInterval = (...a) => setI.apply(window, a);
  B.clearInterval = (...a) => clearI.apply(window, a);
  const counted = (f) => function (...a) { push(B.timers, now()); return f.apply(this, a); };
  window.setTimeout = function (f, ...rest) { return setT.call(window, typeof f === "function" ? counted(f) : f, ...rest); };
  window.setInterval = function (f, ...rest) { return setI.call(window, typeof f === "function" ? counted(f) : f, ...rest); };

  // Vibration: the pattern as called; the analysis turns calls into buzzes.
  Navigator.prototype.vibrate = function (pattern) {
    push(B.events, { type: "vibrate", t: now(), pattern: Array.isArray(pattern) ? [...pattern] : [pattern] });
    return true;
  };
  // Sound: when a tone will sound on the audio clock, against the audio clock as the page itself read it just
  // before (cues.js computes start = currentTime + delay; the clock moves in render quanta, so reading it
  // again here could be a quantum later), with the output latency the context reports at that moment.
  const ctDesc = Object.getOwnPropertyDescriptor(BaseAudioContext.prototype, "currentTime");
  Object.defineProperty(BaseAudioContext.prototype, "currentTime", {
    configurable: true,
    enumerable: ctDesc.enumerable,
    get() { const v = ctDesc.get.call(this); this.__lastRead = { v, t: now() }; return v; },
  });
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (when = 0, ...rest) {
    const ac = this.context;
    const read = ac.__lastRead ?? { v: ctDesc.get.call(ac), t: now() };
    const ts = ac.getOutputTimestamp ? ac.getOutputTimestamp() : {};
    this.__rec = { type: "tone", t: read.t, called: now(), freq: this.frequency ? this.frequency.value : 0, when, ct: read.v,
      tsCt: ts.contextTime, tsPt: ts.performanceTime, outputLatency: ac.outputLatency ?? 0, baseLatency: ac.baseLatency ?? 0, state: ac.state };
    push(B.events, this.__rec);
    return start.call(this, when, ...rest);
  };
  const stop = AudioScheduledSourceNode.prototype.stop;
  AudioScheduledSourceNode.prototype.stop = function (...args) {
    if (args.length === 0 && this.__rec && this.__rec.when > ctDesc.get.call(this.context)) this.__rec.cancelled = true;
    return stop.apply(this, args);
  };
  // Flash: the frame that paints it. The cue bridge draws a flash on the player's overlay by changing its
  // data-beat (app.css shows nothing until then and fades each new beat); the observer sees that change, and
  // the next animation frame's timestamp is the start of the frame it is painted in. (Not under Playwright's
  // fake clock, whose fake requestAnimationFrame this chain stalls; the memory benchmark, which uses it, does
  // not measure timing.)
  if (!window.__fakeClock) new MutationObserver((records) => {
    for (const r of records) {
      const drawn = now();
      const cue = r.target.getAttribute("data-cue");
      // t: when the main thread starts that frame (style, layout and paint follow in the same task).
      requestAnimationFrame((frame) => push(B.events, { type: "flash", cue, inserted: drawn, frame, t: now() }));
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-beat"] });

  // The naive countdown real timer apps use (setTimeout re-armed each second), started in the same task as a
  // session (see the wake lock below).
  function naive(seconds, start) {
    const chained = { kind: "setTimeout", start, seconds, ticks: [] };
    let left = seconds;
    const tick = () => { left -= 1; chained.ticks.push(now()); if (left > 0) B.setTimeout(tick, 1000); };
    B.setTimeout(tick, 1000);
    B.naive.push(chained);
  }
  // The instant the app last read the clock (web-sys's Performance::now goes through this method): at the
  // wake-lock call, that is the conductor's start instant, the origin of every deadline.
  if (!window.__fakeClock) Performance.prototype.now = function () { const v = perfNow.call(this); B.appNow = v; return v; };
  // The runner takes the wake lock right after starting the engine (same task): that instant is the session's
  // start. A fake lock, as in the journeys (headless Chromium has no screen to keep awake).
  const fakeLock = {
    request: async (kind) => {
      const t = now();
      push(B.events, { type: "wake", t, appNow: B.appNow });
      if (B.arm) { naive(B.arm, t); B.arm = null; }
      return { released: false, addEventListener() {}, release: async function () { this.released = true; push(B.events, { type: "wake-release", t: now() }); } };
    },
  };
  Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true, get: () => fakeLock });

  // The wasm instance (its memory), whichever way wasm-bindgen instantiates it.
  const keep = (r) => { B.wasm = r && r.instance ? r.instance : r; return r; };
  const iS = WebAssembly.instantiateStreaming;
  if (iS) WebAssembly.instantiateStreaming = function (...a) { return iS.apply(this, a).then(keep); };
  const iN = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { return iN.apply(this, a).then(keep); };

  // First screen: the first visible level-1 heading with the expected text (set by the harness before
  // navigating), in the DOM (firstScreen) and painted (firstPaint: a message posted from the next animation
  // frame's callback is handled once that frame, which holds the heading, has been drawn). On a first visit
  // the page may draw it itself before the app has loaded (web/index.html, inside .before-app); the app's own
  // heading, the moment it has taken over, is timed apart (appScreen, appPaint). Elsewhere the two are one.
  const want = () => window.__benchHeading || sessionStorage.getItem("bench.heading") || "Unknot";
  const painted = (key) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { B[key] = now(); };
    ch.port2.postMessage(0);
  });
  const mo = new MutationObserver(() => {
    for (const h of document.querySelectorAll("h1")) {
      if (h.textContent.trim() !== want() || !h.checkVisibility()) continue;
      if (B.firstScreen === null) { B.firstScreen = now(); painted("firstPaint"); }
      if (B.appScreen === null && !h.closest(".before-app")) { B.appScreen = now(); painted("appPaint"); }
    }
    if (B.appScreen !== null) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, characterData: true });
})();
`;

// ---------------------------------------------------------------------------------------------------------
// Plans: the cue timeline the product promises (expectedCues() in lib.mjs, shared with the journeys).
// ---------------------------------------------------------------------------------------------------------
function routine(id) {
  const text = fs.readFileSync(path.join(ROOT, "content/routines", `${id}.toml`), "utf8");
  return { id, name: text.match(/^name = "(.*)"$/m)[1], steps: routineSteps(id) };
}

// ---------------------------------------------------------------------------------------------------------
// Turning recorded calls into perceived cue instants.
// ---------------------------------------------------------------------------------------------------------
/** Ticks before a step and before the end of a side share a feel and a class. */
const cueClass = (cue) => (cue === "get-ready" || cue === "end-tick" ? "tick" : cue);
/** A felt shape's cue class, by the product's table (FEEL in lib.mjs). */
function feltClass(shape) {
  const hit = Object.entries(FEEL).find(([, want]) => want.length === shape.length && want.every((v, i) => Math.abs(v - shape[i]) <= 1));
  return hit ? cueClass(hit[0]) : `unknown ${shape.join(",")}`;
}

/** The sound of each cue at its heard instant on the page clock: scheduled audio time + reported output latency. */
function heardSounds(events) {
  const tones = events.filter((e) => e.type === "tone").map((e) => ({
    ...e,
    // The page's own reading: `when` is (when - currentTime) after the instant it read currentTime.
    scheduled: e.t + Math.max(0, (e.when - e.ct) * 1000),
  })).map((e) => ({ ...e, heard: e.scheduled + e.outputLatency * 1000 }));
  const byHeard = new Map(tones.map((e) => [e.heard, e]));
  return heard(tones).map((h) => {
    const e = byHeard.get(h.t);
    // Cross-check: getOutputTimestamp maps context time to the performance time its sample is presented.
    const viaOutputTimestamp = e.tsPt ? e.tsPt + (e.when - e.tsCt) * 1000 : null;
    return { t: h.t, kind: cueClass(h.cue), latency: e.outputLatency * 1000, scheduled: e.scheduled, viaOutputTimestamp };
  });
}

/**
 * Pairs planned cues with perceived ones: each perceived cue goes to the nearest planned cue of its class
 * (within 1.5 s, the engine's late-cue limit); a planned cue takes the closest of those it got. Planned cues
 * that got none are missed (lost); perceived ones left over are extra (e.g. a cue played twice).
 */
function match(planned, actual) {
  const got = planned.map(() => []);
  let extra = 0;
  for (const a of actual) {
    let best = -1;
    planned.forEach((c, i) => {
      if (a.kind !== cueClass(c.cue) || Math.abs(a.t - c.deadline) > 1500) return;
      if (best < 0 || Math.abs(a.t - c.deadline) < Math.abs(a.t - planned[best].deadline)) best = i;
    });
    if (best < 0) extra++;
    else got[best].push(a);
  }
  const pairs = [];
  let missed = 0;
  planned.forEach((c, i) => {
    if (!got[i].length) { missed++; return; }
    got[i].sort((x, y) => Math.abs(x.t - c.deadline) - Math.abs(y.t - c.deadline));
    extra += got[i].length - 1;
    const a = got[i][0];
    pairs.push({ cue: c.cue, at: c.at, deadline: c.deadline, t: a.t, err: a.t - c.deadline, src: a });
  });
  return { pairs, missed, extra };
}

function pct(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1];
}
const r3 = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);
/** Lateness figures of signed errors (positive = late): p50 / p99 / max of the lateness, and the signed range. */
function summary(errors) {
  return {
    n: errors.length,
    p50_ms: r3(pct(errors, 0.5)), p99_ms: r3(pct(errors, 0.99)), max_ms: r3(errors.length ? Math.max(...errors) : null),
    min_ms: r3(errors.length ? Math.min(...errors) : null),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers to drive the app.
// ---------------------------------------------------------------------------------------------------------
const tab = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });

async function acceptSafety(page) {
  const gate = ownUnderstand(page);
  const home = page.getByRole("heading", { name: "Unknot", level: 1 });
  await Promise.race([gate.waitFor(), home.waitFor()]);
  if (await gate.count()) await gate.tap();
  await home.waitFor();
}

/** Routines tab -> the routine's page -> Start, all inside the app (no reload). */
async function startRoutine(page, r) {
  await tab(page, "Routines").tap();
  await page.getByRole("link", { name: new RegExp(r.name) }).first().tap();
  await page.getByRole("heading", { name: r.name }).waitFor();
  await page.getByRole("button", { name: `Start ${r.name}` }).tap();
  await page.getByText("Get ready").first().waitFor();
}

// For the memory benchmark: only the wasm instance (its memory). The recorder's wrappers around timers, audio
// and vibration would run in the page it measures, and V8 compiles them into the heap as they get hot.
const WASM_ONLY = `
(() => {
  const B = (window.__bench = { wasm: null });
  const keep = (r) => { B.wasm = r && r.instance ? r.instance : r; return r; };
  const iS = WebAssembly.instantiateStreaming;
  if (iS) WebAssembly.instantiateStreaming = function (...a) { return iS.apply(this, a).then(keep); };
  const iN = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { return iN.apply(this, a).then(keep); };
})();
`;

async function newContext(browser, { clock = false, recorder = true } = {}) {
  const context = await browser.newContext(PHONE);
  // Before the recorder: under the fake clock it leaves out what only the real-clock timing needs.
  if (clock) await context.addInitScript("window.__fakeClock = true;");
  await context.addInitScript(recorder ? RECORDER : WASM_ONLY);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (process.env.UNKNOT_BENCH_DEBUG) page.on("console", (m) => console.log("page:", m.text().slice(0, 300)));
  if (clock) await page.clock.install({ time: new Date("2026-11-20T18:00:00Z").getTime() });
  return { context, page, errors };
}

// ---------------------------------------------------------------------------------------------------------
// 1 + 6. Cue timing as perceived, calm and under stalls; the naive countdown; wake-ups.
// ---------------------------------------------------------------------------------------------------------
async function timing(browser, server) {
  const { context, page, errors } = await newContext(browser);
  const cdp = await context.newCDPSession(page);
  await page.goto(server.url + "/");
  await acceptSafety(page);
  // Short rest between steps and the pace cue on both channels (Settings), so the plan is dense with cues.
  await tab(page, "Settings").tap();
  const less = page.getByRole("button", { name: "Less Rest between steps" });
  const value = page.getByRole("group", { name: "Rest between steps" }).locator("output");
  for (let i = 0; i < 30 && (await value.textContent()).trim() !== `${REST_SECS} s`; i++) await less.tap();
  if ((await value.textContent()).trim() !== `${REST_SECS} s`) throw new Error("could not set the rest time");
  await page.getByRole("group", { name: "Pace cue" }).getByRole("button", { name: "Both" }).tap();
  await tab(page, "Home").tap();
  await page.getByRole("heading", { name: "Unknot", level: 1 }).waitFor();
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });

  const sessions = [];
  for (const [i, id] of ROUTINES.entries()) {
    const phase = i === 0 ? "calm" : "stalls";
    if (phase === "stalls") {
      await page.evaluate(({ stall, every }) => {
        const B = window.__bench;
        B.setInterval(() => {
          const s = performance.now();
          while (performance.now() - s < stall) { /* a stalled main thread */ }
          B.stalls.push([s, performance.now()]);
        }, every);
      }, { stall: STALL_MS, every: STALL_EVERY_MS });
    }
    const r = routine(id);
    const plan = expectedCues(r.steps, { rest: REST_SECS, pace: true });
    const from = await page.evaluate(() => performance.now());
    await page.evaluate((secs) => { window.__bench.arm = secs; }, plan.total / 1000);
    await startRoutine(page, r);
    console.log(`timing (${phase}): ${r.name}: ${plan.total / 1000} s, ${plan.cues.length} cues (${THROTTLE}x throttling${phase === "stalls" ? `, ${STALL_MS} ms stall every ${STALL_EVERY_MS / 1000} s` : ""})`);
    await page.getByRole("heading", { name: "Done" }).waitFor({ timeout: plan.total + 60_000 });
    // Let the naive countdown finish too (it can be seconds behind).
    await page.waitForFunction(() => window.__bench.naive.every((n) => n.ticks.length >= n.seconds), null, { timeout: 120_000, polling: 500 })
      .catch(() => console.log("timing: the naive countdown did not finish within 2 min"));
    sessions.push({ id, phase, name: r.name, plan, from });
    await page.getByRole("link", { name: "Back to home" }).tap();
    await page.getByRole("heading", { name: "Unknot", level: 1 }).waitFor();
  }
  const B = await page.evaluate(() => {
    const b = window.__bench;
    return { events: b.events, timers: b.timers, naive: b.naive, stalls: b.stalls };
  });
  if (OUT) fs.writeFileSync(path.join(OUT, "web-timing-raw.json"), JSON.stringify({ sessions, ...B }) + "\n");
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await context.close();
  return analyseTiming(sessions, B, errors);
}

/**
 * The timing figures from what the page recorded (`web-timing-raw.json`): also run on its own, from a saved
 * run, by `node bench.mjs reanalyse` (with UNKNOT_BENCH_OUT set), which replaces `timing` in that run's
 * web.json.
 */
function analyseTiming(sessions, B, errors) {
  // Per session: its start (the wake-lock call in the conductor's start task), then its cues on each channel.
  const wakes = B.events.filter((e) => e.type === "wake");
  const buzzes = felt(B.events).map((b) => ({ t: b.t, kind: feltClass(b.shape), shape: b.shape }));
  const sounds = heardSounds(B.events);
  const flashes = B.events.filter((e) => e.type === "flash").map((e) => ({ t: e.t, kind: e.cue, inserted: e.inserted }));
  // The stall covering an instant, if any: nothing on the main thread can happen before it ends.
  const coveringStallEnd = (t) => B.stalls.find(([s, e]) => s <= t && t < e)?.[1] ?? null;
  const phases = {};
  let timerCount = 0, runningMs = 0;
  const latencies = [];
  sessions.forEach((s, i) => {
    const wake = wakes.find((w) => w.t >= s.from);
    const start = wake.t;
    const next = i + 1 < sessions.length ? wakes.find((w) => w.t >= sessions[i + 1].from).t : Infinity;
    // The conductor's start instant is the app's last clock read before the wake-lock call (same step); the
    // engine's clock is whole milliseconds (Mono = floor(performance.now())), and so are its deadlines.
    const base = Math.floor(wake.appNow ?? start);
    const planned = s.plan.cues.map((c) => ({ ...c, deadline: base + c.at }));
    const inRange = (x) => x.t >= start - 5 && x.t < Math.min(next, base + s.plan.total + 5000);
    const row = { routine: s.id, seconds: s.plan.total / 1000, cues: planned.length };

    // Vibration: lost, early, late; under stalls, lateness beyond the end of the stall covering the instant.
    const v = match(planned, buzzes.filter(inRange));
    const beyond = v.pairs.map((p) => p.t - Math.max(p.deadline, coveringStallEnd(p.deadline) ?? p.deadline));
    // A cue under a stall, its lateness beyond the stall's end split in two: until the first of the page's
    // timer callbacks after the stall starts (the app's and its cue bridge's; the harness's own are not
    // counted) — the browser's part — and from there to the call — the page's.
    const afterStall = v.pairs.filter((p) => coveringStallEnd(p.deadline) !== null).map((p) => {
      const stallEnd = coveringStallEnd(p.deadline);
      const first = B.timers.find((t) => t >= stallEnd) ?? p.t;
      return { firstMs: first - stallEnd, callMs: p.t - first };
    });
    row.vibration = {
      lost: v.missed, extra: v.extra, early: v.pairs.filter((p) => p.err < -1).length, ...summary(v.pairs.map((p) => p.err)),
      beyond_stall_end: summary(beyond), covered_by_a_stall: afterStall.length,
      after_stall: { first_timer_callback_ms: summary(afterStall.map((a) => a.firstMs)), call_after_it_ms: summary(afterStall.map((a) => a.callMs)) },
    };
    // Sound: heard instant − deadline − reported output latency; the latency on its own.
    const a = match(planned, sounds.filter(inRange));
    latencies.push(...a.pairs.map((p) => p.src.latency));
    row.sound = {
      lost: a.missed, extra: a.extra, ...summary(a.pairs.map((p) => p.err - p.src.latency)),
      output_latency_ms: r3(pct(a.pairs.map((p) => p.src.latency), 0.5)),
      via_output_timestamp: summary(a.pairs.filter((p) => p.src.viaOutputTimestamp !== null).map((p) => p.src.viaOutputTimestamp - p.deadline)),
    };
    // Flash: the frame it is painted in − deadline (only start, switch and done flash).
    const flashPlanned = planned.filter((c) => ["start", "switch", "done"].includes(c.cue));
    const fl = match(flashPlanned, flashes.filter(inRange));
    row.flash = { lost: fl.missed, extra: fl.extra, ...summary(fl.pairs.map((p) => p.err)), frame_ms: r3(FRAME_MS) };
    row.done_ms = { vibration: r3(v.pairs.find((p) => p.cue === "done")?.err), sound: r3(a.pairs.find((p) => p.cue === "done")?.err - (a.pairs.find((p) => p.cue === "done")?.src.latency ?? 0)) };
    // The naive countdown started by the same wake-lock call.
    const run = B.naive.find((n) => Math.abs(n.start - start) < 1);
    if (run) {
      const errs = run.ticks.map((t, k) => t - (run.start + 1000 * (k + 1)));
      row.naive_setTimeout = { ticks: run.ticks.length, ...summary(errs), end_drift_ms: run.ticks.length === run.seconds ? r3(errs[errs.length - 1]) : null };
    }
    const end = base + s.plan.total;
    const fired = B.timers.filter((t) => t >= start && t <= end).length;
    timerCount += fired;
    runningMs += end - start;
    row.wakeups_per_s = r3(fired / ((end - start) / 1000));
    row.stalls = B.stalls.filter(([t]) => t >= start && t <= end).length;
    phases[s.phase] = row;
  });
  const result = {
    conditions: { throttle: THROTTLE, stall_ms: STALL_MS, stall_every_ms: STALL_EVERY_MS, rest_secs: REST_SECS, pace: "both", routines: ROUTINES },
    phases,
    output_latency_ms: { p50: r3(pct(latencies, 0.5)), min: r3(Math.min(...latencies)), max: r3(Math.max(...latencies)) },
    wakeups: { per_s: r3(timerCount / (runningMs / 1000)), callbacks: timerCount, seconds: runningMs / 1000 },
    page_errors: errors,
  };
  console.log("timing:", JSON.stringify(result, null, 1));
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// 3. Navigation -> first screen.
// ---------------------------------------------------------------------------------------------------------
/**
 * Resolves once `expression` is true in the page, asked over raw CDP (`Runtime.evaluate`) every 20 ms. Not
 * Playwright's `waitForFunction`: that first puts Playwright's injected script into the page, and compiling
 * and running it took 36-113 ms of the main thread at 4x throttling in the middle of the load being timed
 * (between the page's first script and its parsing going on; CDP traces, issue #16).
 */
async function until(cdp, expression, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { result } = await cdp.send("Runtime.evaluate", { expression: `Boolean(${expression})`, returnByValue: true });
    if (result.value === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A first visit in a new tab, FIRST_VISIT_LOADS times: each in a new browser context (no cache, no storage, no service
 * worker), the CPU throttled before navigating. Navigation start -> `heading` in the DOM and painted.
 */
async function firstVisit(browser, url, heading, { throttle = 1 } = {}) {
  const dom = [];
  const paint = [];
  const app = [];
  const fcp = [];
  for (let i = 0; i < FIRST_VISIT_LOADS; i++) {
    const { context, page } = await newContext(browser);
    await context.addInitScript(`window.__benchHeading = ${JSON.stringify(heading)};`);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    await page.goto(url, { waitUntil: "commit" });
    await until(cdp, "window.__bench && window.__bench.appPaint !== null && window.__bench.fcp !== null");
    const t = await page.evaluate(() => [window.__bench.firstScreen, window.__bench.firstPaint, window.__bench.appPaint, window.__bench.fcp]);
    dom.push(t[0]);
    paint.push(t[1]);
    app.push(t[2]);
    // Counted only where the first contentful paint came after the heading was added (it holds it).
    fcp.push(t[3] >= t[0] ? t[3] : null);
    await context.close();
  }
  const r = (x) => Math.round(x * 10) / 10;
  return {
    median_ms: r(pct(paint, 0.5)), dom_median_ms: r(pct(dom, 0.5)), min_ms: r(Math.min(...paint)), max_ms: r(Math.max(...paint)),
    loads: paint.map(r), dom_loads: dom.map(r), throttle,
    // The app's own first screen painted (it has started and a tap is its own): after the page's, if it drew one.
    app_median_ms: r(pct(app, 0.5)), app_max_ms: r(Math.max(...app)), app_loads: app.map(r),
    // W3C Paint Timing: the first contentful paint, in the loads where it holds the heading.
    fcp_median_ms: fcp.every((x) => x !== null) ? r(pct(fcp, 0.5)) : null, fcp_loads: fcp.map((x) => (x === null ? null : r(x))),
  };
}

async function firstScreen(browser, url, heading, { throttle = 1, prepare } = {}) {
  const { context, page } = await newContext(browser);
  await page.goto(url);
  await page.evaluate((h) => sessionStorage.setItem("bench.heading", h), heading);
  if (prepare) await prepare(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  const times = [];
  const dom = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(url, { waitUntil: "commit" });
    await until(cdp, "window.__bench && window.__bench.firstPaint !== null");
    const t = await page.evaluate(() => [window.__bench.firstScreen, window.__bench.firstPaint]);
    dom.push(t[0]);
    times.push(t[1]);
  }
  // How much the first screen holds, once it has settled.
  await page.waitForTimeout(500);
  const elements = await page.evaluate(() => document.querySelectorAll("#main *").length);
  await context.close();
  const r = (x) => Math.round(x * 10) / 10;
  return { median_ms: r(pct(times, 0.5)), dom_median_ms: r(pct(dom, 0.5)), min_ms: r(Math.min(...times)), max_ms: r(Math.max(...times)), loads: times.map(r), dom_loads: dom.map(r), throttle, elements };
}

async function startup(browser, server, hello) {
  const out = {};
  out.app = await firstScreen(browser, server.url + "/", "Unknot", { prepare: acceptSafety });
  out.app_throttled = await firstScreen(browser, server.url + "/", "Unknot", { throttle: THROTTLE, prepare: acceptSafety });
  // A first visit opens on the safety notes.
  out.app_first_visit = await firstVisit(browser, server.url + "/", "Before you start");
  out.app_first_visit_throttled = await firstVisit(browser, server.url + "/", "Before you start", { throttle: THROTTLE });
  if (hello) {
    out.hello_first_visit = await firstVisit(browser, hello.url + "/", "Hello, world!");
    out.hello_first_visit_throttled = await firstVisit(browser, hello.url + "/", "Hello, world!", { throttle: THROTTLE });
    out.hello = await firstScreen(browser, hello.url + "/", "Hello, world!");
    out.hello_throttled = await firstScreen(browser, hello.url + "/", "Hello, world!", { throttle: THROTTLE });
  }
  console.log("startup:", JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.median_ms]))));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// 7. Memory after 10 sessions back to back (fake clock, so they take seconds).
// ---------------------------------------------------------------------------------------------------------
async function heapSnapshot(cdp) {
  const chunks = [];
  const on = (e) => chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", on);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", on);
  const snap = JSON.parse(chunks.join(""));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [ti, ni, si] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const by = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + ti]];
    const name = type === "string" || type === "concatenated string" || type === "sliced string" ? "" : snap.strings[snap.nodes[i + ni]].slice(0, 50);
    const key = `${type}: ${name}`;
    const c = by.get(key) ?? { n: 0, bytes: 0 };
    c.n += 1;
    c.bytes += snap.nodes[i + si];
    by.set(key, c);
  }
  return by;
}

/** What grew between two heap snapshots: by kind (V8 code, browser objects, JS objects) and the top entries. */
function heapGrowth(a, b) {
  const kind = (key) => (key.startsWith("code:") ? "v8_code" : key.startsWith("native:") ? "browser_native" : "js_objects");
  const totals = { v8_code: 0, browser_native: 0, js_objects: 0 };
  const rows = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? { n: 0, bytes: 0 };
    const y = b.get(key) ?? { n: 0, bytes: 0 };
    totals[kind(key)] += y.bytes - x.bytes;
    rows.push({ key, count: y.n - x.n, bytes: y.bytes - x.bytes });
  }
  rows.sort((p, q) => q.bytes - p.bytes);
  return { by_kind_bytes: totals, top: rows.slice(0, 12) };
}

async function memory(browser, server) {
  const { context, page, errors } = await newContext(browser, { clock: true, recorder: false });
  await page.goto(server.url + "/");
  await acceptSafety(page);
  await page.clock.pauseAt(new Date("2026-11-20T18:01:00Z").getTime());
  const cdp = await context.newCDPSession(page);
  const measure = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(() => window.__bench.wasm.exports.memory.buffer.byteLength);
    const dom = await cdp.send("Memory.getDOMCounters");
    return { js_heap_used: heap.usedSize, js_heap_total: heap.totalSize, wasm_memory: wasm, js_event_listeners: dom.jsEventListeners, dom_nodes: dom.nodes };
  };
  const r = routine("upper-back-roller");
  const plan = expectedCues(r.steps);
  const points = { before: await measure() };
  const snaps = {};
  // The sessions are driven by clicks the page dispatches on the app's own links and buttons (what a tap
  // ends in for the app: its handlers are click handlers), and by checks of the page's text: Playwright's
  // locators run its injected script in the page's V8 isolate, whose compiled code then grows in the heap
  // measured here (side by side, issue #16: 10 -> 20 grew 2.13-2.15% with locators, 0.96-1.16% this way).
  // The script of each call is the same every time, so V8 compiles it once.
  const click = async (selector, text) => {
    const found = await page.evaluate(([selector, text]) => {
      const el = [...document.querySelectorAll(selector)].find((e) => e.textContent.includes(text) || e.getAttribute("aria-label") === text);
      if (el) el.click();
      return !!el;
    }, [selector, text]);
    if (!found) throw new Error(`memory: nothing to click: ${selector} "${text}"`);
  };
  const shown = async (selector, text) => {
    for (let i = 0; i < 250; i++) {
      if (await page.evaluate(([selector, text]) => [...document.querySelectorAll(selector)].some((e) => e.textContent.includes(text)), [selector, text])) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`memory: never shown: ${selector} "${text}"`);
  };
  // Twice the sessions the goal asks about: whether the growth levels off is part of the answer.
  const total = MEMORY_SESSIONS * 2;
  for (let i = 1; i <= total; i++) {
    await click("nav a", "Routines");
    await shown("a", r.name);
    await click("a", r.name);
    await shown("h1", r.name);
    await click("button", `Start ${r.name}`);
    await shown("h1", "Get ready");
    await page.clock.runFor(plan.total + 500);
    await shown("h1, h2", "Done");
    await click("a", "Back to home");
    await shown("h1", "Unknot");
    await page.clock.runFor(5000);
    if (i === 1 || i === MEMORY_SESSIONS || i === total) {
      points[`after_${i}`] = await measure();
      snaps[i] = await heapSnapshot(cdp);
    }
  }
  await context.close();
  const growth = (from, to, k) => Math.round(((points[to][k] - points[from][k]) / points[from][k]) * 10000) / 100;
  const goal = `after_${MEMORY_SESSIONS}`;
  const out = {
    routine: r.id,
    sessions: MEMORY_SESSIONS,
    points,
    growth_pct: { js_heap_used: growth("after_1", goal, "js_heap_used"), wasm_memory: growth("after_1", goal, "wasm_memory") },
    growth_pct_next: { js_heap_used: growth(goal, `after_${total}`, "js_heap_used"), wasm_memory: growth(goal, `after_${total}`, "wasm_memory") },
    heap_snapshot_growth: heapGrowth(snaps[1], snaps[MEMORY_SESSIONS]),
    // The goal's span: what still grows once the page has run a while.
    heap_snapshot_growth_next: heapGrowth(snaps[MEMORY_SESSIONS], snaps[total]),
    page_errors: errors,
  };
  console.log("memory:", JSON.stringify({ points, growth_pct: out.growth_pct, growth_pct_next: out.growth_pct_next, by_kind: out.heap_snapshot_growth.by_kind_bytes, by_kind_next: out.heap_snapshot_growth_next.by_kind_bytes }));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
const parts = process.argv.slice(2).length ? process.argv.slice(2) : ["timing", "startup", "memory"];
if (parts.includes("reanalyse")) {
  if (!OUT) throw new Error("reanalyse: set UNKNOT_BENCH_OUT to the run's results directory");
  const raw = JSON.parse(fs.readFileSync(path.join(OUT, "web-timing-raw.json"), "utf8"));
  const saved = JSON.parse(fs.readFileSync(path.join(OUT, "web.json"), "utf8"));
  saved.timing = analyseTiming(raw.sessions, raw, saved.timing?.page_errors ?? []);
  fs.writeFileSync(path.join(OUT, "web.json"), JSON.stringify(saved, null, 1) + "\n");
  console.log(`rewrote the timing figures in ${path.join(OUT, "web.json")}`);
  process.exit(0);
}
const server = await serve(APP_DIST);
const hello = HELLO_DIST ? await serve(HELLO_DIST) : null;
const browser = await launch();
const result = { chromium: browser.version(), phone: PHONE };
try {
  if (parts.includes("startup")) result.startup = await startup(browser, server, hello);
  if (parts.includes("memory")) result.memory = await memory(browser, server);
  if (parts.includes("timing")) result.timing = await timing(browser, server);
} finally {
  await browser.close();
  await server.close();
  await hello?.close();
}
if (OUT) {
  fs.writeFileSync(path.join(OUT, "web.json"), JSON.stringify(result, null, 1) + "\n");
  console.log(`wrote ${path.join(OUT, "web.json")}`);
}
