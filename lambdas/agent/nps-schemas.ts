import * as z from 'zod';
import { NPS_MAX, NPS_MIN } from '#core/nps';

const score = z.coerce.number().int().min(NPS_MIN).max(NPS_MAX);

export const npsParams = z.object({ token: z.string().regex(/^[\w.-]{10,200}$/, 'a survey link token') });
export const npsQuery = z.object({ score: score.optional().describe('the score the link preselects') }).strict();
export const npsForm = z.object({ score, comment: z.string().trim().max(2000).optional() }).strict();
