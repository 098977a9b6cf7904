// Unknot's cue bridge, evaluated once in the webview (Chromium, Android WebView, WKWebView, WebKitGTK).
// Sounds are Web Audio tones generated here (no files fetched); vibration uses navigator.vibrate where the
// platform has it; the screen wake lock is re-taken when the page becomes visible again.
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

  // One tone: frequency (Hz), start offset and length (s) from now on the audio clock, peak gain.
  function tone(ac, freq, at, len, gain) {
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
    pending.push({ osc, t0 });
  }

  // The cue vocabulary (PRODUCT.md "Cues") as tones.
  const SOUNDS = {
    "get-ready": [[1320, 0, 0.08, 0.25]],
    "start": [[880, 0, 0.45, 0.35]],
    "halfway": [[660, 0, 0.15, 0.15]],
    "switch": [[990, 0, 0.12, 0.3], [990, 0.2, 0.12, 0.3]],
    "end-tick": [[1180, 0, 0.07, 0.2]],
    "done": [[523, 0, 0.18, 0.3], [659, 0.18, 0.18, 0.3], [784, 0.36, 0.4, 0.3]],
  };

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
    // Plays a cue's sound `delayMs` from now, timed by the audio clock: a busy UI thread cannot delay it.
    sound(kind, delayMs = 0) {
      const ac = ctx();
      const parts = SOUNDS[kind];
      if (!ac || !parts) return;
      if (ac.state === "suspended") ac.resume();
      pending = pending.filter((p) => p.t0 > ac.currentTime);
      for (const [f, at, len, gain] of parts) tone(ac, f, at + delayMs / 1000, len, gain);
    },
    // Says a step's name after its start beep, with the device's own offline voice where there is one.
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
      if (window.speechSynthesis) speechSynthesis.cancel();
    },
    vibrate(pattern) {
      if (navigator.vibrate) navigator.vibrate(pattern);
    },
    cancelVibration() {
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
