# str + int: can only concatenate str (not "int") to str
count = 3
print("count is " + str(count))
message = "count is " + count
print(message)
