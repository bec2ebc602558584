/** Identifiers `${prefix}-${number}`, numbered from 1 per prefix and zero-padded, that skip any id already in use. */
export class IdSequence {
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly digits: number,
    private readonly taken: (id: string) => boolean = () => false,
  ) {}

  /** The next free id of the prefix; `taken` overrides the sequence's own check for this call. */
  next(prefix: string, taken: (id: string) => boolean = this.taken): string {
    for (;;) {
      const count = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, count);
      const id = `${prefix}-${String(count).padStart(this.digits, '0')}`;
      if (!taken(id)) return id;
    }
  }
}
