// Property tests run from one fixed seed, so `npm test` gives the same verdict on every machine
// and a failure can be replayed. `npm run test:explore` runs them from a fresh seed to look for
// new counterexamples; one found there is fixed and kept as a table row.
import fc from 'fast-check';

const seed = process.env.KANARY_FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261122 : Number(seed) });
