//! Plan building: routine + settings -> a flat timeline of segments with absolute offsets, and the cues that
//! fall on it. A plan is a value; the session walks it.

use serde::{Deserialize, Serialize};

use super::cues::CueKind;
use super::{Pace, SessionSettings};
use crate::content::{Routine, Sides};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Left,
    Right,
    /// Both legs at once, or a midline area (upper back).
    Both,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "Left side",
            Side::Right => "Right side",
            Side::Both => "Both sides",
        }
    }

    /// The side in words for an area whose side is called `word`: "Left leg", "Right foot"; None for
    /// [`Side::Both`] (the area is named instead).
    pub fn words(self, word: &str) -> Option<String> {
        match self {
            Side::Left => Some(format!("Left {word}")),
            Side::Right => Some(format!("Right {word}")),
            Side::Both => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SegmentKind {
    /// Before the first step: get into position.
    GetReady,
    Work { step: usize, side: Side },
    /// Change legs between the two sides of `step`; its time is not taken from side two.
    Switch { step: usize },
    /// A pause between steps; `next_step` is what comes after it.
    Rest { next_step: usize },
}

impl SegmentKind {
    pub fn is_work(self) -> bool {
        matches!(self, SegmentKind::Work { .. })
    }

    /// The step this segment works on or leads into.
    pub fn step(self) -> usize {
        match self {
            SegmentKind::GetReady => 0,
            SegmentKind::Work { step, .. } | SegmentKind::Switch { step } => step,
            SegmentKind::Rest { next_step } => next_step,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Offset from the session's start, in ms of running (unpaused) time.
    pub start_ms: u64,
    pub duration_ms: u64,
}

impl Segment {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub kind: CueKind,
    /// Offset from the session's start, in ms of running time.
    pub at_ms: u64,
    /// Index of the segment the cue belongs to (the segment that is current at `at_ms`; `Done` belongs to
    /// the last segment).
    pub segment: usize,
}

/// What the player shows about a step; copied from the routine so a session needs no library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub title: String,
    pub area: String,
    pub sided: bool,
    /// Per side, after scaling.
    pub seconds: u32,
    pub instruction: String,
    pub feel: String,
    pub tempo: String,
    /// Seconds per stroke, for the pace cue (None: a step held still).
    pub pace_secs: Option<u32>,
    pub tender_spot: String,
    /// The drawing of the position (an id in `Library::positions`), when the step names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// What one side is called ("leg", "foot", "side"), from the area; "side" until
    /// [`Plan::name_sides`] is told otherwise.
    pub side_word: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub routine_id: String,
    pub routine_name: String,
    pub steps: Vec<PlannedStep>,
    pub segments: Vec<Segment>,
    /// Sorted by `at_ms`.
    pub cues: Vec<Cue>,
    pub total_ms: u64,
    /// Sum of the work segments.
    pub work_ms: u64,
    /// Whether pace marks are wanted (so time added by a hold gets its strokes too).
    pub paced: bool,
    /// Time added on a spot during the session ("Hold here"), in the order it was asked for.
    pub holds: Vec<Hold>,
}

/// Time added to a side while it ran, so a tender spot can be worked longer without taking time from the
/// next side or step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub step: usize,
    pub side: Side,
    pub ms: u64,
}

const TICKS: [u64; 3] = [3000, 2000, 1000];
/// A pace mark closer than this to another cue of the same side is left out (it would blur into it).
const PACE_CLEARANCE_MS: u64 = 700;
/// Sides shorter than this get no halfway cue (it would crowd the start and end cues).
const HALFWAY_MIN_MS: u64 = 20_000;
/// What one "Hold here" adds: the tender-spot hold of the evidence (20–30 s).
pub const HOLD_MS: u64 = 20_000;
/// A side can be held at most this many times (a minute and a half more), so a stray tap cannot grow a
/// session without bound.
pub const MAX_HOLDS_PER_SIDE: usize = 4;

impl Plan {
    pub fn build(routine: &Routine, settings: &SessionSettings) -> Plan {
        let settings = settings.clamped();
        let steps: Vec<PlannedStep> = routine
            .steps
            .iter()
            .map(|s| PlannedStep {
                title: s.title.clone(),
                area: s.area.clone(),
                sided: s.sides == Sides::Each,
                seconds: settings.scale.apply(s.seconds),
                instruction: s.instruction.clone(),
                feel: s.feel.clone(),
                tempo: s.tempo.clone(),
                pace_secs: s.pace_secs,
                tender_spot: s.tender_spot.clone(),
                position: s.position.clone(),
                side_word: "side".into(),
            })
            .collect();

        let mut segments = Vec::new();
        let mut at = 0u64;
        let mut push = |kind, secs: u32| {
            segments.push(Segment { kind, start_ms: at, duration_ms: u64::from(secs) * 1000 });
            at += u64::from(secs) * 1000;
        };
        // A routine that sets its own rest (one of the runner's own) keeps it; the setting is for the rest.
        let rest_secs = routine.rest_secs.map_or(settings.rest_secs, |r| r.min(*SessionSettings::REST_SECS.end()));
        push(SegmentKind::GetReady, settings.prep_secs);
        for (i, step) in steps.iter().enumerate() {
            if i > 0 && rest_secs > 0 {
                push(SegmentKind::Rest { next_step: i }, rest_secs);
            }
            if step.sided {
                push(SegmentKind::Work { step: i, side: Side::Left }, step.seconds);
                push(SegmentKind::Switch { step: i }, settings.switch_secs);
                push(SegmentKind::Work { step: i, side: Side::Right }, step.seconds);
            } else {
                push(SegmentKind::Work { step: i, side: Side::Both }, step.seconds);
            }
        }
        let total_ms = at;

        let mut cues = Vec::new();
        for (index, seg) in segments.iter().enumerate() {
            let mut cue = |kind, at_ms| cues.push(Cue { kind, at_ms, segment: index });
            match seg.kind {
                SegmentKind::Work { .. } => {
                    cue(CueKind::Start, seg.start_ms);
                    let half = seg.start_ms + seg.duration_ms / 2;
                    if seg.duration_ms >= HALFWAY_MIN_MS {
                        cue(CueKind::Halfway, half);
                    }
                    let mut ticks = Vec::new();
                    for t in TICKS {
                        // Ticks only in the second half, so a short side is not all beeps.
                        if seg.duration_ms >= 2 * t && seg.end_ms() - t > half {
                            cue(CueKind::EndTick, seg.end_ms() - t);
                            ticks.push(seg.end_ms() - t);
                        }
                    }
                    let pace = steps[seg.kind.step()].pace_secs.filter(|_| settings.pace != Pace::Off);
                    if let Some(every) = pace.filter(|&s| s > 0).map(|s| u64::from(s) * 1000) {
                        // One mark per stroke, kept clear of the other cues of this side so none is masked.
                        let mut others = vec![seg.start_ms, seg.end_ms()];
                        others.extend(ticks);
                        if seg.duration_ms >= HALFWAY_MIN_MS {
                            others.push(half);
                        }
                        let mut at = seg.start_ms + every;
                        while at < seg.end_ms() {
                            if others.iter().all(|&o| o.abs_diff(at) >= PACE_CLEARANCE_MS) {
                                cue(CueKind::Pace, at);
                            }
                            at += every;
                        }
                    }
                }
                SegmentKind::GetReady | SegmentKind::Rest { .. } | SegmentKind::Switch { .. } => {
                    if matches!(seg.kind, SegmentKind::Switch { .. }) {
                        cue(CueKind::SwitchSides, seg.start_ms);
                    }
                    for t in TICKS {
                        if seg.duration_ms > t {
                            cue(CueKind::GetReadyTick, seg.end_ms() - t);
                        }
                    }
                }
            }
        }
        cues.push(Cue { kind: CueKind::Done, at_ms: total_ms, segment: segments.len() - 1 });
        crate::sort::sort_by_key(&mut cues, |c| c.at_ms);

        let work_ms = segments.iter().filter(|s| s.kind.is_work()).map(|s| s.duration_ms).sum();
        Plan {
            routine_id: routine.id.clone(),
            routine_name: routine.name.clone(),
            steps,
            segments,
            cues,
            total_ms,
            work_ms,
            paced: settings.pace != Pace::Off,
            holds: Vec::new(),
        }
    }

    /// The plan with each step's side called what its area calls it (`side_word(area id)`).
    pub fn name_sides<'a>(mut self, side_word: impl Fn(&str) -> Option<&'a str>) -> Plan {
        for step in &mut self.steps {
            if let Some(word) = side_word(&step.area) {
                step.side_word = word.to_string();
            }
        }
        self
    }

    /// Whether a hold may be added at `offset_ms`: inside a work segment that has not reached its end or its
    /// limit of holds.
    pub fn can_hold(&self, offset_ms: u64) -> bool {
        let index = self.segment_at(offset_ms);
        let seg = &self.segments[index];
        match seg.kind {
            SegmentKind::Work { step, side } => {
                offset_ms < seg.end_ms()
                    && self.holds.iter().filter(|h| h.step == step && h.side == side).count() < MAX_HOLDS_PER_SIDE
            }
            _ => false,
        }
    }

    /// Inserts [`HOLD_MS`] of work at `offset_ms` (inside a work segment, see [`Plan::can_hold`]): the
    /// segment grows, everything after the instant moves later by the same amount, and the added stretch
    /// gets pace marks on the side's stroke grid. Cues at or before `offset_ms` keep their places and their
    /// order, so a session's count of cues already passed stays right. Returns false (and changes nothing)
    /// where no hold is allowed.
    pub fn insert_hold(&mut self, offset_ms: u64) -> bool {
        if !self.can_hold(offset_ms) {
            return false;
        }
        let index = self.segment_at(offset_ms);
        let SegmentKind::Work { step, side } = self.segments[index].kind else { return false };
        let ms = HOLD_MS;
        self.segments[index].duration_ms += ms;
        for seg in &mut self.segments[index + 1..] {
            seg.start_ms += ms;
        }
        for cue in &mut self.cues {
            if cue.at_ms > offset_ms {
                cue.at_ms += ms;
            }
        }
        let seg = self.segments[index];
        if let Some(every) = self.steps[step].pace_secs.filter(|&s| s > 0 && self.paced).map(|s| u64::from(s) * 1000) {
            let others: Vec<u64> = self.cues.iter().filter(|c| c.segment == index).map(|c| c.at_ms).collect();
            let mut at = seg.start_ms + every;
            while at <= offset_ms + ms && at < seg.end_ms() {
                if at > offset_ms && others.iter().all(|&o| o.abs_diff(at) >= PACE_CLEARANCE_MS) {
                    self.cues.push(Cue { kind: CueKind::Pace, at_ms: at, segment: index });
                }
                at += every;
            }
            // Stable: cues at the same instant keep their order, and the ones before `offset_ms` their places.
            crate::sort::sort_by_key(&mut self.cues, |c| c.at_ms);
        }
        self.total_ms += ms;
        self.work_ms += ms;
        self.holds.push(Hold { step, side, ms });
        true
    }

    /// Index of the segment running at `offset_ms` (the last one once the plan is over).
    pub fn segment_at(&self, offset_ms: u64) -> usize {
        self.segments.partition_point(|s| s.start_ms <= offset_ms).saturating_sub(1).min(self.segments.len() - 1)
    }

    /// Index of the first cue at or after `offset_ms`.
    pub fn first_cue_from(&self, offset_ms: u64) -> usize {
        self.cues.partition_point(|c| c.at_ms < offset_ms)
    }
}
