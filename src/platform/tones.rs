//! A cue's tones as PCM samples, for the phones' native players (Android `AudioTrack`, iOS `AVAudioPlayer`),
//! which play them while the webview sleeps. Same shape as the web bridge's Web Audio tones
//! (`assets/cues.js`): sine waves, a 10 ms exponential rise to the tone's peak gain and an exponential fall to
//! silence at its end, so a cue sounds alike everywhere. The tones themselves come from the cue table
//! (`session/cues.rs`); nothing here names a cue. Pure, so it is tested on the desktop.
//!
//! Invariants (unit tests below): the buffer lasts until the last tone ends; no sample exceeds the cue's
//! largest gain (no clipping, tones never sum past it unless they overlap, which the table avoids); each tone
//! starts and ends near silence (no click); outside every tone the buffer is silent.

use crate::session::Tone;

/// Samples per second: every phone plays 44.1 kHz natively, and the highest cue tone (1320 Hz) is far below
/// its Nyquist limit.
pub const SAMPLE_RATE: u32 = 44_100;

/// The envelope's floor, as Web Audio's `exponentialRampToValueAtTime(0.0001, …)`.
const FLOOR: f64 = 0.0001;
const RISE_MS: f64 = 10.0;

/// Mono 16-bit samples of `tones` at [`SAMPLE_RATE`], from the cue's instant to the end of its last tone.
pub fn pcm16(tones: &[Tone]) -> Vec<i16> {
    let end_ms = tones.iter().map(|t| t.at_ms + t.len_ms).max().unwrap_or(0);
    let len = (end_ms as u64 * SAMPLE_RATE as u64 / 1000) as usize;
    let mut out = vec![0f64; len];
    for tone in tones {
        let start = (tone.at_ms as u64 * SAMPLE_RATE as u64 / 1000) as usize;
        let count = (tone.len_ms as u64 * SAMPLE_RATE as u64 / 1000) as usize;
        let len_ms = tone.len_ms as f64;
        let peak = tone.gain as f64;
        for i in 0..count {
            let t_ms = i as f64 * 1000.0 / SAMPLE_RATE as f64;
            // Exponential rise over RISE_MS, then exponential fall to the floor at the tone's end.
            let env = if t_ms < RISE_MS {
                FLOOR * (peak / FLOOR).powf(t_ms / RISE_MS)
            } else {
                let fall = (t_ms - RISE_MS) / (len_ms - RISE_MS).max(1.0);
                peak * (FLOOR / peak).powf(fall.min(1.0))
            };
            let phase = 2.0 * std::f64::consts::PI * tone.hz as f64 * t_ms / 1000.0;
            if let Some(s) = out.get_mut(start + i) {
                *s += env * phase.sin();
            }
        }
    }
    out.into_iter().map(|s| (s.clamp(-1.0, 1.0) * i16::MAX as f64).round() as i16).collect()
}

/// The same samples as a RIFF/WAVE file (PCM, mono, 16-bit little-endian): what `AVAudioPlayer` reads from
/// memory.
pub fn wav(tones: &[Tone]) -> Vec<u8> {
    wav_of(&pcm16(tones))
}

/// `ms` of silence as a WAVE file (iOS plays it in a loop to keep the session's audio running in the
/// background between cues).
pub fn silence_wav(ms: u32) -> Vec<u8> {
    wav_of(&vec![0; (ms as u64 * SAMPLE_RATE as u64 / 1000) as usize])
}

fn wav_of(samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::CueKind;

    fn at(ms: f64) -> usize {
        (ms * SAMPLE_RATE as f64 / 1000.0) as usize
    }

    #[test]
    fn every_cue_lasts_until_its_last_tone_ends_without_clipping() {
        for kind in CueKind::ALL {
            let tones = kind.spec().tones;
            let pcm = pcm16(tones);
            let end = tones.iter().map(|t| t.at_ms + t.len_ms).max().unwrap();
            assert_eq!(pcm.len(), at(end as f64), "{kind:?}");
            let gain = tones.iter().map(|t| t.gain).fold(0.0, f32::max) as f64;
            let peak = pcm.iter().map(|s| (*s as f64 / i16::MAX as f64).abs()).fold(0.0, f64::max);
            assert!(peak <= gain + 1e-3, "{kind:?}: peak {peak} above the gain {gain}");
            // Loud enough to be heard at all: near the table's gain somewhere (a short tone's fall starts at
            // once after its 10 ms rise, so its loudest crest can sit a little under the envelope's peak).
            assert!(peak >= gain * 0.75, "{kind:?}: peak {peak} far below the gain {gain}");
        }
    }

    #[test]
    fn tones_start_and_end_near_silence_and_the_gaps_between_them_are_silent() {
        let tones = CueKind::SwitchSides.spec().tones;
        let pcm = pcm16(tones);
        let loud = |range: std::ops::Range<usize>| range.map(|i| pcm[i].unsigned_abs()).max().unwrap_or(0);
        for t in tones {
            let (a, b) = (t.at_ms as f64, (t.at_ms + t.len_ms) as f64);
            // The first and last 0.2 ms of each tone: well under 1% of full scale (a click would be far above).
            assert!(loud(at(a)..at(a + 0.2)) < 330, "{t:?} starts with a click");
            assert!(loud(at(b - 0.2)..at(b)) < 330, "{t:?} ends with a click");
        }
        // Between the two beeps of "switch sides" (120 ms to 200 ms) there is nothing.
        assert_eq!(loud(at(121.0)..at(199.0)), 0);
    }

    #[test]
    fn the_wav_header_describes_the_samples() {
        let tones = CueKind::Start.spec().tones;
        let wav = wav(tones);
        let n = pcm16(tones).len();
        assert_eq!(&wav[0..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes(wav[4..8].try_into().unwrap()) as usize, wav.len() - 8);
        assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), SAMPLE_RATE);
        assert_eq!(u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize, n * 2);
        assert_eq!(wav.len(), 44 + n * 2);
    }
}
