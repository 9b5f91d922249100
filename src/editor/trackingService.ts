import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { OriginMeta } from '../core/origin';
import type { ChangeSource, TextChange } from '../core/tracking/provenanceTracker';
import type { Settings } from './config';
import type { StorageLocator } from './storageLocator';
import { TrackedDocument } from './trackedDocument';

const FLUSH_DELAY_MS = 1000;
const POLL_MS = 500;
/** An expected AI edit that has not arrived by then never will: never pin it on the next keystroke. */
const EXPECTATION_TTL_MS = 3000;

/** Schemes whose documents are real text the user edits; output panes, diffs and settings are not. */
const TRACKED_SCHEMES = new Set(['file', 'untitled']);

interface Expectation {
  readonly origin: OriginMeta;
  readonly until: number;
}

/**
 * Owns every open document's tracker: classifies each change (human, AI, undo, redo, reload),
 * loads provenance when a document opens, writes it back (debounced, on save, on close), and
 * picks up what other processes (the CLI, agent hooks) write to the ledger within a second.
 */
export class TrackingService implements vscode.Disposable {
  private readonly docs = new Map<string, TrackedDocument>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly expectations = new Map<string, Expectation>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  private readonly tooLarge = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly poller: NodeJS.Timeout;
  private polling = false;

  /** Fires synchronously after a document's provenance changed (UI debounces on its own). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly locator: StorageLocator,
    private settings: Settings,
  ) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.open(d)),
      vscode.workspace.onDidCloseTextDocument((d) => void this.close(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.flush(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.open(d);
    this.poller = setInterval(() => void this.pollLedgers(), POLL_MS);
  }

  updateSettings(settings: Settings): void {
    const wasEnabled = this.settings.trackingEnabled;
    this.settings = settings;
    if (wasEnabled && !settings.trackingEnabled) {
      void this.flushAll().then(() => {
        for (const d of [...this.docs.values()]) this.forget(d.uri);
      });
    } else if (!wasEnabled && settings.trackingEnabled) {
      for (const d of vscode.workspace.textDocuments) this.open(d);
    }
  }

  get(uri: vscode.Uri): TrackedDocument | undefined {
    return this.docs.get(uri.toString());
  }

  all(): TrackedDocument[] {
    return [...this.docs.values()];
  }

  /** Resolves when the document's stored provenance has been loaded (or there was none). */
  async ready(uri: vscode.Uri): Promise<void> {
    await this.loading.get(uri.toString());
  }

  /** The next content change of `uri` (within a few seconds) is AI text with this origin. */
  expectAi(uri: vscode.Uri, origin: OriginMeta): void {
    this.expectations.set(uri.toString(), { origin, until: Date.now() + EXPECTATION_TTL_MS });
  }

  cancelExpectation(uri: vscode.Uri): void {
    this.expectations.delete(uri.toString());
  }

  /** Marks `[start, end)` (offsets) with a new AI record, or as human when origin is null. */
  mark(uri: vscode.Uri, ranges: readonly { start: number; end: number }[], origin: OriginMeta | null): void {
    const doc = this.get(uri);
    if (!doc) return;
    for (const r of ranges) doc.tracker.setOrigin(r.start, r.end, origin ? doc.tracker.newRecord(origin, r.end - r.start) : null);
    this.changed(doc);
  }

  clear(uri: vscode.Uri): void {
    const doc = this.get(uri);
    if (!doc) return;
    doc.tracker.clear();
    this.changed(doc);
  }

  /** Writes a document's provenance to its ledger now. */
  async flush(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const timer = this.flushTimers.get(key);
    if (timer) clearTimeout(timer);
    this.flushTimers.delete(key);
    const doc = this.docs.get(key);
    if (!doc?.location) return;
    await this.loading.get(key);
    const { store, key: ledgerKey } = doc.location;
    try {
      const hadRecords = doc.tracker.records().length > 0;
      await store.update(ledgerKey, (current) => {
        if (!current && !hadRecords) return undefined;
        return doc.snapshot(current, ledgerKey);
      });
      doc.ledgerStamp = await stamp(store.fileFor(ledgerKey));
      doc.dirtySinceFlush = false;
      this.emitter.fire(doc.uri);
    } catch (err) {
      this.log.warn(`could not save provenance of ${ledgerKey}: ${String(err)}`);
    }
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.docs.values()].filter((d) => d.dirtySinceFlush).map((d) => this.flush(d.uri)));
  }

  dispose(): void {
    clearInterval(this.poller);
    for (const t of this.flushTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  /** Close-and-open without the editor: flush, forget, load from disk again. */
  async reopen(uri: vscode.Uri): Promise<void> {
    const doc = this.get(uri);
    if (!doc) return;
    await this.flush(uri);
    this.forget(uri);
    this.open(doc.document);
    await this.ready(uri);
  }

  // ---- document lifecycle ----------------------------------------------------------------

  private open(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.settings.trackingEnabled || this.docs.has(key) || !TRACKED_SCHEMES.has(document.uri.scheme)) return;
    const length = document.getText().length;
    if (length > this.settings.maxFileSize) {
      if (!this.tooLarge.has(key)) {
        this.tooLarge.add(key);
        this.log.info(`not tracking ${document.uri.fsPath}: ${length} characters is over aiProvenance.tracking.maxFileSizeMB`);
      }
      return;
    }
    const doc = new TrackedDocument(document);
    this.docs.set(key, doc);
    this.loading.set(key, this.load(doc).finally(() => this.loading.delete(key)));
  }

  private async load(doc: TrackedDocument): Promise<void> {
    try {
      doc.location = await this.locator.locate(doc.uri);
      if (!doc.location || this.docs.get(doc.uri.toString()) !== doc) return;
      await this.pull(doc);
    } catch (err) {
      this.log.warn(`could not load provenance of ${doc.uri.fsPath}: ${String(err)}`);
    }
  }

  private async close(document: vscode.TextDocument): Promise<void> {
    const doc = this.get(document.uri);
    if (!doc) return;
    if (doc.dirtySinceFlush) await this.flush(doc.uri);
    this.forget(document.uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.flushTimers.get(key);
    if (timer) clearTimeout(timer);
    this.flushTimers.delete(key);
    this.docs.delete(key);
    this.expectations.delete(key);
    this.emitter.fire(uri);
  }

  // ---- changes ---------------------------------------------------------------------------

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return; // dirty-state only
    const doc = this.get(e.document.uri);
    if (!doc) return;
    const key = doc.uri.toString();
    const changes: TextChange[] = e.contentChanges.map((c) => ({
      offset: c.rangeOffset,
      deleteLength: c.rangeLength,
      insertLength: c.text.length,
    }));
    const source = this.classify(e, key);
    // A reload from disk (file rewritten by another program) arrives as an edit after which the
    // document is clean; records it replaced may be placed again from the ledger.
    const reload = source.kind === 'human' && !e.document.isDirty;
    const before = reload ? doc.liveIds() : undefined;
    doc.tracker.applyChanges(changes, source);
    if (doc.tracker.length !== e.document.getText().length) {
      this.log.warn(`provenance of ${doc.uri.fsPath} lost sync with the document; reloading it from disk state`);
      doc.tracker.reset(e.document.getText().length);
      void this.pull(doc, true);
    }
    if (before) {
      doc.allowRestore(before);
      void this.pull(doc, true);
    }
    this.changed(doc);
  }

  private classify(e: vscode.TextDocumentChangeEvent, key: string): ChangeSource {
    const expected = this.expectations.get(key);
    if (expected) {
      this.expectations.delete(key);
      if (Date.now() <= expected.until && e.contentChanges.some((c) => c.text.length > 0)) {
        return { kind: 'ai', origin: { ...expected.origin, time: Date.now() } };
      }
    }
    // TextDocumentChangeReason: 1 = Undo, 2 = Redo (VS Code 1.70+; undefined otherwise).
    const reason = (e as { reason?: number }).reason;
    if (reason === 1) return { kind: 'undo' };
    if (reason === 2) return { kind: 'redo' };
    return { kind: 'human' };
  }

  private changed(doc: TrackedDocument): void {
    doc.dirtySinceFlush = true;
    this.emitter.fire(doc.uri);
    if (!doc.location) return;
    const key = doc.uri.toString();
    const old = this.flushTimers.get(key);
    if (old) clearTimeout(old);
    this.flushTimers.set(
      key,
      setTimeout(() => void this.flush(doc.uri), FLUSH_DELAY_MS),
    );
  }

  // ---- picking up other processes' writes ------------------------------------------------

  private async pull(doc: TrackedDocument, force = false): Promise<void> {
    if (!doc.location) return;
    const { store, key } = doc.location;
    const file = store.fileFor(key);
    const s = await stamp(file);
    if (!force && s === doc.ledgerStamp) return;
    const read = await store.read(key);
    doc.ledgerStamp = s;
    if (read.status === 'too-new') {
      this.log.warn(`provenance of ${key} was written by a newer AI Provenance (${read.message}); leaving it untouched`);
      return;
    }
    if (read.status !== 'ok' || this.get(doc.uri) !== doc) return;
    const { imported, lost } = doc.applyLedger(read.ledger);
    if (lost > 0) this.log.info(`${key}: ${lost} stored range(s) no longer match the file and were dropped`);
    this.log.debug(`${key}: loaded ${imported} range(s) from ${read.ledger.writer}`);
    this.emitter.fire(doc.uri);
  }

  private async pollLedgers(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const doc of this.docs.values()) {
        if (!doc.location || this.loading.has(doc.uri.toString())) continue;
        const s = await stamp(doc.location.store.fileFor(doc.location.key));
        if (s !== doc.ledgerStamp) await this.pull(doc);
      }
    } finally {
      this.polling = false;
    }
  }
}

async function stamp(file: string): Promise<number> {
  try {
    const s = await fs.stat(file);
    return s.mtimeMs * 1000 + (s.size % 1000);
  } catch {
    return 0;
  }
}
