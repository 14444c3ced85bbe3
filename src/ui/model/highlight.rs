//! Python syntax colouring and diagnostic underlines for the editor's overlay: each
//! line of the source cut into pieces that share a colour and an underline.

/// A run of characters drawn the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// CSS class of the colour (`tok-kw`, `tok-str` …), if any.
    pub class: Option<&'static str>,
    /// Under a diagnostic's squiggle.
    pub flagged: bool,
}

/// One line of the editor overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeLine {
    pub pieces: Vec<Piece>,
    /// A diagnostic points at the end of this line (nothing to underline there).
    pub flagged_at_end: bool,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "str",
    "int",
    "float",
    "abs",
    "min",
    "max",
    "sum",
    "round",
    "sorted",
    "enumerate",
    "zip",
    "isinstance",
    "list",
    "dict",
    "tuple",
    "asyncio",
    "time",
    "Device",
    "cpu",
    "Exception",
    "RuntimeError",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "ZeroDivisionError",
    "TimeoutError",
];

/// Every line of `source` as pieces; `flagged` are byte ranges (diagnostics) to
/// underline.
pub fn code_lines(source: &str, flagged: &[(u32, u32)]) -> Vec<CodeLine> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for line in source.split('\n') {
        let end = start + line.len();
        let text = line.strip_suffix('\r').unwrap_or(line);
        let mut marks = vec![false; text.len()];
        let mut flagged_at_end = false;
        for &(s, e) in flagged {
            let (s, e) = (s as usize, (e as usize).max(s as usize));
            if s < start || s > end {
                continue;
            }
            let (from, to) = (s - start, (e - start).min(text.len()));
            if from >= text.len() {
                flagged_at_end = true;
            } else if to <= from {
                // An empty range underlines the character it points at.
                marks[from] = true;
            } else {
                marks[from..to].iter_mut().for_each(|m| *m = true);
            }
        }
        out.push(CodeLine {
            pieces: pieces(text, &marks),
            flagged_at_end,
        });
        start = end + 1;
    }
    out
}

fn pieces(text: &str, marks: &[bool]) -> Vec<Piece> {
    let classes = classify(text);
    let mut out: Vec<Piece> = Vec::new();
    for (i, ch) in text.char_indices() {
        let (class, flagged) = (classes[i], marks[i]);
        match out.last_mut() {
            Some(p) if p.class == class && p.flagged == flagged => p.text.push(ch),
            _ => out.push(Piece {
                text: ch.to_string(),
                class,
                flagged,
            }),
        }
    }
    out
}

/// A colour class per byte of the line.
fn classify(text: &str) -> Vec<Option<&'static str>> {
    let bytes = text.as_bytes();
    let mut classes = vec![None; bytes.len()];
    let mut i = 0;
    let mut after_def = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            classes[i..]
                .iter_mut()
                .for_each(|x| *x = Some("tok-comment"));
            break;
        }
        if c == b'"'
            || c == b'\''
            || (matches!(c, b'f' | b'r' | b'b') && matches!(bytes.get(i + 1), Some(b'"' | b'\'')))
        {
            let open = if c == b'"' || c == b'\'' { i } else { i + 1 };
            let quote = bytes[open];
            let triple = bytes.get(open..open + 3) == Some(&[quote; 3][..]);
            let mut j = open + if triple { 3 } else { 1 };
            while j < bytes.len() {
                if bytes[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if triple {
                    if bytes.get(j..j + 3) == Some(&[quote; 3][..]) {
                        j += 3;
                        break;
                    }
                } else if bytes[j] == quote {
                    j += 1;
                    break;
                }
                j += 1;
            }
            let j = j.min(bytes.len());
            classes[i..j].iter_mut().for_each(|x| *x = Some("tok-str"));
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'.' || bytes[j] == b'_')
            {
                j += 1;
            }
            classes[i..j].iter_mut().for_each(|x| *x = Some("tok-num"));
            i = j;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] >= 0x80)
            {
                j += 1;
            }
            let word = &text[i..j];
            let class = if after_def {
                Some("tok-def")
            } else if KEYWORDS.contains(&word) {
                Some("tok-kw")
            } else if BUILTINS.contains(&word) {
                Some("tok-builtin")
            } else {
                None
            };
            after_def = word == "def";
            classes[i..j].iter_mut().for_each(|x| *x = class);
            i = j;
            continue;
        }
        i += 1;
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(line: &CodeLine) -> String {
        line.pieces
            .iter()
            .map(|p| match (p.class, p.flagged) {
                (_, true) => format!("~{}~", p.text),
                (Some(c), false) => format!("<{}:{}>", &c[4..], p.text),
                (None, false) => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn colours_keywords_strings_numbers_and_comments() {
        let lines = code_lines("async def f(x):\n    await g(\"hi\", 0.5)  # wait", &[]);
        assert_eq!(render(&lines[0]), "<kw:async> <kw:def> <def:f>(x):");
        assert_eq!(
            render(&lines[1]),
            "    <kw:await> g(<str:\"hi\">, <num:0.5>)  <comment:# wait>"
        );
    }

    #[test]
    fn underlines_diagnostic_ranges_and_line_ends() {
        let src = "x = (1\ny = 2";
        let lines = code_lines(src, &[(4, 5), (6, 6)]);
        assert_eq!(render(&lines[0]), "x = ~(~<num:1>");
        assert!(lines[0].flagged_at_end);
        assert!(!lines[1].flagged_at_end);
    }
}
