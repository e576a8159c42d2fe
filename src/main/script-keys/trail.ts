/**
 * A key's own trail is the same bounded ring as the endpoint's audit log: one per key, so a busy
 * key cannot push out another's entries.
 */
export { RingAuditLog as Trail } from '../endpoint/audit-log'
