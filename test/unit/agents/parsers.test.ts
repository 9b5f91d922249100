import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseApplyPatch } from '../../../src/agents/applyPatch';
import { appendHookLog, HOOK_LOG_MAX_BYTES } from '../../../src/agents/hookLog';
import { parseHookPayload } from '../../../src/agents/parse';
import type { HookEvent } from '../../../src/agents/payload';
import { fixture } from './helpers';

function event(agent: Parameters<typeof parseHookPayload>[0], payload: unknown): HookEvent {
  const r = parseHookPayload(agent, typeof payload === 'string' ? payload : JSON.stringify(payload));
  assert.equal(r.kind, 'event', JSON.stringify(r));
  return (r as { event: HookEvent }).event;
}

function outcome(agent: Parameters<typeof parseHookPayload>[0], payload: unknown): string {
  const r = parseHookPayload(agent, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return r.kind === 'event' ? 'event' : `${r.kind}: ${r.reason}`;
}

describe('agents: payload parsers', () => {
  const claude = (over: Record<string, unknown>): Record<string, unknown> => ({ ...(JSON.parse(fixture('claude-code/edit.json', '/r')) as Record<string, unknown>), ...over });

  it('maps Claude Code permission modes: only modes without any approval are autonomous', () => {
    for (const [mode, expected] of [['default', 'agentic'], ['acceptEdits', 'agentic'], ['plan', 'agentic'], ['bypassPermissions', 'autonomous'], ['dontAsk', 'autonomous'], ['auto', 'autonomous'], [42, 'agentic']] as const) {
      assert.equal(event('claude-code', claude({ permission_mode: mode })).mode, expected, String(mode));
    }
  });

  it('uses a valid originalFile and tolerates a bad one', () => {
    const e = event('claude-code', claude({}));
    assert.equal(e.writes[0]!.spec.kind === 'edits' && typeof e.writes[0]!.spec.original, 'string');
    const bad = event('claude-code', claude({ tool_response: { originalFile: 'a\u0000b' } }));
    assert.equal(bad.writes[0]!.spec.kind === 'edits' && bad.writes[0]!.spec.original, undefined);
  });

  it('ignores other events and tools, rejects wrong shapes', () => {
    assert.match(outcome('claude-code', claude({ hook_event_name: 'PreToolUse' })), /^ignored: event PreToolUse/);
    assert.match(outcome('claude-code', claude({ tool_name: 'NotebookEdit' })), /^ignored: tool NotebookEdit/);
    assert.match(outcome('claude-code', claude({ tool_name: 'Write', tool_input: { file_path: '/r/a', content: 5 } })), /^invalid: tool_input.content is not a string/);
    assert.match(outcome('claude-code', claude({ tool_input: { file_path: 'a\nb', old_string: '', new_string: 'x' } })), /control characters/);
    assert.match(outcome('claude-code', claude({ tool_input: { file_path: 'x'.repeat(5000), old_string: '', new_string: 'x' } })), /longer than 4096/);
    assert.match(outcome('claude-code', claude({ tool_name: 'MultiEdit', tool_input: { file_path: '/r/a', edits: Array.from({ length: 2001 }, () => ({ old_string: 'a', new_string: 'b' })) } })), /more than 2000/);
    assert.match(outcome('claude-code', 'null'), /not a JSON object/);
    assert.match(outcome('copilot', { toolName: 'edit', toolArgs: '{"path":"/r/a","old_str":"a","new_str":"b"}', toolResult: { resultType: 'failure' } }), /^ignored: tool result failure/);
    assert.match(outcome('gemini', { hook_event_name: 'AfterTool', tool_name: 'replace', tool_input: { file_path: '/r/a', old_string: 'a', new_string: 'b' }, tool_response: { error: 'no match' } }), /^ignored: tool failed/);
    assert.match(outcome('cursor', { hook_event_name: 'beforeShellExecution', command: 'ls' }), /^ignored/);
  });

  it('reads file:// URIs and Cursor Tab edits (suggestive)', () => {
    const e = event('cursor', { hook_event_name: 'afterTabFileEdit', file_path: 'file:///r/src/a%20b.ts', edits: [{ old_string: 'x', new_string: 'xy' }], workspace_roots: ['/r'] });
    assert.equal(e.writes[0]!.path, '/r/src/a b.ts');
    assert.equal(e.mode, 'suggestive');
    assert.equal(e.source, 'hook:cursor-tab');
    assert.match(outcome('cursor', { hook_event_name: 'afterFileEdit', file_path: 'file://evil.example/x', edits: [{ old_string: '', new_string: 'x' }] }), /not a usable file URI/);
  });

  it("splits VS Code's multi-file replacements into one write per file", () => {
    const e = event('copilot', {
      hookEventName: 'PostToolUse',
      sessionId: 's',
      cwd: '/r',
      tool_name: 'multi_replace_string_in_file',
      tool_input: { replacements: [{ filePath: '/r/a.ts', oldString: 'a', newString: 'b' }, { filePath: '/r/b.ts', oldString: 'c', newString: 'd' }] },
    });
    assert.deepEqual(e.writes.map((w) => w.path), ['/r/a.ts', '/r/b.ts']);
    assert.equal(e.source, 'hook:vscode');
    assert.match(outcome('claude-code', { hookEventName: 'PostToolUse', sessionId: 's', tool_name: 'insert_edit_into_file', tool_input: { filePath: '/r/a.ts', code: '// ...existing code...' } }), /^ignored: tool insert_edit_into_file/);
  });

  it('parses apply_patch: add, update with several hunks, move, delete, end of file', () => {
    const files = parseApplyPatch(
      [
        '*** Begin Patch',
        '*** Add File: docs/new.md',
        '+# Title',
        '+',
        '+text',
        '*** Update File: src/a.ts',
        '*** Move to: src/b.ts',
        '@@ function f() {',
        ' const x = 1;',
        '-const y = 2;',
        '+const y = 3;',
        '@@',
        ' return x;',
        '+// end',
        '*** End of File',
        '*** Delete File: old.txt',
        '*** End Patch',
      ].join('\n'),
    );
    assert.deepEqual(files, [
      { kind: 'add', path: 'docs/new.md', content: '# Title\n\ntext\n' },
      { kind: 'update', path: 'src/b.ts', edits: [{ oldText: 'const x = 1;\nconst y = 2;\n', newText: 'const x = 1;\nconst y = 3;\n' }, { oldText: 'return x;\n', newText: 'return x;\n// end\n' }] },
      { kind: 'delete', path: 'old.txt' },
    ]);
    assert.throws(() => parseApplyPatch('*** Begin Patch\n*** Frobnicate: x\n*** End Patch'), /unexpected patch line/);
    assert.throws(() => parseApplyPatch('diff --git a/x b/x'), /no "\*\*\* Begin Patch"/);
    assert.throws(() => parseApplyPatch('*** Begin Patch\n*** Add File: x\n+y\n'), /no "\*\*\* End Patch"/);
  });
});

describe('agents: hook log', () => {
  it('stays bounded: past the limit the log moves to .1 and starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aip-log-'));
    try {
      const file = join(dir, 'state', 'hook.log');
      const line = 'x'.repeat(1000);
      for (let i = 0; i < (HOOK_LOG_MAX_BYTES / 1000) * 2.5; i++) await appendHookLog(file, 'warn', `${i} ${line}`);
      assert.ok(statSync(file).size <= HOOK_LOG_MAX_BYTES);
      assert.ok(statSync(`${file}.1`).size <= HOOK_LOG_MAX_BYTES);
      await appendHookLog(file, 'error', 'multi\nline\u0007bell');
      assert.match(readFileSync(file, 'utf8'), /error multi \| line\?bell\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
