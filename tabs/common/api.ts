/** A failed call to the service, with the problems it listed (for example every validation error). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, contentType?: string): Promise<T>;
}

/** JSON calls to this service with the signed-in person's bearer token. */
export function createApi(token: () => Promise<string>): Api {
  async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await token()}`, accept: 'application/json' };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
    }
    const res = await fetch(path, { method, headers, body: payload ?? null });
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const err = (data ?? {}) as { error?: string; details?: unknown[] };
      throw new ApiError(res.status, err.error ?? `The service answered ${res.status}`, Array.isArray(err.details) ? err.details : []);
    }
    return data as T;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body, contentType) => call('POST', path, body, contentType),
  };
}
