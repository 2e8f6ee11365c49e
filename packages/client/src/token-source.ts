/** A JWT, or a function returning a current one (called before each connect and each refresh). */
export type TokenSource = string | (() => string | Promise<string>);
