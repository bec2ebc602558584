/**
 * Holds: amounts blocked on an account. An ACTIVE hold counts in the BLOCKED balance and
 * lowers the AVAILABLE balance; the booked balance never changes. A hold ends RELEASED
 * (ReleaseHold) or EXPIRED (at expiresAt).
 */
export interface Hold {
  readonly holdId: string;
  readonly accountId: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly reason: string;
  readonly placedAt: Date;
  readonly expiresAt: Date;
  status: 'ACTIVE' | 'RELEASED' | 'EXPIRED';
  releasedAt: Date | undefined;
}

export class HoldBook {
  private readonly holds = new Map<string, Hold>();
  /** ACTIVE holds: the only ones expiry looks at. */
  private readonly active = new Set<Hold>();
  private readonly blockedByAccount = new Map<string, bigint>();
  private counter = 0;

  place(spec: Omit<Hold, 'holdId' | 'status' | 'releasedAt'>): Hold {
    this.counter += 1;
    const hold: Hold = { ...spec, holdId: `HLD-${String(this.counter).padStart(8, '0')}`, status: 'ACTIVE', releasedAt: undefined };
    this.holds.set(hold.holdId, hold);
    this.active.add(hold);
    this.adjust(hold.accountId, hold.amount);
    return hold;
  }

  get(holdId: string): Hold | undefined {
    return this.holds.get(holdId);
  }

  /** Ends an ACTIVE hold; returns false when it had already ended. */
  end(hold: Hold, status: 'RELEASED' | 'EXPIRED', at: Date): boolean {
    if (hold.status !== 'ACTIVE') return false;
    hold.status = status;
    hold.releasedAt = at;
    this.active.delete(hold);
    this.adjust(hold.accountId, -hold.amount);
    return true;
  }

  /** Expires every ACTIVE hold whose expiresAt has passed; returns the holds that expired. */
  expire(now: Date): Hold[] {
    const expired: Hold[] = [];
    for (const hold of [...this.active]) {
      if (hold.status === 'ACTIVE' && hold.expiresAt.getTime() <= now.getTime() && this.end(hold, 'EXPIRED', hold.expiresAt)) expired.push(hold);
    }
    return expired;
  }

  blocked(accountId: string): bigint {
    return this.blockedByAccount.get(accountId) ?? 0n;
  }

  private adjust(accountId: string, delta: bigint): void {
    this.blockedByAccount.set(accountId, this.blocked(accountId) + delta);
  }
}
