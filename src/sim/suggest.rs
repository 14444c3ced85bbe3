//! "Did you mean" for a misspelt name, as CPython 3.11 offers it under a traceback
//! (`NameError: name 'valeu' is not defined. Did you mean: 'value'?`): the port of
//! `Python/suggestions.c`. The candidates are weighed in order, and the first of the
//! closest wins, so callers pass them in CPython's order.

/// Candidates past this many are not searched at all.
const MAX_CANDIDATE_ITEMS: usize = 750;
/// Names longer than this many bytes (after their common ends are trimmed) match none.
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// The closest of `candidates` to `name`, if one is close enough: no more than a third
/// of the characters involved changed. `name` itself is never suggested.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &candidate in candidates {
        if candidate == name {
            continue;
        }
        let most = (name.len() + candidate.len() + 3) * MOVE_COST / 6;
        let most = match best {
            Some((_, distance)) => most.min(distance.saturating_sub(1)),
            None => most,
        };
        let distance = levenshtein(name.as_bytes(), candidate.as_bytes(), most);
        if distance <= most && best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(candidate, _)| candidate)
}

fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance of two byte strings (a case change costs half an edit), or
/// something over `max_cost` once it cannot be `max_cost` or less.
fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        (a, b) = (&a[1..], &b[1..]);
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        (a, b) = (&a[..a.len() - 1], &b[..b.len() - 1]);
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        (a, b) = (b, a);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from b[..j] to a[..=i].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &code) in b.iter().enumerate() {
        let mut distance = j * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &c) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, c);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

// The table is generated from python3 (`tools/dir_table.py`; `tests/dir_table.rs`
// checks it), and left as generated.
#[rustfmt::skip]
mod dirs;

/// `dir(x)` of a value whose type's `AttributeError` names it `type_name`, sorted as
/// `dir()` sorts, when "Did you mean" knows the type: the builtin types, asyncio's
/// tasks, futures, loops, handles, queues and locks, and the helper's `Device`.
pub fn dir_of(type_name: &str) -> Option<Vec<&'static str>> {
    let bit = 1 << dirs::TYPES.iter().position(|&t| t == type_name)?;
    Some(
        dirs::NAMES
            .split(' ')
            .zip(dirs::MASKS)
            .filter(|(_, mask)| mask & bit != 0)
            .map(|(name, _)| name)
            .collect(),
    )
}

/// Whether `dir()` of a value of the type named `type_name` lists `name`.
pub fn dir_has(type_name: &str, name: &str) -> bool {
    dir_of(type_name).is_some_and(|dir| dir.contains(&name))
}

/// The names a script's `__main__` module starts with, in its dict's order.
pub const MODULE_DUNDERS: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__annotations__",
    "__builtins__",
    "__file__",
    "__cached__",
];

/// `builtins.__dict__` of a script run by `python3` 3.11, in its order.
pub const BUILTINS: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// What python3 3.11 prints under `NameError: name 'NAME' is not defined` at the
    /// end of a script that defines `value`, `values`, `total`, `LIMIT`, `main` and
    /// `Value`: the module's globals are searched, then the builtins.
    #[test]
    fn suggestions_are_cpythons() {
        let mut globals = MODULE_DUNDERS.to_vec();
        globals.extend(["value", "values", "total", "LIMIT", "main", "Value"]);
        for (name, want) in [
            ("valeu", Some("value")),
            ("vlaue", Some("value")),
            ("VALUE", Some("Value")),
            ("valu", Some("value")),
            ("tota", Some("total")),
            ("LIMIT_", Some("LIMIT")),
            ("limit", Some("list")),
            ("prnt", Some("print")),
            ("mian", Some("min")),
            ("x", None),
            ("a_name_much_longer_than_forty_bytes_in_all_x", None),
            ("pritn", Some("print")),
            ("lenght", None),
            ("Exeption", Some("Exception")),
        ] {
            let got = closest(name, &globals).or_else(|| closest(name, BUILTINS));
            assert_eq!(got, want, "{name}");
        }
    }

    /// `AttributeError: '…' object has no attribute '…'. Did you mean: '…'?` as
    /// python3 3.11 prints it.
    #[test]
    fn attribute_suggestions_are_cpythons() {
        for (type_name, name, want) in [
            ("list", "apend", Some("append")),
            ("list", "add", None),
            ("list", "lenght", None),
            ("str", "uper", Some("upper")),
            ("str", "strp", Some("strip")),
            ("str", "spilt", Some("split")),
            ("dict", "iteritems", None),
            ("dict", "item", Some("items")),
            ("dict", "has_key", None),
            ("int", "real_", Some("real")),
            ("float", "is_integr", Some("is_integer")),
            ("NoneType", "append", None),
            ("tuple", "index_", Some("index")),
        ] {
            let dir = dir_of(type_name).expect("a known type");
            assert_eq!(closest(name, &dir), want, "{type_name}.{name}");
        }
        assert_eq!(dir_of("coroutine"), None);
    }
}
