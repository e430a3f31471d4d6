import type { IncomingMessage } from 'node:http';

export type BodyRead = { kind: 'complete'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * The raw bytes of a request body (the signature is over them, not over a re-encoding), refusing
 * to buffer more than `maxBytes`: past it, reading stops and the caller answers 413. A request cut
 * off before its end (the client left, or a timeout destroyed the connection) is 'aborted'.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAbort);
      request.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        chunks.length = 0;
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'complete', body: Buffer.concat(chunks, size) });
    const onAbort = (): void => finish({ kind: 'aborted' });
    // 'close' after 'end' is the normal order; 'close' alone means the body never came whole.
    const onClose = (): void => {
      if (!request.complete) onAbort();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAbort);
    request.on('close', onClose);
  });
}
