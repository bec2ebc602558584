/**
 * Card numbers. The full PANs are held here and only here: everything else in the mock
 * addresses a card by its id and sees the masked PAN, the BIN or the last four digits.
 * Luhn digits and masking are those of seed/pan.ts.
 */
import { createHash } from 'node:crypto';
import { luhnCheckDigit, maskPan } from '../seed/pan.js';

/** A deterministic 32-bit generator (mulberry32), so that a dataset seed always yields the same numbers. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export class PanVault {
  private readonly pans = new Map<string, string>();
  private readonly inUse = new Set<string>();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = randomSource(seed ^ 0x5eed_ca7d);
  }

  store(cardId: string, pan: string): void {
    this.pans.set(cardId, pan);
    this.inUse.add(pan);
  }

  /** A new Luhn-valid PAN with the given BIN and length that no card has had. */
  issue(cardId: string, bin: string, length = 16): string {
    for (;;) {
      let body = bin;
      while (body.length < length - 1) body += String(Math.floor(this.random() * 10));
      const pan = body + luhnCheckDigit(body);
      if (!this.inUse.has(pan)) {
        this.store(cardId, pan);
        return pan;
      }
    }
  }

  masked(cardId: string): string {
    return maskPan(this.panOf(cardId));
  }

  lastFour(cardId: string): string {
    return this.panOf(cardId).slice(-4);
  }

  bin(cardId: string): string {
    return this.panOf(cardId).slice(0, 6);
  }

  length(cardId: string): number {
    return this.panOf(cardId).length;
  }

  /** Every PAN held, for the test that no response carries one. */
  allPans(): readonly string[] {
    return [...this.pans.values()];
  }

  private panOf(cardId: string): string {
    const pan = this.pans.get(cardId);
    if (pan === undefined) throw new Error(`no PAN for card ${cardId}`);
    return pan;
  }
}

/**
 * The code printed in a card's activation letter: six digits derived from the dataset
 * seed and the card id (never from the PAN), so QA can reproduce it for a known card.
 */
export function activationCodeFor(seed: number, cardId: string): string {
  const digest = createHash('sha256').update(`${seed}:activation:${cardId}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}
