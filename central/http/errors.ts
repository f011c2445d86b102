import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';

/** An answer other than 2xx: always `{ code, message }` in French (plus a few documented extras). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalidInput = (error: ZodError) =>
  new HttpError(400, 'INVALID_INPUT', `Requête invalide : ${describe(error)}`);

function describe(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')} : ${issue.message}` : issue.message))
    .join(' ; ');
}

/** Every failure leaves as `{ code, message }`; unexpected ones as INTERNAL, without internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      if (typeof error.extra.retryAfterSeconds === 'number')
        reply.header('retry-after', String(error.extra.retryAfterSeconds));
      return reply.status(error.status).send({ code: error.code, message: error.message, ...error.extra });
    }
    if (error instanceof ZodError) return reply.status(400).send(bodyOf(invalidInput(error)));
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413)
      return reply
        .status(413)
        .send({ code: 'TOO_LARGE', message: 'Requête trop volumineuse pour le serveur.' });
    if (status && status >= 400 && status < 500)
      return reply.status(status).send({ code: 'INVALID_INPUT', message: 'Requête invalide ou illisible.' });
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: 'Erreur interne du serveur central : réessayez plus tard.' });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: 'Adresse inconnue sur le serveur central.' }),
  );
}

function bodyOf(error: HttpError) {
  return { code: error.code, message: error.message, ...error.extra };
}

/** Parses with zod, turning a failure into 400 INVALID_INPUT. */
export function parse<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}
