#!/usr/bin/env node
// Writes BENCHMARKS.md (to stdout) from the results scripts/bench.sh collected in one directory:
//   node scripts/bench-report.mjs <results dir> <run seconds> <load average at the end>
// Every number comes from those files; a goal is "pass" or "miss", and each miss carries the reason found.
import fs from "node:fs";
import path from "node:path";

const [dir, elapsedArg, loadEnd] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
const machine = read("machine.json");
const sizes = read("sizes.json");
const latency = read("journal_latency.json");
const native = read("native_timing.json");
const desktop = read("desktop.json");
const web = read("web.json");
// Desktop wake-ups (scripts/bench-wakeups.sh); absent from results collected before it existed.
const wake = fs.existsSync(path.join(dir, "wakeups.json")) ? read("wakeups.json") : null;

// criterion: every benchmark.json under criterion/**/new, by its id.
const crit = {};
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name === "benchmark.json" && path.basename(path.dirname(p)) === "new") {
      const id = JSON.parse(fs.readFileSync(p, "utf8")).full_id;
      const est = JSON.parse(fs.readFileSync(path.join(path.dirname(p), "estimates.json"), "utf8"));
      const ms = (x) => x / 1e6;
      crit[id] = { median: ms(est.median.point_estimate), lo: ms(est.median.confidence_interval.lower_bound), hi: ms(est.median.confidence_interval.upper_bound), mean: ms(est.mean.point_estimate) };
    }
  }
})(path.join(dir, "criterion"));

// ---- formatting ----
const f = (x, d = 1) => (x === null || x === undefined ? "n/a" : Number(x).toFixed(d));
const ms = (x, d = 1) => `${f(x, d)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const critMs = (id, d = 3) => (crit[id] ? `${f(crit[id].median, d)} ms (95% CI ${f(crit[id].lo, d)}–${f(crit[id].hi, d)})` : "n/a");
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const verdict = (ok) => (ok ? "pass" : "**miss**");

// ---- the figures ----
const T = web.timing;
const S = web.startup;
const M = web.memory;
const calm = T.phases.calm;
const stalled = T.phases.stalls;
const dApp = median(desktop.app.map((r) => r.drawn_ms));
const dHello = median(desktop.hello.map((r) => r.drawn_ms));
const rApp = median(desktop.app.map((r) => r.rss_kb));
const rHello = median(desktop.hello.map((r) => r.rss_kb));
const pApp = median(desktop.app.map((r) => r.pss_kb));
const pHello = median(desktop.hello.map((r) => r.pss_kb));
const startRatio = dApp / dHello;
const wApp = median(desktop.app.map((r) => r.window_ms ?? -1));
const wHello = median(desktop.hello.map((r) => r.window_ms ?? -1));
const sApp = median(desktop.app.map((r) => r.styled_ms ?? -1));
const rssRatio = rApp / rHello;
const heapGrowth = M.growth_pct.js_heap_used;
const wasmGrowth = M.growth_pct.wasm_memory;
const pageFirst = crit["journal/notes_page_first_50_of_10k"];
const pageLast = crit["journal/notes_page_last_50_of_10k"];
const trend = crit["journal/soreness_by_day_90d_of_10k"];
const content = crit["content/load_and_index"];

const rows = [];
const misses = [];
function row(n, figure, goal, measured, ok, reason) {
  rows.push(`| ${n} | ${figure} | ${goal} | ${measured} | ${ok === null ? "—" : verdict(ok)} |`);
  if (ok === false) misses.push({ n, figure, reason: reason ? reason() : "No reason was recorded for this miss." });
}

// 1. Cue timing in Chromium, as perceived, per channel.
const lostExtra = (c) => `${c.lost} lost, ${c.extra} extra`;
const cond = (ph) => `${ph.seconds} s \`${ph.routine}\`, ${ph.cues} cues, ${T.conditions.throttle}x CPU throttling${ph === stalled ? `, a ${T.conditions.stall_ms} ms main-thread stall every ${T.conditions.stall_every_ms / 1000} s (${ph.stalls} stalls)` : ", no stall"}`;
for (const [ph, name] of [[calm, "calm"], [stalled, "stalls"]]) {
  const sd = ph.sound;
  row("1", `Sound, heard (${cond(ph)}): heard instant − deadline − reported output latency, p50 / p99 / max`, "p99 ≤ 20 ms, none lost",
    `${ms(sd.p50_ms)} / ${ms(sd.p99_ms)} / ${ms(sd.max_ms)} (${sd.n} cues; ${lostExtra(sd)}); output latency ${ms(sd.output_latency_ms)} on top`,
    sd.p99_ms <= 20 && sd.lost === 0 && sd.extra === 0, () => `${name}: ${lostExtra(sd)}; see the details.`);
}
{
  const v = calm.vibration;
  row("1", `Vibration, felt as Chromium runs the recorded \`navigator.vibrate\` calls (${cond(calm)}): felt − deadline, p50 / p99 / max`, "0 lost, 0 early, ≤ 5 ms late",
    `${ms(v.p50_ms)} / ${ms(v.p99_ms)} / ${ms(v.max_ms)} (${v.n} cues; ${lostExtra(v)}, ${v.early} early)`,
    v.lost === 0 && v.extra === 0 && v.early === 0 && v.max_ms <= 5,
    () => `Calm vibration: ${lostExtra(v)}, ${v.early} early, worst ${ms(v.max_ms)} late. The call is made from the wake-up timer at the cue's instant; its lateness is the timer's and the step's.`);
  const w = stalled.vibration;
  row("1", `Vibration under stalls (${cond(stalled)}): felt − max(deadline, end of the stall covering it), p50 / p99 / max`, "0 lost, 0 early, ≤ 5 ms",
    `${ms(w.beyond_stall_end.p50_ms)} / ${ms(w.beyond_stall_end.p99_ms)} / ${ms(w.beyond_stall_end.max_ms)} (${w.n} cues, ${w.covered_by_a_stall} of them under a stall; ${lostExtra(w)}, ${w.early} early; felt − deadline p99 ${ms(w.p99_ms)}, max ${ms(w.max_ms)})`,
    w.lost === 0 && w.extra === 0 && w.early === 0 && w.beyond_stall_end.max_ms <= 5,
    () => `Under stalls: ${lostExtra(w)}, ${w.early} early; worst ${ms(w.beyond_stall_end.max_ms)} after the end of the stall covering its instant. A browser steps vibration from the main thread, so a stall delays the call by its own length${w.after_stall ? `. What is measured beyond it splits in two (the ${w.after_stall.first_timer_callback_ms.n} cues under a stall): from the stall's end to the first of the page's timer callbacks to run after it (the app's or its cue bridge's), ${ms(w.after_stall.first_timer_callback_ms.p50_ms)} median, ${ms(w.after_stall.first_timer_callback_ms.min_ms)}–${ms(w.after_stall.first_timer_callback_ms.max_ms)} — Chromium's, before any of the page's code can run — and from that callback's start to the \`navigator.vibrate\` call, at most ${ms(w.after_stall.call_after_it_ms.max_ms)} (the recorder's clock has 0.1 ms steps). The page's own part is nil: the cue is played by the first callback Chromium runs. In traces of the same page, stall and throttling (CDP tracing, issue #16) that first timer callback ran 0.9–1.6 ms after the stall's end, with nothing else between; what adds the 3–4 ms in this benchmark's page was not found. One candidate, read in Chromium's source (third_party/blink/renderer/platform/scheduler/public/thread_cpu_throttler.cc) and not measured: DevTools' CPU throttling signals the page's main thread every 200 µs, and its handler spins for 3x the time the thread ran since the last signal (up to 3 ms at 4x); so the browser's own work between the stall and the next task is stretched four times, in steps of up to 3 ms when the throttling thread is late on a busy machine` : "; what is measured beyond it is the app's own step after the stall"}.`);
  const fl = calm.flash;
  row("1", `Flash, painted (${cond(calm)}): the frame it is painted in − deadline, p50 / p99 / max`, `p99 ≤ 1 frame (${f(fl.frame_ms)} ms)`,
    `${ms(fl.p50_ms)} / ${ms(fl.p99_ms)} / ${ms(fl.max_ms)} (${fl.n} flashes; ${lostExtra(fl)})`, fl.p99_ms <= fl.frame_ms && fl.lost === 0,
    () => `Each flash is drawn by the cue bridge at its instant, from a timer handed over ahead, and painted in the next frame; that frame is late when it also carries the app's render of a new screen (the Done flash shares its frame with the Done screen's first render): ${lostExtra(fl)}, p99 ${ms(fl.p99_ms)}.`);
  const g = stalled.flash;
  row("1", `— flash under stalls: p50 / p99 / max`, "—", `${ms(g.p50_ms)} / ${ms(g.p99_ms)} / ${ms(g.max_ms)} (${lostExtra(g)})`, null);
}
for (const [ph, name] of [[calm, "calm"], [stalled, "stalls"]]) {
  const n = ph.naive_setTimeout;
  const appEnd = Math.max(Math.abs(ph.done_ms.vibration ?? 0), Math.abs(ph.done_ms.sound ?? 0), 1);
  row("1", `— end drift (${name}): the app's Done cue (vibration / sound) vs a naive countdown in the same page and conditions (\`setTimeout\` re-armed each second, \`remaining -= 1\`, as timer apps do)`, "—",
    `app ${ms(ph.done_ms.vibration)} / ${ms(ph.done_ms.sound)}; naive ${n ? (n.end_drift_ms === null ? "did not finish" : `${ms(n.end_drift_ms)} (${f(n.end_drift_ms / appEnd, 0)}x)`) : "n/a"}`, null);
}

row("2", `Native shell timing: a ${native.plan_s} s plan through \`platform::{now, sleep_until}\` + \`Session::{handle_timeout, poll_timeout}\` in a tokio multi-thread runtime, lateness per cue p50 / p99 (max)`,
  "p99 ≤ 5 ms", `${ms(native.cues.p50_ms, 2)} / ${ms(native.cues.p99_ms, 2)} (${ms(native.cues.max_ms, 2)}; ${native.cues.n} cues)`, native.cues.p99_ms <= 5,
  () => `The slowest cue was ${ms(native.cues.max_ms, 2)} late; see how measured.`);

// 3. Start-up.
row("3", "Content load + index at start-up (`Library::bundled()`: decode the content build.rs compiled, build the indexes; criterion median)", "≤ 0.05 ms",
  `${critMs("content/load_and_index", 4)} (parsing and validating the TOML instead, as the app did before: ${critMs("content/parse_toml_and_validate")})`, content && content.median <= 0.05);
const FV = S.app_first_visit;
const FVT = S.app_first_visit_throttled;
const paintVsDom = (x) => `painted ${ms(x.median_ms)}, in the DOM ${ms(x.dom_median_ms)}`;
// The browser's own record (W3C Paint Timing), where the first contentful paint held the first screen.
const fcpOf = (x) => (x && x.fcp_median_ms != null ? `; first contentful paint ${ms(x.fcp_median_ms)}` : "");
// A first visit's screen is first drawn by the page itself (web/index.html), then by the app once it has started.
const appTookOver = (x) => (x.app_median_ms !== undefined ? `; the app's own, started: painted ${ms(x.app_median_ms)} (max ${ms(x.app_max_ms)})` : "");
row("3", `Web, first visit in a new tab (fresh browser context: no cache, storage or service worker): navigation start → first screen (the safety notes) painted, median of ${FV.loads.length}, phone emulation`, "≤ 300 ms",
  `${paintVsDom(FV)} (min ${ms(FV.min_ms)}, max ${ms(FV.max_ms)})${fcpOf(FV)}${appTookOver(FV)}; hello-world ${S.hello_first_visit ? ms(S.hello_first_visit.median_ms) + fcpOf(S.hello_first_visit) : "n/a"}`, FV.median_ms <= 300);
row("3", "— the same with 4x CPU throttling (a mid-range phone)", "≤ 400 ms",
  `${paintVsDom(FVT)} (min ${ms(FVT.min_ms)}, max ${ms(FVT.max_ms)})${fcpOf(FVT)}${appTookOver(FVT)}; hello-world ${S.hello_first_visit_throttled ? ms(S.hello_first_visit_throttled.median_ms) + fcpOf(S.hello_first_visit_throttled) : "n/a"}`, FVT.median_ms <= 400,
  () => `A first visit's safety notes are drawn by the page itself, while it is parsed (so they are its first paint; a browser that has kept a journal is told by a localStorage marker the app sets), from a copy the app's code rendered at build time (examples/first_screen_html.rs; the same text and size, journey (s)), while the wasm loads and compiles; a tap on "I understand" there is taken by the app when it starts. "The app's own" is when the app has started and drawn them itself: per load ${(FVT.app_loads || []).join(", ")} ms. At 4x throttling the page spends most of that time compiling and first running the ${kb(sizes.web_app.raw)} wasm (Chromium compiles wasm functions lazily, on first call) and in the first render; the hello-world's ${kb(sizes.web_hello.raw)} paints at ${S.hello_first_visit_throttled ? ms(S.hello_first_visit_throttled.median_ms) : "n/a"}. Per load: ${FVT.loads.join(", ")} ms.`);
row("3", `Web, returning user (the tab navigates to the app again, warm cache): navigation start → Home painted, median of ${S.app.loads.length}; with 4x throttling`, "—",
  `${paintVsDom(S.app)}; 4x: ${paintVsDom(S.app_throttled)}`, null);
row("3", `Desktop (release builds, Xvfb): process start → content drawn, median of ${desktop.app.length} launches each, app / bare hello-world`, "≤ 1.1x",
  `${f(startRatio, 2)}x (${dApp} ms / ${dHello} ms; window mapped at ${wApp} / ${wHello} ms)`, startRatio <= 1.1, () =>
    `The app's first screen (Home) is drawn ${dApp - dHello} ms after the hello-world's. Both windows are mapped at about the same time (median ${wApp} ms for the app, ${wHello} ms for the hello-world), so loading the binary and creating the window are not the difference: the extra time is between the window appearing and its first frame with content. The journal is opened on its own thread from the start of \`main\`, while the window and WebKit's processes start, so the first render takes it ready (\`UNKNOT_TRACE=1\` prints the steps: the first render's own work is a few ms); what remains is WebKit's first style, layout and paint of a much larger first screen (Home: ${S.app.elements ?? "n/a"} elements in the web build, against ${S.hello?.elements ?? "n/a"} for the hello-world), against a few ms of Rust. The CPU time the process trees had used by their first frame (median): app ${median(desktop.app.map((r) => r.cpu_ms))} ms, hello-world ${median(desktop.hello.map((r) => r.cpu_ms))} ms, nearly all of the difference in WebKit's web process. A profile of it (perf, issue #16) put most of the difference in Skia's GPU raster on Mesa's software GL (llvmpipe): the app now paints on the CPU where there is no GPU (\`platform::prepare_webview\`), which cut its CPU to the first frame by about 75 ms. Then fontconfig: WebKitGTK looks a font up for every size and weight a page uses, each lookup about a hundred fontconfig matches (it weighs how strongly every family in fontconfig's substitution list is aliased), and it read \`system-ui\` as GTK's font, Cantarell, which is not installed here, so it rejected that answer and looked up the stylesheet's next family as well: 29 lookups for Home's first frame (counted with an LD_PRELOAD shim on fontconfig), against 2 for the hello-world. On Linux the page now names \`sans-serif\` (\`platform::PLATFORM_CSS\`) and the tab icons are drawn, not characters: 14 lookups, and the web process's CPU in fontconfig and libc up to the first frame fell from 39 to 18 ms (perf, six launches each; the hello-world's 6 ms). What remains is WebKit's style, layout and paint of a larger page, its 13 more font lookups, and the first edits' JavaScript. Leaving one thing out of the app at a time, before that font change, with the same 9 launches each beside the hello-world (issue #16, not part of this run; the app with everything gave 1.12-1.14x in those runs): Home with only its header (the tab bar still there) 1.00x; no stylesheet 1.09x; no body map 1.09x; every text at one font weight 1.12x; no cue bridge script 1.16x; no "Learn" list 1.16x: no one part held the difference. \`content-visibility: auto\` on Home's three lower cards (tried, not kept) saved nothing measurable: the web process's CPU to the first frame was the same within noise. Per launch, app: ${desktop.app.map((r) => r.drawn_ms).join(", ")} ms; hello-world: ${desktop.hello.map((r) => r.drawn_ms).join(", ")} ms.`);
// The same grab (scripts/firstdraw.c times content and stylesheet from the grab that showed each).
const unstyled = desktop.app.filter((r) => r.styled_ms < 0 || r.styled_ms > r.drawn_ms).length;
row("3", "Desktop: the first frame with content already has the app's stylesheet (no unstyled flash), launches", "every launch",
  `${desktop.app.length - unstyled} of ${desktop.app.length} (first content / styled, ms: ${desktop.app.map((r) => `${r.drawn_ms}/${r.styled_ms}`).join(", ")})`, unstyled === 0,
  () => `${unstyled} launch(es) showed content before the stylesheet.`);

// 4. Size.
const whole = sizes.web_app_whole;
row("4", "Web app as downloaded on a first visit (wasm after wasm-opt -Oz --converge + JS glue + page with its stylesheet): gzip -9 / brotli (raw)", "gzip ≤ 650 KB",
  `${kb(whole.gzip)} / ${kb(whole.brotli)} (${kb(whole.raw)}); the wasm alone ${kb(sizes.web_app.gzip)} / ${kb(sizes.web_app.brotli)} (${kb(sizes.web_app.raw)}); bare hello-world wasm ${kb(sizes.web_hello.gzip)} gzip (${kb(sizes.web_hello.raw)})`,
  whole.gzip <= 650 * 1024, sizeReason);
if (sizes.web_run_file) {
  row("4", "— the run-file module (the GPX and FIT parsers, crates/run-file), fetched the first time a run file is imported: gzip -9 / brotli (raw)", "—",
    `${kb(sizes.web_run_file.gzip)} / ${kb(sizes.web_run_file.brotli)} (${kb(sizes.web_run_file.raw)})`, null);
  row("4", "— everything the service worker keeps for offline use (every file of the build, icons included): gzip -9 / brotli (raw)", "—",
    `${kb(sizes.web_offline.gzip)} / ${kb(sizes.web_offline.brotli)} (${kb(sizes.web_offline.raw)})`, null);
}
row("4", "Desktop release binary, stripped (bare hello-world)", "—", `${mb(sizes.desktop_app.stripped)} (${mb(sizes.desktop_hello.stripped)})`, null);

// 5. Storage.
const L = latency;
row("5", "Save a note into a 10,000-note journal file (WAL, synchronous=FULL): p50 / p99 of 500 saves (criterion median)", "p99 ≤ 10 ms",
  `${ms(L.save_note.p50_ms, 3)} / ${ms(L.save_note.p99_ms, 3)} (${critMs("journal/save_note_into_10k")})`, L.save_note.p99_ms <= 10);
row("5", "History page of 50 among 10,000 notes, first page: criterion median (p99 of 500)", "≤ 2 ms",
  `${critMs("journal/notes_page_first_50_of_10k")} (p99 ${ms(L.notes_page_first.p99_ms, 3)})`, pageFirst && pageFirst.median <= 2);
row("5", "— the last page (keyset: `notes_page(50, cursor)` from the cursor the page before handed on): criterion median (p99 of 500; a random page p50 / p99)", "≤ 2 ms",
  `${critMs("journal/notes_page_last_50_of_10k")} (p99 ${ms(L.notes_page_last.p99_ms, 3)}; random ${ms(L.notes_page_random.p50_ms, 3)} / ${ms(L.notes_page_random.p99_ms, 3)})`,
  pageLast && pageLast.median <= 2, () => `The last page took ${ms(pageLast.median, 3)}; the first ${ms(pageFirst.median, 3)}.`);
row("5", "90-day soreness trend over 10,000 notes (`soreness_by_day`): criterion median (p99 of 200)", "≤ 10 ms",
  `${critMs("journal/soreness_by_day_90d_of_10k")} (p99 ${ms(L.soreness_by_day_90d.p99_ms, 3)})`, trend && trend.median <= 10);
row("5", "Export / import of 10,000 notes as JSON (import into an empty journal, one transaction)", "—",
  `${critMs("journal/export_json_10k", 1)} / ${critMs("journal/import_json_10k_into_empty", 1)}`, null);

// 6. Wake-ups.
row("6", `Wake-ups during a session (web build): the app's setTimeout/setInterval callbacks per second, over ${Math.round(T.wakeups.seconds)} s of running sessions`, "≤ 2 /s",
  `${f(T.wakeups.per_s, 2)} /s (${T.wakeups.callbacks} callbacks)`, T.wakeups.per_s <= 2);
// Per thread name (process / thread), the mean over the rounds of [idle, session, paused] per second.
const wakeThreads = wake ? Object.entries(wake.rounds.reduce((acc, r) => {
  for (const [name, rates] of Object.entries(r.threads)) acc[name] = (acc[name] ?? [0, 0, 0]).map((v, i) => v + rates[i] / wake.rounds.length);
  return acc;
}, {})).sort((a, b) => (b[1][1] - b[1][0]) - (a[1][1] - a[1][0])) : [];
const wakeTop = (n) => wakeThreads.slice(0, n).map(([name, [i, s]]) => `${name} +${f(s - i, 0)}`).join(", ");
if (wake) {
  row("6", `Wake-ups during a session (desktop, release build, Xvfb): voluntary context switches per second of the app and WebKit's processes, session − idle on Home, median of ${wake.rounds.length} rounds of ${wake.seconds} s`, "≤ 5 /s",
    `+${f(wake.added, 0)} /s (session ${f(wake.session, 0)} /s, idle ${f(wake.idle, 0)} /s, paused ${f(wake.paused, 0)} /s)${wake.floor ? `; floor: one line of text changing once a second in a bare Dioxus app +${f(wake.floor.added, 0)} /s` : ""}`, wake.added <= 5,
    () => `Paused, the player costs what idle Home does, so nothing on the page animates by itself; the extra is per tick and per cue. Largest additions (per second, mean of the rounds): ${wakeTop(8)}. WebKitGTK's GStreamer Web Audio source runs while the audio context does (about 900 wake-ups a second at 44.1 kHz, 330 at the 16 kHz the desktop now asks for; the bridge suspends it between cues, so it runs only around each cue), and every redraw of the countdown — at least one a second — costs WebKit a burst of frames: IPC (ReceiveQueue), its display-refresh monitor (VBlankMonitor, about 25 ticks after each change), the compositor and Mesa's llvmpipe threads (software GL on this machine), and the edit channel's WebSocket through WebKit's network process. ${wake.floor ? `The floor under any countdown, measured in this run: the bare hello-world changing one line of text once a second (\`examples/tick.rs\`, set up as the app sets up its webview) costs +${f(wake.floor.added, 0)} /s over the hello-world, which draws once and then stands still (${f(wake.floor.tick, 0)} /s against ${f(wake.floor.hello, 0)} /s, median of ${wake.floor.rounds.length} rounds; per round ${wake.floor.rounds.map((r) => `+${f(r.tick - r.hello, 0)}`).join(", ")}), about ${f(wake.floor.added / Math.max(wake.added, 1) * 100, 0)}% of the session's addition; its largest threads (last round): ${Object.entries(wake.floor.tick_threads).slice(0, 6).map(([n, v]) => `${n} ${f(v, 0)}`).join(", ")}. WebKit keeps its display link firing for 20 refreshes after the last frame anyone asked for (\`maxFireCountWithoutObservers\` in WebKit's UIProcess/DisplayLink.cpp), so each visible change costs a burst of display-refresh ticks however small it is: the goal of +5 /s is below what WebKitGTK allows a screen that changes once a second.` : "A bare 1 Hz text change on the idle Home screen measured about +100 /s on its own."} Measured by switching one thing off at a time (one round of 30 s each, issue #16; not part of this run): no sound at all −150 /s, no CSS animations at all −136 /s, of which the Start flash −107 /s and the countdown's pulses about −30 /s. Since then the flash's layers leave the page once faded (data-faded: a hidden full-screen blend layer had been composed into every later frame) the page is painted on the CPU where GL is Mesa's software renderer (Skia's GPU raster on llvmpipe woke its threads for every frame), and the audio context runs at 16 kHz (its GStreamer threads wake once per 128 frames: about 105 /s of them around the cues at the default rate, 38 /s at 16 kHz; the tones are sines of at most 1.4 kHz). What remains is kept on purpose: the countdown's change each second (Dioxus applies every edit batch in an animation frame, and WebKit then runs its display link for a burst of frames), the flash's 0.6 s fade and the 0.35 s pulse (cues the user sees), and the audio context running from 400 ms before each sounded cue to 100 ms after it (the margin that keeps a cue on time through a web-process stall; a shorter one would trade lateness for wake-ups), and the edit channel's WebSocket hop through WebKit's network process for each redraw.`);
}

// 7. Memory.
const P10 = M.points[`after_${M.sessions}`];
const P20 = M.points[`after_${M.sessions * 2}`];
const next = M.growth_pct_next;
row("7", `Web memory from session ${M.sessions} to ${M.sessions * 2} back to back (no reloads): JS heap used (after GC) growth`, "≤ 2%",
  `${f(next.js_heap_used, 1)}% (${kb(P10.js_heap_used)} → ${kb(P20.js_heap_used)}); from session 1 to ${M.sessions}: ${f(heapGrowth, 1)}%`,
  next.js_heap_used <= 2, HEAP_REASON);
// Not the goal's figure (the issue asks about the JS heap), shown beside it: the web build's journal lives in
// wasm memory, so the user's own data grows it.
row("7", `— wasm memory from session ${M.sessions} to ${M.sessions * 2} (the web build's journal is held in it: each session adds its row and a copy of its routine)`, "—",
  `${f(next.wasm_memory, 1)}% (${mb(P10.wasm_memory)} → ${mb(P20.wasm_memory)}: ${(P20.wasm_memory - P10.wasm_memory) / 65536} more 64 KB page${P20.wasm_memory - P10.wasm_memory === 65536 ? "" : "s"}); from session 1 to ${M.sessions}: ${f(wasmGrowth, 1)}%`, null);
row("7", `Web: JS event listeners (CDP \`Memory.getDOMCounters\`) after sessions 1 / ${M.sessions} / ${M.sessions * 2}`, "flat",
  `${M.points.after_1.js_event_listeners} / ${P10.js_event_listeners} / ${P20.js_event_listeners}`,
  M.points.after_1.js_event_listeners === P20.js_event_listeners, () => "The count rises from session to session: something each session adds is not removed.");
row("7", `Desktop resident memory, app + WebKit processes (sum of RSS over the process tree, median of ${desktop.app.length}), app / bare hello-world`, "≤ 1.2x",
  `${f(rssRatio, 2)}x (${mb(rApp * 1024)} / ${mb(rHello * 1024)}; by PSS ${f(pApp / pHello, 2)}x, ${mb(pApp * 1024)} / ${mb(pHello * 1024)})`, rssRatio <= 1.2,
  () => `The app's process tree holds ${mb((rApp - rHello) * 1024)} more than the hello-world's.`);

// ---- reasons that need a few lines ----
function sizeReason() {
  const b = read("wasm-breakdown.json");
  const code = Object.entries(b.code_by_group).filter(([, v]) => v > 0).map(([g, v]) => `${g} ${kb(v)}`).join(", ");
  return `The hello-world shows what Dioxus itself costs (${kb(sizes.web_hello.gzip)} gzip); the app adds ${kb(sizes.web_app.gzip - sizes.web_hello.gzip)} gzip on top. The shipped wasm is ${kb(sizes.web_app.raw)} raw: ${SECTIONS()}. A copy built with function names kept (same code, same wasm-opt) splits its ${kb(b.code_bodies)} of function bodies by origin: ${code}. ${largestGroup(b)}; the data section holds string tables, SQLite's static data, and the embedded content and stylesheet.`;
}
/** Which origin has the most code, and SQLite's share (the part the issue named). */
function largestGroup(b) {
  const share = (g) => `${f((100 * b.code_by_group[g]) / b.code_bodies, 1)}% of the code`;
  const [largest] = Object.entries(b.code_by_group).sort(([, x], [, y]) => y - x)[0];
  const sqlite = Object.keys(b.code_by_group).find((g) => g.startsWith("SQLite (C"));
  return largest === sqlite ? `SQLite compiled to wasm is the largest part (${share(sqlite)})`
    : `The largest part is ${largest.replace(/ \(.*/, "")} (${share(largest)}), then SQLite compiled to wasm (${share(sqlite)})`;
}
/** Section sizes of the shipped wasm, largest first. */
function SECTIONS() {
  const buf = fs.readFileSync(path.join(dir, "web-app", "pkg", "unknot_bg.wasm"));
  const names = { 0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global", 7: "export", 9: "element", 10: "code", 11: "data", 12: "datacount" };
  let i = 8;
  const out = {};
  const leb = () => { let r = 0, sh = 0, b; do { b = buf[i++]; r += (b & 0x7f) * 2 ** sh; sh += 7; } while (b & 0x80); return r; };
  while (i < buf.length) {
    const id = buf[i++];
    const len = leb();
    const name = names[id] ?? `section ${id}`;
    out[name] = (out[name] ?? 0) + len;
    i += len;
  }
  return Object.entries(out).sort((a, b) => b[1] - a[1]).filter(([, v]) => v > 10 * 1024).map(([k, v]) => `${k} section ${kb(v)}`).join(", ");
}

function HEAP_REASON() {
  const g = M.heap_snapshot_growth;
  const k = g.by_kind_bytes;
  const top = g.top.slice(0, 6).map((r) => `${r.key.replace(/^(\w+): /, "$1 ")} ${r.count >= 0 ? "+" : ""}${r.count} (${(r.bytes / 1024).toFixed(0)} KB)`).join("; ");
  const next = M.growth_pct_next;
  const g2 = M.heap_snapshot_growth_next;
  const spanNext = g2
    ? ` Snapshots after sessions ${M.sessions} and ${M.sessions * 2} (the goal's span) split that into V8's compiled code ${kb(g2.by_kind_bytes.v8_code)}, native objects ${kb(g2.by_kind_bytes.browser_native)} and JS objects ${kb(g2.by_kind_bytes.js_objects)}; the largest items: ${g2.top.slice(0, 6).map((r) => `${r.key.replace(/^(\w+): /, "$1 ")} ${r.count >= 0 ? "+" : ""}${r.count} (${(r.bytes / 1024).toFixed(0)} KB)`).join("; ")}.`
    : "";
  return `From session 1 to ${M.sessions} wasm memory grew ${f(wasmGrowth, 1)}%; later it grows a 64 KB page at a time, as the journal, which the web VFS holds in wasm memory, gains a session row and a copy of its routine with each session. Two heap snapshots (after session 1 and after session ${M.sessions}) split the growth into V8's compiled code ${kb(k.v8_code)}, the browser's own (native) objects ${kb(k.browser_native)} and JS objects ${kb(k.js_objects)} (${f((100 * k.js_objects) / M.points.after_1.js_heap_used, 1)}% of the heap after session 1). The largest items: ${top}. That is the JIT compiling more of the page's code as it keeps running, and Chromium's performance timeline and navigation history recording every in-app navigation (layout shifts, soft navigations, paint and event timing entries, history entries — four navigations per session here); not objects the app holds. From session ${M.sessions} to session ${M.sessions * 2} the JS heap grew ${f(next.js_heap_used, 1)}% and wasm memory ${f(next.wasm_memory, 1)}%.${spanNext} The page runs without the timing recorder here (only the wasm instance is captured), so no wrapper of the harness's is compiled into the heap it measures.`;
}

// ---- the document ----
const elapsed = Number(elapsedArg);
const lines = [];
const p = (s = "") => lines.push(s);
p("# Benchmarks");
p();
p(`Written by \`scripts/bench.sh\` on ${machine.date.replace("T", " ").replace("Z", " UTC")} in ${Math.floor(elapsed / 60)} min ${elapsed % 60} s. Every number below comes from that one run (raw results: \`${dir}\`); run the command again to refresh this file. Goals are checked here, by benchmarks that print numbers — never by timed tests; CI only builds the benchmarks (\`cargo bench --no-run\`).`);
p();
p(`**Machine:** ${machine.cpu}, ${machine.cores} cores, ${(machine.ram_kb / 1024 / 1024).toFixed(1)} GB RAM, ${machine.os} (Linux ${machine.kernel}); load average ${machine.load_at_start} at the start, ${loadEnd} at the end. ${machine.rustc}; Chromium ${web.chromium} (headless); node ${machine.node}. Source: ${machine.commit}.`);
p();
p("| # | Figure | Goal | Measured | Result |");
p("|---|---|---|---|---|");
rows.forEach((r) => p(r));
p();
p("## Goals missed, and why");
p();
if (!misses.length) p("None.");
for (const m of misses) p(`- **${m.n}. ${m.figure.replace(/^— /, "")}** — ${m.reason}`);
p();
p("## How each figure was measured");
p();
p(`**1. Cue timing in Chromium, as perceived.** \`tests/e2e/bench.mjs\` (\`timing\`), against the web build with wasm-opt, served on 127.0.0.1, in Debian's Chromium through playwright-core with a phone context, on the real clock. After accepting the safety notes it sets the rest between steps to ${T.conditions.rest_secs} s and the pace cue to "Both" in Settings (so cues are dense: a soft mark every stroke), turns on CPU throttling (CDP \`Emulation.setCPUThrottlingRate\`, rate ${T.conditions.throttle}) and runs \`${calm.routine}\` through the UI ("calm"); then it starts a page-side \`setInterval\` that busy-loops ${T.conditions.stall_ms} ms every ${T.conditions.stall_every_ms} ms (not a whole number of seconds, so the stalls sweep every phase of the cues' one-second grid) and runs \`${stalled.routine}\` ("stalls"). Deadlines are the plan's cue offsets (\`expectedCues()\` in \`tests/e2e/lib.mjs\`, shared with the journeys, written from the product's rules) from the session's start, the instant the conductor's first command takes the wake lock (same task as the Start tap), floored to the millisecond as the engine's \`Mono\` clock is. Each channel is judged as a person perceives it. **Vibration**: an init script records every \`navigator.vibrate\` call; \`felt()\` plays them by the W3C Vibration API (first entry vibrates; a new call cancels what is pending and cuts a buzz under way) and groups buzzes into cues, named by the product's table of feels; lost = a planned cue with no felt cue of its kind within 1.5 s; early = felt more than 1 ms before its deadline (the deadline is floored to the ms). Under stalls the figure is lateness beyond the end of the stall covering the deadline, since a browser runs vibration from its main thread. **Sound**: every \`AudioScheduledSourceNode.start(when)\` is recorded with the page's own last reading of \`currentTime\` and the context's \`outputLatency\`; the heard instant is that reading's \`performance.now()\` + (\`when\` − \`currentTime\`) + \`outputLatency\`, and the figure is heard − deadline − latency (the latency, ${ms(T.output_latency_ms.p50)} here, is reported on its own; \`getOutputTimestamp()\` gives a cross-check in the details). **Flash**: a MutationObserver sees the \`.flash\` element inserted and records the timestamp of the next animation frame, the frame it is painted in. The naive countdown is started by the same wake-lock call in the same page and conditions; its end drift is its last tick's error. Wake-ups (figure 6) come from the same run: the init script wraps \`window.setTimeout\`/\`setInterval\` and counts callbacks fired during each session; the harness's own timers use the unwrapped functions. How the web build vibrates, and why: each cue is handed 1.5 s ahead to a timer in the cue bridge, which calls \`navigator.vibrate\` with a pattern that starts with the buzz at the cue's instant, and the app plays anything due first thing when it wakes. Not a pattern with a leading wait: Chromium steps those waits from main-thread timers and the next call cancels a step a stall delayed — measured before (issue #11): p99 321 ms late and 5 of 52 cues lost under these stalls. Not from the app's own wake-up alone: that adds the app's work to every cue (measured while building this: p99 6.7 ms, max 8.4 ms calm; max 16.5 ms past a stall's end, with the same throttling).`);
p(`**2. Native shell timing.** \`benches/native_timing.rs\` (\`cargo bench --bench native_timing\`): a real routine's step (\`calves-ball\`, "Hold with ankle pumps", quick scale) with get-ready 15 s and switch 5 s makes a 60 s plan with ${native.cues.n} cues. The loop is the runner's (\`src/ui/runner.rs\`): \`platform::now()\`, \`handle_timeout(now)\`, then \`platform::sleep_until(min(poll_timeout, next_redraw))\` — tokio's timer on the \`Instant\` clock — inside a tokio multi-thread runtime built as dioxus-desktop builds it, with the future polled on the main thread and woken through a channel, as dioxus-desktop's tao waker wakes its event loop. Lateness is the time \`handle_timeout\` returned the cue minus its deadline, measured with \`Instant\` to the microsecond. It covers the Rust side of the desktop (and phone) shells' scheduling only: not the GTK main loop's own dispatch latency, nor the hop into WebKit (the bridge's \`eval\`) that then plays the sound. All wake-ups (cues and once-a-second countdown redraws, n = ${native.wakeups.n}): p50 ${ms(native.wakeups.p50_ms, 2)}, p99 ${ms(native.wakeups.p99_ms, 2)}.`);
p();
p(`**3. Start-up.** Content: criterion over \`Library::bundled()\` (decode the postcard form build.rs compiled the validated TOML into, build the id indexes) and, for comparison, \`Library::from_sources\` over the same files (parse the TOML, validate every reference, build the indexes), release-profile optimisation (\`[profile.bench]\` inherits \`[profile.release]\`). Web: \`bench.mjs\` (\`startup\`) loads the page once and accepts the safety notes (so it opens on Home, as for a returning user), then navigates ${S.app.loads.length} times (the returning user); an init script's MutationObserver records \`performance.now()\` (0 = navigation start) when the level-1 heading "Unknot" (Home) is in the DOM, and "painted" is when a message posted from the next animation frame's callback is handled, i.e. once the frame holding the heading has been drawn (an upper bound: the message waits behind any task queued before it, such as the app's scripts; on a first visit the W3C Paint Timing API's first contentful paint, the browser's own record of the first frame with content, is shown beside it wherever that frame held the heading). Returning loads (painted): ${S.app.loads.join(", ")} ms. The first visit is timed the same way to the safety notes' heading ("Before you start", what a first visit shows) in a new browser context for each of ${S.app_first_visit.loads.length} loads — no HTTP cache, no storage, no service worker — with the CPU throttling set before navigating: ${S.app_first_visit.loads.join(", ")} ms, and at 4x ${S.app_first_visit_throttled.loads.join(", ")} ms. Only a heading on screen counts (\`checkVisibility()\`). The harness waits for these by asking the page over raw CDP (\`Runtime.evaluate\`), not with Playwright's \`waitForFunction\`, whose injected script would be compiled and run in the page during the load it times (36–113 ms of main thread at 4x in CDP traces, issue #16). A first visit's notes are first drawn by the page itself (web/index.html, from the copy \`examples/first_screen_html.rs\` rendered with the app's code): "painted" is that frame; the app's own notes, drawn once it has started (the moment a tap is its own), are timed apart by the same method: ${(S.app_first_visit.app_loads || []).join(", ")} ms, and at 4x ${(S.app_first_visit_throttled.app_loads || []).join(", ")} ms. The hello-world's web build is timed the same way to its "Hello, world!" heading. Desktop: \`scripts/bench-desktop.sh\` launches the release binary of the app and of \`examples/hello.rs\` (same Dioxus features, same 430×900 window without menu) alternately under Xvfb, ${desktop.app.length} times each after one discarded warm-up launch each, and watches the screen with \`scripts/firstdraw.c\`, which starts the binary itself and, after each X DAMAGE event (sent by Xvfb whenever anything is drawn), grabs the screen (MIT-SHM) until one has more than 8 colours, i.e. text is drawn; the time is from just before the process starts to when that grab is in hand (a few ms after the frame; ImageMagick \`import\` screenshots taken back to back, as before, were ~60 ms apart and used a core meanwhile). At that moment it also reads the CPU time the process tree has used (/proc schedstat, every thread): app ${median(desktop.app.map((r) => r.cpu_ms))} ms (its own process ${median(desktop.app.map((r) => r.app_cpu_ms))} ms), hello-world ${median(desktop.hello.map((r) => r.cpu_ms))} ms (${median(desktop.hello.map((r) => r.app_cpu_ms))} ms), medians. The app's data dir is a temp dir whose journal has the safety notes accepted, so it draws Home. On Linux the app's page names \`sans-serif\` for its text, not \`system-ui\` (\`platform::PLATFORM_CSS\`): WebKitGTK reads \`system-ui\` as GTK's font, Cantarell, not installed on this machine, and looked every size and weight up twice (29 fontconfig lookups for Home's first frame, now 14; the hello-world, in the default font, 2).`);
p();
p(`**4. Size.** \`OPTIMIZE=1 scripts/build-web.sh\` (release profile: opt-level "z", LTO, one codegen unit, panic=abort; the standard library compiled with it, with panics that stop the module at once and carry no message and with std's smaller sorts and number formatting, \`-Zbuild-std\`, \`-Cpanic=immediate-abort\` and \`-Zbuild-std-features=optimize_for_size\`: scripts/web-cargo.sh; wasm-bindgen; binaryen's \`wasm-opt -Oz --converge\`); the hello-world wasm goes through the same steps. gzip is \`gzip -9\`, brotli is quality 11 (node's zlib); the whole app is what a first visit downloads to start: the wasm, its JS glue with the snippets it imports, and index.html (which holds the stylesheet), the JavaScript and the stylesheet minified by esbuild; the service worker (registered once the first screen is painted), manifest and icons are fetched after the app has started, and the run-file module (the GPX and FIT parsers) the first time a run file is imported — or by the service worker, which keeps every file for offline use. The JS glue is extra: app ${kb(sizes.web_app.js)} (${kb(sizes.web_app.js_gzip)} gzip), hello-world ${kb(sizes.web_hello.js)} (${kb(sizes.web_hello.js_gzip)} gzip). Desktop: the release binaries (\`strip = true\` in the profile; \`strip\` again changes ${sizes.desktop_app.built === sizes.desktop_app.stripped ? "nothing" : `${sizes.desktop_app.built} → ${sizes.desktop_app.stripped} bytes`}).`);
p();
p(`**5. Storage at scale.** \`benches/journal.rs\` (criterion) and \`benches/journal_latency.rs\` (plain timed loops, for percentiles). A journal file in a fresh temp dir on the machine's disk, opened with \`Journal::open(path, Durability::NATIVE)\` (WAL, synchronous=FULL), loaded with 10,000 notes (1–3 sore areas each, evenly over two years) through one JSON import. Saves are new notes (an fsync each); the page, trend and export figures read the same file; import goes into an empty journal each time. A bare 4 KiB write + fsync on the same disk takes p50 ${ms(L.fsync_4k.p50_ms, 3)}, p99 ${ms(L.fsync_4k.p99_ms, 3)} — the floor under a durable save on this machine, whose virtual disk acknowledges a flush quickly; a phone's flash storage is usually slower to flush, so read the save figures as this machine's, not a phone's.`);
p();
p(`**6. Wake-ups.** See 1: the same run, so with throttling and stalls. The runner sleeps until the next cue or the next change of the countdown's second, so about one wake-up per second plus one per cue is the design.`);
if (wake) p(`**6. Wake-ups, desktop.** \`scripts/bench-wakeups.sh\` launches the release binary under Xvfb with a fresh data dir (safety notes accepted), waits until Home is drawn and 10 s more, counts ${wake.seconds} s idle on Home, opens the first routine and taps Start, waits 3 s, counts ${wake.seconds} s of the session (get-ready with its 3-2-1 ticks, then the first step), then pauses and counts ${wake.seconds} s paused. A wake-up is a voluntary context switch (\`voluntary_ctxt_switches\` in /proc/<pid>/task/*/status) of any thread of the app or its descendants (WebKit's web and network processes), read every 100 ms so that threads that come and go (GStreamer's audio threads) are counted. Per round (idle / session / paused, per second): ${wake.rounds.map((r) => `${f(r.idle, 0)} / ${f(r.session, 0)} / ${f(r.paused, 0)}`).join("; ")}.${wake.floor ? ` In each round it then launches the bare hello-world (\`examples/hello.rs\`) and the same with one line of text changing once a second (\`examples/tick.rs\`: a tokio timer a second apart and one text edit, as the runner does between cues), each left 10 s after its first frame, and counts ${wake.seconds} s of each: hello-world / tick per second ${wake.floor.rounds.map((r) => `${f(r.hello, 0)} / ${f(r.tick, 0)}`).join("; ")}.` : ""} Load average at the end: ${wake.load}.`);
p();
p(`**7. Memory.** Web: \`bench.mjs\` (\`memory\`) with Playwright's fake clock (so a session takes seconds), ${M.sessions * 2} sessions of \`${M.routine}\` back to back through the UI (Routines → routine → Start → Done → Back to home; no reloads; the timing recorder is not installed, so none of its wrappers runs in the page it measures). The taps are clicks the page dispatches on the app's own links and buttons, and the harness waits by checking the page's text, not through Playwright's locators: their injected script runs in the same V8 isolate and its compiled code grew in the heap measured (side by side, 10 → 20: 2.13–2.15% driven by locators, 0.96–1.16% by clicks, issue #16). After sessions 1, ${M.sessions} and ${M.sessions * 2}: two forced GCs (CDP \`HeapProfiler.collectGarbage\`), then CDP \`Runtime.getHeapUsage\` (used JS heap) and the wasm instance's \`memory.buffer.byteLength\` (the instance is captured by wrapping \`WebAssembly.instantiateStreaming\`). Desktop: from the same launches as 3, 3 s after content is drawn, the sum of \`VmRSS\` (and of \`Pss\` from \`smaps_rollup\`, which shares common pages out fairly) over the process and all its descendants (WebKit's web and network processes) in /proc.`);
p();
p("## Details");
p();
p("Cue timing per session (ms, signed: positive = late; p50 / p99 / max; sound beyond the reported output latency):");
p();
p("| Session | Length | Cues | Vibration | Sound | Flash | Done (vib / sound) | naive setTimeout: p99, end | Wake-ups /s |");
p("|---|---|---|---|---|---|---|---|---|");
for (const [name, s] of Object.entries(T.phases)) {
  const ch = (c) => `${f(c.p50_ms)} / ${f(c.p99_ms)} / ${f(c.max_ms)} (${c.lost} lost, ${c.extra} extra${c.early !== undefined ? `, ${c.early} early` : ""})`;
  const nv = (n) => (n ? `${f(n.p99_ms)}, ${n.end_drift_ms === null ? "n/a" : f(n.end_drift_ms)}` : "n/a");
  p(`| ${name}: \`${s.routine}\` | ${s.seconds} s | ${s.cues} | ${ch(s.vibration)} | ${ch(s.sound)} | ${ch(s.flash)} | ${f(s.done_ms.vibration)} / ${f(s.done_ms.sound)} | ${nv(s.naive_setTimeout)} | ${f(s.wakeups_per_s, 2)} |`);
}
p();
p(`Output latency reported by the AudioContext: p50 ${ms(T.output_latency_ms.p50)} (min ${ms(T.output_latency_ms.min)}, max ${ms(T.output_latency_ms.max)}). Cross-check of the heard instant by \`getOutputTimestamp()\` (sample presentation time − deadline, latency included): calm p50 ${ms(calm.sound.via_output_timestamp.p50_ms)}, p99 ${ms(calm.sound.via_output_timestamp.p99_ms)}; stalls p50 ${ms(stalled.sound.via_output_timestamp.p50_ms)}, p99 ${ms(stalled.sound.via_output_timestamp.p99_ms)}.`);
p();
p("Desktop launches (ms from process start to: window mapped, first frame with content, and for the app the first with its stylesheet applied; resident memory of the process tree, MB RSS / PSS; processes):");
p();
p("| Launch | App | Hello-world |");
p("|---|---|---|");
desktop.app.forEach((a, i) => {
  const h = desktop.hello[i];
  const c = (r) => `window ${r.window_ms ?? "n/a"} ms, content ${r.drawn_ms} ms${r.styled_ms > 0 ? `, styled ${r.styled_ms} ms` : ""}; ${(r.rss_kb / 1024).toFixed(0)} / ${(r.pss_kb / 1024).toFixed(0)} MB; ${r.processes}`;
  p(`| ${i + 1} | ${c(a)} | ${c(h)} |`);
});
p();
p(`Web memory points (JS heap used / wasm memory): before any session ${kb(M.points.before.js_heap_used)} / ${mb(M.points.before.wasm_memory)}; ${["after_1", `after_${M.sessions}`, `after_${M.sessions * 2}`].map((k) => `${k.replace("_", " ")} ${kb(M.points[k].js_heap_used)} / ${mb(M.points[k].wasm_memory)}`).join("; ")}.`);
p();
p("Journal, one call at a time (ms):");
p();
p("| Operation | n | p50 | p90 | p99 | max |");
p("|---|---|---|---|---|---|");
for (const [k, v] of Object.entries(L)) p(`| ${k} | ${v.n} | ${f(v.p50_ms, 3)} | ${f(v.p90_ms, 3)} | ${f(v.p99_ms, 3)} | ${f(v.max_ms, 3)} |`);
p();
p("Criterion (median, 95% confidence interval):");
p();
for (const id of Object.keys(crit).sort()) p(`- \`${id}\`: ${critMs(id, 3)}`);
process.stdout.write(lines.join("\n") + "\n");
