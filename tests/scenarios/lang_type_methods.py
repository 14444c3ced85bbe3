# A built-in type's methods, looked up on the type: key=str.lower, list.append(items, x),
# dict.fromkeys(...), with CPython's reprs, names and messages for a missing or wrong receiver.
words = ["banana", "Apple", "cherry"]
print(sorted(words, key=str.lower), max(words, key=str.lower))
print(str.lower("AB"), str.join("-", "ab"), dict.fromkeys("ab", 0), int.bit_length(5), list.count([1, 1], 1))
print(str.lower, list.append, int.conjugate, bool.bit_length)
print(bool.bit_length(True), int.bit_length(True), str.split("a b"))
items = []
list.append(items, 3)
print(items, repr(dict.fromkeys).split(" at ")[0])
print(items.append.__name__, items.append.__qualname__, str.upper.__qualname__)
print(True.bit_length.__qualname__, bool.bit_length.__qualname__, "".join.__name__)
for wrong in [lambda: str.lower(), lambda: str.lower(1), lambda: list.append([]), lambda: float.is_integer(2)]:
    try:
        wrong()
    except TypeError as e:
        print(e)
print(float.is_integer(2.0), tuple.count((1, 1), 1), dict.get({"a": 1}, "a"))
try:
    {}["missing"]
except Exception as e:
    print(e.__class__.__name__, e.__class__, (1.5).__class__, "s".__class__ is str)
