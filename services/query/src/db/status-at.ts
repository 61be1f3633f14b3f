/*
 * A vehicle's status and since when at the instant $1, from the interval covering $1 (columns interval_status,
 * started_at, ended_at; all null without one) and, for an open online interval, its deadline (column `deadline`,
 * else null): an open online interval whose deadline has passed at $1 counts as offline from that deadline (the
 * projector closes it within about a second; this keeps recent instants exact meanwhile). No interval: never seen.
 */

export const STATUS_AT = `CASE WHEN interval_status IS NULL THEN 'never-seen'
                WHEN deadline <= $1 OR ended_at <= $1 THEN 'offline'
                ELSE interval_status END`;

export const STATUS_SINCE_AT = `CASE WHEN interval_status IS NULL OR interval_status = 'never-seen' THEN NULL
                WHEN deadline <= $1 THEN deadline
                WHEN ended_at <= $1 THEN ended_at
                ELSE started_at END`;
