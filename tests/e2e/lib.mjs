// Shared by the journeys and the browser benchmarks: a static server for dist/ (with the single-page-app
// fallback), Chromium from Debian driven by playwright-core, and an init script that records every
// vibration, tone and wake-lock call the app makes.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(ROOT, "dist");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json" };

/** Serves dist/ on 127.0.0.1 (a secure context, so Wake Lock and IndexedDB behave as on a phone). */
export async function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, "pkg", "unknot_bg.wasm"))) {
    throw new Error(`no web build in ${dir}: run scripts/build-web.sh first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    // Client-side routes (/routines/x) get index.html, as a phone's webview would.
    if (!path.extname(file) || !fs.existsSync(file)) file = path.join(dir, "index.html");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  // Closing ends the browser's kept-alive connections too: the server is gone at once (the offline journey).
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

/** The app's own "I understand" on the safety notes, not the page's copy drawn before the app started on a
 * first visit (web/index.html), which the app hides the instant it draws its own: a tap aimed at that copy
 * can wait for a hidden button. */
export const ownUnderstand = (page) => page.locator("#main > .modal-backdrop").getByRole("button", { name: "I understand" });

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A browser profile kept on disk, to test data surviving a browser restart. */
export function launchPersistent(dir) {
  return chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, ...PHONE });
}

/**
 * Records cue side effects in window.__cues: {type: "vibrate"|"tone"|"say"|"flash"|"wake"|"wake-release", t, ...}.
 * The output devices are replaced by recorders that follow their specifications:
 * - navigator.vibrate(pattern) is recorded as called (the W3C rules are applied by felt() below);
 * - Web Audio: a recording AudioContext whose clock runs on the page's clock (performance.now, which
 *   Playwright's fake clock drives), so a tone's start(when) is heard at contextTime `when` + outputLatency,
 *   the same every run. A real AudioContext's clock runs on real time whatever the page clock does, which
 *   made the journeys' heard instants depend on how fast the machine was.
 * - the full-screen flash: the player's flash overlay starts a flash when its data-beat attribute changes
 *   (app.css shows nothing until then and fades each new beat); the flash is recorded when that happens, with
 *   the overlay's data-cue and the word it shows.
 */
export const RECORDER = `
  window.__cues = [];
  const rec = (e) => { const x = { ...e, t: performance.now() }; window.__cues.push(x); return x; };
  Navigator.prototype.vibrate = function (pattern) {
    rec({ type: "vibrate", pattern: Array.isArray(pattern) ? [...pattern] : [pattern] });
    return true;
  };
  const OUTPUT_LATENCY = 0.032; // what Chromium reported on this machine's (virtual) output; any value works
  class RecordingAudioContext {
    constructor() { this.__origin = performance.now(); this.state = "running"; this.destination = {}; this.outputLatency = OUTPUT_LATENCY; this.baseLatency = 0.005; }
    get currentTime() { return (performance.now() - this.__origin) / 1000; }
    resume() { this.state = "running"; return Promise.resolve(); }
    getOutputTimestamp() { return { contextTime: this.currentTime, performanceTime: performance.now() }; }
    createGain() { return { gain: { value: 1, setValueAtTime() {}, exponentialRampToValueAtTime() {}, linearRampToValueAtTime() {} }, connect: (n) => n }; }
    createOscillator() {
      const ac = this;
      return {
        type: "sine", frequency: { value: 440 }, connect: (n) => n,
        start(when = 0) {
          // Heard at its scheduled context time plus the output latency, on the page's clock.
          this.__rec = rec({ type: "tone", freq: this.frequency.value, when, heard: ac.__origin + (when + ac.outputLatency) * 1000, cue: this.__cue });
        },
        stop(when) {
          // stop() with no time, before the tone began: it is never heard (pause, skip, back, end).
          if (when === undefined && this.__rec && this.__rec.when > ac.currentTime) this.__rec.cancelled = true;
        },
      };
    }
  }
  window.AudioContext = RecordingAudioContext;
  window.webkitAudioContext = RecordingAudioContext;
  if (window.speechSynthesis) {
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u) => { rec({ type: "say", text: u.text }); try { speak(u); } catch (e) { /* no voice */ } };
  }
  const fakeLock = {
    request: async (kind) => {
      rec({ type: "wake", kind });
      const listeners = [];
      return {
        released: false,
        addEventListener: (ev, f) => listeners.push(f),
        release: async function () { this.released = true; rec({ type: "wake-release" }); listeners.forEach((f) => f()); },
      };
    },
  };
  Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true, get: () => fakeLock });
  new MutationObserver((records) => {
    for (const r of records) {
      const word = r.target.querySelector(".flash-word");
      rec({ type: "flash", cue: r.target.getAttribute("data-cue"), word: word ? word.textContent : "" });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-beat"] });
`;

/** The flashes seen on screen ({t, cue, word}), in order. */
export function flashed(recorded) {
  return recorded.filter((x) => x.type === "flash").map(({ t, cue, word }) => ({ t, cue, word }));
}

/** The words the product puts across a flash (PRODUCT.md "Cues": flash + "Switch"); the others have none. */
export const FLASH_WORD = { start: "", switch: "Switch", done: "" };

/**
 * The cue vocabulary as the product promises it (PRODUCT.md "Cues", issue #11): what each cue feels like
 * (buzz lengths and the pauses between them, ms) and the pitch its sound starts on (Hz). Written out here,
 * not read from the app, so a wrong table in the app fails the journeys.
 */
export const FEEL = {
  "get-ready": [60], "end-tick": [60], halfway: [150], start: [400],
  switch: [120, 120, 120], done: [150, 100, 150, 100, 300], pace: [30],
};
export const PITCH = { 1320: "get-ready", 1180: "end-tick", 660: "halfway", 880: "start", 990: "switch", 523: "done", 440: "pace" };

/**
 * What a person feels from the recorded navigator.vibrate calls, by the W3C Vibration API: a pattern's
 * entries alternate vibrate, pause, vibrate, … starting with a vibration (a zero vibration is nothing); a
 * new call cancels whatever is still playing or pending, including a buzz under way. Returns the buzzes
 * ({start, end}, ms on the page clock), then groups buzzes less than 200 ms apart into felt cues
 * ({t, shape: [on, off, on, …]}).
 */
export function felt(recorded) {
  let buzzes = [];
  for (const call of recorded.filter((x) => x.type === "vibrate")) {
    // Cancel: drop what had not begun, cut what was under way.
    buzzes = buzzes.filter((b) => b.start < call.t).map((b) => ({ ...b, end: Math.min(b.end, call.t) })).filter((b) => b.end > b.start);
    let at = call.t;
    call.pattern.forEach((ms, i) => {
      if (i % 2 === 0 && ms > 0) buzzes.push({ start: at, end: at + ms });
      at += ms;
    });
  }
  const cues = [];
  for (const b of buzzes.sort((a, b) => a.start - b.start)) {
    const last = cues[cues.length - 1];
    if (last && b.start - last.end < 200) {
      last.shape.push(b.start - last.end, b.end - b.start);
      last.end = b.end;
    } else {
      cues.push({ t: b.start, end: b.end, shape: [b.end - b.start] });
    }
  }
  return cues;
}

/**
 * Each cue's sound, from the recorded tones, at the instant it is heard (scheduled context time + output
 * latency). A cue is named by the pitch of its first tone; tones that follow within 500 ms of a cue's first
 * tone belong to it (the second beep of "switch", the rest of the "done" chime).
 */
export function heard(recorded, pitch = PITCH) {
  const out = [];
  const played = recorded.filter((x) => x.type === "tone" && !x.cancelled).sort((a, b) => a.heard - b.heard);
  for (const tone of played) {
    const prev = out[out.length - 1];
    const name = pitch[Math.round(tone.freq)];
    // A later tone of the same cue: an unnamed pitch (the chime's rest) or its own pitch again (two beeps).
    if (prev && tone.heard - prev.t < 500 && (name === undefined || name === prev.cue)) continue;
    out.push({ t: tone.heard, cue: name ?? `unknown ${tone.freq} Hz` });
  }
  return out;
}

/** Parses the few fields of a routine file the plan needs (the content files are simple, flat TOML). */
export function routineSteps(id) {
  const text = fs.readFileSync(path.join(ROOT, "content/routines", `${id}.toml`), "utf8");
  return text.split("[[step]]").slice(1).map((s) => ({
    title: s.match(/^title = "(.*)"$/m)[1],
    area: s.match(/^area = "(.*)"$/m)[1],
    sided: s.match(/^sides = "(.*)"$/m)[1] === "each",
    seconds: Number(s.match(/^seconds = (\d+)$/m)[1]),
    pace: Number(s.match(/^pace_secs = (\d+)$/m)?.[1] ?? 0),
  }));
}

/** What one side of an area is called in the player's words ("leg", "foot", "side"), from content/areas.toml. */
export function sideWord(area) {
  const text = fs.readFileSync(path.join(ROOT, "content/areas.toml"), "utf8");
  const block = text.split("[[area]]").find((b) => b.includes(`id = "${area}"`));
  return block.match(/^side_word = "(.*)"$/m)[1];
}

/**
 * The cue timeline the product promises (PRODUCT.md "Cues"), by default with the default settings: prep 10 s,
 * switch 5, rest 5, no pace cue. With `pace`, one mark every `pace_secs` of a work segment, except within
 * 700 ms of another cue of that side (so none is masked). Shared by the journeys and the benchmarks.
 */
export function expectedCues(steps, { prep = 10, sw = 5, rest = 5, pace = false } = {}) {
  const segs = [];
  let t = 0;
  const push = (kind, secs, extra = {}) => { segs.push({ kind, start: t, dur: secs * 1000, ...extra }); t += secs * 1000; };
  push("get-ready", prep);
  steps.forEach((s, i) => {
    if (i > 0 && rest > 0) push("rest", rest);
    if (s.sided) { push("work", s.seconds, { step: i }); push("switch", sw); push("work", s.seconds, { step: i }); }
    else push("work", s.seconds, { step: i });
  });
  const out = [];
  for (const g of segs) {
    const end = g.start + g.dur;
    if (g.kind === "work") {
      out.push({ at: g.start, cue: "start" });
      const half = g.start + g.dur / 2;
      if (g.dur >= 20000) out.push({ at: half, cue: "halfway" });
      const side = [g.start, end];
      if (g.dur >= 20000) side.push(half);
      for (const k of [3000, 2000, 1000]) if (g.dur >= 2 * k && end - k > half) { out.push({ at: end - k, cue: "end-tick" }); side.push(end - k); }
      const every = steps[g.step].pace * 1000;
      if (pace && every > 0) {
        for (let at = g.start + every; at < end; at += every) {
          if (side.every((o) => Math.abs(o - at) >= 700)) out.push({ at, cue: "pace" });
        }
      }
    } else {
      if (g.kind === "switch") out.push({ at: g.start, cue: "switch" });
      for (const k of [3000, 2000, 1000]) if (g.dur > k) out.push({ at: end - k, cue: "get-ready" });
    }
  }
  out.push({ at: t, cue: "done" });
  return { cues: out.sort((a, b) => a.at - b.at), total: t, segs };
}

