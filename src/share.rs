//! Share links: what a viewer sees (the scenario text, the playhead, the speed, the
//! panes shown, and for an embedded view its options) packed into a URL fragment, so
//! it never reaches a server.
//!
//! A fragment is `vN:` followed by URL-safe base64 (no padding) of the raw DEFLATE
//! of a small binary record ending in a CRC-32. Today's encoder writes `v2:`; `v1:`
//! links (made before embedding had options) keep decoding.
//!
//! Format v1 (frozen):
//!
//! ```text
//! flags    u8       bit 0 embed, bit 1 a preset id follows; other bits must be 0
//! step     varint   the playhead's event cursor (u32)
//! t_us     varint   the playhead's virtual time in µs (u64)
//! speed    f32 LE   virtual seconds per real second (finite, > 0)
//! panes    u8       Panes bits; unknown bits are refused
//! preset   varint length + UTF-8 id        (only with flag bit 1)
//! code     varint length + UTF-8 text
//! crc32    u32 LE   CRC-32 (IEEE) of every byte above
//! ```
//!
//! Format v2: v1's fields plus the embedded view's options.
//!
//! ```text
//! flags    u8       bit 0 embed, bit 1 a preset id follows, bit 2 autoplay,
//!                   bit 3 a height follows; other bits must be 0
//! step     varint   as v1
//! t_us     varint   as v1
//! speed    f32 LE   as v1
//! panes    u8       as v1
//! theme    u8       0 the reader's system theme, 1 light, 2 dark; others refused
//! height   varint   the embedded view's height in CSS pixels, MIN_HEIGHT..=MAX_HEIGHT
//!                   (only with flag bit 3; without it the view is as tall as its content)
//! preset   varint length + UTF-8 id        (only with flag bit 1)
//! code     varint length + UTF-8 text
//! crc32    u32 LE   CRC-32 (IEEE) of every byte above
//! ```
//!
//! **Links made today keep decoding:** each version's decoder is frozen once links of
//! that version exist (`tests/share_links.txt` holds links that must keep decoding to
//! the same state). A new layout gets a new version prefix and its own decoder beside
//! the others. Decoding never panics and never allocates more than [`MAX_INFLATED`]
//! bytes for the record, whatever the input.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The prefix of the first links (still decoded).
pub const V1_PREFIX: &str = "v1:";
/// The prefix of today's links.
pub const V2_PREFIX: &str = "v2:";
/// Longer fragments are refused before anything is decoded.
pub const MAX_FRAGMENT: usize = 64 * 1024;
/// The record may inflate to at most this many bytes (a decompression bomb stops here).
pub const MAX_INFLATED: usize = 256 * 1024;
/// Preset ids are short identifiers.
const MAX_PRESET_ID: usize = 64;
/// The smallest fixed height (CSS pixels) an embedded view may ask for.
pub const MIN_HEIGHT: u16 = 120;
/// The largest fixed height (CSS pixels) an embedded view may ask for.
pub const MAX_HEIGHT: u16 = 4000;

/// Which panes a view shows, as bits. The full app shows them all; an embedded view
/// may show fewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Panes(pub u8);

impl Panes {
    pub const CODE: u8 = 1;
    pub const DIAGRAM: u8 = 2;
    pub const CONTROLS: u8 = 4;
    pub const TIMELINES: u8 = 8;
    pub const CONSOLE: u8 = 16;
    pub const STATS: u8 = 32;
    /// Every pane v1 knows.
    pub const ALL: Panes = Panes(63);

    /// Every pane with the name the CLI and the Embed dialog use, in page order.
    pub const NAMES: [(u8, &'static str); 6] = [
        (Panes::CODE, "code"),
        (Panes::DIAGRAM, "diagram"),
        (Panes::CONTROLS, "controls"),
        (Panes::TIMELINES, "timelines"),
        (Panes::CONSOLE, "console"),
        (Panes::STATS, "stats"),
    ];

    pub fn shows(self, pane: u8) -> bool {
        self.0 & pane != 0
    }

    /// Reads a comma-separated list of pane names (`code,timelines`). An unknown or
    /// empty name, or an empty list, is refused with a message naming the panes.
    pub fn parse_list(list: &str) -> Result<Panes, String> {
        let known = || {
            Panes::NAMES
                .iter()
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut bits = 0;
        for name in list.split(',').map(str::trim) {
            let Some((bit, _)) = Panes::NAMES
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(name))
            else {
                return Err(if name.is_empty() {
                    format!("an empty pane name in '{list}'; the panes are {}", known())
                } else {
                    format!("unknown pane '{name}'; the panes are {}", known())
                });
            };
            bits |= bit;
        }
        Ok(Panes(bits))
    }

    /// The names of the panes shown, in page order.
    pub fn names(self) -> Vec<&'static str> {
        Panes::NAMES
            .iter()
            .filter(|(bit, _)| self.shows(*bit))
            .map(|(_, n)| *n)
            .collect()
    }
}

/// The embedded view's colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the reader's system setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The name the CLI and the Embed dialog use.
    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }

    fn code(self) -> u8 {
        match self {
            Theme::System => 0,
            Theme::Light => 1,
            Theme::Dark => 2,
        }
    }
}

impl Default for Panes {
    fn default() -> Panes {
        Panes::ALL
    }
}

/// Everything a share link reproduces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareState {
    /// The scenario text, exactly as the sharer had it.
    pub code: String,
    /// The preset the text came from, if it is one (for its title and teaching point).
    pub preset: Option<String>,
    /// The playhead: how many event-loop events have happened.
    pub step: u32,
    /// The playhead's virtual time (µs); with `step` it pins the playhead exactly.
    pub t_us: u64,
    /// Playback speed: virtual seconds per real second.
    pub speed: f32,
    pub panes: Panes,
    /// Asks for the compact embedded view of [`Self::panes`] (with the options below)
    /// instead of the full app.
    pub embed: bool,
    /// The embedded view starts playing when it opens (unless the reader's system asks
    /// for reduced motion). Since v2; v1 links read as `false`.
    #[serde(default)]
    pub autoplay: bool,
    /// The embedded view's colours. Since v2; v1 links read as the system's.
    #[serde(default)]
    pub theme: Theme,
    /// The embedded view's fixed height in CSS pixels ([`MIN_HEIGHT`]..=[`MAX_HEIGHT`];
    /// the encoder clamps); `None`: as tall as its content. Since v2.
    #[serde(default)]
    pub height: Option<u16>,
}

impl ShareState {
    /// A state showing `code` from its start at speed 0.1, every pane.
    pub fn new(code: impl Into<String>) -> ShareState {
        ShareState {
            code: code.into(),
            preset: None,
            step: 0,
            t_us: 0,
            speed: 0.1,
            panes: Panes::ALL,
            embed: false,
            autoplay: false,
            theme: Theme::System,
            height: None,
        }
    }
}

/// Why a fragment could not be made or read. `Display` gives a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Empty, or not an awaitscope link at all.
    NotALink,
    /// A `vN:` prefix this version does not read (made by a newer awaitscope).
    UnknownVersion(String),
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong(usize),
    /// The record would inflate past [`MAX_INFLATED`].
    TooLarge,
    /// Damaged: bad characters, truncated, or failed its checks.
    Corrupt(&'static str),
}

impl ShareError {
    /// What an inflater's failure means for a reader.
    pub const BROKEN_DEFLATE: ShareError =
        ShareError::Corrupt("the compressed data is broken or cut short");
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => write!(f, "this is not an awaitscope share link"),
            ShareError::UnknownVersion(v) => write!(
                f,
                "this link uses format {v}, made by a newer awaitscope; this version opens v1 and v2 links"
            ),
            ShareError::TooLong(n) => write!(
                f,
                "the link is too long ({n} characters; at most {MAX_FRAGMENT} are accepted)"
            ),
            ShareError::TooLarge => write!(
                f,
                "the link's scenario is too large (over {} KB)",
                MAX_INFLATED / 1024
            ),
            ShareError::Corrupt(why) => {
                write!(f, "the link is damaged or incomplete ({why})")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment (without `#`) for `state`, in today's format (v2). Fails only when the
/// result would be longer than a link may be ([`MAX_FRAGMENT`]) or the scenario larger
/// than [`MAX_INFLATED`]. A speed that is not finite and positive is written as 0.1,
/// unknown pane bits are dropped and a height is clamped to [`MIN_HEIGHT`]..=[`MAX_HEIGHT`].
pub fn encode(state: &ShareState) -> Result<String, ShareError> {
    let record = encode_record(state)?;
    fragment_of_deflated(&miniz_oxide::deflate::compress_to_vec(&record, 9))
}

/// The uncompressed v2 record of `state` (checksum included): what [`encode`]
/// compresses. The browser compresses it with its own raw-DEFLATE
/// `CompressionStream` instead, so the page carries no compressor.
pub fn encode_record(state: &ShareState) -> Result<Vec<u8>, ShareError> {
    let mut record = Vec::with_capacity(state.code.len() + 32);
    let preset = state
        .preset
        .as_deref()
        .filter(|p| !p.is_empty() && p.len() <= MAX_PRESET_ID);
    let flags = u8::from(state.embed)
        | (u8::from(preset.is_some()) << 1)
        | (u8::from(state.autoplay) << 2)
        | (u8::from(state.height.is_some()) << 3);
    record.push(flags);
    put_varint(&mut record, u64::from(state.step));
    put_varint(&mut record, state.t_us);
    let speed = if state.speed.is_finite() && state.speed > 0.0 {
        state.speed
    } else {
        0.1
    };
    record.extend_from_slice(&speed.to_le_bytes());
    record.push(state.panes.0 & Panes::ALL.0);
    record.push(state.theme.code());
    if let Some(height) = state.height {
        put_varint(&mut record, u64::from(height.clamp(MIN_HEIGHT, MAX_HEIGHT)));
    }
    if let Some(p) = preset {
        put_varint(&mut record, p.len() as u64);
        record.extend_from_slice(p.as_bytes());
    }
    put_varint(&mut record, state.code.len() as u64);
    record.extend_from_slice(state.code.as_bytes());
    let crc = crc32(&record);
    record.extend_from_slice(&crc.to_le_bytes());
    if record.len() > MAX_INFLATED {
        return Err(ShareError::TooLarge);
    }
    Ok(record)
}

/// The fragment for a record from [`encode_record`] compressed as raw DEFLATE (any
/// compressor: the decoder only inflates).
pub fn fragment_of_deflated(deflated: &[u8]) -> Result<String, ShareError> {
    let fragment = format!("{V2_PREFIX}{}", base64url_encode(deflated));
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(fragment.len()));
    }
    Ok(fragment)
}

/// Reads a fragment (with or without the leading `#`). Any input gives a state or a
/// [`ShareError`]: never a panic, and work bounded by the size limits.
pub fn decode(fragment: &str) -> Result<ShareState, ShareError> {
    let packed = unpack(fragment)?;
    let record = inflate(&packed.deflated)?;
    packed.version.read(&record)
}

/// A fragment taken apart: its layout and its still-compressed record. [`decode`] is
/// [`unpack`], [`inflate`], [`Version::read`]; the page inflates with the browser's
/// own `DecompressionStream` instead (under the same [`MAX_INFLATED`] limit).
pub struct Packed {
    pub version: Version,
    pub deflated: Vec<u8>,
}

/// The record layouts this build reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// Checks a fragment's size, version and base64, without inflating anything.
pub fn unpack(fragment: &str) -> Result<Packed, ShareError> {
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    let (version, body) = split_version(fragment)?;
    let version = match version {
        "v1" => Version::V1,
        "v2" => Version::V2,
        other => return Err(ShareError::UnknownVersion(other.to_string())),
    };
    if body.is_empty() {
        return Err(ShareError::Corrupt("nothing after the version"));
    }
    Ok(Packed {
        version,
        deflated: base64url_decode(body)?,
    })
}

/// Raw DEFLATE → the record, stopping at [`MAX_INFLATED`] bytes.
pub fn inflate(deflated: &[u8]) -> Result<Vec<u8>, ShareError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_INFLATED).map_err(|e| match e
        .status
    {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::BROKEN_DEFLATE,
    })
}

impl Version {
    /// The state in an inflated record, checksum first.
    pub fn read(self, record: &[u8]) -> Result<ShareState, ShareError> {
        read_record(self, record)
    }
}

/// `vN:body` (also `vN%3Abody`, as some tools escape the colon).
fn split_version(fragment: &str) -> Result<(&str, &str), ShareError> {
    let (version, body) = fragment
        .split_once(':')
        .or_else(|| fragment.split_once("%3A"))
        .or_else(|| fragment.split_once("%3a"))
        .ok_or(ShareError::NotALink)?;
    let digits = version.strip_prefix('v').ok_or(ShareError::NotALink)?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotALink);
    }
    Ok((version, body))
}

/// A v1 or v2 record. Both layouts are frozen: links made today must keep decoding to
/// the same state. v2 is v1 plus the embedded view's options: flags 4 (autoplay) and
/// 8 (a height follows), and a theme byte after the panes.
fn read_record(version: Version, record: &[u8]) -> Result<ShareState, ShareError> {
    let (content, crc) = record
        .split_last_chunk::<4>()
        .ok_or(ShareError::Corrupt("the record is cut short"))?;
    if crc32(content) != u32::from_le_bytes(*crc) {
        return Err(ShareError::Corrupt("checksum mismatch"));
    }
    let mut r = Reader { bytes: content };
    let flags = r.byte()?;
    let known_flags = match version {
        Version::V1 => 3,
        Version::V2 => 15,
    };
    if flags & !known_flags != 0 {
        return Err(ShareError::Corrupt("unknown flags"));
    }
    let step = u32::try_from(r.varint()?).map_err(|_| ShareError::Corrupt("step out of range"))?;
    let t_us = r.varint()?;
    let speed = f32::from_le_bytes(r.array::<4>()?);
    if !(speed.is_finite() && speed > 0.0) {
        return Err(ShareError::Corrupt("invalid speed"));
    }
    let panes = r.byte()?;
    if panes & !Panes::ALL.0 != 0 {
        return Err(ShareError::Corrupt("unknown panes"));
    }
    let theme = match version {
        Version::V1 => Theme::System,
        Version::V2 => match r.byte()? {
            0 => Theme::System,
            1 => Theme::Light,
            2 => Theme::Dark,
            _ => return Err(ShareError::Corrupt("unknown theme")),
        },
    };
    let height = if flags & 8 != 0 {
        let px = r.varint()?;
        let px = u16::try_from(px)
            .ok()
            .filter(|px| (MIN_HEIGHT..=MAX_HEIGHT).contains(px))
            .ok_or(ShareError::Corrupt("height out of range"))?;
        Some(px)
    } else {
        None
    };
    let preset = if flags & 2 != 0 {
        let id = r.text()?;
        if id.is_empty() || id.len() > MAX_PRESET_ID {
            return Err(ShareError::Corrupt("invalid preset id"));
        }
        Some(id)
    } else {
        None
    };
    let code = r.text()?;
    if !r.bytes.is_empty() {
        return Err(ShareError::Corrupt("unexpected bytes at the end"));
    }
    Ok(ShareState {
        code,
        preset,
        step,
        t_us,
        speed,
        panes: Panes(panes),
        embed: flags & 1 != 0,
        autoplay: flags & 4 != 0,
        theme,
        height,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
}

const CUT: ShareError = ShareError::Corrupt("the record is cut short");

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, ShareError> {
        let (&b, rest) = self.bytes.split_first().ok_or(CUT)?;
        self.bytes = rest;
        Ok(b)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ShareError> {
        let (head, rest) = self.bytes.split_first_chunk::<N>().ok_or(CUT)?;
        self.bytes = rest;
        Ok(*head)
    }

    /// LEB128, at most 10 bytes, no bits past 64.
    fn varint(&mut self) -> Result<u64, ShareError> {
        let mut value = 0u64;
        for i in 0..10 {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if i == 9 && part > 1 {
                return Err(ShareError::Corrupt("number out of range"));
            }
            value |= part << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ShareError::Corrupt("number out of range"))
    }

    fn text(&mut self) -> Result<String, ShareError> {
        let len = self.varint()?;
        let len = usize::try_from(len)
            .ok()
            .filter(|&n| n <= self.bytes.len())
            .ok_or(CUT)?;
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        String::from_utf8(head.to_vec()).map_err(|_| ShareError::Corrupt("text is not UTF-8"))
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// CRC-32 (IEEE 802.3, reflected), bit by bit: records are small.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 (RFC 4648 §5) without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// The inverse of [`base64url_encode`]; strict: no padding, no other characters, no
/// stray bits.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    const BAD: ShareError = ShareError::Corrupt("characters that a link cannot contain");
    if text.len() % 4 == 1 {
        return Err(ShareError::Corrupt("the link is cut short"));
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return Err(BAD),
            };
            n |= u32::from(v) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        let keep = chunk.len() - 1;
        if bytes[1 + keep..].iter().any(|&b| b != 0) {
            return Err(ShareError::Corrupt("the link is cut short"));
        }
        out.extend_from_slice(&bytes[1..1 + keep]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        let cases: &[(&[u8], &str)] = &[
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff, 0xbf], "-_-_"),
        ];
        for &(raw, text) in cases {
            assert_eq!(base64url_encode(raw), text);
            assert_eq!(base64url_decode(text).unwrap(), raw);
        }
        assert!(base64url_decode("Zh").is_err(), "stray bits");
        assert!(base64url_decode("Zm9v=").is_err());
        assert!(base64url_decode("Z").is_err());
        assert!(base64url_decode("Zm+v").is_err());
    }

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn varints_round_trip_and_refuse_overflow() {
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            assert_eq!(Reader { bytes: &buf }.varint().unwrap(), v);
        }
        let over = [0xff; 10];
        assert!(Reader { bytes: &over }.varint().is_err());
        let eleven = [0x80; 11];
        assert!(Reader { bytes: &eleven }.varint().is_err());
    }

    #[test]
    fn versions_are_told_apart() {
        assert_eq!(decode(""), Err(ShareError::NotALink));
        assert_eq!(decode("#hello"), Err(ShareError::NotALink));
        assert_eq!(decode("x1:abc"), Err(ShareError::NotALink));
        assert_eq!(
            decode("#v3:AAAA"),
            Err(ShareError::UnknownVersion("v3".into()))
        );
        assert!(matches!(decode("#v2:AAAA"), Err(ShareError::Corrupt(_))));
        let message = decode("v9:abc").unwrap_err().to_string();
        assert!(
            message.contains("v9") && message.contains("newer"),
            "{message}"
        );
        let link = encode(&ShareState::new("print(1)\n")).unwrap();
        assert!(link.starts_with(V2_PREFIX), "{link}");
        let escaped = link.replacen(':', "%3A", 1);
        assert_eq!(decode(&escaped).unwrap().code, "print(1)\n");
    }

    #[test]
    fn pane_lists_and_themes_read_by_name() {
        assert_eq!(
            Panes::parse_list("code,timelines"),
            Ok(Panes(Panes::CODE | Panes::TIMELINES))
        );
        assert_eq!(Panes::parse_list(" Diagram , controls"), Ok(Panes(6)));
        let all = Panes::NAMES.map(|(_, n)| n).join(",");
        assert_eq!(Panes::parse_list(&all), Ok(Panes::ALL));
        assert_eq!(Panes::ALL.names().join(","), all);
        let err = Panes::parse_list("code,editor").unwrap_err();
        assert!(
            err.contains("'editor'") && err.contains("timelines"),
            "{err}"
        );
        assert!(Panes::parse_list("").unwrap_err().contains("empty"));
        assert!(Panes::parse_list("code,,stats")
            .unwrap_err()
            .contains("empty"));
        for t in Theme::ALL {
            assert_eq!(Theme::from_name(t.name()), Some(t));
        }
        assert_eq!(Theme::from_name("DARK"), Some(Theme::Dark));
        assert_eq!(Theme::from_name("sepia"), None);
    }

    #[test]
    fn heights_are_clamped_when_encoding() {
        for (asked, kept) in [(0, MIN_HEIGHT), (500, 500), (u16::MAX, MAX_HEIGHT)] {
            let state = ShareState {
                height: Some(asked),
                ..ShareState::new("")
            };
            assert_eq!(decode(&encode(&state).unwrap()).unwrap().height, Some(kept));
        }
    }
}
