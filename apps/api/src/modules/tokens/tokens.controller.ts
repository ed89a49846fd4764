import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  CreateTokenSchema,
  UpdateTokenSchema,
  issuesFromZod,
  type CreatedToken,
  type TokenInfo,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { TokenAuth } from './token-auth.js';
import { TokensRepository } from './tokens.repository.js';

/** Token administration; every call needs a token with the `admin` scope. */
@Controller('/api/v1/tokens')
export class TokensController {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly auth: TokenAuth,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<CreatedToken> {
    await this.auth.require(req, 'admin');
    const input = CreateTokenSchema.safeParse(parseJson(body));
    if (!input.success) throw ApiError.invalid('invalid_token', issuesFromZod(input.error));
    return this.tokens.create(input.data);
  }

  @Get()
  async list(@Req() req: FastifyRequest): Promise<{ items: TokenInfo[] }> {
    await this.auth.require(req, 'admin');
    return { items: await this.tokens.list() };
  }

  @Get('/:id')
  async get(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    await this.auth.require(req, 'admin');
    return found(await this.tokens.get(id), id);
  }

  @Patch('/:id')
  async update(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<TokenInfo> {
    await this.auth.require(req, 'admin');
    const patch = UpdateTokenSchema.safeParse(parseJson(body));
    if (!patch.success) throw ApiError.invalid('invalid_token', issuesFromZod(patch.error));
    const updated = found(await this.tokens.update(id, patch.data), id);
    this.auth.forget();
    return updated;
  }

  /** Revokes: the token stops working at once; it stays listed with `revoked_at`. */
  @Delete('/:id')
  async revoke(@Req() req: FastifyRequest, @Param('id') id: string): Promise<TokenInfo> {
    await this.auth.require(req, 'admin');
    const revoked = found(await this.tokens.revoke(id), id);
    this.auth.forget();
    return revoked;
  }
}

/** Bodies arrive raw (see app.factory.ts). */
function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw ApiError.invalid('invalid_token', [
      { field: '(body)', message: 'must be a JSON object' },
    ]);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw ApiError.invalid('invalid_token', [
      { field: '(body)', message: `is not valid JSON: ${(err as Error).message}` },
    ]);
  }
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined)
    throw new ApiError(404, 'not_found', `no token with id ${JSON.stringify(id)}`);
  return value;
}
