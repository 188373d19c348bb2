// The reference ballot of the bench (benches/booth.rs): one contest, 5 options, choose up
// to 2, encrypted and proved under a random election key, as the booth does it.
import { G, mul, randomScalar } from './group.js';
import { context, prepareBallot } from './ballot.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** Milliseconds per prepared ballot, each of `runs` timed alone; the first `warm` not kept. */
export function bench(runs = 10, warm = 2) {
  const ctx = context(randomBytes(32), mul(G, randomScalar()));
  const credential = mul(G, randomScalar());
  const style = [{ contest: 0, limits: [1, 1, 1, 1, 1], min: 0, max: 2 }];
  const times = [];
  for (let i = 0; i < runs + warm; i++) {
    const start = performance.now();
    prepareBallot(ctx, style, credential, [[0, 1, 0, 1, 0]]);
    if (i >= warm) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { runs, median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}
