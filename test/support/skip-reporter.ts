// Lists, at the end of a run, every test that was skipped because this machine lacks something
// (tmux, Chromium, ...), with the reason the test gave (`ctx.skip(reason)`), so a green run on a
// machine without them never looks like a full one.
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests('skipped')) {
        const result = t.result();
        const note = result.state === 'skipped' ? result.note : undefined;
        if (note) lines.push(`  ${m.moduleId.replace(`${process.cwd()}/`, '')} > ${t.fullName}\n      ${note}`);
      }
    }
    if (lines.length === 0) return;
    process.stdout.write(`\nSkipped on this machine (${lines.length}), and why:\n${lines.join('\n')}\n`);
  }
}
