import { describe, expect, it } from 'vitest';
import { SavedConversations } from '../../src/store/saved-conversations.js';

describe('SavedConversations', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 26) + ms);

  it('is bounded: past the limit the conversation saved longest ago is forgotten', () => {
    const saved = new SavedConversations(2, 60_000);
    saved.remember('teams:1', '{"a":1}', 'en-US', at(0));
    saved.remember('teams:2', '{"a":2}', 'en-US', at(0));
    saved.remember('teams:1', '{"a":1}', 'en-US', at(1)); // saved again: now the newest
    saved.remember('teams:3', '{"a":3}', 'en-US', at(2));
    expect(saved.unchanged('teams:1', '{"a":1}', 'en-US', at(3))).toBe(true);
    expect(saved.unchanged('teams:2', '{"a":2}', 'en-US', at(3))).toBe(false);
    expect(saved.unchanged('teams:3', '{"a":3}', 'en-US', at(3))).toBe(true);
  });

  it('a different reference or locale is a change, a missing locale is not; an entry lasts the refresh time', () => {
    const saved = new SavedConversations(10, 60_000);
    saved.remember('teams:1', '{"a":1}', 'en-US', at(0));
    saved.remember('teams:1', '{"a":1}', undefined, at(1)); // the stored locale stays
    expect(saved.unchanged('teams:1', '{"a":1}', 'en-US', at(2))).toBe(true);
    expect(saved.unchanged('teams:1', '{"a":1}', undefined, at(2))).toBe(true);
    expect(saved.unchanged('teams:1', '{"a":1}', 'zh-CN', at(2))).toBe(false);
    expect(saved.unchanged('teams:1', '{"a":2}', 'en-US', at(2))).toBe(false);
    expect(saved.unchanged('teams:1', '{"a":1}', 'en-US', at(60_000))).toBe(true);
    expect(saved.unchanged('teams:1', '{"a":1}', 'en-US', at(60_001))).toBe(false);
  });
});
