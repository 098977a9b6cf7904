//! Reading a run from a file a watch wrote: GPX (the `gpx` crate) or FIT (the `fitparser` crate), told
//! apart by content, never by file name. Pure: bytes in, a [`Run`] or an error in plain words out; the
//! caller passes the local offset to show the start in and the kind of run.
//!
//! Invariant: a file is either read whole into a run that passes [`Run::problems`], or refused with an error
//! that names what is wrong ("the GPX file has no track points with times") — never half-read, never
//! written anywhere by this module. The run's id comes from its start (`run-<unix seconds>`), so the same
//! file imported twice names the same run and adds nothing the second time.

use chrono::{DateTime, FixedOffset};

use super::run::{Run, RunKind, MAX_DISTANCE_M, MAX_RUN_SECS};

/// Largest run file read, in bytes: a 24-hour GPX with a point a second is about 10 MB.
pub const MAX_RUN_FILE_BYTES: usize = 25 * 1024 * 1024;

/// What a run file held, before it becomes a [`Run`].
#[derive(Debug, Clone, PartialEq)]
pub struct RunFileSummary {
    pub started_at: DateTime<FixedOffset>,
    pub distance_m: u32,
    pub duration_secs: u32,
    /// "GPX" or "FIT".
    pub format: &'static str,
}

/// The id of the run that starts at `at`: one start, one run.
pub fn run_id_for_start(at: &DateTime<FixedOffset>) -> String {
    format!("run-{}", at.timestamp())
}

/// The kind a run read from a file is logged as until the runner says otherwise: long from 90 minutes or
/// 18 km, easy otherwise (a watch file does not say whether it was a workout).
pub fn likely_kind(distance_m: u32, duration_secs: u32) -> RunKind {
    if duration_secs >= 90 * 60 || distance_m >= 18_000 {
        RunKind::Long
    } else {
        RunKind::Easy
    }
}

/// Reads a GPX or FIT file into a summary, its start shown in `offset`.
pub fn read_run_file(bytes: &[u8], offset: FixedOffset) -> Result<RunFileSummary, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if bytes.len() > MAX_RUN_FILE_BYTES {
        return Err(format!("the file is {} MB; a run file is at most {} MB", bytes.len() / 1_048_576, MAX_RUN_FILE_BYTES / 1_048_576));
    }
    // A FIT file says ".FIT" at bytes 8–11 of its header.
    let summary = if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        read_fit(bytes, offset)?
    } else {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| "the file is neither a FIT file nor GPX text (it is not UTF-8)".to_string())?;
        if !text.trim_start().starts_with('<') {
            return Err("the file is neither a FIT file nor GPX (XML) text".into());
        }
        read_gpx(text, offset)?
    };
    if summary.distance_m == 0 || summary.distance_m > MAX_DISTANCE_M {
        return Err(format!("the {} file's distance is {} m; a run is 1 m to {} km", summary.format, summary.distance_m, MAX_DISTANCE_M / 1000));
    }
    if summary.duration_secs == 0 || summary.duration_secs > MAX_RUN_SECS {
        return Err(format!("the {} file's run lasts {} s; a run lasts 1 s to {} hours", summary.format, summary.duration_secs, MAX_RUN_SECS / 3600));
    }
    Ok(summary)
}

/// The run in a file, as the journal keeps it (kind guessed by [`likely_kind`]); checked by [`Run::problems`].
pub fn run_from_file(name: &str, bytes: &[u8], offset: FixedOffset) -> Result<Run, String> {
    let s = read_run_file(bytes, offset)?;
    let source: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    let run = Run {
        id: run_id_for_start(&s.started_at),
        started_at: s.started_at,
        kind: likely_kind(s.distance_m, s.duration_secs),
        distance_m: s.distance_m,
        duration_secs: s.duration_secs,
        effort: None,
        note: String::new(),
        source: Some(source),
    };
    match run.problems().first() {
        None => Ok(run),
        Some(p) => Err(format!("the run in the file breaks the journal's rules: {p}")),
    }
}

/// Great-circle distance in metres between two points given as (latitude, longitude) in degrees.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

fn read_gpx(text: &str, offset: FixedOffset) -> Result<RunFileSummary, String> {
    let gpx = gpx::read(text.as_bytes()).map_err(|e| format!("the GPX file cannot be read: {e}"))?;
    let mut distance = 0.0;
    let (mut first, mut last) = (None::<DateTime<FixedOffset>>, None::<DateTime<FixedOffset>>);
    let mut points = 0usize;
    for segment in gpx.tracks.iter().flat_map(|t| t.segments.iter()) {
        let mut previous: Option<(f64, f64)> = None;
        for p in &segment.points {
            let point = p.point();
            let (lat, lon) = (point.y(), point.x());
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(format!("the GPX file has a point at latitude {lat}, longitude {lon}, which is not on Earth"));
            }
            if let Some(prev) = previous {
                distance += haversine_m(prev, (lat, lon));
            }
            previous = Some((lat, lon));
            points += 1;
            if let Some(at) = p.time.as_ref().and_then(|t| t.format().ok()).and_then(|s| DateTime::parse_from_rfc3339(&s).ok()) {
                if first.is_none_or(|f| at < f) {
                    first = Some(at);
                }
                if last.is_none_or(|l| at > l) {
                    last = Some(at);
                }
            }
        }
    }
    if points < 2 {
        return Err("the GPX file has no track with at least two points".into());
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Err("the GPX file has no track points with times, so its run has no start or duration".into());
    };
    let duration = (last - first).num_seconds();
    Ok(RunFileSummary {
        started_at: first.with_timezone(&offset),
        distance_m: distance.round().clamp(0.0, f64::from(u32::MAX)) as u32,
        duration_secs: u32::try_from(duration).unwrap_or(u32::MAX),
        format: "GPX",
    })
}

fn read_fit(bytes: &[u8], offset: FixedOffset) -> Result<RunFileSummary, String> {
    use fitparser::profile::MesgNum;
    use fitparser::Value;
    let records = fitparser::from_bytes(bytes).map_err(|e| format!("the FIT file cannot be read: {e}"))?;
    let number = |v: &Value| -> Option<f64> {
        match v {
            Value::Float64(x) => Some(*x),
            Value::Float32(x) => Some(f64::from(*x)),
            Value::UInt32(x) => Some(f64::from(*x)),
            Value::UInt16(x) => Some(f64::from(*x)),
            Value::UInt8(x) => Some(f64::from(*x)),
            _ => None,
        }
    };
    let (mut start, mut distance, mut secs) = (None, None, None);
    for r in records.iter().filter(|r| r.kind() == MesgNum::Session) {
        for f in r.fields() {
            match (f.name(), f.value()) {
                ("start_time", Value::Timestamp(t)) => start = start.or(Some(t.with_timezone(&offset))),
                ("total_distance", v) => distance = distance.or(number(v)),
                ("total_timer_time", v) => secs = secs.or(number(v)),
                ("total_elapsed_time", v) if secs.is_none() => secs = number(v),
                _ => {}
            }
        }
    }
    let start = start.ok_or("the FIT file has no session with a start time (is it an activity file?)")?;
    let distance = distance.ok_or("the FIT file's session has no total distance")?;
    let secs = secs.ok_or("the FIT file's session has no total time")?;
    if !distance.is_finite() || !secs.is_finite() {
        return Err("the FIT file's session has a distance or time that is not a number".into());
    }
    Ok(RunFileSummary {
        started_at: start,
        distance_m: distance.round().clamp(0.0, f64::from(u32::MAX)) as u32,
        duration_secs: secs.round().clamp(0.0, f64::from(u32::MAX)) as u32,
        format: "FIT",
    })
}
