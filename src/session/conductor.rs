//! The conductor: the one place that decides what every cue does, in the sans-IO style of quinn-proto. The
//! shell tells it what the user did and what time it is (`start`, `pause`, …, `handle_timeout(now)`); it
//! answers with [`Command`]s — schedule a cue on a channel at an instant, cancel a channel, show, announce,
//! speak, keep the screen awake, record the session, wake me at — which the shell's executor carries out
//! without deciding anything. It reads no clock and does no I/O.
//!
//! Lookahead: a channel with its own clock ([`ChannelTiming::Ahead`]: Web Audio, Android's vibrator service,
//! the cue bridge's timers that vibrate and flash in a webview) is handed each cue up to [`LOOKAHEAD_MS`]
//! before its instant, with the instant, so the app's own wake-up and work (and a re-render) do not make it
//! late. A channel without one ([`ChannelTiming::AtInstant`]: a browser's `navigator.vibrate`,
//! iOS's feedback generators) is told when the cue is due. A phone's native cue player, which keeps playing
//! while the app sleeps (screen off, music app in front), is handed a longer window
//! ([`Conductor::handing_ahead`], e.g. [`NATIVE_WINDOW_MS`]): cancelling there is exact, so a long window
//! costs nothing on pause, and it keeps the cues going however long the app is kept from running.
//!
//! The channels are [`CUE_CHANNELS`]: vibration, sound and the full-screen flash go through the same
//! hand-over and the same cancel, so none can be handed ahead without being taken back; the voice is spoken
//! when its cue is due. The screen's other duties (the countdown's pulse, announcements) are [`Command::Show`]
//! and [`Command::Announce`] at the cue's instant.
//!
//! Invariants (tests/conductor.rs): no cue is scheduled before its deadline; each cue reaches each channel at
//! most once per pass over it; whatever was handed ahead is cancelled when the session moves (pause, skip,
//! back, hold, end) and handed again from the new position; the session is recorded at most once: when it
//! finishes, is ended, or is left after some work (not when left before any); the shell is always told when
//! to wake while the session runs; nothing is handed to the flash channel while the flash is switched off.

use std::collections::VecDeque;

use super::cues::{CueKind, Screen};
use super::engine::{Phase, Session, SessionReport, SessionView};
use super::plan::{Cue, Plan, SegmentKind};
use super::{CueChannels, Mono, Pace, SessionSettings};

/// How far ahead cues are handed to channels that keep their own time: longer than the main-thread stalls
/// we expect, short enough that a pause cancels little.
pub const LOOKAHEAD_MS: u64 = 1500;

/// The window handed to a phone's native cue player (Android's foreground service, iOS's audio player): a
/// minute, so the cues go on even if the app is kept from running that long; not the whole session, because
/// each queued tone holds a prepared player on iOS and a pass over the window runs at every wake-up.
pub const NATIVE_WINDOW_MS: u64 = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Haptic,
    Sound,
    /// The full-screen flash (with its word) of the cues whose [`Screen`] is [`Screen::Flash`], drawn on the
    /// player's overlay by the webview's cue bridge.
    Flash,
    /// Spoken guidance (speech synthesis).
    Voice,
}

/// The channels cues are scheduled on, handed ahead to and cancelled on (the voice is told when to speak).
pub const CUE_CHANNELS: [Channel; 3] = [Channel::Haptic, Channel::Sound, Channel::Flash];

/// How a platform plays a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelTiming {
    /// Not there (the desktop window has no vibration motor).
    Absent,
    /// Played when the cue is due: nothing can be queued ahead safely.
    AtInstant,
    /// Handed over ahead with the instant to play at: up to [`LOOKAHEAD_MS`] before it, or the window set
    /// with [`Conductor::handing_ahead`].
    Ahead,
}

/// What the platform's executor can do with each cue channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformCues {
    pub haptic: ChannelTiming,
    pub sound: ChannelTiming,
    pub flash: ChannelTiming,
}

/// How a session ended, for the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// What actually ran: the share of the routine, the minutes massaged, holds, skipped steps.
    pub report: SessionReport,
    /// Ran to the end (false: ended early by the user).
    pub finished: bool,
}

/// What the shell must do. Executed in the order given.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Play `cue` (its kind, from the cue table) on `channel` at `at`: now, or later on the channel's own
    /// clock. `at` is never before the cue's deadline.
    Schedule { channel: Channel, cue: Cue, at: Mono },
    /// Drop what is queued on the channel and not yet begun (and stop speaking, for the voice).
    Cancel(Channel),
    /// The countdown pulses for this cue now (its [`Screen`] is [`Screen::Pulse`]). A full-screen flash is
    /// not shown this way: it is the [`Channel::Flash`], scheduled like the other channels.
    Show { kind: CueKind },
    /// Tell screen readers (a live region).
    Announce(String),
    /// Say it aloud now.
    Speak(String),
    KeepAwake(bool),
    /// The session is over: write it to the journal (once).
    Record(Outcome),
    /// Call `handle_timeout` at this instant (replaces any earlier wake-up).
    WakeAt(Mono),
}

#[derive(Debug, Clone)]
pub struct Conductor {
    session: Session,
    channels: CueChannels,
    pace: Pace,
    platform: PlatformCues,
    /// How far ahead [`ChannelTiming::Ahead`] channels are handed their cues.
    window_ms: u64,
    /// Cues handed ahead to a channel, until well past their instant.
    handed: Vec<(Cue, Channel)>,
    /// Whether something may still be being said (so a move of the session stops it).
    speaking: bool,
    recorded: bool,
    commands: VecDeque<Command>,
}

impl Conductor {
    pub fn new(plan: Plan, settings: &SessionSettings, platform: PlatformCues) -> Conductor {
        Conductor {
            session: Session::new(plan),
            channels: settings.cues,
            pace: settings.pace,
            platform,
            window_ms: LOOKAHEAD_MS,
            handed: Vec::new(),
            speaking: false,
            recorded: false,
            commands: VecDeque::new(),
        }
    }

    /// Hands [`ChannelTiming::Ahead`] channels their cues `window_ms` ahead instead of [`LOOKAHEAD_MS`]: for a
    /// native player that keeps its own clock while the app sleeps. Set before the session starts.
    pub fn handing_ahead(mut self, window_ms: u64) -> Conductor {
        self.window_ms = window_ms;
        self
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn view(&self, now: Mono) -> SessionView {
        self.session.view(now)
    }

    /// The next command for the shell, in order.
    pub fn poll(&mut self) -> Option<Command> {
        self.commands.pop_front()
    }

    pub fn start(&mut self, now: Mono) {
        if self.session.phase() == Phase::Ready {
            self.session.start(now);
            self.commands.push_back(Command::KeepAwake(true));
            self.step(now);
        }
    }

    pub fn pause(&mut self, now: Mono) {
        self.moved(now, Session::pause);
    }

    pub fn resume(&mut self, now: Mono) {
        self.moved(now, Session::resume);
    }

    pub fn skip(&mut self, now: Mono) {
        self.moved(now, Session::skip);
    }

    pub fn back(&mut self, now: Mono) {
        self.moved(now, Session::back);
    }

    /// "Hold here": more time on the current spot. Everything handed ahead after this instant moved later, so
    /// it is taken back and handed again from the new timeline.
    pub fn hold(&mut self, now: Mono) {
        if self.session.hold(now) {
            self.cancel_all();
            self.commands.push_back(Command::Announce(format!("{} seconds added.", super::HOLD_MS / 1000)));
            self.step(now);
        }
    }

    /// Ends the session early; it is recorded with what was done.
    pub fn end(&mut self, now: Mono) {
        self.moved(now, Session::end);
    }

    /// The player was closed mid-session (Back): silence everything, release the screen, and record what was
    /// done as End does, for End says it keeps it and Back cannot ask first. Left before any work (still getting
    /// ready: a Start tapped by mistake), nothing is recorded.
    pub fn leave(&mut self, now: Mono) {
        if matches!(self.session.phase(), Phase::Running | Phase::Paused) {
            self.cancel_all();
            self.session.end(now);
            if self.session.report(now).worked_ms > 0 {
                self.record(now);
            } else {
                self.recorded = true;
                self.commands.push_back(Command::KeepAwake(false));
            }
        }
    }

    /// Whatever is due at `now`: cues to play, cues to hand ahead, the end of the session, the next wake-up.
    /// Also the way back from the background: stale cues are dropped by the engine's late-cue policy.
    pub fn handle_timeout(&mut self, now: Mono) {
        self.step(now);
    }

    fn moved(&mut self, now: Mono, verb: fn(&mut Session, Mono)) {
        let before = (self.session.phase(), self.session.offset(now));
        verb(&mut self.session, now);
        if (self.session.phase(), self.session.offset(now)) != before {
            // What was handed ahead belongs to the old position.
            self.cancel_all();
        }
        self.step(now);
    }

    fn cancel_all(&mut self) {
        for channel in CUE_CHANNELS {
            if self.handed.iter().any(|&(_, c)| c == channel) {
                self.commands.push_back(Command::Cancel(channel));
            }
        }
        self.handed.clear();
        if std::mem::take(&mut self.speaking) {
            self.commands.push_back(Command::Cancel(Channel::Voice));
        }
    }

    fn step(&mut self, now: Mono) {
        for cue in self.session.handle_timeout(now) {
            self.play_due(cue, now);
        }
        self.hand_over(now);
        match self.session.phase() {
            Phase::Finished | Phase::Ended if !self.recorded => self.record(now),
            Phase::Running => {
                if let Some(at) = self.next_wake(now) {
                    self.commands.push_back(Command::WakeAt(at));
                }
            }
            _ => {}
        }
    }

    /// The session is over: it is recorded (once) and the screen released.
    fn record(&mut self, now: Mono) {
        self.recorded = true;
        let finished = self.session.phase() == Phase::Finished;
        let report = self.session.report(now);
        self.commands.push_back(Command::Record(Outcome { report, finished }));
        self.commands.push_back(Command::KeepAwake(false));
    }

    fn timing(&self, channel: Channel) -> ChannelTiming {
        match channel {
            Channel::Haptic => self.platform.haptic,
            Channel::Sound => self.platform.sound,
            Channel::Flash => self.platform.flash,
            Channel::Voice => ChannelTiming::AtInstant,
        }
    }

    /// Whether the user wants `kind` on `channel` (and the platform has it).
    fn wants(&self, channel: Channel, kind: CueKind) -> bool {
        let on = match channel {
            Channel::Haptic => self.channels.haptics && (kind != CueKind::Pace || self.pace.vibration()),
            Channel::Sound => self.channels.sound && (kind != CueKind::Pace || self.pace.sound()),
            Channel::Flash => self.channels.flash && matches!(kind.spec().screen, Screen::Flash { .. }),
            Channel::Voice => self.channels.voice && kind.spec().spoken,
        };
        on && self.timing(channel) != ChannelTiming::Absent
    }

    /// A cue is due: play it on every channel it was not handed to ahead (the flash among them), pulse the
    /// countdown, say it.
    fn play_due(&mut self, cue: Cue, now: Mono) {
        let kind = cue.kind;
        for channel in CUE_CHANNELS {
            if self.wants(channel, kind) && !self.handed.contains(&(cue, channel)) {
                self.commands.push_back(Command::Schedule { channel, cue, at: now });
            }
        }
        let spec = kind.spec();
        match spec.screen {
            Screen::Pulse => self.commands.push_back(Command::Show { kind }),
            // The flash is its own channel (above); the countdown stays still.
            Screen::Flash { .. } | Screen::Still => {}
        }
        if spec.spoken {
            let words = self.words(&cue);
            if self.wants(Channel::Voice, kind) {
                self.speaking = true;
                self.commands.push_back(Command::Speak(words.clone()));
            }
            self.commands.push_back(Command::Announce(self.announcement(&cue, words)));
        }
    }

    /// Hands the cues of the next window (normally [`LOOKAHEAD_MS`]) to the channels that keep their own time.
    fn hand_over(&mut self, now: Mono) {
        let offset = self.session.offset(now);
        // Forget what has long been played (kept past the late limit so `play_due` still recognises it).
        self.handed.retain(|(c, _)| c.at_ms + super::LATE_CUE_LIMIT_MS + 1000 >= offset);
        for (cue, at) in self.session.upcoming(now, self.window_ms) {
            for channel in CUE_CHANNELS {
                if self.timing(channel) == ChannelTiming::Ahead
                    && self.wants(channel, cue.kind)
                    && !self.handed.contains(&(cue, channel))
                {
                    self.handed.push((cue, channel));
                    self.commands.push_back(Command::Schedule { channel, cue, at });
                }
            }
        }
    }

    /// The earliest of: the next cue's deadline, the next change of the countdown, and the moment the first
    /// cue not yet handed ahead comes within the lookahead.
    fn next_wake(&self, now: Mono) -> Option<Mono> {
        let ahead = CUE_CHANNELS.into_iter().any(|c| self.timing(c) == ChannelTiming::Ahead);
        let handover = if ahead {
            self.session
                .pending()
                .find(|(_, at)| *at > now.plus(self.window_ms))
                .map(|(_, at)| Mono(at.0 - self.window_ms))
        } else {
            None
        };
        [self.session.poll_timeout(), self.session.next_redraw(now), handover].into_iter().flatten().min()
    }

    /// What is said aloud for a spoken cue.
    fn words(&self, cue: &Cue) -> String {
        let plan = self.session.plan();
        let seg = &plan.segments[cue.segment];
        match (cue.kind, seg.kind) {
            (CueKind::Done, _) => "Session complete.".into(),
            (CueKind::SwitchSides, SegmentKind::Switch { step }) => {
                format!("Switch to your right {}.", plan.steps[step].side_word)
            }
            (CueKind::SwitchSides, _) => "Switch sides.".into(),
            (_, SegmentKind::Work { step, side }) => {
                let step = &plan.steps[step];
                match side.words(&step.side_word) {
                    None => format!("{}.", step.title),
                    Some(side) => format!("{}, {}.", step.title, crate::text::lowercase(&side)),
                }
            }
            _ => String::new(),
        }
    }

    /// What screen readers hear: the spoken words, and for a start how long the side lasts.
    fn announcement(&self, cue: &Cue, words: String) -> String {
        let seg = &self.session.plan().segments[cue.segment];
        match cue.kind {
            CueKind::Start => format!("{words} {} seconds.", seg.duration_ms / 1000),
            _ => words,
        }
    }
}
