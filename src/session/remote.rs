//! A session seen from outside the app, and steered from there: what a phone's ongoing notification shows
//! while a routine runs (routine, step, side, time left, paused or not) and the actions that come back from
//! it (Pause, Resume, End). Pure, like the rest of `session`: derived from the session at `now`.
//!
//! Invariants (tests/native_cues.rs): there is something to show exactly while the session is running or
//! paused; what is shown changes only when the segment or the phase does (so the shell updates the
//! notification at step boundaries, not every second — the notification counts down by itself); an action
//! code that is not one of ours is ignored rather than guessed at.

use super::engine::{Phase, Session};
use super::plan::{SegmentKind, Side};
use super::Mono;

/// What the notification shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowPlaying {
    /// The routine's name (the notification's title).
    pub routine: String,
    /// The step and side, or what the segment is ("Get ready: Calf sweep").
    pub detail: String,
    /// Until the end of this segment, in running time (the notification's countdown).
    pub ends_in_ms: u64,
    pub paused: bool,
    /// Which segment of the plan: with `paused`, tells the shell when to update.
    pub segment: usize,
}

impl NowPlaying {
    /// Whether the notification must be redrawn to go from `self` to `next` (its countdown runs by itself).
    pub fn differs(&self, next: &NowPlaying) -> bool {
        self.segment != next.segment || self.paused != next.paused || self.routine != next.routine
    }
}

/// What the notification shows for `session` at `now`; `None` before the start and once it is over.
pub fn now_playing(session: &Session, now: Mono) -> Option<NowPlaying> {
    let paused = match session.phase() {
        Phase::Running => false,
        Phase::Paused => true,
        Phase::Ready | Phase::Finished | Phase::Ended => return None,
    };
    let plan = session.plan();
    let offset = session.offset(now);
    let segment = plan.segment_at(offset);
    let seg = &plan.segments[segment];
    let title = |step: usize| plan.steps.get(step).map_or("", |s| s.title.as_str());
    let detail = match seg.kind {
        SegmentKind::GetReady => format!("Get ready: {}", title(0)),
        SegmentKind::Work { step, side: Side::Both } => title(step).to_string(),
        SegmentKind::Work { step, side } => format!("{} · {}", title(step), crate::text::lowercase(side.label())),
        SegmentKind::Switch { .. } => "Switch to the right side".to_string(),
        SegmentKind::Rest { next_step } => format!("Rest · next: {}", title(next_step)),
    };
    Some(NowPlaying {
        routine: plan.routine_name.clone(),
        detail,
        ends_in_ms: seg.end_ms().saturating_sub(offset),
        paused,
        segment,
    })
}

/// A tap on one of the notification's buttons, passed to the session engine as if made in the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteAction {
    Pause,
    Resume,
    End,
}

impl RemoteAction {
    pub const ALL: [RemoteAction; 3] = [RemoteAction::Pause, RemoteAction::Resume, RemoteAction::End];

    /// The number the native side queues for this action (`UnknotCues.ACTION_*` in MainActivity.kt).
    pub const fn code(self) -> i32 {
        match self {
            RemoteAction::Pause => 1,
            RemoteAction::Resume => 2,
            RemoteAction::End => 3,
        }
    }

    /// The action for a queued code; `None` for "nothing queued" (0) and for anything unknown.
    pub fn from_code(code: i32) -> Option<RemoteAction> {
        RemoteAction::ALL.into_iter().find(|a| a.code() == code)
    }
}
