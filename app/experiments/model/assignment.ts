/**
 * Deterministic assignment of a visitor to an arm: the same (experiment, visitor) always lands in the same
 * arm, in every process and on the storefront, with no stored state. MurmurHash3 x86_32 (Austin Appleby,
 * SMHasher, public domain) of the visitor id's UTF-8 bytes, seeded with the hash of the experiment id so
 * ids never need a separator and each experiment splits visitors independently. Pure arithmetic on
 * 32-bit integers (Math.imul), no node:crypto, so it runs in a theme app extension too.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** UTF-8 bytes of a string, written out so the module needs no TextEncoder. */
export function utf8Bytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}

function mixKey(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/**
 * MurmurHash3 x86_32 of a string's UTF-8 bytes (or of raw bytes), as an unsigned 32-bit integer.
 * @example murmurHash3("hello", 0) // 0x248bfa47
 */
export function murmurHash3(input: string | Uint8Array, seed = 0): number {
  const bytes = typeof input === "string" ? utf8Bytes(input) : input;
  const length = bytes.length;
  const blocks = length & ~3;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h ^= mixKey(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  switch (length & 3) {
    case 3:
      tail ^= bytes[blocks + 2] << 16;
    // falls through
    case 2:
      tail ^= bytes[blocks + 1] << 8;
    // falls through
    case 1:
      tail ^= bytes[blocks];
      h ^= mixKey(tail);
  }
  h ^= length;
  // fmix32 finaliser: every input bit affects every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The visitor's uniform position in [0, 1) for an experiment. */
export function assignmentPosition(experimentId: string, visitorId: string): number {
  return murmurHash3(visitorId, murmurHash3(experimentId, 0)) / 4294967296;
}

/**
 * The arm index (0-based) of a visitor, arms weighted by `weights` (any positive numbers), or -1 when no
 * weight is positive.
 * @example assignArm("exp-checkout-button", "visitor-123", [0.5, 0.5]) // 0 or 1, always the same
 */
export function assignArm(experimentId: string, visitorId: string, weights: readonly number[]): number {
  let total = 0;
  for (const weight of weights) total += weight > 0 ? weight : 0;
  if (!(total > 0)) return -1;
  const target = assignmentPosition(experimentId, visitorId) * total;
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] > 0)) continue;
    cumulative += weights[i];
    last = i;
    if (target < cumulative) return i;
  }
  return last;
}
