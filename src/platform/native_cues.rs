//! The Rust half of a phone's native cue player: what has been handed to it and is still to come, per
//! channel. The conductor hands native players a long window of cues ([`crate::session::NATIVE_WINDOW_MS`])
//! with their instants and cancels a whole channel when the session moves; the player (Android: the
//! foreground service's handler thread in `MainActivity.kt`; iOS: prepared `AVAudioPlayer`s and timers)
//! plays them on its own clock. iOS cannot play haptics while the app is in the background, so there the
//! queue is also turned into local notifications with sound ([`NativeQueue::alerts`]). Pure, so the rules are
//! tested on the desktop (tests/native_cues.rs).
//!
//! Invariants: a cancelled channel holds nothing; nothing past is kept; the alerts are the coming cues that
//! mark a moment ([`alerted`]: start, halfway, switch sides, done — not the once-a-second ticks or the pace
//! marks, which as notifications would bury the lock screen), one per instant however many channels carry
//! it, in time order, at most [`MAX_PENDING_ALERTS`] (iOS keeps only the soonest 64 pending notifications of
//! an app and silently drops the rest).

use crate::session::{Channel, CueKind, Mono};

/// iOS keeps at most 64 pending local notifications per app.
pub const MAX_PENDING_ALERTS: usize = 64;

/// One cue handed to a native player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    pub channel: Channel,
    pub kind: CueKind,
    pub at: Mono,
}

/// A local notification standing in for a cue the phone cannot play in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alert {
    pub kind: CueKind,
    /// From `now`, in ms (iOS's time-interval trigger needs more than zero).
    pub in_ms: u64,
}

#[derive(Debug, Clone, Default)]
pub struct NativeQueue {
    queued: Vec<Queued>,
}

impl NativeQueue {
    pub fn schedule(&mut self, channel: Channel, kind: CueKind, at: Mono) {
        self.queued.push(Queued { channel, kind, at });
    }

    /// Drops what `channel` holds (pause, skip, back, end).
    pub fn cancel(&mut self, channel: Channel) {
        self.queued.retain(|q| q.channel != channel);
    }

    /// Forgets what is due at or before `now` (played, or too late to play).
    pub fn prune(&mut self, now: Mono) {
        self.queued.retain(|q| q.at > now);
    }

    pub fn queued(&self) -> &[Queued] {
        &self.queued
    }

    /// The notifications to have pending while the app is in the background, as of `now`.
    pub fn alerts(&self, now: Mono) -> Vec<Alert> {
        let mut coming: Vec<(Mono, CueKind)> =
            self.queued.iter().filter(|q| q.at > now && alerted(q.kind)).map(|q| (q.at, q.kind)).collect();
        crate::sort::sort_by_key(&mut coming, |&(at, kind)| (at, kind.name()));
        coming.dedup();
        coming.into_iter().take(MAX_PENDING_ALERTS).map(|(at, kind)| Alert { kind, in_ms: at.since(now) }).collect()
    }
}

/// Whether a cue kind becomes a notification while the app is in the background (exhaustive: a new kind
/// must be decided here).
pub fn alerted(kind: CueKind) -> bool {
    match kind {
        CueKind::Start | CueKind::Halfway | CueKind::SwitchSides | CueKind::Done => true,
        CueKind::GetReadyTick | CueKind::EndTick | CueKind::Pace => false,
    }
}

/// The notification's words for a cue (the sound is the system's notification sound).
pub fn alert_text(kind: CueKind) -> &'static str {
    match kind {
        CueKind::Start => "Go: next part of the routine",
        CueKind::Halfway => "Halfway through this side",
        CueKind::SwitchSides => "Switch sides",
        CueKind::Done => "Routine complete",
        CueKind::GetReadyTick | CueKind::EndTick | CueKind::Pace => "",
    }
}
