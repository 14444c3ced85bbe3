# raise ... from: the traceback shows both exceptions, the last line is the new one
def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError(f"bad config value {text!r}") from e


print(parse("42"))
print(parse("forty-two"))
