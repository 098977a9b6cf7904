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

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

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
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

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

/** Records cue side effects in window.__cues: {type: "vibrate"|"tone"|"wake"|"wake-release", ...}. */
export const RECORDER = `
  window.__cues = [];
  const rec = (e) => window.__cues.push({ ...e, t: performance.now() });
  Navigator.prototype.vibrate = function (pattern) {
    rec({ type: "vibrate", pattern: Array.isArray(pattern) ? pattern : [pattern] });
    return true;
  };
  // A tone records when it will sound: the call time plus its delay on the audio clock. Tones stopped before
  // they started (pause, skip, back) are marked cancelled.
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (when = 0, ...rest) {
    const delay = Math.max(0, (when - this.context.currentTime) * 1000);
    this.__rec = { type: "tone", freq: this.frequency ? this.frequency.value : 0, delay, when };
    rec(this.__rec);
    return start.call(this, when, ...rest);
  };
  const stop = AudioScheduledSourceNode.prototype.stop;
  AudioScheduledSourceNode.prototype.stop = function (...args) {
    if (args.length === 0 && this.__rec && this.__rec.when > this.context.currentTime) this.__rec.cancelled = true;
    return stop.apply(this, args);
  };
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
`;

/** Tone frequencies of each cue's sound (assets/cues.js), for turning recorded tones back into cues. */
export const TONES = { 1320: "get-ready", 880: "start", 660: "halfway", 990: "switch", 1180: "end-tick", 523: "done" };

/**
 * What actually buzzes, from the recorded navigator.vibrate calls: each call replaces whatever was still
 * pending, a pattern starts with a wait, and one call may carry several cues (separated by long pauses).
 * Returns [{ t, pattern }] with pattern in the app's per-cue form [0, on, off, on, ...].
 */
export function buzzes(recorded) {
  let events = [];
  for (const e of recorded.filter((x) => x.type === "vibrate")) {
    const p = e.pattern;
    // A new call cancels what has not started yet; a cue still buzzing is carried on by the new pattern's
    // first group, which then is its remainder, not a new cue.
    const playing = events.find((x) => x.t < e.t && x.t + x.pattern.reduce((a, b) => a + b, 0) > e.t);
    events = events.filter((x) => x.t < e.t);
    if (p.length === 1 && p[0] === 0) continue; // vibrate(0): cancel only
    let skipFirst = Boolean(playing);
    let t = e.t + p[0];
    let groupStart = t;
    let group = [];
    for (let j = 1; j < p.length; j++) {
      if (j % 2 === 0 && p[j] >= 200) {
        if (skipFirst) skipFirst = false;
        else events.push({ t: groupStart, pattern: [0, ...group] });
        t += p[j];
        groupStart = t;
        group = [];
      } else {
        group.push(p[j]);
        t += p[j];
      }
    }
    if (group.length && !skipFirst) events.push({ t: groupStart, pattern: [0, ...group] });
  }
  return events;
}

/**
 * Each cue's sound, from the recorded tones, with the instant it sounds. A cue's sound may be several tones
 * (assets/cues.js): "switch" is two 990 Hz beeps 200 ms apart, "done" a rising 523-659-784 Hz chime; the
 * later tones of those are folded into their cue.
 */
export function sounds(recorded, tones = TONES) {
  const out = [];
  const played = recorded
    .filter((x) => x.type === "tone" && !x.cancelled)
    .map((e) => ({ at: e.t + e.delay, freq: Math.round(e.freq) }))
    .sort((a, b) => a.at - b.at);
  for (const tone of played) {
    const prev = out[out.length - 1];
    if (tone.freq === 659 || tone.freq === 784) continue; // the rest of "done"
    if (tone.freq === 990 && prev && prev.cue === "switch" && Math.abs(tone.at - prev.t - 200) < 1) continue;
    out.push({ t: tone.at, cue: tones[tone.freq] ?? `unknown ${tone.freq} Hz` });
  }
  return out;
}

/** Parses the few fields of a routine file the plan needs (the content files are simple, flat TOML). */
export function routineSteps(id) {
  const text = fs.readFileSync(path.join(ROOT, "content/routines", `${id}.toml`), "utf8");
  return text.split("[[step]]").slice(1).map((s) => ({
    title: s.match(/^title = "(.*)"$/m)[1],
    sided: s.match(/^sides = "(.*)"$/m)[1] === "each",
    seconds: Number(s.match(/^seconds = (\d+)$/m)[1]),
  }));
}

/** The cue timeline the engine promises (PRODUCT.md "Cues"), default settings: prep 10 s, switch 5, rest 5. */
export function expectedCues(steps, { prep = 10, sw = 5, rest = 5 } = {}) {
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
      for (const k of [3000, 2000, 1000]) if (g.dur >= 2 * k && end - k > half) out.push({ at: end - k, cue: "end-tick" });
    } else {
      if (g.kind === "switch") out.push({ at: g.start, cue: "switch" });
      for (const k of [3000, 2000, 1000]) if (g.dur > k) out.push({ at: end - k, cue: "get-ready" });
    }
  }
  out.push({ at: t, cue: "done" });
  return { cues: out.sort((a, b) => a.at - b.at), total: t, segs };
}

