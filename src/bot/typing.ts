/** When to show "typing..." while a reply is prepared. */
export interface TypingOptions {
  /**
   * How long a reply may take before "typing..." is sent. Most replies are
   * ready in a few milliseconds, and each typing indicator is one more call to
   * Teams, so quick replies send none. 0 sends one before every reply.
   */
  readonly delayMs: number;
  /** Sent again this often while the reply is still not ready (Teams shows one for a few seconds). */
  readonly periodMs: number;
}

export const DEFAULT_TYPING: TypingOptions = { delayMs: 500, periodMs: 2500 };

/**
 * Runs `work`; if it is not done within `delayMs`, sends a typing indicator,
 * and again every `periodMs` until it is. Resolves only once any typing
 * indicator in flight has been sent, so the reply never arrives before it.
 * A failed typing indicator is reported to `onError` and does not fail the reply.
 */
export async function whileTyping<T>(work: () => Promise<T>, sendTyping: () => Promise<unknown>, options: TypingOptions, onError: (err: unknown) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let done = false;
  const send = () => {
    if (done) return;
    inFlight = sendTyping().catch(onError);
    timer = setTimeout(send, options.periodMs);
  };
  if (options.delayMs === 0) send();
  else timer = setTimeout(send, options.delayMs);
  try {
    return await work();
  } finally {
    done = true;
    clearTimeout(timer);
    await inFlight;
  }
}
