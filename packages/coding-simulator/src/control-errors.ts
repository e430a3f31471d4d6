/**
 * Mistakes in how a test or the demo drives the simulator (not API errors: those are envelopes).
 * The HTTP control surface maps them to 404 and 400.
 */
export class SimulatorNotFoundError extends Error {
  override readonly name = 'SimulatorNotFoundError';
}

export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
}
