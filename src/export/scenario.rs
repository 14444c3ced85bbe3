//! The scenario itself as a file: its name, its title, and the `.py` a student runs
//! in CPython beside the helper module.

use crate::presets;

/// The helper module's file name: beside the scenario, `import awaitscope` finds it.
pub const HELPER_MODULE: &str = "awaitscope.py";

/// A file name for exports of this text, without extension: the preset's id when the
/// text is a preset's, else `scenario`.
pub fn file_stem(source: &str) -> &'static str {
    presets::with_source(source).map_or("scenario", |p| p.id)
}

/// A title for pictures of this text: the preset's title, else "Your scenario".
pub fn title(source: &str) -> &'static str {
    presets::with_source(source).map_or("Your scenario", |p| p.title)
}

/// The scenario as a `.py` file: the text exactly, so every line keeps its number and
/// tracebacks match, and — when the program runs — a trailing comment saying how to
/// run it. A program that is refused gets no note: it does not run here, and text
/// appended after an unfinished string or bracket would become part of it.
pub fn python_file(source: &str) -> String {
    if crate::prepare(source).is_err() {
        return source.to_string();
    }
    let stem = file_stem(source);
    let mut out = String::with_capacity(source.len() + 400);
    out.push_str(source);
    if !source.is_empty() && !source.ends_with('\n') && !source.ends_with('\r') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n# Exported from awaitscope. To run it in CPython 3.11, put the helper module\n\
         # {HELPER_MODULE} (Export menu) in the same folder as this file, then:\n\
         #     python3 {stem}.py\n\
         #     AWAITSCOPE_MODE=blocking python3 {stem}.py    # the blocking baseline\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_is_named_after_its_id_and_anything_else_is_a_scenario() {
        let p = presets::default_preset();
        assert_eq!(file_stem(p.source), p.id);
        assert_eq!(title(p.source), p.title);
        let edited = format!("{}\n", p.source);
        assert_eq!(file_stem(&edited), "scenario");
        assert_eq!(title(&edited), "Your scenario");
    }

    #[test]
    fn the_text_comes_first_exactly_and_the_note_only_adds_comment_lines() {
        for source in ["print(1)", "print(1)\n", "print(1)\r\n", "", "x = 1\n\n\n"] {
            let file = python_file(source);
            assert!(file.starts_with(source), "{source:?}");
            let lines_before = source.lines().count();
            for line in file.lines().skip(lines_before) {
                assert!(line.is_empty() || line.starts_with('#'), "{line:?}");
            }
            assert!(file.contains("python3 scenario.py"));
        }
    }

    #[test]
    fn a_refused_program_is_exported_as_it_is() {
        for source in ["s = '''unfinished\n", "print((1,\n", "x = \\", "def f(:\n"] {
            assert_eq!(python_file(source), source);
        }
    }
}
