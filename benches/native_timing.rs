//! Cue timing of the native shells' scheduling, on the real clock: a 60-second plan (a real routine's step,
//! quick scale: get ready 15 s, left 20 s, switch 5 s, right 20 s; 18 cues with Done) run through exactly what
//! `ui::runner` uses on desktop — `platform::now`/`platform::sleep_until` (tokio sleep, `Instant` clock)
//! around the `Conductor` (`handle_timeout`, its commands, and the `WakeAt` it asks for; the haptic channel
//! played at each cue's instant, as a phone's at-instant channel is) — inside a tokio multi-thread runtime like
//! the one dioxus-desktop builds, with the loop polled on the main thread and woken through a channel, as
//! dioxus-desktop's event loop is woken by its tao waker. Records how late each cue is returned, against its
//! deadline, with sub-millisecond precision. Not covered: the hop into WebKit (bridge eval) that plays it.
//! Goal: p99 ≤ 5 ms. Under scripts/bench.sh writes $UNKNOT_BENCH_OUT/native_timing.json.

use std::future::Future;
use std::pin::pin;
use std::sync::mpsc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use unknot::content::Library;
use unknot::platform;
use unknot::session::{Channel, ChannelTiming, Command, Conductor, Mono, Plan, PlatformCues, Scale, SessionSettings};

/// Wakes the main-thread loop, as dioxus-desktop's tao waker sends a user event to its event loop.
struct ChannelWaker(mpsc::SyncSender<()>);

impl Wake for ChannelWaker {
    fn wake(self: Arc<Self>) {
        let _ = self.0.try_send(());
    }
}

/// Polls `fut` on this thread until done, sleeping on the channel between wake-ups.
fn run_on_main_thread<F: Future>(fut: F) -> F::Output {
    let (tx, rx) = mpsc::sync_channel(1);
    let waker = Waker::from(Arc::new(ChannelWaker(tx)));
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        rx.recv().unwrap();
    }
}

fn plan_60s() -> Plan {
    let lib = Library::bundled().unwrap();
    let mut routine = lib.routines.get("calves-ball").unwrap().clone();
    // "Hold with ankle pumps": 30 s a side, 20 s at the quick scale.
    routine.steps = vec![routine.steps[2].clone()];
    let settings = SessionSettings { scale: Scale::Quick, prep_secs: 15, switch_secs: 5, ..SessionSettings::default() };
    let plan = Plan::build(&routine, &settings);
    assert_eq!(plan.total_ms, 60_000, "the plan should last 60 s");
    plan
}

struct Late {
    kind: &'static str,
    at_ms: u64,
    late_ms: f64,
}

fn main() {
    let plan = plan_60s();
    let cue_count = plan.cues.len();
    // `platform::now()` counts from the first call; take our own precise instant just before it, so a
    // deadline `Mono(d)` is `origin + d ms` to well under a microsecond.
    let origin = Instant::now();
    let _ = platform::now();
    let at = |m: Mono| origin + Duration::from_millis(m.0);

    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let guard = rt.enter();
    println!("native timing: a {} s plan with {cue_count} cues, on the real clock", plan.total_ms / 1000);

    let (cues, wakeups) = run_on_main_thread(async move {
        let platform =
            PlatformCues { haptic: ChannelTiming::AtInstant, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
        let mut conductor = Conductor::new(plan, &SessionSettings::default(), platform);
        let start = platform::now();
        conductor.start(start);
        let mut cues = Vec::new();
        let mut wakeups = Vec::new();
        let mut expected: Option<Mono> = None;
        loop {
            let woke = Instant::now();
            if let Some(deadline) = expected {
                wakeups.push(woke.saturating_duration_since(at(deadline)).as_secs_f64() * 1000.0);
            }
            let now = platform::now();
            if expected.is_some() {
                conductor.handle_timeout(now);
            }
            let mut next = None;
            while let Some(command) = conductor.poll() {
                match command {
                    Command::Schedule { channel: Channel::Haptic, cue, .. } => {
                        // The anchor never moves in this run (no pause, skip or back): deadline = start + offset.
                        let deadline = start.plus(cue.at_ms);
                        let late = Instant::now().saturating_duration_since(at(deadline)).as_secs_f64() * 1000.0;
                        cues.push(Late { kind: cue.kind.name(), at_ms: cue.at_ms, late_ms: late });
                    }
                    Command::WakeAt(at) => next = Some(at),
                    _ => {}
                }
            }
            let Some(next) = next else { return (cues, wakeups) };
            expected = Some(next);
            platform::sleep_until(next).await;
        }
    });
    drop(guard);
    drop(rt);

    assert_eq!(cues.len(), cue_count, "every cue should be returned once");
    let pct = |v: &[f64], p: f64| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s[((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1]
    };
    let late: Vec<f64> = cues.iter().map(|c| c.late_ms).collect();
    for c in &cues {
        println!("  {:>6} ms  {:<9} late {:7.3} ms", c.at_ms, c.kind, c.late_ms);
    }
    let (p50, p99, max) = (pct(&late, 0.5), pct(&late, 0.99), pct(&late, 1.0));
    let (w50, w99, wmax) = (pct(&wakeups, 0.5), pct(&wakeups, 0.99), pct(&wakeups, 1.0));
    println!("cues: n={} p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms", late.len());
    println!("all wake-ups (cues + countdown redraws): n={} p50 {w50:.3} ms, p99 {w99:.3} ms, max {wmax:.3} ms", wakeups.len());
    if let Some(dir) = std::env::var_os("UNKNOT_BENCH_OUT") {
        let list: Vec<String> =
            cues.iter().map(|c| format!(r#"{{"kind": "{}", "at_ms": {}, "late_ms": {:.4}}}"#, c.kind, c.at_ms, c.late_ms)).collect();
        let json = format!(
            "{{\"plan_s\": 60, \"cues\": {{\"n\": {}, \"p50_ms\": {p50:.4}, \"p99_ms\": {p99:.4}, \"max_ms\": {max:.4}}}, \
             \"wakeups\": {{\"n\": {}, \"p50_ms\": {w50:.4}, \"p99_ms\": {w99:.4}, \"max_ms\": {wmax:.4}}}, \"per_cue\": [{}]}}\n",
            late.len(),
            wakeups.len(),
            list.join(", ")
        );
        let path = std::path::Path::new(&dir).join("native_timing.json");
        std::fs::write(&path, json).unwrap();
        println!("wrote {}", path.display());
    }
}
