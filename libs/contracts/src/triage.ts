import { z } from 'zod';
import { pageSchema } from './event.js';
import { GroupStatusSchema } from './triage-status.js';

/** Triage of alert groups: `/api/v1/groups/{id}`, its activity and comments, bulk changes. */

/** Characters of one comment. */
export const COMMENT_MAX = 10_000;
/** Groups named by id in one bulk request. */
export const BULK_IDS_MAX = 1000;
/**
 * Groups one bulk request on a filter may change: past it the request is refused whole (narrow
 * the filter) rather than half applied.
 */
export const BULK_FILTER_MAX = 10_000;

const NO_NUL = (s: string) => !s.includes('\u0000');

/** A username; null unassigns. Checked against the enabled users by the API. */
const AssigneeSchema = z
  .string()
  .min(1, 'must be a username, or null to unassign')
  .max(128)
  .nullable()
  .describe('Username of an enabled user, or null to unassign.');

/** `PATCH /api/v1/groups/{id}`. */
export const UpdateGroupSchema = z
  .strictObject({
    status: GroupStatusSchema.optional(),
    assignee: AssigneeSchema.optional(),
  })
  .refine((v) => v.status !== undefined || v.assignee !== undefined, {
    message: 'send status, assignee or both',
    path: ['status'],
  });
export type UpdateGroup = z.infer<typeof UpdateGroupSchema>;

/** `POST /api/v1/groups/{id}/comments`. */
export const CreateCommentSchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(COMMENT_MAX, `must be at most ${COMMENT_MAX} characters`)
    .refine(NO_NUL, 'must not contain U+0000 (NUL)'),
});
export type CreateComment = z.infer<typeof CreateCommentSchema>;

/**
 * `POST /api/v1/groups/bulk`: the groups by `ids`, or every group `filter` selects (the query
 * keys of `GET /api/v1/groups`, values as strings or lists, without paging), within what the
 * caller may see.
 */
export const BulkUpdateGroupsSchema = z
  .strictObject({
    ids: z
      .array(z.uuid('must be a group id'))
      .min(1, 'must name at least one group')
      .max(BULK_IDS_MAX, `must name at most ${BULK_IDS_MAX} groups`)
      .optional(),
    filter: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .describe(
        'Query keys of GET /api/v1/groups, e.g. {"namespace": "payments", "status": "new"}.',
      )
      .optional(),
    status: GroupStatusSchema.optional(),
    assignee: AssigneeSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.ids === undefined) === (v.filter === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'send either ids or filter' });
    }
    if (v.status === undefined && v.assignee === undefined) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'send status, assignee or both' });
    }
  });
export type BulkUpdateGroups = z.infer<typeof BulkUpdateGroupsSchema>;

export const BulkUpdateResultSchema = z.object({
  updated: z
    .number()
    .int()
    .nonnegative()
    .describe('Groups whose status or assignee changed (those already so are not counted).'),
});
export type BulkUpdateResult = z.infer<typeof BulkUpdateResultSchema>;

export const GROUP_ACTIVITY_KINDS = ['comment', 'status', 'assignee', 'reopened'] as const;
export type GroupActivityKind = (typeof GROUP_ACTIVITY_KINDS)[number];

/** One line of a group's history: a comment, a change, or a reopening by a new event. */
export const GroupActivitySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z
    .string()
    .nullable()
    .describe('Username, `token:<name>` for a token, null for Aerie itself (a reopening event).'),
  kind: z.enum(GROUP_ACTIVITY_KINDS),
  body: z.string().nullable().describe('The comment (kind `comment`).'),
  from: z
    .string()
    .nullable()
    .describe('Status or assignee before (kinds status, assignee, reopened).'),
  to: z.string().nullable().describe('Status or assignee after.'),
});
export type GroupActivity = z.infer<typeof GroupActivitySchema>;

/** Oldest first; follow `next_cursor` for more. */
export const GroupActivityPageSchema = pageSchema(GroupActivitySchema);
export type GroupActivityPage = z.infer<typeof GroupActivityPageSchema>;

/** `GET /api/v1/assignees`: who the caller may assign a group to (enabled analysts and admins). */
export const AssigneesSchema = z.object({ items: z.array(z.string()) });
export type Assignees = z.infer<typeof AssigneesSchema>;
