/** Metadata keys of every record (EMF fields that are neither metrics nor dimensions). */

/** The field name Powertools Logger uses for the request id, so log lines and records join on it. */
export const REQUEST_ID_KEY = 'function_request_id'

/** Milliseconds between the two samples the record's figures come from. */
export const WINDOW_KEY = 'utilization_window_ms'
