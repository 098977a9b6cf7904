//! Haptic cues as each platform's vibration API reads them. The cue table (`session::CueKind::spec`) holds
//! each waveform in a neutral form; this module lays cues out as absolute pulses and converts them, by the
//! rules of the platform's own specification:
//!
//! - W3C Vibration API (`navigator.vibrate`): the pattern's FIRST entry vibrates, then pause, vibrate, …;
//!   a wait before the first buzz is `[0, wait, buzz, …]`; an all-zero pattern is silence; Chromium drops a
//!   trailing pause and caps a pattern at 99 entries of at most 10 s.
//! - Android `VibrationEffect.createWaveform(timings, amplitudes, -1)`: timings start with an OFF duration;
//!   amplitude 0 is off, 1–255 on.
//!
//! - iOS `UIImpactFeedbackGenerator`: one impact per buzz, fired at its instant (nothing can be queued); an
//!   impact is a tap whatever the buzz's length, so length becomes weight and strength becomes intensity.
//!
//! Both the web and Android APIs play one pattern at a time and a new call cancels the rest of the old one, so [`HapticQueue`]
//! keeps every cue still to be felt and each call hands over all of them: a cue is never lost because a
//! later one was scheduled. Pure code, compiled on every platform so it is tested on the desktop.

use crate::session::{CueKind, Mono};

/// A cue that must be felt while another is still queued or buzzing starts this long after it ends, so the
/// two stay two (only when the shell fell behind and two cues came due together).
pub const SEPARATION_MS: u64 = 250;
/// Chromium's limits (`vibration_manager_impl` / `NavigatorVibration`): longer patterns are cut.
const W3C_MAX_ENTRIES: usize = 99;
const W3C_MAX_MS: u64 = 10_000;

/// One buzz at an absolute instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulse {
    pub start: Mono,
    pub on_ms: u64,
    /// 1–255.
    pub strength: u8,
}

impl Pulse {
    pub fn end(&self) -> Mono {
        self.start.plus(self.on_ms)
    }
}

/// The pulses of one cue felt from `at`.
pub fn pulses(kind: CueKind, at: Mono) -> Vec<Pulse> {
    let mut cursor = at;
    kind.spec()
        .haptic
        .iter()
        .map(|b| {
            let start = cursor.plus(u64::from(b.wait_ms));
            cursor = start.plus(u64::from(b.on_ms));
            Pulse { start, on_ms: u64::from(b.on_ms), strength: b.strength }
        })
        .collect()
}

/// The cues a replacing vibrator (web, Android) still has to play, as pulses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HapticQueue {
    pulses: Vec<Pulse>,
}

impl HapticQueue {
    /// Queues `kind` at `at` (moved later if it would run into a cue already queued) and returns every
    /// pulse still to be felt from `now`: what the next vibration call must carry.
    pub fn add(&mut self, now: Mono, kind: CueKind, at: Mono) -> &[Pulse] {
        self.pulses.retain(|p| p.end() > now);
        let length: u64 = kind.haptic_ms().into();
        let mut start = at;
        // Queued pulses are sorted and each cue's pulses are contiguous in time, so one pass finds a gap.
        for p in &self.pulses {
            let overlaps = p.start < start.plus(length + SEPARATION_MS) && p.end().plus(SEPARATION_MS) > start;
            if overlaps {
                start = p.end().plus(SEPARATION_MS);
            }
        }
        self.pulses.extend(pulses(kind, start));
        crate::sort::sort_by_key(&mut self.pulses, |p| p.start);
        &self.pulses
    }

    /// Everything queued is dropped (the session moved or stopped).
    pub fn clear(&mut self) {
        self.pulses.clear();
    }
}

/// Only what is left of `pulses` from `now`: a pulse already begun keeps its remainder.
fn remaining(now: Mono, pulses: &[Pulse]) -> Vec<(Mono, u64, u8)> {
    pulses
        .iter()
        .filter(|p| p.end() > now)
        .map(|p| {
            let start = p.start.max(now);
            (start, p.end().since(start), p.strength)
        })
        .collect()
}

/// `navigator.vibrate`'s pattern for `pulses` from `now` (W3C: first entry vibrates). Empty when nothing is
/// left to feel: the caller then makes no call at all.
pub fn w3c_pattern(now: Mono, pulses: &[Pulse]) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    let mut cursor = now;
    for (start, on, _) in remaining(now, pulses) {
        let wait = start.since(cursor);
        if out.is_empty() {
            if wait > 0 {
                out.extend([0, wait]);
            }
            out.push(on);
        } else if wait == 0 {
            *out.last_mut().expect("not empty") += on; // touching pulses are one buzz
        } else {
            out.extend([wait, on]);
        }
        cursor = start.plus(on);
    }
    out.truncate(W3C_MAX_ENTRIES); // an odd count: the pattern still ends on a vibration
    for ms in &mut out {
        *ms = (*ms).min(W3C_MAX_MS);
    }
    out
}

/// Android's `createWaveform(timings, amplitudes, -1)` for `pulses` from `now`: timings start with an off
/// duration (possibly 0); each off entry has amplitude 0. `None` when nothing is left to feel (an empty
/// waveform makes `createWaveform` throw).
pub fn android_waveform(now: Mono, pulses: &[Pulse]) -> Option<(Vec<i64>, Vec<i32>)> {
    let left = remaining(now, pulses);
    if left.is_empty() {
        return None;
    }
    let (mut timings, mut amplitudes) = (Vec::new(), Vec::new());
    let mut cursor = now;
    for (start, on, strength) in left {
        timings.extend([start.since(cursor) as i64, on as i64]);
        amplitudes.extend([0, i32::from(strength.max(1))]);
        cursor = start.plus(on);
    }
    Some((timings, amplitudes))
}

/// The weight of an iOS impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactWeight {
    Light,
    Medium,
    Heavy,
}

/// A buzz this long or longer is a heavy impact, then medium; shorter ones are light.
const HEAVY_FROM_MS: u64 = 300;
const MEDIUM_FROM_MS: u64 = 100;

/// The impact iOS plays for a pulse: its weight from the buzz's length, its intensity (0–1) from its strength.
pub fn ios_impact(pulse: &Pulse) -> (ImpactWeight, f64) {
    let weight = match pulse.on_ms {
        ms if ms >= HEAVY_FROM_MS => ImpactWeight::Heavy,
        ms if ms >= MEDIUM_FROM_MS => ImpactWeight::Medium,
        _ => ImpactWeight::Light,
    };
    (weight, f64::from(pulse.strength) / 255.0)
}
