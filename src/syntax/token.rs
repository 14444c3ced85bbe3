//! Tokens: what the lexer hands the parser.
//!
//! A token is a kind and the byte range it came from. Names keep no text of their
//! own (the parser slices the source); string tokens carry the range of their body
//! between the quotes, which the parser decodes (and, for f-strings, parses).

use super::ast::{BinOp, Span};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenKind {
    /// An identifier that is not a keyword; soft keywords (`match`, `type`) are names.
    Name,
    Keyword(Keyword),
    Int(i64),
    Float(f64),
    /// A string literal; `body` is the text between the quotes, undecoded.
    Str {
        prefix: StrPrefix,
        body: Span,
    },

    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Semicolon,
    Dot,
    Ellipsis,
    Arrow,
    At,
    /// `:=`
    ColonEqual,
    /// `=`
    Equal,
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    Amper,
    Vbar,
    Circumflex,
    Tilde,
    LeftShift,
    RightShift,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
    EqEqual,
    NotEqual,
    /// `+=`, `-=`, … (`@=` is [`TokenKind::AtEqual`]: the subset has no matrix product).
    AugAssign(BinOp),
    AtEqual,

    /// The end of a logical line.
    Newline,
    Indent,
    Dedent,
    EndOfFile,
    /// Text the lexer could not turn into a token. The lexer has already reported
    /// it, so the parser gives up on the statement without a diagnostic of its own.
    Error,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrPrefix {
    pub raw: bool,
    pub format: bool,
    pub bytes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Keyword {
    pub fn from_name(name: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match name {
            "False" => False,
            "None" => None,
            "True" => True,
            "and" => And,
            "as" => As,
            "assert" => Assert,
            "async" => Async,
            "await" => Await,
            "break" => Break,
            "class" => Class,
            "continue" => Continue,
            "def" => Def,
            "del" => Del,
            "elif" => Elif,
            "else" => Else,
            "except" => Except,
            "finally" => Finally,
            "for" => For,
            "from" => From,
            "global" => Global,
            "if" => If,
            "import" => Import,
            "in" => In,
            "is" => Is,
            "lambda" => Lambda,
            "nonlocal" => Nonlocal,
            "not" => Not,
            "or" => Or,
            "pass" => Pass,
            "raise" => Raise,
            "return" => Return,
            "try" => Try,
            "while" => While,
            "with" => With,
            "yield" => Yield,
            _ => return Option::None,
        })
    }

    pub fn as_str(self) -> &'static str {
        use Keyword::*;
        match self {
            False => "False",
            None => "None",
            True => "True",
            And => "and",
            As => "as",
            Assert => "assert",
            Async => "async",
            Await => "await",
            Break => "break",
            Class => "class",
            Continue => "continue",
            Def => "def",
            Del => "del",
            Elif => "elif",
            Else => "else",
            Except => "except",
            Finally => "finally",
            For => "for",
            From => "from",
            Global => "global",
            If => "if",
            Import => "import",
            In => "in",
            Is => "is",
            Lambda => "lambda",
            Nonlocal => "nonlocal",
            Not => "not",
            Or => "or",
            Pass => "pass",
            Raise => "raise",
            Return => "return",
            Try => "try",
            While => "while",
            With => "with",
            Yield => "yield",
        }
    }
}

impl TokenKind {
    /// Whether an expression can start with this token (used to tell a trailing
    /// comma from a separator, and to suggest a forgotten comma).
    pub fn starts_expression(self) -> bool {
        use TokenKind::*;
        match self {
            Name
            | Int(_)
            | Float(_)
            | Str { .. }
            | LParen
            | LBracket
            | LBrace
            | Minus
            | Plus
            | Tilde
            | Star
            | Ellipsis => true,
            Keyword(k) => matches!(
                k,
                self::Keyword::None
                    | self::Keyword::True
                    | self::Keyword::False
                    | self::Keyword::Not
                    | self::Keyword::Lambda
                    | self::Keyword::Await
                    | self::Keyword::Yield
            ),
            _ => false,
        }
    }

    /// Whether this token can only begin an operand, never continue an expression:
    /// after a complete expression inside brackets it means a comma is missing.
    pub fn starts_operand(self) -> bool {
        use TokenKind::*;
        match self {
            Name | Int(_) | Float(_) | Str { .. } | LBrace => true,
            Keyword(k) => matches!(
                k,
                self::Keyword::None
                    | self::Keyword::True
                    | self::Keyword::False
                    | self::Keyword::Lambda
                    | self::Keyword::Await
            ),
            _ => false,
        }
    }
}
