import { z } from 'zod';
import type { HttpAnswer, HttpMessage, TokenAuth } from '../../output.js';
import { tokenUrl, type SentinelConfig } from './sentinel.config.js';

/** Microsoft identity platform v2 token answer (client credentials). */
const TokenSchema = z.object({
  access_token: z.string().min(1),
  // Seconds; v2 sends a number, v1 a numeric string.
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
});

const TokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

/** OAuth2 client-credentials grant against Microsoft Entra ID; the engine caches the token. */
export const sentinelAuth: TokenAuth<SentinelConfig> = {
  tokenRequest(config: SentinelConfig): HttpMessage {
    return {
      method: 'POST',
      url: tokenUrl(config),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: config.scope,
      }).toString(),
    };
  },
  readToken(answer: HttpAnswer) {
    const json = parseJson(answer.body);
    if (answer.status === 200) {
      const token = TokenSchema.safeParse(json);
      if (token.success) {
        return {
          ok: true,
          token: token.data.access_token,
          expiresInMs: token.data.expires_in * 1000,
        };
      }
      return { ok: false, retryable: true, error: 'Entra ID 200 without access_token/expires_in' };
    }
    const parsed = TokenErrorSchema.safeParse(json);
    // `AADSTS7000215: Invalid client secret provided. …` — its first line; never the secret.
    const detail = parsed.success
      ? `${parsed.data.error}${parsed.data.error_description ? `: ${parsed.data.error_description.split(/\r?\n/)[0]}` : ''}`
      : answer.body.slice(0, 200);
    const retryable =
      answer.status === 408 ||
      answer.status === 429 ||
      answer.status >= 500 ||
      (parsed.success && parsed.data.error === 'temporarily_unavailable');
    return {
      ok: false,
      retryable,
      error: `Entra ID token ${answer.status}${detail ? ` ${detail}` : ''}`.slice(0, 500),
    };
  },
};

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
