// Unknot's cue bridge, evaluated once in the webview (Chromium, Android WebView, WKWebView, WebKitGTK).
// It decides nothing: the app's conductor (src/session/conductor.rs) says what to play and when, and the cue
// table (src/session/cues.rs) gives each cue's tones, which arrive here as data. Sounds are Web Audio tones
// generated here (no files fetched); vibration patterns arrive already in navigator.vibrate's own form; a
// cue's full-screen flash is drawn by a timer here at its instant on the player's overlay (#unknot-flash,
// src/ui/views/player.rs); the screen wake lock is re-taken when the page becomes visible again.
(function () {
  if (window.unknot) return;
  let audio = null;
  let wakeWanted = false;
  let sentinel = null;

  // The context's sample rate where the platform asks for one (`configure`, the desktop window: WebKitGTK's
  // audio threads wake once per 128 frames while the context runs); 0 keeps the engine's own. The tones are
  // sines far below half of it. An engine that refuses the rate gets a context of its own rate.
  let sampleRate = 0;

  function ctx() {
    if (!audio) {
      const C = window.AudioContext || window.webkitAudioContext;
      if (!C) return null;
      if (sampleRate) { try { audio = new C({ sampleRate }); } catch (e) { audio = null; } }
      if (!audio) audio = new C();
    }
    return audio;
  }

  // Tones scheduled ahead and not yet played, so pause/skip/back can cancel them.
  let pending = [];

  // Between cues the audio context can be suspended (`configure({ suspendWhenQuiet: true })`, the desktop
  // window): WebKitGTK keeps a running context's GStreamer source pushing a 128-frame buffer every 2.9 ms
  // (at 44.1 kHz; 8 ms at the 16 kHz the desktop asks for), silent or not, ~900 (~330) wake-ups a second.
  // The conductor hands every cue over 1.5 s ahead; the context is resumed RESUME_AHEAD_MS before the cue's
  // instant (resuming took 3–5 ms in WebKitGTK here) and the tones are put on its clock at their instant once
  // it runs, so no cue is later for it; the margin still absorbs a web-process stall of that length. The web
  // build keeps the context running (Chromium's own audio thread; its journeys record the tones through a
  // stand-in context).
  let suspendWhenQuiet = false;
  const RESUME_AHEAD_MS = 400;
  // How long the context keeps running after its last tone ends. Short: every cue is resumed for on its own
  // RESUME_AHEAD_MS ahead, so suspending between ticks a second apart costs no lateness, and a running
  // context is what wakes (was 700 ms, which kept it running through a run of ticks: about 40% more
  // wake-ups of the audio threads in a session's first 30 s; issue #16).
  const QUIET_MS = 100;
  // Each call waiting for its moment carries the generation it was made in: a cancel in between drops it.
  let generation = 0;
  let resuming = 0;
  // A suspend under way: a cue starting meanwhile waits for it, then resumes (the context's state reads
  // "running" until the suspend completes, and tones put on it then would wait for the next resume).
  let suspending = null;
  let quietTimer = null;
  const waiting = new Set();

  // Suspends the context once its last scheduled tone has ended and QUIET_MS more have passed.
  function suspendLater(ac) {
    if (!suspendWhenQuiet) return;
    clearTimeout(quietTimer);
    const end = pending.reduce((e, p) => Math.max(e, p.end), ac.currentTime);
    quietTimer = setTimeout(() => {
      quietTimer = null;
      if (resuming > 0 || ac.state !== "running") return;
      if (pending.some((p) => p.end > ac.currentTime)) { suspendLater(ac); return; }
      const done = ac.suspend().catch(() => {}).then(() => { if (suspending === done) suspending = null; });
      suspending = done;
    }, (end - ac.currentTime) * 1000 + QUIET_MS);
  }

  // Timers of vibrations handed over ahead and not yet fired.
  const vibrations = new Map();
  // Timers of flashes handed over ahead and not yet drawn: id -> { at, cue, word, staleMs }.
  const flashes = new Map();
  // A timer of a cue handed over ahead fires this long before the cue's instant, and waits out the rest on
  // the clock: Chromium runs a long setTimeout a few ms after its delay even with nothing queued before it
  // (the calm benchmark at 4x CPU throttling: the timer's callback 0.5 / 3.6 / 4.7 ms late, p50 / p99 /
  // max), while a wait of this length costs the page a few ms of one task per cue. Armed earlier than the
  // app's own wake-up at the same instant, it also runs before it after a stall.
  const LEAD_MS = 6;

  // Arms the timer that plays what is due at `at` (playDue) and returns its id, under which the caller keeps
  // the cue so a cancel can clear it.
  function wakeAt(at) {
    let id;
    const fire = () => {
      // Never before the instant: the rest of the wait is spun on the clock (LEAD_MS at most, as the timer
      // is never early by more than its rounding to whole ms); a timer far too early is armed again.
      let left = at - performance.now();
      if (left > LEAD_MS + 2) { const next = setTimeout(fire, left - LEAD_MS); retime(id, next); id = next; return; }
      // A clock that does not move over this many readings is not real time (a test's fake clock, which
      // moves only between tasks): the rest is left to a timer.
      for (let same = 0, last = left; left > 0; ) {
        left = at - performance.now();
        if (left !== last) { last = left; same = 0; } else if (++same > 20000) { const next = setTimeout(fire, left); retime(id, next); id = next; return; }
      }
      playDue();
    };
    id = setTimeout(fire, Math.max(0, at - LEAD_MS - performance.now()));
    return id;
  }

  // Plays now whatever is due, vibrations first (in order), then flashes: a flash makes the browser render a
  // frame (a full-screen blend), which must not stand between a cue's instant and its buzz.
  function playDue() {
    const now = performance.now();
    const buzz = [...vibrations].filter(([, v]) => v.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [id, v] of buzz) { clearTimeout(id); vibrations.delete(id); navigator.vibrate(v.pattern); }
    const draw = [...flashes].filter(([, f]) => f.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [id, f] of draw) { clearTimeout(id); flashes.delete(id); drawFlash(f); }
  }

  // After a stall Chromium renders a pending frame before it runs any overdue timer (measured at 4x CPU
  // throttling: the player's frame took 5-25 ms, all of it between a stall's end and the cue's timer). So
  // a frame the page renders anyway — the app's re-render after it wakes, a flash's fade — starts with this
  // callback, which plays whatever is due by then. Requested only where a frame follows anyway (no frame of
  // its own): by the app's wake-up (flushDue) and for the length of a flash's fade.
  let framePending = false;
  let hookUntil = 0;
  function hookFrames(forMs) {
    hookUntil = Math.max(hookUntil, performance.now() + forMs);
    if (framePending || (!vibrations.size && !flashes.size)) return;
    framePending = true;
    requestAnimationFrame(onFrame);
  }
  function onFrame() {
    framePending = false;
    playDue();
    if (performance.now() < hookUntil) hookFrames(0);
  }

  // A cue whose timer was armed again keeps its place under the new id.
  function retime(old, id) {
    for (const map of [vibrations, flashes]) {
      if (map.has(old)) { map.set(id, map.get(old)); map.delete(old); }
    }
  }

  // Alternates "a"/"b": a new animation name restarts the fade, with no forced layout in between.
  let beat = "b";
  // Once a flash has faded, the overlay is marked data-faded and app.css takes its layers out of the page
  // (display: none): hidden by its last keyframe is not enough for WebKitGTK, which kept composing the
  // full-screen blend layer into every later frame — in a desktop session about 100 more wake-ups a second
  // of its compositor and GL threads after the first flash (issue #16). Longer than the longest fade (0.9 s).
  const FADED_MS = 1000;
  let fadedTimer = null;

  // Draws a flash on the player's overlay: the word, then the cue's name (its colour), then the beat last
  // (the attribute that starts it). A flash its timer reached more than `staleMs` late (a page kept asleep)
  // is dropped, as the engine drops stale cues: never a burst of old flashes on return.
  function drawFlash(f) {
    if (performance.now() - f.at > f.staleMs) return;
    const overlay = document.getElementById("unknot-flash");
    if (!overlay) return;
    const word = overlay.querySelector(".flash-word");
    if (word) word.textContent = f.word || "";
    overlay.setAttribute("data-cue", f.cue);
    overlay.removeAttribute("data-faded");
    beat = beat === "a" ? "b" : "a";
    overlay.setAttribute("data-beat", beat);
    clearTimeout(fadedTimer);
    fadedTimer = setTimeout(() => { fadedTimer = null; overlay.setAttribute("data-faded", ""); }, FADED_MS);
    // The fade renders frames for its 0.9 s: each one plays first what is due by then.
    hookFrames(900);
    if (!flashPaint && document.visibilityState === "visible") flashPaint = nextPaint();
  }

  // The frame that paints the flash just drawn, until it has gone out (null otherwise). The app's wake-up at
  // the same instant waits for it (flashPainted) before doing its own work: at a session's end that work is
  // the journal's write and the Done screen's first render, which would otherwise go into the flash's frame
  // and hold it back (issue #16: the Done flash painted 26 ms late at 4x CPU throttling, the others 2-8 ms).
  let flashPaint = null;
  function nextPaint() {
    return new Promise((resolve) => {
      let guard = 0, settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        flashPaint = null;
        resolve();
      };
      // A frame's paint follows its animation-frame callbacks in the same task: a task queued from one runs
      // after the paint.
      requestAnimationFrame(() => setTimeout(done, 0));
      // No frame comes to a page hidden meanwhile: the app is never held longer than this.
      guard = setTimeout(done, 100);
    });
  }

  // One tone: frequency (Hz), start offset and length (s) from now on the audio clock, peak gain.
  function tone(ac, freq, at, len, gain, cue) {
    const osc = ac.createOscillator();
    const amp = ac.createGain();
    osc.type = "sine";
    osc.frequency.value = freq;
    const t0 = ac.currentTime + at;
    amp.gain.setValueAtTime(0.0001, t0);
    amp.gain.exponentialRampToValueAtTime(gain, t0 + 0.01);
    amp.gain.exponentialRampToValueAtTime(0.0001, t0 + len);
    osc.connect(amp).connect(ac.destination);
    osc.start(t0);
    osc.stop(t0 + len + 0.02);
    osc.__cue = cue; // for test recorders only
    pending.push({ osc, t0, end: t0 + len + 0.02 });
  }

  async function takeWakeLock() {
    if (!wakeWanted || sentinel || !navigator.wakeLock || document.visibilityState !== "visible") return;
    try {
      sentinel = await navigator.wakeLock.request("screen");
      sentinel.addEventListener("release", () => { sentinel = null; });
    } catch (e) { sentinel = null; }
  }

  document.addEventListener("visibilitychange", () => { takeWakeLock(); });

  window.unknot = {
    // Called inside the Start tap: browsers only allow audio and vibration after a user gesture.
    unlock() {
      const ac = ctx();
      if (ac && ac.state === "suspended") ac.resume().then(() => suspendLater(ac));
      else if (ac) suspendLater(ac);
    },
    // Platform settings, sent by the shell once after this script.
    configure(options) {
      suspendWhenQuiet = !!options.suspendWhenQuiet;
      sampleRate = options.sampleRate || 0;
    },
    // Plays a cue's tones ([{at_ms, hz, len_ms, gain}], from the cue table) `delayMs` from now, timed by the
    // audio clock: a busy UI thread cannot delay them.
    // `origin`, when given, is the performance.now() instant the delay counts from (the web build's app clock
    // is this page's clock), so the time this call took to arrive is not added to the delay.
    sound(tones, delayMs, cue, origin) {
      const ac = ctx();
      if (!ac) return;
      if (typeof origin === "number") delayMs = Math.max(0, delayMs - (performance.now() - origin));
      const play = (delay) => {
        pending = pending.filter((p) => p.end > ac.currentTime);
        for (const t of tones) tone(ac, t.hz, (t.at_ms + delay) / 1000, t.len_ms / 1000, t.gain, cue);
        suspendLater(ac);
      };
      if (!suspendWhenQuiet) {
        if (ac.state === "suspended") ac.resume();
        play(delayMs);
        return;
      }
      // The instant on the page's clock; a suspended context's own clock stands still.
      const at = performance.now() + delayMs;
      const gen = generation;
      const start = () => {
        if (gen !== generation) return;
        if (suspending) { suspending.then(start); return; }
        if (ac.state !== "suspended") { play(Math.max(0, at - performance.now())); return; }
        resuming += 1;
        ac.resume().then(() => {
          resuming -= 1;
          if (gen === generation) play(Math.max(0, at - performance.now()));
          else suspendLater(ac);
        }, () => { resuming -= 1; });
      };
      if (delayMs <= RESUME_AHEAD_MS) { start(); return; }
      const id = setTimeout(() => { waiting.delete(id); start(); }, delayMs - RESUME_AHEAD_MS);
      waiting.add(id);
    },
    // Says the step and side, or the side to switch to, with the device's own offline voice where there is one.
    say(text) {
      if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
      const u = new SpeechSynthesisUtterance(text);
      speechSynthesis.cancel();
      speechSynthesis.speak(u);
    },
    cancelSounds() {
      generation += 1;
      for (const id of waiting) clearTimeout(id);
      waiting.clear();
      const ac = ctx();
      for (const p of pending) {
        if (!ac || p.t0 > ac.currentTime) { try { p.osc.stop(); } catch (e) { /* not started */ } }
      }
      pending = [];
      if (ac) suspendLater(ac);
    },
    stopSpeaking() {
      if (window.speechSynthesis) speechSynthesis.cancel();
    },
    // Vibrates `pattern` (navigator.vibrate's own form) `delayMs` after `origin` (a performance.now() instant):
    // the browser has no way to queue a vibration, so a timer here fires it at its instant, with nothing
    // between the timer and the call (a stall delays it to the stall's end, and no later).
    vibrateAt(pattern, delayMs, origin) {
      if (!navigator.vibrate) return;
      const at = origin + delayMs;
      if (at <= performance.now()) { playDue(); navigator.vibrate(pattern); return; }
      vibrations.set(wakeAt(at), { at, pattern });
    },
    // Draws the flash of `cue` (its name; `word`, or null, from the cue table) `delayMs` after `origin` (a
    // performance.now() instant; null: from now, where the app's clock is not this page's), from a timer
    // here: nothing of the app's runs between the instant and the flash.
    flashAt(cue, word, delayMs, origin, staleMs) {
      const at = (typeof origin === "number" ? origin : performance.now()) + delayMs;
      const f = { at, cue, word, staleMs };
      // A vibration due by now goes first (playDue).
      if (at <= performance.now()) { playDue(); drawFlash(f); return; }
      flashes.set(wakeAt(at), f);
    },
    cancelFlashes() {
      for (const id of flashes.keys()) clearTimeout(id);
      flashes.clear();
    },
    // Plays now whatever is due (vibrations first, then flashes): the app calls this first thing when it
    // wakes, so a timer queued behind the app's own wake-up at the same instant is not kept waiting for the
    // app's work; and the frame that draws the app's re-render starts by doing the same (hookFrames).
    flushDue() {
      playDue();
      hookFrames(0);
    },
    // A promise of the frame that paints a flash drawn and not yet painted, or null (nothing drawn, or a
    // hidden page, which paints nothing).
    flashPainted() {
      return flashPaint;
    },
    cancelVibration() {
      for (const id of vibrations.keys()) clearTimeout(id);
      vibrations.clear();
      if (navigator.vibrate) navigator.vibrate(0);
    },
    keepAwake(on) {
      wakeWanted = on;
      if (on) takeWakeLock();
      else if (sentinel) { const s = sentinel; sentinel = null; s.release(); }
    },
    download(name, mime, text) {
      const url = URL.createObjectURL(new Blob([text], { type: mime }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  };
})();
