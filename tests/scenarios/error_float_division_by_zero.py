# float division by zero
rate = 2.5
elapsed = 0.0
print("rate", rate)
print(rate / elapsed)
