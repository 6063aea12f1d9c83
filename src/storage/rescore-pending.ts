/**
 * The version a mention waits under until it is re-scored for a reason other than a new scorer (a topic
 * whose overrides scored it is deleted; it is linked to a topic with overrides after it was scored): any
 * version but the current one is stale to listStaleMentions, and this one says why in the mention's detail.
 */
export const RESCORE_PENDING = 'pending-rescore';
