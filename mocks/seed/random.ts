/**
 * A small seeded PRNG for the seed generator: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, 32-bit output), seeded through a murmur3-style
 * finaliser. Only 32-bit integer operations (Math.imul, shifts, xor) and exact float
 * arithmetic are used, so a seed gives the same sequence on every platform and Node
 * version. Never use Math.random() in the generator.
 *
 * Independent streams: `Random.stream(seed, key…)` hashes the seed with the keys, so the
 * stream of client 7 depends only on (seed, 7), never on how many clients were drawn
 * before it.
 */

const TWO_POW_32 = 4294967296;

/** murmur3 fmix32: a bijective 32-bit avalanche. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Folds any integer (also negative or above 2^32) into two 32-bit words and hashes them. */
function foldInteger(value: number, into: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`a seed or stream key must be a safe integer, got ${value}`);
  const low = value >>> 0;
  const high = Math.floor(value / TWO_POW_32) >>> 0;
  let h = mix32((into ^ low) + 0x9e3779b9);
  h = mix32((h ^ high) + 0x7f4a7c15);
  return h;
}

/** A 32-bit seed derived from a seed and a path of stream keys (client index, purpose…). */
export function streamSeed(seed: number, ...keys: readonly number[]): number {
  let h = foldInteger(seed, 0x243f6a88);
  for (const key of keys) h = foldInteger(key, h);
  return h;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator from a 32-bit seed (other integers are folded into 32 bits). */
  constructor(seed: number) {
    const s = Number.isSafeInteger(seed) && seed >= 0 && seed < TWO_POW_32 ? seed : streamSeed(seed);
    this.a = mix32(s ^ 0x9e3779b9);
    this.b = mix32(s ^ 0x243f6a88);
    this.c = mix32(s ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The generator of an independent stream: same (seed, keys) → same sequence. */
  static stream(seed: number, ...keys: readonly number[]): Random {
    return new Random(streamSeed(seed, ...keys));
  }

  /** A child generator for a sub-purpose, derived from this generator's next output. */
  fork(key = 0): Random {
    return new Random(mix32(this.uint32() ^ mix32(key + 0x632be5ab)));
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 random bits (exact: a 32-bit integer divided by 2^32). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** An integer in [min, max], both inclusive; the range may exceed 2^32 up to 2^53. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): bounds must be safe integers with min <= max`);
    }
    const span = max - min + 1;
    if (span <= TWO_POW_32) return min + Math.floor(this.next() * span);
    // 53 random bits, then scaled: exact because span <= 2^53.
    const high = this.uint32() >>> 11;
    const value = (high * TWO_POW_32 + this.uint32()) / 9007199254740992;
    return min + Math.floor(value * span);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One value of a list of [value, weight] pairs, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let r = this.next() * total;
    for (const [value, weight] of items) {
      r -= weight;
      if (r < 0) return value;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** A string of n random decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String.fromCharCode(48 + Math.floor(this.next() * 10));
    return out;
  }

  /** A string of n random characters of the alphabet. */
  chars(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return out;
  }

  /**
   * A count of events: the number of successes in `trials` Bernoulli trials with mean
   * `mean` (a binomial stand-in for Poisson that needs no Math.exp).
   */
  count(mean: number, trials = 6): number {
    const p = Math.min(1, Math.max(0, mean / trials));
    let n = 0;
    for (let i = 0; i < trials; i++) if (this.next() < p) n++;
    return n;
  }
}

const MULTIPLIERS = new Map<bigint, bigint>();

/**
 * A bijection of [0, modulus) that looks random: x → (x·a + b) mod modulus with a coprime
 * to the modulus. Used to turn serial numbers into unique, scattered account numbers and
 * PAN bodies.
 */
export function scatter(serial: number, modulus: bigint, salt: number): bigint {
  const x = BigInt(serial);
  if (x < 0n || x >= modulus) throw new RangeError(`serial ${serial} does not fit in ${modulus}`);
  let a = MULTIPLIERS.get(modulus);
  if (a === undefined) {
    a = 6364136223846793005n % modulus;
    while (gcd(a, modulus) !== 1n) a += 1n;
    MULTIPLIERS.set(modulus, a);
  }
  const b = (BigInt(salt >>> 0) * 2654435761n) % modulus;
  return (x * a + b) % modulus;
}

function gcd(x: bigint, y: bigint): bigint {
  let a = x;
  let b = y;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
