/**
 * Per-key timers for UI work that follows edits. `trailing`: each call restarts the wait (run
 * once things settle: flushes, policy reloads). `throttle`: the first call starts the wait and
 * later ones join it (run at most once per window while typing: decorations, risk, status).
 */
export class KeyedDebouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly mode: 'trailing' | 'throttle') {}

  schedule(key: string, delayMs: number, run: () => void): void {
    const pending = this.timers.get(key);
    if (pending) {
      if (this.mode === 'throttle') return;
      clearTimeout(pending);
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
