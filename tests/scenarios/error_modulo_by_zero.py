# integer modulo by zero (CPython 3.11 wording differs from //)
divisors = [7, 5, 0]
for n in divisors:
    print(100, "%", n, "=", 100 % n)
print("not reached")
