import { createHash } from 'node:crypto';

/**
 * Deduplication and append in one atomic step, so that two receivers given the same delivery at the
 * same moment store it once. Also numbers every event (counter), which is what lets `covers` tell
 * exactly whether retention dropped anything after a reader's offset: stream ids have gaps, numbers
 * do not. Trims by age on the way (MINID ~, cheap: whole radix-tree nodes), on Redis's own clock.
 *
 * KEYS: stream, dedup key, counter, head.  ARGV: deliveryId, event, projectName, receivedAt, body, maxAgeMs.
 * Returns {offset, 1 if duplicate else 0}.
 */
export const APPEND_SCRIPT = `
local existing = redis.call('GET', KEYS[2])
if existing then return {existing, 1} end
local n = redis.call('INCR', KEYS[3])
local now = redis.call('TIME')
local minId = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[6])
if minId < 0 then minId = 0 end
local id = redis.call('XADD', KEYS[1], 'MINID', '~', string.format('%d', minId), '*',
  'n', string.format('%d', n), 'd', ARGV[1], 'e', ARGV[2], 'p', ARGV[3], 't', ARGV[4], 'b', ARGV[5])
local offset = string.format('%d', n) .. ':' .. id
redis.call('SET', KEYS[2], offset, 'PX', ARGV[6])
redis.call('SET', KEYS[4], offset)
return {offset, 0}
`;

export const APPEND_SCRIPT_SHA1 = createHash('sha1').update(APPEND_SCRIPT).digest('hex');
