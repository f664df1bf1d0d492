import * as z from 'zod';

/**
 * The bot definition: data, not code. One JSON file per intent under intents/, read by CDK (to build
 * the Lex V2 bot), by `npm run train` (to train the built-in recognizer) and by the pipeline (answers,
 * thresholds). Locales are ISO 639-1 codes ("en", "tr").
 */
export const slotSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
    /** Which entity extractor fills it (see lambdas/brain/entities.ts). */
    entity: z.enum(['orderNumber', 'trackingNumber', 'email', 'phone', 'amount']),
    required: z.boolean(),
    /** The question a bot asks when the slot is missing, per locale. */
    prompts: z.record(z.string(), z.string().min(1)),
  })
  .strict();

export const intentSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z_]*$/),
    description: z.string().min(1),
    /** May the bot send an answer by itself, when confident enough? */
    answerable: z.boolean(),
    /** Lowest calibrated confidence at which the bot answers this intent. */
    threshold: z.number().min(0).max(1),
    /** What a customer picks this intent by, per locale, when the bot asks which of two they mean ("Siparişimi iptal et"). */
    label: z.record(z.string(), z.string().min(1).max(40)).default({}),
    /** Always goes to a human, whatever the bot could say (complaints, "talk to a person"). */
    alwaysHuman: z.boolean().default(false),
    slots: z.array(slotSchema).default([]),
    /**
     * Where this intent ends: per neighbouring intent, what belongs there instead ("asking what a
     * cancellation costs, without asking to cancel"). For the people who write utterances and review
     * confusions; not shipped with the model.
     */
    boundaries: z.record(z.string(), z.string().min(1)).default({}),
    /** Sample utterances per locale, as customers write them. */
    utterances: z.record(z.string(), z.array(z.string().min(1)).min(1)),
    /**
     * Answer templates per locale. {{placeholders}}: shop.name, shop.helpUrl, shop.returnDays,
     * ticket.reference, and for order answers order.number, order.status, order.carrier,
     * order.trackingNumber, order.trackingUrl, order.estimatedDelivery. A sentence with a placeholder
     * that has no value is left out; one marked {{!order.number}} is kept only while the number is
     * unknown (ask for it only then).
     */
    answers: z.record(z.string(), z.string().min(1)),
  })
  .strict();

export type SlotDefinition = z.infer<typeof slotSchema>;
export type IntentDefinition = z.infer<typeof intentSchema>;
