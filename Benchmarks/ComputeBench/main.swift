import MLVCompute

print("{}")
