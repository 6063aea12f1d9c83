import { z } from 'zod';
import type { AlertEventType, AlertSeverity } from '../domain/alert';
import { channelKinds } from '../domain/delivery';

/** Exported for the dashboard's webhook form, which offers exactly these. */
export const eventTypes = ['alert.opened', 'alert.escalated', 'alert.resolved'] as const satisfies readonly AlertEventType[];
export const severities = ['watch', 'warning', 'critical'] as const satisfies readonly AlertSeverity[];

/**
 * What a user chooses per webhook, beside its URL (spread into the webhook create and update bodies):
 * the channel format, which topics, which event types, and the lowest severity worth a message.
 * `null` clears a filter. `test` events are not filtered: they are only ever sent on request.
 */
export const webhookSettingsFields = {
  kind: z.enum(channelKinds, { message: `must be one of ${channelKinds.join(', ')}` }).optional(),
  topicIds: z
    .array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), { message: 'must be a list of topic ids' })
    .min(1, 'must list at least one topic, or be null for every topic')
    .max(100, 'must list at most 100 topics')
    // A repeated id or type is the same filter: stored once.
    .transform((ids) => [...new Set(ids)])
    .nullable()
    .optional(),
  eventTypes: z
    .array(z.enum(eventTypes, { message: `must be one of ${eventTypes.join(', ')}` }))
    .min(1, 'must list at least one event type, or be null for every type')
    .transform((types) => [...new Set(types)])
    .nullable()
    .optional(),
  minSeverity: z.enum(severities, { message: `must be one of ${severities.join(', ')}` }).optional(),
};
