# default arguments (evaluated once), *args at call sites, keyword arguments, lambdas
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"


def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket


def area(w, h=None):
    if h is None:
        h = w
    return w * h


print(greet("Ada"), greet("Bob", "Hi"), greet("Cy", punct="?"), greet(punct=".", name="Di"))
print(append_to(1), append_to(2), append_to(3, []))
args = ["Eve", "Hey", "~"]
print(greet(*args), greet(*args[:1]), area(3), area(2, 5), area(*[4, 0.5]))
print(max(*[3, 9, 2]), min(*"hello"), print("nested print returns", None) is None)
double = lambda v: v * 2
compose = lambda f, g: lambda v: f(g(v))
print(double(21), compose(double, lambda v: v + 1)(4), (lambda: "no args")())

