// One ordered teardown per suite: steps run last-added first, every step runs even when an
// earlier one failed, and each is bounded in time, so child processes, proxies and scratch
// databases are gone however the test ended.
interface Teardown {
  teardown(fn: () => unknown): void;
  comment(...message: unknown[]): void;
}

const STEP_BUDGET_MS = 15_000;

export class Cleanup {
  readonly #steps: { what: string; fn: () => unknown }[] = [];

  constructor(private readonly t: Teardown) {
    t.teardown(() => this.run());
  }

  add(what: string, fn: () => unknown): void {
    this.#steps.push({ what, fn });
  }

  /** A `teardown` that spawn-server.ts's helpers can register with. */
  get asTeardown(): { teardown(fn: () => unknown): void } {
    return { teardown: (fn) => this.add('child process', fn) };
  }

  async run(): Promise<void> {
    while (this.#steps.length > 0) {
      const step = this.#steps.pop();
      if (!step) break;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step.fn),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`took over ${STEP_BUDGET_MS} ms`)), STEP_BUDGET_MS);
          }),
        ]);
      } catch (error) {
        this.t.comment(`cleanup of ${step.what} failed: ${String(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
