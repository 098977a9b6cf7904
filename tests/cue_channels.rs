//! The cue table and the conversions each platform's executor makes, judged by the platforms' own rules:
//! the W3C Vibration API (first entry vibrates, then pause, vibrate, …; a new call cancels the rest) and
//! Android's `createWaveform(timings, amplitudes, -1)` (timings start with an off duration). The players
//! below are written from those specifications, not from the app's conversion code.

use unknot::platform::vibration::{
    android_waveform, ios_impact, pulses, w3c_pattern, HapticQueue, ImpactWeight, Pulse, SEPARATION_MS,
};
use unknot::session::{CueKind, Mono, MIN_BUZZ_MS};

/// A buzz as felt: [start, end) in ms.
type Felt = (u64, u64);

/// Plays a `navigator.vibrate(pattern)` call made at `t` as the W3C spec says: entries alternate vibrate,
/// pause, vibrate, … starting with a vibration; zero-length vibrations are nothing.
fn w3c_play(t: u64, pattern: &[u64]) -> Vec<Felt> {
    let mut out = Vec::new();
    let mut at = t;
    for (i, &ms) in pattern.iter().enumerate() {
        if i % 2 == 0 && ms > 0 {
            out.push((at, at + ms));
        }
        at += ms;
    }
    out
}

/// Plays Android's `createWaveform(timings, amplitudes, -1)` started at `t`: timings alternate off, on, …
/// starting with off; an entry with amplitude 0 is off.
fn android_play(t: u64, timings: &[i64], amplitudes: &[i32]) -> Vec<Felt> {
    assert_eq!(timings.len(), amplitudes.len(), "timings and amplitudes differ in length");
    let mut out = Vec::new();
    let mut at = t;
    for (&ms, &amp) in timings.iter().zip(amplitudes) {
        assert!(ms >= 0 && (0..=255).contains(&amp));
        if amp > 0 && ms > 0 {
            out.push((at, at + ms as u64));
        }
        at += ms as u64;
    }
    out
}

fn felt(pulses: &[Pulse], from: u64) -> Vec<Felt> {
    pulses.iter().filter(|p| p.end().0 > from).map(|p| (p.start.0.max(from), p.end().0)).collect()
}

/// Touching buzzes feel like one.
fn merged(mut buzzes: Vec<Felt>) -> Vec<Felt> {
    buzzes.sort();
    let mut out: Vec<Felt> = Vec::new();
    for b in buzzes {
        match out.last_mut() {
            Some(last) if last.1 >= b.0 => last.1 = last.1.max(b.1),
            _ => out.push(b),
        }
    }
    out
}

#[test]
fn every_cue_kind_can_be_told_apart_by_feel_alone() {
    let shape = |k: CueKind| {
        let h = k.spec().haptic;
        (h.len(), h.iter().map(|b| b.on_ms).max().unwrap_or(0))
    };
    let ticks = [CueKind::GetReadyTick, CueKind::EndTick];
    for a in CueKind::ALL {
        assert!(!a.spec().haptic.is_empty(), "{a:?} has no haptic");
        for b in a.spec().haptic {
            assert!(b.on_ms >= MIN_BUZZ_MS, "{a:?}: a {} ms buzz is too short for an older motor", b.on_ms);
            assert!(b.strength > 0);
        }
        for b in CueKind::ALL {
            if a == b || (ticks.contains(&a) && ticks.contains(&b)) {
                continue;
            }
            let ((na, la), (nb, lb)) = (shape(a), shape(b));
            let apart = na != nb || la.max(lb) >= 2 * la.min(lb);
            assert!(apart, "{a:?} ({na} × {la} ms) and {b:?} ({nb} × {lb} ms) feel alike");
        }
    }
}

#[test]
fn every_cue_kind_has_its_own_sound_and_name() {
    for a in CueKind::ALL {
        assert!(!a.spec().tones.is_empty(), "{a:?} is silent");
        for b in CueKind::ALL {
            if a != b {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.spec().tones[0].hz, b.spec().tones[0].hz, "{a:?} and {b:?} start on the same pitch");
            }
        }
    }
}

#[test]
fn a_cue_played_now_starts_with_a_vibration() {
    for kind in CueKind::ALL {
        let now = Mono(5_000);
        let p = pulses(kind, now);
        let pattern = w3c_pattern(now, &p);
        assert!(pattern[0] > 0, "{kind:?}: {pattern:?} starts with a pause");
        assert!(pattern.len() % 2 == 1, "{kind:?}: {pattern:?} ends on a pause");
        assert_eq!(w3c_play(now.0, &pattern), felt(&p, now.0));
    }
    // The start cue is one 400 ms buzz: [400], not [0, 400] (which the W3C rules read as silence).
    assert_eq!(w3c_pattern(Mono(0), &pulses(CueKind::Start, Mono(0))), vec![400]);
}

#[test]
fn a_cue_handed_ahead_waits_first_then_vibrates() {
    let p = pulses(CueKind::SwitchSides, Mono(1_500));
    let pattern = w3c_pattern(Mono(1_000), &p);
    assert_eq!(pattern, vec![0, 500, 120, 120, 120]);
    assert_eq!(w3c_play(1_000, &pattern), vec![(1_500, 1_620), (1_740, 1_860)]);
    let (timings, amplitudes) = android_waveform(Mono(1_000), &p).unwrap();
    assert_eq!(timings, vec![500, 120, 120, 120]);
    assert_eq!(android_play(1_000, &timings, &amplitudes), vec![(1_500, 1_620), (1_740, 1_860)]);
}

#[test]
fn nothing_left_to_feel_makes_no_call() {
    let p = pulses(CueKind::Start, Mono(0));
    assert!(w3c_pattern(Mono(400), &p).is_empty());
    assert!(android_waveform(Mono(400), &p).is_none());
    assert!(w3c_pattern(Mono(0), &[]).is_empty());
    assert!(android_waveform(Mono(0), &[]).is_none());
}

#[test]
fn a_buzz_already_begun_keeps_its_remainder() {
    let p = pulses(CueKind::Done, Mono(1_000));
    // 100 ms into the first 150 ms buzz.
    let pattern = w3c_pattern(Mono(1_100), &p);
    assert_eq!(w3c_play(1_100, &pattern), felt(&p, 1_100));
    assert_eq!(pattern[0], 50);
    let (t, a) = android_waveform(Mono(1_100), &p).unwrap();
    assert_eq!(t[0], 0);
    assert_eq!(android_play(1_100, &t, &a), felt(&p, 1_100));
}

/// A replacing vibrator: every call cancels what the previous one had not played yet.
fn replay_calls(calls: &[(u64, Vec<u64>)]) -> Vec<Felt> {
    let mut out: Vec<Felt> = Vec::new();
    for (i, (t, pattern)) in calls.iter().enumerate() {
        let cut = calls.get(i + 1).map_or(u64::MAX, |c| c.0);
        for (s, e) in w3c_play(*t, pattern) {
            if s < cut {
                out.push((s, e.min(cut)));
            }
        }
    }
    merged(out)
}

#[test]
fn a_later_call_never_drops_a_cue_still_to_be_felt() {
    // The shell fell behind: a done cue arrives while a switch cue is still buzzing, then a tick.
    let mut queue = HapticQueue::default();
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for (now, kind, at) in [(1_000, CueKind::SwitchSides, 1_000), (1_150, CueKind::Done, 1_150), (1_300, CueKind::Pace, 1_300)] {
        let pending = queue.add(Mono(now), kind, Mono(at)).to_vec();
        calls.push((now, w3c_pattern(Mono(now), &pending)));
        expected = pending.iter().map(|p| (p.start.0, p.end().0)).chain(expected).collect();
    }
    expected.sort();
    expected.dedup();
    let played = replay_calls(&calls);
    assert_eq!(played, merged(expected.clone()), "calls {calls:?}");
    // Each cue's buzzes stay apart from the next cue's.
    assert_eq!(played.len(), 2 + 3 + 1, "{played:?}");
    for w in played.windows(2) {
        assert!(w[1].0 >= w[0].1, "{played:?}");
    }
    let gaps: Vec<u64> = played.windows(2).map(|w| w[1].0 - w[0].1).collect();
    assert!(gaps.iter().filter(|&&g| g >= SEPARATION_MS).count() >= 2, "cues run together: {gaps:?}");
}

#[test]
fn cues_far_apart_are_played_at_their_own_instants() {
    let mut queue = HapticQueue::default();
    let a = queue.add(Mono(0), CueKind::EndTick, Mono(1_000)).to_vec();
    assert_eq!(a, pulses(CueKind::EndTick, Mono(1_000)));
    let b = queue.add(Mono(1_500), CueKind::Start, Mono(2_000)).to_vec();
    assert_eq!(b, pulses(CueKind::Start, Mono(2_000)), "a tick that has been felt is not carried on");
    queue.clear();
    assert_eq!(queue.add(Mono(2_100), CueKind::Pace, Mono(2_100)).to_vec(), pulses(CueKind::Pace, Mono(2_100)));
}

#[test]
fn android_amplitudes_follow_the_table() {
    let p = pulses(CueKind::Pace, Mono(0));
    let (t, a) = android_waveform(Mono(0), &p).unwrap();
    assert_eq!(t, vec![0, i64::from(MIN_BUZZ_MS)]);
    assert_eq!(a, vec![0, i32::from(CueKind::Pace.spec().haptic[0].strength)]);
    assert!(a[1] < 255, "the pace cue is softer than the others");
}

#[test]
fn ios_keeps_each_cue_apart_by_count_and_weight() {
    let weights = |k: CueKind| pulses(k, Mono(0)).iter().map(|p| ios_impact(p).0).collect::<Vec<_>>();
    assert_eq!(weights(CueKind::GetReadyTick), vec![ImpactWeight::Light]);
    assert_eq!(weights(CueKind::Halfway), vec![ImpactWeight::Medium]);
    assert_eq!(weights(CueKind::Start), vec![ImpactWeight::Heavy]);
    assert_eq!(weights(CueKind::SwitchSides).len(), 2);
    assert_eq!(weights(CueKind::Done).len(), 3);
    // Two impacts of one cue are spaced as designed (a tap is short; the gap is what tells them apart).
    let p = pulses(CueKind::SwitchSides, Mono(0));
    assert!(p[1].start.0 - p[0].start.0 >= 200, "{p:?}");
    for k in CueKind::ALL {
        for p in pulses(k, Mono(0)) {
            let (_, intensity) = ios_impact(&p);
            assert!(intensity > 0.0 && intensity <= 1.0);
        }
    }
}
