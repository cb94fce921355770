// Spellings of a record id that are not its one address: zero-padded, signed, spaced, decimal,
// exponent, hexadecimal, other scripts' digits, out of range. Each is the raw path segment (the
// caller encodes it), so `/systems/${encodeURIComponent(x)}` reaches the route with `x` as its id.
import fc from 'fast-check';

const CANONICAL = /^[1-9]\d{0,8}$/;

export const nonCanonicalIdArb = (id: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.integer({ min: 1, max: 4 }).map((n) => '0'.repeat(n) + id),
      fc.constantFrom(
        `+${id}`, `-${id}`, ` ${id}`, `${id} `, `\t${id}`, `${id}.0`, `${id}.5`, `${id}e0`, `0x${id.toString(16)}`, `${id}\u0000`, `${id}abc`,
        '0', '00', '1'.repeat(10), '9'.repeat(20), 'Infinity', 'NaN', '１', '١', `${id}%`,
      ),
      fc
        .tuple(fc.constantFrom('', '0', '00', ' ', '+', '-', '٠'), fc.constantFrom('', '.0', ' ', 'e0', '_', ','))
        .map(([before, after]) => `${before}${id}${after}`),
    )
    .filter((s) => !CANONICAL.test(s));
