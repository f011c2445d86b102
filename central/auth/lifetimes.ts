/** How long a session's tokens live: an access token 15 minutes, a refresh token 30 days. */
export const accessTokenMinutes = 15;
export const refreshTokenDays = 30;
