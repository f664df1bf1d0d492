import type { HttpResult } from '#http/http';
import { npsClass } from '#core/nps';
import { npsPage, npsQuestion, NPS_PAGE_CSP, verifyNpsToken, type NpsPageState } from '#agent/nps';
import type { NpsAnswer } from '#agent/nps-port';
import { npsForm, npsParams, npsQuery } from '#agent/nps-schemas';
import { htmlPage } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';

const STATUS: Record<NpsPageState['state'], number> = { ask: 200, thanks: 200, kept: 200, expired: 410, invalid: 404 };

const html = (locale: string, page: NpsPageState): HttpResult => ({
  statusCode: STATUS[page.state],
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': NPS_PAGE_CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  },
  body: npsPage(locale, page),
});

/** The survey a token names, or the page that says why there is none (forged: 404, expired: 410). */
async function surveyOf(deps: AgentApiDeps, token: string, now: Date) {
  const checked = deps.nps ? verifyNpsToken(deps.nps.key, token, now) : ({ status: 'forged' } as const);
  if (checked.status !== 'valid') return { refusal: html('tr', { state: checked.status === 'expired' ? 'expired' : 'invalid' }) };
  const survey = await deps.nps!.store.getSurvey(checked.ticketId, checked.sentAt);
  return survey ? { survey } : { refusal: html('tr', { state: 'invalid' }) };
}

/** Merges a customer may have gone through since they were surveyed: more would be a loop. */
const MAX_MERGE_HOPS = 5;

/**
 * Whose history an answer goes into: the surveyed customer, or, when they have been merged since
 * (the survey was sent to the source), the customer they were merged into.
 */
async function answeringCustomer(deps: AgentApiDeps, customerId: string): Promise<string> {
  let id = customerId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const into = (await deps.store.getCustomer(id))?.mergedInto;
    if (!into) return id;
    id = into;
  }
  return id;
}

/** An answer as GET /customers/{id} shows it. */
export const npsAnswerView = (a: NpsAnswer) => ({
  score: a.score,
  class: npsClass(a.score),
  comment: a.comment ?? null,
  ticketId: a.ticketId,
  sentAt: a.sentAt,
  answeredAt: a.answeredAt,
});

export const npsRoutes = [
  route({
    method: 'GET',
    path: '/nps/{token}',
    summary:
      "The page an NPS link (signed, expiring) opens: the 0–10 question with the link's score chosen and a comment box (opening it answers nothing: mail scanners open links)",
    access: 'public',
    params: npsParams,
    query: npsQuery,
    responds: {
      status: 200,
      description: 'the question page (404: not a valid link, 410: expired, both as pages)',
      contentType: 'text/html',
      schema: htmlPage,
    },
    handle: async ({ params, query, now }, deps) => {
      const found = await surveyOf(deps, params.token, now);
      if (!found.survey) return found.refusal;
      const { survey } = found;
      if (survey.score !== undefined) return html(survey.locale, { state: 'kept', score: survey.score });
      return html(survey.locale, { state: 'ask', token: params.token, question: npsQuestion(deps.nps!.settings, survey.locale), score: query.score });
    },
  }),
  route({
    method: 'POST',
    path: '/nps/{token}',
    summary: 'Records the answer (the page or the chat widget posts the score, with an optional comment); the first answer stands',
    access: 'public',
    params: npsParams,
    body: npsForm,
    bodyType: 'form',
    responds: { status: 200, description: 'thank-you page, or the page saying the first answer stands', contentType: 'text/html', schema: htmlPage },
    handle: async ({ params, body, now }, deps) => {
      const found = await surveyOf(deps, params.token, now);
      if (!found.survey) return found.refusal;
      const { survey } = found;
      if (survey.score !== undefined) return html(survey.locale, { state: 'kept', score: survey.score });
      const answer = {
        ticketId: survey.ticketId,
        score: body.score,
        ...(body.comment ? { comment: body.comment } : {}),
        sentAt: survey.sentAt,
        answeredAt: now.toISOString(),
      };
      const customerId = await answeringCustomer(deps, survey.customerId);
      if ((await deps.nps!.store.answer({ ...survey, customerId }, answer)) === 'recorded') return html(survey.locale, { state: 'thanks', score: body.score });
      const first = await deps.nps!.store.getSurvey(survey.ticketId, survey.sentAt);
      return html(survey.locale, { state: 'kept', score: first?.score ?? body.score });
    },
  }),
];
