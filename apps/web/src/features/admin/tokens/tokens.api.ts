import {
  CreatedTokenSchema,
  TokenInfoSchema,
  type CreatedToken,
  type CreateToken,
  type TokenInfo,
} from '@aerie/contracts';
import { getJson, itemsSchema, request } from '../../../shared/api';

const TokenListSchema = itemsSchema(TokenInfoSchema);

export async function listTokens(signal?: AbortSignal): Promise<TokenInfo[]> {
  return (await getJson('/api/v1/tokens', TokenListSchema, signal)).items;
}

/** The answer holds the secret: the only time anyone sees it. */
export function createToken(input: CreateToken): Promise<CreatedToken> {
  return request('POST', '/api/v1/tokens', { body: input, schema: CreatedTokenSchema });
}

/** Revoked tokens stay listed, with `revoked_at`. */
export function revokeToken(id: string): Promise<void> {
  return request('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
}
