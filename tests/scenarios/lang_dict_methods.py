# dict methods: get, items, keys, values, pop, setdefault, update; insertion order is kept
stock = {"apples": 3, "pears": 0}
stock["kiwis"] = 12
stock["apples"] += 2
print(stock, len(stock), "pears" in stock, "plums" not in stock)
print(stock.get("apples"), stock.get("plums"), stock.get("plums", -1))
for k in stock.keys():
    print("key", k)
for v in stock.values():
    print("value", v)
for k, v in stock.items():
    print(f"{k:>8}: {v:3d}")
print(stock.pop("pears"), stock.pop("nothing", "default"), stock)
print(stock.setdefault("apples", 100), stock.setdefault("figs", 7), stock)
stock.update({"apples": 0, "dates": 4})
print(stock)
stock["kiwis"] = 1
del_me = stock.pop("apples")
stock["apples"] = del_me
print(stock, sorted(stock.items()), sorted(stock.values()), sum(stock.values()))
counts = {}
for word in "the cat and the hat and the bat".split():
    counts[word] = counts.get(word, 0) + 1
print(counts)
groups = {}
for word in ["ant", "bee", "asp", "bat", "cow"]:
    groups.setdefault(word[0], []).append(word)
print(groups, {1: "a", True: "b", 1.0: "c"})
# pop of an empty dict answers before hashing the key (CPython's _PyDict_Pop).
emptied = {"a": 1}
emptied.clear()
print({}.pop([], 0), emptied.pop({"a": 1}, "none"))
try:
    emptied.pop([1])
except KeyError as e:
    print("KeyError", e)
try:
    {"x": 1}.pop([1])
except TypeError as e:
    print("TypeError", e)
