/**
 * A process that becomes the writer of a directory store and stays so until killed: lets tests see a
 * second live writer refused, and a lock left behind by SIGKILL taken over.
 * Usage: node --import tsx lock-holder.ts <directory>
 */
import { openFileEventStore } from '../store/file/file-event-store.js';

const directory = process.argv[2];
if (directory === undefined) throw new Error('usage: lock-holder.ts <directory>');
const store = await openFileEventStore(directory, { retention: { maxAgeMs: 3_600_000, maxBytes: 1 << 30 } });
await store.applyRetention();
process.stdout.write('LOCKED\n');
setInterval(() => undefined, 60_000);
