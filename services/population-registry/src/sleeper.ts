/**
 * The sleeper of injected latency and held answers is stand-in-kit's; re-exported here for the
 * birth-registration service's int test, which runs this stand-in in its own process.
 */
export { createSleeper } from '@lienthong/stand-in-kit';
export type { Sleeper } from '@lienthong/stand-in-kit';
