//! Assignment and deletion targets: what may stand left of `=`, after `for`, `as`
//! and `del`, with CPython's message for what may not.

use super::super::ast::{Constant, Expr, ExprKind, UnaryOp};
use super::super::token::{Keyword, TokenKind};
use super::{refusal, PResult, Parser};

/// Where an expression is being assigned to (or deleted), for the messages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TargetUse {
    /// A target directly followed by `= value` at the start of the statement:
    /// `f() = 1` may be a typo for `f() == 1`.
    AssignBeforeValue,
    Assign,
    Augmented,
    Delete,
    /// `for` targets, comprehension targets, `as` targets.
    Bind,
}

impl<'src> Parser<'src> {
    /// A `*x` alone is only allowed inside a display or a call.
    pub(super) fn no_lone_star(&mut self, expr: &Expr) -> PResult<()> {
        if let ExprKind::Starred(_) = expr.kind {
            return Err(self.error(expr.span, "can't use starred expression here"));
        }
        Ok(())
    }

    /// The target of `target = value`. Like CPython, suggest `==` for an invalid
    /// item right before the `=` (the target itself, or the last item of a tuple
    /// without parentheses).
    pub(super) fn check_single_target(&mut self, target: &Expr) -> PResult<()> {
        let ExprKind::Tuple(elts) = &target.kind else {
            return self.check_target(target, TargetUse::AssignBeforeValue);
        };
        let parenthesized = self.text(target.span).starts_with('(');
        for (i, elt) in elts.iter().enumerate() {
            let usage = if i + 1 == elts.len() && !parenthesized {
                TargetUse::AssignBeforeValue
            } else {
                TargetUse::Assign
            };
            self.check_target(elt, usage)?;
        }
        Ok(())
    }

    /// An expression where Python also takes `name := value`: an `if`, `elif` or
    /// `while` condition, an item in brackets. Followed by `=`, CPython guesses
    /// that `==` was meant.
    pub(super) fn named_expression(
        &mut self,
        item: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let expr = item(self)?;
        if !self.at(TokenKind::Equal) {
            return Ok(expr);
        }
        // CPython guesses only when an operand follows: `x => 3` gets no hint.
        let value = self.nth(1);
        let operand = (value.starts_operand() && value != TokenKind::Keyword(Keyword::Lambda))
            || matches!(
                value,
                TokenKind::LParen
                    | TokenKind::LBracket
                    | TokenKind::Minus
                    | TokenKind::Plus
                    | TokenKind::Tilde
            );
        if !operand {
            return Ok(expr);
        }
        let message = match &expr.kind {
            ExprKind::Name(_) => {
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".into()
            }
            ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                comparison_typo(expr_description(&expr))
            }
            _ if looks_like_comparison_typo(&expr) => comparison_typo(expr_description(&expr)),
            _ => return Ok(expr),
        };
        Err(self.error(expr.span, message))
    }

    /// Checks that `expr` can be assigned to (or deleted), with Python's messages.
    pub(super) fn check_target(&mut self, expr: &Expr, usage: TargetUse) -> PResult<()> {
        match &expr.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            ExprKind::Tuple(elts) | ExprKind::List(elts) if usage != TargetUse::Augmented => {
                let inner = match usage {
                    TargetUse::AssignBeforeValue => TargetUse::Assign,
                    other => other,
                };
                for elt in elts {
                    self.check_target(elt, inner)?;
                }
                Ok(())
            }
            ExprKind::Starred(_) if usage == TargetUse::Delete => {
                Err(self.error(expr.span, "cannot delete starred"))
            }
            ExprKind::Starred(_) => Err(self.error(expr.span, refusal::STAR_TARGET)),
            _ => {
                let what = expr_description(expr);
                let message = match usage {
                    TargetUse::Augmented => {
                        format!("'{what}' is an illegal expression for augmented assignment")
                    }
                    TargetUse::Delete => format!("cannot delete {what}"),
                    TargetUse::AssignBeforeValue if looks_like_comparison_typo(expr) => {
                        comparison_typo(what)
                    }
                    _ => format!("cannot assign to {what}"),
                };
                Err(self.error(expr.span, message))
            }
        }
    }
}

fn comparison_typo(what: &str) -> String {
    format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
}

/// CPython suggests `==` when the target is an operand-like expression.
fn looks_like_comparison_typo(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Call { .. }
        | ExprKind::BinOp { .. }
        | ExprKind::FString(_)
        | ExprKind::Await(_)
        | ExprKind::ListComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::Dict(_) => true,
        ExprKind::UnaryOp { op, .. } => *op != UnaryOp::Not,
        ExprKind::Const(c) => !matches!(c, Constant::None | Constant::Bool(_)),
        _ => false,
    }
}

/// How CPython names an expression in "cannot assign to …" messages.
pub(super) fn expr_description(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Name(_) => "name",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Const(Constant::None) => "None",
        ExprKind::Const(Constant::Bool(true)) => "True",
        ExprKind::Const(Constant::Bool(false)) => "False",
        ExprKind::Const(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Slice { .. } => "slice",
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump::check_err;

    #[test]
    fn invalid_targets() {
        check_err(
            "f() = 1\n",
            &["1:1: cannot assign to function call here. Maybe you meant '==' instead of '='?"],
        );
        check_err(
            "a, f() = 1, 2\n",
            &["1:4: cannot assign to function call here. Maybe you meant '==' instead of '='?"],
        );
        check_err(
            "(a, f()) = 1, 2\n",
            &["1:5: cannot assign to function call"],
        );
        check_err("x = f() = 1\n", &["1:5: cannot assign to function call"]);
        check_err("f() = x = 1\n", &["1:1: cannot assign to function call"]);
        check_err(
            "-x = 1\n",
            &["1:1: cannot assign to expression here. Maybe you meant '==' instead of '='?"],
        );
        check_err("not x = 1\n", &["1:1: cannot assign to expression"]);
        check_err("None = 1\n", &["1:1: cannot assign to None"]);
        check_err(
            "for f() in x: pass\n",
            &["1:5: cannot assign to function call"],
        );
        check_err(
            "a + 1 += 2\n",
            &["1:1: 'expression' is an illegal expression for augmented assignment"],
        );
        check_err(
            "a, b += 2\n",
            &["1:1: 'tuple' is an illegal expression for augmented assignment"],
        );
        check_err("del f()\n", &["1:5: cannot delete function call"]);
        check_err(
            "x if y else z = 1\n",
            &["1:1: cannot assign to conditional expression"],
        );
        check_err("a < b = 1\n", &["1:1: cannot assign to comparison"]);
        check_err("x = *a\n", &["1:5: can't use starred expression here"]);
    }
}
