// The input sizes to measure the Jacobian's cost at: around the model's own size, from half
// to twice it (the worker skips any size the model cannot take).
export function costSizes(input: number[]): number[] {
  const own = input[0];
  const factors = input.length === 3 ? [0.5, 0.75, 1, 1.5, 2] : [0.5, 1, 2, 4, 8];
  const sizes = factors.map((f) => Math.max(2, Math.round(own * f)));
  return [...new Set(sizes)].sort((a, b) => a - b);
}
