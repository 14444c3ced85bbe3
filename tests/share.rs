//! Share links (`src/share.rs`): round trips for every preset, random programs and
//! any Unicode text, in today's format (v2) and in v1 (written here from the layout in
//! the module's doc); the golden list `tests/share_links.txt` that freezes v1 and v2
//! (links made before keep decoding to the same state); fuzzed fragments of both
//! versions are refused with a message, never a panic or a hang; the CLI's `link`.
//!
//! The golden list only grows: `AWAITSCOPE_BLESS_SHARE_LINKS=1 cargo test --test share`
//! appends the states of [`golden_states`] past the entries already in the file,
//! encoded by today's encoder; it never rewrites an entry.

use awaitscope::presets;
use awaitscope::share::{
    self, Panes, ShareError, ShareState, Theme, MAX_FRAGMENT, MAX_HEIGHT, MAX_INFLATED, MIN_HEIGHT,
};

mod common;
use common::Rng;

fn round_trip(state: &ShareState) -> String {
    let link = share::encode(state).expect("encodes");
    assert!(link.starts_with("v2:"));
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b)),
        "URL-safe: {link}"
    );
    assert_eq!(share::decode(&link).as_ref(), Ok(state));
    assert_eq!(share::decode(&format!("#{link}")).as_ref(), Ok(state));
    link
}

/// A v1 link for `state`, written from the layout in `src/share.rs`'s doc (today's
/// encoder writes v2; v1 links exist and must keep opening).
fn v1_link(state: &ShareState) -> String {
    fn varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push(v as u8 | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    let mut record = vec![u8::from(state.embed) | (u8::from(state.preset.is_some()) << 1)];
    varint(&mut record, u64::from(state.step));
    varint(&mut record, state.t_us);
    record.extend_from_slice(&state.speed.to_le_bytes());
    record.push(state.panes.0);
    for text in state.preset.iter().chain([&state.code]) {
        varint(&mut record, text.len() as u64);
        record.extend_from_slice(text.as_bytes());
    }
    let crc = crc32(&record);
    record.extend_from_slice(&crc.to_le_bytes());
    let deflated = miniz_oxide::deflate::compress_to_vec(&record, 9);
    format!("v1:{}", share::base64url_encode(&deflated))
}

/// `state` through the v1 layout: the v2-only options read back as their defaults.
fn v1_round_trip(state: &ShareState) {
    let expected = ShareState {
        autoplay: false,
        theme: Theme::System,
        height: None,
        ..state.clone()
    };
    assert_eq!(share::decode(&v1_link(state)), Ok(expected));
}

#[test]
fn every_preset_round_trips_in_a_short_link() {
    for p in presets::ALL {
        let state = ShareState {
            preset: Some(p.id.to_string()),
            step: 17,
            t_us: 1_250_000,
            speed: 0.05,
            ..ShareState::new(p.source)
        };
        v1_round_trip(&state);
        let link = round_trip(&state);
        // An embed with every option costs a few bytes more.
        let embed = ShareState {
            embed: true,
            autoplay: true,
            theme: Theme::Dark,
            height: Some(720),
            panes: Panes(Panes::CODE | Panes::TIMELINES),
            ..state.clone()
        };
        let embed_link = round_trip(&embed);
        assert!(
            embed_link.len() <= link.len() + 16,
            "{} vs {}",
            embed_link.len(),
            link.len()
        );
        println!(
            "{:>20}: {} lines, {} characters",
            p.id,
            p.source.lines().count(),
            link.len()
        );
        assert!(link.len() < 1500, "{}: {} characters", p.id, link.len());
    }
}

const ATOMS: &[&str] = &[
    "import asyncio\n",
    "async def ",
    "await ",
    "asyncio.sleep(",
    "asyncio.gather(",
    "print(",
    "f\"{x}\"",
    "'",
    "\"",
    "(",
    ")",
    ":",
    "\n",
    "    ",
    "\t",
    "#",
    "é",
    "名前",
    "😀",
    "שָׁלוֹם",
    "\u{0301}",
    "\u{200d}",
    "\0",
    "\r\n",
    "x",
    "0.5",
    "1_000",
    "\\",
    "%3A",
    "v1:",
    "#",
    " ",
];

#[test]
fn thousands_of_random_programs_round_trip() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for i in 0..3000 {
        let mut code = String::new();
        for _ in 0..rng.below(120) {
            code.push_str(ATOMS[rng.below(ATOMS.len())]);
        }
        // Sometimes arbitrary scalar values too.
        for _ in 0..rng.below(8) {
            if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                code.push(c);
            }
        }
        let state = ShareState {
            code,
            preset: (i % 5 == 0).then(|| presets::ALL[i % presets::ALL.len()].id.to_string()),
            step: rng.next() as u32,
            t_us: rng.next() >> rng.below(64),
            speed: [0.001, 0.1, 1.0, 100.0, 1e-7, 3.5e7][rng.below(6)],
            panes: Panes((rng.next() & 63) as u8),
            embed: rng.below(2) == 1,
            autoplay: rng.below(2) == 1,
            theme: Theme::ALL[rng.below(3)],
            height: (rng.below(3) > 0).then(|| {
                let span = usize::from(MAX_HEIGHT - MIN_HEIGHT) + 1;
                MIN_HEIGHT + rng.below(span) as u16
            }),
        };
        round_trip(&state);
        v1_round_trip(&state);
    }
}

#[test]
fn any_unicode_text_round_trips() {
    let texts = [
        "",
        "\0",
        "a\0b\0\0",
        "print('😀👩‍👩‍👧‍👦🏳️‍🌈')\n",
        "# 中文注释\nprint('你好，世界')\nprint('こんにちは')\n",
        "print('مرحبا بالعالم')  # RTL\u{200f}\u{202e}reversed\u{202c}\n",
        "e\u{0301}\u{0302}\u{0323} Z\u{0335}\u{0336}\u{0337}\n",
        "\u{feff}BOM first\r\nwindows\rmac\n",
        "\u{10ffff}\u{e000}\u{fffd}",
        "tab\there\u{2028}line\u{2029}para",
    ];
    for text in texts {
        round_trip(&ShareState::new(text));
        v1_round_trip(&ShareState::new(text));
    }
    let all: String = (0..0x11_0000u32)
        .step_by(97)
        .filter_map(char::from_u32)
        .collect();
    round_trip(&ShareState::new(all));
}

#[test]
fn a_scenario_too_large_to_share_is_refused_when_encoding() {
    let mut rng = Rng(7);
    // Incompressible text past the fragment cap.
    let code: String = (0..MAX_FRAGMENT)
        .map(|_| char::from(b'!' + rng.below(90) as u8))
        .collect();
    let err = share::encode(&ShareState::new(code)).unwrap_err();
    assert!(matches!(err, ShareError::TooLong(_)), "{err}");
    let err = share::encode(&ShareState::new("a".repeat(MAX_INFLATED + 1))).unwrap_err();
    assert_eq!(err, ShareError::TooLarge);
}

/// The states behind `tests/share_links.txt`. Append only.
fn golden_states() -> Vec<ShareState> {
    let preset = presets::default_preset();
    vec![
        ShareState {
            preset: Some(preset.id.to_string()),
            ..ShareState::new(preset.source)
        },
        ShareState {
            code: "import asyncio\n\nasync def main():\n    print('héllo 😀 世界 مرحبا e\u{0301}')\n    await asyncio.sleep(0.25)\n\nasyncio.run(main())\n".into(),
            preset: None,
            step: 3,
            t_us: 250_000,
            speed: 2.0,
            panes: Panes(Panes::CODE | Panes::TIMELINES),
            embed: true,
            autoplay: false,
            theme: Theme::System,
            height: None,
        },
        ShareState {
            code: String::new(),
            preset: None,
            step: u32::MAX,
            t_us: u64::MAX,
            speed: 0.001,
            panes: Panes(0),
            embed: false,
            autoplay: false,
            theme: Theme::System,
            height: None,
        },
        ShareState {
            preset: Some("hello_world_loop".into()),
            step: 12,
            t_us: 3_000_000,
            speed: 0.5,
            ..ShareState::new(presets::find("hello_world_loop").unwrap().source)
        },
        // v2 from here on.
        ShareState {
            preset: Some("crawler_gather".into()),
            step: 9,
            t_us: 120_000,
            speed: 0.05,
            panes: Panes(Panes::CODE | Panes::TIMELINES),
            embed: true,
            autoplay: true,
            theme: Theme::Dark,
            height: Some(640),
            ..ShareState::new(presets::find("crawler_gather").unwrap().source)
        },
        ShareState {
            code: "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print('дочекалися ⏰')\n\nasyncio.run(main())\n".into(),
            preset: None,
            step: 0,
            t_us: 0,
            speed: 1.0,
            panes: Panes(Panes::DIAGRAM | Panes::CONTROLS),
            embed: true,
            autoplay: false,
            theme: Theme::Light,
            height: None,
        },
        ShareState {
            code: String::new(),
            preset: None,
            step: u32::MAX,
            t_us: u64::MAX,
            speed: 100.0,
            panes: Panes(Panes::STATS),
            embed: true,
            autoplay: true,
            theme: Theme::System,
            height: Some(MAX_HEIGHT),
        },
        ShareState {
            preset: Some("producer_consumer".into()),
            step: 4,
            t_us: 200_000,
            ..ShareState::new(presets::find("producer_consumer").unwrap().source)
        },
    ]
}

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/share_links.txt");

/// The golden list's entries: (link, state as JSON).
fn golden_entries(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(lines.len().is_multiple_of(2), "link/state pairs");
    lines
        .chunks(2)
        .map(|pair| (pair[0].to_string(), pair[1].to_string()))
        .collect()
}

#[test]
fn links_made_before_keep_decoding_to_the_same_state() {
    let mut text = std::fs::read_to_string(GOLDEN).expect("tests/share_links.txt");
    if std::env::var_os("AWAITSCOPE_BLESS_SHARE_LINKS").is_some() {
        // Append only: states past the file's entries, never a rewrite of old ones.
        let have = golden_entries(&text).len();
        for state in golden_states().iter().skip(have) {
            text.push_str(&format!(
                "\n{}\n{}\n",
                share::encode(state).unwrap(),
                serde_json::to_string(state).unwrap()
            ));
        }
        std::fs::write(GOLDEN, &text).unwrap();
    }
    let entries = golden_entries(&text);
    assert!(entries.len() >= 8, "{} entries", entries.len());
    for version in ["v1:", "v2:"] {
        assert!(
            entries
                .iter()
                .filter(|(l, _)| l.starts_with(version))
                .count()
                >= 3,
            "the list keeps {version} links"
        );
    }
    for (link, json) in &entries {
        let expected: ShareState = serde_json::from_str(json).expect("state JSON");
        assert_eq!(share::decode(link), Ok(expected), "{link}");
    }
    // The states the list was made from still encode to what it holds: today's
    // encoder has not drifted from the v2 links (an old v1 link is only decoded).
    for ((link, _), state) in entries.iter().zip(golden_states()) {
        if link.starts_with("v2:") {
            assert_eq!(&share::encode(&state).unwrap(), link);
        }
    }
}

/// Decodes `fragment`, which must be refused: with a message, quickly.
fn refused(fragment: &str) -> ShareError {
    let started = std::time::Instant::now();
    let result = share::decode(fragment);
    assert!(
        started.elapsed().as_secs() < 2,
        "slow on {} chars",
        fragment.len()
    );
    let err = result.expect_err("refused");
    assert!(err.to_string().len() > 10);
    err
}

#[test]
fn random_fragments_are_refused_with_a_message() {
    let mut rng = Rng(99);
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for i in 0..3000 {
        let len = rng.below(400);
        let body: String = if i % 3 == 0 {
            // Arbitrary bytes, made into text.
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..len).map(|_| CHARS[rng.below(64)] as char).collect()
        };
        let fragment = match i % 4 {
            0 => format!("v1:{body}"),
            2 => format!("v2:{body}"),
            _ => body,
        };
        // Random base64 may, very rarely, not be refused by the inflater; the
        // checksum still catches it.
        let _ = refused(&fragment);
    }
}

/// A damaged link is refused, or (when the damage only touched the bits after the
/// end of the compressed stream) decodes to exactly the original: never to another state.
fn refused_or_same(fragment: &str, original: &ShareState) {
    if let Ok(state) = share::decode(fragment) {
        assert_eq!(&state, original, "{fragment}");
    } else {
        refused(fragment);
    }
}

#[test]
fn truncated_and_bit_flipped_links_are_refused() {
    let mut rng = Rng(42);
    for (i, p) in presets::ALL.iter().take(6).enumerate() {
        let original = ShareState::new(p.source);
        // Half of them in v1 (still opened), half in today's v2 with every option.
        let (original, link) = if i % 2 == 0 {
            let link = v1_link(&original);
            (original, link)
        } else {
            let state = ShareState {
                embed: true,
                autoplay: true,
                theme: Theme::Light,
                height: Some(500),
                ..original
            };
            let link = share::encode(&state).unwrap();
            (state, link)
        };
        for cut in 0..link.len() {
            refused_or_same(&link[..cut], &original);
        }
        // Losing more than the final character always shows.
        for cut in 0..link.len() - 1 {
            refused(&link[..cut]);
        }
        let bytes = link.as_bytes();
        for _ in 0..500 {
            let mut flipped = bytes.to_vec();
            let i = 3 + rng.below(bytes.len() - 3);
            flipped[i] ^= 1 << rng.below(8);
            let text = String::from_utf8_lossy(&flipped).into_owned();
            refused_or_same(&text, &original);
        }
    }
}

#[test]
fn hostile_records_are_refused() {
    // Oversized before decoding.
    let huge = format!("v1:{}", "A".repeat(MAX_FRAGMENT));
    assert!(matches!(refused(&huge), ShareError::TooLong(_)));
    // A deflate bomb: 32 MB of zeros in a link just under the cap (DEFLATE's best
    // ratio is about 1:1000).
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 32 << 20], 10);
    let link = format!("v1:{}", share::base64url_encode(&bomb));
    assert!(link.len() < MAX_FRAGMENT, "bomb link {} chars", link.len());
    assert_eq!(refused(&link), ShareError::TooLarge);
    let v2_bomb = format!("v2:{}", share::base64url_encode(&bomb));
    assert_eq!(refused(&v2_bomb), ShareError::TooLarge);
    // Well-formed deflate of records that lie about themselves.
    let with_crc = |mut record: Vec<u8>| {
        let crc = crc32(&record);
        record.extend_from_slice(&crc.to_le_bytes());
        format!(
            "v1:{}",
            share::base64url_encode(&miniz_oxide::deflate::compress_to_vec(&record, 6))
        )
    };
    let v2_with_crc = |record: Vec<u8>| with_crc(record).replacen("v1:", "v2:", 1);
    let speed = 0.1f32.to_le_bytes();
    let mut header = vec![0u8, 0, 0];
    header.extend_from_slice(&speed);
    header.push(63);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "empty"),
        (
            [header.clone(), vec![0xff, 0xff, 0xff, 0xff, 0x0f]].concat(),
            "code longer than the record",
        ),
        (
            [header.clone(), vec![2, 0xc3, 0x28]].concat(),
            "invalid UTF-8",
        ),
        ([header.clone(), vec![0, 9]].concat(), "trailing bytes"),
        (
            [vec![4u8], header[1..].to_vec(), vec![0]].concat(),
            "unknown flags",
        ),
        (
            [
                vec![0u8, 0xff, 0xff, 0xff, 0xff, 0x7f, 0],
                speed.to_vec(),
                vec![63, 0],
            ]
            .concat(),
            "step past u32",
        ),
        (
            [
                vec![0u8, 0, 0],
                f32::NAN.to_le_bytes().to_vec(),
                vec![63, 0],
            ]
            .concat(),
            "NaN speed",
        ),
        (
            [
                vec![0u8, 0, 0],
                (-1.0f32).to_le_bytes().to_vec(),
                vec![63, 0],
            ]
            .concat(),
            "negative speed",
        ),
        (
            [vec![0u8, 0, 0], speed.to_vec(), vec![64, 0]].concat(),
            "unknown pane",
        ),
        (
            [vec![2u8, 0, 0], speed.to_vec(), vec![63, 0, 0]].concat(),
            "empty preset id",
        ),
    ];
    for (record, what) in cases {
        let err = refused(&with_crc(record));
        assert!(matches!(err, ShareError::Corrupt(_)), "{what}: {err}");
    }
    // v2: the same header plus a theme byte, then the options it reads.
    let v2_header =
        |flags: u8, theme: u8| [vec![flags, 0, 0], speed.to_vec(), vec![63, theme]].concat();
    let v2_cases: Vec<(Vec<u8>, &str)> = vec![
        ([v2_header(16, 0), vec![0]].concat(), "unknown flags"),
        ([v2_header(0, 3), vec![0]].concat(), "unknown theme"),
        ([v2_header(8, 0), vec![0]].concat(), "height cut short"),
        ([v2_header(8, 0), vec![119, 0]].concat(), "height too small"),
        (
            [v2_header(8, 0), vec![0xa1, 0x1f, 0]].concat(),
            "height too large",
        ),
        (
            [v2_header(8, 0), vec![0xff, 0xff, 0xff, 0x0f, 0]].concat(),
            "height past u16",
        ),
        ([v2_header(8, 0)].concat(), "no code after the height"),
        ([v2_header(0, 0), vec![0, 1]].concat(), "trailing bytes"),
        (v2_header(0, 0)[..6].to_vec(), "cut in the speed"),
        ([v2_header(2, 0), vec![0, 0]].concat(), "empty preset id"),
        (
            [vec![0u8, 0, 0], speed.to_vec(), vec![128, 0, 0]].concat(),
            "unknown pane",
        ),
    ];
    for (record, what) in v2_cases {
        let err = refused(&v2_with_crc(record));
        assert!(matches!(err, ShareError::Corrupt(_)), "v2 {what}: {err}");
    }
    // The boundaries themselves are accepted (120 and 4000 px).
    for (bytes, px) in [(vec![120u8], 120u16), (vec![0xa0, 0x1f], 4000)] {
        let state = share::decode(&v2_with_crc([v2_header(8, 2), bytes, vec![0]].concat()));
        let state = state.unwrap();
        assert_eq!((state.height, state.theme), (Some(px), Theme::Dark));
    }
    // The same record without its checksum right.
    let link = share::encode(&ShareState::new("print(1)")).unwrap();
    assert!(link.starts_with("v2:"));
    let mut record =
        miniz_oxide::inflate::decompress_to_vec(&share::base64url_decode(&link[3..]).unwrap())
            .unwrap();
    let last = record.len() - 1;
    record[last] ^= 1;
    let tampered = format!(
        "v2:{}",
        share::base64url_encode(&miniz_oxide::deflate::compress_to_vec(&record, 6))
    );
    assert_eq!(refused(&tampered), ShareError::Corrupt("checksum mismatch"));
}

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

#[test]
fn the_cli_prints_a_fragment_that_decodes_to_the_file_and_step() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets/five_fetches.py");
    let cli = env!("CARGO_BIN_EXE_awaitscope");
    let out = std::process::Command::new(cli)
        .args(["link", file, "--at", "5", "--embed"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fragment = String::from_utf8(out.stdout).unwrap();
    let fragment = fragment.trim().strip_prefix('#').expect("starts with #");
    let state = share::decode(fragment).unwrap();
    assert_eq!(state.code, presets::find("five_fetches").unwrap().source);
    assert_eq!(state.preset.as_deref(), Some("five_fetches"));
    assert_eq!((state.step, state.embed), (5, true));
    let out = std::process::Command::new(cli)
        .args(["link", file, "--at", "100000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("event-loop events"));
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_awaitscope"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_cli_links_an_embedded_view_with_its_options() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets/crawler_gather.py");
    let out = cli(&[
        "link",
        file,
        "--embed",
        "--panes",
        "timelines,code",
        "--autoplay",
        "--theme",
        "dark",
        "--height",
        "600",
        "--at",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fragment = String::from_utf8(out.stdout).unwrap();
    let state = share::decode(fragment.trim()).unwrap();
    assert!(fragment.starts_with("#v2:"), "{fragment}");
    assert_eq!(state.code, presets::find("crawler_gather").unwrap().source);
    assert_eq!(state.panes, Panes(Panes::CODE | Panes::TIMELINES));
    assert_eq!(
        (
            state.embed,
            state.autoplay,
            state.theme,
            state.height,
            state.step
        ),
        (true, true, Theme::Dark, Some(600), 3)
    );
    // Without options: every pane, the reader's theme, as tall as the content.
    let out = cli(&["link", file, "--embed"]);
    let state = share::decode(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(
        (state.panes, state.autoplay, state.theme, state.height),
        (Panes::ALL, false, Theme::System, None)
    );
    // Not embedded: a plain share link.
    let out = cli(&["link", file]);
    let state = share::decode(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert!(!state.embed);
}

#[test]
fn the_cli_refuses_bad_embed_options_with_a_usage_error() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets/crawler_gather.py");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--embed", "--panes", "code,editor"],
            "unknown pane 'editor'",
        ),
        (&["--embed", "--panes", ""], "empty pane name"),
        (&["--embed", "--panes"], "--panes needs a LIST"),
        (&["--embed", "--theme", "sepia"], "unknown theme 'sepia'"),
        (&["--embed", "--theme"], "--theme needs"),
        (&["--embed", "--height", "50"], "from 120 to 4000"),
        (&["--embed", "--height", "4001"], "from 120 to 4000"),
        (&["--embed", "--height", "tall"], "not 'tall'"),
        (&["--panes", "code"], "add --embed"),
        (&["--autoplay"], "add --embed"),
        (&["--theme", "dark"], "add --embed"),
        (&["--embed", "--blocking"], "drop --blocking"),
    ];
    for (options, message) in cases {
        let mut args = vec!["link", file];
        args.extend_from_slice(options);
        let out = cli(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(64), "{options:?}: {stderr}");
        assert!(stderr.contains(message), "{options:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{options:?}");
    }
    let out = cli(&["run", file, "--autoplay"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("belong to link"));
    let help = String::from_utf8(cli(&["--help"]).stdout).unwrap();
    for word in ["--panes", "--autoplay", "--theme", "--height", "timelines"] {
        assert!(help.contains(word), "--help mentions {word}");
    }
}
