/** A payload or channel name that does not match its schema: a bug in the publishing code. */
export class BusValidationError extends Error {
  override readonly name = 'BusValidationError';

  constructor(
    readonly channel: string,
    readonly issues: string,
  ) {
    super(`invalid message for bus channel "${channel}": ${issues}`);
  }
}

/** The bus could not hand the message to its transport (Redis down): it is lost, by design. */
export class BusUnavailableError extends Error {
  override readonly name = 'BusUnavailableError';

  constructor(
    readonly channel: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`bus unavailable: message on "${channel}" not published`, options);
  }
}

/** The bus was closed; nothing more is published or delivered. */
export class BusClosedError extends Error {
  override readonly name = 'BusClosedError';

  constructor() {
    super('bus is closed');
  }
}
