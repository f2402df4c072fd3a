import type { AdminApi } from './admin-api.js';

export interface ViewContext {
  readonly api: AdminApi;
  /** The `?a=b` part of the hash. */
  readonly query: URLSearchParams;
  go(hash: string): void;
  /** Draws the current view again (after a change). */
  refresh(): void;
}
