/**
 * Thrown by `create` once the service has accepted (or is already running) the rollback and something then
 * fails. Carrying `id` makes the Pulumi engine record the resource, with these properties, as a partially
 * created resource instead of forgetting it, so that a later `pulumi up` does not start a second rollback.
 * Reference: pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts `grpcResponseFromError`.
 * @public
 */
export class RollbackInitError extends Error {
  override name = "RollbackInitError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * The rollback request failed and the add-on shows that nothing changed (or its state could not be read).
 * Nothing is recorded: running `pulumi up` again is safe, since it reads the add-on before sending anything.
 * @public
 */
export class RollbackRequestError extends Error {
  override name = "RollbackRequestError";
}
