import fc from 'fast-check';
import { DeadlineHeap } from './deadline-heap';

describe('DeadlineHeap', () => {
  it('gives the due VINs earliest first, up to the limit, without removing them', () => {
    const heap = new DeadlineHeap();
    heap.set('C', 30);
    heap.set('A', 10);
    heap.set('B', 20);
    heap.set('D', 40);
    expect(heap.peek()).toBe(10);
    expect(heap.due(30, 10)).toEqual(['A', 'B', 'C']);
    expect(heap.due(30, 2)).toEqual(['A', 'B']);
    expect(heap.due(9, 10)).toEqual([]);
    expect(heap.size).toBe(4);
  });

  it('moves an entry in place when its deadline changes, and deletes', () => {
    const heap = new DeadlineHeap();
    heap.set('A', 10);
    heap.set('B', 20);
    heap.set('A', 50);
    expect(heap.size).toBe(2);
    expect(heap.peek()).toBe(20);
    heap.delete('B');
    heap.delete('nope');
    expect(heap.peek()).toBe(50);
    heap.delete('A');
    expect(heap.peek()).toBeNull();
  });

  it('behaves like a map of deadlines under any sequence of sets and deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), vin: fc.nat(20), at: fc.nat(1000) }),
      fc.record({ kind: fc.constant('delete' as const), vin: fc.nat(20) }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 200 }),
        fc.nat(1000),
        fc.integer({ min: 1, max: 25 }),
        (ops, now, limit) => {
          const heap = new DeadlineHeap();
          const model = new Map<string, number>();
          for (const o of ops) {
            if (o.kind === 'set') {
              heap.set(`V${o.vin}`, o.at);
              model.set(`V${o.vin}`, o.at);
            } else {
              heap.delete(`V${o.vin}`);
              model.delete(`V${o.vin}`);
            }
          }
          const entries = [...model.entries()].sort((a, b) => a[1] - b[1]);
          expect(heap.size).toBe(model.size);
          expect(heap.peek()).toBe(entries[0]?.[1] ?? null);
          const due = heap.due(now, limit);
          const expected = entries.filter(([, at]) => at <= now).slice(0, limit);
          // Ties may come in any order: compare the deadlines, and the VINs as sets.
          expect(due.map((v) => model.get(v))).toEqual(expected.map(([, at]) => at));
          expect(new Set(due).size).toBe(due.length);
          for (const v of due) expect(model.get(v)).toBeLessThanOrEqual(now);
        },
      ),
      { numRuns: 300 },
    );
  });
});
