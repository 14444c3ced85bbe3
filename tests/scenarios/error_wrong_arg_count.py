# calling a function with too many positional arguments
def square(n):
    return n * n


print(square(4))
print(square(4, 5))
