import { AppError } from '../../../shared/errors.ts';
import type { Session } from '../../../shared/sync/protocol.ts';
import type { CentralApi, Credentials } from './central-api.ts';
import type { SecretStore } from './secret-store.ts';

/** Refresh this long before the access token expires, so a request never leaves with a dying token. */
const refreshMargin = 60_000;

/**
 * The tokens of one PC's login: the access token in memory only, the refresh token in the SecretStore
 * (rotated by every refresh). Expiry is measured on this PC's clock from the lifetime the server gave
 * (its expiry minus its Date header), so a PC whose clock is a day off neither refreshes on every request
 * nor sends expired tokens.
 */
export function createTokens(options: {
  api: () => CentralApi;
  secrets: SecretStore;
  secretKey: string;
  now: () => Date;
}) {
  let access: { token: string; validUntil: number } | undefined;
  let renewing: Promise<void> | undefined;

  async function keep(session: Session, serverDate: string | undefined) {
    const expires = Date.parse(session.accessExpiresAt);
    const serverNow = serverDate ? Date.parse(serverDate) : Number.NaN;
    const lifetime = Number.isNaN(serverNow) ? 5 * 60_000 : Math.max(0, expires - serverNow);
    access = { token: session.accessToken, validUntil: options.now().getTime() + lifetime };
    await options.secrets.set(options.secretKey, session.refreshToken);
  }

  async function renew() {
    // Concurrent 401s share one refresh: a rotated refresh token can only be used once.
    renewing ??= (async () => {
      const refreshToken = await options.secrets.get(options.secretKey);
      access = undefined;
      if (!refreshToken)
        throw new AppError('AUTH_REQUIRED', 'Connectez-vous au serveur central pour synchroniser.');
      try {
        const { session, serverDate } = await options.api().refresh(refreshToken);
        await keep(session, serverDate);
      } catch (error) {
        // A refused refresh token is spent for good; a network failure leaves it for the next attempt.
        if (error instanceof AppError && error.code === 'AUTH_REQUIRED')
          await options.secrets.delete(options.secretKey);
        throw error;
      }
    })().finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  const credentials: Credentials = {
    async accessToken() {
      if (!access || access.validUntil - refreshMargin <= options.now().getTime()) await renew();
      return (access as { token: string }).token;
    },
    renew,
  };

  return {
    credentials,
    hasLogin: async () => (await options.secrets.get(options.secretKey)) !== undefined,
    async login(email: string, password: string) {
      const { session, serverDate } = await options.api().login(email, password);
      await keep(session, serverDate);
      return session.user;
    },
    async logout() {
      const refreshToken = await options.secrets.get(options.secretKey);
      access = undefined;
      await options.secrets.delete(options.secretKey);
      // Revoking on the server is a courtesy: offline, the token is forgotten here all the same.
      if (refreshToken)
        await options
          .api()
          .logout(refreshToken)
          .catch(() => undefined);
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
