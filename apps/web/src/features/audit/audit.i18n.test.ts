import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '@cityloop/domain/audit';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The message at a dotted path (`command.confirm` is actions.command.confirm). */
function at(tree: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);
}

describe('the audit log names every action and entity the server may write', () => {
  for (const [lang, messages] of [
    ['zh-CN', zh],
    ['en', en],
  ] as const) {
    it(`in ${lang}`, () => {
      for (const action of AUDIT_ACTIONS)
        expect(at(messages.audit.actions, action), action).toBeTypeOf('string');
      for (const entity of AUDIT_ENTITIES)
        expect(at(messages.audit.entities, entity), entity).toBeTypeOf('string');
    });
  }
});
