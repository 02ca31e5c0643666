import { z } from 'zod';

import { ERROR_CODES } from '../errors';

/** A request or response pair for one channel. */
export type ChannelSpec<Req extends z.ZodType, Res extends z.ZodType> = {
  readonly request: Req;
  readonly response: Res;
};

export function channel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): ChannelSpec<Req, Res> {
  return { request, response };
}

export const Empty = z.object({}).strict();

export const IpcErrorSchema = z
  .object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    retryable: z.boolean(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    detail: z.string().optional(),
  })
  .strict();

export const JobKind = z.enum(['demo', 'connect', 'snapshot', 'scan', 'export']);
export type JobKind = z.infer<typeof JobKind>;

export const JobHandle = z.object({ jobId: z.string().min(1), kind: JobKind }).strict();
export type JobHandle = z.infer<typeof JobHandle>;

export const JobRef = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const JobStatus = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

/** Progress of a long job, throttled to about ten events a second by the job runner. */
export const JobProgress = z
  .object({
    jobId: z.string(),
    kind: JobKind,
    phase: z.string(),
    completed: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
    bytesDone: z.number().nonnegative().optional(),
    bytesTotal: z.number().nonnegative().nullable().optional(),
    /** Display-safe relative path; attacker-chosen, render with UntrustedText. */
    currentItem: z.string().optional(),
    etaSeconds: z.number().nonnegative().nullable().optional(),
  })
  .strict();
export type JobProgress = z.infer<typeof JobProgress>;

export const JobSnapshot = z
  .object({
    jobId: z.string(),
    kind: JobKind,
    status: JobStatus,
    startedAt: z.string(),
    progress: JobProgress.nullable(),
    result: z.unknown().optional(),
    error: IpcErrorSchema.optional(),
  })
  .strict();
export type JobSnapshot = z.infer<typeof JobSnapshot>;
