/**
 * The page's calls to its desk: JSON over fetch, with the session's token in a header (never a cookie,
 * never storage: it lives in the address's fragment and in this module's memory).
 */

const TOKEN_HEADER = "x-confide-desk-token";

/** The token from the address the desk opened (`#token=…`), or null. */
export function tokenFromAddress(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get("token");
}

/** A call's outcome: the JSON body, or that the desk could not be reached or refused. */
export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number };

/**
 * Calls the desk.
 *
 * @param token - the session's token
 * @param path - the route after /api/
 * @param body - a JSON body (POST), or undefined (GET)
 */
export async function call<T>(token: string, path: string, body?: unknown): Promise<Answer<T>> {
  try {
    const response = await fetch(`/api/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        [TOKEN_HEADER]: token,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: "no-store",
      credentials: "omit",
    });
    if (response.status >= 500 || response.status === 403 || response.status === 413) {
      return { ok: false, status: response.status };
    }
    return { ok: true, status: response.status, body: (await response.json()) as T };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** A file's bytes as base64 (for the private key file, which may be binary). */
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
