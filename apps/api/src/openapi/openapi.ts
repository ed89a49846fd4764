import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AlertGroupSchema,
  BatchIngestResultSchema,
  ErrorBodySchema,
  FalcoEventInputSchema,
  IngestAckSchema,
  StatsSchema,
  CreateTokenSchema,
  CreatedTokenSchema,
  TokenInfoSchema,
  UpdateTokenSchema,
  StoredEventDetailSchema,
  StoredEventSchema,
  pageSchema,
  AuthProvidersSchema,
  CreateTeamSchema,
  CreateUserSchema,
  LoginSchema,
  MeSchema,
  TeamInfoSchema,
  UpdateTeamSchema,
  UpdateUserSchema,
  UserInfoSchema,
  OutputTypeInfoSchema,
  BulkUpdateGroupsSchema,
  BulkUpdateResultSchema,
  AssigneesSchema,
  CreateCommentSchema,
  GroupActivitySchema,
  GroupActivityPageSchema,
  UpdateGroupSchema,
} from '@aerie/contracts';
import { SIEM_SCHEMAS, siemPaths } from '../modules/siem/siem.openapi.js';

type Schema = Record<string, unknown>;

/** The committed copy of the document (docs/openapi.json), from src/ or dist/ alike. */
export const OPENAPI_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'docs',
  'openapi.json',
);

const schemas = {
  FalcoEvent: FalcoEventInputSchema,
  IngestAck: IngestAckSchema,
  BatchIngestResult: BatchIngestResultSchema,
  Error: ErrorBodySchema,
  Event: StoredEventSchema,
  EventDetail: StoredEventDetailSchema,
  EventPage: pageSchema(StoredEventSchema),
  AlertGroup: AlertGroupSchema,
  GroupPage: pageSchema(AlertGroupSchema),
  Stats: StatsSchema,
  CreateToken: CreateTokenSchema,
  UpdateToken: UpdateTokenSchema,
  Token: TokenInfoSchema,
  CreatedToken: CreatedTokenSchema,
  TokenList: z.object({ items: z.array(TokenInfoSchema) }),
  Login: LoginSchema,
  Me: MeSchema,
  AuthProviders: AuthProvidersSchema,
  CreateUser: CreateUserSchema,
  UpdateUser: UpdateUserSchema,
  User: UserInfoSchema,
  UserList: z.object({ items: z.array(UserInfoSchema) }),
  CreateTeam: CreateTeamSchema,
  UpdateTeam: UpdateTeamSchema,
  Team: TeamInfoSchema,
  TeamList: z.object({ items: z.array(TeamInfoSchema) }),
  OutputTypeList: z.object({ items: z.array(OutputTypeInfoSchema) }),
  UpdateGroup: UpdateGroupSchema,
  CreateComment: CreateCommentSchema,
  BulkUpdateGroups: BulkUpdateGroupsSchema,
  BulkUpdateResult: BulkUpdateResultSchema,
  Assignees: AssigneesSchema,
  GroupActivity: GroupActivitySchema,
  GroupActivityPage: GroupActivityPageSchema,
  ...SIEM_SCHEMAS,
};

const ref = (name: keyof typeof schemas) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof schemas, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const error = (description: string) => json('Error', description);
const query = (name: string, description: string, schema: Schema = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const FILTERS = [
  query('priority', 'Priorities (comma-separated or repeated), e.g. `critical,error`.'),
  query('min_priority', 'Minimum priority: `warning` means Warning and more severe.'),
  query('rule', 'Rule names (repeat the parameter for several; names may contain commas).'),
  query('source', 'Sources, e.g. `syscall,k8s_audit`.'),
  query('hostname', 'Hostnames.'),
  query('cluster', 'Clusters.'),
  query('namespace', 'Kubernetes namespaces.'),
  query('boundary', '`control-plane`, `host`, `network`, `unknown`.'),
  query('tags', 'Tags; see tags_match.'),
  query('tags_match', '`all` (default) or `any` of the tags.', {
    type: 'string',
    enum: ['all', 'any'],
  }),
  query('since', 'From this time: RFC 3339 or a duration ago (`30s`, `15m`, `2h`, `7d`, `1w`).'),
  query('until', 'Before this time: RFC 3339 or a duration ago.'),
  query(
    'q',
    'Full-text search over rule and output (web-search syntax: words, "phrases", -not, or).',
  ),
  {
    name: 'field[<name>]',
    in: 'query',
    required: false,
    description:
      'Output-field equality, e.g. `field[proc.name]=bash`, `field[proc.aname[2]]=sh`; numbers match numbers too.',
    schema: { type: 'string' },
  },
];
const PAGING = [
  query(
    'sort',
    '`time` (default): by event time, then seq. `seq`: by commit order — follow its cursor to never miss an event, even one that arrives late with an old time (events only).',
    { type: 'string', enum: ['time', 'seq'] },
  ),
  query('order', '`desc` (newest first, default) or `asc`.', {
    type: 'string',
    enum: ['desc', 'asc'],
  }),
  query('limit', 'Page size, 1–1000 (default 100).', {
    type: 'integer',
    minimum: 1,
    maximum: 1000,
  }),
  query('cursor', 'The `next_cursor` of the previous page (same filters and order).'),
];

/** A token, or a session cookie (people, in the dashboard). */
const BEARER = [{ bearer: [] }, { session: [] }];
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const AUTH_ERRORS = {
  401: error('Not signed in and no token, or an invalid, expired or revoked one.'),
  403: error('Not an admin (role, or token scope), or a session request without its X-CSRF-Token.'),
};
const READ_ERRORS = {
  401: error('Not signed in and no token, or an invalid, expired or revoked one.'),
  403: error('The token has neither events:read nor siem:read.'),
};
const body = (name: keyof typeof schemas) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});

/** Create/list and get/update/delete of an admin resource. */
function adminResource(
  what: string,
  names: {
    create: keyof typeof schemas;
    update: keyof typeof schemas;
    one: keyof typeof schemas;
    list: keyof typeof schemas;
  },
  notes: { create: string; delete: string },
) {
  return {
    collection: {
      post: {
        summary: `Create a ${what} (admin)${notes.create}`,
        security: BEARER,
        requestBody: body(names.create),
        responses: {
          201: json(names.one, 'Created.'),
          400: error('Invalid field (named in `issues`).'),
          409: error(`The ${what} exists.`),
          ...AUTH_ERRORS,
        },
      },
      get: {
        summary: `List ${what}s (admin)`,
        security: BEARER,
        responses: { 200: json(names.list, `Every ${what}.`), ...AUTH_ERRORS },
      },
    },
    item: {
      get: {
        summary: `One ${what} (admin)`,
        security: BEARER,
        parameters: [ID],
        responses: {
          200: json(names.one, `The ${what}.`),
          404: error(`No such ${what}.`),
          ...AUTH_ERRORS,
        },
      },
      patch: {
        summary: `Change a ${what} (admin)`,
        security: BEARER,
        parameters: [ID],
        requestBody: body(names.update),
        responses: {
          200: json(names.one, 'Updated.'),
          400: error('Invalid field.'),
          404: error(`No such ${what}.`),
          409: error('It would leave no enabled admin.'),
          ...AUTH_ERRORS,
        },
      },
      delete: {
        summary: `Delete a ${what} (admin)${notes.delete}`,
        security: BEARER,
        parameters: [ID],
        responses: {
          204: { description: 'Deleted.' },
          404: error(`No such ${what}.`),
          409: error('It would leave no enabled admin.'),
          ...AUTH_ERRORS,
        },
      },
    },
  };
}

const NAME = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const OBJECT = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const OUTPUT_BODY = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        description:
          '`{name, type, enabled?, config, route?, delivery?}`: the JSON Schema of each type is in `GET /api/v1/output-types`; see docs/outputs/README.md and docs/outputs/<type>.md.',
      },
    },
  },
};
const DELIVERY_PATHS = {
  '/api/v1/outputs': {
    get: {
      summary:
        'Outputs (admin): settings with secrets masked, route, health (pending, dead, delivered, last success, last error, circuit)',
      security: BEARER,
      responses: { 200: OBJECT('`{items: [...]}`.'), ...AUTH_ERRORS },
    },
    post: {
      summary: 'Add an output (admin); its secrets are encrypted at rest',
      security: BEARER,
      requestBody: OUTPUT_BODY,
      responses: {
        201: OBJECT('Created (secrets masked).'),
        400: error('Invalid type, setting or route (named in `issues`).'),
        409: error('The name is taken.'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/outputs/{name}': {
    patch: {
      summary:
        'Change an output (admin); a masked secret sent back keeps its value; outputs of the config file may only be enabled or disabled',
      security: BEARER,
      parameters: [NAME],
      requestBody: OUTPUT_BODY,
      responses: {
        200: OBJECT('Updated.'),
        400: error('Invalid field.'),
        404: error('No such output.'),
        409: error('Defined in the configuration file.'),
        ...AUTH_ERRORS,
      },
    },
    delete: {
      summary: 'Delete an output and its deliveries (admin)',
      security: BEARER,
      parameters: [NAME],
      responses: {
        204: { description: 'Deleted.' },
        404: error('No such output.'),
        409: error('Defined in the configuration file.'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/output-types': {
    get: {
      summary:
        "Output types and the JSON Schema of each one's definition, for generated forms (admin); secret settings are `writeOnly`",
      security: BEARER,
      responses: { 200: json('OutputTypeList', 'Every output type.'), ...AUTH_ERRORS },
    },
  },
  '/api/v1/outputs/route-test': {
    post: {
      summary: 'Which outputs an example Falco event (the body) would go to (admin)',
      security: BEARER,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('FalcoEvent') } },
      },
      responses: {
        200: OBJECT('`{outputs: [names]}`.'),
        400: error('Invalid event.'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/outputs/{name}/test': {
    post: {
      summary: 'Store a test event and deliver it to this output through the real engine (admin)',
      security: BEARER,
      parameters: [NAME],
      responses: {
        202: json('IngestAck', 'Stored; see /api/v1/events/{id}/deliveries.'),
        404: error('No enabled output of that name.'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/deliveries': {
    get: {
      summary: 'Deliveries, newest first (admin)',
      security: BEARER,
      parameters: [
        query(
          'status',
          '`pending`, `acking` (accepted, waiting for an indexer acknowledgement), `delivered`, `dead`, or `failed` (pending after a failed attempt).',
          {
            type: 'string',
            enum: ['pending', 'acking', 'delivered', 'dead', 'failed'],
          },
        ),
        query('output', 'An output name.'),
        query('limit', '1–1000 (default 100).', { type: 'integer' }),
        query('before', 'The last id of the previous page.'),
      ],
      responses: { 200: OBJECT('`{items: [...]}`.'), 400: error('Invalid query.'), ...AUTH_ERRORS },
    },
  },
  '/api/v1/deliveries/{id}/replay': {
    post: {
      summary: 'Send a dead delivery again, with a fresh attempt budget (admin)',
      security: BEARER,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: OBJECT('`{requeued: 1}`.'),
        404: error('No such delivery.'),
        409: error('Not dead.'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/deliveries/replay': {
    post: {
      summary:
        'Send every dead delivery again, or those of one output (`{"output": name}`) (admin)',
      security: BEARER,
      responses: { 200: OBJECT('`{requeued: n}`.'), 400: error('Invalid body.'), ...AUTH_ERRORS },
    },
  },
  '/api/v1/events/{id}/deliveries': {
    get: {
      summary: 'Where an event went, with every attempt (anyone who may read the event)',
      security: BEARER,
      parameters: [ID],
      responses: {
        200: OBJECT('`{items: [{output, status, attempts, attempts_log: [...]}, …]}`.'),
        404: error("No such event, or not one of the reader's teams."),
        ...READ_ERRORS,
      },
    },
  },
};

const TRIAGE_ERRORS = {
  401: error('Not signed in and no token, or an invalid, expired or revoked one.'),
  403: error(
    'A viewer, or a token without the admin scope (triage needs analyst or admin), or a session request without its X-CSRF-Token.',
  ),
};
const GROUP_NOT_FOUND = error("No such group, or not one of the caller's teams.");
/** Triage of alert groups (the list is `GET /api/v1/groups`). */
const TRIAGE_PATHS = {
  '/api/v1/groups/{id}': {
    get: {
      summary: 'One alert group, with its all-time totals and triage state',
      security: BEARER,
      parameters: [ID],
      responses: { 200: json('AlertGroup', 'The group.'), 404: GROUP_NOT_FOUND, ...READ_ERRORS },
    },
    patch: {
      summary:
        'Triage a group (analyst, admin): status and/or assignee. Resolving it resolves its PagerDuty incident',
      security: BEARER,
      parameters: [ID],
      requestBody: body('UpdateGroup'),
      responses: {
        200: json('AlertGroup', 'The group as it is now (unchanged if it already was so).'),
        400: error('Invalid field; `assignee` must be an enabled user.'),
        404: GROUP_NOT_FOUND,
        ...TRIAGE_ERRORS,
      },
    },
  },
  '/api/v1/groups/{id}/activity': {
    get: {
      summary: "A group's comments and history (status, assignee, reopenings), oldest first",
      security: BEARER,
      parameters: [
        ID,
        query('limit', 'Page size, 1–1000 (default 100).', {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
        }),
        query('cursor', 'The `next_cursor` of the previous page.'),
      ],
      responses: {
        200: json('GroupActivityPage', 'A page of activity.'),
        400: error('Invalid query.'),
        404: GROUP_NOT_FOUND,
        ...READ_ERRORS,
      },
    },
  },
  '/api/v1/groups/{id}/comments': {
    post: {
      summary: 'Comment on a group (analyst, admin)',
      security: BEARER,
      parameters: [ID],
      requestBody: body('CreateComment'),
      responses: {
        201: json('GroupActivity', 'The comment, as its activity shows it.'),
        400: error('Empty, longer than 10 000 characters, or holding U+0000.'),
        404: GROUP_NOT_FOUND,
        ...TRIAGE_ERRORS,
      },
    },
  },
  '/api/v1/assignees': {
    get: {
      summary:
        "Who groups can be assigned to (analyst, admin): enabled analysts and admins; for a team member, the admins and their teams' people",
      security: BEARER,
      responses: {
        200: json('Assignees', 'Usernames, sorted.'),
        ...TRIAGE_ERRORS,
      },
    },
  },
  '/api/v1/groups/bulk': {
    post: {
      summary:
        "Triage many groups (analyst, admin): by `ids` (≤ 1000; those the caller cannot see are skipped) or every group `filter` selects within the caller's teams (≤ 10 000, else 400)",
      security: BEARER,
      requestBody: body('BulkUpdateGroups'),
      responses: {
        200: json('BulkUpdateResult', 'How many groups changed.'),
        400: error('Invalid field, or the filter selects more than 10 000 groups.'),
        ...TRIAGE_ERRORS,
      },
    },
  },
};

const USERS = adminResource(
  'user',
  { create: 'CreateUser', update: 'UpdateUser', one: 'User', list: 'UserList' },
  { create: '; the password is stored as argon2id', delete: '; their sessions end' },
);
const TEAMS = adminResource(
  'team',
  { create: 'CreateTeam', update: 'UpdateTeam', one: 'Team', list: 'TeamList' },
  { create: ': the namespaces (`<cluster glob>/<namespace glob>`) its members see', delete: '' },
);

const AUDIT_PAGE = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string' },
          actor: {
            type: 'string',
            description: '`user:<name>`, `token:<id>`, `cli`, `anonymous`.',
          },
          action: {
            type: 'string',
            description: '`auth.login`, `auth.denied`, `token.create`, `output.update`, …',
          },
          target: { type: ['string', 'null'] },
          source_ip: { type: ['string', 'null'] },
          before: {},
          after: {},
          hash: {
            type: 'string',
            description: 'SHA-256 (hex) of the previous hash and this entry.',
          },
        },
      },
    },
  },
};

const falcoBody = {
  required: true,
  content: { 'application/json': { schema: ref('FalcoEvent') } },
};

/** The OpenAPI 3.1 document of the API, built from the zod contracts; docs/openapi.json is its copy. */
export function buildOpenApi(): Schema {
  const components: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    components[name] = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
    delete components[name]['$schema'];
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aerie API',
      version: '1',
      description:
        'Falco events in (Falcosidekick-compatible), durably stored, queryable. A 200 on ingest means the event is committed.',
    },
    paths: {
      '/': {
        post: {
          summary: 'Ingest one Falco event (Falco http_output, Falcosidekick compatible)',
          requestBody: falcoBody,
          responses: {
            200: json('IngestAck', 'Stored and committed.'),
            400: error('Invalid event; `issues` names each field.'),
            401: error(
              'ingest.requireToken is on and no valid token was sent (Bearer or ?token=).',
            ),
            403: error('The token lacks events:ingest.'),
            413: error('Body larger than ingest.bodyLimit.'),
            429: error('Over ingest.rateLimit for this address; see Retry-After.'),
            503: error('Database unavailable; nothing stored, send again.'),
          },
        },
      },
      '/test': {
        post: {
          summary: 'Store a test event (rule `Test rule`, priority Debug, source `internal`)',
          responses: { 200: json('IngestAck', 'Stored.') },
        },
      },
      '/api/v1/events': {
        post: {
          summary: 'Ingest many events: a JSON array or NDJSON (application/x-ndjson)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'array', items: ref('FalcoEvent') } },
              'application/x-ndjson': {
                schema: { type: 'string', description: 'One Falco event per line.' },
              },
            },
          },
          responses: {
            200: json('BatchIngestResult', 'All stored.'),
            207: json(
              'BatchIngestResult',
              'Some stored; `errors` says why each other one was refused.',
            ),
            400: json('BatchIngestResult', 'None stored (or the body itself is invalid: Error).'),
            413: error('Body larger than ingest.bodyLimit.'),
            503: error('Database unavailable; nothing stored.'),
          },
        },
        get: {
          summary: 'List events, filtered, with keyset pagination',
          security: BEARER,
          parameters: [...FILTERS, ...PAGING],
          responses: {
            200: json('EventPage', "A page of events (only those of the reader's teams)."),
            400: error('Invalid query parameter.'),
            ...READ_ERRORS,
          },
        },
      },
      '/api/v1/events/{id}': {
        get: {
          summary: 'One event, with the payload exactly as received (`raw`)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          security: BEARER,
          responses: {
            200: json('EventDetail', 'The event.'),
            404: error("No such event, or not one of the reader's teams."),
            ...READ_ERRORS,
          },
        },
      },
      '/api/v1/groups': {
        get: {
          summary: 'Alert groups (one per fingerprint), counted over the matching events',
          security: BEARER,
          parameters: [
            ...FILTERS,
            query(
              'status',
              'Triage statuses (comma-separated): `new`, `acknowledged`, `resolved`, `false_positive`.',
            ),
            query('assignee', 'A username, or `none` for groups assigned to nobody.'),
            ...PAGING,
          ],
          responses: {
            200: json('GroupPage', 'A page of groups, most recently seen first.'),
            400: error('Invalid query.'),
            ...READ_ERRORS,
          },
        },
      },
      '/api/v1/stats': {
        get: {
          summary:
            'Counts by priority, rule, source, hostname, tag, cluster, namespace, boundary, and a histogram',
          parameters: [
            ...FILTERS,
            query('bucket', 'Histogram bucket (`1m`, `1h`, `1d`…) or `auto` (default).'),
            query('top', 'Values per dimension, 1–1000 (default 20).', { type: 'integer' }),
          ],
          security: BEARER,
          responses: {
            200: json('Stats', "Statistics over the reader's events."),
            400: error('Invalid query.'),
            ...READ_ERRORS,
          },
        },
      },
      '/api/v1/tokens': {
        post: {
          summary: 'Create an API token (admin). The response is the only time the secret is shown',
          security: BEARER,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CreateToken') } },
          },
          responses: {
            201: json('CreatedToken', 'Created; `token` is the secret.'),
            400: error('Invalid field.'),
            ...AUTH_ERRORS,
          },
        },
        get: {
          summary: 'List API tokens (admin), without secrets',
          security: BEARER,
          responses: {
            200: json('TokenList', 'Every token, revoked ones included.'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/v1/tokens/{id}': {
        get: {
          summary: 'One API token (admin)',
          security: BEARER,
          parameters: [ID],
          responses: {
            200: json('Token', 'The token.'),
            404: error('No such token.'),
            ...AUTH_ERRORS,
          },
        },
        patch: {
          summary: 'Rename, rescope, re-pin or change the expiry of a token (admin)',
          security: BEARER,
          parameters: [ID],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('UpdateToken') } },
          },
          responses: {
            200: json('Token', 'Updated.'),
            400: error('Invalid field.'),
            404: error('No such token.'),
            ...AUTH_ERRORS,
          },
        },
        delete: {
          summary: 'Revoke a token (admin): it stops working at once and stays listed',
          security: BEARER,
          parameters: [ID],
          responses: {
            200: json('Token', 'Revoked.'),
            404: error('No such token.'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/v1/auth/login': {
        post: {
          summary:
            'Sign in with a password: sets the HttpOnly session cookie `aerie_session` (application/json only)',
          requestBody: body('Login'),
          responses: {
            200: json('Me', 'Signed in; keep `csrf_token` for state-changing requests.'),
            400: error('Invalid field.'),
            401: error('Wrong username or password.'),
            415: error('Not application/json.'),
            429: error(
              '`too_many_attempts` from this address, or `account_locked`; see Retry-After.',
            ),
          },
        },
      },
      '/api/v1/auth/logout': {
        post: {
          summary: 'End the session (send X-CSRF-Token)',
          responses: {
            204: { description: 'Signed out; the cookie is cleared.' },
            403: error('No or wrong X-CSRF-Token.'),
          },
        },
      },
      '/api/v1/auth/me': {
        get: {
          summary: 'Who the session or token is: role, teams, scopes',
          security: BEARER,
          responses: { 200: json('Me', 'The principal.'), 401: error('Not signed in.') },
        },
      },
      '/api/v1/auth/providers': {
        get: {
          summary: 'How one may sign in: password, and single sign-on when configured',
          responses: { 200: json('AuthProviders', 'The sign-in methods.') },
        },
      },
      '/api/v1/auth/oidc/login': {
        get: {
          summary:
            'Single sign-on: redirect (302) to the OpenID Connect provider (authorization code + PKCE)',
          parameters: [
            query('return_to', 'A path on this site to land on once signed in (default /).'),
          ],
          responses: {
            302: { description: 'To the provider; sets the 10-minute cookie `aerie_oidc`.' },
            400: error('`invalid_return_to`.'),
            404: error('`oidc_not_configured`.'),
            503: error('`oidc_unavailable`: the provider cannot be reached; see Retry-After.'),
          },
        },
      },
      '/api/v1/auth/oidc/callback': {
        get: {
          summary:
            'Where the provider sends the browser back: checks the answer, maps groups to a role and teams, starts a session',
          parameters: [query('code', 'From the provider.'), query('state', 'From the provider.')],
          responses: {
            302: { description: 'Signed in (`aerie_session`); to return_to or /.' },
            400: error(
              '`oidc_state_mismatch`, `oidc_provider_error`, `oidc_code_refused`, `oidc_invalid_token`.',
            ),
            403: error(
              '`oidc_no_role`, `oidc_access_denied`, `oidc_missing_claim`, `oidc_bad_username`, `oidc_bad_groups`, `account_disabled`.',
            ),
            404: error('`oidc_not_configured`.'),
            409: error('`username_taken`: a local account has that username.'),
            503: error('`oidc_unavailable`.'),
          },
        },
      },
      ...DELIVERY_PATHS,
      ...TRIAGE_PATHS,
      ...siemPaths(FILTERS),
      '/api/v1/users': USERS.collection,
      '/api/v1/users/{id}': USERS.item,
      '/api/v1/teams': TEAMS.collection,
      '/api/v1/teams/{id}': TEAMS.item,
      '/api/v1/audit': {
        get: {
          summary: 'The audit trail (admin), newest first',
          security: BEARER,
          parameters: [
            query('limit', '1–1000 (default 100).', { type: 'integer' }),
            query('before', 'Entries with a smaller seq: the last seq of the previous page.', {
              type: 'integer',
            }),
            query('actor', "Only this actor's entries (exact), e.g. `user:alice`, `token:<id>`."),
            query('action', 'Only this action (exact), e.g. `output.update`.'),
          ],
          responses: {
            200: {
              description:
                'Entries: seq, at, actor, action, target, source_ip, before, after, hash.',
              content: { 'application/json': { schema: AUDIT_PAGE } },
            },
            400: error('Invalid query.'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/v1/audit/verify': {
        get: {
          summary: "Recompute the audit log's hash chain (admin)",
          security: BEARER,
          responses: {
            200: {
              description:
                '`{ok: true, entries, head}` or `{ok: false, entries, brokenAt, reason}`.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...AUTH_ERRORS,
          },
        },
      },
      '/healthz': {
        get: { summary: 'Liveness', responses: { 200: { description: '`{"status":"ok"}`' } } },
      },
      '/ping': {
        get: {
          summary: 'Liveness (Falcosidekick compatible): `pong`',
          responses: { 200: { description: 'pong' } },
        },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: the database answers',
          responses: {
            200: { description: 'Ready.' },
            503: { description: 'Database unavailable.' },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { 200: { description: 'Text exposition format.' } },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An Aerie API token (`aerie_…`); ingest also takes it as `?token=`.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'aerie_session',
          description:
            'The session of POST /api/v1/auth/login; state-changing requests also need the X-CSRF-Token header.',
        },
      },
    },
  };
}
