/** The channels a message can come in on and go out on (dashboards and metrics list them too). */
export const channels = ['email', 'chat', 'whatsapp', 'messenger', 'instagram', 'telegram'] as const;
export type Channel = (typeof channels)[number];
