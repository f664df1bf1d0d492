import type { Channel } from '#core/messages';
import type { Interaction } from '#core/model';

/** One NPS survey: sent for a ticket's resolution, answered at most once (the first answer stands). */
export interface NpsSurvey {
  readonly ticketId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly locale: string;
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly score?: number;
  readonly comment?: string;
  readonly answeredAt?: string;
}

/** An answer as the customer's history keeps it. */
export interface NpsAnswer {
  readonly ticketId: string;
  readonly score: number;
  readonly comment?: string;
  readonly sentAt: string;
  readonly answeredAt: string;
}

/** Where surveys and answers live (the DynamoDB adapter: adapters/nps-store.ts). */
export interface NpsStore {
  /**
   * Claims the customer's survey (a conditional write on the customer: free when never asked, last
   * asked at or before `askableBefore`, or held by this same survey) and records the survey and its
   * outbound interaction, all or nothing. 'not_due': another survey holds the customer; 'repeated':
   * this survey was recorded before (a replay), nothing written.
   */
  startSurvey(survey: NpsSurvey, interaction: Interaction, askableBefore: string): Promise<'started' | 'not_due' | 'repeated'>;
  getSurvey(ticketId: string, sentAt: string): Promise<NpsSurvey | undefined>;
  /**
   * Records the first answer on the survey and in the history of `survey.customerId` (the route passes
   * the customer the surveyed one was merged into, if any); a later one changes nothing.
   */
  answer(survey: NpsSurvey, answer: NpsAnswer): Promise<'recorded' | 'already_answered'>;
  /** A customer's answers, newest first. */
  customerAnswers(customerId: string, limit: number): Promise<NpsAnswer[]>;
  /**
   * Merge: the source customer's answers move to the target's history, and the target's survey claim
   * takes the later of the two last surveys (the interval holds for the merged customer). Safe to
   * repeat and to resume: an answer is written to the target before it leaves the source. How many moved.
   */
  moveAnswers(from: string, into: string): Promise<number>;
  /** Erasure: drops the comments of a customer's answers (the scores stay, anonymous figures); how many had one. */
  eraseComments(customerId: string): Promise<number>;
  /** The surveys sent in a range (ISO times, both included), answered or not. */
  surveysSentBetween(from: string, to: string): AsyncIterable<Pick<NpsSurvey, 'sentAt' | 'score'>>;
}
