//! The Recent menu: the last few custom scenarios, newest first, and their labels.

use crate::presets;

/// How many custom scenarios are kept.
pub const KEEP: usize = 5;
/// A scenario longer than this is not kept (local storage is small).
pub const MAX_CHARS: usize = 64 * 1024;

/// Records `code` at the front of `list`. While `continuing` (the same editing session
/// as the front entry), the front entry is replaced instead of a new one pushed. Presets,
/// blank and oversized text are not recorded; duplicates collapse to the newest.
/// Returns whether the list changed.
pub fn remember(list: &mut Vec<String>, code: &str, continuing: bool) -> bool {
    if code.trim().is_empty()
        || code.len() > MAX_CHARS
        || presets::ALL.iter().any(|p| p.source == code)
    {
        return false;
    }
    if list.first().is_some_and(|first| first == code) {
        return false;
    }
    if continuing && !list.is_empty() {
        list.remove(0);
    }
    list.retain(|c| c != code);
    list.insert(0, code.to_string());
    list.truncate(KEEP);
    true
}

/// A list read back from storage: only plausible entries, at most [`KEEP`].
pub fn sanitize(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in list {
        if !code.trim().is_empty() && code.len() <= MAX_CHARS && !out.contains(&code) {
            out.push(code);
        }
    }
    out.truncate(KEEP);
    out
}

/// A short label: the first line that says something (a comment or a definition),
/// cut to about 40 characters, and the length in lines.
pub fn label(code: &str) -> String {
    let first = code
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("import ") && !l.starts_with("from "))
        .unwrap_or("(imports only)");
    let first = first.trim_start_matches('#').trim();
    let mut short: String = first.chars().take(40).collect();
    if short.len() < first.len() {
        short.push('…');
    }
    format!("{short} ({} lines)", code.lines().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_replaces_the_front_entry_and_new_sessions_push() {
        let mut list = Vec::new();
        assert!(remember(&mut list, "a = 1\n", false));
        assert!(remember(&mut list, "a = 12\n", true));
        assert_eq!(list, ["a = 12\n"]);
        assert!(remember(&mut list, "b = 1\n", false));
        assert_eq!(list, ["b = 1\n", "a = 12\n"]);
        assert!(!remember(&mut list, "b = 1\n", true), "unchanged");
        assert!(
            remember(&mut list, "a = 12\n", false),
            "reopened moves to the front"
        );
        assert_eq!(list, ["a = 12\n", "b = 1\n"]);
        for i in 0..10 {
            remember(&mut list, &format!("c = {i}\n"), false);
        }
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0], "c = 9\n");
    }

    #[test]
    fn presets_blank_and_huge_text_are_not_kept() {
        let mut list = Vec::new();
        assert!(!remember(&mut list, presets::ALL[0].source, false));
        assert!(!remember(&mut list, "  \n", false));
        assert!(!remember(&mut list, &"x".repeat(MAX_CHARS + 1), false));
        assert!(list.is_empty());
        let stored = vec!["a".into(), "".into(), "a".into(), "x".repeat(MAX_CHARS + 1)];
        assert_eq!(sanitize(stored), ["a"]);
    }

    #[test]
    fn labels_name_the_scenario() {
        assert_eq!(
            label("import asyncio\n\n# Two fetches\nasync def main(): pass\n"),
            "Two fetches (4 lines)"
        );
        assert_eq!(label("import asyncio\n"), "(imports only) (1 lines)");
        let long = format!("# {}\n", "é".repeat(60));
        assert!(label(&long).starts_with(&format!("{}…", "é".repeat(40))));
    }
}
