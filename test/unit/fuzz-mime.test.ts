import { describe, it } from 'vitest';
import { fc, mimeCase, runMimeCase } from './fuzz-cases';

/** A fixed seed (printed by fast-check with the failing case) so CI runs the same cases; FUZZ_SEED picks others. */
const seed = Number(process.env.FUZZ_SEED ?? 20261206);

describe('fuzzing MIME: mutated fixture mails through the parser and the e-mail ingest core', () => {
  it('every mutated mail is parsed or stored with an error, within the queue and key limits; none throws', async () => {
    await fc.assert(fc.asyncProperty(mimeCase, runMimeCase), { numRuns: 200, seed, endOnFailure: true });
  }, 180_000);
});
