# a missing dict key raises KeyError with the key repr
prices = {"apple": 3, "pear": 4}
for fruit in ["apple", "pear", "k"]:
    print(fruit, prices[fruit])
print("not reached")
