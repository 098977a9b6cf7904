//! The session runner: the imperative shell around [`Session`]. It sleeps until the engine's next deadline
//! (a cue, or the second the countdown changes), asks the engine what is due, plays each cue on the channels
//! the user left on, and redraws. User actions go to the engine with the current time and the loop is
//! restarted, so the schedule is always recomputed from deadlines — nothing is counted down.
//!
//! Lookahead (the Web Audio "tale of two clocks" pattern): cues due within [`LOOKAHEAD_MS`] are handed to the
//! channels that can be scheduled — sounds on the audio clock, vibration as a pattern that starts with a wait
//! — so a stalled UI thread does not make them late. The screen (countdown, flash) changes when the cue is
//! due. Pause, skip, back and end cancel whatever was handed over and not yet played.

use chrono::{DateTime, FixedOffset};
use dioxus::core::Task;
use dioxus::prelude::*;

use super::AppState;
use crate::journal::SessionRecord;
use crate::platform;
use crate::session::{Cue, CueKind, Mono, Phase, Plan, Session, SessionView, LATE_CUE_LIMIT_MS};

/// How far ahead cues are handed to the audio and vibration channels. The loop wakes at least once a second
/// (the countdown), so every cue is handed over at least `LOOKAHEAD_MS - 1000` ms before it is due: longer
/// than the main-thread stalls we expect.
pub const LOOKAHEAD_MS: u64 = 1500;

/// A cue already handed to the audio/vibration channels, and at which instant it will play.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Handed {
    cue: Cue,
    at: Mono,
    sound: bool,
    haptic: bool,
}

/// What the screen shows for a cue beyond the countdown (the "screen" channel, always on).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShownCue {
    pub kind: CueKind,
    /// Changes with every cue, so the same kind twice restarts the animation.
    pub seq: u64,
    /// Whether the full-screen flash channel is on.
    pub flash: bool,
}

#[derive(Clone, Copy)]
pub struct Runner {
    pub session: Signal<Session>,
    /// The instant the view was last computed at; set only by the runner.
    pub now: Signal<Mono>,
    pub shown: Signal<Option<ShownCue>>,
    /// Announced to screen readers at step boundaries (not every second).
    pub announcement: Signal<String>,
    /// The journal id of this session once it has ended and been recorded.
    pub record_id: Signal<Option<String>>,
    started_at: Signal<Option<DateTime<FixedOffset>>>,
    task: Signal<Option<Task>>,
    state: Signal<Option<AppState>>,
    handed: Signal<Vec<Handed>>,
}

impl Runner {
    pub fn new(plan: Plan, state: AppState) -> Runner {
        Runner {
            session: Signal::new(Session::new(plan)),
            now: Signal::new(platform::now()),
            shown: Signal::new(None),
            announcement: Signal::new(String::new()),
            record_id: Signal::new(None),
            started_at: Signal::new(None),
            task: Signal::new(None),
            state: Signal::new(Some(state)),
            handed: Signal::new(Vec::new()),
        }
    }

    pub fn view(&self) -> SessionView {
        self.session.read().view(*self.now.read())
    }

    pub fn start(mut self) {
        let now = platform::now();
        self.started_at.set(Some(platform::local_now()));
        self.session.write().start(now);
        platform::keep_awake(true);
        self.restart_loop();
    }

    pub fn pause(mut self) {
        self.session.write().pause(platform::now());
        self.cancel_handed();
        self.stop_loop();
        self.now.set(platform::now());
    }

    pub fn resume(mut self) {
        self.session.write().resume(platform::now());
        self.restart_loop();
    }

    pub fn skip(mut self) {
        self.session.write().skip(platform::now());
        self.cancel_handed();
        self.restart_loop();
    }

    pub fn back(mut self) {
        self.session.write().back(platform::now());
        self.cancel_handed();
        self.restart_loop();
    }

    pub fn end(mut self) {
        let now = platform::now();
        self.session.write().end(now);
        self.cancel_handed();
        self.stop_loop();
        self.now.set(now);
        self.finish(now);
    }

    /// After the app or tab comes back to the foreground: land on the right second; stale cues are dropped
    /// by the engine's late-cue policy.
    pub fn resync(self) {
        if self.session.read().phase() == Phase::Running {
            self.restart_loop();
        }
    }

    /// Leaving the player: stop the loop and release the screen.
    pub fn dispose(self) {
        self.stop_loop();
        platform::keep_awake(false);
    }

    /// Takes back what was handed to the channels ahead of time (the session moved or stopped).
    fn cancel_handed(mut self) {
        let handed = std::mem::take(&mut *self.handed.write());
        if handed.iter().any(|h| h.haptic) {
            platform::cancel_haptics();
        }
        if handed.iter().any(|h| h.sound) {
            platform::cancel_sounds();
        }
    }

    fn stop_loop(mut self) {
        if let Some(task) = self.task.write().take() {
            task.cancel();
        }
    }

    fn restart_loop(mut self) {
        self.stop_loop();
        let task = spawn(async move { self.run().await });
        self.task.set(Some(task));
    }

    async fn run(mut self) {
        loop {
            let now = platform::now();
            let (cues, phase, next) = {
                let mut session = self.session.write();
                let cues = session.handle_timeout(now);
                let next = [session.poll_timeout(), session.next_redraw(now)].into_iter().flatten().min();
                (cues, session.phase(), next)
            };
            self.now.set(now);
            for cue in &cues {
                self.play(cue, now);
            }
            self.hand_over(now);
            if phase == Phase::Finished {
                self.finish(now);
                return;
            }
            match next {
                Some(deadline) if phase == Phase::Running => platform::sleep_until(deadline).await,
                _ => return,
            }
        }
    }

    fn channels(&self) -> crate::session::CueChannels {
        self.state.read().as_ref().map(|s| s.settings.read().cues).unwrap_or_default()
    }

    /// A cue is due: show it, and play it on every channel it was not already handed to.
    fn play(mut self, cue: &Cue, now: Mono) {
        let channels = self.channels();
        let handed = self.handed.read().iter().find(|h| h.cue == *cue).copied();
        if channels.haptics && !handed.is_some_and(|h| h.haptic) {
            let pattern = platform::combined_haptic_pattern(now, &[(cue.kind, now)]);
            platform::play_haptic_pattern(&pattern, &[cue.kind]);
        }
        if channels.sound && !handed.is_some_and(|h| h.sound) {
            platform::play_sound(cue.kind, 0);
        }
        if channels.sound && cue.kind == CueKind::Start {
            // After the beep, the step's name: useful with the phone on the floor out of sight.
            let title = {
                let session = self.session.read();
                let plan = session.plan();
                plan.steps[plan.segments[cue.segment].kind.step()].title.clone()
            };
            platform::say(&title);
        }
        let seq = self.shown.read().map_or(0, |s| s.seq + 1);
        self.shown.set(Some(ShownCue { kind: cue.kind, seq, flash: channels.flash }));
        if matches!(cue.kind, CueKind::Start | CueKind::SwitchSides | CueKind::Done) {
            let text = self.announce(cue);
            self.announcement.set(text);
        }
    }

    /// Hands the cues of the next [`LOOKAHEAD_MS`] to the channels that can schedule them.
    fn hand_over(mut self, now: Mono) {
        let channels = self.channels();
        let upcoming = self.session.read().upcoming(now, LOOKAHEAD_MS);
        let offset = self.session.read().offset(now);
        let mut handed = self.handed.write();
        // Forget what has long been played (kept a little past the late limit so `play` still recognises it).
        handed.retain(|h| h.cue.at_ms + LATE_CUE_LIMIT_MS + 1000 >= offset);
        let new: Vec<(Cue, Mono)> = upcoming.into_iter().filter(|(c, _)| !handed.iter().any(|h| h.cue == *c)).collect();
        if new.is_empty() {
            return;
        }
        let haptic = channels.haptics && platform::HAPTICS_AHEAD;
        for &(cue, at) in &new {
            if channels.sound {
                platform::play_sound(cue.kind, at.since(now));
            }
            handed.push(Handed { cue, at, sound: channels.sound, haptic });
        }
        if haptic {
            // One pattern for every handed cue still to come: a new vibration replaces the pending one.
            // Cues still to come, and any still buzzing (carried on from where they are).
            let mut pending: Vec<(CueKind, Mono)> = handed
                .iter()
                .filter(|h| h.haptic && h.at.plus(platform::haptic_pattern(h.cue.kind).iter().sum()) > now)
                .map(|h| (h.cue.kind, h.at))
                .collect();
            pending.sort_by_key(|&(_, at)| at);
            let kinds: Vec<CueKind> = pending.iter().map(|&(k, _)| k).collect();
            platform::play_haptic_pattern(&platform::combined_haptic_pattern(now, &pending), &kinds);
        }
    }

    fn announce(&self, cue: &Cue) -> String {
        let session = self.session.read();
        let plan = session.plan();
        let seg = &plan.segments[cue.segment];
        match cue.kind {
            CueKind::Done => "Session complete.".into(),
            CueKind::SwitchSides => "Switch sides.".into(),
            _ => {
                let step = &plan.steps[seg.kind.step()];
                format!("{}. {} seconds.", step.title, seg.duration_ms / 1000)
            }
        }
    }

    /// Records the session in the journal (once) and releases the screen.
    fn finish(mut self, now: Mono) {
        platform::keep_awake(false);
        if self.record_id.read().is_some() {
            return;
        }
        let (routine_id, completed) = {
            let s = self.session.read();
            (s.plan().routine_id.clone(), s.completed_fraction(now))
        };
        let ended_at = platform::local_now();
        let record = SessionRecord {
            id: platform::new_id(),
            routine_id,
            started_at: self.started_at.read().unwrap_or(ended_at),
            ended_at,
            completed,
        };
        let id = record.id.clone();
        if let Some(state) = self.state.read().clone() {
            match state.write(|j| j.record_session(&record)) {
                Ok(()) => self.record_id.set(Some(id)),
                Err(e) => {
                    let mut notice = state.notice;
                    notice.set(Some(format!("The session could not be saved to your journal: {e}")));
                }
            }
        }
    }
}
