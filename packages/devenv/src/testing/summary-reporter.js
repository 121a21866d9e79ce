// Prints one plain closing line, `tests: N passed, N failed, N skipped`, as the very last line
// of the run, so that CI (which reads closing lines, not Jest's "Tests:" line) sees the count.
// Plain JavaScript: Jest loads reporters without transforming them.
import { writeSync } from 'node:fs';

export default class SummaryReporter {
  /**
   * @param {unknown} _contexts
   * @param {{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numRuntimeErrorTestSuites: number }} results
   */
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
    // Jest's own summary is printed after reporters run; write ours when the process ends.
    process.once('exit', () => writeSync(1, line));
  }
}
