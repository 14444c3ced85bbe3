//! Call arguments, and the parameters of `def` and `lambda`.

use super::super::ast::{Arg, Expr, ExprKind, Param, Params, Span};
use super::super::token::{Keyword, TokenKind};
use super::displays::UNPACKING_IN_COMPREHENSION;
use super::{refusal, PResult, Parser};

impl<'src> Parser<'src> {
    /// After `(`: positional, `*args`, `name=value` and `**kwargs` arguments, or
    /// a lone generator expression, through the `)`.
    #[inline(never)]
    pub(super) fn call_arguments(&mut self) -> PResult<Vec<Arg>> {
        let mut args: Vec<Arg> = Vec::new();
        let mut keyword_seen = false;
        let mut double_star_seen = false;
        let mut misplaced = None;
        while !self.at(TokenKind::RParen) {
            let token = self.tok();
            match (token.kind, self.nth(1)) {
                (TokenKind::Star, _) => {
                    self.bump();
                    let value = self.expression()?;
                    if self.at_comprehension() {
                        let span = self.finish(token.span.start);
                        let message = if args.is_empty() {
                            UNPACKING_IN_COMPREHENSION
                        } else {
                            "Generator expression must be parenthesized"
                        };
                        return Err(self.error(span, message));
                    }
                    if double_star_seen {
                        let span = self.finish(token.span.start);
                        return Err(self.error(
                            span,
                            "iterable argument unpacking follows keyword argument unpacking",
                        ));
                    }
                    args.push(Arg::Starred(value));
                }
                (TokenKind::DoubleStar, _) => {
                    self.bump();
                    args.push(Arg::DoubleStarred(self.expression()?));
                    double_star_seen = true;
                }
                (TokenKind::Name, TokenKind::Equal) => {
                    let name = self.text(token.span).to_string();
                    self.bump();
                    self.bump();
                    let value = self.expression()?;
                    let repeated = args
                        .iter()
                        .any(|arg| matches!(arg, Arg::Keyword(n, _) if *n == name));
                    if repeated {
                        return Err(
                            self.error(token.span, format!("keyword argument repeated: {name}"))
                        );
                    }
                    args.push(Arg::Keyword(name, value));
                    keyword_seen = true;
                }
                (TokenKind::Keyword(k), TokenKind::Equal)
                    if matches!(k, Keyword::True | Keyword::False | Keyword::None) =>
                {
                    let message = format!("cannot assign to {}", k.as_str());
                    return Err(self.error(token.span, message));
                }
                _ => {
                    let value = self.expression()?;
                    if self.at(TokenKind::Equal) {
                        return Err(self.error(
                            value.span,
                            "expression cannot contain assignment, perhaps you meant \"==\"?",
                        ));
                    }
                    if self.at_comprehension() {
                        let start = value.span.start;
                        let generators = self.comprehension_clauses()?;
                        let genexp = Expr {
                            kind: ExprKind::GeneratorExp {
                                elt: Box::new(value),
                                generators,
                            },
                            span: self.finish(start),
                        };
                        if !args.is_empty() || self.at(TokenKind::Comma) {
                            return Err(self
                                .error(genexp.span, "Generator expression must be parenthesized"));
                        }
                        if !self.at(TokenKind::RParen) {
                            return Err(self.unexpected());
                        }
                        // The generator expression is a node between the call and
                        // what it holds: all of that is one level deeper than counted.
                        self.peak += 1;
                        args.push(Arg::Positional(genexp));
                        continue;
                    }
                    if double_star_seen || keyword_seen {
                        misplaced.get_or_insert(if double_star_seen {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        });
                    }
                    args.push(Arg::Positional(value));
                }
            }
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        if let Some(message) = misplaced {
            // CPython reports it after the last argument.
            let span = self.tok().span;
            return Err(self.error(span, message));
        }
        self.expect_closing(TokenKind::RParen)?;
        Ok(args)
    }

    #[inline(never)]
    pub(super) fn lambda(&mut self) -> PResult<Expr> {
        let keyword = self.bump();
        let params = self.params(TokenKind::Colon, false)?;
        self.expect(TokenKind::Colon)?;
        let body = self.expression()?;
        Ok(Expr {
            kind: ExprKind::Lambda {
                params,
                body: Box::new(body),
            },
            span: self.finish(keyword.span.start),
        })
    }

    /// Parameters up to (not including) `close`: `)` for `def`, `:` for `lambda`.
    /// Annotations (`def` only) are parsed and dropped.
    #[inline(never)]
    pub(super) fn params(&mut self, close: TokenKind, annotations: bool) -> PResult<Params> {
        let mut params = Params::default();
        let mut star_seen = false;
        let mut bare_star: Option<Span> = None;
        let mut default_seen = false;
        let mut names: Vec<String> = Vec::new();
        while !self.at(close) {
            let token = self.tok();
            if params.kwarg.is_some() {
                return Err(self.error(token.span, "arguments cannot follow var-keyword argument"));
            }
            match token.kind {
                TokenKind::Slash => return Err(self.error(token.span, refusal::POSITIONAL_ONLY)),
                TokenKind::Star => {
                    self.bump();
                    if star_seen {
                        return Err(self.error(token.span, "* argument may appear only once"));
                    }
                    star_seen = true;
                    if self.at(TokenKind::Name) {
                        params.vararg = Some(self.param_name(&mut names, annotations)?.0);
                    } else if close == TokenKind::Colon {
                        // A lambda's is reported where CPython's rule stops reading,
                        // the token after `*` or `*,`.
                        let at = self.pos + usize::from(self.at(TokenKind::Comma));
                        bare_star = Some(self.look(at.min(self.tokens.len() - 1)).span);
                    } else {
                        bare_star = Some(token.span);
                    }
                }
                TokenKind::LParen if !star_seen && !default_seen && self.names_in_parentheses() => {
                    let message = if close == TokenKind::Colon {
                        "Lambda expression parameters cannot be parenthesized"
                    } else {
                        "Function parameters cannot be parenthesized"
                    };
                    return Err(self.error(token.span, message));
                }
                TokenKind::DoubleStar => {
                    self.bump();
                    let (name, _) = self.param_name(&mut names, annotations)?;
                    params.kwarg = Some(name);
                }
                TokenKind::Name => {
                    let (name, span) = self.param_name(&mut names, annotations)?;
                    let default = if self.eat(TokenKind::Equal) {
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    let param = Param {
                        name,
                        span: self.finish(span.start),
                        default,
                    };
                    if star_seen {
                        bare_star = None;
                        params.kwonly.push(param);
                    } else {
                        if param.default.is_none() && default_seen {
                            return Err(self.error(
                                param.span,
                                "non-default argument follows default argument",
                            ));
                        }
                        default_seen |= param.default.is_some();
                        params.positional.push(param);
                    }
                }
                _ => return Err(self.unexpected()),
            }
            if self.at(close) {
                break;
            }
            if !self.eat(TokenKind::Comma) {
                return Err(self.unexpected());
            }
        }
        if let Some(span) = bare_star {
            return Err(self.error(span, "named arguments must follow bare *"));
        }
        Ok(params)
    }

    /// At `(a, b)` (a trailing comma allowed), where a parameter should be:
    /// Python 2's unpacking parameters.
    fn names_in_parentheses(&self) -> bool {
        let mut at = self.pos + 1;
        while self.look(at).kind == TokenKind::Name {
            match self.look(at + 1).kind {
                TokenKind::RParen => return true,
                TokenKind::Comma if self.look(at + 2).kind == TokenKind::RParen => return true,
                TokenKind::Comma => at += 2,
                _ => return false,
            }
        }
        false
    }

    /// A parameter's name, checked against the others, and its annotation if any.
    fn param_name(
        &mut self,
        names: &mut Vec<String>,
        annotations: bool,
    ) -> PResult<(String, Span)> {
        let (name, span) = self.expect_name()?;
        if names.contains(&name) {
            return Err(self.error(
                span,
                format!("duplicate argument '{name}' in function definition"),
            ));
        }
        names.push(name.clone());
        if annotations && self.eat(TokenKind::Colon) {
            self.expression()?;
        }
        Ok((name, span))
    }
}

#[cfg(test)]
mod tests {
    use super::super::dump::{check_err, check_in_async_def as check};

    #[test]
    fn calls() {
        check("f()", "(call f)");
        check("f(a, *b, k=1, **kw)", "(call f a *b k=1 **kw)");
        check("f(a,)", "(call f a)");
        check(
            "print(*xs, sep=', ', end='')",
            "(call print *xs sep=\", \" end=\"\")",
        );
        check("sum(x for x in y)", "(call sum (genexp x (for x y)))");
        check("f(*a, *b, k=1, *c)", "(call f *a *b k=1 *c)");
        check(
            "max((x for x in y), key=len)",
            "(call max (genexp x (for x y)) key=len)",
        );
    }

    #[test]
    fn call_errors() {
        check_err(
            "f(a=1, b)\n",
            &["1:9: positional argument follows keyword argument"],
        );
        check_err(
            "f(**k, b)\n",
            &["1:9: positional argument follows keyword argument unpacking"],
        );
        check_err(
            "f(**k, *b)\n",
            &["1:8: iterable argument unpacking follows keyword argument unpacking"],
        );
        check_err("f(a=1, a=2)\n", &["1:8: keyword argument repeated: a"]);
        check_err(
            "f(x for x in y, 1)\n",
            &["1:3: Generator expression must be parenthesized"],
        );
        check_err(
            "f(a.b=1)\n",
            &["1:3: expression cannot contain assignment, perhaps you meant \"==\"?"],
        );
        check_err("f(True=1)\n", &["1:3: cannot assign to True"]);
        check_err(
            "f(a b)\n",
            &["1:3: invalid syntax. Perhaps you forgot a comma?"],
        );
        check_err(
            "[1 2]\n",
            &["1:2: invalid syntax. Perhaps you forgot a comma?"],
        );
    }

    #[test]
    fn parameter_errors() {
        check_err(
            "def f(a, /, b):\n    pass\n",
            &["1:10: positional-only parameters ('/') are not supported: remove the '/'"],
        );
        check_err(
            "def f(a=1, b):\n    pass\n",
            &["1:12: non-default argument follows default argument"],
        );
        check_err(
            "def f(a, a):\n    pass\n",
            &["1:10: duplicate argument 'a' in function definition"],
        );
        check_err(
            "def f(*):\n    pass\n",
            &["1:7: named arguments must follow bare *"],
        );
        check_err(
            "def f(**k, a):\n    pass\n",
            &["1:12: arguments cannot follow var-keyword argument"],
        );
        check_err(
            "def f(*a, *b):\n    pass\n",
            &["1:11: * argument may appear only once"],
        );
    }
}
