//! The guided-session engine (`unknot::session`), driven on a simulated clock: plan building, property tests
//! over random operation sequences checked against an independent model, and scenario tests for the timing
//! rules in PRODUCT.md ("Cues", "Timing rules") and ARCHITECTURE.md ("The pure core").

use std::collections::HashSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::TestCaseError;
use unknot::content::{Library, Routine, Sides, Step, Timing};
use unknot::session::{
    Cue, CueChannels, CueKind, Hold, Mono, Pace, Phase, Plan, Scale, SegmentKind, Session, SessionSettings, SessionView,
    Side, HOLD_MS, LATE_CUE_LIMIT_MS, MAX_HOLDS_PER_SIDE, MAX_SIDE_SECS, MIN_SIDE_SECS,
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::bundled().expect("the bundled content loads"))
}

fn bundled() -> &'static [Routine] {
    library().routines.all()
}

fn bundled_routine(id: &str) -> &'static Routine {
    library().routines.get(id).unwrap_or_else(|| panic!("no bundled routine {id}"))
}

fn step(i: usize, seconds: u32, sided: bool) -> Step {
    Step {
        title: format!("Step {i}"),
        area: "calves".into(),
        sides: if sided { Sides::Each } else { Sides::None },
        position: None,
        seconds,
        technique: None,
        tool: None,
        instruction: "Roll slowly.".into(),
        feel: "A firm ache.".into(),
        tempo: "One pass every 3 s.".into(),
        // Every third step is held still; the others vary between 1 and 5 s a stroke.
        pace_secs: if i % 3 == 2 { None } else { Some(1 + (i as u32 * 2) % 5) },
        tender_spot: "Pause on it.".into(),
    }
}

/// A routine built in the test: `(seconds, sided)` per step.
fn make_routine(steps: &[(u32, bool)]) -> Routine {
    Routine {
        id: "generated".into(),
        name: "Generated".into(),
        summary: "Made by the test.".into(),
        tool: "foam-roller".into(),
        timing: Timing::Any,
        areas: vec!["calves".into()],
        needs: vec![],
        cautions: vec![],
        rest_secs: None,
        steps: steps.iter().enumerate().map(|(i, &(s, sided))| step(i, s, sided)).collect(),
    }
}

fn settings(scale: Scale, prep: u32, switch: u32, rest: u32) -> SessionSettings {
    SessionSettings { scale, prep_secs: prep, switch_secs: switch, rest_secs: rest, cues: CueChannels::default(), pace: Pace::Off }
}

fn default_plan(id: &str) -> Plan {
    Plan::build(bundled_routine(id), &SessionSettings::default())
}

fn clamp_to(v: u32, range: &std::ops::RangeInclusive<u32>) -> u32 {
    if v < *range.start() {
        *range.start()
    } else if v > *range.end() {
        *range.end()
    } else {
        v
    }
}

/// What the screen shows that changes with time: which segment, and the whole seconds left in it.
fn display(v: &SessionView) -> (usize, u32) {
    (v.segment, v.remaining_secs)
}

fn cue_index(plan: &Plan, cue: &Cue) -> usize {
    plan.cues.iter().position(|c| c == cue).unwrap_or_else(|| panic!("reported cue {cue:?} is not in the plan"))
}

/// Sum of the work done by `offset`, computed from the segments.
fn work_done(plan: &Plan, offset: u64) -> u64 {
    plan.segments
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::Work { .. }))
        .map(|s| if offset <= s.start_ms { 0 } else { (offset - s.start_ms).min(s.duration_ms) })
        .sum()
}

// ---------------------------------------------------------------------------------------------------------
// 1. Plan building
// ---------------------------------------------------------------------------------------------------------

/// Checks a built plan against the routine and settings it came from, rebuilding the expected timeline
/// independently of `Plan::build`.
fn check_plan(routine: &Routine, raw: &SessionSettings, plan: &Plan) -> Result<(), TestCaseError> {
    let prep = clamp_to(raw.prep_secs, &SessionSettings::PREP_SECS);
    let switch = clamp_to(raw.switch_secs, &SessionSettings::SWITCH_SECS);
    let rest = clamp_to(raw.rest_secs, &SessionSettings::REST_SECS);
    prop_assert_eq!(raw.clamped(), SessionSettings { prep_secs: prep, switch_secs: switch, rest_secs: rest, ..*raw });

    prop_assert_eq!(&plan.routine_id, &routine.id);
    prop_assert_eq!(&plan.routine_name, &routine.name);
    prop_assert_eq!(plan.steps.len(), routine.steps.len());
    for (p, s) in plan.steps.iter().zip(&routine.steps) {
        prop_assert_eq!(&p.title, &s.title);
        prop_assert_eq!(p.sided, s.sides == Sides::Each);
        prop_assert_eq!(p.seconds, raw.scale.apply(s.seconds));
    }

    // The expected timeline: get-ready, then per step (rest before every step but the first), sided steps as
    // left, switch, right, each side the full scaled time.
    let mut expected: Vec<(SegmentKind, u64)> = vec![(SegmentKind::GetReady, u64::from(prep) * 1000)];
    for (i, s) in routine.steps.iter().enumerate() {
        let secs = u64::from(raw.scale.apply(s.seconds)) * 1000;
        if i > 0 && rest > 0 {
            expected.push((SegmentKind::Rest { next_step: i }, u64::from(rest) * 1000));
        }
        match s.sides {
            Sides::Each => {
                expected.push((SegmentKind::Work { step: i, side: Side::Left }, secs));
                expected.push((SegmentKind::Switch { step: i }, u64::from(switch) * 1000));
                expected.push((SegmentKind::Work { step: i, side: Side::Right }, secs));
            }
            Sides::None => expected.push((SegmentKind::Work { step: i, side: Side::Both }, secs)),
        }
    }
    let actual: Vec<(SegmentKind, u64)> = plan.segments.iter().map(|s| (s.kind, s.duration_ms)).collect();
    prop_assert_eq!(&actual, &expected);
    prop_assert_eq!(plan.segments[0].kind, SegmentKind::GetReady);
    prop_assert_eq!(plan.segments[0].start_ms, 0);

    // Contiguous, and the switch is not taken from side two.
    for w in plan.segments.windows(2) {
        prop_assert_eq!(w[1].start_ms, w[0].end_ms(), "segments must be contiguous");
    }
    for (i, seg) in plan.segments.iter().enumerate() {
        if let SegmentKind::Work { step, side: Side::Left } = seg.kind {
            let sw = &plan.segments[i + 1];
            let right = &plan.segments[i + 2];
            prop_assert_eq!(sw.kind, SegmentKind::Switch { step });
            prop_assert_eq!(right.kind, SegmentKind::Work { step, side: Side::Right });
            prop_assert_eq!(right.start_ms, sw.end_ms());
            prop_assert_eq!(right.duration_ms, seg.duration_ms);
            prop_assert_eq!(right.duration_ms, u64::from(plan.steps[step].seconds) * 1000);
        }
    }
    // Rests only between steps.
    prop_assert!(!matches!(plan.segments.last().unwrap().kind, SegmentKind::Rest { .. }), "rest at the end");
    prop_assert!(plan.segments.len() < 2 || !matches!(plan.segments[1].kind, SegmentKind::Rest { .. }), "rest before the first step");

    let total: u64 = plan.segments.iter().map(|s| s.duration_ms).sum();
    prop_assert_eq!(plan.total_ms, total);
    prop_assert_eq!(plan.total_ms, plan.segments.last().unwrap().end_ms());
    let work: u64 = plan.segments.iter().filter(|s| s.kind.is_work()).map(|s| s.duration_ms).sum();
    prop_assert_eq!(plan.work_ms, work);
    let written: u64 =
        plan.steps.iter().map(|s| u64::from(s.seconds) * 1000 * if s.sided { 2 } else { 1 }).sum();
    prop_assert_eq!(plan.work_ms, written);

    // Cues.
    prop_assert!(plan.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms), "cues not sorted");
    let dones: Vec<&Cue> = plan.cues.iter().filter(|c| c.kind == CueKind::Done).collect();
    prop_assert_eq!(dones.len(), 1, "exactly one Done");
    prop_assert_eq!(*plan.cues.last().unwrap(), Cue { kind: CueKind::Done, at_ms: plan.total_ms, segment: plan.segments.len() - 1 });
    // Stronger than "no two of a kind at once": one cue at a time, so channels never overlap.
    prop_assert!(plan.cues.windows(2).all(|w| w[0].at_ms < w[1].at_ms), "two cues at the same instant");
    let mut seen = HashSet::new();
    for c in &plan.cues {
        prop_assert!(seen.insert((c.kind, c.at_ms)), "two {:?} cues at {} ms", c.kind, c.at_ms);
        prop_assert!(c.at_ms <= plan.total_ms);
        if c.kind == CueKind::Done {
            continue;
        }
        let seg = &plan.segments[c.segment];
        prop_assert!(seg.start_ms <= c.at_ms && c.at_ms < seg.end_ms(), "{:?} outside its segment {:?}", c, seg);
        prop_assert_eq!(plan.segment_at(c.at_ms), c.segment);
        let before_end = seg.end_ms() - c.at_ms;
        match c.kind {
            CueKind::Start => {
                prop_assert!(seg.kind.is_work());
                prop_assert_eq!(c.at_ms, seg.start_ms);
            }
            CueKind::Halfway => {
                prop_assert!(seg.kind.is_work());
                prop_assert_eq!(c.at_ms, seg.start_ms + seg.duration_ms / 2);
            }
            CueKind::EndTick => {
                prop_assert!(seg.kind.is_work());
                prop_assert!([1000, 2000, 3000].contains(&before_end), "end tick {} ms before the end", before_end);
                prop_assert!(c.at_ms > seg.start_ms + seg.duration_ms / 2, "end ticks only in the second half");
            }
            CueKind::SwitchSides => {
                prop_assert!(matches!(seg.kind, SegmentKind::Switch { .. }), "switch cue outside a switch");
                prop_assert_eq!(c.at_ms, seg.start_ms);
            }
            CueKind::GetReadyTick => {
                prop_assert!(!seg.kind.is_work());
                prop_assert!([1000, 2000, 3000].contains(&before_end), "get-ready tick {} ms before the end", before_end);
            }
            CueKind::Pace => {
                prop_assert!(seg.kind.is_work(), "pace cue outside a work segment");
                let every = plan.steps[seg.kind.step()].pace_secs.expect("a paced step") as u64 * 1000;
                prop_assert!(c.at_ms > seg.start_ms && c.at_ms < seg.end_ms());
                prop_assert_eq!((c.at_ms - seg.start_ms) % every, 0, "pace cue off the step's stroke grid");
                prop_assert!(
                    plan.cues.iter().filter(|o| o.kind != CueKind::Pace && o.segment == c.segment).all(|o| o.at_ms.abs_diff(c.at_ms) >= 700),
                    "pace cue at {} crowds another cue", c.at_ms
                );
            }
            CueKind::Done => unreachable!(),
        }
    }
    for (i, seg) in plan.segments.iter().enumerate() {
        let of = |kind: CueKind| plan.cues.iter().filter(|c| c.segment == i && c.kind == kind).count();
        match seg.kind {
            SegmentKind::Work { .. } => {
                prop_assert_eq!(of(CueKind::Start), 1, "one Start per work segment");
                prop_assert_eq!(of(CueKind::Halfway), usize::from(seg.duration_ms >= 20_000));
                if seg.duration_ms >= 20_000 {
                    prop_assert_eq!(of(CueKind::EndTick), 3, "3-2-1 at the end of a side");
                }
                prop_assert_eq!(of(CueKind::SwitchSides) + of(CueKind::GetReadyTick), 0);
            }
            SegmentKind::Switch { .. } => {
                // A Switch cue at each switch segment's start.
                prop_assert!(
                    plan.cues.contains(&Cue { kind: CueKind::SwitchSides, at_ms: seg.start_ms, segment: i }),
                    "no switch cue at the switch start"
                );
                prop_assert_eq!(of(CueKind::SwitchSides), 1);
            }
            SegmentKind::GetReady | SegmentKind::Rest { .. } => prop_assert_eq!(of(CueKind::SwitchSides), 0),
        }
        if !seg.kind.is_work() {
            prop_assert_eq!(of(CueKind::Start) + of(CueKind::Halfway) + of(CueKind::EndTick), 0);
            if seg.duration_ms >= 4000 {
                prop_assert_eq!(of(CueKind::GetReadyTick), 3, "3-2-1 before a step");
            }
        }
    }
    let switches = plan.segments.iter().filter(|s| matches!(s.kind, SegmentKind::Switch { .. })).count();
    prop_assert_eq!(plan.cues.iter().filter(|c| c.kind == CueKind::SwitchSides).count(), switches);
    Ok(())
}

#[test]
fn plan_for_every_bundled_routine_and_scale() {
    assert!(bundled().len() >= 10, "expected the bundled routines, got {}", bundled().len());
    let variants = [
        SessionSettings::default(),
        settings(Scale::Standard, 3, 3, 0),
        settings(Scale::Standard, 30, 15, 30),
        settings(Scale::Standard, 0, 0, 0),
        settings(Scale::Standard, 1000, 1000, 1000),
    ];
    for r in bundled() {
        for scale in Scale::ALL {
            for v in variants {
                let st = SessionSettings { scale, ..v };
                let plan = Plan::build(r, &st);
                check_plan(r, &st, &plan).unwrap_or_else(|e| panic!("{} {:?}: {e}", r.id, st));
            }
        }
    }
}

#[test]
fn sided_then_unsided_plan_is_laid_out_exactly() {
    let r = make_routine(&[(45, true), (60, false)]);
    let plan = Plan::build(&r, &SessionSettings::default()); // prep 10, switch 5, rest 5
    let segs: Vec<(SegmentKind, u64, u64)> = plan.segments.iter().map(|s| (s.kind, s.start_ms, s.end_ms())).collect();
    assert_eq!(
        segs,
        vec![
            (SegmentKind::GetReady, 0, 10_000),
            (SegmentKind::Work { step: 0, side: Side::Left }, 10_000, 55_000),
            (SegmentKind::Switch { step: 0 }, 55_000, 60_000),
            (SegmentKind::Work { step: 0, side: Side::Right }, 60_000, 105_000),
            (SegmentKind::Rest { next_step: 1 }, 105_000, 110_000),
            (SegmentKind::Work { step: 1, side: Side::Both }, 110_000, 170_000),
        ]
    );
    assert_eq!(plan.total_ms, 170_000);
    assert_eq!(plan.work_ms, 150_000);
    use CueKind::*;
    let cues: Vec<(CueKind, u64, usize)> = plan.cues.iter().map(|c| (c.kind, c.at_ms, c.segment)).collect();
    assert_eq!(
        cues,
        vec![
            (GetReadyTick, 7_000, 0),
            (GetReadyTick, 8_000, 0),
            (GetReadyTick, 9_000, 0),
            (Start, 10_000, 1),
            (Halfway, 32_500, 1),
            (EndTick, 52_000, 1),
            (EndTick, 53_000, 1),
            (EndTick, 54_000, 1),
            (SwitchSides, 55_000, 2),
            (GetReadyTick, 57_000, 2),
            (GetReadyTick, 58_000, 2),
            (GetReadyTick, 59_000, 2),
            (Start, 60_000, 3),
            (Halfway, 82_500, 3),
            (EndTick, 102_000, 3),
            (EndTick, 103_000, 3),
            (EndTick, 104_000, 3),
            (GetReadyTick, 107_000, 4),
            (GetReadyTick, 108_000, 4),
            (GetReadyTick, 109_000, 4),
            (Start, 110_000, 5),
            (Halfway, 140_000, 5),
            (EndTick, 167_000, 5),
            (EndTick, 168_000, 5),
            (EndTick, 169_000, 5),
            (Done, 170_000, 5),
        ]
    );
    assert_eq!(plan.segment_at(0), 0);
    assert_eq!(plan.segment_at(54_999), 1);
    assert_eq!(plan.segment_at(55_000), 2);
    assert_eq!(plan.segment_at(170_000), 5);
    assert_eq!(plan.segment_at(10_000_000), 5);
    assert_eq!(plan.first_cue_from(0), 0);
    assert_eq!(plan.first_cue_from(10_000), 3);
    assert_eq!(plan.first_cue_from(10_001), 4);
    assert_eq!(plan.first_cue_from(170_001), plan.cues.len());
}

#[test]
fn rest_zero_means_no_rest_segments_and_switch_is_extra_time() {
    let r = make_routine(&[(30, true), (30, true), (40, false)]);
    let plan = Plan::build(&r, &settings(Scale::Standard, 10, 8, 0));
    assert!(!plan.segments.iter().any(|s| matches!(s.kind, SegmentKind::Rest { .. })));
    // 10 prep + 2 × (30 + 8 + 30) + 40
    assert_eq!(plan.total_ms, (10 + 2 * (30 + 8 + 30) + 40) * 1000);
    assert_eq!(plan.work_ms, (4 * 30 + 40) * 1000);
    // A longer switch makes the plan longer and leaves every side alone.
    let longer = Plan::build(&r, &settings(Scale::Standard, 10, 15, 0));
    assert_eq!(longer.total_ms, plan.total_ms + 2 * 7_000);
    assert_eq!(longer.work_ms, plan.work_ms);
}

#[test]
fn scale_apply_examples() {
    let table = [
        // (scale, written, expected)
        (Scale::Standard, 45, 45),
        (Scale::Standard, 10, 10),
        (Scale::Standard, 300, 300),
        (Scale::Quick, 60, 30),
        (Scale::Quick, 45, 22),
        (Scale::Quick, 30, 20), // 15 would be below the useful range
        (Scale::Quick, 20, 20),
        (Scale::Quick, 10, 10), // already under 20: not pushed further down
        (Scale::Quick, 300, 150),
        (Scale::Quick, 400, 200),
        (Scale::Thorough, 60, 90),
        (Scale::Thorough, 45, 67),
        (Scale::Thorough, 120, 180),
        (Scale::Thorough, 150, 180), // 225 capped
        (Scale::Thorough, 300, 300), // already over 180: not pushed further up
        (Scale::Thorough, 10, 15),
        (Scale::Thorough, 0, 0),
        (Scale::Quick, 0, 0),
    ];
    for (scale, secs, want) in table {
        assert_eq!(scale.apply(secs), want, "{scale:?}.apply({secs})");
    }
    assert_eq!((MIN_SIDE_SECS, MAX_SIDE_SECS), (20, 180));
}

#[test]
fn settings_are_clamped_before_use() {
    let c = settings(Scale::Thorough, 0, 0, 0).clamped();
    assert_eq!((c.prep_secs, c.switch_secs, c.rest_secs, c.scale), (3, 3, 0, Scale::Thorough));
    let c = settings(Scale::Quick, 999, 999, 999).clamped();
    assert_eq!((c.prep_secs, c.switch_secs, c.rest_secs, c.scale), (30, 15, 30, Scale::Quick));
    let c = settings(Scale::Standard, 12, 7, 4).clamped();
    assert_eq!((c.prep_secs, c.switch_secs, c.rest_secs), (12, 7, 4));
    let plan = Plan::build(&make_routine(&[(30, true), (30, false)]), &settings(Scale::Standard, 0, 99, 99));
    let kinds_ms: Vec<u64> = plan.segments.iter().map(|s| s.duration_ms).collect();
    assert_eq!(kinds_ms, vec![3_000, 30_000, 15_000, 30_000, 30_000, 30_000]);
}

fn arb_settings_wide() -> impl Strategy<Value = SessionSettings> {
    let n = prop_oneof![3 => 0u32..=40, 1 => any::<u32>()];
    (0usize..3, n.clone(), n.clone(), n, 0usize..4)
        .prop_map(|(sc, p, sw, r, pace)| SessionSettings { pace: Pace::ALL[pace], ..settings(Scale::ALL[sc], p, sw, r) })
}

fn config(cases: u32) -> ProptestConfig {
    // No regression files: this suite only owns tests/session.rs.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scale_apply_stays_in_range_and_never_pushes_outward(secs in 0u32..=100_000, sc in 0usize..3) {
        let scale = Scale::ALL[sc];
        let got = scale.apply(secs);
        prop_assert!(got >= secs.min(MIN_SIDE_SECS) && got <= secs.max(MAX_SIDE_SECS));
        if (MIN_SIDE_SECS..=MAX_SIDE_SECS).contains(&secs) {
            prop_assert!((MIN_SIDE_SECS..=MAX_SIDE_SECS).contains(&got));
        }
        match scale {
            Scale::Standard => prop_assert_eq!(got, secs),
            Scale::Quick => {
                prop_assert!(got <= secs);
                prop_assert!(got >= secs / 2);
                prop_assert!(got == secs / 2 || got == MIN_SIDE_SECS.min(secs));
            }
            Scale::Thorough => {
                prop_assert!(got >= secs);
                prop_assert!(got <= secs + secs / 2);
                prop_assert!(got == secs + secs / 2 || got == MAX_SIDE_SECS.max(secs));
            }
        }
    }

    #[test]
    fn plans_hold_their_invariants(
        steps in prop::collection::vec((1u32..=400, any::<bool>()), 1..=8),
        st in arb_settings_wide(),
    ) {
        let r = make_routine(&steps);
        let plan = Plan::build(&r, &st);
        check_plan(&r, &st, &plan)?;
    }
}

// ---------------------------------------------------------------------------------------------------------
// 2. Property tests over random operation sequences, against an independent model
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Op {
    Start,
    Pause,
    Resume,
    Skip,
    Back,
    End,
    /// Move the clock; with `handle`, the shell then wakes and calls `handle_timeout`.
    Advance { ms: u64, handle: bool },
    /// Sleep until `poll_timeout()` and handle it (what the shell does).
    JumpToPoll,
    /// Wake a few ms either side of `poll_timeout()`, or about the late-cue limit after it (a timer firing
    /// early, or a stalled shell), and handle it.
    NearPoll(i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum MState {
    Ready,
    Running { since: u64, base: u64 },
    Paused(u64),
    Finished,
    Ended(u64),
}

/// Which cues of the plan may still be reported.
#[derive(Debug, Clone, Copy)]
enum Armed {
    /// Those at or after this offset (after a start or a seek: cues at the target play again).
    From(u64),
    /// Those after this offset (everything up to a handled instant is reported or dropped).
    After(u64),
    Nothing,
}

/// The spec, written out: time only counts while running, skip/back re-anchor, handle_timeout reports every
/// armed cue that is due and not more than the limit late (Done always), and finishes at the end.
struct Model {
    plan: Plan,
    st: MState,
    armed: Armed,
    /// Stretches of the timeline that ran, `[from, to)`, closed at each pause, seek, end and finish.
    runs: Vec<(u64, u64)>,
}

impl Model {
    fn new(plan: Plan) -> Model {
        Model { plan, st: MState::Ready, armed: Armed::Nothing, runs: Vec::new() }
    }

    /// Closes the running stretch (if running) at `now`.
    fn close_run(&mut self, now: u64) {
        if let MState::Running { base, .. } = self.st {
            self.runs.push((base, self.offset(now)));
        }
    }

    /// (work done, each side at most once; work run, repeats counted) at `now`, from the stretches that ran.
    fn work(&self, now: u64) -> (u64, u64) {
        let mut runs = self.runs.clone();
        if let MState::Running { base, .. } = self.st {
            runs.push((base, self.offset(now)));
        }
        let (mut done, mut ran_total) = (0, 0);
        for seg in self.plan.segments.iter().filter(|s| s.kind.is_work()) {
            let ran: u64 = runs
                .iter()
                .map(|&(a, b)| b.min(seg.start_ms + seg.duration_ms).saturating_sub(a.max(seg.start_ms)))
                .sum();
            done += ran.min(seg.duration_ms);
            ran_total += ran;
        }
        (done, ran_total)
    }

    fn raw(&self, now: u64) -> u64 {
        match self.st {
            MState::Ready => 0,
            MState::Running { since, base } => base + (now - since),
            MState::Paused(at) | MState::Ended(at) => at,
            MState::Finished => self.plan.total_ms,
        }
    }

    fn offset(&self, now: u64) -> u64 {
        self.raw(now).min(self.plan.total_ms)
    }

    fn phase(&self) -> Phase {
        match self.st {
            MState::Ready => Phase::Ready,
            MState::Running { .. } => Phase::Running,
            MState::Paused(_) => Phase::Paused,
            MState::Finished => Phase::Finished,
            MState::Ended(_) => Phase::Ended,
        }
    }

    /// The segment whose span holds `off` (the last one at the very end).
    fn seg_at(&self, off: u64) -> usize {
        self.plan.segments.iter().rposition(|s| s.start_ms <= off).expect("segment 0 starts at 0")
    }

    fn is_armed(&self, at: u64) -> bool {
        match self.armed {
            Armed::From(x) => at >= x,
            Armed::After(x) => at > x,
            Armed::Nothing => false,
        }
    }

    fn first_armed(&self) -> Option<&Cue> {
        self.plan.cues.iter().find(|c| self.is_armed(c.at_ms))
    }

    fn deadline(&self, at: u64) -> Option<u64> {
        match self.st {
            MState::Running { since, base } => Some(since + at.saturating_sub(base)),
            _ => None,
        }
    }

    fn start(&mut self, now: u64) {
        if self.st == MState::Ready {
            self.st = MState::Running { since: now, base: 0 };
            self.armed = Armed::From(0);
        }
    }

    fn pause(&mut self, now: u64) {
        if let MState::Running { .. } = self.st {
            self.close_run(now);
            self.st = MState::Paused(self.offset(now));
        }
    }

    fn resume(&mut self, now: u64) {
        if let MState::Paused(at) = self.st {
            self.st = MState::Running { since: now, base: at };
        }
    }

    fn end(&mut self, now: u64) {
        if matches!(self.st, MState::Ready | MState::Running { .. } | MState::Paused(_)) {
            self.close_run(now);
            self.st = MState::Ended(self.offset(now));
            self.armed = Armed::Nothing;
        }
    }

    fn seek(&mut self, now: u64, target: u64) {
        self.close_run(now);
        self.st = match self.st {
            MState::Running { .. } => MState::Running { since: now, base: target },
            MState::Paused(_) => MState::Paused(target),
            other => other,
        };
        self.armed = Armed::From(target);
    }

    fn skip(&mut self, now: u64) {
        if matches!(self.st, MState::Running { .. } | MState::Paused(_)) {
            let seg = self.plan.segments[self.seg_at(self.offset(now))];
            self.seek(now, seg.start_ms + seg.duration_ms);
        }
    }

    fn back(&mut self, now: u64) {
        if matches!(self.st, MState::Running { .. } | MState::Paused(_)) {
            let off = self.offset(now);
            let i = self.seg_at(off);
            let start = self.plan.segments[i].start_ms;
            let target = if i > 0 && off - start <= 3000 { self.plan.segments[i - 1].start_ms } else { start };
            self.seek(now, target);
        }
    }

    fn handle(&mut self, now: u64) -> Vec<Cue> {
        let MState::Running { .. } = self.st else { return Vec::new() };
        let raw = self.raw(now);
        let due: Vec<Cue> = self
            .plan
            .cues
            .iter()
            .filter(|c| self.is_armed(c.at_ms) && c.at_ms <= raw)
            .filter(|c| raw - c.at_ms <= 1500 || c.kind == CueKind::Done)
            .copied()
            .collect();
        match self.armed {
            Armed::From(x) => assert!(x <= raw, "model: running position behind the seek target"),
            Armed::After(x) => assert!(x <= raw, "model: running position went backwards"),
            Armed::Nothing => {}
        }
        self.armed = Armed::After(raw);
        if raw >= self.plan.total_ms {
            self.close_run(now);
            self.st = MState::Finished;
            self.armed = Armed::Nothing;
        }
        due
    }
}

/// Everything observable about the session at `now`, against the model.
fn check_state(s: &Session, m: &Model, now: u64) -> Result<(), TestCaseError> {
    let plan = &m.plan;
    let t = Mono(now);
    prop_assert_eq!(s.phase(), m.phase());
    let off = m.offset(now);
    prop_assert_eq!(s.offset(t), off, "offset at {}", now);

    let v = s.view(t);
    let i = m.seg_at(off);
    let seg = plan.segments[i];
    prop_assert_eq!(v.phase, m.phase());
    prop_assert_eq!(v.segment, i);
    prop_assert_eq!(v.kind, seg.kind);
    prop_assert_eq!(v.elapsed_ms, off);
    prop_assert_eq!(v.total_ms, plan.total_ms);
    prop_assert_eq!(u64::from(v.segment_secs) * 1000, seg.duration_ms);
    prop_assert_eq!(u64::from(v.remaining_secs), (seg.end_ms() - off).div_ceil(1000), "remaining is derived from the deadline");
    prop_assert!(v.remaining_secs <= v.segment_secs, "remaining never exceeds the segment length");
    if off < plan.total_ms {
        prop_assert!(v.remaining_secs >= 1, "never 0 before the end");
    }
    prop_assert_eq!(v.step, seg.kind.step());
    prop_assert_eq!(v.step_count, plan.steps.len());
    prop_assert_eq!(v.next_up, plan.segments[i + 1..].iter().find(|s| s.kind.is_work()).map(|s| s.kind));
    prop_assert_eq!(v.total_remaining_secs(), (plan.total_ms - off).div_ceil(1000));

    // When to wake: the first armed cue's deadline, only while running (Done keeps one armed till the end).
    match m.st {
        MState::Running { .. } => {
            let first = m.first_armed();
            prop_assert!(first.is_some(), "a running session always has a cue to wait for");
            prop_assert_eq!(s.poll_timeout().map(|x| x.0), m.deadline(first.unwrap().at_ms));
        }
        _ => prop_assert_eq!(s.poll_timeout(), None),
    }
    for horizon in [0u64, 1_500, 10_000] {
        let want: Vec<(Cue, Mono)> = match m.st {
            MState::Running { .. } => plan
                .cues
                .iter()
                .filter(|c| m.is_armed(c.at_ms))
                .map(|c| (*c, Mono(m.deadline(c.at_ms).unwrap())))
                .take_while(|(_, d)| d.0 <= now + horizon)
                .collect(),
            _ => Vec::new(),
        };
        prop_assert_eq!(s.upcoming(t, horizon), want, "upcoming({}, {})", now, horizon);
    }

    // The countdown changes exactly at next_redraw, at most a second away.
    match m.st {
        MState::Running { .. } if off < plan.total_ms => {
            let r = s.next_redraw(t);
            prop_assert!(r.is_some());
            let r = r.unwrap().0;
            prop_assert!(r > now && r <= now + 1000, "next_redraw {} at {}", r, now);
            prop_assert_eq!(display(&s.view(Mono(r - 1))), display(&v), "display changed before next_redraw");
            prop_assert_ne!(display(&s.view(Mono(r))), display(&v), "display did not change at next_redraw");
        }
        MState::Running { .. } => {}
        _ => prop_assert_eq!(s.next_redraw(t), None),
    }

    // What was done counts only time that ran: skipped time never, a side repeated after back once in the
    // share and every time in the minutes massaged.
    let frac = s.completed_fraction(t);
    prop_assert!((0.0..=1.0).contains(&frac));
    let (done, ran) = m.work(now);
    prop_assert_eq!(frac, done as f64 / plan.work_ms as f64);
    let report = s.report(t);
    prop_assert_eq!(report.worked_ms, ran);
    prop_assert_eq!(report.completed, frac);
    prop_assert_eq!(report.steps.iter().map(|s| s.done_ms).sum::<u64>(), done);
    prop_assert!(report.steps.iter().all(|s| s.done_ms <= s.planned_ms));
    Ok(())
}

fn run_ops(plan: Plan, t0: u64, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut s = Session::new(plan.clone());
    let mut m = Model::new(plan.clone());
    let mut now = t0;
    let no_back = !ops.iter().any(|o| matches!(o, Op::Back));
    let mut reported: HashSet<usize> = HashSet::new();
    // For (f): the last display and completed fraction since the last skip/back.
    let mut last: (usize, u32, f64) = (0, u32::MAX, 0.0);
    check_state(&s, &m, now)?;

    for (n, op) in ops.iter().enumerate() {
        let was_paused = m.phase() == Phase::Paused;
        let offset_before = s.offset(Mono(now));
        let mut handled: Option<(u64, Vec<Cue>)> = None;
        match *op {
            Op::Start => {
                s.start(Mono(now));
                m.start(now);
            }
            Op::Pause => {
                s.pause(Mono(now));
                m.pause(now);
            }
            Op::Resume => {
                s.resume(Mono(now));
                m.resume(now);
            }
            Op::Skip => {
                s.skip(Mono(now));
                m.skip(now);
            }
            Op::Back => {
                s.back(Mono(now));
                m.back(now);
            }
            Op::End => {
                s.end(Mono(now));
                m.end(now);
            }
            Op::Advance { ms, handle } => {
                now += ms;
                if handle {
                    let raw = m.raw(now);
                    handled = Some((raw, s.handle_timeout(Mono(now))));
                }
            }
            Op::JumpToPoll => {
                if let Some(Mono(p)) = s.poll_timeout() {
                    now = now.max(p);
                }
                let raw = m.raw(now);
                handled = Some((raw, s.handle_timeout(Mono(now))));
            }
            Op::NearPoll(delta) => {
                if let Some(Mono(p)) = s.poll_timeout() {
                    now = now.max(p.saturating_add_signed(delta));
                }
                let raw = m.raw(now);
                handled = Some((raw, s.handle_timeout(Mono(now))));
            }
        }
        if let Some((raw, cues)) = &handled {
            let want = m.handle(now);
            prop_assert_eq!(cues, &want, "op #{} {:?} at {} (raw {})", n, op, now, raw);
            let v = s.view(Mono(now));
            for c in cues {
                // (a) never early, on the independently tracked running time.
                prop_assert!(c.at_ms <= *raw && c.at_ms <= s.offset(Mono(now)), "{:?} early at raw {}", c, raw);
                prop_assert!(raw - c.at_ms <= LATE_CUE_LIMIT_MS || c.kind == CueKind::Done, "stale {:?}", c);
                // (b) at most once without back.
                if no_back {
                    prop_assert!(reported.insert(cue_index(&plan, c)), "{:?} reported twice", c);
                }
                // (e) the view agrees with a cue reported at its deadline.
                if *raw == c.at_ms && c.kind != CueKind::Done {
                    let seg = plan.segments[c.segment];
                    prop_assert_eq!(v.segment, c.segment, "{:?}", c);
                    match c.kind {
                        CueKind::Start => {
                            prop_assert!(v.kind.is_work());
                            prop_assert_eq!(v.remaining_secs, v.segment_secs);
                        }
                        CueKind::SwitchSides => prop_assert!(matches!(v.kind, SegmentKind::Switch { .. }), "{:?}", v.kind),
                        CueKind::Halfway => {
                            prop_assert!(v.kind.is_work());
                            prop_assert_eq!(u64::from(v.remaining_secs), (seg.duration_ms - seg.duration_ms / 2).div_ceil(1000));
                        }
                        CueKind::EndTick => {
                            prop_assert!(v.kind.is_work());
                            prop_assert!((1..=3).contains(&v.remaining_secs));
                        }
                        CueKind::GetReadyTick => {
                            prop_assert!(!v.kind.is_work());
                            prop_assert!((1..=3).contains(&v.remaining_secs));
                        }
                        CueKind::Pace => prop_assert!(v.kind.is_work(), "{:?}", v.kind),
                        CueKind::Done => unreachable!(),
                    }
                }
                if c.kind == CueKind::Done {
                    prop_assert_eq!(s.phase(), Phase::Finished);
                    prop_assert_eq!(v.remaining_secs, 0);
                }
            }
        }
        // (c) paused time never counts.
        if was_paused && m.phase() == Phase::Paused && !matches!(op, Op::Skip | Op::Back) {
            prop_assert_eq!(s.offset(Mono(now)), offset_before, "offset moved while paused");
        }
        check_state(&s, &m, now)?;
        // Without skip or back, what was done is exactly the work time passed.
        if !ops[..=n].iter().any(|o| matches!(o, Op::Skip | Op::Back)) {
            let off = s.offset(Mono(now));
            prop_assert_eq!(s.completed_fraction(Mono(now)), work_done(&plan, off) as f64 / plan.work_ms as f64);
            prop_assert_eq!(s.report(Mono(now)).worked_ms, work_done(&plan, off));
        }

        // (f) without skip/back, the countdown only goes down within a segment, segments only move forward,
        // and the completed fraction never drops.
        let v = s.view(Mono(now));
        let frac = s.completed_fraction(Mono(now));
        if matches!(op, Op::Skip | Op::Back) {
            last = (v.segment, v.remaining_secs, frac);
        } else {
            prop_assert!(v.segment >= last.0, "segment went back without back: {:?}", op);
            if v.segment == last.0 {
                prop_assert!(v.remaining_secs <= last.1, "remaining rose from {} to {}", last.1, v.remaining_secs);
            }
            prop_assert!(frac >= last.2);
            last = (v.segment, v.remaining_secs, frac);
        }
    }
    Ok(())
}

fn arb_routine() -> impl Strategy<Value = Routine> {
    let n = bundled().len();
    prop_oneof![
        (0..n).prop_map(|i| bundled()[i].clone()),
        prop::collection::vec((10u32..=300, any::<bool>()), 1..=6).prop_map(|steps| make_routine(&steps)),
    ]
}

fn arb_settings() -> impl Strategy<Value = SessionSettings> {
    (0usize..3, 0u32..=35, 0u32..=20, 0u32..=35, 0usize..4)
        .prop_map(|(sc, p, sw, r, pace)| SessionSettings { pace: Pace::ALL[pace], ..settings(Scale::ALL[sc], p, sw, r) })
}

fn arb_op(with_back: bool) -> BoxedStrategy<Op> {
    let mut choices: Vec<(u32, BoxedStrategy<Op>)> = vec![
        (4, Just(Op::Start).boxed()),
        (10, Just(Op::Pause).boxed()),
        (12, Just(Op::Resume).boxed()),
        (8, Just(Op::Skip).boxed()),
        (1, Just(Op::End).boxed()),
        (40, (0u64..4_000, any::<bool>()).prop_map(|(ms, handle)| Op::Advance { ms, handle }).boxed()),
        (4, (0u64..=1_200_000, any::<bool>()).prop_map(|(ms, handle)| Op::Advance { ms, handle }).boxed()),
        (40, Just(Op::JumpToPoll).boxed()),
        (15, prop_oneof![-3i64..=3, 1_498i64..=1_502].prop_map(Op::NearPoll).boxed()),
    ];
    if with_back {
        choices.push((8, Just(Op::Back).boxed()));
    }
    Union::new_weighted(choices).boxed()
}

fn arb_ops(with_back: bool) -> impl Strategy<Value = Vec<Op>> {
    // Usually start first; sometimes let the session sit in Ready for a while.
    (any::<bool>(), prop::collection::vec(arb_op(with_back), 1..150)).prop_map(|(start_first, mut ops)| {
        if start_first {
            ops.insert(0, Op::Start);
        }
        ops
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// (a)–(c), (e), (f) and the model, with back.
    #[test]
    fn random_ops_match_the_model(
        routine in arb_routine(),
        st in arb_settings(),
        t0 in 0u64..1_000_000_000,
        ops in arb_ops(true),
    ) {
        run_ops(Plan::build(&routine, &st), t0, &ops)?;
    }

    /// The same without back: (b) each cue is reported at most once.
    #[test]
    fn random_ops_without_back_report_each_cue_at_most_once(
        routine in arb_routine(),
        st in arb_settings(),
        t0 in 0u64..1_000_000_000,
        ops in arb_ops(false),
    ) {
        run_ops(Plan::build(&routine, &st), t0, &ops)?;
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// (d) An undisturbed run: every cue exactly once and on time, total running time = plan, work time = plan.
    #[test]
    fn undisturbed_run_reports_every_cue_on_time(
        routine in arb_routine(),
        st in arb_settings(),
        t0 in 0u64..1_000_000_000,
    ) {
        let plan = Plan::build(&routine, &st);

        // Wake only at poll_timeout.
        let mut s = Session::new(plan.clone());
        s.start(Mono(t0));
        let mut now = t0;
        let mut got: Vec<Cue> = Vec::new();
        for _ in 0..=plan.cues.len() {
            let Some(Mono(p)) = s.poll_timeout() else { break };
            prop_assert!(p >= now, "poll_timeout in the past during an undisturbed run");
            now = p;
            let cues = s.handle_timeout(Mono(now));
            prop_assert!(!cues.is_empty(), "woke at {} for nothing", now);
            for c in cues {
                prop_assert_eq!(c.at_ms, now - t0, "{:?} not on time", c);
                got.push(c);
            }
            if s.phase() == Phase::Finished {
                break;
            }
        }
        prop_assert_eq!(s.phase(), Phase::Finished);
        prop_assert_eq!(&got, &plan.cues, "every cue exactly once, in order");
        prop_assert_eq!(now - t0, plan.total_ms);
        prop_assert_eq!(s.poll_timeout(), None);

        // Wake at poll_timeout and at every countdown change, as the shell does: sum the time in work segments.
        let mut s = Session::new(plan.clone());
        s.start(Mono(t0));
        let mut now = t0;
        let mut work = 0u64;
        let mut got2 = s.handle_timeout(Mono(now)); // anything due at the very start
        let limit = plan.total_ms / 1000 * 2 + plan.cues.len() as u64 + plan.segments.len() as u64 + 10;
        let mut wakes = 0;
        while s.phase() == Phase::Running {
            wakes += 1;
            prop_assert!(wakes <= limit, "too many wakes");
            let p = s.poll_timeout().unwrap().0;
            let r = s.next_redraw(Mono(now)).unwrap().0;
            let next = p.min(r);
            prop_assert!(next > now && next - now <= 1000);
            let before = s.view(Mono(now));
            if before.kind.is_work() {
                work += next - now;
            }
            now = next;
            if next == r {
                prop_assert_ne!(display(&s.view(Mono(now))), display(&before), "redraw without a change");
            }
            for c in s.handle_timeout(Mono(now)) {
                prop_assert_eq!(c.at_ms, now - t0);
                got2.push(c);
            }
        }
        prop_assert_eq!(&got2, &plan.cues);
        prop_assert_eq!(now - t0, plan.total_ms);
        prop_assert_eq!(work, plan.work_ms, "time spent in work segments");
        prop_assert_eq!(s.completed_fraction(Mono(now)), 1.0);
    }
}

// ---------------------------------------------------------------------------------------------------------
// 3. Scenarios on a simulated clock
// ---------------------------------------------------------------------------------------------------------

/// A session and the simulated clock the shell would read.
struct Sim {
    s: Session,
    t0: u64,
    now: u64,
    /// Every cue reported, with the instant it was reported.
    log: Vec<(u64, Cue)>,
}

impl Sim {
    fn started(plan: Plan, t0: u64) -> Sim {
        let mut s = Session::new(plan);
        s.start(Mono(t0));
        Sim { s, t0, now: t0, log: Vec::new() }
    }

    fn t(&self) -> Mono {
        Mono(self.now)
    }

    fn offset(&self) -> u64 {
        self.s.offset(self.t())
    }

    fn view(&self) -> SessionView {
        self.s.view(self.t())
    }

    fn handle(&mut self) -> Vec<Cue> {
        let cues = self.s.handle_timeout(self.t());
        self.log.extend(cues.iter().map(|c| (self.now, *c)));
        cues
    }

    /// Moves the clock without waking the shell (a background gap, a stall).
    fn sleep(&mut self, ms: u64) {
        self.now += ms;
    }

    fn advance(&mut self, ms: u64) -> Vec<Cue> {
        self.sleep(ms);
        self.handle()
    }

    /// Sleeps to the next poll_timeout and handles it.
    fn step(&mut self) -> Vec<Cue> {
        let p = self.s.poll_timeout().expect("running").0;
        assert!(p >= self.now);
        self.now = p;
        let cues = self.handle();
        assert_ne!(self.s.poll_timeout(), Some(Mono(p)), "handle_timeout at poll_timeout made no progress");
        cues
    }

    /// Runs (waking at every poll_timeout) until the position is `target`, then handles that instant.
    fn run_to(&mut self, target: u64) -> Vec<Cue> {
        assert_eq!(self.s.phase(), Phase::Running);
        let mut all = Vec::new();
        loop {
            let off = self.offset();
            assert!(off <= target, "already past {target}");
            let at_target = self.now + (target - off);
            let p = self.s.poll_timeout().expect("running").0;
            if p < at_target {
                all.extend(self.step());
            } else {
                self.now = at_target;
                all.extend(self.handle());
                return all;
            }
        }
    }

    /// Runs to the end, waking at every poll_timeout.
    fn run_to_end(&mut self) -> Vec<Cue> {
        let mut all = Vec::new();
        for _ in 0..100_000 {
            if self.s.phase() != Phase::Running {
                return all;
            }
            all.extend(self.step());
        }
        panic!("the run did not end")
    }
}

#[test]
fn full_bundled_routine_runs_start_to_done() {
    for r in bundled() {
        let plan = Plan::build(r, &SessionSettings::default());
        let mut s = Session::new(plan.clone());
        let t0 = 7_000_000;
        // Ready: nothing happens before start.
        assert_eq!(s.phase(), Phase::Ready);
        assert_eq!(s.poll_timeout(), None);
        assert!(s.handle_timeout(Mono(t0)).is_empty());
        let v = s.view(Mono(t0));
        assert_eq!((v.segment, v.kind, v.remaining_secs, v.elapsed_ms), (0, SegmentKind::GetReady, 10, 0));
        assert_eq!(v.next_up, Some(plan.segments[1].kind));
        assert_eq!(s.completed_fraction(Mono(t0)), 0.0);

        s.start(Mono(t0));
        let mut sim = Sim { s, t0, now: t0, log: Vec::new() };
        let cues = sim.run_to_end();
        assert_eq!(cues, plan.cues, "{}: every cue once, in order", r.id);
        for (at, c) in &sim.log {
            assert_eq!(at - sim.t0, c.at_ms, "{}: {:?} late", r.id, c);
        }
        assert_eq!(cues.last().unwrap().kind, CueKind::Done);
        assert_eq!(sim.now - t0, plan.total_ms);
        assert_eq!(sim.s.phase(), Phase::Finished);
        let starts = cues.iter().filter(|c| c.kind == CueKind::Start).count();
        assert_eq!(starts, plan.segments.iter().filter(|s| s.kind.is_work()).count());

        let v = sim.view();
        assert_eq!((v.phase, v.segment, v.remaining_secs, v.elapsed_ms), (Phase::Finished, plan.segments.len() - 1, 0, plan.total_ms));
        assert_eq!(v.progress(), 1.0);
        assert_eq!(v.total_remaining_secs(), 0);
        assert_eq!(sim.s.completed_fraction(sim.t()), 1.0);
        assert_eq!(sim.s.poll_timeout(), None);
        assert_eq!(sim.s.next_redraw(sim.t()), None);
        // Finished is final: more time, or any verb, changes nothing.
        assert!(sim.advance(3_600_000).is_empty());
        for f in [Session::start, Session::pause, Session::resume, Session::skip, Session::back, Session::end] {
            f(&mut sim.s, Mono(sim.now));
            assert_eq!(sim.s.phase(), Phase::Finished);
            assert_eq!(sim.offset(), plan.total_ms);
        }
        assert!(sim.advance(1_000).is_empty());
    }
}

#[test]
fn pause_for_five_minutes_mid_step_resumes_on_the_same_second() {
    let plan = default_plan("calves-roller");
    let work = plan.segments[1];
    assert!(work.kind.is_work());
    let mut sim = Sim::started(plan.clone(), 1_000_000);
    sim.run_to(work.start_ms + 12_300);
    let before = sim.view();
    let poll_before = sim.s.poll_timeout().unwrap();
    let redraw_before = sim.s.next_redraw(sim.t()).unwrap();
    let frac_before = sim.s.completed_fraction(sim.t());
    assert_eq!(before.segment, 1);
    assert_eq!(before.remaining_secs, (work.duration_ms as u32 - 12_300).div_ceil(1000));

    sim.s.pause(sim.t());
    let paused_at = sim.now;
    assert_eq!(sim.s.phase(), Phase::Paused);
    assert_eq!(sim.s.poll_timeout(), None);
    assert_eq!(sim.s.next_redraw(sim.t()), None);
    assert!(sim.s.upcoming(sim.t(), 60_000).is_empty());
    for _ in 0..300 {
        assert!(sim.advance(1_000).is_empty(), "no cue while paused");
        let v = sim.view();
        assert_eq!(v, SessionView { phase: Phase::Paused, ..before.clone() });
        assert_eq!(sim.s.completed_fraction(sim.t()), frac_before);
        assert_eq!(sim.s.poll_timeout(), None);
    }
    assert_eq!(sim.now - paused_at, 300_000);

    sim.s.resume(sim.t());
    assert_eq!(sim.view(), before, "resume lands on the same second");
    assert_eq!(sim.s.poll_timeout(), Some(poll_before.plus(300_000)));
    assert_eq!(sim.s.next_redraw(sim.t()), Some(redraw_before.plus(300_000)));
    // The rest of the run is the plan, on running time.
    let rest = sim.run_to_end();
    let first = plan.first_cue_from(work.start_ms + 12_301);
    assert_eq!(rest, plan.cues[first..].to_vec());
    for (at, c) in sim.log.iter().filter(|(at, _)| *at > paused_at) {
        assert_eq!(at - sim.t0 - 300_000, c.at_ms);
    }
}

/// The longest bundled plan with default settings.
fn longest_plan() -> Plan {
    bundled().iter().map(|r| Plan::build(r, &SessionSettings::default())).max_by_key(|p| p.total_ms).unwrap()
}

#[test]
fn ten_minute_background_gap_mid_step_plays_no_stale_cues() {
    let plan = longest_plan();
    const GAP: u64 = 600_000;
    assert!(plan.total_ms > GAP + 60_000, "need a plan longer than 11 min, got {} ms", plan.total_ms);
    // Land 7.3 s into the first work segment that starts at least a minute after the gap could.
    let landing_seg = plan.segments.iter().position(|s| s.kind.is_work() && s.start_ms >= GAP + 60_000).unwrap();
    let seg = plan.segments[landing_seg];
    let landing = seg.start_ms + 7_300;
    assert!(landing < seg.end_ms());
    assert!(
        !plan.cues.iter().any(|c| c.at_ms <= landing && c.at_ms + LATE_CUE_LIMIT_MS >= landing),
        "fixture: no cue should be fresh at the landing point"
    );
    let leave = landing - GAP;
    let mut sim = Sim::started(plan.clone(), 42_000);
    sim.run_to(leave);
    let heard = sim.log.len();

    sim.sleep(GAP); // no handle_timeout calls during the gap
    let back = sim.handle();
    assert!(back.is_empty(), "stale cues after the gap: {back:?}");
    let v = sim.view();
    assert_eq!(v.segment, landing_seg);
    assert_eq!(v.kind, seg.kind);
    assert_eq!(u64::from(v.remaining_secs), (seg.duration_ms - 7_300).div_ceil(1000));
    assert_eq!(v.elapsed_ms, landing);
    assert_eq!(sim.s.poll_timeout(), sim.s.deadline(&plan.cues[plan.first_cue_from(landing)]));

    // Later cues all arrive, on time; none from the gap ever does.
    let rest = sim.run_to_end();
    assert_eq!(rest, plan.cues[plan.first_cue_from(landing)..].to_vec());
    for (_, c) in &sim.log[heard..] {
        assert!(c.at_ms > landing, "{c:?} was inside the gap");
    }
    for (at, c) in &sim.log {
        assert_eq!(at - sim.t0, c.at_ms);
    }
}

#[test]
fn background_gap_landing_just_after_a_cue_plays_only_that_fresh_cue() {
    let plan = longest_plan();
    let seg = plan.segments.iter().position(|s| s.kind.is_work() && s.start_ms >= 700_000).unwrap();
    let start = plan.segments[seg].start_ms;
    let mut sim = Sim::started(plan.clone(), 0);
    sim.run_to(start - 610_000);
    sim.sleep(610_000 + 900); // back 0.9 s after the step began
    assert_eq!(sim.handle(), vec![Cue { kind: CueKind::Start, at_ms: start, segment: seg }]);
    assert_eq!(sim.view().segment, seg);
}

#[test]
fn background_gap_past_the_end_reports_only_done() {
    let plan = Plan::build(&make_routine(&[(45, true)]), &SessionSettings::default());
    assert!(plan.total_ms < 600_000);
    let mut sim = Sim::started(plan.clone(), 5);
    sim.run_to(plan.segments[1].start_ms + 20_000); // mid left side
    sim.sleep(600_000);
    assert_eq!(sim.handle(), vec![*plan.cues.last().unwrap()]);
    assert_eq!(sim.s.phase(), Phase::Finished);
    let v = sim.view();
    assert_eq!((v.segment, v.remaining_secs, v.elapsed_ms), (plan.segments.len() - 1, 0, plan.total_ms));
    assert_eq!(sim.s.completed_fraction(sim.t()), 1.0);
    assert!(sim.advance(1000).is_empty());
}

#[test]
fn late_cue_policy() {
    assert_eq!(LATE_CUE_LIMIT_MS, 1500);
    let plan = default_plan("calves-roller");
    let halfway = *plan.cues.iter().find(|c| c.kind == CueKind::Halfway).unwrap();
    let prev = plan.cues[cue_index(&plan, &halfway) - 1];
    let next = plan.cues[cue_index(&plan, &halfway) + 1];
    assert!(prev.at_ms < halfway.at_ms - 2_000 && next.at_ms > halfway.at_ms + 2_000, "fixture: isolated cue");

    for (late, played) in [(0, true), (1_400, true), (1_500, true), (1_501, false), (1_600, false), (30_000, false)] {
        if halfway.at_ms + late >= next.at_ms {
            continue;
        }
        let mut sim = Sim::started(plan.clone(), 900);
        sim.run_to(halfway.at_ms - 1);
        let got = sim.advance(1 + late);
        assert_eq!(got, if played { vec![halfway] } else { vec![] }, "{late} ms late");
        // Either way it is gone: never replayed later.
        let rest = sim.run_to_end();
        assert!(!rest.contains(&halfway));
        assert_eq!(rest.first(), Some(&next));
    }

    // Several cues due at once: only the fresh ones play, in order.
    let mut sim = Sim::started(plan.clone(), 0);
    let start1 = plan.segments[1].start_ms;
    sim.run_to(start1 - 3_500); // before the 3-2-1
    let got = sim.advance(3_500 + 1_200); // ticks at -3 s, -2 s, -1 s, Start at 0: 4.2, 3.2, 2.2, 1.2 s late
    assert_eq!(got, vec![Cue { kind: CueKind::Start, at_ms: start1, segment: 1 }]);
}

#[test]
fn done_is_reported_even_when_very_late() {
    let plan = default_plan("calves-roller");
    let done = *plan.cues.last().unwrap();
    let mut sim = Sim::started(plan.clone(), 0);
    sim.run_to(plan.total_ms - 1);
    assert_eq!(sim.advance(3_600_000 + 1), vec![done]);
    assert_eq!(sim.s.phase(), Phase::Finished);

    // Never woken at all between start and a day later.
    let mut sim = Sim::started(plan.clone(), 0);
    assert_eq!(sim.advance(86_400_000), vec![done]);
    assert_eq!(sim.s.phase(), Phase::Finished);
    assert!(sim.advance(1).is_empty(), "Done only once");
}

#[test]
fn skip_from_the_left_side_lands_on_the_switch_and_replays_its_cue() {
    let plan = default_plan("calves-roller");
    let left = plan.segments.iter().position(|s| matches!(s.kind, SegmentKind::Work { side: Side::Left, .. })).unwrap();
    let SegmentKind::Work { step, .. } = plan.segments[left].kind else { unreachable!() };
    let sw = plan.segments[left + 1];
    assert_eq!(sw.kind, SegmentKind::Switch { step });

    let mut sim = Sim::started(plan.clone(), 10);
    sim.run_to(plan.segments[left].start_ms + 5_000);
    let heard = sim.log.len();
    sim.s.skip(sim.t());
    assert_eq!(sim.offset(), sw.start_ms);
    let v = sim.view();
    assert_eq!((v.segment, v.kind, v.remaining_secs), (left + 1, SegmentKind::Switch { step }, 5));
    assert_eq!(sim.s.poll_timeout(), Some(sim.t()), "the switch cue is due now");
    assert_eq!(sim.handle(), vec![Cue { kind: CueKind::SwitchSides, at_ms: sw.start_ms, segment: left + 1 }]);
    // The rest of the left side is never played.
    let rest = sim.run_to_end();
    assert_eq!(rest, plan.cues[plan.first_cue_from(sw.start_ms) + 1..].to_vec());
    assert!(sim.log[heard..].iter().all(|(_, c)| c.segment != left));
    // The run is shorter by exactly what was skipped.
    assert_eq!(sim.now - sim.t0, plan.total_ms - (sw.start_ms - plan.segments[left].start_ms - 5_000));

    // Skip while paused moves the position but stays paused and silent.
    let mut sim = Sim::started(plan.clone(), 10);
    sim.run_to(plan.segments[left].start_ms + 5_000);
    sim.s.pause(sim.t());
    sim.s.skip(sim.t());
    assert_eq!(sim.s.phase(), Phase::Paused);
    assert_eq!(sim.offset(), sw.start_ms);
    assert!(sim.advance(10_000).is_empty());
    sim.s.resume(sim.t());
    assert_eq!(sim.handle(), vec![Cue { kind: CueKind::SwitchSides, at_ms: sw.start_ms, segment: left + 1 }]);

    // Skipping the last segment reaches the end; Done follows on the next handle_timeout.
    let mut sim = Sim::started(plan.clone(), 10);
    let last = *plan.segments.last().unwrap();
    sim.run_to(last.start_ms + 1_000);
    sim.s.skip(sim.t());
    assert_eq!(sim.offset(), plan.total_ms);
    assert_eq!(sim.handle(), vec![*plan.cues.last().unwrap()]);
    assert_eq!(sim.s.phase(), Phase::Finished);
}

#[test]
fn back_goes_to_the_previous_segment_near_a_start_and_restarts_otherwise() {
    let plan = default_plan("calves-roller");
    let right = plan.segments.iter().position(|s| matches!(s.kind, SegmentKind::Work { side: Side::Right, .. })).unwrap();
    let r = plan.segments[right];
    let sw = plan.segments[right - 1];
    assert!(matches!(sw.kind, SegmentKind::Switch { .. }));
    let start_cue = Cue { kind: CueKind::Start, at_ms: r.start_ms, segment: right };
    let switch_cue = Cue { kind: CueKind::SwitchSides, at_ms: sw.start_ms, segment: right - 1 };

    for (into, to_previous) in [(0, true), (2_500, true), (3_000, true), (3_001, false), (10_000, false)] {
        let mut sim = Sim::started(plan.clone(), 77);
        sim.run_to(r.start_ms + into);
        sim.s.back(sim.t());
        if to_previous {
            assert_eq!(sim.offset(), sw.start_ms, "{into} ms in: previous segment");
            assert_eq!(sim.view().segment, right - 1);
            assert_eq!(sim.handle(), vec![switch_cue], "the previous segment's start cue is replayed");
            // And the right side's Start plays again when it comes round.
            let again = sim.run_to(r.start_ms);
            assert_eq!(again.last(), Some(&start_cue));
        } else {
            assert_eq!(sim.offset(), r.start_ms, "{into} ms in: restart this segment");
            let v = sim.view();
            assert_eq!((v.segment, v.remaining_secs), (right, v.segment_secs));
            assert_eq!(sim.handle(), vec![start_cue], "the Start cue is replayed");
        }
        // Either way the run then completes normally with the rest of the plan.
        let rest = sim.run_to_end();
        assert_eq!(rest.last().map(|c| c.kind), Some(CueKind::Done));
    }

    // In the get-ready segment there is nothing before: back restarts it.
    let mut sim = Sim::started(plan.clone(), 0);
    sim.run_to(2_000);
    sim.s.back(sim.t());
    assert_eq!(sim.offset(), 0);
    assert!(sim.handle().is_empty());
    assert_eq!(sim.s.poll_timeout(), Some(Mono(sim.now + 7_000)));

    // Back while paused: moves, stays paused and silent; the Start cue plays on resume.
    let mut sim = Sim::started(plan.clone(), 0);
    sim.run_to(r.start_ms + 20_000);
    sim.s.pause(sim.t());
    sim.s.back(sim.t());
    assert_eq!(sim.s.phase(), Phase::Paused);
    assert_eq!(sim.offset(), r.start_ms);
    assert!(sim.advance(60_000).is_empty());
    sim.s.resume(sim.t());
    assert_eq!(sim.handle(), vec![start_cue]);
}

#[test]
fn end_stops_all_cues() {
    let plan = default_plan("calves-roller");
    for pause_first in [false, true] {
        let mut sim = Sim::started(plan.clone(), 0);
        sim.run_to(plan.segments[1].start_ms + 4_000);
        if pause_first {
            sim.s.pause(sim.t());
        }
        let frac = sim.s.completed_fraction(sim.t());
        let view = sim.view();
        sim.s.end(sim.t());
        assert_eq!(sim.s.phase(), Phase::Ended);
        assert_eq!(sim.s.poll_timeout(), None);
        assert_eq!(sim.s.next_redraw(sim.t()), None);
        assert!(sim.s.upcoming(sim.t(), u64::MAX / 4).is_empty());
        for f in [Session::start, Session::resume, Session::skip, Session::back, Session::pause] {
            let now = sim.t();
            f(&mut sim.s, now);
            assert_eq!(sim.s.phase(), Phase::Ended);
        }
        for _ in 0..50 {
            assert!(sim.advance(60_000).is_empty(), "no cue after end");
        }
        assert!(sim.advance(86_400_000).is_empty(), "not even Done");
        assert_eq!(sim.s.completed_fraction(sim.t()), frac);
        let v = sim.view();
        assert_eq!((v.segment, v.remaining_secs, v.elapsed_ms), (view.segment, view.remaining_secs, view.elapsed_ms));
    }
    // Ending before starting.
    let mut s = Session::new(plan.clone());
    s.end(Mono(5));
    assert_eq!(s.phase(), Phase::Ended);
    s.start(Mono(6));
    assert_eq!(s.phase(), Phase::Ended);
    assert!(s.handle_timeout(Mono(1_000_000)).is_empty());
}

#[test]
fn poll_timeout_is_none_unless_running() {
    let plan = default_plan("calves-roller");
    let mut s = Session::new(plan.clone());
    assert_eq!(s.poll_timeout(), None, "ready");
    s.start(Mono(100));
    s.start(Mono(5_000)); // a second start is ignored
    assert_eq!(s.poll_timeout(), Some(Mono(100 + plan.cues[0].at_ms)));
    s.pause(Mono(2_000));
    assert_eq!(s.poll_timeout(), None, "paused");
    s.resume(Mono(3_000));
    assert_eq!(s.poll_timeout(), Some(Mono(3_000 + plan.cues[0].at_ms - 1_900)));
    let mut sim = Sim { s: s.clone(), t0: 100, now: 3_000, log: Vec::new() };
    sim.run_to_end();
    assert_eq!(sim.s.poll_timeout(), None, "finished");
    s.end(Mono(4_000));
    assert_eq!(s.poll_timeout(), None, "ended");
}

#[test]
fn upcoming_lists_the_next_cues_with_their_deadlines() {
    let plan = default_plan("calves-roller"); // 10 s get-ready
    let t0 = 50_000;
    let mut sim = Sim::started(plan.clone(), t0);
    let tick = |at| Cue { kind: CueKind::GetReadyTick, at_ms: at, segment: 0 };
    let start = Cue { kind: CueKind::Start, at_ms: 10_000, segment: 1 };
    assert_eq!(
        sim.s.upcoming(sim.t(), 10_000),
        vec![(tick(7_000), Mono(t0 + 7_000)), (tick(8_000), Mono(t0 + 8_000)), (tick(9_000), Mono(t0 + 9_000)), (start, Mono(t0 + 10_000))]
    );
    assert_eq!(sim.s.upcoming(sim.t(), 9_999).len(), 3);
    assert!(sim.s.upcoming(sim.t(), 6_999).is_empty());
    let all = sim.s.upcoming(sim.t(), plan.total_ms);
    assert_eq!(all, plan.cues.iter().map(|c| (*c, Mono(t0 + c.at_ms))).collect::<Vec<_>>());

    // Reported cues drop off the list.
    sim.advance(8_000);
    assert_eq!(sim.s.upcoming(sim.t(), 2_000), vec![(tick(9_000), Mono(t0 + 9_000)), (start, Mono(t0 + 10_000))]);
    assert_eq!(sim.s.poll_timeout(), Some(Mono(t0 + 9_000)));

    // Pause empties it; resume shifts every deadline by the paused time.
    sim.s.pause(sim.t());
    assert!(sim.s.upcoming(sim.t(), 60_000).is_empty());
    sim.sleep(60_000);
    sim.s.resume(sim.t());
    assert_eq!(
        sim.s.upcoming(sim.t(), 2_000),
        vec![(tick(9_000), Mono(t0 + 69_000)), (start, Mono(t0 + 70_000))]
    );
    for (c, d) in sim.s.upcoming(sim.t(), 2_000) {
        assert_eq!(sim.s.deadline(&c), Some(d));
    }
}

#[test]
fn next_redraw_is_exactly_when_the_countdown_changes() {
    let plan = default_plan("calves-roller");
    let t0 = 1_000;
    let s = {
        let mut s = Session::new(plan.clone());
        s.start(Mono(t0));
        s
    };
    // Offsets around the get-ready → work boundary, the halfway point and the end of the plan.
    let halfway = plan.cues.iter().find(|c| c.kind == CueKind::Halfway).unwrap().at_ms;
    let windows = [(0, 2_200), (8_000, 12_200), (halfway - 1_100, halfway + 1_100), (plan.total_ms - 2_500, plan.total_ms - 1)];
    for (from, to) in windows {
        let mut off = from;
        while off <= to {
            let now = Mono(t0 + off);
            let shown = display(&s.view(now));
            let r = s.next_redraw(now).unwrap();
            assert!(r > now && r.0 <= now.0 + 1_000, "redraw {r:?} at {now:?}");
            // The first instant the display differs, found by brute force.
            let first_change = (now.0 + 1..=now.0 + 1_000).find(|&t| display(&s.view(Mono(t))) != shown);
            assert_eq!(Some(r.0), first_change, "at offset {off}");
            off += 37;
        }
    }
    // Whole-second examples.
    let v = |off: u64| s.view(Mono(t0 + off)).remaining_secs;
    assert_eq!((v(0), v(1), v(999), v(1_000), v(1_001)), (10, 10, 10, 9, 9));
    assert_eq!(s.next_redraw(Mono(t0)), Some(Mono(t0 + 1_000)));
    assert_eq!(s.next_redraw(Mono(t0 + 1)), Some(Mono(t0 + 1_000)));
    assert_eq!(s.next_redraw(Mono(t0 + 9_500)), Some(Mono(t0 + 10_000)));
    assert_eq!(v(9_999), 1);
    assert_eq!(v(10_000), s.view(Mono(t0 + 10_000)).segment_secs, "a new segment shows its full length");

    let ready = Session::new(plan.clone());
    assert_eq!(ready.next_redraw(Mono(0)), None);
}

#[test]
fn completed_fraction_goes_from_zero_to_one() {
    let plan = default_plan("calves-roller");
    let mut s = Session::new(plan.clone());
    assert_eq!(s.completed_fraction(Mono(0)), 0.0);
    s.start(Mono(0));
    // Get-ready is not work.
    assert_eq!(s.completed_fraction(Mono(plan.segments[1].start_ms)), 0.0);
    let first = plan.segments[1];
    assert_eq!(s.completed_fraction(Mono(first.end_ms())), first.duration_ms as f64 / plan.work_ms as f64);
    // A switch segment adds nothing.
    assert_eq!(s.completed_fraction(Mono(plan.segments[2].end_ms())), first.duration_ms as f64 / plan.work_ms as f64);

    let mut sim = Sim { s, t0: 0, now: 0, log: Vec::new() };
    let mut last = 0.0;
    for _ in 0..10_000 {
        if sim.s.phase() != Phase::Running {
            break;
        }
        let next = sim.s.poll_timeout().unwrap().min(sim.s.next_redraw(sim.t()).unwrap());
        sim.now = next.0;
        sim.handle();
        let f = sim.s.completed_fraction(sim.t());
        assert!(f >= last && f <= 1.0);
        assert!((sim.view().progress() - sim.offset() as f64 / plan.total_ms as f64).abs() < 1e-12);
        last = f;
    }
    assert_eq!(last, 1.0);
    assert_eq!(sim.view().progress(), 1.0);
}

// ---------------------------------------------------------------------------------------------------------
// 4. Honest completion and "Hold here"
// ---------------------------------------------------------------------------------------------------------

#[test]
fn skipped_time_is_not_massage_done() {
    // The case: skip nearly every step. The report must not say the routine was done.
    let plan = default_plan("post-run-lower-body");
    let mut sim = Sim::started(plan.clone(), 1_000);
    sim.advance(plan.segments[1].start_ms + 10_000); // 10 s into the first side
    let mut skips = 0;
    while sim.s.phase() == Phase::Running && skips < 200 {
        sim.s.skip(sim.t());
        skips += 1;
        sim.advance(1);
    }
    sim.advance(10);
    let report = sim.s.report(sim.t());
    assert_eq!(sim.s.phase(), Phase::Finished);
    assert!(report.worked_ms < 11_000, "only about 10 s of work ran: {report:?}");
    assert!(report.completed < 0.05, "{report:?}");
    assert_eq!(report.skipped_steps(), (0..plan.steps.len()).collect::<Vec<_>>(), "every step counts as skipped");
}

#[test]
fn a_side_repeated_after_back_counts_twice_in_minutes_but_once_in_the_share() {
    let plan = default_plan("calves-roller");
    let first = plan.segments[1];
    let mut sim = Sim::started(plan.clone(), 0);
    sim.advance(first.start_ms + 20_000);
    sim.s.back(sim.t()); // restarts the side (more than 3 s in)
    sim.advance(first.duration_ms);
    let report = sim.s.report(sim.t());
    assert_eq!(report.worked_ms, 20_000 + first.duration_ms);
    assert_eq!(report.completed, first.duration_ms as f64 / plan.work_ms as f64);
}

#[test]
fn hold_adds_time_to_this_side_only_and_is_reported() {
    let plan = default_plan("calves-roller");
    let work = plan.segments[1];
    let next = plan.segments[2];
    let mut sim = Sim::started(plan.clone(), 0);
    sim.advance(work.start_ms + 25_000);
    let before = sim.view();
    assert!(sim.s.can_hold(sim.t()));
    assert!(sim.s.hold(sim.t()));
    let after = sim.view();
    assert_eq!(after.remaining_secs, before.remaining_secs + (HOLD_MS / 1000) as u32, "the hold is on this side");
    let held = sim.s.plan();
    assert_eq!(held.segments[1].duration_ms, work.duration_ms + HOLD_MS);
    assert_eq!(held.segments[2].duration_ms, next.duration_ms, "the next segment keeps its time");
    assert_eq!(held.total_ms, plan.total_ms + HOLD_MS);
    assert_eq!(held.holds, vec![Hold { step: 0, side: Side::Left, ms: HOLD_MS }]);
    // Run the rest undisturbed: every second of work, the hold included, ran.
    while sim.s.phase() == Phase::Running {
        sim.step();
    }
    let report = sim.s.report(sim.t());
    assert_eq!(report.worked_ms, plan.work_ms + HOLD_MS);
    assert_eq!(report.held_ms, HOLD_MS);
    assert_eq!(report.completed, 1.0);
    // Outside a work segment, or past the limit, there is no hold.
    let mut rest = Sim::started(plan.clone(), 0);
    rest.advance(1_000); // get ready
    assert!(!rest.s.can_hold(rest.t()) && !rest.s.hold(rest.t()));
    let mut many = Sim::started(plan.clone(), 0);
    many.advance(work.start_ms + 1_000);
    let holds = (0..10).filter(|_| many.s.hold(many.t())).count();
    assert_eq!(holds, MAX_HOLDS_PER_SIDE);
}

proptest! {
    #![proptest_config(config(256))]

    /// A hold at any instant of any work segment: cues up to the instant stay as they were, later cues move
    /// by exactly the hold, new cues are only pace marks inside the added stretch, and the session stays on
    /// the same second.
    #[test]
    fn hold_shifts_only_what_comes_after(
        routine in arb_routine(),
        st in arb_settings(),
        pick in 0usize..1000,
        into in 0u64..=1000,
        paused in any::<bool>(),
    ) {
        let plan = Plan::build(&routine, &st);
        let works: Vec<usize> = (0..plan.segments.len()).filter(|&i| plan.segments[i].kind.is_work()).collect();
        let i = works[pick % works.len()];
        let seg = plan.segments[i];
        let off = seg.start_ms + (seg.duration_ms.saturating_sub(1)) * into / 1000;
        let t0 = 5_000;
        let mut s = Session::new(plan.clone());
        s.start(Mono(t0));
        let mut now = t0 + off;
        s.handle_timeout(Mono(now));
        if paused {
            s.pause(Mono(now));
            now += 60_000;
        }
        let view_before = s.view(Mono(now));
        let pending_before: Vec<Cue> = s.pending().map(|(c, _)| c).collect();
        prop_assert!(s.hold(Mono(now)));
        let held = s.plan().clone();
        prop_assert_eq!(s.offset(Mono(now)), off);
        let view_after = s.view(Mono(now));
        prop_assert_eq!(view_after.segment, view_before.segment);
        prop_assert_eq!(view_after.remaining_secs, view_before.remaining_secs + (HOLD_MS / 1000) as u32);
        // Cues up to the instant: unchanged, in place.
        let kept = plan.cues.iter().filter(|c| c.at_ms <= off).count();
        prop_assert_eq!(&held.cues[..kept], &plan.cues[..kept]);
        // Later cues: shifted by the hold; the only new ones are pace marks inside the added stretch.
        let shifted: Vec<Cue> = plan.cues[kept..].iter().map(|c| Cue { at_ms: c.at_ms + HOLD_MS, ..*c }).collect();
        let mut rest: Vec<Cue> = held.cues[kept..].to_vec();
        for c in &shifted {
            let at = rest.iter().position(|r| r == c);
            prop_assert!(at.is_some(), "{:?} lost by the hold", c);
            rest.remove(at.unwrap());
        }
        for c in &rest {
            prop_assert_eq!(c.kind, CueKind::Pace);
            prop_assert!(c.at_ms > off && c.at_ms <= off + HOLD_MS && c.segment == i, "{:?}", c);
        }
        prop_assert!(held.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms), "cues stay sorted");
        // Nothing already passed comes back, nothing pending is lost.
        let pending_after: Vec<Cue> = s.pending().map(|(c, _)| c).collect();
        if !paused {
            prop_assert!(pending_after.len() >= pending_before.len());
        }
        prop_assert_eq!(held.work_ms, plan.work_ms + HOLD_MS);
        prop_assert_eq!(held.total_ms, plan.total_ms + HOLD_MS);
    }
}
