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

/// The builtin types whose attributes "Did you mean" knows, in the order of the bits
/// of [`DIR`]'s masks.
const DIR_TYPES: [&str; 8] = [
    "list", "dict", "str", "tuple", "int", "float", "bool", "NoneType",
];

/// What `dir()` lists for each of [`DIR_TYPES`] in python3 3.11: every name any of them
/// has, sorted as `dir()` sorts, with a bit for each type that has it.
const DIR: &[(&str, u8)] = &[
    ("__abs__", 112),
    ("__add__", 125),
    ("__and__", 80),
    ("__bool__", 240),
    ("__ceil__", 112),
    ("__class__", 255),
    ("__class_getitem__", 11),
    ("__contains__", 15),
    ("__delattr__", 255),
    ("__delitem__", 3),
    ("__dir__", 255),
    ("__divmod__", 112),
    ("__doc__", 255),
    ("__eq__", 255),
    ("__float__", 112),
    ("__floor__", 112),
    ("__floordiv__", 112),
    ("__format__", 255),
    ("__ge__", 255),
    ("__getattribute__", 255),
    ("__getformat__", 32),
    ("__getitem__", 15),
    ("__getnewargs__", 124),
    ("__getstate__", 255),
    ("__gt__", 255),
    ("__hash__", 255),
    ("__iadd__", 1),
    ("__imul__", 1),
    ("__index__", 80),
    ("__init__", 255),
    ("__init_subclass__", 255),
    ("__int__", 112),
    ("__invert__", 80),
    ("__ior__", 2),
    ("__iter__", 15),
    ("__le__", 255),
    ("__len__", 15),
    ("__lshift__", 80),
    ("__lt__", 255),
    ("__mod__", 116),
    ("__mul__", 125),
    ("__ne__", 255),
    ("__neg__", 112),
    ("__new__", 255),
    ("__or__", 82),
    ("__pos__", 112),
    ("__pow__", 112),
    ("__radd__", 112),
    ("__rand__", 80),
    ("__rdivmod__", 112),
    ("__reduce__", 255),
    ("__reduce_ex__", 255),
    ("__repr__", 255),
    ("__reversed__", 3),
    ("__rfloordiv__", 112),
    ("__rlshift__", 80),
    ("__rmod__", 116),
    ("__rmul__", 125),
    ("__ror__", 82),
    ("__round__", 112),
    ("__rpow__", 112),
    ("__rrshift__", 80),
    ("__rshift__", 80),
    ("__rsub__", 112),
    ("__rtruediv__", 112),
    ("__rxor__", 80),
    ("__setattr__", 255),
    ("__setitem__", 3),
    ("__sizeof__", 255),
    ("__str__", 255),
    ("__sub__", 112),
    ("__subclasshook__", 255),
    ("__truediv__", 112),
    ("__trunc__", 112),
    ("__xor__", 80),
    ("append", 1),
    ("as_integer_ratio", 112),
    ("bit_count", 80),
    ("bit_length", 80),
    ("capitalize", 4),
    ("casefold", 4),
    ("center", 4),
    ("clear", 3),
    ("conjugate", 112),
    ("copy", 3),
    ("count", 13),
    ("denominator", 80),
    ("encode", 4),
    ("endswith", 4),
    ("expandtabs", 4),
    ("extend", 1),
    ("find", 4),
    ("format", 4),
    ("format_map", 4),
    ("from_bytes", 80),
    ("fromhex", 32),
    ("fromkeys", 2),
    ("get", 2),
    ("hex", 32),
    ("imag", 112),
    ("index", 13),
    ("insert", 1),
    ("is_integer", 32),
    ("isalnum", 4),
    ("isalpha", 4),
    ("isascii", 4),
    ("isdecimal", 4),
    ("isdigit", 4),
    ("isidentifier", 4),
    ("islower", 4),
    ("isnumeric", 4),
    ("isprintable", 4),
    ("isspace", 4),
    ("istitle", 4),
    ("isupper", 4),
    ("items", 2),
    ("join", 4),
    ("keys", 2),
    ("ljust", 4),
    ("lower", 4),
    ("lstrip", 4),
    ("maketrans", 4),
    ("numerator", 80),
    ("partition", 4),
    ("pop", 3),
    ("popitem", 2),
    ("real", 112),
    ("remove", 1),
    ("removeprefix", 4),
    ("removesuffix", 4),
    ("replace", 4),
    ("reverse", 1),
    ("rfind", 4),
    ("rindex", 4),
    ("rjust", 4),
    ("rpartition", 4),
    ("rsplit", 4),
    ("rstrip", 4),
    ("setdefault", 2),
    ("sort", 1),
    ("split", 4),
    ("splitlines", 4),
    ("startswith", 4),
    ("strip", 4),
    ("swapcase", 4),
    ("title", 4),
    ("to_bytes", 80),
    ("translate", 4),
    ("update", 2),
    ("upper", 4),
    ("values", 2),
    ("zfill", 4),
];

/// `dir(x)` of a value of the builtin type named `type_name`, sorted, when "Did you
/// mean" knows the type.
pub fn dir_of(type_name: &str) -> Option<Vec<&'static str>> {
    let bit = 1 << DIR_TYPES.iter().position(|&t| t == type_name)?;
    Some(
        DIR.iter()
            .filter(|(_, mask)| mask & bit != 0)
            .map(|(name, _)| *name)
            .collect(),
    )
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
        assert_eq!(dir_of("Task"), None);
    }
}
