//! The cue vocabulary (PRODUCT.md "Cues"), defined once: every kind of cue with its haptic waveform, its
//! tones, what the screen does and whether it is spoken. Everything that plays a cue — the conductor, the
//! platform executors, the web audio bridge — reads this table; nothing else names a cue's feel or sound.
//!
//! Invariants (checked by tests): every kind differs from every other by feel alone — in the number of
//! buzzes, or in buzz length by at least 2× (the two kinds of tick share a feel on purpose); no buzz is
//! shorter than [`MIN_BUZZ_MS`], so older eccentric-mass motors spin up; `CueKind::spec` is an exhaustive
//! match, so a new kind does not compile until it has every channel.

use serde::{Deserialize, Serialize};

/// Shortest buzz: eccentric-mass motors (older and cheaper phones) barely move in less.
pub const MIN_BUZZ_MS: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CueKind {
    /// 3-2-1 before a step begins.
    GetReadyTick,
    /// A step (or its second side) begins.
    Start,
    /// Half of this side is done.
    Halfway,
    /// Change legs now.
    SwitchSides,
    /// The last three seconds of a side.
    EndTick,
    /// The step's stroke rhythm (optional, Settings): one soft mark per stroke.
    Pace,
    /// The whole session is complete.
    Done,
}

/// One buzz of a haptic waveform, in a neutral form each platform converts to its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buzz {
    /// Quiet time before this buzz, after the previous one ends (0 for the first).
    pub wait_ms: u32,
    pub on_ms: u32,
    /// 1–255, as Android's amplitudes; platforms without amplitude control play every buzz at full strength.
    pub strength: u8,
}

/// One tone of a cue's sound, generated on the device (no sound files).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tone {
    /// From the cue's instant.
    pub at_ms: u32,
    pub hz: u32,
    pub len_ms: u32,
    /// Peak gain, 0–1.
    pub gain: f32,
}

/// What the screen does for a cue, beyond the countdown it always shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// A full-screen flash (when the flash channel is on), with an optional word across it.
    Flash { word: Option<&'static str> },
    /// The countdown pulses.
    Pulse,
    /// Nothing beyond the countdown.
    Still,
}

/// Everything about one kind of cue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueSpec {
    /// A stable name (CSS classes, tests).
    pub name: &'static str,
    pub haptic: &'static [Buzz],
    pub tones: &'static [Tone],
    pub screen: Screen,
    /// Whether it is spoken aloud (with the voice on) and announced to screen readers.
    pub spoken: bool,
}

const fn buzz(wait_ms: u32, on_ms: u32, strength: u8) -> Buzz {
    Buzz { wait_ms, on_ms, strength }
}

const fn tone(at_ms: u32, hz: u32, len_ms: u32, gain: f32) -> Tone {
    Tone { at_ms, hz, len_ms, gain }
}

// Feel: tick 60 ms, halfway 150 ms, start 400 ms (one buzz each, ≥ 2.5× apart in length); switch two buzzes,
// done three; pace a 30 ms half-strength tap (half a tick). Sound: each kind's first tone has its own pitch.
const TICK: &[Buzz] = &[buzz(0, 60, 200)];

const GET_READY_TICK: CueSpec = CueSpec {
    name: "get-ready",
    haptic: TICK,
    tones: &[tone(0, 1320, 80, 0.25)],
    screen: Screen::Pulse,
    spoken: false,
};

const START: CueSpec = CueSpec {
    name: "start",
    haptic: &[buzz(0, 400, 255)],
    tones: &[tone(0, 880, 450, 0.35)],
    screen: Screen::Flash { word: None },
    spoken: true,
};

const HALFWAY: CueSpec = CueSpec {
    name: "halfway",
    haptic: &[buzz(0, 150, 180)],
    tones: &[tone(0, 660, 150, 0.15)],
    screen: Screen::Pulse,
    spoken: false,
};

const SWITCH_SIDES: CueSpec = CueSpec {
    name: "switch",
    haptic: &[buzz(0, 120, 255), buzz(120, 120, 255)],
    tones: &[tone(0, 990, 120, 0.3), tone(200, 990, 120, 0.3)],
    screen: Screen::Flash { word: Some("Switch") },
    spoken: true,
};

const END_TICK: CueSpec = CueSpec {
    name: "end-tick",
    haptic: TICK,
    tones: &[tone(0, 1180, 70, 0.2)],
    screen: Screen::Pulse,
    spoken: false,
};

const PACE: CueSpec = CueSpec {
    name: "pace",
    haptic: &[buzz(0, MIN_BUZZ_MS, 110)],
    tones: &[tone(0, 440, 40, 0.08)],
    screen: Screen::Still,
    spoken: false,
};

const DONE: CueSpec = CueSpec {
    name: "done",
    haptic: &[buzz(0, 150, 255), buzz(100, 150, 255), buzz(100, 300, 255)],
    tones: &[tone(0, 523, 180, 0.3), tone(180, 659, 180, 0.3), tone(360, 784, 400, 0.3)],
    screen: Screen::Flash { word: None },
    spoken: true,
};

impl CueKind {
    pub const ALL: [CueKind; 7] = [
        CueKind::GetReadyTick,
        CueKind::Start,
        CueKind::Halfway,
        CueKind::SwitchSides,
        CueKind::EndTick,
        CueKind::Pace,
        CueKind::Done,
    ];

    pub fn spec(self) -> &'static CueSpec {
        match self {
            CueKind::GetReadyTick => &GET_READY_TICK,
            CueKind::Start => &START,
            CueKind::Halfway => &HALFWAY,
            CueKind::SwitchSides => &SWITCH_SIDES,
            CueKind::EndTick => &END_TICK,
            CueKind::Pace => &PACE,
            CueKind::Done => &DONE,
        }
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// From the cue's instant to the end of its last buzz.
    pub fn haptic_ms(self) -> u32 {
        self.spec().haptic.iter().map(|b| b.wait_ms + b.on_ms).sum()
    }
}
