/**
 * How long UI work waits after an edit. Work that walks every range of a document is cheap for
 * ordinary files and costs milliseconds for a 50k-line file with thousands of ranges; waiting a
 * little longer there keeps typing smooth (VS Code moves existing decorations with the text
 * meanwhile, so nothing looks stale).
 */
export function delayFor(baseMs: number, rangeCount: number): number {
  if (rangeCount < 500) return baseMs;
  if (rangeCount < 5000) return baseMs * 3;
  return baseMs * 8;
}
