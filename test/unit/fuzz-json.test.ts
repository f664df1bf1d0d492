import { describe, it } from 'vitest';
import { chatCase, fc, runChatCase, runSocialCase, socialCase } from './fuzz-cases';

/** A fixed seed (printed by fast-check with the failing case) so CI runs the same cases; FUZZ_SEED picks others. */
const seed = Number(process.env.FUZZ_SEED ?? 20261206);

describe('fuzzing JSON bodies', () => {
  it('a signed social webhook of any JSON is stored whole (valid events within limits) or refused with 400/413, never 500', async () => {
    await fc.assert(fc.asyncProperty(socialCase, runSocialCase), { numRuns: 200, seed, endOnFailure: true });
  }, 120_000);

  it('a chat message body of any JSON is accepted as a valid message or refused with a 4xx that says why', async () => {
    await fc.assert(fc.asyncProperty(chatCase, runChatCase), { numRuns: 200, seed, endOnFailure: true });
  }, 120_000);
});

describe('cases the fuzzer found, kept as examples', () => {
  it('an Instagram comment stamped past the largest date a Date holds is stored with the receive time, not answered 500', async () => {
    await runSocialCase({ provider: 'instagram', fixture: 0, path: [491848807, 0, 962072464], replacement: 8640000000000001, whole: null });
  });
});

describe('more cases the fuzzer found', () => {
  it('a Messenger page id of 260 KB (in every receipt watermark of the page) is hashed, so the watermark event fits the queue', async () => {
    const big = 'ğ'.repeat(130_971);
    await runSocialCase({ provider: 'messenger', fixture: 1, path: [1, 0, 0], replacement: big, whole: null });
  });
});

describe('a receipt whose message id is a number', () => {
  it('is keyed by its digits, not answered 500', async () => {
    await runSocialCase({ provider: 'messenger', fixture: 1, path: [366665503, 0, 1149622673, 908537708, 1326811919, 0, 0], replacement: 0, whole: null });
  });
});
