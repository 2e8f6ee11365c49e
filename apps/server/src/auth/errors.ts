/** Why a request was refused by authentication or authorisation (HTTP 401/403, WS 4001/4003). */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly code: "unauthorized" | "forbidden" | "token_expired",
    message: string,
  ) {
    super(message);
  }
  get status(): 401 | 403 {
    return this.code === "forbidden" ? 403 : 401;
  }
}
