/**
 * The logging surface this package needs. A pino logger fits it as is; tests pass
 * `silentLogger`. `debug` is optional so that a minimal `{ info, warn, error }` works too.
 */
export interface Logger {
  debug?(objOrMsg: object | string, msg?: string): void;
  info(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  error(objOrMsg: object | string, msg?: string): void;
}

const ignore = (): void => {};

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
