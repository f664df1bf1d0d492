import { ConflictError, NotFoundError } from '#core/errors';
import { json } from '#http/http';
import { typingResultSchema } from '#agent/responses';
import { route } from '#agent/router';
import { ticketIdParam, typingBody } from '#agent/schemas';

/** What the agent console shows the visitor while an agent writes; nothing of it is stored. */
export const presenceRoutes = [
  route({
    method: 'POST',
    path: '/tickets/{id}/typing',
    summary: "Show (or stop showing) a chat visitor that an agent is writing; pushed to the visitor's open widgets, not stored",
    access: 'agent',
    params: ticketIdParam,
    body: typingBody,
    responds: { status: 202, description: 'how many of the visitor’s live connections were told', schema: typingResultSchema },
    handle: async ({ params, body }, deps) => {
      const ticket = await deps.store.getTicket(params.id);
      if (!ticket) throw new NotFoundError(`ticket ${params.id} does not exist`);
      if (ticket.channel !== 'chat') throw new ConflictError(`ticket ${ticket.id} is a ${ticket.channel} ticket; typing is shown in live chat only`);
      const pushed = await deps.chat.typing(ticket.conversationKey, body.typing);
      return json(202, { pushed });
    },
  }),
];
