# f-string format specs: width, alignment, precision, sign, zero padding, thousands, hex, exponent, percent, !r
x = 3.14159
n = 1234567
s = "hi"
q = "it's"
print(f"{x:.3f}|{x:>8}|{x:<8}|{x:^9}|{x:05.1f}|{x:+.2f}|{-x:08.3f}")
print(f"{n:d}|{n:,}|{n:_}|{n:>12,}|{n:x}|{n:X}|{n:o}|{n:b}|{255:#x}|{255:08b}")
print(f"{n:e}|{x:E}|{0.000123:.2e}|{x:g}|{1e20:g}|{1234.5:.2g}")
print(f"{0.256:%}|{0.256:.1%}|{1:.0%}|{-0.5:.2%}")
print(f"[{s:^10}]|[{s:<5}]|[{s:>5}]|[{s:*^7}]|[{s!r}]|[{q!r}]")
print(f"{7:3d}|{-7:3d}|{7:03d}|{7:<3d}|{True}|{None}|{[1, 'a']}")
print(f"{12345.6789:,.2f}|{1e6:.0f}|{2.5:.0f}|{3.5:.0f}|{0.125:.2f}|{0.375:.2f}")
print(f"{'nested ' + s.upper()}|{n // 1000}k|{x * 2:.4}|{{braces}}")
width = 6
print(f"{x:{width}.2f}|{s:>{width}}|")
print(f"{-0.0}|{-0.0:.1f}|{float('inf')}|{float('-inf'):>6}|{float('nan')}")
print(f"{1/3}|{2/3:.5f}|{10/4}|{100:5}|{'x':3}|")
