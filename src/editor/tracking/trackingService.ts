import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { KeyedDebouncer } from '../debounce';
import type { OriginMeta } from '../../core/origin';
import { makeOrigin } from '../../core/origin';
import { gitBlobId } from '../../core/text/hash';
import { insertedSpans } from '../../core/tracking/changeSpans';
import type { TextChange } from '../../core/tracking/provenanceTracker';
import { runGit } from '../../git/exec';
import type { RepoInfo } from '../../git/repo';
import { stateDirOf } from '../../git/repo';
import { writeRepoState } from '../../state/repoSettings';
import { ChangeClassifier } from './changeClassifier';
import { delayFor } from '../pacing';
import type { Settings } from '../config';
import type { StorageLocator } from './storageLocator';
import { TrackedDocument } from './trackedDocument';

const FLUSH_DELAY_MS = 1000;
const POLL_MS = 500;

/** Schemes whose documents are real text the user edits; output panes, diffs and settings are not. */
const TRACKED_SCHEMES = new Set(['file', 'untitled']);

/**
 * Owns every open document's tracker: classifies each change (human, AI, undo, redo, reload),
 * loads provenance when a document opens, writes it back (debounced, on save, on close), and
 * picks up what other processes (the CLI, agent hooks) write to the ledger within a second.
 */
export class TrackingService implements vscode.Disposable {
  private readonly docs = new Map<string, TrackedDocument>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly classifier: ChangeClassifier;
  private readonly flushTimers = new KeyedDebouncer('trailing');
  private readonly tooLarge = new Set<string>();
  /** Repositories whose state directory carries our settings (for the hooks and the CLI). */
  private readonly repos = new Map<string, RepoInfo>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly poller: NodeJS.Timeout;
  private polling = false;

  /** Fires synchronously after a document's provenance changed (UI debounces on its own). */
  readonly onDidChange = this.emitter.event;
  private readonly recordedEmitter = new vscode.EventEmitter<{ uri: vscode.Uri; origins: OriginMeta[] }>();
  /** New AI text arrived: typed in by an AI edit, or imported from another process (an agent hook). */
  readonly onDidRecordAi = this.recordedEmitter.event;
  private readonly ledgerEmitter = new vscode.EventEmitter<RepoInfo>();
  /**
   * A ledger on disk changed (written here, or by another process): what the next commit gets may
   * have changed. Buffer edits alone do not fire it; they reach the ledger with the next flush.
   */
  readonly onDidChangeLedger = this.ledgerEmitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly locator: StorageLocator,
    private settings: Settings,
    private readonly trusted: () => boolean,
  ) {
    this.classifier = new ChangeClassifier(settings);
    this.disposables.push(
      this.emitter,
      this.recordedEmitter,
      this.ledgerEmitter,
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
    this.classifier.updateSettings(settings);
    for (const repo of this.repos.values()) void this.syncRepoState(repo);
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
    this.classifier.expectAi(uri, origin);
  }

  cancelExpectation(uri: vscode.Uri): void {
    this.classifier.cancelExpectation(uri);
  }

  /** Marks `[start, end)` (offsets) with a new AI record, or as human when origin is null. */
  mark(uri: vscode.Uri, ranges: readonly { start: number; end: number }[], origin: OriginMeta | null): void {
    const doc = this.get(uri);
    if (!doc) return;
    for (const r of ranges) doc.tracker.setOrigin(r.start, r.end, origin ? doc.tracker.newRecord(origin, r.end - r.start) : null);
    this.changed(doc);
  }

  /** Records that a person reviewed the AI text in `[start, end)`; persisted with the ledger. */
  markReviewed(uri: vscode.Uri, start: number, end: number, by: string): number {
    const doc = this.get(uri);
    if (!doc) return 0;
    const n = doc.markReviewed(start, end, by);
    if (n > 0) this.changed(doc);
    return n;
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
    this.flushTimers.cancel(key);
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
      if (doc.location.repo) this.ledgerEmitter.fire(doc.location.repo);
    } catch (err) {
      this.log.warn(`could not save provenance of ${ledgerKey}: ${String(err)}`);
    }
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.docs.values()].filter((d) => d.dirtySinceFlush).map((d) => this.flush(d.uri)));
  }

  dispose(): void {
    clearInterval(this.poller);
    this.flushTimers.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /**
   * Tells the commit hook and the CLI what only the editor knows: whether tracking is on (off:
   * commits say `unknown`, never `human-only`) and whether external edits count as AI.
   */
  async syncRepoState(repo: RepoInfo): Promise<void> {
    try {
      await writeRepoState(stateDirOf(repo), { externalEditsAreAI: this.settings.externalEditsAreAI }, this.settings.trackingEnabled);
    } catch (err) {
      this.log.warn(`could not record settings for ${repo.root}: ${String(err)}`);
    }
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
      const repo = doc.location.repo;
      if (repo && !this.repos.has(repo.root)) {
        this.repos.set(repo.root, repo);
        await this.syncRepoState(repo);
      }
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
    this.flushTimers.cancel(key);
    this.docs.delete(key);
    this.classifier.cancelExpectation(uri);
    this.emitter.fire(uri);
  }

  // ---- changes ---------------------------------------------------------------------------

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return; // dirty-state only
    const doc = this.get(e.document.uri);
    if (!doc) return;
    const changes: TextChange[] = e.contentChanges.map((c) => ({
      offset: c.rangeOffset,
      deleteLength: c.rangeLength,
      insertLength: c.text.length,
    }));
    const c = this.classifier.classify(e);
    const suspect = c.reload || c.possibleReload;
    const before = suspect ? doc.liveIds() : undefined;
    const spans = suspect ? insertedSpans(changes) : [];
    const created = doc.tracker.applyChanges(changes, c.source);
    if (created.length > 0) this.recordedEmitter.fire({ uri: doc.uri, origins: created.map((r) => r.origin) });
    // Cheap consistency check (no copy of the text): the document's end offset.
    const end = e.document.offsetAt(e.document.lineAt(e.document.lineCount - 1).range.end);
    if (doc.tracker.length !== end) {
      this.log.warn(`provenance of ${doc.uri.fsPath} lost sync with the document; reloading it from disk state`);
      doc.tracker.reset(end);
      void this.pull(doc, true);
    }
    if (c.reload) void this.onReload(doc, spans, before!);
    else if (c.possibleReload) void this.confirmReload(doc, spans, before!, e.document.version);
    if (c.candidate) void this.probeHeuristic(doc, e);
    this.changed(doc);
  }

  /** Confirms a suspected reload: the document now holds exactly what the file on disk holds. */
  private async confirmReload(doc: TrackedDocument, spans: [number, number][], before: Set<string>, version: number): Promise<void> {
    if (doc.document.uri.scheme !== 'file') return;
    const disk = await fs.readFile(doc.document.uri.fsPath, 'utf8').catch(() => undefined);
    if (disk === undefined || doc.document.version !== version || disk !== doc.document.getText()) return;
    await this.onReload(doc, spans, before);
  }

  /**
   * Another program rewrote the file. What it inserted is `external` until someone claims it (an
   * agent hook's ledger entry arrives) or it turns out to be version control (a checkout);
   * records the rewrite displaced may be placed again from the ledger.
   */
  private async onReload(doc: TrackedDocument, spans: [number, number][], before: Set<string>): Promise<void> {
    const version = doc.document.version;
    doc.allowRestore(before);
    await this.pull(doc, true);
    if (spans.length === 0 || (await this.matchesVersionControl(doc)) || doc.document.version !== version || !this.get(doc.uri)) return;
    const origin = makeOrigin({ kind: 'external', tool: 'external', mode: 'autonomous', confidence: 'low', source: 'reload' });
    const claimed = new Set(doc.tracker.ranges().filter((r) => r.record.origin.kind === 'ai').map((r) => `${r.start}:${r.end}`));
    for (const [start, end] of spans) {
      // Text an agent hook already claimed keeps its AI origin.
      if (doc.tracker.rangesIn(start, end).some((r) => r.record.origin.kind === 'ai' && claimed.has(`${r.start}:${r.end}`))) continue;
      doc.tracker.setOrigin(start, end, doc.tracker.newRecord(origin, end - start));
    }
    this.changed(doc);
  }

  /** A reload that produced exactly what git has (checkout, stash, pull) is nobody's edit. */
  private async matchesVersionControl(doc: TrackedDocument): Promise<boolean> {
    const repo = doc.location?.repo;
    if (!repo || !this.trusted()) return false;
    const blob = gitBlobId(doc.document.getText());
    const path = doc.location!.key;
    try {
      const [head, index] = await Promise.all([
        runGit(['rev-parse', '--verify', '--quiet', `HEAD:${path}`], { cwd: repo.root, timeoutMs: 5000 }),
        runGit(['ls-files', '--stage', '--', path], { cwd: repo.root, timeoutMs: 5000 }),
      ]);
      return head.stdout.trim() === blob || index.stdout.split(/\s+/)[1] === blob;
    } catch {
      return false;
    }
  }

  /** Opt-in heuristic: a large insertion that is not the clipboard's content is low-confidence AI. */
  private async probeHeuristic(doc: TrackedDocument, e: vscode.TextDocumentChangeEvent): Promise<void> {
    const change = e.contentChanges[0]!;
    const version = doc.document.version;
    let clipboard: string;
    try {
      clipboard = await vscode.env.clipboard.readText();
    } catch {
      return; // cannot rule out paste: never guess AI
    }
    const norm = (t: string) => t.replace(/\r\n/g, '\n').trim();
    if (norm(clipboard) === norm(change.text) || doc.document.version !== version || !this.get(doc.uri)) return;
    const start = change.rangeOffset;
    const origin = makeOrigin({ tool: 'unknown-ai', mode: 'suggestive', confidence: 'low', source: 'heuristic' });
    doc.tracker.setOrigin(start, start + change.text.length, doc.tracker.newRecord(origin, change.text.length));
    this.changed(doc);
  }

  private changed(doc: TrackedDocument): void {
    doc.dirtySinceFlush = true;
    this.emitter.fire(doc.uri);
    if (!doc.location) return;
    this.flushTimers.schedule(doc.uri.toString(), delayFor(FLUSH_DELAY_MS, doc.tracker.recordCount), () => void this.flush(doc.uri));
  }

  // ---- picking up other processes' writes ------------------------------------------------

  private async pull(doc: TrackedDocument, force = false): Promise<void> {
    if (!doc.location) return;
    const { store, key } = doc.location;
    const file = store.fileFor(key);
    const s = await stamp(file);
    if (!force && s === doc.ledgerStamp) return;
    const read = await store.read(key);
    if (s !== doc.ledgerStamp && doc.location.repo) this.ledgerEmitter.fire(doc.location.repo);
    doc.ledgerStamp = s;
    if (read.status === 'too-new') {
      this.log.warn(`provenance of ${key} was written by a newer AI Provenance (${read.message}); leaving it untouched`);
      return;
    }
    if (this.get(doc.uri) !== doc) return;
    if (read.status === 'missing') {
      // Deleted by another process (every range committed and retired): drop what it held.
      if (doc.ledgerGone()) this.emitter.fire(doc.uri);
      return;
    }
    const { imported, lost, created } = doc.applyLedger(read.ledger);
    if (created.length > 0) this.recordedEmitter.fire({ uri: doc.uri, origins: created.map((r) => r.origin) });
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
