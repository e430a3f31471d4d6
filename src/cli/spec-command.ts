import { connectionSpecification, DOCUMENTATION_URL } from '../config/spec.js';
import type { ProtocolWriter } from '../protocol/writer.js';

export async function specCommand(writer: ProtocolWriter): Promise<number> {
  await writer.write({ type: 'SPEC', spec: { documentationUrl: DOCUMENTATION_URL, connectionSpecification: connectionSpecification() } });
  return 0;
}
