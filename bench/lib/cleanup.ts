// Undo steps (stop children, drop the scratch database) run once, newest first, whether the run
// finishes, fails or is interrupted with Ctrl-C.
export class Cleanups {
  private readonly steps: (() => Promise<void> | void)[] = [];
  private running: Promise<void> | undefined;

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })();
    return this.running;
  }
}
