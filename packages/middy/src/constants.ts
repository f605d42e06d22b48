/** Metadata keys of every record (EMF fields that are neither metrics nor dimensions). */

/** The field name Powertools Logger uses for the request id, so log lines and records join on it. */
export const REQUEST_ID_KEY = 'function_request_id'

/** Milliseconds between the two samples the record's figures come from. */
export const WINDOW_KEY = 'utilization_window_ms'

/** The most invocations of this middleware instance in flight at once during the window (1 when alone). */
export const IN_FLIGHT_KEY = 'utilization_in_flight'

/**
 * Every metadata key a record may carry: validation refuses dimensions of these names, since a dimension
 * and a metadata field of one name would overwrite each other in the record. A new key goes here.
 */
export const METADATA_KEYS: readonly string[] = [REQUEST_ID_KEY, WINDOW_KEY, IN_FLIGHT_KEY]
