import { describe, expectTypeOf, it } from 'vitest';
import type { ServerFrame } from '#channels/chat/frames';
import type { ChatHistoryItem } from '#channels/chat/ports';
import type { ChatMessage, ServerFrame as WidgetServerFrame } from '#widget/protocol';

/**
 * The widget keeps its own copy of the chat's wire types (it is bundled without the server's code).
 * These assertions are checked by `tsc` in `npm test`: a field the server adds or renames that the
 * widget's copy does not accept fails the type check.
 */
describe('the widget speaks the server’s chat frames', () => {
  it('every frame the server pushes is one the widget reads', () => {
    expectTypeOf<ServerFrame>().toExtend<WidgetServerFrame>();
  });

  it('every history item the server returns is a message the widget shows, buttons included', () => {
    expectTypeOf<ChatHistoryItem>().toExtend<ChatMessage>();
    expectTypeOf<ChatHistoryItem['actions']>().toExtend<ChatMessage['actions']>();
    expectTypeOf<ChatHistoryItem['files']>().toExtend<ChatMessage['files']>();
  });
});
