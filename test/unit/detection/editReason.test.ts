import { strict as assert } from 'node:assert';
import { classifyDetailedReason } from '../../../src/core/detection/editReason';

const c = (source: string, metadata: Record<string, unknown> = {}) => classifyDetailedReason({ source, metadata: { source, ...metadata } }, 'inline-completion');

describe('detailed edit reasons', () => {
  it('inline completion accepts are suggestive AI, named by the providing extension', () => {
    assert.deepEqual(c('inlineCompletionAccept', { $extensionId: 'GitHub.copilot' }), { kind: 'ai', tool: 'copilot', mode: 'suggestive', source: 'inline-accept' });
    assert.deepEqual(c('inlineCompletionPartialAccept', {}), { kind: 'ai', tool: 'inline-completion', mode: 'suggestive', source: 'inline-partial-accept' });
    assert.equal((c('inlineCompletionAccept', { $nes: true }) as { source: string }).source, 'next-edit-accept');
  });

  it('chat edits are agentic AI with model and session', () => {
    assert.deepEqual(c('Chat.applyEdits', { $extensionId: 'github.copilot-chat', $modelId: 'copilot|gpt-5', $$sessionId: 's-1', $$mode: 'agent' }), {
      kind: 'ai',
      tool: 'copilot',
      mode: 'agentic',
      model: 'copilot/gpt-5',
      sessionId: 's-1',
      source: 'chat-edit',
    });
    assert.equal((c('inlineChat.applyEdits', {}) as { mode: string }).mode, 'suggestive');
  });

  it('typing, paste, snippets, suggestions, refactors and formatting are human', () => {
    for (const s of ['cursor', 'snippet', 'suggest', 'codeAction', 'rename', 'formatEdit']) assert.equal(c(s, { kind: 'paste' }).kind, 'human', s);
    assert.deepEqual(c('cursor', { kind: 'paste' }), { kind: 'human', source: 'cursor:paste' });
  });

  it('reload, chat undo, and anything unknown or malformed', () => {
    assert.equal(c('reloadFromDisk').kind, 'reload');
    assert.equal(c('Chat.undoEdits').kind, 'undo');
    assert.equal(c('somethingNew').kind, 'unknown');
    assert.equal(classifyDetailedReason(undefined, 'x').kind, 'unknown');
    assert.equal(classifyDetailedReason('str', 'x').kind, 'unknown');
    assert.equal(classifyDetailedReason({ source: 42 }, 'x').kind, 'unknown');
  });

  it('hostile metadata is normalised, never trusted raw', () => {
    const s = c('Chat.applyEdits', { $extensionId: 'evil.Tool\nAI-Origin: x', $modelId: 'm\u0000\n x' });
    assert.equal(s.kind, 'ai');
    if (s.kind === 'ai') {
      assert.match(s.tool, /^[a-z0-9.+-]+$/);
      assert.equal(s.model, 'mx');
    }
  });
});
