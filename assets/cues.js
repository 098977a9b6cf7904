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

  function ctx() {
    if (!audio) {
      const C = window.AudioContext || window.webkitAudioContext;
      if (!C) return null;
      audio = new C();
    }
    return audio;
  }

  // Tones scheduled ahead and not yet played, so pause/skip/back can cancel them.
  let pending = [];
  // Timers of vibrations handed over ahead and not yet fired.
  const vibrations = new Map();
  // Timers of flashes handed over ahead and not yet drawn: id -> { at, cue, word, staleMs }.
  const flashes = new Map();
  // Alternates "a"/"b": a new animation name restarts the fade, with no forced layout in between.
  let beat = "b";

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
    beat = beat === "a" ? "b" : "a";
    overlay.setAttribute("data-beat", beat);
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
    pending.push({ osc, t0 });
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
      if (ac && ac.state === "suspended") ac.resume();
    },
    // Plays a cue's tones ([{at_ms, hz, len_ms, gain}], from the cue table) `delayMs` from now, timed by the
    // audio clock: a busy UI thread cannot delay them.
    // `origin`, when given, is the performance.now() instant the delay counts from (the web build's app clock
    // is this page's clock), so the time this call took to arrive is not added to the delay.
    sound(tones, delayMs, cue, origin) {
      const ac = ctx();
      if (!ac) return;
      if (typeof origin === "number") delayMs = Math.max(0, delayMs - (performance.now() - origin));
      if (ac.state === "suspended") ac.resume();
      pending = pending.filter((p) => p.t0 > ac.currentTime);
      for (const t of tones) tone(ac, t.hz, (t.at_ms + delayMs) / 1000, t.len_ms / 1000, t.gain, cue);
    },
    // Says the step and side, or the side to switch to, with the device's own offline voice where there is one.
    say(text) {
      if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
      const u = new SpeechSynthesisUtterance(text);
      speechSynthesis.cancel();
      speechSynthesis.speak(u);
    },
    cancelSounds() {
      const ac = ctx();
      for (const p of pending) {
        if (!ac || p.t0 > ac.currentTime) { try { p.osc.stop(); } catch (e) { /* not started */ } }
      }
      pending = [];
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
      if (at <= performance.now()) { navigator.vibrate(pattern); return; }
      const id = setTimeout(() => { vibrations.delete(id); navigator.vibrate(pattern); }, at - performance.now());
      vibrations.set(id, { at, pattern });
    },
    // Plays now whatever is due: the app calls this first thing when it wakes, so a vibration whose timer is
    // queued behind the app's own wake-up at the same instant is not kept waiting for the app's work.
    flushVibrations() {
      const now = performance.now();
      const due = [...vibrations].filter(([, v]) => v.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, v] of due) { clearTimeout(id); vibrations.delete(id); navigator.vibrate(v.pattern); }
    },
    // Draws the flash of `cue` (its name; `word`, or null, from the cue table) `delayMs` after `origin` (a
    // performance.now() instant; null: from now, where the app's clock is not this page's), from a timer
    // here: nothing of the app's runs between the instant and the flash.
    flashAt(cue, word, delayMs, origin, staleMs) {
      const at = (typeof origin === "number" ? origin : performance.now()) + delayMs;
      const f = { at, cue, word, staleMs };
      if (at <= performance.now()) { this.flushVibrations(); drawFlash(f); return; }
      // A vibration due by now goes first: drawing the flash makes the browser render a frame (a full-screen
      // blend), which must not stand between a cue's instant and its buzz.
      const id = setTimeout(() => { flashes.delete(id); this.flushVibrations(); drawFlash(f); }, at - performance.now());
      flashes.set(id, f);
    },
    cancelFlashes() {
      for (const id of flashes.keys()) clearTimeout(id);
      flashes.clear();
    },
    // Plays now whatever is due (vibrations first, then flashes): the app calls this first thing when it
    // wakes, so a timer queued behind the app's own wake-up at the same instant is not kept waiting for the
    // app's work.
    flushDue() {
      this.flushVibrations();
      const now = performance.now();
      const due = [...flashes].filter(([, f]) => f.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, f] of due) { clearTimeout(id); flashes.delete(id); drawFlash(f); }
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
