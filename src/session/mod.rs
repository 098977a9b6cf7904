//! Guided sessions, as a pure core in the sans-IO style of quinn-proto: [`Plan::build`] turns a routine and
//! the user's settings into a timeline of segments and cues, and [`Session`] walks that timeline with time
//! passed in by the caller (`now`, a [`Mono`] instant). Nothing here reads a clock, sleeps or plays a sound.
//!
//! Invariants: remaining time is always derived from deadlines (`deadline - now`), never counted down; a cue
//! is never reported before its deadline and at most once per pass over it; time spent paused never counts.

mod conductor;
mod cues;
mod engine;
mod plan;
mod remote;

pub use conductor::{
    Channel, ChannelTiming, Command, Conductor, Outcome, PlatformCues, CUE_CHANNELS, LOOKAHEAD_MS, NATIVE_WINDOW_MS,
};
pub use cues::{Buzz, CueKind, CueSpec, Screen, Tone, MIN_BUZZ_MS};
pub use engine::{Phase, Session, SessionReport, SessionView, StepDone, LATE_CUE_LIMIT_MS};
pub use plan::{Cue, Hold, Plan, PlannedStep, Segment, SegmentKind, Side, HOLD_MS, MAX_HOLDS_PER_SIDE};
pub use remote::{now_playing, NowPlaying, RemoteAction};

use serde::{Deserialize, Serialize};

/// An instant on a monotonic clock, in milliseconds from an arbitrary origin chosen by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Mono(pub u64);

impl Mono {
    pub fn plus(self, ms: u64) -> Mono {
        Mono(self.0 + ms)
    }

    /// Milliseconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: Mono) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// How long to work each side, relative to what the routine says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    Quick,
    #[default]
    Standard,
    Thorough,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Quick, Scale::Standard, Scale::Thorough];

    pub fn label(self) -> &'static str {
        match self {
            Scale::Quick => "Quick",
            Scale::Standard => "Standard",
            Scale::Thorough => "Thorough",
        }
    }

    /// Scaled per-side seconds. The result stays within 20–180 s (the useful dose range), but a step the
    /// content writes outside that range is never pushed further out by scaling.
    pub fn apply(self, seconds: u32) -> u32 {
        let scaled = match self {
            Scale::Quick => seconds / 2,
            Scale::Standard => seconds,
            Scale::Thorough => seconds + seconds / 2,
        };
        scaled.clamp(MIN_SIDE_SECS.min(seconds), MAX_SIDE_SECS.max(seconds))
    }
}

pub const MIN_SIDE_SECS: u32 = 20;
pub const MAX_SIDE_SECS: u32 = 180;

/// Which cue channels are on. Every cue is always shown on screen as well; these switch the extra channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CueChannels {
    pub haptics: bool,
    pub sound: bool,
    pub flash: bool,
    /// Spoken guidance: the step and side at each start, the side to switch to, the end.
    pub voice: bool,
}

impl Default for CueChannels {
    fn default() -> Self {
        CueChannels { haptics: true, sound: true, flash: true, voice: true }
    }
}

/// The optional pace cue: one soft mark per stroke of the step's tempo, on the chosen channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    #[default]
    Off,
    Sound,
    Vibration,
    Both,
}

impl Pace {
    pub const ALL: [Pace; 4] = [Pace::Off, Pace::Sound, Pace::Vibration, Pace::Both];

    pub fn label(self) -> &'static str {
        match self {
            Pace::Off => "Off",
            Pace::Sound => "Sound",
            Pace::Vibration => "Vibration",
            Pace::Both => "Both",
        }
    }

    pub fn sound(self) -> bool {
        matches!(self, Pace::Sound | Pace::Both)
    }

    pub fn vibration(self) -> bool {
        matches!(self, Pace::Vibration | Pace::Both)
    }
}

/// The user's session settings (persisted by the shell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionSettings {
    pub scale: Scale,
    /// Get-ready time before the first step.
    pub prep_secs: u32,
    /// Time to change legs between the two sides of a step; never taken from side two.
    pub switch_secs: u32,
    /// Pause between steps (0 = none).
    pub rest_secs: u32,
    pub cues: CueChannels,
    pub pace: Pace,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings { scale: Scale::Standard, prep_secs: 10, switch_secs: 5, rest_secs: 5, cues: CueChannels::default(), pace: Pace::Off }
    }
}

impl SessionSettings {
    pub const PREP_SECS: std::ops::RangeInclusive<u32> = 3..=30;
    pub const SWITCH_SECS: std::ops::RangeInclusive<u32> = 3..=15;
    pub const REST_SECS: std::ops::RangeInclusive<u32> = 0..=30;

    /// The same settings with every number brought into its allowed range (e.g. after reading old data).
    pub fn clamped(self) -> Self {
        SessionSettings {
            prep_secs: self.prep_secs.clamp(*Self::PREP_SECS.start(), *Self::PREP_SECS.end()),
            switch_secs: self.switch_secs.clamp(*Self::SWITCH_SECS.start(), *Self::SWITCH_SECS.end()),
            rest_secs: self.rest_secs.clamp(*Self::REST_SECS.start(), *Self::REST_SECS.end()),
            ..self
        }
    }
}
