// Skips the tests of a file, naming the reason, when this machine lacks a program they need.
import { beforeEach } from 'vitest';

/** Call at the top of a describe block (or file): each test in it is skipped with `why` when set. */
export function skipEachUnless(why: string | undefined): void {
  beforeEach((ctx) => {
    if (why) ctx.skip(why);
  });
}
