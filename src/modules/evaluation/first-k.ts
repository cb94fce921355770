// The first `k` of a stream of items in an order, without sorting the stream: what the dashboard's due
// block, its ten worst systems and a page of the gaps list take from an evaluation after each write.
// Kept sorted; an item equal to the k-th stays out, so ties keep the order the items were offered in.

export class FirstK<T> {
  readonly items: T[] = [];

  constructor(
    private readonly k: number,
    private readonly before: (a: T, b: T) => number,
  ) {}

  /** Puts `x` among the first k when it belongs there; false when it does not (nor would anything after it in the order). */
  offer(x: T): boolean {
    const { items, k } = this;
    if (items.length === k && (k === 0 || this.before(x, items[k - 1]!) >= 0)) return false;
    let at = items.length;
    while (at > 0 && this.before(x, items[at - 1]!) < 0) at -= 1;
    items.splice(at, 0, x);
    if (items.length > k) items.pop();
    return true;
  }
}
