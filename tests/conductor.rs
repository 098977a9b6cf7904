//! The conductor driven with a simulated clock, as quinn's tests drive a connection: the test owns `now`,
//! jumps to the instant the conductor asked to be woken at (or later, to play a stalled UI thread), and
//! plays the commands on model devices — a channel queue that cancels what has not begun, a screen, a
//! journal. The expectations come from the engine's own reports at the same instants and from the plan, never
//! from the conductor's logic.

use std::collections::HashMap;

use proptest::prelude::*;
use unknot::content::{Library, Routine};
use unknot::session::{
    Channel, ChannelTiming, Command, Conductor, Cue, CueChannels, CueKind, Mono, Outcome, Pace, Phase, Plan,
    PlatformCues, Scale, Session, SessionSettings, HOLD_MS, LATE_CUE_LIMIT_MS, LOOKAHEAD_MS,
};

fn library() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| Library::bundled().expect("bundled content is valid"))
}

fn routine(id: &str) -> &'static Routine {
    library().routines.get(id).unwrap()
}

const WEB: PlatformCues =
    PlatformCues { haptic: ChannelTiming::AtInstant, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
const ANDROID: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Ahead, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
const DESKTOP: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Absent, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };

/// One thing a model device did: a cue played on a channel at an instant, handed over at `issued`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Played {
    cue: Cue,
    at: u64,
    issued: u64,
}

/// The shell, as models: channel queues, the screen, the journal, the wake-up timer.
struct Sim {
    c: Conductor,
    now: u64,
    wake: Option<u64>,
    /// Per channel, in the order handed over; a cancel removes what has not begun.
    queues: HashMap<Channel, Vec<Played>>,
    /// Cues the countdown pulsed for, with the instant.
    shown: Vec<(CueKind, u64)>,
    spoken: Vec<(String, u64)>,
    announced: Vec<String>,
    records: Vec<Outcome>,
    awake: Vec<bool>,
    cancels: Vec<(Channel, u64)>,
}

impl Sim {
    fn new(id: &str, settings: SessionSettings, platform: PlatformCues) -> Sim {
        // Sides named as the player names them.
        let plan = Plan::build(routine(id), &settings).name_sides(|area| library().side_word(area));
        Sim::with_plan(plan, settings, platform)
    }

    fn with_plan(plan: Plan, settings: SessionSettings, platform: PlatformCues) -> Sim {
        Sim {
            c: Conductor::new(plan, &settings, platform),
            now: 1_000,
            wake: None,
            queues: HashMap::new(),
            shown: Vec::new(),
            spoken: Vec::new(),
            announced: Vec::new(),
            records: Vec::new(),
            awake: Vec::new(),
            cancels: Vec::new(),
        }
    }

    /// Runs a verb at `now` and carries out every command, checking the promises each one makes.
    fn act(&mut self, verb: fn(&mut Conductor, Mono)) {
        self.wake = None;
        verb(&mut self.c, Mono(self.now));
        while let Some(cmd) = self.c.poll() {
            match cmd {
                Command::Schedule { channel, cue, at } => {
                    assert!(at.0 >= self.now, "{cue:?} scheduled in the past ({} < {})", at.0, self.now);
                    self.queues.entry(channel).or_default().push(Played { cue, at: at.0, issued: self.now });
                }
                Command::Cancel(channel) => {
                    let now = self.now;
                    self.queues.entry(channel).or_default().retain(|p| p.at <= now);
                    self.cancels.push((channel, now));
                }
                Command::Show { kind } => self.shown.push((kind, self.now)),
                Command::Announce(text) => self.announced.push(text),
                Command::Speak(text) => self.spoken.push((text, self.now)),
                Command::KeepAwake(on) => self.awake.push(on),
                Command::Record(o) => self.records.push(o),
                Command::WakeAt(at) => {
                    assert!(at.0 > self.now, "asked to wake at {} at {}", at.0, self.now);
                    self.wake = Some(at.0);
                }
            }
        }
        if self.c.session().phase() == Phase::Running {
            assert!(self.wake.is_some(), "running with no wake-up at {}", self.now);
        } else {
            assert!(self.wake.is_none(), "asked to wake while {:?}", self.c.session().phase());
        }
    }

    /// Lets time pass to `t`, waking when asked (each wake-up `late` ms after the instant asked for).
    fn run_to(&mut self, t: u64, late: impl Fn(u64) -> u64) {
        while let Some(w) = self.wake {
            let at = w + late(w);
            if at > t {
                break;
            }
            self.now = at;
            self.act(Conductor::handle_timeout);
        }
        self.now = self.now.max(t);
    }

    fn run_to_end(&mut self) {
        while self.wake.is_some() {
            let w = self.wake.unwrap();
            self.run_to(w, |_| 0);
        }
    }

    fn played(&self, channel: Channel) -> Vec<Played> {
        self.queues.get(&channel).cloned().unwrap_or_default()
    }
}

/// The channels a platform plays cues on, with how.
fn channel_timings(p: PlatformCues) -> [(Channel, ChannelTiming); 3] {
    [(Channel::Haptic, p.haptic), (Channel::Sound, p.sound), (Channel::Flash, p.flash)]
}

fn settings_with(pace: Pace) -> SessionSettings {
    SessionSettings { pace, ..SessionSettings::default() }
}

/// Which channels should play a cue kind under these settings (the product's rules, written out here).
fn expected_on(channel: Channel, kind: CueKind, s: &SessionSettings) -> bool {
    match channel {
        Channel::Haptic => s.cues.haptics && (kind != CueKind::Pace || matches!(s.pace, Pace::Vibration | Pace::Both)),
        Channel::Sound => s.cues.sound && (kind != CueKind::Pace || matches!(s.pace, Pace::Sound | Pace::Both)),
        // PRODUCT.md: start, switch sides and done flash the whole screen; nothing flashes with the flash off.
        Channel::Flash => s.cues.flash && matches!(kind, CueKind::Start | CueKind::SwitchSides | CueKind::Done),
        Channel::Voice => unreachable!(),
    }
}

#[test]
fn an_uninterrupted_session_plays_every_cue_on_its_instant_on_every_channel() {
    for platform in [WEB, ANDROID, DESKTOP] {
        let settings = settings_with(Pace::Both);
        let mut sim = Sim::new("calves-ball", settings, platform);
        sim.act(Conductor::start);
        assert_eq!(sim.awake, vec![true]);
        let t0 = sim.now;
        sim.run_to_end();
        let plan = sim.c.session().plan().clone();
        assert!(plan.cues.iter().any(|c| c.kind == CueKind::Pace), "pace cues planned");
        for (channel, timing) in channel_timings(platform) {
            let want: Vec<(Cue, u64)> = if timing == ChannelTiming::Absent {
                vec![]
            } else {
                plan.cues.iter().filter(|c| expected_on(channel, c.kind, &settings)).map(|c| (*c, t0 + c.at_ms)).collect()
            };
            let got: Vec<(Cue, u64)> = sim.played(channel).iter().map(|p| (p.cue, p.at)).collect();
            assert_eq!(got, want, "{channel:?} on {platform:?}");
            for p in sim.played(channel) {
                match timing {
                    // Handed over a full lookahead ahead (or at the start, for cues in the first 1.5 s).
                    ChannelTiming::Ahead => assert_eq!(p.issued, p.at.saturating_sub(LOOKAHEAD_MS).max(t0), "{p:?}"),
                    ChannelTiming::AtInstant => assert_eq!(p.issued, p.at),
                    ChannelTiming::Absent => unreachable!(),
                }
            }
        }
        assert!(!sim.played(Channel::Flash).is_empty(), "the flash channel played");
        // The countdown pulses at the instant of every tick and of halfway; the flashing cues are the flash
        // channel's (above), and pace marks are not shown.
        let pulsing = [CueKind::GetReadyTick, CueKind::Halfway, CueKind::EndTick];
        let want: Vec<(CueKind, u64)> =
            plan.cues.iter().filter(|c| pulsing.contains(&c.kind)).map(|c| (c.kind, t0 + c.at_ms)).collect();
        assert_eq!(sim.shown, want);
        assert_eq!(sim.records.len(), 1);
        let Outcome { report, finished } = &sim.records[0];
        assert!(finished);
        assert_eq!(report.completed, 1.0);
        assert_eq!(report.worked_ms, plan.work_ms, "left alone, every planned second of work ran");
        assert!(report.skipped_steps().is_empty());
        assert_eq!(sim.awake, vec![true, false]);
        assert!(sim.cancels.is_empty(), "nothing to cancel in a session left alone: {:?}", sim.cancels);
    }
}

#[test]
fn the_voice_says_the_step_and_side_and_which_side_comes_next() {
    let mut sim = Sim::new("calves-ball", SessionSettings::default(), WEB);
    sim.act(Conductor::start);
    sim.run_to_end();
    let plan = sim.c.session().plan();
    let first = &plan.steps[0].title;
    let said: Vec<&str> = sim.spoken.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(said[0], format!("{first}, left leg."));
    assert_eq!(said[1], "Switch to your right leg.");
    assert_eq!(said[2], format!("{first}, right leg."));
    assert_eq!(*said.last().unwrap(), "Session complete.");
    assert_eq!(sim.announced[0], format!("{first}, left leg. {} seconds.", plan.steps[0].seconds));

    let mut quiet = Sim::new("calves-ball", SessionSettings { cues: CueChannels { voice: false, ..CueChannels::default() }, ..SessionSettings::default() }, WEB);
    quiet.act(Conductor::start);
    quiet.run_to_end();
    assert!(quiet.spoken.is_empty());
    assert_eq!(quiet.announced, sim.announced, "screen readers hear the same with the voice off");
}

#[test]
fn channels_switched_off_stay_silent_and_the_flash_follows_its_setting() {
    let settings = SessionSettings {
        cues: CueChannels { haptics: false, sound: false, flash: false, voice: false },
        pace: Pace::Both,
        ..SessionSettings::default()
    };
    let mut sim = Sim::new("quads-roller", settings, ANDROID);
    sim.act(Conductor::start);
    sim.run_to_end();
    assert!(sim.played(Channel::Haptic).is_empty() && sim.played(Channel::Sound).is_empty());
    assert!(sim.played(Channel::Flash).is_empty(), "flashed with the flash off: {:?}", sim.played(Channel::Flash));
    assert!(!sim.shown.is_empty(), "the countdown still pulses");
    // Pace on sound only: never felt.
    let mut sim = Sim::new("quads-roller", settings_with(Pace::Sound), ANDROID);
    sim.act(Conductor::start);
    sim.run_to_end();
    assert!(sim.played(Channel::Sound).iter().any(|p| p.cue.kind == CueKind::Pace));
    assert!(!sim.played(Channel::Haptic).iter().any(|p| p.cue.kind == CueKind::Pace));
}

#[test]
fn pause_cancels_what_was_handed_ahead_and_resume_hands_it_again_later() {
    let mut sim = Sim::new("calves-ball", SessionSettings::default(), ANDROID);
    sim.act(Conductor::start);
    let t0 = sim.now;
    let first = sim.c.session().plan().cues[0];
    // 1.2 s before the first cue: it (and only it) has been handed to both channels.
    sim.run_to(t0 + first.at_ms - 1_200, |_| 0);
    assert_eq!(sim.played(Channel::Sound).len(), 1);
    sim.act(Conductor::pause);
    assert_eq!(sim.cancels.iter().map(|c| c.0).collect::<Vec<_>>(), vec![Channel::Haptic, Channel::Sound]);
    assert!(sim.played(Channel::Sound).is_empty() && sim.played(Channel::Haptic).is_empty());
    // Five minutes paused: nothing at all happens.
    let shown = sim.shown.len();
    sim.run_to(sim.now + 300_000, |_| 0);
    assert_eq!(sim.shown.len(), shown);
    sim.act(Conductor::resume);
    let resumed = sim.now;
    sim.run_to(resumed + 1_200, |_| 0);
    let sounded: Vec<(Cue, u64)> = sim.played(Channel::Sound).iter().filter(|p| p.at <= sim.now).map(|p| (p.cue, p.at)).collect();
    assert_eq!(sounded, vec![(first, resumed + 1_200)]);
}

/// The flash is handed to the screen's overlay ahead, as vibration is, and every move of the session takes
/// back what was handed for after it: whatever the overlay holds afterwards was handed from the new position.
#[test]
fn the_flash_is_handed_ahead_and_taken_back_whenever_the_session_moves() {
    type Verb = fn(&mut Conductor, Mono);
    let moves: [(&str, Verb); 6] = [
        ("pause", Conductor::pause),
        ("skip", Conductor::skip),
        ("back", Conductor::back),
        ("hold", Conductor::hold),
        ("end", Conductor::end),
        ("leave", Conductor::leave),
    ];
    for (name, verb) in moves {
        let mut sim = Sim::new("calves-ball", SessionSettings::default(), WEB);
        sim.act(Conductor::start);
        let t0 = sim.now;
        let plan = sim.c.session().plan().clone();
        // A second before the first switch of sides (mid-side, so a hold is allowed): its flash is handed.
        let switch = *plan.cues.iter().find(|c| c.kind == CueKind::SwitchSides).expect("calves-ball has sides");
        let at = t0 + switch.at_ms - 1_000;
        sim.run_to(at, |_| 0);
        let handed: Vec<(Cue, u64, u64)> =
            sim.played(Channel::Flash).iter().filter(|p| p.at > at).map(|p| (p.cue, p.at, p.issued)).collect();
        assert_eq!(handed, vec![(switch, t0 + switch.at_ms, t0 + switch.at_ms - LOOKAHEAD_MS)], "{name}: handed ahead");
        sim.act(verb);
        assert!(sim.cancels.contains(&(Channel::Flash, at)), "{name}: the flash channel was not cancelled");
        let upcoming: Vec<(Cue, u64)> =
            sim.c.session().upcoming(Mono(at), LOOKAHEAD_MS).into_iter().map(|(c, m)| (c, m.0)).collect();
        for p in sim.played(Channel::Flash).iter().filter(|p| p.at > at) {
            assert!(p.issued == at && upcoming.contains(&(p.cue, p.at)), "{name}: {p:?} is not of the new position");
        }
        if name == "pause" {
            // Ten seconds paused, then the switch flashes once, ten seconds later than planned.
            sim.run_to(at + 10_000, |_| 0);
            sim.act(Conductor::resume);
            sim.run_to_end();
            let switches: Vec<u64> = sim.played(Channel::Flash).iter().filter(|p| p.cue == switch).map(|p| p.at).collect();
            assert_eq!(switches, vec![t0 + switch.at_ms + 10_000]);
        }
    }
}

#[test]
fn ending_records_once_and_leaving_records_what_was_done() {
    let mut sim = Sim::new("calves-ball", SessionSettings::default(), WEB);
    sim.act(Conductor::start);
    sim.run_to(sim.now + 40_000, |_| 0);
    sim.act(Conductor::end);
    assert_eq!(sim.records.len(), 1);
    let report = &sim.records[0].report;
    assert!(!sim.records[0].finished && report.completed > 0.0 && report.completed < 1.0);
    sim.act(Conductor::handle_timeout);
    sim.act(Conductor::end);
    assert_eq!(sim.records.len(), 1, "recorded again");
    assert_eq!(sim.awake, vec![true, false]);

    // Left while getting ready (a Start tapped by mistake): nothing to keep.
    let mut left = Sim::new("calves-ball", SessionSettings::default(), ANDROID);
    left.act(Conductor::start);
    left.run_to(left.now + 9_000, |_| 0);
    left.act(Conductor::leave);
    assert!(left.records.is_empty());
    assert_eq!(left.awake, vec![true, false]);
    assert!(left.played(Channel::Sound).iter().all(|p| p.at <= left.now), "a cue still queued after leaving");

    // Left with Back after 30 s of work: kept as End keeps it (End says so, and Back cannot ask first), once.
    let mut left = Sim::new("calves-ball", SessionSettings::default(), ANDROID);
    left.act(Conductor::start);
    left.run_to(left.now + 40_000, |_| 0);
    left.act(Conductor::leave);
    assert_eq!(left.records.len(), 1);
    assert!(!left.records[0].finished && left.records[0].report.worked_ms >= 29_000, "{:?}", left.records[0].report);
    left.act(Conductor::leave);
    left.act(Conductor::end);
    assert_eq!(left.records.len(), 1, "recorded again");
    assert_eq!(left.awake, vec![true, false]);
}

#[test]
fn coming_back_from_the_background_drops_stale_cues_and_carries_on() {
    let mut sim = Sim::new("hamstrings-roller", SessionSettings::default(), WEB);
    sim.act(Conductor::start);
    let t0 = sim.now;
    // Asleep for a minute: the shell wakes only when the page is visible again.
    sim.now = t0 + 60_000;
    sim.act(Conductor::handle_timeout);
    let plan = sim.c.session().plan().clone();
    for p in sim.played(Channel::Haptic) {
        let deadline = t0 + p.cue.at_ms;
        assert!(p.at - deadline <= LATE_CUE_LIMIT_MS, "stale {p:?} played");
    }
    sim.run_to_end();
    assert_eq!(sim.records.len(), 1);
    let late_dropped = plan.cues.iter().filter(|c| c.at_ms + LATE_CUE_LIMIT_MS < 60_000).count();
    assert_eq!(sim.played(Channel::Haptic).len(), plan.cues.len() - late_dropped);
}

// -------------------------------------------------------------------------------------------------------
// Properties over random sessions, settings, platforms, user actions and late wake-ups.
// -------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Op {
    Wait(u64),
    Pause,
    Resume,
    Skip,
    Back,
    End,
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (1u64..40_000).prop_map(Op::Wait),
        1 => Just(Op::Pause),
        1 => Just(Op::Resume),
        1 => Just(Op::Skip),
        1 => Just(Op::Back),
        1 => (0u64..1).prop_map(|_| Op::End),
    ]
}

fn arb_platform() -> impl Strategy<Value = PlatformCues> {
    let timing = prop_oneof![Just(ChannelTiming::Absent), Just(ChannelTiming::AtInstant), Just(ChannelTiming::Ahead)];
    (timing.clone(), timing.clone(), timing).prop_map(|(haptic, sound, flash)| PlatformCues { haptic, sound, flash })
}

fn arb_settings() -> impl Strategy<Value = SessionSettings> {
    (0usize..3, 3u32..=12, 3u32..=8, 0u32..=6, 0usize..4, any::<(bool, bool, bool, bool)>()).prop_map(
        |(scale, prep, sw, rest, pace, (haptics, sound, flash, voice))| SessionSettings {
            scale: Scale::ALL[scale],
            prep_secs: prep,
            switch_secs: sw,
            rest_secs: rest,
            cues: CueChannels { haptics, sound, flash, voice },
            pace: Pace::ALL[pace],
        },
    )
}

fn routine_ids() -> Vec<String> {
    let mut ids: Vec<String> = library().routines.all().iter().map(|r| r.id.clone()).collect();
    ids.sort();
    ids
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// With the shell waking on time, each channel plays exactly the cues the engine reports, at the
    /// instants it reports them, whatever the user does: nothing handed ahead survives a pause, skip, back
    /// or end, and nothing is played twice.
    #[test]
    fn channels_play_exactly_what_the_engine_reports(
        r in 0usize..15, settings in arb_settings(), platform in arb_platform(), ops in prop::collection::vec(arb_op(), 0..25),
    ) {
        let id = &routine_ids()[r % routine_ids().len()];
        let plan = Plan::build(routine(id), &settings);
        let mut sim = Sim::with_plan(plan.clone(), settings, platform);
        let mut engine = Session::new(plan.clone());
        let mut reported: Vec<(Cue, u64)> = Vec::new();
        let engine_act = |engine: &mut Session, verb: fn(&mut Session, Mono), now: u64, reported: &mut Vec<(Cue, u64)>| {
            verb(engine, Mono(now));
            reported.extend(engine.handle_timeout(Mono(now)).into_iter().map(|c| (c, now)));
        };
        sim.act(Conductor::start);
        engine_act(&mut engine, Session::start, sim.now, &mut reported);
        for op in ops {
            let verb: fn(&mut Session, Mono) = match op {
                Op::Wait(ms) => {
                    let until = sim.now + ms;
                    while let Some(w) = sim.wake.filter(|&w| w <= until) {
                        sim.now = w;
                        sim.act(Conductor::handle_timeout);
                        engine_act(&mut engine, |_, _| {}, w, &mut reported);
                    }
                    sim.now = until;
                    continue;
                }
                Op::Pause => Session::pause,
                Op::Resume => Session::resume,
                Op::Skip => Session::skip,
                Op::Back => Session::back,
                Op::End => Session::end,
            };
            let conductor_verb: fn(&mut Conductor, Mono) = match op {
                Op::Pause => Conductor::pause,
                Op::Resume => Conductor::resume,
                Op::Skip => Conductor::skip,
                Op::Back => Conductor::back,
                _ => Conductor::end,
            };
            sim.act(conductor_verb);
            engine_act(&mut engine, verb, sim.now, &mut reported);
        }
        // Let it run out.
        while let Some(w) = sim.wake {
            sim.now = w;
            sim.act(Conductor::handle_timeout);
            engine_act(&mut engine, |_, _| {}, w, &mut reported);
        }
        for (channel, timing) in channel_timings(platform) {
            let want: Vec<(Cue, u64)> = if timing == ChannelTiming::Absent {
                vec![]
            } else {
                reported.iter().copied().filter(|(c, _)| expected_on(channel, c.kind, &settings)).collect()
            };
            let mut got: Vec<(Cue, u64)> = sim.played(channel).iter().map(|p| (p.cue, p.at)).collect();
            got.sort_by_key(|&(c, at)| (at, c.at_ms));
            let mut want = want;
            want.sort_by_key(|&(c, at)| (at, c.at_ms));
            prop_assert_eq!(got, want, "{:?} on {:?}", channel, platform);
        }
        let over = matches!(engine.phase(), Phase::Finished | Phase::Ended);
        prop_assert_eq!(sim.records.len(), usize::from(over));
        prop_assert_eq!(sim.awake.first(), Some(&true));
        prop_assert_eq!(sim.awake.len(), 1 + usize::from(over));
    }

    /// With the shell waking late (a stalled UI thread, a phone dozing), no cue plays before its deadline,
    /// none plays twice on a channel, and one played late is at most the late-cue limit late (except Done).
    #[test]
    fn late_wake_ups_never_make_cues_early_or_double(
        r in 0usize..15, settings in arb_settings(), platform in arb_platform(), lateness in prop::collection::vec(0u64..2500, 1..64),
    ) {
        let id = &routine_ids()[r % routine_ids().len()];
        let mut sim = Sim::new(id, settings, platform);
        sim.act(Conductor::start);
        let t0 = sim.now;
        let mut i = 0;
        while let Some(w) = sim.wake {
            let late = lateness[i % lateness.len()];
            i += 1;
            sim.run_to(w + late, |_| late);
        }
        prop_assert_eq!(sim.records.len(), 1);
        for channel in [Channel::Haptic, Channel::Sound, Channel::Flash] {
            let played = sim.played(channel);
            let mut seen: Vec<Cue> = Vec::new();
            for p in &played {
                let deadline = t0 + p.cue.at_ms;
                prop_assert!(p.at >= deadline, "{:?} early: {} < {}", p.cue, p.at, deadline);
                prop_assert!(p.at - deadline <= LATE_CUE_LIMIT_MS || p.cue.kind == CueKind::Done, "{:?} {} ms late", p.cue, p.at - deadline);
                prop_assert!(!seen.contains(&p.cue), "{:?} played twice on {:?}", p.cue, channel);
                seen.push(p.cue);
            }
        }
    }
}

#[test]
fn hold_takes_back_what_was_handed_ahead_and_plays_the_rest_later() {
    let mut sim = Sim::new("calves-ball", SessionSettings::default(), ANDROID);
    let t0 = sim.now;
    sim.act(Conductor::start);
    let original = sim.c.session().plan().clone();
    let side = original.segments[1];
    // Just before the side's end ticks, so they have been handed ahead.
    let at = t0 + side.end_ms() - 3_500;
    sim.run_to(at, |_| 0);
    let handed_before: Vec<Played> = sim.played(Channel::Sound).into_iter().filter(|p| p.at > at).collect();
    assert!(!handed_before.is_empty(), "the end ticks were handed ahead");
    sim.act(Conductor::hold);
    assert!(sim.cancels.contains(&(Channel::Sound, at)) && sim.cancels.contains(&(Channel::Haptic, at)));
    assert!(sim.announced.last().unwrap().contains("20 seconds added"));
    sim.run_to_end();
    // Every cue after the hold sounds 20 s later than planned (new pace marks aside; pace is off here).
    let after: Vec<(CueKind, u64)> = sim.played(Channel::Sound).iter().filter(|p| p.at > at).map(|p| (p.cue.kind, p.at)).collect();
    let want: Vec<(CueKind, u64)> =
        original.cues.iter().filter(|c| t0 + c.at_ms > at).map(|c| (c.kind, t0 + c.at_ms + HOLD_MS)).collect();
    assert_eq!(after, want);
    let report = &sim.records[0].report;
    assert_eq!(report.held_ms, HOLD_MS);
    assert_eq!(report.worked_ms, original.work_ms + HOLD_MS);
}
