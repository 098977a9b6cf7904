//! The session state machine. The position on the plan's timeline is derived from an anchor — "at instant
//! `since` we were at offset `base`" — so remaining time is `deadline - now`, pausing freezes the offset, and
//! nothing drifts however often (or rarely) the shell wakes up.
//!
//! What was actually done is kept apart from where the session is: every stretch of the timeline that ran
//! (from an anchor to a pause, a skip, a back, a hold, the end) is credited to the segments it covered, so a
//! skipped side counts for nothing and a side worked twice after `back` counts twice in the minutes
//! massaged — but never more than once in the share of the routine done.

use super::cues::CueKind;
use super::plan::{Cue, Plan, SegmentKind};
use super::Mono;

/// A cue reported more than this late (the app was in the background, or the shell stalled) is dropped, not
/// played: returning to the app must never play a burst of stale beeps. `Done` is always reported.
pub const LATE_CUE_LIMIT_MS: u64 = 1500;
/// `back` within this much of a segment's start goes to the previous segment; later, it restarts this one.
const BACK_RESTARTS_AFTER_MS: u64 = 3000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Built, not started.
    Ready,
    Running,
    Paused,
    /// Ran to the end of the plan.
    Finished,
    /// Ended early by the user.
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    Ready,
    /// At instant `since` the position was `base` ms into the plan, and it has moved with the clock since.
    Running { since: Mono, base: u64 },
    /// Frozen at `at` ms; `finished` and `ended` are the two terminal forms.
    Stopped { at: u64, phase: Phase },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    plan: Plan,
    clock: Clock,
    /// Index into `plan.cues` of the first cue not yet reported or dropped.
    next_cue: usize,
    /// Per segment, the ms of it that ran up to the current anchor (the running stretch since the anchor is
    /// added when read).
    ran_ms: Vec<u64>,
}

/// What a session actually did, as of one instant: for the Done screen and the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionReport {
    /// Share of the plan's work time that ran, 0.0–1.0 (each side counted at most once).
    pub completed: f64,
    /// Time that ran in work segments, repeats included: the minutes actually massaged.
    pub worked_ms: u64,
    /// Time added by "Hold here".
    pub held_ms: u64,
    /// Per step: planned work time (holds included) and the part of it that ran (each side at most once).
    pub steps: Vec<StepDone>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDone {
    pub planned_ms: u64,
    pub done_ms: u64,
}

impl StepDone {
    /// Less than half of the step ran: it counts as skipped.
    pub fn skipped(&self) -> bool {
        self.done_ms * 2 < self.planned_ms
    }
}

impl SessionReport {
    /// Indices of the steps that count as skipped.
    pub fn skipped_steps(&self) -> Vec<usize> {
        self.steps.iter().enumerate().filter(|(_, s)| s.skipped()).map(|(i, _)| i).collect()
    }
}

/// Everything the player screen shows, at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionView {
    pub phase: Phase,
    pub segment: usize,
    pub kind: SegmentKind,
    /// Whole seconds left in this segment, rounded up (shows 1 until the very end, never 0 while running).
    pub remaining_secs: u32,
    pub segment_secs: u32,
    /// 0-based index of the step this segment belongs to or leads into.
    pub step: usize,
    pub step_count: usize,
    pub elapsed_ms: u64,
    pub total_ms: u64,
    /// The next work segment after this one, if any.
    pub next_up: Option<SegmentKind>,
}

impl SessionView {
    pub fn total_remaining_secs(&self) -> u64 {
        (self.total_ms - self.elapsed_ms).div_ceil(1000)
    }

    /// 0.0–1.0 through the whole session.
    pub fn progress(&self) -> f64 {
        if self.total_ms == 0 {
            1.0
        } else {
            self.elapsed_ms as f64 / self.total_ms as f64
        }
    }
}

impl Session {
    pub fn new(plan: Plan) -> Session {
        let ran_ms = vec![0; plan.segments.len()];
        Session { plan, clock: Clock::Ready, next_cue: 0, ran_ms }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn phase(&self) -> Phase {
        match self.clock {
            Clock::Ready => Phase::Ready,
            Clock::Running { .. } => Phase::Running,
            Clock::Stopped { phase, .. } => phase,
        }
    }

    /// Position on the plan's timeline, in ms of running time, clamped to the plan's length.
    pub fn offset(&self, now: Mono) -> u64 {
        self.raw_offset(now).min(self.plan.total_ms)
    }

    fn raw_offset(&self, now: Mono) -> u64 {
        match self.clock {
            Clock::Ready => 0,
            Clock::Running { since, base } => base + now.since(since),
            Clock::Stopped { at, .. } => at,
        }
    }

    pub fn start(&mut self, now: Mono) {
        if self.clock == Clock::Ready {
            self.clock = Clock::Running { since: now, base: 0 };
        }
    }

    pub fn pause(&mut self, now: Mono) {
        if let Clock::Running { .. } = self.clock {
            let at = self.settle(now);
            self.clock = Clock::Stopped { at, phase: Phase::Paused };
        }
    }

    pub fn resume(&mut self, now: Mono) {
        if let Clock::Stopped { at, phase: Phase::Paused } = self.clock {
            self.clock = Clock::Running { since: now, base: at };
        }
    }

    /// Ends the session early; no more cues.
    pub fn end(&mut self, now: Mono) {
        if matches!(self.phase(), Phase::Running | Phase::Paused | Phase::Ready) {
            let at = self.settle(now);
            self.clock = Clock::Stopped { at, phase: Phase::Ended };
            self.next_cue = self.plan.cues.len();
        }
    }

    /// Jumps to the start of the next segment (the cues in between are not played). Skipping the last
    /// segment reaches the end, and `Done` follows on the next `handle_timeout`.
    pub fn skip(&mut self, now: Mono) {
        if !matches!(self.phase(), Phase::Running | Phase::Paused) {
            return;
        }
        let seg = self.plan.segment_at(self.offset(now));
        self.seek(now, self.plan.segments[seg].end_ms());
    }

    /// Restarts the current segment, or goes to the previous one when at its very start.
    pub fn back(&mut self, now: Mono) {
        if !matches!(self.phase(), Phase::Running | Phase::Paused) {
            return;
        }
        let offset = self.offset(now);
        let seg = self.plan.segment_at(offset);
        let start = self.plan.segments[seg].start_ms;
        let target =
            if offset - start > BACK_RESTARTS_AFTER_MS || seg == 0 { start } else { self.plan.segments[seg - 1].start_ms };
        self.seek(now, target);
    }

    fn seek(&mut self, now: Mono, target: u64) {
        let target = target.min(self.plan.total_ms);
        self.settle(now);
        self.clock = match self.clock {
            Clock::Running { .. } => Clock::Running { since: now, base: target },
            Clock::Stopped { phase: Phase::Paused, .. } => Clock::Stopped { at: target, phase: Phase::Paused },
            other => other,
        };
        // Cues at the target itself (a step's start) are played again; the ones skipped over are not.
        self.next_cue = self.plan.first_cue_from(target);
    }

    /// Reports every cue whose deadline has passed since the last call, dropping those more than
    /// [`LATE_CUE_LIMIT_MS`] late (except `Done`), and finishes the session at the end of the plan.
    pub fn handle_timeout(&mut self, now: Mono) -> Vec<Cue> {
        let Clock::Running { .. } = self.clock else { return Vec::new() };
        let raw = self.raw_offset(now);
        let mut due = Vec::new();
        while let Some(cue) = self.plan.cues.get(self.next_cue) {
            if cue.at_ms > raw {
                break;
            }
            if raw - cue.at_ms <= LATE_CUE_LIMIT_MS || cue.kind == CueKind::Done {
                due.push(*cue);
            }
            self.next_cue += 1;
        }
        if raw >= self.plan.total_ms {
            self.settle(now);
            self.clock = Clock::Stopped { at: self.plan.total_ms, phase: Phase::Finished };
            self.next_cue = self.plan.cues.len();
        }
        due
    }

    /// Adds [`HOLD_MS`](super::HOLD_MS) to the side running (or paused) now, at this instant: see
    /// [`Plan::insert_hold`]. Returns whether it was added.
    pub fn hold(&mut self, now: Mono) -> bool {
        if !matches!(self.phase(), Phase::Running | Phase::Paused) || !self.can_hold(now) {
            return false;
        }
        // The plan's geometry changes after this instant: credit what ran under the old one first.
        let at = self.settle(now);
        self.plan.insert_hold(at)
    }

    /// Whether "Hold here" is possible now.
    pub fn can_hold(&self, now: Mono) -> bool {
        matches!(self.phase(), Phase::Running | Phase::Paused) && self.plan.can_hold(self.offset(now))
    }

    /// Credits the stretch run since the anchor to the segments it covered and re-anchors at `now`;
    /// returns the offset (clamped to the plan).
    fn settle(&mut self, now: Mono) -> u64 {
        let offset = self.offset(now);
        if let Clock::Running { base, .. } = self.clock {
            credit(&self.plan, &mut self.ran_ms, base, offset);
            self.clock = Clock::Running { since: now, base: offset };
        }
        offset
    }

    /// Per segment, the ms that ran up to `now`.
    fn ran_by_segment(&self, now: Mono) -> Vec<u64> {
        let mut ran = self.ran_ms.clone();
        if let Clock::Running { base, .. } = self.clock {
            credit(&self.plan, &mut ran, base, self.offset(now));
        }
        ran
    }

    /// What was actually done up to `now`.
    pub fn report(&self, now: Mono) -> SessionReport {
        let ran = self.ran_by_segment(now);
        let mut steps = vec![StepDone { planned_ms: 0, done_ms: 0 }; self.plan.steps.len()];
        let mut worked_ms = 0;
        for (seg, &ran) in self.plan.segments.iter().zip(&ran) {
            if let SegmentKind::Work { step, .. } = seg.kind {
                worked_ms += ran;
                steps[step].planned_ms += seg.duration_ms;
                steps[step].done_ms += ran.min(seg.duration_ms);
            }
        }
        let done: u64 = steps.iter().map(|s| s.done_ms).sum();
        let completed = if self.plan.work_ms == 0 { 1.0 } else { done as f64 / self.plan.work_ms as f64 };
        SessionReport { completed, worked_ms, held_ms: self.plan.holds.iter().map(|h| h.ms).sum(), steps }
    }

    /// The instant of a cue's deadline, given the current anchor (None unless running).
    pub fn deadline(&self, cue: &Cue) -> Option<Mono> {
        match self.clock {
            Clock::Running { since, base } => Some(since.plus(cue.at_ms.saturating_sub(base))),
            _ => None,
        }
    }

    /// When the shell must call `handle_timeout` next: the next cue's deadline (the plan always ends with
    /// `Done`, so a running session always has one).
    pub fn poll_timeout(&self) -> Option<Mono> {
        self.plan.cues.get(self.next_cue).and_then(|c| self.deadline(c))
    }

    /// Cues still to come whose deadlines fall within `horizon_ms` of `now`, with their deadlines: for
    /// channels that can be scheduled ahead (Web Audio, vibration patterns), so a stalled UI thread does not
    /// delay them.
    pub fn upcoming(&self, now: Mono, horizon_ms: u64) -> Vec<(Cue, Mono)> {
        self.pending().take_while(|(_, d)| *d <= now.plus(horizon_ms)).collect()
    }

    /// Every cue not yet reported or dropped, with its deadline, in order (nothing unless running).
    pub fn pending(&self) -> impl Iterator<Item = (Cue, Mono)> + '_ {
        self.plan.cues[self.next_cue.min(self.plan.cues.len())..]
            .iter()
            .map_while(|c| self.deadline(c).map(|d| (*c, d)))
    }

    /// When the countdown on screen next changes (None unless running).
    pub fn next_redraw(&self, now: Mono) -> Option<Mono> {
        let Clock::Running { .. } = self.clock else { return None };
        let offset = self.offset(now);
        let seg = &self.plan.segments[self.plan.segment_at(offset)];
        let left = seg.end_ms().saturating_sub(offset);
        let shown = left.div_ceil(1000);
        Some(now.plus((left - shown.saturating_sub(1) * 1000).max(1)))
    }

    /// Share of the plan's work time that actually ran, 0.0–1.0 (what the journal records as completed).
    pub fn completed_fraction(&self, now: Mono) -> f64 {
        self.report(now).completed
    }

    pub fn view(&self, now: Mono) -> SessionView {
        let offset = self.offset(now);
        let index = self.plan.segment_at(offset);
        let seg = &self.plan.segments[index];
        let next_up = self.plan.segments[index + 1..].iter().find(|s| s.kind.is_work()).map(|s| s.kind);
        SessionView {
            phase: self.phase(),
            segment: index,
            kind: seg.kind,
            remaining_secs: (seg.end_ms().saturating_sub(offset)).div_ceil(1000) as u32,
            segment_secs: (seg.duration_ms / 1000) as u32,
            step: seg.kind.step(),
            step_count: self.plan.steps.len(),
            elapsed_ms: offset,
            total_ms: self.plan.total_ms,
            next_up,
        }
    }
}

/// Adds the stretch `[from, to)` of the timeline to the segments it covers.
fn credit(plan: &Plan, ran_ms: &mut [u64], from: u64, to: u64) {
    if to <= from {
        return;
    }
    for (seg, ran) in plan.segments.iter().zip(ran_ms.iter_mut()) {
        let overlap = to.min(seg.end_ms()).saturating_sub(from.max(seg.start_ms));
        *ran += overlap;
    }
}
